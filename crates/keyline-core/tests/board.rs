//! The board over a small, hand-made set of signed-off inspections, every figure worked out
//! by hand (the working is in the comments).
//!
//! Three wards: Ash Ward (Alpha Trust, North Hospital) with two mock inspections, three
//! self-assessments and a peer review (spelled "ash  ward " there: the same ward); Beech
//! Ward (Alpha Trust) with one mock inspection; Cedar Ward (Beta Trust, South Hospital)
//! with two mock inspections.

use keyline_core::board::{
    self, Agreement, Board, BoardActionInput, BoardFilter, BoardInput, BoardRecord, Movement,
    ScoreDigest, SectionDigest,
};
use keyline_core::template::Template;

fn shipped() -> Template {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../inspection-templates/cqc-saf-mh-ward.json");
    let bytes = std::fs::read(path).expect("read the shipped template");
    keyline_core::template::parse(&bytes).expect("the shipped template is valid")
}

const ALPHA: (&str, &str) = ("Alpha Trust", "North Hospital");
const BETA: (&str, &str) = ("Beta Trust", "South Hospital");

#[allow(clippy::too_many_arguments)]
fn record(
    id: i64,
    (trust, site): (&str, &str),
    ward: &str,
    kind: &str,
    date: &str,
    overall: (&str, f64),
    sections: &[(&str, &str, f64)],
    low: &[&str],
) -> BoardRecord {
    BoardRecord {
        inspection_id: id,
        template_id: "cqc-saf-mh-ward".into(),
        template_version: "2.0".into(),
        service: ward.into(),
        site: site.into(),
        trust: trust.into(),
        kind: kind.into(),
        date: date.into(),
        digest: ScoreDigest {
            overall: Some(overall.0.into()),
            percent: Some(overall.1),
            sections: sections
                .iter()
                .map(|(id, rating, percent)| SectionDigest {
                    id: (*id).into(),
                    rating: Some((*rating).into()),
                    percent: Some(*percent),
                    moderated: false,
                })
                .collect(),
            low_items: low.iter().map(|s| (*s).into()).collect(),
        },
    }
}

fn records() -> Vec<BoardRecord> {
    let ri = "requires-improvement";
    vec![
        record(
            1,
            ALPHA,
            "Ash Ward",
            "mock",
            "2026-01-10",
            ("good", 70.0),
            &[("safe", "good", 70.0), ("effective", ri, 55.0)],
            &["safe.staffing"],
        ),
        record(
            2,
            ALPHA,
            "Ash Ward",
            "self-assessment",
            "2026-01-20",
            ("good", 80.0),
            &[("safe", "good", 80.0), ("effective", "good", 65.0)],
            &[],
        ),
        record(
            3,
            ALPHA,
            "Ash Ward",
            "self-assessment",
            "2026-02-20",
            ("good", 78.0),
            &[],
            &[],
        ),
        record(
            4,
            ALPHA,
            "Ash Ward",
            "mock",
            "2026-04-10",
            (ri, 60.0),
            &[("safe", ri, 60.0), ("effective", ri, 50.0)],
            &["safe.staffing", "effective.consent"],
        ),
        record(
            5,
            ALPHA,
            "Ash Ward",
            "self-assessment",
            "2026-04-15",
            ("good", 75.0),
            &[("safe", "good", 75.0)],
            &[],
        ),
        record(
            6,
            ALPHA,
            "ash  ward ",
            "peer-review",
            "2026-04-20",
            (ri, 62.0),
            &[("safe", ri, 62.0)],
            &[],
        ),
        record(
            7,
            ALPHA,
            "Beech Ward",
            "mock",
            "2026-03-01",
            ("outstanding", 90.0),
            &[("safe", "outstanding", 90.0)],
            &[],
        ),
        record(
            8,
            BETA,
            "Cedar Ward",
            "mock",
            "2026-02-01",
            ("inadequate", 30.0),
            &[("safe", "inadequate", 30.0)],
            &["safe.staffing"],
        ),
        record(
            9,
            BETA,
            "Cedar Ward",
            "mock",
            "2026-05-01",
            (ri, 45.0),
            &[("safe", ri, 45.0)],
            &["safe.staffing"],
        ),
    ]
}

fn action(id: i64, inspection: i64, owner: &str, due: &str, status: &str) -> BoardActionInput {
    BoardActionInput {
        id,
        inspection_id: inspection,
        title: format!("Action {id}"),
        owner: owner.into(),
        due_date: Some(due.into()),
        status: status.into(),
        priority: Some("Should do".into()),
    }
}

