//! Adversarial checks of the hashrate estimators: extreme heights and magnitudes, disordered
//! timestamps, rolling passes against their single-window definitions.

mod common;

use minerscope::chain::WorkTime;
use minerscope::hashrate::{
    CoreCompatible, DiscountFilter, Endpoints, Exact, FixedTime, GammaPosterior, HashrateError,
    HashrateEstimator, LocalLevel, PoissonInterval, Rolling, RollingMethod, RollingPoint,
    RollingTime, TimestampNoiseReport, TimestampRobust, Window, project_retarget,
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
            .prop_map(common::times_from_steps),
            proptest::collection::vec(prop_oneof![Just(6e20), Just(7.5e20), 1.0f64..1e30], len),
        )
    })
}

fn rel(a: f64, b: f64) -> f64 {
    if a == b { 0.0 } else { ((a - b) / b.abs().max(a.abs())).abs() }
}

/// Extreme but valid series: heights up to `u32::MAX`, timestamps anywhere in ±2^40 s with
/// arbitrary steps, works from 1 hash to 2^256 (the most `WorkTime` accepts).
/// The most work a block can carry (`WorkTime::from_parts` rejects more: no target needs more
/// than 2^256 hashes).
const MAX_WORK: f64 = 1.157_920_892_373_162e77;

fn extreme() -> impl Strategy<Value = (u32, Vec<i64>, Vec<f64>)> {
    (prop_oneof![Just(0u32), 0u32..3_000_000, Just(u32::MAX - 40)], 1usize..40).prop_flat_map(
        |(start, len)| {
            let step = prop_oneof![
                4 => -5_000i64..20_000,
                1 => Just(0i64),
                1 => -(1i64 << 38)..(1i64 << 38),
            ];
            (
                Just(start),
                proptest::collection::vec(step, len).prop_map(|steps| {
                    let mut t = 1_600_000_000i64;
                    steps
                        .into_iter()
                        .map(|s| {
                            t = (t + s).clamp(-(1i64 << 40), 1i64 << 40);
                            t
                        })
                        .collect()
                }),
                proptest::collection::vec(
                    prop_oneof![1.0f64..1e30, Just(1.0), Just(MAX_WORK), 1e70f64..MAX_WORK],
                    len,
                ),
            )
        },
    )
}

