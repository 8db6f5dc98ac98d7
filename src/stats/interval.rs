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
    pub fn low(&self) -> T {
        self.low
    }

    /// The upper bound.
    pub fn high(&self) -> T {
        self.high
    }

    /// The level the interval was computed at.
    pub fn level(&self) -> ConfidenceLevel {
        self.level
    }

    /// Whether `x` lies within `[low, high]`.
    pub fn contains(&self, x: &T) -> bool {
        self.low <= *x && *x <= self.high
    }

    /// Applies a monotone non-decreasing map to both bounds.
    pub fn map<U: PartialOrd + Copy>(self, f: impl Fn(T) -> U) -> Interval<U> {
        Interval { low: f(self.low), high: f(self.high), level: self.level }
    }
}

impl Interval<f64> {
    /// The width `high − low`.
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
