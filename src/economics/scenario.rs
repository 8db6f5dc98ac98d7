//! Scenario projections: halvings at their heights, difficulty and price paths, daily revenue,
//! cost and profit of a fleet, and NPV/IRR/payback over the horizon.

use bitcoin::Amount;

use super::error::{EconomicsError, computed, finite};
use super::finance::{irr, npv, payback_periods, rate_per_period};
use super::hashprice::{BLOCKS_PER_DAY, equilibrium_difficulty, hashvalue_from_difficulty};
use super::{BlockReward, Fleet, Hashprice, OperatingTerms, Uncertain};
use crate::chain::consensus::{block_subsidy, next_halving_height};
use crate::stats::{ConfidenceLevel, Interval};
use crate::units::{BtcPrice, Difficulty, EnergyPrice, Hashrate, Usd};

const DAYS_PER_YEAR: f64 = 365.0;

fn check_growth(annual_growth: f64) -> Result<f64, EconomicsError> {
    let g = finite("annual growth", annual_growth)?;
    if g <= -1.0 {
        return Err(EconomicsError::OutOfRange {
            what: "annual growth",
            expected: "(−1, ∞)",
            value: g,
        });
    }
    Ok(g)
}

/// The network difficulty day by day.
///
/// # Examples
///
/// ```
/// use minerscope::economics::DifficultyPath;
/// use minerscope::units::Difficulty;
///
/// let d = |x| Difficulty::new(x);
/// assert_eq!(DifficultyPath::Constant(d(1.26e14)?).at_day(1_000)?, d(1.26e14)?);
/// // A daily series holds its last value after it ends.
/// let daily = DifficultyPath::Daily(vec![d(1.0e14)?, d(1.1e14)?]);
/// assert_eq!(daily.at_day(5)?, d(1.1e14)?);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum DifficultyPath {
    /// Constant difficulty.
    Constant(Difficulty),
    /// `D₀·(1 + g)^(day/365)`: smooth compound growth at annual rate `g > −1`.
    Growth {
        /// Difficulty on day 0.
        start: Difficulty,
        /// Annual growth rate, e.g. 0.4 for +40 %/year.
        annual_growth: f64,
    },
    /// One value per day; the last value holds after the series ends.
    Daily(Vec<Difficulty>),
}

impl DifficultyPath {
    /// A growth path, validated.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::OutOfRange`] / [`EconomicsError::NotFinite`] unless `annual_growth > −1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::DifficultyPath;
    /// use minerscope::units::Difficulty;
    ///
    /// // +40 % a year: 1.4 × after 365 days, √1.4 × after half a year.
    /// let path = DifficultyPath::growth(Difficulty::new(1e14)?, 0.4)?;
    /// assert!((path.at_day(365)?.to_f64() / 1.4e14 - 1.0).abs() < 1e-12);
    /// assert!((path.at_day(0)?.to_f64() - 1e14).abs() < 1e-3);
    /// assert!(DifficultyPath::growth(Difficulty::new(1e14)?, -1.0).is_err());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn growth(start: Difficulty, annual_growth: f64) -> Result<Self, EconomicsError> {
        Ok(DifficultyPath::Growth { start, annual_growth: check_growth(annual_growth)? })
    }

    /// A growth path starting at the difficulty a network hashrate settles at
    /// ([`equilibrium_difficulty`]), e.g. the point value or a bound of an estimate's interval.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::ZeroHashrate`] for zero hashrate; as [`DifficultyPath::growth`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{DifficultyPath, equilibrium_difficulty};
    /// use minerscope::units::Hashrate;
    ///
    /// let network = Hashrate::from_ehs(900.0)?;
    /// let path = DifficultyPath::from_hashrate(network, 0.3)?;
    /// assert_eq!(path.at_day(0)?, equilibrium_difficulty(network)?);
    /// assert!(DifficultyPath::from_hashrate(Hashrate::ZERO, 0.3).is_err());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_hashrate(network: Hashrate, annual_growth: f64) -> Result<Self, EconomicsError> {
        Self::growth(equilibrium_difficulty(network)?, annual_growth)
    }

    /// The difficulty on `day`.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::Empty`] for an empty daily series; [`EconomicsError::Unit`] if growth
    /// overflows or underflows the positive finite range.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{DifficultyPath, EconomicsError};
    /// use minerscope::units::Difficulty;
    ///
    /// let path = DifficultyPath::growth(Difficulty::new(1e14)?, 1.0)?; // doubling yearly
    /// assert!((path.at_day(730)?.to_f64() / 4e14 - 1.0).abs() < 1e-12);
    /// let empty = DifficultyPath::Daily(vec![]);
    /// assert!(matches!(empty.at_day(0), Err(EconomicsError::Empty { .. })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn at_day(&self, day: u32) -> Result<Difficulty, EconomicsError> {
        match self {
            DifficultyPath::Constant(d) => Ok(*d),
            DifficultyPath::Growth { start, annual_growth } => {
                let g = check_growth(*annual_growth)?;
                let f = (1.0 + g).powf(f64::from(day) / DAYS_PER_YEAR);
                Ok(Difficulty::new(start.to_f64() * f)?)
            }
            DifficultyPath::Daily(v) => v
                .get(day as usize)
                .or_else(|| v.last())
                .copied()
                .ok_or(EconomicsError::Empty { what: "daily difficulty series" }),
        }
    }
}

/// The bitcoin price day by day.
///
/// # Examples
///
/// ```
/// use minerscope::economics::PricePath;
/// use minerscope::units::BtcPrice;
///
/// let p = |x| BtcPrice::from_usd_per_btc(x);
/// let daily = PricePath::Daily(vec![p(95_000.0)?, p(97_000.0)?, p(99_000.0)?]);
/// assert_eq!(daily.at_day(1)?, p(97_000.0)?);
/// assert_eq!(daily.at_day(400)?, p(99_000.0)?);
/// assert_eq!(PricePath::Constant(p(100_000.0)?).at_day(9)?, p(100_000.0)?);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum PricePath {
    /// Constant price.
    Constant(BtcPrice),
    /// `P₀·(1 + g)^(day/365)`.
    Growth {
        /// Price on day 0.
        start: BtcPrice,
        /// Annual growth rate `> −1`.
        annual_growth: f64,
    },
    /// One value per day; the last value holds after the series ends.
    Daily(Vec<BtcPrice>),
}

