//! Pool registries, attribution with evidence and conflicts, shares with simultaneous intervals
//! and concentration.
//!
//! * **Registries** ([`Registry`]) load from `&str` in every format in use — mempool
//!   `pools-v2.json` and bitcoin-data `pool-list.json` ([`RegistryFormat::PoolList`]), the legacy
//!   `{coinbase_tags, payout_addresses}` files ([`RegistryFormat::Legacy`]) and the
//!   consensus-decentralization identifier and address files — and merge with the source of every
//!   entry kept and disagreements reported. [`Registry::builtin`] works with no file at all.
//!   [`Ownership`] maps pools to owning entities at a date.
//! * **Attribution** ([`Attributor`]) gives every block exactly one [`Attribution`]: a pool with
//!   its evidence (tag and byte offset, address and output), a conflict, or unknown. Tags are
//!   matched as bytes against the raw scriptSig (UTF-8 tags work) by one automaton; every
//!   output is checked against the payout scripts, not just output 0.
//! * **Shares** ([`Shares`]) with simultaneous intervals for all pools (Goodman by default, or
//!   Sison–Glaz), per-pool Garwood intervals on expected block counts, and concentration
//!   ([`Concentration`]: HHI and Nakamoto coefficient with Dirichlet-posterior intervals).
//!
//! # Examples
//!
//! ```
//! use minerscope::chain::Coinbase;
//! use minerscope::pool::{AttributionCounts, Attributor, PoolError, Registry};
//!
//! let reg = Registry::builtin();
//! let attributor = Attributor::new(&reg)?;
//! let blocks = [
//!     Coinbase::new(b"\x03\x60\xaf\x0c/Foundry USA Pool #dropgold/".to_vec(), vec![]),
//!     Coinbase::new(b"\x03\x62\xaf\x0cMined by AntPool".to_vec(), vec![]),
//!     Coinbase::new(b"\x03\x61\xaf\x0c".to_vec(), vec![]),
//! ];
//! let outcomes: Vec<_> = blocks.iter().map(|c| attributor.attribute(c)).collect();
//! let counts: AttributionCounts = outcomes.iter().collect();
//! assert_eq!(counts.total(), 3);
//! assert_eq!(counts.unknown(), 1);
//! assert_eq!(outcomes[1].pool(), reg.find_pool("AntPool"));
//! # Ok::<_, PoolError>(())
//! ```

mod attribution;
mod builtin;
mod concentration;
mod error;
mod format;
mod gram_filter;
mod json_keys;
mod load_cd;
mod load_legacy;
mod load_pool_list;
mod matcher;
mod merge;
mod ownership;
mod registry;
mod shares;
mod sison_glaz;

pub use attribution::{AddressHit, Attribution, AttributionCounts, ConflictPolicy, TagHit};
pub use builtin::{BUILTIN_ALIASES, BUILTIN_POOLS, BuiltinPool};
pub use concentration::{Concentration, ConcentrationOptions};
pub use error::PoolError;
pub use format::RegistryFormat;
pub use matcher::Attributor;
pub use ownership::{Membership, Ownership};
pub use registry::{
    AddressEntry, AddressId, Claim, Disagreement, ListedCounts, Pool, PoolId, Registry, SkipReason,
    SkippedEntry, Source, SourceId, TagEntry, TagId,
};
pub use shares::{Share, Shares, SimultaneousMethod};
