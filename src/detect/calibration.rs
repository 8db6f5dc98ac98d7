//! False-alarm targets and the exact CUSUM average run length (Brook–Evans Markov chain).
//!
//! A detector is configured by how often it may raise a false alarm: the in-control average
//! run length `ARL0` (expected blocks between false alarms at constant hashrate). Its threshold
//! follows from that target alone — never from the data it is applied to.
//!
//! For the CUSUM the ARL is computed exactly (to discretisation error) by the Markov-chain
//! method of Brook & Evans (1972): the CUSUM's range `[0, h)` is split into `N` cells plus an atom
//! at 0, the transition probabilities come from the exponential law of the work-time, and the
//! zero-start ARL solves `(I − Q)·L = 1`. With ~40 cells per unit of the increment scale
//! `|ln ρ|` (at most 2500) it reproduces SCIENCE.md §6.2's
//! thresholds (5 %/10 %/20 % drops at ARL0 = 52 560: h = 4.23/5.52/6.81) to two decimals.

use super::{DetectError, Shift};

/// Blocks per day at the target spacing (re-exported from [`crate::chain::consensus`]).
pub use crate::chain::consensus::BLOCKS_PER_DAY;

/// Cells of the Brook–Evans chain per unit of the increment's scale `|ln ρ|`: 40 resolves the
/// exponential increments to ≈ 0.2 % in ARL (checked against N = 4000 reference solves), and
/// fixes the matrix band at ~40, so a solve costs O(40·N²).
const CELLS_PER_INCREMENT: f64 = 40.0;
/// Bounds on the number of cells (memory is 8·N² bytes: 50 MB at the top).
const MIN_CELLS: usize = 200;
const MAX_CELLS: usize = 2500;

/// Number of Brook–Evans cells for a CUSUM with ratio `rho` and threshold `h`.
pub(crate) fn markov_cells(rho: f64, h: f64) -> usize {
    let n = (CELLS_PER_INCREMENT * h / rho.ln().abs()).ceil();
    if n.is_finite() { (n as usize).clamp(MIN_CELLS, MAX_CELLS) } else { MAX_CELLS }
}

/// The configured false-alarm rate: the average run length to a false alarm, `ARL0`, in blocks.
///
/// # Examples
///
/// ```
/// use minerscope::detect::FalseAlarmTarget;
///
/// // One false alarm per year on average: 365 × 144 = 52 560 blocks.
/// let t = FalseAlarmTarget::per_days(365.0)?;
/// assert_eq!(t.arl0_blocks(), 52_560.0);
/// assert!(FalseAlarmTarget::blocks(f64::NAN).is_err());
/// assert!(FalseAlarmTarget::blocks(0.0).is_err());
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "f64", into = "f64"))]
pub struct FalseAlarmTarget(f64);

impl FalseAlarmTarget {
    /// The smallest accepted ARL0, in blocks: below this no detector can be calibrated
    /// meaningfully (every few blocks would alarm).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{DetectError, FalseAlarmTarget};
    ///
    /// assert!(FalseAlarmTarget::blocks(FalseAlarmTarget::MIN_BLOCKS).is_ok());
    /// assert!(matches!(
    ///     FalseAlarmTarget::blocks(FalseAlarmTarget::MIN_BLOCKS - 1.0),
    ///     Err(DetectError::InvalidFalseAlarmTarget { min, .. }) if min == FalseAlarmTarget::MIN_BLOCKS
    /// ));
    /// ```
    pub const MIN_BLOCKS: f64 = 10.0;

    /// One false alarm per `arl0` blocks on average.
    ///
    /// # Errors
    ///
    /// [`DetectError::InvalidFalseAlarmTarget`] if `arl0` is not finite or below
    /// [`FalseAlarmTarget::MIN_BLOCKS`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::FalseAlarmTarget;
    ///
    /// let month = FalseAlarmTarget::blocks(4320.0)?;
    /// assert_eq!(month.arl0_days(), 30.0);
    /// assert!(FalseAlarmTarget::blocks(5.0).is_err()); // below MIN_BLOCKS
    /// assert!(FalseAlarmTarget::blocks(f64::NAN).is_err());
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn blocks(arl0: f64) -> Result<Self, DetectError> {
        if arl0.is_finite() && arl0 >= Self::MIN_BLOCKS {
            Ok(FalseAlarmTarget(arl0))
        } else {
            Err(DetectError::InvalidFalseAlarmTarget {
                what: "blocks",
                value: arl0,
                min: Self::MIN_BLOCKS,
            })
        }
    }

