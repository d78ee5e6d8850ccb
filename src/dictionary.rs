//! The entity dictionary: canonical names, types, aliases and parents, loaded from the bundled
//! `data/entities.jsonl` and from user files (`--dict`), with every problem reported by file and line.

use crate::error::{Error, Result};
pub use crate::model::entity::{Entity, EntityId, EntityKind};
use crate::normalize::normalize;
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::fmt;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The bundled dictionary, compiled into the binary from `data/entities.jsonl`.
pub const BUNDLED_ENTITIES: &str = include_str!("../data/entities.jsonl");

/// A non-fatal problem found while loading (duplicate alias, unusable alias).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file (`<bundled>` for the built-in dictionary).
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// What is wrong and what was done about it.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// The wire form of a JSONL dictionary line.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityLine {
    name: String,
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    parent: Option<String>,
    /// Written by `dealgraph discover` for the curator (deal relations, documents, an
    /// example sentence); accepted and ignored.
    #[serde(default, rename = "deals")]
    _deals: Option<serde::de::IgnoredAny>,
    /// See `_deals`.
    #[serde(default, rename = "documents")]
    _documents: Option<serde::de::IgnoredAny>,
    /// See `_deals`.
    #[serde(default, rename = "example")]
    _example: Option<serde::de::IgnoredAny>,
}

/// Where an alias was first claimed: the entity (index into the builder's entities), the
/// source file (index into its sources) and the line.
#[derive(Debug, Clone, Copy)]
struct Claim {
    entity: u32,
    source: u32,
    line: usize,
}

/// Collects entities from several sources, then builds an immutable [`Dictionary`].
///
/// Later sources add aliases to an entity of the same canonical name; an alias already
/// claimed by another entity stays with the first and is reported as a [`Warning`], except
/// an entity's own canonical name, which it takes from an earlier entity's aliases (a user's
/// `晨兴资本` is not the bundled `五源资本`), also reported.
///
/// Built for large lists (hundreds of thousands of names): each alias is normalised and
/// keyed once, entities live in a vector in the order first seen and get their sorted ids
/// in [`DictionaryBuilder::build`], and the maps use a fast hash.
#[derive(Default)]
pub struct DictionaryBuilder {
    /// Entities in the order first seen.
    entities: Vec<Entity>,
    /// Index into `entities` by canonical name.
    by_name: FxHashMap<String, u32>,
    /// The owner of every alias key.
    claims: FxHashMap<String, Claim>,
    /// The files claims come from.
    sources: Vec<PathBuf>,
    warnings: Vec<Warning>,
}

/// The key under which an alias is compared: NFKC, trimmed, spaces folded, Latin lower-cased.
pub fn alias_key(alias: &str) -> String {
    key_of_normalized(&normalize(alias))
}

/// [`alias_key`] of an alias that is already normalised.
fn key_of_normalized(n: &str) -> String {
    let mut out = String::with_capacity(n.len());
    let mut prev: Option<char> = None;
    let mut pending_space = false;
    for c in n.trim().chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            // A space only separates two Latin words ("Falcon Edge"); next to CJK it is dropped.
            if prev.is_some_and(|p| p.is_ascii_alphanumeric()) && c.is_ascii_alphanumeric() {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c.to_ascii_lowercase());
        prev = Some(c);
    }
    out
}

/// Why an alias cannot be matched, if it cannot.
fn unusable(alias: &str) -> Option<&'static str> {
    unusable_key(&alias_key(alias))
}

/// `Ok` when `alias` can be a dictionary name or alias, else why not (empty, no letter,
/// shorter than two characters, a control character): what the loader rejects or skips.
pub fn usable_alias(alias: &str) -> std::result::Result<(), &'static str> {
    unusable(alias).map_or(Ok(()), Err)
}

/// Why an alias with this [`alias_key`] cannot be matched, if it cannot.
fn unusable_key(key: &str) -> Option<&'static str> {
    if key.is_empty() {
        return Some("empty alias");
    }
    if !key.chars().any(char::is_alphanumeric) {
        return Some("alias has no letter, digit or ideograph");
    }
    if key.chars().count() < 2 {
        return Some("alias shorter than two characters");
    }
    if key.chars().any(|c| c.is_control()) {
        return Some("alias contains a control character");
    }
    None
}

