//! The outcome of attributing one block: a pool with its evidence, a conflict, or unknown; and
//! counts over many blocks that always add up.

use bitcoin::Amount;

use super::{AddressId, PoolId, Registry, TagId};

/// A tag found in a scriptSig: which tag, for which pool, at which byte offset.
///
/// # Examples
///
/// ```
/// use minerscope::pool::{Attributor, Registry};
///
/// // Block 830000's coinbase scriptSig begins 03 30aa0c (height) 19 (push 25) "Mined by AntPool ".
/// let reg = Registry::builtin();
/// let script_sig = b"\x03\x30\xaa\x0c\x19Mined by AntPool ";
/// let hit = Attributor::new(&reg)?.find_tag(script_sig).expect("tagged");
/// assert_eq!(reg.pool_name(hit.pool()), "AntPool");
/// let text = reg.tag(hit.tag()).map(|t| t.text()).unwrap_or_default();
/// assert!(text.eq_ignore_ascii_case("Mined by AntPool")); // tags match ASCII-case-insensitively
/// assert_eq!(hit.offset(), 5);
/// # Ok::<_, minerscope::pool::PoolError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TagHit {
    pub(crate) tag: TagId,
    pub(crate) pool: PoolId,
    pub(crate) offset: u32,
}

impl TagHit {
    /// The matched tag.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Attributor, Registry};
    ///
    /// let reg = Registry::builtin();
    /// let hit = Attributor::new(&reg)?.find_tag(b"..../ViaBTC/...").expect("tagged");
    /// assert_eq!(reg.find_tag("/ViaBTC/"), Some(hit.tag()));
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn tag(&self) -> TagId {
        self.tag
    }

    /// The pool the tag identifies.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Attributor, Registry};
    ///
    /// let reg = Registry::builtin();
    /// let hit = Attributor::new(&reg)?.find_tag(b"/F2Pool/").expect("tagged");
    /// assert_eq!(Some(hit.pool()), reg.find_pool("F2Pool"));
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn pool(&self) -> PoolId {
        self.pool
    }

    /// Byte offset of the match in the raw scriptSig.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Attributor, Registry};
    ///
    /// let reg = Registry::builtin();
    /// let at = Attributor::new(&reg)?;
    /// assert_eq!(at.find_tag(b"/ViaBTC/").map(|h| h.offset()), Some(0));
    /// assert_eq!(at.find_tag(b"\x03\x30\xaa\x0c/ViaBTC/").map(|h| h.offset()), Some(4));
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn offset(&self) -> u32 {
        self.offset
    }
}

/// A payout script found among the coinbase outputs: which address, for which pool, at which
/// output and with what value.
///
/// # Examples
///
/// ```
/// use bitcoin::{Amount, ScriptBuf};
/// use minerscope::chain::{Coinbase, CoinbaseOutput};
/// use minerscope::pool::{Attribution, Attributor, Registry, RegistryFormat};
///
/// let mut reg = Registry::new();
/// let src = reg.add_source("hand-made", RegistryFormat::Custom);
/// let f2 = reg.insert_pool("F2Pool", None, src);
/// let id =
///     reg.insert_address(f2, "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY", src).expect("valid");
/// let script = reg.address(id).expect("same registry").script_pubkey().clone();
/// // A witness commitment first, then the payout.
/// let cb = Coinbase::new(
///     vec![],
///     vec![
///         CoinbaseOutput::new(Amount::ZERO, ScriptBuf::new_op_return([0u8; 36])),
///         CoinbaseOutput::new(Amount::from_sat(315_500_000), script),
///     ],
/// );
/// let Attribution::Pool { address: Some(hit), .. } =
///     Attributor::new(&reg)?.attribute(&cb)
/// else {
///     panic!("expected an address hit");
/// };
/// assert_eq!((hit.address(), hit.pool(), hit.output()), (id, f2, 1));
/// assert_eq!(hit.value(), Amount::from_sat(315_500_000));
/// # Ok::<_, minerscope::pool::PoolError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AddressHit {
    pub(crate) address: AddressId,
    pub(crate) pool: PoolId,
    pub(crate) output: u32,
    pub(crate) value: Amount,
}

