//! Pool shares of a window's blocks with simultaneous intervals for all pools, and per-pool
//! Garwood intervals on expected block counts.

use crate::stats::{ConfidenceLevel, Interval, quantile, rate};

use super::{PoolError, sison_glaz};

/// How the simultaneous intervals for all shares are built.
///
/// # Examples
///
/// ```
/// use minerscope::pool::{Shares, SimultaneousMethod};
/// use minerscope::stats::ConfidenceLevel;
///
/// // Skewed counts: Goodman's widths follow each pool's own variance; Sison–Glaz's are
/// // nearly equal.
/// let counts = [300, 200, 130, 110, 90, 60, 45, 35, 20, 18];
/// let g = Shares::from_counts(&counts, ConfidenceLevel::P95, SimultaneousMethod::Goodman)?;
/// let sg = Shares::from_counts(&counts, ConfidenceLevel::P95, SimultaneousMethod::SisonGlaz)?;
/// let width = |s: &Shares, i: usize| s.shares()[i].interval().width();
/// assert!(width(&g, 9) < width(&g, 0)); // the smallest pool's interval is narrower
/// assert!(width(&sg, 9) > width(&g, 9)); // Sison–Glaz is too wide for small pools
/// assert_eq!(SimultaneousMethod::default(), SimultaneousMethod::Goodman);
/// # Ok::<_, minerscope::pool::PoolError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum SimultaneousMethod {
    /// Goodman (1965): Wilson-type intervals at `χ²(1; 1 − α/K)` (Bonferroni over the K
    /// categories). The default, because pool shares are skewed, with many small pools, and
    /// Goodman's widths scale with each pool's own variance; reliable when counts are ≥ ~5.
    #[default]
    Goodman,
    /// Sison & Glaz (1995): (nearly) equal-width intervals `p̂ ± c/n` from an Edgeworth
    /// approximation; best for many similar-sized categories, too wide for small pools.
    SisonGlaz,
}

/// One category's share of the window.
///
/// # Examples
///
/// ```
/// use minerscope::pool::{Shares, SimultaneousMethod};
/// use minerscope::stats::ConfidenceLevel;
///
/// let s = Shares::from_counts(
///     &[300, 708],
///     ConfidenceLevel::P95,
///     SimultaneousMethod::Goodman,
/// )?;
/// let first = s.shares()[0];
/// assert_eq!(first.count(), 300);
/// assert!((first.share() - 300.0 / 1008.0).abs() < 1e-15);
/// assert!(first.interval().contains(&first.share()));
/// # Ok::<_, minerscope::pool::PoolError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawShare"))]
pub struct Share {
    count: u64,
    share: f64,
    interval: Interval<f64>,
}

/// The serialized form of a [`Share`], checked on the way in: both methods clamp the interval
/// so that `0 ≤ low ≤ share ≤ high ≤ 1`.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawShare {
    count: u64,
    share: f64,
    interval: Interval<f64>,
}

#[cfg(feature = "serde")]
impl TryFrom<RawShare> for Share {
    type Error = String;
    fn try_from(raw: RawShare) -> Result<Self, String> {
        let RawShare { count, share, interval } = raw;
        let (low, high) = (interval.low(), interval.high());
        if !(0.0 <= low && low <= share && share <= high && high <= 1.0) {
            return Err(format!(
                "share {share} of pool with {count} blocks must lie in its interval [{low}, {high}] within [0, 1]"
            ));
        }
        Ok(Share { count, share, interval })
    }
}

impl Share {
    /// Blocks in the window.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Shares, SimultaneousMethod};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let s =
    ///     Shares::from_counts(&[5, 0, 7], ConfidenceLevel::P95, SimultaneousMethod::Goodman)?;
    /// let counts: Vec<u64> = s.shares().iter().map(|x| x.count()).collect();
    /// assert_eq!(counts, [5, 0, 7]);
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The point estimate `k/n`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Shares, SimultaneousMethod};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let s =
    ///     Shares::from_counts(&[1, 3], ConfidenceLevel::P95, SimultaneousMethod::Goodman)?;
    /// assert_eq!((s.shares()[0].share(), s.shares()[1].share()), (0.25, 0.75));
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn share(&self) -> f64 {
        self.share
    }

    /// The simultaneous interval (all categories jointly at the stated level).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Shares, SimultaneousMethod};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // A pool with no blocks still gets a proper upper bound.
    /// let s =
    ///     Shares::from_counts(&[0, 100], ConfidenceLevel::P95, SimultaneousMethod::Goodman)?;
    /// let ci = s.shares()[0].interval();
    /// assert_eq!(ci.low(), 0.0);
    /// assert!(ci.high() > 0.0 && ci.high() < 0.1);
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn interval(&self) -> Interval<f64> {
        self.interval
    }
}

