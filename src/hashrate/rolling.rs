//! O(n) rolling passes: one estimate per block from prefix sums, quantiles computed once.

use std::collections::VecDeque;

use crate::chain::WorkTime;
use crate::stats::ConfidenceLevel;

use super::pivot::{gamma_quantiles, secs_between};
use super::robust::{check_noise, median11};
use super::window::block_range_error;
use super::{ChiSquaredPivot, Endpoints, HashrateError, TimestampRobust};

/// The estimator a [`Rolling`] pass evaluates at every block.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::{Rolling, RollingMethod};
/// use minerscope::stats::ConfidenceLevel;
///
/// let times: Vec<i64> = (0..=200).map(|i| i * 600).collect();
/// let wt = WorkTime::from_parts(0, &times, &[6e20; 201])?;
/// let run = |m| Rolling::new(m, 144)?.run(&wt, ConfidenceLevel::P95);
/// let (mle, core) =
///     (run(RollingMethod::MaximumLikelihood)?, run(RollingMethod::CoreCompatible)?);
/// // With steady 600 s blocks Core's value equals the MLE n/S exactly.
/// assert_eq!(mle.len(), core.len());
/// assert!(
///     mle.iter().zip(&core).all(|(a, b)| (a.value_hs / b.value_hs - 1.0).abs() < 1e-12)
/// );
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum RollingMethod {
    /// `(n−1)/S` with the exact χ² interval.
    Unbiased,
    /// `n/S` with the exact χ² interval (also the Jeffreys-prior Bayesian posterior mean and
    /// credible interval).
    MaximumLikelihood,
    /// Bitcoin Core's `getnetworkhashps` (min/max timestamps by monotone deques) with the exact
    /// interval relative to its value.
    CoreCompatible,
    /// The timestamp-robust estimator with its configuration.
    TimestampRobust(TimestampRobust),
}

/// One rolling estimate: the window of `n` intervals ending at `height`.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::{Rolling, RollingMethod};
/// use minerscope::stats::ConfidenceLevel;
///
/// let times: Vec<i64> = (0..=150).map(|i| i * 600).collect();
/// let wt = WorkTime::from_parts(0, &times, &[6e20; 151])?;
/// let pts = Rolling::new(RollingMethod::MaximumLikelihood, 144)?
///     .run(&wt, ConfidenceLevel::P95)?;
/// let p = pts[0];
/// assert_eq!(p.height, 144);
/// assert!(p.low_hs < p.value_hs && p.value_hs < p.high_hs);
/// assert!((p.value_hs / 1e18 - 1.0).abs() < 1e-12);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RollingPoint {
    /// Last block of the window.
    pub height: u32,
    /// Point estimate, H/s.
    pub value_hs: f64,
    /// Lower interval bound, H/s.
    pub low_hs: f64,
    /// Upper interval bound, H/s.
    pub high_hs: f64,
}

impl RollingPoint {
    /// Appends the point to `out`, or returns [`HashrateError::NonFiniteResult`] naming the
    /// first of its value and bounds that is not a finite non-negative number (an overflow from
    /// extreme works or work-times), so that no pass returns `inf` or `NaN` where the
    /// single-window estimators return an error.
    ///
    /// On the hot path of every pass: one branch in the common case, the point written straight
    /// into `out` and the error built out of line (returning a checked point by value through a
    /// `Result` cost the 2016-block pass 3.5× its time in store-forwarding stalls).
    #[inline(always)]
    pub(crate) fn push_checked(
        out: &mut Vec<RollingPoint>,
        height: u32,
        value_hs: f64,
        low_hs: f64,
        high_hs: f64,
    ) -> Result<(), HashrateError> {
        // The sum is below infinity only if no value is NaN or infinite (or so large that the
        // sum overflows, which the careful path sorts out); the minimum is then well defined.
        if value_hs + low_hs + high_hs < f64::INFINITY && value_hs.min(low_hs).min(high_hs) >= 0.0 {
            out.push(RollingPoint { height, value_hs, low_hs, high_hs });
            Ok(())
        } else {
            Self::push_checked_slowly(out, height, value_hs, low_hs, high_hs)
        }
    }

