//! Fixed time windows: blocks counted over a span, divided by the work-time exposure.

use statrs::function::gamma::{gamma_lr, gamma_ur};

use crate::chain::WorkTime;
use crate::chain::consensus::is_retarget_height;
use crate::stats::ConfidenceLevel;

use super::pivot::{gamma_quantile, hashrate, ordered, secs_between};
use super::window::out_of_range;
use super::{Estimate, HashrateError, HashrateEstimator, Method, Window};

/// The interval used for a Poisson count.
///
/// # Examples
///
/// ```
/// use minerscope::hashrate::{Exposure, FixedTime, PoissonInterval};
/// use minerscope::stats::ConfidenceLevel;
///
/// // 144 blocks in a day at 1 EH/s: the mid-p interval is narrower than Garwood's.
/// let e = Exposure { count: 144, exposure: 144.0 / 1e18, from_height: 0, to_height: 144 };
/// let garwood =
///     FixedTime::new(PoissonInterval::Garwood).from_count(e, ConfidenceLevel::P95)?;
/// let mid_p =
///     FixedTime::new(PoissonInterval::MidP).from_count(e, ConfidenceLevel::P95)?;
/// assert!(mid_p.interval().low() > garwood.interval().low());
/// assert!(mid_p.interval().high() < garwood.interval().high());
/// assert_eq!(PoissonInterval::default(), PoissonInterval::Garwood);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum PoissonInterval {
    /// Garwood's exact interval: coverage at least the level (conservative, discrete count).
    #[default]
    Garwood,
    /// The mid-p interval: half the probability of the observed count in each tail; coverage
    /// close to the level on average, not guaranteed.
    MidP,
}

/// Hashrate over a fixed span of time: the `N` blocks stamped inside it over the work-time
/// exposure `E = ∫ dt / W(t)`.
///
/// # Method
///
/// ```text
/// E = Σ_segments (clip(t_j) − clip(t_{j−1})) / W_j      clip to [a, b]; W_j is the work in force
/// N ~ Poisson(H·E)   (constant H),   Ĥ = N/E  (attains the Cramér–Rao bound H/E)
/// Garwood: H·E ∈ [½χ²(α/2; 2N), ½χ²(1−α/2; 2N+2)]      (lower = 0 if N = 0)
/// mid-p:   ½P(X ≥ N) + ½P(X > N) = α/2  and  ½P(X ≤ N) + ½P(X < N) = α/2
/// ```
///
/// The exposure is summed over difficulty segments, so a retarget inside the span is exact.
/// A height window becomes the span between its end blocks' timestamps. The span's end may lie
/// past the tip ("now"), with the tip's work assumed in force, unless the next block is a
/// retarget block.
///
/// # Assumptions
///
/// Timestamps as written by miners: noise moves the span's ends, as for the block-count
/// estimators. Blocks stamped out of order count where they are stamped; the signed exposure
/// telescopes consistently.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::{FixedTime, HashrateEstimator, PoissonInterval, Window};
/// use minerscope::stats::ConfidenceLevel;
///
/// let times: Vec<i64> = (0..=300).map(|i| i * 600).collect();
/// let wt = WorkTime::from_parts(0, &times, &[6e20; 301])?;
/// // One day: 144 blocks stamped in (0, 86 400].
/// let est = FixedTime::new(PoissonInterval::Garwood).estimate(
///     &wt,
///     Window::time_span(0, 86_400)?,
///     ConfidenceLevel::P95,
/// )?;
/// assert_eq!(est.blocks(), 144);
/// assert!((est.value().to_ehs() - 1.0).abs() < 1e-12);
/// // SCIENCE.md §1.4: −15.7 % / +17.7 % for N = 144.
/// assert!((est.interval().low().to_ehs() - 0.843).abs() < 1e-3);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
///
/// # References
///
/// Garwood (1936), Biometrika 28:437–442; SCIENCE.md §1.3–1.4 (Campbell's theorem).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FixedTime {
    interval: PoissonInterval,
}

