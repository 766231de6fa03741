// What the template editor needs to edit a `Template` in place: the words for each kind of
// answer, the answers an item can be given (for its descriptors, rules and critical level),
// fresh sections and items with ids not yet used, moves within lists, and the JSON paths
// of fields written exactly as the core writes them, so each problem the core finds lands
// beside its field. Nothing here decides what is valid: the core does, on every save.
import type { Attachment } from "svelte/attachments";
import type { Item, ResponseType, Section, Template, TemplateDraftSummary, TemplateProblem, TemplateSummary } from "./bindings";

export type ResponseKind = ResponseType["type"];

/** Each kind of answer, in the words the editor offers them. */
export const RESPONSE_KINDS: { kind: ResponseKind; label: string; short: string; hint: string }[] = [
  { kind: "scale", label: "A score on a scale", short: "Scale", hint: "The inspector chooses a level of one of the template's scales." },
  { kind: "yesNo", label: "Yes or no", short: "Yes or no", hint: "Yes scores 1, no scores 0." },
  { kind: "partial", label: "Yes, partly or no", short: "Yes, partly or no", hint: "Yes scores 1, partly 0.5, no 0." },
  { kind: "choice", label: "A choice of options", short: "Choice", hint: "Each option has its own score." },
  { kind: "number", label: "A number against a target", short: "Number", hint: "Scores 1 when the target is met, else 0." },
  { kind: "count", label: "A count from a sample (for example 7 of 10 records)", short: "Count", hint: "Scores the share that met the standard." },
  { kind: "text", label: "Written answer (not scored)", short: "Written answer", hint: "Not scored." },
  { kind: "date", label: "A date (not scored)", short: "Date", hint: "Not scored." },
];

export function responseLabel(kind: string | undefined): string {
  return RESPONSE_KINDS.find((k) => k.kind === kind)?.label ?? "Not chosen yet";
}

/** The kind of answer in a word or two, for lists of items. */
export function responseShort(kind: string | undefined): string {
  return RESPONSE_KINDS.find((k) => k.kind === kind)?.short ?? "No kind of answer yet";
}

/** A fresh response of `kind`, with sensible values to start from. */
export function newResponse(kind: ResponseKind, template: Template): ResponseType {
  switch (kind) {
    case "scale":
      return { type: "scale", scale: template.scales?.[0]?.id ?? "" };
    case "choice":
      return {
        type: "choice",
        options: [
          { value: "option-1", label: "", score: 1 },
          { value: "option-2", label: "", score: 0 },
        ],
      };
    case "number":
      return { type: "number", target: 100, direction: "atLeast", unit: "%" };
    case "count":
      return { type: "count" };
    default:
      return { type: kind } as ResponseType;
  }
}

/** One answer an item can be given: the key descriptors and `answerIs` use, and its words. */
export interface AnswerChoice {
  key: string;
  label: string;
  /** The label without the score: "Significant shortfalls". */
  words: string;
  /** What the answer scores, when it has a score of its own. */
  score: number | null;
}

/** How the core writes a number as a key: `1`, `1.5`. */
export function numberKey(value: unknown): string {
  return typeof value === "number" ? String(value) : String(value ?? "");
}

/** The answers of an item, lowest score first for scales (as the template lists them). */
export function answersOf(template: Template, item: Item): AnswerChoice[] {
  const response = item.response as ResponseType | undefined;
  switch (response?.type) {
    case "scale": {
      const scale = (template.scales ?? []).find((s) => s.id === response.scale);
      return (scale?.levels ?? []).map((l) => ({
        key: numberKey(l.value),
        label: l.label ? `${numberKey(l.value)}: ${l.label}` : numberKey(l.value),
        words: l.label || numberKey(l.value),
        score: typeof l.value === "number" ? l.value : null,
      }));
    }
    case "yesNo":
      return [
        { key: "yes", label: "Yes", words: "Yes", score: 1 },
        { key: "no", label: "No", words: "No", score: 0 },
      ];
    case "partial":
      return [
        { key: "yes", label: "Yes", words: "Yes", score: 1 },
        { key: "partial", label: "Partly", words: "Partly", score: 0.5 },
        { key: "no", label: "No", words: "No", score: 0 },
      ];
    case "choice":
      return (response.options ?? []).map((o, i) => {
        const label = o.label || o.value || `Option ${i + 1}`;
        return { key: o.value, label, words: label, score: typeof o.score === "number" ? o.score : null };
      });
    default:
      return [];
  }
}

/** The distinct scores an item's answers earn, lowest first, with the answers that earn
 * them: the levels a critical item or a rule can fail "at or below". None for numbers,
 * counts and unscored answers (those are typed). */
export function scoreChoices(template: Template, item: Item): { score: number; label: string }[] {
  const byScore = new Map<number, string[]>();
  for (const a of answersOf(template, item)) {
    if (a.score === null) continue;
    byScore.set(a.score, [...(byScore.get(a.score) ?? []), a.words]);
  }
  return [...byScore.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([score, labels]) => ({ score, label: `${numberKey(score)} (${labels.join(", ")})` }));
}

/** Every item and sub-item of the template, in order. */
export function allItems(template: Template): Item[] {
  return (template.sections ?? []).flatMap((s) => (s.items ?? []).flatMap((i) => [i, ...(i.subItems ?? [])]));
}

