// Small formatting helpers shared by the screens.
import type { Answer, BundleReport, ImportReport, Rating, RecordOrigin, SyncReport, Template } from "./bindings";
export { PRIORITY_LABELS } from "./bindings";

/** "Regulation 12: Safe care and treatment", from the template's list of regulations. */
export function regulationLabel(template: Template, number: string): string {
  const found = (template.regulations ?? []).find((r) => r.number === number);
  return found ? `Regulation ${number}: ${found.title}` : `Regulation ${number}`;
}

/** Regulation numbers as typed ("12, 17" or "12 17"): the backend tidies and checks them. */
export function splitRegulations(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((n) => n.trim())
    .filter((n) => n !== "");
}

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
    case "count":
      return `${a.value.met} of ${a.value.of}`;
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

/** A certificate fingerprint in groups of four, for reading aloud and comparing by eye. */
export function groupFingerprint(fingerprint: string): string {
  return (fingerprint.match(/.{1,4}/g) ?? []).join(" ");
}

/** "1 record", "2 records". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Who signed a record, as the home list says it. */
export function signatureText(origin: RecordOrigin): string {
  switch (origin.trust) {
    case "yours":
      return "Signed by you";
    case "trusted":
      return `Signed by ${signerOf(origin)}`;
    default:
      return `Signed by ${signerOf(origin)} — not in your trusted list`;
  }
}

function signerOf(origin: RecordOrigin): string {
  return origin.signerOrganisation ? `${origin.signerName}, ${origin.signerOrganisation}` : origin.signerName;
}

/** What an import brought in, in words. */
export function importText(file: string, report: ImportReport): string {
  const parts: string[] = [];
  if (report.imported.length > 0) {
    const list = report.imported.map((r) => `${r.service} (signed by ${signerOf(r)})`).join("; ");
    parts.push(`Imported ${count(report.imported.length, "record")} from ${file}: ${list}.`);
  } else {
    parts.push(`Nothing new in ${file}.`);
  }
  if (report.alreadyHere > 0)
    parts.push(`${count(report.alreadyHere, "record was", "records were")} here already.`);
  if (report.templatesAdded.length > 0)
    parts.push(`Added ${count(report.templatesAdded.length, "template version")}: ${report.templatesAdded.join(", ")}.`);
  return parts.join(" ");
}

/** What a sync did, in words. */
export function syncText(r: SyncReport): string {
  const parts = [
    `Wrote ${count(r.written, "record")} to the folder`,
    `imported ${count(r.imported, "new record")}`,
    `${count(r.alreadyHere, "file was", "files were")} here already`,
  ];
  let text = `${parts.join(", ")}.`;
  if (r.refused.length > 0) text += ` Refused ${count(r.refused.length, "file")}.`;
  return text;
}

/** What a bundle holds, in words. */
export function bundleText(path: string, r: BundleReport): string {
  return (
    `Saved ${count(r.records, "record")} to ${path}, with ${count(r.reports, "report")}, ` +
    `${count(r.templates, "template version")} and ${count(r.evidence, "evidence file")}.`
  );
}

const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

/** A `YYYY-MM-DD` date as people write it in the UK, whatever the system locale:
 * "23 November 2026". Anything else is shown as it is. */
export function ukDate(iso: string | null | undefined): string {
  if (!iso) return "–";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const month = MONTHS[Number(m[2]) - 1];
  return month ? `${Number(m[3])} ${month} ${m[1]}` : iso;
}

/** An RFC 3339 time on the user's clock, without ISO noise: "23 November 2026, 14:05". */
export function localTime(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}, ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The day of an RFC 3339 time on the user's clock: "23 November 2026". */
export function localDay(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
}

/** A `YYYY-MM-DD` date as typed in a UK entry field: "23/11/2026". */
export function ukEntry(iso: string | null | undefined): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : "";
}

/** What a date typed in UK order means: `{ iso }` for a real date ("23/11/2026",
 * "23-11-2026", "23.11.26" and "2026-11-23" all read), `{ iso: null }` for an empty box, and
 * `{ error }` (in words) for anything half-typed or impossible. */
export function parseUkDate(text: string): { iso: string | null } | { error: string } {
  const t = text.trim();
  if (t === "") return { iso: null };
  let day: number, month: number, year: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(t);
  if (iso) {
    [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (uk) {
    [day, month, year] = [Number(uk[1]), Number(uk[2]), Number(uk[3])];
    if (uk[3].length === 2) year += 2000;
  } else {
    return { error: "Enter the date as day/month/year, for example 23/11/2026" };
  }
  if (month < 1 || month > 12) return { error: "The month must be between 1 and 12" };
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > last) return { error: `${MONTHS[month - 1]} ${year} has days 1 to ${last}` };
  const pad = (n: number) => String(n).padStart(2, "0");
  return { iso: `${year}-${pad(month)}-${pad(day)}` };
}

/** A message from the backend as a sentence: it starts with a capital letter. */
export function sentence(text: string): string {
  // Only an ordinary lower-case word: a file name ("ward-audit.json"), a path or a number
  // keeps its case.
  const first = (text.split(/\s/, 1)[0] ?? "").replace(/[:,;]$/, "");
  return /^[a-z][a-z']*$/.test(first) ? text[0].toUpperCase() + text.slice(1) : text;
}
