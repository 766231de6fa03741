// The template editor in the real app under Xvfb. A small template is built from scratch through
// the forms (two sections, a three-level scale with a descriptor for each level, a yes/no item
// whose "no" shows a follow-up), previewed, published as 1.0 and used for a new inspection; a
// shipped template is copied into a draft, re-weighted and reworded, and published as its next
// version. The CLI, reading the same database, must find the template, the inspection and the
// changes as the screens showed them.
import { execFileSync } from "node:child_process";
import { By, until, WebElement, type Locator, type WebDriver } from "selenium-webdriver";
import { afterEach, beforeEach, expect, test } from "vitest";
import type { Change, Template } from "../../src/lib/bindings";
import { fieldId, keyPath, problemId } from "../../src/lib/templateEdit";
import { CLI, startApp, type Session } from "./driver";

let session: Session;
beforeEach(async () => {
  session = await startApp();
});
afterEach(async () => {
  await session?.end();
});

function cli<T>(...args: string[]): T {
  return JSON.parse(
    execFileSync(CLI, ["--db", session.db, ...args], { encoding: "utf8", env: { ...process.env, KEYLINE_HOME: session.keylineHome } }),
  ) as T;
}

/** The editor's field for the template's JSON path (the ids the editor gives its fields). */
const field = (path: string): Locator => By.id(fieldId(path));
const testId = (id: string): Locator => By.css(`[data-testid=${id}]`);

function helpers(driver: WebDriver) {
  const find = (locator: Locator, timeout = 10_000) => driver.wait(until.elementLocated(locator), timeout);
  async function click(target: Locator | WebElement) {
    const element = target instanceof WebElement ? target : await find(target);
    await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", element);
    await element.click();
  }
  /** The text of the first element found, or "" when there is none. */
  async function text(locator: Locator): Promise<string> {
    const found = await driver.findElements(locator);
    return found.length > 0 ? (await found[0].getText()).trim() : "";
  }
  async function texts(locator: Locator, within?: WebElement): Promise<string[]> {
    const found = await (within ?? driver).findElements(locator);
    return Promise.all(found.map(async (e) => (await e.getText()).trim()));
  }
  /** Replaces what a text field holds, as a person typing would. */
  async function type(path: string, value: string) {
    const element = await find(field(path));
    await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", element);
    await element.clear();
    await element.sendKeys(value);
    expect(await element.getAttribute("value")).toBe(value);
    await saved();
  }
  /** Chooses the option with `value` in the select at `path`. */
  async function choose(path: string, value: string) {
    const select = await find(field(path));
    await click(await select.findElement(By.css(`option[value='${value}']`)));
    expect(await select.getAttribute("value")).toBe(value);
    await saved();
  }
  /** Ticks (or unticks) a checkbox by its label, as the NHS styles draw the label over it. */
  async function tick(id: string, on = true) {
    const box = await find(By.id(id));
    if ((await box.isSelected()) !== on) await click(By.css(`label[for='${id}']`));
    await driver.wait(async () => (await box.isSelected()) === on, 5_000, `checkbox ${id} did not change`);
    await saved();
  }
  /** Presses a button of the editor (adding a section, an item, a rule…), then lets it save. */
  async function press(target: Locator) {
    await click(target);
    await saved();
  }
  /**
   * Waits until the draft on screen is the draft stored (the save indicator says Saved), so
   * the problems beside the fields, which move what is below them, are the latest.
   */
  async function saved() {
    await driver.wait(async () => (await text(testId("save-state"))).startsWith("Saved"), 15_000, "the draft was not saved");
  }
  return { find, click, press, text, texts, type, choose, tick, saved };
}

const TITLE = "Ward walk-round (e2e)";
const ID = "ward-walk-round-e2e";
const SCALE_ITEM = "The ward is clean, tidy and free of clutter";
const CHECK_ITEM = "Was the resuscitation trolley checked every day this week?";
const FOLLOW_UP = "Has each missed check been reported as an incident?";
const DESCRIPTORS = {
  "1": "Dirty floors or bins overflowing in more than one area",
  "2": "Mostly clean, with a few areas needing attention",
  "3": "Clean and uncluttered throughout",
};

