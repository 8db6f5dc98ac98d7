use thiserror::Error;

/// Error from a statistical primitive: a bad level, parameter or probability.
///
/// # Examples
///
/// ```
/// use minerscope::stats::{ConfidenceLevel, StatsError};
///
/// let err = ConfidenceLevel::new(95.0).unwrap_err();
/// assert_eq!(err, StatsError::InvalidLevel(95.0));
/// assert_eq!(err.to_string(), "confidence level must be in (0, 1), got 95");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Error)]
#[non_exhaustive]
pub enum StatsError {
    /// A confidence level outside the open interval (0, 1), or NaN.
    #[error("confidence level must be in (0, 1), got {0}")]
    InvalidLevel(f64),
    /// A probability outside [0, 1], or NaN.
    #[error("probability must be in [0, 1], got {0}")]
    InvalidProbability(f64),
    /// A distribution parameter outside its domain.
    #[error("{distribution} parameter {parameter} is invalid: {value}")]
    InvalidParameter {
        /// The distribution, e.g. `"chi-squared"`.
        distribution: &'static str,
        /// The parameter, e.g. `"degrees of freedom"`.
        parameter: &'static str,
        /// The offending value.
        value: f64,
    },
    /// Interval bounds that are NaN or out of order.
    #[error("interval bounds must be ordered and not NaN, got [{low}, {high}]")]
    InvalidInterval {
        /// Lower bound.
        low: f64,
        /// Upper bound.
        high: f64,
    },
}
