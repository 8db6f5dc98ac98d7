//! Projection of the next difficulty retarget from the current period's partial data.

use chrono::{DateTime, Utc};

use crate::chain::WorkTime;
use crate::chain::consensus::{
    MAX_TIMESPAN_SECS, MIN_TIMESPAN_SECS, RETARGET_INTERVAL, TARGET_TIMESPAN_SECS, period_start,
};
use crate::stats::{ConfidenceLevel, Interval, quantile};
use crate::units::HASHES_PER_DIFFICULTY;

use super::HashrateError;
use super::window::block_range_error;

/// The projected next retarget: the difficulty change and the dates, each with a predictive
/// interval.
///
/// Deserializing checks what [`project_retarget`] guarantees: the period start is the tip's and
/// its retarget height fits `u32`, the remaining intervals are `2015 − (tip − period_start)`, the
/// rate window is non-empty and starts at or above height 0, each median lies in its interval, and
/// the difficulty change stays within the −75 % … +300 % clamp.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::project_retarget;
/// use minerscope::stats::ConfidenceLevel;
///
/// // Half a period (1 008 intervals) at 580 s per block, from the period starting at 806 400.
/// let times: Vec<i64> = (0..=1008).map(|i| 1_712_000_000 + i * 580).collect();
/// let wt = WorkTime::from_parts(806_400, &times, &[6e20; 1009])?;
/// let p = project_retarget(&wt, None, None, ConfidenceLevel::P95)?;
/// assert_eq!((p.tip(), p.period_start(), p.retarget_height()), (807_408, 806_400, 808_416));
/// assert_eq!((p.remaining_intervals(), p.rate_blocks()), (1_007, 1_008));
/// assert!(p.change_percent_interval().contains(&p.change_percent()));
/// assert!(p.period_end_unix_secs() < p.retarget_unix_secs());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawRetargetProjection"))]
pub struct RetargetProjection {
    tip: u32,
    period_start: u32,
    remaining_intervals: u32,
    rate_blocks: u32,
    change_percent: f64,
    change_percent_interval: Interval<f64>,
    period_end_secs: f64,
    period_end_interval: Interval<f64>,
    retarget_secs: f64,
    retarget_interval: Interval<f64>,
}

/// The serialized fields, checked on the way in as [`project_retarget`] guarantees them.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawRetargetProjection {
    tip: u32,
    period_start: u32,
    remaining_intervals: u32,
    rate_blocks: u32,
    change_percent: f64,
    change_percent_interval: Interval<f64>,
    period_end_secs: f64,
    period_end_interval: Interval<f64>,
    retarget_secs: f64,
    retarget_interval: Interval<f64>,
}

#[cfg(feature = "serde")]
impl TryFrom<RawRetargetProjection> for RetargetProjection {
    type Error = HashrateError;

    fn try_from(r: RawRetargetProjection) -> Result<Self, HashrateError> {
        let invalid = |name, value: u32, reason| HashrateError::InvalidParameter {
            name,
            value: f64::from(value),
            reason,
        };
        let h0 = checked_period_start(r.tip)?;
        if r.period_start != h0 {
            return Err(invalid("period_start", r.period_start, "is not the tip's period start"));
        }
        if r.remaining_intervals != remaining_intervals(r.tip, h0) {
            return Err(invalid(
                "remaining_intervals",
                r.remaining_intervals,
                "is not 2015 − (tip − period_start)",
            ));
        }
        check_rate_blocks(r.rate_blocks)?;
        if rate_window_start(r.tip, r.rate_blocks).is_none() {
            return Err(invalid(
                "rate_blocks",
                r.rate_blocks,
                "reaches below height 0 from the tip",
            ));
        }
        let (min, max) = change_percent_range();
        for (name, median, interval, range) in [
            ("change_percent", r.change_percent, r.change_percent_interval, (min, max)),
            ("period_end_secs", r.period_end_secs, r.period_end_interval, (f64::MIN, f64::MAX)),
            ("retarget_secs", r.retarget_secs, r.retarget_interval, (f64::MIN, f64::MAX)),
        ] {
            let (low, high) = (interval.low(), interval.high());
            if !(range.0 <= low && high <= range.1) {
                let value = if range.0 <= low { high } else { low };
                return Err(HashrateError::InvalidParameter {
                    name,
                    value,
                    reason: "its interval reaches outside the range a projection can give",
                });
            }
            if !interval.contains(&median) {
                return Err(HashrateError::InvalidParameter {
                    name,
                    value: median,
                    reason: "lies outside its own interval",
                });
            }
        }
        Ok(RetargetProjection {
            tip: r.tip,
            period_start: r.period_start,
            remaining_intervals: r.remaining_intervals,
            rate_blocks: r.rate_blocks,
            change_percent: r.change_percent,
            change_percent_interval: r.change_percent_interval,
            period_end_secs: r.period_end_secs,
            period_end_interval: r.period_end_interval,
            retarget_secs: r.retarget_secs,
            retarget_interval: r.retarget_interval,
        })
    }
}

