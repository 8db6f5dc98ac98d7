//! Power-down demo (interim): four retarget periods at 600 EH/s with a 15 % power-down in the
//! third period, default timestamp noise, seed 42. Prints the difficulty history per period
//! and the true hashrate. Runs offline in seconds:
//!
//! ```text
//! cargo run --release --example powerdown
//! ```
use chrono::DateTime;
use minerscope::chain::consensus::RETARGET_INTERVAL;
use minerscope::sim::{HashratePath, Scenario};
use minerscope::units::Hashrate;

fn date(unix: i64) -> String {
    DateTime::from_timestamp(unix, 0)
        .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let eh = |x: f64| Hashrate::from_ehs(x);
    let day = 86_400.0;
    // The default start is mainnet block 830 592, the first block of a period; 2016 blocks
    // take about 14 days, so the power-down on day 35 falls in the third period.
    let path = HashratePath::steps(eh(600.0)?, &[(35.0 * day, eh(510.0)?)])?;
    let scenario = Scenario::builder().hashrate(path).seed(42).build()?;
    let periods = 4u32;
    let chain = scenario.run((periods * RETARGET_INTERVAL) as usize)?;
    let start = scenario.start();
    println!(
        "scenario: 600 EH/s, -15 % on day 35; start at height {} ({}), bits {:#010x}, seed 42",
        start.height(),
        date(i64::from(start.time())),
        start.bits().to_consensus()
    );
    println!(
        "{:>8}  {:>16}  {:>13}  {:>10}  {:>19}",
        "period", "start (UTC)", "difficulty/T", "mean int/s", "true EH/s (min-max)"
    );
    let series = chain.series();
    for k in 0..periods {
        let first = start.height() + k * RETARGET_INTERVAL;
        let last = first + RETARGET_INTERVAL - 1;
        // Block `first` of period 0 is the start tip, not part of the series.
        let (t0, t1) = match (k, series.get(first), series.get(last)) {
            (0, _, Some(l)) => (i64::from(start.time()), i64::from(l.time())),
            (_, Some(f), Some(l)) => (i64::from(f.time()), i64::from(l.time())),
            _ => continue,
        };
        let Some(rec) = series.get(first.max(start.height() + 1)) else { continue };
        let from = usize::try_from(first.saturating_sub(start.height() + 1))?;
        let to = usize::try_from(last - start.height() - 1)?;
        let (lo, hi) = chain
            .truth()
            .get(from..=to)
            .unwrap_or(&[])
            .iter()
            .fold((f64::INFINITY, 0.0f64), |(lo, hi), t| {
                (lo.min(t.hashrate().to_ehs()), hi.max(t.hashrate().to_ehs()))
            });
        println!(
            "{:>8}  {:>16}  {:>13.3}  {:>10.1}  {:>9.1} - {:<7.1}",
            first,
            date(t0),
            rec.difficulty().to_f64() / 1e12,
            (t1 - t0) as f64 / f64::from(RETARGET_INTERVAL - 1),
            lo,
            hi
        );
    }
    if let Some(tip) = series.records().last() {
        println!(
            "tip {} ({}): next difficulty {:.3} T",
            tip.height(),
            date(i64::from(tip.time())),
            tip.difficulty().to_f64() / 1e12
        );
    }
    Ok(())
}
