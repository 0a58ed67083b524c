//! Where Tenderbox keeps its files on this computer: `$TENDERBOX_HOME`, or the
//! OS data folder (`~/.local/share/tenderbox` on Linux, `~/Library/Application
//! Support/tenderbox` on macOS, `%APPDATA%\tenderbox` on Windows).

use std::path::PathBuf;

pub fn data_dir() -> PathBuf {
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
