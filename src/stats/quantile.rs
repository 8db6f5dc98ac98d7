//! Distribution quantiles (inverse CDFs) with validated arguments.
//!
//! Thin wrappers over `statrs` that return [`StatsError`] instead of panicking on a probability
//! outside [0, 1] or a parameter outside its domain. Each call costs 0.5–5 µs: cache results per
//! (parameters, level) in rolling code.
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

use statrs::distribution::{Beta, ChiSquared, ContinuousCDF, FisherSnedecor, Gamma, Normal};

use super::StatsError;

fn check_p(p: f64) -> Result<f64, StatsError> {
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(StatsError::InvalidProbability(p))
    }
}

fn check_param(
    distribution: &'static str,
    parameter: &'static str,
    value: f64,
) -> Result<f64, StatsError> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(StatsError::InvalidParameter { distribution, parameter, value })
    }
}

/// The `p`-quantile of the chi-squared distribution with `dof` degrees of freedom.
///
/// # Errors
///
/// [`StatsError`] if `p` is outside [0, 1] or `dof` is not finite and positive.
pub fn chi_squared(p: f64, dof: f64) -> Result<f64, StatsError> {
    let p = check_p(p)?;
    let dof = check_param("chi-squared", "degrees of freedom", dof)?;
    let d = ChiSquared::new(dof).map_err(|_| StatsError::InvalidParameter {
        distribution: "chi-squared",
        parameter: "degrees of freedom",
        value: dof,
    })?;
    Ok(d.inverse_cdf(p))
}

/// The `p`-quantile of the Gamma distribution with the given shape and rate.
///
/// # Errors
///
/// [`StatsError`] if `p` is outside [0, 1] or a parameter is not finite and positive.
pub fn gamma(p: f64, shape: f64, rate: f64) -> Result<f64, StatsError> {
    let p = check_p(p)?;
    let shape = check_param("gamma", "shape", shape)?;
    let rate = check_param("gamma", "rate", rate)?;
    let d = Gamma::new(shape, rate).map_err(|_| StatsError::InvalidParameter {
        distribution: "gamma",
        parameter: "shape",
        value: shape,
    })?;
    Ok(d.inverse_cdf(p))
}

/// The `p`-quantile of the F distribution with `d1` and `d2` degrees of freedom.
///
/// # Errors
///
/// [`StatsError`] if `p` is outside [0, 1] or a parameter is not finite and positive.
pub fn fisher_f(p: f64, d1: f64, d2: f64) -> Result<f64, StatsError> {
    let p = check_p(p)?;
    let d1 = check_param("F", "d1", d1)?;
    let d2 = check_param("F", "d2", d2)?;
    let d = FisherSnedecor::new(d1, d2).map_err(|_| StatsError::InvalidParameter {
        distribution: "F",
        parameter: "d1",
        value: d1,
    })?;
    Ok(d.inverse_cdf(p))
}

/// The `p`-quantile of the Beta distribution with shapes `a` and `b`.
///
/// # Errors
///
/// [`StatsError`] if `p` is outside [0, 1] or a shape is not finite and positive.
pub fn beta(p: f64, a: f64, b: f64) -> Result<f64, StatsError> {
    let p = check_p(p)?;
    let a = check_param("beta", "a", a)?;
    let b = check_param("beta", "b", b)?;
    let d = Beta::new(a, b).map_err(|_| StatsError::InvalidParameter {
        distribution: "beta",
        parameter: "a",
        value: a,
    })?;
    Ok(d.inverse_cdf(p))
}

/// The `p`-quantile of the standard normal distribution.
///
/// # Errors
///
/// [`StatsError::InvalidProbability`] if `p` is outside [0, 1].
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
