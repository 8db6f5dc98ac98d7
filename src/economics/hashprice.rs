//! Hashvalue (BTC per PH/s per day) and hashprice (USD per PH/s per day).

use core::fmt;

use bitcoin::Amount;

use super::Uncertain;
use super::error::{EconomicsError, computed};
use crate::chain::consensus::{TARGET_SPACING_SECS, block_subsidy};
use crate::hashrate::Estimate;
use crate::units::{
    BtcPrice, Difficulty, Efficiency, EnergyPrice, HASHES_PER_DIFFICULTY, Hashrate,
};

const SECS_PER_DAY: f64 = 86_400.0;
const HASHES_PER_PH: f64 = 1e15;
const SAT_PER_BTC: f64 = 1e8;

/// Blocks per day at the target spacing (re-exported from [`crate::chain::consensus`]).
pub use crate::chain::consensus::BLOCKS_PER_DAY;

/// Energy one PH/s uses in a day at 1 J/TH, in MWh: `1000 W · 24 h / 10^6` = 0.024 MWh.
/// A machine at `e` J/TH uses `0.024·e` MWh per PH-day (SCIENCE.md §8: 0.36 MWh at 15 J/TH).
///
/// # Examples
///
/// ```
/// use minerscope::economics::MWH_PER_PH_DAY_PER_J_PER_TH;
/// use minerscope::units::{Efficiency, Energy, Hashrate};
///
/// // 1 PH/s at 15 J/TH draws 15 kW: 0.36 MWh a day (SCIENCE.md §8).
/// let power = Efficiency::from_j_per_th(15.0)?.power_for(Hashrate::from_phs(1.0)?)?;
/// let day = Energy::from_power_hours(power, 24.0)?;
/// assert!((day.to_mwh() - 15.0 * MWH_PER_PH_DAY_PER_J_PER_TH).abs() < 1e-12);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub const MWH_PER_PH_DAY_PER_J_PER_TH: f64 = 0.024;

/// What a block pays its miner: the subsidy plus the fees, both as [`bitcoin::Amount`].
///
/// # Examples
///
/// ```
/// use bitcoin::Amount;
/// use minerscope::economics::BlockReward;
///
/// // Block 830000 paid 648,268,040 sat: 6.25 BTC subsidy + 23,268,040 sat of fees.
/// let r = BlockReward::from_coinbase_totals(&[(830_000, Amount::from_sat(648_268_040))])?;
/// assert_eq!(r.fees(), Amount::from_sat(23_268_040));
/// assert_eq!(r.subsidy(), Amount::from_sat(625_000_000));
/// # Ok::<_, minerscope::economics::EconomicsError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "BlockRewardRaw"))]
pub struct BlockReward {
    subsidy: Amount,
    fees: Amount,
}

