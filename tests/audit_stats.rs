//! Audit of `stats`: quantile accuracy at extreme arguments and level arithmetic at extreme
//! levels. Golden values computed with mpmath 1.3.0 (60 digits) by bisection of the
//! regularized lower incomplete gamma function `gammainc(a, 0, x, regularized=True)`;
//! where R agrees to its printed digits this is noted. Literals are the goldens rounded to f64.

use minerscope::stats::{ConfidenceLevel, StatsError, quantile, rate};
use proptest::prelude::*;

/// Relative accuracy asked of a quantile against a 60-digit golden value.
const REL_TOL: f64 = 1e-12;

/// Relative accuracy of an F quantile whose Beta shapes are 0.005 and 5e8 (see its test).
const F_EXTREME_TOL: f64 = 1e-4;

fn assert_rel(got: f64, want: f64, what: &str) {
    assert!(((got - want) / want).abs() < REL_TOL, "{what}: got {got:e}, want {want:e}");
}

/// statrs' Gamma inverse CDF stops at an absolute 1e-9, so it returned 2^-30 = 9.3e-10 for
/// every quantile far below 1.
#[test]
fn small_gamma_and_chi_squared_quantiles_are_accurate() -> Result<(), StatsError> {
    // χ²(p; k) = 2·Gamma(p; k/2). mpmath: gamma quantile (0.005, a = 0.5) = 1.9635211110257952e-5
    // (R: qchisq(0.005, 1) = 3.927042e-05).
    assert_rel(
        quantile::chi_squared(0.005, 1.0)?,
        2.0 * 1.963_521_111_025_795e-5,
        "chi2(0.005; 1)",
    );
    // mpmath: (0.1, a = 0.5) = 0.0078953870467156133 (R: qchisq(0.1, 1) = 0.01579077).
    assert_rel(quantile::chi_squared(0.1, 1.0)?, 2.0 * 0.007_895_387_046_715_613, "chi2(0.1; 1)");
    // mpmath: (1e-6, a = 2) = 0.0014148806614793429.
    assert_rel(quantile::chi_squared(1e-6, 4.0)?, 2.0 * 0.001_414_880_661_479_343, "chi2(1e-6; 4)");
    // mpmath: (1e-20, a = 3) = 3.9148680243236322e-7.
    assert_rel(
        quantile::chi_squared(1e-20, 6.0)?,
        2.0 * 3.914_868_024_323_632e-7,
        "chi2(1e-20; 6)",
    );
    // mpmath: (0.3, a = 0.01) = 2.9174171917458686e-53.
    assert_rel(
        quantile::chi_squared(0.3, 0.02)?,
        2.0 * 2.917_417_191_745_868_6e-53,
        "chi2(0.3; 0.02)",
    );
    // Exponential: Gamma(p; 1, rate 1) = −ln(1 − p) = 1e-300 for p = 1e-300.
    assert_rel(quantile::gamma(1e-300, 1.0, 1.0)?, 1e-300, "gamma(1e-300; 1, 1)");
    // Scaling by the rate: ln 2 / 1e300.
    assert_rel(
        quantile::gamma(0.5, 1.0, 1e300)?,
        std::f64::consts::LN_2 / 1e300,
        "gamma(0.5; 1, 1e300)",
    );
    // Quantiles that underflow f64 (mpmath: χ²(1e-300; 1) = 1.57e-600, χ²(0.5; 1e-300) and
    // χ²(1e-10; 1e-10) far below 1e-800) come out as 0 or the smallest subnormal.
    for (p, dof) in [(1e-300, 1.0), (0.5, 1e-300), (0.975, 1e-300), (1e-10, 1e-10)] {
        let q = quantile::chi_squared(p, dof)?;
        assert!((0.0..1e-320).contains(&q), "chi2({p:e}; {dof:e}) = {q:e}");
    }
    // Unchanged above 1: R qchisq(0.975, 240) = 284.8025, mpmath (0.999, a = 0.005) ·2.
    assert!((quantile::chi_squared(0.975, 240.0)? - 284.8025).abs() < 1e-4);
    assert_rel(
        quantile::chi_squared(0.999, 0.01)?,
        2.0 * 1.058_874_861_541_159_1,
        "chi2(0.999; 0.01)",
    );
    Ok(())
}

