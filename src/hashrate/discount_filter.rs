//! The Gamma–exponential discount filter: a per-block Bayesian hashrate with finite memory.

use crate::chain::WorkTime;
use crate::stats::ConfidenceLevel;

use super::pivot::gamma_quantiles;
use super::{GammaPosterior, HashrateError, RollingPoint};

/// The multiplicative-discount ("steady") filter of SCIENCE.md §5.2, run block by block.
///
/// Deserializing runs [`DiscountFilter::new`]'s check, so a stored discount outside `(0, 1)` is
/// refused.
///
/// # Method
///
/// ```text
/// predict  a ← δ·a,  b ← δ·b          (memory n_eff = 1/(1−δ) blocks)
/// update   a ← a + 1, b ← b + u_k      (u_k = Δt_k / W_k)
/// output   mean a/b,  equal-tailed Gamma(a, b) credible interval
/// ```
///
/// The point is an EMA of work over an EMA of time, the structure of the ASERT/EMA difficulty
/// algorithms. In steady state the 95 % interval is about ±1.96/√n_eff: ±16 % at n_eff = 144,
/// ±4.4 % at 2016. Blocks with a non-positive work-time (stamped before their parent) are held
/// and added with the next block, so `b` stays positive. Quantiles are recomputed only while the
/// shape `a` still moves (by more than 1e-9 relative): after the burn-in every block reuses them.
///
/// # Assumptions
///
/// Discounting is built for a drifting hashrate. At a constant one the credible interval is
/// conservative as a confidence interval: the rate `b` sums discounted work-times with variance
/// `1/((1−δ²)H²)` while the shape is `1/(1−δ)`, so the steady-state coverage is
/// `2Φ(z·√(1+δ)) − 1` — 99.4 % at 95 % nominal for δ near 1.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::{DiscountFilter, GammaPosterior};
/// use minerscope::stats::ConfidenceLevel;
///
/// let times: Vec<i64> = (0..=2000).map(|i| i * 600).collect();
/// let wt = WorkTime::from_parts(0, &times, &[6e20; 2001])?;
/// let f = DiscountFilter::with_memory_blocks(144.0)?;
/// let pts = f.run(&wt, GammaPosterior::jeffreys(), ConfidenceLevel::P95)?;
/// let last = pts.last().expect("one point per block");
/// assert!((last.value_hs / 1e18 - 1.0).abs() < 1e-9);
/// assert!((last.high_hs / 1e18 - 1.0 - 0.17).abs() < 0.01); // about +17 % at n_eff = 144
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
///
/// # References
///
/// Smith & Miller (1986), JRSS-B 48:79–88; Harvey & Fernandes (1989), JBES 7:407–417.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawDiscountFilter"))]
pub struct DiscountFilter {
    discount: f64,
}

