//! In-app updates with the Tauri updater. The feed is the trading server's
//! (`/v1/updates/…`); the key is the platform's update key compiled into this build
//! (`TENDERBOX_UPDATE_PUBKEY`). The updater verifies the installer's signature after
//! the download; the desk checks it again with ring and against the announced
//! SHA-256 before anything is installed. A program not installed from a package
//! keeps the verified installer for a manual install instead of replacing itself.

use crate::AppState;
use std::sync::Mutex;
use tauri::{AppHandle, Emitter, Manager, State};
use tauri_plugin_updater::{Update, UpdaterExt};
use tenderbox_client::desk::{DeskError, UpdateOffer, UpdateView, bundle_for, offer_from, update_key, verify_download};

/// The platform's update public key, fixed when this build was compiled.
const COMPILED_KEY: Option<&str> = option_env!("TENDERBOX_UPDATE_PUBKEY");

#[derive(Default)]
pub struct Updates {
    found: Mutex<Option<(Update, UpdateOffer)>>,
    verified: Mutex<Option<Vec<u8>>>,
    view: Mutex<Option<UpdateView>>,
}

#[derive(Clone, serde::Serialize)]
struct Progress {
    done: u64,
    total: Option<u64>,
}

fn installed_from() -> Option<&'static str> {
    use tauri::utils::{config::BundleType, platform::bundle_type};
    Some(match bundle_type()? {
        BundleType::Deb => "deb",
        BundleType::Rpm => "rpm",
        BundleType::AppImage => "appimage",
        BundleType::Msi => "msi",
        BundleType::Nsis => "nsis",
        BundleType::App | BundleType::Dmg => "app",
    })
}

fn failure(code: &str, e: tauri_plugin_updater::Error) -> DeskError {
    use tauri_plugin_updater::Error as E;
    match e {
        E::Minisign(_) | E::SignatureUtf8(_) | E::SignedVersionMismatch { .. } | E::MissingSignedVersion | E::Base64(_) => {
            DeskError::new("update.bad_signature", e.to_string())
        }
        other => DeskError::new(code, other.to_string()),
    }
}

fn view(app: &AppHandle, state: &str, offer: Option<UpdateOffer>, saved: Option<String>) -> UpdateView {
    let key_id = update_key(COMPILED_KEY).ok().map(|k| k.id_hex());
    let v = UpdateView {
        current: app.package_info().version.to_string(),
        key_id,
        packaged: installed_from().is_some(),
        bundle: bundle_for(installed_from()).to_string(),
        state: state.into(),
        offer,
        saved,
    };
    if let Some(u) = app.try_state::<Updates>() {
        *u.view.lock().expect("updates lock") = Some(v.clone());
    }
    v
}

/// What the settings page shows before any check: the version, the key, the last state.
#[tauri::command]
pub fn update_status(app: AppHandle, u: State<'_, Updates>) -> UpdateView {
    let last = u.view.lock().expect("updates lock").clone();
    last.unwrap_or_else(|| view(&app, "idle", None, None))
}

/// Asks the trading server's feed for a newer release of this platform and package kind.
#[tauri::command]
pub async fn update_check(app: AppHandle, s: State<'_, AppState>, u: State<'_, Updates>) -> Result<UpdateView, DeskError> {
    let key = update_key(COMPILED_KEY)?;
    let server = s.desk.update_server().await;
    let feed = tenderbox_client::api::Api::new(&server).update_feed().replace("{{bundle_type}}", bundle_for(installed_from()));
    let url = feed.parse().map_err(|e| DeskError::new("update.check", format!("{feed}: {e}")))?;
    let updater = app
        .updater_builder()
        .pubkey(key.to_config())
        .endpoints(vec![url])
        .map_err(|e| failure("update.check", e))?
        .build()
        .map_err(|e| failure("update.check", e))?;
    let found = updater.check().await.map_err(|e| failure("update.check", e))?;
    *u.verified.lock().expect("updates lock") = None;
    Ok(match found {
        None => {
            *u.found.lock().expect("updates lock") = None;
            view(&app, "none", None, None)
        }
        Some(update) => {
            let offer = offer_from(&update.raw_json);
            *u.found.lock().expect("updates lock") = Some((update, offer.clone()));
            view(&app, "available", Some(offer), None)
        }
    })
}

/// Downloads the offered installer (progress as `update-progress` events), which the
/// updater verifies; checks it again; keeps it to install, or — for a program not
/// installed from a package — saves it in the data folder for a manual install.
#[tauri::command]
pub async fn update_download(app: AppHandle, s: State<'_, AppState>, u: State<'_, Updates>) -> Result<UpdateView, DeskError> {
    let key = update_key(COMPILED_KEY)?;
    let Some((update, offer)) = u.found.lock().expect("updates lock").clone() else {
        return Err(DeskError::new("update.none", "check for updates first"));
    };
    let mut done = 0u64;
    let h = app.clone();
    let bytes = update
        .download(
            move |n, total| {
                done += n as u64;
                let _ = h.emit("update-progress", Progress { done, total });
            },
            || {},
        )
        .await
        .map_err(|e| failure("update.download", e))?;
    let file = verify_download(&key, &update.signature, &update.version, &offer, &bytes)?;
    if installed_from().is_none() {
        let name = if offer.file_name.is_empty() { file } else { offer.file_name.clone() };
        let path = s.desk.keep_update(&name, &bytes)?;
        return Ok(view(&app, "saved", Some(offer), Some(path.display().to_string())));
    }
    *u.verified.lock().expect("updates lock") = Some(bytes);
    Ok(view(&app, "verified", Some(offer), None))
}

/// Installs the verified installer (the updater checks the signature once more);
/// the new version runs after a restart.
#[tauri::command]
pub async fn update_install(app: AppHandle, u: State<'_, Updates>) -> Result<UpdateView, DeskError> {
    let Some((update, offer)) = u.found.lock().expect("updates lock").clone() else {
        return Err(DeskError::new("update.none", "check for updates first"));
    };
    let Some(bytes) = u.verified.lock().expect("updates lock").take() else {
        return Err(DeskError::new("update.none", "download and verify the update first"));
    };
    if installed_from().is_none() {
        return Err(DeskError::new("update.not_packaged", "this program was not installed from a package"));
    }
    tauri::async_runtime::spawn_blocking(move || update.install(bytes))
        .await
        .map_err(|e| DeskError::new("update.install", e.to_string()))?
        .map_err(|e| failure("update.install", e))?;
    Ok(view(&app, "installed", Some(offer), None))
}

/// Starts the installed new version.
#[tauri::command]
pub fn app_restart(app: AppHandle) {
    app.restart();
}
