//! Timestamp-robust estimation: median-time-past endpoints and a noise-widened interval.

use crate::chain::WorkTime;
use crate::stats::ConfidenceLevel;

use super::pivot::{gamma_quantiles, hashrate, ordered, positive_work_time, secs_between};
use super::window::block_range_error;
use super::{Estimate, HashrateError, HashrateEstimator, Method, Window};

/// Which timestamps stand for the window's two ends.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::{Endpoints, HashrateEstimator, TimestampRobust, Window};
/// use minerscope::stats::ConfidenceLevel;
///
/// let mut times: Vec<i64> = (0..=140).map(|i| i * 600).collect();
/// times[140] += 7_200; // the tip is stamped two hours fast
/// let wt = WorkTime::from_parts(0, &times, &[6e20; 141])?;
/// let w = Window::heights(20, 140)?;
/// let raw = TimestampRobust::new(Endpoints::Raw, 30.0)?.estimate(
///     &wt,
///     w,
///     ConfidenceLevel::P95,
/// )?;
/// let mtp = TimestampRobust::new(Endpoints::MedianTimePast, 30.0)?.estimate(
///     &wt,
///     w,
///     ConfidenceLevel::P95,
/// )?;
/// // Raw endpoints absorb the two hours (72 000 s → 79 200 s); the MTP endpoints do not.
/// assert!((raw.value().to_ehs() - 119.0 * 6e20 / 79_200.0 / 1e18).abs() < 1e-9);
/// assert!((mtp.value().to_ehs() - 119.0 / 120.0).abs() < 1e-9);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Endpoints {
    /// The two end blocks' own timestamps (interior timestamps cancel: telescoping).
    Raw,
    /// The median-time-past of each end block (median of it and its 10 predecessors): robust to
    /// a single wild timestamp; the window is effectively shifted back by about 5 blocks.
    #[default]
    MedianTimePast,
}

/// The unbiased estimator `(n−1)/S` over robust endpoints, with an interval widened by the
/// timestamp noise of the endpoints.
///
/// Deserializing runs [`TimestampRobust::new`]'s check, so a stored negative or non-finite noise
/// standard deviation is refused.
///
/// # Method
///
/// ```text
/// S' = S + (t'_to − t_to)/W_to − (t'_from − t_from)/W_{from+1}     t' = MTP (or t itself)
/// Ĥ  = (n−1)/S'
/// n_eff = n / (1 + σ²·Ĥ²·(1/W_from+1² + 1/W_to²)/n)               (= n/(1 + 2σ²λ²/n) at fixed W)
/// H ∈ [(n/n_eff)·G⁻¹(α/2; n_eff), (n/n_eff)·G⁻¹(1−α/2; n_eff)] / S'   G = Gamma(n_eff, 1)
/// ```
///
/// This is the Gamma-shape correction of SCIENCE.md §2.3, *not* `2n_eff` degrees of freedom in
/// the χ² pivot (that moves the interval's centre: 2 % coverage at n = 120, σ = 1 h). With
/// `σ = 0` the interval is the exact χ² interval.
///
/// # Assumptions
///
/// `noise_sd_secs` is the s.d. of one endpoint's timestamp error (for MTP endpoints, of the
/// median's error; the median absorbs single outliers). The correction is used while the noise
/// variance is at most three times the Poisson variance (`n_eff >= n/4`, i.e. `2σ²λ²/n <= 3`:
/// with 1 h of noise and 600 s blocks, n >= 24); beyond that the window is rejected with
/// [`HashrateError::NoiseDominates`]. Realistic values are 20–40 s
/// ([`TimestampNoiseReport`](super::TimestampNoiseReport) estimates it from a series). MTP endpoints need
/// the 10 blocks before the window's first block in the series.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::{Endpoints, HashrateEstimator, TimestampRobust, Window};
/// use minerscope::stats::ConfidenceLevel;
///
/// let mut times: Vec<i64> = (0..=140).map(|i| i * 600).collect();
/// times[140] += 7200; // the tip is stamped two hours fast
/// let wt = WorkTime::from_parts(0, &times, &[6e20; 141])?;
/// let est = TimestampRobust::new(Endpoints::MedianTimePast, 30.0)?.estimate(
///     &wt,
///     Window::heights(20, 140)?,
///     ConfidenceLevel::P95,
/// )?;
/// assert!((est.value().to_ehs() - 119.0 / 120.0).abs() < 1e-9); // the outlier is ignored
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
///
/// # References
///
/// SCIENCE.md §2.3; BIP-0113 (median-time-past).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawTimestampRobust"))]
pub struct TimestampRobust {
    endpoints: Endpoints,
    noise_sd_secs: f64,
}

