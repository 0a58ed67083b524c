//! The identity in use: creating it, unlocking it, registering it once for every centre, logging in.

use super::*;
use crate::api::Api;
use crate::keystore::KeyStore;
use serde::Serialize;
use std::sync::Arc;
use tenderbox_core::uscc::Uscc;
use tenderbox_seal::SystemEntropy;
use tenderbox_seal::identity::{PublicIdentity, SecretIdentity};
use tenderbox_wire::identity_id;
use ts_rs::TS;
use zeroize::Zeroizing;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Registration {
    /// Not sent to the platform yet.
    Unregistered,
    Pending,
    Approved,
    Rejected,
    /// Replaced by a newer identity of the same company and role (key renewal);
    /// `rejection_reason` then names the identity that replaced it.
    Retired,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IdentityView {
    pub name: String,
    pub uscc: String,
    pub id: String,
    pub fingerprint: String,
    pub keystore: KeyStoreKind,
    pub registration: Registration,
    /// The centre's reason, when rejected.
    pub rejection_reason: Option<String>,
    /// The file key store needs the passphrase once per session.
    pub locked: bool,
    /// The roles the platform approved (`bidder`, `agency`, `custodian`,
    /// `evaluator`, `supervisor`, `centre_admin`), as last read from the server.
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UsccCheck {
    pub ok: bool,
    /// Stable code of the problem (`uscc.length`, `uscc.check_char`, …).
    pub code: Option<String>,
    pub message: String,
}

/// A logged-in API client for the current identity.
pub(super) struct Session {
    api: Api,
    identity: String,
}

impl Desk {
    pub fn check_uscc(text: &str) -> UsccCheck {
        match Uscc::parse(text.trim()) {
            Ok(_) => UsccCheck { ok: true, code: None, message: String::new() },
            Err(e) => UsccCheck { ok: false, code: Some(e.code().to_string()), message: e.to_string() },
        }
    }

    /// Creates the identity: keys in the OS keychain, or — only when the user
    /// chose it — in a passphrase-encrypted key file.
    pub async fn create_identity(
        &self,
        name: &str,
        uscc: &str,
        keystore: KeyStoreKind,
        passphrase: Option<String>,
    ) -> DeskResult<IdentityView> {
        let name = name.trim();
        if name.is_empty() {
            return Err(DeskError::new("identity.name", "enter the organisation's name as on its business licence"));
        }
        let code = Uscc::parse(uscc.trim()).map_err(|e| DeskError::new(e.code(), format!("unified social credit code: {e}")))?;
        let ks = match keystore {
            KeyStoreKind::Keychain => KeyStore::os_with_public_dir(&self.public_dir())?,
            KeyStoreKind::File => {
                let p = Zeroizing::new(
                    passphrase.ok_or_else(|| DeskError::new("keystore.no_passphrase", "choose a passphrase for the key file"))?,
                );
                KeyStore::file(&self.keyfile_dir(), p)?
            }
        };
        let ent = SystemEntropy::new();
        let secret = SecretIdentity::generate(&ent);
        let public = PublicIdentity::new(&secret, name, code, self.now()).map_err(|e| DeskError::new("identity.invalid", e.to_string()))?;
        ks.save(&public, &secret, &ent)?;
        if keystore == KeyStoreKind::File {
            *self.unlocked.lock().await = Some(ks);
        }
        let mut s = self.settings().await;
        s.identity = Some(public.name.clone());
        s.keystore = keystore;
        self.set_settings(s).await?;
        self.identity().await?.ok_or_else(|| DeskError::new("identity.missing", "the identity was not saved"))
    }

    /// Brings an identity made elsewhere (by the command line, or another
    /// computer) onto this one: its passphrase-encrypted key file and public
    /// document, as the user chose them. The passphrase is checked by opening the
    /// key; the key is then kept here under the same passphrase (fresh salt), and
    /// the identity becomes the one in use. Nothing is kept when any check fails.
    pub async fn import_identity(&self, key_file: Vec<u8>, identity_file: Vec<u8>, passphrase: String) -> DeskResult<IdentityView> {
        let public: PublicIdentity = serde_json::from_slice(&identity_file)
            .map_err(|e| DeskError::new("identity.invalid", format!("the identity document is not valid: {e}")))?;
        public.verify().map_err(|e| DeskError::new("identity.invalid", format!("the identity document does not verify: {e}")))?;
        let stem = crate::keystore::file_stem(&public.name);
        let tmp = self.home.join(format!(".import-{}", &hex::encode(tenderbox_core::sha256(&key_file))[..12]));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp)?;
        let result = async {
            crate::files::write_atomic(&tmp.join(format!("{stem}.key")), &key_file, true)?;
            crate::files::write_atomic(&tmp.join(format!("{stem}.identity.json")), &identity_file, false)?;
            let pass = Zeroizing::new(passphrase);
            let (loaded, secret) = KeyStore::file(&tmp, pass.clone())?.load(&public.name)?;
            if loaded.signing_key != public.signing_key {
                return Err(DeskError::new("identity.invalid", "the key file and the identity document are of different identities"));
            }
            let ks = KeyStore::file(&self.keyfile_dir(), pass)?;
            ks.save(&public, &secret, &SystemEntropy::new())?;
            *self.unlocked.lock().await = Some(ks);
            Ok(())
        }
        .await;
        let _ = std::fs::remove_dir_all(&tmp);
        result?;
        let mut s = self.settings().await;
        s.identity = Some(public.name.clone());
        s.keystore = KeyStoreKind::File;
        self.set_settings(s).await?;
        self.identity().await?.ok_or_else(|| DeskError::new("identity.missing", "the identity was not saved"))
    }

    /// Unlocks the key file store for this session.
    pub async fn unlock(&self, passphrase: String) -> DeskResult<IdentityView> {
        let name = self.settings().await.identity.ok_or_else(|| DeskError::new("identity.none", "create an identity first"))?;
        let ks = KeyStore::file(&self.keyfile_dir(), Zeroizing::new(passphrase))?;
        ks.load(&name)?; // checks the passphrase
        *self.unlocked.lock().await = Some(ks);
        self.identity().await?.ok_or_else(|| DeskError::new("identity.none", "create an identity first"))
    }

    /// The current identity and its registration, as far as the synced log tells.
    pub async fn identity(&self) -> DeskResult<Option<IdentityView>> {
        let s = self.settings().await;
        let Some(name) = s.identity else { return Ok(None) };
        let public = self.public_of(s.keystore, &name)?;
        let id = identity_id(&public.signing_key);
        let (registration, rejection_reason) = self.registration_of(&id).await?;
        let locked = s.keystore == KeyStoreKind::File && self.unlocked.lock().await.is_none();
        let roles =
            self.store.meta(&format!("roles:{id}")).await?.map(|r| r.split(',').filter(|r| !r.is_empty()).map(str::to_string).collect());
        Ok(Some(IdentityView {
            roles: roles.unwrap_or_default(),
            name: public.name.clone(),
            uscc: public.uscc.as_str().to_string(),
            id,
            fingerprint: public.fingerprint(),
            keystore: s.keystore,
            registration,
            rejection_reason,
            locked,
        }))
    }

    pub(super) async fn registration_of(&self, id: &str) -> DeskResult<(Registration, Option<String>)> {
        for e in self.store.identity_events().await?.iter().rev() {
            if e.body["id"] == id {
                return Ok(match e.kind.as_str() {
                    "identity.approved" => (Registration::Approved, None),
                    // A newer identity of the same company and role was approved (a key renewal).
                    "identity.retired" => (Registration::Retired, e.body["replaced_by"].as_str().map(str::to_string)),
                    _ => (Registration::Rejected, e.body["reason"].as_str().map(str::to_string)),
                });
            }
        }
        // Nothing in the log yet: sent from here (pending), or not at all.
        if self.store.meta(&format!("registered:{id}")).await?.is_none() {
            return Ok((Registration::Unregistered, None));
        }
        Ok((Registration::Pending, None))
    }

    /// Reads the roles the platform approved for the identity in use (needs a
    /// login; kept for offline use). Quietly does nothing when not possible.
    pub(super) async fn refresh_roles(&self) {
        let Ok(Some(me)) = self.identity().await else { return };
        if me.registration != Registration::Approved {
            return;
        }
        let Ok(api) = self.session_api().await else { return };
        if let Ok(rec) = api.identity_record(&me.id).await {
            let roles: Vec<&str> = rec.roles.iter().map(|r| r.as_str()).collect();
            let _ = self.store.set_meta(&format!("roles:{}", me.id), &roles.join(",")).await;
        }
    }

    /// Sends the registration (bidder role) to the platform.
    pub async fn register(&self) -> DeskResult<IdentityView> {
        let s = self.settings().await;
        let name = s.identity.clone().ok_or_else(|| DeskError::new("identity.none", "create an identity first"))?;
        let public = self.public_of(s.keystore, &name)?;
        let id = identity_id(&public.signing_key);
        self.register_with_documents(&Api::new(&s.server), &name).await?;
        self.store.set_meta(&format!("registered:{id}"), &self.now().unix().to_string()).await?;
        self.sync_now();
        self.identity().await?.ok_or_else(|| DeskError::new("identity.none", "create an identity first"))
    }

    /// A logged-in API client (logs in on first use, and again when the token expired).
    pub(super) async fn session_api(&self) -> DeskResult<Api> {
        let s = self.settings().await;
        let name = s.identity.clone().ok_or_else(|| DeskError::new("identity.none", "create an identity first"))?;
        let mut session = self.session.lock().await;
        if let Some(sess) = session.as_ref()
            && sess.identity == name
        {
            return Ok(sess.api.clone());
        }
        let ks = self.keystore().await?;
        let (public, secret) = ks.load(&name)?;
        let mut api = Api::new(&s.server);
        api.login(&public, &secret).await?;
        *session = Some(Session { api: api.clone(), identity: name });
        Ok(api)
    }

    /// The identity in use's secret keys, to sign a submission.
    pub(super) async fn signer(&self) -> DeskResult<Arc<tenderbox_seal::identity::SecretIdentity>> {
        let name = self.settings().await.identity.ok_or_else(|| DeskError::new("identity.none", "create an identity first"))?;
        let ks = self.keystore().await?;
        Ok(Arc::new(ks.load(&name)?.1))
    }

    /// Forgets the login (after a 401, the next call logs in again).
    pub async fn drop_session(&self) {
        *self.session.lock().await = None;
    }
}
