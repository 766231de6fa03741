//! Scoring: one published method that turns a template and an inspection's answers into
//! scores, ratings and the reasons for them (see `docs/scoring.md`).
//!
//! Everything here is a pure function of its inputs. Every rule (scales, weights, roll-up,
//! rounding, bands, critical caps, aggregation) is read from the template, so two inspectors
//! who give the same answers to the same template version always get the same ratings, and
//! every rating carries an explanation a governance board can check by hand.

mod answer;
mod compare;
mod engine;
mod explain;
mod logic;
mod shim;

pub use answer::{answer_score, check_answer, parse_answer, Answer, AnswerError, Response};
pub use compare::{compare, ComparedItem, Comparison, BIGGEST_DIFFERENCES};
pub use engine::{
    check_override, round_percent, score, CapResult, ItemResult, OverallResult, Override,
    OverrideError, OverrideResult, ScoreResult, SectionResult,
};
pub use logic::{consequences, holds, visible_items};