fn actions() -> Vec<BoardActionInput> {
    vec![
        action(1, 1, "Ward manager", "2026-05-25", "not-started"), // 7 days overdue
        action(2, 4, "Matron", "2026-03-01", "in-progress"),       // 92 days overdue
        action(3, 8, "Ward manager", "2026-04-01", "not-started"), // 61 days overdue
        action(4, 9, "Matron", "2026-07-01", "not-started"),       // not yet due
        action(5, 1, "Matron", "2026-01-31", "completed"),         // done: left out
        action(6, 999, "Matron", "2026-01-31", "not-started"),     // no such record
    ]
}

fn agreements() -> Vec<Agreement> {
    let a = |first, second, agree: f64, kappa: Option<f64>| Agreement {
        first,
        second,
        items_compared: 10,
        percent_agreement: Some(agree),
        weighted_kappa: kappa,
    };
    vec![
        a(1, 2, 90.0, Some(0.8)),
        a(4, 5, 60.0, Some(0.4)),
        a(4, 6, 80.0, Some(0.6)),
        a(5, 6, 70.0, None),
    ]
}

fn build(filter: BoardFilter) -> Board {
    build_listing(filter, None)
}

fn build_listing(filter: BoardFilter, action_limit: Option<usize>) -> Board {
    let template = shipped();
    let (records, actions, agreements) = (records(), actions(), agreements());
    let templates = [&template];
    board::build(&BoardInput {
        records: &records,
        actions: &actions,
        agreements: &agreements,
        templates: &templates,
        filter: &filter,
        today: "2026-06-01",
        action_limit,
    })
}

fn mocks() -> BoardFilter {
    BoardFilter {
        kind: Some("mock".into()),
        ..Default::default()
    }
}

fn overall(board: &Board, ward: &str) -> (Option<String>, Option<f64>, Option<Movement>) {
    let row = board
        .rows
        .iter()
        .find(|r| r.ward.service.eq_ignore_ascii_case(ward))
        .unwrap_or_else(|| panic!("{ward} has a row"));
    let cell = row
        .cells
        .last()
        .expect("an overall column")
        .as_ref()
        .expect("rated");
    (cell.rating_label.clone(), cell.percent, cell.movement)
}

#[test]
fn the_family_with_most_inspections_is_chosen_and_spellings_of_one_ward_are_one_row() {
    let board = build(BoardFilter::default());
    assert_eq!(board.filter.template.as_deref(), Some("cqc-saf-mh-ward"));
    let wards: Vec<&str> = board.rows.iter().map(|r| r.ward.service.as_str()).collect();
    // Ash Ward's latest record spells it "ash  ward ": trimmed, that is how it is shown.
    assert_eq!(wards, ["ash  ward", "Beech Ward", "Cedar Ward"]);
    assert_eq!(board.rows[0].inspections, 6);
    let columns: Vec<&str> = board.columns.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        columns,
        [
            "safe",
            "effective",
            "caring",
            "responsive",
            "well-led",
            "overall"
        ]
    );
}

#[test]
fn each_cell_is_the_latest_inspection_with_its_movement_since_the_one_before() {
    // Every kind: Ash's latest is the peer review (Requires improvement, 62%), after the
    // self-assessment rated Good: down.
    let board = build(BoardFilter::default());
    assert_eq!(
        overall(&board, "ash  ward"),
        (
            Some("Requires improvement".into()),
            Some(62.0),
            Some(Movement::Down)
        )
    );
    // Mock inspections only: Ash 60% after 70% (Good to Requires improvement: down);
    // Beech has one inspection (no movement); Cedar Inadequate 30% to Requires improvement
    // 45%: up.
    let board = build(mocks());
    assert_eq!(
        overall(&board, "Ash Ward"),
        (
            Some("Requires improvement".into()),
            Some(60.0),
            Some(Movement::Down)
        )
    );
    assert_eq!(
        overall(&board, "Beech Ward"),
        (Some("Outstanding".into()), Some(90.0), None)
    );
    assert_eq!(
        overall(&board, "Cedar Ward"),
        (
            Some("Requires improvement".into()),
            Some(45.0),
            Some(Movement::Up)
        )
    );
    // Ash's Safe cell opens inspection 4 at Safe and says how it was reached.
    let safe = board.rows[0].cells[0].as_ref().expect("Safe is rated");
    assert_eq!(
        (safe.inspection_id, safe.section_id.as_deref()),
        (4, Some("safe"))
    );
    assert_eq!(
        safe.explanation,
        "Safe: Requires improvement (60%) at the mock inspection of 10 April 2026. Down since the mock inspection of 10 January 2026: Good (70%)."
    );
    // Caring was not rated in these records: no cell.
    assert!(board.rows[0].cells[2].is_none());
}

