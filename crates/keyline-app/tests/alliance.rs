//! `keyline demo --alliance`'s generator: a small alliance (about 60 inspections) is made
//! the same from the same seed and day, every inspection signed off, with the kinds of
//! inspection, the peer reviews and the action follow-up a board's view needs, and an audit
//! trail that verifies.
//!
//! Making an alliance signs every inspection off (a report rendered and signed each time),
//! so the alliance is made once and read by every test; the determinism test makes a second.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use keyline_app::dto::{
    Action, ActionStatus, AuditCheck, InspectionKind, InspectionStatus, InspectionSummary,
};
use keyline_app::{AllianceOptions, AllianceSummary, App, ErrorCode};

const TODAY: &str = "2026-11-30";
const SEED: u64 = 2026;
const SMALL: usize = 60;

/// What the tests read of a generated alliance.
struct Made {
    summary: AllianceSummary,
    progress: Vec<(usize, usize)>,
    inspections: Vec<InspectionSummary>,
    /// Per inspection (by id): its facts, answers, notes, moderations, score and actions, as
    /// text; everything the generator decides, nothing the clock does.
    contents: Vec<Vec<String>>,
    /// Per inspection (by id): the mean of its key questions' percentages.
    percents: Vec<f64>,
    actions: Vec<Action>,
    audit: AuditCheck,
}

fn make(seed: u64) -> Made {
    let mut app = App::open_in_memory().expect("open");
    let mut progress = Vec::new();
    let summary = app
        .create_alliance_demo(
            &AllianceOptions {
                inspections: Some(SMALL),
                today: TODAY.to_string(),
                seed,
            },
            &mut |done, total| progress.push((done, total)),
        )
        .expect("the alliance is made");
    let mut inspections = app.list_inspections().expect("list");
    inspections.sort_by_key(|i| i.id);
    let mut percents = Vec::new();
    let contents = inspections
        .iter()
        .map(|i| {
            let view = app.open_inspection(i.id).expect("open the inspection");
            let sections: Vec<f64> = view
                .score
                .sections
                .iter()
                .filter_map(|s| s.percent)
                .collect();
            percents.push(sections.iter().sum::<f64>() / sections.len() as f64);
            let notes: Vec<(&str, &str)> = view
                .notes
                .iter()
                .map(|n| (n.item_id.as_str(), n.text.as_str()))
                .collect();
            let actions: Vec<_> = view
                .actions
                .iter()
                .map(|a| {
                    (
                        &a.item_id,
                        &a.title,
                        &a.owner,
                        &a.due_date,
                        a.status,
                        a.priority,
                        &a.regulations,
                    )
                })
                .collect();
            let mut responses: Vec<String> =
                view.responses.iter().map(|r| format!("{r:?}")).collect();
            responses.sort();
            vec![
                format!(
                    "{:?}",
                    (&i.service, &i.site, &i.trust, i.kind, &i.date, &i.team)
                ),
                format!("{:?}", (i.status, &i.rating, i.answered, i.total)),
                responses.join("\n"),
                format!("{notes:?}"),
                format!("{:?}", view.overrides),
                format!("{:?}", view.score),
                format!("{actions:?}"),
            ]
        })
        .collect();
    Made {
        summary,
        progress,
        inspections,
        contents,
        percents,
        actions: app.list_actions(None).expect("actions"),
        audit: app.verify_audit(None).expect("audit verify"),
    }
}

