// The sign-off screen: what still stops an inspection being signed off (items to answer, notes
// and evidence the template asks for), the inspector and reviewer form, and the read-only
// inspection afterwards.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { InspectionView } from "../../src/lib/bindings";
import { startHarness, type Harness } from "./browser";
import { axeViolations, callsTo, commands, open, safView, templates } from "./fixtures";
import {
  completeView,
  signedView,
  unmetView,
  WORKFLOW_BACKEND,
  workflowHandlers,
  workflowInspections,
  type WorkflowData,
} from "./workflow";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const SAF = safView();
const COMPLETE = completeView();
const UNMET = unmetView();
const REFUSED = "the reviewer must be someone other than the inspector";

function data(views: InspectionView[]): WorkflowData {
  return {
    templates: templates(),
    inspections: workflowInspections(),
    views: Object.fromEntries(views.map((v) => [v.inspection.id, v])),
  };
}

/** "Section: Item" for an item of the view's template, as an inspector reads it. */
function titleOf(view: InspectionView, itemId: string): string {
  for (const s of view.template.sections) for (const i of s.items) if (i.id === itemId) return `${s.title}: ${i.title}`;
  throw new Error(`no item ${itemId}`);
}

/** The item's own title, as its heading shows it. */
function itemTitle(view: InspectionView, itemId: string): string {
  for (const s of view.template.sections) for (const i of s.items) if (i.id === itemId) return i.title;
  throw new Error(`no item ${itemId}`);
}

async function openSignOff(view: InspectionView, handlers = WORKFLOW_BACKEND, views = [view]): Promise<Page> {
  const page = await open(h, handlers, data(views), { name: "sign-off", id: view.inspection.id });
  await page.getByText(`${view.inspection.service}, ${view.template.title} v${view.template.version}`).waitFor();
  return page;
}

test("the inspection's Sign off button opens the sign-off screen", async () => {
  const page = await open(h, WORKFLOW_BACKEND, data([COMPLETE]), { name: "inspection", id: COMPLETE.inspection.id });
  await page.getByTestId("go-sign-off").click();
  await page.getByTestId("sign-off-form").waitFor();
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Sign off");
});

test("an incomplete inspection lists every item still to answer, as links, and no form", async () => {
  expect(SAF.score.complete).toBe(false);
  const page = await openSignOff(SAF);
  const missing = page.getByTestId("missing");
  await missing.waitFor();
  expect(await missing.textContent()).toContain(`${SAF.score.missing.length} items must be answered first`);
  const links = missing.getByRole("link");
  expect(await links.allTextContents()).toEqual(SAF.score.missing.map((id) => titleOf(SAF, id)));
  expect(await page.getByTestId("sign-off-form").count()).toBe(0);
  expect(await page.getByRole("button", { name: "Sign off and lock" }).count()).toBe(0);
});

test("clicking a missing item opens the inspection at that item", async () => {
  const page = await openSignOff(SAF);
  const target = SAF.score.missing[3];
  await page.getByTestId("missing").getByRole("link", { name: titleOf(SAF, target), exact: true }).click();
  await page.getByTestId("item-title").waitFor();
  expect(await page.getByTestId("item-title").textContent()).toBe(itemTitle(SAF, target));
  expect(await page.evaluate(() => localStorage.getItem("keyline.route"))).toBe(
    JSON.stringify({ name: "inspection", id: SAF.inspection.id, itemId: target }),
  );
});

test("notes and evidence the template still asks for are listed, as links, and no form", async () => {
  expect(UNMET.score.complete).toBe(true);
  expect(UNMET.unmet).toHaveLength(3);
  const page = await openSignOff(UNMET);
  const unmet = page.getByTestId("unmet");
  await unmet.waitFor();
  expect(await unmet.getByRole("link").allTextContents()).toEqual(
    UNMET.unmet.map((u) => `${u.need === "note" ? "a note" : "evidence"} on ${titleOf(UNMET, u.itemId)}`),
  );
  expect(await page.getByTestId("sign-off-form").count()).toBe(0);

  // Each link goes to the item that needs it.
  await unmet.getByRole("link").nth(1).click();
  await page.getByTestId("item-title").waitFor();
  expect(await page.getByTestId("item-title").textContent()).toBe(itemTitle(UNMET, UNMET.unmet[1].itemId));
});