/// Shares of `n` blocks among K categories, with simultaneous intervals.
///
/// # Method
///
/// ```text
/// Goodman:     χ = χ²(1; 1 − α/K),  Δ = χ² + 4 n p̂ (1 − p̂) χ
///              p ∈ (2 n p̂ + χ ∓ √Δ) / (2 (χ + n))
/// Sison–Glaz:  p ∈ [p̂ − c/n, p̂ + (c + 2γ)/n] ∩ [0, 1], c from ν(c) ≤ 1−α < ν(c+1)
/// ```
///
/// # Assumptions
///
/// The blocks of the window are a multinomial sample: every pool keeps a constant share over
/// the window. Pass only the categories you want shares of; unknown and conflicting blocks can
/// be a category of their own.
///
/// # Examples
///
/// SCIENCE.md §4.3: counts (300, 200, 130, 110, 90, 60, 45, 35, 20, 18), n = 1008.
///
/// ```
/// use minerscope::pool::{PoolError, Shares, SimultaneousMethod};
/// use minerscope::stats::ConfidenceLevel;
///
/// let counts = [300, 200, 130, 110, 90, 60, 45, 35, 20, 18];
/// let s =
///     Shares::from_counts(&counts, ConfidenceLevel::P95, SimultaneousMethod::Goodman)?;
/// let top = s.shares()[0].interval();
/// assert!((top.low() - 0.259).abs() < 5e-4 && (top.high() - 0.339).abs() < 5e-4);
/// # Ok::<_, PoolError>(())
/// ```
///
/// # References
///
/// * Goodman, L. A. (1965). Technometrics 7:247–254.
/// * Sison, C. P. & Glaz, J. (1995). JASA 90:366–369.
/// * May, W. L. & Johnson, W. D. (2000). JSS 5(6).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawShares"))]
pub struct Shares {
    total: u64,
    level: ConfidenceLevel,
    method: SimultaneousMethod,
    shares: Vec<Share>,
}

/// The serialized form of [`Shares`], checked on the way in as
/// [`from_counts`](Shares::from_counts) checks its counts (a positive total that fits `u64`),
/// with `total` their sum and every interval at the shares' level.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawShares {
    total: u64,
    level: ConfidenceLevel,
    method: SimultaneousMethod,
    shares: Vec<Share>,
}

#[cfg(feature = "serde")]
impl TryFrom<RawShares> for Shares {
    type Error = String;
    fn try_from(raw: RawShares) -> Result<Self, String> {
        let RawShares { total, level, method, shares } = raw;
        let counts: Vec<u64> = shares.iter().map(Share::count).collect();
        let sum = window_total(&counts).map_err(|e| e.to_string())?;
        if sum != total {
            return Err(format!("shares total {total} must equal the sum of their counts, {sum}"));
        }
        if let Some(s) = shares.iter().find(|s| s.interval.level() != level) {
            return Err(format!(
                "share interval level {} must equal the shares' level {}",
                s.interval.level().to_f64(),
                level.to_f64()
            ));
        }
        Ok(Shares { total, level, method, shares })
    }
}

