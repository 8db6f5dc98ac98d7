//! The registry file formats, format detection, and the shared JSON plumbing of the loaders.

use serde_json::{Map, Value};

use super::{PoolError, Registry, SourceId};

/// A pool-list format.
///
/// # Examples
///
/// ```
/// use minerscope::pool::RegistryFormat;
///
/// let detect = RegistryFormat::detect;
/// assert_eq!(
///     detect(r#"[{"name": "F2Pool", "tags": [], "addresses": []}]"#)?,
///     RegistryFormat::PoolList
/// );
/// assert_eq!(
///     detect(r#"{"coinbase_tags": {}, "payout_addresses": {}}"#)?,
///     RegistryFormat::Legacy
/// );
/// assert_eq!(
///     detect(r#"{"/F2Pool/": {"name": "F2Pool", "link": ""}}"#)?,
///     RegistryFormat::CdIdentifiers
/// );
/// assert_eq!(
///     detect(
///         r#"{"1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY": {"name": "F2Pool", "source": ""}}"#
///     )?,
///     RegistryFormat::CdAddresses
/// );
/// # Ok::<_, minerscope::pool::PoolError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum RegistryFormat {
    /// A JSON array of `{id, name, addresses, tags, link}`: mempool's `pools-v2.json` and
    /// bitcoin-data's `pool-list.json`. Tags are regexes in mempool; they are read as literals
    /// after removing simple escapes (`\/` → `/`, `\.` → `.`).
    PoolList,
    /// The legacy `{coinbase_tags, payout_addresses[, slugs]}` object: mempool's `pools.json`,
    /// btccom's and 0xB10C's `pools.json`, bitcoin-data's `pools.json`.
    Legacy,
    /// consensus-decentralization `identifiers_bitcoin.json`: `{tag: {name, link}}`. Tags are
    /// plain substrings there, so they are read as written (no regex unescaping).
    CdIdentifiers,
    /// consensus-decentralization `addresses_bitcoin.json`: `{address: {name, source}}`.
    CdAddresses,
    /// The curated built-in table ([`Registry::builtin`]).
    Builtin,
    /// Entries inserted by hand.
    Custom,
}

impl RegistryFormat {
    /// A short human-readable name, used in error messages.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::RegistryFormat;
    ///
    /// assert_eq!(RegistryFormat::PoolList.name(), "pool-list");
    /// assert_eq!(RegistryFormat::Legacy.name(), "legacy pools");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            RegistryFormat::PoolList => "pool-list",
            RegistryFormat::Legacy => "legacy pools",
            RegistryFormat::CdIdentifiers => "consensus-decentralization identifiers",
            RegistryFormat::CdAddresses => "consensus-decentralization addresses",
            RegistryFormat::Builtin => "built-in",
            RegistryFormat::Custom => "custom",
        }
    }

    /// Guesses the format of a JSON registry from its shape: an array is a pool list; an object
    /// with `coinbase_tags` or `payout_addresses` is legacy; an object of `{name, ...}` entries
    /// is a consensus-decentralization address file when its entries carry a `source` (all of
    /// them, or some and none a `link`), otherwise an identifier file.
    ///
    /// # Errors
    ///
    /// [`PoolError::Json`] for malformed JSON (or an object with two equal keys, whose entries
    /// would otherwise be lost silently), [`PoolError::UnknownFormat`] when the shape fits no
    /// supported format.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{PoolError, RegistryFormat};
    ///
    /// assert_eq!(RegistryFormat::detect("[]")?, RegistryFormat::PoolList);
    /// assert!(matches!(RegistryFormat::detect("{}"), Err(PoolError::UnknownFormat { .. })));
    /// assert!(matches!(RegistryFormat::detect("42"), Err(PoolError::UnknownFormat { .. })));
    /// assert!(matches!(RegistryFormat::detect("[1,"), Err(PoolError::Json { .. })));
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn detect(json: &str) -> Result<Self, PoolError> {
        let value = super::json_keys::parse(json, "registry")?;
        detect_value(&value)
    }
}

