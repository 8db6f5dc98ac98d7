use crate::chain::WorkTime;
use crate::hashrate::Estimate;
use crate::stats::ConfidenceLevel;

use super::baseline::BlockSum;
use super::prefix::Prefix;
use super::{DetectError, Direction, FalseAlarmTarget, windowed_glr};

/// One segment of constant hashrate found by [`pelt`].
///
/// # Examples
///
/// ```
/// # use minerscope::chain::WorkTime;
/// use minerscope::detect::{pelt, FalseAlarmTarget};
/// use minerscope::stats::ConfidenceLevel;
///
/// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
/// # let times: Vec<i64> =
/// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
/// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
/// let segments = pelt(&wt, FalseAlarmTarget::per_days(365.0)?, 10, 1, ConfidenceLevel::P95)?;
/// let [before, after] = segments.as_slice() else { panic!("two segments expected") };
/// // One segment per regime; they meet at the change.
/// assert_eq!(before.to_height(), after.from_height());
/// assert!(before.hashrate().value() > after.hashrate().value());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawSegment"))]
pub struct Segment {
    from_height: u32,
    to_height: u32,
    sums: BlockSum,
    hashrate: Estimate,
}

/// The serialized form of a [`Segment`], checked on the way in: a segment covers at least one
/// interval, and its block count is the number of intervals it covers.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawSegment {
    from_height: u32,
    to_height: u32,
    sums: BlockSum,
    hashrate: Estimate,
}

#[cfg(feature = "serde")]
impl TryFrom<RawSegment> for Segment {
    type Error = String;
    fn try_from(raw: RawSegment) -> Result<Self, String> {
        let RawSegment { from_height, to_height, sums, hashrate } = raw;
        let intervals = to_height.checked_sub(from_height).filter(|&n| n > 0);
        if intervals.map(u64::from) != Some(sums.blocks) {
            return Err(format!(
                "segment {from_height}..{to_height} must cover at least one interval and as many as its {} blocks",
                sums.blocks
            ));
        }
        Ok(Segment { from_height, to_height, sums, hashrate })
    }
}

impl Segment {
    /// The block before the segment's first interval (the segment covers the intervals ending
    /// at `from_height + 1 ..= to_height`).
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::{pelt, FalseAlarmTarget};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// let segments = pelt(&wt, FalseAlarmTarget::per_days(365.0)?, 10, 1, ConfidenceLevel::P95)?;
    /// let [before, after] = segments.as_slice() else { panic!("two segments expected") };
    /// assert_eq!(before.from_height(), 0);
    /// // The second segment's first interval ends at block 2000, the first slow block.
    /// assert_eq!(after.from_height(), 1999);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_height(&self) -> u32 {
        self.from_height
    }

    /// Last block of the segment.
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::{pelt, FalseAlarmTarget};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// let segments = pelt(&wt, FalseAlarmTarget::per_days(365.0)?, 10, 1, ConfidenceLevel::P95)?;
    /// let [before, after] = segments.as_slice() else { panic!("two segments expected") };
    /// assert_eq!(before.to_height(), 1999);
    /// assert_eq!(after.to_height(), wt.end_height());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_height(&self) -> u32 {
        self.to_height
    }

    /// Block count and work-time.
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::{pelt, FalseAlarmTarget};
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// let segments = pelt(&wt, FalseAlarmTarget::per_days(365.0)?, 10, 1, ConfidenceLevel::P95)?;
    /// let [before, after] = segments.as_slice() else { panic!("two segments expected") };
    /// // 2000 intervals of 750 s / 6·10²⁰ hashes each.
    /// assert_eq!(after.sums().blocks, 2000);
    /// assert!((after.sums().work_time - 2000.0 * 750.0 / 6e20).abs() < 1e-27);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn sums(&self) -> BlockSum {
        self.sums
    }

    /// The segment's hashrate, `(n−1)/S` with the exact χ² interval.
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::{pelt, FalseAlarmTarget};
    /// use minerscope::stats::ConfidenceLevel;
    /// use minerscope::units::Hashrate;
    ///
    /// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// let segments = pelt(&wt, FalseAlarmTarget::per_days(365.0)?, 10, 1, ConfidenceLevel::P95)?;
    /// let [before, after] = segments.as_slice() else { panic!("two segments expected") };
    /// assert!(before.hashrate().interval().contains(&Hashrate::from_ehs(1.0)?));
    /// assert!(after.hashrate().interval().contains(&Hashrate::from_ehs(0.8)?));
    /// assert!(!after.hashrate().interval().contains(&Hashrate::from_ehs(1.0)?));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn hashrate(&self) -> &Estimate {
        &self.hashrate
    }
}