impl Shares {
    /// Computes shares and simultaneous intervals from per-category block counts.
    ///
    /// # Errors
    ///
    /// [`PoolError::EmptyCounts`] when the counts sum to zero, [`PoolError::CountOverflow`]
    /// when their total exceeds `u64::MAX`, [`PoolError::TooFewCategories`] for Sison–Glaz with fewer than 2 categories,
    /// [`PoolError::SisonGlazTooManyBlocks`] for Sison–Glaz over more than 10¹⁰ blocks,
    /// [`PoolError::SisonGlazNoSolution`] if its search fails, [`PoolError::Stats`] from the
    /// quantile.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{PoolError, Shares, SimultaneousMethod};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let s = Shares::from_counts(
    ///     &[60, 40],
    ///     ConfidenceLevel::P90,
    ///     SimultaneousMethod::SisonGlaz,
    /// )?;
    /// assert_eq!(
    ///     (s.total(), s.level(), s.method()),
    ///     (100, ConfidenceLevel::P90, SimultaneousMethod::SisonGlaz)
    /// );
    /// let one =
    ///     Shares::from_counts(&[60], ConfidenceLevel::P90, SimultaneousMethod::SisonGlaz);
    /// assert!(matches!(one, Err(PoolError::TooFewCategories { needed: 2, got: 1, .. })));
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn from_counts(
        counts: &[u64],
        level: ConfidenceLevel,
        method: SimultaneousMethod,
    ) -> Result<Self, PoolError> {
        let total = window_total(counts)?;
        let n = total as f64;
        let shares = match method {
            SimultaneousMethod::Goodman => {
                let chi = quantile::chi_squared(level.bonferroni(counts.len()).to_f64(), 1.0)?;
                counts
                    .iter()
                    .map(|&k| {
                        let p = k as f64 / n;
                        let delta = chi * chi + 4.0 * n * p * (1.0 - p) * chi;
                        let lo = (2.0 * n * p + chi - delta.sqrt()) / (2.0 * (chi + n));
                        let hi = (2.0 * n * p + chi + delta.sqrt()) / (2.0 * (chi + n));
                        let (lo, hi) = (lo.clamp(0.0, p), hi.clamp(p, 1.0));
                        Share {
                            count: k,
                            share: p,
                            interval: Interval::from_ordered(lo, hi, level),
                        }
                    })
                    .collect()
            }
            SimultaneousMethod::SisonGlaz => {
                if counts.len() < 2 {
                    return Err(PoolError::TooFewCategories {
                        method: "sison-glaz",
                        needed: 2,
                        got: counts.len(),
                    });
                }
                let (c, g) = sison_glaz::constant(counts, total, level.to_f64())?;
                counts
                    .iter()
                    .map(|&k| {
                        let p = k as f64 / n;
                        let lo = (p - c / n).max(0.0);
                        let hi = (p + (c + 2.0 * g) / n).clamp(p, 1.0);
                        Share {
                            count: k,
                            share: p,
                            interval: Interval::from_ordered(lo, hi, level),
                        }
                    })
                    .collect()
            }
        };
        Ok(Shares { total, level, method, shares })
    }

    /// Shares in input order.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Shares, SimultaneousMethod};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let s = Shares::from_counts(
    ///     &[10, 30, 60],
    ///     ConfidenceLevel::P95,
    ///     SimultaneousMethod::Goodman,
    /// )?;
    /// let total: f64 = s.shares().iter().map(|x| x.share()).sum();
    /// assert!((total - 1.0).abs() < 1e-15);
    /// assert_eq!(s.shares().len(), 3); // input order, nothing dropped
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn shares(&self) -> &[Share] {
        &self.shares
    }

