// Mocked IPC for the browser UI tests: the real `mockIPC` from @tauri-apps/api replaces the
// backend, answering each command from `window.__KEYLINE_MOCK__`, which a test sets up with
// `page.addInitScript`. A handler that throws `{ code, message }` simulates a backend error.
// Events (such as Tauri's file drag-and-drop) are mocked too: a test fires one with
// `plugin:event|emit`, as the desktop app would deliver it to the window "main".
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";

type Handler = (args: Record<string, unknown>) => unknown;
declare global {
  interface Window {
    __KEYLINE_MOCK__?: Record<string, Handler>;
    __KEYLINE_CALLS__?: { cmd: string; args: unknown }[];
  }
}

window.__KEYLINE_CALLS__ = [];
mockWindows("main");
mockIPC(async (cmd, args) => {
  window.__KEYLINE_CALLS__?.push({ cmd, args });
  const handler = window.__KEYLINE_MOCK__?.[cmd];
  if (!handler) throw { code: "internal", message: `no mock for command ${cmd}` };
  return handler((args ?? {}) as Record<string, unknown>);
}, { shouldMockEvents: true });
