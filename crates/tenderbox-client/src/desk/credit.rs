//! The credit library on the supervisor's desk (centre admins read it), and every
//! entity's own credit page. Supervisors import a credit portal's CSV (checked here first:
//! every bad row by line, nothing sent), enter, correct and revoke records, and answer
//! objections; every one of those is signed here with the supervisor's key. An entity reads
//! its own records — published or not, with what each restricts — and objects to one.

use super::experts::{rows, server_rows};
use super::{Desk, DeskError, DeskResult};
use serde::{Deserialize, Serialize};
use tenderbox_core::credit::{
    self, Bar, CREDIT_FORMAT, CreditEntry, CreditImport, CreditKind, CreditObjection, CreditObjectionAnswer, CreditRevocation, Restriction,
    SubjectKind,
};
use tenderbox_wire::{CreditCheck, CreditImportRequest, CreditObjectionView, CreditRecordView};
use ts_rs::TS;

/// One record as the screens show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CreditView {
    pub id: String,
    /// `entity` or `expert`.
    pub subject_kind: String,
    pub subject: String,
    pub name: String,
    /// `good`, `bad`, `serious`.
    pub kind: String,
    pub list: String,
    pub source: String,
    pub document_no: String,
    pub legal_basis: String,
    pub starts_on: String,
    pub ends_on: Option<String>,
    /// Trading types, centres and bars (empty: all types / all centres / none).
    pub trading_types: Vec<String>,
    pub centres: Vec<String>,
    pub bars: Vec<String>,
    /// `active`, `revoked`, `corrected`.
    pub status: String,
    pub in_force: bool,
    pub published: bool,
    pub published_until: Option<String>,
    /// `entry` or the import's id.
    pub origin: String,
    pub entered_by_name: String,
    /// Beijing time it was entered.
    pub entered_at: String,
    pub revoked_reason: Option<String>,
    pub corrected_by: Option<String>,
    pub supersedes: Option<String>,
    pub objections: Vec<CreditObjectionRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CreditObjectionRow {
    pub id: String,
    pub record: String,
    pub subject: String,
    pub text: String,
    /// Beijing time filed.
    pub filed_at: String,
    /// `open`, `upheld` or `dismissed`.
    pub state: String,
    pub answer: Option<String>,
}

/// What an import did: records taken and rows skipped (already in force), or the bad
/// rows (and nothing taken).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CreditImportView {
    #[ts(type = "number")]
    pub imported: u64,
    pub skipped: Vec<SkippedRowView>,
    pub errors: Vec<super::experts::RowErrorView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SkippedRowView {
    #[ts(type = "number")]
    pub line: u64,
    pub record: String,
}

/// A record as the supervisor types it in (a correction names the record it corrects).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, TS)]
pub struct CreditForm {
    /// `entity` or `expert`.
    pub subject_kind: String,
    pub subject: String,
    pub name: String,
    pub kind: String,
    pub list: String,
    pub source: String,
    pub document_no: String,
    pub legal_basis: String,
    pub starts_on: String,
    pub ends_on: String,
    pub trading_types: Vec<String>,
    pub centres: Vec<String>,
    pub bars: Vec<String>,
    pub supersedes: Option<String>,
}

/// A bidder's credit at a tender, at the deadline or the evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CreditCheckView {
    pub bidder: String,
    pub stage: String,
    pub checked_at: String,
    /// Each record that bars the bid, cited (empty: none).
    pub findings: Vec<String>,
}

pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    CreditView::export_all_to(dir)?;
    CreditImportView::export_all_to(dir)?;
    CreditForm::export_all_to(dir)?;
    CreditCheckView::export_all_to(dir)
}

fn objection_row(o: &CreditObjectionView) -> CreditObjectionRow {
    CreditObjectionRow {
        id: o.id.clone(),
        record: o.record.clone(),
        subject: o.subject.clone(),
        text: o.objection.doc.text.clone(),
        filed_at: o.objection.doc.filed_at.to_beijing(),
        state: match &o.answer {
            None => "open".into(),
            Some(a) if a.doc.upheld => "upheld".into(),
            Some(_) => "dismissed".into(),
        },
        answer: o.answer.as_ref().map(|a| a.doc.text.clone()),
    }
}

