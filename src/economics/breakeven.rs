//! Breakeven power prices, shutdown prices and the order a mixed fleet switches off.

use super::error::{EconomicsError, computed};
use super::hashprice::MWH_PER_PH_DAY_PER_J_PER_TH;
use super::{Fleet, Hashprice, Hashvalue, OperatingTerms, Uncertain};
use crate::units::{BtcPrice, Efficiency, EnergyPrice, Hashrate};

/// The power price at which machines at `efficiency` just cover their energy:
/// `hashprice·(1 − fee) / (e·0.024·PUE)` (SCIENCE.md §8; uptime cancels).
///
/// Golden case (D = 1.26·10^14, 3.155 BTC, $100 000, no fee, PUE 1): $139.9/MWh at 15 J/TH.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{Hashprice, OperatingTerms, breakeven_power_price};
/// use minerscope::units::Efficiency;
///
/// let hp = Hashprice::from_usd_per_ph_day(50.37)?;
/// let p =
///     breakeven_power_price(hp, Efficiency::from_j_per_th(30.0)?, &OperatingTerms::IDEAL);
/// assert!((p.to_usd_per_mwh() - 69.96).abs() < 0.01);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn breakeven_power_price(
    hashprice: Hashprice,
    efficiency: Efficiency,
    terms: &OperatingTerms,
) -> EnergyPrice {
    terms.net_revenue_per_mwh(hashprice, efficiency)
}

/// [`breakeven_power_price`] at an uncertain hashprice, carrying its interval.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{
///     Hashprice, OperatingTerms, Uncertain, breakeven_power_price_uncertain,
/// };
/// use minerscope::stats::{ConfidenceLevel, Interval};
/// use minerscope::units::Efficiency;
///
/// // $48 ± $6/PH/day at 20 J/TH: breakeven $100/MWh, interval [$87.50, $112.50].
/// let hp = |x| Hashprice::from_usd_per_ph_day(x);
/// let u = Uncertain::new(
///     hp(48.0)?,
///     Some(Interval::new(hp(42.0)?, hp(54.0)?, ConfidenceLevel::P95)?),
/// );
/// let p = breakeven_power_price_uncertain(
///     u,
///     Efficiency::from_j_per_th(20.0)?,
///     &OperatingTerms::IDEAL,
/// );
/// assert!((p.value().to_usd_per_mwh() - 100.0).abs() < 1e-9);
/// assert!((p.low().to_usd_per_mwh() - 87.5).abs() < 1e-9);
/// assert!((p.high().to_usd_per_mwh() - 112.5).abs() < 1e-9);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn breakeven_power_price_uncertain(
    hashprice: Uncertain<Hashprice>,
    efficiency: Efficiency,
    terms: &OperatingTerms,
) -> Uncertain<EnergyPrice> {
    hashprice.map_monotone(|hp| terms.net_revenue_per_mwh(hp, efficiency))
}

/// The fleet's breakeven power price: its total net revenue over its total facility energy
/// (every machine on). Individual models break even at other prices; see [`shutdown_order`].
///
/// # Examples
///
/// ```
/// use minerscope::economics::{breakeven_power_price, fleet_breakeven_power_price, builtin_asic,
///     Fleet, Hashprice, OperatingTerms};
///
/// let s21 = builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?;
/// let s19 = builtin_asic("Antminer S19").ok_or("missing")?.to_machine()?;
/// let fleet = Fleet::new(vec![(s21, 100), (s19, 100)])?;
/// let hp = Hashprice::from_usd_per_ph_day(50.0)?;
/// let p = fleet_breakeven_power_price(&fleet, hp, &OperatingTerms::IDEAL);
/// // The fleet's price lies between its two models' prices and equals its weighted efficiency's.
/// assert_eq!(p, breakeven_power_price(hp, fleet.efficiency(), &OperatingTerms::IDEAL));
/// let efficiency = |i: usize| fleet.entries()[i].machine().efficiency();
/// let (best, worst) = (efficiency(0), efficiency(1));
/// assert!(breakeven_power_price(hp, worst, &OperatingTerms::IDEAL) < p);
/// assert!(p < breakeven_power_price(hp, best, &OperatingTerms::IDEAL));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn fleet_breakeven_power_price(
    fleet: &Fleet,
    hashprice: Hashprice,
    terms: &OperatingTerms,
) -> EnergyPrice {
    terms.net_revenue_per_mwh(hashprice, fleet.efficiency())
}

