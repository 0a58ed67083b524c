//! Sealing a draft into a `.tbx` file and opening one into a folder, with the
//! file-system guarantees the platform promises: the sealed file appears only
//! complete (written to a temporary file, fsynced, renamed); an opened bid
//! appears only after every check passed (unpacked into a hidden staging folder,
//! fsynced, renamed), and nothing is left behind on failure.

use crate::draft::Draft;
use crate::files::{AtomicFile, HashingWriter, PipeWriter, sync_dir};
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use tenderbox_core::time::Timestamp;
use tenderbox_seal::bid::{AttachmentSource, Opener, SealRequest, open_bid, seal_bid};
use tenderbox_seal::envelope::ParsedHeader;
use tenderbox_seal::identity::{PublicIdentity, SecretIdentity};
use tenderbox_seal::package::{AttachmentSink, Manifest, OpenedPackage};
use tenderbox_seal::{Entropy, SealError};

const IO_BUF: usize = 1 << 20;
/// Buffers in flight to the writer thread: 4 MiB at most.
const PIPE_DEPTH: usize = 4;

/// Choices the bidder makes when sealing, and to whom the machine fingerprint goes.
#[derive(Debug, Clone, Default)]
pub struct SealOptions {
    /// Leave out the committee stanza where the tender makes it optional.
    pub omit_optional_committee: bool,
    /// The supervision system's recipients (from certificates checked against
    /// the pinned log key); without any, no machine fingerprint is recorded.
    pub supervisors: Vec<tenderbox_seal::package::Supervisor>,
    /// This installation's id (see [`crate::fingerprint::installation_id`]): bids made by the
    /// same installation of the tool share it.
    pub installation: Option<String>,
}

/// What sealing produced.
#[derive(Debug)]
pub struct SealedBid {
    pub path: PathBuf,
    pub size: u64,
    /// Hex SHA-256 of the sealed file, computed while it was written.
    pub sha256: String,
    pub manifest: Manifest,
}

/// Finalises and seals a draft into `out`. Fails without writing anything if
/// the draft is incomplete.
pub fn seal_draft(
    draft: &Draft,
    options: SealOptions,
    (public, secret): (&PublicIdentity, &SecretIdentity),
    out: &Path,
    now: Timestamp,
    ent: &dyn Entropy,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<SealedBid, SealError> {
    let problems = draft.check();
    if !problems.is_empty() {
        return Err(SealError::Incomplete(problems));
    }
    let mut sources = Vec::new();
    for a in &draft.bid.attachments {
        let p = draft.attachment_path(a);
        let f = File::open(&p).map_err(|e| SealError::Io(io::Error::new(e.kind(), format!("{}: {e}", p.display()))))?;
        let size = f.metadata()?.len();
        sources.push(AttachmentSource { name: a.name.clone(), size, reader: Box::new(f) });
    }
    let mut machine = crate::fingerprint::collect();
    machine.extend(options.installation.iter().map(|i| ("tool".to_string(), i.clone())));
    machine.extend(draft.bid.personnel.ids().into_iter().map(|id| ("person".to_string(), id)));
    let req = SealRequest {
        tender: &draft.tender,
        draft: &draft.bid,
        identity: public,
        secret,
        machine: &machine,
        supervisors: &options.supervisors,
        finalised_at: now,
        tool_version: crate::TOOL_VERSION,
        omit_optional_committee: options.omit_optional_committee,
    };
    let file = HashingWriter::new(AtomicFile::create(out, false)?);
    let (w, manifest, _) = seal_bid(PipeWriter::new(file, IO_BUF, PIPE_DEPTH), &req, sources, ent, progress)?;
    let (file, sha256) = w.finish()?.into_parts();
    file.commit()?;
    let size = fs::metadata(out)?.len();
    Ok(SealedBid { path: out.to_path_buf(), size, sha256, manifest })
}

/// Writes attachments under `<staging>/attachments/<name>`.
struct DirSink {
    root: PathBuf,
    written: Vec<PathBuf>,
}

impl AttachmentSink for DirSink {
    fn create(&mut self, name: &str, _size: u64) -> io::Result<Box<dyn Write + '_>> {
        // The package reader has already refused unsafe names; check again here
        // because this is the code that touches the disk.
        let rel = Path::new(name);
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("unsafe attachment name {name}")));
        }
        let p = self.root.join("attachments").join(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent)?;
        }
        let f = fs::OpenOptions::new().write(true).create_new(true).open(&p)?;
        self.written.push(p);
        Ok(Box::new(PipeWriter::new(f, IO_BUF, PIPE_DEPTH)))
    }
}

