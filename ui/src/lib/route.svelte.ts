// Which screen is showing. Kept in localStorage so reopening the app returns the user to
// where they were (the inspection and the item).
export type Route =
  | { name: "home" }
  | { name: "new-inspection" }
  | {
      name: "inspection";
      id: number;
      itemId?: string;
      /** A key question (section) to open at, its first item, when no item is given. */
      section?: string;
    }
  | { name: "sign-off"; id: number }
  | { name: "actions" }
  | { name: "compare" }
  | { name: "settings" }
  | { name: "scoring" }
  /** The governance board; `query` is its filter, as `trust=…&kind=mock` (see lib/board.ts). */
  | { name: "board"; query?: string }
  /** Every template version and draft. */
  | { name: "templates" }
  /** A template draft open in the editor. */
  | { name: "template-draft"; id: number };

const KEY = "keyline.route";

function restore(): Route {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? "null") as Route | null;
    if (saved && (saved.name === "home" || saved.name === "new-inspection" || saved.name === "actions" || saved.name === "compare" || saved.name === "settings" || saved.name === "scoring" || saved.name === "templates")) return saved;
    if (saved && (saved.name === "inspection" || saved.name === "sign-off" || saved.name === "template-draft") && typeof saved.id === "number") return saved;
    if (saved && saved.name === "board") return { name: "board", query: typeof saved.query === "string" ? saved.query : "" };
  } catch {
    // unreadable: start at home
  }
  return { name: "home" };
}

export const router = $state({ route: restore() });

export function go(route: Route) {
  router.route = route;
  try {
    localStorage.setItem(KEY, JSON.stringify(route));
  } catch {
    // storage full or disabled: navigation still works
  }
}

/** A message for the next screen to show once (what was just done on the one before). */
export const notice = $state({ text: "" });

/** Goes to `route` and shows `text` there once. */
export function goWithNotice(route: Route, text: string) {
  notice.text = text;
  go(route);
}

/** The item each inspection was last shown at, so coming back to it (from sign-off, or an
 * amended copy of it) opens where the inspector was. */
const lastItems = new Map<number, string>();

export function rememberItem(inspectionId: number, itemId: string) {
  lastItems.set(inspectionId, itemId);
}

export function lastItem(inspectionId: number): string | undefined {
  return lastItems.get(inspectionId);
}
