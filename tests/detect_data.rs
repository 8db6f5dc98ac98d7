//! Detectors on real mainnet data: prints the events found and asserts only structural facts
//! (thresholds come from the false-alarm target; nothing is tuned to these series).
mod common;

use bitcoin::CompactTarget;
use bitcoin::block::Header;
use bitcoin::consensus::deserialize;
use minerscope::chain::consensus::{block_work, target_from_bits, work_to_f64};
use minerscope::chain::{BlockSeries, WorkTime};
use minerscope::detect::{Direction, FalseAlarmTarget, ScanConfig, Scanner, pelt};
use minerscope::stats::ConfidenceLevel;
use minerscope::units::Efficiency;

fn one_year() -> FalseAlarmTarget {
    FalseAlarmTarget::per_days(365.0).unwrap()
}

#[test]
fn mainnet_headers_events_are_well_formed() {
    let dir = require_data!("mainnet_headers_events_are_well_formed");
    let bytes = common::read_bytes(
        &dir,
        "headers/ckb-bitcoin-spv-testdata/mainnet_headers_0822528_0830592.bin",
    );
    let hs: Vec<Header> = bytes.chunks_exact(80).map(|c| deserialize(c).unwrap()).collect();
    let wt = BlockSeries::from_headers(822_528, &hs).unwrap().work_time();
    assert_eq!(wt.block_count(), 8065);
    let mut config = ScanConfig::new(one_year());
    config.event.efficiency =
        Some((Efficiency::from_j_per_th(15.0).unwrap(), Efficiency::from_j_per_th(30.0).unwrap()));
    let events = Scanner::new(&config).unwrap().scan(&wt).unwrap();
    println!("{} events in 822528..=830592:", events.len());
    for e in &events {
        println!("  {e}");
        let (lo, hi) = e.onset().height_interval();
        assert!(lo <= e.onset().height() && e.onset().height() <= hi);
        assert!(wt.start_height() <= lo && hi <= wt.end_height());
        assert!(e.alarm_height() > wt.start_height() + 2016, "alarm after the reference window");
        let ci = e.size().interval();
        assert!(ci.low() <= e.size().ratio() && e.size().ratio() <= ci.high());
        assert!(e.before().interval().contains(&e.before().value()));
        let pw = e.power().expect("efficiency given");
        assert!(pw.interval().low() <= pw.value() && pw.value() <= pw.interval().high());
        // Hashrates of Dec 2023 – Feb 2024 were 400–700 EH/s.
        for est in [e.before(), e.after()] {
            assert!((300.0..900.0).contains(&est.value().to_ehs()), "{}", est.value());
        }
    }
    // The figures the README quotes for these headers (`powerdown --headers`, same scan):
    // a drop with onset 2024-01-14 whose size on post-alarm data is −2.9 % [−10.0, +4.7], and
    // a recovery with onset 2024-02-01 of +9.5 % [+1.4, +18.0].
    let pct = |e: &minerscope::detect::ChangeEvent| {
        let ci = e.size().percent_interval();
        [e.size().percent_change(), ci.low(), ci.high()].map(|x| (x * 10.0).round() / 10.0)
    };
    let drop = events.iter().find(|e| e.direction() == Direction::Drop).expect("the January drop");
    assert_eq!(drop.onset().height(), 825_731);
    assert_eq!(pct(drop), [-2.9, -10.0, 4.7]);
    let rise = events.iter().find(|e| e.direction() == Direction::Rise).expect("the recovery");
    assert_eq!(rise.onset().height(), 828_414);
    assert_eq!(pct(rise), [9.5, 1.4, 18.0]);
    let segs = pelt(&wt, one_year(), 10, 1, ConfidenceLevel::P95).unwrap();
    println!("PELT: {} regimes", segs.len());
    for s in &segs {
        println!("  {}..={}: {}", s.from_height(), s.to_height(), s.hashrate());
    }
    assert!(!segs.is_empty());
    assert_eq!(segs.first().unwrap().from_height(), wt.start_height());
    assert_eq!(segs.last().unwrap().to_height(), wt.end_height());
    for w in segs.windows(2) {
        assert_eq!(w[0].to_height(), w[1].from_height(), "segments tile the series");
    }
}

fn history_worktime(csv: &str) -> WorkTime {
    let rows: Vec<(u32, i64, f64)> = csv
        .lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            let bits = CompactTarget::from_consensus(u32::from_str_radix(f[3], 16).unwrap());
            let w = work_to_f64(block_work(target_from_bits(bits).unwrap()));
            (f[0].parse().unwrap(), f[2].parse().unwrap(), w)
        })
        .collect();
    let (mut times, mut work) = (Vec::new(), Vec::new());
    for p in rows.chunks_exact(2) {
        let ((h0, t0, w), (h1, t1, _)) = (p[0], p[1]);
        assert_eq!(h1 - h0, 2015);
        for j in 0..=2015i64 {
            times.push(t0 + (t1 - t0) * j / 2015);
            work.push(w);
        }
    }
    WorkTime::from_parts(0, &times, &work).unwrap()
}

#[test]
fn hashrate_history_regimes_and_drops() {
    let dir = require_data!("hashrate_history_regimes_and_drops");
    let csv =
        common::read_text(&dir, "headers/ckb-bitcoin-spv-testdata/retarget_boundary_headers.csv");
    let wt = history_worktime(&csv);
    assert_eq!(wt.end_height(), 832_607);
    let segs = pelt(&wt, one_year(), 2015, 2016, ConfidenceLevel::P95).unwrap();
    println!("PELT on {} periods: {} regimes", (wt.end_height() + 1) / 2016, segs.len());
    assert!(segs.len() > 10, "the hashrate grew by 13 orders of magnitude");
    for s in &segs {
        assert_eq!(s.from_height() % 2016, 0, "cuts on period boundaries");
    }
    let events = Scanner::new(&ScanConfig::new(one_year())).unwrap().scan(&wt).unwrap();
    let drops = events.iter().filter(|e| e.direction() == Direction::Drop).count();
    println!("scan: {} events, {} drops", events.len(), drops);
    for e in events.iter().filter(|e| e.direction() == Direction::Drop) {
        println!("  {e}");
    }
    assert!(events.len() > drops, "rises dominate a growing network");
    for w in events.windows(2) {
        assert!(w[0].alarm_height() < w[1].alarm_height());
    }
}