impl BlockReward {
    /// A reward from an explicit subsidy and average fees per block.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::Overflow`] if the sum exceeds the 21 M BTC cap.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::economics::{BlockReward, EconomicsError};
    ///
    /// let r = BlockReward::new(Amount::from_sat(312_500_000), Amount::from_sat(3_000_000))?;
    /// assert_eq!(r.total(), Amount::from_sat(315_500_000));
    /// let absurd = BlockReward::new(Amount::MAX, Amount::ONE_SAT);
    /// assert!(matches!(absurd, Err(EconomicsError::Overflow { .. })));
    /// let above_cap = BlockReward::new(Amount::MAX_MONEY, Amount::ONE_SAT);
    /// assert!(matches!(above_cap, Err(EconomicsError::Overflow { .. })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(subsidy: Amount, fees: Amount) -> Result<Self, EconomicsError> {
        // `Amount::checked_add` only guards u64 overflow; the 21 M BTC cap is checked here.
        match subsidy.checked_add(fees) {
            Some(total) if total <= Amount::MAX_MONEY => Ok(BlockReward { subsidy, fees }),
            _ => Err(EconomicsError::Overflow { what: "block reward" }),
        }
    }

    /// The reward at `height` (consensus subsidy, [`block_subsidy`]) with a fee level per block.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::Overflow`] if the sum exceeds the 21 M BTC cap.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::economics::BlockReward;
    ///
    /// // Just after the fourth halving: 3.125 BTC plus 0.03 BTC of fees per block.
    /// let r = BlockReward::at_height(840_000, Amount::from_sat(3_000_000))?;
    /// assert_eq!(r.subsidy(), Amount::from_sat(312_500_000));
    /// assert_eq!(r.total(), Amount::from_sat(315_500_000));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn at_height(height: u32, fees_per_block: Amount) -> Result<Self, EconomicsError> {
        Self::new(block_subsidy(height), fees_per_block)
    }

    /// The fees a coinbase collected: its total output minus the subsidy at its height.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::CoinbaseBelowSubsidy`] if `total` is below the subsidy (a coinbase may
    /// legally claim less, but then its fees cannot be inferred from it).
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::economics::{BlockReward, EconomicsError};
    ///
    /// // Block 830000: 648 268 040 sat out against a 6.25 BTC subsidy.
    /// let fees = BlockReward::fees_from_coinbase(830_000, Amount::from_sat(648_268_040))?;
    /// assert_eq!(fees, Amount::from_sat(23_268_040));
    /// let short = BlockReward::fees_from_coinbase(830_000, Amount::from_sat(1));
    /// assert!(matches!(
    ///     short,
    ///     Err(EconomicsError::CoinbaseBelowSubsidy { height: 830_000, .. })
    /// ));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn fees_from_coinbase(height: u32, total: Amount) -> Result<Amount, EconomicsError> {
        let subsidy = block_subsidy(height);
        total.checked_sub(subsidy).ok_or(EconomicsError::CoinbaseBelowSubsidy {
            height,
            total_sat: total.to_sat(),
            subsidy_sat: subsidy.to_sat(),
        })
    }

    /// The reward implied by a series of real coinbase totals `(height, total output)`: the
    /// subsidy at the **last** height and the mean fees over the series (rounded down to a
    /// satoshi), like Luxor's lagging fee average (SCIENCE.md §8).
    ///
    /// # Errors
    ///
    /// [`EconomicsError::Empty`] for no blocks, [`EconomicsError::CoinbaseBelowSubsidy`] for a
    /// coinbase below its subsidy.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::economics::{BlockReward, EconomicsError};
    ///
    /// // Fees 10 000 and 20 001 sat: mean 15 000 sat (rounded down), subsidy of the last height.
    /// let r = BlockReward::from_coinbase_totals(&[
    ///     (839_999, Amount::from_sat(625_010_000)),
    ///     (840_000, Amount::from_sat(312_520_001)),
    /// ])?;
    /// assert_eq!((r.subsidy().to_sat(), r.fees().to_sat()), (312_500_000, 15_000));
    /// let none = BlockReward::from_coinbase_totals(&[]);
    /// assert!(matches!(none, Err(EconomicsError::Empty { .. })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_coinbase_totals(blocks: &[(u32, Amount)]) -> Result<Self, EconomicsError> {
        let (last_height, _) =
            blocks.last().ok_or(EconomicsError::Empty { what: "coinbase totals" })?;
        let mut fee_sum: u128 = 0;
        for &(height, total) in blocks {
            fee_sum += u128::from(Self::fees_from_coinbase(height, total)?.to_sat());
        }
        let n = blocks.len() as u128;
        let mean = u64::try_from(fee_sum / n)
            .map_err(|_| EconomicsError::Overflow { what: "mean fees" })?;
        Self::at_height(*last_height, Amount::from_sat(mean))
    }

    /// The subsidy part.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::economics::BlockReward;
    ///
    /// assert_eq!(BlockReward::at_height(0, Amount::ZERO)?.subsidy(), Amount::from_btc(50.0)?);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn subsidy(&self) -> Amount {
        self.subsidy
    }

    /// The fee part (average fees per block).
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::economics::BlockReward;
    ///
    /// let r = BlockReward::at_height(900_000, Amount::from_sat(2_500_000))?;
    /// assert_eq!(r.fees(), Amount::from_sat(2_500_000));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn fees(&self) -> Amount {
        self.fees
    }

    /// Subsidy plus fees.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::economics::BlockReward;
    ///
    /// let r = BlockReward::at_height(900_000, Amount::from_sat(2_500_000))?;
    /// assert_eq!(r.total(), r.subsidy() + r.fees());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn total(&self) -> Amount {
        // Checked in every constructor.
        self.subsidy.checked_add(self.fees).unwrap_or(Amount::MAX_MONEY)
    }
}

