use crate::hashrate::Estimate;
use crate::stats::Interval;
use crate::units::Hashrate;

/// A point value with the interval it inherited from its inputs, if any.
///
/// Economics results are monotone functions of one uncertain input (a hashrate estimate, a
/// difficulty path drawn from it, a hashrate drop). Mapping both bounds through the function —
/// and re-ordering them when the function is decreasing — carries the interval, at the same
/// level, to the result: for a monotone `f`, `P(f(X) ∈ [f(lo), f(hi)]) = P(X ∈ [lo, hi])`.
///
/// # Examples
///
/// ```
/// use minerscope::economics::Uncertain;
/// use minerscope::stats::{ConfidenceLevel, Interval};
///
/// let x = Uncertain::new(2.0, Some(Interval::new(1.0, 4.0, ConfidenceLevel::P95)?));
/// // A decreasing map swaps the bounds back into order.
/// let y = x.map_monotone(|v| 1.0 / v);
/// assert_eq!(y.value(), 0.5);
/// assert_eq!((y.low(), y.high()), (0.25, 1.0));
/// # Ok::<_, minerscope::stats::StatsError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
// `Interval` checks its bounds' order when deserialized, which needs `PartialOrd`.
#[cfg_attr(
    feature = "serde",
    serde(bound(deserialize = "T: serde::Deserialize<'de> + PartialOrd"))
)]
pub struct Uncertain<T> {
    value: T,
    interval: Option<Interval<T>>,
}

impl<T: PartialOrd + Copy> Uncertain<T> {
    /// A value with no interval (its inputs were exact).
    pub fn exact(value: T) -> Self {
        Uncertain { value, interval: None }
    }

    /// A value with an optional interval. The value need not lie inside the interval (a biased
    /// point estimator may sit outside its exact interval), though for the estimators in this
    /// crate it does.
    pub fn new(value: T, interval: Option<Interval<T>>) -> Self {
        Uncertain { value, interval }
    }

    /// The point value.
    pub fn value(&self) -> T {
        self.value
    }

    /// The interval, if the inputs carried one.
    pub fn interval(&self) -> Option<Interval<T>> {
        self.interval
    }

    /// The lower bound of the interval, or the point value when there is none.
    pub fn low(&self) -> T {
        self.interval.map_or(self.value, |i| i.low())
    }

    /// The upper bound of the interval, or the point value when there is none.
    pub fn high(&self) -> T {
        self.interval.map_or(self.value, |i| i.high())
    }

    /// Maps the value and both bounds through a monotone (increasing or decreasing) function,
    /// ordering the mapped bounds. A non-monotone `f` gives an interval that is not a valid
    /// image; do not use it for those. If the mapped bounds are unordered (a NaN), the interval
    /// is dropped rather than returned invalid.
    pub fn map_monotone<U: PartialOrd + Copy>(self, f: impl Fn(T) -> U) -> Uncertain<U> {
        let value = f(self.value);
        let interval = self.interval.and_then(|i| ordered(f(i.low()), f(i.high()), i));
        Uncertain { value, interval }
    }

    /// As [`Uncertain::map_monotone`] for a fallible function (the interval is dropped for
    /// unordered bounds).
    ///
    /// # Errors
    ///
    /// The first error `f` returns (value first, then the bounds).
    pub fn try_map_monotone<U: PartialOrd + Copy, E>(
        self,
        f: impl Fn(T) -> Result<U, E>,
    ) -> Result<Uncertain<U>, E> {
        let value = f(self.value)?;
        let interval = match self.interval {
            None => None,
            Some(i) => ordered(f(i.low())?, f(i.high())?, i),
        };
        Ok(Uncertain { value, interval })
    }
}

/// The interval `[min(a, b), max(a, b)]` at `like`'s level, or `None` if `a` and `b` are
/// unordered (NaN).
fn ordered<T: PartialOrd + Copy, U: PartialOrd + Copy>(
    a: U,
    b: U,
    like: Interval<T>,
) -> Option<Interval<U>> {
    if a <= b {
        Some(Interval::from_ordered(a, b, like.level()))
    } else if b <= a {
        Some(Interval::from_ordered(b, a, like.level()))
    } else {
        None
    }
}

impl From<Estimate> for Uncertain<Hashrate> {
    fn from(est: Estimate) -> Self {
        Uncertain::new(est.value(), Some(est.interval()))
    }
}

impl From<&Estimate> for Uncertain<Hashrate> {
    fn from(est: &Estimate) -> Self {
        Uncertain::new(est.value(), Some(est.interval()))
    }
}
