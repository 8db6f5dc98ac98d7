//! Pool report: attributes the shared real mainnet blocks with evidence and conflicts, then
//! prints pool shares with simultaneous 95 % intervals, HHI and the Nakamoto coefficient.
//!
//! ```text
//! cargo run --example pool_report [DATA_DIR] [--registry PATH]... [--policy report|tag|address] [--out-dir DIR]
//! ```
//!
//! `DATA_DIR` defaults to `$MINERSCOPE_DATA`, else `../shared/data`; when it is absent, a seeded
//! simulated retarget period (2016 blocks) is attributed instead, and the output says so. The
//! share chart (bars with Goodman simultaneous 95 % error bars) goes to `DIR/pool_shares.svg`
//! (`DIR` defaults to `docs`). Without `--registry` the
//! built-in registry is used; each `--registry` file (any supported format, detected) is merged
//! in the order given.
use std::collections::BTreeMap;
use std::error::Error;
use std::io::Read;
use std::path::{Path, PathBuf};

use bitcoin::Block;
use minerscope::chain::BlockRecord;
use minerscope::pool::{
    Attribution, AttributionCounts, Attributor, Concentration, ConcentrationOptions,
    ConflictPolicy, Registry, Shares, SimultaneousMethod,
};
use minerscope::stats::ConfidenceLevel;

#[path = "support/chart.rs"]
mod chart;

type Res<T> = Result<T, Box<dyn Error>>;

fn decode(bytes: &[u8]) -> Res<Block> {
    Ok(bitcoin::consensus::deserialize(bytes)?)
}

/// Blocks of a bzip2 file of `f9beb4d9 | u32le len | block` frames.
fn frames(path: &Path) -> Res<Vec<Block>> {
    let mut raw = Vec::new();
    bzip2::read::BzDecoder::new(std::fs::File::open(path)?).read_to_end(&mut raw)?;
    let mut out = Vec::new();
    let mut rest = raw.as_slice();
    while let (Some(magic), Some(len)) = (rest.get(..4), rest.get(4..8)) {
        if magic != [0xf9, 0xbe, 0xb4, 0xd9] {
            return Err(format!("{}: bad frame magic", path.display()).into());
        }
        let len = u32::from_le_bytes(len.try_into()?) as usize;
        let body = rest.get(8..8 + len).ok_or("truncated frame")?;
        out.push(decode(body)?);
        rest = rest.get(8 + len..).unwrap_or_default();
    }
    Ok(out)
}

fn real_blocks(dir: &Path) -> Res<Vec<BlockRecord>> {
    let blocks = dir.join("blocks");
    let mut v = Vec::new();
    for h in [830_000u32, 831_328, 831_329, 831_330, 831_331, 831_332, 831_333, 831_334, 831_335] {
        let b = decode(&std::fs::read(blocks.join(format!("ckb-bitcoin-spv-testdata/0{h}.bin")))?)?;
        v.push(BlockRecord::from_block_at(&b, h)?);
    }
    let b = decode(&std::fs::read(blocks.join("bitcoin-core/block413567.raw"))?)?;
    v.push(BlockRecord::from_block_at(&b, 413_567)?);
    for entry in std::fs::read_dir(blocks.join("btcd"))? {
        let p = entry?.path();
        if p.extension().is_some_and(|e| e == "blk") {
            v.push(BlockRecord::from_block(&decode(&std::fs::read(&p)?)?)?);
        }
    }
    if let Some(b) = frames(&blocks.join("btcd/277647.dat.bz2"))?.first() {
        v.push(BlockRecord::from_block_at(b, 277_647)?);
    }
    for (i, b) in frames(&blocks.join("btcd/blk_0_to_4.dat.bz2"))?.iter().enumerate() {
        v.push(BlockRecord::from_block_at(b, u32::try_from(i)?)?);
    }
    for (i, b) in frames(&blocks.join("btcd/blocks1-256.bz2"))?.iter().enumerate() {
        v.push(BlockRecord::from_block_at(b, u32::try_from(i)? + 1)?);
    }
    v.sort_by_key(|r| std::cmp::Reverse(r.height()));
    Ok(v)
}

/// Prints the share table and returns one bar per pool (share with its Goodman interval).
fn print_totals(counts: &AttributionCounts) {
    println!(
        "total {} = {} identified + {} conflicts + {} unknown",
        counts.total(),
        counts.identified(),
        counts.conflicts(),
        counts.unknown()
    );
}

