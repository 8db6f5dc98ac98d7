//! JSON parsers: real Core `getblock` verbosity-2 samples and Esplora bodies (shared data), plus
//! hand-written fixtures for the shapes with no real licensed sample (Core `getblock`
//! verbosity 1, v22+ `scriptPubKey.address`, `getblockheader`, Esplora `/block/:hash` and
//! `/block/:hash/txs`; see PROVENANCE.md §5 "Not found"). The fixtures reuse the real field
//! values of blocks 1 and 50000 from the samples, so their header hashes are genuine.

mod common;

use bitcoin::{Amount, BlockHash, TxMerkleNode, Txid};
use minerscope::chain::ChainError;
use minerscope::chain::json::{
    JsonBlock, btc_to_amount, parse_core_getblock, parse_core_getblockheader, parse_esplora_block,
    parse_esplora_block_hash, parse_esplora_txids,
};
use serde_json::Value;

const ETL: &str = "json/blockchain-etl-bitcoin-etl";
const BITGO: &str = "json/BitGo-BitGoJS";

/// (height, file) of the five real Core `getblock <hash> 2` samples.
const CORE_SAMPLES: [(u32, &str); 5] = [
    (
        0,
        "rpc_response_getblock_000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f_2.json",
    ),
    (
        1,
        "rpc_response_getblock_00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048_2.json",
    ),
    (
        50_000,
        "rpc_response_getblock_000000001aeae195809d120b5d66a39c83eb48792e068f8ea1fea19d84a4278a_2.json",
    ),
    (
        50_001,
        "rpc_response_getblock_000000001c920d495e1eeef2452b6d1c6c229a919b28196c103ecffebabee141_2.json",
    ),
    (
        50_002,
        "rpc_response_getblock_000000002066d7f9b134c30b5005b7bf5fbfa52f279883f1fde793dcdc964266_2.json",
    ),
];

fn merkle_root(txids: &[Txid]) -> Option<TxMerkleNode> {
    bitcoin::merkle_tree::calculate_root(
        txids.iter().map(|t| TxMerkleNode::from_raw_hash(t.to_raw_hash())),
    )
}

fn hash(s: &str) -> BlockHash {
    s.parse().expect("test hash")
}

