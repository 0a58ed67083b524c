//! Backups (Settings): the bid drafts, the agency's tender drafts and the platform's
//! receipts, written to one passphrase-encrypted file (docs/spec/backup-v1.md) and
//! restored on this computer or another. Restoring never overwrites: a draft that is
//! already here stays (and is reported), and a receipt is added only when its signature
//! and log proof check against this computer's pinned log key.

use super::{Desk, DeskError, DeskResult};
use crate::files::AtomicFile;
use serde::Serialize;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use tenderbox_seal::SystemEntropy;
use tenderbox_seal::backup::{self, BackupReader, BackupWriter};
use tenderbox_wire::Receipt;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupReport {
    pub file: String,
    /// Draft folders written (export) or restored (import).
    pub drafts: Vec<String>,
    /// Draft folders already on this computer, left as they were (import).
    pub kept: Vec<String>,
    pub receipts: u32,
    /// Receipts in the backup that did not check against the pinned log key (import).
    pub receipts_refused: u32,
    #[ts(type = "number")]
    pub bytes: u64,
}

pub fn export_bindings(dir: &Path) -> Result<(), ts_rs::ExportError> {
    BackupReport::export_all_to(dir)
}

/// Every file under `root/<area>/`, as (entry name, path, size).
fn files_under(root: &Path, area: &str, out: &mut Vec<(String, PathBuf, u64)>) -> std::io::Result<()> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<(String, PathBuf, u64)>) -> std::io::Result<()> {
        let Ok(rd) = std::fs::read_dir(dir) else { return Ok(()) };
        let mut entries: Vec<_> = rd.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            let rel = format!("{prefix}/{name}");
            let kind = e.file_type()?;
            if kind.is_dir() {
                walk(&e.path(), &rel, out)?;
            } else if kind.is_file() && backup::entry_name_ok(&rel) {
                out.push((rel, e.path(), e.metadata()?.len()));
            }
        }
        Ok(())
    }
    walk(&root.join(area), area, out)
}

impl Desk {
    /// Writes the drafts and receipts to `path` (replaced atomically), encrypted with `passphrase`.
    pub async fn backup_export(&self, path: &str, passphrase: &str) -> DeskResult<BackupReport> {
        let me = self.identity().await?.ok_or_else(|| DeskError::new("identity.none", "create an identity first"))?;
        let all = self.store.receipts().await?;
        let n_receipts = all.len() as u32;
        let receipts = serde_json::to_vec_pretty(&all).expect("serialisable");
        let (home, target, pass) = (self.home().to_path_buf(), PathBuf::from(path.trim()), passphrase.to_string());
        let created = self.now().to_rfc3339();
        tokio::task::spawn_blocking(move || -> DeskResult<BackupReport> {
            let mut files = Vec::new();
            files_under(&home, "drafts", &mut files)?;
            files_under(&home, "agency", &mut files)?;
            let salt: [u8; 16] = {
                use tenderbox_seal::Entropy;
                let mut s = [0u8; 16];
                SystemEntropy::new().fill(&mut s);
                s
            };
            let header = backup::new_header(salt, backup::ITERATIONS, &created, &me.name, &me.uscc);
            let mut out =
                AtomicFile::create(&target, true).map_err(|e| DeskError::new("backup.write", format!("{}: {e}", target.display())))?;
            let mut w = BackupWriter::new(BufWriter::new(out.file()), &pass, &header)
                .map_err(|e| DeskError::new("backup.passphrase", e.to_string()))?;
            let mut drafts = Vec::new();
            for (name, p, size) in &files {
                let mut f = std::fs::File::open(p)?;
                w.entry(name, *size, &mut f).map_err(|e| DeskError::new("backup.write", e.to_string()))?;
                let folder = name.splitn(3, '/').take(2).collect::<Vec<_>>().join("/");
                if !drafts.contains(&folder) {
                    drafts.push(folder);
                }
            }
            w.entry("receipts.json", receipts.len() as u64, &mut &receipts[..])
                .map_err(|e| DeskError::new("backup.write", e.to_string()))?;
            w.finish().map_err(|e| DeskError::new("backup.write", e.to_string()))?.flush()?;
            out.commit()?;
            let bytes = std::fs::metadata(&target)?.len();
            Ok(BackupReport { file: target.display().to_string(), drafts, kept: vec![], receipts: n_receipts, receipts_refused: 0, bytes })
        })
        .await
        .map_err(|e| DeskError::new("io", e.to_string()))?
    }

