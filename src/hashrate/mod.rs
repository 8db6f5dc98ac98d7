//! Hashrate estimators with confidence intervals.
//!
//! Every estimator returns an [`Estimate`]: the point value in H/s, its interval and level, the
//! method, and the blocks and work-time it used.

mod estimate;

pub use estimate::{Estimate, Method};
