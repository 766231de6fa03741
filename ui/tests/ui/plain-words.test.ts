// Plain words and undo before sign-off: an unsigned inspection can be deleted (after asking),
// an action's title, owner and due date changed or the action deleted, evidence removed;
// dates are shown and typed as in the UK, and a half-typed one is said to be wrong, never
// silently sent; items are named by their titles, never their ids; Compare lists every item
// the two inspectors answered differently; each rated section says in a sentence what it got,
// and the rounding rule is stated once.
import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Action, Comparison, InspectionView, ScoreResult } from "../../src/lib/bindings";
import { startHarness, type Harness } from "./browser";
import {
  axeViolations,
  BACKEND,
  callsTo,
  inspections,
  monthlyView,
  newContext,
  open,
  openIn,
  safView,
  templates,
  ukDate,
  ukEntry,
  withHandlers,
  type MockData,
} from "./fixtures";
import {
  actions,
  actionsDueFrom,
  comparison,
  completeView,
  dayFromToday,
  signedView,
  unmetView,
  WORKFLOW_BACKEND,
  workflowHandlers,
  workflowInspections,
  type WorkflowData,
} from "./workflow";

let h: Harness;
let london: BrowserContext | undefined;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await london?.close();
  await h?.close();
});

/** Text as read, with runs of white space as one space. */
const words = (text: string | null) => (text ?? "").replace(/\s+/g, " ").trim();

/** The route the app will reopen at. */
const savedRoute = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem("keyline.route") ?? "null"));

/** A page in a browser set to UK time, so times from the backend fall on known days. */
async function openInLondon(handlers: string, data: MockData, route: Parameters<typeof open>[3]): Promise<Page> {
  london ??= await newContext(h, { timezoneId: "Europe/London" });
  return openIn(london, h, handlers, data, route);
}

/** Every id of the template's items and sub-items. */
function itemIds(view: InspectionView): string[] {
  return view.template.sections.flatMap((s) => s.items.flatMap((i) => [i.id, ...(i.subItems ?? []).map((sub) => sub.id)]));
}

// ---------------------------------------------------------------------------------------
// Deleting an inspection before it is signed off

function homeData(): MockData {
  return { templates: templates(), inspections: inspections(), views: { 1: safView(), 2: monthlyView() } };
}

test("an unsigned inspection is deleted only once confirmed; “No, keep it” keeps it", async () => {
  const saf = safView();
  const page = await open(h, BACKEND, homeData(), { name: "inspection", id: 1 });
  await page.getByTestId("item-title").waitFor();

  await page.getByTestId("delete-inspection").click();
  const confirm = page.getByTestId("confirm-delete");
  await confirm.waitFor();
  // It says what goes, in words: kind, service, UK date and what the inspection holds.
  expect(words(await confirm.textContent())).toContain(
    `Delete this inspection? The mock inspection of Ward 7 on 20 November 2026 goes, with its ${saf.responses.length} answers, ` +
      `${saf.notes.length} notes, 0 evidence files and 0 actions.`,
  );
  expect(await axeViolations(page)).toEqual([]);
  await confirm.getByRole("button", { name: "No, keep it" }).click();
  await expect.poll(() => confirm.count()).toBe(0);
  expect(await callsTo(page, "delete_inspection")).toEqual([]);
  expect(await page.getByTestId("item-title").textContent()).toBe("Learning culture");

  await page.getByTestId("delete-inspection").click();
  await page.getByTestId("confirm-delete-yes").click();
  // Home says what was deleted, and the list no longer has it.
  const notice = page.getByTestId("notice");
  await notice.waitFor();
  expect(await notice.textContent()).toBe(
    "Deleted the mock inspection of Ward 7 on 20 November 2026. The audit trail records the deletion.",
  );
  expect(await callsTo(page, "delete_inspection")).toEqual([{ id: 1 }]);
  await page.getByTestId("inspections").waitFor();
  expect(await page.getByTestId("inspection-row").getByRole("link").allTextContents()).toEqual(["Ward 3"]);
  expect(await savedRoute(page)).toEqual({ name: "home" });
  expect(await axeViolations(page)).toEqual([]);

  // The notice is shown once, not every time the list is shown again.
  await page.getByTestId("nav-actions").click();
  await page.getByRole("heading", { level: 1, name: "Actions" }).waitFor();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Inspections" }).click();
  await page.getByTestId("inspections").waitFor();
  expect(await page.getByTestId("notice").count()).toBe(0);
});

