//! Tender packages as a bidder must see them: the document checked against its
//! hash, the agency's signature checked against the platform's certificate, the
//! publication found in the transparency log with an inclusion proof, and every
//! package file downloaded by its hash (resumable) and checked before it is kept.

use crate::api::{Api, ApiFailure, ApiResult};
use std::io::Write;
use std::path::{Path, PathBuf};
use tenderbox_core::tender::{TenderDocument, TenderFile};
use tenderbox_wire::{Event, TenderFileStored, TenderRecord, verifier_public_key};

/// A tender whose document, agency signature and log entry all checked out.
#[derive(Debug, Clone)]
pub struct VerifiedTender {
    pub record: TenderRecord,
    /// The log event that published (or amended to) this exact document.
    pub event: Event,
    /// Size of the checkpoint the event was proved against.
    pub checkpoint_size: u64,
    pub checkpoint_note: String,
}

fn refused(code: &'static str, msg: impl Into<String>) -> ApiFailure {
    ApiFailure::Refused(code, msg.into())
}

/// Fetches tender `id` and checks it; `verifier_key` is the log key the client
/// trusts for this server (`name+id+base64`), pinned at first contact.
pub async fn fetch_verified(api: &Api, id: &str, verifier_key: &str) -> ApiResult<VerifiedTender> {
    let record = api.tender_record(id).await?;
    let platform = verifier_public_key(verifier_key).map_err(|e| refused("log.key", e))?;
    record.verify(&platform).map_err(|e| refused("tender.unverified", format!("tender {id}: {e}")))?;
    // The publication of exactly this hash, signed by the agency, in the log.
    let event = api
        .events(Some(id))
        .await?
        .into_iter()
        .rfind(|e| {
            e.tender.as_deref() == Some(id)
                && matches!(e.kind.as_str(), "tender.published" | "tender.amended")
                && e.body["hash"] == record.summary.hash
                && e.body["signature"] == record.agency_signature
        })
        .ok_or_else(|| {
            refused(
                "tender.not_logged",
                format!("the transparency log has no publication of tender {id} with hash {}", record.summary.hash),
            )
        })?;
    let proved = crate::logcheck::prove_events(api, verifier_key, None, std::slice::from_ref(&event), &Default::default()).await.map_err(
        |a| match a {
            crate::logcheck::LogAlarm::Api(e) => e,
            crate::logcheck::LogAlarm::Fork { .. } => refused("log.fork", a.to_string()),
            other => refused("log.inclusion", format!("the publication event {} is not in the signed log: {other}", event.index)),
        },
    )?;
    // A committee key is only as good as the ceremony behind it: recompute it from
    // the custodians' signed messages before anyone seals to it.
    if record.document.committee_public_key.is_some() {
        crate::committee::check_tender_key(api, &record, verifier_key).await?;
    }
    Ok(VerifiedTender { record, event, checkpoint_size: proved.size, checkpoint_note: proved.note })
}

/// Uploads one package file (agency), streamed from disk; returns its hash and size.
pub async fn upload_file(api: &Api, path: &Path) -> ApiResult<TenderFileStored> {
    let (size, sha) = crate::api::file_sha256(path)?;
    api.put_file(api.put_tender_file(&sha), path, size, &sha).await
}

/// Publishes a tender, or an amendment of it, with its package files read from `dir`
/// (each under its listed name): every file is checked to be still the one attached
/// (size and SHA-256), uploaded, and then the document is signed and sent. The CLI and
/// the desktop app both publish through here. Files whose SHA-256 is in `already_stored`
/// (an amended tender's earlier files) and absent from `dir` are not sent again; the
/// server checks it has them. `progress(name, size)` is told each file stored.
pub async fn publish_package(
    api: &Api,
    agency: &tenderbox_seal::identity::SecretIdentity,
    doc: &TenderDocument,
    dir: &Path,
    amend: bool,
    already_stored: &[String],
    progress: &mut (dyn FnMut(&str, u64) + Send),
) -> ApiResult<TenderRecord> {
    for f in &doc.files {
        let path = dir.join(&f.name);
        if already_stored.contains(&f.sha256) && !path.exists() {
            continue;
        }
        let (size, sha) = crate::api::file_sha256(&path)
            .map_err(|e| ApiFailure::Refused("file.missing", format!("package file {}: {e}", path.display())))?;
        if sha != f.sha256 || size != f.size {
            return Err(ApiFailure::Refused(
                "file.changed",
                format!("{} changed since it was attached (now {size} bytes, SHA-256 {sha}); attach it again", path.display()),
            ));
        }
        upload_file(api, &path).await?;
        progress(&f.name, size);
    }
    api.publish(agency, doc, amend).await
}

/// Downloads package file `f` of tender `tender` into `dir/<name>`, resuming a
/// `.<name>.part` left by an interrupted download; the file appears only after
/// its size and SHA-256 match the signed document. `progress(done, total)`.
pub async fn download_file(
    api: &Api,
    tender: &str,
    f: &TenderFile,
    dir: &Path,
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> ApiResult<PathBuf> {
    if !tenderbox_core::tender::safe_file_name(&f.name) {
        return Err(refused("file.name", format!("refusing the unsafe file name {:?}", f.name)));
    }
    std::fs::create_dir_all(dir)?;
    let dest = dir.join(&f.name);
    if dest.exists() && crate::api::file_sha256(&dest)? == (f.size, f.sha256.clone()) {
        progress(f.size, f.size);
        return Ok(dest);
    }
    let part = dir.join(format!(".{}.part", f.name));
    let mut have = std::fs::metadata(&part).map(|m| m.len()).unwrap_or(0);
    if have >= f.size {
        std::fs::remove_file(&part)?;
        have = 0;
    }
    let mut req = api.get_tender_file(tender, &f.sha256);
    if have > 0 {
        req = req.header(reqwest::header::RANGE, format!("bytes={have}-"));
    }
    let mut resp = api.send(req).await?;
    if resp.status() != reqwest::StatusCode::PARTIAL_CONTENT {
        have = 0; // the whole file is coming
    }
    let mut out = std::fs::OpenOptions::new().create(true).write(true).truncate(false).open(&part)?;
    out.set_len(have)?;
    use std::io::Seek;
    out.seek(std::io::SeekFrom::Start(have))?;
    let mut done = have;
    progress(done, f.size);
    while let Some(chunk) = resp.chunk().await.map_err(|e| ApiFailure::Offline(api.base().to_string(), e.to_string()))? {
        done += chunk.len() as u64;
        if done > f.size {
            drop(out);
            std::fs::remove_file(&part)?;
            return Err(refused("file.size", format!("the server sent more than the {} bytes of '{}'", f.size, f.name)));
        }
        out.write_all(&chunk)?;
        progress(done, f.size);
    }
    out.sync_all()?;
    drop(out);
    if done != f.size {
        return Err(ApiFailure::Offline(
            api.base().to_string(),
            format!("the download of '{}' stopped at {done} of {} bytes", f.name, f.size),
        ));
    }
    let (_, sha) = crate::api::file_sha256(&part)?;
    if sha != f.sha256 {
        std::fs::remove_file(&part)?;
        return Err(refused(
            "file.hash_mismatch",
            format!("'{}' has SHA-256 {sha}, not the {} the signed tender lists; it was discarded", f.name, f.sha256),
        ));
    }
    std::fs::rename(&part, &dest)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(dest)
}
