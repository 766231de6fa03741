// Template text, names, notes and explanations are shown as text, never run as HTML: a
// template file can come from anyone, so markup in it must stay inert on every screen.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { InspectionView } from "../../src/lib/bindings";
import { startHarness, type Harness } from "./browser";
import { BACKEND, open, safView } from "./fixtures";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const IMG = (n: number) => `<img src=x onerror="window.__PWNED__=${n}">`;
const SCRIPT = (n: number) => `<script>window.__PWNED__=${n}</script>`;

const TITLE = `${IMG(1)}Learning <b>culture</b>`;
const PROMPTS = [`${SCRIPT(2)}Are incidents reported promptly?`, `${IMG(3)}`, "Plain & <simple>"];
const DESCRIPTOR = `${IMG(4)}Staff report incidents <i>confidently</i>`;
const LEVEL = `Good ${SCRIPT(5)}standard`;
const SECTION = `Safe ${IMG(6)}`;
const SERVICE = `Ward 7 ${IMG(7)}`;
const NOTE = `${SCRIPT(8)}Seen at huddle`;
const EXPLANATION = `Safe: ${IMG(9)} 18 of 32 points`;

/** The SAF inspection with markup in every piece of text a template or a user supplies. */
function hostile(): InspectionView {
  const view = safView();
  const section = view.template.sections[0];
  section.title = SECTION;
  const item = section.items[0];
  item.title = TITLE;
  item.prompts = PROMPTS;
  item.descriptors = { ...item.descriptors, "3": DESCRIPTOR };
  view.template.scales[0].levels[2].label = LEVEL;
  view.inspection.service = SERVICE;
  view.notes.push({ itemId: item.id, text: NOTE, updatedAt: "2026-11-22T09:00:00Z" });
  view.score.sections[0].title = SECTION;
  view.score.sections[0].explanation = EXPLANATION;
  view.score.overall.explanation = `Overall: ${SCRIPT(10)}`;
  return view;
}

test("markup in template text, names, notes and explanations is shown literally and never runs", async () => {
  const page = await open(h, BACKEND, { views: { 1: hostile() } }, { name: "inspection", id: 1 });
  await page.getByTestId("item-title").waitFor();
  for (const summary of await page.locator("summary").all()) await summary.click();

  expect(await page.getByTestId("item-title").textContent()).toBe(TITLE);
  expect(await page.getByTestId("prompts").locator("li").allTextContents()).toEqual(PROMPTS);
  const three = (await page.getByTestId("answer-3").textContent()) ?? "";
  expect(three).toContain(DESCRIPTOR);
  expect(three).toContain(`3 ${LEVEL}`);
  expect(await page.getByTestId("inspection-title").textContent()).toContain(SERVICE);
  expect(await page.getByTestId("note").inputValue()).toBe(NOTE);
  expect(await page.getByTestId("item").textContent()).toContain(SECTION);
  expect(await page.getByRole("navigation", { name: "Sections and items" }).textContent()).toContain(SECTION);
  // Safe is still being answered: its explanation is of the score once every item is answered.
  expect(await page.getByTestId("section-explanation").first().textContent()).toBe(`When every item is answered: ${EXPLANATION}`);
  expect(await page.getByTestId("overall-explanation").textContent()).toBe(`Overall: ${SCRIPT(10)}`);

  expect(await page.locator("main").locator("img, script, b, i, simple").count()).toBe(0);
  // Give any injected handler time to fire before checking that none did.
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as { __PWNED__?: number }).__PWNED__)).toBeUndefined();
});
