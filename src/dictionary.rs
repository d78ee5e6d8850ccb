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
/// claimed by another entity stays with the first and is reported as a [`Warning`].
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

    /// Finishes: entities sorted by canonical name get dense ids.
    pub fn build(self) -> Dictionary {
        let mut order: Vec<u32> = (0..self.entities.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| {
            self.entities[a as usize]
                .name
                .cmp(&self.entities[b as usize].name)
        });
        let mut id_of = vec![EntityId(0); order.len()];
        for (id, &old) in order.iter().enumerate() {
            id_of[old as usize] = EntityId(id as u32);
        }
        let mut slots: Vec<Option<Entity>> = self.entities.into_iter().map(Some).collect();
        let entities: Vec<Entity> = order
            .iter()
            .map(|&old| slots[old as usize].take().expect("each entity once"))
            .collect();
        // The claims map becomes the alias index as it is (no rehashing of hundreds of
        // thousands of keys): its entity indices go through `id_of`.
        Dictionary {
            loaded: Arc::new(Loaded {
                entities,
                by_alias: self.claims,
                id_of,
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

/// What the builder loaded.
#[derive(Debug)]
struct Loaded {
    /// Sorted by canonical name: [`Dictionary::by_name`] is a binary search.
    entities: Vec<Entity>,
    /// Every alias key with the builder's claim (entity in load order, file and line).
    by_alias: FxHashMap<String, Claim>,
    /// The id of each entity in load order.
    id_of: Vec<EntityId>,
    warnings: Vec<Warning>,
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

    /// The loaded entities, sorted by name; `entities()[id.index()]` is the entity of `id`.
    pub fn entities(&self) -> &[Entity] {
        &self.loaded.entities
    }

    /// The entity of `id`.
    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.loaded.entities[id.index()]
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.loaded.entities.len()
    }

    /// True when there are no entities.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entity with this canonical name.
    pub fn by_name(&self, name: &str) -> Option<EntityId> {
        self.loaded
            .entities
            .binary_search_by(|e| e.name.as_str().cmp(name))
            .ok()
            .map(|i| EntityId(i as u32))
    }

    /// The entity with this canonical name or alias (compared as [`alias_key`]).
    pub fn resolve(&self, name_or_alias: &str) -> Option<EntityId> {
        self.by_name(name_or_alias).or_else(|| {
            let key = alias_key(name_or_alias);
            self.loaded
                .by_alias
                .get(&key)
                .map(|c| self.loaded.id_of[c.entity as usize])
        })
    }

    /// Every (alias, entity) pair of the loaded entities, in entity order.
    pub fn aliases(&self) -> impl Iterator<Item = (&str, EntityId)> {
        self.loaded.entities.iter().enumerate().flat_map(|(i, e)| {
            e.aliases
                .iter()
                .map(move |a| (a.as_str(), EntityId(i as u32)))
        })
    }

    /// Every distinct [`alias_key`] of the loaded entities with its entity, in no particular
    /// order: the patterns the matcher searches for (one per key, however many aliases
    /// share it).
    pub fn alias_keys(&self) -> impl Iterator<Item = (&str, EntityId)> {
        self.loaded
            .by_alias
            .iter()
            .map(|(k, c)| (k.as_str(), self.loaded.id_of[c.entity as usize]))
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
