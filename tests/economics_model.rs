//! Behaviour of the economics models: curtailment optimality, shutdown order, scenarios,
//! mine-vs-lease thresholds, and interval coverage carried from hashrate estimates.

use bitcoin::Amount;
use minerscope::economics::{
    AiLease, BUILTIN_ASICS, BlockReward, DifficultyPath, EconomicsError, EfficiencyRange, Fleet,
    Hashprice, LeaseInput, LeasePrice, Machine, MiningPerMw, OperatingTerms, PowerContract,
    PricePath, Scenario, Uncertain, breakeven_power_price, builtin_asic, compare_mine_vs_lease,
    curtailment_schedule, hashrate_drop, hashvalue_from_estimate, implied_power,
    shutdown_btc_price, shutdown_hashprice, shutdown_order, switch_sensitivity,
};
use minerscope::hashrate::{Estimate, Method};
use minerscope::stats::{ConfidenceLevel, Interval, rate};
use minerscope::units::{BtcPrice, Difficulty, Efficiency, EnergyPrice, Hashrate, Usd};
use rand::prelude::*;
use rand_distr::Gamma;

fn price(p: f64) -> EnergyPrice {
    EnergyPrice::from_usd_per_mwh(p).unwrap()
}

fn machine(name: &str) -> Machine {
    builtin_asic(name).unwrap().to_machine().unwrap()
}

fn mixed_fleet() -> Fleet {
    Fleet::new(vec![
        (machine("Antminer S21"), 100),
        (machine("Antminer S19 XP"), 50),
        (machine("Whatsminer M30S"), 80),
    ])
    .unwrap()
}

#[test]
fn curtailment_matches_brute_force() {
    // A single line over 10 hours: enumerate all 1024 schedules; none beats the plan.
    let fleet = Fleet::single(machine("Antminer S21"), 10).unwrap();
    let terms = OperatingTerms::new(0.02, 1.0, 1.1).unwrap();
    let hp = Hashprice::from_usd_per_ph_day(45.0).unwrap();
    let mut rng = StdRng::seed_from_u64(7);
    for _ in 0..20 {
        let prices: Vec<EnergyPrice> =
            (0..10).map(|_| price(rng.random::<f64>() * 300.0 - 50.0)).collect();
        let credits: Vec<EnergyPrice> =
            (0..10).map(|_| price(if rng.random::<f64>() < 0.3 { 40.0 } else { 0.0 })).collect();
        let plan =
            curtailment_schedule(&fleet, hp, &terms, &prices, Some(&credits), PowerContract::Spot)
                .unwrap();
        let strike = plan.lines[0].strike.to_usd_per_mwh();
        let mw = fleet.power().to_megawatts() * 1.1;
        let best = (0..1u32 << 10)
            .map(|mask| {
                (0..10)
                    .map(|h| {
                        let (p, c) = (prices[h].to_usd_per_mwh(), credits[h].to_usd_per_mwh());
                        if mask >> h & 1 == 1 { (strike - p) * mw } else { c * mw }
                    })
                    .sum::<f64>()
            })
            .fold(f64::NEG_INFINITY, f64::max);
        assert!((plan.profit.to_dollars() - best).abs() < 1e-6 * best.abs().max(1.0));
        assert!(plan.value_of_curtailment().to_dollars() >= -1e-9);
    }
}

#[test]
fn curtailment_runs_through_negative_prices_and_settles_contracts() {
    let fleet = mixed_fleet();
    let hp = Hashprice::from_usd_per_ph_day(50.0).unwrap();
    let prices: Vec<EnergyPrice> = [-30.0, 20.0, 90.0, 160.0, 400.0].map(price).to_vec();
    let spot = curtailment_schedule(
        &fleet,
        hp,
        &OperatingTerms::IDEAL,
        &prices,
        None,
        PowerContract::Spot,
    )
    .unwrap();
    // Every line runs at a negative price; nobody runs at $400/MWh.
    assert!(spot.lines.iter().all(|l| l.on[0] && !l.on[4]));
    // Strikes: S21 (17.5 J/TH) $119, S19 XP (21.5) $96.9, M30S (38) $54.8 → hour at $90 runs
    // only the S21 and S19 XP; at $160 none.
    let on_at_90: Vec<bool> = spot.lines.iter().map(|l| l.on[2]).collect();
    assert_eq!(on_at_90, vec![true, true, false]);
    // A fixed contract with resale gives the same schedule; profit differs by the constant
    // (spot − contract) on all energy.
    let contract = price(50.0);
    let fixed = curtailment_schedule(
        &fleet,
        hp,
        &OperatingTerms::IDEAL,
        &prices,
        None,
        PowerContract::FixedWithResale { contract_price: contract },
    )
    .unwrap();
    assert_eq!(fixed.lines, spot.lines);
    let mw = fleet.power().to_megawatts();
    let spot_sum: f64 = prices.iter().map(|p| p.to_usd_per_mwh()).sum();
    let shift = mw * (spot_sum - 50.0 * prices.len() as f64);
    assert!((fixed.profit.to_dollars() - (spot.profit.to_dollars() + shift)).abs() < 1e-6);
    let total = spot.energy_used.to_mwh() + spot.energy_curtailed.to_mwh();
    assert!((total - mw * prices.len() as f64).abs() < 1e-9);
}

