//! The cache of a large dictionary: the compact [`Dictionary`] storage and the matcher's
//! automaton, written once to a file and read back on the next run instead of parsing the
//! names and building the automaton again (267k names: 1.5 CPU s and 250 MiB cold, a few
//! hundredths of a second warm).
//!
//! Where: beside the last `--dict` file (`NAME.dealgraph-cache`) when its folder is
//! writable, else in the user cache folder (`$XDG_CACHE_HOME/dealgraph` or
//! `~/.cache/dealgraph`), else nowhere (the dictionary is built in memory, as without a
//! cache). When: only for large dictionaries ([`CacheOptions::min_bytes`] of user files) whose
//! automaton is the daachorse one.
//!
//! Validity: the file starts with a key naming the format, the dealgraph version, the
//! bundled dictionary (length and CRC-32) and every `--dict` file in order (path, size,
//! modification time and CRC-32 of its content); any difference, and any damage (the file
//! ends with the CRC-32 of everything before it, and every offset is checked), makes the
//! cache stale: it is rebuilt and replaced. It is written to a temporary file in the same
//! folder and renamed, so a reader never sees half a cache.

use crate::dictionary::{Dictionary, EntityId, EntityKind, Loaded, Record, Str, Warning};
use crate::error::{Error, Result};
use crate::matcher::{Engine, Matcher};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The first bytes of a cache file.
const MAGIC: &[u8; 16] = b"dealgraph dict\n\0";

/// Bumped whenever the layout, the dictionary's storage, the rules that build it or the
/// automaton's patterns change (daachorse 5's serialisation is part of it). 2: an entity
/// takes its own name from an earlier entity's aliases.
const FORMAT: u32 = 2;

/// The extension of a cache file.
pub const EXTENSION: &str = "dealgraph-cache";

/// When and where the cache is used.
#[derive(Debug, Clone)]
pub struct CacheOptions {
    /// Use a cache at all.
    pub enabled: bool,
    /// Only when the user dictionary files add up to this many bytes (small ones are built
    /// in milliseconds).
    pub min_bytes: u64,
    /// The folder used when the one of the last `--dict` file is not writable; `None`: the
    /// user cache folder.
    pub fallback_dir: Option<PathBuf>,
}

impl Default for CacheOptions {
    fn default() -> Self {
        CacheOptions {
            enabled: true,
            min_bytes: 512 * 1024,
            fallback_dir: None,
        }
    }
}

/// What happened to the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CacheOutcome {
    /// Not used (no or small user dictionaries, a small automaton, another engine, or disabled).
    Unused,
    /// Read from this file.
    Read(PathBuf),
    /// Built and written to this file; `stale` says why an existing cache was not used.
    Written {
        /// The cache file.
        path: PathBuf,
        /// Why the cache that was there could not be used, if there was one.
        stale: Option<String>,
    },
    /// Built in memory: no folder could take the cache (why).
    NotWritten(String),
}

impl fmt::Display for CacheOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CacheOutcome::Unused => f.write_str("no cache"),
            CacheOutcome::Read(p) => write!(f, "read from cache {}", p.display()),
            CacheOutcome::Written { path, stale: None } => {
                write!(f, "built, cached in {}", path.display())
            }
            CacheOutcome::Written {
                path,
                stale: Some(why),
            } => write!(f, "built ({why}), cached in {}", path.display()),
            CacheOutcome::NotWritten(why) => write!(f, "built, not cached: {why}"),
        }
    }
}

/// A dictionary with its matcher, and how the cache was used.
#[derive(Debug)]
pub struct Prebuilt {
    /// The dictionary (bundled plus the files).
    pub dictionary: Dictionary,
    /// Its matcher.
    pub matcher: Matcher,
    /// What happened to the cache.
    pub cache: CacheOutcome,
}

