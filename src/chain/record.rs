use bitcoin::block::Header;
use bitcoin::{Amount, Block, BlockHash, CompactTarget, Target, Weight, Work};

use super::consensus::{block_subsidy, block_work, target_from_bits};
use super::{ChainError, Coinbase};
use crate::units::Difficulty;

/// Height from which BIP34 (height in the coinbase) is enforced on mainnet.
pub const BIP34_HEIGHT: u32 = 227_931;

/// One block as minerscope sees it: the header facts every estimator needs (height, hash, time,
/// bits) and, optionally, what attribution and economics need (coinbase, fees, size).
///
/// Build it from plain fields with [`BlockRecord::new`] and the `with_*` methods, from a
/// [`bitcoin::block::Header`] with [`BlockRecord::from_header`], or from a full
/// [`bitcoin::Block`] with [`BlockRecord::from_block`] (height from BIP34) or
/// [`BlockRecord::from_block_at`]. Construction validates `bits`, so every record has a positive
/// target and its work is well defined.
///
/// # Examples
///
/// ```
/// use bitcoin::{BlockHash, CompactTarget};
/// use minerscope::chain::BlockRecord;
///
/// let hash: BlockHash = "000000000000000000011d55599ed27d7efca05f5849b755319c89eb2cffbc1f".parse()?;
/// let rec = BlockRecord::new(830_000, hash, 1_707_675_457, CompactTarget::from_consensus(0x1703ba5d))?
///     .with_tx_count(1_851);
/// assert_eq!(rec.height(), 830_000);
/// assert_eq!(rec.tx_count(), Some(1_851));
/// assert!((rec.difficulty().to_f64() / 1e12 - 75.50).abs() < 0.01);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BlockRecord {
    height: u32,
    hash: BlockHash,
    time: u32,
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "super::consensus::deserialize_valid_bits")
    )]
    bits: CompactTarget,
    version: Option<i32>,
    prev_hash: Option<BlockHash>,
    coinbase: Option<Coinbase>,
    fees: Option<Amount>,
    tx_count: Option<u32>,
    size: Option<u32>,
    weight: Option<Weight>,
}

impl BlockRecord {
    /// Creates a record from plain header fields.
    ///
    /// # Errors
    ///
    /// [`ChainError::InvalidBits`] if `bits` does not encode a positive target.
    pub fn new(
        height: u32,
        hash: BlockHash,
        time: u32,
        bits: CompactTarget,
    ) -> Result<Self, ChainError> {
        if target_from_bits(bits).is_none() {
            return Err(ChainError::InvalidBits { height, bits: bits.to_consensus() });
        }
        Ok(BlockRecord {
            height,
            hash,
            time,
            bits,
            version: None,
            prev_hash: None,
            coinbase: None,
            fees: None,
            tx_count: None,
            size: None,
            weight: None,
        })
    }

    /// Creates a record from a header at a known height (the hash is computed).
    ///
    /// # Errors
    ///
    /// [`ChainError::InvalidBits`] if the header's `bits` do not encode a positive target.
    pub fn from_header(header: &Header, height: u32) -> Result<Self, ChainError> {
        Ok(Self::new(height, header.block_hash(), header.time, header.bits)?
            .with_version(header.version.to_consensus())
            .with_prev_hash(header.prev_blockhash))
    }

    /// Creates a record from a full block, reading the height from the coinbase (BIP34).
    ///
    /// # Errors
    ///
    /// [`ChainError::MissingBip34Height`] if the coinbase does not encode a height (blocks before
    /// 227 931 or version 1), [`ChainError::HeightOutOfRange`] if it does not fit in `u32`, and
    /// the errors of [`BlockRecord::from_block_at`].
    pub fn from_block(block: &Block) -> Result<Self, ChainError> {
        let h = block
            .bip34_block_height()
            .map_err(|e| ChainError::MissingBip34Height { reason: e.to_string() })?;
        let height = u32::try_from(h)
            .map_err(|_| ChainError::HeightOutOfRange { height: h, reason: "exceeds u32" })?;
        Self::from_block_at(block, height)
    }

