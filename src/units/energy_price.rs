use core::fmt;

use super::UnitError;

/// An electricity price, stored in US dollars per megawatt-hour (USD/MWh).
///
/// Finite; **may be negative**: real wholesale prices go below zero when renewable output
/// exceeds demand, and a curtailment schedule must accept that. Functions for which a negative
/// price makes no sense (a hosting contract, a breakeven at a given tariff) reject it with their
/// own typed error.
///
/// # Examples
///
/// ```
/// use minerscope::units::EnergyPrice;
///
/// let p = EnergyPrice::from_usd_per_kwh(0.045)?;
/// assert!((p.to_usd_per_mwh() - 45.0).abs() < 1e-9);
/// assert!(EnergyPrice::from_usd_per_mwh(-12.0).is_ok());
/// assert!(EnergyPrice::from_usd_per_mwh(f64::NAN).is_err());
/// # Ok::<_, minerscope::units::UnitError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "f64", into = "f64"))]
pub struct EnergyPrice(f64);

impl EnergyPrice {
    /// Zero dollars per MWh.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::EnergyPrice;
    ///
    /// assert_eq!(EnergyPrice::ZERO.to_usd_per_mwh(), 0.0);
    /// assert_eq!(EnergyPrice::ZERO, EnergyPrice::default());
    /// ```
    pub const ZERO: EnergyPrice = EnergyPrice(0.0);

    /// Creates a price from US dollars per megawatt-hour.
    ///
    /// # Errors
    ///
    /// [`UnitError::NotFinite`] if `usd_per_mwh` is NaN or infinite.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::EnergyPrice;
    ///
    /// assert_eq!(EnergyPrice::from_usd_per_mwh(45.0)?.to_usd_per_kwh(), 0.045);
    /// // Negative wholesale prices are valid; non-finite ones are not.
    /// assert!(EnergyPrice::from_usd_per_mwh(-20.0)?.to_usd_per_mwh() < 0.0);
    /// assert!(EnergyPrice::from_usd_per_mwh(f64::INFINITY).is_err());
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn from_usd_per_mwh(usd_per_mwh: f64) -> Result<Self, UnitError> {
        if usd_per_mwh.is_finite() {
            // Store `+0.0` for `-0.0`, so a zero price never displays with a minus sign.
            Ok(EnergyPrice(usd_per_mwh + 0.0))
        } else {
            Err(UnitError::NotFinite { quantity: "energy price", value: usd_per_mwh })
        }
    }

    /// Creates a price from US dollars per kilowatt-hour.
    ///
    /// # Errors
    ///
    /// [`UnitError::NotFinite`] if `usd_per_kwh` is NaN or infinite (or overflows when scaled).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::EnergyPrice;
    ///
    /// assert!((EnergyPrice::from_usd_per_kwh(0.06)?.to_usd_per_mwh() - 60.0).abs() < 1e-9);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn from_usd_per_kwh(usd_per_kwh: f64) -> Result<Self, UnitError> {
        Self::from_usd_per_mwh(usd_per_kwh * 1e3)
    }

    /// The price in US dollars per megawatt-hour.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::EnergyPrice;
    ///
    /// assert_eq!(EnergyPrice::from_usd_per_kwh(0.5)?.to_usd_per_mwh(), 500.0);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn to_usd_per_mwh(self) -> f64 {
        self.0
    }

    /// The price in US dollars per kilowatt-hour.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::EnergyPrice;
    ///
    /// assert_eq!(EnergyPrice::from_usd_per_mwh(80.0)?.to_usd_per_kwh(), 0.08);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn to_usd_per_kwh(self) -> f64 {
        self.0 / 1e3
    }

    /// Total ordering (the invariant excludes NaN, so this agrees with `partial_cmp`).
    ///
    /// # Examples
    ///
    /// ```
    /// use core::cmp::Ordering;
    /// use minerscope::units::EnergyPrice;
    ///
    /// let negative = EnergyPrice::from_usd_per_mwh(-5.0)?;
    /// let positive = EnergyPrice::from_usd_per_mwh(40.0)?;
    /// assert_eq!(negative.total_cmp(&positive), Ordering::Less);
    /// assert_eq!(positive.total_cmp(&EnergyPrice::ZERO), Ordering::Greater);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn total_cmp(&self, other: &Self) -> core::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl TryFrom<f64> for EnergyPrice {
    type Error = UnitError;
    fn try_from(usd_per_mwh: f64) -> Result<Self, UnitError> {
        Self::from_usd_per_mwh(usd_per_mwh)
    }
}

impl From<EnergyPrice> for f64 {
    fn from(p: EnergyPrice) -> f64 {
        p.0
    }
}

impl fmt::Display for EnergyPrice {
    /// Formats as dollars per MWh, e.g. `$45.00/MWh`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match f.precision() {
            Some(p) => write!(f, "${:.p$}/MWh", self.0),
            None => write!(f, "${:.2}/MWh", self.0),
        }
    }
}
