use base64::Engine;
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use tenderbox_core::time::Timestamp;
use tenderbox_core::uscc::Uscc;
use tenderbox_seal::DeterministicEntropy;
use tenderbox_seal::identity::{PublicIdentity, SecretIdentity};
use tenderbox_server::{AppState, Config};
use tenderbox_wire::*;

pub struct Who {
    pub public: PublicIdentity,
    pub secret: SecretIdentity,
}

impl Who {
    pub fn new(seed: &str, name: &str, uscc: &str) -> Self {
        let secret = SecretIdentity::generate(&DeterministicEntropy::new(seed.as_bytes()));
        let public = PublicIdentity::new(&secret, name, Uscc::parse(uscc).unwrap(), Timestamp::from_unix(START)).unwrap();
        Who { public, secret }
    }
    pub fn id(&self) -> String {
        identity_id(&self.public.signing_key)
    }
}

pub const START: i64 = 1_796_000_000;

/// The update key the test servers are started with (`--update-key`).
pub fn update_signer() -> tenderbox_seal::update::UpdateSigner {
    tenderbox_seal::update::UpdateSigner::from_seed(&[0x55; 32]).unwrap()
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub clock: Arc<AtomicI64>,
    pub state: AppState,
    pub admin: Who,
    pub dir: tempfile::TempDir,
    pub database: Option<String>,
    /// Each login token's identity secret, so that test submissions are signed
    /// by the bidder the token belongs to.
    pub signers: std::sync::Mutex<std::collections::HashMap<String, Vec<u8>>>,
}

pub async fn fresh_postgres() -> Option<String> {
    let base = std::env::var("TENDERBOX_TEST_POSTGRES").ok().filter(|s| !s.is_empty())?;
    use sqlx::{Connection, Executor};
    sqlx::any::install_default_drivers();
    let mut c = sqlx::AnyConnection::connect(&format!("{base}/postgres")).await.expect("connect to the test PostgreSQL");
    let mut r = [0u8; 6];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut r).unwrap();
    let name = format!("tb_test_{}", hex::encode(r));
    let sql = format!("CREATE DATABASE {name}");
    c.execute(sqlx::AssertSqlSafe(sql)).await.unwrap();
    Some(format!("{base}/{name}"))
}

pub async fn spawn() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_postgres().await;
    spawn_in(dir, database).await
}

/// Starts a server on an existing data folder (and database): a restart.
pub async fn spawn_in(dir: tempfile::TempDir, database: Option<String>) -> TestApp {
    spawn_with(dir, database, |_| {}).await
}

