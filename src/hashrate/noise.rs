//! Timestamp-noise analysis of a series (SCIENCE.md §2).

use crate::chain::WorkTime;

/// How noisy a series' timestamps are, read from its intervals.
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
pub struct TimestampNoiseReport {
    intervals: usize,
    negative: usize,
    zero: usize,
    most_negative_secs: Option<i64>,
    mean_interval_secs: f64,
}

impl TimestampNoiseReport {
    /// Counts negative and zero intervals and the most negative one.
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
    pub fn intervals(&self) -> usize {
        self.intervals
    }

    /// Intervals with a negative duration (child stamped before its parent).
    pub fn negative(&self) -> usize {
        self.negative
    }

    /// Intervals of exactly zero seconds.
    pub fn zero(&self) -> usize {
        self.zero
    }

    /// The most negative interval in seconds, if any interval is negative.
    pub fn most_negative_secs(&self) -> Option<i64> {
        self.most_negative_secs
    }

    /// Mean interval `(t_last − t_first)/n`, seconds.
    pub fn mean_interval_secs(&self) -> f64 {
        self.mean_interval_secs
    }

    /// Fraction of intervals that are negative.
    pub fn negative_fraction(&self) -> f64 {
        if self.intervals == 0 { 0.0 } else { self.negative as f64 / self.intervals as f64 }
    }

    /// Implied s.d. of the difference of two consecutive timestamp errors,
    /// `σ_d ≈ p_neg · μ · √(2π)`, seconds.
    pub fn implied_difference_sd_secs(&self) -> f64 {
        self.negative_fraction() * self.mean_interval_secs * (2.0 * core::f64::consts::PI).sqrt()
    }

    /// Implied s.d. of one timestamp's error if errors are i.i.d., `σ_d/√2`, seconds. A
    /// reasonable `noise_sd_secs` for [`TimestampRobust`](super::TimestampRobust) with raw
    /// endpoints.
    pub fn implied_timestamp_sd_secs(&self) -> f64 {
        self.implied_difference_sd_secs() / core::f64::consts::SQRT_2
    }
}
