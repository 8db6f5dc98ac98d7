//! The registry model: pools, their coinbase tags and payout scripts, where each fact came from,
//! what was skipped and where sources disagree.

use std::collections::HashMap;
use std::str::FromStr;

use bitcoin::{Address, Network, ScriptBuf};

use super::RegistryFormat;

/// Index of a pool in its [`Registry`].
///
/// # Examples
///
/// ```
/// use minerscope::pool::{Registry, RegistryFormat};
///
/// let mut reg = Registry::new();
/// let src = reg.add_source("hand-made", RegistryFormat::Custom);
/// let f2 = reg.insert_pool("F2Pool", None, src);
/// let via = reg.insert_pool("ViaBTC", None, src);
/// // The same name, ignoring case and punctuation, is the same pool.
/// assert_eq!(reg.insert_pool("f2 pool", None, src), f2);
/// assert_ne!(f2, via);
/// assert_eq!(reg.pool_name(via), "ViaBTC");
/// ```
///
/// A deserialized id is checked against [`PoolId::MAX_INDEX`], so a hand-edited value cannot
/// make per-pool tables such as [`AttributionCounts`](super::AttributionCounts) allocate
/// without bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "u32", into = "u32"))]
pub struct PoolId(pub(crate) u32);

impl PoolId {
    /// The largest index a deserialized id may have, `2^24 − 1` (a registry of real pools holds
    /// a few hundred; a table of 2^24 counts is 128 MiB).
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// use minerscope::pool::PoolId;
    ///
    /// let ok: PoolId = serde_json::from_str("3").expect("small index");
    /// assert_eq!(ok.index(), 3);
    /// let forged = serde_json::from_str::<PoolId>(&PoolId::MAX_INDEX.saturating_add(1).to_string());
    /// assert!(forged.is_err());
    /// # }
    /// ```
    pub const MAX_INDEX: u32 = (1 << 24) - 1;

    /// The index as `usize`, for use with per-pool arrays such as
    /// [`AttributionCounts::per_pool`](super::AttributionCounts::per_pool).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let ids = ["A", "B", "C"].map(|name| reg.insert_pool(name, None, src));
    /// assert_eq!(ids.map(|id| id.index()), [0, 1, 2]);
    /// assert_eq!(reg.pools()[ids[2].index()].name(), "C");
    /// ```
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[cfg(feature = "serde")]
impl TryFrom<u32> for PoolId {
    type Error = super::PoolError;

    fn try_from(index: u32) -> Result<Self, super::PoolError> {
        if index > PoolId::MAX_INDEX {
            return Err(super::PoolError::PoolIdTooLarge { index, max: PoolId::MAX_INDEX });
        }
        Ok(PoolId(index))
    }
}

#[cfg(feature = "serde")]
impl From<PoolId> for u32 {
    fn from(id: PoolId) -> u32 {
        id.0
    }
}

/// Index of a tag in its [`Registry`].
///
/// # Examples
///
/// ```
/// use minerscope::pool::{Registry, RegistryFormat};
///
/// let mut reg = Registry::new();
/// let src = reg.add_source("hand-made", RegistryFormat::Custom);
/// let via = reg.insert_pool("ViaBTC", None, src);
/// let tag = reg.insert_tag(via, "/ViaBTC/", src).expect("not empty");
/// // Tags are looked up ASCII-case-insensitively.
/// assert_eq!(reg.find_tag("/viabtc/"), Some(tag));
/// assert_eq!(reg.tag(tag).map(|t| t.pool()), Some(via));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TagId(pub(crate) u32);

impl TagId {
    /// The index as `usize`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let f2 = reg.insert_pool("F2Pool", None, src);
    /// let first = reg.insert_tag(f2, "/F2Pool/", src).expect("not empty");
    /// let second = reg.insert_tag(f2, "🐟", src).expect("not empty");
    /// assert_eq!((first.index(), second.index()), (0, 1));
    /// assert_eq!(reg.tags()[second.index()].text(), "🐟");
    /// ```
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Index of a payout address in its [`Registry`].
///
/// # Examples
///
/// ```
/// use minerscope::pool::{Registry, RegistryFormat};
///
/// let mut reg = Registry::new();
/// let src = reg.add_source("hand-made", RegistryFormat::Custom);
/// let f2 = reg.insert_pool("F2Pool", None, src);
/// let id =
///     reg.insert_address(f2, "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY", src).expect("valid");
/// let script = reg.address(id).expect("same registry").script_pubkey().clone();
/// assert_eq!(reg.find_script(&script), Some(id));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AddressId(pub(crate) u32);

impl AddressId {
    /// The index as `usize`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let f2 = reg.insert_pool("F2Pool", None, src);
    /// let id =
    ///     reg.insert_address(f2, "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY", src).expect("valid");
    /// assert_eq!(id.index(), 0);
    /// assert_eq!(reg.addresses()[id.index()].address(), "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY");
    /// ```
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Index of a source (one loaded list) in its [`Registry`].
///
/// # Examples
///
/// ```
/// use minerscope::pool::{Registry, RegistryFormat};
///
/// let mut reg = Registry::new();
/// let a = reg.add_source("mempool pools-v2.json", RegistryFormat::PoolList);
/// let b = reg.add_source("btccom pools.json", RegistryFormat::Legacy);
/// let pool = reg.insert_pool("ViaBTC", None, a);
/// reg.insert_pool("ViaBTC", None, b);
/// // The pool remembers both lists that name it.
/// assert_eq!(reg.pool(pool).map(|p| p.sources().to_vec()), Some(vec![a, b]));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
// `usize`, the source's position in `Registry::sources`: every source gets its own id, however
// many are added (a narrower id would have to saturate or fail past its range).
pub struct SourceId(pub(crate) usize);

impl SourceId {
    /// The index as `usize`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// reg.add_source("first", RegistryFormat::Custom);
    /// let second = reg.add_source("second", RegistryFormat::Custom);
    /// assert_eq!(second.index(), 1);
    /// assert_eq!(reg.sources()[second.index()].label(), "second");
    /// ```
    pub fn index(self) -> usize {
        self.0
    }
}

/// One loaded list: a label chosen by the caller (e.g. a file name) and its format.
///
/// # Examples
///
/// ```
/// use minerscope::pool::{Registry, RegistryFormat};
///
/// let json =
///     r#"[{"id": 1, "name": "ViaBTC", "addresses": [], "tags": ["/ViaBTC/"], "link": ""}]"#;
/// let reg = Registry::from_json(json, "inline pool list")?;
/// let source = &reg.sources()[0];
/// assert_eq!((source.label(), source.format()), ("inline pool list", RegistryFormat::PoolList));
/// assert_eq!(source.listed().tags, 1);
/// # Ok::<_, minerscope::pool::PoolError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Source {
    label: String,
    format: RegistryFormat,
    listed: ListedCounts,
}

/// How many entries a source listed, before deduplication and skipping.
///
/// # Examples
///
/// ```
/// use minerscope::pool::{ListedCounts, Registry};
///
/// // Two pools, three tags (one repeated with another case) and one address, as written.
/// let json = r#"[
///   {"id": 1, "name": "F2Pool", "addresses": ["1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY"],
///    "tags": ["/F2Pool/", "/f2pool/"], "link": ""},
///   {"id": 2, "name": "ViaBTC", "addresses": [], "tags": ["/ViaBTC/"], "link": ""}
/// ]"#;
/// let reg = Registry::from_json(json, "inline")?;
/// assert_eq!(reg.sources()[0].listed(), ListedCounts { pools: 2, tags: 3, addresses: 1 });
/// assert_eq!(reg.tags().len(), 2); // after case-insensitive deduplication
/// # Ok::<_, minerscope::pool::PoolError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ListedCounts {
    /// Pool records (array items, or distinct names in keyed formats).
    pub pools: usize,
    /// Tag entries.
    pub tags: usize,
    /// Address entries.
    pub addresses: usize,
}

impl Source {
    /// The caller's label, e.g. `"mempool pools-v2.json"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let id = reg.add_source("pools-v2.json @ 6abbdc8b", RegistryFormat::PoolList);
    /// assert_eq!(reg.sources()[id.index()].label(), "pools-v2.json @ 6abbdc8b");
    /// ```
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The format the list was read as.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// assert_eq!(Registry::builtin().sources()[0].format(), RegistryFormat::Builtin);
    /// ```
    pub fn format(&self) -> RegistryFormat {
        self.format
    }

