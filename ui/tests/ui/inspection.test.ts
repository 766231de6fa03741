// The inspection screen, driven from the keyboard as inspectors use it: answering, moving,
// notes, save state, errors, coming back to where you were, and moderating a rating.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Answer, InspectionView } from "../../src/lib/bindings";
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
  safScoreAnswered,
  progressOf,
  safScoreModerated,
  safView,
  stateOf,
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

const SAF = safView();
const MONTHLY = monthlyView();

function data(): MockData {
  return {
    templates: templates(),
    inspections: inspections(),
    views: { 1: safView(), 2: monthlyView() },
    answerScores: { 1: safScoreAnswered() },
    overrideScores: { 1: safScoreModerated() },
  };
}

/** The item as the template has it. */
function item(view: InspectionView, id: string) {
  for (const s of view.template.sections) for (const i of s.items) if (i.id === id) return i;
  throw new Error(`no item ${id}`);
}

async function openInspection(id: number, handlers = BACKEND, itemId?: string): Promise<Page> {
  const page = await open(h, handlers, data(), { name: "inspection", id, itemId });
  await page.getByTestId("item-title").waitFor();
  return page;
}

const title = (page: Page) => page.getByTestId("item-title").textContent();

/** One section of the score panel. */
const section = (page: Page, title: string) =>
  page.getByTestId("section-score").filter({ has: page.getByText(title, { exact: true }) });

/**
 * What the score panel says of a section still being answered: "Not yet rated" (the SAF
 * template rates a key question once every statement in it is answered) and how many of
 * its items are answered.
 */
async function sectionState(page: Page, title: string): Promise<[string, string]> {
  const s = section(page, title);
  return [(await s.getByTestId("section-percent").textContent()) ?? "", (await s.getByTestId("section-provisional").textContent()) ?? ""];
}

/** The section's explanation (under "How this was reached"), with the score it gives. */
const explanation = (page: Page, title: string) => section(page, title).getByTestId("section-explanation").textContent();

/** An item's entry in the list of sections and items, found by its title. */
const itemLink = (page: Page, itemTitle: string) =>
  page.getByRole("navigation", { name: "Sections and items" }).getByRole("link", { name: new RegExp(`^${itemTitle}`) });

test("the title shows the service and the first item is shown with its prompts and descriptors", async () => {
  const page = await openInspection(1);
  const h1 = await page.getByTestId("inspection-title").textContent();
  expect(h1).toContain("Ward 7");
  expect(h1).toContain("Mock inspection, 20 November 2026");
  const first = item(SAF, "safe.learning-culture");
  // The heading is the item's title alone; its id is a detail for template authors.
  expect(await title(page)).toBe("Learning culture");
  expect(await title(page)).not.toContain("safe.learning-culture");
  expect(await page.getByTestId("item-id").textContent()).toBe("Item id, for template authors: safe.learning-culture");
  expect(await page.getByTestId("prompts").locator("li").allTextContents()).toEqual(first.prompts);
  expect(await page.getByTestId("answer-3").textContent()).toContain(first.descriptors?.["3"]);
  expect(await page.getByTestId("item").textContent()).toContain("item 1 of 34");
  expect(await sectionState(page, "Safe")).toEqual(["Not yet rated", "6 of 8 answered"]);
  expect(await explanation(page, "Safe")).toBe(`When every item is answered: ${SAF.score.sections[0].explanation}`);
});

test("pressing 3 answers the current item with level 3 and the score panel shows the new score", async () => {
  const page = await openInspection(1);
  await page.keyboard.press("3");
  await expect.poll(() => callsTo(page, "answer")).toEqual([
    { id: 1, itemId: "safe.learning-culture", answer: { kind: "level", value: 3 } satisfies Answer },
  ]);
  // Safe is still not rated (Medicines optimisation is unanswered), but one more is answered
  // and its explanation gives the new score, 65.6%, from 56.3%.
  await expect.poll(() => sectionState(page, "Safe")).toEqual(["Not yet rated", "7 of 8 answered"]);
  expect(await explanation(page, "Safe")).toBe(`When every item is answered: ${safScoreAnswered().sections[0].explanation}`);
  expect(await explanation(page, "Safe")).toContain("65.6%");
  expect(await page.getByTestId("answer-3").getAttribute("aria-pressed")).toBe("true");
  expect(await page.getByTestId("answer-2").getAttribute("aria-pressed")).toBe("false");
  expect(await page.getByTestId("save-state").textContent()).toContain("Saved");
  expect(await itemLink(page, "Learning culture").textContent()).toContain("(answered)");
  expect(await page.getByTestId("overall-explanation").textContent()).toBe(safScoreAnswered().overall.explanation);
  // Answering does not move on: the inspector may still want to write a note.
  expect(await title(page)).toBe("Learning culture");
});