pub(super) fn view(v: CreditRecordView) -> CreditView {
    let e = v.entry;
    CreditView {
        id: v.id,
        subject_kind: match e.subject_kind {
            SubjectKind::Entity => "entity".into(),
            SubjectKind::Expert => "expert".into(),
        },
        subject: e.subject,
        name: e.name,
        kind: e.kind.as_str().into(),
        list: e.list,
        source: e.source,
        document_no: e.document_no,
        legal_basis: e.legal_basis,
        starts_on: e.starts_on,
        ends_on: e.ends_on,
        trading_types: e
            .restriction
            .trading_types
            .iter()
            .map(|t| serde_json::to_value(t).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default())
            .collect(),
        centres: e.restriction.centres,
        bars: e.restriction.bars.iter().map(|b| b.as_str().to_string()).collect(),
        status: v.status,
        in_force: v.in_force,
        published: v.published,
        published_until: v.published_until,
        origin: v.origin,
        entered_by_name: v.entered_by_name,
        entered_at: v.created_at.to_beijing(),
        revoked_reason: v.revocation.map(|r| r.doc.reason),
        corrected_by: v.corrected_by,
        supersedes: e.supersedes,
        objections: v.objections.iter().map(objection_row).collect(),
    }
}

pub fn check_view(c: &CreditCheck) -> CreditCheckView {
    CreditCheckView {
        bidder: c.bidder.clone(),
        stage: c.stage.clone(),
        checked_at: c.checked_at.to_beijing(),
        findings: c.findings.iter().map(|f| f.citation()).collect(),
    }
}

impl CreditForm {
    /// The entry this form makes, entered now, or every problem with it.
    pub fn entry(&self, now: tenderbox_core::time::Timestamp) -> DeskResult<CreditEntry> {
        let bad = |code: &str, m: String| DeskError::new(code, m);
        let kind = match self.kind.as_str() {
            "good" => CreditKind::Good,
            "bad" => CreditKind::Bad,
            "serious" => CreditKind::Serious,
            k => return Err(bad("credit.kind", format!("'{k}' is not good, bad or serious"))),
        };
        let trading_types = self
            .trading_types
            .iter()
            .map(|t| credit::trading_type_of(t).ok_or_else(|| bad("credit.restriction", format!("'{t}' is not a trading type"))))
            .collect::<DeskResult<Vec<_>>>()?;
        let mut bars = self
            .bars
            .iter()
            .map(|b| match b.as_str() {
                "bidding" => Ok(Bar::Bidding),
                "agency" => Ok(Bar::Agency),
                "expert" => Ok(Bar::Expert),
                x => Err(bad("credit.restriction", format!("'{x}' is not a restriction"))),
            })
            .collect::<DeskResult<Vec<_>>>()?;
        bars.sort();
        bars.dedup();
        let entry = CreditEntry {
            format: CREDIT_FORMAT,
            subject_kind: if self.subject_kind == "expert" { SubjectKind::Expert } else { SubjectKind::Entity },
            subject: self.subject.trim().to_string(),
            name: self.name.trim().to_string(),
            kind,
            list: self.list.trim().to_string(),
            source: self.source.trim().to_string(),
            document_no: self.document_no.trim().to_string(),
            legal_basis: self.legal_basis.trim().to_string(),
            starts_on: self.starts_on.trim().to_string(),
            ends_on: Some(self.ends_on.trim().to_string()).filter(|s| !s.is_empty()),
            restriction: Restriction { trading_types, centres: self.centres.clone(), bars },
            supersedes: self.supersedes.clone().filter(|s| !s.is_empty()),
            entered_at: now,
        };
        let problems = entry.problems();
        if let Some((_, code, _)) = problems.first() {
            let list: Vec<String> = problems.iter().map(|(f, c, m)| format!("[{c}] {f}: {m}")).collect();
            return Err(bad(code, list.join("; ")));
        }
        Ok(entry)
    }
}

impl Desk {
    /// The library (supervisors, centre admins): filtered by subject code, text and status.
    pub async fn credit_records(&self, subject: &str, search: &str, status: &str) -> DeskResult<Vec<CreditView>> {
        let api = self.session_api().await?;
        let list = api.credit_records(&[("subject", subject.trim()), ("q", search.trim()), ("status", status.trim())], 0).await?;
        Ok(list.into_iter().map(view).collect())
    }