/// The bundled dictionary plus `files` and their matcher (`engine`), read from the cache
/// when it is valid, else built (and cached when large; see the module docs).
pub fn load(files: &[PathBuf], engine: Engine, options: &CacheOptions) -> Result<Prebuilt> {
    let fresh = |cache| -> Result<Prebuilt> {
        let dictionary = Dictionary::with_files(files)?;
        let matcher = Matcher::with_engine(&dictionary, engine)?;
        Ok(Prebuilt {
            dictionary,
            matcher,
            cache,
        })
    };
    let mut bytes = 0;
    let mut regular = true;
    for f in files {
        let meta = std::fs::metadata(f).map_err(|e| Error::io(f, e))?;
        bytes += meta.len();
        // A pipe (`--dict <(xz -dc names.xz)`) can be read only once, and has no identity
        // to key a cache by: it is only ever built.
        regular &= meta.is_file();
    }
    let Some(last) = files.last() else {
        return fresh(CacheOutcome::Unused);
    };
    if !options.enabled
        || !regular
        || bytes < options.min_bytes
        || !matches!(engine, Engine::Auto | Engine::Daachorse)
    {
        return fresh(CacheOutcome::Unused);
    }
    let key = cache_key(files)?;
    let places = places(last, files, options);
    let mut stale = None;
    for place in &places {
        match read(place, &key) {
            Ok(Some((dictionary, matcher))) => {
                return Ok(Prebuilt {
                    dictionary,
                    matcher,
                    cache: CacheOutcome::Read(place.clone()),
                })
            }
            Ok(None) => {}
            Err(why) => {
                stale.get_or_insert(format!("cache {} {why}", place.display()));
            }
        }
    }
    let built = fresh(CacheOutcome::Unused)?;
    let Some(blob) = built.matcher.automaton_blob() else {
        return Ok(built);
    };
    let mut failures = Vec::new();
    for place in &places {
        match write_atomically(place, &key, built.dictionary.loaded(), &blob) {
            Ok(()) => {
                return Ok(Prebuilt {
                    cache: CacheOutcome::Written {
                        path: place.clone(),
                        stale,
                    },
                    ..built
                })
            }
            Err(e) => failures.push(format!("{}: {e}", place.display())),
        }
    }
    Ok(Prebuilt {
        cache: CacheOutcome::NotWritten(failures.join("; ")),
        ..built
    })
}

