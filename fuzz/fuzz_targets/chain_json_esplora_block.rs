//! `chain::json::parse_esplora_block` on arbitrary text: the input is split at the first NUL
//! byte into the `/block/:hash` body and an optional `/block/:hash/txs` body. Never panics;
//! a parsed block hashes to its record's hash, and a coinbase, when present, is consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use minerscope::chain::json::parse_esplora_block;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (block_json, txs_json) = match text.split_once('\0') {
        Some((b, t)) => (b, Some(t)),
        None => (text, None),
    };
    if let Ok(block) = parse_esplora_block(block_json, txs_json) {
        let record = block.record();
        assert_eq!(block.header().block_hash(), record.hash());
        assert_eq!(block.header().time, record.time());
        if txs_json.is_none() {
            assert!(record.coinbase().is_none());
        }
        if let Some(cb) = record.coinbase() {
            // The total of the outputs is within the money range (or reported as None).
            if let Some(total) = cb.total_value() {
                assert!(total <= bitcoin::Amount::MAX_MONEY);
            }
        }
    }
});