test("a complete inspection with nothing unmet shows its overall rating and the form", async () => {
  const page = await openSignOff(COMPLETE);
  await page.getByTestId("sign-off-form").waitFor();
  expect(await page.getByTestId("missing").count()).toBe(0);
  expect(await page.getByTestId("unmet").count()).toBe(0);
  expect(await page.getByText("Every required item is answered.").textContent()).toContain(
    `Overall: ${COMPLETE.score.overall.ratingLabel}`,
  );
  // The inspection's team is "C. Mensah": the inspector is filled in from it; there is no
  // second name for the reviewer.
  expect(await page.getByLabel("Inspector").inputValue()).toBe("C. Mensah");
  expect(await page.getByLabel("Reviewer").inputValue()).toBe("");
  expect(await page.getByTestId("not-raised").count()).toBe(0);
});

test("inspector and reviewer are filled in from the team, and suggested actions not raised are listed", async () => {
  const view = structuredClone(COMPLETE);
  view.inspection.team = "Chidi Mensah, Grace Adeyemi; Sam Ola";
  const suggested = view.itemStates.find((s) => s.visible);
  if (!suggested) throw new Error("no visible item");
  suggested.suggestedAction = "Restock the emergency bag";
  const page = await openSignOff(view);
  await page.getByTestId("sign-off-form").waitFor();
  expect(await page.getByLabel("Inspector").inputValue()).toBe("Chidi Mensah");
  expect(await page.getByLabel("Reviewer").inputValue()).toBe("Grace Adeyemi");
  const warning = page.getByTestId("not-raised");
  expect(await warning.locator("li").allTextContents()).toEqual([
    `“Restock the emergency bag” (${titleOf(view, suggested.itemId)})`,
  ]);
  // A warning, not a block: signing off still works.
  await page.getByRole("button", { name: "Sign off and lock" }).click();
  await page.getByTestId("locked").waitFor();
  expect(await callsTo(page, "sign_off")).toEqual([
    { id: view.inspection.id, inspector: "Chidi Mensah", reviewer: "Grace Adeyemi" },
  ]);
});

test("signing off sends both names, then the inspection opens locked", async () => {
  const page = await openSignOff(COMPLETE);
  await page.getByLabel("Inspector").fill("Chidi Mensah");
  await page.getByLabel("Reviewer").fill("Grace Adeyemi");
  await page.getByRole("button", { name: "Sign off and lock" }).click();
  const locked = page.getByTestId("locked");
  await locked.waitFor();
  expect(await callsTo(page, "sign_off")).toEqual([
    { id: COMPLETE.inspection.id, inspector: "Chidi Mensah", reviewer: "Grace Adeyemi" },
  ]);
  // The locked view is the one read after signing off.
  const cmds = await commands(page);
  expect(cmds.lastIndexOf("open_inspection")).toBeGreaterThan(cmds.indexOf("sign_off"));
  const text = (await locked.textContent())?.replace(/\s+/g, " ");
  expect(text).toContain("Signed off by Chidi Mensah (inspector) and Grace Adeyemi (reviewer) on 22 November 2026.");
  expect(text).toContain("24d1198d02e44713e38bf4db5471b6c3aea85a905910f27852261b099be459b1");
  expect(await page.getByTestId("go-sign-off").count()).toBe(0);
  expect(await page.getByTestId("answer-y").isDisabled()).toBe(true);
});

