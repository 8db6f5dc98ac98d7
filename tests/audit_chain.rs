//! Adversarial checks of `chain` and `sim`: extreme inputs give a typed error or a sane value,
//! never a panic or a silent NaN/garbage number. Each test names the defect it pins.

use bitcoin::hashes::Hash;
use bitcoin::{BlockHash, CompactTarget, Target};
use minerscope::chain::consensus::{
    MAX_TIMESPAN_SECS, MIN_TIMESPAN_SECS, TARGET_TIMESPAN_SECS, next_bits, target_from_bits,
};
use minerscope::chain::{BlockRecord, BlockSeries, ChainError, TimeAnomaly, WorkTime};
use minerscope::sim::{HashratePath, Scenario, StartState};
use minerscope::units::Hashrate;
use proptest::prelude::*;

/// Mainnet proof-of-work limit in compact form.
const POW_LIMIT_BITS: u32 = 0x1d00ffff;

fn bits(raw: u32) -> CompactTarget {
    CompactTarget::from_consensus(raw)
}

/// `next_bits` on a valid target above the mainnet limit (regtest's 0x207fffff, or any easy
/// target ≥ 2^234) overflowed the 256-bit product `target × timespan` inside rust-bitcoin and
/// was right only by luck: 0xff·2^248 (bits 0x220000ff) times an on-schedule 1 209 600 s
/// wrapped to 0 and gave bits 0, which encode no target. Core's rule, evaluated exactly, gives
/// the proof-of-work limit: the product divided by the target timespan is at least a quarter
/// of the old target, which is above four times the limit.
#[test]
fn next_bits_above_the_pow_limit_caps_at_the_limit() {
    for raw in [0x207f_ffff, 0x2000_ffff, 0x1f00_ffff, 0x2200_00ff, 0x2100_00ff] {
        assert!(target_from_bits(bits(raw)).is_some(), "{raw:#x} is a valid target");
        for (first, last) in [
            (0, 0),
            (0, TARGET_TIMESPAN_SECS),
            (0, MAX_TIMESPAN_SECS),
            (0, u32::MAX),
            (u32::MAX, 0),
        ] {
            assert_eq!(
                next_bits(bits(raw), first, last).to_consensus(),
                POW_LIMIT_BITS,
                "bits {raw:#x}, timespan {first}..{last}"
            );
        }
    }
}

/// Just above the limit, where the product does not overflow, the result is still the limit
/// (the old target scaled by at least 1/4 exceeds it only when the old target is > 4× limit;
/// at exactly 2× the limit a short period halves it back to at most the limit).
#[test]
fn next_bits_between_one_and_four_times_the_limit() {
    // 0x1d01fffe = 2 × 0xffff · 2^208: twice the limit.
    let twice = bits(0x1d01_fffe);
    // A period four times too fast: the target quarters to half the limit.
    assert_eq!(next_bits(twice, 0, MIN_TIMESPAN_SECS).to_consensus(), 0x1c7fff80);
    // On schedule: twice the limit is capped at the limit.
    assert_eq!(next_bits(twice, 0, TARGET_TIMESPAN_SECS).to_consensus(), POW_LIMIT_BITS);
    // At the other end Core's truncation takes a target of 1 to 0 (documented, as in Core).
    assert_eq!(next_bits(bits(0x0101_0000), 0, 0).to_consensus(), 0);
    assert_eq!(next_bits(bits(0x0101_0000), 0, TARGET_TIMESPAN_SECS).to_consensus(), 0x0101_0000);
}

