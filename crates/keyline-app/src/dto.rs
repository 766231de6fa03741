//! Transport types: everything that crosses IPC to the desktop UI (and the CLI's `--json`).
//! The TypeScript declarations in `ui/src/lib/bindings.ts` are generated from these types;
//! a test fails when that file is out of date.

use serde::Serialize;
use ts_rs::TS;

/// One template version, as listed on the home screen and by `keyline templates list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateSummary {
    pub id: String,
    pub version: String,
    pub title: String,
    pub description: String,
    /// Shipped with Keyline (as opposed to imported by a user).
    pub shipped: bool,
    pub imported_at: String,
}

impl From<keyline_store::StoredTemplate> for TemplateSummary {
    fn from(t: keyline_store::StoredTemplate) -> Self {
        TemplateSummary {
            id: t.id,
            version: t.version,
            title: t.title,
            description: t.description,
            shipped: t.shipped,
            imported_at: t.imported_at,
        }
    }
}

/// The TypeScript declarations of every transport type, as one file's text.
pub fn typescript_bindings() -> String {
    let cfg = ts_rs::Config::default();
    let decls = [
        crate::ErrorCode::decl(&cfg),
        crate::AppError::decl(&cfg),
        TemplateSummary::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types in crates/keyline-app (dto.rs, error.rs).\n// Do not edit: run `make bindings` after changing them.\n",
    );
    for d in decls {
        out.push_str("\nexport ");
        out.push_str(&d);
        out.push('\n');
    }
    out
}
