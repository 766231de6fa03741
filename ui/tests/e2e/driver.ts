// Starts tauri-driver (which drives WebKitWebDriver, which drives the real app binary) on a
// free port, with the app pointed at a database of the test's own, and ends it afterwards.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Builder, type WebDriver } from "selenium-webdriver";

export const ROOT = resolve(import.meta.dirname, "../../..");
export const APP = process.env.KEYLINE_APP ?? join(ROOT, "target/debug/keyline-desktop");
export const CLI = process.env.KEYLINE_CLI ?? join(ROOT, "target/debug/keyline");
const TAURI_DRIVER = process.env.TAURI_DRIVER ?? "tauri-driver";

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? ok(address.port) : fail()));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 20_000) {
  let spawnError: Error | undefined;
  child.on("error", (e) => (spawnError = e));
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (spawnError) throw new Error(`cannot start ${TAURI_DRIVER} (run ./dev setup): ${spawnError.message}`);
    if (child.exitCode !== null) throw new Error(`tauri-driver exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not listen on port ${port}`);
}

export interface Session {
  driver: WebDriver;
  db: string;
  /** The Keyline folder (signing identity, trusted list) the app uses: empty at the start. */
  keylineHome: string;
  end: () => Promise<void>;
}

export interface StartOptions {
  /** Fills the database (with the CLI) before the app opens it. */
  prepare?: (paths: { db: string; keylineHome: string; home: string }) => void;
}

export async function startApp(options: StartOptions = {}): Promise<Session> {
  const home = mkdtempSync(join(tmpdir(), "keyline-e2e-"));
  const db = join(home, "keyline.sqlite3");
  const keylineHome = join(home, "keyline-home");
  options.prepare?.({ db, keylineHome, home });
  const port = await freePort();
  const nativePort = await freePort();
  const child = spawn(TAURI_DRIVER, ["--port", String(port), "--native-port", String(nativePort)], {
    // A data folder of its own, so the webview's storage (the remembered screen) starts empty.
    // Its own Keyline folder too, so it starts with no signing identity.
    env: { ...process.env, KEYLINE_DB: db, KEYLINE_HOME: keylineHome, XDG_DATA_HOME: home, XDG_CACHE_HOME: home },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  await waitForPort(port, child);
  const driver = await new Builder()
    .usingServer(`http://127.0.0.1:${port}/`)
    .withCapabilities({ browserName: "wry", "tauri:options": { application: APP } })
    .build();
  return {
    driver,
    db,
    keylineHome,
    end: async () => {
      await driver.quit().catch(() => {});
      // WebKitWebDriver can outlive tauri-driver: end the whole process group.
      if (child.pid) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
    },
  };
}
