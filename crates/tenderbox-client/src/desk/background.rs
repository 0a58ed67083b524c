//! The network as the window sees it: sync passes, first-contact trust of the log key, the outbox
//! sent in the background, and the status bar.

use super::*;
use crate::api::Api;
use crate::sync::SyncError;
use serde::Serialize;
use std::sync::Arc;
use tenderbox_core::centre;
use ts_rs::TS;

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
    /// A bidding room's live feed: a new board, the outcome decided (`result`), or the
    /// connection (`live`, `reconnecting`).
    Auction { id: String, news: String, board: Option<super::auctions::BoardView> },
}

impl Desk {
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
        let mut r = crate::sync::sync_once(&api, &self.store, &move || clock()).await;
        // The login ended (expired, or the identity was retired by a key renewal):
        // forget it and sync what everyone may read.
        if let Err(SyncError::Api(e)) = &r
            && e.code().starts_with("auth.")
        {
            self.drop_session().await;
            let clock = self.clock.clone();
            r = crate::sync::sync_once(&Api::new(&server), &self.store, &move || clock()).await;
        }
        if r.is_ok() {
            self.refresh_roles().await;
        }
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
    /// it, and the background loop syncs at once.
    pub async fn trust_log_key(&self, confirmation: &str) -> DeskResult<NetView> {
        let api = Api::new(&self.settings().await.server);
        crate::sync::trust(&api, &self.store, confirmation).await?;
        let mut net = self.net.lock().await;
        net.state = NetState::Syncing;
        net.offered_fingerprint = None;
        net.message = None;
        self.sync_now();
        Ok(net.clone())
    }

    /// Runs for the life of the app: syncs, then sends what waits in the outbox;
    /// every 20 s when online, backing off while offline (2 s doubling to 60 s);
    /// [`Desk::sync_now`] cuts a wait short (the user pressed "sync now", or queued a bid).
    pub async fn background(self: Arc<Self>, notify: Arc<dyn Fn(DeskEvent) + Send + Sync>) {
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
            let _ = tokio::time::timeout(delay, self.wake.notified()).await;
        }
    }

    pub(super) async fn waiting(&self) -> u32 {
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
}
