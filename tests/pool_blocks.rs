//! Attribution of the real mainnet blocks in the shared data (PROVENANCE.md §3,
//! `blocks/coinbase_index.csv`), with the built-in registry and with the merged file registries.
mod common;

use std::io::Read;
use std::path::Path;

use bitcoin::Block;
use minerscope::chain::BlockRecord;
use minerscope::pool::{Attribution, AttributionCounts, Attributor, ConflictPolicy, Registry};

fn decode(bytes: &[u8]) -> Block {
    bitcoin::consensus::deserialize(bytes).expect("block decodes")
}

/// Blocks of a bzip2 file of `f9beb4d9 | u32le len | block` frames.
fn frames(dir: &Path, rel: &str) -> Vec<Block> {
    let mut raw = Vec::new();
    bzip2::read::BzDecoder::new(common::read_bytes(dir, rel).as_slice())
        .read_to_end(&mut raw)
        .expect("bzip2");
    let mut out = Vec::new();
    let mut rest = raw.as_slice();
    while rest.len() >= 8 {
        assert_eq!(&rest[..4], &[0xf9, 0xbe, 0xb4, 0xd9], "{rel}: magic");
        let len = u32::from_le_bytes(rest[4..8].try_into().unwrap()) as usize;
        out.push(decode(&rest[8..8 + len]));
        rest = &rest[8 + len..];
    }
    out
}

/// Every real block with its height and the pool PROVENANCE.md §3 names (`None` = unknown).
fn real_blocks(dir: &Path) -> Vec<(BlockRecord, Option<&'static str>)> {
    let mut v = Vec::new();
    let ckb = [
        (830000, "AntPool"),
        (831328, "Foundry USA"),
        (831329, "Foundry USA"),
        (831330, "AntPool"),
        (831331, "F2Pool"),
        (831332, "Foundry USA"),
        (831333, "Foundry USA"),
        (831334, "Foundry USA"),
        (831335, "Luxor"),
    ];
    for (h, pool) in ckb {
        let b =
            decode(&common::read_bytes(dir, &format!("blocks/ckb-bitcoin-spv-testdata/0{h}.bin")));
        v.push((BlockRecord::from_block_at(&b, h).unwrap(), Some(pool)));
    }
    let b = decode(&common::read_bytes(dir, "blocks/bitcoin-core/block413567.raw"));
    v.push((BlockRecord::from_block_at(&b, 413_567).unwrap(), Some("F2Pool")));
    for (name, h) in [
        ("block-00000000000000000021868c2cefc52a480d173c849412fe81c4e5ab806f94ab.blk", 540_107),
        ("block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk", 574_200),
    ] {
        let b = decode(&common::read_bytes(dir, &format!("blocks/btcd/{name}")));
        v.push((BlockRecord::from_block_at(&b, h).unwrap(), Some("BTC.com")));
    }
    let guild = frames(dir, "blocks/btcd/277647.dat.bz2");
    assert_eq!(guild.len(), 1);
    v.push((BlockRecord::from_block_at(&guild[0], 277_647).unwrap(), Some("BTC Guild")));
    for (i, b) in frames(dir, "blocks/btcd/blk_0_to_4.dat.bz2").iter().enumerate() {
        v.push((BlockRecord::from_block_at(b, i as u32).unwrap(), None));
    }
    let early = frames(dir, "blocks/btcd/blocks1-256.bz2");
    assert_eq!(early.len(), 255);
    for (i, b) in early.iter().enumerate() {
        v.push((BlockRecord::from_block_at(b, i as u32 + 1).unwrap(), None));
    }
    v
}

fn file_registry(dir: &Path) -> Registry {
    let files = [
        "pools/mempool-mining-pools/pools-v2.json",
        "pools/mempool-mining-pools/pools.json",
        "pools/bitcoin-data-mining-pools/pool-list.json",
        "pools/bitcoin-data-mining-pools/pools.json",
        "pools/btccom-Blockchain-Known-Pools/pools.json",
        "pools/0xB10C-known-mining-pools/pools.json",
        "pools/consensus-decentralization/identifiers_bitcoin.json",
        "pools/consensus-decentralization/addresses_bitcoin.json",
    ];
    let regs: Vec<Registry> =
        files.iter().map(|f| Registry::from_json(&common::read_text(dir, f), f).unwrap()).collect();
    Registry::merged(&regs)
}

