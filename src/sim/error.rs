use thiserror::Error;

use crate::chain::ChainError;

/// Error from building or running a simulation scenario.
///
/// Every variant names the offending value and where it was found, so a bad scenario can be
/// fixed without guessing. Scenario construction ([`super::ScenarioBuilder::build`]) rejects
/// everything that can be checked up front; running ([`super::Scenario::run`]) can still fail
/// when a closure hashrate path returns a bad value or the chain runs out of timestamp or
/// height range.
///
/// # Examples
///
/// ```
/// use minerscope::sim::{Scenario, SimError};
///
/// let scenario = Scenario::builder().seed(1).build()?;
/// assert_eq!(scenario.run(0).unwrap_err(), SimError::ZeroBlocks);
/// let err = minerscope::sim::TimestampNoise::normal(f64::NAN).unwrap_err();
/// assert!(matches!(err, SimError::InvalidNoise { parameter: "sigma_secs", .. }));
/// # Ok::<_, SimError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum SimError {
    /// A hashrate value is NaN, infinite or negative.
    #[error("hashrate must be finite and non-negative, got {value} H/s at t = {time_secs} s")]
    InvalidHashrate {
        /// The offending value in H/s.
        value: f64,
        /// Seconds since the scenario start at which it was given or evaluated.
        time_secs: f64,
    },
    /// A breakpoint time of a hashrate path is NaN, infinite, negative or earlier than the
    /// breakpoint before it.
    #[error(
        "hashrate path breakpoint {index} has time {time_secs} s: times must be finite, non-negative and non-decreasing"
    )]
    InvalidBreakpoint {
        /// Position of the breakpoint in the input.
        index: usize,
        /// Its time in seconds since the scenario start.
        time_secs: f64,
    },
    /// A hashrate path was given no breakpoints.
    #[error("hashrate path needs at least one breakpoint")]
    EmptyPath,
    /// A ramp's duration is NaN, infinite or not positive.
    #[error("ramp duration must be finite and positive, got {duration_secs} s")]
    InvalidRampDuration {
        /// The offending duration.
        duration_secs: f64,
    },
    /// A pool share is NaN, infinite, negative or above one.
    #[error("{} must be in [0, 1], got {share}", ShareOwner(*index, name))]
    InvalidShare {
        /// Position of the pool in the mix (`usize::MAX` for the unknown-miner share).
        index: usize,
        /// Name of the pool.
        name: String,
        /// The offending share.
        share: f64,
    },
    /// Pool shares (including the unknown-miner share) do not sum to one.
    #[error("pool shares must sum to 1 (within 1e-9), got {sum}")]
    SharesDoNotSumToOne {
        /// The sum found.
        sum: f64,
    },
    /// A pool's coinbase tag is too long to fit the 100-byte scriptSig limit.
    #[error("coinbase tag of pool {name} has {len} bytes, more than the 80 allowed")]
    TagTooLong {
        /// Name of the pool.
        name: String,
        /// Length of its tag in bytes.
        len: usize,
    },
    /// A per-pool path was set on a mix defined by shares.
    #[error(
        "pool mix is defined by shares; convert it with `into_paths` before setting a pool's path"
    )]
    NotPathMix,
    /// A pool index is out of range.
    #[error("pool index {index} is out of range for a mix of {len} pools")]
    PoolIndexOutOfRange {
        /// The index given.
        index: usize,
        /// Number of pools in the mix.
        len: usize,
    },
    /// A pool mix has no miners at all.
    #[error("pool mix is empty")]
    EmptyPoolMix,
    /// Both a network hashrate path and per-pool hashrate paths were given.
    #[error("scenario has both a network hashrate path and per-pool hashrate paths; give one")]
    ConflictingHashrate,
    /// A timestamp-noise parameter is out of range.
    #[error("timestamp noise parameter `{parameter}` is out of range: {value}")]
    InvalidNoise {
        /// Name of the parameter.
        parameter: &'static str,
        /// The offending value.
        value: f64,
    },
    /// A fee-model parameter is out of range.
    #[error("fee model parameter `{parameter}` is out of range: {value}")]
    InvalidFees {
        /// Name of the parameter.
        parameter: &'static str,
        /// The offending value.
        value: f64,
    },
    /// The start state's `bits` do not encode a positive target.
    #[error("start state bits {bits:#010x} do not encode a positive target")]
    InvalidBits {
        /// The raw compact bits.
        bits: u32,
    },
    /// A start-state timestamp is inconsistent (e.g. the period start is after the tip).
    #[error("start state: {reason}")]
    InvalidStart {
        /// What is wrong.
        reason: &'static str,
    },
    /// Zero blocks were requested.
    #[error("number of blocks to simulate must be positive, got 0")]
    ZeroBlocks,
    /// The hashrate is zero from some time on, so no further block can ever be found.
    #[error("hashrate is zero forever from t = {time_secs} s: block {height} would never be found")]
    Stalled {
        /// Height of the block that cannot be found.
        height: u32,
        /// Seconds since the scenario start from which the hashrate stays zero.
        time_secs: f64,
    },
    /// A block's time does not fit a `u32` header timestamp (after 2106-02-07).
    #[error("block {height} would be found at Unix time {unix_secs}, beyond the u32 header range")]
    TimeOverflow {
        /// Height of the block.
        height: u32,
        /// Its true time in Unix seconds.
        unix_secs: f64,
    },
    /// Heights would exceed `u32::MAX`.
    #[error("height overflows u32 after {start_height} + {n_blocks} blocks")]
    HeightOverflow {
        /// Height of the start state.
        start_height: u32,
        /// Blocks requested.
        n_blocks: usize,
    },
    /// Building a record or series failed (an internal invariant; reported, not panicked).
    #[error("building the simulated chain failed: {0}")]
    Chain(#[source] ChainError),
}

/// Names the owner of a share in [`SimError::InvalidShare`]'s message: "share of pool 3
/// (F2Pool)", or "unknown-miner share" for the `usize::MAX` index rather than its 20 digits.
struct ShareOwner<'a>(usize, &'a str);

impl std::fmt::Display for ShareOwner<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareOwner(usize::MAX, _) => f.write_str("unknown-miner share"),
            ShareOwner(index, name) => write!(f, "share of pool {index} ({name})"),
        }
    }
}