impl AddressHit {
    /// The matched address.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::pool::{Attributor, Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let f2 = reg.insert_pool("F2Pool", None, src);
    /// let id =
    ///     reg.insert_address(f2, "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY", src).expect("valid");
    /// let script = reg.address(id).expect("same registry").script_pubkey().clone();
    /// let at = Attributor::new(&reg)?;
    /// let hit =
    ///     at.find_address([(Amount::ONE_BTC, script.as_bytes())]).expect("known payout");
    /// assert_eq!(hit.address(), id);
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn address(&self) -> AddressId {
        self.address
    }

    /// The pool the address identifies.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::pool::{Attributor, Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let ant = reg.insert_pool("AntPool", None, src);
    /// let id =
    ///     reg.insert_address(ant, "12dRugNcdxK39288NjcDV4GX7rMsKCGn6B", src).expect("valid");
    /// let script = reg.address(id).expect("same registry").script_pubkey().clone();
    /// let hit = Attributor::new(&reg)?.find_address([(Amount::ONE_BTC, script.as_bytes())]);
    /// assert_eq!(hit.map(|h| h.pool()), Some(ant));
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn pool(&self) -> PoolId {
        self.pool
    }

    /// Index of the output paying it.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::pool::{Attributor, Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let ant = reg.insert_pool("AntPool", None, src);
    /// let id =
    ///     reg.insert_address(ant, "12dRugNcdxK39288NjcDV4GX7rMsKCGn6B", src).expect("valid");
    /// let script = reg.address(id).expect("same registry").script_pubkey().clone();
    /// // AntPool-style: a 546-sat dust output, then the payout; the first known output counts.
    /// let outputs =
    ///     [(Amount::from_sat(546), script.as_bytes()), (Amount::ONE_BTC, script.as_bytes())];
    /// let hit = Attributor::new(&reg)?.find_address(outputs).expect("known payout");
    /// assert_eq!((hit.output(), hit.value()), (0, Amount::from_sat(546)));
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn output(&self) -> u32 {
        self.output
    }

    /// Value of that output.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::pool::{Attributor, Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let p = reg.insert_pool("P", None, src);
    /// let id =
    ///     reg.insert_address(p, "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY", src).expect("valid");
    /// let script = reg.address(id).expect("same registry").script_pubkey().clone();
    /// let hit = Attributor::new(&reg)?
    ///     .find_address([(Amount::from_sat(648_267_494), script.as_bytes())]);
    /// assert_eq!(hit.map(|h| h.value().to_sat()), Some(648_267_494));
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn value(&self) -> Amount {
        self.value
    }
}

/// What to do when the tag names one pool and a payout address another.
///
/// # Examples
///
/// ```
/// use bitcoin::Amount;
/// use minerscope::pool::{
///     Attribution, Attributor, ConflictPolicy, Registry, RegistryFormat,
/// };
///
/// // A block tagged for AntPool that pays F2Pool's address.
/// let mut reg = Registry::new();
/// let src = reg.add_source("hand-made", RegistryFormat::Custom);
/// let ant = reg.insert_pool("AntPool", None, src);
/// let f2 = reg.insert_pool("F2Pool", None, src);
/// reg.insert_tag(ant, "Mined by AntPool", src);
/// let id =
///     reg.insert_address(f2, "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY", src).expect("valid");
/// let script = reg.address(id).expect("same registry").script_pubkey().clone();
/// let outcome = |policy| -> Result<Attribution, minerscope::pool::PoolError> {
///     let at = Attributor::new(&reg)?.with_policy(policy);
///     Ok(at.attribute_parts(b"Mined by AntPool", [(Amount::ONE_BTC, script.as_bytes())]))
/// };
/// assert!(matches!(outcome(ConflictPolicy::Report)?, Attribution::Conflict { .. }));
/// assert_eq!(outcome(ConflictPolicy::TagFirst)?.pool(), Some(ant));
/// assert_eq!(outcome(ConflictPolicy::AddressFirst)?.pool(), Some(f2));
/// assert_eq!(ConflictPolicy::default(), ConflictPolicy::Report);
/// # Ok::<_, minerscope::pool::PoolError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum ConflictPolicy {
    /// Report the block as [`Attribution::Conflict`] (the default: nothing is hidden).
    #[default]
    Report,
    /// Believe the tag, as mempool.space does.
    TagFirst,
    /// Believe the payout address (tags are easier to forge than payouts).
    AddressFirst,
}