    /// One false alarm per `days` days on average, at 144 blocks per day.
    ///
    /// # Errors
    ///
    /// [`DetectError::InvalidFalseAlarmTarget`] if `days` is not finite, too short, or so long
    /// that the target in blocks overflows.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::FalseAlarmTarget;
    ///
    /// // One false alarm per year: SCIENCE.md §6.2's ARL0 = 52 560 blocks.
    /// assert_eq!(FalseAlarmTarget::per_days(365.0)?.arl0_blocks(), 52_560.0);
    /// assert!(FalseAlarmTarget::per_days(0.0).is_err());
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn per_days(days: f64) -> Result<Self, DetectError> {
        let min = Self::MIN_BLOCKS / BLOCKS_PER_DAY;
        let blocks = days * BLOCKS_PER_DAY;
        if days.is_finite() && days >= min && blocks.is_finite() {
            Ok(FalseAlarmTarget(blocks))
        } else {
            Err(DetectError::InvalidFalseAlarmTarget { what: "days", value: days, min })
        }
    }

    /// The ARL0 in blocks.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::FalseAlarmTarget;
    ///
    /// assert_eq!(FalseAlarmTarget::per_days(14.0)?.arl0_blocks(), 2016.0);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn arl0_blocks(self) -> f64 {
        self.0
    }

    /// The ARL0 in days at 144 blocks per day.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::FalseAlarmTarget;
    ///
    /// assert_eq!(FalseAlarmTarget::blocks(2016.0)?.arl0_days(), 14.0);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn arl0_days(self) -> f64 {
        self.0 / BLOCKS_PER_DAY
    }

    /// The same target scaled by `factor` (used to split a budget between detectors).
    pub(crate) fn scaled(self, factor: f64) -> Self {
        FalseAlarmTarget(self.0 * factor)
    }
}

/// Checked by [`FalseAlarmTarget::blocks`] (used when deserializing, in blocks).
impl TryFrom<f64> for FalseAlarmTarget {
    type Error = DetectError;
    fn try_from(arl0_blocks: f64) -> Result<Self, DetectError> {
        FalseAlarmTarget::blocks(arl0_blocks)
    }
}

impl From<FalseAlarmTarget> for f64 {
    fn from(t: FalseAlarmTarget) -> f64 {
        t.0
    }
}

/// Exact zero-start average run length of the CUSUM designed for `design` with threshold `h`,
/// when the normalised work-times are `Exp(true_ratio)` (1 = in control, the design ratio =
/// the designed change).
///
/// The CUSUM is `S_k = max(0, S_{k−1} + ln ρ − (ρ − 1)·v_k)` with an alarm at `S_k ≥ h`.
///
/// # Errors
///
/// [`DetectError::InvalidParameter`] if `h` or `true_ratio` is not finite and positive, or
/// the run length is not a finite `f64` (a true rate so far on the safe side that the
/// CUSUM never alarms).
///
/// # Examples
///
/// ```
/// use minerscope::detect::{calibration, Shift};
///
/// // SCIENCE.md §6.2: a CUSUM for a 10 % drop with h = 5.52 has ARL0 ≈ 52 560 and a
/// // zero-start delay of 813 blocks when the drop happens.
/// let s = Shift::drop(0.10)?;
/// let arl0 = calibration::cusum_arl(s, 5.52, 1.0)?;
/// let arl1 = calibration::cusum_arl(s, 5.52, 0.9)?;
/// assert!((arl0 / 52_560.0 - 1.0).abs() < 0.03);
/// assert!((arl1 - 813.0).abs() < 5.0);
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
pub fn cusum_arl(design: Shift, h: f64, true_ratio: f64) -> Result<f64, DetectError> {
    if !(h.is_finite() && h > 0.0) {
        return Err(DetectError::InvalidParameter {
            name: "cusum threshold",
            value: h,
            reason: "must be finite and positive",
        });
    }
    if !(true_ratio.is_finite() && true_ratio > 0.0) {
        return Err(DetectError::InvalidParameter {
            name: "true rate ratio",
            value: true_ratio,
            reason: "must be finite and positive",
        });
    }
    let arl = brook_evans(design.ratio(), h, true_ratio, markov_cells(design.ratio(), h));
    if arl.is_finite() && arl > 0.0 {
        Ok(arl)
    } else {
        // A chain that (numerically) never alarms is singular: 0/0 in the solve.
        Err(DetectError::InvalidParameter {
            name: "true rate ratio",
            value: true_ratio,
            reason: "the average run length is not a finite number of blocks",
        })
    }
}