#[test]
fn core_getblock_v2_real_samples() {
    let dir = require_data!("core_getblock_v2_real_samples");
    for (height, file) in CORE_SAMPLES {
        let text = common::read_text(&dir, &format!("{ETL}/{file}"));
        let block = parse_core_getblock(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let raw: Value = serde_json::from_str(&text).expect("valid json");
        let rec = block.record();
        assert_eq!(rec.height(), height);
        // The header rebuilt from the JSON fields hashes to `hash`.
        assert_eq!(block.header().block_hash().to_string(), raw["hash"].as_str().unwrap());
        assert_eq!(rec.hash(), block.header().block_hash());
        // Merkle root of tx[].txid equals merkleroot.
        assert_eq!(
            merkle_root(block.txids()).map(|r| r.to_string()).as_deref(),
            raw["merkleroot"].as_str()
        );
        assert_eq!(block.txids().len(), raw["tx"].as_array().unwrap().len());
        assert_eq!(rec.tx_count(), raw["nTx"].as_u64().map(|n| n as u32));
        assert_eq!(rec.size(), raw["size"].as_u64().map(|n| n as u32));
        assert_eq!(rec.weight().map(|w| w.to_wu()), raw["weight"].as_u64());
        assert_eq!(rec.time(), raw["time"].as_u64().unwrap() as u32);
        assert_eq!(format!("{:08x}", rec.bits().to_consensus()), raw["bits"].as_str().unwrap());
        // Every coinbase in these blocks claims exactly the 50 BTC subsidy.
        let cb = rec.coinbase().expect("verbosity 2 has a coinbase");
        assert_eq!(cb.total_value(), Some(Amount::from_sat(5_000_000_000)));
        assert_eq!(rec.fees(), Some(Amount::ZERO));
        let cb_hex = raw["tx"][0]["vin"][0]["coinbase"].as_str().unwrap();
        assert_eq!(bitcoin::hex::DisplayHex::to_lower_hex_string(cb.script_sig()), cb_hex);
    }
}

#[test]
fn core_block_50000_coinbase_and_fee() {
    let dir = require_data!("core_block_50000_coinbase_and_fee");
    let (_, file) = CORE_SAMPLES[2];
    let rec = parse_core_getblock(&common::read_text(&dir, &format!("{ETL}/{file}")))
        .expect("parses")
        .into_record();
    let cb = rec.coinbase().expect("coinbase");
    // PROVENANCE §5a: pre-BIP34 coinbase starting with a push of bits.
    assert_eq!(cb.script_sig(), [0x04, 0x15, 0x11, 0x2a, 0x1c, 0x02, 0xc1, 0x00]);
    assert_eq!(cb.outputs().len(), 1);
    assert_eq!(rec.coinbase_value(), Some(rec.subsidy()));
    assert_eq!(rec.subsidy(), Amount::from_sat(5_000_000_000));
    assert_eq!(rec.fees(), Some(Amount::ZERO));
    assert_eq!(
        rec.prev_hash(),
        Some(hash("000000000845517b31c6820d83f25cff46429bf136a7515fe504116427e60f8e"))
    );
}

#[test]
fn core_samples_link_50000_to_50002() {
    let dir = require_data!("core_samples_link_50000_to_50002");
    let recs: Vec<_> = CORE_SAMPLES[2..]
        .iter()
        .map(|(_, f)| {
            parse_core_getblock(&common::read_text(&dir, &format!("{ETL}/{f}")))
                .expect("parses")
                .into_record()
        })
        .collect();
    let series = minerscope::chain::BlockSeries::new(recs).expect("contiguous and linked");
    assert_eq!(series.len(), 3);
}

/// Both value spellings (`50.00000000` in Core's own order, `50.0` in sorted order) parse; and
/// re-serialising a sample (serde_json sorts keys and prints `50.0`) gives the same block.
#[test]
fn key_order_and_value_spelling_do_not_matter() {
    let dir = require_data!("key_order_and_value_spelling_do_not_matter");
    for (_, file) in CORE_SAMPLES {
        let text = common::read_text(&dir, &format!("{ETL}/{file}"));
        let original = parse_core_getblock(&text).expect("parses");
        let value: Value = serde_json::from_str(&text).expect("json");
        let reserialised = serde_json::to_string(&value).expect("serialises");
        assert_ne!(reserialised, text);
        assert_eq!(parse_core_getblock(&reserialised).expect("parses"), original);
    }
    let genesis = common::read_text(&dir, &format!("{ETL}/{}", CORE_SAMPLES[0].1));
    assert!(genesis.contains("\"value\": 50.00000000"));
    let sorted = common::read_text(&dir, &format!("{ETL}/{}", CORE_SAMPLES[2].1));
    assert!(sorted.contains("\"value\": 50.0\n"));
}

/// Verbosity 1 built from the real verbosity-2 sample (tx objects replaced by their txids)
/// parses to the same header and txids, without a coinbase.
#[test]
fn verbosity_1_from_real_sample() {
    let dir = require_data!("verbosity_1_from_real_sample");
    let text = common::read_text(&dir, &format!("{ETL}/{}", CORE_SAMPLES[3].1));
    let v2 = parse_core_getblock(&text).expect("parses");
    let mut value: Value = serde_json::from_str(&text).expect("json");
    let txids: Vec<Value> =
        value["tx"].as_array().unwrap().iter().map(|t| t["txid"].clone()).collect();
    value["tx"] = Value::Array(txids);
    let v1 = parse_core_getblock(&value.to_string()).expect("parses");
    assert_eq!(v1.header(), v2.header());
    assert_eq!(v1.txids(), v2.txids());
    assert_eq!(v1.txids().len(), 3);
    assert!(v1.record().coinbase().is_none());
    assert_eq!(v1.record().fees(), None);
}

#[test]
fn esplora_txids_840000_merkle_root() {
    let dir = require_data!("esplora_txids_840000_merkle_root");
    let text = common::read_text(
        &dir,
        &format!(
            "{BITGO}/_block_0000000000000000000320283a032748cef8227873ff4872689bf23f1cda83a5_txids.0632c09f.json"
        ),
    );
    let txids = parse_esplora_txids(&text).expect("parses");
    assert_eq!(txids.len(), 3050);
    let mut unique = txids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 3050);
    // Block 840000's published merkle root (public fact, PROVENANCE §5b).
    assert_eq!(
        merkle_root(&txids).expect("non-empty").to_string(),
        "031b417c3a1828ddf3d6527fc210daafcc9218e81f98257f88d4d43bd7a5894f"
    );
}

