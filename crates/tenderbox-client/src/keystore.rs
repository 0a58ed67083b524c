//! Where private keys live. Either the OS keychain — Secret Service on Linux
//! desktops, the macOS Keychain, the Windows Credential Manager, each chosen
//! explicitly, never a silent in-memory fallback — or, when the user chooses it
//! (typically because no keychain exists on the machine), a passphrase-encrypted
//! key file: PBKDF2-HMAC-SHA-256 and AES-256-GCM from ring (docs/spec/keyfile-v1.md).
//!
//! Public identity documents are stored as plain JSON beside the keys: in the key
//! file folder, or in `<data dir>/identities` for the OS keychain.

use crate::files::write_atomic;
use ring::aead;
use serde::{Deserialize, Serialize};
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tenderbox_seal::Entropy;
use tenderbox_seal::identity::{PublicIdentity, SecretIdentity};
use zeroize::Zeroizing;

pub const SERVICE: &str = "tenderbox";
pub const DEFAULT_ITERATIONS: u32 = 600_000;
pub const MIN_PASSPHRASE_CHARS: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum KeyStoreError {
    #[error(
        "no OS keychain is available on this computer ({0}). Keep the keys in a passphrase-encrypted file instead: add --keystore DIR (scripts can pass the passphrase in TENDERBOX_PASSPHRASE)"
    )]
    NoKeychain(String),
    #[error("the OS keychain refused the operation: {0}")]
    Keychain(String),
    #[error("no identity named '{0}' in {1}")]
    NotFound(String, String),
    #[error("an identity named '{0}' already exists in {1}; choose another name")]
    Exists(String, String),
    #[error("wrong passphrase for the key file of '{0}' (or the file was altered)")]
    WrongPassphrase(String),
    #[error("the passphrase must have at least {MIN_PASSPHRASE_CHARS} characters")]
    WeakPassphrase,
    #[error("a passphrase is needed for the key file store: set TENDERBOX_PASSPHRASE or enter it when asked")]
    NoPassphrase,
    #[error("the key file {0} is damaged: {1}")]
    Corrupt(String, String),
    #[error("the identity '{0}' is damaged: {1}")]
    BadIdentity(String, String),
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
}

impl KeyStoreError {
    pub fn code(&self) -> &'static str {
        match self {
            KeyStoreError::NoKeychain(_) => "keystore.no_keychain",
            KeyStoreError::Keychain(_) => "keystore.keychain",
            KeyStoreError::NotFound(..) => "keystore.not_found",
            KeyStoreError::Exists(..) => "keystore.exists",
            KeyStoreError::WrongPassphrase(_) => "keystore.wrong_passphrase",
            KeyStoreError::WeakPassphrase => "keystore.weak_passphrase",
            KeyStoreError::NoPassphrase => "keystore.no_passphrase",
            KeyStoreError::Corrupt(..) => "keystore.corrupt",
            KeyStoreError::BadIdentity(..) => "keystore.bad_identity",
            KeyStoreError::Io(..) => "io",
        }
    }
}

fn io_err(p: &Path) -> impl FnOnce(std::io::Error) -> KeyStoreError + '_ {
    move |e| KeyStoreError::Io(p.display().to_string(), e)
}

/// File stem for an identity name: the name itself when it is plain ASCII,
/// otherwise a stable hash of it (names may be Chinese company names).
pub fn file_stem(name: &str) -> String {
    if !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        && !name.starts_with('.')
    {
        name.to_string()
    } else {
        format!("id-{}", &hex::encode(tenderbox_core::sha256(name.as_bytes()))[..16])
    }
}

/// The encrypted key file format (docs/spec/keyfile-v1.md).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    format: u32,
    name: String,
    kdf: String,
    iterations: u32,
    salt: String,
    nonce: String,
    ciphertext: String,
}

fn b64(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(b)
}
fn unb64(s: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(s).ok()
}

fn derive(passphrase: &str, salt: &[u8], iterations: u32) -> Zeroizing<[u8; 32]> {
    let mut k = Zeroizing::new([0u8; 32]);
    let it = NonZeroU32::new(iterations.max(1)).expect("non-zero");
    ring::pbkdf2::derive(ring::pbkdf2::PBKDF2_HMAC_SHA256, it, salt, passphrase.as_bytes(), &mut k[..]);
    k
}

