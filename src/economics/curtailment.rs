//! Curtailment: the optimal hourly on/off schedule against a power price series.
//!
//! # Method
//!
//! Running one MWh of facility energy earns the model's *strike*
//!
//! ```text
//! strike_m = hashprice·(1 − fee) / (e_m·0.024·PUE)        (USD per facility MWh)
//! ```
//!
//! and costs the hour's price `p_h`; switching off instead earns the demand-response credit
//! `c_h` (0 without a programme). Negative prices are accepted: running at a negative price is
//! paid twice.
//!
//! * **No restart cost** ([`curtailment_schedule`]): hours decide independently, so the model
//!   runs in hour `h` iff `p_h + c_h < strike_m` (ties switch off). Optimal hour by hour, hence
//!   for the year.
//! * **With a restart cost** `K` per MW per off→on switch
//!   ([`curtailment_schedule_with_restart_cost`]: thermal cycling, lost hashing while boards
//!   restart), hours are coupled. A two-state dynamic programme over the hours finds the exact
//!   optimum in O(hours):
//!
//! ```text
//! V_on(h)  = (strike − p_h) + max(V_on(h−1), V_off(h−1) − K)
//! V_off(h) = c_h            + max(V_on(h−1), V_off(h−1))          machines on before hour 0
//! ```
//!
//! Two contracts give the same schedule and differ in how the MWh not used are settled:
//! [`PowerContract::Spot`] (the site buys at spot what it uses) and
//! [`PowerContract::FixedWithResale`] (the site has bought its full load at a fixed price and
//! sells the curtailed MWh back at spot).

use super::error::{EconomicsError, computed};
use super::{Fleet, Hashprice, OperatingTerms};
use crate::units::{Energy, EnergyPrice, Usd};

/// How the site pays for power.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{builtin_asic, curtailment_schedule, Fleet, Hashprice,
///     OperatingTerms, PowerContract};
/// use minerscope::units::EnergyPrice;
///
/// let s21 = builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?;
/// let fleet = Fleet::single(s21, 100)?;
/// let prices: Vec<EnergyPrice> = [30.0, -5.0, 250.0, 40.0]
///     .iter().map(|&p| EnergyPrice::from_usd_per_mwh(p)).collect::<Result<_, _>>()?;
/// let hp = Hashprice::from_usd_per_ph_day(50.0)?;
/// let terms = OperatingTerms::IDEAL;
/// let run = |contract| curtailment_schedule(&fleet, hp, &terms, &prices, None, contract);
/// let spot = run(PowerContract::Spot)?;
/// let contract_price = EnergyPrice::from_usd_per_mwh(40.0)?;
/// let fixed = run(PowerContract::FixedWithResale { contract_price })?;
/// // Same schedule; the fixed contract pays for all 1.4 MWh at $40 and resells the 0.35 MWh
/// // curtailed in the $250 hour.
/// assert_eq!(spot.lines[0].on, fixed.lines[0].on);
/// assert!((fixed.resale_value.to_dollars() - 87.5).abs() < 1e-9);
/// let spot_bill = 0.35 * (30.0 - 5.0 + 40.0);
/// let expected_gap = (spot_bill - 1.4 * 40.0) + 87.5;
/// assert!(((fixed.profit - spot.profit).to_dollars() - expected_gap).abs() < 1e-9);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
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
///
/// # Examples
///
/// ```
/// use minerscope::economics::{
///     Fleet, Hashprice, OperatingTerms, PowerContract, builtin_asic, curtailment_schedule,
/// };
/// use minerscope::units::EnergyPrice;
///
/// let fleet =
///     Fleet::single(builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?, 100)?;
/// let prices: Vec<EnergyPrice> = [30.0, 250.0, 40.0, 300.0, 20.0]
///     .iter()
///     .map(|&p| EnergyPrice::from_usd_per_mwh(p))
///     .collect::<Result<_, _>>()?;
/// let hp = Hashprice::from_usd_per_ph_day(50.0)?;
/// let plan = curtailment_schedule(
///     &fleet,
///     hp,
///     &OperatingTerms::IDEAL,
///     &prices,
///     None,
///     PowerContract::Spot,
/// )?;
/// let line = &plan.lines[0];
/// assert_eq!((line.name.as_str(), line.count), ("Antminer S21", 100));
/// assert!((line.strike.to_usd_per_mwh() - 50.0 / (17.5 * 0.024)).abs() < 1e-9);
/// assert_eq!(line.on, [true, false, true, false, true]);
/// assert_eq!((line.hours_on, line.restarts), (3, 2));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
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
    /// Off→on switches (machines are on before the first hour).
    pub restarts: usize,
}

