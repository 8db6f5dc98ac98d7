use std::fmt;
use std::sync::Arc;

use super::SimError;
use super::integrate::{HashrateFn, solve_closure};
use crate::units::Hashrate;

/// A hashrate as a function of time (seconds since the scenario start), in H/s.
///
/// Two kinds, with different exactness:
///
/// * **Piecewise linear** ([`constant`](Self::constant), [`steps`](Self::steps),
///   [`ramp`](Self::ramp), [`piecewise_linear`](Self::piecewise_linear)): the integrated
///   hashrate is inverted in closed form, so block find times are exact (up to `f64`
///   rounding).
/// * **Closure** ([`from_fn`](Self::from_fn)): any `Fn(f64) -> f64`, integrated numerically
///   with 5-point Gauss–Legendre on 60-second steps and inverted with safeguarded Newton
///   iterations (relative error ≲ 1e-12 for smooth paths). A jump inside a closure is
///   smoothed over one step; use a piecewise path for exact steps.
///
/// After the last breakpoint a piecewise path stays at its last value. Values are checked when
/// built (piecewise) or every time they are evaluated (closures): NaN, infinite or negative
/// hashrates are a [`SimError::InvalidHashrate`].
///
/// # Examples
///
/// ```
/// use minerscope::sim::HashratePath;
/// use minerscope::units::Hashrate;
///
/// let eh = |x: f64| Hashrate::from_ehs(x);
/// // 600 EH/s, dropping by 15 % after two weeks.
/// let path = HashratePath::steps(eh(600.0)?, &[(14.0 * 86_400.0, eh(510.0)?)])?;
/// assert_eq!(path.value_at(0.0)?, eh(600.0)?);
/// assert_eq!(path.value_at(15.0 * 86_400.0)?, eh(510.0)?);
///
/// // A ramp from 500 to 700 EH/s over 10 days starting on day 1.
/// let ramp = HashratePath::ramp(eh(500.0)?, eh(700.0)?, 86_400.0, 10.0 * 86_400.0)?;
/// assert!((ramp.value_at(6.0 * 86_400.0)?.to_ehs() - 600.0).abs() < 1e-9);
///
/// // Any closure of time: a daily curtailment cycle.
/// let daily = HashratePath::from_fn(|t| {
///     600e18 * (1.0 - 0.05 * (t / 86_400.0 * std::f64::consts::TAU).sin())
/// });
/// assert!(daily.value_at(0.0)?.to_ehs() > 599.0);
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct HashratePath {
    kind: PathKind,
}

#[derive(Clone)]
pub(crate) enum PathKind {
    Piecewise(Piecewise),
    Closure(HashrateFn),
}

impl fmt::Debug for HashratePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            PathKind::Piecewise(p) => {
                f.debug_tuple("HashratePath::Piecewise").field(&p.segs).finish()
            }
            PathKind::Closure(_) => f.write_str("HashratePath::Closure(..)"),
        }
    }
}

/// One linear piece: `h(t) = h0 + slope·(t − start)` from `start` to the next piece's start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Segment {
    start: f64,
    h0: f64,
    slope: f64,
}

impl Segment {
    fn at(&self, t: f64) -> f64 {
        if self.slope == 0.0 {
            // Exactly what the formula gives for finite `t`, and `h0` (not NaN) at t = ±∞.
            return self.h0;
        }
        // Clamped so rounding at the top of the f64 range cannot make a valid path infinite.
        (self.h0 + self.slope * (t - self.start)).clamp(0.0, f64::MAX)
    }
}

/// Contiguous linear pieces; the first starts at 0, the last has slope 0 and never ends.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Piecewise {
    segs: Vec<Segment>,
}

fn check_time(index: usize, t: f64, prev: f64) -> Result<(), SimError> {
    if !t.is_finite() || t < 0.0 || t < prev {
        return Err(SimError::InvalidBreakpoint { index, time_secs: t });
    }
    Ok(())
}

