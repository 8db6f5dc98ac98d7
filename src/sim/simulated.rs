use super::{PoolProfile, StartState};
use crate::chain::{BlockRecord, BlockSeries, WorkTime};
use crate::units::Hashrate;

/// What really happened at one simulated block, beside its observable record.
///
/// # Examples
///
/// ```
/// use minerscope::sim::Scenario;
///
/// let chain = Scenario::builder().seed(1).build()?.run(10)?;
/// let t = &chain.truth()[0];
/// assert!(t.find_time() > f64::from(chain.start().time()));
/// assert!(t.effort() > 0.0);
/// # Ok::<_, minerscope::sim::SimError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BlockTruth {
    find_time: f64,
    elapsed: f64,
    hashrate: Hashrate,
    pool: Option<usize>,
    effort: f64,
}

impl BlockTruth {
    pub(crate) fn new(
        start_time: u32,
        elapsed: f64,
        hashrate: Hashrate,
        pool: Option<usize>,
        effort: f64,
    ) -> Self {
        BlockTruth { find_time: f64::from(start_time) + elapsed, elapsed, hashrate, pool, effort }
    }

    /// The true find time in Unix seconds (not rounded, no clock noise).
    pub fn find_time(&self) -> f64 {
        self.find_time
    }

    /// The true find time in seconds since the start tip's header time, at full `f64`
    /// precision (differences of [`BlockTruth::find_time`] lose ~1e-7 s to the Unix offset).
    pub fn elapsed_secs(&self) -> f64 {
        self.elapsed
    }

    /// The true network hashrate at the find time.
    pub fn hashrate(&self) -> Hashrate {
        self.hashrate
    }

    /// Index of the finder in [`SimulatedChain::pools`], or `None` for an untagged miner.
    pub fn pool(&self) -> Option<usize> {
        self.pool
    }

    /// The block's effort: hashes spent since the previous block divided by the block's work
    /// `W`. These are the i.i.d. Exp(1) draws that drive the simulation.
    pub fn effort(&self) -> f64 {
        self.effort
    }
}

/// A simulated chain: the observable [`BlockSeries`] and, index by index, the [`BlockTruth`].
///
/// # Examples
///
/// ```
/// use minerscope::sim::Scenario;
///
/// let chain = Scenario::builder().seed(7).build()?.run(2016)?;
/// assert_eq!(chain.len(), 2016);
/// assert_eq!(chain.series().start_height(), chain.start().height() + 1);
/// let wt = chain.work_time();
/// assert_eq!(wt.intervals().len(), 2015);
/// # Ok::<_, minerscope::sim::SimError>(())
/// ```
#[derive(Debug, Clone)]
pub struct SimulatedChain {
    series: BlockSeries,
    truth: Vec<BlockTruth>,
    pools: Vec<PoolProfile>,
    start: StartState,
}

impl SimulatedChain {
    pub(crate) fn new(
        series: BlockSeries,
        truth: Vec<BlockTruth>,
        pools: Vec<PoolProfile>,
        start: StartState,
    ) -> Self {
        SimulatedChain { series, truth, pools, start }
    }

    /// The simulated blocks as a validated series (heights `start.height + 1 ..`).
    pub fn series(&self) -> &BlockSeries {
        &self.series
    }

    /// The records of the series.
    pub fn records(&self) -> &[BlockRecord] {
        self.series.records()
    }

    /// The truth for each block, aligned with [`SimulatedChain::records`].
    pub fn truth(&self) -> &[BlockTruth] {
        &self.truth
    }

    /// The pools that truth indices refer to.
    pub fn pools(&self) -> &[PoolProfile] {
        &self.pools
    }

    /// The tip the chain grew from (not part of the series).
    pub fn start(&self) -> &StartState {
        &self.start
    }

    /// Number of simulated blocks (at least one).
    pub fn len(&self) -> usize {
        self.truth.len()
    }

    /// Always `false`: a simulation has at least one block.
    pub fn is_empty(&self) -> bool {
        self.truth.is_empty()
    }

    /// The name of the pool that truly found the block at `index`, `None` if untagged or out
    /// of range.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::{PoolMix, Scenario};
    ///
    /// let chain = Scenario::builder().seed(5).build()?.run(50)?;
    /// let foundry = (0..50).filter(|&i| chain.pool_name(i) == Some("Foundry USA")).count();
    /// assert!(foundry > 0);
    /// let anon = Scenario::builder().pools(PoolMix::unknown_only()).build()?.run(5)?;
    /// assert_eq!(anon.pool_name(0), None);
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn pool_name(&self, index: usize) -> Option<&str> {
        let p = self.truth.get(index)?.pool?;
        self.pools.get(p).map(PoolProfile::name)
    }

    /// The work-time representation of the observable series (`n − 1` intervals).
    pub fn work_time(&self) -> WorkTime {
        self.series.work_time()
    }

    /// Splits into the series, truth and pools.
    pub fn into_parts(self) -> (BlockSeries, Vec<BlockTruth>, Vec<PoolProfile>) {
        (self.series, self.truth, self.pools)
    }
}
