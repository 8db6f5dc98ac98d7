//! Economics benches: the curtailment schedule over a year of hourly prices, and an NPV
//! scenario sweep.
use std::hint::black_box;

use bitcoin::Amount;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use minerscope::economics::{
    AiLease, BUILTIN_ASICS, DifficultyPath, Fleet, Hashprice, LeasePrice, MiningPerMw,
    OperatingTerms, PowerContract, PricePath, Scenario, compare_mine_vs_lease,
    curtailment_schedule, curtailment_schedule_with_restart_cost,
};
use minerscope::units::{BtcPrice, Difficulty, Efficiency, EnergyPrice, Usd};
use rand::prelude::*;

/// A seeded synthetic hourly price year: daily and seasonal shape, 2 % spikes, 3 % negative hours.
fn price_year(seed: u64) -> Vec<EnergyPrice> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..8760)
        .map(|h| {
            let day = (h / 24) as f64;
            let hour = (h % 24) as f64;
            let mut p = 45.0
                + 15.0 * (std::f64::consts::TAU * (hour - 6.0) / 24.0).sin()
                + 10.0 * (std::f64::consts::TAU * day / 365.0).cos()
                + 8.0 * (rng.random::<f64>() - 0.5);
            let u: f64 = rng.random();
            if u < 0.02 {
                p *= 5.0 + 20.0 * rng.random::<f64>();
            } else if u < 0.05 {
                p = -20.0 * rng.random::<f64>();
            }
            EnergyPrice::from_usd_per_mwh(p).unwrap()
        })
        .collect()
}

fn fleet(lines: usize) -> Fleet {
    Fleet::new(BUILTIN_ASICS.iter().take(lines).map(|s| (s.to_machine().unwrap(), 100)).collect())
        .unwrap()
}

fn curtailment(c: &mut Criterion) {
    let prices = price_year(42);
    let hp = Hashprice::from_usd_per_ph_day(50.0).unwrap();
    let terms = OperatingTerms::new(0.02, 0.97, 1.05).unwrap();
    let mut g = c.benchmark_group("curtailment_year");
    g.throughput(Throughput::Elements(prices.len() as u64));
    for lines in [1usize, 3, 10] {
        let f = fleet(lines);
        g.bench_with_input(BenchmarkId::new("lines", lines), &f, |b, f| {
            b.iter(|| {
                curtailment_schedule(
                    black_box(f),
                    hp,
                    &terms,
                    black_box(&prices),
                    None,
                    PowerContract::Spot,
                )
                .unwrap()
            })
        });
    }
    let f = fleet(10);
    g.bench_with_input(BenchmarkId::new("lines_restart_cost_dp", 10), &f, |b, f| {
        b.iter(|| {
            curtailment_schedule_with_restart_cost(
                black_box(f),
                hp,
                &terms,
                black_box(&prices),
                None,
                PowerContract::Spot,
                Usd::from_dollars(20.0).unwrap(),
            )
            .unwrap()
        })
    });
    g.finish();
}

fn npv_sweep(c: &mut Criterion) {
    let f = fleet(3);
    let terms = OperatingTerms::new(0.02, 0.97, 1.05).unwrap();
    let growths = [0.0, 0.2, 0.4, 0.6, 0.8];
    let prices = [60_000.0, 80_000.0, 100_000.0, 120_000.0, 150_000.0];
    let mut g = c.benchmark_group("npv_sweep");
    // 25 scenarios × 3 years of days.
    g.throughput(Throughput::Elements(25));
    g.bench_function("25_scenarios_3y_daily", |b| {
        b.iter(|| {
            let mut acc = 0.0;
            for &gr in &growths {
                for &p in &prices {
                    let s = Scenario::new(
                        930_000,
                        3 * 365,
                        DifficultyPath::growth(Difficulty::new(1.3e14).unwrap(), gr).unwrap(),
                        PricePath::Constant(BtcPrice::from_usd_per_btc(p).unwrap()),
                    )
                    .unwrap()
                    .with_fees_per_block(Amount::from_sat(3_000_000))
                    .with_power_price(EnergyPrice::from_usd_per_mwh(45.0).unwrap())
                    .unwrap()
                    .with_terms(terms);
                    acc += s.project(black_box(&f)).unwrap().npv(0.1).unwrap().to_dollars();
                }
            }
            acc
        })
    });
    g.bench_function("mine_vs_lease_with_threshold", |b| {
        let mining = MiningPerMw::new(
            Hashprice::from_usd_per_ph_day(50.0).unwrap(),
            Efficiency::from_j_per_th(18.0).unwrap(),
            EnergyPrice::from_usd_per_mwh(45.0).unwrap(),
            terms,
        )
        .unwrap()
        .with_hashprice_annual_change(-0.25)
        .unwrap();
        let lease = AiLease::new(
            LeasePrice::PerMwMonth(Usd::from_dollars(120_000.0).unwrap()),
            Usd::from_dollars(3_000_000.0).unwrap(),
            12,
            120,
            0.999,
        )
        .unwrap();
        b.iter(|| compare_mine_vs_lease(black_box(&mining), &lease, 0.12).unwrap())
    });
    g.finish();
}

criterion_group!(benches, curtailment, npv_sweep);
criterion_main!(benches);
