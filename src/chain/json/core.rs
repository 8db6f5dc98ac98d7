//! Bitcoin Core RPC shapes: `getblock` (verbosity 1 and 2) and `getblockheader` (verbose).

use bitcoin::{ScriptBuf, Txid, Weight};
use serde_json::Value;

use super::amount::btc_field;
use super::block::{HeaderFields, JsonBlock, Names, assemble, check_merkle_root};
use super::field::{Field, parse_document, unwrap_envelope};
use crate::chain::{BlockRecord, ChainError, Coinbase, CoinbaseOutput, decode_transaction};

fn names(prefix: &str) -> Names<'_> {
    Names { prefix, hash: "hash", prev: "previousblockhash", merkle_root: "merkleroot" }
}

fn header_fields(b: &Field<'_, '_>) -> Result<HeaderFields, ChainError> {
    Ok(HeaderFields {
        hash: b.req("hash")?.hash()?,
        height: b.req("height")?.u32()?,
        version: b.req("version")?.version()?,
        prev: b.opt("previousblockhash")?.map(|f| f.hash()).transpose()?,
        merkle_root: b.req("merkleroot")?.hash()?,
        time: b.req("time")?.u32()?,
        bits: b.req("bits")?.bits_hex()?,
        nonce: b.req("nonce")?.u32()?,
    })
}

/// Parses Bitcoin Core's `getblock <hash> 1` or `getblock <hash> 2` result.
///
/// Verbosity 1 lists `tx` as txid strings; verbosity 2 (and 3) as transaction objects, from
/// which the coinbase (`tx[0].vin[0].coinbase` hex, `tx[0].vout[].value` in BTC and
/// `scriptPubKey.hex`) is read. Both the pre-v22 `scriptPubKey.addresses` and the v22+
/// `scriptPubKey.address` shapes are accepted (neither is needed). The text may be the bare
/// result object or a JSON-RPC envelope `{"result": …, "error": null, "id": …}`.
///
/// Checks: the header rebuilt from `version`, `previousblockhash`, `merkleroot`, `time`, `bits`
/// and `nonce` hashes to `hash`; the txids' merkle root is `merkleroot`; `nTx`, if present,
/// counts `tx`; the coinbase outputs sum to at most 21 million BTC; and if the coinbase object
/// carries its raw `hex`, that decodes to the same txid, scriptSig and outputs.
///
/// # Errors
///
/// [`ChainError::Json`] for malformed text, [`ChainError::MissingField`] with the full path
/// (e.g. `tx[0].vin[0].coinbase`), [`ChainError::InvalidField`] for an unusable value or a
/// failed check, [`ChainError::InvalidBits`], [`ChainError::NoTransactions`], and
/// [`ChainError::HeightMismatch`] if `height` (from 227 931 on) disagrees with the height the
/// coinbase encodes (BIP34).
///
/// # Examples
///
/// ```
/// use minerscope::chain::json::parse_core_getblock;
///
/// let json = r#"{"result": {
///   "hash": "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
///   "height": 0, "version": 1, "time": 1231006505, "nonce": 2083236893, "bits": "1d00ffff",
///   "merkleroot": "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b",
///   "nTx": 1, "tx": ["4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"]
/// }, "error": null, "id": 1}"#;
/// let block = parse_core_getblock(json)?;
/// assert_eq!(block.record().height(), 0);
/// assert_eq!(block.txids().len(), 1);
/// assert!(block.record().coinbase().is_none()); // verbosity 1 has no coinbase
/// # Ok::<_, minerscope::chain::ChainError>(())
/// ```
pub fn parse_core_getblock(text: &str) -> Result<JsonBlock, ChainError> {
    let doc = parse_document(text)?;
    let root = Field::root(&doc);
    let (b, prefix) = unwrap_envelope(&root)?;
    let names = names(prefix);
    let (header, record) = header_fields(&b)?.into_parts(&names)?;

    let tx = b.req("tx")?;
    let entries = tx.elements()?;
    let mut txids = Vec::with_capacity(entries.len());
    let mut coinbase = None;
    for entry in entries {
        match entry.value() {
            Value::String(_) => txids.push(entry.hash::<Txid>()?),
            Value::Object(_) => {
                let txid = entry.req("txid")?.hash::<Txid>()?;
                txids.push(txid);
                if txids.len() == 1 {
                    coinbase = Some(core_coinbase(&entry, txid)?);
                }
            }
            _ => return Err(entry.invalid("expected a txid string or a transaction object")),
        }
    }
    if txids.is_empty() {
        return Err(ChainError::NoTransactions);
    }
    let n_tx = u32::try_from(txids.len())
        .map_err(|_| tx.invalid(format!("{} transactions exceed u32", txids.len())))?;
    if let Some(field) = b.opt("nTx")? {
        let declared = field.u32()?;
        if declared != n_tx {
            return Err(field.invalid(format!("declares {declared} transactions, tx lists {n_tx}")));
        }
    }
    check_merkle_root(&header, &txids, &names)?;

    let mut record = with_size_weight(&b, record.with_tx_count(n_tx))?;
    if let Some(cb) = coinbase {
        crate::chain::record::check_bip34(&header, record.height(), &cb)?;
        record = record.with_coinbase(cb);
    }
    Ok(assemble(header, txids, record))
}