fn check_tariff(power_price: EnergyPrice) -> Result<f64, EconomicsError> {
    let p = power_price.to_usd_per_mwh();
    if p < 0.0 {
        return Err(EconomicsError::NegativePowerPrice { what: "power price", usd_per_mwh: p });
    }
    Ok(p)
}

/// The hashprice below which machines at `efficiency` lose money at `power_price`:
/// `price·e·0.024·PUE / (1 − fee)`.
///
/// # Errors
///
/// [`EconomicsError::NegativePowerPrice`] for a negative tariff; [`EconomicsError::Overflow`].
///
/// # Examples
///
/// ```
/// use minerscope::economics::{
///     OperatingTerms, breakeven_power_price, shutdown_hashprice,
/// };
/// use minerscope::units::{Efficiency, EnergyPrice};
///
/// // 20 J/TH at $50/MWh with a 2 % fee: 20 × 0.024 × 50 / 0.98 = $24.49/PH/day.
/// let terms = OperatingTerms::new(0.02, 1.0, 1.0)?;
/// let eff = Efficiency::from_j_per_th(20.0)?;
/// let hp = shutdown_hashprice(eff, EnergyPrice::from_usd_per_mwh(50.0)?, &terms)?;
/// assert!((hp.to_usd_per_ph_day() - 24.0 / 0.98).abs() < 1e-9);
/// // The inverse of the breakeven power price.
/// assert!((breakeven_power_price(hp, eff, &terms).to_usd_per_mwh() - 50.0).abs() < 1e-9);
/// assert!(shutdown_hashprice(eff, EnergyPrice::from_usd_per_mwh(-1.0)?, &terms).is_err());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn shutdown_hashprice(
    efficiency: Efficiency,
    power_price: EnergyPrice,
    terms: &OperatingTerms,
) -> Result<Hashprice, EconomicsError> {
    let p = check_tariff(power_price)?;
    let hp = p * efficiency.to_j_per_th() * MWH_PER_PH_DAY_PER_J_PER_TH * terms.pue()
        / (1.0 - terms.pool_fee());
    Hashprice::from_usd_per_ph_day(computed("shutdown hashprice", hp)?)
}

/// The bitcoin price below which machines at `efficiency` lose money at `power_price`, given
/// the hashvalue: [`shutdown_hashprice`] ÷ hashvalue.
///
/// Returns `Ok(None)` when no positive price is a shutdown price: the tariff is zero (mining
/// always covers a free energy bill).
///
/// # Errors
///
/// [`EconomicsError::NegativePowerPrice`] for a negative tariff; [`EconomicsError::OutOfRange`]
/// for a zero hashvalue (no price makes mining pay); [`EconomicsError::Overflow`].
///
/// # Examples
///
/// ```
/// use minerscope::economics::{Hashvalue, OperatingTerms, shutdown_btc_price};
/// use minerscope::units::{Efficiency, EnergyPrice};
///
/// // 50 370 sat/PH/day; 17.5 J/TH at $60/MWh → shut down below about $50,000.
/// let hv = Hashvalue::from_sat_per_ph_day(50_370.0)?;
/// let p = shutdown_btc_price(
///     hv,
///     Efficiency::from_j_per_th(17.5)?,
///     EnergyPrice::from_usd_per_mwh(60.0)?,
///     &OperatingTerms::IDEAL,
/// )?
/// .ok_or("none")?;
/// assert!((p.to_usd_per_btc() - 50_030.0).abs() < 10.0);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn shutdown_btc_price(
    hashvalue: Hashvalue,
    efficiency: Efficiency,
    power_price: EnergyPrice,
    terms: &OperatingTerms,
) -> Result<Option<BtcPrice>, EconomicsError> {
    let hp = shutdown_hashprice(efficiency, power_price, terms)?;
    if hp.to_usd_per_ph_day() == 0.0 {
        return Ok(None);
    }
    let hv = hashvalue.to_btc_per_ph_day();
    if hv <= 0.0 {
        return Err(EconomicsError::OutOfRange {
            what: "hashvalue",
            expected: "(0, ∞)",
            value: hv,
        });
    }
    let price = computed("shutdown bitcoin price", hp.to_usd_per_ph_day() / hv)?;
    Ok(Some(BtcPrice::from_usd_per_btc(price)?))
}

