use core::fmt;

use super::Power;
use super::error::{UnitError, non_negative};

const JOULES_PER_MWH: f64 = 3.6e9;

/// An amount of electrical energy, stored in joules. Finite and non-negative.
///
/// # Examples
///
/// ```
/// use minerscope::units::{Energy, Power};
///
/// // 1 MW for 24 hours is 24 MWh.
/// let e = Energy::from_power_hours(Power::from_megawatts(1.0)?, 24.0)?;
/// assert!((e.to_mwh() - 24.0).abs() < 1e-12);
/// # Ok::<_, minerscope::units::UnitError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "f64", into = "f64"))]
pub struct Energy(f64);

impl Energy {
    /// Zero joules.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Energy;
    ///
    /// assert_eq!(Energy::ZERO.to_joules(), 0.0);
    /// assert_eq!(Energy::ZERO, Energy::default());
    /// ```
    pub const ZERO: Energy = Energy(0.0);

    /// Creates an energy from joules.
    ///
    /// # Errors
    ///
    /// [`UnitError`] if `joules` is not finite or is negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Energy;
    ///
    /// assert_eq!(Energy::from_joules(3.6e6)?.to_kwh(), 1.0);
    /// assert!(Energy::from_joules(-1.0).is_err());
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn from_joules(joules: f64) -> Result<Self, UnitError> {
        non_negative("energy", joules).map(Energy)
    }

    /// Creates an energy from kilowatt-hours.
    ///
    /// # Errors
    ///
    /// [`UnitError`] if `kwh` is not finite or is negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Energy;
    ///
    /// assert_eq!(Energy::from_kwh(1_000.0)?.to_mwh(), 1.0);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn from_kwh(kwh: f64) -> Result<Self, UnitError> {
        Self::from_joules(kwh * 3.6e6)
    }

    /// Creates an energy from megawatt-hours.
    ///
    /// # Errors
    ///
    /// [`UnitError`] if `mwh` is not finite or is negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Energy;
    ///
    /// assert_eq!(Energy::from_mwh(2.0)?.to_joules(), 7.2e9);
    /// assert!(Energy::from_mwh(f64::NAN).is_err());
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn from_mwh(mwh: f64) -> Result<Self, UnitError> {
        Self::from_joules(mwh * JOULES_PER_MWH)
    }

    /// The energy `power` delivers in `hours` hours.
    ///
    /// # Errors
    ///
    /// [`UnitError`] if `hours` is not finite or is negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::{Energy, Power};
    ///
    /// // A 3.5 kW miner running for a day uses 84 kWh.
    /// let e = Energy::from_power_hours(Power::from_kilowatts(3.5)?, 24.0)?;
    /// assert!((e.to_kwh() - 84.0).abs() < 1e-9);
    /// assert!(Energy::from_power_hours(Power::ZERO, -1.0).is_err());
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn from_power_hours(power: Power, hours: f64) -> Result<Self, UnitError> {
        let hours = non_negative("hours", hours)?;
        Self::from_joules(power.to_watts() * hours * 3600.0)
    }

    /// The energy in joules.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Energy;
    ///
    /// assert_eq!(Energy::from_kwh(1.0)?.to_joules(), 3.6e6);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn to_joules(self) -> f64 {
        self.0
    }

    /// The energy in kilowatt-hours.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Energy;
    ///
    /// assert_eq!(Energy::from_mwh(1.5)?.to_kwh(), 1_500.0);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn to_kwh(self) -> f64 {
        self.0 / 3.6e6
    }

    /// The energy in megawatt-hours.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Energy;
    ///
    /// assert_eq!(Energy::from_kwh(250.0)?.to_mwh(), 0.25);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn to_mwh(self) -> f64 {
        self.0 / JOULES_PER_MWH
    }
}

impl TryFrom<f64> for Energy {
    type Error = UnitError;
    fn try_from(joules: f64) -> Result<Self, UnitError> {
        Self::from_joules(joules)
    }
}

impl From<Energy> for f64 {
    fn from(e: Energy) -> f64 {
        e.0
    }
}

impl fmt::Display for Energy {
    /// Formats in MWh or kWh by magnitude, e.g. `24.00 MWh`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 >= JOULES_PER_MWH {
            write!(f, "{:.2} MWh", self.to_mwh())
        } else {
            write!(f, "{:.2} kWh", self.to_kwh())
        }
    }
}