/// Blocks counted and exposure over a time span.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::FixedTime;
///
/// let times: Vec<i64> = (0..=10).map(|i| i * 600).collect();
/// let wt = WorkTime::from_parts(0, &times, &[6e20; 11])?;
/// // (900, 3 000]: blocks 2..=5 are stamped inside; exposure 2 100 s over 6e20 hashes.
/// let e = FixedTime::exposure(&wt, 900, 3_000)?;
/// assert_eq!((e.count, e.from_height, e.to_height), (4, 1, 5));
/// assert!((e.exposure - 2_100.0 / 6e20).abs() < 1e-30);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Exposure {
    /// Blocks stamped in `(start, end]`.
    pub count: u32,
    /// `∫ dt / W(t)` over the span, seconds per hash.
    pub exposure: f64,
    /// Height of the block opening the span.
    pub from_height: u32,
    /// Height of the last block stamped inside the span.
    pub to_height: u32,
}

impl FixedTime {
    /// A fixed-time estimator with the given interval.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{FixedTime, PoissonInterval};
    ///
    /// assert_eq!(
    ///     FixedTime::new(PoissonInterval::MidP).interval_kind(),
    ///     PoissonInterval::MidP
    /// );
    /// assert_eq!(FixedTime::default(), FixedTime::new(PoissonInterval::Garwood));
    /// ```
    pub fn new(interval: PoissonInterval) -> Self {
        FixedTime { interval }
    }

    /// The interval kind.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{FixedTime, PoissonInterval};
    ///
    /// assert_eq!(FixedTime::default().interval_kind(), PoissonInterval::Garwood);
    /// ```
    pub fn interval_kind(&self) -> PoissonInterval {
        self.interval
    }

