//! `chain::decode_transaction` on arbitrary bytes: never panics, and a decoded transaction
//! re-encodes to bytes that decode to the same transaction with the same txid.
#![no_main]

use libfuzzer_sys::fuzz_target;
use minerscope::chain::decode_transaction;

fuzz_target!(|data: &[u8]| {
    if let Ok(tx) = decode_transaction(data) {
        let bytes = bitcoin::consensus::serialize(&tx);
        let again = decode_transaction(&bytes).expect("re-encoded transaction decodes");
        assert_eq!(again.compute_txid(), tx.compute_txid());
    }
});