/// Ok with finite, ordered bounds (the point inside at levels of 50 % and above), or an error.
fn sane(v: f64, lo: f64, hi: f64, level: ConfidenceLevel) -> bool {
    let finite = [v, lo, hi].iter().all(|x| x.is_finite() && *x >= 0.0) && lo <= hi;
    finite && (level.to_f64() < 0.5 || (lo <= v && v <= hi))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Every public estimator, pass and projection on extreme series: a sane result or a typed
    /// error, never a panic, `inf` or `NaN`.
    #[test]
    fn extreme_series_give_sane_results_or_errors(
        (start, times, work) in extreme(),
        a in any::<u32>(), len in 0u32..45, ta in any::<i64>(), span in any::<i64>(),
        level in prop_oneof![Just(1e-300), Just(0.5), Just(0.95), Just(1.0 - f64::EPSILON), 1e-6f64..1.0],
        nblocks in prop_oneof![Just(-1i32), Just(0), Just(i32::MIN), Just(i32::MAX), 1i32..50],
    ) {
        let wt = WorkTime::from_parts(start, &times, &work).unwrap();
        let Ok(level) = ConfidenceLevel::new(level) else { return Ok(()) };
        let mut windows = vec![];
        windows.extend(Window::heights(start.saturating_add(a % 45), start.saturating_add(a % 45).saturating_add(len)));
        windows.extend(Window::heights(a, a.saturating_add(len)));
        // A height window inside the series (when it has two blocks), so per-pool labels fit.
        let (in_from, in_len) = match (times.len() as u32).checked_sub(1) {
            Some(last) if last >= 1 => (a % last, 1 + len % (last - a % last)),
            _ => (0, 1),
        };
        windows.extend(Window::heights(start + in_from, start + in_from + in_len));
        windows.extend(Window::time_span(ta, ta.saturating_add(span.unsigned_abs() as i64 % 200_000)));
        windows.extend(Window::time_span(times[0], times[0].saturating_add(span % 100_000)));
        let estimators: Vec<Box<dyn HashrateEstimator>> = vec![
            Box::new(CoreCompatible),
            Box::new(Exact::unbiased()),
            Box::new(Exact::mle()),
            Box::new(FixedTime::new(PoissonInterval::Garwood)),
            Box::new(FixedTime::new(PoissonInterval::MidP)),
            Box::new(TimestampRobust::new(Endpoints::Raw, 600.0).unwrap()),
            Box::new(TimestampRobust::new(Endpoints::MedianTimePast, 30.0).unwrap()),
            Box::new(minerscope::hashrate::Bayesian::jeffreys()),
            Box::new(minerscope::hashrate::Bayesian::new(GammaPosterior::new(3.0, 1e-300).unwrap(), 0.3).unwrap()),
        ];
        for w in windows {
            for e in &estimators {
                if let Ok(est) = e.estimate(&wt, w, level) {
                    let (v, lo, hi) = (est.value().to_hs(), est.interval().low().to_hs(), est.interval().high().to_hs());
                    // Core's interval is relative to its own (max − min) value, the others' to S.
                    prop_assert!(sane(v, lo, hi, level) || e.method() == minerscope::hashrate::Method::CoreCompatible && lo <= hi, "{w:?} {est}");
                }
            }
            if let Ok(path) = LocalLevel::new(0.05).unwrap().run(&wt, w, level) {
                for h in path.first_height()..path.first_height() + path.len() as u32 {
                    let (f, s) = (path.filtered(h), path.smoothed(h));
                    prop_assert!(f.is_some() && s.is_some(), "{w:?} {h}");
                }
            }
            for count in [len, in_len] {
                let labels = (0..count).map(|i| (i % 3 != 0).then_some(i % 4));
                if let Ok(p) = minerscope::hashrate::per_pool(&wt, w, labels, level, minerscope::hashrate::Simultaneity::Bonferroni) {
                    for pool in p.pools() {
                        let e = pool.estimate();
                        prop_assert!(sane(e.value().to_hs(), e.interval().low().to_hs(), e.interval().high().to_hs(), e.level()), "{e}");
                    }
                }
            }
        }
        // At an arbitrary height (almost never in the series) and at one inside it.
        let inside = start + a % times.len() as u32;
        for height in [a, inside] {
            if let Ok(e) = CoreCompatible.get_network_hashps(&wt, nblocks, Some(height), level) {
                prop_assert!(e.value().to_hs().is_finite());
            }
        }
        if let Ok(e) = CoreCompatible.get_network_hashps(&wt, nblocks, None, level) {
            prop_assert!(e.value().to_hs().is_finite());
        }
        for (tip, n) in [(Some(a), Some(len)), (None, None), (None, Some(len))] {
            if let Ok(p) = project_retarget(&wt, tip, n, level) {
                prop_assert!(p.change_percent_interval().contains(&p.change_percent()));
                prop_assert!(p.period_end_interval().contains(&p.period_end_unix_secs()));
                prop_assert!(p.retarget_interval().contains(&p.retarget_unix_secs()));
                prop_assert!(p.retarget_height() > p.tip());
            }
        }
        let report = TimestampNoiseReport::analyse(&wt);
        prop_assert!(report.implied_timestamp_sd_secs() >= 0.0);
        let all = |pts: &[RollingPoint]| pts.iter().all(|p| sane(p.value_hs, p.low_hs, p.high_hs, level));
        for m in [RollingMethod::Unbiased, RollingMethod::MaximumLikelihood, RollingMethod::CoreCompatible,
                  RollingMethod::TimestampRobust(TimestampRobust::new(Endpoints::MedianTimePast, 30.0).unwrap())] {
            if let Ok(r) = Rolling::new(m, len.max(2)) && let Ok(pts) = r.run(&wt, level) {
                // Core's interval is relative to its own value; only finiteness applies there.
                prop_assert!(all(&pts) || m == RollingMethod::CoreCompatible, "{m:?} {pts:?}");
                prop_assert!(pts.iter().all(|p| p.value_hs.is_finite() && p.high_hs.is_finite()));
            }
        }
        if let Ok(pts) = DiscountFilter::new(0.9).unwrap().run(&wt, GammaPosterior::jeffreys(), level) {
            prop_assert!(pts.iter().all(|p| p.value_hs.is_finite() && p.low_hs <= p.high_hs && p.high_hs.is_finite()), "{pts:?}");
        }
        for interval in [PoissonInterval::Garwood, PoissonInterval::MidP] {
            if let Ok(r) = RollingTime::new(span.rem_euclid(50_000).max(1), interval) && let Ok(pts) = r.run(&wt, level) {
                prop_assert!(all(&pts), "{pts:?}");
            }
        }
    }

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

/// Extreme works must not make the rolling values overflow into points: every pass gives
/// finite points or reports [`HashrateError::NonFiniteResult`] (as the single-window
/// estimators do), never points holding `inf` or `NaN`. (`WorkTime` now refuses works above
/// 2^256, which made these values overflow; the passes keep their own check.)
#[test]
fn rolling_passes_never_return_non_finite_points() {
    // Blocks 2 s apart at the largest work: the rate H/W is an ordinary 0.5 blocks/s, and n/S
    // is about 6e76.
    let times: Vec<i64> = (0..=5).map(|i| 2 * i).collect();
    // Works above 2^256 are refused at the door now; the largest allowed must still give
    // finite points or the typed error.
    assert!(WorkTime::from_parts(0, &times, &[f64::MAX; 6]).is_err());
    let wt = WorkTime::from_parts(0, &times, &[MAX_WORK; 6]).unwrap();
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
    }
    // At the largest work the single-window estimate is finite too.
    let single = Exact::mle().estimate(&wt, Window::heights(0, 2).unwrap(), l).unwrap();
    assert!(single.value().to_hs().is_finite() && single.interval().high().to_hs().is_finite());
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
    let wt = WorkTime::from_parts(0, &times, &[1e76; 121]).unwrap();
    let est = r.estimate(&wt, Window::heights(0, 120).unwrap(), ConfidenceLevel::P95).unwrap();
    assert!((est.value().to_hs() / (119.0 * 1e76 / 72_000.0) - 1.0).abs() < 1e-12);
}

