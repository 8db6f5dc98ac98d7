//! Discounting: net present value, internal rate of return and payback time of cash flows.
//!
//! Cash flows are per period (a day, a month); `flows[0]` falls at time 0 (undiscounted),
//! `flows[t]` at the end of period `t`. Rates are per period; convert annual rates with
//! [`rate_per_period`].

use super::error::{EconomicsError, computed, finite};
use crate::units::Usd;

/// The per-period rate equivalent to an annual rate with `periods_per_year` periods:
/// `(1 + annual)^(1/periods_per_year) − 1`.
///
/// # Errors
///
/// [`EconomicsError::OutOfRange`] unless `annual > −1` (finite) and `periods_per_year > 0`.
///
/// # Examples
///
/// ```
/// use minerscope::economics::rate_per_period;
///
/// // 12 % a year is about 0.949 % a month, compounding back to exactly 12 %.
/// let monthly = rate_per_period(0.12, 12.0)?;
/// assert!((monthly - 0.009_488_8).abs() < 1e-7);
/// assert!(((1.0 + monthly).powi(12) - 1.12).abs() < 1e-12);
/// assert!(rate_per_period(-1.0, 12.0).is_err());
/// # Ok::<_, minerscope::economics::EconomicsError>(())
/// ```
pub fn rate_per_period(annual: f64, periods_per_year: f64) -> Result<f64, EconomicsError> {
    let annual = finite("annual rate", annual)?;
    if annual <= -1.0 {
        return Err(EconomicsError::OutOfRange {
            what: "annual rate",
            expected: "(−1, ∞)",
            value: annual,
        });
    }
    if !(periods_per_year.is_finite() && periods_per_year > 0.0) {
        return Err(EconomicsError::OutOfRange {
            what: "periods per year",
            expected: "(0, ∞)",
            value: periods_per_year,
        });
    }
    computed("rate per period", (1.0 + annual).powf(1.0 / periods_per_year) - 1.0)
}

fn check_rate(rate: f64) -> Result<f64, EconomicsError> {
    let r = finite("discount rate", rate)?;
    if r <= -1.0 {
        return Err(EconomicsError::OutOfRange {
            what: "discount rate",
            expected: "(−1, ∞)",
            value: r,
        });
    }
    Ok(r)
}

/// Net present value `Σ_t flows[t] / (1 + rate)^t` (Horner's scheme, O(n)).
///
/// # Errors
///
/// [`EconomicsError::OutOfRange`] unless `rate > −1`; [`EconomicsError::Empty`] for no flows;
/// [`EconomicsError::Overflow`] if the sum is not finite.
///
/// # Examples
///
/// ```
/// use minerscope::economics::npv;
/// use minerscope::units::Usd;
///
/// let flows = [Usd::from_dollars(-100.0)?, Usd::from_dollars(110.0)?];
/// assert!(npv(0.10, &flows)?.to_dollars().abs() < 1e-12);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn npv(rate: f64, flows: &[Usd]) -> Result<Usd, EconomicsError> {
    let r = check_rate(rate)?;
    if flows.is_empty() {
        return Err(EconomicsError::Empty { what: "cash flows" });
    }
    let v = npv_raw(r, flows);
    Ok(Usd::from_dollars(computed("net present value", v)?)?)
}

/// NPV without validation; the caller ensures `rate > −1` and finite inputs.
pub(crate) fn npv_raw(rate: f64, flows: &[Usd]) -> f64 {
    let d = 1.0 / (1.0 + rate);
    flows.iter().rev().fold(0.0, |acc, f| f.to_dollars() + acc * d)
}