test("a deletion the backend refuses says why, and the inspection stays open", async () => {
  const refusing = withHandlers({
    delete_inspection: `() => { throw { code: "busy", message: "the database is busy (another Keyline is writing); try again in a moment" }; }`,
  });
  const page = await open(h, refusing, homeData(), { name: "inspection", id: 1 });
  await page.getByTestId("item-title").waitFor();
  await page.getByTestId("delete-inspection").click();
  await page.getByTestId("confirm-delete-yes").click();
  await expect.poll(() => page.getByTestId("error-message").textContent()).toBe(
    "The database is busy (another Keyline is writing); try again in a moment",
  );
  expect(await page.getByTestId("confirm-delete").count()).toBe(0);
  expect(await page.getByTestId("item-title").textContent()).toBe("Learning culture");
  expect(await savedRoute(page)).toEqual({ name: "inspection", id: 1 });
});

test("a signed-off inspection has no delete button, no evidence removal, and its actions cannot be deleted", async () => {
  const signed = signedView();
  const data: WorkflowData = { templates: templates(), inspections: workflowInspections(), views: { 3: signed }, actions: structuredClone(signed.actions) };
  const page = await openInLondon(WORKFLOW_BACKEND, data, { name: "inspection", id: 3, itemId: "environment.ligature-assessment-current" });
  await page.getByTestId("locked").waitFor();
  // Signed off on a UK date.
  expect(words(await page.getByTestId("locked").textContent())).toContain("(reviewer) on 3 December 2026.");
  expect(await page.getByTestId("delete-inspection").count()).toBe(0);
  expect(await page.getByTestId("confirm-delete").count()).toBe(0);
  expect(await page.getByTestId("evidence").textContent()).toContain("ligature-assessment-2026-09.txt");
  expect(await page.getByTestId("remove-evidence").count()).toBe(0);

  // Its action can still be changed as follow-up goes on, but not deleted.
  await page.getByRole("navigation", { name: "Sections and items" }).getByRole("link", { name: /^Staff who had clinical supervision/ }).click();
  const action = page.getByTestId("item-action");
  await action.waitFor();
  await action.getByTestId("edit-action").click();
  const editor = page.getByTestId("action-editor");
  await editor.waitFor();
  expect(await editor.getByTestId("delete-action").count()).toBe(0);
  await editor.getByLabel("Owner").fill("Grace Adeyemi");
  await editor.getByRole("button", { name: "Save the action" }).click();
  await expect.poll(() => editor.count()).toBe(0);
  expect(await callsTo(page, "update_action")).toEqual([
    { id: 4, change: { title: "Book clinical supervision for the two band 5 nurses", owner: "Grace Adeyemi", dueDate: "2026-11-15" } },
  ]);
  expect(await action.textContent()).toContain("Grace Adeyemi");
  expect(await callsTo(page, "delete_action")).toEqual([]);
});

// ---------------------------------------------------------------------------------------
// Changing and deleting actions

/** The Ward 7 SAF inspection (id 1) holding its three actions, and every action listed. */
function actionData(): WorkflowData {
  const view = safView();
  view.actions = actions().filter((a) => a.inspectionId === 1);
  return { templates: templates(), inspections: inspections(), views: { 1: view }, actions: actions() };
}

const TITLE = Object.fromEntries(actions().map((a) => [a.id, a.title]));
const row = (page: Page, text: string) => page.getByTestId("action-row").filter({ hasText: text });

async function openActions(data: WorkflowData = actionData(), handlers = WORKFLOW_BACKEND): Promise<Page> {
  const page = await openInLondon(handlers, data, { name: "actions" });
  await page.getByTestId("actions").waitFor();
  return page;
}

async function editRow(page: Page, text: string): Promise<Locator> {
  await row(page, text).getByTestId("edit-action").click();
  const editor = page.getByTestId("action-editor");
  await editor.waitFor();
  return editor;
}