#[test]
fn curtailment_rejects_bad_series() {
    let fleet = mixed_fleet();
    let hp = Hashprice::from_usd_per_ph_day(50.0).unwrap();
    let t = OperatingTerms::IDEAL;
    assert_eq!(
        curtailment_schedule(&fleet, hp, &t, &[], None, PowerContract::Spot),
        Err(EconomicsError::Empty { what: "hourly power prices" })
    );
    let prices = [price(1.0), price(2.0)];
    assert!(matches!(
        curtailment_schedule(&fleet, hp, &t, &prices, Some(&[price(1.0)]), PowerContract::Spot),
        Err(EconomicsError::LengthMismatch { left: 2, right: 1, .. })
    ));
}

#[test]
fn shutdown_order_is_least_efficient_first_and_consistent() {
    let fleet = mixed_fleet();
    let terms = OperatingTerms::new(0.02, 0.95, 1.08).unwrap();
    let p = price(55.0);
    let order = shutdown_order(&fleet, p, &terms).unwrap();
    let names: Vec<&str> = order.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Whatsminer M30S", "Antminer S19 XP", "Antminer S21"]);
    assert_eq!(order.last().unwrap().hashrate_left, Hashrate::ZERO);
    for s in &order {
        // At its shutdown hashprice, a model's breakeven power price is the tariff.
        let be = breakeven_power_price(s.shutdown_hashprice, s.efficiency, &terms);
        assert!((be.to_usd_per_mwh() - 55.0).abs() < 1e-9);
        assert_eq!(s.shutdown_hashprice, shutdown_hashprice(s.efficiency, p, &terms).unwrap());
    }
    assert!(matches!(
        shutdown_order(&fleet, price(-1.0), &terms),
        Err(EconomicsError::NegativePowerPrice { .. })
    ));
}

#[test]
fn shutdown_btc_price_zeroes_profit() {
    let terms = OperatingTerms::new(0.025, 0.97, 1.05).unwrap();
    let reward = BlockReward::at_height(900_000, Amount::from_sat(3_000_000)).unwrap();
    let hv =
        minerscope::economics::hashvalue_from_difficulty(Difficulty::new(1.26e14).unwrap(), reward)
            .unwrap();
    for spec in BUILTIN_ASICS {
        let m = spec.to_machine().unwrap();
        let fleet = Fleet::single(m.clone(), 1).unwrap();
        let p = shutdown_btc_price(hv, m.efficiency(), price(60.0), &terms).unwrap().unwrap();
        let day = fleet.daily(hv.at_price(p), price(60.0), &terms).unwrap();
        assert!(day.profit().to_dollars().abs() < 1e-9, "{}", spec.name);
    }
    assert_eq!(
        shutdown_btc_price(hv, Efficiency::from_j_per_th(20.0).unwrap(), price(0.0), &terms),
        Ok(None)
    );
}

