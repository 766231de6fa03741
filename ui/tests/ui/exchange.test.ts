// Signed records between trusts: the Settings screen (identity, trusted signers, sync
// folder), the signature status of each inspection on the home list, importing records (the
// picker and Tauri's drag-and-drop), exporting a bundle, and sign-off asking for an identity.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { ImportReport, InspectionSummary, RecordOrigin, SettingsView, Signer } from "../../src/lib/bindings";
import { startHarness, type Harness } from "./browser";
import { axeViolations, callsTo, commands, inspections, MY_FINGERPRINT, open, templates, withHandlers, type MockData } from "./fixtures";
import { completeView, workflowHandlers, workflowInspections } from "./workflow";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const OKAFOR: Signer = {
  name: "A. Okafor",
  organisation: "Example NHS FT",
  fingerprint: "9e1b7c3d5a2f4e6b8c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b",
};
const NOWAK: Signer = {
  name: "B. Nowak",
  organisation: "Northfield Care NHS Trust",
  fingerprint: "71aa02bb03cc04dd05ee06ff0711081209130a140b150c160d170e180f191a1b",
};

function settings(over: Partial<SettingsView> = {}): SettingsView {
  return {
    identity: { name: "Chidi Mensah", organisation: "Riverside NHS FT", fingerprint: MY_FINGERPRINT },
    trusted: [],
    home: "/home/inspector/.local/share/keyline",
    syncFolder: null,
    lastSync: null,
    ...over,
  };
}

function grouped(fingerprint: string): string {
  return fingerprint.match(/.{4}/g)!.join(" ");
}

function origin(i: InspectionSummary, over: Partial<RecordOrigin>): RecordOrigin {
  return {
    inspectionId: i.id,
    uid: i.uid,
    service: i.service,
    signerName: "Chidi Mensah",
    signerOrganisation: "Riverside NHS FT",
    signerFingerprint: MY_FINGERPRINT,
    imported: false,
    importedFrom: null,
    trust: "yours",
    ...over,
  };
}

/** Three signed-off inspections, one in each signature state, and one still in progress. */
function signedInspections(): InspectionSummary[] {
  const [a, b] = inspections();
  const yours = { ...a, status: "signed-off" as const, signedRecord: origin(a, {}) };
  const trusted = {
    ...b,
    status: "signed-off" as const,
    signedRecord: origin(b, {
      signerName: OKAFOR.name,
      signerOrganisation: OKAFOR.organisation,
      signerFingerprint: OKAFOR.fingerprint,
      imported: true,
      importedFrom: "ward7-okafor.keyline",
      trust: "trusted",
    }),
  };
  const unknown = {
    ...b,
    id: 9,
    uid: "019a0000-0000-7000-8000-000000000009",
    service: "Ward 9",
    status: "signed-off" as const,
    signedRecord: origin(b, {
      inspectionId: 9,
      service: "Ward 9",
      signerName: "X. Stranger <b>bold</b>",
      signerOrganisation: "Elsewhere Trust",
      signerFingerprint: "ff".repeat(32),
      imported: true,
      importedFrom: "<img src=x onerror=\"window.__PWNED__=1\">.pdf",
      trust: "unknown",
    }),
  };
  const draft = { ...b, id: 10, uid: "019a0000-0000-7000-8000-00000000000a", service: "Ward 10", signedRecord: null };
  return [yours, trusted, unknown, draft];
}

const TRUST_HANDLERS = {
  trust_certificate: `({ path }) => {
    const signer = (window.__DATA__.trustable ?? {})[path];
    if (!signer) throw { code: "invalidInput", message: path + " is not a certificate or a signed report" };
    window.__DATA__.settings.trusted.push(signer);
    return structuredClone(signer);
  }`,
  untrust: `({ fingerprint }) => {
    const list = window.__DATA__.settings.trusted;
    const i = list.findIndex((s) => s.fingerprint.startsWith(fingerprint));
    if (i < 0) throw { code: "notFound", message: "no trusted signer " + fingerprint };
    return structuredClone(list.splice(i, 1)[0]);
  }`,
  set_sync_folder: `({ path }) => { window.__DATA__.settings.syncFolder = path; return null; }`,
  sync_now: `async () => {
    await new Promise((r) => setTimeout(r, 300));
    window.__DATA__.settings.lastSync = "2026-11-23T09:30:00Z";
    return { written: 2, imported: 1, alreadyHere: 3, refused: ["notes.pdf: it is not signed"], at: "2026-11-23T09:30:00Z" };
  }`,
  "plugin:dialog|open": `({ options }) => options.directory ? "/shared/keyline-sync" : window.__DATA__.pick`,
  "plugin:dialog|save": `() => "/home/inspector/ward-records.keyline"`,
};