/// The optimal curtailment schedule for a fleet and what it earns.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{
///     Fleet, Hashprice, OperatingTerms, PowerContract, builtin_asic, curtailment_schedule,
/// };
/// use minerscope::units::EnergyPrice;
///
/// // 100 S21s (350 kW) over four hours, strike $119/MWh: off only in the $250 hour.
/// let fleet =
///     Fleet::single(builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?, 100)?;
/// let prices: Vec<EnergyPrice> = [30.0, -5.0, 250.0, 40.0]
///     .iter()
///     .map(|&p| EnergyPrice::from_usd_per_mwh(p))
///     .collect::<Result<_, _>>()?;
/// let hp = Hashprice::from_usd_per_ph_day(50.0)?;
/// let plan = curtailment_schedule(
///     &fleet,
///     hp,
///     &OperatingTerms::IDEAL,
///     &prices,
///     None,
///     PowerContract::Spot,
/// )?;
/// assert_eq!(plan.hours, 4);
/// assert!((plan.energy_used.to_mwh() - 1.05).abs() < 1e-12);
/// assert!((plan.energy_curtailed.to_mwh() - 0.35).abs() < 1e-12);
/// assert!((plan.revenue_always_on.to_dollars() - 50.0 * 20.0 / 6.0).abs() < 1e-9);
/// assert!(plan.revenue < plan.revenue_always_on && plan.profit > plan.profit_always_on);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
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
    /// Restart costs paid (zero without a restart cost).
    pub restart_cost: Usd,
    /// Net result of the plan: revenue − energy bill + credits − restart costs (+ resale under
    /// a fixed contract).
    pub profit: Usd,
    /// Net result with every machine on all hours and no credits.
    pub profit_always_on: Usd,
}

impl CurtailmentPlan {
    /// What curtailment adds over running flat out: `profit − profit_always_on` (≥ 0).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{builtin_asic, curtailment_schedule, Fleet, Hashprice,
    ///     OperatingTerms, PowerContract};
    /// use minerscope::units::EnergyPrice;
    ///
    /// let s21 = builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?;
    /// let fleet = Fleet::single(s21, 100)?;
    /// let prices: Vec<EnergyPrice> = [30.0, -5.0, 250.0, 40.0]
    ///     .iter().map(|&p| EnergyPrice::from_usd_per_mwh(p)).collect::<Result<_, _>>()?;
    /// let hp = Hashprice::from_usd_per_ph_day(50.0)?;
    /// let plan = curtailment_schedule(&fleet, hp, &OperatingTerms::IDEAL, &prices, None,
    ///     PowerContract::Spot)?;
    /// // Skipping the $250 hour saves 0.35 MWh × $250 and forgoes one hour's $41.67 of revenue.
    /// let expected = 0.35 * 250.0 - 50.0 * 20.0 / 24.0;
    /// assert!((plan.value_of_curtailment().to_dollars() - expected).abs() < 1e-9);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn value_of_curtailment(&self) -> Usd {
        self.profit - self.profit_always_on
    }

    /// Fraction of fleet hours (weighted by power) spent on.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{
    ///     Fleet, Hashprice, OperatingTerms, PowerContract, builtin_asic, curtailment_schedule,
    /// };
    /// use minerscope::units::EnergyPrice;
    ///
    /// let fleet =
    ///     Fleet::single(builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?, 100)?;
    /// let prices: Vec<EnergyPrice> = [30.0, -5.0, 250.0, 40.0]
    ///     .iter()
    ///     .map(|&p| EnergyPrice::from_usd_per_mwh(p))
    ///     .collect::<Result<_, _>>()?;
    /// let hp = Hashprice::from_usd_per_ph_day(50.0)?;
    /// let plan = curtailment_schedule(
    ///     &fleet,
    ///     hp,
    ///     &OperatingTerms::IDEAL,
    ///     &prices,
    ///     None,
    ///     PowerContract::Spot,
    /// )?;
    /// assert!((plan.energy_on_fraction() - 0.75).abs() < 1e-12);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn energy_on_fraction(&self) -> f64 {
        let total = self.energy_used.to_mwh() + self.energy_curtailed.to_mwh();
        if total > 0.0 { self.energy_used.to_mwh() / total } else { 0.0 }
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
/// use minerscope::economics::{
///     Fleet, Hashprice, OperatingTerms, PowerContract, builtin_asic, curtailment_schedule,
/// };
/// use minerscope::units::EnergyPrice;
///
/// let fleet =
///     Fleet::single(builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?, 100)?;
/// let prices: Vec<EnergyPrice> = [30.0, -5.0, 250.0, 40.0]
///     .iter()
///     .map(|&p| EnergyPrice::from_usd_per_mwh(p))
///     .collect::<Result<_, _>>()?;
/// let hp = Hashprice::from_usd_per_ph_day(50.0)?; // strike 50/(17.5·0.024) = $119/MWh
/// let plan = curtailment_schedule(
///     &fleet,
///     hp,
///     &OperatingTerms::IDEAL,
///     &prices,
///     None,
///     PowerContract::Spot,
/// )?;
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
    curtailment_schedule_with_restart_cost(
        fleet,
        hashprice,
        terms,
        prices,
        credits,
        contract,
        Usd::ZERO,
    )
}

