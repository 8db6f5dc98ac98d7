//! Navigation of a parsed JSON document that remembers the path it took, so a missing or bad
//! field is reported by its full path (`result.tx[0].vin[0].coinbase`). Paths are rendered only
//! when an error is built: descending allocates nothing.

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use crate::chain::ChainError;

/// A path from the document root, borrowed from the caller's stack.
#[derive(Clone, Copy)]
enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'static str),
    Index(&'p Path<'p>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => f.write_str("<root>"),
            Path::Key(Path::Root, key) => f.write_str(key),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(Path::Root, i) => write!(f, "[{i}]"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// A JSON value together with the path at which it was found.
#[derive(Clone, Copy)]
pub(crate) struct Field<'v, 'p> {
    value: &'v Value,
    path: Path<'p>,
}

/// JSON type name of a value, for error messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<'v> Field<'v, 'static> {
    /// The document root.
    pub(crate) fn root(value: &'v Value) -> Self {
        Field { value, path: Path::Root }
    }
}

impl<'v, 'p> Field<'v, 'p> {
    /// The raw value.
    pub(crate) fn value(&self) -> &'v Value {
        self.value
    }

    /// The rendered path.
    pub(crate) fn path(&self) -> String {
        self.path.to_string()
    }

    /// An [`ChainError::InvalidField`] for this field.
    pub(crate) fn invalid(&self, reason: impl Into<String>) -> ChainError {
        ChainError::InvalidField { field: self.path(), reason: reason.into() }
    }

    fn missing(&self, key: &'static str) -> ChainError {
        ChainError::MissingField { field: Path::Key(&self.path, key).to_string() }
    }

    fn expected(&self, what: &str) -> ChainError {
        self.invalid(format!("expected {what}, found {}", kind(self.value)))
    }

    /// The member `key` of this object; absent or `null` is [`ChainError::MissingField`].
    pub(crate) fn req<'s>(&'s self, key: &'static str) -> Result<Field<'v, 's>, ChainError> {
        self.opt(key)?.ok_or_else(|| self.missing(key))
    }

    /// The member `key` of this object, `None` if absent or `null`.
    pub(crate) fn opt<'s>(
        &'s self,
        key: &'static str,
    ) -> Result<Option<Field<'v, 's>>, ChainError> {
        let map = self.value.as_object().ok_or_else(|| self.expected("an object"))?;
        Ok(map
            .get(key)
            .filter(|v| !v.is_null())
            .map(|value| Field { value, path: Path::Key(&self.path, key) }))
    }

    /// The elements of this array, each with its indexed path.
    pub(crate) fn elements<'s>(
        &'s self,
    ) -> Result<impl ExactSizeIterator<Item = Field<'v, 's>> + 's, ChainError> {
        let items = self.value.as_array().ok_or_else(|| self.expected("an array"))?;
        let path = &self.path;
        Ok(items
            .iter()
            .enumerate()
            .map(move |(i, value)| Field { value, path: Path::Index(path, i) }))
    }

    /// Element `i` of this array; out of range is [`ChainError::MissingField`].
    pub(crate) fn index<'s>(&'s self, i: usize) -> Result<Field<'v, 's>, ChainError> {
        let items = self.value.as_array().ok_or_else(|| self.expected("an array"))?;
        let path = Path::Index(&self.path, i);
        match items.get(i) {
            Some(value) if !value.is_null() => Ok(Field { value, path }),
            _ => Err(ChainError::MissingField { field: path.to_string() }),
        }
    }

    /// The string value.
    pub(crate) fn str(&self) -> Result<&'v str, ChainError> {
        self.value.as_str().ok_or_else(|| self.expected("a string"))
    }

    /// The boolean value.
    pub(crate) fn bool(&self) -> Result<bool, ChainError> {
        self.value.as_bool().ok_or_else(|| self.expected("a boolean"))
    }

    /// The JSON number.
    pub(crate) fn number(&self) -> Result<&'v serde_json::Number, ChainError> {
        match self.value {
            Value::Number(n) => Ok(n),
            _ => Err(self.expected("a number")),
        }
    }

    /// A non-negative integer that fits in `u64`.
    pub(crate) fn u64(&self) -> Result<u64, ChainError> {
        let n = self.number()?;
        if let Some(v) = n.as_u64() {
            return Ok(v);
        }
        if n.as_i64().is_some_and(|v| v < 0) {
            return Err(self.invalid(format!("must not be negative, got {n}")));
        }
        Err(self.invalid(format!("expected a non-negative integer, got {n}")))
    }

    /// A non-negative integer that fits in `u32`.
    pub(crate) fn u32(&self) -> Result<u32, ChainError> {
        let v = self.u64()?;
        u32::try_from(v).map_err(|_| self.invalid(format!("{v} exceeds {}", u32::MAX)))
    }

    /// A header version: a signed 32-bit integer (Core) or its unsigned reinterpretation
    /// (Esplora prints versions with the top bit set as large positive numbers).
    pub(crate) fn version(&self) -> Result<i32, ChainError> {
        let n = self.number()?;
        let v = n.as_i64().ok_or_else(|| self.invalid(format!("expected an integer, got {n}")))?;
        if let Ok(signed) = i32::try_from(v) {
            return Ok(signed);
        }
        u32::try_from(v)
            .map(|unsigned| i32::from_ne_bytes(unsigned.to_ne_bytes()))
            .map_err(|_| self.invalid(format!("{v} does not fit in 32 bits")))
    }

    /// Bytes from a hex string (any even length, either case).
    pub(crate) fn hex_bytes(&self) -> Result<Vec<u8>, ChainError> {
        let s = self.str()?;
        decode_hex(s).map_err(|reason| self.invalid(reason))
    }

    /// A 32-byte hash in Bitcoin's display order (exactly 64 hex digits).
    pub(crate) fn hash<H: FromStr>(&self) -> Result<H, ChainError> {
        let s = self.str()?;
        if s.len() != 64 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(self.invalid(format!("expected 64 hex digits, got {:?}", truncated(s))));
        }
        s.parse::<H>().map_err(|_| self.invalid(format!("not a hash: {:?}", truncated(s))))
    }

    /// Compact `bits` written as 1 to 8 hex digits (Core's `"1d00ffff"`).
    pub(crate) fn bits_hex(&self) -> Result<u32, ChainError> {
        let s = self.str()?;
        if s.is_empty() || s.len() > 8 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(self.invalid(format!("expected 1 to 8 hex digits, got {:?}", truncated(s))));
        }
        u32::from_str_radix(s, 16).map_err(|e| self.invalid(e.to_string()))
    }
}

