//! The Tenderbox central trading server (axum + sqlx).
//!
//! What it is: the HTTP API that registers identities (one registration for every
//! centre), logs in by challenge–response, and keeps the transparency log with
//! signed checkpoints and proofs; tenders, sealed-bid submission with receipts,
//! the committee ceremony and the opening follow (issue 3). What it is not: it
//! never sees a bid's plaintext or any private key of a user.

#![forbid(unsafe_code)]

pub mod auth;
pub mod db;
pub mod error;
pub mod exchange;
pub mod keys;
pub mod log;
pub mod portal;
pub mod routes;

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tenderbox_core::time::Timestamp;
use tenderbox_seal::identity::PublicIdentity;

/// Command-line configuration; with no arguments the server serves on
/// 127.0.0.1:8080 with SQLite in `./tenderbox-data`.
#[derive(Parser, Debug, Clone)]
#[command(name = "tenderbox-server", version, about = "Tenderbox central trading server")]
pub struct Config {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Data folder: SQLite database, server key, sealed-bid blobs.
    #[arg(long, default_value = "tenderbox-data")]
    pub data: PathBuf,
    /// Database URL (`postgres://…`); default: SQLite in the data folder.
    #[arg(long)]
    pub database: Option<String>,
    /// Log origin line of checkpoints.
    #[arg(long, default_value = "tenderbox.huzhou/log")]
    pub origin: String,
    /// Public identity document (JSON) to register as an approved centre admin.
    #[arg(long, value_name = "FILE")]
    pub admin: Option<PathBuf>,
    /// Lifetime of login tokens, in seconds.
    #[arg(long, default_value_t = 7200)]
    pub token_ttl: i64,
    /// The address clients use to reach this server (`https://ggzy.huzhou.gov.cn`),
    /// repeatable. Logins are signed for the address the client connected to, and
    /// only these are accepted; without any, only loopback addresses are (development).
    #[arg(long = "public-url", value_name = "URL")]
    pub public_urls: Vec<String>,
    /// The platform's update public key (`update-key.pub` from `tenderbox release keygen`):
    /// releases are accepted only when their installer's signature verifies with it.
    /// Without it the server publishes no updates.
    #[arg(long, value_name = "FILE")]
    pub update_key: Option<PathBuf>,
    /// PEM certificate chain: serve HTTPS (rustls) instead of plain HTTP.
    #[arg(long, requires = "tls_key", value_name = "PEM")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of the certificate.
    #[arg(long, requires = "tls_cert", value_name = "PEM")]
    pub tls_key: Option<PathBuf>,
    /// Rehearsals and end-to-end tests only: the server's clock runs ahead of the
    /// system clock by the whole seconds written in this file (re-read as time is
    /// asked; it never runs backwards), so a three-day publicity can be rehearsed in
    /// minutes. It gives nobody a power the machine's own clock setting does not.
    #[arg(long, value_name = "FILE")]
    pub clock_offset_file: Option<PathBuf>,
    /// The OCID prefix the Open Contracting Partnership assigned to this platform
    /// (`ocds-xxxxxx`): the open data names each tender `{prefix}-{project code}`.
    #[arg(long, env = "TENDERBOX_OCID_PREFIX", default_value = "ocds-hzggzy")]
    pub ocid_prefix: String,
    /// This trading platform's code in the national data specification (交易平台标识码),
    /// as the provincial platform assigned it.
    #[arg(long, env = "TENDERBOX_PLATFORM_CODE", default_value = "P3305001")]
    pub platform_code: String,
    /// The public service platform the data is reported to (公共服务平台标识码).
    #[arg(long, env = "TENDERBOX_PUB_SERVICE_PLAT_CODE", default_value = "P3300001")]
    pub pub_service_plat_code: String,
    /// The provincial platform's endpoint the national data sets are pushed to (HTTP
    /// POST, signed by the server key); without it nothing is pushed.
    #[arg(long, env = "TENDERBOX_PROVINCE_URL", value_name = "URL")]
    pub province_url: Option<String>,
    /// Seconds between two rounds of the provincial push.
    #[arg(long, default_value_t = 5)]
    pub push_interval: u64,
    /// A rehearsal platform (模拟竞价, for training): it takes only listings and auctions
    /// marked as rehearsals, without the statutory periods, so that they run in minutes.
    /// Every page and screen says so. Never on a platform that trades for real.
    #[arg(long, env = "TENDERBOX_REHEARSAL")]
    pub rehearsal: bool,
}