fn check(reg: &Registry, blocks: &[(BlockRecord, Option<&'static str>)], label: &str) {
    let at = Attributor::new(reg).unwrap();
    let mut outcomes = Vec::new();
    for (rec, expected) in blocks {
        let a = at.attribute_block(rec);
        if rec.height() > 1000 {
            println!("[{label}] {}: {}", rec.height(), a.describe(reg));
        }
        let got = a.pool().map(|p| reg.pool_name(p));
        let ok = match (expected, got) {
            (Some(e), Some(g)) => reg.find_pool(e) == reg.find_pool(g),
            (None, None) => matches!(a, Attribution::Unknown),
            _ => false,
        };
        assert!(
            ok,
            "[{label}] height {}: expected {expected:?}, got {}",
            rec.height(),
            a.describe(reg)
        );
        outcomes.push(a);
    }
    let counts: AttributionCounts = outcomes.iter().collect();
    assert_eq!(counts.total(), blocks.len() as u64);
    assert_eq!(counts.unknown(), 260);
    assert_eq!(counts.conflicts(), 0);
}

#[test]
fn real_blocks_with_builtin_registry() {
    let dir = require_data!("real_blocks_with_builtin_registry");
    let blocks = real_blocks(&dir);
    assert_eq!(blocks.len(), 9 + 1 + 2 + 1 + 5 + 255);
    check(&Registry::builtin(), &blocks, "built-in");
}

#[test]
fn real_blocks_with_merged_file_registries() {
    let dir = require_data!("real_blocks_with_merged_file_registries");
    check(&file_registry(&dir), &real_blocks(&dir), "files");
}

#[test]
fn evidence_is_what_provenance_describes() {
    let dir = require_data!("evidence_is_what_provenance_describes");
    let reg = Registry::builtin();
    let at = Attributor::new(&reg).unwrap().with_policy(ConflictPolicy::TagFirst);
    let blocks = real_blocks(&dir);
    let by_height = |h: u32| &blocks.iter().find(|(r, _)| r.height() == h).unwrap().0;
    let evidence = |h: u32| match at.attribute_block(by_height(h)) {
        Attribution::Pool { tag, address, .. } => (tag, address),
        other => panic!("{h}: {other:?}"),
    };
    // 830000: AntPool by its tag only; output 0 is the 546-sat dust output that defeats
    // mempool's output-0 rule.
    let (tag, addr) = evidence(830_000);
    let tag = tag.unwrap();
    assert_eq!(reg.tag(tag.tag()).unwrap().text().to_ascii_lowercase(), "mined by antpool");
    let sig = by_height(830_000).coinbase().unwrap().script_sig();
    let pos = sig.windows(16).position(|w| w == b"Mined by AntPool").unwrap();
    assert_eq!(tag.offset() as usize, pos);
    assert!(addr.is_none());
    assert_eq!(by_height(830_000).coinbase().unwrap().outputs()[0].value().to_sat(), 546);
    // 413567: PROVENANCE.md calls it "F2Pool by address only" because mempool decodes the
    // scriptSig byte by byte to ASCII; the raw bytes carry F2Pool's UTF-8 tag 七彩神仙鱼 at
    // byte 5 (03 7f4f06 | 37 | e4b883 e5bda9 e7a59e e4bb99 e9b1bc). Both kinds of evidence agree.
    let (tag, addr) = evidence(413_567);
    let tag = tag.unwrap();
    assert_eq!(reg.tag(tag.tag()).unwrap().text(), "七彩神仙鱼");
    assert_eq!(tag.offset(), 5);
    let addr = addr.unwrap();
    assert_eq!(
        reg.address(addr.address()).unwrap().address(),
        "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY"
    );
    assert_eq!((addr.output(), addr.value().to_sat()), (0, 2_531_310_238));
    // 831331: F2Pool by tag; its payouts 1K6KoYC…/1KGG9kv… are in no built-in or mempool list
    // (bitcoin-data's lists do hold 1KGG9kv…, see `bitcoin_data_knows_831331_payout`).
    let (tag, addr) = evidence(831_331);
    assert!(tag.is_some() && addr.is_none());
    // 831335: Luxor by tag and by 32BfKjh… at output 0.
    let (tag, addr) = evidence(831_335);
    assert!(tag.is_some());
    assert_eq!(
        reg.address(addr.unwrap().address()).unwrap().address(),
        "32BfKjhByDSxx3BM5vUkQ3NQq9csZR6nt6"
    );
}

#[test]
fn bitcoin_data_knows_831331_payout() {
    let dir = require_data!("bitcoin_data_knows_831331_payout");
    let rec = real_blocks(&dir).into_iter().find(|(r, _)| r.height() == 831_331).unwrap().0;
    let text = common::read_text(&dir, "pools/bitcoin-data-mining-pools/pool-list.json");
    let reg = Registry::from_json(&text, "bitcoin-data").unwrap();
    let a = Attributor::new(&reg).unwrap().attribute_block(&rec);
    let Attribution::Pool { tag: Some(_), address: Some(addr), .. } = a else { panic!("{a:?}") };
    assert_eq!(addr.output(), 1);
    assert_eq!(
        reg.address(addr.address()).unwrap().address(),
        "1KGG9kvV5zXiqyQAMfY32sGt9eFLMmgpgX"
    );
    // mempool's pools-v2.json does not list it: output-0-only and any-output both miss.
    let text = common::read_text(&dir, "pools/mempool-mining-pools/pools-v2.json");
    let reg = Registry::from_json(&text, "mempool").unwrap();
    let a = Attributor::new(&reg).unwrap().attribute_block(&rec);
    assert!(matches!(a, Attribution::Pool { address: None, .. }), "{a:?}");
}

/// Splits one CSV line with RFC 4180 quoting.
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            (c, _) => out.last_mut().unwrap().push(c),
        }
    }
    out
}

