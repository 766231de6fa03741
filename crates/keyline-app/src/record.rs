//! The record: an inspection as one self-contained document, named by its global id.
//!
//! A signed-off inspection's record is what its signer signs, what bundles and sync folders
//! carry, and what a report PDF embeds. It holds everything the seal covers: the template
//! (id, version and the SHA-256 of its exact text), the facts, every answer, note and
//! moderated rating, each evidence file's name, type, size and SHA-256, the actions as they
//! stood at sign-off, who signed off and when, the signer, the score that follows, and the
//! renderer that drew its report. Its bytes are its RFC 8785 canonical JSON, so any program
//! can re-create them from the parsed document; its fingerprint (format 3) is their SHA-256.
//!
//! The report is drawn from the record and the template alone ([`report_of`]), for drafts
//! as for signed reports, so a verifier with no database draws the same pages.

use std::collections::{BTreeMap, HashMap};

use keyline_core::scoring::{self, Answer, Override, Response, ScoreResult};
use keyline_core::template::Template;
use keyline_report::{
    Action, ActionCounts, Band, Evidence, Highlight, Highlights, ImageData, InspectionFacts, Item,
    Overall, Rating, Report, Section, Status,
};
use serde::{Deserialize, Serialize};

use crate::{dto, AppError, ErrorCode, Result};

/// The record format this version writes and reads.
pub const RECORD_FORMAT: &str = "keyline-record/1";

/// The fingerprint format of sign-offs with a signed record: SHA-256 of the record's bytes.
pub const FINGERPRINT_FORMAT_RECORD: i64 = 3;

/// The renderer that draws reports from records: a report whose record names another
/// renderer is not re-drawn to compare (its signature still is checked).
pub fn renderer() -> String {
    keyline_report::RENDERER.to_string()
}

