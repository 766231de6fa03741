//! Reading a template file's bytes into the model: the structural half of validation.
//!
//! Quality leads write templates by hand, so a broken file must say where it is broken and
//! what to do, in plain English, not in serde's vocabulary. Every structural problem (not
//! JSON, not UTF-8, a wrong type, an unknown or missing field) comes back as one
//! [`Problem`] with a JSON path such as `$.sections[0].items[3].weight`.
//!
//! Guarantees, whatever the input: no panic, no unbounded recursion (nesting is measured
//! before serde sees the text, so a thousand `[` give a clear error instead of a stack
//! overflow), and time linear in the input's size.

use serde_path_to_error::Segment;

use super::{Problem, Template};

/// Deeper than any template needs (a real one nests about ten levels), and shallow enough
/// that serde's recursive descent stays far from the end of the stack.
pub(super) const MAX_NESTING: usize = 64;

/// Longest piece of the file quoted back in a message.
const QUOTE_LIMIT: usize = 40;

/// Reads `bytes` as a template, or says what stops it being one: the first problem, or
/// every unknown field and then the first other problem.
pub(super) fn read(bytes: &[u8]) -> Result<Read, Vec<Problem>> {
    let text = prepare(bytes).map_err(|problem| vec![problem])?;
    deserialize(text)
}

/// The file's text, once it is UTF-8, starts like a template and is not nested too deeply.
fn prepare(bytes: &[u8]) -> Result<&str, Problem> {
    let text = std::str::from_utf8(bytes).map_err(|error| not_utf8(bytes, error))?;
    // Editors on Windows often save a byte-order mark; it is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.trim_start();
    if first.is_empty() {
        return Err(at_root(
            "the file is empty; a template is a JSON object starting with `{`",
        ));
    }
    if !first.starts_with('{') {
        let (line, column) = line_and_column(text, text.len() - first.len());
        return Err(at_root(format!(
            "a template is a JSON object starting with `{{`, but the file starts with {} \
             (line {line}, column {column})",
            quote(first)
        )));
    }
    check_nesting(text)?;
    Ok(text)
}

fn deserialize(text: &str) -> Result<Read, Vec<Problem>> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let first_error = match serde_path_to_error::deserialize::<_, Template>(&mut deserializer) {
        Ok(template) => {
            deserializer
                .end()
                .map_err(|error| vec![serde_problem("$".to_owned(), &error)])?;
            return Ok(Read {
                template,
                unknown_fields: Vec::new(),
            });
        }
        Err(error) => error,
    };
    let problem = serde_problem(json_path(first_error.path().iter()), first_error.inner());
    let Some(field) = unknown_field(first_error.inner()) else {
        return Err(vec![problem]);
    };
    // A misspelt field should not hide the file's other problems: note it, take it out of
    // a copy of the document and read again, until the rest reads or a problem of another
    // kind stops it.
    let Ok(mut document) = serde_json::from_str::<serde_json::Value>(text) else {
        return Err(vec![problem]);
    };
    let mut unknown_fields = vec![problem];
    let mut segments: Vec<Segment> = first_error.path().iter().cloned().collect();
    let mut field = field;
    loop {
        if !remove_field(&mut document, &segments, &field) || unknown_fields.len() > MAX_UNKNOWN {
            return Err(unknown_fields);
        }
        match serde_path_to_error::deserialize::<_, Template>(&document) {
            Ok(template) => {
                return Ok(Read {
                    template,
                    unknown_fields,
                })
            }
            Err(error) => {
                let problem = serde_problem(json_path(error.path().iter()), error.inner());
                match unknown_field(error.inner()) {
                    Some(next) => {
                        unknown_fields.push(problem);
                        segments = error.path().iter().cloned().collect();
                        field = next;
                    }
                    // Another kind of problem: report it with the unknown fields so far.
                    None => {
                        unknown_fields.push(problem);
                        return Err(unknown_fields);
                    }
                }
            }
        }
    }
}

