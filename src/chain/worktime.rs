use super::consensus::work_to_f64;
use super::{BlockSeries, ChainError};

/// Largest timestamp magnitude `from_parts` accepts (±2^40 s, about ±35 000 years), so that
/// every difference of two timestamps is exact in `i64` and in `f64`.
const MAX_ABS_TIME: u64 = 1 << 40;

/// Largest work `from_parts` accepts: 2^256 hashes. No target needs more (the easiest valid
/// target is worth one hash, the hardest `2^255`), and with this bound every prefix sum of up
/// to 2^32 blocks stays far below `f64::MAX`, so window sums are always finite.
const MAX_WORK_HASHES: f64 = 1.157_920_892_373_162e77;

/// Sums over a window of consecutive block intervals, in O(1) from prefix sums (see
/// [`WorkTime::window`] for the one exception).
///
/// The window covers the intervals that end at blocks `from_height + 1 ..= to_height`, i.e.
/// `n = to_height − from_height` intervals between `n + 1` blocks.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
///
/// // Blocks at 0, 500, 1 300 and 1 900 s, each worth 6e20 hashes.
/// let wt = WorkTime::from_parts(10, &[0, 500, 1_300, 1_900], &[6e20; 4])?;
/// let w = wt.window(10, 13).expect("inside");
/// assert_eq!((w.from_height(), w.to_height(), w.intervals()), (10, 13, 3));
/// assert_eq!(w.elapsed_secs(), 1_900);
/// assert!((w.work_time() - 1_900.0 / 6e20).abs() < 1e-30);
/// assert_eq!(w.work_hashes(), 3.0 * 6e20);
/// # Ok::<_, minerscope::chain::ChainError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawWindowSums"))]
pub struct WindowSums {
    from_height: u32,
    to_height: u32,
    work_time: f64,
    elapsed_secs: i64,
    work_hashes: f64,
}

/// The serialized fields, checked on the way in as [`WorkTime::window`] guarantees them.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawWindowSums {
    from_height: u32,
    to_height: u32,
    work_time: f64,
    elapsed_secs: i64,
    work_hashes: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<RawWindowSums> for WindowSums {
    type Error = ChainError;

    fn try_from(r: RawWindowSums) -> Result<Self, ChainError> {
        let invalid = |field: &str, reason: String| ChainError::InvalidField {
            field: field.to_owned(),
            reason,
        };
        if r.from_height >= r.to_height {
            return Err(invalid(
                "to_height",
                format!("{} must exceed from_height {}", r.to_height, r.from_height),
            ));
        }
        if !r.work_time.is_finite() {
            return Err(invalid("work_time", format!("must be finite, got {}", r.work_time)));
        }
        if !(r.work_hashes.is_finite() && r.work_hashes > 0.0) {
            return Err(invalid(
                "work_hashes",
                format!("must be finite and positive, got {}", r.work_hashes),
            ));
        }
        Ok(WindowSums {
            from_height: r.from_height,
            to_height: r.to_height,
            work_time: r.work_time,
            elapsed_secs: r.elapsed_secs,
            work_hashes: r.work_hashes,
        })
    }
}

impl WindowSums {
    /// Height of the block that opens the window (its own interval is not counted).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    ///
    /// let wt = WorkTime::from_parts(100, &[0, 600, 1_200, 1_800], &[6e20; 4])?;
    /// assert_eq!(wt.trailing(103, 2).map(|w| w.from_height()), Some(101));
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    #[inline]
    pub fn from_height(&self) -> u32 {
        self.from_height
    }

    /// Height of the last block of the window.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    ///
    /// let wt = WorkTime::from_parts(100, &[0, 600, 1_200, 1_800], &[6e20; 4])?;
    /// assert_eq!(wt.window(100, 102).map(|w| w.to_height()), Some(102));
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    #[inline]
    pub fn to_height(&self) -> u32 {
        self.to_height
    }

    /// Number of intervals `n` (= number of blocks whose work is counted).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    ///
    /// let wt = WorkTime::from_parts(100, &[0, 600, 1_200, 1_800], &[6e20; 4])?;
    /// // Blocks 100..=103 are four blocks but three intervals.
    /// assert_eq!(wt.window(100, 103).map(|w| w.intervals()), Some(3));
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    #[inline]
    pub fn intervals(&self) -> u32 {
        self.to_height - self.from_height
    }

