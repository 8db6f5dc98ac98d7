//! The fast path of tag search: a strided bigram filter over the lower-cased scriptSig.
//!
//! Coinbase scriptSigs are short (at most 100 bytes by consensus) and mostly random extranonce.
//! The scriptSig is first ASCII-lower-cased into a zero-padded stack buffer, 16 bytes at a time
//! by a branch-free loop the compiler vectorises, with whole 16-byte stores only (the last one
//! overlapping the one before), so later 8-byte loads are forwarded from the stores; from then
//! on every compare is exact and every 8-byte window is one load. With every tag at least
//! `k + 1` bytes long (`k` = the stride, at most 3), only every `k`-th position is probed: its
//! two bytes index a 65 536-bit set (8 KiB) holding the lower-cased bigrams at offsets `0..k` of
//! every tag, so a tag starting anywhere in the `k` positions up to the probe puts one of its
//! bigrams under it. Three probes share one 8-byte load, and all probe results are gathered
//! into one `u64` without branches. Each hit (a tag, or a probe inside a tag or in random bytes
//! that happens to carry another tag's bigram) looks its bigram up in a hash table of
//! `(tag, offset of the bigram in the tag)` entries, usually one, and verifies the tag at the
//! start the entry implies: one 8-byte load, a mask and a compare settle the first eight bytes,
//! a second the next eight; only longer tags compare the rest as a slice. A tag occurrence is
//! reported by exactly one probe (the first multiple of `k` at or after its start), so the
//! result is exactly that of an overlapping ASCII-case-insensitive search for every tag
//! (property-tested against the Aho–Corasick automaton and a brute-force search).

const BITS: usize = 1 << 16;
/// Hash buckets of the entry table: bigrams are hashed to this many bits.
const TABLE_BITS: u32 = 10;
/// The largest probe stride (more would fill the probe set with random hits; three probes must
/// fit one 8-byte window).
const MAX_STRIDE: usize = 3;
/// The stack buffer a scriptSig is lower-cased into.
const BUF: usize = 128;
/// The longest scriptSig the fast path takes (consensus allows 100): the buffer keeps 16 zero
/// bytes past it, so both 8-byte windows of any candidate start are plain loads.
pub(crate) const MAX_SIG: usize = BUF - 16;

type BitSet = [u64; BITS / 64];

fn set(bits: &mut BitSet, g: usize) {
    if let Some(w) = bits.get_mut(g >> 6) {
        *w |= 1 << (g & 63);
    }
}

/// `g >> 6 < 1024` for any bigram: the bounds check folds away.
#[inline]
fn test(bits: &BitSet, g: usize) -> u64 {
    (bits.get(g >> 6).copied().unwrap_or(0) >> (g & 63)) & 1
}

fn bigram(a: u8, b: u8) -> usize {
    usize::from(a) | usize::from(b) << 8
}

/// The entry-table bucket of a bigram (multiplicative hashing to [`TABLE_BITS`] bits).
#[inline]
fn bucket(g: usize) -> usize {
    ((g as u32).wrapping_mul(0x9e37_79b1) >> (32 - TABLE_BITS)) as usize
}

/// ASCII lower case without a branch (`A..Z` → `a..z`, every other byte unchanged).
#[inline]
fn lower(b: u8) -> u8 {
    b | u8::from(b.wrapping_sub(b'A') < 26) << 5
}

/// [`lower`] on sixteen bytes at once.
#[inline]
fn lower16(a: [u8; 16]) -> [u8; 16] {
    a.map(lower)
}

/// The eight bytes of `buf` from `i` as a little-endian word (zero past the buffer).
#[inline]
fn word(buf: &[u8; BUF], i: usize) -> u64 {
    buf.get(i..i + 8).and_then(|w| w.try_into().ok()).map_or(0, u64::from_le_bytes)
}

