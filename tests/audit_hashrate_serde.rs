//! Deserialization enforces what the hashrate constructors enforce: a hand-edited or corrupted
//! JSON value that no constructor would build is refused with an error naming the field and the
//! bad value, instead of panicking, looping or returning a wrong number later.
//!
//! Each forging test shows the harm the value did when it was accepted: if deserialization
//! succeeds, the test runs the method the value breaks and fails with what went wrong.
#![cfg(feature = "serde")]

use std::fmt::Debug;
use std::panic::{AssertUnwindSafe, catch_unwind};

use minerscope::chain::WorkTime;
use minerscope::hashrate::{
    Bayesian, DiscountFilter, Endpoints, GammaPosterior, HashrateEstimator, LocalLevel,
    PoissonInterval, RetargetProjection, RollingTime, TimestampNoiseReport, TimestampRobust,
    Window, project_retarget,
};
use minerscope::stats::ConfidenceLevel;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

const LEVEL: ConfidenceLevel = ConfidenceLevel::P95;

/// Blocks 600 s apart with 6·10²⁰ hashes each (1 EH/s), heights `start..=start + n`.
fn steady(start: u32, n: i64) -> WorkTime {
    let times: Vec<i64> = (0..=n).map(|i| 1_700_000_000 + i * 600).collect();
    let works = vec![6e20; times.len()];
    WorkTime::from_parts(start, &times, &works).unwrap()
}

/// `value` serializes and deserializes back to itself.
fn round_trips<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) {
    let json = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(&back, value, "{json}");
}

/// The forged JSON deserialized: `None` once it is refused with an error that names `field` and
/// `bad` (the caller then has nothing to show), the value otherwise (the caller shows the harm).
fn forged<T: DeserializeOwned>(json: &Value, field: &str, bad: &str) -> Option<T> {
    match serde_json::from_value::<T>(json.clone()) {
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.contains(field) && msg.contains(bad), "{json}: {msg}");
            assert!(msg.starts_with(|c: char| c.is_ascii_lowercase()), "lower-case: {msg}");
            None
        }
        Ok(v) => Some(v),
    }
}

fn valid_projection() -> RetargetProjection {
    // Half a period at 600 s per block, from the period starting at 806 400.
    project_retarget(&steady(806_400, 1008), None, None, LEVEL).unwrap()
}

/// `project_retarget` refuses a tip whose retarget height `period_start + 2016` exceeds
/// `u32::MAX`; a forged projection with such a tip made `retarget_height()` overflow (a panic in
/// debug builds, a wrapped height near zero in release).
#[test]
fn a_projection_whose_retarget_height_overflows_is_refused() {
    let p = valid_projection();
    round_trips(&p);
    let last_start = u32::MAX - u32::MAX % 2016;
    let mut v = serde_json::to_value(p).unwrap();
    v["tip"] = json!(u32::MAX);
    v["period_start"] = json!(last_start);
    v["remaining_intervals"] = json!(2015 - (u32::MAX - last_start));
    if let Some(p) = forged::<RetargetProjection>(&v, "tip", &u32::MAX.to_string()) {
        let h = catch_unwind(AssertUnwindSafe(|| p.retarget_height()));
        panic!("accepted period_start {last_start}: retarget_height() gave {h:?}");
    }
}

/// Projections at the edges of what `project_retarget` gives still round-trip: the last period
/// whose retarget height fits `u32`, a complete period (zero-width interval), and the +300 % and
/// difficulty-1 clamps.
#[test]
fn edge_projections_round_trip() {
    let last_ok = u32::MAX - u32::MAX % 2016 - 2016;
    let p = project_retarget(&steady(last_ok, 1008), None, None, LEVEL).unwrap();
    assert_eq!(p.retarget_height(), last_ok + 2016);
    round_trips(&p);
    let complete = steady(2016 * 10, 2015);
    let p = project_retarget(&complete, None, None, LEVEL).unwrap();
    assert_eq!((p.remaining_intervals(), p.change_percent_interval().width()), (0, 0.0));
    round_trips(&p);
    let fast: Vec<i64> = (0..1000).map(|i| i * 6).collect();
    let wt = WorkTime::from_parts(2016 * 10, &fast, &[6e20; 1000]).unwrap();
    let p = project_retarget(&wt, None, Some(500), LEVEL).unwrap();
    assert_eq!(p.change_percent_interval().high(), 300.0);
    round_trips(&p);
    let slow: Vec<i64> = (0..1000).map(|i| i * 48_000).collect();
    let wt = WorkTime::from_parts(2016 * 10, &slow, &[6e20; 1000]).unwrap();
    let p = project_retarget(&wt, None, None, LEVEL).unwrap();
    assert_eq!(p.change_percent_interval().low(), -75.0);
    round_trips(&p);
}

