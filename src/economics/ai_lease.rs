//! Mine or lease to an AI/HPC tenant: NPV per MW of each, the switch hashprice, and its
//! sensitivity to every input.
//!
//! # Model (monthly, per MW of facility capacity)
//!
//! ```text
//! PH/s per MW      = 1000 / (PUE · e)                               (e in J/TH)
//! hashprice(m)     = hashprice₀ · (1 + g)^(m/12)                     (g: annual change, < 0 for
//!                                                                     difficulty growth and halvings)
//! mining(m)        = max(hashprice(m)·PH·uptime·(1 − fee)·30.44 − 730.5·uptime·p_power, 0)
//!                    + curtailment option value per MW-month
//! lease(m)         = 0 during the lead time, then for the contract:
//!                    price per MW-month (power passed through to the tenant), or
//!                    730.5·required uptime·(price per MWh − p_power) when priced per kWh
//! NPV_mine         = Σ_{m=1..H} mining(m)/(1+r)^m,  H = lead time + contract length
//! NPV_lease        = −retrofit capex + Σ_{m=1..H} lease(m)/(1+r)^m  (+ mining during the lead
//!                    time if the site keeps mining while it is retrofitted)
//! ```
//!
//! The curtailment option value is what the mine earns by switching off at price spikes or
//! selling demand response (compute it with
//! [`curtailment_schedule`](super::curtailment_schedule): `value_of_curtailment` per MW-month);
//! a lease with a required uptime gives it up. The switch hashprice is the `hashprice₀` at
//! which the two NPVs are equal: below it, leasing wins. Mining NPV is continuous and
//! non-decreasing in `hashprice₀`, so it is found by bracketing and bisection.

use super::error::{EconomicsError, computed, finite, fraction_positive, non_negative};
use super::finance::{bisect, rate_per_period};
use super::{Fleet, Hashprice, OperatingTerms, Uncertain};
use crate::units::{Efficiency, EnergyPrice, Usd};

/// Average days per month (365.25/12).
///
/// # Examples
///
/// ```
/// use minerscope::economics::DAYS_PER_MONTH;
///
/// assert_eq!(DAYS_PER_MONTH, 30.4375);
/// assert_eq!(DAYS_PER_MONTH * 12.0, 365.25);
/// ```
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;
/// Average hours per month.
///
/// # Examples
///
/// ```
/// use minerscope::economics::HOURS_PER_MONTH;
///
/// // One MW for a month is 730.5 MWh.
/// assert_eq!(HOURS_PER_MONTH, 730.5);
/// ```
pub const HOURS_PER_MONTH: f64 = DAYS_PER_MONTH * 24.0;

/// Checks that lead time + contract fits in `u32` months (saturating would shorten the contract).
fn check_horizon(lead_time_months: u32, contract_months: u32) -> Result<u32, EconomicsError> {
    lead_time_months.checked_add(contract_months).ok_or(EconomicsError::OutOfRange {
        what: "lead time + contract months",
        expected: "[1, 4 294 967 295]",
        value: f64::from(lead_time_months) + f64::from(contract_months),
    })
}

fn check_tariff(what: &'static str, p: EnergyPrice) -> Result<EnergyPrice, EconomicsError> {
    if p.to_usd_per_mwh() < 0.0 {
        return Err(EconomicsError::NegativePowerPrice { what, usd_per_mwh: p.to_usd_per_mwh() });
    }
    Ok(p)
}

/// The mining side of the comparison, per MW of facility capacity.
///
/// Serializes (for reports); not deserializable, since its fields carry invariants.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{Hashprice, MiningPerMw, OperatingTerms};
/// use minerscope::units::{Efficiency, EnergyPrice};
///
/// // One MW of 17.5 J/TH machines runs 57.1 PH/s: $2 857 a day at $50/PH/day.
/// let mining = MiningPerMw::new(
///     Hashprice::from_usd_per_ph_day(50.0)?,
///     Efficiency::from_j_per_th(17.5)?,
///     EnergyPrice::from_usd_per_mwh(45.0)?,
///     OperatingTerms::IDEAL,
/// )?;
/// assert!((mining.phs_per_mw() - 1000.0 / 17.5).abs() < 1e-12);
/// assert!((mining.revenue_per_mw_day().to_dollars() - 50_000.0 / 17.5).abs() < 1e-9);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MiningPerMw {
    hashprice: Hashprice,
    hashprice_annual_change: f64,
    efficiency: Efficiency,
    power_price: EnergyPrice,
    terms: OperatingTerms,
    curtailment_value_per_mw_month: Usd,
}

