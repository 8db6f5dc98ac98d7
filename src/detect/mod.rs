//! Change-point detection of hashrate drops (power-downs) and rises (recoveries).
mod bank;
mod baseline;
pub mod calibration;
mod cusum;
mod detector;
mod error;
mod glr;
mod montecarlo;
pub mod ratio;
mod shift;

pub use baseline::{Baseline, BlockSum};
pub use bank::{CusumBank, DEFAULT_DROP_GRID};
pub use calibration::FalseAlarmTarget;
pub use cusum::Cusum;
pub use detector::{Alarm, Detector};
pub use error::DetectError;
pub use glr::{Glr, GlrConfig, WindowGrid};
pub use shift::{Direction, Shift};
