//! Interruption: the process-wide registry of this process's live temporary files, and the
//! SIGINT/SIGTERM handler that removes them before the process exits with 128 + the signal
//! (130 for Ctrl-C, 143 for `kill`).
//!
//! A [`Temporary`] is registered while its file is created and unregistered when it is renamed
//! onto its target ([`Temporary::persist`]) or deleted (dropped). Both happen under the
//! registry's lock, so the handler, which takes that lock, sees every file that exists and none
//! that has been renamed. [`commit_guard`] is held while a set of outputs is renamed into place:
//! the handler waits for it, so an interruption never leaves some outputs new and others old.
//! `SIGKILL` cannot be caught: the files such a kill leaves are removed by the next run
//! (`export::remove_stale_temporaries`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The temporary files of this process that exist now.
static LIVE: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

/// Held while outputs are renamed into place; the handler takes it before [`LIVE`].
static COMMIT: Mutex<()> = Mutex::new(());

/// Locks a registry mutex; a panic elsewhere while it was held does not make it unusable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A temporary file of this process: registered from its creation until it is renamed
/// ([`Temporary::persist`]) or dropped, which deletes it.
#[derive(Debug)]
pub struct Temporary {
    /// The file's path; `None` once persisted.
    path: Option<PathBuf>,
}

impl Temporary {
    /// Creates the file at `path` with `create` and registers it, as one step under the
    /// registry's lock: an interruption either sees the file registered or finds no file.
    /// Nothing is registered when `create` fails.
    pub fn create<R>(
        path: &Path,
        create: impl FnOnce(&Path) -> std::io::Result<R>,
    ) -> std::io::Result<(Temporary, R)> {
        let mut live = lock(&LIVE);
        let made = create(path)?;
        live.insert(path.to_path_buf());
        Ok((
            Temporary {
                path: Some(path.to_path_buf()),
            },
            made,
        ))
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        self.path.as_deref().unwrap_or(Path::new(""))
    }

    /// Renames the file onto `target` and unregisters it. On failure the file stays
    /// registered (and is deleted when the returned value is dropped).
    pub fn persist(mut self, target: &Path) -> Result<(), (Temporary, std::io::Error)> {
        let Some(path) = self.path.take() else {
            return Ok(());
        };
        let mut live = lock(&LIVE);
        match std::fs::rename(&path, target) {
            Ok(()) => {
                live.remove(&path);
                Ok(())
            }
            Err(e) => {
                drop(live);
                self.path = Some(path);
                Err((self, e))
            }
        }
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            let mut live = lock(&LIVE);
            // Best effort: a file that cannot be removed is a stale file for the next run.
            let _ = std::fs::remove_file(&path);
            live.remove(&path);
        }
    }
}

/// Held while a set of outputs is renamed into place, so that an interruption waits until
/// they are all new (or, after a failure, all back as they were).
pub fn commit_guard() -> MutexGuard<'static, ()> {
    lock(&COMMIT)
}

/// Deletes every registered temporary file; leaves the registry locked, so that no new one
/// is created or renamed before the process exits.
#[cfg(unix)]
fn remove_all() -> (
    MutexGuard<'static, ()>,
    MutexGuard<'static, BTreeSet<PathBuf>>,
) {
    let commit = lock(&COMMIT);
    let mut live = lock(&LIVE);
    for path in std::mem::take(&mut *live) {
        let _ = std::fs::remove_file(path);
    }
    (commit, live)
}

/// Installs the handler: on SIGINT or SIGTERM, the registered temporary files are deleted
/// and the process exits with 128 + the signal number. Call it once, at the start of a
/// program that writes outputs; a no-op where these signals do not exist (not Unix).
pub fn remove_temporaries_on_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    let _held = remove_all();
                    std::process::exit(128 + signal);
                }
            })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registered(path: &Path) -> bool {
        lock(&LIVE).contains(path)
    }

    #[test]
    fn a_temporary_is_registered_until_it_is_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let [tmp, target] = ["t.tmp", "t"].map(|n| dir.path().join(n));
        let (t, ()) = Temporary::create(&tmp, |p| std::fs::write(p, "x")).unwrap();
        assert!(registered(&tmp));
        t.persist(&target).unwrap();
        assert!(!registered(&tmp));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "x");
        assert!(!tmp.exists());
    }

    #[test]
    fn a_dropped_temporary_is_deleted_and_unregistered() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = dir.path().join("d.tmp");
        let (t, ()) = Temporary::create(&tmp, |p| std::fs::write(p, "x")).unwrap();
        drop(t);
        assert!(!registered(&tmp));
        assert!(!tmp.exists());
    }

    #[test]
    fn a_failed_creation_registers_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = dir.path().join("missing/f.tmp");
        let err = Temporary::create(&tmp, |p| std::fs::write(p, "x")).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
        assert!(!registered(&tmp));
    }

    #[test]
    fn a_failed_rename_keeps_the_file_registered_until_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = dir.path().join("r.tmp");
        let target = dir.path().join("folder");
        std::fs::create_dir(target.join("")).unwrap();
        std::fs::write(target.join("inside"), "y").unwrap();
        let (t, ()) = Temporary::create(&tmp, |p| std::fs::write(p, "x")).unwrap();
        let (t, _) = t.persist(&target).unwrap_err();
        assert!(registered(&tmp));
        assert!(tmp.exists());
        drop(t);
        assert!(!registered(&tmp));
        assert!(!tmp.exists());
    }
}
