use super::engine;
use super::{
    FeeModel, HashratePath, PoolMix, SimError, SimulatedChain, StartState, TimestampNoise,
};

/// A complete, validated simulation recipe: where the chain starts, how much hashrate mines
/// it and who owns it, how clocks distort timestamps, the fee level and the seed.
///
/// Build it with [`Scenario::builder`]; every field has a mainnet-like default:
///
/// | field | default |
/// |---|---|
/// | start | [`StartState::mainnet_830592`] |
/// | hashrate | constant at the start's equilibrium ([`StartState::equilibrium_hashrate`], ≈ 585 EH/s) |
/// | pools | [`PoolMix::mainnet_2024`] |
/// | noise | [`TimestampNoise::mainnet`] |
/// | fees | [`FeeModel::default`] (0.25 BTC) |
/// | seed | 0 |
///
/// # Examples
///
/// ```
/// use minerscope::sim::{HashratePath, Scenario, TimestampNoise};
/// use minerscope::units::Hashrate;
///
/// let scenario = Scenario::builder()
///     .hashrate(HashratePath::constant(Hashrate::from_ehs(600.0)?))
///     .noise(TimestampNoise::none())
///     .seed(42)
///     .build()?;
/// let chain = scenario.run(144)?;
/// assert_eq!(chain.len(), 144);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Scenario {
    start: StartState,
    network: HashratePath,
    pools: PoolMix,
    noise: TimestampNoise,
    fees: FeeModel,
    seed: u64,
}

/// Builder for [`Scenario`]; see there for the defaults.
///
/// # Examples
///
/// ```
/// use minerscope::sim::{FeeModel, PoolMix, Scenario, StartState, TimestampNoise};
///
/// // Every field left out takes its default.
/// let s = Scenario::builder().build()?;
/// assert_eq!(s.start(), &StartState::mainnet_830592());
/// assert_eq!(s.noise(), &TimestampNoise::mainnet());
/// assert_eq!(s.fees(), &FeeModel::default());
/// assert_eq!(s.pools().pools().len(), PoolMix::mainnet_2024().pools().len());
/// assert_eq!(s.seed(), 0);
/// # Ok::<_, minerscope::sim::SimError>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct ScenarioBuilder {
    start: Option<StartState>,
    hashrate: Option<HashratePath>,
    pools: Option<PoolMix>,
    noise: Option<TimestampNoise>,
    fees: Option<FeeModel>,
    seed: u64,
}

impl ScenarioBuilder {
    /// Sets the tip the chain grows from.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::CompactTarget;
    /// use minerscope::sim::{Scenario, StartState};
    ///
    /// // Start at block 100 000 (bits 0x1b04864c, 2010-12-29).
    /// let start =
    ///     StartState::new(100_000, CompactTarget::from_consensus(0x1b04864c), 1_293_623_863)?;
    /// let chain = Scenario::builder().start(start).seed(1).build()?.run(5)?;
    /// assert_eq!(chain.series().start_height(), 100_001);
    /// assert_eq!(chain.records()[0].bits().to_consensus(), 0x1b04864c);
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn start(mut self, start: StartState) -> Self {
        self.start = Some(start);
        self
    }

    /// Sets the network hashrate path (for a share mix; a path mix defines its own).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::{HashratePath, Scenario};
    /// use minerscope::units::Hashrate;
    ///
    /// let path = HashratePath::constant(Hashrate::from_ehs(650.0).unwrap());
    /// let chain = Scenario::builder().hashrate(path).seed(1).build()?.run(10)?;
    /// assert!(chain.truth().iter().all(|t| (t.hashrate().to_ehs() - 650.0).abs() < 1e-9));
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn hashrate(mut self, path: HashratePath) -> Self {
        self.hashrate = Some(path);
        self
    }

    /// Sets the pools.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::ScriptBuf;
    /// use minerscope::sim::{PoolMix, PoolProfile, Scenario};
    ///
    /// let solo = PoolProfile::new("Solo", b"/solo/".to_vec(), ScriptBuf::new())?;
    /// let mix = PoolMix::from_shares(vec![(solo, 1.0)], 0.0)?;
    /// let chain = Scenario::builder().pools(mix).seed(1).build()?.run(5)?;
    /// assert!((0..5).all(|i| chain.pool_name(i) == Some("Solo")));
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn pools(mut self, pools: PoolMix) -> Self {
        self.pools = Some(pools);
        self
    }

    /// Sets the timestamp-noise model.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::{Scenario, TimestampNoise};
    ///
    /// let s = Scenario::builder().noise(TimestampNoise::none()).build()?;
    /// assert!(s.noise().is_none());
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn noise(mut self, noise: TimestampNoise) -> Self {
        self.noise = Some(noise);
        self
    }

    /// Sets the fee model.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::sim::{FeeModel, Scenario};
    ///
    /// let s = Scenario::builder().fees(FeeModel::constant(Amount::ZERO)?).build()?;
    /// let chain = s.run(3)?;
    /// // No fees: every coinbase pays exactly the subsidy.
    /// assert!(chain.records().iter().all(|r| r.coinbase_value() == Some(r.subsidy())));
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn fees(mut self, fees: FeeModel) -> Self {
        self.fees = Some(fees);
        self
    }