impl HashratePath {
    /// A constant hashrate.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::HashratePath;
    /// use minerscope::units::Hashrate;
    ///
    /// let p = HashratePath::constant(Hashrate::from_ehs(600.0)?);
    /// assert_eq!(p.value_at(1e6)?.to_ehs(), 600.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn constant(h: Hashrate) -> Self {
        let segs = vec![Segment { start: 0.0, h0: h.to_hs(), slope: 0.0 }];
        HashratePath { kind: PathKind::Piecewise(Piecewise { segs }) }
    }

    /// Linear interpolation between breakpoints `(seconds, hashrate)`.
    ///
    /// Before the first breakpoint the path holds the first value, after the last it holds
    /// the last value. Two breakpoints at the same time make a jump (a step).
    ///
    /// # Errors
    ///
    /// [`SimError::EmptyPath`] for no breakpoints, [`SimError::InvalidBreakpoint`] for a time
    /// that is NaN, infinite, negative or earlier than the one before it.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::HashratePath;
    /// use minerscope::units::Hashrate;
    ///
    /// let eh = |x: f64| Hashrate::from_ehs(x);
    /// let p = HashratePath::piecewise_linear(&[
    ///     (0.0, eh(600.0)?),
    ///     (1000.0, eh(400.0)?),
    ///     (1000.0, eh(700.0)?),
    /// ])?;
    /// assert_eq!(p.value_at(500.0)?.to_ehs(), 500.0);
    /// assert_eq!(p.value_at(1000.0)?.to_ehs(), 700.0); // right-continuous at the jump
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn piecewise_linear(breakpoints: &[(f64, Hashrate)]) -> Result<Self, SimError> {
        let (&(t0, h0), _) = breakpoints.split_first().ok_or(SimError::EmptyPath)?;
        let mut prev = 0.0;
        for (i, &(t, _)) in breakpoints.iter().enumerate() {
            check_time(i, t, prev)?;
            prev = t;
        }
        let mut segs = Vec::with_capacity(breakpoints.len() + 1);
        if t0 > 0.0 {
            segs.push(Segment { start: 0.0, h0: h0.to_hs(), slope: 0.0 });
        }
        for pair in breakpoints.windows(2) {
            if let [(ta, ha), (tb, hb)] = pair
                && tb > ta
            {
                // A slope too steep for f64 (near-`f64::MAX` hashrates over a short
                // interval) becomes a hold at `ha` and a jump at `tb`.
                let slope = (hb.to_hs() - ha.to_hs()) / (tb - ta);
                let slope = if slope.is_finite() { slope } else { 0.0 };
                segs.push(Segment { start: *ta, h0: ha.to_hs(), slope });
            }
        }
        if let Some(&(tl, hl)) = breakpoints.last() {
            segs.push(Segment { start: tl, h0: hl.to_hs(), slope: 0.0 });
        }
        Ok(HashratePath { kind: PathKind::Piecewise(Piecewise { segs }) })
    }

    /// Steps: `initial` from time 0, then each `(seconds, hashrate)` from its time on.
    ///
    /// # Errors
    ///
    /// [`SimError::InvalidBreakpoint`] for a step time that is NaN, infinite, negative or
    /// earlier than the step before it.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::HashratePath;
    /// use minerscope::units::Hashrate;
    ///
    /// let eh = |x: f64| Hashrate::from_ehs(x);
    /// let p = HashratePath::steps(eh(600.0)?, &[(100.0, eh(300.0)?), (200.0, eh(900.0)?)])?;
    /// assert_eq!(p.value_at(99.0)?.to_ehs(), 600.0);
    /// assert_eq!(p.value_at(150.0)?.to_ehs(), 300.0);
    /// assert_eq!(p.value_at(250.0)?.to_ehs(), 900.0);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn steps(initial: Hashrate, steps: &[(f64, Hashrate)]) -> Result<Self, SimError> {
        let mut knots = Vec::with_capacity(2 * steps.len() + 1);
        knots.push((0.0, initial));
        let mut level = initial;
        let mut prev = 0.0;
        for (i, &(t, h)) in steps.iter().enumerate() {
            check_time(i, t, prev)?;
            prev = t;
            knots.push((t, level));
            knots.push((t, h));
            level = h;
        }
        Self::piecewise_linear(&knots)
    }

    /// A linear ramp from `from` to `to`, starting at `start_secs` and lasting `duration_secs`;
    /// constant before and after.
    ///
    /// # Errors
    ///
    /// [`SimError::InvalidBreakpoint`] for a bad start time, [`SimError::InvalidRampDuration`]
    /// for a duration that is not finite and positive.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::HashratePath;
    /// use minerscope::units::Hashrate;
    ///
    /// let p = HashratePath::ramp(
    ///     Hashrate::from_ehs(500.0)?,
    ///     Hashrate::from_ehs(600.0)?,
    ///     0.0,
    ///     100.0,
    /// )?;
    /// assert!((p.value_at(25.0)?.to_ehs() - 525.0).abs() < 1e-9);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn ramp(
        from: Hashrate,
        to: Hashrate,
        start_secs: f64,
        duration_secs: f64,
    ) -> Result<Self, SimError> {
        check_time(0, start_secs, 0.0)?;
        if !(duration_secs.is_finite() && duration_secs > 0.0) {
            return Err(SimError::InvalidRampDuration { duration_secs });
        }
        let end = start_secs + duration_secs;
        check_time(1, end, start_secs)?;
        Self::piecewise_linear(&[(0.0, from), (start_secs, from), (end, to)])
    }

    /// Any function of time (seconds since the scenario start) returning H/s.
    ///
    /// The closure must be deterministic for the seed guarantee to hold. Its values are
    /// checked at every evaluation; a NaN, infinite or negative value stops the run with
    /// [`SimError::InvalidHashrate`].
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::HashratePath;
    ///
    /// let p = HashratePath::from_fn(|t| 600e18 + 1e12 * t);
    /// assert_eq!(p.value_at(1e6)?.to_hs(), 600e18 + 1e18);
    /// assert!(HashratePath::from_fn(|_| f64::NAN).value_at(0.0).is_err());
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn from_fn<F>(f: F) -> Self
    where
        F: Fn(f64) -> f64 + Send + Sync + 'static,
    {
        HashratePath { kind: PathKind::Closure(Arc::new(f)) }
    }

    /// The hashrate at `t` seconds since the start (right-continuous at jumps). Before the
    /// start (`t < 0`) a piecewise path holds its value at `t = 0`.
    ///
    /// # Errors
    ///
    /// [`SimError::InvalidHashrate`] if a closure path returns NaN, infinity or a negative
    /// value, or `t` is NaN.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::HashratePath;
    /// use minerscope::units::Hashrate;
    ///
    /// let eh = |x: f64| Hashrate::from_ehs(x).unwrap();
    /// // A step down at one day; right-continuous: the new value holds at the step itself.
    /// let path = HashratePath::steps(eh(600.0), &[(86_400.0, eh(500.0))])?;
    /// assert_eq!(path.value_at(86_399.0)?, eh(600.0));
    /// assert_eq!(path.value_at(86_400.0)?, eh(500.0));
    /// assert!(path.value_at(f64::NAN).is_err());
    /// # Ok::<_, minerscope::sim::SimError>(())
    /// ```
    pub fn value_at(&self, t: f64) -> Result<Hashrate, SimError> {
        let v = self.hs_at(t)?;
        Hashrate::from_hs(v).map_err(|_| SimError::InvalidHashrate { value: v, time_secs: t })
    }

    /// Whether this path is inverted exactly (piecewise linear) rather than numerically.
    ///
    /// # Examples
    ///
    /// ```
    /// use minerscope::sim::HashratePath;
    /// use minerscope::units::Hashrate;
    ///
    /// assert!(HashratePath::constant(Hashrate::from_ehs(600.0).unwrap()).is_exact());
    /// assert!(!HashratePath::from_fn(|t| 6e20 + t).is_exact());
    /// ```
    pub fn is_exact(&self) -> bool {
        matches!(self.kind, PathKind::Piecewise(_))
    }

    #[cfg(test)]
    pub(crate) fn kind(&self) -> &PathKind {
        &self.kind
    }

    pub(crate) fn hs_at(&self, t: f64) -> Result<f64, SimError> {
        let v = match &self.kind {
            PathKind::Piecewise(p) => p.at(t),
            PathKind::Closure(f) => f(t),
        };
        if v.is_finite() && v >= 0.0 && !t.is_nan() {
            Ok(v)
        } else {
            Err(SimError::InvalidHashrate { value: v, time_secs: t })
        }
    }

    /// The path multiplied by a non-negative constant (a pool's share of the network).
    pub(crate) fn scaled(&self, c: f64) -> Self {
        let kind = match &self.kind {
            PathKind::Piecewise(p) => PathKind::Piecewise(Piecewise {
                segs: p
                    .segs
                    .iter()
                    .map(|s| Segment { start: s.start, h0: s.h0 * c, slope: s.slope * c })
                    .collect(),
            }),
            PathKind::Closure(f) => {
                let f = Arc::clone(f);
                PathKind::Closure(Arc::new(move |t| c * f(t)))
            }
        };
        HashratePath { kind }
    }

    /// The pointwise sum of paths (the network hashrate of a pool mix). Piecewise-linear inputs
    /// give a piecewise-linear sum, so exactness is kept.
    pub(crate) fn sum(paths: &[HashratePath]) -> Self {
        let pieces: Option<Vec<&Piecewise>> = paths
            .iter()
            .map(|p| match &p.kind {
                PathKind::Piecewise(pw) => Some(pw),
                PathKind::Closure(_) => None,
            })
            .collect();
        if let Some(pieces) = pieces {
            let mut starts: Vec<f64> =
                pieces.iter().flat_map(|p| p.segs.iter().map(|s| s.start)).collect();
            starts.sort_by(f64::total_cmp);
            starts.dedup();
            if starts.is_empty() {
                starts.push(0.0);
            }
            let segs = starts
                .iter()
                .map(|&s| {
                    let (h0, slope) = pieces.iter().fold((0.0, 0.0), |(h, k), p| {
                        let seg = p.segment_at(s);
                        (h + seg.map_or(0.0, |g| g.at(s)), k + seg.map_or(0.0, |g| g.slope))
                    });
                    Segment { start: s, h0, slope }
                })
                .collect();
            return HashratePath { kind: PathKind::Piecewise(Piecewise { segs }) };
        }
        let parts: Vec<HashratePath> = paths.to_vec();
        HashratePath {
            kind: PathKind::Closure(Arc::new(move |t| {
                parts.iter().map(|p| p.hs_at(t).unwrap_or(f64::NAN)).sum()
            })),
        }
    }
}

