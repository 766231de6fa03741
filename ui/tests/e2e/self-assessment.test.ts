// A whole self-assessment in the real app under Xvfb, by keyboard: start it, answer every
// item, add a note, attach a file, raise an action, sign off; then the CLI, reading the same
// database, must find all of it, complete, signed off, with an intact audit trail.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { By, Key, until, type WebDriver } from "selenium-webdriver";
import { afterAll, beforeAll, expect, test } from "vitest";
import { CLI, startApp, type Session } from "./driver";

let session: Session;
beforeAll(async () => {
  session = await startApp();
});
afterAll(async () => {
  await session?.end();
});

// A 1×1 PNG, written for the file input to pick up.
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2fb5ea90000000049454e44ae426082",
  "hex",
);

async function text(driver: WebDriver, css: string): Promise<string> {
  const found = await driver.findElements(By.css(css));
  return found.length > 0 ? found[0].getText() : "";
}

function cli<T>(db: string, ...args: string[]): T {
  return JSON.parse(execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8", env: { ...process.env, KEYLINE_HOME: session.keylineHome } })) as T;
}

test("a self-assessment done by keyboard is complete, signed off and agrees with the CLI", async () => {
  const { driver, db } = session;
  const photo = join(mkdtempSync(join(tmpdir(), "keyline-photo-")), "fridge-log.png");
  writeFileSync(photo, PNG);
  const body = () => driver.findElement(By.css("body"));

  await (await driver.wait(until.elementLocated(By.css("[data-testid=new-inspection]")), 20_000)).click();
  const option = await driver.wait(
    until.elementLocated(By.css("#template option[value^='monthly-ward-self-assessment@']")),
    10_000,
  );
  await option.click();
  await driver.findElement(By.id("service")).sendKeys("Larch Ward (e2e)");
  await driver.findElement(By.id("kind-self-assessment")).click();
  await driver.findElement(By.css("[data-testid=new-inspection-form] button[type=submit]")).click();
  await driver.wait(until.elementLocated(By.css("[data-testid=item-title]")), 10_000);

  let noted = false;
  let attached = 0;
  let shownFirst = 0;
  for (let step = 0; step < 80; step++) {
    const before = await text(driver, "[data-testid=item-title]");
    // Checks of records and patients are counts ("5 of 5"), a few are percentages against a
    // target, the rest yes or no (y).
    if ((await driver.findElements(By.css("[data-testid=count]"))).length > 0) {
      await driver.findElement(By.id("count-met")).sendKeys("5");
      if ((await driver.findElements(By.id("count-of"))).length > 0) await driver.findElement(By.id("count-of")).sendKeys("5");
      await driver.findElement(By.css("[data-testid=save-count]")).click();
    } else if ((await driver.findElements(By.css("input#value"))).length > 0) {
      await driver.findElement(By.css("input#value")).sendKeys("100");
      await driver.findElement(By.xpath("//button[normalize-space()='Save answer']")).click();
    } else {
      await body().sendKeys("y");
    }
    await driver.wait(async () => (await text(driver, "[data-testid=save-state]")) === "Saved", 10_000);
    // What the answer asks for is shown with it, before any move on.
    const needs = await driver.findElements(By.css("[data-testid=needs]"));
    if (needs.length > 0 && (await needs[0].getText()).includes("needs evidence")) shownFirst += 1;
    if (!noted) {
      // A note by keyboard on the first item: t to open it, type, Escape to leave (saves).
      await body().sendKeys("t");
      await driver.switchTo().activeElement().sendKeys("Checked with the nurse in charge.", Key.ESCAPE);
      noted = true;
    }
    await body().sendKeys("j");
    await driver.sleep(150);
    const message = await text(driver, "[data-testid=error-message]");
    if (message.includes("evidence")) {
      await driver.findElement(By.css("[data-testid=evidence-file]")).sendKeys(photo);
      await driver.wait(until.elementLocated(By.css("[data-testid=evidence] li")), 10_000);
      attached += 1;
      await body().sendKeys("j");
      await driver.sleep(150);
    }
    const after = await text(driver, "[data-testid=item-title]");
    if (after === before) break; // the last item
  }
  expect(attached).toBeGreaterThan(0);
  expect(shownFirst).toBe(attached);

  // Raise an action on the last item.
  await driver.findElement(By.css("[data-testid=action-form]")).isDisplayed();
  await driver.findElement(By.xpath("//summary[normalize-space()='Raise an action']")).click();
  await driver.findElement(By.id("action-title")).sendKeys("Refresh the staffing escalation poster");
  await driver.findElement(By.id("action-owner")).sendKeys("Siân Ŵyn");
  await driver.findElement(By.css("[data-testid=action-form] button[type=submit]")).click();
  await driver.wait(until.elementLocated(By.css("[data-testid=item-actions] li")), 10_000);

  await driver.findElement(By.css("[data-testid=go-sign-off]")).click();
  const inspector = await driver.wait(until.elementLocated(By.id("inspector")), 10_000);
  // A fresh Keyline folder has no signing identity: sign-off asks for one first.
  await driver.findElement(By.id("identity-name")).sendKeys("Zoë Łukasiewicz");
  await driver.findElement(By.id("identity-organisation")).sendKeys("Example NHS FT");
  await inspector.sendKeys("Zoë Łukasiewicz");
  await driver.findElement(By.id("reviewer")).sendKeys("Renée Dupré");
  await driver.findElement(By.css("[data-testid=sign-off-form] button[type=submit]")).click();
  await driver.wait(until.elementLocated(By.css("[data-testid=locked]")), 10_000);
  // Signed off looks and behaves locked: no moderation, no save state, no delete.
  expect(await driver.findElements(By.xpath("//button[normalize-space()='Moderate this rating']"))).toHaveLength(0);
  expect(await driver.findElements(By.css("[data-testid=save-state]"))).toHaveLength(0);
  expect(await driver.findElements(By.css("[data-testid=delete-inspection]"))).toHaveLength(0);
  expect(await text(driver, "[data-testid=score-panel] h2")).toBe("Scores as signed off");

  const [inspection] = cli<{ id: number; status: string; complete: boolean }[]>(db, "inspections", "list", "--json");
  expect(inspection).toMatchObject({ status: "signed-off", complete: true });
  // Signed with the identity made in the app, kept in the app's Keyline folder.
  expect(inspection).toMatchObject({
    signedRecord: { signerName: "Zoë Łukasiewicz", signerOrganisation: "Example NHS FT", trust: "yours", imported: false },
  });
  const view = cli<{
    notes: { text: string }[];
    evidence: { fileName: string }[];
    actions: { title: string; owner: string }[];
    signOff: { inspector: string; reviewer: string } | null;
  }>(db, "inspections", "show", String(inspection.id), "--json");
  expect(view.notes.map((n) => n.text)).toContain("Checked with the nurse in charge.");
  expect(view.evidence.map((e) => e.fileName)).toContain("fridge-log.png");
  expect(view.actions).toEqual([
    expect.objectContaining({ title: "Refresh the staffing escalation poster", owner: "Siân Ŵyn" }),
  ]);
  expect(view.signOff).toMatchObject({ inspector: "Zoë Łukasiewicz", reviewer: "Renée Dupré" });
  const audit = cli<{ intact: boolean }>(db, "audit", "verify", String(inspection.id), "--json");
  expect(audit.intact).toBe(true);
});
