//! Real mainnet data (shared folder, PROVENANCE.md §2–3): retarget rule and chainwork at every
//! boundary since genesis, the 8 065 contiguous headers 822 528–830 592, and every raw block.

mod common;

use std::io::Read;
use std::path::Path;

use bitcoin::hashes::Hash;
use bitcoin::hex::FromHex;
use bitcoin::{Amount, Block, BlockHash, CompactTarget, Target, Work};
use minerscope::chain::consensus::{RETARGET_INTERVAL, block_work, checked_add_work, next_bits};
use minerscope::chain::{
    BIP34_HEIGHT, BlockRecord, BlockSeries, TimeAnomaly, decode_block, decode_header,
    decode_headers,
};

const HEADERS: &str = "headers/ckb-bitcoin-spv-testdata";
/// First height of `mainnet_headers_0822528_0830592.bin` (record i is this + i).
const CONTIGUOUS_START: u32 = 822_528;

/// Splits one CSV line (RFC 4180 quoting, as Python's `csv` writes it).
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// Rows of a CSV file as header-name → value maps.
fn csv_rows(dir: &Path, rel: &str) -> Vec<std::collections::HashMap<String, String>> {
    let text = common::read_text(dir, rel);
    let mut lines = text.lines();
    let names = csv_fields(lines.next().expect("header row"));
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let fields = csv_fields(l);
            assert_eq!(fields.len(), names.len(), "{rel}: {l}");
            names.iter().cloned().zip(fields).collect()
        })
        .collect()
}

fn work_from_hex(hex: &str) -> Work {
    let bytes = <[u8; 32]>::from_hex(hex).expect("32-byte hex");
    Work::from_be_bytes(bytes)
}

fn bits_from_hex(hex: &str) -> CompactTarget {
    CompactTarget::from_consensus(u32::from_str_radix(hex, 16).expect("bits hex"))
}

fn add_n(mut acc: Work, w: Work, n: u32) -> Work {
    for _ in 0..n {
        acc = checked_add_work(acc, w).expect("no overflow on mainnet");
    }
    acc
}

struct BoundaryRow {
    height: u32,
    hash: BlockHash,
    time: u32,
    bits: CompactTarget,
    chainwork: Work,
}

fn boundary_rows(dir: &Path) -> Vec<BoundaryRow> {
    csv_rows(dir, &format!("{HEADERS}/retarget_boundary_headers.csv"))
        .into_iter()
        .map(|r| {
            let header_bytes = Vec::<u8>::from_hex(&r["header_hex"]).expect("hex");
            let header = decode_header(&header_bytes).expect("80-byte header");
            let row = BoundaryRow {
                height: r["height"].parse().expect("height"),
                hash: r["hash"].parse().expect("hash"),
                time: r["time"].parse().expect("time"),
                bits: bits_from_hex(&r["bits_hex"]),
                chainwork: work_from_hex(&r["chainwork_hex"]),
            };
            // The CSV's derived columns agree with its own header bytes.
            assert_eq!(header.block_hash(), row.hash, "height {}", row.height);
            assert_eq!((header.time, header.bits), (row.time, row.bits), "height {}", row.height);
            header.validate_pow(header.target()).expect("pow");
            row
        })
        .collect()
}

/// `next_bits` reproduces the bits of every retarget since genesis from the first and last
/// header of the ending period.
#[test]
fn retarget_rule_at_every_boundary_since_genesis() {
    let dir = require_data!("retarget_rule_at_every_boundary_since_genesis");
    let rows = boundary_rows(&dir);
    // Heights 0, then (2016k − 1, 2016k) for k = 1..=413.
    assert_eq!(rows.len(), 827);
    let mut boundaries = 0;
    for k in 1..=413u32 {
        let first = &rows[2 * k as usize - 2];
        let last = &rows[2 * k as usize - 1];
        let next = &rows[2 * k as usize];
        assert_eq!(first.height, RETARGET_INTERVAL * (k - 1));
        assert_eq!(last.height, RETARGET_INTERVAL * k - 1);
        assert_eq!(next.height, RETARGET_INTERVAL * k);
        // Inside a period bits do not change.
        assert_eq!(first.bits, last.bits, "period {k}");
        let computed = next_bits(last.bits, first.time, last.time);
        assert_eq!(computed, next.bits, "retarget at height {}", next.height);
        boundaries += 1;
    }
    // 413 retargets at 2016..=832 608 (PROVENANCE says "412 boundaries"; the file holds the
    // first and last header of 414 periods, so 413 new-bits computations).
    assert_eq!(boundaries, 413);
    // Golden: the first difficulty change, at 32 256 (Core's chain: 0x1d00d86a).
    assert_eq!(rows[2 * 16].height, 32_256);
    assert_eq!(rows[2 * 16].bits.to_consensus(), 0x1d00d86a);
}