/// The serialized form of [`BlockReward`], checked by [`BlockReward::new`] when deserialized.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct BlockRewardRaw {
    subsidy: Amount,
    fees: Amount,
}

#[cfg(feature = "serde")]
impl TryFrom<BlockRewardRaw> for BlockReward {
    type Error = EconomicsError;
    fn try_from(r: BlockRewardRaw) -> Result<Self, EconomicsError> {
        BlockReward::new(r.subsidy, r.fees)
    }
}

/// Hashvalue: the bitcoin one PH/s earns per day, stored in satoshis per PH/s per day
/// (fractional; 1 PH/s earns about 50 400 sat/day at difficulty 1.26·10^14).
///
/// Finite and non-negative.
///
/// # Examples
///
/// ```
/// use bitcoin::Amount;
/// use minerscope::economics::{hashvalue_from_difficulty, BlockReward};
/// use minerscope::units::Difficulty;
///
/// // SCIENCE.md §8: at D = 1.26e14 and 3.155 BTC per block, 1 PH/s earns about 50 370 sat a day.
/// let reward = BlockReward::at_height(900_000, Amount::from_sat(3_000_000))?;
/// let hv = hashvalue_from_difficulty(Difficulty::new(1.26e14)?, reward)?;
/// assert!((hv.to_sat_per_ph_day() - 50_370.0).abs() < 5.0);
/// assert_eq!(hv.to_string(), format!("{:.2} sat/TH/day", hv.to_sat_per_th_day()));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "f64", into = "f64"))]
pub struct Hashvalue(f64);

impl Hashvalue {
    /// Creates a hashvalue from satoshis per PH/s per day.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::NotFinite`] if the value is NaN or infinite, [`EconomicsError::OutOfRange`]
    /// if it is negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{EconomicsError, Hashvalue};
    ///
    /// assert_eq!(Hashvalue::from_sat_per_ph_day(50_000.0)?.to_btc_per_ph_day(), 0.0005);
    /// let bad = Hashvalue::from_sat_per_ph_day(-1.0);
    /// assert!(matches!(bad, Err(EconomicsError::OutOfRange { .. })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_sat_per_ph_day(sat: f64) -> Result<Self, EconomicsError> {
        super::error::non_negative("hashvalue", sat).map(Hashvalue)
    }

    /// Satoshis per PH/s per day.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Hashvalue;
    ///
    /// assert_eq!(Hashvalue::from_sat_per_ph_day(50_370.0)?.to_sat_per_ph_day(), 50_370.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_sat_per_ph_day(self) -> f64 {
        self.0
    }

    /// Bitcoin per PH/s per day.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Hashvalue;
    ///
    /// assert_eq!(Hashvalue::from_sat_per_ph_day(100_000_000.0)?.to_btc_per_ph_day(), 1.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_btc_per_ph_day(self) -> f64 {
        self.0 / SAT_PER_BTC
    }

    /// Satoshis per TH/s per day.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Hashvalue;
    ///
    /// assert_eq!(Hashvalue::from_sat_per_ph_day(50_370.0)?.to_sat_per_th_day(), 50.37);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_sat_per_th_day(self) -> f64 {
        self.0 / 1e3
    }

    /// Bitcoin per TH/s per day.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Hashvalue;
    ///
    /// let hv = Hashvalue::from_sat_per_ph_day(50_000.0)?;
    /// assert!((hv.to_btc_per_th_day() - 5e-7).abs() < 1e-20);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_btc_per_th_day(self) -> f64 {
        self.0 / SAT_PER_BTC / 1e3
    }

    /// The hashprice at `price`: hashvalue × price.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Hashvalue;
    /// use minerscope::units::BtcPrice;
    ///
    /// // 50 370 sat/PH/day at $100 000/BTC is $50.37/PH/day.
    /// let hp = Hashvalue::from_sat_per_ph_day(50_370.0)?
    ///     .at_price(BtcPrice::from_usd_per_btc(100_000.0)?);
    /// assert!((hp.to_usd_per_ph_day() - 50.37).abs() < 1e-9);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn at_price(self, price: BtcPrice) -> Hashprice {
        Hashprice((self.to_btc_per_ph_day() * price.to_usd_per_btc()).min(f64::MAX))
    }
}