test("a key that is not one of the item's answers sends nothing", async () => {
  const page = await openInspection(1);
  for (const key of ["5", "0", "y", "a", "p"]) await page.keyboard.press(key);
  await page.keyboard.press("2");
  await expect.poll(() => callsTo(page, "answer")).toHaveLength(1);
  expect(await callsTo(page, "answer")).toEqual([{ id: 1, itemId: "safe.learning-culture", answer: { kind: "level", value: 2 } }]);
});

test("j and ArrowDown move to the next item, k and ArrowUp back, stopping at the first", async () => {
  const page = await openInspection(1);
  await page.keyboard.press("j");
  await expect.poll(() => title(page)).toBe("Safe systems, pathways and transitions");
  // The next item's saved note and answer come with it.
  expect(await page.getByTestId("note").inputValue()).toBe(
    "Two discharges in October left without a written handover to the community team.",
  );
  expect(await page.getByTestId("answer-2").getAttribute("aria-pressed")).toBe("true");
  await page.keyboard.press("ArrowDown");
  await expect.poll(() => title(page)).toBe("Safeguarding");
  expect(await page.getByTestId("note").inputValue()).toBe("");
  await page.keyboard.press("k");
  await expect.poll(() => title(page)).toBe("Safe systems, pathways and transitions");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("k");
  await expect.poll(() => title(page)).toBe("Learning culture");
  // Answers after moving go to the item shown.
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("4");
  await expect.poll(() => callsTo(page, "answer")).toEqual([{ id: 1, itemId: "safe.safeguarding", answer: { kind: "level", value: 4 } }]);
});

test("moving past a section's last item goes on to the next section", async () => {
  const page = await openInspection(1, BACKEND, "safe.medicines-optimisation");
  expect(await title(page)).toBe("Medicines optimisation");
  await page.keyboard.press("j");
  await expect.poll(() => title(page)).toBe("Assessing needs");
});

const LIGATURE = "environment.ligature-assessment-current";
const INTERIM = "environment.interim-ligature-plan";

/**
 * What the backend says after "yes" and "no" to the monthly ligature check, and after a note
 * on it (the app test `the_monthly_ligature_check_asks_for_what_the_template_says` checks the
 * real backend says the same): "yes" asks for evidence; "no" asks for a note, suggests a
 * reassessment and shows the interim-plan follow-up.
 */
function ligatureResults(): Pick<MockData, "answerResults" | "noteResults"> {
  const view = monthlyView();
  const interim = { ...stateOf(view, INTERIM), visible: true };
  const no = (met: boolean) => ({
    ...stateOf(view, LIGATURE),
    required: [{ kind: "note" as const, met }],
    suggestedAction: "Book a ligature risk reassessment with the estates and health and safety teams",
  });
  return {
    answerResults: {
      [`2 ${LIGATURE} yes`]: progressOf(view, [{ ...stateOf(view, LIGATURE), required: [{ kind: "evidence", met: false }] }]),
      [`2 ${LIGATURE} no`]: progressOf(view, [no(false), interim]),
    },
    noteResults: { [`2 ${LIGATURE}`]: progressOf(view, [no(true), interim]) },
  };
}