/// Chainwork at every row equals the cumulative exact work, as 256-bit integers.
#[test]
fn chainwork_at_every_boundary_is_exact() {
    let dir = require_data!("chainwork_at_every_boundary_is_exact");
    let rows = boundary_rows(&dir);
    let genesis = &rows[0];
    let mut acc = block_work(Target::from_compact(genesis.bits));
    assert_eq!(acc, genesis.chainwork);
    let mut checked = 1;
    for k in 1..=413usize {
        let last = &rows[2 * k - 1];
        let next = &rows[2 * k];
        // Blocks 2016(k−1)+1 ..= 2016k − 1 share the bits of the period (2015 more blocks, or
        // 2015 after genesis in the first period).
        let per_block = block_work(Target::from_compact(last.bits));
        acc = add_n(acc, per_block, RETARGET_INTERVAL - 1);
        assert_eq!(acc, last.chainwork, "chainwork at {}", last.height);
        acc = checked_add_work(acc, block_work(Target::from_compact(next.bits))).expect("fits");
        assert_eq!(acc, next.chainwork, "chainwork at {}", next.height);
        checked += 2;
    }
    assert_eq!(checked, rows.len());
}

fn contiguous_headers(dir: &Path) -> Vec<bitcoin::block::Header> {
    let bytes = common::read_bytes(dir, &format!("{HEADERS}/mainnet_headers_0822528_0830592.bin"));
    decode_headers(&bytes).expect("whole headers")
}

#[test]
fn contiguous_headers_link_meet_targets_and_retarget() {
    let dir = require_data!("contiguous_headers_link_meet_targets_and_retarget");
    let headers = contiguous_headers(&dir);
    assert_eq!(headers.len(), 8_065);
    for (i, h) in headers.iter().enumerate() {
        h.validate_pow(h.target())
            .unwrap_or_else(|e| panic!("height {}: {e}", CONTIGUOUS_START as usize + i));
    }
    let series = BlockSeries::from_headers(CONTIGUOUS_START, &headers).expect("links");
    assert_eq!((series.start_height(), series.end_height()), (822_528, 830_592));

    // Recompute the four retargets inside the file from its own timestamps.
    for height in [824_544u32, 826_560, 828_576, 830_592] {
        let first = series.get(height - RETARGET_INTERVAL).expect("in range");
        let last = series.get(height - 1).expect("in range");
        let new = series.get(height).expect("in range");
        assert_eq!(next_bits(last.bits(), first.time(), last.time()), new.bits(), "{height}");
    }
    // They agree with the boundary file.
    let rows = boundary_rows(&dir);
    let mut overlap = 0;
    for row in rows.iter().filter(|r| series.get(r.height).is_some()) {
        let rec = series.get(row.height).expect("covered");
        assert_eq!((rec.hash(), rec.time(), rec.bits()), (row.hash, row.time, row.bits));
        overlap += 1;
    }
    assert_eq!(overlap, 9); // 822528, then (2016k − 1, 2016k) for the 4 boundaries inside

    // Chainwork over the file matches the boundary file's difference.
    let cw = |h: u32| rows.iter().find(|r| r.height == h).expect("row").chainwork;
    let before = cw(CONTIGUOUS_START - 1);
    let total = series.total_work().expect("fits");
    assert_eq!(checked_add_work(before, total).expect("fits"), cw(830_592));
}

