//! Adversarial checks of the hashrate estimators: extreme heights and magnitudes, disordered
//! timestamps, rolling passes against their single-window definitions.

use minerscope::chain::WorkTime;
use minerscope::hashrate::{
    CoreCompatible, DiscountFilter, Endpoints, Exact, FixedTime, GammaPosterior, HashrateError,
    HashrateEstimator, PoissonInterval, Rolling, RollingMethod, RollingPoint, RollingTime,
    TimestampRobust, Window, project_retarget,
};
use minerscope::stats::ConfidenceLevel;
use proptest::prelude::*;

/// Timestamps with arbitrary (possibly negative) steps and a work that changes every few blocks.
fn disordered() -> impl Strategy<Value = (u32, Vec<i64>, Vec<f64>)> {
    (prop_oneof![0u32..5000, Just(u32::MAX - 200)], 2usize..120).prop_flat_map(|(start, len)| {
        (
            Just(start),
            proptest::collection::vec(
                prop_oneof![4 => 0i64..2000, 1 => -4000i64..0, 1 => Just(0i64), 1 => 5000i64..40_000],
                len,
            )
            .prop_map(|steps| {
                let mut t = 1_600_000_000i64;
                steps
                    .into_iter()
                    .map(|s| {
                        t += s;
                        t
                    })
                    .collect()
            }),
            proptest::collection::vec(prop_oneof![Just(6e20), Just(7.5e20), 1.0f64..1e30], len),
        )
    })
}

fn rel(a: f64, b: f64) -> f64 {
    if a == b { 0.0 } else { ((a - b) / b.abs().max(a.abs())).abs() }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Every rolling point equals the single-window estimator on the same window.
    #[test]
    fn rolling_points_equal_single_estimates((start, times, work) in disordered(), n in 1u32..40) {
        let wt = WorkTime::from_parts(start, &times, &work).unwrap();
        let l = ConfidenceLevel::P95;
        let robust = TimestampRobust::new(Endpoints::MedianTimePast, 60.0).unwrap();
        let raw = TimestampRobust::new(Endpoints::Raw, 60.0).unwrap();
        let cases: Vec<(RollingMethod, Box<dyn HashrateEstimator>)> = vec![
            (RollingMethod::Unbiased, Box::new(Exact::unbiased())),
            (RollingMethod::MaximumLikelihood, Box::new(Exact::mle())),
            (RollingMethod::CoreCompatible, Box::new(CoreCompatible)),
            (RollingMethod::TimestampRobust(robust), Box::new(robust)),
            (RollingMethod::TimestampRobust(raw), Box::new(raw)),
        ];
        for (m, single) in cases {
            let Ok(r) = Rolling::new(m, n) else { continue };
            let Ok(pts) = r.run(&wt, l) else { continue };
            for p in pts {
                let e = single.estimate(&wt, Window::trailing(p.height, n).unwrap(), l);
                let e = e.map_err(|e| TestCaseError::fail(format!("{m:?} {}: {e}", p.height)))?;
                prop_assert!(rel(p.value_hs, e.value().to_hs()) < 1e-9, "{m:?} {p:?} {e}");
                prop_assert!(rel(p.low_hs, e.interval().low().to_hs()) < 1e-5, "{m:?} {p:?} {e}");
                prop_assert!(rel(p.high_hs, e.interval().high().to_hs()) < 1e-5, "{m:?} {p:?} {e}");
            }
        }
    }

    /// Every rolling fixed-time point equals `FixedTime` on the series truncated at its tip.
    #[test]
    fn rolling_time_points_equal_fixed_time((start, times, work) in disordered(), span in 1i64..30_000) {
        let wt = WorkTime::from_parts(start, &times, &work).unwrap();
        let l = ConfidenceLevel::P95;
        for interval in [PoissonInterval::Garwood, PoissonInterval::MidP] {
            let Ok(pts) = RollingTime::new(span, interval).unwrap().run(&wt, l) else { continue };
            for p in pts {
                let i = (p.height - start) as usize;
                let trunc = WorkTime::from_parts(start, &times[..=i], &work[..=i]).unwrap();
                let b = times[i];
                let e = FixedTime::new(interval)
                    .estimate(&trunc, Window::time_span(b - span, b).unwrap(), l)
                    .map_err(|e| TestCaseError::fail(format!("{}: {e}", p.height)))?;
                prop_assert!(rel(p.value_hs, e.value().to_hs()) < 1e-4, "{p:?} {e}");
                prop_assert!(rel(p.low_hs, e.interval().low().to_hs()) < 1e-4, "{p:?} {e}");
                prop_assert!(rel(p.high_hs, e.interval().high().to_hs()) < 1e-4, "{p:?} {e}");
            }
        }
    }
}