/// The CUSUM threshold `h` whose exact in-control ARL equals `target`.
///
/// Solved by bracketing and the Illinois method on `ln ARL0(h)` (≈ 8–12 Markov-chain solves,
/// tens of milliseconds).
///
/// # Errors
///
/// [`DetectError::InvalidParameter`] if no threshold below 200 reaches the target (only for
/// absurd targets) or the run length cannot be computed (shifts so extreme that it is not a
/// finite `f64`). When even the smallest threshold searched (10⁻³) has an ARL0 above the
/// target — a shift so large that a single block can raise the alarm — that threshold is
/// returned.
///
/// # Examples
///
/// ```
/// use minerscope::detect::{calibration, FalseAlarmTarget, Shift};
///
/// let h = calibration::cusum_threshold(Shift::drop(0.20)?, FalseAlarmTarget::blocks(52_560.0)?)?;
/// assert!((h - 6.81).abs() < 0.01);
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
pub fn cusum_threshold(design: Shift, target: FalseAlarmTarget) -> Result<f64, DetectError> {
    solve_threshold(target, |h, coarse| {
        let cells = markov_cells(design.ratio(), h);
        brook_evans(
            design.ratio(),
            h,
            1.0,
            if coarse { (cells / 4).max(MIN_CELLS / 2) } else { cells },
        )
    })
}

/// The CUSUM threshold when the pre-change rate `r0` is itself estimated from a reference
/// window of `reference_blocks` blocks with the unbiased estimator `(m−1)/S`.
///
/// The estimate's error makes the in-control work-times `Exp(θ)` with `θ = r0/r̂0 ~
/// Gamma(m, 1)/(m−1)`, so a low estimate looks like a drop. The threshold is chosen so that
/// the false-alarm *rate* averaged over the reference window's sampling distribution,
/// `E_θ[1/ARL0(h, θ)]`, equals `1/target`: the long-run alarm frequency a user running the
/// detector on fresh baselines experiences. The expectation is a 16-point quantile
/// (midpoint) rule over `Gamma(m, 1)/(m−1)`.
///
/// # Errors
///
/// [`DetectError::InvalidParameter`] if `reference_blocks < 2`; otherwise as
/// [`cusum_threshold`].
///
/// # Examples
///
/// ```
/// use minerscope::detect::{calibration, FalseAlarmTarget, Shift};
///
/// let s = Shift::drop(0.10)?;
/// let t = FalseAlarmTarget::blocks(2016.0)?;
/// let known = calibration::cusum_threshold(s, t)?;
/// let estimated = calibration::cusum_threshold_estimated_baseline(s, t, 2016)?;
/// // SCIENCE.md §6.2: h = 2.53 for a 10 % drop at ARL0 = 2016 with r0 known; a baseline
/// // estimated from 2016 blocks needs a higher threshold for the same false-alarm rate.
/// assert!((known - 2.53).abs() < 0.01);
/// assert!(estimated > known);
/// assert!(calibration::cusum_threshold_estimated_baseline(s, t, 1).is_err());
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
pub fn cusum_threshold_estimated_baseline(
    design: Shift,
    target: FalseAlarmTarget,
    reference_blocks: u64,
) -> Result<f64, DetectError> {
    let thetas = baseline_ratio_nodes(reference_blocks)?;
    solve_threshold(target, |h, coarse| {
        let cells = markov_cells(design.ratio(), h) / if coarse { 4 } else { 2 };
        let mean_rate: f64 = thetas
            .iter()
            .map(|&t| 1.0 / brook_evans(design.ratio(), h, t, cells.max(MIN_CELLS / 2)))
            .sum::<f64>()
            / thetas.len() as f64;
        1.0 / mean_rate
    })
}

