//! Placeholder bench for `hashrate`; replaced when the capability lands.
use criterion::{criterion_group, criterion_main, Criterion};

fn placeholder(c: &mut Criterion) {
    c.bench_function("hashrate_placeholder", |b| b.iter(|| std::hint::black_box(1u64) + 1));
}

criterion_group!(benches, placeholder);
criterion_main!(benches);