/** `base-1`, `base-2`, …: the first not in `taken`. */
export function unusedId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let n = 1;
  while (used.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}

/** A new, empty item with an id no other item has, answered as the template's items most
 * often are (its first scale, or yes or no). */
export function newItem(template: Template): Item {
  return {
    id: unusedId("item", allItems(template).map((i) => i.id)),
    title: "",
    prompts: [],
    response: newResponse((template.scales ?? []).length > 0 ? "scale" : "yesNo", template),
    weight: 1,
    naAllowed: false,
    mandatory: true,
  };
}

/** A new section with one empty item, so it is ready to fill in. */
export function newSection(template: Template): Section {
  return {
    id: unusedId("section", (template.sections ?? []).map((s) => s.id)),
    title: "",
    items: [newItem(template)],
  };
}

/** Moves the element at `from` to `to` in place; false when either is outside the list. */
export function move<T>(list: T[], from: number, to: number): boolean {
  if (from < 0 || to < 0 || from >= list.length || to >= list.length || from === to) return false;
  const [moved] = list.splice(from, 1);
  list.splice(to, 0, moved);
  return true;
}

/** `path` with `key` added, as the core writes it: `.good`, or `["1"]` and
 * `["requires-improvement"]` for keys that are not plain words. */
export function keyPath(path: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** An element id for the field at a JSON path (unique for each path). */
export function fieldId(path: string): string {
  return "tf" + path.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
}

/** The id of the message about problem `index` at `path`. */
export function problemId(path: string, index: number): string {
  return `${fieldId(path)}-problem-${index}`;
}

/** The paths a field's problems describe, parent first: `$.a.b[2].c` → `$.a.b[2]`, `$.a.b`… */
export function parentPath(path: string): string | null {
  const m = /^(.*)(\.[^.[\]]+|\[[^\]]*\])$/.exec(path);
  return m && m[1] !== "" ? m[1] : path === "$" ? null : "$";
}

/** Where in the sections a path points: the section, item and sub-item indexes. */
export function itemIndexes(path: string): { section?: number; item?: number; sub?: number } {
  const m = /^\$\.sections\[(\d+)\](?:\.items\[(\d+)\](?:\.subItems\[(\d+)\])?)?/.exec(path);
  if (!m) return {};
  return {
    section: Number(m[1]),
    item: m[2] === undefined ? undefined : Number(m[2]),
    sub: m[3] === undefined ? undefined : Number(m[3]),
  };
}

/** The core's message without where in the JSON text it is (the draft is sent as one line,
 * so "line 1, column 1205" would mean nothing to the person typing). */
export function problemMessage(problem: TemplateProblem): string {
  const message = problem.message.replace(/\s*\(line \d+, column \d+\)/g, "");
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** The problem as the summary lists it: "Section 2 “Effective”, item 3, weight: …". */
export function problemLine(problem: TemplateProblem): string {
  const message = problem.message.replace(/\s*\(line \d+, column \d+\)/g, "");
  return problem.place ? `${problem.place}: ${message}` : problemMessage(problem);
}

/** A number typed into a field: a number when it reads as one, nothing when empty, or the
 * text itself (the core then says it is not a number, and nothing typed is lost). */
export function readNumber(text: string): number | string | null {
  const t = text.trim();
  if (t === "") return null;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  return text;
}

function sameNumber(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

/**
 * Keeps a text field showing a number from the template. The field's text is replaced only
 * when it no longer reads as the value (the value was changed elsewhere), so "1." or "0.50"
 * stay as typed.
 */
export function showsNumber(get: () => unknown): Attachment<HTMLInputElement> {
  return (input) => {
    const value = get();
    if (!sameNumber(readNumber(input.value), value)) {
      input.value = value === null || value === undefined ? "" : String(value);
    }
  };
}

/** A template id with its versions, newest first, and the drafts copied from it. */
export interface TemplateGroup {
  id: string;
  title: string;
  versions: TemplateSummary[];
  drafts: TemplateDraftSummary[];
}

/** The library's versions grouped by template id (in the order the backend lists them),
 * newest version first, each group titled by its newest version. */
export function groupTemplates(templates: TemplateSummary[], drafts: TemplateDraftSummary[] = []): TemplateGroup[] {
  const groups = new Map<string, TemplateGroup>();
  for (const t of templates) {
    const group = groups.get(t.id) ?? { id: t.id, title: t.title, versions: [], drafts: [] };
    group.versions.push(t);
    groups.set(t.id, group);
  }
  for (const group of groups.values()) {
    // The backend lists versions oldest first by their numbers (the core's order): newest first here.
    group.versions.reverse();
    group.title = group.versions[0].title;
    group.drafts = drafts.filter((d) => d.basedOn?.id === group.id || d.templateId === group.id);
  }
  return [...groups.values()];
}

/** A file name from words: characters no file system allows become spaces. */
export function fileName(words: string): string {
  return words.replace(/[\u0000-\u001f<>:"/\\|?*]+/g, " ").replace(/\s+/g, " ").trim();
}

/** "1 problem", "3 problems". */
export function problemCount(n: number): string {
  return `${n} problem${n === 1 ? "" : "s"}`;
}
