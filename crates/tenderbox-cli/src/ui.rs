//! Output helpers: errors as text or `{code, message}` JSON, progress bars on a
//! terminal, the passphrase prompt.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use tenderbox_client::draft::DraftError;
use tenderbox_client::keystore::{KeyStore, KeyStoreError};
use tenderbox_core::problem::Problem;
use tenderbox_seal::SealError;
use zeroize::Zeroizing;

/// A command failure with a stable code.
#[derive(Debug)]
pub struct Failure {
    pub code: String,
    pub message: String,
    pub problems: Vec<Problem>,
}

impl Failure {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Failure { code: code.into(), message: message.into(), problems: vec![] }
    }
}

impl From<SealError> for Failure {
    fn from(e: SealError) -> Self {
        let problems = if let SealError::Incomplete(p) = &e { p.clone() } else { vec![] };
        let message = if problems.is_empty() {
            e.to_string()
        } else {
            format!("the draft cannot be finalised: {} item(s) missing or invalid", problems.len())
        };
        Failure { code: e.code().into(), message, problems }
    }
}
impl From<DraftError> for Failure {
    fn from(e: DraftError) -> Self {
        Failure::new(e.code(), e.to_string())
    }
}
impl From<KeyStoreError> for Failure {
    fn from(e: KeyStoreError) -> Self {
        Failure::new(e.code(), e.to_string())
    }
}
impl From<tenderbox_client::api::ApiFailure> for Failure {
    fn from(e: tenderbox_client::api::ApiFailure) -> Self {
        Failure::new(e.code(), e.to_string())
    }
}
impl From<tenderbox_client::logcheck::LogAlarm> for Failure {
    fn from(e: tenderbox_client::logcheck::LogAlarm) -> Self {
        Failure::new(e.code(), e.to_string())
    }
}
impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::new("io", e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, Failure>;

pub fn report(f: &Failure, json: bool) {
    if json {
        let v = serde_json::json!({ "code": f.code, "message": f.message, "problems": f.problems });
        eprintln!("{v}");
    } else {
        eprintln!("error: {}", f.message);
        for p in &f.problems {
            eprintln!("  - [{}] {}: {}", p.code, p.path, p.message);
        }
    }
}

/// Prints JSON on stdout. A reader that stops early (`| head`) ends the program
/// quietly instead of with a panic.
pub fn print_json(v: &impl serde::Serialize) {
    use std::io::Write;
    let text = serde_json::to_string_pretty(v).expect("serialisable");
    let mut out = std::io::stdout().lock();
    if let Err(e) = writeln!(out, "{text}").and_then(|_| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}

/// A byte progress bar on a terminal; hidden otherwise.
pub fn bytes_bar(total: u64, what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(total);
    pb.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}")
            .expect("template")
            .progress_chars("=> "),
    );
    pb.set_message(what.to_string());
    pb
}

/// Opens the key store the user chose: key files in `--keystore DIR`, or the OS
/// keychain. Never falls back silently from one to the other.
pub fn open_store(dir: Option<&std::path::Path>, creating: bool) -> Result<KeyStore> {
    match dir {
        None => Ok(KeyStore::os()?),
        Some(d) => {
            let pass = passphrase(creating)?;
            Ok(KeyStore::file(d, pass)?)
        }
    }
}

pub fn passphrase(confirm: bool) -> Result<Zeroizing<String>> {
    if let Ok(p) = std::env::var("TENDERBOX_PASSPHRASE") {
        return Ok(Zeroizing::new(p));
    }
    if !std::io::stdin().is_terminal() {
        return Err(KeyStoreError::NoPassphrase.into());
    }
    let p = Zeroizing::new(rpassword::prompt_password("Key file passphrase: ")?);
    if confirm {
        let again = Zeroizing::new(rpassword::prompt_password("Repeat the passphrase: ")?);
        if *again != *p {
            return Err(Failure::new("keystore.passphrase_mismatch", "the two passphrases differ"));
        }
    }
    Ok(p)
}

/// Wall-clock now, for commands (business logic takes time as a parameter).
pub fn now() -> tenderbox_core::time::Timestamp {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    tenderbox_core::time::Timestamp::from_unix(secs)
}