/// The Garwood lower bound for one event at 99.9999 %: ½χ²(5e-7; 2) = −ln(1 − 5e-7).
#[test]
fn garwood_lower_bound_at_a_high_level_is_accurate() -> Result<(), StatsError> {
    let ci = rate::poisson_rate(1, 1.0, ConfidenceLevel::new(0.999_999)?)?;
    let want = -(-5e-7f64).ln_1p();
    assert!(((ci.low() - want) / want).abs() < 1e-9, "{} vs {want}", ci.low());
    Ok(())
}

/// A subnormal rate overflows the quantile: an error, not `Ok(inf)`.
#[test]
fn gamma_quantile_overflow_is_an_error() {
    assert!(matches!(
        quantile::gamma(0.5, 1.0, 5e-324),
        Err(StatsError::InvalidParameter { parameter: "rate", .. })
    ));
    assert_eq!(quantile::gamma(1.0, 1.0, 5e-324), Ok(f64::INFINITY));
}

/// A Bonferroni level is never below the level it adjusts (1 − (1 − 1e-300) rounds to 0).
#[test]
fn bonferroni_of_a_tiny_level_is_a_valid_level() -> Result<(), StatsError> {
    let tiny = ConfidenceLevel::new(1e-300)?;
    assert_eq!(tiny.bonferroni(1), tiny);
    assert!(tiny.bonferroni(2).to_f64() > 0.0);
    Ok(())
}

proptest! {
    /// Every χ²/Gamma quantile is Ok with a value in [0, ∞] (∞ only at p = 1) or a typed error,
    /// and the CDF property holds: quantiles increase with p.
    #[test]
    fn chi_squared_quantiles_are_monotone(
        p1 in 0.0f64..=1.0,
        p2 in 0.0f64..=1.0,
        dof in prop_oneof![1e-300f64..1e-3, 1e-3f64..10.0, 10.0f64..1e6],
    ) {
        let (lo, hi) = if p1 <= p2 { (p1, p2) } else { (p2, p1) };
        let (a, b) = (quantile::chi_squared(lo, dof).unwrap(), quantile::chi_squared(hi, dof).unwrap());
        prop_assert!(a >= 0.0 && a <= b, "chi2({lo}; {dof}) = {a} > chi2({hi}) = {b}");
        prop_assert!(b.is_finite() || hi == 1.0);
    }

    /// Garwood and exponential-rate intervals: ordered, finite, non-negative, or a typed error.
    #[test]
    fn rate_intervals_are_sane(
        n in prop_oneof![0u64..100, 100u64..5_000_000_000, Just(u64::MAX)],
        s in prop_oneof![Just(5e-324), 1e-300f64..1e300, Just(f64::MAX)],
        level in prop_oneof![Just(1e-300), 1e-9f64..1.0, Just(ConfidenceLevel::MAX.to_f64())],
    ) {
        let level = ConfidenceLevel::new(level).unwrap();
        for r in [rate::exponential_rate(n, s, level), rate::poisson_rate(n, s, level)] {
            match r {
                Ok(ci) => prop_assert!(ci.low() >= 0.0 && ci.low() <= ci.high() && ci.high().is_finite(), "{ci:?}"),
                Err(e) => prop_assert!(matches!(e, StatsError::InvalidParameter { .. }), "{e}"),
            }
        }
    }
}