/// The serialized fields, checked on the way in by [`TimestampRobust::new`].
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawTimestampRobust {
    endpoints: Endpoints,
    noise_sd_secs: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<RawTimestampRobust> for TimestampRobust {
    type Error = HashrateError;

    fn try_from(r: RawTimestampRobust) -> Result<Self, HashrateError> {
        TimestampRobust::new(r.endpoints, r.noise_sd_secs)
    }
}

impl TimestampRobust {
    /// Creates the estimator.
    ///
    /// # Errors
    ///
    /// [`HashrateError::InvalidParameter`] unless `noise_sd_secs` is finite and non-negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{Endpoints, HashrateError, TimestampRobust};
    ///
    /// let r = TimestampRobust::new(Endpoints::Raw, 25.0)?;
    /// assert_eq!((r.endpoints(), r.noise_sd_secs()), (Endpoints::Raw, 25.0));
    /// let bad = TimestampRobust::new(Endpoints::Raw, -1.0);
    /// assert!(matches!(bad, Err(HashrateError::InvalidParameter { .. })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(endpoints: Endpoints, noise_sd_secs: f64) -> Result<Self, HashrateError> {
        if !(noise_sd_secs.is_finite() && noise_sd_secs >= 0.0) {
            return Err(HashrateError::InvalidParameter {
                name: "noise_sd_secs",
                value: noise_sd_secs,
                reason: "must be finite and non-negative",
            });
        }
        Ok(TimestampRobust { endpoints, noise_sd_secs })
    }

    /// The endpoint rule.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{Endpoints, TimestampRobust};
    ///
    /// let r = TimestampRobust::new(Endpoints::default(), 30.0)?;
    /// assert_eq!(r.endpoints(), Endpoints::MedianTimePast);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn endpoints(&self) -> Endpoints {
        self.endpoints
    }

    /// The endpoint noise s.d., seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{Endpoints, TimestampRobust};
    ///
    /// assert_eq!(TimestampRobust::new(Endpoints::Raw, 0.0)?.noise_sd_secs(), 0.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn noise_sd_secs(&self) -> f64 {
        self.noise_sd_secs
    }

    /// The effective number of blocks `n_eff` for `n` intervals, point estimate `h` (H/s) and
    /// end-block works `w_first`, `w_last`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{Endpoints, TimestampRobust};
    ///
    /// // n = 120 blocks of 600 s (λ = 1/600 per second of one block's work) and σ = 60 s of
    /// // endpoint noise: n_eff = n/(1 + 2σ²λ²/n).
    /// let (n, w) = (120, 6e20);
    /// let h = w / 600.0;
    /// let r = TimestampRobust::new(Endpoints::Raw, 60.0)?;
    /// let expected = 120.0 / (1.0 + 2.0 * 0.01 / 120.0);
    /// assert!((r.effective_blocks(n, h, w, w) - expected).abs() < 1e-9);
    /// // Without noise, nothing is lost.
    /// let exact = TimestampRobust::new(Endpoints::Raw, 0.0)?;
    /// assert_eq!(exact.effective_blocks(n, h, w, w), 120.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn effective_blocks(&self, n: u32, h: f64, w_first: f64, w_last: f64) -> f64 {
        let nf = f64::from(n);
        let s2 = self.noise_sd_secs * self.noise_sd_secs;
        // Block rates λ = H/W (blocks per second) first: `H²/W²` would overflow (inf · 0 = NaN)
        // for works above ~1e154 although λ itself is ordinary.
        let (rate_first, rate_last) = (h / w_first, h / w_last);
        let inflation = s2 * (rate_first * rate_first + rate_last * rate_last) / nf;
        nf / (1.0 + inflation)
    }

    /// The robust work-time `S'` over `from..=to` and the two end works.
    pub(crate) fn robust_sum(
        &self,
        wt: &WorkTime,
        from: u32,
        to: u32,
    ) -> Result<(f64, f64, f64), HashrateError> {
        let range_err = || block_range_error(wt, from, to);
        let sums = wt.window(from, to).ok_or_else(range_err)?;
        let w_first = wt.work_at(from + 1).ok_or_else(range_err)?;
        let w_last = wt.work_at(to).ok_or_else(range_err)?;
        let s = match self.endpoints {
            Endpoints::Raw => sums.work_time(),
            Endpoints::MedianTimePast => {
                if from < wt.start_height().saturating_add(10) {
                    return Err(HashrateError::WindowOutOfRange {
                        from: i64::from(from) - 10,
                        to: i64::from(to),
                        start: i64::from(wt.start_height()),
                        end: i64::from(wt.end_height()),
                    });
                }
                let (m_from, t_from) = mtp_and_time(wt, from).ok_or_else(range_err)?;
                let (m_to, t_to) = mtp_and_time(wt, to).ok_or_else(range_err)?;
                sums.work_time() + secs_between(m_to, t_to) / w_last
                    - secs_between(m_from, t_from) / w_first
            }
        };
        Ok((s, w_first, w_last))
    }

    pub(crate) fn estimate_range(
        &self,
        wt: &WorkTime,
        from: u32,
        to: u32,
        level: ConfidenceLevel,
    ) -> Result<Estimate, HashrateError> {
        let n = to.saturating_sub(from);
        if n < 2 {
            return Err(HashrateError::WindowTooShort {
                estimator: "timestamp-robust",
                from,
                to,
                blocks: n,
                min: 2,
            });
        }
        let (s, w_first, w_last) = self.robust_sum(wt, from, to)?;
        let s = positive_work_time(from, to, s)?;
        let nf = f64::from(n);
        let n_eff = self.effective_blocks(n, nf / s, w_first, w_last);
        check_noise(from, to, n, n_eff)?;
        let (g_lo, g_hi) = gamma_quantiles(n_eff, level)?;
        let scale = nf / n_eff / s;
        let value = hashrate((nf - 1.0) / s, "point estimate")?;
        let interval = ordered(
            hashrate(g_lo * scale, "lower bound")?,
            hashrate(g_hi * scale, "upper bound")?,
            level,
        );
        Ok(Estimate::new(value, interval, Method::TimestampRobust, from, to, n, s))
    }
}