    #[cold]
    #[inline(never)]
    fn push_checked_slowly(
        out: &mut Vec<RollingPoint>,
        height: u32,
        value_hs: f64,
        low_hs: f64,
        high_hs: f64,
    ) -> Result<(), HashrateError> {
        for (what, v) in [
            ("rolling point estimate", value_hs),
            ("rolling lower bound", low_hs),
            ("rolling upper bound", high_hs),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(HashrateError::NonFiniteResult { what, value: v });
            }
        }
        out.push(RollingPoint { height, value_hs, low_hs, high_hs });
        Ok(())
    }
}

/// A fixed-block-count estimator evaluated at every block of a [`WorkTime`] in one O(n) pass.
///
/// # Method
///
/// Window sums come from the work-time prefix sums (O(1) each); the interval's quantiles are
/// computed once per (window, level) — for the timestamp-robust method, recomputed only when the
/// window's `n_eff` drifts by more than 1e-6 relative from the cached one. `run_into` fills a
/// caller's buffer and allocates nothing per block (only one scratch buffer per pass for
/// Core's min/max deques or the MTP endpoints).
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::{Rolling, RollingMethod};
/// use minerscope::stats::ConfidenceLevel;
///
/// let times: Vec<i64> = (0..=3000).map(|i| i * 600).collect();
/// let wt = WorkTime::from_parts(0, &times, &[6e20; 3001])?;
/// let roll = Rolling::new(RollingMethod::Unbiased, 2016)?;
/// let mut buf = Vec::new();
/// roll.run_into(&wt, ConfidenceLevel::P95, &mut buf)?;
/// assert_eq!(buf.len(), 3000 - 2016 + 1);
/// assert_eq!(buf[0].height, 2016);
/// assert!((buf[0].value_hs / 1e18 - 2015.0 / 2016.0).abs() < 1e-12);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rolling {
    method: RollingMethod,
    blocks: u32,
}

