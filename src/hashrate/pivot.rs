//! Cached interval pivots and small shared helpers.

use statrs::function::gamma::{gamma_lr, ln_gamma};

use crate::stats::{ConfidenceLevel, Interval, quantile};
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
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{ChiSquaredPivot, HashrateError};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let p = ChiSquaredPivot::new(2016, ConfidenceLevel::P95)?;
    /// let (lo, hi) = p.quantiles();
    /// // About ±4.4 % around n at 2016 blocks.
    /// assert!((lo / 2016.0 - 0.957).abs() < 1e-3 && (hi / 2016.0 - 1.044).abs() < 1e-3);
    /// assert!(matches!(
    ///     ChiSquaredPivot::new(0, ConfidenceLevel::P95),
    ///     Err(HashrateError::InvalidParameter { .. })
    /// ));
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn new(n: u32, level: ConfidenceLevel) -> Result<Self, HashrateError> {
        if n == 0 {
            return Err(HashrateError::InvalidParameter {
                name: "n",
                value: 0.0,
                reason: "at least one interval is needed",
            });
        }
        // χ²(p; 2n)/2 is the Gamma(n, 1) quantile.
        let (lo, hi) = gamma_quantiles(f64::from(n), level)?;
        Ok(ChiSquaredPivot { n, level, lo, hi })
    }

    /// Number of intervals.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::ChiSquaredPivot;
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// assert_eq!(ChiSquaredPivot::new(144, ConfidenceLevel::P95)?.n(), 144);
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn n(&self) -> u32 {
        self.n
    }

    /// The level.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::ChiSquaredPivot;
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// assert_eq!(
    ///     ChiSquaredPivot::new(144, ConfidenceLevel::P90)?.level(),
    ///     ConfidenceLevel::P90
    /// );
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn level(&self) -> ConfidenceLevel {
        self.level
    }

    /// `(χ²(α/2; 2n)/2, χ²(1−α/2; 2n)/2)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::ChiSquaredPivot;
    /// use minerscope::stats::{ConfidenceLevel, quantile};
    ///
    /// let (lo, hi) = ChiSquaredPivot::new(120, ConfidenceLevel::P95)?.quantiles();
    /// // Half the χ²(2n) quantiles; R: qchisq(0.025, 240) = 198.9839.
    /// assert!((2.0 * lo - 198.9839).abs() < 1e-3);
    /// assert!((2.0 * hi - quantile::chi_squared(0.975, 240.0).unwrap()).abs() < 1e-6);
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
    pub fn quantiles(&self) -> (f64, f64) {
        (self.lo, self.hi)
    }

    /// The interval for `H` given the work-time sum `S` (seconds per hash).
    ///
    /// # Errors
    ///
    /// [`HashrateError::NonFiniteResult`] unless `work_time` is finite and positive.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{ChiSquaredPivot, HashrateError};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let p = ChiSquaredPivot::new(120, ConfidenceLevel::P95)?;
    /// let (lo, hi) = p.quantiles();
    /// let s = 120.0 / 5e20; // 120 blocks at 500 EH/s
    /// let ci = p.interval_hs(s)?;
    /// assert!(
    ///     (ci.low().to_hs() - lo / s).abs() < 1.0 && (ci.high().to_hs() - hi / s).abs() < 1.0
    /// );
    /// assert!(matches!(p.interval_hs(-1.0), Err(HashrateError::NonFiniteResult { .. })));
    /// # Ok::<_, minerscope::hashrate::HashrateError>(())
    /// ```
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

/// Gamma(shape, rate 1) equal-tailed quantile pair.
pub(crate) fn gamma_quantiles(
    shape: f64,
    level: ConfidenceLevel,
) -> Result<(f64, f64), HashrateError> {
    Ok((gamma_quantile(level.lower_tail(), shape)?, gamma_quantile(level.upper_tail(), shape)?))
}

/// The `p`-quantile of Gamma(shape, rate 1): Wilson–Hilferty start refined by Newton's method on
/// the regularised incomplete gamma function (to 1e-12 relative, a few µs at most), falling
/// back to `statrs`' bisection for shapes below 1 or if Newton does not converge.
pub(crate) fn gamma_quantile(p: f64, shape: f64) -> Result<f64, HashrateError> {
    if !(shape.is_finite() && shape >= 1.0 && p > 0.0 && p < 1.0) {
        return Ok(quantile::gamma(p, shape, 1.0)?);
    }
    let z = quantile::standard_normal(p)?;
    let c = 1.0 / (9.0 * shape);
    let wh = 1.0 - c + z * c.sqrt();
    let mut x = if wh > 0.0 { shape * wh * wh * wh } else { shape * 1e-3 };
    let lg = ln_gamma(shape);
    for _ in 0..60 {
        let f = gamma_lr(shape, x) - p;
        let pdf = ((shape - 1.0) * x.ln() - x - lg).exp();
        if !(pdf.is_finite() && pdf > 0.0) {
            break;
        }
        let mut next = x - f / pdf;
        if next <= 0.0 {
            next = x / 2.0;
        }
        if (next - x).abs() <= 1e-12 * x {
            return Ok(next);
        }
        x = next;
    }
    Ok(quantile::gamma(p, shape, 1.0)?)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::rate;

    /// The Newton-refined quantile inverts the CDF and agrees with statrs' quantiles and χ² pivot.
    #[test]
    fn fast_gamma_quantile_is_accurate() {
        for shape in [1.0, 1.5, 2.0, 3.7, 10.0, 120.0, 144.5, 2016.0, 20_160.0, 1e6] {
            for p in [1e-9, 1e-6, 0.005, 0.025, 0.3, 0.5, 0.975, 0.995, 1.0 - 1e-6] {
                let q = gamma_quantile(p, shape).unwrap();
                let back = gamma_lr(shape, q);
                // Newton stops at a 1e-12 relative step; at shape 1e6 (s.d. 1 000 around 1e6)
                // that step is 1e-9 s.d., i.e. ~4e-10 in probability.
                let tol = if shape > 1e5 { 1e-9 } else { 1e-10 };
                assert!((back - p).abs() < tol, "shape {shape} p {p}: {back}");
                // statrs bisects to an absolute tolerance: compare away from the extreme tail.
                if p < 1e-6 {
                    continue;
                }
                let reference = quantile::gamma(p, shape, 1.0).unwrap();
                assert!(
                    (q / reference - 1.0).abs() < 1e-8,
                    "shape {shape} p {p}: {q} vs {reference}"
                );
            }
        }
        for n in [1u32, 2, 120, 2016, 20_160] {
            let (lo, hi) = ChiSquaredPivot::new(n, ConfidenceLevel::P95).unwrap().quantiles();
            let (rlo, rhi) = rate::gamma_pivot(u64::from(n), ConfidenceLevel::P95).unwrap();
            assert!((lo / rlo - 1.0).abs() < 1e-9 && (hi / rhi - 1.0).abs() < 1e-9, "n {n}");
        }
    }
}
