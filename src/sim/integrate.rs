//! Numeric inversion of the integrated hashrate for closure paths.

use std::sync::Arc;

use super::SimError;

/// A hashrate closure: seconds since the start → H/s.
pub(crate) type HashrateFn = Arc<dyn Fn(f64) -> f64 + Send + Sync>;

/// Integration step for closure paths, in seconds. Gauss–Legendre with 5 nodes is exact for
/// polynomials of degree 9 on each step, so smooth paths are integrated to ~1e-12 relative.
pub(crate) const CLOSURE_STEP_SECS: f64 = 60.0;

/// Relative tolerance on the integrated work when solving for a find time.
const WORK_RTOL: f64 = 1e-13;

const GL_NODES: [f64; 5] = [
    0.0,
    -0.538_469_310_105_683_1,
    0.538_469_310_105_683_1,
    -0.906_179_845_938_664,
    0.906_179_845_938_664,
];
const GL_WEIGHTS: [f64; 5] = [
    0.568_888_888_888_888_9,
    0.478_628_670_499_366_5,
    0.478_628_670_499_366_5,
    0.236_926_885_056_189_1,
    0.236_926_885_056_189_1,
];

fn eval(f: &(dyn Fn(f64) -> f64 + Send + Sync), t: f64) -> Result<f64, SimError> {
    let v = f(t);
    if v.is_finite() && v >= 0.0 {
        Ok(v)
    } else {
        Err(SimError::InvalidHashrate { value: v, time_secs: t })
    }
}

/// `∫_a^b f`, 5-point Gauss–Legendre.
fn gauss_legendre(f: &(dyn Fn(f64) -> f64 + Send + Sync), a: f64, b: f64) -> Result<f64, SimError> {
    let half = 0.5 * (b - a);
    let mid = 0.5 * (a + b);
    let mut acc = 0.0;
    for (x, w) in GL_NODES.iter().zip(GL_WEIGHTS.iter()) {
        acc += w * eval(f, mid + half * x)?;
    }
    Ok(acc * half)
}

/// The time `t ≥ t0` at which `∫_{t0}^{t} f = need`, stepping by [`CLOSURE_STEP_SECS`] and
/// solving inside the bracketing step by Newton's method safeguarded with bisection.
///
/// Stops with [`SimError::TimeOverflow`] once `t_max` (the last representable header time) is
/// passed without reaching `need`.
pub(crate) fn solve_closure(
    f: &(dyn Fn(f64) -> f64 + Send + Sync),
    t0: f64,
    need: f64,
    t_max: f64,
    height: u32,
) -> Result<f64, SimError> {
    if need <= 0.0 {
        return Ok(t0);
    }
    let mut a = t0;
    let mut rem = need;
    loop {
        if a > t_max {
            return Err(SimError::TimeOverflow { height, unix_secs: a });
        }
        let b = a + CLOSURE_STEP_SECS;
        let piece = gauss_legendre(f, a, b)?;
        if piece >= rem {
            return newton_in_step(f, a, b, piece, rem);
        }
        rem -= piece;
        a = b;
    }
}

fn newton_in_step(
    f: &(dyn Fn(f64) -> f64 + Send + Sync),
    a: f64,
    b: f64,
    piece: f64,
    rem: f64,
) -> Result<f64, SimError> {
    let (mut lo, mut hi) = (a, b);
    // Start from linear interpolation of the step's integral.
    let mut x = a + (b - a) * (rem / piece);
    for _ in 0..60 {
        let g = gauss_legendre(f, a, x)? - rem;
        if g.abs() <= WORK_RTOL * rem {
            return Ok(x);
        }
        if g < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let fx = eval(f, x)?;
        let newton = if fx > 0.0 { x - g / fx } else { f64::NAN };
        x = if newton > lo && newton < hi { newton } else { 0.5 * (lo + hi) };
        if hi - lo <= 4.0 * f64::EPSILON * x.abs().max(1.0) {
            return Ok(x);
        }
    }
    Ok(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_closure_matches_closed_form() {
        // h(t) = 1 + t: ∫_0^T = T + T²/2 = need → T = −1 + sqrt(1 + 2 need).
        let f = |t: f64| 1.0 + t;
        for need in [0.5, 10.0, 1e4, 1e7] {
            let t = solve_closure(&f, 0.0, need, 1e12, 1).unwrap();
            let exact = -1.0 + (1.0 + 2.0 * need).sqrt();
            assert!((t - exact).abs() < 1e-8 * (1.0 + exact), "{need}: {t} vs {exact}");
        }
    }

    #[test]
    fn smooth_closure_is_accurate() {
        // h(t) = 2 + sin(t/1000): ∫_0^T = 2T + 1000(1 − cos(T/1000)).
        let f = |t: f64| 2.0 + (t / 1000.0).sin();
        let big = |t: f64| 2.0 * t + 1000.0 * (1.0 - (t / 1000.0).cos());
        for need in [1.0, 777.0, 123_456.0] {
            let t = solve_closure(&f, 0.0, need, 1e12, 1).unwrap();
            assert!((big(t) / need - 1.0).abs() < 1e-11, "{need}");
        }
    }

    #[test]
    fn bad_values_and_zero_forever_are_errors() {
        let nan = |_: f64| f64::NAN;
        assert!(matches!(
            solve_closure(&nan, 0.0, 1.0, 1e6, 5),
            Err(SimError::InvalidHashrate { .. })
        ));
        let zero = |_: f64| 0.0;
        assert!(matches!(
            solve_closure(&zero, 0.0, 1.0, 1e5, 5),
            Err(SimError::TimeOverflow { height: 5, .. })
        ));
    }
}