impl PricePath {
    /// A growth path, validated.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::OutOfRange`] / [`EconomicsError::NotFinite`] unless `annual_growth > −1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::PricePath;
    /// use minerscope::units::BtcPrice;
    ///
    /// // −50 % a year: a quarter of the price after two years.
    /// let path = PricePath::growth(BtcPrice::from_usd_per_btc(100_000.0)?, -0.5)?;
    /// assert!((path.at_day(730)?.to_usd_per_btc() - 25_000.0).abs() < 1e-6);
    /// assert!(PricePath::growth(BtcPrice::from_usd_per_btc(100_000.0)?, f64::NAN).is_err());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn growth(start: BtcPrice, annual_growth: f64) -> Result<Self, EconomicsError> {
        Ok(PricePath::Growth { start, annual_growth: check_growth(annual_growth)? })
    }

    /// The price on `day`.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::Empty`] for an empty daily series; [`EconomicsError::Unit`] if growth
    /// leaves the positive finite range.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{EconomicsError, PricePath};
    /// use minerscope::units::BtcPrice;
    ///
    /// let path = PricePath::growth(BtcPrice::from_usd_per_btc(50_000.0)?, 1.0)?;
    /// assert!((path.at_day(365)?.to_usd_per_btc() - 100_000.0).abs() < 1e-6);
    /// assert!(matches!(
    ///     PricePath::Daily(vec![]).at_day(3),
    ///     Err(EconomicsError::Empty { .. })
    /// ));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn at_day(&self, day: u32) -> Result<BtcPrice, EconomicsError> {
        match self {
            PricePath::Constant(p) => Ok(*p),
            PricePath::Growth { start, annual_growth } => {
                let g = check_growth(*annual_growth)?;
                let f = (1.0 + g).powf(f64::from(day) / DAYS_PER_YEAR);
                Ok(BtcPrice::from_usd_per_btc(start.to_usd_per_btc() * f)?)
            }
            PricePath::Daily(v) => v
                .get(day as usize)
                .or_else(|| v.last())
                .copied()
                .ok_or(EconomicsError::Empty { what: "daily price series" }),
        }
    }
}

/// A projection scenario: start height, horizon, difficulty and price paths, fee level, power
/// price and operating terms.
///
/// Heights advance by 144 blocks a day (600 s blocks), so halvings fall on the day their height
/// is reached; the subsidy follows [`block_subsidy`](crate::chain::consensus::block_subsidy).
/// Under sustained hashrate growth blocks come a little faster than 600 s and halvings a few
/// weeks earlier (SCIENCE.md §8: about 32 days earlier at 580 s blocks); pass a `start_height`
/// adjusted for that if it matters.
///
/// Each day, each fleet line runs if its revenue covers its energy and is off otherwise
/// (operators switch off losing machines), so daily profit per line is `max(revenue − cost, 0)`.
///
/// # Examples
///
/// ```
/// use bitcoin::Amount;
/// use minerscope::economics::{builtin_asic, DifficultyPath, Fleet, PricePath, Scenario};
/// use minerscope::units::{BtcPrice, Difficulty, EnergyPrice};
///
/// // 100 S21s (20 PH/s, 350 kW) at $50.37/PH/day (D = 1.26e14, 3.155 BTC, $100 000, SCIENCE.md
/// // §8) and $45/MWh: $1 007.40 of revenue and $378 of power a day.
/// let s21 = builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?;
/// let fleet = Fleet::single(s21, 100)?;
/// let scenario = Scenario::new(900_000, 30, DifficultyPath::Constant(Difficulty::new(1.26e14)?),
///     PricePath::Constant(BtcPrice::from_usd_per_btc(100_000.0)?))?
///     .with_fees_per_block(Amount::from_sat(3_000_000))
///     .with_power_price(EnergyPrice::from_usd_per_mwh(45.0)?)?;
/// let day0 = scenario.project(&fleet)?.days()[0];
/// assert!((day0.revenue.to_dollars() - 1_007.4).abs() < 0.2);
/// assert!((day0.energy_cost.to_dollars() - 378.0).abs() < 1e-9);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Scenario {
    start_height: u32,
    days: u32,
    difficulty: DifficultyPath,
    price: PricePath,
    fees_per_block: Amount,
    power_price: EnergyPrice,
    terms: OperatingTerms,
}

