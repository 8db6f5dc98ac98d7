//! Exact intervals for the size of a hashrate change, `ρ = H_after / H_before`
//! (SCIENCE.md §6.6).

use crate::stats::{ConfidenceLevel, Interval, quantile};

use super::baseline::BlockSum;
use super::{DetectError, Direction};

/// The size of a change: the rate ratio `ρ = H_after/H_before` with an exact interval.
///
/// # Examples
///
/// ```
/// use minerscope::detect::{ratio, BlockSum};
/// use minerscope::stats::ConfidenceLevel;
///
/// // SCIENCE.md §6.6: 1008 blocks each side, observed ratio 0.90 → [0.825, 0.982].
/// let before = BlockSum { blocks: 1008, work_time: 1008.0 };
/// let after = BlockSum { blocks: 1008, work_time: 1008.0 / 0.9 };
/// let size = ratio::change_size(before, after, ConfidenceLevel::P95)?;
/// assert!((size.interval().low() - 0.825).abs() < 1e-3);
/// assert!((size.interval().high() - 0.982).abs() < 1e-3);
/// assert!((size.percent_change() + 10.0).abs() < 1e-9);
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawChangeSize"))]
pub struct ChangeSize {
    ratio: f64,
    interval: Interval<f64>,
}

/// The serialized form of a [`ChangeSize`], checked on the way in: a rate ratio and its
/// interval are never negative (both constructors give `ρ ≥ 0`).
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawChangeSize {
    ratio: f64,
    interval: Interval<f64>,
}

#[cfg(feature = "serde")]
impl TryFrom<RawChangeSize> for ChangeSize {
    type Error = String;
    fn try_from(raw: RawChangeSize) -> Result<Self, String> {
        if raw.ratio.is_nan() || raw.ratio < 0.0 {
            return Err(format!("change size ratio must be at least 0, got {}", raw.ratio));
        }
        // An interval's bounds are ordered, hence never NaN.
        if raw.interval.low() < 0.0 {
            return Err(format!(
                "change size interval must not reach below 0, got low {}",
                raw.interval.low()
            ));
        }
        Ok(ChangeSize { ratio: raw.ratio, interval: raw.interval })
    }
}

impl ChangeSize {
    /// The point estimate of `ρ` (ratio of the two maximum-likelihood rates).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{ratio, BlockSum, Direction};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // 2016 blocks before; 2016 after with 25 % more work-time: the rate fell to 0.8.
    /// let before = BlockSum { blocks: 2016, work_time: 2016.0 };
    /// let after = BlockSum { blocks: 2016, work_time: 2520.0 };
    /// let size = ratio::change_size(before, after, ConfidenceLevel::P95)?;
    /// assert!((size.ratio() - 0.8).abs() < 1e-12);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn ratio(&self) -> f64 {
        self.ratio
    }

    /// The exact interval for `ρ`. Its upper end is `+∞` when the "before" count is zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{ratio, BlockSum, Direction};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // 2016 blocks before; 2016 after with 25 % more work-time: the rate fell to 0.8.
    /// let before = BlockSum { blocks: 2016, work_time: 2016.0 };
    /// let after = BlockSum { blocks: 2016, work_time: 2520.0 };
    /// let size = ratio::change_size(before, after, ConfidenceLevel::P95)?;
    /// let ci = size.interval();
    /// assert!(ci.low() < 0.8 && 0.8 < ci.high() && ci.high() < 1.0);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn interval(&self) -> Interval<f64> {
        self.interval
    }

    /// The change in percent, `100·(ρ − 1)` (negative for a drop).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{ratio, BlockSum, Direction};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // 2016 blocks before; 2016 after with 25 % more work-time: the rate fell to 0.8.
    /// let before = BlockSum { blocks: 2016, work_time: 2016.0 };
    /// let after = BlockSum { blocks: 2016, work_time: 2520.0 };
    /// let size = ratio::change_size(before, after, ConfidenceLevel::P95)?;
    /// assert!((size.percent_change() + 20.0).abs() < 1e-9);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn percent_change(&self) -> f64 {
        100.0 * (self.ratio - 1.0)
    }

    /// The interval of the change in percent.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{ratio, BlockSum, Direction};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // 2016 blocks before; 2016 after with 25 % more work-time: the rate fell to 0.8.
    /// let before = BlockSum { blocks: 2016, work_time: 2016.0 };
    /// let after = BlockSum { blocks: 2016, work_time: 2520.0 };
    /// let size = ratio::change_size(before, after, ConfidenceLevel::P95)?;
    /// let pct = size.percent_interval();
    /// assert!((pct.low() - 100.0 * (size.interval().low() - 1.0)).abs() < 1e-9);
    /// assert!(pct.high() < 0.0); // the whole interval is a drop
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn percent_interval(&self) -> Interval<f64> {
        self.interval.map(|r| 100.0 * (r - 1.0))
    }

    /// Whether the interval excludes "no change" (ρ = 1) in the given direction.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{ratio, BlockSum, Direction};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // 2016 blocks before; 2016 after with 25 % more work-time: the rate fell to 0.8.
    /// let before = BlockSum { blocks: 2016, work_time: 2016.0 };
    /// let after = BlockSum { blocks: 2016, work_time: 2520.0 };
    /// let size = ratio::change_size(before, after, ConfidenceLevel::P95)?;
    /// assert!(size.is_significant(Direction::Drop));
    /// assert!(!size.is_significant(Direction::Rise));
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn is_significant(&self, direction: Direction) -> bool {
        match direction {
            Direction::Drop => self.interval.high() < 1.0,
            Direction::Rise => self.interval.low() > 1.0,
        }
    }
}

