//! Every public constructor of `units`, `stats` and `sim` either returns a valid value or a
//! typed error for arbitrary numeric input — NaN, ±∞, negatives, signed zeros, subnormals,
//! `f64::MAX`, `u64::MAX` — and never panics. "Valid" means the type's documented invariant
//! holds and its accessors give finite numbers.
//!
//! Case counts are moderate (the whole file runs in a few seconds in the dev profile); the
//! `nasty_f64` strategy spends most cases on the edge values where bugs live.

use bitcoin::{Amount, CompactTarget, ScriptBuf, Target};
use minerscope::chain::{ChainError, WorkTime};
use minerscope::sim::{
    FeeModel, HashratePath, MAX_TAG_LEN, PoolMix, PoolProfile, Scenario, SimError, StartState,
    TimestampNoise,
};
use minerscope::stats::{ConfidenceLevel, Interval, StatsError, quantile, rate};
use minerscope::units::{
    BtcPrice, Difficulty, Efficiency, Energy, EnergyPrice, Hashrate, Power, UnitError, Usd,
};
use proptest::prelude::*;

const CASES: u32 = 512;
/// Fewer cases for properties that evaluate quantiles or run the simulator.
const SLOW_CASES: u32 = 96;

/// Edge values first, then arbitrary bit patterns and ordinary magnitudes.
fn nasty_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => prop::sample::select(vec![
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.0,
            -0.0,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            5e-324,
            f64::EPSILON,
            1.0,
            -1.0,
            0.5,
            1.0 - f64::EPSILON,
            1.0 - f64::EPSILON / 2.0,
            1e300,
            f64::MAX,
            f64::MIN,
        ]),
        2 => any::<f64>(),
        2 => -1e6f64..1e6,
        1 => 0.0f64..1.0,
    ]
}

fn nasty_u64() -> impl Strategy<Value = u64> {
    prop_oneof![
        prop::sample::select(vec![0u64, 1, 2, u64::from(u32::MAX), u64::MAX / 2, u64::MAX]),
        any::<u64>(),
        0u64..10_000,
    ]
}

fn valid_hashrate() -> impl Strategy<Value = Hashrate> {
    prop_oneof![Just(0.0), Just(5e-324), Just(f64::MAX), 0.0f64..1e22]
        .prop_map(|hs| Hashrate::from_hs(hs).expect("valid by construction"))
}

fn level() -> impl Strategy<Value = ConfidenceLevel> {
    nasty_f64().prop_filter_map("invalid level", |l| ConfidenceLevel::new(l).ok())
}

