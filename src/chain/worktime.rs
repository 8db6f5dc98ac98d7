use super::consensus::work_to_f64;
use super::{BlockSeries, ChainError};

/// Largest timestamp magnitude `from_parts` accepts (±2^40 s, about ±35 000 years), so that
/// every difference of two timestamps is exact in `i64` and in `f64`.
const MAX_ABS_TIME: u64 = 1 << 40;

/// Sums over a window of consecutive block intervals, in O(1) from prefix sums.
///
/// The window covers the intervals that end at blocks `from_height + 1 ..= to_height`, i.e.
/// `n = to_height − from_height` intervals between `n + 1` blocks.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WindowSums {
    from_height: u32,
    to_height: u32,
    work_time: f64,
    elapsed_secs: i64,
    work_hashes: f64,
}

impl WindowSums {
    /// Height of the block that opens the window (its own interval is not counted).
    pub fn from_height(&self) -> u32 {
        self.from_height
    }

    /// Height of the last block of the window.
    pub fn to_height(&self) -> u32 {
        self.to_height
    }

    /// Number of intervals `n` (= number of blocks whose work is counted).
    pub fn intervals(&self) -> u32 {
        self.to_height - self.from_height
    }

    /// Work-time sum `S = Σ Δt_i / W_i`, in seconds per hash. Under a constant hashrate `H`,
    /// `S ~ Gamma(n, H)`. May be zero or negative when timestamps go backwards.
    pub fn work_time(&self) -> f64 {
        self.work_time
    }

    /// Timestamp difference between the last and first block of the window, in seconds.
    pub fn elapsed_secs(&self) -> i64 {
        self.elapsed_secs
    }

    /// Sum of the expected hashes `Σ W_i` of the `n` counted blocks.
    pub fn work_hashes(&self) -> f64 {
        self.work_hashes
    }
}

/// The work-time normalisation of a block series: for each block `i` after the first, with
/// expected work `W_i` and timestamp gap `Δt_i = t_i − t_{i−1}`, the work-time
/// `u_i = Δt_i / W_i` (seconds per hash).
///
/// Under a constant hashrate `H` the `u_i` are i.i.d. `Exponential(rate H)`, even across
/// difficulty retargets (SCIENCE.md §1.2). Prefix sums make any window's sums O(1), which is
/// what rolling estimators and detectors need.
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
    // of magnitude larger than recent ones and would otherwise quantise recent windows.
    u_prefix: Vec<(f64, f64)>,
    work_prefix: Vec<(f64, f64)>,
}

impl WorkTime {
    /// Builds the work-time representation of a validated series.
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
    /// slices differ in length, a work value is not finite or below one hash (no target needs
    /// less), or a timestamp is outside ±2^40 s, and
    /// [`ChainError::HeightOutOfRange`] if the heights overflow `u32`.
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
            work_hashes.iter().enumerate().find(|(_, w)| !(w.is_finite() && **w >= 1.0))
        {
            return Err(ChainError::InvalidField {
                field: format!("work_hashes[{i}]"),
                reason: format!("work must be finite and at least one hash, got {w}"),
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
                height: u64::from(start_height) + times.len() as u64,
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
        u_prefix.push((0.0, 0.0));
        work_prefix.push((0.0, 0.0));
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
            u_prefix.push((su, cu));
            work_prefix.push((sw, cw));
        }
        WorkTime { start_height, times, work, u, u_prefix, work_prefix }
    }

    /// Height of the first block.
    pub fn start_height(&self) -> u32 {
        self.start_height
    }

    /// Height of the last block.
    pub fn end_height(&self) -> u32 {
        // `from_parts`/`from_series` guarantee this fits.
        self.start_height + (self.times.len().saturating_sub(1) as u32)
    }

    /// Number of blocks.
    pub fn block_count(&self) -> usize {
        self.times.len()
    }

    /// The work-times `u_i`, one per block after the first; `intervals()[j]` belongs to the block
    /// at `start_height + j + 1`.
    pub fn intervals(&self) -> &[f64] {
        &self.u
    }

    /// Per-block timestamps, as `i64` seconds.
    pub fn times(&self) -> &[i64] {
        &self.times
    }

    /// Per-block expected work in hashes.
    pub fn work_hashes(&self) -> &[f64] {
        &self.work
    }

    /// Timestamp of the block at `height`.
    pub fn time_at(&self, height: u32) -> Option<i64> {
        self.times.get(self.index(height)?).copied()
    }

    /// Expected work of the block at `height`.
    pub fn work_at(&self, height: u32) -> Option<f64> {
        self.work.get(self.index(height)?).copied()
    }

    fn index(&self, height: u32) -> Option<usize> {
        usize::try_from(height.checked_sub(self.start_height)?).ok()
    }

    /// O(1) sums over the intervals ending at blocks `from + 1 ..= to`.
    ///
    /// Returns `None` unless `start_height <= from < to <= end_height`.
    pub fn window(&self, from: u32, to: u32) -> Option<WindowSums> {
        if from >= to {
            return None;
        }
        let a = self.index(from)?;
        let b = self.index(to)?;
        let diff = |p: &[(f64, f64)]| -> Option<f64> {
            let (hb, lb) = p.get(b)?;
            let (ha, la) = p.get(a)?;
            Some((hb - ha) + (lb - la))
        };
        let work_time = diff(&self.u_prefix)?;
        let work_hashes = diff(&self.work_prefix)?;
        let elapsed_secs = self.times.get(b)? - self.times.get(a)?;
        Some(WindowSums { from_height: from, to_height: to, work_time, elapsed_secs, work_hashes })
    }

    /// O(1) sums over the last `n` intervals ending at `to` (`window(to − n, to)`).
    pub fn trailing(&self, to: u32, n: u32) -> Option<WindowSums> {
        self.window(to.checked_sub(n)?, to)
    }
}

/// One step of Neumaier-compensated summation: adds `x` to the running `sum`, accumulating the
/// rounding error in `comp` (the true total is `sum + comp`). Shared with the detectors'
/// prefix sums over filtered work-times.
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
