//! A bid draft on disk (docs/draft-format.md): a folder holding the tender it
//! answers (`tender.json`), the draft itself (`draft.json`) and copies of the
//! attachments (`files/<name>`). Every write is atomic, so killing the program at
//! any moment leaves the last saved state.

use crate::files::{AtomicFile, write_atomic};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use tenderbox_core::Decimal;
use tenderbox_core::bid::{self, BidDraft, DraftAttachment};
use tenderbox_core::problem::{Problem, attachment_name_key, attachment_name_problem};
use tenderbox_core::tender::{TenderDocument, TenderError};

pub const DRAFT_FILE: &str = "draft.json";
pub const TENDER_FILE: &str = "tender.json";
pub const FILES_DIR: &str = "files";

#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("{0}: {1}")]
    Io(String, io::Error),
    #[error("the tender document is not valid: {0}")]
    Tender(#[from] TenderError),
    #[error("{0} is not a bid draft folder (no {DRAFT_FILE}); create one with `tenderbox bid init`")]
    NotADraft(String),
    #[error("{0} already exists and is not empty; choose a new folder for the draft")]
    Exists(String),
    #[error("draft.json is damaged: {0}")]
    Damaged(String),
    #[error("'{0}' is not an amount in yuan (digits with at most 2 decimal places, like 11250000.00)")]
    BadAmount(String),
    #[error("the tender has no lot '{0}'")]
    UnknownLot(String),
    #[error("lot {0} has no required item '{1}'")]
    UnknownItem(String, String),
    #[error("attachment name '{0}' is refused: {1}")]
    BadName(String, &'static str),
    #[error("'{0}' is not a resident identity number: {1}")]
    BadIdNumber(String, &'static str),
    #[error("consortium member '{0}': {1}")]
    BadMember(String, String),
}

impl DraftError {
    pub fn code(&self) -> &'static str {
        match self {
            DraftError::Io(..) => "io",
            DraftError::Tender(_) => "tender.invalid",
            DraftError::NotADraft(_) => "draft.not_a_draft",
            DraftError::Exists(_) => "draft.exists",
            DraftError::Damaged(_) => "draft.damaged",
            DraftError::BadAmount(_) => "price.bad_amount",
            DraftError::UnknownLot(_) => "lot.unknown",
            DraftError::UnknownItem(..) => "response.unknown_item",
            DraftError::BadName(..) => "attachment.bad_name",
            DraftError::BadIdNumber(..) => "personnel.id",
            DraftError::BadMember(..) => "consortium.member",
        }
    }
}

fn io_at(p: &Path) -> impl FnOnce(io::Error) -> DraftError + '_ {
    move |e| DraftError::Io(p.display().to_string(), e)
}

/// Reads and validates a tender document file.
pub fn read_tender(path: &Path) -> Result<TenderDocument, DraftError> {
    let bytes = fs::read(path).map_err(io_at(path))?;
    Ok(TenderDocument::from_json(&bytes)?)
}

#[derive(Debug)]
pub struct Draft {
    pub dir: PathBuf,
    pub tender: TenderDocument,
    pub bid: BidDraft,
}

impl Draft {
    /// Creates a new draft folder for a tender.
    pub fn init(tender: TenderDocument, dir: &Path) -> Result<Self, DraftError> {
        if dir.exists() && fs::read_dir(dir).map_err(io_at(dir))?.next().is_some() {
            return Err(DraftError::Exists(dir.display().to_string()));
        }
        fs::create_dir_all(dir.join(FILES_DIR)).map_err(io_at(dir))?;
        let bytes = tender.canonical_bytes().map_err(|e| DraftError::Tender(TenderError::Canonical(e)))?;
        write_atomic(&dir.join(TENDER_FILE), &bytes, false).map_err(io_at(dir))?;
        let bid = BidDraft::new(&tender).map_err(|e| DraftError::Tender(TenderError::Canonical(e)))?;
        let d = Draft { dir: dir.to_path_buf(), tender, bid };
        d.save()?;
        Ok(d)
    }