#[test]
fn scenario_halving_and_npv_identities() {
    let fleet = Fleet::single(
        machine("Antminer S21").with_price(Usd::from_dollars(3000.0).unwrap()).unwrap(),
        100,
    )
    .unwrap();
    let s = Scenario::new(
        1_040_000,
        200,
        DifficultyPath::Constant(Difficulty::new(1.26e14).unwrap()),
        PricePath::Constant(BtcPrice::from_usd_per_btc(100_000.0).unwrap()),
    )
    .unwrap()
    .with_fees_per_block(Amount::from_sat(3_000_000))
    .with_power_price(price(40.0))
    .unwrap();
    let p = s.project(&fleet).unwrap();
    let hd = s.halving_day().unwrap() as usize;
    assert_eq!(hd, 70); // ceil(10,000 / 144)
    let (before, after) = (p.days()[hd - 1].hashprice, p.days()[hd].hashprice);
    // Hashprice scales by (1.5625 + 0.03)/(3.125 + 0.03).
    let ratio = after.to_usd_per_ph_day() / before.to_usd_per_ph_day();
    assert!((ratio - 1.5925 / 3.155).abs() < 1e-12);
    // NPV at 0 % is total profit − capex.
    let npv0 = p.npv(0.0).unwrap().to_dollars();
    assert!((npv0 - (p.total_profit().to_dollars() - 300_000.0)).abs() < 1e-6);
    // Higher discount rate, lower NPV (profits positive).
    assert!(p.npv(0.2).unwrap() < p.npv(0.05).unwrap());
    // IRR makes NPV zero.
    if let Ok(r) = p.irr_annual() {
        assert!(p.npv(r).unwrap().to_dollars().abs() < 1e-3);
    }
    assert!(
        Scenario::new(
            1,
            0,
            DifficultyPath::Constant(Difficulty::new(1.0).unwrap()),
            PricePath::Constant(BtcPrice::from_usd_per_btc(1.0).unwrap())
        )
        .is_err()
    );
}

#[test]
fn scenario_band_carries_the_hashrate_interval() {
    let fleet = mixed_fleet();
    let s = Scenario::new(
        930_000,
        365,
        DifficultyPath::Constant(Difficulty::new(1.0).unwrap()),
        PricePath::growth(BtcPrice::from_usd_per_btc(100_000.0).unwrap(), 0.1).unwrap(),
    )
    .unwrap()
    .with_power_price(price(45.0))
    .unwrap();
    let eh = |x| Hashrate::from_ehs(x).unwrap();
    let h = Uncertain::new(
        eh(900.0),
        Some(Interval::new(eh(860.0), eh(950.0), ConfidenceLevel::P95).unwrap()),
    );
    let band = s.project_uncertain(&fleet, h, 0.3).unwrap();
    let npv = band.npv(0.1).unwrap();
    assert!(npv.low() < npv.value() && npv.value() < npv.high());
    assert_eq!(npv.interval().unwrap().level(), ConfidenceLevel::P95);
    let exact = s.project_uncertain(&fleet, Uncertain::exact(eh(900.0)), 0.3).unwrap();
    assert!(exact.npv(0.1).unwrap().interval().is_none());
    assert_eq!(exact.npv(0.1).unwrap().value(), npv.value());
}

fn lease_inputs(hp: f64) -> (MiningPerMw, AiLease) {
    let mining = MiningPerMw::new(
        Hashprice::from_usd_per_ph_day(hp).unwrap(),
        Efficiency::from_j_per_th(18.0).unwrap(),
        price(45.0),
        OperatingTerms::new(0.02, 0.97, 1.05).unwrap(),
    )
    .unwrap()
    .with_hashprice_annual_change(-0.25)
    .unwrap()
    .with_curtailment_value(Usd::from_dollars(4_000.0).unwrap())
    .unwrap();
    let lease = AiLease::new(
        LeasePrice::PerMwMonth(Usd::from_dollars(120_000.0).unwrap()),
        Usd::from_dollars(3_000_000.0).unwrap(),
        12,
        120,
        0.999,
    )
    .unwrap();
    (mining, lease)
}

#[test]
fn switch_threshold_equalises_npvs() {
    let (mining, lease) = lease_inputs(50.0);
    let c = compare_mine_vs_lease(&mining, &lease, 0.12).unwrap();
    let hp = c.switch_hashprice.unwrap();
    let (at, _) = lease_inputs(hp.to_usd_per_ph_day());
    let c2 = compare_mine_vs_lease(&at, &lease, 0.12).unwrap();
    let gap = (c2.mining_npv - c2.lease_npv).to_dollars();
    assert!(gap.abs() < 1e-3 * c2.lease_npv.to_dollars().abs().max(1.0), "gap {gap}");
    assert_eq!(c.leasing_wins(), hp.to_usd_per_ph_day() > 50.0);
    // Slightly above the threshold mining wins; slightly below, leasing.
    let (above, _) = lease_inputs(hp.to_usd_per_ph_day() * 1.01);
    let (below, _) = lease_inputs(hp.to_usd_per_ph_day() * 0.99);
    assert!(!compare_mine_vs_lease(&above, &lease, 0.12).unwrap().leasing_wins());
    assert!(compare_mine_vs_lease(&below, &lease, 0.12).unwrap().leasing_wins());
}

