use super::{ConfidenceLevel, StatsError};
use crate::units::{Hashrate, Power, Usd};

/// A two-sided interval `[low, high]` that carries the level it was computed at.
///
/// Bounds are ordered (`low <= high`); the type is generic so hashrates, ratios and times all use
/// it. `width()` exists for `f64`, `u32`, [`Hashrate`], [`Power`] and [`Usd`] bounds, in the
/// bounds' own type; for another quantity (a difficulty, an energy price, a hashvalue) map to a
/// unit first, e.g. `ci.map(EnergyPrice::to_usd_per_mwh).width()`.
///
/// # Examples
///
/// ```
/// use minerscope::stats::{ConfidenceLevel, Interval};
///
/// let ci = Interval::new(0.829, 1.187, ConfidenceLevel::P95)?;
/// assert!(ci.contains(&1.0));
/// assert_eq!(ci.level(), ConfidenceLevel::P95);
/// # Ok::<_, minerscope::stats::StatsError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "RawInterval<T>",
        bound(deserialize = "T: serde::Deserialize<'de> + PartialOrd")
    )
)]
pub struct Interval<T> {
    low: T,
    high: T,
    level: ConfidenceLevel,
}

impl<T: PartialOrd + Copy> Interval<T> {
    /// Creates an interval.
    ///
    /// # Errors
    ///
    /// [`StatsError::InvalidInterval`] if `low > high` or the bounds are unordered (NaN).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::{ConfidenceLevel, Interval, StatsError};
    /// use minerscope::units::Hashrate;
    ///
    /// let (low, high) = (Hashrate::from_ehs(580.0)?, Hashrate::from_ehs(640.0)?);
    /// let ci = Interval::new(low, high, ConfidenceLevel::P95)?;
    /// assert!(ci.contains(&Hashrate::from_ehs(600.0)?));
    /// assert!(matches!(
    ///     Interval::new(2.0, 1.0, ConfidenceLevel::P95),
    ///     Err(StatsError::InvalidInterval { low: 2.0, high: 1.0 })
    /// ));
    /// assert!(Interval::new(f64::NAN, 1.0, ConfidenceLevel::P95).is_err());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(low: T, high: T, level: ConfidenceLevel) -> Result<Self, StatsError>
    where
        T: Into<f64>,
    {
        if low <= high {
            Ok(Interval { low, high, level })
        } else {
            Err(StatsError::InvalidInterval { low: low.into(), high: high.into() })
        }
    }

    /// Creates an interval from bounds the caller has already ordered.
    pub(crate) fn from_ordered(low: T, high: T, level: ConfidenceLevel) -> Self {
        debug_assert!(low <= high);
        Interval { low, high, level }
    }

    /// The lower bound.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    ///
    /// assert_eq!(Interval::new(0.829, 1.187, ConfidenceLevel::P95)?.low(), 0.829);
    /// # Ok::<_, minerscope::stats::StatsError>(())
    /// ```
    pub fn low(&self) -> T {
        self.low
    }

    /// The upper bound.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    ///
    /// assert_eq!(Interval::new(0.829, 1.187, ConfidenceLevel::P95)?.high(), 1.187);
    /// # Ok::<_, minerscope::stats::StatsError>(())
    /// ```
    pub fn high(&self) -> T {
        self.high
    }

    /// The level the interval was computed at.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    ///
    /// let ci = Interval::new(0.9, 1.1, ConfidenceLevel::P90)?;
    /// assert_eq!(ci.level(), ConfidenceLevel::P90);
    /// assert_eq!(ci.level().to_f64(), 0.90);
    /// # Ok::<_, minerscope::stats::StatsError>(())
    /// ```
    pub fn level(&self) -> ConfidenceLevel {
        self.level
    }