    /// Work-time sum `S = Σ Δt_i / W_i`, in seconds per hash. Under a constant hashrate `H`,
    /// `S ~ Gamma(n, H)`. May be zero or negative when timestamps go backwards.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    ///
    /// // A backwards timestamp makes an interval's work-time negative.
    /// let wt = WorkTime::from_parts(0, &[0, 600, 500], &[1e20; 3])?;
    /// assert!(wt.window(1, 2).expect("inside").work_time() < 0.0);
    /// assert!((wt.window(0, 2).expect("inside").work_time() - 500.0 / 1e20).abs() < 1e-30);
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    #[inline]
    pub fn work_time(&self) -> f64 {
        self.work_time
    }

    /// Timestamp difference between the last and first block of the window, in seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    ///
    /// let wt = WorkTime::from_parts(0, &[1_000, 1_600, 1_500], &[1e20; 3])?;
    /// assert_eq!(wt.window(0, 2).map(|w| w.elapsed_secs()), Some(500));
    /// assert_eq!(wt.window(1, 2).map(|w| w.elapsed_secs()), Some(-100));
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    #[inline]
    pub fn elapsed_secs(&self) -> i64 {
        self.elapsed_secs
    }

    /// Sum of the expected hashes `Σ W_i` of the `n` counted blocks.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    ///
    /// // The opening block's work is not counted: only blocks 1 and 2.
    /// let wt = WorkTime::from_parts(0, &[0, 600, 1_200], &[1e20, 2e20, 3e20])?;
    /// assert_eq!(wt.window(0, 2).map(|w| w.work_hashes()), Some(5e20));
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    #[inline]
    pub fn work_hashes(&self) -> f64 {
        self.work_hashes
    }
}

/// The work-time normalisation of a block series: for each block `i` after the first, with
/// expected work `W_i` and timestamp gap `Δt_i = t_i − t_{i−1}`, the work-time
/// `u_i = Δt_i / W_i` (seconds per hash).
///
/// Under a constant hashrate `H` the `u_i` are i.i.d. `Exponential(rate H)`, even across
/// difficulty retargets (SCIENCE.md §1.2). Compensated prefix sums make any window's sums O(1)
/// and exact to ~2^-46 relative (a window 2^60 times smaller than the sums before it is summed
/// directly), which is what rolling estimators and detectors need.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
///
/// // Three blocks, 600 s apart, each worth 6e20 hashes: 1 EH/s.
/// let wt = WorkTime::from_parts(100, &[0, 600, 1200], &[6e20, 6e20, 6e20])?;
/// let w = wt.window(100, 102).expect("inside");
/// assert_eq!(w.intervals(), 2);
/// assert!((w.intervals() as f64 / w.work_time() / 1e18 - 1.0).abs() < 1e-12);
/// # Ok::<_, minerscope::chain::ChainError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct WorkTime {
    start_height: u32,
    times: Vec<i64>,
    work: Vec<f64>,
    u: Vec<f64>,
    // Prefix sums as unevaluated pairs (running sum, Neumaier compensation): a window is
    // `(hi_b − hi_a) + (lo_b − lo_a)`, accurate even when early work-times (2009) are 13 orders
    // of magnitude larger than recent ones and would otherwise quantise recent windows. The
    // work-time triples also carry the prefix sum of |u|, the scale of their rounding (work is
    // positive, so `work_prefix` is its own scale); one array keeps rolling passes to one
    // memory stream per window end.
    u_prefix: Vec<(f64, f64, f64)>,
    work_prefix: Vec<(f64, f64)>,
}

/// A prefix-pair difference carries about 106 bits relative to the prefix sums' scale; when a
/// window's sum is more than `2^60` times smaller than that scale (fewer than ~46 bits left), it
/// is summed directly instead. On a mainnet series from genesis only windows of a few dozen
/// blocks near the tip reach this (early work-times are ~2^47 times larger than today's), so
/// the direct sum is short; on synthetic series with works spanning up to 2^256 it keeps windows
/// exact where the prefix difference would round to 0.
const PREFIX_SCALE_LIMIT: f64 = 1_152_921_504_606_846_976.0; // 2^60

