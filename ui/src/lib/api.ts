// The one place the UI talks to the backend. Every call goes through `call`, so every
// failure reaches the screens as an AppError `{ code, message }` with a message for people.
import { invoke } from "@tauri-apps/api/core";
import type {
  Action,
  ActionChange,
  Answer,
  AuditCheck,
  Board,
  BoardFilter,
  BoardFormat,
  BundleReport,
  ExportedBoard,
  ImportReport,
  SettingsView,
  Signer,
  SyncReport,
  ExportedReport,
  Evidence,
  NewAction,
  SignOff,
  AppError,
  Comparison,
  ErrorCode,
  InspectionSummary,
  InspectionView,
  Moderation,
  NewInspection,
  PrioritySuggestion,
  Progress,
  ScoreResult,
  TemplateSummary,
  Template,
  TemplateLibrary,
  TemplateDraft,
  DraftSaved,
  Change,
  Response,
} from "./bindings";

/** Every error code the backend sends; keyed by the generated type, so the compiler says
 * when a code is missing here or no longer exists. */
const CODES: Record<ErrorCode, true> = {
  notFound: true,
  invalidInput: true,
  invalidTemplate: true,
  conflict: true,
  locked: true,
  busy: true,
  diskFull: true,
  notADatabase: true,
  databaseTooNew: true,
  database: true,
  io: true,
  noIdentity: true,
  internal: true,
};

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && Object.hasOwn(CODES, code);
}

