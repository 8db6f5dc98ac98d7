use bitcoin::Amount;

use super::SimError;
use super::rng::SimRng;

/// How much each simulated block collects in fees (paid to the finder with the subsidy).
///
/// The default is a constant 0.25 BTC, a plausible early-2024 level.
///
/// # Examples
///
/// ```
/// use bitcoin::Amount;
/// use minerscope::sim::FeeModel;
///
/// let fixed = FeeModel::constant(Amount::from_btc(0.1)?)?;
/// let random = FeeModel::exponential(Amount::from_btc(0.25)?)?;
/// assert_eq!(fixed.mean(), Amount::from_btc(0.1)?);
/// assert_eq!(random.mean(), Amount::from_btc(0.25)?);
/// assert!(FeeModel::constant(Amount::from_btc(5_000.0)?).is_err());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawFeeModel"))]
pub struct FeeModel {
    mean: Amount,
    random: bool,
}

/// The serialized form of a [`FeeModel`], validated on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawFeeModel {
    mean: Amount,
    random: bool,
}

#[cfg(feature = "serde")]
impl TryFrom<RawFeeModel> for FeeModel {
    type Error = SimError;
    fn try_from(raw: RawFeeModel) -> Result<Self, SimError> {
        if raw.random { Self::exponential(raw.mean) } else { Self::constant(raw.mean) }
    }
}

impl Default for FeeModel {
    fn default() -> Self {
        FeeModel { mean: Amount::from_sat(25_000_000), random: false }
    }
}

impl FeeModel {
    /// Largest accepted mean fee per block.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::sim::{FeeModel, SimError};
    ///
    /// assert_eq!(FeeModel::MAX_MEAN, Amount::from_btc(1_000.0)?);
    /// assert!(FeeModel::constant(FeeModel::MAX_MEAN).is_ok());
    /// let too_much = FeeModel::exponential(FeeModel::MAX_MEAN + Amount::ONE_SAT);
    /// assert!(matches!(too_much, Err(SimError::InvalidFees { .. })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub const MAX_MEAN: Amount = Amount::from_sat(100_000_000_000);
    /// Exponential draws are capped at this multiple of the mean (probability e^−20 ≈ 2e−9).
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::sim::{FeeModel, Scenario};
    ///
    /// // No simulated block collects more than 20 × the mean in fees.
    /// let mean = Amount::from_sat(1_000_000);
    /// let chain =
    ///     Scenario::builder().fees(FeeModel::exponential(mean)?).seed(9).build()?.run(500)?;
    /// let cap = mean.to_sat() as f64 * FeeModel::CAP_MULTIPLE;
    /// assert!(
    ///     chain
    ///         .records()
    ///         .iter()
    ///         .all(|r| r.fees().map_or(false, |f| f.to_sat() as f64 <= cap))
    /// );
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub const CAP_MULTIPLE: f64 = 20.0;

    /// Every block collects exactly `fees`.
    ///
    /// # Errors
    ///
    /// [`SimError::InvalidFees`] if `fees` exceeds [`FeeModel::MAX_MEAN`] (1 000 BTC).
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::sim::{FeeModel, Scenario};
    ///
    /// let fees = Amount::from_sat(12_345_678);
    /// let chain =
    ///     Scenario::builder().fees(FeeModel::constant(fees)?).seed(2).build()?.run(20)?;
    /// assert!(chain.records().iter().all(|r| r.fees() == Some(fees)));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn constant(fees: Amount) -> Result<Self, SimError> {
        Self::check(fees)?;
        Ok(FeeModel { mean: fees, random: false })
    }

    /// Fees drawn i.i.d. exponential with mean `mean` (rounded down to whole sats, capped at
    /// [`FeeModel::CAP_MULTIPLE`] × mean).
    ///
    /// # Errors
    ///
    /// [`SimError::InvalidFees`] if `mean` exceeds [`FeeModel::MAX_MEAN`] (1 000 BTC).
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::sim::{FeeModel, Scenario};
    ///
    /// // 2 016 exponential draws: the average is within 10 % of the mean (one s.e. ≈ 2.2 %).
    /// let mean = Amount::from_sat(25_000_000);
    /// let scenario = Scenario::builder().fees(FeeModel::exponential(mean)?).seed(4).build()?;
    /// let chain = scenario.run(2016)?;
    /// let total: u64 = chain.records().iter().filter_map(|r| r.fees()).map(|f| f.to_sat()).sum();
    /// let avg = total as f64 / 2016.0;
    /// assert!((avg / mean.to_sat() as f64 - 1.0).abs() < 0.1);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn exponential(mean: Amount) -> Result<Self, SimError> {
        Self::check(mean)?;
        Ok(FeeModel { mean, random: true })
    }

    fn check(a: Amount) -> Result<(), SimError> {
        if a > Self::MAX_MEAN {
            return Err(SimError::InvalidFees { parameter: "mean", value: a.to_btc() });
        }
        Ok(())
    }

    /// Mean fee per block.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::sim::FeeModel;
    ///
    /// assert_eq!(FeeModel::default().mean(), Amount::from_btc(0.25)?);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn mean(&self) -> Amount {
        self.mean
    }

    /// Whether fees are random (exponential) rather than constant.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::sim::FeeModel;
    ///
    /// assert!(!FeeModel::default().is_random());
    /// assert!(FeeModel::exponential(Amount::from_sat(1_000))?.is_random());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_random(&self) -> bool {
        self.random
    }

    /// One block's fees. Consumes one uniform when random, none otherwise.
    pub(crate) fn draw(&self, rng: &mut SimRng) -> Amount {
        if !self.random {
            return self.mean;
        }
        let m = self.mean.to_sat() as f64;
        let x = (m * rng.exp1()).min(m * Self::CAP_MULTIPLE);
        // 0 ≤ x ≤ 2e13 sat, exact in f64 and u64.
        Amount::from_sat(x.floor() as u64)
    }
}
