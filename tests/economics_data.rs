//! Real-data checks for the economics module (shared data folder, see PROVENANCE.md).
mod common;

use std::collections::HashMap;

use bitcoin::Amount;
use minerscope::economics::{
    BlockReward, hashvalue_from_difficulty, hashvalue_from_network_hashrate,
};
use minerscope::units::{BtcPrice, Difficulty, Hashrate};

const CANHUI: &str = "hashrate-price/Canhui-Bitcoin_Mining_Pools";

/// Height 420000 (the second halving) was mined 2016-07-09 16:46 UTC; the Canhui series
/// (2016-02-25 .. 2019-01-03) crosses only this halving. The mixed day is skipped.
const HALVING_DAY_2016: &str = "2016-07-09";

/// Stated fee level for 2016–2018 (BTC per block), a round figure: fees ran from ~0.3 BTC in
/// 2016 to several BTC at the December 2017 peak and back to ~0.1 BTC in 2018.
const FEE_LEVEL_SAT: u64 = 50_000_000;

/// Agreement tolerances. The published revenue includes real fees and the real number of blocks
/// per day (≈ 144·(1 + hashrate growth)), while ours uses 144 blocks and a flat fee, so days
/// scatter; the median ratio must lie within ±10 % of 1 and the central 90 % of days within
/// [0.75, 1.45]. A wrong subsidy (25 BTC throughout) gives a median of 0.545 and fails.
const MEDIAN_TOLERANCE: f64 = 0.10;
const CENTRAL_90_RANGE: (f64, f64) = (0.75, 1.45);

/// Splits one CSV line, honouring double quotes.
fn split_csv(line: &str) -> Vec<String> {
    let (mut out, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// `M/D/YYYY` → `YYYY-MM-DD`.
fn us_date_to_iso(s: &str) -> Option<String> {
    let mut it = s.split('/');
    let (m, d, y) = (it.next()?.parse::<u32>().ok()?, it.next()?.parse::<u32>().ok()?, it.next()?);
    Some(format!("{y}-{m:02}-{d:02}"))
}

#[test]
fn hashprice_series_agrees_with_published_revenue() {
    let dir = require_data!("hashprice_series_agrees_with_published_revenue");
    let hr_text = common::read_text(&dir, &format!("{CANHUI}/hash_rate.csv"));
    let mut lines = hr_text.lines();
    let header = split_csv(lines.next().expect("header"));
    let all = header.iter().position(|h| h == "ALL").expect("ALL column");
    let mut hashrate: HashMap<String, f64> = HashMap::new();
    for line in lines {
        let f = split_csv(line);
        if let (Some(t), Some(v)) = (f.first(), f.get(all).and_then(|v| v.parse::<f64>().ok())) {
            hashrate.insert(t.get(..10).unwrap_or_default().to_owned(), v);
        }
    }
    let price_text = common::read_text(&dir, &format!("{CANHUI}/bitcoin_price.csv"));
    let price: HashMap<String, f64> = price_text
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f = split_csv(l);
            Some((f.get(1)?.get(..10)?.to_owned(), f.get(2)?.parse().ok()?))
        })
        .collect();

    let rev_text = common::read_text(&dir, &format!("{CANHUI}/mining_revenue.csv"));
    let mut ratios = Vec::new();
    for line in rev_text.lines() {
        let f = split_csv(line);
        let (Some(date), Some(usd)) = (
            f.first().and_then(|d| us_date_to_iso(d)),
            f.get(1).and_then(|v| v.parse::<f64>().ok()),
        ) else {
            continue;
        };
        let (Some(&h), Some(&p)) = (hashrate.get(&date), price.get(&date)) else { continue };
        if date == HALVING_DAY_2016 || h <= 0.0 {
            continue;
        }
        let height = if date.as_str() < HALVING_DAY_2016 { 419_999 } else { 420_000 };
        let reward = BlockReward::at_height(height, Amount::from_sat(FEE_LEVEL_SAT)).unwrap();
        let hv = hashvalue_from_network_hashrate(Hashrate::from_hs(h).unwrap(), reward).unwrap();
        let ours_per_phs = hv.at_price(BtcPrice::from_usd_per_btc(p).unwrap()).to_usd_per_ph_day();
        // Published: revenue (USD/day) ÷ hashrate (H/s) → USD per H/s per day; to PH/s.
        let published_per_phs = usd / h * 1e15;
        ratios.push(published_per_phs / ours_per_phs);
    }
    assert!(ratios.len() > 1000, "only {} matched days", ratios.len());
    ratios.sort_by(f64::total_cmp);
    let q = |p: f64| ratios[((ratios.len() - 1) as f64 * p).round() as usize];
    let (median, q05, q95) = (q(0.5), q(0.05), q(0.95));
    println!(
        "published/ours hashprice over {} days: median {median:.4}, 5 % {q05:.3}, 95 % {q95:.3}",
        ratios.len()
    );
    assert!((median - 1.0).abs() < MEDIAN_TOLERANCE, "median ratio {median}");
    assert!(q05 > CENTRAL_90_RANGE.0 && q95 < CENTRAL_90_RANGE.1, "5–95 %: {q05}–{q95}");
}

