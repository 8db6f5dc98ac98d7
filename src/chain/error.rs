use bitcoin::BlockHash;
use thiserror::Error;

/// Error from building or validating chain data.
///
/// Every variant names what was wrong and where (height, index or JSON field), so a caller
/// can report the exact bad record.
///
/// # Examples
///
/// ```
/// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
/// use minerscope::chain::{BlockRecord, ChainError};
///
/// let zero_bits = CompactTarget::from_consensus(0);
/// let err = BlockRecord::new(5, BlockHash::all_zeros(), 0, zero_bits).unwrap_err();
/// assert_eq!(err, ChainError::InvalidBits { height: 5, bits: 0 });
/// assert_eq!(err.to_string(), "block 5: bits 0x00000000 do not encode a positive target");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ChainError {
    /// `bits` does not decode to a positive target (zero, negative or overflowing mantissa).
    #[error("block {height}: bits {bits:#010x} do not encode a positive target")]
    InvalidBits {
        /// Height of the offending block.
        height: u32,
        /// The raw compact `bits`.
        bits: u32,
    },
    /// A series was empty where at least one record is needed.
    #[error("block series is empty")]
    EmptySeries,
    /// Heights do not increase by exactly one.
    #[error("non-contiguous heights at index {index}: expected height {expected}, found {found}")]
    NonContiguous {
        /// Position of the first bad record in the input.
        index: usize,
        /// The height that would have been contiguous.
        expected: u32,
        /// The height found.
        found: u32,
    },
    /// A record's `prev_hash` is not the hash of the record before it.
    #[error("block {height}: prev hash {found} does not link to {expected}")]
    PrevHashMismatch {
        /// Height of the record whose link is broken.
        height: u32,
        /// Hash of the previous record.
        expected: BlockHash,
        /// The `prev_hash` the record declares.
        found: BlockHash,
    },
    /// A height does not fit the range the operation supports.
    #[error("height {height} is out of range: {reason}")]
    HeightOutOfRange {
        /// The offending height.
        height: u64,
        /// Why it is out of range.
        reason: &'static str,
    },
    /// The first transaction of a block is not a coinbase.
    #[error("first transaction of the block is not a coinbase")]
    NotCoinbase,
    /// The block has no transactions.
    #[error("block has no transactions")]
    NoTransactions,
    /// A block's height could not be read from its coinbase (BIP34).
    #[error("block height is not encoded in the coinbase (BIP34): {reason}")]
    MissingBip34Height {
        /// What rust-bitcoin reported.
        reason: String,
    },
    /// The caller's height and the BIP34 height in the coinbase disagree.
    #[error("height {given} given, but the coinbase encodes height {bip34} (BIP34)")]
    HeightMismatch {
        /// The height supplied by the caller.
        given: u32,
        /// The height in the coinbase.
        bip34: u64,
    },
    /// Summing work overflowed 256 bits (only possible with absurdly easy targets).
    #[error("chainwork overflows 256 bits at block {height}")]
    WorkOverflow {
        /// Height at which the sum overflowed.
        height: u32,
    },
    /// JSON text is not well-formed.
    #[error("malformed JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// The parser's description.
        message: String,
    },
    /// A required JSON field is absent.
    #[error("missing field `{field}`")]
    MissingField {
        /// Path of the field, e.g. `tx[0].vin[0].coinbase`.
        field: String,
    },
    /// A JSON field is present but its value is unusable.
    #[error("invalid field `{field}`: {reason}")]
    InvalidField {
        /// Path of the field.
        field: String,
        /// Why the value was rejected.
        reason: String,
    },
    /// Raw bytes did not decode as a block, header or transaction.
    #[error("consensus decoding failed: {reason}")]
    Decode {
        /// What the decoder reported.
        reason: String,
    },
}
