//! The Tenderbox desktop app: Tauri setup and commands. Every command is a short
//! forward into `tenderbox-client` (the same library the CLI uses); errors reach
//! the UI as `{code, message}` with stable codes. No business logic lives here.

#![forbid(unsafe_code)]

mod commands;
mod updates;

use std::sync::Arc;
use tauri::{Emitter, Manager};
use tenderbox_client::desk::{Desk, DeskEvent};

/// What every command reaches: the desk.
pub struct AppState {
    pub desk: Arc<Desk>,
    /// A sealed bid (`.tbx`) the app was opened with from the file manager.
    pub launch_file: Option<String>,
    /// The bidding room followed live, if any.
    pub auction_watch: std::sync::Mutex<Option<tauri::async_runtime::JoinHandle<()>>>,
}

fn local_clock() -> tenderbox_core::time::Timestamp {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    tenderbox_core::time::Timestamp::from_unix(secs)
}

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_updater::Builder::new().build())
        .manage(updates::Updates::default())
        .setup(|app| {
            // After a move of the data folder, the old copy goes at the first start on the new one.
            if let Err(e) = tenderbox_client::home::remove_moved_from(&tenderbox_client::home::default_dir()) {
                eprintln!("tenderbox: the data folder's old copy could not be removed: {e}");
            }
            let home = tenderbox_client::home::data_dir();
            let desk = tauri::async_runtime::block_on(Desk::open(&home, Arc::new(local_clock)))
                .map_err(|e| format!("cannot open the data folder {}: {e}", home.display()))?;
            let desk = Arc::new(desk);
            let handle = app.handle().clone();
            let notify: Arc<dyn Fn(DeskEvent) + Send + Sync> = Arc::new(move |e| {
                let _ = handle.emit("desk", e);
            });
            tauri::async_runtime::spawn(desk.clone().background(notify));
            let launch_file = std::env::args().skip(1).find(|a| a.to_lowercase().ends_with(".tbx"));
            app.manage(AppState { desk, launch_file, auction_watch: Default::default() });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::status,
            commands::set_settings,
            commands::check_uscc,
            commands::create_identity,
            commands::unlock,
            commands::register,
            commands::import_identity,
            commands::pending_registrations,
            commands::custody,
            commands::clarifications,
            commands::ask_clarification,
            commands::custody_step,
            commands::custody_release,
            commands::approve_registration,
            commands::reject_registration,
            commands::sync_now,
            commands::trust_log_key,
            commands::tenders,
            commands::tender,
            commands::download_files,
            commands::server_now,
            commands::amount_words,
            commands::bid,
            commands::bid_update_to_current,
            commands::bid_set_price,
            commands::bid_set_terms,
            commands::bid_respond,
            commands::bid_link,
            commands::bid_attach,
            commands::bid_attach_bytes,
            commands::bid_detach,
            commands::bid_attachment_bytes,
            commands::bid_seal,
            commands::bid_submit,
            commands::outbox,
            commands::outbox_pause,
            commands::outbox_resume,
            commands::receipts,
            commands::receipt_export,
            commands::opening,
            commands::opening_sign_in,
            commands::opening_decrypt,
            commands::opening_remedy,
            commands::opening_confirm,
            commands::opening_object,
            commands::ui_ready,
            commands::agency_desk,
            commands::tender_draft_new,
            commands::tender_draft,
            commands::tender_draft_save,
            commands::tender_draft_attach,
            commands::tender_draft_detach,
            commands::tender_draft_discard,
            commands::tender_draft_publish,
            commands::tender_amend_start,
            commands::tender_set_committee_key,
            commands::custodian_choices,
            commands::price_preview,
            commands::answer_clarification,
            commands::opening_make_record,
            commands::opening_answer,
            commands::launch_file,
            commands::inspect_sealed,
            commands::opening_platform_fault,
            commands::move_key,
            commands::move_data_folder,
            commands::backup_export,
            commands::backup_import,
            commands::rules,
            commands::rule_publish,
            commands::rule_retire,
            commands::experts,
            commands::experts_import,
            commands::credit_records,
            commands::credit_import,
            commands::credit_enter,
            commands::credit_revoke,
            commands::credit_objections,
            commands::credit_answer,
            commands::credit_mine,
            commands::credit_object,
            commands::security_status,
            commands::deposits,
            commands::statement_import,
            commands::deposit_refund,
            commands::supervision,
            commands::alerts,
            commands::machines,
            commands::raise_machine_alerts,
            commands::decide_alert,
            commands::complaints,
            commands::complaint_accept,
            commands::complaint_decide,
            commands::complaint_file_bytes,
            commands::complaint_staged,
            commands::complaint_stage,
            commands::complaint_unstage,
            commands::complaint_file,
            commands::statistics,
            commands::statistics_export,
            commands::exchange,
            commands::exchange_retry,
            commands::auctions,
            commands::auction_room,
            commands::auction_watch,
            commands::auction_unwatch,
            commands::auction_apply,
            commands::auction_step,
            commands::auction_announce,
            commands::auction_seal_reserve,
            commands::auction_release,
            commands::auction_confirm,
            commands::auction_verify,
            commands::auction_seal_price,
            commands::tender_feed,
            commands::audit_search,
            commands::bid_set_personnel,
            commands::bid_set_consortium,
            commands::guarantee_terms,
            commands::guarantee_issue,
            commands::guarantees_issued,
            commands::guarantee_revoke,
            commands::expert_status,
            commands::draws,
            commands::draw,
            commands::draw_request,
            commands::draw_entropy,
            commands::draw_reveal,
            commands::draw_verify,
            commands::invitations,
            commands::invitation_answer,
            commands::my_expert,
            commands::my_availability,
            commands::my_ratings,
            commands::evaluation,
            commands::evaluation_sign_in,
            commands::evaluation_declare,
            commands::evaluation_vote,
            commands::evaluation_more_time,
            commands::evaluation_extend,
            commands::evaluation_bids,
            commands::evaluation_file,
            commands::evaluation_compare,
            commands::evaluation_work,
            commands::evaluation_save_review,
            commands::evaluation_submit_review,
            commands::evaluation_save_scores,
            commands::evaluation_submit_scores,
            commands::evaluation_explain,
            commands::evaluation_ask,
            commands::evaluation_decide_tie,
            commands::evaluation_draw_up_report,
            commands::evaluation_report_pdf,
            commands::evaluation_sign_report,
            commands::tender_result,
            commands::object_to_result,
            commands::answer_result_objection,
            commands::start_publicity,
            commands::award_tender,
            commands::result_notice,
            commands::my_committee_questions,
            commands::answer_committee_question,
            commands::registration_staged,
            commands::registration_attach,
            commands::registration_detach,
            commands::registration_document,
            updates::update_status,
            updates::update_check,
            updates::update_download,
            updates::update_install,
            updates::app_restart,
        ])
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("the Tenderbox window could not start");
}
