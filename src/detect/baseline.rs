use crate::chain::WindowSums;
use crate::hashrate::{Estimate, Method};
use crate::stats::{ConfidenceLevel, Interval, rate};
use crate::units::Hashrate;

use super::DetectError;

/// A block count and its work-time sum `S = Σ u_i` (seconds per hash): the sufficient
/// statistic of a stretch of blocks at constant hashrate (`H·S ~ Gamma(n, 1)`).
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::detect::BlockSum;
///
/// // 1001 blocks 600 s apart, each of 6·10²⁰ expected hashes: a hashrate of 10¹⁸ H/s.
/// let times: Vec<i64> = (0..1001).map(|h| 600 * h).collect();
/// let wt = WorkTime::from_parts(0, &times, &vec![6e20; 1001])?;
/// let sums = BlockSum::from_window(&wt.window(0, 1000).ok_or("no window")?);
/// assert_eq!(sums.blocks, 1000);
/// // Σ Δt/W = 1000 × 600/6·10²⁰ = 10⁻¹⁵ s/H; n/S is the maximum-likelihood rate.
/// assert!((sums.work_time - 1e-15).abs() < 1e-27);
/// assert!((sums.blocks as f64 / sums.work_time - 1e18).abs() < 1e6);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BlockSum {
    /// Number of block intervals.
    pub blocks: u64,
    /// Their work-time sum, seconds per hash.
    pub work_time: f64,
}

impl BlockSum {
    /// The sums of a [`WorkTime`](crate::chain::WorkTime) window.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::detect::BlockSum;
    ///
    /// // Blocks 600 s apart with 6·10²⁰ hashes each; the window of blocks 100 → 300.
    /// let times: Vec<i64> = (0..1001).map(|h| 600 * h).collect();
    /// let wt = WorkTime::from_parts(0, &times, &vec![6e20; 1001])?;
    /// let sums = BlockSum::from_window(&wt.window(100, 300).ok_or("no window")?);
    /// assert_eq!(sums, BlockSum { blocks: 200, work_time: 200.0 * 600.0 / 6e20 });
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_window(w: &WindowSums) -> Self {
        BlockSum { blocks: u64::from(w.intervals()), work_time: w.work_time() }
    }

    /// Checks that the sum can give a rate: at least `min` blocks and positive, finite
    /// work-time.
    pub(crate) fn checked(self, what: &'static str, min: u64) -> Result<Self, DetectError> {
        if self.blocks >= min && self.work_time.is_finite() && self.work_time > 0.0 {
            Ok(self)
        } else {
            Err(DetectError::DegenerateWindow {
                what,
                blocks: self.blocks,
                work_time: self.work_time,
                min,
            })
        }
    }

    /// An exact-interval hashrate estimate `(n−1)/S` with the χ² interval (SCIENCE.md §1.4),
    /// labelled with the window heights.
    pub(crate) fn estimate(
        self,
        what: &'static str,
        level: ConfidenceLevel,
        from_height: u32,
        to_height: u32,
    ) -> Result<Estimate, DetectError> {
        let s = self.checked(what, 2)?;
        let ci = rate::exponential_rate(s.blocks, s.work_time, level)?;
        let value = Hashrate::from_hs((s.blocks as f64 - 1.0) / s.work_time)?;
        let interval =
            Interval::new(Hashrate::from_hs(ci.low())?, Hashrate::from_hs(ci.high())?, level)?;
        Ok(Estimate::new(
            value,
            interval,
            Method::Unbiased,
            from_height,
            to_height,
            u32::try_from(s.blocks).unwrap_or(u32::MAX),
            s.work_time,
        ))
    }
}

/// The pre-change hashrate `r0` that normalises work-times for the online detectors:
/// `v = r0·u ~ Exp(1)` while the hashrate stays at `r0`.
///
/// In practice `r0` is unknown and estimated from a reference window with the unbiased
/// `(m−1)/S`. Its relative error, `≈ 1/√m` (2.2 % for m = 2016), shortens the in-control run
/// length when it is an over-estimate (the data then look like a drop). minerscope handles
/// this in two documented ways: (1) [`calibration::cusum_threshold_estimated_baseline`]
/// calibrates a CUSUM so that the false-alarm *rate* averaged over the reference window's
/// sampling distribution meets the target exactly; (2) the evaluation
/// (`tests/detect_eval.rs`) measures the false-alarm rate of the default detectors with an
/// estimated baseline, so the effect is quantified rather than ignored. Long reference
/// windows (≥ 2016 blocks) keep it small.
///
/// [`calibration::cusum_threshold_estimated_baseline`]: super::calibration::cusum_threshold_estimated_baseline
///
/// # Examples
///
/// ```
/// use minerscope::detect::Baseline;
///
/// // 2016 blocks of work-time totalling 2015 s/H: r0 = (n−1)/S = 1 H/s.
/// let b = Baseline::from_work_time(2016, 2015.0)?;
/// assert!((b.hashrate().to_hs() - 1.0).abs() < 1e-12);
/// assert!((b.normalise(2.0) - 2.0).abs() < 1e-12);
/// assert!(Baseline::from_work_time(0, 1.0).is_err());
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "BaselineRaw"))]
pub struct Baseline {
    rate: f64,
    reference: Option<BlockSum>,
}

