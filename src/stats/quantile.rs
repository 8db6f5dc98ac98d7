//! Distribution quantiles (inverse CDFs) with validated arguments.
//!
//! Thin wrappers over `statrs` that return [`StatsError`] instead of panicking on a probability
//! outside [0, 1] or a parameter outside its domain. χ², Gamma and normal quantiles cost
//! 0.5–5 µs per call (release build); a χ² or Gamma quantile below 1 is refined by bisection
//! because statrs' is only accurate to an absolute 1e-9, which costs about ten times more. Beta
//! and F quantiles, found by bisection because statrs' own inversion can panic, cost 15–75 µs.
//! Cache results per (parameters, level) in rolling code.
//!
//! # Examples
//!
//! ```
//! use minerscope::stats::quantile;
//!
//! // χ²(0.975; 240): the upper 95 % pivot for a 120-block window.
//! let q = quantile::chi_squared(0.975, 240.0)?;
//! assert!((q - 284.8).abs() < 0.1);
//! # Ok::<_, minerscope::stats::StatsError>(())
//! ```

use statrs::distribution::{ContinuousCDF, Gamma, Normal};
use statrs::function::beta::checked_beta_reg;
use statrs::function::gamma::checked_gamma_lr;

use super::StatsError;

fn check_p(p: f64) -> Result<f64, StatsError> {
    if (0.0..=1.0).contains(&p) { Ok(p) } else { Err(StatsError::InvalidProbability(p)) }
}

/// Largest accepted shape or degrees-of-freedom parameter, `2^33`.
///
/// statrs evaluates the incomplete gamma and beta functions by series whose length grows like
/// the square root of the shape: a quantile costs ~0.1 s at this bound, ~1 min at `2^53`, and
/// effectively never returns at `1e19`. `2^33` covers `2n` degrees of freedom for any `n` that
/// fits a `u32` block height, far beyond every window of a real chain.
///
/// # Examples
///
/// ```
/// use minerscope::stats::quantile::{self, MAX_SHAPE};
///
/// assert_eq!(MAX_SHAPE, 2f64.powi(33));
/// assert!(quantile::chi_squared(0.5, 2.0 * MAX_SHAPE).is_err());
/// ```
pub const MAX_SHAPE: f64 = 8_589_934_592.0;

fn check_param(
    distribution: &'static str,
    parameter: &'static str,
    value: f64,
) -> Result<f64, StatsError> {
    // Subnormal shapes are rejected: statrs halves them to zero and panics (F quantile).
    if value.is_normal() && value > 0.0 && value <= MAX_SHAPE {
        Ok(value)
    } else {
        Err(StatsError::InvalidParameter { distribution, parameter, value })
    }
}

/// The `p`-quantile of the chi-squared distribution with `dof` degrees of freedom.
///
/// # Errors
///
/// [`StatsError`] if `p` is outside [0, 1] or `dof` is not positive and at most
/// [`MAX_SHAPE`].
///
/// # Examples
///
/// ```
/// use minerscope::stats::quantile;
///
/// // R: qchisq(0.025, 240) = 198.9839.
/// assert!((quantile::chi_squared(0.025, 240.0)? - 198.9839).abs() < 1e-3);
/// // χ²(2) is exponential with mean 2: median 2·ln 2.
/// assert!((quantile::chi_squared(0.5, 2.0)? - 2.0 * std::f64::consts::LN_2).abs() < 1e-9);
/// assert!(quantile::chi_squared(1.5, 2.0).is_err());
/// # Ok::<_, minerscope::stats::StatsError>(())
/// ```
pub fn chi_squared(p: f64, dof: f64) -> Result<f64, StatsError> {
    let p = check_p(p)?;
    let dof = check_param("chi-squared", "degrees of freedom", dof)?;
    // χ²(k) is Gamma(k/2, rate 1/2): twice the unit-rate Gamma(k/2) quantile.
    Ok(2.0 * unit_gamma_quantile("chi-squared", "degrees of freedom", dof, p, dof / 2.0)?)
}