impl Config {
    pub fn for_data(data: PathBuf) -> Self {
        Config {
            listen: "127.0.0.1:0".parse().expect("address"),
            data,
            database: None,
            origin: "tenderbox.test/log".into(),
            admin: None,
            token_ttl: 7200,
            public_urls: vec![],
            ocid_prefix: "ocds-hzggzy".into(),
            platform_code: "P3305001".into(),
            pub_service_plat_code: "P3300001".into(),
            province_url: None,
            push_interval: 5,
            rehearsal: false,
            update_key: None,
            tls_cert: None,
            tls_key: None,
            clock_offset_file: None,
        }
    }
}

/// The server's clock; a parameter so tests can move time.
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

pub fn system_clock() -> Clock {
    Arc::new(|| {
        let s = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
        Timestamp::from_unix(s)
    })
}

/// The system clock moved ahead by the seconds in `file` (see `Config::clock_offset_file`);
/// monotonic: a smaller offset never takes the time back.
pub fn offset_clock(file: PathBuf) -> Clock {
    let last = Arc::new(std::sync::atomic::AtomicI64::new(0));
    let system = system_clock();
    Arc::new(move || {
        let offset = std::fs::read_to_string(&file).ok().and_then(|s| s.trim().parse::<i64>().ok()).unwrap_or(0).max(0);
        let t = system().unix() + offset;
        let before = last.fetch_max(t, std::sync::atomic::Ordering::SeqCst);
        Timestamp::from_unix(t.max(before))
    })
}

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

pub struct Inner {
    pub pool: sqlx::AnyPool,
    /// Read-only connections for the public portal (see [`db::open_reader`]).
    pub reads: sqlx::AnyPool,
    pub log: log::Log,
    pub key: ring::signature::Ed25519KeyPair,
    pub clock: Clock,
    pub token_ttl: i64,
    /// Normalised origins logins may be signed for; empty: loopback only.
    pub origins: Vec<String>,
    /// Data folder: `blobs/<sha256>` for accepted sealed bids, `uploads/` for
    /// uploads in progress.
    pub data: PathBuf,
    /// The platform's update key (`--update-key`), if releases are published here.
    pub update_key: Option<tenderbox_seal::update::UpdatePublicKey>,
    /// Uploads being written now (held only for a set operation, never across an await).
    pub uploads_busy: std::sync::Mutex<std::collections::HashSet<String>>,
    /// Serialises audit records (each links to the one before) and remembers the
    /// last sequence number whose chain head went into the log.
    pub audit_chain: tokio::sync::Mutex<i64>,
    /// How the public portal and the open data name this platform.
    pub publishing: Publishing,
    /// The portal's pages of the current second (see [`portal::PageCache`]).
    pub page_cache: portal::PageCache,
    /// One lock per auction: its steps are taken, timed and ordered under it.
    /// The lock also keeps the board as last replayed, with its step count (see
    /// `routes::auctions::lock_of`).
    pub auction_locks: std::sync::Mutex<std::collections::HashMap<String, Arc<tokio::sync::Mutex<routes::auctions::Cached>>>>,
    /// What the bidding rooms are told: each auction's board after every accepted step, and
    /// its result.
    pub boards: tokio::sync::broadcast::Sender<Arc<BoardNews>>,
    /// A rehearsal platform (`--rehearsal`).
    pub rehearsal: bool,
}

/// News for the bidding rooms watching one auction.
#[derive(Debug)]
pub struct BoardNews {
    pub auction: String,
    /// `board` or `result`.
    pub kind: &'static str,
    /// The JSON it carries.
    pub data: String,
}

/// How the public portal and the open data name this platform.
#[derive(Debug, Clone)]
pub struct Publishing {
    pub ocid_prefix: String,
    pub platform_code: String,
    pub pub_service_plat_code: String,
    /// Where the national data sets are pushed (`--province-url`).
    pub province_url: Option<String>,
    /// The first `--public-url`, or the listening address.
    pub public_url: String,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn now(&self) -> Timestamp {
        (self.clock)()
    }

