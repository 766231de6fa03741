// The compare screen: two inspections of the same template version, their agreement (percent
// and weighted kappa) and every item the inspectors answered differently.
import type { Page } from "playwright-core";
import { INSPECTION_KIND_LABELS } from "../../src/lib/bindings";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Comparison } from "../../src/lib/bindings";
import { startHarness, type Harness } from "./browser";
import { axeViolations, callsTo, open, templates, ukDate } from "./fixtures";
import { comparison, WORKFLOW_BACKEND, workflowHandlers, workflowInspections, type WorkflowData } from "./workflow";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const INSPECTIONS = workflowInspections();

function data(result: Comparison = comparison()): WorkflowData {
  return { templates: templates(), inspections: INSPECTIONS, comparison: result };
}

async function openCompare(handlers = WORKFLOW_BACKEND, result?: Comparison): Promise<Page> {
  const page = await open(h, handlers, data(result), { name: "compare" });
  await expect.poll(() => page.locator("#compare-a option").count()).toBe(INSPECTIONS.length + 1);
  return page;
}

/** The inspection ids the second select offers (the "Choose…" placeholder left out). */
async function partnerIds(page: Page): Promise<number[]> {
  const values = await page.locator("#compare-b option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  return values.slice(1).map((v) => Number(v));
}

async function choose(page: Page, a: number, b?: number) {
  await page.getByLabel("First inspection").selectOption({ label: labelOf(a) });
  if (b !== undefined) await page.getByLabel("Second inspection").selectOption({ label: labelOf(b) });
}

function labelOf(id: number): string {
  const i = INSPECTIONS.find((x) => x.id === id)!;
  return `${i.service}, ${INSPECTION_KIND_LABELS[i.kind].toLowerCase()}, ${ukDate(i.date)}${i.team.trim() ? `, ${i.team.trim()}` : ""} (${i.templateTitle} v${i.templateVersion})`;
}

test("the header link opens the compare screen with every inspection to choose from", async () => {
  const page = await open(h, WORKFLOW_BACKEND, data(), { name: "home" });
  await page.getByTestId("new-inspection").waitFor();
  await page.getByTestId("nav-compare").click();
  await expect.poll(() => page.locator("#compare-a option").count()).toBe(INSPECTIONS.length + 1);
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Compare two inspections");
  expect((await page.locator("#compare-a option").allTextContents()).slice(1)).toEqual(INSPECTIONS.map((i) => labelOf(i.id)));
  expect(await page.getByLabel("Second inspection").isDisabled()).toBe(true);
});

test("the second select offers only other inspections of the first one's template id and version", async () => {
  const page = await openCompare();
  // Ward 7 on SAF v1.0: not itself, not SAF v1.1 (#6), not the KLOE template (#5), not the monthly ones.
  await choose(page, 1);
  expect(await page.getByLabel("Second inspection").isEnabled()).toBe(true);
  expect(await partnerIds(page)).toEqual([2]);
  await choose(page, 2);
  expect(await partnerIds(page)).toEqual([1]);
  // The monthly self-assessments pair with each other only.
  await choose(page, 4);
  expect(await partnerIds(page)).toEqual([3]);
  // Nothing else uses SAF v1.1 or the KLOE template.
  await choose(page, 6);
  expect(await partnerIds(page)).toEqual([]);
  await choose(page, 5);
  expect(await partnerIds(page)).toEqual([]);
});

test("submitting sends compare_inspections with both ids and shows the agreement", async () => {
  const expected = comparison();
  const page = await openCompare();
  await choose(page, 1, 2);
  await page.getByRole("button", { name: "Compare" }).click();
  await page.getByTestId("comparison").waitFor();
  expect(await callsTo(page, "compare_inspections")).toEqual([{ a: 1, b: 2 }]);
  expect(await page.getByTestId("items-compared").textContent()).toBe("12");
  expect(await page.getByTestId("percent-agreement").textContent()).toBe("7 (58.3%)");
  const kappa = (await page.getByTestId("kappa").textContent())?.replace(/\s+/g, " ").trim();
  expect(kappa).toBe("0.13 (quadratic weights, over 12 scored items)");
  expect(await page.getByTestId("comparison-explanation").textContent()).toBe(expected.explanation);
  // The one item only the first inspector answered is named by its title, never its id.
  expect(await page.getByTestId("answered-by-one").locator("li").allTextContents()).toEqual([
    "Governance, management and sustainability (first only)",
  ]);
  expect(await page.getByTestId("comparison").textContent()).not.toContain("well-led.governance");
});

test("every item both answered differently is listed in template order, answers in the template's words", async () => {
  const expected = comparison();
  const page = await openCompare();
  await choose(page, 1, 2);
  await page.getByRole("button", { name: "Compare" }).click();
  const rows = page.getByTestId("difference");
  await rows.first().waitFor();
  // Columns say whose answers they are: the teams of the first and second inspection.
  expect(await page.getByTestId("differences").locator("thead th").allTextContents()).toEqual([
    "Item",
    "First: A. Okafor",
    "Second: B. Nowak",
    "How far apart",
  ]);
  const cells = await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent?.trim())));
  expect(await rows.getByTestId("difference-link").allTextContents()).toEqual([
    "Safe systems, pathways and transitions",
    "Involving people to manage risks",
    "Safe environments",
    "Medicines optimisation",
    "Delivering evidence-based care and treatment",
  ]);
  // The backend's items in template order, both answered and not agreeing: not its list of
  // the biggest differences, which is sorted largest first.
  const disagreeing = expected.items.filter((d) => d.a !== null && d.b !== null && !d.agree);
  expect(cells.map((c) => c.slice(1))).toEqual(
    disagreeing.map((d) => [d.a, d.b, `${Math.round(d.difference! * 100)}% of the scale`]),
  );
  expect(cells[0]?.slice(1)).toEqual(["2, Some shortfalls", "4, Exceptional standard", "67% of the scale"]);
  expect(await page.getByRole("heading", { name: "Where they disagree (5)" }).count()).toBe(1);
  // Ids are for template authors: none is shown.
  const text = (await page.getByTestId("differences").textContent()) ?? "";
  for (const d of expected.items) expect(text).not.toContain(d.id);
});

