//! The power-down demo: the README's main command.
//!
//! On a built-in simulated chain with a hidden power-down (or, with `--headers PATH`, on real
//! mainnet headers: a concatenation of 80-byte headers, the first at `--start HEIGHT`,
//! default 822528 as in the shared data), it
//!
//! 1. estimates the hashrate with exact 95 % intervals (a rolling one-day window and the
//!    state-space smoother),
//! 2. runs the change-point scan (unknown drop size, one false alarm per year),
//! 3. prints each event: onset with its interval, size with its interval, hashrate before and
//!    after, and the power taken offline for 15–25 J/TH fleets,
//! 4. writes an SVG chart (`--out`, default `docs/powerdown.svg`): the estimate with its band,
//!    the true path when simulated, the difficulty-implied hashrate steps, and the detected
//!    change points.
//!
//! ```text
//! cargo run --release --example powerdown
//! cargo run --release --example powerdown -- --headers ../shared/data/headers/ckb-bitcoin-spv-testdata/mainnet_headers_0822528_0830592.bin
//! ```
use std::error::Error;

use chrono::DateTime;
use minerscope::chain::{BlockSeries, WorkTime, decode_headers};
use minerscope::detect::{ChangeEvent, Direction, FalseAlarmTarget, ScanConfig, scan};
use minerscope::hashrate::{LocalLevel, Rolling, RollingMethod, Window};
use minerscope::sim::{HashratePath, Scenario};
use minerscope::stats::ConfidenceLevel;
use minerscope::units::{Efficiency, HASHES_PER_DIFFICULTY, Hashrate};
use plotters::style::RGBColor;

#[path = "support/chart.rs"]
mod chart;

const DAY: f64 = 86_400.0;

