//! Mixed fleets and the operating terms they run under.

use super::error::{EconomicsError, computed, fraction_below_one, fraction_positive};
use super::hashprice::MWH_PER_PH_DAY_PER_J_PER_TH;
use super::{Hashprice, Machine, Uncertain};
use crate::units::{Efficiency, Energy, EnergyPrice, Hashrate, Power, Usd};

/// How a site runs its machines: pool fee, uptime, and cooling overhead (PUE).
///
/// * `pool_fee` in `[0, 1)`: the pool's cut of revenue (FPPS fees are typically 0.02–0.04).
/// * `uptime` in `(0, 1]`: the fraction of time machines hash (maintenance, failures); energy
///   and revenue both scale with it.
/// * `pue` ≥ 1: facility energy over machine energy (fans, pumps, transformer losses).
///
/// # Examples
///
/// ```
/// use minerscope::economics::OperatingTerms;
///
/// let t = OperatingTerms::new(0.02, 0.97, 1.05)?;
/// assert_eq!(t.pool_fee(), 0.02);
/// assert!(OperatingTerms::new(1.0, 0.97, 1.05).is_err());
/// # Ok::<_, minerscope::economics::EconomicsError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "OperatingTermsRaw"))]
pub struct OperatingTerms {
    pool_fee: f64,
    uptime: f64,
    pue: f64,
}

impl OperatingTerms {
    /// No pool fee, full uptime, no cooling overhead: the SCIENCE.md §8 "before adjustments"
    /// case.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::OperatingTerms;
    ///
    /// let t = OperatingTerms::IDEAL;
    /// assert_eq!((t.pool_fee(), t.uptime(), t.pue()), (0.0, 1.0, 1.0));
    /// assert_eq!(OperatingTerms::default(), t);
    /// ```
    pub const IDEAL: OperatingTerms = OperatingTerms { pool_fee: 0.0, uptime: 1.0, pue: 1.0 };

    /// Creates terms.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::NotFinite`] or [`EconomicsError::OutOfRange`] for a pool fee outside
    /// `[0, 1)`, an uptime outside `(0, 1]` or a PUE below 1.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{EconomicsError, OperatingTerms};
    ///
    /// let t = OperatingTerms::new(0.025, 0.95, 1.1)?;
    /// assert_eq!(t.uptime(), 0.95);
    /// assert!(matches!(
    ///     OperatingTerms::new(0.02, 0.95, 0.9),
    ///     Err(EconomicsError::OutOfRange { .. })
    /// ));
    /// assert!(OperatingTerms::new(0.02, 0.0, 1.1).is_err()); // a site that never runs
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(pool_fee: f64, uptime: f64, pue: f64) -> Result<Self, EconomicsError> {
        let pool_fee = fraction_below_one("pool fee", pool_fee)?;
        let uptime = fraction_positive("uptime", uptime)?;
        let pue = super::error::finite("power usage effectiveness (PUE)", pue)?;
        if pue < 1.0 {
            return Err(EconomicsError::OutOfRange {
                what: "power usage effectiveness (PUE)",
                expected: "[1, ∞)",
                value: pue,
            });
        }
        Ok(OperatingTerms { pool_fee, uptime, pue })
    }

