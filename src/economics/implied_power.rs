//! The megawatts a hashrate drop implies, with an interval.

use super::Uncertain;
use super::error::EconomicsError;
use crate::hashrate::Estimate;
use crate::stats::{ConfidenceLevel, Interval};
use crate::units::{Efficiency, Hashrate, Power};

/// A range of fleet efficiencies (J/TH) for the machines thought to have switched off, with a
/// typical value: e.g. 15–38 J/TH around 22 J/TH for a 2025 mix of S21- to M30S-class machines.
///
/// # Examples
///
/// ```
/// use minerscope::economics::EfficiencyRange;
/// use minerscope::units::Efficiency;
///
/// // A 2025 mix: S21-class (15 J/TH) to M30S-class (38 J/TH), typically 22 J/TH.
/// let j = |x| Efficiency::from_j_per_th(x);
/// let range = EfficiencyRange::new(j(15.0)?, j(22.0)?, j(38.0)?)?;
/// assert_eq!(
///     (range.low(), range.typical(), range.high()),
///     (j(15.0)?, j(22.0)?, j(38.0)?)
/// );
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "EfficiencyRangeRaw"))]
pub struct EfficiencyRange {
    low: Efficiency,
    typical: Efficiency,
    high: Efficiency,
}

impl EfficiencyRange {
    /// Creates a range `low ≤ typical ≤ high`.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::OutOfRange`] if the three are not ordered.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{EconomicsError, EfficiencyRange};
    /// use minerscope::units::Efficiency;
    ///
    /// let j = |x| Efficiency::from_j_per_th(x);
    /// assert!(EfficiencyRange::new(j(15.0)?, j(15.0)?, j(20.0)?).is_ok());
    /// let unordered = EfficiencyRange::new(j(15.0)?, j(25.0)?, j(20.0)?);
    /// assert!(matches!(unordered, Err(EconomicsError::OutOfRange { .. })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        low: Efficiency,
        typical: Efficiency,
        high: Efficiency,
    ) -> Result<Self, EconomicsError> {
        if low > high {
            Err(EconomicsError::OutOfRange {
                what: "low efficiency",
                expected: "at most the high efficiency",
                value: low.to_j_per_th(),
            })
        } else if low <= typical && typical <= high {
            Ok(EfficiencyRange { low, typical, high })
        } else {
            Err(EconomicsError::OutOfRange {
                what: "typical efficiency",
                expected: "[low, high] of the efficiency range",
                value: typical.to_j_per_th(),
            })
        }
    }

    /// A single known efficiency.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::EfficiencyRange;
    /// use minerscope::units::Efficiency;
    ///
    /// let e = Efficiency::from_j_per_th(17.5)?;
    /// let range = EfficiencyRange::exact(e);
    /// assert_eq!((range.low(), range.typical(), range.high()), (e, e, e));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn exact(e: Efficiency) -> Self {
        EfficiencyRange { low: e, typical: e, high: e }
    }

    /// Most efficient bound (fewest MW per EH/s).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::EfficiencyRange;
    /// use minerscope::units::Efficiency;
    ///
    /// let j = |x| Efficiency::from_j_per_th(x);
    /// assert_eq!(
    ///     EfficiencyRange::new(j(15.0)?, j(22.0)?, j(38.0)?)?.low().to_j_per_th(),
    ///     15.0
    /// );
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn low(&self) -> Efficiency {
        self.low
    }

    /// Typical efficiency (gives the point value).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::EfficiencyRange;
    /// use minerscope::units::Efficiency;
    ///
    /// let j = |x| Efficiency::from_j_per_th(x);
    /// assert_eq!(
    ///     EfficiencyRange::new(j(15.0)?, j(22.0)?, j(38.0)?)?.typical().to_j_per_th(),
    ///     22.0
    /// );
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn typical(&self) -> Efficiency {
        self.typical
    }

    /// Least efficient bound.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::EfficiencyRange;
    /// use minerscope::units::Efficiency;
    ///
    /// let j = |x| Efficiency::from_j_per_th(x);
    /// assert_eq!(
    ///     EfficiencyRange::new(j(15.0)?, j(22.0)?, j(38.0)?)?.high().to_j_per_th(),
    ///     38.0
    /// );
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn high(&self) -> Efficiency {
        self.high
    }
}

/// The hashrate that went offline between two estimates, `before − after`, clipped at zero.
///
/// The interval is `[max(0, before.low − after.high), max(0, before.high − after.low)]`. If the
/// two intervals are independent with levels `1 − α₁` and `1 − α₂`, both hold together with
/// probability at least `1 − α₁ − α₂` (Bonferroni), and the difference then lies in this
/// interval; that is the level reported. Use 97.5 % inputs for a ≥ 95 % drop interval.
///
/// # Errors
///
/// [`EconomicsError::Stats`] if `α₁ + α₂ ≥ 1` (no meaningful joint level).
///
/// # Examples
///
/// ```
/// use minerscope::economics::hashrate_drop;
/// use minerscope::hashrate::{Estimate, Method};
/// use minerscope::stats::{ConfidenceLevel, Interval};
/// use minerscope::units::Hashrate;
///
/// let eh = |x: f64| Hashrate::from_ehs(x);
/// let lvl = ConfidenceLevel::new(0.975)?;
/// let before = Estimate::new(
///     eh(900.0)?,
///     Interval::new(eh(870.0)?, eh(930.0)?, lvl)?,
///     Method::Unbiased,
///     0,
///     2016,
///     2016,
///     1.0,
/// );
/// let after = Estimate::new(
///     eh(800.0)?,
///     Interval::new(eh(770.0)?, eh(830.0)?, lvl)?,
///     Method::Unbiased,
///     2016,
///     4032,
///     2016,
///     1.0,
/// );
/// let drop = hashrate_drop(&before, &after)?;
/// assert!((drop.value().to_ehs() - 100.0).abs() < 1e-9);
/// assert!((drop.low().to_ehs() - 40.0).abs() < 1e-9);
/// assert!((drop.interval().ok_or("no interval")?.level().to_f64() - 0.95).abs() < 1e-12);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn hashrate_drop(
    before: &Estimate,
    after: &Estimate,
) -> Result<Uncertain<Hashrate>, EconomicsError> {
    let diff = |a: Hashrate, b: Hashrate| Hashrate::from_hs((a.to_hs() - b.to_hs()).max(0.0));
    let value = diff(before.value(), after.value())?;
    let low = diff(before.interval().low(), after.interval().high())?;
    let high = diff(before.interval().high(), after.interval().low())?;
    let level = ConfidenceLevel::new(1.0 - before.level().alpha() - after.level().alpha())?;
    Ok(Uncertain::new(value, Some(Interval::new(low, high, level)?)))
}

