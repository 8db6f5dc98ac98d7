//! Bad scenario input is a typed error, and arbitrary scenarios never panic.
use bitcoin::{CompactTarget, ScriptBuf};
use minerscope::chain::TimeAnomaly;
use minerscope::sim::{
    FeeModel, HashratePath, PoolMix, PoolProfile, Scenario, SimError, SimulatedChain, StartState,
    TimestampNoise,
};
use minerscope::units::Hashrate;
use proptest::prelude::*;

fn pool(name: &str) -> PoolProfile {
    PoolProfile::new(name, name.as_bytes().to_vec(), ScriptBuf::new()).unwrap()
}

#[test]
fn bad_hashrates_are_errors() {
    assert!(Hashrate::from_hs(-1.0).is_err());
    assert!(Hashrate::from_hs(f64::NAN).is_err());
    // A closure returning NaN or a negative value is caught at build time (t = 0)…
    let nan = Scenario::builder().hashrate(HashratePath::from_fn(|_| f64::NAN)).build();
    assert!(matches!(nan, Err(SimError::InvalidHashrate { .. })));
    // …or when it is evaluated later.
    let later = Scenario::builder()
        .hashrate(HashratePath::from_fn(|t| if t < 3600.0 { 6e20 } else { -1.0 }))
        .build()
        .unwrap()
        .run(1000);
    assert!(matches!(later, Err(SimError::InvalidHashrate { value, .. }) if value == -1.0));
}

#[test]
fn zero_hashrate_forever_is_an_error() {
    let eh = |x| Hashrate::from_ehs(x).unwrap();
    let dead = HashratePath::steps(eh(600.0), &[(3600.0, Hashrate::ZERO)]).unwrap();
    let r = Scenario::builder().hashrate(dead).build().unwrap().run(1000);
    assert!(matches!(r, Err(SimError::Stalled { time_secs, .. }) if time_secs == 3600.0));
    let dead_fn = HashratePath::from_fn(|t| if t < 600.0 { 6e20 } else { 0.0 });
    let r = Scenario::builder().hashrate(dead_fn).build().unwrap().run(100);
    assert!(matches!(r, Err(SimError::TimeOverflow { .. })));
}

#[test]
fn bad_shares_are_errors() {
    let r = PoolMix::from_shares(vec![(pool("a"), 0.5), (pool("b"), 0.6)], 0.0);
    assert!(matches!(r, Err(SimError::SharesDoNotSumToOne { sum }) if (sum - 1.1).abs() < 1e-12));
    let r = PoolMix::from_shares(vec![(pool("a"), -0.1), (pool("b"), 1.1)], 0.0);
    assert!(matches!(r, Err(SimError::InvalidShare { index: 0, .. })));
    let r = PoolMix::from_shares(vec![(pool("a"), f64::NAN)], 1.0);
    assert!(matches!(r, Err(SimError::InvalidShare { .. })));
    let r = PoolMix::from_shares(vec![(pool("a"), 0.5)], -0.5);
    assert!(matches!(r, Err(SimError::InvalidShare { index: usize::MAX, .. })));
    assert!(matches!(PoolMix::from_paths(vec![], None), Err(SimError::EmptyPoolMix)));
    assert!(matches!(
        PoolMix::mainnet_2024().with_pool_path(0, HashratePath::constant(Hashrate::ZERO)),
        Err(SimError::NotPathMix)
    ));
    let long = PoolProfile::new("long", vec![b'x'; 81], ScriptBuf::new());
    assert!(matches!(long, Err(SimError::TagTooLong { len: 81, .. })));
}