impl DictionaryBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the bundled dictionary.
    pub fn add_bundled(&mut self) -> Result<&mut Self> {
        self.add_jsonl(
            Path::new("<bundled>/data/entities.jsonl"),
            BUNDLED_ENTITIES.as_bytes(),
        )
    }

    /// Adds a dictionary file, JSONL (`.jsonl`/`.json`, or a first line starting with `{`)
    /// or a plain list of names, one per line (`name` or `alias<TAB>canonical name`).
    pub fn add_file(&mut self, path: &Path) -> Result<&mut Self> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let mut reader = std::io::BufReader::new(file);
        let is_jsonl = match path.extension().and_then(|e| e.to_str()) {
            Some("jsonl" | "json" | "ndjson") => true,
            _ => {
                let buf = reader.fill_buf().map_err(|e| Error::io(path, e))?;
                buf.iter()
                    .find(|b| !b.is_ascii_whitespace())
                    .is_some_and(|&b| b == b'{')
            }
        };
        if is_jsonl {
            self.add_jsonl(path, reader)
        } else {
            self.add_list(path, reader)
        }
    }

    /// Adds JSONL entity lines (`{"name", "type", "aliases", "parent"}`) read from `reader`.
    pub fn add_jsonl<R: BufRead>(&mut self, path: &Path, reader: R) -> Result<&mut Self> {
        for (i, line) in read_lines(path, reader) {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let parsed: EntityLine = serde_json::from_str(&line).map_err(|e| {
                Error::dictionary(path, Some(i), format!("not an entity line: {e}"))
            })?;
            let kind = match parsed.kind.as_deref() {
                None => EntityKind::Company,
                Some(k) => EntityKind::parse(k).ok_or_else(|| {
                    Error::dictionary(
                        path,
                        Some(i),
                        format!("unknown type {k:?} (expected company, fund, person or product)"),
                    )
                })?,
            };
            let name = normalize(parsed.name.trim());
            if let Some(why) = unusable(&name) {
                return Err(Error::dictionary(
                    path,
                    Some(i),
                    format!("entity name {:?}: {why}", parsed.name),
                ));
            }
            let parent = parsed
                .parent
                .map(|p| normalize(p.trim()))
                .filter(|p| !p.is_empty());
            self.add_entity(path, i, name, kind, parsed.aliases, parent);
        }
        Ok(self)
    }

    /// Adds a plain list: one name per line, or `alias<TAB>canonical name`; `#` starts a comment line.
    pub fn add_list<R: BufRead>(&mut self, path: &Path, reader: R) -> Result<&mut Self> {
        for (i, line) in read_lines(path, reader) {
            let line = line?;
            let line = line.trim_end_matches(['\r', '\n']);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            // A line without a canonical name is its own (and only) alias.
            let (aliases, canonical) = match line.split_once('\t') {
                Some((a, c)) if !c.trim().is_empty() => (vec![a.to_string()], c),
                _ => (Vec::new(), line),
            };
            let name = normalize(canonical.trim());
            if let Some(why) = unusable_key(&key_of_normalized(&name)) {
                self.warn(path, i, format!("skipped {:?}: {why}", canonical));
                continue;
            }
            let kind = self
                .by_name
                .get(&name)
                .map_or(EntityKind::Company, |&i| self.entities[i as usize].kind);
            self.add_entity(path, i, name, kind, aliases, None);
        }
        Ok(self)
    }

    fn warn(&mut self, path: &Path, line: usize, message: String) {
        self.warnings.push(Warning {
            path: path.to_path_buf(),
            line,
            message,
        });
    }

    /// The index of `path` among the sources (the last one is reused).
    fn source(&mut self, path: &Path) -> u32 {
        if self.sources.last().is_none_or(|p| p != path) {
            self.sources.push(path.to_path_buf());
        }
        (self.sources.len() - 1) as u32
    }

    fn add_entity(
        &mut self,
        path: &Path,
        line: usize,
        name: String,
        kind: EntityKind,
        aliases: Vec<String>,
        parent: Option<String>,
    ) {
        let source = self.source(path);
        let next = self.entities.len() as u32;
        let entity = *self.by_name.entry(name.clone()).or_insert(next);
        if entity == next {
            self.entities.push(Entity {
                name: name.clone(),
                kind,
                aliases: Vec::new(),
                parent: None,
            });
        } else if self.entities[entity as usize].kind != kind {
            // The same name twice: one entity, aliases merged; the first type stays.
            let first = self.entities[entity as usize].kind;
            let message = format!(
                "entity {name:?} is already defined as a {}; kept that type, not {}, and merged the aliases",
                first.as_str(),
                kind.as_str()
            );
            self.warn(path, line, message);
        }
        // Keys seen on this line and whether they were accepted: a key repeated on the line
        // (an alias equal to the name, or differing only in case) is warned about once.
        let mut seen: Vec<(String, bool)> = Vec::with_capacity(aliases.len() + 1);
        for written in std::iter::once(name).chain(aliases) {
            let alias = normalize(written.trim());
            let key = key_of_normalized(&alias);
            if let Some(why) = unusable_key(&key) {
                // As written in the file, so that it can be found there.
                let name = &self.entities[entity as usize].name;
                let message = format!("alias {written:?} of {name:?} skipped: {why}");
                self.warn(path, line, message);
                continue;
            }
            let accepted = match seen.iter().find(|(k, _)| *k == key) {
                Some(&(_, accepted)) => accepted,
                None => {
                    let accepted = self.claim(key.clone(), entity, source, line, &alias, path);
                    seen.push((key, accepted));
                    accepted
                }
            };
            let aliases = &mut self.entities[entity as usize].aliases;
            if accepted && !aliases.contains(&alias) {
                aliases.push(alias);
            }
        }
        let e = &mut self.entities[entity as usize];
        if e.parent.is_none() {
            e.parent = parent;
        }
    }

    /// Claims `key` for `entity` unless another entity has it (then warns); true if the
    /// entity owns the key.
    fn claim(
        &mut self,
        key: String,
        entity: u32,
        source: u32,
        line: usize,
        alias: &str,
        path: &Path,
    ) -> bool {
        match self.claims.get(&key) {
            // An entity's own name beats another entity's alias from an earlier source
            // (a user's 晨兴资本 over the bundled alias of 五源资本): the name moves.
            Some(claim)
                if claim.entity != entity
                    && key == alias_key(&self.entities[entity as usize].name)
                    && key != alias_key(&self.entities[claim.entity as usize].name) =>
            {
                let old = claim.entity as usize;
                let message = format!(
                    "alias {alias:?} of {:?} ({}:{}) now names {:?}",
                    self.entities[old].name,
                    self.sources[claim.source as usize].display(),
                    claim.line,
                    self.entities[entity as usize].name,
                );
                self.entities[old].aliases.retain(|a| alias_key(a) != key);
                self.warn(path, line, message);
                self.claims.insert(
                    key,
                    Claim {
                        entity,
                        source,
                        line,
                    },
                );
                true
            }
            Some(claim) if claim.entity != entity => {
                let message = format!(
                    "alias {alias:?} of {:?} is already claimed by {:?} ({}:{}); kept there",
                    self.entities[entity as usize].name,
                    self.entities[claim.entity as usize].name,
                    self.sources[claim.source as usize].display(),
                    claim.line
                );
                self.warn(path, line, message);
                false
            }
            Some(_) => true,
            None => {
                let claim = Claim {
                    entity,
                    source,
                    line,
                };
                self.claims.insert(key, claim);
                true
            }
        }
    }

    /// Finishes: entities sorted by canonical name get dense ids, and every string moves
    /// into the compact [`Dictionary`] storage (one arena, offsets, ids).
    pub fn build(self) -> Dictionary {
        let mut order: Vec<u32> = (0..self.entities.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| {
            self.entities[a as usize]
                .name
                .cmp(&self.entities[b as usize].name)
        });
        let arena_len: usize = self
            .entities
            .iter()
            .map(|e| e.name.len() + e.aliases.iter().map(String::len).sum::<usize>())
            .sum();
        let mut text = String::with_capacity(arena_len);
        let mut records = Vec::with_capacity(order.len());
        let mut aliases = Vec::with_capacity(self.claims.len());
        let mut keys = Vec::with_capacity(self.claims.len());
        let mut own_keys: Vec<String> = Vec::new();
        let push = |text: &mut String, s: &str| {
            let start = text.len() as u32;
            text.push_str(s);
            Str::new(start, s.len() as u32)
        };
        for (id, &old) in order.iter().enumerate() {
            let e = &self.entities[old as usize];
            // The name is stored once; an alias equal to it (almost always the first) and an
            // alias key equal to an alias (every CJK alias) point at the same bytes.
            let name = push(&mut text, &e.name);
            let parent = e.parent.as_deref().map(|p| push(&mut text, p));
            own_keys.clear();
            for a in &e.aliases {
                let at = if *a == e.name {
                    name
                } else {
                    push(&mut text, a)
                };
                aliases.push(at);
                let key = key_of_normalized(a);
                // Each key the entity owns once, from the first of its aliases that gives it.
                if self.claims.get(&key).is_some_and(|c| c.entity == old)
                    && !own_keys.contains(&key)
                {
                    let k = if key == *a { at } else { push(&mut text, &key) };
                    keys.push((k, EntityId(id as u32)));
                    own_keys.push(key);
                }
            }
            records.push(Record {
                name,
                parent: parent.unwrap_or(Str::NONE),
                aliases_end: aliases.len() as u32,
                kind: e.kind,
            });
        }
        debug_assert_eq!(keys.len(), self.claims.len());
        drop(self.claims);
        drop(self.by_name);
        keys.sort_unstable_by(|a, b| a.0.get(&text).cmp(b.0.get(&text)));
        Dictionary {
            loaded: Arc::new(Loaded {
                text,
                records,
                aliases,
                keys,
                warnings: self.warnings,
            }),
        }
    }
}

