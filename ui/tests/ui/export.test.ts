// The Export button: a save dialog for the file, then the backend writes the report there.
import { afterAll, beforeAll, expect, test } from "vitest";
import { startHarness, type Harness } from "./browser";
import { callsTo, inspections, open, safView, templates, withHandlers } from "./fixtures";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

function data() {
  const view = safView();
  return { templates: templates(), inspections: inspections(), views: { [view.inspection.id]: view } };
}

test("Export asks where to save, sends that path, and says what was saved", async () => {
  const view = safView();
  const handlers = withHandlers({
    "plugin:dialog|save": `() => "/home/inspector/Reports/Ward 7.pdf"`,
    export_pdf: `({ id }) => ({ reportId: "KL-" + id + "-DRAFT-20261122101500", signedOff: false })`,
  });
  const page = await open(h, handlers, data(), { name: "inspection", id: view.inspection.id });
  await page.getByTestId("export").click();
  const status = page.getByTestId("exported");
  await status.waitFor();
  expect(await status.textContent()).toContain("Report KL-" + view.inspection.id + "-DRAFT-20261122101500 saved to /home/inspector/Reports/Ward 7.pdf");
  expect(await status.textContent()).toContain("DRAFT");
  expect(await callsTo(page, "export_pdf")).toEqual([{ id: view.inspection.id, path: "/home/inspector/Reports/Ward 7.pdf" }]);
  const dialog = (await callsTo(page, "plugin:dialog|save")) as { options: { defaultPath: string } }[];
  expect(dialog[0].options.defaultPath).toMatch(/\.pdf$/);
});

test("cancelling the save dialog exports nothing", async () => {
  const view = safView();
  const handlers = withHandlers({ "plugin:dialog|save": `() => null`, export_pdf: `() => ({})` });
  const page = await open(h, handlers, data(), { name: "inspection", id: view.inspection.id });
  await page.getByTestId("export").click();
  await page.waitForTimeout(300);
  expect(await callsTo(page, "export_pdf")).toEqual([]);
  expect(await page.getByTestId("exported").count()).toBe(0);
});

test("a failed export shows the backend's message", async () => {
  const view = safView();
  const handlers = withHandlers({
    "plugin:dialog|save": `() => "/media/full/report.pdf"`,
    export_pdf: `() => { throw { code: "io", message: "cannot write /media/full/report.pdf: No space left on device" }; }`,
  });
  const page = await open(h, handlers, data(), { name: "inspection", id: view.inspection.id });
  await page.getByTestId("export").click();
  await page.getByTestId("error-message").waitFor();
  // The backend's message as a sentence; the path in it keeps its case.
  expect(await page.getByTestId("error-message").textContent()).toBe(
    "Cannot write /media/full/report.pdf: No space left on device",
  );
});