#[test]
fn the_summary_counts_wards_by_their_latest_overall_rating_and_lists_the_biggest_movers() {
    let board = build(mocks());
    let s = &board.summary;
    assert_eq!((s.wards, s.inspections), (3, 5));
    let spread: Vec<(&str, u32)> = s
        .distribution
        .iter()
        .map(|d| (d.label.as_str(), d.wards))
        .collect();
    assert_eq!(
        spread,
        [
            ("Outstanding", 1),
            ("Good", 0),
            ("Requires improvement", 2),
            ("Inadequate", 0)
        ]
    );
    // Cedar +15 points, Ash −10; Beech has no previous inspection.
    let movers: Vec<(&str, f64)> = s
        .movers
        .iter()
        .map(|m| (m.ward.service.as_str(), m.change))
        .collect();
    assert_eq!(movers, [("Cedar Ward", 15.0), ("Ash Ward", -10.0)]);
}

#[test]
fn trends_average_each_month() {
    let board = build(BoardFilter::default());
    let overall: Vec<(&str, u32, Option<f64>)> = board
        .trends
        .whole
        .iter()
        .map(|p| {
            (
                p.period.as_str(),
                p.inspections,
                *p.percents.last().expect("overall"),
            )
        })
        .collect();
    // January 70 and 80; February 78 and 30; March 90; April 60, 75, 62; May 45.
    assert_eq!(
        overall,
        [
            ("2026-01", 2, Some(75.0)),
            ("2026-02", 2, Some(54.0)),
            ("2026-03", 1, Some(90.0)),
            ("2026-04", 3, Some(197.0 / 3.0)),
            ("2026-05", 1, Some(45.0)),
        ]
    );
    assert_eq!(board.trends.whole[0].label, "January 2026");
    // Safe in January: 70 and 80.
    assert_eq!(board.trends.whole[0].percents[0], Some(75.0));
    let ash = &board.trends.wards[0];
    assert_eq!(ash.points.len(), 6);
    assert_eq!(ash.points[3].inspection_id, Some(4));
}

#[test]
fn a_ward_whose_self_assessments_run_higher_than_its_mock_inspections_is_flagged() {
    // The kind filter does not narrow the gaps: each needs both kinds.
    let board = build(mocks());
    assert_eq!(board.gaps.wards.len(), 1, "only Ash has self-assessments");
    let ash = &board.gaps.wards[0];
    // 20 January against 10 January (70%): +10; 20 February against 10 January (41 days,
    // nearer than 10 April's 49): 78 − 70 = +8; 15 April against 10 April: 75 − 60 = +15.
    assert_eq!((ash.pairs, ash.self_higher), (3, 3));
    assert_eq!(ash.mean_gap, Some(11.0));
    assert!(ash.flagged);
    // Safe: only the 20 January self-assessment and 15 April have Safe: 80 − 70 and 75 − 60.
    assert_eq!(ash.column_gaps[0], Some(12.5));
    // Effective: only 20 January against 10 January: 65 − 55.
    assert_eq!(ash.column_gaps[1], Some(10.0));
    assert_eq!(ash.column_gaps[2], None);
    assert!(
        ash.explanation.contains("flagged as persistently higher"),
        "{}",
        ash.explanation
    );
}

#[test]
fn a_ward_with_fewer_self_assessments_than_the_rule_needs_is_not_flagged() {
    // From April: only the 15 April self-assessment and the 10 April mock are in the period.
    let board = build(BoardFilter {
        from: Some("2026-04-01".into()),
        ..Default::default()
    });
    let ash = &board.gaps.wards[0];
    assert_eq!((ash.pairs, ash.mean_gap), (1, Some(15.0)));
    assert!(!ash.flagged);
}

#[test]
fn inspections_of_one_ward_close_in_time_are_paired_and_summarised_per_trust() {
    let records = records();
    let filter = BoardFilter {
        template: Some("cqc-saf-mh-ward".into()),
        ..Default::default()
    };
    // Ash: 10 and 20 January (10 days); 10, 15 and 20 April (5, 10 and 5 days). February's
    // is 31 days from January's; Cedar's are 89 days apart.
    assert_eq!(
        board::pairs(&records, &filter),
        [(1, 2), (4, 5), (4, 6), (5, 6)]
    );
    assert_eq!(
        board::pairs(
            &records,
            &BoardFilter {
                consistency_days: Some(5),
                ..filter.clone()
            }
        ),
        [(4, 5), (5, 6)]
    );
    let board = build(BoardFilter::default());
    let alpha = &board.consistency.trusts[0];
    assert_eq!((alpha.trust.as_str(), alpha.pairs), ("Alpha Trust", 4));
    // (90 + 60 + 80 + 70) ÷ 4; kappa over the three defined: (0.8 + 0.4 + 0.6) ÷ 3.
    assert_eq!(alpha.mean_agreement, Some(75.0));
    assert!((alpha.mean_kappa.expect("defined") - 0.6).abs() < 1e-12);
    assert_eq!(board.consistency.pairs.len(), 4);
    assert_eq!(board.consistency.pairs[2].second.kind, "peer-review");
}