#[test]
fn esplora_genesis_txids_and_height_bodies() {
    let dir = require_data!("esplora_genesis_txids_and_height_bodies");
    let genesis = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
    let txids = parse_esplora_txids(&common::read_text(
        &dir,
        &format!("{BITGO}/_block_{genesis}_txids.5fe34534.json"),
    ))
    .expect("parses");
    assert_eq!(
        txids.iter().map(Txid::to_string).collect::<Vec<_>>(),
        ["4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"]
    );
    let files: Vec<_> = std::fs::read_dir(dir.join(BITGO))
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("_block_height_"))
        .collect();
    assert_eq!(files.len(), 5);
    for f in files {
        let h = parse_esplora_block_hash(&common::read_text(&dir, &format!("{BITGO}/{f}")))
            .unwrap_or_else(|e| panic!("{f}: {e}"));
        if f.starts_with("_block_height_0.") {
            assert_eq!(h, hash(genesis));
        }
        // Every block hash at these heights has at least 32 leading zero bits.
        assert!(h.to_string().starts_with("00000000"), "{f}: {h}");
    }
}

// ---------------------------------------------------------------------------------------------
// Hand-written fixtures (no real samples exist in the shared data; see the module doc).

/// Block 1 in Core v22+ verbosity-2 shape (`address`, `desc`, no `addresses`/`reqSigs`),
/// wrapped in a JSON-RPC envelope. Field values from the real block-1 sample.
const CORE_V22_BLOCK_1: &str = r#"{"result": {
  "hash": "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048",
  "confirmations": 800000, "height": 1, "version": 1, "versionHex": "00000001",
  "merkleroot": "0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098",
  "time": 1231469665, "mediantime": 1231469665, "nonce": 2573394689, "bits": "1d00ffff",
  "difficulty": 1, "chainwork": "0000000000000000000000000000000000000000000000000000000200020002",
  "nTx": 1, "previousblockhash": "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
  "strippedsize": 215, "size": 215, "weight": 860,
  "tx": [{
    "txid": "0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098",
    "hash": "0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098",
    "version": 1, "size": 134, "vsize": 134, "weight": 536, "locktime": 0,
    "vin": [{"coinbase": "04ffff001d0104", "sequence": 4294967295}],
    "vout": [{"value": 50.00000000, "n": 0, "scriptPubKey": {
      "asm": "...", "desc": "pk(0496b5...)#...", "type": "pubkey",
      "hex": "410496b538e853519c726a2c91e61ec11600ae1390813a627c66fb8be7947be63c52da7589379515d4e0a604f8141781e62294721166bf621e73a82cbf2342c858eeac",
      "address": "12c6DSiU4Rq3P4ZxziKxzrL5LmMBrzjrJX"}}]
  }]
}, "error": null, "id": "minerscope"}"#;

#[test]
fn core_v22_shape_in_envelope() {
    let block = parse_core_getblock(CORE_V22_BLOCK_1).expect("parses");
    let rec = block.record();
    assert_eq!(rec.height(), 1);
    assert_eq!(
        rec.hash(),
        hash("00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048")
    );
    let cb = rec.coinbase().expect("coinbase");
    assert_eq!(cb.script_sig(), [0x04, 0xff, 0xff, 0x00, 0x1d, 0x01, 0x04]);
    assert_eq!(cb.outputs()[0].script_pubkey().len(), 67);
    assert_eq!(rec.fees(), Some(Amount::ZERO));
    assert_eq!(rec.weight().map(|w| w.to_wu()), Some(860));
}

