//! Property tests: no parser or constructor in `chain` panics on arbitrary input, and the
//! invariants of the consensus functions and of `WorkTime` hold. Case counts are moderate so
//! the file runs in a few seconds.

use bitcoin::hashes::Hash;
use bitcoin::hex::FromHex;
use bitcoin::{BlockHash, CompactTarget, Target};
use minerscope::chain::consensus::{
    HALVING_INTERVAL, MAX_TIMESPAN_SECS, MIN_TIMESPAN_SECS, block_subsidy, clamp_timespan,
    median_time_past, next_bits, target_from_bits,
};
use minerscope::chain::json::{
    JsonBlock, btc_to_amount, parse_core_getblock, parse_core_getblockheader, parse_esplora_block,
    parse_esplora_block_hash, parse_esplora_txids,
};
use minerscope::chain::{
    BlockRecord, BlockSeries, ChainError, WorkTime, decode_block, decode_block_record,
    decode_header, decode_headers, decode_transaction,
};
use proptest::prelude::*;
use serde_json::Value;

/// The genesis block: its header and its coinbase transaction (public constants).
const GENESIS_HEADER: &str = "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c";
const GENESIS_TX: &str = "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000";

fn genesis_block_bytes() -> Vec<u8> {
    let mut b = Vec::<u8>::from_hex(GENESIS_HEADER).expect("hex");
    b.push(1);
    b.extend(Vec::<u8>::from_hex(GENESIS_TX).expect("hex"));
    b
}

/// Core `getblock 2` of block 1 (v22+ shape) and the Esplora shapes of block 50 000.
const CORE_BLOCK_1: &str = r#"{"hash":"00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048","height":1,"version":1,"merkleroot":"0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098","time":1231469665,"nonce":2573394689,"bits":"1d00ffff","nTx":1,"size":215,"weight":860,"previousblockhash":"000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f","tx":[{"txid":"0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098","vin":[{"coinbase":"04ffff001d0104","sequence":4294967295}],"vout":[{"value":50.00000000,"n":0,"scriptPubKey":{"hex":"51","address":"x"}}]}]}"#;
const ESPLORA_BLOCK_50000: &str = r#"{"id":"000000001aeae195809d120b5d66a39c83eb48792e068f8ea1fea19d84a4278a","height":50000,"version":1,"timestamp":1270916538,"tx_count":1,"size":216,"weight":864,"merkle_root":"27f1d66f8a1ee5280f4e92508dcb647e954d53004905d08a75574daee4988360","previousblockhash":"000000000845517b31c6820d83f25cff46429bf136a7515fe504116427e60f8e","nonce":58489010,"bits":472518933}"#;
const ESPLORA_TXS_50000: &str = r#"[{"txid":"27f1d66f8a1ee5280f4e92508dcb647e954d53004905d08a75574daee4988360","vin":[{"is_coinbase":true,"scriptsig":"0415112a1c02c100"}],"vout":[{"scriptpubkey":"51","value":5000000000}],"status":{"block_hash":"000000001aeae195809d120b5d66a39c83eb48792e068f8ea1fea19d84a4278a"}}]"#;

/// Whatever a JSON parser returns, an `Ok` block is self-consistent.
fn check_json_result(r: &Result<JsonBlock, ChainError>) {
    if let Ok(b) = r {
        assert_eq!(b.header().block_hash(), b.record().hash());
    }
}

fn all_json_parsers(text: &str) {
    check_json_result(&parse_core_getblock(text));
    check_json_result(&parse_core_getblockheader(text));
    check_json_result(&parse_esplora_block(text, None));
    check_json_result(&parse_esplora_block(ESPLORA_BLOCK_50000, Some(text)));
    let _ = parse_esplora_txids(text);
    let _ = parse_esplora_block_hash(text);
}

/// A random JSON value, small.
fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        "[0-9a-fA-Fg-z]{0,70}".prop_map(Value::from),
        Just(Value::Array(vec![])),
        Just(Value::Object(Default::default())),
    ]
}

