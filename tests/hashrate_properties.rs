//! Properties: arbitrary inputs never panic; returned estimates are well formed; scaling and
//! level monotonicity hold.

mod common;

use minerscope::chain::WorkTime;
use minerscope::hashrate::{
    Bayesian, CoreCompatible, DiscountFilter, Endpoints, Exact, FixedTime, GammaPosterior,
    HashrateEstimator, LocalLevel, PoissonInterval, Rolling, RollingMethod, RollingTime,
    Simultaneity, TimestampNoiseReport, TimestampRobust, Window, per_pool, project_retarget,
};
use minerscope::stats::ConfidenceLevel;
use proptest::prelude::*;

fn estimators() -> Vec<Box<dyn HashrateEstimator>> {
    vec![
        Box::new(CoreCompatible),
        Box::new(Exact::unbiased()),
        Box::new(Exact::mle()),
        Box::new(FixedTime::new(PoissonInterval::Garwood)),
        Box::new(FixedTime::new(PoissonInterval::MidP)),
        Box::new(TimestampRobust::new(Endpoints::Raw, 30.0).unwrap()),
        Box::new(TimestampRobust::new(Endpoints::MedianTimePast, 600.0).unwrap()),
        Box::new(Bayesian::jeffreys()),
        Box::new(Bayesian::new(GammaPosterior::new(10.0, 1e-19).unwrap(), 0.5).unwrap()),
    ]
}

/// Timestamps as a start plus arbitrary (possibly negative) steps, as u32-range Unix times, and
/// positive works spanning many orders of magnitude.
fn series() -> impl Strategy<Value = (u32, Vec<i64>, Vec<f64>)> {
    (0u32..2_000_000, 1usize..60).prop_flat_map(|(start, len)| {
        (
            Just(start),
            proptest::collection::vec(-3_000i64..5_000, len).prop_map(common::times_from_steps),
            proptest::collection::vec(1e-3f64..1e24, len),
        )
    })
}

/// Finite, ordered bounds; and the point inside its interval at levels of 50 % and above (a
/// narrower central interval hugs the sampling median and may legitimately exclude an unbiased
/// or maximum-likelihood point, e.g. a 6 % interval around the median `n − 1/3` of `S·H`).
fn well_formed(e: &minerscope::hashrate::Estimate) {
    let (v, lo, hi) = (e.value().to_hs(), e.interval().low().to_hs(), e.interval().high().to_hs());
    assert!(v.is_finite() && lo.is_finite() && hi.is_finite());
    assert!(lo <= hi);
    if e.level().to_f64() >= 0.5 {
        assert!(lo <= v && v <= hi, "{e}");
    }
}

