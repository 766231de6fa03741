//! Problems placed in words. A JSON path such as `$.sections[1].items[2].weight` is exact but
//! reads like code to a quality lead; the same place in words is "Section 2 “Effective”,
//! item 3 “Staffing”, weight": counted from one and named by the titles in the file itself.

use serde_json::Value;

use super::Problem;

/// The problems with their places filled in from the file's text (when it reads as JSON at
/// all; a syntax error keeps its line and column in the message and has no place).
pub(super) fn place_all(problems: Vec<Problem>, bytes: &[u8]) -> Vec<Problem> {
    let document = std::str::from_utf8(bytes)
        .ok()
        .map(|text| text.strip_prefix('\u{feff}').unwrap_or(text))
        .and_then(|text| serde_json::from_str::<Value>(text).ok());
    problems
        .into_iter()
        .map(|problem| {
            if !problem.place.is_empty() {
                return problem;
            }
            let place = describe(&problem.path, document.as_ref());
            let message = paths_in_words(&problem.message, document.as_ref());
            Problem {
                message,
                ..problem.at(place)
            }
        })
        .collect()
}

/// A message with every JSON path it quotes (`` `$.banding.bands[0]` ``) told in words
/// ("Banding, band 1"), so the message reads without knowing JSON paths.
fn paths_in_words(message: &str, document: Option<&Value>) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find("`$") {
        let Some(length) = rest[start + 1..].find('`') else {
            break;
        };
        let path = &rest[start + 1..start + 1 + length];
        let words = describe(path, document);
        out.push_str(&rest[..start]);
        if words.is_empty() {
            out.push_str(&rest[start..start + length + 2]);
        } else {
            out.push_str(&words);
        }
        rest = &rest[start + length + 2..];
    }
    out.push_str(rest);
    out
}

/// One step of a JSON path.
#[derive(Debug, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// The steps of a path written by `read.rs`/`check.rs`: `$`, `.key`, `[3]`, `["odd key"]`.
fn steps(path: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut rest = path.strip_prefix('$').unwrap_or(path);
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            steps.push(Step::Key(after[..end].to_owned()));
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix("[\"") {
            // A quoted key: up to the closing `"]` that is not escaped.
            let end = after.find("\"]").unwrap_or(after.len());
            let key = serde_json::from_str::<String>(&format!("\"{}\"", &after[..end]))
                .unwrap_or_else(|_| after[..end].to_owned());
            steps.push(Step::Key(key));
            rest = after.get(end + 2..).unwrap_or("");
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']').unwrap_or(after.len());
            match after[..end].parse() {
                Ok(index) => steps.push(Step::Index(index)),
                Err(_) => steps.push(Step::Key(after[..end].to_owned())),
            }
            rest = after.get(end + 1..).unwrap_or("");
        } else {
            break;
        }
    }
    steps
}

/// The place of `path` in words, using titles from `document` where it has them.
pub(super) fn describe(path: &str, document: Option<&Value>) -> String {
    let steps = steps(path);
    let mut parts: Vec<String> = Vec::new();
    let mut node = document;
    let mut index = 0;
    while index < steps.len() {
        let step = &steps[index];
        let next = steps.get(index + 1);
        match (step, next) {
            (Step::Key(key), Some(Step::Index(n))) => {
                let child = node.and_then(|n| n.get(key));
                let element = child.and_then(|c| c.get(*n));
                parts.push(element_words(key, *n, element));
                node = element;
                index += 2;
            }
            (Step::Key(key), _) => {
                let child = node.and_then(|n| n.get(key));
                // Keys of a map (descriptors, characteristics) read as "descriptor “3”".
                if matches!(key.as_str(), "descriptors" | "characteristics") {
                    if let Some(Step::Key(entry)) = next {
                        parts.push(format!("{} “{entry}”", singular(key)));
                        index += 2;
                        node = None;
                        continue;
                    }
                }
                if let Some(words) = field_words(key) {
                    parts.push(words);
                }
                node = child;
                index += 1;
            }
            (Step::Index(n), _) => {
                parts.push(format!("entry {}", n + 1));
                node = node.and_then(|v| v.get(*n));
                index += 1;
            }
        }
    }
    let mut text = parts.join(", ");
    if let Some(first) = text.get(..1) {
        let upper = first.to_uppercase();
        text.replace_range(..1, &upper);
    }
    text
}