/// Exact interval for `ρ` from two fixed-block-count stretches (Cox 1953 F-pivot):
/// `(ρ·S1·n0)/(S0·n1) ~ F(2n1, 2n0)`, so `ρ ∈ [ρ̂·F(α/2), ρ̂·F(1−α/2)]` with
/// `ρ̂ = (n1/S1)/(n0/S0)`.
///
/// To avoid the selection bias of sizing a change on the data that triggered the alarm, pass
/// an `after` stretch that starts at the alarm (SCIENCE.md §6.6 caveat).
///
/// # Errors
///
/// [`DetectError::DegenerateWindow`] if a stretch has no blocks or a non-positive work-time,
/// and [`DetectError::InvalidRate`] if the ratio of the work-times overflows or underflows.
///
/// # Examples
///
/// ```
/// use minerscope::detect::{ratio, BlockSum, DetectError, Direction};
/// use minerscope::stats::ConfidenceLevel;
///
/// // 1008 blocks before; 1008 after with 25 % more work-time: ρ̂ = 0.8.
/// let before = BlockSum { blocks: 1008, work_time: 1008.0 };
/// let after = BlockSum { blocks: 1008, work_time: 1260.0 };
/// let size = ratio::change_size(before, after, ConfidenceLevel::P95)?;
/// assert!((size.ratio() - 0.8).abs() < 1e-12);
/// assert!(size.is_significant(Direction::Drop));
/// // Four times the data halves the interval's width (in ln ρ, ≈ 2·1.96·√(1/n0 + 1/n1)).
/// let more = ratio::change_size(
///     BlockSum { blocks: 4032, work_time: 4032.0 },
///     BlockSum { blocks: 4032, work_time: 5040.0 },
///     ConfidenceLevel::P95,
/// )?;
/// let log_width = |s: &ratio::ChangeSize| (s.interval().high() / s.interval().low()).ln();
/// assert!((log_width(&size) / log_width(&more) - 2.0).abs() < 0.01);
/// let empty = BlockSum { blocks: 0, work_time: 0.0 };
/// assert!(matches!(
///     ratio::change_size(before, empty, ConfidenceLevel::P95),
///     Err(DetectError::DegenerateWindow { what: "after window", .. })
/// ));
/// # Ok::<_, DetectError>(())
/// ```
pub fn change_size(
    before: BlockSum,
    after: BlockSum,
    level: ConfidenceLevel,
) -> Result<ChangeSize, DetectError> {
    let b = before.checked("before window", 1)?;
    let a = after.checked("after window", 1)?;
    let (n0, n1) = (b.blocks as f64, a.blocks as f64);
    // The ratio of the work-times, not of the two rates: each rate n/S can overflow on its
    // own (tiny work-times in s/H) while their ratio is representable.
    let rho = (n1 / n0) * (b.work_time / a.work_time);
    if !(rho.is_finite() && rho > 0.0) {
        return Err(DetectError::InvalidRate { what: "rate ratio after/before", value: rho });
    }
    let lo = quantile::fisher_f(level.lower_tail(), 2.0 * n1, 2.0 * n0)?;
    let hi = quantile::fisher_f(level.upper_tail(), 2.0 * n1, 2.0 * n0)?;
    Ok(ChangeSize { ratio: rho, interval: Interval::new(rho * lo, rho * hi, level)? })
}