/// Quantile-midpoint nodes of `θ = r0/r̂0 ~ Gamma(m, 1)/(m − 1)`.
pub(crate) fn baseline_ratio_nodes(reference_blocks: u64) -> Result<Vec<f64>, DetectError> {
    const NODES: usize = 16;
    if reference_blocks < 2 {
        return Err(DetectError::InvalidParameter {
            name: "reference blocks",
            value: reference_blocks as f64,
            reason: "need at least 2 blocks",
        });
    }
    let m = reference_blocks as f64;
    (0..NODES)
        .map(|i| {
            let p = (i as f64 + 0.5) / NODES as f64;
            Ok(crate::stats::quantile::gamma(p, m, 1.0)? / (m - 1.0))
        })
        .collect()
}

/// Finds `h` with `arl(h) = target`: first on a coarse chain (`arl(h, true)`, N/4 cells),
/// then refined on the full chain from a tight bracket, so only 2–4 full-size solves are
/// needed.
fn solve_threshold(
    target: FalseAlarmTarget,
    arl: impl Fn(f64, bool) -> f64,
) -> Result<f64, DetectError> {
    let goal = target.arl0_blocks().ln();
    let coarse = |h: f64| arl(h, true).ln() - goal;
    // Bracket: ARL0 grows roughly like e^h, so doubling finds the upper end fast.
    let unreachable = |h: f64| DetectError::InvalidParameter {
        name: "cusum threshold",
        value: h,
        reason: "the average run length cannot be computed for this shift and target",
    };
    let (mut lo, mut hi) = (MIN_THRESHOLD, 1.0);
    loop {
        let c = coarse(hi);
        if c.is_nan() {
            // Fail before the (expensive) fine chain: shifts of ~10⁻⁹ break the chain.
            return Err(unreachable(hi));
        }
        if c >= 0.0 {
            break;
        }
        lo = hi;
        hi *= 2.0;
        if hi > 200.0 {
            return Err(DetectError::InvalidParameter {
                name: "false-alarm target",
                value: target.arl0_blocks(),
                reason: "no cusum threshold below 200 reaches it",
            });
        }
    }
    let h0 = illinois(coarse, lo, hi, 1e-4);
    if !h0.is_finite() {
        return Err(unreachable(h0));
    }
    let fine = |h: f64| arl(h, false).ln() - goal;
    // Secant from the coarse root (ln ARL is nearly linear in h, so 2–3 steps suffice); the
    // coarse chain's slope is a good first secant.
    let slope = (coarse(h0 + 0.01) - coarse(h0)) / 0.01;
    let (mut h_prev, mut f_prev) = (h0, fine(h0));
    if !f_prev.is_finite() {
        return Err(unreachable(h0));
    }
    if f_prev.abs() < FINE_TOLERANCE {
        return Ok(h0);
    }
    // Every step stays in the search range: at its lower end the ARL can be flat (a huge
    // shift alarms on a single block), where a secant step would leave it.
    let mut h = (h0 - f_prev / slope.max(1e-3)).max(MIN_THRESHOLD);
    for _ in 0..8 {
        let f = fine(h);
        if !f.is_finite() {
            // The previous, finite, point is the best estimate.
            return Ok(h_prev);
        }
        if f.abs() < FINE_TOLERANCE {
            return Ok(h);
        }
        let denom = f - f_prev;
        let next = if denom.abs() > 1e-12 { h - f * (h - h_prev) / denom } else { h - f / slope };
        (h_prev, f_prev) = (h, f);
        h = next.max(MIN_THRESHOLD);
    }
    if h.is_finite() { Ok(h) } else { Err(unreachable(h)) }
}

/// The smallest threshold searched. When even it gives an ARL0 above the target (a shift so
/// large that one block can raise an alarm), it is returned: the most sensitive detector,
/// still within the false-alarm budget.
const MIN_THRESHOLD: f64 = 1e-3;

