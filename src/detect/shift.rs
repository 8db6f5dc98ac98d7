use core::fmt;

use super::DetectError;

/// Direction of a hashrate change.
///
/// # Examples
///
/// ```
/// use minerscope::detect::{Direction, Shift};
///
/// assert_eq!(Shift::drop(0.2)?.direction(), Direction::Drop);
/// assert_eq!(Shift::from_ratio(1.25)?.direction(), Direction::Rise);
/// assert_eq!(Direction::Rise.to_string(), "rise");
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Direction {
    /// The hashrate fell (rigs powered down).
    Drop,
    /// The hashrate rose (rigs back online, or new machines).
    Rise,
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Direction::Drop => "drop",
            Direction::Rise => "rise",
        })
    }
}

/// A multiplicative hashrate change `ρ = H_after / H_before`, strictly positive and not 1.
///
/// A drop of 10 % is `ρ = 0.9`; a rise of 10 % is `ρ = 1.1`. In normalised work-time
/// `v = r0·u` (so `v ~ Exp(1)` before the change), the post-change law is `Exp(ρ)` and the
/// per-block log-likelihood ratio is `ln ρ − (ρ − 1)·v` (SCIENCE.md §6.2).
///
/// # Examples
///
/// ```
/// use minerscope::detect::{Direction, Shift};
///
/// let s = Shift::drop(0.10)?;
/// assert!((s.ratio() - 0.9).abs() < 1e-15);
/// assert_eq!(s.direction(), Direction::Drop);
/// // Kullback–Leibler information per block, 0.00575 nats for a 10 % drop (SCIENCE.md §6).
/// assert!((s.kl_per_block() - 0.00575).abs() < 1e-5);
/// assert!(Shift::drop(1.0).is_err());
/// # Ok::<_, minerscope::detect::DetectError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "f64", into = "f64"))]
pub struct Shift(f64);

impl Shift {
    /// A drop by `fraction` of the hashrate, `0 < fraction < 1` (`ρ = 1 − fraction`).
    ///
    /// # Errors
    ///
    /// [`DetectError::InvalidParameter`] if `fraction` is not in (0, 1), or so small
    /// (below ~1.1·10⁻¹⁶) that `1 − fraction` rounds to 1.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{DetectError, Shift};
    ///
    /// // A quarter of the hashrate switched off: ρ = 0.75.
    /// assert_eq!(Shift::drop(0.25)?.ratio(), 0.75);
    /// assert!(matches!(Shift::drop(0.0), Err(DetectError::InvalidParameter { name: "drop fraction", .. })));
    /// assert!(Shift::drop(1.0).is_err()); // the whole network cannot stop
    /// # Ok::<_, DetectError>(())
    /// ```
    pub fn drop(fraction: f64) -> Result<Self, DetectError> {
        if fraction > 0.0 && fraction < 1.0 {
            no_change_check("drop fraction", fraction, 1.0 - fraction)
        } else {
            Err(DetectError::InvalidParameter {
                name: "drop fraction",
                value: fraction,
                reason: "must be in (0, 1)",
            })
        }
    }

    /// A rise by `fraction` of the hashrate, `0 < fraction` finite (`ρ = 1 + fraction`).
    ///
    /// # Errors
    ///
    /// [`DetectError::InvalidParameter`] if `fraction` is not finite and positive, or so
    /// small (below ~2.2·10⁻¹⁶) that `1 + fraction` rounds to 1.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{DetectError, Direction, Shift};
    ///
    /// let s = Shift::rise(0.10)?;
    /// assert!((s.ratio() - 1.1).abs() < 1e-15);
    /// assert_eq!(s.direction(), Direction::Rise);
    /// // Rises have no upper bound, but must be finite and positive.
    /// assert!(Shift::rise(2.0).is_ok());
    /// assert!(matches!(Shift::rise(-0.1), Err(DetectError::InvalidParameter { name: "rise fraction", .. })));
    /// assert!(Shift::rise(f64::INFINITY).is_err());
    /// # Ok::<_, DetectError>(())
    /// ```
    pub fn rise(fraction: f64) -> Result<Self, DetectError> {
        if fraction.is_finite() && fraction > 0.0 {
            no_change_check("rise fraction", fraction, 1.0 + fraction)
        } else {
            Err(DetectError::InvalidParameter {
                name: "rise fraction",
                value: fraction,
                reason: "must be finite and positive",
            })
        }
    }

