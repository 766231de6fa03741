// The new-inspection form: what it sends, where it goes next, what a refusal looks like
// (with nothing the user typed lost), and accessibility.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { InspectionSummary, TemplateSummary } from "../../src/lib/bindings";
import { startHarness, type Harness } from "./browser";
import {
  axeViolations,
  BACKEND,
  callsTo,
  commands,
  inspections,
  monthlyView,
  newContext,
  open,
  openIn,
  templates,
  withHandlers,
  type MockData,
} from "./fixtures";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** The shipped templates and an imported one with a two-part version. */
const TEMPLATES: TemplateSummary[] = [
  ...templates(),
  {
    id: "trust-ward-audit",
    version: "2024.2",
    title: "Trust ward audit",
    description: "The trust's own quarterly audit.",
    shipped: false,
    importedAt: "2026-11-22T10:15:00Z",
    archived: false,
    inspections: 0,
  },
];

function data(): MockData {
  const view = monthlyView();
  const created: InspectionSummary = {
    ...view.inspection,
    id: 3,
    service: "Ward 9 (PICU)",
    site: "Riverside Hospital",
    trust: "North Valley NHS Foundation Trust",
    kind: "peer-review",
    date: "2026-12-03",
    team: "A. Okafor, B. Nowak",
  };
  return {
    templates: TEMPLATES,
    inspections: inspections(),
    created,
    views: { 3: { ...view, inspection: created } },
  };
}

async function openForm(handlers: string): Promise<Page> {
  const page = await open(h, handlers, data(), { name: "new-inspection" });
  await expect.poll(() => page.locator("#template option").count()).toBe(TEMPLATES.length);
  return page;
}

async function fillForm(page: Page, service: string) {
  await page.getByLabel("Template").selectOption({ label: "Monthly ward self-assessment (version 2.0)" });
  await page.getByLabel("Service or ward").fill(service);
  await page.getByLabel("Site").fill("Riverside Hospital");
  await page.getByLabel("Trust").fill("North Valley NHS Foundation Trust");
  await page.getByLabel("Peer review").check();
  // Typed as a UK user writes it; the backend gets it as YYYY-MM-DD.
  await page.getByLabel("Date of the inspection").fill("03/12/2026");
  await page.getByLabel("Inspection team").fill("A. Okafor, B. Nowak");
}

/** The form opened at `now` on a computer set to UK time. */
async function openFormAt(now: string): Promise<Page> {
  const context = await newContext(h, { timezoneId: "Europe/London" });
  await context.clock.setFixedTime(new Date(now));
  const page = await openIn(context, h, BACKEND, data(), { name: "new-inspection" });
  await expect.poll(() => page.locator("#template option").count()).toBe(TEMPLATES.length);
  return page;
}

test("the form starts on the first template, a mock inspection and today's date, as dd/mm/yyyy", async () => {
  const page = await openFormAt("2026-11-20T14:00:00Z");
  expect(await page.getByLabel("Template").inputValue()).toBe(`${TEMPLATES[0].id}@${TEMPLATES[0].version}`);
  expect(await page.getByLabel("Mock inspection").isChecked()).toBe(true);
  const date = page.locator("#date");
  expect(await date.getAttribute("type")).toBe("text");
  expect(await date.getAttribute("placeholder")).toBe("dd/mm/yyyy");
  expect(await date.inputValue()).toBe("20/11/2026");
  expect(await page.getByTestId("date-reads").textContent()).toBe("20 November 2026");
});

test("just after midnight in British Summer Time, the date starts as the new day", async () => {
  const page = await openFormAt("2026-06-30T23:30:00Z"); // 00:30 on 1 July in London
  expect(await page.locator("#date").inputValue()).toBe("01/07/2026");
});

