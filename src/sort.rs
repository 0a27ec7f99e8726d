//! Stable sorting through one copy of the standard library's sort, for the whole app. Pure.
//!
//! `slice::sort_by` and its kin are generic over the element and the comparison, so every call
//! site with its own types compiles its own copy of the sort (driftsort, its small-sorts and
//! merges: ~3 KB of wasm each; eleven copies were 36 KB of the app). Here the standard sort runs
//! on positions with a `dyn` comparison, once, and the elements are then moved into that order:
//! a few dozen bytes per caller. The app's lists are short (a timeline of a few hundred entries
//! at most), so the extra indirection costs nothing a person notices. `tests/tidy.rs` keeps every
//! other sort out of the app's code.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal items in their order (as `slice::sort_by`).
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = positions(items.len(), &|a, b| compare(&items[a], &items[b]));
    permute(items, order);
}

/// Sorts `items` by the key `key` gives, keeping equal keys in their order (as
/// `slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order (as `slice::sort`).
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The positions `0..len` in sorted order: the one place the standard sort is instantiated.
#[inline(never)]
fn positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Moves the item at `order[k]` to position `k`, for every `k`, by swaps along the permutation's
/// cycles. `order` is a permutation of `0..items.len()`.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        // Each cycle is walked once: a position is marked done by pointing to itself.
        let mut at = start;
        while order[at] != start {
            let from = order[at];
            items.swap(at, from);
            order[at] = at;
            at = from;
        }
        order[at] = at;
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_as_the_standard_stable_sort(items in proptest::collection::vec((0u8..6, any::<u16>()), 0..60)) {
            // Keys collide often, so the order of equal keys is checked too.
            let mut ours = items.clone();
            let mut std = items;
            sort_by_key(&mut ours, |&(k, _)| k);
            std.sort_by_key(|&(k, _)| k);
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn sort_by_and_sort_agree_with_the_standard_library(items in proptest::collection::vec(any::<i16>(), 0..60)) {
            let mut ours = items.clone();
            let mut std = items.clone();
            sort_by(&mut ours, |a, b| b.cmp(a));
            std.sort_by(|a, b| b.cmp(a));
            prop_assert_eq!(&ours, &std);
            let mut ours = items.clone();
            let mut std = items;
            sort(&mut ours);
            std.sort();
            prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn a_reversed_list_and_a_long_cycle_come_out_in_order() {
        let mut items: Vec<String> = (0..10).rev().map(|n| format!("item {n}")).collect();
        sort(&mut items);
        let want: Vec<String> = (0..10).map(|n| format!("item {n}")).collect();
        assert_eq!(items, want);
        // One cycle through every position.
        let mut rotated = vec![4, 0, 1, 2, 3];
        sort(&mut rotated);
        assert_eq!(rotated, [0, 1, 2, 3, 4]);
    }
}