impl MiningPerMw {
    /// Mining at today's `hashprice` with machines at `efficiency`, a flat hashprice, no
    /// curtailment value.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::NegativePowerPrice`] for a negative average power price.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{EconomicsError, Hashprice, MiningPerMw, OperatingTerms};
    /// use minerscope::units::{Efficiency, EnergyPrice};
    ///
    /// let hp = Hashprice::from_usd_per_ph_day(50.0)?;
    /// let eff = Efficiency::from_j_per_th(17.5)?;
    /// let mining = MiningPerMw::new(
    ///     hp,
    ///     eff,
    ///     EnergyPrice::from_usd_per_mwh(45.0)?,
    ///     OperatingTerms::IDEAL,
    /// )?;
    /// assert_eq!(mining.hashprice(), hp);
    /// let negative = MiningPerMw::new(
    ///     hp,
    ///     eff,
    ///     EnergyPrice::from_usd_per_mwh(-1.0)?,
    ///     OperatingTerms::IDEAL,
    /// );
    /// assert!(matches!(negative, Err(EconomicsError::NegativePowerPrice { .. })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        hashprice: Hashprice,
        efficiency: Efficiency,
        power_price: EnergyPrice,
        terms: OperatingTerms,
    ) -> Result<Self, EconomicsError> {
        Ok(MiningPerMw {
            hashprice,
            hashprice_annual_change: 0.0,
            efficiency,
            power_price: check_tariff("mining power price", power_price)?,
            terms,
            curtailment_value_per_mw_month: Usd::ZERO,
        })
    }

    /// Mining with a fleet's hashrate-weighted efficiency.
    ///
    /// # Errors
    ///
    /// As [`MiningPerMw::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Fleet, Hashprice, Machine, MiningPerMw, OperatingTerms};
    /// use minerscope::units::{EnergyPrice, Hashrate, Power};
    ///
    /// // Half the hashrate at 17.5 J/TH and half at 35 J/TH: 26.25 J/TH, 38.1 PH/s per MW.
    /// let a = Machine::new("a", Hashrate::from_ths(100.0)?, Power::from_watts(1_750.0)?)?;
    /// let b = Machine::new("b", Hashrate::from_ths(100.0)?, Power::from_watts(3_500.0)?)?;
    /// let fleet = Fleet::new(vec![(a, 10), (b, 10)])?;
    /// let mining = MiningPerMw::from_fleet(
    ///     &fleet,
    ///     Hashprice::from_usd_per_ph_day(50.0)?,
    ///     EnergyPrice::from_usd_per_mwh(45.0)?,
    ///     OperatingTerms::IDEAL,
    /// )?;
    /// assert!((mining.phs_per_mw() - 1000.0 / 26.25).abs() < 1e-9);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_fleet(
        fleet: &Fleet,
        hashprice: Hashprice,
        power_price: EnergyPrice,
        terms: OperatingTerms,
    ) -> Result<Self, EconomicsError> {
        Self::new(hashprice, fleet.efficiency(), power_price, terms)
    }

    /// Sets the annual change of hashprice (e.g. −0.3 for difficulty growth of ~40 %/year at a
    /// flat bitcoin price).
    ///
    /// # Errors
    ///
    /// [`EconomicsError::OutOfRange`] unless `> −1` and finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{
    ///     AiLease, Hashprice, LeasePrice, MiningPerMw, OperatingTerms, compare_mine_vs_lease,
    /// };
    /// use minerscope::units::{Efficiency, EnergyPrice, Usd};
    ///
    /// let flat = MiningPerMw::new(
    ///     Hashprice::from_usd_per_ph_day(50.0)?,
    ///     Efficiency::from_j_per_th(17.5)?,
    ///     EnergyPrice::from_usd_per_mwh(45.0)?,
    ///     OperatingTerms::IDEAL,
    /// )?;
    /// let falling = flat.with_hashprice_annual_change(-0.3)?;
    /// let lease = AiLease::new(LeasePrice::PerMwMonth(Usd::ZERO), Usd::ZERO, 0, 36, 1.0)?;
    /// // A falling hashprice lowers mining's NPV.
    /// assert!(
    ///     compare_mine_vs_lease(&falling, &lease, 0.1)?.mining_npv
    ///         < compare_mine_vs_lease(&flat, &lease, 0.1)?.mining_npv
    /// );
    /// assert!(flat.with_hashprice_annual_change(-1.0).is_err());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_hashprice_annual_change(mut self, change: f64) -> Result<Self, EconomicsError> {
        let g = finite("hashprice annual change", change)?;
        if g <= -1.0 {
            return Err(EconomicsError::OutOfRange {
                what: "hashprice annual change",
                expected: "(−1, ∞)",
                value: g,
            });
        }
        self.hashprice_annual_change = g;
        Ok(self)
    }

    /// Sets the curtailment option value mining keeps, per MW-month.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::OutOfRange`] if negative.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{
    ///     AiLease, Hashprice, LeasePrice, MiningPerMw, OperatingTerms, compare_mine_vs_lease,
    /// };
    /// use minerscope::units::{Efficiency, EnergyPrice, Usd};
    ///
    /// let mining = MiningPerMw::new(
    ///     Hashprice::from_usd_per_ph_day(50.0)?,
    ///     Efficiency::from_j_per_th(17.5)?,
    ///     EnergyPrice::from_usd_per_mwh(45.0)?,
    ///     OperatingTerms::IDEAL,
    /// )?;
    /// let lease = AiLease::new(
    ///     LeasePrice::PerMwMonth(Usd::from_dollars(100_000.0)?),
    ///     Usd::from_dollars(2_000_000.0)?,
    ///     12,
    ///     60,
    ///     0.999,
    /// )?;
    /// let flexible = mining.with_curtailment_value(Usd::from_dollars(5_000.0)?)?;
    /// let plain = compare_mine_vs_lease(&mining, &lease, 0.12)?;
    /// let with_option = compare_mine_vs_lease(&flexible, &lease, 0.12)?;
    /// // Selling flexibility raises mining's NPV; the lease gives it up.
    /// assert!(with_option.mining_npv > plain.mining_npv);
    /// assert_eq!(with_option.lease_npv, plain.lease_npv);
    /// assert!(mining.with_curtailment_value(Usd::from_dollars(-1.0)?).is_err());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_curtailment_value(mut self, per_mw_month: Usd) -> Result<Self, EconomicsError> {
        non_negative("curtailment value", per_mw_month.to_dollars())?;
        self.curtailment_value_per_mw_month = per_mw_month;
        Ok(self)
    }

    /// The same mining case at another starting hashprice.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Hashprice, MiningPerMw, OperatingTerms};
    /// use minerscope::units::{Efficiency, EnergyPrice};
    ///
    /// let mining = MiningPerMw::new(
    ///     Hashprice::from_usd_per_ph_day(50.0)?,
    ///     Efficiency::from_j_per_th(20.0)?,
    ///     EnergyPrice::ZERO,
    ///     OperatingTerms::IDEAL,
    /// )?;
    /// let doubled = mining.with_hashprice(Hashprice::from_usd_per_ph_day(100.0)?);
    /// assert!(
    ///     (doubled.revenue_per_mw_day().to_dollars()
    ///         - 2.0 * mining.revenue_per_mw_day().to_dollars())
    ///     .abs()
    ///         < 1e-9
    /// );
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_hashprice(mut self, hashprice: Hashprice) -> Self {
        self.hashprice = hashprice;
        self
    }

    /// Today's hashprice.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Hashprice, MiningPerMw, OperatingTerms};
    /// use minerscope::units::{Efficiency, EnergyPrice};
    ///
    /// let hp = Hashprice::from_usd_per_ph_day(47.5)?;
    /// let mining = MiningPerMw::new(
    ///     hp,
    ///     Efficiency::from_j_per_th(20.0)?,
    ///     EnergyPrice::ZERO,
    ///     OperatingTerms::IDEAL,
    /// )?;
    /// assert_eq!(mining.hashprice(), hp);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn hashprice(&self) -> Hashprice {
        self.hashprice
    }

    /// Hashrate one MW of facility capacity runs, in PH/s: `1000/(PUE·e)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Hashprice, MiningPerMw, OperatingTerms};
    /// use minerscope::units::{Efficiency, EnergyPrice};
    ///
    /// // PUE 1.25 at 20 J/TH: 1000/(1.25 · 20) = 40 PH/s per MW of facility capacity.
    /// let mining = MiningPerMw::new(
    ///     Hashprice::ZERO,
    ///     Efficiency::from_j_per_th(20.0)?,
    ///     EnergyPrice::ZERO,
    ///     OperatingTerms::new(0.0, 1.0, 1.25)?,
    /// )?;
    /// assert!((mining.phs_per_mw() - 40.0).abs() < 1e-12);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn phs_per_mw(&self) -> f64 {
        1000.0 / (self.terms.pue() * self.efficiency.to_j_per_th())
    }

    /// Mining revenue (after pool fee, at uptime) per MW per day at today's hashprice.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{Hashprice, MiningPerMw, OperatingTerms};
    /// use minerscope::units::{Efficiency, EnergyPrice};
    ///
    /// // 40 PH/s per MW at $50/PH/day, 95 % uptime and a 2 % fee: $1 862 a day.
    /// let mining = MiningPerMw::new(
    ///     Hashprice::from_usd_per_ph_day(50.0)?,
    ///     Efficiency::from_j_per_th(20.0)?,
    ///     EnergyPrice::ZERO,
    ///     OperatingTerms::new(0.02, 0.95, 1.25)?,
    /// )?;
    /// assert!(
    ///     (mining.revenue_per_mw_day().to_dollars() - 50.0 * 40.0 * 0.95 * 0.98).abs() < 1e-9
    /// );
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn revenue_per_mw_day(&self) -> Usd {
        let t = &self.terms;
        let v = self.hashprice.to_usd_per_ph_day()
            * self.phs_per_mw()
            * t.uptime()
            * (1.0 - t.pool_fee());
        Usd::from_dollars(v.min(f64::MAX)).unwrap_or(Usd::ZERO)
    }

    /// Net mining cash per MW in a month whose hashprice is `hp`.
    fn month_at(&self, hp: f64) -> f64 {
        let t = &self.terms;
        let rev = hp * self.phs_per_mw() * t.uptime() * (1.0 - t.pool_fee()) * DAYS_PER_MONTH;
        let cost = HOURS_PER_MONTH * t.uptime() * self.power_price.to_usd_per_mwh();
        (rev - cost).max(0.0) + self.curtailment_value_per_mw_month.to_dollars()
    }
}

