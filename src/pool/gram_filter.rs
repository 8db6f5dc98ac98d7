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
//! into one `u64` without branches.
//!
//! A tag occurrence is seen by exactly one probe (the first multiple of `k` at or after its
//! start), at offset `at < k` in the tag; every `(tag, at)` is an entry. Each hit (a tag, or a
//! probe inside a tag or in random bytes that happens to carry another tag's bigram) looks up
//! the entries keyed by the three bytes from the probe (entries with three tag bytes from
//! `at`; most hits find one or none, where a bigram key would find every tag starting `/b`)
//! and, only if one bit of a 1024-bit set says there are any, the entries keyed by two (the
//! last two bytes of a short tag). Each entry is verified at the start it implies: one 8-byte
//! load, a mask and a compare settle the first eight bytes, a second the next eight; only
//! longer tags compare the rest as a slice. The result is exactly that of an overlapping
//! ASCII-case-insensitive search for every tag (property-tested against the Aho–Corasick
//! automaton and a brute-force search).

const BITS: usize = 1 << 16;
/// Buckets of each entry table: keys are hashed to this many bits.
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

/// Three bytes as the low bytes of a little-endian word.
fn key3(a: u8, b: u8, c: u8) -> u64 {
    u64::from(a) | u64::from(b) << 8 | u64::from(c) << 16
}

/// The entry-table bucket of a key of two or three bytes (multiplicative hashing to
/// [`TABLE_BITS`] bits).
#[inline]
fn bucket(key: u64) -> usize {
    ((key as u32).wrapping_mul(0x9e37_79b1) >> (32 - TABLE_BITS)) as usize
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

/// One tag seen by a probe at offset `at` (`< stride`) in it.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The probe's offset in the tag: a probe at `p` implies a start at `p - at`.
    at: u32,
    pattern: u32,
    len: u32,
    first: Prefix,
    second: Prefix,
}

/// Entries by [`bucket`] of a key.
#[derive(Debug, Clone)]
struct Table {
    /// Sorted by bucket, then pattern index, then offset.
    entries: Vec<Entry>,
    /// `entries[starts[b]..starts[b + 1]]` holds the entries in bucket `b`.
    starts: Vec<u32>,
}

impl Table {
    fn new(mut keyed: Vec<(usize, Entry)>) -> Option<Self> {
        keyed.sort_unstable_by_key(|&(b, e)| (b, e.pattern, e.at));
        let mut starts = Vec::with_capacity((1 << TABLE_BITS) + 1);
        for b in 0..=1 << TABLE_BITS {
            starts.push(u32::try_from(keyed.partition_point(|&(kb, _)| kb < b)).ok()?);
        }
        Some(Table { entries: keyed.into_iter().map(|(_, e)| e).collect(), starts })
    }

    #[inline]
    fn bucket(&self, b: usize) -> &[Entry] {
        match (self.starts.get(b), self.starts.get(b + 1)) {
            (Some(&lo), Some(&hi)) => {
                self.entries.get(lo as usize..hi as usize).unwrap_or_default()
            }
            _ => &[],
        }
    }
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
    /// Every `(tag, at)` with at least three tag bytes from `at`, keyed by those three.
    wide: Table,
    /// The others (the last two bytes of a tag, as seen by the last probe offset), keyed by
    /// the two.
    narrow: Table,
    /// Bit `b`: `narrow` has entries in bucket `b` (most hits skip it after one test).
    narrow_buckets: [u64; (1 << TABLE_BITS) / 64],
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
        let (mut wide, mut narrow) = (Vec::new(), Vec::new());
        let mut narrow_buckets = [0u64; (1 << TABLE_BITS) / 64];
        for (i, t) in tags.iter().enumerate() {
            let (pattern, len) = (u32::try_from(i).ok()?, u32::try_from(t.len()).ok()?);
            let (first, second) = (Prefix::new(t), Prefix::new(t.get(8..).unwrap_or_default()));
            for at in 0..stride {
                let entry = Entry { at: u32::try_from(at).ok()?, pattern, len, first, second };
                match *t.get(at..).unwrap_or_default() {
                    [x, y, z, ..] => {
                        set(&mut probe, bigram(x, y));
                        wide.push((bucket(key3(x, y, z)), entry));
                    }
                    [x, y] => {
                        set(&mut probe, bigram(x, y));
                        let b = bucket(bigram(x, y) as u64);
                        if let Some(w) = narrow_buckets.get_mut(b / 64) {
                            *w |= 1 << (b % 64);
                        }
                        narrow.push((b, entry));
                    }
                    _ => return None,
                }
            }
        }
        let max_sig = MAX_SIG.min(64 * stride + 1);
        Some(GramFilter {
            probe,
            stride,
            max_sig,
            wide: Table::new(wide)?,
            narrow: Table::new(narrow)?,
            narrow_buckets,
            patterns: tags,
        })
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
            // A prefix match implies the entry's key is the probe's (it lies in the first
            // eight bytes, `at + 3 <= 2 + 3`): no separate test.
            for e in self.wide.bucket(bucket(w & 0xff_ffff)) {
                let Some(s) = p.checked_sub(e.at as usize) else { continue };
                self.verify(&buf, n, s, e, &mut found);
            }
            let b = bucket(w & 0xffff);
            if self.narrow_buckets.get(b / 64).is_some_and(|m| (m >> (b % 64)) & 1 == 1) {
                for e in self.narrow.bucket(b) {
                    let Some(s) = p.checked_sub(e.at as usize) else { continue };
                    self.verify(&buf, n, s, e, &mut found);
                }
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
