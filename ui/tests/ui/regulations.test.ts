// Regulations, sources, counts and must-do / should-do actions on the screens: what each item
// cites is shown as text, a count is answered as "n of N", an action takes the priority the
// backend suggests, the actions screen filters by priority, and a moderator reads the rating
// characteristics.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Action, InspectionView, PrioritySuggestion } from "../../src/lib/bindings";
import { startHarness, type Harness } from "./browser";
import {
  axeViolations,
  BACKEND,
  callsTo,
  inspections,
  monthlyView,
  open,
  progressOf,
  safScoreModerated,
  safView,
  stateOf,
  templates,
  withHandlers,
} from "./fixtures";
import { actionsDueFrom, WORKFLOW_BACKEND, type WorkflowData } from "./workflow";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const LIGATURE = "environment.ligature-assessment-current";
const STAFF = "environment.ligature-mitigations-known";
const REGULATIONS = [
  { number: "12", title: "Safe care and treatment", sources: [] },
  { number: "15", title: "Premises and equipment", sources: [] },
];

/** The monthly view with regulations and sources on the ligature check, and one count. */
function view(fixedOf?: number): InspectionView {
  const v = monthlyView();
  v.template.regulations = REGULATIONS;
  for (const s of v.template.sections)
    for (const i of s.items) {
      if (i.id === LIGATURE) {
        i.regulations = ["12", "15"];
        i.sources = [
          { title: "Reducing harm from ligatures <b>2023</b>", url: "https://www.cqc.org.uk/guidance-providers/mhforum-ligature-guidance", own: false },
          { title: "Keyline's own check", url: null, own: true },
        ];
      }
      if (i.id === STAFF) i.response = { type: "count", of: fixedOf ?? null, unit: "staff asked" };
    }
  return v;
}

const SUGGESTION: PrioritySuggestion = {
  priority: "must-do",
  regulations: ["12", "15"],
  reason: "environment.ligature-assessment-current is at or below its critical level of 0, which normally means a breach of regulation 12 and regulation 15: a must do.",
};

const ADD_ACTION = `({ action }) => ({
  id: 90, inspectionId: action.inspectionId, service: "Willow Ward", itemId: action.itemId, title: action.title,
  owner: action.owner, dueDate: action.dueDate ?? null, status: "not-started", createdAt: "", updatedAt: "", history: [],
  priority: action.priority ?? null,
  regulations: (action.regulations ?? []).map((n) => ({ number: n, label: "Regulation " + n })),
})`;

async function openAt(v: InspectionView, itemId: string, handlers = BACKEND): Promise<Page> {
  const page = await open(
    h,
    handlers,
    { views: { 2: v }, suggestions: { [LIGATURE]: SUGGESTION } },
    { name: "inspection", id: 2, itemId },
  );
  await page.getByTestId("item-title").waitFor();
  return page;
}

