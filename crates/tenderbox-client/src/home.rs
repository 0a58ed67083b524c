//! Where Tenderbox keeps its files on this computer: `$TENDERBOX_HOME`, or the
//! OS data folder (`~/.local/share/tenderbox` on Linux, `~/Library/Application
//! Support/tenderbox` on macOS, `%APPDATA%\tenderbox` on Windows) — unless the user
//! moved the data folder (Settings), which leaves a pointer file there naming the new
//! place.

use std::path::{Path, PathBuf};

/// The pointer a moved data folder leaves in the default place.
pub const POINTER: &str = "data-folder.txt";

/// The default place: `$TENDERBOX_HOME` or the OS data folder.
pub fn default_dir() -> PathBuf {
    if let Some(h) = std::env::var_os("TENDERBOX_HOME") {
        return PathBuf::from(h);
    }
    #[cfg(target_os = "macos")]
    if let Some(h) = std::env::var_os("HOME") {
        return PathBuf::from(h).join("Library/Application Support/tenderbox");
    }
    #[cfg(target_os = "windows")]
    if let Some(h) = std::env::var_os("APPDATA") {
        return PathBuf::from(h).join("tenderbox");
    }
    if let Some(x) = std::env::var_os("XDG_DATA_HOME") {
        return PathBuf::from(x).join("tenderbox");
    }
    if let Some(h) = std::env::var_os("HOME") {
        return PathBuf::from(h).join(".local/share/tenderbox");
    }
    PathBuf::from(".tenderbox")
}

/// The data folder in use: where the pointer in `default` leads (an absolute path to a
/// folder holding a store), or `default` itself.
pub fn resolve(default: &Path) -> PathBuf {
    if let Ok(text) = std::fs::read_to_string(default.join(POINTER)) {
        let p = PathBuf::from(text.trim());
        if p.is_absolute() && p.join("tenderbox.db").is_file() {
            return p;
        }
    }
    default.to_path_buf()
}

pub fn data_dir() -> PathBuf {
    resolve(&default_dir())
}

/// After a move, at the next start: the old copy left in the default place (everything
/// but the pointer) is removed, once the pointer leads to a folder holding a store.
pub fn remove_moved_from(default: &Path) -> std::io::Result<usize> {
    let target = resolve(default);
    if target == default {
        return Ok(0);
    }
    let mut removed = 0;
    for e in std::fs::read_dir(default)?.flatten() {
        if e.file_name() == POINTER {
            continue;
        }
        let p = e.path();
        if p.is_dir() {
            std::fs::remove_dir_all(&p)?
        } else {
            std::fs::remove_file(&p)?
        }
        removed += 1;
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pointer_leads_to_the_moved_folder_only_when_a_store_is_there() {
        let d = tempfile::tempdir().unwrap();
        let (default, moved) = (d.path().join("default"), d.path().join("moved"));
        std::fs::create_dir_all(&default).unwrap();
        std::fs::create_dir_all(&moved).unwrap();
        assert_eq!(resolve(&default), default);
        std::fs::write(default.join(POINTER), moved.display().to_string()).unwrap();
        assert_eq!(resolve(&default), default, "no store there yet: stay");
        std::fs::write(moved.join("tenderbox.db"), b"x").unwrap();
        assert_eq!(resolve(&default), moved);
        std::fs::write(default.join(POINTER), "relative/path").unwrap();
        assert_eq!(resolve(&default), default, "only absolute paths");
    }

    #[test]
    fn the_old_copy_goes_but_the_pointer_stays() {
        let d = tempfile::tempdir().unwrap();
        let (default, moved) = (d.path().join("default"), d.path().join("moved"));
        std::fs::create_dir_all(default.join("drafts/T1")).unwrap();
        std::fs::write(default.join("tenderbox.db"), b"old").unwrap();
        assert_eq!(remove_moved_from(&default).unwrap(), 0, "not moved: nothing removed");
        std::fs::create_dir_all(&moved).unwrap();
        std::fs::write(moved.join("tenderbox.db"), b"new").unwrap();
        std::fs::write(default.join(POINTER), moved.display().to_string()).unwrap();
        assert_eq!(remove_moved_from(&default).unwrap(), 2);
        let left: Vec<_> = std::fs::read_dir(&default).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left, [POINTER]);
    }
}