/// As [`curtailment_schedule`], with a cost per MW (of facility load) for each off→on restart;
/// machines are taken to be on before the first hour. Exact two-state dynamic programme,
/// O(hours × lines).
///
/// # Errors
///
/// As [`curtailment_schedule`]; [`EconomicsError::OutOfRange`] for a negative restart cost.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{
///     Fleet, Hashprice, OperatingTerms, PowerContract, builtin_asic,
///     curtailment_schedule_with_restart_cost,
/// };
/// use minerscope::units::{EnergyPrice, Usd};
///
/// let fleet =
///     Fleet::single(builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?, 100)?;
/// // A one-hour $130 blip just above the $119 strike is not worth a $50/MW restart.
/// let prices: Vec<EnergyPrice> = [40.0, 130.0, 40.0]
///     .iter()
///     .map(|&p| EnergyPrice::from_usd_per_mwh(p))
///     .collect::<Result<_, _>>()?;
/// let hp = Hashprice::from_usd_per_ph_day(50.0)?;
/// let plan = curtailment_schedule_with_restart_cost(
///     &fleet,
///     hp,
///     &OperatingTerms::IDEAL,
///     &prices,
///     None,
///     PowerContract::Spot,
///     Usd::from_dollars(50.0)?,
/// )?;
/// assert_eq!(plan.lines[0].on, vec![true, true, true]);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn curtailment_schedule_with_restart_cost(
    fleet: &Fleet,
    hashprice: Hashprice,
    terms: &OperatingTerms,
    prices: &[EnergyPrice],
    credits: Option<&[EnergyPrice]>,
    contract: PowerContract,
    restart_cost_per_mw: Usd,
) -> Result<CurtailmentPlan, EconomicsError> {
    let k = super::error::non_negative("restart cost per MW", restart_cost_per_mw.to_dollars())?;
    if prices.is_empty() {
        return Err(EconomicsError::Empty { what: "hourly power prices" });
    }
    if let Some(c) = credits
        && c.len() != prices.len()
    {
        return Err(EconomicsError::LengthMismatch {
            what: "hourly prices and demand-response credits",
            left: prices.len(),
            right: c.len(),
        });
    }
    let credit_at = |h: usize| credits.and_then(|c| c.get(h)).map_or(0.0, |c| c.to_usd_per_mwh());
    let sum_prices: f64 = prices.iter().map(|p| p.to_usd_per_mwh()).sum();

    let mut lines = Vec::with_capacity(fleet.entries().len());
    let (mut revenue, mut revenue_all) = (0.0f64, 0.0f64);
    let (mut mwh_used, mut mwh_off) = (0.0f64, 0.0f64);
    let (mut bill_all, mut resale, mut credit_total) = (0.0f64, 0.0f64, 0.0f64);
    let (mut restart_total, mut gain) = (0.0f64, 0.0f64);
    let mut choice = Vec::new();
    for entry in fleet.entries() {
        let strike = terms.net_revenue_per_mwh(hashprice, entry.machine().efficiency());
        let s = strike.to_usd_per_mwh();
        // Facility MWh per hour for the line, at its uptime.
        let mw = entry.power().to_megawatts() * terms.pue() * terms.uptime();
        let on = if k > 0.0 {
            schedule_with_restarts(s, prices, &credit_at, k, &mut choice)
        } else {
            prices.iter().enumerate().map(|(h, p)| p.to_usd_per_mwh() + credit_at(h) < s).collect()
        };
        let mut hours_on = 0usize;
        let (mut price_off, mut credit_off, mut gain_off) = (0.0f64, 0.0f64, 0.0f64);
        let mut restarts = 0usize;
        let mut was_on = true;
        for (h, (p, &run)) in prices.iter().zip(&on).enumerate() {
            let p = p.to_usd_per_mwh();
            if run {
                hours_on += 1;
                restarts += usize::from(!was_on);
            } else {
                price_off += p;
                credit_off += credit_at(h);
                // What this hour off gains per MW over running: ≥ 0 for the hour-by-hour rule,
                // which switches off exactly when p + c ≥ strike.
                gain_off += (p + credit_at(h)) - s;
            }
            was_on = run;
        }
        restart_total += k * mw * restarts as f64;
        // The optimal schedule is never worse than always on (a candidate of both rules); clamp
        // the rounding of exact ties.
        gain += (mw * gain_off - k * mw * restarts as f64).max(0.0);
        let hours_off = prices.len() - hours_on;
        revenue += s * mw * hours_on as f64;
        revenue_all += s * mw * prices.len() as f64;
        mwh_used += mw * hours_on as f64;
        mwh_off += mw * hours_off as f64;
        credit_total += mw * credit_off;
        resale += mw * price_off;
        bill_all += match contract {
            PowerContract::Spot => mw * sum_prices,
            PowerContract::FixedWithResale { contract_price } => {
                mw * prices.len() as f64 * contract_price.to_usd_per_mwh()
            }
        };
        lines.push(LineSchedule {
            name: entry.machine().name().to_owned(),
            count: entry.count(),
            strike,
            on,
            hours_on,
            restarts,
        });
    }
    // profit = revenue − bill + credits − restarts (+ resale under a fixed contract) equals, under
    // either contract, the always-on profit plus each line's gain from its hours off. Summing it
    // that way keeps `profit ≥ profit_always_on` exact in floating point (the difference of the
    // two full sums came out a few ulps negative at ties).
    let profit_all = revenue_all - bill_all;
    let profit = profit_all + gain;
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
        restart_cost: usd("restart cost", restart_total)?,
        profit: usd("curtailment profit", profit)?,
        profit_always_on: usd("always-on profit", profit_all)?,
    })
}

