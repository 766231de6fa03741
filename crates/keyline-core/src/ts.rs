//! TypeScript declarations of the core types that cross IPC (with the `ts` feature), so
//! the app crate can write every binding into one file.

use ts_rs::{Config, TS};

use crate::scoring::*;
use crate::template::*;

/// The declarations, each without `export`, in dependency-free order.
pub fn typescript_declarations(cfg: &Config) -> Vec<String> {
    vec![
        Template::decl(cfg),
        Source::decl(cfg),
        Regulation::decl(cfg),
        Scale::decl(cfg),
        ScaleLevel::decl(cfg),
        Rating::decl(cfg),
        Banding::decl(cfg),
        Rounding::decl(cfg),
        RoundingMode::decl(cfg),
        Band::decl(cfg),
        RollUp::decl(cfg),
        Caps::decl(cfg),
        OverallRules::decl(cfg),
        OverallRule::decl(cfg),
        RatingCount::decl(cfg),
        Including::decl(cfg),
        Section::decl(cfg),
        Item::decl(cfg),
        ResponseType::decl(cfg),
        ChoiceOption::decl(cfg),
        TargetDirection::decl(cfg),
        Critical::decl(cfg),
        LogicRule::decl(cfg),
        Condition::decl(cfg),
        Consequence::decl(cfg),
        Answer::decl(cfg),
        Response::decl(cfg),
        RequirementKind::decl(cfg),
        Need::decl(cfg),
        ItemState::decl(cfg),
        Override::decl(cfg),
        ScoreResult::decl(cfg),
        OverallResult::decl(cfg),
        SectionResult::decl(cfg),
        CapResult::decl(cfg),
        OverrideResult::decl(cfg),
        ProvisionalResult::decl(cfg),
        ItemResult::decl(cfg),
        Comparison::decl(cfg),
        ComparedItem::decl(cfg),
        Priority::decl(cfg),
        PrioritySuggestion::decl(cfg),
        Breach::decl(cfg),
    ]
}