test("y, n and a answer a yes/no item with yes, no and not applicable", async () => {
  const page = await open(h, BACKEND, { ...data(), ...ligatureResults() }, { name: "inspection", id: 2 });
  await page.getByTestId("item-title").waitFor();
  expect(await title(page)).toBe(item(MONTHLY, LIGATURE).title);
  await page.keyboard.press("y");
  await expect.poll(() => page.getByTestId("answer-y").getAttribute("aria-pressed")).toBe("true");
  await page.keyboard.press("n");
  await expect.poll(() => page.getByTestId("answer-n").getAttribute("aria-pressed")).toBe("true");
  expect(await page.getByTestId("answer-y").getAttribute("aria-pressed")).toBe("false");
  // This check does not allow N/A, so "a" offers nothing here.
  expect(await page.getByTestId("answer-a").count()).toBe(0);
  await page.keyboard.press("a");

  // "No" here needs a note (the template's logic): moving on is refused until there is one.
  await page.keyboard.press("j");
  await expect.poll(() => page.getByTestId("error-message").textContent()).toBe(
    "The template asks for a note with this answer before you move on: write what you found in the note box.",
  );
  expect(await title(page)).toBe(item(MONTHLY, LIGATURE).title);
  expect(await page.getByTestId("suggested-action").textContent()).toBe(
    "The template suggests: “Book a ligature risk reassessment with the estates and health and safety teams”.",
  );
  await page.getByTestId("note").fill("Assessment expired in August; renewal booked.");
  await page.getByTestId("note").press("Escape");

  // With the note, moving on is allowed, to the follow-up the "no" called for.
  await page.keyboard.press("j");
  await expect.poll(() => title(page)).toBe(item(MONTHLY, INTERIM).title);
  // Move to a check that allows N/A.
  for (let i = 0; i < 6; i++) await page.keyboard.press("j");
  await expect.poll(() => title(page)).toBe(item(MONTHLY, "environment.estates-faults-logged").title);
  await page.keyboard.press("a");
  await expect.poll(() => page.getByTestId("answer-a").getAttribute("aria-pressed")).toBe("true");
  expect(await callsTo(page, "answer")).toEqual([
    { id: 2, itemId: "environment.ligature-assessment-current", answer: { kind: "yes" } },
    { id: 2, itemId: "environment.ligature-assessment-current", answer: { kind: "no" } },
    { id: 2, itemId: "environment.estates-faults-logged", answer: { kind: "na" } },
  ]);
});

test("t opens the note; what is typed is saved when the box is left, and says Saved", async () => {
  const page = await openInspection(1);
  await page.keyboard.press("t");
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("note");
  // Letters that are shortcuts elsewhere are just text here.
  const text = "Staff knew the junior doctor's rota; 3 incident reviews seen, and a near-miss log.";
  await page.keyboard.type(text);
  expect(await page.getByTestId("note").inputValue()).toBe(text);
  expect(await callsTo(page, "save_note")).toEqual([]);
  expect(await callsTo(page, "answer")).toEqual([]);

  await page.keyboard.press("Escape");
  await expect.poll(() => callsTo(page, "save_note")).toEqual([{ id: 1, itemId: "safe.learning-culture", text }]);
  await expect.poll(() => page.getByTestId("save-state").textContent()).toContain("Saved");
  expect(await title(page)).toBe("Learning culture");

  // The note stays with its item when moving away and back, and an unchanged note is not saved again.
  await page.keyboard.press("j");
  await expect.poll(() => title(page)).toBe("Safe systems, pathways and transitions");
  await page.keyboard.press("k");
  await expect.poll(() => page.getByTestId("note").inputValue()).toBe(text);
  await page.keyboard.press("t");
  await page.keyboard.press("Escape");
  expect(await callsTo(page, "save_note")).toHaveLength(1);
});

test("a note left by clicking elsewhere is saved too", async () => {
  const page = await openInspection(1);
  await page.getByTestId("note").fill("Debrief records seen for both restraints this month.");
  await page.getByTestId("item-title").click();
  await expect.poll(() => callsTo(page, "save_note")).toEqual([
    { id: 1, itemId: "safe.learning-culture", text: "Debrief records seen for both restraints this month." },
  ]);
});

test("a note that fails to save says so and keeps the text in the box", async () => {
  const failing = withHandlers({
    save_note: `() => { throw { code: "diskFull", message: "The disk is full; free some space and try again." }; }`,
  });
  const page = await openInspection(1, failing);
  await page.keyboard.press("t");
  await page.keyboard.type("Huddle board out of date.");
  await page.keyboard.press("Escape");
  await expect.poll(() => page.getByTestId("error-message").textContent()).toBe("The disk is full; free some space and try again.");
  expect(await page.getByTestId("note").inputValue()).toBe("Huddle board out of date.");
  expect(await page.getByTestId("save-state").textContent()).not.toContain("Saved");
});

