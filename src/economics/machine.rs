//! A mining machine model: name, hashrate, power, purchase price and age.

use super::error::{EconomicsError, non_negative};
use crate::units::{Efficiency, Hashrate, Power, Usd};

/// One SHA-256 ASIC model (or any machine): hashrate, power draw at the wall, purchase price
/// and age.
///
/// # Examples
///
/// ```
/// use minerscope::economics::Machine;
/// use minerscope::units::{Hashrate, Power, Usd};
///
/// let m = Machine::new("S21", Hashrate::from_ths(200.0)?, Power::from_watts(3500.0)?)?
///     .with_price(Usd::from_dollars(3_000.0)?)?;
/// assert!((m.efficiency().to_j_per_th() - 17.5).abs() < 1e-12);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "MachineRaw"))]
pub struct Machine {
    name: String,
    hashrate: Hashrate,
    power: Power,
    efficiency: Efficiency,
    price: Usd,
    age_years: f64,
}

impl Machine {
    /// Creates a machine with zero purchase price and age.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::ZeroHashrate`] for zero hashrate, [`EconomicsError::OutOfRange`] for
    /// zero power (a machine with no power draw has no efficiency), [`EconomicsError::Unit`] if
    /// the efficiency overflows.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{EconomicsError, Machine};
    /// use minerscope::units::{Hashrate, Power};
    ///
    /// let m =
    ///     Machine::new("S19 XP", Hashrate::from_ths(140.0)?, Power::from_watts(3_010.0)?)?;
    /// assert!((m.efficiency().to_j_per_th() - 21.5).abs() < 1e-12);
    /// assert_eq!((m.price().to_dollars(), m.age_years()), (0.0, 0.0));
    /// let off = Machine::new("off", Hashrate::from_ths(140.0)?, Power::ZERO);
    /// assert!(matches!(off, Err(EconomicsError::OutOfRange { .. })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        name: impl Into<String>,
        hashrate: Hashrate,
        power: Power,
    ) -> Result<Self, EconomicsError> {
        if hashrate.to_hs() <= 0.0 {
            return Err(EconomicsError::ZeroHashrate { what: "machine hashrate" });
        }
        if power.to_watts() <= 0.0 {
            return Err(EconomicsError::OutOfRange {
                what: "machine power",
                expected: "(0, ∞) W",
                value: power.to_watts(),
            });
        }
        let efficiency = Efficiency::from_j_per_th(power.to_watts() / hashrate.to_ths())?;
        Ok(Machine {
            name: name.into(),
            hashrate,
            power,
            efficiency,
            price: Usd::ZERO,
            age_years: 0.0,
        })
    }

    /// Sets the purchase price (capex per unit).
    ///
    /// # Errors
    ///
    /// [`EconomicsError::OutOfRange`] if `price` is negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Machine;
    /// use minerscope::units::{Hashrate, Power, Usd};
    ///
    /// let m = Machine::new("S21", Hashrate::from_ths(200.0)?, Power::from_watts(3_500.0)?)?;
    /// let priced = m.clone().with_price(Usd::from_dollars(3_000.0)?)?;
    /// assert_eq!(priced.price().to_dollars(), 3_000.0);
    /// assert!(m.with_price(Usd::from_dollars(-1.0)?).is_err());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_price(mut self, price: Usd) -> Result<Self, EconomicsError> {
        non_negative("machine price", price.to_dollars())?;
        self.price = price;
        Ok(self)
    }

    /// Sets the age in years.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::OutOfRange`] if `age_years` is negative or not finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Machine;
    /// use minerscope::units::{Hashrate, Power};
    ///
    /// let m = Machine::new("S19", Hashrate::from_ths(95.0)?, Power::from_watts(3_250.0)?)?;
    /// assert_eq!(m.clone().with_age_years(4.5)?.age_years(), 4.5);
    /// assert!(m.with_age_years(f64::NAN).is_err());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_age_years(mut self, age_years: f64) -> Result<Self, EconomicsError> {
        self.age_years = non_negative("machine age", age_years)?;
        Ok(self)
    }

    /// The model name.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Machine;
    /// use minerscope::units::{Hashrate, Power};
    ///
    /// let m = Machine::new(
    ///     String::from("S21 Pro"),
    ///     Hashrate::from_ths(234.0)?,
    ///     Power::from_watts(3_510.0)?,
    /// )?;
    /// assert_eq!(m.name(), "S21 Pro");
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Hashrate per unit.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Machine;
    /// use minerscope::units::{Hashrate, Power};
    ///
    /// let m = Machine::new("S21", Hashrate::from_ths(200.0)?, Power::from_watts(3_500.0)?)?;
    /// assert_eq!(m.hashrate().to_ths(), 200.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn hashrate(&self) -> Hashrate {
        self.hashrate
    }

    /// Power draw per unit at the wall (before cooling overhead).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Machine;
    /// use minerscope::units::{Hashrate, Power};
    ///
    /// let m = Machine::new("S21", Hashrate::from_ths(200.0)?, Power::from_kilowatts(3.5)?)?;
    /// assert_eq!(m.power().to_watts(), 3_500.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn power(&self) -> Power {
        self.power
    }

    /// Purchase price per unit.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Machine;
    /// use minerscope::units::{Hashrate, Power, Usd};
    ///
    /// let m = Machine::new("S21", Hashrate::from_ths(200.0)?, Power::from_watts(3_500.0)?)?;
    /// assert_eq!(m.price(), Usd::ZERO);
    /// assert_eq!(m.with_price(Usd::from_dollars(2_800.0)?)?.price().to_dollars(), 2_800.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn price(&self) -> Usd {
        self.price
    }

    /// Age in years.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Machine;
    /// use minerscope::units::{Hashrate, Power};
    ///
    /// let m = Machine::new("S9", Hashrate::from_ths(13.5)?, Power::from_watts(1_323.0)?)?;
    /// assert_eq!(m.with_age_years(7.0)?.age_years(), 7.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn age_years(&self) -> f64 {
        self.age_years
    }

    /// Efficiency in J/TH: power over hashrate.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Machine;
    /// use minerscope::units::{Hashrate, Power};
    ///
    /// // An S9: 13.5 TH/s at 1 323 W is 98 J/TH.
    /// let m = Machine::new("S9", Hashrate::from_ths(13.5)?, Power::from_watts(1_323.0)?)?;
    /// assert!((m.efficiency().to_j_per_th() - 98.0).abs() < 1e-12);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn efficiency(&self) -> Efficiency {
        self.efficiency
    }
}

/// Unvalidated wire form, checked by the constructor on deserialization.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct MachineRaw {
    name: String,
    hashrate: Hashrate,
    power: Power,
    #[serde(default)]
    price: Usd,
    #[serde(default)]
    age_years: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<MachineRaw> for Machine {
    type Error = EconomicsError;
    fn try_from(r: MachineRaw) -> Result<Self, EconomicsError> {
        Machine::new(r.name, r.hashrate, r.power)?.with_price(r.price)?.with_age_years(r.age_years)
    }
}