/// Block 50000, Core `getblock <hash> 1` (fields from the real verbosity-2 sample).
const CORE_V1_BLOCK_50000: &str = r#"{
  "hash": "000000001aeae195809d120b5d66a39c83eb48792e068f8ea1fea19d84a4278a",
  "confirmations": 501930, "size": 216, "strippedsize": 216, "weight": 864, "height": 50000,
  "version": 1, "versionHex": "00000001",
  "merkleroot": "27f1d66f8a1ee5280f4e92508dcb647e954d53004905d08a75574daee4988360",
  "tx": ["27f1d66f8a1ee5280f4e92508dcb647e954d53004905d08a75574daee4988360"],
  "time": 1270916538, "mediantime": 1270915355, "nonce": 58489010, "bits": "1c2a1115",
  "difficulty": 6.085476906000794,
  "chainwork": "00000000000000000000000000000000000000000000000000014a426593e15b", "nTx": 1,
  "previousblockhash": "000000000845517b31c6820d83f25cff46429bf136a7515fe504116427e60f8e",
  "nextblockhash": "000000001c920d495e1eeef2452b6d1c6c229a919b28196c103ecffebabee141"
}"#;

/// Block 50000, Core verbose `getblockheader` (same values, no `tx`/`size`/`weight`).
const CORE_HEADER_BLOCK_50000: &str = r#"{
  "hash": "000000001aeae195809d120b5d66a39c83eb48792e068f8ea1fea19d84a4278a",
  "confirmations": 501930, "height": 50000, "version": 1, "versionHex": "00000001",
  "merkleroot": "27f1d66f8a1ee5280f4e92508dcb647e954d53004905d08a75574daee4988360",
  "time": 1270916538, "mediantime": 1270915355, "nonce": 58489010, "bits": "1c2a1115",
  "difficulty": 6.085476906000794,
  "chainwork": "00000000000000000000000000000000000000000000000000014a426593e15b", "nTx": 1,
  "previousblockhash": "000000000845517b31c6820d83f25cff46429bf136a7515fe504116427e60f8e",
  "nextblockhash": "000000001c920d495e1eeef2452b6d1c6c229a919b28196c103ecffebabee141"
}"#;

/// Block 50000, Esplora `/block/:hash` (bits 0x1c2a1115 = 472518933 as an integer).
const ESPLORA_BLOCK_50000: &str = r#"{
  "id": "000000001aeae195809d120b5d66a39c83eb48792e068f8ea1fea19d84a4278a", "height": 50000,
  "version": 1, "timestamp": 1270916538, "tx_count": 1, "size": 216, "weight": 864,
  "merkle_root": "27f1d66f8a1ee5280f4e92508dcb647e954d53004905d08a75574daee4988360",
  "previousblockhash": "000000000845517b31c6820d83f25cff46429bf136a7515fe504116427e60f8e",
  "mediantime": 1270915355, "nonce": 58489010, "bits": 472518933, "difficulty": 6.085476906000794
}"#;

/// Block 50000's coinbase as the first element of Esplora `/block/:hash/txs`.
const ESPLORA_TXS_50000: &str = r#"[{
  "txid": "27f1d66f8a1ee5280f4e92508dcb647e954d53004905d08a75574daee4988360",
  "version": 1, "locktime": 0, "size": 135, "weight": 540, "fee": 0,
  "vin": [{"txid": "0000000000000000000000000000000000000000000000000000000000000000",
           "vout": 4294967295, "prevout": null, "scriptsig": "0415112a1c02c100",
           "scriptsig_asm": "OP_PUSHBYTES_4 15112a1c OP_PUSHBYTES_2 c100",
           "is_coinbase": true, "sequence": 4294967295}],
  "vout": [{"scriptpubkey": "4104a9d6840fdd1497b3067b8066db783acf90bf42071a38fe2cf6d2d8a04835d0b5c45716d8d6012ab5d56c7824c39718f7bc7486d389cd0047f53785f9a63c0c9dac",
            "scriptpubkey_asm": "...", "scriptpubkey_type": "p2pk", "value": 5000000000}],
  "status": {"confirmed": true, "block_height": 50000,
             "block_hash": "000000001aeae195809d120b5d66a39c83eb48792e068f8ea1fea19d84a4278a",
             "block_time": 1270916538}
}]"#;

