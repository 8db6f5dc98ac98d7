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
//! Beside these: the [`LocalLevel`] state-space filter/smoother (§5.3), per-pool rates
//! ([`per_pool`], §4.2), O(n) rolling passes ([`Rolling`]), the next-retarget projection
//! ([`project_retarget`], §7.3) and the timestamp-noise analysis ([`TimestampNoise`], §2).

mod bayes;
mod core_compat;
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
mod window;

pub use bayes::{Bayesian, GammaPosterior};
pub use core_compat::CoreCompatible;
pub use error::HashrateError;
pub use estimate::{Estimate, Method};
pub use estimator::HashrateEstimator;
pub use exact::{Exact, PointRule};
pub use fixed_time::{Exposure, FixedTime, PoissonInterval};
pub use kalman::{LocalLevel, StateSpacePath};
pub use noise::TimestampNoise;
pub use per_pool::{per_pool, PoolHashrate, PoolHashrates, Simultaneity};
pub use pivot::ChiSquaredPivot;
pub use projection::{project_retarget, RetargetProjection};
pub use robust::{Endpoints, TimestampRobust};
pub use rolling::{Rolling, RollingMethod, RollingPoint};
pub use window::Window;