/// Where the cache may be, in order: beside the last file, then in the fallback folder.
fn places(last: &Path, files: &[PathBuf], options: &CacheOptions) -> Vec<PathBuf> {
    let name = last
        .file_name()
        .map_or_else(|| "dict".into(), |n| n.to_string_lossy().into_owned());
    let mut places = vec![last.with_file_name(format!("{name}.{EXTENSION}"))];
    let dir = options.fallback_dir.clone().or_else(|| {
        std::env::var_os("XDG_CACHE_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))
            .map(|d| d.join("dealgraph"))
    });
    if let Some(dir) = dir {
        // Named by the files' absolute paths, so that two dictionaries of the same name
        // in different folders do not share (and keep replacing) one cache.
        let mut h = crc32fast::Hasher::new();
        for f in files {
            let abs = std::fs::canonicalize(f).unwrap_or_else(|_| f.clone());
            h.update(abs.to_string_lossy().as_bytes());
            h.update(b"\n");
        }
        places.push(dir.join(format!("{name}-{:08x}.{EXTENSION}", h.finalize())));
    }
    places
}

/// The key a cache must carry to be valid for `files` (see the module docs).
fn cache_key(files: &[PathBuf]) -> Result<String> {
    let bundled = crate::dictionary::BUNDLED_ENTITIES.as_bytes();
    let mut key = format!(
        "format {FORMAT}\ndealgraph {}\nbundled {} {:08x}\n",
        env!("CARGO_PKG_VERSION"),
        bundled.len(),
        crc32fast::hash(bundled)
    );
    for f in files {
        let meta = std::fs::metadata(f).map_err(|e| Error::io(f, e))?;
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let content = std::fs::read(f).map_err(|e| Error::io(f, e))?;
        let abs = std::fs::canonicalize(f).unwrap_or_else(|_| f.clone());
        key.push_str(&format!(
            "file {} {} {mtime} {:08x}\n",
            abs.display(),
            content.len(),
            crc32fast::hash(&content)
        ));
    }
    Ok(key)
}

/// Writes the cache of `key`, `l` and `automaton` to `path` through a temporary file in the
/// same folder, renamed into place. Streamed: the 27 MB of a 267k-name cache are never
/// held in memory at once.
fn write_atomically(path: &Path, key: &str, l: &Loaded, automaton: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let tmp = tempfile::Builder::new()
        .prefix(".dealgraph-cache")
        .tempfile_in(dir)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, tmp.as_file());
    encode(&mut out, key, l, automaton)?;
    out.flush()?;
    drop(out);
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Passes bytes on and keeps their CRC-32.
struct Crc<W> {
    inner: W,
    crc: crc32fast::Hasher,
}

impl<W: Write> Write for Crc<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes the cache file's bytes: magic, format, key, the dictionary's arrays, the
/// automaton and the CRC-32 of all that. Numbers are little-endian `u32`/`u64`.
fn encode<W: Write>(out: W, key: &str, l: &Loaded, automaton: &[u8]) -> std::io::Result<()> {
    let mut out = Crc {
        inner: out,
        crc: crc32fast::Hasher::new(),
    };
    let o = &mut out;
    o.write_all(MAGIC)?;
    put32(o, FORMAT)?;
    put_bytes(o, key.as_bytes())?;
    put_bytes(o, l.text.as_bytes())?;
    put64(o, l.records.len() as u64)?;
    for r in &l.records {
        for v in [r.name.start, r.name.len, r.parent.start, r.parent.len] {
            put32(o, v)?;
        }
        put32(o, r.aliases_end)?;
        let kind = EntityKind::ALL.iter().position(|&k| k == r.kind);
        put32(o, kind.expect("a kind of ALL") as u32)?;
    }
    put64(o, l.aliases.len() as u64)?;
    for a in &l.aliases {
        put32(o, a.start)?;
        put32(o, a.len)?;
    }
    put64(o, l.keys.len() as u64)?;
    for (k, id) in &l.keys {
        put32(o, k.start)?;
        put32(o, k.len)?;
        put32(o, id.0)?;
    }
    put64(o, l.warnings.len() as u64)?;
    for w in &l.warnings {
        put_bytes(o, path_bytes(&w.path).as_ref())?;
        put64(o, w.line as u64)?;
        put_bytes(o, w.message.as_bytes())?;
    }
    put_bytes(o, automaton)?;
    let crc = out.crc.finalize();
    out.inner.write_all(&crc.to_le_bytes())
}

fn put32(out: &mut impl Write, v: u32) -> std::io::Result<()> {
    out.write_all(&v.to_le_bytes())
}

fn put64(out: &mut impl Write, v: u64) -> std::io::Result<()> {
    out.write_all(&v.to_le_bytes())
}

fn put_bytes(out: &mut impl Write, b: &[u8]) -> std::io::Result<()> {
    put64(out, b.len() as u64)?;
    out.write_all(b)
}

#[cfg(unix)]
fn path_bytes(p: &Path) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().into()
}

#[cfg(not(unix))]
fn path_bytes(p: &Path) -> std::borrow::Cow<'_, [u8]> {
    p.to_string_lossy().into_owned().into_bytes().into()
}

#[cfg(unix)]
fn path_of(b: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(b))
}

#[cfg(not(unix))]
fn path_of(b: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(b).into_owned())
}