impl RetargetProjection {
    /// The tip the projection was made from.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::project_retarget;
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=1008).map(|i| i * 580).collect();
    /// let wt = WorkTime::from_parts(806_400, &times, &[6e20; 1009])?;
    /// // Project from an earlier tip than the series' last block.
    /// let p = project_retarget(&wt, Some(807_000), None, ConfidenceLevel::P95)?;
    /// assert_eq!(p.tip(), 807_000);
    /// assert_eq!(p.rate_blocks(), 600); // every interval of the period up to that tip
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn tip(&self) -> u32 {
        self.tip
    }

    /// First height of the current period.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::project_retarget;
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=1008).map(|i| i * 580).collect();
    /// let wt = WorkTime::from_parts(806_400, &times, &[6e20; 1009])?;
    /// let p = project_retarget(&wt, None, None, ConfidenceLevel::P95)?;
    /// assert_eq!(p.period_start() % 2016, 0);
    /// assert_eq!(p.period_start(), 806_400);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn period_start(&self) -> u32 {
        self.period_start
    }

    /// Height of the first block with the new difficulty (`period_start + 2016`).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::project_retarget;
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=1008).map(|i| i * 580).collect();
    /// let wt = WorkTime::from_parts(806_400, &times, &[6e20; 1009])?;
    /// let p = project_retarget(&wt, None, None, ConfidenceLevel::P95)?;
    /// assert_eq!(p.retarget_height(), p.period_start() + 2016);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn retarget_height(&self) -> u32 {
        self.period_start + RETARGET_INTERVAL
    }

    /// Intervals still to come before the period's last block, `r = 2015 − m`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::project_retarget;
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=1008).map(|i| i * 580).collect();
    /// let wt = WorkTime::from_parts(806_400, &times, &[6e20; 1009])?;
    /// let p = project_retarget(&wt, None, None, ConfidenceLevel::P95)?;
    /// // 1 008 intervals seen, 2 015 in a period's timespan.
    /// assert_eq!(p.remaining_intervals(), 2015 - 1008);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn remaining_intervals(&self) -> u32 {
        self.remaining_intervals
    }

    /// Intervals the block rate was estimated from, `n`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::project_retarget;
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=1008).map(|i| i * 580).collect();
    /// let wt = WorkTime::from_parts(806_400, &times, &[6e20; 1009])?;
    /// // Estimate the block rate from the last 144 intervals only.
    /// let p = project_retarget(&wt, None, Some(144), ConfidenceLevel::P95)?;
    /// assert_eq!(p.rate_blocks(), 144);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn rate_blocks(&self) -> u32 {
        self.rate_blocks
    }

    /// Median projected difficulty change, percent (e.g. `3.5` for +3.5 %).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::project_retarget;
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // Steady 600 s blocks: no change expected.
    /// let times: Vec<i64> = (0..=1008).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(806_400, &times, &[6e20; 1009])?;
    /// let p = project_retarget(&wt, None, None, ConfidenceLevel::P95)?;
    /// assert!(p.change_percent().abs() < 0.1);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn change_percent(&self) -> f64 {
        self.change_percent
    }

    /// Predictive interval of the difficulty change, percent.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::project_retarget;
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=1008).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(806_400, &times, &[6e20; 1009])?;
    /// let p90 =
    ///     project_retarget(&wt, None, None, ConfidenceLevel::P90)?.change_percent_interval();
    /// let p99 =
    ///     project_retarget(&wt, None, None, ConfidenceLevel::P99)?.change_percent_interval();
    /// assert!(p90.low() < 0.0 && p90.high() > 0.0);
    /// assert!(p99.width() > p90.width());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn change_percent_interval(&self) -> Interval<f64> {
        self.change_percent_interval
    }

    /// Median projected timestamp of the period's last block (`period_start + 2015`), which
    /// fixes the new difficulty; Unix seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::project_retarget;
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=1008).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(806_400, &times, &[6e20; 1009])?;
    /// let p = project_retarget(&wt, None, None, ConfidenceLevel::P95)?;
    /// // About 1 007 more 600 s intervals after the tip's 604 800 s.
    /// assert!((p.period_end_unix_secs() - 2015.0 * 600.0).abs() < 1_200.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn period_end_unix_secs(&self) -> f64 {
        self.period_end_secs
    }

    /// Predictive interval of [`RetargetProjection::period_end_unix_secs`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::project_retarget;
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=1008).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(806_400, &times, &[6e20; 1009])?;
    /// let p = project_retarget(&wt, None, None, ConfidenceLevel::P95)?;
    /// let ci = p.period_end_interval();
    /// assert!(ci.contains(&p.period_end_unix_secs()));
    /// assert!(ci.low() > 604_800.0); // never before the tip
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn period_end_interval(&self) -> Interval<f64> {
        self.period_end_interval
    }

    /// Median projected time at which the retarget height is reached (first block with the new
    /// difficulty), Unix seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::project_retarget;
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=1008).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(806_400, &times, &[6e20; 1009])?;
    /// let p = project_retarget(&wt, None, None, ConfidenceLevel::P95)?;
    /// // One more interval than the period's end: about 600 s later.
    /// let gap = p.retarget_unix_secs() - p.period_end_unix_secs();
    /// assert!(gap > 300.0 && gap < 900.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn retarget_unix_secs(&self) -> f64 {
        self.retarget_secs
    }

    /// Predictive interval of [`RetargetProjection::retarget_unix_secs`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::project_retarget;
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let times: Vec<i64> = (0..=1008).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(806_400, &times, &[6e20; 1009])?;
    /// let p = project_retarget(&wt, None, None, ConfidenceLevel::P95)?;
    /// assert!(p.retarget_interval().contains(&p.retarget_unix_secs()));
    /// assert!(p.retarget_interval().high() > p.period_end_interval().high());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn retarget_interval(&self) -> Interval<f64> {
        self.retarget_interval
    }

    /// [`RetargetProjection::retarget_unix_secs`] as a date (`None` if out of chrono's range).
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::Datelike;
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::project_retarget;
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // Period starting 2024-04-01 19:33:20 UTC, 580 s blocks: the retarget lands mid-April.
    /// let times: Vec<i64> = (0..=1008).map(|i| 1_712_000_000 + i * 580).collect();
    /// let wt = WorkTime::from_parts(806_400, &times, &[6e20; 1009])?;
    /// let date = project_retarget(&wt, None, None, ConfidenceLevel::P95)?
    ///     .retarget_date()
    ///     .expect("in range");
    /// assert_eq!((date.year(), date.month()), (2024, 4));
    /// assert!((14..=16).contains(&date.day()));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn retarget_date(&self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp(self.retarget_secs.round() as i64, 0)
    }
}

