//! The fast path of tag search: a 3-gram filter over the case-folded scriptSig.
//!
//! Coinbase scriptSigs are at most 100 bytes, mostly random extranonce. The scriptSig is
//! case-folded (ASCII only) into a stack buffer; at every position its 3-byte gram is hashed into
//! a 65 536-bit set holding the first grams of all tags. The probes are independent loads from an
//! 8 KiB table (no serial state chain as in an automaton), and only the rare hits (true tag starts
//! and ~0.4 % false positives) are verified against the tags beginning with that gram. The
//! result is exactly that of an overlapping search for every tag (tested against the automaton).

/// Longest scriptSig handled by the fast path; longer ones go to the automaton.
pub(crate) const MAX_FAST_LEN: usize = 128;

const BITS: usize = 1 << 16;

/// Buckets of the second-level table (slot >> 4): 4096 × u16 = 8 KiB.
const BUCKET_SHIFT: usize = 4;
const BUCKETS: usize = BITS >> BUCKET_SHIFT;

fn gram(a: u8, b: u8, c: u8) -> u32 {
    u32::from(a) | u32::from(b) << 8 | u32::from(c) << 16
}

fn slot(g: u32) -> usize {
    (g.wrapping_mul(0x9e37_79b1) >> 16) as usize
}

/// Tags indexed by their first three case-folded bytes.
#[derive(Debug, Clone)]
pub(crate) struct GramFilter {
    bits: Box<[u64; BITS / 64]>,
    /// `(slot, first gram, pattern index)`, sorted by slot.
    heads: Vec<(u32, u32, u32)>,
    /// `heads[starts[b]..starts[b + 1]]` holds the entries of bucket `b`.
    starts: Vec<u32>,
    /// Case-folded patterns, by pattern index.
    patterns: Vec<Box<[u8]>>,
}

impl GramFilter {
    /// Builds the filter, or `None` if some tag is shorter than 3 bytes (then the automaton is
    /// used for everything).
    pub(crate) fn new<'a>(tags: impl IntoIterator<Item = &'a [u8]>) -> Option<Self> {
        let mut bits = Box::new([0u64; BITS / 64]);
        let mut heads = Vec::new();
        let mut patterns = Vec::new();
        for (i, t) in tags.into_iter().enumerate() {
            let folded: Box<[u8]> = t.iter().map(|&b| b.to_ascii_lowercase()).collect();
            let &[a, b, c, ..] = &*folded else { return None };
            let g = gram(a, b, c);
            let s = slot(g);
            if let Some(w) = bits.get_mut(s / 64) {
                *w |= 1 << (s % 64);
            }
            heads.push((u32::try_from(s).ok()?, g, u32::try_from(i).ok()?));
            patterns.push(folded);
        }
        heads.sort_unstable();
        let mut starts = Vec::with_capacity(BUCKETS + 1);
        for b in 0..=BUCKETS {
            let at = heads.partition_point(|&(s, _, _)| (s as usize >> BUCKET_SHIFT) < b);
            starts.push(u32::try_from(at).ok()?);
        }
        Some(GramFilter { bits, heads, starts, patterns })
    }

    /// Calls `found(pattern, offset)` for every occurrence of every tag in `sig`
    /// (`sig.len() <= MAX_FAST_LEN`, else nothing is reported).
    #[inline]
    pub(crate) fn for_each_match(&self, sig: &[u8], mut found: impl FnMut(u32, usize)) {
        // Three spare zero bytes let every position read a whole 4-byte word.
        let mut buf = [0u8; MAX_FAST_LEN + 3];
        if sig.len() > MAX_FAST_LEN {
            return;
        }
        for (d, &s) in buf.iter_mut().zip(sig) {
            *d = s.to_ascii_lowercase();
        }
        let positions = sig.len().saturating_sub(2);
        for (i, w) in buf.windows(4).take(positions).enumerate() {
            let Ok(word) = <[u8; 4]>::try_from(w) else { break };
            let g = u32::from_le_bytes(word) & 0x00ff_ffff;
            let s = slot(g);
            let hit = self.bits.get(s >> 6).is_some_and(|w| (w >> (s & 63)) & 1 == 1);
            if hit {
                let folded = buf.get(..sig.len()).unwrap_or_default();
                self.verify(folded, i, s, g, &mut found);
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn verify(
        &self,
        folded: &[u8],
        i: usize,
        s: usize,
        g: u32,
        found: &mut impl FnMut(u32, usize),
    ) {
        let b = s >> BUCKET_SHIFT;
        let (Some(&lo), Some(&hi)) = (self.starts.get(b), self.starts.get(b + 1)) else { return };
        for &(_, h, p) in self.heads.get(lo as usize..hi as usize).unwrap_or_default() {
            if h != g {
                continue;
            }
            let Some(pat) = self.patterns.get(p as usize) else { continue };
            if folded.get(i..i + pat.len()) == Some(&**pat) {
                found(p, i);
            }
        }
    }
}