fn same_header_facts(a: &JsonBlock, b: &JsonBlock) {
    assert_eq!(a.header(), b.header());
    let (ra, rb) = (a.record(), b.record());
    assert_eq!(
        (ra.height(), ra.hash(), ra.time(), ra.bits()),
        (rb.height(), rb.hash(), rb.time(), rb.bits())
    );
    assert_eq!(
        (ra.version(), ra.prev_hash(), ra.tx_count()),
        (rb.version(), rb.prev_hash(), rb.tx_count())
    );
}

#[test]
fn fixtures_of_block_50000_agree() {
    let v1 = parse_core_getblock(CORE_V1_BLOCK_50000).expect("v1");
    let header = parse_core_getblockheader(CORE_HEADER_BLOCK_50000).expect("header");
    let esplora =
        parse_esplora_block(ESPLORA_BLOCK_50000, Some(ESPLORA_TXS_50000)).expect("esplora");
    same_header_facts(&v1, &header);
    same_header_facts(&v1, &esplora);
    assert_eq!(v1.txids().len(), 1);
    assert!(header.txids().is_empty() && esplora.txids().is_empty());
    let rec = esplora.record();
    assert_eq!(
        rec.coinbase().map(|c| c.script_sig().to_vec()),
        Some(vec![0x04, 0x15, 0x11, 0x2a, 0x1c, 0x02, 0xc1, 0x00])
    );
    assert_eq!(rec.fees(), Some(Amount::ZERO));
    assert_eq!(rec.size(), Some(216));
    // A single tx object (not the page) is accepted too.
    let page: Value = serde_json::from_str(ESPLORA_TXS_50000).expect("json");
    let single =
        parse_esplora_block(ESPLORA_BLOCK_50000, Some(&page[0].to_string())).expect("single");
    assert_eq!(single, esplora);
    // Without the txs page there is no coinbase.
    assert!(
        parse_esplora_block(ESPLORA_BLOCK_50000, None).expect("bare").record().coinbase().is_none()
    );
}

/// When the real sample of block 50000 is available, the fixtures agree with it.
#[test]
fn fixtures_match_real_sample() {
    let dir = require_data!("fixtures_match_real_sample");
    let real =
        parse_core_getblock(&common::read_text(&dir, &format!("{ETL}/{}", CORE_SAMPLES[2].1)))
            .expect("parses");
    let esplora =
        parse_esplora_block(ESPLORA_BLOCK_50000, Some(ESPLORA_TXS_50000)).expect("esplora");
    same_header_facts(&real, &esplora);
    assert_eq!(real.record().coinbase(), esplora.record().coinbase());
}

// ---------------------------------------------------------------------------------------------
// Errors.

fn edit(json: &str, f: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(json).expect("fixture");
    f(&mut v);
    v.to_string()
}

fn missing(r: Result<JsonBlock, ChainError>) -> String {
    match r {
        Err(ChainError::MissingField { field }) => field,
        other => panic!("expected MissingField, got {other:?}"),
    }
}

fn invalid(r: Result<JsonBlock, ChainError>) -> (String, String) {
    match r {
        Err(ChainError::InvalidField { field, reason }) => (field, reason),
        other => panic!("expected InvalidField, got {other:?}"),
    }
}

#[test]
fn malformed_json_reports_line_and_column() {
    let text = "{\n  \"hash\": \"00\",\n  \"height\": 5,,\n}";
    match parse_core_getblock(text) {
        Err(ChainError::Json { line, column, message }) => {
            assert_eq!((line, column), (3, 15));
            assert!(!message.contains("line"), "{message}");
        }
        other => panic!("expected Json error, got {other:?}"),
    }
    assert!(matches!(parse_esplora_txids("[\"ab\""), Err(ChainError::Json { line: 1, .. })));
    assert!(matches!(parse_esplora_block("", None), Err(ChainError::Json { .. })));
}

