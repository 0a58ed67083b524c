//! In-app updates, the part without Tauri: which update key this build trusts,
//! which package kind to ask for, the second check of a downloaded installer (with
//! ring, after the Tauri updater's own), and keeping a verified installer where the
//! running program cannot replace itself. The shell (`src-tauri/src/updates.rs`)
//! drives the Tauri updater with these.

use super::{Desk, DeskError, DeskResult};
use crate::files::write_atomic;
use serde::Serialize;
use std::path::{Path, PathBuf};
use tenderbox_seal::update::{UpdatePublicKey, verify_release};
use ts_rs::TS;

/// What the settings page shows about updates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UpdateView {
    /// The running version.
    pub current: String,
    /// The update key this build trusts (its id), if it has one.
    pub key_id: Option<String>,
    /// Installed from a package that the updater can replace (deb, rpm, AppImage, msi…).
    pub packaged: bool,
    /// The package kind asked for.
    pub bundle: String,
    /// `none` (checked: nothing newer), `available`, `downloading`, `verified` (downloaded and
    /// checked twice), `installed` (restart to use it), `saved` (verified, kept for a manual install).
    pub state: String,
    pub offer: Option<UpdateOffer>,
    /// Where a verified installer was kept (`saved`).
    pub saved: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UpdateOffer {
    pub version: String,
    pub notes: String,
    /// Beijing time of publication.
    pub published: String,
    #[ts(type = "number")]
    pub size: u64,
    pub sha256: String,
    pub file_name: String,
}

pub fn export_bindings(dir: &Path) -> Result<(), ts_rs::ExportError> {
    UpdateView::export_all_to(dir)
}

/// The update key this build trusts: `TENDERBOX_UPDATE_PUBKEY` when it was compiled
/// (the release build's key, from `tenderbox release keygen`); in a debug build only,
/// `TENDERBOX_DEV_UPDATE_PUBKEY` at run time instead (tests). A release build never
/// takes a key from its environment.
pub fn update_key(compiled: Option<&str>) -> DeskResult<UpdatePublicKey> {
    let text = compiled.map(str::to_string).filter(|k| !k.trim().is_empty());
    #[cfg(debug_assertions)]
    let text = text.or_else(|| std::env::var("TENDERBOX_DEV_UPDATE_PUBKEY").ok().filter(|k| !k.trim().is_empty()));
    let text = text.ok_or_else(|| DeskError::new("update.no_key", "this build has no platform update key; it cannot update itself"))?;
    UpdatePublicKey::parse(&text).map_err(|e| DeskError::new("update.bad_key", e.to_string()))
}

/// The package kind to ask the feed for: the one this program was installed from, or —
/// for a program run from a build folder — the platform's usual installer, which is
/// then verified and kept for a manual install rather than installed.
pub fn bundle_for(installed_from: Option<&str>) -> &str {
    match installed_from {
        Some(b) => b,
        None if cfg!(target_os = "windows") => "nsis",
        None if cfg!(target_os = "macos") => "app",
        None => "deb",
    }
}

/// The offer as the feed describes it (the Tauri manifest plus our fields).
pub fn offer_from(manifest: &serde_json::Value) -> UpdateOffer {
    let s = |k: &str| manifest[k].as_str().unwrap_or_default().to_string();
    let published = tenderbox_core::time::Timestamp::parse(&s("pub_date")).map(|t| t.to_beijing()).unwrap_or_default();
    UpdateOffer {
        version: s("version"),
        notes: s("notes"),
        published,
        size: manifest["size"].as_u64().unwrap_or(0),
        sha256: s("sha256"),
        file_name: s("file_name"),
    }
}

/// The second check of a downloaded installer, with ring: the signature for the
/// announced version under this build's key, and the SHA-256 the feed announced.
pub fn verify_download(key: &UpdatePublicKey, signature: &str, version: &str, offer: &UpdateOffer, bytes: &[u8]) -> DeskResult<String> {
    let signed = verify_release(key, signature, bytes, version).map_err(|e| DeskError::new("update.bad_signature", e.to_string()))?;
    let sha = hex::encode(tenderbox_core::sha256(bytes));
    if !offer.sha256.is_empty() && sha != offer.sha256 {
        return Err(DeskError::new(
            "update.bad_signature",
            format!("the download's SHA-256 is {sha}, the server announced {}", offer.sha256),
        ));
    }
    Ok(signed.field("file").unwrap_or("installer").to_string())
}

impl Desk {
    /// Keeps a verified installer in `<data folder>/updates/` for a manual install.
    pub fn keep_update(&self, file_name: &str, bytes: &[u8]) -> DeskResult<PathBuf> {
        let safe = file_name.chars().all(|c| c.is_ascii_alphanumeric() || "._-+~".contains(c))
            && !file_name.is_empty()
            && !file_name.starts_with('.');
        let name = if safe { file_name.to_string() } else { "tenderbox-update".to_string() };
        let dir = self.home().join("updates");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(name);
        write_atomic(&path, bytes, false)?;
        Ok(path)
    }

    /// The trading server the updates come from.
    pub async fn update_server(&self) -> String {
        self.settings().await.server
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tenderbox_seal::update::{UpdateSigner, release_comment};

    #[test]
    fn a_download_must_verify_with_the_builds_key_for_the_announced_version_and_hash() {
        let s = UpdateSigner::from_seed(&[3; 32]).unwrap();
        let bytes = b"the installer".to_vec();
        let sig = s.sign(&bytes, &release_comment(1, "Tenderbox_0.2.0_amd64.deb", "0.2.0").unwrap()).unwrap();
        let offer = UpdateOffer {
            version: "0.2.0".into(),
            notes: String::new(),
            published: String::new(),
            size: bytes.len() as u64,
            sha256: hex::encode(tenderbox_core::sha256(&bytes)),
            file_name: String::new(),
        };
        assert_eq!(verify_download(&s.public(), &sig, "0.2.0", &offer, &bytes).unwrap(), "Tenderbox_0.2.0_amd64.deb");
        let mut tampered = bytes.clone();
        tampered[0] ^= 1;
        assert_eq!(verify_download(&s.public(), &sig, "0.2.0", &offer, &tampered).unwrap_err().code, "update.bad_signature");
        assert_eq!(verify_download(&s.public(), &sig, "0.3.0", &offer, &bytes).unwrap_err().code, "update.bad_signature");
        let wrong_hash = UpdateOffer { sha256: "00".repeat(32), ..offer };
        assert!(verify_download(&s.public(), &sig, "0.2.0", &wrong_hash, &bytes).unwrap_err().message.contains("SHA-256"));
    }

    #[test]
    fn a_build_without_a_key_cannot_update_and_says_so() {
        if std::env::var_os("TENDERBOX_DEV_UPDATE_PUBKEY").is_none() {
            assert_eq!(update_key(None).unwrap_err().code, "update.no_key");
        }
        let k = UpdateSigner::from_seed(&[3; 32]).unwrap().public();
        assert_eq!(update_key(Some(&k.to_config())).unwrap(), k);
        assert_eq!(update_key(Some("not a key")).unwrap_err().code, "update.bad_key");
        assert_eq!(bundle_for(Some("rpm")), "rpm");
    }
}