    /// Restores a backup made by [`Desk::backup_export`] (here or on another computer).
    pub async fn backup_import(&self, path: &str, passphrase: &str) -> DeskResult<BackupReport> {
        let (home, source, pass) = (self.home().to_path_buf(), PathBuf::from(path.trim()), passphrase.to_string());
        let staging = home.join(format!(".restore-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&staging);
        let st = staging.clone();
        let read = tokio::task::spawn_blocking(move || -> DeskResult<(Option<Vec<u8>>, u64)> {
            let bad = |e: tenderbox_seal::SealError| DeskError::new("backup.invalid", e.to_string());
            let mut input = std::io::BufReader::new(
                std::fs::File::open(&source).map_err(|e| DeskError::new("backup.invalid", format!("{}: {e}", source.display())))?,
            );
            let (header, json) = backup::read_header(&mut input).map_err(bad)?;
            let mut r = BackupReader::open(input, &pass, &header, &json).map_err(bad)?;
            let mut receipts = None;
            while r
                .next(&mut |name, _, content| {
                    if name == "receipts.json" {
                        let mut v = Vec::new();
                        content.read_to_end(&mut v)?;
                        receipts = Some(v);
                    } else if name.starts_with("drafts/") || name.starts_with("agency/") {
                        let to = st.join(name);
                        std::fs::create_dir_all(to.parent().expect("entry has a folder"))?;
                        let mut f = std::fs::File::create(&to)?;
                        std::io::copy(content, &mut f)?;
                        f.sync_all()?;
                    }
                    Ok(())
                })
                .map_err(bad)?
                .is_some()
            {}
            Ok((receipts, std::fs::metadata(&source)?.len()))
        })
        .await
        .map_err(|e| DeskError::new("io", e.to_string()))?;
        let (receipts, bytes) = match read {
            Ok(r) => r,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&staging);
                return Err(e);
            }
        };
        // Drafts: each folder moved into place unless one of that name is already here.
        let (mut drafts, mut kept) = (Vec::new(), Vec::new());
        for area in ["drafts", "agency"] {
            let Ok(rd) = std::fs::read_dir(staging.join(area)) else { continue };
            for e in rd.flatten() {
                let name = format!("{area}/{}", e.file_name().to_string_lossy());
                let dest = home.join(&name);
                if dest.exists() {
                    kept.push(name);
                } else {
                    std::fs::create_dir_all(home.join(area))?;
                    std::fs::rename(e.path(), &dest)?;
                    drafts.push(name);
                }
            }
        }
        let _ = std::fs::remove_dir_all(&staging);
        // Receipts: only those that check against this computer's pinned log key.
        let (mut added, mut refused) = (0, 0);
        if let Some(bytes) = receipts {
            let list: Vec<Receipt> =
                serde_json::from_slice(&bytes).map_err(|e| DeskError::new("backup.invalid", format!("receipts.json: {e}")))?;
            let key = self.store.meta(crate::sync::META_LOG_KEY).await?;
            let have: Vec<String> = self.store.receipts().await?.into_iter().map(|r| r.body.sha256).collect();
            for r in list {
                if have.contains(&r.body.sha256) {
                    continue;
                }
                match &key {
                    Some(k) if r.verify(k).is_ok() => {
                        self.store.put_receipt(None, &r, self.now()).await?;
                        added += 1;
                    }
                    _ => refused += 1,
                }
            }
        }
        Ok(BackupReport { file: path.trim().to_string(), drafts, kept, receipts: added, receipts_refused: refused, bytes })
    }
}