#[test]
fn missing_fields_name_the_full_path() {
    let no_cb = edit(CORE_V22_BLOCK_1, |v| {
        v["result"]["tx"][0]["vin"][0].as_object_mut().unwrap().remove("coinbase");
    });
    assert_eq!(missing(parse_core_getblock(&no_cb)), "result.tx[0].vin[0].coinbase");
    let bare = edit(CORE_V22_BLOCK_1, |v| *v = v["result"].clone());
    let no_cb = edit(&bare, |v| {
        v["tx"][0]["vin"][0].as_object_mut().unwrap().remove("coinbase");
    });
    assert_eq!(missing(parse_core_getblock(&no_cb)), "tx[0].vin[0].coinbase");
    let no_vin = edit(&bare, |v| v["tx"][0]["vin"] = Value::Array(vec![]));
    assert_eq!(missing(parse_core_getblock(&no_vin)), "tx[0].vin[0]");
    let no_spk = edit(&bare, |v| {
        v["tx"][0]["vout"][0]["scriptPubKey"].as_object_mut().unwrap().remove("hex");
    });
    assert_eq!(missing(parse_core_getblock(&no_spk)), "tx[0].vout[0].scriptPubKey.hex");
    let no_bits = edit(CORE_HEADER_BLOCK_50000, |v| {
        v.as_object_mut().unwrap().remove("bits");
    });
    assert_eq!(missing(parse_core_getblockheader(&no_bits)), "bits");
    let no_prev = edit(CORE_HEADER_BLOCK_50000, |v| {
        v.as_object_mut().unwrap().remove("previousblockhash");
    });
    assert_eq!(missing(parse_core_getblockheader(&no_prev)), "previousblockhash");
    let null_time = edit(ESPLORA_BLOCK_50000, |v| v["timestamp"] = Value::Null);
    assert_eq!(missing(parse_esplora_block(&null_time, None)), "timestamp");
    let no_sig = edit(ESPLORA_TXS_50000, |v| {
        v[0]["vin"][0].as_object_mut().unwrap().remove("scriptsig");
    });
    assert_eq!(
        missing(parse_esplora_block(ESPLORA_BLOCK_50000, Some(&no_sig))),
        "[0].vin[0].scriptsig"
    );
    let no_result = r#"{"result": null, "error": null, "id": 1}"#;
    assert_eq!(missing(parse_core_getblock(no_result)), "result");
}

