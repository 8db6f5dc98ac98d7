use bitcoin::hashes::Hash;
use bitcoin::{BlockHash, CompactTarget};

use super::SimError;
use crate::chain::consensus::{
    TARGET_SPACING_SECS, block_work, period_start, target_from_bits, work_to_f64,
};
use crate::units::Hashrate;

/// The chain tip a simulation grows from: its height, hash, bits and header time, the time of
/// the first block of its retarget period, and the header times of its 10 predecessors (for
/// the median-time-past rule). Simulated blocks start at `height + 1`.
///
/// [`StartState::new`] fills what it is not told with a regular 600-second history; the preset
/// [`StartState::mainnet_830592`] carries the real values.
///
/// # Examples
///
/// ```
/// use bitcoin::CompactTarget;
/// use minerscope::sim::StartState;
///
/// let s =
///     StartState::new(100_000, CompactTarget::from_consensus(0x1b04864c), 1_293_623_863)?;
/// // Period 98 784–100 799 started 1 216 blocks earlier: 600 s each by default.
/// assert_eq!(s.period_start_time(), 1_293_623_863 - 1_216 * 600);
/// # Ok::<_, minerscope::sim::SimError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawStartState"))]
pub struct StartState {
    height: u32,
    hash: BlockHash,
    bits: CompactTarget,
    time: u32,
    period_start_time: u32,
    recent_times: [u32; 10],
}

impl Default for StartState {
    fn default() -> Self {
        Self::mainnet_830592()
    }
}

impl StartState {
    /// A tip at `height` with `bits` and header `time`; the hash is all zeros, earlier times
    /// are spaced 600 s apart.
    ///
    /// # Errors
    ///
    /// [`SimError::InvalidBits`] if `bits` does not encode a positive target.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::CompactTarget;
    /// use minerscope::sim::{SimError, StartState};
    ///
    /// let s =
    ///     StartState::new(2015, CompactTarget::from_consensus(0x1d00ffff), 1_233_061_996)?;
    /// // The ten earlier header times are filled in 600 s apart.
    /// assert_eq!(s.recent_times()[9], 1_233_061_996 - 600);
    /// assert_eq!(s.recent_times()[0], 1_233_061_996 - 6_000);
    /// let zero = StartState::new(1, CompactTarget::from_consensus(0), 0);
    /// assert!(matches!(zero, Err(SimError::InvalidBits { bits: 0 })));
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn new(height: u32, bits: CompactTarget, time: u32) -> Result<Self, SimError> {
        if target_from_bits(bits).is_none() {
            return Err(SimError::InvalidBits { bits: bits.to_consensus() });
        }
        let back = |blocks: u32| time.saturating_sub(blocks.saturating_mul(TARGET_SPACING_SECS));
        let mut recent_times = [0u32; 10];
        for (k, slot) in (1..=10u32).rev().zip(recent_times.iter_mut()) {
            *slot = back(k);
        }
        Ok(StartState {
            height,
            hash: BlockHash::all_zeros(),
            bits,
            time,
            period_start_time: back(height - period_start(height)),
            recent_times,
        })
    }

    pub(crate) fn from_parts(
        height: u32,
        hash: BlockHash,
        bits: CompactTarget,
        time: u32,
        period_start_time: u32,
        recent_times: [u32; 10],
    ) -> Self {
        StartState { height, hash, bits, time, period_start_time, recent_times }
    }

    /// Sets the tip's hash (the first simulated block's `prev_hash`).
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::sim::{Scenario, StartState};
    ///
    /// let tip = BlockHash::from_byte_array([7; 32]);
    /// let start =
    ///     StartState::new(10, CompactTarget::from_consensus(0x1d00ffff), 1_231_006_505)?
    ///         .with_hash(tip);
    /// assert_eq!(start.hash(), tip);
    /// // The first simulated block links to it.
    /// let chain = Scenario::builder().start(start).seed(1).build()?.run(1)?;
    /// assert_eq!(chain.records()[0].prev_hash(), Some(tip));
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn with_hash(mut self, hash: BlockHash) -> Self {
        self.hash = hash;
        self
    }

    /// Sets the header time of the first block of the tip's retarget period.
    ///
    /// # Errors
    ///
    /// [`SimError::InvalidStart`] if the tip itself starts a period and `time` differs from
    /// its own time.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::CompactTarget;
    /// use minerscope::sim::{SimError, StartState};
    ///
    /// let s =
    ///     StartState::new(100_000, CompactTarget::from_consensus(0x1b04864c), 1_293_623_863)?
    ///         .with_period_start_time(1_293_000_000)?;
    /// assert_eq!(s.period_start_time(), 1_293_000_000);
    /// // Block 830 592 starts its own period, so its period start time is its own time.
    /// let bad = StartState::mainnet_830592().with_period_start_time(0);
    /// assert!(matches!(bad, Err(SimError::InvalidStart { .. })));
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn with_period_start_time(mut self, time: u32) -> Result<Self, SimError> {
        if period_start(self.height) == self.height && time != self.time {
            return Err(SimError::InvalidStart {
                reason: "the tip starts its retarget period, so the period start time is its own time",
            });
        }
        self.period_start_time = time;
        Ok(self)
    }