/// The serialized fields, checked on the way in by [`DiscountFilter::new`].
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawDiscountFilter {
    discount: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<RawDiscountFilter> for DiscountFilter {
    type Error = HashrateError;

    fn try_from(r: RawDiscountFilter) -> Result<Self, HashrateError> {
        DiscountFilter::new(r.discount)
    }
}

impl DiscountFilter {
    /// A filter with per-block discount `δ` in (0, 1).
    ///
    /// # Errors
    ///
    /// [`HashrateError::InvalidParameter`] unless `0 < discount < 1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{DiscountFilter, HashrateError};
    ///
    /// assert_eq!(DiscountFilter::new(0.99)?.discount(), 0.99);
    /// assert!(matches!(
    ///     DiscountFilter::new(1.0),
    ///     Err(HashrateError::InvalidParameter { .. })
    /// ));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(discount: f64) -> Result<Self, HashrateError> {
        if discount > 0.0 && discount < 1.0 {
            Ok(DiscountFilter { discount })
        } else {
            Err(HashrateError::InvalidParameter {
                name: "discount",
                value: discount,
                reason: "must be in (0, 1)",
            })
        }
    }

    /// A filter whose effective memory is `blocks` blocks: `δ = 1 − 1/blocks`.
    ///
    /// # Errors
    ///
    /// [`HashrateError::InvalidParameter`] unless `blocks > 1` and finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::DiscountFilter;
    ///
    /// // A memory of 2 016 blocks is δ = 1 − 1/2016.
    /// let f = DiscountFilter::with_memory_blocks(2016.0)?;
    /// assert!((f.discount() - (1.0 - 1.0 / 2016.0)).abs() < 1e-15);
    /// assert!(DiscountFilter::with_memory_blocks(1.0).is_err());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_memory_blocks(blocks: f64) -> Result<Self, HashrateError> {
        if !(blocks.is_finite() && blocks > 1.0) {
            return Err(HashrateError::InvalidParameter {
                name: "blocks",
                value: blocks,
                reason: "memory must be finite and above 1 block",
            });
        }
        Self::new(1.0 - 1.0 / blocks)
    }

    /// The discount `δ`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::DiscountFilter;
    ///
    /// assert_eq!(DiscountFilter::with_memory_blocks(4.0)?.discount(), 0.75);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn discount(&self) -> f64 {
        self.discount
    }

    /// Allocating convenience for [`DiscountFilter::run_into`].
    ///
    /// # Errors
    ///
    /// As [`DiscountFilter::run_into`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{DiscountFilter, GammaPosterior};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=100).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 101])?;
    /// let pts = DiscountFilter::new(0.9)?.run(
    ///     &wt,
    ///     GammaPosterior::jeffreys(),
    ///     ConfidenceLevel::P95,
    /// )?;
    /// // One posterior per block after the first.
    /// assert_eq!((pts.len(), pts[0].height, pts[99].height), (100, 1, 100));
    /// assert!(pts.iter().all(|p| (p.value_hs / 1e18 - 1.0).abs() < 1e-9));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn run(
        &self,
        wt: &WorkTime,
        prior: GammaPosterior,
        level: ConfidenceLevel,
    ) -> Result<Vec<RollingPoint>, HashrateError> {
        let mut out = Vec::new();
        self.run_into(wt, prior, level, &mut out)?;
        Ok(out)
    }

    /// Fills `out` (cleared first) with the posterior after each block from `start + 1`, starting
    /// from `prior` (e.g. [`GammaPosterior::jeffreys`], or a previous run's final posterior).
    /// Blocks held because their work-time was not positive show the predicted (discounted)
    /// posterior: the same mean, a wider interval. Under an improper prior (such as Jeffreys')
    /// there is no posterior before the first positive work-time, so blocks held at the very
    /// start get no point: `out` then begins later and is shorter than the series' intervals
    /// (every point carries its height).
    ///
    /// # Errors
    ///
    /// [`HashrateError::NonPositiveWorkTime`] if the first blocks' total work-time is not
    /// positive before the series ends, [`HashrateError::NonFiniteResult`] for the first
    /// posterior whose mean or bounds overflow (then `out` holds the points before it), or a
    /// quantile failure.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{DiscountFilter, GammaPosterior};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=300).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 301])?;
    /// let f = DiscountFilter::with_memory_blocks(20.0)?;
    /// let mut buf = Vec::new();
    /// f.run_into(&wt, GammaPosterior::jeffreys(), ConfidenceLevel::P95, &mut buf)?;
    /// // After the burn-in the interval width settles: the last two points have the same bounds.
    /// let (a, b) = (buf[298], buf[299]);
    /// assert!((a.high_hs / b.high_hs - 1.0).abs() < 1e-6);
    /// assert!(buf[10].high_hs - buf[10].low_hs > b.high_hs - b.low_hs);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn run_into(
        &self,
        wt: &WorkTime,
        prior: GammaPosterior,
        level: ConfidenceLevel,
        out: &mut Vec<RollingPoint>,
    ) -> Result<(), HashrateError> {
        out.clear();
        out.reserve(wt.intervals().len());
        let d = self.discount;
        let (mut a, mut b) = (prior.shape(), prior.rate());
        let (mut pending_n, mut pending_s) = (0.0f64, 0.0f64);
        let (mut cached_a, mut q) = (f64::NAN, (0.0, 0.0));
        let mut last: Option<RollingPoint> = None;
        for (j, &u) in wt.intervals().iter().enumerate() {
            let height = wt.start_height().saturating_add(u32::try_from(j + 1).unwrap_or(u32::MAX));
            a *= d;
            b *= d;
            pending_n += 1.0;
            pending_s += u;
            if pending_s > 0.0 {
                a += pending_n;
                b += pending_s;
                pending_n = 0.0;
                pending_s = 0.0;
            }
            if !(a > 0.0 && b > 0.0 && b.is_finite()) {
                if let Some(p) = last {
                    out.push(RollingPoint { height, ..p });
                }
                continue;
            }
            if cached_a.is_nan() || (a / cached_a - 1.0).abs() > 1e-9 {
                q = gamma_quantiles(a, level)?;
                cached_a = a;
            }
            RollingPoint::push_checked(out, height, a / b, q.0 / b, q.1 / b)?;
            last = out.last().copied();
        }
        if last.is_none() {
            let end = wt.end_height();
            return Err(HashrateError::NonPositiveWorkTime {
                from: wt.start_height(),
                to: end,
                work_time: pending_s,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "tests index known-length fixtures")]
mod tests {
    use super::*;

    #[test]
    fn steady_state_shape_is_the_memory() {
        let times: Vec<i64> = (0..=5000).map(|i| i * 600).collect();
        let wt = WorkTime::from_parts(0, &times, &[6e20; 5001]).unwrap();
        let f = DiscountFilter::new(0.99).unwrap();
        let pts = f.run(&wt, GammaPosterior::jeffreys(), ConfidenceLevel::P95).unwrap();
        assert_eq!(pts.len(), 5000);
        // a → 1/(1−δ) = 100: the interval is Gamma(100)'s, about −19 % / +21 %.
        let p = pts[4999];
        let lo = crate::stats::quantile::gamma(0.025, 100.0, 1.0).unwrap() / 100.0;
        assert!((p.low_hs / p.value_hs - lo).abs() < 1e-6);
    }

    #[test]
    fn backwards_blocks_are_held_and_bad_config_rejected() {
        let wt = WorkTime::from_parts(0, &[0, 600, 500, 1800], &[1.0; 4]).unwrap();
        let pts = DiscountFilter::new(0.9)
            .unwrap()
            .run(&wt, GammaPosterior::jeffreys(), ConfidenceLevel::P95)
            .unwrap();
        assert_eq!(pts.len(), 3);
        assert_eq!(pts[1].value_hs, pts[0].value_hs);
        assert!(DiscountFilter::new(1.0).is_err());
        assert!(DiscountFilter::new(f64::NAN).is_err());
        assert!(DiscountFilter::with_memory_blocks(0.5).is_err());
        let back = WorkTime::from_parts(0, &[100, 50], &[1.0; 2]).unwrap();
        assert!(
            DiscountFilter::new(0.5)
                .unwrap()
                .run(&back, GammaPosterior::jeffreys(), ConfidenceLevel::P95)
                .is_err()
        );
    }
}
