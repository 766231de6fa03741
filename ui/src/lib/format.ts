// Small formatting helpers shared by the screens.
import type { Answer, Rating, Template } from "./bindings";

export function percent(p: number | null | undefined): string {
  return p === null || p === undefined ? "–" : `${Math.round(p * 10) / 10}%`;
}

export function ratingOf(template: Template, id: string | null | undefined): Rating | undefined {
  return id ? template.ratings.find((r) => r.id === id) : undefined;
}

export function answerText(a: Answer): string {
  switch (a.kind) {
    case "level":
    case "number":
      return String(a.value);
    case "choice":
    case "text":
    case "date":
      return a.value;
    case "na":
      return "N/A";
    default:
      return a.kind;
  }
}

/** Black or white, whichever reads better on a `#rrggbb` background (WCAG contrast). */
export function textOn(colour: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (!m) return "#212b32";
  const channel = (hex: string) => {
    const c = parseInt(hex, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(m[1]) + 0.7152 * channel(m[2]) + 0.0722 * channel(m[3]);
  return (1.05 / (l + 0.05)) >= ((l + 0.05) / 0.05) ? "#ffffff" : "#000000";
}

/** Today on the user's own clock, as YYYY-MM-DD. */
export function localToday(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
