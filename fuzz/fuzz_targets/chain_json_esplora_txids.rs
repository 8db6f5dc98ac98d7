//! `chain::json::parse_esplora_txids` on arbitrary text: never panics, never returns an empty
//! list, and each txid round-trips through its display form.
#![no_main]

use libfuzzer_sys::fuzz_target;
use minerscope::chain::json::parse_esplora_txids;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(txids) = parse_esplora_txids(text) {
        assert!(!txids.is_empty());
        for txid in &txids {
            assert_eq!(txid.to_string().parse::<bitcoin::Txid>().ok(), Some(*txid));
        }
    }
});