/// The fields of a projection are tied together: the period start is the tip's, the remaining
/// intervals are `2015 − (tip − period_start)`, the rate window fits below the tip and each
/// median lies inside its interval.
#[test]
fn an_inconsistent_projection_is_refused() {
    let p = valid_projection();
    let base = serde_json::to_value(p).unwrap();
    let edit = |field: &str, to: Value| {
        let mut v = base.clone();
        v[field] = to;
        v
    };
    // A period start that is not the tip's: the retarget height is a period too early.
    let v = edit("period_start", json!(804_384));
    if let Some(q) = forged::<RetargetProjection>(&v, "period_start", "804384") {
        panic!("accepted: retarget height {} for tip {}", q.retarget_height(), q.tip());
    }
    let v = edit("remaining_intervals", json!(5));
    if let Some(q) = forged::<RetargetProjection>(&v, "remaining_intervals", "5") {
        panic!("accepted: {} remaining for tip {}", q.remaining_intervals(), q.tip());
    }
    let v = edit("rate_blocks", json!(0));
    if let Some(q) = forged::<RetargetProjection>(&v, "rate_blocks", "0") {
        panic!("accepted: a block rate from {} intervals", q.rate_blocks());
    }
    let v = edit("rate_blocks", json!(900_000));
    if let Some(q) = forged::<RetargetProjection>(&v, "rate_blocks", "900000") {
        panic!("accepted: a rate window of {} intervals below tip {}", q.rate_blocks(), q.tip());
    }
    // A change beyond Core's ×4 clamp, with the median inside a widened interval.
    let mut v = edit("change_percent", json!(1e5));
    v["change_percent_interval"]["high"] = json!(1e6);
    if let Some(q) = forged::<RetargetProjection>(&v, "change_percent", "1000000") {
        panic!("accepted: a {} % difficulty change", q.change_percent());
    }
    let v = edit("change_percent", json!(1e6));
    if let Some(q) = forged::<RetargetProjection>(&v, "change_percent", "1000000") {
        let i = q.change_percent_interval();
        panic!("accepted: median {} outside [{}, {}]", q.change_percent(), i.low(), i.high());
    }
    let v = edit("retarget_secs", json!(0.0));
    if let Some(q) = forged::<RetargetProjection>(&v, "retarget_secs", "0") {
        panic!("accepted: retarget at {:?}", q.retarget_date());
    }
}

/// `DiscountFilter::new` takes a discount in (0, 1). A forged 1.5 inflates the shape as 1.5ⁿ:
/// after a few hundred blocks the interval has zero width (false certainty), after ~1 750 the
/// state overflows and every later point silently repeats the last finite one.
#[test]
fn a_discount_filter_outside_0_1_is_refused() {
    let f = DiscountFilter::new(0.99).unwrap();
    round_trips(&f);
    let wt = steady(0, 300);
    for bad in [1.5, 1.0, 0.0, -0.5] {
        if let Some(f) =
            forged::<DiscountFilter>(&json!({ "discount": bad }), "discount", &bad.to_string())
        {
            let last = f.run(&wt, GammaPosterior::jeffreys(), LEVEL).map(|p| p.last().copied());
            panic!("accepted discount {bad}: last point {last:?}");
        }
    }
}

