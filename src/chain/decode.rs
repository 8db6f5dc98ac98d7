//! Consensus decoding of raw blocks, headers and transactions from byte slices, without I/O.
//!
//! Thin, panic-free wrappers over rust-bitcoin's decoder that report failures as
//! [`ChainError::Decode`] and insist that the whole slice is consumed.

use bitcoin::block::Header;
use bitcoin::consensus::deserialize;
use bitcoin::{Block, Transaction};

use super::{BlockRecord, ChainError};

/// Size of a serialized block header in bytes.
///
/// # Examples
///
/// ```
/// use minerscope::chain::{HEADER_SIZE, decode_headers};
///
/// assert_eq!(HEADER_SIZE, 80);
/// assert_eq!(decode_headers(&[0u8; 3 * HEADER_SIZE])?.len(), 3);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub const HEADER_SIZE: usize = Header::SIZE;

fn decode<T: bitcoin::consensus::Decodable>(bytes: &[u8], what: &str) -> Result<T, ChainError> {
    deserialize(bytes)
        .map_err(|e| ChainError::Decode { reason: format!("{what} of {} bytes: {e}", bytes.len()) })
}

/// Decodes a serialized block (header, transaction count, transactions; segwit or not).
///
/// The merkle root is not checked here: see [`Block::check_merkle_root`].
///
/// # Errors
///
/// [`ChainError::Decode`] if the bytes are not exactly one block.
///
/// # Examples
///
/// ```
/// use bitcoin::hex::FromHex;
/// use minerscope::chain::{decode_block, BlockRecord, ChainError};
///
/// // The genesis block: header, one transaction, the coinbase.
/// let bytes = Vec::<u8>::from_hex(concat!(
///     "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd",
///     "7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c",
///     "0101000000010000000000000000000000000000000000000000000000000000000000000000ffff",
///     "ffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c",
///     "6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73",
///     "ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a6",
///     "7962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5f",
///     "ac00000000",
/// ))?;
/// let block = decode_block(&bytes)?;
/// assert!(block.check_merkle_root());
/// let record = BlockRecord::from_block_at(&block, 0)?;
/// assert_eq!(record.coinbase_value().map(|a| a.to_sat()), Some(5_000_000_000));
///
/// assert!(matches!(decode_block(&bytes[..100]), Err(ChainError::Decode { .. })));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn decode_block(bytes: &[u8]) -> Result<Block, ChainError> {
    decode(bytes, "block")
}

/// Decodes an 80-byte block header.
///
/// # Errors
///
/// [`ChainError::Decode`] if `bytes` is not exactly 80 bytes.
///
/// # Examples
///
/// ```
/// use bitcoin::hex::FromHex;
/// use minerscope::chain::decode_header;
///
/// // The genesis header.
/// let bytes = Vec::<u8>::from_hex(
///     "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b2\
///      7ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c",
/// )?;
/// let header = decode_header(&bytes)?;
/// assert_eq!(header.time, 1_231_006_505);
/// assert_eq!(
///     header.block_hash().to_string(),
///     "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
/// );
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn decode_header(bytes: &[u8]) -> Result<Header, ChainError> {
    if bytes.len() != HEADER_SIZE {
        return Err(ChainError::Decode {
            reason: format!("a header is {HEADER_SIZE} bytes, got {}", bytes.len()),
        });
    }
    decode(bytes, "header")
}

/// Decodes a serialized transaction (segwit or not).
///
/// # Errors
///
/// [`ChainError::Decode`] if the bytes are not exactly one transaction.
///
/// # Examples
///
/// ```
/// use bitcoin::hex::FromHex;
/// use minerscope::chain::{decode_transaction, ChainError, HEADER_SIZE};
///
/// # let bytes = Vec::<u8>::from_hex(concat!(
/// #     "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd",
/// #     "7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c",
/// #     "0101000000010000000000000000000000000000000000000000000000000000000000000000ffff",
/// #     "ffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c",
/// #     "6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73",
/// #     "ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a6",
/// #     "7962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5f",
/// #     "ac00000000",
/// # ))?;
/// // The genesis block (hex hidden): header, a one-byte transaction count, the coinbase.
/// let tx_bytes = &bytes[HEADER_SIZE + 1..];
/// let tx = decode_transaction(tx_bytes)?;
/// assert!(tx.is_coinbase());
/// assert_eq!(
///     tx.compute_txid().to_string(),
///     "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
/// );
/// // A trailing byte is rejected: the whole slice must be one transaction.
/// let mut extra = tx_bytes.to_vec();
/// extra.push(0);
/// assert!(matches!(decode_transaction(&extra), Err(ChainError::Decode { .. })));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn decode_transaction(bytes: &[u8]) -> Result<Transaction, ChainError> {
    decode(bytes, "transaction")
}

/// Splits a concatenation of 80-byte headers (as in a headers file or a `headers` message
/// payload without counts) and decodes each.
///
/// # Errors
///
/// [`ChainError::Decode`] if the length is not a multiple of 80 (naming the stray byte count).
///
/// # Examples
///
/// ```
/// use minerscope::chain::{ChainError, decode_headers};
///
/// assert_eq!(decode_headers(&[])?.len(), 0);
/// assert!(matches!(decode_headers(&[0u8; 81]), Err(ChainError::Decode { .. })));
/// assert_eq!(decode_headers(&[0u8; 160])?.len(), 2);
/// # Ok::<_, ChainError>(())
/// ```
pub fn decode_headers(bytes: &[u8]) -> Result<Vec<Header>, ChainError> {
    let chunks = bytes.chunks_exact(HEADER_SIZE);
    if !chunks.remainder().is_empty() {
        return Err(ChainError::Decode {
            reason: format!(
                "{} bytes is not a whole number of {HEADER_SIZE}-byte headers ({} stray bytes)",
                bytes.len(),
                chunks.remainder().len()
            ),
        });
    }
    chunks.map(decode_header).collect()
}

/// Decodes a block and builds its [`BlockRecord`] (with coinbase, size, weight and
/// transaction count): at `height` if given, else at the height its coinbase encodes (BIP34).
///
/// # Errors
///
/// [`ChainError::Decode`], and the errors of [`BlockRecord::from_block_at`] or
/// [`BlockRecord::from_block`].
///
/// # Examples
///
/// ```
/// use bitcoin::hex::FromHex;
/// use minerscope::chain::{decode_block_record, ChainError};
///
/// # let bytes = Vec::<u8>::from_hex(concat!(
/// #     "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd",
/// #     "7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c",
/// #     "0101000000010000000000000000000000000000000000000000000000000000000000000000ffff",
/// #     "ffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c",
/// #     "6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73",
/// #     "ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a6",
/// #     "7962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5f",
/// #     "ac00000000",
/// # ))?;
/// // The genesis block (hex hidden) predates BIP34, so its height must be given.
/// let record = decode_block_record(&bytes, Some(0))?;
/// assert_eq!(record.tx_count(), Some(1));
/// assert_eq!(record.size(), Some(285));
/// assert_eq!(record.fees().map(|f| f.to_sat()), Some(0));
/// let no_height = decode_block_record(&bytes, None);
/// assert!(matches!(no_height, Err(ChainError::MissingBip34Height { .. })));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn decode_block_record(bytes: &[u8], height: Option<u32>) -> Result<BlockRecord, ChainError> {
    let block = decode_block(bytes)?;
    match height {
        Some(h) => BlockRecord::from_block_at(&block, h),
        None => BlockRecord::from_block(&block),
    }
}