    pub fn load(dir: &Path) -> Result<Self, DraftError> {
        let dp = dir.join(DRAFT_FILE);
        if !dp.is_file() {
            return Err(DraftError::NotADraft(dir.display().to_string()));
        }
        let tender = read_tender(&dir.join(TENDER_FILE))?;
        let raw = fs::read(&dp).map_err(io_at(&dp))?;
        let bid: BidDraft = serde_json::from_slice(&raw).map_err(|e| DraftError::Damaged(e.to_string()))?;
        Ok(Draft { dir: dir.to_path_buf(), tender, bid })
    }

    pub fn save(&self) -> Result<(), DraftError> {
        let json = serde_json::to_vec_pretty(&self.bid).expect("serialisable");
        let p = self.dir.join(DRAFT_FILE);
        write_atomic(&p, &json, false).map_err(io_at(&p))
    }

    fn lot_mut(&mut self, lot: &str) -> Result<&mut bid::LotBid, DraftError> {
        if self.tender.lot(lot).is_none() {
            return Err(DraftError::UnknownLot(lot.into()));
        }
        if !self.bid.lots.iter().any(|l| l.lot == lot) {
            self.bid.lots.push(bid::LotBid { lot: lot.into(), price: None, duration_days: None, quality: None });
        }
        Ok(self.bid.lots.iter_mut().find(|l| l.lot == lot).expect("just ensured"))
    }

    /// Sets a lot's price from text such as `11250000.00` or `11,250,000`.
    pub fn set_price(&mut self, lot: &str, amount: &str) -> Result<Decimal, DraftError> {
        let cleaned: String = amount.trim().chars().filter(|c| *c != ',' && *c != '，').collect();
        let ok = !cleaned.is_empty() && cleaned.chars().all(|c| c.is_ascii_digit() || c == '.') && cleaned.matches('.').count() <= 1;
        let value: Decimal = cleaned.parse().ok().filter(|_| ok).ok_or_else(|| DraftError::BadAmount(amount.into()))?;
        if value.scale() > 2 {
            return Err(DraftError::BadAmount(amount.into()));
        }
        self.lot_mut(lot)?.price = Some(value);
        Ok(value)
    }

    pub fn set_duration(&mut self, lot: &str, days: u32) -> Result<(), DraftError> {
        self.lot_mut(lot)?.duration_days = Some(days);
        Ok(())
    }

    /// Sets (or, with an empty text, clears) the legal representative's and the project
    /// manager's identity numbers; each is checked before anything changes.
    pub fn set_personnel(&mut self, legal_rep: Option<&str>, project_manager: Option<&str>) -> Result<(), DraftError> {
        let norm = |s: Option<&str>| -> Result<Option<Option<String>>, DraftError> {
            match s.map(str::trim) {
                None => Ok(None),
                Some("") => Ok(Some(None)),
                Some(v) => match bid::id_number_problem(v) {
                    Some(why) => Err(DraftError::BadIdNumber(v.into(), why)),
                    None => Ok(Some(Some(v.to_uppercase()))),
                },
            }
        };
        let (l, p) = (norm(legal_rep)?, norm(project_manager)?);
        if let Some(l) = l {
            self.bid.personnel.legal_rep_id = l;
        }
        if let Some(p) = p {
            self.bid.personnel.project_manager_id = p;
        }
        Ok(())
    }

    /// Replaces the consortium members (USCC and name each; none: bidding alone). A code
    /// that is not a valid unified social credit code is refused and nothing changes.
    pub fn set_consortium(&mut self, members: &[(String, String)]) -> Result<(), DraftError> {
        let mut out = Vec::new();
        for (code, name) in members {
            let uscc =
                tenderbox_core::uscc::Uscc::parse(code.trim()).map_err(|e| DraftError::BadMember(code.trim().into(), e.to_string()))?;
            if name.trim().is_empty() {
                return Err(DraftError::BadMember(code.trim().into(), "the member's registered name is missing".into()));
            }
            if out.iter().any(|p: &tenderbox_core::tender::Party| p.uscc == uscc) {
                return Err(DraftError::BadMember(code.trim().into(), "listed twice".into()));
            }
            out.push(tenderbox_core::tender::Party { name: name.trim().into(), uscc });
        }
        self.bid.consortium = out;
        Ok(())
    }

