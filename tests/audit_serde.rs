//! Deserialization enforces what the constructors enforce: a hand-edited value that no
//! constructor could build is refused with an error naming the field and the bad value,
//! instead of surfacing later as an impossible number (a negative delay, a share above 1, a
//! majority held by zero pools). Each test first round-trips a valid value (the serialized
//! format is unchanged), then forges one field.
#![cfg(feature = "serde")]

use minerscope::chain::WorkTime;
use minerscope::detect::ratio::{change_size, change_size_counts};
use minerscope::detect::{
    Alarm, BlockSum, Bocpd, BocpdConfig, ChangeEvent, Detector, Direction, EventConfig,
    FalseAlarmTarget, Onset, Segment, WindowedGlr, WindowedGlrConfig, build_event, pelt,
};
use minerscope::economics::{
    DifficultyPath, Fleet, PricePath, Projection, ProjectionBand, Scenario, Uncertain, builtin_asic,
};
use minerscope::pool::{Concentration, ConcentrationOptions, Shares, SimultaneousMethod};
use minerscope::stats::ConfidenceLevel;
use minerscope::stats::Interval;
use minerscope::units::{BtcPrice, Difficulty, Efficiency, EnergyPrice, Hashrate, Usd};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Serializes `value`, lets `edit` change the JSON tree, and deserializes the result.
fn forge<T: Serialize + DeserializeOwned>(
    value: &T,
    edit: impl FnOnce(&mut Value),
) -> Result<T, serde_json::Error> {
    let mut v = serde_json::to_value(value)?;
    edit(&mut v);
    serde_json::from_value(v)
}

/// The error message of a refused forgery; fails the test when the forgery was accepted.
fn refused<T: std::fmt::Debug>(r: Result<T, serde_json::Error>) -> String {
    match r {
        Ok(v) => panic!("forged value accepted: {v:?}"),
        Err(e) => e.to_string(),
    }
}

/// Asserts that a valid value survives a JSON round trip unchanged.
fn round_trips<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) {
    let json = serde_json::to_string(value).expect("serializes");
    let back: T = serde_json::from_str(&json).expect("a serialized value deserializes");
    assert_eq!(&back, value);
}

/// A 20 % drop at block 2000 (blocks 600 s apart, then 750 s apart).
fn drop_series() -> Result<WorkTime, Box<dyn std::error::Error>> {
    let times: Vec<i64> =
        (0..4000).map(|h| if h < 2000 { 600 * h } else { 600 * 1999 + 750 * (h - 1999) }).collect();
    Ok(WorkTime::from_parts(0, &times, &vec![6e20; 4000])?)
}

/// The drop's event, with the implied power for a 15–25 J/TH fleet.
fn drop_event() -> Result<ChangeEvent, Box<dyn std::error::Error>> {
    let mut config = EventConfig::default();
    config.efficiency = Some((Efficiency::from_j_per_th(15.0)?, Efficiency::from_j_per_th(25.0)?));
    Ok(build_event(&drop_series()?, Direction::Drop, 2100, 0, (0, 1000), &config)?)
}

#[test]
fn a_forged_change_size_with_a_negative_ratio_is_refused() -> TestResult {
    let before = BlockSum { blocks: 2016, work_time: 2016.0 };
    let after = BlockSum { blocks: 2016, work_time: 2520.0 };
    let size = change_size(before, after, ConfidenceLevel::P95)?;
    round_trips(&size);
    // A rate ratio of −3 would be a "−400 %" change: below the −100 % of a halt.
    let forged = forge(&size, |v| v["ratio"] = json!(-3.0));
    let msg = refused(forged);
    assert!(msg.contains("ratio") && msg.contains("-3"), "{msg}");
    // The interval of a ratio cannot reach below 0 either.
    let forged = forge(&size, |v| v["interval"]["low"] = json!(-1.0));
    let msg = refused(forged);
    assert!(msg.contains("interval") && msg.contains("-1"), "{msg}");
    Ok(())
}

