//! A draft report shows what the screens show: a key question with unanswered items is not
//! yet rated, never "9.4% Inadequate".

use keyline_app::App;
use keyline_core::scoring::Answer;

mod common;

#[test]
fn a_draft_report_shows_key_questions_not_yet_rated() {
    let mut app = App::open_in_memory().expect("open");
    let id = common::start_inspection(&mut app, "cqc-saf-mh-ward", "Ward 7");
    app.answer(id, "safe.learning-culture", Answer::Level(3.0))
        .expect("answer");
    let report = app.report_model(id).expect("report model");
    let safe = &report.sections[0];
    assert_eq!(
        safe.rating_label.as_deref(),
        Some("Not yet rated (1 of 8 answered)")
    );
    assert_eq!(safe.colour, None);
    assert_eq!(safe.percent, Some(75.0), "over the one answered statement");
    assert!(
        safe.explanation
            .starts_with("Not yet rated: 1 of 8 answered;"),
        "{}",
        safe.explanation
    );
    assert!(safe
        .explanation
        .contains("When every item is answered: Safe: 3 of 32 points"));
    assert_eq!(
        report.overall.rating_label.as_deref(),
        Some("Not yet rated")
    );
    // The score the record keeps is the template's rule, unchanged.
    let score = app.score(id).expect("score");
    assert_eq!(score.sections[0].rating.as_deref(), Some("inadequate"));
}

#[test]
fn answers_changed_after_a_moderation_flag_it_until_it_is_made_again() {
    let mut app = App::open_in_memory().expect("open");
    let id = common::start_inspection(&mut app, "cqc-saf-mh-ward", "Ward 7");
    app.answer(id, "safe.learning-culture", Answer::Level(3.0))
        .expect("answer");
    app.set_override(id, "safe", Some(("good", "Seen on two visits")))
        .expect("moderate");
    assert!(app
        .open_inspection(id)
        .expect("view")
        .stale_moderations
        .is_empty());
    std::thread::sleep(std::time::Duration::from_millis(5));
    let progress = app
        .answer(id, "safe.safe-systems", Answer::Level(2.0))
        .expect("answer after moderating");
    assert_eq!(progress.stale_moderations, ["safe"]);
    assert_eq!(
        app.open_inspection(id).expect("view").stale_moderations,
        ["safe"]
    );
    // Moderating again, having looked, clears it.
    std::thread::sleep(std::time::Duration::from_millis(5));
    app.set_override(id, "safe", Some(("good", "Looked again after the change")))
        .expect("moderate again");
    assert!(app
        .open_inspection(id)
        .expect("view")
        .stale_moderations
        .is_empty());
}
