use thiserror::Error;

use crate::stats::StatsError;

/// Error from the `pool` module: a registry file that cannot be read as its format, or
/// statistics asked of counts that cannot support them.
///
/// Registry entries that are individually bad (an address that does not parse, an empty tag) are
/// not errors: they are collected in [`Registry::skipped`](super::Registry::skipped).
///
/// # Examples
///
/// ```
/// use minerscope::pool::{PoolError, Shares, SimultaneousMethod};
/// use minerscope::stats::ConfidenceLevel;
///
/// let err =
///     Shares::from_counts(&[0, 0], ConfidenceLevel::P95, SimultaneousMethod::Goodman)
///         .unwrap_err();
/// assert_eq!(err, PoolError::EmptyCounts { categories: 2 });
/// assert_eq!(
///     err.to_string(),
///     "counts must contain at least one block, got a total of 0 over 2 categories"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum PoolError {
    /// The text is not valid JSON.
    #[error("malformed {format} JSON at line {line}, column {column}: {message}")]
    Json {
        /// The registry format being read.
        format: &'static str,
        /// 1-based line of the syntax error.
        line: usize,
        /// 1-based column of the syntax error; 0 when the text ends right after a line break
        /// (or is empty), as `serde_json` reports it.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// Valid JSON whose shape is not the expected registry format.
    #[error("{format} registry has the wrong shape at {path}: expected {expected}")]
    Schema {
        /// The registry format being read.
        format: &'static str,
        /// Where in the document, e.g. `$[3].tags`.
        path: String,
        /// What was expected there, e.g. `"an array of strings"`.
        expected: &'static str,
    },
    /// The JSON matches none of the supported registry formats.
    #[error("unrecognised registry format: {reason}")]
    UnknownFormat {
        /// Why detection failed.
        reason: &'static str,
    },
    /// An ownership-group date that is not `YYYY-MM` or `YYYY-MM-DD`.
    #[error("invalid date {value:?} for pool {pool:?} in ownership group {entity:?}")]
    InvalidDate {
        /// The owning entity.
        entity: String,
        /// The pool.
        pool: String,
        /// The offending text.
        value: String,
    },
    /// An ownership range that ends on or before it starts, so covers no day.
    #[error(
        "ownership of pool {pool:?} by {entity:?} ends ({to:?}) on or before it starts ({from:?})"
    )]
    InvalidDateRange {
        /// The owning entity.
        entity: String,
        /// The pool.
        pool: String,
        /// The start as written.
        from: String,
        /// The (exclusive) end as written.
        to: String,
    },
    /// Two entities owning the same pool on the same day, so the owner would be ambiguous.
    #[error("pool {pool:?} is owned by both {first:?} and {second:?} from {date}")]
    OverlappingOwnership {
        /// The pool, as written in the first membership.
        pool: String,
        /// One owning entity.
        first: String,
        /// The other owning entity.
        second: String,
        /// The first day both cover, `YYYY-MM-DD` (or `"the beginning"` when both are open).
        date: String,
    },
    /// Shares or concentration asked of a window with no blocks.
    #[error(
        "counts must contain at least one block, got a total of 0 over {categories} categories"
    )]
    EmptyCounts {
        /// Number of categories given.
        categories: usize,
    },
    /// A method that needs at least `needed` categories got fewer.
    #[error("{method} needs at least {needed} categories, got {got}")]
    TooFewCategories {
        /// The method, e.g. `"sison-glaz"` (lower-case, as error messages are).
        method: &'static str,
        /// Categories needed.
        needed: usize,
        /// Categories given.
        got: usize,
    },
    /// The Sison–Glaz search for its constant `c` did not converge.
    #[error("sison-glaz found no c with nu(c) <= {level} < nu(c+1) for n = {n}")]
    SisonGlazNoSolution {
        /// Total count.
        n: u64,
        /// Confidence level.
        level: f64,
    },
    /// Sison–Glaz asked of more blocks than it is computed for (its exact box sums grow with
    /// √n); Goodman has no such limit.
    #[error("sison-glaz is computed for at most {max} blocks, got {n}; use goodman")]
    SisonGlazTooManyBlocks {
        /// Total count.
        n: u64,
        /// The largest total computed.
        max: u64,
    },
    /// The tag automaton could not be built.
    #[error("tag automaton could not be built: {0}")]
    Automaton(String),
    /// Zero posterior draws requested.
    #[error("number of posterior draws must be positive, got {0}")]
    ZeroDraws(usize),
    /// More posterior draws requested than memory can hold.
    #[error("cannot hold {draws} posterior draws in memory")]
    TooManyDraws {
        /// Draws requested.
        draws: usize,
    },
    /// A deserialized pool id beyond [`PoolId::MAX_INDEX`](super::PoolId::MAX_INDEX).
    #[error("pool index {index} is beyond the largest a registry holds ({max})")]
    PoolIdTooLarge {
        /// The index read.
        index: u32,
        /// The largest index accepted.
        max: u32,
    },
    /// Block counts whose total does not fit in a `u64`.
    #[error("block counts over {categories} categories add up to more than u64::MAX")]
    CountOverflow {
        /// Number of categories given.
        categories: usize,
    },
    /// A statistical primitive failed (bad level or parameter).
    #[error("statistics: {0}")]
    Stats(#[from] StatsError),
}

impl PoolError {
    pub(crate) fn json(format: &'static str, e: &serde_json::Error) -> Self {
        PoolError::Json { format, line: e.line(), column: e.column(), message: e.to_string() }
    }

    pub(crate) fn schema(
        format: &'static str,
        path: impl Into<String>,
        expected: &'static str,
    ) -> Self {
        PoolError::Schema { format, path: path.into(), expected }
    }
}
