//! API checks for `detect`: typed errors on bad input, common traits, BOCPD and PELT
//! calibration against their false-alarm targets.
use minerscope::chain::WorkTime;
use minerscope::detect::{
    Baseline, BlockSum, Bocpd, BocpdConfig, Cusum, CusumBank, DetectError, Detector,
    FalseAlarmTarget, Shift, WindowGrid, WindowedGlr, WindowedGlrConfig, calibration, pelt, ratio,
};
use minerscope::stats::ConfidenceLevel;
use minerscope::units::Hashrate;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rand_distr::Exp1;

#[test]
fn c_send_sync_and_error_display() {
    fn is_send_sync<T: Send + Sync + 'static>() {}
    is_send_sync::<DetectError>();
    is_send_sync::<Cusum>();
    is_send_sync::<CusumBank>();
    is_send_sync::<WindowedGlr>();
    is_send_sync::<Bocpd>();
    let e = FalseAlarmTarget::blocks(-1.0).unwrap_err();
    assert_eq!(e.to_string(), "false-alarm target blocks must be finite and at least 10, got -1");
}

/// The change-point confidence-set cut-off `−ln(1 − √level)`: 3.676 at 95 % (hand-derived:
/// √0.95 = 0.974679, −ln 0.025321 = 3.6761).
#[test]
fn onset_cutoff_golden() {
    let c = minerscope::detect::onset_cutoff(ConfidenceLevel::P95);
    assert!((c - 3.6761).abs() < 1e-4, "{c}");
}

#[test]
fn bad_input_is_a_typed_error() {
    for bad in [f64::NAN, f64::INFINITY, 0.0, -5.0, 9.0] {
        assert!(matches!(
            FalseAlarmTarget::blocks(bad),
            Err(DetectError::InvalidFalseAlarmTarget { .. })
        ));
    }
    assert!(FalseAlarmTarget::per_days(f64::NAN).is_err());
    assert!(Shift::drop(0.0).is_err() && Shift::rise(f64::NAN).is_err());
    assert!(Shift::from_ratio(1.0).is_err() && Shift::from_ratio(-0.5).is_err());
    assert!(Baseline::from_work_time(10, 0.0).is_err());
    assert!(Baseline::from_work_time(10, -3.0).is_err());
    assert!(Baseline::from_work_time(10, f64::NAN).is_err());
    assert!(Baseline::known(Hashrate::ZERO).is_err());
    let b = Baseline::from_work_time(10, 9.0).unwrap();
    assert!(b.normalise_block(600.0, 0.0).is_err() && b.normalise_block(f64::NAN, 1.0).is_err());
    let ok = BlockSum { blocks: 10, work_time: 10.0 };
    let empty = BlockSum { blocks: 0, work_time: 0.0 };
    let negative = BlockSum { blocks: 10, work_time: -1.0 };
    let l = ConfidenceLevel::P95;
    assert!(matches!(ratio::change_size(empty, ok, l), Err(DetectError::DegenerateWindow { .. })));
    assert!(ratio::change_size(ok, negative, l).is_err());
    assert!(ratio::change_size_counts(0, 1.0, 0, 1.0, l).is_err());
    assert!(ratio::change_size_counts(3, 0.0, 1, 1.0, l).is_err());
    assert!(Cusum::with_threshold(Shift::drop(0.1).unwrap(), 0.0).is_err());
    let t = FalseAlarmTarget::blocks(500.0).unwrap();
    assert!(CusumBank::with_inflation(&[], t, 2.0).is_err());
    assert!(CusumBank::with_inflation(&[Shift::drop(0.1).unwrap()], t, 0.5).is_err());
    let cfg = WindowedGlrConfig {
        direction: minerscope::detect::Direction::Drop,
        window: 10,
        min_window: 20,
        grid: WindowGrid::Exact,
    };
    assert!(WindowedGlr::with_threshold(cfg, 5.0).is_err());
    let cfg =
        WindowedGlrConfig { min_window: 2, grid: WindowGrid::Geometric { ratio: 1.0 }, ..cfg };
    assert!(WindowedGlr::with_threshold(cfg, 5.0).is_err());
    assert!(
        Bocpd::with_threshold(BocpdConfig { hazard: 0.0, ..BocpdConfig::default() }, 0.5).is_err()
    );
    assert!(Bocpd::with_threshold(BocpdConfig::default(), 1.0).is_err());
    let wt = WorkTime::from_parts(0, &[0, 600, 1200], &[1.0, 1.0, 1.0]).unwrap();
    assert!(matches!(pelt(&wt, t, 2, 1, l), Err(DetectError::EmptySeries { .. })));
    assert!(pelt(&wt, t, 1, 1, l).is_err() && pelt(&wt, t, 2, 0, l).is_err());
    assert!(calibration::cusum_arl(Shift::drop(0.1).unwrap(), -1.0, 1.0).is_err());
}

