//! Timestamp-noise analysis of a series (SCIENCE.md §2).

use crate::chain::WorkTime;

#[cfg(feature = "serde")]
use super::HashrateError;

/// How noisy a series' timestamps are, read from its intervals.
///
/// Deserializing checks what [`TimestampNoiseReport::analyse`] guarantees: the negative and zero
/// intervals are among those counted, the most negative step is given (and negative) exactly
/// when an interval is negative, and the mean interval is finite.
///
/// # Method
///
/// With true intervals `X ~ Exp(mean μ)` and the difference of two consecutive timestamp errors
/// `D ~ N(0, σ_d²)`, for `σ_d ≪ μ`:
///
/// ```text
/// P(negative interval) ≈ σ_d / (μ·√(2π))   ⇒   σ_d ≈ p_neg · μ · √(2π),   σ ≈ σ_d/√2 per timestamp
/// ```
///
/// A 2 % negative fraction at μ = 600 s implies σ_d ≈ 30 s, about 21 s per timestamp. The real
/// error distribution is heavy-tailed (rare outliers of an hour or more), which is why
/// [`TimestampRobust`](super::TimestampRobust) offers median-time-past endpoints.
///
/// # Examples
///
/// ```
/// use minerscope::chain::WorkTime;
/// use minerscope::hashrate::TimestampNoiseReport;
///
/// let wt = WorkTime::from_parts(0, &[0, 600, 500, 1800, 2400], &[1.0; 5])?;
/// let noise = TimestampNoiseReport::analyse(&wt);
/// assert_eq!(noise.negative(), 1);
/// assert_eq!(noise.most_negative_secs(), Some(-100));
/// # Ok::<_, minerscope::chain::ChainError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawTimestampNoiseReport"))]
pub struct TimestampNoiseReport {
    intervals: usize,
    negative: usize,
    zero: usize,
    most_negative_secs: Option<i64>,
    mean_interval_secs: f64,
}