/// Upper F quantiles: `1 − z` near 1 kept no digits, so the quantile was capped near
/// d2/(d1·ε). Golden values: mpmath 1.3.0 (80 digits), bisection on log F of the F CDF written
/// as `1 − betainc(d2/2, d1/2, 0, d2/(d1·x + d2), regularized=True)`.
#[test]
fn upper_f_quantiles_are_accurate() -> Result<(), StatsError> {
    // Here statrs' I_w(0.005, 5e8) is itself off by ~1.5e-7 relative (ln B(a, b) from three
    // ln Γ of size ~1e10), which moves w — and F — by 0.005⁻¹ times that: hence the looser
    // tolerance. The old code returned 1.0e4.
    let f = quantile::fisher_f(0.5, 1e9, 0.01)?;
    assert!((f / 1.425_177_922_716_455_2e58 - 1.0).abs() < F_EXTREME_TOL, "{f:e}");
    assert_rel(quantile::fisher_f(0.5, 100.0, 0.1)?, 88_853.460_688_397_06, "F(0.5; 100, 0.1)");
    assert_rel(quantile::fisher_f(0.9, 2.0, 0.5)?, 2_499.750_000_000_002_2, "F(0.9; 2, 0.5)");
    // R: qf(0.975, 10, 20) = 2.773671; mpmath 2.7736713751990813.
    assert_rel(quantile::fisher_f(0.975, 10.0, 20.0)?, 2.773_671_375_199_081_3, "F(0.975; 10, 20)");
    // mpmath: 2.7263745721125666e347 > f64::MAX — an error, not a capped 1e12.
    assert!(matches!(
        quantile::fisher_f(0.999_999, 1.0, 1e-3),
        Err(StatsError::InvalidParameter { parameter: "d2", .. })
    ));
    assert_eq!(quantile::fisher_f(1.0, 1.0, 1e-3)?, f64::INFINITY);
    // 1 − z underflows to the smallest subnormal: F(0.5; 1, 1e-300) is astronomically large
    // (1 − z ≈ 0.5^(2e300)), not d2/(d1·5e-324) = 2e23.
    assert!(quantile::fisher_f(0.5, 1.0, 1e-300).is_err());
    Ok(())
}

proptest! {
    /// F quantiles increase with p and are finite for p < 1 (or a typed error).
    #[test]
    fn fisher_f_quantiles_are_monotone(
        p1 in 0.0f64..1.0,
        p2 in 0.0f64..1.0,
        d1 in prop_oneof![1e-3f64..1.0, 1.0f64..1e4],
        d2 in prop_oneof![1e-3f64..1.0, 1.0f64..1e4],
    ) {
        let (lo, hi) = if p1 <= p2 { (p1, p2) } else { (p2, p1) };
        if let (Ok(a), Ok(b)) = (quantile::fisher_f(lo, d1, d2), quantile::fisher_f(hi, d1, d2)) {
            prop_assert!(a >= 0.0 && a <= b && b.is_finite(), "F({lo}) = {a}, F({hi}) = {b}");
        }
    }
}

/// `level × 100` carries the binary rounding of the level: 0.58 displayed as
/// "57.99999999999999%", 0.07 as "7.000000000000001%".
#[test]
fn levels_display_as_their_decimal_percentage() -> Result<(), StatsError> {
    for (level, shown) in
        [(0.58, "58%"), (0.07, "7%"), (0.29, "29%"), (0.95, "95%"), (0.999, "99.9%")]
    {
        assert_eq!(ConfidenceLevel::new(level)?.to_string(), shown);
    }
    Ok(())
}

/// Deserialization enforces every unit constructor's rules (the cases tests/api.rs does not
/// already list), also inside an interval's bounds.
#[cfg(feature = "serde")]
#[test]
fn serde_enforces_unit_and_interval_rules() {
    use minerscope::stats::Interval;
    use minerscope::units::{BtcPrice, Energy, EnergyPrice, Hashrate};
    assert!(serde_json::from_str::<Energy>("-1.0").is_err());
    assert!(serde_json::from_str::<BtcPrice>("0.0").is_err());
    assert!(serde_json::from_str::<BtcPrice>("-3.0").is_err());
    // Energy prices may be negative (power markets clear below zero); -0 is stored as +0.
    let p: EnergyPrice = serde_json::from_str("-0.0").expect("a price");
    assert_eq!(p.to_string(), "$0.00/MWh");
    let bad = r#"{"low":-1.0,"high":5.0,"level":0.95}"#;
    assert!(serde_json::from_str::<Interval<Hashrate>>(bad).is_err());
    let swapped = r#"{"low":5.0,"high":1.0,"level":0.95}"#;
    assert!(serde_json::from_str::<Interval<Hashrate>>(swapped).is_err());
    assert!(serde_json::from_str::<ConfidenceLevel>("1e-400").is_err());
}