#[test]
fn switch_sensitivity_has_the_right_signs() {
    let (mining, lease) = lease_inputs(50.0);
    let sens = switch_sensitivity(&mining, &lease, 0.12, 0.1).unwrap();
    assert_eq!(sens.len(), LeaseInput::ALL.len());
    let get = |i: LeaseInput| sens.iter().find(|s| s.input == i).unwrap();
    let hp = |h: Option<Hashprice>| h.unwrap().to_usd_per_ph_day();
    // A dearer lease makes leasing win up to a higher hashprice; more capex, lower.
    let lp = get(LeaseInput::LeasePrice);
    assert!(hp(lp.up) > hp(lp.down));
    let capex = get(LeaseInput::RetrofitCapex);
    assert!(hp(capex.up) < hp(capex.down));
    // More curtailment value keeps mining attractive: lower threshold.
    let cv = get(LeaseInput::CurtailmentValue);
    assert!(hp(cv.up) < hp(cv.down));
    // A dearer power bill hurts mining: higher threshold.
    let pp = get(LeaseInput::PowerPrice);
    assert!(hp(pp.up) > hp(pp.down));
    assert!(switch_sensitivity(&mining, &lease, 0.12, 1.5).is_err());
}

#[test]
fn lease_never_wins_when_it_pays_nothing() {
    let (mining, _) = lease_inputs(50.0);
    let lease = AiLease::new(
        LeasePrice::PerMwMonth(Usd::ZERO),
        Usd::from_dollars(1.0).unwrap(),
        0,
        12,
        0.99,
    )
    .unwrap();
    let c = compare_mine_vs_lease(&mining, &lease, 0.1).unwrap();
    assert_eq!(c.switch_hashprice, None);
    assert!(!c.leasing_wins());
}

/// Seeded coverage: exact χ² hashrate intervals from n = 144 exponential work-times, carried
/// to hashvalue (a decreasing map) and to implied MW (a drop between two windows).
///
/// Replications R = 10 000; the Monte-Carlo s.e. of a 95 % coverage is √(0.95·0.05/R) = 0.0022.
/// Tolerance = 4 s.e.
const COVERAGE_REPS: usize = 10_000;
const COVERAGE_TOL: f64 = 0.009;

fn simulated_estimate(
    rng: &mut StdRng,
    h: f64,
    n: u64,
    level: ConfidenceLevel,
    from: u32,
) -> Estimate {
    // Work-time S ~ Gamma(n, rate H): sum of n Exponential(H) draws.
    let s: f64 = rng.sample(Gamma::new(n as f64, 1.0 / h).unwrap());
    let ci = rate::exponential_rate(n, s, level).unwrap();
    let hs = |x: f64| Hashrate::from_hs(x).unwrap();
    Estimate::new(
        hs((n - 1) as f64 / s),
        Interval::new(hs(ci.low()), hs(ci.high()), level).unwrap(),
        Method::Unbiased,
        from,
        from + n as u32,
        n as u32,
        s,
    )
}

#[test]
fn hashvalue_interval_covers_at_nominal_level() {
    let mut rng = StdRng::seed_from_u64(2026);
    let h_true = 900e18;
    let reward = BlockReward::at_height(900_000, Amount::from_sat(3_000_000)).unwrap();
    let truth = minerscope::economics::hashvalue_from_network_hashrate(
        Hashrate::from_hs(h_true).unwrap(),
        reward,
    )
    .unwrap();
    let covered = (0..COVERAGE_REPS)
        .filter(|_| {
            let est = simulated_estimate(&mut rng, h_true, 144, ConfidenceLevel::P95, 0);
            let hv = hashvalue_from_estimate(&est, reward).unwrap();
            hv.interval().unwrap().contains(&truth)
        })
        .count();
    let cov = covered as f64 / COVERAGE_REPS as f64;
    println!("hashvalue 95 % interval coverage: {cov:.4} over {COVERAGE_REPS} replications");
    assert!((cov - 0.95).abs() < COVERAGE_TOL, "coverage {cov}");
}

