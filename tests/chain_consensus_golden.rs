//! Golden values of the consensus functions, each with its source. No data folder needed.

use bitcoin::{Amount, CompactTarget, Target, Work};
use minerscope::chain::consensus::{
    HALVING_INTERVAL, MAX_TIMESPAN_SECS, MIN_TIMESPAN_SECS, block_subsidy, block_work,
    checked_add_work, clamp_timespan, median_time_past, next_bits, target_from_bits, work_to_f64,
};

fn bits(raw: u32) -> CompactTarget {
    CompactTarget::from_consensus(raw)
}

fn work_u128(w: Work) -> u128 {
    let b = w.to_be_bytes();
    assert!(b[..16].iter().all(|x| *x == 0), "work exceeds u128");
    u128::from_be_bytes(b[16..].try_into().expect("16 bytes"))
}

/// Bitcoin Core `GetBlockSubsidy` (validation.cpp): 50 BTC halved every 210 000 blocks;
/// mainnet heights of each halving: 210000 (2012-11-28), 420000 (2016-07-09),
/// 630000 (2020-05-11), 840000 (2024-04-20).
#[test]
fn subsidy_at_each_halving() {
    let expected: [(u32, u64); 7] = [
        (0, 5_000_000_000),
        (210_000, 2_500_000_000),
        (420_000, 1_250_000_000),
        (630_000, 625_000_000),
        (840_000, 312_500_000),
        (1_050_000, 156_250_000),
        (1_260_000, 78_125_000),
    ];
    for (h, sat) in expected {
        assert_eq!(block_subsidy(h), Amount::from_sat(sat), "height {h}");
        assert_eq!(
            block_subsidy(h - h.min(1)),
            Amount::from_sat(if h == 0 { sat } else { sat * 2 })
        );
    }
    // 5e9 >> 32 = 1 sat is the last non-zero subsidy (halving 32), zero from halving 33.
    assert_eq!(block_subsidy(32 * HALVING_INTERVAL).to_sat(), 1);
    assert_eq!(block_subsidy(33 * HALVING_INTERVAL).to_sat(), 0);
    // Total issuance 20 999 999.9769 BTC (well-known figure, e.g. Bitcoin Wiki "Controlled supply").
    let total: u64 = (0..64u32)
        .filter_map(|k| k.checked_mul(HALVING_INTERVAL))
        .map(|h| block_subsidy(h).to_sat() * u64::from(HALVING_INTERVAL))
        .sum();
    assert_eq!(total, 2_099_999_997_690_000);
}

/// The first difficulty change at height 32 256: blocks 30 240 (time 1261130161) and 32 255
/// (time 1262152739) at 0x1d00ffff give 0x1d00d86a (mainnet header 32 256; also checked in
/// `chain_real_data` against the boundary file).
#[test]
fn first_retarget() {
    assert_eq!(next_bits(bits(0x1d00ffff), 1_261_130_161, 1_262_152_739), bits(0x1d00d86a));
}

/// Bitcoin Core `GetBlockProof` (chain.cpp): genesis work 0x100010001 = 4 295 032 833; the
/// chainwork of block 1 is 0x200020002 (Core `getblock` sample, PROVENANCE §5a); work of
/// 0x1c2a1115 (heights 48 384–50 399) is 26 137 323 115 (PROVENANCE §5a chainwork step).
#[test]
fn work_values() {
    let genesis = block_work(Target::from_compact(bits(0x1d00ffff)));
    assert_eq!(work_u128(genesis), 0x1_0001_0001);
    assert_eq!(work_to_f64(genesis), 4_295_032_833.0);
    assert_eq!(work_u128(checked_add_work(genesis, genesis).expect("fits")), 0x2_0002_0002);
    let w = block_work(Target::from_compact(bits(0x1c2a1115)));
    assert_eq!(work_u128(w), 26_137_323_115);
    // Difficulty 1 ↔ work D·2^48/(2^16 − 1) (SCIENCE §1.1).
    assert_eq!(work_u128(genesis), (1u128 << 48) / 65_535);
}

/// Bitcoin Core `arith_uint256_tests.cpp` (SetCompact cases): decoded value, or rejection
/// (negative / overflow / zero, as `DeriveTarget` rejects them).
#[test]
fn compact_decoding_cases() {
    let cases: [(u32, Option<u128>); 10] = [
        (0x00000000, None),
        (0x00123456, None), // mantissa shifted out: zero
        (0x01003456, None), // zero
        (0x01123456, Some(0x12)),
        (0x02123456, Some(0x1234)),
        (0x03123456, Some(0x12_3456)),
        (0x04123456, Some(0x1234_5600)),
        (0x04923456, None), // negative
        (0x05009234, Some(0x9234_0000)),
        (0xff123456, None), // overflow
    ];
    for (raw, want) in cases {
        let got = target_from_bits(bits(raw)).map(|t| {
            let b = t.to_be_bytes();
            u128::from_be_bytes(b[16..].try_into().expect("16 bytes"))
        });
        assert_eq!(got, want, "bits {raw:#010x}");
    }
    let big = target_from_bits(bits(0x20123456)).expect("valid");
    let mut expect = [0u8; 32];
    expect[..3].copy_from_slice(&[0x12, 0x34, 0x56]);
    assert_eq!(big.to_be_bytes(), expect);
}

/// Bitcoin Core `GetMedianTimePast`: sort the last 11 and take index 5 (or len/2).
#[test]
fn median_time_past_cases() {
    let times: Vec<u32> = (1..=13).rev().collect(); // 13, 12, ..., 1
    // Last 11 are 11..=1; sorted, index 5 is 6.
    assert_eq!(median_time_past(&times), Some(6));
    assert_eq!(median_time_past(&[7]), Some(7));
    assert_eq!(median_time_past(&[3, 1]), Some(3)); // len/2 = 1 after sorting
}

/// Core clamps the timespan to [target/4, target·4] before scaling.
#[test]
fn timespan_clamp_and_factor_four() {
    assert_eq!((MIN_TIMESPAN_SECS, MAX_TIMESPAN_SECS), (302_400, 4_838_400));
    assert_eq!(clamp_timespan(i64::MIN), MIN_TIMESPAN_SECS);
    assert_eq!(clamp_timespan(1_209_600), 1_209_600);
    // A period in zero seconds: target ÷ 4 exactly (0x1b0404cb → mantissa 0x0404cb/4 = 0x010132 + 3/4,
    // truncated: 0x1b010132).
    assert_eq!(next_bits(bits(0x1b0404cb), 100, 100), bits(0x1b010132));
}
