//! `chain::decode`: exact-length decoding, typed errors, and record building.

mod common;

use bitcoin::hex::FromHex;
use minerscope::chain::{
    ChainError, HEADER_SIZE, decode_block, decode_block_record, decode_header, decode_headers,
    decode_transaction,
};

const GENESIS_HEADER: &str = "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c";
const GENESIS_TX: &str = "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000";

fn genesis() -> Vec<u8> {
    let mut b = Vec::<u8>::from_hex(GENESIS_HEADER).expect("hex");
    b.push(1);
    b.extend(Vec::<u8>::from_hex(GENESIS_TX).expect("hex"));
    b
}

fn decode_reason<T: std::fmt::Debug>(r: Result<T, ChainError>) -> String {
    match r {
        Err(ChainError::Decode { reason }) => reason,
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[test]
fn genesis_round_trip() {
    let bytes = genesis();
    let block = decode_block(&bytes).expect("genesis");
    assert!(block.check_merkle_root());
    let tx = decode_transaction(&Vec::<u8>::from_hex(GENESIS_TX).expect("hex")).expect("tx");
    assert_eq!(
        tx.compute_txid().to_string(),
        "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
    );
    let header = decode_header(&bytes[..HEADER_SIZE]).expect("header");
    assert_eq!(header, block.header);
    let rec = decode_block_record(&bytes, Some(0)).expect("record");
    assert_eq!(rec.size(), Some(285));
    assert_eq!(rec.weight().map(|w| w.to_wu()), Some(1140));
    assert_eq!(rec.tx_count(), Some(1));
    // Genesis predates BIP34: no height in the coinbase.
    assert!(matches!(
        decode_block_record(&bytes, None),
        Err(ChainError::MissingBip34Height { .. })
    ));
}

#[test]
fn lengths_must_be_exact() {
    let mut bytes = genesis();
    bytes.push(0);
    assert!(decode_reason(decode_block(&bytes)).contains("286 bytes"));
    assert!(decode_reason(decode_block(&bytes[..200])).contains("200 bytes"));
    assert!(decode_reason(decode_block(&[])).contains("0 bytes"));
    assert!(decode_reason(decode_header(&bytes[..79])).contains("got 79"));
    assert!(decode_reason(decode_header(&bytes[..81])).contains("got 81"));
    assert!(decode_reason(decode_headers(&bytes[..161])).contains("1 stray"));
    assert_eq!(decode_headers(&bytes[..160]).expect("two records").len(), 2);
    assert!(matches!(decode_transaction(&bytes[81..100]), Err(ChainError::Decode { .. })));
}

#[test]
fn real_block_830000_record_and_height_checks() {
    let dir = require_data!("real_block_830000_record_and_height_checks");
    let mut bytes = common::read_bytes(&dir, "blocks/ckb-bitcoin-spv-testdata/0830000.bin");
    let rec = decode_block_record(&bytes, None).expect("BIP34 height");
    assert_eq!(rec.height(), 830_000);
    assert_eq!(decode_block_record(&bytes, Some(830_000)).expect("agrees"), rec);
    assert!(matches!(
        decode_block_record(&bytes, Some(830_001)),
        Err(ChainError::HeightMismatch { given: 830_001, bip34: 830_000 })
    ));
    // Segwit block: weight < 4 × size.
    let weight = rec.weight().expect("weight").to_wu();
    assert!(weight < 4 * u64::from(rec.size().expect("size")));
    bytes.push(0);
    assert!(matches!(decode_block(&bytes), Err(ChainError::Decode { .. })));
}
