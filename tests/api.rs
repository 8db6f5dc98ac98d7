//! API-surface tests in the style of rust-bitcoin's `units/tests/api.rs`: each test is named
//! after the Rust API guideline it checks.
//!
//! * `c_send_sync`: every public type is `Send + Sync + Unpin` (closures in `HashratePath`
//!   are required to be `Send + Sync` for this).
//! * `c_common_traits`: structs holding every public type derive `Debug` and `Clone` (and
//!   `Copy` / `PartialEq` for the value types), which fails to compile if a type lacks them.
//! * `c_good_err`: every error type is `std::error::Error + Send + Sync + 'static`, and every
//!   variant that the public API can produce displays a lower-case message without trailing
//!   punctuation.
//! * `c_serde`: the serde-enabled value types round-trip through JSON, and validated types
//!   reject invalid JSON instead of bypassing their constructors.

use bitcoin::block::Version;
use bitcoin::hashes::Hash;
use bitcoin::hex::FromHex;
use bitcoin::{Amount, BlockHash, CompactTarget, OutPoint, ScriptBuf, Txid};
use minerscope::chain::json::{
    JsonBlock, btc_to_amount, parse_core_getblock, parse_esplora_block_hash, parse_esplora_txids,
};
use minerscope::chain::{
    BlockRecord, BlockSeries, ChainError, Coinbase, CoinbaseOutput, TimeAnomaly, WindowSums,
    WorkTime, decode_block, decode_header,
};
use minerscope::hashrate::{Estimate, Method};
use minerscope::pool::{
    AddressEntry, AddressHit, AddressId, Attribution, AttributionCounts, Attributor, BuiltinPool,
    Claim, Concentration, ConcentrationOptions, ConflictPolicy, Disagreement, ListedCounts,
    Membership, Ownership, Pool, PoolError, PoolId, Registry, RegistryFormat, Share, Shares,
    SimultaneousMethod, SkipReason, SkippedEntry, Source, SourceId, TagEntry, TagHit, TagId,
};
use minerscope::sim::{
    BlockTruth, FeeModel, HashratePath, PoolMix, PoolProfile, Scenario, ScenarioBuilder, SimError,
    SimulatedChain, StartState, TimestampNoise,
};
use minerscope::stats::{ConfidenceLevel, Interval, StatsError, quantile, rate};
use minerscope::units::{Difficulty, Efficiency, Hashrate, Power, UnitError, Usd};

/// The genesis block (public constant data).
const GENESIS: &str = concat!(
    "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b2",
    "7ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c01",
    "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04",
    "ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e20",
    "6272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01",
    "000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4c",
    "ef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000",
);

fn genesis() -> bitcoin::Block {
    decode_block(&Vec::<u8>::from_hex(GENESIS).expect("hex")).expect("genesis decodes")
}

/// Every public type of `chain`, `hashrate`, `sim`, `stats` and `units`.
#[derive(Debug, Clone)]
#[allow(dead_code)] // The fields exist for the derives.
struct AllTypes {
    // chain
    record: BlockRecord,
    coinbase: Coinbase,
    output: CoinbaseOutput,
    series: BlockSeries,
    anomaly: TimeAnomaly,
    window: WindowSums,
    work_time: WorkTime,
    json_block: JsonBlock,
    chain_error: ChainError,
    // hashrate
    estimate: Estimate,
    method: Method,
    // sim
    truth: BlockTruth,
    fees: FeeModel,
    path: HashratePath,
    mix: PoolMix,
    profile: PoolProfile,
    scenario: Scenario,
    builder: ScenarioBuilder,
    chain: SimulatedChain,
    start: StartState,
    noise: TimestampNoise,
    sim_error: SimError,
    // stats
    level: ConfidenceLevel,
    interval: Interval<f64>,
    hashrate_interval: Interval<Hashrate>,
    stats_error: StatsError,
    // units
    hashrate: Hashrate,
    difficulty: Difficulty,
    power: Power,
    efficiency: Efficiency,
    usd: Usd,
    unit_error: UnitError,
}