// A note that cannot be saved keeps the inspector on its item, with the text still in the box,
// until it is saved: moving on would otherwise lose it.
test("a note that fails to save keeps the inspector on its item with the text kept", async () => {
  const failing = withHandlers({
    save_note: `() => { throw { code: "diskFull", message: "The disk is full; free some space and try again." }; }`,
  });
  const page = await openInspection(1, failing);
  await page.getByTestId("note").fill("Huddle board out of date.");
  await page.getByRole("button", { name: /^Next/ }).click();
  await expect.poll(() => page.getByTestId("error-message").textContent()).toBe("The disk is full; free some space and try again.");
  expect(await title(page)).toBe("Learning culture");
  expect(await page.getByTestId("note").inputValue()).toBe("Huddle board out of date.");
  await page.keyboard.press("j");
  await expect.poll(() => page.getByTestId("error-message").textContent()).toBe("The disk is full; free some space and try again.");
  expect(await title(page)).toBe("Learning culture");
  expect(await page.getByTestId("note").inputValue()).toBe("Huddle board out of date.");
});

test("a failed answer shows the backend's message and leaves the item and the score as they were", async () => {
  const failing = withHandlers({
    answer: `() => { throw { code: "busy", message: "The database is busy (another Keyline is writing); try again in a moment." }; }`,
  });
  const page = await openInspection(1, failing);
  await page.keyboard.press("3");
  const summary = page.getByTestId("error-summary");
  await summary.waitFor();
  expect(await summary.getByRole("heading").textContent()).toBe("That was not saved");
  expect(await page.getByTestId("error-message").textContent()).toBe(
    "The database is busy (another Keyline is writing); try again in a moment.",
  );
  expect(await title(page)).toBe("Learning culture");
  expect(await page.getByTestId("answer-3").getAttribute("aria-pressed")).toBe("false");
  expect(await page.getByTestId("save-state").textContent()).not.toContain("Saved");
  expect(await sectionState(page, "Safe")).toEqual(["Not yet rated", "6 of 8 answered"]);
  expect(await explanation(page, "Safe")).toContain("56.3%");

  // Once the backend answers again, the message goes and the answer is taken.
  await page.evaluate(() => {
    const mock = window.__KEYLINE_MOCK__;
    const data = (window as unknown as { __DATA__: MockData }).__DATA__;
    const view = data.views?.[1];
    if (mock && view) mock.answer = () => ({ score: data.answerScores?.[1], itemStates: view.itemStates, unmet: view.unmet });
  });
  await page.keyboard.press("3");
  await expect.poll(() => sectionState(page, "Safe")).toEqual(["Not yet rated", "7 of 8 answered"]);
  expect(await explanation(page, "Safe")).toContain("65.6%");
  expect(await page.getByTestId("error-summary").count()).toBe(0);
});

test("reopening the app returns to the same inspection and item", async () => {
  const context = await newContext(h);
  const first = await openIn(context, h, BACKEND, data());
  await first.getByRole("link", { name: "Ward 7" }).click();
  await first.getByTestId("item-title").waitFor();
  await first.keyboard.press("j");
  await first.keyboard.press("j");
  await expect.poll(() => title(first)).toBe("Safeguarding");
  await first.close();

  const again = await openIn(context, h, BACKEND, data());
  await expect.poll(() => title(again)).toBe("Safeguarding");
  expect(await again.getByTestId("inspection-title").textContent()).toContain("Ward 7");
  expect(await callsTo(again, "open_inspection")).toEqual([{ id: 1 }]);
  expect(await callsTo(again, "list_inspections")).toEqual([]);
  await context.close();
});

test("an item that is no longer in the template falls back to the first item", async () => {
  const page = await openInspection(1, BACKEND, "safe.no-such-item");
  expect(await title(page)).toBe("Learning culture");
});

