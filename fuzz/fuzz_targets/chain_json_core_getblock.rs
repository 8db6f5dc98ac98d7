//! `chain::json::parse_core_getblock` on arbitrary text: never panics, and a parsed block is
//! internally consistent.
#![no_main]

use bitcoin::TxMerkleNode;
use libfuzzer_sys::fuzz_target;
use minerscope::chain::json::parse_core_getblock;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(block) = parse_core_getblock(text) {
        let header = block.header();
        let record = block.record();
        assert_eq!(header.block_hash(), record.hash());
        assert_eq!(header.time, record.time());
        assert_eq!(header.bits, record.bits());
        assert_eq!(Some(header.version.to_consensus()), record.version());
        // getblock lists every txid, coinbase first; their merkle root is the header's.
        assert!(!block.txids().is_empty());
        let root =
            bitcoin::merkle_tree::calculate_root(block.txids().iter().map(|t| t.to_raw_hash()))
                .map(TxMerkleNode::from_raw_hash);
        assert_eq!(root, Some(header.merkle_root));
        if let Some(n) = record.tx_count() {
            assert_eq!(n as usize, block.txids().len());
        }
    }
});
