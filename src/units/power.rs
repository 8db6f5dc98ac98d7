use core::fmt;

use super::error::{UnitError, non_negative};

/// Electrical power, stored in watts. Finite and non-negative.
///
/// # Examples
///
/// ```
/// use minerscope::units::Power;
///
/// let p = Power::from_megawatts(12.5)?;
/// assert_eq!(p.to_watts(), 12_500_000.0);
/// # Ok::<_, minerscope::units::UnitError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "f64", into = "f64"))]
pub struct Power(f64);

impl Power {
    /// Zero watts.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Power;
    ///
    /// assert_eq!(Power::ZERO.to_watts(), 0.0);
    /// assert_eq!(Power::ZERO, Power::default());
    /// ```
    pub const ZERO: Power = Power(0.0);

    /// Creates a power from watts.
    ///
    /// # Errors
    ///
    /// [`UnitError`] if `w` is not finite or is negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Power;
    ///
    /// assert_eq!(Power::from_watts(3_500.0)?.to_kilowatts(), 3.5);
    /// assert!(Power::from_watts(-3_500.0).is_err());
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn from_watts(w: f64) -> Result<Self, UnitError> {
        non_negative("power", w).map(Power)
    }

    /// Creates a power from kilowatts.
    ///
    /// # Errors
    ///
    /// [`UnitError`] if `kw` is not finite or is negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Power;
    ///
    /// assert_eq!(Power::from_kilowatts(1_500.0)?.to_megawatts(), 1.5);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn from_kilowatts(kw: f64) -> Result<Self, UnitError> {
        Self::from_watts(kw * 1e3)
    }

    /// Creates a power from megawatts.
    ///
    /// # Errors
    ///
    /// [`UnitError`] if `mw` is not finite or is negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Power;
    ///
    /// assert_eq!(Power::from_megawatts(0.25)?.to_kilowatts(), 250.0);
    /// assert!(Power::from_megawatts(f64::INFINITY).is_err());
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn from_megawatts(mw: f64) -> Result<Self, UnitError> {
        Self::from_watts(mw * 1e6)
    }

    /// The power in watts.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Power;
    ///
    /// assert_eq!(Power::from_kilowatts(3.5)?.to_watts(), 3_500.0);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn to_watts(self) -> f64 {
        self.0
    }

    /// The power in kilowatts.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Power;
    ///
    /// assert_eq!(Power::from_watts(500.0)?.to_kilowatts(), 0.5);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn to_kilowatts(self) -> f64 {
        self.0 / 1e3
    }

    /// The power in megawatts.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Power;
    ///
    /// assert_eq!(Power::from_watts(2.5e7)?.to_megawatts(), 25.0);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn to_megawatts(self) -> f64 {
        self.0 / 1e6
    }
}

impl TryFrom<f64> for Power {
    type Error = UnitError;
    fn try_from(w: f64) -> Result<Self, UnitError> {
        Self::from_watts(w)
    }
}

impl From<Power> for f64 {
    fn from(p: Power) -> f64 {
        p.0
    }
}

impl fmt::Display for Power {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            x if x >= 1e6 => write!(f, "{:.2} MW", x / 1e6),
            x if x >= 1e3 => write!(f, "{:.2} kW", x / 1e3),
            x => write!(f, "{x:.2} W"),
        }
    }
}
