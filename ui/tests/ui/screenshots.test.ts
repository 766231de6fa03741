// Screenshots for the documentation (docs/screenshots), taken from the built UI with realistic
// data: the SAF template, part answered, with notes. Each test also checks the screen is the
// one the picture claims to show, so a broken screen fails rather than being photographed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startHarness, type Harness } from "./browser";
import {
  BACKEND,
  board,
  callsTo,
  inspections,
  newContext,
  openIn,
  safScoreAnswered,
  safView,
  savedWithProblems,
  SCREENSHOTS,
  templateDraft,
  templates,
  withHandlers,
  type MockData,
} from "./fixtures";
import type { Route } from "../../src/lib/route.svelte";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** The app as a UK user sees it (dates as 20/11/2026). */
async function openUk(data: MockData, route: Route, handlers = BACKEND) {
  return openIn(await newContext(h, { locale: "en-GB", timezoneId: "Europe/London" }), h, handlers, data, route);
}

/** A PNG of the 1280×800 viewport. */
function expectScreenshot(path: string) {
  const png = readFileSync(path);
  expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  expect(png.readUInt32BE(16)).toBe(1280);
  expect(png.readUInt32BE(20)).toBe(800);
}

test("new-inspection.png: the form filled in for a mock inspection of Ward 7", async () => {
  const page = await openUk({ templates: templates(), inspections: inspections() }, { name: "new-inspection" });
  const select = page.getByLabel("Template");
  await expect.poll(() => page.locator("#template option").count()).toBe(templates().length);
  await select.selectOption("cqc-saf-mh-ward@2.0");
  await page.getByLabel("Service or ward").fill("Ward 7");
  await page.getByLabel("Site").fill("Riverside Hospital");
  await page.getByLabel("Trust").fill("North Valley NHS Foundation Trust");
  await page.getByLabel("Mock inspection").check();
  await page.getByLabel("Date of the inspection").fill("20/11/2026");
  await page.getByLabel("Inspection team").fill("A. Okafor, B. Nowak");
  await page.getByLabel("Inspection team").blur();
  await page.evaluate(() => window.scrollTo(0, 0));
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("New inspection");

  const path = join(SCREENSHOTS, "new-inspection.png");
  await page.screenshot({ path });
  expectScreenshot(path);
});

test("inspection.png: Ward 7 part answered, first statement just scored with a note", async () => {
  const data = { templates: templates(), inspections: inspections(), views: { 1: safView() }, answerScores: { 1: safScoreAnswered() } };
  const page = await openUk(data, { name: "inspection", id: 1 });
  await page.getByTestId("item-title").waitFor();
  await page.keyboard.press("3");
  await page.keyboard.press("t");
  await page.keyboard.type("Incident reviews seen at two huddles; staff named the change to falls checks.");
  await page.keyboard.press("Escape");
  await expect.poll(() => callsTo(page, "save_note")).toHaveLength(1);
  await expect.poll(() => page.getByTestId("save-state").textContent()).toContain("Saved");
  // Safe has one statement still to answer: not rated yet, 7 of its 8 answered.
  const safe = page.getByTestId("section-score").first();
  expect(await safe.getByTestId("section-percent").textContent()).toBe("Not yet rated");
  expect(await safe.getByTestId("section-provisional").textContent()).toBe("7 of 8 answered");
  await safe.locator("summary").click();
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));

  const path = join(SCREENSHOTS, "inspection.png");
  await page.screenshot({ path });
  expectScreenshot(path);
});

