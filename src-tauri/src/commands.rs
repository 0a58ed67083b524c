//! One line per command: forward to `tenderbox_client::desk::Desk`.

use crate::AppState;
use tauri::State;
use tauri::ipc::Channel;
use tenderbox_client::desk::{
    AgencyDeskView, AlertView, AppStatus, AuctionForm, AuctionRoomView, AuctionRow, AuditHitView, BackupReport, BidView, BoardView,
    ClarificationView, CompareView, ComplaintForm, ComplaintView, CreditForm, CreditImportView, CreditView, CustodianChoice, CustodyView,
    DepositView, DeskError, DrawRequestInput, DrawVerifyView, DrawView, ExchangeView, ExpertView, FeedEventView, FileView, GuaranteeForm,
    GuaranteeTermsView, GuaranteeView, IdentityView, ImportView, InvitationView, KeyStoreKind, MachinesView, MarkInput, MyQuestionView,
    NetView, NoticeView, OpenedBidView, OpeningView, OutboxView, PriceForm, PricePreview, RatingView, ReceiptView, RegistrationDocView,
    RegistrationView, ResultView, RuleForm, RuleView, ScoreInput, SealedFileView, SecurityView, SessionView, Settings, StagedFileView,
    StatementImportView, StatisticsView, SupervisionView, TenderDraftView, TenderForm, TenderRow, TenderView, UsccCheck, WorkView,
};

type R<T> = Result<T, DeskError>;

#[tauri::command]
pub async fn status(s: State<'_, AppState>) -> R<AppStatus> {
    s.desk.status().await
}

#[tauri::command]
pub async fn set_settings(s: State<'_, AppState>, settings: Settings) -> R<Settings> {
    s.desk.set_settings(settings).await
}

#[tauri::command]
pub fn check_uscc(text: String) -> UsccCheck {
    tenderbox_client::desk::Desk::check_uscc(&text)
}

#[tauri::command]
pub async fn create_identity(
    s: State<'_, AppState>,
    name: String,
    uscc: String,
    keystore: KeyStoreKind,
    passphrase: Option<String>,
) -> R<IdentityView> {
    s.desk.create_identity(&name, &uscc, keystore, passphrase).await
}

#[tauri::command]
pub async fn unlock(s: State<'_, AppState>, passphrase: String) -> R<IdentityView> {
    s.desk.unlock(passphrase).await
}

#[tauri::command]
pub async fn import_identity(s: State<'_, AppState>, key_file: Vec<u8>, identity_file: Vec<u8>, passphrase: String) -> R<IdentityView> {
    s.desk.import_identity(key_file, identity_file, passphrase).await
}

#[tauri::command]
pub async fn pending_registrations(s: State<'_, AppState>) -> R<Vec<RegistrationView>> {
    s.desk.pending_registrations().await
}

#[tauri::command]
pub async fn approve_registration(s: State<'_, AppState>, id: String) -> R<Vec<RegistrationView>> {
    s.desk.approve_registration(&id).await
}

#[tauri::command]
pub async fn reject_registration(s: State<'_, AppState>, id: String, reason: String) -> R<Vec<RegistrationView>> {
    s.desk.reject_registration(&id, &reason).await
}

#[tauri::command]
pub async fn custody(s: State<'_, AppState>) -> R<Vec<CustodyView>> {
    s.desk.custody().await
}

#[tauri::command]
pub async fn custody_step(s: State<'_, AppState>, tender: String) -> R<CustodyView> {
    s.desk.custody_step(&tender).await
}

#[tauri::command]
pub async fn custody_release(s: State<'_, AppState>, tender: String) -> R<u32> {
    s.desk.custody_release(&tender).await
}

#[tauri::command]
pub async fn clarifications(s: State<'_, AppState>, tender: String) -> R<Vec<ClarificationView>> {
    s.desk.clarifications(&tender).await
}

#[tauri::command]
pub async fn ask_clarification(s: State<'_, AppState>, tender: String, question: String) -> R<Vec<ClarificationView>> {
    s.desk.ask_clarification(&tender, &question).await
}

#[tauri::command]
pub async fn register(s: State<'_, AppState>) -> R<IdentityView> {
    s.desk.register().await
}

#[tauri::command]
pub async fn sync_now(s: State<'_, AppState>) -> R<()> {
    s.desk.sync_now();
    Ok(())
}

#[tauri::command]
pub async fn trust_log_key(s: State<'_, AppState>, fingerprint: String) -> R<NetView> {
    s.desk.trust_log_key(&fingerprint).await
}

#[tauri::command]
pub async fn tenders(s: State<'_, AppState>) -> R<Vec<TenderRow>> {
    s.desk.tenders().await
}

