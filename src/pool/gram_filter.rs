//! The fast path of tag search: a strided bigram filter over the raw scriptSig.
//!
//! Coinbase scriptSigs are short (at most 100 bytes by consensus) and mostly random extranonce.
//! With every tag at least `k + 1` bytes long (`k` = the stride, at most 3), only every `k`-th
//! position is probed: its two bytes index a 65 536-bit set (8 KiB) holding the bigrams at
//! offsets `0..k` of every tag in all ASCII case variants, so a tag starting anywhere in the `k`
//! positions up to the probe puts one of its bigrams under it. One independent load and bit test
//! per probe, no case-folding pass, no serial state chain as in an automaton. A hit (a tag, or a
//! few per cent of random probes) checks the `k` candidate starts against a second set of first
//! bigrams only, and verifies the survivors against the tags beginning there: one 8-byte load,
//! an OR with the tag's letter mask and a compare settle the first eight bytes
//! ASCII-case-insensitively and exactly; only longer tags compare the rest bytewise. The result
//! is exactly that of an overlapping search for every tag (property-tested against the
//! Aho–Corasick automaton).

const BITS: usize = 1 << 16;
/// Second-level buckets by folded bigram >> 4: 4096 × u32 = 16 KiB.
const BUCKET_SHIFT: usize = 4;
const BUCKETS: usize = BITS >> BUCKET_SHIFT;
/// The largest probe stride (more would fill the probe set with random hits).
const MAX_STRIDE: usize = 3;

type BitSet = [u64; BITS / 64];

fn set(bits: &mut BitSet, a: u8, b: u8) {
    for x in case_variants(a) {
        for y in case_variants(b) {
            let g = bigram(x, y);
            if let Some(w) = bits.get_mut(g >> 6) {
                *w |= 1 << (g & 63);
            }
        }
    }
}

/// `g >> 6 < 1024` for any bigram: the bounds check folds away.
#[inline]
fn test(bits: &BitSet, g: usize) -> bool {
    (bits.get(g >> 6).copied().unwrap_or(0) >> (g & 63)) & 1 == 1
}

fn bigram(a: u8, b: u8) -> usize {
    usize::from(a) | usize::from(b) << 8
}

fn case_variants(x: u8) -> [u8; 2] {
    [x.to_ascii_lowercase(), x.to_ascii_uppercase()]
}

/// Tags indexed by their first two bytes.
#[derive(Debug, Clone)]
pub(crate) struct GramFilter {
    /// Tags' bigrams at offsets `0..stride`, every case variant: the probe set.
    probe: Box<BitSet>,
    /// Tags' first bigrams, every case variant.
    bits: Box<BitSet>,
    /// Probe every `stride`-th position; `1 <= stride < ` the shortest tag's length.
    stride: usize,
    /// `(folded bigram, pattern index, first eight bytes)`, sorted by bigram then index.
    /// `(folded bigram, pattern index, bytes 0..8, bytes 8..16)`, sorted by bigram then index.
    heads: Vec<(u32, u32, Prefix, Prefix)>,
    /// `heads[starts[b]..starts[b + 1]]` holds the entries of bucket `b`.
    starts: Vec<u32>,
    /// Patterns, by pattern index.
    patterns: Vec<Box<[u8]>>,
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
        let tags: Vec<&[u8]> = tags.into_iter().collect();
        let min_len = tags.iter().map(|t| t.len()).min().unwrap_or(2);
        let stride = min_len.saturating_sub(1).clamp(1, MAX_STRIDE);
        let mut bits = Box::new([0u64; BITS / 64]);
        let mut probe = Box::new([0u64; BITS / 64]);
        let mut heads = Vec::new();
        let mut patterns = Vec::new();
        for (i, &t) in tags.iter().enumerate() {
            let &[a, b, ..] = t else { return None };
            set(&mut bits, a, b);
            for w in t.windows(2).take(stride) {
                if let &[x, y] = w {
                    set(&mut probe, x, y);
                }
            }
            let folded = bigram(a.to_ascii_lowercase(), b.to_ascii_lowercase());
            let second = Prefix::new(t.get(8..).unwrap_or_default());
            heads.push((
                u32::try_from(folded).ok()?,
                u32::try_from(i).ok()?,
                Prefix::new(t),
                second,
            ));
            patterns.push(t.into());
        }
        heads.sort_unstable_by_key(|&(g, p, _, _)| (g, p));
        let mut starts = Vec::with_capacity(BUCKETS + 1);
        for b in 0..=BUCKETS {
            let at = heads.partition_point(|&(g, _, _, _)| (g as usize >> BUCKET_SHIFT) < b);
            starts.push(u32::try_from(at).ok()?);
        }
        Some(GramFilter { probe, bits, stride, heads, starts, patterns })
    }

    /// Calls `found(pattern, offset)` for every occurrence of every tag in `sig`.
    #[inline]
    pub(crate) fn for_each_match(&self, sig: &[u8], mut found: impl FnMut(u32, usize)) {
        // Every start `s` is covered by exactly one probe: the first multiple of `stride` at or
        // after it, which lies inside the tag (`stride < ` every tag's length).
        let k = self.stride;
        let mut i = 0;
        while let Some(&[a, b]) = sig.get(i..i + 2) {
            if test(&self.probe, bigram(a, b)) {
                // The candidates' first-bigram tests without branches, then only the set bits.
                let base = i.saturating_sub(k - 1);
                let mut mask = 0u32;
                for (d, w) in sig.get(base..=i + 1).unwrap_or_default().windows(2).enumerate() {
                    if let &[x, y] = w {
                        mask |= u32::from(test(&self.bits, bigram(x, y))) << d;
                    }
                }
                while mask != 0 {
                    let s = base + mask.trailing_zeros() as usize;
                    mask &= mask - 1;
                    if let Some(&[x, y]) = sig.get(s..s + 2) {
                        self.verify(sig, s, bigram(x, y), &mut found);
                    }
                }
            }
            i += k;
        }
    }

    #[inline(never)]
    fn verify(&self, sig: &[u8], i: usize, g: usize, found: &mut impl FnMut(u32, usize)) {
        let folded = bigram((g as u8).to_ascii_lowercase(), ((g >> 8) as u8).to_ascii_lowercase());
        let b = folded >> BUCKET_SHIFT;
        let (Some(&lo), Some(&hi)) = (self.starts.get(b), self.starts.get(b + 1)) else { return };
        let w = window(sig, i);
        // A prefix match implies the bucket entry's bigram is `folded`: no separate test.
        // Tags of up to 16 bytes are settled by two masked compares (an empty second prefix
        // matches anything); only longer tags compare their rest bytewise.
        for &(_, p, first, second) in self.heads.get(lo as usize..hi as usize).unwrap_or_default() {
            if !first.matches(w) {
                continue;
            }
            let Some(pat) = self.patterns.get(p as usize) else { continue };
            let fits = i + pat.len() <= sig.len();
            let full = fits
                && second.matches(window(sig, i + 8))
                && pat.get(16..).is_none_or(|tail| {
                    sig.get(i + 16..i + pat.len()).is_some_and(|r| r.eq_ignore_ascii_case(tail))
                });
            if full {
                found(p, i);
            }
        }
    }
}