impl Baseline {
    /// A baseline estimated from a reference window of `blocks` intervals with work-time sum
    /// `work_time` (the unbiased `(n−1)/S`).
    ///
    /// # Errors
    ///
    /// [`DetectError::DegenerateWindow`] if `blocks < 2` or `work_time` is not finite and
    /// positive, and [`DetectError::InvalidRate`] if the rate `(blocks − 1)/work_time`
    /// overflows (a subnormal work-time).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Baseline, DetectError};
    ///
    /// // 2016 blocks whose work-times sum to 2015 s/H: r0 = 2015/2015 = 1 H/s (unbiased (n−1)/S).
    /// let b = Baseline::from_work_time(2016, 2015.0)?;
    /// assert!((b.hashrate().to_hs() - 1.0).abs() < 1e-12);
    /// assert!(matches!(
    ///     Baseline::from_work_time(2016, -1.0),
    ///     Err(DetectError::DegenerateWindow { what: "baseline reference window", .. })
    /// ));
    /// # Ok::<_, DetectError>(())
    /// ```
    pub fn from_work_time(blocks: u64, work_time: f64) -> Result<Self, DetectError> {
        let s = BlockSum { blocks, work_time }.checked("baseline reference window", 2)?;
        let rate = (s.blocks as f64 - 1.0) / s.work_time;
        if !rate.is_finite() {
            // A subnormal work-time: the rate overflows and every normalised value would be
            // infinite (ignored by the detectors), silently switching detection off.
            return Err(DetectError::InvalidRate { what: "baseline rate", value: rate });
        }
        Ok(Baseline { rate, reference: Some(s) })
    }

