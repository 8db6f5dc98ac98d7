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
    let event = build_event(
        &wt,
        Direction::Drop,
        842_100,
        0,
        (840_000, 841_000),
        &EventConfig::default(),
    )?;
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