test("a refused sign-off shows the backend's message and keeps the names typed", async () => {
  const handlers = workflowHandlers({
    sign_off: `() => { throw { code: "invalidInput", message: "${REFUSED}" }; }`,
  });
  const page = await openSignOff(COMPLETE, handlers);
  await page.getByLabel("Inspector").fill("Chidi Mensah");
  await page.getByLabel("Reviewer").fill("chidi mensah");
  await page.getByRole("button", { name: "Sign off and lock" }).click();
  await page.getByTestId("error-message").waitFor();
  // The backend's message, as a sentence.
  expect(await page.getByTestId("error-message").textContent()).toBe("The reviewer must be someone other than the inspector");
  expect(await page.getByTestId("error-summary").locator("h2").textContent()).toBe("The inspection was not signed off");
  expect(await page.getByLabel("Inspector").inputValue()).toBe("Chidi Mensah");
  expect(await page.getByLabel("Reviewer").inputValue()).toBe("chidi mensah");
  // Still on the sign-off screen, ready to try again.
  expect(await page.getByTestId("locked").count()).toBe(0);
  expect(await page.getByRole("button", { name: "Sign off and lock" }).isEnabled()).toBe(true);
});

test("after a refusal, correcting the reviewer and submitting again signs off", async () => {
  const handlers = workflowHandlers({
    sign_off: `({ id, inspector, reviewer }) => {
      if (inspector.trim().toLowerCase() === reviewer.trim().toLowerCase()) throw { code: "invalidInput", message: "${REFUSED}" };
      window.__DATA__.views[id].signOff = { inspector, reviewer, signedAt: "2026-11-22T10:20:00.000Z", fingerprint: "ab".repeat(32) };
      return structuredClone(window.__DATA__.views[id].signOff);
    }`,
  });
  const page = await openSignOff(COMPLETE, handlers);
  await page.getByLabel("Inspector").fill("Chidi Mensah");
  await page.getByLabel("Reviewer").fill("Chidi Mensah");
  await page.getByRole("button", { name: "Sign off and lock" }).click();
  await page.getByTestId("error-message").waitFor();
  await page.getByLabel("Reviewer").fill("Grace Adeyemi");
  await page.getByRole("button", { name: "Sign off and lock" }).click();
  await page.getByTestId("locked").waitFor();
  expect(await callsTo(page, "sign_off")).toEqual([
    { id: COMPLETE.inspection.id, inspector: "Chidi Mensah", reviewer: "Chidi Mensah" },
    { id: COMPLETE.inspection.id, inspector: "Chidi Mensah", reviewer: "Grace Adeyemi" },
  ]);
});

test("a signed-off inspection is read-only: answer buttons disabled, the note read-only, no evidence upload", async () => {
  const signed = signedView();
  expect(signed.signOff).not.toBeNull();
  const page = await open(h, WORKFLOW_BACKEND, data([signed]), { name: "inspection", id: signed.inspection.id });
  await page.getByTestId("locked").waitFor();
  const buttons = page.getByTestId("item").locator("button[data-testid^='answer-']");
  expect(await buttons.count()).toBeGreaterThan(1);
  for (const b of await buttons.all()) expect(await b.isDisabled()).toBe(true);
  const note = page.getByTestId("note");
  expect(await note.getAttribute("readonly")).not.toBeNull();
  expect(await note.isEditable()).toBe(false);
  expect(await page.getByTestId("evidence-file").count()).toBe(0);
  expect(await page.getByRole("button", { name: "Clear this answer" }).count()).toBe(0);
  expect(await page.getByTestId("go-sign-off").count()).toBe(0);

  // The answer keys do nothing either.
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("n");
  await page.waitForTimeout(200);
  expect(await callsTo(page, "answer")).toEqual([]);
  // Moving between items still works, and stays read-only: the next check is a count.
  const first = await page.getByTestId("item-title").textContent();
  await page.getByRole("button", { name: /^Next/ }).click();
  await expect.poll(() => page.getByTestId("item-title").textContent()).not.toBe(first);
  expect(await page.getByTestId("item-title").textContent()).toBe(itemTitle(signed, "environment.ligature-mitigations-known"));
  expect(await page.locator("#count-met").isEditable()).toBe(false);
  expect(await page.locator("#count-of").isEditable()).toBe(false);
  expect(await page.getByTestId("save-count").isDisabled()).toBe(true);
});

