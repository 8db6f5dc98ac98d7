//! The fast path of tag search: a bigram filter over the raw scriptSig.
//!
//! Coinbase scriptSigs are short (at most 100 bytes by consensus) and mostly random extranonce.
//! Every position's two bytes index a 65 536-bit set holding the first two bytes of every tag in
//! all ASCII case variants: one independent load and bit test per position from an 8 KiB table,
//! with no case-folding pass and no serial state chain as in an automaton. Only the rare hits
//! (tag starts, and about 1 % of random positions) are verified, ASCII-case-insensitively,
//! against the tags beginning with that bigram. The result is exactly that of an overlapping
//! search for every tag (property-tested against the Aho–Corasick automaton).

const BITS: usize = 1 << 16;
/// Second-level buckets by folded bigram >> 4: 4096 × u32 = 16 KiB.
const BUCKET_SHIFT: usize = 4;
const BUCKETS: usize = BITS >> BUCKET_SHIFT;

fn bigram(a: u8, b: u8) -> usize {
    usize::from(a) | usize::from(b) << 8
}

fn case_variants(x: u8) -> [u8; 2] {
    [x.to_ascii_lowercase(), x.to_ascii_uppercase()]
}

/// Tags indexed by their first two bytes.
#[derive(Debug, Clone)]
pub(crate) struct GramFilter {
    bits: Box<[u64; BITS / 64]>,
    /// `(folded bigram, pattern index)`, sorted.
    heads: Vec<(u32, u32)>,
    /// `heads[starts[b]..starts[b + 1]]` holds the entries of bucket `b`.
    starts: Vec<u32>,
    /// Patterns, by pattern index.
    patterns: Vec<Box<[u8]>>,
}

impl GramFilter {
    /// Builds the filter, or `None` if some tag is shorter than 2 bytes (then the automaton is
    /// used for everything).
    pub(crate) fn new<'a>(tags: impl IntoIterator<Item = &'a [u8]>) -> Option<Self> {
        let mut bits = Box::new([0u64; BITS / 64]);
        let mut heads = Vec::new();
        let mut patterns = Vec::new();
        for (i, t) in tags.into_iter().enumerate() {
            let &[a, b, ..] = t else { return None };
            for x in case_variants(a) {
                for y in case_variants(b) {
                    let g = bigram(x, y);
                    if let Some(w) = bits.get_mut(g >> 6) {
                        *w |= 1 << (g & 63);
                    }
                }
            }
            let folded = bigram(a.to_ascii_lowercase(), b.to_ascii_lowercase());
            heads.push((u32::try_from(folded).ok()?, u32::try_from(i).ok()?));
            patterns.push(t.into());
        }
        heads.sort_unstable();
        let mut starts = Vec::with_capacity(BUCKETS + 1);
        for b in 0..=BUCKETS {
            let at = heads.partition_point(|&(g, _)| (g as usize >> BUCKET_SHIFT) < b);
            starts.push(u32::try_from(at).ok()?);
        }
        Some(GramFilter { bits, heads, starts, patterns })
    }

    /// Calls `found(pattern, offset)` for every occurrence of every tag in `sig`.
    #[inline]
    pub(crate) fn for_each_match(&self, sig: &[u8], mut found: impl FnMut(u32, usize)) {
        for (i, w) in sig.windows(2).enumerate() {
            let &[a, b] = w else { continue };
            let g = bigram(a, b);
            let hit = self.bits.get(g >> 6).is_some_and(|w| (w >> (g & 63)) & 1 == 1);
            if hit {
                self.verify(
                    sig,
                    i,
                    bigram(a.to_ascii_lowercase(), b.to_ascii_lowercase()),
                    &mut found,
                );
            }
        }
    }

    #[inline(never)]
    fn verify(&self, sig: &[u8], i: usize, folded: usize, found: &mut impl FnMut(u32, usize)) {
        let b = folded >> BUCKET_SHIFT;
        let (Some(&lo), Some(&hi)) = (self.starts.get(b), self.starts.get(b + 1)) else { return };
        for &(g, p) in self.heads.get(lo as usize..hi as usize).unwrap_or_default() {
            if g as usize != folded {
                continue;
            }
            let Some(pat) = self.patterns.get(p as usize) else { continue };
            if sig.get(i..i + pat.len()).is_some_and(|w| w.eq_ignore_ascii_case(pat)) {
                found(p, i);
            }
        }
    }
}