/// Reads the cache at `path`: `Ok(None)` when there is none, `Err(why)` when it is stale or
/// damaged.
///
/// Why the file is read rather than memory-mapped: every page of it is used anyway (the
/// arrays are copied into the dictionary, the automaton is deserialised), resident mapped
/// pages count in RSS as much as heap does, and a mapped file that someone truncates kills
/// the process with SIGBUS, where a read file is only a stale cache.
fn read(path: &Path, key: &str) -> std::result::Result<Option<(Dictionary, Matcher)>, String> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot be read: {e}")),
    };
    let body_len = bytes
        .len()
        .checked_sub(4)
        .filter(|&n| n >= MAGIC.len() + 4)
        .ok_or("is truncated")?;
    if &bytes[..MAGIC.len()] != MAGIC {
        return Err("is not a dealgraph cache".into());
    }
    let mut r = Reader {
        bytes: &bytes[..body_len],
        at: MAGIC.len(),
    };
    if r.u32()? != FORMAT {
        return Err("has another format".into());
    }
    if r.bytes()? != key.as_bytes() {
        return Err("is out of date".into());
    }
    let crc = u32::from_le_bytes(bytes[body_len..].try_into().expect("4 bytes"));
    if crc32fast::hash(&bytes[..body_len]) != crc {
        return Err("is damaged (checksum)".into());
    }
    let loaded = decode(&mut r).map_err(|why| format!("is damaged ({why})"))?;
    let automaton = r.bytes()?;
    if r.at != body_len {
        return Err("is damaged (trailing bytes)".into());
    }
    let dictionary = Dictionary::from_loaded(loaded);
    let matcher = Matcher::with_automaton_blob(&dictionary, automaton)
        .map_err(|e| format!("is damaged ({e})"))?;
    if !matcher.finds_its_keys(&dictionary, 1024) {
        return Err("is damaged (automaton does not match the dictionary)".into());
    }
    Ok(Some((dictionary, matcher)))
}

/// The dictionary arrays of a cache, every offset and id checked.
fn decode(r: &mut Reader<'_>) -> std::result::Result<Loaded, String> {
    let text = String::from_utf8(r.bytes()?.to_vec()).map_err(|_| "text is not UTF-8")?;
    let str_at = |start: u32, len: u32| -> std::result::Result<Str, String> {
        let (s, e) = (start as usize, start as usize + len as usize);
        if e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e) {
            Ok(Str::new(start, len))
        } else {
            Err("string out of bounds".into())
        }
    };
    let n = r.count(24)?;
    let mut records = Vec::with_capacity(n);
    let mut aliases_end = 0;
    for _ in 0..n {
        let name = str_at(r.u32()?, r.u32()?)?;
        let (ps, pl) = (r.u32()?, r.u32()?);
        let parent = if (ps, pl) == (Str::NONE.start, Str::NONE.len) {
            Str::NONE
        } else {
            str_at(ps, pl)?
        };
        let end = r.u32()?;
        if end < aliases_end {
            return Err("alias ranges out of order".into());
        }
        aliases_end = end;
        let kind = *EntityKind::ALL
            .get(r.u32()? as usize)
            .ok_or("unknown entity kind")?;
        records.push(Record {
            name,
            parent,
            aliases_end: end,
            kind,
        });
    }
    let n = r.count(8)?;
    if n != aliases_end as usize {
        return Err("alias count".into());
    }
    let mut aliases = Vec::with_capacity(n);
    for _ in 0..n {
        aliases.push(str_at(r.u32()?, r.u32()?)?);
    }
    let n = r.count(12)?;
    let mut keys = Vec::with_capacity(n);
    for _ in 0..n {
        let k = str_at(r.u32()?, r.u32()?)?;
        let id = r.u32()?;
        if id as usize >= records.len() {
            return Err("entity id out of bounds".into());
        }
        keys.push((k, EntityId(id)));
    }
    let n = r.count(24)?;
    let mut warnings = Vec::with_capacity(n);
    for _ in 0..n {
        let path = path_of(r.bytes()?);
        let line = r.u64()? as usize;
        let message = String::from_utf8(r.bytes()?.to_vec()).map_err(|_| "warning not UTF-8")?;
        warnings.push(Warning {
            path,
            line,
            message,
        });
    }
    Ok(Loaded {
        text,
        records,
        aliases,
        keys,
        warnings,
    })
}

