//! The governance board over many signed-off inspections, timed. A benchmark, not a test:
//! it prints figures for docs/performance.md.
//!
//!     cargo bench -p keyline-cli --bench board [-- INSPECTIONS [DATABASE]]
//!
//! Makes (or, given DATABASE that exists, reuses) an alliance database of about INSPECTIONS
//! signed-off inspections (default 10,000) with the same generator as `keyline demo
//! --alliance`, then times: the board as the app's command computes it (`App::board`), the
//! whole `keyline board --json` process, the board pack PDF, and scoring every inspection
//! afresh (what the kept scores save).

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use keyline_app::{AllianceOptions, App, BoardFilter};

const TODAY: &str = "2026-11-30";

fn median(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(f64::total_cmp);
    (ms[ms.len() / 2], ms[ms.len() - 1])
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let inspections: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().join("alliance.sqlite3"));
    if !db.exists() {
        let t = Instant::now();
        let mut app = App::open(&db).expect("open");
        let made = app
            .create_alliance_demo(
                &AllianceOptions {
                    inspections: Some(inspections),
                    today: TODAY.to_string(),
                    seed: 1,
                },
                &mut |done, total| {
                    if done % 1000 == 0 {
                        eprintln!("{done} of {total}");
                    }
                },
            )
            .expect("alliance");
        println!(
            "made {} inspections of {} wards in {:.0} s",
            made.inspections,
            made.wards,
            t.elapsed().as_secs_f64()
        );
    }
    let filter = BoardFilter::default();
    let mut app = App::open(&db).expect("open");
    let board = app.board(&filter, TODAY).expect("board");
    let json = serde_json::to_vec(&board).expect("json");
    println!(
        "board: {} wards, {} inspections, {} open actions, {} pairs compared; JSON {} bytes",
        board.summary.wards,
        board.summary.inspections,
        board.actions.open,
        board.consistency.pairs.len(),
        json.len()
    );

    let runs: Vec<f64> = (0..10)
        .map(|_| {
            let t = Instant::now();
            app.board_listing(&filter, TODAY, Some(keyline_app::SCREEN_ACTIONS))
                .expect("board");
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    let (med, max) = median(runs);
    let screen = app
        .board_listing(&filter, TODAY, Some(keyline_app::SCREEN_ACTIONS))
        .expect("board");
    println!(
        "the Board screen's command (App::board_listing, {} actions listed, JSON {} bytes): median {med:.0} ms, max {max:.0} ms (10 runs)",
        screen.actions.list.len(),
        serde_json::to_vec(&screen).expect("json").len()
    );

    let runs: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let out = Command::new(env!("CARGO_BIN_EXE_keyline"))
                .args([
                    "--db",
                    &db.display().to_string(),
                    "board",
                    "--json",
                    "--today",
                    TODAY,
                ])
                .output()
                .expect("run keyline");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    let (med, max) = median(runs);
    println!("keyline board --json, whole process: median {med:.0} ms, max {max:.0} ms (5 runs)");

    let runs: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let pdf = app
                .board_pack_pdf(&filter, TODAY, "2026-11-30T09:00:00Z")
                .expect("pack");
            assert!(!pdf.bytes.is_empty());
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    let (med, max) = median(runs);
    println!("board pack PDF: median {med:.0} ms, max {max:.0} ms (5 runs)");

    // Without kept scores (the first board after an upgrade), every inspection is scored
    // once: what re-scoring them all costs.
    let ids: Vec<i64> = board
        .trends
        .wards
        .iter()
        .flat_map(|w| w.points.iter().filter_map(|p| p.inspection_id))
        .collect();
    let t = Instant::now();
    for id in &ids {
        app.fresh_digest(*id).expect("digest");
    }
    println!(
        "re-scoring all {} inspections afresh (what kept scores save): {:.0} ms",
        ids.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
}
