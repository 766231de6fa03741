// Generated from the Rust types in crates/keyline-app and crates/keyline-core.
// Do not edit: run `./dev bindings` after changing them.

export type ErrorCode = "notFound" | "invalidInput" | "invalidTemplate" | "conflict" | "locked" | "busy" | "diskFull" | "notADatabase" | "databaseTooNew" | "database" | "io" | "noIdentity" | "internal";

export type AppError = { code: ErrorCode, message: string, };

export type TemplateSummary = { id: string, version: string, title: string, description: string, 
/**
 * Shipped with Keyline (as opposed to imported by a user).
 */
shipped: boolean, importedAt: string, 
/**
 * Hidden from New inspection (kept for the inspections that follow it).
 */
archived: boolean, 
/**
 * How many inspections follow this version.
 */
inspections: number, };

export type TemplateProblem = { 
/**
 * JSON path, e.g. `$.sections[2].items[4].response.scale` (or a spreadsheet cell, e.g.
 * `Items!F7`): the exact field, for the editor to show the problem beside it.
 */
path: string, 
/**
 * Where, in words counted from one: "Section 2 “Effective”, item 3 “Staffing”, weight".
 */
place: string, message: string, };

export type VersionRef = { id: string, version: string, };

export type TemplateDraftSummary = { id: number, templateId: string, title: string, 
/**
 * The version it was copied from, if any.
 */
basedOn: VersionRef | null, updatedAt: string, 
/**
 * How many problems the core finds in it now (0: ready to publish).
 */
problems: number, };

export type TemplateLibrary = { templates: Array<TemplateSummary>, drafts: Array<TemplateDraftSummary>, };

export type TemplateDraft = { id: number, basedOn: VersionRef | null, 
/**
 * The draft in the template format (it may not be valid yet).
 */
content: Template, 
/**
 * Everything the core finds wrong with it, each with its JSON path and place in words.
 */
problems: Array<TemplateProblem>, 
/**
 * The version it would be published as.
 */
suggestedVersion: string, updatedAt: string, };

export type DraftSaved = { problems: Array<TemplateProblem>, suggestedVersion: string, updatedAt: string, };

export type InspectionKind = "mock" | "self-assessment" | "peer-review";

export type InspectionStatus = "in-progress" | "signed-off";

export type NewInspection = { templateId: string, 
/**
 * The newest version when not given.
 */
templateVersion?: string, 
/**
 * The ward or team inspected.
 */
service: string, site: string, trust: string, kind: InspectionKind, 
/**
 * `YYYY-MM-DD`; today when not given.
 */
date?: string, 
/**
 * The inspection team, as written.
 */
team: string, };

export type InspectionSummary = { 
/**
 * The local number, a convenience of this database.
 */
id: number, 
/**
 * The globally unique id (a UUID v7), the same wherever the record goes.
 */
uid: string, templateId: string, templateVersion: string, templateTitle: string, service: string, site: string, trust: string, kind: InspectionKind, date: string, team: string, createdAt: string, updatedAt: string, status: InspectionStatus, 
/**
 * The signed-off inspection this one corrects.
 */
amends: number | null, 
/**
 * Items that must be answered and are.
 */
answered: number, 
/**
 * Items that must be answered.
 */
total: number, complete: boolean, 
/**
 * Overall rating id so far, if any section is rated.
 */
rating: string | null, ratingLabel: string | null, 
/**
 * Who signed its record and where it came from; `None` until signed off (and for
 * sign-offs of Keyline 0.1, which were not signed).
 */
signedRecord: RecordOrigin | null, };

export type Moderation = { rating: string, justification: string, };

export type Note = { itemId: string, text: string, updatedAt: string, };

export type InspectionView = { inspection: InspectionSummary, template: Template, responses: Array<Response>, notes: Array<Note>, overrides: Array<Override>, evidence: Array<Evidence>, actions: Array<Action>, signOff: SignOff | null, 
/**
 * What the template's logic makes of each item (visible, rolled up, the notes and
 * evidence its answer requires, the suggested action), every item in template order.
 */
itemStates: Array<ItemState>, 
/**
 * Notes and evidence the template's logic asks for that are still missing.
 */
unmet: Array<Requirement>, score: ScoreResult, 
/**
 * Sections whose moderation may be out of date: answers changed after it was made.
 */
staleModerations: Array<string>, };