/// How the AI/HPC tenant pays.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{compare_mine_vs_lease, AiLease, Hashprice, LeasePrice, MiningPerMw,
///     OperatingTerms};
/// use minerscope::units::{Efficiency, EnergyPrice, Usd};
///
/// let mining = MiningPerMw::new(Hashprice::from_usd_per_ph_day(50.0)?,
///     Efficiency::from_j_per_th(17.5)?, EnergyPrice::from_usd_per_mwh(45.0)?,
///     OperatingTerms::IDEAL)?;
/// // $150/MWh all-in at 100 % load, the operator paying $45/MWh, nets 730.5 × $105 a month:
/// // the same as a $76 702.50 capacity price.
/// let per_energy = LeasePrice::PerEnergy(EnergyPrice::from_usd_per_mwh(150.0)?);
/// let per_mw = LeasePrice::PerMwMonth(Usd::from_dollars(730.5 * 105.0)?);
/// let npv = |price| -> Result<f64, Box<dyn std::error::Error>> {
///     let lease = AiLease::new(price, Usd::ZERO, 0, 24, 1.0)?;
///     Ok(compare_mine_vs_lease(&mining, &lease, 0.1)?.lease_npv.to_dollars())
/// };
/// assert!((npv(per_energy)? - npv(per_mw)?).abs() < 1e-6);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum LeasePrice {
    /// A capacity price per MW-month; the tenant pays for its power separately.
    PerMwMonth(Usd),
    /// An all-in price per energy delivered; the operator pays the power bill.
    PerEnergy(EnergyPrice),
}