#[tauri::command]
pub async fn tender(s: State<'_, AppState>, id: String) -> R<TenderView> {
    s.desk.tender(&id).await
}

/// Progress: `[file index, bytes done, bytes total]`.
#[tauri::command]
pub async fn download_files(s: State<'_, AppState>, id: String, progress: Channel<(u32, u64, u64)>) -> R<Vec<FileView>> {
    s.desk.download_files(&id, &move |i, d, n| drop(progress.send((i, d, n)))).await
}

/// The server's time as estimated here (unix seconds).
#[tauri::command]
pub async fn server_now(s: State<'_, AppState>) -> R<i64> {
    Ok(s.desk.server_now().await.unix())
}

#[tauri::command]
pub fn amount_words(text: String) -> R<String> {
    tenderbox_client::desk::amount_words(&text)
}

#[tauri::command]
pub async fn bid(s: State<'_, AppState>, tender: String) -> R<BidView> {
    s.desk.bid(&tender).await
}

#[tauri::command]
pub async fn bid_update_to_current(s: State<'_, AppState>, tender: String) -> R<BidView> {
    s.desk.bid_update_to_current(&tender).await
}

#[tauri::command]
pub async fn bid_set_price(s: State<'_, AppState>, tender: String, lot: String, amount: String) -> R<BidView> {
    s.desk.bid_set_price(&tender, &lot, &amount).await
}

#[tauri::command]
pub async fn bid_set_terms(
    s: State<'_, AppState>,
    tender: String,
    lot: String,
    duration_days: Option<u32>,
    quality: Option<String>,
) -> R<BidView> {
    s.desk.bid_set_terms(&tender, &lot, duration_days, quality).await
}

#[tauri::command]
pub async fn bid_respond(s: State<'_, AppState>, tender: String, lot: String, item: String, text: String) -> R<BidView> {
    s.desk.bid_respond(&tender, &lot, &item, &text).await
}

#[tauri::command]
pub async fn bid_link(s: State<'_, AppState>, tender: String, lot: String, item: String, criterion: String, linked: bool) -> R<BidView> {
    s.desk.bid_link(&tender, &lot, &item, &criterion, linked).await
}

#[tauri::command]
pub async fn bid_attach(
    s: State<'_, AppState>,
    tender: String,
    lot: String,
    item: String,
    file: String,
    name: Option<String>,
) -> R<BidView> {
    s.desk.bid_attach(&tender, &lot, &item, &file, name).await
}

#[tauri::command]
pub async fn bid_detach(s: State<'_, AppState>, tender: String, lot: String, item: String, name: String) -> R<BidView> {
    s.desk.bid_detach(&tender, &lot, &item, &name).await
}

/// Raw bytes (an ArrayBuffer in the window) for the PDF preview.
#[tauri::command]
pub async fn bid_attachment_bytes(s: State<'_, AppState>, tender: String, name: String) -> R<tauri::ipc::Response> {
    s.desk.bid_attachment_bytes(&tender, &name).await.map(tauri::ipc::Response::new)
}

/// Progress: `[bytes done, bytes total]`.
#[tauri::command]
pub async fn bid_seal(s: State<'_, AppState>, tender: String, progress: Channel<(u64, u64)>) -> R<BidView> {
    s.desk.bid_seal(&tender, std::sync::Arc::new(move |d, n| drop(progress.send((d, n))))).await
}

#[tauri::command]
pub async fn bid_submit(s: State<'_, AppState>, tender: String) -> R<BidView> {
    s.desk.bid_submit(&tender).await
}

#[tauri::command]
pub async fn outbox(s: State<'_, AppState>) -> R<Vec<OutboxView>> {
    s.desk.outbox().await
}

#[tauri::command]
pub async fn outbox_pause(s: State<'_, AppState>, id: i64) -> R<Vec<OutboxView>> {
    s.desk.outbox_pause(id).await
}

#[tauri::command]
pub async fn outbox_resume(s: State<'_, AppState>, id: i64) -> R<Vec<OutboxView>> {
    s.desk.outbox_resume(id).await
}

#[tauri::command]
pub async fn receipts(s: State<'_, AppState>) -> R<Vec<ReceiptView>> {
    s.desk.receipts().await
}

#[tauri::command]
pub async fn receipt_export(s: State<'_, AppState>, sha256: String, path: String) -> R<String> {
    s.desk.receipt_export(&sha256, &path).await
}

