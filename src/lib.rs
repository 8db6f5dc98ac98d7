//! # minerscope
//!
//! On-chain Bitcoin mining analytics with honest uncertainty: which pool mined a block, how much
//! hashrate the network (and each pool) has with exact confidence intervals, when rigs were powered
//! down and by how much, and what mining is worth against leasing the same megawatts to AI.
//!
//! The crate is a pure library: no file, network or clock access anywhere. Inputs are values,
//! byte slices and `&str`; examples do all I/O.
//!
//! ## Tour
//!
//! ```text
//!    bitcoin::Block / Header, Core getblock JSON, Esplora JSON, plain fields
//!                               │  chain: parse, validate (no I/O)
//!  sim::Scenario ──simulate──►  chain::BlockSeries ──► chain::WorkTime (u_i = Δt_i / W_i)
//!                               │                          │
//!            pool::Attributor ◄─┘                          ▼
//!            → attributions, shares          hashrate: estimators, rolling, per-pool, projection
//!                                                          │  Estimate { value, interval }
//!                                                          ▼
//!                                            detect: CUSUM, GLR, BOCPD, PELT → PowerDownEvent
//!                                                          │
//!                                                          ▼
//!                                            economics: hashprice, fleets, curtailment, AI lease
//! ```
//!
//! * [`chain`] — block records, validated contiguous series, exact consensus arithmetic (work,
//!   chainwork, retarget, subsidy, median-time-past) and the work-time normalisation every
//!   statistical module consumes.
//! * [`sim`] — a seedable mainnet-like chain simulator: the built-in default for the examples and
//!   the ground truth for every estimator test.
//! * [`pool`] — pool registries, attribution with evidence and conflicts, shares with
//!   simultaneous intervals.
//! * [`hashrate`] — Bitcoin Core's `getnetworkhashps`, unbiased and exact-interval estimators,
//!   timestamp-robust, Bayesian and state-space estimators, per-pool rates, retarget projection.
//! * [`detect`] — change-point detection of hashrate drops with a controlled false-alarm rate.
//! * [`economics`] — hashprice, fleets, breakeven, curtailment, scenarios, mine vs lease to AI.
//! * [`stats`] and [`units`] — confidence levels, intervals, quantiles and unit newtypes shared by
//!   all of the above.
//!
//! ## Quick start
//!
//! Simulate a chain with a hidden power-down, estimate the hashrate with an exact interval and
//! find the change:
//!
//! ```
//! use minerscope::detect::{scan, FalseAlarmTarget, ScanConfig};
//! use minerscope::hashrate::{Exact, HashrateEstimator, Window};
//! use minerscope::sim::{HashratePath, Scenario};
//! use minerscope::stats::ConfidenceLevel;
//! use minerscope::units::Hashrate;
//!
//! let eh = |x: f64| Hashrate::from_ehs(x);
//! let path = HashratePath::steps(eh(600.0)?, &[(30.0 * 86_400.0, eh(510.0)?)])?;
//! let chain = Scenario::builder().hashrate(path).seed(42).build()?.run(4 * 2016)?;
//! let wt = chain.work_time();
//!
//! let window = Window::trailing(wt.end_height(), 2016)?;
//! let estimate = Exact::unbiased().estimate(&wt, window, ConfidenceLevel::P95)?;
//! assert!(estimate.interval().contains(&eh(510.0)?));
//!
//! let events = scan(&wt, &ScanConfig::new(FalseAlarmTarget::per_days(365.0)?))?;
//! assert!(events.iter().any(|e| e.size().percent_change() < -10.0));
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```
//!
//! Real blocks come in through [`chain::decode_block`], [`chain::json`] (Bitcoin Core and
//! Esplora JSON) or [`chain::BlockSeries::from_headers`]; pools are attributed with
//! [`pool::Attributor`] over [`pool::Registry::builtin`] or any supported registry file.
//!
//! ## Work-time: the common currency
//!
//! For block `i` with expected work `W_i = 2^256/(T_i+1)` and timestamp gap `Δt_i`, the work-time
//! `u_i = Δt_i / W_i` is, under a constant hashrate `H`, an i.i.d. `Exponential(H)` draw — even
//! across difficulty retargets. [`chain::WorkTime`] computes it once, with prefix sums for O(1)
//! windows, so estimators and detectors handle difficulty changes for free.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(clippy::indexing_slicing)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![doc(test(attr(warn(unused))))]

pub mod chain;
pub mod detect;
pub mod economics;
pub mod hashrate;
pub mod pool;
pub mod sim;
pub mod stats;
pub mod units;

/// The README's code examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
