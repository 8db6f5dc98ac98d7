//! Real-data checks on the shared mainnet headers (see /work/shared/data/PROVENANCE.md).

mod common;

use bitcoin::block::Header;
use minerscope::chain::{BlockSeries, WorkTime};
use minerscope::hashrate::{CoreCompatible, Exact, HashrateEstimator, Window};
use minerscope::stats::ConfidenceLevel;

const HEADERS: &str = "headers/ckb-bitcoin-spv-testdata/mainnet_headers_0822528_0830592.bin";
const FIRST_HEIGHT: u32 = 822_528;

fn load_series(dir: &std::path::Path) -> BlockSeries {
    let bytes = common::read_bytes(dir, HEADERS);
    let headers: Vec<Header> = bytes
        .chunks_exact(80)
        .map(|c| bitcoin::consensus::deserialize(c).expect("80-byte header"))
        .collect();
    assert_eq!(headers.len(), 8065);
    BlockSeries::from_headers(FIRST_HEIGHT, &headers).expect("contiguous, linked")
}

/// Golden value given in the brief: `getnetworkhashps 120 830000` = 520.5 EH/s.
#[test]
fn core_compatible_830000_120_is_520_5_ehs() {
    let dir = require_data!("core_compatible_830000_120_is_520_5_ehs");
    let wt = load_series(&dir).work_time();
    let est =
        CoreCompatible.get_network_hashps(&wt, 120, Some(830_000), ConfidenceLevel::P95).unwrap();
    println!("getnetworkhashps(120, 830000) = {est}");
    assert!((est.value().to_ehs() - 520.5).abs() < 0.05, "{}", est.value());
    // Exact 95 % interval for the true H: value × [0.829, 1.187] (SCIENCE.md §3.2).
    let (lo, hi) = (est.interval().low().to_hs(), est.interval().high().to_hs());
    let v = est.value().to_hs();
    assert!((lo / v - 0.829).abs() < 5e-4 && (hi / v - 1.187).abs() < 5e-4);
    // Via the trait with the equivalent window.
    let same = CoreCompatible
        .estimate(&wt, Window::trailing(830_000, 120).unwrap(), ConfidenceLevel::P95)
        .unwrap();
    assert_eq!(same.value(), est.value());
}

/// The shared headers contain backwards timestamps: 21 of 8 064 intervals, worst −388 s
/// (PROVENANCE / chain docs); the estimators must stay well defined over every full period.
#[test]
fn unbiased_and_mle_over_each_full_period() {
    let dir = require_data!("unbiased_and_mle_over_each_full_period");
    let wt: WorkTime = load_series(&dir).work_time();
    for k in 0..4u32 {
        let h0 = FIRST_HEIGHT + 2016 * k;
        let w = Window::heights(h0, h0 + 2015).unwrap();
        let u = Exact::unbiased().estimate(&wt, w, ConfidenceLevel::P95).unwrap();
        let m = Exact::mle().estimate(&wt, w, ConfidenceLevel::P95).unwrap();
        println!("period {h0}: unbiased {u}; mle {m}");
        assert!((m.value().to_hs() / u.value().to_hs() - 2015.0 / 2014.0).abs() < 1e-12);
        assert!(u.value().to_ehs() > 400.0 && u.value().to_ehs() < 700.0);
    }
}
