//! Adversarial checks of the change-detection module: extreme configuration values give typed
//! errors (never a panic, an abort on a huge allocation or a hang), degenerate numbers are
//! rejected instead of propagating, and deserialisation enforces the constructors' invariants.
use minerscope::chain::WorkTime;
use minerscope::detect::ratio::{change_size, change_size_counts};
use minerscope::detect::{
    Baseline, BlockSum, Bocpd, BocpdConfig, DetectError, Direction, EventConfig, FalseAlarmTarget,
    ScanConfig, Shift, WindowGrid, WindowedGlr, WindowedGlrConfig, build_event, pelt,
    robust_work_times, scan,
};
use minerscope::stats::ConfidenceLevel;
use proptest::prelude::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// 4000 blocks 600 s apart up to block 1999, then 750 s apart (a 20 % drop from block 2000),
/// the first block at `start`.
fn drop_series(start: u32) -> Result<WorkTime, minerscope::chain::ChainError> {
    let times: Vec<i64> =
        (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    WorkTime::from_parts(start, &times, &vec![6e20; 4000])
}

#[test]
fn a_huge_timestamp_median_window_is_the_whole_series_not_an_allocation_failure() -> TestResult {
    let times: Vec<i64> = (0..50).map(|h| 600 * h).collect();
    let wt = WorkTime::from_parts(0, &times, &[6e20; 50])?;
    // On monotone timestamps any median window returns the raw work-times.
    assert_eq!(robust_work_times(&wt, u32::MAX), wt.intervals().to_vec());
    let mut config = ScanConfig::new(FalseAlarmTarget::blocks(200.0)?);
    config.reference_blocks = 20;
    config.timestamp_median = u32::MAX;
    assert!(scan(&wt, &config)?.is_empty());
    Ok(())
}

#[test]
fn a_huge_glr_window_is_a_typed_error_not_an_allocation_failure() {
    for grid in [WindowGrid::Exact, WindowGrid::Geometric { ratio: 1.15 }] {
        let config = WindowedGlrConfig {
            window: u32::MAX,
            grid,
            ..WindowedGlrConfig::default_for(Direction::Drop)
        };
        assert!(matches!(
            WindowedGlr::with_threshold(config, 5.0),
            Err(DetectError::InvalidParameter { name: "glr window", .. })
        ));
    }
}

#[test]
fn a_geometric_glr_grid_with_a_ratio_just_above_one_terminates() -> TestResult {
    // 1 + 2⁻⁵² would take ~10¹⁶ multiplications to climb from 10 to 8064: the grid must still
    // be built, as every length from min_window to window.
    let config = WindowedGlrConfig {
        grid: WindowGrid::Geometric { ratio: 1.0 + f64::EPSILON },
        ..WindowedGlrConfig::default_for(Direction::Drop)
    };
    let lengths = config.lengths()?;
    assert_eq!(lengths, (10..=8064).collect::<Vec<u32>>());
    Ok(())
}

#[test]
fn a_huge_bocpd_max_run_is_a_typed_error() {
    for max_run in [u32::MAX, u32::MAX - 1, 1 << 28] {
        let config = BocpdConfig { max_run, recent: 720, ..BocpdConfig::default() };
        assert!(matches!(
            Bocpd::with_threshold(config, 0.5),
            Err(DetectError::InvalidParameter { name: "bocpd max_run", .. })
        ));
    }
}

#[test]
fn pelt_with_a_huge_min_segment_is_an_error_not_an_overflow() -> TestResult {
    let wt = drop_series(0)?;
    let t = FalseAlarmTarget::blocks(2016.0)?;
    for min_blocks in [u32::MAX, u32::MAX / 2 + 1] {
        assert!(matches!(
            pelt(&wt, t, min_blocks, 1, ConfidenceLevel::P95),
            Err(DetectError::EmptySeries { .. })
        ));
    }
    Ok(())
}

#[test]
fn count_ratio_with_huge_counts_does_not_overflow() {
    // k0 + k1 overflowed u64. Counts beyond the Beta quantile's shape limit are a typed error.
    for (k0, k1) in [(u64::MAX, 1), (1, u64::MAX), (u64::MAX, u64::MAX)] {
        match change_size_counts(k0, 1.0, k1, 1.0, ConfidenceLevel::P95) {
            Ok(size) => {
                let (lo, hi) = (size.interval().low(), size.interval().high());
                assert!(lo <= size.ratio() && size.ratio() <= hi, "{k0} {k1}: {size:?}");
            }
            Err(e) => assert!(matches!(e, DetectError::Stats(_)), "{k0} {k1}: {e}"),
        }
    }
}

#[test]
fn a_baseline_whose_rate_overflows_is_rejected() {
    // Two intervals in 1e-310 s/H: a rate of 1e310 H/s is not a finite f64.
    assert!(matches!(
        Baseline::from_work_time(2, 1e-310),
        Err(DetectError::InvalidRate { what: "baseline rate", .. })
    ));
}

#[test]
fn a_false_alarm_target_in_days_that_overflows_in_blocks_is_rejected() {
    assert!(matches!(
        FalseAlarmTarget::per_days(1e307),
        Err(DetectError::InvalidFalseAlarmTarget { what: "days", .. })
    ));
}

#[test]
fn change_size_of_tiny_work_times_is_their_ratio() -> TestResult {
    // Both rates overflow f64 (2/1e-310), their ratio is exactly 1/2.
    let before = BlockSum { blocks: 2, work_time: 1e-310 };
    let after = BlockSum { blocks: 2, work_time: 2e-310 };
    let size = change_size(before, after, ConfidenceLevel::P95)?;
    assert!((size.ratio() - 0.5).abs() < 1e-12, "{}", size.ratio());
    Ok(())
}

#[test]
fn the_onset_search_stops_at_the_series_start_when_the_floor_is_below_it() -> TestResult {
    // The series starts at 840 000; the onset search window (8064 blocks back from the alarm)
    // and the floor (0, "no floor") both reach before it.
    let wt = drop_series(840_000)?;
    let event =
        build_event(&wt, Direction::Drop, 842_100, 0, (840_000, 841_000), &EventConfig::default())?;
    assert_eq!(event.onset().height(), 842_000);
    Ok(())
}

#[test]
fn an_empty_before_stretch_is_a_degenerate_window_not_out_of_range() -> TestResult {
    let wt = drop_series(0)?;
    for before in [(1000, 1000), (1500, 1000)] {
        let err =
            build_event(&wt, Direction::Drop, 3000, 1900, before, &EventConfig::default()).err();
        assert!(
            matches!(err, Some(DetectError::DegenerateWindow { what: "before window", .. })),
            "{before:?}: {err:?}"
        );
    }
    Ok(())
}

#[cfg(feature = "serde")]
mod serde_invariants {
    use minerscope::detect::{
        Baseline, Cusum, CusumBank, Detector, FalseAlarmTarget, Glr, ScanConfig, Shift,
    };

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn shifts_and_targets_round_trip_and_reject_what_their_constructors_reject() -> TestResult {
        let s = Shift::drop(0.1)?;
        assert_eq!(serde_json::from_str::<Shift>(&serde_json::to_string(&s)?)?, s);
        // A ratio of 1 (no change), 0 or a negative one cannot be a shift.
        for bad in ["1.0", "0.0", "-0.5"] {
            assert!(serde_json::from_str::<Shift>(bad).is_err(), "{bad}");
        }
        let t = FalseAlarmTarget::per_days(365.0)?;
        assert_eq!(serde_json::from_str::<FalseAlarmTarget>(&serde_json::to_string(&t)?)?, t);
        // A false alarm every 0 or −5 blocks: `FalseAlarmTarget::blocks` rejects both.
        for bad in ["0.0", "-5.0", "3.0"] {
            assert!(serde_json::from_str::<FalseAlarmTarget>(bad).is_err(), "{bad}");
        }
        // Through a configuration: a scan config cannot smuggle a zero target in.
        let config = ScanConfig::new(t);
        let json = serde_json::to_string(&config)?;
        assert_eq!(serde_json::from_str::<ScanConfig>(&json)?, config);
        let zero = json.replace(&format!("\"target\":{}", t.arl0_blocks()), "\"target\":0.0");
        assert_ne!(zero, json);
        assert!(serde_json::from_str::<ScanConfig>(&zero).is_err());
        Ok(())
    }

    #[test]
    fn baselines_round_trip_and_reject_bad_rates() -> TestResult {
        for b in [
            Baseline::from_work_time(2016, 1.2e-18)?,
            Baseline::known(minerscope::units::Hashrate::from_hs(6e20)?)?,
        ] {
            assert_eq!(serde_json::from_str::<Baseline>(&serde_json::to_string(&b)?)?, b);
        }
        for bad in [
            r#"{"rate":0.0,"reference":null}"#,
            r#"{"rate":-1.0,"reference":null}"#,
            r#"{"rate":1.0,"reference":{"blocks":1,"work_time":1.0}}"#,
            // The rate disagrees with its reference window ((2016 − 1)/2016 ≈ 0.9995).
            r#"{"rate":5.0,"reference":{"blocks":2016,"work_time":2016.0}}"#,
        ] {
            assert!(serde_json::from_str::<Baseline>(bad).is_err(), "{bad}");
        }
        Ok(())
    }

    #[test]
    fn detectors_round_trip_mid_stream_and_reject_corrupt_state() -> TestResult {
        let mut cusum = Cusum::with_threshold(Shift::drop(0.1)?, 3.0)?;
        for _ in 0..5 {
            cusum.update(2.0);
        }
        let back: Cusum = serde_json::from_str(&serde_json::to_string(&cusum)?)?;
        assert_eq!(back, cusum);
        let mut bank = CusumBank::drops(FalseAlarmTarget::blocks(2016.0)?)?;
        bank.update(2.0);
        assert_eq!(serde_json::from_str::<CusumBank>(&serde_json::to_string(&bank)?)?, bank);
        let glr = Glr::new(minerscope::detect::Direction::Drop, FalseAlarmTarget::blocks(2016.0)?)?;
        assert_eq!(serde_json::from_str::<Glr>(&serde_json::to_string(&glr)?)?, glr);

        let json = serde_json::to_string(&cusum)?;
        let v: serde_json::Value = serde_json::from_str(&json)?;
        let with = |key: &str, value: serde_json::Value| {
            let mut v = v.clone();
            if let Some(o) = v.as_object_mut() {
                o.insert(key.into(), value);
            }
            serde_json::from_value::<Cusum>(v)
        };
        // A zero or negative threshold, a negative statistic, a last reset after the current
        // block, or a log-ratio that disagrees with the shift.
        assert!(with("h", (0.0).into()).is_err());
        assert!(with("h", (-3.0).into()).is_err());
        assert!(with("s", (-1.0).into()).is_err());
        assert!(with("last_zero", 99.into()).is_err());
        assert!(with("ln_rho", (5.0).into()).is_err());
        // An empty bank or an inflation below 1.
        let bank_json: serde_json::Value = serde_json::to_value(&bank)?;
        let mut empty = bank_json.clone();
        if let Some(o) = empty.as_object_mut() {
            o.insert("members".into(), serde_json::Value::Array(vec![]));
        }
        assert!(serde_json::from_value::<CusumBank>(empty).is_err());
        let mut deflated = bank_json;
        if let Some(o) = deflated.as_object_mut() {
            o.insert("inflation".into(), (0.5).into());
        }
        assert!(serde_json::from_value::<CusumBank>(deflated).is_err());
        Ok(())
    }
}

fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(0.0),
        Just(-0.0),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(f64::MIN_POSITIVE),
        Just(5e-324),
        Just(f64::MAX),
        -2.0f64..2.0,
        1e-25f64..1e25,
    ]
}