/// Reads lines with their 1-based numbers; invalid UTF-8 is an error naming the line.
fn read_lines<'a, R: BufRead + 'a>(
    path: &'a Path,
    mut reader: R,
) -> impl Iterator<Item = (usize, Result<String>)> + 'a {
    let mut line_no = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut buf = Vec::new();
        line_no += 1;
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => None,
            Ok(_) => {
                if buf.ends_with(b"\n") {
                    buf.pop();
                }
                if buf.ends_with(b"\r") {
                    buf.pop();
                }
                Some((
                    line_no,
                    String::from_utf8(buf).map_err(|e| {
                        Error::dictionary(
                            path,
                            Some(line_no),
                            format!(
                                "invalid UTF-8 at byte {} of the line",
                                e.utf8_error().valid_up_to()
                            ),
                        )
                    }),
                ))
            }
            Err(e) => {
                done = true;
                Some((line_no, Err(Error::io(path, e))))
            }
        }
    })
}

/// An immutable set of entities with dense ids and an alias index.
///
/// The loaded entities are shared: cloning a dictionary copies a pointer, not the hundreds
/// of thousands of names of a large dictionary. The open-class names extraction finds in a
/// document are that document's overlay ([`crate::extract::Entities`]), never added here.
#[derive(Debug, Clone)]
pub struct Dictionary {
    loaded: Arc<Loaded>,
}