impl Piecewise {
    fn segment_index(&self, t: f64) -> usize {
        self.segs.partition_point(|s| s.start <= t).saturating_sub(1)
    }

    fn segment_at(&self, t: f64) -> Option<&Segment> {
        self.segs.get(self.segment_index(t))
    }

    fn at(&self, t: f64) -> f64 {
        // Before the first piece (t < 0) the path holds its initial value rather than
        // extrapolating the first piece backwards.
        let t = self.segs.first().map_or(t, |first| t.max(first.start));
        self.segment_at(t).map_or(0.0, |s| s.at(t))
    }

    /// The time `t ≥ t0` at which `∫_{t0}^{t} h = need`, solved in closed form on each piece.
    /// `cursor` is the index of the piece containing `t0`; it is advanced for the next call.
    /// `Err(time)` if the hashrate is zero forever from `time` on.
    pub(crate) fn solve(&self, cursor: &mut usize, t0: f64, need: f64) -> Result<f64, f64> {
        let mut need = need;
        let mut t = t0;
        // Re-synchronise the cursor (cheap: it only ever moves forward by a few pieces).
        while self.segs.get(*cursor + 1).is_some_and(|s| s.start <= t) {
            *cursor += 1;
        }
        loop {
            let Some(seg) = self.segs.get(*cursor) else { return Err(t) };
            if need <= 0.0 {
                return Ok(t);
            }
            let h = seg.at(t);
            let Some(end) = self.segs.get(*cursor + 1).map(|s| s.start) else {
                // Last piece: constant for ever.
                return if h > 0.0 { Ok(t + need / h) } else { Err(t) };
            };
            let h_end = seg.at(end);
            let area = 0.5 * (h + h_end) * (end - t);
            if area >= need {
                // h·x + slope·x²/2 = need, in the cancellation-free form.
                let disc = (h * h + 2.0 * seg.slope * need).max(0.0);
                let x = 2.0 * need / (h + disc.sqrt());
                return Ok((t + x).min(end));
            }
            need -= area;
            t = end;
            *cursor += 1;
        }
    }
}