/// How many unknown fields are collected before reading gives up on the file.
const MAX_UNKNOWN: usize = 200;

/// A template read from a file, with any unknown fields that had to be left out to read it.
pub(super) struct Read {
    pub template: Template,
    pub unknown_fields: Vec<Problem>,
}

/// The field named by serde's "unknown field `x`" error, if that is what this is.
fn unknown_field(error: &serde_json::Error) -> Option<String> {
    let text = error.to_string();
    let rest = text.strip_prefix("unknown field `")?;
    Some(rest[..rest.find('`')?].to_owned())
}

/// Removes `field` from the object at `segments` (or at their parent, when the path ends
/// at the field itself). Says whether anything was removed.
fn remove_field(document: &mut serde_json::Value, segments: &[Segment], field: &str) -> bool {
    let ends_at_field = matches!(segments.last(), Some(Segment::Map { key }) if key == field);
    let upto = if ends_at_field {
        &segments[..segments.len() - 1]
    } else {
        segments
    };
    let mut here = document;
    for segment in upto {
        here = match (segment, here) {
            (Segment::Seq { index }, serde_json::Value::Array(items)) => {
                match items.get_mut(*index) {
                    Some(item) => item,
                    None => return false,
                }
            }
            (Segment::Map { key }, serde_json::Value::Object(map)) => match map.get_mut(key) {
                Some(value) => value,
                None => return false,
            },
            // Enum variants and unknown segments do not add a level in the JSON.
            (Segment::Enum { .. } | Segment::Unknown, value) => value,
            _ => return false,
        };
    }
    match here {
        // Keep the file's order, so problems are reported in the order they appear.
        serde_json::Value::Object(map) => map.shift_remove(field).is_some(),
        _ => false,
    }
}

fn at_root(message: impl Into<String>) -> Problem {
    Problem::new("$", message)
}

fn not_utf8(bytes: &[u8], error: std::str::Utf8Error) -> Problem {
    let good = &bytes[..error.valid_up_to()];
    let line = 1 + good.iter().filter(|&&byte| byte == b'\n').count();
    let line_start = good
        .iter()
        .rposition(|&byte| byte == b'\n')
        .map_or(0, |newline| newline + 1);
    let column = 1 + String::from_utf8_lossy(&good[line_start..]).chars().count();
    at_root(format!(
        "the file is not UTF-8 text: the bytes at line {line}, column {column} are not valid \
         characters (save the file as UTF-8)"
    ))
}

/// Finds the first place where `[` and `{` nest deeper than [`MAX_NESTING`], skipping
/// brackets inside strings exactly as a JSON parser would.
fn check_nesting(text: &str) -> Result<(), Problem> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut offset = 0;
    while let Some(&byte) = bytes.get(offset) {
        match byte {
            b'"' => {
                offset = after_string(text, offset + 1);
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    let (line, column) = line_and_column(text, offset);
                    return Err(at_root(format!(
                        "the JSON is nested too deeply: more than {MAX_NESTING} levels of \
                         brackets at line {line}, column {column} (a template needs about ten)"
                    )));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        offset += 1;
    }
    Ok(())
}

/// The offset just after the closing quote of the string whose text starts at `start` (or
/// the end of the text if it is never closed). Searches with `str::find`, which is fast
/// even on a 50 MB string; a quote preceded by an odd run of backslashes is escaped.
fn after_string(text: &str, start: usize) -> usize {
    let mut from = start;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find('"')) {
        let quote = from + found;
        let backslashes = text.as_bytes()[start..quote]
            .iter()
            .rev()
            .take_while(|&&byte| byte == b'\\')
            .count();
        if backslashes % 2 == 0 {
            return quote + 1;
        }
        from = quote + 1;
    }
    text.len()
}

/// 1-based line and column (in characters) of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = 1 + before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let column = 1 + before[line_start..].chars().count();
    (line, column)
}

