// The Templates screen and the template editor: the library of versions and drafts with what
// can be done to each, and a draft edited in place, saved as it is typed, with the core's
// problems shown beside their fields and all together; moves by keyboard; publishing with the
// suggested version; deleting after asking. Every state is checked with axe.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Template, TemplateDraft, TemplateSummary } from "../../src/lib/bindings";
import { fieldId } from "../../src/lib/templateEdit";
import { startHarness, type Harness } from "./browser";
import {
  axeViolations,
  callsTo,
  newContext,
  newTemplateDraft,
  open,
  openIn,
  savedWithProblems,
  templateDraft,
  templateLibrary,
  templates,
  withHandlers,
  type MockData,
} from "./fixtures";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/**
 * The template commands over `window.__DATA__`: drafts by id, the library, and what a save
 * returns (`saved`, or no problems). A save keeps the content sent, as the store would.
 */
const TEMPLATE_HANDLERS: Record<string, string> = {
  template_library: `() => structuredClone(window.__DATA__.library)`,
  template_draft: `({ id }) => {
    const d = (window.__DATA__.drafts ?? {})[id];
    if (!d) throw { code: "notFound", message: "there is no template draft " + id + "; it may have been published or deleted" };
    return structuredClone(d);
  }`,
  save_template_draft: `({ id, content }) => {
    const d = window.__DATA__.drafts[id];
    if (window.__DATA__.saveFails) throw { code: "busy", message: "The database is busy: another program is writing to it. Try again in a moment." };
    d.content = JSON.parse(content);
    const saved = window.__DATA__.saved ?? { problems: [], suggestedVersion: d.suggestedVersion, updatedAt: "2026-12-03T10:00:00.000Z" };
    d.problems = saved.problems;
    return structuredClone(saved);
  }`,
  new_template_draft: `({ templateId, version }) => structuredClone(window.__DATA__.drafts[templateId === null ? 9 : 7])`,
  publish_template_draft: `({ id, version }) => {
    const d = window.__DATA__.drafts[id];
    if (d.problems.length > 0) throw { code: "invalidTemplate", message: "the draft cannot be published until its problems are put right" };
    return { id: d.content.id, version, title: d.content.title, description: d.content.description, shipped: false,
      importedAt: "2026-12-03T10:05:00.000Z", archived: false, inspections: 0 };
  }`,
  delete_template_draft: `({ id }) => {
    delete window.__DATA__.drafts[id];
    window.__DATA__.library.drafts = window.__DATA__.library.drafts.filter((d) => d.id !== id);
    return null;
  }`,
  archive_template: `({ templateId, version, archived }) => {
    const t = window.__DATA__.library.templates.find((x) => x.id === templateId && x.version === version);
    t.archived = archived;
    return structuredClone(t);
  }`,
  export_template_sheet: `({ path }) => path`,
  import_template_sheet: `() => {
    if (window.__DATA__.importRefusal) throw { code: "invalidTemplate", message: window.__DATA__.importRefusal };
    return structuredClone(window.__DATA__.drafts[7]);
  }`,
  compare_template_versions: `() => [{ kind: "reweighted", place: "Item “Ligature risks are assessed and managed” (Safe)", words: "weight 1 → 2" }]`,
  compare_template_draft: `() => []`,
  "plugin:dialog|save": `() => "/home/quality/Trust ward environment audit version 1.1.xlsx"`,
  "plugin:dialog|open": `() => window.__DATA__.pick ?? null`,
};
const TEMPLATE_BACKEND = withHandlers(TEMPLATE_HANDLERS);

type TemplateData = MockData & { saved?: unknown; saveFails?: boolean; importRefusal?: string; pick?: string };

function data(extra: Partial<TemplateData> = {}): TemplateData {
  return {
    templates: templates(),
    inspections: [],
    library: templateLibrary(),
    drafts: { 7: templateDraft(), 9: newTemplateDraft() },
    ...extra,
  };
}

async function openList(extra: Partial<TemplateData> = {}, handlers = TEMPLATE_BACKEND): Promise<Page> {
  const page = await open(h, handlers, data(extra), { name: "templates" });
  await page.getByTestId("new-template").waitFor();
  return page;
}

async function openEditor(extra: Partial<TemplateData> = {}, handlers = TEMPLATE_BACKEND, id = 7): Promise<Page> {
  const page = await open(h, handlers, data(extra), { name: "template-draft", id });
  await page.getByTestId("draft-heading").waitFor();
  return page;
}

/** The template of each call to save_template_draft, parsed. */
async function savedContents(page: Page): Promise<Template[]> {
  return ((await callsTo(page, "save_template_draft")) as { content: string }[]).map((c) => JSON.parse(c.content) as Template);
}

const DRAFT = templateDraft();
const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? "").replace(/\s+/g, " ").trim();