    /// The count and exposure over `[start, end]`.
    ///
    /// # Errors
    ///
    /// [`HashrateError::InvalidWindow`] unless `start < end`;
    /// [`HashrateError::WindowOutOfRange`] if `start` precedes the first block's timestamp, or
    /// `end` is past the tip when the next block is a retarget block (its work is unknown).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{FixedTime, HashrateError};
    ///
    /// let times: Vec<i64> = (0..=10).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 11])?;
    /// // A span reaching 300 s past the tip assumes the tip's work stays in force.
    /// let e = FixedTime::exposure(&wt, 3_000, 6_300)?;
    /// assert_eq!(e.count, 5);
    /// assert!((e.exposure - 3_300.0 / 6e20).abs() < 1e-30);
    /// let before_first = FixedTime::exposure(&wt, -600, 600);
    /// assert!(matches!(before_first, Err(HashrateError::WindowOutOfRange { .. })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn exposure(wt: &WorkTime, start: i64, end: i64) -> Result<Exposure, HashrateError> {
        Window::time_span(start, end)?;
        let times = wt.times();
        let work = wt.work_hashes();
        let (first_t, last_t) = match (times.first(), times.last()) {
            (Some(&f), Some(&l)) => (f, l),
            _ => return Err(out_of_range(start, end, 0, 0)),
        };
        if start < first_t {
            return Err(out_of_range(start, end, first_t, last_t));
        }
        let clip = |t: i64| t.clamp(start, end);
        let mut exposure = 0.0;
        let mut count = 0u32;
        let mut first_in: Option<usize> = None;
        let mut last_in: Option<usize> = None;
        for (j, (pair, w)) in times.windows(2).zip(work.iter().skip(1)).enumerate() {
            if let [a, b] = pair {
                exposure += secs_between(clip(*b), clip(*a)) / w;
                if *b > start && *b <= end {
                    count += 1;
                    first_in.get_or_insert(j + 1);
                    last_in = Some(j + 1);
                }
            }
        }
        if end > last_t {
            let next = wt.end_height().saturating_add(1);
            if is_retarget_height(next) {
                return Err(out_of_range(start, end, first_t, last_t));
            }
            let w = work.last().copied().unwrap_or(1.0);
            exposure += secs_between(end, start.max(last_t)) / w;
        }
        let h = |i: usize| {
            u32::try_from(i).ok().and_then(|i| wt.start_height().checked_add(i)).unwrap_or(u32::MAX)
        };
        let from_height = h(first_in.map_or(0, |i| i - 1));
        let to_height = last_in.map_or(from_height, h);
        Ok(Exposure { count, exposure, from_height, to_height })
    }

    /// Estimate from a count and an exposure (e.g. a pool's blocks, or aggregated data).
    ///
    /// # Errors
    ///
    /// [`HashrateError::NonPositiveWorkTime`] unless `exposure` is finite and positive.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{Exposure, FixedTime, HashrateError};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // A pool found 0 blocks in an exposure worth 10 network blocks: point 0, upper bound
    /// // ½χ²(0.975; 2) = 3.689 blocks' worth (Garwood).
    /// let e = Exposure { count: 0, exposure: 10.0 / 1e18, from_height: 0, to_height: 10 };
    /// let est = FixedTime::default().from_count(e, ConfidenceLevel::P95)?;
    /// assert_eq!(est.value().to_hs(), 0.0);
    /// assert!((est.interval().high().to_ehs() - 0.3689).abs() < 1e-4);
    /// let none = Exposure { exposure: 0.0, ..e };
    /// let err = FixedTime::default().from_count(none, ConfidenceLevel::P95);
    /// assert!(matches!(err, Err(HashrateError::NonPositiveWorkTime { .. })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_count(
        &self,
        e: Exposure,
        level: ConfidenceLevel,
    ) -> Result<Estimate, HashrateError> {
        if !(e.exposure.is_finite() && e.exposure > 0.0) {
            return Err(HashrateError::NonPositiveWorkTime {
                from: e.from_height,
                to: e.to_height,
                work_time: e.exposure,
            });
        }
        let (lo, hi) = match self.interval {
            PoissonInterval::Garwood => garwood(e.count, level)?,
            PoissonInterval::MidP => mid_p(e.count, level)?,
        };
        let value = hashrate(f64::from(e.count) / e.exposure, "point estimate")?;
        let interval = ordered(
            hashrate(lo / e.exposure, "lower bound")?,
            hashrate(hi / e.exposure, "upper bound")?,
            level,
        );
        let method = match self.interval {
            PoissonInterval::Garwood => Method::FixedTime,
            PoissonInterval::MidP => Method::FixedTimeMidP,
        };
        Ok(Estimate::new(value, interval, method, e.from_height, e.to_height, e.count, e.exposure))
    }
}

/// Garwood limits for the Poisson mean `μ = H·E` given `k` events.
///
/// `½χ²(p; 2k)` is the Gamma(k, 1) quantile, computed by the fast Newton-refined inverse.
pub(crate) fn garwood(k: u32, level: ConfidenceLevel) -> Result<(f64, f64), HashrateError> {
    let kf = f64::from(k);
    let lo = if k == 0 { 0.0 } else { gamma_quantile(level.lower_tail(), kf)? };
    let hi = gamma_quantile(level.upper_tail(), kf + 1.0)?;
    Ok((lo, hi))
}

/// Mid-p limits for the Poisson mean given `k` events, by bisection inside the Garwood limits.
pub(crate) fn mid_p(k: u32, level: ConfidenceLevel) -> Result<(f64, f64), HashrateError> {
    let (g_lo, g_hi) = garwood(k, level)?;
    let kf = f64::from(k);
    let tail = level.lower_tail();
    // Upper tail probability at μ: ½P(X ≥ k) + ½P(X > k), increasing in μ.
    let upper_mass = |mu: f64| 0.5 * (gamma_lr(kf, mu) + gamma_lr(kf + 1.0, mu));
    // Lower tail probability at μ: ½P(X ≤ k) + ½P(X < k), decreasing in μ.
    let lower_mass = |mu: f64| {
        let below = if k == 0 { 0.0 } else { gamma_ur(kf, mu) };
        0.5 * (gamma_ur(kf + 1.0, mu) + below)
    };
    let lo = if k == 0 { 0.0 } else { bisect(g_lo, kf, |mu| upper_mass(mu) - tail) };
    let hi = bisect(kf.max(g_lo), g_hi, |mu| tail - lower_mass(mu));
    Ok((lo, hi))
}