test("Change on the actions screen edits an action's title, owner and due date", async () => {
  const page = await openActions();
  // The Change button names the action it changes.
  expect(await row(page, TITLE[1]).getByRole("button", { name: `Change “${TITLE[1]}”` }).count()).toBe(1);
  const editor = await editRow(page, TITLE[1]);
  // The form starts from the action as it is, the due date as a UK user types it.
  expect(await editor.getByLabel("What is to be done").inputValue()).toBe(TITLE[1]);
  expect(await editor.getByLabel("Owner").inputValue()).toBe("Priya Shah");
  expect(await editor.getByLabel("Due date").inputValue()).toBe("18/12/2026");
  expect(await axeViolations(page)).toEqual([]);

  const retitled = "Agree a discharge handover checklist with the community team";
  await editor.getByLabel("What is to be done").fill(retitled);
  await editor.getByLabel("Owner").fill("Sam Ola");
  await editor.getByLabel("Due date").fill("05/01/2027");
  await editor.getByRole("button", { name: "Save the action" }).click();
  await expect.poll(() => callsTo(page, "update_action")).toEqual([
    { id: 1, change: { title: retitled, owner: "Sam Ola", dueDate: "2027-01-05" } },
  ]);
  await expect.poll(() => page.getByTestId("action-editor").count()).toBe(0);
  const cells = await row(page, retitled).locator("td").allTextContents();
  expect(cells[2]).toBe("Sam Ola");
  expect(words(cells[3])).toBe("5 January 2027");
  expect(await row(page, TITLE[1]).count()).toBe(0);
});

test("Cancel leaves the action as it was; an empty title is refused with the backend's words", async () => {
  const page = await openActions();
  let editor = await editRow(page, TITLE[3]);
  await editor.getByLabel("Owner").fill("Someone else");
  await editor.getByRole("button", { name: "Cancel" }).click();
  await expect.poll(() => page.getByTestId("action-editor").count()).toBe(0);
  expect(await callsTo(page, "update_action")).toEqual([]);
  expect((await row(page, TITLE[3]).locator("td").allTextContents())[2]).toBe("Priya Shah");

  editor = await editRow(page, TITLE[3]);
  await editor.getByLabel("What is to be done").fill("   ");
  await editor.getByRole("button", { name: "Save the action" }).click();
  await expect.poll(() => editor.getByTestId("error-message").textContent()).toBe("An action needs a title: say what is to be done");
  expect(await editor.getByTestId("error-summary").getByRole("heading").textContent()).toBe("The action was not changed");
  // The editor stays open with what was typed; the row keeps its title.
  expect(await editor.getByLabel("What is to be done").inputValue()).toBe("   ");
  expect(await row(page, TITLE[3]).getByTestId("action-title").textContent()).toBe(TITLE[3]);
  expect(await axeViolations(page)).toEqual([]);
});

test("deleting an action asks first: “No, keep it” keeps it, “Yes” deletes it", async () => {
  const page = await openActions();
  const editor = await editRow(page, TITLE[3]);
  await editor.getByTestId("delete-action").click();
  const confirm = page.getByTestId("confirm-delete-action");
  await confirm.waitFor();
  expect(words(await confirm.getByRole("heading").textContent())).toBe(`Delete “${TITLE[3]}”?`);
  expect(await axeViolations(page)).toEqual([]);
  await confirm.getByRole("button", { name: "No, keep it" }).click();
  await expect.poll(() => confirm.count()).toBe(0);
  expect(await callsTo(page, "delete_action")).toEqual([]);

  await editor.getByTestId("delete-action").click();
  await page.getByTestId("confirm-delete-action-yes").click();
  await expect.poll(() => row(page, TITLE[3]).count()).toBe(0);
  expect(await callsTo(page, "delete_action")).toEqual([{ id: 3 }]);
  expect(await page.getByTestId("actions").locator("caption").textContent()).toBe("5 of 5 actions");
  expect(await page.getByTestId("action-editor").count()).toBe(0);
});

test("an action of a signed-off inspection offers no delete on the actions screen", async () => {
  const data = actionData();
  for (const a of data.actions ?? []) if (a.id === 4) a.inspectionSignedOff = true;
  const page = await openActions(data);
  const editor = await editRow(page, TITLE[4]);
  expect(await editor.getByTestId("delete-action").count()).toBe(0);
  // One of an open inspection does.
  await editor.getByRole("button", { name: "Cancel" }).click();
  expect(await (await editRow(page, TITLE[5])).getByTestId("delete-action").count()).toBe(1);
});

