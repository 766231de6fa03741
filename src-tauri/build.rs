//! Generates the app's permissions and restricts the IPC surface to the commands listed
//! here; every one must also be allowed in `capabilities/default.json`.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "list_templates",
        "import_template",
        "list_inspections",
        "create_inspection",
        "open_inspection",
        "answer",
        "clear_answer",
        "save_note",
        "set_override",
        "compare_inspections",
        "add_evidence",
        "list_actions",
        "add_action",
        "suggest_priority",
        "update_action",
        "delete_action",
        "remove_evidence",
        "delete_inspection",
        "sign_off",
        "amend_inspection",
        "verify_audit",
        "export_pdf",
        "open_exported",
        "evidence_image",
        "open_evidence",
        "settings",
        "create_identity",
        "trust_certificate",
        "untrust",
        "import_records",
        "export_bundle",
        "set_sync_folder",
        "sync_now",
        "board",
        "export_board",
        "export_board_pack",
        "template_library",
        "new_template_draft",
        "template_draft",
        "save_template_draft",
        "preview_template_draft",
        "publish_template_draft",
        "delete_template_draft",
        "archive_template",
        "compare_template_versions",
        "compare_template_draft",
        "export_template_sheet",
        "import_template_sheet",
    ]);
    let attributes = tauri_build::Attributes::new().app_manifest(manifest);
    if let Err(e) = tauri_build::try_build(attributes) {
        println!("cargo:warning=tauri build step failed: {e:#}");
        std::process::exit(1);
    }
}
