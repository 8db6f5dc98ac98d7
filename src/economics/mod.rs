//! Mining economics with uncertainty carried through from the chain: hashvalue and hashprice,
//! machines and fleets, breakeven and shutdown prices, curtailment against hourly power prices,
//! scenario projections with NPV/IRR/payback, mine-vs-lease-to-AI per MW, the megawatts a
//! hashrate drop implies, and solo-mining odds.
//!
//! | file | idea |
//! |---|---|
//! | `hashprice` | [`BlockReward`] (subsidy by height + fees or real coinbases), [`Hashvalue`], [`Hashprice`] |
//! | `machine`, `asic_table` | [`Machine`], the built-in [`BUILTIN_ASICS`] table |
//! | `fleet` | [`Fleet`], [`OperatingTerms`] (pool fee, uptime, PUE), [`DailyEconomics`] |
//! | `breakeven` | breakeven power price, shutdown hashprice and BTC price, [`shutdown_order`] |
//! | `curtailment` | optimal hourly on/off schedule, strikes, energy sold back, restart costs |
//! | `scenario`, `finance` | halvings, difficulty and price paths, [`npv`], [`irr`], [`payback_periods`] |
//! | `ai_lease` | [`compare_mine_vs_lease`], switch hashprice, [`switch_sensitivity`] |
//! | `implied_power` | [`hashrate_drop`], [`implied_power`] |
//! | `uncertain` | [`Uncertain`]: a value with the interval it inherited |
//!
//! Everything is pure arithmetic over the unit newtypes: bitcoin as [`bitcoin::Amount`], dollars
//! as [`Usd`](crate::units::Usd), power prices as [`EnergyPrice`](crate::units::EnergyPrice)
//! (which may be negative), bitcoin prices as [`BtcPrice`](crate::units::BtcPrice). Where an
//! input carries an interval (a hashrate [`Estimate`](crate::hashrate::Estimate), a difficulty
//! path drawn from one, a hashrate drop), the result is an [`Uncertain`] value carrying the
//! interval at the same level through every monotone step.
//!
//! # Formulas (SCIENCE.md §8)
//!
//! ```text
//! blocks/day per PH/s   = 86400·10^15 / (D · 2^48/(2^16−1))         (1.5965e-4 at D = 1.26e14)
//! hashvalue  BTC/PH/day = blocks/day per PH/s · (subsidy + fees)     (5.04e-4 at 3.155 BTC)
//! hashprice  USD/PH/day = hashvalue · price                          ($50.37 at $100,000)
//! breakeven  USD/MWh    = hashprice·(1 − pool fee) / (e·0.024·PUE)    ($139.9 at 15 J/TH)
//! ```
//!
//! # Example
//!
//! ```
//! use bitcoin::Amount;
//! use minerscope::economics::{breakeven_power_price, hashvalue_from_difficulty, BlockReward, OperatingTerms};
//! use minerscope::units::{BtcPrice, Difficulty, Efficiency};
//!
//! let reward = BlockReward::at_height(900_000, Amount::from_sat(3_000_000))?;
//! let hp = hashvalue_from_difficulty(Difficulty::new(1.26e14)?, reward)?
//!     .at_price(BtcPrice::from_usd_per_btc(100_000.0)?);
//! let be = breakeven_power_price(hp, Efficiency::from_j_per_th(15.0)?, &OperatingTerms::IDEAL);
//! assert!((be.to_usd_per_mwh() - 139.9).abs() < 0.05);
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

mod ai_lease;
mod asic_table;
mod breakeven;
mod curtailment;
mod error;
mod finance;
mod fleet;
mod hashprice;
mod implied_power;
mod machine;
mod scenario;
mod solo;
mod uncertain;

pub use ai_lease::{
    AiLease, DAYS_PER_MONTH, HOURS_PER_MONTH, LeaseInput, LeasePrice, MineVsLease, MiningPerMw,
    Sensitivity, compare_mine_vs_lease, mining_advantage, switch_sensitivity,
};
pub use asic_table::{AsicSpec, BUILTIN_ASICS, builtin_asic};
pub use breakeven::{
    ShutdownStep, breakeven_power_price, breakeven_power_price_uncertain,
    fleet_breakeven_power_price, shutdown_btc_price, shutdown_hashprice, shutdown_order,
};
pub use curtailment::{
    CurtailmentPlan, LineSchedule, PowerContract, curtailment_schedule,
    curtailment_schedule_with_restart_cost, strike_prices,
};
pub use error::EconomicsError;
pub use finance::{irr, npv, payback_periods, rate_per_period};
pub use fleet::{DailyEconomics, Fleet, FleetEntry, OperatingTerms};
pub use hashprice::{
    BLOCKS_PER_DAY, BlockReward, Hashprice, Hashvalue, MWH_PER_PH_DAY_PER_J_PER_TH,
    blocks_per_day_per_phs, equilibrium_difficulty, hashvalue_from_difficulty,
    hashvalue_from_estimate, hashvalue_from_network_hashrate, hashvalue_from_uncertain_hashrate,
};
pub use implied_power::{
    EfficiencyRange, hashrate_drop, implied_power, implied_power_from_interval,
};
pub use machine::Machine;
pub use scenario::{
    DifficultyPath, PricePath, Projection, ProjectionBand, ProjectionDay, Scenario,
};
pub use solo::{SoloOdds, solo_odds};
pub use uncertain::Uncertain;