impl WorkTime {
    /// Builds the work-time representation of a validated series.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, BlockSeries, WorkTime};
    ///
    /// let bits = CompactTarget::from_consensus(0x1d00ffff);
    /// let rec = |h: u32| {
    ///     BlockRecord::new(h, BlockHash::from_byte_array([h as u8; 32]), 600 * h, bits)
    /// };
    /// let series = BlockSeries::new(vec![rec(5)?, rec(6)?, rec(7)?])?;
    /// let wt = WorkTime::from_series(&series);
    /// assert_eq!((wt.start_height(), wt.end_height()), (5, 7));
    /// assert_eq!(wt.work_at(6), Some(4_295_032_833.0));
    /// assert_eq!(wt.time_at(7), Some(4_200));
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn from_series(series: &BlockSeries) -> Self {
        let times: Vec<i64> = series.records().iter().map(|r| i64::from(r.time())).collect();
        // Bits change once per 2016 blocks: convert each distinct run's work once.
        let mut cached: Option<(bitcoin::CompactTarget, f64)> = None;
        let work: Vec<f64> = series
            .records()
            .iter()
            .map(|r| match cached {
                Some((bits, w)) if bits == r.bits() => w,
                _ => {
                    let w = work_to_f64(r.work());
                    cached = Some((r.bits(), w));
                    w
                }
            })
            .collect();
        Self::build(series.start_height(), times, work)
    }

    /// Builds from plain per-block timestamps and expected work (hashes), the first block at
    /// `start_height`. Useful for synthetic data and for aggregated records.
    ///
    /// # Errors
    ///
    /// [`ChainError::EmptySeries`] if there are no blocks, [`ChainError::InvalidField`] if the
    /// slices differ in length, a work value is not finite, below one hash or above 2^256
    /// hashes (no target needs less or more), or a timestamp is outside ±2^40 s, and
    /// [`ChainError::HeightOutOfRange`] if the heights overflow `u32`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::{ChainError, WorkTime};
    ///
    /// let wt = WorkTime::from_parts(0, &[0, 600], &[6e20, 6e20])?;
    /// assert_eq!(wt.block_count(), 2);
    /// assert!(matches!(
    ///     WorkTime::from_parts(0, &[0, 600], &[6e20]),
    ///     Err(ChainError::InvalidField { .. })
    /// ));
    /// assert!(matches!(WorkTime::from_parts(0, &[], &[]), Err(ChainError::EmptySeries)));
    /// assert!(WorkTime::from_parts(0, &[0, 600], &[6e20, f64::NAN]).is_err());
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn from_parts(
        start_height: u32,
        times: &[i64],
        work_hashes: &[f64],
    ) -> Result<Self, ChainError> {
        if times.is_empty() {
            return Err(ChainError::EmptySeries);
        }
        if times.len() != work_hashes.len() {
            return Err(ChainError::InvalidField {
                field: "work_hashes".into(),
                reason: format!("{} work values for {} timestamps", work_hashes.len(), times.len()),
            });
        }
        if let Some((i, w)) =
            work_hashes.iter().enumerate().find(|(_, w)| !(1.0..=MAX_WORK_HASHES).contains(*w))
        {
            return Err(ChainError::InvalidField {
                field: format!("work_hashes[{i}]"),
                reason: format!("work must be between one hash and 2^256 hashes, got {w}"),
            });
        }
        if let Some((i, t)) =
            times.iter().enumerate().find(|(_, t)| t.unsigned_abs() > MAX_ABS_TIME)
        {
            return Err(ChainError::InvalidField {
                field: format!("times[{i}]"),
                reason: format!("timestamp {t} is outside ±2^40 seconds"),
            });
        }
        let last = u32::try_from(times.len() - 1).ok().and_then(|n| start_height.checked_add(n));
        if last.is_none() {
            return Err(ChainError::HeightOutOfRange {
                // The last block's height, which does not fit.
                height: u64::from(start_height) + (times.len() as u64 - 1),
                reason: "exceeds u32",
            });
        }
        Ok(Self::build(start_height, times.to_vec(), work_hashes.to_vec()))
    }