async function openSettings(data: MockData & Record<string, unknown>): Promise<Page> {
  const page = await open(h, withHandlers(TRUST_HANDLERS), { templates: templates(), inspections: [], ...data }, { name: "settings" });
  await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
  return page;
}

test("Settings is reachable from the header by keyboard and shows the identity, its fingerprint in fours", async () => {
  const page = await open(h, withHandlers(TRUST_HANDLERS), { templates: templates(), inspections: [], settings: settings() });
  await page.getByTestId("inspections").or(page.getByTestId("no-inspections")).waitFor();
  await page.getByTestId("nav-settings").focus();
  await page.keyboard.press("Enter");
  await page.getByTestId("identity").waitFor();
  expect(await page.getByTestId("identity-name").textContent()).toBe("Chidi Mensah");
  expect(await page.getByTestId("identity-organisation").textContent()).toBe("Riverside NHS FT");
  const fp = await page.getByTestId("my-fingerprint").textContent();
  expect(fp).toBe(grouped(MY_FINGERPRINT));
  expect(fp?.split(" ")).toHaveLength(16);
  expect(await page.getByTestId("nav-settings").getAttribute("aria-current")).toBe("page");
  expect(await axeViolations(page)).toEqual([]);
});

test("without an identity, Settings explains the key and makes one from a name and organisation", async () => {
  const page = await openSettings({ settings: settings({ identity: null }) });
  await page.getByTestId("identity-form").waitFor();
  expect(await page.getByTestId("no-identity").textContent()).toContain("kept only on this computer");
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel("Your name, as it appears on records").fill("A. Okafor");
  await page.getByLabel("Your organisation").fill("Example NHS FT");
  await page.getByRole("button", { name: "Make my signing key" }).click();
  await page.getByTestId("identity").waitFor();
  expect(await callsTo(page, "create_identity")).toEqual([{ name: "A. Okafor", organisation: "Example NHS FT" }]);
  expect(await page.getByTestId("identity-name").textContent()).toBe("A. Okafor");
  expect(await page.getByTestId("my-fingerprint").textContent()).toBe(grouped("c0ffee00".repeat(8)));
  expect(await page.getByTestId("identity-form").count()).toBe(0);
});

test("a refused identity shows the backend's message and keeps what was typed", async () => {
  const page = await open(
    h,
    withHandlers({ ...TRUST_HANDLERS, create_identity: `() => { throw { code: "invalidInput", message: "your name cannot be empty" }; }` }),
    { templates: templates(), inspections: [], settings: settings({ identity: null }) },
    { name: "settings" },
  );
  await page.getByTestId("identity-form").waitFor();
  await page.getByLabel("Your organisation").fill("Example NHS FT");
  await page.getByRole("button", { name: "Make my signing key" }).click();
  await page.getByTestId("error-message").waitFor();
  // The backend's message, as a sentence.
  expect(await page.getByTestId("error-message").textContent()).toBe("Your name cannot be empty");
  expect(await page.getByLabel("Your organisation").inputValue()).toBe("Example NHS FT");
});

test("Trust a signer… adds the signer from the chosen file and says who it added", async () => {
  const page = await openSettings({ settings: settings({ trusted: [NOWAK] }), trustable: { "/home/inspector/okafor.pem": OKAFOR }, pick: "/home/inspector/okafor.pem" });
  expect(await page.getByTestId("trusted-signer").count()).toBe(1);
  await page.getByTestId("trust-signer").click();
  const added = page.getByTestId("trust-added");
  await added.waitFor();
  expect((await added.textContent())?.replace(/\s+/g, " ").trim()).toBe(
    `Added A. Okafor, Example NHS FT (fingerprint ${grouped(OKAFOR.fingerprint)}) to your trusted list.`,
  );
  expect(await callsTo(page, "trust_certificate")).toEqual([{ path: "/home/inspector/okafor.pem" }]);
  const dialog = (await callsTo(page, "plugin:dialog|open")) as { options: { filters: { extensions: string[] }[] } }[];
  expect(dialog[0].options.filters[0].extensions).toEqual(["pem", "pdf"]);
  await page.getByTestId("trusted-signer").nth(1).waitFor();
  expect(await page.getByTestId("trusted-signer").allTextContents()).toEqual([
    expect.stringContaining("B. Nowak"),
    expect.stringContaining(grouped(OKAFOR.fingerprint)),
  ]);
});