/// The simulator starting from an easy (above-limit) target hit the same wrap at its first
/// retarget: bits 0, and the run failed with an invalid-bits error instead of retargeting.
#[test]
fn simulation_from_an_above_limit_target_retargets_to_the_limit() {
    let time = 1_600_000_000;
    let start = StartState::new(2015, bits(0x2200_00ff), time)
        .and_then(|s| s.with_period_start_time(time - MAX_TIMESPAN_SECS))
        .expect("valid start");
    // 10 MH/s: instant blocks at the easy target, about 430 s ones at the limit.
    let path = HashratePath::constant(Hashrate::from_hs(1e7).expect("valid"));
    let sc = Scenario::builder().start(start).hashrate(path).seed(7).build().expect("scenario");
    let chain = sc.run(3).expect("runs");
    let at_2016 = chain.series().get(2016).expect("block 2016");
    assert_eq!(at_2016.bits().to_consensus(), POW_LIMIT_BITS);
}

/// `WorkTime::from_parts` accepted any finite work ≥ 1 hash, so two `f64::MAX` works summed
/// to infinity in the prefix sums and window sums came out NaN or infinite without an error.
/// No target needs more than 2^256 hashes, so larger work is now rejected.
#[test]
fn work_above_two_to_the_256_is_rejected() {
    let r = WorkTime::from_parts(0, &[0, 600, 1_200], &[1.0, f64::MAX, f64::MAX]);
    match r {
        Err(ChainError::InvalidField { field, reason }) => {
            assert_eq!(field, "work_hashes[1]");
            assert!(reason.contains("2^256"), "{reason}");
        }
        Ok(wt) => {
            let w = wt.window(1, 2).expect("inside");
            panic!("accepted: window(1, 2) = {w:?}");
        }
        Err(e) => panic!("unexpected {e}"),
    }
    // 2^256 itself (the work of a zero target, which no bits encode) is still accepted.
    let two_256 = 2f64.powi(256);
    let wt = WorkTime::from_parts(0, &[0, 600], &[two_256, two_256]).expect("2^256 is allowed");
    assert_eq!(wt.window(0, 1).map(|w| w.work_hashes()), Some(two_256));
}

/// The height-overflow error named one past the last block's height.
#[test]
fn from_parts_height_overflow_names_the_last_height() {
    let err = WorkTime::from_parts(u32::MAX, &[0, 600], &[1.0, 1.0]).unwrap_err();
    assert_eq!(
        err,
        ChainError::HeightOutOfRange { height: u64::from(u32::MAX) + 1, reason: "exceeds u32" }
    );
    let err = WorkTime::from_parts(u32::MAX - 1, &[0, 600, 1_200, 1_800], &[1.0; 4]).unwrap_err();
    assert!(
        matches!(err, ChainError::HeightOutOfRange { height, .. } if height == u64::from(u32::MAX) + 2),
        "{err:?}"
    );
    // The last height that fits is accepted.
    assert!(WorkTime::from_parts(u32::MAX - 1, &[0, 600], &[1.0, 1.0]).is_ok());
}