test("the header link opens Templates: versions by template, shipped and archived marked, inspections counted, and the drafts", async () => {
  const page = await open(h, TEMPLATE_BACKEND, data(), { name: "home" });
  await page.getByTestId("nav-templates").click();
  await page.getByTestId("drafts").waitFor();
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Templates");
  expect(await page.getByTestId("nav-templates").getAttribute("aria-current")).toBe("page");
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem("keyline.route") ?? "null"))).toEqual({ name: "templates" });

  // One group per template id, titled by its newest version, newest version first.
  const groups = page.getByTestId("template-group");
  expect(await groups.getByTestId("group-title").allTextContents()).toEqual([
    "CQC key lines of enquiry: mental-health ward",
    "CQC single assessment framework: mental-health inpatient ward",
    "Monthly ward self-assessment",
    "Trust ward environment audit",
  ]);
  const kloe = groups.nth(0);
  const versions = async (g: typeof kloe) => (await g.getByTestId("version").allTextContents()).map((v) => v.trim());
  expect(await versions(kloe)).toEqual(["2.0", "1.0"]);
  const kloeRows = kloe.getByTestId("version-row");
  expect(await kloeRows.nth(0).getByTestId("shipped").textContent()).toBe("Shipped with Keyline");
  expect(await kloeRows.nth(0).getByTestId("archived").count()).toBe(0);
  expect(await kloeRows.nth(1).getByTestId("archived").textContent()).toBe("Archived");
  expect(await kloeRows.nth(1).getByTestId("version-inspections").textContent()).toBe("3 inspections");
  expect(await kloeRows.nth(0).getByTestId("version-inspections").textContent()).toBe("None");
  // An archived version offers Unarchive; the others Archive.
  expect(await kloeRows.nth(1).getByTestId("unarchive-version").count()).toBe(1);
  expect(await kloeRows.nth(0).getByTestId("archive-version").count()).toBe(1);
  const audit = groups.nth(3);
  expect(await versions(audit)).toEqual(["1.1", "1.0"]);
  expect(await audit.getByTestId("shipped").count()).toBe(0);
  expect(await audit.getByTestId("version-inspections").allTextContents()).toEqual(["2 inspections", "4 inspections"]);
  expect((await audit.getByTestId("group-drafts").textContent())?.replace(/\s+/g, " ").trim()).toBe(
    "A draft of this template is being written: Trust ward environment audit.",
  );

  // Drafts, last saved first: what each was copied from, and problems or ready.
  const rows = page.getByTestId("draft-row");
  expect(await rows.getByTestId("draft-title").allTextContents()).toEqual([
    "New template",
    "Trust ward environment audit",
    "CQC single assessment framework: mental-health inpatient ward (trust edition)",
  ]);
  expect(await rows.getByTestId("draft-based-on").allTextContents()).toEqual([
    "A new template",
    "Version 1.1 of Trust ward environment audit",
    "Version 2.0 of CQC single assessment framework: mental-health inpatient ward",
  ]);
  expect((await rows.getByTestId("draft-state").allTextContents()).map((t) => t.trim())).toEqual(["1 problem", "Ready to publish", "3 problems"]);
  expect(await rows.nth(1).getByTestId("draft-saved").textContent()).toMatch(/^1 December 2026, \d\d:\d\d$/);
  // Ids are secondary: not in the tables.
  expect(await page.getByTestId("drafts").textContent()).not.toContain("trust-ward-audit");
  expect(await axeViolations(page)).toEqual([]);
});

test("a library with only the shipped templates and no drafts says what to do next", async () => {
  const library = { templates: templates(), drafts: [] };
  const page = await openList({ library });
  await page.getByTestId("no-drafts").waitFor();
  expect(await text(page, "no-drafts")).toContain("No drafts.");
  expect(await page.getByTestId("template-group").count()).toBe(3);
  // One version each: nothing to compare.
  expect(await page.getByTestId("compare-versions").count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
});

test("New template starts a draft from the core's starter and opens it, with its one problem", async () => {
  const page = await openList();
  await page.getByTestId("new-template").click();
  await page.getByTestId("draft-heading").waitFor();
  expect(await callsTo(page, "new_template_draft")).toEqual([{ templateId: null, version: null }]);
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem("keyline.route") ?? "null"))).toEqual({ name: "template-draft", id: 9 });
  expect(await text(page, "draft-heading")).toBe("Template draft, a new template New template");
  expect(await page.getByTestId("problem-link").allTextContents()).toEqual([
    "Section 1 “First section”: the section has no items; give it at least one",
  ]);
  // A new template has nothing to compare with.
  expect(await page.getByTestId("what-changed").count()).toBe(0);
});

test("Edit as new draft copies that version and opens the copy", async () => {
  const page = await openList();
  const audit = page.getByTestId("template-group").nth(3);
  await audit.getByTestId("copy-version").first().click();
  await page.getByTestId("draft-heading").waitFor();
  expect(await callsTo(page, "new_template_draft")).toEqual([{ templateId: "trust-ward-audit", version: "1.1" }]);
  expect(await text(page, "draft-heading")).toBe("Template draft, copied from version 1.1 Trust ward environment audit");
  expect(await page.getByTestId("ready-to-publish").textContent()).toContain("Ready to publish");
});

test("Archive explains what it does before archiving; Unarchive offers the version again", async () => {
  const page = await openList();
  const audit = page.getByTestId("template-group").nth(3);
  await audit.getByTestId("archive-version").click();
  const confirm = page.getByTestId("confirm-archive");
  await confirm.waitFor();
  const said = (await confirm.textContent())!.replace(/\s+/g, " ");
  expect(said).toContain("Archive Trust ward environment audit version 1.1?");
  expect(said).toContain("New inspection will no longer offer it.");
  expect(said).toContain("the 2 inspections that use it keep it");
  // 1.0 is archived already: this would leave no version to start an inspection with.
  expect(await text(page, "archive-last")).toBe("No version of Trust ward environment audit will then be offered for new inspections.");
  expect(await axeViolations(page)).toEqual([]);
  expect(await callsTo(page, "archive_template")).toEqual([]);

  await page.getByTestId("confirm-archive-yes").click();
  await expect.poll(() => text(page, "templates-status")).toBe(
    "Archived Trust ward environment audit version 1.1: New inspection no longer offers it. The 2 inspections that use it keep it.",
  );
  expect(await callsTo(page, "archive_template")).toEqual([{ templateId: "trust-ward-audit", version: "1.1", archived: true }]);
  expect(await audit.getByTestId("archived").count()).toBe(2);

  await audit.getByTestId("unarchive-version").first().click();
  await expect.poll(() => text(page, "templates-status")).toBe("Trust ward environment audit version 1.1 is offered for new inspections again.");
  expect((await callsTo(page, "archive_template"))[1]).toEqual({ templateId: "trust-ward-audit", version: "1.1", archived: false });
});

