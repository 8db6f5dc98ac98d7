//! `chain::json::parse_core_getblockheader` on arbitrary text: never panics, and a parsed
//! header hashes to its record's hash.
#![no_main]

use libfuzzer_sys::fuzz_target;
use minerscope::chain::json::parse_core_getblockheader;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(block) = parse_core_getblockheader(text) {
        assert_eq!(block.header().block_hash(), block.record().hash());
        assert_eq!(block.header().bits, block.record().bits());
        assert!(block.txids().is_empty());
        assert!(block.record().coinbase().is_none());
    }
});
