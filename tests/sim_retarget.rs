//! Difficulty retargets follow the exact consensus rule on the simulated (noisy) header times,
//! so the chain reacts to hashrate changes as mainnet does (SCIENCE.md §7.1).
use minerscope::chain::consensus::{is_retarget_height, next_bits};
use minerscope::sim::{HashratePath, Scenario, SimulatedChain, StartState};
use minerscope::units::Hashrate;

/// s.d. of one period's difficulty change at constant hashrate (SCIENCE.md §7.2: ≈ 2.23 %).
const PERIOD_SD: f64 = 0.0223;
/// Tolerance in s.d. for single-period ratio checks.
const Z: f64 = 5.0;
/// Compact encoding keeps 3 mantissa bytes: relative precision better than 2^-15.
const COMPACT_RTOL: f64 = 3.1e-5;

fn run(multiple: f64, n: usize, seed: u64) -> SimulatedChain {
    let start = StartState::mainnet_830592();
    let h = start.equilibrium_hashrate().to_hs() * multiple;
    Scenario::builder()
        .start(start)
        .hashrate(HashratePath::constant(Hashrate::from_hs(h).unwrap()))
        .seed(seed)
        .build()
        .unwrap()
        .run(n)
        .unwrap()
}

fn ratio_at(chain: &SimulatedChain, height: u32) -> f64 {
    let s = chain.series();
    let before = s.get(height - 1).map_or(chain.start().bits(), |r| r.bits());
    let d = |bits| {
        minerscope::units::Difficulty::from_target(bitcoin::Target::from_compact(bits)).to_f64()
    };
    d(s.get(height).unwrap().bits()) / d(before)
}

#[test]
fn every_retarget_is_the_consensus_rule_on_header_times() {
    let chain = run(1.3, 3 * 2016 + 10, 11);
    let s = chain.series();
    let start = chain.start();
    let mut retargets = 0;
    for rec in s.records() {
        let h = rec.height();
        let prev = s.get(h - 1);
        let prev_bits = prev.map_or(start.bits(), |r| r.bits());
        if is_retarget_height(h) {
            let first_time = if h - 2016 == start.height() {
                start.period_start_time()
            } else {
                s.get(h - 2016).unwrap().time()
            };
            let last_time = prev.map_or(start.time(), |r| r.time());
            assert_eq!(rec.bits(), next_bits(prev_bits, first_time, last_time), "height {h}");
            retargets += 1;
        } else {
            assert_eq!(rec.bits(), prev_bits, "bits changed off-boundary at {h}");
        }
    }
    assert_eq!(retargets, 3);
}

#[test]
fn doubling_hashrate_doubles_next_difficulty() {
    // At 2× the equilibrium hashrate the first period takes half as long: the next difficulty
    // is ≈ ×2 (×2·2016/2015 on average), within Z·PERIOD_SD.
    let chain = run(2.0, 2016 + 1, 12);
    let r = ratio_at(&chain, 832_608);
    assert!((r / 2.0 - 1.0).abs() < Z * PERIOD_SD, "ratio {r}");
}

#[test]
fn ratio_is_clamped_at_four_both_ways() {
    let up = run(10.0, 2016 + 1, 13);
    let r = ratio_at(&up, 832_608);
    assert!((r - 4.0).abs() < 4.0 * COMPACT_RTOL, "up ratio {r}");
    let down = run(0.1, 2016 + 1, 14);
    let r = ratio_at(&down, 832_608);
    assert!((r - 0.25).abs() < 0.25 * COMPACT_RTOL, "down ratio {r}");
}

#[test]
fn power_down_lowers_next_difficulty() {
    // A 15 % drop at the start of the run: the next difficulty falls by ≈ 15 %.
    let chain = run(0.85, 2016 + 1, 15);
    let r = ratio_at(&chain, 832_608);
    assert!((r / 0.85 - 1.0).abs() < Z * PERIOD_SD, "ratio {r}");
}