export type Progress = { score: ScoreResult, itemStates: Array<ItemState>, unmet: Array<Requirement>, 
/**
 * Sections whose moderation may be out of date: answers changed after it was made.
 */
staleModerations: Array<string>, };

export type Requirement = { itemId: string, need: RequirementKind, };

export type Evidence = { id: number, inspectionId: number, itemId: string, fileName: string, mediaType: string, size: number, sha256: string, addedAt: string, };

export type ActionStatus = "not-started" | "in-progress" | "completed";

export type NewAction = { inspectionId: number, itemId?: string, title: string, owner: string, 
/**
 * `YYYY-MM-DD`.
 */
dueDate?: string, 
/**
 * Must do (a breach of a regulation) or should do; none when not said.
 */
priority?: Priority, 
/**
 * The regulations a must do breaches (`12`, `20A`); when a must do gives none, the
 * item's own regulations are used.
 */
regulations: Array<string>, };

export type ActionChange = { status?: ActionStatus, 
/**
 * A new title (not empty).
 */
title?: string, owner?: string, 
/**
 * `null` clears the due date.
 */
dueDate?: string | null, 
/**
 * `null` clears the priority. Refused once the inspection is signed off.
 */
priority?: Priority | null, 
/**
 * Replaces the regulations the action cites.
 */
regulations?: Array<string>, };

export type StatusChange = { from: ActionStatus | null, to: ActionStatus, by: string, at: string, };

export type Action = { id: number, inspectionId: number, 
/**
 * The inspected service the action came from.
 */
service: string, 
/**
 * The inspection it came from, as people know it: kind, date and team.
 */
inspectionKind: InspectionKind, 
/**
 * `YYYY-MM-DD`.
 */
inspectionDate: string, team: string, 
/**
 * The inspection is signed off: the action is part of its record and cannot be
 * deleted (its status, owner, title and due date still change as follow-up goes on).
 */
inspectionSignedOff: boolean, 
/**
 * The item's id (a detail for template authors) and its title (what people read).
 */
itemId: string | null, itemTitle: string | null, title: string, owner: string, dueDate: string | null, status: ActionStatus, createdAt: string, updatedAt: string, 
/**
 * Every status change, oldest first.
 */
history: Array<StatusChange>, 
/**
 * When it was last marked completed (RFC 3339), while it is completed.
 */
completedAt: string | null, priority: Priority | null, 
/**
 * The regulations cited, as people read them: "Regulation 12: Safe care and treatment".
 */
regulations: Array<RegulationRef>, };

export type RegulationRef = { 
/**
 * `12`, `20A`.
 */
number: string, 
/**
 * "Regulation 12: Safe care and treatment", or "Regulation 12" when the template does
 * not give its title.
 */
label: string, };

export type SignOff = { inspector: string, reviewer: string, signedAt: string, 
/**
 * SHA-256 of the signed-off record.
 */
fingerprint: string, };

export type AuditCheck = { intact: boolean, entriesChecked: number, 
/**
 * Where the chain breaks, and data that differs from the trail; empty when intact.
 */
problems: Array<string>, };

export type AuditEntry = { seq: number, entity: string, key: string, field: string, old: string | null, new: string | null, actor: string, at: string, hash: string, };

export type RestoreReport = { schemaVersion: number, inspections: number, templates: number, };

export type ExportedReport = { reportId: string, signedOff: boolean, };

export type BoardFormat = "csv" | "xlsx";

export type ExportedBoard = { 
/**
 * The workbook, or the folder of CSV files.
 */
path: string, 
/**
 * The files written (one for a workbook).
 */
files: Array<string>, 
/**
 * Tables (sheets or CSV files) and their rows, in all.
 */
tables: number, rows: number, };