/// Rejects windows where the noise variance exceeds three times the Poisson variance
/// (`n_eff < n/4`).
pub(crate) fn check_noise(from: u32, to: u32, n: u32, n_eff: f64) -> Result<(), HashrateError> {
    if n_eff.is_finite() && n_eff >= f64::from(n) / 4.0 {
        Ok(())
    } else {
        Err(HashrateError::NoiseDominates { from, to, effective_blocks: n_eff, blocks: n })
    }
}

/// Median-time-past of the block at `height` (median of it and its 10 predecessors) and the
/// block's own time.
pub(crate) fn mtp_and_time(wt: &WorkTime, height: u32) -> Option<(i64, i64)> {
    let i = usize::try_from(height.checked_sub(wt.start_height())?).ok()?;
    let slice = wt.times().get(i.checked_sub(10)?..=i)?;
    Some((median11(slice)?, *slice.last()?))
}

/// Median of exactly 11 timestamps.
pub(crate) fn median11(times: &[i64]) -> Option<i64> {
    let mut buf = [0i64; 11];
    if times.len() != 11 {
        return None;
    }
    buf.copy_from_slice(times);
    buf.sort_unstable();
    buf.get(5).copied()
}

impl HashrateEstimator for TimestampRobust {
    fn method(&self) -> Method {
        Method::TimestampRobust
    }

    fn estimate(
        &self,
        work_time: &WorkTime,
        window: Window,
        level: ConfidenceLevel,
    ) -> Result<Estimate, HashrateError> {
        let (from, to) = window.block_range(work_time)?;
        self.estimate_range(work_time, from, to, level)
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "tests index known-length fixtures")]
mod tests {
    use super::*;
    use crate::hashrate::Exact;

    #[test]
    fn zero_noise_raw_equals_exact_interval() {
        let times: Vec<i64> = (0..=150).map(|i| i * 600 + (i * 37) % 200).collect();
        let wt = WorkTime::from_parts(0, &times, &[6e20; 151]).unwrap();
        let w = Window::heights(30, 150).unwrap();
        let r = TimestampRobust::new(Endpoints::Raw, 0.0)
            .unwrap()
            .estimate(&wt, w, ConfidenceLevel::P95)
            .unwrap();
        let e = Exact::unbiased().estimate(&wt, w, ConfidenceLevel::P95).unwrap();
        assert_eq!(r.value(), e.value());
        let rel = |a: f64, b: f64| (a / b - 1.0).abs();
        assert!(rel(r.interval().low().to_hs(), e.interval().low().to_hs()) < 1e-9);
        assert!(rel(r.interval().high().to_hs(), e.interval().high().to_hs()) < 1e-9);
    }

    #[test]
    fn noise_widens_and_bad_config_is_rejected() {
        let times: Vec<i64> = (0..=150).map(|i| i * 600).collect();
        let wt = WorkTime::from_parts(0, &times, &[6e20; 151]).unwrap();
        let w = Window::heights(30, 150).unwrap();
        let quiet = TimestampRobust::new(Endpoints::Raw, 0.0).unwrap();
        let loud = TimestampRobust::new(Endpoints::Raw, 3600.0).unwrap();
        let a = quiet.estimate(&wt, w, ConfidenceLevel::P95).unwrap();
        let b = loud.estimate(&wt, w, ConfidenceLevel::P95).unwrap();
        assert!(b.interval().low() < a.interval().low());
        assert!(b.interval().high() > a.interval().high());
        assert!(TimestampRobust::new(Endpoints::Raw, -1.0).is_err());
        assert!(TimestampRobust::new(Endpoints::Raw, f64::NAN).is_err());
        // 1 h of noise on a 12-block window: 2σ²λ²/n = 6 > 3, rejected.
        assert!(matches!(
            loud.estimate(&wt, Window::heights(30, 42).unwrap(), ConfidenceLevel::P95),
            Err(HashrateError::NoiseDominates { blocks: 12, .. })
        ));
        assert!(loud.estimate(&wt, Window::heights(30, 54).unwrap(), ConfidenceLevel::P95).is_ok());
        // MTP needs 10 blocks before `from`.
        let mtp = TimestampRobust::new(Endpoints::MedianTimePast, 0.0).unwrap();
        assert!(mtp.estimate(&wt, Window::heights(5, 150).unwrap(), ConfidenceLevel::P95).is_err());
    }
}