fn made() -> &'static Made {
    static MADE: OnceLock<Made> = OnceLock::new();
    MADE.get_or_init(|| make(SEED))
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` day.
fn day(text: &str) -> i64 {
    let part = |r: std::ops::Range<usize>| text[r].parse::<i64>().expect("a date");
    let (y, m, d) = (part(0..4), part(5..7), part(8..10));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// A ward as people know it: trust, site and name.
type WardName<'a> = (&'a str, &'a str, &'a str);

fn ward(i: &InspectionSummary) -> WardName<'_> {
    (&i.trust, &i.site, &i.service)
}

#[test]
fn the_same_seed_and_day_make_the_same_alliance() {
    let again = std::thread::spawn(|| make(SEED));
    let first = made();
    let again = again.join().expect("the second alliance");
    assert_eq!(first.contents.len(), again.contents.len());
    for (n, (a, b)) in first.contents.iter().zip(&again.contents).enumerate() {
        for (part, (a, b)) in a.iter().zip(b).enumerate() {
            assert!(a == b, "inspection {n}, part {part}:\n{a}\n---\n{b}");
        }
    }
    assert_eq!(
        serde_json::to_value(&first.summary).expect("summary"),
        serde_json::to_value(&again.summary).expect("summary")
    );
}

#[test]
fn about_the_number_asked_for_every_one_signed_off_within_the_year() {
    let made = made();
    let count = made.inspections.len();
    assert!(
        (SMALL - 5..=SMALL + 15).contains(&count),
        "{count} inspections"
    );
    assert_eq!(made.summary.inspections, count);
    let total = made.progress.last().expect("progress was reported").1;
    assert_eq!(
        made.progress,
        (1..=total).map(|done| (done, total)).collect::<Vec<_>>()
    );
    assert_eq!(total, count);
    for i in &made.inspections {
        assert_eq!(
            i.status,
            InspectionStatus::SignedOff,
            "{} is signed off",
            i.id
        );
        assert!(
            i.complete && i.signed_record.is_some(),
            "{} is signed",
            i.id
        );
        assert_eq!(i.template_id, "cqc-saf-mh-ward");
        let age = day(TODAY) - day(&i.date);
        assert!((0..=365).contains(&age), "{} is within the year", i.date);
    }
}

#[test]
fn four_trusts_and_wards_named_the_same_at_every_inspection() {
    let made = made();
    let trusts: BTreeSet<&str> = made.inspections.iter().map(|i| i.trust.as_str()).collect();
    assert_eq!(trusts.len(), 4, "{trusts:?}");
    assert_eq!(made.summary.trusts, 4);
    let mut by_ward: BTreeMap<WardName, BTreeMap<&str, usize>> = BTreeMap::new();
    for i in &made.inspections {
        *by_ward
            .entry(ward(i))
            .or_default()
            .entry(i.kind.as_str())
            .or_default() += 1;
    }
    assert_eq!(by_ward.len(), made.summary.wards);
    // Each ward (named the same each time) has its year: monthly and quarterly.
    for (ward, kinds) in &by_ward {
        assert_eq!(kinds.get("self-assessment"), Some(&12), "{ward:?}");
        assert_eq!(kinds.get("mock"), Some(&4), "{ward:?}");
    }
}

#[test]
fn a_peer_review_follows_a_mock_of_the_same_ward_within_ten_days() {
    let made = made();
    let peers: Vec<&InspectionSummary> = made
        .inspections
        .iter()
        .filter(|i| i.kind == InspectionKind::PeerReview)
        .collect();
    assert!(!peers.is_empty(), "there is a peer review");
    for peer in peers {
        let near_a_mock = made.inspections.iter().any(|m| {
            m.kind == InspectionKind::Mock
                && ward(m) == ward(peer)
                && (day(&m.date) - day(&peer.date)).abs() <= 10
        });
        assert!(near_a_mock, "peer review {} is near a mock", peer.id);
    }
}

#[test]
fn some_wards_rate_themselves_higher_than_their_mock_inspections_do() {
    let made = made();
    let mut percent: BTreeMap<WardName, [(f64, usize); 2]> = BTreeMap::new();
    for (i, mean) in made.inspections.iter().zip(&made.percents) {
        let slot = match i.kind {
            InspectionKind::SelfAssessment => 0,
            InspectionKind::Mock => 1,
            InspectionKind::PeerReview => continue,
        };
        let entry = &mut percent.entry(ward(i)).or_default()[slot];
        entry.0 += mean;
        entry.1 += 1;
    }
    let gaps: Vec<f64> = percent
        .values()
        .map(|[own, mock]| own.0 / own.1 as f64 - mock.0 / mock.1 as f64)
        .collect();
    // Half a level on a scale of 1 to 4 is 12.5 points.
    assert!(gaps.iter().any(|gap| *gap >= 10.0), "{gaps:?}");
}

#[test]
fn some_actions_are_overdue_and_some_completed() {
    let made = made();
    let today = day(TODAY);
    assert_eq!(made.summary.actions, made.actions.len());
    let overdue: Vec<i64> = made
        .actions
        .iter()
        .filter(|a| a.status != ActionStatus::Completed)
        .filter_map(|a| a.due_date.as_deref().map(|due| today - day(due)))
        .filter(|late| *late > 0)
        .collect();
    assert_eq!(made.summary.overdue_actions, overdue.len());
    // Overdue by up to a month, by one to three months, and by more.
    for (from, to) in [(1, 30), (31, 90), (91, 365)] {
        assert!(
            overdue.iter().any(|late| (from..=to).contains(late)),
            "some actions are {from} to {to} days overdue: {overdue:?}"
        );
    }
    assert!(made
        .actions
        .iter()
        .any(|a| a.status == ActionStatus::Completed));
    for a in &made.actions {
        let due = day(a.due_date.as_deref().expect("a due date")) - day(&a.inspection_date);
        assert!((14..=84).contains(&due), "due {due} days after");
        assert!(!a.owner.is_empty() && a.priority.is_some());
    }
}

#[test]
fn the_audit_trail_verifies() {
    let audit = &made().audit;
    assert!(audit.intact, "{:?}", audit.problems);
    assert!(audit.entries_checked > 0);
}

#[test]
fn a_day_that_is_not_a_date_is_refused_before_anything_is_written() {
    let mut app = App::open_in_memory().expect("open");
    let refused = app.create_alliance_demo(
        &AllianceOptions {
            inspections: Some(SMALL),
            today: "30/11/2026".to_string(),
            seed: SEED,
        },
        &mut |_, _| {},
    );
    assert!(
        matches!(&refused, Err(e) if e.code == ErrorCode::InvalidInput),
        "{refused:?}"
    );
    assert!(app.list_inspections().expect("list").is_empty());
}

/// The default alliance into a database file, timed:
/// `cargo test --release -p keyline-app --test alliance -- --ignored --nocapture`.
#[test]
#[ignore = "a timing: makes the whole default alliance (about 650 inspections)"]
fn time_the_default_alliance() {
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("alliance.sqlite3");
    let mut app = App::open(&path).expect("open");
    let started = std::time::Instant::now();
    let summary = app
        .create_alliance_demo(
            &AllianceOptions {
                inspections: None,
                today: TODAY.to_string(),
                seed: SEED,
            },
            &mut |done, total| {
                if done % 100 == 0 || done == total {
                    eprintln!("{done} of {total} after {:.1?}", started.elapsed());
                }
            },
        )
        .expect("the alliance is made");
    let size = std::fs::metadata(&path).expect("the database").len();
    eprintln!(
        "{summary:?} in {:.1?}; database {} MB",
        started.elapsed(),
        size / 1_000_000
    );
}
