use thiserror::Error;

use crate::stats::StatsError;

/// Error from a hashrate estimator, rolling pass, per-pool estimate or retarget projection.
///
/// Every variant names the offending value and where it occurred, so bad input is reported, never
/// turned into NaN, infinity or a silent zero.
///
/// # Examples
///
/// ```
/// use minerscope::hashrate::{HashrateError, Window};
///
/// let err = Window::heights(10, 10).unwrap_err();
/// assert_eq!(err, HashrateError::InvalidWindow { what: "from < to", low: 10, high: 10 });
/// assert_eq!(err.to_string(), "window bounds must satisfy from < to, got 10 and 10");
/// ```
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum HashrateError {
    /// A window has fewer intervals than the estimator needs.
    #[error(
        "window {from}..={to} has {blocks} block intervals, the {estimator} estimator needs at least {min}"
    )]
    WindowTooShort {
        /// The estimator that rejected the window.
        estimator: &'static str,
        /// First height of the window.
        from: u32,
        /// Last height of the window.
        to: u32,
        /// Intervals in the window.
        blocks: u32,
        /// Minimum number of intervals.
        min: u32,
    },
    /// A window's bounds are out of order or empty.
    #[error("window bounds must satisfy {what}, got {low} and {high}")]
    InvalidWindow {
        /// The rule that was violated, e.g. `"from < to"`.
        what: &'static str,
        /// The lower bound given.
        low: i64,
        /// The upper bound given.
        high: i64,
    },
    /// A window reaches outside the heights (or times) the work-time series covers.
    #[error("window {from}..={to} is outside the series {start}..={end}")]
    WindowOutOfRange {
        /// First height (or time) of the window.
        from: i64,
        /// Last height (or time) of the window.
        to: i64,
        /// First height (or time) of the series.
        start: i64,
        /// Last height (or time) of the series.
        end: i64,
    },
    /// The work-time sum (or exposure) of a window is zero or negative (timestamps went
    /// backwards across the whole window), or not finite.
    #[error("work-time over blocks {from}..={to} must be positive, got {work_time}")]
    NonPositiveWorkTime {
        /// First height of the window.
        from: u32,
        /// Last height of the window.
        to: u32,
        /// The work-time sum in seconds per hash.
        work_time: f64,
    },
    /// The timestamps of a window span zero seconds (Bitcoin Core returns 0 here).
    #[error("blocks {from}..={to} span zero seconds between their earliest and latest timestamp")]
    ZeroElapsedTime {
        /// First height of the window.
        from: u32,
        /// Last height of the window.
        to: u32,
    },
    /// A configuration parameter is outside its domain.
    #[error("parameter `{name}` is invalid: {value} ({reason})")]
    InvalidParameter {
        /// The parameter, e.g. `"noise_sd_secs"`.
        name: &'static str,
        /// The offending value.
        value: f64,
        /// What the domain is.
        reason: &'static str,
    },
    /// Timestamp noise swamps the window: the effective block count `n_eff` is below a quarter
    /// of `n`, where the Gamma-shape correction stops being a usable approximation.
    #[error(
        "timestamp noise dominates blocks {from}..={to}: {effective_blocks:.2} effective of {blocks} blocks (below a quarter); use a longer window"
    )]
    NoiseDominates {
        /// First height of the window.
        from: u32,
        /// Last height of the window.
        to: u32,
        /// The effective block count `n_eff`.
        effective_blocks: f64,
        /// The window's intervals `n`.
        blocks: u32,
    },
    /// Per-block labels do not match the window.
    #[error("{labels} labels given for the {blocks} blocks of window {from}..={to}")]
    LabelCountMismatch {
        /// Labels supplied.
        labels: usize,
        /// Blocks in the window.
        blocks: u32,
        /// First height of the window.
        from: u32,
        /// Last height of the window.
        to: u32,
    },
    /// A result could not be represented (overflowed or not finite).
    #[error("{what} is not a finite non-negative number: {value}")]
    NonFiniteResult {
        /// What was being computed.
        what: &'static str,
        /// The offending value.
        value: f64,
    },
    /// A distribution quantile could not be computed (its parameters were out of domain).
    #[error("quantile failed: {0}")]
    Quantile(#[source] StatsError),
}

impl From<StatsError> for HashrateError {
    fn from(e: StatsError) -> Self {
        HashrateError::Quantile(e)
    }
}
