//! The attributor: one Aho–Corasick automaton over all tags (raw scriptSig bytes, ASCII
//! case-insensitive) and one hash lookup of every output's scriptPubKey.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use bitcoin::Amount;

use super::gram_filter::GramFilter;
use super::{
    AddressHit, AddressId, Attribution, AttributionCounts, ConflictPolicy, PoolError, PoolId,
    Registry, TagHit, TagId,
};
use crate::chain::{BlockRecord, Coinbase};

/// A small non-cryptographic hasher for scriptPubKey keys (the keys come from the registry, not
/// from an adversary, and lookups must cost a few nanoseconds).
#[derive(Debug, Default, Clone, Copy)]
struct ScriptHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Hasher for ScriptHasher {
    /// Scripts of 8 bytes or more are hashed by their first and last eight bytes only (with the
    /// length, which the map writes first): every standard payout script carries a 20- or
    /// 32-byte hash or key within those sixteen bytes, and two multiplies instead of one per
    /// word keep the lookup at a few nanoseconds. Equal keys still hash equally; distinct keys
    /// agreeing there are told apart by the map's full comparison.
    fn write(&mut self, bytes: &[u8]) {
        match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
            (Some(head), Some(tail)) => {
                self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(*head)).wrapping_mul(SEED);
                self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(*tail)).wrapping_mul(SEED);
            }
            _ => {
                for &b in bytes {
                    self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(SEED);
                }
            }
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(SEED);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type ScriptMap = HashMap<Box<[u8]>, (AddressId, PoolId), BuildHasherDefault<ScriptHasher>>;

/// Bits in the payout-script prefilter (512 bytes).
const SCRIPT_BITS: usize = 4096;

/// A script's bit in the prefilter: its length and last two bytes (the end of the hash or key
/// every standard payout script carries), folded to 12 bits.
#[inline]
fn script_bit(script: &[u8]) -> usize {
    let end = script.last_chunk::<2>().map_or(0, |&[a, b]| usize::from(a) | usize::from(b) << 8);
    (end ^ script.len() << 7) % SCRIPT_BITS
}

const OP_RETURN: u8 = 0x6a;

/// The best tag so far: longest, then earliest (a registry holds no two tags equal up to ASCII
/// case, so two matches never tie on both).
#[derive(Default)]
struct Best {
    hit: Option<TagHit>,
    len: u32,
}

impl Best {
    #[inline]
    fn offer(&mut self, patterns: &[(TagId, PoolId, u32)], pattern: usize, start: usize) {
        let Some(&(tag, pool, len)) = patterns.get(pattern) else { return };
        let offset = u32::try_from(start).unwrap_or(u32::MAX);
        let better = match self.hit {
            None => true,
            Some(b) => len > self.len || (len == self.len && offset < b.offset),
        };
        if better {
            self.hit = Some(TagHit { tag, pool, offset });
            self.len = len;
        }
    }
}

/// Attributes coinbases to pools with a compiled [`Registry`].
///
/// Build once (`O(total tag length)`), then attribute any number of blocks without allocating:
/// the raw scriptSig bytes are searched once for every tag at once, and every output's
/// scriptPubKey is looked up in a hash table of payout scripts (behind a 4096-bit prefilter on
/// its length and last two bytes), so a pool paid in output 1 behind a dust output 0 (AntPool)
/// or tagged in UTF-8 (F2Pool's `七彩神仙鱼`, `🐟`) is found.
///
/// The tag search is one Aho–Corasick automaton over all tags (ASCII case-insensitive,
/// overlapping matches). Its hot path is an equivalent strided bigram filter: the scriptSig is
/// ASCII-lower-cased into a stack buffer, every `k`-th position (`k` below the shortest tag's
/// length, at most 3) has its two bytes tested against an 8 KiB bit set of the tags' leading
/// bigrams, without branches, and only hits look up the tags they may start (by the three
/// bytes there) and verify them, with one masked 8-byte compare per 8 tag bytes; on 44-byte
/// synthetic scriptSigs it is faster than the automaton's DFA and gives identical results
/// (property-tested, and against a brute-force search). Registries with a 1-byte tag, and
/// scriptSigs longer than 112 bytes (65 with a 2-byte tag; consensus allows 100), use the
/// automaton.
///
/// # Method
///
/// ```text
/// tag     = the longest tag occurring in the raw scriptSig (ASCII case-insensitive; the
///           earliest among equally long ones)
/// address = the first output whose scriptPubKey is a known payout script
/// both agree or only one present → Pool; they disagree → ConflictPolicy; neither → Unknown
/// ```
///
/// # Examples
///
/// ```
/// use minerscope::chain::Coinbase;
/// use minerscope::pool::{Attribution, Attributor, PoolError, Registry};
///
/// let reg = Registry::builtin();
/// let attributor = Attributor::new(&reg)?;
/// let mut script_sig = vec![0x03, 0x63, 0xaf, 0x0c];
/// script_sig.extend_from_slice("七彩神仙鱼".as_bytes());
/// let fish = Coinbase::new(script_sig, vec![]);
/// let a = attributor.attribute(&fish);
/// assert_eq!(a.pool(), reg.find_pool("F2Pool"));
/// if let Attribution::Pool { tag: Some(t), .. } = a {
///     assert_eq!(t.offset(), 4);
/// }
/// # Ok::<_, PoolError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Attributor {
    automaton: AhoCorasick,
    grams: Option<GramFilter>,
    patterns: Vec<(TagId, PoolId, u32)>,
    scripts: ScriptMap,
    /// [`script_bit`] of every payout script: most unknown outputs skip the map.
    script_filter: Box<[u64; SCRIPT_BITS / 64]>,
    /// Bit `l` for every payout script of length `l < 128`: outputs of other lengths (the
    /// 38-byte witness commitment) are passed over without reading their bytes.
    script_lens: u128,
    policy: ConflictPolicy,
    n_pools: usize,
}

