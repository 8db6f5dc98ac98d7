//! Curtailment: the optimal hourly on/off schedule against a power price series.
//!
//! # Method
//!
//! With no ramp or minimum-run constraints, each hour and each machine model decide
//! independently. Running one MWh of facility energy earns the model's *strike*
//!
//! ```text
//! strike_m = hashprice·(1 − fee) / (e_m·0.024·PUE)        (USD per facility MWh)
//! ```
//!
//! and costs the hour's price `p_h`; switching off instead earns the demand-response credit
//! `c_h` (0 without a programme). So the model runs in hour `h` iff `p_h + c_h < strike_m`
//! (ties switch off). This is optimal hour by hour, hence optimal for the year. Negative prices
//! are accepted: running at a negative price is paid twice.
//!
//! Two contracts give the same schedule and differ in how the MWh not used are settled:
//! [`PowerContract::Spot`] (the site buys at spot what it uses) and
//! [`PowerContract::FixedWithResale`] (the site has bought its full load at a fixed price and
//! sells the curtailed MWh back at spot).

use super::error::{computed, EconomicsError};
use super::{Fleet, Hashprice, OperatingTerms};
use crate::units::{Energy, EnergyPrice, Usd};

/// How the site pays for power.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum PowerContract {
    /// Pays the hourly price for the energy it uses.
    Spot,
    /// Has bought its full load at `contract_price` and resells curtailed energy at spot.
    FixedWithResale {
        /// The fixed price paid for the full contracted load.
        contract_price: EnergyPrice,
    },
}

/// The optimal schedule of one fleet line.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LineSchedule {
    /// Model name.
    pub name: String,
    /// Units.
    pub count: u32,
    /// The price (plus credit) at and above which the model switches off.
    pub strike: EnergyPrice,
    /// Whether the model runs in each hour.
    pub on: Vec<bool>,
    /// Hours on.
    pub hours_on: usize,
}

/// The optimal curtailment schedule for a fleet and what it earns.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CurtailmentPlan {
    /// One schedule per fleet line, in fleet order.
    pub lines: Vec<LineSchedule>,
    /// Hours in the price series.
    pub hours: usize,
    /// Mining revenue kept (after pool fee).
    pub revenue: Usd,
    /// Mining revenue had every machine run every hour.
    pub revenue_always_on: Usd,
    /// Facility energy used.
    pub energy_used: Energy,
    /// Facility energy not used: resold at spot under [`PowerContract::FixedWithResale`],
    /// never bought under [`PowerContract::Spot`].
    pub energy_curtailed: Energy,
    /// Spot value of the curtailed energy: what resale earns under
    /// [`PowerContract::FixedWithResale`] (counted in `profit`), the bill avoided under
    /// [`PowerContract::Spot`] (not counted again).
    pub resale_value: Usd,
    /// Demand-response credits earned for curtailed energy.
    pub credits: Usd,
    /// Net result of the plan: revenue − energy bill + credits (+ resale under a fixed
    /// contract).
    pub profit: Usd,
    /// Net result with every machine on all hours and no credits.
    pub profit_always_on: Usd,
}

impl CurtailmentPlan {
    /// What curtailment adds over running flat out: `profit − profit_always_on` (≥ 0).
    pub fn value_of_curtailment(&self) -> Usd {
        self.profit - self.profit_always_on
    }

    /// Fraction of fleet hours (weighted by power) spent on.
    pub fn energy_on_fraction(&self) -> f64 {
        let total = self.energy_used.to_mwh() + self.energy_curtailed.to_mwh();
        if total > 0.0 {
            self.energy_used.to_mwh() / total
        } else {
            0.0
        }
    }
}