    /// The pool's fee fraction.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::OperatingTerms;
    ///
    /// assert_eq!(OperatingTerms::new(0.03, 1.0, 1.0)?.pool_fee(), 0.03);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn pool_fee(&self) -> f64 {
        self.pool_fee
    }

    /// The fraction of time machines hash.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::OperatingTerms;
    ///
    /// assert_eq!(OperatingTerms::new(0.0, 0.97, 1.0)?.uptime(), 0.97);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn uptime(&self) -> f64 {
        self.uptime
    }

    /// Power usage effectiveness (facility energy / machine energy).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::OperatingTerms;
    ///
    /// assert_eq!(OperatingTerms::new(0.0, 1.0, 1.08)?.pue(), 1.08);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn pue(&self) -> f64 {
        self.pue
    }

    /// Net mining revenue per MWh of **facility** energy for machines at `efficiency`:
    /// `hashprice·(1 − fee) / (e·0.024·PUE)`. Uptime cancels (it scales revenue and energy
    /// alike). This is the breakeven power price and the curtailment strike.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Hashprice, OperatingTerms};
    /// use minerscope::units::Efficiency;
    ///
    /// // $50/PH/day at 20 J/TH: $104.17/MWh gross; a 2 % fee and PUE 1.1 cut it to $92.80/MWh.
    /// let (hp, eff) =
    ///     (Hashprice::from_usd_per_ph_day(50.0)?, Efficiency::from_j_per_th(20.0)?);
    /// let gross = OperatingTerms::IDEAL.net_revenue_per_mwh(hp, eff);
    /// assert_eq!(gross, hp.revenue_per_mwh(eff));
    /// let net = OperatingTerms::new(0.02, 0.9, 1.1)?.net_revenue_per_mwh(hp, eff);
    /// assert!((net.to_usd_per_mwh() - 50.0 * 0.98 / (20.0 * 0.024 * 1.1)).abs() < 1e-9);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn net_revenue_per_mwh(&self, hashprice: Hashprice, efficiency: Efficiency) -> EnergyPrice {
        let usd = hashprice.to_usd_per_ph_day() * (1.0 - self.pool_fee)
            / (efficiency.to_j_per_th() * MWH_PER_PH_DAY_PER_J_PER_TH * self.pue);
        EnergyPrice::from_usd_per_mwh(usd.min(f64::MAX)).unwrap_or(EnergyPrice::ZERO)
    }
}

impl Default for OperatingTerms {
    fn default() -> Self {
        Self::IDEAL
    }
}

/// One line of a fleet: a machine model and how many units of it.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{Fleet, Machine};
/// use minerscope::units::{Hashrate, Power};
///
/// let s21 = Machine::new("S21", Hashrate::from_ths(200.0)?, Power::from_watts(3_500.0)?)?;
/// let fleet = Fleet::single(s21, 1_000)?;
/// let line = &fleet.entries()[0];
/// assert_eq!((line.machine().name(), line.count()), ("S21", 1_000));
/// assert_eq!(line.hashrate().to_phs(), 200.0);
/// assert_eq!(line.power().to_megawatts(), 3.5);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FleetEntry {
    machine: Machine,
    count: u32,
}

impl FleetEntry {
    /// The machine model.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Fleet, Machine};
    /// use minerscope::units::{Hashrate, Power};
    ///
    /// let s19 = Machine::new("S19", Hashrate::from_ths(95.0)?, Power::from_watts(3_250.0)?)?;
    /// let fleet = Fleet::single(s19.clone(), 10)?;
    /// assert_eq!(fleet.entries()[0].machine(), &s19);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn machine(&self) -> &Machine {
        &self.machine
    }

    /// Units of it.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Fleet, Machine};
    /// use minerscope::units::{Hashrate, Power};
    ///
    /// let s19 = Machine::new("S19", Hashrate::from_ths(95.0)?, Power::from_watts(3_250.0)?)?;
    /// let fleet = Fleet::new(vec![(s19.clone(), 0), (s19, 7)])?; // the zero line is dropped
    /// assert_eq!(fleet.entries().len(), 1);
    /// assert_eq!(fleet.entries()[0].count(), 7);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn count(&self) -> u32 {
        self.count
    }

    /// Total hashrate of the line.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Fleet, Machine};
    /// use minerscope::units::{Hashrate, Power};
    ///
    /// let s19 = Machine::new("S19", Hashrate::from_ths(95.0)?, Power::from_watts(3_250.0)?)?;
    /// assert_eq!(Fleet::single(s19, 20)?.entries()[0].hashrate().to_ths(), 1_900.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn hashrate(&self) -> Hashrate {
        Hashrate::from_hs(self.machine.hashrate().to_hs() * f64::from(self.count))
            .unwrap_or(Hashrate::ZERO)
    }

    /// Total machine power of the line (before PUE).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Fleet, Machine};
    /// use minerscope::units::{Hashrate, Power};
    ///
    /// let s19 = Machine::new("S19", Hashrate::from_ths(95.0)?, Power::from_watts(3_250.0)?)?;
    /// assert_eq!(Fleet::single(s19, 20)?.entries()[0].power().to_kilowatts(), 65.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn power(&self) -> Power {
        Power::from_watts(self.machine.power().to_watts() * f64::from(self.count))
            .unwrap_or(Power::ZERO)
    }
}