export type RecordOrigin = { inspectionId: number, uid: string, service: string, signerName: string, signerOrganisation: string, signerFingerprint: string, 
/**
 * Imported from another database (else signed off here).
 */
imported: boolean, 
/**
 * The file it was imported from.
 */
importedFrom: string | null, trust: Trust, };

export type Trust = "yours" | "trusted" | "unknown";

export type Outcome = "verified" | "unknown-signer" | "draft" | "unsigned" | "appended" | "pages-changed" | "page-changed" | "record-swapped" | "signature-swapped" | "altered" | "not-from-record" | "database-differs";

export type SignerView = { name: string, organisation: string, fingerprint: string, trust: Trust, };

export type ReportCheck = { 
/**
 * Signed, intact, drawn from its record, by a trusted signer, and (where the database
 * holding the record is at hand) the same as that record.
 */
matches: boolean, outcome: Outcome, 
/**
 * The record's global id.
 */
recordId: string | null, 
/**
 * The inspection's local number, where this database holds it.
 */
inspectionId: number | null, service: string | null, fingerprint: string | null, signedAt: string | null, signer: SignerView | null, 
/**
 * One sentence: the verdict.
 */
message: string, 
/**
 * Each check made, in order.
 */
details: Array<string>, };

export type ImportReport = { 
/**
 * Records new to this database, in the order imported.
 */
imported: Array<RecordOrigin>, 
/**
 * Records that were here already, byte for byte.
 */
alreadyHere: number, 
/**
 * Template versions added (`id version`).
 */
templatesAdded: Array<string>, };

export type BundleReport = { records: number, reports: number, templates: number, evidence: number, bytes: number, };

export type SyncReport = { 
/**
 * Records of this database written to the folder.
 */
written: number, 
/**
 * Records from the folder new to this database.
 */
imported: number, 
/**
 * Files in the folder whose records were here already.
 */
alreadyHere: number, 
/**
 * Files refused, with why (nothing of them was imported).
 */
refused: Array<string>, 
/**
 * When the sync ended (RFC 3339).
 */
at: string, };

export type SettingsView = { 
/**
 * This user's signing identity, if made.
 */
identity: Signer | null, trusted: Array<Signer>, 
/**
 * Where this user's key and trusted list are kept.
 */
home: string, syncFolder: string | null, lastSync: string | null, };

export type Signer = { name: string, organisation: string, fingerprint: string, };

export type Template = { 
/**
 * The JSON Schema the file follows (for editors); ignored by Keyline.
 */
$schema?: string | null, 
/**
 * Stable identifier, lower-case letters, digits, hyphens and dots, e.g. `cqc-saf-mh-ward`.
 */
id: string, 
/**
 * Dotted numeric version, e.g. `1.0` or `2024.2`. A changed template gets a new version.
 */
version: string, 
/**
 * The name people see when choosing a template.
 */
title: string, 
/**
 * What the template covers and how it scores, in plain words.
 */
description: string, 
/**
 * Where the framework comes from (publication, date), in plain words.
 */
source: string, 
/**
 * The publications the framework as a whole rests on.
 */
sources?: Array<Source>, 
/**
 * The regulations items may cite (by number), with their titles as reports print them.
 */
regulations?: Array<Regulation>, 
/**
 * Named response scales that items refer to by id.
 */
scales: Array<Scale>, 
/**
 * The ratings, best first (e.g. Outstanding, Good, Requires improvement, Inadequate).
 */
ratings: Array<Rating>, 
/**
 * How a section percentage becomes a rating.
 */
banding: Banding, 
/**
 * How an item with sub-items gets its score, unless the item says otherwise.
 */
rollUp: RollUp, 
/**
 * Rating caps applied to a section when one of its critical items fails.
 */
caps?: Caps | null, 
/**
 * Ordered rules turning section ratings into the overall rating.
 */
overall: OverallRules, 
/**
 * Sections (key questions), in the order they are inspected.
 */
sections: Array<Section>, };

export type Source = { 
/**
 * The publication (publisher, title, date), or what Keyline's own choice is.
 */
title: string, 
/**
 * Where to read it: an `https://` address. Required unless `own` is true.
 */
url?: string | null, 
/**
 * The fact is Keyline's own, not a regulator's or a guideline's.
 */
own?: boolean, };

