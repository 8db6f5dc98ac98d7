//! A small value-stable random number generator: xoshiro256++ seeded through SplitMix64.
//!
//! `rand`'s `StdRng` is not documented as value-stable across releases, and the simulator
//! promises the same chain for the same seed on every platform and every release. Both
//! generators here are the public-domain reference algorithms of Blackman & Vigna
//! (<https://prng.di.unimi.it/>), pinned by reference vectors in the tests below.
//!
//! Variates are drawn by inversion (exponential) or the Marsaglia polar method (normal), which
//! use only `ln` and `sqrt`. `sqrt` is correctly rounded everywhere; `ln` comes from the
//! platform's libm and may differ in the last bit between platforms, so `f64` outputs are
//! stable to about 1e-15 relative, and integer outputs (header times, hashes, bits) are
//! identical unless such a last-bit difference lands exactly on a rounding boundary.

/// SplitMix64 (Steele, Lea & Flood 2014; Vigna's `splitmix64.c`), used to expand a `u64` seed
/// into generator states.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// xoshiro256++ 1.0 (Blackman & Vigna 2019), period 2^256 − 1.
#[derive(Debug, Clone)]
pub(crate) struct SimRng {
    s: [u64; 4],
}

impl SimRng {
    /// A generator for one independent stream of a scenario: the stream id is mixed into the
    /// seed, then SplitMix64 fills the state (never all zero: SplitMix64 is a bijection of a
    /// counter, so four consecutive outputs cannot all be zero).
    pub(crate) fn stream(seed: u64, stream: u64) -> Self {
        let mut sm = SplitMix64::new(seed ^ stream.wrapping_mul(0xd1b5_4a32_d192_ed03));
        let s = [sm.next_u64(), sm.next_u64(), sm.next_u64(), sm.next_u64()];
        SimRng { s }
    }

    #[cfg(test)]
    fn from_state(s: [u64; 4]) -> Self {
        SimRng { s }
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        let [s0, s1, s2, s3] = self.s;
        let result = s0.wrapping_add(s3).rotate_left(23).wrapping_add(s0);
        let t = s1 << 17;
        let mut s = [s0, s1, s2 ^ s0, s3 ^ s1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        self.s = s;
        result
    }

    /// Uniform on [0, 1) with 53 random bits.
    pub(crate) fn uniform(&mut self) -> f64 {
        // Exact: a 53-bit integer times 2^-53.
        (self.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Uniform on (0, 1].
    pub(crate) fn uniform_open0(&mut self) -> f64 {
        1.0 - self.uniform()
    }

    /// Exp(1) by inversion: `−ln U` with `U` on (0, 1], so the draw is finite and ≥ 0.
    pub(crate) fn exp1(&mut self) -> f64 {
        -self.uniform_open0().ln()
    }

    /// N(0, 1) by the Marsaglia polar method (one value per accepted pair; the other is
    /// discarded so the stream position does not depend on hidden state).
    pub(crate) fn std_normal(&mut self) -> f64 {
        loop {
            let x = 2.0 * self.uniform() - 1.0;
            let y = 2.0 * self.uniform() - 1.0;
            let s = x * x + y * y;
            if s > 0.0 && s < 1.0 {
                return x * (-2.0 * s.ln() / s).sqrt();
            }
        }
    }

    /// Fills `out` with random bytes.
    pub(crate) fn fill_bytes(&mut self, out: &mut [u8]) {
        for chunk in out.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(bytes.get(..chunk.len()).unwrap_or(&[]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_reference_vector() {
        // Vigna's splitmix64.c with x = 0: the widely published first outputs.
        let mut sm = SplitMix64::new(0);
        assert_eq!(sm.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(sm.next_u64(), 0x6e78_9e6a_a1b9_65f4);
        assert_eq!(sm.next_u64(), 0x06c4_5d18_8009_454f);
    }

    #[test]
    fn xoshiro256plusplus_reference_vector() {
        // State [0, 0, 0, 1]; values from the reference C code (xoshiro256plusplus.c), as
        // tabulated in DSCF-1224/xoshiro-fortran test/README.md.
        let mut r = SimRng::from_state([0, 0, 0, 1]);
        let expected = [
            0x0000_0000_0080_0000u64,
            0x0000_0000_0080_0011,
            0x0002_2000_0080_0011,
            0x0002_2000_4400_0020,
            0x0002_2000_4480_08a1,
            0x0110_2100_8022_08a0,
            0x0114_0022_8420_0880,
            0x0402_8966_44a6_4095,
            0x8a14_a0a2_44ac_c891,
            0x8c88_ba46_80b2_0495,
        ];
        for e in expected {
            assert_eq!(r.next_u64(), e);
        }
    }

    #[test]
    fn variates_in_range_and_moments_plausible() {
        let mut r = SimRng::stream(7, 1);
        let n = 200_000;
        let (mut se, mut sn, mut sn2) = (0.0, 0.0, 0.0);
        for _ in 0..n {
            let e = r.exp1();
            assert!(e.is_finite() && e >= 0.0);
            se += e;
            let z = r.std_normal();
            sn += z;
            sn2 += z * z;
        }
        let nf = f64::from(n);
        // s.e. of the mean is 1/sqrt(n) = 0.0022 for both; 5 s.e. tolerance.
        assert!((se / nf - 1.0).abs() < 0.012);
        assert!((sn / nf).abs() < 0.012);
        // s.e. of the sample variance of N(0,1) is sqrt(2/n) = 0.0032.
        assert!((sn2 / nf - 1.0).abs() < 0.016);
    }

    #[test]
    fn streams_differ() {
        let a = SimRng::stream(1, 0).next_u64();
        let b = SimRng::stream(1, 1).next_u64();
        let c = SimRng::stream(2, 0).next_u64();
        assert!(a != b && a != c && b != c);
    }
}
