//! Every registry file in the shared data loads, with entry counts matching PROVENANCE.md §1,
//! and the merged registry reports where the lists disagree.
mod common;

use minerscope::pool::{Claim, Ownership, Registry, RegistryFormat, SkipReason};

/// (relative path, expected format, pools, tags, addresses) as loaded.
///
/// Tags and addresses are the distinct entries kept: PROVENANCE.md §1 counts raw JSON keys
/// (e.g. mempool `pools.json`: 151 tags, 183 addresses); the registry additionally merges tags
/// equal up to ASCII case within a list (differences asserted below).
const FILES: &[(&str, RegistryFormat)] = &[
    ("pools/mempool-mining-pools/pools-v2.json", RegistryFormat::PoolList),
    ("pools/mempool-mining-pools/pools.json", RegistryFormat::Legacy),
    ("pools/btccom-Blockchain-Known-Pools/pools.json", RegistryFormat::Legacy),
    ("pools/0xB10C-known-mining-pools/pools.json", RegistryFormat::Legacy),
    ("pools/bitcoin-data-mining-pools/pool-list.json", RegistryFormat::PoolList),
    ("pools/bitcoin-data-mining-pools/pools.json", RegistryFormat::Legacy),
    ("pools/consensus-decentralization/identifiers_bitcoin.json", RegistryFormat::CdIdentifiers),
    ("pools/consensus-decentralization/addresses_bitcoin.json", RegistryFormat::CdAddresses),
];

fn load_all(dir: &std::path::Path) -> Vec<Registry> {
    FILES
        .iter()
        .map(|(rel, fmt)| {
            let text = common::read_text(dir, rel);
            assert_eq!(RegistryFormat::detect(&text).unwrap(), *fmt, "{rel}");
            Registry::from_json(&text, rel).unwrap_or_else(|e| panic!("{rel}: {e}"))
        })
        .collect()
}

#[test]
fn every_file_loads_with_provenance_counts() {
    let dir = require_data!("every_file_loads_with_provenance_counts");
    let regs = load_all(&dir);
    for (reg, (rel, _)) in regs.iter().zip(FILES) {
        let case_dups = reg.disagreements().len();
        println!(
            "{rel}: {} pools, {} tags, {} addresses, {} skipped, {} in-list disagreements",
            reg.pools().len(),
            reg.tags().len(),
            reg.addresses().len(),
            reg.skipped().len(),
            case_dups
        );
    }
    let listed = |r: &Registry| {
        let l = r.sources()[0].listed();
        (l.pools, l.tags, l.addresses)
    };
    // PROVENANCE.md §1a: pools-v2.json is an array of 168 pools (two of them, "Bitcoin India"
    // and "BitcoinIndia", are one pool by name, so the registry holds 167).
    assert_eq!(listed(&regs[0]).0, 168);
    assert_eq!(regs[0].pools().len(), 167);
    // §1a: mempool pools.json, 151 tags, 183 addresses, 139 slugs.
    assert_eq!((listed(&regs[1]).1, listed(&regs[1]).2), (151, 183));
    // Its 139 slugs cover all 138 pools that have entries (one slug names a pool without any).
    assert_eq!(regs[1].pools().len(), 138);
    assert!(regs[1].pools().iter().all(|p| p.slug().is_some()));
    // §1b: btccom, 149 tags and 190 addresses. §1c: 0xB10C, 142 tags and 149 addresses.
    assert_eq!((listed(&regs[2]).1, listed(&regs[2]).2), (149, 190));
    assert_eq!((listed(&regs[3]).1, listed(&regs[3]).2), (142, 149));
    // §1e: addresses_bitcoin.json has 3 address → pool entries.
    assert_eq!(listed(&regs[7]).2, 3);
    assert_eq!(regs[7].addresses().len(), 3);
    // Nothing is lost silently: every listed address is kept, skipped, or a duplicate.
    for (reg, (rel, _)) in regs.iter().zip(FILES) {
        let l = reg.sources()[0].listed();
        assert!(reg.addresses().len() + reg.skipped().len() <= l.addresses + l.tags, "{rel}");
        assert!(reg.tags().len() <= l.tags && reg.addresses().len() <= l.addresses, "{rel}");
    }
}

