//! The result of parsing block JSON, and the checks shared by every shape.

use bitcoin::block::{Header, Version};
use bitcoin::hashes::Hash;
use bitcoin::{BlockHash, CompactTarget, TxMerkleNode, Txid};

use crate::chain::{BlockRecord, ChainError};

/// A block parsed from JSON: the rebuilt 80-byte header, the height, the transaction ids when
/// the JSON lists them, and the [`BlockRecord`] (with coinbase where the JSON carries one).
///
/// Every parser checks that the header rebuilt from the JSON fields hashes to the JSON's block
/// hash, and, where all transaction ids are listed, that their merkle root is the header's.
/// A `JsonBlock` is therefore internally consistent.
///
/// # Examples
///
/// ```
/// use minerscope::chain::json::parse_core_getblockheader;
///
/// // Bitcoin Core's `getblockheader` for block 1.
/// let json = r#"{
///   "hash": "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048",
///   "height": 1, "version": 1, "time": 1231469665, "nonce": 2573394689, "bits": "1d00ffff",
///   "merkleroot": "0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098",
///   "previousblockhash": "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
/// }"#;
/// let block = parse_core_getblockheader(json)?;
/// assert_eq!(block.header().block_hash(), block.record().hash());
/// assert!(block.txids().is_empty());
/// assert_eq!(block.into_record().height(), 1);
/// # Ok::<_, minerscope::chain::ChainError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
// Serialize only: deserializing would bypass the consistency checks.
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct JsonBlock {
    header: Header,
    txids: Vec<Txid>,
    record: BlockRecord,
}

impl JsonBlock {
    /// The header rebuilt from the JSON fields (its hash is [`BlockRecord::hash`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::json::parse_core_getblockheader;
    ///
    /// # let json = r#"{
    /// #   "hash": "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048",
    /// #   "height": 1, "version": 1, "time": 1231469665, "nonce": 2573394689, "bits": "1d00ffff",
    /// #   "merkleroot": "0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098",
    /// #   "previousblockhash": "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
    /// # }"#;
    /// // Block 1 (JSON hidden): the rebuilt header has the JSON's nonce and hashes to its hash.
    /// let block = parse_core_getblockheader(json)?;
    /// assert_eq!(block.header().nonce, 2_573_394_689);
    /// assert_eq!(block.header().block_hash(), block.record().hash());
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Transaction ids in block order (coinbase first), or empty if the JSON shape has none
    /// (`getblockheader`, Esplora `/block/:hash`).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::json::parse_core_getblock;
    ///
    /// // Genesis from `getblock <hash> 1`: the only txid is the merkle root.
    /// let json = r#"{
    ///   "hash": "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
    ///   "height": 0, "version": 1, "time": 1231006505, "nonce": 2083236893, "bits": "1d00ffff",
    ///   "merkleroot": "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b",
    ///   "tx": ["4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"]
    /// }"#;
    /// let block = parse_core_getblock(json)?;
    /// assert_eq!(block.txids().len(), 1);
    /// assert_eq!(block.txids()[0].to_string(), block.header().merkle_root.to_string());
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn txids(&self) -> &[Txid] {
        &self.txids
    }

    /// The block record.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::json::parse_core_getblockheader;
    ///
    /// # let json = r#"{
    /// #   "hash": "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048",
    /// #   "height": 1, "version": 1, "time": 1231469665, "nonce": 2573394689, "bits": "1d00ffff",
    /// #   "merkleroot": "0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098",
    /// #   "previousblockhash": "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
    /// # }"#;
    /// // Block 1 (JSON hidden).
    /// let block = parse_core_getblockheader(json)?;
    /// assert_eq!(block.record().height(), 1);
    /// assert_eq!(block.record().difficulty().to_f64(), 1.0);
    /// assert_eq!(block.record().prev_hash(), Some(block.header().prev_blockhash));
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn record(&self) -> &BlockRecord {
        &self.record
    }

    /// Consumes the parsed block, returning its record.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::json::parse_core_getblockheader;
    /// use minerscope::chain::BlockSeries;
    ///
    /// # let json = r#"{
    /// #   "hash": "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048",
    /// #   "height": 1, "version": 1, "time": 1231469665, "nonce": 2573394689, "bits": "1d00ffff",
    /// #   "merkleroot": "0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098",
    /// #   "previousblockhash": "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
    /// # }"#;
    /// // Block 1 (JSON hidden), moved into a series without a clone.
    /// let series = BlockSeries::new(vec![parse_core_getblockheader(json)?.into_record()])?;
    /// assert_eq!((series.start_height(), series.end_height()), (1, 1));
    /// # Ok::<_, minerscope::chain::ChainError>(())
    /// ```
    pub fn into_record(self) -> BlockRecord {
        self.record
    }
}

/// Header fields as read from JSON, before they are cross-checked.
pub(crate) struct HeaderFields {
    pub(crate) hash: BlockHash,
    pub(crate) height: u32,
    pub(crate) version: i32,
    pub(crate) prev: Option<BlockHash>,
    pub(crate) merkle_root: TxMerkleNode,
    pub(crate) time: u32,
    pub(crate) bits: u32,
    pub(crate) nonce: u32,
}

/// The field names a shape uses, for error messages.
pub(crate) struct Names<'a> {
    /// `""` for a bare document, `"result."` inside a JSON-RPC envelope.
    pub(crate) prefix: &'a str,
    pub(crate) hash: &'static str,
    pub(crate) prev: &'static str,
    pub(crate) merkle_root: &'static str,
}

impl Names<'_> {
    fn path(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }
}

impl HeaderFields {
    /// Rebuilds the header, checks it hashes to `hash`, and builds the base record.
    pub(crate) fn into_parts(self, names: &Names<'_>) -> Result<(Header, BlockRecord), ChainError> {
        let prev = match (self.prev, self.height) {
            (Some(prev), _) => prev,
            (None, 0) => BlockHash::all_zeros(),
            (None, _) => return Err(ChainError::MissingField { field: names.path(names.prev) }),
        };
        let header = Header {
            version: Version::from_consensus(self.version),
            prev_blockhash: prev,
            merkle_root: self.merkle_root,
            time: self.time,
            bits: CompactTarget::from_consensus(self.bits),
            nonce: self.nonce,
        };
        let rebuilt = header.block_hash();
        if rebuilt != self.hash {
            return Err(ChainError::InvalidField {
                field: names.path(names.hash),
                reason: format!(
                    "{} is not the hash of the header fields, which hash to {rebuilt}",
                    self.hash
                ),
            });
        }
        let record = BlockRecord::from_header(&header, self.height)?;
        Ok((header, record))
    }
}

/// Checks that `txids` (complete, in block order) have the header's merkle root.
pub(crate) fn check_merkle_root(
    header: &Header,
    txids: &[Txid],
    names: &Names<'_>,
) -> Result<(), ChainError> {
    let leaves = txids.iter().map(|t| TxMerkleNode::from_raw_hash(t.to_raw_hash()));
    match bitcoin::merkle_tree::calculate_root(leaves) {
        Some(root) if root == header.merkle_root => Ok(()),
        Some(root) => Err(ChainError::InvalidField {
            field: names.path(names.merkle_root),
            reason: format!(
                "{} is not the merkle root of the {} listed transactions, which is {root}",
                header.merkle_root,
                txids.len()
            ),
        }),
        None => Err(ChainError::NoTransactions),
    }
}

/// Assembles the parsed parts.
pub(crate) fn assemble(header: Header, txids: Vec<Txid>, record: BlockRecord) -> JsonBlock {
    JsonBlock { header, txids, record }
}