fn any_u32() -> impl Strategy<Value = u32> {
    prop_oneof![any::<u32>(), Just(0u32), Just(1), Just(2), Just(u32::MAX), 0u32..5000]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn value_constructors_are_ok_and_sane_or_typed_errors(
        x in any_f64(), y in any_f64(), k in any::<u64>(),
        // A fraction in (0, 1) half the time: `x` almost never is one.
        fraction in prop_oneof![any_f64(), 1e-12f64..1.0],
    ) {
        for x in [x, fraction] {
            if let Ok(s) = Shift::drop(x) {
                prop_assert!(s.ratio() > 0.0 && s.ratio() < 1.0 && s.kl_per_block().is_finite());
            }
            if let Ok(s) = Shift::rise(x) {
                prop_assert!(s.ratio() > 1.0 && s.ratio().is_finite());
            }
        }
        if let Ok(s) = Shift::from_ratio(x) {
            prop_assert!(s.ratio().is_finite() && s.ratio() > 0.0 && s.llr(1.0).is_finite());
        }
        for t in [FalseAlarmTarget::blocks(x), FalseAlarmTarget::per_days(x)].into_iter().flatten() {
            prop_assert!(t.arl0_blocks().is_finite() && t.arl0_blocks() >= FalseAlarmTarget::MIN_BLOCKS);
        }
        if let Ok(b) = Baseline::from_work_time(k, x) {
            prop_assert!(b.normalise(1.0).is_finite() && b.normalise(1.0) > 0.0);
            prop_assert!(b.hashrate().to_hs() > 0.0);
        }
        let a = BlockSum { blocks: k % 10_000, work_time: x };
        let b = BlockSum { blocks: (k >> 32) % 10_000, work_time: y };
        if let Ok(size) = change_size(a, b, ConfidenceLevel::P95) {
            let (lo, hi) = (size.interval().low(), size.interval().high());
            prop_assert!(size.ratio().is_finite() && size.ratio() > 0.0);
            prop_assert!(lo <= size.ratio() && size.ratio() <= hi, "{size:?}");
        }
        if let Ok(size) = change_size_counts(k % 100_000, x, (k >> 20) % 100_000, y, ConfidenceLevel::P95) {
            let (lo, hi) = (size.interval().low(), size.interval().high());
            prop_assert!(lo <= size.ratio() && size.ratio() <= hi, "{size:?}");
        }
    }

    #[test]
    fn glr_grids_are_bounded_ascending_and_end_at_the_window(
        window in any_u32(),
        min_window in any_u32(),
        ratio in prop_oneof![any_f64(), 1.0f64..1.001, Just(1.0 + f64::EPSILON), 1.0f64..3.0],
    ) {
        let config = WindowedGlrConfig {
            window,
            min_window,
            grid: WindowGrid::Geometric { ratio },
            ..WindowedGlrConfig::default_for(Direction::Rise)
        };
        if let Ok(lengths) = config.lengths() {
            prop_assert!(window <= WindowedGlrConfig::MAX_WINDOW);
            prop_assert!(lengths.windows(2).all(|w| w[0] < w[1]));
            prop_assert_eq!(lengths.first().copied(), Some(min_window));
            prop_assert_eq!(lengths.last().copied(), Some(window));
        }
    }

    #[test]
    fn pelt_and_bocpd_configs_never_panic(
        min_blocks in any_u32(),
        step in any_u32(),
        max_run in any_u32(),
        recent in any_u32(),
        hazard in prop_oneof![any_f64(), 1e-4f64..0.5],
        prior in prop_oneof![any_f64(), 0.1f64..10.0],
    ) {
        let times: Vec<i64> = (0..60).map(|h| 600 * h - if h % 7 == 3 { 5000 } else { 0 }).collect();
        let Ok(wt) = WorkTime::from_parts(u32::MAX - 59, &times, &[6e20; 60]) else {
            return Err(TestCaseError::fail("series"));
        };
        let t = FalseAlarmTarget::blocks(200.0).map_err(|e| TestCaseError::fail(e.to_string()))?;
        if let Ok(segments) = pelt(&wt, t, min_blocks, step, ConfidenceLevel::P95) {
            prop_assert!(segments.windows(2).all(|w| w[0].to_height() == w[1].from_height()));
        }
        let config = BocpdConfig {
            max_run: max_run % (1 << 21),
            recent: recent % (1 << 21),
            hazard,
            prior_shape: prior,
            prior_rate: 10.0,
        };
        // Large valid horizons are accepted but expensive per block: feed only a few.
        if let Ok(mut b) = Bocpd::with_threshold(config, 0.5) {
            for v in [1.0, -3.0, 0.0, 1e300, f64::NAN] {
                let _ = minerscope::detect::Detector::update(&mut b, v);
            }
        }
    }

    #[test]
    fn events_at_any_heights_are_errors_or_contain_their_estimates(
        alarm in any_u32(),
        floor in any_u32(),
        b0 in any_u32(),
        b1 in any_u32(),
        start in prop_oneof![Just(0u32), Just(840_000), Just(u32::MAX - 3999)],
        ordered in any::<bool>(),
    ) {
        let Ok(wt) = drop_series(start) else { return Err(TestCaseError::fail("series")) };
        let config = EventConfig::default();
        let pick = |h: u32| if h < 5000 { start.saturating_add(h) } else { h };
        // Half the cases put the `before` stretch and the alarm in order inside the series.
        let (alarm, b0, b1) = if ordered {
            let mut v = [alarm % 4000, b0 % 4000, b1 % 4000];
            v.sort_unstable();
            (v[2], v[0], v[1])
        } else {
            (alarm, b0, b1)
        };
        match build_event(&wt, Direction::Drop, pick(alarm), pick(floor), (pick(b0), pick(b1)), &config) {
            Ok(e) => {
                let (lo, hi) = e.onset().height_interval();
                prop_assert!(lo <= e.onset().height() && e.onset().height() <= hi);
                prop_assert!(e.onset().height() <= e.alarm_height());
                let size = e.size();
                prop_assert!(size.interval().low() <= size.ratio() && size.ratio() <= size.interval().high());
            }
            Err(e) => prop_assert!(
                matches!(
                    e,
                    DetectError::HeightOutOfRange { .. }
                        | DetectError::InvalidParameter { .. }
                        | DetectError::DegenerateWindow { .. }
                ),
                "{e}"
            ),
        }
    }
}