test("on the inspection screen an item's action is changed, then deleted after confirming", async () => {
  const page = await openInLondon(WORKFLOW_BACKEND, actionData(), { name: "inspection", id: 1, itemId: "safe.safe-systems" });
  const action = page.getByTestId("item-action");
  await action.waitFor();
  expect(words(await action.textContent())).toContain(`${TITLE[1]} (Priya Shah, due 18 December 2026, Not started)`);
  await action.getByTestId("edit-action").click();
  const editor = page.getByTestId("action-editor");
  await editor.getByLabel("Owner").fill("Sam Ola");
  await editor.getByLabel("Due date").fill("5/1/2027");
  // What the field read, in words, before saving.
  expect(await editor.getByTestId("edit-1-due-reads").textContent()).toBe("5 January 2027");
  await editor.getByRole("button", { name: "Save the action" }).click();
  await expect.poll(() => callsTo(page, "update_action")).toEqual([
    { id: 1, change: { title: TITLE[1], owner: "Sam Ola", dueDate: "2027-01-05" } },
  ]);
  await expect.poll(async () => words(await action.textContent())).toContain(`${TITLE[1]} (Sam Ola, due 5 January 2027, Not started)`);

  // The actions screen reads the same action, as changed.
  await page.getByTestId("nav-actions").click();
  await page.getByTestId("actions").waitFor();
  expect((await row(page, TITLE[1]).locator("td").allTextContents())[2]).toBe("Sam Ola");

  // Back at the item, delete it.
  await row(page, TITLE[1]).getByRole("link", { name: "Ward 7" }).click();
  await page.getByTestId("item-action").waitFor();
  await page.getByTestId("item-action").getByTestId("edit-action").click();
  await page.getByTestId("delete-action").click();
  await page.getByTestId("confirm-delete-action-yes").click();
  await expect.poll(() => page.getByTestId("item-action").count()).toBe(0);
  expect(await callsTo(page, "delete_action")).toEqual([{ id: 1 }]);
  expect(await page.getByTestId("item-title").textContent()).toBe("Safe systems, pathways and transitions");
});

// ---------------------------------------------------------------------------------------
// Removing evidence

test("Remove takes an evidence file off an unsigned inspection; the answer then asks for evidence again", async () => {
  const complete = completeView();
  const page = await open(h, WORKFLOW_BACKEND, { templates: templates(), views: { 3: complete } }, {
    name: "inspection",
    id: 3,
    itemId: "environment.ligature-assessment-current",
  });
  const evidence = page.getByTestId("evidence");
  await evidence.waitFor();
  expect(await evidence.textContent()).toContain("ligature-assessment-2026-09.txt");
  expect(await page.getByTestId("needs").count()).toBe(0);
  await page.getByRole("button", { name: "Remove ligature-assessment-2026-09.txt" }).click();
  await expect.poll(() => page.getByTestId("evidence").count()).toBe(0);
  expect(await callsTo(page, "remove_evidence")).toEqual([{ id: 1 }]);
  // The view is read again: the backend now says the "yes" needs evidence.
  expect(await callsTo(page, "open_inspection")).toHaveLength(2);
  expect(await page.getByTestId("needs").textContent()).toContain("This answer needs evidence");
  expect(await axeViolations(page)).toEqual([]);
});

test("evidence the backend refuses to remove stays listed, with the backend's message", async () => {
  const refusing = workflowHandlers({
    remove_evidence: `() => { throw { code: "locked", message: "this inspection is signed off: its evidence is part of the signed record; amend the inspection to change it" }; }`,
  });
  const page = await open(h, refusing, { templates: templates(), views: { 3: completeView() } }, {
    name: "inspection",
    id: 3,
    itemId: "environment.ligature-assessment-current",
  });
  await page.getByTestId("remove-evidence").click();
  await expect.poll(() => page.getByTestId("error-message").textContent()).toBe(
    "This inspection is signed off: its evidence is part of the signed record; amend the inspection to change it",
  );
  expect(await page.getByTestId("evidence").textContent()).toContain("ligature-assessment-2026-09.txt");
});

// ---------------------------------------------------------------------------------------
// Dates: a half-typed date is shown as wrong and never sent

const ADD_ACTION = `({ action }) => ({
  id: 90, inspectionId: action.inspectionId, service: "Ward 7", inspectionKind: "mock", inspectionDate: "2026-11-20",
  team: "A. Okafor, B. Nowak", inspectionSignedOff: false, itemId: action.itemId, itemTitle: "Learning culture",
  title: action.title, owner: action.owner, dueDate: action.dueDate ?? null, status: "not-started", createdAt: "",
  updatedAt: "", history: [], completedAt: null, priority: action.priority ?? null, regulations: [],
})`;

