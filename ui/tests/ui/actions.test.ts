// The actions screen: every action across inspections, narrowed by status, owner, service and
// due date, overdue ones marked, and each one's status changed in place.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startHarness, type Harness } from "./browser";
import { axeViolations, callsTo, inspections, open, safView, templates, ukDate, ukEntry } from "./fixtures";
import { actionsDueFrom, dayFromToday, WORKFLOW_BACKEND, workflowHandlers, type WorkflowData } from "./workflow";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

function data(): WorkflowData {
  return { templates: templates(), inspections: inspections(), views: { 1: safView() }, actions: actionsDueFrom() };
}

const TITLE = Object.fromEntries(actionsDueFrom().map((a) => [a.id, a.title]));

async function openActions(handlers = WORKFLOW_BACKEND): Promise<Page> {
  const page = await open(h, handlers, data(), { name: "actions" });
  await page.getByTestId("actions").waitFor();
  return page;
}

/** The action titles shown, in order. */
async function shownTitles(page: Page): Promise<string[]> {
  if ((await page.getByTestId("actions").count()) === 0) return [];
  return page.getByTestId("action-row").getByTestId("action-title").allTextContents();
}

const titles = (...ids: number[]) => ids.map((id) => TITLE[id]);
const row = (page: Page, id: number) => page.getByTestId("action-row").filter({ hasText: TITLE[id] });

test("the header link opens the actions screen with every action from list_actions", async () => {
  const page = await open(h, WORKFLOW_BACKEND, data(), { name: "home" });
  await page.getByTestId("new-inspection").waitFor();
  await page.getByTestId("nav-actions").click();
  await page.getByTestId("actions").waitFor();
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Actions");
  expect(await page.getByTestId("nav-actions").getAttribute("aria-current")).toBe("page");
  expect(await callsTo(page, "list_actions")).toEqual([{ inspectionId: null }]);
  expect(await shownTitles(page)).toEqual(titles(1, 2, 3, 4, 5, 6));
  expect(await page.getByTestId("actions").locator("caption").textContent()).toBe("6 of 6 actions");
  // Where one row came from (service, inspection, item by its title), its owner and due
  // date, as the backend sent them; the item's id is for template authors, never shown.
  expect(await page.getByTestId("actions").locator("thead th").allTextContents()).toEqual(["Action", "From", "Owner", "Due", "Status"]);
  const cells = await row(page, 5).locator("td").allTextContents();
  expect(await row(page, 5).getByRole("link").textContent()).toBe("Ward 9");
  expect(await row(page, 5).getByTestId("action-inspection").textContent()).toBe("Self-assessment, 3 November 2026, D. Achterberg");
  expect(await row(page, 5).getByTestId("action-item").textContent()).toBe(
    "Has the clinic fridge temperature been recorded every day this month and stayed within 2 to 8 °C?",
  );
  expect(cells[1]).not.toContain("clinic.fridge-temperatures");
  expect(cells[2]).toBe("Dana Achterberg");
  expect(cells[3]).toContain(ukDate(dayFromToday(-1)));
  expect(cells[3]).not.toContain(dayFromToday(-1));
  expect(await row(page, 5).locator("select").inputValue()).toBe("in-progress");
  // No owner and no due date read as dashes, not blanks.
  const none = await row(page, 6).locator("td").allTextContents();
  expect(none[2]).toBe("–");
  expect(none[3].trim()).toBe("–");
  // An action raised against no item names no item.
  expect(await row(page, 6).getByTestId("action-item").count()).toBe(0);
});

test("an action's service link opens its inspection at its item", async () => {
  const page = await openActions();
  await row(page, 3).getByRole("link", { name: "Ward 7" }).click();
  await page.getByTestId("item-title").waitFor();
  expect(await page.getByTestId("item-title").textContent()).toBe("Medicines optimisation");
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem("keyline.route") ?? "null"))).toEqual({
    name: "inspection",
    id: 1,
    itemId: "safe.medicines-optimisation",
  });
});