/// The lease side of the comparison, per MW of facility capacity.
///
/// Serializes (for reports); not deserializable, since its fields carry invariants.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{AiLease, LeasePrice};
/// use minerscope::units::Usd;
///
/// // $130k per MW-month for ten years after a one-year, $2.5M/MW retrofit.
/// let lease = AiLease::new(
///     LeasePrice::PerMwMonth(Usd::from_dollars(130_000.0)?),
///     Usd::from_dollars(2_500_000.0)?,
///     12,
///     120,
///     0.999,
/// )?;
/// assert_eq!(lease.horizon_months(), 132);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AiLease {
    price: LeasePrice,
    retrofit_capex_per_mw: Usd,
    lead_time_months: u32,
    contract_months: u32,
    required_uptime: f64,
    mine_during_lead_time: bool,
}

impl AiLease {
    /// A lease.
    ///
    /// * `retrofit_capex_per_mw`: spent at month 0 (liquid cooling, redundancy, fit-out).
    /// * `lead_time_months`: months before the tenant pays.
    /// * `contract_months`: paying months.
    /// * `required_uptime` in (0, 1]: the tenant's availability requirement; the site can no
    ///   longer curtail, and under [`LeasePrice::PerEnergy`] it is also the load factor.
    ///
    /// # Errors
    ///
    /// [`EconomicsError::OutOfRange`] for negative prices or capex, a zero-month contract, an
    /// uptime outside (0, 1], or a lead time + contract beyond `u32::MAX` months.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{AiLease, EconomicsError, LeasePrice};
    /// use minerscope::units::Usd;
    ///
    /// let price = LeasePrice::PerMwMonth(Usd::from_dollars(100_000.0)?);
    /// assert!(AiLease::new(price, Usd::ZERO, 6, 36, 0.99).is_ok());
    /// let no_contract = AiLease::new(price, Usd::ZERO, 6, 0, 0.99);
    /// assert!(matches!(
    ///     no_contract,
    ///     Err(EconomicsError::OutOfRange { what: "contract months", .. })
    /// ));
    /// assert!(AiLease::new(price, Usd::ZERO, 6, 36, 1.5).is_err());
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        price: LeasePrice,
        retrofit_capex_per_mw: Usd,
        lead_time_months: u32,
        contract_months: u32,
        required_uptime: f64,
    ) -> Result<Self, EconomicsError> {
        match price {
            LeasePrice::PerMwMonth(p) => {
                non_negative("lease price per MW-month", p.to_dollars())?;
            }
            LeasePrice::PerEnergy(p) => {
                check_tariff("lease price per energy", p)?;
            }
        }
        non_negative("retrofit capex per MW", retrofit_capex_per_mw.to_dollars())?;
        if contract_months == 0 {
            return Err(EconomicsError::OutOfRange {
                what: "contract months",
                expected: "[1, ∞)",
                value: 0.0,
            });
        }
        let required_uptime = fraction_positive("required uptime", required_uptime)?;
        check_horizon(lead_time_months, contract_months)?;
        Ok(AiLease {
            price,
            retrofit_capex_per_mw,
            lead_time_months,
            contract_months,
            required_uptime,
            mine_during_lead_time: false,
        })
    }

    /// Keeps mining during the lead time (when the retrofit can proceed hall by hall).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{
    ///     AiLease, Hashprice, LeasePrice, MiningPerMw, OperatingTerms, compare_mine_vs_lease,
    /// };
    /// use minerscope::units::{Efficiency, EnergyPrice, Usd};
    ///
    /// let mining = MiningPerMw::new(
    ///     Hashprice::from_usd_per_ph_day(50.0)?,
    ///     Efficiency::from_j_per_th(17.5)?,
    ///     EnergyPrice::from_usd_per_mwh(45.0)?,
    ///     OperatingTerms::IDEAL,
    /// )?;
    /// let lease = AiLease::new(
    ///     LeasePrice::PerMwMonth(Usd::from_dollars(100_000.0)?),
    ///     Usd::from_dollars(2_000_000.0)?,
    ///     12,
    ///     60,
    ///     0.999,
    /// )?;
    /// let idle = compare_mine_vs_lease(&mining, &lease, 0.12)?;
    /// let busy =
    ///     compare_mine_vs_lease(&mining, &lease.with_mining_during_lead_time(true), 0.12)?;
    /// // A profitable mine adds its first year's cash to the lease side.
    /// assert!(busy.lease_npv > idle.lease_npv);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_mining_during_lead_time(mut self, yes: bool) -> Self {
        self.mine_during_lead_time = yes;
        self
    }

    /// The comparison horizon: lead time + contract.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{AiLease, LeasePrice};
    /// use minerscope::units::Usd;
    ///
    /// let lease = AiLease::new(LeasePrice::PerMwMonth(Usd::ZERO), Usd::ZERO, 9, 60, 1.0)?;
    /// assert_eq!(lease.horizon_months(), 69);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn horizon_months(&self) -> u32 {
        // Checked in `new` and in `switch_sensitivity`'s bumps.
        self.lead_time_months.saturating_add(self.contract_months)
    }

    fn monthly_net(&self, site_power: EnergyPrice) -> f64 {
        match self.price {
            LeasePrice::PerMwMonth(p) => p.to_dollars(),
            LeasePrice::PerEnergy(p) => {
                HOURS_PER_MONTH
                    * self.required_uptime
                    * (p.to_usd_per_mwh() - site_power.to_usd_per_mwh())
            }
        }
    }
}

