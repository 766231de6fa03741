//! Storage timings as an inspector feels them, on a database file (WAL) in a temporary
//! folder: saving one answer with `App::answer_text` (validate, write with its audit entry
//! in one committed transaction, rescore), and loading a full inspection with
//! `App::open_inspection`. Run with `cargo bench -p keyline-app --bench storage`; the
//! figures are recorded in `docs/performance.md`.

use std::time::{Duration, Instant};

use keyline_app::dto::{InspectionKind, NewAction, NewInspection};
use keyline_app::App;

const SAVES: usize = 2000;
const LOADS: usize = 200;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn row(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mean = samples.iter().sum::<Duration>() / samples.len() as u32;
    println!(
        "| {name:<40} | {:>5} | {:>8.3} | {:>8.3} | {:>8.3} | {:>8.3} |",
        samples.len(),
        ms(percentile(&samples, 50.0)),
        ms(percentile(&samples, 99.0)),
        ms(mean),
        ms(samples[samples.len() - 1]),
    );
}

fn new_inspection(app: &mut App, service: &str) -> (i64, Vec<String>) {
    let id = app
        .create_inspection(NewInspection {
            template_id: "cqc-saf-mh-ward".to_string(),
            template_version: None,
            service: service.to_string(),
            site: "Riverside".to_string(),
            trust: "North Trust".to_string(),
            kind: InspectionKind::SelfAssessment,
            date: None,
            team: "A. Okafor, B. Nowak".to_string(),
        })
        .expect("create")
        .id;
    let items = app
        .open_inspection(id)
        .expect("view")
        .template
        .sections
        .iter()
        .flat_map(|s| s.items.iter().map(|i| i.id.clone()))
        .collect();
    (id, items)
}

/// A photo-sized file that `infer` takes for a PNG.
fn photo(seed: u8, size: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x04\0\0\0\x03\0\x08\x02\0\0\0".to_vec();
    let mut x = u32::from(seed) | 1;
    while bytes.len() < size {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes.push(x as u8);
    }
    bytes
}

fn time_loads(app: &App, id: i64) -> Vec<Duration> {
    for _ in 0..20 {
        app.open_inspection(id).expect("load");
    }
    (0..LOADS)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(app.open_inspection(id).expect("load"));
            started.elapsed()
        })
        .collect()
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("bench.sqlite3");
    let mut app = App::open(&db).expect("open");

    // Saving one answer.
    let (id, items) = new_inspection(&mut app, "Ward 7");
    let n = items.len();
    let save = |app: &mut App, i: usize| {
        let level = (i / n) % 4 + 1;
        app.answer_text(id, &items[i % n], &level.to_string(), None)
            .expect("save");
    };
    for i in 0..200 {
        save(&mut app, i);
    }
    let mut saves = Vec::with_capacity(SAVES);
    for i in 200..200 + SAVES {
        let started = Instant::now();
        save(&mut app, i);
        saves.push(started.elapsed());
    }

    // Loading a full inspection: every statement answered, a note on each, ten actions and
    // two photos.
    let (full, items) = new_inspection(&mut app, "Ward 8");
    for (i, item) in items.iter().enumerate() {
        let note = format!("Seen on the visit: observation {i} with the ward manager and staff.");
        app.answer_text(full, item, &((i % 4) + 1).to_string(), Some(&note))
            .expect("answer");
    }
    for (i, item) in items.iter().take(10).enumerate() {
        app.add_action(NewAction {
            inspection_id: full,
            item_id: Some(item.clone()),
            title: format!("Follow up finding {i}"),
            owner: "B. Nowak".to_string(),
            due_date: Some("2026-01-31".to_string()),
            priority: None,
            regulations: Vec::new(),
        })
        .expect("action");
    }
    let loads_without_photos = time_loads(&app, full);
    for (i, size) in [(1_u8, 2_500_000), (2, 1_800_000)] {
        app.add_evidence(full, &items[0], &format!("photo-{i}.png"), &photo(i, size))
            .expect("evidence");
    }
    let view = app.open_inspection(full).expect("load");
    assert_eq!(view.responses.len(), items.len());
    assert_eq!(view.notes.len(), items.len());
    assert_eq!((view.actions.len(), view.evidence.len()), (10, 2));
    let loads = time_loads(&app, full);

    println!();
    println!(
        "| {:<40} | {:>5} | {:>8} | {:>8} | {:>8} | {:>8} |",
        "operation (ms)", "n", "median", "p99", "mean", "max"
    );
    println!(
        "|{:-<42}|{:->7}|{:->10}|{:->10}|{:->10}|{:->10}|",
        "", "", "", "", "", ""
    );
    row("save one answer (answer_text)", saves);
    row("load full inspection (with 2 photos)", loads);
    row(
        "  the same before the photos were added",
        loads_without_photos,
    );
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    println!("\ndatabase file: {:.1} MB", size as f64 / 1_048_576.0);
}