test("a file that is not a certificate is refused with the backend's message; cancelling the picker does nothing", async () => {
  const page = await openSettings({ settings: settings(), trustable: {}, pick: "/home/inspector/notes.txt" });
  await page.getByTestId("trust-signer").click();
  await page.getByTestId("error-message").waitFor();
  expect(await page.getByTestId("error-message").textContent()).toBe("/home/inspector/notes.txt is not a certificate or a signed report");
  expect(await page.getByTestId("no-trusted").count()).toBe(1);

  const cancel = await openSettings({ settings: settings(), pick: null });
  await cancel.getByTestId("trust-signer").click();
  await cancel.waitForTimeout(200);
  expect(await callsTo(cancel, "trust_certificate")).toEqual([]);
});

test("Remove asks first: Cancel keeps the signer, Yes removes it by fingerprint", async () => {
  const page = await openSettings({ settings: settings({ trusted: [OKAFOR, NOWAK] }) });
  await page.getByRole("button", { name: "Remove A. Okafor" }).click();
  await page.getByTestId("confirm-remove").waitFor();
  expect(await page.getByTestId("confirm-remove").textContent()).toContain("Stop trusting A. Okafor?");
  await page.getByRole("button", { name: "Cancel" }).click();
  expect(await page.getByTestId("confirm-remove").count()).toBe(0);
  expect(await callsTo(page, "untrust")).toEqual([]);

  await page.getByRole("button", { name: "Remove A. Okafor" }).click();
  await page.getByRole("button", { name: "Yes, remove" }).click();
  await page.getByTestId("trust-removed").waitFor();
  expect(await callsTo(page, "untrust")).toEqual([{ fingerprint: OKAFOR.fingerprint }]);
  expect(await page.getByTestId("trusted-signer").count()).toBe(1);
  expect(await page.getByTestId("trusted-signer").textContent()).toContain("B. Nowak");
  expect(await axeViolations(page)).toEqual([]);
});

test("choosing a sync folder, then Sync now shows progress and then the counts in words and refused files", async () => {
  const page = await openSettings({ settings: settings() });
  expect(await page.getByTestId("sync-now").isDisabled()).toBe(true);
  expect(await page.getByTestId("last-sync").textContent()).toBe("Never synced.");
  await page.getByTestId("choose-sync-folder").click();
  await page.getByText("/shared/keyline-sync").waitFor();
  expect(await callsTo(page, "set_sync_folder")).toEqual([{ path: "/shared/keyline-sync" }]);

  await page.getByTestId("sync-now").click();
  await page.getByText("Syncing with the folder…").waitFor();
  expect(await page.getByTestId("sync-now").isDisabled()).toBe(true);
  await page.getByTestId("synced").waitFor();
  expect(await page.getByTestId("synced").locator("p").first().textContent()).toBe(
    "Wrote 2 records to the folder, imported 1 new record, 3 files were here already. Refused 1 file.",
  );
  expect(await page.getByTestId("refused").locator("li").allTextContents()).toEqual(["notes.pdf: it is not signed"]);
  expect(await page.getByTestId("last-sync").textContent()).toMatch(/^Last synced 23 November 2026, \d\d:30\.$/);
});

test("the home list shows each signature state, where a record was imported from, as text", async () => {
  const page = await open(h, withHandlers(TRUST_HANDLERS), { templates: templates(), inspections: signedInspections() });
  await page.getByTestId("inspections").waitFor();
  const cells = await page.getByTestId("signature").allTextContents();
  expect(cells.map((c) => c.replace(/\s+/g, " ").trim())).toEqual([
    "Signed by you",
    "Signed by A. Okafor, Example NHS FT Imported from ward7-okafor.keyline",
    `Warning: Signed by X. Stranger <b>bold</b>, Elsewhere Trust — not in your trusted list Imported from <img src=x onerror="window.__PWNED__=1">.pdf`,
    "",
  ]);
  // Markup in a record's names and file names stays text.
  expect(await page.locator("[data-testid=inspections] b, [data-testid=inspections] img").count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __PWNED__?: number }).__PWNED__)).toBeUndefined();
  // Only signed records can be selected for a bundle.
  expect(await page.getByTestId("select-record").count()).toBe(3);
  expect(await axeViolations(page)).toEqual([]);
});

