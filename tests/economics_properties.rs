//! Property tests: arbitrary inputs (including NaN, infinities, negatives and zero) never panic,
//! and the economic invariants hold wherever inputs are valid.

use bitcoin::Amount;
use minerscope::economics::{
    AiLease, BlockReward, DifficultyPath, EconomicsError, EfficiencyRange, Fleet, Hashprice,
    Hashvalue, LeasePrice, Machine, MiningPerMw, OperatingTerms, PowerContract, PricePath,
    Scenario, Uncertain, breakeven_power_price, compare_mine_vs_lease, curtailment_schedule,
    hashvalue_from_difficulty, hashvalue_from_network_hashrate, implied_power, irr, npv,
    payback_periods, shutdown_btc_price, switch_sensitivity,
};
use minerscope::stats::{ConfidenceLevel, Interval};
use minerscope::units::{BtcPrice, Difficulty, Efficiency, EnergyPrice, Hashrate, Power, Usd};
use proptest::prelude::*;

/// Any f64 at all, with the awkward values over-represented.
fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(0.0),
        Just(-0.0),
        Just(f64::MAX),
        Just(f64::MIN_POSITIVE),
        any::<f64>(),
        -1e3..1e3f64,
    ]
}

/// A value from `realistic` two times in three, otherwise [`any_f64`]: the awkward values stay,
/// but a property that needs several valid inputs at once still reaches its assertions often.
fn mostly(realistic: std::ops::Range<f64>) -> impl Strategy<Value = f64> {
    prop_oneof![1 => any_f64(), 2 => realistic]
}