impl Attributor {
    /// Compiles a registry with the default [`ConflictPolicy::Report`].
    ///
    /// # Errors
    ///
    /// [`PoolError::Automaton`] if the tag automaton cannot be built (it exceeds the
    /// automaton's size limits).
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::chain::{Coinbase, CoinbaseOutput};
    /// use minerscope::pool::{Attribution, Attributor, ConflictPolicy, PoolError, Registry};
    ///
    /// let reg = Registry::builtin();
    /// let antpool = reg.find_pool("AntPool").expect("built in");
    /// let foundry = reg.find_pool("Foundry USA").expect("built in");
    /// // One of AntPool's payout scripts, and a scriptSig carrying Foundry's tag.
    /// let payout = reg.addresses().iter().find(|a| a.pool() == antpool).expect("known");
    /// let script = payout.script_pubkey().clone();
    /// let reward = Amount::from_sat(312_500_000);
    /// let tag_sig = b"\x03\x70\xaa\x0cFoundry USA Pool #dropgold".to_vec();
    /// let attributor = Attributor::new(&reg)?;
    /// assert_eq!(attributor.policy(), ConflictPolicy::Report);
    /// let cb = Coinbase::new(tag_sig, vec![CoinbaseOutput::new(reward, script)]);
    /// // Tag says Foundry, address says AntPool: reported, with both pieces of evidence.
    /// assert!(matches!(attributor.attribute(&cb), Attribution::Conflict { .. }));
    /// # Ok::<_, PoolError>(())
    /// ```
    pub fn new(registry: &Registry) -> Result<Self, PoolError> {
        let tags = registry.tags();
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(tags.iter().map(|t| t.bytes()))
            .or_else(|_| {
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(tags.iter().map(|t| t.bytes()))
            })
            .map_err(|e| PoolError::Automaton(e.to_string()))?;
        let patterns = tags
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let len = u32::try_from(t.bytes().len()).unwrap_or(u32::MAX);
                (TagId(u32::try_from(i).unwrap_or(u32::MAX)), t.pool(), len)
            })
            .collect();
        let mut script_filter = Box::new([0u64; SCRIPT_BITS / 64]);
        for a in registry.addresses() {
            let bit = script_bit(a.script_pubkey().as_bytes());
            if let Some(w) = script_filter.get_mut(bit / 64) {
                *w |= 1 << (bit % 64);
            }
        }
        let script_lens = registry.addresses().iter().fold(0u128, |lens, a| {
            let len = a.script_pubkey().len();
            lens | if len < 128 { 1 << len } else { 0 }
        });
        let scripts = registry
            .addresses()
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let id = AddressId(u32::try_from(i).unwrap_or(u32::MAX));
                (a.script_pubkey().as_bytes().into(), (id, a.pool()))
            })
            .collect();
        Ok(Attributor {
            grams: GramFilter::new(tags.iter().map(|t| t.bytes())),
            automaton,
            patterns,
            scripts,
            script_filter,
            script_lens,
            policy: ConflictPolicy::default(),
            n_pools: registry.pools().len(),
        })
    }

    /// The same attributor with another conflict policy.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::chain::{Coinbase, CoinbaseOutput};
    /// use minerscope::pool::{Attribution, Attributor, ConflictPolicy, PoolError, Registry};
    ///
    /// let reg = Registry::builtin();
    /// let antpool = reg.find_pool("AntPool").expect("built in");
    /// let foundry = reg.find_pool("Foundry USA").expect("built in");
    /// // One of AntPool's payout scripts, and a scriptSig carrying Foundry's tag.
    /// let payout = reg.addresses().iter().find(|a| a.pool() == antpool).expect("known");
    /// let script = payout.script_pubkey().clone();
    /// let reward = Amount::from_sat(312_500_000);
    /// let tag_sig = b"\x03\x70\xaa\x0cFoundry USA Pool #dropgold".to_vec();
    /// let cb = Coinbase::new(tag_sig, vec![CoinbaseOutput::new(reward, script)]);
    /// let tag_first = Attributor::new(&reg)?.with_policy(ConflictPolicy::TagFirst);
    /// assert_eq!(tag_first.attribute(&cb).pool(), Some(foundry)); // mempool.space's rule
    /// let address_first = Attributor::new(&reg)?.with_policy(ConflictPolicy::AddressFirst);
    /// assert_eq!(address_first.attribute(&cb).pool(), Some(antpool));
    /// # Ok::<_, PoolError>(())
    /// ```
    pub fn with_policy(mut self, policy: ConflictPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The conflict policy in force.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::chain::{Coinbase, CoinbaseOutput};
    /// use minerscope::pool::{Attribution, Attributor, ConflictPolicy, PoolError, Registry};
    ///
    /// let reg = Registry::builtin();
    /// let antpool = reg.find_pool("AntPool").expect("built in");
    /// let foundry = reg.find_pool("Foundry USA").expect("built in");
    /// // One of AntPool's payout scripts, and a scriptSig carrying Foundry's tag.
    /// let payout = reg.addresses().iter().find(|a| a.pool() == antpool).expect("known");
    /// let script = payout.script_pubkey().clone();
    /// let reward = Amount::from_sat(312_500_000);
    /// let tag_sig = b"\x03\x70\xaa\x0cFoundry USA Pool #dropgold".to_vec();
    /// let a = Attributor::new(&reg)?.with_policy(ConflictPolicy::AddressFirst);
    /// assert_eq!(a.policy(), ConflictPolicy::AddressFirst);
    /// # let _ = (foundry, script, reward, tag_sig);
    /// # Ok::<_, PoolError>(())
    /// ```
    pub fn policy(&self) -> ConflictPolicy {
        self.policy
    }

    /// The best tag in a raw scriptSig: the longest match, earliest among equals.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::chain::{Coinbase, CoinbaseOutput};
    /// use minerscope::pool::{Attribution, Attributor, ConflictPolicy, PoolError, Registry};
    ///
    /// let reg = Registry::builtin();
    /// let antpool = reg.find_pool("AntPool").expect("built in");
    /// let foundry = reg.find_pool("Foundry USA").expect("built in");
    /// // One of AntPool's payout scripts, and a scriptSig carrying Foundry's tag.
    /// let payout = reg.addresses().iter().find(|a| a.pool() == antpool).expect("known");
    /// let script = payout.script_pubkey().clone();
    /// let reward = Amount::from_sat(312_500_000);
    /// let tag_sig = b"\x03\x70\xaa\x0cFoundry USA Pool #dropgold".to_vec();
    /// let a = Attributor::new(&reg)?;
    /// let hit = a.find_tag(&tag_sig).expect("tagged");
    /// assert_eq!(hit.pool(), foundry);
    /// assert_eq!(hit.offset(), 4); // after the 4-byte BIP34 height push
    /// // ASCII case does not matter; a scriptSig without a tag has none.
    /// assert_eq!(a.find_tag(b"FOUNDRY USA POOL").map(|h| h.pool()), Some(foundry));
    /// assert!(a.find_tag(b"\x03\x70\xaa\x0c").is_none());
    /// # let _ = (antpool, script, reward);
    /// # Ok::<_, PoolError>(())
    /// ```
    pub fn find_tag(&self, script_sig: &[u8]) -> Option<TagHit> {
        if let Some(g) = &self.grams {
            let mut best = Best::default();
            if g.for_each_match(script_sig, |p, start| {
                best.offer(&self.patterns, p as usize, start)
            }) {
                return best.hit;
            }
        }
        self.find_tag_automaton(script_sig)
    }

    /// [`find_tag`](Self::find_tag) by the Aho–Corasick automaton alone (any length).
    pub(crate) fn find_tag_automaton(&self, script_sig: &[u8]) -> Option<TagHit> {
        let mut best = Best::default();
        for m in self.automaton.find_overlapping_iter(script_sig) {
            best.offer(&self.patterns, m.pattern().as_usize(), m.start());
        }
        best.hit
    }

    /// The first output paying a known script.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::chain::{Coinbase, CoinbaseOutput};
    /// use minerscope::pool::{Attribution, Attributor, ConflictPolicy, PoolError, Registry};
    ///
    /// let reg = Registry::builtin();
    /// let antpool = reg.find_pool("AntPool").expect("built in");
    /// let foundry = reg.find_pool("Foundry USA").expect("built in");
    /// // One of AntPool's payout scripts, and a scriptSig carrying Foundry's tag.
    /// let payout = reg.addresses().iter().find(|a| a.pool() == antpool).expect("known");
    /// let script = payout.script_pubkey().clone();
    /// let reward = Amount::from_sat(312_500_000);
    /// let tag_sig = b"\x03\x70\xaa\x0cFoundry USA Pool #dropgold".to_vec();
    /// let a = Attributor::new(&reg)?;
    /// let unknown = [0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed]; // an OP_RETURN commitment prefix
    /// let outputs = [(Amount::ZERO, &unknown[..]), (reward, script.as_bytes())];
    /// let hit = a.find_address(outputs).expect("AntPool's script at output 1");
    /// assert_eq!((hit.pool(), hit.output(), hit.value()), (antpool, 1, reward));
    /// # let _ = (foundry, tag_sig);
    /// # Ok::<_, PoolError>(())
    /// ```
    pub fn find_address<'a>(
        &self,
        outputs: impl IntoIterator<Item = (Amount, &'a [u8])>,
    ) -> Option<AddressHit> {
        outputs.into_iter().enumerate().find_map(|(i, (value, script))| {
            if !self.may_be_payout(script) {
                return None;
            }
            self.address_at(i, value, script)
        })
    }

    /// Whether `script` passes the payout prefilter: a payout script's length, not
    /// `OP_RETURN`, and its [`script_bit`] set.
    #[inline]
    fn may_be_payout(&self, script: &[u8]) -> bool {
        let len = script.len();
        if len < 128 && (self.script_lens >> len) & 1 == 0 {
            return false;
        }
        let bit = script_bit(script);
        let set = self.script_filter.get(bit / 64).is_some_and(|w| (w >> (bit % 64)) & 1 == 1);
        set & script.first().is_some_and(|&b| b != OP_RETURN)
    }

    /// Output `i` paying `value` to `script`, if `script` is a known payout script.
    #[inline]
    fn address_at(&self, i: usize, value: Amount, script: &[u8]) -> Option<AddressHit> {
        let &(address, pool) = self.scripts.get(script)?;
        Some(AddressHit { address, pool, output: u32::try_from(i).unwrap_or(u32::MAX), value })
    }

    /// Attributes raw coinbase parts: the scriptSig bytes and `(value, scriptPubKey)` outputs.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::chain::{Coinbase, CoinbaseOutput};
    /// use minerscope::pool::{Attribution, Attributor, ConflictPolicy, PoolError, Registry};
    ///
    /// let reg = Registry::builtin();
    /// let antpool = reg.find_pool("AntPool").expect("built in");
    /// let foundry = reg.find_pool("Foundry USA").expect("built in");
    /// // One of AntPool's payout scripts, and a scriptSig carrying Foundry's tag.
    /// let payout = reg.addresses().iter().find(|a| a.pool() == antpool).expect("known");
    /// let script = payout.script_pubkey().clone();
    /// let reward = Amount::from_sat(312_500_000);
    /// let tag_sig = b"\x03\x70\xaa\x0cFoundry USA Pool #dropgold".to_vec();
    /// let a = Attributor::new(&reg)?.with_policy(ConflictPolicy::TagFirst);
    /// let outputs = [(reward, script.as_bytes())];
    /// assert_eq!(a.attribute_parts(&tag_sig, outputs).pool(), Some(foundry));
    /// assert_eq!(a.attribute_parts(b"", outputs).pool(), Some(antpool)); // address only
    /// assert_eq!(a.attribute_parts(b"", []), Attribution::Unknown);
    /// # Ok::<_, PoolError>(())
    /// ```
    pub fn attribute_parts<'a>(
        &self,
        script_sig: &[u8],
        outputs: impl IntoIterator<Item = (Amount, &'a [u8])>,
    ) -> Attribution {
        self.decide(self.find_tag(script_sig), self.find_address(outputs))
    }

    /// Attributes a coinbase.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::chain::{Coinbase, CoinbaseOutput};
    /// use minerscope::pool::{Attribution, Attributor, ConflictPolicy, PoolError, Registry};
    ///
    /// let reg = Registry::builtin();
    /// let antpool = reg.find_pool("AntPool").expect("built in");
    /// let foundry = reg.find_pool("Foundry USA").expect("built in");
    /// // One of AntPool's payout scripts, and a scriptSig carrying Foundry's tag.
    /// let payout = reg.addresses().iter().find(|a| a.pool() == antpool).expect("known");
    /// let script = payout.script_pubkey().clone();
    /// let reward = Amount::from_sat(312_500_000);
    /// let tag_sig = b"\x03\x70\xaa\x0cFoundry USA Pool #dropgold".to_vec();
    /// let a = Attributor::new(&reg)?;
    /// let cb = Coinbase::new(b"\x03\x70\xaa\x0c".to_vec(), vec![CoinbaseOutput::new(reward, script)]);
    /// let outputs: Vec<_> =
    ///     cb.outputs().iter().map(|o| (o.value(), o.script_pubkey().as_bytes())).collect();
    /// assert_eq!(a.attribute(&cb), a.attribute_parts(cb.script_sig(), outputs));
    /// assert_eq!(a.attribute(&cb).pool(), Some(antpool));
    /// # let _ = (foundry, tag_sig);
    /// # Ok::<_, PoolError>(())
    /// ```
    ///
    /// The payout-script prefilter runs over the outputs before the tag search, so the memory
    /// reads of both (the output scripts and the scriptSig live in separate allocations)
    /// overlap instead of queueing one behind the other; the result is that of
    /// [`attribute_parts`](Self::attribute_parts).
    pub fn attribute(&self, coinbase: &Coinbase) -> Attribution {
        let outputs = coinbase.outputs();
        let head = outputs.get(..outputs.len().min(64)).unwrap_or(outputs);
        // Bit `i`: output `i` may pay a known script (it passes the prefilter).
        let mut candidates = 0u64;
        for (i, o) in head.iter().enumerate() {
            candidates |= u64::from(self.may_be_payout(o.script_pubkey().as_bytes())) << i;
        }
        let tag = self.find_tag(coinbase.script_sig());
        let mut address = None;
        while candidates != 0 {
            let i = candidates.trailing_zeros() as usize;
            candidates &= candidates - 1;
            if let Some(o) = head.get(i) {
                address = self.address_at(i, o.value(), o.script_pubkey().as_bytes());
                if address.is_some() {
                    break;
                }
            }
        }
        if address.is_none() && outputs.len() > head.len() {
            let rest = outputs.iter().skip(head.len());
            address = self.find_address(rest.map(|o| (o.value(), o.script_pubkey().as_bytes())));
            if let Some(a) = &mut address {
                let skipped = u32::try_from(head.len()).unwrap_or(u32::MAX);
                a.output = a.output.saturating_add(skipped);
            }
        }
        self.decide(tag, address)
    }

    /// Attributes a block record; a record without coinbase is [`Attribution::Unknown`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::chain::{Coinbase, CoinbaseOutput};
    /// use minerscope::pool::{Attribution, Attributor, ConflictPolicy, PoolError, Registry};
    ///
    /// let reg = Registry::builtin();
    /// let antpool = reg.find_pool("AntPool").expect("built in");
    /// let foundry = reg.find_pool("Foundry USA").expect("built in");
    /// // One of AntPool's payout scripts, and a scriptSig carrying Foundry's tag.
    /// let payout = reg.addresses().iter().find(|a| a.pool() == antpool).expect("known");
    /// let script = payout.script_pubkey().clone();
    /// let reward = Amount::from_sat(312_500_000);
    /// let tag_sig = b"\x03\x70\xaa\x0cFoundry USA Pool #dropgold".to_vec();
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::BlockRecord;
    ///
    /// let a = Attributor::new(&reg)?;
    /// let bits = CompactTarget::from_consensus(0x1703ba5d); // block 830000's
    /// let header_only = BlockRecord::new(830_000, BlockHash::all_zeros(), 1_707_675_457, bits)?;
    /// assert_eq!(a.attribute_block(&header_only), Attribution::Unknown);
    /// let full = header_only.with_coinbase(Coinbase::new(tag_sig, vec![]));
    /// assert_eq!(a.attribute_block(&full).pool(), Some(foundry));
    /// # let _ = (antpool, script, reward);
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn attribute_block(&self, block: &BlockRecord) -> Attribution {
        block.coinbase().map_or(Attribution::Unknown, |c| self.attribute(c))
    }

    /// Attributes every block and counts the outcomes; the total equals the number of blocks.
    ///
    /// # Examples
    ///
    /// ```
    /// use bitcoin::Amount;
    /// use minerscope::chain::{Coinbase, CoinbaseOutput};
    /// use minerscope::pool::{Attribution, Attributor, ConflictPolicy, PoolError, Registry};
    ///
    /// let reg = Registry::builtin();
    /// let antpool = reg.find_pool("AntPool").expect("built in");
    /// let foundry = reg.find_pool("Foundry USA").expect("built in");
    /// // One of AntPool's payout scripts, and a scriptSig carrying Foundry's tag.
    /// let payout = reg.addresses().iter().find(|a| a.pool() == antpool).expect("known");
    /// let script = payout.script_pubkey().clone();
    /// let reward = Amount::from_sat(312_500_000);
    /// let tag_sig = b"\x03\x70\xaa\x0cFoundry USA Pool #dropgold".to_vec();
    /// use bitcoin::{BlockHash, CompactTarget, hashes::Hash};
    /// use minerscope::chain::BlockRecord;
    ///
    /// let a = Attributor::new(&reg)?;
    /// let bits = CompactTarget::from_consensus(0x1703ba5d);
    /// let rec = |h: u32, cb: Option<Coinbase>| -> Result<BlockRecord, Box<dyn std::error::Error>> {
    ///     let r = BlockRecord::new(h, BlockHash::all_zeros(), 1_707_675_457 + h, bits)?;
    ///     Ok(match cb { Some(c) => r.with_coinbase(c), None => r })
    /// };
    /// let blocks = [
    ///     rec(1, Some(Coinbase::new(tag_sig.clone(), vec![])))?,           // Foundry by tag
    ///     rec(2, Some(Coinbase::new(vec![], vec![CoinbaseOutput::new(reward, script.clone())])))?, // AntPool
    ///     rec(3, Some(Coinbase::new(tag_sig, vec![CoinbaseOutput::new(reward, script)])))?, // conflict
    ///     rec(4, None)?,                                                   // unknown
    /// ];
    /// let counts = a.tally(&blocks);
    /// assert_eq!(counts.total(), 4); // nothing dropped
    /// assert_eq!((counts.pool(foundry), counts.pool(antpool)), (1, 1));
    /// assert_eq!((counts.conflicts(), counts.unknown()), (1, 1));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn tally<'a>(
        &self,
        blocks: impl IntoIterator<Item = &'a BlockRecord>,
    ) -> AttributionCounts {
        let mut counts = AttributionCounts::new(self.n_pools);
        for b in blocks {
            counts.add(&self.attribute_block(b));
        }
        counts
    }

    fn decide(&self, tag: Option<TagHit>, address: Option<AddressHit>) -> Attribution {
        match (tag, address) {
            (None, None) => Attribution::Unknown,
            (Some(t), None) => Attribution::Pool { pool: t.pool, tag: Some(t), address: None },
            (None, Some(a)) => Attribution::Pool { pool: a.pool, tag: None, address: Some(a) },
            (Some(t), Some(a)) if t.pool == a.pool => {
                Attribution::Pool { pool: t.pool, tag: Some(t), address: Some(a) }
            }
            (Some(t), Some(a)) => match self.policy {
                ConflictPolicy::Report => Attribution::Conflict { tag: t, address: a },
                ConflictPolicy::TagFirst => {
                    Attribution::Pool { pool: t.pool, tag: Some(t), address: Some(a) }
                }
                ConflictPolicy::AddressFirst => {
                    Attribution::Pool { pool: a.pool, tag: Some(t), address: Some(a) }
                }
            },
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "a panicking index fails the test, as intended")]
mod tests {
    use super::*;
    use crate::pool::RegistryFormat;
    use bitcoin::ScriptBuf;
    use std::str::FromStr;