#[test]
fn bad_values_are_invalid_fields() {
    let cases: [(&str, Value, &str); 6] = [
        ("bits", Value::from("1c2a11g5"), "hex digits"),
        ("height", Value::from(-1), "negative"),
        ("hash", Value::from("1aeae195809d120b5d66a39c83eb48792e068f8ea1fea19d84a4278a"), "64 hex"),
        // The height is not part of the header; a changed nonce is caught by the hash check.
        ("nonce", Value::from(58_489_011), "not the hash"),
        ("time", Value::from(4_294_967_296u64), "exceeds"),
        (
            "merkleroot",
            Value::from("ee3a2d2b895cafacff526d06a55b55e049cf84a9735e4a63f7fd08f96d0f4649"),
            "not the hash",
        ),
    ];
    for (key, value, needle) in cases {
        let text = edit(CORE_HEADER_BLOCK_50000, |v| v[key] = value.clone());
        let (field, reason) = invalid(parse_core_getblockheader(&text));
        let expect_field = if needle == "not the hash" { "hash" } else { key };
        assert_eq!(field, expect_field, "{key}: {reason}");
        assert!(reason.contains(needle), "{key}: {reason}");
    }
    // Merkle root of the listed txids must match.
    let extra_tx = edit(CORE_V1_BLOCK_50000, |v| {
        v["tx"]
            .as_array_mut()
            .unwrap()
            .push(Value::from("e1882d41800d96d0fddc196cd8d3f0b45d65b030c652d97eaba79a1174e64d58"));
        v["nTx"] = Value::from(2);
    });
    assert_eq!(invalid(parse_core_getblock(&extra_tx)).0, "merkleroot");
    let wrong_ntx = edit(CORE_V1_BLOCK_50000, |v| v["nTx"] = Value::from(2));
    assert_eq!(invalid(parse_core_getblock(&wrong_ntx)).0, "nTx");
    let wrong_type = edit(CORE_V1_BLOCK_50000, |v| v["tx"] = Value::from(7));
    assert_eq!(invalid(parse_core_getblock(&wrong_type)).0, "tx");
    assert!(matches!(
        parse_core_getblock(&edit(CORE_V1_BLOCK_50000, |v| v["tx"] = Value::Array(vec![]))),
        Err(ChainError::NoTransactions)
    ));
    // Amounts: negative, above 21M, sub-satoshi.
    let bare = edit(CORE_V22_BLOCK_1, |v| *v = v["result"].clone());
    for bad in ["-50.0", "21000000.00000001", "0.000000011", "1e300"] {
        let text =
            edit(&bare, |v| v["tx"][0]["vout"][0]["value"] = serde_json::from_str(bad).unwrap());
        let (field, reason) = invalid(parse_core_getblock(&text));
        assert_eq!(field, "tx[0].vout[0].value", "{bad}: {reason}");
    }
    // Coinbase outputs summing beyond 21M BTC.
    let two = edit(&bare, |v| {
        let out = v["tx"][0]["vout"][0].clone();
        v["tx"][0]["vout"] = Value::Array(vec![out.clone(), out]);
        v["tx"][0]["vout"][0]["value"] = Value::from(21_000_000);
    });
    assert_eq!(invalid(parse_core_getblock(&two)).0, "tx[0].vout");
    // Esplora: not a coinbase, wrong block, bits as a string, negative sat value.
    let not_cb = edit(ESPLORA_TXS_50000, |v| v[0]["vin"][0]["is_coinbase"] = Value::Bool(false));
    assert!(matches!(
        parse_esplora_block(ESPLORA_BLOCK_50000, Some(&not_cb)),
        Err(ChainError::NotCoinbase)
    ));
    let other_block = edit(ESPLORA_TXS_50000, |v| {
        v[0]["status"]["block_hash"] =
            Value::from("000000001c920d495e1eeef2452b6d1c6c229a919b28196c103ecffebabee141")
    });
    assert_eq!(
        invalid(parse_esplora_block(ESPLORA_BLOCK_50000, Some(&other_block))).0,
        "[0].status.block_hash"
    );
    let str_bits = edit(ESPLORA_BLOCK_50000, |v| v["bits"] = Value::from("1c2a1115"));
    assert_eq!(invalid(parse_esplora_block(&str_bits, None)).0, "bits");
    let neg = edit(ESPLORA_TXS_50000, |v| v[0]["vout"][0]["value"] = Value::from(-1));
    assert_eq!(
        invalid(parse_esplora_block(ESPLORA_BLOCK_50000, Some(&neg))).0,
        "[0].vout[0].value"
    );
    assert!(matches!(
        parse_esplora_block(ESPLORA_BLOCK_50000, Some("[]")),
        Err(ChainError::NoTransactions)
    ));
    // RPC error in the envelope.
    let rpc_err =
        r#"{"result": null, "error": {"code": -5, "message": "Block not found"}, "id": 1}"#;
    let (field, reason) = invalid(parse_core_getblock(rpc_err));
    assert_eq!(field, "error");
    assert!(reason.contains("Block not found"));
    // Invalid bits (zero target) are rejected by the record itself.
    let zero_bits = edit(CORE_HEADER_BLOCK_50000, |v| v["bits"] = Value::from("00000000"));
    assert!(matches!(
        parse_core_getblockheader(&zero_bits),
        Err(ChainError::InvalidField { .. } | ChainError::InvalidBits { .. })
    ));
    // Esplora block-hash bodies.
    assert!(matches!(parse_esplora_block_hash("\"abc\""), Err(ChainError::InvalidField { .. })));
    assert!(matches!(parse_esplora_block_hash("\"abc"), Err(ChainError::Json { .. })));
}

// ---------------------------------------------------------------------------------------------
// Amount exactness over the whole money range.