test("the status filter shows only actions with that status", async () => {
  const page = await openActions();
  await page.getByLabel("Status", { exact: true }).selectOption("in-progress");
  expect(await shownTitles(page)).toEqual(titles(2, 5));
  await page.getByLabel("Status", { exact: true }).selectOption("completed");
  expect(await shownTitles(page)).toEqual(titles(4));
  await page.getByLabel("Status", { exact: true }).selectOption("not-started");
  expect(await shownTitles(page)).toEqual(titles(1, 3, 6));
  expect(await page.getByTestId("actions").locator("caption").textContent()).toBe("3 of 6 actions");
  await page.getByLabel("Status", { exact: true }).selectOption("");
  expect(await shownTitles(page)).toEqual(titles(1, 2, 3, 4, 5, 6));
});

test("the owner filter matches part of the owner's name, whatever its case", async () => {
  const page = await openActions();
  await page.getByLabel("Owner").fill("shah");
  expect(await shownTitles(page)).toEqual(titles(1, 3));
  await page.getByLabel("Owner").fill(" ESTATES ");
  expect(await shownTitles(page)).toEqual(titles(2));
  await page.getByLabel("Owner").fill("nobody by this name");
  expect(await shownTitles(page)).toEqual([]);
  expect(await page.getByTestId("no-actions").textContent()).toBe("No actions match these filters.");
});

test("the service filter offers each service once and shows only its actions", async () => {
  const page = await openActions();
  const service = page.getByLabel("Service");
  expect(await service.locator("option").allTextContents()).toEqual(["Any", "Ward 3", "Ward 7", "Ward 9"]);
  await service.selectOption("Ward 9");
  expect(await shownTitles(page)).toEqual(titles(5, 6));
  await service.selectOption("Ward 3");
  expect(await shownTitles(page)).toEqual(titles(4));
});

test("'due by' shows actions due on or before that day, and not those without a due date", async () => {
  const page = await openActions();
  await page.getByLabel("Due by").fill(ukEntry(dayFromToday(0)));
  expect(await shownTitles(page)).toEqual(titles(1, 2, 4, 5));
  await page.getByLabel("Due by").fill(ukEntry(dayFromToday(-2)));
  expect(await shownTitles(page)).toEqual(titles(2, 4));
  // Half-typed, it says what is wrong and keeps the last day it could read.
  await page.getByLabel("Due by").fill("31/");
  expect(await page.getByTestId("f-due-error").textContent()).toContain("Enter the date as day/month/year");
  expect(await shownTitles(page)).toEqual(titles(2, 4));
  await page.getByLabel("Due by").fill("");
  expect(await shownTitles(page)).toEqual(titles(1, 2, 3, 4, 5, 6));
});

test("filters combine", async () => {
  const page = await openActions();
  await page.getByLabel("Service").selectOption("Ward 7");
  await page.getByLabel("Owner").fill("priya");
  expect(await shownTitles(page)).toEqual(titles(1, 3));
  await page.getByLabel("Due by").fill(ukEntry(dayFromToday(30)));
  expect(await shownTitles(page)).toEqual(titles(1));
  await page.getByLabel("Status", { exact: true }).selectOption("in-progress");
  expect(await shownTitles(page)).toEqual([]);
});

test("actions past their due date and not completed are marked overdue; completed and due-today ones are not", async () => {
  const page = await openActions();
  const overdue = page.getByTestId("action-row").filter({ has: page.getByTestId("overdue") });
  expect(await overdue.getByTestId("action-title").allTextContents()).toEqual(titles(2, 5));
  expect(await row(page, 2).getByTestId("overdue").textContent()).toBe("Overdue");
  // Ten days late but completed; due today; not due for 60 days; no due date.
  for (const id of [4, 1, 3, 6]) expect(await row(page, id).getByTestId("overdue").count()).toBe(0);
});

