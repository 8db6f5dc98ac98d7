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
    pub const IDEAL: OperatingTerms = OperatingTerms { pool_fee: 0.0, uptime: 1.0, pue: 1.0 };

    /// Creates terms.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::NotFinite`] or [`EconomicsError::OutOfRange`] for a pool fee outside
    /// `[0, 1)`, an uptime outside `(0, 1]` or a PUE below 1.
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
    pub fn pool_fee(&self) -> f64 {
        self.pool_fee
    }

    /// The fraction of time machines hash.
    pub fn uptime(&self) -> f64 {
        self.uptime
    }

    /// Power usage effectiveness (facility energy / machine energy).
    pub fn pue(&self) -> f64 {
        self.pue
    }

    /// Net mining revenue per MWh of **facility** energy for machines at `efficiency`:
    /// `hashprice·(1 − fee) / (e·0.024·PUE)`. Uptime cancels (it scales revenue and energy
    /// alike). This is the breakeven power price and the curtailment strike.
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
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FleetEntry {
    machine: Machine,
    count: u32,
}

impl FleetEntry {
    /// The machine model.
    pub fn machine(&self) -> &Machine {
        &self.machine
    }

    /// Units of it.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// Total hashrate of the line.
    pub fn hashrate(&self) -> Hashrate {
        Hashrate::from_hs(self.machine.hashrate().to_hs() * f64::from(self.count))
            .unwrap_or(Hashrate::ZERO)
    }

    /// Total machine power of the line (before PUE).
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
/// use minerscope::economics::{builtin_asic, Fleet};
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
    /// [`EconomicsError::Overflow`] if the total hashrate or power overflows.
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
        Ok(Fleet { entries, hashrate, power, efficiency })
    }

    /// A fleet of one model.
    ///
    /// # Errors
    ///
    /// As [`Fleet::new`].
    pub fn single(machine: Machine, count: u32) -> Result<Self, EconomicsError> {
        Self::new(vec![(machine, count)])
    }

    /// The fleet's lines.
    pub fn entries(&self) -> &[FleetEntry] {
        &self.entries
    }

    /// Total hashrate.
    pub fn hashrate(&self) -> Hashrate {
        self.hashrate
    }

    /// Total machine power (before PUE).
    pub fn power(&self) -> Power {
        self.power
    }

    /// Hashrate-weighted efficiency: total power over total hashrate.
    pub fn efficiency(&self) -> Efficiency {
        self.efficiency
    }

    /// Total purchase price of all units.
    pub fn capex(&self) -> Usd {
        let usd: f64 =
            self.entries.iter().map(|e| e.machine.price().to_dollars() * f64::from(e.count)).sum();
        Usd::from_dollars(usd).unwrap_or(Usd::ZERO)
    }

    /// One day's revenue, energy and cost at `hashprice` and `power_price`, every machine on.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::NegativePowerPrice`] if `power_price` is negative (use the
    /// curtailment schedule for spot prices); [`EconomicsError::Overflow`] on overflow.
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
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DailyEconomics {
    revenue: Usd,
    energy_cost: Usd,
    energy: Energy,
}

impl DailyEconomics {
    /// Mining revenue after the pool fee.
    pub fn revenue(&self) -> Usd {
        self.revenue
    }

    /// Energy cost (facility energy × power price).
    pub fn energy_cost(&self) -> Usd {
        self.energy_cost
    }

    /// Facility energy used.
    pub fn energy(&self) -> Energy {
        self.energy
    }

    /// Revenue − energy cost.
    pub fn profit(&self) -> Usd {
        self.revenue - self.energy_cost
    }
}

/// Unvalidated wire forms, checked by the constructors on deserialization.
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
