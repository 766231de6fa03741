import { expect, test } from "vitest";
import { localTime, parseUkDate, sentence, ukDate, ukEntry } from "../../src/lib/format";

test("dates read as people write them in the UK, whatever the locale", () => {
  expect(ukDate("2026-11-23")).toBe("23 November 2026");
  expect(ukDate("2026-01-05")).toBe("5 January 2026");
  expect(ukDate(null)).toBe("–");
  expect(ukDate("soon")).toBe("soon");
  expect(ukEntry("2026-11-23")).toBe("23/11/2026");
  expect(ukEntry(null)).toBe("");
});

test("times carry no ISO noise", () => {
  const text = localTime("2026-11-23T14:05:09.123Z");
  expect(text).toMatch(/^2[34] November 2026, \d\d:\d\d$/);
  expect(text).not.toContain("T");
});

test("a date typed in UK order is read day first", () => {
  expect(parseUkDate("23/11/2026")).toEqual({ iso: "2026-11-23" });
  expect(parseUkDate(" 3/2/2027 ")).toEqual({ iso: "2027-02-03" });
  expect(parseUkDate("23.11.26")).toEqual({ iso: "2026-11-23" });
  expect(parseUkDate("2026-11-23")).toEqual({ iso: "2026-11-23" });
  expect(parseUkDate("")).toEqual({ iso: null });
});

test("a half-typed or impossible date says what is wrong", () => {
  for (const text of ["23/11", "23/11/202", "tomorrow", "11-2026"]) {
    const p = parseUkDate(text);
    expect("error" in p && p.error, text).toContain("day/month/year");
  }
  expect(parseUkDate("31/02/2026")).toEqual({ error: "February 2026 has days 1 to 28" });
  expect(parseUkDate("29/02/2028")).toEqual({ iso: "2028-02-29" });
  expect(parseUkDate("12/13/2026")).toEqual({ error: "The month must be between 1 and 12" });
});

test("messages start with a capital letter", () => {
  expect(sentence("there is no action 3")).toBe("There is no action 3");
  expect(sentence("")).toBe("");
  expect(sentence("ward-audit.json is not a valid template")).toBe("ward-audit.json is not a valid template");
  expect(sentence("broken.keyline: the record was altered")).toBe("broken.keyline: the record was altered");
  expect(sentence("/media/full/report.pdf cannot be written")).toBe("/media/full/report.pdf cannot be written");
});