    fn spk(addr: &str) -> ScriptBuf {
        bitcoin::Address::from_str(addr).unwrap().assume_checked().script_pubkey()
    }

    fn two_pools() -> (Registry, PoolId, PoolId) {
        let mut reg = Registry::new();
        let s = reg.add_source("t", RegistryFormat::Custom);
        let a = reg.insert_pool("A", None, s);
        let b = reg.insert_pool("B", None, s);
        reg.insert_tag(a, "/A/", s);
        reg.insert_tag(a, "/A long tag/", s);
        reg.insert_tag(b, "/A long/", s);
        reg.insert_address(b, "1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY", s);
        (reg, a, b)
    }

    #[test]
    fn longest_tag_wins_and_offset_is_reported() {
        let (reg, a, _) = two_pools();
        let at = Attributor::new(&reg).unwrap();
        let hit = at.find_tag(b"\x01\x02xx/a LONG TAG/yy").unwrap();
        assert_eq!(hit.pool(), a);
        assert_eq!(hit.offset(), 4);
        assert_eq!(reg.tag(hit.tag()).unwrap().text(), "/A long tag/");
    }

    #[test]
    fn conflict_policies() {
        let (reg, a, b) = two_pools();
        let script = spk("1KFHE7w8BhaENAswwryaoccDb6qcT6DbYY");
        let dust = spk("37jKPSmbEGwgfacCr2nayn1wTaqMAbA94Z");
        let outs = [(Amount::from_sat(546), dust.as_bytes()), (Amount::ONE_BTC, script.as_bytes())];
        let at = Attributor::new(&reg).unwrap();
        let r = at.attribute_parts(b"/A/", outs);
        assert!(matches!(r, Attribution::Conflict { tag, address }
            if tag.pool() == a && address.pool() == b && address.output() == 1));
        let r = at.clone().with_policy(ConflictPolicy::TagFirst).attribute_parts(b"/A/", outs);
        assert_eq!(r.pool(), Some(a));
        assert!(r.has_conflicting_evidence());
        let r = at.with_policy(ConflictPolicy::AddressFirst).attribute_parts(b"/A/", outs);
        assert_eq!(r.pool(), Some(b));
        assert!(r.describe(&reg).contains("output 1"));
    }