    /// How many entries the list held as written (before case-insensitive deduplication,
    /// merging of pools with the same name, and skipping).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{ListedCounts, Registry, RegistryFormat};
    ///
    /// // Sources added by hand list nothing of their own.
    /// let mut reg = Registry::new();
    /// let id = reg.add_source("hand-made", RegistryFormat::Custom);
    /// assert_eq!(reg.sources()[id.index()].listed(), ListedCounts::default());
    /// ```
    pub fn listed(&self) -> ListedCounts {
        self.listed
    }
}

/// A mining pool: its display name, optional link and URL slug, and the sources naming it.
///
/// # Examples
///
/// ```
/// use minerscope::pool::Registry;
///
/// let reg = Registry::builtin();
/// let foundry =
///     reg.find_pool("Foundry USA").and_then(|id| reg.pool(id)).expect("built in");
/// assert_eq!(foundry.name(), "Foundry USA");
/// assert_eq!(foundry.slug(), Some("foundryusa"));
/// assert_eq!(foundry.link(), Some("https://foundrydigital.com"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Pool {
    name: String,
    link: Option<String>,
    slug: Option<String>,
    sources: Vec<SourceId>,
}

impl Pool {
    /// The display name as first seen, e.g. `"Foundry USA"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// // The name as first seen is kept; later spellings only find it.
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let id = reg.insert_pool("  BTC.com ", None, src);
    /// reg.insert_pool("BTC.COM", None, src);
    /// assert_eq!(reg.pool(id).map(|p| p.name()), Some("BTC.com"));
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The pool's web link, if any list gives one.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let id = reg.insert_pool("ViaBTC", Some(""), src); // an empty link is no link
    /// assert_eq!(reg.pool(id).and_then(|p| p.link()), None);
    /// reg.insert_pool("ViaBTC", Some("https://www.viabtc.com"), src);
    /// assert_eq!(reg.pool(id).and_then(|p| p.link()), Some("https://www.viabtc.com"));
    /// ```
    pub fn link(&self) -> Option<&str> {
        self.link.as_deref()
    }

    /// The URL slug (mempool's legacy `slugs`, or the built-in table), if known.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::Registry;
    ///
    /// let reg = Registry::builtin();
    /// let slug = reg.find_pool("AntPool").and_then(|id| reg.pool(id)).and_then(|p| p.slug());
    /// assert_eq!(slug, Some("antpool"));
    /// ```
    pub fn slug(&self) -> Option<&str> {
        self.slug.as_deref()
    }

