import { describe, expect, test } from "vitest";
import { toAppError } from "../../src/lib/api";

describe("toAppError", () => {
  const cases: [unknown, { code: string; message: string }][] = [
    [{ code: "busy", message: "The database is busy" }, { code: "busy", message: "The database is busy" }],
    [{ code: "notACode", message: "odd" }, { code: "internal", message: "Something went wrong in Keyline; please try again." }],
    [{ code: "toString", message: "odd" }, { code: "internal", message: "Something went wrong in Keyline; please try again." }],
    [{ code: "databaseTooNew", message: "newer" }, { code: "databaseTooNew", message: "newer" }],
    ["plain text from the runtime", { code: "internal", message: "plain text from the runtime" }],
    [new Error("boom"), { code: "internal", message: "boom" }],
    [undefined, { code: "internal", message: "Something went wrong in Keyline; please try again." }],
    ["", { code: "internal", message: "Something went wrong in Keyline; please try again." }],
  ];
  test.each(cases)("%j", (input, want) => {
    expect(toAppError(input)).toEqual(want);
  });
});

import { textOn } from "../../src/lib/format";

describe("textOn", () => {
  test.each([
    ["#ffffff", "#000000"],
    ["#000000", "#ffffff"],
    ["#005eb8", "#ffffff"],
    ["#ed8b00", "#000000"],
    ["#ffeb3b", "#000000"],
    ["not a colour", "#212b32"],
  ])("%s → %s", (bg, want) => {
    expect(textOn(bg)).toBe(want);
  });
});
