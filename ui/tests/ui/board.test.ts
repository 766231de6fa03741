// The governance board: every ward's latest rating per key question (colour and words, the
// movement in words), each a link to its inspection at that key question; the filter kept in
// the route; trends with a table alternative; self-assessment gaps, consistency, themes and
// ageing actions; the three exports; the empty database.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Board, BoardFilter } from "../../src/lib/bindings";
import type { Route } from "../../src/lib/route.svelte";
import { startHarness, type Harness } from "./browser";
import {
  axeViolations,
  BACKEND,
  board as boardFixture,
  callsTo,
  emptyBoard,
  newContext,
  open,
  openIn,
  safView,
  templates,
  ukDate,
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

const BOARD = boardFixture();
const MIDSHIRE = "Midshire Partnership NHS Foundation Trust";
const NORTH_VALLEY = "North Valley NHS Foundation Trust";
const NO_FILTER: BoardFilter = { trust: null, site: null, template: null, kind: null, from: null, to: null, consistencyDays: null };
const WORDS = { up: "up since previous", down: "down since previous", same: "no change since previous" } as const;

function data(extra: MockData = {}): MockData {
  return { templates: templates(), inspections: [], views: { 1: safView() }, board: boardFixture(), ...extra };
}

async function openBoard(extra: MockData = {}, handlers = BACKEND, route: Route = { name: "board" }): Promise<Page> {
  const page = await open(h, handlers, data(extra), route);
  await page.getByTestId("board-table").waitFor();
  return page;
}

/** A percentage as the board writes it: one decimal place. */
const pct = (p: number | null) => (p === null ? "–" : `${(Math.round(p * 10) / 10).toFixed(1)}%`);

/** The route the app keeps (and reopens at). */
function savedRoute(page: Page): Promise<unknown> {
  return page.evaluate(() => JSON.parse(localStorage.getItem("keyline.route") ?? "null"));
}

test("the Board link opens the board: every ward, grouped by trust and site, its ratings in words with movements in words", async () => {
  const page = await open(h, BACKEND, data(), { name: "home" });
  await page.getByTestId("no-inspections").waitFor();
  await page.getByTestId("nav-board").click();
  await page.getByTestId("board-table").waitFor();
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Governance board");
  expect(await page.getByTestId("nav-board").getAttribute("aria-current")).toBe("page");
  expect(await callsTo(page, "board")).toEqual([{ filter: NO_FILTER }]);

  const table = page.getByTestId("board-table");
  expect(await table.locator("thead th").allTextContents()).toEqual(["Ward", "Safe", "Effective", "Caring", "Responsive", "Well-led", "Overall"]);
  expect(await page.getByTestId("group-trust").allTextContents()).toEqual([MIDSHIRE, NORTH_VALLEY]);
  expect((await page.getByTestId("group-site").allTextContents()).map((t) => t.trim())).toEqual([
    `Northgate Hospital, ${MIDSHIRE}`,
    `Southfield Centre, ${MIDSHIRE}`,
    `Riverside Hospital, ${NORTH_VALLEY}`,
  ]);
  expect(await page.getByTestId("ward-name").allTextContents()).toEqual(BOARD.rows.map((r) => r.ward.service));

  // Every cell: the rating in words (on its colour), the movement in words, the date.
  const rows = page.getByTestId("ward-row");
  for (const [r, row] of BOARD.rows.entries()) {
    const cells = rows.nth(r).getByTestId("board-cell");
    expect(await cells.count()).toBe(BOARD.columns.length);
    for (const [c, cell] of row.cells.entries()) {
      const shown = cells.nth(c);
      if (!cell) {
        expect(await shown.textContent()).toBe("No rating");
        continue;
      }
      expect(await shown.getByTestId("cell-rating").textContent()).toBe(cell.ratingLabel);
      const colour = BOARD.ratings.find((x) => x.id === cell.rating)!.colour;
      expect(await shown.getByTestId("cell-rating").evaluate((e) => getComputedStyle(e).backgroundColor)).toBe(rgb(colour));
      if (cell.movement) expect(await shown.getByTestId("cell-movement").textContent()).toBe(`, ${WORDS[cell.movement]}`);
      else expect(await shown.getByTestId("cell-movement").count()).toBe(0);
      expect(await shown.textContent()).toContain(ukDate(cell.date));
    }
  }
  // Read as a whole by a screen reader: the arrow is hidden, the words are not.
  const willowOverall = rows.filter({ hasText: "Willow Ward (PICU)" }).getByTestId("cell-link").last();
  expect(await willowOverall.getAttribute("aria-describedby")).toBeTruthy();
  const name = (await willowOverall.evaluate((a) => (a as HTMLElement).innerText)).replace(/\s+/g, " ");
  expect(name).toContain("Good");
  expect(await willowOverall.locator("[aria-hidden=true]").textContent()).toBe("↑");
  expect(await willowOverall.getByTestId("cell-movement").textContent()).toBe(", up since previous");
  // A moderated rating says so.
  expect(await rows.filter({ hasText: "Larch Ward" }).getByTestId("board-cell").nth(4).textContent()).toContain("(moderated)");
});

test("a rating links to its inspection at that key question; focused, it shows its percentage and how it was reached", async () => {
  const page = await openBoard();
  const ward7 = page.getByTestId("ward-row").filter({ hasText: "Ward 7" });
  const cell = BOARD.rows.find((r) => r.ward.service === "Ward 7")!.cells[1]!;
  const link = ward7.getByTestId("cell-link").nth(1);
  expect(await link.getAttribute("href")).toBe("#/inspection/1?section=effective");
  expect(await ward7.getByTestId("cell-link").last().getAttribute("href")).toBe("#/inspection/1");

  await link.focus();
  const detail = page.getByTestId("cell-detail");
  await expect.poll(() => detail.textContent()).toContain(`Ward 7, Effective: Requires improvement, ${pct(cell.percent)}.`);
  expect(await detail.textContent()).toContain(cell.explanation);
  // The same is the link's description, for screen readers.
  const described = await link.getAttribute("aria-describedby");
  expect(await page.locator(`#${described}`).textContent()).toBe(`${pct(cell.percent)}. ${cell.explanation}`);
  // Pointing at another rating shows that one's.
  const other = page.getByTestId("ward-row").filter({ hasText: "Rowan Ward" }).getByTestId("cell-link").nth(2);
  await other.hover();
  await expect.poll(() => detail.textContent()).toContain("Rowan Ward (older adults), Caring: Outstanding, 93.8%.");

  // Enter follows the link: the inspection opens at Effective's first item.
  await link.focus();
  await page.keyboard.press("Enter");
  await page.getByTestId("item-title").waitFor();
  expect(await page.getByTestId("item-title").textContent()).toBe("Assessing needs");
  expect(await page.getByTestId("item").locator(".nhsuk-caption-m").textContent()).toContain("Effective");
  expect(await callsTo(page, "open_inspection")).toEqual([{ id: 1 }]);
  expect(await savedRoute(page)).toEqual({ name: "inspection", id: 1, section: "effective" });
});

test("filters go into the route, reload the board with that filter, and the view reopens as it was", async () => {
  const context = await newContext(h);
  const page = await openIn(context, h, BACKEND, data(), { name: "board" });
  await page.getByTestId("board-table").waitFor();
  // The template the backend chose is shown as chosen.
  expect(await page.getByLabel("Template").inputValue()).toBe("cqc-saf-mh-ward");
  expect(await page.getByLabel("Site").locator("option").allTextContents()).toEqual([
    "All sites",
    `Northgate Hospital (${MIDSHIRE})`,
    `Southfield Centre (${MIDSHIRE})`,
    `Riverside Hospital (${NORTH_VALLEY})`,
  ]);

  await page.getByLabel("Trust", { exact: true }).selectOption(NORTH_VALLEY);
  const northValley = { ...NO_FILTER, trust: NORTH_VALLEY, template: "cqc-saf-mh-ward" };
  await expect.poll(() => callsTo(page, "board")).toEqual([{ filter: NO_FILTER }, { filter: northValley }]);
  expect(await savedRoute(page)).toEqual({ name: "board", query: "trust=North+Valley+NHS+Foundation+Trust&template=cqc-saf-mh-ward" });
  expect(await page.getByTestId("nav-board").getAttribute("href")).toBe("#/board?trust=North+Valley+NHS+Foundation+Trust&template=cqc-saf-mh-ward");
  // Only that trust's sites.
  expect(await page.getByLabel("Site").locator("option").allTextContents()).toEqual(["All sites", "Riverside Hospital"]);

  await page.getByLabel("Kind").selectOption({ label: "Mock inspection" });
  await expect.poll(async () => (await callsTo(page, "board")).length).toBe(3);
  await page.getByLabel("From").fill("01/06/2026");
  await page.getByLabel("From").press("Tab");
  await expect.poll(async () => (await callsTo(page, "board")).length).toBe(4);
  await page.getByLabel("Consistency: days apart").fill("30");
  await page.getByLabel("Consistency: days apart").press("Enter");
  const all = { ...northValley, kind: "mock", from: "2026-06-01", consistencyDays: 30 };
  await expect.poll(async () => (await callsTo(page, "board")).at(-1)).toEqual({ filter: all });
  expect(await callsTo(page, "board")).toHaveLength(5);
  expect(await savedRoute(page)).toEqual({
    name: "board",
    query: "trust=North+Valley+NHS+Foundation+Trust&template=cqc-saf-mh-ward&kind=mock&from=2026-06-01&days=30",
  });

  // Reopened (the app started again): the same view, asked for with the same filter.
  const again = await openIn(context, h, BACKEND, data());
  await again.getByTestId("board-table").waitFor();
  expect(await callsTo(again, "board")).toEqual([{ filter: all }]);
  expect(await again.getByLabel("Trust", { exact: true }).inputValue()).toBe(NORTH_VALLEY);
  expect(await again.getByLabel("Kind").inputValue()).toBe("mock");
  expect(await again.getByLabel("From").inputValue()).toBe("01/06/2026");
  expect(await again.getByLabel("Consistency: days apart").inputValue()).toBe("30");

  // Away and back by the header link: still that view.
  await again.getByTestId("nav-actions").click();
  await again.getByTestId("nav-board").click();
  await expect.poll(async () => (await callsTo(again, "board")).at(-1)).toEqual({ filter: all });

  // Clearing the filters asks for the whole board again.
  await again.getByTestId("clear-filters").click();
  await expect.poll(async () => (await callsTo(again, "board")).at(-1)).toEqual({ filter: NO_FILTER });
  expect(await again.getByLabel("Trust", { exact: true }).inputValue()).toBe("");
  await context.close();
});

test("a filter that cannot be read is not applied, and says why", async () => {
  const page = await openBoard();
  await page.getByLabel("Consistency: days apart").fill("400");
  await page.getByTestId("apply-filters").click();
  await page.getByTestId("error-message").waitFor();
  expect(await page.getByTestId("error-message").textContent()).toBe("Enter the days apart for consistency as a whole number from 0 to 366.");
  await page.getByLabel("From").fill("31/11/2026");
  await page.getByTestId("apply-filters").click();
  await expect.poll(() => page.getByTestId("error-message").textContent()).toBe("Enter the period's dates as day/month/year, for example 23/11/2026.");
  expect(await page.getByTestId("board-from-error").textContent()).toContain("November 2026 has days 1 to 30");
  expect(await callsTo(page, "board")).toHaveLength(1);
});

test("filters that match nothing say so and offer to clear them", async () => {
  const none: Board = { ...boardFixture(), rows: [] };
  const page = await open(h, BACKEND, data({ board: none }), { name: "board", query: "kind=peer-review" });
  await page.getByTestId("board-no-match").waitFor();
  expect(await callsTo(page, "board")).toEqual([{ filter: { ...NO_FILTER, kind: "peer-review" } }]);
  expect(await page.getByTestId("export-xlsx").isDisabled()).toBe(true);
  await page.getByTestId("board-no-match").getByRole("button", { name: "Clear the filters" }).click();
  await expect.poll(async () => (await callsTo(page, "board")).at(-1)).toEqual({ filter: NO_FILTER });
});

test("the summary: figures, the ratings distribution in words, the biggest movers and how they were reached", async () => {
  const page = await openBoard();
  const s = BOARD.summary;
  expect(await page.getByTestId("summary-wards").textContent()).toBe(String(s.wards));
  expect(await page.getByTestId("summary-inspections").textContent()).toBe("15");
  expect(await page.getByTestId("summary-open").textContent()).toBe("7");
  expect(await page.getByTestId("summary-overdue").textContent()).toBe("4");
  expect(await page.getByTestId("distribution").locator("li").allTextContents()).toEqual([
    "Outstanding: 0 wards",
    "Good: 3 wards",
    "Requires improvement: 2 wards",
    "Inadequate: 0 wards",
  ]);
  const movers = page.getByTestId("mover");
  expect(await movers.count()).toBe(3);
  const first = (await movers.first().textContent())!.replace(/\s+/g, " ");
  expect(first).toContain("Willow Ward (PICU)");
  expect(first).toContain("Requires improvement to Good, up +10.3 points");
  expect(await movers.first().getByRole("link").getAttribute("href")).toBe("#/inspection/26");
  expect(await page.getByTestId("mover-explanation").first().textContent()).toBe(s.movers[0].explanation);
  await page.getByText("How these figures were reached").first().click();
  expect(await page.getByTestId("summary-explanation").textContent()).toBe(s.explanation);
  expect(await page.getByTestId("summary-explanation").isVisible()).toBe(true);
});

test("the trends: a chart per key question, the same numbers in a table, and a picked ward's inspections", async () => {
  const page = await openBoard();
  const charts = page.getByTestId("trend-chart");
  expect(await charts.count()).toBe(BOARD.columns.length);
  expect(await charts.locator("h3").allTextContents()).toEqual(BOARD.columns.map((c) => c.title));
  expect(await charts.first().locator("svg").getAttribute("role")).toBe("img");

  // The table alternative: every month, its number of inspections and each column's mean.
  await page.getByText("The trends as tables").click();
  const rows = page.getByTestId("trend-row");
  expect(await rows.count()).toBe(BOARD.trends.whole.length);
  for (const [i, point] of BOARD.trends.whole.entries()) {
    const cells = await rows.nth(i).locator("th, td").allTextContents();
    expect(cells).toEqual([point.label, String(point.inspections), ...point.percents.map(pct)]);
  }
  expect(await rows.filter({ hasText: "October 2026" }).locator("td").allTextContents()).toEqual(["5", "55.0%", "61.9%", "76.3%", "65.6%", "54.4%", "62.7%"]);
  expect(await page.getByTestId("ward-trend-table").count()).toBe(0);

  // A ward's own points: on every chart, and in a table of their own.
  await page.getByLabel("Show one ward's inspections on the charts").selectOption({ label: `Willow Ward (PICU), Northgate Hospital (${MIDSHIRE})` });
  await page.getByTestId("ward-trend-table").waitFor();
  const willow = BOARD.trends.wards.find((w) => w.ward.service === "Willow Ward (PICU)")!;
  const wardRows = page.getByTestId("ward-trend-row");
  expect(await wardRows.count()).toBe(willow.points.length);
  expect(await wardRows.first().locator("th, td").allTextContents()).toEqual([ukDate("2026-04-15"), ...willow.points[0].percents.map(pct)]);
  expect(await wardRows.first().getByRole("link").getAttribute("href")).toBe("#/inspection/13");
  expect(await page.locator(".kl-line-ward").count()).toBe(BOARD.columns.length + 1);
  expect(await page.getByTestId("legend-ward").textContent()).toContain("Willow Ward (PICU): each inspection");
  expect(await page.getByTestId("trends-explanation").textContent()).toBe(BOARD.trends.explanation);
});

test("self-assessment against mock inspection: the flagged ward is marked in words, gaps signed in points", async () => {
  const page = await openBoard();
  const rows = page.getByTestId("gap-row");
  expect(await rows.count()).toBe(3);
  const willow = rows.first();
  expect(await willow.locator("th").textContent()).toContain("Willow Ward (PICU)");
  expect(await willow.getByTestId("gap-flag").textContent()).toBe("Persistently higher");
  expect(await willow.getByTestId("gap-mean").textContent()).toBe("+9.9 points");
  const cells = await willow.locator("td").allTextContents();
  expect(cells.slice(0, 2)).toEqual(["3", "3 of 3"]);
  expect(cells.slice(3, 8)).toEqual(["+11.4 points", "+9.4 points", "+7.3 points", "+8.4 points", "+12.5 points"]);
  expect(await willow.getByTestId("gap-explanation").textContent()).toBe(BOARD.gaps.wards[0].explanation);
  // Larch's self-assessment was lower than the mock inspection on some key questions.
  const larch = rows.filter({ hasText: "Larch Ward" });
  expect(await larch.locator("td").allTextContents()).toContain("−3.1 points");
  for (const other of [rows.nth(1), rows.nth(2)]) {
    expect(await other.getByTestId("gap-finding").textContent()).toContain("Not flagged");
    expect(await other.getByTestId("gap-flag").count()).toBe(0);
  }
  expect(await page.getByTestId("gaps-explanation").textContent()).toBe(BOARD.gaps.explanation);
});

test("consistency between inspectors: per trust, and every pair with links to both inspections", async () => {
  const page = await openBoard();
  const trusts = page.getByTestId("consistency-trust");
  expect(await trusts.count()).toBe(2);
  expect(await trusts.nth(0).locator("td").allTextContents()).toEqual(["2", "57.4%", "0.44"]);
  expect(await trusts.nth(1).locator("td").allTextContents()).toEqual(["1", "70.6%", "0.62"]);
  expect(await trusts.nth(0).getByTestId("consistency-explanation").textContent()).toBe(BOARD.consistency.trusts[0].explanation);

  const pairs = page.getByTestId("consistency-pair");
  expect(await pairs.count()).toBe(3);
  const ward3 = pairs.filter({ hasText: "Ward 3" });
  expect(await ward3.getByTestId("pair-first").textContent()).toBe("Mock inspection, 20 October 2026");
  expect(await ward3.getByTestId("pair-first").getAttribute("href")).toBe("#/inspection/33");
  expect(await ward3.getByTestId("pair-second").textContent()).toBe("Mock inspection, 29 October 2026");
  expect(await ward3.getByTestId("pair-second").getAttribute("href")).toBe("#/inspection/34");
  expect(await ward3.locator("td").allTextContents()).toEqual(["Mock inspection, 20 October 2026", "Mock inspection, 29 October 2026", "34", "70.6%", "0.62"]);
  expect(await page.getByTestId("pairs-explanation").textContent()).toBe(BOARD.consistency.explanation);
  await ward3.getByTestId("pair-second").click();
  await expect.poll(() => callsTo(page, "open_inspection")).toEqual([{ id: 34 }]);
});

test("themes and actions: the recurring weak items, and open actions aged by trust, ward and owner", async () => {
  const page = await openBoard();
  const themes = page.getByTestId("theme-row");
  expect(await themes.getByTestId("theme-title").allTextContents()).toEqual(BOARD.themes.items.map((t) => t.title));
  expect(await themes.first().locator("td").allTextContents()).toEqual(["Safe", "7", "4", "Open the latest inspection that found “Safe systems, pathways and transitions” weak"]);
  expect(await themes.first().getByTestId("theme-latest").getAttribute("href")).toBe("#/inspection/1?section=safe&item=safe.safe-systems");
  expect(await page.getByTestId("themes-explanation").textContent()).toBe(BOARD.themes.explanation);

  expect(await page.getByTestId("actions-open").textContent()).toBe("7");
  expect(await page.getByTestId("actions-overdue").textContent()).toBe("4");
  expect(await page.getByTestId("ageing-bucket").allTextContents()).toEqual(["0–30 days overdue2", "31–90 days overdue1", "Over 90 days overdue1"]);

  const ageing = () => page.getByTestId("ageing-row").evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
  expect(await page.getByTestId("ageing-table").locator("thead th").allTextContents()).toEqual(["Trust", "Open", "Overdue", "0–30 days", "31–90 days", "Over 90 days"]);
  expect(await ageing()).toEqual([
    [MIDSHIRE, "4", "3", "1", "1", "1"],
    [NORTH_VALLEY, "3", "1", "1", "0", "0"],
  ]);
  // The tabs by keyboard: arrow keys move between them.
  await page.getByTestId("ageing-tab-trust").focus();
  await page.keyboard.press("ArrowRight");
  expect(await page.getByTestId("ageing-tab-ward").getAttribute("aria-selected")).toBe("true");
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("ageing-tab-ward");
  expect((await ageing()).map((r) => r[0])).toEqual(BOARD.actions.byWard.map((r) => r.label));
  await page.keyboard.press("ArrowRight");
  expect(await page.getByTestId("ageing-table").locator("thead th").first().textContent()).toBe("Owner");
  expect(await ageing()).toEqual([
    ["Ward manager", "3", "2", "1", "0", "1"],
    ["No owner", "1", "1", "1", "0", "0"],
    ["Practice development nurse", "1", "1", "0", "1", "0"],
    ["Deputy ward manager", "1", "0", "0", "0", "0"],
    ["Matron", "1", "0", "0", "0", "0"],
  ]);
  expect(await page.getByTestId("ageing-tab-trust").getAttribute("aria-selected")).toBe("false");

  // Open actions, most overdue first, each with its age and a link to its inspection.
  const list = page.getByTestId("board-action");
  expect(await list.getByTestId("board-action-link").allTextContents()).toEqual(BOARD.actions.list.map((a) => a.title));
  const oldest = (await list.first().getByTestId("board-action-overdue").innerText()).replace(/\s+/g, " ").trim();
  expect(oldest).toBe("Overdue 124 days Over 90 days");
  expect(await list.first().getByTestId("board-action-link").getAttribute("href")).toBe("#/inspection/12");
  expect((await list.last().getByTestId("board-action-overdue").textContent())!.trim()).toBe("Not overdue");
  expect(await list.filter({ hasText: "fridge thermometer" }).locator("td").nth(2).textContent()).toBe("No owner");
  expect(await page.getByTestId("actions-explanation").textContent()).toBe(BOARD.actions.explanation);
});

test("exports: each asks where, sends the board's filter and that path, says what was written, and opens it", async () => {
  const handlers = withHandlers({
    "plugin:dialog|save": `({ options }) => options.defaultPath.endsWith(".xlsx") ? "/home/board/Board.xlsx" : "/home/board/Board pack.pdf"`,
    "plugin:dialog|open": `({ options }) => options.directory ? "/home/board/csv" : null`,
    open_exported: `() => null`,
  });
  const page = await openBoard({}, handlers);
  const filter = { ...NO_FILTER, template: "cqc-saf-mh-ward" };

  await page.getByTestId("export-xlsx").click();
  const done = page.getByTestId("board-exported");
  await done.waitFor();
  expect(await done.locator("p").first().textContent()).toBe("Spreadsheet saved to /home/board/Board.xlsx: 11 sheets, 64 rows in all.");
  expect(await callsTo(page, "export_board")).toEqual([{ filter, format: "xlsx", path: "/home/board/Board.xlsx" }]);
  const saves = (await callsTo(page, "plugin:dialog|save")) as { options: { defaultPath: string; filters: { extensions: string[] }[] } }[];
  expect(saves[0].options.defaultPath).toMatch(/^Keyline board \d{4}-\d{2}-\d{2}\.xlsx$/);
  expect(saves[0].options.filters[0].extensions).toEqual(["xlsx"]);
  await page.getByTestId("open-board-export").click();
  await page.getByTestId("reveal-board-export").click();
  await expect.poll(() => callsTo(page, "open_exported")).toEqual([
    { path: "/home/board/Board.xlsx", reveal: false },
    { path: "/home/board/Board.xlsx", reveal: true },
  ]);

  await page.getByTestId("export-csv").click();
  await expect.poll(() => done.locator("p").first().textContent()).toBe("11 CSV files saved in /home/board/csv: 11 tables, 64 rows in all.");
  expect((await callsTo(page, "export_board"))[1]).toEqual({ filter, format: "csv", path: "/home/board/csv" });
  const opens = (await callsTo(page, "plugin:dialog|open")) as { options: { directory: boolean } }[];
  expect(opens[0].options.directory).toBe(true);
  expect(await page.getByTestId("exported-files").locator("li").first().textContent()).toBe("/home/board/csv/summary.csv");
  expect(await page.getByTestId("open-board-export").textContent()).toContain("Open the folder");

  await page.getByTestId("export-pack").click();
  await expect.poll(() => done.locator("p").first().textContent()).toBe("Board pack BP-9331a60da6ef237e saved to /home/board/Board pack.pdf.");
  expect(await callsTo(page, "export_board_pack")).toEqual([{ filter, path: "/home/board/Board pack.pdf" }]);
  const packSave = ((await callsTo(page, "plugin:dialog|save")) as { options: { filters: { extensions: string[] }[] } }[])[1];
  expect(packSave.options.filters[0].extensions).toEqual(["pdf"]);
  await page.getByTestId("reveal-board-export").click();
  await expect.poll(async () => (await callsTo(page, "open_exported")).at(-1)).toEqual({ path: "/home/board/Board pack.pdf", reveal: true });
  expect(await axeViolations(page)).toEqual([]);
});

test("while an export runs the buttons wait and say so; a failure shows the backend's message; cancelling does nothing", async () => {
  const handlers = withHandlers({
    "plugin:dialog|save": `({ options }) => window.__DATA__.cancel ? null : options.defaultPath.endsWith(".pdf") ? "/media/full/pack.pdf" : "/home/board/Board.xlsx"`,
    export_board: `({ path }) => new Promise((done) => { window.__finishExport = () => done({ path, files: [path], tables: 11, rows: 64 }); })`,
    export_board_pack: `() => { throw { code: "io", message: "cannot write /media/full/pack.pdf: No space left on device" }; }`,
  });
  const page = await openBoard({}, handlers);
  await page.getByTestId("export-xlsx").click();
  await page.getByTestId("export-running").waitFor();
  expect(await page.getByTestId("export-xlsx").textContent()).toContain("Exporting the spreadsheet…");
  for (const id of ["export-xlsx", "export-csv", "export-pack"]) expect(await page.getByTestId(id).isDisabled()).toBe(true);
  await page.evaluate(() => (window as unknown as { __finishExport: () => void }).__finishExport());
  await page.getByTestId("board-exported").waitFor();
  for (const id of ["export-xlsx", "export-csv", "export-pack"]) expect(await page.getByTestId(id).isEnabled()).toBe(true);
  expect(await page.getByTestId("export-running").count()).toBe(0);

  await page.getByTestId("export-pack").click();
  await page.getByTestId("error-message").waitFor();
  expect(await page.getByTestId("error-message").textContent()).toBe("Cannot write /media/full/pack.pdf: No space left on device");
  expect(await page.getByTestId("error-summary").locator("h2").textContent()).toBe("The board was not exported");
  expect(await page.getByTestId("board-exported").count()).toBe(0);

  await page.evaluate(() => ((window as unknown as { __DATA__: { cancel: boolean } }).__DATA__.cancel = true));
  await page.getByTestId("export-pack").click();
  await page.waitForTimeout(200);
  expect(await callsTo(page, "export_board_pack")).toHaveLength(1);
});

test("an empty database: a helpful empty state, and nothing to export", async () => {
  const page = await open(h, BACKEND, data({ board: emptyBoard() }), { name: "board" });
  await page.getByTestId("board-empty").waitFor();
  expect((await page.getByTestId("board-empty").textContent())!.replace(/\s+/g, " ").trim()).toBe(
    "No signed-off inspections yet. Sign off an inspection, import records from another trust, or try keyline demo --alliance.",
  );
  expect(await page.getByTestId("board-table").count()).toBe(0);
  expect(await page.getByTestId("export-xlsx").count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
});

test("a board that cannot be read says why and can be tried again", async () => {
  const handlers = withHandlers({
    board: `() => { if (!window.__DATA__.tried) { window.__DATA__.tried = true; throw { code: "database", message: "the database is locked by another program" }; } return structuredClone(window.__DATA__.board); }`,
  });
  const page = await open(h, handlers, data(), { name: "board" });
  await page.getByTestId("error-message").waitFor();
  expect(await page.getByTestId("error-message").textContent()).toBe("The database is locked by another program");
  await page.getByRole("button", { name: "Try again" }).click();
  await page.getByTestId("board-table").waitFor();
  expect(await page.getByTestId("error-summary").count()).toBe(0);
});

test("axe finds no accessibility problems on the board, every part open", async () => {
  const page = await openBoard();
  for (const summary of await page.locator("main summary").all()) await summary.click();
  await page.getByLabel("Show one ward's inspections on the charts").selectOption({ index: 2 });
  await page.getByTestId("ward-trend-table").waitFor();
  await page.getByTestId("cell-link").first().focus();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByTestId("ageing-tab-owner").click();
  expect(await axeViolations(page)).toEqual([]);
});

test("names, titles and explanations with markup in them are shown as text and never run", async () => {
  const IMG = `<img src=x onerror="window.__PWNED__=1">`;
  const hostile = boardFixture();
  hostile.rows[0].ward.service = `Larch ${IMG}`;
  hostile.rows[0].cells[0]!.explanation = `Safe: <script>window.__PWNED__=2</script>`;
  hostile.themes.items[0].title = `Safe <b>systems</b>`;
  hostile.actions.list[0].title = `Review ${IMG}`;
  hostile.gaps.wards[0].explanation = `<i>three</i> pairs`;
  const page = await openBoard({ board: hostile });
  for (const summary of await page.locator("main summary").all()) await summary.click();
  await page.getByTestId("cell-link").first().focus();
  expect(await page.getByTestId("ward-name").first().textContent()).toBe(`Larch ${IMG}`);
  expect(await page.getByTestId("cell-detail").textContent()).toContain("Safe: <script>window.__PWNED__=2</script>");
  expect(await page.getByTestId("theme-title").first().textContent()).toBe("Safe <b>systems</b>");
  expect(await page.getByTestId("board-action-link").first().textContent()).toBe(`Review ${IMG}`);
  expect(await page.getByTestId("gap-explanation").first().textContent()).toBe("<i>three</i> pairs");
  expect(await page.locator("main").locator("img, script, b, i").count()).toBe(0);
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as { __PWNED__?: number }).__PWNED__)).toBeUndefined();
});

test("at 200% zoom the page does not scroll sideways and the ratings and exports are usable", async () => {
  const context = await newContext(h, { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
  const page = await openIn(context, h, BACKEND, data(), { name: "board" });
  await page.getByTestId("board-table").waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(1);
  for (const control of [page.getByTestId("export-xlsx"), page.getByLabel("Trust", { exact: true }), page.getByTestId("cell-link").first()]) {
    await control.scrollIntoViewIfNeeded();
    const box = await control.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(640);
  }
  await context.close();
});

/** `#rrggbb` as the browser computes it. */
function rgb(hex: string): string {
  const n = (i: number) => parseInt(hex.slice(i, i + 2), 16);
  return `rgb(${n(1)}, ${n(3)}, ${n(5)})`;
}