/// Parses Bitcoin Core's verbose `getblockheader <hash>` result (bare or in a JSON-RPC
/// envelope). The transaction count comes from `nTx`, if present; there are no txids.
///
/// # Errors
///
/// As [`parse_core_getblock`], without the transaction checks.
///
/// # Examples
///
/// ```
/// use minerscope::chain::json::parse_core_getblockheader;
///
/// let json = r#"{
///   "hash": "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048",
///   "confirmations": 1, "height": 1, "version": 1, "versionHex": "00000001",
///   "merkleroot": "0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098",
///   "time": 1231469665, "mediantime": 1231469665, "nonce": 2573394689, "bits": "1d00ffff",
///   "difficulty": 1, "nTx": 1,
///   "previousblockhash": "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
/// }"#;
/// let block = parse_core_getblockheader(json)?;
/// assert_eq!(block.record().time(), 1_231_469_665);
/// assert_eq!(block.record().tx_count(), Some(1));
/// # Ok::<_, minerscope::chain::ChainError>(())
/// ```
pub fn parse_core_getblockheader(text: &str) -> Result<JsonBlock, ChainError> {
    let doc = parse_document(text)?;
    let root = Field::root(&doc);
    let (b, prefix) = unwrap_envelope(&root)?;
    let (header, mut record) = header_fields(&b)?.into_parts(&names(prefix))?;
    if let Some(n) = b.opt("nTx")? {
        record = record.with_tx_count(n.u32()?);
    }
    Ok(assemble(header, Vec::new(), record))
}

pub(super) fn with_size_weight(
    b: &Field<'_, '_>,
    mut record: BlockRecord,
) -> Result<BlockRecord, ChainError> {
    if let Some(size) = b.opt("size")? {
        record = record.with_size(size.u32()?);
    }
    if let Some(weight) = b.opt("weight")? {
        record = record.with_weight(Weight::from_wu(weight.u64()?));
    }
    Ok(record)
}

/// The coinbase of a verbosity-2 transaction object. If the object carries the raw `hex`, it
/// must decode to a transaction with this `txid` and the same coinbase.
fn core_coinbase(tx: &Field<'_, '_>, txid: Txid) -> Result<Coinbase, ChainError> {
    let vin = tx.req("vin")?;
    let script_sig = vin.index(0)?.req("coinbase")?.hex_bytes()?;
    let vout = tx.req("vout")?;
    let mut outputs = Vec::new();
    for out in vout.elements()? {
        let value = btc_field(&out.req("value")?)?;
        let script = out.req("scriptPubKey")?.req("hex")?.hex_bytes()?;
        outputs.push(CoinbaseOutput::new(value, ScriptBuf::from_bytes(script)));
    }
    let coinbase = checked_coinbase(&vout, Coinbase::new(script_sig, outputs))?;
    if let Some(hex) = tx.opt("hex")? {
        let raw = decode_transaction(&hex.hex_bytes()?)
            .map_err(|e| hex.invalid(format!("raw transaction does not decode: {e}")))?;
        let raw_txid = raw.compute_txid();
        if raw_txid != txid {
            return Err(hex.invalid(format!("raw transaction has txid {raw_txid}, not {txid}")));
        }
        if Coinbase::from_transaction(&raw).ok().as_ref() != Some(&coinbase) {
            return Err(hex.invalid("raw transaction disagrees with the decoded vin/vout fields"));
        }
    }
    Ok(coinbase)
}

/// Rejects a coinbase whose outputs sum beyond the money range.
pub(super) fn checked_coinbase(
    vout: &Field<'_, '_>,
    coinbase: Coinbase,
) -> Result<Coinbase, ChainError> {
    if coinbase.total_value().is_none() {
        return Err(vout.invalid("coinbase outputs sum to more than 21 million BTC"));
    }
    Ok(coinbase)
}