const IMPORTED: ImportReport = {
  imported: [
    {
      inspectionId: 11,
      uid: "019a0000-0000-7000-8000-00000000000b",
      service: "Ward 12",
      signerName: "A. Okafor",
      signerOrganisation: "Example NHS FT",
      signerFingerprint: OKAFOR.fingerprint,
      imported: true,
      importedFrom: "okafor.keyline",
      trust: "trusted",
    },
  ],
  alreadyHere: 2,
  templatesAdded: ["cqc-saf-mh-ward 1.1"],
};

const IMPORT_HANDLERS = {
  ...TRUST_HANDLERS,
  import_records: `({ path }) => {
    if (path.endsWith("broken.keyline")) throw { code: "invalidInput", message: "broken.keyline: the record of Ward 12 has been altered since it was signed" };
    return structuredClone(window.__DATA__.importResult);
  }`,
};

test("Import records… imports the chosen file and says what came in, in words; the list is read again", async () => {
  const page = await open(h, withHandlers(IMPORT_HANDLERS), {
    templates: templates(),
    inspections: inspections(),
    importResult: IMPORTED,
    pick: "/home/inspector/Downloads/okafor.keyline",
  } as MockData);
  await page.getByTestId("inspections").waitFor();
  await page.getByTestId("import-records").click();
  await page.getByTestId("records-done").waitFor();
  expect(await page.getByTestId("records-done").textContent()).toBe(
    "Imported 1 record from okafor.keyline: Ward 12 (signed by A. Okafor, Example NHS FT). 2 records were here already. Added 1 template version: cqc-saf-mh-ward 1.1.",
  );
  expect(await callsTo(page, "import_records")).toEqual([{ path: "/home/inspector/Downloads/okafor.keyline" }]);
  const cmds = await commands(page);
  expect(cmds.lastIndexOf("list_inspections")).toBeGreaterThan(cmds.indexOf("import_records"));
  const dialog = (await callsTo(page, "plugin:dialog|open")) as { options: { filters: { extensions: string[] }[] } }[];
  expect(dialog[0].options.filters[0].extensions).toEqual(["keyline", "pdf"]);
});

test("a refused import shows the backend's message in the error summary", async () => {
  const page = await open(h, withHandlers(IMPORT_HANDLERS), {
    templates: templates(),
    inspections: inspections(),
    pick: "/home/inspector/broken.keyline",
  } as MockData);
  await page.getByTestId("inspections").waitFor();
  await page.getByTestId("import-records").click();
  await page.getByTestId("error-message").waitFor();
  expect(await page.getByTestId("error-summary").locator("h2").textContent()).toBe("broken.keyline was not imported");
  expect(await page.getByTestId("error-message").textContent()).toBe(
    "broken.keyline: the record of Ward 12 has been altered since it was signed",
  );
  expect(await page.getByTestId("records-done").count()).toBe(0);
});

/** Fires a Tauri window event, as the desktop app delivers a file drag-and-drop. */
function emit(page: Page, event: string, payload: unknown): Promise<unknown> {
  return page.evaluate(
    ([e, p]) => (window as unknown as { __TAURI_INTERNALS__: { invoke: (c: string, a: unknown) => Promise<unknown> } }).__TAURI_INTERNALS__.invoke("plugin:event|emit", { event: e, payload: p }),
    [event, payload] as const,
  );
}

test("dropping a bundle on the home screen imports it by its path; other files are refused in words", async () => {
  const page = await open(h, withHandlers(IMPORT_HANDLERS), { templates: templates(), inspections: inspections(), importResult: IMPORTED } as MockData);
  await page.getByTestId("inspections").waitFor();
  await page.waitForTimeout(100); // the drop listener is registered after mount
  await emit(page, "tauri://drag-enter", { paths: ["/tmp/okafor.keyline"], position: { x: 10, y: 10 } });
  await page.getByText("Drop to import the records").waitFor();
  await emit(page, "tauri://drag-drop", { paths: ["/tmp/okafor.keyline"], position: { x: 10, y: 10 } });
  await page.getByTestId("records-done").waitFor();
  expect(await callsTo(page, "import_records")).toEqual([{ path: "/tmp/okafor.keyline" }]);
  expect(await page.getByText("Drop to import the records").count()).toBe(0);
  expect(await page.getByTestId("records-done").textContent()).toContain("Imported 1 record from okafor.keyline");

  await emit(page, "tauri://drag-drop", { paths: ["/tmp/photo.jpg"], position: { x: 10, y: 10 } });
  await page.getByTestId("error-message").waitFor();
  expect(await page.getByTestId("error-message").textContent()).toBe(
    "Keyline imports records from .keyline bundles and signed report PDFs only.",
  );
  expect(await callsTo(page, "import_records")).toHaveLength(1);
});

