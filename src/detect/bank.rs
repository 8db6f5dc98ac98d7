use super::cusum::Cusum;
use super::detector::{Alarm, Detector};
use super::{DetectError, Direction, FalseAlarmTarget, Shift, montecarlo};

/// Drop sizes of the default unknown-size drop bank: a geometric grid doubling from the
/// smallest drop of interest (5 %) to 40 %.
///
/// # Examples
///
/// ```
/// use minerscope::detect::{CusumBank, FalseAlarmTarget, DEFAULT_DROP_GRID};
///
/// // Each size doubles the previous one.
/// assert!(DEFAULT_DROP_GRID.windows(2).all(|w| w[1] == 2.0 * w[0]));
/// let bank = CusumBank::drops(FalseAlarmTarget::blocks(2016.0)?)?;
/// let sizes: Vec<f64> = bank.members().iter().map(|m| m.shift().fraction()).collect();
/// assert!(sizes.iter().zip(DEFAULT_DROP_GRID).all(|(a, b)| (a - b).abs() < 1e-15));
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
pub const DEFAULT_DROP_GRID: [f64; 4] = [0.05, 0.10, 0.20, 0.40];

/// The joint-calibration table of the default banks: `(ARL0 blocks, inflation c)` — each
/// member CUSUM gets the exact threshold for `c·ARL0`, so that the bank as a whole (alarm
/// when any member crosses) has ARL0. Produced offline by [`CusumBank::calibrate_inflation`]
/// (seed 2024, 4000 replications below ARL0 = 10 000 and 1500 at 10 000; the 52 560 entry
/// re-run with 4000 replications, seed 2025; Monte-Carlo s.e. of the bank ARL0 ≈ 1.6–2.6 %),
/// interpolated linearly in `ln ARL0` (see `interpolate` outside the table).
/// Regenerate with `cargo test --release --test detect_calibration -- --ignored --nocapture`.
const DROP_BANK_TABLE: [(f64, f64); 7] = [
    (200.0, 1.4238),
    (500.0, 1.5360),
    (1000.0, 1.6886),
    (2016.0, 1.8565),
    (4320.0, 2.0081),
    (10_000.0, 2.2500),
    (52_560.0, 2.6685),
];

/// As [`DROP_BANK_TABLE`] for the default rise bank (ratios `1/(1−δ)` over the same grid).
const RISE_BANK_TABLE: [(f64, f64); 7] = [
    (200.0, 1.3971),
    (500.0, 1.5485),
    (1000.0, 1.7350),
    (2016.0, 1.9439),
    (4320.0, 2.1604),
    (10_000.0, 2.2930),
    (52_560.0, 2.7417),
];

/// A bank of CUSUMs over a grid of change sizes, alarming when any member crosses its
/// threshold — the detector for a drop (or rise) of **unknown** size.
///
/// The unknown-size GLR statistic is `sup_ρ CUSUM_ρ` (the maximum over change points and sizes
/// commutes); a bank evaluates it on a grid of `ρ`, at O(grid) cost per block, and gives each
/// member its own exact threshold `h_j = h(ρ_j, c·ARL0)` with one common inflation `c ≥ 1`
/// calibrated jointly by simulation so that the bank's ARL0 is the target. Because members
/// are strongly correlated, `c` is well below the Bonferroni value (the grid size), which is
/// why the bank comes within ~20 % of the delay of a CUSUM that knows the true size at grid
/// points (the price of not knowing it), and degrades gracefully between them. [`Glr`] is the
/// same construction on a denser (√2) grid, with the maximum-likelihood size at the alarm.
///
/// [`Glr`]: super::Glr
///
/// # Examples
///
/// ```
/// use minerscope::detect::{CusumBank, Detector, FalseAlarmTarget};
///
/// let mut bank = CusumBank::drops(FalseAlarmTarget::blocks(2016.0)?)?;
/// let alarm = (0..5000).find_map(|_| bank.update(1.5)).expect("a 33 % drop is found");
/// assert!(alarm.ratio() < 1.0);
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "CusumBankRaw"))]
pub struct CusumBank {
    members: Vec<Cusum>,
    inflation: f64,
    n: u64,
}