    /// Every source that names this pool.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let a = reg.add_source("a", RegistryFormat::Custom);
    /// let b = reg.add_source("b", RegistryFormat::Custom);
    /// let id = reg.insert_pool("Luxor", None, a);
    /// reg.insert_pool("Luxor", None, b);
    /// reg.insert_pool("Luxor", None, b); // recorded once
    /// assert_eq!(reg.pool(id).map(|p| p.sources().len()), Some(2));
    /// ```
    pub fn sources(&self) -> &[SourceId] {
        &self.sources
    }
}

/// A coinbase tag: literal bytes matched ASCII-case-insensitively in the raw scriptSig.
///
/// # Examples
///
/// ```
/// use minerscope::pool::Registry;
///
/// let reg = Registry::builtin();
/// let tag = reg.find_tag("/ViaBTC/").and_then(|id| reg.tag(id)).expect("built in");
/// assert_eq!(tag.text(), "/ViaBTC/");
/// assert_eq!(reg.pool_name(tag.pool()), "ViaBTC");
/// assert_eq!(tag.sources().len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TagEntry {
    text: String,
    pool: PoolId,
    sources: Vec<SourceId>,
}

impl TagEntry {
    /// The tag as a literal (regex escapes already removed), e.g. `"/F2Pool/"` or `"🐟"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let f2 = reg.insert_pool("F2Pool", None, src);
    /// let id = reg.insert_tag(f2, "七彩神仙鱼", src).expect("not empty");
    /// assert_eq!(reg.tag(id).map(|t| t.text()), Some("七彩神仙鱼"));
    /// ```
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The tag's UTF-8 bytes, the pattern matched against scriptSigs.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let f2 = reg.insert_pool("F2Pool", None, src);
    /// let id = reg.insert_tag(f2, "🐟", src).expect("not empty");
    /// assert_eq!(reg.tag(id).map(|t| t.bytes()), Some(&[0xf0, 0x9f, 0x90, 0x9f][..]));
    /// ```
    pub fn bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }

    /// The pool this tag identifies.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let via = reg.insert_pool("ViaBTC", None, src);
    /// let id = reg.insert_tag(via, "/ViaBTC/", src).expect("not empty");
    /// assert_eq!(reg.tag(id).map(|t| t.pool()), Some(via));
    /// ```
    pub fn pool(&self) -> PoolId {
        self.pool
    }

    /// Every source listing this tag for this pool.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let a = reg.add_source("a", RegistryFormat::Custom);
    /// let b = reg.add_source("b", RegistryFormat::Custom);
    /// let via = reg.insert_pool("ViaBTC", None, a);
    /// let id = reg.insert_tag(via, "/ViaBTC/", a).expect("not empty");
    /// reg.insert_tag(via, "/VIABTC/", b); // the same tag, ASCII case aside
    /// assert_eq!(reg.tag(id).map(|t| t.sources().to_vec()), Some(vec![a, b]));
    /// ```
    pub fn sources(&self) -> &[SourceId] {
        &self.sources
    }
}

/// A payout address and its mainnet scriptPubKey, converted once at load time.
///
/// # Examples
///
/// ```
/// use minerscope::pool::{Registry, RegistryFormat};
///
/// let mut reg = Registry::new();
/// let src = reg.add_source("hand-made", RegistryFormat::Custom);
/// let foundry = reg.insert_pool("Foundry USA", None, src);
/// let id = reg
///     .insert_address(foundry, " bc1qxhmdufsvnuaaaer4ynz88fspdsxq2h9e9cetdj ", src)
///     .expect("valid");
/// let entry = reg.address(id).expect("same registry");
/// assert_eq!(entry.address(), "bc1qxhmdufsvnuaaaer4ynz88fspdsxq2h9e9cetdj"); // trimmed
/// assert!(entry.script_pubkey().is_p2wpkh());
/// assert_eq!((entry.pool(), entry.sources()), (foundry, &[src][..]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AddressEntry {
    address: String,
    script_pubkey: ScriptBuf,
    pool: PoolId,
    sources: Vec<SourceId>,
}

impl AddressEntry {
    /// The address as written in the list.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::Registry;
    ///
    /// let reg = Registry::builtin();
    /// let known =
    ///     reg.addresses().iter().any(|a| a.address() == "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY");
    /// assert!(known); // an F2Pool payout address
    /// ```
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The mainnet scriptPubKey the address pays to.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let f2 = reg.insert_pool("F2Pool", None, src);
    /// let id =
    ///     reg.insert_address(f2, "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY", src).expect("valid");
    /// // A base58 `1…` address pays a P2PKH script: 25 bytes.
    /// let script = reg.address(id).expect("same registry").script_pubkey();
    /// assert!(script.is_p2pkh());
    /// assert_eq!(script.len(), 25);
    /// ```
    pub fn script_pubkey(&self) -> &ScriptBuf {
        &self.script_pubkey
    }

    /// The pool this address identifies.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::Registry;
    ///
    /// let reg = Registry::builtin();
    /// let id = reg
    ///     .addresses()
    ///     .iter()
    ///     .position(|a| a.address() == "bc1qxhmdufsvnuaaaer4ynz88fspdsxq2h9e9cetdj");
    /// let pool = id.map(|i| reg.addresses()[i].pool());
    /// assert_eq!(pool.map(|p| reg.pool_name(p)), Some("Foundry USA"));
    /// ```
    pub fn pool(&self) -> PoolId {
        self.pool
    }

    /// Every source listing this address for this pool.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let a = reg.add_source("a", RegistryFormat::Custom);
    /// let b = reg.add_source("b", RegistryFormat::Custom);
    /// let f2 = reg.insert_pool("F2Pool", None, a);
    /// let id =
    ///     reg.insert_address(f2, "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY", a).expect("valid");
    /// reg.insert_address(f2, "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY", b);
    /// assert_eq!(reg.address(id).map(|e| e.sources().len()), Some(2));
    /// ```
    pub fn sources(&self) -> &[SourceId] {
        &self.sources
    }
}

