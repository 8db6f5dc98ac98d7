//! Change-point detection of hashrate drops (power-downs) and rises (recoveries).
pub mod calibration;
mod error;
mod shift;

pub use calibration::FalseAlarmTarget;
pub use error::DetectError;
pub use shift::{Direction, Shift};