test("archived versions are not offered in New inspection", async () => {
  const list: TemplateSummary[] = templateLibrary().templates;
  const page = await open(h, TEMPLATE_BACKEND, { ...data(), templates: list }, { name: "new-inspection" });
  const select = page.getByLabel("Template");
  await expect.poll(() => select.locator("option").count()).toBeGreaterThan(0);
  expect(await select.locator("option").allTextContents()).toEqual([
    "CQC key lines of enquiry: mental-health ward (version 2.0)",
    "CQC single assessment framework: mental-health inpatient ward (version 2.0)",
    "Monthly ward self-assessment (version 2.0)",
    "Trust ward environment audit (version 1.1)",
  ]);
  // With every version archived, the form says where to go.
  const all = list.map((t) => ({ ...t, archived: true }));
  const none = await open(h, TEMPLATE_BACKEND, { ...data(), templates: all }, { name: "new-inspection" });
  await none.getByTestId("no-templates").waitFor();
  expect(await text(none, "no-templates")).toBe("Every template version is archived. Unarchive one, or publish a new one, under Templates.");
});

test("Export to spreadsheet asks where to save, then writes that version there", async () => {
  const page = await openList();
  const audit = page.getByTestId("template-group").nth(3);
  await audit.getByTestId("export-version").first().click();
  await expect.poll(() => text(page, "templates-status")).toBe(
    "Saved Trust ward environment audit version 1.1 to /home/quality/Trust ward environment audit version 1.1.xlsx. Change it in a spreadsheet program, then import it here as a draft.",
  );
  const dialog = (await callsTo(page, "plugin:dialog|save")) as { options: { defaultPath: string; filters: { extensions: string[] }[] } }[];
  expect(dialog[0].options.defaultPath).toBe("Trust ward environment audit version 1.1.xlsx");
  expect(dialog[0].options.filters[0].extensions).toEqual(["xlsx"]);
  expect(await callsTo(page, "export_template_sheet")).toEqual([
    { templateId: "trust-ward-audit", version: "1.1", path: "/home/quality/Trust ward environment audit version 1.1.xlsx" },
  ]);
});

test("an imported spreadsheet lands as a draft and opens", async () => {
  const page = await openList({ pick: "/home/quality/ward audit.xlsx" });
  await page.getByTestId("import-sheet").click();
  await page.getByTestId("draft-heading").waitFor();
  const dialog = (await callsTo(page, "plugin:dialog|open")) as { options: { filters: { extensions: string[] }[]; multiple: boolean } }[];
  expect(dialog[0].options.filters[0].extensions).toEqual(["xlsx", "csv"]);
  expect(await callsTo(page, "import_template_sheet")).toEqual([{ path: "/home/quality/ward audit.xlsx" }]);
  expect(await text(page, "draft-notice")).toBe("Imported ward audit.xlsx as a draft: it is ready to publish.");
});

test("a refused spreadsheet shows the whole message, every problem on its own line", async () => {
  // What `keyline templates import` says of a spreadsheet with these mistakes.
  const lines = [
    "ward-audit.csv is not a valid template (3 problems):",
    "ward-audit.csv: Section 1 “Safe”, item 1 “Ligature risks are assessed and managed”, response, scale: no scale has the id `four-level`; the scales are `four-levels` (at Items!F2)",
    "ward-audit.csv: Section 1 “Safe”, item 3 “Clinic fridge temperatures are recorded every day and stay w…”, weight: the weight must be a number more than 0, found -1; leave it out for the usual weight of 1 (at Items!N5)",
    "ward-audit.csv: Section 2 “Well-led”, item 2 “Staff who had supervision in the last month”, weight: the weight must be a number more than 0, found 0; leave it out for the usual weight of 1 (at Items!N7)",
  ];
  const page = await openList({ pick: "/home/quality/ward-audit.csv", importRefusal: lines.join("\n") });
  await page.getByTestId("import-sheet").click();
  const summary = page.getByTestId("error-summary");
  await summary.waitFor();
  expect(await summary.getByRole("heading").textContent()).toBe("The spreadsheet was not imported");
  expect(await page.getByTestId("error-message").textContent()).toBe(lines[0]);
  expect(await page.getByTestId("error-details").locator("li").allTextContents()).toEqual(lines.slice(1));
  expect(await axeViolations(page)).toEqual([]);
  // Cancelling the dialog does nothing.
  const cancelled = await openList();
  await cancelled.getByTestId("import-sheet").click();
  await expect.poll(() => callsTo(cancelled, "plugin:dialog|open")).toHaveLength(1);
  expect(await callsTo(cancelled, "import_template_sheet")).toEqual([]);
});