/// Why a list entry was skipped.
///
/// # Examples
///
/// ```
/// use minerscope::pool::{Registry, RegistryFormat, SkipReason};
///
/// let mut reg = Registry::new();
/// let src = reg.add_source("hand-made", RegistryFormat::Custom);
/// let pool = reg.insert_pool("Example", None, src);
/// reg.insert_address(pool, "not-an-address", src);
/// // BIP 173's testnet P2WPKH example: valid, but not mainnet.
/// reg.insert_address(pool, "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", src);
/// reg.insert_tag(pool, "", src);
/// let reasons: Vec<&SkipReason> = reg.skipped().iter().map(|s| s.reason()).collect();
/// assert!(matches!(reasons[0], SkipReason::InvalidAddress(_)));
/// assert_eq!(reasons[1..], [&SkipReason::NotMainnet, &SkipReason::EmptyTag]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum SkipReason {
    /// The address does not parse; the parser's message.
    InvalidAddress(String),
    /// The address parses but is not a mainnet address.
    NotMainnet,
    /// The tag is empty, or only whitespace, after unescaping.
    EmptyTag,
    /// The entry has no usable pool name. A pool record with no name and no entries at all is
    /// recorded once, with an empty [`entry`](SkippedEntry::entry).
    MissingName,
}

/// A list entry that could not be used, kept so nothing is dropped silently.
///
/// # Examples
///
/// ```
/// use minerscope::pool::{Registry, RegistryFormat, SkipReason};
///
/// let mut reg = Registry::new();
/// let src = reg.add_source("hand-made", RegistryFormat::Custom);
/// let pool = reg.insert_pool("Example", None, src);
/// assert_eq!(
///     reg.insert_address(pool, "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", src),
///     None
/// );
/// let s = &reg.skipped()[0];
/// assert_eq!(
///     (s.source(), s.pool(), s.entry()),
///     (src, "Example", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx")
/// );
/// assert_eq!(s.reason(), &SkipReason::NotMainnet);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SkippedEntry {
    source: SourceId,
    pool: String,
    entry: String,
    reason: SkipReason,
}

impl SkippedEntry {
    /// The list the entry came from.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// reg.add_source("good list", RegistryFormat::Custom);
    /// let bad = reg.add_source("bad list", RegistryFormat::Custom);
    /// let pool = reg.insert_pool("Example", None, bad);
    /// reg.insert_tag(pool, "", bad);
    /// assert_eq!(reg.skipped()[0].source(), bad);
    /// ```
    pub fn source(&self) -> SourceId {
        self.source
    }

    /// The pool name the entry was listed under.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let pool = reg.insert_pool("Example Pool", None, src);
    /// reg.insert_address(pool, "xyz", src);
    /// assert_eq!(reg.skipped()[0].pool(), "Example Pool");
    /// ```
    pub fn pool(&self) -> &str {
        &self.pool
    }

    /// The entry as written (an address or a tag).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let pool = reg.insert_pool("Example", None, src);
    /// reg.insert_address(pool, "  1NotAnAddress  ", src);
    /// assert_eq!(reg.skipped()[0].entry(), "1NotAnAddress"); // as written, trimmed
    /// ```
    pub fn entry(&self) -> &str {
        &self.entry
    }

    /// Why it was skipped.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat, SkipReason};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let pool = reg.insert_pool("Example", None, src);
    /// reg.insert_address(pool, "not-an-address", src);
    /// match reg.skipped()[0].reason() {
    ///     SkipReason::InvalidAddress(message) => assert!(!message.is_empty()),
    ///     other => panic!("unexpected {other:?}"),
    /// }
    /// ```
    pub fn reason(&self) -> &SkipReason {
        &self.reason
    }
}

/// What two sources disagree about.
///
/// # Examples
///
/// ```
/// use minerscope::pool::{Claim, Registry, RegistryFormat};
///
/// let mut reg = Registry::new();
/// let a = reg.add_source("a", RegistryFormat::Custom);
/// let b = reg.add_source("b", RegistryFormat::Custom);
/// let (p, q) = (reg.insert_pool("P", None, a), reg.insert_pool("Q", None, b));
/// let addr =
///     reg.insert_address(p, "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY", a).expect("valid");
/// reg.insert_address(q, "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY", b);
/// assert_eq!(reg.disagreements()[0].claim(), &Claim::Address(addr));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Claim {
    /// A coinbase tag.
    Tag(TagId),
    /// A payout address.
    Address(AddressId),
}

/// Two sources assigning the same tag or address to different pools.
///
/// The first assignment (in load and merge order) is kept for attribution; the other is reported
/// here. Example: `/E2M & BTC.TOP/` is WAYI.CN in mempool's lists but Easy2Mine in BTC.com's.
///
/// # Examples
///
/// ```
/// use minerscope::pool::{Claim, Registry, RegistryFormat};
///
/// // `/E2M & BTC.TOP/` is WAYI.CN in mempool's lists, Easy2Mine in BTC.com's.
/// let mut reg = Registry::new();
/// let mempool = reg.add_source("mempool", RegistryFormat::PoolList);
/// let btccom = reg.add_source("btccom", RegistryFormat::Legacy);
/// let wayi = reg.insert_pool("WAYI.CN", None, mempool);
/// let e2m = reg.insert_pool("Easy2Mine", None, btccom);
/// let tag = reg.insert_tag(wayi, "/E2M & BTC.TOP/", mempool).expect("not empty");
/// reg.insert_tag(e2m, "/E2M & BTC.TOP/", btccom);
/// let d = &reg.disagreements()[0];
/// assert_eq!(
///     (d.claim(), d.other_pool(), d.other_source()),
///     (&Claim::Tag(tag), e2m, btccom)
/// );
/// assert_eq!(reg.tag(tag).map(|t| t.pool()), Some(wayi)); // the first assignment is kept
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Disagreement {
    claim: Claim,
    other_pool: PoolId,
    other_source: SourceId,
}