/// State of an inversion in progress: which piece the last block fell in.
#[derive(Debug, Clone, Default)]
pub(crate) struct PathCursor {
    piece: usize,
}

impl HashratePath {
    /// The time `t ≥ t0` at which the integrated hashrate from `t0` reaches `need` hashes.
    pub(crate) fn solve(
        &self,
        cursor: &mut PathCursor,
        t0: f64,
        need: f64,
        t_max: f64,
        height: u32,
    ) -> Result<f64, SimError> {
        match &self.kind {
            PathKind::Piecewise(p) => p
                .solve(&mut cursor.piece, t0, need)
                .map_err(|time_secs| SimError::Stalled { height, time_secs }),
            PathKind::Closure(f) => solve_closure(f.as_ref(), t0, need, t_max, height),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eh(x: f64) -> Hashrate {
        Hashrate::from_ehs(x).unwrap()
    }

    /// Exact integral of a piecewise path over [a, b]: one trapezoid per linear piece.
    fn integral(p: &Piecewise, a: f64, b: f64) -> f64 {
        let mut acc = 0.0;
        for (i, seg) in p.segs.iter().enumerate() {
            let end = p.segs.get(i + 1).map_or(f64::INFINITY, |s| s.start);
            let (lo, hi) = (seg.start.max(a), end.min(b));
            if hi > lo {
                acc += 0.5 * (seg.at(lo) + seg.at(hi)) * (hi - lo);
            }
        }
        acc
    }

    #[test]
    fn closed_form_inversion_matches_integral() {
        let p = HashratePath::piecewise_linear(&[
            (0.0, eh(600.0)),
            (1000.0, eh(300.0)),
            (1000.0, eh(900.0)),
            (3000.0, eh(100.0)),
        ])
        .unwrap();
        let PathKind::Piecewise(pw) = p.kind() else { panic!() };
        for (t0, need) in [(0.0, 1e23), (10.0, 5e23), (900.0, 7e23), (2500.0, 3e22)] {
            let mut c = 0;
            let t = pw.solve(&mut c, t0, need).unwrap();
            let got = integral(pw, t0, t);
            assert!((got / need - 1.0).abs() < 1e-12, "{t0} {need} {t} {got}");
        }
    }

    #[test]
    fn zero_tail_stalls() {
        let p = HashratePath::steps(eh(1.0), &[(10.0, Hashrate::ZERO)]).unwrap();
        let PathKind::Piecewise(pw) = p.kind() else { panic!() };
        assert_eq!(pw.solve(&mut 0, 0.0, 1e30), Err(10.0));
    }

    #[test]
    fn sum_of_piecewise_is_pointwise_sum() {
        let a = HashratePath::ramp(eh(100.0), eh(200.0), 50.0, 100.0).unwrap();
        let b = HashratePath::steps(eh(300.0), &[(120.0, eh(10.0))]).unwrap();
        let s = HashratePath::sum(&[a.clone(), b.clone()]);
        assert!(s.is_exact());
        for t in [0.0, 50.0, 75.0, 119.9, 120.0, 149.0, 150.0, 1e6] {
            let want = a.hs_at(t).unwrap() + b.hs_at(t).unwrap();
            assert!((s.hs_at(t).unwrap() / want - 1.0).abs() < 1e-12, "{t}");
        }
    }

    #[test]
    fn bad_breakpoints_are_errors() {
        assert_eq!(HashratePath::piecewise_linear(&[]).unwrap_err(), SimError::EmptyPath);
        assert!(matches!(
            HashratePath::steps(eh(1.0), &[(5.0, eh(1.0)), (4.0, eh(1.0))]),
            Err(SimError::InvalidBreakpoint { index: 1, .. })
        ));
        assert!(HashratePath::steps(eh(1.0), &[(f64::NAN, eh(1.0))]).is_err());
        assert!(HashratePath::ramp(eh(1.0), eh(2.0), 0.0, 0.0).is_err());
    }
}