#[test]
fn other_bad_inputs_are_errors() {
    let sc = Scenario::builder().build().unwrap();
    assert!(matches!(sc.run(0), Err(SimError::ZeroBlocks)));
    let near_max =
        StartState::new(u32::MAX - 5, CompactTarget::from_consensus(0x1d00ffff), 1_000_000)
            .unwrap();
    let r = Scenario::builder().start(near_max).build().unwrap().run(10);
    assert!(matches!(r, Err(SimError::HeightOverflow { .. })));
    assert!(matches!(
        StartState::new(1, CompactTarget::from_consensus(0), 0),
        Err(SimError::InvalidBits { bits: 0 })
    ));
    assert!(StartState::mainnet_830592().with_period_start_time(5).is_err());
    assert!(TimestampNoise::normal(f64::INFINITY).is_err());
    assert!(TimestampNoise::none().with_outliers(1.5, 0.0, 1.0).is_err());
    assert!(TimestampNoise::none().with_outliers(0.1, 5.0, 1.0).is_err());
    assert!(TimestampNoise::none().with_mean_offset(f64::NAN).is_err());
    assert!(FeeModel::exponential(bitcoin::Amount::from_btc(2000.0).unwrap()).is_err());
    let paths = PoolMix::mainnet_2024().into_paths(&HashratePath::constant(Hashrate::ZERO));
    let both =
        Scenario::builder().pools(paths).hashrate(HashratePath::constant(Hashrate::ZERO)).build();
    assert!(matches!(both, Err(SimError::ConflictingHashrate)));
}

#[test]
fn errors_are_send_sync_and_display_lower_case() {
    fn assert_traits<T: Send + Sync + std::error::Error + 'static>() {}
    assert_traits::<SimError>();
    let msg = SimError::ZeroBlocks.to_string();
    assert!(msg.starts_with(char::is_lowercase));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Arbitrary (possibly absurd) parameters give a chain or a typed error, never a panic,
    /// and a chain always satisfies the consensus timestamp rules.
    #[test]
    fn arbitrary_scenarios_never_panic(
        // Each parameter is mostly valid (so that a whole scenario often is, and the chain
        // checks below run), with its absurd values kept.
        h0 in prop_oneof![1 => Just(0.0), 2 => 1e-3f64..1e30, 1 => Just(f64::NAN), 1 => -1e20f64..0.0, 6 => 1e19f64..1e21],
        h1 in 0.0f64..1e25,
        t_step in prop_oneof![1 => Just(f64::NAN), 6 => -10.0f64..1e7],
        sigma in prop_oneof![1 => Just(f64::NAN), 6 => -10.0f64..1e5],
        out_frac in prop_oneof![1 => -0.5f64..1.5, 3 => 0.0f64..0.05],
        out_lo in -1e5f64..1e4,
        out_hi in -1e4f64..1e5,
        bits in prop_oneof![3 => Just(0x1d00ffffu32), 3 => Just(0x170371b1), 1 => any::<u32>()],
        height in prop_oneof![2 => 0u32..3000, 2 => Just(830_592), 1 => Just(u32::MAX - 100)],
        time in prop_oneof![4 => 0u32..2_000_000_000, 1 => Just(u32::MAX - 1000)],
        share in prop_oneof![1 => -0.5f64..1.5, 3 => 0.0f64..=1.0],
        n in 1usize..300,
        seed in any::<u64>(),
        closure in any::<bool>(),
    ) {
        let outcome = (|| -> Result<SimulatedChain, Box<dyn std::error::Error>> {
            let path = if closure {
                HashratePath::from_fn(move |t| if t < t_step { h0 } else { h1 })
            } else {
                HashratePath::steps(Hashrate::from_hs(h0)?, &[(t_step, Hashrate::from_hs(h1)?)])?
            };
            let noise = TimestampNoise::normal(sigma)?.with_outliers(out_frac, out_lo, out_hi)?;
            let start = StartState::new(height, CompactTarget::from_consensus(bits), time)?;
            let mix = PoolMix::from_shares(vec![(pool("p"), share)], 1.0 - share)?;
            Ok(Scenario::builder()
                .start(start)
                .hashrate(path)
                .noise(noise)
                .pools(mix)
                .seed(seed)
                .build()?
                .run(n)?)
        })();
        // An error is fine (reaching here means no panic); a chain must be well formed.
        if let Ok(chain) = outcome {
            prop_assert_eq!(chain.len(), n);
            prop_assert!(chain.truth().iter().all(|t| t.find_time().is_finite()));
            // The median-time-past rule always holds (the two-hour cap yields to it, so the
            // cap is checked on realistic scenarios in sim_timestamps.rs instead).
            let mtp_violation = chain
                .series()
                .time_anomalies()
                .into_iter()
                .any(|a| matches!(a, TimeAnomaly::MtpViolation { .. }));
            prop_assert!(!mtp_violation);
        }
    }
}