#[test]
fn a_fraction_too_small_to_move_the_ratio_off_one_is_rejected() {
    // 1 − 10⁻¹⁷ == 1: the "drop" had ratio 1 and reported itself as a rise.
    for (made, name) in
        [(Shift::drop(1e-17), "drop fraction"), (Shift::rise(1e-17), "rise fraction")]
    {
        assert!(
            matches!(made, Err(DetectError::InvalidParameter { name: n, .. }) if n == name),
            "{made:?}"
        );
    }
    assert!(Shift::drop(1e-15).is_ok_and(|s| s.direction() == Direction::Drop));
}

#[test]
fn count_ratio_of_tiny_exposures_is_the_ratio_of_counts() -> TestResult {
    // k0/E0 overflows to ∞ and the point estimate was 1/∞ = 0, outside its own interval.
    let size = change_size_counts(48_576, 2.2e-308, 1, 2.2e-308, ConfidenceLevel::P95)?;
    assert!((size.ratio() * 48_576.0 - 1.0).abs() < 1e-12, "{size:?}");
    assert!(size.interval().low() <= size.ratio() && size.ratio() <= size.interval().high());
    Ok(())
}

/// Replications of the in-control run length at ARL0 = 525 600 (one false alarm in ten years,
/// ten times the top of the shipped calibration tables). Run lengths are close to geometric,
/// so the Monte-Carlo s.e. of their mean is ≈ ARL0/√300 ≈ 5.8 %.
const LONG_ARL0_RUNS: u64 = 300;
/// The bank's measured ARL0 must reach this fraction of the target: 2.6 s.e. below it.
const LONG_ARL0_MIN_FRACTION: f64 = 0.85;

