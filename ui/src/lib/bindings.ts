// Generated from the Rust types in crates/keyline-app (dto.rs, error.rs).
// Do not edit: run `make bindings` after changing them.

export type ErrorCode = "notFound" | "invalidInput" | "invalidTemplate" | "conflict" | "locked" | "busy" | "diskFull" | "notADatabase" | "databaseTooNew" | "database" | "io" | "internal";

export type AppError = { code: ErrorCode, message: string, };

export type TemplateSummary = { id: string, version: string, title: string, description: string, 
/**
 * Shipped with Keyline (as opposed to imported by a user).
 */
shipped: boolean, importedAt: string, };
