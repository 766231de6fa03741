//! Helpers shared by the app's integration tests.

use keyline_app::dto::{InspectionKind, NewInspection};
use keyline_app::App;

/// Starts a mock inspection of `service` on the newest version of `template`; its id.
pub fn start_inspection(app: &mut App, template: &str, service: &str) -> i64 {
    app.create_inspection(NewInspection {
        template_id: template.to_string(),
        template_version: None,
        service: service.to_string(),
        site: String::new(),
        trust: String::new(),
        kind: InspectionKind::Mock,
        date: None,
        team: String::new(),
    })
    .expect("create the inspection")
    .id
}

/// The ids of an inspection's items (top level), in template order.
#[allow(dead_code)]
pub fn items(app: &App, id: i64) -> Vec<String> {
    app.open_inspection(id)
        .expect("view")
        .template
        .sections
        .iter()
        .flat_map(|s| s.items.iter().map(|i| i.id.clone()))
        .collect()
}