/// [`spawn_in`] with the configuration changed by `configure` first.
pub async fn spawn_with(dir: tempfile::TempDir, database: Option<String>, configure: impl FnOnce(&mut Config)) -> TestApp {
    let admin = Who::new("admin", "湖州市公共资源交易中心", "91350100M000100Y43");
    let admin_file = dir.path().join("admin.json");
    std::fs::write(&admin_file, serde_json::to_vec(&admin.public).unwrap()).unwrap();
    let mut config = Config::for_data(dir.path().join("data"));
    config.admin = Some(admin_file);
    let update_key = dir.path().join("update-key.pub");
    std::fs::write(&update_key, update_signer().public().to_text()).unwrap();
    config.update_key = Some(update_key);
    config.database = database.clone();
    configure(&mut config);
    let clock = Arc::new(AtomicI64::new(START));
    let c2 = clock.clone();
    let state = tenderbox_server::prepare(&config, Arc::new(move || Timestamp::from_unix(c2.load(Ordering::SeqCst)))).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = tenderbox_server::routes::router(state.clone());
    tokio::spawn(async move { axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap() });
    TestApp {
        base: format!("http://{addr}"),
        client: {
            tenderbox_client::api::tls_init();
            reqwest::Client::new()
        },
        clock,
        state,
        admin,
        dir,
        database,
        signers: Default::default(),
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
}

impl Reply {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
    pub fn into<T: DeserializeOwned>(self) -> T {
        assert!(self.status.is_success(), "expected success, got {}: {}", self.status, self.body);
        serde_json::from_value(self.body).unwrap()
    }
}

impl TestApp {
    /// What an installer's configuration (or the user's confirmation) does at
    /// first contact: pins this server's published log key in a client store.
    pub async fn pin(&self, store: &tenderbox_client::store::Store) {
        tenderbox_client::sync::trust(&tenderbox_client::api::Api::new(&self.base), store, &self.log_key().await).await.unwrap();
    }

    pub fn advance(&self, secs: i64) {
        self.clock.fetch_add(secs, Ordering::SeqCst);
    }

    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<&(impl Serialize + ?Sized)>) -> Reply {
        let mut r = self.client.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        if let Some(b) = body {
            r = r.json(b);
        }
        let resp = r.send().await.unwrap();
        let status = resp.status();
        let text = resp.text().await.unwrap();
        let body = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
        Reply { status, body }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.call(Method::GET, path, token, None::<&Value>).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &(impl Serialize + ?Sized)) -> Reply {
        self.call(Method::POST, path, token, Some(body)).await
    }

    pub async fn try_login(&self, who: &Who) -> Reply {
        let c: ChallengeResponse = self.post("/v1/auth/challenge", None, &ChallengeRequest { identity_id: who.id() }).await.into();
        let req = LoginRequest::sign(&who.id(), &self.base, &c.challenge, &who.secret).unwrap();
        self.post("/v1/auth/login", None, &req).await
    }

    pub async fn login(&self, who: &Who) -> String {
        let token = self.try_login(who).await.into::<LoginResponse>().token;
        self.signers.lock().unwrap().insert(token.clone(), who.secret.to_bytes().to_vec());
        token
    }

    /// A submission of `length` bytes hashing to `sha256`, signed by the identity
    /// of `token`, replacing its company's active bid (as the server lists it).
    pub async fn signed_upload(&self, tender: &str, token: &str, length: u64, sha256: &str) -> CreateUpload {
        let secret = SecretIdentity::from_bytes(self.signers.lock().unwrap().get(token).expect("a token from login()")).unwrap();
        let mine: Vec<BidRecord> = self.get(&format!("/v1/tenders/{tender}/bids/mine"), Some(token)).await.into();
        let active = mine.iter().find(|b| b.status == BidStatus::Active).map(|b| b.sha256.clone());
        CreateUpload::sign(tender, sha256, length, active.as_deref(), &secret)
    }

    /// Registers and has the admin approve; returns a token.
    pub async fn registered(&self, who: &Who, roles: &[Role]) -> String {
        let r = self
            .post(
                "/v1/identities",
                None,
                &RegisterRequest { identity: who.public.clone(), roles: roles.to_vec(), documents: vec![], documents_signature: None },
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let admin = self.login(&self.admin).await;
        let a = self.post(&format!("/v1/identities/{}/approve", who.id()), Some(&admin), &serde_json::json!({})).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        self.login(who).await
    }
}

use tenderbox_core::bid::{BidDraft, DraftAttachment};
use tenderbox_core::tender::TenderDocument;

/// The example tender with its deadline an hour after START.
pub fn tender_doc() -> TenderDocument {
    let mut t = TenderDocument::example(Timestamp::from_unix(START));
    t.deadline = Timestamp::from_unix(START + 3600);
    t.opening_at = t.deadline;
    t
}

pub fn sign_tender(agency: &Who, t: &TenderDocument) -> PublishTender {
    let sig = agency.secret.sign(TENDER_DOMAIN, &t.canonical_bytes().unwrap());
    PublishTender { document: t.clone(), signature: base64::engine::general_purpose::STANDARD.encode(sig) }
}

/// A complete, really sealed bid of `who` for `t`, with a `size`-byte attachment.
pub fn sealed_bid(t: &TenderDocument, who: &Who, size: usize, seed: &str) -> Vec<u8> {
    sealed_bid_opts(t, who, size, seed, false)
}

pub fn sealed_bid_opts(t: &TenderDocument, who: &Who, size: usize, seed: &str, omit_optional_committee: bool) -> Vec<u8> {
    sealed_bid_on(t, who, size, seed, omit_optional_committee, &[], &[])
}

/// [`sealed_bid_opts`] made on a machine with fingerprint `machine`, sealed to `supervisors`.
pub fn sealed_bid_on(
    t: &TenderDocument,
    who: &Who,
    size: usize,
    seed: &str,
    omit_optional_committee: bool,
    machine: &[(String, String)],
    supervisors: &[tenderbox_seal::package::Supervisor],
) -> Vec<u8> {
    sealed_bid_priced(t, who, size, seed, omit_optional_committee, machine, supervisors, "11250000.00")
}

/// [`sealed_bid_on`] at the price `price` (yuan) for lot L1.
#[allow(clippy::too_many_arguments)]
pub fn sealed_bid_priced(
    t: &TenderDocument,
    who: &Who,
    size: usize,
    seed: &str,
    omit_optional_committee: bool,
    machine: &[(String, String)],
    supervisors: &[tenderbox_seal::package::Supervisor],
    price: &str,
) -> Vec<u8> {
    use tenderbox_seal::bid::{AttachmentSource, SealRequest, seal_bid};
    let mut d = BidDraft::new(t).unwrap();
    d.lots[0].price = Some(price.parse().unwrap());
    d.lots[0].duration_days = Some(240);
    d.lots[0].quality = Some("合格".into());
    d.attachments =
        ["a.pdf", "b.pdf", "c.pdf"].iter().map(|n| DraftAttachment { name: n.to_string(), file: format!("files/{n}") }).collect();
    for (item, text, att) in [
        ("Q1", "承诺", None),
        ("Q2", "", Some("a.pdf")),
        ("T1", "方案", Some("b.pdf")),
        ("T2", "项目经理", None),
        ("T3", "", Some("c.pdf")),
    ] {
        let r = d.response_mut("L1", item).unwrap();
        r.text = text.into();
        r.attachments = att.into_iter().map(String::from).collect();
    }
    let req = SealRequest {
        tender: t,
        draft: &d,
        identity: &who.public,
        secret: &who.secret,
        machine,
        supervisors,
        finalised_at: Timestamp::from_unix(START),
        tool_version: "test",
        omit_optional_committee,
    };
    let big = vec![7u8; size];
    let sources = vec![
        AttachmentSource { name: "a.pdf".into(), size: 3, reader: Box::new(&b"pdf"[..]) },
        AttachmentSource { name: "b.pdf".into(), size: size as u64, reader: Box::new(std::io::Cursor::new(big)) },
        AttachmentSource { name: "c.pdf".into(), size: 3, reader: Box::new(&b"pdf"[..]) },
    ];
    seal_bid(Vec::new(), &req, sources, &DeterministicEntropy::new(seed.as_bytes()), &mut |_, _| {}).unwrap().0
}

pub fn sha_hex(b: &[u8]) -> String {
    hex::encode(tenderbox_core::sha256(b))
}

impl TestApp {
    pub async fn patch(&self, upload: &str, token: &str, offset: u64, chunk: &[u8], checksum: Option<String>) -> Reply {
        let resp = self
            .client
            .patch(format!("{}/v1/uploads/{upload}", self.base))
            .bearer_auth(token)
            .header("upload-offset", offset.to_string())
            .header("upload-checksum", format!("sha256 {}", checksum.unwrap_or_else(|| sha_hex(chunk))))
            .body(chunk.to_vec())
            .send()
            .await
            .unwrap();
        let status = resp.status();
        let text = resp.text().await.unwrap();
        Reply { status, body: if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) } }
    }

    /// Creates an upload, sends it in chunks of `chunk` bytes, completes it.
    pub async fn submit(&self, tender: &str, token: &str, sealed: &[u8], chunk: usize) -> Reply {
        let req = self.signed_upload(tender, token, sealed.len() as u64, &sha_hex(sealed)).await;
        let up = self.post(&format!("/v1/tenders/{tender}/uploads"), Some(token), &req).await;
        if !up.status.is_success() {
            return up;
        }
        let up: UploadState = up.into();
        let mut off = 0;
        for c in sealed.chunks(chunk) {
            let r = self.patch(&up.id, token, off, c, None).await;
            assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
            off += c.len() as u64;
        }
        self.post(&format!("/v1/uploads/{}/complete", up.id), Some(token), &serde_json::json!({})).await
    }

    pub async fn log_key(&self) -> String {
        self.get("/v1/health", None).await.into::<Health>().log_key
    }
}