/// Cash flows: arbitrary ones (non-finite values are filtered out by the test), or
/// conventional ones (an outlay, then non-negative inflows of which at least one is positive),
/// which always have an internal rate of return in `irr`'s search range.
fn cash_flows() -> impl Strategy<Value = (Vec<f64>, bool)> {
    prop_oneof![
        proptest::collection::vec(any_f64(), 0..40).prop_map(|f| (f, false)),
        (1e2..1e7f64, 1e-2..1e6f64, proptest::collection::vec(0.0..1e6f64, 0..39)).prop_map(
            |(outlay, first_inflow, rest)| {
                let mut flows = vec![-outlay, first_inflow];
                flows.extend(rest);
                (flows, true)
            }
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn constructors_and_calculators_never_panic(
        d in mostly(1.0..1e15), h in mostly(1.0..500.0), p in mostly(1e3..2e5),
        e in mostly(10.0..100.0), w in mostly(100.0..5e3),
        fee in any_f64(), up in any_f64(), pue in any_f64(), power in mostly(0.0..200.0),
        sat in prop_oneof![any::<u64>(), 0u64..2_000_000_000],
        height in prop_oneof![any::<u32>(), 0u32..1_500_000],
    ) {
        let _ = OperatingTerms::new(fee, up, pue);
        let terms = OperatingTerms::new(fee, up, pue).unwrap_or(OperatingTerms::IDEAL);
        let reward = BlockReward::at_height(height, Amount::from_sat(sat));
        let _ = BlockReward::fees_from_coinbase(height, Amount::from_sat(sat));
        // A valid difficulty and reward give a hashvalue, or an overflow for a difficulty so
        // small that blocks per day leave f64.
        let hashvalue = match (Difficulty::new(d), reward.clone()) {
            (Ok(d), Ok(r)) => match hashvalue_from_difficulty(d, r) {
                Ok(hv) => Some(hv),
                Err(e) => {
                    prop_assert!(matches!(e, EconomicsError::Overflow { .. }), "{e}");
                    prop_assert!(d.to_f64() < 1e-200, "{d:?}");
                    None
                }
            },
            _ => None,
        };
        if let Some(hv) = hashvalue {
            prop_assert!(hv.to_sat_per_ph_day() >= 0.0);
            if let Ok(price) = BtcPrice::from_usd_per_btc(p) {
                let hp = hv.at_price(price);
                prop_assert!(hp.to_usd_per_ph_day().is_finite());
                if let (Ok(e), Ok(pp)) = (Efficiency::from_j_per_th(e), EnergyPrice::from_usd_per_mwh(power)) {
                    let be = breakeven_power_price(hp, e, &terms);
                    prop_assert!(be.to_usd_per_mwh() >= 0.0);
                    let _ = shutdown_btc_price(hv, e, pp, &terms);
                }
            }
        }
        if let (Ok(h), Ok(r)) = (Hashrate::from_hs(h), reward) {
            let _ = hashvalue_from_network_hashrate(h, r);
        }
        if let (Ok(h), Ok(wt)) = (Hashrate::from_ths(h), Power::from_watts(w))
            && let Ok(m) = Machine::new("x", h, wt) {
                let _ = m.clone().with_price(Usd::from_dollars(p).unwrap_or(Usd::ZERO));
                let _ = m.clone().with_age_years(e);
                if let (Ok(f), Ok(pp)) = (Fleet::single(m, 3), EnergyPrice::from_usd_per_mwh(power)) {
                    let hp = Hashprice::from_usd_per_ph_day(d.abs().min(1e6)).unwrap_or(Hashprice::ZERO);
                    let _ = f.daily(hp, pp, &terms);
                }
            }
        let _ = Hashvalue::from_sat_per_ph_day(d);
        let _ = Hashprice::from_usd_per_ph_day(d);
    }

    #[test]
    fn curtailment_never_panics_and_never_loses_to_always_on(
        prices in proptest::collection::vec(any_f64(), 0..48),
        credit in any_f64(), hp in 0.0..500.0f64, contract in any_f64(),
    ) {
        let m = Machine::new("m", Hashrate::from_ths(200.0).unwrap(), Power::from_watts(3500.0).unwrap()).unwrap();
        let fleet = Fleet::single(m, 10).unwrap();
        let prices: Vec<EnergyPrice> = prices.into_iter().filter_map(|p| EnergyPrice::from_usd_per_mwh(p).ok()).collect();
        let credits: Vec<EnergyPrice> = prices.iter().map(|_| EnergyPrice::from_usd_per_mwh(credit.abs().min(1e6)).unwrap_or_default()).collect();
        let hp = Hashprice::from_usd_per_ph_day(hp).unwrap();
        let c = match EnergyPrice::from_usd_per_mwh(contract) {
            Ok(contract_price) => PowerContract::FixedWithResale { contract_price },
            Err(_) => PowerContract::Spot,
        };
        if let Ok(plan) = curtailment_schedule(&fleet, hp, &OperatingTerms::IDEAL, &prices, Some(&credits), c) {
            let v = plan.value_of_curtailment().to_dollars();
            prop_assert!(v >= -1e-9 * plan.profit_always_on.to_dollars().abs().max(1.0), "{}", v);
        } else {
            // Only no hours, or sums beyond f64 (an absurd spot price, or an absurd fixed
            // contract price times the hours), may be refused.
            let absurd_contract = matches!(c, PowerContract::FixedWithResale { contract_price }
                if contract_price.to_usd_per_mwh() > 1e290);
            prop_assert!(prices.is_empty() || absurd_contract || prices.iter().any(|p| p.to_usd_per_mwh().abs() > 1e290));
        }
    }

    #[test]
    fn finance_never_panics((flows, conventional) in cash_flows(), rate in any_f64()) {
        let flows: Vec<Usd> = flows.into_iter().filter_map(|f| Usd::from_dollars(f).ok()).collect();
        let _ = npv(rate, &flows);
        match irr(&flows) {
            Ok(r) => {
                prop_assert!(r > -1.0);
                if conventional {
                    // r is a root: the NPV at r is small against the discounted flows' size.
                    let scale: f64 = flows
                        .iter()
                        .enumerate()
                        .map(|(t, f)| f.to_dollars().abs() / (1.0 + r).powi(t as i32))
                        .sum();
                    let at_r = npv(r, &flows).map_or(f64::NAN, |v| v.to_dollars());
                    prop_assert!(at_r.abs() <= 1e-6 * scale, "npv({r}) = {at_r}");
                }
            }
            Err(e) => prop_assert!(!conventional, "conventional flows {flows:?}: {e}"),
        }
        if let Some(t) = payback_periods(&flows) {
            prop_assert!(t >= 0.0 && t <= flows.len() as f64);
        }
    }

    #[test]
    fn scenario_and_lease_never_panic(
        g in any_f64(), pg in any_f64(), days in 0u32..400, start in any::<u32>(),
        hp in any_f64(), change in any_f64(), lease_price in mostly(0.0..1e6), capex in mostly(0.0..1e7),
        lead in 0u32..48, months in 0u32..240, up in mostly(0.5..1.0), rate in mostly(0.0..0.3),
    ) {
        let m = Machine::new("m", Hashrate::from_ths(200.0).unwrap(), Power::from_watts(3500.0).unwrap()).unwrap();
        let fleet = Fleet::single(m, 10).unwrap();
        let d = Difficulty::new(1.26e14).unwrap();
        let p = BtcPrice::from_usd_per_btc(1e5).unwrap();
        let dp = DifficultyPath::growth(d, g).unwrap_or(DifficultyPath::Constant(d));
        let pp = PricePath::growth(p, pg).unwrap_or(PricePath::Constant(p));
        if let Ok(s) = Scenario::new(start, days, dp, pp)
            && let Ok(proj) = s.project(&fleet) {
                let _ = proj.npv(rate);
                let _ = proj.irr_annual();
                let _ = proj.payback_days();
            }
        let terms = OperatingTerms::new(0.02, 0.97, 1.05).unwrap();
        if let Ok(hp) = Hashprice::from_usd_per_ph_day(hp) {
            let mining = MiningPerMw::new(hp, Efficiency::from_j_per_th(18.0).unwrap(),
                EnergyPrice::from_usd_per_mwh(45.0).unwrap(), terms).unwrap();
            let mining = mining.with_hashprice_annual_change(change).unwrap_or(mining);
            if let (Ok(lp), Ok(cx)) = (Usd::from_dollars(lease_price), Usd::from_dollars(capex))
                && let Ok(lease) = AiLease::new(LeasePrice::PerMwMonth(lp), cx, lead, months, up) {
                    if let Ok(c) = compare_mine_vs_lease(&mining, &lease, rate)
                        && let Some(s) = c.switch_hashprice {
                            prop_assert!(s.to_usd_per_ph_day() >= 0.0);
                        }
                    let _ = switch_sensitivity(&mining, &lease, rate, 0.1);
                }
        }
    }

    #[test]
    fn intervals_stay_ordered(lo in 0.0..1e21f64, width in 0.0..1e21f64, e_lo in 1.0..50.0f64, e_span in 0.0..50.0f64) {
        let l = Hashrate::from_hs(lo).unwrap();
        let h = Hashrate::from_hs(lo + width).unwrap();
        let mid = Hashrate::from_hs(lo + width / 2.0).unwrap();
        let u = Uncertain::new(mid, Some(Interval::new(l, h, ConfidenceLevel::P95).unwrap()));
        let er = EfficiencyRange::new(
            Efficiency::from_j_per_th(e_lo).unwrap(),
            Efficiency::from_j_per_th(e_lo + e_span / 2.0).unwrap(),
            Efficiency::from_j_per_th(e_lo + e_span).unwrap(),
        ).unwrap();
        let mw = implied_power(u, er).unwrap();
        prop_assert!(mw.low() <= mw.value() && mw.value() <= mw.high());
        if lo > 0.0 {
            let r = BlockReward::at_height(900_000, Amount::ZERO).unwrap();
            let hv = minerscope::economics::hashvalue_from_uncertain_hashrate(u, r).unwrap();
            prop_assert!(hv.low() <= hv.value() && hv.value() <= hv.high());
        }
    }
}

proptest! {
    #[test]
    fn uncertain_map_never_panics(v in any_f64(), lo in any_f64(), hi in any_f64()) {
        let i = Interval::new(lo.min(hi), lo.max(hi), ConfidenceLevel::P95);
        let u = Uncertain::new(v, i.ok());
        let m = u.map_monotone(|x| if x > 0.5 { f64::NAN } else { -x });
        if let Some(i) = m.interval() {
            prop_assert!(i.low() <= i.high());
        }
        let _ = u.try_map_monotone(|x| if x.is_nan() { Err(()) } else { Ok(x * 2.0) });
    }
}