fn detect_value(value: &Value) -> Result<RegistryFormat, PoolError> {
    match value {
        Value::Array(_) => Ok(RegistryFormat::PoolList),
        Value::Object(map) => {
            if map.contains_key("coinbase_tags") || map.contains_key("payout_addresses") {
                return Ok(RegistryFormat::Legacy);
            }
            if map.is_empty() {
                return Err(PoolError::UnknownFormat { reason: "empty object" });
            }
            let has = |key: &str| map.values().filter(|v| v.get(key).is_some()).count();
            let (entries, named) = (map.len(), has("name"));
            let (with_source, with_link) = (has("source"), has("link"));
            // Address entries carry a `source`, tag entries a `link`: an address file with one
            // entry lacking its `source` is still an address file (it was read as tags, so every
            // address became a coinbase tag and no payout address was known).
            if named == entries && (with_source == entries || (with_source > 0 && with_link == 0)) {
                Ok(RegistryFormat::CdAddresses)
            } else if named == entries {
                Ok(RegistryFormat::CdIdentifiers)
            } else {
                Err(PoolError::UnknownFormat {
                    reason: "object values are not {name, ...} entries",
                })
            }
        }
        _ => {
            Err(PoolError::UnknownFormat { reason: "top level is neither an array nor an object" })
        }
    }
}

/// One pool as read from a list, before insertion.
#[derive(Debug, Default)]
pub(crate) struct ParsedPool {
    pub(crate) name: String,
    pub(crate) link: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) addresses: Vec<String>,
    pub(crate) slug: Option<String>,
}

pub(crate) fn parse(format: RegistryFormat, json: &str) -> Result<Value, PoolError> {
    super::json_keys::parse(json, format.name())
}

pub(crate) fn as_object<'a>(
    format: RegistryFormat,
    value: &'a Value,
    path: &str,
) -> Result<&'a Map<String, Value>, PoolError> {
    value.as_object().ok_or_else(|| PoolError::schema(format.name(), path, "an object"))
}

/// A string field that may be absent or null.
pub(crate) fn opt_str(
    format: RegistryFormat,
    obj: &Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<String>, PoolError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(PoolError::schema(format.name(), format!("{path}.{key}"), "a string")),
    }
}

/// An array-of-strings field that may be absent or null.
pub(crate) fn str_array(
    format: RegistryFormat,
    obj: &Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Vec<String>, PoolError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_str().map(str::to_owned).ok_or_else(|| {
                    PoolError::schema(format.name(), format!("{path}.{key}[{i}]"), "a string")
                })
            })
            .collect(),
        Some(_) => {
            Err(PoolError::schema(format.name(), format!("{path}.{key}"), "an array of strings"))
        }
    }
}