/// Three registered custodians (the centre, a supervisor, the development
/// commission), with their tokens.
pub async fn three_custodians(app: &TestApp) -> Vec<(Who, String)> {
    let mut out = Vec::new();
    for (seed, name, uscc) in [
        ("c1", "湖州市公共资源交易中心", "12330500MB0000011C"),
        ("c2", "湖州市公共资源交易监督管理办公室", "11330500MB0000022K"),
        ("c3", "湖州市发展和改革委员会", "11330500002580436R"),
    ] {
        let who = Who::new(seed, name, uscc);
        let token = app.registered(&who, &[Role::Custodian]).await;
        out.push((who, token));
    }
    out
}

/// An agency, three approved custodians, and a tender published to them (threshold 2,
/// the committee remedy allowed): what every committee test starts from.
pub async fn committee_tender(app: &TestApp) -> (Who, String, Vec<(Who, String)>, TenderDocument, TenderRecord) {
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let agency_token = app.registered(&agency, &[Role::Agency]).await;
    let custodians = three_custodians(app).await;
    let mut t = tender_doc();
    t.envelope.committee_opens_on_bidder_failure = true;
    t.threshold = 2;
    t.custodians = custodian_entries(&custodians);
    let rec: TenderRecord = app.post("/v1/tenders", Some(&agency_token), &sign_tender(&agency, &t)).await.into();
    (agency, agency_token, custodians, t, rec)
}