test("a half-typed due date on a new action shows what is wrong, and Raise action sends nothing until it is right", async () => {
  const page = await open(h, withHandlers({ add_action: ADD_ACTION }), homeData(), { name: "inspection", id: 1 });
  await page.getByTestId("item-title").waitFor();
  await page.getByText("Raise an action").click();
  await page.getByLabel("What is to be done").fill("Share the incident reviews at the next huddle");
  const due = page.locator("#action-due");
  expect(await due.getAttribute("placeholder")).toBe("dd/mm/yyyy");
  await due.fill("31/12/");
  const fieldError = page.getByTestId("action-due-error");
  expect(await fieldError.isVisible()).toBe(true);
  expect(words(await fieldError.textContent())).toBe("Error: Enter the date as day/month/year, for example 23/11/2026");
  expect(await due.getAttribute("aria-invalid")).toBe("true");
  expect(await due.getAttribute("aria-describedby")).toContain("action-due-error");
  // The button is never disabled: pressing it says what is wrong, and sends nothing.
  const raise = page.getByRole("button", { name: "Raise action" });
  expect(await raise.isEnabled()).toBe(true);
  await raise.click();
  await expect.poll(() => page.getByTestId("error-message").textContent()).toBe(
    "The due date is not a real date: enter it as day/month/year, for example 23/11/2026.",
  );
  expect(await callsTo(page, "add_action")).toEqual([]);
  expect(await axeViolations(page)).toEqual([]);

  await due.fill("31/12/2026");
  expect(await fieldError.count()).toBe(0);
  expect(await page.getByTestId("action-due-reads").textContent()).toBe("31 December 2026");
  await raise.click();
  await expect.poll(() => callsTo(page, "add_action")).toHaveLength(1);
  const [sent] = (await callsTo(page, "add_action")) as { action: Record<string, unknown> }[];
  expect(sent.action).toMatchObject({ itemId: "safe.learning-culture", dueDate: "2026-12-31" });
  expect(words(await page.getByTestId("item-action").textContent())).toContain("due 31 December 2026");
});

test("an impossible date stops a new inspection being started, with the reason at the field and in the summary", async () => {
  const page = await open(h, BACKEND, { templates: templates(), inspections: inspections() }, { name: "new-inspection" });
  await expect.poll(() => page.locator("#template option").count()).toBe(templates().length);
  await page.getByLabel("Service or ward").fill("Ward 9");
  await page.locator("#date").fill("30/02/2027");
  expect(words(await page.getByTestId("date-error").textContent())).toBe("Error: February 2027 has days 1 to 28");
  const start = page.getByRole("button", { name: "Start inspection" });
  expect(await start.isEnabled()).toBe(true);
  await start.click();
  await page.getByTestId("error-summary").waitFor();
  expect(await page.getByTestId("error-summary").getByRole("heading").textContent()).toBe("The inspection was not started");
  expect(await page.getByTestId("error-message").textContent()).toBe(
    "The date is not a real date: enter it as day/month/year, for example 23/11/2026.",
  );
  expect(await callsTo(page, "create_inspection")).toEqual([]);
  expect(await page.locator("#date").inputValue()).toBe("30/02/2027");
  expect(await axeViolations(page)).toEqual([]);
});

test("a half-typed due date in the action editor is not saved, and says why", async () => {
  const page = await openActions();
  const editor = await editRow(page, TITLE[2]);
  await editor.getByLabel("Due date").fill("12/13/2026");
  expect(words(await editor.getByTestId("edit-2-due-error").textContent())).toBe("Error: The month must be between 1 and 12");
  const saveButton = editor.getByRole("button", { name: "Save the action" });
  expect(await saveButton.isEnabled()).toBe(true);
  await saveButton.click();
  await expect.poll(() => editor.getByTestId("error-message").textContent()).toBe(
    "The due date is not a real date: enter it as day/month/year, for example 23/11/2026.",
  );
  expect(await callsTo(page, "update_action")).toEqual([]);
  // Emptied, the action has no due date.
  await editor.getByLabel("Due date").fill("");
  await saveButton.click();
  await expect.poll(() => callsTo(page, "update_action")).toEqual([
    { id: 2, change: { title: TITLE[2], owner: "Estates: Tom Reilly", dueDate: null } },
  ]);
  await expect.poll(async () => words((await row(page, TITLE[2]).locator("td").allTextContents())[3])).toBe("–");
});

