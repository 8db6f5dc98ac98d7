//! Exact-enough window sums of work-times across 13 orders of magnitude.
//!
//! Work-times since genesis range from ~1e-7 s/H (2009) to ~1e-21 s/H (2024). A plain `f64`
//! prefix sum of them is dominated by the early blocks, so the difference of two prefixes
//! late in the chain is quantised to ~1e-18 — coarser than a 1000-block window's own sum.
//! Here each prefix is kept as an unevaluated double-double `(hi, lo)` (Neumaier
//! compensation), and a window is `(hi_b − hi_a) + (lo_b − lo_a)`, accurate to ~1e-32 of the
//! total.

use crate::chain::{WorkTime, neumaier};

/// Double-double prefix sums of a work-time series, heights aligned with a [`WorkTime`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Prefix {
    start: u32,
    hi: Vec<f64>,
    lo: Vec<f64>,
}

impl Prefix {
    /// Prefix sums of `u` (one value per interval; `u[j]` ends at `start + j + 1`).
    pub(crate) fn new(start: u32, u: &[f64]) -> Self {
        let mut hi = Vec::with_capacity(u.len() + 1);
        let mut lo = Vec::with_capacity(u.len() + 1);
        hi.push(0.0);
        lo.push(0.0);
        let (mut s, mut c) = (0.0f64, 0.0f64);
        for &x in u {
            neumaier(&mut s, &mut c, x);
            hi.push(s);
            lo.push(c);
        }
        Prefix { start, hi, lo }
    }

    /// Prefix sums of a [`WorkTime`]'s raw work-times.
    pub(crate) fn of(wt: &WorkTime) -> Self {
        Self::new(wt.start_height(), wt.intervals())
    }

    /// The double-double prefix at `height`.
    pub(crate) fn at(&self, height: u32) -> Option<(f64, f64)> {
        let i = usize::try_from(height.checked_sub(self.start)?).ok()?;
        Some((*self.hi.get(i)?, *self.lo.get(i)?))
    }

    /// Work-time of the intervals ending at `from + 1 ..= to`, or `None` outside the series
    /// or for `from >= to`.
    pub(crate) fn window(&self, from: u32, to: u32) -> Option<f64> {
        if from >= to {
            return None;
        }
        let a = usize::try_from(from.checked_sub(self.start)?).ok()?;
        let b = usize::try_from(to.checked_sub(self.start)?).ok()?;
        Some((self.hi.get(b)? - self.hi.get(a)?) + (self.lo.get(b)? - self.lo.get(a)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_windows_keep_their_precision() {
        // 100 000 "2009" values of 1e-7 followed by 2000 "2024" values of 6e-21.
        let mut u = vec![1e-7; 100_000];
        u.extend(std::iter::repeat_n(6e-21, 2000));
        let p = Prefix::new(0, &u);
        let w = p.window(100_500, 101_500).unwrap();
        assert!((w / 6e-18 - 1.0).abs() < 1e-9, "{w}");
        // The plain f64 prefix difference is off by orders of magnitude of its own size.
        let naive: Vec<f64> = u
            .iter()
            .scan(0.0, |s, x| {
                *s += x;
                Some(*s)
            })
            .collect();
        let bad = naive.get(101_499).unwrap() - naive.get(100_499).unwrap();
        assert!((bad / 6e-18 - 1.0).abs() > 0.01);
    }
}