    /// Sets the seed: the same seed gives the same chain on every platform.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::Scenario;
    ///
    /// let run = |seed| Scenario::builder().seed(seed).build()?.run(20);
    /// assert_eq!(run(11)?.records(), run(11)?.records()); // reproducible
    /// assert_ne!(run(11)?.records(), run(12)?.records());
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Validates and builds the scenario.
    ///
    /// # Errors
    ///
    /// [`SimError::ConflictingHashrate`] if both a network path and a per-pool path mix were
    /// given; [`SimError::InvalidHashrate`] if the network hashrate at time 0 is invalid
    /// (checked eagerly for closures).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::{HashratePath, PoolMix, Scenario, SimError};
    /// use minerscope::units::Hashrate;
    ///
    /// let eh = |x: f64| Hashrate::from_ehs(x).unwrap();
    /// let network = HashratePath::constant(eh(600.0));
    /// // A path mix defines the network itself: giving both is a conflict.
    /// let mix = PoolMix::mainnet_2024().into_paths(&network);
    /// let both = Scenario::builder().pools(mix).hashrate(network).build();
    /// assert!(matches!(both, Err(SimError::ConflictingHashrate)));
    /// let bad = Scenario::builder().hashrate(HashratePath::from_fn(|_| -1.0)).build();
    /// assert!(matches!(bad, Err(SimError::InvalidHashrate { .. })));
    /// ```
    pub fn build(self) -> Result<Scenario, SimError> {
        let start = self.start.unwrap_or_else(StartState::mainnet_830592);
        let pools = self.pools.unwrap_or_else(PoolMix::mainnet_2024);
        let network = match (pools.network_path(), self.hashrate) {
            (Some(_), Some(_)) => return Err(SimError::ConflictingHashrate),
            (Some(sum), None) => sum,
            (None, Some(p)) => p,
            (None, None) => HashratePath::constant(start.equilibrium_hashrate()),
        };
        network.hs_at(0.0)?;
        Ok(Scenario {
            start,
            network,
            pools,
            noise: self.noise.unwrap_or_default(),
            fees: self.fees.unwrap_or_default(),
            seed: self.seed,
        })
    }
}

impl Scenario {
    /// A builder with every field at its default.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::Scenario;
    ///
    /// let s = Scenario::builder().seed(5).build()?;
    /// assert_eq!(s.seed(), 5);
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn builder() -> ScenarioBuilder {
        ScenarioBuilder::default()
    }

    /// Simulates `n_blocks` blocks on top of the start state.
    ///
    /// # Errors
    ///
    /// [`SimError::ZeroBlocks`], [`SimError::HeightOverflow`], [`SimError::Stalled`] (the
    /// hashrate is zero for ever), [`SimError::TimeOverflow`] (times beyond 2106),
    /// [`SimError::InvalidHashrate`] (a closure returned a bad value).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::Scenario;
    ///
    /// let s = Scenario::builder().seed(2).build()?;
    /// let chain = s.run(2016)?;
    /// // Simulated from 830 593: the retarget at 832 608 changes the bits.
    /// let bits = |h| chain.series().get(h).map(|r| r.bits());
    /// assert_ne!(bits(832_608), bits(832_607));
    /// assert!(s.run(0).is_err());
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn run(&self, n_blocks: usize) -> Result<SimulatedChain, SimError> {
        engine::simulate(self, n_blocks)
    }

    /// The start state.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::Scenario;
    ///
    /// assert_eq!(Scenario::builder().build()?.start().height(), 830_592);
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn start(&self) -> &StartState {
        &self.start
    }

    /// The network hashrate path (the sum of pool paths for a path mix).
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::Scenario;
    ///
    /// // By default, the hashrate that keeps 600 s blocks at the start's difficulty (≈ 585 EH/s).
    /// let s = Scenario::builder().build()?;
    /// let h = s.network_hashrate().value_at(0.0)?;
    /// assert_eq!(h, s.start().equilibrium_hashrate());
    /// assert!((h.to_ehs() - 585.0).abs() < 1.0);
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn network_hashrate(&self) -> &HashratePath {
        &self.network
    }

    /// The pool mix.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::{PoolMix, Scenario};
    ///
    /// let s = Scenario::builder().pools(PoolMix::unknown_only()).build()?;
    /// assert!(s.pools().pools().is_empty());
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn pools(&self) -> &PoolMix {
        &self.pools
    }

    /// The timestamp-noise model.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::{Scenario, TimestampNoise};
    ///
    /// let s = Scenario::builder().noise(TimestampNoise::normal(5.0)?).build()?;
    /// assert_eq!(s.noise().sigma_secs(), 5.0);
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn noise(&self) -> &TimestampNoise {
        &self.noise
    }

    /// The fee model.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::sim::{FeeModel, Scenario};
    ///
    /// let s = Scenario::builder()
    ///     .fees(FeeModel::exponential(Amount::from_sat(10_000))?)
    ///     .build()?;
    /// assert!(s.fees().is_random());
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn fees(&self) -> &FeeModel {
        &self.fees
    }

    /// The seed.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::Scenario;
    ///
    /// assert_eq!(Scenario::builder().seed(u64::MAX).build()?.seed(), u64::MAX);
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn seed(&self) -> u64 {
        self.seed
    }
}

/// Simulates `n_blocks` blocks of `scenario`; the same as [`Scenario::run`].
///
/// # Errors
///
/// As [`Scenario::run`].
///
/// # Examples
///
/// ```
/// use minerscope::sim::{Scenario, simulate};
///
/// let chain = simulate(&Scenario::builder().seed(3).build()?, 100)?;
/// assert_eq!(chain.series().len(), 100);
/// # Ok::<_, minerscope::sim::SimError>(())
/// ```
pub fn simulate(scenario: &Scenario, n_blocks: usize) -> Result<SimulatedChain, SimError> {
    scenario.run(n_blocks)
}
