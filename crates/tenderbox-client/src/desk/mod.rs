//! The bidder's desk: everything the desktop app does, as plain async methods
//! over the local store, the key store, the server API, sync and the outbox.
//! The Tauri shell forwards each command here in one line; the views it returns
//! are the UI's types, exported to TypeScript (`ui/src/lib/bindings/`) so the
//! front end never mirrors them by hand. Errors are [`DeskError`] `{code, message}`.
//!
//! The UI never sees key material: identities are created, stored and used here.

use crate::api::{Api, ApiFailure};
use crate::files::write_atomic;
use crate::keystore::{KeyStore, KeyStoreError};
use crate::store::{Store, StoreError, StoredTender};
use crate::sync::{META_CLOCK_OFFSET, META_LAST_SYNC, SyncError};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tenderbox_core::centre;
use tenderbox_core::tender::{EvaluationMethod, ResponseKind, TenderDocument};
use tenderbox_core::time::Timestamp;
use tenderbox_core::uscc::Uscc;
use tenderbox_seal::SystemEntropy;
use tenderbox_seal::identity::{PublicIdentity, SecretIdentity};
use tenderbox_wire::{Role, TenderStatus, identity_id};
use tokio::sync::Mutex;
use ts_rs::TS;
use zeroize::Zeroizing;

mod bid;
mod opening;
pub use bid::{AttachmentView, BidView, LotBidView, OutboxView, ProblemView, ReceiptView, ResponseView, SealedView, amount_words};
pub use opening::{LotReadView, ObjectionView, OpeningView, ReadingLineView};

/// Every failure the UI sees: a stable code to branch on and a message for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct DeskError {
    pub code: String,
    pub message: String,
}

impl DeskError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        DeskError { code: code.into(), message: message.into() }
    }
}

macro_rules! from_coded {
    ($($t:ty),*) => {$(
        impl From<$t> for DeskError {
            fn from(e: $t) -> Self {
                DeskError::new(e.code(), e.to_string())
            }
        }
    )*};
}
from_coded!(ApiFailure, StoreError, SyncError, KeyStoreError, crate::outbox::OutboxError, crate::logcheck::LogAlarm);

impl From<std::io::Error> for DeskError {
    fn from(e: std::io::Error) -> Self {
        DeskError::new("io", e.to_string())
    }
}

pub type DeskResult<T> = Result<T, DeskError>;

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

