//! Block records, validated contiguous series, exact consensus arithmetic and the work-time
//! normalisation.
//!
//! `chain` knows nothing of pools, estimators or money: it turns block data (rust-bitcoin types,
//! JSON text, plain fields) into validated values that the other modules consume.

mod coinbase;
pub mod consensus;
mod decode;
mod error;
pub mod json;
mod record;
mod series;
mod worktime;

pub use coinbase::{Coinbase, CoinbaseOutput};
pub use decode::{
    HEADER_SIZE, decode_block, decode_block_record, decode_header, decode_headers,
    decode_transaction,
};
pub use error::ChainError;
pub use record::{BIP34_HEIGHT, BlockRecord};
pub use series::{BlockSeries, TimeAnomaly};
pub(crate) use worktime::neumaier;
pub use worktime::{WindowSums, WorkTime};
