// Mocked IPC for the browser UI tests: the real `mockIPC` from @tauri-apps/api replaces the
// backend, answering each command from `window.__KEYLINE_MOCK__`, which a test sets up with
// `page.addInitScript`. A handler that throws `{ code, message }` simulates a backend error.
import { mockIPC } from "@tauri-apps/api/mocks";

type Handler = (args: Record<string, unknown>) => unknown;
declare global {
  interface Window {
    __KEYLINE_MOCK__?: Record<string, Handler>;
    __KEYLINE_CALLS__?: { cmd: string; args: unknown }[];
  }
}

window.__KEYLINE_CALLS__ = [];
mockIPC(async (cmd, args) => {
  window.__KEYLINE_CALLS__?.push({ cmd, args });
  const handler = window.__KEYLINE_MOCK__?.[cmd];
  if (!handler) throw { code: "internal", message: `no mock for command ${cmd}` };
  return handler((args ?? {}) as Record<string, unknown>);
});