/// `(height, coinbase_total_out_sat)` for every block in `blocks/coinbase_index.csv`.
fn coinbase_totals(dir: &std::path::Path) -> HashMap<u32, u64> {
    let text = common::read_text(dir, "blocks/coinbase_index.csv");
    let mut lines = text.lines();
    let header = split_csv(lines.next().expect("header"));
    let hcol = header.iter().position(|h| h == "height").expect("height column");
    let tcol =
        header.iter().position(|h| h.trim() == "coinbase_total_out_sat").expect("total column");
    lines
        .filter_map(|l| {
            let f = split_csv(l);
            Some((f.get(hcol)?.parse().ok()?, f.get(tcol)?.parse().ok()?))
        })
        .collect()
}

#[test]
fn real_coinbase_fees() {
    let dir = require_data!("real_coinbase_fees");
    let totals = coinbase_totals(&dir);
    // PROVENANCE.md §3: 830000 fees 23,268,040 sat; 413567 fees 31,310,238 sat.
    for (height, fees) in [(830_000u32, 23_268_040u64), (413_567, 31_310_238)] {
        let total = Amount::from_sat(totals[&height]);
        assert_eq!(BlockReward::fees_from_coinbase(height, total).unwrap().to_sat(), fees);
    }
}

#[test]
fn real_coinbase_series_as_fee_input() {
    let dir = require_data!("real_coinbase_series_as_fee_input");
    let totals = coinbase_totals(&dir);
    let blocks: Vec<(u32, Amount)> =
        (831_328..=831_335).map(|h| (h, Amount::from_sat(totals[&h]))).collect();
    let reward = BlockReward::from_coinbase_totals(&blocks).unwrap();
    // Independent: Σ(total − 6.25 BTC)/8, floored.
    let fee_sum: u64 = blocks.iter().map(|(_, a)| a.to_sat() - 625_000_000).sum();
    assert_eq!(reward.fees().to_sat(), fee_sum / 8);
    assert_eq!(reward.subsidy(), Amount::from_sat(625_000_000));
    // Real fee variation across the 8 blocks: 16.3M to 28.5M sat.
    let fees: Vec<u64> = blocks.iter().map(|(_, a)| a.to_sat() - 625_000_000).collect();
    assert!(fees.iter().min().unwrap() < &17_000_000 && fees.iter().max().unwrap() > &28_000_000);
    // Hashvalue at the period's difficulty (PROVENANCE.md §2a: 81.73T from height 830592)
    // equals blocks/day per PH/s × mean reward.
    let d = Difficulty::new(81.73e12).unwrap();
    let hv = hashvalue_from_difficulty(d, reward).unwrap();
    let expected =
        86_400e15 / (81.73e12 * 281_474_976_710_656.0 / 65_535.0) * reward.total().to_sat() as f64;
    assert!((hv.to_sat_per_ph_day() / expected - 1.0).abs() < 1e-12);
    println!("831328–831335: mean fees {} sat, hashvalue {hv}", reward.fees().to_sat());
}