test("an item's regulations and sources are shown as text, with no links and no markup", async () => {
  const page = await openAt(view(), LIGATURE);
  const basis = page.getByTestId("item-basis");
  await basis.getByText("Regulations and sources").click();
  expect(await page.getByTestId("item-regulations").locator("li").allTextContents()).toEqual([
    "Regulation 12: Safe care and treatment",
    "Regulation 15: Premises and equipment",
  ]);
  const sources = await page.getByTestId("item-sources").locator("li").allTextContents();
  expect(sources[0]).toContain("Reducing harm from ligatures <b>2023</b>");
  expect(sources[0]).toContain("https://www.cqc.org.uk/guidance-providers/mhforum-ligature-guidance");
  expect(sources[1]).toContain("(Keyline's own)");
  expect(await basis.locator("a, b").count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
});

test("a count is answered as n of N and sent as a count", async () => {
  const page = await openAt(view(), STAFF);
  expect(await page.getByLabel("of, sampled (staff asked)").count()).toBe(1);
  await page.getByLabel("Met the standard").fill("7");
  await page.getByLabel("of, sampled (staff asked)").fill("10");
  await page.getByTestId("save-count").click();
  await expect.poll(() => callsTo(page, "answer")).toEqual([
    { id: 2, itemId: STAFF, answer: { kind: "count", value: { met: 7, of: 10 } } },
  ]);
  await expect.poll(() => page.getByTestId("count-saved").textContent()).toBe("Saved: 7 of 10 staff asked met the standard");
});

test("a count that is not two whole numbers is not sent, and says what to enter", async () => {
  const page = await openAt(view(), STAFF);
  await page.getByLabel("Met the standard").fill("seven");
  await page.getByLabel("of, sampled (staff asked)").fill("10");
  await page.getByTestId("save-count").click();
  await expect.poll(() => page.getByTestId("error-message").textContent()).toBe(
    "Enter how many met the standard and how many were sampled, as whole numbers.",
  );
  expect(await callsTo(page, "answer")).toEqual([]);
});

test("a fixed sample asks only how many met it", async () => {
  const page = await openAt(view(5), STAFF);
  expect(await page.getByTestId("count-fixed").textContent()).toBe("of 5 staff asked");
  await page.getByLabel("Met the standard").fill("4");
  await page.getByTestId("save-count").click();
  await expect.poll(() => callsTo(page, "answer")).toEqual([
    { id: 2, itemId: STAFF, answer: { kind: "count", value: { met: 4, of: 5 } } },
  ]);
});

test("raising an action takes the backend's suggested priority and regulations, with its reason", async () => {
  const v = view();
  v.responses.push({ itemId: LIGATURE, answer: { kind: "no" } });
  const page = await openAt(v, LIGATURE, withHandlers({ add_action: ADD_ACTION }));
  await page.getByText("Raise an action").click();
  await expect.poll(() => page.getByTestId("priority-reason").textContent()).toBe(`Suggested: Must do. ${SUGGESTION.reason}`);
  expect(await page.getByLabel("Priority").inputValue()).toBe("must-do");
  expect(await page.getByLabel("Regulations (numbers, such as 12, 17)").inputValue()).toBe("12, 15");
  expect(await page.getByTestId("regulation-labels").textContent()).toBe(
    "Regulation 12: Safe care and treatment; Regulation 15: Premises and equipment",
  );
  expect(await callsTo(page, "suggest_priority")).toContainEqual({ inspectionId: 2, itemId: LIGATURE });
  await page.getByLabel("What is to be done").fill("Reassess the ligature risks this week");
  await page.getByRole("button", { name: "Raise action" }).click();
  await expect.poll(() => callsTo(page, "add_action")).toHaveLength(1);
  const [sent] = (await callsTo(page, "add_action")) as { action: Record<string, unknown> }[];
  expect(sent.action).toMatchObject({ priority: "must-do", regulations: ["12", "15"], itemId: LIGATURE });
  await expect.poll(() => page.getByTestId("item-actions").textContent()).toContain("Must do");
});

test("the inspector can choose should do instead, and that is what is sent", async () => {
  const v = view();
  v.responses.push({ itemId: LIGATURE, answer: { kind: "no" } });
  const page = await openAt(v, LIGATURE, withHandlers({ add_action: ADD_ACTION }));
  await page.getByText("Raise an action").click();
  await expect.poll(() => page.getByLabel("Priority").inputValue()).toBe("must-do");
  await page.getByLabel("Priority").selectOption("should-do");
  await page.getByLabel("Regulations (numbers, such as 12, 17)").fill("");
  await page.getByLabel("What is to be done").fill("Add the tier map to the induction pack");
  await page.getByRole("button", { name: "Raise action" }).click();
  await expect.poll(() => callsTo(page, "add_action")).toHaveLength(1);
  const [sent] = (await callsTo(page, "add_action")) as { action: Record<string, unknown> }[];
  expect(sent.action).toMatchObject({ priority: "should-do", regulations: [] });
});

function prioritised(): Action[] {
  const list = actionsDueFrom();
  list[0].priority = "must-do";
  list[0].regulations = [{ number: "12", label: "Regulation 12: Safe care and treatment" }];
  list[1].priority = "should-do";
  return list;
}

test("the actions screen marks must-dos with their regulation and filters by priority", async () => {
  const data: WorkflowData = { templates: templates(), inspections: inspections(), views: { 1: safView() }, actions: prioritised() };
  const page = await open(h, WORKFLOW_BACKEND, data, { name: "actions" });
  await page.getByTestId("actions").waitFor();
  const titles = () => page.getByTestId("action-title").allTextContents();
  const all = prioritised().map((a) => a.title);
  expect(await titles()).toEqual(all);
  const first = page.getByTestId("action-row").first();
  expect(await first.getByTestId("priority").textContent()).toBe("Must do");
  expect(await first.getByTestId("action-regulations").textContent()).toBe("Regulation 12: Safe care and treatment");
  await page.getByLabel("Priority", { exact: true }).selectOption("must-do");
  expect(await titles()).toEqual([all[0]]);
  await page.getByLabel("Priority", { exact: true }).selectOption("should-do");
  expect(await titles()).toEqual([all[1]]);
  await page.getByLabel("Priority", { exact: true }).selectOption("none");
  expect(await titles()).toEqual(all.slice(2));
  expect(await axeViolations(page)).toEqual([]);
});

test("a moderator reads the section's rating characteristics before choosing", async () => {
  const v = safView();
  const effective = v.template.sections.find((s) => s.id === "effective");
  if (!effective) throw new Error("no Effective section");
  effective.characteristics = {
    good: "Care follows current guidance and outcomes are monitored.",
    inadequate: "Care is not based on evidence.",
  };
  const page = await open(h, BACKEND, { templates: templates(), inspections: inspections(), views: { 1: v } }, { name: "inspection", id: 1 });
  await page.getByTestId("item-title").waitFor();
  const panel = page.getByTestId("section-score").filter({ has: page.getByText("Effective", { exact: true }) });
  await panel.getByText("How this was reached").click();
  expect(await panel.getByTestId("characteristics").count()).toBe(0);
  await panel.getByRole("button", { name: "Moderate this rating" }).click();
  const box = panel.getByTestId("characteristics");
  // Listed best first, as the template orders its ratings, each with what it looks like.
  expect(await box.locator("dt").allTextContents()).toEqual(["Good", "Inadequate"]);
  expect(await box.locator("dd").allTextContents()).toEqual([
    "Care follows current guidance and outcomes are monitored.",
    "Care is not based on evidence.",
  ]);
});

test("a key question with unanswered items says it is not yet rated, or gives its rating so far as provisional", async () => {
  const v = safView();
  const [safe, effective] = v.score.sections;
  safe.provisional = {
    reachedMinimum: false, answered: 1, total: 8, percent: 75, roundedPercent: 75, rating: null, ratingLabel: null,
    explanation: "Not yet rated: 1 of 8 answered; Safe gets a rating once every item that must be answered is answered.",
  };
  effective.provisional = {
    reachedMinimum: true, answered: 5, total: 6, percent: 70, roundedPercent: 70, rating: "good", ratingLabel: "Good",
    explanation: "Provisional, 5 of 6 answered: over the answered items 14 of 20 points, 70%, Good so far. The rating is final when every item is answered.",
  };
  v.score.complete = false;
  const page = await open(h, BACKEND, { templates: templates(), inspections: inspections(), views: { 1: v } }, { name: "inspection", id: 1 });
  await page.getByTestId("item-title").waitFor();
  const section = (title: string) => page.getByTestId("section-score").filter({ has: page.getByText(title, { exact: true }) });
  expect(await section("Safe").getByTestId("section-percent").textContent()).toBe("Not yet rated");
  expect(await section("Safe").getByTestId("section-rating").count()).toBe(0);
  expect(await section("Safe").getByTestId("section-provisional").textContent()).toBe("1 of 8 answered");
  expect(await section("Effective").getByTestId("section-percent").textContent()).toBe("70%");
  expect(await section("Effective").getByTestId("section-rating").textContent()).toBe("Good");
  expect(await section("Effective").getByTestId("section-provisional").textContent()).toBe("Provisional, 5 of 6 answered");
  await section("Effective").getByText("How this was reached").click();
  expect(await section("Effective").getByTestId("section-provisional-explanation").textContent()).toContain("Good so far");
  expect(await page.getByTestId("overall-rating").textContent()).toBe("Not yet rated");
  expect(await axeViolations(page)).toEqual([]);
});

test("? shows the keyboard shortcuts and Escape or ? hides them; typed in a note it is just a character", async () => {
  const page = await open(h, BACKEND, { templates: templates(), inspections: inspections(), views: { 1: safView() } }, { name: "inspection", id: 1 });
  await page.getByTestId("item-title").waitFor();
  expect(await page.getByTestId("shortcuts").count()).toBe(0);
  await page.keyboard.press("Shift+Slash");
  await page.getByTestId("shortcuts").waitFor();
  const keys = await page.getByTestId("shortcuts").locator("dt").allTextContents();
  expect(keys).toContain("j, ↓ or →");
  expect(keys).toContain("t");
  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await expect.poll(() => page.getByTestId("shortcuts").count()).toBe(0);
  await page.keyboard.press("Shift+Slash");
  await page.getByTestId("shortcuts").waitFor();
  await page.keyboard.press("Shift+Slash");
  await expect.poll(() => page.getByTestId("shortcuts").count()).toBe(0);
  // In the note box, ? is text.
  await page.keyboard.press("t");
  await page.keyboard.type("Why? Ask the ward manager.");
  expect(await page.getByTestId("shortcuts").count()).toBe(0);
  expect(await page.getByTestId("note").inputValue()).toBe("Why? Ask the ward manager.");
  // Nothing was answered by any of these keys.
  expect(await callsTo(page, "answer")).toEqual([]);
});

test("what an answer needs is shown with the answer, and e opens the file picker", async () => {
  const v = monthlyView();
  v.responses.push({ itemId: LIGATURE, answer: { kind: "no" } });
  v.itemStates = progressOf(v, [
    { ...stateOf(v, LIGATURE), required: [{ kind: "note", met: false }, { kind: "evidence", met: false }] },
  ]).itemStates;
  const page = await open(h, BACKEND, { views: { 2: v } }, { name: "inspection", id: 2 });
  await page.getByTestId("item-title").waitFor();
  expect(await page.getByTestId("needs").locator("p").allTextContents()).toEqual([
    "This answer needs a note: write what you found below (press t).",
    "This answer needs evidence: attach a photo or document below (press e).",
  ]);
  // e clicks the evidence file field (what opens the picker); the click is counted and the
  // dialog itself, the browser's, kept closed.
  await page.evaluate(() => {
    const w = window as unknown as { clicks: number };
    w.clicks = 0;
    document.getElementById("evidence-file")?.addEventListener("click", (e) => {
      w.clicks += 1;
      e.preventDefault();
    });
  });
  await page.keyboard.press("e");
  await expect.poll(() => page.evaluate(() => (window as unknown as { clicks: number }).clicks)).toBe(1);
  expect(await page.locator("#evidence-file").getAttribute("multiple")).not.toBeNull();
});

test("moving item by item keeps the current item, and its entry in the item list, in view", async () => {
  const page = await open(h, BACKEND, { templates: templates(), inspections: inspections(), views: { 1: safView() } }, { name: "inspection", id: 1 });
  await page.getByTestId("item-title").waitFor();
  for (let i = 0; i < 25; i++) await page.keyboard.press("j");
  await expect.poll(() => page.locator(".kl-sections [aria-current=step]").count()).toBe(1);
  const inView = async (css: string, within?: string) =>
    page.evaluate(
      ([css, within]) => {
        const el = document.querySelector(css);
        if (!el) return false;
        const r = el.getBoundingClientRect();
        const box = within ? document.querySelector(within)!.getBoundingClientRect() : { top: 0, bottom: window.innerHeight };
        return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
      },
      [css, within] as const,
    );
  await expect.poll(() => inView(".kl-sections [aria-current=step]", ".kl-sections")).toBe(true);
  await expect.poll(() => inView("[data-testid=item-title]")).toBe(true);
});

test("a moderation made before the answers changed is flagged as maybe out of date", async () => {
  const view = safView();
  view.score = safScoreModerated();
  view.overrides = [{ sectionId: "effective", rating: "requires-improvement", justification: "Only one statement seen so far." }];
  view.staleModerations = [];
  const moved = safScoreModerated();
  const page = await open(
    h,
    withHandlers({
      answer: `() => ({ score: window.__DATA__.moved, itemStates: window.__DATA__.views[1].itemStates, unmet: [], staleModerations: ["effective"] })`,
    }),
    { views: { 1: view }, moved } as never,
    { name: "inspection", id: 1 },
  );
  await page.getByTestId("item-title").waitFor();
  const effective = page.getByTestId("section-score").filter({ has: page.getByText("Effective", { exact: true }) });
  expect(await effective.getByTestId("moderation-stale").count()).toBe(0);
  await page.keyboard.press("3");
  await expect.poll(() => effective.getByTestId("moderation-stale").textContent()).toBe(
    "Answers in Effective changed after it was moderated: check the moderated rating still stands.",
  );
});

test("the Scoring link explains in plain words how scores and ratings are reached", async () => {
  const page = await open(h, BACKEND, { templates: templates(), inspections: inspections() }, { name: "home" });
  await page.getByTestId("nav-scoring").click();
  await page.getByRole("heading", { name: "How scoring works" }).waitFor();
  expect(await page.getByTestId("nav-scoring").getAttribute("aria-current")).toBe("page");
  const text = (await page.locator("main").textContent()) ?? "";
  for (const phrase of ["not yet rated", "Not applicable", "breach of a regulation", "written reason", "rules are tried in order"]) {
    expect(text).toContain(phrase);
  }
  expect(await axeViolations(page)).toEqual([]);
});
