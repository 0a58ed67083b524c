//! The desk: everything the desktop app does, as plain async methods over the
//! local store, the key store, the server API, sync and the outbox. The Tauri
//! shell forwards each command here in one line; the views it returns are the
//! UI's types, exported to TypeScript (`ui/src/lib/bindings/`) so the front end
//! never mirrors them by hand. Errors are [`DeskError`] `{code, message}`.
//!
//! One module per concern: `settings`, `identity` (create, unlock, register, log
//! in), `background` (sync, first-contact trust, the outbox loop, the status
//! bar), `tenders` (announcements and details), `bid` (the editor and sealing),
//! `outbox` (sending and receipts), `opening` (the remote opening hall). Each
//! role's desk joins as its own module.
//!
//! The UI never sees key material: identities are created, stored and used here.

use crate::files::write_atomic;
use crate::keystore::KeyStore;
use crate::store::Store;
use crate::sync::{META_CLOCK_OFFSET, META_LAST_SYNC};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tenderbox_core::time::Timestamp;
use tokio::sync::Mutex;
use ts_rs::TS;

mod admin;
mod agency;
mod agency_committee;
mod attachments;
mod auctions;
mod background;
mod backup;
mod bid;
mod clarify;
mod credit;
mod custodian;
mod data_folder;
mod draws;
mod error;
mod evaluation;
mod experts;
mod finance;
mod guarantor;
mod hosting;
mod identity;
mod inspect;
mod keys;
mod opening;
mod outbox;
mod registration;
mod result;
mod review;
mod rules;
mod seal;
mod security;
mod settings;
mod supervision;
mod tender_form;
mod tenders;
mod updates;
pub use admin::RegistrationView;
pub use agency::{AgencyDeskView, DraftRow, PricePreview, TenderDraftView, price_preview};
pub use agency_committee::CustodianChoice;
pub use auctions::{AuctionForm, AuctionRoomView, AuctionRow, BoardView, board_view};
pub use background::{AppStatus, CentreView, DeskEvent, NetState, NetView};
pub use backup::BackupReport;
pub use bid::{AttachmentView, BidView, LotBidView, ProblemView, ResponseView, SealedView, amount_words};
pub use clarify::ClarificationView;
pub use credit::{CreditCheckView, CreditForm, CreditImportView, CreditView};
pub use custodian::CustodyView;
pub use draws::{DrawRequestInput, DrawVerifyView, DrawView, InvitationView, RatingView};
pub use error::{DeskError, DeskResult};
pub use evaluation::{CompareView, OpenedBidView, SessionView};
pub use experts::{ExpertView, ImportView, RowErrorView};
pub use finance::{DepositView, StatementImportView};
pub use guarantor::{GuaranteeForm, GuaranteeTermsView, GuaranteeView};
use identity::Session;
pub use identity::{IdentityView, Registration, UsccCheck};
pub use inspect::SealedFileView;
pub use opening::{LotReadView, ObjectionView, OpeningView, ReadingLineView};
pub use outbox::{OutboxView, ReceiptView};
pub use registration::RegistrationDocView;
pub use result::{MyQuestionView, NoticeView, ResultView};
pub use review::{MarkInput, ScoreInput, WorkView};
pub use rules::{RuleForm, RuleView};
pub use security::SecurityView;
use settings::settings_path;
pub use settings::{KeyStoreKind, Settings};
pub use supervision::{
    AlertView, AuditHitView, ComplaintForm, ComplaintView, ExchangeDatasetView, ExchangeRowView, ExchangeView, FeedEventView, MachinesView,
    StagedFileView, StatisticsView, SupervisionView,
};
pub use tender_form::{CustodianForm, PriceForm, TenderForm, beijing_input};
pub use tenders::{ChangeView, CriterionView, EventView, FileView, ItemView, LotView, TenderRow, TenderView, changes};
pub use updates::{UpdateOffer, UpdateView, bundle_for, offer_from, update_key, verify_download};