/// An inspection as a document. See the module documentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// [`RECORD_FORMAT`].
    pub format: String,
    /// The inspection's global id (UUID v7).
    pub id: String,
    pub template: TemplateRef,
    pub service: String,
    pub site: String,
    pub trust: String,
    /// `mock`, `self-assessment` or `peer-review`.
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub team: String,
    /// The global id of the record this one corrects.
    pub amends: Option<String>,
    /// Answers by item id.
    pub answers: BTreeMap<String, Answer>,
    /// Notes by item id.
    pub notes: BTreeMap<String, String>,
    /// Moderated section ratings by section id.
    pub overrides: BTreeMap<String, Moderation>,
    /// Evidence in the order attached.
    pub evidence: Vec<EvidenceRef>,
    /// Actions as they stood when the record was made.
    pub actions: Vec<ActionRef>,
    pub sign_off: Option<SignOffRef>,
    pub signer: Option<SignerRef>,
    /// The score at sign-off, as the one scoring function gives it from the above.
    pub score: Option<ScoreSummary>,
    /// [`renderer`] at sign-off.
    pub renderer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateRef {
    pub id: String,
    pub version: String,
    /// SHA-256 of the template's exact text, hex.
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Moderation {
    pub rating: String,
    pub justification: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRef {
    pub item: String,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionRef {
    pub item: Option<String>,
    pub title: String,
    pub owner: String,
    pub due_date: Option<String>,
    /// `not-started`, `in-progress` or `completed`.
    pub status: String,
    /// `must-do` or `should-do`; absent when the action has none (and in records made
    /// before priorities existed, which stay byte for byte as they were signed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// Regulation numbers the action cites.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regulations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignOffRef {
    pub inspector: String,
    pub reviewer: String,
    /// `YYYY-MM-DDTHH:MM:SS.sssZ`.
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignerRef {
    pub name: String,
    pub organisation: String,
    /// SHA-256 of the signer's certificate (DER), hex.
    pub certificate_sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreSummary {
    /// Overall rating id.
    pub overall: Option<String>,
    pub sections: Vec<SectionScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionScore {
    pub id: String,
    /// The rating that stands (moderated if overridden), by id.
    pub rating: Option<String>,
    /// The percentage after the template's rounding.
    pub percent: Option<f64>,
}

impl ScoreSummary {
    pub fn of(score: &ScoreResult) -> ScoreSummary {
        ScoreSummary {
            overall: score.overall.rating.clone(),
            sections: score
                .sections
                .iter()
                .map(|s| SectionScore {
                    id: s.id.clone(),
                    rating: s.rating.clone(),
                    percent: s.rounded_percent,
                })
                .collect(),
        }
    }
}

impl Record {
    /// The record's bytes: RFC 8785 canonical JSON.
    pub fn canonical(&self) -> Result<Vec<u8>> {
        serde_json_canonicalizer::to_vec(self).map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("cannot encode the record: {e}"),
            )
        })
    }

    /// SHA-256 of [`Record::canonical`], hex: the fingerprint of format 3.
    pub fn fingerprint(&self) -> Result<String> {
        Ok(keyline_store::sha256_hex(&self.canonical()?))
    }

    /// Reads a record from JSON, refusing unknown fields and formats.
    pub fn parse(value: serde_json::Value) -> Result<Record> {
        let format = value.get("format").and_then(|f| f.as_str()).unwrap_or("");
        if format != RECORD_FORMAT {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!(
                    "the record is in format \"{format}\", which this version of Keyline does not read (it reads {RECORD_FORMAT}); upgrade Keyline"
                ),
            ));
        }
        serde_json::from_value(value).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("the record is not one Keyline writes: {e}"),
            )
        })
    }

    pub fn responses(&self) -> Vec<Response> {
        self.answers
            .iter()
            .map(|(item, a)| Response::new(item.clone(), a.clone()))
            .collect()
    }

    pub fn overrides(&self) -> Vec<Override> {
        self.overrides
            .iter()
            .map(|(section, m)| Override {
                section_id: section.clone(),
                rating: m.rating.clone(),
                justification: m.justification.clone(),
            })
            .collect()
    }

    /// The breaches the record found: its must-do actions raised against an item.
    pub fn breaches(&self) -> Vec<scoring::Breach> {
        self.actions
            .iter()
            .filter(|a| a.priority.as_deref() == Some(scoring::Priority::MustDo.id()))
            .filter_map(|a| {
                Some(scoring::Breach {
                    item_id: a.item.clone()?,
                    regulations: a.regulations.clone(),
                })
            })
            .collect()
    }

    /// What the one scoring function makes of this record.
    pub fn score(&self, template: &Template) -> ScoreResult {
        scoring::score_with(
            template,
            &self.responses(),
            &self.overrides(),
            &self.breaches(),
        )
    }

    /// `KL-<global id>-<first 12 of the fingerprint>`, or `-DRAFT-<time>` for a draft.
    pub fn report_id(&self, fingerprint: Option<&str>, generated_at: &str) -> String {
        match fingerprint {
            Some(f) => format!("KL-{}-{}", self.id, &f[..f.len().min(12)]),
            None => {
                let stamp: String = generated_at
                    .chars()
                    .filter(char::is_ascii_digit)
                    .take(14)
                    .collect();
                format!("KL-{}-DRAFT-{stamp}", self.id)
            }
        }
    }
}

