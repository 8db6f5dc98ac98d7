//! A seedable, mainnet-like chain simulator: the ground truth for every estimator and detector
//! test and the built-in default for the examples.
//!
//! ```
//! use minerscope::sim::{HashratePath, Scenario};
//! use minerscope::units::Hashrate;
//!
//! let eh = |x: f64| Hashrate::from_ehs(x);
//! // Four retarget periods at 600 EH/s with a 15 % power-down four weeks in.
//! let path = HashratePath::steps(eh(600.0)?, &[(28.0 * 86_400.0, eh(510.0)?)])?;
//! let chain = Scenario::builder().hashrate(path).seed(42).build()?.run(4 * 2016)?;
//! assert_eq!(chain.len(), 8064);
//! let difficulty = |h: u32| chain.series().get(h).map(|r| r.difficulty().to_f64());
//! // 600 EH/s is above the start's ≈585 EH/s equilibrium: the first retarget raises difficulty…
//! assert!(difficulty(832_608) > difficulty(830_593));
//! // …and the retarget after the power-down lowers it.
//! assert!(difficulty(836_640) < difficulty(834_624));
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```
//!
//! # Model
//!
//! * **Arrivals.** Hashes are Bernoulli trials, so with network hashrate `H(t)` blocks form a
//!   Poisson process of rate `H(t)/W` (SCIENCE.md §1.2). Block `i` is found when the hashes
//!   spent since block `i−1` reach `W_i·E_i`, `E_i ~ Exp(1)` i.i.d. ([`BlockTruth::effort`]),
//!   where `W_i = 2^256/(T_i+1)` is the exact work of its target. The integrated hashrate is
//!   inverted in closed form for piecewise-linear paths and numerically for closures
//!   ([`HashratePath`]).
//! * **Difficulty.** Every 2016 blocks `bits` follow Bitcoin Core's rule exactly
//!   ([`crate::chain::consensus::next_bits`]) on the simulated *header* timestamps, noise
//!   included, so the chain reacts to hashrate changes as mainnet does (including the
//!   off-by-one that makes the long-run mean interval 600.6 s, SCIENCE.md §7.2).
//! * **Timestamps.** Header time = true find time + clock offset (normal core, uniform
//!   outliers), rounded, capped at true time + 2 h, bumped above the median time past
//!   ([`TimestampNoise`]). Timestamps go backwards at mainnet-like rates.
//! * **Pools.** Finders are drawn in proportion to pool hashrates at the find time
//!   ([`PoolMix`]); each pool writes its real coinbase tag and pays its real payout script.
//! * **Records.** Every block gets a coinbase (BIP34 height, tag, extranonce; payout of
//!   subsidy + fees, an AntPool-style dust output where applicable, a witness-commitment
//!   output) and a real [`bitcoin::block::Header`] whose merkle root is the coinbase txid and
//!   whose `prev_blockhash` is the previous simulated hash, so [`crate::chain::BlockSeries`]
//!   validates the links.
//!
//! # Assumptions and limits
//!
//! * Miners do not react to difficulty or price; the hashrate path is exogenous.
//! * No propagation delay, stale blocks or selfish mining; the chain never reorganises.
//! * Header hashes do **not** meet their targets: simulating proof of work would take the
//!   network's hashrate. Hash values carry no information about hashrate anyway
//!   (SCIENCE.md §1.1).
//! * Clock offsets are independent between blocks (real pools have persistent skews).
//! * Timewarp rules (BIP-0094, BIP-0054) are not applied: mainnet has neither today.
//!
//! # Reproducibility
//!
//! The random numbers come from a built-in xoshiro256++ generator seeded by SplitMix64, with
//! separate streams for arrivals, finders, clocks and coinbases. The same seed gives the same
//! chain on every platform and release (changes would be flagged "value-breaking"); see
//! `tests/sim_value_stability.rs`.

mod coinbase;
mod engine;
mod error;
mod fees;
mod integrate;
mod noise;
mod path;
mod pools;
mod presets;
mod rng;
mod scenario;
mod simulated;
mod start;

pub use error::SimError;
pub use fees::FeeModel;
pub use noise::{MAX_FUTURE_BLOCK_TIME_SECS, TimestampNoise};
pub use path::HashratePath;
pub use pools::{MAX_TAG_LEN, PoolMix, PoolProfile};
pub use scenario::{Scenario, ScenarioBuilder, simulate};
pub use simulated::{BlockTruth, SimulatedChain};
pub use start::StartState;