#[test]
fn themes_count_the_items_found_weak_by_inspection_and_by_ward() {
    let board = build(BoardFilter::default());
    let themes: Vec<(&str, u32, u32, i64)> = board
        .themes
        .items
        .iter()
        .map(|t| {
            (
                t.item_id.as_str(),
                t.inspections,
                t.wards,
                t.latest_inspection_id,
            )
        })
        .collect();
    // Staffing: inspections 1 and 4 (Ash), 8 and 9 (Cedar); consent: inspection 4.
    assert_eq!(
        themes,
        [("safe.staffing", 4, 2, 9), ("effective.consent", 1, 1, 4)]
    );
    assert_eq!(board.themes.items[0].section_title, "Safe");
    assert!(!board.themes.items[0].title.is_empty());
}

#[test]
fn open_actions_are_aged_by_days_overdue() {
    let board = build(BoardFilter::default());
    let a = &board.actions;
    assert_eq!((a.open, a.overdue), (4, 3));
    let buckets: Vec<u32> = a.buckets.iter().map(|b| b.actions).collect();
    assert_eq!(buckets, [1, 1, 1]);
    let list: Vec<(i64, Option<u32>)> = a.list.iter().map(|x| (x.id, x.days_overdue)).collect();
    assert_eq!(
        list,
        [(2, Some(92)), (3, Some(61)), (1, Some(7)), (4, None)]
    );
    assert_eq!(a.list[0].bucket.as_deref(), Some("Over 90 days"));
    let trusts: Vec<(&str, u32, u32, &[u32])> = a
        .by_trust
        .iter()
        .map(|r| (r.label.as_str(), r.open, r.overdue, r.ageing.as_slice()))
        .collect();
    assert_eq!(
        trusts,
        [
            ("Alpha Trust", 2, 2, &[1, 0, 1][..]),
            ("Beta Trust", 2, 1, &[0, 1, 0][..])
        ]
    );
    let owners: Vec<(&str, u32)> = a
        .by_owner
        .iter()
        .map(|r| (r.label.as_str(), r.overdue))
        .collect();
    assert_eq!(owners, [("Ward manager", 2), ("Matron", 1)]);
}

#[test]
fn the_trust_filter_ignores_case_and_narrows_everything() {
    let board = build(BoardFilter {
        trust: Some(" beta trust".into()),
        ..Default::default()
    });
    let wards: Vec<&str> = board.rows.iter().map(|r| r.ward.service.as_str()).collect();
    assert_eq!(wards, ["Cedar Ward"]);
    assert_eq!((board.actions.open, board.actions.overdue), (2, 1));
    assert!(board.consistency.pairs.is_empty());
    assert!(board.gaps.wards.is_empty());
    // The choices still offer every trust.
    assert_eq!(board.choices.trusts, ["Alpha Trust", "Beta Trust"]);
}

#[test]
fn a_digest_keeps_ratings_percentages_and_the_weakest_items() {
    use keyline_core::scoring::{score, Answer, Response};
    let template = shipped();
    let safe = template
        .sections
        .iter()
        .find(|s| s.id == "safe")
        .expect("Safe");
    // Safe: staffing 1, the other seven 3: 22 of 32 points.
    let responses: Vec<Response> = safe
        .items
        .iter()
        .map(|i| {
            Response::new(
                i.id.clone(),
                Answer::Level(if i.id == "safe.staffing" { 1.0 } else { 3.0 }),
            )
        })
        .collect();
    let result = score(&template, &responses, &[]);
    let digest = board::digest(&template, &result);
    assert_eq!(digest.low_items, ["safe.staffing"]);
    let safe = &digest.sections[0];
    assert_eq!(safe.percent, result.sections[0].rounded_percent);
    assert_eq!(safe.rating, result.sections[0].rating);
    // Overall: every point earned over every point possible (the other sections unanswered
    // count 0 of their points).
    let possible: f64 = result.sections.iter().map(|s| s.possible).sum();
    assert_eq!(digest.percent, Some(22.0 / possible * 100.0));
}

#[test]
fn a_limited_action_list_keeps_the_most_overdue_and_counts_them_all() {
    let board = build_listing(BoardFilter::default(), Some(2));
    let a = &board.actions;
    let ids: Vec<i64> = a.list.iter().map(|x| x.id).collect();
    assert_eq!(ids, [2, 3]);
    assert_eq!((a.open, a.overdue), (4, 3));
    let buckets: Vec<u32> = a.buckets.iter().map(|b| b.actions).collect();
    assert_eq!(buckets, [1, 1, 1]);
    assert!(
        a.explanation.contains("The 2 most overdue are listed"),
        "{}",
        a.explanation
    );
}