impl fmt::Display for Hashvalue {
    /// Formats as satoshis per TH/s per day, e.g. `50.40 sat/TH/day`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2} sat/TH/day", self.to_sat_per_th_day())
    }
}

/// Hashprice: the US dollars one PH/s earns per day (Luxor's definition, SCIENCE.md §8).
///
/// Finite and non-negative.
///
/// # Examples
///
/// ```
/// use minerscope::economics::Hashprice;
/// use minerscope::units::Efficiency;
///
/// let hp = Hashprice::from_usd_per_ph_day(50.37)?;
/// assert!((hp.to_usd_per_th_day() - 0.05037).abs() < 1e-12);
/// // Revenue per MWh at 15 J/TH: 50.37 / (15 · 0.024) = $139.9/MWh.
/// let r = hp.revenue_per_mwh(Efficiency::from_j_per_th(15.0)?);
/// assert!((r.to_usd_per_mwh() - 139.92).abs() < 0.01);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "f64", into = "f64"))]
pub struct Hashprice(f64);

impl Hashprice {
    /// Zero dollars per PH/s per day.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Hashprice;
    /// use minerscope::units::Efficiency;
    ///
    /// assert_eq!(Hashprice::ZERO.to_usd_per_ph_day(), 0.0);
    /// let r = Hashprice::ZERO.revenue_per_mwh(Efficiency::from_j_per_th(15.0)?);
    /// assert_eq!(r.to_usd_per_mwh(), 0.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub const ZERO: Hashprice = Hashprice(0.0);

    /// Creates a hashprice from US dollars per PH/s per day.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::NotFinite`] if the value is NaN or infinite, [`EconomicsError::OutOfRange`]
    /// if it is negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Hashprice;
    ///
    /// let hp = Hashprice::from_usd_per_ph_day(50.37)?;
    /// assert_eq!(hp.to_string(), "$50.37/PH/day");
    /// assert!(Hashprice::from_usd_per_ph_day(f64::NAN).is_err());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_usd_per_ph_day(usd: f64) -> Result<Self, EconomicsError> {
        super::error::non_negative("hashprice", usd).map(Hashprice)
    }

    /// Creates a hashprice from US dollars per TH/s per day.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::NotFinite`] if the value is NaN or infinite, [`EconomicsError::OutOfRange`]
    /// if it is negative; [`EconomicsError::Overflow`] if its value per PH/s (× 1000) overflows.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Hashprice;
    ///
    /// let hp = Hashprice::from_usd_per_th_day(0.05)?;
    /// assert_eq!(hp.to_usd_per_ph_day(), 50.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_usd_per_th_day(usd: f64) -> Result<Self, EconomicsError> {
        let usd = super::error::non_negative("hashprice", usd)?;
        Self::from_usd_per_ph_day(computed("hashprice per PH/s", usd * 1e3)?)
    }

    /// US dollars per PH/s per day.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Hashprice;
    ///
    /// assert_eq!(Hashprice::from_usd_per_th_day(0.045)?.to_usd_per_ph_day(), 45.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_usd_per_ph_day(self) -> f64 {
        self.0
    }

    /// US dollars per TH/s per day.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Hashprice;
    ///
    /// assert_eq!(Hashprice::from_usd_per_ph_day(45.0)?.to_usd_per_th_day(), 0.045);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_usd_per_th_day(self) -> f64 {
        self.0 / 1e3
    }

    /// Gross mining revenue per MWh of machine energy at `efficiency` (no pool fee, PUE or
    /// uptime): `hashprice_PH / (e · 0.024)`. This is the breakeven power price before those
    /// adjustments (SCIENCE.md §8).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::Hashprice;
    /// use minerscope::units::Efficiency;
    ///
    /// // A more efficient machine earns more per MWh: $48/PH/day at 20 J/TH is $100/MWh.
    /// let hp = Hashprice::from_usd_per_ph_day(48.0)?;
    /// let at20 = hp.revenue_per_mwh(Efficiency::from_j_per_th(20.0)?);
    /// let at15 = hp.revenue_per_mwh(Efficiency::from_j_per_th(15.0)?);
    /// assert!((at20.to_usd_per_mwh() - 100.0).abs() < 1e-9);
    /// assert!(at15 > at20);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn revenue_per_mwh(self, efficiency: Efficiency) -> EnergyPrice {
        let usd = self.0 / (efficiency.to_j_per_th() * MWH_PER_PH_DAY_PER_J_PER_TH);
        EnergyPrice::from_usd_per_mwh(usd.min(f64::MAX)).unwrap_or(EnergyPrice::ZERO)
    }
}