impl CusumBank {
    /// The default unknown-size drop detector: drops of 5, 10, 20 and 40 %, jointly
    /// calibrated to `target` (known `r0`). The calibration table spans ARL0 = 200 to
    /// 52 560 blocks; below it the inflation is the table's first (conservative), above it
    /// the trend is extended up to the Bonferroni inflation (the grid size, 4).
    ///
    /// # Errors
    ///
    /// As [`cusum_threshold`](super::calibration::cusum_threshold).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{CusumBank, Detector, Direction, FalseAlarmTarget};
    ///
    /// let mut bank = CusumBank::drops(FalseAlarmTarget::blocks(2016.0)?)?;
    /// assert_eq!(bank.members().len(), 4);
    /// assert!(bank.members().iter().all(|m| m.shift().direction() == Direction::Drop));
    /// // At one ARL0, larger designed drops get larger thresholds.
    /// assert!(bank.members().windows(2).all(|w| w[0].threshold() < w[1].threshold()));
    /// // A bank of drop detectors never alarms on a rise.
    /// assert!((0..20_000).all(|_| bank.update(0.5).is_none()));
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn drops(target: FalseAlarmTarget) -> Result<Self, DetectError> {
        let shifts = drop_grid()?;
        Self::with_inflation(
            &shifts,
            target,
            interpolate(&DROP_BANK_TABLE, target, DEFAULT_DROP_GRID.len()),
        )
    }

