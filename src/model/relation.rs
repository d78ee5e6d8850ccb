//! The relation vocabulary of the annotation guidelines (`relation`, `status`, `role`) and the
//! per-sentence [`Relation`] record that extraction produces.

pub use super::amount::Amount;
pub use super::attributes::Attributes;
use super::entity::EntityKind;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

macro_rules! str_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $s:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $s)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name used in every output.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }

            /// Parses the output name.
            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                Self::parse(s).ok_or_else(|| {
                    let all: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                    format!("unknown {} {s:?} (expected one of {})", stringify!($name), all.join(", "))
                })
            }
        }
    };
}

str_enum! {
    /// The type of a relation, directed source → target unless [`RelationKind::is_undirected`].
    RelationKind {
        /// Source put money into target (投资, 入股, 领投, 跟投, 增持, minority 收购…股份).
        Invest => "invest",
        /// Source bought target outright or took control (收购, 并购, 买下).
        Acquire => "acquire",
        /// A holding stated as a state (X 持有 Y 约14%股权).
        HoldsStake => "holds_stake",
        /// 控股: source controls target.
        Controls => "controls",
        /// Target is a subsidiary, unit or product of source (旗下, 全资子公司).
        Owns => "owns",
        /// Cooperation or joint launch; undirected, first-mentioned is the source.
        Partner => "partner",
        /// Stated rivalry; undirected, first-mentioned is the source.
        Compete => "compete",
        /// Named in the same sentence (not a relation of the guidelines; graph edges only).
        CoMention => "co_mention",
    }
}

impl RelationKind {
    /// Deals: money or control moves (invest, acquire, holds_stake, controls).
    pub const fn is_deal(self) -> bool {
        matches!(
            self,
            RelationKind::Invest
                | RelationKind::Acquire
                | RelationKind::HoldsStake
                | RelationKind::Controls
        )
    }

    /// Partner, compete and co-mention have no direction.
    pub const fn is_undirected(self) -> bool {
        matches!(
            self,
            RelationKind::Partner | RelationKind::Compete | RelationKind::CoMention
        )
    }
}

str_enum! {
    /// How the text states a relation.
    Status {
        /// Stated as fact.
        Asserted => "asserted",
        /// Denied (辟谣, 否认, 并未).
        Denied => "denied",
        /// Rumoured or hedged (传闻, 猜测, 是否, 或将).
        Speculative => "speculative",
        /// Intended (拟, 计划, 将要).
        Planned => "planned",
        /// Imagined or conditional (若, 如果).
        Hypothetical => "hypothetical",
    }
}

str_enum! {
    /// The investor's part in a round.
    Role {
        /// 领投, 牵头.
        Lead => "lead",
        /// 跟投, 参投, other investors.
        Follow => "follow",
        /// 增持: adding to a holding.
        Increase => "increase",
    }
}

/// One relation stated in one sentence: the unit of extraction, `relations.jsonl` and evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// Document id (file name or JSONL id).
    pub doc: String,
    /// The sentence, as it stands in the normalised text.
    pub sentence: String,
    /// Byte range of the sentence in the document's normalised text.
    pub span: Range<usize>,
    /// Canonical source name.
    pub source: String,
    /// The source's kind (for an open-class name, the kind extraction gave it).
    pub source_kind: EntityKind,
    /// The relation.
    pub relation: RelationKind,
    /// Canonical target name.
    pub target: String,
    /// The target's kind (for an open-class name, the kind extraction gave it).
    pub target_kind: EntityKind,
    /// How the text states it.
    pub status: Status,
    /// Role, amount, round, stake and date as the sentence states them.
    pub attrs: Attributes,
    /// The source as it appears in the sentence (a pronoun when resolved by coreference).
    pub source_surface: String,
    /// The target as it appears in the sentence.
    pub target_surface: String,
    /// Name of the rule that produced it.
    pub rule: String,
}

/// An entity a document names outside the dictionary (an open-class name that a relation of
/// the document connects): the per-document overlay the graph receives with the document's
/// facts, so the node keeps its kind and its mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenEntity {
    /// The name, as found.
    pub name: String,
    /// Its kind (person, fund, company, product), from the name's shape and context.
    pub kind: EntityKind,
    /// How often the document names it.
    pub mentions: u64,
}

/// The wire form of one `relations.jsonl` line: the gold fields plus `rule` and `span`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationLine {
    /// Document id.
    pub doc: String,
    /// The sentence.
    pub sentence: String,
    /// Canonical source name.
    pub source: String,
    /// Relation name.
    pub relation: RelationKind,
    /// Canonical target name.
    pub target: String,
    /// Status name.
    pub status: Status,
    /// Role, amount (as text), round, stake and date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), each
    /// or null.
    #[serde(flatten)]
    pub attrs: Attributes<String>,
    /// Source surface form.
    pub source_surface: String,
    /// Target surface form.
    pub target_surface: String,
    /// Rule name (absent in gold files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// `[start, end)` byte range of the sentence (absent in gold files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<[usize; 2]>,
}

impl From<&Relation> for RelationLine {
    fn from(r: &Relation) -> Self {
        RelationLine {
            doc: r.doc.clone(),
            sentence: r.sentence.clone(),
            source: r.source.clone(),
            relation: r.relation,
            target: r.target.clone(),
            status: r.status,
            attrs: Attributes {
                role: r.attrs.role,
                amount: r.attrs.amount.as_ref().map(|a| a.text.clone()),
                round: r.attrs.round.clone(),
                stake: r.attrs.stake.clone(),
                date: r.attrs.date,
            },
            source_surface: r.source_surface.clone(),
            target_surface: r.target_surface.clone(),
            rule: Some(r.rule.clone()),
            span: Some([r.span.start, r.span.end]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for k in RelationKind::ALL {
            assert_eq!(RelationKind::parse(k.as_str()), Some(*k));
            assert_eq!(serde_json::to_string(k).unwrap(), format!("\"{k}\""));
        }
        assert_eq!(
            "holds_stake".parse::<RelationKind>(),
            Ok(RelationKind::HoldsStake)
        );
        assert!("bogus".parse::<Status>().unwrap_err().contains("asserted"));
    }
}