/// The single outcome of attributing one block.
///
/// Small `Copy` data: ids into the [`Registry`] the attributor was built from.
///
/// # Examples
///
/// ```
/// use minerscope::chain::Coinbase;
/// use minerscope::pool::{Attribution, Attributor, Registry};
///
/// let reg = Registry::builtin();
/// let at = Attributor::new(&reg)?;
/// let tagged = at.attribute(&Coinbase::new(
///     b"\x03\x30\xaa\x0c\x19Mined by AntPool ".to_vec(),
///     vec![],
/// ));
/// assert!(matches!(tagged, Attribution::Pool { tag: Some(_), address: None, .. }));
/// assert_eq!(at.attribute(&Coinbase::default()), Attribution::Unknown);
/// # Ok::<_, minerscope::pool::PoolError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Attribution {
    /// Identified. When both kinds of evidence are present and name different pools, the
    /// [`ConflictPolicy`] chose `pool` and the other hit is kept as evidence.
    Pool {
        /// The pool.
        pool: PoolId,
        /// The best tag match, if any (the longest; the earliest among equals).
        tag: Option<TagHit>,
        /// The first output paying a known address, if any.
        address: Option<AddressHit>,
    },
    /// The tag says one pool, the payout another (under [`ConflictPolicy::Report`]).
    Conflict {
        /// What the tag says.
        tag: TagHit,
        /// What the payout says.
        address: AddressHit,
    },
    /// No known tag and no known payout address (or no coinbase at all).
    Unknown,
}

impl Attribution {
    /// The attributed pool, `None` for conflicts and unknowns.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::Coinbase;
    /// use minerscope::pool::{Attributor, Registry};
    ///
    /// let reg = Registry::builtin();
    /// let at = Attributor::new(&reg)?;
    /// let a = at.attribute(&Coinbase::new(b"/ViaBTC/".to_vec(), vec![]));
    /// assert_eq!(a.pool(), reg.find_pool("ViaBTC"));
    /// assert_eq!(at.attribute(&Coinbase::new(b"no tag".to_vec(), vec![])).pool(), None);
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn pool(&self) -> Option<PoolId> {
        match self {
            Attribution::Pool { pool, .. } => Some(*pool),
            _ => None,
        }
    }

