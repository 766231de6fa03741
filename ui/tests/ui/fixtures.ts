// Fixtures and helpers shared by the screen tests. The JSON under `fixtures/` is what the
// real backend sends (written by `fixtures/generate.sh` with the `keyline` CLI), so the
// screens are tested against real templates, scores and explanations.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import type {
  Action,
  Board,
  ExportedBoard,
  ExportedReport,
  InspectionSummary,
  PrioritySuggestion,
  InspectionView,
  ItemState,
  Progress,
  ScoreResult,
  SettingsView,
  DraftSaved,
  TemplateDraft,
  TemplateLibrary,
  TemplateSummary,
} from "../../src/lib/bindings";
import type { Route } from "../../src/lib/route.svelte";
import type { Harness } from "./browser";

const FIXTURES = join(import.meta.dirname, "fixtures");
const HARNESS = join(import.meta.dirname, "../../test-dist/mock-ipc.js");

function load<T>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), "utf8")) as T;
}

/** The shipped templates, as `list_templates` returns them. */
export const templates = (): TemplateSummary[] => load("templates.json");
/** Two inspections: Ward 3 (monthly self-assessment, id 2) and Ward 7 (SAF mock, id 1). */
export const inspections = (): InspectionSummary[] => load("inspections.json");
/** Ward 7 on the SAF template: safe.learning-culture unanswered, seven statements answered. */
export const safView = (): InspectionView => load("saf-view.json");
/** The score after answering safe.learning-culture 3: Safe goes from 56.3% RI to 65.6% Good. */
export const safScoreAnswered = (): ScoreResult => load("saf-score-answered.json");
/** The score after moderating Effective from Inadequate to Requires improvement. */
export const safScoreModerated = (): ScoreResult => load("saf-score-moderated.json");
/** Ward 3 on the monthly yes/no self-assessment, nothing answered. */
export const monthlyView = (): InspectionView => load("monthly-view.json");
/**
 * The governance board (what `board` returns with no filter, as of 3 December 2026) over two
 * trusts: Midshire (Larch and Willow wards at Northgate Hospital, Rowan Ward at Southfield
 * Centre) and North Valley (Wards 3 and 7 at Riverside Hospital), on the SAF template. Willow
 * Ward's self-assessments are persistently higher than its mock inspections; three pairs of
 * inspections were compared; seven open actions, four overdue (one over 90 days). Ward 7's
 * latest inspection (id 1) has no rating for Caring. Written by hand in the shape of
 * `keyline board --json`.
 */