test("kappa is shown to two decimals, and explained when it is not defined", async () => {
  const half = { ...comparison(), weightedKappa: 0.5, kappaItems: 4 };
  const page = await openCompare(WORKFLOW_BACKEND, half);
  await choose(page, 1, 2);
  await page.getByRole("button", { name: "Compare" }).click();
  await page.getByTestId("comparison").waitFor();
  expect(await page.getByTestId("kappa").textContent()).toMatch(/^\s*0\.50\s/);

  const undefinedKappa = { ...comparison(), weightedKappa: null, kappaItems: 1 };
  const other = await openCompare(WORKFLOW_BACKEND, undefinedKappa);
  await choose(other, 1, 2);
  await other.getByRole("button", { name: "Compare" }).click();
  await other.getByTestId("comparison").waitFor();
  expect(await other.getByTestId("kappa").textContent()).toContain("not defined for these answers");
});

test("identical answers say there are no differences", async () => {
  const base = comparison();
  const same: Comparison = {
    ...base,
    agreements: 12,
    percentAgreement: 100,
    weightedKappa: 1,
    biggestDifferences: [],
    answeredByOne: [],
    items: base.items.filter((d) => d.a !== null && d.b !== null).map((d) => ({ ...d, b: d.a, agree: true, difference: 0 })),
  };
  const page = await openCompare(WORKFLOW_BACKEND, same);
  await choose(page, 1, 2);
  await page.getByRole("button", { name: "Compare" }).click();
  await page.getByTestId("comparison").waitFor();
  expect(await page.getByTestId("differences").count()).toBe(0);
  expect(await page.getByTestId("no-disagreements").textContent()).toBe("They gave the same answer to every item both answered.");
  expect(await page.getByTestId("answered-by-one").count()).toBe(0);
  expect(await page.getByTestId("percent-agreement").textContent()).toBe("12 (100%)");
  expect(await page.getByTestId("kappa").textContent()).toMatch(/^\s*1\.00\s/);
});