/// The `p`-quantile of the Gamma distribution with the given shape and rate.
///
/// # Errors
///
/// [`StatsError`] if `p` is outside [0, 1], `shape` is not positive and at most
/// [`MAX_SHAPE`], or `rate` is not finite and positive, or (for `p < 1`) so small that the
/// quantile exceeds `f64::MAX`.
///
/// # Examples
///
/// ```
/// use minerscope::stats::quantile;
///
/// // Gamma(1, rate 1) is the unit exponential: median ln 2.
/// assert!((quantile::gamma(0.5, 1.0, 1.0)? - std::f64::consts::LN_2).abs() < 1e-9);
/// // Gamma(k, rate λ) = χ²(2k)/(2λ).
/// let g = quantile::gamma(0.975, 120.0, 4.0)?;
/// assert!((g - quantile::chi_squared(0.975, 240.0)? / 8.0).abs() < 1e-9);
/// assert!(quantile::gamma(0.5, 1.0, 0.0).is_err());
/// # Ok::<_, minerscope::stats::StatsError>(())
/// ```
pub fn gamma(p: f64, shape: f64, rate: f64) -> Result<f64, StatsError> {
    let p = check_p(p)?;
    let shape = check_param("gamma", "shape", shape)?;
    if !(rate.is_finite() && rate > 0.0) {
        return Err(StatsError::InvalidParameter {
            distribution: "gamma",
            parameter: "rate",
            value: rate,
        });
    }
    let x = unit_gamma_quantile("gamma", "shape", shape, p, shape)? / rate;
    if x.is_infinite() && p < 1.0 {
        // A subnormal rate: the quantile overflows although the distribution's is finite.
        return Err(StatsError::InvalidParameter {
            distribution: "gamma",
            parameter: "rate",
            value: rate,
        });
    }
    Ok(x)
}

/// Quantiles below this are found by bisection rather than taken from statrs (see below).
const STATRS_GAMMA_FLOOR: f64 = 1.0;

/// The `p`-quantile of the unit-rate Gamma(`shape`) distribution, accurate to about an ulp
/// also for tiny quantiles.
///
/// statrs' `Gamma::inverse_cdf` stops its Newton iteration once two iterates are within an
/// *absolute* 1e-9, so a quantile far below 1 comes out near 2^-30 = 9.3e-10 whatever its true
/// value (χ²(1e-300; 1) gave 9.3e-10 instead of 1.6e-600, Gamma(0.5; shape 1, rate 1e300)
/// 9.3e-10 instead of 6.9e-301), and one below 1 keeps only an absolute accuracy. Such
/// quantiles are redone by bisection on the bit patterns of [0, 1] (as [`inverse_beta_reg`]):
/// at most 64 evaluations of the regularized lower incomplete gamma function, cheap there.
/// `distribution`, `parameter` and `value` name the caller's parameter in errors.
fn unit_gamma_quantile(
    distribution: &'static str,
    parameter: &'static str,
    value: f64,
    p: f64,
    shape: f64,
) -> Result<f64, StatsError> {
    let bad_shape = || StatsError::InvalidParameter { distribution, parameter, value };
    if p <= 0.0 {
        return Ok(0.0);
    }
    if p >= 1.0 {
        return Ok(f64::INFINITY);
    }
    let x = Gamma::new(shape, 1.0).map_err(|_| bad_shape())?.inverse_cdf(p);
    if x >= STATRS_GAMMA_FLOOR {
        return Ok(x);
    }
    let cdf = |x: f64| checked_gamma_lr(shape, x).map_err(|_| bad_shape());
    // Invariant: P(lo) < p ≤ P(hi), since P(0) = 0; fall back to statrs' value if its
    // quantile was so far off that the true one lies above 1.
    if cdf(STATRS_GAMMA_FLOOR)? < p {
        return Ok(x);
    }
    bisect_bits(STATRS_GAMMA_FLOOR, p, cdf)
}

/// The smallest `x` in `[0, hi]` with `cdf(x) ≥ p`, to one ulp, for a non-decreasing `cdf`
/// with `cdf(0) < p ≤ cdf(hi)`: a bisection on the bit patterns of the non-negative floats
/// (ordered like the values), at most 64 steps.
fn bisect_bits(
    hi: f64,
    p: f64,
    cdf: impl Fn(f64) -> Result<f64, StatsError>,
) -> Result<f64, StatsError> {
    let (mut lo, mut hi) = (0.0f64.to_bits(), hi.to_bits());
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if cdf(f64::from_bits(mid))? < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(f64::from_bits(hi))
}

