use super::bank::{CusumBank, interpolate, size_grid};
use super::detector::{Alarm, Detector};
use super::{DetectError, Direction, FalseAlarmTarget, Shift};

/// Drop sizes over which the default [`Glr`] maximises: 5 % to 40 % in steps of `√2`
/// (5, 7.1, 10, 14.1, 20, 28.3, 40 %).
///
/// # Examples
///
/// ```
/// use minerscope::detect::{Direction, Glr, DEFAULT_GLR_DROPS};
///
/// // Neighbouring sizes are √2 apart, from 5 % to 40 %.
/// assert!(DEFAULT_GLR_DROPS.windows(2).all(|w| (w[1] / w[0] - 2f64.sqrt()).abs() < 1e-12));
/// assert_eq!((DEFAULT_GLR_DROPS[0], DEFAULT_GLR_DROPS[6]), (0.05, 0.40));
/// assert_eq!(Glr::default_sizes(Direction::Drop)?.len(), DEFAULT_GLR_DROPS.len());
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
pub const DEFAULT_GLR_DROPS: [f64; 7] = [
    0.05,
    0.070_710_678_118_654_76,
    0.10,
    0.141_421_356_237_309_5,
    0.20,
    0.282_842_712_474_619,
    0.40,
];

/// Joint calibration of the default drop [`Glr`]: `(ARL0 blocks, boundary inflation c)`, from
/// [`Glr::calibrate_inflation`] (seed 2026; 4000 replications per bisection step up to ARL0 = 4320, 2000
/// above: Monte-Carlo s.e. of the resulting ARL0 ≈ 1.6–2.2 %), interpolated linearly in `ln ARL0`
/// (extended above the table, capped at the grid size: see `bank::interpolate`).
/// Regenerate with `cargo test --release --test detect_calibration -- --ignored --nocapture`.
const DROP_GLR_TABLE: [(f64, f64); 7] = [
    (200.0, 1.3840),
    (500.0, 1.5394),
    (1000.0, 1.7057),
    (2016.0, 1.8972),
    (4320.0, 2.0943),
    (10_000.0, 2.3562),
    (52_560.0, 2.8601),
];

/// As [`DROP_GLR_TABLE`] for the default rise [`Glr`] (same seed and replications).
const RISE_GLR_TABLE: [(f64, f64); 7] = [
    (200.0, 1.4820),
    (500.0, 1.6421),
    (1000.0, 1.7584),
    (2016.0, 1.9190),
    (4320.0, 2.2597),
    (10_000.0, 2.5039),
    (52_560.0, 3.2547),
];