/// Writes the error-code registry (`tenderbox_core::codes`) as TypeScript: the
/// `Code` union and each code's wording in both languages.
pub fn export_codes(dir: &Path) -> std::io::Result<()> {
    use tenderbox_core::codes::Code;
    let q = |s: &str| serde_json::to_string(s).expect("serialisable");
    let mut ts = String::from("// Generated from tenderbox_core::codes by the desk's bindings test. Do not edit.\n\n");
    ts.push_str("export type Code =\n");
    for (i, c) in Code::ALL.iter().enumerate() {
        ts.push_str(&format!("  | {}{}\n", q(c.as_str()), if i + 1 == Code::ALL.len() { ";" } else { "" }));
    }
    ts.push_str("\nexport const CODES: Record<Code, { zh: string; en: string }> = {\n");
    for c in Code::ALL {
        ts.push_str(&format!("  {}: {{ zh: {}, en: {} }},\n", q(c.as_str()), q(c.zh()), q(c.en())));
    }
    ts.push_str("};\n");
    write_atomic(&dir.join("codes.ts"), ts.as_bytes(), false)?;
    // The expert specialty classes kept as data, for forms and labels.
    let mut sp = String::from("// Generated from tenderbox_core::experts::specialty_classes by the desk's bindings test. Do not edit.\n\n");
    sp.push_str("export const SPECIALTIES: { code: string; zh: string; en: string }[] = [\n");
    for (code, zh, en) in tenderbox_core::experts::specialty_classes() {
        sp.push_str(&format!("  {{ code: {}, zh: {}, en: {} }},\n", q(code), q(zh), q(en)));
    }
    sp.push_str("];\n");
    write_atomic(&dir.join("specialties.ts"), sp.as_bytes(), false)
}

/// Writes the TypeScript bindings of every view into `dir`.
pub fn export_bindings(dir: &Path) -> Result<(), ts_rs::ExportError> {
    export_codes(dir)?;
    DeskError::export_all_to(dir)?;
    AppStatus::export_all_to(dir)?;
    UsccCheck::export_all_to(dir)?;
    TenderView::export_all_to(dir)?;
    TenderRow::export_all_to(dir)?;
    DeskEvent::export_all_to(dir)?;
    bid::export_bindings(dir)?;
    auctions::export_bindings(dir)?;
    admin::export_bindings(dir)?;
    agency::export_bindings(dir)?;
    agency_committee::export_bindings(dir)?;
    clarify::export_bindings(dir)?;
    custodian::export_bindings(dir)?;
    outbox::export_bindings(dir)?;
    opening::export_bindings(dir)?;
    inspect::export_bindings(dir)?;
    backup::export_bindings(dir)?;
    rules::export_bindings(dir)?;
    updates::export_bindings(dir)?;
    registration::export_bindings(dir)?;
    experts::export_bindings(dir)?;
    draws::export_bindings(dir)?;
    evaluation::export_bindings(dir)?;
    review::export_bindings(dir)?;
    result::export_bindings(dir)?;
    credit::export_bindings(dir)?;
    supervision::export_bindings(dir)?;
    guarantor::export_bindings(dir)?;
    security::export_bindings(dir)?;
    finance::export_bindings(dir)?;
    Ok(())
}

/// The app's state for one data folder; see the module docs.
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
    /// Cuts the background loop's wait short (see [`Desk::sync_now`]).
    wake: Arc<tokio::sync::Notify>,
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
            wake: Arc::new(tokio::sync::Notify::new()),
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

    /// Tender `id` as this computer stored it (verified at sync), or a clear refusal.
    pub(super) async fn stored_tender(&self, id: &str) -> DeskResult<crate::store::StoredTender> {
        self.store.tender(id).await?.ok_or_else(|| DeskError::new("tender.not_found", format!("no tender {id} here yet; sync first")))
    }

    /// Wakes the background loop: sync now, then send what waits in the outbox
    /// (after the user asked, changed the server, registered, trusted the log key
    /// or queued a bid).
    pub fn sync_now(&self) {
        self.wake.notify_one();
    }

    /// The server's time as this computer estimates it (local clock + measured offset).
    /// `doc` signed here with this computer's identity.
    pub(super) async fn signed_by_me<T: tenderbox_seal::signed::Document>(
        &self,
        doc: T,
    ) -> DeskResult<tenderbox_seal::signed::SignedDoc<T>> {
        let me = self.identity().await?.ok_or_else(|| DeskError::new("identity.none", "no identity on this computer"))?.id;
        tenderbox_seal::signed::sign(doc, &me, &*self.signer().await?).map_err(|e| DeskError::new(e.code(), e.to_string()))
    }

    pub async fn server_now(&self) -> Timestamp {
        self.now().plus_seconds(self.net.lock().await.clock_offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tenderbox_core::tender::TenderDocument;

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
        assert_eq!(c[0].after, b.deadline.to_beijing(), "times in Beijing time");
        assert!(!c[0].substantive && c[1].substantive, "an extension is not a change of substance; a new ceiling is");
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
