// The installed desktop app, as a user starts it, driven through tauri-driver (which drives
// WebKitWebDriver, which starts the app) on a display (run it under xvfb-run).
//
//   node tests/package/app.mjs check        the home screen lists what the installed CLI lists
//                                            (and its picture is saved), and a database that
//                                            cannot be opened is explained in the window
//   node tests/package/app.mjs time [RUNS]  start the app RUNS times (default 7) with a fresh
//                                            database: the time to the painted home screen
//   node tests/package/app.mjs open [RUNS]  open a fully answered 34-statement inspection RUNS
//                                            times (default 30), timed inside the page, then
//                                            the memory of the app's processes together
//
// Every run has its own temporary home, data and Keyline folders, removed afterwards.
// KEYLINE_APP and KEYLINE_CLI name the programs (default: the installed ones);
// KEYLINE_SCREENSHOTS the folder for the picture (default: target/screenshots).
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// selenium-webdriver is one of the front end's pinned packages.
const { Builder, By, until } = createRequire(join(ROOT, "ui/package.json"))("selenium-webdriver");
const APP = process.env.KEYLINE_APP ?? "/usr/bin/keyline-desktop";
const CLI = process.env.KEYLINE_CLI ?? "/usr/bin/keyline";
const TAURI_DRIVER = process.env.TAURI_DRIVER ?? "tauri-driver";
const SCREENSHOTS =
  process.env.KEYLINE_SCREENSHOTS ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, "target"), "screenshots");

function fail(message) {
  throw new Error(message);
}

