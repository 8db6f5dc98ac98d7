//! The outcome of attributing one block: a pool with its evidence, a conflict, or unknown; and
//! counts over many blocks that always add up.

use bitcoin::Amount;

use super::{AddressId, PoolId, Registry, TagId};

/// A tag found in a scriptSig: which tag, for which pool, at which byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TagHit {
    pub(crate) tag: TagId,
    pub(crate) pool: PoolId,
    pub(crate) offset: u32,
}

impl TagHit {
    /// The matched tag.
    pub fn tag(&self) -> TagId {
        self.tag
    }

    /// The pool the tag identifies.
    pub fn pool(&self) -> PoolId {
        self.pool
    }

    /// Byte offset of the match in the raw scriptSig.
    pub fn offset(&self) -> u32 {
        self.offset
    }
}

/// A payout script found among the coinbase outputs: which address, for which pool, at which
/// output and with what value.
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
    pub fn address(&self) -> AddressId {
        self.address
    }

    /// The pool the address identifies.
    pub fn pool(&self) -> PoolId {
        self.pool
    }

    /// Index of the output paying it.
    pub fn output(&self) -> u32 {
        self.output
    }

    /// Value of that output.
    pub fn value(&self) -> Amount {
        self.value
    }
}

/// What to do when the tag names one pool and a payout address another.
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
    pub fn pool(&self) -> Option<PoolId> {
        match self {
            Attribution::Pool { pool, .. } => Some(*pool),
            _ => None,
        }
    }

    /// Whether tag and address evidence name different pools (reported, or resolved by policy).
    pub fn has_conflicting_evidence(&self) -> bool {
        match self {
            Attribution::Conflict { .. } => true,
            Attribution::Pool { tag: Some(t), address: Some(a), .. } => t.pool != a.pool,
            _ => false,
        }
    }

    /// A one-line human description, e.g. `AntPool (tag "Mined by AntPool" at byte 4)`.
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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AttributionCounts {
    per_pool: Vec<u64>,
    conflicts: u64,
    unknown: u64,
}

impl AttributionCounts {
    /// Zero counts for a registry with `n_pools` pools.
    pub fn new(n_pools: usize) -> Self {
        AttributionCounts { per_pool: vec![0; n_pools], conflicts: 0, unknown: 0 }
    }

    /// Counts one outcome. A pool id beyond the registry grows the table, so nothing is lost.
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
    pub fn per_pool(&self) -> &[u64] {
        &self.per_pool
    }

    /// Blocks attributed to `pool`.
    pub fn pool(&self, pool: PoolId) -> u64 {
        self.per_pool.get(pool.index()).copied().unwrap_or(0)
    }

    /// Blocks with conflicting evidence (under [`ConflictPolicy::Report`]).
    pub fn conflicts(&self) -> u64 {
        self.conflicts
    }

    /// Blocks with no evidence.
    pub fn unknown(&self) -> u64 {
        self.unknown
    }

    /// Blocks attributed to some pool.
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