impl TryFrom<f64> for Hashprice {
    type Error = EconomicsError;
    /// From US dollars per PH/s per day.
    fn try_from(usd: f64) -> Result<Self, EconomicsError> {
        Self::from_usd_per_ph_day(usd)
    }
}

impl TryFrom<f64> for Hashvalue {
    type Error = EconomicsError;
    /// From satoshis per PH/s per day.
    fn try_from(sat: f64) -> Result<Self, EconomicsError> {
        Self::from_sat_per_ph_day(sat)
    }
}

impl From<Hashprice> for f64 {
    /// US dollars per PH/s per day.
    fn from(h: Hashprice) -> f64 {
        h.0
    }
}

impl From<Hashvalue> for f64 {
    /// Satoshis per PH/s per day.
    fn from(h: Hashvalue) -> f64 {
        h.0
    }
}

impl fmt::Display for Hashprice {
    /// Formats as dollars per PH/s per day, e.g. `$50.37/PH/day`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match f.precision() {
            Some(p) => write!(f, "${:.p$}/PH/day", self.0),
            None => write!(f, "${:.2}/PH/day", self.0),
        }
    }
}

/// Expected blocks per day that 1 PH/s finds at difficulty `d`: `86400·10^15 / (D·2^48/(2^16−1))`.
///
/// SCIENCE.md §8: 1.5965·10⁻⁴ at D = 1.26·10^14.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{BLOCKS_PER_DAY, blocks_per_day_per_phs};
/// use minerscope::units::{Difficulty, Hashrate};
///
/// // SCIENCE.md §8: 1.5965e-4 blocks a day per PH/s at D = 1.26e14.
/// let d = Difficulty::new(1.26e14)?;
/// assert!((blocks_per_day_per_phs(d) / 1.5965e-4 - 1.0).abs() < 1e-4);
/// // At the equilibrium difficulty the whole network finds 144 blocks a day.
/// let network = Hashrate::from_ehs(900.0)?;
/// let d_eq = minerscope::economics::equilibrium_difficulty(network)?;
/// assert!(
///     (blocks_per_day_per_phs(d_eq) * network.to_phs() - BLOCKS_PER_DAY).abs() < 1e-9
/// );
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn blocks_per_day_per_phs(difficulty: Difficulty) -> f64 {
    SECS_PER_DAY * HASHES_PER_PH / difficulty.to_expected_hashes()
}

/// Hashvalue at difficulty `d`: `86400·10^15/(D·2^48/(2^16−1)) · (subsidy + fees)`.
///
/// # Errors
///
/// [`EconomicsError::Overflow`] if the result is not finite (a difficulty near the smallest
/// positive `f64`).
///
/// # Examples
///
/// ```
/// use bitcoin::Amount;
/// use minerscope::economics::{BlockReward, hashvalue_from_difficulty};
/// use minerscope::units::{BtcPrice, Difficulty};
///
/// // SCIENCE.md §8: D = 1.26e14, 3.125 + 0.03 BTC, $100,000 → $50.37/PH/day.
/// let reward = BlockReward::at_height(900_000, Amount::from_sat(3_000_000))?;
/// let hv = hashvalue_from_difficulty(Difficulty::new(1.26e14)?, reward)?;
/// let hp = hv.at_price(BtcPrice::from_usd_per_btc(100_000.0)?);
/// assert!((hp.to_usd_per_ph_day() - 50.37).abs() < 0.005);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn hashvalue_from_difficulty(
    difficulty: Difficulty,
    reward: BlockReward,
) -> Result<Hashvalue, EconomicsError> {
    let sat = blocks_per_day_per_phs(difficulty) * reward.total().to_sat() as f64;
    computed("hashvalue", sat).map(Hashvalue)
}