export type Regulation = { 
/**
 * The regulation's number, 9 to 20A.
 */
number: string, 
/**
 * Its title, e.g. "Safe care and treatment".
 */
title: string, sources?: Array<Source>, };

export type Scale = { 
/**
 * Unique among the scales; items name it in `response.scale`.
 */
id: string, title: string, 
/**
 * Levels from lowest to highest score.
 */
levels: Array<ScaleLevel>, };

export type ScaleLevel = { 
/**
 * The score this level earns (also what an inspector types to choose it).
 */
value: number, label: string, };

export type Rating = { 
/**
 * Unique among the ratings; bands, caps and rules name it.
 */
id: string, 
/**
 * As printed, e.g. "Requires improvement".
 */
label: string, 
/**
 * Display colour as `#rrggbb`.
 */
colour: string, };

export type Banding = { rounding: Rounding, 
/**
 * Bands that together cover 0–100 with no gap or overlap at the rounding's precision.
 */
bands: Array<Band>, 
/**
 * While a section has unanswered items its rating is provisional: shown, over the
 * answered items only, once this share (more than 0, at most 1) of its items that must
 * be answered are answered. Without it, once every mandatory item is answered.
 */
provisionalMinimum?: number | null, 
/**
 * Where the bands and the rounding come from.
 */
sources?: Array<Source>, };

export type Rounding = { 
/**
 * Decimal places the percentage is rounded to before banding (0 = whole numbers).
 */
decimals: number, mode: RoundingMode, 
/**
 * The rule in plain words, printed with every score (e.g. "62.5% rounds to 63%").
 */
statement: string, };

export type RoundingMode = "halfUp" | "down";

export type Band = { 
/**
 * A rating id.
 */
rating: string, 
/**
 * Lowest rounded percentage in the band (inclusive).
 */
min: number, 
/**
 * Highest rounded percentage in the band (inclusive).
 */
max: number, };

export type RollUp = "direct" | "fromSubItems";

export type Caps = { 
/**
 * Rating id a section is capped at when any critical item in it fails.
 */
critical: string, 
/**
 * Rating id a section is capped at when a breach of a regulation is found against one
 * of its items (a must-do action). Without it, breaches do not change ratings.
 */
breach?: string | null, 
/**
 * Where the caps come from.
 */
sources?: Array<Source>, };

export type OverallRules = { rules: Array<OverallRule>, 
/**
 * Rating id when no rule applies.
 */
default: string, 
/**
 * Where the default (and the rules as a whole) come from.
 */
sources?: Array<Source>, };

export type OverallRule = { 
/**
 * All must hold.
 */
when: Array<RatingCount>, 
/**
 * Rating id.
 */
then: string, 
/**
 * The rule in plain words, e.g. "2 or more Inadequate key questions".
 */
description: string, sources?: Array<Source>, };

export type RatingCount = { 
/**
 * Rating id.
 */
rating: string, 
/**
 * Which sections count: exactly this rating, or also worse or better ones.
 */
including: Including, 
/**
 * At least this many sections (give this, `atMost`, or both).
 */
atLeast?: number | null, 
/**
 * At most this many sections.
 */
atMost?: number | null, };

export type Including = "exactly" | "orWorse" | "orBetter";

export type Section = { 
/**
 * Unique among the sections, e.g. `safe`.
 */
id: string, title: string, description?: string, 
/**
 * What each rating looks like for this section (e.g. CQC's rating characteristics),
 * keyed by rating id: what a moderator reads before changing a rating.
 */
characteristics?: { [key in string]: string }, sources?: Array<Source>, items: Array<Item>, };