// ---------------------------------------------------------------------------------------
// Dates shown in UK form

const ISO_DATE = /\d{4}-\d{2}-\d{2}/;

test("the home list shows each inspection's date as a UK date, never YYYY-MM-DD", async () => {
  const page = await open(h, BACKEND, homeData());
  await page.getByTestId("inspections").waitFor();
  const dates = await page.getByTestId("inspection-row").evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll("td")[4]?.textContent?.trim()));
  expect(dates).toEqual([ukDate("2026-11-01"), ukDate("2026-11-20")]);
  expect(dates).toEqual(["1 November 2026", "20 November 2026"]);
  expect(await page.getByTestId("inspections").textContent()).not.toMatch(ISO_DATE);
});

test("the actions table shows due dates, inspection dates and completion days in UK form", async () => {
  const page = await openActions({ ...actionData(), actions: actionsDueFrom() });
  const table = page.getByTestId("actions");
  const due = await page.getByTestId("action-row").evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll("td")[3]?.querySelector(".kl-nowrap")?.textContent));
  expect(due).toEqual([0, -5, 60, -10, -1].map((d) => ukDate(dayFromToday(d))).concat(["–"]));
  expect(await page.getByTestId("action-inspection").allTextContents()).toEqual([
    "Mock inspection, 20 November 2026, A. Okafor",
    "Mock inspection, 20 November 2026, A. Okafor",
    "Mock inspection, 20 November 2026, A. Okafor",
    "Self-assessment, 1 November 2026, C. Mensah",
    "Self-assessment, 3 November 2026, D. Achterberg",
    "Self-assessment, 3 November 2026, D. Achterberg",
  ]);
  // Completed in the fixture at 16:03 UTC on 3 December 2026.
  expect(await row(page, TITLE[4]).getByTestId("completed-on").textContent()).toBe("Completed on 3 December 2026");
  expect(await page.getByTestId("completed-on").count()).toBe(1);
  expect(await table.textContent()).not.toMatch(ISO_DATE);

  // Completing one says when (the backend's time); reopening it takes that away.
  await row(page, TITLE[1]).locator("select").selectOption("completed");
  await expect.poll(() => row(page, TITLE[1]).getByTestId("completed-on").textContent()).toBe("Completed on 22 November 2026");
  await row(page, TITLE[1]).locator("select").selectOption("in-progress");
  await expect.poll(() => row(page, TITLE[1]).getByTestId("completed-on").count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
});

// ---------------------------------------------------------------------------------------
// Items by their titles, never their ids

test("no item id is shown in the item heading or the item list; it is kept for template authors in the details", async () => {
  const saf = safView();
  const ids = itemIds(saf);
  const page = await open(h, BACKEND, homeData(), { name: "inspection", id: 1 });
  const heading = page.getByTestId("item-title");
  const list = page.getByRole("navigation", { name: "Sections and items" });
  for (const [i, expected] of ["Learning culture", "Safe systems, pathways and transitions", "Safeguarding"].entries()) {
    if (i > 0) await page.keyboard.press("j");
    await expect.poll(() => heading.textContent()).toBe(expected);
    const shown = `${await heading.textContent()} ${await list.textContent()}`;
    for (const id of ids) expect(shown).not.toContain(id);
  }
  // Every item is listed by its title.
  const listed = await list.getByRole("link").allTextContents();
  expect(listed).toHaveLength(34);
  expect(words(listed[0])).toBe("○ Learning culture (not answered)");
  // The id is there, under the item's details, for whoever writes templates.
  const details = page.getByTestId("item-basis");
  await details.locator("summary").click();
  expect(await details.getByTestId("item-id").textContent()).toBe("Item id, for template authors: safe.safeguarding");
  expect(await details.getByTestId("item-id").isVisible()).toBe(true);
  expect(await axeViolations(page)).toEqual([]);
});

