// Fixtures for the actions, sign-off and compare screens, written by
// `fixtures/generate-workflow.sh` with the real `keyline` CLI, and the mock backend commands
// those screens call. See fixtures.ts for the shared ones.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Action, Comparison, InspectionSummary, InspectionView } from "../../src/lib/bindings";
import { withHandlers, type MockData } from "./fixtures";

const FIXTURES = join(import.meta.dirname, "fixtures");

function load<T>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), "utf8")) as T;
}

/**
 * Six actions: Ward 7 (ids 1–3, inspection 1), Ward 3 (id 4, completed) and Ward 9 (ids 5–6,
 * id 6 with no owner, item or due date). Their due dates are fixed; see `actionsDueFrom`.
 */
export const actions = (): Action[] => load("actions.json");
/**
 * 1 and 2: Ward 7 on SAF v1.0 (A. Okafor, B. Nowak); 3: Ward 3 monthly (signed off);
 * 4: Ward 9 monthly; 5: Ward 7 on the KLOE template; 6: Ward 7 on SAF v1.1.
 */
export const workflowInspections = (): InspectionSummary[] => load("workflow-inspections.json");
/** `keyline compare 1 2`: 12 items compared, 7 agree (58.3%), kappa 0.13, 5 differences. */
export const comparison = (): Comparison => load("comparison.json");
/** Ward 3 (id 3), every check answered, evidence attached: ready to sign off. */
export const completeView = (): InspectionView => load("monthly-complete-view.json");
/** Ward 9 (id 4), every check answered, but evidence and two notes the template asks for missing. */
export const unmetView = (): InspectionView => load("monthly-unmet-view.json");
/** Ward 3 (id 3) after `keyline sign-off 3 --inspector 'Chidi Mensah' --reviewer 'Grace Adeyemi'`. */
export const signedView = (): InspectionView => load("monthly-signed-view.json");

/** A date `days` from today on the local clock (as the app computes "today"), as YYYY-MM-DD. */
export function dayFromToday(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The fixture actions with due dates relative to today:
 * 1 today (not overdue), 2 five days ago in progress (overdue), 3 in 60 days,
 * 4 ten days ago but completed (not overdue), 5 yesterday in progress (overdue), 6 none.
 */
export function actionsDueFrom(): Action[] {
  const due: Record<number, string | null> = {
    1: dayFromToday(0),
    2: dayFromToday(-5),
    3: dayFromToday(60),
    4: dayFromToday(-10),
    5: dayFromToday(-1),
    6: null,
  };
  return actions().map((a) => ({ ...a, dueDate: due[a.id] ?? null }));
}

export interface WorkflowData extends MockData {
  comparison?: Comparison;
}

/**
 * BACKEND plus the commands of these screens: actions listed from `__DATA__.actions`
 * (BACKEND's update_action and delete_action change them there and in the views),
 * compare_inspections from `__DATA__.comparison`, and sign_off locking `__DATA__.views[id]`
 * (and its actions) as the real one does.
 */
export const WORKFLOW_BACKEND = workflowHandlers({});

export function workflowHandlers(overrides: Record<string, string>): string {
  return withHandlers({
    list_actions: `({ inspectionId }) => structuredClone((window.__DATA__.actions ?? []).filter((a) => inspectionId == null || a.inspectionId === inspectionId))`,
    compare_inspections: `() => structuredClone(window.__DATA__.comparison)`,
    sign_off: `({ id, inspector, reviewer }) => {
      const signOff = { inspector, reviewer, signedAt: "2026-11-22T10:20:00.000Z", fingerprint: "24d1198d02e44713e38bf4db5471b6c3aea85a905910f27852261b099be459b1" };
      const d = window.__DATA__;
      d.views[id].signOff = signOff;
      d.views[id].inspection.status = "signed-off";
      for (const i of d.inspections ?? []) if (i.id === id) i.status = "signed-off";
      // Its actions are now part of the signed record: they can no longer be deleted.
      for (const a of [...(d.actions ?? []), ...d.views[id].actions]) if (a.inspectionId === id) a.inspectionSignedOff = true;
      return structuredClone(signOff);
    }`,
    ...overrides,
  });
}
