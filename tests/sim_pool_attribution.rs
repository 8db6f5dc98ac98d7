//! Cross-module check: every simulated block is attributed, by the built-in registry, to the
//! pool that the simulator says found it (and untagged miners to `Unknown`).
use minerscope::pool::{Attribution, Attributor, Registry};
use minerscope::sim::Scenario;

/// Pool names differ in spelling between the simulator preset and mempool's list; compare
/// case-insensitively with punctuation and spaces removed.
fn norm(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

#[test]
fn simulated_blocks_attribute_to_their_true_pool() {
    let chain = Scenario::builder().seed(7).build().unwrap().run(5_000).unwrap();
    let registry = Registry::builtin();
    let attributor = Attributor::new(&registry).unwrap();
    let (mut right, mut unknown_ok) = (0usize, 0usize);
    for (rec, truth) in chain.records().iter().zip(chain.truth()) {
        let a = attributor.attribute_block(rec);
        match (truth.pool(), a) {
            (Some(i), Attribution::Pool { pool, .. }) => {
                let want = norm(chain.pools()[i].name());
                let got = norm(registry.pool_name(pool));
                let aliases_ok = want == got
                    || (want == "braiins" && got.contains("slush"))
                    || (want.contains("slush") && got.contains("braiins"))
                    || got.contains(&want)
                    || want.contains(&got);
                assert!(aliases_ok, "height {}: truth {want}, attributed {got}", rec.height());
                right += 1;
            }
            (None, Attribution::Unknown) => unknown_ok += 1,
            (t, a) => panic!("height {}: truth {t:?}, attribution {a:?}", rec.height()),
        }
    }
    assert_eq!(right + unknown_ok, chain.len(), "every block has exactly one outcome");
    assert!(unknown_ok > 0 && right > 4_000);
}