impl Scenario {
    /// A scenario with no fees, free power and ideal terms; set those with the `with_` methods.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::OutOfRange`] for a zero-day horizon.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{DifficultyPath, EconomicsError, PricePath, Scenario};
    /// use minerscope::units::{BtcPrice, Difficulty};
    ///
    /// let d = DifficultyPath::Constant(Difficulty::new(1.26e14)?);
    /// let p = PricePath::Constant(BtcPrice::from_usd_per_btc(100_000.0)?);
    /// assert_eq!(Scenario::new(900_000, 365, d.clone(), p.clone())?.days(), 365);
    /// assert!(matches!(
    ///     Scenario::new(900_000, 0, d, p),
    ///     Err(EconomicsError::OutOfRange { .. })
    /// ));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        start_height: u32,
        days: u32,
        difficulty: DifficultyPath,
        price: PricePath,
    ) -> Result<Self, EconomicsError> {
        if days == 0 {
            return Err(EconomicsError::OutOfRange {
                what: "horizon days",
                expected: "[1, ∞)",
                value: 0.0,
            });
        }
        Ok(Scenario {
            start_height,
            days,
            difficulty,
            price,
            fees_per_block: Amount::ZERO,
            power_price: EnergyPrice::ZERO,
            terms: OperatingTerms::IDEAL,
        })
    }

    /// Sets the average fees per block.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::economics::{DifficultyPath, Fleet, PricePath, Scenario, builtin_asic};
    /// use minerscope::units::{BtcPrice, Difficulty};
    ///
    /// let fleet =
    ///     Fleet::single(builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?, 100)?;
    /// let base = Scenario::new(
    ///     900_000,
    ///     1,
    ///     DifficultyPath::Constant(Difficulty::new(1.26e14)?),
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(100_000.0)?),
    /// )?;
    /// let no_fees = base.clone().project(&fleet)?.total_revenue();
    /// let fees = base
    ///     .with_fees_per_block(Amount::from_sat(31_250_000))
    ///     .project(&fleet)?
    ///     .total_revenue();
    /// // Fees of 10 % of the 3.125 BTC subsidy add 10 % to revenue.
    /// assert!((fees.to_dollars() / no_fees.to_dollars() - 1.1).abs() < 1e-12);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_fees_per_block(mut self, fees: Amount) -> Self {
        self.fees_per_block = fees;
        self
    }

    /// Sets the power price.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::NegativePowerPrice`] for a negative price (use an hourly curtailment
    /// schedule for spot exposure).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{DifficultyPath, Fleet, PricePath, Scenario, builtin_asic};
    /// use minerscope::units::{BtcPrice, Difficulty, EnergyPrice};
    ///
    /// let fleet =
    ///     Fleet::single(builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?, 100)?;
    /// let s = Scenario::new(
    ///     900_000,
    ///     1,
    ///     DifficultyPath::Constant(Difficulty::new(1.26e14)?),
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(100_000.0)?),
    /// )?;
    /// let cost = s
    ///     .clone()
    ///     .with_power_price(EnergyPrice::from_usd_per_mwh(60.0)?)?
    ///     .project(&fleet)?
    ///     .total_energy_cost();
    /// assert!((cost.to_dollars() - 8.4 * 60.0).abs() < 1e-9); // 350 kW for 24 h
    /// assert!(s.with_power_price(EnergyPrice::from_usd_per_mwh(-1.0)?).is_err());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_power_price(mut self, price: EnergyPrice) -> Result<Self, EconomicsError> {
        if price.to_usd_per_mwh() < 0.0 {
            return Err(EconomicsError::NegativePowerPrice {
                what: "scenario power price",
                usd_per_mwh: price.to_usd_per_mwh(),
            });
        }
        self.power_price = price;
        Ok(self)
    }

    /// Sets the operating terms.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{
    ///     DifficultyPath, Fleet, OperatingTerms, PricePath, Scenario, builtin_asic,
    /// };
    /// use minerscope::units::{BtcPrice, Difficulty};
    ///
    /// let fleet =
    ///     Fleet::single(builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?, 100)?;
    /// let s = Scenario::new(
    ///     900_000,
    ///     1,
    ///     DifficultyPath::Constant(Difficulty::new(1.26e14)?),
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(100_000.0)?),
    /// )?;
    /// let gross = s.clone().project(&fleet)?.total_revenue();
    /// let net =
    ///     s.with_terms(OperatingTerms::new(0.02, 1.0, 1.0)?).project(&fleet)?.total_revenue();
    /// assert!((net.to_dollars() / gross.to_dollars() - 0.98).abs() < 1e-12);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_terms(mut self, terms: OperatingTerms) -> Self {
        self.terms = terms;
        self
    }

    /// Replaces the difficulty path.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{DifficultyPath, Fleet, PricePath, Scenario, builtin_asic};
    /// use minerscope::units::{BtcPrice, Difficulty};
    ///
    /// let fleet =
    ///     Fleet::single(builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?, 100)?;
    /// let s = Scenario::new(
    ///     900_000,
    ///     1,
    ///     DifficultyPath::Constant(Difficulty::new(1.26e14)?),
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(100_000.0)?),
    /// )?;
    /// let harder =
    ///     s.clone().with_difficulty(DifficultyPath::Constant(Difficulty::new(2.52e14)?));
    /// // Twice the difficulty, half the hashprice.
    /// let (a, b) = (
    ///     s.project(&fleet)?.days()[0].hashprice,
    ///     harder.project(&fleet)?.days()[0].hashprice,
    /// );
    /// assert!((a.to_usd_per_ph_day() / b.to_usd_per_ph_day() - 2.0).abs() < 1e-12);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_difficulty(mut self, difficulty: DifficultyPath) -> Self {
        self.difficulty = difficulty;
        self
    }

    /// The horizon in days.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{DifficultyPath, PricePath, Scenario};
    /// use minerscope::units::{BtcPrice, Difficulty};
    ///
    /// let s = Scenario::new(
    ///     900_000,
    ///     730,
    ///     DifficultyPath::Constant(Difficulty::new(1.26e14)?),
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(100_000.0)?),
    /// )?;
    /// assert_eq!(s.days(), 730);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn days(&self) -> u32 {
        self.days
    }

    /// The first day on which the subsidy has halved, if within the horizon; `None` once the
    /// subsidy is already 0 (from height 6 930 000, 33 halvings), when no halving changes it.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{DifficultyPath, PricePath, Scenario};
    /// use minerscope::units::{BtcPrice, Difficulty};
    ///
    /// let d = DifficultyPath::Constant(Difficulty::new(1.26e14)?);
    /// let p = PricePath::Constant(BtcPrice::from_usd_per_btc(100_000.0)?);
    /// // 1 000 blocks before the 1 050 000 halving: day ⌈1000/144⌉ = 7.
    /// assert_eq!(Scenario::new(1_049_000, 30, d.clone(), p.clone())?.halving_day(), Some(7));
    /// assert_eq!(Scenario::new(900_000, 30, d.clone(), p.clone())?.halving_day(), None);
    /// // Past 33 halvings the subsidy is 0 sat: nothing left to halve.
    /// assert_eq!(Scenario::new(7_000_000, 5_000, d, p)?.halving_day(), None);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn halving_day(&self) -> Option<u32> {
        let next = next_halving_height(self.start_height)?;
        // From 33 halvings on the subsidy is 0 sat and a "halving" changes nothing.
        if block_subsidy(next) == block_subsidy(self.start_height) {
            return None;
        }
        let day = (f64::from(next - self.start_height) / BLOCKS_PER_DAY).ceil();
        (day < f64::from(self.days)).then_some(day as u32)
    }

    /// Projects `fleet` day by day.
    ///
    /// # Errors
    ///
    /// Errors of the paths ([`DifficultyPath::at_day`], [`PricePath::at_day`]);
    /// [`EconomicsError::Overflow`] if a revenue or cost overflows, or if the last day's starting
    /// height (`start_height + 144·day`) is past `u32::MAX` (checked before any day is computed).
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::economics::{DifficultyPath, Fleet, PricePath, Scenario, builtin_asic};
    /// use minerscope::units::{BtcPrice, Difficulty, EnergyPrice, Usd};
    ///
    /// let s21 = builtin_asic("Antminer S21")
    ///     .ok_or("missing")?
    ///     .to_machine()?
    ///     .with_price(Usd::from_dollars(3_000.0)?)?;
    /// let fleet = Fleet::single(s21, 100)?;
    /// let scenario = Scenario::new(
    ///     1_000_000,
    ///     3 * 365,
    ///     DifficultyPath::growth(Difficulty::new(1.26e14)?, 0.3)?,
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(100_000.0)?),
    /// )?
    /// .with_fees_per_block(Amount::from_sat(3_000_000))
    /// .with_power_price(EnergyPrice::from_usd_per_mwh(45.0)?)?;
    /// let p = scenario.project(&fleet)?;
    /// // The 1,050,000 halving falls on day 348 (50,000 blocks / 144).
    /// assert_eq!(scenario.halving_day(), Some(348));
    /// assert!(p.days()[348].hashprice < p.days()[347].hashprice);
    /// assert!(p.npv(0.10)?.to_dollars() < p.total_profit().to_dollars());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn project(&self, fleet: &Fleet) -> Result<Projection, EconomicsError> {
        // Checked before allocating: every day's starting height must be a valid u32.
        height_on_day(self.start_height, self.days.saturating_sub(1))?;
        let mut days = Vec::with_capacity(self.days as usize);
        let t = &self.terms;
        let lines: Vec<(f64, f64)> = fleet
            .entries()
            .iter()
            .map(|e| {
                // (net PH/s·day factor, facility MWh per day) per line.
                let ph = e.hashrate().to_phs() * t.uptime() * (1.0 - t.pool_fee());
                let mwh = e.power().to_megawatts() * 24.0 * t.uptime() * t.pue();
                (ph, mwh)
            })
            .collect();
        let p_mwh = self.power_price.to_usd_per_mwh();
        for day in 0..self.days {
            let height = height_on_day(self.start_height, day)?;
            let reward = BlockReward::at_height(height, self.fees_per_block)?;
            let difficulty = self.difficulty.at_day(day)?;
            let price = self.price.at_day(day)?;
            let hashprice = hashvalue_from_difficulty(difficulty, reward)?.at_price(price);
            let hp = hashprice.to_usd_per_ph_day();
            let (mut revenue, mut cost) = (0.0, 0.0);
            for &(ph, mwh) in &lines {
                let (r, c) = (hp * ph, mwh * p_mwh);
                if r > c {
                    revenue += r;
                    cost += c;
                }
            }
            days.push(ProjectionDay {
                day,
                height,
                subsidy: reward.subsidy(),
                difficulty,
                price,
                hashprice,
                revenue: Usd::from_dollars(computed("projected revenue", revenue)?)?,
                energy_cost: Usd::from_dollars(computed("projected energy cost", cost)?)?,
            });
        }
        Ok(Projection { days, capex: fleet.capex() })
    }

    /// Projects the fleet at an uncertain network hashrate: one projection per bound of the
    /// hashrate interval, each with a difficulty path growing at `annual_growth` from the
    /// difficulty that hashrate settles at. Profit is non-increasing in difficulty, so the
    /// low-hashrate projection bounds every result from above and the high one from below, at
    /// the hashrate interval's level.
    ///
    /// # Errors
    ///
    /// As [`Scenario::project`] and [`DifficultyPath::from_hashrate`] (a zero lower bound is an
    /// error).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::WorkTime;
    /// use minerscope::economics::{builtin_asic, DifficultyPath, Fleet, PricePath, Scenario};
    /// use minerscope::hashrate::{Exact, HashrateEstimator, Window};
    /// use minerscope::stats::ConfidenceLevel;
    /// use minerscope::units::{BtcPrice, Difficulty};
    ///
    /// // A hashrate estimate (from a synthetic day at 900 EH/s) feeds the projection directly.
    /// let times: Vec<i64> = (0..=144).map(|i| i * 600).collect();
    /// let wt = WorkTime::from_parts(0, &times, &[5.4e23; 145])?;
    /// let est = Exact::unbiased().estimate(&wt, Window::heights(0, 144)?, ConfidenceLevel::P95)?;
    /// let s21 = builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?;
    /// let fleet = Fleet::single(s21, 100)?;
    /// let s = Scenario::new(900_000, 365, DifficultyPath::Constant(Difficulty::new(1.26e14)?),
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(1e5)?))?;
    /// let band = s.project_uncertain(&fleet, (&est).into(), 0.3)?;
    /// let profit = band.total_profit();
    /// assert!(profit.low() < profit.value() && profit.value() < profit.high());
    /// assert_eq!(profit.interval().map(|i| i.level()), Some(ConfidenceLevel::P95));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn project_uncertain(
        &self,
        fleet: &Fleet,
        network: Uncertain<Hashrate>,
        annual_growth: f64,
    ) -> Result<ProjectionBand, EconomicsError> {
        let run = |h: Hashrate| -> Result<Projection, EconomicsError> {
            self.clone()
                .with_difficulty(DifficultyPath::from_hashrate(h, annual_growth)?)
                .project(fleet)
        };
        let central = run(network.value())?;
        let bounds = match network.interval() {
            Some(i) => Some((run(i.low())?, run(i.high())?, i.level())),
            None => None,
        };
        Ok(ProjectionBand { central, bounds })
    }

    /// Projects the fleet from an uncertain starting difficulty (e.g. the next retarget's
    /// projected difficulty with its predictive interval, SCIENCE.md §7.3), growing at
    /// `annual_growth`; as [`Scenario::project_uncertain`], the low-difficulty projection
    /// bounds results from above.
    ///
    /// # Errors
    ///
    /// As [`Scenario::project`] and [`DifficultyPath::growth`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{
    ///     DifficultyPath, Fleet, PricePath, Scenario, Uncertain, builtin_asic,
    /// };
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    /// use minerscope::units::{BtcPrice, Difficulty, EnergyPrice};
    ///
    /// let fleet =
    ///     Fleet::single(builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?, 100)?;
    /// let d = |x: f64| Difficulty::new(x);
    /// // Next retarget +3.5 %, 95 % predictive interval [−1.0 %, +8.0 %] (SCIENCE.md §7.3).
    /// let next = Uncertain::new(
    ///     d(1.26e14 * 1.035)?,
    ///     Some(Interval::new(d(1.26e14 * 0.99)?, d(1.26e14 * 1.08)?, ConfidenceLevel::P95)?),
    /// );
    /// let s = Scenario::new(
    ///     930_000,
    ///     365,
    ///     DifficultyPath::Constant(d(1.26e14)?),
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(100_000.0)?),
    /// )?
    /// .with_power_price(EnergyPrice::from_usd_per_mwh(45.0)?)?;
    /// let band = s.project_uncertain_difficulty(&fleet, next, 0.3)?;
    /// let profit = band.total_profit();
    /// assert!(profit.low() < profit.value() && profit.value() < profit.high());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn project_uncertain_difficulty(
        &self,
        fleet: &Fleet,
        start: Uncertain<Difficulty>,
        annual_growth: f64,
    ) -> Result<ProjectionBand, EconomicsError> {
        let run = |d: Difficulty| -> Result<Projection, EconomicsError> {
            self.clone().with_difficulty(DifficultyPath::growth(d, annual_growth)?).project(fleet)
        };
        let central = run(start.value())?;
        let bounds = match start.interval() {
            Some(i) => Some((run(i.low())?, run(i.high())?, i.level())),
            None => None,
        };
        Ok(ProjectionBand { central, bounds })
    }
}

