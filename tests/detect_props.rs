//! Property tests: arbitrary series (backwards timestamps, zero gaps, wild work values) never
//! make the detectors panic; results are errors or well-formed.
use std::sync::OnceLock;

use minerscope::chain::WorkTime;
use minerscope::detect::{
    Bocpd, BocpdConfig, CusumBank, Detector, Direction, FalseAlarmTarget, Glr, ScanConfig, Scanner,
    Shift, WindowedGlr, locate_onset, pelt,
};
use minerscope::stats::ConfidenceLevel;
use proptest::prelude::*;

fn scanner() -> &'static Scanner {
    static S: OnceLock<Scanner> = OnceLock::new();
    S.get_or_init(|| {
        let mut c = ScanConfig::new(FalseAlarmTarget::blocks(200.0).unwrap());
        c.reference_blocks = 20;
        c.event.after_blocks = 30;
        c.event.search_back = 100;
        Scanner::new(&c).unwrap()
    })
}

/// Valid per-block work: one hash, 2^256 hashes, or log-uniform in between.
fn valid_work() -> impl Strategy<Value = f64> {
    prop_oneof![Just(1.0), Just(2f64.powi(256)), (0.0f64..25.0).prop_map(|e| 10f64.powf(e))]
}

/// Times with backwards and zero gaps and valid but wild work values; one series in four has
/// one work value poisoned (below one hash, above 2^256, or NaN), which `WorkTime` must refuse.
/// Returns the times, the works and whether a work was poisoned.
fn series() -> impl Strategy<Value = (Vec<i64>, Vec<f64>, bool)> {
    (1usize..400).prop_flat_map(|n| {
        (
            prop::collection::vec(-3_000i64..6_000, n),
            prop::collection::vec(valid_work(), n),
            prop::option::weighted(
                0.25,
                (
                    any::<prop::sample::Index>(),
                    prop_oneof![Just(1e-300), Just(0.5), Just(1e300), Just(f64::NAN)],
                ),
            ),
        )
            .prop_map(|(gaps, mut work, poison)| {
                let mut t = 1_600_000_000i64;
                let times = gaps.iter().map(|g| {
                    t += g;
                    t
                });
                if let Some((i, bad)) = poison {
                    let i = i.index(work.len());
                    work[i] = bad;
                }
                (times.collect(), work, poison.is_some())
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_series_never_panic((times, work, poisoned) in series()) {
        let wt = match WorkTime::from_parts(100, &times, &work) {
            Ok(wt) => wt,
            Err(e) => {
                prop_assert!(poisoned, "valid series refused: {e}");
                return Ok(());
            }
        };
        prop_assert!(!poisoned, "a work value outside [1, 2^256] was accepted");
        if let Ok(events) = scanner().scan(&wt) {
            for e in events {
                let (lo, hi) = e.onset().height_interval();
                prop_assert!(lo <= hi);
            }
        }
        let _ = pelt(&wt, FalseAlarmTarget::blocks(200.0).unwrap(), 2, 1, ConfidenceLevel::P95);
        let _ = locate_onset(&wt, wt.start_height(), wt.end_height(), wt.end_height(), ConfidenceLevel::P95);
    }

    #[test]
    fn online_detectors_accept_any_input(vs in prop::collection::vec(prop_oneof![any::<f64>(), -10.0f64..10.0, 0.0f64..1e6], 0..300)) {
        let t = FalseAlarmTarget::blocks(200.0).unwrap();
        static BANK: OnceLock<CusumBank> = OnceLock::new();
        let mut bank = BANK.get_or_init(|| CusumBank::drops(t).unwrap()).clone();
        let mut glr = WindowedGlr::new(Direction::Rise, t).unwrap();
        let mut weighted = Glr::new(Direction::Drop, t).unwrap();
        let mut bocpd = Bocpd::with_threshold(BocpdConfig { max_run: 50, recent: 50, ..BocpdConfig::default() }, 0.9).unwrap();
        for &v in &vs {
            for a in [bank.update(v), glr.update(v), weighted.update(v), bocpd.update(v)].into_iter().flatten() {
                prop_assert!(a.onset() >= 1 && a.onset() <= a.at());
            }
            prop_assert!(!bocpd.statistic().is_nan());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// The unknown-size detectors' constructors take any grid, inflation and target without
    /// panicking (sizes within 10 % of no change and huge targets are valid but need seconds of
    /// exact Markov-chain work each, so the strategies favour the common range): a detector whose thresholds are finite and positive, or an error.
    #[test]
    fn unknown_size_constructors_never_panic(
        ratios in prop_oneof![
            prop::collection::vec(prop_oneof![any::<f64>(), 0.3f64..0.9, 1.1f64..3.0], 0..5),
            prop::collection::vec(0.3f64..0.9, 1..4),
            prop::collection::vec(1.1f64..3.0, 1..4),
        ],
        inflation in prop_oneof![1 => any::<f64>(), 3 => 1.0f64..10.0],
        arl0 in prop_oneof![1 => any::<f64>(), 3 => 10.0f64..5000.0],
    ) {
        let Ok(target) = FalseAlarmTarget::blocks(arl0) else { return Ok(()) };
        let sizes: Vec<Shift> = ratios.iter().filter_map(|&r| Shift::from_ratio(r).ok()).collect();
        match Glr::with_inflation(&sizes, target, inflation) {
            Ok(glr) => {
                prop_assert!(!sizes.is_empty());
                prop_assert!(sizes.iter().all(|s| s.direction() == glr.direction()));
                prop_assert_eq!(glr.bank().members().len(), sizes.len());
                for m in glr.bank().members() {
                    prop_assert!(m.threshold().is_finite() && m.threshold() > 0.0);
                }
            }
            Err(e) => {
                // Only an empty or mixed grid, an inflation that is not finite or below 1, or
                // a threshold the Markov chain cannot compute (ratios within 5 % of one or
                // beyond 100×, or a huge inflated target, as `cusum_threshold` documents) may
                // be refused.
                let one_direction = sizes
                    .first()
                    .is_some_and(|f| sizes.iter().all(|s| s.direction() == f.direction()));
                let moderate = sizes
                    .iter()
                    .all(|s| (0.01..=100.0).contains(&s.ratio()) && (s.ratio() - 1.0).abs() >= 0.05);
                let inflation_ok = inflation.is_finite()
                    && inflation >= 1.0
                    && inflation * target.arl0_blocks() <= 5e4;
                prop_assert!(!(one_direction && moderate && inflation_ok), "valid grid refused: {e}");
            }
        }
    }
}
