//! Parsers for block JSON from Bitcoin Core's RPC and Esplora's REST API, from `&str`, without
//! I/O.
//!
//! | source | function | coinbase | txids |
//! |---|---|---|---|
//! | Core `getblock <hash> 1` | [`parse_core_getblock`] | no | yes |
//! | Core `getblock <hash> 2` (or 3) | [`parse_core_getblock`] | yes | yes |
//! | Core `getblockheader <hash>` | [`parse_core_getblockheader`] | no | no |
//! | Esplora `/block/:hash` (+ `/block/:hash/txs`) | [`parse_esplora_block`] | with `txs` | no |
//! | Esplora `/block/:hash/txids` | [`parse_esplora_txids`] | – | yes |
//! | Esplora `/block-height/:height` | [`parse_esplora_block_hash`] | – | – |
//!
//! Core results may be bare or wrapped in a JSON-RPC envelope
//! (`{"result": …, "error": null, "id": …}`; error paths then start with `result.`).
//! Every parser rebuilds the 80-byte header from the JSON fields and checks that it hashes to
//! the stated block hash, so a [`JsonBlock`] is internally consistent. BTC amounts are converted
//! to satoshis exactly ([`btc_to_amount`]).
//!
//! Errors never panic: malformed text is [`ChainError::Json`](crate::chain::ChainError::Json)
//! with line and column; an absent field is
//! [`ChainError::MissingField`](crate::chain::ChainError::MissingField) with its full path
//! (`tx[0].vin[0].coinbase`); an unusable value is
//! [`ChainError::InvalidField`](crate::chain::ChainError::InvalidField).

mod amount;
mod block;
mod core;
mod esplora;
mod field;

pub use self::core::{parse_core_getblock, parse_core_getblockheader};
pub use amount::btc_to_amount;
pub use block::JsonBlock;
pub use esplora::{parse_esplora_block, parse_esplora_block_hash, parse_esplora_txids};