#[test]
fn merged_registry_keeps_sources_and_reports_disagreements() {
    let dir = require_data!("merged_registry_keeps_sources_and_reports_disagreements");
    let regs = load_all(&dir);
    let merged = Registry::merged(&regs);
    assert_eq!(merged.sources().len(), FILES.len());
    // The F2Pool address 1KFHE7w8… is listed by several sources, all kept.
    let f2 = merged.find_pool("F2Pool").unwrap();
    let addr = merged
        .addresses()
        .iter()
        .find(|a| a.address() == "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY")
        .unwrap();
    assert_eq!(addr.pool(), f2);
    assert!(addr.sources().len() >= 4, "{:?}", addr.sources());
    // /E2M & BTC.TOP/: WAYI.CN in mempool, BTC.TOP in consensus-decentralization.
    let tag = merged.find_tag("/E2M & BTC.TOP/").unwrap();
    assert_eq!(merged.pool_name(merged.tag(tag).unwrap().pool()), "WAYI.CN");
    let d = merged
        .disagreements()
        .iter()
        .find(|d| *d.claim() == Claim::Tag(tag))
        .expect("E2M disagreement reported");
    assert_eq!(merged.pool_name(d.other_pool()), "BTC.TOP");
    assert_eq!(merged.sources()[d.other_source().index()].format(), RegistryFormat::CdIdentifiers);
    println!(
        "merged: {} pools, {} tags, {} addresses, {} skipped, {} disagreements",
        merged.pools().len(),
        merged.tags().len(),
        merged.addresses().len(),
        merged.skipped().len(),
        merged.disagreements().len()
    );
}

#[test]
fn legal_links_ownership_at_dates() {
    let dir = require_data!("legal_links_ownership_at_dates");
    let text = common::read_text(&dir, "pools/consensus-decentralization/legal_links.json");
    let own = Ownership::from_legal_links_json(&text).unwrap();
    assert_eq!(own.memberships().len(), 7);
    let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
    // Block 540107 (2018-09) and 574200 (2019-04): BTC.com under Bitmain.
    assert_eq!(own.entity_at("BTC.com", d(2018, 9, 1)), "Bitmain");
    assert_eq!(own.entity_at("BTC.com", d(2020, 11, 30)), "Bitmain");
    assert_eq!(own.entity_at("BTC.com", d(2020, 12, 1)), "Bitdeer");
    assert_eq!(own.entity_at("BTC.com", d(2021, 4, 1)), "BIT Mining");
    assert_eq!(own.entity_at("AntPool", d(2024, 2, 1)), "Bitmain");
    assert_eq!(own.entity_at("Foundry USA", d(2024, 2, 1)), "Foundry USA");
    // Block 540107's timestamp (2018-09-03) aggregates BTC.com to Bitmain.
    assert_eq!(own.entity_at_time("BTC.COM", 1_535_955_000), "Bitmain");
}

#[test]
fn mempool_v2_skipped_addresses_are_listed_not_dropped() {
    let dir = require_data!("mempool_v2_skipped_addresses_are_listed_not_dropped");
    let text = common::read_text(&dir, "pools/mempool-mining-pools/pools-v2.json");
    let reg = Registry::from_json(&text, "pools-v2").unwrap();
    for s in reg.skipped() {
        println!("skipped {:?} of {}: {:?}", s.entry(), s.pool(), s.reason());
    }
    let l = reg.sources()[0].listed();
    assert_eq!((l.pools, l.tags, l.addresses), (168, 197, 217));
    // Seven signet/testnet addresses of solo miners: reported, never a panic or a silent drop.
    assert_eq!(reg.skipped().len(), 7);
    assert!(reg.skipped().iter().all(|s| *s.reason() == SkipReason::NotMainnet));
    assert_eq!(reg.addresses().len() + reg.skipped().len(), l.addresses);
}

#[test]
fn builtin_aliases_absorb_renames_when_merging() {
    let dir = require_data!("builtin_aliases_absorb_renames_when_merging");
    let text = common::read_text(&dir, "pools/consensus-decentralization/identifiers_bitcoin.json");
    let cd = Registry::from_json(&text, "cd").unwrap();
    let mut merged = Registry::builtin();
    merged.merge(&cd);
    let slush = merged.find_tag("/slush/").unwrap();
    // consensus-decentralization says "SlushPool", the built-in table "Braiins Pool": one pool.
    assert_eq!(merged.pool_name(merged.tag(slush).unwrap().pool()), "Braiins Pool");
    assert!(merged.disagreements().iter().all(|d| *d.claim() != Claim::Tag(slush)));
    assert_eq!(merged.find_pool("SlushPool"), merged.find_pool("Braiins Pool"));
    // Without the built-in aliases the same lists do disagree.
    let v2 = common::read_text(&dir, "pools/mempool-mining-pools/pools-v2.json");
    let mut plain = Registry::from_json(&v2, "v2").unwrap();
    plain.merge(&cd);
    let slush = plain.find_tag("/slush/").unwrap();
    assert!(plain.disagreements().iter().any(|d| *d.claim() == Claim::Tag(slush)));
}
