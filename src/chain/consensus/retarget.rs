use bitcoin::consensus::Params;
use bitcoin::{CompactTarget, Target};

/// Blocks per difficulty period.
///
/// # Examples
///
/// ```
/// use minerscope::chain::consensus::{
///     RETARGET_INTERVAL, TARGET_SPACING_SECS, period_start,
/// };
///
/// assert_eq!(RETARGET_INTERVAL * TARGET_SPACING_SECS, 1_209_600);
/// assert_eq!(period_start(830_000) % RETARGET_INTERVAL, 0);
/// ```
pub const RETARGET_INTERVAL: u32 = 2016;
/// Target block spacing in seconds.
///
/// # Examples
///
/// ```
/// use minerscope::chain::consensus::TARGET_SPACING_SECS;
///
/// assert_eq!(TARGET_SPACING_SECS, 10 * 60);
/// ```
pub const TARGET_SPACING_SECS: u32 = 600;

/// Blocks per day at the target spacing: 86 400 s / 600 s = 144. The one definition the
/// hashrate smoother, the detectors' day-based targets and the economics share.
///
/// # Examples
///
/// ```
/// use minerscope::chain::consensus::{BLOCKS_PER_DAY, TARGET_SPACING_SECS};
///
/// assert_eq!(BLOCKS_PER_DAY, 144.0);
/// assert_eq!(BLOCKS_PER_DAY * f64::from(TARGET_SPACING_SECS), 86_400.0);
/// ```
pub const BLOCKS_PER_DAY: f64 = 86_400.0 / TARGET_SPACING_SECS as f64;
/// Target timespan of a period, 2016 × 600 s = 1 209 600 s.
///
/// # Examples
///
/// ```
/// use minerscope::chain::consensus::TARGET_TIMESPAN_SECS;
///
/// assert_eq!(TARGET_TIMESPAN_SECS, 14 * 24 * 3600); // two weeks
/// ```
pub const TARGET_TIMESPAN_SECS: u32 = 1_209_600;
/// Lower clamp of the measured timespan (a quarter of the target).
///
/// # Examples
///
/// ```
/// use minerscope::chain::consensus::{MIN_TIMESPAN_SECS, clamp_timespan};
///
/// assert_eq!(MIN_TIMESPAN_SECS, 302_400);
/// assert_eq!(clamp_timespan(1), MIN_TIMESPAN_SECS);
/// ```
pub const MIN_TIMESPAN_SECS: u32 = TARGET_TIMESPAN_SECS / 4;
/// Upper clamp of the measured timespan (four times the target).
///
/// # Examples
///
/// ```
/// use minerscope::chain::consensus::{MAX_TIMESPAN_SECS, clamp_timespan};
///
/// assert_eq!(MAX_TIMESPAN_SECS, 4_838_400);
/// assert_eq!(clamp_timespan(i64::MAX), MAX_TIMESPAN_SECS);
/// ```
pub const MAX_TIMESPAN_SECS: u32 = TARGET_TIMESPAN_SECS * 4;

/// Whether the block at `height` carries newly computed `bits` (`height % 2016 == 0`, `height > 0`).
///
/// # Examples
///
/// ```
/// use minerscope::chain::consensus::is_retarget_height;
///
/// assert!(is_retarget_height(830_592)); // 412 × 2016
/// assert!(!is_retarget_height(830_000));
/// assert!(!is_retarget_height(0)); // genesis has no predecessor period
/// ```
pub fn is_retarget_height(height: u32) -> bool {
    height > 0 && height.is_multiple_of(RETARGET_INTERVAL)
}

/// The first height of the difficulty period that contains `height`.
///
/// # Examples
///
/// ```
/// use minerscope::chain::consensus::period_start;
///
/// assert_eq!(period_start(830_000), 828_576);
/// assert_eq!(period_start(830_592), 830_592);
/// assert_eq!(period_start(2015), 0);
/// ```
pub fn period_start(height: u32) -> u32 {
    height - height % RETARGET_INTERVAL
}

