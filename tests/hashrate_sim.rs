//! End-to-end checks on the mainnet-like simulator (`sim`): consensus retargets on noisy header
//! times, mainnet timestamp noise with outliers, the 2024 pool mix. Truth sits beside each block.
//!
//! Replications are whole simulated chains, so counts are smaller than in
//! `hashrate_coverage.rs`; each band is stated with its Monte-Carlo standard error.

use minerscope::hashrate::{
    Endpoints, Exact, HashrateEstimator, LocalLevel, Simultaneity, TimestampRobust, Window,
    per_pool, project_retarget,
};
use minerscope::sim::{HashratePath, PoolMix, Scenario, TimestampNoise};
use minerscope::stats::ConfidenceLevel;
use minerscope::units::Hashrate;

const L95: ConfidenceLevel = ConfidenceLevel::P95;
const H_EHS: f64 = 600.0;

fn chain(seed: u64, blocks: usize) -> minerscope::sim::SimulatedChain {
    Scenario::builder()
        .hashrate(HashratePath::constant(Hashrate::from_ehs(H_EHS).unwrap()))
        .pools(PoolMix::mainnet_2024())
        .noise(TimestampNoise::mainnet())
        .seed(seed)
        .build()
        .unwrap()
        .run(blocks)
        .unwrap()
}

/// 300 chains of 1 020 blocks at a constant 600 EH/s: the exact χ² interval (raw endpoints) and
/// the MTP-endpoint interval cover the truth; per-pool Bonferroni intervals cover every pool's
/// true hashrate simultaneously. s.e. of a 95 % coverage at 300 reps: 1.26 %; band ±4 s.e.
#[test]
fn simulated_mainnet_coverage() {
    const SEEDS: u64 = 300;
    const BAND: (f64, f64) = (0.90, 0.99);
    let truth = Hashrate::from_ehs(H_EHS).unwrap();
    let mix = PoolMix::mainnet_2024();
    let shares = mix.shares().expect("share-based mix").to_vec();
    let robust = TimestampRobust::new(Endpoints::MedianTimePast, 30.0).unwrap();
    let (mut exact, mut mtp, mut pools_all) = (0usize, 0usize, 0usize);
    for seed in 0..SEEDS {
        let c = chain(seed, 1020);
        let wt = c.work_time();
        let tip = wt.end_height();
        let w = Window::trailing(tip, 1000).unwrap();
        exact += usize::from(
            Exact::unbiased().estimate(&wt, w, L95).unwrap().interval().contains(&truth),
        );
        mtp += usize::from(robust.estimate(&wt, w, L95).unwrap().interval().contains(&truth));
        let labels = c.truth()[c.len() - 1000..].iter().map(|t| t.pool());
        let pp = per_pool(&wt, w, labels, L95, Simultaneity::Bonferroni).unwrap();
        let all = pp.pools().iter().all(|p| {
            let h = shares[*p.label()] * H_EHS * 1e18;
            let ci = p.estimate().interval();
            ci.low().to_hs() <= h && h <= ci.high().to_hs()
        });
        pools_all += usize::from(all);
    }
    let f = |k: usize| k as f64 / SEEDS as f64;
    println!(
        "sim: exact {:.3}, MTP {:.3}, per-pool simultaneous {:.3}",
        f(exact),
        f(mtp),
        f(pools_all)
    );
    for (name, c) in [("exact", f(exact)), ("mtp", f(mtp))] {
        assert!(c >= BAND.0 && c <= BAND.1, "{name} coverage {c}");
    }
    // Bonferroni is conservative: simultaneous coverage at least 95 % up to MC error.
    assert!(f(pools_all) >= BAND.0, "per-pool simultaneous coverage {}", f(pools_all));
}

/// Projection at mid-period against the simulator's real (Core-rule) retarget, 200 chains:
/// s.e. 1.54 %, band ≥ 89 %.
#[test]
fn simulated_retarget_projection() {
    const SEEDS: u64 = 200;
    let mut covered = 0;
    for seed in 0..SEEDS {
        let c = chain(1000 + seed, 2 * 2016);
        let wt = c.work_time();
        // Simulation starts after 830 592; the period 832 608–834 623 is complete.
        let h0 = 832_608;
        let p = project_retarget(&wt, Some(h0 + 1008), None, L95).unwrap();
        let real = (wt.work_at(h0 + 2016).unwrap() / wt.work_at(h0).unwrap() - 1.0) * 100.0;
        covered += usize::from(p.change_percent_interval().contains(&real));
    }
    let c = covered as f64 / SEEDS as f64;
    println!("sim: projection coverage {c:.3}");
    assert!(c >= 0.89, "{c}");
}

/// A 15 % power-down: the smoothed local-level path sits near the truth before and after.
#[test]
fn simulated_step_is_tracked_by_the_smoother() {
    let eh = |x: f64| Hashrate::from_ehs(x).unwrap();
    let path = HashratePath::steps(eh(600.0), &[(10.0 * 86_400.0, eh(510.0))]).unwrap();
    let c = Scenario::builder().hashrate(path).seed(7).build().unwrap().run(4 * 2016).unwrap();
    let wt = c.work_time();
    let (from, to) = (wt.start_height(), wt.end_height());
    let ss =
        LocalLevel::new(0.05).unwrap().run(&wt, Window::heights(from, to).unwrap(), L95).unwrap();
    for k in [500usize, 1000, 2500, 4000, 7000] {
        let h = from + k as u32;
        let truth = c.truth()[k].hashrate().to_ehs();
        let est = ss.smoothed(h).unwrap();
        println!("height {h}: truth {truth:.0} EH/s, smoothed {est}");
        // Far from the step the smoother is within ±8 % (about 2 s.d. at σ_day = 5 %).
        assert!((est.value().to_ehs() / truth - 1.0).abs() < 0.08, "{h}");
    }
}