/// The power taken offline by a hashrate drop `ΔH` at an efficiency range:
/// `ΔH·e_typical`, with the interval `[ΔH_low·e_low, ΔH_high·e_high]` at the drop's level.
///
/// The efficiency range is not random: the interval covers every efficiency in the range, so
/// its coverage is at least the drop interval's level when the true efficiency is in the range.
///
/// # Errors
///
/// [`EconomicsError::Unit`] if a product overflows.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{EfficiencyRange, Uncertain, implied_power};
/// use minerscope::stats::{ConfidenceLevel, Interval};
/// use minerscope::units::{Efficiency, Hashrate};
///
/// let drop = Uncertain::new(
///     Hashrate::from_ehs(50.0)?,
///     Some(Interval::new(
///         Hashrate::from_ehs(30.0)?,
///         Hashrate::from_ehs(70.0)?,
///         ConfidenceLevel::P95,
///     )?),
/// );
/// let eff = EfficiencyRange::new(
///     Efficiency::from_j_per_th(15.0)?,
///     Efficiency::from_j_per_th(20.0)?,
///     Efficiency::from_j_per_th(30.0)?,
/// )?;
/// let mw = implied_power(drop, eff)?;
/// assert!((mw.value().to_megawatts() - 1000.0).abs() < 1e-6); // 50 EH/s · 20 J/TH = 1 GW
/// assert!((mw.low().to_megawatts() - 450.0).abs() < 1e-6);
/// assert!((mw.high().to_megawatts() - 2100.0).abs() < 1e-6);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn implied_power(
    drop: Uncertain<Hashrate>,
    efficiency: EfficiencyRange,
) -> Result<Uncertain<Power>, EconomicsError> {
    let mw = |h: Hashrate, e: Efficiency| Power::from_watts(h.to_ths() * e.to_j_per_th());
    let value = mw(drop.value(), efficiency.typical)?;
    // With an exact drop the efficiency range alone bounds the power; that is not a confidence
    // statement, so no interval is attached.
    let interval = drop
        .interval()
        .map(|i| -> Result<_, EconomicsError> {
            let (lo, hi) = (mw(i.low(), efficiency.low)?, mw(i.high(), efficiency.high)?);
            Ok(Interval::new(lo, hi, i.level())?)
        })
        .transpose()?;
    Ok(Uncertain::new(value, interval))
}

/// [`implied_power`] for a drop given as an interval and a point value (e.g. from a
/// change-point detector's event).
///
/// # Errors
///
/// As [`implied_power`].
///
/// # Examples
///
/// ```
/// use minerscope::economics::{EfficiencyRange, implied_power_from_interval};
/// use minerscope::stats::{ConfidenceLevel, Interval};
/// use minerscope::units::{Efficiency, Hashrate};
///
/// // A 10 EH/s drop (6–14 EH/s) of 20 J/TH machines: 200 MW (120–280 MW).
/// let eh = |x| Hashrate::from_ehs(x);
/// let ci = Interval::new(eh(6.0)?, eh(14.0)?, ConfidenceLevel::P95)?;
/// let eff = EfficiencyRange::exact(Efficiency::from_j_per_th(20.0)?);
/// let mw = implied_power_from_interval(eh(10.0)?, ci, eff)?;
/// assert!((mw.value().to_megawatts() - 200.0).abs() < 1e-6);
/// assert!((mw.low().to_megawatts() - 120.0).abs() < 1e-6);
/// assert!((mw.high().to_megawatts() - 280.0).abs() < 1e-6);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn implied_power_from_interval(
    drop: Hashrate,
    interval: Interval<Hashrate>,
    efficiency: EfficiencyRange,
) -> Result<Uncertain<Power>, EconomicsError> {
    implied_power(Uncertain::new(drop, Some(interval)), efficiency)
}

/// Unvalidated wire form, checked by the constructor on deserialization.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct EfficiencyRangeRaw {
    low: Efficiency,
    typical: Efficiency,
    high: Efficiency,
}

#[cfg(feature = "serde")]
impl TryFrom<EfficiencyRangeRaw> for EfficiencyRange {
    type Error = EconomicsError;
    fn try_from(r: EfficiencyRangeRaw) -> Result<Self, EconomicsError> {
        EfficiencyRange::new(r.low, r.typical, r.high)
    }
}