/// Projects the next retarget from the tip `tip` (default: the series' tip).
///
/// # Method
///
/// With `m = tip − h0` intervals observed in the period that starts at `h0`, `r = 2015 − m`
/// remain before its last block. The block rate comes from the last `n` intervals (`n = m` by
/// default) with work-time `S`, expressed in seconds at the current difficulty. Under the
/// Jeffreys posterior for the rate, the remaining time `R` has the predictive law
///
/// ```text
/// R·n/(S·r) ~ F(2r, 2n)          ⇒  R ∈ S·(r/n)·[F(α/2; 2r, 2n), F(1−α/2; 2r, 2n)]
/// D_next/D = 1 209 600 / clamp(τ_obs + R, 302 400, 4 838 400)     (never below difficulty 1)
/// ```
///
/// covering both future Poisson noise and estimation error (SCIENCE.md §7.3). `τ_obs` spans
/// `t(tip) − t(h0)`, so the total is Core's 2015-interval timespan; the map to the difficulty
/// is monotone, so quantiles map directly. The retarget height is reached after `r + 1` more
/// intervals, projected the same way. Assumes a constant hashrate over the remainder.
///
/// # Errors
///
/// [`HashrateError::WindowOutOfRange`] if the period start or the rate window is not in the
/// series, [`HashrateError::InvalidParameter`] if no rate window is available (`m = 0` and
/// `rate_blocks = None`, or `rate_blocks = Some(0)`), [`HashrateError::NonPositiveWorkTime`] if
/// the rate window's work-time is not positive, [`HashrateError::InvalidParameter`] naming `tip`
/// if the period's retarget height `h0 + 2016` exceeds `u32::MAX` (tips from 4 294 967 040 on).
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::project_retarget;
/// use minerscope::stats::ConfidenceLevel;
///
/// // Half a period at 580 s per block (SCIENCE.md §7.3 example: median +3.5 %, [−1.0, +8.0] %).
/// let times: Vec<i64> = (0..=1008).map(|i| i * 580).collect();
/// let wt = WorkTime::from_parts(2016 * 400, &times, &[6e20; 1009])?;
/// let p = project_retarget(&wt, None, None, ConfidenceLevel::P95)?;
/// assert!((p.change_percent() - 3.5).abs() < 0.1);
/// assert!((p.change_percent_interval().low() + 1.0).abs() < 0.2);
/// assert!((p.change_percent_interval().high() - 8.0).abs() < 0.2);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn project_retarget(
    wt: &WorkTime,
    tip: Option<u32>,
    rate_blocks: Option<u32>,
    level: ConfidenceLevel,
) -> Result<RetargetProjection, HashrateError> {
    let tip = tip.unwrap_or_else(|| wt.end_height());
    let range = |from: u32, to: u32| block_range_error(wt, from, to);
    let h0 = checked_period_start(tip)?;
    let r = remaining_intervals(tip, h0);
    let t_tip = wt.time_at(tip).ok_or_else(|| range(h0, tip))?;
    let t_h0 = wt.time_at(h0).ok_or_else(|| range(h0, tip))?;
    let w_cur = wt.work_at(tip).ok_or_else(|| range(h0, tip))?;
    let n = check_rate_blocks(rate_blocks.unwrap_or(tip - h0))?;
    // A rate window reaching below genesis names its true (negative) first height.
    let from = rate_window_start(tip, n).ok_or_else(|| HashrateError::WindowOutOfRange {
        from: i64::from(tip) - i64::from(n),
        to: i64::from(tip),
        start: i64::from(wt.start_height()),
        end: i64::from(wt.end_height()),
    })?;
    let sums = wt.window(from, tip).ok_or_else(|| range(from, tip))?;
    let s = sums.work_time();
    if !(s.is_finite() && s > 0.0) {
        return Err(HashrateError::NonPositiveWorkTime { from, to: tip, work_time: s });
    }
    // Seconds per block at the current difficulty, summed: S in seconds.
    let s_secs = s * w_cur;
    let nf = f64::from(n);
    let remaining = |intervals: u32, p: f64| -> Result<f64, HashrateError> {
        if intervals == 0 {
            return Ok(0.0);
        }
        let rf = f64::from(intervals);
        Ok(s_secs * rf / nf * quantile::fisher_f(p, 2.0 * rf, 2.0 * nf)?)
    };
    let (pl, pu) = (level.lower_tail(), level.upper_tail());
    let tau = t_tip as f64 - t_h0 as f64;
    let d_cur = w_cur / HASHES_PER_DIFFICULTY;
    let change = |rem: f64| difficulty_change_percent(tau + rem, d_cur);
    let (r_lo, r_med, r_hi) = (remaining(r, pl)?, remaining(r, 0.5)?, remaining(r, pu)?);
    let (q_lo, q_med, q_hi) =
        (remaining(r + 1, pl)?, remaining(r + 1, 0.5)?, remaining(r + 1, pu)?);
    let t = t_tip as f64;
    let iv = |a: f64, b: f64| Interval::new(a.min(b), a.max(b), level);
    Ok(RetargetProjection {
        tip,
        period_start: h0,
        remaining_intervals: r,
        rate_blocks: n,
        change_percent: change(r_med),
        change_percent_interval: iv(change(r_hi), change(r_lo))?,
        period_end_secs: t + r_med,
        period_end_interval: iv(t + r_lo, t + r_hi)?,
        retarget_secs: t + q_med,
        retarget_interval: iv(t + q_lo, t + q_hi)?,
    })
}

