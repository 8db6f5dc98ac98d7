//! A small built-in table of well-known SHA-256 ASICs.

use super::Machine;
use super::error::EconomicsError;
use crate::units::{Hashrate, Power};

/// Nominal spec-sheet facts for one ASIC model: hashrate (TH/s) and wall power (W).
///
/// Values are the manufacturers' headline figures as published on their public spec sheets
/// (typed by hand; stock firmware, nominal mode). Real units vary by a few percent by batch,
/// firmware and ambient temperature, and each model ships in several hashrate bins; the
/// headline bin is listed.
///
/// # Examples
///
/// ```
/// use minerscope::economics::builtin_asic;
///
/// let s21 = builtin_asic("Antminer S21").ok_or("missing")?;
/// assert_eq!((s21.maker, s21.year, s21.ths, s21.watts), ("Bitmain", 2023, 200.0, 3500.0));
/// assert_eq!(s21.j_per_th(), 17.5);
/// assert_eq!(s21.to_machine()?.efficiency().to_j_per_th(), 17.5);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct AsicSpec {
    /// Model name, e.g. `"Antminer S21"`.
    pub name: &'static str,
    /// Manufacturer.
    pub maker: &'static str,
    /// Year of release.
    pub year: u16,
    /// Nominal hashrate in TH/s.
    pub ths: f64,
    /// Nominal wall power in W.
    pub watts: f64,
}

impl AsicSpec {
    /// Efficiency implied by the spec, in J/TH.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::builtin_asic;
    ///
    /// // The S21 XP: 3 645 W for 270 TH/s is 13.5 J/TH.
    /// assert_eq!(builtin_asic("Antminer S21 XP").ok_or("missing")?.j_per_th(), 13.5);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn j_per_th(&self) -> f64 {
        self.watts / self.ths
    }

    /// The spec as a [`Machine`] (zero price and age; set them with the builder methods).
    ///
    /// # Errors
    ///
    /// Never for the built-in entries (all positive and finite); kept fallible because
    /// [`Machine::new`] is.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{BUILTIN_ASICS, builtin_asic};
    ///
    /// let m = builtin_asic("Antminer S19 XP").ok_or("missing")?.to_machine()?;
    /// assert_eq!(
    ///     (m.name(), m.hashrate().to_ths(), m.power().to_watts()),
    ///     ("Antminer S19 XP", 140.0, 3_010.0)
    /// );
    /// assert_eq!(m.price().to_dollars(), 0.0);
    /// // Every built-in entry converts.
    /// assert!(BUILTIN_ASICS.iter().all(|a| a.to_machine().is_ok()));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_machine(&self) -> Result<Machine, EconomicsError> {
        Machine::new(self.name, Hashrate::from_ths(self.ths)?, Power::from_watts(self.watts)?)
    }
}

const fn spec(
    name: &'static str,
    maker: &'static str,
    year: u16,
    ths: f64,
    watts: f64,
) -> AsicSpec {
    AsicSpec { name, maker, year, ths, watts }
}

/// Well-known SHA-256 ASICs, oldest generation first.
///
/// | model | year | TH/s | W | J/TH |
/// |---|---|---|---|---|
/// | Antminer S9 | 2016 | 13.5 | 1323 | 98.0 |
/// | Whatsminer M30S | 2020 | 88 | 3344 | 38.0 |
/// | Antminer S19 | 2020 | 95 | 3250 | 34.2 |
/// | Antminer S19 Pro | 2020 | 110 | 3250 | 29.5 |
/// | Whatsminer M50S | 2022 | 126 | 3276 | 26.0 |
/// | Antminer S19 XP | 2022 | 140 | 3010 | 21.5 |
/// | Whatsminer M60S | 2023 | 186 | 3441 | 18.5 |
/// | Antminer S21 | 2023 | 200 | 3500 | 17.5 |
/// | Antminer S21 Pro | 2024 | 234 | 3510 | 15.0 |
/// | Antminer S21 XP | 2024 | 270 | 3645 | 13.5 |
///
/// # Examples
///
/// ```
/// use minerscope::economics::BUILTIN_ASICS;
///
/// assert_eq!(BUILTIN_ASICS.len(), 10);
/// // Oldest generation first, and each generation is more efficient than the S9.
/// assert!(BUILTIN_ASICS.windows(2).all(|w| w[0].year <= w[1].year));
/// assert!(
///     BUILTIN_ASICS.iter().skip(1).all(|a| a.j_per_th() < BUILTIN_ASICS[0].j_per_th())
/// );
/// ```
pub const BUILTIN_ASICS: &[AsicSpec] = &[
    spec("Antminer S9", "Bitmain", 2016, 13.5, 1323.0),
    spec("Whatsminer M30S", "MicroBT", 2020, 88.0, 3344.0),
    spec("Antminer S19", "Bitmain", 2020, 95.0, 3250.0),
    spec("Antminer S19 Pro", "Bitmain", 2020, 110.0, 3250.0),
    spec("Whatsminer M50S", "MicroBT", 2022, 126.0, 3276.0),
    spec("Antminer S19 XP", "Bitmain", 2022, 140.0, 3010.0),
    spec("Whatsminer M60S", "MicroBT", 2023, 186.0, 3441.0),
    spec("Antminer S21", "Bitmain", 2023, 200.0, 3500.0),
    spec("Antminer S21 Pro", "Bitmain", 2024, 234.0, 3510.0),
    spec("Antminer S21 XP", "Bitmain", 2024, 270.0, 3645.0),
];

/// Looks up a built-in ASIC by name (case-insensitive, exact otherwise).
///
/// # Examples
///
/// ```
/// use minerscope::economics::builtin_asic;
///
/// let s21 = builtin_asic("antminer s21").ok_or("missing")?;
/// assert_eq!(s21.j_per_th(), 17.5);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn builtin_asic(name: &str) -> Option<&'static AsicSpec> {
    BUILTIN_ASICS.iter().find(|s| s.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sane() {
        for s in BUILTIN_ASICS {
            let m = s.to_machine().unwrap();
            assert!((m.efficiency().to_j_per_th() - s.j_per_th()).abs() < 1e-9);
            assert!((10.0..110.0).contains(&s.j_per_th()), "{}", s.name);
        }
        assert_eq!(BUILTIN_ASICS.len(), 10);
        assert!(builtin_asic("Whatsminer M60S").is_some());
        assert!(builtin_asic("S99").is_none());
    }
}
