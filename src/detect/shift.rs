use core::fmt;

use super::DetectError;

/// Direction of a hashrate change.
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
pub struct Shift(f64);

impl Shift {
    /// A drop by `fraction` of the hashrate, `0 < fraction < 1` (`ρ = 1 − fraction`).
    ///
    /// # Errors
    ///
    /// [`DetectError::InvalidParameter`] if `fraction` is not in (0, 1).
    pub fn drop(fraction: f64) -> Result<Self, DetectError> {
        if fraction > 0.0 && fraction < 1.0 {
            Ok(Shift(1.0 - fraction))
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
    /// [`DetectError::InvalidParameter`] if `fraction` is not finite and positive.
    pub fn rise(fraction: f64) -> Result<Self, DetectError> {
        if fraction.is_finite() && fraction > 0.0 {
            Ok(Shift(1.0 + fraction))
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
    pub fn ratio(self) -> f64 {
        self.0
    }

    /// The size of the change as a positive fraction (`|1 − ρ|`).
    pub fn fraction(self) -> f64 {
        (1.0 - self.0).abs()
    }

    /// Whether this is a drop or a rise.
    pub fn direction(self) -> Direction {
        if self.0 < 1.0 { Direction::Drop } else { Direction::Rise }
    }

    /// Kullback–Leibler divergence of the post-change from the pre-change law per block,
    /// `ln ρ + 1/ρ − 1` nats; for a drop δ this is `ln(1−δ) + δ/(1−δ)` (SCIENCE.md §6). All
    /// detection delays scale like its inverse.
    pub fn kl_per_block(self) -> f64 {
        // E_post[ln ρ − (ρ−1)v] with v ~ Exp(ρ): ln ρ − (ρ−1)/ρ.
        self.0.ln() - (self.0 - 1.0) / self.0
    }

    /// Log-likelihood ratio of one normalised work-time `v` (post-change vs pre-change).
    #[inline]
    pub fn llr(self, v: f64) -> f64 {
        self.0.ln() - (self.0 - 1.0) * v
    }
}

impl fmt::Display for Shift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} of {:.1} %", self.direction(), self.fraction() * 100.0)
    }
}