export type Item = { 
/**
 * Unique across the whole template (items and sub-items), e.g. `S1` or
 * `safe.learning-culture`. Letters, digits, hyphens and dots.
 */
id: string, title: string, 
/**
 * What the inspector looks at.
 */
prompts: Array<string>, 
/**
 * What each score level looks like, keyed by the scale value or option value.
 */
descriptors?: { [key in string]: string }, response: ResponseType, 
/**
 * How much the item counts relative to others (more than 0; default 1).
 */
weight: number, 
/**
 * Whether "not applicable" is an allowed answer; N/A leaves the item out of the score.
 */
naAllowed: boolean, 
/**
 * Whether the inspection cannot be completed without an answer.
 */
mandatory: boolean, 
/**
 * A poor answer caps the section's rating.
 */
critical?: Critical | null, logic?: Array<LogicRule>, 
/**
 * Shown (and scored) only when another item's logic shows it.
 */
followUp?: boolean, 
/**
 * Overrides the template's roll-up for this item.
 */
rollUp?: RollUp | null, 
/**
 * Evidence categories or sub-checks.
 */
subItems?: Array<Item>, 
/**
 * The regulations (numbers from the template's `regulations`) the item evidences.
 */
regulations?: Array<string>, 
/**
 * Where the item's standard comes from.
 */
sources?: Array<Source>, };

export type ResponseType = { "type": "scale", scale: string, } | { "type": "yesNo" } | { "type": "partial" } | { "type": "choice", options: Array<ChoiceOption>, } | { "type": "number", target: number, direction: TargetDirection, unit?: string | null, min?: number | null, max?: number | null, } | { "type": "count", 
/**
 * N when the sample size is fixed (e.g. 10 care records); otherwise the inspector
 * enters it with each answer.
 */
of?: number | null, 
/**
 * What was sampled, in the plural: "care records", "patients".
 */
unit?: string | null, } | { "type": "text" } | { "type": "date" };

export type ChoiceOption = { 
/**
 * Unique within the item; what descriptors and `answerIs` name.
 */
value: string, label: string, 
/**
 * What choosing this option earns.
 */
score: number, };

export type TargetDirection = "atLeast" | "atMost";

export type Critical = { 
/**
 * The item fails when its score is at or below this.
 */
atOrBelow: number, 
/**
 * Rating id the section is capped at; defaults to the template's `caps.critical`.
 */
cap?: string | null, };

export type LogicRule = { 
/**
 * When the rule fires.
 */
when: Condition, 
/**
 * What happens then.
 */
then: Consequence, };

export type Condition = { 
/**
 * Holds when the answer's score is at or below this.
 */
atOrBelow?: number | null, 
/**
 * Holds when the answer is one of these (`yes`, `no`, `partial`, an option value, `na`).
 */
answerIs?: Array<string>, };

export type Consequence = "requireNote" | "requireEvidence" | { "suggestAction": string } | { "show": Array<string> };

export type Change = { kind: ChangeKind, 
/**
 * What changed, in words: "Item “Staffing” (Safe)", "Scale “Four levels”", "Bands".
 */
place: string, 
/**
 * How it changed: "weight 1 → 2", "added to Safe", "title was “…”".
 */
words: string, };

export type ChangeKind = "added" | "removed" | "reworded" | "reweighted" | "logic" | "moved" | "changed";

export type Answer = { "kind": "level", "value": number } | { "kind": "yes" } | { "kind": "no" } | { "kind": "partial" } | { "kind": "choice", "value": string } | { "kind": "number", "value": number } | { "kind": "text", "value": string } | { "kind": "date", "value": string } | { "kind": "count", "value": { met: number, of: number, } } | { "kind": "na" };

export type Response = { itemId: string, answer: Answer, };

export type RequirementKind = "note" | "evidence";

export type Need = { kind: RequirementKind, 
/**
 * The item has it (a note that is more than white space; at least one evidence file).
 */
met: boolean, };

export type ItemState = { itemId: string, 
/**
 * Shown in this inspection (a follow-up only while an answer calls for it).
 */
visible: boolean, 
/**
 * Scored from its sub-items, so the inspector answers those and not the item itself.
 */
rollsUp: boolean, 
/**
 * The notes and evidence the item's answer calls for now, each once, in the template's
 * order; none for a hidden or unanswered item.
 */
required: Array<Need>, 
/**
 * The action the template suggests for the answer (the first, when several rules fire).
 */
suggestedAction: string | null, };

export type Override = { sectionId: string, 
/**
 * Rating id.
 */
rating: string, justification: string, };

