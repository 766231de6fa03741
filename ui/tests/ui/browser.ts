// Serves the built ui/dist on 127.0.0.1 and opens it in headless Chromium with the backend
// replaced by the mocked-IPC harness (ui/test-dist/mock-ipc.js, built from mock/harness.ts).
// Playwright gives each launch a fresh, empty profile; each page gets its own context.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { preview, type PreviewServer } from "vite";

const UI = resolve(import.meta.dirname, "../..");
const HARNESS = join(UI, "test-dist/mock-ipc.js");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export type MockHandlers = Record<string, (args: Record<string, unknown>) => unknown>;

export interface Harness {
  url: string;
  browser: Browser;
  close: () => Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  if (!existsSync(join(UI, "dist/index.html")) || !existsSync(HARNESS)) {
    throw new Error("build the UI first: (cd ui && npm run build)");
  }
  const server: PreviewServer = await preview({
    root: UI,
    logLevel: "silent",
    preview: { host: "127.0.0.1", port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address();
  if (typeof address !== "object" || !address) throw new Error("preview server has no address");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    url: `http://127.0.0.1:${address.port}/`,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Opens the app with `handlers` answering IPC. Handlers run in the page, so they must not
 * close over test variables: pass data through `data`, available to them as `window.__DATA__`.
 */
export async function openApp(h: Harness, handlers: string, data: unknown = null): Promise<Page> {
  const context = await h.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(`window.__DATA__ = ${JSON.stringify(data)};`);
  await page.addInitScript(`window.__KEYLINE_MOCK__ = ${handlers};`);
  await page.addInitScript({ path: HARNESS });
  await page.goto(h.url);
  return page;
}
