//! The built-in 2024 pool mix uses real tags and payout addresses: each literal tag matches its
//! pool's regex in mempool/mining-pools `pools-v2.json` (case-insensitive, as mempool.space
//! matches), and each payout address is listed for that pool (ViaBTC's, absent there, in
//! bitcoin-data/mining-pools `pool-list.json`). Simulated blocks are therefore attributable
//! with the real lists.
mod common;

use bitcoin::{Address, Network};
use minerscope::sim::PoolMix;
use regex::RegexBuilder;
use serde_json::Value;

fn find<'a>(list: &'a Value, name: &str) -> Option<&'a Value> {
    list.as_array()?.iter().find(|p| p["name"].as_str() == Some(name))
}

#[test]
fn builtin_tags_and_addresses_are_in_the_real_lists() {
    let dir = require_data!("builtin_tags_and_addresses_are_in_the_real_lists");
    let mempool: Value =
        serde_json::from_str(&common::read_text(&dir, "pools/mempool-mining-pools/pools-v2.json"))
            .unwrap();
    let bitcoin_data: Value = serde_json::from_str(&common::read_text(
        &dir,
        "pools/bitcoin-data-mining-pools/pool-list.json",
    ))
    .unwrap();
    for pool in PoolMix::mainnet_2024().pools() {
        let entry = find(&mempool, pool.name())
            .unwrap_or_else(|| panic!("{} not in pools-v2", pool.name()));
        let tag = std::str::from_utf8(pool.tag()).unwrap();
        let matched = entry["tags"].as_array().unwrap().iter().any(|re| {
            RegexBuilder::new(re.as_str().unwrap())
                .case_insensitive(true)
                .build()
                .unwrap()
                .is_match(tag)
        });
        assert!(matched, "{}: tag {tag:?} matches none of {}", pool.name(), entry["tags"]);

        let address =
            Address::from_script(pool.payout_script(), Network::Bitcoin).unwrap().to_string();
        let listed = |e: &Value| {
            e["addresses"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(&address)))
        };
        let in_bitcoin_data = find(&bitcoin_data, pool.name()).is_some_and(listed);
        assert!(listed(entry) || in_bitcoin_data, "{}: {address} not listed", pool.name());
    }
}