#[test]
fn implied_power_interval_is_at_least_its_bonferroni_level() {
    let mut rng = StdRng::seed_from_u64(99);
    let (h0, h1) = (900e18, 850e18);
    let level = ConfidenceLevel::new(0.975).unwrap();
    let e = Efficiency::from_j_per_th(20.0).unwrap();
    let true_mw = (h0 - h1) / 1e12 * 20.0 / 1e6;
    let covered = (0..COVERAGE_REPS)
        .filter(|_| {
            let before = simulated_estimate(&mut rng, h0, 1008, level, 0);
            let after = simulated_estimate(&mut rng, h1, 1008, level, 1008);
            let drop = hashrate_drop(&before, &after).unwrap();
            let mw = implied_power(drop, EfficiencyRange::exact(e)).unwrap();
            let i = mw.interval().unwrap();
            assert!((i.level().to_f64() - 0.95).abs() < 1e-12);
            i.low().to_megawatts() <= true_mw && true_mw <= i.high().to_megawatts()
        })
        .count();
    let cov = covered as f64 / COVERAGE_REPS as f64;
    println!("implied-MW ≥95 % interval coverage: {cov:.4} over {COVERAGE_REPS} replications");
    // Bonferroni guarantees ≥ 95 %; for two independent 97.5 % intervals it is ≥ 0.975² ≈ 0.951.
    assert!(cov >= 0.95 - COVERAGE_TOL, "coverage {cov}");
}

#[test]
fn mining_advantage_carries_the_hashprice_interval_and_agrees_with_the_threshold() {
    let (mining, lease) = lease_inputs(50.0);
    let switch = compare_mine_vs_lease(&mining, &lease, 0.12).unwrap().switch_hashprice.unwrap();
    let hp = |x: f64| Hashprice::from_usd_per_ph_day(x).unwrap();
    let s = switch.to_usd_per_ph_day();
    let u = Uncertain::new(
        hp(s),
        Some(Interval::new(hp(0.8 * s), hp(1.2 * s), ConfidenceLevel::P90).unwrap()),
    );
    let adv = minerscope::economics::mining_advantage(&mining, &lease, 0.12, u).unwrap();
    // At the switch hashprice the advantage is zero; below it leasing wins, above mining.
    assert!(adv.value().to_dollars().abs() < 1e-3 * adv.high().to_dollars().abs());
    assert!(adv.low().to_dollars() < 0.0 && adv.high().to_dollars() > 0.0);
    assert_eq!(adv.interval().unwrap().level(), ConfidenceLevel::P90);
}

#[test]
fn errors_are_send_sync_and_lower_case() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<EconomicsError>();
    assert_send_sync::<Fleet>();
    assert_send_sync::<minerscope::economics::CurtailmentPlan>();
    let errors = [
        EconomicsError::EmptyFleet,
        Fleet::new(vec![]).unwrap_err(),
        OperatingTerms::new(f64::NAN, 1.0, 1.0).unwrap_err(),
        OperatingTerms::new(0.0, 0.0, 1.0).unwrap_err(),
        OperatingTerms::new(0.0, 1.0, 0.9).unwrap_err(),
        Machine::new("x", Hashrate::ZERO, minerscope::units::Power::from_watts(1.0).unwrap())
            .unwrap_err(),
        BlockReward::fees_from_coinbase(0, Amount::ZERO).unwrap_err(),
    ];
    for e in errors {
        let msg = e.to_string();
        assert!(msg.chars().next().unwrap().is_lowercase(), "{msg}");
        assert!(!msg.ends_with('.'), "{msg}");
    }
}

#[test]
fn restart_cost_schedule_matches_brute_force() {
    use minerscope::economics::curtailment_schedule_with_restart_cost;
    let fleet = Fleet::single(machine("Antminer S19 XP"), 7).unwrap();
    let terms = OperatingTerms::new(0.0, 0.9, 1.2).unwrap();
    let hp = Hashprice::from_usd_per_ph_day(40.0).unwrap();
    let mut rng = StdRng::seed_from_u64(11);
    for _ in 0..30 {
        let prices: Vec<EnergyPrice> =
            (0..10).map(|_| price(rng.random::<f64>() * 200.0 - 30.0)).collect();
        let credits: Vec<EnergyPrice> =
            (0..10).map(|_| price(rng.random::<f64>() * 20.0)).collect();
        let k = rng.random::<f64>() * 150.0;
        let plan = curtailment_schedule_with_restart_cost(
            &fleet,
            hp,
            &terms,
            &prices,
            Some(&credits),
            PowerContract::Spot,
            Usd::from_dollars(k).unwrap(),
        )
        .unwrap();
        let strike = plan.lines[0].strike.to_usd_per_mwh();
        let mw = fleet.power().to_megawatts() * 1.2 * 0.9;
        let value = |mask: u32| {
            let mut was_on = true;
            (0..10)
                .map(|h| {
                    let run = mask >> h & 1 == 1;
                    let restart = if run && !was_on { k } else { 0.0 };
                    was_on = run;
                    let (p, c) = (prices[h].to_usd_per_mwh(), credits[h].to_usd_per_mwh());
                    (if run { strike - p } else { c } - restart) * mw
                })
                .sum::<f64>()
        };
        let best = (0..1u32 << 10).map(value).fold(f64::NEG_INFINITY, f64::max);
        assert!((plan.profit.to_dollars() - best).abs() < 1e-6 * best.abs().max(1.0));
        // The plan's own schedule achieves the reported profit.
        let mask =
            plan.lines[0].on.iter().enumerate().fold(0u32, |m, (h, &on)| m | (u32::from(on) << h));
        assert!((value(mask) - best).abs() < 1e-6 * best.abs().max(1.0));
        assert!(
            (plan.restart_cost.to_dollars() - k * mw * plan.lines[0].restarts as f64).abs() < 1e-6
        );
    }
    assert!(
        curtailment_schedule_with_restart_cost(
            &fleet,
            hp,
            &terms,
            &prices_of(&[1.0]),
            None,
            PowerContract::Spot,
            Usd::from_dollars(-1.0).unwrap()
        )
        .is_err()
    );
}