/// A mixed fleet: machine models with counts. Never empty.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{Fleet, builtin_asic};
///
/// let s21 = builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?;
/// let s19 = builtin_asic("Antminer S19").ok_or("missing")?.to_machine()?;
/// let fleet = Fleet::new(vec![(s21, 1000), (s19, 500)])?;
/// assert!((fleet.hashrate().to_phs() - 247.5).abs() < 1e-9);
/// assert!(Fleet::new(vec![]).is_err());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "FleetRaw"))]
pub struct Fleet {
    entries: Vec<FleetEntry>,
    hashrate: Hashrate,
    power: Power,
    efficiency: Efficiency,
}

impl Fleet {
    /// Creates a fleet from `(machine, count)` lines. Lines with a zero count are dropped.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::EmptyFleet`] if no line has a positive count;
    /// [`EconomicsError::Overflow`] if the total hashrate, power or capex overflows.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{EconomicsError, Fleet, Machine};
    /// use minerscope::units::{Hashrate, Power};
    ///
    /// let s21 = Machine::new("S21", Hashrate::from_ths(200.0)?, Power::from_watts(3_500.0)?)?;
    /// let s19 = Machine::new("S19", Hashrate::from_ths(95.0)?, Power::from_watts(3_250.0)?)?;
    /// let fleet = Fleet::new(vec![(s21.clone(), 100), (s19, 100)])?;
    /// assert_eq!(fleet.entries().len(), 2);
    /// // 675 kW over 29.5 PH/s: 22.9 J/TH, hashrate-weighted.
    /// assert!((fleet.efficiency().to_j_per_th() - 675_000.0 / 29_500.0).abs() < 1e-9);
    /// assert!(matches!(Fleet::new(vec![(s21, 0)]), Err(EconomicsError::EmptyFleet)));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(lines: Vec<(Machine, u32)>) -> Result<Self, EconomicsError> {
        let entries: Vec<FleetEntry> = lines
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(machine, count)| FleetEntry { machine, count })
            .collect();
        if entries.is_empty() {
            return Err(EconomicsError::EmptyFleet);
        }
        let hs: f64 =
            entries.iter().map(|e| e.machine.hashrate().to_hs() * f64::from(e.count)).sum();
        let w: f64 =
            entries.iter().map(|e| e.machine.power().to_watts() * f64::from(e.count)).sum();
        let hashrate = Hashrate::from_hs(computed("fleet hashrate", hs)?)?;
        let power = Power::from_watts(computed("fleet power", w)?)?;
        let efficiency = Efficiency::from_j_per_th(power.to_watts() / hashrate.to_ths())?;
        // Checked here so that `capex` cannot overflow (it would report $0).
        computed("fleet capex", capex_dollars(&entries))?;
        Ok(Fleet { entries, hashrate, power, efficiency })
    }

    /// A fleet of one model.
    ///
    /// # Errors
    ///
    /// As [`Fleet::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Fleet, Machine};
    /// use minerscope::units::{Hashrate, Power};
    ///
    /// let s21 = Machine::new("S21", Hashrate::from_ths(200.0)?, Power::from_watts(3_500.0)?)?;
    /// let fleet = Fleet::single(s21.clone(), 500)?;
    /// assert_eq!(fleet, Fleet::new(vec![(s21, 500)])?);
    /// assert_eq!(fleet.hashrate().to_phs(), 100.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn single(machine: Machine, count: u32) -> Result<Self, EconomicsError> {
        Self::new(vec![(machine, count)])
    }

    /// The fleet's lines.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Fleet, Machine};
    /// use minerscope::units::{Hashrate, Power};
    ///
    /// let s21 = Machine::new("S21", Hashrate::from_ths(200.0)?, Power::from_watts(3_500.0)?)?;
    /// let s19 = Machine::new("S19", Hashrate::from_ths(95.0)?, Power::from_watts(3_250.0)?)?;
    /// let fleet = Fleet::new(vec![(s21, 3), (s19, 2)])?;
    /// let names: Vec<&str> = fleet.entries().iter().map(|e| e.machine().name()).collect();
    /// assert_eq!(names, ["S21", "S19"]);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn entries(&self) -> &[FleetEntry] {
        &self.entries
    }

    /// Total hashrate.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Fleet, Machine};
    /// use minerscope::units::{Hashrate, Power};
    ///
    /// let s21 = Machine::new("S21", Hashrate::from_ths(200.0)?, Power::from_watts(3_500.0)?)?;
    /// let s19 = Machine::new("S19", Hashrate::from_ths(95.0)?, Power::from_watts(3_250.0)?)?;
    /// let fleet = Fleet::new(vec![(s21, 1_000), (s19, 500)])?;
    /// assert!((fleet.hashrate().to_phs() - 247.5).abs() < 1e-9);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn hashrate(&self) -> Hashrate {
        self.hashrate
    }

    /// Total machine power (before PUE).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Fleet, Machine};
    /// use minerscope::units::{Hashrate, Power};
    ///
    /// let s21 = Machine::new("S21", Hashrate::from_ths(200.0)?, Power::from_watts(3_500.0)?)?;
    /// let s19 = Machine::new("S19", Hashrate::from_ths(95.0)?, Power::from_watts(3_250.0)?)?;
    /// let fleet = Fleet::new(vec![(s21, 1_000), (s19, 500)])?;
    /// assert!((fleet.power().to_megawatts() - 5.125).abs() < 1e-12);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn power(&self) -> Power {
        self.power
    }

    /// Hashrate-weighted efficiency: total power over total hashrate.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Fleet, Machine};
    /// use minerscope::units::{Hashrate, Power};
    ///
    /// // Equal hashrate from a 17.5 J/TH and a 35 J/TH machine averages to 26.25 J/TH.
    /// let a = Machine::new("a", Hashrate::from_ths(100.0)?, Power::from_watts(1_750.0)?)?;
    /// let b = Machine::new("b", Hashrate::from_ths(100.0)?, Power::from_watts(3_500.0)?)?;
    /// let fleet = Fleet::new(vec![(a, 1), (b, 1)])?;
    /// assert!((fleet.efficiency().to_j_per_th() - 26.25).abs() < 1e-12);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn efficiency(&self) -> Efficiency {
        self.efficiency
    }

    /// Total purchase price of all units.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Fleet, Machine};
    /// use minerscope::units::{Hashrate, Power, Usd};
    ///
    /// let s21 = Machine::new("S21", Hashrate::from_ths(200.0)?, Power::from_watts(3_500.0)?)?
    ///     .with_price(Usd::from_dollars(3_000.0)?)?;
    /// assert_eq!(Fleet::single(s21, 1_000)?.capex().to_dollars(), 3_000_000.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn capex(&self) -> Usd {
        // Finite: checked in `new`.
        Usd::from_dollars(capex_dollars(&self.entries)).unwrap_or(Usd::ZERO)
    }

    /// One day's revenue, energy and cost at `hashprice` and `power_price`, every machine on.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::NegativePowerPrice`] if `power_price` is negative (use the
    /// curtailment schedule for spot prices); [`EconomicsError::Overflow`] on overflow.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{
    ///     EconomicsError, Fleet, Hashprice, Machine, OperatingTerms,
    /// };
    /// use minerscope::units::{EnergyPrice, Hashrate, Power};
    ///
    /// // 1 000 S21s (200 PH/s, 3.5 MW) at $50/PH/day and $40/MWh: $10 000 of revenue, 84 MWh
    /// // costing $3 360.
    /// let s21 = Machine::new("S21", Hashrate::from_ths(200.0)?, Power::from_watts(3_500.0)?)?;
    /// let fleet = Fleet::single(s21, 1_000)?;
    /// let hp = Hashprice::from_usd_per_ph_day(50.0)?;
    /// let day =
    ///     fleet.daily(hp, EnergyPrice::from_usd_per_mwh(40.0)?, &OperatingTerms::IDEAL)?;
    /// assert!((day.revenue().to_dollars() - 10_000.0).abs() < 1e-6);
    /// assert!((day.energy().to_mwh() - 84.0).abs() < 1e-9);
    /// assert!((day.profit().to_dollars() - 6_640.0).abs() < 1e-6);
    /// let negative =
    ///     fleet.daily(hp, EnergyPrice::from_usd_per_mwh(-5.0)?, &OperatingTerms::IDEAL);
    /// assert!(matches!(negative, Err(EconomicsError::NegativePowerPrice { .. })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn daily(
        &self,
        hashprice: Hashprice,
        power_price: EnergyPrice,
        terms: &OperatingTerms,
    ) -> Result<DailyEconomics, EconomicsError> {
        if power_price.to_usd_per_mwh() < 0.0 {
            return Err(EconomicsError::NegativePowerPrice {
                what: "power price",
                usd_per_mwh: power_price.to_usd_per_mwh(),
            });
        }
        let revenue = hashprice.to_usd_per_ph_day()
            * self.hashrate().to_phs()
            * terms.uptime
            * (1.0 - terms.pool_fee);
        let mwh = self.power().to_megawatts() * 24.0 * terms.uptime * terms.pue;
        let cost = mwh * power_price.to_usd_per_mwh();
        let revenue = Usd::from_dollars(computed("daily revenue", revenue)?)?;
        let energy_cost = Usd::from_dollars(computed("daily energy cost", cost)?)?;
        Ok(DailyEconomics { revenue, energy_cost, energy: Energy::from_mwh(mwh)? })
    }

    /// Daily profit (revenue − energy cost, every machine on) at an uncertain hashprice; the
    /// interval is carried at the hashprice's level (profit is increasing in hashprice).
    ///
    /// # Errors
    ///
    /// As [`Fleet::daily`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Fleet, Hashprice, Machine, OperatingTerms, Uncertain};
    /// use minerscope::stats::{ConfidenceLevel, Interval};
    /// use minerscope::units::{EnergyPrice, Hashrate, Power};
    ///
    /// let s21 = Machine::new("S21", Hashrate::from_ths(200.0)?, Power::from_watts(3_500.0)?)?;
    /// let fleet = Fleet::single(s21, 1_000)?;
    /// let hp = |usd| Hashprice::from_usd_per_ph_day(usd);
    /// let uncertain = Uncertain::new(
    ///     hp(50.0)?,
    ///     Some(Interval::new(hp(45.0)?, hp(55.0)?, ConfidenceLevel::P95)?),
    /// );
    /// let profit = fleet.daily_profit(
    ///     uncertain,
    ///     EnergyPrice::from_usd_per_mwh(40.0)?,
    ///     &OperatingTerms::IDEAL,
    /// )?;
    /// // ±$5/PH/day on 200 PH/s is ±$1 000 a day.
    /// assert!((profit.low().to_dollars() - 5_640.0).abs() < 1e-6);
    /// assert!((profit.high().to_dollars() - 7_640.0).abs() < 1e-6);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn daily_profit(
        &self,
        hashprice: Uncertain<Hashprice>,
        power_price: EnergyPrice,
        terms: &OperatingTerms,
    ) -> Result<Uncertain<Usd>, EconomicsError> {
        hashprice.try_map_monotone(|hp| self.daily(hp, power_price, terms).map(|d| d.profit()))
    }
}