    fn build(start_height: u32, times: Vec<i64>, work: Vec<f64>) -> Self {
        let n = times.len().saturating_sub(1);
        let mut u = Vec::with_capacity(n);
        let mut u_prefix = Vec::with_capacity(n + 1);
        let mut work_prefix = Vec::with_capacity(n + 1);
        u_prefix.push((0.0, 0.0, 0.0));
        work_prefix.push((0.0, 0.0));
        let mut su_abs = 0.0f64;
        // Neumaier-compensated running sums keep prefix differences accurate over millions of
        // blocks.
        let (mut su, mut cu) = (0.0f64, 0.0f64);
        let (mut sw, mut cw) = (0.0f64, 0.0f64);
        for (pair, w) in times.windows(2).zip(work.iter().skip(1)) {
            let dt = match pair {
                [a, b] => (b - a) as f64,
                _ => 0.0,
            };
            let ui = dt / w;
            u.push(ui);
            neumaier(&mut su, &mut cu, ui);
            neumaier(&mut sw, &mut cw, *w);
            su_abs += ui.abs();
            u_prefix.push((su, cu, su_abs));
            work_prefix.push((sw, cw));
        }
        WorkTime { start_height, times, work, u, u_prefix, work_prefix }
    }

    /// Height of the first block.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    ///
    /// assert_eq!(
    ///     WorkTime::from_parts(840_000, &[0, 600], &[6e20; 2])?.start_height(),
    ///     840_000
    /// );
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    #[inline]
    pub fn start_height(&self) -> u32 {
        self.start_height
    }

    /// Height of the last block.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    ///
    /// assert_eq!(
    ///     WorkTime::from_parts(840_000, &[0, 600, 1_200], &[6e20; 3])?.end_height(),
    ///     840_002
    /// );
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    #[inline]
    pub fn end_height(&self) -> u32 {
        // `from_parts`/`from_series` guarantee this fits.
        self.start_height + (self.times.len().saturating_sub(1) as u32)
    }

    /// Number of blocks.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    ///
    /// let wt = WorkTime::from_parts(840_000, &[0, 600, 1_200], &[6e20; 3])?;
    /// assert_eq!(wt.block_count(), 3);
    /// assert_eq!(wt.intervals().len(), wt.block_count() - 1);
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn block_count(&self) -> usize {
        self.times.len()
    }

    /// The work-times `u_i`, one per block after the first; `intervals()[j]` belongs to the block
    /// at `start_height + j + 1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    ///
    /// // Work-times u_i = Δt_i / W_i: 600 s over 6e20 hashes, then 300 s over 3e20 hashes.
    /// let wt = WorkTime::from_parts(0, &[0, 600, 900], &[1e20, 6e20, 3e20])?;
    /// assert_eq!(wt.intervals(), [600.0 / 6e20, 300.0 / 3e20]);
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    #[inline]
    pub fn intervals(&self) -> &[f64] {
        &self.u
    }

    /// Per-block timestamps, as `i64` seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    ///
    /// let wt = WorkTime::from_parts(0, &[1_707_675_457, 1_707_676_057], &[6e20; 2])?;
    /// assert_eq!(wt.times(), [1_707_675_457, 1_707_676_057]);
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn times(&self) -> &[i64] {
        &self.times
    }

    /// Per-block expected work in hashes.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    ///
    /// let wt = WorkTime::from_parts(0, &[0, 600], &[5e20, 6e20])?;
    /// assert_eq!(wt.work_hashes(), [5e20, 6e20]);
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    #[inline]
    pub fn work_hashes(&self) -> &[f64] {
        &self.work
    }

    /// Timestamp of the block at `height`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    ///
    /// let wt = WorkTime::from_parts(100, &[0, 600, 1_200], &[6e20; 3])?;
    /// assert_eq!(wt.time_at(101), Some(600));
    /// assert_eq!(wt.time_at(99), None);
    /// assert_eq!(wt.time_at(103), None);
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    #[inline]
    pub fn time_at(&self, height: u32) -> Option<i64> {
        self.times.get(self.index(height)?).copied()
    }