export const board = (): Board => load("board.json");
/** The board of a database with no signed-off inspection (`keyline board --json`). */
export const emptyBoard = (): Board => load("board-empty.json");

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** A `YYYY-MM-DD` date as the screens show it to UK readers: "20 November 2026". */
export function ukDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** A `YYYY-MM-DD` date as a UK user types it into a date field: "20/11/2026". */
export function ukEntry(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

/**
 * The template library (`template_library`): the shipped versions (Monthly ward
 * self-assessment used by 31 inspections, the SAF by 12) with the key lines of enquiry's
 * version 1.0 archived (3 inspections), the trust's own "Trust ward environment audit" 1.0
 * (archived, 4 inspections) and 1.1 (2 inspections), and three drafts: 7, copied from the
 * audit's 1.1 and ready to publish; 9, a new template from the core's starter with one
 * problem; 11, a copy of the SAF with three problems.
 */
export const templateLibrary = (): TemplateLibrary => load("template-library.json");
/** Draft 7 (`template_draft`): the trust's audit copied from 1.1, with no problems; its
 * content reads as a template in the core (two sections, a scale, a count, a choice, a
 * number, a follow-up, a sub-item, rules, regulations and sources). Suggested version 1.2. */
export const templateDraft = (): TemplateDraft => load("template-draft.json");
/** Draft 9: the core's starter for a new template, with the one problem the core finds in it. */
export const newTemplateDraft = (): TemplateDraft => load("template-new-draft.json");
/**
 * What `save_template_draft` returns for draft 7 with its first item's title emptied, the
 * fridge check's weight 0, a rule naming `not-hld`, and a gap in the bands: the core's four
 * problems, each with its path and place.
 */
export const savedWithProblems = (): DraftSaved => load("template-saved-problems.json");

/** What every test's backend holds; handlers read it as `window.__DATA__`. */
export interface MockData {
  templates?: TemplateSummary[];
  inspections?: InspectionSummary[];
  /** Views by inspection id. */
  views?: Record<number, InspectionView>;
  /** The score `answer` returns, by inspection id; the view's own score when not given. */
  answerScores?: Record<number, ScoreResult>;
  /**
   * What `answer` returns, by `"<inspection id> <item id> <answer kind>"`, as the backend
   * would; when not given, the view's item states with the score of `answerScores`.
   */
  answerResults?: Record<string, Progress>;
  /**
   * What `save_note` returns, by `"<inspection id> <item id>"`; when not given, what the last
   * answer returned (or the view's own score and states).
   */
  noteResults?: Record<string, Progress>;
  /** What `set_override` returns, by inspection id; the view's own score when not given. */
  overrideScores?: Record<number, ScoreResult>;
  /** What `suggest_priority` returns, by item id; a should do citing nothing when not given. */
  suggestions?: Record<string, PrioritySuggestion>;
  /** What `create_inspection` returns. */
  created?: InspectionSummary;
  /** What `import_template` returns (and adds to the template list). */
  imported?: TemplateSummary;
  /** What `settings` returns; an identity (A. Okafor) and no trusted signers when not given. */
  settings?: SettingsView;
  /** Actions across inspections (`list_actions`); the views hold their own copies. */
  actions?: Action[];
  /** What `board` returns (with the filter asked for, its template filled in). */
  board?: Board;
  /** What `export_board` returns, by format; made from the path asked for when not given. */
  boardExports?: Partial<Record<"csv" | "xlsx", ExportedBoard>>;
  /** What `export_board_pack` returns. */
  boardPack?: ExportedReport;
  /** What `template_library` returns. */
  library?: TemplateLibrary;
  /** Template drafts by id, as `template_draft` returns them. */
  drafts?: Record<number, TemplateDraft>;
}

/** The fingerprint of the default identity's certificate (A. Okafor, Example NHS FT). */
export const MY_FINGERPRINT = "3f9a0c27d1e84b6a95c2e7f01d3b8a4c6e5f7a9b0c1d2e3f4a5b6c7d8e9f0a1b";

/**
 * A backend that answers every command from `window.__DATA__` (see MockData). Each result is
 * a fresh copy, as it would be after crossing IPC. Changes (an action edited or deleted,
 * evidence removed, an inspection deleted) are made to `__DATA__`, in every place that holds
 * the thing changed, so what is read next shows them. Tests replace single handlers with
 * `withHandlers`.
 */
export const BACKEND = `(() => {
  const progress = (id, score) => {
    const view = window.__DATA__.views[id];
    return structuredClone({ score: score ?? view.score, itemStates: view.itemStates, unmet: view.unmet });
  };
  // The latest result by inspection, so a note saved after an answer keeps its score.
  const latest = {};
  const settingsOf = () => {
    window.__DATA__.settings ??= {
      identity: { name: "A. Okafor", organisation: "Example NHS FT", fingerprint: "${MY_FINGERPRINT}" },
      trusted: [],
      home: "/home/inspector/.local/share/keyline",
      syncFolder: null,
      lastSync: null,
    };
    return window.__DATA__.settings;
  };
  const keep = (id, result) => {
    latest[id] = result;
    return structuredClone(result);
  };
  // Signed off as the test's view of the inspection says (or, without a view, its row in the
  // list, or its actions): the real backend refuses to delete or remove anything then.
  const signedOff = (inspectionId) => {
    const d = window.__DATA__;
    const view = (d.views ?? {})[inspectionId];
    if (view) return view.signOff != null;
    const listed = (d.inspections ?? []).find((i) => i.id === inspectionId);
    if (listed) return listed.status === "signed-off";
    return (d.actions ?? []).some((a) => a.inspectionId === inspectionId && a.inspectionSignedOff);
  };
  // One action as the real store holds it once, here in the actions list and in each view.
  const actionCopies = (id) => [
    ...(window.__DATA__.actions ?? []),
    ...Object.values(window.__DATA__.views ?? {}).flatMap((v) => v.actions ?? []),
  ].filter((a) => a.id === id);
  return {
  list_templates: () => structuredClone(window.__DATA__.templates ?? []),
  list_inspections: () => structuredClone(window.__DATA__.inspections ?? []),
  open_inspection: ({ id }) => {
    const view = (window.__DATA__.views ?? {})[id];
    if (!view) throw { code: "notFound", message: "There is no inspection " + id + "." };
    return structuredClone(view);
  },
  answer: ({ id, itemId, answer }) =>
    keep(id, (window.__DATA__.answerResults ?? {})[id + " " + itemId + " " + answer.kind] ??
      progress(id, (window.__DATA__.answerScores ?? {})[id])),
  clear_answer: ({ id }) => keep(id, progress(id)),
  save_note: ({ id, itemId }) => keep(id, (window.__DATA__.noteResults ?? {})[id + " " + itemId] ?? latest[id] ?? progress(id)),
  set_override: ({ id }) => structuredClone((window.__DATA__.overrideScores ?? {})[id] ?? window.__DATA__.views[id].score),
  create_inspection: () => structuredClone(window.__DATA__.created),
  suggest_priority: ({ itemId }) =>
    structuredClone((window.__DATA__.suggestions ?? {})[itemId] ?? { priority: "should-do", regulations: [], reason: itemId + " cites no regulation, so a shortfall there is a should do." }),
  settings: () => structuredClone(settingsOf()),
  create_identity: ({ name, organisation }) => {
    const s = settingsOf();
    if (s.identity) throw { code: "conflict", message: "you already have a signing identity" };
    s.identity = { name, organisation, fingerprint: "${"c0ffee00".repeat(8)}" };
    return structuredClone(s.identity);
  },
  // The board as the test's data holds it, with the filter asked for as the applied one (the
  // template filled in when none was asked for), as the real backend answers.
  board: ({ filter }) => {
    const board = window.__DATA__.board;
    if (!board) throw { code: "internal", message: "this test's data has no board" };
    const shown = structuredClone(board);
    shown.filter = { ...filter, template: filter.template || board.filter.template };
    return shown;
  },
  export_board: ({ format, path }) => {
    const given = (window.__DATA__.boardExports ?? {})[format];
    if (given) return structuredClone(given);
    const names = ["summary", "wards", "trends", "ward-trends", "self-assessment-gaps", "consistency",
      "inspector-pairs", "themes", "actions", "ageing-by-trust", "ageing-by-owner"];
    const files = format === "csv" ? names.map((n) => path + "/" + n + ".csv") : [path];
    return { path, files, tables: names.length, rows: 64 };
  },
  export_board_pack: () =>
    structuredClone(window.__DATA__.boardPack ?? { reportId: "BP-9331a60da6ef237e", signedOff: false }),
  import_template: () => {
    window.__DATA__.templates.push(window.__DATA__.imported);
    return structuredClone(window.__DATA__.imported);
  },
  // Changes what is given (status, title, owner, due date, priority) on every copy of the
  // action, recording a status change and when it was completed, as the real one does.
  update_action: ({ id, change }) => {
    const copies = actionCopies(id);
    if (copies.length === 0) throw { code: "notFound", message: "there is no action " + id };
    if (change.priority !== undefined && signedOff(copies[0].inspectionId)) throw { code: "locked", message: "This inspection is signed off: a breach (must do) and the priority of its actions are findings of the signed record; amend the inspection to change them." };
    const title = change.title === undefined ? undefined : change.title.trim();
    if (title === "") throw { code: "invalidInput", message: "an action needs a title: say what is to be done" };
    const at = "2026-11-22T10:15:00.000Z";
    for (const a of copies) {
      if (change.status !== undefined && change.status !== a.status) {
        a.history.push({ from: a.status, to: change.status, by: "keyline", at });
        a.status = change.status;
        a.completedAt = change.status === "completed" ? at : null;
      }
      if (title !== undefined) a.title = title;
      if (change.owner !== undefined) a.owner = change.owner.trim();
      if (change.dueDate !== undefined) a.dueDate = change.dueDate;
      if (change.priority !== undefined) a.priority = change.priority;
      a.updatedAt = at;
    }
    return structuredClone(copies[0]);
  },
  // Refused once the inspection is signed off; otherwise gone from the list and every view.
  delete_action: ({ id }) => {
    const d = window.__DATA__;
    const [found] = actionCopies(id);
    if (!found) throw { code: "notFound", message: "there is no action " + id };
    if (signedOff(found.inspectionId)) throw { code: "locked", message: "this action is part of a signed-off inspection's record and cannot be deleted; mark it completed, or amend the inspection" };
    if (d.actions) d.actions = d.actions.filter((a) => a.id !== id);
    for (const v of Object.values(d.views ?? {})) v.actions = (v.actions ?? []).filter((a) => a.id !== id);
    return structuredClone(found);
  },
  // Refused once signed off. What the file met is met no more: an answer that asked for
  // evidence asks again (as the backend's item states and unmet list then say).
  remove_evidence: ({ id }) => {
    const view = Object.values(window.__DATA__.views ?? {}).find((v) => (v.evidence ?? []).some((e) => e.id === id));
    if (!view) throw { code: "notFound", message: "there is no evidence file " + id };
    if (signedOff(view.inspection.id)) throw { code: "locked", message: "this inspection is signed off: its evidence is part of the signed record; amend the inspection to change it" };
    const removed = view.evidence.find((e) => e.id === id);
    view.evidence = view.evidence.filter((e) => e.id !== id);
    if (!view.evidence.some((e) => e.itemId === removed.itemId)) {
      for (const s of view.itemStates) {
        if (s.itemId === removed.itemId) s.required = s.required.map((r) => (r.kind === "evidence" ? { ...r, met: false } : r));
      }
      view.unmet = view.itemStates.flatMap((s) => s.required.filter((r) => !r.met).map((r) => ({ itemId: s.itemId, need: r.kind })));
    }
    return structuredClone(removed);
  },
  // Refused once signed off; otherwise the inspection goes, with its view and its actions.
  delete_inspection: ({ id }) => {
    const d = window.__DATA__;
    const summary = (d.inspections ?? []).find((i) => i.id === id) ?? (d.views ?? {})[id]?.inspection;
    if (!summary) throw { code: "notFound", message: "there is no inspection " + id };
    if (signedOff(id)) throw { code: "locked", message: "this inspection is signed off: it is a record and cannot be deleted; amend it to correct it" };
    if (d.inspections) d.inspections = d.inspections.filter((i) => i.id !== id);
    if (d.views) delete d.views[id];
    if (d.actions) d.actions = d.actions.filter((a) => a.inspectionId !== id);
    return structuredClone(summary);
  },
  };
})()`;

/**
 * What the backend returns after a change to `view`: its score and item states, with the
 * states of some items replaced (and the unmet requirements as those states give them).
 */
export function progressOf(view: InspectionView, changed: ItemState[] = [], score = view.score): Progress {
  const itemStates = view.itemStates.map((s) => changed.find((c) => c.itemId === s.itemId) ?? s);
  const unmet = itemStates.flatMap((s) => s.required.filter((r) => !r.met).map((r) => ({ itemId: s.itemId, need: r.kind })));
  return { score, itemStates, unmet, staleModerations: view.staleModerations ?? [] };
}

/** The state of one item of `view`, as the backend sent it. */
export function stateOf(view: InspectionView, itemId: string): ItemState {
  const state = view.itemStates.find((s) => s.itemId === itemId);
  if (!state) throw new Error(`no state for ${itemId}`);
  return structuredClone(state);
}

/** BACKEND with some handlers replaced, e.g. `withHandlers({ answer: "() => { throw … }" })`. */
export function withHandlers(overrides: Record<string, string>): string {
  const extra = Object.entries(overrides)
    .map(([cmd, fn]) => `${JSON.stringify(cmd)}: ${fn}`)
    .join(",\n");
  return `Object.assign(${BACKEND}, {\n${extra}\n})`;
}

/** A fresh browser profile (its own localStorage), with extra options such as `timezoneId`. */
export function newContext(h: Harness, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return h.browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
}

/**
 * Opens the app in a new page of `context`, so pages of one context share localStorage
 * (as the desktop app keeps it between runs). With `route`, the app starts there, as if the
 * user had left it on that screen.
 */
export async function openIn(
  context: BrowserContext,
  h: Harness,
  handlers: string,
  data: MockData,
  route?: Route,
): Promise<Page> {
  const page = await context.newPage();
  // Fail within the test's time with a clear message rather than at the test timeout.
  page.setDefaultTimeout(8_000);
  await page.addInitScript(`window.__DATA__ = ${JSON.stringify(data)};`);
  await page.addInitScript(`window.__KEYLINE_MOCK__ = ${handlers};`);
  await page.addInitScript({ path: HARNESS });
  if (route) {
    await page.addInitScript(`localStorage.setItem("keyline.route", ${JSON.stringify(JSON.stringify(route))});`);
  }
  await page.goto(h.url);
  return page;
}

/** Opens the app in its own context (nothing shared with other tests). */
export async function open(h: Harness, handlers: string, data: MockData, route?: Route): Promise<Page> {
  return openIn(await newContext(h), h, handlers, data, route);
}

/** The arguments of every call to `cmd` so far, in order. */
export function callsTo(page: Page, cmd: string): Promise<unknown[]> {
  return page.evaluate((c) => (window.__KEYLINE_CALLS__ ?? []).filter((x) => x.cmd === c).map((x) => x.args), cmd);
}

/** Every command called so far, in order. */
export function commands(page: Page): Promise<string[]> {
  return page.evaluate(() => (window.__KEYLINE_CALLS__ ?? []).map((x) => x.cmd));
}

/** WCAG 2.2 AA violations axe finds on the page, as readable lines (empty when none). */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
  return results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
}

/**
 * Where screenshots go: under target/ while testing, so the test command leaves the tree as
 * it was; `./dev screenshots` sets KEYLINE_SCREENSHOTS to docs/screenshots to refresh the
 * README's pictures.
 */
export const SCREENSHOTS =
  process.env.KEYLINE_SCREENSHOTS ?? join(import.meta.dirname, "../../../target/screenshots");