    /// Whether tag and address evidence name different pools (reported, or resolved by policy).
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::pool::{Attributor, ConflictPolicy, Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let (p, q) = (reg.insert_pool("P", None, src), reg.insert_pool("Q", None, src));
    /// reg.insert_tag(p, "/P/", src);
    /// let id =
    ///     reg.insert_address(q, "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY", src).expect("valid");
    /// let script = reg.address(id).expect("same registry").script_pubkey().clone();
    /// // Resolved by policy, the block still carries its contradicting evidence.
    /// let at = Attributor::new(&reg)?.with_policy(ConflictPolicy::TagFirst);
    /// let a = at.attribute_parts(b"/P/", [(Amount::ONE_BTC, script.as_bytes())]);
    /// assert_eq!(a.pool(), Some(p));
    /// assert!(a.has_conflicting_evidence());
    /// assert!(!at.attribute_parts(b"/P/", []).has_conflicting_evidence());
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn has_conflicting_evidence(&self) -> bool {
        match self {
            Attribution::Conflict { .. } => true,
            Attribution::Pool { tag: Some(t), address: Some(a), .. } => t.pool != a.pool,
            _ => false,
        }
    }

    /// A one-line human description, e.g. `AntPool (tag "Mined by AntPool" at byte 4)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::pool::{Attribution, Attributor, Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let ant = reg.insert_pool("AntPool", None, src);
    /// let f2 = reg.insert_pool("F2Pool", None, src);
    /// reg.insert_tag(ant, "Mined by AntPool", src);
    /// let id =
    ///     reg.insert_address(f2, "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY", src).expect("valid");
    /// let script = reg.address(id).expect("same registry").script_pubkey().clone();
    /// let at = Attributor::new(&reg)?;
    /// let tagged = at.attribute_parts(b"\x03\x30\xaa\x0c\x19Mined by AntPool ", []);
    /// assert_eq!(
    ///     tagged.describe(&reg),
    ///     r#"AntPool (tag "Mined by AntPool" at byte 5 → AntPool)"#
    /// );
    /// let conflict = at
    ///     .attribute_parts(b"Mined by AntPool", [(Amount::from_sat(100), script.as_bytes())]);
    /// assert_eq!(
    ///     conflict.describe(&reg),
    ///     "CONFLICT: tag \"Mined by AntPool\" at byte 0 says AntPool, \
    ///      address 1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY at output 0 (100 sat) says F2Pool"
    /// );
    /// assert_eq!(Attribution::Unknown.describe(&reg), "unknown");
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn describe(&self, registry: &Registry) -> String {
        let tag = |t: &TagHit| {
            let text = registry.tag(t.tag).map_or("?", |e| e.text());
            format!("tag {text:?} at byte {}", t.offset)
        };
        let addr = |a: &AddressHit| {
            let text = registry.address(a.address).map_or("?", |e| e.address());
            format!("address {text} at output {} ({} sat)", a.output, a.value.to_sat())
        };
        match self {
            Attribution::Pool { pool, tag: t, address: a } => {
                let mut parts = Vec::new();
                if let Some(t) = t {
                    parts.push(format!("{} → {}", tag(t), registry.pool_name(t.pool)));
                }
                if let Some(a) = a {
                    parts.push(format!("{} → {}", addr(a), registry.pool_name(a.pool)));
                }
                format!("{} ({})", registry.pool_name(*pool), parts.join("; "))
            }
            Attribution::Conflict { tag: t, address: a } => format!(
                "CONFLICT: {} says {}, {} says {}",
                tag(t),
                registry.pool_name(t.pool),
                addr(a),
                registry.pool_name(a.pool)
            ),
            Attribution::Unknown => "unknown".to_owned(),
        }
    }
}

/// Block counts per pool, plus conflicts and unknowns: every block counted exactly once.
///
/// Counts compare equal when every count is equal, whatever the length of their
/// [`per_pool`](Self::per_pool) tables (a pool past the end of a table has zero blocks).
/// Deserialized counts are checked: a total beyond `u64::MAX` is
/// [`PoolError::CountOverflow`](super::PoolError::CountOverflow).
///
/// # Examples
///
/// ```
/// use minerscope::chain::Coinbase;
/// use minerscope::pool::{AttributionCounts, Attributor, Registry};
///
/// let reg = Registry::builtin();
/// let at = Attributor::new(&reg)?;
/// let tags: [&[u8]; 4] = [b"/ViaBTC/", b"/F2Pool/", b"/ViaBTC/", b"anonymous"];
/// let outcomes: Vec<_> =
///     tags.iter().map(|t| at.attribute(&Coinbase::new(t.to_vec(), vec![]))).collect();
/// let counts: AttributionCounts = outcomes.iter().collect();
/// assert_eq!((counts.identified(), counts.unknown(), counts.conflicts()), (3, 1, 0));
/// assert_eq!(counts.total(), 4); // every block counted exactly once
/// # Ok::<_, minerscope::pool::PoolError>(())
/// ```
#[derive(Debug, Clone, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "AttributionCountsRaw"))]
pub struct AttributionCounts {
    per_pool: Vec<u64>,
    conflicts: u64,
    unknown: u64,
}

/// [`AttributionCounts`] as stored, before its total is checked.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct AttributionCountsRaw {
    per_pool: Vec<u64>,
    conflicts: u64,
    unknown: u64,
}

#[cfg(feature = "serde")]
impl TryFrom<AttributionCountsRaw> for AttributionCounts {
    type Error = super::PoolError;