/// Removes the staging folder unless disarmed.
struct Staging(Option<PathBuf>);
impl Drop for Staging {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = fs::remove_dir_all(p);
        }
    }
}

/// Opens a sealed bid into the new folder `out_dir`: `manifest.json`,
/// `manifest.sig` (base64 Ed25519), `header.json` and `attachments/…`.
pub fn open_to_dir(
    input: &Path,
    opener: Opener<'_>,
    out_dir: &Path,
    expected_signer: Option<&[u8; 32]>,
    progress: &mut dyn FnMut(u64),
) -> Result<(ParsedHeader, OpenedPackage), SealError> {
    if out_dir.exists() {
        return Err(SealError::OutputExists(out_dir.display().to_string()));
    }
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let mut r = [0u8; 6];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut r).expect("OS random");
    let staging = parent.join(format!(
        ".{}.partial-{}",
        out_dir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
        hex::encode(r)
    ));
    fs::create_dir(&staging)?;
    let mut guard = Staging(Some(staging.clone()));

    let f = File::open(input)?;
    let mut sink = DirSink { root: staging.clone(), written: vec![] };
    let (header, opened) = open_bid(f, opener, &mut sink, expected_signer, progress)?;

    let write = |name: &str, data: &[u8]| -> io::Result<()> {
        let p = staging.join(name);
        let mut f = File::create(&p)?;
        f.write_all(data)?;
        f.sync_all()
    };
    write("manifest.json", &serde_json::to_vec_pretty(&opened.manifest).expect("serialisable"))?;
    write("manifest.sig", opened.signature_b64().as_bytes())?;
    write("header.json", &serde_json::to_vec_pretty(&header.header).expect("serialisable"))?;
    for p in &sink.written {
        File::open(p)?.sync_all()?;
    }
    fs::rename(&staging, out_dir)?;
    guard.0 = None;
    sync_dir(&parent);
    Ok((header, opened))
}

/// What anyone can see of a sealed bid without a key: the tender it was sealed for (and
/// the hash of that version), the bidder's code, who can open it — never the contents.
#[derive(Debug, Clone)]
pub struct Inspection {
    pub size: u64,
    /// Hex SHA-256 of the whole file (the hash a receipt names).
    pub sha256: String,
    pub header: tenderbox_seal::envelope::Header,
    /// `bidder` or `committee`, per stanza.
    pub stanza_kinds: Vec<&'static str>,
    pub header_mac: String,
}

/// Reads a sealed bid's header and hashes the file (the CLI's `bid inspect` and the
/// desktop app opening a `.tbx`).
pub fn inspect(path: &Path) -> Result<Inspection, SealError> {
    let h = tenderbox_seal::envelope::read_header(&mut io::BufReader::new(File::open(path)?))?;
    let (size, sha256) = crate::api::file_sha256(path)?;
    let stanza_kinds = h
        .header
        .stanzas
        .iter()
        .map(|s| if matches!(s.kind(), tenderbox_core::tender::StanzaKind::Bidder) { "bidder" } else { "committee" })
        .collect();
    Ok(Inspection { size, sha256, header: h.header, stanza_kinds, header_mac: hex::encode(h.mac) })
}
