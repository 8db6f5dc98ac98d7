//! Detectors on the project's noisy mainnet-like simulator (`sim`): timestamps with mainnet
//! noise (normal core plus hour-scale outliers, MTP and 2-hour rules, backwards steps) and
//! real consensus retargets.
use minerscope::detect::{Direction, FalseAlarmTarget, ScanConfig, Scanner};
use minerscope::sim::{HashratePath, Scenario, TimestampNoise};
use minerscope::units::Hashrate;

fn eh(x: f64) -> Hashrate {
    Hashrate::from_ehs(x).unwrap()
}

/// In-control chains with mainnet timestamp noise: both directions at ARL0 = 2016 each give
/// one alarm per 1008 monitored blocks with a known `r0`. The baseline estimated from 2016
/// blocks (±2.2 % s.d.) shortens it — measured ≈ 550–670 here, the known limitation reported
/// in the module docs; the noise itself changes nothing (the same chains without noise give
/// the same alarms). The assertion brackets that measured effect: between 0.35 and 1.2 of the
/// known-`r0` value (≈ 20 alarms, Poisson s.e. ≈ 22 %).
#[test]
fn noisy_in_control_false_alarm_rate() {
    const LOW: f64 = 0.35;
    const HIGH: f64 = 1.2;
    let scanner =
        Scanner::new(&ScanConfig::new(FalseAlarmTarget::blocks(2016.0).unwrap())).unwrap();
    let (mut alarms, mut monitored, mut negative) = (0u64, 0u64, 0usize);
    for seed in 0..4u64 {
        let chain = Scenario::builder()
            .hashrate(HashratePath::constant(eh(585.0)))
            .noise(TimestampNoise::mainnet())
            .seed(seed)
            .build()
            .unwrap()
            .run(16_128)
            .unwrap();
        let wt = chain.work_time();
        negative += wt.intervals().iter().filter(|u| **u < 0.0).count();
        let ev = scanner.scan(&wt).unwrap();
        alarms += ev.len() as u64;
        monitored += (wt.block_count() as u64 - 1) - 2016 * (1 + ev.len() as u64);
    }
    let per = monitored as f64 / alarms.max(1) as f64;
    println!(
        "noisy sim: {alarms} alarms, one per {per:.0} monitored blocks (target ≈ 1008); {negative} negative work-times"
    );
    assert!(negative > 0, "the simulator's noise makes some intervals negative");
    assert!((LOW..HIGH).contains(&(per / 1008.0)), "{per}");
}

/// A 15 % power-down four weeks into a noisy chain is found, after the change, with an onset
/// interval and a size interval that cover the truth in most seeds.
#[test]
fn noisy_power_down_is_located_and_sized() {
    let scanner =
        Scanner::new(&ScanConfig::new(FalseAlarmTarget::per_days(365.0).unwrap())).unwrap();
    let (mut found, mut onset_ok, mut size_ok) = (0, 0, 0);
    let seeds = 10u64;
    for seed in 0..seeds {
        let path = HashratePath::steps(eh(585.0), &[(28.0 * 86_400.0, eh(497.25))]).unwrap();
        let chain = Scenario::builder()
            .hashrate(path)
            .noise(TimestampNoise::mainnet())
            .seed(100 + seed)
            .build()
            .unwrap()
            .run(8064)
            .unwrap();
        // The first block found after the step, from the truth.
        let change = chain
            .truth()
            .iter()
            .zip(chain.records())
            .find(|(t, _)| t.hashrate().to_ehs() < 500.0)
            .map(|(_, r)| r.height())
            .unwrap();
        let events = scanner.scan(&chain.work_time()).unwrap();
        let Some(ev) = events.iter().find(|e| e.alarm_height() >= change) else { continue };
        // When the onset falls inside the reference window, "before" is measured on the
        // blocks before the located onset, so a false alarm that
        // re-set the baseline on a window straddling the change is scored too.
        if ev.direction() != Direction::Drop {
            println!("seed {seed}: first event after the change is not a drop; {ev}");
            continue;
        }
        found += 1;
        let (lo, hi) = ev.onset().height_interval();
        onset_ok += usize::from(lo <= change && change <= hi);
        size_ok += usize::from(ev.size().interval().contains(&0.85));
        println!("seed {seed}: change at {change}; {ev}");
    }
    println!("found {found}/{seeds}, onset covered {onset_ok}, size covered {size_ok}");
    assert!(found >= 6 && onset_ok + 2 >= found && size_ok + 2 >= found);
}