/// The result of [`compare_mine_vs_lease`].
///
/// # Examples
///
/// ```
/// use minerscope::economics::{compare_mine_vs_lease, AiLease, Hashprice, LeasePrice, MiningPerMw,
///     OperatingTerms};
/// use minerscope::units::{Efficiency, EnergyPrice, Usd};
///
/// // At $20/PH/day a 17.5 J/TH mine barely covers $45/MWh power: a $100k/MW-month lease wins.
/// let mining = MiningPerMw::new(Hashprice::from_usd_per_ph_day(20.0)?,
///     Efficiency::from_j_per_th(17.5)?, EnergyPrice::from_usd_per_mwh(45.0)?,
///     OperatingTerms::IDEAL)?;
/// let lease = AiLease::new(LeasePrice::PerMwMonth(Usd::from_dollars(100_000.0)?),
///     Usd::from_dollars(2_000_000.0)?, 12, 60, 0.999)?;
/// let c = compare_mine_vs_lease(&mining, &lease, 0.12)?;
/// assert_eq!(c.horizon_months, 72);
/// assert!(c.leasing_wins());
/// let switch = c.switch_hashprice.ok_or("mining always wins")?;
/// assert!(switch.to_usd_per_ph_day() > 20.0);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct MineVsLease {
    /// Months compared (lead time + contract).
    pub horizon_months: u32,
    /// NPV of mining per MW over the horizon.
    pub mining_npv: Usd,
    /// NPV of the lease per MW over the horizon (after retrofit capex).
    pub lease_npv: Usd,
    /// The starting hashprice at which the two NPVs are equal; below it leasing wins. `None`
    /// when mining wins at every hashprice ≥ 0.
    pub switch_hashprice: Option<Hashprice>,
}

impl MineVsLease {
    /// Whether leasing has the higher NPV.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::{
    ///     AiLease, Hashprice, LeasePrice, MiningPerMw, OperatingTerms, compare_mine_vs_lease,
    /// };
    /// use minerscope::units::{Efficiency, EnergyPrice, Usd};
    ///
    /// // A lease paying nothing never wins against a profitable mine.
    /// let mining = MiningPerMw::new(
    ///     Hashprice::from_usd_per_ph_day(50.0)?,
    ///     Efficiency::from_j_per_th(17.5)?,
    ///     EnergyPrice::from_usd_per_mwh(45.0)?,
    ///     OperatingTerms::IDEAL,
    /// )?;
    /// let lease = AiLease::new(LeasePrice::PerMwMonth(Usd::ZERO), Usd::ZERO, 0, 12, 1.0)?;
    /// let c = compare_mine_vs_lease(&mining, &lease, 0.1)?;
    /// assert!(!c.leasing_wins());
    /// assert_eq!(c.switch_hashprice, None);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn leasing_wins(&self) -> bool {
        self.lease_npv > self.mining_npv
    }
}

struct Npvs {
    mining: f64,
    lease: f64,
}