test("settings.png: a quality lead's signing key, the signers they trust, and the shared folder", async () => {
  const data = {
    templates: templates(),
    inspections: inspections(),
    settings: {
      identity: { name: "A. Okafor", organisation: "North Valley NHS FT", fingerprint: "3662cbe9495220198eb1125d378541b3c7f4e6a5826b8a81b8ae08965d8564db" },
      trusted: [
        { name: "B. Nowak", organisation: "Riverside NHS FT", fingerprint: "9f1c0a4e77d2b35b0c8e21f4a6d93e5b7c0a1f2e3d4c5b6a79881726354433aa" },
        { name: "C. Singh", organisation: "Hillcrest Partnership NHS FT", fingerprint: "41d7e2c9a0b3f6e58d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a6978877665544332" },
      ],
      home: "/home/aokafor/.local/share/keyline",
      syncFolder: "/home/aokafor/OneDrive - North Valley NHS FT/Keyline records",
      lastSync: "2026-11-20T16:42:05Z",
    },
  };
  const page = await openUk(data, { name: "settings" });
  await page.getByTestId("identity").waitFor();
  expect(await page.getByTestId("identity-name").textContent()).toBe("A. Okafor");
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Settings");
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));

  const path = join(SCREENSHOTS, "settings.png");
  await page.screenshot({ path });
  expectScreenshot(path);
});

test("board.png: the governance board's wards by key question, a rating focused to show how it was reached", async () => {
  const page = await openUk({ templates: templates(), inspections: inspections(), board: board() }, { name: "board" });
  await page.getByTestId("board-table").waitFor();
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Governance board");
  const larch = page.getByTestId("ward-row").filter({ hasText: "Larch Ward" });
  await larch.getByTestId("cell-link").nth(4).focus();
  await expect.poll(() => page.getByTestId("cell-detail").textContent()).toContain("moderated by the inspector");
  await page.mouse.move(0, 0);
  await page.locator("#board-wards").evaluate((e) => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 8));

  const path = join(SCREENSHOTS, "board.png");
  await page.screenshot({ path });
  expectScreenshot(path);
});

test("template-editor.png: a draft of the trust's audit, the first item's form open, its emptied title refused beside the field", async () => {
  // A save keeps the content sent and answers with what the core says of an empty title.
  const titleProblem = savedWithProblems().problems.filter((p) => p.path === "$.sections[0].items[0].title");
  expect(titleProblem).toHaveLength(1);
  const handlers = withHandlers({
    template_draft: `({ id }) => structuredClone(window.__DATA__.drafts[id])`,
    save_template_draft: `({ id, content }) => {
      const d = window.__DATA__.drafts[id];
      d.content = JSON.parse(content);
      d.problems = window.__DATA__.saved.problems;
      return structuredClone(window.__DATA__.saved);
    }`,
  });
  const saved = { ...savedWithProblems(), problems: titleProblem };
  const data = { templates: templates(), inspections: inspections(), drafts: { 7: templateDraft() }, saved };
  const page = await openUk(data, { name: "template-draft", id: 7 }, handlers);
  await page.getByTestId("draft-heading").waitFor();
  const item = page.getByTestId("item").first();
  await item.getByTestId("item-handle").click();
  const title = item.getByTestId("item-form").getByLabel("Item: what it asks or states");
  expect(await title.inputValue()).toBe("Ligature risks are assessed and managed");
  await title.fill("");
  await expect.poll(() => page.getByTestId("save-state").textContent()).toContain("Saved");
  const sent = (await callsTo(page, "save_template_draft")) as { content: string }[];
  expect(JSON.parse(sent.at(-1)!.content).sections[0].items[0]).toMatchObject({ id: "ligature", title: "" });
  // The problem beside its field (and tied to it), on the item's row, and in the list at the top.
  expect(await item.getByTestId("field-problem").allTextContents()).toEqual(["Error: The title is empty"]);
  expect(await title.getAttribute("aria-describedby")).toContain(await item.getByTestId("field-problem").getAttribute("id"));
  expect(await item.getByTestId("item-problems").textContent()).toBe("1 problem");
  expect(await page.getByTestId("problem-link").allTextContents()).toEqual([`${titleProblem[0].place}: ${titleProblem[0].message}`]);
  await page.mouse.move(0, 0);
  // The section's list of items at the top, the first item's form below: the title and its
  // problem, the prompts and the kind of answer.
  const items = page.getByTestId("section").first().getByRole("heading", { name: "Items in Safe" });
  await items.evaluate((e) => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 16));
  const box = await title.boundingBox();
  expect(box && box.y).toBeGreaterThan(0);
  expect(box && box.y + box.height).toBeLessThan(800);

  const path = join(SCREENSHOTS, "template-editor.png");
  await page.screenshot({ path });
  expectScreenshot(path);
});