test("changing a row's status sends update_action and the row shows the status returned", async () => {
  const page = await openActions();
  await row(page, 1).locator("select").selectOption("in-progress");
  await expect.poll(() => callsTo(page, "update_action")).toEqual([{ id: 1, change: { status: "in-progress" } }]);
  expect(await row(page, 1).locator("select").inputValue()).toBe("in-progress");
  // The status filter now counts it among the in-progress actions.
  await page.getByLabel("Status", { exact: true }).selectOption("in-progress");
  expect(await shownTitles(page)).toEqual(titles(1, 2, 5));
});

test("the row shows the status the backend returned, not the one chosen", async () => {
  // The backend has the last word (e.g. someone else changed it meanwhile).
  const handlers = workflowHandlers({
    update_action: `({ id }) => ({ ...structuredClone(window.__DATA__.actions.find((a) => a.id === id)), status: "in-progress" })`,
  });
  const page = await openActions(handlers);
  await row(page, 3).locator("select").selectOption("completed");
  await expect.poll(() => callsTo(page, "update_action")).toHaveLength(1);
  await expect.poll(() => row(page, 3).locator("select").inputValue()).toBe("in-progress");
});

test("completing an overdue action removes its overdue mark", async () => {
  const page = await openActions();
  expect(await row(page, 5).getByTestId("overdue").count()).toBe(1);
  await row(page, 5).locator("select").selectOption("completed");
  await expect.poll(() => row(page, 5).getByTestId("overdue").count()).toBe(0);
  expect(await callsTo(page, "update_action")).toEqual([{ id: 5, change: { status: "completed" } }]);
  expect(await page.getByTestId("overdue").count()).toBe(1);
});

test("a failing update shows the backend's message", async () => {
  const handlers = workflowHandlers({
    update_action: `() => { throw { code: "busy", message: "The database is busy (another Keyline is writing); try again in a moment." }; }`,
  });
  const page = await openActions(handlers);
  await row(page, 1).locator("select").selectOption("completed");
  await page.getByTestId("error-message").waitFor();
  expect(await page.getByTestId("error-message").textContent()).toBe(
    "The database is busy (another Keyline is writing); try again in a moment.",
  );
  expect(await page.getByTestId("error-summary").locator("h2").textContent()).toBe("Actions could not be updated");
  // The rows are still there.
  expect(await shownTitles(page)).toEqual(titles(1, 2, 3, 4, 5, 6));
});

test("after a failing update the row's select still shows the saved status", async () => {
  const handlers = workflowHandlers({
    update_action: `() => { throw { code: "busy", message: "The database is busy; try again." }; }`,
  });
  const page = await openActions(handlers);
  await row(page, 1).locator("select").selectOption("completed");
  await page.getByTestId("error-message").waitFor();
  expect(await row(page, 1).locator("select").inputValue()).toBe("not-started");
});

test("a failing list shows the backend's message", async () => {
  const handlers = workflowHandlers({
    list_actions: `() => { throw { code: "database", message: "Keyline could not read the actions: disk I/O error" }; }`,
  });
  const page = await open(h, handlers, data(), { name: "actions" });
  await page.getByTestId("error-message").waitFor();
  expect(await page.getByTestId("error-message").textContent()).toBe("Keyline could not read the actions: disk I/O error");
});

test("with no actions at all the screen says so", async () => {
  const empty: WorkflowData = { ...data(), actions: [] };
  const page = await open(h, WORKFLOW_BACKEND, empty, { name: "actions" });
  await page.getByTestId("no-actions").waitFor();
  expect(await page.getByTestId("no-actions").textContent()).toBe("No actions yet.");
});

test("axe finds no accessibility violations on the actions screen, filtered or after an error", async () => {
  const page = await openActions();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel("Status", { exact: true }).selectOption("in-progress");
  expect(await axeViolations(page)).toEqual([]);

  const failing = await openActions(
    workflowHandlers({ update_action: `() => { throw { code: "busy", message: "The database is busy; try again." }; }` }),
  );
  await row(failing, 1).locator("select").selectOption("completed");
  await failing.getByTestId("error-message").waitFor();
  expect(await axeViolations(failing)).toEqual([]);
});