/// Cross-check with `coinbase_index.csv`'s own application of mempool's `pools-v2.json`: with the
/// same list, minerscope finds every pool mempool's tag rule and any-output address rule find,
/// and the extra finds are the ones mempool's byte-by-byte ASCII decoding misses.
#[test]
fn agrees_with_coinbase_index_and_finds_more() {
    let dir = require_data!("agrees_with_coinbase_index_and_finds_more");
    let reg = Registry::from_json(
        &common::read_text(&dir, "pools/mempool-mining-pools/pools-v2.json"),
        "pools-v2",
    )
    .unwrap();
    let at = Attributor::new(&reg).unwrap();
    let blocks = real_blocks(&dir);
    let text = common::read_text(&dir, "blocks/coinbase_index.csv");
    let mut rows = 0;
    let mut extra = Vec::new();
    for line in text.lines().skip(1) {
        let f = csv_fields(line);
        assert_eq!(f.len(), 16, "{line}");
        let hash: bitcoin::BlockHash = f[3].parse().unwrap();
        let Some((rec, _)) = blocks.iter().find(|(r, _)| r.hash() == hash) else { continue };
        rows += 1;
        let a = at.attribute_block(rec);
        let (tag, any_addr) = (&f[13], &f[15]);
        let tag_pool = match a {
            Attribution::Pool { tag: Some(t), .. } | Attribution::Conflict { tag: t, .. } => {
                Some(reg.pool_name(t.pool()))
            }
            _ => None,
        };
        let addr_pool = match a {
            Attribution::Pool { address: Some(x), .. }
            | Attribution::Conflict { address: x, .. } => Some(reg.pool_name(x.pool())),
            _ => None,
        };
        if !tag.is_empty() {
            assert_eq!(tag_pool, Some(tag.as_str()), "height {}", rec.height());
        } else if let Some(p) = tag_pool {
            extra.push((rec.height(), p.to_owned()));
        }
        if !any_addr.is_empty() {
            assert_eq!(addr_pool, Some(any_addr.as_str()), "height {}", rec.height());
        }
    }
    println!("{rows} rows cross-checked; tags mempool's ASCII decoding misses: {extra:?}");
    assert!(rows >= 270, "{rows}");
    // 413567's 七彩神仙鱼 is the one tag the lossy-ASCII rule cannot see.
    assert_eq!(extra, vec![(413_567, "F2Pool".to_owned())]);
}