/// Root of an increasing function on `[a, b]` by bisection (to f64 resolution).
fn bisect(mut a: f64, mut b: f64, f: impl Fn(f64) -> f64) -> f64 {
    for _ in 0..200 {
        let m = 0.5 * (a + b);
        if m <= a || m >= b {
            break;
        }
        if f(m) < 0.0 {
            a = m;
        } else {
            b = m;
        }
    }
    0.5 * (a + b)
}

impl HashrateEstimator for FixedTime {
    fn method(&self) -> Method {
        match self.interval {
            PoissonInterval::Garwood => Method::FixedTime,
            PoissonInterval::MidP => Method::FixedTimeMidP,
        }
    }

    fn estimate(
        &self,
        work_time: &WorkTime,
        window: Window,
        level: ConfidenceLevel,
    ) -> Result<Estimate, HashrateError> {
        let (start, end) = match window {
            Window::TimeSpan { start, end } => (start, end),
            Window::Heights { .. } => {
                let (from, to) = window.block_range(work_time)?;
                let t = |h: u32| work_time.time_at(h).unwrap_or(0);
                (t(from), t(to))
            }
        };
        let e = Self::exposure(work_time, start, end)?;
        self.from_count(e, level)
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "tests index known-length fixtures")]
mod tests {
    use super::*;

    #[test]
    fn garwood_matches_the_stats_primitive() {
        for k in [0u32, 1, 7, 144, 1008, 20_000] {
            let (lo, hi) = garwood(k, ConfidenceLevel::P95).unwrap();
            let ci =
                crate::stats::rate::poisson_rate(u64::from(k), 1.0, ConfidenceLevel::P95).unwrap();
            assert!((lo - ci.low()).abs() <= 1e-9 * ci.low().max(1e-300), "k={k}");
            assert!((hi / ci.high() - 1.0).abs() < 1e-9, "k={k}");
        }
    }

    #[test]
    fn mid_p_is_inside_garwood_and_solves_its_equations() {
        let l = ConfidenceLevel::P95;
        for k in [0u32, 1, 5, 144, 1008] {
            let (glo, ghi) = garwood(k, l).unwrap();
            let (mlo, mhi) = mid_p(k, l).unwrap();
            assert!(glo <= mlo && mlo < mhi && mhi <= ghi, "k={k}");
            let kf = f64::from(k);
            if k > 0 {
                let up = 0.5 * (gamma_lr(kf, mlo) + gamma_lr(kf + 1.0, mlo));
                assert!((up - 0.025).abs() < 1e-9);
            }
        }
        // k = 0: ½e^{−μ} = α/2 ⇒ μ = −ln 0.05 = 2.995 732.
        assert!((mid_p(0, l).unwrap().1 - 2.995_732).abs() < 1e-5);
    }

    #[test]
    fn exposure_sums_difficulty_segments() {
        // 3 blocks at W = 1, then 3 at W = 2, 100 s apart.
        let wt = WorkTime::from_parts(0, &[0, 100, 200, 300, 400, 500], &[1., 1., 1., 2., 2., 2.])
            .unwrap();
        let e = FixedTime::exposure(&wt, 50, 450).unwrap();
        // (100−50)/1 + 100/1 + 100/2 + 100/2 + (450−400)/2 = 50 + 100 + 50 + 50 + 25.
        assert!((e.exposure - 275.0).abs() < 1e-12);
        assert_eq!(e.count, 4);
        assert!(FixedTime::exposure(&wt, -1, 10).is_err());
        assert!(FixedTime::exposure(&wt, 10, 10).is_err());
        // Past the tip: the tip's work is assumed (block 6 is not a retarget block).
        let past = FixedTime::exposure(&wt, 400, 700).unwrap();
        assert!((past.exposure - 150.0).abs() < 1e-12);
    }
}