/// A state-space path whose bounds overflow is an error from `run`, not a path whose
/// `filtered`/`smoothed` silently return `None` for heights inside it.
#[test]
fn state_space_path_is_finite_or_an_error() {
    let times: Vec<i64> = (0..=5).map(|i| 2 * i).collect();
    let wt = WorkTime::from_parts(0, &times, &[MAX_WORK; 6]).unwrap();
    let path = LocalLevel::new(0.02).unwrap().run(
        &wt,
        Window::heights(0, 5).unwrap(),
        ConfidenceLevel::P95,
    );
    match path {
        Err(e) => assert!(matches!(e, HashrateError::NonFiniteResult { .. }), "{e}"),
        Ok(p) => {
            for h in p.first_height()..p.first_height() + p.len() as u32 {
                assert!(p.filtered(h).is_some() && p.smoothed(h).is_some(), "height {h}");
            }
        }
    }
}

/// A conjugate update whose rate overflows is an error, not a `Gamma(a, ∞)` with mean 0.
#[test]
fn posterior_update_never_overflows_silently() {
    let post = GammaPosterior::new(1.0, f64::MAX).unwrap().update(1, f64::MAX);
    assert!(matches!(post, Err(HashrateError::NonFiniteResult { .. })), "{post:?}");
}

/// A series whose last timestamp precedes its first has a negative mean interval; the implied
/// timestamp s.d. must not come out negative.
#[test]
fn implied_noise_sd_is_never_negative() {
    for times in [&[0i64, 600, -600][..], &[0, 600, 0], &[100, 50]] {
        let wt = WorkTime::from_parts(0, times, &vec![1.0; times.len()]).unwrap();
        let r = TimestampNoiseReport::analyse(&wt);
        let (d, t) = (r.implied_difference_sd_secs(), r.implied_timestamp_sd_secs());
        assert!(d >= 0.0 && t >= 0.0 && !d.is_nan(), "{times:?}: {d} {t}");
        // Negative intervals were seen: the noise is not zero.
        assert!(d > 0.0, "{times:?}: {d}");
    }
}

/// The error for a zero centre names the hashrate, not the (valid) block weight.
#[test]
fn centred_prior_errors_name_the_bad_argument() {
    use minerscope::units::Hashrate;
    let zero = GammaPosterior::centred(Hashrate::ZERO, 144.0);
    assert!(
        matches!(zero, Err(HashrateError::InvalidParameter { name: "h", value, .. }) if value == 0.0),
        "{zero:?}"
    );
    let h = Hashrate::from_ehs(600.0).unwrap();
    let weight = GammaPosterior::centred(h, f64::NAN);
    assert!(matches!(weight, Err(HashrateError::InvalidParameter { name: "blocks", .. })));
}