fn npvs(mining: &MiningPerMw, hp0: f64, lease: &AiLease, r: f64) -> Npvs {
    let d = 1.0 / (1.0 + r);
    let lease_month = lease.monthly_net(mining.power_price);
    // Month m's hashprice is hp0·(1 + g)^(m/12): step it by the monthly factor.
    let q = (1.0 + mining.hashprice_annual_change).powf(1.0 / 12.0);
    let (mut disc, mut mine, mut lz) = (1.0, 0.0, -lease.retrofit_capex_per_mw.to_dollars());
    let mut hp = hp0;
    for m in 1..=lease.horizon_months() {
        disc *= d;
        hp *= q;
        let cash = mining.month_at(hp);
        mine += cash * disc;
        if m > lease.lead_time_months {
            lz += lease_month * disc;
        } else if lease.mine_during_lead_time {
            lz += cash * disc;
        }
    }
    Npvs { mining: mine, lease: lz }
}

/// Compares mining and leasing per MW: both NPVs over the lease horizon at an annual discount
/// rate (compounded monthly) and the switch hashprice.
///
/// # Errors
///
/// As [`rate_per_period`]; [`EconomicsError::Overflow`] if an NPV is not finite.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{
///     AiLease, Hashprice, LeasePrice, MiningPerMw, OperatingTerms, compare_mine_vs_lease,
/// };
/// use minerscope::units::{Efficiency, EnergyPrice, Usd};
///
/// let mining = MiningPerMw::new(
///     Hashprice::from_usd_per_ph_day(50.0)?,
///     Efficiency::from_j_per_th(17.5)?,
///     EnergyPrice::from_usd_per_mwh(45.0)?,
///     OperatingTerms::new(0.02, 0.97, 1.05)?,
/// )?
/// .with_hashprice_annual_change(-0.25)?;
/// let lease = AiLease::new(
///     LeasePrice::PerMwMonth(Usd::from_dollars(130_000.0)?),
///     Usd::from_dollars(2_500_000.0)?,
///     12,
///     120,
///     0.999,
/// )?;
/// let c = compare_mine_vs_lease(&mining, &lease, 0.12)?;
/// let switch = c.switch_hashprice.ok_or("mining always wins")?;
/// assert_eq!(c.leasing_wins(), switch.to_usd_per_ph_day() > 50.0);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn compare_mine_vs_lease(
    mining: &MiningPerMw,
    lease: &AiLease,
    annual_discount_rate: f64,
) -> Result<MineVsLease, EconomicsError> {
    let r = rate_per_period(annual_discount_rate, 12.0)?;
    let n = npvs(mining, mining.hashprice.to_usd_per_ph_day(), lease, r);
    Ok(MineVsLease {
        horizon_months: lease.horizon_months(),
        mining_npv: Usd::from_dollars(computed("mining NPV", n.mining)?)?,
        lease_npv: Usd::from_dollars(computed("lease NPV", n.lease)?)?,
        switch_hashprice: switch_hashprice(mining, lease, r)?,
    })
}

/// Mining's NPV advantage over the lease per MW (`NPV_mine − NPV_lease`; negative when leasing
/// wins) at an uncertain starting hashprice, carrying its interval (the advantage is
/// non-decreasing in hashprice). The hashprice inside `mining` is replaced by `hashprice`.
///
/// # Errors
///
/// As [`compare_mine_vs_lease`].
///
/// # Examples
///
/// ```
/// use minerscope::economics::{
///     AiLease, Hashprice, LeasePrice, MiningPerMw, OperatingTerms, Uncertain,
///     mining_advantage,
/// };
/// use minerscope::stats::{ConfidenceLevel, Interval};
/// use minerscope::units::{Efficiency, EnergyPrice, Usd};
///
/// let hp = |x| Hashprice::from_usd_per_ph_day(x);
/// let mining = MiningPerMw::new(
///     hp(50.0)?,
///     Efficiency::from_j_per_th(17.5)?,
///     EnergyPrice::from_usd_per_mwh(45.0)?,
///     OperatingTerms::IDEAL,
/// )?;
/// let lease = AiLease::new(
///     LeasePrice::PerMwMonth(Usd::from_dollars(100_000.0)?),
///     Usd::from_dollars(2_000_000.0)?,
///     12,
///     60,
///     0.999,
/// )?;
/// let u = Uncertain::new(
///     hp(50.0)?,
///     Some(Interval::new(hp(47.0)?, hp(54.0)?, ConfidenceLevel::P95)?),
/// );
/// let adv = mining_advantage(&mining, &lease, 0.12, u)?;
/// assert!(adv.low() <= adv.value() && adv.value() <= adv.high());
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn mining_advantage(
    mining: &MiningPerMw,
    lease: &AiLease,
    annual_discount_rate: f64,
    hashprice: Uncertain<Hashprice>,
) -> Result<Uncertain<Usd>, EconomicsError> {
    let r = rate_per_period(annual_discount_rate, 12.0)?;
    hashprice.try_map_monotone(|hp| {
        let n = npvs(mining, hp.to_usd_per_ph_day(), lease, r);
        Ok(Usd::from_dollars(computed("mining NPV advantage", n.mining - n.lease)?)?)
    })
}

