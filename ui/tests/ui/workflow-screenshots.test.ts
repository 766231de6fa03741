// Screenshots of the actions, sign-off and compare screens for the documentation
// (docs/screenshots), at 1280×800 with data written by the real CLI (generate-workflow.sh).
// As in screenshots.test.ts, each test first checks the screen shows what the picture claims.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startHarness, type Harness } from "./browser";
import { newContext, openIn, SCREENSHOTS, templates } from "./fixtures";
import {
  actionsDueFrom,
  comparison,
  completeView,
  WORKFLOW_BACKEND,
  workflowInspections,
  type WorkflowData,
} from "./workflow";
import type { Route } from "../../src/lib/route.svelte";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

function data(): WorkflowData {
  const complete = completeView();
  return {
    templates: templates(),
    inspections: workflowInspections(),
    views: { [complete.inspection.id]: complete },
    actions: actionsDueFrom(),
    comparison: comparison(),
  };
}

/** The app as a UK user sees it. */
async function openUk(route: Route) {
  return openIn(await newContext(h, { locale: "en-GB", timezoneId: "Europe/London" }), h, WORKFLOW_BACKEND, data(), route);
}

/** A PNG of the 1280×800 viewport. */
function expectScreenshot(path: string) {
  const png = readFileSync(path);
  expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  expect(png.readUInt32BE(16)).toBe(1280);
  expect(png.readUInt32BE(20)).toBe(800);
}

test("actions.png: actions across three wards, two of them overdue", async () => {
  const page = await openUk({ name: "actions" });
  await page.getByTestId("actions").waitFor();
  expect(await page.getByTestId("action-row").count()).toBe(6);
  expect(await page.getByTestId("overdue").count()).toBe(2);
  await page.evaluate(() => window.scrollTo(0, 0));

  const path = join(SCREENSHOTS, "actions.png");
  await page.screenshot({ path });
  expectScreenshot(path);
});

test("sign-off.png: Ward 3's completed self-assessment, inspector and reviewer filled in", async () => {
  const page = await openUk({ name: "sign-off", id: completeView().inspection.id });
  await page.getByTestId("sign-off-form").waitFor();
  await page.getByLabel("Inspector").fill("Chidi Mensah");
  await page.getByLabel("Reviewer").fill("Grace Adeyemi");
  await page.getByLabel("Reviewer").blur();
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Sign off");
  await page.evaluate(() => window.scrollTo(0, 0));

  const path = join(SCREENSHOTS, "sign-off.png");
  await page.screenshot({ path });
  expectScreenshot(path);
});

test("compare.png: two inspectors' scores of Ward 7, agreement and biggest differences", async () => {
  const page = await openUk({ name: "compare" });
  await expect.poll(() => page.locator("#compare-a option").count()).toBeGreaterThan(2);
  await page.getByLabel("First inspection").selectOption("1");
  await page.getByLabel("Second inspection").selectOption("2");
  await page.getByRole("button", { name: "Compare" }).click();
  await page.getByTestId("differences").waitFor();
  expect(await page.getByTestId("kappa").textContent()).toContain("0.13");
  expect(await page.getByTestId("differences").locator("tbody tr").count()).toBe(5);
  // Show the choice and the result: from the form down, with nothing focused.
  await page.getByRole("button", { name: "Compare" }).blur();
  await page.getByTestId("compare-form").evaluate((f) => window.scrollTo(0, f.getBoundingClientRect().top + window.scrollY - 16));
  await page.mouse.move(0, 0);

  const path = join(SCREENSHOTS, "compare.png");
  await page.screenshot({ path });
  expectScreenshot(path);
});
