//! Adversarial checks of the pool module: every public entry point driven with extreme input
//! gives sane values or a typed error, never a panic or a silent wrong number.
#![allow(clippy::indexing_slicing, reason = "a panicking index fails the test, as intended")]

use minerscope::pool::{
    Concentration, ConcentrationOptions, PoolError, Shares, SimultaneousMethod,
};
use minerscope::stats::ConfidenceLevel;

/// Ten pools of one block each: the top five hold exactly half, not more, so six are needed.
/// Summing the float shares 0.1 in order makes the top five 0.5 but the total 0.999…9, so a
/// float comparison answered 5.
#[test]
fn nakamoto_exact_half_is_decided_on_integer_counts() {
    let c = Concentration::from_counts(&[1; 10], ConcentrationOptions::default()).unwrap();
    assert_eq!(c.nakamoto(), 6);
    let c = Concentration::from_counts(&[1; 100], ConcentrationOptions::default()).unwrap();
    assert_eq!(c.nakamoto(), 51);
}

/// At the edge of the parameter space (a monopoly, equal pools, an exact half) every posterior
/// draw lies on one side of the plug-in value; the interval must still contain the estimate.
#[test]
fn concentration_intervals_contain_the_point_estimates() {
    for counts in [vec![20, 0, 0], vec![250; 4], vec![1; 10], vec![5], vec![1000, 1], vec![3, 3]] {
        let c = Concentration::from_counts(&counts, ConcentrationOptions::default()).unwrap();
        assert!(c.hhi_interval().contains(&c.hhi()), "{counts:?}: {c:?}");
        assert!(c.nakamoto_interval().contains(&c.nakamoto()), "{counts:?}: {c:?}");
    }
}

#[test]
fn counts_whose_total_overflows_u64_are_an_error() {
    let counts = [u64::MAX, 1];
    for method in [SimultaneousMethod::Goodman, SimultaneousMethod::SisonGlaz] {
        let r = Shares::from_counts(&counts, ConfidenceLevel::P95, method);
        assert!(matches!(r, Err(PoolError::CountOverflow { categories: 2 })), "{r:?}");
    }
    let r = Concentration::from_counts(&counts, ConcentrationOptions::default());
    assert!(matches!(r, Err(PoolError::CountOverflow { categories: 2 })), "{r:?}");
}

#[test]
fn absurd_draw_counts_are_an_error_not_a_capacity_panic() {
    let o = ConcentrationOptions::default().with_draws(usize::MAX);
    let r = Concentration::from_counts(&[3, 4], o);
    assert!(matches!(r, Err(PoolError::TooManyDraws { .. })), "{r:?}");
}

#[test]
fn huge_prior_gives_finite_intervals() {
    let o = ConcentrationOptions::default().with_prior(1e308).with_draws(200);
    let c = Concentration::from_counts(&[3, 4], o).unwrap();
    let ci = c.hhi_interval();
    assert!(ci.low().is_finite() && ci.high().is_finite(), "{c:?}");
    // A prior this strong pulls both posterior shares to ½ (HHI ½); the interval reaches up to
    // the plug-in 25/49 + 9/49 = 0.5102 and no further. (Summing the variates overflowed to
    // infinity, which gave the interval [0, 0].)
    assert!((ci.low() - 0.5).abs() < 1e-9, "{c:?}");
    assert_eq!(ci.high(), c.hhi());
}