/// Every public type of `pool`.
#[derive(Debug, Clone)]
#[allow(dead_code)]
struct PoolTypes {
    address_entry: AddressEntry,
    address_hit: AddressHit,
    address_id: AddressId,
    attribution: Attribution,
    counts: AttributionCounts,
    attributor: Attributor,
    builtin: BuiltinPool,
    claim: Claim,
    concentration: Concentration,
    concentration_options: ConcentrationOptions,
    policy: ConflictPolicy,
    disagreement: Disagreement,
    listed: ListedCounts,
    membership: Membership,
    ownership: Ownership,
    pool: Pool,
    error: PoolError,
    pool_id: PoolId,
    registry: Registry,
    format: RegistryFormat,
    share: Share,
    shares: Shares,
    method: SimultaneousMethod,
    skip: SkipReason,
    skipped: SkippedEntry,
    source: Source,
    source_id: SourceId,
    tag_entry: TagEntry,
    tag_hit: TagHit,
    tag_id: TagId,
}

/// Every public type of `hashrate`.
#[derive(Debug, Clone)]
#[allow(dead_code)]
struct HashrateTypes {
    bayesian: minerscope::hashrate::Bayesian,
    gamma_posterior: minerscope::hashrate::GammaPosterior,
    core_compatible: minerscope::hashrate::CoreCompatible,
    discount_filter: minerscope::hashrate::DiscountFilter,
    hashrate_error: minerscope::hashrate::HashrateError,
    exact: minerscope::hashrate::Exact,
    point_rule: minerscope::hashrate::PointRule,
    exposure: minerscope::hashrate::Exposure,
    fixed_time: minerscope::hashrate::FixedTime,
    poisson_interval: minerscope::hashrate::PoissonInterval,
    local_level: minerscope::hashrate::LocalLevel,
    state_space_path: minerscope::hashrate::StateSpacePath,
    timestamp_noise: minerscope::hashrate::TimestampNoiseReport,
    pool_hashrate: minerscope::hashrate::PoolHashrate<String>,
    pool_hashrates: minerscope::hashrate::PoolHashrates<String>,
    simultaneity: minerscope::hashrate::Simultaneity,
    chi_squared_pivot: minerscope::hashrate::ChiSquaredPivot,
    retarget_projection: minerscope::hashrate::RetargetProjection,
    endpoints: minerscope::hashrate::Endpoints,
    timestamp_robust: minerscope::hashrate::TimestampRobust,
    rolling: minerscope::hashrate::Rolling,
    rolling_method: minerscope::hashrate::RollingMethod,
    rolling_point: minerscope::hashrate::RollingPoint,
    rolling_time: minerscope::hashrate::RollingTime,
    window: minerscope::hashrate::Window,
}

/// Every public type of `detect`.
#[derive(Debug, Clone)]
#[allow(dead_code)]
struct DetectTypes {
    cusum_bank: minerscope::detect::CusumBank,
    baseline: minerscope::detect::Baseline,
    block_sum: minerscope::detect::BlockSum,
    bocpd: minerscope::detect::Bocpd,
    bocpd_config: minerscope::detect::BocpdConfig,
    false_alarm_target: minerscope::detect::FalseAlarmTarget,
    cusum: minerscope::detect::Cusum,
    alarm: minerscope::detect::Alarm,
    detect_error: minerscope::detect::DetectError,
    change_event: minerscope::detect::ChangeEvent,
    event_config: minerscope::detect::EventConfig,
    power_change: minerscope::detect::PowerChange,
    power_down_event: minerscope::detect::PowerDownEvent,
    recovery_event: minerscope::detect::RecoveryEvent,
    glr: minerscope::detect::Glr,
    windowed_glr: minerscope::detect::WindowedGlr,
    windowed_glr_config: minerscope::detect::WindowedGlrConfig,
    window_grid: minerscope::detect::WindowGrid,
    onset: minerscope::detect::Onset,
    segment: minerscope::detect::Segment,
    detector_kind: minerscope::detect::DetectorKind,
    scan_config: minerscope::detect::ScanConfig,
    scanner: minerscope::detect::Scanner,
    direction: minerscope::detect::Direction,
    shift: minerscope::detect::Shift,
}