/// One day of a fleet's economics.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{Fleet, Hashprice, Machine, OperatingTerms};
/// use minerscope::units::{EnergyPrice, Hashrate, Power};
///
/// let s21 = Machine::new("S21", Hashrate::from_ths(200.0)?, Power::from_watts(3_500.0)?)?;
/// let terms = OperatingTerms::new(0.02, 0.95, 1.1)?;
/// let day = Fleet::single(s21, 1_000)?.daily(
///     Hashprice::from_usd_per_ph_day(50.0)?,
///     EnergyPrice::from_usd_per_mwh(40.0)?,
///     &terms,
/// )?;
/// // Revenue 50 × 200 × 0.95 × 0.98; energy 3.5 MW × 24 h × 0.95 × 1.1.
/// assert!((day.revenue().to_dollars() - 9_310.0).abs() < 1e-6);
/// assert!((day.energy().to_mwh() - 87.78).abs() < 1e-9);
/// assert_eq!(day.profit(), day.revenue() - day.energy_cost());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DailyEconomics {
    revenue: Usd,
    energy_cost: Usd,
    energy: Energy,
}

impl DailyEconomics {
    /// Mining revenue after the pool fee.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Fleet, Hashprice, Machine, OperatingTerms};
    /// use minerscope::units::{EnergyPrice, Hashrate, Power};
    ///
    /// let s21 = Machine::new("S21", Hashrate::from_ths(200.0)?, Power::from_watts(3_500.0)?)?;
    /// let terms = OperatingTerms::new(0.03, 1.0, 1.0)?;
    /// let day = Fleet::single(s21, 10)?.daily(
    ///     Hashprice::from_usd_per_ph_day(50.0)?,
    ///     EnergyPrice::ZERO,
    ///     &terms,
    /// )?;
    /// assert!((day.revenue().to_dollars() - 97.0).abs() < 1e-9); // 2 PH/s × $50, less 3 %
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn revenue(&self) -> Usd {
        self.revenue
    }