impl Rolling {
    /// A rolling pass over windows of `blocks` intervals.
    ///
    /// # Errors
    ///
    /// [`HashrateError::InvalidParameter`] if `blocks` is below the method's minimum (2 for the
    /// unbiased and robust estimators, 1 otherwise).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{HashrateError, Rolling, RollingMethod};
    ///
    /// assert_eq!(Rolling::new(RollingMethod::MaximumLikelihood, 1)?.blocks(), 1);
    /// // (n − 1)/S needs two intervals per window.
    /// let short = Rolling::new(RollingMethod::Unbiased, 1);
    /// assert!(matches!(short, Err(HashrateError::InvalidParameter { .. })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(method: RollingMethod, blocks: u32) -> Result<Self, HashrateError> {
        let min = match method {
            RollingMethod::Unbiased | RollingMethod::TimestampRobust(_) => 2,
            _ => 1,
        };
        if blocks < min {
            return Err(HashrateError::InvalidParameter {
                name: "blocks",
                value: f64::from(blocks),
                reason: "below the estimator's minimum window",
            });
        }
        Ok(Rolling { method, blocks })
    }

    /// Window length in intervals.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{Rolling, RollingMethod};
    ///
    /// assert_eq!(Rolling::new(RollingMethod::Unbiased, 2016)?.blocks(), 2016);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn blocks(&self) -> u32 {
        self.blocks
    }

    /// The method.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{Rolling, RollingMethod};
    ///
    /// let r = Rolling::new(RollingMethod::CoreCompatible, 120)?;
    /// assert_eq!(r.method(), RollingMethod::CoreCompatible);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn method(&self) -> RollingMethod {
        self.method
    }

    /// Allocating convenience for [`Rolling::run_into`].
    ///
    /// # Errors
    ///
    /// As [`Rolling::run_into`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{Rolling, RollingMethod};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=300).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(1_000, &times, &[6e20; 301])?;
    /// let pts = Rolling::new(RollingMethod::Unbiased, 144)?.run(&wt, ConfidenceLevel::P95)?;
    /// // One point per window end, heights 1 144 ..= 1 300.
    /// assert_eq!(pts.len(), 157);
    /// assert_eq!((pts[0].height, pts[156].height), (1_144, 1_300));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn run(
        &self,
        wt: &WorkTime,
        level: ConfidenceLevel,
    ) -> Result<Vec<RollingPoint>, HashrateError> {
        let mut out = Vec::new();
        self.run_into(wt, level, &mut out)?;
        Ok(out)
    }

    /// Fills `out` (cleared first) with one point per window end, heights
    /// `start + blocks ..= end` (MTP endpoints: `start + blocks + 10 ..= end`).
    ///
    /// # Errors
    ///
    /// [`HashrateError::WindowOutOfRange`] if the series is shorter than one window;
    /// [`HashrateError::NonPositiveWorkTime`] / [`HashrateError::ZeroElapsedTime`] naming the
    /// first window whose timestamps do not advance, [`HashrateError::NonFiniteResult`] for the
    /// first window whose value or bounds overflow (then `out` holds the points before it).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::{HashrateError, Rolling, RollingMethod};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=100).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 101])?;
    /// let mut buf = Vec::with_capacity(100);
    /// Rolling::new(RollingMethod::Unbiased, 50)?.run_into(
    ///     &wt,
    ///     ConfidenceLevel::P95,
    ///     &mut buf,
    /// )?;
    /// assert_eq!(buf.len(), 51);
    /// // A window longer than the series is an error (the buffer is cleared, not appended to).
    /// let err = Rolling::new(RollingMethod::Unbiased, 101)?.run_into(
    ///     &wt,
    ///     ConfidenceLevel::P95,
    ///     &mut buf,
    /// );
    /// assert!(matches!(err, Err(HashrateError::WindowOutOfRange { .. })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn run_into(
        &self,
        wt: &WorkTime,
        level: ConfidenceLevel,
        out: &mut Vec<RollingPoint>,
    ) -> Result<(), HashrateError> {
        out.clear();
        let n = self.blocks;
        let offset: u32 = match self.method {
            RollingMethod::TimestampRobust(r) if r.endpoints() == Endpoints::MedianTimePast => 10,
            _ => 0,
        };
        let first_to = n.checked_add(offset).and_then(|k| wt.start_height().checked_add(k));
        let first_to = match first_to {
            Some(h) if h <= wt.end_height() => h,
            _ => {
                return Err(HashrateError::WindowOutOfRange {
                    from: i64::from(wt.start_height()),
                    to: i64::from(wt.start_height()) + i64::from(n) + i64::from(offset),
                    start: i64::from(wt.start_height()),
                    end: i64::from(wt.end_height()),
                });
            }
        };
        out.reserve((wt.end_height() - first_to + 1) as usize);
        let pivot = ChiSquaredPivot::new(n, level)?;
        match self.method {
            RollingMethod::Unbiased => exact_pass(wt, n, first_to, &pivot, f64::from(n - 1), out),
            RollingMethod::MaximumLikelihood => {
                exact_pass(wt, n, first_to, &pivot, f64::from(n), out)
            }
            RollingMethod::CoreCompatible => core_pass(wt, n, first_to, &pivot, out),
            RollingMethod::TimestampRobust(r) => robust_pass(wt, n, first_to, r, level, out),
        }
    }
}

fn sums(wt: &WorkTime, from: u32, to: u32) -> Result<crate::chain::WindowSums, HashrateError> {
    wt.window(from, to).ok_or_else(|| block_range_error(wt, from, to))
}

