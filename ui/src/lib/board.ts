// The governance board's filter as a route query (`trust=…&kind=mock`), so a view of the board
// can be reopened as it was, and the few words and numbers the board screen writes out.
// Every figure and its explanation come from the backend; nothing here decides a rating.
import type { Board, BoardFilter, Movement } from "./bindings";
import { INSPECTION_KIND_LABELS } from "./bindings";

/** The filter's fields in the order the query writes them. */
const TEXT_KEYS = ["trust", "site", "template", "kind", "from", "to"] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A filter with nothing chosen: every trust, site and kind, the most used template. */
export function emptyFilter(): BoardFilter {
  return { trust: null, site: null, template: null, kind: null, from: null, to: null, consistencyDays: null };
}

/** The filter a route query names; anything unreadable is left as "all". */
export function filterFromQuery(query: string): BoardFilter {
  const params = new URLSearchParams(query.replace(/^[#/]*board\??/, "").replace(/^\?/, ""));
  const filter = emptyFilter();
  for (const key of TEXT_KEYS) {
    const value = params.get(key)?.trim();
    if (!value) continue;
    if ((key === "from" || key === "to") && !DATE.test(value)) continue;
    if (key === "kind" && !Object.hasOwn(INSPECTION_KIND_LABELS, value)) continue;
    filter[key] = value;
  }
  const days = params.get("days")?.trim();
  if (days && /^\d{1,3}$/.test(days)) filter.consistencyDays = Number(days);
  return filter;
}

/** The route query for a filter: only what is chosen, in a fixed order. */
export function queryFromFilter(filter: BoardFilter): string {
  const params = new URLSearchParams();
  for (const key of TEXT_KEYS) {
    const value = filter[key]?.trim();
    if (value) params.set(key, value);
  }
  if (filter.consistencyDays !== null && filter.consistencyDays !== undefined) {
    params.set("days", String(filter.consistencyDays));
  }
  return params.toString();
}

/** The board's address, as links show it: `#/board?trust=…&kind=mock`. */
export function boardHref(query: string): string {
  return query ? `#/board?${query}` : "#/board";
}

/** An inspection's address, at a key question when one is given. */
export function inspectionHref(id: number, section?: string | null, item?: string | null): string {
  const params = new URLSearchParams();
  if (section) params.set("section", section);
  if (item) params.set("item", item);
  const query = params.toString();
  return `#/inspection/${Number(id)}${query ? `?${query}` : ""}`;
}

/** Movement since the ward's previous inspection, in words for screen readers. */
export const MOVEMENT_WORDS: Record<Movement, string> = {
  up: "up since previous",
  down: "down since previous",
  same: "no change since previous",
};

/** The arrow drawn for a movement (hidden from screen readers, which read the words). */
export const MOVEMENT_ARROWS: Record<Movement, string> = {
  up: "↑",
  down: "↓",
  same: "→",
};

/** "Mock inspection" for `mock`; an unknown kind as it is. */
export function kindLabel(kind: string): string {
  return Object.hasOwn(INSPECTION_KIND_LABELS, kind)
    ? INSPECTION_KIND_LABELS[kind as keyof typeof INSPECTION_KIND_LABELS]
    : kind;
}

/** A signed number of percentage points, to one decimal place: "+6.2 points", "−3.0 points". */
export function signedPoints(points: number | null | undefined): string {
  if (points === null || points === undefined || Number.isNaN(points)) return "–";
  const rounded = Math.round(points * 10) / 10;
  if (rounded === 0) return "0.0 points";
  return `${rounded > 0 ? "+" : "−"}${Math.abs(rounded).toFixed(1)} points`;
}

/** A percentage to one decimal place, or a dash when there is none. */
export function percentText(p: number | null | undefined): string {
  return p === null || p === undefined || Number.isNaN(p) ? "–" : `${(Math.round(p * 10) / 10).toFixed(1)}%`;
}

/** A weighted kappa to two decimal places, or words when it is not defined. */
export function kappaText(k: number | null | undefined): string {
  return k === null || k === undefined || Number.isNaN(k) ? "not defined" : k.toFixed(2);
}

/** A plain, safe file name for a default export name: letters, digits, spaces and dashes. */
export function fileStem(text: string): string {
  return text.replace(/[^\p{L}\p{N} ()-]+/gu, " ").replace(/\s+/g, " ").trim();
}

const LAST_QUERY = "keyline.board-query";

/** Keeps the board's filter, so coming back to the board from elsewhere reopens that view. */
export function rememberBoardQuery(query: string) {
  try {
    localStorage.setItem(LAST_QUERY, query);
  } catch {
    // storage full or disabled: the board still works, unfiltered next time
  }
}

/** The filter the board was last shown with (empty at first). */
export function lastBoardQuery(): string {
  try {
    return localStorage.getItem(LAST_QUERY) ?? "";
  } catch {
    return "";
  }
}