/// The report drawn from a record and its template. `fingerprint` prints on a signed
/// report; `image` gives the bytes of a photo of evidence by its SHA-256 (a photo without
/// bytes is listed as a file).
pub fn report_of(
    record: &Record,
    template: &Template,
    fingerprint: Option<&str>,
    image: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Report {
    let t = template;
    let score = record.score(t);
    let rating = |id: &Option<String>| id.as_deref().and_then(|id| t.rating(id));
    let label = |id: &Option<String>| rating(id).map(|r| r.label.clone());
    let colour = |id: &Option<String>| rating(id).map(|r| r.colour.clone());
    let results: HashMap<&str, &scoring::ItemResult> =
        score.items.iter().map(|i| (i.id.as_str(), i)).collect();

    let mut evidence: HashMap<String, Vec<Evidence>> = HashMap::new();
    for e in &record.evidence {
        let picture = if e.media_type.starts_with("image/") {
            image(&e.sha256).and_then(|bytes| {
                imagesize::blob_size(&bytes).ok().map(|size| ImageData {
                    width: size.width as u32,
                    height: size.height as u32,
                    bytes,
                })
            })
        } else {
            None
        };
        evidence.entry(e.item.clone()).or_default().push(Evidence {
            file_name: e.file_name.clone(),
            media_type: e.media_type.clone(),
            size: e.size,
            sha256: e.sha256.clone(),
            image: picture,
        });
    }

    let mut sections = Vec::new();
    let mut responses = Vec::new();
    for (section, result) in t.sections.iter().zip(&score.sections) {
        let mut items = Vec::new();
        for item in &section.items {
            for it in std::iter::once(item).chain(item.sub_items.iter()) {
                let Some(raw) = record.answers.get(&it.id) else {
                    continue;
                };
                // Descriptors are keyed by the answer's value ("3", "yes"); people read it in
                // the template's words ("3, Good standard").
                let descriptor = it.descriptors.get(&raw.display()).cloned();
                let answer = raw.labelled(t, it);
                let r = results.get(it.id.as_str());
                items.push(Item {
                    id: it.id.clone(),
                    title: it.title.clone(),
                    answer: answer.clone(),
                    score: r.and_then(|r| r.score),
                    max: r.and_then(|r| r.max),
                    descriptor,
                    note: record.notes.get(&it.id).cloned(),
                    evidence: evidence.remove(&it.id).unwrap_or_default(),
                });
                responses.push(keyline_report::Response {
                    item_id: it.id.clone(),
                    title: it.title.clone(),
                    answer,
                });
            }
        }
        // A draft with unanswered items shows what the screens show: not yet rated, or the
        // rating so far over the answered items, labelled provisional. (A signed-off record is
        // complete, so it has none, and its report is drawn as before.)
        let (percent, rating_label, rating_colour, explanation, summary) = match &result.provisional
        {
            Some(p) => (
                p.rounded_percent,
                Some(match &p.rating {
                    Some(_) => format!(
                        "{} (provisional, {} of {} answered)",
                        p.rating_label.clone().unwrap_or_default(),
                        p.answered,
                        p.total
                    ),
                    None => format!("Not yet rated ({} of {} answered)", p.answered, p.total),
                }),
                colour(&p.rating),
                format!(
                    "{} When every item is answered: {}",
                    p.explanation, result.explanation
                ),
                p.explanation.clone(),
            ),
            None => (
                result.rounded_percent,
                label(&result.rating),
                colour(&result.rating),
                result.explanation.clone(),
                result.summary.clone(),
            ),
        };
        sections.push(Section {
            id: section.id.clone(),
            title: section.title.clone(),
            earned: result.earned,
            possible: result.possible,
            percent,
            rating_label,
            colour: rating_colour,
            explanation,
            summary,
            capped_by: result.capped_by.as_ref().map(|c| c.reason.clone()),
            override_: result
                .moderation
                .as_ref()
                .map(|m| keyline_report::Override {
                    rating_label: label(&Some(m.rating.clone()))
                        .unwrap_or_else(|| m.rating.clone()),
                    justification: m.justification.clone(),
                }),
            items,
        });
    }

    let kind = dto::InspectionKind::parse(&record.kind)
        .map(|k| k.label().to_string())
        .unwrap_or_else(|| record.kind.clone());
    let status = match &record.sign_off {
        Some(s) => Status::SignedOff {
            inspector: s.inspector.clone(),
            reviewer: s.reviewer.clone(),
            signed_at: plain_time(&s.at),
        },
        None => Status::Draft,
    };
    let dates = match &record.sign_off {
        Some(s) => format!(
            "inspected {}; signed off {}",
            scoring::uk_date(&record.date),
            scoring::uk_date(&s.at[..s.at.len().min(10)])
        ),
        None => format!("inspected {}", scoring::uk_date(&record.date)),
    };
    let found = scoring::highlights(&score, 3);
    let highlight = |i: &scoring::ItemResult| Highlight {
        title: t
            .find_item(&i.id)
            .map_or_else(|| i.id.clone(), |item| item.title.clone()),
        section: t
            .sections
            .iter()
            .find(|s| s.id == i.section_id)
            .map(|s| s.title.clone())
            .unwrap_or_default(),
        answer: i.answer.clone().unwrap_or_default(),
    };
    let open: Vec<&ActionRef> = record
        .actions
        .iter()
        .filter(|a| a.status != dto::ActionStatus::Completed.as_str())
        .collect();
    let action_counts = ActionCounts {
        must_do: record
            .actions
            .iter()
            .filter(|a| a.priority.as_deref() == Some("must-do"))
            .count(),
        should_do: record
            .actions
            .iter()
            .filter(|a| a.priority.as_deref() == Some("should-do"))
            .count(),
        open: open.len(),
        next_due: open
            .iter()
            .filter_map(|a| a.due_date.as_deref())
            .min()
            .map(scoring::uk_date),
    };
    Report {
        inspection: InspectionFacts {
            service: record.service.clone(),
            site: record.site.clone(),
            trust: record.trust.clone(),
            kind,
            dates,
            team: record
                .team
                .split(',')
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect(),
            template_title: t.title.clone(),
            template_version: t.version.clone(),
            status,
            fingerprint: fingerprint.map(str::to_string),
        },
        ratings: t
            .ratings
            .iter()
            .map(|r| Rating {
                id: r.id.clone(),
                label: r.label.clone(),
                colour: r.colour.clone(),
            })
            .collect(),
        bands: t
            .banding
            .bands
            .iter()
            .map(|b| Band {
                min: b.min,
                max: b.max,
                rating: b.rating.clone(),
            })
            .collect(),
        overall: Overall {
            rating_label: if score.complete {
                score.overall.rating_label.clone()
            } else {
                Some("Not yet rated".to_string())
            },
            colour: if score.complete {
                colour(&score.overall.rating)
            } else {
                None
            },
            explanation: score.overall.explanation.clone(),
        },
        sections,
        actions: record
            .actions
            .iter()
            .map(|a| Action {
                title: a.title.clone(),
                owner: a.owner.clone(),
                due: a
                    .due_date
                    .as_deref()
                    .map(scoring::uk_date)
                    .unwrap_or_default(),
                status: dto::ActionStatus::parse(&a.status)
                    .map(|s| s.label().to_string())
                    .unwrap_or_else(|| a.status.clone()),
                item_id: a.item.clone().unwrap_or_default(),
                item_title: a
                    .item
                    .as_deref()
                    .and_then(|id| t.find_item(id))
                    .map(|i| i.title.clone())
                    .unwrap_or_default(),
                priority: a.priority.clone().unwrap_or_default(),
                regulations: a
                    .regulations
                    .iter()
                    .map(|n| dto::RegulationRef::of(t, n).label)
                    .collect(),
            })
            .collect(),
        responses,
        highlights: Highlights {
            strengths: found.strengths.into_iter().map(highlight).collect(),
            concerns: found.concerns.into_iter().map(highlight).collect(),
        },
        action_counts,
        rounding_note: score.rounding_note.clone(),
    }
}

/// An RFC 3339 UTC time as people read it, without ISO noise: "3 December 2026, 16:10 UTC".
fn plain_time(at: &str) -> String {
    match (at.get(..10), at.get(11..16)) {
        (Some(day), Some(time)) if at.ends_with('Z') => {
            format!("{}, {time} UTC", scoring::uk_date(day))
        }
        _ => at.to_owned(),
    }
}

/// SQLite's `2026-11-22T09:10:23.334Z` as RFC 3339 without fractions (what a report is dated).
pub(crate) fn rfc3339(at: &str) -> String {
    let whole = at.split('.').next().unwrap_or(at).trim_end_matches('Z');
    format!("{whole}Z")
}

impl crate::App {
    /// The record of an inspection as the database holds it now: facts, answers, notes,
    /// moderation, evidence, live actions and any sign-off. Signer, score and renderer are
    /// left for sign-off to fill in (see [`crate::App::sealed_record_now`]).
    pub(crate) fn record_now(
        &self,
        inspection_id: i64,
    ) -> Result<(Record, std::sync::Arc<Template>)> {
        let i = self.stored_inspection(inspection_id)?;
        let template_sha256 = self.template_sha256(&i.template_id, &i.template_version)?;
        let template = self.template(&i.template_id, Some(&i.template_version))?;
        let amends = match i.amends {
            Some(local) => Some(self.stored_inspection(local)?.uid),
            None => None,
        };
        let sign_off = self.store.sign_off_of(inspection_id)?.map(|s| SignOffRef {
            inspector: s.inspector,
            reviewer: s.reviewer,
            at: s.signed_at,
        });
        let record = Record {
            format: RECORD_FORMAT.to_string(),
            id: i.uid,
            template: TemplateRef {
                id: i.template_id,
                version: i.template_version,
                sha256: template_sha256,
            },
            service: i.service,
            site: i.site,
            trust: i.trust,
            kind: i.kind,
            date: i.date,
            team: i.team,
            amends,
            answers: self
                .responses(inspection_id)?
                .into_iter()
                .map(|r| (r.item_id, r.answer))
                .collect(),
            notes: self
                .store
                .notes(inspection_id)?
                .into_iter()
                .map(|n| (n.item_id, n.text))
                .collect(),
            overrides: self
                .store
                .overrides(inspection_id)?
                .into_iter()
                .map(|o| {
                    (
                        o.section_id,
                        Moderation {
                            rating: o.rating,
                            justification: o.justification,
                        },
                    )
                })
                .collect(),
            evidence: self
                .store
                .evidence(inspection_id)?
                .into_iter()
                .map(|e| EvidenceRef {
                    item: e.item_id,
                    file_name: e.file_name,
                    media_type: e.media_type,
                    size: e.size.max(0) as u64,
                    sha256: e.sha256,
                })
                .collect(),
            actions: self
                .store
                .actions(Some(inspection_id))?
                .into_iter()
                .map(|a| ActionRef {
                    item: a.item_id,
                    title: a.title,
                    owner: a.owner,
                    due_date: a.due_date,
                    status: a.status,
                    priority: a.priority,
                    regulations: a.regulations,
                })
                .collect(),
            sign_off,
            signer: None,
            score: None,
            renderer: None,
        };
        Ok((record, template))
    }

    /// The SHA-256 of a stored template version's exact text (stored versions never
    /// change, so it is computed once per version and kept).
    pub(crate) fn template_sha256(&self, id: &str, version: &str) -> Result<String> {
        let key = (id.to_string(), version.to_string());
        if let Some(sha) = self.template_sha256.borrow().get(&key) {
            return Ok(sha.clone());
        }
        let stored = self.store.template(id, Some(version))?.ok_or_else(|| {
            AppError::new(ErrorCode::NotFound, "the inspection's template is missing")
        })?;
        let sha = keyline_store::sha256_hex(stored.content.as_bytes());
        self.template_sha256.borrow_mut().insert(key, sha.clone());
        Ok(sha)
    }

    /// The signed record of an inspection rebuilt from the database as it stands: what its
    /// stored bytes must equal. The parts the database does not keep in rows (the signer,
    /// the renderer, and the actions as signed of a record signed off here) come from the
    /// stored record; the score is computed afresh.
    pub(crate) fn sealed_record_now(&self, stored: &Record, inspection_id: i64) -> Result<Record> {
        let (mut now, template) = self.record_now(inspection_id)?;
        // Actions signed off here go on changing (their progress is followed by the trail);
        // an imported record's are kept as signed, so its rows must still say so.
        let imported = self
            .store
            .signed_record_summary(inspection_id)?
            .is_some_and(|r| r.origin == keyline_store::Origin::Imported);
        if !imported {
            now.actions = stored.actions.clone();
        }
        now.signer = stored.signer.clone();
        now.renderer = stored.renderer.clone();
        now.score = Some(ScoreSummary::of(&now.score(&template)));
        Ok(now)
    }

    /// The stored signed record of an inspection, read.
    pub(crate) fn stored_record(&self, inspection_id: i64) -> Result<Option<Record>> {
        let Some(kept) = self.store.signed_record(inspection_id)? else {
            return Ok(None);
        };
        kept_record(inspection_id, &kept.record).map(Some)
    }
}

/// The record a signed record keeps, from its stored bytes.
pub(crate) fn kept_record(inspection_id: i64, bytes: &[u8]) -> Result<Record> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        AppError::new(
            ErrorCode::Database,
            format!("the signed record of inspection {inspection_id} is unreadable: {e}"),
        )
    })?;
    Record::parse(value)
}