test("starting an inspection sends what was typed, then opens the new inspection", async () => {
  const page = await openForm(BACKEND);
  await fillForm(page, "Ward 9 (PICU)");
  await page.getByRole("button", { name: "Start inspection" }).click();

  await expect.poll(() => page.getByTestId("inspection-title").textContent()).toContain("Ward 9 (PICU)");
  expect(await callsTo(page, "create_inspection")).toEqual([
    {
      new: {
        templateId: "monthly-ward-self-assessment",
        templateVersion: "2.0",
        service: "Ward 9 (PICU)",
        site: "Riverside Hospital",
        trust: "North Valley NHS Foundation Trust",
        kind: "peer-review",
        date: "2026-12-03",
        team: "A. Okafor, B. Nowak",
      },
    },
  ]);
  expect(await callsTo(page, "open_inspection")).toEqual([{ id: 3 }]);
  const route = await page.evaluate(() => JSON.parse(localStorage.getItem("keyline.route") ?? "null"));
  expect(route).toEqual({ name: "inspection", id: 3 });
});

test("a template id and a dotted version are split apart at the @", async () => {
  const page = await openForm(BACKEND);
  await fillForm(page, "Ward 9 (PICU)");
  await page.getByLabel("Template").selectOption({ label: "Trust ward audit (version 2024.2)" });
  await page.getByLabel("Self-assessment").check();
  await page.getByRole("button", { name: "Start inspection" }).click();
  await expect.poll(() => callsTo(page, "create_inspection")).toHaveLength(1);
  const [call] = (await callsTo(page, "create_inspection")) as { new: Record<string, unknown> }[];
  expect(call.new).toMatchObject({ templateId: "trust-ward-audit", templateVersion: "2024.2", kind: "self-assessment" });
});

test("a refusal is shown with the backend's message and everything typed stays in the form", async () => {
  const refusing = withHandlers({
    create_inspection: `() => { throw { code: "invalidInput", message: "name the service or ward being inspected" }; }`,
  });
  const page = await openForm(refusing);
  await fillForm(page, "   ");
  await page.getByRole("button", { name: "Start inspection" }).click();

  const summary = page.getByTestId("error-summary");
  await summary.waitFor();
  expect(await summary.getByRole("heading").textContent()).toBe("The inspection was not started");
  // The backend's message, as a sentence.
  expect(await page.getByTestId("error-message").textContent()).toBe("Name the service or ward being inspected");

  expect(await page.getByLabel("Template").inputValue()).toBe("monthly-ward-self-assessment@2.0");
  expect(await page.getByLabel("Service or ward").inputValue()).toBe("   ");
  expect(await page.getByLabel("Site").inputValue()).toBe("Riverside Hospital");
  expect(await page.getByLabel("Trust").inputValue()).toBe("North Valley NHS Foundation Trust");
  expect(await page.getByLabel("Peer review").isChecked()).toBe(true);
  expect(await page.locator("#date").inputValue()).toBe("03/12/2026");
  expect(await page.getByLabel("Inspection team").inputValue()).toBe("A. Okafor, B. Nowak");
  expect(await page.getByRole("button", { name: "Start inspection" }).isEnabled()).toBe(true);
  expect(await commands(page)).not.toContain("open_inspection");

  // Fixing the field and trying again works, and the old message goes.
  await page.evaluate(() => {
    const mock = window.__KEYLINE_MOCK__;
    if (mock) mock.create_inspection = () => (window as unknown as { __DATA__: MockData }).__DATA__.created;
  });
  await page.getByLabel("Service or ward").fill("Ward 9 (PICU)");
  await page.getByRole("button", { name: "Start inspection" }).click();
  await expect.poll(() => page.getByTestId("inspection-title").textContent()).toContain("Ward 9 (PICU)");
  expect(await page.getByTestId("error-summary").count()).toBe(0);
});

test("“Back to inspections” returns home without starting anything", async () => {
  const page = await openForm(BACKEND);
  await page.getByLabel("Service or ward").fill("Ward 9 (PICU)");
  await page.getByRole("link", { name: "Back to inspections" }).click();
  await page.getByTestId("inspections").waitFor();
  expect(await commands(page)).not.toContain("create_inspection");
});

test("the new-inspection screen has no accessibility violations, before and after a refusal", async () => {
  const refusing = withHandlers({
    create_inspection: `() => { throw { code: "invalidInput", message: "name the service or ward being inspected" }; }`,
  });
  const page = await openForm(refusing);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole("button", { name: "Start inspection" }).click();
  await page.getByTestId("error-summary").waitFor();
  expect(await axeViolations(page)).toEqual([]);
});
