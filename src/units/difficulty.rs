use core::fmt;

use bitcoin::Target;

use super::error::{UnitError, positive};

/// Expected hashes per unit of difficulty: `2^48 / (2^16 − 1)` = 4 295 032 833.000015…
///
/// Work per block is `W = D · 2^48/(2^16−1)`, not the popular shortcut `D · 2^32`, which is low by
/// the factor 65535/65536 (SCIENCE.md §1.1, stated by sipa on Delving Bitcoin).
pub const HASHES_PER_DIFFICULTY: f64 = 281_474_976_710_656.0 / 65_535.0;

/// Mining difficulty: how many times harder than the easiest (`0x1d00ffff`) target a target is.
///
/// Always finite and strictly positive.
///
/// # Examples
///
/// ```
/// use bitcoin::{CompactTarget, Target};
/// use minerscope::units::Difficulty;
///
/// let d = Difficulty::from_target(Target::from_compact(CompactTarget::from_consensus(0x1d00ffff)));
/// assert_eq!(d.to_f64(), 1.0);
/// # Ok::<_, minerscope::units::UnitError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "f64", into = "f64"))]
pub struct Difficulty(f64);

impl Difficulty {
    /// Creates a difficulty from its plain value.
    ///
    /// # Errors
    ///
    /// [`UnitError`] if `d` is not finite or not positive.
    pub fn new(d: f64) -> Result<Self, UnitError> {
        positive("difficulty", d).map(Difficulty)
    }

    /// The difficulty of a target, `T_max / T` with `T_max = 0xFFFF·2^208` (mainnet pow limit).
    ///
    /// A zero target (which no valid header has) saturates to `f64::MAX` so the invariant holds.
    pub fn from_target(target: Target) -> Self {
        let d = target.difficulty_float();
        if d.is_finite() && d > 0.0 { Difficulty(d) } else { Difficulty(f64::MAX) }
    }

    /// Returns the plain difficulty value.
    pub fn to_f64(self) -> f64 {
        self.0
    }

    /// Expected hashes to find one block at this difficulty, `D · 2^48/(2^16−1)`.
    pub fn to_expected_hashes(self) -> f64 {
        self.0 * HASHES_PER_DIFFICULTY
    }
}

impl TryFrom<f64> for Difficulty {
    type Error = UnitError;
    fn try_from(d: f64) -> Result<Self, UnitError> {
        Self::new(d)
    }
}

impl From<Difficulty> for f64 {
    fn from(d: Difficulty) -> f64 {
        d.0
    }
}

impl fmt::Display for Difficulty {
    /// Formats with a T (1e12) or P (1e15) suffix where that is shorter, e.g. `72.01T`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            x if x >= 1e15 => write!(f, "{:.2}P", x / 1e15),
            x if x >= 1e12 => write!(f, "{:.2}T", x / 1e12),
            x if x >= 1e9 => write!(f, "{:.2}G", x / 1e9),
            x => write!(f, "{x:.2}"),
        }
    }
}
