//! Locating the onset of a change with a likelihood-ratio confidence set.

use crate::chain::WorkTime;

use super::prefix::Prefix;
use crate::stats::ConfidenceLevel;

use super::DetectError;

/// Shortest segment on either side of a candidate onset.
pub(crate) const MIN_SEGMENT: u32 = 10;

/// The estimated onset of a change: the first block mined at the new hashrate, with a
/// confidence set of heights.
///
/// # Examples
///
/// ```
/// # use minerscope::chain::WorkTime;
/// use minerscope::detect::locate_onset;
/// use minerscope::stats::ConfidenceLevel;
///
/// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
/// # let times: Vec<i64> =
/// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
/// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
/// let onset = locate_onset(&wt, 1000, 3000, 3000, ConfidenceLevel::P95)?;
/// assert_eq!(onset.height(), 2000);
/// let (low, high) = onset.height_interval();
/// assert!(low <= 2000 && 2000 <= high);
/// assert_eq!(onset.time(), wt.time_at(2000).ok_or("no block")?);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawOnset"))]
pub struct Onset {
    pub(crate) height: u32,
    pub(crate) time: i64,
    pub(crate) low_height: u32,
    pub(crate) high_height: u32,
    pub(crate) low_time: i64,
    pub(crate) high_time: i64,
    pub(crate) level: ConfidenceLevel,
}

/// The serialized form of an [`Onset`], checked on the way in: the maximum-likelihood onset
/// lies inside its confidence set, `low_height ≤ height ≤ high_height`. (The times are the
/// blocks' timestamps, which may run backwards, so they carry no order to check.)
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawOnset {
    height: u32,
    time: i64,
    low_height: u32,
    high_height: u32,
    low_time: i64,
    high_time: i64,
    level: ConfidenceLevel,
}

#[cfg(feature = "serde")]
impl TryFrom<RawOnset> for Onset {
    type Error = String;
    fn try_from(raw: RawOnset) -> Result<Self, String> {
        if !(raw.low_height <= raw.height && raw.height <= raw.high_height) {
            return Err(format!(
                "onset height {} must lie in its confidence set [{}, {}]",
                raw.height, raw.low_height, raw.high_height
            ));
        }
        let RawOnset { height, time, low_height, high_height, low_time, high_time, level } = raw;
        Ok(Onset { height, time, low_height, high_height, low_time, high_time, level })
    }
}

impl Onset {
    /// Height of the first block at the new rate (maximum-likelihood estimate).
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::locate_onset;
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// let onset = locate_onset(&wt, 1000, 3000, 3000, ConfidenceLevel::P95)?;
    /// // Block 2000 is the first one found after a 750 s gap.
    /// assert_eq!(onset.height(), 2000);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn height(&self) -> u32 {
        self.height
    }

    /// Timestamp of that block (Unix seconds).
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::locate_onset;
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// let onset = locate_onset(&wt, 1000, 3000, 3000, ConfidenceLevel::P95)?;
    /// // Block 2000 is 1999 blocks of 600 s and one of 750 s after block 0.
    /// assert_eq!(onset.time(), 1999 * 600 + 750);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn time(&self) -> i64 {
        self.time
    }

    /// The confidence interval of the onset height (hull of the likelihood-ratio set).
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::locate_onset;
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// let onset = locate_onset(&wt, 1000, 3000, 3000, ConfidenceLevel::P95)?;
    /// let (low, high) = onset.height_interval();
    /// assert!(low < 2000 && 2000 < high);
    /// // A 20 % drop is located to within a few hundred blocks.
    /// assert!(high - low < 400);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn height_interval(&self) -> (u32, u32) {
        (self.low_height, self.high_height)
    }

    /// The timestamps of the interval's end blocks (Unix seconds).
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::locate_onset;
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// let onset = locate_onset(&wt, 1000, 3000, 3000, ConfidenceLevel::P95)?;
    /// let (low, high) = onset.height_interval();
    /// let (t_low, t_high) = onset.time_interval();
    /// assert_eq!((Some(t_low), Some(t_high)), (wt.time_at(low), wt.time_at(high)));
    /// assert!(t_low < onset.time() && onset.time() < t_high);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn time_interval(&self) -> (i64, i64) {
        (self.low_time, self.high_time)
    }

    /// The interval's level.
    ///
    /// # Examples
    ///
    /// ```
    /// # use minerscope::chain::WorkTime;
    /// use minerscope::detect::locate_onset;
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
    /// # let times: Vec<i64> =
    /// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    /// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
    /// let onset = locate_onset(&wt, 1000, 3000, 3000, ConfidenceLevel::P95)?;
    /// assert_eq!(onset.level(), ConfidenceLevel::P95);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn level(&self) -> ConfidenceLevel {
        self.level
    }
}

