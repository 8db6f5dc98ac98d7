use core::fmt;
use core::ops::{Add, Mul, Neg, Sub};

use super::UnitError;

/// An amount of US dollars. Finite; may be negative (a loss, a cost).
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
    pub const ZERO: Usd = Usd(0.0);

    /// Creates an amount from dollars.
    ///
    /// # Errors
    ///
    /// [`UnitError::NotFinite`] if `dollars` is NaN or infinite.
    pub fn from_dollars(dollars: f64) -> Result<Self, UnitError> {
        if dollars.is_finite() {
            Ok(Usd(dollars))
        } else {
            Err(UnitError::NotFinite { quantity: "USD amount", value: dollars })
        }
    }

    /// The amount in dollars.
    pub fn to_dollars(self) -> f64 {
        self.0
    }
}

impl Add for Usd {
    type Output = Usd;
    fn add(self, rhs: Usd) -> Usd {
        Usd(self.0 + rhs.0)
    }
}

impl Sub for Usd {
    type Output = Usd;
    fn sub(self, rhs: Usd) -> Usd {
        Usd(self.0 - rhs.0)
    }
}

impl Neg for Usd {
    type Output = Usd;
    fn neg(self) -> Usd {
        Usd(-self.0)
    }
}

impl Mul<f64> for Usd {
    type Output = Usd;
    /// Scales the amount. The caller is responsible for `rhs` being finite.
    fn mul(self, rhs: f64) -> Usd {
        Usd(self.0 * rhs)
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
