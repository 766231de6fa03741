// The real desktop app under Xvfb: the home screen lists the shipped templates read from
// SQLite through IPC, and agrees with the CLI reading the same database file.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { By, until } from "selenium-webdriver";
import { afterAll, beforeAll, expect, test } from "vitest";
import { CLI, ROOT, startApp, type Session } from "./driver";

let session: Session;

beforeAll(async () => {
  session = await startApp();
});

afterAll(async () => {
  await session?.end();
});

test("home screen lists the shipped templates from the database", async () => {
  const { driver, db } = session;
  const table = await driver.wait(until.elementLocated(By.css("[data-testid=templates]")), 20_000);
  await driver.wait(until.elementIsVisible(table), 5_000);
  const titles = await Promise.all(
    (await driver.findElements(By.css("[data-testid=template-title]"))).map((e) => e.getText()),
  );

  const fromCli = JSON.parse(
    execFileSync(CLI, ["--db", db, "templates", "list", "--json"], { encoding: "utf8" }),
  ) as { title: string }[];
  expect(fromCli.length).toBeGreaterThan(0);
  expect(titles).toEqual(fromCli.map((t) => t.title));

  // Under target/ while testing; `./dev screenshots` points this at docs/screenshots.
  const png = await driver.takeScreenshot();
  const folder = process.env.KEYLINE_SCREENSHOTS ?? join(ROOT, "target/screenshots");
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "home.png"), Buffer.from(png, "base64"));
});