/// A deserialized `WindowSums` with `from_height > to_height` made `intervals()` underflow
/// (a debug panic, a huge count in release). Deserialization now validates like `window`.
#[test]
#[cfg(feature = "serde")]
fn window_sums_deserialization_is_validated() {
    use minerscope::chain::WindowSums;
    let ok = r#"{"from_height":3,"to_height":5,"work_time":1e-18,"elapsed_secs":1200,"work_hashes":1e21}"#;
    let w: WindowSums = serde_json::from_str(ok).expect("valid");
    assert_eq!(w.intervals(), 2);
    for bad in [
        r#"{"from_height":5,"to_height":3,"work_time":1e-18,"elapsed_secs":1200,"work_hashes":1e21}"#,
        r#"{"from_height":5,"to_height":5,"work_time":0.0,"elapsed_secs":0,"work_hashes":0.0}"#,
    ] {
        let r = serde_json::from_str::<WindowSums>(bad);
        assert!(r.is_err(), "{bad} accepted as {r:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// For every bits value that encodes a positive target, `next_bits` never panics and returns
    /// a target no easier than the mainnet limit; a valid one unless the old target is under 4,
    /// where Core's truncating `target × timespan / 1 209 600` can reach 0 (0x01010000, a
    /// target of 1, over a short period).
    #[test]
    fn next_bits_never_panics_and_respects_the_limit(
        // Every exponent a valid target can have (0..=0x22), any mantissa.
        raw in (0u32..=0x22, any::<u32>()).prop_map(|(e, m)| (e << 24) | (m & 0x00ff_ffff)),
        first in any::<u32>(),
        last in any::<u32>(),
    ) {
        let b = bits(raw);
        if let Some(old) = target_from_bits(b) {
            let new = next_bits(b, first, last);
            prop_assert!(Target::from_compact(new) <= Target::MAX_ATTAINABLE_MAINNET);
            let mut four = [0u8; 32];
            four[31] = 4;
            if old >= Target::from_be_bytes(four) {
                prop_assert!(target_from_bits(new).is_some(), "{raw:#x} -> {:#x}", new.to_consensus());
            }
        }
    }

    /// `from_parts` accepts exactly the works in [1, 2^256] (here valid works span 2^64 around
    /// any base, beyond mainnet's 2^48 spread; one element in nine is a value it must refuse),
    /// and every window's sums are finite and match direct summation.
    #[test]
    fn from_parts_windows_are_finite_or_rejected(
        (works, valid) in works(64.0),
        step in -1_000_000i64..1_000_000,
    ) {
        check_from_parts_windows(&works, valid, step)?;
    }

    /// As above with works spanning the whole 2^256 range in one series: a window of terms
    /// 2^106 times smaller than the prefix sums before it used to come out 0 (works [1, 1.2e31,
    /// 2.8e60, 1] 0 s apart gave `window(2, 3).work_hashes()` = 0, not 1); such windows are now
    /// summed directly.
    #[test]
    fn window_sums_hold_at_any_work_ratio(
        (works, valid) in works(256.0),
        step in -1_000_000i64..1_000_000,
    ) {
        check_from_parts_windows(&works, valid, step)?;
    }
}

/// Works in 2..12 blocks: eight times in nine `2^(base + e)` with `e` in `[0, span]` (both
/// ends over-represented, `base + span ≤ 256`), else a value `from_parts` must refuse. Returns
/// the works and whether all are valid.
fn works(span: f64) -> impl Strategy<Value = (Vec<f64>, bool)> {
    let top = 256.0 - span;
    let base = prop_oneof![Just(0.0), 0.0..=top, Just(top)];
    let element = prop_oneof![
        6 => (0.0..=span).prop_map(Ok),
        1 => Just(Ok(0.0)),
        1 => Just(Ok(span)),
        1 => prop_oneof![
            Just(f64::MAX), Just(f64::MIN_POSITIVE), Just(f64::NAN), Just(f64::INFINITY),
            Just(0.5), 1e78f64..1e300,
        ].prop_map(Err),
    ];
    (base, proptest::collection::vec(element, 2..12)).prop_map(|(base, elements)| {
        let valid = elements.iter().all(Result::is_ok);
        let works =
            elements.into_iter().map(|e| e.map_or_else(|bad| bad, |e| (base + e).exp2())).collect();
        (works, valid)
    })
}

fn check_from_parts_windows(works: &[f64], valid: bool, step: i64) -> Result<(), TestCaseError> {
    let times: Vec<i64> = (0..works.len() as i64).map(|i| i * step).collect();
    let wt = WorkTime::from_parts(0, &times, works);
    prop_assert_eq!(wt.is_ok(), valid, "{:?}", wt);
    let Ok(wt) = wt else { return Ok(()) };
    let last = (works.len() - 1) as u32;
    for from in 0..last {
        for to in from + 1..=last {
            let w = wt.window(from, to).expect("inside");
            prop_assert!(w.work_time().is_finite(), "{w:?}");
            // The window covers the works of blocks from + 1 ..= to (each `step` seconds after
            // its parent); summed directly, smallest first, the relative error is at most
            // (n − 1)·2^-53.
            let in_window = &works[from as usize + 1..=to as usize];
            let direct = |terms: Vec<f64>| {
                let mut terms = terms;
                terms.sort_by(|a, b| a.abs().total_cmp(&b.abs()));
                terms.iter().sum::<f64>()
            };
            let hashes = direct(in_window.to_vec());
            prop_assert!(
                (w.work_hashes() / hashes - 1.0).abs() < 1e-9,
                "{w:?}, direct sum {hashes}"
            );
            let work_time = direct(in_window.iter().map(|&h| step as f64 / h).collect());
            prop_assert!(
                (w.work_time() - work_time).abs() <= 1e-9 * work_time.abs(),
                "{w:?}, direct work-time {work_time}"
            );
        }
    }
    Ok(())
}

fn series(start: u32, times: &[u32]) -> BlockSeries {
    let bits = bits(POW_LIMIT_BITS);
    let records = times
        .iter()
        .enumerate()
        .map(|(i, &t)| (t, start + i as u32))
        .map(|(t, h)| {
            BlockRecord::new(h, BlockHash::from_byte_array([h as u8; 32]), t, bits).expect("bits")
        })
        .collect();
    BlockSeries::new(records).expect("contiguous")
}

/// `range(from, to)` returned `Some(&[])` for `from = to + 1`, even when `from` was past the
/// tip (`range(14, 13)` on blocks 10–13), against its "if the series covers both" contract.
#[test]
fn range_outside_or_reversed_is_none() {
    let s = series(10, &[0, 600, 1_200, 1_800]);
    assert_eq!(s.range(10, 13).map(<[BlockRecord]>::len), Some(4));
    assert_eq!(s.range(13, 13).map(<[BlockRecord]>::len), Some(1));
    assert_eq!(s.range(14, 13), None, "14 is past the tip");
    assert_eq!(s.range(12, 11), None, "reversed bounds");
    assert_eq!(s.range(9, 11), None);
    assert_eq!(s.range(u32::MAX, u32::MAX), None);
    let top = series(u32::MAX - 1, &[0, 600]);
    assert_eq!(top.range(u32::MAX - 1, u32::MAX).map(<[BlockRecord]>::len), Some(2));
    assert_eq!(top.get(u32::MAX).map(BlockRecord::height), Some(u32::MAX));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// `time_anomalies` agrees with a naive scan: backwards (≤ parent) and MTP (≤ median of the
    /// 11 predecessors, once there are 11) anomalies, in height order.
    #[test]
    fn time_anomalies_match_a_naive_scan(
        start in prop_oneof![0u32..10, Just(u32::MAX - 40)],
        times in proptest::collection::vec(prop_oneof![0u32..50, any::<u32>()], 1..40),
    ) {
        let s = series(start, &times);
        let mut want = Vec::new();
        for (i, &t) in times.iter().enumerate() {
            let height = start + i as u32;
            if let Some(&prev) = i.checked_sub(1).and_then(|j| times.get(j))
                && t <= prev
            {
                want.push(TimeAnomaly::Backwards { height, time: t, prev_time: prev });
            }
            if i >= 11 {
                let mut w: Vec<u32> = times[i - 11..i].to_vec();
                w.sort_unstable();
                if t <= w[5] {
                    want.push(TimeAnomaly::MtpViolation { height, time: t, median_time_past: w[5] });
                }
            }
        }
        prop_assert_eq!(s.time_anomalies(), want);
    }

    /// `range` is `Some` exactly when `start ≤ from ≤ to ≤ end`, with `to − from + 1` records
    /// starting at `from`.
    #[test]
    fn range_is_some_exactly_inside(
        start in prop_oneof![0u32..5, Just(u32::MAX - 8)],
        n in 1usize..8,
        from in any::<u32>(),
        to in any::<u32>(),
        mode in 0u8..3,
    ) {
        let s = series(start, &vec![0; n]);
        let end = s.end_height();
        // Bias the bounds to the series' neighbourhood (mode 1) or inside it (mode 2, where
        // `from ≤ to` still fails half the time).
        let (from, to) = match mode {
            1 => (start.saturating_add(from % 10).saturating_sub(1), start.saturating_add(to % 10).saturating_sub(1)),
            2 => (start + from % n as u32, start + to % n as u32),
            _ => (from, to),
        };
        let inside = start <= from && from <= to && to <= end;
        match s.range(from, to) {
            Some(r) => {
                prop_assert!(inside, "{from}..={to} on {start}..={end}");
                prop_assert_eq!(r.len() as u64, u64::from(to - from) + 1);
                prop_assert_eq!(r.first().map(BlockRecord::height), Some(from));
            }
            None => prop_assert!(!inside, "{from}..={to} on {start}..={end}"),
        }
    }

    /// The simulator is a function of its seed: two runs of the same scenario are identical,
    /// whatever the seed, start height and length.
    #[test]
    fn simulation_is_deterministic_per_seed(
        seed in any::<u64>(),
        height in prop_oneof![Just(830_592u32), 2_000u32..2_030, Just(u32::MAX - 50)],
        n in 1usize..40,
    ) {
        let start = StartState::new(height, bits(0x1703_71b1), 1_700_000_000).expect("valid");
        let sc = Scenario::builder().start(start).seed(seed).build().expect("scenario");
        let a = sc.run(n).expect("runs");
        let b = sc.clone().run(n).expect("runs");
        prop_assert_eq!(a.series(), b.series());
        prop_assert_eq!(a.truth(), b.truth());
        prop_assert_eq!(a.len(), n);
        // A different seed gives a different chain (the first arrival differs).
        let other = Scenario::builder()
            .start(sc.start().clone())
            .seed(seed ^ 1)
            .build()
            .expect("scenario")
            .run(n)
            .expect("runs");
        prop_assert_ne!(other.truth().first(), a.truth().first());
    }
}

/// A piecewise path extrapolated its first piece backwards for negative times: a ramp from
/// 600 EH/s down to 0 over 100 s reported 1 200 EH/s at t = −100 s. Before the start the
/// path holds its value at t = 0 (as `piecewise_linear` holds its first breakpoint back to 0).
#[test]
fn piecewise_paths_hold_their_initial_value_before_the_start() {
    let eh = |x: f64| Hashrate::from_ehs(x).expect("valid");
    let ramp = HashratePath::ramp(eh(600.0), Hashrate::ZERO, 0.0, 100.0).expect("valid");
    assert_eq!(ramp.value_at(50.0).expect("finite"), eh(300.0));
    for t in [-100.0, -1e-9, -1e300, f64::NEG_INFINITY] {
        assert_eq!(ramp.value_at(t).expect("finite"), eh(600.0), "t = {t}");
    }
    let rising =
        HashratePath::piecewise_linear(&[(0.0, eh(100.0)), (10.0, eh(200.0))]).expect("valid");
    assert_eq!(rising.value_at(-50.0).expect("finite"), eh(100.0));
    // A constant tail at t = +∞ is its value, not 0·∞ = NaN reported as a bad hashrate.
    assert_eq!(rising.value_at(f64::INFINITY).expect("finite"), eh(200.0));
    assert_eq!(HashratePath::constant(eh(5.0)).value_at(f64::INFINITY).expect("finite"), eh(5.0));
    assert!(rising.value_at(f64::NAN).is_err());
}

/// A run of billions of blocks reserved memory for all of them up front (over a terabyte for
/// four billion records), so the allocator aborted the process before the first block, even
/// when the run would have stopped with an error at once. The reservation is now bounded.
#[test]
fn huge_runs_fail_with_an_error_not_an_allocation_abort() {
    let sc = Scenario::builder()
        .hashrate(HashratePath::constant(Hashrate::ZERO))
        .build()
        .expect("scenario");
    let n = (u32::MAX - sc.start().height()) as usize;
    assert!(matches!(sc.run(n), Err(minerscope::sim::SimError::Stalled { height: 830_593, .. })));
}

/// The unknown-miner share's error printed its `usize::MAX` index as 20 digits.
#[test]
fn invalid_share_messages_name_the_owner() {
    use minerscope::sim::{PoolMix, PoolProfile, SimError};
    let pool = PoolProfile::new("F2Pool", b"/F2Pool/".to_vec(), bitcoin::ScriptBuf::new());
    let pool = pool.expect("short tag");
    let err = PoolMix::from_shares(vec![(pool.clone(), 0.5)], 1.5).unwrap_err();
    assert!(matches!(err, SimError::InvalidShare { index: usize::MAX, .. }));
    assert_eq!(err.to_string(), "unknown-miner share must be in [0, 1], got 1.5");
    let err = PoolMix::from_shares(vec![(pool, f64::NAN)], 0.5).unwrap_err();
    assert_eq!(err.to_string(), "share of pool 0 (F2Pool) must be in [0, 1], got NaN");
}

/// A one-transaction block at BIP34 height 830 000 (subsidy 6.25 BTC, coinbase paying
/// 6.5 BTC: 0.25 BTC of fees) as Core `getblock <hash> 2` JSON and as Esplora's
/// `/block/:hash` and `/block/:hash/txs` bodies, each claiming height `height` (the header
/// hash does not cover the height, so any claim passes the hash check).
fn bip34_block_json(height: u32) -> (String, String, String) {
    use bitcoin::absolute::LockTime;
    use bitcoin::block::{Header, Version};
    use bitcoin::hex::DisplayHex;
    use bitcoin::{Amount, OutPoint, ScriptBuf, Sequence, Transaction, TxIn, TxMerkleNode, TxOut};
    let script_sig = ScriptBuf::from_bytes(b"\x03\x30\xaa\x0cMined by AntPool".to_vec());
    let payout = ScriptBuf::from_bytes(vec![0x51]);
    let tx = Transaction {
        version: bitcoin::transaction::Version::TWO,
        lock_time: LockTime::ZERO,
        input: vec![TxIn {
            previous_output: OutPoint::null(),
            script_sig: script_sig.clone(),
            sequence: Sequence::MAX,
            witness: bitcoin::Witness::new(),
        }],
        output: vec![TxOut { value: Amount::from_sat(650_000_000), script_pubkey: payout.clone() }],
    };
    let txid = tx.compute_txid();
    let header = Header {
        version: Version::from_consensus(0x2000_0000),
        prev_blockhash: BlockHash::from_byte_array([7; 32]),
        merkle_root: TxMerkleNode::from_raw_hash(txid.to_raw_hash()),
        time: 1_707_675_457,
        bits: bits(0x1703_ba5d),
        nonce: 42,
    };
    let (sig, spk) =
        (script_sig.as_bytes().to_lower_hex_string(), payout.as_bytes().to_lower_hex_string());
    let core = format!(
        r#"{{"hash":"{}","height":{height},"version":536870912,"previousblockhash":"{}","merkleroot":"{}","time":1707675457,"bits":"1703ba5d","nonce":42,"nTx":1,"tx":[{{"txid":"{txid}","vin":[{{"coinbase":"{sig}","sequence":4294967295}}],"vout":[{{"value":6.5,"scriptPubKey":{{"hex":"{spk}"}}}}]}}]}}"#,
        header.block_hash(),
        header.prev_blockhash,
        header.merkle_root,
    );
    let esplora = format!(
        r#"{{"id":"{}","height":{height},"version":536870912,"previousblockhash":"{}","merkle_root":"{}","timestamp":1707675457,"bits":{},"nonce":42,"tx_count":1}}"#,
        header.block_hash(),
        header.prev_blockhash,
        header.merkle_root,
        0x1703_ba5du32,
    );
    let txs = format!(
        r#"[{{"txid":"{txid}","vin":[{{"is_coinbase":true,"scriptsig":"{sig}"}}],"vout":[{{"value":650000000,"scriptpubkey":"{spk}"}}]}}]"#
    );
    (core, esplora, txs)
}

/// The JSON parsers took the document's `height` on trust, so a block whose coinbase encodes
/// BIP34 height 830 000 parsed at height 840 001 got the 3.125 BTC subsidy and 3.375 BTC of
/// fees instead of 0.25 BTC. `BlockRecord::from_block_at` already refuses such a pair;
/// the parsers now apply the same BIP34 check when they have the coinbase.
#[test]
fn json_height_must_match_the_bip34_height() {
    use minerscope::chain::json::{parse_core_getblock, parse_esplora_block};
    let (core, esplora, txs) = bip34_block_json(830_000);
    let ok = parse_core_getblock(&core).expect("consistent");
    assert_eq!(ok.record().fees(), Some(bitcoin::Amount::from_sat(25_000_000)));
    let ok = parse_esplora_block(&esplora, Some(&txs)).expect("consistent");
    assert_eq!(ok.record().fees(), Some(bitcoin::Amount::from_sat(25_000_000)));

    let mismatch = ChainError::HeightMismatch { given: 840_001, bip34: 830_000 };
    let (core, esplora, txs) = bip34_block_json(840_001);
    let fees = |r: &Result<minerscope::chain::json::JsonBlock, ChainError>| {
        r.as_ref().map(|b| b.record().fees()).ok()
    };
    let r = parse_core_getblock(&core);
    assert_eq!(r.as_ref().err(), Some(&mismatch), "core parsed with fees {:?}", fees(&r));
    let r = parse_esplora_block(&esplora, Some(&txs));
    assert_eq!(r.as_ref().err(), Some(&mismatch), "esplora parsed with fees {:?}", fees(&r));
    // Without the coinbase there is nothing to check against.
    assert!(parse_esplora_block(&esplora, None).is_ok());
    // Below the BIP34 activation height the coinbase's first push is not a height.
    let (core, _, _) = bip34_block_json(200_000);
    assert!(parse_core_getblock(&core).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Runs that cross a retarget from any valid starting target (including ones above the
    /// mainnet limit) give a chain whose retargeted bits are valid and within the limit, or a
    /// typed error; never a panic.
    #[test]
    fn retargets_from_any_valid_target_are_valid(
        raw in (0u32..=0x22, any::<u32>()).prop_map(|(e, m)| (e << 24) | (m & 0x00ff_ffff)),
        height in 2_010u32..2_016,
        period_secs in prop_oneof![Just(0u32), 1u32..10_000_000],
        log_factor in -3.0f64..3.0,
        n in 1usize..12,
        seed in any::<u64>(),
    ) {
        let b = bits(raw);
        let Some(target) = target_from_bits(b) else { return Ok(()) };
        let time = 1_600_000_000u32;
        let start = StartState::new(height, b, time)
            .and_then(|s| s.with_period_start_time(time.saturating_sub(period_secs)))
            .expect("valid start");
        let equilibrium = target.to_work();
        let work = minerscope::chain::consensus::work_to_f64(equilibrium);
        let hs = work / 600.0 * 10f64.powf(log_factor);
        let path = HashratePath::constant(Hashrate::from_hs(hs).expect("finite"));
        let sc = Scenario::builder().start(start).hashrate(path).seed(seed).build().expect("ok");
        if let Ok(chain) = sc.run(n) {
            prop_assert_eq!(chain.len(), n);
            if let Some(rec) = chain.series().get(2016) {
                prop_assert!(target_from_bits(rec.bits()).is_some(), "{:#x}", rec.bits().to_consensus());
                prop_assert!(rec.target() <= Target::MAX_ATTAINABLE_MAINNET);
            }
        }
    }
}