/// Up to eight lower-cased tag bytes, for a compare of a little-endian window `w` of the
/// lower-cased scriptSig: `w & keep == bytes` (`keep` drops bytes beyond a shorter tag).
#[derive(Debug, Clone, Copy)]
struct Prefix {
    keep: u64,
    bytes: u64,
}

impl Prefix {
    fn new(lower_tag: &[u8]) -> Self {
        let (mut keep, mut bytes) = ([0u8; 8], [0u8; 8]);
        for ((m, v), &b) in keep.iter_mut().zip(bytes.iter_mut()).zip(lower_tag) {
            *m = 0xff;
            *v = b;
        }
        Prefix { keep: u64::from_le_bytes(keep), bytes: u64::from_le_bytes(bytes) }
    }

    #[inline]
    fn matches(self, window: u64) -> bool {
        window & self.keep == self.bytes
    }
}

/// One tag under the bigram at offset `at` (`< stride`) in it.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The bigram's offset in the tag: a probe at `p` implies a start at `p - at`.
    at: u32,
    pattern: u32,
    len: u32,
    first: Prefix,
    second: Prefix,
}

/// Tags indexed by their lower-cased bigrams at offsets `0..stride`.
#[derive(Debug, Clone)]
pub(crate) struct GramFilter {
    /// Tags' lower-cased bigrams at offsets `0..stride`: the probe set.
    probe: Box<BitSet>,
    /// Probe every `stride`-th position; `1 <= stride < ` the shortest tag's length.
    stride: usize,
    /// The longest scriptSig taken: [`MAX_SIG`], or fewer so that every probe has a bit in a
    /// `u64`.
    max_sig: usize,
    /// Entries sorted by [`bucket`] of their bigram, then pattern index, then offset.
    entries: Vec<Entry>,
    /// `entries[starts[b]..starts[b + 1]]` holds the entries whose bigram is in bucket `b`.
    starts: Vec<u32>,
    /// Lower-cased patterns, by pattern index.
    patterns: Vec<Box<[u8]>>,
}

