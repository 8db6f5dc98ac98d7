//! The registry model: pools, their coinbase tags and payout scripts, where each fact came from,
//! what was skipped and where sources disagree.

use std::collections::HashMap;
use std::str::FromStr;

use bitcoin::{Address, Network, ScriptBuf};

use super::RegistryFormat;

/// Index of a pool in its [`Registry`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PoolId(pub(crate) u32);

impl PoolId {
    /// The index as `usize`, for use with per-pool arrays such as
    /// [`AttributionCounts::per_pool`](super::AttributionCounts::per_pool).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Index of a tag in its [`Registry`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TagId(pub(crate) u32);

impl TagId {
    /// The index as `usize`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Index of a payout address in its [`Registry`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AddressId(pub(crate) u32);

impl AddressId {
    /// The index as `usize`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Index of a source (one loaded list) in its [`Registry`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SourceId(pub(crate) u16);

impl SourceId {
    /// The index as `usize`.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// One loaded list: a label chosen by the caller (e.g. a file name) and its format.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Source {
    label: String,
    format: RegistryFormat,
    listed: ListedCounts,
}

/// How many entries a source listed, before deduplication and skipping.
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
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The format the list was read as.
    pub fn format(&self) -> RegistryFormat {
        self.format
    }

    /// How many entries the list held as written (before case-insensitive deduplication,
    /// merging of pools with the same name, and skipping).
    pub fn listed(&self) -> ListedCounts {
        self.listed
    }
}

/// A mining pool: its display name, optional link and URL slug, and the sources naming it.
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
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The pool's web link, if any list gives one.
    pub fn link(&self) -> Option<&str> {
        self.link.as_deref()
    }

    /// The URL slug (mempool's legacy `slugs`, or the built-in table), if known.
    pub fn slug(&self) -> Option<&str> {
        self.slug.as_deref()
    }

    /// Every source that names this pool.
    pub fn sources(&self) -> &[SourceId] {
        &self.sources
    }
}

/// A coinbase tag: literal bytes matched ASCII-case-insensitively in the raw scriptSig.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TagEntry {
    text: String,
    pool: PoolId,
    sources: Vec<SourceId>,
}

impl TagEntry {
    /// The tag as a literal (regex escapes already removed), e.g. `"/F2Pool/"` or `"🐟"`.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The tag's UTF-8 bytes, the pattern matched against scriptSigs.
    pub fn bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }

    /// The pool this tag identifies.
    pub fn pool(&self) -> PoolId {
        self.pool
    }

    /// Every source listing this tag for this pool.
    pub fn sources(&self) -> &[SourceId] {
        &self.sources
    }
}

/// A payout address and its mainnet scriptPubKey, converted once at load time.
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
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The mainnet scriptPubKey the address pays to.
    pub fn script_pubkey(&self) -> &ScriptBuf {
        &self.script_pubkey
    }

    /// The pool this address identifies.
    pub fn pool(&self) -> PoolId {
        self.pool
    }

    /// Every source listing this address for this pool.
    pub fn sources(&self) -> &[SourceId] {
        &self.sources
    }
}

/// Why a list entry was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum SkipReason {
    /// The address does not parse; the parser's message.
    InvalidAddress(String),
    /// The address parses but is not a mainnet address.
    NotMainnet,
    /// The tag is empty after unescaping.
    EmptyTag,
    /// The entry has no usable pool name.
    MissingName,
}

/// A list entry that could not be used, kept so nothing is dropped silently.
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
    pub fn source(&self) -> SourceId {
        self.source
    }

    /// The pool name the entry was listed under.
    pub fn pool(&self) -> &str {
        &self.pool
    }

    /// The entry as written (an address or a tag).
    pub fn entry(&self) -> &str {
        &self.entry
    }

    /// Why it was skipped.
    pub fn reason(&self) -> &SkipReason {
        &self.reason
    }
}

/// What two sources disagree about.
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
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Disagreement {
    claim: Claim,
    other_pool: PoolId,
    other_source: SourceId,
}

impl Disagreement {
    /// The tag or address in dispute; its entry holds the assignment that was kept.
    pub fn claim(&self) -> &Claim {
        &self.claim
    }

    /// The pool the other source assigns it to.
    pub fn other_pool(&self) -> PoolId {
        self.other_pool
    }

    /// The source that assigns it to [`other_pool`](Self::other_pool).
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

/// Case- and punctuation-insensitive key for a pool name.
pub(crate) fn pool_key(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn id_u32(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Registry::default()
    }

    /// Registers a source (one list) and returns its id for the `insert_*` calls.
    ///
    /// At most 65 535 sources are distinguished; further ones share the last id.
    pub fn add_source(&mut self, label: impl Into<String>, format: RegistryFormat) -> SourceId {
        let id = SourceId(u16::try_from(self.sources.len()).unwrap_or(u16::MAX));
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
    pub fn set_slug(&mut self, pool: PoolId, slug: &str) {
        if let Some(p) = self.pools.get_mut(pool.index())
            && p.slug.is_none()
            && !slug.is_empty()
        {
            p.slug = Some(slug.to_owned());
        }
    }

    /// Adds a literal coinbase tag for `pool`. An empty tag is recorded in
    /// [`skipped`](Self::skipped); a tag already assigned to another pool (compared
    /// ASCII-case-insensitively) keeps its first pool and is recorded in
    /// [`disagreements`](Self::disagreements).
    pub fn insert_tag(&mut self, pool: PoolId, tag: &str, source: SourceId) -> Option<TagId> {
        if tag.is_empty() {
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
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The pools, indexed by [`PoolId`].
    pub fn pools(&self) -> &[Pool] {
        &self.pools
    }

    /// One pool, or `None` for an id from another registry.
    pub fn pool(&self, id: PoolId) -> Option<&Pool> {
        self.pools.get(id.index())
    }

    /// A pool's name, or `"?"` for an id from another registry.
    pub fn pool_name(&self, id: PoolId) -> &str {
        self.pool(id).map_or("?", Pool::name)
    }

    /// Looks a pool up by name, ignoring case and punctuation.
    pub fn find_pool(&self, name: &str) -> Option<PoolId> {
        self.pool_index.get(&pool_key(name)).copied()
    }

    /// The tags, indexed by [`TagId`].
    pub fn tags(&self) -> &[TagEntry] {
        &self.tags
    }

    /// One tag.
    pub fn tag(&self, id: TagId) -> Option<&TagEntry> {
        self.tags.get(id.index())
    }

    /// The payout addresses, indexed by [`AddressId`].
    pub fn addresses(&self) -> &[AddressEntry] {
        &self.addresses
    }

    /// One payout address.
    pub fn address(&self, id: AddressId) -> Option<&AddressEntry> {
        self.addresses.get(id.index())
    }

    /// Looks a tag up by its text, ASCII-case-insensitively.
    pub fn find_tag(&self, tag: &str) -> Option<TagId> {
        self.tag_index.get(&tag.as_bytes().to_ascii_lowercase()).copied()
    }

    /// Looks an address up by its scriptPubKey.
    pub fn find_script(&self, script_pubkey: &bitcoin::Script) -> Option<AddressId> {
        self.address_index.get(script_pubkey).copied()
    }

    /// Entries that could not be used (bad addresses, empty tags), with their source.
    pub fn skipped(&self) -> &[SkippedEntry] {
        &self.skipped
    }

    /// Tags and addresses that sources assign to different pools.
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