/// The starting hashprice where mining and lease NPVs are equal, at monthly rate `r`.
fn switch_hashprice(
    mining: &MiningPerMw,
    lease: &AiLease,
    r: f64,
) -> Result<Option<Hashprice>, EconomicsError> {
    let gap = |hp: f64| {
        let n = npvs(mining, hp, lease, r);
        n.mining - n.lease
    };
    let g0 = gap(0.0);
    if !g0.is_finite() {
        return Err(EconomicsError::Overflow { what: "mine-vs-lease NPV gap" });
    }
    if g0 >= 0.0 {
        return Ok(None);
    }
    let mut hi = 1.0;
    for _ in 0..80 {
        let g = gap(hi);
        if !g.is_finite() {
            break;
        }
        if g >= 0.0 {
            let hp = bisect(0.0, hi, g0, gap);
            return Ok(Some(Hashprice::from_usd_per_ph_day(hp)?));
        }
        hi *= 2.0;
    }
    Err(EconomicsError::NoSolution { what: "switch hashprice" })
}

/// An input of the mine-vs-lease comparison, for sensitivity analysis.
///
/// # Examples
///
/// ```
/// use minerscope::economics::LeaseInput;
///
/// assert_eq!(LeaseInput::LeadTime.name(), "lead time");
/// assert!(LeaseInput::ALL.contains(&LeaseInput::DiscountRate));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum LeaseInput {
    /// The lease price.
    LeasePrice,
    /// Retrofit capex per MW.
    RetrofitCapex,
    /// Months before lease revenue.
    LeadTime,
    /// Contract length in months.
    ContractLength,
    /// The tenant's required uptime.
    RequiredUptime,
    /// The site's power price.
    PowerPrice,
    /// The annual discount rate.
    DiscountRate,
    /// The fleet's efficiency (J/TH).
    Efficiency,
    /// The annual hashprice change.
    HashpriceChange,
    /// Mining's curtailment option value.
    CurtailmentValue,
}

impl LeaseInput {
    /// All inputs, in display order.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::LeaseInput;
    /// use std::collections::HashSet;
    ///
    /// let distinct: HashSet<LeaseInput> = LeaseInput::ALL.into_iter().collect();
    /// assert_eq!(distinct.len(), 10);
    /// assert_eq!(LeaseInput::ALL[0], LeaseInput::LeasePrice);
    /// ```
    pub const ALL: [LeaseInput; 10] = [
        LeaseInput::LeasePrice,
        LeaseInput::RetrofitCapex,
        LeaseInput::LeadTime,
        LeaseInput::ContractLength,
        LeaseInput::RequiredUptime,
        LeaseInput::PowerPrice,
        LeaseInput::DiscountRate,
        LeaseInput::Efficiency,
        LeaseInput::HashpriceChange,
        LeaseInput::CurtailmentValue,
    ];

    /// A short lower-case name.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::economics::LeaseInput;
    ///
    /// let names: Vec<&str> = LeaseInput::ALL.iter().map(|i| i.name()).collect();
    /// assert_eq!(names[5], "power price");
    /// assert!(names.iter().all(|n| *n == n.to_lowercase()));
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            LeaseInput::LeasePrice => "lease price",
            LeaseInput::RetrofitCapex => "retrofit capex",
            LeaseInput::LeadTime => "lead time",
            LeaseInput::ContractLength => "contract length",
            LeaseInput::RequiredUptime => "required uptime",
            LeaseInput::PowerPrice => "power price",
            LeaseInput::DiscountRate => "discount rate",
            LeaseInput::Efficiency => "efficiency",
            LeaseInput::HashpriceChange => "hashprice change",
            LeaseInput::CurtailmentValue => "curtailment value",
        }
    }
}

/// The switch hashprice with one input moved down and up by a relative bump.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{
///     AiLease, Hashprice, LeaseInput, LeasePrice, MiningPerMw, OperatingTerms,
///     switch_sensitivity,
/// };
/// use minerscope::units::{Efficiency, EnergyPrice, Usd};
///
/// let mining = MiningPerMw::new(
///     Hashprice::from_usd_per_ph_day(50.0)?,
///     Efficiency::from_j_per_th(17.5)?,
///     EnergyPrice::from_usd_per_mwh(45.0)?,
///     OperatingTerms::new(0.02, 0.97, 1.05)?,
/// )?
/// .with_hashprice_annual_change(-0.25)?;
/// let lease = AiLease::new(
///     LeasePrice::PerMwMonth(Usd::from_dollars(130_000.0)?),
///     Usd::from_dollars(2_500_000.0)?,
///     12,
///     120,
///     0.999,
/// )?;
/// let s = switch_sensitivity(&mining, &lease, 0.12, 0.1)?;
/// let price = s.iter().find(|x| x.input == LeaseInput::LeasePrice).ok_or("missing")?;
/// // A 10 % richer lease wins up to a higher hashprice.
/// assert!(price.up.ok_or("no switch")? > price.down.ok_or("no switch")?);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Sensitivity {
    /// The input moved.
    pub input: LeaseInput,
    /// Switch hashprice with the input × (1 − bump) (`None`: mining always wins).
    pub down: Option<Hashprice>,
    /// Switch hashprice with the input × (1 + bump).
    pub up: Option<Hashprice>,
}

