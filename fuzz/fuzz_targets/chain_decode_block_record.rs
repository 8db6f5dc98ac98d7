//! `chain::decode_block_record` on arbitrary bytes, with the height taken from the first byte
//! (`0`: from BIP34, else the next four bytes): never panics, and a record matches its block.
#![no_main]

use libfuzzer_sys::fuzz_target;
use minerscope::chain::{decode_block, decode_block_record};

fuzz_target!(|data: &[u8]| {
    let (height, bytes) = match data.split_first() {
        Some((0, rest)) => (None, rest),
        Some((_, rest)) if rest.len() >= 4 => {
            let (h, rest) = rest.split_at(4);
            (Some(u32::from_le_bytes([h[0], h[1], h[2], h[3]])), rest)
        }
        _ => return,
    };
    if let Ok(record) = decode_block_record(bytes, height) {
        let block = decode_block(bytes).expect("a record's bytes decode as a block");
        assert_eq!(record.hash(), block.block_hash());
        assert_eq!(record.time(), block.header.time);
        assert_eq!(record.tx_count(), u32::try_from(block.txdata.len()).ok());
        if let Some(h) = height {
            assert_eq!(record.height(), h);
        }
        assert!(record.coinbase().is_some());
    }
});
