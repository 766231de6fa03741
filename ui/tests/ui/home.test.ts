// The home screen in Chromium with mocked IPC: listing, text-only rendering of template
// text, backend errors shown as messages, and no accessibility violations.
import AxeBuilder from "@axe-core/playwright";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openApp, startHarness, type Harness } from "./browser";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const TEMPLATES = [
  {
    id: "cqc-saf-mh-ward",
    version: "1.0",
    title: "CQC single assessment framework",
    description: "34 quality statements",
    shipped: true,
    importedAt: "2026-11-22T08:00:00Z",
  },
  {
    id: "evil",
    version: "2.1",
    title: '<img src=x onerror="window.__PWNED__=1"><script>window.__PWNED__=2</script>Ward <b>audit</b>',
    description: "<i>not italic</i>",
    shipped: false,
    importedAt: "2026-11-22T09:00:00Z",
  },
];

const LIST = `{ list_templates: () => window.__DATA__, list_inspections: () => [] }`;

test("lists every template the backend returns, in order", async () => {
  const page = await openApp(h, LIST, TEMPLATES);
  await page.getByTestId("templates").waitFor();
  const titles = await page.getByTestId("template-title").allTextContents();
  expect(titles).toEqual(TEMPLATES.map((t) => t.title));
  await expect(page.locator("caption").textContent()).resolves.toContain("2 template versions");
  const calls = await page.evaluate(() => window.__KEYLINE_CALLS__?.map((c) => c.cmd).sort());
  expect(calls).toEqual(["list_inspections", "list_templates"]);
});

test("template text with markup is shown as text, never run as HTML", async () => {
  const page = await openApp(h, LIST, TEMPLATES);
  await page.getByTestId("templates").waitFor();
  const row = page.getByTestId("template-row").nth(1);
  await expect(row.locator("img, script, b, i").count()).resolves.toBe(0);
  await expect(row.textContent()).resolves.toContain("<b>audit</b>");
  await expect(page.evaluate(() => (window as { __PWNED__?: number }).__PWNED__)).resolves.toBeUndefined();
});

test("a backend error is shown with its message and can be retried", async () => {
  const failing = `{ list_templates: () => { throw { code: "busy", message: "The database is busy; try again" }; }, list_inspections: () => [] }`;
  const page = await openApp(h, failing);
  const message = page.getByTestId("error-message");
  await message.waitFor();
  await expect(message.textContent()).resolves.toBe("The database is busy; try again");
  await page.evaluate(() => {
    window.__KEYLINE_MOCK__ = { list_templates: () => [], list_inspections: () => [] };
  });
  await page.getByRole("button", { name: "Try again" }).click();
  await page.getByTestId("no-inspections").waitFor();
});

test("the home screen has no accessibility violations", async () => {
  const page = await openApp(h, LIST, TEMPLATES);
  await page.getByTestId("templates").waitFor();
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