/** Turns whatever a failed invoke threw into an AppError. */
export function toAppError(e: unknown): AppError {
  if (typeof e === "object" && e !== null) {
    const { code, message } = e as Record<string, unknown>;
    if (typeof message === "string" && isErrorCode(code)) {
      return { code, message };
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
  importTemplate: (fileName: string, content: string) =>
    call<TemplateSummary>("import_template", { fileName, content }),
  /** Every template version (archived or not, with its inspections) and every draft. */
  templateLibrary: () => call<TemplateLibrary>("template_library"),
  /** A new draft: a copy of `from`, or a new template from the core's starter. */
  newTemplateDraft: (from: { id: string; version: string } | null) =>
    call<TemplateDraft>("new_template_draft", { templateId: from?.id ?? null, version: from?.version ?? null }),
  templateDraft: (id: number) => call<TemplateDraft>("template_draft", { id }),
  /** Saves the draft as typed; the core's problems come back, each with a path and place. */
  saveTemplateDraft: (id: number, content: Template) =>
    call<DraftSaved>("save_template_draft", { id, content: JSON.stringify(content) }),
  /** What an inspector would see of the draft under these answers; nothing is stored. */
  previewTemplateDraft: (content: Template, responses: Response[]) =>
    call<Progress>("preview_template_draft", { content: JSON.stringify(content), responses }),
  publishTemplateDraft: (id: number, version: string) =>
    call<TemplateSummary>("publish_template_draft", { id, version }),
  deleteTemplateDraft: (id: number) => call<null>("delete_template_draft", { id }),
  /** Hides a version from New inspection (or shows it again). */
  archiveTemplate: (templateId: string, version: string, archived: boolean) =>
    call<TemplateSummary>("archive_template", { templateId, version, archived }),
  compareTemplateVersions: (templateId: string, from: string, to: string) =>
    call<Change[]>("compare_template_versions", { templateId, from, to }),
  /** What a draft changes from the version it was copied from. */
  compareTemplateDraft: (id: number) => call<Change[]>("compare_template_draft", { id }),
  /** Writes a version as .xlsx at a path from the save dialog; returns the path written. */
  exportTemplateSheet: (templateId: string, version: string, path: string) =>
    call<string>("export_template_sheet", { templateId, version, path }),
  /** Reads an .xlsx or .csv (from the open dialog) into a new draft. */
  importTemplateSheet: (path: string) => call<TemplateDraft>("import_template_sheet", { path }),
  listInspections: () => call<InspectionSummary[]>("list_inspections"),
  createInspection: (inspection: NewInspection) =>
    call<InspectionSummary>("create_inspection", { new: inspection }),
  openInspection: (id: number) => call<InspectionView>("open_inspection", { id }),
  answer: (id: number, itemId: string, answer: Answer) =>
    call<Progress>("answer", { id, itemId, answer }),
  clearAnswer: (id: number, itemId: string) => call<Progress>("clear_answer", { id, itemId }),
  saveNote: (id: number, itemId: string, text: string) =>
    call<Progress>("save_note", { id, itemId, text }),
  setOverride: (id: number, sectionId: string, moderation: Moderation | null) =>
    call<ScoreResult>("set_override", { id, sectionId, moderation }),
  compare: (a: number, b: number) => call<Comparison>("compare_inspections", { a, b }),
  /** Sends the file's bytes as they are (no JSON), with what they belong to in headers. */
  addEvidence: async (id: number, itemId: string, file: File) => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    try {
      return await invoke<Evidence>("add_evidence", bytes, {
        headers: {
          "x-inspection": String(id),
          "x-item": encodeURIComponent(itemId),
          "x-file-name": encodeURIComponent(file.name),
        },
      });
    } catch (e) {
      throw toAppError(e);
    }
  },
  listActions: (inspectionId?: number) => call<Action[]>("list_actions", { inspectionId: inspectionId ?? null }),
  addAction: (action: NewAction) => call<Action>("add_action", { action }),
  /** Must do or should do for an action raised against an item now, with the reason. */
  suggestPriority: (inspectionId: number, itemId: string) =>
    call<PrioritySuggestion>("suggest_priority", { inspectionId, itemId }),
  updateAction: (id: number, change: ActionChange) => call<Action>("update_action", { id, change }),
  /** Refused once the inspection is signed off. */
  deleteAction: (id: number) => call<Action>("delete_action", { id }),
  /** Refused once the inspection is signed off. */
  removeEvidence: (id: number) => call<Evidence>("remove_evidence", { id }),
  /** Refused once the inspection is signed off; the audit trail records it. */
  deleteInspection: (id: number) => call<InspectionSummary>("delete_inspection", { id }),
  signOff: (id: number, inspector: string, reviewer: string) =>
    call<SignOff>("sign_off", { id, inspector, reviewer }),
  amend: (id: number) => call<InspectionSummary>("amend_inspection", { id }),
  verifyAudit: (id: number | null) => call<AuditCheck>("verify_audit", { id }),
  exportPdf: (id: number, path: string) => call<ExportedReport>("export_pdf", { id, path }),
  /** Opens a report exported in this session (or, with `reveal`, shows it in its folder). */
  openExported: (path: string, reveal: boolean) => call<null>("open_exported", { path, reveal }),
  /** A photo's bytes, for its thumbnail. */
  evidenceImage: (id: number) => call<ArrayBuffer>("evidence_image", { id }),
  /** Opens an evidence file in the program the system uses for its type. */
  openEvidence: (id: number) => call<null>("open_evidence", { id }),
  settings: () => call<SettingsView>("settings"),
  createIdentity: (name: string, organisation: string) =>
    call<Signer>("create_identity", { name, organisation }),
  /** `path`: a certificate (.pem) or a signed report PDF, from the open dialog. */
  trustCertificate: (path: string) => call<Signer>("trust_certificate", { path }),
  untrust: (fingerprint: string) => call<Signer>("untrust", { fingerprint }),
  /** `path`: a .keyline bundle or a signed report PDF, from the open dialog or a drop. */
  importRecords: (path: string) => call<ImportReport>("import_records", { path }),
  exportBundle: (ids: number[], path: string) => call<BundleReport>("export_bundle", { ids, path }),
  setSyncFolder: (path: string | null) => call<null>("set_sync_folder", { path }),
  syncNow: () => call<SyncReport>("sync_now"),
  /** The governance board for `filter` (today's date is the backend's). */
  board: (filter: BoardFilter) => call<Board>("board", { filter }),
  /** `path`: for `csv` a folder (from the open dialog), for `xlsx` a file (from the save dialog). */
  exportBoard: (filter: BoardFilter, format: BoardFormat, path: string) =>
    call<ExportedBoard>("export_board", { filter, format, path }),
  /** The board pack, a PDF; `path` from the save dialog. */
  exportBoardPack: (filter: BoardFilter, path: string) => call<ExportedReport>("export_board_pack", { filter, path }),
};