    /// Expected work of the block at `height`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    ///
    /// let wt = WorkTime::from_parts(100, &[0, 600], &[5e20, 6e20])?;
    /// assert_eq!(wt.work_at(101), Some(6e20));
    /// assert_eq!(wt.work_at(102), None);
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    #[inline]
    pub fn work_at(&self, height: u32) -> Option<f64> {
        self.work.get(self.index(height)?).copied()
    }

    #[inline]
    fn index(&self, height: u32) -> Option<usize> {
        usize::try_from(height.checked_sub(self.start_height)?).ok()
    }

    /// Sums over the intervals ending at blocks `from + 1 ..= to`: O(1) from compensated
    /// prefix sums, or summed directly when the window's sum is more than 2^60 times smaller
    /// than the sums before it (so that no window loses precision, whatever the spread of
    /// works; on mainnet data only short windows near the tip take the direct path).
    ///
    /// Returns `None` unless `start_height <= from < to <= end_height`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    ///
    /// let times: Vec<i64> = (0..=144).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[6e20; 145])?;
    /// // A day of 600 s blocks at 6e20 hashes each: exactly 1 EH/s.
    /// let day = wt.window(0, 144).expect("inside");
    /// assert!((f64::from(day.intervals()) / day.work_time() / 1e18 - 1.0).abs() < 1e-12);
    /// assert!(wt.window(5, 5).is_none()); // empty window
    /// assert!(wt.window(0, 145).is_none()); // past the tip
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    #[inline]
    pub fn window(&self, from: u32, to: u32) -> Option<WindowSums> {
        if from >= to {
            return None;
        }
        let a = self.index(from)?;
        let b = self.index(to)?;
        let (&(hb, lb, u_scale), &(ha, la, _)) = (self.u_prefix.get(b)?, self.u_prefix.get(a)?);
        let mut work_time = (hb - ha) + (lb - la);
        let (&(hb, lb), &(ha, la)) = (self.work_prefix.get(b)?, self.work_prefix.get(a)?);
        let mut work_hashes = (hb - ha) + (lb - la);
        // Sums and scales are finite (`from_parts` bounds times and works), and a scale of 0
        // never takes the direct path.
        if u_scale > PREFIX_SCALE_LIMIT * work_time.abs() {
            work_time = self.direct_work_time(a, b)?;
        }
        if self.work_prefix.get(b)?.0 > PREFIX_SCALE_LIMIT * work_hashes.abs() {
            work_hashes = self.direct_work_hashes(a, b)?;
        }
        let elapsed_secs = self.times.get(b)? - self.times.get(a)?;
        Some(WindowSums { from_height: from, to_height: to, work_time, elapsed_secs, work_hashes })
    }

    /// The work-time of every window of `n` intervals from the one starting at block index
    /// `first` on, in order: item `k` is `window(h, h + n).work_time()` for
    /// `h = start_height + first + k`. One pass over the prefix sums (no per-window lookups or
    /// bounds checks); rolling estimators use it. Empty when `n` is 0 or no such window fits.
    pub(crate) fn trailing_work_times(
        &self,
        n: usize,
        first: usize,
    ) -> impl Iterator<Item = f64> + '_ {
        let end = first.checked_add(n).filter(|_| n > 0).unwrap_or(usize::MAX);
        let starts = self.u_prefix.get(first..).unwrap_or_default();
        let ends = self.u_prefix.get(end..).unwrap_or_default();
        starts.iter().zip(ends).enumerate().map(move |(k, (&(ha, la, _), &(hb, lb, scale)))| {
            let s = (hb - ha) + (lb - la);
            if scale <= PREFIX_SCALE_LIMIT * s.abs() {
                s
            } else {
                self.direct_work_time(first + k, end + k).unwrap_or(s)
            }
        })
    }

    /// The work-time of the intervals ending at blocks `a + 1 ..= b` (indices) added up
    /// directly, for a window whose prefix difference would keep fewer than ~46 bits (see
    /// [`PREFIX_SCALE_LIMIT`]); out of line, as it is rare.
    #[cold]
    #[inline(never)]
    fn direct_work_time(&self, a: usize, b: usize) -> Option<f64> {
        Some(compensated_sum(self.u.get(a..b)?))
    }

    /// The work of blocks `a + 1 ..= b` (indices) added up directly, as
    /// [`direct_work_time`](Self::direct_work_time).
    #[cold]
    #[inline(never)]
    fn direct_work_hashes(&self, a: usize, b: usize) -> Option<f64> {
        Some(compensated_sum(self.work.get(a + 1..=b)?))
    }

    /// O(1) sums over the last `n` intervals ending at `to` (`window(to − n, to)`).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    ///
    /// let wt = WorkTime::from_parts(0, &[0, 600, 1_200, 1_800], &[6e20; 4])?;
    /// assert_eq!(wt.trailing(3, 2), wt.window(1, 3));
    /// assert!(wt.trailing(3, 4).is_none()); // would start before the first block
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    #[inline]
    pub fn trailing(&self, to: u32, n: u32) -> Option<WindowSums> {
        self.window(to.checked_sub(n)?, to)
    }
}

