//! Power-down detection on real mainnet data and the evaluation table on simulation.
//!
//! ```text
//! cargo run --release --example detect_mainnet [DATA_DIR] [--out-dir DIR] [--evaluation]
//! ```
//!
//! DATA_DIR defaults to `$MINERSCOPE_DATA`, else `../shared/data`; when it is absent the example
//! says so and exits successfully. Prints:
//! 1. with `--evaluation` only (about two minutes): the evaluation on simulation (false-alarm
//!    rates, delays against SCIENCE.md §6's limits);
//! 2. events found in the contiguous headers 822 528–830 592 (Dec 2023 – Feb 2024), charted in
//!    `DIR/mainnet_2024.svg`;
//! 3. events and PELT regimes in the per-period hashrate history since genesis, charted on a
//!    log scale in `DIR/mainnet_history.svg`.
//!
//! `DIR` defaults to `docs`.
//!
//! Thresholds come from the false-alarm targets alone (one false alarm per year per
//! direction for the headers); nothing is tuned to these series.

use std::path::{Path, PathBuf};

#[path = "support/chart.rs"]
mod chart;

use bitcoin::CompactTarget;
use bitcoin::block::Header;
use bitcoin::consensus::deserialize;
use minerscope::chain::consensus::{block_work, target_from_bits, work_to_f64};
use minerscope::chain::{BlockSeries, WorkTime};
use minerscope::detect::{
    Bocpd, BocpdConfig, ChangeEvent, CusumBank, Detector, DetectorKind, Direction,
    FalseAlarmTarget, Glr, ScanConfig, Scanner, Shift, WindowedGlr, calibration, pelt,
};
use minerscope::hashrate::{Exact, HashrateEstimator, Window};
use minerscope::stats::ConfidenceLevel;
use minerscope::units::Efficiency;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rand_distr::Exp1;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> Res<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let out = chart::take_out_dir(&mut args)?;
    let evaluate = args.iter().any(|a| a == "--evaluation");
    args.retain(|a| a != "--evaluation");
    if let Some(a) = args.iter().find(|a| a.starts_with("--")) {
        return Err(format!("unknown option {a:?}").into());
    }
    let dir = args
        .first()
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("MINERSCOPE_DATA").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("../shared/data"));
    if evaluate {
        evaluation()?;
    } else {
        println!("(the evaluation on simulation takes about two minutes: pass --evaluation)");
    }
    if !dir.is_dir() {
        println!(
            "data folder {} not found: set MINERSCOPE_DATA or pass DATA_DIR to scan the real headers (nothing else to do)",
            dir.display()
        );
        return Ok(());
    }
    headers(&dir, &out)?;
    history(&dir, &out)?;
    Ok(())
}

/// Fractional calendar year of a Unix time (Julian years: exact enough for a chart axis).
fn year(t: i64) -> f64 {
    1970.0 + t as f64 / 31_557_600.0
}

const RED: plotters::style::RGBColor = plotters::style::RGBColor(214, 39, 40);
const GREEN: plotters::style::RGBColor = plotters::style::RGBColor(44, 160, 44);
const BLUE: plotters::style::RGBColor = plotters::style::RGBColor(31, 119, 180);
const GREY: plotters::style::RGBColor = plotters::style::RGBColor(150, 150, 150);

/// A legend-only entry (no points) for marker colours.
fn legend_entry(label: String, color: plotters::style::RGBColor) -> chart::Line {
    chart::Line { label, points: vec![], color, width: 2 }
}

fn date(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map_or_else(|| t.to_string(), |d| d.format("%Y-%m-%d %H:%M").to_string())
}