test("moderating a section's rating sends the rating and justification and shows the result", async () => {
  const page = await openInspection(1);
  const effective = page.getByTestId("section-score").filter({ has: page.getByText("Effective", { exact: true }) });
  await effective.getByText("How this was reached").click();
  await effective.getByRole("button", { name: "Moderate this rating" }).click();
  const why = "Only one statement seen so far, of a good standard; 13% understates the ward.";
  await effective.getByLabel("Moderated rating").selectOption({ label: "Requires improvement" });
  await effective.getByLabel("Justification (required)").fill(why);
  await effective.getByRole("button", { name: "Save moderated rating" }).click();

  await expect.poll(() => callsTo(page, "set_override")).toEqual([
    { id: 1, sectionId: "effective", moderation: { rating: "requires-improvement", justification: why } },
  ]);
  // Effective is not rated until all of it is answered; the backend's explanation says it is
  // moderated, and why, once: the justification has no paragraph of its own any more.
  await expect.poll(() => explanation(page, "Effective")).toBe(
    `When every item is answered: ${safScoreModerated().sections[1].explanation}`,
  );
  expect(await explanation(page, "Effective")).toContain(`Moderated to Requires improvement by the inspector (computed: Inadequate), because: "${why}"`);
  expect(await sectionState(page, "Effective")).toEqual(["Not yet rated", "1 of 6 answered"]);
  const text = (await effective.textContent()) ?? "";
  expect(text).not.toContain("Moderated: “");
  expect(text.split(why)).toHaveLength(2);
  expect(await page.getByTestId("overall-explanation").textContent()).toBe(safScoreModerated().overall.explanation);
  expect(await effective.getByRole("button", { name: "Remove moderation" }).count()).toBe(1);
  expect(await effective.getByLabel("Moderated rating").count()).toBe(0);
  // Typing in the moderation form never answered an item.
  expect(await callsTo(page, "answer")).toEqual([]);
});

test("removing a moderation sends no rating and the computed rating shows again", async () => {
  const view = safView();
  view.score = safScoreModerated();
  view.overrides = [{ sectionId: "effective", rating: "requires-improvement", justification: "Only one statement seen so far." }];
  const page = await open(h, BACKEND, { views: { 1: view }, overrideScores: { 1: safScoreAnswered() } }, { name: "inspection", id: 1 });
  const effective = section(page, "Effective");
  expect(await explanation(page, "Effective")).toContain("Moderated to Requires improvement by the inspector");
  await effective.getByText("How this was reached").click();
  await effective.getByRole("button", { name: "Remove moderation" }).click();
  // The computed score is explained again, with no moderation in it.
  await expect.poll(() => explanation(page, "Effective")).toBe(
    `When every item is answered: ${safScoreAnswered().sections[1].explanation}`,
  );
  expect(await explanation(page, "Effective")).not.toContain("Moderated");
  expect(await page.getByTestId("overall-explanation").textContent()).toBe(safScoreAnswered().overall.explanation);
  expect(await callsTo(page, "set_override")).toEqual([{ id: 1, sectionId: "effective", moderation: null }]);
  expect(await effective.getByRole("button", { name: "Remove moderation" }).count()).toBe(0);
});

test("a refused moderation shows why and keeps the form as typed", async () => {
  const refusing = withHandlers({
    set_override: `() => { throw { code: "invalidInput", message: "write why the rating is moderated" }; }`,
  });
  const page = await openInspection(1, refusing);
  const safe = page.getByTestId("section-score").filter({ has: page.getByText("Safe", { exact: true }) });
  await safe.getByText("How this was reached").click();
  await safe.getByRole("button", { name: "Moderate this rating" }).click();
  await safe.getByLabel("Moderated rating").selectOption({ label: "Good" });
  await safe.getByRole("button", { name: "Save moderated rating" }).click();
  // The backend's message, as a sentence.
  await expect.poll(() => page.getByTestId("error-message").textContent()).toBe("Write why the rating is moderated");
  expect(await callsTo(page, "set_override")).toEqual([
    { id: 1, sectionId: "safe", moderation: { rating: "good", justification: "" } },
  ]);
  expect(await safe.getByLabel("Moderated rating").inputValue()).toBe("good");
  expect(await sectionState(page, "Safe")).toEqual(["Not yet rated", "6 of 8 answered"]);
  expect(await explanation(page, "Safe")).toBe(`When every item is answered: ${SAF.score.sections[0].explanation}`);
});

test("the inspection screen has no accessibility violations, with the score explanations open too", async () => {
  const page = await openInspection(1);
  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press("3");
  await expect.poll(() => page.getByTestId("save-state").textContent()).toContain("Saved");
  for (const summary of await page.getByTestId("score-panel").locator("summary").all()) await summary.click();
  await page.getByTestId("score-panel").getByRole("button", { name: "Moderate this rating" }).first().click();
  expect(await axeViolations(page)).toEqual([]);
});

