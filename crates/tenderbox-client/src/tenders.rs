//! Tender packages as a bidder must see them: the document checked against its
//! hash, the agency's signature checked against the platform's certificate, the
//! publication found in the transparency log with an inclusion proof, and every
//! package file downloaded by its hash (resumable) and checked before it is kept.

use crate::api::{Api, ApiFailure, ApiResult};
use reqwest::Method;
use std::io::Write;
use std::path::{Path, PathBuf};
use tenderbox_core::tender::TenderFile;
use tenderbox_seal::checkpoint::Checkpoint;
use tenderbox_seal::merkle;
use tenderbox_wire::{CheckpointResponse, Event, EventsPage, ProofResponse, TenderFileStored, TenderRecord, verifier_public_key};

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
    let record: TenderRecord = api.get(&format!("/v1/tenders/{}", path_segment(id))).await?;
    let platform = verifier_public_key(verifier_key).map_err(|e| refused("log.key", e))?;
    record.verify(&platform).map_err(|e| refused("tender.unverified", format!("tender {id}: {e}")))?;
    // The publication of exactly this hash, signed by the agency, in the log.
    let mut after: Option<u64> = None;
    let mut found: Option<Event> = None;
    loop {
        let q = match after {
            Some(a) => format!("/v1/events?tender={}&after={a}&limit=1000", path_segment(id)),
            None => format!("/v1/events?tender={}&limit=1000", path_segment(id)),
        };
        let page: EventsPage = api.get(&q).await?;
        let n = page.events.len();
        for e in page.events {
            if e.tender.as_deref() == Some(id)
                && matches!(e.kind.as_str(), "tender.published" | "tender.amended")
                && e.body["hash"] == record.summary.hash
                && e.body["signature"] == record.agency_signature
            {
                found = Some(e);
            }
        }
        if n < 1000 || page.next_after.is_none() {
            break;
        }
        after = page.next_after;
    }
    let event = found.ok_or_else(|| {
        refused("tender.not_logged", format!("the transparency log has no publication of tender {id} with hash {}", record.summary.hash))
    })?;
    let note: CheckpointResponse = api.get("/v1/log/checkpoint").await?;
    let cp = Checkpoint::open(&note.note, verifier_key).map_err(|e| refused("log.checkpoint", format!("checkpoint: {e}")))?;
    if event.index >= cp.size {
        return Err(refused("log.inclusion", format!("event {} is beyond the checkpoint of size {}", event.index, cp.size)));
    }
    let p: ProofResponse = api.get(&format!("/v1/log/proof/inclusion?index={}&size={}", event.index, cp.size)).await?;
    let proof = crate::logcheck::hashes(&p).map_err(|e| refused("log.inclusion", e))?;
    let leaf = tenderbox_core::canonical::to_canonical_vec(&event).map_err(|e| refused("log.inclusion", e.to_string()))?;
    merkle::verify_inclusion(&merkle::leaf_hash(&leaf), event.index, cp.size, &proof, &cp.root)
        .map_err(|e| refused("log.inclusion", format!("the publication event {} is not in the signed log: {e}", event.index)))?;
    // A committee key is only as good as the ceremony behind it: recompute it from
    // the custodians' signed messages before anyone seals to it.
    if record.document.committee_public_key.is_some() {
        crate::committee::check_tender_key(api, &record, verifier_key).await?;
    }
    Ok(VerifiedTender { record, event, checkpoint_size: cp.size, checkpoint_note: note.note })
}

fn path_segment(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// Uploads one package file (agency), streamed from disk; returns its hash and size.
pub async fn upload_file(api: &Api, path: &Path) -> ApiResult<TenderFileStored> {
    let (size, sha) = crate::api::file_sha256(path)?;
    let file = tokio::fs::File::open(path).await?;
    let req = api
        .request(Method::PUT, &format!("/v1/tender-files/{sha}"))
        .header(reqwest::header::CONTENT_LENGTH, size)
        .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
        .body(reqwest::Body::from(file));
    let stored: TenderFileStored = api.send(req).await?.json().await.map_err(|e| ApiFailure::Protocol(e.to_string()))?;
    if stored.sha256 != sha || stored.size != size {
        return Err(ApiFailure::Protocol(format!("the server stored {} ({} bytes), not {sha} ({size} bytes)", stored.sha256, stored.size)));
    }
    Ok(stored)
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
    let mut req = api.request(Method::GET, &format!("/v1/tenders/{}/files/{}", path_segment(tender), f.sha256));
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