test("deleting a draft from the list asks first", async () => {
  const page = await openList();
  const row = page.getByTestId("draft-row").filter({ hasText: "New template" });
  await row.getByTestId("delete-draft").click();
  const confirm = page.getByTestId("confirm-delete-draft");
  await confirm.waitFor();
  expect(await confirm.getByRole("heading").textContent()).toBe("Delete the draft “New template”?");
  expect(await axeViolations(page)).toEqual([]);
  await confirm.getByRole("button", { name: "No, keep it" }).click();
  expect(await callsTo(page, "delete_template_draft")).toEqual([]);
  expect(await page.getByTestId("draft-row").count()).toBe(3);

  await row.getByTestId("delete-draft").click();
  await page.getByTestId("confirm-delete-draft-yes").click();
  await expect.poll(() => text(page, "templates-status")).toBe("Deleted the draft “New template”.");
  expect(await callsTo(page, "delete_template_draft")).toEqual([{ id: 9 }]);
  expect(await page.getByTestId("draft-row").count()).toBe(2);
});

test("Compare versions shows what changed between a template's versions", async () => {
  const page = await openList();
  const audit = page.getByTestId("template-group").nth(3);
  await audit.getByTestId("compare-versions").click();
  await audit.getByTestId("compare-panel").waitFor();
  expect(await audit.getByTestId("compare-versions").getAttribute("aria-expanded")).toBe("true");
  await expect.poll(() => callsTo(page, "compare_template_versions")).toEqual([{ templateId: "trust-ward-audit", from: "1.0", to: "1.1" }]);
  await expect.poll(() => audit.getByTestId("compare-panel").textContent()).toContain("weight 1 → 2");
  expect(await axeViolations(page)).toEqual([]);
});

// The editor.

test("a draft with no problems opens ready to publish, with its title, sections and items", async () => {
  const page = await openEditor();
  expect(await text(page, "draft-heading")).toBe("Template draft, copied from version 1.1 Trust ward environment audit");
  expect(await page.getByLabel("Title", { exact: true }).inputValue()).toBe(DRAFT.content.title);
  expect((await page.getByTestId("section-handle").allTextContents()).map((t) => t.replace(/^\W+/, "").trim())).toEqual([
    "Section 1: Safe",
    "Section 2: Well-led",
  ]);
  expect((await page.getByTestId("item-handle").allTextContents()).map((t) => t.replace(/^\W+/, "").trim())).toEqual([
    "1. Ligature risks are assessed and managed",
    "2. There is a dated plan to remove the ligature points found",
    "3. Clinic fridge temperatures are recorded every day and stay within 2 to 8 °C",
    "1. The ward governance meeting was held this month",
    "2. Staff who had supervision in the last month",
  ]);
  expect(await page.getByTestId("ready-to-publish").textContent()).toContain("Ready to publish");
  expect(await page.getByTestId("problem-summary").count()).toBe(0);
  // Nothing is saved until something changes.
  expect(await callsTo(page, "save_template_draft")).toEqual([]);
  // No JSON for people to read.
  expect(await page.locator("main").textContent()).not.toContain("{");
  expect(await axeViolations(page)).toEqual([]);

  // An item's form: every field, and each level of its scale described in a field of its own.
  await page.getByTestId("item-handle").first().click();
  const form = page.getByTestId("item-form").first();
  await form.waitFor();
  const described = form.getByRole("group", { name: "What each answer looks like" });
  for (const [label, value] of [
    ["1: Significant shortfalls", "No current assessment, or risks found and not acted on."],
    ["2: Some shortfalls", "Assessment out of date or partly acted on."],
    ["3: Good standard", "Assessment in date and acted on."],
    ["4: Exceptional standard", "As 3, with patients involved in reducing risks."],
  ]) {
    expect(await described.getByLabel(label, { exact: true }).inputValue()).toBe(value);
  }
  expect(await form.getByLabel("What to look at").inputValue()).toBe("Is the ligature audit in date?\nDo staff know where the ligature cutters are?");
  expect(await form.getByLabel("Kind of answer").inputValue()).toBe("scale");
  expect(await form.getByLabel("Weight", { exact: true }).inputValue()).toBe("2");
  expect(await form.getByLabel("Fails at or below").inputValue()).toBe("1");
  expect(await form.getByLabel("Regulation 12: Safe care and treatment").isChecked()).toBe(true);
  expect(await form.getByLabel("Regulation 17: Good governance").isChecked()).toBe(false);
  expect(await form.getByTestId("rule").count()).toBe(2);
  // The second rule shows the follow-up, chosen from the template's follow-up items.
  const showRule = form.getByTestId("rule").nth(1);
  expect(await showRule.getByLabel("Then").inputValue()).toBe("show");
  expect(await showRule.getByLabel("There is a dated plan to remove the ligature points found").isChecked()).toBe(true);
  expect(await form.getByTestId("sub-item").count()).toBe(1);
  expect(await axeViolations(page)).toEqual([]);
});

test("typing saves the draft once typing pauses, with the change in the template sent", async () => {
  const page = await openEditor();
  const title = page.getByLabel("Title", { exact: true });
  await title.click();
  await title.press("End");
  await title.pressSequentially(" (2027)", { delay: 30 });
  expect(await text(page, "save-state")).toMatch(/^(Saving…|Saved.*)$/);
  await expect.poll(() => text(page, "save-state")).toMatch(/^Saved · last saved 3 December 2026, \d\d:\d\d$/);
  // Seven key presses, one save: it waits for typing to pause.
  const saved = await savedContents(page);
  expect(saved).toHaveLength(1);
  expect(saved[0]).toEqual({ ...DRAFT.content, title: "Trust ward environment audit (2027)" });
  expect((await callsTo(page, "save_template_draft"))[0]).toMatchObject({ id: 7 });
  // The heading follows the title.
  expect(await text(page, "draft-heading")).toContain("Trust ward environment audit (2027)");

  // Leaving a field saves at once, and changes deep in an item are in the template sent.
  await page.getByTestId("item-handle").nth(2).click();
  const weight = page.getByTestId("item-form").getByLabel("Weight", { exact: true });
  await weight.fill("1.5");
  await page.getByTestId("item-form").getByLabel("What is sampled").focus();
  await expect.poll(async () => (await savedContents(page)).length).toBe(2);
  expect((await savedContents(page))[1].sections[0].items[2].weight).toBe(1.5);
});