/// Leading blocks held under an improper prior get no point (documented): the first point is
/// the first block whose accumulated work-time is positive, and heights stay attached.
#[test]
fn discount_filter_skips_only_leading_held_blocks() {
    let wt = WorkTime::from_parts(7, &[0, -10, 600, 500, 1_800], &[1.0; 5]).unwrap();
    let pts = DiscountFilter::new(0.9).unwrap().run(
        &wt,
        GammaPosterior::jeffreys(),
        ConfidenceLevel::P95,
    );
    let pts = pts.unwrap();
    let heights: Vec<u32> = pts.iter().map(|p| p.height).collect();
    assert_eq!(heights, [9, 10, 11]);
    // The held block 10 keeps the mean and widens the interval.
    assert!((pts[1].value_hs / pts[0].value_hs - 1.0).abs() < 1e-12);
    assert!(pts[1].high_hs - pts[1].low_hs > pts[0].high_hs - pts[0].low_hs);
}

/// Under the Jeffreys prior the credible interval is the exact χ² interval at every level, as
/// documented: a narrow (low-level) interval around the posterior median `≈ (n − 1/3)/S`
/// excludes the mean `n/S`, exactly as `Exact::mle`'s does; it is not stretched to the mean
/// (which made it wider than its stated level).
#[test]
fn jeffreys_interval_is_the_exact_interval_at_every_level() {
    use minerscope::hashrate::Bayesian;
    let times: Vec<i64> = (0..=120).map(|i| i * 600).collect();
    let wt = WorkTime::from_parts(0, &times, &[6e20; 121]).unwrap();
    let w = Window::heights(0, 120).unwrap();
    for level in [0.01, 0.1, 0.3, 0.5, 0.95] {
        let level = ConfidenceLevel::new(level).unwrap();
        let b = Bayesian::jeffreys().estimate(&wt, w, level).unwrap();
        let e = Exact::mle().estimate(&wt, w, level).unwrap();
        assert!((b.value().to_hs() / e.value().to_hs() - 1.0).abs() < 1e-12);
        let rel = |x: f64, y: f64| (x / y - 1.0).abs();
        assert!(
            rel(b.interval().low().to_hs(), e.interval().low().to_hs()) < 1e-9,
            "{level}: {b} vs {e}"
        );
        assert!(
            rel(b.interval().high().to_hs(), e.interval().high().to_hs()) < 1e-9,
            "{level}: {b} vs {e}"
        );
    }
}

/// A rate window longer than the chain names where it would start, not height 0.
#[test]
fn projection_rate_window_below_genesis_names_its_start() {
    let times: Vec<i64> = (0..=100).map(|i| i * 600).collect();
    let wt = WorkTime::from_parts(0, &times, &[6e20; 101]).unwrap();
    let err = project_retarget(&wt, None, Some(150), ConfidenceLevel::P95).unwrap_err();
    assert_eq!(err, HashrateError::WindowOutOfRange { from: -50, to: 100, start: 0, end: 100 });
}

/// A window longer than the series is `WindowOutOfRange` for every method and length, up to
/// `u32::MAX` blocks (the median-time-past offset of 10 blocks used to overflow `blocks + 10`).
#[test]
fn rolling_window_longer_than_the_series_is_an_error_at_any_length() {
    let times: Vec<i64> = (0..=30).map(|i| i * 600).collect();
    for start in [0, 1_000, u32::MAX - 30] {
        let wt = WorkTime::from_parts(start, &times, &[6e20; 31]).unwrap();
        let mtp = TimestampRobust::new(Endpoints::MedianTimePast, 30.0).unwrap();
        for m in [
            RollingMethod::Unbiased,
            RollingMethod::MaximumLikelihood,
            RollingMethod::CoreCompatible,
            RollingMethod::TimestampRobust(mtp),
        ] {
            for n in [31, 1_000, u32::MAX - 10, u32::MAX] {
                let r = Rolling::new(m, n).unwrap().run(&wt, ConfidenceLevel::P95);
                assert!(
                    matches!(r, Err(HashrateError::WindowOutOfRange { .. })),
                    "{m:?} {n} {start}: {r:?}"
                );
            }
        }
        // Exactly one window fits.
        let one = Rolling::new(RollingMethod::TimestampRobust(mtp), 20).unwrap();
        assert_eq!(one.run(&wt, ConfidenceLevel::P95).unwrap().len(), 1);
        let one = Rolling::new(RollingMethod::Unbiased, 30).unwrap();
        let pts = one.run(&wt, ConfidenceLevel::P95).unwrap();
        assert_eq!((pts.len(), pts[0].height), (1, start + 30));
    }
}