#[test]
fn a_forged_onset_outside_its_own_interval_is_refused() -> TestResult {
    let event = drop_event()?;
    let onset: Onset = *event.onset();
    round_trips(&onset);
    let (low, high) = onset.height_interval();
    assert!(low <= onset.height() && onset.height() <= high);
    // An onset at 5000 with a confidence set [1990, 2010] that does not hold it.
    let msg = refused(forge(&onset, |v| v["height"] = json!(5000)));
    assert!(msg.contains("onset height") && msg.contains("5000"), "{msg}");
    // A confidence set whose ends are swapped.
    let msg = refused(forge(&onset, |v| {
        v["low_height"] = json!(high);
        v["high_height"] = json!(low);
    }));
    assert!(msg.contains("onset"), "{msg}");
    Ok(())
}

#[test]
fn a_forged_event_whose_onset_follows_its_alarm_is_refused() -> TestResult {
    let event = drop_event()?;
    round_trips(&event);
    assert!(event.delay_blocks() >= 0);
    // The alarm moved to block 1500, before the onset at 2000: the delay would be −500 blocks
    // and the summary would read "(+-500 blocks)".
    let forged = forge(&event, |v| v["alarm_height"] = json!(1500));
    let msg = refused(forged);
    assert!(msg.contains("alarm height 1500") && msg.contains("onset"), "{msg}");
    Ok(())
}

#[test]
fn a_forged_alarm_whose_onset_follows_it_is_refused() -> TestResult {
    let mut b = Bocpd::with_threshold(BocpdConfig::default(), 0.9)?;
    for _ in 0..500 {
        let _ = b.update(1.0);
    }
    let alarm: Alarm = (0..500).find_map(|_| b.update(2.0)).ok_or("no alarm")?;
    round_trips(&alarm);
    assert!(alarm.onset() <= alarm.at());
    let msg = refused(forge(&alarm, |v| v["onset"] = json!(alarm.at() + 10)));
    assert!(msg.contains("onset") && msg.contains(&(alarm.at() + 10).to_string()), "{msg}");
    Ok(())
}

#[test]
fn forged_shares_are_refused() -> TestResult {
    for method in [SimultaneousMethod::Goodman, SimultaneousMethod::SisonGlaz] {
        let shares = Shares::from_counts(&[0, 10, 30, 60], ConfidenceLevel::P95, method)?;
        round_trips(&shares);
        // A share of 150 % of the blocks.
        let msg = refused(forge(&shares, |v| {
            v["shares"][3]["share"] = json!(1.5);
            v["shares"][3]["interval"]["high"] = json!(1.6);
        }));
        assert!(msg.contains("share") && msg.contains("1.5"), "{msg}");
        // A point outside its own simultaneous interval.
        let msg = refused(forge(&shares, |v| v["shares"][3]["share"] = json!(0.99)));
        assert!(msg.contains("share") && msg.contains("0.99"), "{msg}");
        // Counts that do not add up to the window's total.
        let msg = refused(forge(&shares, |v| v["total"] = json!(7)));
        assert!(msg.contains("total") && msg.contains('7'), "{msg}");
        let msg = refused(forge(&shares, |v| {
            v["total"] = json!(0);
            v["shares"] = json!([]);
        }));
        assert!(msg.contains("at least one block"), "{msg}");
        // An interval at another level than the one the shares claim.
        let msg = refused(forge(&shares, |v| v["shares"][1]["interval"]["level"] = json!(0.5)));
        assert!(msg.contains("level") && msg.contains("0.5"), "{msg}");
    }
    Ok(())
}

#[test]
fn a_forged_concentration_is_refused() -> TestResult {
    let options = ConcentrationOptions::default().with_draws(200);
    let c = Concentration::from_counts(&[10, 30, 60], options)?;
    round_trips(&c);
    // "Zero pools hold a majority."
    let msg = refused(forge(&c, |v| {
        v["nakamoto"] = json!(0);
        v["nakamoto_interval"]["low"] = json!(0);
    }));
    assert!(msg.contains("nakamoto") && msg.contains('0'), "{msg}");
    // An HHI of 2: the sum of squared shares is at most 1.
    let msg = refused(forge(&c, |v| {
        v["hhi"] = json!(2.0);
        v["hhi_interval"]["high"] = json!(2.0);
    }));
    assert!(msg.contains("hhi") && msg.contains('2'), "{msg}");
    // A point outside its own interval.
    let msg = refused(forge(&c, |v| v["nakamoto"] = json!(3)));
    assert!(msg.contains("nakamoto") && msg.contains('3'), "{msg}");
    Ok(())
}