/// Removes simple regex escapes so a mempool regex tag becomes the literal it was meant as:
/// `\X` becomes `X` for every non-alphanumeric `X` (so `\/`, `\.`, `\\`, `\$`); escapes such
/// as `\d` that have no literal meaning are kept as written.
pub(crate) fn unescape_regex_literal(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    let mut chars = tag.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(n) if !n.is_alphanumeric() => out.push(n),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

impl Registry {
    /// Reads a registry from JSON text, detecting its format ([`RegistryFormat::detect`]).
    ///
    /// # Errors
    ///
    /// [`PoolError::Json`] (with line and column) for malformed JSON or an object with two equal
    /// keys, [`PoolError::UnknownFormat`] or [`PoolError::Schema`] for the wrong shape.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{PoolError, Registry};
    ///
    /// let json = r#"[{"id": 1, "name": "F2Pool", "addresses": [], "tags": ["七彩神仙鱼"], "link": ""}]"#;
    /// let reg = Registry::from_json(json, "inline")?;
    /// assert_eq!(reg.pools()[0].name(), "F2Pool");
    ///
    /// let err = Registry::from_json("[{\"name\": }]", "bad").unwrap_err();
    /// assert!(matches!(err, PoolError::Json { line: 1, column: 11, .. }));
    /// # Ok::<_, PoolError>(())
    /// ```
    pub fn from_json(json: &str, label: &str) -> Result<Self, PoolError> {
        let value = super::json_keys::parse(json, "registry")?;
        let format = detect_value(&value)?;
        let mut reg = Registry::new();
        reg.load_value(format, &value, label)?;
        Ok(reg)
    }

    /// Reads one list of a known format into this registry as a new source; entries for pools
    /// already present are merged into them by name.
    ///
    /// Nothing is added when an error is returned.
    ///
    /// # Errors
    ///
    /// [`PoolError::Json`] for malformed JSON or an object with two equal keys,
    /// [`PoolError::Schema`] for the wrong shape, and
    /// [`PoolError::UnknownFormat`] for [`RegistryFormat::Builtin`] or
    /// [`RegistryFormat::Custom`], which have no file form.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{PoolError, Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::builtin();
    /// let legacy = r#"{"coinbase_tags": {"/NewPool/": {"name": "New Pool", "link": ""}}}"#;
    /// let src = reg.load(RegistryFormat::Legacy, legacy, "extra tags")?;
    /// assert_eq!(reg.sources()[src.index()].label(), "extra tags");
    /// assert!(reg.find_tag("/newpool/").is_some());
    /// let before = reg.clone();
    /// // The built-in and custom formats have no file form; a failed load adds nothing.
    /// let err = reg.load(RegistryFormat::Builtin, "[]", "x");
    /// assert!(matches!(err, Err(PoolError::UnknownFormat { .. })));
    /// assert_eq!(reg, before);
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn load(
        &mut self,
        format: RegistryFormat,
        json: &str,
        label: &str,
    ) -> Result<SourceId, PoolError> {
        let value = parse(format, json)?;
        self.load_value(format, &value, label)
    }

    fn load_value(
        &mut self,
        format: RegistryFormat,
        value: &Value,
        label: &str,
    ) -> Result<SourceId, PoolError> {
        let parsed = match format {
            RegistryFormat::PoolList => super::load_pool_list::read(value)?,
            RegistryFormat::Legacy => super::load_legacy::read(value)?,
            RegistryFormat::CdIdentifiers => super::load_cd::read_identifiers(value)?,
            RegistryFormat::CdAddresses => super::load_cd::read_addresses(value)?,
            RegistryFormat::Builtin | RegistryFormat::Custom => {
                return Err(PoolError::UnknownFormat { reason: "format has no JSON form" });
            }
        };
        let source = self.add_source(label, format);
        let listed = super::registry::ListedCounts {
            pools: parsed.len(),
            tags: parsed.iter().map(|p| p.tags.len()).sum(),
            addresses: parsed.iter().map(|p| p.addresses.len()).sum(),
        };
        self.set_listed(source, listed);
        for p in parsed {
            self.insert_parsed(p, source);
        }
        Ok(source)
    }

    pub(crate) fn insert_parsed(&mut self, p: ParsedPool, source: SourceId) {
        if p.name.trim().is_empty() {
            for entry in p.tags.iter().chain(&p.addresses) {
                self.skip_named(source, "", entry, super::SkipReason::MissingName);
            }
            if p.tags.is_empty() && p.addresses.is_empty() {
                // The record itself, so that nothing the list held disappears without a trace.
                self.skip_named(source, "", "", super::SkipReason::MissingName);
            }
            return;
        }
        let pool = self.insert_pool(&p.name, p.link.as_deref(), source);
        if let Some(slug) = &p.slug {
            self.set_slug(pool, slug);
        }
        for t in &p.tags {
            self.insert_tag(pool, t, source);
        }
        for a in &p.addresses {
            self.insert_address(pool, a, source);
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "a panicking index fails the test, as intended")]
mod tests {
    use super::*;

    #[test]
    fn unescapes_simple_regex_escapes_only() {
        assert_eq!(unescape_regex_literal(r"\/BTC\.COM\/"), "/BTC.COM/");
        assert_eq!(unescape_regex_literal(r"a\\b"), r"a\b");
        assert_eq!(unescape_regex_literal(r"\d+"), r"\d+");
        assert_eq!(unescape_regex_literal("trailing\\"), "trailing\\");
        assert_eq!(unescape_regex_literal("/$Mined by 7pool.com/"), "/$Mined by 7pool.com/");
    }

    #[test]
    fn detects_each_format() {
        assert_eq!(RegistryFormat::detect("[]").ok(), Some(RegistryFormat::PoolList));
        assert_eq!(
            RegistryFormat::detect(r#"{"coinbase_tags": {}}"#).ok(),
            Some(RegistryFormat::Legacy)
        );
        assert_eq!(
            RegistryFormat::detect(r#"{"x": {"name": "A", "source": "s"}}"#).ok(),
            Some(RegistryFormat::CdAddresses)
        );
        assert_eq!(
            RegistryFormat::detect(r#"{"x": {"name": "A", "link": "l"}}"#).ok(),
            Some(RegistryFormat::CdIdentifiers)
        );
        assert!(RegistryFormat::detect("{}").is_err());
        assert!(RegistryFormat::detect("3").is_err());
        assert!(RegistryFormat::detect(r#"{"Bitmain": [{"name": "AntPool"}]}"#).is_err());
    }
}