// tauri-driver's process groups and the temporary homes still in use: ended and removed however
// this script ends, a hung session included (the whole run has a time limit).
const running = new Set();
const homes = new Set();
process.on("exit", () => {
  for (const pid of running) {
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => process.exit(1));
setTimeout(() => {
  console.error("package test: timed out (the app did not start or did not answer)");
  process.exit(1);
}, Number(process.env.KEYLINE_PACKAGE_TIMEOUT_MS ?? 300_000)).unref();

function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, no) => {
    timer = setTimeout(() => no(new Error(`${what} took more than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function freePort() {
  return new Promise((ok, no) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
    server.on("error", no);
  });
}

/** Starts tauri-driver with the app's environment, and a WebDriver session (which starts the app). */
async function start({ prepare, defaultDb = false, extraEnv = {} } = {}) {
  const home = mkdtempSync(join(tmpdir(), "keyline-package-"));
  homes.add(home);
  const data = join(home, "data");
  const paths = {
    home,
    data,
    // With defaultDb the app finds its database where it would for a user: in its own folder.
    db: defaultDb ? join(data, "keyline", "keyline.sqlite3") : join(home, "keyline.sqlite3"),
    keylineHome: join(home, "keyline-home"),
  };
  prepare?.(paths);
  const port = await freePort();
  // Everything the app, WebKit and the CLI write goes under the temporary home.
  const env = {
    ...process.env,
    HOME: home,
    KEYLINE_DB: defaultDb ? "" : paths.db,
    KEYLINE_HOME: paths.keylineHome,
    XDG_DATA_HOME: data,
    XDG_CACHE_HOME: join(home, "cache"),
    XDG_CONFIG_HOME: join(home, "config"),
    ...extraEnv,
  };
  const child = spawn(TAURI_DRIVER, ["--port", String(port), "--native-port", String(await freePort())], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  if (child.pid) running.add(child.pid);
  let spawnError;
  child.on("error", (e) => (spawnError = e));
  const end = async (driver) => {
    await driver?.quit().catch(() => {});
    // WebKitWebDriver can outlive tauri-driver: end the whole process group.
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
    running.delete(child.pid);
    rmSync(home, { recursive: true, force: true });
    homes.delete(home);
  };
  try {
    const until_ = Date.now() + 20_000;
    for (;;) {
      if (spawnError) fail(`cannot start ${TAURI_DRIVER} (run ./dev setup): ${spawnError.message}`);
      if (child.exitCode !== null) fail(`tauri-driver exited with ${child.exitCode}`);
      if (Date.now() > until_) fail(`tauri-driver did not listen on port ${port}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/status`)).ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const started = Date.now();
    const driver = await within(
      60_000,
      `starting ${APP} through tauri-driver`,
      new Builder()
        .usingServer(`http://127.0.0.1:${port}/`)
        .withCapabilities({ browserName: "wry", "tauri:options": { application: APP } })
        .build(),
    );
    return { driver, paths, env, started, child, end: () => end(driver) };
  } catch (e) {
    await end();
    throw e;
  }
}

async function homeScreen(driver) {
  const table = await driver.wait(until.elementLocated(By.css("[data-testid=templates]")), 20_000);
  await driver.wait(until.elementIsVisible(table), 5_000);
  return table;
}

async function check() {
  // 1. The home screen, from a fresh database in the app's own folder, lists exactly what the
  //    installed CLI lists; that folder and the webview's are readable by their owner only.
  let session = await start({ defaultDb: true });
  try {
    const { driver, paths, env } = session;
    await homeScreen(driver);
    const titles = await Promise.all(
      (await driver.findElements(By.css("[data-testid=template-title]"))).map((e) => e.getText()),
    );
    const listed = JSON.parse(
      execFileSync(CLI, ["--db", paths.db, "templates", "list", "--json"], { encoding: "utf8", env }),
    ).map((t) => t.title);
    if (listed.length === 0) fail("the installed CLI lists no templates");
    if (JSON.stringify(titles) !== JSON.stringify(listed)) {
      fail(`the home screen lists ${JSON.stringify(titles)}, the CLI ${JSON.stringify(listed)}`);
    }
    for (const folder of [dirname(paths.db), join(paths.data, "uk.nhs.keyline")]) {
      const mode = statSync(folder).mode & 0o777;
      if (mode !== 0o700) fail(`${folder} has mode ${mode.toString(8)}, not 700`);
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(join(SCREENSHOTS, "installed-home.png"), Buffer.from(await driver.takeScreenshot(), "base64"));
    console.log(`ok: the installed app's home screen lists the ${titles.length} templates the CLI lists`);
    console.log("ok: its database folder and the webview's are readable by their owner only (700)");
  } finally {
    await session.end();
  }

  // 2. A database that cannot be opened (here a folder where the file should be) is explained
  //    in the window, not only on standard error. WebKitWebDriver gets no answer from that
  //    window when WebKit draws in shared memory (the app's default on Linux), though the window
  //    draws (3. below): this session uses the DMA-BUF renderer to read the words.
  session = await start({
    prepare: ({ db }) => mkdirSync(db),
    extraEnv: { WEBKIT_DISABLE_DMABUF_RENDERER: "0" },
  });
  try {
    const { driver, paths } = session;
    const heading = await driver.wait(until.elementLocated(By.css("h1")), 20_000);
    const title = await heading.getText();
    const problem = await driver.findElement(By.css("[data-testid=startup-problem]")).getText();
    if (title !== "Keyline cannot open its database") fail(`the window's heading is ${JSON.stringify(title)}`);
    if (!problem.includes(paths.db) || !problem.includes("is a folder")) {
      fail(`the window says ${JSON.stringify(problem)}`);
    }
    writeFileSync(
      join(SCREENSHOTS, "installed-startup-problem.png"),
      Buffer.from(await driver.takeScreenshot(), "base64"),
    );
    console.log(`ok: an unusable database is explained in the window: ${problem}`);
  } finally {
    await session.end();
  }

  // 3. The same window as a user starts it (no WebDriver, the app's own renderer setting)
  //    draws its words: the screen, captured, holds the antialiased text of a page, not a
  //    blank window.
  await problemWindowDraws();
}

/** Starts the installed app on this display with a folder for its database and captures the
 * screen until the problem window's page is drawn (many colours: text), or fails. */
async function problemWindowDraws() {
  const home = mkdtempSync(join(tmpdir(), "keyline-package-"));
  homes.add(home);
  const db = join(home, "keyline.sqlite3");
  mkdirSync(db);
  const env = { ...process.env, HOME: home, KEYLINE_DB: db, XDG_DATA_HOME: join(home, "data") };
  delete env.WEBKIT_DISABLE_DMABUF_RENDERER;
  const shot = join(home, "screen.png");
  const screenColours = () => {
    execFileSync("import", ["-window", "root", shot], { stdio: "ignore" });
    return Number(execFileSync("identify", ["-format", "%k", shot], { encoding: "utf8" }));
  };
  // First an empty screen (the windows of the sessions before have gone), so what is seen
  // next is this app's.
  for (const until_ = Date.now() + 10_000; screenColours() > 2; ) {
    if (Date.now() > until_) fail("the screen still shows an earlier window");
    await new Promise((r) => setTimeout(r, 250));
  }
  const app = spawn(APP, [], { env, stdio: ["ignore", "ignore", "ignore"], detached: true });
  running.add(app.pid);
  try {
    let colours = 0;
    for (const until_ = Date.now() + 30_000; Date.now() < until_; ) {
      await new Promise((r) => setTimeout(r, 500));
      if (app.exitCode !== null) fail(`the app ended (${app.exitCode}) instead of showing the problem`);
      colours = screenColours();
      if (colours > 50) break;
    }
    if (colours <= 50) fail(`the problem window drew nothing readable (${colours} colours on the screen)`);
    console.log(`ok: started as a user starts it, the problem window draws its page (${colours} colours)`);
  } finally {
    try {
      process.kill(-app.pid, "SIGTERM");
    } catch {
      // already gone
    }
    running.delete(app.pid);
    rmSync(home, { recursive: true, force: true });
    homes.delete(home);
  }
}

/**
 * Start-up time as a user sees it: from asking WebDriver for a session (which starts the app
 * process) to the home screen's templates table visible, and inside the page, when WebKit
 * started loading it and when it first painted.
 */
async function time(runs) {
  const rows = [];
  for (let i = 0; i < runs; i++) {
    const session = await start();
    try {
      const { driver, started } = session;
      await homeScreen(driver);
      const visible = Date.now();
      const page = await driver.executeScript(`
        const paint = performance.getEntriesByName("first-contentful-paint")[0];
        return { navigationStart: performance.timeOrigin, firstPaint: paint ? paint.startTime : null };`);
      rows.push({
        toHomeScreen: visible - started,
        toPageLoad: Math.round(page.navigationStart - started),
        firstPaintInPage: page.firstPaint === null ? null : Math.round(page.firstPaint),
      });
      console.log(`run ${i + 1}: ${JSON.stringify(rows.at(-1))}`);
    } finally {
      await session.end();
    }
  }
  const median = (xs) => {
    const s = xs.filter((x) => x !== null).sort((a, b) => a - b);
    return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
  };
  const summary = Object.fromEntries(Object.keys(rows[0]).map((k) => [k, median(rows.map((r) => r[k]))]));
  console.log(`median of ${runs} (ms): ${JSON.stringify(summary)}`);
}

/** The processes started under `pid` (itself included), from /proc. */
function processTree(pid) {
  const parents = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name is in brackets and may hold spaces: the parent comes after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // ended meanwhile
    }
  }
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [p, parent] of parents) {
      if (!tree.has(p) && tree.has(parent)) {
        tree.add(p);
        grew = true;
      }
    }
  }
  return [...tree];
}

