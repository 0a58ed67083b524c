//! The HTTP client of the trading server, shared by the CLI and the desktop app.
//! Every call returns the server's `{code, message}` on failure; uploads are
//! resumable and verified chunk by chunk; receipts are verified before they are
//! handed back.

use base64::Engine;
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use tenderbox_seal::identity::{PublicIdentity, SecretIdentity};
use tenderbox_wire::*;

#[derive(Debug, thiserror::Error)]
pub enum ApiFailure {
    #[error("cannot reach the server at {0}: {1}")]
    Offline(String, String),
    #[error("{message}")]
    Server { status: u16, code: String, message: String },
    #[error("the server's answer is not valid: {0}")]
    Protocol(String),
    #[error("the receipt does not verify: {0}")]
    BadReceipt(String),
    /// The server answered, but what it sent does not check out (a hash, a
    /// signature, a log proof); the code names the check.
    #[error("{1}")]
    Refused(&'static str, String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl ApiFailure {
    pub fn code(&self) -> &str {
        match self {
            ApiFailure::Offline(..) => "net.offline",
            ApiFailure::Server { code, .. } => code,
            ApiFailure::Protocol(_) => "net.protocol",
            ApiFailure::BadReceipt(_) => "receipt.invalid",
            ApiFailure::Refused(code, _) => code,
            ApiFailure::Io(_) => "io",
        }
    }
}

pub type ApiResult<T> = Result<T, ApiFailure>;

#[derive(Debug, Clone)]
pub struct Api {
    base: String,
    http: reqwest::Client,
    token: Option<String>,
}

/// Makes ring the TLS crypto provider of every HTTPS connection (reqwest's rustls is
/// built without one, so that no second crypto library enters the app). Called before
/// any HTTP client is made; harmless to call again.
pub fn tls_init() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

impl Api {
    pub fn new(base: &str) -> Self {
        tls_init();
        Api { base: base.trim_end_matches('/').to_string(), http: reqwest::Client::new(), token: None }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// Streams the file at `path` as the body of `req` (a `PUT` of content named by its
    /// SHA-256) and checks the server stored exactly that content.
    pub(crate) async fn put_file(
        &self,
        req: reqwest::RequestBuilder,
        path: &Path,
        size: u64,
        sha: &str,
    ) -> ApiResult<tenderbox_wire::TenderFileStored> {
        let file = tokio::fs::File::open(path).await?;
        let req = req
            .header(reqwest::header::CONTENT_LENGTH, size)
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(reqwest::Body::from(file));
        let stored: tenderbox_wire::TenderFileStored =
            self.send(req).await?.json().await.map_err(|e| ApiFailure::Protocol(e.to_string()))?;
        if stored.sha256 != sha || stored.size != size {
            return Err(ApiFailure::Protocol(format!(
                "the server stored {} ({} bytes), not {sha} ({size} bytes)",
                stored.sha256, stored.size
            )));
        }
        Ok(stored)
    }

    /// The same server with a login token already obtained (scripts, tests).
    pub fn with_token(mut self, token: &str) -> Self {
        self.token = Some(token.to_string());
        self
    }

    pub(crate) fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, format!("{}{path}", self.base))
    }

