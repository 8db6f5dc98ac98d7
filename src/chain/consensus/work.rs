use bitcoin::{CompactTarget, Target, Work};

/// Deserializes `bits` and checks that they encode a positive target, so serde cannot build a
/// value that [`target_from_bits`]-validating constructors would reject.
#[cfg(feature = "serde")]
pub(crate) fn deserialize_valid_bits<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<CompactTarget, D::Error> {
    let bits = <CompactTarget as serde::Deserialize>::deserialize(deserializer)?;
    match target_from_bits(bits) {
        Some(_) => Ok(bits),
        None => Err(serde::de::Error::custom(format_args!(
            "bits {:#010x} do not encode a positive target",
            bits.to_consensus()
        ))),
    }
}

/// Decodes compact `bits` into a target, rejecting encodings Bitcoin Core treats as invalid.
///
/// Returns `None` when the mantissa's sign bit is set with a non-zero mantissa (a negative
/// target), when the value overflows 256 bits, or when the target is zero — the three cases in
/// which Core's `DeriveTarget` fails.
///
/// # Examples
///
/// ```
/// use bitcoin::CompactTarget;
/// use minerscope::chain::consensus::target_from_bits;
///
/// assert!(target_from_bits(CompactTarget::from_consensus(0x1d00ffff)).is_some());
/// assert!(target_from_bits(CompactTarget::from_consensus(0x00000000)).is_none());
/// assert!(target_from_bits(CompactTarget::from_consensus(0x04923456)).is_none()); // negative
/// assert!(target_from_bits(CompactTarget::from_consensus(0xff123456)).is_none()); // overflow
/// ```
pub fn target_from_bits(bits: CompactTarget) -> Option<Target> {
    let raw = bits.to_consensus();
    let exponent = raw >> 24;
    let mantissa = raw & 0x007f_ffff;
    let negative = mantissa != 0 && (raw & 0x0080_0000) != 0;
    // Core's SetCompact overflow rule.
    let overflow = mantissa != 0
        && (exponent > 34
            || (mantissa > 0xff && exponent > 33)
            || (mantissa > 0xffff && exponent > 32));
    if negative || overflow || mantissa == 0 {
        return None;
    }
    let target = Target::from_compact(bits);
    if target == Target::ZERO {
        return None;
    }
    Some(target)
}

/// The expected number of hashes to find a block at `target`: `floor(2^256 / (target + 1))`,
/// exactly as Bitcoin Core's `GetBlockProof`.
///
/// # Examples
///
/// ```
/// use bitcoin::{CompactTarget, Target};
/// use minerscope::chain::consensus::{block_work, work_to_f64};
/// use minerscope::units::{Difficulty, HASHES_PER_DIFFICULTY};
///
/// // Block 830000 (bits 0x1703ba5d): work equals difficulty × 2^48/(2^16 − 1) to rounding.
/// let target = Target::from_compact(CompactTarget::from_consensus(0x1703ba5d));
/// let work = work_to_f64(block_work(target));
/// let d = Difficulty::from_target(target).to_f64();
/// assert!((work / (d * HASHES_PER_DIFFICULTY) - 1.0).abs() < 1e-12);
/// ```
pub fn block_work(target: Target) -> Work {
    target.to_work()
}

/// Converts a 256-bit work value to `f64` (correctly rounded to within one ulp).
///
/// # Examples
///
/// ```
/// use bitcoin::{CompactTarget, Target};
/// use minerscope::chain::consensus::{block_work, work_to_f64};
///
/// let w = block_work(Target::from_compact(CompactTarget::from_consensus(0x1d00ffff)));
/// assert_eq!(work_to_f64(w), 4_295_032_833.0);
/// ```
pub fn work_to_f64(work: Work) -> f64 {
    let bytes = work.to_be_bytes();
    let (hi, lo) = split_u256(&bytes);
    // 2^128 as f64 is exact; hi and lo each round once, the sum once more: ≤ 2 ulp total.
    (hi as f64) * 340_282_366_920_938_463_463_374_607_431_768_211_456.0 + (lo as f64)
}

fn split_u256(bytes: &[u8; 32]) -> (u128, u128) {
    let mut hi = [0u8; 16];
    let mut lo = [0u8; 16];
    hi.copy_from_slice(&bytes[..16]);
    lo.copy_from_slice(&bytes[16..]);
    (u128::from_be_bytes(hi), u128::from_be_bytes(lo))
}

/// Adds two work values, returning `None` on 256-bit overflow (rust-bitcoin's `+` panics).
///
/// # Examples
///
/// ```
/// use bitcoin::{CompactTarget, Target, Work};
/// use minerscope::chain::consensus::{block_work, checked_add_work, work_to_f64};
///
/// let w = block_work(Target::from_compact(CompactTarget::from_consensus(0x1d00ffff)));
/// assert_eq!(checked_add_work(w, w).map(work_to_f64), Some(2.0 * 4_295_032_833.0));
/// let max = Work::from_be_bytes([0xff; 32]);
/// assert_eq!(checked_add_work(max, w), None);
/// ```
pub fn checked_add_work(a: Work, b: Work) -> Option<Work> {
    let (ah, al) = split_u256(&a.to_be_bytes());
    let (bh, bl) = split_u256(&b.to_be_bytes());
    let (lo, carry) = al.overflowing_add(bl);
    let hi = ah.checked_add(bh)?.checked_add(u128::from(carry))?;
    let mut out = [0u8; 32];
    out[..16].copy_from_slice(&hi.to_be_bytes());
    out[16..].copy_from_slice(&lo.to_be_bytes());
    Some(Work::from_be_bytes(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn genesis_work() {
        // Core: GetBlockProof for 0x1d00ffff is 0x100010001 = 4295032833.
        let w = block_work(target_from_bits(CompactTarget::from_consensus(0x1d00ffff)).unwrap());
        assert_eq!(
            w,
            Work::from_be_bytes({
                let mut b = [0u8; 32];
                b[27..].copy_from_slice(&[0x01, 0x00, 0x01, 0x00, 0x01]);
                b
            })
        );
    }

    #[test]
    fn checked_add_detects_overflow() {
        let max = Work::from_be_bytes([0xff; 32]);
        let one = Work::from_be_bytes({
            let mut b = [0u8; 32];
            b[31] = 1;
            b
        });
        assert!(checked_add_work(max, one).is_none());
        let mut lo_full = [0u8; 32];
        lo_full[16..].copy_from_slice(&[0xff; 16]);
        let carried = checked_add_work(Work::from_be_bytes(lo_full), one).unwrap();
        let mut expect = [0u8; 32];
        expect[15] = 1;
        assert_eq!(carried, Work::from_be_bytes(expect));
    }
}
