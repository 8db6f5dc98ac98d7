use core::fmt;

use bitcoin::Target;

use super::error::{UnitError, positive};

/// Expected hashes per unit of difficulty: `2^48 / (2^16 − 1)` = 4 295 032 833.000015…
///
/// Work per block is `W = D · 2^48/(2^16−1)`, not the popular shortcut `D · 2^32`, which is low by
/// the factor 65535/65536 (SCIENCE.md §1.1, stated by sipa on Delving Bitcoin).
///
/// # Examples
///
/// ```
/// use minerscope::units::HASHES_PER_DIFFICULTY;
///
/// // 2^48 / 65535 sits just above 2^32: the popular D·2^32 shortcut is low by 1/65536.
/// assert!(HASHES_PER_DIFFICULTY > 4_294_967_296.0);
/// let ratio = 4_294_967_296.0 / HASHES_PER_DIFFICULTY;
/// assert!((ratio - 65_535.0 / 65_536.0).abs() < 1e-15);
/// ```
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
/// let d = Difficulty::from_target(Target::from_compact(CompactTarget::from_consensus(
///     0x1d00ffff,
/// )));
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
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Difficulty;
    ///
    /// assert_eq!(Difficulty::new(86.39e12)?.to_f64(), 86.39e12);
    /// assert!(Difficulty::new(0.0).is_err());
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn new(d: f64) -> Result<Self, UnitError> {
        positive("difficulty", d).map(Difficulty)
    }

    /// The difficulty of a target, `T_max / T` with `T_max = 0xFFFF·2^208` (mainnet pow limit).
    ///
    /// A zero target (which no valid header has) saturates to `f64::MAX` so the invariant holds.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{CompactTarget, Target};
    /// use minerscope::units::Difficulty;
    ///
    /// // Mainnet block 830000 has bits 0x1703ba5d: difficulty 75 502 165 623 893.72 (75.50 T),
    /// // i.e. 0xffff·2^208 divided by its target.
    /// let target = Target::from_compact(CompactTarget::from_consensus(0x1703ba5d));
    /// let d = Difficulty::from_target(target);
    /// assert!((d.to_f64() - 75_502_165_623_893.72).abs() < 0.01);
    /// ```
    pub fn from_target(target: Target) -> Self {
        let d = target.difficulty_float();
        if d.is_finite() && d > 0.0 { Difficulty(d) } else { Difficulty(f64::MAX) }
    }

    /// Returns the plain difficulty value.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::Difficulty;
    ///
    /// assert_eq!(Difficulty::new(1.0)?.to_f64(), 1.0);
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
    pub fn to_f64(self) -> f64 {
        self.0
    }

    /// Expected hashes to find one block at this difficulty, `D · 2^48/(2^16−1)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::units::{Difficulty, HASHES_PER_DIFFICULTY};
    ///
    /// let d = Difficulty::new(2.0)?;
    /// assert_eq!(d.to_expected_hashes(), 2.0 * HASHES_PER_DIFFICULTY);
    /// assert!(d.to_expected_hashes() > 2.0 * 2f64.powi(32));
    /// # Ok::<_, minerscope::units::UnitError>(())
    /// ```
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