fn aad(name: &str) -> Vec<u8> {
    [b"tenderbox/v1/keyfile\0".as_slice(), name.as_bytes()].concat()
}

/// Writes `secret` in the key file format (docs/spec/keyfile-v1.md) under `name`:
/// identities through [`KeyStore::save`], the platform's update key directly.
pub fn write_secret_file(
    path: &Path,
    name: &str,
    secret: &[u8],
    passphrase: &str,
    iterations: u32,
    ent: &dyn Entropy,
) -> Result<(), KeyStoreError> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(KeyStoreError::WeakPassphrase);
    }
    let mut salt = [0u8; 16];
    ent.fill(&mut salt);
    let mut nonce = [0u8; 12];
    ent.fill(&mut nonce);
    let k = derive(passphrase, &salt, iterations);
    let key = aead::LessSafeKey::new(aead::UnboundKey::new(&aead::AES_256_GCM, &k[..]).expect("32-byte key"));
    let mut buf = Zeroizing::new(secret.to_vec());
    key.seal_in_place_append_tag(aead::Nonce::assume_unique_for_key(nonce), aead::Aad::from(aad(name)), &mut *buf).expect("seal");
    let kf = KeyFile {
        format: 1,
        name: name.to_string(),
        kdf: "pbkdf2-hmac-sha256".into(),
        iterations,
        salt: b64(&salt),
        nonce: b64(&nonce),
        ciphertext: b64(&buf),
    };
    let json = serde_json::to_vec_pretty(&kf).expect("serialisable");
    write_atomic(path, &json, true).map_err(io_err(path))
}

/// Reads a key file written by [`write_secret_file`]: its name and the secret.
pub fn read_secret_file(path: &Path, passphrase: &str) -> Result<(String, Zeroizing<Vec<u8>>), KeyStoreError> {
    let raw = std::fs::read(path).map_err(io_err(path))?;
    open_secret(path, &raw, passphrase, &path.display().to_string())
}

fn open_secret(path: &Path, raw: &[u8], passphrase: &str, who: &str) -> Result<(String, Zeroizing<Vec<u8>>), KeyStoreError> {
    let corrupt = |w: &str| KeyStoreError::Corrupt(path.display().to_string(), w.to_string());
    let kf: KeyFile = serde_json::from_slice(raw).map_err(|e| corrupt(&e.to_string()))?;
    if kf.format != 1 || kf.kdf != "pbkdf2-hmac-sha256" || kf.iterations == 0 || kf.iterations > 100_000_000 {
        return Err(corrupt("unsupported format, KDF or iteration count"));
    }
    let salt = unb64(&kf.salt).ok_or_else(|| corrupt("salt is not base64"))?;
    let nonce: [u8; 12] = unb64(&kf.nonce).and_then(|n| n.try_into().ok()).ok_or_else(|| corrupt("nonce is not 12 bytes"))?;
    let mut ct = Zeroizing::new(unb64(&kf.ciphertext).ok_or_else(|| corrupt("ciphertext is not base64"))?);
    let k = derive(passphrase, &salt, kf.iterations);
    let key = aead::LessSafeKey::new(aead::UnboundKey::new(&aead::AES_256_GCM, &k[..]).expect("32-byte key"));
    let n = key
        .open_in_place(aead::Nonce::assume_unique_for_key(nonce), aead::Aad::from(aad(&kf.name)), &mut ct[..])
        .map_err(|_| KeyStoreError::WrongPassphrase(who.into()))?
        .len();
    ct.truncate(n);
    Ok((kf.name, ct))
}

#[derive(Clone)]
pub enum KeyStore {
    Os { store: Arc<keyring_core::CredentialStore>, public_dir: PathBuf },
    File { dir: PathBuf, passphrase: Zeroizing<String>, iterations: u32 },
}

impl std::fmt::Debug for KeyStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

#[cfg(target_os = "linux")]
fn platform_store() -> keyring_core::Result<Arc<keyring_core::CredentialStore>> {
    Ok(zbus_secret_service_keyring_store::Store::new()?)
}
#[cfg(target_os = "macos")]
fn platform_store() -> keyring_core::Result<Arc<keyring_core::CredentialStore>> {
    Ok(apple_native_keyring_store::keychain::Store::new()?)
}
#[cfg(target_os = "windows")]
fn platform_store() -> keyring_core::Result<Arc<keyring_core::CredentialStore>> {
    Ok(windows_native_keyring_store::Store::new()?)
}