/// A retarget height past `u32::MAX` cannot be represented: the projection is refused rather
/// than returning a `RetargetProjection` whose `retarget_height()` overflows (a debug-build
/// panic, a wrapped height in release).
#[test]
fn projection_near_u32_max_is_refused_not_overflowed() {
    // Period start 4 294 967 040 (= 2016 · 2 130 440); its retarget height 4 294 969 056 > u32::MAX.
    let start = u32::MAX - 2400;
    let times: Vec<i64> = (0..=2400).map(|i| i * 600).collect();
    let wt = WorkTime::from_parts(start, &times, &[6e20; 2401]).unwrap();
    let p = project_retarget(&wt, None, None, ConfidenceLevel::P95);
    assert!(
        matches!(p, Err(HashrateError::InvalidParameter { name: "tip", .. })),
        "{:?}",
        p.map(|p| p.retarget_height())
    );
    // The last period that fits is still projected.
    let tip = u32::MAX - 255 - 1; // the last block of period 2 130 439
    let p = project_retarget(&wt, Some(tip), Some(100), ConfidenceLevel::P95).unwrap();
    assert_eq!(p.retarget_height(), u32::MAX - 255);
}

/// Works near `f64::MAX` make the rolling values overflow: every pass reports
/// [`HashrateError::NonFiniteResult`] (as the single-window estimators do) instead of returning
/// points holding `inf` or `NaN`.
#[test]
fn rolling_passes_never_return_non_finite_points() {
    // Blocks 2 s apart at f64::MAX hashes: the rate H/W is an ordinary 0.5 blocks/s, but n/S is
    // about 1e308, and every interval's upper bound (a few times n/S) overflows.
    let times: Vec<i64> = (0..=5).map(|i| 2 * i).collect();
    let wt = WorkTime::from_parts(0, &times, &[f64::MAX; 6]).unwrap();
    let l = ConfidenceLevel::P95;
    let finite = |pts: &[RollingPoint]| {
        pts.iter().all(|p| p.value_hs.is_finite() && p.low_hs.is_finite() && p.high_hs.is_finite())
    };
    let check = |what: &str, r: Result<Vec<RollingPoint>, HashrateError>| match r {
        Ok(pts) => assert!(finite(&pts), "{what}: {pts:?}"),
        Err(e) => assert!(matches!(e, HashrateError::NonFiniteResult { .. }), "{what}: {e}"),
    };
    let robust = TimestampRobust::new(Endpoints::Raw, 1.0).unwrap();
    for m in [
        RollingMethod::Unbiased,
        RollingMethod::MaximumLikelihood,
        RollingMethod::CoreCompatible,
        RollingMethod::TimestampRobust(robust),
    ] {
        check(&format!("{m:?}"), Rolling::new(m, 2).unwrap().run(&wt, l));
        // The single-window estimators already refuse these windows.
    }
    assert!(matches!(
        Exact::mle().estimate(&wt, Window::heights(0, 2).unwrap(), l),
        Err(HashrateError::NonFiniteResult { .. })
    ));
    check(
        "discount filter",
        DiscountFilter::new(0.5).unwrap().run(&wt, GammaPosterior::jeffreys(), l),
    );
    for interval in [PoissonInterval::Garwood, PoissonInterval::MidP] {
        check("rolling time", RollingTime::new(2, interval).unwrap().run(&wt, l));
    }
}

/// `n_eff = n/(1 + σ²((H/W_first)² + (H/W_last)²)/n)` depends only on the block rates `H/W`:
/// with works above 1e154 the old `H²·(1/W²)` form overflowed to `inf · 0 = NaN` and reported
/// `NoiseDominates` with "NaN effective" blocks for a perfectly quiet 600 s series.
#[test]
fn effective_blocks_depend_on_block_rates_only() {
    let r = TimestampRobust::new(Endpoints::Raw, 60.0).unwrap();
    let expected = 120.0 / (1.0 + 2.0 * 0.01 / 120.0);
    for w in [6e20, 1e160, 1e300] {
        let n_eff = r.effective_blocks(120, w / 600.0, w, w);
        assert!((n_eff - expected).abs() < 1e-9, "work {w}: {n_eff}");
    }
    let times: Vec<i64> = (0..=120).map(|i| i * 600).collect();
    let wt = WorkTime::from_parts(0, &times, &[1e200; 121]).unwrap();
    let est = r.estimate(&wt, Window::heights(0, 120).unwrap(), ConfidenceLevel::P95).unwrap();
    assert!((est.value().to_hs() / (119.0 * 1e200 / 72_000.0) - 1.0).abs() < 1e-12);
}
