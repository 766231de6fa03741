//! `parse` must answer every input with a template or a list of problems: never a panic,
//! a stack overflow or a hang. Property tests throw random bytes and random damage to a
//! valid template at it; the named cases cover the classic hostile inputs.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use keyline_core::template::{parse, Problem};
use proptest::prelude::*;
use serde_json::Value;

fn valid_template() -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/templates/good/every-feature.json");
    std::fs::read(path).expect("read the valid fixture")
}

/// The parser's contract: `Ok`, or `Err` with at least one located problem.
fn answers(bytes: &[u8]) -> Result<(), String> {
    match parse(bytes) {
        Ok(_) => Ok(()),
        Err(problems) if problems.is_empty() => Err("an error with no problems".into()),
        Err(problems) => match problems
            .iter()
            .find(|problem| !problem.path.starts_with('$'))
        {
            Some(problem) => Err(format!("a path not starting with `$`: {problem}")),
            None => Ok(()),
        },
    }
}

fn only_problem(bytes: &[u8]) -> Problem {
    match parse(bytes) {
        Ok(_) => panic!("accepted"),
        Err(mut problems) => {
            assert_eq!(problems.len(), 1, "{problems:?}");
            problems.remove(0)
        }
    }
}

/// Every JSON pointer in a value, the root included.
fn pointers(value: &Value, here: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{here}/{key}"), out);
            }
        }
        Value::Array(list) => {
            for (index, child) in list.iter().enumerate() {
                pointers(child, format!("{here}/{index}"), out);
            }
        }
        _ => {}
    }
    out.push(here);
}

/// Values likely to upset a template: wrong types, edge numbers, real and unreal ids.
fn damage() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        prop_oneof![
            Just(0.0),
            Just(-1.0),
            Just(1.0),
            Just(4.0),
            Just(100.0),
            Just(1e300)
        ]
        .prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        prop_oneof![
            Just("good"),
            Just("poor"),
            Just("a"),
            Just("a-follow"),
            Just("b"),
            Just("x"),
            Just("score"),
            Just(""),
            Just("#zzzzzz"),
            Just("1.0"),
            Just("na"),
            Just("yes"),
            Just("fromSubItems"),
            Just("requireNote")
        ]
        .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-zA-Z]{1,8}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

#[derive(Debug, Clone)]
enum Change {
    Replace(prop::sample::Index, Value),
    Remove(prop::sample::Index),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (any::<prop::sample::Index>(), damage()).prop_map(|(at, value)| Change::Replace(at, value)),
        any::<prop::sample::Index>().prop_map(Change::Remove),
    ]
}