test("comparing without choosing two inspections says what to do and calls nothing", async () => {
  const page = await openCompare();
  await page.getByRole("button", { name: "Compare" }).click();
  await page.getByTestId("error-message").waitFor();
  expect(await page.getByTestId("error-message").textContent()).toBe("Choose two inspections of the same template version.");
  await choose(page, 1);
  await page.getByRole("button", { name: "Compare" }).click();
  await page.getByTestId("error-message").waitFor();
  expect(await callsTo(page, "compare_inspections")).toEqual([]);
});

test("choosing another first inspection clears the second and the result", async () => {
  const page = await openCompare();
  await choose(page, 1, 2);
  await page.getByRole("button", { name: "Compare" }).click();
  await page.getByTestId("comparison").waitFor();
  await choose(page, 4);
  expect(await page.getByTestId("comparison").count()).toBe(0);
  expect(await page.locator("#compare-b option:checked").textContent()).toBe("Choose…");
  expect(await partnerIds(page)).toEqual([3]);
  // The old second choice is gone, not sent with the new first one.
  await page.getByRole("button", { name: "Compare" }).click();
  await page.getByTestId("error-message").waitFor();
  expect(await callsTo(page, "compare_inspections")).toEqual([{ a: 1, b: 2 }]);
});

test("a backend error shows its message and no result", async () => {
  const message = "Inspections 1 and 2 cannot be compared: inspection 2 was deleted.";
  const page = await openCompare(workflowHandlers({ compare_inspections: `() => { throw { code: "notFound", message: ${JSON.stringify(message)} }; }` }));
  await choose(page, 1, 2);
  await page.getByRole("button", { name: "Compare" }).click();
  await page.getByTestId("error-message").waitFor();
  expect(await page.getByTestId("error-message").textContent()).toBe(message);
  expect(await page.getByTestId("error-summary").locator("h2").textContent()).toBe("The inspections could not be compared");
  expect(await page.getByTestId("comparison").count()).toBe(0);
});

test("a failing inspection list shows the backend's message", async () => {
  const page = await open(
    h,
    workflowHandlers({ list_inspections: `() => { throw { code: "busy", message: "The database is busy; try again." }; }` }),
    data(),
    { name: "compare" },
  );
  await page.getByTestId("error-message").waitFor();
  expect(await page.getByTestId("error-message").textContent()).toBe("The database is busy; try again.");
});

test("axe finds no accessibility violations on the compare screen, before and after comparing", async () => {
  const page = await openCompare();
  expect(await axeViolations(page)).toEqual([]);
  await choose(page, 1, 2);
  await page.getByRole("button", { name: "Compare" }).click();
  await page.getByTestId("differences").waitFor();
  expect(await axeViolations(page)).toEqual([]);

  const failing = await openCompare(workflowHandlers({ compare_inspections: `() => { throw { code: "invalidInput", message: "different template versions" }; }` }));
  await choose(failing, 1, 2);
  await failing.getByRole("button", { name: "Compare" }).click();
  await failing.getByTestId("error-message").waitFor();
  expect(await axeViolations(failing)).toEqual([]);
});

test("inspections are named by service, kind, date and team, never by a local number, and kappa is explained", async () => {
  const page = await openCompare();
  const options = (await page.getByLabel("First inspection").locator("option").allTextContents()).slice(1);
  expect(options.length).toBeGreaterThan(1);
  for (const o of options) {
    expect(o).not.toMatch(/#\d/);
    expect(o).toMatch(/, (mock inspection|self-assessment|peer review), \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}/);
    expect(o).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  }
  expect(options).toContain(
    "Ward 7, peer review, 20 November 2026, B. Nowak (CQC single assessment framework: mental-health inpatient ward v2.0)",
  );
  // Ward 7's mock inspection and its peer review, of the same template version.
  await choose(page, 1, 2);
  await page.getByRole("button", { name: "Compare" }).click();
  await page.getByTestId("kappa-meaning").waitFor();
  expect(await page.getByTestId("kappa-meaning").textContent()).toContain("beyond what chance alone would give");
});