/// The file's bytes are the raw request body; `tender`, `lot`, `item` and the
/// percent-encoded `name` come as headers.
#[tauri::command]
pub async fn bid_attach_bytes(s: State<'_, AppState>, request: tauri::ipc::Request<'_>) -> R<BidView> {
    let header = |k: &str| request.headers().get(k).and_then(|v| v.to_str().ok()).map(str::to_string);
    let body = match request.body() {
        tauri::ipc::InvokeBody::Raw(b) => Some(b.clone()),
        _ => None,
    };
    s.desk.bid_attach_ipc(&header, body).await
}

#[tauri::command]
pub async fn opening(s: State<'_, AppState>, tender: String) -> R<OpeningView> {
    s.desk.opening(&tender).await
}

#[tauri::command]
pub async fn opening_sign_in(s: State<'_, AppState>, tender: String) -> R<OpeningView> {
    s.desk.opening_sign_in(&tender).await
}

#[tauri::command]
pub async fn opening_decrypt(s: State<'_, AppState>, tender: String) -> R<OpeningView> {
    s.desk.opening_decrypt(&tender).await
}

#[tauri::command]
pub async fn opening_remedy(s: State<'_, AppState>, tender: String) -> R<OpeningView> {
    s.desk.opening_remedy(&tender).await
}

#[tauri::command]
pub async fn opening_confirm(s: State<'_, AppState>, tender: String) -> R<OpeningView> {
    s.desk.opening_confirm(&tender).await
}

#[tauri::command]
pub async fn opening_object(s: State<'_, AppState>, tender: String, text: String) -> R<OpeningView> {
    s.desk.opening_object(&tender, &text).await
}

/// The window has drawn its first screen. With `TENDERBOX_STARTUP_PROBE=1` this is
/// printed for the start-up benchmark (`desktop-bench`), once.
#[tauri::command]
pub fn ui_ready() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("TENDERBOX_STARTUP_PROBE").is_some() {
        ONCE.call_once(|| {
            use std::io::Write;
            let mut out = std::io::stdout();
            let _ = writeln!(out, "tenderbox-startup: first-screen");
            let _ = out.flush();
        });
    }
}

#[tauri::command]
pub async fn agency_desk(s: State<'_, AppState>) -> R<AgencyDeskView> {
    s.desk.agency_desk().await
}

#[tauri::command]
pub async fn tender_draft_new(s: State<'_, AppState>, id: String) -> R<TenderDraftView> {
    s.desk.tender_draft_new(&id).await
}

#[tauri::command]
pub async fn tender_draft(s: State<'_, AppState>, id: String) -> R<TenderDraftView> {
    s.desk.tender_draft(&id).await
}

#[tauri::command]
pub async fn tender_draft_save(s: State<'_, AppState>, form: TenderForm) -> R<TenderDraftView> {
    s.desk.tender_draft_save(form).await
}

/// The file's bytes as the raw body; `tender` and `name` as percent-encoded headers.
#[tauri::command]
pub async fn tender_draft_attach(s: State<'_, AppState>, request: tauri::ipc::Request<'_>) -> R<TenderDraftView> {
    let header = |k: &str| request.headers().get(k).and_then(|v| v.to_str().ok()).map(str::to_string);
    let body = match request.body() {
        tauri::ipc::InvokeBody::Raw(b) => Some(b.clone()),
        _ => None,
    };
    s.desk.tender_draft_attach_ipc(&header, body).await
}

#[tauri::command]
pub async fn tender_draft_detach(s: State<'_, AppState>, id: String, name: String) -> R<TenderDraftView> {
    s.desk.tender_draft_detach(&id, &name).await
}

#[tauri::command]
pub async fn tender_draft_discard(s: State<'_, AppState>, id: String) -> R<AgencyDeskView> {
    s.desk.tender_draft_discard(&id).await
}

#[tauri::command]
pub async fn tender_draft_publish(s: State<'_, AppState>, id: String) -> R<TenderRow> {
    s.desk.tender_draft_publish(&id).await
}

#[tauri::command]
pub async fn tender_amend_start(s: State<'_, AppState>, id: String) -> R<TenderDraftView> {
    s.desk.tender_amend_start(&id).await
}

#[tauri::command]
pub async fn tender_set_committee_key(s: State<'_, AppState>, id: String) -> R<TenderRow> {
    s.desk.tender_set_committee_key(&id).await
}

#[tauri::command]
pub async fn custodian_choices(s: State<'_, AppState>) -> R<Vec<CustodianChoice>> {
    s.desk.custodian_choices().await
}

#[tauri::command]
pub fn price_preview(price: PriceForm, prices: Vec<String>) -> R<PricePreview> {
    tenderbox_client::desk::price_preview(&price, &prices)
}