/// Neumaier-compensated sum of `xs`.
fn compensated_sum(xs: &[f64]) -> f64 {
    let (mut sum, mut comp) = (0.0, 0.0);
    for &x in xs {
        neumaier(&mut sum, &mut comp, x);
    }
    sum + comp
}

/// One step of Neumaier-compensated summation: adds `x` to the running `sum`, accumulating the
/// rounding error in `comp` (the true total is `sum + comp`). Shared with the detectors'
/// prefix sums over filtered work-times.
#[inline]
pub(crate) fn neumaier(sum: &mut f64, comp: &mut f64, x: f64) {
    let t = *sum + x;
    if sum.abs() >= x.abs() {
        *comp += (*sum - t) + x;
    } else {
        *comp += (x - t) + *sum;
    }
    *sum = t;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_work_is_two_to_the_256() {
        assert_eq!(MAX_WORK_HASHES, 2f64.powi(256));
    }

    /// Works 2^200 apart: the prefix sums before the window are 2^106 and more times larger
    /// than the window's sums, which a prefix difference rounded to 0 (found by a property
    /// test over works in [1, 2^256]); such windows are summed directly.
    #[test]
    fn windows_far_below_the_prefix_scale_are_exact() {
        let wt = WorkTime::from_parts(0, &[0, 0, 0, 0], &[1.0, 1.229e31, 2.842e60, 1.0]).unwrap();
        assert_eq!(wt.window(2, 3).unwrap().work_hashes(), 1.0);
        let top = 2f64.powi(256);
        let wt = WorkTime::from_parts(0, &[0, 1, 2, 3], &[1.0, 1.0, 8.35e49, top]).unwrap();
        assert_eq!(wt.window(2, 3).unwrap().work_time(), 1.0 / top);
        // Windows that include the large terms still come from the prefix sums.
        assert_eq!(wt.window(0, 3).unwrap().work_time(), 1.0 + 1.0 / 8.35e49 + 1.0 / top);
    }

    /// Work-times since genesis span 13 orders of magnitude: a recent window must still be
    /// exact to ~1e-12 relative (plain f64 prefix sums lose it entirely).
    #[test]
    fn recent_windows_stay_accurate_after_huge_early_values() {
        let n = 10_000usize;
        let times: Vec<i64> = (0..n as i64).map(|i| i * 600).collect();
        // First half: genesis-like work (4.3e9 hashes); second half: 2024-like (5e23).
        let work: Vec<f64> = (0..n).map(|i| if i < n / 2 { 4.3e9 } else { 5e23 }).collect();
        let wt = WorkTime::from_parts(0, &times, &work).unwrap();
        let last = (n - 1) as u32;
        let w = wt.window(last - 144, last).unwrap();
        let naive: f64 = (0..144).map(|_| 600.0 / 5e23).sum();
        assert!((w.work_time() / naive - 1.0).abs() < 1e-12, "{} vs {naive}", w.work_time());
    }
}
