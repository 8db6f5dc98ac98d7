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
    pub fn start(mut self, start: StartState) -> Self {
        self.start = Some(start);
        self
    }

    /// Sets the network hashrate path (for a share mix; a path mix defines its own).
    pub fn hashrate(mut self, path: HashratePath) -> Self {
        self.hashrate = Some(path);
        self
    }

    /// Sets the pools.
    pub fn pools(mut self, pools: PoolMix) -> Self {
        self.pools = Some(pools);
        self
    }

    /// Sets the timestamp-noise model.
    pub fn noise(mut self, noise: TimestampNoise) -> Self {
        self.noise = Some(noise);
        self
    }

    /// Sets the fee model.
    pub fn fees(mut self, fees: FeeModel) -> Self {
        self.fees = Some(fees);
        self
    }

    /// Sets the seed: the same seed gives the same chain on every platform.
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
    pub fn run(&self, n_blocks: usize) -> Result<SimulatedChain, SimError> {
        engine::simulate(self, n_blocks)
    }

    /// The start state.
    pub fn start(&self) -> &StartState {
        &self.start
    }

    /// The network hashrate path (the sum of pool paths for a path mix).
    pub fn network_hashrate(&self) -> &HashratePath {
        &self.network
    }

    /// The pool mix.
    pub fn pools(&self) -> &PoolMix {
        &self.pools
    }

    /// The timestamp-noise model.
    pub fn noise(&self) -> &TimestampNoise {
        &self.noise
    }

    /// The fee model.
    pub fn fees(&self) -> &FeeModel {
        &self.fees
    }

    /// The seed.
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
/// use minerscope::sim::{simulate, Scenario};
///
/// let chain = simulate(&Scenario::builder().seed(3).build()?, 100)?;
/// assert_eq!(chain.series().len(), 100);
/// # Ok::<_, minerscope::sim::SimError>(())
/// ```
pub fn simulate(scenario: &Scenario, n_blocks: usize) -> Result<SimulatedChain, SimError> {
    scenario.run(n_blocks)
}
