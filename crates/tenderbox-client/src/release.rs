//! The release manager's steps for the in-app updates (`tenderbox release …`):
//! make the platform's update key, sign an installer, publish it to the trading
//! server, withdraw a bad one. Signatures are `docs/spec/update-signature-v1.md`.

use crate::api::{Api, ApiFailure, ApiResult};
use crate::keystore::{KeyStoreError, read_secret_file, write_secret_file};
use std::path::{Path, PathBuf};
use tenderbox_seal::Entropy;
use tenderbox_seal::update::{UpdatePublicKey, UpdateSigner, release_comment};
use tenderbox_wire::{NewRelease, Release};

/// The key file's `name` (and additional data): the update key is no identity.
pub const KEY_NAME: &str = "tenderbox-update-key";

/// The private and public key files `keygen` writes in `dir`.
pub fn key_paths(dir: &Path) -> (PathBuf, PathBuf) {
    (dir.join("update-key.json"), dir.join("update-key.pub"))
}

/// Makes a new update key in `dir` (refusing to replace one): the passphrase-encrypted
/// private key and the public key file, whose text the app is built with.
pub fn keygen(dir: &Path, passphrase: &str, iterations: u32, ent: &dyn Entropy) -> Result<UpdatePublicKey, KeyStoreError> {
    let (private, public) = key_paths(dir);
    for p in [&private, &public] {
        if p.exists() {
            return Err(KeyStoreError::Exists(p.display().to_string(), dir.display().to_string()));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| KeyStoreError::Io(dir.display().to_string(), e))?;
    let signer = UpdateSigner::generate(ent);
    write_secret_file(&private, KEY_NAME, &signer.seed(), passphrase, iterations.max(1), ent)?;
    let key = signer.public();
    crate::files::write_atomic(&public, key.to_text().as_bytes(), false).map_err(|e| KeyStoreError::Io(public.display().to_string(), e))?;
    Ok(key)
}

/// Loads the update key from its key file.
pub fn load_signer(private: &Path, passphrase: &str) -> Result<UpdateSigner, KeyStoreError> {
    let (name, seed) = read_secret_file(private, passphrase)?;
    if name != KEY_NAME {
        return Err(KeyStoreError::Corrupt(private.display().to_string(), format!("this is the key file of '{name}', not the update key")));
    }
    UpdateSigner::from_seed(&seed).map_err(|e| KeyStoreError::Corrupt(private.display().to_string(), e.to_string()))
}

/// Signs `installer` as `version` at `now` (unix seconds) and writes `<installer>.sig`;
/// returns the signature text.
pub fn sign(signer: &UpdateSigner, installer: &Path, version: &str, now: i64) -> Result<String, ApiFailure> {
    if tenderbox_wire::parse_version(version).is_none() {
        return Err(ApiFailure::Refused("release.version", format!("'{version}' is not a version like 1.2.3")));
    }
    let name = installer
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| ApiFailure::Refused("release.target", "the installer has no file name".into()))?;
    let bytes = std::fs::read(installer)?;
    let comment = release_comment(now, name, version.trim_start_matches('v')).map_err(|e| ApiFailure::Refused(e.code(), e.to_string()))?;
    let sig = signer.sign(&bytes, &comment).map_err(|e| ApiFailure::Refused(e.code(), e.to_string()))?;
    crate::files::write_atomic(&sig_path(installer), sig.as_bytes(), false)?;
    Ok(sig)
}

/// Where `sign` puts an installer's signature.
pub fn sig_path(installer: &Path) -> PathBuf {
    let mut p = installer.as_os_str().to_owned();
    p.push(".sig");
    PathBuf::from(p)
}

/// The package kind an installer's file name shows.
pub fn bundle_of(installer: &Path) -> Option<&'static str> {
    let name = installer.file_name()?.to_str()?.to_ascii_lowercase();
    [
        (".deb", "deb"),
        (".rpm", "rpm"),
        (".appimage", "appimage"),
        (".appimage.tar.gz", "appimage"),
        (".msi", "msi"),
        ("-setup.exe", "nsis"),
        (".app.tar.gz", "app"),
    ]
    .iter()
    .rev()
    .find(|(ext, _)| name.ends_with(ext))
    .map(|(_, b)| *b)
}

/// Uploads the installer and publishes it with the signature beside it
/// (`<installer>.sig`); the server checks the signature with its update key.
pub async fn publish(api: &Api, installer: &Path, version: &str, target: &str, bundle: &str, notes: &str) -> ApiResult<Release> {
    use base64::Engine;
    let sig = std::fs::read_to_string(sig_path(installer)).map_err(|e| {
        ApiFailure::Refused(
            "update.bad_signature",
            format!("{}: {e} — sign the installer first (tenderbox release sign)", sig_path(installer).display()),
        )
    })?;
    let (size, sha) = crate::api::file_sha256(installer)?;
    api.put_file(api.put_release_file(&sha), installer, size, &sha).await?;
    let release = NewRelease {
        version: version.trim_start_matches('v').to_string(),
        target: target.to_string(),
        bundle: bundle.to_string(),
        file_name: installer.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string(),
        sha256: sha,
        size,
        signature: base64::engine::general_purpose::STANDARD.encode(sig),
        notes: notes.to_string(),
    };
    if let Some(p) = release.problems().into_iter().next() {
        return Err(ApiFailure::Refused(
            if p.code == "release.target" { "release.target" } else { "release.version" },
            format!("{}: {}", p.path, p.message),
        ));
    }
    api.publish_release(&release).await
}