impl GramFilter {
    /// Builds the filter, or `None` if some tag is shorter than 2 bytes (then the automaton is
    /// used for everything).
    pub(crate) fn new<'a>(tags: impl IntoIterator<Item = &'a [u8]>) -> Option<Self> {
        let tags: Vec<Box<[u8]>> =
            tags.into_iter().map(|t| t.iter().map(|&b| lower(b)).collect()).collect();
        let min_len = tags.iter().map(|t| t.len()).min().unwrap_or(2);
        if min_len < 2 {
            return None;
        }
        let stride = min_len.saturating_sub(1).clamp(1, MAX_STRIDE);
        let mut probe = Box::new([0u64; BITS / 64]);
        let mut entries = Vec::new();
        for (i, t) in tags.iter().enumerate() {
            let (pattern, len) = (u32::try_from(i).ok()?, u32::try_from(t.len()).ok()?);
            let (first, second) = (Prefix::new(t), Prefix::new(t.get(8..).unwrap_or_default()));
            for (at, w) in t.windows(2).take(stride).enumerate() {
                let &[x, y] = w else { return None };
                set(&mut probe, bigram(x, y));
                let at = u32::try_from(at).ok()?;
                entries.push((bucket(bigram(x, y)), Entry { at, pattern, len, first, second }));
            }
        }
        entries.sort_unstable_by_key(|&(b, e)| (b, e.pattern, e.at));
        let mut starts = Vec::with_capacity((1 << TABLE_BITS) + 1);
        for b in 0..=1 << TABLE_BITS {
            starts.push(u32::try_from(entries.partition_point(|&(eb, _)| eb < b)).ok()?);
        }
        let entries = entries.into_iter().map(|(_, e)| e).collect();
        let max_sig = MAX_SIG.min(64 * stride + 1);
        Some(GramFilter { probe, stride, max_sig, entries, starts, patterns: tags })
    }

    /// Calls `found(pattern, offset)` for every occurrence of every tag in `sig`; returns
    /// `false`, having called nothing, if `sig` is longer than [`MAX_SIG`] (or than
    /// `64 * stride + 1` bytes, for a mask of one bit per probe).
    #[inline]
    pub(crate) fn for_each_match(&self, sig: &[u8], found: impl FnMut(u32, usize)) -> bool {
        match self.stride {
            1 => self.scan::<1>(sig, found),
            2 => self.scan::<2>(sig, found),
            _ => self.scan::<3>(sig, found),
        }
    }

    /// [`for_each_match`](Self::for_each_match) with the stride `K` a constant.
    #[inline]
    fn scan<const K: usize>(&self, sig: &[u8], mut found: impl FnMut(u32, usize)) -> bool {
        let n = sig.len();
        if n > self.max_sig {
            return false;
        }
        // Whole 16-byte stores only (the last one overlapping), so later 8-byte loads are
        // forwarded from the stores instead of waiting for them.
        let mut buf = [0u8; BUF];
        for (d, s) in buf.as_chunks_mut::<16>().0.iter_mut().zip(sig.as_chunks::<16>().0) {
            *d = lower16(*s);
        }
        match (sig.last_chunk::<16>(), buf.get_mut(n.saturating_sub(16)..n)) {
            (Some(s), Some(d)) => d.copy_from_slice(&lower16(*s)),
            _ => {
                for (d, &s) in buf.iter_mut().zip(sig) {
                    *d = lower(s);
                }
            }
        }
        // Every start `s` is covered by exactly one probe: the first multiple of `K` at or
        // after it, which lies inside the tag (`K < ` every tag's length). Probes past the
        // end see zero padding; their candidates fail the length check.
        // Probe `q` sits at `q * K`; three probes share one 8-byte load, and the tests are
        // gathered into one mask without branches.
        let mut hits = 0u64;
        let mut q = 0;
        while q * K + 1 < n {
            let w = word(&buf, q * K);
            let g = |j: usize| (w >> (8 * j * K)) as usize & 0xffff;
            let three = test(&self.probe, g(0))
                | test(&self.probe, g(1)) << 1
                | test(&self.probe, g(2)) << 2;
            // `q < 64` as `n <= max_sig`; bits shifted out belong to probes past the end.
            hits |= three << (q & 63);
            q += 3;
        }
        // Each hit: the entries under its bigram, each verified at the start it implies.
        while hits != 0 {
            let p = hits.trailing_zeros() as usize * K;
            hits &= hits - 1;
            let w = word(&buf, p);
            let b = bucket(w as usize & 0xffff);
            let (Some(&lo), Some(&hi)) = (self.starts.get(b), self.starts.get(b + 1)) else {
                continue;
            };
            for e in self.entries.get(lo as usize..hi as usize).unwrap_or_default() {
                // A prefix match implies the entry's bigram is the probe's (it lies in the
                // first eight bytes): no separate test.
                let Some(s) = p.checked_sub(e.at as usize) else { continue };
                self.verify(&buf, n, s, e, &mut found);
            }
        }
        true
    }

    /// Tags of up to 16 bytes are settled by two masked compares (an empty second prefix
    /// matches anything); only longer tags compare their rest as a slice.
    #[inline]
    fn verify(
        &self,
        buf: &[u8; BUF],
        n: usize,
        s: usize,
        e: &Entry,
        found: &mut impl FnMut(u32, usize),
    ) {
        let len = e.len as usize;
        if !e.first.matches(word(buf, s)) || s + len > n || !e.second.matches(word(buf, s + 8)) {
            return;
        }
        let rest = len <= 16
            || self
                .patterns
                .get(e.pattern as usize)
                .is_some_and(|pat| pat.get(16..) == buf.get(s + 16..s + len));
        if rest {
            found(e.pattern, s);
        }
    }
}
