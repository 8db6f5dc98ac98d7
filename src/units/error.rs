use thiserror::Error;

/// Error returned when a unit value is out of its domain.
///
/// # Examples
///
/// ```
/// use minerscope::units::{Hashrate, UnitError};
///
/// let err = Hashrate::from_ths(-3.0).unwrap_err();
/// assert!(matches!(err, UnitError::Negative { quantity: "hashrate", .. }));
/// assert_eq!(err.to_string(), "hashrate must not be negative, got -3000000000000");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Error)]
#[non_exhaustive]
pub enum UnitError {
    /// The value is NaN or infinite.
    #[error("{quantity} must be finite, got {value}")]
    NotFinite {
        /// Which quantity was being constructed.
        quantity: &'static str,
        /// The offending value.
        value: f64,
    },
    /// The value is negative where only non-negative values make sense.
    #[error("{quantity} must not be negative, got {value}")]
    Negative {
        /// Which quantity was being constructed.
        quantity: &'static str,
        /// The offending value.
        value: f64,
    },
    /// The value is zero or negative where only positive values make sense.
    #[error("{quantity} must be positive, got {value}")]
    NotPositive {
        /// Which quantity was being constructed.
        quantity: &'static str,
        /// The offending value.
        value: f64,
    },
}

/// Checks that `value` is finite and non-negative.
pub(crate) fn non_negative(quantity: &'static str, value: f64) -> Result<f64, UnitError> {
    if !value.is_finite() {
        return Err(UnitError::NotFinite { quantity, value });
    }
    if value < 0.0 {
        return Err(UnitError::Negative { quantity, value });
    }
    // `-0.0` passes the check above; store `+0.0` so it never displays as "-0.00".
    Ok(value + 0.0)
}

/// Checks that `value` is finite and strictly positive.
pub(crate) fn positive(quantity: &'static str, value: f64) -> Result<f64, UnitError> {
    if !value.is_finite() {
        return Err(UnitError::NotFinite { quantity, value });
    }
    if value <= 0.0 {
        return Err(UnitError::NotPositive { quantity, value });
    }
    Ok(value)
}
