//! Adversarial checks of the pool module: every public entry point driven with extreme input
//! gives sane values or a typed error, never a panic or a silent wrong number.
#![allow(clippy::indexing_slicing, reason = "a panicking index fails the test, as intended")]

use chrono::NaiveDate;
use minerscope::pool::{
    Concentration, ConcentrationOptions, Ownership, PoolError, Registry, RegistryFormat, Shares,
    SimultaneousMethod, SkipReason,
};
use minerscope::stats::ConfidenceLevel;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// Ten pools of one block each: the top five hold exactly half, not more, so six are needed.
/// Summing the float shares 0.1 in order makes the top five 0.5 but the total 0.999…9, so a
/// float comparison answered 5.
#[test]
fn nakamoto_exact_half_is_decided_on_integer_counts() {
    let c = Concentration::from_counts(&[1; 10], ConcentrationOptions::default()).unwrap();
    assert_eq!(c.nakamoto(), 6);
    let c = Concentration::from_counts(&[1; 100], ConcentrationOptions::default()).unwrap();
    assert_eq!(c.nakamoto(), 51);
}

/// At the edge of the parameter space (a monopoly, equal pools, an exact half) every posterior
/// draw lies on one side of the plug-in value; the interval must still contain the estimate.
#[test]
fn concentration_intervals_contain_the_point_estimates() {
    for counts in [vec![20, 0, 0], vec![250; 4], vec![1; 10], vec![5], vec![1000, 1], vec![3, 3]] {
        let c = Concentration::from_counts(&counts, ConcentrationOptions::default()).unwrap();
        assert!(c.hhi_interval().contains(&c.hhi()), "{counts:?}: {c:?}");
        assert!(c.nakamoto_interval().contains(&c.nakamoto()), "{counts:?}: {c:?}");
    }
}

#[test]
fn counts_whose_total_overflows_u64_are_an_error() {
    let counts = [u64::MAX, 1];
    for method in [SimultaneousMethod::Goodman, SimultaneousMethod::SisonGlaz] {
        let r = Shares::from_counts(&counts, ConfidenceLevel::P95, method);
        assert!(matches!(r, Err(PoolError::CountOverflow { categories: 2 })), "{r:?}");
    }
    let r = Concentration::from_counts(&counts, ConcentrationOptions::default());
    assert!(matches!(r, Err(PoolError::CountOverflow { categories: 2 })), "{r:?}");
}

#[test]
fn absurd_draw_counts_are_an_error_not_a_capacity_panic() {
    let o = ConcentrationOptions::default().with_draws(usize::MAX);
    let r = Concentration::from_counts(&[3, 4], o);
    assert!(matches!(r, Err(PoolError::TooManyDraws { .. })), "{r:?}");
}

#[test]
fn huge_prior_gives_finite_intervals() {
    let o = ConcentrationOptions::default().with_prior(1e308).with_draws(200);
    let c = Concentration::from_counts(&[3, 4], o).unwrap();
    let ci = c.hhi_interval();
    assert!(ci.low().is_finite() && ci.high().is_finite(), "{c:?}");
    // A prior this strong pulls both posterior shares to ½ (HHI ½); the interval reaches up to
    // the plug-in 25/49 + 9/49 = 0.5102 and no further. (Summing the variates overflowed to
    // infinity, which gave the interval [0, 0].)
    assert!((ci.low() - 0.5).abs() < 1e-9, "{c:?}");
    assert_eq!(ci.high(), c.hhi());
}

/// consensus-decentralization `legal_links.json` dates are half-open `[from, to)`: a block
/// stamped at the first second of the `to` month belongs to the next owner, one second earlier
/// to the previous one.
#[test]
fn ownership_boundary_blocks_go_to_the_right_owner() {
    let json = r#"{
      "Bitmain": [{"name": "BTC.COM", "from": "", "to": "2020-12", "source": ""}],
      "Bitdeer": [{"name": "BTC.COM", "from": "2020-12", "to": "2021-04", "source": ""}],
      "BIT Mining": [{"name": "BTC.COM", "from": "2021-04", "to": "", "source": ""}]
    }"#;
    let own = Ownership::from_legal_links_json(json).unwrap();
    // 2020-12-01T00:00:00Z = 1 606 780 800; 2021-04-01T00:00:00Z = 1 617 235 200.
    assert_eq!(own.entity_at_time("BTC.com", 1_606_780_800 - 1), "Bitmain");
    assert_eq!(own.entity_at_time("BTC.com", 1_606_780_800), "Bitdeer");
    assert_eq!(own.entity_at_time("BTC.com", 1_617_235_200 - 1), "Bitdeer");
    assert_eq!(own.entity_at_time("BTC.com", 1_617_235_200), "BIT Mining");
    // Every u32 timestamp is inside chrono's range: the extremes resolve, open ends included.
    assert_eq!(own.entity_at_time("BTC.com", 0), "Bitmain");
    assert_eq!(own.entity_at_time("BTC.com", u32::MAX), "BIT Mining");
}