impl KeyStore {
    /// The OS keychain. Fails with [`KeyStoreError::NoKeychain`] when the platform
    /// has none reachable (e.g. a headless Linux machine with no Secret Service).
    pub fn os() -> Result<Self, KeyStoreError> {
        Self::os_with_public_dir(&crate::home::data_dir().join("identities"))
    }

    /// The OS keychain, with public identity documents kept in `public_dir`.
    pub fn os_with_public_dir(public_dir: &Path) -> Result<Self, KeyStoreError> {
        let store = platform_store().map_err(|e| KeyStoreError::NoKeychain(e.to_string()))?;
        // Probe: a lookup of an entry that does not exist must answer "no entry".
        let probe =
            keyring_core::Entry::new_in_store(&store, SERVICE, "tenderbox-probe").map_err(|e| KeyStoreError::NoKeychain(e.to_string()))?;
        match probe.get_secret() {
            Ok(_) | Err(keyring_core::Error::NoEntry) => {}
            Err(e) => return Err(KeyStoreError::NoKeychain(e.to_string())),
        }
        Ok(KeyStore::Os { store, public_dir: public_dir.to_path_buf() })
    }

    /// Passphrase-encrypted key files in `dir`.
    pub fn file(dir: &Path, passphrase: Zeroizing<String>) -> Result<Self, KeyStoreError> {
        Self::file_with_iterations(dir, passphrase, DEFAULT_ITERATIONS)
    }

