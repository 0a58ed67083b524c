//! The backup file (docs/spec/backup-v1.md): a user's drafts and receipts, encrypted under
//! a key derived from a passphrase, as one stream of named entries.
//!
//! `magic "TBXBAK01" || u32 BE header length || header JSON || STREAM(key, body)` where
//! `key = PBKDF2-HMAC-SHA-256(passphrase, salt, iterations)` and the body is
//! `SHA-256(header JSON) || entries || u16 0`, each entry `u16 BE name length || name ||
//! u64 BE size || bytes`. The STREAM is the envelope's (AES-256-GCM chunks with a last-chunk
//! flag), so truncation, reordering and tampering are detected; the header is bound by its
//! hash at the start of the body. A wrong passphrase and a damaged file give the same error.

use crate::error::SealError;
use crate::stream::{StreamReader, StreamWriter};
use serde::{Deserialize, Serialize};
use std::io::{self, Read, Write};
use std::num::NonZeroU32;
use zeroize::Zeroizing;

pub const MAGIC: &[u8; 8] = b"TBXBAK01";
pub const FORMAT: u32 = 1;
/// PBKDF2 iterations for new backups (as the key file's).
pub const ITERATIONS: u32 = 600_000;
const MAX_HEADER: usize = 16 * 1024;
/// Largest single entry accepted (a draft attachment can be large).
pub const MAX_ENTRY: u64 = 4 << 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupHeader {
    pub format: u32,
    pub kdf: String,
    pub iterations: u32,
    /// 16 random bytes, base64.
    pub salt: String,
    /// When it was made (RFC 3339), and whose it is — shown before the passphrase is asked.
    pub created: String,
    pub identity: String,
    pub uscc: String,
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

fn derive(passphrase: &str, salt: &[u8], iterations: u32) -> Result<Zeroizing<[u8; 32]>, SealError> {
    let n = NonZeroU32::new(iterations).ok_or_else(|| SealError::BadHeader("iterations must be positive".into()))?;
    let mut key = Zeroizing::new([0u8; 32]);
    ring::pbkdf2::derive(ring::pbkdf2::PBKDF2_HMAC_SHA256, n, salt, passphrase.as_bytes(), &mut key[..]);
    Ok(key)
}

/// Is `name` a safe relative entry name (no absolute path, no `..`, no backslash)?
pub fn entry_name_ok(name: &str) -> bool {
    tenderbox_core::problem::attachment_name_problem(name).is_none()
}

/// Writes a backup: the header, then entries added with [`BackupWriter::entry`], then
/// [`BackupWriter::finish`].
pub struct BackupWriter<W: Write> {
    stream: StreamWriter<W>,
}

impl<W: Write> BackupWriter<W> {
    pub fn new(mut out: W, passphrase: &str, header: &BackupHeader) -> Result<Self, SealError> {
        use base64::Engine;
        if passphrase.chars().count() < 8 {
            return Err(SealError::BadHeader("the backup passphrase needs at least 8 characters".into()));
        }
        let salt = b64().decode(&header.salt).map_err(|_| SealError::BadHeader("the salt is not base64".into()))?;
        let key = derive(passphrase, &salt, header.iterations)?;
        let json = serde_json::to_vec(header).map_err(|e| SealError::BadHeader(e.to_string()))?;
        out.write_all(MAGIC)?;
        out.write_all(&(json.len() as u32).to_be_bytes())?;
        out.write_all(&json)?;
        let mut stream = StreamWriter::new(&key, out);
        stream.write_all(&tenderbox_core::sha256(&json))?;
        Ok(BackupWriter { stream })
    }

    /// Adds one entry of `size` bytes read from `content`.
    pub fn entry(&mut self, name: &str, size: u64, content: &mut dyn Read) -> Result<(), SealError> {
        if !entry_name_ok(name) || name.len() > u16::MAX as usize {
            return Err(SealError::BadHeader(format!("'{name}' cannot be a backup entry name")));
        }
        self.stream.write_all(&(name.len() as u16).to_be_bytes())?;
        self.stream.write_all(name.as_bytes())?;
        self.stream.write_all(&size.to_be_bytes())?;
        let copied = io::copy(&mut content.take(size), &mut self.stream)?;
        if copied != size {
            return Err(SealError::BadHeader(format!("{name}: {copied} bytes read, {size} announced")));
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<W, SealError> {
        self.stream.write_all(&0u16.to_be_bytes())?;
        Ok(self.stream.finish()?)
    }
}

/// Reads a backup's header (no passphrase needed: it says whose backup it is).
pub fn read_header<R: Read>(input: &mut R) -> Result<(BackupHeader, Vec<u8>), SealError> {
    let mut magic = [0u8; 8];
    input.read_exact(&mut magic).map_err(|_| SealError::BadHeader("not a Tenderbox backup".into()))?;
    if &magic != MAGIC {
        return Err(SealError::BadHeader("not a Tenderbox backup".into()));
    }
    let mut len = [0u8; 4];
    input.read_exact(&mut len).map_err(|_| SealError::BadHeader("the file ends inside the header".into()))?;
    let len = u32::from_be_bytes(len) as usize;
    if len == 0 || len > MAX_HEADER {
        return Err(SealError::BadHeader(format!("header length {len} is outside 1..={MAX_HEADER}")));
    }
    let mut json = vec![0u8; len];
    input.read_exact(&mut json).map_err(|_| SealError::BadHeader("the file ends inside the header".into()))?;
    let h: BackupHeader = serde_json::from_slice(&json).map_err(|e| SealError::BadHeader(format!("the header is not valid: {e}")))?;
    if h.format != FORMAT || h.kdf != "pbkdf2-hmac-sha256" || h.iterations == 0 || h.iterations > 10_000_000 {
        return Err(SealError::BadHeader(format!(
            "backup format {} / {} with {} iterations is not supported",
            h.format, h.kdf, h.iterations
        )));
    }
    Ok((h, json))
}

/// Receives one entry: its name, its size and a reader of exactly its content.
pub type EntrySink<'a> = dyn FnMut(&str, u64, &mut dyn Read) -> Result<(), SealError> + 'a;

/// Reads entries after the header; each is handed to `sink(name, size, content)`, which
/// must read all of `content`.
pub struct BackupReader<R: Read> {
    stream: StreamReader<R>,
    done: bool,
}

fn wrong() -> SealError {
    SealError::BadHeader("wrong passphrase, or the backup is damaged".into())
}

impl<R: Read> BackupReader<R> {
    /// Opens the body with `passphrase`; `header_json` from [`read_header`].
    pub fn open(input: R, passphrase: &str, header: &BackupHeader, header_json: &[u8]) -> Result<Self, SealError> {
        use base64::Engine;
        let salt = b64().decode(&header.salt).map_err(|_| SealError::BadHeader("the salt is not base64".into()))?;
        let key = derive(passphrase, &salt, header.iterations)?;
        let mut stream = StreamReader::new(&key, input);
        let mut bound = [0u8; 32];
        stream.read_exact(&mut bound).map_err(|_| wrong())?;
        if bound != tenderbox_core::sha256(header_json) {
            return Err(wrong());
        }
        Ok(BackupReader { stream, done: false })
    }

    /// The next entry, or None at the end; `sink` reads its content.
    pub fn next(&mut self, sink: &mut EntrySink<'_>) -> Result<Option<String>, SealError> {
        if self.done {
            return Ok(None);
        }
        let damaged = |e: io::Error| SealError::from_io(e);
        let mut n = [0u8; 2];
        self.stream.read_exact(&mut n).map_err(damaged)?;
        let n = u16::from_be_bytes(n) as usize;
        if n == 0 {
            // The end marker must be the last byte of the stream.
            let mut extra = [0u8; 1];
            if self.stream.read(&mut extra).map_err(damaged)? != 0 {
                return Err(SealError::BadHeader("data after the backup's end marker".into()));
            }
            self.done = true;
            return Ok(None);
        }
        let mut name = vec![0u8; n];
        self.stream.read_exact(&mut name).map_err(damaged)?;
        let name = String::from_utf8(name).map_err(|_| SealError::BadHeader("an entry name is not UTF-8".into()))?;
        if !entry_name_ok(&name) {
            return Err(SealError::BadHeader(format!("'{name}' is not a safe entry name")));
        }
        let mut size = [0u8; 8];
        self.stream.read_exact(&mut size).map_err(damaged)?;
        let size = u64::from_be_bytes(size);
        if size > MAX_ENTRY {
            return Err(SealError::BadHeader(format!("{name}: {size} bytes is more than an entry may hold")));
        }
        let mut content = (&mut self.stream).take(size);
        sink(&name, size, &mut content)?;
        // Whatever the sink left unread is drained, so the next entry starts in place.
        io::copy(&mut content, &mut io::sink()).map_err(damaged)?;
        if content.limit() != 0 {
            return Err(SealError::BadHeader(format!("{name}: the backup ends inside this entry")));
        }
        Ok(Some(name))
    }
}

/// A new header with a fresh salt from `salt`.
pub fn new_header(salt: [u8; 16], iterations: u32, created: &str, identity: &str, uscc: &str) -> BackupHeader {
    use base64::Engine;
    BackupHeader {
        format: FORMAT,
        kdf: "pbkdf2-hmac-sha256".into(),
        iterations,
        salt: b64().encode(salt),
        created: created.into(),
        identity: identity.into(),
        uscc: uscc.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn make(pass: &str, entries: &[(&str, &[u8])]) -> Vec<u8> {
        let h = new_header([7u8; 16], 1000, "2026-12-02T08:00:00Z", "湖州建工集团有限公司", "9135021359498494XQ");
        let mut w = BackupWriter::new(Vec::new(), pass, &h).unwrap();
        for (n, c) in entries {
            w.entry(n, c.len() as u64, &mut &c[..]).unwrap();
        }
        w.finish().unwrap()
    }

    fn read_all(bytes: &[u8], pass: &str) -> Result<Vec<(String, Vec<u8>)>, SealError> {
        let mut input = bytes;
        let (h, json) = read_header(&mut input)?;
        let mut r = BackupReader::open(input, pass, &h, &json)?;
        let mut out = Vec::new();
        while r
            .next(&mut |name, _, c| {
                let mut v = Vec::new();
                c.read_to_end(&mut v)?;
                out.push((name.to_string(), v));
                Ok(())
            })?
            .is_some()
        {}
        Ok(out)
    }

    #[test]
    fn round_trip_with_large_and_empty_entries() {
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let bytes = make("a long passphrase", &[("drafts/T1/bid.json", b"{}"), ("drafts/T1/a.pdf", &big), ("receipts.json", b"")]);
        let got = read_all(&bytes, "a long passphrase").unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!(got[1].1, big);
        assert_eq!(got[2], ("receipts.json".to_string(), vec![]));
    }

    #[test]
    fn wrong_passphrase_tampering_and_truncation_are_refused() {
        let bytes = make("a long passphrase", &[("drafts/T1/bid.json", b"{\"price\":\"1\"}")]);
        assert!(read_all(&bytes, "another passphrase").unwrap_err().to_string().contains("wrong passphrase"));
        // The header is bound: a changed identity in it is noticed.
        let mut forged = bytes.clone();
        let at = bytes.windows(18).position(|w| w == b"9135021359498494XQ").unwrap();
        forged[at..at + 18].copy_from_slice(b"91350213678251743X");
        assert!(read_all(&forged, "a long passphrase").is_err());
        let mut flipped = bytes.clone();
        let last = flipped.len() - 5;
        flipped[last] ^= 1;
        assert!(read_all(&flipped, "a long passphrase").is_err());
        assert!(read_all(&bytes[..bytes.len() - 20], "a long passphrase").is_err());
        assert!(read_all(b"PK\x03\x04 zip", "a long passphrase").is_err());
    }

    /// A crafted backup (made with the right passphrase, bypassing the writer's checks)
    /// that names an entry outside the restore folder is refused before anything is read out.
    #[test]
    fn a_crafted_entry_that_escapes_the_folder_is_refused_by_the_reader() {
        use std::io::Write as _;
        let h = new_header([3u8; 16], 1000, "2026-12-02T08:00:00Z", "x", "9135021359498494XQ");
        let json = serde_json::to_vec(&h).unwrap();
        let key = derive("a long passphrase", &[3u8; 16], 1000).unwrap();
        let mut file = Vec::new();
        file.extend_from_slice(MAGIC);
        file.extend_from_slice(&(json.len() as u32).to_be_bytes());
        file.extend_from_slice(&json);
        let mut st = StreamWriter::new(&key, file);
        st.write_all(&tenderbox_core::sha256(&json)).unwrap();
        let name = b"../../.bashrc";
        st.write_all(&(name.len() as u16).to_be_bytes()).unwrap();
        st.write_all(name).unwrap();
        st.write_all(&4u64.to_be_bytes()).unwrap();
        st.write_all(b"evil").unwrap();
        st.write_all(&0u16.to_be_bytes()).unwrap();
        let bytes = st.finish().unwrap();
        let mut handed = 0;
        let mut input = &bytes[..];
        let (h, hj) = read_header(&mut input).unwrap();
        let mut r = BackupReader::open(input, "a long passphrase", &h, &hj).unwrap();
        let e = r.next(&mut |_, _, _| {
            handed += 1;
            Ok(())
        });
        assert!(e.unwrap_err().to_string().contains("not a safe entry name"));
        assert_eq!(handed, 0);
    }

    #[test]
    fn unsafe_names_are_refused_on_both_sides() {
        let h = new_header([1u8; 16], 1000, "2026-12-02T08:00:00Z", "x", "9135021359498494XQ");
        let mut w = BackupWriter::new(Vec::new(), "a long passphrase", &h).unwrap();
        for bad in ["../etc/passwd", "/abs", "a\\b", "c:d", ""] {
            assert!(w.entry(bad, 0, &mut &b""[..]).is_err(), "{bad}");
        }
        assert!(BackupWriter::new(Vec::new(), "short", &h).is_err(), "a short passphrase");
    }
}
