//! Adversarial audit of the economics module: silent wrong numbers found by review, each pinned
//! by a test that failed before its fix, and property tests that drive the public calculators
//! with arbitrary (including NaN, infinite, zero, extreme) inputs and demand a typed result.

use bitcoin::Amount;
use minerscope::economics::{
    AiLease, BlockReward, DifficultyPath, EconomicsError, Fleet, Hashprice, LeasePrice, Machine,
    MiningPerMw, OperatingTerms, PowerContract, PricePath, Scenario, Uncertain,
    breakeven_power_price_uncertain, curtailment_schedule, curtailment_schedule_with_restart_cost,
    irr, mining_advantage, npv, shutdown_order, strike_prices,
};
use minerscope::stats::{ConfidenceLevel, Interval};
use minerscope::units::{BtcPrice, Difficulty, Efficiency, EnergyPrice, Hashrate, Power, Usd};
use proptest::prelude::*;

fn usd(v: f64) -> Usd {
    Usd::from_dollars(v).unwrap()
}

fn machine(ths: f64, watts: f64) -> Machine {
    Machine::new("m", Hashrate::from_ths(ths).unwrap(), Power::from_watts(watts).unwrap()).unwrap()
}

#[test]
fn irr_of_all_zero_flows_has_no_solution() {
    // Every rate zeroes an all-zero NPV: the IRR is undefined, not −99.9999 %.
    for n in [1, 3, 731] {
        let flows = vec![Usd::ZERO; n];
        assert!(
            matches!(irr(&flows), Err(EconomicsError::NoSolution { .. })),
            "{n} zero flows: {:?}",
            irr(&flows)
        );
    }
}

#[test]
fn irr_ignores_npv_underflow_after_leading_zero_flows() {
    // 0 × 101 then +1: the NPV is 1/(1+r)^101 > 0 at every rate, so there is no IRR. At high
    // rates the NPV underflows to exactly 0.0, which must not be taken for a root.
    let mut flows = vec![Usd::ZERO; 101];
    flows.push(usd(1.0));
    assert!(matches!(irr(&flows), Err(EconomicsError::NoSolution { .. })), "{:?}", irr(&flows));
    // Leading zeros only shift the flows in time: the IRR of the rest is unchanged.
    let body: Vec<Usd> =
        core::iter::once(usd(-100.0)).chain(core::iter::repeat_n(usd(1.0), 200)).collect();
    let shifted: Vec<Usd> = core::iter::repeat_n(Usd::ZERO, 150).chain(body.clone()).collect();
    let (a, b) = (irr(&body).unwrap(), irr(&shifted).unwrap());
    assert!((a - b).abs() <= 1e-12 * (1.0 + a.abs()), "{a} vs {b}");
}

#[test]
fn projection_irr_of_an_idle_free_fleet_is_not_minus_100_percent() {
    // A fleet bought for nothing that never runs (power dearer than any revenue) has all-zero
    // cash flows; its IRR is undefined rather than −100 %/year.
    let fleet = Fleet::single(machine(100.0, 3_000.0), 10).unwrap();
    let p = Scenario::new(
        900_000,
        30,
        DifficultyPath::Constant(Difficulty::new(1.26e14).unwrap()),
        PricePath::Constant(BtcPrice::from_usd_per_btc(1.0).unwrap()),
    )
    .unwrap()
    .with_power_price(EnergyPrice::from_usd_per_mwh(1_000.0).unwrap())
    .unwrap()
    .project(&fleet)
    .unwrap();
    assert!(p.cash_flows().iter().all(|f| f.to_dollars() == 0.0));
    assert!(
        matches!(p.irr_annual(), Err(EconomicsError::NoSolution { .. })),
        "{:?}",
        p.irr_annual()
    );
}

#[test]
fn no_halving_is_reported_once_the_subsidy_is_zero() {
    // From height 6 930 000 (33 halvings) the subsidy is 0 sat; later "halvings" change nothing.
    let d = DifficultyPath::Constant(Difficulty::new(1.26e14).unwrap());
    let p = PricePath::Constant(BtcPrice::from_usd_per_btc(1e5).unwrap());
    let day = |h: u32| Scenario::new(h, 5_000, d.clone(), p.clone()).unwrap().halving_day();
    // The last real halving: 1 sat → 0 sat at 6 930 000, one block after 6 929 999.
    assert_eq!(day(6_929_999), Some(1));
    for h in [6_930_000, 7_000_000, 13_440_000, u32::MAX - 1_000] {
        assert_eq!(day(h), None, "height {h}");
    }
}

