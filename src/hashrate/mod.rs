//! Hashrate estimators with confidence intervals.
//!
//! Every estimator returns an [`Estimate`]: the point value in H/s, its interval and level, the
//! method, and the blocks and work-time it used. Configuration is a small value validated at
//! construction; evaluation takes a [`WorkTime`](crate::chain::WorkTime), a [`Window`] and a
//! [`ConfidenceLevel`](crate::stats::ConfidenceLevel).
//!
//! | estimator | point | interval | SCIENCE.md |
//! |---|---|---|---|
//! | [`CoreCompatible`] | Bitcoin Core's `getnetworkhashps` | exact χ², relative to the value | §3 |
//! | [`Exact::unbiased`] | `(n−1)/S` (UMVUE) | exact χ² | §1.3–1.4 |
//! | [`Exact::mle`] | `n/S` | exact χ² | §1.3–1.4 |
//! | [`FixedTime`] | `N/E` over a time span | Garwood or mid-p | §1.3–1.4 |
//! | [`TimestampRobust`] | `(n−1)/S` over MTP (or raw) endpoints | n_eff-widened Gamma | §2.3 |
//! | [`Bayesian`] | posterior mean | equal-tailed credible | §5.1–5.2 |
//!
//! Beside these: the per-block Bayesian [`DiscountFilter`] (§5.2), the [`LocalLevel`]
//! state-space filter/smoother (§5.3), per-pool rates
//! ([`per_pool`], §4.2), O(n) rolling passes ([`Rolling`] by block count, [`RollingTime`] by time span), the next-retarget projection
//! ([`project_retarget`], §7.3) and the timestamp-noise analysis ([`TimestampNoiseReport`], §2).
//!
//! # Example
//!
//! ```
//! use minerscope::chain::WorkTime;
//! use minerscope::hashrate::{
//!     project_retarget, CoreCompatible, Exact, HashrateEstimator, Rolling, RollingMethod, Window,
//! };
//! use minerscope::stats::ConfidenceLevel;
//!
//! // A day and a half of blocks 590 s apart at 6e20 hashes each, from a period start.
//! let times: Vec<i64> = (0..=216).map(|i| 1_700_000_000 + i * 590).collect();
//! let wt = WorkTime::from_parts(2016 * 410, &times, &[6e20; 217])?;
//! let tip = wt.end_height();
//!
//! // Bitcoin Core's number, and the honest interval beside it.
//! let core = CoreCompatible.get_network_hashps(&wt, 120, None, ConfidenceLevel::P95)?;
//! // The unbiased estimate over the last day, with its exact 95 % interval.
//! let day = Exact::unbiased().estimate(&wt, Window::trailing(tip, 144)?, ConfidenceLevel::P95)?;
//! assert!(day.value() < core.value()); // Core is biased up by n/(n−1)
//! assert!(day.interval().contains(&day.value()));
//!
//! // One estimate per block, in one O(n) pass.
//! let path = Rolling::new(RollingMethod::Unbiased, 144)?.run(&wt, ConfidenceLevel::P95)?;
//! assert_eq!(path.len(), 217 - 144);
//!
//! // The next difficulty change, with a predictive interval: about +1.7 %.
//! let next = project_retarget(&wt, None, None, ConfidenceLevel::P95)?;
//! assert!(next.change_percent_interval().contains(&1.7));
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

mod bayes;
mod core_compat;
mod discount_filter;
mod error;
mod estimate;
mod estimator;
mod exact;
mod fixed_time;
mod kalman;
mod noise;
mod per_pool;
mod pivot;
mod projection;
mod robust;
mod rolling;
mod rolling_time;
mod window;

pub use bayes::{Bayesian, GammaPosterior};
pub use core_compat::CoreCompatible;
pub use discount_filter::DiscountFilter;
pub use error::HashrateError;
pub use estimate::{Estimate, Method};
pub use estimator::HashrateEstimator;
pub use exact::{Exact, PointRule};
pub use fixed_time::{Exposure, FixedTime, PoissonInterval};
pub use kalman::{LocalLevel, StateSpacePath};
pub use noise::TimestampNoiseReport;
pub use per_pool::{PoolHashrate, PoolHashrates, Simultaneity, per_pool};
pub use pivot::ChiSquaredPivot;
pub use projection::{RetargetProjection, project_retarget};
pub use robust::{Endpoints, TimestampRobust};
pub use rolling::{Rolling, RollingMethod, RollingPoint};
pub use rolling_time::RollingTime;
pub use window::Window;