/// A range that ends on or before it starts covers no day: a typo that silently dropped the
/// membership. It is an error naming the pool, the entity and both dates.
#[test]
fn ownership_range_ending_before_it_starts_is_an_error() {
    for (from, to) in [("2021-04", "2020-12"), ("2021-04", "2021-04"), ("2021-04-02", "2021-04")] {
        let json = format!(r#"{{"E": [{{"name": "P", "from": "{from}", "to": "{to}"}}]}}"#);
        let err = Ownership::from_legal_links_json(&json).unwrap_err();
        let PoolError::InvalidDateRange { ref entity, ref pool, .. } = err else {
            panic!("{from}..{to}: {err:?}");
        };
        assert_eq!((entity.as_str(), pool.as_str()), ("E", "P"));
        let msg = err.to_string();
        assert!(msg.contains(from) && msg.contains(to), "{msg}");
    }
}

/// Two entities owning one pool on the same day made the answer depend on the entities'
/// alphabetical order (the JSON object's key order), silently. It is an error naming both.
#[test]
fn overlapping_ownership_by_two_entities_is_an_error() {
    let json = r#"{
      "Zeta": [{"name": "BTC.COM", "from": "", "to": "2020-12-15"}],
      "Alpha": [{"name": "btc.com", "from": "2020-12", "to": ""}]
    }"#;
    let err = Ownership::from_legal_links_json(json).unwrap_err();
    assert!(
        matches!(err, PoolError::OverlappingOwnership { ref date, .. } if date == "2020-12-01"),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(msg.contains("Zeta") && msg.contains("Alpha") && msg.contains("2020-12-01"), "{msg}");
    // Open on both sides overlaps everything; one entity listing a pool twice is not ambiguous.
    let both_open = r#"{"A": [{"name": "P"}], "B": [{"name": "P", "from": "2030-01"}]}"#;
    assert!(Ownership::from_legal_links_json(both_open).is_err());
    let same = r#"{"A": [{"name": "P", "to": "2021-01"}, {"name": "P", "from": "2020-06"}]}"#;
    assert!(Ownership::from_legal_links_json(same).is_ok());
    // Touching ranges [.., 2020-12) and [2020-12, ..) do not overlap.
    let touching =
        r#"{"A": [{"name": "P", "to": "2020-12"}], "B": [{"name": "P", "from": "2020-12"}]}"#;
    assert!(Ownership::from_legal_links_json(touching).is_ok());
}

/// consensus-decentralization's date helper accepts `YYYY` as well as `YYYY-MM` and
/// `YYYY-MM-DD`; a bare year is its first day.
#[test]
fn ownership_accepts_bare_years() {
    let json = r#"{"E": [{"name": "P", "from": "2019", "to": "2021"}]}"#;
    let own = Ownership::from_legal_links_json(json).unwrap();
    assert_eq!(own.memberships()[0].from(), NaiveDate::from_ymd_opt(2019, 1, 1));
    assert_eq!(own.memberships()[0].to(), NaiveDate::from_ymd_opt(2021, 1, 1));
}

/// serde_json keeps the last of two equal keys, so a legacy list giving one tag to two pools
/// silently lost the first assignment (and the disagreement). It is a JSON error naming the key
/// and its line and column, in every keyed format and in legal links.
#[test]
fn duplicate_keys_are_json_errors_with_position() {
    let legacy =
        "{\"coinbase_tags\": {\n  \"/A/\": {\"name\": \"P\"},\n  \"/A/\": {\"name\": \"Q\"}}}";
    for r in [
        Registry::from_json(legacy, "t"),
        Registry::new().load(RegistryFormat::Legacy, legacy, "t").map(|_| Registry::new()),
    ] {
        let err = r.unwrap_err();
        assert!(matches!(err, PoolError::Json { line: 3, column: 3, .. }), "{err:?}");
        assert!(err.to_string().contains(r#""/A/""#), "{err}");
    }
    assert!(RegistryFormat::detect(legacy).is_err());
    let cd = r#"{"1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY": {"name": "A", "source": "", "name": "B"}}"#;
    assert!(matches!(Registry::from_json(cd, "t"), Err(PoolError::Json { .. })));
    let links = r#"{"Bitmain": [{"name": "AntPool"}], "Bitmain": [{"name": "BTC.COM"}]}"#;
    let err = Ownership::from_legal_links_json(links).unwrap_err();
    assert!(err.to_string().contains("Bitmain"), "{err}");
    // Equal keys in different objects are fine.
    let ok = r#"[{"name": "A", "tags": ["/a/"]}, {"name": "B", "tags": ["/b/"]}]"#;
    assert_eq!(Registry::from_json(ok, "t").unwrap().pools().len(), 2);
}

/// Pool names with no letter or digit ("???", "🐟") all had the empty comparison key, so they
/// merged into one pool with each other and with nameless entries: tags listed for one went to
/// another, silently.
#[test]
fn names_without_alphanumerics_stay_distinct_pools() {
    let list = r#"[{"name": "???", "tags": ["/q/"]}, {"name": "🐟", "tags": ["/fish/"]},
                   {"name": "", "tags": ["/anon/"]}]"#;
    let reg = Registry::from_json(list, "t").unwrap();
    let names: Vec<&str> = reg.pools().iter().map(|p| p.name()).collect();
    assert_eq!(names, ["???", "🐟"]);
    let pool_of = |tag: &str| reg.find_tag(tag).and_then(|t| reg.tag(t)).map(|t| t.pool());
    assert_eq!(pool_of("/q/"), reg.find_pool("???"));
    assert_eq!(pool_of("/fish/"), reg.find_pool("🐟"));
    assert_eq!(pool_of("/anon/"), None);
    assert_eq!(reg.skipped().len(), 1);
    assert_eq!(reg.skipped()[0].reason(), &SkipReason::MissingName);
    // Legacy: a nameless tag sorted before a punctuation-named one was grouped with it.
    let legacy = r#"{"coinbase_tags": {"/a/": {"link": ""}, "/b/": {"name": "---"}}}"#;
    let reg = Registry::from_json(legacy, "t").unwrap();
    assert_eq!(reg.pools().len(), 1);
    assert_eq!(reg.pools()[0].name(), "---");
    assert!(reg.find_tag("/b/").is_some() && reg.find_tag("/a/").is_none());
    assert_eq!(reg.skipped().len(), 1);
    assert_eq!(reg.skipped()[0].entry(), "/a/");
}

/// A pool record with no name and no entries was dropped without a trace; it is now listed as
/// skipped, so `skipped` accounts for every record the list held.
#[test]
fn nameless_pool_without_entries_is_listed_as_skipped() {
    let list = r#"[{"name": "  ", "tags": [], "addresses": []}, {"name": "A"}]"#;
    let reg = Registry::from_json(list, "t").unwrap();
    assert_eq!(reg.pools().len(), 1);
    assert_eq!(reg.sources()[0].listed().pools, 2);
    assert_eq!(reg.skipped().len(), 1);
    assert_eq!(reg.skipped()[0].reason(), &SkipReason::MissingName);
}

/// A slug that is not a string was ignored silently; it is a schema error with its path.
#[test]
fn non_string_slug_is_a_schema_error() {
    let legacy = r#"{"coinbase_tags": {"/F2Pool/": {"name": "F2Pool"}}, "slugs": {"F2Pool": 7}}"#;
    let err = Registry::from_json(legacy, "t").unwrap_err();
    assert!(
        matches!(err, PoolError::Schema { ref path, .. } if path == r#"$.slugs["F2Pool"]"#),
        "{err:?}"
    );
}

/// Sison–Glaz's ν(c) was computed from factorial moments `λʳ·(1 − …)` of the truncated Poisson,
/// which cancel catastrophically once λ is large: at n = 10⁶ ν took values such as 626 and 0,
/// and the search settled on c = 37 where about 1 100 is right, an interval 30 times too narrow.
/// Asymptotically the half-width c/n of the widest category lies between its marginal normal
/// half-width (z = 1.960) and its Bonferroni one over the 3 categories (z = 2.394).
#[test]
fn sison_glaz_half_width_is_right_for_long_windows() {
    for n in [1_000u64, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000] {
        let counts = [n / 2, n / 3, n - n / 2 - n / 3];
        let s = Shares::from_counts(&counts, ConfidenceLevel::P95, SimultaneousMethod::SisonGlaz)
            .unwrap();
        let top = s.shares()[0];
        let half = top.share() - top.interval().low();
        let sd = (top.share() * (1.0 - top.share()) / n as f64).sqrt();
        // One block of slack either side for discreteness.
        let slack = 1.0 / n as f64;
        assert!(
            half > 1.960 * sd - slack && half < 2.394 * sd + slack,
            "n = {n}: half-width {half:.3e} = {:.3} sd",
            half / sd
        );
    }
}

/// Tiny windows solve (R MultinomialCI takes ν(0) = 0, so c may be 0; [1, 1] was a
/// `SisonGlazNoSolution` error); intervals contain the estimate and stay in [0, 1].
#[test]
fn sison_glaz_tiny_windows() {
    for counts in [[1u64, 1], [1, 0], [2, 1], [0, 3], [1, 2]] {
        let r = Shares::from_counts(&counts, ConfidenceLevel::P95, SimultaneousMethod::SisonGlaz);
        let s = r.unwrap();
        for sh in s.shares() {
            let ci = sh.interval();
            assert!(0.0 <= ci.low() && ci.contains(&sh.share()) && ci.high() <= 1.0, "{s:?}");
        }
    }
}

/// Past 10¹⁰ blocks Sison–Glaz is a typed error naming the limit (its box sums grow with √n);
/// Goodman still answers.
#[test]
fn sison_glaz_beyond_its_limit_is_a_typed_error() {
    let counts = [6_000_000_000u64, 5_000_000_000];
    let r = Shares::from_counts(&counts, ConfidenceLevel::P95, SimultaneousMethod::SisonGlaz);
    assert!(matches!(r, Err(PoolError::SisonGlazTooManyBlocks { n: 11_000_000_000, .. })), "{r:?}");
    let g = Shares::from_counts(&counts, ConfidenceLevel::P95, SimultaneousMethod::Goodman);
    assert!(g.is_ok());
}

fn count() -> impl Strategy<Value = u64> {
    prop_oneof![0u64..50, 0u64..100_000, Just(0), Just(u64::MAX), any::<u64>()]
}

/// Count vectors: half with any counts (whose totals usually overflow or exceed the 2^32
/// quantile bound), half with realistic counts, so the success arms run often.
fn counts(max_len: usize) -> impl Strategy<Value = Vec<u64>> {
    prop_oneof![
        proptest::collection::vec(count(), 0..max_len),
        proptest::collection::vec(prop_oneof![0u64..50, 0u64..100_000], 1..max_len),
    ]
}

fn level() -> impl Strategy<Value = ConfidenceLevel> {
    prop_oneof![
        Just(ConfidenceLevel::P95),
        Just(ConfidenceLevel::MAX),
        (1e-9f64..1.0).prop_filter_map("a level", |l| ConfidenceLevel::new(l).ok()),
    ]
}

fn check_shares(s: &Shares) -> Result<(), TestCaseError> {
    let mut sum = 0.0;
    for sh in s.shares() {
        let ci = sh.interval();
        prop_assert!(ci.low().is_finite() && ci.high().is_finite(), "{s:?}");
        prop_assert!(0.0 <= ci.low() && ci.contains(&sh.share()) && ci.high() <= 1.0, "{s:?}");
        sum += sh.share();
    }
    prop_assert!((sum - 1.0).abs() < 1e-9, "{s:?}");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Goodman over any u64 counts and any level: sane shares and intervals, or a typed error
    /// (empty or overflowing counts).
    #[test]
    fn goodman_shares_are_sane_or_typed_errors(
        counts in counts(12),
        level in level(),
        // Realistic exposures a third of the time, so the rate intervals are checked often.
        exposure in prop_oneof![
            1 => any::<f64>(), 1 => 1e-300f64..1e300, 1 => Just(0.0), 1 => Just(f64::INFINITY),
            2 => 1.0f64..1e6,
        ],
    ) {
        match Shares::from_counts(&counts, level, SimultaneousMethod::Goodman) {
            Ok(s) => {
                check_shares(&s)?;
                for simultaneous in [false, true] {
                    match s.rate_intervals(exposure, simultaneous) {
                        Ok(cis) => {
                            prop_assert_eq!(cis.len(), counts.len());
                            for ci in cis {
                                prop_assert!(0.0 <= ci.low() && ci.low() <= ci.high());
                                prop_assert!(ci.high().is_finite());
                            }
                        }
                        Err(PoolError::Stats(_)) => {
                            // A bad exposure, or a count past the chi-squared quantile's
                            // degrees-of-freedom bound 2^33 (2k + 2 degrees of freedom).
                            let bad_exposure = !(exposure.is_finite() && exposure > 0.0);
                            let huge = counts.iter().any(|&k| k >= 1 << 32);
                            prop_assert!(bad_exposure || huge || exposure < 1e-290);
                        }
                        Err(e) => prop_assert!(false, "{e:?}"),
                    }
                }
            }
            Err(PoolError::EmptyCounts { .. } | PoolError::CountOverflow { .. }) => {
                let total = counts.iter().try_fold(0u64, |a, &k| a.checked_add(k));
                prop_assert!(total.is_none_or(|t| t == 0));
            }
            Err(e) => prop_assert!(false, "{e:?}"),
        }
    }

    /// Sison–Glaz over windows up to 10⁶ blocks and any level: sane, or a typed error.
    #[test]
    fn sison_glaz_shares_are_sane_or_typed_errors(
        counts in proptest::collection::vec(prop_oneof![0u64..20, 0u64..100_000], 0..10),
        level in level(),
    ) {
        match Shares::from_counts(&counts, level, SimultaneousMethod::SisonGlaz) {
            Ok(s) => check_shares(&s)?,
            Err(
                PoolError::EmptyCounts { .. }
                | PoolError::TooFewCategories { .. }
                | PoolError::SisonGlazNoSolution { .. },
            ) => {}
            Err(e) => prop_assert!(false, "{e:?}"),
        }
    }

    /// Concentration over any counts, prior and level: HHI in [1/K, 1], Nakamoto in [1, K], both
    /// intervals inside those ranges and containing the estimate; or a typed error.
    #[test]
    fn concentration_is_sane_or_typed_errors(
        counts in counts(8),
        level in level(),
        prior in prop_oneof![any::<f64>(), 1e-3f64..1e3, Just(f64::MAX), Just(1e300)],
        draws in 1usize..64,
        seed in any::<u64>(),
    ) {
        let o = ConcentrationOptions::default()
            .with_level(level)
            .with_prior(prior)
            .with_draws(draws)
            .with_seed(seed);
        match Concentration::from_counts(&counts, o) {
            Ok(c) => {
                let k = counts.len();
                let (h, hi) = (c.hhi(), c.hhi_interval());
                prop_assert!(hi.contains(&h), "{c:?}");
                prop_assert!(hi.low() >= 1.0 / k as f64 - 1e-12 && hi.high() <= 1.0 + 1e-12, "{c:?}");
                let (n, ni) = (c.nakamoto(), c.nakamoto_interval());
                prop_assert!(ni.contains(&n), "{c:?}");
                prop_assert!(ni.low() >= 1 && ni.high() as usize <= k, "{c:?}");
            }
            Err(PoolError::EmptyCounts { .. } | PoolError::CountOverflow { .. }) => {
                let total = counts.iter().try_fold(0u64, |a, &k| a.checked_add(k));
                prop_assert!(total.is_none_or(|t| t == 0));
            }
            Err(PoolError::Stats(_)) => {}
            Err(e) => prop_assert!(false, "{e:?}"),
        }
    }

    /// Ownership at any u32 timestamp: always a label, the entity of the covering range.
    #[test]
    fn ownership_at_any_time_is_the_covering_entity(t in any::<u32>(), split in any::<u32>()) {
        let day = chrono::DateTime::from_timestamp(i64::from(split), 0).unwrap().date_naive();
        let mut own = Ownership::default();
        own.insert("Before", "P", None, Some(day));
        own.insert("After", "P", Some(day), None);
        let at = chrono::DateTime::from_timestamp(i64::from(t), 0).unwrap().date_naive();
        let expected = if at < day { "Before" } else { "After" };
        prop_assert_eq!(own.entity_at_time("P", t), expected);
    }
}

/// A consensus-decentralization address file with one entry lacking its `source` was detected
/// as an identifier file: every address became a coinbase tag and no payout address was known.
#[test]
fn address_file_with_a_missing_source_is_still_addresses() {
    let cd = r#"{"1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY": {"name": "F2Pool", "source": "x"},
                 "1Hk9gD8xMo2XBUhE73y5zXEM8xqgffTB5f": {"name": "8baochi"}}"#;
    assert_eq!(RegistryFormat::detect(cd).unwrap(), RegistryFormat::CdAddresses);
    let reg = Registry::from_json(cd, "t").unwrap();
    assert_eq!((reg.addresses().len(), reg.tags().len()), (2, 0));
    // Entries with only a name, or some with links, are identifiers as before.
    let mixed = r#"{"/a/": {"name": "A", "link": ""}, "/b/": {"name": "B", "source": ""}}"#;
    for ids in [r#"{"/a/": {"name": "A"}}"#, mixed] {
        assert_eq!(RegistryFormat::detect(ids).unwrap(), RegistryFormat::CdIdentifiers);
    }
}

/// consensus-decentralization matches identifiers as plain substrings: a backslash in one is a
/// byte to match, not a regex escape to remove.
#[test]
fn cd_identifiers_are_read_as_written() {
    let ids = r#"{"/a\\.b/": {"name": "A", "link": ""}}"#;
    let reg = Registry::from_json(ids, "t").unwrap();
    assert_eq!(reg.tags()[0].text(), r"/a\.b/");
    // A mempool pool list's regex escape is still removed.
    let v2 = r#"[{"name": "A", "tags": ["/a\\.b/"]}]"#;
    assert_eq!(Registry::from_json(v2, "t").unwrap().tags()[0].text(), "/a.b/");
}

/// Merging keeps every source's label and listed counts, every entry's sources, the skipped
/// entries with their (renumbered) source, and both registries' disagreements, each naming the
/// pool and source that made the other claim.
#[test]
fn merge_keeps_provenance_and_every_disagreement() {
    let a = Registry::from_json(
        r#"[{"name": "P", "tags": ["/x/", "/y/"], "addresses": ["bogus"]},
            {"name": "Q", "tags": ["/X/"]}]"#,
        "a",
    )
    .unwrap();
    assert_eq!(a.disagreements().len(), 1); // /X/ for Q within a
    let b = Registry::from_json(
        r#"{"coinbase_tags": {"/y/": {"name": "R"}, "/z/": {"name": "P"}, "": {"name": "P"}}}"#,
        "b",
    )
    .unwrap();
    let m = Registry::merged([&a, &b]);
    let labels: Vec<&str> = m.sources().iter().map(|s| s.label()).collect();
    assert_eq!(labels, ["a", "b"]);
    assert_eq!(m.sources()[0].listed(), a.sources()[0].listed());
    assert_eq!(m.sources()[1].listed(), b.sources()[0].listed());
    let (sa, sb) = (m.sources().len() - 2, m.sources().len() - 1);
    let label = |d: &minerscope::pool::Disagreement| m.sources()[d.other_source().index()].label();
    let described: Vec<(String, &str, &str)> = m
        .disagreements()
        .iter()
        .map(|d| {
            let text = match d.claim() {
                minerscope::pool::Claim::Tag(t) => m.tags()[t.index()].text().to_owned(),
                other => format!("{other:?}"),
            };
            (text, m.pool_name(d.other_pool()), label(d))
        })
        .collect();
    assert_eq!(described, [("/x/".to_owned(), "Q", "a"), ("/y/".to_owned(), "R", "b")]);
    // The kept assignments and their sources.
    let tag = |t: &str| &m.tags()[m.find_tag(t).unwrap().index()];
    assert_eq!(m.pool_name(tag("/y/").pool()), "P");
    assert_eq!(tag("/z/").sources().iter().map(|s| s.index()).collect::<Vec<_>>(), [sb]);
    // Skipped entries keep their source: a's bad address and b's empty tag.
    let skipped: Vec<(usize, &str)> =
        m.skipped().iter().map(|s| (s.source().index(), s.entry())).collect();
    assert_eq!(skipped, [(sa, "bogus"), (sb, "")]);
}

/// Garwood count intervals past the chi-squared quantile's range are a typed error naming the
/// degrees of freedom, as the documentation says; just inside it they answer.
#[test]
fn count_intervals_at_the_quantile_bound() {
    let inside =
        Shares::from_counts(&[(1 << 32) - 2], ConfidenceLevel::P95, SimultaneousMethod::Goodman)
            .unwrap();
    let ci = inside.count_intervals(false).unwrap();
    assert!(ci[0].contains(&(((1u64 << 32) - 2) as f64)));
    let past =
        Shares::from_counts(&[1 << 32], ConfidenceLevel::P95, SimultaneousMethod::Goodman).unwrap();
    let err = past.count_intervals(false).unwrap_err();
    assert!(err.to_string().contains("degrees of freedom"), "{err}");
}

/// A whitespace-only tag would match nearly every coinbase (any scriptSig with a space): it is
/// listed as skipped, like an empty one, and attributes nothing.
#[test]
fn whitespace_only_tags_are_skipped_not_matched() {
    use minerscope::chain::Coinbase;
    use minerscope::pool::{Attributor, SkipReason};
    let json = r#"[{"id": 1, "name": "Blank", "addresses": [], "tags": [" ", "\t\n"], "link": ""},
                   {"id": 2, "name": "Real", "addresses": [], "tags": ["/real/"], "link": ""}]"#;
    let reg = Registry::from_json(json, "pools-v2").expect("valid JSON");
    assert_eq!(reg.tags().len(), 1, "{:?}", reg.tags());
    let skipped: Vec<_> = reg.skipped().iter().map(|s| (s.entry(), s.reason())).collect();
    assert_eq!(skipped, [(" ", &SkipReason::EmptyTag), ("\t\n", &SkipReason::EmptyTag)]);
    let attributor = Attributor::new(&reg).expect("compiles");
    let cb = Coinbase::new(b"\x03\x01\x02\x03 mined with care ".to_vec(), vec![]);
    assert_eq!(attributor.attribute(&cb).pool(), None);
}

