//! Kinds and statuses have one set of labels, defined with their enums in Rust: the PDF
//! report prints them and `ui/src/lib/bindings.ts` carries them to the screens.

use keyline_app::dto::{
    self, ActionChange, ActionStatus, InspectionKind, InspectionStatus, NewAction,
};
use keyline_app::App;
use keyline_core::scoring::RequirementKind;

mod common;

#[test]
fn the_report_prints_the_labels_of_the_kind_and_the_action_status() {
    let mut app = App::open_in_memory().expect("open");
    let id = common::start_inspection(&mut app, "cqc-saf-mh-ward", "Ward 7");
    let action = app
        .add_action(NewAction {
            inspection_id: id,
            item_id: None,
            title: "Audit missed doses".into(),
            owner: String::new(),
            due_date: None,
            priority: None,
            regulations: Vec::new(),
        })
        .expect("action");
    assert_eq!(action.status, ActionStatus::NotStarted);
    let changed = app
        .update_action(
            action.id,
            ActionChange {
                status: Some(ActionStatus::InProgress),
                ..ActionChange::default()
            },
        )
        .expect("update");
    assert_eq!(changed.status, ActionStatus::InProgress);
    assert_eq!(
        changed.history.last().map(|c| (c.from, c.to)),
        Some((Some(ActionStatus::NotStarted), ActionStatus::InProgress))
    );
    let view = app.open_inspection(id).expect("view");
    assert_eq!(view.inspection.kind, InspectionKind::Mock);
    assert_eq!(view.inspection.status, InspectionStatus::InProgress);

    let report = app.report_model(id).expect("report");
    assert_eq!(report.inspection.kind, "Mock inspection");
    let statuses: Vec<&str> = report.actions.iter().map(|a| a.status.as_str()).collect();
    assert_eq!(statuses, ["In progress"]);
}

#[test]
fn the_bindings_carry_every_label() {
    let ts = dto::typescript_bindings();
    let entry = |key: &str, label: &str| format!("  \"{key}\": \"{label}\",");
    for kind in InspectionKind::ALL {
        assert!(ts.contains(&entry(kind.as_str(), kind.label())), "{kind}");
    }
    for status in InspectionStatus::ALL {
        assert!(
            ts.contains(&entry(status.as_str(), status.label())),
            "{status}"
        );
    }
    for status in ActionStatus::ALL {
        assert!(
            ts.contains(&entry(status.as_str(), status.label())),
            "{status}"
        );
    }
    assert!(ts.contains(&entry("note", RequirementKind::Note.label())));
    assert!(ts.contains(&entry("evidence", RequirementKind::Evidence.label())));
    assert!(ts.contains(
        "export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {\n  \"not-started\": \"Not started\","
    ));
}
