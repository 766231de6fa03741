// The one place the UI talks to the backend. Every call goes through `call`, so every
// failure reaches the screens as an AppError `{ code, message }` with a message for people.
import { invoke } from "@tauri-apps/api/core";
import type { AppError, ErrorCode, TemplateSummary } from "./bindings";

const CODES: readonly ErrorCode[] = [
  "notFound",
  "invalidInput",
  "invalidTemplate",
  "conflict",
  "locked",
  "busy",
  "diskFull",
  "notADatabase",
  "databaseTooNew",
  "database",
  "io",
  "internal",
];

/** Turns whatever a failed invoke threw into an AppError. */
export function toAppError(e: unknown): AppError {
  if (typeof e === "object" && e !== null) {
    const { code, message } = e as Record<string, unknown>;
    if (typeof message === "string" && CODES.includes(code as ErrorCode)) {
      return { code: code as ErrorCode, message };
    }
    if (e instanceof Error) return { code: "internal", message: e.message };
  }
  if (typeof e === "string" && e.length > 0) return { code: "internal", message: e };
  return { code: "internal", message: "Something went wrong in Keyline; please try again." };
}

export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toAppError(e);
  }
}

export const api = {
  listTemplates: () => call<TemplateSummary[]>("list_templates"),
};