    /// A baseline estimated from a [`WorkTime`](crate::chain::WorkTime) window.
    ///
    /// # Errors
    ///
    /// As [`Baseline::from_work_time`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::detect::Baseline;
    ///
    /// // Blocks 600 s apart with 6·10²⁰ hashes each: 1 EH/s.
    /// let times: Vec<i64> = (0..2017).map(|h| 600 * h).collect();
    /// let wt = WorkTime::from_parts(0, &times, &vec![6e20; 2017])?;
    /// let b = Baseline::from_window(&wt.window(0, 2016).ok_or("no window")?)?;
    /// // The unbiased (n−1)/S is (2015/2016) EH/s on perfectly regular blocks.
    /// assert!((b.hashrate().to_ehs() - 2015.0 / 2016.0).abs() < 1e-12);
    /// assert_eq!(b.reference().map(|r| r.blocks), Some(2016));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_window(w: &WindowSums) -> Result<Self, DetectError> {
        Self::from_work_time(u64::from(w.intervals()), w.work_time())
    }

    /// A baseline taken as known (e.g. from a long history or a simulation's truth).
    ///
    /// # Errors
    ///
    /// [`DetectError::InvalidRate`] if the hashrate is zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Baseline, DetectError};
    /// use minerscope::units::Hashrate;
    ///
    /// let b = Baseline::known(Hashrate::from_ehs(600.0)?)?;
    /// assert_eq!(b.hashrate().to_ehs(), 600.0);
    /// assert_eq!(b.reference(), None); // not estimated
    /// assert!(matches!(Baseline::known(Hashrate::ZERO), Err(DetectError::InvalidRate { .. })));
    /// # Ok::<_, DetectError>(())
    /// ```
    pub fn known(hashrate: Hashrate) -> Result<Self, DetectError> {
        let r = hashrate.to_hs();
        if r > 0.0 {
            Ok(Baseline { rate: r, reference: None })
        } else {
            Err(DetectError::InvalidRate { what: "baseline hashrate", value: r })
        }
    }

    /// The baseline hashrate `r0`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::Baseline;
    ///
    /// // 101 blocks whose work-times sum to 50 s/H: r0 = (101 − 1)/50 = 2 H/s.
    /// let b = Baseline::from_work_time(101, 50.0)?;
    /// assert!((b.hashrate().to_hs() - 2.0).abs() < 1e-12);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn hashrate(&self) -> Hashrate {
        Hashrate::from_hs(self.rate).unwrap_or(Hashrate::ZERO)
    }

    /// The reference window's sums, if the baseline was estimated.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Baseline, BlockSum};
    /// use minerscope::units::Hashrate;
    ///
    /// let b = Baseline::from_work_time(2016, 2015.0)?;
    /// assert_eq!(b.reference(), Some(BlockSum { blocks: 2016, work_time: 2015.0 }));
    /// assert_eq!(Baseline::known(Hashrate::from_hs(1.0)?)?.reference(), None);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn reference(&self) -> Option<BlockSum> {
        self.reference
    }

    /// Normalises one work-time `u` (seconds per hash) to `v = r0·u`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::Baseline;
    /// use minerscope::units::Hashrate;
    ///
    /// let b = Baseline::known(Hashrate::from_ehs(1.0)?)?;
    /// // A block of 6·10²⁰ expected hashes found after 600 s at 1 EH/s: exactly the mean, v = 1.
    /// assert!((b.normalise(600.0 / 6e20) - 1.0).abs() < 1e-12);
    /// // Found after 900 s: v = 1.5, the kind of value a drop detector accumulates.
    /// assert!((b.normalise(900.0 / 6e20) - 1.5).abs() < 1e-12);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    #[inline]
    pub fn normalise(&self, u: f64) -> f64 {
        self.rate * u
    }

    /// Normalises one block given its timestamp gap and expected work: `v = r0·Δt/W`.
    ///
    /// # Errors
    ///
    /// [`DetectError::InvalidRate`] if `work_hashes` is not finite and positive, or
    /// [`DetectError::NonFiniteWorkTime`] if `dt_secs`, or the normalised value, is not finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Baseline, DetectError};
    /// use minerscope::units::Hashrate;
    ///
    /// let b = Baseline::known(Hashrate::from_ehs(1.0)?)?;
    /// assert!((b.normalise_block(450.0, 6e20)? - 0.75).abs() < 1e-12);
    /// // Timestamps that go backwards give a negative value, used as it is.
    /// assert!(b.normalise_block(-60.0, 6e20)? < 0.0);
    /// assert!(matches!(b.normalise_block(600.0, 0.0), Err(DetectError::InvalidRate { what: "block work", .. })));
    /// assert!(matches!(b.normalise_block(f64::NAN, 6e20), Err(DetectError::NonFiniteWorkTime { .. })));
    /// # Ok::<_, DetectError>(())
    /// ```
    pub fn normalise_block(&self, dt_secs: f64, work_hashes: f64) -> Result<f64, DetectError> {
        if !(work_hashes.is_finite() && work_hashes > 0.0) {
            return Err(DetectError::InvalidRate { what: "block work", value: work_hashes });
        }
        if !dt_secs.is_finite() {
            return Err(DetectError::NonFiniteWorkTime { index: 0, value: dt_secs });
        }
        let v = self.rate * dt_secs / work_hashes;
        if !v.is_finite() {
            // Fed to a detector, an infinite value would be skipped without a word.
            return Err(DetectError::NonFiniteWorkTime { index: 0, value: v });
        }
        Ok(v)
    }
}

/// The serialized form of [`Baseline`], checked by its constructors when deserialized.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct BaselineRaw {
    rate: f64,
    reference: Option<BlockSum>,
}

#[cfg(feature = "serde")]
impl TryFrom<BaselineRaw> for Baseline {
    type Error = DetectError;
    fn try_from(raw: BaselineRaw) -> Result<Self, DetectError> {
        let Some(reference) = raw.reference else {
            return Hashrate::from_hs(raw.rate)
                .map_err(|_| DetectError::InvalidRate {
                    what: "baseline hashrate",
                    value: raw.rate,
                })
                .and_then(Baseline::known);
        };
        // The rate is a function of the reference window: rebuild it, and refuse a stored
        // rate that disagrees beyond rounding.
        let b = Baseline::from_work_time(reference.blocks, reference.work_time)?;
        if (raw.rate / b.rate - 1.0).abs() <= 1e-12 {
            Ok(b)
        } else {
            Err(DetectError::InvalidRate {
                what: "baseline rate (disagrees with its reference window)",
                value: raw.rate,
            })
        }
    }
}