/// A string of [`Loaded::text`]: byte offset and length.
///
/// Why: 8 bytes and no allocation per name, against 24 bytes plus a heap block (32 bytes or
/// more) for a `String`; with 267k names that is the difference between 3 and 30 MB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Str {
    pub(crate) start: u32,
    pub(crate) len: u32,
}

impl Str {
    /// No string (an entity without a parent).
    pub(crate) const NONE: Str = Str {
        start: u32::MAX,
        len: u32::MAX,
    };

    pub(crate) fn new(start: u32, len: u32) -> Self {
        Str { start, len }
    }

    /// The string in `text`.
    pub(crate) fn get(self, text: &str) -> &str {
        &text[self.start as usize..(self.start + self.len) as usize]
    }

    /// The string in `text`, `None` for [`Str::NONE`].
    fn get_opt(self, text: &str) -> Option<&str> {
        (self != Str::NONE).then(|| self.get(text))
    }
}

/// One entity of [`Loaded`].
///
/// Why: a fixed 24-byte row instead of an [`Entity`] (80 bytes and three or more heap
/// blocks); the aliases are a range of [`Loaded::aliases`] ending at `aliases_end` and
/// starting where the previous entity's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Record {
    pub(crate) name: Str,
    /// [`Str::NONE`] when there is none.
    pub(crate) parent: Str,
    pub(crate) aliases_end: u32,
    pub(crate) kind: EntityKind,
}