#[tauri::command]
pub async fn answer_clarification(s: State<'_, AppState>, tender: String, id: String, answer: String) -> R<Vec<ClarificationView>> {
    s.desk.answer_clarification(&tender, &id, &answer).await
}

#[tauri::command]
pub async fn opening_make_record(s: State<'_, AppState>, tender: String) -> R<OpeningView> {
    s.desk.opening_make_record(&tender).await
}

#[tauri::command]
pub async fn opening_answer(s: State<'_, AppState>, tender: String, objection: String, text: String) -> R<OpeningView> {
    s.desk.opening_answer(&tender, &objection, &text).await
}

#[tauri::command]
pub fn launch_file(s: State<'_, AppState>) -> Option<String> {
    s.launch_file.clone()
}

#[tauri::command]
pub async fn inspect_sealed(s: State<'_, AppState>, path: String) -> R<SealedFileView> {
    s.desk.inspect_sealed(&path).await
}

#[tauri::command]
pub async fn opening_platform_fault(s: State<'_, AppState>, tender: String, sha256: String, reason: String) -> R<OpeningView> {
    s.desk.opening_platform_fault(&tender, &sha256, &reason).await
}

#[tauri::command]
pub async fn move_key(s: State<'_, AppState>, to: KeyStoreKind, passphrase: Option<String>) -> R<IdentityView> {
    s.desk.move_key(to, passphrase).await
}

/// Moves the data folder, then restarts the app on it.
#[tauri::command]
pub async fn move_data_folder(app: tauri::AppHandle, s: State<'_, AppState>, target: String) -> R<()> {
    s.desk.move_data_folder(&target, &tenderbox_client::home::default_dir()).await?;
    app.restart()
}

#[tauri::command]
pub async fn backup_export(s: State<'_, AppState>, path: String, passphrase: String) -> R<BackupReport> {
    s.desk.backup_export(&path, &passphrase).await
}

#[tauri::command]
pub async fn backup_import(s: State<'_, AppState>, path: String, passphrase: String) -> R<BackupReport> {
    s.desk.backup_import(&path, &passphrase).await
}

#[tauri::command]
pub async fn rules(s: State<'_, AppState>) -> R<Vec<RuleView>> {
    s.desk.rules().await
}

#[tauri::command]
pub async fn rule_publish(s: State<'_, AppState>, form: RuleForm) -> R<Vec<RuleView>> {
    s.desk.rule_publish(form).await
}

#[tauri::command]
pub async fn rule_retire(s: State<'_, AppState>, id: String, reason: String) -> R<Vec<RuleView>> {
    s.desk.rule_retire(&id, &reason).await
}

#[tauri::command]
pub fn registration_staged(s: State<'_, AppState>) -> R<Vec<RegistrationDocView>> {
    s.desk.registration_staged()
}

/// Raw body: the file's bytes; headers `kind` and the percent-encoded `name`.
#[tauri::command]
pub fn registration_attach(s: State<'_, AppState>, request: tauri::ipc::Request<'_>) -> R<Vec<RegistrationDocView>> {
    let header = |k: &str| request.headers().get(k).and_then(|v| v.to_str().ok()).map(str::to_string);
    let body = match request.body() {
        tauri::ipc::InvokeBody::Raw(b) => Some(b.clone()),
        _ => None,
    };
    s.desk.registration_attach_ipc(&header, body)
}

#[tauri::command]
pub fn registration_detach(s: State<'_, AppState>, kind: String, name: String) -> R<Vec<RegistrationDocView>> {
    s.desk.registration_detach(&kind, &name)
}

#[tauri::command]
pub async fn registration_document(s: State<'_, AppState>, id: String, sha256: String) -> R<tauri::ipc::Response> {
    s.desk.registration_document_bytes(&id, &sha256).await.map(tauri::ipc::Response::new)
}

#[tauri::command]
pub async fn experts(s: State<'_, AppState>, specialty: String, status: String, search: String) -> R<Vec<ExpertView>> {
    s.desk.experts(&specialty, &status, &search).await
}

#[tauri::command]
pub async fn experts_import(s: State<'_, AppState>, csv: String) -> R<ImportView> {
    s.desk.experts_import(&csv).await
}

#[tauri::command]
pub async fn draws(s: State<'_, AppState>) -> R<Vec<DrawView>> {
    s.desk.draws().await
}

#[tauri::command]
pub async fn draw(s: State<'_, AppState>, id: String) -> R<DrawView> {
    s.desk.draw(&id).await
}

#[tauri::command]
pub async fn draw_request(s: State<'_, AppState>, input: DrawRequestInput) -> R<DrawView> {
    s.desk.draw_request(input).await
}

