//! Exact intervals for the rate of a Poisson process — the two pivots every hashrate interval in
//! minerscope is built from (SCIENCE.md §1.4).
//!
//! * Fixed number of events `n` with total work-time `S`: `2·H·S ~ χ²(2n)`, so
//!   `H ∈ [χ²(α/2; 2n)/(2S), χ²(1−α/2; 2n)/(2S)]` — exact.
//! * Fixed exposure `E` with `k` events counted (Garwood 1936):
//!   `H ∈ [½χ²(α/2; 2k)/E, ½χ²(1−α/2; 2k+2)/E]`, lower limit 0 when `k = 0` — conservative.

use super::{ConfidenceLevel, Interval, StatsError, quantile};

fn check_positive(parameter: &'static str, value: f64) -> Result<f64, StatsError> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(StatsError::InvalidParameter { distribution: "poisson process", parameter, value })
    }
}

/// The interval `[lo, hi]`, or an error naming `parameter` when dividing by a subnormal
/// work-time or exposure overflowed to infinity.
fn finite_interval(
    parameter: &'static str,
    value: f64,
    lo: f64,
    hi: f64,
    level: ConfidenceLevel,
) -> Result<Interval<f64>, StatsError> {
    if hi.is_finite() {
        Ok(Interval::from_ordered(lo, hi, level))
    } else {
        Err(StatsError::InvalidParameter { distribution: "poisson process", parameter, value })
    }
}

/// The pair of χ² quantiles `(χ²(α/2; 2n)/2, χ²(1−α/2; 2n)/2)` for `n` events: multiply by
/// `1/S` to get the exact rate interval. Cache this per `(n, level)` in rolling code.
///
/// # Errors
///
/// [`StatsError::InvalidParameter`] if `n == 0` or `2n` exceeds [`quantile::MAX_SHAPE`].
///
/// # Examples
///
/// ```
/// use minerscope::stats::{ConfidenceLevel, rate};
///
/// // n = 120 blocks: the exact interval is [0.829, 1.187] × n/S (SCIENCE.md §0).
/// let (lo, hi) = rate::gamma_pivot(120, ConfidenceLevel::P95)?;
/// assert!((lo / 120.0 - 0.829).abs() < 5e-4 && (hi / 120.0 - 1.187).abs() < 5e-4);
/// assert!(rate::gamma_pivot(0, ConfidenceLevel::P95).is_err());
/// # Ok::<_, minerscope::stats::StatsError>(())
/// ```
pub fn gamma_pivot(n: u64, level: ConfidenceLevel) -> Result<(f64, f64), StatsError> {
    if n == 0 {
        return Err(StatsError::InvalidParameter {
            distribution: "poisson process",
            parameter: "event count",
            value: 0.0,
        });
    }
    let dof = 2.0 * n as f64;
    let lo = quantile::chi_squared(level.lower_tail(), dof)? / 2.0;
    let hi = quantile::chi_squared(level.upper_tail(), dof)? / 2.0;
    // At tiny levels both tails are ≈ 1/2 and the numerical quantiles (accurate to ~1e-9
    // relative there) can come out swapped; the exact ones are ordered.
    Ok((lo.min(hi), lo.max(hi)))
}

/// Exact interval for the rate `H` from `n >= 1` exponential waiting times summing to
/// `work_time` (`2·H·S ~ χ²(2n)`).
///
/// # Errors
///
/// [`StatsError::InvalidParameter`] if `n == 0` or `2n` exceeds [`quantile::MAX_SHAPE`], or
/// `work_time` is not finite and positive or so small that the bounds overflow.
///
/// # Examples
///
/// ```
/// use minerscope::stats::{ConfidenceLevel, rate};
///
/// // n = 120: the interval is [0.829, 1.187] times the MLE n/S (SCIENCE.md §0).
/// let ci = rate::exponential_rate(120, 120.0, ConfidenceLevel::P95)?;
/// assert!((ci.low() - 0.829).abs() < 5e-4 && (ci.high() - 1.187).abs() < 5e-4);
/// # Ok::<_, minerscope::stats::StatsError>(())
/// ```
pub fn exponential_rate(
    n: u64,
    work_time: f64,
    level: ConfidenceLevel,
) -> Result<Interval<f64>, StatsError> {
    let s = check_positive("work-time", work_time)?;
    let (lo, hi) = gamma_pivot(n, level)?;
    finite_interval("work-time", work_time, lo / s, hi / s, level)
}

/// Garwood's exact (conservative) interval for the rate from `k` events over `exposure`.
///
/// # Errors
///
/// [`StatsError::InvalidParameter`] if `exposure` is not finite and positive or so small that
/// the bounds overflow, or `2k + 2` exceeds [`quantile::MAX_SHAPE`].
///
/// # Examples
///
/// ```
/// use minerscope::stats::{ConfidenceLevel, rate};
///
/// // One day of blocks, N = 144: −15.7 % / +17.7 % (SCIENCE.md §1.4).
/// let ci = rate::poisson_rate(144, 144.0, ConfidenceLevel::P95)?;
/// assert!((ci.low() - 0.843).abs() < 1e-3 && (ci.high() - 1.177).abs() < 1e-3);
/// # Ok::<_, minerscope::stats::StatsError>(())
/// ```
pub fn poisson_rate(
    k: u64,
    exposure: f64,
    level: ConfidenceLevel,
) -> Result<Interval<f64>, StatsError> {
    let e = check_positive("exposure", exposure)?;
    let lo =
        if k == 0 { 0.0 } else { quantile::chi_squared(level.lower_tail(), 2.0 * k as f64)? / 2.0 };
    let hi = quantile::chi_squared(level.upper_tail(), 2.0 * k as f64 + 2.0)? / 2.0;
    finite_interval("exposure", exposure, lo.min(hi) / e, lo.max(hi) / e, level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_degenerate_input() {
        assert!(exponential_rate(0, 1.0, ConfidenceLevel::P95).is_err());
        assert!(exponential_rate(10, 0.0, ConfidenceLevel::P95).is_err());
        assert!(exponential_rate(10, -1.0, ConfidenceLevel::P95).is_err());
        assert!(exponential_rate(10, f64::NAN, ConfidenceLevel::P95).is_err());
        assert!(poisson_rate(3, 0.0, ConfidenceLevel::P95).is_err());
    }

    #[test]
    fn zero_count_has_zero_lower_bound() {
        let ci = poisson_rate(0, 1.0, ConfidenceLevel::P95).unwrap();
        assert_eq!(ci.low(), 0.0);
        // ½χ²(0.975; 2) = −ln(0.025) = 3.6889.
        assert!((ci.high() - 3.688_879).abs() < 1e-5);
    }

    /// SCIENCE.md §1.4 table: relative interval widths around the MLE n/S.
    #[test]
    fn matches_science_table() {
        for &(n, lo, hi) in &[(6u64, -0.633, 0.945), (144, -0.157, 0.170), (2016, -0.043, 0.044)] {
            let ci = exponential_rate(n, n as f64, ConfidenceLevel::P95).unwrap();
            assert!((ci.low() - 1.0 - lo).abs() < 1e-3, "n={n} low {}", ci.low());
            assert!((ci.high() - 1.0 - hi).abs() < 1e-3, "n={n} high {}", ci.high());
        }
    }
}