    /// The default unknown-size rise (recovery) detector: rises by `1/(1−δ)` for the drops of
    /// [`DEFAULT_DROP_GRID`] (+5.3, +11, +25, +67 %), jointly calibrated to `target`.
    ///
    /// # Errors
    ///
    /// As [`cusum_threshold`](super::calibration::cusum_threshold).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{CusumBank, Detector, Direction, FalseAlarmTarget};
    ///
    /// let mut bank = CusumBank::rises(FalseAlarmTarget::blocks(2016.0)?)?;
    /// // The rise that undoes a 20 % drop: ρ = 1/0.8 = 1.25.
    /// assert!((bank.members()[2].shift().ratio() - 1.25).abs() < 1e-12);
    /// // Work-times 20 % shorter than the baseline's: the rate rose by 25 %.
    /// let alarm = (0..5000).find_map(|_| bank.update(0.8)).expect("found");
    /// assert_eq!(alarm.direction(), Direction::Rise);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn rises(target: FalseAlarmTarget) -> Result<Self, DetectError> {
        let shifts = rise_grid()?;
        Self::with_inflation(
            &shifts,
            target,
            interpolate(&RISE_BANK_TABLE, target, DEFAULT_DROP_GRID.len()),
        )
    }

    /// A bank over `shifts` where every member's threshold is the exact CUSUM threshold for
    /// `inflation × ARL0`. Use [`CusumBank::calibrate_inflation`] to find the inflation that
    /// makes the bank's own ARL0 equal `target`; `inflation = shifts.len()` is a conservative
    /// (Bonferroni) choice without simulation.
    ///
    /// # Errors
    ///
    /// [`DetectError::EmptySeries`] for an empty grid, [`DetectError::InvalidParameter`] for
    /// an inflation that is not finite or below 1, and as [`cusum_threshold`](super::calibration::cusum_threshold).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{CusumBank, DetectError, FalseAlarmTarget, Shift};
    /// use minerscope::detect::calibration::cusum_threshold;
    ///
    /// let shifts = [Shift::drop(0.1)?, Shift::drop(0.3)?];
    /// let target = FalseAlarmTarget::blocks(1000.0)?;
    /// // Bonferroni: each member gets ARL0 = 2 × 1000; by the union bound the bank's false-alarm
    /// // rate is then at most about 1/1000 per block.
    /// let bank = CusumBank::with_inflation(&shifts, target, 2.0)?;
    /// let h = cusum_threshold(shifts[0], FalseAlarmTarget::blocks(2000.0)?)?;
    /// assert!((bank.members()[0].threshold() - h).abs() < 1e-9);
    /// assert!(matches!(CusumBank::with_inflation(&[], target, 2.0), Err(DetectError::EmptySeries { .. })));
    /// assert!(matches!(
    ///     CusumBank::with_inflation(&shifts, target, 0.5),
    ///     Err(DetectError::InvalidParameter { name: "bank inflation", .. })
    /// ));
    /// # Ok::<_, DetectError>(())
    /// ```
    pub fn with_inflation(
        shifts: &[Shift],
        target: FalseAlarmTarget,
        inflation: f64,
    ) -> Result<Self, DetectError> {
        check_grid(shifts, inflation)?;
        let member_target = target.scaled(inflation);
        let members =
            shifts.iter().map(|&s| Cusum::new(s, member_target)).collect::<Result<Vec<_>, _>>()?;
        Ok(CusumBank { members, inflation, n: 0 })
    }

    /// As [`CusumBank::with_inflation`], with every member's threshold calibrated for a
    /// baseline `r0` estimated from `reference_blocks` blocks
    /// ([`cusum_threshold_estimated_baseline`](super::calibration::cusum_threshold_estimated_baseline)):
    /// the false-alarm rate averaged over the reference window's sampling error meets the
    /// target. The joint inflation is the known-`r0` one (an approximation, checked by
    /// simulation in `tests/detect_eval.rs`). Small drops with short references need much
    /// higher thresholds: a 2016-block baseline (±2.2 %) is half a 5 % drop.
    ///
    /// # Errors
    ///
    /// As [`CusumBank::with_inflation`], and [`DetectError::InvalidParameter`] if
    /// `reference_blocks < 2`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{CusumBank, FalseAlarmTarget, Shift};
    ///
    /// let shifts = [Shift::drop(0.1)?, Shift::drop(0.3)?];
    /// let target = FalseAlarmTarget::blocks(500.0)?;
    /// let known = CusumBank::with_inflation(&shifts, target, 1.5)?;
    /// let estimated = CusumBank::with_estimated_baseline(&shifts, target, 1.5, 1000)?;
    /// // An estimated r0 needs higher thresholds, most of all for the small drop.
    /// let raise: Vec<f64> = known
    ///     .members()
    ///     .iter()
    ///     .zip(estimated.members())
    ///     .map(|(k, e)| e.threshold() - k.threshold())
    ///     .collect();
    /// assert!(raise[0] > raise[1] && raise[1] > 0.0);
    /// assert!(CusumBank::with_estimated_baseline(&shifts, target, 1.5, 1).is_err());
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn with_estimated_baseline(
        shifts: &[Shift],
        target: FalseAlarmTarget,
        inflation: f64,
        reference_blocks: u64,
    ) -> Result<Self, DetectError> {
        check_grid(shifts, inflation)?;
        let member_target = target.scaled(inflation);
        let members = shifts
            .iter()
            .map(|&s| {
                let h = super::calibration::cusum_threshold_estimated_baseline(
                    s,
                    member_target,
                    reference_blocks,
                )?;
                Cusum::with_threshold(s, h)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(CusumBank { members, inflation, n: 0 })
    }

    /// The default drop bank ([`CusumBank::drops`]) corrected for a baseline estimated from
    /// `reference_blocks` blocks (see [`CusumBank::with_estimated_baseline`]).
    ///
    /// # Errors
    ///
    /// As [`CusumBank::with_estimated_baseline`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{CusumBank, FalseAlarmTarget};
    ///
    /// let target = FalseAlarmTarget::blocks(500.0)?;
    /// let known = CusumBank::drops(target)?;
    /// let corrected = CusumBank::drops_estimated_baseline(target, 2016)?;
    /// assert_eq!(corrected.inflation(), known.inflation()); // same joint inflation
    /// assert!(known
    ///     .members()
    ///     .iter()
    ///     .zip(corrected.members())
    ///     .all(|(k, c)| c.threshold() > k.threshold()));
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn drops_estimated_baseline(
        target: FalseAlarmTarget,
        reference_blocks: u64,
    ) -> Result<Self, DetectError> {
        Self::with_estimated_baseline(
            &drop_grid()?,
            target,
            interpolate(&DROP_BANK_TABLE, target, DEFAULT_DROP_GRID.len()),
            reference_blocks,
        )
    }

    /// The default rise bank corrected for an estimated baseline.
    ///
    /// # Errors
    ///
    /// As [`CusumBank::with_estimated_baseline`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{CusumBank, Direction, FalseAlarmTarget};
    ///
    /// let target = FalseAlarmTarget::blocks(500.0)?;
    /// let known = CusumBank::rises(target)?;
    /// let corrected = CusumBank::rises_estimated_baseline(target, 2016)?;
    /// assert!(corrected.members().iter().all(|m| m.shift().direction() == Direction::Rise));
    /// assert!(known
    ///     .members()
    ///     .iter()
    ///     .zip(corrected.members())
    ///     .all(|(k, c)| c.threshold() > k.threshold()));
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn rises_estimated_baseline(
        target: FalseAlarmTarget,
        reference_blocks: u64,
    ) -> Result<Self, DetectError> {
        Self::with_estimated_baseline(
            &rise_grid()?,
            target,
            interpolate(&RISE_BANK_TABLE, target, DEFAULT_DROP_GRID.len()),
            reference_blocks,
        )
    }

    /// Finds by seeded simulation the common inflation `c` that gives the bank over `shifts`
    /// the in-control ARL0 `target` (bisection on `ln c` with common random numbers;
    /// `runs` replications per step, each capped at 20 × ARL0).
    ///
    /// The Monte-Carlo relative standard error of the resulting bank ARL0 is about
    /// `1/√runs`.
    ///
    /// # Errors
    ///
    /// [`DetectError::InvalidParameter`] if `runs` is 0, else as [`CusumBank::with_inflation`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{CusumBank, FalseAlarmTarget, Shift};
    ///
    /// let shifts = [Shift::drop(0.1)?, Shift::drop(0.4)?];
    /// let c = CusumBank::calibrate_inflation(&shifts, FalseAlarmTarget::blocks(200.0)?, 400, 7)?;
    /// // The members are correlated, so the bank needs less than the Bonferroni inflation 2.
    /// assert!(c > 1.0 && c < 1.8);
    /// // Seeded: the same call gives the same answer.
    /// assert_eq!(c, CusumBank::calibrate_inflation(&shifts, FalseAlarmTarget::blocks(200.0)?, 400, 7)?);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn calibrate_inflation(
        shifts: &[Shift],
        target: FalseAlarmTarget,
        runs: u64,
        seed: u64,
    ) -> Result<f64, DetectError> {
        montecarlo::check_runs(runs)?;
        // Member thresholds for a given inflation, cheapest to re-solve per step.
        let cap = (20.0 * target.arl0_blocks()) as u64;
        let goal = target.arl0_blocks().ln();
        let eval = |c: f64| -> Result<f64, DetectError> {
            let mut bank = Self::with_inflation(shifts, target, c)?;
            Ok(montecarlo::mean_in_control_run_length(&mut bank, runs, seed, cap).ln() - goal)
        };
        let (mut lo, mut hi) = (0.0f64, (shifts.len() as f64).ln().max(0.1));
        let mut f_hi = eval(hi.exp())?;
        while f_hi < 0.0 {
            lo = hi;
            hi += 0.5;
            f_hi = eval(hi.exp())?;
        }
        if eval(lo.exp())? >= 0.0 {
            return Ok(1.0);
        }
        for _ in 0..9 {
            let mid = 0.5 * (lo + hi);
            if eval(mid.exp())? < 0.0 {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Ok((0.5 * (lo + hi)).exp())
    }

    /// The member CUSUMs.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{CusumBank, FalseAlarmTarget};
    ///
    /// let bank = CusumBank::drops(FalseAlarmTarget::blocks(2016.0)?)?;
    /// let sizes: Vec<f64> = bank.members().iter().map(|m| m.shift().fraction()).collect();
    /// assert_eq!(sizes.len(), 4);
    /// assert!((sizes[0] - 0.05).abs() < 1e-15 && (sizes[3] - 0.40).abs() < 1e-15);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn members(&self) -> &[Cusum] {
        &self.members
    }

    /// Counts one block and steps every member with `v`, handing `(index, member, S_k)` to
    /// `each`; alarm handling is the caller's.
    #[inline]
    pub(crate) fn step_members(&mut self, v: f64, mut each: impl FnMut(usize, &Cusum, f64)) {
        self.n += 1;
        for (j, m) in self.members.iter_mut().enumerate() {
            let s = m.step(v);
            each(j, m, s);
        }
    }

    /// The common ARL0 inflation of the members.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{CusumBank, FalseAlarmTarget};
    ///
    /// // The shipped joint-calibration table at ARL0 = 2016.
    /// assert_eq!(CusumBank::drops(FalseAlarmTarget::blocks(2016.0)?)?.inflation(), 1.8565);
    /// // Longer targets need more inflation (more chances for some member to cross).
    /// let c = |arl0| CusumBank::drops(FalseAlarmTarget::blocks(arl0)?).map(|b| b.inflation());
    /// assert!(c(52_560.0)? > c(1000.0)?);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn inflation(&self) -> f64 {
        self.inflation
    }
}