/// Stop when the fine chain's ln ARL is within 2·10⁻⁴ of the target's (ARL within 0.02 %).
const FINE_TOLERANCE: f64 = 2e-4;

/// Illinois (modified regula falsi) root of an increasing function on a sign-changing
/// bracket, stopping at `|f| < tol`.
pub(crate) fn illinois(f: impl Fn(f64) -> f64, mut lo: f64, mut hi: f64, tol: f64) -> f64 {
    let mut f_lo = f(lo);
    let mut f_hi = f(hi);
    if f_lo >= 0.0 {
        return lo;
    }
    if f_hi <= 0.0 {
        return hi;
    }
    let mut side = 0i8;
    for _ in 0..100 {
        let mid = (lo * f_hi - hi * f_lo) / (f_hi - f_lo);
        let f_mid = f(mid);
        if f_mid.abs() < tol || (hi - lo) < 1e-9 {
            return mid;
        }
        if f_mid > 0.0 {
            hi = mid;
            f_hi = f_mid;
            if side == 1 {
                f_lo /= 2.0;
            }
            side = 1;
        } else {
            lo = mid;
            f_lo = f_mid;
            if side == -1 {
                f_hi /= 2.0;
            }
            side = -1;
        }
    }
    (lo + hi) / 2.0
}

/// CDF of the CUSUM increment `z = ln ρ − (ρ − 1)·v`, `v ~ Exp(θ)`.
#[inline]
fn increment_cdf(x: f64, a: f64, b: f64, theta: f64) -> f64 {
    // z = a + b·v with a = ln ρ, b = 1 − ρ.
    if b > 0.0 {
        if x <= a { 0.0 } else { -(-theta * (x - a) / b).exp_m1() }
    } else if x >= a {
        1.0
    } else {
        (-theta * (x - a) / b).exp()
    }
}

/// Brook–Evans zero-start ARL with an atom at 0 and `cells` cells on `(0, h)` represented by
/// their midpoints. The state order is chosen so that `I − Q` is lower-banded (drops) and the
/// elimination skips the exact zeros below the band: O(cells² × band).
pub(crate) fn brook_evans(rho: f64, h: f64, theta: f64, cells: usize) -> f64 {
    let a = rho.ln();
    let b = 1.0 - rho;
    let n = cells + 1;
    let width = h / cells as f64;
    let drop = b > 0.0;
    // Position in the matrix of chain state s (0 = atom, 1..=cells = cells). For rises the
    // order is reversed so that the (full) atom column ends up last and the band lies below.
    let pos = |s: usize| if drop { s } else { n - 1 - s };
    let mut m = vec![0.0f64; n * n];
    for s in 0..n {
        let x = if s == 0 { 0.0 } else { (s as f64 - 0.5) * width };
        let row = pos(s) * n;
        let mut prev = increment_cdf(-x, a, b, theta);
        if let Some(c) = m.get_mut(row + pos(0)) {
            *c -= prev;
        }
        // For drops the upper tail is geometric in j once a cell lies above the increment's
        // lower end `a`: 1 − F = e^{−θ(jΔ − x − a)/b} shrinks by `step` per cell.
        let step = if drop { (-theta * width / b).exp() } else { 0.0 };
        let mut tail = f64::NAN;
        for j in 1..n {
            let y = j as f64 * width - x;
            let cur = if drop && y > a + width {
                tail =
                    if tail.is_nan() { 1.0 - increment_cdf(y, a, b, theta) } else { tail * step };
                1.0 - tail
            } else {
                increment_cdf(y, a, b, theta)
            };
            let p = cur - prev;
            prev = cur;
            if p != 0.0
                && let Some(c) = m.get_mut(row + pos(j))
            {
                *c -= p;
            }
        }
        if let Some(c) = m.get_mut(row + pos(s)) {
            *c += 1.0;
        }
    }
    let mut rhs = vec![1.0f64; n];
    solve_in_place(&mut m, &mut rhs, n);
    rhs.get(pos(0)).copied().unwrap_or(f64::NAN)
}

