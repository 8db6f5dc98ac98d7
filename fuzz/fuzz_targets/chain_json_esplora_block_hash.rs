//! `chain::json::parse_esplora_block_hash` on arbitrary text: never panics, and an accepted
//! hash round-trips through both accepted forms (plain and JSON string).
#![no_main]

use libfuzzer_sys::fuzz_target;
use minerscope::chain::json::parse_esplora_block_hash;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(hash) = parse_esplora_block_hash(text) {
        let plain = hash.to_string();
        assert_eq!(parse_esplora_block_hash(&plain).ok(), Some(hash));
        assert_eq!(parse_esplora_block_hash(&format!("\"{plain}\"")).ok(), Some(hash));
    }
});