test("a template built from scratch is previewed, published as 1.0 and used for an inspection, as the CLI finds", async () => {
  const { driver } = session;
  const { find, click, press, text, texts, type, choose, tick } = helpers(driver);

  await click(await find(testId("nav-templates"), 20_000));
  await click(await find(testId("new-template")));
  const heading = await find(testId("draft-heading"));
  expect(await heading.getText()).toContain("a new template");
  // The core's starter has one section and no items: the editor says so before anything is typed.
  expect(await texts(testId("problem-link"))).toEqual(["Section 1 “First section”: the section has no items; give it at least one"]);

  // About: title, and the id (folded away under its own heading).
  await type("$.title", TITLE);
  await click(By.xpath(`//summary[normalize-space()="About this template's id"]`));
  await type("$.id", ID);
  expect(await heading.getText()).toContain(TITLE);

  // A scale of three levels, before the items so new items are answered on it.
  await press(By.id("tr-add-scale"));
  await type("$.scales[0].title", "Poor to good");
  await type("$.scales[0].levels[0].label", "Poor");
  await type("$.scales[0].levels[1].label", "Fair");
  await press(By.id(`${fieldId("$.scales[0]")}-add-level`));
  await type("$.scales[0].levels[2].label", "Good");
  expect(await (await find(field("$.scales[0].levels[2].value"))).getAttribute("value")).toBe("3");

  // Section 1, renamed, with a scale item and a descriptor for each level.
  await type("$.sections[0].title", "Environment");
  await press(field("$.sections[0].items"));
  const scaleItem = "$.sections[0].items[0]";
  await type(`${scaleItem}.title`, SCALE_ITEM);
  expect(await (await find(field(`${scaleItem}.response.type`))).getAttribute("value")).toBe("scale");
  expect(await (await find(field(`${scaleItem}.response.scale`))).getAttribute("value")).toBe("scale-1");
  for (const [level, words] of Object.entries(DESCRIPTORS)) await type(keyPath(`${scaleItem}.descriptors`, level), words);

  // Section 2, added, with a yes/no check and its follow-up.
  await press(testId("add-section"));
  await type("$.sections[1].title", "Safety checks");
  const check = "$.sections[1].items[0]";
  await choose(`${check}.response.type`, "yesNo");
  await type(`${check}.title`, CHECK_ITEM);
  await press(field("$.sections[1].items"));
  const followUp = "$.sections[1].items[1]";
  await choose(`${followUp}.response.type`, "yesNo");
  await type(`${followUp}.title`, FOLLOW_UP);
  await tick(fieldId(`${followUp}.followUp`));
  // A follow-up nothing shows yet is a problem, said beside its field and in the summary.
  const besideFollowUp = await find(By.id(problemId(`${followUp}.followUp`, 0)));
  expect(await besideFollowUp.getText()).toContain("never shown");
  expect(await text(By.css("[data-testid=problem-summary] h2"))).toBe("1 problem to put right before publishing");
  expect(await driver.findElements(testId("ready-to-publish"))).toHaveLength(0);

  // The rule on the check: when the answer is no, show the follow-up.
  await press(field(`${check}.logic`));
  const rule = `${check}.logic[0]`;
  await choose(`${rule}.when.atOrBelow`, "");
  await tick(`${fieldId(`${rule}.when.answerIs`)}-1`); // Yes is the first answer, No the second
  await choose(`${rule}.then`, "show");
  expect(await text(By.css(`label[for='${fieldId(`${rule}.then.show`)}']`))).toBe(FOLLOW_UP);
  await tick(fieldId(`${rule}.then.show`));
  await find(testId("ready-to-publish"));
  expect(await driver.findElements(testId("problem-summary"))).toHaveLength(0);
  expect(await driver.findElements(testId("field-problem"))).toHaveLength(0);

  // Preview: the follow-up is hidden until the check is answered no; the answers score.
  await click(testId("preview-draft"));
  const preview = await find(testId("template-preview"));
  const shown = () => texts(testId("preview-item-name"), preview);
  await driver.wait(async () => (await shown()).length > 0, 10_000, "the preview listed no items");
  expect(await shown()).toEqual([SCALE_ITEM, CHECK_ITEM]);
  expect(await text(testId("preview-item-title"))).toBe(SCALE_ITEM);
  const fair = await find(testId("preview-answer-2"));
  expect(await fair.getText()).toContain("Fair");
  expect(await fair.getText()).toContain(DESCRIPTORS["2"]);
  await click(fair);
  await driver.wait(async () => (await fair.getAttribute("aria-pressed")) === "true", 10_000, "the preview did not take the answer");
  const firstSection = await find(By.css("[data-testid=preview-section-score]"));
  expect(await firstSection.findElement(testId("preview-section-percent")).getText()).toBe("66.7%");
  expect(await firstSection.findElement(testId("preview-section-rating")).getText()).toBe("Meets the standard");

  await click(preview.findElement(By.xpath(".//button[normalize-space()='Next']")));
  await driver.wait(async () => (await text(testId("preview-item-title"))) === CHECK_ITEM, 5_000);
  const yes = await find(testId("preview-answer-y"));
  await click(yes);
  await driver.wait(async () => (await yes.getAttribute("aria-pressed")) === "true", 10_000, "the preview did not take yes");
  expect(await text(testId("preview-state"))).not.toBe("Scoring…");
  expect(await shown()).toEqual([SCALE_ITEM, CHECK_ITEM]);
  await click(testId("preview-answer-n"));
  await driver.wait(async () => (await shown()).includes(FOLLOW_UP), 10_000, "no did not show the follow-up");
  expect(await shown()).toEqual([SCALE_ITEM, CHECK_ITEM, FOLLOW_UP]);
  expect(await text(testId("preview-state"))).toBe(`Now shown: “${FOLLOW_UP}”.`);
  await click(testId("close-preview"));
  await driver.wait(async () => (await driver.findElements(testId("template-preview"))).length === 0, 5_000, "the preview stayed open");

  // Publish with the suggested version.
  await click(testId("publish-draft"));
  const version = await find(By.id("publish-version"));
  expect(await text(By.id("publish-version-hint"))).toContain(`Suggested: 1.0, the next version of ${ID}.`);
  expect(await version.getAttribute("value")).toBe("1.0");
  const confirm = await find(testId("confirm-publish"));
  expect(await confirm.getText()).toBe("Publish version 1.0");
  await click(confirm);
  const published = await find(testId("templates-notice"));
  expect(await published.getText()).toBe(`Published ${TITLE} version 1.0; new inspections can use it.`);
  expect(await texts(testId("group-title"))).toContain(TITLE);

  // A new inspection on it: the scale item answered Fair, the check answered no.
  await click(By.xpath("//nav[@aria-label='Main']/a[normalize-space()='Inspections']"));
  await click(await find(testId("new-inspection")));
  await click(await find(By.css(`#template option[value='${ID}@1.0']`)));
  await (await find(By.id("service"))).sendKeys("Bay 3 (e2e)");
  await click(By.css("[data-testid=new-inspection-form] button[type=submit]"));
  await driver.wait(async () => (await text(testId("item-title"))).includes(SCALE_ITEM), 10_000);
  const body = await driver.findElement(By.css("body"));
  await body.sendKeys("2");
  await driver.wait(async () => (await text(testId("save-state"))) === "Saved", 10_000, "the answer was not saved");

  const [inspection] = cli<{ id: number; templateId: string; templateVersion: string; service: string }[]>("inspections", "list", "--json");
  expect(inspection).toMatchObject({ templateId: ID, templateVersion: "1.0", service: "Bay 3 (e2e)" });
  type View = { responses: { itemId: string; answer: unknown }[]; itemStates: { itemId: string; visible: boolean }[] };
  const stored = cli<Template>("templates", "show", ID, "--json");
  const items = stored.sections.flatMap((s) => s.items);
  const idOf = (title: string) => items.find((i) => i.title === title)?.id ?? `no item “${title}”`;
  let view = cli<View>("inspections", "show", String(inspection.id), "--json");
  expect(view.responses).toEqual([{ itemId: idOf(SCALE_ITEM), answer: { kind: "level", value: 2 } }]);
  expect(view.itemStates.find((s) => s.itemId === idOf(FOLLOW_UP))?.visible).toBe(false);

  await body.sendKeys("j");
  await driver.wait(async () => (await text(testId("item-title"))).includes(CHECK_ITEM), 5_000);
  await body.sendKeys("n");
  await driver.wait(async () => (await text(testId("save-state"))) === "Saved", 10_000, "the answer was not saved");
  await driver.wait(async () => cli<View>("inspections", "show", String(inspection.id), "--json").responses.length === 2, 5_000);
  view = cli<View>("inspections", "show", String(inspection.id), "--json");
  expect(view.responses).toContainEqual({ itemId: idOf(CHECK_ITEM), answer: { kind: "no" } });
  expect(view.itemStates.find((s) => s.itemId === idOf(FOLLOW_UP))?.visible).toBe(true);

  // The template as stored: two sections, the scale, the descriptors and the rule.
  expect(stored).toMatchObject({ id: ID, version: "1.0", title: TITLE });
  expect(stored.sections.map((s) => [s.title, s.items.map((i) => i.title)])).toEqual([
    ["Environment", [SCALE_ITEM]],
    ["Safety checks", [CHECK_ITEM, FOLLOW_UP]],
  ]);
  expect(stored.scales).toEqual([
    {
      id: "scale-1",
      title: "Poor to good",
      levels: [
        { value: 1, label: "Poor" },
        { value: 2, label: "Fair" },
        { value: 3, label: "Good" },
      ],
    },
  ]);
  const [scaleItemStored, checkStored, followUpStored] = items;
  expect(scaleItemStored.response).toEqual({ type: "scale", scale: "scale-1" });
  expect(scaleItemStored.descriptors).toEqual(DESCRIPTORS);
  expect(checkStored.response).toEqual({ type: "yesNo" });
  expect(checkStored.logic).toEqual([{ when: { answerIs: ["no"] }, then: { show: [followUpStored.id] } }]);
  expect(followUpStored).toMatchObject({ followUp: true, response: { type: "yesNo" } });
}, 120_000);