pub fn custodian_entries(custodians: &[(Who, String)]) -> Vec<tenderbox_core::tender::Custodian> {
    custodians
        .iter()
        .map(|(w, _)| tenderbox_core::tender::Custodian {
            name: w.public.name.clone(),
            id: w.id(),
            encryption_key: w.public.encryption_key.clone(),
        })
        .collect()
}

impl TestApp {
    /// The ceremony as the server states it, recomputed from its signed transcript.
    pub async fn ceremony(
        &self,
        tender: &str,
    ) -> (CommitteeState, tenderbox_seal::ceremony::CeremonyParams, tenderbox_seal::ceremony::Outcome) {
        let rec: TenderRecord = self.get(&format!("/v1/tenders/{tender}"), None).await.into();
        let st: CommitteeState = self.get(&format!("/v1/tenders/{tender}/committee"), None).await.into();
        let platform = verifier_public_key(&self.log_key().await).unwrap();
        let (params, outcome) = st.evaluate(&rec, &platform).unwrap();
        (st, params, outcome)
    }

    /// Runs an honest ceremony through the server: every custodian commits, then
    /// reveals, then gives its verdict.
    pub async fn run_ceremony(&self, tender: &str, custodians: &[(Who, String)]) -> CommitteeState {
        use tenderbox_seal::ceremony;
        let (_, params, _) = self.ceremony(tender).await;
        for (w, token) in custodians {
            let c = ceremony::commit(&params, &w.secret).unwrap();
            let r = self.post(&format!("/v1/tenders/{tender}/committee/commitments"), Some(token), &c).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        }
        for (w, token) in custodians {
            let d = ceremony::deal(&params, &w.secret).unwrap();
            let r = self.post(&format!("/v1/tenders/{tender}/committee/deals"), Some(token), &d).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        }
        let (st, _, _) = self.ceremony(tender).await;
        let mut last = None;
        for (w, token) in custodians {
            let v = ceremony::verdict(&params, &w.secret, &st.transcript.deals).unwrap();
            let r = self.post(&format!("/v1/tenders/{tender}/committee/verdicts"), Some(token), &v).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            last = Some(r.into::<CommitteeState>());
        }
        last.unwrap()
    }
}

/// A bid made by a tool that does not follow the rules: whatever lots it likes,
/// sealed and signed properly, with no attachments.
pub fn crafted_bid(t: &TenderDocument, who: &Who, lots: Vec<tenderbox_seal::package::LotOffer>, seed: &str) -> Vec<u8> {
    use tenderbox_seal::envelope::{HeaderFacts, Recipients, seal};
    use tenderbox_seal::package::{BidderRef, Manifest, PackageWriter, TenderRef, Tool};
    let tender_hash = t.hash_hex().unwrap();
    let manifest = Manifest {
        format: 1,
        tender: TenderRef { id: t.id.clone(), version: t.version, hash: tender_hash.clone() },
        bidder: BidderRef::of(&who.public),
        lots,
        responses: vec![],
        attachments: vec![],
        tool: Tool { name: "tenderbox".into(), version: "modified".into() },
        finalised_at: Timestamp::from_unix(START),
        machine: None,
    };
    let enc = who.public.encryption_key_bytes().unwrap();
    let facts = HeaderFacts { tender: t.id.clone(), tender_hash, bidder: who.public.uscc.to_string() };
    let (stream, _) =
        seal(Vec::new(), &facts, Recipients { bidder: Some(&enc), committee: None }, &DeterministicEntropy::new(seed.as_bytes())).unwrap();
    let (stream, _) = PackageWriter::new(stream).unwrap().finish(manifest, &who.secret).unwrap();
    stream.finish().unwrap()
}

/// The file key of `who`'s sealed bid, unwrapped with its own key, as the bidder's client
/// sends it at the opening.
pub fn file_key(sealed: &[u8], who: &Who) -> PostFileKey {
    let h = tenderbox_seal::envelope::read_header(&mut &sealed[..]).unwrap();
    let k = h.unwrap_bidder(&who.secret).unwrap();
    PostFileKey { file_key: base64::engine::general_purpose::STANDARD.encode(k.expose()) }
}