#[tauri::command]
pub async fn draw_entropy(s: State<'_, AppState>, id: String, text: String) -> R<DrawView> {
    s.desk.draw_entropy(&id, &text).await
}

#[tauri::command]
pub async fn draw_reveal(s: State<'_, AppState>, id: String) -> R<DrawView> {
    s.desk.draw_reveal(&id).await
}

#[tauri::command]
pub async fn draw_verify(s: State<'_, AppState>, id: String) -> R<DrawVerifyView> {
    s.desk.draw_verify(&id).await
}

#[tauri::command]
pub async fn invitations(s: State<'_, AppState>) -> R<Vec<InvitationView>> {
    s.desk.invitations().await
}

#[tauri::command]
pub async fn invitation_answer(s: State<'_, AppState>, seat: String, accept: bool, reason: String) -> R<InvitationView> {
    s.desk.invitation_answer(&seat, accept, &reason).await
}

#[tauri::command]
pub async fn my_expert(s: State<'_, AppState>) -> R<ExpertView> {
    s.desk.my_expert().await
}

#[tauri::command]
pub async fn my_ratings(s: State<'_, AppState>) -> R<Vec<RatingView>> {
    s.desk.my_ratings().await
}

#[tauri::command]
pub async fn my_availability(s: State<'_, AppState>, days: Vec<String>) -> R<ExpertView> {
    s.desk.my_availability(days).await
}

#[tauri::command]
pub async fn evaluation(s: State<'_, AppState>, tender: String) -> R<SessionView> {
    s.desk.evaluation(&tender).await
}

#[tauri::command]
pub async fn evaluation_sign_in(s: State<'_, AppState>, tender: String) -> R<SessionView> {
    s.desk.evaluation_sign_in(&tender).await
}

#[tauri::command]
pub async fn evaluation_declare(s: State<'_, AppState>, tender: String, conflicts: Vec<String>) -> R<SessionView> {
    s.desk.evaluation_declare(&tender, conflicts).await
}

#[tauri::command]
pub async fn evaluation_vote(s: State<'_, AppState>, tender: String, seat: String) -> R<SessionView> {
    s.desk.evaluation_vote(&tender, &seat).await
}

#[tauri::command]
pub async fn evaluation_more_time(s: State<'_, AppState>, tender: String, reason: String) -> R<SessionView> {
    s.desk.evaluation_more_time(&tender, &reason).await
}

#[tauri::command]
pub async fn evaluation_extend(s: State<'_, AppState>, tender: String, until: String, reason: String) -> R<SessionView> {
    s.desk.evaluation_extend(&tender, &until, &reason).await
}

#[tauri::command]
pub async fn evaluation_bids(s: State<'_, AppState>, tender: String) -> R<Vec<OpenedBidView>> {
    s.desk.evaluation_bids(&tender).await
}

#[tauri::command]
pub async fn evaluation_compare(s: State<'_, AppState>, tender: String) -> R<CompareView> {
    s.desk.evaluation_compare(&tender).await
}

#[tauri::command]
pub async fn evaluation_work(s: State<'_, AppState>, tender: String) -> R<WorkView> {
    s.desk.evaluation_work(&tender).await
}

#[tauri::command]
pub async fn evaluation_save_review(s: State<'_, AppState>, tender: String, marks: Vec<MarkInput>) -> R<()> {
    s.desk.evaluation_save_review(&tender, marks).await
}

#[tauri::command]
pub async fn evaluation_submit_review(s: State<'_, AppState>, tender: String, marks: Vec<MarkInput>) -> R<WorkView> {
    s.desk.evaluation_submit_review(&tender, marks).await
}

#[tauri::command]
pub async fn evaluation_save_scores(s: State<'_, AppState>, tender: String, lot: String, scores: Vec<ScoreInput>) -> R<()> {
    s.desk.evaluation_save_scores(&tender, &lot, scores).await
}

#[tauri::command]
pub async fn evaluation_submit_scores(s: State<'_, AppState>, tender: String, lot: String, scores: Vec<ScoreInput>) -> R<WorkView> {
    s.desk.evaluation_submit_scores(&tender, &lot, scores).await
}

#[tauri::command]
pub async fn evaluation_explain(s: State<'_, AppState>, tender: String, lot: String, bidder: String, reason: String) -> R<WorkView> {
    s.desk.evaluation_explain(&tender, &lot, &bidder, &reason).await
}

#[tauri::command]
pub async fn evaluation_ask(s: State<'_, AppState>, tender: String, bidder: String, question: String, due: String) -> R<WorkView> {
    s.desk.evaluation_ask(&tender, &bidder, &question, &due).await
}