/// The height at the start of `day`: 144 blocks a day from `start`.
fn height_on_day(start: u32, day: u32) -> Result<u32, EconomicsError> {
    // BLOCKS_PER_DAY is exactly 144.0.
    let h = u64::from(start) + u64::from(day) * BLOCKS_PER_DAY as u64;
    u32::try_from(h).map_err(|_| EconomicsError::Overflow { what: "projected block height" })
}

/// One projected day.
///
/// # Examples
///
/// ```
/// use bitcoin::Amount;
/// use minerscope::economics::{DifficultyPath, Fleet, PricePath, Scenario, builtin_asic};
/// use minerscope::units::{BtcPrice, Difficulty};
///
/// let fleet =
///     Fleet::single(builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?, 100)?;
/// let s = Scenario::new(
///     1_049_000,
///     10,
///     DifficultyPath::Constant(Difficulty::new(1.26e14)?),
///     PricePath::Constant(BtcPrice::from_usd_per_btc(100_000.0)?),
/// )?;
/// let p = s.project(&fleet)?;
/// let (day6, day7) = (p.days()[6], p.days()[7]);
/// assert_eq!((day7.day, day7.height), (7, 1_049_000 + 7 * 144));
/// assert_eq!(
///     (day6.subsidy, day7.subsidy),
///     (Amount::from_sat(312_500_000), Amount::from_sat(156_250_000))
/// );
/// assert!(
///     (day6.hashprice.to_usd_per_ph_day() / day7.hashprice.to_usd_per_ph_day() - 2.0)
///         .abs()
///         < 1e-12
/// );
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ProjectionDay {
    /// Day index from 0.
    pub day: u32,
    /// Block height at the start of the day.
    pub height: u32,
    /// Subsidy at that height.
    pub subsidy: Amount,
    /// Difficulty that day.
    pub difficulty: Difficulty,
    /// Bitcoin price that day.
    pub price: BtcPrice,
    /// Hashprice that day.
    pub hashprice: Hashprice,
    /// Fleet revenue after pool fee (lines that cover their energy).
    pub revenue: Usd,
    /// Fleet energy cost (lines that run).
    pub energy_cost: Usd,
}