/// `$`, then `.name` for fields and `[n]` for list positions. Keys that are not plain
/// words (descriptor keys such as `"1"`) are written `["1"]`.
fn json_path<'a>(segments: impl Iterator<Item = &'a Segment>) -> String {
    let mut path = "$".to_owned();
    for segment in segments {
        match segment {
            Segment::Seq { index } => path.push_str(&format!("[{index}]")),
            Segment::Map { key } => push_key(&mut path, key),
            Segment::Enum { variant } => push_key(&mut path, variant),
            Segment::Unknown => {}
        }
    }
    path
}

pub(super) fn push_key(path: &mut String, key: &str) {
    let plain = key
        .chars()
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_' || first == '$')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if plain {
        path.push('.');
        path.push_str(key);
    } else {
        path.push_str(&format!("[{key:?}]"));
    }
}

/// Turns a serde_json error into a problem worded for the person who wrote the file.
fn serde_problem(mut path: String, error: &serde_json::Error) -> Problem {
    let position = format!(" at line {} column {}", error.line(), error.column());
    let full = error.to_string();
    let raw = full.strip_suffix(&position).unwrap_or(&full);
    let mut message = match error.classify() {
        serde_json::error::Category::Data => {
            let (message, field) = plain_data_message(raw);
            // Inside a `response`, serde reads the object whole before looking at its
            // fields, so the path stops at `response`; name the unknown field ourselves.
            if let Some(field) = field {
                if !path.ends_with(&format!(".{field}")) && !path.ends_with(&format!("[{field:?}]"))
                {
                    push_key(&mut path, &field);
                }
            }
            message
        }
        serde_json::error::Category::Eof => plain_end_of_file(raw),
        serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
            plain_syntax_message(raw)
        }
    };
    if error.line() > 0 {
        message.push_str(&format!(
            " (line {}, column {})",
            error.line(),
            error.column()
        ));
    }
    Problem::new(path, message)
}

fn plain_end_of_file(raw: &str) -> String {
    let what = match raw.strip_prefix("EOF while parsing ") {
        Some("a list") => "a list `[` is not closed",
        Some("an object") => "an object `{` is not closed",
        Some("a string") => "a text value is missing its closing `\"`",
        _ => "a value is missing",
    };
    format!("the file ends before the template is complete: {what}")
}

fn plain_syntax_message(raw: &str) -> String {
    let plain = match raw {
        "expected `:`" => "expected a colon `:` after the field name",
        "expected `,` or `]`" => "expected a comma `,` or the end of the list `]`",
        "expected `,` or `}`" => "expected a comma `,` or the end of the object `}`",
        "expected ident" => "expected `true`, `false` or `null`",
        "expected value" => {
            "expected a value: text in double quotes, a number, true, false, null, a list or \
             an object"
        }
        "expected `\"`" => "expected a field name in double quotes",
        "trailing comma" => "JSON does not allow a comma before a closing bracket",
        "trailing characters" => {
            "there is more after the end of the template; a file holds exactly one JSON object"
        }
        "key must be a string" => "field names must be in double quotes",
        "invalid number" => "this is not a valid number",
        "number out of range" => "the number is too large (or too small) to use",
        "invalid escape" => {
            "a backslash in a text value starts an escape JSON does not have; write `\\\\` for \
             a backslash"
        }
        "invalid unicode code point"
        | "lone leading surrogate in hex escape"
        | "unexpected end of hex escape" => "a `\\u` escape does not name a valid character",
        "recursion limit exceeded" => "the JSON is nested too deeply",
        _ if raw.starts_with("control character") => {
            "a text value contains a line break, tab or other control character; write a line \
             break as `\\n`"
        }
        _ => raw,
    };
    plain.to_owned()
}