test("problems from a save are shown beside their fields and all together, and each link goes to its field", async () => {
  const page = await openEditor({ saved: savedWithProblems() });
  // Empty the first item's title: the core says what is wrong (here, and with three others).
  await page.getByTestId("item-handle").first().click();
  const title = page.getByTestId("item-form").first().getByLabel("Item: what it asks or states");
  await title.fill("");
  const summary = page.getByTestId("problem-summary");
  await summary.waitFor();
  expect(await summary.getByRole("heading").textContent()).toBe("4 problems to put right before publishing");
  expect(await summary.getByTestId("problem-link").allTextContents()).toEqual([
    "Banding, band 2, min: gap between bands: 50 gets no rating; this band starts at 51 but Banding, band 1 ends at 49",
    "Section 1 “Safe”, item 1, title: the title is empty",
    "Section 1 “Safe”, item 3 “Clinic fridge temperatures are recorded every day and stay w…”, weight: the weight must be a number more than 0, found 0; leave it out for the usual weight of 1",
    "Section 2 “Well-led”, item 1 “The ward governance meeting was held this month”, logic rule 1, when, answer 1: `not-hld` is not one of this item's answers, which are `held-minuted`, `held`, `not-held`, `na`",
  ]);
  expect(await page.getByTestId("ready-to-publish").count()).toBe(0);

  // Beside the field, tied to it for screen readers.
  const describedBy = (await title.getAttribute("aria-describedby"))!.split(" ");
  const messages = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).textContent()));
  expect(messages.map((m) => m?.replace(/\s+/g, " ").trim())).toContain("Error: The title is empty");
  // Items with problems say so while closed.
  expect(await page.getByTestId("item").nth(2).getByTestId("item-problems").textContent()).toBe("1 problem");
  expect(await page.getByTestId("section").nth(1).textContent()).toContain("1 problem");

  // A link opens the item and focuses the field the problem is about.
  await summary.getByTestId("problem-link").nth(2).click();
  const weight = page.getByTestId("item").nth(2).getByLabel("Weight", { exact: true });
  await expect.poll(() => weight.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await page.getByTestId("item").nth(2).getByTestId("field-problem").allTextContents()).toContain(
    "Error: The weight must be a number more than 0, found 0; leave it out for the usual weight of 1",
  );
  // A problem inside a rule goes to that rule's answers, in the other section.
  await summary.getByTestId("problem-link").nth(3).click();
  const governance = page.getByTestId("item").nth(3);
  const focused = await page.evaluate(() => document.activeElement?.closest("[data-testid=rule]")?.textContent ?? "");
  expect(focused).toContain("And the answer is one of");
  expect(await governance.getByTestId("field-problem").allTextContents()).toContain(
    "Error: `not-hld` is not one of this item's answers, which are `held-minuted`, `held`, `not-held`, `na`",
  );
  // One in the template-wide scoring goes to its field there.
  await summary.getByTestId("problem-link").nth(0).click();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(fieldId("$.banding.bands[1].min"));
  expect(await axeViolations(page)).toEqual([]);
});

test("Alt+arrow keys on a section or item title move it, keep focus on it, and save", async () => {
  const page = await openEditor();
  const safe = page.getByTestId("section-handle").first();
  await safe.focus();
  await page.keyboard.press("Alt+ArrowDown");
  await expect.poll(async () => (await page.getByTestId("section-handle").allTextContents()).map((t) => t.replace(/^\W+/, "").trim())).toEqual([
    "Section 1: Well-led",
    "Section 2: Safe",
  ]);
  expect(await page.evaluate(() => document.activeElement?.textContent?.replace(/^\W+/, "").trim())).toBe("Section 2: Safe");
  expect(await text(page, "announcement")).toBe("“Safe” moved to position 2 of 2.");
  await expect.poll(async () => (await savedContents(page)).length).toBe(1);
  expect((await savedContents(page))[0].sections.map((s) => s.id)).toEqual(["well-led", "safe"]);

  // Items move within their section; the top one cannot move up.
  const supervision = page.getByTestId("section").first().getByTestId("item-handle").nth(1);
  await supervision.focus();
  await page.keyboard.press("Alt+ArrowUp");
  await expect.poll(async () => (await savedContents(page)).at(-1)?.sections[0].items.map((i) => i.id)).toEqual(["supervision", "governance"]);
  expect(await page.evaluate(() => document.activeElement?.textContent?.replace(/^\W+/, "").trim())).toBe("1. Staff who had supervision in the last month");
  const saves = (await savedContents(page)).length;
  await page.keyboard.press("Alt+ArrowUp");
  await page.waitForTimeout(600);
  expect(await savedContents(page)).toHaveLength(saves);

  // The buttons do the same.
  await page.getByTestId("section").nth(1).getByTestId("item-down").first().click();
  await expect.poll(async () => (await savedContents(page)).at(-1)?.sections[1].items.map((i) => i.id)).toEqual([
    "ligature-plan",
    "ligature",
    "clinic-fridge",
  ]);
});

