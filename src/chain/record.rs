use bitcoin::block::Header;
use bitcoin::{Amount, Block, BlockHash, CompactTarget, Target, Weight, Work};

use super::consensus::{block_subsidy, block_work, target_from_bits};
use super::{ChainError, Coinbase};
use crate::units::Difficulty;

/// Height from which BIP34 (height in the coinbase) is enforced on mainnet.
///
/// # Examples
///
/// ```
/// use bitcoin::{hashes::Hash, Block, BlockHash};
/// use minerscope::chain::{BlockRecord, BIP34_HEIGHT};
///
/// assert_eq!(BIP34_HEIGHT, 227_931);
/// # let _ = (BlockRecord::from_block, Block::bip34_block_height, BlockHash::all_zeros);
/// ```
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
/// let hash: BlockHash =
///     "000000000000000000011d55599ed27d7efca05f5849b755319c89eb2cffbc1f".parse()?;
/// let rec = BlockRecord::new(
///     830_000,
///     hash,
///     1_707_675_457,
///     CompactTarget::from_consensus(0x1703ba5d),
/// )?
/// .with_tx_count(1_851);
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
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget};
    /// use minerscope::chain::{BlockRecord, ChainError};
    ///
    /// // Block 830000 (mined by AntPool).
    /// let hash: BlockHash =
    ///     "000000000000000000011d55599ed27d7efca05f5849b755319c89eb2cffbc1f".parse()?;
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// let rec = BlockRecord::new(830_000, hash, 1_707_675_457, bits)?;
    /// assert_eq!(rec.time(), 1_707_675_457);
    /// assert_eq!(rec.fees(), None); // unknown until set
    /// let bad =
    ///     BlockRecord::new(830_000, hash, 1_707_675_457, CompactTarget::from_consensus(0));
    /// assert!(matches!(bad, Err(ChainError::InvalidBits { height: 830_000, bits: 0 })));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::hex::FromHex;
    /// use minerscope::chain::{decode_header, BlockRecord};
    ///
    /// // Block 1's header.
    /// let bytes = Vec::<u8>::from_hex(
    ///     "010000006fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000\
    ///      982051fd1e4ba744bbbe680e1fee14677ba1a3c3540bf7b1cdb606e857233e0e61bc6649\
    ///      ffff001d01e36299",
    /// )?;
    /// let rec = BlockRecord::from_header(&decode_header(&bytes)?, 1)?;
    /// assert_eq!(
    ///     rec.hash().to_string(),
    ///     "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048"
    /// );
    /// assert_eq!(
    ///     rec.prev_hash().map(|h| h.to_string()).as_deref(),
    ///     Some("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f")
    /// );
    /// assert_eq!(rec.version(), Some(1));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::hex::FromHex;
    /// use minerscope::chain::{decode_block, BlockRecord, ChainError};
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
    /// // The genesis block (hex hidden) has no BIP34 height in its coinbase: give the height with
    /// // `from_block_at` instead.
    /// let block = decode_block(&bytes)?;
    /// let no_height = BlockRecord::from_block(&block);
    /// assert!(matches!(no_height, Err(ChainError::MissingBip34Height { .. })));
    /// assert_eq!(BlockRecord::from_block_at(&block, 0)?.height(), 0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::hex::FromHex;
    /// use minerscope::chain::{decode_block, BlockRecord};
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
    /// // The genesis block (hex hidden): 285 bytes, one transaction paying exactly the subsidy.
    /// let rec = BlockRecord::from_block_at(&decode_block(&bytes)?, 0)?;
    /// assert_eq!((rec.size(), rec.tx_count()), (Some(285), Some(1)));
    /// assert_eq!(rec.weight().map(|w| w.to_wu()), Some(4 * 285)); // no witness data
    /// assert_eq!(rec.coinbase_value(), Some(rec.subsidy()));
    /// assert_eq!(rec.fees().map(|f| f.to_sat()), Some(0));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_block_at(block: &Block, height: u32) -> Result<Self, ChainError> {
        let first = block.txdata.first().ok_or(ChainError::NoTransactions)?;
        let coinbase = Coinbase::from_transaction(first)?;
        check_bip34(&block.header, height, &coinbase)?;
        let tx_count = u32::try_from(block.txdata.len()).unwrap_or(u32::MAX);
        let size = u32::try_from(block.total_size()).unwrap_or(u32::MAX);
        let rec = Self::from_header(&block.header, height)?
            .with_tx_count(tx_count)
            .with_size(size)
            .with_weight(block.weight());
        Ok(rec.with_coinbase(coinbase))
    }

    /// Sets the header version.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::BlockRecord;
    ///
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// // Block 830000's version 0x25ee8000 (BIP9 top bits plus version-rolling bits).
    /// let rec = BlockRecord::new(830_000, BlockHash::all_zeros(), 1_707_675_457, bits)?
    ///     .with_version(0x25ee_8000);
    /// assert_eq!(rec.version(), Some(0x25ee_8000));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_version(mut self, version: i32) -> Self {
        self.version = Some(version);
        self
    }

    /// Sets the previous block's hash (checked for linkage by [`super::BlockSeries`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, BlockSeries, ChainError};
    ///
    /// let bits = CompactTarget::from_consensus(0x1d00ffff);
    /// let first = BlockRecord::new(0, BlockHash::from_byte_array([1; 32]), 0, bits)?;
    /// let linked = BlockRecord::new(1, BlockHash::from_byte_array([2; 32]), 600, bits)?
    ///     .with_prev_hash(first.hash());
    /// assert!(BlockSeries::new(vec![first.clone(), linked])?.len() == 2);
    /// let orphan = BlockRecord::new(1, BlockHash::from_byte_array([2; 32]), 600, bits)?
    ///     .with_prev_hash(BlockHash::all_zeros());
    /// assert!(matches!(
    ///     BlockSeries::new(vec![first, orphan]),
    ///     Err(ChainError::PrevHashMismatch { height: 1, .. })
    /// ));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_prev_hash(mut self, prev: BlockHash) -> Self {
        self.prev_hash = Some(prev);
        self
    }

    /// Sets the coinbase. If no fees were set explicitly, they are derived as coinbase total
    /// minus subsidy (saturating at zero).
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{Amount, BlockHash, CompactTarget, ScriptBuf, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, Coinbase, CoinbaseOutput};
    ///
    /// // Block 830000 paid 648 268 040 sat against a 6.25 BTC subsidy: 23 268 040 sat of fees.
    /// let cb = Coinbase::new(
    ///     b"\x03\x30\xaa\x0c".to_vec(),
    ///     vec![CoinbaseOutput::new(Amount::from_sat(648_268_040), ScriptBuf::new())],
    /// );
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// let rec = BlockRecord::new(830_000, BlockHash::all_zeros(), 1_707_675_457, bits)?
    ///     .with_coinbase(cb);
    /// assert_eq!(rec.fees(), Some(Amount::from_sat(23_268_040)));
    /// assert_eq!(rec.coinbase().map(|c| c.script_sig().len()), Some(4));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{Amount, BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, Coinbase};
    ///
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// // Explicit fees win over the coinbase-derived value.
    /// let rec = BlockRecord::new(830_000, BlockHash::all_zeros(), 1_707_675_457, bits)?
    ///     .with_fees(Amount::from_sat(23_268_040))
    ///     .with_coinbase(Coinbase::default());
    /// assert_eq!(rec.fees(), Some(Amount::from_sat(23_268_040)));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_fees(mut self, fees: Amount) -> Self {
        self.fees = Some(fees);
        self
    }

    /// Sets the number of transactions.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::BlockRecord;
    ///
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// let rec = BlockRecord::new(830_000, BlockHash::all_zeros(), 1_707_675_457, bits)?;
    /// assert_eq!(rec.tx_count(), None);
    /// assert_eq!(rec.with_tx_count(1_851).tx_count(), Some(1_851)); // block 830000
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_tx_count(mut self, n: u32) -> Self {
        self.tx_count = Some(n);
        self
    }

    /// Sets the serialized size in bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::BlockRecord;
    ///
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// let rec = BlockRecord::new(830_000, BlockHash::all_zeros(), 1_707_675_457, bits)?
    ///     .with_size(1_712_027); // block 830000's serialized size
    /// assert_eq!(rec.size(), Some(1_712_027));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_size(mut self, bytes: u32) -> Self {
        self.size = Some(bytes);
        self
    }

    /// Sets the block weight.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, Weight, hashes::Hash};
    /// use minerscope::chain::BlockRecord;
    ///
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// let rec = BlockRecord::new(830_000, BlockHash::all_zeros(), 1_707_675_457, bits)?
    ///     .with_weight(Weight::MAX_BLOCK);
    /// assert_eq!(rec.weight().map(|w| w.to_wu()), Some(4_000_000));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_weight(mut self, weight: Weight) -> Self {
        self.weight = Some(weight);
        self
    }

    /// Block height.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::BlockRecord;
    ///
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// let rec = BlockRecord::new(830_000, BlockHash::all_zeros(), 1_707_675_457, bits)?;
    /// assert_eq!(rec.height(), 830_000);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn height(&self) -> u32 {
        self.height
    }

    /// Block hash.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget};
    /// use minerscope::chain::BlockRecord;
    ///
    /// let hash: BlockHash =
    ///     "000000000000000000011d55599ed27d7efca05f5849b755319c89eb2cffbc1f".parse()?;
    /// let rec = BlockRecord::new(
    ///     830_000,
    ///     hash,
    ///     1_707_675_457,
    ///     CompactTarget::from_consensus(0x1703ba5d),
    /// )?;
    /// assert_eq!(rec.hash(), hash);
    /// assert!(rec.hash().to_string().starts_with("0000000000000000000"));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn hash(&self) -> BlockHash {
        self.hash
    }

    /// Header timestamp (Unix seconds, as the miner wrote it: may be earlier than its parent's).
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::BlockRecord;
    ///
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// let rec = BlockRecord::new(830_000, BlockHash::all_zeros(), 1_707_675_457, bits)?;
    /// assert_eq!(rec.time(), 1_707_675_457); // 2024-02-11 18:17:37 UTC
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn time(&self) -> u32 {
        self.time
    }

    /// Compact target (`nBits`).
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::BlockRecord;
    ///
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// let rec = BlockRecord::new(830_000, BlockHash::all_zeros(), 1_707_675_457, bits)?;
    /// assert_eq!(rec.bits().to_consensus(), 0x1703ba5d);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn bits(&self) -> CompactTarget {
        self.bits
    }

    /// The target the block's hash had to meet.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, Target, hashes::Hash};
    /// use minerscope::chain::BlockRecord;
    ///
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// let rec = BlockRecord::new(830_000, BlockHash::all_zeros(), 1_707_675_457, bits)?;
    /// assert_eq!(rec.target().to_compact_lossy(), bits);
    /// assert!(rec.target() < Target::MAX_ATTAINABLE_MAINNET);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn target(&self) -> Target {
        Target::from_compact(self.bits)
    }

    /// Expected hashes to find this block, `floor(2^256/(target+1))`, exact.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, consensus::work_to_f64};
    ///
    /// // At difficulty 1 a block is worth 2^256 / (0xffff·2^208 + 1) = 4 295 032 833 hashes.
    /// let bits = CompactTarget::from_consensus(0x1d00ffff);
    /// let rec = BlockRecord::new(1, BlockHash::all_zeros(), 1_231_469_665, bits)?;
    /// assert_eq!(work_to_f64(rec.work()), 4_295_032_833.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn work(&self) -> Work {
        block_work(self.target())
    }

    /// Difficulty of the block's target.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::BlockRecord;
    ///
    /// // Block 830000: difficulty 75.50 T.
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// let rec = BlockRecord::new(830_000, BlockHash::all_zeros(), 1_707_675_457, bits)?;
    /// assert!((rec.difficulty().to_f64() - 75_502_165_623_893.72).abs() < 0.01);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn difficulty(&self) -> Difficulty {
        Difficulty::from_target(self.target())
    }

    /// Header version, if known.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::BlockRecord;
    ///
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// let rec = BlockRecord::new(830_000, BlockHash::all_zeros(), 1_707_675_457, bits)?;
    /// assert_eq!(rec.version(), None);
    /// assert_eq!(rec.with_version(0x2000_0000).version(), Some(0x2000_0000));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn version(&self) -> Option<i32> {
        self.version
    }

    /// Previous block's hash, if known.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::BlockRecord;
    ///
    /// let bits = CompactTarget::from_consensus(0x1d00ffff);
    /// let rec = BlockRecord::new(1, BlockHash::from_byte_array([1; 32]), 600, bits)?;
    /// assert_eq!(rec.prev_hash(), None);
    /// let parent = BlockHash::from_byte_array([7; 32]);
    /// assert_eq!(rec.with_prev_hash(parent).prev_hash(), Some(parent));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn prev_hash(&self) -> Option<BlockHash> {
        self.prev_hash
    }

    /// The coinbase, if known.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, Coinbase};
    ///
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// let rec = BlockRecord::new(830_000, BlockHash::all_zeros(), 1_707_675_457, bits)?;
    /// assert!(rec.coinbase().is_none());
    /// let cb = Coinbase::new(b"\x03\x30\xaa\x0cMined by AntPool".to_vec(), vec![]);
    /// let rec = rec.with_coinbase(cb.clone());
    /// assert_eq!(rec.coinbase(), Some(&cb));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn coinbase(&self) -> Option<&Coinbase> {
        self.coinbase.as_ref()
    }

    /// Total coinbase output value, if the coinbase is known.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{Amount, BlockHash, CompactTarget, ScriptBuf, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, Coinbase, CoinbaseOutput};
    ///
    /// let out = |sat| CoinbaseOutput::new(Amount::from_sat(sat), ScriptBuf::new());
    /// // Block 830000's two paying outputs.
    /// let cb = Coinbase::new(vec![], vec![out(546), out(648_267_494)]);
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// let rec = BlockRecord::new(830_000, BlockHash::all_zeros(), 1_707_675_457, bits)?;
    /// assert_eq!(rec.coinbase_value(), None);
    /// assert_eq!(rec.with_coinbase(cb).coinbase_value(), Some(Amount::from_sat(648_268_040)));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn coinbase_value(&self) -> Option<Amount> {
        self.coinbase.as_ref().and_then(Coinbase::total_value)
    }

    /// Block subsidy at this height.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{hashes::Hash, Amount, BlockHash, CompactTarget};
    /// use minerscope::chain::BlockRecord;
    ///
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// let rec = |h| BlockRecord::new(h, BlockHash::all_zeros(), 1_707_675_457, bits);
    /// assert_eq!(rec(839_999)?.subsidy(), Amount::from_sat(625_000_000));
    /// assert_eq!(rec(840_000)?.subsidy(), Amount::from_sat(312_500_000)); // the fourth halving
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn subsidy(&self) -> Amount {
        block_subsidy(self.height)
    }

    /// Fees collected by the block, if known (explicit, or coinbase total minus subsidy).
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{Amount, BlockHash, CompactTarget, ScriptBuf, hashes::Hash};
    /// use minerscope::chain::{BlockRecord, Coinbase, CoinbaseOutput};
    ///
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// let rec = BlockRecord::new(830_000, BlockHash::all_zeros(), 1_707_675_457, bits)?;
    /// assert_eq!(rec.fees(), None);
    /// // A miner that claims less than the subsidy collected zero fees, not a negative amount.
    /// let short = Coinbase::new(
    ///     vec![],
    ///     vec![CoinbaseOutput::new(Amount::from_sat(1), ScriptBuf::new())],
    /// );
    /// assert_eq!(rec.with_coinbase(short).fees(), Some(Amount::ZERO));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn fees(&self) -> Option<Amount> {
        self.fees
    }

    /// Number of transactions, if known.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::BlockRecord;
    ///
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// let rec = BlockRecord::new(830_000, BlockHash::all_zeros(), 1_707_675_457, bits)?;
    /// assert_eq!(rec.clone().with_tx_count(1_851).tx_count(), Some(1_851));
    /// assert_eq!(rec.tx_count(), None);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn tx_count(&self) -> Option<u32> {
        self.tx_count
    }

    /// Serialized size in bytes, if known.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::BlockRecord;
    ///
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// let rec = BlockRecord::new(830_000, BlockHash::all_zeros(), 1_707_675_457, bits)?;
    /// assert_eq!(rec.size(), None);
    /// assert_eq!(rec.with_size(1_712_027).size(), Some(1_712_027));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn size(&self) -> Option<u32> {
        self.size
    }

    /// Block weight, if known.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, Weight, hashes::Hash};
    /// use minerscope::chain::BlockRecord;
    ///
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// let rec = BlockRecord::new(830_000, BlockHash::all_zeros(), 1_707_675_457, bits)?;
    /// assert_eq!(rec.weight(), None);
    /// let w = Weight::from_wu(3_993_000);
    /// assert_eq!(rec.with_weight(w).weight(), Some(w));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn weight(&self) -> Option<Weight> {
        self.weight
    }
}

/// The BIP34 rule every block source applies: from height 227 931 on, a version ≥ 2 block's
/// coinbase that encodes a height must encode the stated one (the header hash does not cover
/// the height, so a mislabelled block would otherwise get the wrong subsidy and fees).
pub(crate) fn check_bip34(
    header: &Header,
    height: u32,
    coinbase: &Coinbase,
) -> Result<(), ChainError> {
    if height >= BIP34_HEIGHT
        && header.version >= bitcoin::block::Version::TWO
        && let Some(bip34) = coinbase.bip34_height()
        && bip34 != u64::from(height)
    {
        return Err(ChainError::HeightMismatch { given: height, bip34 });
    }
    Ok(())
}