#[tauri::command]
pub async fn evaluation_decide_tie(s: State<'_, AppState>, tender: String, lot: String, bidder: String, how: String) -> R<WorkView> {
    s.desk.evaluation_decide_tie(&tender, &lot, &bidder, &how).await
}

#[tauri::command]
pub async fn evaluation_draw_up_report(s: State<'_, AppState>, tender: String) -> R<WorkView> {
    s.desk.evaluation_draw_up_report(&tender).await
}

#[tauri::command]
pub async fn evaluation_report_pdf(s: State<'_, AppState>, tender: String) -> R<tauri::ipc::Response> {
    s.desk.evaluation_report_pdf(&tender).await.map(tauri::ipc::Response::new)
}

#[tauri::command]
pub async fn evaluation_sign_report(s: State<'_, AppState>, tender: String, dissent: Option<String>) -> R<WorkView> {
    s.desk.evaluation_sign_report(&tender, dissent).await
}

#[tauri::command]
pub async fn tender_result(s: State<'_, AppState>, tender: String) -> R<Option<ResultView>> {
    s.desk.tender_result(&tender).await
}

#[tauri::command]
pub async fn object_to_result(s: State<'_, AppState>, tender: String, text: String) -> R<ResultView> {
    s.desk.object_to_result(&tender, &text).await
}

#[tauri::command]
pub async fn answer_result_objection(s: State<'_, AppState>, tender: String, objection: String, text: String) -> R<ResultView> {
    s.desk.answer_result_objection(&tender, &objection, &text).await
}

#[tauri::command]
pub async fn start_publicity(s: State<'_, AppState>, tender: String, days: u32) -> R<ResultView> {
    s.desk.start_publicity(&tender, days).await
}

#[tauri::command]
pub async fn award_tender(s: State<'_, AppState>, tender: String) -> R<ResultView> {
    s.desk.award_tender(&tender).await
}

#[tauri::command]
pub async fn result_notice(s: State<'_, AppState>, tender: String) -> R<NoticeView> {
    s.desk.result_notice(&tender).await
}

#[tauri::command]
pub async fn my_committee_questions(s: State<'_, AppState>) -> R<Vec<MyQuestionView>> {
    s.desk.my_committee_questions().await
}

#[tauri::command]
pub async fn answer_committee_question(s: State<'_, AppState>, question: String, text: String) -> R<Vec<MyQuestionView>> {
    s.desk.answer_committee_question(&question, &text).await
}

#[tauri::command]
pub async fn evaluation_file(s: State<'_, AppState>, tender: String, bidder: String, name: String) -> R<tauri::ipc::Response> {
    s.desk.evaluation_file_bytes(&tender, &bidder, &name).await.map(tauri::ipc::Response::new)
}

#[tauri::command]
pub async fn expert_status(s: State<'_, AppState>, code: String, status: String, until: String, reason: String) -> R<ExpertView> {
    s.desk.expert_status(&code, &status, &until, &reason).await
}

#[tauri::command]
pub async fn credit_records(s: State<'_, AppState>, subject: String, search: String, status: String) -> R<Vec<CreditView>> {
    s.desk.credit_records(&subject, &search, &status).await
}

#[tauri::command]
pub async fn credit_import(s: State<'_, AppState>, csv: String, origin: String) -> R<CreditImportView> {
    s.desk.credit_import(&csv, &origin).await
}

#[tauri::command]
pub async fn credit_enter(s: State<'_, AppState>, form: CreditForm) -> R<CreditView> {
    s.desk.credit_enter(form).await
}

#[tauri::command]
pub async fn credit_revoke(s: State<'_, AppState>, id: String, reason: String) -> R<CreditView> {
    s.desk.credit_revoke(&id, &reason).await
}

#[tauri::command]
pub async fn credit_objections(s: State<'_, AppState>) -> R<Vec<CreditView>> {
    s.desk.credit_objections().await
}

#[tauri::command]
pub async fn credit_answer(s: State<'_, AppState>, objection: String, upheld: bool, text: String) -> R<()> {
    s.desk.credit_answer(&objection, upheld, &text).await
}

#[tauri::command]
pub async fn credit_mine(s: State<'_, AppState>) -> R<Vec<CreditView>> {
    s.desk.credit_mine().await
}

#[tauri::command]
pub async fn credit_object(s: State<'_, AppState>, record: String, text: String) -> R<Vec<CreditView>> {
    s.desk.credit_object(&record, &text).await
}

#[tauri::command]
pub async fn security_status(s: State<'_, AppState>, tender: String) -> R<SecurityView> {
    s.desk.security_status(&tender).await
}

#[tauri::command]
pub async fn deposits(s: State<'_, AppState>, tender: String) -> R<Vec<DepositView>> {
    s.desk.deposits(&tender).await
}