test("sections and items are added and removed, removal after asking", async () => {
  const page = await openEditor();
  await page.getByTestId("section").nth(1).getByTestId("remove-item").nth(1).click();
  const confirm = page.getByTestId("confirm-remove-item");
  await confirm.waitFor();
  expect(await confirm.getByRole("heading").textContent()).toContain("Remove “Staff who had supervision in the last month”?");
  expect(await axeViolations(page)).toEqual([]);
  await page.getByTestId("confirm-remove-yes").click();
  await expect.poll(async () => (await savedContents(page)).at(-1)?.sections[1].items.map((i) => i.id)).toEqual(["governance"]);

  await page.getByTestId("add-section").click();
  // The new section's title has focus, with one empty item ready.
  await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? "")).toMatch(/sections_5b2_5d_2etitle$/);
  await page.keyboard.type("Caring");
  await expect.poll(async () => (await savedContents(page)).at(-1)?.sections[2]).toEqual({
    id: "section-1",
    title: "Caring",
    items: [{ id: "item-1", title: "", prompts: [], response: { type: "scale", scale: "four-levels" }, weight: 1, naAllowed: false, mandatory: true }],
  });

  await page.getByTestId("section").nth(0).getByTestId("remove-section").click();
  const sure = page.getByTestId("confirm-remove-section");
  expect(await sure.getByRole("heading").textContent()).toContain("Remove the section “Safe” and its 3 items?");
  await page.getByTestId("confirm-remove-yes").click();
  await expect.poll(async () => (await savedContents(page)).at(-1)?.sections.map((s) => s.title)).toEqual(["Well-led", "Caring"]);
});

test("sub-items are added, moved by keyboard and removed; each section says what each rating looks like", async () => {
  const page = await openEditor();
  await page.getByTestId("item-handle").first().click();
  const form = page.getByTestId("item-form").first();
  await form.getByRole("button", { name: "Add a sub-item" }).click();
  // The new sub-item's form opens with its title ready for typing.
  await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? "")).toMatch(/subItems_5b1_5d_2etitle$/);
  await page.keyboard.type("Ligature cutters are checked every shift");
  await form.getByTestId("sub-item-handle").nth(1).focus();
  await page.keyboard.press("Alt+ArrowUp");
  await expect.poll(async () => (await savedContents(page)).at(-1)?.sections[0].items[0].subItems?.map((i) => i.title)).toEqual([
    "Ligature cutters are checked every shift",
    "The environmental ligature audit is in date",
  ]);
  const added = (await savedContents(page)).at(-1)!.sections[0].items[0].subItems![0];
  expect(added).toMatchObject({ id: "item-1", response: { type: "scale", scale: "four-levels" }, mandatory: false });
  expect(await page.evaluate(() => document.activeElement?.textContent?.replace(/^\W+/, "").trim())).toBe("1. Ligature cutters are checked every shift");

  await form.getByRole("button", { name: "Remove sub-item 2" }).click();
  await form.getByRole("button", { name: "Yes, remove it" }).click();
  await expect.poll(async () => (await savedContents(page)).at(-1)?.sections[0].items[0].subItems?.map((i) => i.id)).toEqual(["item-1"]);

  // Characteristics: one field per rating, labelled with the rating; an empty one is none.
  const safe = page.getByTestId("section").first();
  await safe.getByText("What each rating looks like in this section").click();
  expect(await safe.getByLabel("Good", { exact: true }).inputValue()).toBe("Risks are known, recorded and acted on.");
  expect(await safe.getByLabel("Requires improvement", { exact: true }).inputValue()).toBe("");
  await safe.getByLabel("Requires improvement", { exact: true }).fill("Risks are known but not all acted on.");
  await safe.getByLabel("Inadequate", { exact: true }).fill("");
  await expect.poll(async () => (await savedContents(page)).at(-1)?.sections[0].characteristics).toEqual({
    good: "Risks are known, recorded and acted on.",
    "requires-improvement": "Risks are known but not all acted on.",
  });
});

test("an item's kind of answer, options, rules, regulations and id are edited in plain words", async () => {
  const page = await openEditor();
  await page.getByTestId("item-handle").nth(1).click();
  const form = page.getByTestId("item-form");
  // A yes/no item becomes a choice: two options to name, a description field for each.
  await form.getByLabel("Kind of answer").selectOption("choice");
  await form.getByLabel("Option 1", { exact: true }).fill("Plan dated and signed");
  await form.getByLabel("Option 2", { exact: true }).fill("No plan");
  await form.getByRole("group", { name: "What each answer looks like" }).getByLabel("Plan dated and signed", { exact: true }).fill("A plan with a date for each ligature point.");
  await form.getByLabel("Regulation 12: Safe care and treatment").check();
  await form.getByRole("button", { name: "Add a rule" }).click();
  const rule = form.getByTestId("rule");
  await rule.getByLabel("When the score is").selectOption("");
  await rule.getByLabel("No plan").check();
  await rule.getByLabel("Then").selectOption("suggestAction");
  await rule.getByLabel("The action to suggest").fill("Write a ligature removal plan");
  await form.getByText("About this item").click();
  await form.getByLabel("Id", { exact: true }).fill("ligature-removal-plan");
  await expect.poll(async () => (await savedContents(page)).at(-1)?.sections[0].items[1]).toEqual({
    id: "ligature-removal-plan",
    title: "There is a dated plan to remove the ligature points found",
    prompts: [],
    response: {
      type: "choice",
      options: [
        { value: "option-1", label: "Plan dated and signed", score: 1 },
        { value: "option-2", label: "No plan", score: 0 },
      ],
    },
    descriptors: { "option-1": "A plan with a date for each ligature point." },
    weight: 1,
    naAllowed: false,
    mandatory: false,
    followUp: true,
    logic: [{ when: { answerIs: ["option-2"] }, then: { suggestAction: "Write a ligature removal plan" } }],
    regulations: ["12"],
  });
  // Changing back to yes or no restores the kind of answer it had; nothing typed is lost.
  await form.getByLabel("Kind of answer").selectOption("yesNo");
  await form.getByLabel("Kind of answer").selectOption("choice");
  expect(await form.getByLabel("Option 1", { exact: true }).inputValue()).toBe("Plan dated and signed");
  expect(await axeViolations(page)).toEqual([]);
});