/// The `p`-quantile of the F distribution with `d1` and `d2` degrees of freedom.
///
/// # Errors
///
/// [`StatsError`] if `p` is outside [0, 1] or a parameter is not positive and at most
/// [`MAX_SHAPE`], or, for `p < 1`, if the quantile exceeds `f64::MAX` or is too large to
/// resolve in `f64` (a tiny degrees of freedom: F(0.999999; 1, 0.001) ≈ 2.7e347); the error
/// names the smaller parameter.
///
/// # Examples
///
/// ```
/// use minerscope::stats::quantile;
///
/// // R: qf(0.975, 10, 20) = 2.773671.
/// assert!((quantile::fisher_f(0.975, 10.0, 20.0)? - 2.773671).abs() < 1e-5);
/// // The median of F(d, d) is 1 by symmetry.
/// assert!((quantile::fisher_f(0.5, 7.0, 7.0)? - 1.0).abs() < 1e-12);
/// assert!(quantile::fisher_f(0.5, -1.0, 1.0).is_err());
/// # Ok::<_, minerscope::stats::StatsError>(())
/// ```
pub fn fisher_f(p: f64, d1: f64, d2: f64) -> Result<f64, StatsError> {
    let p = check_p(p)?;
    let d1 = check_param("fisher-snedecor", "d1", d1)?;
    let d2 = check_param("fisher-snedecor", "d2", d2)?;
    // F = (d2/d1) · z/(1 − z) with z ~ Beta(d1/2, d2/2); `p_at_half` = P(z ≤ 1/2).
    let (a, b) = (d1 / 2.0, d2 / 2.0);
    let p_at_half = checked_beta_reg(a, b, 0.5).map_err(|_| StatsError::InvalidParameter {
        distribution: "fisher-snedecor",
        parameter: "d1",
        value: d1,
    })?;
    if p <= p_at_half {
        // z ≤ 1/2, resolved to an ulp by the bisection.
        let z = inverse_beta_reg(a, b, p)?;
        return Ok(d2 * z / (d1 * (1.0 - z)));
    }
    // z > 1/2: near 1, `1 − z` would keep none of its digits (F(0.5; 1e9, 0.01) came out
    // 1.0e4 instead of 1.43e58), so find w = 1 − z ~ Beta(d2/2, d1/2) at 1 − p instead.
    // w = 0 only at p = 1 (F = ∞).
    let w = inverse_beta_reg(b, a, 1.0 - p)?;
    let f = d2 * (1.0 - w) / (d1 * w);
    // The quantile exceeds f64::MAX (a heavy tail from a tiny degrees of freedom), or `w`
    // underflowed to the smallest subnormal, so `f` is only a lower bound of a quantile that
    // f64 cannot resolve (F(0.5; 1, 1e-300) came out 2e23).
    if p < 1.0 && (f.is_infinite() || w <= f64::from_bits(1)) {
        let (parameter, value) = if d2 <= d1 { ("d2", d2) } else { ("d1", d1) };
        return Err(StatsError::InvalidParameter {
            distribution: "fisher-snedecor",
            parameter,
            value,
        });
    }
    Ok(f)
}

/// The `p`-quantile of the Beta distribution with shapes `a` and `b`.
///
/// # Errors
///
/// [`StatsError`] if `p` is outside [0, 1] or a shape is not positive and at most
/// [`MAX_SHAPE`].
///
/// # Examples
///
/// ```
/// use minerscope::stats::quantile;
///
/// // Beta(a, 1) has CDF x^a, so its p-quantile is p^(1/a).
/// assert!((quantile::beta(0.3, 2.0, 1.0)? - 0.3f64.sqrt()).abs() < 1e-12);
/// assert_eq!(quantile::beta(0.0, 3.0, 4.0)?, 0.0);
/// assert!(quantile::beta(0.5, 0.0, 1.0).is_err());
/// # Ok::<_, minerscope::stats::StatsError>(())
/// ```
pub fn beta(p: f64, a: f64, b: f64) -> Result<f64, StatsError> {
    let p = check_p(p)?;
    let a = check_param("beta", "a", a)?;
    let b = check_param("beta", "b", b)?;
    inverse_beta_reg(a, b, p)
}

