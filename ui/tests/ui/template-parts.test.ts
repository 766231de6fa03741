// Three parts of the template editor, each mounted on its own as the editor embeds it (a
// test-only page, tests/ui/template-parts/, built here into a temporary folder) with the
// backend mocked: the preview of a draft walked as an inspector would walk it, what changed
// between versions (or what a draft changes), and the forms for the template-wide rules.
//
// The fixtures are the real backend's words. template-preview-template.json is a small
// template (every kind of answer, a follow-up shown by a "no", a note, evidence and an action
// asked for by answers); template-preview-start.json and template-preview-fridge-no.json are
// what the core makes of it with no answers and after "no" to the fridge (item states and
// scores, from `keyline inspections show --json` on an inspection of it);
// template-preview-changes.json is `keyline_core::template::compare_versions` from it to a
// 1.1 with one change of each kind (two items added); template-preview-problems.json holds
// the core's problems with band 2 starting at 40, with rule 1's first condition at most 0,
// and (as the refusal of a preview) with rating 2's label also empty.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { build, preview, type PreviewServer } from "vite";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { AppError, Change, Progress, Response, Template, TemplateProblem } from "../../src/lib/bindings";
import { fieldId } from "../../src/lib/templateEdit";
import { startHarness, type Harness } from "./browser";
import { axeViolations, callsTo, newContext } from "./fixtures";
import type { PartSetup } from "./template-parts/setup";

const UI = resolve(import.meta.dirname, "../..");
const FIXTURES = join(import.meta.dirname, "fixtures");
const HARNESS = join(UI, "test-dist/mock-ipc.js");

function load<T>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), "utf8")) as T;
}

const TEMPLATE = load<Template>("template-preview-template.json");
const START = load<Progress>("template-preview-start.json");
const FRIDGE_NO = load<Progress>("template-preview-fridge-no.json");
const CHANGES = load<Change[]>("template-preview-changes.json");
const PROBLEMS = load<{ bandMin40: TemplateProblem[]; atMost0: TemplateProblem[]; refusal: AppError }>("template-preview-problems.json");

let h: Harness;
let server: PreviewServer;
let url: string;
let out: string;