test("Preview walks the draft as it is on screen; What changed saves it first and compares it with its version", async () => {
  const handlers = withHandlers({
    ...TEMPLATE_HANDLERS,
    preview_template_draft: `() => { throw { code: "invalidTemplate", message: "the draft cannot be previewed until its 1 problem is put right:\\ndraft: $.sections[0].items[0].title: the title is empty" }; }`,
  });
  const page = await openEditor({}, handlers);
  await page.getByLabel("Title", { exact: true }).fill("Trust ward audit, winter");
  await page.getByTestId("preview-draft").click();
  await page.getByTestId("template-preview").waitFor();
  await expect.poll(() => callsTo(page, "preview_template_draft")).toHaveLength(1);
  const sent = (await callsTo(page, "preview_template_draft"))[0] as { content: string };
  expect(JSON.parse(sent.content)).toEqual({ ...DRAFT.content, title: "Trust ward audit, winter" });
  await page.getByTestId("close-preview").first().click();
  await expect.poll(() => page.getByTestId("template-preview").count()).toBe(0);

  await page.getByLabel("Title", { exact: true }).fill("Trust ward audit, spring");
  await page.getByTestId("what-changed").click();
  await page.getByTestId("draft-compare").getByTestId("template-compare").waitFor();
  await expect.poll(() => callsTo(page, "compare_template_draft")).toEqual([{ id: 7 }]);
  // The comparison reads the stored draft: what was typed was saved before it was asked for.
  const order = await page.evaluate(() => (window.__KEYLINE_CALLS__ ?? []).map((c) => c.cmd).filter((c) => c === "save_template_draft" || c === "compare_template_draft"));
  expect(order.at(-1)).toBe("compare_template_draft");
  expect((await savedContents(page)).at(-1)?.title).toBe("Trust ward audit, spring");
  expect(await axeViolations(page)).toEqual([]);
});

test("publish shows the suggested version, sends it, and the list says it was published", async () => {
  const page = await openEditor();
  await page.getByTestId("publish-draft").click();
  const panel = page.getByTestId("publish-panel");
  await panel.getByLabel("Version").waitFor();
  // Suggested, not typed.
  expect(await panel.getByLabel("Version").inputValue()).toBe("1.2");
  expect(await panel.textContent()).toContain("Suggested: 1.2, the next version of trust-ward-audit after 1.1.");
  expect(await page.getByTestId("confirm-publish").textContent()).toBe("Publish version 1.2");
  expect(await axeViolations(page)).toEqual([]);
  await page.getByTestId("confirm-publish").click();
  await page.getByTestId("templates-notice").waitFor();
  expect(await callsTo(page, "publish_template_draft")).toEqual([{ id: 7, version: "1.2" }]);
  expect(await text(page, "templates-notice")).toBe("Published Trust ward environment audit version 1.2; new inspections can use it.");
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem("keyline.route") ?? "null"))).toEqual({ name: "templates" });
});

test("publish is refused while problems remain, listing every one", async () => {
  const page = await openEditor({ saved: savedWithProblems() });
  await page.getByLabel("Title", { exact: true }).fill("Trust ward audit");
  await page.getByTestId("publish-draft").click();
  const refused = page.getByTestId("publish-refused");
  await refused.waitFor();
  expect(await refused.getByRole("heading").textContent()).toBe("This draft cannot be published until its 4 problems are put right");
  expect(await refused.getByTestId("problem-link").count()).toBe(4);
  // What was typed was saved before the check.
  expect((await savedContents(page)).at(-1)?.title).toBe("Trust ward audit");
  expect(await page.getByTestId("confirm-publish").count()).toBe(0);
  expect(await callsTo(page, "publish_template_draft")).toEqual([]);
  expect(await axeViolations(page)).toEqual([]);
  await refused.getByTestId("problem-link").nth(1).click();
  const title = page.getByTestId("item-form").first().getByLabel("Item: what it asks or states");
  await expect.poll(() => title.evaluate((el) => el === document.activeElement)).toBe(true);
});

test("a refused publish shows the backend's message in full", async () => {
  const handlers = withHandlers({
    ...TEMPLATE_HANDLERS,
    publish_template_draft: `() => { throw { code: "conflict", message: "trust-ward-audit version 1.2 is already stored; publish as 1.3" }; }`,
  });
  const page = await openEditor({}, handlers);
  await page.getByTestId("publish-draft").click();
  await page.getByTestId("confirm-publish").click();
  await page.getByTestId("error-summary").waitFor();
  expect(await page.getByTestId("error-message").textContent()).toBe("trust-ward-audit version 1.2 is already stored; publish as 1.3");
  // Still here, with the version there to change.
  await page.getByTestId("publish-panel").getByLabel("Version").fill("1.3");
  expect(await page.getByTestId("confirm-publish").textContent()).toBe("Publish version 1.3");
});

