//! The templates shipped in `inspection-templates/`, embedded in the binary so an installed
//! app needs no repository, and loaded into every database on open.

use include_dir::{include_dir, Dir};
use keyline_store::{Store, TemplateInsert};

use crate::{AppError, ErrorCode, Result};

static SHIPPED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../inspection-templates");

/// The shipped template files: every `*.json` except the schema, as (file name, text).
pub fn files() -> impl Iterator<Item = (&'static str, &'static str)> {
    SHIPPED.files().filter_map(|f| {
        let name = f.path().file_name()?.to_str()?;
        let is_template = name.ends_with(".json") && !name.ends_with(".schema.json");
        is_template
            .then(|| Some((name, f.contents_utf8()?)))
            .flatten()
    })
}

/// A template's id and version, read without the rest of it.
#[derive(serde::Deserialize)]
struct Head {
    id: String,
    version: String,
}

/// Adds any shipped template version the database does not have yet. A shipped version that
/// is already present is left as it is; the database copy is what inspections were scored on.
pub fn load_into(store: &mut Store) -> Result<()> {
    for (name, text) in files() {
        // Every open comes here: a version already stored (the same text, or a different one,
        // which wins as below) needs no parsing, checking or write transaction; reading only
        // its id and version is what keeps `keyline export` and the app's start quick.
        if let Ok(head) = serde_json::from_str::<Head>(text) {
            if store.has_template_version(&head.id, &head.version)? {
                continue;
            }
        }
        let template = keyline_core::template::parse(text.as_bytes()).map_err(|problems| {
            let first = problems
                .first()
                .map(|p| format!("{}: {}", p.path, p.message))
                .unwrap_or_default();
            AppError::new(
                ErrorCode::InvalidTemplate,
                format!("the shipped template {name} is invalid ({first}); this build is broken"),
            )
        })?;
        match store.insert_template(&template, text, true)? {
            TemplateInsert::Added | TemplateInsert::AlreadyPresent => {}
            // Same id and version, different text: the database's copy wins, so existing
            // inspections keep the exact template they were scored on.
            TemplateInsert::Conflict { .. } => {}
        }
    }
    Ok(())
}