fn prices_of(v: &[f64]) -> Vec<EnergyPrice> {
    v.iter().map(|&p| price(p)).collect()
}

#[cfg(feature = "serde")]
#[test]
fn serde_round_trips_and_validates() {
    let fleet = mixed_fleet();
    let json = serde_json::to_string(&fleet).unwrap();
    let back: Fleet = serde_json::from_str(&json).unwrap();
    assert_eq!(back, fleet);
    let terms = OperatingTerms::new(0.02, 0.97, 1.05).unwrap();
    let back: OperatingTerms =
        serde_json::from_str(&serde_json::to_string(&terms).unwrap()).unwrap();
    assert_eq!(back, terms);
    // Invariants hold on the way in.
    assert!(
        serde_json::from_str::<OperatingTerms>(r#"{"pool_fee":1.5,"uptime":1,"pue":1}"#).is_err()
    );
    assert!(serde_json::from_str::<Fleet>(r#"{"entries":[]}"#).is_err());
    assert!(serde_json::from_str::<Hashprice>("-1.0").is_err());
    assert!(
        serde_json::from_str::<Machine>(r#"{"name":"x","hashrate":0.0,"power":3000.0}"#).is_err()
    );
    let m: Machine =
        serde_json::from_str(r#"{"name":"S21","hashrate":2.0e14,"power":3500.0}"#).unwrap();
    assert_eq!(m.efficiency().to_j_per_th(), 17.5);
}

#[test]
fn fleet_level_helpers_agree_with_their_definitions() {
    use minerscope::economics::{
        breakeven_power_price_uncertain, fleet_breakeven_power_price, strike_prices,
    };
    let fleet = mixed_fleet();
    let terms = OperatingTerms::new(0.02, 0.95, 1.1).unwrap();
    let hp = Hashprice::from_usd_per_ph_day(48.0).unwrap();
    // The fleet breakeven zeroes the fleet's daily profit.
    let be = fleet_breakeven_power_price(&fleet, hp, &terms);
    let day = fleet.daily(hp, be, &terms).unwrap();
    assert!(day.profit().to_dollars().abs() < 1e-6 * day.revenue().to_dollars());
    // Strikes are the per-model breakevens.
    for ((name, strike), e) in strike_prices(&fleet, hp, &terms).iter().zip(fleet.entries()) {
        assert_eq!(name, e.machine().name());
        assert_eq!(*strike, breakeven_power_price(hp, e.machine().efficiency(), &terms));
    }
    // Intervals flow through breakeven and daily profit, both increasing in hashprice.
    let u = Uncertain::new(
        hp,
        Some(
            Interval::new(
                Hashprice::from_usd_per_ph_day(44.0).unwrap(),
                Hashprice::from_usd_per_ph_day(53.0).unwrap(),
                ConfidenceLevel::P95,
            )
            .unwrap(),
        ),
    );
    let b = breakeven_power_price_uncertain(u, fleet.efficiency(), &terms);
    assert!(b.low() < b.value() && b.value() < b.high());
    let p = fleet.daily_profit(u, price(45.0), &terms).unwrap();
    assert!(p.low() < p.value() && p.value() < p.high());
    assert!(fleet.daily(hp, price(-1.0), &terms).is_err());
}