test("deleting the draft asks first, then goes back to the list", async () => {
  const page = await openEditor();
  await page.getByTestId("delete-draft").click();
  const confirm = page.getByTestId("confirm-delete-draft");
  await confirm.waitFor();
  expect(await confirm.getByRole("heading").textContent()).toBe("Delete the draft “Trust ward environment audit”?");
  expect(await axeViolations(page)).toEqual([]);
  await page.getByTestId("confirm-delete-draft-yes").click();
  await page.getByTestId("templates-notice").waitFor();
  expect(await callsTo(page, "delete_template_draft")).toEqual([{ id: 7 }]);
  expect(await text(page, "templates-notice")).toBe("Deleted the draft “Trust ward environment audit”.");
  expect(await page.getByTestId("draft-row").count()).toBe(2);
});

test("a save that fails keeps what was typed, says so, and Try again saves it", async () => {
  const page = await openEditor({ saveFails: true });
  await page.getByLabel("Title", { exact: true }).fill("Trust ward audit 2027");
  const error = page.getByTestId("save-error");
  await error.waitFor();
  expect(await text(page, "save-error-message")).toBe("The database is busy: another program is writing to it. Try again in a moment.");
  expect(await text(page, "save-state")).toBe("Not saved");
  expect(await page.getByLabel("Title", { exact: true }).inputValue()).toBe("Trust ward audit 2027");
  expect(await axeViolations(page)).toEqual([]);

  await page.evaluate(() => {
    (window as unknown as { __DATA__: { saveFails: boolean } }).__DATA__.saveFails = false;
  });
  await page.getByTestId("retry-save").click();
  await expect.poll(() => text(page, "save-state")).toMatch(/^Saved/);
  expect(await page.getByTestId("save-error").count()).toBe(0);
  expect((await savedContents(page)).at(-1)?.title).toBe("Trust ward audit 2027");
});

test("changes that could not be saved are offered back when the draft is opened again", async () => {
  const context = await newContext(h);
  const first = await openIn(context, h, TEMPLATE_BACKEND, data({ saveFails: true }), { name: "template-draft", id: 7 });
  await first.getByLabel("Title", { exact: true }).fill("Trust ward audit, typed before the crash");
  await first.getByTestId("save-error").waitFor();
  await first.close();

  const again = await openIn(context, h, TEMPLATE_BACKEND, data());
  const offer = again.getByTestId("unsaved-backup");
  await offer.waitFor();
  expect(await offer.getByRole("heading").textContent()).toMatch(/^Changes from \d+ \w+ \d{4}, \d\d:\d\d were not saved$/);
  expect(await again.getByLabel("Title", { exact: true }).inputValue()).toBe(DRAFT.content.title);
  expect(await axeViolations(again)).toEqual([]);
  await again.getByTestId("restore-backup").click();
  expect(await again.getByLabel("Title", { exact: true }).inputValue()).toBe("Trust ward audit, typed before the crash");
  await expect.poll(async () => (await savedContents(again)).at(-1)?.title).toBe("Trust ward audit, typed before the crash");
  // Once saved, it is not offered again.
  const third = await openIn(context, h, TEMPLATE_BACKEND, data());
  await third.getByTestId("draft-heading").waitFor();
  expect(await third.getByTestId("unsaved-backup").count()).toBe(0);
});

test("the draft reopens after a restart, and a draft that is gone says so", async () => {
  const context = await newContext(h);
  const first = await openIn(context, h, TEMPLATE_BACKEND, data(), { name: "templates" });
  await first.getByTestId("draft-title").filter({ hasText: "Trust ward environment audit" }).click();
  await first.getByTestId("draft-heading").waitFor();
  await first.close();
  // Keyline opened again with the same storage: it starts where it was left.
  const second = await openIn(context, h, TEMPLATE_BACKEND, data());
  await second.getByTestId("draft-heading").waitFor();
  expect(await text(second, "draft-heading")).toContain("Trust ward environment audit");

  const gone = await open(h, TEMPLATE_BACKEND, data(), { name: "template-draft", id: 42 });
  await gone.getByTestId("error-summary").waitFor();
  expect(await gone.getByTestId("error-message").textContent()).toBe("There is no template draft 42; it may have been published or deleted");
});

test("template text is shown as text, never as HTML", async () => {
  const hostile: TemplateDraft = templateDraft();
  hostile.content.title = '<img src=x onerror="window.__PWNED__=1">Audit <b>bold</b>';
  hostile.content.sections[0].items[0].title = "<script>window.__PWNED__=2</script>Ligature";
  const library = templateLibrary();
  library.drafts[1].title = hostile.content.title;
  const page = await openEditor({ drafts: { 7: hostile }, library });
  expect(await text(page, "draft-heading")).toContain('<img src=x onerror="window.__PWNED__=1">Audit <b>bold</b>');
  expect(await page.getByTestId("item-handle").first().textContent()).toContain("<script>window.__PWNED__=2</script>Ligature");
  expect(await page.evaluate(() => (window as unknown as { __PWNED__?: number }).__PWNED__)).toBeUndefined();
  await page.getByRole("link", { name: "Back to templates" }).click();
  await page.getByTestId("drafts").waitFor();
  expect(await page.getByTestId("draft-title").allTextContents()).toContain(hostile.content.title);
  expect(await page.evaluate(() => (window as unknown as { __PWNED__?: number }).__PWNED__)).toBeUndefined();
});
