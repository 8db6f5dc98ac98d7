//! Schema handling and mapping on consensus-decentralization's `sample_bitcoin_raw_data.json`
//! (PROVENANCE.md §1e: a partly synthetic fixture, used here only to test mapping logic).
mod common;

use bitcoin::{Amount, ScriptBuf};
use minerscope::chain::{Coinbase, CoinbaseOutput};
use minerscope::pool::{Attribution, AttributionCounts, Attributor, Registry};

fn hex(s: &str) -> Vec<u8> {
    (0..s.len() / 2).map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap()).collect()
}

#[test]
fn sample_blocks_map_to_one_outcome_each() {
    let dir = require_data!("sample_blocks_map_to_one_outcome_each");
    let pools = "pools/consensus-decentralization";
    let mut reg = Registry::from_json(
        &common::read_text(&dir, "pools/mempool-mining-pools/pools-v2.json"),
        "mempool",
    )
    .unwrap();
    for f in ["identifiers_bitcoin.json", "addresses_bitcoin.json"] {
        reg.merge(
            &Registry::from_json(&common::read_text(&dir, &format!("{pools}/{f}")), f).unwrap(),
        );
    }
    let at = Attributor::new(&reg).unwrap();
    let text = common::read_text(&dir, &format!("{pools}/sample_bitcoin_raw_data.json"));
    let mut outcomes = Vec::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let outputs = v["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                let script = hex(o["script_hex"].as_str().unwrap_or(""));
                CoinbaseOutput::new(
                    Amount::from_sat(o["value"].as_u64().unwrap_or(0)),
                    ScriptBuf::from_bytes(script),
                )
            })
            .collect();
        let cb = Coinbase::new(hex(v["identifiers"].as_str().unwrap_or("")), outputs);
        let a = at.attribute(&cb);
        let height: u32 = v["number"].as_str().unwrap().parse().unwrap();
        println!("{height}: {}", a.describe(&reg));
        outcomes.push((height, a));
    }
    let counts: AttributionCounts = outcomes.iter().map(|(_, a)| a).collect();
    assert_eq!(counts.total(), 13);
    let pool = |h: u32| {
        let a = outcomes.iter().find(|(x, _)| *x == h).unwrap().1;
        a.pool().map(|p| reg.pool_name(p).to_owned())
    };
    assert_eq!(pool(507_715).as_deref(), Some("GBMiners"));
    assert_eq!(pool(511_342).as_deref(), Some("GBMiners"));
    assert_eq!(pool(682_736).as_deref(), Some("ViaBTC"));
    assert_eq!(pool(649_061).as_deref(), Some("AntPool"));
    // Block 510888 carries the disputed tag: mempool's assignment (merged first) wins.
    assert_eq!(pool(510_888).as_deref(), Some("WAYI.CN"));
    // The two edited blocks with empty scriptSigs still pay AntPool's 12dRugN…: address only.
    for h in [649_062, 649_064] {
        let a = outcomes.iter().find(|(x, _)| *x == h).unwrap().1;
        assert!(matches!(a, Attribution::Pool { tag: None, address: Some(_), .. }), "{a:?}");
        assert_eq!(pool(h).as_deref(), Some("AntPool"));
    }
    // Five untagged blocks paying 1AM2fYfp… (in no list) stay unknown.
    assert_eq!(counts.unknown(), 5);
}