/// `GammaPosterior::new` takes a finite, non-negative shape and rate. A forged negative prior rate
/// cancels part of the data's work-time: the posterior mean doubles with no error.
#[test]
fn a_negative_gamma_prior_is_refused() {
    let g = GammaPosterior::new(100.0, 1e-16).unwrap();
    round_trips(&g);
    round_trips(&GammaPosterior::jeffreys());
    let wt = steady(0, 100);
    let w = Window::heights(0, 100).unwrap();
    let honest = Bayesian::jeffreys().estimate(&wt, w, LEVEL).unwrap().value().to_hs();
    assert!((honest / 1e18 - 1.0).abs() < 1e-12);
    // S = 100 · 600 s / 6e20 = 1e-16 s/H; the forged rate removes half of it.
    let prior = json!({ "shape": 0.0, "rate": -5e-17 });
    if let Some(g) = forged::<GammaPosterior>(&prior, "rate", "-0.00000000000000005") {
        let b = Bayesian::new(g, 1.0).unwrap();
        let v = b.estimate(&wt, w, LEVEL).unwrap().value().to_hs();
        panic!("accepted rate -5e-17: {v:e} H/s where the data say {honest:e}");
    }
    let bayes = json!({ "prior": prior, "discount": 1.0 });
    assert!(serde_json::from_value::<Bayesian>(bayes).is_err());
}

/// `Bayesian::new` takes a discount in [0, 1]; a forged one was accepted and every estimate then
/// failed with a parameter error about a value the caller never passed.
#[test]
fn a_bayesian_discount_outside_0_1_is_refused() {
    let b = Bayesian::new(GammaPosterior::new(10.0, 1e-17).unwrap(), 0.5).unwrap();
    round_trips(&b);
    round_trips(&Bayesian::jeffreys());
    let wt = steady(0, 100);
    let w = Window::heights(0, 100).unwrap();
    for bad in [2.0, -0.25] {
        let v = json!({ "prior": { "shape": 0.0, "rate": 0.0 }, "discount": bad });
        if let Some(b) = forged::<Bayesian>(&v, "discount", &bad.to_string()) {
            panic!("accepted discount {bad}: estimate gives {:?}", b.estimate(&wt, w, LEVEL));
        }
    }
}

/// `LocalLevel` takes a finite, positive daily volatility and initial variance.
#[test]
fn a_local_level_with_a_non_positive_variance_is_refused() {
    let m = LocalLevel::new(0.05).unwrap().with_initial_variance(4.0).unwrap();
    round_trips(&m);
    let wt = steady(0, 300);
    let w = Window::heights(0, 300).unwrap();
    for (field, bad, v) in [
        ("initial_variance", "-1", json!({ "sigma_per_day": 0.05, "initial_variance": -1.0 })),
        ("initial_variance", "0", json!({ "sigma_per_day": 0.05, "initial_variance": 0.0 })),
        ("sigma_per_day", "-0.05", json!({ "sigma_per_day": -0.05, "initial_variance": 1.0 })),
    ] {
        if let Some(m) = forged::<LocalLevel>(&v, field, bad) {
            let first = m.run(&wt, w, LEVEL).map(|p| p.filtered(1));
            panic!("accepted {v}: sigma {}, first filtered point {first:?}", m.sigma_per_day());
        }
    }
}

/// `TimestampRobust::new` takes a finite, non-negative noise standard deviation; a forged
/// negative one came back from `noise_sd_secs()` as a negative standard deviation.
#[test]
fn a_negative_timestamp_noise_is_refused() {
    let r = TimestampRobust::new(Endpoints::MedianTimePast, 120.0).unwrap();
    round_trips(&r);
    let v = json!({ "endpoints": "Raw", "noise_sd_secs": -120.0 });
    if let Some(r) = forged::<TimestampRobust>(&v, "noise_sd_secs", "-120") {
        panic!("accepted: noise standard deviation {} s", r.noise_sd_secs());
    }
}

/// `RollingTime::new` takes a positive span. A forged negative span put each window's start after
/// its end and the pass panicked in `i64::clamp` (min > max).
#[test]
fn a_rolling_time_with_a_non_positive_span_is_refused() {
    let r = RollingTime::new(3600, PoissonInterval::MidP).unwrap();
    round_trips(&r);
    let wt = steady(0, 50);
    for bad in [-600i64, 0] {
        let v = json!({ "span_secs": bad, "interval": "Garwood" });
        if let Some(r) = forged::<RollingTime>(&v, "span_secs", &bad.to_string()) {
            let out = catch_unwind(AssertUnwindSafe(|| r.run(&wt, LEVEL).map(|p| p.len())));
            let out = out.map_err(|p| {
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            });
            panic!("accepted span {bad}: run gave {out:?}");
        }
    }
}