    fn try_from(raw: AttributionCountsRaw) -> Result<Self, Self::Error> {
        let AttributionCountsRaw { per_pool, conflicts, unknown } = raw;
        match super::shares::checked_total(per_pool.iter().chain([&conflicts, &unknown])) {
            Some(_) => Ok(AttributionCounts { per_pool, conflicts, unknown }),
            None => Err(super::PoolError::CountOverflow { categories: per_pool.len() + 2 }),
        }
    }
}

impl PartialEq for AttributionCounts {
    fn eq(&self, other: &Self) -> bool {
        let trimmed = |v: &[u64]| -> usize { v.iter().rposition(|&k| k > 0).map_or(0, |i| i + 1) };
        let (a, b) = (&self.per_pool, &other.per_pool);
        self.conflicts == other.conflicts
            && self.unknown == other.unknown
            && a.get(..trimmed(a)) == b.get(..trimmed(b))
    }
}

impl AttributionCounts {
    /// Zero counts for a registry with `n_pools` pools.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{AttributionCounts, Registry};
    ///
    /// let reg = Registry::builtin();
    /// let counts = AttributionCounts::new(reg.pools().len());
    /// assert_eq!(counts.per_pool().len(), reg.pools().len());
    /// assert_eq!(counts.total(), 0);
    /// ```
    pub fn new(n_pools: usize) -> Self {
        AttributionCounts { per_pool: vec![0; n_pools], conflicts: 0, unknown: 0 }
    }

    /// Counts one outcome. A pool id beyond the registry grows the table, so nothing is lost.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::Coinbase;
    /// use minerscope::pool::{Attribution, AttributionCounts, Attributor, Registry};
    ///
    /// let reg = Registry::builtin();
    /// let at = Attributor::new(&reg)?;
    /// let mut counts = AttributionCounts::new(0); // grows as needed
    /// counts.add(&at.attribute(&Coinbase::new(b"/ViaBTC/".to_vec(), vec![])));
    /// counts.add(&Attribution::Unknown);
    /// let via = reg.find_pool("ViaBTC").expect("built in");
    /// assert_eq!((counts.pool(via), counts.unknown(), counts.total()), (1, 1, 2));
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn add(&mut self, a: &Attribution) {
        match a {
            Attribution::Pool { pool, .. } => {
                let i = pool.index();
                if i >= self.per_pool.len() {
                    self.per_pool.resize(i + 1, 0);
                }
                if let Some(c) = self.per_pool.get_mut(i) {
                    *c += 1;
                }
            }
            Attribution::Conflict { .. } => self.conflicts += 1,
            Attribution::Unknown => self.unknown += 1,
        }
    }

    /// Blocks per pool, indexed by [`PoolId::index`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::Coinbase;
    /// use minerscope::pool::{AttributionCounts, Attributor, Registry};
    ///
    /// let reg = Registry::builtin();
    /// let at = Attributor::new(&reg)?;
    /// let mut counts = AttributionCounts::new(reg.pools().len());
    /// counts.add(&at.attribute(&Coinbase::new(b"Foundry USA Pool".to_vec(), vec![])));
    /// let foundry = reg.find_pool("Foundry USA").expect("built in");
    /// assert_eq!(counts.per_pool()[foundry.index()], 1);
    /// assert_eq!(counts.per_pool().iter().sum::<u64>(), 1);
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn per_pool(&self) -> &[u64] {
        &self.per_pool
    }

    /// Blocks attributed to `pool`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{AttributionCounts, Registry};
    ///
    /// let reg = Registry::builtin();
    /// let counts = AttributionCounts::new(0);
    /// // A pool never seen has zero blocks (no panic for an index past the table).
    /// assert_eq!(counts.pool(reg.find_pool("AntPool").expect("built in")), 0);
    /// ```
    pub fn pool(&self, pool: PoolId) -> u64 {
        self.per_pool.get(pool.index()).copied().unwrap_or(0)
    }

