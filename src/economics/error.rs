use thiserror::Error;

use crate::stats::StatsError;
use crate::units::UnitError;

/// Error from an economics calculation: an input outside its domain, an empty input, or a
/// degenerate case (zero hashrate, no fleet) that has no meaningful answer.
///
/// # Examples
///
/// ```
/// use minerscope::economics::{EconomicsError, Machine};
/// use minerscope::units::{Hashrate, Power};
///
/// let err = Machine::new("ghost", Hashrate::ZERO, Power::ZERO).unwrap_err();
/// assert!(matches!(err, EconomicsError::ZeroHashrate { what: "machine hashrate" }));
/// // Unit errors convert with `?` and keep their message.
/// let unit: EconomicsError = Power::from_watts(-1.0).unwrap_err().into();
/// assert_eq!(unit.to_string(), "power must not be negative, got -1");
/// ```
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum EconomicsError {
    /// A unit value could not be constructed (not finite, negative where that makes no sense).
    #[error(transparent)]
    Unit(#[from] UnitError),
    /// A statistical primitive rejected its input (a confidence level, an interval).
    #[error(transparent)]
    Stats(#[from] StatsError),
    /// A plain number is NaN or infinite.
    #[error("{what} must be finite, got {value}")]
    NotFinite {
        /// Which input.
        what: &'static str,
        /// The offending value.
        value: f64,
    },
    /// A number lies outside its valid range.
    #[error("{what} must be in {expected}, got {value}")]
    OutOfRange {
        /// Which input.
        what: &'static str,
        /// The valid range, e.g. `"[0, 1)"`.
        expected: &'static str,
        /// The offending value.
        value: f64,
    },
    /// A hashrate that must be positive is zero (no blocks would ever be found).
    #[error("{what} must be positive, got zero hashrate")]
    ZeroHashrate {
        /// Which hashrate.
        what: &'static str,
    },
    /// A fleet with no machines (or only zero counts).
    #[error("fleet must contain at least one machine")]
    EmptyFleet,
    /// A series that must not be empty is empty.
    #[error("{what} must not be empty")]
    Empty {
        /// Which series.
        what: &'static str,
    },
    /// Two series that must align have different lengths.
    #[error("{what}: lengths differ, {left} vs {right}")]
    LengthMismatch {
        /// Which pair of series.
        what: &'static str,
        /// Length of the first series.
        left: usize,
        /// Length of the second series.
        right: usize,
    },
    /// A coinbase paid out less than the block subsidy, so its fees would be negative.
    #[error(
        "coinbase total {total_sat} sat at height {height} is below the subsidy {subsidy_sat} sat"
    )]
    CoinbaseBelowSubsidy {
        /// Height of the block.
        height: u32,
        /// The coinbase's total output, in satoshis.
        total_sat: u64,
        /// The subsidy at that height, in satoshis.
        subsidy_sat: u64,
    },
    /// A negative electricity price where the calculation has no meaning for one (a tariff in a
    /// breakeven or shutdown computation). Curtailment schedules accept negative prices.
    #[error("{what} must not be negative here, got ${usd_per_mwh}/MWh")]
    NegativePowerPrice {
        /// Which price.
        what: &'static str,
        /// The offending price in USD/MWh.
        usd_per_mwh: f64,
    },
    /// An iterative solver found no root in its bracket (e.g. an IRR for cash flows that never
    /// change sign).
    #[error("{what}: no solution in the searched range")]
    NoSolution {
        /// What was being solved for.
        what: &'static str,
    },
    /// A result overflowed the finite range of `f64` or of `bitcoin::Amount`.
    #[error("{what} overflowed")]
    Overflow {
        /// Which quantity.
        what: &'static str,
    },
}

/// Checks that `value` is finite.
pub(crate) fn finite(what: &'static str, value: f64) -> Result<f64, EconomicsError> {
    if value.is_finite() { Ok(value) } else { Err(EconomicsError::NotFinite { what, value }) }
}

/// Checks that `value` is finite and in `[0, 1)` (a fee or loss fraction).
pub(crate) fn fraction_below_one(what: &'static str, value: f64) -> Result<f64, EconomicsError> {
    let v = finite(what, value)?;
    if (0.0..1.0).contains(&v) {
        Ok(v)
    } else {
        Err(EconomicsError::OutOfRange { what, expected: "[0, 1)", value })
    }
}

/// Checks that `value` is finite and in `(0, 1]` (an uptime or availability).
pub(crate) fn fraction_positive(what: &'static str, value: f64) -> Result<f64, EconomicsError> {
    let v = finite(what, value)?;
    if v > 0.0 && v <= 1.0 {
        Ok(v)
    } else {
        Err(EconomicsError::OutOfRange { what, expected: "(0, 1]", value })
    }
}

/// Checks that `value` is finite and non-negative.
pub(crate) fn non_negative(what: &'static str, value: f64) -> Result<f64, EconomicsError> {
    let v = finite(what, value)?;
    if v >= 0.0 {
        Ok(v)
    } else {
        Err(EconomicsError::OutOfRange { what, expected: "[0, ∞)", value })
    }
}

/// Checks that a computed value is finite, naming it as an overflow otherwise.
pub(crate) fn computed(what: &'static str, value: f64) -> Result<f64, EconomicsError> {
    if value.is_finite() { Ok(value) } else { Err(EconomicsError::Overflow { what }) }
}
