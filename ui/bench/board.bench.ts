// How long the Board screen takes to open over a large alliance: from the click on "Board"
// to the wards table with every ward on screen, in headless Chromium with the backend mocked
// by the real `keyline board --json --actions 500` of a database (what the screen's command
// returns). Run: KEYLINE_BOARD_DB=/path/to/alliance.sqlite3 npm run bench:ui
// (make one with `keyline demo --alliance --inspections 10000 --db PATH`; without it, a
// default alliance of about 40 wards is made first).
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openApp, startHarness, type Harness } from "../tests/ui/browser";

const ROOT = resolve(import.meta.dirname, "../..");
const CLI = process.env.KEYLINE_CLI ?? join(ROOT, "target/release/keyline");
const RUNS = 10;

let h: Harness;
let board: { rows: unknown[] };

beforeAll(async () => {
  let db = process.env.KEYLINE_BOARD_DB;
  if (!db) {
    db = join(mkdtempSync(join(tmpdir(), "keyline-bench-")), "alliance.sqlite3");
    execFileSync(CLI, ["--db", db, "demo", "--alliance"], { encoding: "utf8" });
  }
  const json = execFileSync(CLI, ["--db", db, "board", "--json", "--actions", "500"], {
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
  });
  board = JSON.parse(json);
  h = await startHarness();
}, 900_000);

afterAll(async () => {
  await h?.close();
});

test("opening the Board screen", async () => {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const page = await openApp(
      h,
      `{ list_templates: () => [], list_inspections: () => [], board: () => window.__DATA__ }`,
      board,
    );
    await page.getByTestId("nav-board").waitFor();
    const wards = board.rows.length;
    const elapsed = await page.evaluate(
      (wards) =>
        new Promise<number>((done) => {
          const link = document.querySelector<HTMLAnchorElement>("[data-testid=nav-board]");
          const start = performance.now();
          link?.click();
          const poll = () => {
            if (document.querySelectorAll("[data-testid=ward-row]").length === wards) done(performance.now() - start);
            else requestAnimationFrame(poll);
          };
          poll();
        }),
      wards,
    );
    times.push(elapsed);
    expect(await page.getByTestId("ward-row").count()).toBe(wards);
    await page.context().close();
  }
  times.sort((a, b) => a - b);
  const ms = (t: number) => t.toFixed(0);
  console.log(
    `open the Board screen (${board.rows.length} wards): median ${ms(times[Math.floor(times.length / 2)])} ms, ` +
      `max ${ms(times[times.length - 1])} ms over ${RUNS} runs`,
  );
}, 900_000);