    /// Creates a record from a full block at a height the caller knows.
    ///
    /// Where BIP34 applies (`height >= 227 931`) and the coinbase encodes a height, the two must
    /// agree. Fees are derived as coinbase output total minus subsidy (zero if the miner claimed
    /// less than the subsidy).
    ///
    /// # Errors
    ///
    /// [`ChainError::NoTransactions`], [`ChainError::NotCoinbase`],
    /// [`ChainError::HeightMismatch`] or [`ChainError::InvalidBits`].
    pub fn from_block_at(block: &Block, height: u32) -> Result<Self, ChainError> {
        if height >= BIP34_HEIGHT
            && let Ok(bip34) = block.bip34_block_height()
            && bip34 != u64::from(height)
        {
            return Err(ChainError::HeightMismatch { given: height, bip34 });
        }
        let first = block.txdata.first().ok_or(ChainError::NoTransactions)?;
        let coinbase = Coinbase::from_transaction(first)?;
        let tx_count = u32::try_from(block.txdata.len()).unwrap_or(u32::MAX);
        let size = u32::try_from(block.total_size()).unwrap_or(u32::MAX);
        let rec = Self::from_header(&block.header, height)?
            .with_tx_count(tx_count)
            .with_size(size)
            .with_weight(block.weight());
        Ok(rec.with_coinbase(coinbase))
    }

    /// Sets the header version.
    pub fn with_version(mut self, version: i32) -> Self {
        self.version = Some(version);
        self
    }

    /// Sets the previous block's hash (checked for linkage by [`super::BlockSeries`]).
    pub fn with_prev_hash(mut self, prev: BlockHash) -> Self {
        self.prev_hash = Some(prev);
        self
    }

    /// Sets the coinbase. If no fees were set explicitly, they are derived as coinbase total
    /// minus subsidy (saturating at zero).
    pub fn with_coinbase(mut self, coinbase: Coinbase) -> Self {
        if self.fees.is_none() {
            self.fees = coinbase
                .total_value()
                .map(|total| total.checked_sub(block_subsidy(self.height)).unwrap_or(Amount::ZERO));
        }
        self.coinbase = Some(coinbase);
        self
    }

    /// Sets the total fees of the block explicitly (e.g. from an API that reports them).
    pub fn with_fees(mut self, fees: Amount) -> Self {
        self.fees = Some(fees);
        self
    }

    /// Sets the number of transactions.
    pub fn with_tx_count(mut self, n: u32) -> Self {
        self.tx_count = Some(n);
        self
    }

    /// Sets the serialized size in bytes.
    pub fn with_size(mut self, bytes: u32) -> Self {
        self.size = Some(bytes);
        self
    }

    /// Sets the block weight.
    pub fn with_weight(mut self, weight: Weight) -> Self {
        self.weight = Some(weight);
        self
    }

    /// Block height.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// Block hash.
    pub fn hash(&self) -> BlockHash {
        self.hash
    }

    /// Header timestamp (Unix seconds, as the miner wrote it: may be earlier than its parent's).
    pub fn time(&self) -> u32 {
        self.time
    }

    /// Compact target (`nBits`).
    pub fn bits(&self) -> CompactTarget {
        self.bits
    }

    /// The target the block's hash had to meet.
    pub fn target(&self) -> Target {
        Target::from_compact(self.bits)
    }

    /// Expected hashes to find this block, `floor(2^256/(target+1))`, exact.
    pub fn work(&self) -> Work {
        block_work(self.target())
    }

    /// Difficulty of the block's target.
    pub fn difficulty(&self) -> Difficulty {
        Difficulty::from_target(self.target())
    }

    /// Header version, if known.
    pub fn version(&self) -> Option<i32> {
        self.version
    }

    /// Previous block's hash, if known.
    pub fn prev_hash(&self) -> Option<BlockHash> {
        self.prev_hash
    }

    /// The coinbase, if known.
    pub fn coinbase(&self) -> Option<&Coinbase> {
        self.coinbase.as_ref()
    }

    /// Total coinbase output value, if the coinbase is known.
    pub fn coinbase_value(&self) -> Option<Amount> {
        self.coinbase.as_ref().and_then(Coinbase::total_value)
    }

    /// Block subsidy at this height.
    pub fn subsidy(&self) -> Amount {
        block_subsidy(self.height)
    }

    /// Fees collected by the block, if known (explicit, or coinbase total minus subsidy).
    pub fn fees(&self) -> Option<Amount> {
        self.fees
    }

    /// Number of transactions, if known.
    pub fn tx_count(&self) -> Option<u32> {
        self.tx_count
    }

    /// Serialized size in bytes, if known.
    pub fn size(&self) -> Option<u32> {
        self.size
    }

    /// Block weight, if known.
    pub fn weight(&self) -> Option<Weight> {
        self.weight
    }
}