/// The generalised-likelihood-ratio detector for a change of **unknown** size, with a
/// size-dependent boundary — the recommended detector when the size of a power-down is not
/// known in advance.
///
/// With `ℓ_k(ρ) = (t−k)·ln ρ − (ρ−1)·Σ_{k<i≤t} v_i` the log-likelihood ratio of a change to
/// rate ratio `ρ` after block `k`, the statistic is
///
/// ```text
/// G_t = max_{ρ ∈ P} ( max_{k<t} ℓ_k(ρ) − b(ρ) ),   alarm when G_t ≥ 0
/// ```
///
/// over all change points `k` since the start or last alarm (no window: the inner maximum is
/// the CUSUM recursion, exact at O(1) per size and block) and a grid `P` of sizes (default
/// [`DEFAULT_GLR_DROPS`], `√2` apart, so the log-likelihood lost between grid points is at
/// most ≈ 4 % of its value). The boundary `b(ρ)` is the exact Brook–Evans CUSUM threshold for
/// size `ρ` at ARL0 `c × target`, with one inflation `c` calibrated by simulation so that the
/// detector's own ARL0 is the target.
///
/// Why not one flat threshold, `max_{k,ρ} ℓ_k(ρ) ≥ g` (SCIENCE.md §6.3, [`WindowedGlr`])? Under
/// no change, short windows with large apparent drops dominate the false alarms, so a flat `g`
/// must be as high as the threshold of a CUSUM for the largest size (8.3 nats for 40 % at one
/// false alarm per year) while a 5 % CUSUM needs only 4.2: small drops then take 1.9 × the
/// optimal delay. Weighting each size by its own threshold (Lorden & Pollak's adaptive
/// boundary; the multi-chart form of Tartakovsky, Nikiforov & Basseville 2014, §8.3) keeps the
/// mean delay at one false alarm per year within 1.07–1.16 × that of a CUSUM that knows the
/// true size, for any drop from 5 to 50 % (1.16/1.10/1.08 × at 5/10/20 %), and 1.29 × for a
/// 3 % drop below the grid (`examples/detect_mainnet.rs --evaluation`, 2000 runs per size,
/// s.e. ≈ 1.5 %; asserted ≤ 1.3 × in `tests/detect_eval.rs`).
///
/// At an alarm, [`Alarm::onset`] is the change point maximising the winning term and
/// [`Alarm::ratio`] the maximum-likelihood ratio `n/S` over the blocks since that onset,
/// clamped to the grid's range (selection-biased: size the change on data after the alarm,
/// [`change_size`](super::ratio::change_size)).
///
/// [`WindowedGlr`]: super::WindowedGlr
///
/// # Examples
///
/// ```
/// use minerscope::detect::{Detector, Direction, FalseAlarmTarget, Glr};
///
/// let mut glr = Glr::new(Direction::Drop, FalseAlarmTarget::per_days(365.0)?)?;
/// for _ in 0..3000 {
///     assert!(glr.update(1.0).is_none()); // in control: v = 1 on average
/// }
/// // Work-times 25 % longer than the baseline's: the rate dropped to 0.8.
/// let alarm = (0..3000).find_map(|_| glr.update(1.25)).expect("found");
/// assert_eq!(alarm.direction(), Direction::Drop);
/// assert!((alarm.ratio() - 0.8).abs() < 1e-9);
/// assert_eq!(alarm.onset(), 3001); // the first block after the change
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "GlrRaw"))]
pub struct Glr {
    bank: CusumBank,
    direction: Direction,
    /// Per grid size: work-time sum since its term's last zero.
    run_sums: Vec<f64>,
    /// Range of the grid's ratios, to clamp the maximum-likelihood ratio.
    ratio_range: (f64, f64),
}