impl ProjectionDay {
    /// Revenue − energy cost.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{DifficultyPath, Fleet, PricePath, Scenario, builtin_asic};
    /// use minerscope::units::{BtcPrice, Difficulty, EnergyPrice};
    ///
    /// // At $500/MWh an S21 loses money, so it is off: zero revenue, zero cost, zero profit.
    /// let fleet =
    ///     Fleet::single(builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?, 100)?;
    /// let s = Scenario::new(
    ///     900_000,
    ///     1,
    ///     DifficultyPath::Constant(Difficulty::new(1.26e14)?),
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(100_000.0)?),
    /// )?
    /// .with_power_price(EnergyPrice::from_usd_per_mwh(500.0)?)?;
    /// let day = s.project(&fleet)?.days()[0];
    /// assert_eq!((day.revenue.to_dollars(), day.profit().to_dollars()), (0.0, 0.0));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn profit(&self) -> Usd {
        self.revenue - self.energy_cost
    }
}

/// A day-by-day projection of a fleet, with its purchase price as the day-0 outflow.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{DifficultyPath, Fleet, PricePath, Scenario, builtin_asic};
/// use minerscope::units::{BtcPrice, Difficulty, EnergyPrice, Usd};
///
/// let s21 = builtin_asic("Antminer S21")
///     .ok_or("missing")?
///     .to_machine()?
///     .with_price(Usd::from_dollars(3_000.0)?)?;
/// let p = Scenario::new(
///     900_000,
///     365,
///     DifficultyPath::Constant(Difficulty::new(1.26e14)?),
///     PricePath::Constant(BtcPrice::from_usd_per_btc(100_000.0)?),
/// )?
/// .with_power_price(EnergyPrice::from_usd_per_mwh(45.0)?)?
/// .project(&Fleet::single(s21, 100)?)?;
/// assert_eq!((p.days().len(), p.capex().to_dollars()), (365, 300_000.0));
/// assert_eq!(p.total_profit(), p.total_revenue() - p.total_energy_cost());
/// assert_eq!(p.cash_flows().len(), 366);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawProjection"))]
pub struct Projection {
    days: Vec<ProjectionDay>,
    capex: Usd,
}

/// The serialized form of a [`Projection`], checked on the way in: entry `i` is day `i` (the
/// cash flows, NPV, IRR and payback count one period per entry), and the capex, a fleet's
/// price, is not negative.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawProjection {
    days: Vec<ProjectionDay>,
    capex: Usd,
}

#[cfg(feature = "serde")]
impl TryFrom<RawProjection> for Projection {
    type Error = EconomicsError;
    fn try_from(raw: RawProjection) -> Result<Self, EconomicsError> {
        let RawProjection { days, capex } = raw;
        super::error::non_negative("projection capex", capex.to_dollars())?;
        let misplaced = days.iter().zip(0u32..).find(|(d, i)| d.day != *i);
        if let Some((d, _)) = misplaced {
            return Err(EconomicsError::OutOfRange {
                what: "projection day",
                expected: "consecutive days from 0 (entry i is day i)",
                value: f64::from(d.day),
            });
        }
        Ok(Projection { days, capex })
    }
}