/// Hashvalue from the network hashrate: 1 PH/s's share `1/H_PH` of the 144 blocks a day.
///
/// This is the difficulty formula with the difficulty the hashrate would settle at
/// (`D = H·600/(2^48/(2^16−1))`); use it with an estimated hashrate, or with a published
/// hashrate series.
///
/// # Errors
///
/// [`EconomicsError::ZeroHashrate`] if `network` is zero; [`EconomicsError::Overflow`] if the
/// result is not finite.
///
/// # Examples
///
/// ```
/// use bitcoin::Amount;
/// use minerscope::economics::{
///     BlockReward, EconomicsError, hashvalue_from_network_hashrate,
/// };
/// use minerscope::units::Hashrate;
///
/// // 1 PH/s of a 1 000 000 PH/s network gets 144/10^6 blocks a day: 450 sat at 3.125 BTC.
/// let reward = BlockReward::at_height(900_000, Amount::ZERO)?;
/// let hv = hashvalue_from_network_hashrate(Hashrate::from_ehs(1_000.0)?, reward)?;
/// assert!((hv.to_sat_per_ph_day() - 45_000.0).abs() < 1e-6);
/// let none = hashvalue_from_network_hashrate(Hashrate::ZERO, reward);
/// assert!(matches!(none, Err(EconomicsError::ZeroHashrate { .. })));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn hashvalue_from_network_hashrate(
    network: Hashrate,
    reward: BlockReward,
) -> Result<Hashvalue, EconomicsError> {
    if network.to_hs() <= 0.0 {
        return Err(EconomicsError::ZeroHashrate { what: "network hashrate" });
    }
    let sat = BLOCKS_PER_DAY * reward.total().to_sat() as f64 / network.to_phs();
    computed("hashvalue", sat).map(Hashvalue)
}

/// Hashvalue from an uncertain network hashrate: the point value and, when the input carries
/// one, the interval at the same level (hashvalue is decreasing in hashrate, so the high
/// hashrate bound gives the low hashvalue bound).
///
/// # Errors
///
/// [`EconomicsError::ZeroHashrate`] if the point value **or the lower bound** is zero (the
/// hashvalue's upper bound would be infinite); [`EconomicsError::Overflow`] as in
/// [`hashvalue_from_network_hashrate`].
///
/// # Examples
///
/// ```
/// use bitcoin::Amount;
/// use minerscope::economics::{
///     BlockReward, Uncertain, hashvalue_from_uncertain_hashrate,
/// };
/// use minerscope::stats::{ConfidenceLevel, Interval};
/// use minerscope::units::Hashrate;
///
/// let h = Uncertain::new(
///     Hashrate::from_ehs(900.0)?,
///     Some(Interval::new(
///         Hashrate::from_ehs(860.0)?,
///         Hashrate::from_ehs(940.0)?,
///         ConfidenceLevel::P95,
///     )?),
/// );
/// let hv = hashvalue_from_uncertain_hashrate(
///     h,
///     BlockReward::at_height(900_000, Amount::ZERO)?,
/// )?;
/// assert!(hv.low() < hv.value() && hv.value() < hv.high());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn hashvalue_from_uncertain_hashrate(
    network: Uncertain<Hashrate>,
    reward: BlockReward,
) -> Result<Uncertain<Hashvalue>, EconomicsError> {
    network.try_map_monotone(|h| hashvalue_from_network_hashrate(h, reward))
}