/// One step of a fleet's shutdown sequence.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{Fleet, Machine, OperatingTerms, shutdown_order};
/// use minerscope::units::{EnergyPrice, Hashrate, Power};
///
/// let s21 = Machine::new("S21", Hashrate::from_ths(200.0)?, Power::from_watts(3_500.0)?)?;
/// let fleet = Fleet::single(s21, 100)?;
/// let steps = shutdown_order(
///     &fleet,
///     EnergyPrice::from_usd_per_mwh(50.0)?,
///     &OperatingTerms::IDEAL,
/// )?;
/// let step = &steps[0];
/// assert_eq!((step.name.as_str(), step.count), ("S21", 100));
/// assert_eq!(step.efficiency.to_j_per_th(), 17.5);
/// // 17.5 J/TH × 0.024 MWh per PH-day per J/TH × $50/MWh = $21/PH/day.
/// assert!((step.shutdown_hashprice.to_usd_per_ph_day() - 21.0).abs() < 1e-9);
/// assert_eq!(step.hashrate_left.to_hs(), 0.0);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ShutdownStep {
    /// Model name.
    pub name: String,
    /// Units of the model.
    pub count: u32,
    /// The model's efficiency.
    pub efficiency: Efficiency,
    /// The hashprice below which this model loses money and switches off.
    pub shutdown_hashprice: Hashprice,
    /// The fleet hashrate still on once this model (and all before it) is off.
    pub hashrate_left: Hashrate,
}

/// The order in which a mixed fleet's models switch off as hashprice falls, at a fixed power
/// price: least efficient first. Each step gives the hashprice at which that model stops
/// covering its energy. Ties keep the fleet's order.
///
/// # Errors
///
/// As [`shutdown_hashprice`].
///
/// # Examples
///
/// ```
/// use minerscope::economics::{Fleet, OperatingTerms, builtin_asic, shutdown_order};
/// use minerscope::units::EnergyPrice;
///
/// let s21 = builtin_asic("Antminer S21").ok_or("missing")?.to_machine()?;
/// let s9 = builtin_asic("Antminer S9").ok_or("missing")?.to_machine()?;
/// let fleet = Fleet::new(vec![(s21, 1_000), (s9, 1_000)])?;
/// let steps = shutdown_order(
///     &fleet,
///     EnergyPrice::from_usd_per_mwh(50.0)?,
///     &OperatingTerms::IDEAL,
/// )?;
/// // The S9 (98 J/TH) goes first, at $117.60/PH/day; 200 PH/s of S21s stay on.
/// assert_eq!(steps[0].name, "Antminer S9");
/// assert!((steps[0].shutdown_hashprice.to_usd_per_ph_day() - 117.6).abs() < 1e-9);
/// assert!((steps[0].hashrate_left.to_phs() - 200.0).abs() < 1e-9);
/// assert!(steps[1].shutdown_hashprice < steps[0].shutdown_hashprice);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn shutdown_order(
    fleet: &Fleet,
    power_price: EnergyPrice,
    terms: &OperatingTerms,
) -> Result<Vec<ShutdownStep>, EconomicsError> {
    let mut steps = Vec::with_capacity(fleet.entries().len());
    for e in fleet.entries() {
        let eff = e.machine().efficiency();
        steps.push((shutdown_hashprice(eff, power_price, terms)?, e));
    }
    steps.sort_by(|a, b| b.0.to_usd_per_ph_day().total_cmp(&a.0.to_usd_per_ph_day()));
    // The hashrate left after a step is the sum of the lines after it, accumulated from the
    // end: subtracting lines from the fleet total would leave rounding residue (the last step
    // must leave exactly zero).
    let mut left = 0.0;
    let mut out: Vec<ShutdownStep> = steps
        .into_iter()
        .rev()
        .map(|(hp, e)| {
            let step = ShutdownStep {
                name: e.machine().name().to_owned(),
                count: e.count(),
                efficiency: e.machine().efficiency(),
                shutdown_hashprice: hp,
                hashrate_left: Hashrate::from_hs(left).unwrap_or(Hashrate::ZERO),
            };
            left += e.hashrate().to_hs();
            step
        })
        .collect();
    out.reverse();
    Ok(out)
}