    /// Total blocks `n`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Shares, SimultaneousMethod};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let s = Shares::from_counts(
    ///     &[300, 200, 130],
    ///     ConfidenceLevel::P95,
    ///     SimultaneousMethod::Goodman,
    /// )?;
    /// assert_eq!(s.total(), 630);
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The simultaneous level.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Shares, SimultaneousMethod};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let s =
    ///     Shares::from_counts(&[3, 4], ConfidenceLevel::P99, SimultaneousMethod::Goodman)?;
    /// assert_eq!(s.level(), ConfidenceLevel::P99);
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn level(&self) -> ConfidenceLevel {
        self.level
    }

    /// The method used.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Shares, SimultaneousMethod};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let s =
    ///     Shares::from_counts(&[3, 4], ConfidenceLevel::P95, SimultaneousMethod::default())?;
    /// assert_eq!(s.method(), SimultaneousMethod::Goodman);
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn method(&self) -> SimultaneousMethod {
        self.method
    }

    /// Garwood intervals for each category's expected block count over the window (exposure 1;
    /// divide by the window's work-time exposure `E` for a hashrate, SCIENCE.md §4.2). With
    /// `simultaneous`, each is at the Bonferroni level `1 − α/K`.
    ///
    /// # Errors
    ///
    /// [`PoolError::Stats`] from the chi-squared quantile, for a count `k ≥ 2^32` (`2k + 2`
    /// degrees of freedom above its `2^33` bound).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{Shares, SimultaneousMethod};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // Garwood, from R: qchisq(0.975, 2)/2 = 3.689, qchisq(0.025, 2)/2 = 0.0253,
    /// // qchisq(0.975, 4)/2 = 5.572.
    /// let s = Shares::from_counts(&[0, 1, 9], ConfidenceLevel::P95, SimultaneousMethod::Goodman)?;
    /// let ci = s.count_intervals(false)?;
    /// assert_eq!(ci[0].low(), 0.0);
    /// assert!((ci[0].high() - 3.689).abs() < 1e-3);
    /// assert!((ci[1].low() - 0.0253).abs() < 1e-4 && (ci[1].high() - 5.572).abs() < 1e-3);
    /// // Simultaneous intervals (Bonferroni over 3) are wider.
    /// assert!(s.count_intervals(true)?[2].high() > ci[2].high());
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn count_intervals(&self, simultaneous: bool) -> Result<Vec<Interval<f64>>, PoolError> {
        self.rate_intervals(1.0, simultaneous)
    }

    /// Garwood intervals for each category's rate `k/E` over an exposure `E` (for example the
    /// window's work-time, giving hashrate in H/s): `[½χ²(α/2; 2k), ½χ²(1−α/2; 2k+2)] / E`.
    ///
    /// # Errors
    ///
    /// [`PoolError::Stats`] if `exposure` is not finite and positive, if a rate overflows, or
    /// if a count is past the chi-squared quantile's range (`2k + 2` degrees of freedom above
    /// `2^33`, i.e. `k ≥ 2^32`).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::pool::{PoolError, Shares, SimultaneousMethod};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // Over an exposure of 2 units, each rate interval is the count interval halved.
    /// let s =
    ///     Shares::from_counts(&[4, 6], ConfidenceLevel::P95, SimultaneousMethod::Goodman)?;
    /// let counts = s.count_intervals(false)?;
    /// let rates = s.rate_intervals(2.0, false)?;
    /// assert!((rates[1].high() - counts[1].high() / 2.0).abs() < 1e-12);
    /// assert!(matches!(s.rate_intervals(0.0, false), Err(PoolError::Stats(_))));
    /// # Ok::<_, minerscope::pool::PoolError>(())
    /// ```
    pub fn rate_intervals(
        &self,
        exposure: f64,
        simultaneous: bool,
    ) -> Result<Vec<Interval<f64>>, PoolError> {
        let level =
            if simultaneous { self.level.bonferroni(self.shares.len()) } else { self.level };
        Ok(self
            .shares
            .iter()
            .map(|s| rate::poisson_rate(s.count, exposure, level))
            .collect::<Result<_, _>>()?)
    }
}

/// The sum of `counts`, or `None` if it overflows `u64`.
pub(crate) fn checked_total<'a>(counts: impl IntoIterator<Item = &'a u64>) -> Option<u64> {
    counts.into_iter().try_fold(0u64, |acc, &k| acc.checked_add(k))
}

/// The total number of blocks `n` of a window's per-category counts: an error when it is zero
/// or does not fit in a `u64` (a wrapped sum would give every share and interval silently wrong).
pub(crate) fn window_total(counts: &[u64]) -> Result<u64, PoolError> {
    let total =
        checked_total(counts).ok_or(PoolError::CountOverflow { categories: counts.len() })?;
    if total == 0 {
        return Err(PoolError::EmptyCounts { categories: counts.len() });
    }
    Ok(total)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "a panicking index fails the test, as intended")]
mod tests {
    use super::*;

    #[test]
    fn rejects_empty_and_degenerate() {
        let l = ConfidenceLevel::P95;
        assert!(matches!(
            Shares::from_counts(&[], l, SimultaneousMethod::Goodman),
            Err(PoolError::EmptyCounts { .. })
        ));
        assert!(Shares::from_counts(&[0, 0], l, SimultaneousMethod::SisonGlaz).is_err());
        assert!(Shares::from_counts(&[5], l, SimultaneousMethod::SisonGlaz).is_err());
        let one = Shares::from_counts(&[5], l, SimultaneousMethod::Goodman).unwrap();
        assert_eq!(one.shares()[0].share(), 1.0);
    }

    #[test]
    fn intervals_contain_point_and_stay_in_unit_range() {
        for method in [SimultaneousMethod::Goodman, SimultaneousMethod::SisonGlaz] {
            let s = Shares::from_counts(&[0, 1, 7, 92], ConfidenceLevel::P95, method).unwrap();
            for sh in s.shares() {
                let ci = sh.interval();
                assert!(0.0 <= ci.low() && ci.low() <= sh.share(), "{method:?} {sh:?}");
                assert!(sh.share() <= ci.high() && ci.high() <= 1.0, "{method:?} {sh:?}");
            }
        }
    }
}
