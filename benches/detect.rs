//! Per-block cost of the online detectors over 1M blocks, and PELT over 100k blocks.
//!
//! `cargo bench --bench detect -- --warm-up-time 1 --measurement-time 2`
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use minerscope::chain::WorkTime;
use minerscope::detect::{
    Bocpd, BocpdConfig, Cusum, CusumBank, Detector, Direction, FalseAlarmTarget, Glr, Shift,
    WindowGrid, WindowedGlr, WindowedGlrConfig, pelt,
};
use minerscope::stats::ConfidenceLevel;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rand_distr::Exp1;

/// Seeded in-control normalised work-times.
fn stream(n: usize) -> Vec<f64> {
    let mut r = Xoshiro256PlusPlus::seed_from_u64(42);
    (0..n).map(|_| r.sample(Exp1)).collect()
}

fn run<D: Detector>(d: &mut D, vs: &[f64]) -> u64 {
    let mut alarms = 0;
    for &v in vs {
        alarms += u64::from(d.update(v).is_some());
    }
    alarms
}

fn online(c: &mut Criterion) {
    const N: usize = 1_000_000;
    let vs = stream(N);
    let t = FalseAlarmTarget::blocks(52_560.0).unwrap();
    let mut g = c.benchmark_group("detect_online");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(10);
    let mut cusum = Cusum::new(Shift::drop(0.10).unwrap(), t).unwrap();
    g.bench_function(BenchmarkId::new("cusum", N), |b| b.iter(|| run(&mut cusum, black_box(&vs))));
    let mut bank = CusumBank::drops(t).unwrap();
    g.bench_function(BenchmarkId::new("cusum_bank_4", N), |b| {
        b.iter(|| run(&mut bank, black_box(&vs)))
    });
    let mut weighted = Glr::new(Direction::Drop, t).unwrap();
    g.bench_function(BenchmarkId::new("glr_size_weighted_7", N), |b| {
        b.iter(|| run(&mut weighted, black_box(&vs)))
    });
    let mut glr = WindowedGlr::new(Direction::Drop, t).unwrap();
    g.bench_function(BenchmarkId::new("glr_geometric_8064", N), |b| {
        b.iter(|| run(&mut glr, black_box(&vs)))
    });
    let mut bocpd = Bocpd::with_threshold(BocpdConfig::default(), 0.99).unwrap();
    g.bench_function(BenchmarkId::new("bocpd_720", N), |b| {
        b.iter(|| run(&mut bocpd, black_box(&vs)))
    });
    g.finish();
    // The exact windowed scan for contrast, over fewer blocks (O(window) per block).
    let mut g = c.benchmark_group("detect_glr_exact");
    const M: usize = 20_000;
    g.throughput(Throughput::Elements(M as u64));
    g.sample_size(10);
    let cfg = WindowedGlrConfig {
        direction: Direction::Drop,
        window: 2016,
        min_window: 10,
        grid: WindowGrid::Exact,
    };
    let mut exact = WindowedGlr::with_threshold(cfg, 9.0).unwrap();
    let short = &vs[..M];
    g.bench_function(BenchmarkId::new("glr_exact_2016", M), |b| {
        b.iter(|| run(&mut exact, black_box(short)))
    });
    g.finish();
}

fn offline(c: &mut Criterion) {
    const N: usize = 100_000;
    // Piecewise-constant hashrate: a ±15 % regime change every 5000 blocks.
    let mut r = Xoshiro256PlusPlus::seed_from_u64(7);
    let mut t = 0.0f64;
    let times: Vec<i64> = (0..N)
        .map(|i| {
            let rate = if (i / 5000) % 2 == 0 { 1.0 } else { 0.85 };
            t += 600.0 * r.sample::<f64, _>(Exp1) / rate;
            t.round() as i64
        })
        .collect();
    let wt = WorkTime::from_parts(0, &times, &vec![6e20; N]).unwrap();
    let target = FalseAlarmTarget::blocks(52_560.0).unwrap();
    let mut g = c.benchmark_group("detect_offline");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(10);
    g.bench_function(BenchmarkId::new("pelt", N), |b| {
        b.iter(|| pelt(black_box(&wt), target, 10, 1, ConfidenceLevel::P95).map(|s| s.len()))
    });
    g.finish();
}

criterion_group!(benches, online, offline);
criterion_main!(benches);
