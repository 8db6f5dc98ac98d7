//! The fast path of tag search: a bigram filter over the raw scriptSig.
//!
//! Coinbase scriptSigs are short (at most 100 bytes by consensus) and mostly random extranonce.
//! Every position's two bytes index a 65 536-bit set holding the first two bytes of every tag in
//! all ASCII case variants: one independent load and bit test per position from an 8 KiB table,
//! with no case-folding pass and no serial state chain as in an automaton. Only the rare hits
//! (tag starts, and about 1 % of random positions) are verified against the tags beginning with
//! that bigram: one 8-byte load, an OR with the tag's letter mask and a compare settle the first
//! eight bytes ASCII-case-insensitively and exactly; only longer tags compare the rest bytewise. The result is exactly that of an overlapping
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
    /// The first eight bytes of each pattern as a [`Prefix`], by pattern index.
    prefixes: Vec<Prefix>,
}

/// The first (up to) eight bytes of a tag, for a branch-free case-insensitive compare of a
/// little-endian 8-byte window `w`: `(w | letters) & keep == lower`.
///
/// `letters` has `0x20` in every byte where the tag holds an ASCII letter, so OR-ing it maps
/// `A..Z` onto `a..z` there (and only `a`/`A` can then equal `lower`'s `a`); elsewhere bytes are
/// compared exactly; `keep` drops the bytes beyond a tag shorter than eight bytes.
#[derive(Debug, Clone, Copy)]
struct Prefix {
    letters: u64,
    keep: u64,
    lower: u64,
}

impl Prefix {
    fn new(tag: &[u8]) -> Self {
        let (mut letters, mut keep, mut lower) = ([0u8; 8], [0u8; 8], [0u8; 8]);
        for (k, &b) in tag.iter().take(8).enumerate() {
            if let (Some(l), Some(m), Some(v)) =
                (letters.get_mut(k), keep.get_mut(k), lower.get_mut(k))
            {
                *l = if b.is_ascii_alphabetic() { 0x20 } else { 0 };
                *m = 0xff;
                *v = b.to_ascii_lowercase();
            }
        }
        Prefix {
            letters: u64::from_le_bytes(letters),
            keep: u64::from_le_bytes(keep),
            lower: u64::from_le_bytes(lower),
        }
    }

    #[inline]
    fn matches(self, window: u64) -> bool {
        (window | self.letters) & self.keep == self.lower
    }
}

/// The eight bytes of `sig` from `i` as a little-endian word, zero-padded past the end.
#[inline]
fn window(sig: &[u8], i: usize) -> u64 {
    match sig.get(i..i + 8) {
        Some(w) => {
            let mut a = [0u8; 8];
            a.copy_from_slice(w);
            u64::from_le_bytes(a)
        }
        None => {
            let mut a = [0u8; 8];
            let tail = sig.get(i..).unwrap_or_default();
            for (d, &s) in a.iter_mut().zip(tail) {
                *d = s;
            }
            u64::from_le_bytes(a)
        }
    }
}

impl GramFilter {
    /// Builds the filter, or `None` if some tag is shorter than 2 bytes (then the automaton is
    /// used for everything).
    pub(crate) fn new<'a>(tags: impl IntoIterator<Item = &'a [u8]>) -> Option<Self> {
        let mut bits = Box::new([0u64; BITS / 64]);
        let mut heads = Vec::new();
        let mut patterns = Vec::new();
        let mut prefixes = Vec::new();
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
            prefixes.push(Prefix::new(t));
        }
        heads.sort_unstable();
        let mut starts = Vec::with_capacity(BUCKETS + 1);
        for b in 0..=BUCKETS {
            let at = heads.partition_point(|&(g, _)| (g as usize >> BUCKET_SHIFT) < b);
            starts.push(u32::try_from(at).ok()?);
        }
        Some(GramFilter { bits, heads, starts, patterns, prefixes })
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
        let w = window(sig, i);
        for &(g, p) in self.heads.get(lo as usize..hi as usize).unwrap_or_default() {
            if g as usize != folded {
                continue;
            }
            let Some(prefix) = self.prefixes.get(p as usize) else { continue };
            if !prefix.matches(w) {
                continue;
            }
            let Some(pat) = self.patterns.get(p as usize) else { continue };
            let full = match (sig.get(i + 8..i + pat.len()), pat.get(8..)) {
                (_, None) => pat.len() <= 8 && i + pat.len() <= sig.len(),
                (Some(rest), Some(tail)) => rest.eq_ignore_ascii_case(tail),
                (None, Some(_)) => false,
            };
            if full {
                found(p, i);
            }
        }
    }
}
