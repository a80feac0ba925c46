//! The set of ids a batch has taken, kept small: an 80-bit fingerprint per distinct id, most of
//! them in one sorted array (10 bytes each, no table overhead) and the newest in a small hash
//! set that is merged into the array when it fills. A hash set of all of them would cost about
//! twice as much and double its table as it grows, which made a batch's peak memory grow with
//! its input (see BENCHMARKS.md).

use std::collections::HashSet;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

/// A fingerprint: 80 bits of two keyed SipHash-1-3 hashes. Two distinct ids share one (and the
/// second would be skipped as a duplicate) with a chance of about n²/2⁸¹ over n ids: 4·10⁻¹⁵ at
/// 100,000, 4·10⁻¹¹ at ten million. 80 rather than 128 bits because the set is what a batch's
/// memory grows with; 10 bytes an id keeps 100,000 ids within 10% of 10,000 (BENCHMARKS.md).
type Fingerprint = [u16; 5];

/// The tail is merged into the sorted array once it holds this many fingerprints, or a
/// sixteenth of the array if that is more: each merge moves the whole array, so its size
/// must grow with the array for the cost per id to stay constant (16 moves per id).
const MIN_TAIL: usize = 4096;

/// Ids already taken: a batch fetches each id once, and a resumed one skips what an earlier
/// run wrote. Each `Seen` keys its fingerprints afresh, so a collision (already unlikely) is
/// not repeated by the next run.
#[derive(Debug)]
pub struct Seen {
    keys: (RandomState, RandomState),
    sorted: Vec<Fingerprint>,
    tail: HashSet<Fingerprint>,
}

impl Default for Seen {
    fn default() -> Self {
        Self {
            keys: (RandomState::new(), RandomState::new()),
            sorted: Vec::new(),
            tail: HashSet::new(),
        }
    }
}

impl Seen {
    /// No id yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `id`; `true` the first time.
    pub fn insert(&mut self, id: &str) -> bool {
        let print = self.fingerprint(id);
        if self.sorted.binary_search(&print).is_ok() || !self.tail.insert(print) {
            return false;
        }
        if self.tail.len() >= MIN_TAIL.max(self.sorted.len() / 16) {
            self.merge_tail();
        }
        true
    }

    /// Whether `id` was recorded.
    pub fn contains(&self, id: &str) -> bool {
        let print = self.fingerprint(id);
        self.tail.contains(&print) || self.sorted.binary_search(&print).is_ok()
    }

    /// How many ids were recorded.
    pub fn len(&self) -> usize {
        self.sorted.len() + self.tail.len()
    }

    /// Whether none was.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn fingerprint(&self, id: &str) -> Fingerprint {
        let high = self.keys.0.hash_one(id);
        let low = self.keys.1.hash_one(id);
        // Truncations on purpose: the fingerprint is the top 80 of these 128 bits.
        [
            (high >> 48) as u16,
            (high >> 32) as u16,
            (high >> 16) as u16,
            high as u16,
            (low >> 48) as u16,
        ]
    }

    /// Moves the tail into the sorted array in one pass from the back, in place: the array
    /// grows by the tail's length and nothing else is allocated but the tail's sorted copy.
    fn merge_tail(&mut self) {
        let mut tail: Vec<Fingerprint> = self.tail.drain().collect();
        tail.sort_unstable();
        let old = self.sorted.len();
        self.sorted.resize(old + tail.len(), [0; 5]);
        let (mut from, mut to) = (old, self.sorted.len());
        while let Some(&next) = tail.last() {
            to -= 1;
            if from > 0 && self.sorted[from - 1] > next {
                from -= 1;
                self.sorted[to] = self.sorted[from];
            } else {
                self.sorted[to] = next;
                tail.pop();
            }
        }
        // A tail this large again would be merged soon; a small one keeps the set's memory
        // close to 10 bytes an id.
        self.tail.shrink_to(MIN_TAIL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_id_counts_once_across_merges_and_the_array_stays_sorted() {
        let mut seen = Seen::new();
        assert!(seen.is_empty());
        let n = 3 * MIN_TAIL + 123;
        for i in 0..n {
            assert!(seen.insert(&format!("id-{i}")), "id-{i} is new");
        }
        assert_eq!(seen.len(), n);
        assert!(
            seen.sorted.len() >= 2 * MIN_TAIL,
            "merged: {}",
            seen.sorted.len()
        );
        assert!(seen.sorted.windows(2).all(|w| w[0] < w[1]));
        for i in (0..n).rev() {
            let id = format!("id-{i}");
            assert!(seen.contains(&id), "{id}");
            assert!(!seen.insert(&id), "{id} again");
        }
        assert_eq!(seen.len(), n);
        assert!(!seen.contains("id-x") && !seen.contains(&format!("id-{n}")));
    }

    /// Each merge moves the whole array, so when it happens is what keeps a batch linear: the
    /// tail is merged exactly when it holds `MIN_TAIL` ids or a sixteenth of the array, not
    /// sooner (a merge per id would be quadratic) nor later (the hash set would grow).
    #[test]
    fn the_tail_is_merged_when_it_holds_a_sixteenth_of_the_array() {
        let mut seen = Seen::new();
        for i in 0..MIN_TAIL - 1 {
            seen.insert(&i.to_string());
        }
        assert!(!seen.is_empty());
        assert!(seen.sorted.is_empty(), "merged before the tail was full");
        let mut merges = Vec::new();
        for i in MIN_TAIL - 1..20 * MIN_TAIL {
            let before = seen.sorted.len();
            seen.insert(&i.to_string());
            if seen.sorted.len() != before {
                merges.push((before, seen.sorted.len() - before));
                assert!(seen.tail.is_empty());
            }
        }
        assert!(merges.len() > 16, "{merges:?}");
        for (array, merged) in merges {
            assert_eq!(merged, MIN_TAIL.max(array / 16), "array of {array}");
        }
    }

    #[test]
    fn fingerprints_tell_ids_apart_and_differ_between_sets() {
        let seen = Seen::new();
        assert_ne!(seen.fingerprint("ab"), seen.fingerprint("ba"));
        assert_ne!(seen.fingerprint(""), seen.fingerprint(" "));
        assert_eq!(seen.fingerprint("x"), seen.fingerprint("x"));
        // Both hashes count: the last word is not a copy of one of the first four.
        let f = seen.fingerprint("x");
        assert!(f[..4].iter().all(|&w| w != f[4]));
        assert_ne!(Seen::new().fingerprint("x"), f);
        // Every word varies from id to id: none is a constant (a shift the wrong way).
        let prints: Vec<Fingerprint> = (0..1000)
            .map(|i| seen.fingerprint(&i.to_string()))
            .collect();
        for word in 0..5 {
            let distinct: std::collections::HashSet<u16> = prints.iter().map(|p| p[word]).collect();
            assert!(
                distinct.len() > 900,
                "word {word}: {} values",
                distinct.len()
            );
        }
    }
}