fn apply(template: &mut Value, change: &Change) {
    let mut all = Vec::new();
    pointers(template, String::new(), &mut all);
    match change {
        Change::Replace(at, value) => {
            if let Some(slot) = template.pointer_mut(&all[at.index(all.len())]) {
                *slot = value.clone();
            }
        }
        Change::Remove(at) => {
            let pointer = &all[at.index(all.len())];
            if let Some((parent, key)) = pointer.rsplit_once('/') {
                match template.pointer_mut(parent) {
                    Some(Value::Object(map)) => {
                        map.remove(&key.replace("~1", "/").replace("~0", "~"));
                    }
                    Some(Value::Array(list)) => {
                        if let Ok(index) = key.parse::<usize>() {
                            if index < list.len() {
                                list.remove(index);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        prop_assert_eq!(answers(&bytes), Ok(()));
    }

    #[test]
    fn byte_damage_to_a_valid_template_never_panics(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..8)
    ) {
        let mut bytes = valid_template();
        for (at, byte, kind) in edits {
            if bytes.is_empty() {
                break;
            }
            let position = at.index(bytes.len());
            match kind {
                0 => bytes[position] = byte,
                1 => bytes.insert(position, byte),
                _ => bytes.truncate(position),
            }
        }
        prop_assert_eq!(answers(&bytes), Ok(()));
    }

    #[test]
    fn structural_damage_to_a_valid_template_never_panics(
        changes in prop::collection::vec(change(), 1..6)
    ) {
        let mut template: Value = serde_json::from_slice(&valid_template()).expect("JSON");
        for change in &changes {
            apply(&mut template, change);
        }
        let bytes = serde_json::to_vec(&template).expect("serialise");
        prop_assert_eq!(answers(&bytes), Ok(()));
    }
}

/// Fails if `parse` takes longer than `limit` on `bytes` (debug builds are slow; the limit
/// is generous, it only catches something worse than linear).
fn within(limit: Duration, bytes: &[u8]) -> Result<(), Vec<Problem>> {
    let start = Instant::now();
    let result = parse(bytes).map(|_| ());
    assert!(start.elapsed() < limit, "took {:?}", start.elapsed());
    result
}

/// The valid template with the first `field`'s value replaced by `value`.
fn splice(field: &str, value: &str) -> Vec<u8> {
    let text = String::from_utf8(valid_template()).expect("UTF-8");
    let start = text.find(field).expect("the field") + field.len();
    let end = start
        + text[start..]
            .find([',', '\n'])
            .expect("the end of its value");
    [&text[..start], value, &text[end..]].concat().into_bytes()
}

#[test]
fn a_50_mb_string_is_read_without_trouble() {
    let huge = format!("\"{}\"", "x".repeat(50 * 1024 * 1024));
    let bytes = splice("\"description\": ", &huge);
    assert_eq!(within(Duration::from_secs(60), &bytes), Ok(()));

    // Where it is the wrong type, the message quotes only its start.
    let bytes = splice("\"weight\": ", &huge);
    let problems = within(Duration::from_secs(60), &bytes).expect_err("a text weight");
    assert_eq!(problems[0].path, "$.sections[1].items[0].weight");
    assert!(problems[0].message.len() < 200, "{}", problems[0].message);
}

#[test]
fn deep_nesting_is_a_clear_error_not_a_stack_overflow() {
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let depth = 100_000;
        let text = format!("{{\"id\": {}1{}}}", open.repeat(depth), close.repeat(depth));
        let problem = only_problem(text.as_bytes());
        assert_eq!(problem.path, "$");
        assert!(
            problem.message.contains("nested too deeply"),
            "{}",
            problem.message
        );
    }
}

#[test]
fn nesting_just_within_the_limit_is_read_on_a_small_stack() {
    // Sub-items inside sub-items, as deep as the bracket limit allows: serde recurses
    // through every level, so prove that fits in a modest thread stack.
    let mut template: Value = serde_json::from_slice(&valid_template()).expect("JSON");
    let mut node = &mut template["sections"][0]["items"][0]["subItems"][0];
    for level in 0..28 {
        node["subItems"] = serde_json::json!([{
            "id": format!("deep{level}"), "title": "Deeper", "response": { "type": "yesNo" }
        }]);
        node = &mut node["subItems"][0];
    }
    let bytes = serde_json::to_vec(&template).expect("serialise");
    let outcome = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(move || parse(&bytes))
        .expect("spawn")
        .join()
        .expect("no stack overflow");
    let problems = outcome.expect_err("sub-items of sub-items");
    assert!(problems
        .iter()
        .any(|problem| problem.message.contains("cannot have sub-items of its own")));
}

#[test]
fn hostile_inputs_are_answered() {
    let valid = valid_template();
    let cases: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"\xef\xbb\xbf".to_vec(),
        b"\x00\x00\x00".to_vec(),
        b"null".to_vec(),
        b"{".to_vec(),
        b"{}".to_vec(),
        b"\"\\ud800\"".to_vec(),
        valid[..valid.len() / 2].to_vec(),
        [b"\xef\xbb\xbf".as_slice(), &valid].concat(),
        valid
            .iter()
            .map(|&byte| if byte == b'"' { b'\'' } else { byte })
            .collect(),
    ];
    for bytes in cases {
        assert_eq!(
            answers(&bytes),
            Ok(()),
            "{:?}",
            String::from_utf8_lossy(&bytes)
        );
    }
}

#[test]
fn a_byte_order_mark_is_allowed() {
    let bytes = [b"\xef\xbb\xbf".as_slice(), &valid_template()].concat();
    assert!(parse(&bytes).is_ok());
}