/// What the builder loaded, in compact form (also what the dictionary cache stores).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Loaded {
    /// Every name, alias, alias key and parent, back to back. Why one arena: one allocation
    /// instead of one per string, strings shared by offset (a name that is also its alias
    /// and its key is stored once), and the whole dictionary is a few flat arrays that the
    /// cache writes and reads without parsing.
    pub(crate) text: String,
    /// The entities sorted by canonical name, so an [`EntityId`] is an index and
    /// [`Dictionary::by_name`] a binary search (no name map).
    pub(crate) records: Vec<Record>,
    /// The aliases of every entity, in entity order (see [`Record::aliases_end`]).
    pub(crate) aliases: Vec<Str>,
    /// Every alias key with the id of the entity that owns it, sorted by key bytes. Why a
    /// sorted array rather than a hash map: 12 bytes a key and no rehashing;
    /// [`Dictionary::resolve`] is a binary search, the matcher reads its patterns from
    /// here, and keys sharing a prefix are neighbours, which the matcher's boundary check
    /// uses to find the names inside a text window.
    pub(crate) keys: Vec<(Str, EntityId)>,
    pub(crate) warnings: Vec<Warning>,
}

/// One entity of a [`Dictionary`], borrowed: names point into the dictionary's storage.
#[derive(Clone, Copy)]
pub struct EntityRef<'a> {
    /// Canonical name.
    pub name: &'a str,
    /// What kind of entity it is.
    pub kind: EntityKind,
    /// Canonical name of the parent entity (for subsidiaries and products).
    pub parent: Option<&'a str>,
    aliases: AliasesRef<'a>,
}

/// Where the aliases of an [`EntityRef`] live.
#[derive(Clone, Copy)]
enum AliasesRef<'a> {
    Arena(&'a str, &'a [Str]),
    Owned(&'a [String]),
}

impl<'a> EntityRef<'a> {
    /// Every surface form, the canonical name first.
    pub fn aliases(&self) -> Aliases<'a> {
        Aliases {
            list: self.aliases,
            next: 0,
        }
    }

    /// An owned copy.
    pub fn to_entity(&self) -> Entity {
        Entity {
            name: self.name.to_string(),
            kind: self.kind,
            aliases: self.aliases().map(str::to_string).collect(),
            parent: self.parent.map(str::to_string),
        }
    }
}

/// The aliases of an [`EntityRef`], in order.
#[derive(Clone)]
pub struct Aliases<'a> {
    list: AliasesRef<'a>,
    next: usize,
}

impl<'a> Iterator for Aliases<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let i = self.next;
        let item = match self.list {
            AliasesRef::Arena(text, list) => list.get(i).map(|s| s.get(text)),
            AliasesRef::Owned(list) => list.get(i).map(String::as_str),
        };
        self.next += item.is_some() as usize;
        item
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = match self.list {
            AliasesRef::Arena(_, list) => list.len(),
            AliasesRef::Owned(list) => list.len(),
        } - self.next;
        (len, Some(len))
    }
}

impl ExactSizeIterator for Aliases<'_> {}

impl fmt::Debug for EntityRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EntityRef")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("aliases", &self.aliases().collect::<Vec<_>>())
            .field("parent", &self.parent)
            .finish()
    }
}

impl PartialEq for EntityRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.kind == other.kind
            && self.parent == other.parent
            && self.aliases().eq(other.aliases())
    }
}

impl Entity {
    /// This entity borrowed as an [`EntityRef`].
    pub fn view(&self) -> EntityRef<'_> {
        EntityRef {
            name: &self.name,
            kind: self.kind,
            parent: self.parent.as_deref(),
            aliases: AliasesRef::Owned(&self.aliases),
        }
    }
}

impl Dictionary {
    /// A builder.
    pub fn builder() -> DictionaryBuilder {
        DictionaryBuilder::new()
    }

    /// The bundled dictionary alone.
    pub fn bundled() -> Result<Self> {
        let mut b = DictionaryBuilder::new();
        b.add_bundled()?;
        Ok(b.build())
    }

    /// The bundled dictionary plus the given user files.
    pub fn with_files(files: &[PathBuf]) -> Result<Self> {
        let mut b = DictionaryBuilder::new();
        b.add_bundled()?;
        for f in files {
            b.add_file(f)?;
        }
        Ok(b.build())
    }

    /// A dictionary over storage read back from the cache.
    pub(crate) fn from_loaded(loaded: Loaded) -> Self {
        Dictionary {
            loaded: Arc::new(loaded),
        }
    }