/// The serialized form of [`CusumBank`], checked like its constructors when deserialized.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct CusumBankRaw {
    members: Vec<Cusum>,
    inflation: f64,
    n: u64,
}

#[cfg(feature = "serde")]
impl TryFrom<CusumBankRaw> for CusumBank {
    type Error = DetectError;
    fn try_from(raw: CusumBankRaw) -> Result<Self, DetectError> {
        let shifts: Vec<Shift> = raw.members.iter().map(Cusum::shift).collect();
        check_grid(&shifts, raw.inflation)?;
        Ok(CusumBank { members: raw.members, inflation: raw.inflation, n: raw.n })
    }
}

fn check_grid(shifts: &[Shift], inflation: f64) -> Result<(), DetectError> {
    if shifts.is_empty() {
        return Err(DetectError::EmptySeries { what: "cusum bank grid" });
    }
    if !(inflation.is_finite() && inflation >= 1.0) {
        return Err(DetectError::InvalidParameter {
            name: "bank inflation",
            value: inflation,
            reason: "must be finite and at least 1",
        });
    }
    Ok(())
}

/// The default drop grid as shifts.
pub(crate) fn drop_grid() -> Result<Vec<Shift>, DetectError> {
    size_grid(&DEFAULT_DROP_GRID, Direction::Drop)
}