    /// May a login be signed for `origin` here? One of the configured public
    /// addresses, or — when none is configured — a loopback address.
    pub fn accepts_origin(&self, origin: &str) -> bool {
        if !self.origins.is_empty() {
            return self.origins.iter().any(|o| o == origin);
        }
        let host = origin.split_once("://").map(|(_, h)| h).unwrap_or_default();
        let host = if host.starts_with('[') {
            host.split(']').next().map(|h| &h[1..]).unwrap_or_default()
        } else {
            host.split(':').next().unwrap_or_default()
        };
        host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }
    /// Ed25519 over `domain || message` with the server key.
    pub fn sign(&self, domain: &[u8], message: &[u8]) -> Vec<u8> {
        let mut m = domain.to_vec();
        m.extend_from_slice(message);
        self.key.sign(&m).as_ref().to_vec()
    }
    pub fn public_key(&self) -> Vec<u8> {
        use ring::signature::KeyPair;
        self.key.public_key().as_ref().to_vec()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("data folder {0}: {1}")]
    Data(String, std::io::Error),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("{0}")]
    Other(String),
}

/// Opens the data folder and database, loads or creates the key, rebuilds the
/// log, seeds the centres, registers the bootstrap admin.
pub async fn prepare(config: &Config, clock: Clock) -> Result<AppState, StartError> {
    std::fs::create_dir_all(&config.data).map_err(|e| StartError::Data(config.data.display().to_string(), e))?;
    let url = match &config.database {
        Some(u) => u.clone(),
        None => format!("sqlite://{}?mode=rwc", config.data.join("tenderbox.sqlite3").display()),
    };
    let pool = db::open(&url).await?;
    let reads = db::open_reader(&url, &pool).await?;
    let (signer, seed) = keys::load_or_create(&config.data.join("server.key"), &config.origin)
        .map_err(|e| StartError::Data(config.data.display().to_string(), e))?;
    let key = ring::signature::Ed25519KeyPair::from_seed_unchecked(&seed[..]).map_err(|_| StartError::Other("bad server key".into()))?;
    let log = log::Log::load(&pool, signer, config.origin.clone()).await.map_err(|e| StartError::Other(e.to_string()))?;
    // The public log key, for the trading centre to publish (with its fingerprint)
    // and for installers to configure: clients pin it from there, not from the server.
    let verifier = log.verifier_key();
    keys::write_public(&config.data.join("log-key.txt"), &verifier).map_err(|e| StartError::Data(config.data.display().to_string(), e))?;
    tracing::info!(key = %verifier, fingerprint = %tenderbox_wire::log_key_fingerprint(&verifier), "log key (publish it; clients pin it)");
    let update_key = match &config.update_key {
        None => None,
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| StartError::Data(p.display().to_string(), e))?;
            let key = tenderbox_seal::update::UpdatePublicKey::parse(&text)
                .map_err(|e| StartError::Other(format!("--update-key {}: {e}", p.display())))?;
            tracing::info!(key_id = %key.id_hex(), "update key: releases signed with it can be published");
            Some(key)
        }
    };
    for sub in ["blobs", "uploads", "tender-files", "release-files", "registration-files", "complaint-files"] {
        std::fs::create_dir_all(config.data.join(sub)).map_err(|e| StartError::Data(config.data.display().to_string(), e))?;
    }
    let origins = config
        .public_urls
        .iter()
        .map(|u| tenderbox_wire::normalize_origin(u).map_err(|e| StartError::Other(format!("--public-url: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let state = AppState(Arc::new(Inner {
        pool,
        reads,
        log,
        key,
        clock,
        token_ttl: config.token_ttl,
        origins,
        data: config.data.clone(),
        update_key,
        uploads_busy: Default::default(),
        audit_chain: Default::default(),
        publishing: Publishing {
            ocid_prefix: config.ocid_prefix.clone(),
            platform_code: config.platform_code.clone(),
            pub_service_plat_code: config.pub_service_plat_code.clone(),
            province_url: config.province_url.clone(),
            public_url: config.public_urls.first().cloned().unwrap_or_else(|| format!("http://{}", config.listen)),
        },
        page_cache: Default::default(),
        auction_locks: Default::default(),
        boards: tokio::sync::broadcast::channel(1024).0,
        rehearsal: config.rehearsal,
    }));
    routes::seed_centres(&state).await.map_err(|e| StartError::Other(e.to_string()))?;
    routes::backfill_audit_chain(&state).await.map_err(|e| StartError::Other(e.to_string()))?;
    if let Some(path) = &config.admin {
        let raw = std::fs::read(path).map_err(|e| StartError::Data(path.display().to_string(), e))?;
        let doc: PublicIdentity = serde_json::from_slice(&raw).map_err(|e| StartError::Other(format!("{}: {e}", path.display())))?;
        routes::bootstrap_admin(&state, doc).await.map_err(|e| StartError::Other(e.to_string()))?;
    }
    // Listings and auctions that were bidding when the server last stopped resume now.
    routes::auctions::resume_after_outage(&state).await.map_err(|e| StartError::Other(e.to_string()))?;
    Ok(state)
}