fn print_shares(title: &str, labelled: &[(String, u64)]) -> Res<Vec<chart::Bar>> {
    let counts: Vec<u64> = labelled.iter().map(|(_, k)| *k).collect();
    let level = ConfidenceLevel::P95;
    let goodman = Shares::from_counts(&counts, level, SimultaneousMethod::Goodman)?;
    let sg = Shares::from_counts(&counts, level, SimultaneousMethod::SisonGlaz).ok();
    let garwood = goodman.count_intervals(true)?;
    let bars = labelled
        .iter()
        .zip(goodman.shares())
        .map(|((name, _), s)| chart::Bar {
            label: name.clone(),
            value: 100.0 * s.share(),
            interval: Some((100.0 * s.interval().low(), 100.0 * s.interval().high())),
        })
        .collect();
    println!("\n{title} (n = {}, simultaneous 95 %)", goodman.total());
    println!(
        "{:<16} {:>6} {:>7}  {:>15}  {:>15}  {:>17}",
        "pool", "blocks", "share", "Goodman", "Sison–Glaz", "E[blocks] Garwood"
    );
    for (i, ((name, k), s)) in labelled.iter().zip(goodman.shares()).enumerate() {
        let sg = sg.as_ref().and_then(|sg| sg.shares().get(i)).map_or("-".to_owned(), |t| {
            format!("{:5.1}–{:5.1} %", 100.0 * t.interval().low(), 100.0 * t.interval().high())
        });
        let g =
            garwood.get(i).map_or("-".to_owned(), |c| format!("{:6.1}–{:6.1}", c.low(), c.high()));
        println!(
            "{:<16} {:>6} {:>6.1}%  {:5.1}–{:5.1} %  {:>15}  {:>17}",
            name,
            k,
            100.0 * s.share(),
            100.0 * s.interval().low(),
            100.0 * s.interval().high(),
            sg,
            g
        );
    }
    let c = Concentration::from_counts(&counts, ConcentrationOptions::default())?;
    println!(
        "HHI {:.4} [{:.4}, {:.4}]   Nakamoto coefficient {} [{}, {}]   (Dirichlet posterior, Jeffreys prior)",
        c.hhi(),
        c.hhi_interval().low(),
        c.hhi_interval().high(),
        c.nakamoto(),
        c.nakamoto_interval().low(),
        c.nakamoto_interval().high()
    );
    Ok(bars)
}

/// Writes the share chart.
fn share_chart(out: &Path, title: String, bars: Vec<chart::Bar>) -> Res<()> {
    let height = (140 + 34 * bars.len()).clamp(300, 1400) as u32;
    let svg = chart::render_hbar_chart(&chart::HBarChart {
        title,
        x_desc: "share of blocks (%), bars: Goodman simultaneous 95 % intervals".into(),
        bars,
        references: vec![],
        color: plotters::style::RGBColor(31, 119, 180),
        value_decimals: 1,
        size: (1000, height),
    })?;
    println!();
    chart::write_svg(out, "pool_shares.svg", &svg)
}

/// No data folder: attribute one simulated retarget period with `registry`.
fn simulated(attributor: &Attributor, registry: &Registry, out: &Path) -> Res<()> {
    let seed = 2024;
    let chain = minerscope::sim::Scenario::builder().seed(seed).build()?.run(2016)?;
    println!(
        "\nsimulated chain: {} blocks (seed {seed}, default scenario: mainnet-2024 pool mix), attributed with the registry above",
        chain.len()
    );
    let mut counts = AttributionCounts::new(registry.pools().len());
    let mut by_pool: BTreeMap<String, u64> = BTreeMap::new();
    for b in chain.records() {
        let a = attributor.attribute_block(b);
        counts.add(&a);
        let name = a.pool().map_or("unknown", |p| registry.pool_name(p));
        *by_pool.entry(name.to_owned()).or_default() += 1;
    }
    print_totals(&counts);
    let mut labelled: Vec<(String, u64)> = by_pool.into_iter().collect();
    labelled.sort_by_key(|(_, k)| std::cmp::Reverse(*k));
    let first = chain.records().first().map_or(0, BlockRecord::height);
    let title = format!("SIMULATED retarget period {first}–{} (seed {seed})", first + 2015);
    let bars = print_shares(&title, &labelled)?;
    share_chart(out, format!("Pool shares, {title}"), bars)
}