/// SCIENCE.md §2 / series docs: 21 negative intervals (worst −388 s), one zero interval, and no
/// block at or below its median-time-past.
#[test]
fn contiguous_headers_time_anomalies() {
    let dir = require_data!("contiguous_headers_time_anomalies");
    let series =
        BlockSeries::from_headers(CONTIGUOUS_START, &contiguous_headers(&dir)).expect("links");
    let anomalies = series.time_anomalies();
    let backwards: Vec<i64> = anomalies
        .iter()
        .filter_map(|a| match a {
            TimeAnomaly::Backwards { time, prev_time, .. } => {
                Some(i64::from(*time) - i64::from(*prev_time))
            }
            _ => None,
        })
        .collect();
    let mtp = anomalies.iter().filter(|a| matches!(a, TimeAnomaly::MtpViolation { .. })).count();
    assert_eq!(backwards.iter().filter(|d| **d < 0).count(), 21);
    assert_eq!(backwards.iter().filter(|d| **d == 0).count(), 1);
    assert_eq!(backwards.iter().min(), Some(&-388));
    assert_eq!(mtp, 0);
}

// ---------------------------------------------------------------------------------------------
// Raw blocks.

/// Frames of `f9beb4d9 | u32le len | block`.
fn frames(bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        assert!(rest.len() >= 8, "truncated frame header");
        assert_eq!(&rest[..4], [0xf9, 0xbe, 0xb4, 0xd9], "mainnet magic");
        let len = u32::from_le_bytes(rest[4..8].try_into().expect("4 bytes")) as usize;
        out.push(&rest[8..8 + len]);
        rest = &rest[8 + len..];
    }
    out
}

fn bunzip(dir: &Path, rel: &str) -> Vec<u8> {
    let compressed = common::read_bytes(dir, rel);
    let mut out = Vec::new();
    bzip2::read::BzDecoder::new(compressed.as_slice()).read_to_end(&mut out).expect("bzip2");
    out
}

/// One decoded block, its bytes length, and the source key used by `coinbase_index.csv`.
struct Loaded {
    key: String,
    size: usize,
    block: Block,
    record: BlockRecord,
}

