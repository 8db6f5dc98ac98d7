use core::fmt;
use core::ops::{Add, Mul, Neg, Sub};

use super::UnitError;

/// An amount of US dollars. Finite; may be negative (a loss, a cost).
///
/// Arithmetic saturates at `±f64::MAX` rather than overflowing to infinity, so every value
/// stays finite.
///
/// # Examples
///
/// ```
/// use minerscope::units::Usd;
///
/// let price = Usd::from_dollars(100_000.0)?;
/// assert_eq!((price - Usd::from_dollars(25.0)?).to_dollars(), 99_975.0);
/// assert!(Usd::from_dollars(f64::NAN).is_err());
/// # Ok::<_, minerscope::units::UnitError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "f64", into = "f64"))]
pub struct Usd(f64);

impl Usd {
    /// Zero dollars.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Usd;
    ///
    /// assert_eq!(Usd::ZERO.to_dollars(), 0.0);
    /// assert_eq!(Usd::ZERO.to_string(), "$0.00");
    /// ```
    pub const ZERO: Usd = Usd(0.0);

    /// Creates an amount from dollars.
    ///
    /// # Errors
    ///
    /// [`UnitError::NotFinite`] if `dollars` is NaN or infinite.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Usd;
    ///
    /// let loss = Usd::from_dollars(-1_250.5)?;
    /// assert_eq!(loss.to_dollars(), -1_250.5);
    /// assert!(Usd::from_dollars(f64::INFINITY).is_err());
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn from_dollars(dollars: f64) -> Result<Self, UnitError> {
        if dollars.is_finite() {
            // Store `+0.0` for `-0.0`, so zero never displays as "$-0.00".
            Ok(Usd(dollars + 0.0))
        } else {
            Err(UnitError::NotFinite { quantity: "dollar amount", value: dollars })
        }
    }

    /// The amount in dollars.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Usd;
    ///
    /// assert_eq!((Usd::from_dollars(10.0)? * 3.0).to_dollars(), 30.0);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn to_dollars(self) -> f64 {
        self.0
    }
}

/// Keeps an arithmetic result finite: overflow saturates at `±f64::MAX`, and NaN (only
/// reachable through a NaN or infinite factor in [`Mul`]) becomes zero.
fn saturated(x: f64) -> Usd {
    if x.is_nan() { Usd::ZERO } else { Usd(x.clamp(-f64::MAX, f64::MAX) + 0.0) }
}

impl Add for Usd {
    type Output = Usd;
    fn add(self, rhs: Usd) -> Usd {
        saturated(self.0 + rhs.0)
    }
}

impl Sub for Usd {
    type Output = Usd;
    fn sub(self, rhs: Usd) -> Usd {
        saturated(self.0 - rhs.0)
    }
}

impl Neg for Usd {
    type Output = Usd;
    fn neg(self) -> Usd {
        saturated(-self.0)
    }
}

impl Mul<f64> for Usd {
    type Output = Usd;
    /// Scales the amount, saturating at `±f64::MAX`. `rhs` should be finite: a NaN factor, or
    /// an infinite factor times zero, gives zero (a `Usd` cannot hold NaN).
    fn mul(self, rhs: f64) -> Usd {
        saturated(self.0 * rhs)
    }
}

impl TryFrom<f64> for Usd {
    type Error = UnitError;
    fn try_from(d: f64) -> Result<Self, UnitError> {
        Self::from_dollars(d)
    }
}

impl From<Usd> for f64 {
    fn from(u: Usd) -> f64 {
        u.0
    }
}

impl fmt::Display for Usd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match f.precision() {
            Some(p) => write!(f, "${:.p$}", self.0),
            None => write!(f, "${:.2}", self.0),
        }
    }
}
