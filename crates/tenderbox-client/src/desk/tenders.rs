//! Announcements and tender details as verified copies in the local store, with their changes
//! between versions, and the package files downloaded and checked.

use super::*;
use crate::api::Api;
use crate::store::StoredTender;
use serde::Serialize;
use std::path::PathBuf;
use tenderbox_core::centre;
use tenderbox_core::tender::{EvaluationMethod, ResponseKind, TenderDocument};
use tenderbox_wire::TenderStatus;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TenderRow {
    pub id: String,
    pub title: String,
    pub centre: String,
    pub centre_name_zh: String,
    pub centre_name_en: String,
    /// `engineering`, `procurement`, `land_mining`, `property`.
    pub trading_type: String,
    /// `awaiting_committee_key`, `open`, `closed`, `failed`, `cancelled`.
    pub status: String,
    /// Unix seconds (server time).
    #[ts(type = "number")]
    pub deadline: i64,
    pub version: u32,
    /// Amended since the bidder last opened it (or never opened).
    pub unseen_changes: bool,
    pub lots: u32,
    pub files: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ItemView {
    pub id: String,
    pub title: String,
    /// `text`, `attachment`, `text_and_attachment`.
    pub response: String,
    pub criterion: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LotView {
    pub id: String,
    pub name: String,
    /// Exact decimal, yuan.
    pub ceiling_price: Option<String>,
    pub ceiling_price_words: Option<String>,
    pub asks_duration_and_quality: bool,
    pub items: Vec<ItemView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CriterionView {
    pub id: String,
    pub name: String,
    pub max_points: String,
    /// `subjective` or `objective`.
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FileView {
    pub name: String,
    pub sha256: String,
    #[ts(type = "number")]
    pub size: u64,
    /// Where it was saved, once downloaded and checked.
    pub local_path: Option<String>,
}

/// One difference between the version the bidder last looked at and now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChangeView {
    /// Dotted path of the field (`deadline`, `lots[L1].ceiling_price`, …).
    pub field: String,
    pub before: String,
    pub after: String,
    /// May it affect how bids are prepared (a change of substance)?
    pub substantive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct EventView {
    #[ts(type = "number")]
    pub index: u64,
    pub kind: String,
    #[ts(type = "number")]
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TenderView {
    pub row: TenderRow,
    pub tenderer: String,
    pub tenderer_uscc: String,
    pub agency: Option<String>,
    pub agency_id: String,
    /// `comprehensive` or `lowest_evaluated_price`.
    pub method: String,
    pub price_full_marks: Option<String>,
    pub qualification: Vec<String>,
    pub criteria: Vec<CriterionView>,
    pub lots: Vec<LotView>,
    #[ts(type = "number")]
    pub opening_at: i64,
    pub decryption_window_minutes: u32,
    pub multi_lot: String,
    pub required_stanzas: Vec<String>,
    pub committee_fallback: bool,
    pub files: Vec<FileView>,
    /// The version the bidder looked at before this one (None: first look).
    pub seen_version: Option<u32>,
    pub changes: Vec<ChangeView>,
    pub events: Vec<EventView>,
    pub hash: String,
    #[ts(type = "number")]
    pub log_index: u64,
}

pub(super) fn trading_type_str(d: &TenderDocument) -> String {
    serde_json::to_value(d.trading_type).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

pub(super) fn status_str(s: TenderStatus) -> String {
    serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

pub(super) fn row(t: &StoredTender) -> TenderRow {
    let d = &t.record.document;
    let c = centre::centre(&d.centre);
    TenderRow {
        id: d.id.clone(),
        title: d.title.clone(),
        centre: d.centre.clone(),
        centre_name_zh: c.map(|c| c.name_zh.to_string()).unwrap_or_default(),
        centre_name_en: c.map(|c| c.name_en.to_string()).unwrap_or_default(),
        trading_type: trading_type_str(d),
        status: status_str(t.record.summary.status),
        deadline: d.deadline.unix(),
        version: d.version,
        unseen_changes: t.seen_version.is_none_or(|s| s < d.version),
        lots: d.lots.len() as u32,
        files: d.files.len() as u32,
    }
}

/// Field-by-field differences between two versions of a tender, for "what changed";
/// times as people read them (Beijing time).
pub fn changes(before: &TenderDocument, after: &TenderDocument) -> Vec<ChangeView> {
    let time = |field: &str, v: String| match field {
        "deadline" | "opening_at" => tenderbox_core::time::Timestamp::parse(&v).map(|t| t.to_beijing()).unwrap_or(v),
        _ => v,
    };
    tenderbox_core::periods::changes(before, after)
        .into_iter()
        .map(|c| ChangeView {
            before: time(&c.field, c.before),
            after: time(&c.field, c.after),
            field: c.field,
            substantive: c.substantive,
        })
        .collect()
}

impl Desk {
    pub async fn tenders(&self) -> DeskResult<Vec<TenderRow>> {
        Ok(self.store.tenders().await?.iter().map(row).collect())
    }

    pub(super) fn files_dir(&self, tender: &str) -> PathBuf {
        self.home.join("tenders").join(crate::keystore::file_stem(tender))
    }

    /// One tender with what changed since the bidder last looked; marks it seen.
    pub async fn tender(&self, id: &str) -> DeskResult<TenderView> {
        let t = self.stored_tender(id).await?;
        let d = &t.record.document;
        let changes = match t.seen_version {
            Some(v) if v < d.version => match self.store.tender_version(id, v).await? {
                Some(before) => changes(&before, d),
                None => vec![],
            },
            _ => vec![],
        };
        let words = |p: rust_decimal::Decimal| tenderbox_core::amount::to_chinese_upper(p).ok();
        let (method, qualification, criteria, full) = match &d.method {
            EvaluationMethod::Comprehensive { qualification, criteria, price } => (
                "comprehensive",
                qualification.iter().map(|q| q.text.clone()).collect(),
                criteria
                    .iter()
                    .map(|c| CriterionView {
                        id: c.id.clone(),
                        name: c.name.clone(),
                        max_points: c.max_points.to_string(),
                        kind: serde_json::to_value(c.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
                    })
                    .collect(),
                Some(price.full_marks.to_string()),
            ),
            EvaluationMethod::LowestEvaluatedPrice { qualification } => {
                ("lowest_evaluated_price", qualification.iter().map(|q| q.text.clone()).collect(), vec![], None)
            }
        };
        let dir = self.files_dir(id);
        let view = TenderView {
            row: row(&t),
            tenderer: d.tenderer.name.clone(),
            tenderer_uscc: d.tenderer.uscc.as_str().to_string(),
            agency: d.agency.as_ref().map(|a| a.name.clone()),
            agency_id: t.record.agency_id.clone(),
            method: method.into(),
            price_full_marks: full,
            qualification,
            criteria,
            lots: d
                .lots
                .iter()
                .map(|l| LotView {
                    id: l.id.clone(),
                    name: l.name.clone(),
                    ceiling_price: l.ceiling_price.map(|p| format!("{p:.2}")),
                    ceiling_price_words: l.ceiling_price.and_then(words),
                    asks_duration_and_quality: l.asks_duration_and_quality,
                    items: l
                        .items
                        .iter()
                        .map(|i| ItemView {
                            id: i.id.clone(),
                            title: i.title.clone(),
                            response: match i.response {
                                ResponseKind::Text => "text",
                                ResponseKind::Attachment => "attachment",
                                ResponseKind::TextAndAttachment => "text_and_attachment",
                            }
                            .into(),
                            criterion: i.criterion.clone(),
                        })
                        .collect(),
                })
                .collect(),
            opening_at: d.opening_at.unix(),
            decryption_window_minutes: d.decryption_window_minutes,
            multi_lot: serde_json::to_value(d.multi_lot).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
            required_stanzas: d
                .envelope
                .required_stanzas
                .iter()
                .map(|k| serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default())
                .collect(),
            committee_fallback: d.envelope.committee_opens_on_bidder_failure,
            files: d
                .files
                .iter()
                .map(|f| {
                    let p = dir.join(&f.name);
                    let ok = std::fs::metadata(&p).map(|m| m.len() == f.size).unwrap_or(false);
                    FileView {
                        name: f.name.clone(),
                        sha256: f.sha256.clone(),
                        size: f.size,
                        local_path: ok.then(|| p.display().to_string()),
                    }
                })
                .collect(),
            seen_version: t.seen_version,
            changes,
            events: self
                .store
                .tender_events(id)
                .await?
                .iter()
                .map(|e| EventView { index: e.index, kind: e.kind.clone(), at: e.at.unix() })
                .collect(),
            hash: t.record.summary.hash.clone(),
            log_index: t.log_index,
        };
        self.store.mark_seen(id, d.version).await?;
        Ok(view)
    }

    /// Downloads every package file of a tender, each checked against the signed
    /// document; `progress(file index, done, total)`.
    pub async fn download_files(&self, id: &str, progress: &(dyn Fn(u32, u64, u64) + Send + Sync)) -> DeskResult<Vec<FileView>> {
        let t = self.stored_tender(id).await?;
        let api = Api::new(&self.settings().await.server);
        let dir = self.files_dir(id);
        let mut out = Vec::new();
        for (i, f) in t.record.document.files.iter().enumerate() {
            let p = crate::tenders::download_file(&api, id, f, &dir, &mut |d, n| progress(i as u32, d, n)).await?;
            out.push(FileView { name: f.name.clone(), sha256: f.sha256.clone(), size: f.size, local_path: Some(p.display().to_string()) });
        }
        Ok(out)
    }
}