export type ScoreResult = { 
/**
 * Every shown item that must be answered is answered.
 */
complete: boolean, 
/**
 * Ids of shown items still to answer: scored items, and unscored mandatory ones.
 */
missing: Array<string>, overall: OverallResult, sections: Array<SectionResult>, 
/**
 * Every item in template order, sub-items after their item.
 */
items: Array<ItemResult>, 
/**
 * The template's rounding statement, once, when rounding changed any section's
 * percentage (the sections' explanations do not repeat it).
 */
roundingNote: string | null, };

export type OverallResult = { 
/**
 * Rating id; `None` when no section has a rating.
 */
rating: string | null, ratingLabel: string | null, explanation: string, 
/**
 * The description of the aggregation rule that gave the rating; `None` when the
 * template's default applied or nothing was rated.
 */
ruleApplied: string | null, };

export type SectionResult = { id: string, title: string, 
/**
 * Weighted points earned.
 */
earned: number, 
/**
 * Weighted points possible (N/A and hidden items excluded).
 */
possible: number, 
/**
 * `earned ÷ possible × 100`, unrounded; `None` when there is nothing to score.
 */
percent: number | null, 
/**
 * The percentage after the template's rounding; this is what is banded.
 */
roundedPercent: number | null, 
/**
 * The rating that stands: the moderated one if overridden, else the computed one.
 */
rating: string | null, ratingLabel: string | null, 
/**
 * The rating from the bands and caps, before any override.
 */
computedRating: string | null, cappedBy: CapResult | null, override: OverrideResult | null, 
/**
 * What matters, in a sentence or two: the rating, the share of the points, and what
 * capped or moderated it. The arithmetic is in `explanation`.
 */
summary: string, explanation: string, 
/**
 * Items that must be answered and are (N/A counts as answered).
 */
answered: number, 
/**
 * Items that must be answered.
 */
total: number, 
/**
 * While items are still to answer: the rating so far, over the answered items only, or
 * why there is none yet. `None` once every item is answered.
 */
provisional: ProvisionalResult | null, };

export type CapResult = { itemId: string, 
/**
 * The rating id the section is capped at.
 */
rating: string, reason: string, };

export type OverrideResult = { 
/**
 * The moderated rating id.
 */
rating: string, justification: string, 
/**
 * What the bands and caps gave.
 */
computedRating: string | null, };

export type ProvisionalResult = { 
/**
 * Enough is answered for a rating so far (the template's `provisionalMinimum`, or every
 * mandatory item).
 */
reachedMinimum: boolean, 
/**
 * Items that must be answered and are, and how many must be.
 */
answered: number, total: number, 
/**
 * Over the answered items only; `None` when nothing answered has a score.
 */
percent: number | null, roundedPercent: number | null, 
/**
 * The rating so far (caps included); `None` until the minimum is reached.
 */
rating: string | null, ratingLabel: string | null, 
/**
 * "Not yet rated: 3 of 8 answered …" or "Provisional, 6 of 8 answered: …".
 */
explanation: string, };

export type ItemResult = { id: string, sectionId: string, 
/**
 * The item this is a sub-item of.
 */
parentId: string | null, 
/**
 * The answer as people read it (`3`, `yes`, `N/A`), when answered.
 */
answer: string | null, 
/**
 * Weighted points earned; `None` when unanswered, N/A, unscored or hidden.
 */
score: number | null, 
/**
 * Weighted points possible; `None` when N/A, unscored, hidden or not counted.
 */
max: number | null, na: boolean, answered: boolean, 
/**
 * Shown in this inspection (follow-ups are shown only when called for).
 */
visible: boolean, explanation: string, };

