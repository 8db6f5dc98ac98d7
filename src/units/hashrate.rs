use core::cmp::Ordering;
use core::fmt;

use super::error::{UnitError, non_negative};

/// A hashrate, stored in hashes per second (H/s).
///
/// Always finite and non-negative (zero is allowed: a lower confidence bound can be zero).
///
/// # Examples
///
/// ```
/// use minerscope::units::Hashrate;
///
/// let h = Hashrate::from_ehs(520.5)?;
/// assert_eq!(h.to_hs(), 520.5e18);
/// assert!((h.to_phs() - 520_500.0).abs() < 1e-6);
/// assert!(Hashrate::from_hs(f64::NAN).is_err());
/// # Ok::<_, minerscope::units::UnitError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "f64", into = "f64"))]
pub struct Hashrate(f64);

const TERA: f64 = 1e12;
const PETA: f64 = 1e15;
const EXA: f64 = 1e18;

impl Hashrate {
    /// Zero hashes per second.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Hashrate;
    ///
    /// assert_eq!(Hashrate::ZERO.to_hs(), 0.0);
    /// assert_eq!(Hashrate::ZERO, Hashrate::default());
    /// ```
    pub const ZERO: Hashrate = Hashrate(0.0);

    /// Creates a hashrate from hashes per second.
    ///
    /// # Errors
    ///
    /// [`UnitError`] if `hs` is not finite or is negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::{Hashrate, UnitError};
    ///
    /// assert_eq!(Hashrate::from_hs(6.0e20)?.to_ehs(), 600.0);
    /// assert!(matches!(Hashrate::from_hs(-1.0), Err(UnitError::Negative { .. })));
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn from_hs(hs: f64) -> Result<Self, UnitError> {
        non_negative("hashrate", hs).map(Hashrate)
    }

    /// Creates a hashrate from terahashes per second (1e12 H/s).
    ///
    /// # Errors
    ///
    /// [`UnitError`] if `ths` is not finite or is negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Hashrate;
    ///
    /// // One S21 (200 TH/s) is 2e14 H/s.
    /// assert_eq!(Hashrate::from_ths(200.0)?.to_hs(), 2.0e14);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn from_ths(ths: f64) -> Result<Self, UnitError> {
        Self::from_hs(ths * TERA)
    }

    /// Creates a hashrate from petahashes per second (1e15 H/s).
    ///
    /// # Errors
    ///
    /// [`UnitError`] if `phs` is not finite or is negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Hashrate;
    ///
    /// assert_eq!(Hashrate::from_phs(1_500.0)?.to_ehs(), 1.5);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn from_phs(phs: f64) -> Result<Self, UnitError> {
        Self::from_hs(phs * PETA)
    }

    /// Creates a hashrate from exahashes per second (1e18 H/s).
    ///
    /// # Errors
    ///
    /// [`UnitError`] if `ehs` is not finite or is negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Hashrate;
    ///
    /// let h = Hashrate::from_ehs(600.0)?;
    /// assert_eq!(h.to_ths(), 600.0e6);
    /// assert!(Hashrate::from_ehs(f64::INFINITY).is_err());
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn from_ehs(ehs: f64) -> Result<Self, UnitError> {
        Self::from_hs(ehs * EXA)
    }

    /// Returns the hashrate in hashes per second.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Hashrate;
    ///
    /// assert_eq!(Hashrate::from_ths(1.0)?.to_hs(), 1e12);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn to_hs(self) -> f64 {
        self.0
    }

    /// Returns the hashrate in terahashes per second.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Hashrate;
    ///
    /// assert_eq!(Hashrate::from_phs(2.0)?.to_ths(), 2_000.0);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn to_ths(self) -> f64 {
        self.0 / TERA
    }

    /// Returns the hashrate in petahashes per second.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Hashrate;
    ///
    /// assert_eq!(Hashrate::from_ehs(0.5)?.to_phs(), 500.0);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn to_phs(self) -> f64 {
        self.0 / PETA
    }

    /// Returns the hashrate in exahashes per second.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Hashrate;
    ///
    /// assert_eq!(Hashrate::from_hs(7.5e20)?.to_ehs(), 750.0);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn to_ehs(self) -> f64 {
        self.0 / EXA
    }

    /// Total ordering (the invariant excludes NaN, so this agrees with `partial_cmp`).
    ///
    /// # Examples
    ///
    /// ```
    /// use core::cmp::Ordering;
    /// use minerscope::units::Hashrate;
    ///
    /// let mut rates =
    ///     vec![Hashrate::from_ehs(3.0)?, Hashrate::ZERO, Hashrate::from_ehs(1.0)?];
    /// rates.sort_by(Hashrate::total_cmp);
    /// assert_eq!(rates, [Hashrate::ZERO, Hashrate::from_ehs(1.0)?, Hashrate::from_ehs(3.0)?]);
    /// assert_eq!(Hashrate::ZERO.total_cmp(&Hashrate::ZERO), Ordering::Equal);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn total_cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl TryFrom<f64> for Hashrate {
    type Error = UnitError;
    fn try_from(hs: f64) -> Result<Self, UnitError> {
        Self::from_hs(hs)
    }
}

impl From<Hashrate> for f64 {
    fn from(h: Hashrate) -> f64 {
        h.0
    }
}

impl fmt::Display for Hashrate {
    /// Formats with an SI prefix chosen by magnitude, e.g. `520.50 EH/s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (v, unit) = match self.0 {
            x if x >= EXA => (x / EXA, "EH/s"),
            x if x >= PETA => (x / PETA, "PH/s"),
            x if x >= TERA => (x / TERA, "TH/s"),
            x if x >= 1e9 => (x / 1e9, "GH/s"),
            x if x >= 1e6 => (x / 1e6, "MH/s"),
            x if x >= 1e3 => (x / 1e3, "kH/s"),
            x => (x, "H/s"),
        };
        match f.precision() {
            Some(p) => write!(f, "{v:.p$} {unit}"),
            None => write!(f, "{v:.2} {unit}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_values() {
        assert!(Hashrate::from_hs(-1.0).is_err());
        assert!(Hashrate::from_hs(f64::INFINITY).is_err());
        assert!(Hashrate::from_hs(f64::NAN).is_err());
        assert_eq!(Hashrate::from_hs(0.0), Ok(Hashrate::ZERO));
    }

    #[test]
    fn displays_with_prefix() {
        let h = Hashrate::from_ehs(520.5).unwrap();
        assert_eq!(h.to_string(), "520.50 EH/s");
        assert_eq!(format!("{:.1}", Hashrate::from_ths(110.0).unwrap()), "110.0 TH/s");
    }
}