impl Glr {
    /// The default GLR for `direction` (drops over [`DEFAULT_GLR_DROPS`], rises by
    /// `1/(1−δ)` over the same grid), calibrated to `target` from the shipped table
    /// (known `r0`). The table spans ARL0 = 200 to 52 560 blocks; below it the inflation is
    /// the table's first (conservative), above it the trend is extended up to the Bonferroni
    /// inflation (the grid size).
    ///
    /// # Errors
    ///
    /// As [`cusum_threshold`](super::calibration::cusum_threshold).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Detector, Direction, FalseAlarmTarget, Glr};
    ///
    /// let mut glr = Glr::new(Direction::Rise, FalseAlarmTarget::blocks(2016.0)?)?;
    /// assert_eq!(glr.bank().members().len(), 7);
    /// // Blocks found in 80 % of the baseline's work-time: the rate rose to 1.25.
    /// let alarm = (0..5000).find_map(|_| glr.update(0.8)).expect("found");
    /// assert_eq!(alarm.direction(), Direction::Rise);
    /// assert!((alarm.ratio() - 1.25).abs() < 1e-9);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn new(direction: Direction, target: FalseAlarmTarget) -> Result<Self, DetectError> {
        let (sizes, table) = default_grid(direction)?;
        Self::with_inflation(&sizes, target, interpolate(table, target, DEFAULT_GLR_DROPS.len()))
    }

    /// A GLR over the sizes `sizes` (all drops or all rises), each boundary the exact CUSUM
    /// threshold at `inflation × ARL0`. Find the inflation with [`Glr::calibrate_inflation`].
    ///
    /// # Errors
    ///
    /// As [`CusumBank::with_inflation`], and [`DetectError::InvalidParameter`] if the sizes
    /// mix drops and rises.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{DetectError, Detector, Direction, FalseAlarmTarget, Glr, Shift};
    ///
    /// let sizes = [Shift::drop(0.1)?, Shift::drop(0.3)?];
    /// let mut glr = Glr::with_inflation(&sizes, FalseAlarmTarget::blocks(1000.0)?, 1.5)?;
    /// assert_eq!(glr.direction(), Direction::Drop);
    /// let alarm = (0..5000).find_map(|_| glr.update(1.25)).expect("found");
    /// assert!((alarm.ratio() - 0.8).abs() < 1e-9);
    /// // One GLR watches one direction.
    /// let mixed = [Shift::drop(0.1)?, Shift::rise(0.1)?];
    /// assert!(matches!(
    ///     Glr::with_inflation(&mixed, FalseAlarmTarget::blocks(1000.0)?, 1.5),
    ///     Err(DetectError::InvalidParameter { name: "glr size grid", .. })
    /// ));
    /// # Ok::<_, DetectError>(())
    /// ```
    pub fn with_inflation(
        sizes: &[Shift],
        target: FalseAlarmTarget,
        inflation: f64,
    ) -> Result<Self, DetectError> {
        let direction = one_direction(sizes)?;
        Self::from_bank(CusumBank::with_inflation(sizes, target, inflation)?, direction)
    }

    /// The default GLR for `direction` with boundaries corrected for a baseline `r0`
    /// estimated from `reference_blocks` blocks (as
    /// [`CusumBank::with_estimated_baseline`]).
    ///
    /// # Errors
    ///
    /// As [`CusumBank::with_estimated_baseline`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Direction, FalseAlarmTarget, Glr};
    ///
    /// let target = FalseAlarmTarget::blocks(500.0)?;
    /// let known = Glr::new(Direction::Drop, target)?;
    /// let corrected = Glr::with_estimated_baseline(Direction::Drop, target, 2016)?;
    /// // Every boundary b(ρ) is raised to absorb the baseline's ±2.2 % sampling error.
    /// assert!(known
    ///     .bank()
    ///     .members()
    ///     .iter()
    ///     .zip(corrected.bank().members())
    ///     .all(|(k, c)| c.threshold() > k.threshold()));
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn with_estimated_baseline(
        direction: Direction,
        target: FalseAlarmTarget,
        reference_blocks: u64,
    ) -> Result<Self, DetectError> {
        let (sizes, table) = default_grid(direction)?;
        let bank = CusumBank::with_estimated_baseline(
            &sizes,
            target,
            interpolate(table, target, DEFAULT_GLR_DROPS.len()),
            reference_blocks,
        )?;
        Self::from_bank(bank, direction)
    }

    /// Finds by seeded simulation the boundary inflation that gives the GLR over `sizes` the
    /// in-control ARL0 `target` ([`CusumBank::calibrate_inflation`]: `runs` replications per
    /// bisection step, relative s.e. of the ARL0 ≈ `1/√runs`).
    ///
    /// # Errors
    ///
    /// [`DetectError::InvalidParameter`] if `runs` is 0, else as [`Glr::with_inflation`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{DetectError, FalseAlarmTarget, Glr, Shift};
    ///
    /// let sizes = [Shift::drop(0.1)?, Shift::drop(0.2)?];
    /// let target = FalseAlarmTarget::blocks(200.0)?;
    /// let c = Glr::calibrate_inflation(&sizes, target, 400, 1)?;
    /// // Between no inflation and Bonferroni's (the grid size, 2).
    /// assert!(c > 1.0 && c < 2.0);
    /// let glr = Glr::with_inflation(&sizes, target, c)?;
    /// assert_eq!(glr.bank().inflation(), c);
    /// // A grid mixing drops and rises is refused before any simulation.
    /// let mixed = [Shift::drop(0.1)?, Shift::rise(0.1)?];
    /// assert!(matches!(Glr::calibrate_inflation(&mixed, target, 400, 1), Err(DetectError::InvalidParameter { .. })));
    /// # Ok::<_, DetectError>(())
    /// ```
    pub fn calibrate_inflation(
        sizes: &[Shift],
        target: FalseAlarmTarget,
        runs: u64,
        seed: u64,
    ) -> Result<f64, DetectError> {
        one_direction(sizes)?;
        CusumBank::calibrate_inflation(sizes, target, runs, seed)
    }

    /// The default grid of sizes for `direction`.
    ///
    /// # Errors
    ///
    /// None in practice (the grid's sizes are valid constants).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Direction, Glr};
    ///
    /// let rises = Glr::default_sizes(Direction::Rise)?;
    /// // Each rise undoes one of the drops: ρ = 1/(1 − δ), from +5.3 % to +66.7 %.
    /// assert!((rises[0].ratio() - 1.0 / 0.95).abs() < 1e-12);
    /// assert!((rises[6].ratio() - 1.0 / 0.6).abs() < 1e-12);
    /// assert!(rises.iter().all(|s| s.direction() == Direction::Rise));
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn default_sizes(direction: Direction) -> Result<Vec<Shift>, DetectError> {
        default_grid(direction).map(|(s, _)| s)
    }

    /// The direction of change detected.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Direction, FalseAlarmTarget, Glr};
    ///
    /// let glr = Glr::new(Direction::Rise, FalseAlarmTarget::blocks(2016.0)?)?;
    /// assert_eq!(glr.direction(), Direction::Rise);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// The grid of sizes and their boundaries `b(ρ)`, as the underlying CUSUMs.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Direction, FalseAlarmTarget, Glr};
    ///
    /// let glr = Glr::new(Direction::Drop, FalseAlarmTarget::blocks(2016.0)?)?;
    /// let bank = glr.bank();
    /// // The shipped joint inflation at ARL0 = 2016, and one boundary per size.
    /// assert_eq!(bank.inflation(), 1.8972);
    /// assert_eq!(bank.members().len(), 7);
    /// // Small sizes get lower boundaries: that is what makes the GLR quick on small drops.
    /// assert!(bank.members().windows(2).all(|w| w[0].threshold() < w[1].threshold()));
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn bank(&self) -> &CusumBank {
        &self.bank
    }

    fn from_bank(bank: CusumBank, direction: Direction) -> Result<Self, DetectError> {
        let ratios = bank.members().iter().map(|m| m.shift().ratio());
        let lo = ratios.clone().fold(f64::INFINITY, f64::min);
        let hi = ratios.fold(f64::NEG_INFINITY, f64::max);
        let n = bank.members().len();
        Ok(Glr { bank, direction, run_sums: vec![0.0; n], ratio_range: (lo, hi) })
    }
}