fn amount_of(text: &str) -> Result<Amount, ChainError> {
    let n: serde_json::Number = serde_json::from_str(text).expect("number text");
    btc_to_amount(&n, "value")
}

fn btc_text(sat: u64) -> String {
    format!("{}.{:08}", sat / 100_000_000, sat % 100_000_000)
}

/// A deterministic 64-bit generator (SplitMix64) so the sweep is reproducible without a seed
/// parameter.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d1_049b_b133_111b);
    z ^ (z >> 31)
}

/// Exactness argument (see `btc_to_amount`): every k ≤ 2.1e15 < 2^53 is exact in f64, the
/// f64 spacing below 2^25 is ≤ 2^-28 BTC < 1 sat, and serde_json divides the exact significand
/// by 10^8 once. The test exercises this at the ends of the range, at every power-of-two
/// boundary of the f64 exponent (where spacing changes), and at 10^6 pseudo-random satoshi
/// counts, in three spellings each (8 decimals, trimmed zeros, and the shortest f64 text).
#[test]
fn btc_amounts_are_exact_over_the_money_range() {
    let max = Amount::MAX_MONEY.to_sat();
    let mut sats: Vec<u64> = vec![0, 1, 546, 99_999_999, 100_000_000, 5_000_000_000, max - 1, max];
    for e in 0..52 {
        let p = 1u64 << e;
        for s in [p.saturating_sub(1), p, p + 1] {
            if s <= max {
                sats.push(s);
            }
        }
    }
    let mut state = 0x5eed_u64;
    sats.extend((0..1_000_000).map(|_| splitmix(&mut state) % (max + 1)));
    for sat in sats {
        let text = btc_text(sat);
        assert_eq!(amount_of(&text).map(Amount::to_sat), Ok(sat), "{text}");
        let trimmed = text.trim_end_matches('0').trim_end_matches('.');
        assert_eq!(amount_of(trimmed).map(Amount::to_sat), Ok(sat), "{trimmed}");
        let shortest = format!("{:?}", sat as f64 / 1e8);
        assert_eq!(amount_of(&shortest).map(Amount::to_sat), Ok(sat), "{shortest}");
    }
    assert!(amount_of("21000000.00000001").is_err());
    assert!(amount_of("21000001").is_err());
    assert!(amount_of("-0.00000001").is_err());
    assert!(amount_of("-1").is_err());
    assert!(amount_of("0.000000005").is_err());
    assert_eq!(amount_of("5e1").map(Amount::to_sat), Ok(5_000_000_000));
    assert_eq!(amount_of("21000000").map(Amount::to_sat), Ok(max));
}

/// The real samples carry `tx[].hex`: the parser cross-checks the coinbase fields against it.
#[test]
fn coinbase_fields_must_agree_with_raw_hex() {
    let dir = require_data!("coinbase_fields_must_agree_with_raw_hex");
    let text = common::read_text(&dir, &format!("{ETL}/{}", CORE_SAMPLES[1].1));
    type Edit = fn(&mut Value);
    let cases: [(&str, Edit); 3] = [
        ("tx[0].hex", |v| v["tx"][0]["vout"][0]["value"] = Value::from(49)),
        ("tx[0].hex", |v| v["tx"][0]["vin"][0]["coinbase"] = Value::from("04ffff001d0105")),
        ("tx[0].hex", |v| {
            v["tx"][0]["hex"] = Value::from("00");
        }),
    ];
    for (field, f) in cases {
        let (got, reason) = invalid(parse_core_getblock(&edit(&text, f)));
        assert_eq!(got, field, "{reason}");
    }
    // Without `hex` the same edit is accepted (nothing to cross-check against).
    let no_hex = edit(&text, |v| {
        v["tx"][0].as_object_mut().unwrap().remove("hex");
        v["tx"][0]["vout"][0]["value"] = Value::from(49);
    });
    let rec = parse_core_getblock(&no_hex).expect("parses").into_record();
    assert_eq!(rec.coinbase_value(), Some(Amount::from_sat(4_900_000_000)));
    assert_eq!(rec.fees(), Some(Amount::ZERO)); // claimed less than the subsidy
}