    /// Whether `x` lies within `[low, high]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    ///
    /// let ci = Interval::new(1.0, 2.0, ConfidenceLevel::P95)?;
    /// // Both bounds are inside: the interval is closed.
    /// assert!(ci.contains(&1.0) && ci.contains(&2.0));
    /// assert!(!ci.contains(&2.000_001) && !ci.contains(&f64::NAN));
    /// # Ok::<_, minerscope::stats::StatsError>(())
    /// ```
    pub fn contains(&self, x: &T) -> bool {
        self.low <= *x && *x <= self.high
    }

    /// Applies a monotone map to both bounds, increasing or decreasing: the images are put in
    /// order, so a decreasing map (a rate to a mean block time, a hashrate to the hashprice it
    /// implies) still gives `low <= high`. For a map that is not monotone on `[low, high]` the
    /// result is not the image of the interval (a non-monotone map needs its extremes found
    /// first).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    ///
    /// // A relative interval for H·S/n, scaled by an MLE of 600 EH/s.
    /// let relative = Interval::new(0.829, 1.187, ConfidenceLevel::P95)?;
    /// let ehs = relative.map(|x: f64| x * 600.0);
    /// assert!((ehs.low() - 497.4).abs() < 1e-9 && (ehs.high() - 712.2).abs() < 1e-9);
    /// assert_eq!(ehs.level(), ConfidenceLevel::P95);
    /// // A decreasing map: a rate interval of [5, 7] blocks/hour as minutes per block.
    /// let per_hour = Interval::new(5.0, 7.0, ConfidenceLevel::P90)?;
    /// let minutes = per_hour.map(|r: f64| 60.0 / r);
    /// assert!((minutes.low() - 60.0 / 7.0).abs() < 1e-12 && minutes.high() == 12.0);
    /// # Ok::<_, minerscope::stats::StatsError>(())
    /// ```
    pub fn map<U: PartialOrd + Copy>(self, f: impl Fn(T) -> U) -> Interval<U> {
        let (a, b) = (f(self.low), f(self.high));
        let (low, high) = if b < a { (b, a) } else { (a, b) };
        Interval { low, high, level: self.level }
    }
}

// `width` is one inherent method per bound type rather than a generic `T: Sub` method: a
// generic one would leave `Interval::new(0.8, 1.2, level)?.width()` with an ambiguous `{float}`
// result (E0689 on `.abs()`), and the non-negative units (`Hashrate`, `Power`) deliberately
// have no `Sub`. Each width is the distance between the bounds, in the bounds' own type.

impl Interval<f64> {
    /// The width `high − low`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    ///
    /// let ci = Interval::new(0.829, 1.187, ConfidenceLevel::P95)?;
    /// assert!((ci.width() - 0.358).abs() < 1e-12);
    /// # Ok::<_, minerscope::stats::StatsError>(())
    /// ```
    pub fn width(&self) -> f64 {
        self.high - self.low
    }
}

impl Interval<u32> {
    /// The width `high − low` of a count interval (a Nakamoto-coefficient interval `[3, 5]`
    /// has width 2). Exact, and never underflows: it is the distance between the bounds.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    ///
    /// let ci = Interval::new(3_u32, 5, ConfidenceLevel::P95)?;
    /// assert_eq!(ci.width(), 2);
    /// assert_eq!(Interval::new(4_u32, 4, ConfidenceLevel::P95)?.width(), 0);
    /// # Ok::<_, minerscope::stats::StatsError>(())
    /// ```
    pub fn width(&self) -> u32 {
        self.high.abs_diff(self.low)
    }
}

impl Interval<Hashrate> {
    /// The width `high − low` as a hashrate (never negative: the distance between the bounds).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    /// use minerscope::units::Hashrate;
    ///
    /// let eh = Hashrate::from_ehs;
    /// let ci = Interval::new(eh(580.0)?, eh(640.0)?, ConfidenceLevel::P95)?;
    /// assert!((ci.width().to_ehs() - 60.0).abs() < 1e-9);
    /// // The same figure as mapping to EH/s first.
    /// assert_eq!(ci.width().to_ehs(), ci.map(Hashrate::to_ehs).width());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn width(&self) -> Hashrate {
        // Both bounds are finite and non-negative, so their distance is too and `from_hs`
        // cannot fail; the fallback is unreachable.
        Hashrate::from_hs((self.high.to_hs() - self.low.to_hs()).abs()).unwrap_or(Hashrate::ZERO)
    }
}

