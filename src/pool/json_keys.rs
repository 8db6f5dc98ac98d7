//! Duplicate object keys in registry JSON.
//!
//! `serde_json` keeps the last of several equal keys in an object, so a list naming the same tag,
//! address, entity or pool twice would silently lose all but the last entry (and any
//! disagreement between them). The loaders reject such text instead, naming the key and where it
//! is. RFC 8259 §4: "The names within an object SHOULD be unique."

use std::collections::HashSet;

use super::PoolError;

/// A duplicate key: the key (decoded) and the 1-based line and column of its second occurrence.
struct Duplicate {
    key: String,
    line: usize,
    column: usize,
}

/// Scans text that `serde_json` has already accepted as valid JSON for an object with two equal
/// keys (compared after decoding escapes, so `"A"` and `"\u0041"` are the same key).
fn first_duplicate(json: &str) -> Option<Duplicate> {
    enum Frame {
        Object { keys: HashSet<String>, expect_key: bool },
        Array,
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut bytes = json.bytes().enumerate();
    while let Some((i, b)) = bytes.next() {
        match b {
            b'{' => stack.push(Frame::Object { keys: HashSet::new(), expect_key: true }),
            b'[' => stack.push(Frame::Array),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => {
                if let Some(Frame::Object { expect_key, .. }) = stack.last_mut() {
                    *expect_key = true;
                }
            }
            b'"' => {
                // The closing quote is the first unescaped one; the text is valid JSON.
                let mut end = i;
                while let Some((j, c)) = bytes.next() {
                    match c {
                        b'\\' => {
                            bytes.next();
                        }
                        b'"' => {
                            end = j;
                            break;
                        }
                        _ => {}
                    }
                }
                if let Some(Frame::Object { keys, expect_key }) = stack.last_mut()
                    && *expect_key
                {
                    *expect_key = false;
                    let key: String = json
                        .get(i..=end)
                        .and_then(|raw| serde_json::from_str(raw).ok())
                        .unwrap_or_default();
                    if let Some(key) = keys.replace(key) {
                        let before = json.get(..i).unwrap_or_default();
                        let line = before.matches('\n').count() + 1;
                        let line_start = before.rfind('\n').map_or(0, |n| n + 1);
                        let column = json.get(line_start..i).map_or(0, |s| s.chars().count()) + 1;
                        return Some(Duplicate { key, line, column });
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// Parses registry JSON, rejecting malformed text and objects with duplicate keys, both as
/// [`PoolError::Json`] with the line and column.
pub(crate) fn parse(json: &str, format: &'static str) -> Result<serde_json::Value, PoolError> {
    let value = serde_json::from_str(json).map_err(|e| PoolError::json(format, &e))?;
    match first_duplicate(json) {
        None => Ok(value),
        Some(Duplicate { key, line, column }) => Err(PoolError::Json {
            format,
            line,
            column,
            message: format!("duplicate key {key:?} in one object"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dup(json: &str) -> Option<(String, usize, usize)> {
        first_duplicate(json).map(|d| (d.key, d.line, d.column))
    }

    #[test]
    fn finds_duplicates_at_any_depth_after_decoding() {
        assert_eq!(dup(r#"{"a": 1, "b": {"a": 2}}"#), None);
        assert_eq!(dup(r#"{"a": 1, "a": 2}"#), Some(("a".into(), 1, 10)));
        assert_eq!(dup("{\"x\": [{\"k\": \"k\",\n  \"k\": 1}]}"), Some(("k".into(), 2, 3)));
        assert_eq!(dup(r#"{"A": 1, "\u0041": 2}"#), Some(("A".into(), 1, 10)));
        // String values, escaped quotes and keys in sibling objects are not duplicates.
        assert_eq!(dup(r#"[{"a": "a"}, {"a": "\"a\""}]"#), None);
        assert_eq!(dup(r#"{"a\"": 1, "a": 2, "b": ["a", "a"]}"#), None);
        assert_eq!(dup(r#"{"七": 1, "七": 2}"#), Some(("七".into(), 1, 10)));
    }
}