#[test]
fn a_forged_power_change_outside_its_interval_is_refused() -> TestResult {
    let event = drop_event()?;
    let power = *event.power().ok_or("no power")?;
    round_trips(&power);
    // 400 MW offline, with an interval of a few MW.
    let msg = refused(forge(&power, |v| v["value"] = json!(4e8)));
    assert!(msg.contains("power change") && msg.contains("400000000"), "{msg}");
    // Through the event that holds it.
    let msg = refused(forge(&event, |v| v["power"]["value"] = json!(4e8)));
    assert!(msg.contains("power change"), "{msg}");
    Ok(())
}

#[test]
fn a_forged_pelt_segment_is_refused() -> TestResult {
    let segments =
        pelt(&drop_series()?, FalseAlarmTarget::per_days(365.0)?, 10, 1, ConfidenceLevel::P95)?;
    let segment: Segment = *segments.first().ok_or("no segment")?;
    segments.iter().for_each(round_trips);
    // Ends swapped: a segment from block 1999 back to block 0.
    let msg = refused(forge(&segment, |v| {
        v["from_height"] = json!(segment.to_height());
        v["to_height"] = json!(segment.from_height());
    }));
    assert!(msg.contains("segment 1999..0"), "{msg}");
    // A block count that is not the segment's length.
    let msg = refused(forge(&segment, |v| v["sums"]["blocks"] = json!(7)));
    assert!(msg.contains("segment") && msg.contains('7'), "{msg}");
    Ok(())
}

#[test]
fn every_constructed_value_still_round_trips() -> TestResult {
    // A small deterministic sweep (splitmix64) over count vectors, levels and windows: the
    // checks must never refuse what a constructor built.
    let mut state = 0x5eed_u64;
    let mut next = move |bound: u64| {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % bound
    };
    let levels = [ConfidenceLevel::P90, ConfidenceLevel::P95, ConfidenceLevel::P99];
    for i in 0..60 {
        let level = levels[i % levels.len()];
        let k = 1 + next(6) as usize;
        let mut counts: Vec<u64> = (0..k).map(|_| next(40)).collect();
        if let Some(c) = counts.first_mut() {
            *c += 1; // at least one block
        }
        for method in [SimultaneousMethod::Goodman, SimultaneousMethod::SisonGlaz] {
            if let Ok(shares) = Shares::from_counts(&counts, level, method) {
                round_trips(&shares);
            }
        }
        let options = ConcentrationOptions::default().with_level(level).with_draws(50);
        round_trips(&Concentration::from_counts(&counts, options.with_seed(next(1000)))?);
        let before = BlockSum { blocks: 1 + next(3000), work_time: 1.0 + next(5000) as f64 };
        let after = BlockSum { blocks: 1 + next(3000), work_time: 1.0 + next(5000) as f64 };
        round_trips(&change_size(before, after, level)?);
        let counts_size = change_size_counts(1 + next(50), 1.0, next(50), 0.5, level)?;
        round_trips(&counts_size);
    }
    let wt = drop_series()?;
    let mut config = EventConfig::default();
    config.efficiency = Some((Efficiency::from_j_per_th(15.0)?, Efficiency::from_j_per_th(25.0)?));
    for alarm in [1500, 2001, 2100, 2600, 3900] {
        let event = build_event(&wt, Direction::Drop, alarm, 0, (0, 1000), &config)?;
        round_trips(&event);
    }
    Ok(())
}