    /// A change given by its ratio `ρ = H_after/H_before`.
    ///
    /// # Errors
    ///
    /// [`DetectError::InvalidParameter`] if `ratio` is not finite and positive, or equals 1.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{DetectError, Direction, Shift};
    ///
    /// // The bank's rise that undoes a 20 % drop: ρ = 1/0.8 = 1.25.
    /// let s = Shift::from_ratio(1.0 / 0.8)?;
    /// assert_eq!(s.direction(), Direction::Rise);
    /// assert!((s.fraction() - 0.25).abs() < 1e-12);
    /// assert!(matches!(Shift::from_ratio(1.0), Err(DetectError::InvalidParameter { name: "rate ratio", .. })));
    /// assert!(Shift::from_ratio(0.0).is_err());
    /// # Ok::<_, DetectError>(())
    /// ```
    pub fn from_ratio(ratio: f64) -> Result<Self, DetectError> {
        if ratio.is_finite() && ratio > 0.0 && ratio != 1.0 {
            Ok(Shift(ratio))
        } else {
            Err(DetectError::InvalidParameter {
                name: "rate ratio",
                value: ratio,
                reason: "must be finite, positive and not 1",
            })
        }
    }

    /// The ratio `ρ = H_after / H_before`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::Shift;
    ///
    /// assert_eq!(Shift::from_ratio(0.8)?.ratio(), 0.8);
    /// assert!((Shift::drop(0.05)?.ratio() - 0.95).abs() < 1e-15);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn ratio(self) -> f64 {
        self.0
    }

    /// The size of the change as a positive fraction (`|1 − ρ|`).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::Shift;
    ///
    /// // Drops and rises both report a positive size.
    /// assert!((Shift::from_ratio(0.8)?.fraction() - 0.2).abs() < 1e-15);
    /// assert!((Shift::from_ratio(1.5)?.fraction() - 0.5).abs() < 1e-15);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn fraction(self) -> f64 {
        (1.0 - self.0).abs()
    }

    /// Whether this is a drop or a rise.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::{Direction, Shift};
    ///
    /// assert_eq!(Shift::from_ratio(0.99)?.direction(), Direction::Drop);
    /// assert_eq!(Shift::from_ratio(1.01)?.direction(), Direction::Rise);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn direction(self) -> Direction {
        if self.0 < 1.0 { Direction::Drop } else { Direction::Rise }
    }

    /// Kullback–Leibler divergence of the post-change from the pre-change law per block,
    /// `ln ρ + 1/ρ − 1` nats; for a drop δ this is `ln(1−δ) + δ/(1−δ)` (SCIENCE.md §6). All
    /// detection delays scale like its inverse.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::Shift;
    ///
    /// let kl = |d: f64| Shift::drop(d).map(|s| s.kl_per_block());
    /// // ln(1−δ) + δ/(1−δ) for a 20 % drop.
    /// assert!((kl(0.2)? - ((0.8f64).ln() + 0.25)).abs() < 1e-12);
    /// // About δ²/2 for small drops: halving the drop quarters the information per block (and
    /// // roughly quadruples the detection delay).
    /// assert!((kl(0.10)? / kl(0.05)? - 4.0).abs() < 0.3);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    pub fn kl_per_block(self) -> f64 {
        // E_post[ln ρ − (ρ−1)v] with v ~ Exp(ρ): ln ρ − (ρ−1)/ρ.
        self.0.ln() - (self.0 - 1.0) / self.0
    }

    /// Log-likelihood ratio of one normalised work-time `v` (post-change vs pre-change).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::detect::Shift;
    ///
    /// let s = Shift::drop(0.10)?;
    /// // A block at the old mean rate (v = 1) favours "no change"; a slow one (v = 2) the drop.
    /// assert!(s.llr(1.0) < 0.0 && s.llr(2.0) > 0.0);
    /// assert!((s.llr(2.0) - ((0.9f64).ln() + 0.2)).abs() < 1e-15);
    /// // Its mean under the post-change law Exp(ρ) (mean 1/ρ) is the KL information.
    /// assert!((s.llr(1.0 / s.ratio()) - s.kl_per_block()).abs() < 1e-15);
    /// # Ok::<_, minerscope::detect::DetectError>(())
    /// ```
    #[inline]
    pub fn llr(self, v: f64) -> f64 {
        self.0.ln() - (self.0 - 1.0) * v
    }
}

/// A fraction below half an ulp of 1 (e.g. 10⁻¹⁷) leaves the ratio at exactly 1: no change,
/// which would also read as a rise.
fn no_change_check(name: &'static str, fraction: f64, ratio: f64) -> Result<Shift, DetectError> {
    // `from_ratio` refuses a ratio of 1; the error names the fraction the caller gave.
    Shift::from_ratio(ratio).map_err(|_| DetectError::InvalidParameter {
        name,
        value: fraction,
        reason: "too small: the rate ratio rounds to 1",
    })
}

/// Checked by [`Shift::from_ratio`] (used when deserializing).
impl TryFrom<f64> for Shift {
    type Error = DetectError;
    fn try_from(ratio: f64) -> Result<Self, DetectError> {
        Shift::from_ratio(ratio)
    }
}

impl From<Shift> for f64 {
    fn from(s: Shift) -> f64 {
        s.0
    }
}

impl fmt::Display for Shift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} of {:.1} %", self.direction(), self.fraction() * 100.0)
    }
}