impl Disagreement {
    /// The tag or address in dispute; its entry holds the assignment that was kept.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Claim, Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let (p, q) = (reg.insert_pool("P", None, src), reg.insert_pool("Q", None, src));
    /// let tag = reg.insert_tag(p, "/shared/", src).expect("not empty");
    /// reg.insert_tag(q, "/SHARED/", src);
    /// assert_eq!(reg.disagreements()[0].claim(), &Claim::Tag(tag));
    /// ```
    pub fn claim(&self) -> &Claim {
        &self.claim
    }

    /// The pool the other source assigns it to.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let (p, q) = (reg.insert_pool("P", None, src), reg.insert_pool("Q", None, src));
    /// reg.insert_tag(p, "/shared/", src);
    /// reg.insert_tag(q, "/shared/", src);
    /// assert_eq!(reg.pool_name(reg.disagreements()[0].other_pool()), "Q");
    /// ```
    pub fn other_pool(&self) -> PoolId {
        self.other_pool
    }

    /// The source that assigns it to [`other_pool`](Self::other_pool).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let a = reg.add_source("a", RegistryFormat::Custom);
    /// let b = reg.add_source("b", RegistryFormat::Custom);
    /// let (p, q) = (reg.insert_pool("P", None, a), reg.insert_pool("Q", None, b));
    /// reg.insert_tag(p, "/shared/", a);
    /// reg.insert_tag(q, "/shared/", b);
    /// assert_eq!(reg.sources()[reg.disagreements()[0].other_source().index()].label(), "b");
    /// ```
    pub fn other_source(&self) -> SourceId {
        self.other_source
    }
}

/// Pools with their tags and payout scripts, loaded from one or more lists.
///
/// Build one with a loader ([`Registry::from_json`] and the format-specific constructors), the
/// [built-in table](Registry::builtin), or by hand with [`add_source`](Self::add_source),
/// [`insert_pool`](Self::insert_pool), [`insert_tag`](Self::insert_tag) and
/// [`insert_address`](Self::insert_address); combine several with [`merge`](Self::merge).
/// Pools are identified across lists by their name with case and punctuation ignored
/// (`"BTC.com"` = `"BTC.COM"`).
///
/// # Examples
///
/// ```
/// use minerscope::pool::{Registry, RegistryFormat};
///
/// let mut reg = Registry::new();
/// let src = reg.add_source("hand-made", RegistryFormat::Custom);
/// let f2 = reg.insert_pool("F2Pool", Some("https://www.f2pool.com"), src);
/// reg.insert_tag(f2, "🐟", src);
/// reg.insert_address(f2, "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY", src);
/// reg.insert_address(f2, "not-an-address", src);
/// assert_eq!(reg.tags().len(), 1);
/// assert_eq!(reg.addresses().len(), 1);
/// assert_eq!(reg.skipped().len(), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registry {
    sources: Vec<Source>,
    pools: Vec<Pool>,
    pool_index: HashMap<String, PoolId>,
    tags: Vec<TagEntry>,
    tag_index: HashMap<Vec<u8>, TagId>,
    addresses: Vec<AddressEntry>,
    address_index: HashMap<ScriptBuf, AddressId>,
    skipped: Vec<SkippedEntry>,
    disagreements: Vec<Disagreement>,
}

/// Case- and punctuation-insensitive key for a pool name: its letters and digits, lower-cased.
/// A name with none (`"???"`, `"🐟"`) is its own trimmed, lower-cased text, so such names stay
/// distinct from each other and from the empty name (all of them had the empty key before, and
/// merged into one pool).
pub(crate) fn pool_key(name: &str) -> String {
    let key: String =
        name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    if key.is_empty() { name.trim().to_lowercase() } else { key }
}