#[test]
fn a_bank_keeps_its_false_alarm_target_beyond_the_calibration_table() -> TestResult {
    use minerscope::detect::{CusumBank, Detector};
    use rand::{RngExt, SeedableRng};
    // Above the table's last entry (52 560) the inflation was held at its last value, so the
    // bank alarmed every ≈ 406 000 ± 23 000 blocks instead of 525 600.
    let target = 525_600.0;
    let mut bank = CusumBank::drops(FalseAlarmTarget::blocks(target)?)?;
    let cap = 20 * target as u64;
    let mut total = 0u64;
    for run in 0..LONG_ARL0_RUNS {
        let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(run * 7919 + 1);
        bank.reset();
        let mut k = 0u64;
        loop {
            k += 1;
            let v: f64 = rng.sample(rand_distr::Exp1);
            if bank.update(v).is_some() || k >= cap {
                break;
            }
        }
        total += k;
    }
    let arl0 = total as f64 / LONG_ARL0_RUNS as f64;
    assert!(arl0 > LONG_ARL0_MIN_FRACTION * target, "ARL0 {arl0:.0} for a target of {target}");
    Ok(())
}

#[test]
fn calibrating_on_zero_replications_is_an_error() -> TestResult {
    // With no replication the simulated ARL0 was 0: WindowedGlr and Bocpd returned the top of
    // their search range as if calibrated, and the bank's bracketing grew until its member
    // thresholds overflowed (minutes of Markov chains, then an unrelated error).
    let t = FalseAlarmTarget::blocks(200.0)?;
    let is_runs_error = |e: &DetectError| {
        matches!(e, DetectError::InvalidParameter { name: "calibration runs", .. })
    };
    let config = WindowedGlrConfig::default_for(Direction::Drop);
    assert!(WindowedGlr::calibrate(config, t, 0, 1).is_err_and(|e| is_runs_error(&e)));
    let bocpd = BocpdConfig { max_run: 50, recent: 50, ..BocpdConfig::default() };
    assert!(Bocpd::calibrate(bocpd, t, 0, 1).is_err_and(|e| is_runs_error(&e)));
    let shifts = [Shift::drop(0.1)?, Shift::drop(0.4)?];
    assert!(
        minerscope::detect::CusumBank::calibrate_inflation(&shifts, t, 0, 1)
            .is_err_and(|e| is_runs_error(&e))
    );
    assert!(
        minerscope::detect::Glr::calibrate_inflation(&shifts, t, 0, 1)
            .is_err_and(|e| is_runs_error(&e))
    );
    Ok(())
}

