//! Change-point detection of hashrate drops (power-downs) and rises (recoveries), with a
//! controlled false-alarm rate and honest intervals.
//!
//! Miners powering rigs down show up on chain as a drop of the block rate at fixed
//! difficulty. Everything here works on the work-time `u_i = Δt_i/W_i` of
//! [`chain::WorkTime`](crate::chain::WorkTime) (i.i.d. `Exp(H)` at constant hashrate, across
//! retargets), normalised by a pre-change rate `r0` to `v = r0·u ~ Exp(1)` (SCIENCE.md §6).
//!
//! # Online detectors ([`Detector`])
//!
//! | detector | change size | calibration (ARL0 → threshold) | cost per block (bench) |
//! |---|---|---|---|
//! | [`Cusum`] | known | exact Brook–Evans Markov chain ([`calibration`]) | O(1), 5 ns |
//! | [`Glr`] | unknown (5–40 %, √2 grid) | exact per size + joint boundary inflation, simulated table | O(grid), 16 ns |
//! | [`CusumBank`] | unknown (5, 10, 20, 40 %) | exact per member + joint inflation, simulated table | O(grid), 11 ns |
//! | [`WindowedGlr`] | unknown, flat threshold | simulated table, or [`WindowedGlr::calibrate`] | O(log window), 0.5 µs |
//! | [`Bocpd`] | unknown, learned | [`Bocpd::calibrate`] by simulation | O(max run), ~10–20 µs |
//!
//! Every detector is configured by a [`FalseAlarmTarget`] — the in-control average run
//! length ARL0, in blocks or days — and nothing else: thresholds are never tuned to the data
//! they are applied to. [`Glr`] is the recommended unknown-size detector: the generalised
//! likelihood ratio over change points and sizes with a size-dependent boundary. At one false
//! alarm per year (ARL0 = 52 560) its mean delays for 5/10/20 % drops are 1.16/1.10/1.08 ×
//! those of a CUSUM that knows the drop size (SCIENCE.md §6.2's limits), 1.07–1.16 × for any
//! drop from 5 to 50 % and 1.29 × for a 3 % drop below its grid; the coarser [`CusumBank`] (the
//! scan's default) gets 1.13/1.08/1.09 ×; the flat-threshold [`WindowedGlr`] of SCIENCE.md §6.3
//! needs 1.86/1.45/1.18 × (2.52 × at 3 %) — one threshold for every size must be as high as
//! the largest size needs (`examples/detect_mainnet.rs --evaluation`, 2000 runs per cell;
//! asserted in `tests/detect_eval.rs`).
//!
//! # The unknown pre-change rate
//!
//! `r0` comes from a reference window ([`Baseline`]); its sampling error (±2.2 % for 2016
//! blocks) makes an over-estimate look like a drop and an under-estimate like a rise.
//! [`calibration::cusum_threshold_estimated_baseline`] calibrates a CUSUM so that the
//! false-alarm rate averaged over the reference window's sampling distribution meets the
//! target, and [`CusumBank::drops_estimated_baseline`] (scan option
//! [`DetectorKind::CusumBankEstimatedBaseline`]) applies it to every bank member. Measured on
//! a two-sided scan at ARL0 = 1000 per direction, with 30 s timestamp noise and retargets: one
//! alarm per 435 (bank) / 421 (GLR) blocks uncorrected, 461 / 461 corrected
//! ([`DetectorKind::GlrEstimatedBaseline`]), against 500 with a known `r0`
//! (`tests/detect_eval.rs`). Small drops with short
//! references pay heavily for the correction (a 5 % member at one false alarm per year needs
//! h ≈ 12 instead of 5): prefer longer reference windows for small drops.
//!
//! # From alarm to event
//!
//! [`scan`] / [`Scanner`] run drop and rise detectors along a series with a [`Baseline`]
//! from a reference window, and turn each alarm into a [`ChangeEvent`]
//! ([`PowerDownEvent`] / [`RecoveryEvent`]): onset height and time with a likelihood-ratio
//! confidence set ([`locate_onset`]), detection delay, size with an exact F-pivot interval on
//! post-alarm data ([`ratio`]), hashrate before and after as
//! [`hashrate::Estimate`](crate::hashrate::Estimate), and the power taken offline for a
//! fleet efficiency range.
//!
//! # Offline segmentation
//!
//! [`pelt`] segments a whole series (exponential cost, penalty from the same false-alarm
//! target) into [`Segment`]s with their hashrate intervals (≈ 4 s per 100 000 blocks with a
//! regime change every 5000; use `step > 1` for long series).
//!
//! # Timestamp noise and retargets
//!
//! Work-times already absorb difficulty changes. Timestamps that go backwards make some `u_i`
//! negative; every statistic is a function of window sums of `v`, in which interior timestamp
//! errors telescope away (SCIENCE.md §2.3), so the detectors use the values as they are
//! (BOCPD, which needs per-block densities, clamps at 0 — see [`Bocpd`]). [`scan`] first
//! applies a median-of-3 filter to the timestamps ([`robust_work_times`]), so an isolated
//! header hours off cannot raise an alarm before its negative twin arrives. Window sums use
//! double-double prefix sums: over the whole chain since genesis work-times span 13 orders of
//! magnitude and plain `f64` prefixes would quantise recent windows.
mod bank;
mod baseline;
mod bocpd;
pub mod calibration;
mod cusum;
mod detector;
mod error;
mod event;
mod glr;
mod montecarlo;
mod onset;
mod pelt;
mod prefix;
pub mod ratio;
mod robust;
mod scan;
mod scan_report;
mod shift;
mod windowed_glr;

pub use bank::{CusumBank, DEFAULT_DROP_GRID};
pub use baseline::{Baseline, BlockSum};
pub use bocpd::{Bocpd, BocpdConfig};
pub use calibration::FalseAlarmTarget;
pub use cusum::Cusum;
pub use detector::{Alarm, Detector};
pub use error::DetectError;
pub use event::{
    ChangeEvent, EventConfig, PowerChange, PowerDownEvent, RecoveryEvent, build_event,
};
pub use glr::{DEFAULT_GLR_DROPS, Glr};
pub use onset::{Onset, locate_onset, onset_cutoff};
pub use pelt::{Segment, pelt, penalty_for};
pub use robust::robust_work_times;
pub use scan::{DetectorKind, ScanConfig, Scanner, scan};
pub use scan_report::{ScanGap, ScanReport};
pub use shift::{Direction, Shift};
pub use windowed_glr::{WindowGrid, WindowedGlr, WindowedGlrConfig};
