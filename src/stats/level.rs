use core::fmt;

use super::StatsError;

/// A confidence (or credible) level in the open interval (0, 1), such as 0.95.
///
/// # Examples
///
/// ```
/// use minerscope::stats::ConfidenceLevel;
///
/// let level = ConfidenceLevel::new(0.95)?;
/// assert!((level.alpha() - 0.05).abs() < 1e-15);
/// assert!((level.lower_tail() - 0.025).abs() < 1e-15);
/// assert!(ConfidenceLevel::new(1.0).is_err());
/// assert!(ConfidenceLevel::new(f64::NAN).is_err());
/// # Ok::<_, minerscope::stats::StatsError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "f64", into = "f64"))]
pub struct ConfidenceLevel(f64);

impl ConfidenceLevel {
    /// The conventional 95 % level.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// assert_eq!(ConfidenceLevel::P95.to_f64(), 0.95);
    /// assert_eq!(ConfidenceLevel::default(), ConfidenceLevel::P95);
    /// ```
    pub const P95: ConfidenceLevel = ConfidenceLevel(0.95);
    /// The 90 % level.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// assert_eq!(ConfidenceLevel::P90.to_f64(), 0.90);
    /// assert!(ConfidenceLevel::P90 < ConfidenceLevel::P95);
    /// ```
    pub const P90: ConfidenceLevel = ConfidenceLevel(0.90);
    /// The 99 % level.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// assert_eq!(ConfidenceLevel::P99.to_f64(), 0.99);
    /// assert!((ConfidenceLevel::P99.upper_tail() - 0.995).abs() < 1e-15);
    /// ```
    pub const P99: ConfidenceLevel = ConfidenceLevel(0.99);

    /// The largest accepted level, `1 − 2^-52`: above it the upper tail `1 − α/2` rounds to
    /// exactly 1 in `f64`, where quantiles are infinite.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let max = ConfidenceLevel::MAX.to_f64();
    /// assert!(ConfidenceLevel::new(max).is_ok());
    /// // The upper tail is still below 1, so quantiles stay finite.
    /// assert!(ConfidenceLevel::MAX.upper_tail() < 1.0);
    /// assert!(ConfidenceLevel::new(1.0).is_err());
    /// ```
    pub const MAX: ConfidenceLevel = ConfidenceLevel(1.0 - f64::EPSILON);

    /// Creates a level from a probability in (0, 1).
    ///
    /// # Errors
    ///
    /// [`StatsError::InvalidLevel`] if `level` is NaN, not positive, or above
    /// [`ConfidenceLevel::MAX`] (the only `f64` in between is `1 − 2^-53`).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::{ConfidenceLevel, StatsError};
    ///
    /// assert_eq!(ConfidenceLevel::new(0.8)?.to_f64(), 0.8);
    /// assert_eq!(ConfidenceLevel::new(0.0), Err(StatsError::InvalidLevel(0.0)));
    /// assert!(ConfidenceLevel::new(1.5).is_err());
    /// # Ok::<_, minerscope::stats::StatsError>(())
    /// ```
    pub fn new(level: f64) -> Result<Self, StatsError> {
        if level > 0.0 && level <= Self::MAX.0 {
            Ok(ConfidenceLevel(level))
        } else {
            Err(StatsError::InvalidLevel(level))
        }
    }

    /// The level as a probability, e.g. 0.95.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// assert_eq!(ConfidenceLevel::new(0.68)?.to_f64(), 0.68);
    /// # Ok::<_, minerscope::stats::StatsError>(())
    /// ```
    pub fn to_f64(self) -> f64 {
        self.0
    }

    /// The total tail probability `α = 1 − level`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// assert!((ConfidenceLevel::P99.alpha() - 0.01).abs() < 1e-15);
    /// ```
    pub fn alpha(self) -> f64 {
        1.0 - self.0
    }

    /// The lower-tail probability of an equal-tailed interval, `α/2`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// assert!((ConfidenceLevel::P90.lower_tail() - 0.05).abs() < 1e-15);
    /// ```
    pub fn lower_tail(self) -> f64 {
        (1.0 - self.0) / 2.0
    }

    /// The upper-tail quantile probability of an equal-tailed interval, `1 − α/2`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// let level = ConfidenceLevel::P95;
    /// assert!((level.upper_tail() - 0.975).abs() < 1e-15);
    /// assert!((level.upper_tail() - level.lower_tail() - level.to_f64()).abs() < 1e-15);
    /// ```
    pub fn upper_tail(self) -> f64 {
        1.0 - (1.0 - self.0) / 2.0
    }

    /// The Bonferroni-adjusted level for `k` simultaneous intervals: `1 − α/k`.
    ///
    /// `k = 0` is treated as 1. Saturates at [`ConfidenceLevel::MAX`] for astronomically many
    /// intervals and is never below `self`, so the result is always a valid level.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::stats::ConfidenceLevel;
    ///
    /// // Five simultaneous 95 % intervals: each at 99 %.
    /// assert!((ConfidenceLevel::P95.bonferroni(5).to_f64() - 0.99).abs() < 1e-15);
    /// assert_eq!(ConfidenceLevel::P95.bonferroni(0), ConfidenceLevel::P95);
    /// assert_eq!(ConfidenceLevel::P95.bonferroni(usize::MAX), ConfidenceLevel::MAX);
    /// ```
    pub fn bonferroni(self, k: usize) -> ConfidenceLevel {
        let k = k.max(1) as f64;
        // Never below `self`: for a level under 2^-54, `1 − level` rounds to 1 and the formula
        // would give 0, which is not a level.
        ConfidenceLevel((1.0 - (1.0 - self.0) / k).clamp(self.0, Self::MAX.0))
    }
}

impl Default for ConfidenceLevel {
    fn default() -> Self {
        Self::P95
    }
}

impl TryFrom<f64> for ConfidenceLevel {
    type Error = StatsError;
    fn try_from(level: f64) -> Result<Self, StatsError> {
        Self::new(level)
    }
}

impl From<ConfidenceLevel> for f64 {
    fn from(level: ConfidenceLevel) -> f64 {
        level.0
    }
}

/// The level as a percentage, to 12 significant digits: `0.58 × 100` is 57.99999999999999 in
/// `f64`, so the product is rounded before it is shown.
///
/// # Examples
///
/// ```
/// use minerscope::stats::ConfidenceLevel;
///
/// assert_eq!(ConfidenceLevel::P95.to_string(), "95%");
/// assert_eq!(ConfidenceLevel::new(0.58)?.to_string(), "58%");
/// assert_eq!(ConfidenceLevel::new(0.6827)?.to_string(), "68.27%");
/// # Ok::<_, minerscope::stats::StatsError>(())
/// ```
impl fmt::Display for ConfidenceLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let percent = self.0 * 100.0;
        let rounded = format!("{percent:.11e}").parse::<f64>().unwrap_or(percent);
        write!(f, "{rounded}%")
    }
}