beforeAll(async () => {
  h = await startHarness();
  out = mkdtempSync(join(tmpdir(), "keyline-template-parts-"));
  await build({
    configFile: join(UI, "vite.config.ts"),
    root: join(import.meta.dirname, "template-parts"),
    logLevel: "silent",
    build: { outDir: out, emptyOutDir: true },
  });
  server = await preview({
    configFile: false,
    root: out,
    logLevel: "silent",
    build: { outDir: out },
    preview: { host: "127.0.0.1", port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address();
  if (typeof address !== "object" || !address) throw new Error("preview server has no address");
  url = `http://127.0.0.1:${address.port}/`;
});

afterAll(async () => {
  await server?.close();
  await h?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

/**
 * The backend the parts talk to. The preview's answer depends on whether the fridge was
 * answered "no" (the only answer whose logic changes what is shown); a save answers with the
 * core's problems for the two edits the rules tests make.
 */
const BACKEND = `({
  preview_template_draft: ({ content, responses }) => {
    const d = window.__DATA__;
    if (d.refusal) throw d.refusal;
    JSON.parse(content);
    const fridgeNo = responses.some((r) => r.itemId === "fridge-log" && r.answer.kind === "no");
    return structuredClone(fridgeNo ? d.fridgeNo : d.start);
  },
  compare_template_draft: () => structuredClone(window.__DATA__.changes),
  compare_template_versions: () => structuredClone(window.__DATA__.changes),
  template_draft: ({ id }) => ({
    id, basedOn: { id: "ward-spot-check", version: "1.0" }, content: window.__DATA__.template,
    problems: [], suggestedVersion: "1.1", updatedAt: "2026-12-01T10:00:00Z",
  }),
  save_template_draft: ({ content }) => {
    const t = JSON.parse(content);
    const d = window.__DATA__;
    const problems = [
      ...(t.banding.bands[1].min === 40 ? d.problems.bandMin40 : []),
      ...(t.overall.rules[0].when[0].atMost === 0 ? d.problems.atMost0 : []),
    ];
    return { problems: structuredClone(problems), suggestedVersion: "1.1", updatedAt: "2026-12-01T10:00:00Z" };
  },
})`;

interface Data {
  start?: Progress;
  fridgeNo?: Progress;
  refusal?: AppError;
  changes?: Change[];
  template?: Template;
  problems?: typeof PROBLEMS;
}

async function openPart(setup: PartSetup, data: Data = {}): Promise<Page> {
  const context = await newContext(h);
  const page = await context.newPage();
  page.setDefaultTimeout(8_000);
  await page.addInitScript(`window.__DATA__ = ${JSON.stringify(data)};`);
  await page.addInitScript(`window.__PART__ = ${JSON.stringify(setup)};`);
  await page.addInitScript(`window.__KEYLINE_MOCK__ = ${BACKEND};`);
  await page.addInitScript({ path: HARNESS });
  await page.goto(url);
  return page;
}

const events = (page: Page) => page.evaluate(() => window.__PART_EVENTS__);
const words = (text: string | null) => (text ?? "").replace(/\s+/g, " ").trim();

/** Every item of the template by id, sub-items included. */
const ITEMS = new Map(TEMPLATE.sections.flatMap((s) => s.items.flatMap((i) => [i, ...(i.subItems ?? [])])).map((i) => [i.id, i]));
const titleOf = (id: string) => ITEMS.get(id)!.title;
/** The titles the preview lists, as an inspector would see them given `progress`. */
const visibleTitles = (progress: Progress) => progress.itemStates.filter((s) => s.visible).map((s) => titleOf(s.itemId));

async function openPreview(data: Data = { start: START, fridgeNo: FRIDGE_NO }): Promise<Page> {
  const page = await openPart({ part: "preview", template: TEMPLATE }, data);
  await page.getByTestId("open-preview").click();
  await page.getByTestId("template-preview").waitFor();
  return page;
}

const listedTitles = (page: Page) => page.getByTestId("preview-item-name").allTextContents();

/** Opens an item from the list of sections and items. */
async function goTo(page: Page, itemId: string) {
  await page.getByTestId("preview-item").filter({ hasText: titleOf(itemId) }).getByRole("link").click();
  await expect.poll(() => page.getByTestId("preview-item-title").textContent()).toBe(titleOf(itemId));
}

async function lastResponses(page: Page): Promise<Response[]> {
  const calls = (await callsTo(page, "preview_template_draft")) as { responses: Response[] }[];
  return calls[calls.length - 1].responses;
}

test("the preview is a labelled dialog that starts at the first item with nothing answered", async () => {
  const page = await openPreview();
  const dialog = page.getByRole("dialog", { name: "Preview — nothing is saved" });
  await dialog.waitFor();
  await page.getByTestId("preview-item-title").waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("preview-title");
  expect(await listedTitles(page)).toEqual(visibleTitles(START));
  expect(await page.getByTestId("preview-item-title").textContent()).toBe(titleOf("fridge-log"));
  // Yes and no, each with what it looks like on the ward.
  expect(words(await page.getByTestId("preview-answer-y").textContent())).toBe("Yes Every day recorded, all within range.");
  expect(words(await page.getByTestId("preview-answer-n").textContent())).toBe("No A day missed, or a reading out of range.");
  // The score panel says what the core said, with no way to moderate.
  expect(await page.getByTestId("preview-section-percent").allTextContents()).toEqual(["Not yet rated", "Not yet rated"]);
  expect(await page.getByTestId("preview-overall-explanation").textContent()).toBe(START.score.overall.explanation);
  expect(await dialog.getByText("Moderate this rating").count()).toBe(0);
  // The first call asks about the draft as it stands, with no answers.
  const [first] = (await callsTo(page, "preview_template_draft")) as { content: string; responses: Response[] }[];
  expect(JSON.parse(first.content)).toEqual(TEMPLATE);
  expect(first.responses).toEqual([]);
  expect(await axeViolations(page)).toEqual([]);
});

test("a follow-up appears only after the answer that shows it, with what that answer asks for", async () => {
  const page = await openPreview();
  await page.getByTestId("preview-item-title").waitFor();
  expect(await listedTitles(page)).not.toContain(titleOf("fridge-reported"));
  expect(await page.getByTestId("preview-needs").count()).toBe(0);

  await page.getByTestId("preview-answer-n").click();
  await expect.poll(() => listedTitles(page)).toEqual(visibleTitles(FRIDGE_NO));
  expect(await listedTitles(page)).toContain(titleOf("fridge-reported"));
  expect(await page.getByTestId("preview-answer-n").getAttribute("aria-pressed")).toBe("true");
  expect(await page.getByTestId("preview-state").textContent()).toContain(`Now shown: “${titleOf("fridge-reported")}”.`);
  const needs = words(await page.getByTestId("preview-needs").textContent());
  expect(needs).toContain("This answer needs a note");
  expect(needs).toContain("The template suggests an action: “Check the fridge and tell pharmacy”.");
  // The core's score after the answer: the critical item failed.
  expect(await page.getByTestId("preview-overall-explanation").textContent()).toBe(FRIDGE_NO.score.overall.explanation);
  expect(await axeViolations(page)).toEqual([]);

  // The follow-up is walked like any item, and marked as one.
  await page.getByRole("button", { name: "Next" }).click();
  expect(await page.getByTestId("preview-item-title").textContent()).toBe(titleOf("fridge-reported"));
  await page.getByTestId("follow-up-tag").waitFor();

  // Answering yes instead hides it again.
  await goTo(page, "fridge-log");
  await page.getByTestId("preview-answer-y").click();
  await expect.poll(() => listedTitles(page)).toEqual(visibleTitles(START));
  expect(await page.getByTestId("preview-state").textContent()).toContain(`Now hidden: “${titleOf("fridge-reported")}”.`);
});

test("every answer is sent with the draft, all the answers so far in the Response shape", async () => {
  const page = await openPreview();
  await page.getByTestId("preview-item-title").waitFor();
  await page.getByTestId("preview-answer-n").click();
  await expect.poll(async () => (await lastResponses(page)).length).toBe(1);

  await goTo(page, "emergency-bag");
  await page.getByTestId("preview-answer-a").click();
  await goTo(page, "resus-checks");
  expect(await page.getByTestId("preview-count-fixed").textContent()).toBe("of 10 days");
  await page.getByLabel("Met the standard").fill("7");
  await page.getByTestId("preview-save-count").click();
  await page.getByTestId("preview-count-given").waitFor();
  await goTo(page, "care-plans");
  expect(words(await page.getByTestId("preview-answer-3").textContent())).toBe("3 Good standard Plans personal and current.");
  await page.getByTestId("preview-answer-3").click();
  await goTo(page, "observations");
  await page.getByRole("button", { name: "Most on time" }).click();
  await goTo(page, "nurses");
  await page.getByLabel("Value (nurses), target at least 3").fill("2");
  await page.getByTestId("preview-save-value").click();
  await page.getByTestId("preview-value-given").waitFor();
  await goTo(page, "summary");
  await page.getByLabel("Answer", { exact: true }).fill("Calm ward; two bank nurses.");
  await page.getByTestId("preview-save-value").click();
  await page.getByTestId("preview-value-given").waitFor();
  await goTo(page, "last-audit");
  await page.getByLabel("Date", { exact: true }).fill("14/11/2026");
  await page.getByTestId("preview-save-value").click();
  await page.getByTestId("preview-value-given").waitFor();

  expect(await lastResponses(page)).toEqual([
    { itemId: "fridge-log", answer: { kind: "no" } },
    { itemId: "emergency-bag", answer: { kind: "na" } },
    { itemId: "resus-checks", answer: { kind: "count", value: { met: 7, of: 10 } } },
    { itemId: "care-plans", answer: { kind: "level", value: 3 } },
    { itemId: "observations", answer: { kind: "choice", value: "most" } },
    { itemId: "nurses", answer: { kind: "number", value: 2 } },
    { itemId: "summary", answer: { kind: "text", value: "Calm ward; two bank nurses." } },
    { itemId: "last-audit", answer: { kind: "date", value: "2026-11-14" } },
  ]);
  const calls = (await callsTo(page, "preview_template_draft")) as { content: string }[];
  expect(calls).toHaveLength(9);
  for (const c of calls) expect(JSON.parse(c.content)).toEqual(TEMPLATE);

  // A cleared answer is no longer sent; changing one replaces it where it was.
  await goTo(page, "care-plans");
  await page.getByTestId("preview-clear").click();
  await expect.poll(async () => (await lastResponses(page)).some((r) => r.itemId === "care-plans")).toBe(false);
  await goTo(page, "fridge-log");
  await page.getByTestId("preview-answer-y").click();
  await expect.poll(async () => (await lastResponses(page))[0]).toEqual({ itemId: "fridge-log", answer: { kind: "yes" } });
});

test("Escape closes the preview, its answers forgotten, and focus returns to the Preview button", async () => {
  const page = await openPreview();
  await page.getByTestId("preview-item-title").waitFor();
  await page.getByTestId("preview-answer-n").click();
  await expect.poll(() => listedTitles(page)).toEqual(visibleTitles(FRIDGE_NO));

  await page.keyboard.press("Escape");
  await expect.poll(() => page.getByTestId("template-preview").count()).toBe(0);
  expect(await events(page)).toEqual(["close"]);
  expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("open-preview");

  // Opened again, it starts afresh.
  await page.getByTestId("open-preview").click();
  await page.getByTestId("preview-item-title").waitFor();
  expect(await lastResponses(page)).toEqual([]);
  expect(await page.getByTestId("preview-answer-n").getAttribute("aria-pressed")).toBe("false");
  // The Close button closes it too.
  await page.getByTestId("close-preview").click();
  await expect.poll(() => page.getByTestId("template-preview").count()).toBe(0);
  expect(await events(page)).toEqual(["close", "close"]);
});

test("a draft the core cannot preview shows every problem, one per line, and a way back", async () => {
  const page = await openPreview({ refusal: PROBLEMS.refusal });
  const summary = page.getByTestId("error-summary");
  await summary.waitFor();
  expect(await summary.getByRole("heading").textContent()).toBe("This draft cannot be previewed yet");
  const lines = PROBLEMS.refusal.message.split("\n");
  expect(await page.getByTestId("error-message").textContent()).toBe("The draft cannot be previewed until its 2 problems are put right:");
  expect(await page.getByTestId("error-details").locator("li").allTextContents()).toEqual(
    lines.slice(1).map((l) => l[0].toUpperCase() + l.slice(1)),
  );
  expect(await axeViolations(page)).toEqual([]);
  await page.getByTestId("back-to-draft").click();
  await expect.poll(() => page.getByTestId("template-preview").count()).toBe(0);
  expect(await events(page)).toEqual(["close"]);
});

const GROUPS: [string, Change["kind"]][] = [
  ["Added", "added"],
  ["Removed", "removed"],
  ["Reworded", "reworded"],
  ["Re-weighted", "reweighted"],
  ["Logic changed", "logic"],
  ["Moved", "moved"],
  ["Other changes", "changed"],
];

test("what a draft changes is grouped by kind, with counts, from the version it was copied from", async () => {
  const page = await openPart({ part: "compare", templateId: "ward-spot-check", versions: ["1.0"], draftId: 4 }, { changes: CHANGES, template: TEMPLATE });
  await page.getByTestId("change-counts").waitFor();
  expect(await page.getByTestId("template-compare-title").textContent()).toBe("What this draft changes from version 1.0");
  expect(await callsTo(page, "compare_template_draft")).toEqual([{ id: 4 }]);
  expect(await callsTo(page, "compare_template_versions")).toEqual([]);
  const expected = GROUPS.map(([label, kind]) => [label, CHANGES.filter((c) => c.kind === kind)] as const).filter(([, cs]) => cs.length > 0);
  expect(await page.getByTestId("change-group").allTextContents()).toEqual(expected.map(([label, cs]) => `${label} (${cs.length})`));
  expect(await page.getByTestId("change-group").first().textContent()).toBe("Added (2)");
  for (const [, cs] of expected) {
    const shown = await page.getByTestId(`changes-${cs[0].kind}`).locator("li").allTextContents();
    expect(shown).toEqual(cs.map((c) => `${c.place}: ${c.words}`));
  }
  expect(words(await page.getByTestId("change-counts").textContent())).toBe(
    "8 changes: 2 added, 1 removed, 1 reworded, 1 re-weighted, 1 logic changed, 1 moved and 1 other change.",
  );
  expect(await axeViolations(page)).toEqual([]);
});

test("two versions are compared newest two by default, older to newer, and others can be picked", async () => {
  // Newest first, in the order the backend numbers them (1.10 after 1.9).
  const page = await openPart({ part: "compare", templateId: "ward-spot-check", versions: ["1.10", "1.9", "1.0"] }, { changes: CHANGES });
  await page.getByTestId("change-counts").waitFor();
  expect(await page.getByTestId("template-compare-title").textContent()).toBe("What changed between versions");
  expect(await page.getByLabel("From version (older)").inputValue()).toBe("1.9");
  expect(await page.getByLabel("To version (newer)").inputValue()).toBe("1.10");
  expect(await callsTo(page, "compare_template_versions")).toEqual([{ templateId: "ward-spot-check", from: "1.9", to: "1.10" }]);
  expect(await page.getByTestId("change-counts").textContent()).toContain("8 changes from version 1.9 to version 1.10");
  await page.getByLabel("From version (older)").selectOption("1.0");
  await expect.poll(() => callsTo(page, "compare_template_versions")).toHaveLength(2);
  expect((await callsTo(page, "compare_template_versions"))[1]).toEqual({ templateId: "ward-spot-check", from: "1.0", to: "1.10" });
  expect(await axeViolations(page)).toEqual([]);
});

test("versions with nothing between them say there are no differences", async () => {
  const page = await openPart({ part: "compare", templateId: "ward-spot-check", versions: ["1.1", "1.0"] }, { changes: [] });
  await page.getByTestId("no-differences").waitFor();
  expect(words(await page.getByTestId("no-differences").textContent())).toBe("No differences. Version 1.1 is the same as version 1.0.");
  expect(await page.getByTestId("change-group").count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
});

/** A Move up or Move down button, by what it moves (its name says so to screen readers). */
const moveButton = (page: Page, way: "up" | "down", what: string) =>
  page.getByRole("button", { name: new RegExp(`^Move ${way}\\W+${what.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) });

async function openRules(): Promise<Page> {
  const page = await openPart({ part: "rules", template: TEMPLATE, problems: [] }, { problems: PROBLEMS });
  await page.getByTestId("template-rules").waitFor();
  return page;
}

async function lastSaved(page: Page): Promise<Template> {
  const calls = (await callsTo(page, "save_template_draft")) as { content: string }[];
  return JSON.parse(calls[calls.length - 1].content) as Template;
}

/** The problem text a field's aria-describedby points at. */
function describedText(page: Page, id: string): Promise<string> {
  return page.evaluate((fieldId) => {
    const field = document.getElementById(fieldId)!;
    return (field.getAttribute("aria-describedby") ?? "")
      .split(" ")
      .map((ref) => document.getElementById(ref)?.textContent ?? "")
      .join(" ")
      .replace(/\s+/g, " ")
      .trim();
  }, id);
}

test("changing a band's lowest percentage calls onchange, and the core's problem shows beside that field", async () => {
  const page = await openRules();
  const min = page.getByLabel("From (%) of band 2", { exact: true });
  expect(await min.inputValue()).toBe("39");
  expect(await min.getAttribute("id")).toBe(fieldId("$.banding.bands[1].min"));
  await min.fill("40");
  await expect.poll(() => events(page)).toContain("change");
  expect((await lastSaved(page)).banding.bands[1].min).toBe(40);

  const problem = PROBLEMS.bandMin40[0];
  const id = fieldId(problem.path);
  await page.locator(`#${id}-problems`).waitFor();
  // The core's message, with the place it quotes as a path for file editors put in words.
  expect(problem.message).toContain("`$.banding.bands[0]` ends at 38");
  const message = "Gap between bands: 39 gets no rating; this band starts at 40 but band 1 ends at 38";
  expect(words(await page.locator(`#${id}-problems`).textContent())).toBe(`Error: ${message}`);
  expect(await describedText(page, id)).toBe(`Error: ${message}`);
  expect(await min.getAttribute("aria-invalid")).toBe("true");
  // Beside its own field, and nowhere else.
  expect(await page.getByTestId("field-problem").count()).toBe(1);
  expect(await page.getByTestId("band").nth(1).getByTestId("field-problem").count()).toBe(1);
  expect(await page.getByTestId("rules-other-problems").count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);

  // Put right, the problem goes.
  await min.fill("39");
  await expect.poll(() => page.getByTestId("field-problem").count()).toBe(0);
  expect(await min.getAttribute("aria-invalid")).toBe(null);
});

test("a rule's condition reads in words, and its problem shows beside the number it names", async () => {
  const page = await openRules();
  const rule = page.getByTestId("overall-rule").first();
  expect(await rule.getByTestId("condition-reads").textContent()).toBe("Reads: At least 1 section rated Inadequate.");
  await page.getByLabel("At most of condition 1 of rule 1", { exact: true }).fill("0");
  await expect.poll(async () => (await lastSaved(page)).overall.rules[0].when[0].atMost).toBe(0);
  const id = fieldId("$.overall.rules[0].when[0].atLeast");
  await page.locator(`#${id}-problems`).waitFor();
  expect(await describedText(page, id)).toBe("Error: At least (1) is more than at most (0), so this can never hold");
  expect(await rule.getByTestId("condition-reads").textContent()).toBe("Reads: From 1 to 0 sections rated Inadequate.");
  await page.getByLabel("Counting of condition 1 of rule 1", { exact: true }).selectOption({ label: "or worse" });
  await expect.poll(async () => (await lastSaved(page)).overall.rules[0].when[0].including).toBe("orWorse");
  expect(await axeViolations(page)).toEqual([]);
});

test("ordered lists move with buttons that keep focus, and a rating's new short name is carried to what names it", async () => {
  const page = await openRules();
  await moveButton(page, "down", "rating 1, Good").click();
  await expect.poll(async () => (await lastSaved(page)).ratings.map((r) => r.id)).toEqual(["requires-improvement", "good", "inadequate"]);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe(`${fieldId("$.ratings[1]")}-down`);
  await page.keyboard.press("Enter");
  await expect.poll(async () => (await lastSaved(page)).ratings.map((r) => r.id)).toEqual(["requires-improvement", "inadequate", "good"]);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe(`${fieldId("$.ratings[2]")}-up`);

  // Scale levels move the same way.
  await moveButton(page, "up", "level 2 of Four levels").click();
  await expect.poll(async () => (await lastSaved(page)).scales[0].levels.map((l) => l.label)).toEqual([
    "Some shortfalls",
    "Significant shortfalls",
    "Good standard",
    "Exceptional standard",
  ]);

  await page.getByLabel("Short name of rating 2", { exact: true }).fill("inadequate-care");
  await expect.poll(async () => (await lastSaved(page)).ratings[1].id).toBe("inadequate-care");
  const saved = await lastSaved(page);
  expect(saved.banding.bands[0].rating).toBe("inadequate-care");
  expect(saved.caps?.critical).toBe("inadequate-care");
  expect(saved.overall.rules[0].when[0].rating).toBe("inadequate-care");
  expect(saved.overall.rules[0].then).toBe("inadequate-care");

  // A source on the bands: a publication with its address, or our own.
  await page.getByRole("button", { name: "Add a source for the bands and rounding" }).click();
  await page.getByLabel("Publication or choice of source 1 for the bands and rounding", { exact: true }).fill("Keyline's own: where the bands fall");
  await page.getByLabel("Our own (not published: no web address needed) of source 1 for the bands and rounding", { exact: true }).check();
  await expect.poll(async () => (await lastSaved(page)).banding.sources).toEqual([{ title: "Keyline's own: where the bands fall", own: true }]);
  expect(await axeViolations(page)).toEqual([]);
});
