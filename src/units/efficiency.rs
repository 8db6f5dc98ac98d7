use core::fmt;

use super::error::{UnitError, positive};
use super::{Hashrate, Power};

/// Mining efficiency, stored in joules per terahash (J/TH, equivalently W per TH/s).
/// Finite and strictly positive.
///
/// # Examples
///
/// ```
/// use minerscope::units::{Efficiency, Hashrate};
///
/// // 1 EH/s of 15 J/TH machines draws 15 MW.
/// let e = Efficiency::from_j_per_th(15.0)?;
/// let p = e.power_for(Hashrate::from_ehs(1.0)?)?;
/// assert!((p.to_megawatts() - 15.0).abs() < 1e-9);
/// # Ok::<_, minerscope::units::UnitError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "f64", into = "f64"))]
pub struct Efficiency(f64);

impl Efficiency {
    /// Creates an efficiency from joules per terahash.
    ///
    /// # Errors
    ///
    /// [`UnitError`] if `j_per_th` is not finite or not positive.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Efficiency;
    ///
    /// assert_eq!(Efficiency::from_j_per_th(17.5)?.to_j_per_th(), 17.5);
    /// assert!(Efficiency::from_j_per_th(0.0).is_err());
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn from_j_per_th(j_per_th: f64) -> Result<Self, UnitError> {
        positive("efficiency", j_per_th).map(Efficiency)
    }

    /// The efficiency in joules per terahash.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Efficiency;
    ///
    /// assert_eq!(Efficiency::from_j_per_th(21.5)?.to_j_per_th(), 21.5);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn to_j_per_th(self) -> f64 {
        self.0
    }

    /// Power drawn by `hashrate` at this efficiency.
    ///
    /// # Errors
    ///
    /// [`UnitError::NotFinite`] when the product overflows `f64` (only for absurd inputs, e.g.
    /// 1e300 J/TH at 1e300 H/s): a [`Power`] is finite, and a saturated one would be a wrong
    /// number.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::{Efficiency, Hashrate, UnitError};
    ///
    /// // An S19 XP: 140 TH/s at 21.5 J/TH draws 3 010 W.
    /// let p = Efficiency::from_j_per_th(21.5)?.power_for(Hashrate::from_ths(140.0)?)?;
    /// assert!((p.to_watts() - 3_010.0).abs() < 1e-9);
    /// let absurd = Efficiency::from_j_per_th(1e300)?.power_for(Hashrate::from_hs(1e300)?);
    /// assert!(matches!(absurd, Err(UnitError::NotFinite { .. })));
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn power_for(self, hashrate: Hashrate) -> Result<Power, UnitError> {
        // Both factors are finite and non-negative: the product is a valid power or +inf.
        Power::from_watts(self.0 * hashrate.to_ths())
    }

    /// Hashrate that `power` sustains at this efficiency.
    ///
    /// # Errors
    ///
    /// [`UnitError::NotFinite`] when the quotient overflows `f64` (only for absurd inputs, e.g.
    /// a subnormal efficiency): a [`Hashrate`] is finite, and a saturated one would be a wrong
    /// number.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::{Efficiency, Power, UnitError};
    ///
    /// // 100 MW at 20 J/TH sustains 5 EH/s.
    /// let h = Efficiency::from_j_per_th(20.0)?.hashrate_for(Power::from_megawatts(100.0)?)?;
    /// assert!((h.to_ehs() - 5.0).abs() < 1e-12);
    /// let tiny = Efficiency::from_j_per_th(1e-300)?.hashrate_for(Power::from_megawatts(1e3)?);
    /// assert!(matches!(tiny, Err(UnitError::NotFinite { .. })));
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn hashrate_for(self, power: Power) -> Result<Hashrate, UnitError> {
        Hashrate::from_hs(power.to_watts() / self.0 * 1e12)
    }
}

impl TryFrom<f64> for Efficiency {
    type Error = UnitError;
    fn try_from(j: f64) -> Result<Self, UnitError> {
        Self::from_j_per_th(j)
    }
}

impl From<Efficiency> for f64 {
    fn from(e: Efficiency) -> f64 {
        e.0
    }
}

impl fmt::Display for Efficiency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.1} J/TH", self.0)
    }
}
