// The home screen's list of inspections: what each row shows, searching, and the way into a
// new inspection and into an existing one.
import { afterAll, beforeAll, expect, test } from "vitest";
import { startHarness, type Harness } from "./browser";
import { axeViolations, BACKEND, callsTo, inspections, monthlyView, open, safView, templates } from "./fixtures";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const data = () => ({ templates: templates(), inspections: inspections(), views: { 1: safView(), 2: monthlyView() } });

/** The text of each cell, row by row (without the bundle's tick boxes). */
async function rows(page: import("playwright-core").Page): Promise<string[][]> {
  return page.getByTestId("inspection-row").evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll("td:not(.kl-select-cell)"), (td) => (td.textContent ?? "").replace(/\s+/g, " ").trim())),
  );
}

test("lists each inspection with its service, template, kind, date, progress and rating", async () => {
  const page = await open(h, BACKEND, data());
  await page.getByTestId("inspections").waitFor();
  expect(await rows(page)).toEqual([
    // Neither is finished, so neither has a rating yet (0 of 57 is not "Not compliant").
    // Dates as UK readers write them.
    ["Ward 3 Riverside Hospital", "Monthly ward self-assessment v2.0", "Self-assessment", "1 November 2026", "0 of 57", "In progress", "Not yet rated", ""],
    [
      "Ward 7 Riverside Hospital",
      "CQC single assessment framework: mental-health inpatient ward v2.0",
      "Mock inspection",
      "20 November 2026",
      "8 of 34",
      "In progress",
      "Not yet rated",
      "",
    ],
  ]);
});

test("a finished inspection shows its overall rating", async () => {
  const d = data();
  const list = d.inspections ?? [];
  list[1] = { ...list[1], complete: true, answered: list[1].total };
  const page = await open(h, BACKEND, { ...d, inspections: list });
  await page.getByTestId("inspections").waitFor();
  expect(await page.getByTestId("overall").allTextContents()).toEqual(["Not yet rated", "Inadequate"]);
});

test("search keeps only the inspections that match, ignoring case, and clearing it shows all again", async () => {
  const page = await open(h, BACKEND, data());
  await page.getByTestId("inspections").waitFor();
  const search = page.getByLabel("Search inspections");

  await search.fill("ward 7");
  await expect.poll(async () => (await rows(page)).map((r) => r[0])).toEqual(["Ward 7 Riverside Hospital"]);

  await search.fill("SELF-ASSESSMENT");
  await expect.poll(async () => (await rows(page)).map((r) => r[0])).toEqual(["Ward 3 Riverside Hospital"]);

  await search.fill("single assessment framework");
  await expect.poll(async () => (await rows(page)).map((r) => r[0])).toEqual(["Ward 7 Riverside Hospital"]);

  await search.fill("no such ward");
  await expect.poll(() => rows(page)).toEqual([]);

  await search.fill("");
  await expect.poll(() => page.getByTestId("inspection-row").count()).toBe(2);
});

test("search matches every word typed, in any order, across service, kind, template, date and team", async () => {
  const list = inspections();
  list[1].team = "A. Okafor, B. Nowak";
  const page = await open(h, BACKEND, { ...data(), inspections: list });
  await page.getByTestId("inspections").waitFor();
  const search = page.getByLabel("Search inspections");
  const services = async () => (await rows(page)).map((r) => r[0]);
  await search.fill("ward 7 mock");
  await expect.poll(services).toEqual(["Ward 7 Riverside Hospital"]);
  await search.fill("mock   WARD");
  await expect.poll(services).toEqual(["Ward 7 Riverside Hospital"]);
  await search.fill("nowak single");
  await expect.poll(services).toEqual(["Ward 7 Riverside Hospital"]);
  await search.fill("2026-11-01 ward");
  await expect.poll(services).toEqual(["Ward 3 Riverside Hospital"]);
  // Every word must match: one word that matches nothing empties the list, and it says so.
  await search.fill("ward 7 self-assessment");
  await expect.poll(services).toEqual([]);
  expect(await page.getByTestId("no-match").textContent()).toBe("No inspection matches “ward 7 self-assessment”.");
  await search.fill("");
  expect(await page.getByTestId("no-match").count()).toBe(0);
});

test("the status column says in progress, signed off or amended", async () => {
  const list = inspections();
  // Ward 7 is signed off, and Ward 3 is a correction of it still in progress.
  list[1] = { ...list[1], status: "signed-off" };
  list[0] = { ...list[0], amends: list[1].id };
  const page = await open(h, BACKEND, { ...data(), inspections: list });
  await page.getByTestId("inspections").waitFor();
  expect(await page.getByTestId("status").allTextContents()).toEqual(["In progress", "Amended"]);
  await page.getByLabel("Search inspections").fill("amended");
  await expect.poll(async () => (await rows(page)).map((r) => r[0])).toEqual(["Ward 7 Riverside Hospital"]);
});

test("searching for a kind as the table shows it (“Peer review”, “Mock inspection”) finds those inspections", async () => {
  const list = inspections();
  list[0].kind = "peer-review";
  const page = await open(h, BACKEND, { ...data(), inspections: list });
  await page.getByTestId("inspections").waitFor();
  expect((await rows(page)).map((r) => r[2])).toEqual(["Peer review", "Mock inspection"]);
  const search = page.getByLabel("Search inspections");
  await search.fill("Peer review");
  await expect.poll(async () => (await rows(page)).map((r) => r[0])).toEqual(["Ward 3 Riverside Hospital"]);
  await search.fill("mock inspection");
  await expect.poll(async () => (await rows(page)).map((r) => r[0])).toEqual(["Ward 7 Riverside Hospital"]);
});

test("the home screen with inspections listed has no accessibility violations", async () => {
  const page = await open(h, BACKEND, data());
  await page.getByTestId("inspections").waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel("Search inspections").fill("ward 7");
  expect(await axeViolations(page)).toEqual([]);
});

test("“New inspection” opens the form with the templates to choose from", async () => {
  const page = await open(h, BACKEND, data());
  await page.getByTestId("new-inspection").click();
  await page.getByRole("heading", { level: 1, name: "New inspection" }).waitFor();
  await expect.poll(() => page.locator("#template option").allTextContents()).toEqual(
    templates().map((t) => `${t.title} (version ${t.version})`),
  );
});

test("choosing an inspection opens it", async () => {
  const page = await open(h, BACKEND, data());
  await page.getByRole("link", { name: "Ward 7" }).click();
  await expect.poll(() => page.getByTestId("inspection-title").textContent()).toContain("Ward 7");
  expect(await callsTo(page, "open_inspection")).toEqual([{ id: 1 }]);
});