/// Every public type of `economics`.
#[derive(Debug, Clone)]
#[allow(dead_code)]
struct EconomicsTypes {
    ai_lease: minerscope::economics::AiLease,
    lease_input: minerscope::economics::LeaseInput,
    lease_price: minerscope::economics::LeasePrice,
    mine_vs_lease: minerscope::economics::MineVsLease,
    mining_per_mw: minerscope::economics::MiningPerMw,
    sensitivity: minerscope::economics::Sensitivity,
    asic_spec: minerscope::economics::AsicSpec,
    shutdown_step: minerscope::economics::ShutdownStep,
    curtailment_plan: minerscope::economics::CurtailmentPlan,
    line_schedule: minerscope::economics::LineSchedule,
    power_contract: minerscope::economics::PowerContract,
    economics_error: minerscope::economics::EconomicsError,
    daily_economics: minerscope::economics::DailyEconomics,
    fleet: minerscope::economics::Fleet,
    fleet_entry: minerscope::economics::FleetEntry,
    operating_terms: minerscope::economics::OperatingTerms,
    block_reward: minerscope::economics::BlockReward,
    hashprice: minerscope::economics::Hashprice,
    hashvalue: minerscope::economics::Hashvalue,
    efficiency_range: minerscope::economics::EfficiencyRange,
    machine: minerscope::economics::Machine,
    difficulty_path: minerscope::economics::DifficultyPath,
    price_path: minerscope::economics::PricePath,
    projection: minerscope::economics::Projection,
    projection_band: minerscope::economics::ProjectionBand,
    projection_day: minerscope::economics::ProjectionDay,
    scenario: minerscope::economics::Scenario,
    solo_odds: minerscope::economics::SoloOdds,
    uncertain: minerscope::economics::Uncertain<f64>,
}

/// The small value types, which must also be `Copy` and `PartialEq`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[allow(dead_code)]
struct CopyTypes {
    anomaly: TimeAnomaly,
    window: WindowSums,
    estimate: Estimate,
    method: Method,
    truth: BlockTruth,
    fees: FeeModel,
    level: ConfidenceLevel,
    interval: Interval<f64>,
    hashrate_interval: Interval<Hashrate>,
    stats_error: StatsError,
    hashrate: Hashrate,
    difficulty: Difficulty,
    power: Power,
    efficiency: Efficiency,
    usd: Usd,
    unit_error: UnitError,
}

/// Types whose values can be compared for equality (closures and builders excluded).
#[derive(Debug, Clone, PartialEq)]
#[allow(dead_code)]
struct EqTypes {
    record: BlockRecord,
    coinbase: Coinbase,
    output: CoinbaseOutput,
    series: BlockSeries,
    work_time: WorkTime,
    json_block: JsonBlock,
    chain_error: ChainError,
    profile: PoolProfile,
    start: StartState,
    noise: TimestampNoise,
    sim_error: SimError,
}

#[test]
fn c_send_sync() {
    fn check<T: Send + Sync + Unpin + 'static>() {}
    check::<AllTypes>();
    check::<CopyTypes>();
    check::<EqTypes>();
    check::<PoolTypes>();
    check::<HashrateTypes>();
    check::<DetectTypes>();
    check::<EconomicsTypes>();
}

#[test]
fn c_common_traits() {
    fn check<T: std::fmt::Debug + Clone>() {}
    check::<AllTypes>();
    check::<PoolTypes>();
    check::<HashrateTypes>();
    check::<DetectTypes>();
    check::<EconomicsTypes>();
    fn check_id<T: Copy + Eq + std::hash::Hash + Ord>() {}
    check_id::<PoolId>();
    check_id::<TagId>();
    check_id::<AddressId>();
    check_id::<SourceId>();
    check_full_eq::<RegistryFormat>();
    check_eq_only::<Registry>();
    fn check_partial_eq<T: PartialEq>() {}
    check_partial_eq::<PoolError>(); // carries f64 values, so not Eq
    fn check_copy<T: Copy + PartialEq>() {}
    check_copy::<CopyTypes>();
    fn check_eq<T: PartialEq>() {}
    check_eq::<EqTypes>();
    // Types that are exactly comparable are also `Eq` (floats are not, by design).
    fn check_full_eq<T: Eq + std::hash::Hash>() {}
    check_full_eq::<Method>();
    check_full_eq::<PoolProfile>();
    check_full_eq::<CoinbaseOutput>();
    check_full_eq::<Coinbase>();
    fn check_eq_only<T: Eq>() {}
    check_eq_only::<BlockRecord>();
    check_eq_only::<TimeAnomaly>();
    check_eq_only::<ChainError>();
    check_eq_only::<StartState>();
    check_eq_only::<FeeModel>();
    // Defaults exist where there is an obvious one.
    fn check_default<T: Default>() {}
    check_default::<Hashrate>();
    check_default::<Power>();
    check_default::<Usd>();
    check_default::<ConfidenceLevel>();
    check_default::<Coinbase>();
    check_default::<FeeModel>();
    check_default::<TimestampNoise>();
    check_default::<StartState>();
    check_default::<PoolMix>();
    check_default::<ScenarioBuilder>();
    // Display for the user-facing values.
    fn check_display<T: std::fmt::Display>() {}
    check_display::<Hashrate>();
    check_display::<Difficulty>();
    check_display::<Power>();
    check_display::<Efficiency>();
    check_display::<Usd>();
    check_display::<ConfidenceLevel>();
    check_display::<Estimate>();
    check_display::<Method>();
}

