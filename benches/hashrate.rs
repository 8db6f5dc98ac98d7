//! Hashrate estimator benchmarks.
//!
//! Data: a seeded synthetic chain (StdRng seed 42): exponential work-times at 1 EH/s, work
//! 6e20 hashes per block with a +3 % step every 2016 blocks, integer timestamps from 1.6e9 s.
//!
//! Run: `cargo bench --bench hashrate -- --warm-up-time 1 --measurement-time 2`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use minerscope::chain::WorkTime;
use minerscope::hashrate::{
    Bayesian, CoreCompatible, DiscountFilter, Endpoints, Exact, FixedTime, GammaPosterior,
    HashrateEstimator, LocalLevel, PoissonInterval, Rolling, RollingMethod, RollingTime,
    Simultaneity, TimestampRobust, Window, per_pool,
};
use minerscope::stats::ConfidenceLevel;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, Exp};

fn synthetic(len: usize) -> (Vec<i64>, Vec<f64>) {
    let mut rng = StdRng::seed_from_u64(42);
    let exp = Exp::new(1.0).unwrap();
    let mut t = 1.6e9;
    let mut times = Vec::with_capacity(len);
    let mut work = Vec::with_capacity(len);
    for i in 0..len {
        let w = 6e20 * 1.03f64.powi((i / 2016) as i32 % 50);
        t += exp.sample(&mut rng) * w / 1e18;
        times.push(t.round() as i64);
        work.push(w);
    }
    (times, work)
}

fn estimators(c: &mut Criterion) {
    let (times, work) = synthetic(20_160 + 200);
    let wt = WorkTime::from_parts(0, &times, &work).unwrap();
    let tip = wt.end_height();
    let l = ConfidenceLevel::P95;
    let all: Vec<(&str, Box<dyn HashrateEstimator>)> = vec![
        ("core_compatible", Box::new(CoreCompatible)),
        ("unbiased", Box::new(Exact::unbiased())),
        ("mle", Box::new(Exact::mle())),
        ("fixed_time_garwood", Box::new(FixedTime::new(PoissonInterval::Garwood))),
        ("fixed_time_mid_p", Box::new(FixedTime::new(PoissonInterval::MidP))),
        ("robust_mtp", Box::new(TimestampRobust::new(Endpoints::MedianTimePast, 30.0).unwrap())),
        ("bayesian_jeffreys", Box::new(Bayesian::jeffreys())),
    ];
    let mut g = c.benchmark_group("estimate");
    for n in [144u32, 2016, 20_160] {
        g.throughput(Throughput::Elements(u64::from(n)));
        let w = Window::trailing(tip, n).unwrap();
        for (name, e) in &all {
            g.bench_with_input(BenchmarkId::new(*name, n), &w, |b, w| {
                b.iter(|| e.estimate(black_box(&wt), *w, l).unwrap())
            });
        }
        g.bench_with_input(BenchmarkId::new("state_space_path", n), &w, |b, w| {
            let ll = LocalLevel::new(0.02).unwrap();
            b.iter(|| ll.run(black_box(&wt), *w, l).unwrap())
        });
        let labels: Vec<Option<u8>> = (0..n).map(|i| Some((i % 13) as u8)).collect();
        g.bench_with_input(BenchmarkId::new("per_pool_13", n), &w, |b, w| {
            b.iter(|| {
                per_pool(black_box(&wt), *w, labels.iter().copied(), l, Simultaneity::Bonferroni)
                    .unwrap()
            })
        });
    }
    g.finish();
}

fn rolling(c: &mut Criterion) {
    let len = 1_000_001;
    let (times, work) = synthetic(len);
    let mut g = c.benchmark_group("preprocess");
    g.throughput(Throughput::Elements(len as u64));
    g.sample_size(10);
    g.bench_function("work_time_1m", |b| {
        b.iter(|| WorkTime::from_parts(0, black_box(&times), black_box(&work)).unwrap())
    });
    g.finish();
    let wt = WorkTime::from_parts(0, &times, &work).unwrap();
    let l = ConfidenceLevel::P95;
    let mut g = c.benchmark_group("rolling_2016_over_1m");
    g.throughput(Throughput::Elements(len as u64));
    g.sample_size(10);
    let robust = TimestampRobust::new(Endpoints::MedianTimePast, 30.0).unwrap();
    for (name, m) in [
        ("unbiased", RollingMethod::Unbiased),
        ("mle", RollingMethod::MaximumLikelihood),
        ("core_compatible", RollingMethod::CoreCompatible),
        ("robust_mtp", RollingMethod::TimestampRobust(robust)),
    ] {
        let r = Rolling::new(m, 2016).unwrap();
        let mut buf = Vec::with_capacity(len);
        g.bench_function(name, |b| b.iter(|| r.run_into(black_box(&wt), l, &mut buf).unwrap()));
    }
    let day = RollingTime::new(86_400, PoissonInterval::Garwood).unwrap();
    let mut buf = Vec::with_capacity(len);
    g.bench_function("fixed_time_24h_garwood", |b| {
        b.iter(|| day.run_into(black_box(&wt), l, &mut buf).unwrap())
    });
    let filter = DiscountFilter::with_memory_blocks(2016.0).unwrap();
    g.bench_function("discount_filter_memory_2016", |b| {
        b.iter(|| filter.run_into(black_box(&wt), GammaPosterior::jeffreys(), l, &mut buf).unwrap())
    });
    g.finish();
}

criterion_group!(benches, estimators, rolling);
criterion_main!(benches);