    pub fn set_quality(&mut self, lot: &str, quality: &str) -> Result<(), DraftError> {
        self.lot_mut(lot)?.quality = Some(quality.trim().to_string());
        Ok(())
    }

    fn response_mut(&mut self, lot: &str, item: &str) -> Result<&mut bid::Response, DraftError> {
        let exists = self.tender.lot(lot).ok_or_else(|| DraftError::UnknownLot(lot.into()))?.items.iter().any(|i| i.id == item);
        if !exists {
            return Err(DraftError::UnknownItem(lot.into(), item.into()));
        }
        if self.bid.response_mut(lot, item).is_none() {
            self.bid.responses.push(bid::Response {
                lot: lot.into(),
                item: item.into(),
                text: String::new(),
                attachments: vec![],
                criteria: vec![],
            });
        }
        Ok(self.bid.response_mut(lot, item).expect("just ensured"))
    }

    pub fn respond(&mut self, lot: &str, item: &str, text: &str) -> Result<(), DraftError> {
        self.response_mut(lot, item)?.text = text.to_string();
        Ok(())
    }

    pub fn link_criterion(&mut self, lot: &str, item: &str, criterion: &str) -> Result<(), DraftError> {
        let r = self.response_mut(lot, item)?;
        if !r.criteria.iter().any(|c| c == criterion) {
            r.criteria.push(criterion.to_string());
        }
        Ok(())
    }