/// Asserts C-GOOD-ERR on one error value: trait bounds, lower-case, no trailing punctuation.
fn good_err<E: std::error::Error + Send + Sync + 'static>(e: E) -> String {
    let msg = e.to_string();
    let first = msg.chars().next().expect("non-empty message");
    assert!(!first.is_uppercase(), "message starts upper-case: {msg:?} ({e:?})");
    let last = msg.chars().last().expect("non-empty message");
    assert!(!matches!(last, '.' | '!' | '?' | ':' | ';' | ','), "trailing punctuation: {msg:?}");
    assert!(!msg.contains('\n'), "multi-line message: {msg:?}");
    msg
}

#[test]
fn c_good_err_unit_error() {
    for r in [Hashrate::from_hs(f64::NAN), Hashrate::from_hs(-1.0), Hashrate::from_ehs(1e300)] {
        good_err(r.unwrap_err());
    }
    good_err(Difficulty::new(0.0).unwrap_err());
    good_err(Power::from_watts(f64::INFINITY).unwrap_err());
    good_err(Efficiency::from_j_per_th(-3.0).unwrap_err());
    let msg = good_err(Usd::from_dollars(f64::NAN).unwrap_err());
    assert!(msg.contains("NaN"), "{msg}");
}

#[test]
fn c_good_err_stats_error() {
    let errors = [
        ConfidenceLevel::new(1.5).unwrap_err(),
        quantile::chi_squared(2.0, 1.0).unwrap_err(),
        quantile::chi_squared(0.5, -1.0).unwrap_err(),
        quantile::fisher_f(0.5, -1.0, 1.0).unwrap_err(),
        quantile::beta(0.5, 1.0, f64::NAN).unwrap_err(),
        quantile::gamma(0.5, 1.0, 0.0).unwrap_err(),
        Interval::new(2.0, 1.0, ConfidenceLevel::P95).unwrap_err(),
        rate::exponential_rate(0, 1.0, ConfidenceLevel::P95).unwrap_err(),
        rate::poisson_rate(1, 0.0, ConfidenceLevel::P95).unwrap_err(),
    ];
    for e in errors {
        good_err(e);
    }
}