/// The serialized form of [`Glr`], checked for one direction and one run sum per member
/// when deserialized (the ratio range is recomputed from the members).
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct GlrRaw {
    bank: CusumBank,
    direction: Direction,
    run_sums: Vec<f64>,
}

#[cfg(feature = "serde")]
impl TryFrom<GlrRaw> for Glr {
    type Error = DetectError;
    fn try_from(raw: GlrRaw) -> Result<Self, DetectError> {
        let shifts: Vec<Shift> = raw.bank.members().iter().map(|m| m.shift()).collect();
        let direction = one_direction(&shifts)?;
        if direction != raw.direction {
            return Err(DetectError::InvalidParameter {
                name: "glr direction",
                value: shifts.first().map_or(f64::NAN, |s| s.ratio()),
                reason: "must be the direction of the size grid",
            });
        }
        if raw.run_sums.len() != shifts.len() || raw.run_sums.iter().any(|s| !s.is_finite()) {
            return Err(DetectError::InvalidParameter {
                name: "glr run sums",
                value: raw.run_sums.len() as f64,
                reason: "need one finite sum per grid size",
            });
        }
        let mut glr = Self::from_bank(raw.bank, direction)?;
        glr.run_sums = raw.run_sums;
        Ok(glr)
    }
}

/// A calibration table: `(ARL0 blocks, boundary inflation)` pairs.
type InflationTable = &'static [(f64, f64)];

