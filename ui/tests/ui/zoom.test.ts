// 200% zoom (WCAG 1.4.4 and 1.4.10): the 1280×800 window at 200% is a 640×400 CSS-pixel
// viewport drawn at device scale factor 2. The page must not scroll sideways and the main
// controls of each screen must be on screen and usable.
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startHarness, type Harness } from "./browser";
import { callsTo, inspections, newContext, openIn, safView, templates } from "./fixtures";
import { actionsDueFrom, WORKFLOW_BACKEND, type WorkflowData } from "./workflow";
import type { Route } from "../../src/lib/route.svelte";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const WIDTH = 640;
const HEIGHT = 400;

function data(): WorkflowData {
  return { templates: templates(), inspections: inspections(), views: { 1: safView() }, actions: actionsDueFrom() };
}

async function openZoomed(route: Route): Promise<Page> {
  const context = await newContext(h, { viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 2 });
  return openIn(context, h, WORKFLOW_BACKEND, data(), route);
}

/** How far the page itself scrolls sideways, in CSS pixels (0 when it does not). */
function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Brought into view, the control lies wholly inside the viewport and would take a click. */
async function expectUsable(control: Locator) {
  await control.scrollIntoViewIfNeeded();
  expect(await control.isVisible()).toBe(true);
  const box = await control.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(WIDTH);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height).toBeLessThanOrEqual(HEIGHT);
  // Actionability checks only (visible, stable, enabled, not covered by anything else).
  await control.click({ trial: true, timeout: 3_000 });
}

test("the zoomed viewport is 640×400 CSS pixels at device scale factor 2", async () => {
  const page = await openZoomed({ name: "home" });
  expect(await page.evaluate(() => [window.innerWidth, window.innerHeight, window.devicePixelRatio])).toEqual([WIDTH, HEIGHT, 2]);
});

test("home at 200%: no sideways scrolling, and New inspection is on screen and works", async () => {
  const page = await openZoomed({ name: "home" });
  const button = page.getByTestId("new-inspection");
  await button.waitFor();
  await page.getByTestId("inspections").waitFor();
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(1);
  await expectUsable(button);
  await button.click();
  await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("New inspection");
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(1);
});

test("inspection at 200%: no sideways scrolling, and the first answer and Next are on screen and work", async () => {
  const page = await openZoomed({ name: "inspection", id: 1 });
  await page.getByTestId("item-title").waitFor();
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(1);

  const first = page.getByTestId("item").locator("button[data-testid^='answer-']").first();
  await expectUsable(first);
  await first.click();
  await expect.poll(() => callsTo(page, "answer")).toEqual([{ id: 1, itemId: "safe.learning-culture", answer: { kind: "level", value: 1 } }]);

  const next = page.getByRole("button", { name: /^Next/ });
  await expectUsable(next);
  await next.click();
  await expect.poll(() => page.getByTestId("item-title").textContent()).toBe("Safe systems, pathways and transitions");
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(1);
});

test("actions at 200%: no sideways scrolling, and a status select is on screen and works", async () => {
  const page = await openZoomed({ name: "actions" });
  await page.getByTestId("actions").waitFor();
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(1);

  const status = page.getByTestId("action-row").first().locator("select");
  await expectUsable(status);
  await status.selectOption("completed");
  await expect.poll(() => callsTo(page, "update_action")).toEqual([{ id: 1, change: { status: "completed" } }]);
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(1);
});

test("actions at 200%: the filters are on screen and usable too", async () => {
  const page = await openZoomed({ name: "actions" });
  await page.getByTestId("actions").waitFor();
  for (const label of ["Owner", "Service", "Due by"]) await expectUsable(page.getByLabel(label));
  await expectUsable(page.getByLabel("Status", { exact: true }));
  await expectUsable(page.getByLabel("Priority", { exact: true }));
});