#[test]
fn c_good_err_chain_error() {
    let hash = BlockHash::all_zeros();
    let bits = CompactTarget::from_consensus(0x1d00ffff);
    let rec = |h: u32| BlockRecord::new(h, hash, 0, bits).expect("valid");
    let mut bip34 = genesis();
    bip34.header.version = Version::TWO;
    // Push of height 830 000 (0x0caa30, little-endian).
    bip34.txdata[0].input[0].script_sig = ScriptBuf::from_bytes(vec![0x03, 0x30, 0xaa, 0x0c]);
    let mut not_coinbase = genesis().txdata[0].clone();
    not_coinbase.input[0].previous_output =
        OutPoint { txid: Txid::from_byte_array([1; 32]), vout: 0 };
    let linked = rec(1).with_prev_hash(BlockHash::from_byte_array([7; 32]));
    let errors = [
        BlockRecord::new(1, hash, 0, CompactTarget::from_consensus(0)).unwrap_err(),
        BlockSeries::new(vec![]).unwrap_err(),
        BlockSeries::new(vec![rec(1), rec(3)]).unwrap_err(),
        BlockSeries::new(vec![rec(0), linked]).unwrap_err(),
        WorkTime::from_parts(u32::MAX, &[0, 1], &[1.0, 1.0]).unwrap_err(),
        WorkTime::from_parts(0, &[0, 1], &[1.0]).unwrap_err(),
        Coinbase::from_transaction(&not_coinbase).unwrap_err(),
        parse_esplora_txids("[]").unwrap_err(),
        BlockRecord::from_block(&genesis()).unwrap_err(),
        BlockRecord::from_block_at(&bip34, 830_001).unwrap_err(),
        parse_core_getblock("{").unwrap_err(),
        parse_core_getblock("{}").unwrap_err(),
        parse_esplora_block_hash("xyz").unwrap_err(),
        btc_to_amount(&serde_json::from_str("-1.5").expect("number"), "value").unwrap_err(),
        decode_header(&[]).unwrap_err(),
        decode_block(&[0; 10]).unwrap_err(),
    ];
    let kinds: Vec<String> = errors
        .iter()
        .map(|e| format!("{e:?}").split([' ', '{', '(']).next().unwrap_or("").to_owned())
        .collect();
    for e in errors {
        good_err(e);
    }
    // Every variant reachable through the public API was built (WorkOverflow needs more than
    // 2^256 hashes of work and is not).
    for variant in [
        "InvalidBits",
        "EmptySeries",
        "NonContiguous",
        "PrevHashMismatch",
        "HeightOutOfRange",
        "NotCoinbase",
        "NoTransactions",
        "MissingBip34Height",
        "HeightMismatch",
        "Json",
        "MissingField",
        "InvalidField",
        "Decode",
    ] {
        assert!(kinds.iter().any(|k| k == variant), "{variant} not built: {kinds:?}");
    }
}

#[test]
fn c_good_err_pool_error() {
    let errors = [
        Registry::from_json("{", "bad").unwrap_err(),
        Registry::from_json("[{\"name\": }]", "bad").unwrap_err(),
        Registry::from_json("5", "number").unwrap_err(),
        Registry::from_json("[1]", "wrong shape").unwrap_err(),
        RegistryFormat::detect("{\"x\": 1, \"y\": [1]}").unwrap_err(),
        Registry::new().load(RegistryFormat::Builtin, "[]", "builtin").unwrap_err(),
        Ownership::from_legal_links_json(
            r#"{"E": [{"name": "P", "from": "20x1", "to": "", "source": ""}]}"#,
        )
        .unwrap_err(),
        Ownership::from_legal_links_json("[]").unwrap_err(),
        Shares::from_counts(&[], ConfidenceLevel::P95, SimultaneousMethod::Goodman).unwrap_err(),
        Shares::from_counts(&[5], ConfidenceLevel::P95, SimultaneousMethod::SisonGlaz).unwrap_err(),
        Concentration::from_counts(&[3, 2], ConcentrationOptions::default().with_draws(0))
            .unwrap_err(),
    ];
    for e in errors {
        good_err(e);
    }
}

/// The error types of the estimator, detector and economics modules meet C-GOOD-ERR's trait
/// bounds (their messages are checked where those modules test their errors).
#[test]
fn c_good_err_other_modules() {
    fn check<E: std::error::Error + Send + Sync + Clone + PartialEq + 'static>() {}
    check::<minerscope::hashrate::HashrateError>();
    check::<minerscope::detect::DetectError>();
    check::<minerscope::economics::EconomicsError>();
    // Economics wraps unit errors transparently: same message, still a good error.
    let inner = UnitError::NotFinite { quantity: "hashrate", value: f64::NAN };
    let e = minerscope::economics::EconomicsError::from(inner);
    assert_eq!(good_err(e), inner.to_string());
}