/// Replaces or deletes the node reached by following `path` (indices into the children).
fn mutate(v: &mut Value, path: &[usize], replacement: Option<Value>) {
    let Some((&first, rest)) = path.split_first() else {
        if let Some(r) = replacement {
            *v = r;
        }
        return;
    };
    match v {
        Value::Object(map) if !map.is_empty() => {
            let key = map.keys().nth(first % map.len()).cloned().expect("non-empty");
            if rest.is_empty() && replacement.is_none() {
                map.remove(&key);
            } else if let Some(child) = map.get_mut(&key) {
                mutate(child, rest, replacement);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let i = first % items.len();
            if rest.is_empty() && replacement.is_none() {
                items.remove(i);
            } else if let Some(child) = items.get_mut(i) {
                mutate(child, rest, replacement);
            }
        }
        _ => {
            if let Some(r) = replacement {
                *v = r;
            }
        }
    }
}

fn valid_bits() -> impl Strategy<Value = CompactTarget> {
    // Normalised mantissa, exponent 8..=0x1d, target at most the proof-of-work limit.
    (8u32..=0x1d, 0x008000u32..=0x7fffff)
        .prop_map(|(e, m)| CompactTarget::from_consensus((e << 24) | m))
        .prop_filter("at most the pow limit", |b| {
            Target::from_compact(*b) <= Target::MAX_ATTAINABLE_MAINNET
        })
}

fn target_f64(t: Target) -> f64 {
    t.to_be_bytes().iter().fold(0.0, |acc, b| acc * 256.0 + f64::from(*b))
}

/// Relative tolerance for O(1) window sums against a naive loop, relative to the sum of
/// |u_i| over the whole series: both are compensated/short sums of ≤ 200 terms, so their
/// difference is a few ulps of that magnitude (2.2e-16 each).
const WINDOW_SUM_REL_TOL: f64 = 1e-12;

/// Compact-encoding truncation can lower a target by at most one part in 2^15 (the mantissa
/// keeps at least 16 significant bits), so ÷4 clamping can land slightly below old/4.
const COMPACT_TRUNCATION: f64 = 1.0 / 32_768.0;

fn hash_for(i: usize) -> BlockHash {
    let mut b = [0u8; 32];
    b[..8].copy_from_slice(&(i as u64 + 1).to_le_bytes());
    BlockHash::from_byte_array(b)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn decoders_never_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = decode_block(&bytes);
        let _ = decode_transaction(&bytes);
        let _ = decode_block_record(&bytes, None);
        let _ = decode_block_record(&bytes, Some(5));
        match decode_header(&bytes) {
            Ok(_) => prop_assert_eq!(bytes.len(), 80),
            Err(e) => prop_assert!(matches!(e, ChainError::Decode { .. }), "{}", e),
        }
        match decode_headers(&bytes) {
            Ok(h) => prop_assert_eq!(h.len() * 80, bytes.len()),
            Err(e) => prop_assert!(matches!(e, ChainError::Decode { .. }), "{}", e),
        }
    }

    #[test]
    fn decoders_never_panic_on_mutated_blocks(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = genesis_block_bytes();
        prop_assert!(decode_block(&bytes).is_ok());
        for (i, b) in edits {
            let at = i.index(bytes.len());
            bytes[at] = b;
        }
        if let Ok(block) = decode_block(&bytes) {
            let _ = BlockRecord::from_block_at(&block, 0);
            let _ = BlockRecord::from_block(&block);
        }
        let _ = decode_transaction(&bytes[80..]);
        // A prefix decodes only if it is a whole block by itself (an edited length can make
        // one: genesis with its output script cut from 67 to 64 bytes ends 3 bytes early), and
        // then it is exactly that block's bytes.
        let n = cut.index(bytes.len());
        if let Ok(block) = decode_block(&bytes[..n]) {
            prop_assert_eq!(bitcoin::consensus::serialize(&block), bytes[..n].to_vec());
        }
    }

    #[test]
    fn json_parsers_never_panic_on_arbitrary_text(text in "\\PC{0,200}") {
        all_json_parsers(&text);
    }

    #[test]
    fn json_parsers_never_panic_on_text_mutations(
        which in 0usize..3,
        start in any::<prop::sample::Index>(),
        len in 0usize..12,
        insert in "[\\[\\]{}\",:0-9a-z.-]{0,4}",
    ) {
        let base = [CORE_BLOCK_1, ESPLORA_BLOCK_50000, ESPLORA_TXS_50000][which];
        let bytes = base.as_bytes();
        let s = start.index(bytes.len());
        let e = (s + len).min(bytes.len());
        let mut text = String::from_utf8_lossy(&bytes[..s]).into_owned();
        text.push_str(&insert);
        text.push_str(&String::from_utf8_lossy(&bytes[e..]));
        all_json_parsers(&text);
    }

    #[test]
    fn json_parsers_never_panic_on_value_mutations(
        which in 0usize..3,
        path in proptest::collection::vec(any::<usize>(), 0..6),
        replacement in proptest::option::of(json_leaf()),
    ) {
        let base = [CORE_BLOCK_1, ESPLORA_BLOCK_50000, ESPLORA_TXS_50000][which];
        let mut v: Value = serde_json::from_str(base).expect("fixture");
        mutate(&mut v, &path, replacement);
        let text = v.to_string();
        all_json_parsers(&text);
        let envelope = format!(r#"{{"result":{text},"error":null,"id":1}}"#);
        check_json_result(&parse_core_getblock(&envelope));
    }

    #[test]
    fn btc_amounts_never_panic(text in "-?[0-9]{0,10}(\\.[0-9]{0,12})?(e-?[0-9]{1,3})?") {
        if let Ok(n) = serde_json::from_str::<serde_json::Number>(&text)
            && let Ok(a) = btc_to_amount(&n, "value") {
                prop_assert!(a <= bitcoin::Amount::MAX_MONEY);
            }
    }

    #[test]
    fn block_record_new_validates_bits(height in any::<u32>(), time in any::<u32>(), raw in any::<u32>()) {
        let bits = CompactTarget::from_consensus(raw);
        match BlockRecord::new(height, hash_for(0), time, bits) {
            Ok(r) => {
                prop_assert!(target_from_bits(bits).is_some());
                prop_assert!(r.difficulty().to_f64().is_finite() && r.difficulty().to_f64() > 0.0);
                prop_assert!(r.work() > bitcoin::Work::from_be_bytes([0u8; 32]));
            }
            Err(e) => {
                prop_assert!(target_from_bits(bits).is_none());
                prop_assert_eq!(e, ChainError::InvalidBits { height, bits: raw });
            }
        }
    }

    #[test]
    fn block_series_names_first_bad_index(
        start in prop_oneof![any::<u32>(), (u32::MAX - 20)..=u32::MAX],
        steps in proptest::collection::vec(prop_oneof![8 => Just(1i64), 1 => -3i64..=5], 0..40),
    ) {
        let bits = CompactTarget::from_consensus(0x1d00ffff);
        let mut heights = vec![i64::from(start)];
        for s in &steps {
            heights.push(heights.last().copied().unwrap_or(0) + s);
        }
        let heights: Vec<u32> = heights.into_iter().map(|h| h.clamp(0, i64::from(u32::MAX)) as u32).collect();
        let records: Vec<BlockRecord> = heights
            .iter()
            .enumerate()
            .map(|(i, h)| BlockRecord::new(*h, hash_for(i), 1_000 + i as u32, bits).expect("valid bits"))
            .collect();
        let first_bad = heights.windows(2).position(|w| w[0].checked_add(1) != Some(w[1])).map(|i| i + 1);
        match (BlockSeries::new(records), first_bad) {
            (Ok(s), None) => prop_assert_eq!(s.len(), heights.len()),
            (Err(ChainError::NonContiguous { index, expected, found }), Some(bad)) => {
                prop_assert_eq!(index, bad);
                prop_assert_eq!(expected, heights[bad - 1] + 1);
                prop_assert_eq!(found, heights[bad]);
            }
            (Err(ChainError::HeightOutOfRange { height, .. }), Some(bad)) => {
                prop_assert_eq!(heights[bad - 1], u32::MAX);
                prop_assert_eq!(height, u64::from(u32::MAX));
            }
            (other, bad) => prop_assert!(false, "unexpected {:?} for first bad index {:?}", other, bad),
        }
    }

    #[test]
    fn block_series_detects_broken_links(n in 2usize..30, broken in any::<prop::sample::Index>()) {
        let bits = CompactTarget::from_consensus(0x1d00ffff);
        let cut = broken.index(n - 1) + 1; // 1..n
        let mut records = Vec::new();
        for i in 0..n {
            let mut r = BlockRecord::new(100 + i as u32, hash_for(i), 0, bits).expect("valid");
            if i > 0 {
                let prev = if i == cut { hash_for(999) } else { hash_for(i - 1) };
                r = r.with_prev_hash(prev);
            }
            records.push(r);
        }
        let expected_height = 100 + cut as u32;
        prop_assert!(
            matches!(
                BlockSeries::new(records),
                Err(ChainError::PrevHashMismatch { height, .. }) if height == expected_height
            ),
            "link broken at {}", expected_height
        );
    }

    #[test]
    fn work_time_windows_equal_naive_sums(
        start in 0u32..1_000_000,
        gaps in proptest::collection::vec(-7_200i64..20_000, 1..200),
        works in proptest::collection::vec(1e3f64..1e25, 200),
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
    ) {
        let mut times = vec![1_600_000_000i64];
        for g in &gaps {
            times.push(times.last().copied().unwrap_or(0) + g);
        }
        let works = &works[..times.len()];
        let wt = WorkTime::from_parts(start, &times, works).expect("valid parts");
        let n = times.len();
        let (i, j) = (a.index(n), b.index(n));
        let (from, to) = (i.min(j), i.max(j));
        let scale: f64 = (1..n).map(|k| ((times[k] - times[k - 1]) as f64 / works[k]).abs()).sum::<f64>();
        let w = wt.window(start + from as u32, start + to as u32);
        if from == to {
            prop_assert!(w.is_none());
        } else {
            let w = w.expect("inside");
            let naive_u: f64 = (from + 1..=to).map(|k| (times[k] - times[k - 1]) as f64 / works[k]).sum();
            let naive_w: f64 = works[from + 1..=to].iter().sum();
            let wsum: f64 = works[1..].iter().sum();
            prop_assert!((w.work_time() - naive_u).abs() <= WINDOW_SUM_REL_TOL * scale.max(f64::MIN_POSITIVE));
            prop_assert!((w.work_hashes() - naive_w).abs() <= WINDOW_SUM_REL_TOL * wsum);
            prop_assert_eq!(w.elapsed_secs(), times[to] - times[from]);
            prop_assert_eq!(w.intervals() as usize, to - from);
        }
        prop_assert!(wt.window(start + n as u32, start + n as u32 + 1).is_none());
    }

    #[test]
    fn work_time_rejects_bad_parts(
        // Two cases in three have one length for both (otherwise a mismatch is almost certain),
        // times mostly inside ±2^40 s and works mostly valid, so the accepting arm runs too.
        (times, works) in prop_oneof![
            1 => (
                proptest::collection::vec(any::<i64>(), 0..20),
                proptest::collection::vec(prop_oneof![Just(f64::NAN), Just(0.0), Just(-1.0), Just(f64::INFINITY), 1.0f64..1e20], 0..20),
            ),
            2 => (0usize..20).prop_flat_map(|n| (
                proptest::collection::vec(prop_oneof![1 => any::<i64>(), 19 => -(1i64 << 42)..(1i64 << 42)], n),
                proptest::collection::vec(prop_oneof![1 => Just(f64::NAN), 1 => Just(0.0), 1 => Just(0.5), 1 => Just(1e78), 60 => 1.0f64..1e20], n),
            )),
        ],
        start in prop_oneof![any::<u32>(), Just(u32::MAX - 5)],
    ) {
        // Works from one hash (the easiest target) to 2^256 (no target needs more).
        let valid_work = |w: f64| (1.0..=2f64.powi(256)).contains(&w);
        // Arbitrary i64 timestamps would overflow differences; this checks validation only.
        let times: Vec<i64> = times.into_iter().map(|t| t >> 2).collect();
        match WorkTime::from_parts(start, &times, &works) {
            Ok(wt) => {
                prop_assert_eq!(times.len(), works.len());
                prop_assert!(works.iter().all(|w| valid_work(*w)));
                prop_assert_eq!(wt.block_count(), times.len());
            }
            Err(ChainError::EmptySeries) => prop_assert!(times.is_empty()),
            Err(ChainError::InvalidField { .. }) => prop_assert!(
                times.len() != works.len()
                    || works.iter().any(|w| !valid_work(*w))
                    || times.iter().any(|t| t.unsigned_abs() > 1 << 40)
            ),
            Err(ChainError::HeightOutOfRange { .. }) => {
                prop_assert!(u64::from(start) + times.len() as u64 - 1 > u64::from(u32::MAX))
            }
            Err(e) => prop_assert!(false, "unexpected {e}"),
        }
    }

    #[test]
    fn target_from_bits_never_panics(raw in any::<u32>()) {
        if let Some(t) = target_from_bits(CompactTarget::from_consensus(raw)) {
            prop_assert!(t > Target::ZERO);
        }
    }

    #[test]
    fn next_bits_stays_within_factor_four_and_pow_limit(
        bits in valid_bits(),
        first in any::<u32>(),
        last in any::<u32>(),
    ) {
        let old = Target::from_compact(bits);
        let new = Target::from_compact(next_bits(bits, first, last));
        prop_assert!(new <= Target::MAX_ATTAINABLE_MAINNET);
        prop_assert!(target_from_bits(next_bits(bits, first, last)).is_some());
        let ratio = target_f64(new) / target_f64(old);
        prop_assert!(ratio <= 4.0, "ratio {ratio}");
        // old ≤ pow limit, so old/4 is never capped: only compact truncation lowers it.
        prop_assert!(ratio >= 0.25 * (1.0 - COMPACT_TRUNCATION), "ratio {ratio}");
        // Monotone in the timespan.
        let slower = Target::from_compact(next_bits(bits, first, last.saturating_add(600)));
        prop_assert!(slower >= new || i64::from(last) - i64::from(first) < 0);
    }

    #[test]
    fn median_time_past_matches_naive(times in proptest::collection::vec(any::<u32>(), 0..30)) {
        let tail: Vec<u32> = times.iter().rev().take(11).copied().collect();
        let mut sorted = tail.clone();
        sorted.sort_unstable();
        prop_assert_eq!(median_time_past(&times), sorted.get(sorted.len() / 2).copied());
    }

    #[test]
    fn subsidy_halves_and_never_increases(height in any::<u32>()) {
        let s = block_subsidy(height).to_sat();
        let halvings = height / HALVING_INTERVAL;
        prop_assert_eq!(s, if halvings >= 64 { 0 } else { 5_000_000_000u64 >> halvings });
        if let Some(next) = height.checked_add(1) {
            prop_assert!(block_subsidy(next).to_sat() <= s);
        }
    }

    #[test]
    fn clamp_timespan_is_a_clamp(ts in any::<i64>()) {
        let c = clamp_timespan(ts);
        prop_assert!((MIN_TIMESPAN_SECS..=MAX_TIMESPAN_SECS).contains(&c));
        if (i64::from(MIN_TIMESPAN_SECS)..=i64::from(MAX_TIMESPAN_SECS)).contains(&ts) {
            prop_assert_eq!(i64::from(c), ts);
        }
    }
}

proptest! {
    /// Regression: timestamps far apart used to overflow `i64` subtraction in debug builds.
    #[test]
    fn work_time_from_parts_rejects_or_handles_extreme_times(a in any::<i64>(), b in any::<i64>()) {
        let _ = minerscope::chain::WorkTime::from_parts(0, &[a, b], &[1.0, 1.0])
            .map(|wt| wt.window(0, 1));
    }
}