/** A process's name, resident set and proportional set (shared pages divided among their
 * users, so the sum over processes counts each page once), in KiB. */
function memoryOf(pid) {
  const name = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  const field = (key) => Number(rollup.match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m"))?.[1] ?? 0);
  return { pid, name, rss: field("Rss"), pss: field("Pss") };
}

/** Prints the memory of the app's processes under `driverPid`: the app (started by
 * WebKitWebDriver, under tauri-driver) and what it started; the drivers are left out. */
function printMemory(driverPid, when) {
  const processes = processTree(driverPid)
    .map((pid) => {
      try {
        return memoryOf(pid);
      } catch {
        return null;
      }
    })
    .filter((p) => p && !/^(tauri-driver|WebKitWebDriver|node)$/.test(p.name));
  const mb = (kib) => (kib / 1024).toFixed(1);
  const sum = (key) => processes.reduce((total, p) => total + p[key], 0);
  console.log(`memory of the app's processes together, ${when}: PSS ${mb(sum("pss"))} MB (RSS summed ${mb(sum("rss"))} MB)`);
  for (const p of processes) console.log(`  ${p.name} (${p.pid}): RSS ${mb(p.rss)} MB, PSS ${mb(p.pss)} MB`);
}

/**
 * Opening a fully answered 34-statement inspection (a note on every answer, 10 actions) in the
 * app as it is installed, on its WebKit: from the click on the home screen's row to the first
 * frame with the item and every section's score, timed inside the page; the page is reloaded at
 * the home screen before each run. Then the memory of the app's processes together (the app,
 * WebKit's web and network processes), with that inspection open.
 */
async function open(runs) {
  const session = await start({
    prepare: ({ db, home }) => {
      const env = { ...process.env, HOME: home, KEYLINE_HOME: join(home, "keyline-home") };
      const k = (...args) =>
        execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8", env, stdio: ["ignore", "pipe", "pipe"] }).trim();
      const id = k("inspections", "new", "--template", "cqc-saf-mh-ward", "--service", "Ward 7");
      const template = JSON.parse(k("templates", "show", "cqc-saf-mh-ward", "--json"));
      let n = 0;
      for (const section of template.sections) {
        for (const item of section.items) {
          n += 1;
          const note = `Seen on the ward round: observation ${n}, with the records checked against the care plan.`;
          k("answer", id, item.id, String(1 + (n % 4)), "--note", note);
        }
      }
      if (n !== 34) fail(`the single assessment framework has ${n} statements, not 34`);
      for (let i = 0; i < 10; i++) k("action", "add", id, "--title", `Action ${i + 1}`, "--owner", "Ward manager");
    },
  });
  try {
    const { driver, child } = session;
    const times = [];
    for (let run = 0; run < runs; run++) {
      await driver.executeScript(`localStorage.setItem("keyline.route", '{"name":"home"}'); location.reload();`);
      await driver.wait(until.elementLocated(By.css("[data-testid=inspection-row] a")), 20_000);
      const elapsed = await driver.executeAsyncScript(`
        const done = arguments[arguments.length - 1];
        const link = document.querySelector("[data-testid=inspection-row] a");
        const start = performance.now();
        link.click();
        const poll = () => {
          const ready = document.querySelector("[data-testid=item-title]") &&
            document.querySelectorAll("[data-testid=section-score]").length === 5;
          if (ready) done(performance.now() - start);
          else requestAnimationFrame(poll);
        };
        poll();`);
      const items = (await driver.findElements(By.css(".kl-item-list li"))).length;
      if (items !== 34) fail(`the opened inspection lists ${items} items, not 34`);
      times.push(elapsed);
      if (run === 0) {
        await new Promise((r) => setTimeout(r, 1000));
        printMemory(child.pid, "after the first opening");
      }
    }
    times.sort((a, b) => a - b);
    const at = (q) => times[Math.min(times.length - 1, Math.floor(times.length * q))];
    const ms = (t) => t.toFixed(1);
    console.log(
      `open inspection in the app (34 statements answered, notes, 10 actions; ${runs} runs): ` +
        `median ${ms(at(0.5))} ms, p95 ${ms(at(0.95))} ms, max ${ms(times.at(-1))} ms`,
    );
    printMemory(child.pid, `after ${runs} openings, each after a reload`);
  } finally {
    await session.end();
  }
}

const [mode = "check", runs] = process.argv.slice(2);
try {
  if (mode === "check") await check();
  else if (mode === "time") await time(Number(runs ?? 7));
  else if (mode === "open") await open(Number(runs ?? 30));
  else fail(`usage: node tests/package/app.mjs check | time [RUNS] | open [RUNS]`);
} catch (e) {
  console.error(`package test: ${e.message}`);
  process.exit(1);
}
