//! Hash maps and sets with a fast hasher (ahash), below every stage: the
//! site model's hot lookups and output's folder cache use them.

use std::collections::{HashMap, HashSet};

/// A hash map with a fast hasher, for the model's hot lookups; nothing
/// iterates one in an order that reaches the output.
pub(crate) type FastMap<K, V> = HashMap<K, V, ahash::RandomState>;
/// A `HashSet` with ahash.
pub(crate) type FastSet<K> = HashSet<K, ahash::RandomState>;