/// The PELT penalty for a false-alarm target: twice (the cost is `−2·log-likelihood`) the
/// larger of the default drop and rise windowed-GLR thresholds for `target`, plus `2·ln 2` for
/// scanning both directions. A split is accepted when its log-likelihood gain exceeds what
/// would have raised an online GLR alarm at the same ARL0, so spurious change points occur at
/// roughly one per ARL0 blocks (measured in `tests/detect_eval.rs`).
///
/// # Examples
///
/// ```
/// use minerscope::detect::{penalty_for, Direction, FalseAlarmTarget, WindowedGlr};
///
/// let year = FalseAlarmTarget::per_days(365.0)?;
/// // Twice the larger windowed-GLR threshold (here the rise's) plus 2·ln 2.
/// let g = WindowedGlr::new(Direction::Rise, year)?.threshold();
/// assert!(g > WindowedGlr::new(Direction::Drop, year)?.threshold());
/// assert!((penalty_for(year) - 2.0 * (g + 2f64.ln())).abs() < 1e-12);
/// // Fewer spurious change points cost a higher penalty.
/// assert!(penalty_for(year) > penalty_for(FalseAlarmTarget::per_days(7.0)?));
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
pub fn penalty_for(target: FalseAlarmTarget) -> f64 {
    let g = windowed_glr::table_threshold(Direction::Drop, target)
        .max(windowed_glr::table_threshold(Direction::Rise, target));
    2.0 * (g + std::f64::consts::LN_2)
}

/// `−2·max log-likelihood` of `n` exponential work-times summing to `s`:
/// `2n·ln(s/n) + 2n` (SCIENCE.md §6.5); `+∞` when `s ≤ 0`.
#[inline]
fn cost(n: f64, s: f64) -> f64 {
    if s > 0.0 && n > 0.0 { 2.0 * n * (s / n).ln() + 2.0 * n } else { f64::INFINITY }
}