fn default_grid(direction: Direction) -> Result<(Vec<Shift>, InflationTable), DetectError> {
    let table: InflationTable = match direction {
        Direction::Drop => &DROP_GLR_TABLE,
        Direction::Rise => &RISE_GLR_TABLE,
    };
    Ok((size_grid(&DEFAULT_GLR_DROPS, direction)?, table))
}

fn one_direction(sizes: &[Shift]) -> Result<Direction, DetectError> {
    let first = sizes.first().ok_or(DetectError::EmptySeries { what: "glr size grid" })?;
    match sizes.iter().find(|s| s.direction() != first.direction()) {
        None => Ok(first.direction()),
        Some(s) => Err(DetectError::InvalidParameter {
            name: "glr size grid",
            value: s.ratio(),
            reason: "sizes must all be drops or all be rises",
        }),
    }
}

impl Detector for Glr {
    fn update(&mut self, v: f64) -> Option<Alarm> {
        if !v.is_finite() {
            return None;
        }
        let mut best: Option<(f64, usize)> = None;
        let sums = &mut self.run_sums;
        self.bank.step_members(v, |j, m, s| {
            if let Some(sum) = sums.get_mut(j) {
                *sum = if s > 0.0 { *sum + v } else { 0.0 };
            }
            let margin = s - m.threshold();
            if margin >= 0.0 && best.is_none_or(|(b, _)| margin > b) {
                best = Some((margin, j));
            }
        });
        let (margin, j) = best?;
        let member = self.bank.members().get(j)?;
        let mut alarm = member.alarm_here();
        let n = (alarm.at + 1).saturating_sub(alarm.onset) as f64;
        let sum = self.run_sums.get(j).copied().unwrap_or(0.0);
        let (lo, hi) = self.ratio_range;
        if sum > 0.0 {
            alarm.ratio = (n / sum).clamp(lo, hi);
        }
        alarm.statistic = margin;
        self.reset();
        Some(alarm)
    }

    /// `max_ρ (CUSUM_ρ − b(ρ))` in nats: negative until the alarm, which fires at 0.
    fn statistic(&self) -> f64 {
        self.bank
            .members()
            .iter()
            .map(|m| m.statistic() - m.threshold())
            .fold(f64::NEG_INFINITY, f64::max)
    }

    fn blocks_seen(&self) -> u64 {
        self.bank.blocks_seen()
    }