#[tauri::command]
pub async fn statement_import(s: State<'_, AppState>, csv: String) -> R<StatementImportView> {
    s.desk.statement_import(&csv).await
}

#[tauri::command]
pub async fn deposit_refund(s: State<'_, AppState>, id: String, serial: String, amount: String, interest: String) -> R<DepositView> {
    s.desk.deposit_refund(&id, &serial, &amount, &interest).await
}

#[tauri::command]
pub async fn supervision(s: State<'_, AppState>) -> R<SupervisionView> {
    s.desk.supervision().await
}

#[tauri::command]
pub async fn alerts(s: State<'_, AppState>, tender: String) -> R<Vec<AlertView>> {
    s.desk.alerts(&tender).await
}

#[tauri::command]
pub async fn machines(s: State<'_, AppState>, tender: String) -> R<MachinesView> {
    s.desk.machines(&tender).await
}

#[tauri::command]
pub async fn raise_machine_alerts(s: State<'_, AppState>, tender: String) -> R<Vec<AlertView>> {
    s.desk.raise_machine_alerts(&tender).await
}

#[tauri::command]
pub async fn decide_alert(s: State<'_, AppState>, tender: String, alert: String, finding: String, reasons: String) -> R<Vec<AlertView>> {
    s.desk.decide_alert(&tender, &alert, &finding, &reasons).await
}

#[tauri::command]
pub async fn complaints(s: State<'_, AppState>, tender: String, open: bool) -> R<Vec<ComplaintView>> {
    s.desk.complaints(&tender, open).await
}

#[tauri::command]
pub async fn complaint_accept(s: State<'_, AppState>, id: String, accepted: bool, reasons: String) -> R<ComplaintView> {
    s.desk.complaint_accept(&id, accepted, &reasons).await
}

#[tauri::command]
pub async fn complaint_decide(s: State<'_, AppState>, id: String, finding: String, reasons: String, measures: String) -> R<ComplaintView> {
    s.desk.complaint_decide(&id, &finding, &reasons, &measures).await
}

#[tauri::command]
pub async fn complaint_file_bytes(s: State<'_, AppState>, id: String, sha256: String) -> R<tauri::ipc::Response> {
    s.desk.complaint_file_bytes(&id, &sha256).await.map(tauri::ipc::Response::new)
}

#[tauri::command]
pub fn complaint_staged(s: State<'_, AppState>, tender: String) -> R<Vec<StagedFileView>> {
    s.desk.complaint_staged(&tender)
}

/// Raw body: the file's bytes; headers `tender` and `name`, percent-encoded.
#[tauri::command]
pub fn complaint_stage(s: State<'_, AppState>, request: tauri::ipc::Request<'_>) -> R<Vec<StagedFileView>> {
    let header = |k: &str| request.headers().get(k).and_then(|v| v.to_str().ok()).map(str::to_string);
    let body = match request.body() {
        tauri::ipc::InvokeBody::Raw(b) => Some(b.clone()),
        _ => None,
    };
    s.desk.complaint_stage_ipc(&header, body)
}

#[tauri::command]
pub fn complaint_unstage(s: State<'_, AppState>, tender: String, name: String) -> R<Vec<StagedFileView>> {
    s.desk.complaint_unstage(&tender, &name)
}

#[tauri::command]
pub async fn complaint_file(s: State<'_, AppState>, form: ComplaintForm) -> R<ComplaintView> {
    s.desk.complaint_file(form).await
}

#[tauri::command]
pub async fn statistics(s: State<'_, AppState>, from: String, to: String) -> R<StatisticsView> {
    s.desk.statistics(&from, &to).await
}

#[tauri::command]
pub async fn exchange(s: State<'_, AppState>) -> R<ExchangeView> {
    s.desk.exchange().await
}

#[tauri::command]
pub async fn exchange_retry(s: State<'_, AppState>) -> R<ExchangeView> {
    s.desk.exchange_retry().await
}

#[tauri::command]
pub async fn statistics_export(s: State<'_, AppState>, from: String, to: String) -> R<String> {
    s.desk.statistics_export(&from, &to).await
}

#[tauri::command]
pub async fn tender_feed(s: State<'_, AppState>, tender: String) -> R<Vec<FeedEventView>> {
    s.desk.tender_feed(&tender).await
}

#[tauri::command]
pub async fn audit_search(
    s: State<'_, AppState>,
    identity: String,
    tender: String,
    address: String,
    from: String,
    to: String,
) -> R<Vec<AuditHitView>> {
    s.desk.audit_search(&identity, &tender, &address, &from, &to).await
}

