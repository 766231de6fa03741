import { describe, expect, test } from "vitest";
import type { BoardFilter } from "../../src/lib/bindings";
import {
  boardHref,
  emptyFilter,
  filterFromQuery,
  inspectionHref,
  kappaText,
  percentText,
  queryFromFilter,
  signedPoints,
} from "../../src/lib/board";

const filter = (f: Partial<BoardFilter>): BoardFilter => ({ ...emptyFilter(), ...f });

describe("the board's filter as a route query", () => {
  const cases: [string, BoardFilter, string][] = [
    ["nothing chosen", emptyFilter(), ""],
    ["a trust with spaces", filter({ trust: "North Valley NHS Foundation Trust" }), "trust=North+Valley+NHS+Foundation+Trust"],
    ["a site with & in it", filter({ site: "St Ann's & Riverside" }), "site=St+Ann%27s+%26+Riverside"],
    [
      "every field, in a fixed order",
      filter({ to: "2026-12-31", kind: "mock", template: "cqc-saf-mh-ward", from: "2026-01-01", consistencyDays: 30, trust: "T", site: "S" }),
      "trust=T&site=S&template=cqc-saf-mh-ward&kind=mock&from=2026-01-01&to=2026-12-31&days=30",
    ],
    ["days of 0 are kept", filter({ consistencyDays: 0 }), "days=0"],
  ];
  test.each(cases)("%s", (_, f, query) => {
    expect(queryFromFilter(f)).toBe(query);
    expect(filterFromQuery(query)).toEqual(f);
  });

  test("a query as a link shows it, with or without its prefix", () => {
    expect(filterFromQuery("#/board?kind=mock")).toEqual(filter({ kind: "mock" }));
    expect(filterFromQuery("?kind=self-assessment")).toEqual(filter({ kind: "self-assessment" }));
    expect(boardHref("kind=mock")).toBe("#/board?kind=mock");
    expect(boardHref("")).toBe("#/board");
  });

  test("what cannot be read is left as all", () => {
    expect(filterFromQuery("kind=inspection&from=23/11/2026&to=2026-13&days=-3&trust=%20%20")).toEqual(emptyFilter());
    expect(filterFromQuery("days=1000")).toEqual(emptyFilter());
    expect(filterFromQuery("unknown=1&site=Northgate")).toEqual(filter({ site: "Northgate" }));
  });
});

test("an inspection's address names the key question or item to open at", () => {
  expect(inspectionHref(12)).toBe("#/inspection/12");
  expect(inspectionHref(12, "well-led")).toBe("#/inspection/12?section=well-led");
  expect(inspectionHref(3, "safe", "safe.safe-systems")).toBe("#/inspection/3?section=safe&item=safe.safe-systems");
});

test("gaps, percentages and kappas as the board writes them", () => {
  expect(signedPoints(6.24)).toBe("+6.2 points");
  expect(signedPoints(-3.06)).toBe("−3.1 points");
  expect(signedPoints(0.04)).toBe("0.0 points");
  expect(signedPoints(-0.04)).toBe("0.0 points");
  expect(signedPoints(null)).toBe("–");
  expect(percentText(71.32352941176471)).toBe("71.3%");
  expect(percentText(70)).toBe("70.0%");
  expect(percentText(null)).toBe("–");
  expect(kappaText(0.4166)).toBe("0.42");
  expect(kappaText(null)).toBe("not defined");
});