/// Errors are plain data: `Send + Sync + 'static`, displayable, usable as `dyn Error`.
#[test]
fn error_is_send_sync_and_displays() {
    fn assert_traits<T: Send + Sync + 'static + std::error::Error>() {}
    assert_traits::<minerscope::hashrate::HashrateError>();
    let e = Window::heights(5, 5).unwrap_err();
    assert_eq!(e.to_string(), "window bounds must satisfy from < to, got 5 and 5");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_windows_and_levels_never_panic(
        (start, times, work) in series(),
        a in any::<u32>(), b in any::<u32>(), ta in any::<i64>(), tb in any::<i64>(),
        level in prop_oneof![1 => Just(f64::NAN), 1 => Just(0.0), 1 => Just(1.0), 2 => -1.0f64..2.0, 5 => 0.5f64..0.999],
        offs in 0u32..70, len in 0u32..70,
    ) {
        let wt = WorkTime::from_parts(start, &times, &work).unwrap();
        let Ok(level) = ConfidenceLevel::new(level) else { return Ok(()); };
        let mut windows = vec![];
        windows.extend(Window::heights(a, b));
        windows.extend(Window::heights(start.saturating_add(offs), start.saturating_add(offs + len)));
        // A height window inside the series (when it has two blocks), so per-pool labels fit.
        let blocks = times.len() as u32;
        let (in_from, in_len) = match blocks.checked_sub(1) {
            Some(last) if last >= 1 => (offs % last, 1 + len % (last - offs % last)),
            _ => (0, 1),
        };
        windows.extend(Window::heights(start + in_from, start + in_from + in_len));
        windows.extend(Window::time_span(ta, tb));
        windows.extend(Window::time_span(times[0] + i64::from(offs) * 100, times[0] + i64::from(offs + len) * 300));
        for w in windows {
            for e in estimators() {
                if let Ok(est) = e.estimate(&wt, w, level) {
                    well_formed(&est);
                }
            }
            if let Ok(path) = LocalLevel::new(0.03).unwrap().run(&wt, w, level) {
                for h in path.first_height()..path.first_height() + path.len() as u32 {
                    well_formed(&path.filtered(h).unwrap());
                    well_formed(&path.smoothed(h).unwrap());
                }
            }
            for count in [len, in_len] {
                let labels = (0..count).map(|i| if i % 3 == 0 { None } else { Some(i % 4) });
                if let Ok(p) = per_pool(&wt, w, labels, level, Simultaneity::Bonferroni) {
                    for pool in p.pools() { well_formed(pool.estimate()); }
                }
            }
        }
        let _ = CoreCompatible.get_network_hashps(&wt, a as i32, Some(b), level);
        let _ = CoreCompatible.get_network_hashps(&wt, -1, None, level);
        let _ = project_retarget(&wt, Some(a), Some(len), level);
        let _ = project_retarget(&wt, None, None, level);
        let _ = TimestampNoiseReport::analyse(&wt);
        if let Ok(f) = DiscountFilter::new(ta as f64 / i64::MAX as f64)
            && let Ok(pts) = f.run(&wt, GammaPosterior::jeffreys(), level) {
                for p in pts {
                    prop_assert!(p.low_hs.is_finite() && p.high_hs.is_finite() && p.low_hs <= p.high_hs);
                }
            }
        for interval in [PoissonInterval::Garwood, PoissonInterval::MidP] {
            if let Ok(r) = RollingTime::new(ta % 100_000, interval)
                && let Ok(pts) = r.run(&wt, level) {
                    for p in pts {
                        prop_assert!(p.low_hs.is_finite() && p.high_hs.is_finite() && p.low_hs <= p.high_hs);
                    }
                }
        }
        for m in [RollingMethod::Unbiased, RollingMethod::MaximumLikelihood, RollingMethod::CoreCompatible,
                  RollingMethod::TimestampRobust(TimestampRobust::new(Endpoints::MedianTimePast, 30.0).unwrap())] {
            if let Ok(r) = Rolling::new(m, len)
                && let Ok(pts) = r.run(&wt, level) {
                    for p in pts {
                        prop_assert!(p.low_hs.is_finite() && p.high_hs.is_finite() && p.value_hs.is_finite());
                        prop_assert!(p.low_hs <= p.high_hs);
                        if level.to_f64() >= 0.5 {
                            prop_assert!(p.low_hs <= p.value_hs && p.value_hs <= p.high_hs, "{p:?} {m:?}");
                        }
                    }
                }
        }
    }

    /// Doubling every block's work doubles every block-count estimate and its interval.
    #[test]
    fn doubling_work_doubles_the_estimate((start, times, work) in series()) {
        prop_assume!(times.len() >= 3);
        let wt = WorkTime::from_parts(start, &times, &work).unwrap();
        let w2: Vec<f64> = work.iter().map(|w| w * 2.0).collect();
        let wt2 = WorkTime::from_parts(start, &times, &w2).unwrap();
        let w = Window::heights(start, start + times.len() as u32 - 1).unwrap();
        for e in [Exact::unbiased(), Exact::mle()] {
            if let (Ok(a), Ok(b)) = (e.estimate(&wt, w, ConfidenceLevel::P95), e.estimate(&wt2, w, ConfidenceLevel::P95)) {
                prop_assert!((b.value().to_hs() / a.value().to_hs() - 2.0).abs() < 1e-12);
                prop_assert!((b.interval().high().to_hs() / a.interval().high().to_hs() - 2.0).abs() < 1e-12);
            }
        }
    }

    /// A higher level gives a wider interval around the same point.
    #[test]
    fn wider_level_wider_interval(n in 2u32..5000, s in 1e-25f64..1e-10, lo in 0.5f64..0.94) {
        let a = Exact::unbiased().from_work_time(n, s, 0, n, ConfidenceLevel::new(lo).unwrap()).unwrap();
        let b = Exact::unbiased().from_work_time(n, s, 0, n, ConfidenceLevel::P95).unwrap();
        prop_assert_eq!(a.value(), b.value());
        prop_assert!(b.interval().low() <= a.interval().low());
        prop_assert!(b.interval().high() >= a.interval().high());
    }

    /// Extreme but valid configurations are rejected or handled, never panic.
    #[test]
    fn configurations_validate(x in prop_oneof![Just(f64::NAN), Just(f64::INFINITY), -1e3f64..1e3]) {
        let _ = TimestampRobust::new(Endpoints::Raw, x);
        let _ = LocalLevel::new(x);
        let _ = GammaPosterior::new(x, x.abs());
        let _ = GammaPosterior::jeffreys().discounted(x);
        if let Ok(g) = GammaPosterior::new(x, x) { let _ = g.credible_interval(ConfidenceLevel::P95); }
    }
}