    /// Copies a file into the draft under `name` (default: its file name) and
    /// attaches it to a required item. Re-attaching a name replaces the file.
    pub fn attach(&mut self, file: &Path, name: Option<&str>, lot: &str, item: &str) -> Result<String, DraftError> {
        let name = match name {
            Some(n) => n.to_string(),
            None => file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
        };
        if let Some(why) = attachment_name_problem(&name) {
            return Err(DraftError::BadName(name, why));
        }
        let key = attachment_name_key(&name);
        if self.bid.attachments.iter().any(|a| a.name != name && attachment_name_key(&a.name) == key) {
            return Err(DraftError::BadName(name, "another attachment has the same name in other letter case"));
        }
        self.response_mut(lot, item)?;
        let rel = format!("{FILES_DIR}/{name}");
        let target = self.dir.join(&rel);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io_at(parent))?;
        }
        let mut src = fs::File::open(file).map_err(io_at(file))?;
        let mut out = AtomicFile::create(&target, false).map_err(io_at(&target))?;
        io::copy(&mut src, &mut out).map_err(io_at(file))?;
        out.commit().map_err(io_at(&target))?;
        if !self.bid.attachments.iter().any(|a| a.name == name) {
            self.bid.attachments.push(DraftAttachment { name: name.clone(), file: rel });
        }
        let r = self.response_mut(lot, item)?;
        if !r.attachments.contains(&name) {
            r.attachments.push(name.clone());
        }
        Ok(name)
    }

    pub fn attachment_path(&self, a: &DraftAttachment) -> PathBuf {
        self.dir.join(&a.file)
    }

    /// Every problem that blocks finalising: the rules of tenderbox-core plus
    /// attachment files that are missing from the draft folder.
    pub fn check(&self) -> Vec<Problem> {
        let mut p = bid::check(&self.tender, &self.bid);
        for a in &self.bid.attachments {
            let escapes = Path::new(&a.file).components().any(|c| !matches!(c, std::path::Component::Normal(_)));
            if escapes || !self.attachment_path(a).is_file() {
                p.push(Problem::new(
                    "attachment.file_missing",
                    format!("attachments[{}]", a.name),
                    format!("the file {} is missing from the draft folder; attach it again", a.file),
                ));
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tenderbox_core::time::Timestamp;

    #[test]
    fn a_draft_is_filled_and_checked_on_disk() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("bid");
        let t = TenderDocument::example(Timestamp::from_unix(1_800_000_000));
        let mut draft = Draft::init(t, &dir).unwrap();
        assert_eq!(draft.check().len(), 9);
        assert!(matches!(draft.set_price("L1", "12,3a"), Err(DraftError::BadAmount(_))));
        assert!(matches!(draft.set_price("L1", "1.001"), Err(DraftError::BadAmount(_))));
        draft.set_price("L1", "11,250,000.00").unwrap();
        draft.set_duration("L1", 240).unwrap();
        draft.set_quality("L1", "合格").unwrap();
        let pdf = d.path().join("licence.pdf");
        fs::write(&pdf, b"%PDF-1.4 licence").unwrap();
        draft.attach(&pdf, None, "L1", "Q2").unwrap();
        assert!(matches!(draft.attach(&pdf, Some("../x.pdf"), "L1", "Q2"), Err(DraftError::BadName(..))));
        assert!(matches!(draft.respond("L1", "Q9", "x"), Err(DraftError::UnknownItem(..))));
        draft.save().unwrap();
        let back = Draft::load(&dir).unwrap();
        assert_eq!(back.bid, draft.bid);
        assert_eq!(back.check().len(), 5);
        fs::remove_file(dir.join("files/licence.pdf")).unwrap();
        assert!(back.check().iter().any(|p| p.code == "attachment.file_missing"));
        assert!(matches!(Draft::init(back.tender.clone(), &dir), Err(DraftError::Exists(_))));
    }

    #[test]
    fn the_people_a_bid_names_are_checked_and_sealed_only_to_supervision() {
        use tenderbox_seal::DeterministicEntropy;
        use tenderbox_seal::identity::SecretIdentity;
        let d = tempfile::tempdir().unwrap();
        let t = TenderDocument::example(Timestamp::from_unix(1_800_000_000));
        let mut draft = Draft::init(t.clone(), &d.path().join("bid")).unwrap();
        assert!(matches!(draft.set_personnel(Some("110105194912310021"), None), Err(DraftError::BadIdNumber(..))));
        assert!(draft.bid.personnel.is_empty(), "nothing changes on a wrong number");
        draft.set_personnel(Some("11010519491231002x"), Some("11010519491231002X")).unwrap();
        assert_eq!(draft.bid.personnel.ids(), vec!["11010519491231002X".to_string()]);
        draft.set_personnel(Some(""), None).unwrap();
        assert_eq!(draft.bid.personnel.legal_rep_id, None, "an empty text clears one");
        assert!(draft.bid.personnel.project_manager_id.is_some(), "the other is kept");
        // Sealed: the manifest carries no number; the supervisor's key opens a keyed hash of it.
        let sup = SecretIdentity::generate(&DeterministicEntropy::new(b"draft people sup"));
        let supervisors = vec![tenderbox_seal::package::Supervisor { id: "sup".into(), encryption_key: sup.encryption_public() }];
        let machine = vec![("tool".to_string(), "abc".to_string()), ("person".to_string(), "11010519491231002X".to_string())];
        let sealed =
            tenderbox_seal::package::seal_machine(&t.id, "91330502MA2B3C4D58", &machine, &supervisors, &DeterministicEntropy::new(b"m"))
                .unwrap()
                .unwrap();
        assert!(!serde_json::to_string(&sealed).unwrap().contains("11010519491231002X"));
        let opened = tenderbox_seal::package::open_machine(&sealed, &t.id, "91330502MA2B3C4D58", "sup", &sup).unwrap();
        assert_eq!(opened, tenderbox_seal::package::machine_hashes(&t.id, &machine));
    }
}