fn main() -> Res<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let out = chart::take_out_dir(&mut args)?;
    let mut args = args.into_iter();
    let mut dir = None;
    let mut files = Vec::new();
    let mut policy = ConflictPolicy::Report;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--registry" => {
                files.push(PathBuf::from(args.next().ok_or("--registry needs a path")?))
            }
            "--policy" => {
                policy = match args.next().as_deref() {
                    Some("tag") => ConflictPolicy::TagFirst,
                    Some("address") => ConflictPolicy::AddressFirst,
                    Some("report") => ConflictPolicy::Report,
                    other => return Err(format!("unknown policy {other:?}").into()),
                }
            }
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let dir = dir
        .or_else(|| std::env::var_os("MINERSCOPE_DATA").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("../shared/data"));

    let registry = if files.is_empty() {
        Registry::builtin()
    } else {
        let mut merged = Registry::new();
        for f in &files {
            let text = std::fs::read_to_string(f)?;
            let label = f.display().to_string();
            merged.merge(&Registry::from_json(&text, &label).map_err(|e| format!("{label}: {e}"))?);
        }
        merged
    };
    println!(
        "registry: {} source(s), {} pools, {} tags, {} payout scripts, {} skipped entries, {} disagreements",
        registry.sources().len(),
        registry.pools().len(),
        registry.tags().len(),
        registry.addresses().len(),
        registry.skipped().len(),
        registry.disagreements().len()
    );
    for d in registry.disagreements().iter().take(10) {
        let what = match d.claim() {
            minerscope::pool::Claim::Tag(t) => registry.tag(*t).map(|t| (t.text(), t.pool())),
            minerscope::pool::Claim::Address(a) => {
                registry.address(*a).map(|a| (a.address(), a.pool()))
            }
            _ => None,
        };
        if let Some((text, kept)) = what {
            let src = registry.sources().get(d.other_source().index()).map_or("?", |s| s.label());
            println!(
                "  disagreement: {text:?} is {} here, {} in {src}",
                registry.pool_name(kept),
                registry.pool_name(d.other_pool())
            );
        }
    }

    let attributor = Attributor::new(&registry)?.with_policy(policy);
    if !dir.is_dir() {
        println!(
            "\ndata folder {} not found (set MINERSCOPE_DATA or pass DATA_DIR): using a SIMULATED chain instead of real blocks",
            dir.display()
        );
        return simulated(&attributor, &registry, &out);
    }
    let blocks = real_blocks(&dir)?;
    println!("\n{:>7}  attribution (evidence)", "height");
    let mut counts = AttributionCounts::new(registry.pools().len());
    let mut early_unknown = 0;
    for b in &blocks {
        let a = attributor.attribute_block(b);
        counts.add(&a);
        if b.height() < 1000 && matches!(a, Attribution::Unknown) {
            early_unknown += 1;
            continue;
        }
        println!("{:>7}  {}", b.height(), a.describe(&registry));
    }
    println!(
        "{:>7}  {early_unknown} Satoshi-era blocks (frames 0–4 and 1–255 of two btcd files): unknown",
        "0–255"
    );
    print_totals(&counts);

    let mut by_pool: BTreeMap<String, u64> = BTreeMap::new();
    for b in blocks.iter().filter(|b| b.height() >= 830_000) {
        let name =
            attributor.attribute_block(b).pool().map_or("unknown", |p| registry.pool_name(p));
        *by_pool.entry(name.to_owned()).or_default() += 1;
    }
    let mut labelled: Vec<(String, u64)> = by_pool.into_iter().collect();
    labelled.sort_by_key(|(_, k)| std::cmp::Reverse(*k));
    let nine = print_shares(
        "Shares of the 9 real 2024 blocks (830000, 831328–831335): far too few to conclude",
        &labelled,
    )?;

    // A real window: the last complete retarget period labelled in Canhui's miningpool.csv
    // (labels end at 546235, inside period 270).
    let labels = dir.join("hashrate-price/Canhui-Bitcoin_Mining_Pools/miningpool.csv");
    if let Ok(text) = std::fs::read_to_string(&labels) {
        let (first, last) = (2016 * 269, 2016 * 269 + 2015);
        let mut by_pool: BTreeMap<String, u64> = BTreeMap::new();
        for line in text.lines().skip(1) {
            let Some((h, p)) = line.split_once(',') else { continue };
            if h.parse::<u32>().is_ok_and(|h| (first..=last).contains(&h)) {
                *by_pool.entry(p.trim().to_owned()).or_default() += 1;
            }
        }
        let mut labelled: Vec<(String, u64)> = by_pool.into_iter().collect();
        labelled.sort_by_key(|(_, k)| std::cmp::Reverse(*k));
        let title = format!("retarget period {first}–{last} (BTC.com labels, Canhui)");
        let bars = print_shares(&format!("Shares over {title}"), &labelled)?;
        return share_chart(&out, format!("Pool shares, {title}"), bars);
    }
    share_chart(&out, "Pool shares of 9 real 2024 blocks (too few to conclude)".into(), nine)
}
