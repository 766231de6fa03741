// The real desktop app under Xvfb: start an inspection, answer by keyboard, see that a key
// question with unanswered statements is not yet rated, and check with the CLI that the
// answers are in the database and scored by the template's rule; then delete the unsigned
// inspection and see the database and its audit trail agree.
import { execFileSync } from "node:child_process";
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

async function text(driver: WebDriver, css: string): Promise<string> {
  return driver.findElement(By.css(css)).getText();
}

test("an answer given by keyboard is saved and scored live", async () => {
  const { driver, db } = session;
  const start = await driver.wait(until.elementLocated(By.css("[data-testid=new-inspection]")), 20_000);
  await start.click();

  const service = await driver.wait(until.elementLocated(By.id("service")), 10_000);
  // The template list arrives over IPC after the form appears.
  const option = await driver.wait(
    until.elementLocated(By.css("#template option[value^='cqc-saf-mh-ward@']")),
    10_000,
  );
  await option.click();
  await service.sendKeys("Ward 7 (e2e)");
  await driver.findElement(By.css("[data-testid=new-inspection-form] button[type=submit]")).click();

  const title = await driver.wait(until.elementLocated(By.css("[data-testid=item-title]")), 10_000);
  const itemTitle = await title.getText();
  expect(itemTitle).toContain("Learning culture");

  await driver.findElement(By.css("body")).sendKeys("3");
  const state = await driver.findElement(By.css("[data-testid=save-state]"));
  await driver.wait(until.elementTextIs(state, "Saved"), 10_000);
  // One statement of eight is not a rating: Safe says so, not "9.4% Inadequate".
  expect(await text(driver, "[data-testid=section-percent]")).toBe("Not yet rated");
  expect(await text(driver, "[data-testid=section-provisional]")).toBe("1 of 8 answered");

  await driver.findElement(By.css("body")).sendKeys("j");
  await driver.wait(async () => (await text(driver, "[data-testid=item-title]")) !== itemTitle, 5_000);
  await driver.findElement(By.css("body")).sendKeys("4", Key.NULL);
  await driver.wait(async () => (await text(driver, "[data-testid=section-provisional]")) === "2 of 8 answered", 10_000);
  expect(await text(driver, "[data-testid=overall-rating]")).toBe("Not yet rated");

  const inspections = JSON.parse(
    execFileSync(CLI, ["--db", db, "inspections", "list", "--json"], { encoding: "utf8" }),
  ) as { id: number; service: string }[];
  expect(inspections.map((i) => i.service)).toEqual(["Ward 7 (e2e)"]);
  const score = JSON.parse(
    execFileSync(CLI, ["--db", db, "score", String(inspections[0].id), "--json"], { encoding: "utf8" }),
  ) as { sections: { id: string; earned: number; possible: number }[] };
  const safe = score.sections.find((s) => s.id === "safe");
  expect(safe).toMatchObject({ earned: 7, possible: 32 });
});

test("an unsigned inspection is deleted after a confirmation, and the audit trail says so", async () => {
  const { driver, db } = session;
  const del = await driver.wait(until.elementLocated(By.css("[data-testid=delete-inspection]")), 10_000);
  await del.click();
  const confirm = await driver.wait(until.elementLocated(By.css("[data-testid=confirm-delete]")), 10_000);
  expect(await confirm.getText()).toContain("Ward 7 (e2e)");
  await driver.findElement(By.css("[data-testid=confirm-delete-yes]")).click();
  const notice = await driver.wait(until.elementLocated(By.css("[data-testid=notice]")), 10_000);
  expect(await notice.getText()).toContain("Deleted the mock inspection of Ward 7 (e2e)");
  expect(await driver.findElements(By.css("[data-testid=inspection-row]"))).toHaveLength(0);

  const left = JSON.parse(
    execFileSync(CLI, ["--db", db, "inspections", "list", "--json"], { encoding: "utf8" }),
  ) as unknown[];
  expect(left).toEqual([]);
  const audit = JSON.parse(execFileSync(CLI, ["--db", db, "audit", "verify", "--json"], { encoding: "utf8" })) as {
    intact: boolean;
  };
  expect(audit.intact).toBe(true);
});