#[test]
fn c_good_err_sim_error() {
    let eh = |x: f64| Hashrate::from_ehs(x).expect("valid");
    let profile = |tag: Vec<u8>| PoolProfile::new("p", tag, ScriptBuf::new());
    let p = profile(b"/p/".to_vec()).expect("short tag");
    let network = HashratePath::constant(eh(600.0));
    let dead = HashratePath::steps(eh(600.0), &[(60.0, Hashrate::ZERO)]).expect("valid");
    let near_max =
        StartState::new(u32::MAX - 1, CompactTarget::from_consensus(0x1d00ffff), 0).expect("valid");
    let late = StartState::new(1, CompactTarget::from_consensus(0x1d00ffff), u32::MAX - 10)
        .expect("valid");
    let errors = [
        HashratePath::from_fn(|_| f64::NAN).value_at(0.0).unwrap_err(),
        HashratePath::piecewise_linear(&[(f64::NAN, eh(1.0))]).unwrap_err(),
        HashratePath::piecewise_linear(&[]).unwrap_err(),
        HashratePath::ramp(eh(1.0), eh(2.0), 0.0, 0.0).unwrap_err(),
        PoolMix::from_shares(vec![(p.clone(), -0.5)], 1.5).unwrap_err(),
        PoolMix::from_shares(vec![(p.clone(), 0.5)], 0.1).unwrap_err(),
        profile(vec![b'x'; 81]).unwrap_err(),
        PoolMix::mainnet_2024().with_pool_path(0, network.clone()).unwrap_err(),
        PoolMix::mainnet_2024()
            .into_paths(&network)
            .with_pool_path(99, network.clone())
            .unwrap_err(),
        PoolMix::from_paths(vec![], None).unwrap_err(),
        Scenario::builder()
            .pools(PoolMix::mainnet_2024().into_paths(&network))
            .hashrate(network.clone())
            .build()
            .unwrap_err(),
        TimestampNoise::normal(-1.0).unwrap_err(),
        FeeModel::constant(Amount::from_btc(5_000.0).expect("valid")).unwrap_err(),
        StartState::new(1, CompactTarget::from_consensus(0), 0).unwrap_err(),
        StartState::mainnet_830592().with_period_start_time(5).unwrap_err(),
        Scenario::builder().build().expect("default").run(0).unwrap_err(),
        Scenario::builder().hashrate(dead).build().expect("valid").run(100).unwrap_err(),
        Scenario::builder().start(late).build().expect("valid").run(100).unwrap_err(),
        Scenario::builder().start(near_max).build().expect("valid").run(5).unwrap_err(),
    ];
    for e in errors {
        good_err(e);
    }
    // The wrapped chain error is exposed as the source.
    let wrapped = SimError::Chain(ChainError::EmptySeries);
    good_err(wrapped.clone());
    assert!(std::error::Error::source(&wrapped).is_some());
}

/// Serializes to JSON and back, asserting equality.
#[cfg(feature = "serde")]
fn round_trip<T>(value: &T) -> String
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let json = serde_json::to_string(value).expect("serializes");
    let back: T = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(&back, value, "round trip through {json}");
    json
}

#[cfg(feature = "serde")]
fn rejects<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str) {
    let r = serde_json::from_str::<T>(json);
    assert!(r.is_err(), "{json} was accepted as {r:?}");
}