/// 100 S21 at $3 000 each for two years at constant difficulty and price, $45/MWh, and the
/// band for a network hashrate of 900 EH/s [860, 940].
fn projections() -> Result<(Projection, ProjectionBand), Box<dyn std::error::Error>> {
    let s21 = builtin_asic("Antminer S21")
        .ok_or("missing")?
        .to_machine()?
        .with_price(Usd::from_dollars(3_000.0)?)?;
    let fleet = Fleet::single(s21, 100)?;
    let s = Scenario::new(
        900_000,
        730,
        DifficultyPath::Constant(Difficulty::new(1.26e14)?),
        PricePath::Constant(BtcPrice::from_usd_per_btc(1e5)?),
    )?
    .with_power_price(EnergyPrice::from_usd_per_mwh(45.0)?)?;
    let eh = Hashrate::from_ehs;
    let network = Uncertain::new(
        eh(900.0)?,
        Some(Interval::new(eh(860.0)?, eh(940.0)?, ConfidenceLevel::P95)?),
    );
    Ok((s.project(&fleet)?, s.project_uncertain(&fleet, network, 0.3)?))
}

#[test]
fn a_forged_projection_with_gaps_or_a_negative_capex_is_refused() -> TestResult {
    let (p, band) = projections()?;
    round_trips(&p);
    round_trips(&band);
    let payback = p.payback_days().ok_or("not repaid")?;
    assert!((400.0..730.0).contains(&payback), "{payback}");
    // Keep every 30th day (days 0, 30, 60, ...): the payback would read about 16 "days".
    let msg = refused(forge(&p, |v| {
        let days = v["days"].as_array().cloned().unwrap_or_default();
        v["days"] = Value::Array(days.into_iter().step_by(30).collect());
    }));
    assert!(msg.contains("projection day") && msg.contains("30"), "{msg}");
    // A negative capex would repay itself on day 0.
    let msg = refused(forge(&p, |v| v["capex"] = json!(-300_000.0)));
    assert!(msg.contains("projection capex") && msg.contains("-300000"), "{msg}");
    // A band whose bound covers one year of the central projection's two.
    let msg = refused(forge(&band, |v| {
        let days = v["bounds"][0]["days"].as_array().cloned().unwrap_or_default();
        v["bounds"][0]["days"] = Value::Array(days.into_iter().take(365).collect());
    }));
    assert!(msg.contains("projection band") && msg.contains("365"), "{msg}");
    Ok(())
}

/// The configurations keep plain derives: their fields are public, so any value a forged JSON
/// gives is also a struct literal, and the detectors check them where they are used. Extreme
/// values through JSON give typed errors or well-defined results, never a panic or an abort.
#[test]
fn forged_configurations_are_refused_where_they_are_used() -> TestResult {
    let bocpd = forge(&BocpdConfig::default(), |v| v["max_run"] = json!(u32::MAX))?;
    assert!(Bocpd::with_threshold(bocpd, 0.9).is_err());
    let bocpd = forge(&BocpdConfig::default(), |v| v["prior_shape"] = json!(-1.0))?;
    assert!(Bocpd::with_threshold(bocpd, 0.9).is_err());
    let glr = WindowedGlrConfig::default_for(Direction::Drop);
    let huge = forge(&glr, |v| v["window"] = json!(u32::MAX))?;
    assert!(WindowedGlr::with_threshold(huge, 6.0).is_err());
    let flat = forge(&glr, |v| v["grid"] = json!({"Geometric": {"ratio": 1.0}}))?;
    assert!(WindowedGlr::with_threshold(flat, 6.0).is_err());
    let options = ConcentrationOptions::default();
    for (field, value) in [("draws", json!(0)), ("prior", json!(-0.5))] {
        let forged = forge(&options, |v| v[field] = value)?;
        assert!(Concentration::from_counts(&[3, 4], forged).is_err(), "{field}");
    }
    // Unbounded windows saturate at the series' ends.
    let mut config = EventConfig::default();
    config.efficiency = Some((Efficiency::from_j_per_th(25.0)?, Efficiency::from_j_per_th(15.0)?));
    let wide = forge(&config, |v| {
        v["search_back"] = json!(u32::MAX);
        v["after_blocks"] = json!(u32::MAX);
    })?;
    let event = build_event(&drop_series()?, Direction::Drop, 2100, 0, (0, 1000), &wide)?;
    assert_eq!(event.onset().height(), 2000);
    assert_eq!(event.after().to_height(), 3999);
    let power = event.power().ok_or("no power")?;
    assert!(power.interval().contains(&power.value()));
    Ok(())
}