fn print_event(e: &ChangeEvent) {
    let (lo, hi) = e.onset().height_interval();
    let (tlo, thi) = e.onset().time_interval();
    let p = e.size().percent_interval();
    print!(
        "  {:<4} onset {} ({}) 95% [{}, {}] = [{}, {}]; alarm {} ({}), delay {} blocks; size {:+.1} % [{:+.1}, {:+.1}]; before {:.1} [{:.1}, {:.1}], after {:.1} [{:.1}, {:.1}]",
        e.direction(),
        e.onset().height(),
        date(e.onset().time()),
        lo,
        hi,
        date(tlo),
        date(thi),
        e.alarm_height(),
        date(e.alarm_time()),
        e.delay_blocks(),
        e.size().percent_change(),
        p.low(),
        p.high(),
        e.before().value(),
        e.before().interval().low(),
        e.before().interval().high(),
        e.after().value(),
        e.after().interval().low(),
        e.after().interval().high(),
    );
    if let Some(pw) = e.power() {
        print!(
            "; power {:.0} MW [{:.0}, {:.0}]",
            pw.value().to_megawatts(),
            pw.interval().low().to_megawatts(),
            pw.interval().high().to_megawatts()
        );
    }
    println!();
}

fn mean_run<D: Detector>(d: &mut D, rho: f64, runs: u64, seed: u64) -> (f64, f64) {
    let mut r = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut xs = Vec::new();
    for _ in 0..runs {
        d.reset();
        let mut k = 0u64;
        loop {
            k += 1;
            let v: f64 = r.sample::<f64, _>(Exp1) / rho;
            if d.update(v).is_some() || k > 5_000_000 {
                break;
            }
        }
        xs.push(k as f64);
    }
    let m = xs.iter().sum::<f64>() / xs.len() as f64;
    let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (xs.len() as f64 - 1.0);
    (m, (v / xs.len() as f64).sqrt())
}

fn evaluation() -> Res<()> {
    println!("== Evaluation on simulation (seeded) ==");
    println!("| detector | target ARL0 | measured ARL0 ± s.e. | error |");
    println!("|---|---|---|---|");
    for &a in &[1000.0, 2016.0, 52_560.0] {
        let t = FalseAlarmTarget::blocks(a)?;
        let runs = if a > 10_000.0 { 400 } else { 2000 };
        let (m, s) = mean_run(&mut CusumBank::drops(t)?, 1.0, runs, 7);
        println!(
            "| CUSUM bank (drops) | {a:.0} | {m:.0} ± {s:.0} | {:+.1} % |",
            (m / a - 1.0) * 100.0
        );
        let (m, s) = mean_run(&mut Glr::new(Direction::Drop, t)?, 1.0, runs, 9);
        println!(
            "| GLR, size-weighted (drops) | {a:.0} | {m:.0} ± {s:.0} | {:+.1} % |",
            (m / a - 1.0) * 100.0
        );
        let (m, s) = mean_run(&mut WindowedGlr::new(Direction::Drop, t)?, 1.0, runs / 2, 8);
        println!(
            "| windowed GLR, flat threshold (drops) | {a:.0} | {m:.0} ± {s:.0} | {:+.1} % |",
            (m / a - 1.0) * 100.0
        );
    }
    let t = FalseAlarmTarget::blocks(52_560.0)?;
    let mut bank = CusumBank::drops(t)?;
    let mut weighted = Glr::new(Direction::Drop, t)?;
    let mut windowed = WindowedGlr::new(Direction::Drop, t)?;
    println!(
        "\nMean delay (blocks ± s.e.) and ratio to the limit: a zero-start CUSUM that knows δ (exact Brook–Evans)"
    );
    println!(
        "| drop | limit | GLR, size-weighted | ratio | CUSUM bank | ratio | windowed GLR, flat | ratio |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for &d in &[0.03, 0.05, 0.07, 0.10, 0.14, 0.20, 0.30, 0.50] {
        let s = Shift::drop(d)?;
        let limit = calibration::cusum_arl(s, calibration::cusum_threshold(s, t)?, 1.0 - d)?;
        let (mw, sw) = mean_run(&mut weighted, 1.0 - d, 2000, 10);
        let (mb, sb) = mean_run(&mut bank, 1.0 - d, 2000, 11);
        let (mg, sg) = mean_run(&mut windowed, 1.0 - d, 1000, 12);
        println!(
            "| {:.0} % | {limit:.0} | {mw:.0} ± {sw:.0} | {:.2} | {mb:.0} ± {sb:.0} | {:.2} | {mg:.0} ± {sg:.0} | {:.2} |",
            d * 100.0,
            mw / limit,
            mb / limit,
            mg / limit
        );
    }
    // BOCPD (learned rates, run-length posterior) at one false alarm per month, calibrated by
    // simulation: indicative, as in SCIENCE.md §6.4.
    let month = FalseAlarmTarget::per_days(30.0)?;
    let mut bocpd = Bocpd::calibrated(BocpdConfig::default(), month, 300, 5)?;
    let (m0, s0) = mean_run(&mut bocpd, 1.0, 200, 13);
    println!(
        "\nBOCPD (Gamma(10,10) prior, hazard 1/20000, 720 runs + tail), p* = {:.4}: ARL0 {m0:.0} ± {s0:.0} vs {:.0}",
        bocpd.threshold(),
        month.arl0_blocks()
    );
    let mut bank = CusumBank::drops(month)?;
    for d in [0.10, 0.20] {
        let (mb, sb) = mean_run(&mut bocpd, 1.0 - d, 200, 14);
        let (mc, sc) = mean_run(&mut bank, 1.0 - d, 1000, 15);
        println!(
            "  {:.0} % drop: BOCPD delay {mb:.0} ± {sb:.0}, CUSUM bank {mc:.0} ± {sc:.0} (SCIENCE limit at ARL0 4320: {})",
            d * 100.0,
            if d < 0.15 { 409 } else { 138 }
        );
    }
    // The whole scan (drop + rise banks, r0 re-estimated from 2016 blocks after every alarm)
    // on a long in-control chain: the false-alarm rate users actually see.
    let mut r = Xoshiro256PlusPlus::seed_from_u64(21);
    let n = 400_000usize;
    let mut t = 0.0f64;
    let times: Vec<i64> = (0..n)
        .map(|i| {
            if i > 0 {
                t += 600.0 * r.sample::<f64, _>(Exp1);
            }
            t.round() as i64
        })
        .collect();
    let wt = WorkTime::from_parts(0, &times, &vec![6e20; n])?;
    println!(
        "\nscan on {n} in-control blocks, ARL0 = 4320 per direction (known r0: one alarm per 2160 blocks):"
    );
    for kind in [
        DetectorKind::CusumBank,
        DetectorKind::CusumBankEstimatedBaseline,
        DetectorKind::Glr,
        DetectorKind::GlrEstimatedBaseline,
    ] {
        let mut config = ScanConfig::new(month);
        config.detector = kind;
        let ev = Scanner::new(&config)?.scan(&wt)?;
        let monitored = (n as f64 - 1.0) - 2016.0 * (1.0 + ev.len() as f64);
        println!(
            "  {kind:?}: {} alarms, one per {:.0} monitored blocks",
            ev.len(),
            monitored / ev.len().max(1) as f64
        );
    }
    Ok(())
}