#[test]
#[cfg(feature = "serde")]
fn c_serde_units_and_stats() {
    assert_eq!(round_trip(&Hashrate::from_ehs(520.5).expect("valid")), "5.205e+20");
    round_trip(&Difficulty::new(81.7e12).expect("valid"));
    round_trip(&Power::from_megawatts(12.5).expect("valid"));
    round_trip(&Efficiency::from_j_per_th(15.0).expect("valid"));
    round_trip(&Usd::from_dollars(-12.25).expect("valid"));
    assert_eq!(round_trip(&ConfidenceLevel::P95), "0.95");
    let ci = Interval::new(0.829, 1.187, ConfidenceLevel::P95).expect("ordered");
    round_trip(&ci);
    let h = |x: f64| Hashrate::from_ehs(x).expect("valid");
    let hci = Interval::new(h(480.0), h(520.0), ConfidenceLevel::P90).expect("ordered");
    round_trip(&hci);
    round_trip(&Estimate::new(h(500.0), hci, Method::Unbiased, 1, 2017, 2016, 4.0e-18));
    round_trip(&Method::TimestampRobust);
    // Validated newtypes reject what their constructors reject.
    rejects::<Hashrate>("-1.0");
    rejects::<Difficulty>("0.0");
    rejects::<Power>("-5");
    rejects::<Efficiency>("0");
    rejects::<ConfidenceLevel>("1.0");
    rejects::<ConfidenceLevel>("0");
    rejects::<Usd>("null");
    rejects::<Interval<f64>>(r#"{"low":2.0,"high":1.0,"level":0.95}"#);
    rejects::<Interval<f64>>(r#"{"low":0.0,"high":1.0,"level":1.5}"#);
}

#[test]
#[cfg(feature = "serde")]
fn c_serde_chain() {
    let block = genesis();
    let record = BlockRecord::from_block_at(&block, 0).expect("genesis record");
    round_trip(&record);
    round_trip(record.coinbase().expect("has coinbase"));
    round_trip(&record.coinbase().expect("has coinbase").outputs()[0]);
    round_trip(&TimeAnomaly::Backwards { height: 5, time: 10, prev_time: 11 });
    let wt = WorkTime::from_parts(100, &[0, 600, 1100], &[6e20, 6e20, 6e20]).expect("valid");
    round_trip(&wt.window(100, 102).expect("in range"));
    // Serialize-only types (deserializing would bypass their validation) still serialize.
    let series = BlockSeries::new(vec![record.clone()]).expect("one record");
    assert!(serde_json::to_string(&series).expect("serializes").contains("\"height\":0"));
    // A record's bits are validated on the way in, as in `BlockRecord::new`.
    let json = serde_json::to_string(&record).expect("serializes");
    let bad = json.replace(&format!("\"bits\":{}", 0x1d00ffffu32), "\"bits\":0");
    assert_ne!(bad, json, "bits field not found in {json}");
    rejects::<BlockRecord>(&bad);
}

#[test]
#[cfg(feature = "serde")]
fn c_serde_pool() {
    let reg = Registry::builtin();
    let attributor = Attributor::new(&reg).expect("builtin registry");
    let hit =
        attributor.attribute(&Coinbase::new(b"\x03\x62\xaf\x0cMined by AntPool".to_vec(), vec![]));
    assert!(hit.pool().is_some());
    round_trip(&hit);
    let counts: AttributionCounts = [hit].iter().collect();
    round_trip(&counts);
    round_trip(&RegistryFormat::PoolList);
    round_trip(&SimultaneousMethod::Goodman);
    round_trip(&ConflictPolicy::default());
    let shares =
        Shares::from_counts(&[30, 20, 50], ConfidenceLevel::P95, SimultaneousMethod::Goodman)
            .expect("valid counts");
    round_trip(&shares);
    round_trip(&reg.pools()[0]);
    round_trip(&reg.sources()[0]);
}

#[test]
#[cfg(feature = "serde")]
fn c_serde_sim() {
    round_trip(&FeeModel::exponential(Amount::from_btc(0.25).expect("valid")).expect("valid"));
    round_trip(&TimestampNoise::mainnet());
    round_trip(&PoolProfile::new("A", b"/A/".to_vec(), ScriptBuf::new()).expect("valid"));
    round_trip(&StartState::mainnet_830592());
    let chain = Scenario::builder().seed(7).build().expect("default").run(3).expect("runs");
    round_trip(&chain.truth()[0]);
    // Validated sim parameters reject what their constructors reject.
    let noise = serde_json::to_string(&TimestampNoise::mainnet()).expect("serializes");
    rejects::<TimestampNoise>(&noise.replace("\"sigma_secs\":21.0", "\"sigma_secs\":-21.0"));
    let fees = serde_json::to_string(&FeeModel::default()).expect("serializes");
    rejects::<FeeModel>(&fees.replace("25000000", "100000000001"));
    let tag = serde_json::to_string(&vec![0u8; 81]).expect("serializes");
    rejects::<PoolProfile>(&format!(
        r#"{{"name":"x","tag":{tag},"payout":"","dust_first":false}}"#
    ));
    let start = serde_json::to_string(&StartState::mainnet_830592()).expect("serializes");
    let bits = StartState::mainnet_830592().bits().to_consensus();
    rejects::<StartState>(&start.replace(&format!("\"bits\":{bits}"), "\"bits\":0"));
    // 830592 opens its retarget period: its period start time must be its own time, as
    // `with_period_start_time` enforces.
    let tip = StartState::mainnet_830592();
    assert_eq!(tip.period_start_time(), tip.time());
    rejects::<StartState>(&start.replace(
        &format!("\"period_start_time\":{}", tip.period_start_time()),
        "\"period_start_time\":1",
    ));
}