    /// Sets the header times of the 10 blocks before the tip, oldest first.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::CompactTarget;
    /// use minerscope::sim::StartState;
    ///
    /// let times = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1_000];
    /// let s = StartState::new(50, CompactTarget::from_consensus(0x1d00ffff), 1_100)?
    ///     .with_recent_times(times);
    /// assert_eq!(s.recent_times(), times);
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn with_recent_times(mut self, times: [u32; 10]) -> Self {
        self.recent_times = times;
        self
    }

    /// Height of the tip.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::StartState;
    ///
    /// assert_eq!(StartState::mainnet_830592().height(), 830_592);
    /// ```
    pub fn height(&self) -> u32 {
        self.height
    }

    /// Hash of the tip.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::StartState;
    ///
    /// assert_eq!(
    ///     StartState::mainnet_830592().hash().to_string(),
    ///     "00000000000000000000506183a8b30fa3224b85e82a70416e1d594bdb632fdb"
    /// );
    /// ```
    pub fn hash(&self) -> BlockHash {
        self.hash
    }

    /// Compact target of the tip.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::StartState;
    /// use minerscope::units::Difficulty;
    ///
    /// // Block 830 592's bits, 0x170371b1: difficulty 81.73 T.
    /// let bits = StartState::mainnet_830592().bits();
    /// let d = Difficulty::from_target(bitcoin::Target::from_compact(bits));
    /// assert!((d.to_f64() / 1e12 - 81.73).abs() < 0.01);
    /// ```
    pub fn bits(&self) -> CompactTarget {
        self.bits
    }

    /// Header time of the tip (Unix seconds); simulated true time starts here.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::StartState;
    ///
    /// assert_eq!(StartState::mainnet_830592().time(), 1_708_008_110); // 2024-02-15 14:41:50 UTC
    /// ```
    pub fn time(&self) -> u32 {
        self.time
    }

    /// Header time of the first block of the tip's retarget period.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::CompactTarget;
    /// use minerscope::sim::StartState;
    ///
    /// // Five blocks into a period (height 2 021): it started 5 × 600 s earlier by default.
    /// let s = StartState::new(2_021, CompactTarget::from_consensus(0x1d00ffff), 1_233_100_000)?;
    /// assert_eq!(s.period_start_time(), 1_233_100_000 - 3_000);
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn period_start_time(&self) -> u32 {
        self.period_start_time
    }

    /// Header times of the 10 blocks before the tip, oldest first.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::chain::consensus::median_time_past;
    /// use minerscope::sim::StartState;
    ///
    /// let s = StartState::mainnet_830592();
    /// let times = s.recent_times();
    /// // Real times of blocks 830 582–830 591; the tip is above their median-time-past.
    /// assert_eq!(times[0], 1_708_003_458);
    /// assert!(median_time_past(&times).map_or(false, |mtp| s.time() > mtp));
    /// ```
    pub fn recent_times(&self) -> [u32; 10] {
        self.recent_times
    }

    /// The hashrate that finds blocks every 600 s on average at the tip's difficulty,
    /// `W/600` with `W = 2^256/(target+1)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::StartState;
    ///
    /// // Difficulty 81.73 T: 81.73e12 · 2^32 / 600 ≈ 585 EH/s.
    /// let h = StartState::mainnet_830592().equilibrium_hashrate();
    /// assert!((h.to_ehs() - 585.0).abs() < 1.0);
    /// ```
    pub fn equilibrium_hashrate(&self) -> Hashrate {
        let w = target_from_bits(self.bits).map_or(0.0, |t| work_to_f64(block_work(t)));
        Hashrate::from_hs(w / f64::from(TARGET_SPACING_SECS)).unwrap_or(Hashrate::ZERO)
    }
}

/// The serialised fields of [`StartState`], validated by `TryFrom` on deserialisation like the
/// constructors: valid bits, and a tip that opens its retarget period has it start at its own
/// time.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RawStartState {
    height: u32,
    hash: BlockHash,
    #[serde(deserialize_with = "crate::chain::consensus::deserialize_valid_bits")]
    bits: CompactTarget,
    time: u32,
    period_start_time: u32,
    recent_times: [u32; 10],
}

#[cfg(feature = "serde")]
impl TryFrom<RawStartState> for StartState {
    type Error = SimError;

    fn try_from(r: RawStartState) -> Result<Self, SimError> {
        let s = StartState::from_parts(r.height, r.hash, r.bits, r.time, r.time, r.recent_times);
        s.with_period_start_time(r.period_start_time)
    }
}
