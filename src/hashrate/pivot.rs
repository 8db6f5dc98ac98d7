//! Cached interval pivots and small shared helpers.

use crate::stats::{quantile, rate, ConfidenceLevel, Interval};
use crate::units::Hashrate;

use super::HashrateError;

/// The exact χ² pivot for `n` exponential waiting times at one level, computed once:
/// `H ∈ [lo/S, hi/S]` with `lo = χ²(α/2; 2n)/2`, `hi = χ²(1−α/2; 2n)/2` (SCIENCE.md §1.4).
///
/// Computing the two quantiles costs a few microseconds; rolling passes build one pivot per
/// (window, level) and reuse it for every window.
///
/// # Examples
///
/// ```
/// use minerscope::hashrate::ChiSquaredPivot;
/// use minerscope::stats::ConfidenceLevel;
///
/// let p = ChiSquaredPivot::new(120, ConfidenceLevel::P95)?;
/// // Relative to the MLE n/S: [0.829, 1.187] (SCIENCE.md §0).
/// let ci = p.interval_hs(120.0)?;
/// assert!((ci.low().to_hs() - 0.829).abs() < 5e-4);
/// assert!((ci.high().to_hs() - 1.187).abs() < 5e-4);
/// # Ok::<_, minerscope::hashrate::HashrateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChiSquaredPivot {
    n: u32,
    level: ConfidenceLevel,
    lo: f64,
    hi: f64,
}

impl ChiSquaredPivot {
    /// Computes the pivot for `n >= 1` intervals.
    ///
    /// # Errors
    ///
    /// [`HashrateError::InvalidParameter`] if `n == 0`; [`HashrateError::Quantile`] if the
    /// quantile fails.
    pub fn new(n: u32, level: ConfidenceLevel) -> Result<Self, HashrateError> {
        if n == 0 {
            return Err(HashrateError::InvalidParameter {
                name: "n",
                value: 0.0,
                reason: "at least one interval is needed",
            });
        }
        let (lo, hi) = rate::gamma_pivot(u64::from(n), level)?;
        Ok(ChiSquaredPivot { n, level, lo, hi })
    }

    /// Number of intervals.
    pub fn n(&self) -> u32 {
        self.n
    }

    /// The level.
    pub fn level(&self) -> ConfidenceLevel {
        self.level
    }

    /// `(χ²(α/2; 2n)/2, χ²(1−α/2; 2n)/2)`.
    pub fn quantiles(&self) -> (f64, f64) {
        (self.lo, self.hi)
    }

    /// The interval for `H` given the work-time sum `S` (seconds per hash).
    ///
    /// # Errors
    ///
    /// [`HashrateError::NonFiniteResult`] unless `work_time` is finite and positive.
    pub fn interval_hs(&self, work_time: f64) -> Result<Interval<Hashrate>, HashrateError> {
        if !(work_time.is_finite() && work_time > 0.0) {
            return Err(HashrateError::NonFiniteResult { what: "work-time", value: work_time });
        }
        Ok(Interval::from_ordered(
            hashrate(self.lo / work_time, "lower bound")?,
            hashrate(self.hi / work_time, "upper bound")?,
            self.level,
        ))
    }
}

/// Gamma(shape, rate 1) quantile pair for a non-integer shape (the n_eff correction).
#[allow(dead_code, reason = "used by the robust estimator")]
pub(crate) fn gamma_quantiles(
    shape: f64,
    level: ConfidenceLevel,
) -> Result<(f64, f64), HashrateError> {
    Ok((
        quantile::gamma(level.lower_tail(), shape, 1.0)?,
        quantile::gamma(level.upper_tail(), shape, 1.0)?,
    ))
}

/// `a − b` for timestamps, in `f64` so that no input can overflow.
pub(crate) fn secs_between(a: i64, b: i64) -> f64 {
    a as f64 - b as f64
}

/// Converts an H/s value, naming what it was if it is not finite and non-negative.
pub(crate) fn hashrate(hs: f64, what: &'static str) -> Result<Hashrate, HashrateError> {
    Hashrate::from_hs(hs).map_err(|_| HashrateError::NonFiniteResult { what, value: hs })
}

/// Checks that a window's work-time is finite and positive.
pub(crate) fn positive_work_time(from: u32, to: u32, s: f64) -> Result<f64, HashrateError> {
    if s.is_finite() && s > 0.0 {
        Ok(s)
    } else {
        Err(HashrateError::NonPositiveWorkTime { from, to, work_time: s })
    }
}

/// Builds an interval from bounds that should be ordered, ordering them defensively.
pub(crate) fn ordered(low: Hashrate, high: Hashrate, level: ConfidenceLevel) -> Interval<Hashrate> {
    if low <= high {
        Interval::from_ordered(low, high, level)
    } else {
        Interval::from_ordered(high, low, level)
    }
}
