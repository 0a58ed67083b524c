//! One line per command: forward to `tenderbox_client::desk::Desk`.

use crate::AppState;
use tauri::State;
use tauri::ipc::Channel;
use tenderbox_client::desk::{AppStatus, DeskError, FileView, IdentityView, KeyStoreKind, Settings, TenderRow, TenderView, UsccCheck};

type R<T> = Result<T, DeskError>;

#[tauri::command]
pub async fn status(s: State<'_, AppState>) -> R<AppStatus> {
    s.desk.status().await
}

#[tauri::command]
pub async fn set_settings(s: State<'_, AppState>, settings: Settings) -> R<Settings> {
    let r = s.desk.set_settings(settings).await;
    s.wake.notify_one();
    r
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
pub async fn register(s: State<'_, AppState>) -> R<IdentityView> {
    let r = s.desk.register().await;
    s.wake.notify_one();
    r
}

#[tauri::command]
pub async fn sync_now(s: State<'_, AppState>) -> R<()> {
    s.wake.notify_one();
    Ok(())
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