    /// As [`KeyStore::file`] with a chosen PBKDF2 cost (tests use a low one).
    pub fn file_with_iterations(dir: &Path, passphrase: Zeroizing<String>, iterations: u32) -> Result<Self, KeyStoreError> {
        if passphrase.is_empty() {
            return Err(KeyStoreError::NoPassphrase);
        }
        if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(KeyStoreError::WeakPassphrase);
        }
        Ok(KeyStore::File { dir: dir.to_path_buf(), passphrase, iterations })
    }

    pub fn describe(&self) -> String {
        match self {
            KeyStore::Os { .. } => format!("the OS keychain ({})", std::env::consts::OS),
            KeyStore::File { dir, .. } => format!("key files in {}", dir.display()),
        }
    }

    fn public_dir(&self) -> &Path {
        match self {
            KeyStore::Os { public_dir, .. } => public_dir,
            KeyStore::File { dir, .. } => dir,
        }
    }

    fn public_path(&self, name: &str) -> PathBuf {
        self.public_dir().join(format!("{}.identity.json", file_stem(name)))
    }

    fn entry(store: &Arc<keyring_core::CredentialStore>, name: &str) -> Result<keyring_core::Entry, KeyStoreError> {
        keyring_core::Entry::new_in_store(store, SERVICE, name).map_err(|e| KeyStoreError::Keychain(e.to_string()))
    }

    /// Stores a new identity; refuses to overwrite one of the same name.
    pub fn save(&self, public: &PublicIdentity, secret: &SecretIdentity, ent: &dyn Entropy) -> Result<(), KeyStoreError> {
        let name = &public.name;
        let pub_path = self.public_path(name);
        if pub_path.exists() {
            return Err(KeyStoreError::Exists(name.clone(), self.describe()));
        }
        std::fs::create_dir_all(self.public_dir()).map_err(io_err(self.public_dir()))?;
        match self {
            KeyStore::Os { store, .. } => {
                let e = Self::entry(store, name)?;
                match e.get_secret() {
                    Err(keyring_core::Error::NoEntry) => {}
                    Ok(_) => return Err(KeyStoreError::Exists(name.clone(), self.describe())),
                    Err(err) => return Err(KeyStoreError::Keychain(err.to_string())),
                }
                e.set_secret(&secret.to_bytes()).map_err(|e| KeyStoreError::Keychain(e.to_string()))?;
            }
            KeyStore::File { dir, passphrase, iterations } => {
                let path = dir.join(format!("{}.key", file_stem(name)));
                if path.exists() {
                    return Err(KeyStoreError::Exists(name.clone(), self.describe()));
                }
                write_secret_file(&path, name, &secret.to_bytes(), passphrase, *iterations, ent)?;
            }
        }
        let doc = serde_json::to_vec_pretty(public).expect("serialisable");
        write_atomic(&pub_path, &doc, false).map_err(io_err(&pub_path))?;
        Ok(())
    }

    pub fn public(&self, name: &str) -> Result<PublicIdentity, KeyStoreError> {
        read_public(self.public_dir(), name).map_err(|e| match e {
            KeyStoreError::NotFound(n, _) => KeyStoreError::NotFound(n, self.describe()),
            other => other,
        })
    }

    /// Loads an identity and checks the private keys match its public document.
    pub fn load(&self, name: &str) -> Result<(PublicIdentity, SecretIdentity), KeyStoreError> {
        let public = self.public(name)?;
        let secret = match self {
            KeyStore::Os { store, .. } => {
                let e = Self::entry(store, name)?;
                let bytes = Zeroizing::new(e.get_secret().map_err(|err| match err {
                    keyring_core::Error::NoEntry => KeyStoreError::NotFound(name.into(), self.describe()),
                    other => KeyStoreError::Keychain(other.to_string()),
                })?);
                SecretIdentity::from_bytes(&bytes).map_err(|e| KeyStoreError::BadIdentity(name.into(), e.to_string()))?
            }
            KeyStore::File { dir, passphrase, .. } => {
                let path = dir.join(format!("{}.key", file_stem(name)));
                let raw = std::fs::read(&path).map_err(|e| {
                    if e.kind() == std::io::ErrorKind::NotFound {
                        KeyStoreError::NotFound(name.into(), self.describe())
                    } else {
                        KeyStoreError::Io(path.display().to_string(), e)
                    }
                })?;
                let (_, pt) = open_secret(&path, &raw, passphrase, name)?;
                SecretIdentity::from_bytes(&pt).map_err(|e| KeyStoreError::BadIdentity(name.into(), e.to_string()))?
            }
        };
        if public.signing_key_bytes().ok() != Some(secret.signing_public())
            || public.encryption_key_bytes().ok() != Some(secret.encryption_public())
        {
            return Err(KeyStoreError::BadIdentity(name.into(), "the private keys do not match the public identity document".into()));
        }
        Ok((public, secret))
    }

    /// Every identity whose public document is in this store.
    pub fn list(&self) -> Result<Vec<PublicIdentity>, KeyStoreError> {
        Ok(list_public(self.public_dir()))
    }

    /// Removes an identity's private key and public document.
    pub fn delete(&self, name: &str) -> Result<(), KeyStoreError> {
        match self {
            KeyStore::Os { store, .. } => match Self::entry(store, name)?.delete_credential() {
                Ok(()) | Err(keyring_core::Error::NoEntry) => {}
                Err(e) => return Err(KeyStoreError::Keychain(e.to_string())),
            },
            KeyStore::File { dir, .. } => {
                let p = dir.join(format!("{}.key", file_stem(name)));
                if p.exists() {
                    std::fs::remove_file(&p).map_err(io_err(&p))?;
                }
            }
        }
        let p = self.public_path(name);
        if p.exists() {
            std::fs::remove_file(&p).map_err(io_err(&p))?;
        }
        Ok(())
    }
}

/// Where public identity documents live: the key file folder, or the data
/// folder's `identities` for the OS keychain.
pub fn public_dir_for(keystore: Option<&Path>) -> PathBuf {
    keystore.map(Path::to_path_buf).unwrap_or_else(|| crate::home::data_dir().join("identities"))
}

/// Reads and verifies one public identity document (no secret needed).
pub fn read_public(dir: &Path, name: &str) -> Result<PublicIdentity, KeyStoreError> {
    let p = dir.join(format!("{}.identity.json", file_stem(name)));
    let bytes = std::fs::read(&p).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            KeyStoreError::NotFound(name.into(), dir.display().to_string())
        } else {
            KeyStoreError::Io(p.display().to_string(), e)
        }
    })?;
    let doc: PublicIdentity = serde_json::from_slice(&bytes).map_err(|e| KeyStoreError::BadIdentity(name.into(), e.to_string()))?;
    doc.verify().map_err(|e| KeyStoreError::BadIdentity(name.into(), e.to_string()))?;
    if doc.name != name {
        return Err(KeyStoreError::BadIdentity(name.into(), format!("the document is for '{}'", doc.name)));
    }
    Ok(doc)
}