/// The likelihood-ratio cut-off `c` for a change-point confidence set at `level`.
///
/// Around the true change point, the profile log-likelihood falls off on each side like a
/// random walk with negative drift `−KL` and variance `2·KL` per block (small changes), whose
/// all-time maximum exceeds `c` with probability `e^{−c}`; the two sides are independent, so
/// `{k : ℓ(k̂) − ℓ(k) ≤ c}` covers with probability `(1 − e^{−c})²` (Siegmund 1988,
/// "Confidence sets in change-point problems"). Solving gives `c = −ln(1 − √level)`:
/// 3.68 at 95 %. The discrete overshoot makes the set slightly conservative.
///
/// # Examples
///
/// ```
/// use minerscope::detect::onset_cutoff;
/// use minerscope::stats::ConfidenceLevel;
///
/// let c = onset_cutoff(ConfidenceLevel::P95);
/// assert!((c - 3.68).abs() < 0.005);
/// // Two independent sides, each covering with probability 1 − e^{−c}.
/// assert!(((1.0 - (-c).exp()).powi(2) - 0.95).abs() < 1e-12);
/// assert!(onset_cutoff(ConfidenceLevel::P99) > c);
/// ```
pub fn onset_cutoff(level: ConfidenceLevel) -> f64 {
    -(1.0 - level.to_f64().sqrt()).ln()
}

/// Maximised log-likelihood (up to constants) of `n` exponential work-times summing to `s`.
#[inline]
fn seg_loglik(n: f64, s: f64) -> f64 {
    if s > 0.0 { -n * (s / n).ln() } else { f64::NEG_INFINITY }
}

/// Locates a single change in the blocks `from + 1 ..= to` of `wt` by profile likelihood
/// (both rates free), returning the onset and its confidence set at `level`. Onsets are
/// restricted to heights `≤ latest` (an alarm cannot precede its change), while all blocks up
/// to `to` enter the likelihood (blocks after an alarm sharpen the onset).
///
/// # Errors
///
/// [`DetectError::HeightOutOfRange`] if the range is outside the series, and
/// [`DetectError::DegenerateWindow`] if it has fewer than `2·MIN_SEGMENT` blocks or no
/// candidate with positive work-time on both sides.
///
/// # Examples
///
/// ```
/// # use minerscope::chain::WorkTime;
/// use minerscope::detect::{locate_onset, DetectError};
/// use minerscope::stats::ConfidenceLevel;
///
/// // `wt`: blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000).
/// # let times: Vec<i64> =
/// #     (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
/// # let wt = WorkTime::from_parts(0, &times, &vec![6e20; 4000])?;
/// let onset = locate_onset(&wt, 1000, 3000, 3000, ConfidenceLevel::P95)?;
/// assert_eq!(onset.height(), 2000);
/// // Onsets after `latest` are not considered: capped at the block after 1900.
/// assert!(locate_onset(&wt, 1000, 3000, 1900, ConfidenceLevel::P95)?.height() <= 1900);
/// // Too few blocks to split.
/// assert!(matches!(
///     locate_onset(&wt, 1000, 1010, 1010, ConfidenceLevel::P95),
///     Err(DetectError::DegenerateWindow { .. })
/// ));
/// assert!(matches!(
///     locate_onset(&wt, 1000, 5000, 3000, ConfidenceLevel::P95),
///     Err(DetectError::HeightOutOfRange { height: 5000, .. })
/// ));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn locate_onset(
    wt: &WorkTime,
    from: u32,
    to: u32,
    latest: u32,
    level: ConfidenceLevel,
) -> Result<Onset, DetectError> {
    locate_onset_in(wt, &Prefix::of(wt), from, to, latest, level)
}

/// [`locate_onset`] on precomputed prefix sums.
pub(crate) fn locate_onset_in(
    wt: &WorkTime,
    prefix: &Prefix,
    from: u32,
    to: u32,
    latest: u32,
    level: ConfidenceLevel,
) -> Result<Onset, DetectError> {
    let (start, end) = (wt.start_height(), wt.end_height());
    for h in [from, to] {
        if h < start || h > end {
            return Err(DetectError::HeightOutOfRange { height: h, start, end });
        }
    }
    let degenerate = || DetectError::DegenerateWindow {
        what: "onset search range",
        blocks: u64::from(to.saturating_sub(from)),
        work_time: prefix.window(from, to).unwrap_or(0.0),
        min: u64::from(2 * MIN_SEGMENT),
    };
    if to < from || to - from < 2 * MIN_SEGMENT {
        return Err(degenerate());
    }
    // Candidate k = last block at the old rate; post-change blocks are k+1..=to.
    let lo_k = from + MIN_SEGMENT;
    let hi_k = (to - MIN_SEGMENT).min(latest.saturating_sub(1));
    if hi_k < lo_k {
        return Err(degenerate());
    }
    let ll = |k: u32| -> f64 {
        match (prefix.window(from, k), prefix.window(k, to)) {
            (Some(a), Some(b)) => {
                seg_loglik(f64::from(k - from), a) + seg_loglik(f64::from(to - k), b)
            }
            _ => f64::NEG_INFINITY,
        }
    };
    let mut best = (f64::NEG_INFINITY, lo_k);
    for k in lo_k..=hi_k {
        let l = ll(k);
        if l > best.0 {
            best = (l, k);
        }
    }
    if !best.0.is_finite() {
        return Err(degenerate());
    }
    let c = onset_cutoff(level);
    let inside = |k: u32| best.0 - ll(k) <= c;
    let low_k = (lo_k..=best.1).find(|&k| inside(k)).unwrap_or(best.1);
    let high_k = (best.1..=hi_k).rev().find(|&k| inside(k)).unwrap_or(best.1);
    let time = |h: u32| wt.time_at(h).unwrap_or_default();
    Ok(Onset {
        height: best.1 + 1,
        time: time(best.1 + 1),
        low_height: low_k + 1,
        high_height: high_k + 1,
        low_time: time(low_k + 1),
        high_time: time(high_k + 1),
        level,
    })
}