    /// The compact storage (for the cache and the matcher).
    pub(crate) fn loaded(&self) -> &Loaded {
        &self.loaded
    }

    /// The loaded entities, sorted by name; the `n`-th is the entity of `EntityId(n)`.
    pub fn entities(&self) -> impl ExactSizeIterator<Item = EntityRef<'_>> + '_ {
        (0..self.len()).map(|i| self.entity(EntityId(i as u32)))
    }

    /// The entity of `id`.
    pub fn entity(&self, id: EntityId) -> EntityRef<'_> {
        let l = &*self.loaded;
        let r = &l.records[id.index()];
        let first = match id.index() {
            0 => 0,
            i => l.records[i - 1].aliases_end as usize,
        };
        EntityRef {
            name: r.name.get(&l.text),
            kind: r.kind,
            parent: r.parent.get_opt(&l.text),
            aliases: AliasesRef::Arena(&l.text, &l.aliases[first..r.aliases_end as usize]),
        }
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.loaded.records.len()
    }

    /// True when there are no entities.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entity with this canonical name.
    pub fn by_name(&self, name: &str) -> Option<EntityId> {
        let l = &*self.loaded;
        l.records
            .binary_search_by(|r| r.name.get(&l.text).cmp(name))
            .ok()
            .map(|i| EntityId(i as u32))
    }

    /// The entity with this canonical name or alias (compared as [`alias_key`]).
    pub fn resolve(&self, name_or_alias: &str) -> Option<EntityId> {
        self.by_name(name_or_alias).or_else(|| {
            let key = alias_key(name_or_alias);
            let l = &*self.loaded;
            l.keys
                .binary_search_by(|(k, _)| k.get(&l.text).cmp(&key))
                .ok()
                .map(|i| l.keys[i].1)
        })
    }

    /// Every (alias, entity) pair of the loaded entities, in entity order.
    pub fn aliases(&self) -> impl Iterator<Item = (&str, EntityId)> {
        let l = &*self.loaded;
        let mut entity = 0usize;
        l.aliases.iter().enumerate().map(move |(i, a)| {
            while l.records[entity].aliases_end as usize <= i {
                entity += 1;
            }
            (a.get(&l.text), EntityId(entity as u32))
        })
    }

    /// Every distinct [`alias_key`] of the loaded entities with its entity, sorted by key:
    /// the patterns the matcher searches for (one per key, however many aliases share it).
    pub fn alias_keys(&self) -> impl ExactSizeIterator<Item = (&str, EntityId)> {
        let l = &*self.loaded;
        l.keys.iter().map(move |&(k, id)| (k.get(&l.text), id))
    }

    /// Problems found while loading (duplicate or unusable aliases), in file order.
    pub fn warnings(&self) -> &[Warning] {
        &self.loaded.warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(jsonl: &str) -> Result<Dictionary> {
        let mut b = DictionaryBuilder::new();
        b.add_jsonl(Path::new("t.jsonl"), jsonl.as_bytes())?;
        Ok(b.build())
    }

    #[test]
    fn ids_follow_sorted_names_and_aliases_resolve() {
        let d = load(
            "{\"name\":\"腾讯\",\"type\":\"company\",\"aliases\":[\"Tencent\",\"腾讯控股\"]}\n\
             {\"name\":\"京东\",\"type\":\"company\",\"aliases\":[\"JD.com\"]}\n",
        )
        .unwrap();
        assert_eq!(d.entity(EntityId(0)).name, "京东");
        assert_eq!(d.resolve("tencent"), d.by_name("腾讯"));
        assert_eq!(d.resolve("ＪＤ.com"), d.by_name("京东"));
        assert_eq!(d.resolve("腾讯控股"), d.by_name("腾讯"));
    }

    #[test]
    fn discover_fields_are_accepted_and_other_unknown_fields_are_errors() {
        let d = load(
            "{\"name\":\"星河科技\",\"type\":\"company\",\"aliases\":[\"星河\"],\
             \"deals\":4,\"documents\":2,\"example\":\"星河科技完成融资。\"}\n",
        )
        .unwrap();
        assert_eq!(d.warnings(), []);
        assert_eq!(d.resolve("星河"), d.by_name("星河科技"));
        let err = load("{\"name\":\"星河科技\",\"score\":1}\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "t.jsonl:1: not an entity line: unknown field `score`, expected one of \
             `name`, `type`, `aliases`, `parent`, `deals`, `documents`, `example` \
             at line 1 column 30"
        );
    }

    #[test]
    fn broken_line_names_file_and_line() {
        let err = load("{\"name\":\"a公司\"}\n{broken\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("t.jsonl:2:"), "{err}");
        let err = load("{\"name\":\"甲公司\",\"type\":\"bank\"}")
            .unwrap_err()
            .to_string();
        assert!(err.contains("t.jsonl:1") && err.contains("bank"), "{err}");
    }

    #[test]
    fn a_later_entity_takes_its_own_name_from_an_earlier_alias() {
        let mut b = DictionaryBuilder::new();
        b.add_jsonl(
            Path::new("bundled.jsonl"),
            "{\"name\":\"五源资本\",\"type\":\"fund\",\"aliases\":[\"晨兴资本\",\"5Y Capital\"]}\n"
                .as_bytes(),
        )
        .unwrap();
        b.add_jsonl(
            Path::new("user.jsonl"),
            "{\"name\":\"晨兴资本\",\"type\":\"fund\",\"aliases\":[\"晨兴资本\"]}\n".as_bytes(),
        )
        .unwrap();
        let d = b.build();
        assert_eq!(d.resolve("晨兴资本"), d.by_name("晨兴资本"));
        assert_eq!(d.resolve("5Y Capital"), d.by_name("五源资本"));
        let five = d.entity(d.by_name("五源资本").unwrap());
        assert_eq!(
            five.aliases().collect::<Vec<_>>(),
            ["五源资本", "5Y Capital"]
        );
        let w: Vec<String> = d.warnings().iter().map(|w| w.to_string()).collect();
        assert_eq!(
            w,
            ["user.jsonl:1: alias \"晨兴资本\" of \"五源资本\" (bundled.jsonl:1) now names \"晨兴资本\""]
        );
    }

    #[test]
    fn duplicate_alias_is_reported_and_kept_with_the_first() {
        let d = load(
            "{\"name\":\"甲公司\",\"aliases\":[\"甲\",\"共享名\"]}\n{\"name\":\"乙公司\",\"aliases\":[\"共享名\",\"  \",\"!!\"]}\n",
        )
        .unwrap();
        assert_eq!(d.resolve("共享名"), d.by_name("甲公司"));
        let w: Vec<String> = d.warnings().iter().map(|w| w.to_string()).collect();
        assert!(
            w.iter()
                .any(|m| m.starts_with("t.jsonl:2:") && m.contains("already claimed")),
            "{w:?}"
        );
        assert!(w.iter().any(|m| m.contains("empty alias")), "{w:?}");
        assert!(w.iter().any(|m| m.contains("no letter")), "{w:?}");
        assert!(
            w.iter()
                .any(|m| m.starts_with("t.jsonl:1:") && m.contains("shorter")),
            "{w:?}"
        );
    }

    #[test]
    fn plain_list_with_optional_canonical() {
        let mut b = DictionaryBuilder::new();
        b.add_list(
            Path::new("l.txt"),
            "# comment\n小红书\nRED\t小红书\n\n!!!\n".as_bytes(),
        )
        .unwrap();
        let d = b.build();
        assert_eq!(d.len(), 1);
        assert_eq!(d.resolve("red"), d.by_name("小红书"));
        assert_eq!(d.warnings().len(), 1);
    }

    #[test]
    fn alias_keys_fold_case_width_and_cjk_spaces() {
        assert_eq!(alias_key("H 资本"), "h资本");
        assert_eq!(alias_key(" Falcon  Edge "), "falcon edge");
        assert_eq!(alias_key("Ｋｏｕｄａｉ 吴钩"), "koudai吴钩");
    }

    #[test]
    fn bundled_dictionary_loads_cleanly() {
        let d = Dictionary::bundled().unwrap();
        assert!(d.len() >= 400, "{} entities", d.len());
        assert!(
            d.warnings().is_empty(),
            "{:?}",
            &d.warnings()[..d.warnings().len().min(5)]
        );
        for e in d.entities() {
            if let Some(p) = &e.parent {
                assert!(
                    d.by_name(p).is_some(),
                    "{}: parent {p} is not an entity",
                    e.name
                );
            }
        }
    }
}
