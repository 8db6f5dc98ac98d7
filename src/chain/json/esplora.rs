//! Esplora (blockstream.info, mempool.space) REST shapes: `/block/:hash`,
//! `/block/:hash/txs`, `/block/:hash/txids` and `/block-height/:height`.

use bitcoin::{BlockHash, ScriptBuf, Txid};

use super::amount::sat_field;
use super::block::{HeaderFields, JsonBlock, Names, assemble};
use super::core::{checked_coinbase, with_size_weight};
use super::field::{Field, parse_document};
use crate::chain::{ChainError, Coinbase, CoinbaseOutput};

const NAMES: Names<'static> =
    Names { prefix: "", hash: "id", prev: "previousblockhash", merkle_root: "merkle_root" };

/// Parses an Esplora `/block/:hash` body, optionally with the block's coinbase from
/// `/block/:hash/txs` (the whole first page, an array whose first element is the coinbase, or
/// that one transaction object).
///
/// Block fields: `id`, `height`, `version`, `timestamp`, `merkle_root`, `previousblockhash`
/// (absent only at height 0), `nonce`, `bits` (an integer), and optionally `tx_count`, `size`,
/// `weight`. Coinbase fields: `vin[0].is_coinbase`, `vin[0].scriptsig` (hex), `vout[].value`
/// (satoshis) and `vout[].scriptpubkey` (hex); `status.block_hash`, if present, must be `id`.
///
/// Checks: the header rebuilt from the fields hashes to `id`. Error paths inside the
/// transactions document start at its own root (e.g. `[0].vin[0].scriptsig`).
///
/// # Errors
///
/// [`ChainError::Json`] for malformed text, [`ChainError::MissingField`] with the full path,
/// [`ChainError::InvalidField`] for an unusable value or a failed check,
/// [`ChainError::InvalidBits`], [`ChainError::NotCoinbase`] if the first transaction is not a
/// coinbase, [`ChainError::NoTransactions`] for an empty transaction page, and
/// [`ChainError::HeightMismatch`] if `height` (from 227 931 on) disagrees with the height the
/// coinbase encodes (BIP34).
///
/// # Examples
///
/// ```
/// use minerscope::chain::json::parse_esplora_block;
///
/// let block = r#"{"id": "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048",
///   "height": 1, "version": 1, "timestamp": 1231469665, "tx_count": 1, "size": 215,
///   "weight": 860, "merkle_root": "0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098",
///   "previousblockhash": "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
///   "mediantime": 1231469665, "nonce": 2573394689, "bits": 486604799, "difficulty": 1}"#;
/// let txs = r#"[{"txid": "0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098",
///   "vin": [{"is_coinbase": true, "scriptsig": "04ffff001d0104", "sequence": 4294967295}],
///   "vout": [{"scriptpubkey": "51", "value": 5000000000}]}]"#;
/// let rec = parse_esplora_block(block, Some(txs))?.into_record();
/// assert_eq!(rec.coinbase().map(|c| c.script_sig().len()), Some(7));
/// assert_eq!(rec.fees().map(|f| f.to_sat()), Some(0));
/// # Ok::<_, minerscope::chain::ChainError>(())
/// ```
pub fn parse_esplora_block(
    block_json: &str,
    coinbase_txs_json: Option<&str>,
) -> Result<JsonBlock, ChainError> {
    let doc = parse_document(block_json)?;
    let b = Field::root(&doc);
    let fields = HeaderFields {
        hash: b.req("id")?.hash()?,
        height: b.req("height")?.u32()?,
        version: b.req("version")?.version()?,
        prev: b.opt("previousblockhash")?.map(|f| f.hash()).transpose()?,
        merkle_root: b.req("merkle_root")?.hash()?,
        time: b.req("timestamp")?.u32()?,
        bits: b.req("bits")?.u32()?,
        nonce: b.req("nonce")?.u32()?,
    };
    let hash = fields.hash;
    let (header, mut record) = fields.into_parts(&NAMES)?;
    if let Some(n) = b.opt("tx_count")? {
        record = record.with_tx_count(n.u32()?);
    }
    record = with_size_weight(&b, record)?;
    if let Some(text) = coinbase_txs_json {
        let txs = parse_document(text)?;
        let root = Field::root(&txs);
        let coinbase = match root.value() {
            serde_json::Value::Array(items) if items.is_empty() => {
                return Err(ChainError::NoTransactions);
            }
            serde_json::Value::Array(_) => esplora_coinbase(&root.index(0)?, hash)?,
            _ => esplora_coinbase(&root, hash)?,
        };
        crate::chain::record::check_bip34(&header, record.height(), &coinbase)?;
        record = record.with_coinbase(coinbase);
    }
    Ok(assemble(header, Vec::new(), record))
}