fn exact_pass(
    wt: &WorkTime,
    n: u32,
    first_to: u32,
    pivot: &ChiSquaredPivot,
    numerator: f64,
    out: &mut Vec<RollingPoint>,
) -> Result<(), HashrateError> {
    let (lo, hi) = pivot.quantiles();
    let largest = numerator.max(lo).max(hi);
    // The first window starts at block index `first_to − n − start`.
    let first = first_to.saturating_sub(n).saturating_sub(wt.start_height());
    let mut sums = wt.trailing_work_times(n as usize, first as usize);
    for to in first_to..=wt.end_height() {
        let from = to - n;
        let s = sums.next().ok_or_else(|| block_range_error(wt, from, to))?;
        // Two comparisons, false for NaN, zero, negatives and infinity.
        if !(s > 0.0 && s < f64::INFINITY) {
            return Err(HashrateError::NonPositiveWorkTime { from, to, work_time: s });
        }
        let inv = 1.0 / s;
        // The three values are fixed non-negative constants times `inv > 0`, so all are finite
        // exactly when the largest is: one product to check per window on the hot path.
        if largest * inv < f64::INFINITY {
            out.push(RollingPoint {
                height: to,
                value_hs: numerator * inv,
                low_hs: lo * inv,
                high_hs: hi * inv,
            });
        } else {
            RollingPoint::push_checked(out, to, numerator * inv, lo * inv, hi * inv)?;
        }
    }
    Ok(())
}

fn core_pass(
    wt: &WorkTime,
    n: u32,
    first_to: u32,
    pivot: &ChiSquaredPivot,
    out: &mut Vec<RollingPoint>,
) -> Result<(), HashrateError> {
    let (lo, hi) = pivot.quantiles();
    let nf = f64::from(n);
    let times = wt.times();
    let window_len = n as usize + 1;
    // Monotone deques of indices: front is the max (resp. min) of the current lookup+1 blocks.
    let mut maxq: VecDeque<usize> = VecDeque::with_capacity(window_len + 1);
    let mut minq: VecDeque<usize> = VecDeque::with_capacity(window_len + 1);
    let first_idx = (first_to - wt.start_height()) as usize;
    for (i, &t) in times.iter().enumerate() {
        while maxq.back().and_then(|&j| times.get(j)).is_some_and(|&tj| tj <= t) {
            maxq.pop_back();
        }
        maxq.push_back(i);
        while minq.back().and_then(|&j| times.get(j)).is_some_and(|&tj| tj >= t) {
            minq.pop_back();
        }
        minq.push_back(i);
        if i < first_idx {
            continue;
        }
        let oldest = i + 1 - window_len;
        while maxq.front().is_some_and(|&j| j < oldest) {
            maxq.pop_front();
        }
        while minq.front().is_some_and(|&j| j < oldest) {
            minq.pop_front();
        }
        let tmax = maxq.front().and_then(|&j| times.get(j)).copied().unwrap_or(0);
        let tmin = minq.front().and_then(|&j| times.get(j)).copied().unwrap_or(0);
        let to = wt.start_height() + i as u32;
        let from = to - n;
        if tmax <= tmin {
            return Err(HashrateError::ZeroElapsedTime { from, to });
        }
        let v = sums(wt, from, to)?.work_hashes() / secs_between(tmax, tmin);
        RollingPoint::push_checked(out, to, v, v * lo / nf, v * hi / nf)?;
    }
    Ok(())
}