/// Loads a PEM certificate chain and key for HTTPS (rustls with ring).
pub async fn tls_config(cert: &std::path::Path, key: &std::path::Path) -> Result<axum_server::tls_rustls::RustlsConfig, StartError> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key)
        .await
        .map_err(|e| StartError::Other(format!("TLS certificate {} / key {}: {e}", cert.display(), key.display())))
}

/// Serves until Ctrl-C: HTTPS when a certificate is configured, plain HTTP
/// otherwise (meant for loopback during development).
pub async fn run(config: Config) -> Result<(), StartError> {
    let clock = match &config.clock_offset_file {
        Some(f) => {
            tracing::warn!(file = %f.display(), "the server's clock follows the offset in this file (rehearsal/test setting)");
            offset_clock(f.clone())
        }
        None => system_clock(),
    };
    let state = prepare(&config, clock).await?;
    routes::spawn_closer(state.clone());
    routes::auctions::spawn_heartbeat(state.clone());
    exchange::spawn_pusher(state.clone(), std::time::Duration::from_secs(config.push_interval.max(1)));
    let app = routes::router(state).into_make_service_with_connect_info::<SocketAddr>();
    if let (Some(cert), Some(key)) = (&config.tls_cert, &config.tls_key) {
        let tls = tls_config(cert, key).await?;
        let handle = axum_server::Handle::new();
        let h = handle.clone();
        tokio::spawn(async move {
            let _ = tokio::signal::ctrl_c().await;
            h.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
        });
        tracing::info!(addr = %config.listen, data = %config.data.display(), "tenderbox-server listening (HTTPS)");
        return axum_server::bind_rustls(config.listen, tls)
            .handle(handle)
            .serve(app)
            .await
            .map_err(|e| StartError::Other(format!("listen on {}: {e}", config.listen)));
    }
    if !config.listen.ip().is_loopback() {
        tracing::warn!(addr = %config.listen, "serving plain HTTP on a non-loopback address; give --tls-cert and --tls-key for direct exposure");
    }
    let listener =
        tokio::net::TcpListener::bind(config.listen).await.map_err(|e| StartError::Other(format!("listen on {}: {e}", config.listen)))?;
    tracing::info!(addr = %listener.local_addr().map_err(|e| StartError::Other(e.to_string()))?, data = %config.data.display(), "tenderbox-server listening");
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| StartError::Other(e.to_string()))
}

#[cfg(test)]
mod clock_tests {
    use super::*;

    #[test]
    fn the_offset_clock_moves_ahead_with_the_file_and_never_back() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("offset");
        let clock = offset_clock(f.clone());
        let base = system_clock()().unix();
        assert!(clock().unix() - base < 5, "no file: the system clock");
        std::fs::write(&f, "259200\n").unwrap();
        let ahead = clock().unix();
        assert!(ahead - base >= 259_200 && ahead - base < 259_205);
        std::fs::write(&f, "0").unwrap();
        assert!(clock().unix() >= ahead, "a smaller offset does not take the time back");
    }
}