test("Export bundle… sends the ticked signed inspections (ticked by keyboard) and shows the counts", async () => {
  const page = await open(
    h,
    withHandlers({
      ...TRUST_HANDLERS,
      export_bundle: `({ ids }) => ({ records: ids.length, reports: ids.length, templates: 1, evidence: 3, bytes: 52000 })`,
    }),
    { templates: templates(), inspections: signedInspections() },
  );
  await page.getByTestId("inspections").waitFor();
  expect(await page.getByTestId("export-bundle").isDisabled()).toBe(true);
  const boxes = page.getByTestId("select-record");
  await boxes.nth(0).focus();
  await page.keyboard.press("Space");
  await boxes.nth(2).focus();
  await page.keyboard.press("Space");
  expect(await page.getByText("2 selected for the bundle.").count()).toBe(1);
  await page.getByTestId("export-bundle").click();
  await page.getByTestId("records-done").waitFor();
  const [a, , c] = signedInspections();
  expect(await callsTo(page, "export_bundle")).toEqual([{ ids: [a.id, c.id], path: "/home/inspector/ward-records.keyline" }]);
  expect(await page.getByTestId("records-done").textContent()).toBe(
    "Saved 2 records to /home/inspector/ward-records.keyline, with 2 reports, 1 template version and 3 evidence files.",
  );
});

test("sign-off without an identity asks for name and organisation, makes the key, then signs off", async () => {
  const view = completeView();
  const page = await open(
    h,
    workflowHandlers({}),
    { templates: templates(), inspections: workflowInspections(), views: { [view.inspection.id]: view }, settings: settings({ identity: null }) },
    { name: "sign-off", id: view.inspection.id },
  );
  await page.getByTestId("sign-off-form").waitFor();
  const fields = page.getByTestId("identity-fields");
  await fields.waitFor();
  expect(await fields.textContent()).toContain("Keyline makes you a key, kept only on this computer, to sign your records");
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel("Your name").fill("A. Okafor");
  await page.getByLabel("Your organisation").fill("Example NHS FT");
  await page.getByLabel("Inspector").fill("A. Okafor");
  await page.getByLabel("Reviewer").fill("B. Nowak");
  await page.getByRole("button", { name: "Sign off and lock" }).click();
  await page.getByTestId("locked").waitFor();
  expect(await callsTo(page, "create_identity")).toEqual([{ name: "A. Okafor", organisation: "Example NHS FT" }]);
  const cmds = await commands(page);
  expect(cmds.indexOf("create_identity")).toBeLessThan(cmds.indexOf("sign_off"));
});

test("sign-off with an identity asks for none", async () => {
  const view = completeView();
  const page = await open(
    h,
    workflowHandlers({}),
    { templates: templates(), inspections: workflowInspections(), views: { [view.inspection.id]: view } },
    { name: "sign-off", id: view.inspection.id },
  );
  await page.getByTestId("sign-off-form").waitFor();
  expect(await page.getByTestId("identity-fields").count()).toBe(0);
});

test("a sign-off refused for want of an identity shows the fields to make one", async () => {
  const view = completeView();
  const page = await open(
    h,
    workflowHandlers({
      settings: `() => { throw { code: "io", message: "cannot read your Keyline folder" }; }`,
      sign_off: `() => { throw { code: "noIdentity", message: "you have no signing identity yet" }; }`,
    }),
    { templates: templates(), inspections: workflowInspections(), views: { [view.inspection.id]: view } },
    { name: "sign-off", id: view.inspection.id },
  );
  await page.getByTestId("sign-off-form").waitFor();
  expect(await page.getByTestId("identity-fields").count()).toBe(0);
  await page.getByLabel("Inspector").fill("A. Okafor");
  await page.getByLabel("Reviewer").fill("B. Nowak");
  await page.getByRole("button", { name: "Sign off and lock" }).click();
  await page.getByTestId("identity-fields").waitFor();
  expect(await page.getByTestId("error-message").textContent()).toBe("You have no signing identity yet");
});