fn id_u32(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

impl Registry {
    /// An empty registry.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::Registry;
    ///
    /// let reg = Registry::new();
    /// assert!(reg.pools().is_empty() && reg.sources().is_empty());
    /// assert_eq!(reg, Registry::default());
    /// ```
    pub fn new() -> Self {
        Registry::default()
    }

    /// Registers a source (one list) and returns its id for the `insert_*` calls.
    ///
    /// The id is the source's position in [`sources`](Self::sources), so every source gets
    /// its own id, however many are added.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let a = reg.add_source("mempool", RegistryFormat::PoolList);
    /// let b = reg.add_source("mempool", RegistryFormat::PoolList); // labels need not be unique
    /// assert_ne!(a, b);
    /// assert_eq!(reg.sources().len(), 2);
    /// ```
    pub fn add_source(&mut self, label: impl Into<String>, format: RegistryFormat) -> SourceId {
        let id = SourceId(self.sources.len());
        self.sources.push(Source { label: label.into(), format, listed: ListedCounts::default() });
        id
    }

    pub(crate) fn add_source_with(&mut self, s: &Source) -> SourceId {
        let id = self.add_source(s.label.clone(), s.format);
        self.set_listed(id, s.listed);
        id
    }

    pub(crate) fn set_listed(&mut self, source: SourceId, listed: ListedCounts) {
        if let Some(s) = self.sources.get_mut(source.index()) {
            s.listed = listed;
        }
    }

    /// Returns the pool with this name (ignoring case and punctuation), creating it if new, and
    /// records `source` as naming it. A first non-empty `link` is kept.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let id = reg.insert_pool("Braiins Pool", Some("https://braiins.com"), src);
    /// assert_eq!(reg.insert_pool("braiins-pool", None, src), id);
    /// assert_eq!(reg.pools().len(), 1);
    /// assert_eq!(reg.pool(id).and_then(|p| p.link()), Some("https://braiins.com"));
    /// ```
    pub fn insert_pool(&mut self, name: &str, link: Option<&str>, source: SourceId) -> PoolId {
        let key = pool_key(name);
        let id = match self.pool_index.get(&key) {
            Some(&id) => id,
            None => {
                let id = PoolId(id_u32(self.pools.len()));
                self.pools.push(Pool {
                    name: name.trim().to_owned(),
                    link: None,
                    slug: None,
                    sources: Vec::new(),
                });
                self.pool_index.insert(key, id);
                id
            }
        };
        if let Some(pool) = self.pools.get_mut(id.index()) {
            if pool.link.is_none() {
                pool.link = link.filter(|l| !l.trim().is_empty()).map(|l| l.trim().to_owned());
            }
            if !pool.sources.contains(&source) {
                pool.sources.push(source);
            }
        }
        id
    }

    /// Makes `alias` another name of `pool` (e.g. `"SlushPool"` for `"Braiins Pool"`), so lists
    /// using either name fill the same pool. Returns `false`, changing nothing, if `alias`
    /// already names a different pool.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let braiins = reg.insert_pool("Braiins Pool", None, src);
    /// let other = reg.insert_pool("Other", None, src);
    /// assert!(reg.insert_alias("SlushPool", braiins));
    /// assert_eq!(reg.find_pool("slushpool"), Some(braiins));
    /// assert!(!reg.insert_alias("Other", braiins)); // already another pool's name
    /// assert_eq!(reg.find_pool("Other"), Some(other));
    /// ```
    pub fn insert_alias(&mut self, alias: &str, pool: PoolId) -> bool {
        if self.pools.get(pool.index()).is_none() {
            return false;
        }
        match self.pool_index.get(&pool_key(alias)) {
            Some(&existing) => existing == pool,
            None => {
                self.pool_index.insert(pool_key(alias), pool);
                true
            }
        }
    }

    /// Alias keys (normalised names other than a pool's own), for merging.
    pub(crate) fn alias_keys(&self) -> impl Iterator<Item = (&str, PoolId)> {
        self.pool_index.iter().filter_map(|(k, &id)| {
            let own = self.pools.get(id.index()).map(|p| pool_key(&p.name));
            (own.as_deref() != Some(k.as_str())).then_some((k.as_str(), id))
        })
    }

    /// Sets a pool's URL slug if it has none yet.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let id = reg.insert_pool("Foundry USA", None, src);
    /// reg.set_slug(id, "foundryusa");
    /// reg.set_slug(id, "foundry"); // the first slug stays
    /// assert_eq!(reg.pool(id).and_then(|p| p.slug()), Some("foundryusa"));
    /// ```
    pub fn set_slug(&mut self, pool: PoolId, slug: &str) {
        if let Some(p) = self.pools.get_mut(pool.index())
            && p.slug.is_none()
            && !slug.is_empty()
        {
            p.slug = Some(slug.to_owned());
        }
    }

    /// Adds a literal coinbase tag for `pool`. An empty or whitespace-only tag (which would
    /// match nearly every coinbase) is recorded in [`skipped`](Self::skipped); a tag already assigned to another pool (compared
    /// ASCII-case-insensitively) keeps its first pool and is recorded in
    /// [`disagreements`](Self::disagreements).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let via = reg.insert_pool("ViaBTC", None, src);
    /// let id = reg.insert_tag(via, "/ViaBTC/", src);
    /// assert!(id.is_some());
    /// assert_eq!(reg.insert_tag(via, "/viabtc/", src), id); // the same tag
    /// assert_eq!(reg.insert_tag(via, "", src), None);
    /// assert_eq!(reg.insert_tag(via, " \t", src), None);
    /// assert_eq!(reg.skipped().len(), 2);
    /// ```
    pub fn insert_tag(&mut self, pool: PoolId, tag: &str, source: SourceId) -> Option<TagId> {
        if tag.trim().is_empty() {
            self.skip(source, pool, tag, SkipReason::EmptyTag);
            return None;
        }
        let key = tag.as_bytes().to_ascii_lowercase();
        if let Some(&id) = self.tag_index.get(&key) {
            let entry = self.tags.get_mut(id.index())?;
            if entry.pool == pool {
                if !entry.sources.contains(&source) {
                    entry.sources.push(source);
                }
            } else {
                self.note_disagreement(Claim::Tag(id), pool, source);
            }
            return Some(id);
        }
        let id = TagId(id_u32(self.tags.len()));
        self.tags.push(TagEntry { text: tag.to_owned(), pool, sources: vec![source] });
        self.tag_index.insert(key, id);
        Some(id)
    }

    /// Adds a payout address for `pool`, converting it to its mainnet scriptPubKey. An address
    /// that does not parse, or is not mainnet, is recorded in [`skipped`](Self::skipped); one
    /// already assigned to another pool keeps its first pool and is recorded in
    /// [`disagreements`](Self::disagreements).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let ant = reg.insert_pool("AntPool", None, src);
    /// let id = reg.insert_address(ant, "12dRugNcdxK39288NjcDV4GX7rMsKCGn6B", src);
    /// assert!(id.is_some());
    /// assert_eq!(reg.insert_address(ant, "12dRug", src), None); // a typo is skipped, not fatal
    /// assert_eq!((reg.addresses().len(), reg.skipped().len()), (1, 1));
    /// ```
    pub fn insert_address(
        &mut self,
        pool: PoolId,
        address: &str,
        source: SourceId,
    ) -> Option<AddressId> {
        let text = address.trim();
        let script = match Address::from_str(text) {
            Ok(unchecked) => match unchecked.require_network(Network::Bitcoin) {
                Ok(a) => a.script_pubkey(),
                Err(_) => {
                    self.skip(source, pool, text, SkipReason::NotMainnet);
                    return None;
                }
            },
            Err(e) => {
                self.skip(source, pool, text, SkipReason::InvalidAddress(e.to_string()));
                return None;
            }
        };
        self.insert_script(pool, text, script, source)
    }

    pub(crate) fn insert_script(
        &mut self,
        pool: PoolId,
        text: &str,
        script: ScriptBuf,
        source: SourceId,
    ) -> Option<AddressId> {
        if let Some(&id) = self.address_index.get(&script) {
            let entry = self.addresses.get_mut(id.index())?;
            if entry.pool == pool {
                if !entry.sources.contains(&source) {
                    entry.sources.push(source);
                }
            } else {
                self.note_disagreement(Claim::Address(id), pool, source);
            }
            return Some(id);
        }
        let id = AddressId(id_u32(self.addresses.len()));
        self.address_index.insert(script.clone(), id);
        self.addresses.push(AddressEntry {
            address: text.to_owned(),
            script_pubkey: script,
            pool,
            sources: vec![source],
        });
        Some(id)
    }

    fn note_disagreement(&mut self, claim: Claim, other_pool: PoolId, other_source: SourceId) {
        let kept = match claim {
            Claim::Tag(t) => self.tags.get(t.index()).map(|e| e.pool),
            Claim::Address(a) => self.addresses.get(a.index()).map(|e| e.pool),
        };
        if kept == Some(other_pool) {
            return;
        }
        let d = Disagreement { claim, other_pool, other_source };
        if !self.disagreements.contains(&d) {
            self.disagreements.push(d);
        }
    }

    pub(crate) fn skip(&mut self, source: SourceId, pool: PoolId, entry: &str, reason: SkipReason) {
        let pool = self.pools.get(pool.index()).map(|p| p.name.clone()).unwrap_or_default();
        self.skip_named(source, &pool, entry, reason);
    }

    pub(crate) fn skip_named(
        &mut self,
        source: SourceId,
        pool: &str,
        entry: &str,
        reason: SkipReason,
    ) {
        self.skipped.push(SkippedEntry {
            source,
            pool: pool.to_owned(),
            entry: entry.to_owned(),
            reason,
        });
    }

    /// The loaded sources, indexed by [`SourceId`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let reg = Registry::builtin();
    /// assert_eq!(reg.sources().len(), 1);
    /// assert_eq!(
    ///     (reg.sources()[0].label(), reg.sources()[0].format()),
    ///     ("built-in", RegistryFormat::Builtin)
    /// );
    /// ```
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The pools, indexed by [`PoolId`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{BUILTIN_POOLS, Registry};
    ///
    /// let reg = Registry::builtin();
    /// assert_eq!(reg.pools().len(), BUILTIN_POOLS.len());
    /// assert_eq!(reg.pools()[0].name(), "Foundry USA");
    /// ```
    pub fn pools(&self) -> &[Pool] {
        &self.pools
    }

    /// One pool, or `None` for an id from another registry.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let id = reg.insert_pool("Luxor", None, src);
    /// assert_eq!(reg.pool(id).map(|p| p.name()), Some("Luxor"));
    /// // An id from a larger registry is not found here.
    /// let foreign = Registry::builtin().find_pool("Poolin").expect("built in");
    /// assert!(reg.pool(foreign).is_none());
    /// ```
    pub fn pool(&self, id: PoolId) -> Option<&Pool> {
        self.pools.get(id.index())
    }

    /// A pool's name, or `"?"` for an id from another registry.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let builtin = Registry::builtin();
    /// let ocean = builtin.find_pool("ocean").expect("built in");
    /// assert_eq!(builtin.pool_name(ocean), "OCEAN");
    /// assert_eq!(Registry::new().pool_name(ocean), "?");
    /// ```
    pub fn pool_name(&self, id: PoolId) -> &str {
        self.pool(id).map_or("?", Pool::name)
    }

    /// Looks a pool up by name, ignoring case and punctuation.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::Registry;
    ///
    /// let reg = Registry::builtin();
    /// // Case, spaces and punctuation are ignored; aliases work too.
    /// assert_eq!(reg.find_pool("foundry-usa"), reg.find_pool("Foundry USA"));
    /// assert_eq!(reg.find_pool("SlushPool"), reg.find_pool("Braiins Pool"));
    /// assert_eq!(reg.find_pool("No Such Pool"), None);
    /// ```
    pub fn find_pool(&self, name: &str) -> Option<PoolId> {
        self.pool_index.get(&pool_key(name)).copied()
    }

    /// The tags, indexed by [`TagId`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::Registry;
    ///
    /// let reg = Registry::builtin();
    /// let foundry = reg.find_pool("Foundry USA").expect("built in");
    /// let tags: Vec<&str> =
    ///     reg.tags().iter().filter(|t| t.pool() == foundry).map(|t| t.text()).collect();
    /// assert_eq!(tags, ["/2cDw/", "Foundry USA Pool"]);
    /// ```
    pub fn tags(&self) -> &[TagEntry] {
        &self.tags
    }

    /// One tag.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let p = reg.insert_pool("P", None, src);
    /// let id = reg.insert_tag(p, "/p/", src).expect("not empty");
    /// assert_eq!(reg.tag(id).map(|t| t.text()), Some("/p/"));
    /// assert!(Registry::new().tag(id).is_none());
    /// ```
    pub fn tag(&self, id: TagId) -> Option<&TagEntry> {
        self.tags.get(id.index())
    }

    /// The payout addresses, indexed by [`AddressId`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::Registry;
    ///
    /// let reg = Registry::builtin();
    /// assert!(!reg.addresses().is_empty());
    /// // Every built-in address parsed as mainnet, so none was skipped.
    /// assert!(reg.skipped().is_empty());
    /// assert!(reg.addresses().iter().all(|a| !a.script_pubkey().is_empty()));
    /// ```
    pub fn addresses(&self) -> &[AddressEntry] {
        &self.addresses
    }

    /// One payout address.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let p = reg.insert_pool("P", None, src);
    /// let id =
    ///     reg.insert_address(p, "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY", src).expect("valid");
    /// assert_eq!(reg.address(id).map(|a| a.pool()), Some(p));
    /// assert!(Registry::new().address(id).is_none());
    /// ```
    pub fn address(&self, id: AddressId) -> Option<&AddressEntry> {
        self.addresses.get(id.index())
    }

    /// Looks a tag up by its text, ASCII-case-insensitively.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::Registry;
    ///
    /// let reg = Registry::builtin();
    /// let id = reg.find_tag("mined by antpool").expect("built in");
    /// assert_eq!(reg.tag(id).map(|t| reg.pool_name(t.pool())), Some("AntPool"));
    /// assert_eq!(reg.find_tag("Mined by Nobody"), None);
    /// ```
    pub fn find_tag(&self, tag: &str) -> Option<TagId> {
        self.tag_index.get(&tag.as_bytes().to_ascii_lowercase()).copied()
    }

    /// Looks an address up by its scriptPubKey.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{Address, Network};
    /// use minerscope::pool::Registry;
    ///
    /// let reg = Registry::builtin();
    /// let script = "bc1qxhmdufsvnuaaaer4ynz88fspdsxq2h9e9cetdj"
    ///     .parse::<Address<_>>()
    ///     .map_err(|e| e.to_string())?
    ///     .require_network(Network::Bitcoin)
    ///     .map_err(|e| e.to_string())?
    ///     .script_pubkey();
    /// let id = reg.find_script(&script).ok_or("not found")?;
    /// assert_eq!(reg.address(id).map(|a| reg.pool_name(a.pool())), Some("Foundry USA"));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn find_script(&self, script_pubkey: &bitcoin::Script) -> Option<AddressId> {
        self.address_index.get(script_pubkey).copied()
    }

    /// Entries that could not be used (bad addresses, empty tags), with their source.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Registry, SkipReason};
    ///
    /// // One good and one bad address in a legacy list: the bad one is kept for review.
    /// let json = r#"{"coinbase_tags": {}, "payout_addresses": {
    ///   "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY": {"name": "F2Pool", "link": ""},
    ///   "1BadAddress": {"name": "F2Pool", "link": ""}
    /// }}"#;
    /// let reg = Registry::from_json(json, "legacy")?;
    /// assert_eq!(reg.addresses().len(), 1);
    /// assert_eq!(reg.skipped().len(), 1);
    /// assert!(matches!(reg.skipped()[0].reason(), SkipReason::InvalidAddress(_)));
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn skipped(&self) -> &[SkippedEntry] {
        &self.skipped
    }

    /// Tags and addresses that sources assign to different pools.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::Registry;
    ///
    /// // Two lists naming different pools for one tag: the merge keeps the first and reports it.
    /// let list = |p: &str| format!(r#"{{"coinbase_tags": {{"/shared/": {{"name": "{p}"}}}}}}"#);
    /// let a = Registry::from_json(&list("P"), "a")?;
    /// let b = Registry::from_json(&list("Q"), "b")?;
    /// let merged = Registry::merged([&a, &b]);
    /// assert_eq!(merged.disagreements().len(), 1);
    /// assert!(a.disagreements().is_empty());
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn disagreements(&self) -> &[Disagreement] {
        &self.disagreements
    }

    pub(crate) fn push_disagreement(&mut self, claim: Claim, pool: PoolId, source: SourceId) {
        self.note_disagreement(claim, pool, source);
    }

    pub(crate) fn push_skipped(&mut self, mut s: SkippedEntry, source: SourceId) {
        s.source = source;
        self.skipped.push(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Past the range of a 16-bit id (where ids used to saturate, so every later source was
    /// labelled as source 65 535), each source still gets its own id.
    #[test]
    fn every_source_gets_its_own_id_however_many_there_are() {
        let mut reg = Registry::new();
        let n = usize::from(u16::MAX) + 2;
        let ids: Vec<SourceId> =
            (0..n).map(|i| reg.add_source(format!("list {i}"), RegistryFormat::Custom)).collect();
        assert!(ids.iter().enumerate().all(|(i, id)| id.index() == i));
        let (Some(&last), Some(&before)) = (ids.last(), ids.iter().rev().nth(1)) else {
            panic!("no ids");
        };
        assert_ne!(last, before);
        assert_eq!(reg.sources().get(last.index()).map(Source::label), Some("list 65536"));
        // An entry from the last source is credited to it, not to the one before.
        let pool = reg.insert_pool("Late Pool", None, last);
        assert_eq!(reg.pool(pool).map(|p| p.sources().to_vec()), Some(vec![last]));
    }
}