/// The serialized fields, checked on the way in as [`TimestampNoiseReport::analyse`] guarantees
/// them: the negative and zero intervals are among the intervals counted, the most negative step
/// is present exactly when an interval is negative and is then negative, and the mean interval is
/// finite (zero without intervals).
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawTimestampNoiseReport {
    intervals: usize,
    negative: usize,
    zero: usize,
    most_negative_secs: Option<i64>,
    mean_interval_secs: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<RawTimestampNoiseReport> for TimestampNoiseReport {
    type Error = HashrateError;

    fn try_from(r: RawTimestampNoiseReport) -> Result<Self, HashrateError> {
        let invalid =
            |name, value, reason| Err(HashrateError::InvalidParameter { name, value, reason });
        if r.negative.checked_add(r.zero).is_none_or(|n| n > r.intervals) {
            return invalid(
                "negative",
                r.negative as f64,
                "with the zero intervals, exceeds the intervals counted",
            );
        }
        match (r.negative, r.most_negative_secs) {
            (0, Some(m)) => {
                return invalid(
                    "most_negative_secs",
                    m as f64,
                    "is given but no interval is negative",
                );
            }
            (n, None) if n > 0 => {
                return invalid(
                    "negative",
                    n as f64,
                    "counts negative intervals but most_negative_secs is none",
                );
            }
            (_, Some(m)) if m >= 0 => {
                return invalid("most_negative_secs", m as f64, "must be negative");
            }
            _ => {}
        }
        if !r.mean_interval_secs.is_finite() || (r.intervals == 0 && r.mean_interval_secs != 0.0) {
            return invalid(
                "mean_interval_secs",
                r.mean_interval_secs,
                "must be finite, and zero without intervals",
            );
        }
        Ok(TimestampNoiseReport {
            intervals: r.intervals,
            negative: r.negative,
            zero: r.zero,
            most_negative_secs: r.most_negative_secs,
            mean_interval_secs: r.mean_interval_secs,
        })
    }
}

impl TimestampNoiseReport {
    /// Counts negative and zero intervals and the most negative one.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::TimestampNoiseReport;
    ///
    /// let wt = WorkTime::from_parts(0, &[0, 600, 600, 500, 1_800], &[1.0; 5])?;
    /// let r = TimestampNoiseReport::analyse(&wt);
    /// assert_eq!((r.intervals(), r.negative(), r.zero()), (4, 1, 1));
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn analyse(wt: &WorkTime) -> Self {
        let times = wt.times();
        let mut negative = 0;
        let mut zero = 0;
        let mut most_negative_secs: Option<i64> = None;
        for pair in times.windows(2) {
            if let [a, b] = pair {
                let dt = b.saturating_sub(*a);
                if dt < 0 {
                    negative += 1;
                    most_negative_secs = Some(most_negative_secs.map_or(dt, |m: i64| m.min(dt)));
                } else if dt == 0 {
                    zero += 1;
                }
            }
        }
        let intervals = times.len().saturating_sub(1);
        let elapsed = match (times.first(), times.last()) {
            (Some(a), Some(b)) => *b as f64 - *a as f64,
            _ => 0.0,
        };
        let mean_interval_secs = if intervals > 0 { elapsed / intervals as f64 } else { 0.0 };
        TimestampNoiseReport { intervals, negative, zero, most_negative_secs, mean_interval_secs }
    }

    /// Number of intervals examined.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::TimestampNoiseReport;
    ///
    /// let wt = WorkTime::from_parts(0, &[0, 600, 1_200], &[1.0; 3])?;
    /// assert_eq!(TimestampNoiseReport::analyse(&wt).intervals(), 2);
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn intervals(&self) -> usize {
        self.intervals
    }

    /// Intervals with a negative duration (child stamped before its parent).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::TimestampNoiseReport;
    ///
    /// let wt = WorkTime::from_parts(0, &[0, 600, 500, 400, 1_800], &[1.0; 5])?;
    /// assert_eq!(TimestampNoiseReport::analyse(&wt).negative(), 2);
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn negative(&self) -> usize {
        self.negative
    }

    /// Intervals of exactly zero seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::TimestampNoiseReport;
    ///
    /// let wt = WorkTime::from_parts(0, &[0, 600, 600, 1_200], &[1.0; 4])?;
    /// let r = TimestampNoiseReport::analyse(&wt);
    /// assert_eq!((r.zero(), r.negative()), (1, 0));
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn zero(&self) -> usize {
        self.zero
    }

    /// The most negative interval in seconds, if any interval is negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::TimestampNoiseReport;
    ///
    /// let wt = WorkTime::from_parts(0, &[0, 600, 500, 1_800, 1_000], &[1.0; 5])?;
    /// assert_eq!(TimestampNoiseReport::analyse(&wt).most_negative_secs(), Some(-800));
    /// let clean = WorkTime::from_parts(0, &[0, 600], &[1.0; 2])?;
    /// assert_eq!(TimestampNoiseReport::analyse(&clean).most_negative_secs(), None);
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn most_negative_secs(&self) -> Option<i64> {
        self.most_negative_secs
    }

    /// Mean interval `(t_last − t_first)/n`, seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::TimestampNoiseReport;
    ///
    /// let wt = WorkTime::from_parts(0, &[0, 700, 500, 2_400], &[1.0; 4])?;
    /// assert_eq!(TimestampNoiseReport::analyse(&wt).mean_interval_secs(), 800.0);
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn mean_interval_secs(&self) -> f64 {
        self.mean_interval_secs
    }

    /// Fraction of intervals that are negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::TimestampNoiseReport;
    ///
    /// let wt = WorkTime::from_parts(0, &[0, 600, 500, 1_800, 2_400], &[1.0; 5])?;
    /// assert_eq!(TimestampNoiseReport::analyse(&wt).negative_fraction(), 0.25);
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn negative_fraction(&self) -> f64 {
        if self.intervals == 0 { 0.0 } else { self.negative as f64 / self.intervals as f64 }
    }

    /// Implied s.d. of the difference of two consecutive timestamp errors,
    /// `σ_d ≈ p_neg · μ · √(2π)`, seconds. The inversion needs a positive mean interval `μ`: if
    /// negative intervals were seen but the series does not advance (`μ <= 0`, the last block
    /// stamped at or before the first), the noise swamps the spacing and this is infinite.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::TimestampNoiseReport;
    ///
    /// // One negative interval in 50, mean 600 s: σ_d ≈ 0.02 · 600 · √(2π) ≈ 30 s.
    /// let mut times: Vec<i64> = (0..=50).map(|i| i * 600).collect();
    /// times[25] = times[24] - 1;
    /// let r = TimestampNoiseReport::analyse(&WorkTime::from_parts(0, &times, &[1.0; 51])?);
    /// let expected = 0.02 * 600.0 * (2.0 * std::f64::consts::PI).sqrt();
    /// assert!((r.implied_difference_sd_secs() - expected).abs() < 1e-9);
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn implied_difference_sd_secs(&self) -> f64 {
        if self.negative > 0 && self.mean_interval_secs <= 0.0 {
            return f64::INFINITY;
        }
        self.negative_fraction() * self.mean_interval_secs * (2.0 * core::f64::consts::PI).sqrt()
    }

    /// Implied s.d. of one timestamp's error if errors are i.i.d., `σ_d/√2`, seconds. A
    /// reasonable `noise_sd_secs` for [`TimestampRobust`](super::TimestampRobust) with raw
    /// endpoints.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::hashrate::TimestampNoiseReport;
    ///
    /// let mut times: Vec<i64> = (0..=50).map(|i| i * 600).collect();
    /// times[25] = times[24] - 1;
    /// let r = TimestampNoiseReport::analyse(&WorkTime::from_parts(0, &times, &[1.0; 51])?);
    /// assert!(
    ///     (r.implied_timestamp_sd_secs() * 2f64.sqrt() - r.implied_difference_sd_secs())
    ///         .abs()
    ///         < 1e-9
    /// );
    /// assert!((r.implied_timestamp_sd_secs() - 21.3).abs() < 0.1); // about 21 s per timestamp
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn implied_timestamp_sd_secs(&self) -> f64 {
        self.implied_difference_sd_secs() / core::f64::consts::SQRT_2
    }
}
