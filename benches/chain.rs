//! Chain benches on a documented synthetic chain: the default scenario (mainnet block 830 592,
//! equilibrium hashrate ≈ 585 EH/s, 2024 pool mix, mainnet timestamp noise, 0.25 BTC fees),
//! seed 1.
//!
//! * `simulate/{10k,100k,1M}`: simulating and building the records (coinbases, headers,
//!   hashes) and validating the series.
//! * `total_work/1M`, `work_time/1M`: exact 256-bit work sum and the work-time prefix sums over
//!   one million blocks simulated once, outside the timed loop.
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use minerscope::sim::Scenario;

const SEED: u64 = 1;

fn scenario() -> Scenario {
    Scenario::builder().seed(SEED).build().expect("default scenario is valid")
}

fn simulate(c: &mut Criterion) {
    let sc = scenario();
    let mut group = c.benchmark_group("simulate");
    group.sample_size(10);
    for n in [10_000usize, 100_000, 1_000_000] {
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, &n| {
            b.iter(|| sc.run(black_box(n)).expect("simulation succeeds"))
        });
    }
    group.finish();
}

fn sums(c: &mut Criterion) {
    let n = 1_000_000usize;
    let chain = scenario().run(n).expect("simulation succeeds");
    let series = chain.series();
    let mut group = c.benchmark_group("sums");
    group.sample_size(20);
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function(BenchmarkId::new("total_work", n), |b| {
        b.iter(|| black_box(series).total_work().expect("no overflow"))
    });
    group.bench_function(BenchmarkId::new("work_time", n), |b| {
        b.iter(|| black_box(series).work_time())
    });
    group.finish();
}

criterion_group!(benches, simulate, sums);
criterion_main!(benches);