/// A noise report counts its negative and zero intervals among its intervals, and has a most
/// negative step exactly when it has a negative one. A forged report with more negative
/// intervals than intervals gave a negative fraction above one.
#[test]
fn an_inconsistent_noise_report_is_refused() {
    let times = [0i64, 600, 500, 500, 1800, 2400];
    let wt = WorkTime::from_parts(0, &times, &[6e20; 6]).unwrap();
    let r = TimestampNoiseReport::analyse(&wt);
    assert_eq!((r.intervals(), r.negative(), r.zero()), (5, 1, 1));
    round_trips(&r);
    round_trips(&TimestampNoiseReport::analyse(&steady(0, 10)));
    let base = serde_json::to_value(r).unwrap();
    let edit = |field: &str, to: Value| {
        let mut v = base.clone();
        v[field] = to;
        v
    };
    let v = edit("negative", json!(20));
    if let Some(r) = forged::<TimestampNoiseReport>(&v, "negative", "20") {
        panic!("accepted: negative fraction {}", r.negative_fraction());
    }
    let v = edit("most_negative_secs", json!(null));
    if let Some(r) = forged::<TimestampNoiseReport>(&v, "most_negative_secs", "none") {
        panic!("accepted: 1 negative interval, most negative {:?}", r.most_negative_secs());
    }
    let mut v = edit("negative", json!(0));
    v["zero"] = json!(0);
    if let Some(r) = forged::<TimestampNoiseReport>(&v, "most_negative_secs", "-100") {
        panic!("accepted: no negative interval, most negative {:?}", r.most_negative_secs());
    }
    let v = json!({ "intervals": 0, "negative": 0, "zero": 0, "most_negative_secs": null,
                    "mean_interval_secs": 600.0 });
    if let Some(r) = forged::<TimestampNoiseReport>(&v, "mean_interval_secs", "600") {
        panic!("accepted: mean interval {} s over no interval", r.mean_interval_secs());
    }
    let v = edit("most_negative_secs", json!(30));
    if let Some(r) = forged::<TimestampNoiseReport>(&v, "most_negative_secs", "30") {
        panic!("accepted: most negative step {:?} s", r.most_negative_secs());
    }
}

/// `Window` stays a plain derive: every estimator takes its range through `Window::block_range`
/// (or `FixedTime::exposure`), which re-runs `Window::heights` / `Window::time_span`, so a forged
/// backwards window gets the constructor's own error at first use. This test fails if a consumer
/// ever stops re-checking.
#[test]
fn a_forged_backwards_window_gets_the_constructors_error_at_use() {
    let w = Window::heights(10, 60).unwrap();
    round_trips(&w);
    round_trips(&Window::time_span(-5, 7).unwrap());
    let wt = steady(0, 100);
    let estimators: [&dyn HashrateEstimator; 4] = [
        &minerscope::hashrate::Exact::unbiased(),
        &minerscope::hashrate::CoreCompatible,
        &minerscope::hashrate::FixedTime::default(),
        &Bayesian::jeffreys(),
    ];
    for json in [
        json!({ "Heights": { "from": 60, "to": 10 } }),
        json!({ "TimeSpan": { "start": 7, "end": -5 } }),
    ] {
        let w: Window = serde_json::from_value(json.clone()).unwrap();
        for e in estimators {
            let err = e.estimate(&wt, w, LEVEL).unwrap_err();
            assert!(
                matches!(err, minerscope::hashrate::HashrateError::InvalidWindow { .. }),
                "{json} with {:?}: {err:?}",
                e.method()
            );
        }
        let ll = LocalLevel::new(0.05).unwrap().run(&wt, w, LEVEL).unwrap_err();
        assert!(matches!(ll, minerscope::hashrate::HashrateError::InvalidWindow { .. }), "{ll:?}");
    }
}