impl Projection {
    /// The projected days.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{DifficultyPath, Fleet, PricePath, Scenario, builtin_asic};
    /// use minerscope::units::{BtcPrice, Difficulty};
    ///
    /// let fleet =
    ///     Fleet::single(builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?, 1)?;
    /// let path = DifficultyPath::growth(Difficulty::new(1.26e14)?, 0.5)?;
    /// let p = Scenario::new(
    ///     900_000,
    ///     100,
    ///     path,
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(1e5)?),
    /// )?
    /// .project(&fleet)?;
    /// // Rising difficulty: each day's hashprice is below the one before.
    /// assert!(p.days().windows(2).all(|w| w[1].hashprice < w[0].hashprice));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn days(&self) -> &[ProjectionDay] {
        &self.days
    }

    /// The fleet's purchase price (the day-0 outflow).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{DifficultyPath, Fleet, PricePath, Scenario, builtin_asic};
    /// use minerscope::units::{BtcPrice, Difficulty, Usd};
    ///
    /// let s21 = builtin_asic("Antminer S21")
    ///     .ok_or("missing")?
    ///     .to_machine()?
    ///     .with_price(Usd::from_dollars(2_500.0)?)?;
    /// let p = Scenario::new(
    ///     900_000,
    ///     10,
    ///     DifficultyPath::Constant(Difficulty::new(1.26e14)?),
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(1e5)?),
    /// )?
    /// .project(&Fleet::single(s21, 40)?)?;
    /// assert_eq!(p.capex().to_dollars(), 100_000.0);
    /// assert_eq!(p.cash_flows()[0], -p.capex());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn capex(&self) -> Usd {
        self.capex
    }

    /// Total revenue.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{DifficultyPath, Fleet, PricePath, Scenario, builtin_asic};
    /// use minerscope::units::{BtcPrice, Difficulty};
    ///
    /// let fleet =
    ///     Fleet::single(builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?, 100)?;
    /// let p = Scenario::new(
    ///     900_000,
    ///     30,
    ///     DifficultyPath::Constant(Difficulty::new(1.26e14)?),
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(1e5)?),
    /// )?
    /// .project(&fleet)?;
    /// let day0 = p.days()[0].revenue.to_dollars();
    /// assert!((p.total_revenue().to_dollars() - 30.0 * day0).abs() < 1e-6);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn total_revenue(&self) -> Usd {
        self.days.iter().fold(Usd::ZERO, |a, d| a + d.revenue)
    }

    /// Total energy cost.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{DifficultyPath, Fleet, PricePath, Scenario, builtin_asic};
    /// use minerscope::units::{BtcPrice, Difficulty, EnergyPrice};
    ///
    /// let fleet =
    ///     Fleet::single(builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?, 100)?;
    /// let p = Scenario::new(
    ///     900_000,
    ///     30,
    ///     DifficultyPath::Constant(Difficulty::new(1.26e14)?),
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(1e5)?),
    /// )?
    /// .with_power_price(EnergyPrice::from_usd_per_mwh(45.0)?)?
    /// .project(&fleet)?;
    /// assert!((p.total_energy_cost().to_dollars() - 30.0 * 8.4 * 45.0).abs() < 1e-6);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn total_energy_cost(&self) -> Usd {
        self.days.iter().fold(Usd::ZERO, |a, d| a + d.energy_cost)
    }

    /// Total operating profit (before capex): [`total_revenue`](Self::total_revenue) −
    /// [`total_energy_cost`](Self::total_energy_cost), one subtraction of the two totals, so
    /// `total_profit() == total_revenue() - total_energy_cost()` holds exactly.
    ///
    /// The sum of the daily [`ProjectionDay::profit`]s (the cash flows after day 0, which
    /// [`npv`](Self::npv) and [`payback_days`](Self::payback_days) use) rounds differently: over
    /// `n` days the two agree to within `n·ε·(total revenue + total energy cost)` (ε =
    /// `f64::EPSILON`; the standard first-order bound for floating-point summation), under
    /// 10⁻¹² of the totals for a ten-year horizon.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{DifficultyPath, Fleet, PricePath, Scenario, builtin_asic};
    /// use minerscope::units::{BtcPrice, Difficulty, EnergyPrice};
    ///
    /// let fleet =
    ///     Fleet::single(builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?, 100)?;
    /// let p = Scenario::new(
    ///     900_000,
    ///     30,
    ///     DifficultyPath::growth(Difficulty::new(1.26e14)?, 0.4)?,
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(1e5)?),
    /// )?
    /// .with_power_price(EnergyPrice::from_usd_per_mwh(45.0)?)?
    /// .project(&fleet)?;
    /// assert_eq!(p.total_profit(), p.total_revenue() - p.total_energy_cost());
    /// // The daily profits add up to the same total, up to rounding.
    /// let by_day: f64 = p.days().iter().map(|d| d.profit().to_dollars()).sum();
    /// let scale = (p.total_revenue() + p.total_energy_cost()).to_dollars();
    /// assert!((p.total_profit().to_dollars() - by_day).abs() <= 30.0 * f64::EPSILON * scale);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn total_profit(&self) -> Usd {
        self.total_revenue() - self.total_energy_cost()
    }

    /// Daily cash flows: `−capex` on day 0, then each day's profit.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{DifficultyPath, Fleet, PricePath, Scenario, builtin_asic};
    /// use minerscope::units::{BtcPrice, Difficulty, Usd};
    ///
    /// let s21 = builtin_asic("Antminer S21")
    ///     .ok_or("missing")?
    ///     .to_machine()?
    ///     .with_price(Usd::from_dollars(3_000.0)?)?;
    /// let p = Scenario::new(
    ///     900_000,
    ///     3,
    ///     DifficultyPath::Constant(Difficulty::new(1.26e14)?),
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(1e5)?),
    /// )?
    /// .project(&Fleet::single(s21, 1)?)?;
    /// let flows = p.cash_flows();
    /// assert_eq!(flows.len(), 4);
    /// assert_eq!(flows[0].to_dollars(), -3_000.0);
    /// assert_eq!(flows[3], p.days()[2].profit());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn cash_flows(&self) -> Vec<Usd> {
        core::iter::once(-self.capex).chain(self.days.iter().map(ProjectionDay::profit)).collect()
    }

    /// Net present value at an annual discount rate (compounded daily, 365 days a year).
    ///
    /// # Errors
    ///
    /// As [`rate_per_period`] and [`npv`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{DifficultyPath, Fleet, PricePath, Scenario, builtin_asic};
    /// use minerscope::units::{BtcPrice, Difficulty, EnergyPrice, Usd};
    ///
    /// let s21 = builtin_asic("Antminer S21")
    ///     .ok_or("missing")?
    ///     .to_machine()?
    ///     .with_price(Usd::from_dollars(3_000.0)?)?;
    /// let p = Scenario::new(
    ///     900_000,
    ///     730,
    ///     DifficultyPath::Constant(Difficulty::new(1.26e14)?),
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(1e5)?),
    /// )?
    /// .with_power_price(EnergyPrice::from_usd_per_mwh(45.0)?)?
    /// .project(&Fleet::single(s21, 100)?)?;
    /// // At a zero rate NPV is profit minus capex; discounting only lowers it.
    /// let undiscounted = p.total_profit() - p.capex();
    /// assert!((p.npv(0.0)? - undiscounted).to_dollars().abs() < 1e-6);
    /// assert!(p.npv(0.15)? < undiscounted);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn npv(&self, annual_rate: f64) -> Result<Usd, EconomicsError> {
        npv(rate_per_period(annual_rate, DAYS_PER_YEAR)?, &self.cash_flows())
    }

    /// Internal rate of return, annualised: `(1 + r_daily)^365 − 1`.
    ///
    /// # Errors
    ///
    /// As [`irr`] (e.g. no capex, so no sign change).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{DifficultyPath, Fleet, PricePath, Scenario, builtin_asic};
    /// use minerscope::units::{BtcPrice, Difficulty, EnergyPrice, Usd};
    ///
    /// let s21 = builtin_asic("Antminer S21")
    ///     .ok_or("missing")?
    ///     .to_machine()?
    ///     .with_price(Usd::from_dollars(3_000.0)?)?;
    /// let p = Scenario::new(
    ///     900_000,
    ///     730,
    ///     DifficultyPath::Constant(Difficulty::new(1.26e14)?),
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(1e5)?),
    /// )?
    /// .with_power_price(EnergyPrice::from_usd_per_mwh(45.0)?)?
    /// .project(&Fleet::single(s21, 100)?)?;
    /// let irr = p.irr_annual()?;
    /// // The IRR is the rate at which the NPV vanishes.
    /// assert!(irr > 0.0);
    /// assert!(p.npv(irr)?.to_dollars().abs() < 1.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn irr_annual(&self) -> Result<f64, EconomicsError> {
        let r = irr(&self.cash_flows())?;
        computed("annual IRR", (1.0 + r).powf(DAYS_PER_YEAR) - 1.0)
    }

    /// Days until cumulative profit repays the capex, if within the horizon.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{DifficultyPath, Fleet, PricePath, Scenario, builtin_asic};
    /// use minerscope::units::{BtcPrice, Difficulty, EnergyPrice, Usd};
    ///
    /// let s21 = builtin_asic("Antminer S21")
    ///     .ok_or("missing")?
    ///     .to_machine()?
    ///     .with_price(Usd::from_dollars(3_000.0)?)?;
    /// let s = Scenario::new(
    ///     900_000,
    ///     730,
    ///     DifficultyPath::Constant(Difficulty::new(1.26e14)?),
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(1e5)?),
    /// )?
    /// .with_power_price(EnergyPrice::from_usd_per_mwh(45.0)?)?;
    /// let p = s.project(&Fleet::single(s21, 100)?)?;
    /// // $300 000 repaid at about $627 a day: day 478.
    /// let days = p.payback_days().ok_or("not repaid")?;
    /// let per_day = p.days()[0].profit().to_dollars();
    /// assert!((days - 300_000.0 / per_day).abs() < 1.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn payback_days(&self) -> Option<f64> {
        payback_periods(&self.cash_flows())
    }
}