/// Offline segmentation of a whole series by PELT (Killick, Fearnhead & Eckley 2012) with the
/// exponential cost, penalty [`penalty_for`]`(target)` per change, segments of at least
/// `min_blocks` blocks, and change points restricted to multiples of `step` blocks after the
/// series start (`step = 1` for exact; larger steps trade onset resolution for speed — PELT's
/// pruning keeps it O(N) only when changes are frequent; a long constant stretch of N
/// candidates costs O(N²)).
///
/// Work-time sums telescope, so timestamp noise only enters at segment ends; a candidate
/// segment with non-positive work-time is never chosen.
///
/// # Errors
///
/// [`DetectError::EmptySeries`] for a series with fewer than `2·min_blocks` intervals,
/// [`DetectError::InvalidParameter`] for `min_blocks < 2` or `step == 0`, and
/// [`DetectError::DegenerateWindow`] if no segmentation has positive work-times.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::detect::{pelt, FalseAlarmTarget};
/// use minerscope::stats::ConfidenceLevel;
///
/// let mut times = vec![0i64];
/// for i in 1..4000 {
///     times.push(times[i - 1] + if i <= 2000 { 600 } else { 800 });
/// }
/// let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
/// let segs = pelt(&wt, FalseAlarmTarget::blocks(52_560.0)?, 10, 1, ConfidenceLevel::P95)?;
/// assert_eq!(segs.len(), 2);
/// assert_eq!(segs[0].to_height(), 2000);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn pelt(
    wt: &WorkTime,
    target: FalseAlarmTarget,
    min_blocks: u32,
    step: u32,
    level: ConfidenceLevel,
) -> Result<Vec<Segment>, DetectError> {
    if min_blocks < 2 || step == 0 {
        return Err(DetectError::InvalidParameter {
            name: if step == 0 { "pelt step" } else { "pelt min_blocks" },
            value: f64::from(if step == 0 { step } else { min_blocks }),
            reason: "min_blocks must be at least 2 and step at least 1",
        });
    }
    let start = wt.start_height();
    let total = wt.end_height() - start;
    if u64::from(total) < 2 * u64::from(min_blocks) {
        return Err(DetectError::EmptySeries { what: "series for pelt" });
    }
    let beta = penalty_for(target);
    // Candidate boundaries: offsets 0, step, 2·step, …, and the end.
    let mut bounds: Vec<u32> = (0..total).step_by(step as usize).collect();
    bounds.push(total);
    let prefix = Prefix::of(wt);
    // Double-double prefixes at the candidate bounds (see `prefix.rs`: plain f64 prefixes lose
    // late windows' precision on chains since genesis).
    let at = |off: u32| prefix.at(start + off).unwrap_or((0.0, 0.0));
    let sums: Vec<(f64, f64)> = bounds.iter().map(|&b| at(b)).collect();
    let diff = |a: (f64, f64), b: (f64, f64)| (b.0 - a.0) + (b.1 - a.1);
    let nb = bounds.len();
    let mut f = vec![f64::INFINITY; nb];
    let mut last = vec![0usize; nb];
    if let Some(f0) = f.first_mut() {
        *f0 = -beta;
    }
    let mut cands: Vec<usize> = vec![0];
    // `F(τ) + C(τ, t)` per candidate, reused by the pruning step (one logarithm per
    // candidate and block; the buffer is allocated once).
    let mut vals: Vec<f64> = Vec::new();
    for t in 1..nb {
        let (bt, st) =
            (bounds.get(t).copied().unwrap_or(0), sums.get(t).copied().unwrap_or((0.0, 0.0)));
        let mut best = (f64::INFINITY, 0usize);
        let seg_cost = |tau: usize| -> f64 {
            let bt0 = bounds.get(tau).copied().unwrap_or(0);
            if bt - bt0 < min_blocks {
                return f64::NAN; // not yet eligible
            }
            cost(f64::from(bt - bt0), diff(sums.get(tau).copied().unwrap_or((0.0, 0.0)), st))
        };
        vals.clear();
        for &tau in &cands {
            let fc = f.get(tau).copied().unwrap_or(f64::INFINITY) + seg_cost(tau);
            vals.push(fc);
            if fc + beta < best.0 {
                best = (fc + beta, tau);
            }
        }
        if let (Some(ft), Some(lt)) = (f.get_mut(t), last.get_mut(t)) {
            *ft = best.0;
            *lt = best.1;
        }
        let ft = best.0;
        // PELT pruning (K = 0 for this cost): drop τ that can never be optimal again. Keep
        // ineligible (too short) and infinite-cost (non-positive work-time) candidates.
        let mut k = 0usize;
        cands.retain(|_| {
            let fc = vals.get(k).copied().unwrap_or(f64::NAN);
            k += 1;
            !(fc.is_finite() && fc > ft)
        });
        cands.push(t);
    }
    if !f.last().is_some_and(|x| x.is_finite()) {
        return Err(DetectError::DegenerateWindow {
            what: "pelt series",
            blocks: u64::from(total),
            work_time: sums.last().map_or(0.0, |s| s.0 + s.1),
            min: u64::from(min_blocks),
        });
    }
    let mut cuts = vec![nb - 1];
    let mut t = nb - 1;
    while t > 0 {
        t = last.get(t).copied().unwrap_or(0);
        cuts.push(t);
    }
    cuts.reverse();
    cuts.windows(2)
        .filter_map(|w| match w {
            [a, b] => Some((*a, *b)),
            _ => None,
        })
        .map(|(a, b)| {
            let from = start + bounds.get(a).copied().unwrap_or(0);
            let to = start + bounds.get(b).copied().unwrap_or(0);
            let w = prefix.window(from, to).ok_or(DetectError::HeightOutOfRange {
                height: to,
                start,
                end: wt.end_height(),
            })?;
            let sums = BlockSum { blocks: u64::from(to - from), work_time: w };
            let hashrate = sums.estimate("pelt segment", level, from, to)?;
            Ok(Segment { from_height: from, to_height: to, sums, hashrate })
        })
        .collect()
}