export type Comparison = { 
/**
 * Every item either inspector answered, in template order.
 */
items: Array<ComparedItem>, 
/**
 * Items both inspectors answered (N/A included).
 */
itemsCompared: number, 
/**
 * Of those, items with the same answer.
 */
agreements: number, 
/**
 * `agreements ÷ itemsCompared × 100`; `None` when nothing was compared.
 */
percentAgreement: number | null, 
/**
 * Quadratic-weighted Cohen's kappa; `None` when undefined (fewer than 2 items, or
 * neither inspector's answers vary).
 */
weightedKappa: number | null, 
/**
 * Items the kappa is taken over.
 */
kappaItems: number, 
/**
 * The items where the inspectors differ most, largest first (ties in template order).
 */
biggestDifferences: Array<ComparedItem>, 
/**
 * Items only one of the two answered.
 */
answeredByOne: Array<string>, explanation: string, };

export type ComparedItem = { id: string, sectionId: string, title: string, 
/**
 * Inspector A's answer as people read it, when answered.
 */
a: string | null, b: string | null, 
/**
 * Both answered, with the same answer.
 */
agree: boolean, 
/**
 * The score difference as a share of the item's range (0 same, 1 opposite ends);
 * `None` unless both answers are scored.
 */
difference: number | null, };

export type Priority = "must-do" | "should-do";

export type PrioritySuggestion = { priority: Priority, 
/**
 * The item's regulations (empty for an item that cites none).
 */
regulations: Array<string>, 
/**
 * One plain sentence.
 */
reason: string, };

export type Breach = { itemId: string, 
/**
 * Regulation numbers, e.g. `12`.
 */
regulations: Array<string>, };

export type BoardFilter = { trust: string | null, site: string | null, 
/**
 * A template id (a family: every version of it); the most used one when empty.
 */
template: string | null, 
/**
 * `mock`, `self-assessment` or `peer-review`.
 */
kind: string | null, 
/**
 * First and last inspection dates, `YYYY-MM-DD`, both included.
 */
from: string | null, to: string | null, 
/**
 * Inspections of one ward this many days apart or fewer are compared for consistency.
 */
consistencyDays: number | null, };

export type Board = { 
/**
 * The filter as applied (the template family filled in when none was chosen).
 */
filter: BoardFilter, choices: BoardChoices, 
/**
 * The chosen family's ratings, best first.
 */
ratings: Array<BoardRating>, 
/**
 * The key questions (the template's sections) and, last, `overall`.
 */
columns: Array<BoardColumn>, rows: Array<WardRow>, summary: BoardSummary, trends: Trends, gaps: Gaps, consistency: Consistency, themes: Themes, actions: ActionBoard, };

export type BoardChoices = { trusts: Array<string>, 
/**
 * (trust, site) pairs.
 */
sites: Array<SiteChoice>, templates: Array<TemplateChoice>, };

export type SiteChoice = { trust: string, site: string, };

export type TemplateChoice = { id: string, title: string, 
/**
 * Signed-off inspections made with it.
 */
inspections: number, };

export type BoardRating = { id: string, label: string, 
/**
 * `#rrggbb`.
 */
colour: string, };

export type BoardColumn = { 
/**
 * A section id, or `overall`.
 */
id: string, title: string, };

export type Ward = { key: string, trust: string, site: string, service: string, };

export type WardRow = { ward: Ward, 
/**
 * Inspections of this ward the table's filter takes in.
 */
inspections: number, 
/**
 * One per column, `None` where the latest inspection has no rating for it.
 */
cells: Array<BoardCell | null>, };

export type Movement = "up" | "down" | "same";

export type BoardCell = { inspectionId: number, 
/**
 * The section to open the inspection at; `None` for the overall column.
 */
sectionId: string | null, kind: string, date: string, rating: string | null, ratingLabel: string | null, percent: number | null, moderated: boolean, 
/**
 * Since the ward's previous inspection in the table; `None` when there is none.
 */
movement: Movement | null, explanation: string, };

export type BoardSummary = { wards: number, inspections: number, 
/**
 * Wards by the overall rating of their latest inspection, best first, then unrated.
 */
distribution: Array<RatingWards>, movers: Array<Mover>, openActions: number, overdueActions: number, explanation: string, };

export type RatingWards = { 
/**
 * `None` for wards with no overall rating.
 */
rating: string | null, label: string, wards: number, };

export type Mover = { ward: Ward, inspectionId: number, fromLabel: string | null, toLabel: string | null, 
/**
 * Percentage points, signed.
 */
change: number, explanation: string, };

