//! Seeded Monte-Carlo run lengths, used to calibrate detectors whose ARL has no exact
//! computation (CUSUM banks, GLR, BOCPD).

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rand_distr::Exp1;

use super::DetectError;
use super::detector::Detector;

/// The seeded generator used for one replication (independent streams per `(seed, run)`).
/// At least one replication: a mean over none is not a run length.
pub(crate) fn check_runs(runs: u64) -> Result<(), DetectError> {
    if runs == 0 {
        return Err(DetectError::InvalidParameter {
            name: "calibration runs",
            value: 0.0,
            reason: "need at least one replication",
        });
    }
    Ok(())
}

pub(crate) fn replication_rng(seed: u64, run: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed ^ run.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// Blocks until the first alarm on an in-control stream (`v ~ Exp(1)`), capped at `cap`.
pub(crate) fn in_control_run_length<D: Detector>(
    detector: &mut D,
    rng: &mut Xoshiro256PlusPlus,
    cap: u64,
) -> u64 {
    detector.reset();
    for k in 1..=cap {
        let v: f64 = rng.sample(Exp1);
        if detector.update(v).is_some() {
            return k;
        }
    }
    cap
}

/// Mean in-control run length over `runs` replications with common random numbers (the same
/// `(seed, run)` streams for every call, so the estimate is monotone in the threshold).
pub(crate) fn mean_in_control_run_length<D: Detector>(
    detector: &mut D,
    runs: u64,
    seed: u64,
    cap: u64,
) -> f64 {
    let total: u64 = (0..runs)
        .map(|r| in_control_run_length(detector, &mut replication_rng(seed, r), cap))
        .sum();
    total as f64 / runs.max(1) as f64
}

/// Running-maximum records `(block, value)` of a statistic path on an in-control stream,
/// until the value reaches `g_max` or `cap` blocks. From them the run length to *any*
/// threshold `g ≤ g_max` is read off without re-simulating.
pub(crate) fn records(
    step: &mut impl FnMut(f64) -> f64,
    rng: &mut Xoshiro256PlusPlus,
    g_max: f64,
    cap: u64,
) -> Vec<(u64, f64)> {
    let mut out = Vec::new();
    let mut best = f64::NEG_INFINITY;
    for k in 1..=cap {
        let v: f64 = rng.sample(Exp1);
        let g = step(v);
        if g > best {
            best = g;
            out.push((k, g));
            if g >= g_max {
                break;
            }
        }
    }
    out
}

/// Mean run length to threshold `g` over recorded paths (censored at `cap`).
pub(crate) fn mean_run_length(paths: &[Vec<(u64, f64)>], g: f64, cap: u64) -> f64 {
    let total: u64 =
        paths.iter().map(|p| p.iter().find(|(_, v)| *v >= g).map_or(cap, |(k, _)| *k)).sum();
    total as f64 / paths.len().max(1) as f64
}

/// Threshold with mean in-control run length `target`, by simulation: a pilot of `runs/8`
/// replications up to `g_hint_max` locates it, then `runs` replications recorded up to the
/// pilot's value plus `margin` pin it down (bisection on the recorded paths).
pub(crate) fn simulate_threshold<S: FnMut(f64) -> f64>(
    mut make: impl FnMut() -> S,
    target: f64,
    runs: u64,
    seed: u64,
    g_hint_max: f64,
    margin: f64,
) -> f64 {
    let cap = (20.0 * target) as u64;
    let solve = |paths: &[Vec<(u64, f64)>], hi: f64| {
        let (mut lo, mut hi) = (0.0f64, hi);
        for _ in 0..50 {
            let mid = 0.5 * (lo + hi);
            if mean_run_length(paths, mid, cap) < target {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        0.5 * (lo + hi)
    };
    let pilot: Vec<_> = (0..(runs / 8).max(20))
        .map(|r| records(&mut make(), &mut replication_rng(seed ^ 0xA5A5, r), g_hint_max, cap))
        .collect();
    let g_max = solve(&pilot, g_hint_max) + margin;
    let paths: Vec<_> = (0..runs)
        .map(|r| records(&mut make(), &mut replication_rng(seed, r), g_max, cap))
        .collect();
    solve(&paths, g_max)
}