/// One-at-a-time sensitivity of the switch hashprice: each input of [`LeaseInput::ALL`] scaled
/// by `1 ± relative_bump` (months rounded, uptime capped at 1), others fixed.
///
/// # Errors
///
/// [`EconomicsError::OutOfRange`] unless `relative_bump` is in (0, 1), or if a bumped lead time
/// or contract (or their sum) exceeds `u32::MAX` months; errors of [`compare_mine_vs_lease`]
/// for a bumped input.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{switch_sensitivity, AiLease, EconomicsError, Hashprice,
///     LeaseInput, LeasePrice, MiningPerMw, OperatingTerms};
/// use minerscope::units::{Efficiency, EnergyPrice, Usd};
///
/// let mining = MiningPerMw::new(Hashprice::from_usd_per_ph_day(50.0)?,
///     Efficiency::from_j_per_th(17.5)?, EnergyPrice::from_usd_per_mwh(45.0)?,
///     OperatingTerms::new(0.02, 0.97, 1.05)?)?
///     .with_hashprice_annual_change(-0.25)?;
/// let lease = AiLease::new(LeasePrice::PerMwMonth(Usd::from_dollars(130_000.0)?),
///     Usd::from_dollars(2_500_000.0)?, 12, 120, 0.999)?;
/// let s = switch_sensitivity(&mining, &lease, 0.12, 0.2)?;
/// let inputs: Vec<LeaseInput> = s.iter().map(|x| x.input).collect();
/// assert_eq!(inputs, LeaseInput::ALL);
/// // Less efficient machines (J/TH × 1.2) make mining worse: leasing wins up to a higher price.
/// let eff = s.iter().find(|x| x.input == LeaseInput::Efficiency).ok_or("missing")?;
/// assert!(eff.up.ok_or("no switch")? > eff.down.ok_or("no switch")?);
/// let bad = switch_sensitivity(&mining, &lease, 0.12, 1.0);
/// assert!(matches!(bad, Err(EconomicsError::OutOfRange { .. })));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn switch_sensitivity(
    mining: &MiningPerMw,
    lease: &AiLease,
    annual_discount_rate: f64,
    relative_bump: f64,
) -> Result<Vec<Sensitivity>, EconomicsError> {
    let b = finite("relative bump", relative_bump)?;
    if !(b > 0.0 && b < 1.0) {
        return Err(EconomicsError::OutOfRange {
            what: "relative bump",
            expected: "(0, 1)",
            value: b,
        });
    }
    let threshold = |factor: f64, input: LeaseInput| -> Result<Option<Hashprice>, EconomicsError> {
        let (mut m, mut l, mut rate) = (*mining, *lease, annual_discount_rate);
        let months = |x: u32| {
            let bumped = (f64::from(x) * factor).round().max(0.0);
            if bumped <= f64::from(u32::MAX) {
                Ok(bumped as u32)
            } else {
                Err(EconomicsError::OutOfRange {
                    what: "bumped lease months",
                    expected: "[0, 4 294 967 295]",
                    value: bumped,
                })
            }
        };
        match input {
            LeaseInput::LeasePrice => {
                l.price = match l.price {
                    LeasePrice::PerMwMonth(p) => LeasePrice::PerMwMonth(p * factor),
                    LeasePrice::PerEnergy(p) => LeasePrice::PerEnergy(
                        EnergyPrice::from_usd_per_mwh(p.to_usd_per_mwh() * factor)?,
                    ),
                }
            }
            LeaseInput::RetrofitCapex => l.retrofit_capex_per_mw = l.retrofit_capex_per_mw * factor,
            LeaseInput::LeadTime => l.lead_time_months = months(l.lead_time_months)?,
            LeaseInput::ContractLength => l.contract_months = months(l.contract_months)?.max(1),
            LeaseInput::RequiredUptime => l.required_uptime = (l.required_uptime * factor).min(1.0),
            LeaseInput::PowerPrice => {
                m.power_price =
                    EnergyPrice::from_usd_per_mwh(m.power_price.to_usd_per_mwh() * factor)?
            }
            LeaseInput::DiscountRate => rate *= factor,
            LeaseInput::Efficiency => {
                m.efficiency = Efficiency::from_j_per_th(m.efficiency.to_j_per_th() * factor)?
            }
            LeaseInput::HashpriceChange => {
                m.hashprice_annual_change = (m.hashprice_annual_change * factor).max(-0.999_999)
            }
            LeaseInput::CurtailmentValue => {
                m.curtailment_value_per_mw_month = m.curtailment_value_per_mw_month * factor
            }
        }
        check_horizon(l.lead_time_months, l.contract_months)?;
        switch_hashprice(&m, &l, rate_per_period(rate, 12.0)?)
    };
    LeaseInput::ALL
        .iter()
        .map(|&input| {
            Ok(Sensitivity {
                input,
                down: threshold(1.0 - b, input)?,
                up: threshold(1.0 + b, input)?,
            })
        })
        .collect()
}