/// A cursor over the cache bytes; running out is an error, never a panic.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> std::result::Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or("is truncated")?;
        let b = &self.bytes[self.at..end];
        self.at = end;
        Ok(b)
    }

    fn u32(&mut self) -> std::result::Result<u32, String> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    fn u64(&mut self) -> std::result::Result<u64, String> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }

    /// A count of items of at least `min_size` bytes each, checked against what is left.
    fn count(&mut self, min_size: usize) -> std::result::Result<usize, String> {
        let n = self.u64()?;
        let left = (self.bytes.len() - self.at) as u64;
        if n.saturating_mul(min_size as u64) > left {
            return Err("is truncated".into());
        }
        Ok(n as usize)
    }

    fn bytes(&mut self) -> std::result::Result<&'a [u8], String> {
        let n = self.u64()?;
        self.take(usize::try_from(n).map_err(|_| "is truncated")?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list dictionary in a temporary folder, and options caching it whatever its size,
    /// with the fallback folder inside the temporary folder.
    fn setup(names: &str) -> (tempfile::TempDir, PathBuf, CacheOptions) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("names.txt");
        std::fs::write(&file, names).unwrap();
        let options = CacheOptions {
            enabled: true,
            min_bytes: 0,
            fallback_dir: Some(dir.path().join("fallback")),
        };
        (dir, file, options)
    }

    const NAMES: &str = "星河科技\n云图智能\n京东方\nFalcon Edge\n美团\t美团点评\n随行付\n\
                         !!!\n中美\n团队协作\n和美\n";

    /// The seed articles, the texts the matches are compared on.
    fn texts() -> Vec<String> {
        let mut texts: Vec<String> = std::fs::read_dir("seeds")
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        texts.sort();
        texts.push("星河科技和云图智能、京东方发布。中美团队与美团点评,Falcon  Edge 随行付".into());
        texts
    }

    /// The dictionary and matches of a fresh, uncached build.
    fn fresh(file: &Path) -> (Dictionary, Vec<Vec<crate::matcher::Mention>>) {
        let d = Dictionary::with_files(&[file.to_path_buf()]).unwrap();
        let m = Matcher::with_engine(&d, Engine::Daachorse).unwrap();
        let found = texts().iter().map(|t| m.find(t)).collect();
        (d, found)
    }

    fn same_as_fresh(p: &Prebuilt, file: &Path) {
        let (d, found) = fresh(file);
        assert_eq!(p.dictionary.loaded(), d.loaded());
        let got: Vec<_> = texts().iter().map(|t| p.matcher.find(t)).collect();
        assert_eq!(got, found);
        assert!(found.iter().any(|f| !f.is_empty()));
    }

    #[test]
    fn a_cache_is_written_then_read_and_matches_like_a_fresh_build() {
        let (_dir, file, options) = setup(NAMES);
        let files = [file.clone()];
        let beside = file.with_file_name("names.txt.dealgraph-cache");
        let first = load(&files, Engine::Daachorse, &options).unwrap();
        assert_eq!(
            first.cache,
            CacheOutcome::Written {
                path: beside.clone(),
                stale: None
            }
        );
        same_as_fresh(&first, &file);
        let second = load(&files, Engine::Daachorse, &options).unwrap();
        assert_eq!(second.cache, CacheOutcome::Read(beside));
        same_as_fresh(&second, &file);
        // The warnings come back from the cache too (`!!!`, names the bundled dictionary has).
        assert_eq!(second.dictionary.warnings().len(), 3);
        // Small dictionaries and other engines are not cached.
        let small = CacheOptions {
            min_bytes: 1 << 20,
            ..options.clone()
        };
        assert_eq!(
            load(&files, Engine::Daachorse, &small).unwrap().cache,
            CacheOutcome::Unused
        );
        assert_eq!(
            load(&files, Engine::AhoDfa, &options).unwrap().cache,
            CacheOutcome::Unused
        );
        // Nor a dictionary that is not a regular file (a pipe can be read only once).
        #[cfg(unix)]
        {
            let with_device = [file.clone(), PathBuf::from("/dev/null")];
            let p = load(&with_device, Engine::Daachorse, &options).unwrap();
            assert_eq!(p.cache, CacheOutcome::Unused);
            assert_eq!(p.dictionary.len(), second.dictionary.len());
        }
    }

    #[test]
    fn a_damaged_or_stale_cache_is_rebuilt() {
        let (_dir, file, options) = setup(NAMES);
        let files = [file.clone()];
        let beside = file.with_file_name("names.txt.dealgraph-cache");
        load(&files, Engine::Daachorse, &options).unwrap();
        let good = std::fs::read(&beside).unwrap();
        let rebuilt = |why: &str| CacheOutcome::Written {
            path: beside.clone(),
            stale: Some(format!("cache {} {why}", beside.display())),
        };
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (
                {
                    let mut b = good.clone();
                    let mid = b.len() / 2;
                    b[mid] ^= 0x55;
                    b
                },
                "is damaged (checksum)",
            ),
            (good[..good.len() - 9].to_vec(), "is damaged (checksum)"),
            (good[..20].to_vec(), "is truncated"),
            (
                b"not a cache at all, just text".to_vec(),
                "is not a dealgraph cache",
            ),
            (Vec::new(), "is truncated"),
        ];
        for (bytes, why) in cases {
            std::fs::write(&beside, bytes).unwrap();
            let p = load(&files, Engine::Daachorse, &options).unwrap();
            assert_eq!(p.cache, rebuilt(why), "{why}");
            same_as_fresh(&p, &file);
            assert_eq!(std::fs::read(&beside).unwrap(), good, "{why}: replaced");
        }
        // A cache whose checksum and key are right but whose automaton is another
        // dictionary's (one more name, sorted first: every pattern number shifts).
        let other_file = file.with_file_name("other.txt");
        std::fs::write(&other_file, format!("00后科技\n{NAMES}")).unwrap();
        let other = Dictionary::with_files(&[other_file]).unwrap();
        let blob = Matcher::with_engine(&other, Engine::Daachorse)
            .unwrap()
            .automaton_blob()
            .unwrap();
        let this = Dictionary::with_files(&files).unwrap();
        let key = cache_key(&files).unwrap();
        let mut bytes = Vec::new();
        encode(&mut bytes, &key, this.loaded(), &blob).unwrap();
        std::fs::write(&beside, bytes).unwrap();
        let p = load(&files, Engine::Daachorse, &options).unwrap();
        assert_eq!(
            p.cache,
            rebuilt("is damaged (automaton does not match the dictionary)")
        );
        same_as_fresh(&p, &file);
        assert_eq!(std::fs::read(&beside).unwrap(), good);
        // The source changes: the cache is out of date.
        std::fs::write(&file, format!("{NAMES}新名字科技\n")).unwrap();
        let p = load(&files, Engine::Daachorse, &options).unwrap();
        assert_eq!(p.cache, rebuilt("is out of date"));
        same_as_fresh(&p, &file);
        assert!(p.dictionary.by_name("新名字科技").is_some());
    }

    #[test]
    fn an_unwritable_place_falls_back_to_the_cache_folder_then_to_memory() {
        let (dir, file, options) = setup(NAMES);
        let files = [file.clone()];
        // A folder where the cache file would go: it can be neither read nor replaced
        // (whatever the user's rights, unlike a read-only folder for root).
        let beside = file.with_file_name("names.txt.dealgraph-cache");
        std::fs::create_dir(&beside).unwrap();
        let read_error = std::fs::read(&beside).unwrap_err();
        let p = load(&files, Engine::Daachorse, &options).unwrap();
        let CacheOutcome::Written { path, stale } = &p.cache else {
            panic!("{:?}", p.cache);
        };
        assert_eq!(path.parent(), Some(dir.path().join("fallback").as_path()));
        assert_eq!(
            stale.as_deref(),
            Some(format!("cache {} cannot be read: {read_error}", beside.display()).as_str())
        );
        same_as_fresh(&p, &file);
        let again = load(&files, Engine::Daachorse, &options).unwrap();
        assert_eq!(again.cache, CacheOutcome::Read(path.clone()));
        // No place at all: the fallback folder cannot be created under a file.
        let nowhere = CacheOptions {
            fallback_dir: Some(file.join("sub")),
            ..options
        };
        let p = load(&files, Engine::Daachorse, &nowhere).unwrap();
        assert!(
            matches!(p.cache, CacheOutcome::NotWritten(_)),
            "{:?}",
            p.cache
        );
        same_as_fresh(&p, &file);
    }
}