test("the sign-off screen of a signed-off inspection says who signed it off, with no form", async () => {
  const signed = signedView();
  const page = await openSignOff(signed);
  await page.getByText("Already signed off by Chidi Mensah and Grace Adeyemi").waitFor();
  expect(await page.getByTestId("sign-off-form").count()).toBe(0);
});

test("axe finds no accessibility violations on the sign-off screen in each state", async () => {
  const missing = await openSignOff(SAF);
  await missing.getByTestId("missing").waitFor();
  expect(await axeViolations(missing)).toEqual([]);

  const unmet = await openSignOff(UNMET);
  await unmet.getByTestId("unmet").waitFor();
  expect(await axeViolations(unmet)).toEqual([]);

  const form = await openSignOff(COMPLETE, workflowHandlers({ sign_off: `() => { throw { code: "invalidInput", message: "${REFUSED}" }; }` }));
  await form.getByTestId("sign-off-form").waitFor();
  expect(await axeViolations(form)).toEqual([]);
  await form.getByLabel("Inspector").fill("Chidi Mensah");
  await form.getByLabel("Reviewer").fill("Chidi Mensah");
  await form.getByRole("button", { name: "Sign off and lock" }).click();
  await form.getByTestId("error-message").waitFor();
  expect(await axeViolations(form)).toEqual([]);

  const signed = signedView();
  const locked = await open(h, WORKFLOW_BACKEND, data([signed]), { name: "inspection", id: signed.inspection.id });
  await locked.getByTestId("locked").waitFor();
  expect(await axeViolations(locked)).toEqual([]);
});

test("at the last item the inspection offers sign-off", async () => {
  const view = structuredClone(COMPLETE);
  const last = [...view.itemStates].reverse().find((s) => s.visible && !s.rollsUp);
  if (!last) throw new Error("no last item");
  const page = await open(h, WORKFLOW_BACKEND, data([view]), { name: "inspection", id: view.inspection.id, itemId: last.itemId });
  await page.getByTestId("item-title").waitFor();
  await page.getByTestId("last-sign-off").click();
  await page.getByRole("heading", { name: "Sign off" }).waitFor();
  expect(await page.getByTestId("sign-off-form").count()).toBe(1);
});

test("signing off from an item reopens the inspection, locked, at that item", async () => {
  const view = structuredClone(COMPLETE);
  const last = [...view.itemStates].reverse().find((s) => s.visible && !s.rollsUp);
  if (!last) throw new Error("no last item");
  const page = await open(h, WORKFLOW_BACKEND, data([view]), { name: "inspection", id: view.inspection.id, itemId: last.itemId });
  const title = await page.getByTestId("item-title").textContent();
  await page.getByTestId("last-sign-off").click();
  await page.getByLabel("Inspector").fill("Chidi Mensah");
  await page.getByLabel("Reviewer").fill("Grace Adeyemi");
  await page.getByRole("button", { name: "Sign off and lock" }).click();
  await page.getByTestId("locked").waitFor();
  expect(await page.getByTestId("item-title").textContent()).toBe(title);
});

test("a signed-off inspection looks locked: no moderation, no save state, scores headed as signed off", async () => {
  const signed = signedView();
  const page = await open(h, WORKFLOW_BACKEND, data([signed]), { name: "inspection", id: signed.inspection.id });
  await page.getByTestId("locked").waitFor();
  expect(await page.getByTestId("save-state").count()).toBe(0);
  expect(await page.locator("#score-heading").textContent()).toBe("Scores as signed off");
  const panel = page.getByTestId("score-panel");
  for (const summary of await panel.getByText("How this was reached").all()) await summary.click();
  expect(await panel.getByRole("button", { name: "Moderate this rating" }).count()).toBe(0);
  expect(await panel.getByRole("button", { name: "Remove moderation" }).count()).toBe(0);
  expect(await page.getByTestId("last-sign-off").count()).toBe(0);
  // The way to correct it is a button, not a command to type.
  expect(await page.getByRole("button", { name: "Start an amended copy" }).count()).toBe(1);
  expect(await page.getByTestId("locked").textContent()).not.toContain("keyline ");
});