/// Rewords serde's type and field errors; also returns the unknown field's name, if any.
fn plain_data_message(raw: &str) -> (String, Option<String>) {
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.rsplit_once(", expected ") {
            return (
                format!(
                    "expected {}, found {}",
                    expected_words(expected),
                    found_words(found)
                ),
                None,
            );
        }
    }
    if let Some(rest) = raw.strip_prefix("invalid value: ") {
        if let Some((found, expected)) = rest.rsplit_once(", expected ") {
            return (
                format!(
                    "expected {}, found {}",
                    expected_words(expected),
                    found_words(found)
                ),
                None,
            );
        }
    }
    if let Some(rest) = raw.strip_prefix("invalid length ") {
        if let Some((length, expected)) = rest.split_once(", expected ") {
            return (
                format!(
                    "expected {}, found {length} entries",
                    expected_words(expected)
                ),
                None,
            );
        }
    }
    if let Some(rest) = raw.strip_prefix("unknown field ") {
        let (name, choices) = split_choices(rest);
        let hint = suggestion(&name, &choices);
        let message = format!(
            "unknown field `{}`{hint}; expected {}",
            truncate(&name),
            list_choices(&choices, "no fields here")
        );
        return (message, Some(name));
    }
    if let Some(rest) = raw.strip_prefix("unknown variant ") {
        let (name, choices) = split_choices(rest);
        let hint = suggestion(&name, &choices);
        let message = format!(
            "unknown value `{}`{hint}; expected {}",
            truncate(&name),
            list_choices(&choices, "nothing")
        );
        return (message, None);
    }
    if let Some(name) = raw.strip_prefix("missing field ") {
        return (
            format!("the required field {} is missing", name.trim()),
            None,
        );
    }
    if let Some(name) = raw.strip_prefix("duplicate field ") {
        return (
            format!("the field {} appears twice in the same object", name.trim()),
            None,
        );
    }
    (raw.to_owned(), None)
}

/// Splits "`name`, expected one of `a`, `b`" into the name and the choices.
fn split_choices(rest: &str) -> (String, Vec<String>) {
    let (name, choices) = match rest.split_once("`, expected ") {
        Some((name, choices)) => (name.trim_start_matches('`'), choices),
        None => (rest.trim_matches('`'), ""),
    };
    let choices = choices
        .trim_start_matches("one of ")
        .split('`')
        .enumerate()
        .filter(|(position, _)| position % 2 == 1)
        .map(|(_, choice)| choice.to_owned())
        .collect();
    (name.to_owned(), choices)
}