#[tauri::command]
pub async fn bid_set_personnel(s: State<'_, AppState>, tender: String, legal_rep: String, project_manager: String) -> R<BidView> {
    s.desk.bid_set_personnel(&tender, &legal_rep, &project_manager).await
}

#[tauri::command]
pub async fn guarantee_terms(s: State<'_, AppState>, tender: String) -> R<GuaranteeTermsView> {
    s.desk.guarantee_terms(&tender).await
}

#[tauri::command]
pub async fn guarantee_issue(s: State<'_, AppState>, form: GuaranteeForm) -> R<GuaranteeView> {
    s.desk.guarantee_issue(form).await
}

#[tauri::command]
pub async fn guarantees_issued(s: State<'_, AppState>) -> R<Vec<GuaranteeView>> {
    s.desk.guarantees_issued().await
}

#[tauri::command]
pub async fn guarantee_revoke(s: State<'_, AppState>, id: String, reason: String) -> R<GuaranteeView> {
    s.desk.guarantee_revoke(&id, &reason).await
}

#[tauri::command]
pub async fn bid_set_consortium(s: State<'_, AppState>, tender: String, members: Vec<(String, String)>) -> R<BidView> {
    s.desk.bid_set_consortium(&tender, members).await
}

// --- listings and auctions ---

#[tauri::command]
pub async fn auctions(s: State<'_, AppState>) -> R<Vec<AuctionRow>> {
    s.desk.auctions().await
}

#[tauri::command]
pub async fn auction_room(s: State<'_, AppState>, id: String) -> R<AuctionRoomView> {
    s.desk.auction_room(&id).await
}

/// Follows one auction's board live (one room at a time): `desk` events of kind `auction`.
#[tauri::command]
pub async fn auction_watch(s: State<'_, AppState>, app: tauri::AppHandle, id: String) -> R<()> {
    use tauri::Emitter;
    use tenderbox_client::auction_room::{RoomNews, follow};
    use tenderbox_client::desk::DeskEvent;
    let server = s.desk.settings().await.server;
    let mine = s.desk.my_auction_bids(&id).await;
    let task = tauri::async_runtime::spawn(async move {
        follow(&server, &id, |news| {
            let (kind, board) = match news {
                RoomNews::Board(b) => ("board", Some(tenderbox_client::desk::board_view(&b, &mine))),
                RoomNews::Result => ("result", None),
                RoomNews::Connection(true) => ("live", None),
                RoomNews::Connection(false) => ("reconnecting", None),
            };
            app.emit("desk", DeskEvent::Auction { id: id.clone(), news: kind.into(), board }).is_ok()
        })
        .await
    });
    if let Some(old) = s.auction_watch.lock().unwrap_or_else(|e| e.into_inner()).replace(task) {
        old.abort();
    }
    Ok(())
}

#[tauri::command]
pub fn auction_unwatch(s: State<'_, AppState>) {
    if let Some(old) = s.auction_watch.lock().unwrap_or_else(|e| e.into_inner()).take() {
        old.abort();
    }
}

#[tauri::command]
pub async fn auction_apply(s: State<'_, AppState>, id: String) -> R<AuctionRoomView> {
    s.desk.auction_apply(&id).await
}

#[tauri::command]
pub async fn auction_step(s: State<'_, AppState>, id: String, action: String, amount: Option<String>) -> R<BoardView> {
    s.desk.auction_step(&id, &action, amount.as_deref()).await
}

#[tauri::command]
pub async fn auction_announce(s: State<'_, AppState>, form: AuctionForm) -> R<AuctionRow> {
    s.desk.auction_announce(&form).await
}

#[tauri::command]
pub async fn auction_seal_reserve(
    s: State<'_, AppState>,
    id: String,
    reserve: String,
    custodians: Vec<String>,
    threshold: u32,
) -> R<AuctionRoomView> {
    s.desk.auction_seal_reserve(&id, &reserve, &custodians, threshold).await
}

#[tauri::command]
pub async fn auction_release(s: State<'_, AppState>, id: String) -> R<AuctionRoomView> {
    s.desk.auction_release(&id).await
}

#[tauri::command]
pub async fn auction_confirm(s: State<'_, AppState>, id: String) -> R<AuctionRoomView> {
    s.desk.auction_confirm(&id).await
}

#[tauri::command]
pub async fn auction_verify(s: State<'_, AppState>, id: String) -> R<String> {
    s.desk.auction_verify(&id).await
}

#[tauri::command]
pub async fn auction_seal_price(s: State<'_, AppState>, id: String, price: String) -> R<AuctionRoomView> {
    s.desk.auction_seal_price(&id, &price).await
}