test("the actions table names each action's item by its title, never its id", async () => {
  const page = await openActions();
  const text = (await page.getByTestId("actions").textContent()) ?? "";
  for (const a of actions()) if (a.itemId) expect(text).not.toContain(a.itemId);
  expect(await page.getByTestId("action-item").allTextContents()).toEqual(
    actions().flatMap((a: Action) => (a.itemTitle ? [a.itemTitle] : [])),
  );
  expect(await row(page, TITLE[1]).getByTestId("action-item").textContent()).toBe("Safe systems, pathways and transitions");
});

// ---------------------------------------------------------------------------------------
// Compare: every disagreement

/** Ward 7's mock inspection (1) and its peer review (2), both on SAF v2.0, as views. */
function compareData(result: Comparison = comparison()): WorkflowData {
  const first = safView();
  const second = safView();
  second.inspection = { ...second.inspection, id: 2, kind: "peer-review", team: "B. Nowak" };
  return { templates: templates(), inspections: workflowInspections(), views: { 1: first, 2: second }, comparison: result };
}

async function compare(data: WorkflowData): Promise<Page> {
  const page = await open(h, WORKFLOW_BACKEND, data, { name: "compare" });
  await expect.poll(() => page.locator("#compare-a option").count()).toBe(workflowInspections().length + 1);
  await page.getByLabel("First inspection").selectOption("1");
  await page.getByLabel("Second inspection").selectOption("2");
  await page.getByRole("button", { name: "Compare" }).click();
  await page.getByTestId("comparison").waitFor();
  return page;
}

test("Compare lists every item answered differently, under columns named for each inspection, each linking to the item", async () => {
  const page = await compare(compareData());
  const table = page.getByTestId("differences");
  expect(await table.locator("thead th").allTextContents()).toEqual(["Item", "First: A. Okafor", "Second: B. Nowak", "How far apart"]);
  const rows = page.getByTestId("difference");
  expect(await rows.count()).toBe(5);
  const first = await rows.first().locator("td").allTextContents();
  expect(first.slice(1)).toEqual(["2, Some shortfalls", "4, Exceptional standard", "67% of the scale"]);
  expect(await page.getByTestId("answered-by-one").textContent()).toContain("Governance, management and sustainability");
  expect(await axeViolations(page)).toEqual([]);

  // The item's link opens the first inspection at that item.
  await rows.filter({ hasText: "Safe environments" }).getByTestId("difference-link").click();
  await expect.poll(() => page.getByTestId("item-title").textContent()).toBe("Safe environments");
  expect(await savedRoute(page)).toEqual({ name: "inspection", id: 1, itemId: "safe.safe-environments" });
  expect(await page.getByTestId("inspection-title").textContent()).toContain("Mock inspection");

  // And the second inspection at it too.
  const again = await compare(compareData());
  await again.getByTestId("difference").filter({ hasText: "Medicines optimisation" }).getByRole("link", { name: "Open in the second inspection" }).click();
  await expect.poll(() => again.getByTestId("item-title").textContent()).toBe("Medicines optimisation");
  expect(await savedRoute(again)).toEqual({ name: "inspection", id: 2, itemId: "safe.medicines-optimisation" });
  expect(await again.getByTestId("inspection-title").textContent()).toContain("Peer review");
});

test("Compare lists every disagreement, not only the five biggest", async () => {
  // Twelve items both answered, all differently; the backend's biggest differences are still five.
  const base = comparison();
  const labels = ["1, Significant shortfalls", "2, Some shortfalls", "3, Good standard", "4, Exceptional standard"];
  const items = base.items.map((d) => {
    if (d.a === null || d.b === null) return d;
    const b = labels[(labels.indexOf(d.a) + 1) % labels.length];
    return { ...d, b, agree: false, difference: 1 / 3 };
  });
  const page = await compare(compareData({ ...base, agreements: 0, percentAgreement: 0, items }));
  const expected = items.filter((d) => d.a !== null && d.b !== null).map((d) => d.title);
  expect(expected).toHaveLength(12);
  expect(base.biggestDifferences).toHaveLength(5);
  expect(await page.getByTestId("difference-link").allTextContents()).toEqual(expected);
  expect(await page.getByRole("heading", { name: "Where they disagree (12)" }).count()).toBe(1);
  expect(await page.getByTestId("no-disagreements").count()).toBe(0);
});

// ---------------------------------------------------------------------------------------
// The score panel: a sentence per rated section, the rounding rule once