/// The default rise grid as shifts (`ρ = 1/(1−δ)`).
pub(crate) fn rise_grid() -> Result<Vec<Shift>, DetectError> {
    size_grid(&DEFAULT_DROP_GRID, Direction::Rise)
}

/// Shifts for the drop fractions `drops`: the drops themselves, or the rises that undo them
/// (`ρ = 1/(1−δ)`).
pub(crate) fn size_grid(drops: &[f64], direction: Direction) -> Result<Vec<Shift>, DetectError> {
    drops
        .iter()
        .map(|&d| match direction {
            Direction::Drop => Shift::drop(d),
            Direction::Rise => Shift::from_ratio(1.0 / (1.0 - d)),
        })
        .collect()
}

/// The inflation for `target` from a calibration table of a `grid_len`-member grid: linear
/// in `ln ARL0` inside the table; its first value below it (conservative: the inflation grows
/// with ARL0); above it the last segment extended, capped at the Bonferroni value `grid_len`
/// (with `c = grid_len` the bank's alarm rate is at most the sum of its members', `1/ARL0`).
/// Holding the last value instead left the bank's ARL0 23 % short at ten times the table's
/// top (`tests/audit_detect.rs`).
pub(crate) fn interpolate(table: &[(f64, f64)], target: FalseAlarmTarget, grid_len: usize) -> f64 {
    let x = target.arl0_blocks().ln();
    let mut prev: Option<(f64, f64)> = None;
    let mut last_segment: Option<((f64, f64), (f64, f64))> = None;
    for &(a, c) in table {
        let xa = a.ln();
        if x <= xa {
            return match prev {
                None => c,
                Some((xp, cp)) => cp + (c - cp) * (x - xp) / (xa - xp),
            };
        }
        if let Some(p) = prev {
            last_segment = Some((p, (xa, c)));
        }
        prev = Some((xa, c));
    }
    match last_segment {
        Some(((x0, c0), (x1, c1))) => {
            let extended = c1 + (c1 - c0) * (x - x1) / (x1 - x0);
            extended.min(grid_len as f64).max(c1)
        }
        None => prev.map_or(1.0, |(_, c)| c),
    }
}

impl Detector for CusumBank {
    fn update(&mut self, v: f64) -> Option<Alarm> {
        if !v.is_finite() {
            return None;
        }
        let mut best: Option<(f64, usize)> = None;
        self.step_members(v, |j, m, s| {
            let excess = s / m.threshold();
            if excess >= 1.0 && best.is_none_or(|(e, _)| excess > e) {
                best = Some((excess, j));
            }
        });
        let (_, j) = best?;
        let alarm = self.members.get(j).map(Cusum::alarm_here);
        self.reset();
        alarm
    }

    /// The largest member statistic relative to its threshold (alarm at 1).
    fn statistic(&self) -> f64 {
        self.members.iter().map(|m| m.statistic() / m.threshold()).fold(0.0, f64::max)
    }

    fn blocks_seen(&self) -> u64 {
        self.n
    }

    fn reset(&mut self) {
        self.n = 0;
        self.members.iter_mut().for_each(Detector::reset);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(arl0: f64) -> f64 {
        let t = FalseAlarmTarget::blocks(arl0).unwrap_or_else(|e| panic!("{e}"));
        interpolate(&DROP_BANK_TABLE, t, DEFAULT_DROP_GRID.len())
    }

    #[test]
    fn inflation_is_the_table_inside_it_and_extended_above_it_up_to_bonferroni() {
        // The table's own points, and the midpoint in ln ARL0 between two of them.
        assert_eq!(at(2016.0), 1.8565);
        assert!((at((10_000.0f64 * 52_560.0).sqrt()) - (2.25 + 2.6685) / 2.0).abs() < 1e-12);
        // Below the table: its first value.
        assert_eq!(at(10.0), 1.4238);
        // Above: the last segment's slope continues (≈ 0.25 per e-fold)…
        let slope = (2.6685 - 2.25) / (52_560.0f64 / 10_000.0).ln();
        assert!((at(52_560.0 * 10.0) - (2.6685 + slope * 10f64.ln())).abs() < 1e-12);
        // …up to the grid size, where the union bound guarantees the target.
        assert_eq!(at(1e15), 4.0);
    }
}