fn load_all_blocks(dir: &Path) -> Vec<Loaded> {
    let mut out = Vec::new();
    let mut single = |rel: String, bytes: Vec<u8>| {
        let block = decode_block(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
        // All of these blocks are after BIP34: the height comes from the coinbase.
        let record = BlockRecord::from_block(&block).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert!(record.height() >= BIP34_HEIGHT);
        out.push(Loaded { key: rel, size: bytes.len(), block, record });
    };
    for h in [830_000u32, 831_328, 831_329, 831_330, 831_331, 831_332, 831_333, 831_334, 831_335] {
        let rel = format!("blocks/ckb-bitcoin-spv-testdata/{h:07}.bin");
        single(rel.clone(), common::read_bytes(dir, &rel));
    }
    let rel = "blocks/bitcoin-core/block413567.raw".to_owned();
    single(rel.clone(), common::read_bytes(dir, &rel));
    for name in [
        "block-00000000000000000021868c2cefc52a480d173c849412fe81c4e5ab806f94ab.blk",
        "block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk",
    ] {
        let rel = format!("blocks/btcd/{name}");
        single(rel.clone(), common::read_bytes(dir, &rel));
    }
    let rel = "blocks/btcd/277647.dat.bz2";
    let raw = bunzip(dir, rel);
    let f = frames(&raw);
    assert_eq!(f.len(), 1);
    single(rel.to_owned(), f[0].to_vec());

    // Pre-BIP34 multi-block files: heights from the frame position.
    for (rel, first_height, count) in
        [("blocks/btcd/blocks1-256.bz2", 1u32, 255usize), ("blocks/btcd/blk_0_to_4.dat.bz2", 0, 5)]
    {
        let raw = bunzip(dir, rel);
        let f = frames(&raw);
        assert_eq!(f.len(), count, "{rel}");
        for (i, bytes) in f.iter().enumerate() {
            let block = decode_block(bytes).unwrap_or_else(|e| panic!("{rel}#{i}: {e}"));
            let height = first_height + i as u32;
            let record = BlockRecord::from_block_at(&block, height).expect("record");
            out.push(Loaded { key: format!("{rel}#frame{i}"), size: bytes.len(), block, record });
        }
        // Frames form a chain.
        let recs: Vec<BlockRecord> =
            out[out.len() - count..].iter().map(|l| l.record.clone()).collect();
        BlockSeries::new(recs).unwrap_or_else(|e| panic!("{rel}: {e}"));
    }
    out
}

#[test]
fn raw_blocks_parse_and_match_the_index() {
    let dir = require_data!("raw_blocks_parse_and_match_the_index");
    let blocks = load_all_blocks(&dir);
    let index = csv_rows(&dir, "blocks/coinbase_index.csv");
    assert_eq!(blocks.len(), 273);
    assert_eq!(index.len(), blocks.len());
    for row in &index {
        let key = &row["source_file"];
        let b =
            blocks.iter().find(|b| &b.key == key).unwrap_or_else(|| panic!("no block for {key}"));
        assert!(b.block.check_merkle_root(), "{key}: merkle root");
        b.block.header.validate_pow(b.block.header.target()).expect("pow");
        let r = &b.record;
        assert_eq!(r.height().to_string(), row["height"], "{key}");
        assert_eq!(r.hash().to_string(), row["hash"], "{key}");
        assert_eq!(r.time().to_string(), row["time"], "{key}");
        assert_eq!(format!("{:08x}", r.bits().to_consensus()), row["bits_hex"], "{key}");
        assert_eq!(
            r.tx_count().map(|n| n.to_string()).as_deref(),
            Some(row["n_tx"].as_str()),
            "{key}"
        );
        assert_eq!(b.size.to_string(), row["size_bytes"], "{key}");
        assert_eq!(r.size().map(|s| s as usize), Some(b.size), "{key}");
        assert_eq!(
            r.coinbase_value().map(|a| a.to_sat().to_string()).as_deref(),
            Some(row["coinbase_total_out_sat"].as_str()),
            "{key}"
        );
        assert_eq!(
            r.coinbase()
                .map(|c| bitcoin::hex::DisplayHex::to_lower_hex_string(c.script_sig()))
                .as_deref(),
            Some(row["coinbase_scriptsig_hex"].as_str()),
            "{key}"
        );
    }
    // Genesis is frame 0 of blk_0_to_4.
    let genesis = blocks.iter().find(|b| b.record.height() == 0).expect("genesis");
    assert_eq!(genesis.record.prev_hash(), Some(BlockHash::all_zeros()));
    assert_eq!(
        genesis.record.hash().to_string(),
        "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
    );
}

/// PROVENANCE §3: coinbase total minus subsidy.
#[test]
fn coinbase_fees_of_830000_and_413567() {
    let dir = require_data!("coinbase_fees_of_830000_and_413567");
    let blocks = load_all_blocks(&dir);
    let fee = |h: u32| blocks.iter().find(|b| b.record.height() == h).and_then(|b| b.record.fees());
    assert_eq!(fee(830_000), Some(Amount::from_sat(23_268_040)));
    assert_eq!(fee(413_567), Some(Amount::from_sat(31_310_238)));
    let at = |h: u32| blocks.iter().find(|b| b.record.height() == h).expect("block");
    assert_eq!(at(830_000).record.coinbase_value(), Some(Amount::from_sat(648_268_040)));
    // The 8 contiguous blocks 831328–831335 link.
    let run: Vec<BlockRecord> = (831_328..=831_335).map(|h| at(h).record.clone()).collect();
    BlockSeries::new(run).expect("contiguous and linked");
}

/// The btcd hex header list (heights 1–11) decodes and links to genesis.
#[test]
fn btcd_header_text_links_to_genesis() {
    let dir = require_data!("btcd_header_text_links_to_genesis");
    let text = common::read_text(&dir, "blocks/btcd/blockheaders-mainnet-1-11.txt");
    let mut bytes = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        bytes.extend(Vec::<u8>::from_hex(line.trim()).expect("hex line"));
    }
    let headers = decode_headers(&bytes).expect("80-byte records");
    assert_eq!(headers.len(), 11);
    let genesis: BlockHash =
        "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f".parse().expect("hash");
    assert_eq!(headers[0].prev_blockhash, genesis);
    BlockSeries::from_headers(1, &headers).expect("links");
}