impl Interval<Power> {
    /// The width `high − low` as a power (never negative: the distance between the bounds).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    /// use minerscope::units::Power;
    ///
    /// let mw = Power::from_megawatts;
    /// let ci = Interval::new(mw(120.0)?, mw(150.0)?, ConfidenceLevel::P90)?;
    /// assert_eq!(ci.width(), mw(30.0)?);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn width(&self) -> Power {
        // Both bounds are finite and non-negative, so their distance is too and `from_watts`
        // cannot fail; the fallback is unreachable.
        Power::from_watts((self.high.to_watts() - self.low.to_watts()).abs()).unwrap_or(Power::ZERO)
    }
}

impl Interval<Usd> {
    /// The width `high − low` in dollars (with [`Usd`]'s saturating subtraction, so a width
    /// beyond `f64::MAX` dollars saturates there).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    /// use minerscope::units::Usd;
    ///
    /// let usd = Usd::from_dollars;
    /// let npv = Interval::new(usd(-12_500.0)?, usd(40_000.0)?, ConfidenceLevel::P95)?;
    /// assert_eq!(npv.width(), usd(52_500.0)?);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn width(&self) -> Usd {
        self.high - self.low
    }
}

/// The serialized form of an [`Interval`], checked for order on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawInterval<T> {
    low: T,
    high: T,
    level: ConfidenceLevel,
}

/// Deserialization error for bounds that are out of order or unordered (NaN).
#[cfg(feature = "serde")]
#[derive(Debug)]
struct UnorderedBounds;

#[cfg(feature = "serde")]
impl core::fmt::Display for UnorderedBounds {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("interval bounds must be ordered and not NaN")
    }
}

#[cfg(feature = "serde")]
impl<T: PartialOrd> TryFrom<RawInterval<T>> for Interval<T> {
    type Error = UnorderedBounds;
    fn try_from(raw: RawInterval<T>) -> Result<Self, UnorderedBounds> {
        if raw.low <= raw.high {
            Ok(Interval { low: raw.low, high: raw.high, level: raw.level })
        } else {
            Err(UnorderedBounds)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Result = core::result::Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn widths_are_in_the_bounds_own_type() -> Result {
        let level = ConfidenceLevel::P95;
        let h = Interval::new(Hashrate::from_ehs(580.0)?, Hashrate::from_ehs(640.0)?, level)?;
        assert_eq!(h.width().to_hs(), 6.4e20 - 5.8e20);
        let p = Interval::new(Power::from_watts(1.5)?, Power::from_watts(4.0)?, level)?;
        assert_eq!(p.width(), Power::from_watts(2.5)?);
        let u = Interval::new(Usd::from_dollars(-1.25)?, Usd::from_dollars(2.0)?, level)?;
        assert_eq!(u.width(), Usd::from_dollars(3.25)?);
        let n = Interval::new(2_u32, 9, level)?;
        assert_eq!(n.width(), 7);
        let point = Interval::new(Hashrate::ZERO, Hashrate::ZERO, level)?;
        assert_eq!(point.width(), Hashrate::ZERO);
        Ok(())
    }

    #[test]
    fn a_decreasing_map_keeps_the_bounds_ordered() -> Result {
        let ci = Interval::new(2.0, 5.0, ConfidenceLevel::P90)?;
        let flipped = ci.map(|x| 10 - x as u32);
        assert_eq!((flipped.low(), flipped.high(), flipped.width()), (5, 8, 3));
        assert!(flipped.contains(&6) && !flipped.contains(&9));
        let flipped = ci.map(|x| Hashrate::from_hs(10.0 - x).unwrap_or(Hashrate::ZERO));
        assert_eq!(flipped.width(), Hashrate::from_hs(3.0)?);
        Ok(())
    }
}