test("the yes/no inspection screen has no accessibility violations", async () => {
  const page = await openInspection(2);
  await page.keyboard.press("n");
  await expect.poll(() => page.getByTestId("answer-n").getAttribute("aria-pressed")).toBe("true");
  expect(await axeViolations(page)).toEqual([]);
});

test("an inspection that is no longer in the database returns to the list", async () => {
  const page = await open(h, BACKEND, data(), { name: "inspection", id: 99 });
  await page.getByTestId("inspections").waitFor();
  expect(await callsTo(page, "open_inspection")).toEqual([{ id: 99 }]);
  const route = await page.evaluate(() => JSON.parse(localStorage.getItem("keyline.route") ?? "null"));
  expect(route).toEqual({ name: "home" });
});

test("an inspection that cannot be opened for now says why and can be retried", async () => {
  const busy = withHandlers({
    open_inspection: `() => { throw { code: "busy", message: "The database is busy; try again in a moment." }; }`,
  });
  const page = await open(h, busy, data(), { name: "inspection", id: 1 });
  await expect.poll(() => page.getByTestId("error-message").textContent()).toBe("The database is busy; try again in a moment.");
  expect(await page.getByTestId("error-summary").getByRole("heading").textContent()).toBe("The inspection could not be opened");
  await page.evaluate(() => {
    const mock = window.__KEYLINE_MOCK__;
    if (mock) mock.open_inspection = () => (window as unknown as { __DATA__: MockData }).__DATA__.views?.[1];
  });
  await page.getByRole("button", { name: "Try again" }).click();
  await expect.poll(() => title(page)).toBe("Learning culture");
  expect(await page.getByTestId("error-summary").count()).toBe(0);
});

// The screen applies no template rules of its own: what an answer asks for, the suggested
// action and which items are listed come from the backend's item states, even where the
// template's rules, applied in the browser, would say otherwise.

test("a note the backend asks for is asked for, though the template's rule would not fire", async () => {
  // safe.learning-culture asks for a note at 2 or below; the backend here says 3 needs one.
  const asked = {
    ...stateOf(SAF, "safe.learning-culture"),
    required: [{ kind: "note" as const, met: false }],
    suggestedAction: "Share the incident reviews at the next huddle",
  };
  const page = await open(
    h,
    BACKEND,
    {
      ...data(),
      answerResults: { "1 safe.learning-culture level": progressOf(SAF, [asked], safScoreAnswered()) },
      noteResults: {
        "1 safe.learning-culture": progressOf(SAF, [{ ...asked, required: [{ kind: "note", met: true }] }], safScoreAnswered()),
      },
    },
    { name: "inspection", id: 1 },
  );
  await page.getByTestId("item-title").waitFor();
  expect(await page.getByTestId("suggested-action").count()).toBe(0);
  await page.keyboard.press("3");
  await expect.poll(() => page.getByTestId("suggested-action").textContent()).toBe(
    "The template suggests: “Share the incident reviews at the next huddle”.",
  );
  await page.keyboard.press("j");
  await expect.poll(() => page.getByTestId("error-message").textContent()).toBe(
    "The template asks for a note with this answer before you move on: write what you found in the note box.",
  );
  expect(await title(page)).toBe("Learning culture");

  // Once the backend says the note meets it, moving on is allowed.
  await page.getByTestId("note").fill("Three incident reviews seen.");
  await page.getByTestId("note").press("Escape");
  await page.keyboard.press("j");
  await expect.poll(() => title(page)).toBe("Safe systems, pathways and transitions");
});

test("evidence the backend asks for is named, and the action is suggested from the backend's words", async () => {
  const view = monthlyView();
  view.responses.push({ itemId: LIGATURE, answer: { kind: "yes" } });
  view.itemStates = progressOf(view, [
    { ...stateOf(view, LIGATURE), required: [{ kind: "evidence", met: false }], suggestedAction: "Photograph the assessment" },
  ]).itemStates;
  const page = await open(h, BACKEND, { views: { 2: view } }, { name: "inspection", id: 2 });
  await page.getByTestId("item-title").waitFor();
  expect(await page.getByTestId("suggested-action").textContent()).toBe("The template suggests: “Photograph the assessment”.");
  expect(await page.getByLabel("What is to be done").getAttribute("placeholder")).toBe("Photograph the assessment");
  await page.keyboard.press("j");
  await expect.poll(() => page.getByTestId("error-message").textContent()).toBe(
    "The template asks for evidence with this answer before you move on: attach a photo or document (press e).",
  );
});

