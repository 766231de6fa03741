// Files that open elsewhere: after export, the report opens or shows in its folder; evidence
// photos show a thumbnail, and any evidence file opens in the system's program for it.
import { afterAll, beforeAll, expect, test } from "vitest";
import { startHarness, type Harness } from "./browser";
import { axeViolations, callsTo, inspections, open, safView, templates, withHandlers } from "./fixtures";
import { completeView, WORKFLOW_BACKEND } from "./workflow";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

// A 1×1 PNG, as the backend sends a photo's bytes.
const PNG_BYTES =
  "new Uint8Array([137,80,78,71,13,10,26,10,0,0,0,13,73,72,68,82,0,0,0,1,0,0,0,1,8,6,0,0,0,31,21,196,137,0,0,0,13,73,68,65,84,120,156,99,248,15,4,0,9,251,3,253,227,85,242,156,0,0,0,0,73,69,78,68,174,66,96,130]).buffer";

test("after an export the report opens, or shows in its folder, by the path it was saved to", async () => {
  const view = safView();
  const handlers = withHandlers({
    "plugin:dialog|save": `() => "/home/inspector/Reports/Ward 7.pdf"`,
    export_pdf: `({ id }) => ({ reportId: "KL-" + id + "-DRAFT-1", signedOff: false })`,
    open_exported: `() => null`,
  });
  const data = { templates: templates(), inspections: inspections(), views: { [view.inspection.id]: view } };
  const page = await open(h, handlers, data, { name: "inspection", id: view.inspection.id });
  expect(await page.getByTestId("open-export").count()).toBe(0);
  await page.getByTestId("export").click();
  await page.getByTestId("open-export").click();
  await page.getByTestId("reveal-export").click();
  await expect
    .poll(() => callsTo(page, "open_exported"))
    .toEqual([
      { path: "/home/inspector/Reports/Ward 7.pdf", reveal: false },
      { path: "/home/inspector/Reports/Ward 7.pdf", reveal: true },
    ]);
  expect(await axeViolations(page)).toEqual([]);
});

test("a report that cannot be opened says why", async () => {
  const view = safView();
  const handlers = withHandlers({
    "plugin:dialog|save": `() => "/home/inspector/Reports/Ward 7.pdf"`,
    export_pdf: `({ id }) => ({ reportId: "KL-" + id + "-DRAFT-1", signedOff: false })`,
    open_exported: `() => { throw { code: "io", message: "could not open /home/inspector/Reports/Ward 7.pdf: no PDF reader is set up" }; }`,
  });
  const data = { templates: templates(), inspections: inspections(), views: { [view.inspection.id]: view } };
  const page = await open(h, handlers, data, { name: "inspection", id: view.inspection.id });
  await page.getByTestId("export").click();
  await page.getByTestId("open-export").click();
  await page.getByTestId("error-message").waitFor();
  expect(await page.getByTestId("error-message").textContent()).toBe(
    "Could not open /home/inspector/Reports/Ward 7.pdf: no PDF reader is set up",
  );
});

test("a photo of evidence shows a thumbnail, and a click on a file's name opens it", async () => {
  const complete = completeView();
  const photo = { ...complete.evidence[0], fileName: "clinic-room.png", mediaType: "image/png" };
  complete.evidence = [photo, ...complete.evidence.slice(1)];
  const handlers = `Object.assign(${WORKFLOW_BACKEND}, {
    evidence_image: () => ${PNG_BYTES},
    open_evidence: () => null,
  })`;
  const page = await open(h, handlers, { templates: templates(), views: { 3: complete } }, {
    name: "inspection",
    id: 3,
    itemId: photo.itemId,
  });
  const thumb = page.getByTestId("thumbnail");
  await thumb.waitFor();
  expect(await thumb.getAttribute("alt")).toBe("Photo: clinic-room.png");
  expect(await thumb.getAttribute("src")).toMatch(/^blob:/);
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
  expect(await callsTo(page, "evidence_image")).toEqual([{ id: photo.id }]);
  await page.getByRole("button", { name: "Open clinic-room.png" }).click();
  await expect.poll(() => callsTo(page, "open_evidence")).toEqual([{ id: photo.id }]);
  expect(await axeViolations(page)).toEqual([]);
});

test("a document of evidence has no thumbnail and is not fetched, but opens", async () => {
  const complete = completeView();
  const doc = complete.evidence[0];
  const handlers = `Object.assign(${WORKFLOW_BACKEND}, {
    evidence_image: () => { throw { code: "invalidInput", message: "not a photo" }; },
    open_evidence: () => null,
  })`;
  const page = await open(h, handlers, { templates: templates(), views: { 3: complete } }, {
    name: "inspection",
    id: 3,
    itemId: doc.itemId,
  });
  await page.getByTestId("evidence").waitFor();
  expect(await page.getByTestId("thumbnail").count()).toBe(0);
  expect(await callsTo(page, "evidence_image")).toEqual([]);
  await page.getByRole("button", { name: `Open ${doc.fileName}` }).click();
  await expect.poll(() => callsTo(page, "open_evidence")).toEqual([{ id: doc.id }]);
});