/// Gaussian elimination without pivoting (I − Q is a non-singular M-matrix), skipping rows
/// whose entry in the pivot column is exactly zero.
fn solve_in_place(m: &mut [f64], rhs: &mut [f64], n: usize) {
    for k in 0..n {
        let (top, bottom) = m.split_at_mut((k + 1) * n);
        let Some(pivot_row) = top.get(k * n..(k + 1) * n) else { return };
        let pivot = pivot_row.get(k).copied().unwrap_or(1.0);
        let rk = rhs.get(k).copied().unwrap_or(0.0);
        for (i, row) in bottom.chunks_exact_mut(n).enumerate() {
            let Some(&lead) = row.get(k) else { break };
            if lead == 0.0 {
                // The state order makes the sub-diagonal part a contiguous band (elimination
                // creates no fill below it): the first zero ends the column.
                break;
            }
            let factor = lead / pivot;
            for (x, &p) in row.iter_mut().zip(pivot_row.iter()).skip(k) {
                *x -= factor * p;
            }
            if let Some(r) = rhs.get_mut(k + 1 + i) {
                *r -= factor * rk;
            }
        }
    }
    for k in (0..n).rev() {
        let row = m.get(k * n..(k + 1) * n).unwrap_or(&[]);
        let mut acc = rhs.get(k).copied().unwrap_or(0.0);
        for (j, &c) in row.iter().enumerate().skip(k + 1) {
            acc -= c * rhs.get(j).copied().unwrap_or(0.0);
        }
        if let Some(r) = rhs.get_mut(k) {
            *r = acc / row.get(k).copied().unwrap_or(1.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SCIENCE.md §6.2 table, ARL0 = 52 560 and 2016: (drop, h, zero-start delay).
    #[test]
    fn reproduces_science_cusum_table() {
        let t = FalseAlarmTarget::blocks(52_560.0).unwrap();
        for &(d, h_ref, delay_ref) in
            &[(0.05, 4.23, 2473.0), (0.10, 5.52, 813.0), (0.20, 6.81, 228.0)]
        {
            let s = Shift::drop(d).unwrap();
            let h = cusum_threshold(s, t).unwrap();
            assert!((h - h_ref).abs() < 0.006, "drop {d}: h {h} vs {h_ref}");
            let delay = cusum_arl(s, h, 1.0 - d).unwrap();
            assert!((delay / delay_ref - 1.0).abs() < 0.01, "drop {d}: delay {delay}");
        }
        let t = FalseAlarmTarget::blocks(2016.0).unwrap();
        for &(d, h_ref) in &[(0.05, 1.59), (0.10, 2.53), (0.20, 3.65)] {
            let h = cusum_threshold(Shift::drop(d).unwrap(), t).unwrap();
            assert!((h - h_ref).abs() < 0.006, "drop {d}: h {h} vs {h_ref}");
        }
    }

    /// SCIENCE.md §6.2: h = 3 for a 10 % drop gives ARL0 3541 and ARL1 381 (MC-validated).
    #[test]
    fn golden_h3() {
        let s = Shift::drop(0.10).unwrap();
        assert!((cusum_arl(s, 3.0, 1.0).unwrap() / 3541.0 - 1.0).abs() < 0.005);
        assert!((cusum_arl(s, 3.0, 0.9).unwrap() / 381.0 - 1.0).abs() < 0.005);
    }

    #[test]
    fn rise_chain_is_consistent_with_drop_chain_limits() {
        // A rise CUSUM's ARL0 is finite, grows with h and the ARL1 is shorter.
        let s = Shift::rise(0.10).unwrap();
        let a0 = cusum_arl(s, 4.0, 1.0).unwrap();
        let a0b = cusum_arl(s, 5.0, 1.0).unwrap();
        let a1 = cusum_arl(s, 4.0, 1.1).unwrap();
        assert!(a0 > 500.0 && a0b > 2.0 * a0 && a1 < a0 / 5.0, "{a0} {a0b} {a1}");
    }

    #[test]
    fn bad_arguments() {
        let s = Shift::drop(0.1).unwrap();
        assert!(cusum_arl(s, f64::NAN, 1.0).is_err());
        assert!(cusum_arl(s, 1.0, 0.0).is_err());
        assert!(
            cusum_threshold_estimated_baseline(s, FalseAlarmTarget::blocks(100.0).unwrap(), 1)
                .is_err()
        );
    }
}