/// Computes the optimal on/off schedule of every fleet line over an hourly price series.
///
/// * `prices`: one price per hour (may be negative).
/// * `credits`: optional demand-response credit per hour for each curtailed MWh (same length).
///
/// Cost: O(hours × lines) with one allocation per line.
///
/// # Errors
///
/// [`EconomicsError::Empty`] for no hours, [`EconomicsError::LengthMismatch`] if `credits` has
/// another length, [`EconomicsError::Overflow`] if a total overflows.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{builtin_asic, curtailment_schedule, Fleet, Hashprice,
///     OperatingTerms, PowerContract};
/// use minerscope::units::EnergyPrice;
///
/// let fleet = Fleet::single(builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?, 100)?;
/// let prices: Vec<EnergyPrice> = [30.0, -5.0, 250.0, 40.0]
///     .iter().map(|&p| EnergyPrice::from_usd_per_mwh(p)).collect::<Result<_, _>>()?;
/// let hp = Hashprice::from_usd_per_ph_day(50.0)?; // strike 50/(17.5·0.024) = $119/MWh
/// let plan = curtailment_schedule(&fleet, hp, &OperatingTerms::IDEAL, &prices, None,
///     PowerContract::Spot)?;
/// assert_eq!(plan.lines[0].on, vec![true, true, false, true]);
/// assert!(plan.value_of_curtailment().to_dollars() > 0.0);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn curtailment_schedule(
    fleet: &Fleet,
    hashprice: Hashprice,
    terms: &OperatingTerms,
    prices: &[EnergyPrice],
    credits: Option<&[EnergyPrice]>,
    contract: PowerContract,
) -> Result<CurtailmentPlan, EconomicsError> {
    if prices.is_empty() {
        return Err(EconomicsError::Empty { what: "hourly power prices" });
    }
    if let Some(c) = credits {
        if c.len() != prices.len() {
            return Err(EconomicsError::LengthMismatch {
                what: "hourly prices and demand-response credits",
                left: prices.len(),
                right: c.len(),
            });
        }
    }
    let credit_at = |h: usize| credits.and_then(|c| c.get(h)).map_or(0.0, |c| c.to_usd_per_mwh());
    let sum_prices: f64 = prices.iter().map(|p| p.to_usd_per_mwh()).sum();

    let mut lines = Vec::with_capacity(fleet.entries().len());
    let (mut revenue, mut revenue_all) = (0.0f64, 0.0f64);
    let (mut mwh_used, mut mwh_off) = (0.0f64, 0.0f64);
    let (mut bill, mut bill_all, mut resale, mut credit_total) = (0.0f64, 0.0, 0.0, 0.0);
    for entry in fleet.entries() {
        let strike = terms.net_revenue_per_mwh(hashprice, entry.machine().efficiency());
        let s = strike.to_usd_per_mwh();
        // Facility MWh per hour for the line, at its uptime.
        let mw = entry.power().to_megawatts() * terms.pue() * terms.uptime();
        let mut on = Vec::with_capacity(prices.len());
        let (mut hours_on, mut price_on) = (0usize, 0.0f64);
        let (mut price_off, mut credit_off) = (0.0f64, 0.0f64);
        for (h, p) in prices.iter().enumerate() {
            let p = p.to_usd_per_mwh();
            let c = credit_at(h);
            let run = p + c < s;
            on.push(run);
            if run {
                hours_on += 1;
                price_on += p;
            } else {
                price_off += p;
                credit_off += c;
            }
        }
        let hours_off = prices.len() - hours_on;
        revenue += s * mw * hours_on as f64;
        revenue_all += s * mw * prices.len() as f64;
        mwh_used += mw * hours_on as f64;
        mwh_off += mw * hours_off as f64;
        credit_total += mw * credit_off;
        resale += mw * price_off;
        match contract {
            PowerContract::Spot => {
                bill += mw * price_on;
                bill_all += mw * sum_prices;
            }
            PowerContract::FixedWithResale { contract_price } => {
                let fixed = mw * prices.len() as f64 * contract_price.to_usd_per_mwh();
                bill += fixed;
                bill_all += fixed;
            }
        }
        lines.push(LineSchedule {
            name: entry.machine().name().to_owned(),
            count: entry.count(),
            strike,
            on,
            hours_on,
        });
    }
    let resale_counted = match contract {
        PowerContract::Spot => 0.0,
        PowerContract::FixedWithResale { .. } => resale,
    };
    let profit = revenue - bill + resale_counted + credit_total;
    let profit_all = revenue_all - bill_all;
    let usd = |what, v: f64| -> Result<Usd, EconomicsError> {
        Ok(Usd::from_dollars(computed(what, v)?)?)
    };
    Ok(CurtailmentPlan {
        lines,
        hours: prices.len(),
        revenue: usd("curtailment revenue", revenue)?,
        revenue_always_on: usd("always-on revenue", revenue_all)?,
        energy_used: Energy::from_mwh(computed("energy used", mwh_used)?)?,
        energy_curtailed: Energy::from_mwh(computed("energy curtailed", mwh_off)?)?,
        resale_value: usd("resale value", resale)?,
        credits: usd("demand-response credits", credit_total)?,
        profit: usd("curtailment profit", profit)?,
        profit_always_on: usd("always-on profit", profit_all)?,
    })
}

/// The strike price of each fleet line: the hourly price (plus credit) at and above which it
/// switches off, `hashprice·(1 − fee)/(e·0.024·PUE)`. Fleet order.
pub fn strike_prices(
    fleet: &Fleet,
    hashprice: Hashprice,
    terms: &OperatingTerms,
) -> Vec<(String, EnergyPrice)> {
    fleet
        .entries()
        .iter()
        .map(|e| {
            (
                e.machine().name().to_owned(),
                terms.net_revenue_per_mwh(hashprice, e.machine().efficiency()),
            )
        })
        .collect()
}
