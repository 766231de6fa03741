// Importing a template file from the home screen: what is sent to the backend, what the user
// is told, and every problem in a bad file shown, one per line.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { TemplateSummary } from "../../src/lib/bindings";
import { startHarness, type Harness } from "./browser";
import { BACKEND, callsTo, inspections, open, templates, withHandlers } from "./fixtures";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

// A real template (the every-feature fixture the Rust tests use), renamed, with text outside
// ASCII so a wrong decoding would show.
const GOOD = join(import.meta.dirname, "../../../tests/fixtures/templates/good/every-feature.json");
const template = { ...JSON.parse(readFileSync(GOOD, "utf8")), id: "trust-ward-audit", version: "2024.2" };
template.title = "Trust ward audit – Ménière unit";
const CONTENT = JSON.stringify(template, null, 2) + "\n";
const IMPORTED: TemplateSummary = {
  id: "trust-ward-audit",
  version: "2024.2",
  title: template.title,
  description: template.description,
  shipped: false,
  importedAt: "2026-11-22T10:15:00Z",
  archived: false,
  inspections: 0,
};

test("a chosen file is sent by name and text, the user is told, and the template list is refreshed", async () => {
  const page = await open(h, BACKEND, { templates: templates(), inspections: inspections(), imported: IMPORTED });
  await page.getByTestId("templates").waitFor();
  const before = await page.getByTestId("template-title").allTextContents();

  await page.getByTestId("import-file").setInputFiles({
    name: "trust-ward-audit.json",
    mimeType: "application/json",
    buffer: Buffer.from(CONTENT, "utf8"),
  });

  await expect.poll(() => page.getByTestId("import-ok").textContent()).toContain(
    "Imported Trust ward audit – Ménière unit, version 2024.2.",
  );
  expect(await callsTo(page, "import_template")).toEqual([{ fileName: "trust-ward-audit.json", content: CONTENT }]);
  expect(await callsTo(page, "list_templates")).toHaveLength(2);
  expect(await page.getByTestId("template-title").allTextContents()).toEqual([...before, IMPORTED.title]);
  await expect(page.locator("caption", { hasText: "template versions" }).textContent()).resolves.toBe(
    `${before.length + 1} template versions`,
  );
  expect(await page.getByTestId("error-summary").count()).toBe(0);
});

const PROBLEMS = [
  "ward-audit.json is not a valid template (3 problems):",
  "ward-audit.json: Scale 1 “Met or not”, levels: a scale needs at least two levels, lowest first (at $.scales[0].levels)",
  'ward-audit.json: Section 1 “Environment”, item 1 “Clean ward”, descriptor “2”: `2` is not one of this item\'s answers; descriptors are keyed by `1` (at $.sections[0].items[0].descriptors["2"])',
  "ward-audit.json: Section 1 “Environment”, item 1 “Clean ward”, critical, at or below: the item always fails: even its best score (1) is at or below 1 (at $.sections[0].items[0].critical.atOrBelow)",
];

test("a file with several problems shows every problem, one per line, and imports nothing", async () => {
  const failing = withHandlers({
    import_template: `() => { throw { code: "invalidTemplate", message: ${JSON.stringify(PROBLEMS.join("\n"))} }; }`,
  });
  const page = await open(h, failing, { templates: templates(), inspections: inspections() });
  await page.getByTestId("templates").waitFor();
  const before = await page.getByTestId("template-title").count();

  await page.getByTestId("import-file").setInputFiles({
    name: "ward-audit.json",
    mimeType: "application/json",
    buffer: Buffer.from('{ "id": "ward-audit" }'),
  });

  const summary = page.getByTestId("error-summary");
  await summary.waitFor();
  expect(await summary.getByRole("heading").textContent()).toBe("The template was not imported");
  expect(await page.getByTestId("error-message").textContent()).toBe(PROBLEMS[0]);
  expect(await page.getByTestId("error-details").locator("li").allTextContents()).toEqual(PROBLEMS.slice(1));
  expect(await page.getByTestId("import-ok").count()).toBe(0);
  expect(await page.getByTestId("template-title").count()).toBe(before);
  expect(await callsTo(page, "import_template")).toEqual([{ fileName: "ward-audit.json", content: '{ "id": "ward-audit" }' }]);
});

test("the same file can be chosen again after a failed import", async () => {
  const failing = withHandlers({
    import_template: `() => { throw { code: "invalidTemplate", message: "ward-audit.json is not JSON: expected value at line 1 column 1" }; }`,
  });
  const page = await open(h, failing, { templates: templates(), inspections: inspections() });
  const file = { name: "ward-audit.json", mimeType: "application/json", buffer: Buffer.from("not json") };
  await page.getByTestId("import-file").setInputFiles(file);
  await page.getByTestId("error-summary").waitFor();
  await expect.poll(() => page.getByTestId("import-file").isEnabled()).toBe(true);
  await page.getByTestId("import-file").setInputFiles(file);
  await expect.poll(() => callsTo(page, "import_template")).toHaveLength(2);
});

test("importing a file that is already there says so", async () => {
  const present = templates()[0];
  const page = await open(h, BACKEND, { templates: templates(), inspections: inspections(), imported: present });
  await page.getByTestId("templates").waitFor();
  await page.getByTestId("import-file").setInputFiles({
    name: "again.json",
    mimeType: "application/json",
    buffer: Buffer.from("{}", "utf8"),
  });
  await expect.poll(() => page.getByTestId("import-ok").textContent()).toContain(
    `${present.title}, version ${present.version}, is already here with the same content; nothing changed.`,
  );
});

test("the file box says where spreadsheets are imported, and its link goes there", async () => {
  const page = await open(h, BACKEND, { templates: templates(), inspections: inspections() });
  await page.getByTestId("templates").waitFor();
  const hint = page.getByTestId("import-file-hint");
  expect(await hint.textContent()).toMatch(/A spreadsheet \(\.xlsx or \.csv\) is imported on\s+Templates,\s+as a draft/);
  expect(await page.getByTestId("import-file").getAttribute("aria-describedby")).toBe("import-file-hint");
  await hint.getByRole("link", { name: "Templates" }).click();
  await expect.poll(() => page.locator("h1").textContent()).toBe("Templates");
});
