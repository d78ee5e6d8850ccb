//! Entities: what kind of thing a name is ([`EntityKind`]), its dense id in a dictionary
//! ([`EntityId`]) and its record ([`Entity`]: canonical name, kind, aliases, parent).

use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum EntityKind {
    /// A company or other organisation.
    Company,
    /// An investment fund, VC/PE firm or state fund.
    Fund,
    /// A person.
    Person,
    /// A product, app or brand.
    Product,
}

impl EntityKind {
    /// All kinds, in a stable order.
    pub const ALL: [EntityKind; 4] = [
        EntityKind::Company,
        EntityKind::Fund,
        EntityKind::Person,
        EntityKind::Product,
    ];

    /// The lower-case name used in every output (`company`, `fund`, `person`, `product`).
    pub const fn as_str(self) -> &'static str {
        match self {
            EntityKind::Company => "company",
            EntityKind::Fund => "fund",
            EntityKind::Person => "person",
            EntityKind::Product => "product",
        }
    }

    /// Parses the lower-case name.
    pub fn parse(s: &str) -> Option<Self> {
        EntityKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Dense identifier of an entity inside one [`Dictionary`](crate::dictionary::Dictionary); ids follow the sorted canonical names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EntityId(pub u32);

impl EntityId {
    /// The id as an index into [`Dictionary::entities`](crate::dictionary::Dictionary::entities).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One entity of the dictionary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Canonical name (the most common full Chinese name).
    pub name: String,
    /// What kind of entity it is.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// Every surface form, the canonical name first.
    pub aliases: Vec<String>,
    /// Canonical name of the parent entity (for subsidiaries and products).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}