/// Clamps a measured timespan (which may be negative on a time-warped chain) to
/// `[302 400, 4 838 400]` seconds, as Core does before scaling the target.
///
/// # Examples
///
/// ```
/// use minerscope::chain::consensus::clamp_timespan;
///
/// assert_eq!(clamp_timespan(1_100_000), 1_100_000);
/// assert_eq!(clamp_timespan(-7_200), 302_400); // a time-warped period
/// assert_eq!(clamp_timespan(10_000_000), 4_838_400);
/// ```
pub fn clamp_timespan(timespan_secs: i64) -> u32 {
    // The clamp bounds fit in u32, so the cast after clamping is lossless.
    timespan_secs.clamp(i64::from(MIN_TIMESPAN_SECS), i64::from(MAX_TIMESPAN_SECS)) as u32
}

/// The mainnet `bits` of the first block of a new period, exactly as Bitcoin Core's
/// `CalculateNextWorkRequired`.
///
/// * `last_bits`: bits of the last block of the ending period (height `2016k − 1`).
/// * `first_time`, `last_time`: timestamps of the first (`2016(k−1)`) and last (`2016k − 1`)
///   blocks of the ending period. Their difference spans 2015 intervals: Core's off-by-one.
///
/// The timespan is clamped to a factor of four, the target scaled in 256-bit integers
/// (truncating) and capped at the proof-of-work limit, then encoded with Core's `GetCompact`.
///
/// A `last_bits` easier than the mainnet limit (regtest's `0x207fffff`, say: Core never meets
/// one on mainnet) gives the limit whenever the exact result would exceed it; in particular a
/// target above four times the limit always does, since the clamped timespan scales it by at
/// least 1/4. `last_bits` must encode a positive target (as every [`BlockRecord`]'s bits do,
/// see [`target_from_bits`]); for other bits the result is meaningless. As in Core, a target
/// under 4 can truncate to 0 over a short period, and bits 0 encode no target.
///
/// [`BlockRecord`]: crate::chain::BlockRecord
/// [`target_from_bits`]: super::target_from_bits
///
/// # Examples
///
/// The first retarget, at height 32256 (bits of 30240–32255 were 0x1d00ffff):
///
/// ```
/// use bitcoin::CompactTarget;
/// use minerscope::chain::consensus::next_bits;
///
/// let bits = next_bits(CompactTarget::from_consensus(0x1d00ffff), 1261130161, 1262152739);
/// assert_eq!(bits.to_consensus(), 0x1d00d86a);
/// ```
pub fn next_bits(last_bits: CompactTarget, first_time: u32, last_time: u32) -> CompactTarget {
    let limit = Target::MAX_ATTAINABLE_MAINNET;
    // rust-bitcoin multiplies target × timespan in 256 bits, which wraps once the target
    // exceeds ≈ 2^234 (bits 0x220000ff over 1 209 600 s wrapped to 0). Core never gets there:
    // its targets are at most the limit (≈ 2^224). Above 4 × limit the exact result is the
    // limit; at or below it the product stays under 2^249, so rust-bitcoin's is exact.
    if Target::from_compact(last_bits) > limit.max_transition_threshold_unchecked() {
        return limit.to_compact_lossy();
    }
    let timespan = clamp_timespan(i64::from(last_time) - i64::from(first_time));
    CompactTarget::from_next_work_required(last_bits, u64::from(timespan), Params::MAINNET)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamps_both_ways() {
        assert_eq!(clamp_timespan(-5), MIN_TIMESPAN_SECS);
        assert_eq!(clamp_timespan(i64::MAX), MAX_TIMESPAN_SECS);
        assert_eq!(clamp_timespan(1_000_000), 1_000_000);
    }

    #[test]
    fn pow_limit_caps_easy_periods() {
        // A period 4× too slow at the limit stays at the limit.
        let bits = next_bits(CompactTarget::from_consensus(0x1d00ffff), 0, 10_000_000);
        assert_eq!(bits.to_consensus(), 0x1d00ffff);
    }

    #[test]
    fn retarget_heights() {
        assert!(!is_retarget_height(0));
        assert!(is_retarget_height(2016));
        assert!(!is_retarget_height(2015));
        assert_eq!(period_start(830_591), 828_576);
    }
}