/// Every valid public identity document in `dir`, by name.
pub fn list_public(dir: &Path) -> Vec<PublicIdentity> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let mut out: Vec<PublicIdentity> = rd
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".identity.json"))
        .filter_map(|e| std::fs::read(e.path()).ok())
        .filter_map(|b| serde_json::from_slice::<PublicIdentity>(&b).ok())
        .filter(|d| d.verify().is_ok())
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tenderbox_core::time::Timestamp;
    use tenderbox_core::uscc::Uscc;
    use tenderbox_seal::SystemEntropy;

    fn identity(name: &str) -> (PublicIdentity, SecretIdentity) {
        let s = SecretIdentity::generate(&SystemEntropy::new());
        let p = PublicIdentity::new(&s, name, Uscc::parse("91350100M000100Y43").unwrap(), Timestamp::from_unix(1_800_000_000)).unwrap();
        (p, s)
    }

    fn pass(s: &str) -> Zeroizing<String> {
        Zeroizing::new(s.to_string())
    }

    #[test]
    fn file_store_round_trips_and_rejects_a_wrong_passphrase() {
        let d = tempfile::tempdir().unwrap();
        let ks = KeyStore::file_with_iterations(d.path(), pass("correct horse"), 1000).unwrap();
        let (p, s) = identity("湖州建工集团有限公司");
        ks.save(&p, &s, &SystemEntropy::new()).unwrap();
        let (p2, s2) = ks.load(&p.name).unwrap();
        assert_eq!(p2, p);
        assert_eq!(s2.signing_public(), s.signing_public());
        assert!(matches!(ks.save(&p, &s, &SystemEntropy::new()), Err(KeyStoreError::Exists(..))));
        let wrong = KeyStore::file_with_iterations(d.path(), pass("battery staple"), 1000).unwrap();
        assert!(matches!(wrong.load(&p.name), Err(KeyStoreError::WrongPassphrase(_))));
        assert!(matches!(ks.load("nobody"), Err(KeyStoreError::NotFound(..))));
        assert_eq!(ks.list().unwrap().len(), 1);
        // The key file holds no plaintext key material and is private.
        let key_file = std::fs::read_dir(d.path()).unwrap().flatten().find(|e| e.path().extension().is_some_and(|x| x == "key")).unwrap();
        let text = std::fs::read_to_string(key_file.path()).unwrap();
        assert!(!text.contains(&hex::encode(&*s.to_bytes())));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(key_file.metadata().unwrap().permissions().mode() & 0o777, 0o600);
        }
        ks.delete(&p.name).unwrap();
        assert!(ks.list().unwrap().is_empty());
    }

    #[test]
    fn short_or_missing_passphrases_are_refused() {
        let d = tempfile::tempdir().unwrap();
        assert!(matches!(KeyStore::file(d.path(), pass("")), Err(KeyStoreError::NoPassphrase)));
        assert!(matches!(KeyStore::file(d.path(), pass("short")), Err(KeyStoreError::WeakPassphrase)));
    }

    #[test]
    fn tampered_public_document_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let ks = KeyStore::file_with_iterations(d.path(), pass("correct horse"), 1000).unwrap();
        let (p, s) = identity("acme");
        ks.save(&p, &s, &SystemEntropy::new()).unwrap();
        let path = d.path().join("acme.identity.json");
        let t = std::fs::read_to_string(&path).unwrap().replace("acme", "acne");
        std::fs::write(d.path().join("acne.identity.json"), t).unwrap();
        assert!(matches!(ks.public("acne"), Err(KeyStoreError::BadIdentity(..))));
    }

    /// The real Secret Service: needs a D-Bus session bus with an unlocked
    /// gnome-keyring, which `scripts/test` provides (dbus-run-session +
    /// gnome-keyring-daemon). It is not skipped there.
    #[test]
    #[ignore = "needs a Secret Service (D-Bus session with gnome-keyring); scripts/test runs it"]
    fn secret_service_stores_and_loads_an_identity() {
        let home = tempfile::tempdir().unwrap();
        let ks = KeyStore::os_with_public_dir(home.path()).expect("Secret Service reachable");
        let (p, s) = identity(&format!("ss-test-{}", std::process::id()));
        ks.save(&p, &s, &SystemEntropy::new()).unwrap();
        let (_, s2) = ks.load(&p.name).unwrap();
        assert_eq!(s2.encryption_public(), s.encryption_public());
        ks.delete(&p.name).unwrap();
        assert!(matches!(ks.load(&p.name), Err(KeyStoreError::NotFound(..))));
    }
}