    pub(crate) async fn send(&self, req: reqwest::RequestBuilder) -> ApiResult<reqwest::Response> {
        let req = match &self.token {
            Some(t) => req.bearer_auth(t),
            None => req,
        };
        let resp = req.send().await.map_err(|e| ApiFailure::Offline(self.base.clone(), e.to_string()))?;
        if resp.status().is_success() {
            return Ok(resp);
        }
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap_or_default();
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(v) if v["code"].is_string() => Err(ApiFailure::Server {
                status,
                code: v["code"].as_str().unwrap_or_default().to_string(),
                message: v["message"].as_str().unwrap_or_default().to_string(),
            }),
            _ => Err(ApiFailure::Server {
                status,
                code: format!("http.{status}"),
                message: format!("HTTP {status}: {}", text.chars().take(200).collect::<String>()),
            }),
        }
    }

    pub(crate) async fn json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&(impl Serialize + ?Sized)>,
    ) -> ApiResult<T> {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(b) = body {
            req = req.json(b);
        }
        let resp = self.send(req).await?;
        resp.json().await.map_err(|e| ApiFailure::Protocol(e.to_string()))
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> ApiResult<T> {
        self.json(Method::GET, path, None::<&()>).await
    }

    pub async fn post<T: DeserializeOwned>(&self, path: &str, body: &(impl Serialize + ?Sized)) -> ApiResult<T> {
        self.json(Method::POST, path, Some(body)).await
    }

    pub async fn put<T: DeserializeOwned>(&self, path: &str, body: &(impl Serialize + ?Sized)) -> ApiResult<T> {
        self.json(Method::PUT, path, Some(body)).await
    }

    /// Challenge–response login; keeps the token for later calls.
    pub async fn login(&mut self, public: &PublicIdentity, secret: &SecretIdentity) -> ApiResult<LoginResponse> {
        let id = identity_id(&public.signing_key);
        let c = self.challenge(&id).await?;
        let req = LoginRequest::sign(&id, &self.base, &c.challenge, secret).map_err(|e| ApiFailure::Refused(e.code, e.message))?;
        let r = self.login_with(&req).await?;
        self.token = Some(r.token.clone());
        Ok(r)
    }

    pub async fn publish(
        &self,
        agency: &SecretIdentity,
        document: &tenderbox_core::tender::TenderDocument,
        amend: bool,
    ) -> ApiResult<TenderRecord> {
        let bytes = document.canonical_bytes().map_err(|e| ApiFailure::Protocol(e.to_string()))?;
        let body = PublishTender {
            document: document.clone(),
            signature: base64::engine::general_purpose::STANDARD.encode(agency.sign(TENDER_DOMAIN, &bytes)),
        };
        if amend { self.amend_tender(&body).await } else { self.publish_tender(&body).await }
    }

    /// Uploads a sealed file, resuming `resume` (an earlier upload id) when given
    /// and still open. `progress(sent, total)`; `on_created(id)` lets the caller
    /// remember the upload id before the first byte is sent.
    #[allow(clippy::too_many_arguments)]
    pub async fn submit(
        &self,
        tender: &str,
        file: &Path,
        resume: Option<&str>,
        consortium: &[String],
        signer: &SecretIdentity,
        on_created: &mut (dyn FnMut(&str) + Send),
        progress: &mut (dyn FnMut(u64, u64) + Send),
    ) -> ApiResult<BidRecord> {
        let (state, sha) = self.begin_upload(tender, file, resume, consortium, signer).await?;
        if resume != Some(state.id.as_str()) {
            on_created(&state.id);
        }
        self.send_chunks(&state, file, progress).await?;
        self.complete_upload(&state.id, &sha, state.length).await
    }

    /// Resumes upload `resume` when it is still open for these bytes, or creates
    /// a new one: a submission signed by `signer` for exactly these bytes (and the
    /// `consortium` members it leads, by credit code), replacing the company's active bid
    /// if it has one. Returns its state and the file's SHA-256.
    pub async fn begin_upload(
        &self,
        tender: &str,
        file: &Path,
        resume: Option<&str>,
        consortium: &[String],
        signer: &SecretIdentity,
    ) -> ApiResult<(UploadState, String)> {
        let (len, sha) = file_sha256(file)?;
        if let Some(id) = resume {
            match self.upload_state(id).await {
                Ok(s) if s.sha256 == sha && s.length == len => return Ok((s, sha)),
                Ok(_) | Err(ApiFailure::Server { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        let mine = self.my_bids(tender).await?;
        let active = mine.iter().find(|b| b.status == tenderbox_wire::BidStatus::Active).map(|b| b.sha256.as_str());
        let req = CreateUpload::sign_with_consortium(tender, &sha, len, active, consortium, signer);
        let s = self.create_upload(tender, &req).await?;
        Ok((s, sha))
    }

    /// Sends the file from the upload's current offset, chunk by chunk, each with
    /// its checksum; a wrong-offset answer re-reads the server's offset.
    pub async fn send_chunks(&self, state: &UploadState, file: &Path, progress: &mut (dyn FnMut(u64, u64) + Send)) -> ApiResult<()> {
        let len = state.length;
        let mut f = std::fs::File::open(file)?;
        let mut offset = state.offset;
        let chunk = state.max_chunk.clamp(64 * 1024, 8 << 20) as usize;
        let mut buf = vec![0u8; chunk];
        progress(offset, len);
        // A request cut off a moment ago may still be writing on the server (`upload.busy`):
        // wait for it briefly, then read the offset it reached and go on from there.
        let mut busy = 0u32;
        while offset < len {
            f.seek(SeekFrom::Start(offset))?;
            let want = ((len - offset) as usize).min(chunk);
            f.read_exact(&mut buf[..want])?;
            let req = self
                .patch_upload(&state.id)
                .header("upload-offset", offset.to_string())
                .header("upload-checksum", format!("sha256 {}", hex::encode(tenderbox_core::sha256(&buf[..want]))))
                .body(buf[..want].to_vec());
            match self.send(req).await {
                Ok(_) => offset += want as u64,
                Err(ApiFailure::Server { status, code, .. }) if status == StatusCode::CONFLICT.as_u16() && code == "upload.offset" => {
                    offset = self.upload_state(&state.id).await?.offset;
                }
                Err(ApiFailure::Server { status, code, .. })
                    if status == StatusCode::CONFLICT.as_u16() && code == "upload.busy" && busy < 50 =>
                {
                    busy += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    offset = self.upload_state(&state.id).await?.offset;
                }
                Err(e) => return Err(e),
            }
            progress(offset, len);
        }
        Ok(())
    }

    /// Completes an upload and verifies the receipt (signature, log inclusion,
    /// and that it is for exactly these bytes).
    pub async fn complete_upload(&self, id: &str, sha: &str, len: u64) -> ApiResult<BidRecord> {
        let rec = self.complete_upload_raw(id).await?;
        let key = self.health().await?.log_key;
        rec.receipt.verify(&key).map_err(|e| ApiFailure::BadReceipt(e.into()))?;
        if rec.sha256 != sha || rec.size != len {
            return Err(ApiFailure::BadReceipt("the receipt is for other bytes than the file sent".into()));
        }
        Ok(rec)
    }
}

/// Size and hex SHA-256 of a file, streamed.
pub fn file_sha256(path: &Path) -> std::io::Result<(u64, String)> {
    let mut f = std::fs::File::open(path)?;
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    let mut buf = vec![0u8; 1 << 20];
    let mut n = 0u64;
    loop {
        let k = f.read(&mut buf)?;
        if k == 0 {
            break;
        }
        ctx.update(&buf[..k]);
        n += k as u64;
    }
    Ok((n, hex::encode(ctx.finish())))
}