#[test]
fn normalising_a_block_whose_value_overflows_is_an_error() -> TestResult {
    let b = Baseline::from_work_time(2016, 2016.0)?;
    // 1e300 s over a work of 1e-10 hashes: the normalised value is not a finite f64.
    assert!(matches!(
        b.normalise_block(1e300, 1e-10),
        Err(DetectError::NonFiniteWorkTime { value, .. }) if value.is_infinite()
    ));
    Ok(())
}

#[test]
fn a_series_ending_at_the_last_height_scans_like_any_other() -> TestResult {
    // The same 20 % drop, once at the start of the height range and once at its very end.
    let mut config = ScanConfig::new(FalseAlarmTarget::blocks(2016.0)?);
    config.reference_blocks = 1000;
    let low = scan(&drop_series(0)?, &config)?;
    let high = scan(&drop_series(u32::MAX - 3999)?, &config)?;
    assert_eq!(low.len(), high.len());
    assert!(!low.is_empty());
    for (a, b) in low.iter().zip(&high) {
        assert_eq!(b.onset().height() - (u32::MAX - 3999), a.onset().height());
        assert_eq!(b.alarm_height() - (u32::MAX - 3999), a.alarm_height());
        assert_eq!(a.size().ratio(), b.size().ratio());
    }
    Ok(())
}

