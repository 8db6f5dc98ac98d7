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
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Uncertain;
    ///
    /// let x = Uncertain::exact(3.0);
    /// assert_eq!(x.interval(), None);
    /// assert_eq!((x.low(), x.value(), x.high()), (3.0, 3.0, 3.0));
    /// ```
    pub fn exact(value: T) -> Self {
        Uncertain { value, interval: None }
    }

    /// A value with an optional interval. The value need not lie inside the interval (a biased
    /// point estimator may sit outside its exact interval), though for the estimators in this
    /// crate it does.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Uncertain;
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    ///
    /// // A biased point may sit outside its interval; `new` keeps both as given.
    /// let x = Uncertain::new(5.0, Some(Interval::new(1.0, 4.0, ConfidenceLevel::P95)?));
    /// assert_eq!((x.value(), x.high()), (5.0, 4.0));
    /// # Ok::<_, minerscope::stats::StatsError>(())
    /// ```
    pub fn new(value: T, interval: Option<Interval<T>>) -> Self {
        Uncertain { value, interval }
    }

    /// The point value.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Uncertain;
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    ///
    /// let x = Uncertain::new(2.0, Some(Interval::new(1.0, 4.0, ConfidenceLevel::P95)?));
    /// assert_eq!(x.value(), 2.0);
    /// # Ok::<_, minerscope::stats::StatsError>(())
    /// ```
    pub fn value(&self) -> T {
        self.value
    }

    /// The interval, if the inputs carried one.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Uncertain;
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    ///
    /// let ci = Interval::new(1.0, 4.0, ConfidenceLevel::P90)?;
    /// assert_eq!(Uncertain::new(2.0, Some(ci)).interval(), Some(ci));
    /// assert_eq!(Uncertain::exact(2.0).interval(), None);
    /// # Ok::<_, minerscope::stats::StatsError>(())
    /// ```
    pub fn interval(&self) -> Option<Interval<T>> {
        self.interval
    }

    /// The lower bound of the interval, or the point value when there is none.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Uncertain;
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    ///
    /// assert_eq!(
    ///     Uncertain::new(2.0, Some(Interval::new(1.0, 4.0, ConfidenceLevel::P95)?)).low(),
    ///     1.0
    /// );
    /// assert_eq!(Uncertain::exact(2.0).low(), 2.0);
    /// # Ok::<_, minerscope::stats::StatsError>(())
    /// ```
    pub fn low(&self) -> T {
        self.interval.map_or(self.value, |i| i.low())
    }

    /// The upper bound of the interval, or the point value when there is none.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Uncertain;
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    ///
    /// assert_eq!(
    ///     Uncertain::new(2.0, Some(Interval::new(1.0, 4.0, ConfidenceLevel::P95)?)).high(),
    ///     4.0
    /// );
    /// assert_eq!(Uncertain::exact(2.0).high(), 2.0);
    /// # Ok::<_, minerscope::stats::StatsError>(())
    /// ```
    pub fn high(&self) -> T {
        self.interval.map_or(self.value, |i| i.high())
    }

    /// Maps the value and both bounds through a monotone (increasing or decreasing) function,
    /// ordering the mapped bounds. A non-monotone `f` gives an interval that is not a valid
    /// image; do not use it for those. If the mapped bounds are unordered (a NaN), the interval
    /// is dropped rather than returned invalid.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Uncertain;
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    ///
    /// let x = Uncertain::new(2.0, Some(Interval::new(1.0, 4.0, ConfidenceLevel::P95)?));
    /// let squared = x.map_monotone(|v: f64| v * v);
    /// assert_eq!((squared.low(), squared.value(), squared.high()), (1.0, 4.0, 16.0));
    /// assert_eq!(squared.interval().map(|i| i.level()), Some(ConfidenceLevel::P95));
    /// # Ok::<_, minerscope::stats::StatsError>(())
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Uncertain;
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    ///
    /// let x = Uncertain::new(4.0, Some(Interval::new(0.0, 9.0, ConfidenceLevel::P95)?));
    /// let inv = |v: f64| if v > 0.0 { Ok(1.0 / v) } else { Err("division by zero") };
    /// // The lower bound 0 has no inverse: the error is reported, not an infinite bound.
    /// assert_eq!(x.try_map_monotone(inv), Err("division by zero"));
    /// let sqrt = x.try_map_monotone(|v: f64| Ok::<_, ()>(v.sqrt()));
    /// assert_eq!(sqrt.map(|s| (s.low(), s.value(), s.high())), Ok((0.0, 2.0, 3.0)));
    /// # Ok::<_, minerscope::stats::StatsError>(())
    /// ```
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