/// The start of `tip`'s period, refused when the retarget height it implies, `period_start + 2016`,
/// is not a representable height (the projection reports it).
fn checked_period_start(tip: u32) -> Result<u32, HashrateError> {
    let h0 = period_start(tip);
    if h0.checked_add(RETARGET_INTERVAL).is_none() {
        return Err(HashrateError::InvalidParameter {
            name: "tip",
            value: f64::from(tip),
            reason: "its period's retarget height exceeds u32::MAX",
        });
    }
    Ok(h0)
}

/// Intervals after `tip` up to its period's last block, `r = 2015 − (tip − h0)`, for the period
/// start `h0 <= tip` of [`checked_period_start`].
fn remaining_intervals(tip: u32, h0: u32) -> u32 {
    RETARGET_INTERVAL - 1 - (tip - h0)
}

/// The block-rate window's length, refused when it is empty.
fn check_rate_blocks(n: u32) -> Result<u32, HashrateError> {
    if n == 0 {
        return Err(HashrateError::InvalidParameter {
            name: "rate_blocks",
            value: 0.0,
            reason: "no intervals to estimate the block rate from; pass rate_blocks",
        });
    }
    Ok(n)
}

/// First height of the block-rate window of `n` intervals ending at `tip`, if not below height 0.
fn rate_window_start(tip: u32, n: u32) -> Option<u32> {
    tip.checked_sub(n)
}