/// A partial rate-ratio interval: k0 = 0 gives an unbounded upper end, k1 = 0 a zero lower
/// end.
#[test]
fn count_ratio_edges() {
    let l = ConfidenceLevel::P95;
    let s = ratio::change_size_counts(0, 1.0, 5, 1.0, l).unwrap();
    assert!(s.interval().high().is_infinite());
    let s = ratio::change_size_counts(5, 1.0, 0, 1.0, l).unwrap();
    assert_eq!(s.interval().low(), 0.0);
}

/// BOCPD calibrated by simulation meets its ARL0 on independent runs (±20 %; s.e. with 500
/// runs ≈ 4.5 % plus ≈ 5 % calibration error with 400 runs).
#[test]
fn bocpd_calibration_meets_target() {
    const TOL: f64 = 0.20;
    let cfg =
        BocpdConfig { max_run: 100, recent: 100, hazard: 1.0 / 5000.0, ..BocpdConfig::default() };
    let target = FalseAlarmTarget::blocks(500.0).unwrap();
    let mut d = Bocpd::calibrated(cfg, target, 400, 5).unwrap();
    let mut r = Xoshiro256PlusPlus::seed_from_u64(77);
    let runs = 500;
    let mut total = 0u64;
    for _ in 0..runs {
        d.reset();
        let mut k = 0u64;
        loop {
            k += 1;
            let v: f64 = r.sample(Exp1);
            if d.update(v).is_some() || k > 100_000 {
                break;
            }
        }
        total += k;
    }
    let arl = total as f64 / runs as f64;
    println!("BOCPD p* = {:.4}: measured ARL0 {arl:.0} vs 500", d.threshold());
    assert!((arl / 500.0 - 1.0).abs() < TOL, "{arl}");
    let post = d.run_length_posterior();
    assert!((post.iter().sum::<f64>() - 1.0).abs() < 1e-9, "the posterior keeps all its mass");
}

/// PELT with the penalty for ARL0 = 2016 on in-control series: spurious change points occur
/// at about one per ARL0 blocks or fewer (asserted loosely: the penalty is an approximation).
#[test]
fn pelt_spurious_change_rate() {
    let mut r = Xoshiro256PlusPlus::seed_from_u64(3);
    let (mut changes, mut blocks) = (0usize, 0u64);
    for _ in 0..8 {
        let mut t = 0i64;
        let times: Vec<i64> = (0..3000)
            .map(|i| {
                if i > 0 {
                    t += (600.0 * r.sample::<f64, _>(Exp1)).round() as i64;
                }
                t
            })
            .collect();
        let wt = WorkTime::from_parts(0, &times, &vec![6e20; 3000]).unwrap();
        let segs =
            pelt(&wt, FalseAlarmTarget::blocks(2016.0).unwrap(), 10, 1, ConfidenceLevel::P95)
                .unwrap();
        changes += segs.len() - 1;
        blocks += 2999;
    }
    let per = blocks as f64 / changes.max(1) as f64;
    println!(
        "PELT (ARL0 2016 penalty): {changes} spurious changes in {blocks} blocks (one per {per:.0})"
    );
    assert!(per > 2016.0 / 2.0, "{per}");
}

/// An alarm at the tip of the series (no blocks after it yet) still yields an event: the
/// size then uses the blocks since the onset and says so.
#[test]
fn alarm_at_the_tip_is_reported() {
    use minerscope::detect::{ScanConfig, Scanner};
    let mut times = vec![0i64];
    for i in 1..3008 {
        let dt = if i < 3000 { 600 } else { 3000 };
        times.push(times[i - 1] + dt);
    }
    let wt = WorkTime::from_parts(0, &times, &vec![6e20; 3008]).unwrap();
    let mut config = ScanConfig::new(FalseAlarmTarget::blocks(2016.0).unwrap());
    config.reference_blocks = 1000;
    let events = Scanner::new(&config).unwrap().scan(&wt).unwrap();
    let last = events.last().expect("the drop at the tip is reported");
    assert!(last.alarm_height() > 3000 && last.alarm_height() <= 3007);
    assert!(!last.size_after_alarm());
    assert!(last.size().ratio() < 0.5, "{}", last.size().ratio());
}
