// The real desktop app under Xvfb: a database holding the demo's signed-off inspection (Larch
// Ward at Northgate Hospital, Midshire Partnership NHS Foundation Trust, rated Good overall),
// the Board screen opened from the header, and what it shows checked against
// `keyline board --json` reading the same database file.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { By, until, type WebElement } from "selenium-webdriver";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Board } from "../../src/lib/bindings";
import { CLI, startApp, type Session } from "./driver";

const WARD = "Larch Ward (adult acute, 18 beds)";
let session: Session;

beforeAll(async () => {
  session = await startApp({
    prepare: ({ db, keylineHome, home }) => {
      execFileSync(CLI, ["--db", db, "demo", "--pdf", join(home, "demo.pdf")], {
        env: { ...process.env, KEYLINE_HOME: keylineHome },
        stdio: "ignore",
      });
    },
  });
});

afterAll(async () => {
  await session?.end();
});

async function texts(elements: WebElement[]): Promise<string[]> {
  return Promise.all(elements.map((e) => e.getText()));
}

test("the Board shows the demo ward's overall rating in words, as `keyline board --json` has it", async () => {
  const { driver, db, keylineHome } = session;
  const nav = await driver.wait(until.elementLocated(By.css("[data-testid=nav-board]")), 20_000);
  await nav.click();
  const table = await driver.wait(until.elementLocated(By.css("[data-testid=board-table]")), 20_000);
  await driver.wait(until.elementIsVisible(table), 5_000);

  const rows = await driver.findElements(By.css("[data-testid=ward-row]"));
  expect(rows).toHaveLength(1);
  const row = rows[0];
  expect(await row.findElement(By.css("[data-testid=ward-name]")).getText()).toBe(WARD);
  const shownRatings = await texts(await row.findElements(By.css("[data-testid=cell-rating]")));
  // The last column is Overall: the demo inspection is rated Good.
  expect(shownRatings.at(-1)).toBe("Good");
  expect(await texts(await driver.findElements(By.css("[data-testid=group-trust]")))).toEqual([
    "Midshire Partnership NHS Foundation Trust",
  ]);

  const board = JSON.parse(
    execFileSync(CLI, ["--db", db, "board", "--json"], { encoding: "utf8", env: { ...process.env, KEYLINE_HOME: keylineHome } }),
  ) as Board;
  expect(board.rows.map((r) => r.ward.service)).toEqual([WARD]);
  const cells = board.rows[0].cells;
  expect(board.columns.at(-1)?.id).toBe("overall");
  expect(cells.at(-1)?.ratingLabel).toBe("Good");
  expect(shownRatings).toEqual(cells.map((c) => c?.ratingLabel ?? "Not rated"));
  expect(await texts(await driver.findElements(By.css("[data-testid=board-column]")))).toEqual(board.columns.map((c) => c.title));
  expect(await driver.findElement(By.css("[data-testid=summary-wards]")).getText()).toBe(String(board.summary.wards));
  expect(await driver.findElement(By.css("[data-testid=summary-inspections]")).getText()).toBe(String(board.summary.inspections));
  expect(await driver.findElement(By.css("[data-testid=summary-open]")).getText()).toBe(String(board.summary.openActions));

  // Each rating links to the inspection the CLI names, at its key question.
  const links = await row.findElements(By.css("[data-testid=cell-link]"));
  const first = cells[0]!;
  expect(await links[0].getAttribute("href")).toMatch(new RegExp(`#/inspection/${first.inspectionId}\\?section=${first.sectionId}$`));
  await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", links[0]);
  await links[0].click();
  const title = await driver.wait(until.elementLocated(By.css("[data-testid=inspection-title]")), 10_000);
  expect(await title.getText()).toContain(WARD);
  const caption = await driver.findElement(By.css("[data-testid=item] .nhsuk-caption-m")).getText();
  expect(caption).toContain(board.columns[0].title);
});
