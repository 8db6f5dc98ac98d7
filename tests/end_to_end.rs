//! End to end: simulate → attribute → estimate → detect → economics, asserting that nothing is
//! dropped and that the modules agree with each other and with the simulator's truth.
use minerscope::detect::{Direction, FalseAlarmTarget, ScanConfig, scan};
use minerscope::economics::{
    BlockReward, EfficiencyRange, hashrate_drop, hashvalue_from_estimate, implied_power,
};
use minerscope::hashrate::{Exact, HashrateEstimator, Simultaneity, Window, per_pool};
use minerscope::pool::{Attribution, Attributor, Registry};
use minerscope::sim::{HashratePath, PoolMix, Scenario};
use minerscope::stats::ConfidenceLevel;
use minerscope::units::{Efficiency, Hashrate};

const DAY: f64 = 86_400.0;
/// Foundry's share of the 2024 preset is about 30 %; it switches 60 % of its rigs off.
const FOUNDRY_CUT: f64 = 0.4;

#[test]
fn one_pool_powers_down_and_every_module_sees_it() -> Result<(), Box<dyn std::error::Error>> {
    let network = HashratePath::constant(Hashrate::from_ehs(600.0)?);
    let mix = PoolMix::mainnet_2024().into_paths(&network);
    let foundry = mix
        .pools()
        .iter()
        .position(|p| p.name() == "Foundry USA")
        .ok_or("preset has Foundry USA")?;
    let mut mix = mix;
    // Foundry's own path: its 600 EH/s × share, cut on day 30.
    let share =
        PoolMix::mainnet_2024().shares().and_then(|s| s.get(foundry).copied()).ok_or("share")?;
    let before = 600.0 * share;
    mix = mix.with_pool_path(
        foundry,
        HashratePath::steps(
            Hashrate::from_ehs(before)?,
            &[(30.0 * DAY, Hashrate::from_ehs(before * FOUNDRY_CUT)?)],
        )?,
    )?;
    let chain = Scenario::builder().pools(mix).seed(2024).build()?.run(4 * 2016)?;
    let wt = chain.work_time();
    let truth = chain.truth();
    let change_height = chain
        .records()
        .iter()
        .zip(truth)
        .find(|(_, t)| t.elapsed_secs() >= 30.0 * DAY)
        .map(|(r, _)| r.height())
        .ok_or("change inside the chain")?;

    // 1. Attribution: exactly one outcome per block, matching the simulator's finder.
    let registry = Registry::builtin();
    let attributor = Attributor::new(&registry)?;
    let attributions: Vec<Attribution> =
        chain.records().iter().map(|r| attributor.attribute_block(r)).collect();
    assert_eq!(attributions.len(), chain.len(), "nothing is dropped");
    let foundry_id = registry.find_pool("Foundry USA").ok_or("built-in has Foundry")?;
    for (a, t) in attributions.iter().zip(truth) {
        assert_eq!(a.pool() == Some(foundry_id), t.pool() == Some(foundry));
    }

    // 2. Per-pool hashrate from the attributions: Foundry's before/after intervals cover truth.
    let labels: Vec<Option<bool>> =
        attributions.iter().map(|a| a.pool().map(|p| p == foundry_id)).collect();
    let level = ConfidenceLevel::P95;
    // Labels belong to blocks start+1..; per_pool counts the blocks of the window's intervals.
    let per = |from: u32, to: u32| -> Result<f64, Box<dyn std::error::Error>> {
        let first = wt.start_height();
        let skip = usize::try_from(from + 1 - first)?;
        let take = usize::try_from(to - from)?;
        let window_labels: Vec<Option<bool>> =
            labels.iter().skip(skip.saturating_sub(1)).take(take).cloned().collect();
        let est = per_pool(
            &wt,
            Window::heights(from, to)?,
            &window_labels,
            level,
            Simultaneity::Individual,
        )?;
        let f = est.pools().iter().find(|p| *p.label()).ok_or("foundry present")?;
        let ci = f.estimate().interval();
        Ok(if ci.low().to_ehs() <= before && before <= ci.high().to_ehs() { 1.0 } else { 0.0 }
            + if ci.low().to_ehs() <= before * FOUNDRY_CUT
                && before * FOUNDRY_CUT <= ci.high().to_ehs()
            {
                2.0
            } else {
                0.0
            })
    };
    let start = wt.start_height();
    assert_eq!(
        per(start, change_height - 1)?,
        1.0,
        "before-window covers Foundry's true rate only"
    );
    assert_eq!(per(change_height, wt.end_height())?, 2.0, "after-window covers the cut rate only");

    // 3. Network estimate before the change covers the truth.
    let net = Exact::unbiased().estimate(&wt, Window::heights(start, change_height - 1)?, level)?;
    assert!(net.interval().contains(&Hashrate::from_ehs(600.0)?), "{net}");

    // 4. Detection: one power-down, its onset interval covers the true change, its size
    //    interval covers the true network drop.
    let true_drop_pct = -100.0 * before * (1.0 - FOUNDRY_CUT) / 600.0;
    let mut config = ScanConfig::new(FalseAlarmTarget::per_days(365.0)?);
    config.event.efficiency =
        Some((Efficiency::from_j_per_th(15.0)?, Efficiency::from_j_per_th(25.0)?));
    let events = scan(&wt, &config)?;
    for e in &events {
        println!("{e}");
    }
    // At one false alarm per year a two-month chain may also show a false alarm; its size
    // interval then contains zero. The power-down is the significant drop.
    let significant: Vec<_> = events
        .iter()
        .filter(|e| e.direction() == Direction::Drop && e.size().is_significant(Direction::Drop))
        .collect();
    assert_eq!(significant.len(), 1, "exactly one significant drop");
    let drop = significant[0];
    let (lo, hi) = drop.onset().height_interval();
    assert!(lo <= change_height && change_height <= hi, "onset [{lo}, {hi}] vs {change_height}");
    assert!(drop.alarm_height() >= change_height, "no alarm before the change");
    let size = drop.size().percent_interval();
    assert!(size.contains(&true_drop_pct), "size {size:?} vs {true_drop_pct}");

    // 5. Economics: the MW implied by the event's before/after estimates agree with the event's
    //    own power interval, and hashvalue follows the estimate's interval.
    let eff = EfficiencyRange::new(
        Efficiency::from_j_per_th(15.0)?,
        Efficiency::from_j_per_th(20.0)?,
        Efficiency::from_j_per_th(25.0)?,
    )?;
    let delta = hashrate_drop(drop.before(), drop.after())?;
    let mw = implied_power(delta, eff)?;
    let event_mw = drop.power().ok_or("efficiency was given")?;
    let true_mw_low = before * (1.0 - FOUNDRY_CUT) * 1e6 * 15.0 / 1e6;
    let true_mw_high = before * (1.0 - FOUNDRY_CUT) * 1e6 * 25.0 / 1e6;
    let ev = event_mw.interval();
    assert!(ev.low().to_megawatts() <= true_mw_high && true_mw_low <= ev.high().to_megawatts());
    assert!(mw.value().to_megawatts() > 0.0);
    let reward = BlockReward::at_height(wt.end_height(), bitcoin::Amount::from_sat(25_000_000))?;
    let hv = hashvalue_from_estimate(&net, reward)?;
    let hv_ci = hv.interval().ok_or("interval carried")?;
    assert!(hv_ci.low() <= hv.value() && hv.value() <= hv_ci.high());
    Ok(())
}