    /// Blocks with conflicting evidence (under [`ConflictPolicy::Report`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::pool::{AttributionCounts, Attributor, Registry, RegistryFormat};
    ///
    /// let mut reg = Registry::new();
    /// let src = reg.add_source("hand-made", RegistryFormat::Custom);
    /// let (p, q) = (reg.insert_pool("P", None, src), reg.insert_pool("Q", None, src));
    /// reg.insert_tag(p, "/P/", src);
    /// let id =
    ///     reg.insert_address(q, "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY", src).expect("valid");
    /// let script = reg.address(id).expect("same registry").script_pubkey().clone();
    /// let at = Attributor::new(&reg)?;
    /// let mut counts = AttributionCounts::new(2);
    /// counts.add(&at.attribute_parts(b"/P/", [(Amount::ONE_BTC, script.as_bytes())]));
    /// assert_eq!((counts.conflicts(), counts.identified()), (1, 0));
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn conflicts(&self) -> u64 {
        self.conflicts
    }

    /// Blocks with no evidence.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Attribution, AttributionCounts};
    ///
    /// let counts: AttributionCounts =
    ///     [Attribution::Unknown, Attribution::Unknown].iter().collect();
    /// assert_eq!(counts.unknown(), 2);
    /// ```
    pub fn unknown(&self) -> u64 {
        self.unknown
    }

    /// Blocks attributed to some pool.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::Coinbase;
    /// use minerscope::pool::{AttributionCounts, Attributor, Registry};
    ///
    /// let reg = Registry::builtin();
    /// let at = Attributor::new(&reg)?;
    /// let a = [
    ///     at.attribute(&Coinbase::new(b"/ViaBTC/".to_vec(), vec![])),
    ///     at.attribute(&Coinbase::new(b"/F2Pool/".to_vec(), vec![])),
    /// ];
    /// let counts: AttributionCounts = a.iter().collect();
    /// assert_eq!(counts.identified(), 2);
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn identified(&self) -> u64 {
        self.per_pool.iter().sum()
    }

    /// The pools with at least one block, largest first (ties by id): the categories to pass to
    /// [`Shares::from_counts`](super::Shares::from_counts) and
    /// [`Concentration::from_counts`](super::Concentration::from_counts), optionally with
    /// [`conflicts`](Self::conflicts) and [`unknown`](Self::unknown) as categories of their own.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::Coinbase;
    /// use minerscope::pool::{AttributionCounts, Attributor, PoolError, Registry, Shares};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let reg = Registry::builtin();
    /// let at = Attributor::new(&reg)?;
    /// let tags = ["/ViaBTC/", "Foundry USA Pool", "/ViaBTC/", "no tag"];
    /// let counts: AttributionCounts = tags
    ///     .iter()
    ///     .map(|t| at.attribute(&Coinbase::new(t.as_bytes().to_vec(), vec![])))
    ///     .collect::<Vec<_>>()
    ///     .iter()
    ///     .collect();
    /// let pools = counts.nonzero_pools();
    /// assert_eq!(reg.pool_name(pools[0].0), "ViaBTC");
    /// let k: Vec<u64> = pools.iter().map(|p| p.1).chain([counts.unknown()]).collect();
    /// let shares = Shares::from_counts(&k, ConfidenceLevel::P95, Default::default())?;
    /// assert_eq!(shares.total(), 4);
    /// # Ok::<_, PoolError>(())
    /// ```
    pub fn nonzero_pools(&self) -> Vec<(PoolId, u64)> {
        let mut v: Vec<(PoolId, u64)> = self
            .per_pool
            .iter()
            .enumerate()
            .filter(|&(_, &k)| k > 0)
            .map(|(i, &k)| (PoolId(u32::try_from(i).unwrap_or(u32::MAX)), k))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }

    /// All blocks counted: identified + conflicts + unknown.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Attribution, AttributionCounts};
    ///
    /// let counts: AttributionCounts = [Attribution::Unknown].iter().collect();
    /// assert_eq!(counts.total(), counts.identified() + counts.conflicts() + counts.unknown());
    /// assert_eq!(counts.total(), 1);
    /// ```
    pub fn total(&self) -> u64 {
        self.identified() + self.conflicts + self.unknown
    }
}

impl<'a> FromIterator<&'a Attribution> for AttributionCounts {
    fn from_iter<I: IntoIterator<Item = &'a Attribution>>(iter: I) -> Self {
        let mut c = AttributionCounts::default();
        for a in iter {
            c.add(a);
        }
        c
    }
}