test("a shipped template copied into a draft, re-weighted and reworded, publishes as its next version, and the comparisons agree", async () => {
  const { driver } = session;
  const { find, click, text, texts, type } = helpers(driver);
  const TEMPLATE = "monthly-ward-self-assessment";
  const [shipped] = cli<{ id: string; version: string; title: string }[]>("templates", "list", "--json").filter((t) => t.id === TEMPLATE);
  const before = cli<Template>("templates", "show", TEMPLATE, "--json");

  await click(await find(testId("nav-templates"), 20_000));
  const group = await find(By.xpath(`//section[@data-testid='template-group'][.//h3[normalize-space()='${shipped.title}']]`));
  expect(await texts(testId("version"), group)).toEqual([shipped.version]);
  await click(await group.findElement(testId("copy-version")));
  const heading = await find(testId("draft-heading"));
  expect(await heading.getText()).toContain(`copied from version ${shipped.version}`);
  await find(testId("ready-to-publish"));

  // The first item of the first section counts twice; the first of the second is reworded.
  const weighted = "$.sections[0].items[0]";
  const reworded = "$.sections[1].items[0]";
  const NEW_TITLE = "Has the clinic fridge temperature been logged every day this month and kept in range?";
  await click(By.id(`${fieldId(weighted)}-handle`));
  expect(await (await find(field(`${weighted}.weight`))).getAttribute("value")).toBe("1");
  await type(`${weighted}.weight`, "2");
  await click(By.id(`${fieldId(reworded)}-handle`));
  await type(`${reworded}.title`, NEW_TITLE);
  await find(testId("ready-to-publish"));

  // What changed: one re-weighted, one reworded, nothing else.
  await click(testId("what-changed"));
  const draftCompare = await find(testId("draft-compare"));
  await driver.wait(async () => (await draftCompare.findElements(testId("change"))).length > 0, 10_000, "What changed listed nothing");
  expect(await texts(testId("change-group"), draftCompare)).toEqual(["Reworded (1)", "Re-weighted (1)"]);
  const weightedTitle = before.sections[0].items[0].title;
  const oldTitle = before.sections[1].items[0].title;
  const draftChanges = {
    reweighted: await texts(By.css("[data-testid=changes-reweighted] [data-testid=change]"), draftCompare),
    reworded: await texts(By.css("[data-testid=changes-reworded] [data-testid=change]"), draftCompare),
  };
  expect(draftChanges.reweighted).toEqual([`Item “${weightedTitle}” (${before.sections[0].title}): weight 1 → 2`]);
  expect(draftChanges.reworded).toEqual([`Item “${NEW_TITLE}” (${before.sections[1].title}): title was “${oldTitle}”, now “${NEW_TITLE}”`]);

  // Publish with the suggested version, the one after the shipped one.
  await click(testId("publish-draft"));
  const version = await find(By.id("publish-version"));
  const suggested = (await version.getAttribute("value")) ?? "";
  expect(suggested).toBe("2.1");
  expect(await text(By.id("publish-version-hint"))).toContain(`Suggested: ${suggested}, the next version of ${TEMPLATE} after ${shipped.version}.`);
  await click(testId("confirm-publish"));
  expect(await (await find(testId("templates-notice"))).getText()).toBe(`Published ${shipped.title} version ${suggested}; new inspections can use it.`);

  // Compare versions on the Templates screen: the same two changes, old to new.
  const updated = await find(By.xpath(`//section[@data-testid='template-group'][.//h3[normalize-space()='${shipped.title}']]`));
  expect(await texts(testId("version"), updated)).toEqual([suggested, shipped.version]);
  await click(await updated.findElement(testId("compare-versions")));
  const panel = await find(testId("compare-panel"));
  expect(await (await panel.findElement(By.id("template-compare-from"))).getAttribute("value")).toBe(shipped.version);
  expect(await (await panel.findElement(By.id("template-compare-to"))).getAttribute("value")).toBe(suggested);
  await driver.wait(async () => (await panel.findElements(testId("change"))).length > 0, 10_000, "Compare versions listed nothing");
  expect(await text(testId("change-counts"))).toBe(`2 changes from version ${shipped.version} to version ${suggested}: 1 reworded and 1 re-weighted.`);
  const shownChanges = {
    reweighted: await texts(By.css("[data-testid=changes-reweighted] [data-testid=change]"), panel),
    reworded: await texts(By.css("[data-testid=changes-reworded] [data-testid=change]"), panel),
  };
  expect(shownChanges).toEqual(draftChanges);

  // The CLI says the same, place for place and word for word.
  const changes = cli<Change[]>("templates", "compare", TEMPLATE, shipped.version, suggested, "--json");
  expect(changes.map((c) => c.kind).sort()).toEqual(["reweighted", "reworded"]);
  const words = (kind: string) => changes.filter((c) => c.kind === kind).map((c) => `${c.place}: ${c.words}`);
  expect({ reweighted: words("reweighted"), reworded: words("reworded") }).toEqual(shownChanges);

  // And the new version holds the two edits, the old one is untouched.
  const after = cli<Template>("templates", "show", TEMPLATE, "--version", suggested, "--json");
  expect(after.sections[0].items[0].weight).toBe(2);
  expect(after.sections[1].items[0].title).toBe(NEW_TITLE);
  expect(cli<Template>("templates", "show", TEMPLATE, "--version", shipped.version, "--json")).toEqual(before);
}, 120_000);
