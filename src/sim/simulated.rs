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
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::Scenario;
    ///
    /// let chain = Scenario::builder().seed(1).build()?.run(20)?;
    /// let times: Vec<f64> = chain.truth().iter().map(|t| t.find_time()).collect();
    /// // True find times only move forward, unlike header timestamps.
    /// assert!(times.windows(2).all(|w| w[0] < w[1]));
    /// assert!(times[0] > f64::from(chain.start().time()));
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn find_time(&self) -> f64 {
        self.find_time
    }

    /// The true find time in seconds since the start tip's header time, at full `f64`
    /// precision (differences of [`BlockTruth::find_time`] lose ~1e-7 s to the Unix offset).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::Scenario;
    ///
    /// let chain = Scenario::builder().seed(1).build()?.run(20)?;
    /// let start = f64::from(chain.start().time());
    /// for t in chain.truth() {
    ///     assert!((t.find_time() - (start + t.elapsed_secs())).abs() < 1e-6);
    /// }
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn elapsed_secs(&self) -> f64 {
        self.elapsed
    }

    /// The true network hashrate at the find time.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::{HashratePath, Scenario};
    /// use minerscope::units::Hashrate;
    ///
    /// let eh = |x: f64| Hashrate::from_ehs(x).unwrap();
    /// // 600 EH/s, then 300 EH/s from one day in.
    /// let path = HashratePath::steps(eh(600.0), &[(86_400.0, eh(300.0))])?;
    /// let chain = Scenario::builder().hashrate(path).seed(1).build()?.run(300)?;
    /// for t in chain.truth() {
    ///     let expected = if t.elapsed_secs() < 86_400.0 { 600.0 } else { 300.0 };
    ///     assert_eq!(t.hashrate(), eh(expected));
    /// }
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn hashrate(&self) -> Hashrate {
        self.hashrate
    }

    /// Index of the finder in [`SimulatedChain::pools`], or `None` for an untagged miner.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::Scenario;
    ///
    /// let chain = Scenario::builder().seed(1).build()?.run(50)?;
    /// for (i, t) in chain.truth().iter().enumerate() {
    ///     match t.pool() {
    ///         Some(p) => assert_eq!(chain.pool_name(i), Some(chain.pools()[p].name())),
    ///         None => assert_eq!(chain.pool_name(i), None),
    ///     }
    /// }
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn pool(&self) -> Option<usize> {
        self.pool
    }

    /// The block's effort: hashes spent since the previous block divided by the block's work
    /// `W`. These are the i.i.d. Exp(1) draws that drive the simulation.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::Scenario;
    ///
    /// // The efforts are i.i.d. Exp(1): over 2 016 blocks the mean is 1 ± 0.022 (one s.e.).
    /// let chain = Scenario::builder().seed(3).build()?.run(2016)?;
    /// let mean = chain.truth().iter().map(|t| t.effort()).sum::<f64>() / 2016.0;
    /// assert!((mean - 1.0).abs() < 0.1);
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::Scenario;
    ///
    /// let chain = Scenario::builder().seed(1).build()?.run(30)?;
    /// let series = chain.series();
    /// assert_eq!((series.start_height(), series.end_height()), (830_593, 830_622));
    /// assert_eq!(series.records()[0].prev_hash(), Some(chain.start().hash()));
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn series(&self) -> &BlockSeries {
        &self.series
    }

    /// The records of the series.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::Scenario;
    ///
    /// let chain = Scenario::builder().seed(1).build()?.run(30)?;
    /// assert_eq!(chain.records().len(), chain.truth().len());
    /// // Each coinbase is real enough to attribute: it starts with the BIP34 height push.
    /// let cb = chain.records()[0].coinbase().ok_or(minerscope::sim::SimError::ZeroBlocks)?;
    /// assert_eq!(&cb.script_sig()[..4], &[0x03, 0x81, 0xac, 0x0c]); // 830 593 = 0x0cac81
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn records(&self) -> &[BlockRecord] {
        self.series.records()
    }

    /// The truth for each block, aligned with [`SimulatedChain::records`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::Scenario;
    ///
    /// let chain = Scenario::builder().seed(1).build()?.run(30)?;
    /// assert_eq!(chain.truth().len(), 30);
    /// assert!(chain.truth().iter().all(|t| t.effort() > 0.0));
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn truth(&self) -> &[BlockTruth] {
        &self.truth
    }

    /// The pools that truth indices refer to.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::{PoolMix, Scenario};
    ///
    /// let chain = Scenario::builder().seed(1).build()?.run(5)?;
    /// assert_eq!(chain.pools(), PoolMix::mainnet_2024().pools());
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn pools(&self) -> &[PoolProfile] {
        &self.pools
    }

    /// The tip the chain grew from (not part of the series).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::{Scenario, StartState};
    ///
    /// let chain = Scenario::builder().seed(1).build()?.run(5)?;
    /// assert_eq!(chain.start(), &StartState::mainnet_830592());
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn start(&self) -> &StartState {
        &self.start
    }

    /// Number of simulated blocks (at least one).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::Scenario;
    ///
    /// assert_eq!(Scenario::builder().seed(1).build()?.run(17)?.len(), 17);
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn len(&self) -> usize {
        self.truth.len()
    }

    /// Always `false`: a simulation has at least one block.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::Scenario;
    ///
    /// assert!(!Scenario::builder().seed(1).build()?.run(1)?.is_empty());
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::hashrate::{Exact, HashrateEstimator, Window};
    /// use minerscope::sim::{HashratePath, Scenario};
    /// use minerscope::stats::ConfidenceLevel;
    /// use minerscope::units::Hashrate;
    ///
    /// // The exact interval covers the true 600 EH/s (at 95 %; this seed is one that does).
    /// let truth = Hashrate::from_ehs(600.0).unwrap();
    /// let scenario = Scenario::builder().hashrate(HashratePath::constant(truth)).seed(1).build()?;
    /// let chain = scenario.run(500)?;
    /// let wt = chain.work_time();
    /// let w = Window::heights(wt.start_height(), wt.end_height()).unwrap();
    /// let est = Exact::unbiased().estimate(&wt, w, ConfidenceLevel::P95).unwrap();
    /// assert!(est.interval().contains(&truth));
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn work_time(&self) -> WorkTime {
        self.series.work_time()
    }

    /// Splits into the series, truth and pools.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::Scenario;
    ///
    /// let chain = Scenario::builder().seed(1).build()?.run(12)?;
    /// let (series, truth, pools) = chain.into_parts();
    /// assert_eq!((series.len(), truth.len(), pools.len()), (12, 12, 10));
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn into_parts(self) -> (BlockSeries, Vec<BlockTruth>, Vec<PoolProfile>) {
        (self.series, self.truth, self.pools)
    }
}
