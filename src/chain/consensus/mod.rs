//! Exact consensus arithmetic: work, chainwork, difficulty retargeting, subsidy and
//! median-time-past, as Bitcoin Core computes them (integer arithmetic, no floats where Core uses
//! none).

mod mtp;
mod retarget;
mod subsidy;
mod work;

pub use mtp::{MTP_WINDOW, median_time_past};
pub use retarget::{
    BLOCKS_PER_DAY, MAX_TIMESPAN_SECS, MIN_TIMESPAN_SECS, RETARGET_INTERVAL, TARGET_SPACING_SECS,
    TARGET_TIMESPAN_SECS, clamp_timespan, is_retarget_height, next_bits, period_start,
};
pub use subsidy::{HALVING_INTERVAL, block_subsidy, next_halving_height};
#[cfg(feature = "serde")]
pub(crate) use work::deserialize_valid_bits;
pub use work::{block_work, checked_add_work, target_from_bits, work_to_f64};