    /// Energy cost (facility energy × power price).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Fleet, Hashprice, Machine, OperatingTerms};
    /// use minerscope::units::{EnergyPrice, Hashrate, Power};
    ///
    /// let s21 = Machine::new("S21", Hashrate::from_ths(200.0)?, Power::from_watts(3_500.0)?)?;
    /// let price = EnergyPrice::from_usd_per_mwh(50.0)?;
    /// let day =
    ///     Fleet::single(s21, 10)?.daily(Hashprice::ZERO, price, &OperatingTerms::IDEAL)?;
    /// assert!((day.energy_cost().to_dollars() - 0.84 * 50.0).abs() < 1e-9); // 35 kW for 24 h
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn energy_cost(&self) -> Usd {
        self.energy_cost
    }

    /// Facility energy used.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Fleet, Hashprice, Machine, OperatingTerms};
    /// use minerscope::units::{EnergyPrice, Hashrate, Power};
    ///
    /// let s21 = Machine::new("S21", Hashrate::from_ths(200.0)?, Power::from_watts(3_500.0)?)?;
    /// let terms = OperatingTerms::new(0.0, 1.0, 1.2)?;
    /// let day = Fleet::single(s21, 10)?.daily(Hashprice::ZERO, EnergyPrice::ZERO, &terms)?;
    /// assert!((day.energy().to_kwh() - 840.0 * 1.2).abs() < 1e-9); // PUE adds 20 %
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn energy(&self) -> Energy {
        self.energy
    }