/// "section 2 “Effective”", "item 3 “Staffing”", "rule 1", counted from one.
fn element_words(list: &str, index: usize, element: Option<&Value>) -> String {
    let title = |field: &str| {
        element
            .and_then(|e| e.get(field))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| format!(" “{}”", short(t)))
    };
    let name = title("title")
        .or_else(|| title("label"))
        .or_else(|| title("number"))
        .unwrap_or_default();
    let what = match list {
        "sections" => "section",
        "items" => "item",
        "subItems" => "sub-item",
        "scales" => "scale",
        "levels" => "level",
        "ratings" => "rating",
        "bands" => "band",
        "rules" => "rule",
        "regulations" => "regulation",
        "sources" => "source",
        "options" => "option",
        "logic" => "logic rule",
        "prompts" => "prompt",
        "when" => "condition",
        "show" => "follow-up",
        "answerIs" => "answer",
        _ => return format!("{} {}", field_words(list).unwrap_or_default(), index + 1),
    };
    format!("{what} {}{name}", index + 1)
}

/// A field's name in words, or `None` for the containers the elements already name.
fn field_words(key: &str) -> Option<String> {
    Some(
        match key {
            "sections" | "items" | "subItems" | "scales" | "levels" | "ratings" | "rules"
            | "regulations" | "options" | "logic" | "then" => return None,
            "banding" => "banding",
            "bands" => "bands",
            "overall" => "overall rating rules",
            "caps" => "caps",
            "naAllowed" => "N/A allowed",
            "followUp" => "follow-up",
            "rollUp" => "roll-up",
            "atOrBelow" => "at or below",
            "atLeast" => "at least",
            "atMost" => "at most",
            "provisionalMinimum" => "provisional minimum",
            "requireNote" => "require a note",
            "requireEvidence" => "require evidence",
            "suggestAction" => "suggest an action",
            "answerIs" => "answer is",
            "id" => "id",
            "type" => "type",
            other => return Some(camel_words(other)),
        }
        .to_owned(),
    )
}

fn singular(key: &str) -> &str {
    key.strip_suffix('s').unwrap_or(key)
}

/// `someField` → "some field".
fn camel_words(key: &str) -> String {
    let mut words = String::new();
    for c in key.chars() {
        if c.is_uppercase() {
            words.push(' ');
            words.extend(c.to_lowercase());
        } else {
            words.push(c);
        }
    }
    words
}

/// A title quoted back at most 60 characters long.
fn short(text: &str) -> String {
    let cut: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        format!("{cut}…")
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_steps() {
        assert_eq!(
            steps("$.sections[1].descriptors[\"a.b\"]"),
            vec![
                Step::Key("sections".into()),
                Step::Index(1),
                Step::Key("descriptors".into()),
                Step::Key("a.b".into())
            ]
        );
        assert!(steps("$").is_empty());
    }

    #[test]
    fn places_name_titles_counted_from_one() {
        let document = serde_json::json!({
            "sections": [
                {"title": "Safe", "items": []},
                {"title": "Effective", "items": [
                    {"title": "A"}, {"title": "B"}, {"title": "Staffing", "descriptors": {}}
                ]}
            ],
            "scales": [{"title": "Four levels", "levels": [{"label": "Good"}]}],
            "banding": {"bands": [{"rating": "good"}]}
        });
        let d = Some(&document);
        assert_eq!(
            describe("$.sections[1].items[2].weight", d),
            "Section 2 “Effective”, item 3 “Staffing”, weight"
        );
        assert_eq!(
            describe("$.sections[1].items[2].descriptors.4", d),
            "Section 2 “Effective”, item 3 “Staffing”, descriptor “4”"
        );
        assert_eq!(
            describe("$.scales[0].levels[0].value", d),
            "Scale 1 “Four levels”, level 1 “Good”, value"
        );
        assert_eq!(
            describe("$.banding.bands[0].min", d),
            "Banding, band 1, min"
        );
        assert_eq!(
            paths_in_words(
                "this band starts at 50 but `$.banding.bands[0]` ends at 48",
                d
            ),
            "this band starts at 50 but Banding, band 1 ends at 48"
        );
        assert_eq!(paths_in_words("keep `x` and `$", d), "keep `x` and `$");
        assert_eq!(describe("$.version", d), "Version");
        assert_eq!(describe("$", d), "");
        // Without the document (a file that is not JSON), positions still count from one.
        assert_eq!(
            describe("$.sections[0].items[0].naAllowed", None),
            "Section 1, item 1, N/A allowed"
        );
    }
}