    /// Imports a credit portal's CSV: checked here first, then signed over its SHA-256 and sent.
    pub async fn credit_import(&self, csv: &str, origin: &str) -> DeskResult<CreditImportView> {
        let now = self.now();
        let parsed = match credit::parse_csv(csv, now) {
            Ok(r) => r,
            Err(errors) => return Ok(CreditImportView { imported: 0, skipped: vec![], errors: rows(errors) }),
        };
        if origin.trim().is_empty() {
            return Err(DeskError::new("credit.field", "say where the file came from (the credit portal and the export date)"));
        }
        let doc = CreditImport {
            format: CREDIT_FORMAT,
            sha256: hex::encode(tenderbox_core::sha256(csv.as_bytes())),
            rows: parsed.len() as u64,
            origin: origin.trim().to_string(),
            entered_at: now,
        };
        let req = CreditImportRequest { import: self.signed_by_me(doc).await?, csv: csv.to_string() };
        match self.session_api().await?.credit_import(&req).await {
            Ok(r) => Ok(CreditImportView {
                imported: r.imported,
                skipped: r.skipped.into_iter().map(|s| SkippedRowView { line: s.line, record: s.record }).collect(),
                errors: vec![],
            }),
            Err(crate::api::ApiFailure::Server { code, message, .. }) if code == "credit.import" => {
                Ok(CreditImportView { imported: 0, skipped: vec![], errors: server_rows(&message) })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Enters one record (or a correction), signed here.
    pub async fn credit_enter(&self, form: CreditForm) -> DeskResult<CreditView> {
        let entry = form.entry(self.now())?;
        let signed = self.signed_by_me(entry).await?;
        Ok(view(self.session_api().await?.credit_enter(&signed).await?))
    }

    /// Revokes a record with the reason, signed here.
    pub async fn credit_revoke(&self, id: &str, reason: &str) -> DeskResult<CreditView> {
        let doc = CreditRevocation { format: CREDIT_FORMAT, record: id.into(), reason: reason.trim().into(), revoked_at: self.now() };
        let signed = self.signed_by_me(doc).await?;
        Ok(view(self.session_api().await?.credit_revoke(id, &signed).await?))
    }

    /// Objections waiting for an answer (supervisors), with the record each is about.
    pub async fn credit_objections(&self) -> DeskResult<Vec<CreditView>> {
        let api = self.session_api().await?;
        let open = api.credit_objections(true).await?;
        let mut out: Vec<CreditView> = Vec::new();
        for o in &open {
            if out.iter().any(|v| v.id == o.record) {
                continue;
            }
            out.push(view(api.credit_record(&o.record).await?));
        }
        Ok(out)
    }

    /// Answers an objection, signed here: upheld revokes the record.
    pub async fn credit_answer(&self, objection: &str, upheld: bool, text: &str) -> DeskResult<()> {
        let doc = CreditObjectionAnswer {
            format: CREDIT_FORMAT,
            objection: objection.into(),
            upheld,
            text: text.trim().into(),
            answered_at: self.now(),
        };
        let signed = self.signed_by_me(doc).await?;
        self.session_api().await?.credit_answer(objection, &signed).await?;
        Ok(())
    }

    /// The records about this computer's identity (its company, or the expert linked to it).
    pub async fn credit_mine(&self) -> DeskResult<Vec<CreditView>> {
        Ok(self.session_api().await?.credit_mine().await?.into_iter().map(view).collect())
    }

    /// Objects to a record about us, signed here.
    pub async fn credit_object(&self, record: &str, text: &str) -> DeskResult<Vec<CreditView>> {
        let doc = CreditObjection { format: CREDIT_FORMAT, record: record.into(), text: text.trim().into(), filed_at: self.now() };
        let signed = self.signed_by_me(doc).await?;
        let api = self.session_api().await?;
        api.credit_object(record, &signed).await?;
        Ok(api.credit_mine().await?.into_iter().map(view).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_makes_the_entry_or_names_every_problem() {
        let now = tenderbox_core::time::Timestamp::from_unix(1_796_000_000);
        let f = CreditForm {
            subject_kind: "entity".into(),
            subject: " 9135021359498494XQ ".into(),
            name: "湖州建工集团有限公司".into(),
            kind: "serious".into(),
            list: "失信被执行人".into(),
            source: "湖州市中级人民法院".into(),
            document_no: "（2026）浙05执123号".into(),
            legal_basis: "法〔2016〕285号".into(),
            starts_on: "2026-01-01".into(),
            ends_on: String::new(),
            trading_types: vec!["engineering".into()],
            centres: vec![],
            bars: vec!["agency".into(), "bidding".into(), "bidding".into()],
            supersedes: Some(String::new()),
        };
        let e = f.entry(now).unwrap();
        assert_eq!(e.subject, "9135021359498494XQ");
        assert_eq!(e.restriction.bars, vec![Bar::Bidding, Bar::Agency]);
        assert_eq!(e.ends_on, None);
        assert_eq!(e.supersedes, None);
        let bad = CreditForm { subject: "X".into(), starts_on: "2026-02-30".into(), ..f };
        let err = bad.entry(now).unwrap_err();
        assert!(err.message.contains("subject") && err.message.contains("starts_on"), "{}", err.message);
    }
}
