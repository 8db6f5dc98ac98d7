use thiserror::Error;

use crate::stats::StatsError;
use crate::units::UnitError;

/// Error from configuring or running a change-point detector.
///
/// Every variant names the offending value and the parameter or position it came from.
///
/// # Examples
///
/// ```
/// use minerscope::detect::{Baseline, DetectError, FalseAlarmTarget, Shift};
///
/// // A drop of 150 % is outside (0, 1): the error names the parameter and the value.
/// let err = Shift::drop(1.5).unwrap_err();
/// assert!(matches!(err, DetectError::InvalidParameter { name: "drop fraction", value, .. } if value == 1.5));
/// assert_eq!(err.to_string(), "detector parameter drop fraction is invalid: 1.5 (must be in (0, 1))");
/// // A false alarm every 5 blocks is too frequent to calibrate.
/// assert!(matches!(
///     FalseAlarmTarget::blocks(5.0),
///     Err(DetectError::InvalidFalseAlarmTarget { what: "blocks", value: 5.0, .. })
/// ));
/// // One block interval cannot estimate a rate.
/// assert!(matches!(
///     Baseline::from_work_time(1, 600.0),
///     Err(DetectError::DegenerateWindow { blocks: 1, min: 2, .. })
/// ));
/// ```
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum DetectError {
    /// A false-alarm target (average run length to a false alarm) that is not finite and
    /// positive, or too short to calibrate.
    #[error("false-alarm target {what} must be finite and at least {min}, got {value}")]
    InvalidFalseAlarmTarget {
        /// The unit the target was given in (`"blocks"`, `"days"`).
        what: &'static str,
        /// The offending value.
        value: f64,
        /// The smallest accepted value in that unit.
        min: f64,
    },
    /// A detector parameter outside its domain.
    #[error("detector parameter {name} is invalid: {value} ({reason})")]
    InvalidParameter {
        /// The parameter, e.g. `"drop fraction"`.
        name: &'static str,
        /// The offending value.
        value: f64,
        /// What the domain is.
        reason: &'static str,
    },
    /// A series with no data where at least one interval is needed.
    #[error("{what} is empty")]
    EmptySeries {
        /// Which input was empty.
        what: &'static str,
    },
    /// A window with too few blocks (or a non-positive work-time) to estimate a rate.
    #[error(
        "{what}: window of {blocks} blocks with work-time {work_time} cannot give a rate (need at least {min} blocks and positive work-time)"
    )]
    DegenerateWindow {
        /// Which window.
        what: &'static str,
        /// Blocks (intervals) in the window.
        blocks: u64,
        /// Its work-time sum.
        work_time: f64,
        /// The minimum number of blocks.
        min: u64,
    },
    /// A rate (hashrate, normalised rate) that is not finite and positive.
    #[error("{what} must be a finite positive rate, got {value}")]
    InvalidRate {
        /// Which rate.
        what: &'static str,
        /// The offending value.
        value: f64,
    },
    /// A work-time observation that is not finite.
    #[error("work-time at position {index} is not finite: {value}")]
    NonFiniteWorkTime {
        /// Position in the input.
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// A height outside the series.
    #[error("height {height} is outside the series {start}..={end}")]
    HeightOutOfRange {
        /// The requested height.
        height: u32,
        /// First height of the series.
        start: u32,
        /// Last height of the series.
        end: u32,
    },
    /// A statistical primitive failed (a quantile with an out-of-domain parameter).
    #[error("statistics: {0}")]
    Stats(#[source] StatsError),
    /// A unit value was out of range.
    #[error("units: {0}")]
    Unit(#[source] UnitError),
}

impl From<StatsError> for DetectError {
    fn from(e: StatsError) -> Self {
        DetectError::Stats(e)
    }
}

impl From<UnitError> for DetectError {
    fn from(e: UnitError) -> Self {
        DetectError::Unit(e)
    }
}