/// The smallest `x` in [0, 1] with `I_x(a, b) ≥ p`, by bisection on the bit patterns of
/// [0, 1] (ordered like the values): at most 64 evaluations of the regularized incomplete
/// beta function, exact to one ulp even for tiny `p`. statrs' own `inv_beta_reg` is not used:
/// its Newton iteration can leave [0, 1] and panic (e.g. `p = 2e-224` with shapes 1/4).
fn inverse_beta_reg(a: f64, b: f64, p: f64) -> Result<f64, StatsError> {
    if p <= 0.0 {
        return Ok(0.0);
    }
    if p >= 1.0 {
        return Ok(1.0);
    }
    let cdf = |x: f64| {
        checked_beta_reg(a, b, x).map_err(|_| StatsError::InvalidParameter {
            distribution: "beta",
            parameter: "a",
            value: a,
        })
    };
    // Invariant: I(lo) < p ≤ I(hi), since I(0) = 0 and I(1) = 1.
    bisect_bits(1.0, p, cdf)
}

/// The `p`-quantile of the standard normal distribution.
///
/// # Errors
///
/// [`StatsError::InvalidProbability`] if `p` is outside [0, 1].
///
/// # Examples
///
/// ```
/// use minerscope::stats::quantile;
///
/// // R: qnorm(0.975) = 1.959964.
/// assert!((quantile::standard_normal(0.975)? - 1.959964).abs() < 1e-6);
/// assert_eq!(quantile::standard_normal(0.5)?, 0.0);
/// assert!(quantile::standard_normal(-0.1).is_err());
/// # Ok::<_, minerscope::stats::StatsError>(())
/// ```
pub fn standard_normal(p: f64) -> Result<f64, StatsError> {
    let p = check_p(p)?;
    let d = Normal::standard();
    Ok(d.inverse_cdf(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Golden values from R: qchisq(0.025, 240), qchisq(0.975, 240), qf(0.975, 10, 20),
    /// qbeta(0.025, 300, 709), qnorm(0.975).
    #[test]
    fn golden_quantiles() {
        assert!((chi_squared(0.025, 240.0).unwrap() - 198.9839).abs() < 1e-3);
        assert!((chi_squared(0.975, 240.0).unwrap() - 284.8025).abs() < 1e-3);
        assert!((fisher_f(0.975, 10.0, 20.0).unwrap() - 2.773671).abs() < 1e-5);
        assert!((standard_normal(0.975).unwrap() - 1.959964).abs() < 1e-6);
        assert!((gamma(0.5, 1.0, 1.0).unwrap() - std::f64::consts::LN_2).abs() < 1e-9);
    }

    /// Regressions: statrs' `inv_beta_reg` panicked here, and subnormal or huge shapes
    /// panicked or hung.
    #[test]
    fn extreme_arguments_do_not_panic_or_hang() {
        let q = fisher_f(1.98278412215571e-224, 0.5, 0.5).unwrap();
        assert!((0.0..1e-300).contains(&q), "{q}");
        assert!(beta(1e-200, 0.25, 0.25).unwrap() >= 0.0);
        assert!(fisher_f(0.0, 5e-324, 1.0).is_err());
        assert!(chi_squared(0.5, 1e19).is_err());
        // Bisection lands within an ulp or so of R: qbeta(0.025, 300, 709) = 0.2697...
        let x = beta(0.025, 300.0, 709.0).unwrap();
        assert!((checked_beta_reg(300.0, 709.0, x).unwrap() - 0.025).abs() < 1e-12);
    }

    #[test]
    fn bad_arguments_are_errors() {
        assert!(chi_squared(1.5, 2.0).is_err());
        assert!(chi_squared(f64::NAN, 2.0).is_err());
        assert!(chi_squared(0.5, 0.0).is_err());
        assert!(gamma(0.5, f64::INFINITY, 1.0).is_err());
        assert!(fisher_f(0.5, -1.0, 1.0).is_err());
        assert!(beta(0.5, 1.0, f64::NAN).is_err());
        assert!(standard_normal(-0.1).is_err());
    }
}