fn headers(dir: &Path, out: &Path) -> Res<()> {
    let path = dir.join("headers/ckb-bitcoin-spv-testdata/mainnet_headers_0822528_0830592.bin");
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let hs: Vec<Header> =
        bytes.chunks_exact(80).map(deserialize::<Header>).collect::<Result<_, _>>()?;
    let series = BlockSeries::from_headers(822_528, &hs)?;
    let wt = series.work_time();
    println!(
        "\n== Mainnet headers {}..={} ({} – {}) ==",
        wt.start_height(),
        wt.end_height(),
        date(wt.times()[0]),
        date(*wt.times().last().unwrap_or(&0))
    );
    let mut config = ScanConfig::new(FalseAlarmTarget::per_days(365.0)?);
    config.event.efficiency =
        Some((Efficiency::from_j_per_th(15.0)?, Efficiency::from_j_per_th(30.0)?));
    let mut events = Vec::new();
    // The chart marks the CUSUM banks' events (the scan's default).
    for kind in [DetectorKind::CusumBank, DetectorKind::Glr] {
        config.detector = kind;
        println!(
            "scan: {kind:?}, one false alarm per year per direction, r0 from 2016 blocks, fleet 15–30 J/TH"
        );
        let found = Scanner::new(&config)?.scan(&wt)?;
        found.iter().for_each(print_event);
        if kind == DetectorKind::CusumBank {
            events = found;
        }
    }
    println!("PELT regimes (penalty from ARL0 = 1 year):");
    let segments = pelt(&wt, FalseAlarmTarget::per_days(365.0)?, 10, 1, ConfidenceLevel::P95)?;
    for s in &segments {
        let h = s.hashrate();
        println!(
            "  {}..={} ({} – {}): {:.1} [{:.1}, {:.1}]",
            s.from_height(),
            s.to_height(),
            date(wt.time_at(s.from_height()).unwrap_or(0)),
            date(wt.time_at(s.to_height()).unwrap_or(0)),
            h.value(),
            h.interval().low(),
            h.interval().high()
        );
    }

    // Chart: one-day (144-block) exact estimates with their 95 % band, PELT regimes, events.
    let (mut xs, mut lo, mut hi, mut mid) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut from = wt.start_height();
    while from + 144 <= wt.end_height() {
        let e = Exact::unbiased().estimate(
            &wt,
            Window::heights(from, from + 144)?,
            ConfidenceLevel::P95,
        )?;
        let x = f64::from(from) + 72.0;
        xs.push(x);
        lo.push(e.interval().low().to_ehs());
        hi.push(e.interval().high().to_ehs());
        mid.push((x, e.value().to_ehs()));
        from += 144;
    }
    let mut regimes = Vec::new();
    for s in &segments {
        let v = s.hashrate().value().to_ehs();
        regimes.push((f64::from(s.from_height()), v));
        regimes.push((f64::from(s.to_height()), v));
    }
    let markers = events
        .iter()
        .map(|e| chart::Marker {
            x: f64::from(e.onset().height()),
            label: format!(" {} {:+.1} %", e.direction(), e.size().percent_change()),
            color: if e.direction() == Direction::Drop { RED } else { GREEN },
        })
        .collect();
    let chart = chart::LineChart {
        title: format!(
            "Mainnet hashrate, heights {}–{} ({} – {})",
            wt.start_height(),
            wt.end_height(),
            &date(wt.time_at(wt.start_height()).unwrap_or(0))[..10],
            &date(wt.time_at(wt.end_height()).unwrap_or(0))[..10]
        ),
        x_desc: "height".into(),
        y_desc: "hashrate (EH/s)".into(),
        bands: vec![chart::Band {
            label: "daily estimate, exact 95 % interval".into(),
            xs,
            lo,
            hi,
            color: BLUE,
        }],
        lines: vec![
            chart::Line {
                label: "daily estimate (144 blocks)".into(),
                points: mid,
                color: BLUE,
                width: 1,
            },
            chart::Line {
                label: "PELT regimes".into(),
                points: regimes,
                color: plotters::style::BLACK,
                width: 3,
            },
            legend_entry("scan event onset (drop red, rise green)".into(), RED),
        ],
        markers,
        size: (1100, 560),
    };
    let options = chart::LineOptions { legend_room: 0.3, ..chart::LineOptions::default() };
    let svg = chart::render_line_chart_with(&chart, &options)?;
    chart::write_svg(out, "mainnet_2024.svg", &svg)?;
    Ok(())
}

