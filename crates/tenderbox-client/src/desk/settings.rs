//! What the user chose (server, language, key store, configured log key) and where keys live.

use super::*;
use crate::files::write_atomic;
use crate::keystore::KeyStore;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tenderbox_seal::identity::PublicIdentity;
use ts_rs::TS;

/// Where private keys are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KeyStoreKind {
    /// The OS keychain (Secret Service, macOS Keychain, Windows Credential Manager).
    Keychain,
    /// A passphrase-encrypted key file in the data folder.
    File,
}

/// What the user chose, kept in `settings.json` in the data folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Settings {
    pub server: String,
    /// `zh-CN` or `en`.
    pub language: String,
    pub keystore: KeyStoreKind,
    /// The identity in use (its name in the key store).
    pub identity: Option<String>,
    /// The platform's log key as the trading centre publishes it (configuration,
    /// e.g. `TENDERBOX_LOG_KEY` from the installer). When set, the server's key is
    /// pinned at first contact only if it is this one; when not, the user
    /// compares the fingerprint and confirms.
    #[serde(default)]
    pub log_key: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            server: std::env::var("TENDERBOX_SERVER").unwrap_or_else(|_| "http://127.0.0.1:8080".into()),
            language: "zh-CN".into(),
            keystore: KeyStoreKind::Keychain,
            identity: None,
            log_key: std::env::var("TENDERBOX_LOG_KEY").ok().filter(|k| !k.trim().is_empty()),
        }
    }
}

pub(super) fn settings_path(home: &Path) -> PathBuf {
    home.join("settings.json")
}

impl Desk {
    pub async fn settings(&self) -> Settings {
        self.settings.lock().await.clone()
    }

    /// Saves new settings. Changing the server forgets the session.
    pub async fn set_settings(&self, new: Settings) -> DeskResult<Settings> {
        let url = new.server.trim().trim_end_matches('/').to_string();
        if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() < 10 {
            return Err(DeskError::new("settings.server", format!("'{}' is not a server address (http:// or https://)", new.server)));
        }
        if !matches!(new.language.as_str(), "zh-CN" | "en") {
            return Err(DeskError::new("settings.language", format!("language '{}' is not available (zh-CN, en)", new.language)));
        }
        let new = Settings { server: url, ..new };
        let mut cur = self.settings.lock().await;
        if cur.server != new.server {
            *self.session.lock().await = None;
        }
        write_atomic(&settings_path(&self.home), &serde_json::to_vec_pretty(&new).expect("serialisable"), false)?;
        *cur = new.clone();
        self.sync_now();
        Ok(new)
    }

    pub(super) fn public_dir(&self) -> PathBuf {
        self.home.join("identities")
    }

    pub(super) fn keyfile_dir(&self) -> PathBuf {
        self.home.join("keys")
    }

    pub fn keychain_available(&self) -> bool {
        self.keychain
    }

    pub(super) async fn keystore(&self) -> DeskResult<KeyStore> {
        match self.settings.lock().await.keystore {
            KeyStoreKind::Keychain => Ok(KeyStore::os_with_public_dir(&self.public_dir())?),
            KeyStoreKind::File => self
                .unlocked
                .lock()
                .await
                .clone()
                .ok_or_else(|| DeskError::new("keystore.locked", "enter the passphrase of your key file to unlock your identity")),
        }
    }

    pub(super) fn public_of(&self, kind: KeyStoreKind, name: &str) -> DeskResult<PublicIdentity> {
        let dir = match kind {
            KeyStoreKind::Keychain => self.public_dir(),
            KeyStoreKind::File => self.keyfile_dir(),
        };
        Ok(crate::keystore::read_public(&dir, name)?)
    }
}
