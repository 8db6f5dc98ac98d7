//! Solo-mining variance: the block count over a period is Poisson.

use super::error::{EconomicsError, computed, non_negative};
use crate::units::{Difficulty, Hashrate};

/// The odds of mining solo with hashrate `h` at difficulty `D` for a period: the block count is
/// Poisson with mean `μ = h·86400·days / (D·2^48/(2^16−1))` (SCIENCE.md §8).
///
/// # Examples
///
/// ```
/// use minerscope::economics::solo_odds;
/// use minerscope::units::{Difficulty, Hashrate};
///
/// // A home miner: 1 PH/s for a year at D = 1.26e14 expects about 0.058 blocks.
/// let odds = solo_odds(Hashrate::from_phs(1.0)?, Difficulty::new(1.26e14)?, 365.0)?;
/// assert!((odds.expected_blocks() - 0.0583).abs() < 1e-3);
/// assert!(odds.probability_of_no_block() > 0.94);
/// assert!(odds.revenue_cv() > 4.0);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SoloOdds {
    expected_blocks: f64,
}

impl SoloOdds {
    /// Expected blocks `μ` in the period.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{blocks_per_day_per_phs, solo_odds};
    /// use minerscope::units::{Difficulty, Hashrate};
    ///
    /// let d = Difficulty::new(1.26e14)?;
    /// let odds = solo_odds(Hashrate::from_phs(100.0)?, d, 30.0)?;
    /// assert!(
    ///     (odds.expected_blocks() - 100.0 * 30.0 * blocks_per_day_per_phs(d)).abs() < 1e-12
    /// );
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn expected_blocks(&self) -> f64 {
        self.expected_blocks
    }

    /// Probability of finding no block at all: `e^(−μ)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::solo_odds;
    /// use minerscope::units::{Difficulty, Hashrate};
    ///
    /// let odds = solo_odds(Hashrate::from_phs(100.0)?, Difficulty::new(1.26e14)?, 30.0)?;
    /// assert_eq!(odds.probability_of_no_block(), (-odds.expected_blocks()).exp());
    /// let none = solo_odds(Hashrate::from_phs(100.0)?, Difficulty::new(1.26e14)?, 0.0)?;
    /// assert_eq!(none.probability_of_no_block(), 1.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn probability_of_no_block(&self) -> f64 {
        (-self.expected_blocks).exp()
    }

    /// Coefficient of variation of the period's revenue (s.d./mean of a Poisson count):
    /// `1/√μ`. Infinite when `μ = 0`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::solo_odds;
    /// use minerscope::units::{Difficulty, Hashrate};
    ///
    /// // Four times the hashrate halves the relative spread of revenue.
    /// let d = Difficulty::new(1.26e14)?;
    /// let small = solo_odds(Hashrate::from_phs(100.0)?, d, 30.0)?.revenue_cv();
    /// let big = solo_odds(Hashrate::from_phs(400.0)?, d, 30.0)?.revenue_cv();
    /// assert!((small / big - 2.0).abs() < 1e-12);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn revenue_cv(&self) -> f64 {
        1.0 / self.expected_blocks.sqrt()
    }
}

/// Solo-mining odds for `hashrate` over `days` at `difficulty`. Pools with FPPS payouts remove
/// this variance.
///
/// # Errors
///
/// [`EconomicsError::OutOfRange`] if `days` is negative or not finite;
/// [`EconomicsError::Overflow`] if `μ` overflows.
///
/// # Examples
///
/// ```
/// use minerscope::economics::solo_odds;
/// use minerscope::units::{Difficulty, Hashrate};
///
/// // SCIENCE.md §8: 100 PH/s at D = 1.26e14 for 30 days: P(no block) = 0.62, CV = 1.44.
/// let odds = solo_odds(Hashrate::from_phs(100.0)?, Difficulty::new(1.26e14)?, 30.0)?;
/// assert!((odds.probability_of_no_block() - 0.62).abs() < 0.005);
/// assert!((odds.revenue_cv() - 1.44).abs() < 0.005);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn solo_odds(
    hashrate: Hashrate,
    difficulty: Difficulty,
    days: f64,
) -> Result<SoloOdds, EconomicsError> {
    let days = non_negative("days", days)?;
    let mu = hashrate.to_hs() * 86_400.0 * days / difficulty.to_expected_hashes();
    Ok(SoloOdds { expected_blocks: computed("expected blocks", mu)? })
}
