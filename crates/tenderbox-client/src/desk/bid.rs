//! The bid editor, finalising (固化) and sealing, the outbox and receipts, as the
//! desktop app uses them. Drafts are the same folders the CLI edits
//! (`docs/draft-format.md`), one per tender in `<data>/drafts/`; every change is
//! saved at once (atomic write), so closing the app at any moment loses nothing.

use super::outbox::{OutboxView, outbox_view};
use super::{Desk, DeskError, DeskResult};
use crate::draft::{Draft, DraftError};
use serde::Serialize;
use std::path::{Path, PathBuf};
use tenderbox_core::tender::{ResponseKind, TenderDocument};
use ts_rs::TS;

impl From<DraftError> for DeskError {
    fn from(e: DraftError) -> Self {
        DeskError::new(e.code(), e.to_string())
    }
}

impl From<tenderbox_seal::SealError> for DeskError {
    fn from(e: tenderbox_seal::SealError) -> Self {
        DeskError::new(e.code(), e.to_string())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProblemView {
    pub code: String,
    /// Where: `lots[L1].price`, `responses[Q3]`, `attachments[a.pdf]`.
    pub path: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ResponseView {
    pub item: String,
    pub title: String,
    /// `text`, `attachment`, `text_and_attachment`.
    pub kind: String,
    pub text: String,
    pub attachments: Vec<String>,
    /// Scoring criteria this response is linked to.
    pub criteria: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LotBidView {
    pub lot: String,
    pub name: String,
    pub ceiling_price: Option<String>,
    pub asks_duration_and_quality: bool,
    /// Exact decimal, two places.
    pub price: Option<String>,
    /// 大写 as written in the bid letter.
    pub price_words: Option<String>,
    pub duration_days: Option<u32>,
    pub quality: Option<String>,
    pub responses: Vec<ResponseView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AttachmentView {
    pub name: String,
    #[ts(type = "number")]
    pub size: u64,
    pub path: String,
    pub is_pdf: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
pub struct SealedView {
    pub file: String,
    pub sha256: String,
    #[ts(type = "number")]
    pub size: u64,
    /// Unix seconds (this computer's clock; the receipt gives the server's).
    #[ts(type = "number")]
    pub sealed_at: i64,
    /// The tender version it was sealed against.
    pub tender_version: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BidView {
    pub tender_id: String,
    pub tender_title: String,
    /// The version the draft was made against, and the tender's current one.
    pub draft_version: u32,
    pub tender_version: u32,
    #[ts(type = "number")]
    pub deadline: i64,
    pub criteria: Vec<super::CriterionView>,
    pub lots: Vec<LotBidView>,
    pub attachments: Vec<AttachmentView>,
    /// What still blocks finalising; empty when the bid is complete.
    pub problems: Vec<ProblemView>,
    /// The latest seal of this draft, if it still matches the draft.
    pub sealed: Option<SealedView>,
    pub outbox: Option<OutboxView>,
    /// The identity numbers as entered here (they stay on this computer; see `Personnel`).
    pub legal_rep_id: Option<String>,
    pub project_manager_id: Option<String>,
    /// The consortium members (credit code, name) this company leads; empty: bidding alone.
    pub consortium: Vec<(String, String)>,
}

/// Writes the bindings of the bid editor's views.
pub fn export_bindings(dir: &Path) -> Result<(), ts_rs::ExportError> {
    BidView::export_all_to(dir)?;
    Ok(())
}

fn kind_str(k: ResponseKind) -> &'static str {
    match k {
        ResponseKind::Text => "text",
        ResponseKind::Attachment => "attachment",
        ResponseKind::TextAndAttachment => "text_and_attachment",
    }
}

/// 大写 of a typed amount, as the bid letter will show it.
pub fn amount_words(text: &str) -> DeskResult<String> {
    let cleaned: String = text.trim().chars().filter(|c| *c != ',' && *c != '，').collect();
    let value: rust_decimal::Decimal = cleaned.parse().map_err(|_| DeskError::from(DraftError::BadAmount(text.to_string())))?;
    if value.scale() > 2 || value.is_sign_negative() {
        return Err(DraftError::BadAmount(text.to_string()).into());
    }
    tenderbox_core::amount::to_chinese_upper(value).map_err(|e| DeskError::new("amount.words", e.to_string()))
}

impl Desk {
    pub(super) fn draft_dir(&self, tender: &str) -> PathBuf {
        self.home.join("drafts").join(crate::keystore::file_stem(tender))
    }

    pub(super) fn sealed_dir(&self) -> PathBuf {
        self.home.join("sealed")
    }

    pub(super) async fn current_tender(&self, id: &str) -> DeskResult<TenderDocument> {
        Ok(self.stored_tender(id).await?.record.document)
    }

    /// The draft of a tender, created from the verified cached tender on first use.
    pub(super) async fn draft(&self, tender: &str) -> DeskResult<Draft> {
        let dir = self.draft_dir(tender);
        if dir.join(crate::draft::DRAFT_FILE).is_file() {
            return Ok(Draft::load(&dir)?);
        }
        let t = self.current_tender(tender).await?;
        Ok(Draft::init(t, &dir)?)
    }

    pub(super) async fn bid_view(&self, d: &Draft) -> DeskResult<BidView> {
        let current = self.current_tender(&d.bid.tender_id).await?;
        let t = &d.tender;
        let mut problems: Vec<ProblemView> =
            d.check().into_iter().map(|p| ProblemView { code: p.code, path: p.path, message: p.message }).collect();
        if current.version != d.bid.tender_version {
            problems.insert(
                0,
                ProblemView {
                    code: "tender.amended".into(),
                    path: "tender".into(),
                    message: format!(
                        "the tender was amended to version {} after this draft was made (version {}); update the draft to the new version",
                        current.version, d.bid.tender_version
                    ),
                },
            );
        }
        let lots = t
            .lots
            .iter()
            .map(|l| {
                let lb = d.bid.lots.iter().find(|b| b.lot == l.id);
                LotBidView {
                    lot: l.id.clone(),
                    name: l.name.clone(),
                    ceiling_price: l.ceiling_price.map(|p| format!("{p:.2}")),
                    asks_duration_and_quality: l.asks_duration_and_quality,
                    price: lb.and_then(|b| b.price).map(|p| format!("{p:.2}")),
                    price_words: lb.and_then(|b| b.price).and_then(|p| tenderbox_core::amount::to_chinese_upper(p).ok()),
                    duration_days: lb.and_then(|b| b.duration_days),
                    quality: lb.and_then(|b| b.quality.clone()),
                    responses: l
                        .items
                        .iter()
                        .map(|i| {
                            let r = d.bid.responses.iter().find(|r| r.lot == l.id && r.item == i.id);
                            ResponseView {
                                item: i.id.clone(),
                                title: i.title.clone(),
                                kind: kind_str(i.response).into(),
                                text: r.map(|r| r.text.clone()).unwrap_or_default(),
                                attachments: r.map(|r| r.attachments.clone()).unwrap_or_default(),
                                criteria: r.map(|r| r.criteria.clone()).unwrap_or_default(),
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        let attachments = d
            .bid
            .attachments
            .iter()
            .map(|a| {
                let p = d.attachment_path(a);
                AttachmentView {
                    name: a.name.clone(),
                    size: std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0),
                    path: p.display().to_string(),
                    is_pdf: a.name.to_lowercase().ends_with(".pdf"),
                }
            })
            .collect();
        let sealed = self.sealed_of(d).await?;
        let outbox = match &sealed {
            Some(s) => self.store.outbox().await?.into_iter().rev().find(|o| o.sha256 == s.sha256).map(outbox_view),
            None => None,
        };
        let criteria = t
            .criteria()
            .iter()
            .map(|c| super::CriterionView {
                id: c.id.clone(),
                name: c.name.clone(),
                max_points: c.max_points.to_string(),
                kind: serde_json::to_value(c.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
            })
            .collect();
        Ok(BidView {
            tender_id: t.id.clone(),
            tender_title: t.title.clone(),
            draft_version: d.bid.tender_version,
            tender_version: current.version,
            deadline: current.deadline.unix(),
            criteria,
            lots,
            attachments,
            problems,
            sealed,
            outbox,
            legal_rep_id: d.bid.personnel.legal_rep_id.clone(),
            project_manager_id: d.bid.personnel.project_manager_id.clone(),
            consortium: d.bid.consortium.iter().map(|m| (m.uscc.to_string(), m.name.clone())).collect(),
        })
    }

    /// Sets the legal representative's and the project manager's identity numbers (an
    /// empty text clears one); a wrong number is refused and nothing changes.
    pub async fn bid_set_personnel(&self, tender: &str, legal_rep: &str, project_manager: &str) -> DeskResult<BidView> {
        let mut d = self.draft(tender).await?;
        d.set_personnel(Some(legal_rep), Some(project_manager))?;
        d.save()?;
        self.bid_view(&d).await
    }

    /// Replaces the consortium members (credit code and name each); a wrong code is refused
    /// and nothing changes. The members are signed into the submission.
    pub async fn bid_set_consortium(&self, tender: &str, members: Vec<(String, String)>) -> DeskResult<BidView> {
        let mut d = self.draft(tender).await?;
        let me = self.identity().await?.map(|i| i.uscc).unwrap_or_default();
        if members.iter().any(|(c, _)| c.trim() == me) {
            return Err(DeskError::new("consortium.member", "your own company leads the consortium; list the other members"));
        }
        d.set_consortium(&members)?;
        d.save()?;
        self.bid_view(&d).await
    }

    pub async fn bid(&self, tender: &str) -> DeskResult<BidView> {
        let d = self.draft(tender).await?;
        self.bid_view(&d).await
    }

    /// Moves a draft made against an older version onto the current one, keeping
    /// every price, response and attachment that still applies.
    pub async fn bid_update_to_current(&self, tender: &str) -> DeskResult<BidView> {
        let old = self.draft(tender).await?;
        let current = self.current_tender(tender).await?;
        if current.version == old.bid.tender_version {
            return self.bid_view(&old).await;
        }
        let dir = self.draft_dir(tender);
        let staging = dir.with_extension("updating");
        let _ = std::fs::remove_dir_all(&staging);
        let mut new = Draft::init(current, &staging)?;
        for l in &old.bid.lots {
            if new.tender.lot(&l.lot).is_some() {
                if let Some(p) = l.price {
                    new.set_price(&l.lot, &p.to_string())?;
                }
                if let Some(days) = l.duration_days {
                    new.set_duration(&l.lot, days)?;
                }
                if let Some(q) = &l.quality {
                    new.set_quality(&l.lot, q)?;
                }
            }
        }
        for r in &old.bid.responses {
            if new.respond(&r.lot, &r.item, &r.text).is_err() {
                continue;
            }
            for c in &r.criteria {
                let _ = new.link_criterion(&r.lot, &r.item, c);
            }
            for name in &r.attachments {
                if let Some(a) = old.bid.attachments.iter().find(|a| &a.name == name) {
                    new.attach(&old.attachment_path(a), Some(name), &r.lot, &r.item)?;
                }
            }
        }
        new.save()?;
        // Swap folders: the old draft is kept beside until the new one is in place.
        let previous = dir.with_extension(format!("v{}", old.bid.tender_version));
        let _ = std::fs::remove_dir_all(&previous);
        std::fs::rename(&dir, &previous)?;
        std::fs::rename(&staging, &dir)?;
        let d = Draft::load(&dir)?;
        self.bid_view(&d).await
    }

    pub async fn bid_set_price(&self, tender: &str, lot: &str, amount: &str) -> DeskResult<BidView> {
        let mut d = self.draft(tender).await?;
        if amount.trim().is_empty() {
            if let Some(l) = d.bid.lots.iter_mut().find(|l| l.lot == lot) {
                l.price = None;
            }
        } else {
            d.set_price(lot, amount)?;
        }
        d.save()?;
        self.bid_view(&d).await
    }

    pub async fn bid_set_terms(&self, tender: &str, lot: &str, duration_days: Option<u32>, quality: Option<String>) -> DeskResult<BidView> {
        let mut d = self.draft(tender).await?;
        match duration_days {
            Some(n) if n > 0 => d.set_duration(lot, n)?,
            _ => {
                if let Some(l) = d.bid.lots.iter_mut().find(|l| l.lot == lot) {
                    l.duration_days = None;
                }
            }
        }
        match quality.as_deref().map(str::trim) {
            Some(q) if !q.is_empty() => d.set_quality(lot, q)?,
            _ => {
                if let Some(l) = d.bid.lots.iter_mut().find(|l| l.lot == lot) {
                    l.quality = None;
                }
            }
        }
        d.save()?;
        self.bid_view(&d).await
    }

    pub async fn bid_respond(&self, tender: &str, lot: &str, item: &str, text: &str) -> DeskResult<BidView> {
        let mut d = self.draft(tender).await?;
        d.respond(lot, item, text)?;
        d.save()?;
        self.bid_view(&d).await
    }

    pub async fn bid_link(&self, tender: &str, lot: &str, item: &str, criterion: &str, linked: bool) -> DeskResult<BidView> {
        let mut d = self.draft(tender).await?;
        if d.tender.criteria().iter().all(|c| c.id != criterion) {
            return Err(DeskError::new("criterion.unknown", format!("the tender has no scoring criterion {criterion}")));
        }
        if linked {
            d.link_criterion(lot, item, criterion)?;
        } else if let Some(r) = d.bid.response_mut(lot, item) {
            r.criteria.retain(|c| c != criterion);
        }
        d.save()?;
        self.bid_view(&d).await
    }
}
