//! Unit newtypes shared across minerscope.
//!
//! Every quantity has one canonical base unit and carries the unit in each constructor and
//! accessor name (`from_hs`, `to_ehs`), in the style of rust-bitcoin's `Weight` and `FeeRate`.
//! Constructors validate: a value that is not finite, or negative where that makes no sense, is a
//! [`UnitError`], never a silent `NaN` downstream.
//!
//! Floating-point newtypes implement `PartialEq`/`PartialOrd` but not `Eq`, `Ord` or `Hash`:
//! their invariants exclude `NaN`, so [`Hashrate::total_cmp`]-style ordering is offered where
//! ordering matters.

mod btc_price;
mod difficulty;
mod efficiency;
mod energy;
mod energy_price;
mod error;
mod hashrate;
mod power;
mod usd;

pub use btc_price::BtcPrice;
pub use difficulty::{Difficulty, HASHES_PER_DIFFICULTY};
pub use efficiency::Efficiency;
pub use energy::Energy;
pub use energy_price::EnergyPrice;
pub use error::UnitError;
pub use hashrate::Hashrate;
pub use power::Power;
pub use usd::Usd;