fn robust_pass(
    wt: &WorkTime,
    n: u32,
    first_to: u32,
    r: TimestampRobust,
    level: ConfidenceLevel,
    out: &mut Vec<RollingPoint>,
) -> Result<(), HashrateError> {
    let nf = f64::from(n);
    let times = wt.times();
    let work = wt.work_hashes();
    let start = wt.start_height();
    // MTP of every block with 10 predecessors, computed once (MTP endpoints only).
    let mtp: Vec<i64> = if r.endpoints() == Endpoints::MedianTimePast {
        times.windows(11).map(|w| median11(w).unwrap_or(0)).collect()
    } else {
        Vec::new()
    };
    let mut cached_neff = f64::NAN;
    let (mut g_lo, mut g_hi) = (0.0, 0.0);
    for to in first_to..=wt.end_height() {
        let from = to - n;
        let mut s = sums(wt, from, to)?.work_time();
        let (fi, ti) = ((from - start) as usize, (to - start) as usize);
        let w_first = work.get(fi + 1).copied().unwrap_or(1.0);
        let w_last = work.get(ti).copied().unwrap_or(1.0);
        if r.endpoints() == Endpoints::MedianTimePast {
            // mtp[k] is the MTP of block index k + 10.
            let m_from = mtp.get(fi - 10).copied().unwrap_or(0);
            let m_to = mtp.get(ti - 10).copied().unwrap_or(0);
            let t_from = times.get(fi).copied().unwrap_or(0);
            let t_to = times.get(ti).copied().unwrap_or(0);
            s += secs_between(m_to, t_to) / w_last - secs_between(m_from, t_from) / w_first;
        }
        if !(s.is_finite() && s > 0.0) {
            return Err(HashrateError::NonPositiveWorkTime { from, to, work_time: s });
        }
        let neff = r.effective_blocks(n, nf / s, w_first, w_last);
        check_noise(from, to, n, neff)?;
        let stale = (neff / cached_neff - 1.0).abs() > 1e-6 || cached_neff.is_nan();
        if stale {
            (g_lo, g_hi) = gamma_quantiles(neff, level)?;
            cached_neff = neff;
        }
        let scale = nf / cached_neff / s;
        RollingPoint::push_checked(out, to, (nf - 1.0) / s, g_lo * scale, g_hi * scale)?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "tests index known-length fixtures")]
mod tests {
    use super::*;
    use crate::hashrate::{CoreCompatible, Exact, HashrateEstimator, Window};

    fn wiggly(len: usize) -> WorkTime {
        let times: Vec<i64> =
            (0..len as i64).map(|i| i * 600 + ((i * 7919) % 1301) - 650).collect();
        let work: Vec<f64> = (0..len).map(|i| if i < len / 2 { 6e20 } else { 7.5e20 }).collect();
        WorkTime::from_parts(1000, &times, &work).unwrap()
    }

    #[test]
    fn rolling_matches_single_estimates() {
        let wt = wiggly(400);
        let l = ConfidenceLevel::P95;
        for (method, est) in [
            (RollingMethod::Unbiased, &Exact::unbiased() as &dyn HashrateEstimator),
            (RollingMethod::MaximumLikelihood, &Exact::mle()),
            (RollingMethod::CoreCompatible, &CoreCompatible),
        ] {
            let pts = Rolling::new(method, 50).unwrap().run(&wt, l).unwrap();
            assert_eq!(pts.len(), 400 - 50);
            for p in pts.iter().step_by(17) {
                let e = est.estimate(&wt, Window::trailing(p.height, 50).unwrap(), l).unwrap();
                let rel = |a: f64, b: f64| (a / b - 1.0).abs();
                assert!(rel(p.value_hs, e.value().to_hs()) < 1e-12, "{method:?} {}", p.height);
                assert!(rel(p.low_hs, e.interval().low().to_hs()) < 1e-12);
                assert!(rel(p.high_hs, e.interval().high().to_hs()) < 1e-12);
            }
        }
        for endpoints in [Endpoints::Raw, Endpoints::MedianTimePast] {
            let r = TimestampRobust::new(endpoints, 120.0).unwrap();
            let pts =
                Rolling::new(RollingMethod::TimestampRobust(r), 50).unwrap().run(&wt, l).unwrap();
            for p in pts.iter().step_by(13) {
                let e = r.estimate(&wt, Window::trailing(p.height, 50).unwrap(), l).unwrap();
                let rel = |a: f64, b: f64| (a / b - 1.0).abs();
                assert!(rel(p.value_hs, e.value().to_hs()) < 1e-12);
                assert!(rel(p.low_hs, e.interval().low().to_hs()) < 1e-5);
                assert!(rel(p.high_hs, e.interval().high().to_hs()) < 1e-5);
            }
        }
    }

    #[test]
    fn rejects_short_series_and_windows() {
        let wt = wiggly(30);
        assert!(Rolling::new(RollingMethod::Unbiased, 1).is_err());
        let r = Rolling::new(RollingMethod::Unbiased, 30).unwrap();
        assert!(matches!(
            r.run(&wt, ConfidenceLevel::P95),
            Err(HashrateError::WindowOutOfRange { .. })
        ));
    }
}