#[test]
fn a_cusum_threshold_is_positive_even_when_the_smallest_one_overshoots_the_target() -> TestResult {
    use minerscope::detect::Cusum;
    use minerscope::detect::calibration::{cusum_arl, cusum_threshold};
    // A 99.9999 % drop alarms only on a block slower than ~14 mean block times: even the
    // smallest threshold has an ARL0 near 10⁶. The secant step then left the search range and
    // returned h = −2.95 as Ok.
    let shift = Shift::drop(0.999_999)?;
    let target = FalseAlarmTarget::blocks(52_560.0)?;
    let h = cusum_threshold(shift, target)?;
    assert!(h.is_finite() && h > 0.0, "{h}");
    assert!(cusum_arl(shift, h, 1.0)? >= target.arl0_blocks());
    assert!(Cusum::new(shift, target).is_ok());
    Ok(())
}

#[test]
fn a_cusum_threshold_that_cannot_be_computed_is_an_error_not_nan() -> TestResult {
    use minerscope::detect::calibration::cusum_threshold;
    // The Markov chain breaks down for shifts of 10⁻⁹ and ratios of 10^±300: these returned
    // Ok(NaN) or Ok(−∞) (after 15–20 s for the small shifts).
    let target = FalseAlarmTarget::blocks(52_560.0)?;
    for shift in
        [Shift::drop(1e-9)?, Shift::rise(1e-9)?, Shift::from_ratio(1e-300)?, Shift::rise(1e300)?]
    {
        match cusum_threshold(shift, target) {
            Ok(h) => assert!(h.is_finite() && h > 0.0, "{shift}: {h}"),
            Err(e) => assert!(
                matches!(e, DetectError::InvalidParameter { name: "cusum threshold", .. }),
                "{shift}: {e}"
            ),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn cusum_run_lengths_are_at_least_one_block(
        drop in prop::bool::ANY,
        size in 0.01f64..0.9,
        h in prop_oneof![1e-3f64..20.0, Just(1e-300), Just(150.0)],
        theta in prop_oneof![1e-3f64..1e3, Just(1e-300), Just(1e300), Just(1.0)],
    ) {
        use minerscope::detect::calibration::cusum_arl;
        let shift = if drop { Shift::drop(size) } else { Shift::rise(size) };
        let shift = shift.map_err(|e| TestCaseError::fail(e.to_string()))?;
        match cusum_arl(shift, h, theta) {
            Ok(arl) => prop_assert!(arl >= 1.0 - 1e-9, "{shift} h {h} θ {theta}: {arl}"),
            Err(e) => prop_assert!(matches!(e, DetectError::InvalidParameter { .. }), "{e}"),
        }
    }
}

/// A reference window across timestamps that run backwards has a negative work-time and no
/// baseline: the scan passes over it, and `scan_report` lists it (it used to be skipped without
/// a trace); `scan` returns exactly the report's events.
#[test]
fn scan_reports_the_reference_windows_it_passes_over() {
    use minerscope::detect::{ScanConfig, ScanGap, Scanner};
    let mut times: Vec<i64> = (0..300).map(|h| 600 * h).collect();
    times.extend((0..10).map(|k| 600 * 299 - 1_800 * (k + 1)));
    let last = *times.last().expect("non-empty");
    times.extend((1..=300).map(|k| last + 600 * k));
    let wt = WorkTime::from_parts(0, &times, &vec![6e20; times.len()]).expect("valid");
    let mut config = ScanConfig::new(FalseAlarmTarget::per_days(365.0).expect("valid"));
    config.reference_blocks = 5;
    config.timestamp_median = 0;
    let scanner = Scanner::new(&config).expect("valid");
    let report = scanner.scan_report(&wt).expect("long enough");
    let passed: Vec<(u32, u32)> = report
        .gaps()
        .iter()
        .filter_map(|g| match g {
            ScanGap::NoBaseline {
                from_height,
                to_height,
                error: DetectError::DegenerateWindow { work_time, .. },
            } => {
                assert!(*work_time <= 0.0, "a gap needs a non-positive work-time: {g:?}");
                Some((*from_height, *to_height))
            }
            _ => None,
        })
        .collect();
    assert!(!passed.is_empty(), "{:?}", report.gaps());
    // Every window passed over lies across the backwards stretch (blocks 300..=309).
    assert!(passed.iter().all(|&(from, to)| from < 310 && to >= 300), "{passed:?}");
    assert_eq!(scanner.scan(&wt).expect("long enough"), report.events());
}