/// The exact optimum with a restart cost `k` (USD per MW per restart) for one line with strike
/// `s`, by the two-state dynamic programme in the module docs. `choice` is scratch space.
fn schedule_with_restarts(
    s: f64,
    prices: &[EnergyPrice],
    credit_at: &impl Fn(usize) -> f64,
    k: f64,
    choice: &mut Vec<u8>,
) -> Vec<bool> {
    // Bit 0: the best predecessor of "on at h" is on; bit 1: the best predecessor of "off at h"
    // is on. Before hour 0 the machines are on (V_on = 0, V_off = −∞).
    const ON_FROM_ON: u8 = 1;
    const OFF_FROM_ON: u8 = 2;
    choice.clear();
    choice.reserve(prices.len());
    let (mut v_on, mut v_off) = (0.0f64, f64::NEG_INFINITY);
    for (h, p) in prices.iter().enumerate() {
        let on_from_on = v_on >= v_off - k;
        let off_from_on = v_on >= v_off;
        let best_on = if on_from_on { v_on } else { v_off - k };
        let best_off = if off_from_on { v_on } else { v_off };
        v_on = (s - p.to_usd_per_mwh()) + best_on;
        v_off = credit_at(h) + best_off;
        choice.push((u8::from(on_from_on) * ON_FROM_ON) | (u8::from(off_from_on) * OFF_FROM_ON));
    }
    let mut on = vec![false; prices.len()];
    let mut state_on = v_on > v_off;
    for (slot, &c) in on.iter_mut().zip(choice.iter()).rev() {
        *slot = state_on;
        state_on = if state_on { c & ON_FROM_ON != 0 } else { c & OFF_FROM_ON != 0 };
    }
    on
}

/// The strike price of each fleet line: the hourly price (plus credit) at and above which it
/// switches off, `hashprice·(1 − fee)/(e·0.024·PUE)`. Fleet order.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{
///     Fleet, Hashprice, OperatingTerms, builtin_asic, strike_prices,
/// };
///
/// let s21 = builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?;
/// let s19 = builtin_asic("Antminer S19").ok_or("missing")?.to_machine()?;
/// let fleet = Fleet::new(vec![(s21, 10), (s19, 10)])?;
/// let strikes = strike_prices(
///     &fleet,
///     Hashprice::from_usd_per_ph_day(50.0)?,
///     &OperatingTerms::IDEAL,
/// );
/// assert_eq!(strikes[0].0, "Antminer S21");
/// // The S19 (34.2 J/TH) switches off at a lower price than the S21 (17.5 J/TH).
/// assert!(strikes[1].1 < strikes[0].1);
/// assert!((strikes[0].1.to_usd_per_mwh() - 50.0 / (17.5 * 0.024)).abs() < 1e-9);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
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
