//! Name resolution: a user's name (canonical, alias, other case or width) to a graph node, and
//! the nearest known names when there is none.

use crate::dictionary::alias_key;
use crate::error::{Error, Result};
use crate::graph::KnowledgeGraph;
use petgraph::graph::NodeIndex;

/// How many names an "unknown entity" message suggests.
const SUGGESTIONS: usize = 5;

impl KnowledgeGraph {
    /// The node a user's name stands for: the canonical name itself, or the one node whose name
    /// or alias has the same [`alias_key`] (NFKC, case-insensitive Latin, spaces folded).
    /// An unknown name is an [`Error::Query`] listing the nearest known names; a name shared
    /// by several nodes is an error listing them.
    pub fn resolve(&self, name: &str) -> Result<NodeIndex> {
        if let Some(i) = self.node_index(name) {
            return Ok(i);
        }
        let key = alias_key(name);
        let g = self.petgraph();
        let mut hits: Vec<NodeIndex> = g
            .node_indices()
            .filter(|&i| {
                let n = &g[i];
                alias_key(&n.name) == key || n.aliases.iter().any(|a| alias_key(a) == key)
            })
            .collect();
        hits.sort_by(|&a, &b| g[a].name.cmp(&g[b].name));
        match hits.as_slice() {
            [one] => Ok(*one),
            [] => {
                let near = self.suggest(name, SUGGESTIONS);
                Err(Error::Query(if near.is_empty() {
                    format!("unknown entity {name:?}: no name in the graph is like it")
                } else {
                    format!(
                        "unknown entity {name:?}; nearest known names: {}",
                        near.join(", ")
                    )
                }))
            }
            many => Err(Error::Query(format!(
                "{name:?} is ambiguous: it names {}",
                many.iter()
                    .map(|&i| g[i].name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// The canonical name a user's name stands for (see [`KnowledgeGraph::resolve`]).
    pub fn resolve_name(&self, name: &str) -> Result<&str> {
        self.resolve(name).map(|i| self.petgraph()[i].name.as_str())
    }

    /// Up to `n` canonical names nearest to `name`: by the smallest Levenshtein distance
    /// (in characters) between its key and the key of any of a node's names and aliases,
    /// then by name. Only names within half of `name`'s length (at least one edit) count as
    /// near, so the list may be empty.
    pub fn suggest(&self, name: &str, n: usize) -> Vec<String> {
        let key = alias_key(name);
        let mut scored: Vec<(usize, &str)> = self
            .petgraph()
            .node_weights()
            .map(|node| {
                let d = std::iter::once(&node.name)
                    .chain(&node.aliases)
                    .map(|a| strsim::levenshtein(&key, &alias_key(a)))
                    .min()
                    .unwrap_or(usize::MAX);
                (d, node.name.as_str())
            })
            .collect();
        scored.sort();
        // Near means at most half of the characters differ.
        let max = key.chars().count().div_ceil(2).max(1);
        scored
            .into_iter()
            .take_while(|&(d, _)| d <= max)
            .take(n)
            .map(|(_, s)| s.to_string())
            .collect()
    }
}