#[test]
fn shutdown_order_leaves_exactly_zero_hashrate_at_the_end() {
    // Subtracting each line from the fleet total leaves rounding residue (2 H/s here): the
    // hashrate left must be the sum of the lines still on, so the last step leaves exactly 0.
    let fleet = Fleet::new(vec![
        (machine(30.2, 2_400.0), 380),
        (machine(135.2, 2_500.0), 90),
        (machine(11.4, 1_500.0), 220),
    ])
    .unwrap();
    let steps = shutdown_order(
        &fleet,
        EnergyPrice::from_usd_per_mwh(50.0).unwrap(),
        &OperatingTerms::IDEAL,
    )
    .unwrap();
    assert_eq!(steps.last().unwrap().hashrate_left, Hashrate::ZERO);
    // Each step leaves exactly the hashrate of the lines after it.
    for (i, s) in steps.iter().enumerate() {
        let rest: f64 = steps[i + 1..]
            .iter()
            .map(|t| {
                fleet.entries().iter().find(|e| e.machine().efficiency() == t.efficiency).unwrap()
            })
            .map(|e| e.hashrate().to_hs())
            .sum();
        assert!((s.hashrate_left.to_hs() - rest).abs() <= 1e-12 * rest, "step {i}");
    }
}

#[test]
fn block_reward_is_capped_at_21_million_btc_as_documented() {
    assert!(matches!(
        BlockReward::new(Amount::MAX_MONEY, Amount::ONE_SAT),
        Err(EconomicsError::Overflow { .. })
    ));
    assert!(matches!(
        BlockReward::at_height(0, Amount::from_sat(u64::MAX - 5_000_000_000)),
        Err(EconomicsError::Overflow { .. })
    ));
    let whole = BlockReward::new(Amount::MAX_MONEY - Amount::ONE_SAT, Amount::ONE_SAT).unwrap();
    assert_eq!(whole.total(), Amount::MAX_MONEY);
}

#[test]
fn fleet_capex_overflow_is_an_error_not_zero() {
    let m = machine(100.0, 3_000.0).with_price(usd(1e308)).unwrap();
    assert!(matches!(Fleet::single(m, 2), Err(EconomicsError::Overflow { .. })));
}

#[test]
fn hashprice_per_th_overflow_names_the_overflow() {
    // 1e306 $/TH/day is finite; its PH/s value is not. The error must not claim the input was
    // infinite.
    let e = Hashprice::from_usd_per_th_day(1e306).unwrap_err();
    assert!(matches!(e, EconomicsError::Overflow { .. }), "{e:?}");
    let nan = Hashprice::from_usd_per_th_day(f64::NAN).unwrap_err();
    assert!(matches!(nan, EconomicsError::NotFinite { .. }), "{nan:?}");
    assert!(matches!(Hashprice::from_usd_per_th_day(-1.0), Err(EconomicsError::OutOfRange { .. })));
}

#[cfg(feature = "serde")]
#[test]
fn block_reward_deserialization_checks_the_cap() {
    let ok = BlockReward::at_height(840_000, Amount::from_sat(3_000_000)).unwrap();
    let json = serde_json::to_string(&ok).unwrap();
    assert_eq!(serde_json::from_str::<BlockReward>(&json).unwrap(), ok);
    // Deserializing must not bypass the constructor: this reward would report a total of
    // 21 M BTC (the saturated sum) instead of being rejected.
    let bad = json.replace("312500000", &u64::MAX.to_string());
    assert_ne!(bad, json);
    let parsed = serde_json::from_str::<BlockReward>(&bad);
    assert!(parsed.is_err(), "{parsed:?}");
    let above_cap = json.replace("312500000", "2100000000000000");
    assert!(serde_json::from_str::<BlockReward>(&above_cap).is_err());
}

#[test]
fn projection_heights_past_u32_max_are_an_error_not_saturated() {
    // Day 11 of this horizon starts at height u32::MAX − 1440 + 1584 > u32::MAX; the height
    // cannot be represented, so the projection must fail rather than repeat u32::MAX.
    let fleet = Fleet::single(machine(100.0, 3_000.0), 10).unwrap();
    let scenario = |start: u32, days: u32| {
        Scenario::new(
            start,
            days,
            DifficultyPath::Constant(Difficulty::new(1.26e14).unwrap()),
            PricePath::Constant(BtcPrice::from_usd_per_btc(1e5).unwrap()),
        )
        .unwrap()
    };
    let p = scenario(u32::MAX - 1_440, 20).project(&fleet);
    assert!(matches!(p, Err(EconomicsError::Overflow { .. })), "{:?}", p.map(|p| p.days()[19]));
    // The last representable day is fine: day 10 starts at u32::MAX − 0.
    let ok = scenario(u32::MAX - 1_440, 11).project(&fleet).unwrap();
    assert_eq!(ok.days().last().unwrap().height, u32::MAX);
    // The longest horizon fails at once instead of allocating 4 294 967 295 days.
    let huge = scenario(0, u32::MAX).project(&fleet);
    assert!(matches!(huge, Err(EconomicsError::Overflow { .. })));
}

