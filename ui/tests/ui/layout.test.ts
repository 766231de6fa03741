// Layout at the desktop window size the screenshots use (1280×800).
import { afterAll, beforeAll, expect, test } from "vitest";
import { startHarness, type Harness } from "./browser";
import { BACKEND, inspections, open, safView, templates } from "./fixtures";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

test("at 1280×800 the content keeps a gutter from both window edges", async () => {
  const page = await open(h, BACKEND, { templates: templates(), inspections: inspections(), views: { 1: safView() } }, { name: "inspection", id: 1 });
  await page.getByTestId("item-title").waitFor();
  const box = await page.locator("main").boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(16);
  expect(1280 - (box!.x + box!.width)).toBeGreaterThanOrEqual(16);
});