export type Trends = { 
/**
 * The filtered whole: per month, each column's mean percentage.
 */
whole: Array<TrendPoint>, wards: Array<WardTrend>, explanation: string, };

export type TrendPoint = { 
/**
 * `YYYY-MM` for the whole; the inspection's date for a ward.
 */
period: string, 
/**
 * "March 2026", or the date in words.
 */
label: string, inspections: number, 
/**
 * The inspection, for a ward's point.
 */
inspectionId: number | null, 
/**
 * One per column.
 */
percents: Array<number | null>, };

export type WardTrend = { ward: Ward, points: Array<TrendPoint>, };

export type Gaps = { wards: Array<WardGap>, explanation: string, };

export type WardGap = { ward: Ward, 
/**
 * Self-assessments with a mock inspection near enough to set against.
 */
pairs: number, 
/**
 * Of those, self-assessments with a higher overall percentage.
 */
selfHigher: number, 
/**
 * Mean of (self-assessment − mock) overall percentage points.
 */
meanGap: number | null, 
/**
 * The same per column (key questions, then overall).
 */
columnGaps: Array<number | null>, flagged: boolean, explanation: string, };

export type Consistency = { days: number, trusts: Array<TrustConsistency>, pairs: Array<PairAgreement>, explanation: string, };

export type TrustConsistency = { trust: string, pairs: number, meanAgreement: number | null, 
/**
 * Over the pairs whose kappa is defined.
 */
meanKappa: number | null, explanation: string, };

export type PairAgreement = { ward: Ward, first: PairSide, second: PairSide, itemsCompared: number, percentAgreement: number | null, weightedKappa: number | null, };

export type PairSide = { inspectionId: number, kind: string, date: string, };

export type Themes = { items: Array<Theme>, explanation: string, };

export type Theme = { itemId: string, title: string, sectionId: string, sectionTitle: string, 
/**
 * Inspections that found it weak, and the wards they were of.
 */
inspections: number, wards: number, 
/**
 * The most recent of those inspections.
 */
latestInspectionId: number, };

export type ActionBoard = { open: number, overdue: number, 
/**
 * Overdue actions by how long: 0–30, 31–90 and over 90 days.
 */
buckets: Array<AgeingBucket>, byTrust: Array<AgeingRow>, byWard: Array<AgeingRow>, byOwner: Array<AgeingRow>, 
/**
 * Open actions, most overdue first.
 */
list: Array<BoardAction>, explanation: string, };

export type AgeingBucket = { label: string, actions: number, };

export type AgeingRow = { label: string, open: number, overdue: number, ageing: Array<number>, };

export type BoardAction = { id: number, inspectionId: number, ward: Ward, title: string, owner: string, priority: string | null, status: string, dueDate: string | null, 
/**
 * Days past its due date; `None` when not overdue.
 */
daysOverdue: number | null, 
/**
 * The ageing bucket it falls in, when overdue.
 */
bucket: string | null, };

// Labels, as people read them: the words the PDF report uses too.

export const INSPECTION_KIND_LABELS: Record<InspectionKind, string> = {
  "mock": "Mock inspection",
  "self-assessment": "Self-assessment",
  "peer-review": "Peer review",
};

export const INSPECTION_STATUS_LABELS: Record<InspectionStatus, string> = {
  "in-progress": "In progress",
  "signed-off": "Signed off",
};

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  "not-started": "Not started",
  "in-progress": "In progress",
  "completed": "Completed",
};

export const PRIORITY_LABELS: Record<Priority, string> = {
  "must-do": "Must do",
  "should-do": "Should do",
};

export const REQUIREMENT_KIND_LABELS: Record<RequirementKind, string> = {
  "note": "a note",
  "evidence": "evidence",
};

export const CHANGE_KIND_LABELS: Record<ChangeKind, string> = {
  "added": "Added",
  "removed": "Removed",
  "reworded": "Reworded",
  "reweighted": "Re-weighted",
  "logic": "Logic changed",
  "moved": "Moved",
  "changed": "Other changes",
};