fn list_choices(choices: &[String], none: &str) -> String {
    match choices {
        [] => none.to_owned(),
        [only] => format!("`{only}`"),
        _ => format!(
            "one of {}",
            choices
                .iter()
                .map(|choice| format!("`{choice}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// " (did you mean `weight`?)" when a choice is within two typing slips of `name`.
fn suggestion(name: &str, choices: &[String]) -> String {
    if name.len() > 64 {
        return String::new();
    }
    choices
        .iter()
        .map(|choice| {
            (
                edit_distance(&name.to_lowercase(), &choice.to_lowercase()),
                choice,
            )
        })
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, choice)| format!(" (did you mean `{choice}`?)"))
        .unwrap_or_default()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, b_char) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != *b_char);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// What serde expected, in the words of someone writing JSON.
fn expected_words(expected: &str) -> String {
    let words = match expected {
        "f64" | "f32" => "a number",
        "u8" => "a whole number from 0 to 255",
        "u16" | "u32" | "u64" | "usize" => "a whole number, 0 or more",
        "i8" | "i16" | "i32" | "i64" => "a whole number",
        "a string" => "text in double quotes",
        "a sequence" => "a list `[…]`",
        "a boolean" => "true or false",
        "a map" => "an object `{…}`",
        _ if expected.starts_with("struct ") => "an object `{…}`",
        _ if expected.starts_with("internally tagged enum") => {
            "an object `{…}` with a `type` field"
        }
        _ if expected.starts_with("enum ") || expected.starts_with("unit variant") => {
            "one of the named values"
        }
        _ => expected,
    };
    words.to_owned()
}

/// What serde found, in the same words.
fn found_words(found: &str) -> String {
    if let Some(text) = found.strip_prefix("string ") {
        return format!("the text {}", truncate(text));
    }
    for (prefix, words) in [
        ("integer ", "the number"),
        ("floating point ", "the number"),
        ("boolean ", ""),
        ("character ", "the character"),
    ] {
        if let Some(value) = found.strip_prefix(prefix) {
            let value = truncate(value.trim_matches('`'));
            return if words.is_empty() {
                value
            } else {
                format!("{words} {value}")
            };
        }
    }
    let words = match found {
        "null" | "unit value" => "null",
        "sequence" => "a list",
        "map" => "an object",
        _ => found,
    };
    truncate(words)
}

fn truncate(text: &str) -> String {
    if text.chars().count() <= QUOTE_LIMIT {
        text.to_owned()
    } else {
        let start: String = text.chars().take(QUOTE_LIMIT).collect();
        format!("{start}…")
    }
}

/// The start of some text, quoted, for "the file starts with …".
fn quote(text: &str) -> String {
    let start: String = text.chars().take(12).collect();
    let more = if text.chars().count() > 12 { "…" } else { "" };
    format!("{start:?}{more}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, path: &str, message: &str) {
        let problem = match read(input.as_bytes()) {
            Ok(_) => panic!("{input:?} was accepted"),
            Err(problems) => problems.into_iter().next().expect("at least one problem"),
        };
        assert_eq!(problem.path, path, "path for {input:?}: {problem}");
        assert!(
            problem.message.contains(message),
            "message for {input:?} was {:?}, wanted {message:?}",
            problem.message
        );
    }

    #[test]
    fn structural_problems_are_located_and_worded() {
        check("", "$", "the file is empty");
        check("   \n", "$", "the file is empty");
        check("[1]", "$", "starts with \"[1]\"");
        check(
            "{\"id\": 5}",
            "$.id",
            "expected text in double quotes, found the number 5",
        );
        check("{\"id\": \"a\"", "$", "an object `{` is not closed");
        check("{\"id\": \"a\",}", "$", "comma before a closing bracket");
        check(
            "{\"idd\": \"a\"}",
            "$.idd",
            "unknown field `idd` (did you mean `id`?)",
        );
        check(&"[".repeat(200), "$", "starts with");
        check(
            &format!("{{\"id\": {}", "[".repeat(100)),
            "$",
            "nested too deeply: more than 64 levels of brackets at line 1, column 71",
        );
    }

    #[test]
    fn every_unknown_field_is_reported_and_the_rest_still_read() {
        let text = r#"{"id": "a", "idd": 1, "version": "1", "titel": "x", "sections": [{"id": "s", "colour": 2}]}"#;
        let problems = match read(text.as_bytes()) {
            Ok(_) => panic!("accepted"),
            Err(problems) => problems,
        };
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        // In file order; then the first problem of another kind (a missing field).
        assert_eq!(
            paths,
            ["$.idd", "$.titel", "$.sections[0].colour", "$.sections[0]"],
            "{problems:?}"
        );
        assert!(
            problems[3].message.contains("`title` is missing"),
            "{problems:?}"
        );
    }

    #[test]
    fn long_text_is_shortened_in_messages() {
        let long = "x".repeat(10_000);
        let problem = match read(
            format!("{{\"id\": \"a\", \"version\": 1, \"title\": \"{long}\"}}").as_bytes(),
        ) {
            Ok(_) => panic!("accepted"),
            Err(problems) => problems.into_iter().next().expect("at least one problem"),
        };
        assert!(problem.message.len() < 200, "{}", problem.message);
    }

    #[test]
    fn brackets_inside_strings_do_not_count_as_nesting() {
        let text = format!("{{\"id\": \"{}\\\"{}\"}}", "[".repeat(100), "{".repeat(100));
        check(&text, "$", "the required field `version` is missing");
    }

    #[test]
    fn edit_distance_counts_slips() {
        assert_eq!(edit_distance("wieght", "weight"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