    fn reset(&mut self) {
        self.bank.reset();
        self.run_sums.iter_mut().for_each(|s| *s = 0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year() -> FalseAlarmTarget {
        FalseAlarmTarget::blocks(52_560.0).unwrap()
    }

    #[test]
    fn default_grids_are_one_direction_each() {
        let drops = Glr::default_sizes(Direction::Drop).unwrap();
        let rises = Glr::default_sizes(Direction::Rise).unwrap();
        assert_eq!(drops.len(), DEFAULT_GLR_DROPS.len());
        assert!(drops.iter().all(|s| s.direction() == Direction::Drop));
        assert!(rises.iter().all(|s| s.direction() == Direction::Rise));
        // Neighbouring sizes are √2 apart in the drop fraction.
        for w in DEFAULT_GLR_DROPS.windows(2) {
            if let [a, b] = w {
                assert!((b / a - 2f64.sqrt()).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn bad_grids_are_errors() {
        let t = year();
        assert!(matches!(Glr::with_inflation(&[], t, 2.0), Err(DetectError::EmptySeries { .. })));
        let mixed = [Shift::drop(0.1).unwrap(), Shift::rise(0.1).unwrap()];
        assert!(matches!(
            Glr::with_inflation(&mixed, t, 2.0),
            Err(DetectError::InvalidParameter { name: "glr size grid", .. })
        ));
        assert!(Glr::calibrate_inflation(&mixed, t, 10, 1).is_err());
        let drops = Glr::default_sizes(Direction::Drop).unwrap();
        assert!(Glr::with_inflation(&drops, t, 0.5).is_err());
        assert!(Glr::with_inflation(&drops, t, f64::NAN).is_err());
    }

    #[test]
    fn boundaries_are_the_inflated_cusum_thresholds() {
        let t = FalseAlarmTarget::blocks(2016.0).unwrap();
        let glr = Glr::new(Direction::Drop, t).unwrap();
        let c = glr.bank().inflation();
        // The shipped table at ARL0 = 2016.
        assert!((c - 1.8972).abs() < 1e-12);
        for m in glr.bank().members() {
            let h = crate::detect::calibration::cusum_threshold(m.shift(), t.scaled(c)).unwrap();
            assert!((m.threshold() - h).abs() < 1e-9);
        }
    }

    #[test]
    fn statistic_is_negative_until_the_alarm_and_non_finite_inputs_are_skipped() {
        let mut glr = Glr::new(Direction::Drop, year()).unwrap();
        assert!(glr.statistic() < 0.0);
        assert!(glr.update(f64::NAN).is_none());
        assert!(glr.update(f64::INFINITY).is_none());
        assert_eq!(glr.blocks_seen(), 0);
        let mut last = None;
        for i in 1..=10_000u64 {
            if let Some(a) = glr.update(1.5) {
                last = Some((i, a));
                break;
            }
            assert!(glr.statistic() < 0.0);
        }
        let (i, a) = last.expect("a 33 % drop is found");
        assert_eq!(a.at(), i);
        assert!(a.statistic() >= 0.0);
        // Reset after the alarm.
        assert_eq!(glr.blocks_seen(), 0);
        assert!(glr.statistic() < 0.0);
    }

    #[test]
    fn alarm_ratio_is_the_clamped_maximum_likelihood_ratio() {
        // A rate ratio of 1/3 is beyond the grid's 40 % drop: clamped to 0.6.
        let mut glr = Glr::new(Direction::Drop, year()).unwrap();
        let a = (0..1000).find_map(|_| glr.update(3.0)).unwrap();
        assert!((a.ratio() - 0.6).abs() < 1e-12);
        // Inside the range the ratio is n/S over the blocks since the onset.
        let mut glr = Glr::new(Direction::Rise, year()).unwrap();
        for _ in 0..100 {
            assert!(glr.update(1.0).is_none());
        }
        let a = (0..1000).find_map(|_| glr.update(0.8)).unwrap();
        assert_eq!(a.direction(), Direction::Rise);
        assert_eq!(a.onset(), 101);
        assert!((a.ratio() - 1.25).abs() < 1e-9);
    }

    #[test]
    fn rises_do_not_alarm_on_drops() {
        let mut glr = Glr::new(Direction::Rise, year()).unwrap();
        assert!((0..50_000).all(|_| glr.update(1.3).is_none()));
    }

    #[test]
    fn estimated_baseline_raises_the_boundaries() {
        let t = FalseAlarmTarget::blocks(1000.0).unwrap();
        let plain = Glr::new(Direction::Drop, t).unwrap();
        let corrected = Glr::with_estimated_baseline(Direction::Drop, t, 2016).unwrap();
        for (a, b) in plain.bank().members().iter().zip(corrected.bank().members()) {
            assert!(b.threshold() > a.threshold());
        }
        assert_eq!(corrected.direction(), Direction::Drop);
    }
}
