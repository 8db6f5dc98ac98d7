//! The attribution hot path allocates nothing: a counting global allocator sees zero
//! allocations on this thread over thousands of attributions.
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use bitcoin::{Amount, ScriptBuf};
use minerscope::chain::{Coinbase, CoinbaseOutput};
use minerscope::pool::{Attributor, ConflictPolicy, Registry};

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

struct Counting;

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn attribution_does_not_allocate() {
    let reg = Registry::builtin();
    let at = Attributor::new(&reg).unwrap().with_policy(ConflictPolicy::TagFirst);
    let payout = reg.addresses()[0].script_pubkey().clone();
    let coinbases: Vec<Coinbase> = reg
        .tags()
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut sig = vec![0x03, i as u8, 0x10, 0x0d, 0xff, 0x00];
            sig.extend_from_slice(t.bytes());
            sig.extend_from_slice(&[0xab; 30]);
            let outs = vec![
                CoinbaseOutput::new(Amount::from_sat(546), ScriptBuf::from_bytes(vec![0xa9; 23])),
                CoinbaseOutput::new(Amount::ONE_BTC, payout.clone()),
                CoinbaseOutput::new(Amount::ZERO, ScriptBuf::from_bytes(vec![0x6a, 0x24, 0xaa])),
            ];
            Coinbase::new(sig, outs)
        })
        .collect();
    let before = ALLOCATIONS.with(Cell::get);
    let mut identified = 0;
    for _ in 0..100 {
        for cb in &coinbases {
            identified += at.attribute(cb).pool().is_some() as usize;
        }
    }
    let after = ALLOCATIONS.with(Cell::get);
    assert_eq!(identified, 100 * coinbases.len());
    assert_eq!(after - before, 0, "allocations in the hot path");
}
