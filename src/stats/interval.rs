use super::{ConfidenceLevel, StatsError};

/// A two-sided interval `[low, high]` that carries the level it was computed at.
///
/// Bounds are ordered (`low <= high`); the type is generic so hashrates, ratios and times all use
/// it.
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

    /// Applies a monotone non-decreasing map to both bounds.
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
    /// # Ok::<_, minerscope::stats::StatsError>(())
    /// ```
    pub fn map<U: PartialOrd + Copy>(self, f: impl Fn(T) -> U) -> Interval<U> {
        Interval { low: f(self.low), high: f(self.high), level: self.level }
    }
}

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
