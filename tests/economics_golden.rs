//! Golden values for the economics module, each with its source beside it.

use bitcoin::Amount;
use minerscope::chain::consensus::{block_subsidy, next_halving_height};
use minerscope::economics::{
    BlockReward, Hashprice, MWH_PER_PH_DAY_PER_J_PER_TH, OperatingTerms, blocks_per_day_per_phs,
    breakeven_power_price, hashvalue_from_difficulty,
};
use minerscope::units::{BtcPrice, Difficulty, Efficiency};

/// SCIENCE.md §8 rounds its figures to the digits printed; compare at half a unit of the last
/// printed digit.
const HALF_CENT: f64 = 0.005;

fn golden_hashprice() -> Hashprice {
    // SCIENCE.md §8 ("econ.py"): D = 1.26e14, reward 3.125 + 0.03 BTC, price $100,000.
    let reward =
        BlockReward::new(Amount::from_sat(312_500_000), Amount::from_sat(3_000_000)).unwrap();
    let hv = hashvalue_from_difficulty(Difficulty::new(1.26e14).unwrap(), reward).unwrap();
    hv.at_price(BtcPrice::from_usd_per_btc(100_000.0).unwrap())
}

#[test]
fn blocks_per_day_per_phs_golden() {
    // SCIENCE.md §8: 1.5965e-4 blocks/day per PH/s at D = 1.26e14 (printed to 5 digits).
    let b = blocks_per_day_per_phs(Difficulty::new(1.26e14).unwrap());
    assert!((b - 1.5965e-4).abs() < 0.00005e-4, "{b:e}");
}

#[test]
fn hashvalue_golden() {
    // SCIENCE.md §8: hashvalue = 5.04e-4 BTC/PH/day = 50.4 sat/TH/day.
    let reward =
        BlockReward::new(Amount::from_sat(312_500_000), Amount::from_sat(3_000_000)).unwrap();
    let hv = hashvalue_from_difficulty(Difficulty::new(1.26e14).unwrap(), reward).unwrap();
    assert!((hv.to_btc_per_ph_day() - 5.04e-4).abs() < 0.005e-4, "{}", hv.to_btc_per_ph_day());
    assert!((hv.to_sat_per_th_day() - 50.4).abs() < 0.05);
}

#[test]
fn hashprice_golden() {
    // SCIENCE.md §8: hashprice = $50.37/PH/day = $0.0504/TH/day.
    let hp = golden_hashprice();
    assert!((hp.to_usd_per_ph_day() - 50.37).abs() < HALF_CENT, "{hp}");
    assert!((hp.to_usd_per_th_day() - 0.0504).abs() < 0.00005);
}

#[test]
fn energy_per_ph_day_golden() {
    // SCIENCE.md §8: 0.36 MWh per PH-day at 15 J/TH.
    assert!((15.0 * MWH_PER_PH_DAY_PER_J_PER_TH - 0.36).abs() < 1e-12);
}

#[test]
fn breakeven_table_golden() {
    // SCIENCE.md §8: breakeven electricity price before fee/uptime/PUE/capex:
    // $139.9/MWh at 15 J/TH, $119.9 at 17.5, $97.6 at 21.5, $70.0 at 30 J/TH.
    let hp = golden_hashprice();
    for (j_per_th, expected) in [(15.0, 139.9), (17.5, 119.9), (21.5, 97.6), (30.0, 70.0)] {
        let e = Efficiency::from_j_per_th(j_per_th).unwrap();
        let p = breakeven_power_price(hp, e, &OperatingTerms::IDEAL).to_usd_per_mwh();
        assert!((p - expected).abs() < 0.05, "{j_per_th} J/TH: {p}");
    }
}

#[test]
fn breakeven_adjustments_follow_the_stated_factors() {
    // SCIENCE.md §8: pool fee multiplies by (1 − f), PUE divides; uptime cancels.
    let hp = golden_hashprice();
    let e = Efficiency::from_j_per_th(15.0).unwrap();
    let ideal = breakeven_power_price(hp, e, &OperatingTerms::IDEAL).to_usd_per_mwh();
    let t = OperatingTerms::new(0.02, 0.9, 1.1).unwrap();
    let adj = breakeven_power_price(hp, e, &t).to_usd_per_mwh();
    assert!((adj - ideal * 0.98 / 1.1).abs() < 1e-9);
}

#[test]
fn next_halving_golden() {
    // SCIENCE.md §8: next halving at height 1,050,000, subsidy 3.125 → 1.5625 BTC.
    assert_eq!(next_halving_height(900_000), Some(1_050_000));
    assert_eq!(block_subsidy(1_049_999), Amount::from_sat(312_500_000));
    assert_eq!(block_subsidy(1_050_000), Amount::from_sat(156_250_000));
}

#[test]
fn solo_mining_variance_golden() {
    use minerscope::economics::solo_odds;
    use minerscope::units::Hashrate;
    // SCIENCE.md §8: 100 PH/s, D = 1.26e14: μ = 0.016/day; over 30 days P(no block) = 0.62 and
    // the CV of revenue is 1.44.
    let d = Difficulty::new(1.26e14).unwrap();
    let h = Hashrate::from_phs(100.0).unwrap();
    assert!((solo_odds(h, d, 1.0).unwrap().expected_blocks() - 0.016).abs() < 0.0005);
    let odds = solo_odds(h, d, 30.0).unwrap();
    assert!((odds.probability_of_no_block() - 0.62).abs() < 0.005);
    assert!((odds.revenue_cv() - 1.44).abs() < 0.005);
    assert!(solo_odds(h, d, -1.0).is_err());
}