fn esplora_coinbase(tx: &Field<'_, '_>, block: BlockHash) -> Result<Coinbase, ChainError> {
    if let Some(status) = tx.opt("status")?
        && let Some(field) = status.opt("block_hash")?
    {
        let found: BlockHash = field.hash()?;
        if found != block {
            return Err(field.invalid(format!("transaction is in block {found}, not {block}")));
        }
    }
    let vin = tx.req("vin")?;
    let input = vin.index(0)?;
    if !input.req("is_coinbase")?.bool()? {
        return Err(ChainError::NotCoinbase);
    }
    let script_sig = input.req("scriptsig")?.hex_bytes()?;
    let vout = tx.req("vout")?;
    let mut outputs = Vec::new();
    for out in vout.elements()? {
        let value = sat_field(&out.req("value")?)?;
        let script = out.req("scriptpubkey")?.hex_bytes()?;
        outputs.push(CoinbaseOutput::new(value, ScriptBuf::from_bytes(script)));
    }
    checked_coinbase(&vout, Coinbase::new(script_sig, outputs))
}

/// Parses an Esplora `/block/:hash/txids` body: a JSON array of txids in block order,
/// coinbase first.
///
/// # Errors
///
/// [`ChainError::Json`], [`ChainError::InvalidField`] naming the bad element (e.g. `[17]`), or
/// [`ChainError::NoTransactions`] for an empty array.
///
/// # Examples
///
/// ```
/// use minerscope::chain::json::parse_esplora_txids;
///
/// let txids = parse_esplora_txids(
///     r#"["4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"]"#,
/// )?;
/// assert_eq!(txids.len(), 1);
/// # Ok::<_, minerscope::chain::ChainError>(())
/// ```
pub fn parse_esplora_txids(text: &str) -> Result<Vec<Txid>, ChainError> {
    let doc = parse_document(text)?;
    let root = Field::root(&doc);
    let txids = root.elements()?.map(|f| f.hash::<Txid>()).collect::<Result<Vec<_>, _>>()?;
    if txids.is_empty() {
        return Err(ChainError::NoTransactions);
    }
    Ok(txids)
}

/// Parses an Esplora `/block-height/:height` body: a block hash, either as the plain-text body
/// Esplora sends or as a JSON string (as recorded by some clients). Surrounding whitespace is
/// ignored.
///
/// # Errors
///
/// [`ChainError::Json`] for a malformed JSON string, [`ChainError::InvalidField`] if the text
/// is not 64 hex digits.
///
/// # Examples
///
/// ```
/// use minerscope::chain::json::parse_esplora_block_hash;
///
/// let genesis = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
/// assert_eq!(parse_esplora_block_hash(genesis)?, parse_esplora_block_hash(&format!("\"{genesis}\""))?);
/// # Ok::<_, minerscope::chain::ChainError>(())
/// ```
pub fn parse_esplora_block_hash(text: &str) -> Result<BlockHash, ChainError> {
    let trimmed = text.trim();
    let doc = if trimmed.starts_with('"') {
        parse_document(trimmed)?
    } else {
        serde_json::Value::String(trimmed.to_owned())
    };
    Field::root(&doc).hash()
}
