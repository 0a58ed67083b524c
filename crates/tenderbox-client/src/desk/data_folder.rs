//! Moving the data folder (Settings): everything is copied to the new place — the local
//! database as one consistent copy taken while it stays open, every other file fsynced —
//! and checked there (same files and sizes, the same tenders and receipts in the copied
//! database) before the pointer in the default place is written. The app restarts on the
//! new folder; at that start the old copy is removed (`home::remove_moved_from`). Until
//! the pointer is written, nothing the app uses has changed.

use super::{Desk, DeskError, DeskResult};
use crate::files::{sync_dir, write_atomic};
use crate::store::Store;
use std::path::{Path, PathBuf};

/// Files that are the database itself (copied by SQLite) or belong to the old place.
fn skipped(name: &str) -> bool {
    name.starts_with("tenderbox.db") || name == crate::home::POINTER || name.starts_with(".import-")
}

fn copy_tree(from: &Path, to: &Path, files: &mut Vec<(PathBuf, u64)>, rel: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)?.flatten() {
        let name = e.file_name();
        if rel.as_os_str().is_empty() && skipped(&name.to_string_lossy()) {
            continue;
        }
        let (src, dst, r) = (e.path(), to.join(&name), rel.join(&name));
        let kind = e.file_type()?;
        if kind.is_dir() {
            copy_tree(&src, &dst, files, &r)?;
        } else if kind.is_file() {
            let n = std::fs::copy(&src, &dst)?;
            std::fs::File::open(&dst)?.sync_all()?;
            files.push((r, n));
        }
    }
    sync_dir(to);
    Ok(())
}

impl Desk {
    /// Moves the data folder to `target` (absolute; missing or empty), leaving the
    /// pointer in `default` (the place the app looks first). Returns the new folder;
    /// the app must restart to use it.
    pub async fn move_data_folder(&self, target: &str, default: &Path) -> DeskResult<String> {
        let target = PathBuf::from(target.trim());
        let bad = |why: &str| DeskError::new("data.target", format!("{}: {why}", target.display()));
        if !target.is_absolute() {
            return Err(bad("give the full path of the new folder"));
        }
        let here = self.home().canonicalize()?;
        if target.exists() {
            if !target.is_dir() || std::fs::read_dir(&target)?.next().is_some() {
                return Err(bad("the folder must be new or empty"));
            }
            let t = target.canonicalize()?;
            if t.starts_with(&here) || here.starts_with(&t) {
                return Err(bad("the new folder cannot be inside the current one, or hold it"));
            }
        } else if target.starts_with(&here) {
            return Err(bad("the new folder cannot be inside the current one"));
        }
        std::fs::create_dir_all(&target).map_err(|e| bad(&e.to_string()))?;
        let result = async {
            self.store.copy_to(&target.join("tenderbox.db")).await?;
            let (from, to) = (self.home().to_path_buf(), target.clone());
            let copied = tokio::task::spawn_blocking(move || {
                let mut files = Vec::new();
                copy_tree(&from, &to, &mut files, Path::new("")).map(|_| files)
            })
            .await
            .map_err(|e| DeskError::new("io", e.to_string()))??;
            // Checked at the new place before anything points there.
            for (rel, size) in &copied {
                if std::fs::metadata(target.join(rel))?.len() != *size {
                    return Err(DeskError::new("data.copy", format!("{} was not copied whole", rel.display())));
                }
            }
            let copy = Store::open(&target.join("tenderbox.db")).await?;
            let same = copy.tenders().await?.len() == self.store.tenders().await?.len()
                && copy.receipts().await?.len() == self.store.receipts().await?.len()
                && copy.outbox().await?.len() == self.store.outbox().await?.len();
            drop(copy);
            if !same {
                return Err(DeskError::new("data.copy", "the copied database does not hold the same tenders, receipts and outbox"));
            }
            Ok(())
        }
        .await;
        if let Err(e) = result {
            let _ = std::fs::remove_dir_all(&target);
            return Err(e);
        }
        std::fs::create_dir_all(default)?;
        write_atomic(&default.join(crate::home::POINTER), target.display().to_string().as_bytes(), false)?;
        Ok(target.display().to_string())
    }
}