test("each rated section says what it got in a sentence, and the rounding rule is stated once", async () => {
  const unmet = unmetView();
  const note = unmet.score.roundingNote;
  expect(note).toBeTruthy();
  const page = await open(h, WORKFLOW_BACKEND, { templates: templates(), views: { 4: unmet } }, { name: "inspection", id: 4 });
  await page.getByTestId("item-title").waitFor();
  expect(await page.getByTestId("section-summary").allTextContents()).toEqual(unmet.score.sections.map((s) => s.summary));
  expect(await page.getByTestId("section-summary").first().textContent()).toBe("Compliant: 100% of the points.");
  // Stated once, under the scores, not in each section's explanation.
  const rounding = page.getByTestId("rounding-note");
  expect(await rounding.count()).toBe(1);
  expect(await rounding.textContent()).toBe(note);
  const panel = (await page.getByTestId("score-panel").textContent()) ?? "";
  expect(panel.split(note!)).toHaveLength(2);
  expect(await axeViolations(page)).toEqual([]);
});

test("sections not yet rated have no summary, and with no rounding to state there is no note", async () => {
  // The SAF inspection: every key question still being answered; one rounding note.
  const saf = await open(h, BACKEND, homeData(), { name: "inspection", id: 1 });
  await saf.getByTestId("item-title").waitFor();
  expect(await saf.getByTestId("section-summary").count()).toBe(0);
  expect(await saf.getByTestId("section-provisional").count()).toBe(5);
  expect(await saf.getByTestId("rounding-note").count()).toBe(1);
  expect(await saf.getByTestId("rounding-note").textContent()).toBe(safView().score.roundingNote);

  // Ward 3, complete, where rounding changed nothing: summaries, and no note.
  const complete = completeView();
  expect(complete.score.roundingNote).toBeNull();
  const page = await open(h, WORKFLOW_BACKEND, { templates: templates(), views: { 3: complete } }, { name: "inspection", id: 3 });
  await page.getByTestId("item-title").waitFor();
  expect(await page.getByTestId("section-summary").count()).toBe(complete.score.sections.length);
  expect(await page.getByTestId("rounding-note").count()).toBe(0);
});

test("a moderated section's summary says so, and its details offer only to remove the moderation", async () => {
  const view = unmetView();
  const why = "Estates faults were logged late twice this month.";
  const moderated: ScoreResult = structuredClone(view.score);
  const environment = moderated.sections[0];
  environment.override = { rating: "partly-compliant", justification: why, computedRating: environment.rating ?? "compliant" };
  environment.rating = "partly-compliant";
  environment.ratingLabel = "Partly compliant";
  // As the backend words it (see saf-score-moderated.json).
  environment.summary = `Partly compliant, moderated by the inspector: "${why}" Computed: Compliant: 100% of the points.`;
  environment.explanation += ` Moderated to Partly compliant by the inspector (computed: Compliant), because: "${why}"`;
  const page = await open(
    h,
    WORKFLOW_BACKEND,
    { templates: templates(), views: { 4: view }, overrideScores: { 4: moderated } },
    { name: "inspection", id: 4 },
  );
  await page.getByTestId("item-title").waitFor();
  const section = page.getByTestId("section-score").first();
  await section.getByText("How this was reached").click();
  await section.getByRole("button", { name: "Moderate this rating" }).click();
  await section.getByLabel("Moderated rating").selectOption({ label: "Partly compliant" });
  await section.getByLabel("Justification (required)").fill(why);
  await section.getByRole("button", { name: "Save moderated rating" }).click();
  await expect.poll(() => section.getByTestId("section-summary").textContent()).toBe(environment.summary);
  expect(await section.getByTestId("section-rating").textContent()).toBe("Partly compliant");
  expect(await section.getByTestId("moderated").textContent()).toBe("Moderated");
  // No separate "Moderated: “…”" paragraph; the way to undo it is still there.
  expect(await section.textContent()).not.toContain("Moderated: “");
  expect(await section.getByRole("button", { name: "Remove moderation" }).count()).toBe(1);
  expect(await axeViolations(page)).toEqual([]);
});

test("a date typed in UK order is read back in words beside the field", async () => {
  const page = await openActions();
  for (const iso of ["2026-01-05", "2026-11-20", "2027-02-28"]) {
    await page.getByLabel("Due by").fill(ukEntry(iso));
    expect(await page.getByTestId("f-due-reads").textContent()).toBe(ukDate(iso));
  }
});