/// The first 80 characters of `s`, for error messages about untrusted input.
pub(crate) fn truncated(s: &str) -> &str {
    match s.char_indices().nth(80) {
        Some((i, _)) => s.get(..i).unwrap_or(s),
        None => s,
    }
}

/// Decodes a hex string (even length, either case) into bytes.
pub(crate) fn decode_hex(s: &str) -> Result<Vec<u8>, String> {
    fn nibble(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    }
    if !s.len().is_multiple_of(2) {
        return Err(format!("odd number of hex digits ({})", s.len()));
    }
    s.as_bytes()
        .chunks_exact(2)
        .enumerate()
        .map(|(i, pair)| match pair {
            [hi, lo] => match (nibble(*hi), nibble(*lo)) {
                (Some(h), Some(l)) => Ok((h << 4) | l),
                _ => Err(format!("invalid hex digit at position {}", 2 * i)),
            },
            _ => Err("odd number of hex digits".to_owned()),
        })
        .collect()
}

/// Parses JSON text, mapping syntax errors to [`ChainError::Json`] with line and column.
pub(crate) fn parse_document(text: &str) -> Result<Value, ChainError> {
    serde_json::from_str(text).map_err(|e| {
        let full = e.to_string();
        // serde_json appends " at line L column C"; the position has fields of its own.
        let message = match full.rfind(" at line ") {
            Some(i) => full.get(..i).unwrap_or(&full).to_owned(),
            None => full,
        };
        ChainError::Json { line: e.line(), column: e.column(), message }
    })
}

/// If `root` is a JSON-RPC envelope (`{"result": …, "error": …, "id": …}`), returns its result
/// and the path prefix `"result."`, or the RPC error as [`ChainError::InvalidField`]; otherwise
/// returns `root` itself and an empty prefix.
pub(crate) fn unwrap_envelope<'v>(
    root: &'v Field<'v, 'static>,
) -> Result<(Field<'v, 'v>, &'static str), ChainError> {
    let Some(map) = root.value().as_object() else {
        return Ok((*root, ""));
    };
    let is_envelope =
        map.contains_key("result") && (map.contains_key("error") || map.contains_key("id"));
    if !is_envelope {
        return Ok((*root, ""));
    }
    if let Some(err) = root.opt("error")? {
        return Err(err.invalid(format!("the RPC call failed: {}", err.value())));
    }
    Ok((root.req("result")?, "result."))
}