test("evidence attached is checked by the backend: the view is read again and moving on is allowed", async () => {
  const before = monthlyView();
  before.responses.push({ itemId: LIGATURE, answer: { kind: "yes" } });
  before.itemStates = progressOf(before, [
    { ...stateOf(before, LIGATURE), required: [{ kind: "evidence", met: false }] },
  ]).itemStates;
  const evidence = {
    id: 7,
    inspectionId: 2,
    itemId: LIGATURE,
    fileName: "ligature-assessment.txt",
    mediaType: "text/plain",
    size: 12,
    sha256: "a".repeat(64),
    addedAt: "2026-11-23T10:00:00Z",
  };
  const after = structuredClone(before);
  after.evidence.push(evidence);
  after.itemStates = progressOf(after, [
    { ...stateOf(after, LIGATURE), required: [{ kind: "evidence", met: true }] },
  ]).itemStates;
  const handlers = withHandlers({
    add_evidence: `() => {
      window.__DATA__.views[2] = window.__DATA__.after;
      return structuredClone(window.__DATA__.added);
    }`,
  });
  const page = await open(h, handlers, { views: { 2: before }, after, added: evidence } as MockData, {
    name: "inspection",
    id: 2,
  });
  await page.getByTestId("item-title").waitFor();
  await page.keyboard.press("j");
  await expect.poll(() => page.getByTestId("error-message").textContent()).toBe(
    "The template asks for evidence with this answer before you move on: attach a photo or document (press e).",
  );
  await page.getByTestId("evidence-file").setInputFiles({
    name: "ligature-assessment.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("Reviewed Sep"),
  });
  await expect.poll(() => page.getByTestId("evidence").textContent()).toContain("ligature-assessment.txt");
  expect(await callsTo(page, "open_inspection")).toHaveLength(2);
  await page.keyboard.press("j");
  await expect.poll(() => title(page)).toBe(item(MONTHLY, "environment.ligature-mitigations-known").title);
});

test("an answer the template's rule would hold up moves on when the backend says nothing is missing", async () => {
  // "No" to the ligature check asks for a note by the template's rule; this backend says the
  // inspection has all it needs (as it would once a note is saved elsewhere).
  const view = monthlyView();
  view.responses.push({ itemId: LIGATURE, answer: { kind: "no" } });
  const page = await open(h, BACKEND, { views: { 2: view } }, { name: "inspection", id: 2 });
  await page.getByTestId("item-title").waitFor();
  expect(await page.getByTestId("answer-n").getAttribute("aria-pressed")).toBe("true");
  expect(await page.getByTestId("suggested-action").count()).toBe(0);
  await page.keyboard.press("j");
  await expect.poll(() => title(page)).toBe(item(MONTHLY, "environment.ligature-mitigations-known").title);
  expect(await page.getByTestId("error-summary").count()).toBe(0);
});

test("items are listed as the backend's roll-up and visibility say, not the template's", async () => {
  // The SAF template scores safe.learning-culture directly; this backend says it rolls up
  // from its sub-items, and that safe.safe-systems is not shown.
  const view = safView();
  view.itemStates = progressOf(view, [
    { ...stateOf(view, "safe.learning-culture"), rollsUp: true },
    { ...stateOf(view, "safe.safe-systems"), visible: false },
  ]).itemStates;
  const page = await open(h, BACKEND, { views: { 1: view } }, { name: "inspection", id: 1 });
  await page.getByTestId("item-title").waitFor();
  const subItems = item(view, "safe.learning-culture").subItems ?? [];
  // The sub-item by its title, under its statement's title (no ids).
  expect(await title(page)).toBe(subItems[0].title);
  expect(await page.getByTestId("item").locator(".nhsuk-caption-m").textContent()).toBe(
    `Safe · Learning culture · item 1 of ${34 - 1 - 1 + subItems.length}`,
  );
  for (let i = 0; i < subItems.length; i++) await page.keyboard.press("j");
  await expect.poll(() => title(page)).toBe("Safeguarding");
});