/// Projections at an uncertain network hashrate or starting difficulty: the central one and,
/// when the input carried an interval, the ones at its low and high bounds.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{
///     DifficultyPath, Fleet, PricePath, Scenario, Uncertain, builtin_asic,
/// };
/// use minerscope::stats::{ConfidenceLevel, Interval};
/// use minerscope::units::{BtcPrice, Difficulty, EnergyPrice, Hashrate};
///
/// let fleet =
///     Fleet::single(builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?, 100)?;
/// let s = Scenario::new(
///     900_000,
///     365,
///     DifficultyPath::Constant(Difficulty::new(1.26e14)?),
///     PricePath::Constant(BtcPrice::from_usd_per_btc(1e5)?),
/// )?
/// .with_power_price(EnergyPrice::from_usd_per_mwh(45.0)?)?;
/// let eh = |x| Hashrate::from_ehs(x);
/// let network = Uncertain::new(
///     eh(900.0)?,
///     Some(Interval::new(eh(860.0)?, eh(940.0)?, ConfidenceLevel::P95)?),
/// );
/// let band = s.project_uncertain(&fleet, network, 0.3)?;
/// let (optimistic, pessimistic) = band.bounds().ok_or("no interval")?;
/// assert!(optimistic.total_profit() > band.central().total_profit());
/// assert!(pessimistic.total_profit() < band.central().total_profit());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawProjectionBand"))]
pub struct ProjectionBand {
    central: Projection,
    bounds: Option<(Projection, Projection, ConfidenceLevel)>,
}

/// The serialized form of a [`ProjectionBand`], checked on the way in: the bounds are the same
/// scenario under other inputs, so they span the central projection's days.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawProjectionBand {
    central: Projection,
    bounds: Option<(Projection, Projection, ConfidenceLevel)>,
}

#[cfg(feature = "serde")]
impl TryFrom<RawProjectionBand> for ProjectionBand {
    type Error = EconomicsError;
    fn try_from(raw: RawProjectionBand) -> Result<Self, EconomicsError> {
        let RawProjectionBand { central, bounds } = raw;
        if let Some((a, b, _)) = &bounds {
            for bound in [a, b] {
                if bound.days.len() != central.days.len() {
                    return Err(EconomicsError::LengthMismatch {
                        what: "projection band: central and bound days",
                        left: central.days.len(),
                        right: bound.days.len(),
                    });
                }
            }
        }
        Ok(ProjectionBand { central, bounds })
    }
}

