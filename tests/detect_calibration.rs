//! Regenerates the offline calibration tables shipped in `src/detect` (ignored by default:
//! minutes in release mode). Run with
//! `cargo test --release --test detect_calibration -- --ignored --nocapture`.

use minerscope::detect::{CusumBank, DEFAULT_DROP_GRID, FalseAlarmTarget, Shift};

const ARL0_GRID: [f64; 7] = [200.0, 500.0, 1000.0, 2016.0, 4320.0, 10_000.0, 52_560.0];

fn runs_for(arl0: f64) -> u64 {
    if arl0 < 10_000.0 { 4000 } else { 1500 }
}

#[test]
#[ignore = "offline table generation, minutes in release mode"]
fn regenerate_bank_tables() {
    let drops: Vec<Shift> = DEFAULT_DROP_GRID.iter().map(|&d| Shift::drop(d).unwrap()).collect();
    let rises: Vec<Shift> =
        DEFAULT_DROP_GRID.iter().map(|&d| Shift::from_ratio(1.0 / (1.0 - d)).unwrap()).collect();
    for (name, grid) in [("DROP_BANK_TABLE", &drops), ("RISE_BANK_TABLE", &rises)] {
        println!("const {name}: [(f64, f64); {}] = [", ARL0_GRID.len());
        for &a in &ARL0_GRID {
            let t = FalseAlarmTarget::blocks(a).unwrap();
            let c = CusumBank::calibrate_inflation(grid, t, runs_for(a), 2024).unwrap();
            println!("    ({a:.1}, {c:.4}),");
        }
        println!("];");
    }
}

#[test]
#[ignore = "offline table generation, minutes in release mode"]
fn regenerate_windowed_glr_tables() {
    use minerscope::detect::{Direction, WindowedGlr, WindowedGlrConfig};
    for (name, dir) in
        [("DROP_WINDOWED_GLR_TABLE", Direction::Drop), ("RISE_WINDOWED_GLR_TABLE", Direction::Rise)]
    {
        println!("const {name}: [(f64, f64); {}] = [", ARL0_GRID.len());
        for &a in &ARL0_GRID {
            let t = FalseAlarmTarget::blocks(a).unwrap();
            let runs = if a < 10_000.0 { 2000 } else { 800 };
            let g =
                WindowedGlr::calibrate(WindowedGlrConfig::default_for(dir), t, runs, 2024).unwrap();
            println!("    ({a:.1}, {g:.4}),");
        }
        println!("];");
    }
}

/// The size-weighted [`Glr`](minerscope::detect::Glr)'s boundary inflations (seed 2026;
/// 4000 replications up to ARL0 = 4320, 2000 above). One direction per run so the two can go
/// in parallel: `GLR_TABLE_DIRECTION=rise`.
#[test]
#[ignore = "offline table generation, minutes in release mode"]
fn regenerate_glr_tables() {
    use minerscope::detect::{Direction, Glr};
    let dir = match std::env::var("GLR_TABLE_DIRECTION").as_deref() {
        Ok("rise") => Direction::Rise,
        _ => Direction::Drop,
    };
    let sizes = Glr::default_sizes(dir).unwrap();
    println!("const {dir:?}_GLR_TABLE: [(f64, f64); {}] = [", ARL0_GRID.len());
    for &a in &ARL0_GRID {
        let t = FalseAlarmTarget::blocks(a).unwrap();
        let runs = if a <= 4320.0 { 4000 } else { 2000 };
        let c = Glr::calibrate_inflation(&sizes, t, runs, 2026).unwrap();
        println!("    ({a:.1}, {c:.4}),");
    }
    println!("];");
}
