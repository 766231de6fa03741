//! Crash safety: a process saving answers is killed with SIGKILL at random moments, over and
//! over, on one database file. After every kill the file must pass SQLite's integrity check
//! and hold every answer the writer acknowledged (an answer is acknowledged only after
//! `App::answer_text` returned, i.e. after its transaction committed).
//!
//! The writer (`src/bin/keyline-crash-writer.rs`) follows a fixed sequence: step `c` answers
//! item `c % n` with level `(c / n) % 4 + 1` and the note `c`. So for each item the stored
//! note must be at least the last acknowledged step for that item and at most one step past
//! the last acknowledged step overall (a save can commit just before the kill and never be
//! acknowledged), and the stored answer must be the level of the stored note's step: answer
//! and note are saved in one transaction.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use keyline_app::dto::{InspectionKind, NewInspection};
use keyline_app::App;
use rusqlite::Connection;

const ROUNDS: u64 = 200;
const TEMPLATE: &str = "cqc-saf-mh-ward";

/// A small xorshift generator, seeded from the round, so a failing round can be replayed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// What the test knows after each round, across all rounds.
#[derive(Default)]
struct Acknowledged {
    /// The last acknowledged step per item.
    last: BTreeMap<String, u64>,
    /// The last acknowledged step overall.
    max: Option<u64>,
    total: u64,
}

fn level(step: u64, items: u64) -> u64 {
    (step / items) % 4 + 1
}

/// Checks the file after a kill: integrity, then every item against what was acknowledged.
fn check(db: &Path, inspection: i64, items: &[String], acked: &Acknowledged, round: u64) {
    let conn = Connection::open(db).expect("the database opens after a kill");
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity check runs");
    assert_eq!(integrity, "ok", "round {round}: integrity check");

    let mut stored: BTreeMap<String, (Option<String>, Option<String>)> = BTreeMap::new();
    let mut notes = conn
        .prepare("SELECT item_id, text FROM note WHERE inspection_id = ?1")
        .expect("prepare");
    for row in notes
        .query_map([inspection], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("notes")
    {
        let (item, text): (String, String) = row.expect("note row");
        stored.entry(item).or_default().1 = Some(text);
    }
    let mut answers = conn
        .prepare("SELECT item_id, answer FROM response WHERE inspection_id = ?1")
        .expect("prepare");
    for row in answers
        .query_map([inspection], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("responses")
    {
        let (item, answer): (String, String) = row.expect("response row");
        stored.entry(item).or_default().0 = Some(answer);
    }

    let n = items.len() as u64;
    let newest_possible = acked.max.map_or(u64::MAX, |m| m + 1);
    for (index, item) in items.iter().enumerate() {
        let held = stored.get(item);
        let Some(last) = acked.last.get(item) else {
            // Never acknowledged: it may still hold an unacknowledged first save.
            continue;
        };
        let (answer, note) = held.cloned().unwrap_or_else(|| {
            panic!("round {round}: {item} (acknowledged at step {last}) is gone")
        });
        let note = note.unwrap_or_else(|| panic!("round {round}: the note of {item} is gone"));
        let step: u64 = note
            .parse()
            .unwrap_or_else(|e| panic!("round {round}: the note of {item} is {note:?}: {e}"));
        assert!(
            step >= *last,
            "round {round}: {item} holds step {step}, older than its acknowledged step {last}"
        );
        assert!(
            step <= newest_possible,
            "round {round}: {item} holds step {step}, which was never attempted"
        );
        assert_eq!(
            step % n,
            index as u64,
            "round {round}: {item} holds another item's step"
        );
        let answer =
            answer.unwrap_or_else(|| panic!("round {round}: the answer to {item} is gone"));
        let answer: serde_json::Value =
            serde_json::from_str(&answer).expect("the stored answer is JSON");
        assert_eq!(
            answer,
            serde_json::json!({"kind": "level", "value": level(step, n) as f64}),
            "round {round}: {item}'s answer does not belong with its note (step {step})"
        );
    }
}

#[test]
fn answers_survive_sigkill_at_random_moments() {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("crash.sqlite3");
    let (inspection, items) = {
        let mut app = App::open(&db).expect("open");
        let summary = app
            .create_inspection(NewInspection {
                template_id: TEMPLATE.to_string(),
                template_version: None,
                service: "Crash ward".to_string(),
                site: String::new(),
                trust: String::new(),
                kind: InspectionKind::Mock,
                date: None,
                team: String::new(),
            })
            .expect("create");
        let view = app.open_inspection(summary.id).expect("view");
        let items: Vec<String> = view
            .template
            .sections
            .iter()
            .flat_map(|s| s.items.iter().map(|i| i.id.clone()))
            .collect();
        (summary.id, items)
    };
    let mut acked = Acknowledged::default();
    let mut killed_before_ready = 0;
    for round in 0..ROUNDS {
        let mut rng = Rng::new(round + 1);
        let start = acked.max.map_or(0, |m| m + 1);
        let mut child = Command::new(env!("CARGO_BIN_EXE_keyline-crash-writer"))
            .arg(&db)
            .arg(inspection.to_string())
            .arg(start.to_string())
            .env("KEYLINE_USER", "crash-test")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the writer starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (lines_tx, lines_rx) = mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if lines_tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Most rounds are killed while saving; every fourth may die while still opening.
        if round % 4 != 0 {
            let first = lines_rx
                .recv_timeout(Duration::from_secs(30))
                .expect("the writer says READY");
            assert_eq!(first, "READY");
        }
        std::thread::sleep(Duration::from_millis(1 + rng.below(40)));
        child.kill().expect("SIGKILL the writer");
        let status = child.wait().expect("the writer is reaped");
        reader.join().expect("the reader thread ends");
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            std::io::Read::read_to_string(&mut e, &mut stderr).expect("read stderr");
        }
        assert!(
            stderr.is_empty() && !status.success(),
            "round {round}: the writer failed by itself ({status}): {stderr}"
        );
        let mut ready = false;
        for line in lines_rx.try_iter() {
            if line == "READY" {
                ready = true;
                continue;
            }
            let mut parts = line.split(' ');
            let (Some("ACK"), Some(step), Some(item)) = (parts.next(), parts.next(), parts.next())
            else {
                panic!("round {round}: unexpected line from the writer: {line:?}");
            };
            let step: u64 = step.parse().expect("the step is a number");
            acked.last.insert(item.to_string(), step);
            acked.max = Some(step);
            acked.total += 1;
        }
        if round % 4 == 0 && !ready {
            killed_before_ready += 1;
        }
        check(&db, inspection, &items, &acked, round);
    }

    let app = App::open(&db).expect("open after the last kill");
    let audit = app.verify_audit(None).expect("verify");
    assert!(audit.intact, "audit verify: {:?}", audit.problems);
    println!(
        "{ROUNDS} rounds, {} answers acknowledged, {} killed before the writer was ready, \
         {} audit entries verified, {:.1} s",
        acked.total,
        killed_before_ready,
        audit.entries_checked,
        started.elapsed().as_secs_f64()
    );
    assert!(
        acked.total > ROUNDS,
        "the writer saved too little to test anything"
    );
}