/// Per-period history: each period's first/last header give 2015 intervals of equal
/// work-time (interpolated times), and the boundary interval is real.
pub fn history_worktime(csv: &str) -> Res<WorkTime> {
    let mut rows: Vec<(u32, i64, f64)> = Vec::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (Some(h), Some(t), Some(b)) = (f.first(), f.get(2), f.get(3)) else { continue };
        let bits = CompactTarget::from_consensus(u32::from_str_radix(b, 16)?);
        let target = target_from_bits(bits).ok_or("bad bits")?;
        rows.push((h.parse()?, t.parse()?, work_to_f64(block_work(target))));
    }
    let mut times = Vec::new();
    let mut work = Vec::new();
    for pair in rows.chunks_exact(2) {
        let [(h0, t0, w), (h1, t1, _)] = pair else { continue };
        if h1 - h0 != 2015 {
            return Err(format!("period at {h0} is not 2015 intervals").into());
        }
        for j in 0..=2015i64 {
            times.push(t0 + (t1 - t0) * j / 2015);
            work.push(*w);
        }
    }
    Ok(WorkTime::from_parts(0, &times, &work)?)
}

fn history(dir: &Path, out: &Path) -> Res<()> {
    let path = dir.join("headers/ckb-bitcoin-spv-testdata/retarget_boundary_headers.csv");
    let csv = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let wt = history_worktime(&csv)?;
    println!(
        "\n== Per-period history 0..={} ({} periods) ==",
        wt.end_height(),
        (wt.end_height() + 1) / 2016
    );
    let config = ScanConfig::new(FalseAlarmTarget::per_days(365.0)?);
    let events = Scanner::new(&config)?.scan(&wt)?;
    let drops: Vec<_> = events.iter().filter(|e| e.direction() == Direction::Drop).collect();
    println!(
        "scan: {} events ({} drops, {} rises); the drops:",
        events.len(),
        drops.len(),
        events.len() - drops.len()
    );
    for e in &drops {
        print_event(e);
    }
    let segs = pelt(&wt, FalseAlarmTarget::per_days(365.0)?, 2015, 2016, ConfidenceLevel::P95)?;
    println!(
        "PELT on period boundaries: {} regimes; significant falls between regimes:",
        segs.len()
    );
    for w in segs.windows(2) {
        let [a, b] = w else { continue };
        if b.hashrate().interval().high() < a.hashrate().interval().low() {
            let r = b.hashrate().value().to_hs() / a.hashrate().value().to_hs();
            println!(
                "  at {} ({}): {:.3e} → {:.3e} H/s ({:+.1} %)",
                b.from_height() + 1,
                date(wt.time_at(b.from_height() + 1).unwrap_or(0)),
                a.hashrate().value().to_hs(),
                b.hashrate().value().to_hs(),
                (r - 1.0) * 100.0
            );
        }
    }

    // Chart: one exact estimate per retarget period (2015 intervals), log scale, drops marked.
    let (mut xs, mut lo, mut hi, mut mid) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for p in 0..(wt.end_height() + 1) / 2016 {
        let (a, b) = (p * 2016, p * 2016 + 2015);
        let e = Exact::unbiased().estimate(&wt, Window::heights(a, b)?, ConfidenceLevel::P95)?;
        let x = year((wt.time_at(a).unwrap_or(0) + wt.time_at(b).unwrap_or(0)) / 2);
        xs.push(x);
        lo.push(e.interval().low().to_hs());
        hi.push(e.interval().high().to_hs());
        mid.push((x, e.value().to_hs()));
    }
    let significant = |e: &ChangeEvent| e.size().percent_interval().high() < 0.0;
    let markers = drops
        .iter()
        .map(|e| chart::Marker {
            x: year(e.onset().time()),
            label: String::new(),
            color: if significant(e) { RED } else { GREY },
        })
        .collect();
    let n_sig = drops.iter().filter(|e| significant(e)).count();
    let svg = chart::render_line_chart_with(
        &chart::LineChart {
            title: format!(
                "Bitcoin hashrate per retarget period since genesis, {} detected drops",
                drops.len()
            ),
            x_desc: "year".into(),
            y_desc: "hashrate (H/s, log scale)".into(),
            // The exact 95 % intervals (±4.4 % for 2015 intervals) are thinner than the line
            // on this scale: drawn, but not in the legend.
            bands: vec![chart::Band { label: String::new(), xs, lo, hi, color: BLUE }],
            lines: vec![
                chart::Line {
                    label: "per-period estimate (exact 95 % interval ≈ ±4 %)".into(),
                    points: mid,
                    color: BLUE,
                    width: 2,
                },
                legend_entry(format!("drop onset, size interval below 0 ({n_sig})"), RED),
                legend_entry(
                    format!("drop onset, size interval spans 0 ({})", drops.len() - n_sig),
                    GREY,
                ),
            ],
            markers,
            size: (1100, 560),
        },
        &chart::LineOptions {
            log_y: true,
            legend: plotters::chart::SeriesLabelPosition::LowerRight,
            x_decimals: 0,
            legend_room: 0.0,
        },
    )?;
    chart::write_svg(out, "mainnet_history.svg", &svg)?;
    Ok(())
}
