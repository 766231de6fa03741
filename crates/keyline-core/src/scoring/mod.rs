//! Scoring: one published method that turns a template and an inspection's answers into
//! scores, ratings and the reasons for them (see `docs/scoring.md`).
//!
//! Everything here is a pure function of its inputs. Every rule (scales, weights, roll-up,
//! rounding, bands, critical caps, aggregation) is read from the template, so two inspectors
//! who give the same answers to the same template version always get the same ratings, and
//! every rating carries an explanation a governance board can check by hand.

mod answer;
pub(crate) use answer::MONTHS;
mod compare;
mod engine;
mod explain;
mod highlights;
mod logic;
mod priority;

pub use answer::{
    answer_score, check_answer, is_calendar_date, parse_answer, uk_date, Answer, AnswerError,
    Response,
};
pub use compare::{compare, ComparedItem, Comparison, BIGGEST_DIFFERENCES};
pub use engine::{
    check_override, moderations_out_of_date, round_percent, score, score_with, Breach, CapResult,
    ItemResult, OverallResult, Override, OverrideError, OverrideResult, ProvisionalResult,
    ScoreResult, SectionResult,
};
pub use highlights::{highlights, Highlights, STRENGTH_SHARE};
pub use logic::{
    condition_holds, consequences, item_states, visible_items, ItemState, Need, RequirementKind,
};
pub use priority::{
    check_priority, is_regulation, suggest_priority, Priority, PriorityError, PrioritySuggestion,
};

#[cfg(all(test, feature = "ts"))]
mod ts_tests {
    use super::*;
    use ts_rs::{Config, TS};

    #[test]
    fn typescript_shapes_follow_the_json() {
        let config = Config::default();
        let answer = Answer::decl(&config);
        assert!(
            answer.contains(r#"{ "kind": "level", "value": number }"#),
            "{answer}"
        );
        assert!(answer.contains(r#"{ "kind": "na" }"#), "{answer}");
        let section = SectionResult::decl(&config);
        assert!(
            section.contains("override: OverrideResult | null"),
            "{section}"
        );
        assert!(section.contains("percent: number | null"), "{section}");
        let response = Response::decl(&config);
        assert!(
            response.contains("itemId: string, answer: Answer"),
            "{response}"
        );
        let comparison = Comparison::decl(&config);
        assert!(
            comparison.contains("weightedKappa: number | null"),
            "{comparison}"
        );
    }
}