/// A hand-edited attribution naming a pool index far beyond any registry used to make
/// `AttributionCounts::add` try to allocate a table of 2^32 counts (32 GiB, an abort); ids are
/// now checked when deserialized, and every real id still round-trips.
#[cfg(feature = "serde")]
#[test]
fn a_forged_huge_pool_id_is_refused_when_deserialized() {
    use minerscope::chain::Coinbase;
    use minerscope::pool::{Attribution, AttributionCounts, Attributor, PoolId, Registry};

    let reg = Registry::builtin();
    let at = Attributor::new(&reg).unwrap();
    let a = at.attribute(&Coinbase::new(b"Foundry USA Pool".to_vec(), vec![]));
    let Attribution::Pool { pool, .. } = &a else { panic!("Foundry's tag attributes: {a:?}") };
    let json = serde_json::to_string(&a).unwrap();
    assert_eq!(serde_json::from_str::<Attribution>(&json).unwrap(), a);

    let needle = format!(":{}", pool.index());
    assert!(json.contains(&needle), "{json}");
    let forged = json.replacen(&needle, &format!(":{}", u32::MAX), 1);
    let err = serde_json::from_str::<Attribution>(&forged).unwrap_err();
    assert!(err.to_string().contains("beyond the largest"), "{err}");
    let max = serde_json::from_str::<PoolId>(&PoolId::MAX_INDEX.to_string()).unwrap();
    assert_eq!(max.index(), (1 << 24) - 1);
    let mut counts = AttributionCounts::new(0);
    counts.add(
        &serde_json::from_str(&json.replacen(&needle, &format!(":{}", max.index()), 1)).unwrap(),
    );
    assert_eq!(counts.per_pool().len(), 1 << 24);
}
