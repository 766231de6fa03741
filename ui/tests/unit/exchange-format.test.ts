import { expect, test } from "vitest";
import { toAppError } from "../../src/lib/api";
import type { RecordOrigin } from "../../src/lib/bindings";
import { count, groupFingerprint, signatureText, syncText } from "../../src/lib/format";

test("noIdentity crosses as itself, so sign-off can ask for an identity", () => {
  expect(toAppError({ code: "noIdentity", message: "no key" })).toEqual({ code: "noIdentity", message: "no key" });
});

test("a fingerprint reads in groups of four", () => {
  expect(groupFingerprint("0123456789abcdef01")).toBe("0123 4567 89ab cdef 01");
  expect(groupFingerprint("")).toBe("");
});

test("counts agree with their number", () => {
  expect(count(1, "record")).toBe("1 record");
  expect(count(0, "record")).toBe("0 records");
  expect(count(2, "file was", "files were")).toBe("2 files were");
});

test("each trust state reads as the home list shows it", () => {
  const o: RecordOrigin = {
    inspectionId: 1,
    uid: "u",
    service: "Ward 7",
    signerName: "A. Okafor",
    signerOrganisation: "Example NHS FT",
    signerFingerprint: "ab",
    imported: true,
    importedFrom: "x.keyline",
    trust: "yours",
  };
  expect(signatureText(o)).toBe("Signed by you");
  expect(signatureText({ ...o, trust: "trusted" })).toBe("Signed by A. Okafor, Example NHS FT");
  expect(signatureText({ ...o, trust: "unknown" })).toBe("Signed by A. Okafor, Example NHS FT — not in your trusted list");
});

test("a sync with nothing to do says so in words", () => {
  expect(syncText({ written: 0, imported: 0, alreadyHere: 0, refused: [], at: "" })).toBe(
    "Wrote 0 records to the folder, imported 0 new records, 0 files were here already.",
  );
});