/// The internal rate of return: the per-period rate `r > −1` at which [`npv`] is zero.
///
/// Scans rates from just above −1 to 10^6 % per period on a logarithmic grid for the first
/// sign change of the NPV, then bisects to 1e-12. For conventional flows (outflows, then
/// inflows) the root is unique; otherwise the smallest root found is returned. Leading zero
/// flows only shift the rest in time and do not change the IRR; they are skipped, so an NPV
/// that underflows to `0.0` at high rates is never taken for a root.
///
/// # Errors
///
/// [`EconomicsError::Empty`] for no flows, [`EconomicsError::NoSolution`] when the NPV does not
/// change sign (e.g. all flows positive) or every flow is zero (every rate is then a root).
///
/// # Examples
///
/// ```
/// use minerscope::economics::irr;
/// use minerscope::units::Usd;
///
/// let flows =
///     [Usd::from_dollars(-100.0)?, Usd::from_dollars(60.0)?, Usd::from_dollars(60.0)?];
/// let r = irr(&flows)?;
/// assert!((r - 0.130_662).abs() < 1e-6);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn irr(flows: &[Usd]) -> Result<f64, EconomicsError> {
    if flows.is_empty() {
        return Err(EconomicsError::Empty { what: "cash flows" });
    }
    // NPV(r) = (1 + r)^(−k) · NPV of the flows after k leading zeros: same roots, but the
    // shifted sum keeps its first flow undiscounted, so it cannot underflow to 0.0 at high rates.
    let first = flows.iter().position(|f| f.to_dollars() != 0.0);
    let flows = match first.and_then(|k| flows.get(k..)) {
        Some(rest) => rest,
        None => return Err(EconomicsError::NoSolution { what: "internal rate of return" }),
    };
    // Grid on log(1 + r) from ln(1e-6) (r ≈ −0.999999) to ln(1e4) (r ≈ 9999).
    const STEPS: usize = 400;
    let (lo_ln, hi_ln) = ((1e-6f64).ln(), (1e4f64).ln());
    let rate_at = |k: usize| (lo_ln + (hi_ln - lo_ln) * k as f64 / STEPS as f64).exp() - 1.0;
    let mut a = rate_at(0);
    let mut fa = npv_raw(a, flows);
    if fa == 0.0 {
        return Ok(a);
    }
    for k in 1..=STEPS {
        let b = rate_at(k);
        let fb = npv_raw(b, flows);
        if fb == 0.0 {
            return Ok(b);
        }
        if fa.is_finite() && fb.is_finite() && (fa < 0.0) != (fb < 0.0) {
            return Ok(bisect(a, b, fa, |r| npv_raw(r, flows)));
        }
        a = b;
        fa = fb;
    }
    Err(EconomicsError::NoSolution { what: "internal rate of return" })
}

/// Bisection on `[a, b]` with `f(a) = fa` and a sign change inside.
pub(crate) fn bisect(mut a: f64, mut b: f64, mut fa: f64, f: impl Fn(f64) -> f64) -> f64 {
    for _ in 0..200 {
        let m = 0.5 * (a + b);
        if (b - a).abs() <= 1e-12 * (1.0 + m.abs()) {
            return m;
        }
        let fm = f(m);
        if fm == 0.0 {
            return m;
        }
        if (fm < 0.0) == (fa < 0.0) {
            a = m;
            fa = fm;
        } else {
            b = m;
        }
    }
    0.5 * (a + b)
}

/// The (fractional) number of periods until cumulative undiscounted cash flow first turns
/// non-negative, interpolating linearly within the period. `Some(0.0)` if `flows[0] ≥ 0`;
/// `None` if it never pays back within the flows.
///
/// # Examples
///
/// ```
/// use minerscope::economics::payback_periods;
/// use minerscope::units::Usd;
///
/// let flows = [
///     Usd::from_dollars(-100.0)?,
///     Usd::from_dollars(40.0)?,
///     Usd::from_dollars(40.0)?,
///     Usd::from_dollars(40.0)?,
/// ];
/// assert_eq!(payback_periods(&flows), Some(2.5));
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn payback_periods(flows: &[Usd]) -> Option<f64> {
    let mut cum = 0.0;
    for (t, f) in flows.iter().enumerate() {
        let prev = cum;
        cum += f.to_dollars();
        if cum >= 0.0 {
            if t == 0 {
                return Some(0.0);
            }
            let step = f.to_dollars();
            let frac = if step > 0.0 { (-prev / step).clamp(0.0, 1.0) } else { 1.0 };
            return Some((t - 1) as f64 + frac);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(v: &[f64]) -> Vec<Usd> {
        v.iter().map(|&x| Usd::from_dollars(x).unwrap()).collect()
    }

    #[test]
    fn npv_and_irr_are_consistent() {
        let flows = usd(&[-1000.0, 300.0, 400.0, 500.0]);
        let r = irr(&flows).unwrap();
        assert!(npv(r, &flows).unwrap().to_dollars().abs() < 1e-6);
        // Textbook value: IRR of (-1000, 300, 400, 500) is 8.896 %.
        assert!((r - 0.088_96).abs() < 1e-4, "{r}");
    }

    #[test]
    fn irr_needs_a_sign_change() {
        assert!(matches!(irr(&usd(&[1.0, 2.0])), Err(EconomicsError::NoSolution { .. })));
        assert!(irr(&[]).is_err());
    }

    #[test]
    fn payback_edge_cases() {
        assert_eq!(payback_periods(&usd(&[-10.0, 1.0])), None);
        assert_eq!(payback_periods(&usd(&[5.0])), Some(0.0));
        assert_eq!(payback_periods(&usd(&[-10.0, 10.0])), Some(1.0));
    }

    #[test]
    fn rate_conversion() {
        let d = rate_per_period(0.10, 12.0).unwrap();
        assert!(((1.0 + d).powi(12) - 1.1).abs() < 1e-12);
        assert!(rate_per_period(-1.0, 12.0).is_err());
    }
}