/// Exact (conditional, Clopper–Pearson) interval for `ρ` from block counts in two fixed
/// *time* windows: `k0` blocks over work-time exposure `e0` before, `k1` over `e1` after.
/// Given `k0 + k1`, `k1 ~ Binomial(k0+k1, π)` with `π = ρe1/(ρe1 + e0)`; the Clopper–Pearson
/// interval for `π` maps to `ρ = π/(1−π)·e0/e1` (Przyborowski & Wilenski 1940; Fay 2010).
///
/// # Errors
///
/// [`DetectError::InvalidRate`] if an exposure, or their ratio, is not finite and positive,
/// and [`DetectError::EmptySeries`] if no block was counted at all.
///
/// # Examples
///
/// ```
/// use minerscope::detect::ratio;
/// use minerscope::stats::ConfidenceLevel;
///
/// // SCIENCE.md §6.6: 1008 → 907 blocks per week, ρ̂ = 0.900, 95 % CI [0.822, 0.985].
/// let s = ratio::change_size_counts(1008, 1.0, 907, 1.0, ConfidenceLevel::P95)?;
/// assert!((s.ratio() - 0.8998).abs() < 1e-3);
/// assert!((s.interval().low() - 0.822).abs() < 2e-3 && (s.interval().high() - 0.985).abs() < 2e-3);
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
pub fn change_size_counts(
    k0: u64,
    e0: f64,
    k1: u64,
    e1: f64,
    level: ConfidenceLevel,
) -> Result<ChangeSize, DetectError> {
    for (what, e) in [("before exposure", e0), ("after exposure", e1)] {
        if !(e.is_finite() && e > 0.0) {
            return Err(DetectError::InvalidRate { what, value: e });
        }
    }
    if k0 == 0 && k1 == 0 {
        return Err(DetectError::EmptySeries { what: "block counts" });
    }
    let (f0, f1) = (k0 as f64, k1 as f64);
    let pi_lo = if k1 == 0 { 0.0 } else { quantile::beta(level.lower_tail(), f1, f0 + 1.0)? };
    let pi_hi = if k0 == 0 { 1.0 } else { quantile::beta(level.upper_tail(), f1 + 1.0, f0)? };
    // Through the exposure ratio, not the two rates: each k/E can overflow on its own (tiny
    // exposures) while their ratio is representable.
    let exposure_ratio = e0 / e1;
    if !(exposure_ratio.is_finite() && exposure_ratio > 0.0) {
        return Err(DetectError::InvalidRate {
            what: "exposure ratio before/after",
            value: exposure_ratio,
        });
    }
    let to_rho = |p: f64| if p >= 1.0 { f64::INFINITY } else { p / (1.0 - p) * exposure_ratio };
    let rho = if k0 == 0 { f64::INFINITY } else { (f1 / f0) * exposure_ratio };
    Ok(ChangeSize { ratio: rho, interval: Interval::new(to_rho(pi_lo), to_rho(pi_hi), level)? })
}