/// The network as the status bar shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NetState {
    /// Not tried yet.
    Unknown,
    Syncing,
    Online,
    Offline,
    /// The log forked or its key changed: stop trusting this server.
    Alarm,
    /// First contact: the server's log key waits for the user to compare its
    /// fingerprint and confirm it.
    Unpinned,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct NetView {
    pub state: NetState,
    /// Why offline, or the alarm.
    pub message: Option<String>,
    /// Server time of the last good sync (unix seconds).
    #[ts(type = "number | null")]
    pub last_sync: Option<i64>,
    /// Server time minus this computer's time, seconds.
    #[ts(type = "number")]
    pub clock_offset: i64,
    /// Until the log key is pinned: the fingerprint of the key the server offers,
    /// to compare (kept while a sync runs, so the confirmation screen stays put).
    pub offered_fingerprint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Registration {
    /// Not sent to the platform yet.
    Unregistered,
    Pending,
    Approved,
    Rejected,
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CentreView {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AppStatus {
    /// The city centre and its sub-centres, for filters.
    pub centres: Vec<CentreView>,
    pub settings: Settings,
    pub identity: Option<IdentityView>,
    pub keychain_available: bool,
    pub data_dir: String,
    pub net: NetView,
    /// Sealed bids waiting in the outbox.
    pub outbox_waiting: u32,
    /// Fingerprint of the platform log key pinned on this computer, once pinned.
    pub log_key_fingerprint: Option<String>,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UsccCheck {
    pub ok: bool,
    /// Stable code of the problem (`uscc.length`, `uscc.check_char`, …).
    pub code: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TenderRow {
    pub id: String,
    pub title: String,
    pub centre: String,
    pub centre_name_zh: String,
    pub centre_name_en: String,
    /// `engineering`, `procurement`, `land_mining`, `property`.
    pub trading_type: String,
    /// `awaiting_committee_key`, `open`, `closed`, `failed`, `cancelled`.
    pub status: String,
    /// Unix seconds (server time).
    #[ts(type = "number")]
    pub deadline: i64,
    pub version: u32,
    /// Amended since the bidder last opened it (or never opened).
    pub unseen_changes: bool,
    pub lots: u32,
    pub files: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ItemView {
    pub id: String,
    pub title: String,
    /// `text`, `attachment`, `text_and_attachment`.
    pub response: String,
    pub criterion: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LotView {
    pub id: String,
    pub name: String,
    /// Exact decimal, yuan.
    pub ceiling_price: Option<String>,
    pub ceiling_price_words: Option<String>,
    pub asks_duration_and_quality: bool,
    pub items: Vec<ItemView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CriterionView {
    pub id: String,
    pub name: String,
    pub max_points: String,
    /// `subjective` or `objective`.
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FileView {
    pub name: String,
    pub sha256: String,
    #[ts(type = "number")]
    pub size: u64,
    /// Where it was saved, once downloaded and checked.
    pub local_path: Option<String>,
}

/// One difference between the version the bidder last looked at and now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChangeView {
    /// Dotted path of the field (`deadline`, `lots[L1].ceiling_price`, …).
    pub field: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct EventView {
    #[ts(type = "number")]
    pub index: u64,
    pub kind: String,
    #[ts(type = "number")]
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TenderView {
    pub row: TenderRow,
    pub tenderer: String,
    pub tenderer_uscc: String,
    pub agency: Option<String>,
    pub agency_id: String,
    /// `comprehensive` or `lowest_evaluated_price`.
    pub method: String,
    pub price_full_marks: Option<String>,
    pub qualification: Vec<String>,
    pub criteria: Vec<CriterionView>,
    pub lots: Vec<LotView>,
    #[ts(type = "number")]
    pub opening_at: i64,
    pub decryption_window_minutes: u32,
    pub multi_lot: String,
    pub required_stanzas: Vec<String>,
    pub committee_fallback: bool,
    pub files: Vec<FileView>,
    /// The version the bidder looked at before this one (None: first look).
    pub seen_version: Option<u32>,
    pub changes: Vec<ChangeView>,
    pub events: Vec<EventView>,
    pub hash: String,
    #[ts(type = "number")]
    pub log_index: u64,
}

/// What the background work tells the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DeskEvent {
    /// The network state changed, or a sync finished.
    Net { net: NetView, outbox_waiting: u32 },
    /// Tenders were added or amended.
    Tenders { ids: Vec<String> },
    /// Upload progress of an outbox item.
    Upload {
        #[ts(type = "number")]
        id: i64,
        tender: String,
        #[ts(type = "number")]
        sent: u64,
        #[ts(type = "number")]
        total: u64,
    },
    /// An outbox item was sent (receipt verified and stored) or failed.
    Outbox {
        #[ts(type = "number")]
        id: i64,
        tender: String,
        state: String,
        message: Option<String>,
    },
}

/// Writes the TypeScript bindings of every view into `dir`.
pub fn export_bindings(dir: &Path) -> Result<(), ts_rs::ExportError> {
    DeskError::export_all_to(dir)?;
    AppStatus::export_all_to(dir)?;
    UsccCheck::export_all_to(dir)?;
    TenderView::export_all_to(dir)?;
    TenderRow::export_all_to(dir)?;
    DeskEvent::export_all_to(dir)?;
    bid::export_bindings(dir)?;
    opening::export_bindings(dir)?;
    Ok(())
}

/// A logged-in API client for the current identity.
struct Session {
    api: Api,
    identity: String,
}

pub struct Desk {
    home: PathBuf,
    store: Store,
    settings: Mutex<Settings>,
    /// The file key store, once unlocked with its passphrase.
    unlocked: Mutex<Option<KeyStore>>,
    session: Mutex<Option<Session>>,
    net: Mutex<NetView>,
    clock: Arc<dyn Fn() -> Timestamp + Send + Sync>,
    /// The outbox item being sent now, to pause it.
    sending: Mutex<Option<(i64, tokio::task::AbortHandle)>>,
    /// Probed once at start: the probe can take seconds on a machine without a session bus.
    keychain: bool,
    /// Log leaves proved included (index → leaf hash) while the app runs, so that
    /// the opening hall asks for each event's proof once.
    pub(crate) proved: Mutex<std::collections::HashMap<u64, tenderbox_seal::merkle::Hash>>,
}

fn settings_path(home: &Path) -> PathBuf {
    home.join("settings.json")
}

fn trading_type_str(d: &TenderDocument) -> String {
    serde_json::to_value(d.trading_type).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn status_str(s: TenderStatus) -> String {
    serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn row(t: &StoredTender) -> TenderRow {
    let d = &t.record.document;
    let c = centre::centre(&d.centre);
    TenderRow {
        id: d.id.clone(),
        title: d.title.clone(),
        centre: d.centre.clone(),
        centre_name_zh: c.map(|c| c.name_zh.to_string()).unwrap_or_default(),
        centre_name_en: c.map(|c| c.name_en.to_string()).unwrap_or_default(),
        trading_type: trading_type_str(d),
        status: status_str(t.record.summary.status),
        deadline: d.deadline.unix(),
        version: d.version,
        unseen_changes: t.seen_version.is_none_or(|s| s < d.version),
        lots: d.lots.len() as u32,
        files: d.files.len() as u32,
    }
}

/// Field-by-field differences between two versions of a tender, for "what changed".
pub fn changes(before: &TenderDocument, after: &TenderDocument) -> Vec<ChangeView> {
    let mut out = Vec::new();
    let (a, b) = (serde_json::to_value(before).unwrap_or_default(), serde_json::to_value(after).unwrap_or_default());
    fn walk(path: &str, a: &serde_json::Value, b: &serde_json::Value, out: &mut Vec<ChangeView>) {
        use serde_json::Value;
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
                keys.sort();
                keys.dedup();
                for k in keys {
                    if k == "version" && path.is_empty() {
                        continue;
                    }
                    let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                    walk(&p, x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null), out);
                }
            }
            (Value::Array(x), Value::Array(y)) => {
                // Arrays of objects with ids are compared by id, others by position.
                let id = |v: &Value| v.get("id").or_else(|| v.get("name")).and_then(|i| i.as_str()).map(str::to_string);
                if x.iter().chain(y.iter()).all(|v| id(v).is_some()) {
                    let mut ids: Vec<String> = x.iter().chain(y.iter()).filter_map(id).collect();
                    ids.dedup();
                    let mut seen = std::collections::HashSet::new();
                    for i in ids.into_iter().filter(|i| seen.insert(i.clone())) {
                        let xa = x.iter().find(|v| id(v).as_deref() == Some(&i)).unwrap_or(&Value::Null);
                        let yb = y.iter().find(|v| id(v).as_deref() == Some(&i)).unwrap_or(&Value::Null);
                        walk(&format!("{path}[{i}]"), xa, yb, out);
                    }
                } else if a != b {
                    out.push(ChangeView { field: path.to_string(), before: a.to_string(), after: b.to_string() });
                }
            }
            _ if a != b => {
                let show = |v: &Value| match v {
                    Value::String(s) => s.clone(),
                    Value::Null => "—".into(),
                    other => other.to_string(),
                };
                out.push(ChangeView { field: path.to_string(), before: show(a), after: show(b) });
            }
            _ => {}
        }
    }
    walk("", &a, &b, &mut out);
    out
}

impl Desk {
    /// Opens the desk on data folder `home` (created when missing).
    pub async fn open(home: &Path, clock: Arc<dyn Fn() -> Timestamp + Send + Sync>) -> DeskResult<Desk> {
        std::fs::create_dir_all(home)?;
        let settings = match std::fs::read(settings_path(home)) {
            Ok(b) => serde_json::from_slice(&b)
                .map_err(|e| DeskError::new("settings.corrupt", format!("{} is damaged: {e}", settings_path(home).display())))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Settings::default(),
            Err(e) => return Err(e.into()),
        };
        let store = Store::open(&home.join("tenderbox.db")).await?;
        let offset = store.meta(META_CLOCK_OFFSET).await?.and_then(|v| v.parse().ok()).unwrap_or(0);
        let last_sync = store.meta(META_LAST_SYNC).await?.and_then(|v| v.parse().ok());
        let public_dir = home.join("identities");
        let keychain = tokio::task::spawn_blocking(move || KeyStore::os_with_public_dir(&public_dir).is_ok()).await.unwrap_or(false);
        Ok(Desk {
            keychain,
            sending: Mutex::new(None),
            proved: Mutex::new(Default::default()),
            home: home.to_path_buf(),
            store,
            settings: Mutex::new(settings),
            unlocked: Mutex::new(None),
            session: Mutex::new(None),
            net: Mutex::new(NetView {
                state: NetState::Unknown,
                message: None,
                last_sync,
                clock_offset: offset,
                offered_fingerprint: None,
            }),
            clock,
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn home(&self) -> &Path {
        &self.home
    }

    fn now(&self) -> Timestamp {
        (self.clock)()
    }

    /// The server's time as this computer estimates it (local clock + measured offset).
    pub async fn server_now(&self) -> Timestamp {
        self.now().plus_seconds(self.net.lock().await.clock_offset)
    }

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
        Ok(new)
    }

    fn public_dir(&self) -> PathBuf {
        self.home.join("identities")
    }

    fn keyfile_dir(&self) -> PathBuf {
        self.home.join("keys")
    }

    pub fn keychain_available(&self) -> bool {
        self.keychain
    }

    async fn keystore(&self) -> DeskResult<KeyStore> {
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

    fn public_of(&self, kind: KeyStoreKind, name: &str) -> DeskResult<PublicIdentity> {
        let dir = match kind {
            KeyStoreKind::Keychain => self.public_dir(),
            KeyStoreKind::File => self.keyfile_dir(),
        };
        Ok(crate::keystore::read_public(&dir, name)?)
    }

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
        Ok(Some(IdentityView {
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

    async fn registration_of(&self, id: &str) -> DeskResult<(Registration, Option<String>)> {
        if self.store.meta(&format!("registered:{id}")).await?.is_none() {
            return Ok((Registration::Unregistered, None));
        }
        for e in self.store.identity_events().await?.iter().rev() {
            if e.body["id"] == id {
                return Ok(match e.kind.as_str() {
                    "identity.approved" => (Registration::Approved, None),
                    _ => (Registration::Rejected, e.body["reason"].as_str().map(str::to_string)),
                });
            }
        }
        Ok((Registration::Pending, None))
    }

    /// Sends the registration (bidder role) to the platform.
    pub async fn register(&self) -> DeskResult<IdentityView> {
        let s = self.settings().await;
        let name = s.identity.clone().ok_or_else(|| DeskError::new("identity.none", "create an identity first"))?;
        let public = self.public_of(s.keystore, &name)?;
        let id = identity_id(&public.signing_key);
        match Api::new(&s.server).register(&public, &[Role::Bidder]).await {
            Ok(_) => {}
            Err(ApiFailure::Server { code, .. }) if code == "identity.exists" => {}
            Err(e) => return Err(e.into()),
        }
        self.store.set_meta(&format!("registered:{id}"), &self.now().unix().to_string()).await?;
        self.identity().await?.ok_or_else(|| DeskError::new("identity.none", "create an identity first"))
    }

    /// A logged-in API client (logs in on first use, and again when the token expired).
    async fn session_api(&self) -> DeskResult<Api> {
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
    async fn signer(&self) -> DeskResult<Arc<tenderbox_seal::identity::SecretIdentity>> {
        let name = self.settings().await.identity.ok_or_else(|| DeskError::new("identity.none", "create an identity first"))?;
        let ks = self.keystore().await?;
        Ok(Arc::new(ks.load(&name)?.1))
    }

    /// Forgets the login (after a 401, the next call logs in again).
    pub async fn drop_session(&self) {
        *self.session.lock().await = None;
    }

    pub async fn net(&self) -> NetView {
        self.net.lock().await.clone()
    }

    /// One sync pass; updates the network view whatever happens.
    pub async fn sync(&self) -> DeskResult<crate::sync::SyncReport> {
        self.net.lock().await.state = NetState::Syncing;
        let server = self.settings().await.server;
        // Logged in when possible, to receive this identity's private events too.
        let api = match self.session_api().await {
            Ok(api) => api,
            Err(_) => Api::new(&server),
        };
        // A configured key pins the server's at first contact (only if they agree).
        let configured = self.settings().await.log_key;
        if let Some(k) = configured.as_deref()
            && self.store.meta(crate::sync::META_LOG_KEY).await?.is_none()
            && let Err(e) = crate::sync::trust(&api, &self.store, k).await
        {
            let mut net = self.net.lock().await;
            net.state = if e.is_offline() { NetState::Offline } else { NetState::Alarm };
            net.message = Some(e.to_string());
            return Err(e.into());
        }
        let clock = self.clock.clone();
        let r = crate::sync::sync_once(&api, &self.store, &move || clock()).await;
        let mut net = self.net.lock().await;
        match &r {
            Ok(rep) => {
                *net = NetView {
                    state: NetState::Online,
                    message: None,
                    last_sync: Some(rep.server_time.unix()),
                    clock_offset: rep.clock_offset,
                    offered_fingerprint: None,
                };
            }
            Err(SyncError::Unpinned { fingerprint, .. }) => {
                net.state = NetState::Unpinned;
                net.message = Some(r.as_ref().err().map(|e| e.to_string()).unwrap_or_default());
                net.offered_fingerprint = Some(fingerprint.clone());
            }
            Err(e) if e.is_offline() => {
                net.state = NetState::Offline;
                net.message = Some(e.to_string());
            }
            Err(
                e @ (SyncError::Fork { .. }
                | SyncError::KeyChanged { .. }
                | SyncError::NotTheKey { .. }
                | SyncError::Receipt { .. }
                | SyncError::Rollback { .. }),
            ) => {
                net.state = NetState::Alarm;
                net.message = Some(e.to_string());
                net.offered_fingerprint = None;
            }
            Err(e) => {
                net.state = NetState::Offline;
                net.message = Some(e.to_string());
            }
        }
        Ok(r?)
    }

    /// The user compared the fingerprint the server offers with the one the
    /// trading centre publishes and confirms it (`confirmation` is that
    /// fingerprint, or the key): the key is pinned if the server offers exactly
    /// it. The caller wakes the background loop to sync.
    pub async fn trust_log_key(&self, confirmation: &str) -> DeskResult<NetView> {
        let api = Api::new(&self.settings().await.server);
        crate::sync::trust(&api, &self.store, confirmation).await?;
        let mut net = self.net.lock().await;
        net.state = NetState::Syncing;
        net.offered_fingerprint = None;
        net.message = None;
        Ok(net.clone())
    }

    /// Runs for the life of the app: syncs, then sends what waits in the outbox;
    /// every 20 s when online, backing off while offline (2 s doubling to 60 s);
    /// `wake` cuts a wait short (the user pressed "sync now", or queued a bid).
    pub async fn background(self: Arc<Self>, notify: Arc<dyn Fn(DeskEvent) + Send + Sync>, wake: Arc<tokio::sync::Notify>) {
        let mut failures = 0u32;
        loop {
            let before = self.net().await;
            notify(DeskEvent::Net { net: NetView { state: NetState::Syncing, ..before }, outbox_waiting: self.waiting().await });
            let delay = match self.sync().await {
                Ok(rep) => {
                    failures = 0;
                    if !rep.tenders_updated.is_empty() {
                        notify(DeskEvent::Tenders { ids: rep.tenders_updated.clone() });
                    }
                    // A delivered bid: sync again at once so that its receipt is
                    // anchored in this computer's view of the log.
                    if self.send_outbox(&notify).await > 0 {
                        std::time::Duration::from_millis(500)
                    } else {
                        std::time::Duration::from_secs(20)
                    }
                }
                Err(e) => {
                    eprintln!("tenderbox: sync failed ({}): {e}", e.code);
                    failures += 1;
                    crate::sync::backoff(failures)
                }
            };
            notify(DeskEvent::Net { net: self.net().await, outbox_waiting: self.waiting().await });
            let _ = tokio::time::timeout(delay, wake.notified()).await;
        }
    }

    async fn waiting(&self) -> u32 {
        crate::outbox::pending(&self.store).await.map(|v| v.len() as u32).unwrap_or(0)
    }

    /// Sends every queued outbox item (needs a logged-in session). Each send is
    /// its own task so that [`Desk::outbox_pause`] can stop it mid-transfer.
    /// Returns how many were delivered.
    pub async fn send_outbox(self: &Arc<Self>, notify: &Arc<dyn Fn(DeskEvent) + Send + Sync>) -> usize {
        let Ok(items) = crate::outbox::pending(&self.store).await else { return 0 };
        if items.is_empty() {
            return 0;
        }
        let Ok(api) = self.session_api().await else { return 0 };
        // Each submission is signed by the bidder's identity (never by the server).
        let Ok(signer) = self.signer().await else { return 0 };
        let mut delivered = 0;
        for item in items {
            let (n, me, api, signer) = (notify.clone(), self.clone(), api.clone(), signer.clone());
            let (id, tender) = (item.id, item.tender_id.clone());
            let task = tokio::spawn(async move {
                let clock = me.clock.clone();
                let n2 = n.clone();
                let t2 = tender.clone();
                let mut progress = move |sent: u64, total: u64| n2(DeskEvent::Upload { id, tender: t2.clone(), sent, total });
                crate::outbox::send(&api, &me.store, &signer, id, &move || clock(), &mut progress).await
            });
            *self.sending.lock().await = Some((id, task.abort_handle()));
            let r = task.await;
            *self.sending.lock().await = None;
            let (state, message, offline) = match &r {
                Ok(Ok(_)) => {
                    delivered += 1;
                    ("sent".to_string(), None, false)
                }
                Ok(Err(e)) if e.is_offline() => ("queued".to_string(), Some(e.to_string()), true),
                Ok(Err(e)) => ("failed".to_string(), Some(e.to_string()), false),
                // Paused: the task was stopped; the item says so already.
                Err(_) => ("paused".to_string(), None, false),
            };
            notify(DeskEvent::Outbox { id, tender: item.tender_id.clone(), state, message });
            if offline {
                break;
            }
        }
        delivered
    }

    pub async fn status(&self) -> DeskResult<AppStatus> {
        let waiting = crate::outbox::pending(&self.store).await?.len() as u32;
        Ok(AppStatus {
            centres: centre::CENTRES
                .iter()
                .map(|c| CentreView { code: c.code.into(), name_zh: c.name_zh.into(), name_en: c.name_en.into() })
                .collect(),
            settings: self.settings().await,
            identity: self.identity().await.unwrap_or(None),
            keychain_available: self.keychain_available(),
            data_dir: self.home.display().to_string(),
            net: self.net().await,
            outbox_waiting: waiting,
            log_key_fingerprint: self.store.meta(crate::sync::META_LOG_KEY).await?.map(|k| tenderbox_wire::log_key_fingerprint(&k)),
            version: crate::TOOL_VERSION.to_string(),
        })
    }

    pub async fn tenders(&self) -> DeskResult<Vec<TenderRow>> {
        Ok(self.store.tenders().await?.iter().map(row).collect())
    }

    fn files_dir(&self, tender: &str) -> PathBuf {
        self.home.join("tenders").join(crate::keystore::file_stem(tender))
    }

    /// One tender with what changed since the bidder last looked; marks it seen.
    pub async fn tender(&self, id: &str) -> DeskResult<TenderView> {
        let t = self
            .store
            .tender(id)
            .await?
            .ok_or_else(|| DeskError::new("tender.not_found", format!("no tender {id} here yet; sync first")))?;
        let d = &t.record.document;
        let changes = match t.seen_version {
            Some(v) if v < d.version => match self.store.tender_version(id, v).await? {
                Some(before) => changes(&before, d),
                None => vec![],
            },
            _ => vec![],
        };
        let words = |p: rust_decimal::Decimal| tenderbox_core::amount::to_chinese_upper(p).ok();
        let (method, qualification, criteria, full) = match &d.method {
            EvaluationMethod::Comprehensive { qualification, criteria, price } => (
                "comprehensive",
                qualification.iter().map(|q| q.text.clone()).collect(),
                criteria
                    .iter()
                    .map(|c| CriterionView {
                        id: c.id.clone(),
                        name: c.name.clone(),
                        max_points: c.max_points.to_string(),
                        kind: serde_json::to_value(c.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
                    })
                    .collect(),
                Some(price.full_marks.to_string()),
            ),
            EvaluationMethod::LowestEvaluatedPrice { qualification } => {
                ("lowest_evaluated_price", qualification.iter().map(|q| q.text.clone()).collect(), vec![], None)
            }
        };
        let dir = self.files_dir(id);
        let view = TenderView {
            row: row(&t),
            tenderer: d.tenderer.name.clone(),
            tenderer_uscc: d.tenderer.uscc.as_str().to_string(),
            agency: d.agency.as_ref().map(|a| a.name.clone()),
            agency_id: t.record.agency_id.clone(),
            method: method.into(),
            price_full_marks: full,
            qualification,
            criteria,
            lots: d
                .lots
                .iter()
                .map(|l| LotView {
                    id: l.id.clone(),
                    name: l.name.clone(),
                    ceiling_price: l.ceiling_price.map(|p| format!("{p:.2}")),
                    ceiling_price_words: l.ceiling_price.and_then(words),
                    asks_duration_and_quality: l.asks_duration_and_quality,
                    items: l
                        .items
                        .iter()
                        .map(|i| ItemView {
                            id: i.id.clone(),
                            title: i.title.clone(),
                            response: match i.response {
                                ResponseKind::Text => "text",
                                ResponseKind::Attachment => "attachment",
                                ResponseKind::TextAndAttachment => "text_and_attachment",
                            }
                            .into(),
                            criterion: i.criterion.clone(),
                        })
                        .collect(),
                })
                .collect(),
            opening_at: d.opening_at.unix(),
            decryption_window_minutes: d.decryption_window_minutes,
            multi_lot: serde_json::to_value(d.multi_lot).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
            required_stanzas: d
                .envelope
                .required_stanzas
                .iter()
                .map(|k| serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default())
                .collect(),
            committee_fallback: d.envelope.committee_opens_on_bidder_failure,
            files: d
                .files
                .iter()
                .map(|f| {
                    let p = dir.join(&f.name);
                    let ok = std::fs::metadata(&p).map(|m| m.len() == f.size).unwrap_or(false);
                    FileView {
                        name: f.name.clone(),
                        sha256: f.sha256.clone(),
                        size: f.size,
                        local_path: ok.then(|| p.display().to_string()),
                    }
                })
                .collect(),
            seen_version: t.seen_version,
            changes,
            events: self
                .store
                .tender_events(id)
                .await?
                .iter()
                .map(|e| EventView { index: e.index, kind: e.kind.clone(), at: e.at.unix() })
                .collect(),
            hash: t.record.summary.hash.clone(),
            log_index: t.log_index,
        };
        self.store.mark_seen(id, d.version).await?;
        Ok(view)
    }

    /// Downloads every package file of a tender, each checked against the signed
    /// document; `progress(file index, done, total)`.
    pub async fn download_files(&self, id: &str, progress: &(dyn Fn(u32, u64, u64) + Send + Sync)) -> DeskResult<Vec<FileView>> {
        let t = self
            .store
            .tender(id)
            .await?
            .ok_or_else(|| DeskError::new("tender.not_found", format!("no tender {id} here yet; sync first")))?;
        let api = Api::new(&self.settings().await.server);
        let dir = self.files_dir(id);
        let mut out = Vec::new();
        for (i, f) in t.record.document.files.iter().enumerate() {
            let p = crate::tenders::download_file(&api, id, f, &dir, &mut |d, n| progress(i as u32, d, n)).await?;
            out.push(FileView { name: f.name.clone(), sha256: f.sha256.clone(), size: f.size, local_path: Some(p.display().to_string()) });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_shape_the_ui_sees_is_pinned() {
        let e = DeskError::new("keystore.locked", "enter the passphrase");
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"code":"keystore.locked","message":"enter the passphrase"}"#);
    }

    #[test]
    fn uscc_is_checked_as_typed() {
        assert!(Desk::check_uscc("91350100M000100Y43").ok);
        let short = Desk::check_uscc("913501");
        assert_eq!(short.code.as_deref(), Some("uscc.length"));
        let bad = Desk::check_uscc("91350100M000100Y44");
        assert!(!bad.ok);
        assert!(bad.message.contains("Y") || bad.message.contains('3'), "{}", bad.message);
    }

    #[test]
    fn changes_name_the_fields_that_moved() {
        let a = TenderDocument::example(Timestamp::parse("2026-11-30T10:00:00Z").unwrap());
        let mut b = a.clone();
        b.version = 2;
        b.deadline = b.deadline.plus_seconds(86_400);
        b.lots[0].ceiling_price = Some("12500000.00".parse().unwrap());
        let c = changes(&a, &b);
        let fields: Vec<&str> = c.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["deadline", "lots[L1].ceiling_price"]);
        assert_eq!(c[1].after, "12500000.00");
        assert!(changes(&a, &a).is_empty());
    }

    #[test]
    fn bindings_are_current() {
        // Regenerates ui/src/lib/bindings; `scripts/test` fails when they differ from git.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings");
        export_bindings(&dir).unwrap();
        assert!(dir.join("AppStatus.ts").exists());
    }
}
