//! The committed JSON Schema is what editors validate templates against while people write
//! them, so it must match the Rust types exactly. Run with `UPDATE_SCHEMA=1` to rewrite it.

use std::path::PathBuf;

use keyline_core::template::json_schema;

fn committed_schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../inspection-templates/template.schema.json")
}

#[test]
fn committed_schema_is_up_to_date() {
    let path = committed_schema_path();
    let generated = json_schema();
    if std::env::var_os("UPDATE_SCHEMA").is_some_and(|value| value == "1") {
        std::fs::write(&path, &generated).expect("write the schema");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is out of date; regenerate it with \
         `UPDATE_SCHEMA=1 cargo test -p keyline-core --test template_schema`",
        path.display()
    );
}

#[test]
fn schema_describes_the_format() {
    let schema: serde_json::Value =
        serde_json::from_str(&json_schema()).expect("the schema is JSON");
    assert_eq!(schema["title"], "Template");
    assert_eq!(schema["additionalProperties"], false);
    for field in ["id", "version", "ratings", "banding", "overall", "sections"] {
        assert!(
            schema["required"]
                .as_array()
                .is_some_and(|required| required.contains(&field.into())),
            "`{field}` should be required"
        );
    }
    assert!(json_schema().ends_with("}\n"));
}