#[test]
fn lease_horizon_that_overflows_u32_months_is_an_error() {
    let price = LeasePrice::PerMwMonth(usd(100_000.0));
    // Saturating the horizon silently shortened the contract from 10 months to 5.
    let lease = AiLease::new(price, Usd::ZERO, u32::MAX - 5, 10, 0.99);
    assert!(matches!(lease, Err(EconomicsError::OutOfRange { .. })), "{lease:?}");
    assert_eq!(
        AiLease::new(price, Usd::ZERO, u32::MAX - 10, 10, 0.99).unwrap().horizon_months(),
        u32::MAX
    );
}

#[test]
fn curtailment_never_reports_a_negative_value_at_price_ties() {
    // Hours priced exactly at the strike switch off for a gain of exactly 0; summing the plan's
    // profit and the always-on profit separately made `value_of_curtailment` a few ulps
    // negative (−7.3e-12 here) against its documented `≥ 0`.
    let terms = OperatingTerms::new(0.02, 0.97, 1.1).unwrap();
    let mut negative = Vec::new();
    for i in 0..400u32 {
        let x = f64::from(i);
        let fleet = Fleet::single(machine(100.0 + 0.37 * x, 3_000.0 + 1.3 * x), 1 + 7 * i).unwrap();
        let hp = Hashprice::from_usd_per_ph_day(40.0 + 0.013 * x).unwrap();
        let strike = strike_prices(&fleet, hp, &terms)[0].1;
        let p = |v: f64| EnergyPrice::from_usd_per_mwh(v).unwrap();
        let prices = [p(13.1), strike, p(27.3), strike];
        for contract in
            [PowerContract::Spot, PowerContract::FixedWithResale { contract_price: p(40.0) }]
        {
            for restart in [Usd::ZERO, usd(1e-9)] {
                let plan = curtailment_schedule_with_restart_cost(
                    &fleet, hp, &terms, &prices, None, contract, restart,
                )
                .unwrap();
                let v = plan.value_of_curtailment().to_dollars();
                if v < 0.0 {
                    negative.push((i, v));
                }
                assert!(plan.profit >= plan.profit_always_on);
            }
        }
        // Identical to the plan without a restart cost.
        let plain = curtailment_schedule(&fleet, hp, &terms, &prices, None, PowerContract::Spot);
        assert!(plain.unwrap().value_of_curtailment().to_dollars() >= 0.0);
    }
    assert!(negative.is_empty(), "{} negative values, e.g. {:?}", negative.len(), negative[0]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// `halving_day` is the first projected day whose subsidy is below the day before's, for
    /// any start height (including past the last halving and near `u32::MAX`).
    #[test]
    fn halving_day_matches_the_projected_subsidies(
        start in prop_oneof![0u32..14_000_000, any::<u32>()], days in 1u32..2_000,
    ) {
        let s = Scenario::new(
            start,
            days,
            DifficultyPath::Constant(Difficulty::new(1.26e14).unwrap()),
            PricePath::Constant(BtcPrice::from_usd_per_btc(1e5).unwrap()),
        ).unwrap();
        let fleet = Fleet::single(machine(200.0, 3_500.0), 1).unwrap();
        match s.project(&fleet) {
            Ok(p) => {
                let first_drop = p.days().windows(2).position(|w| w[1].subsidy < w[0].subsidy);
                prop_assert_eq!(s.halving_day(), first_drop.map(|i| i as u32 + 1));
            }
            Err(e) => {
                let overflow = matches!(e, EconomicsError::Overflow { .. });
                prop_assert!(overflow, "{:?}", e);
                prop_assert!(u64::from(start) + u64::from(days - 1) * 144 > u64::from(u32::MAX));
            }
        }
    }

    /// An IRR that is found zeroes the NPV, and zero flows in front of the flows do not move it.
    #[test]
    fn irr_zeroes_npv_and_ignores_leading_zeros(
        capex in 1.0..1e7f64, flows in proptest::collection::vec(-1e5..1e6f64, 1..60),
        pad in 0usize..400,
    ) {
        let body: Vec<Usd> = core::iter::once(-capex).chain(flows).map(usd).collect();
        let padded: Vec<Usd> = core::iter::repeat_n(Usd::ZERO, pad).chain(body.clone()).collect();
        match (irr(&body), irr(&padded)) {
            (Ok(a), Ok(b)) => {
                prop_assert!((a - b).abs() <= 1e-9 * (1.0 + a.abs()), "{} vs {}", a, b);
                // Relative to the discounted flows' magnitude at the root (a root near −100 %
                // magnifies late flows by (1 + r)^−t).
                let d = 1.0 / (1.0 + a);
                let scale: f64 = body
                    .iter()
                    .enumerate()
                    .map(|(t, f)| f.to_dollars().abs() * d.powi(t as i32))
                    .sum();
                let at = npv(a, &body).unwrap().to_dollars();
                prop_assert!(at.abs() <= 1e-6 * scale, "npv {} at irr {}", at, a);
            }
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "{:?} vs {:?}", a, b),
        }
    }

    /// The last shutdown step leaves exactly no hashrate, and the hashrate left never rises.
    #[test]
    fn shutdown_steps_leave_a_decreasing_hashrate_ending_at_zero(
        lines in proptest::collection::vec((1.0..400.0f64, 500.0..6_000.0f64, 1u32..5_000), 1..8),
        tariff in 0.0..500.0f64,
    ) {
        let fleet = Fleet::new(lines.iter().map(|&(t, w, n)| (machine(t, w), n)).collect()).unwrap();
        let steps = shutdown_order(&fleet, EnergyPrice::from_usd_per_mwh(tariff).unwrap(), &OperatingTerms::IDEAL).unwrap();
        prop_assert_eq!(steps.last().unwrap().hashrate_left, Hashrate::ZERO);
        for w in steps.windows(2) {
            prop_assert!(w[1].hashrate_left <= w[0].hashrate_left);
            prop_assert!(w[1].shutdown_hashprice <= w[0].shutdown_hashprice);
        }
        prop_assert!(steps[0].hashrate_left <= fleet.hashrate());
    }

    /// Every carried interval contains its central value when the input's interval contains
    /// the input's value.
    #[test]
    fn carried_intervals_contain_their_central_values(
        mid_eh in 100.0..2_000.0f64, lo_frac in 0.5..1.0f64, hi_frac in 1.0..1.5f64,
        tariff in 0.0..200.0f64, growth in -0.5..2.0f64, rate in -0.5..1.0f64,
        lease in 0.0..300_000.0f64,
    ) {
        let eh = |x: f64| Hashrate::from_ehs(x).unwrap();
        let network = Uncertain::new(
            eh(mid_eh),
            Some(Interval::new(eh(mid_eh * lo_frac), eh(mid_eh * hi_frac), ConfidenceLevel::P95).unwrap()),
        );
        let reward = BlockReward::at_height(900_000, Amount::from_sat(3_000_000)).unwrap();
        let hp = minerscope::economics::hashvalue_from_uncertain_hashrate(network, reward)
            .unwrap()
            .map_monotone(|hv| hv.at_price(BtcPrice::from_usd_per_btc(1e5).unwrap()));
        let inside = |u: Uncertain<Usd>| u.low() <= u.value() && u.value() <= u.high();
        prop_assert!(hp.low() <= hp.value() && hp.value() <= hp.high());
        let terms = OperatingTerms::new(0.02, 0.97, 1.1).unwrap();
        let e = Efficiency::from_j_per_th(17.5).unwrap();
        let be = breakeven_power_price_uncertain(hp, e, &terms);
        prop_assert!(be.low() <= be.value() && be.value() <= be.high());
        let fleet = Fleet::single(machine(200.0, 3_500.0).with_price(usd(3_000.0)).unwrap(), 100).unwrap();
        let p = EnergyPrice::from_usd_per_mwh(tariff).unwrap();
        prop_assert!(inside(fleet.daily_profit(hp, p, &terms).unwrap()));
        let s = Scenario::new(
            900_000,
            400,
            DifficultyPath::Constant(Difficulty::new(1.26e14).unwrap()),
            PricePath::Constant(BtcPrice::from_usd_per_btc(1e5).unwrap()),
        ).unwrap().with_power_price(p).unwrap();
        let band = s.project_uncertain(&fleet, network, growth).unwrap();
        prop_assert!(inside(band.total_profit()));
        prop_assert!(inside(band.npv(rate).unwrap()));
        let mining = MiningPerMw::new(hp.value(), e, p, terms).unwrap();
        let l = AiLease::new(LeasePrice::PerMwMonth(usd(lease)), usd(1e6), 6, 36, 0.99).unwrap();
        prop_assert!(inside(mining_advantage(&mining, &l, rate, hp).unwrap()));
    }
}