    #[test]
    fn every_payout_script_passes_the_prefilter_and_is_found() {
        let reg = Registry::builtin();
        let at = Attributor::new(&reg).unwrap();
        let unknown = spk("37jKPSmbEGwgfacCr2nayn1wTaqMAbA94Z");
        for a in reg.addresses() {
            let outs = [
                (Amount::ZERO, unknown.as_bytes()),
                (Amount::ONE_BTC, a.script_pubkey().as_bytes()),
            ];
            let hit = at.find_address(outs).unwrap();
            assert_eq!((hit.pool(), hit.output()), (a.pool(), 1), "{}", a.address());
        }
    }

    #[test]
    fn op_return_and_empty_scripts_are_ignored() {
        let (reg, _, _) = two_pools();
        let at = Attributor::new(&reg).unwrap();
        let outs = [(Amount::ZERO, &[][..]), (Amount::ZERO, &[OP_RETURN, 0x24][..])];
        assert_eq!(at.attribute_parts(b"", outs), Attribution::Unknown);
    }

    proptest::proptest! {
        /// The strided bigram fast path finds exactly what the automaton finds.
        #[test]
        fn fast_path_equals_automaton(
            prefix in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..60),
            suffix in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
            pick in proptest::prelude::any::<proptest::sample::Index>(),
            upper in proptest::prelude::any::<bool>(),
        ) {
            let reg = Registry::builtin();
            let at = Attributor::new(&reg).unwrap();
            proptest::prop_assert!(at.grams.is_some());
            let tag = reg.tags()[pick.index(reg.tags().len())].bytes();
            let mut sig = prefix.clone();
            if upper {
                sig.extend(tag.iter().map(u8::to_ascii_uppercase));
            } else {
                sig.extend_from_slice(tag);
            }
            sig.extend_from_slice(&suffix);
            proptest::prop_assert_eq!(at.find_tag(&sig), at.find_tag_automaton(&sig));
            proptest::prop_assert!(at.find_tag(&sig).is_some());
            proptest::prop_assert_eq!(at.find_tag(&prefix), at.find_tag_automaton(&prefix));
        }
    }

    #[test]
    fn tags_cut_at_the_end_of_the_script_sig_agree_with_the_automaton() {
        // The fast path compares 8-byte windows zero-padded past the end: a tag cut short by
        // the end of the scriptSig must not match, a tag ending exactly there must.
        let reg = Registry::builtin();
        let at = Attributor::new(&reg).unwrap();
        for t in reg.tags() {
            for cut in 0..=t.bytes().len() {
                for upper in [false, true] {
                    let mut sig = b"\x03\x01\x02".to_vec();
                    let part = t.bytes().get(..cut).unwrap();
                    if upper {
                        sig.extend(part.iter().map(u8::to_ascii_uppercase));
                    } else {
                        sig.extend_from_slice(part);
                    }
                    assert_eq!(at.find_tag(&sig), at.find_tag_automaton(&sig), "{sig:?}");
                    if cut == t.bytes().len() {
                        assert!(at.find_tag(&sig).is_some(), "{sig:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn every_stride_finds_tags_at_every_offset() {
        // The shortest tag sets the probe stride (1, 2 or 3): a tag must be found at every
        // start offset whatever its phase against the probes, and a near miss must not match.
        for short in ["Qz", "Qz/", "/Qz/", "/Qzx/"] {
            let mut reg = Registry::new();
            let s = reg.add_source("t", RegistryFormat::Custom);
            let a = reg.insert_pool("A", None, s);
            let b = reg.insert_pool("B", None, s);
            reg.insert_tag(a, short, s);
            reg.insert_tag(b, "/Mined by B and friends/", s);
            let at = Attributor::new(&reg).unwrap();
            assert!(at.grams.is_some());
            for tag in [short, "/MINED BY b AND Friends/", "/Mined by B and friends", "qZ"] {
                for offset in 0..12 {
                    for tail in 0..4 {
                        let mut sig: Vec<u8> = (0..offset).map(|k| 0x80 + k as u8).collect();
                        sig.extend_from_slice(tag.as_bytes());
                        sig.extend((0..tail).map(|k| 0x90 + k as u8));
                        assert_eq!(at.find_tag(&sig), at.find_tag_automaton(&sig), "{sig:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn tags_ending_a_script_sig_of_any_length_agree_with_the_automaton() {
        // The fast path lower-cases whole 16-byte chunks (the last one overlapping) into a
        // buffer and hands scriptSigs over 112 bytes to the automaton: every length around
        // those edges, tag at the very end, must agree.
        let reg = Registry::builtin();
        let at = Attributor::new(&reg).unwrap();
        for tag in ["emcd", "/ViaBTC/", "Mined By AntPool", "/SBICrypto.com Pool/"] {
            for len in tag.len()..=130 {
                for upper in [false, true] {
                    let mut sig: Vec<u8> =
                        (0..len - tag.len()).map(|k| 0x41 + (k % 40) as u8).collect();
                    if upper {
                        sig.extend(tag.bytes().map(|b| b.to_ascii_uppercase()));
                    } else {
                        sig.extend_from_slice(tag.as_bytes());
                    }
                    let hit = at.find_tag(&sig);
                    assert_eq!(hit, at.find_tag_automaton(&sig), "{sig:?}");
                    assert!(hit.is_some(), "{sig:?}");
                }
            }
        }
    }

    #[test]
    fn every_stride_agrees_with_the_automaton_at_every_length() {
        // The probe mask has 64 bits: with stride 1, scriptSigs over 65 bytes go to the
        // automaton; a tag at the start, in the middle or at the end must be found either way.
        for short in ["Qz", "Qz/", "/Qz/"] {
            let mut reg = Registry::new();
            let s = reg.add_source("t", RegistryFormat::Custom);
            let a = reg.insert_pool("A", None, s);
            reg.insert_tag(a, short, s);
            let at = Attributor::new(&reg).unwrap();
            for len in short.len()..=130 {
                for at_offset in [0, (len - short.len()) / 2, len - short.len()] {
                    let mut sig: Vec<u8> = (0..len).map(|k| 0x80 + (k % 50) as u8).collect();
                    sig.splice(at_offset..at_offset + short.len(), short.bytes());
                    let hit = at.find_tag(&sig);
                    assert_eq!(hit, at.find_tag_automaton(&sig), "{sig:?}");
                    assert_eq!(hit.map(|h| h.offset() as usize), Some(at_offset), "{sig:?}");
                }
            }
        }
    }

    #[test]
    fn long_script_sigs_are_searched_whole() {
        let (reg, a, _) = two_pools();
        let at = Attributor::new(&reg).unwrap();
        let mut sig = vec![0u8; 300];
        sig.extend_from_slice(b"/A/");
        assert_eq!(at.find_tag(&sig).map(|t| t.pool()), Some(a));
    }
}