fn date(unix: i64) -> String {
    DateTime::from_timestamp(unix, 0)
        .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

struct Args {
    headers: Option<String>,
    start: u32,
    out: String,
    seed: u64,
}

fn args() -> Result<Args, Box<dyn Error>> {
    let mut a = Args { headers: None, start: 822_528, out: "docs/powerdown.svg".into(), seed: 42 };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--headers" => a.headers = Some(value()?),
            "--start" => a.start = value()?.parse()?,
            "--out" => a.out = value()?,
            "--out-dir" => a.out = format!("{}/powerdown.svg", value()?),
            "--seed" => a.seed = value()?.parse()?,
            "-h" | "--help" => {
                println!(
                    "usage: powerdown [--headers FILE [--start HEIGHT]] [--seed N] [--out FILE.svg | --out-dir DIR]"
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    Ok(a)
}

/// The data to analyse, with the true hashrate path when it is simulated.
struct Input {
    title: String,
    series: BlockSeries,
    truth: Option<Vec<(u32, f64)>>,
}

fn simulated(seed: u64) -> Result<Input, Box<dyn Error>> {
    let eh = |x: f64| Hashrate::from_ehs(x);
    // 600 EH/s; on day 30 miners switch 90 EH/s (15 %) off — e.g. sites sold to an AI tenant —
    // and on day 47 a third of it comes back.
    let path =
        HashratePath::steps(eh(600.0)?, &[(30.0 * DAY, eh(510.0)?), (47.0 * DAY, eh(540.0)?)])?;
    let chain = Scenario::builder().hashrate(path).seed(seed).build()?.run(4 * 2016)?;
    let truth = chain
        .records()
        .iter()
        .zip(chain.truth())
        .map(|(r, t)| (r.height(), t.hashrate().to_ehs()))
        .collect();
    Ok(Input {
        title: format!(
            "Simulated chain (seed {seed}): 600 EH/s, -15 % on day 30, +30 EH/s on day 47"
        ),
        series: chain.series().clone(),
        truth: Some(truth),
    })
}

fn mainnet(path: &str, start: u32) -> Result<Input, Box<dyn Error>> {
    let bytes = std::fs::read(path).map_err(|e| format!("reading {path}: {e}"))?;
    let headers = decode_headers(&bytes)?;
    let series = BlockSeries::from_headers(start, &headers)?;
    Ok(Input {
        title: format!("Mainnet headers {}-{}", series.start_height(), series.end_height()),
        series,
        truth: None,
    })
}

fn print_event(e: &ChangeEvent) {
    let kind = match e.direction() {
        Direction::Drop => "POWER-DOWN",
        _ => "RECOVERY",
    };
    let on = e.onset();
    let (h0, h1) = on.height_interval();
    let size = e.size();
    let ci = size.percent_interval();
    println!("{kind}");
    println!(
        "  onset      height {} ({}), {}% interval heights {h0}-{h1}",
        on.height(),
        date(on.time()),
        (on.level().to_f64() * 100.0).round()
    );
    println!(
        "  detected   height {} ({}), {} blocks after the onset",
        e.alarm_height(),
        date(e.alarm_time()),
        e.delay_blocks()
    );
    println!("  size       {:+.1} % [{:+.1}, {:+.1}]", size.percent_change(), ci.low(), ci.high());
    println!("  before     {}", e.before());
    println!("  after      {}", e.after());
    if let Some(p) = e.power() {
        println!(
            "  power      {:.0} MW [{:.0}, {:.0}] taken {} (15-25 J/TH fleets)",
            p.value().to_megawatts(),
            p.interval().low().to_megawatts(),
            p.interval().high().to_megawatts(),
            if e.direction() == Direction::Drop { "offline" } else { "back online" }
        );
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let a = args()?;
    let input = match &a.headers {
        Some(p) => mainnet(p, a.start)?,
        None => simulated(a.seed)?,
    };
    let wt: WorkTime = input.series.work_time();
    let level = ConfidenceLevel::P95;
    println!("{}", input.title);
    println!(
        "{} blocks, {} to {}\n",
        input.series.len(),
        date(i64::from(input.series.records()[0].time())),
        date(i64::from(input.series.records()[input.series.len() - 1].time()))
    );

    // 1. Hashrate with intervals.
    let day = Rolling::new(RollingMethod::Unbiased, 144)?.run(&wt, level)?;
    let smooth = LocalLevel::new(0.02)?.run(
        &wt,
        Window::heights(wt.start_height(), wt.end_height())?,
        level,
    )?;

    // 2. Change points: drops and recoveries, unknown size, one false alarm per year.
    let mut config = ScanConfig::new(FalseAlarmTarget::per_days(365.0)?);
    config.event.efficiency =
        Some((Efficiency::from_j_per_th(15.0)?, Efficiency::from_j_per_th(25.0)?));
    let events = scan(&wt, &config)?;
    println!(
        "change-point scan (CUSUM bank, drop size unknown, 1 false alarm / year): {} event(s)\n",
        events.len()
    );
    for e in &events {
        print_event(e);
        println!();
    }

    // 3. The chart.
    let eh = 1e-18;
    let mut lines = Vec::new();
    let mut bands = vec![chart::Band {
        label: "1-day unbiased estimate, 95 % CI".into(),
        xs: day.iter().map(|p| f64::from(p.height)).collect(),
        lo: day.iter().map(|p| p.low_hs * eh).collect(),
        hi: day.iter().map(|p| p.high_hs * eh).collect(),
        color: RGBColor(120, 150, 230),
    }];
    lines.push(chart::Line {
        label: "1-day unbiased estimate".into(),
        points: day.iter().map(|p| (f64::from(p.height), p.value_hs * eh)).collect(),
        color: RGBColor(90, 110, 200),
        width: 1,
    });
    let first = smooth.first_height();
    let sm = |i: usize, z: f64| {
        (smooth.smoothed_log_hs()[i] + z * smooth.smoothed_variance()[i].sqrt()).exp() * eh
    };
    let xs: Vec<f64> = (0..smooth.len()).map(|i| f64::from(first) + i as f64).collect();
    bands.push(chart::Band {
        label: "state-space smoother, 95 % CI".into(),
        xs: xs.clone(),
        lo: (0..smooth.len()).map(|i| sm(i, -1.96)).collect(),
        hi: (0..smooth.len()).map(|i| sm(i, 1.96)).collect(),
        color: RGBColor(240, 160, 60),
    });
    lines.push(chart::Line {
        label: "state-space smoother".into(),
        points: xs.iter().enumerate().map(|(i, &x)| (x, sm(i, 0.0))).collect(),
        color: RGBColor(220, 110, 0),
        width: 2,
    });
    lines.push(chart::Line {
        label: "difficulty-implied hashrate (D·2^32/600)".into(),
        points: input
            .series
            .records()
            .iter()
            .map(|r| {
                (
                    f64::from(r.height()),
                    r.difficulty().to_f64() * HASHES_PER_DIFFICULTY / 600.0 * eh,
                )
            })
            .collect(),
        color: RGBColor(60, 60, 60),
        width: 2,
    });
    if let Some(truth) = &input.truth {
        lines.push(chart::Line {
            label: "true hashrate".into(),
            points: truth.iter().map(|&(h, v)| (f64::from(h), v)).collect(),
            color: RGBColor(0, 150, 60),
            width: 2,
        });
    }
    let markers = events
        .iter()
        .map(|e| chart::Marker {
            x: f64::from(e.onset().height()),
            label: format!("{:+.0} %", e.size().percent_change()),
            color: if e.direction() == Direction::Drop {
                RGBColor(200, 0, 0)
            } else {
                RGBColor(0, 120, 0)
            },
        })
        .collect();
    let svg = chart::render_line_chart(&chart::LineChart {
        title: input.title.clone(),
        x_desc: "block height".into(),
        y_desc: "hashrate, EH/s".into(),
        bands,
        lines,
        markers,
        size: (1100, 560),
    })?;
    if let Some(dir) = std::path::Path::new(&a.out).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&a.out, svg)?;
    println!("chart written to {}", a.out);
    Ok(())
}
