// How long the inspection screen takes to open with the single assessment framework fully
// answered (34 statements, a note on each, actions): from the click that requests it to the
// item, the section list and every section's score on screen, in headless Chromium with the
// backend mocked by real data from the CLI. Run: cd ui && npm run bench:ui
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openApp, startHarness, type Harness } from "../tests/ui/browser";

const ROOT = resolve(import.meta.dirname, "../..");
const CLI = join(ROOT, "target/debug/keyline");
const RUNS = 30;

let h: Harness;
let view: unknown;

beforeAll(async () => {
  const db = join(mkdtempSync(join(tmpdir(), "keyline-bench-")), "bench.sqlite3");
  const k = (...args: string[]) => execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8" }).trim();
  const id = k("inspections", "new", "--template", "cqc-saf-mh-ward", "--service", "Ward 7");
  const template = JSON.parse(k("templates", "show", "cqc-saf-mh-ward", "--json")) as {
    sections: { items: { id: string }[] }[];
  };
  let n = 0;
  for (const section of template.sections)
    for (const item of section.items) {
      n += 1;
      k("answer", id, item.id, String(1 + (n % 4)), "--note", `Seen on the ward round: observation ${n}, with the records checked against the care plan.`);
    }
  for (let i = 0; i < 10; i++) k("action", "add", id, "--title", `Action ${i + 1}`, "--owner", "Ward manager");
  view = JSON.parse(k("inspections", "show", id, "--json"));
  h = await startHarness();
}, 300_000);

afterAll(async () => {
  await h?.close();
});

test("opening a fully answered 34-statement inspection", async () => {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const page = await openApp(
      h,
      `{ list_templates: () => [], list_inspections: () => [window.__DATA__.inspection], open_inspection: () => window.__DATA__ }`,
      view,
    );
    await page.getByTestId("inspection-row").waitFor();
    // Timed inside the page, so the driver's own round trips are not counted: from the click
    // to the first frame that shows the item and all five section scores.
    const elapsed = await page.evaluate(
      () =>
        new Promise<number>((done) => {
          const link = document.querySelector<HTMLAnchorElement>("[data-testid=inspection-row] a");
          const start = performance.now();
          link?.click();
          const poll = () => {
            const ready =
              document.querySelector("[data-testid=item-title]") &&
              document.querySelectorAll("[data-testid=section-score]").length === 5;
            if (ready) done(performance.now() - start);
            else requestAnimationFrame(poll);
          };
          poll();
        }),
    );
    times.push(elapsed);
    expect(await page.locator(".kl-item-list li").count()).toBe(34);
    await page.context().close();
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const p95 = times[Math.floor(times.length * 0.95)];
  const ms = (t: number) => t.toFixed(1);
  console.log(
    `open inspection (34 statements answered, notes, 10 actions): median ${ms(median)} ms, ` +
      `p95 ${ms(p95)} ms, max ${ms(times[times.length - 1])} ms over ${RUNS} runs`,
  );
}, 300_000);