    /// Revenue − energy cost.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Fleet, Hashprice, Machine, OperatingTerms};
    /// use minerscope::units::{EnergyPrice, Hashrate, Power};
    ///
    /// // At $30/PH/day and $100/MWh an S21 fleet loses money.
    /// let s21 = Machine::new("S21", Hashrate::from_ths(200.0)?, Power::from_watts(3_500.0)?)?;
    /// let day = Fleet::single(s21, 10)?.daily(
    ///     Hashprice::from_usd_per_ph_day(30.0)?,
    ///     EnergyPrice::from_usd_per_mwh(100.0)?,
    ///     &OperatingTerms::IDEAL,
    /// )?;
    /// assert!((day.profit().to_dollars() - (60.0 - 84.0)).abs() < 1e-9);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn profit(&self) -> Usd {
        self.revenue - self.energy_cost
    }
}

/// Unvalidated wire forms, checked by the constructors on deserialization.
/// Purchase price of every machine in `entries`, in dollars (may overflow to infinity).
fn capex_dollars(entries: &[FleetEntry]) -> f64 {
    entries.iter().map(|e| e.machine.price().to_dollars() * f64::from(e.count)).sum()
}

#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct OperatingTermsRaw {
    pool_fee: f64,
    uptime: f64,
    pue: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<OperatingTermsRaw> for OperatingTerms {
    type Error = EconomicsError;
    fn try_from(r: OperatingTermsRaw) -> Result<Self, EconomicsError> {
        OperatingTerms::new(r.pool_fee, r.uptime, r.pue)
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct FleetRaw {
    entries: Vec<FleetEntry>,
}

#[cfg(feature = "serde")]
impl TryFrom<FleetRaw> for Fleet {
    type Error = EconomicsError;
    fn try_from(r: FleetRaw) -> Result<Self, EconomicsError> {
        Fleet::new(r.entries.into_iter().map(|e| (e.machine, e.count)).collect())
    }
}