/// Hashvalue from a hashrate [`Estimate`], carrying its interval; see
/// [`hashvalue_from_uncertain_hashrate`].
///
/// # Errors
///
/// As [`hashvalue_from_uncertain_hashrate`].
///
/// # Examples
///
/// ```
/// use bitcoin::Amount;
/// use minerscope::chain::WorkTime;
/// use minerscope::economics::{BlockReward, hashvalue_from_estimate};
/// use minerscope::hashrate::{Exact, HashrateEstimator, Window};
/// use minerscope::stats::ConfidenceLevel;
///
/// let times: Vec<i64> = (0..=144).map(|i| i * 600).collect();
/// let wt = WorkTime::from_parts(0, &times, &[6e20; 145])?; // 1 EH/s
/// let est = Exact::mle().estimate(&wt, Window::heights(0, 144)?, ConfidenceLevel::P95)?;
/// let hv = hashvalue_from_estimate(&est, BlockReward::at_height(900_000, Amount::ZERO)?)?;
/// // Decreasing in hashrate: the high hashrate bound gives the low hashvalue.
/// assert!(hv.low() < hv.value() && hv.value() < hv.high());
/// assert!(
///     (hv.value().to_sat_per_ph_day() - 144.0 * 312_500_000.0 / 1_000.0).abs() < 1e-3
/// );
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn hashvalue_from_estimate(
    estimate: &Estimate,
    reward: BlockReward,
) -> Result<Uncertain<Hashvalue>, EconomicsError> {
    hashvalue_from_uncertain_hashrate(estimate.into(), reward)
}

/// The difficulty a network hashrate settles at with 600 s blocks: `H·600/(2^48/(2^16−1))`.
///
/// # Errors
///
/// [`EconomicsError::ZeroHashrate`] if `network` is zero.
///
/// # Examples
///
/// ```
/// use minerscope::economics::equilibrium_difficulty;
/// use minerscope::units::{HASHES_PER_DIFFICULTY, Hashrate};
///
/// // 600 EH/s settles near difficulty 83.8 T.
/// let d = equilibrium_difficulty(Hashrate::from_ehs(600.0)?)?;
/// assert!((d.to_f64() - 6e20 * 600.0 / HASHES_PER_DIFFICULTY).abs() < 1.0);
/// assert!((d.to_f64() / 1e12 - 83.82).abs() < 0.01);
/// assert!(equilibrium_difficulty(Hashrate::ZERO).is_err());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn equilibrium_difficulty(network: Hashrate) -> Result<Difficulty, EconomicsError> {
    if network.to_hs() <= 0.0 {
        return Err(EconomicsError::ZeroHashrate { what: "network hashrate" });
    }
    Ok(Difficulty::new(network.to_hs() * f64::from(TARGET_SPACING_SECS) / HASHES_PER_DIFFICULTY)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golden_blocks_per_day() {
        // SCIENCE.md §8: 1.5965e-4 blocks/day per PH/s at D = 1.26e14.
        let b = blocks_per_day_per_phs(Difficulty::new(1.26e14).unwrap());
        assert!((b - 1.5965e-4).abs() < 5e-9, "{b}");
    }

    #[test]
    fn coinbase_below_subsidy_is_an_error() {
        let e = BlockReward::fees_from_coinbase(840_000, Amount::from_sat(1));
        assert!(matches!(e, Err(EconomicsError::CoinbaseBelowSubsidy { height: 840_000, .. })));
        assert!(BlockReward::from_coinbase_totals(&[]).is_err());
    }

    #[test]
    fn zero_hashrate_is_an_error() {
        let r = BlockReward::at_height(0, Amount::ZERO).unwrap();
        assert!(hashvalue_from_network_hashrate(Hashrate::ZERO, r).is_err());
    }

    #[test]
    fn hashrate_and_difficulty_routes_agree() {
        let r = BlockReward::at_height(900_000, Amount::from_sat(3_000_000)).unwrap();
        let h = Hashrate::from_ehs(900.0).unwrap();
        let d = equilibrium_difficulty(h).unwrap();
        let a = hashvalue_from_network_hashrate(h, r).unwrap().to_sat_per_ph_day();
        let b = hashvalue_from_difficulty(d, r).unwrap().to_sat_per_ph_day();
        assert!((a / b - 1.0).abs() < 1e-12);
    }
}