/// Difficulty change in percent for a period timespan of `span` seconds at current difficulty
/// `d_cur`, clamped as Core clamps it.
fn difficulty_change_percent(span: f64, d_cur: f64) -> f64 {
    let span = span.clamp(f64::from(MIN_TIMESPAN_SECS), f64::from(MAX_TIMESPAN_SECS));
    let ratio = f64::from(TARGET_TIMESPAN_SECS) / span;
    // Core caps the target at the proof-of-work limit: difficulty never drops below 1
    // (only meaningful on a mainnet-like chain, where the current difficulty is >= 1).
    let ratio = if d_cur >= 1.0 { ratio.max(1.0 / d_cur) } else { ratio };
    (ratio - 1.0) * 100.0
}

/// The range [`difficulty_change_percent`] can give: −75 % (the longest timespan) to +300 % (the shortest).
#[cfg(feature = "serde")]
fn change_percent_range() -> (f64, f64) {
    (difficulty_change_percent(f64::INFINITY, 0.0), difficulty_change_percent(0.0, 0.0))
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "tests index known-length fixtures")]
mod tests {
    use super::*;

    #[test]
    fn complete_period_is_exact_and_clamp_holds() {
        // Tip is the last block of the period: nothing remains, the change is determined.
        let times: Vec<i64> = (0..2016).map(|i| i * 300).collect(); // twice as fast
        let wt = WorkTime::from_parts(2016 * 10, &times, &[6e20; 2016]).unwrap();
        let p = project_retarget(&wt, None, None, ConfidenceLevel::P95).unwrap();
        assert_eq!(p.remaining_intervals(), 0);
        let exact = (1_209_600.0 / (2015.0 * 300.0) - 1.0) * 100.0;
        assert!((p.change_percent() - exact).abs() < 1e-9);
        assert_eq!(p.change_percent_interval().width(), 0.0);
        // 100× too fast: clamped at ×4.
        let fast: Vec<i64> = (0..1000).map(|i| i * 6).collect();
        let wt = WorkTime::from_parts(2016 * 10, &fast, &[6e20; 1000]).unwrap();
        let p = project_retarget(&wt, None, None, ConfidenceLevel::P95).unwrap();
        assert!((p.change_percent_interval().high() - 300.0).abs() < 1e-9);
        assert!(project_retarget(&wt, Some(2016 * 10), None, ConfidenceLevel::P95).is_err());
        // At difficulty 1, blocks 8× too slow: the ×¼ clamp would give −75 %, but the target
        // cannot exceed the proof-of-work limit, so the difficulty stays at 1.
        let slow: Vec<i64> = (0..1000).map(|i| i * 4800).collect();
        let w1 = crate::units::HASHES_PER_DIFFICULTY;
        let wt = WorkTime::from_parts(2016 * 10, &slow, &[w1; 1000]).unwrap();
        let p = project_retarget(&wt, None, None, ConfidenceLevel::P95).unwrap();
        assert!(p.change_percent_interval().low().abs() < 1e-9);
        assert!(project_retarget(&wt, None, Some(0), ConfidenceLevel::P95).is_err());
        assert!(project_retarget(&wt, None, Some(5000), ConfidenceLevel::P95).is_err());
    }
}