impl ProjectionBand {
    /// The projection at the point hashrate.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{
    ///     DifficultyPath, Fleet, PricePath, Scenario, Uncertain, builtin_asic,
    /// };
    /// use minerscope::units::{BtcPrice, Difficulty, Hashrate};
    ///
    /// let s21 = builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?;
    /// let fleet = Fleet::single(s21, 100)?;
    /// let s = Scenario::new(900_000, 30, DifficultyPath::Constant(Difficulty::new(1.26e14)?),
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(1e5)?))?;
    /// // An exact hashrate: only the central projection, which uses its equilibrium difficulty.
    /// let band = s.project_uncertain(&fleet, Uncertain::exact(Hashrate::from_ehs(900.0)?), 0.0)?;
    /// assert!(band.bounds().is_none());
    /// let d = band.central().days()[0].difficulty.to_f64();
    /// assert!((d / 1e12 - 125.7).abs() < 0.1);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn central(&self) -> &Projection {
        &self.central
    }

    /// The projections at the low and high input bounds (optimistic, pessimistic).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{
    ///     DifficultyPath, Fleet, PricePath, Scenario, Uncertain, builtin_asic,
    /// };
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    /// use minerscope::units::{BtcPrice, Difficulty};
    ///
    /// let fleet =
    ///     Fleet::single(builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?, 100)?;
    /// let s = Scenario::new(
    ///     900_000,
    ///     30,
    ///     DifficultyPath::Constant(Difficulty::new(1.26e14)?),
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(1e5)?),
    /// )?;
    /// let d = |x| Difficulty::new(x);
    /// let start = Uncertain::new(
    ///     d(1.26e14)?,
    ///     Some(Interval::new(d(1.2e14)?, d(1.3e14)?, ConfidenceLevel::P90)?),
    /// );
    /// let band = s.project_uncertain_difficulty(&fleet, start, 0.0)?;
    /// let (low_d, high_d) = band.bounds().ok_or("no interval")?;
    /// assert_eq!(low_d.days()[0].difficulty, d(1.2e14)?);
    /// assert_eq!(high_d.days()[0].difficulty, d(1.3e14)?);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn bounds(&self) -> Option<(&Projection, &Projection)> {
        self.bounds.as_ref().map(|(a, b, _)| (a, b))
    }

    fn carry<E>(&self, f: impl Fn(&Projection) -> Result<Usd, E>) -> Result<Uncertain<Usd>, E> {
        let value = f(&self.central)?;
        let interval = match &self.bounds {
            Some((lo_h, hi_h, level)) => {
                let (a, b) = (f(hi_h)?, f(lo_h)?);
                let (a, b) = if a <= b { (a, b) } else { (b, a) };
                Some(Interval::from_ordered(a, b, *level))
            }
            None => None,
        };
        Ok(Uncertain::new(value, interval))
    }

    /// NPV with the hashrate interval carried through.
    ///
    /// # Errors
    ///
    /// As [`Projection::npv`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{
    ///     DifficultyPath, Fleet, PricePath, Scenario, Uncertain, builtin_asic,
    /// };
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    /// use minerscope::units::{BtcPrice, Difficulty, EnergyPrice, Usd};
    ///
    /// let s21 = builtin_asic("Antminer S21")
    ///     .ok_or("missing")?
    ///     .to_machine()?
    ///     .with_price(Usd::from_dollars(3_000.0)?)?;
    /// let fleet = Fleet::single(s21, 100)?;
    /// let s = Scenario::new(
    ///     900_000,
    ///     365,
    ///     DifficultyPath::Constant(Difficulty::new(1.26e14)?),
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(1e5)?),
    /// )?
    /// .with_power_price(EnergyPrice::from_usd_per_mwh(45.0)?)?;
    /// let d = |x| Difficulty::new(x);
    /// let start = Uncertain::new(
    ///     d(1.26e14)?,
    ///     Some(Interval::new(d(1.2e14)?, d(1.3e14)?, ConfidenceLevel::P90)?),
    /// );
    /// let npv = s.project_uncertain_difficulty(&fleet, start, 0.3)?.npv(0.1)?;
    /// assert!(npv.low() < npv.value() && npv.value() < npv.high());
    /// assert_eq!(npv.interval().map(|i| i.level()), Some(ConfidenceLevel::P90));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn npv(&self, annual_rate: f64) -> Result<Uncertain<Usd>, EconomicsError> {
        self.carry(|p| p.npv(annual_rate))
    }

    /// Total operating profit with the input interval carried through: the value and both
    /// bounds are each one projection's [`Projection::total_profit`], so each is exactly that
    /// projection's total revenue − total energy cost.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{
    ///     DifficultyPath, Fleet, PricePath, Scenario, Uncertain, builtin_asic,
    /// };
    /// use minerscope::units::{BtcPrice, Difficulty};
    ///
    /// let fleet =
    ///     Fleet::single(builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?, 100)?;
    /// let s = Scenario::new(
    ///     900_000,
    ///     30,
    ///     DifficultyPath::Constant(Difficulty::new(1.26e14)?),
    ///     PricePath::Constant(BtcPrice::from_usd_per_btc(1e5)?),
    /// )?;
    /// let band = s.project_uncertain_difficulty(
    ///     &fleet,
    ///     Uncertain::exact(Difficulty::new(1.26e14)?),
    ///     0.0,
    /// )?;
    /// let profit = band.total_profit();
    /// assert_eq!(profit.value(), band.central().total_profit());
    /// assert!(profit.interval().is_none());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn total_profit(&self) -> Uncertain<Usd> {
        match self.carry(|p| Ok::<_, core::convert::Infallible>(p.total_profit())) {
            Ok(profit) => profit,
            Err(never) => match never {},
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::economics::builtin_asic;

    type Result = core::result::Result<(), Box<dyn std::error::Error>>;

    /// A two-year fleet projection with rising difficulty and price: 730 distinct daily
    /// revenues, whose plain sums round differently from the sum of their differences.
    fn two_years() -> core::result::Result<(Scenario, Fleet), Box<dyn std::error::Error>> {
        let machine = |name: &str| -> core::result::Result<_, Box<dyn std::error::Error>> {
            Ok(builtin_asic(name).ok_or("missing asic")?.to_machine()?)
        };
        let fleet =
            Fleet::new(vec![(machine("Antminer S21")?, 130), (machine("Antminer S19")?, 70)])?;
        let s = Scenario::new(
            1_000_000,
            730,
            DifficultyPath::growth(Difficulty::new(1.26e14)?, 0.45)?,
            PricePath::growth(BtcPrice::from_usd_per_btc(97_300.0)?, 0.2)?,
        )?
        .with_fees_per_block(Amount::from_sat(2_700_000))
        .with_power_price(EnergyPrice::from_usd_per_mwh(52.5)?)?;
        Ok((s, fleet))
    }

    #[test]
    fn total_profit_is_exactly_revenue_minus_energy_cost() -> Result {
        let (s, fleet) = two_years()?;
        let p = s.project(&fleet)?;
        assert_eq!(p.total_profit(), p.total_revenue() - p.total_energy_cost());
        Ok(())
    }

    #[test]
    fn daily_profits_add_up_to_the_total_within_the_documented_rounding_bound() -> Result {
        let (s, fleet) = two_years()?;
        let p = s.project(&fleet)?;
        let by_day: f64 = p.days().iter().map(|d| d.profit().to_dollars()).sum();
        let by_flows: f64 = p.cash_flows().iter().skip(1).map(|f| f.to_dollars()).sum();
        assert_eq!(by_day, by_flows);
        // n·ε·(R + C), the first-order bound on the two summation orders' rounding.
        let n = p.days().len() as f64;
        let bound = n * f64::EPSILON * (p.total_revenue() + p.total_energy_cost()).to_dollars();
        assert!(bound < 1e-6, "the bound is far below a cent: {bound}");
        assert!((p.total_profit().to_dollars() - by_day).abs() <= bound);
        Ok(())
    }

    #[test]
    fn band_total_profit_is_each_projections_revenue_minus_energy_cost() -> Result {
        let (s, fleet) = two_years()?;
        let eh = Hashrate::from_ehs;
        let level = ConfidenceLevel::P95;
        let network =
            Uncertain::new(eh(910.0)?, Some(Interval::new(eh(850.0)?, eh(980.0)?, level)?));
        let band = s.project_uncertain(&fleet, network, 0.45)?;
        let net = |p: &Projection| p.total_revenue() - p.total_energy_cost();
        let profit = band.total_profit();
        assert_eq!(profit.value(), net(band.central()));
        let (optimistic, pessimistic) = band.bounds().ok_or("no bounds")?;
        let interval = profit.interval().ok_or("no interval")?;
        assert_eq!((interval.low(), interval.high()), (net(pessimistic), net(optimistic)));
        assert_eq!(interval.level(), level);
        Ok(())
    }
}
