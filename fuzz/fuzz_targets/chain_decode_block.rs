//! `chain::decode_block` on arbitrary bytes: never panics, and a decoded block re-encodes to a
//! byte string that decodes to the same block.
#![no_main]

use libfuzzer_sys::fuzz_target;
use minerscope::chain::decode_block;

fuzz_target!(|data: &[u8]| {
    if let Ok(block) = decode_block(data) {
        let bytes = bitcoin::consensus::serialize(&block);
        assert_eq!(decode_block(&bytes).ok().as_ref(), Some(&block));
        assert_eq!(block.block_hash(), block.header.block_hash());
    }
});