/// A unit constructor's verdict agrees with its domain check, and a value keeps its input.
fn check_unit<T>(
    r: Result<T, UnitError>,
    base: f64,
    in_domain: bool,
    read: impl Fn(&T) -> f64,
) -> Result<(), TestCaseError> {
    match r {
        Ok(v) => {
            prop_assert!(in_domain, "accepted {base}");
            let x = read(&v);
            prop_assert!(x.is_finite(), "{x}");
            prop_assert_eq!(x, base);
            // Signed zeros are normalised so Display never shows "-0.00".
            prop_assert!(x != 0.0 || x.is_sign_positive(), "negative zero stored");
        }
        Err(e) => {
            prop_assert!(!in_domain, "rejected {base}: {e}");
            let msg = e.to_string();
            prop_assert!(msg.starts_with(char::is_lowercase), "{msg}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn hashrate_constructors(x in nasty_f64()) {
        let ok = |v: f64| v.is_finite() && v >= 0.0;
        check_unit(Hashrate::from_hs(x), x + 0.0, ok(x), |h| h.to_hs())?;
        check_unit(Hashrate::try_from(x), x + 0.0, ok(x), |h| h.to_hs())?;
        check_unit(Hashrate::from_ths(x), x * 1e12 + 0.0, ok(x * 1e12), |h| h.to_hs())?;
        check_unit(Hashrate::from_phs(x), x * 1e15 + 0.0, ok(x * 1e15), |h| h.to_hs())?;
        check_unit(Hashrate::from_ehs(x), x * 1e18 + 0.0, ok(x * 1e18), |h| h.to_hs())?;
        if let Ok(h) = Hashrate::from_hs(x) {
            prop_assert!(h.to_ths().is_finite() && h.to_phs().is_finite() && h.to_ehs().is_finite());
            prop_assert!(!h.to_string().starts_with('-'));
        }
    }

    #[test]
    fn power_and_efficiency_constructors(x in nasty_f64()) {
        let non_neg = |v: f64| v.is_finite() && v >= 0.0;
        check_unit(Power::from_watts(x), x + 0.0, non_neg(x), |p| p.to_watts())?;
        check_unit(Power::from_kilowatts(x), x * 1e3 + 0.0, non_neg(x * 1e3), |p| p.to_watts())?;
        check_unit(Power::from_megawatts(x), x * 1e6 + 0.0, non_neg(x * 1e6), |p| p.to_watts())?;
        let pos = x.is_finite() && x > 0.0;
        check_unit(Efficiency::from_j_per_th(x), x, pos, |e| e.to_j_per_th())?;
        check_unit(Difficulty::new(x), x, pos, |d| d.to_f64())?;
        check_unit(Usd::from_dollars(x), x, x.is_finite(), |u| u.to_dollars())?;
    }

    #[test]
    fn energy_and_price_constructors(x in nasty_f64(), w in nasty_f64()) {
        let non_neg = |v: f64| v.is_finite() && v >= 0.0;
        check_unit(Energy::from_joules(x), x + 0.0, non_neg(x), |e| e.to_joules())?;
        check_unit(Energy::from_kwh(x), x * 3.6e6 + 0.0, non_neg(x * 3.6e6), |e| e.to_joules())?;
        check_unit(Energy::from_mwh(x), x * 3.6e9 + 0.0, non_neg(x * 3.6e9), |e| e.to_joules())?;
        if let Ok(p) = Power::from_watts(w) {
            let j = p.to_watts() * x * 3600.0;
            check_unit(Energy::from_power_hours(p, x), j + 0.0, non_neg(x) && non_neg(j), |e| e.to_joules())?;
        }
        let pos = x.is_finite() && x > 0.0;
        check_unit(BtcPrice::from_usd_per_btc(x), x, pos, |b| b.to_usd_per_btc())?;
        check_unit(EnergyPrice::from_usd_per_mwh(x), x + 0.0, x.is_finite(), |e| e.to_usd_per_mwh())?;
        check_unit(EnergyPrice::from_usd_per_kwh(x), x * 1e3 + 0.0, (x * 1e3).is_finite(), |e| e.to_usd_per_mwh())?;
    }

    /// Efficiency × hashrate and power ÷ efficiency are valid or a NotFinite error (overflow).
    #[test]
    fn efficiency_conversions_stay_valid(e in nasty_f64(), h in valid_hashrate(), w in nasty_f64()) {
        if let (Ok(e), Ok(p)) = (Efficiency::from_j_per_th(e), Power::from_watts(w)) {
            match e.power_for(h) {
                Ok(power) => prop_assert!(power.to_watts().is_finite() && power.to_watts() >= 0.0),
                Err(err) => {
                    prop_assert!(matches!(err, UnitError::NotFinite { .. }), "{err}");
                    prop_assert!(e.to_j_per_th() * h.to_ths() > f64::MAX);
                }
            }
            match e.hashrate_for(p) {
                Ok(hs) => prop_assert!(hs.to_hs().is_finite() && hs.to_hs() >= 0.0),
                Err(err) => {
                    prop_assert!(matches!(err, UnitError::NotFinite { .. }), "{err}");
                    prop_assert!(p.to_watts() / e.to_j_per_th() * 1e12 > f64::MAX);
                }
            }
        }
    }

    /// `Usd` arithmetic keeps the finiteness invariant (saturating at ±`f64::MAX`).
    #[test]
    fn usd_arithmetic_stays_finite(a in nasty_f64(), b in nasty_f64(), k in nasty_f64()) {
        if let (Ok(a), Ok(b)) = (Usd::from_dollars(a), Usd::from_dollars(b)) {
            for v in [a + b, a - b, -a, a * k] {
                prop_assert!(v.to_dollars().is_finite(), "{v:?}");
                prop_assert!(Usd::from_dollars(v.to_dollars()).is_ok());
            }
        }
    }

    /// Any 256-bit target, even zero, gives a finite positive difficulty.
    #[test]
    fn difficulty_from_any_target(bytes in any::<[u8; 32]>(), bits in any::<u32>()) {
        for t in [Target::from_le_bytes(bytes), Target::from_compact(CompactTarget::from_consensus(bits))] {
            let d = Difficulty::from_target(t).to_f64();
            prop_assert!(d.is_finite() && d > 0.0, "{d}");
        }
    }

    #[test]
    fn confidence_level_constructor(x in nasty_f64(), k in any::<usize>()) {
        match ConfidenceLevel::new(x) {
            Ok(l) => {
                prop_assert!(x > 0.0 && x < 1.0);
                prop_assert_eq!(l.to_f64(), x);
                check_level(l)?;
                check_level(l.bonferroni(k))?;
                prop_assert!(l.bonferroni(k) >= l);
            }
            Err(e) => {
                prop_assert!(!(x > 0.0 && x < 1.0 - f64::EPSILON), "rejected {x}");
                prop_assert!(matches!(e, StatsError::InvalidLevel(_)));
            }
        }
    }

    #[test]
    fn interval_constructor(a in nasty_f64(), b in nasty_f64(), l in level()) {
        match Interval::new(a, b, l) {
            Ok(i) => {
                prop_assert!(a <= b);
                prop_assert!(i.low() <= i.high() && i.width() >= 0.0 || a.is_infinite());
                prop_assert!(i.contains(&a) && i.contains(&b));
            }
            Err(e) => {
                prop_assert!(a.partial_cmp(&b).is_none_or(|o| o.is_gt()));
                prop_assert!(matches!(e, StatsError::InvalidInterval { .. }), "{e}");
            }
        }
    }
}

/// A level's tails are strictly inside (0, 1), so quantiles at them are finite.
fn check_level(l: ConfidenceLevel) -> Result<(), TestCaseError> {
    let x = l.to_f64();
    prop_assert!(x > 0.0 && x < 1.0, "level {x}");
    for tail in [l.lower_tail(), l.upper_tail()] {
        prop_assert!(tail > 0.0 && tail < 1.0, "tail {tail} of level {x}");
    }
    // α rounds to 1 for subnormal levels; that is harmless (both tails are then 1/2).
    prop_assert!(l.alpha() > 0.0 && l.alpha() <= 1.0);
    Ok(())
}

/// A quantile is a number (never NaN) or a typed error.
fn check_quantile(r: Result<f64, StatsError>, p: f64) -> Result<(), TestCaseError> {
    match r {
        Ok(q) => {
            prop_assert!((0.0..=1.0).contains(&p));
            prop_assert!(!q.is_nan(), "NaN quantile at p = {p}");
        }
        Err(e) => prop_assert!(!e.to_string().is_empty()),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(SLOW_CASES))]

    #[test]
    fn quantiles_never_panic(p in nasty_f64(), a in nasty_f64(), b in nasty_f64()) {
        // Shapes are kept to a range statrs answers quickly; domain errors are still tested.
        let a = if a.is_finite() && a.abs() > 1e6 { a.signum() * 1e6 } else { a };
        let b = if b.is_finite() && b.abs() > 1e6 { b.signum() * 1e6 } else { b };
        check_quantile(quantile::chi_squared(p, a), p)?;
        check_quantile(quantile::gamma(p, a, b), p)?;
        check_quantile(quantile::fisher_f(p, a, b), p)?;
        check_quantile(quantile::beta(p, a, b), p)?;
        check_quantile(quantile::standard_normal(p), p)?;
        // Out-of-domain arguments are always errors (subnormal shapes may be errors too).
        let positive = |v: f64| v.is_finite() && v > 0.0;
        let p_ok = (0.0..=1.0).contains(&p);
        if quantile::chi_squared(p, a).is_ok() {
            prop_assert!(p_ok && positive(a));
        }
        if quantile::beta(p, a, b).is_ok() {
            prop_assert!(p_ok && positive(a) && positive(b));
        }
    }

    /// Rate intervals are finite, ordered and non-negative, or a typed error.
    #[test]
    fn rate_intervals_are_finite_or_errors(n in nasty_u64(), s in nasty_f64(), l in level()) {
        match rate::exponential_rate(n, s, l) {
            Ok(ci) => {
                prop_assert!(n > 0 && s.is_finite() && s > 0.0);
                prop_assert!(ci.low().is_finite() && ci.high().is_finite(), "{ci:?} n={n} s={s}");
                prop_assert!(0.0 <= ci.low() && ci.low() <= ci.high());
                prop_assert_eq!(ci.level(), l);
            }
            Err(e) => prop_assert!(matches!(e, StatsError::InvalidParameter { .. }), "{e}"),
        }
        match rate::poisson_rate(n, s, l) {
            Ok(ci) => {
                prop_assert!(s.is_finite() && s > 0.0);
                prop_assert!(ci.low().is_finite() && ci.high().is_finite(), "{ci:?} k={n} e={s}");
                prop_assert!(0.0 <= ci.low() && ci.low() <= ci.high());
            }
            Err(e) => prop_assert!(matches!(e, StatsError::InvalidParameter { .. }), "{e}"),
        }
        match rate::gamma_pivot(n, l) {
            Ok((lo, hi)) => {
                prop_assert!(n > 0);
                prop_assert!(lo.is_finite() && hi.is_finite() && 0.0 <= lo && lo <= hi, "{lo} {hi}");
            }
            Err(e) => prop_assert!(matches!(e, StatsError::InvalidParameter { .. }), "{e}"),
        }
    }
}

/// Breakpoint lists with nasty times (including sub-nanosecond gaps) and valid hashrates.
fn breakpoints() -> impl Strategy<Value = Vec<(f64, Hashrate)>> {
    prop::collection::vec((nasty_f64(), valid_hashrate()), 0..6).prop_map(|mut v| {
        // Half the time, make the times sorted so construction succeeds and the path is used.
        if v.first().is_some_and(|(t, _)| t.is_sign_positive()) {
            v.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        v
    })
}

/// A path built without error answers `value_at` with a valid hashrate at every time >= 0.
fn check_path(p: &HashratePath, probes: &[f64]) -> Result<(), TestCaseError> {
    prop_assert!(p.is_exact());
    for &t in probes {
        if t.is_finite() && t >= 0.0 {
            let h = p.value_at(t);
            prop_assert!(h.is_ok(), "value_at({t}) = {h:?} for {p:?}");
        }
    }
    Ok(())
}

/// Pool shares and an unknown share that sum to one (up to rounding), some of them zero.
fn valid_shares() -> impl Strategy<Value = (Vec<f64>, f64)> {
    let weight = prop_oneof![1 => Just(0.0), 4 => 1e-3f64..1.0];
    (prop::collection::vec(weight.clone(), 0..5), weight).prop_filter_map(
        "all weights zero",
        |(pools, unknown)| {
            let total = pools.iter().sum::<f64>() + unknown;
            (total > 0.0).then(|| (pools.iter().map(|w| w / total).collect(), unknown / total))
        },
    )
}

fn pool(i: usize) -> PoolProfile {
    PoolProfile::new(format!("pool {i}"), format!("/p{i}/").into_bytes(), ScriptBuf::new())
        .expect("short tag")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn hashrate_path_constructors(
        bps in breakpoints(),
        h0 in valid_hashrate(),
        h1 in valid_hashrate(),
        start in nasty_f64(),
        duration in nasty_f64(),
        probes in prop::collection::vec(nasty_f64(), 4),
    ) {
        check_path(&HashratePath::constant(h0), &probes)?;
        match HashratePath::piecewise_linear(&bps) {
            Ok(p) => {
                let mut probes = probes.clone();
                probes.extend(bps.iter().map(|(t, _)| *t));
                probes.extend(bps.windows(2).map(|w| 0.5 * (w[0].0 + w[1].0)));
                check_path(&p, &probes)?;
            }
            Err(e) => prop_assert!(
                matches!(e, SimError::EmptyPath | SimError::InvalidBreakpoint { .. }),
                "{e}"
            ),
        }
        match HashratePath::steps(h0, &bps) {
            Ok(p) => check_path(&p, &probes)?,
            Err(e) => prop_assert!(matches!(e, SimError::InvalidBreakpoint { .. }), "{e}"),
        }
        match HashratePath::ramp(h0, h1, start, duration) {
            Ok(p) => {
                let mut probes = probes.clone();
                probes.extend([start, start + 0.5 * duration, start + duration]);
                check_path(&p, &probes)?;
            }
            Err(e) => prop_assert!(
                matches!(e, SimError::InvalidBreakpoint { .. } | SimError::InvalidRampDuration { .. }),
                "{e}"
            ),
        }
    }

    #[test]
    fn pool_mix_constructors(
        (shares, unknown) in prop_oneof![
            (prop::collection::vec(nasty_f64(), 0..5), nasty_f64()),
            valid_shares(),
        ],
        index in prop_oneof![any::<usize>(), 0usize..6],
        tag_len in 0usize..120,
        h in valid_hashrate(),
    ) {
        let pools: Vec<(PoolProfile, f64)> =
            shares.iter().enumerate().map(|(i, s)| (pool(i), *s)).collect();
        match PoolMix::from_shares(pools, unknown) {
            Ok(mix) => {
                let got = mix.shares().expect("share mix");
                let sum: f64 = got.iter().sum::<f64>() + mix.unknown_share().unwrap_or(f64::NAN);
                prop_assert!((sum - 1.0).abs() <= 1e-9, "{sum}");
                prop_assert!(got.iter().all(|s| (0.0..=1.0).contains(s)));
                let paths = mix.into_paths(&HashratePath::constant(h));
                prop_assert!(paths.shares().is_none());
                match paths.with_pool_path(index, HashratePath::constant(h)) {
                    Ok(m) => prop_assert!(index < m.pools().len()),
                    Err(e) => prop_assert!(matches!(e, SimError::PoolIndexOutOfRange { .. }), "{e}"),
                }
            }
            Err(e) => prop_assert!(
                matches!(e, SimError::InvalidShare { .. } | SimError::SharesDoNotSumToOne { .. }),
                "{e}"
            ),
        }
        let tagged = PoolProfile::new("t", vec![b'x'; tag_len], ScriptBuf::new());
        prop_assert_eq!(tagged.is_ok(), tag_len <= MAX_TAG_LEN);
        let n = shares.len();
        let with_unknown = unknown > 0.5;
        let from_paths = PoolMix::from_paths(
            (0..n).map(|i| (pool(i), HashratePath::constant(h))).collect(),
            with_unknown.then(|| HashratePath::constant(h)),
        );
        prop_assert_eq!(from_paths.is_err(), n == 0 && !with_unknown);
    }

    #[test]
    fn timestamp_noise_constructors(
        sigma in nasty_f64(),
        fraction in nasty_f64(),
        lo in nasty_f64(),
        hi in nasty_f64(),
        mean in nasty_f64(),
    ) {
        let max = TimestampNoise::MAX_OFFSET_SECS;
        let r = TimestampNoise::normal(sigma);
        prop_assert_eq!(r.is_ok(), sigma.is_finite() && (0.0..=max).contains(&sigma));
        let base = r.unwrap_or_else(|_| TimestampNoise::mainnet());
        match base.clone().with_outliers(fraction, lo, hi) {
            Ok(n) => {
                prop_assert!((0.0..=1.0).contains(&n.outlier_fraction()));
                let (l, h) = n.outlier_range_secs();
                prop_assert!(l.is_finite() && h.is_finite() && l <= h && l.abs() <= max && h.abs() <= max);
            }
            Err(e) => prop_assert!(matches!(e, SimError::InvalidNoise { .. }), "{e}"),
        }
        match base.with_mean_offset(mean) {
            Ok(n) => prop_assert!(n.mean_offset_secs().is_finite() && n.mean_offset_secs().abs() <= max),
            Err(e) => prop_assert!(matches!(e, SimError::InvalidNoise { .. }), "{e}"),
        }
    }

    #[test]
    fn fee_model_and_start_state_constructors(
        sat in nasty_u64(),
        height in any::<u32>(),
        bits in prop_oneof![Just(0x1d00ffffu32), Just(0x1703ba5d), Just(0x207fffff), any::<u32>()],
        time in any::<u32>(),
        period_time in any::<u32>(),
    ) {
        let fees = Amount::from_sat(sat);
        let ok = fees <= FeeModel::MAX_MEAN;
        prop_assert_eq!(FeeModel::constant(fees).map(|f| f.mean()).ok(), ok.then_some(fees));
        prop_assert_eq!(FeeModel::exponential(fees).is_ok(), ok);
        match StartState::new(height, CompactTarget::from_consensus(bits), time) {
            Ok(s) => {
                prop_assert_eq!(s.height(), height);
                prop_assert!(s.period_start_time() <= s.time());
                prop_assert!(s.recent_times().windows(2).all(|w| w[0] <= w[1]));
                let h = s.equilibrium_hashrate().to_hs();
                prop_assert!(h.is_finite() && h > 0.0, "{h}");
                if let Err(e) = s.with_period_start_time(period_time) {
                    prop_assert!(matches!(e, SimError::InvalidStart { .. }), "{e}");
                }
            }
            Err(e) => prop_assert!(matches!(e, SimError::InvalidBits { .. }), "{e}"),
        }
    }

    /// `WorkTime::from_parts` accepts any `i64` timestamps without overflowing (it used to
    /// panic in debug builds on differences beyond `i64`).
    #[test]
    fn work_time_from_any_i64_times(
        times in prop::collection::vec(
            prop_oneof![
                1 => Just(i64::MIN), 1 => Just(i64::MAX), 1 => Just(0i64), 2 => any::<i64>(),
                // Times within the accepted ±2^40 s, so the Ok arm runs too.
                5 => -(1i64 << 40)..=(1i64 << 40),
            ], 1..6),
        work in 1.0f64..1e25,
        start in any::<u32>(),
    ) {
        let works = vec![work; times.len()];
        match WorkTime::from_parts(start, &times, &works) {
            Ok(wt) => {
                prop_assert!(wt.intervals().iter().all(|u| u.is_finite()));
                let last = wt.end_height();
                if let Some(w) = wt.window(wt.start_height(), last) {
                    prop_assert!(w.work_time().is_finite());
                }
            }
            Err(e) => prop_assert!(
                matches!(e, ChainError::InvalidField { .. } | ChainError::HeightOutOfRange { .. }),
                "{e}"
            ),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(SLOW_CASES))]

    /// Scenarios assembled from extreme (but individually valid) parts build and run a few
    /// blocks, or fail with a typed error; a chain's find times are finite and non-decreasing.
    #[test]
    fn scenario_builder_with_extreme_parts(
        bps in breakpoints(),
        h in valid_hashrate(),
        use_paths in any::<bool>(),
        with_hashrate in any::<bool>(),
        time in prop_oneof![Just(0u32), Just(u32::MAX), Just(u32::MAX - 700), any::<u32>()],
        height in prop_oneof![Just(0u32), Just(2015), Just(u32::MAX - 3), any::<u32>()],
        bits in prop_oneof![Just(0x1d00ffffu32), Just(0x207fffff), Just(0x1703ba5d), Just(0x03000001)],
        sigma in prop_oneof![Just(0.0), Just(TimestampNoise::MAX_OFFSET_SECS), 0.0f64..100.0],
        fees in prop_oneof![Just(0u64), Just(FeeModel::MAX_MEAN.to_sat()), 0u64..100_000_000],
        n in 1usize..12,
        seed in any::<u64>(),
    ) {
        let path = HashratePath::piecewise_linear(&bps).unwrap_or_else(|_| HashratePath::constant(h));
        let mut builder = Scenario::builder().seed(seed);
        if let Ok(start) = StartState::new(height, CompactTarget::from_consensus(bits), time) {
            builder = builder.start(start);
        }
        if let Ok(noise) = TimestampNoise::normal(sigma) {
            builder = builder.noise(noise);
        }
        if let Ok(f) = FeeModel::exponential(Amount::from_sat(fees)) {
            builder = builder.fees(f);
        }
        if use_paths {
            let mix = PoolMix::from_paths(vec![(pool(0), path.clone())], Some(HashratePath::constant(h)));
            builder = builder.pools(mix.expect("non-empty"));
        } else {
            builder = builder.pools(PoolMix::unknown_only());
        }
        if with_hashrate {
            builder = builder.hashrate(path);
        }
        let scenario = match builder.build() {
            Ok(s) => s,
            Err(e) => {
                prop_assert!(use_paths && with_hashrate || matches!(e, SimError::InvalidHashrate { .. }), "{e}");
                return Ok(());
            }
        };
        match scenario.run(n) {
            Ok(chain) => {
                prop_assert_eq!(chain.len(), n);
                let times: Vec<f64> = chain.truth().iter().map(|t| t.find_time()).collect();
                prop_assert!(times.iter().all(|t| t.is_finite()), "{times:?}");
                prop_assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
            }
            Err(e) => prop_assert!(
                matches!(
                    e,
                    SimError::Stalled { .. }
                        | SimError::TimeOverflow { .. }
                        | SimError::HeightOverflow { .. }
                        | SimError::InvalidHashrate { .. }
                        // Consensus retargeting of a 1-hash target (0x03000001) yields bits
                        // 0, as in Core; the simulator reports it instead of panicking.
                        | SimError::Chain(ChainError::InvalidBits { .. })
                ),
                "{e}"
            ),
        }
    }
}

// Regression tests for the bugs the properties above found (each failed before its fix).

#[test]
fn regression_level_tails_stay_below_one() {
    // 1 − 2^-53 used to be accepted, and its upper tail rounded to 1 (an infinite quantile).
    assert!(ConfidenceLevel::new(1.0 - f64::EPSILON / 2.0).is_err());
    assert_eq!(ConfidenceLevel::new(1.0 - f64::EPSILON), Ok(ConfidenceLevel::MAX));
    assert!(ConfidenceLevel::MAX.upper_tail() < 1.0);
    // Bonferroni over 2^51 intervals used to return exactly 1.0.
    let l = ConfidenceLevel::new(0.5955800717865481).unwrap().bonferroni(2_428_460_584_004_407);
    assert_eq!(l, ConfidenceLevel::MAX);
    assert!(rate::exponential_rate(1, 1.0, l).unwrap().high().is_finite());
}

#[test]
fn regression_rate_intervals_are_ordered_finite_and_fast() {
    // Swapped numerical quantiles at a tiny level used to trip `from_ordered`'s debug_assert.
    let tiny = ConfidenceLevel::new(f64::EPSILON).unwrap();
    let ci = rate::exponential_rate(2, 1.0, tiny).unwrap();
    assert!(ci.low() <= ci.high());
    // A subnormal work-time used to give an infinite interval.
    assert!(rate::exponential_rate(10, 5e-324, ConfidenceLevel::P95).is_err());
    assert!(rate::poisson_rate(10, 5e-324, ConfidenceLevel::P95).is_err());
    // n = u64::MAX used to run statrs' series for hours.
    assert!(rate::gamma_pivot(u64::MAX, ConfidenceLevel::P95).is_err());
    assert!(rate::poisson_rate(u64::MAX, 1.0, ConfidenceLevel::P95).is_err());
}

#[test]
fn regression_units_store_positive_zero_and_usd_saturates() {
    assert!(Hashrate::from_hs(-0.0).unwrap().to_hs().is_sign_positive());
    assert_eq!(Hashrate::from_hs(-0.0).unwrap().to_string(), "0.00 H/s");
    assert_eq!(Power::from_watts(-0.0).unwrap().to_string(), "0.00 W");
    assert_eq!(Usd::from_dollars(-0.0).unwrap().to_string(), "$0.00");
    let max = Usd::from_dollars(f64::MAX).unwrap();
    assert_eq!((max + max).to_dollars(), f64::MAX);
    assert_eq!((-max - max).to_dollars(), -f64::MAX);
    assert_eq!((max * 2.0).to_dollars(), f64::MAX);
    assert_eq!((max * f64::NAN).to_dollars(), 0.0);
    let msg = Usd::from_dollars(f64::NAN).unwrap_err().to_string();
    assert!(msg.starts_with("dollar amount"), "{msg}");
}

#[test]
fn regression_steep_ramp_is_a_jump_not_an_error() {
    // A 0 → f64::MAX ramp over 0.59 s has an infinite slope; value_at used to fail.
    let top = Hashrate::from_hs(f64::MAX).unwrap();
    let p = HashratePath::ramp(Hashrate::ZERO, top, 0.0, 0.5855576904864644).unwrap();
    assert_eq!(p.value_at(0.29).unwrap(), Hashrate::ZERO);
    assert_eq!(p.value_at(0.59).unwrap(), top);
}

#[test]
fn regression_work_time_rejects_extreme_times() {
    // Differences of such timestamps overflowed i64 (a panic in debug builds).
    let r = WorkTime::from_parts(0, &[i64::MIN, i64::MAX], &[1.0, 1.0]);
    assert!(matches!(r, Err(ChainError::InvalidField { ref field, .. }) if field == "times[0]"));
    let edge = 1i64 << 40; // the documented ±2^40 s bound
    let wt = WorkTime::from_parts(0, &[-edge, edge], &[1.0, 1.0]).unwrap();
    assert_eq!(wt.window(0, 1).unwrap().elapsed_secs(), 2 * edge);
    // Sub-hash work made u_i infinite; no target needs less than one hash.
    assert!(WorkTime::from_parts(0, &[0, 600], &[1.0, 5e-324]).is_err());
}
