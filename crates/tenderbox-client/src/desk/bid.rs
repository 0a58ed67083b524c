//! The bid editor, finalising (固化) and sealing, the outbox and receipts, as the
//! desktop app uses them. Drafts are the same folders the CLI edits
//! (`docs/draft-format.md`), one per tender in `<data>/drafts/`; every change is
//! saved at once (atomic write), so closing the app at any moment loses nothing.

use super::{Desk, DeskError, DeskResult};
use crate::draft::{Draft, DraftError};
use crate::sealing::{SealOptions, seal_draft};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tenderbox_core::tender::{ResponseKind, TenderDocument};
use tenderbox_seal::SystemEntropy;
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
pub struct OutboxView {
    #[ts(type = "number")]
    pub id: i64,
    pub tender: String,
    pub sha256: String,
    #[ts(type = "number")]
    pub size: u64,
    #[ts(type = "number")]
    pub sent: u64,
    /// `queued`, `sending`, `paused`, `sent`, `failed`.
    pub state: String,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReceiptView {
    pub tender: String,
    pub tender_title: Option<String>,
    pub sha256: String,
    #[ts(type = "number")]
    pub size: u64,
    /// The server's time of receipt (unix seconds).
    #[ts(type = "number")]
    pub server_time: i64,
    #[ts(type = "number")]
    pub log_index: u64,
    pub bidder_uscc: String,
    /// Checked just now against the pinned log key and this computer's own view
    /// of the log: signature, and the leaf's inclusion in a checkpoint this
    /// computer verified (consistent with every one it stored).
    pub verified: bool,
    /// Signed correctly, but not yet anchored in this computer's view: the next
    /// sync checks it (the log must show it, or that is an alarm).
    pub pending: bool,
    /// Size of the verified checkpoint the receipt is anchored in.
    #[ts(type = "number | null")]
    pub anchored_in: Option<u64>,
    pub problem: Option<String>,
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
}

/// Writes the bindings of the bid editor's views.
pub fn export_bindings(dir: &Path) -> Result<(), ts_rs::ExportError> {
    BidView::export_all_to(dir)?;
    ReceiptView::export_all_to(dir)?;
    OutboxView::export_all_to(dir)?;
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
    fn draft_dir(&self, tender: &str) -> PathBuf {
        self.home.join("drafts").join(crate::keystore::file_stem(tender))
    }

    fn sealed_dir(&self) -> PathBuf {
        self.home.join("sealed")
    }

    async fn current_tender(&self, id: &str) -> DeskResult<TenderDocument> {
        Ok(self
            .store
            .tender(id)
            .await?
            .ok_or_else(|| DeskError::new("tender.not_found", format!("no tender {id} here yet; sync first")))?
            .record
            .document)
    }

    /// The draft of a tender, created from the verified cached tender on first use.
    async fn draft(&self, tender: &str) -> DeskResult<Draft> {
        let dir = self.draft_dir(tender);
        if dir.join(crate::draft::DRAFT_FILE).is_file() {
            return Ok(Draft::load(&dir)?);
        }
        let t = self.current_tender(tender).await?;
        Ok(Draft::init(t, &dir)?)
    }

    async fn bid_view(&self, d: &Draft) -> DeskResult<BidView> {
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
        })
    }

    /// The sealed file recorded for this draft, when the draft has not changed since.
    async fn sealed_of(&self, d: &Draft) -> DeskResult<Option<SealedView>> {
        let Some(raw) = self.store.meta(&format!("sealed:{}", d.bid.tender_id)).await? else { return Ok(None) };
        let s: SealedRecord = serde_json::from_str(&raw).map_err(|e| DeskError::new("store.corrupt", e.to_string()))?;
        let draft_now = draft_fingerprint(d);
        if s.draft != draft_now || !Path::new(&s.view.file).is_file() {
            return Ok(None);
        }
        Ok(Some(s.view))
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

    /// Copies a file into the draft (atomically) and attaches it to an item.
    pub async fn bid_attach(&self, tender: &str, lot: &str, item: &str, file: &str, name: Option<String>) -> DeskResult<BidView> {
        let mut d = self.draft(tender).await?;
        if !Path::new(file).is_file() {
            return Err(DeskError::new("attachment.not_a_file", format!("{file} is not a file")));
        }
        let (lot, item, file) = (lot.to_string(), item.to_string(), file.to_string());
        // Copying a large drawing set must not hold up the async runtime.
        let d = tokio::task::spawn_blocking(move || -> DeskResult<Draft> {
            d.attach(Path::new(&file), name.as_deref(), &lot, &item)?;
            d.save()?;
            Ok(d)
        })
        .await
        .map_err(|e| DeskError::new("attachment.copy", e.to_string()))??;
        self.bid_view(&d).await
    }

    /// Attaches content the window read from a file chooser (no path is exposed
    /// to a web page): staged in the data folder, then attached like a file.
    pub async fn bid_attach_bytes(&self, tender: &str, lot: &str, item: &str, name: &str, bytes: Vec<u8>) -> DeskResult<BidView> {
        if let Some(why) = tenderbox_core::problem::attachment_name_problem(name) {
            return Err(DraftError::BadName(name.to_string(), why).into());
        }
        let staging = self.home.join("tmp");
        std::fs::create_dir_all(&staging)?;
        let tmp = staging.join(format!("upload-{}-{}", std::process::id(), self.now().unix()));
        crate::files::write_atomic(&tmp, &bytes, false)?;
        let r = self.bid_attach(tender, lot, item, &tmp.display().to_string(), Some(name.to_string())).await;
        let _ = std::fs::remove_file(&tmp);
        r
    }

    /// Removes an attachment from an item; the file goes when no item uses it.
    pub async fn bid_detach(&self, tender: &str, lot: &str, item: &str, name: &str) -> DeskResult<BidView> {
        let mut d = self.draft(tender).await?;
        if let Some(r) = d.bid.response_mut(lot, item) {
            r.attachments.retain(|a| a != name);
        }
        if !d.bid.responses.iter().any(|r| r.attachments.iter().any(|a| a == name))
            && let Some(pos) = d.bid.attachments.iter().position(|a| a.name == name)
        {
            let a = d.bid.attachments.remove(pos);
            d.save()?;
            let _ = std::fs::remove_file(d.attachment_path(&a));
        }
        d.save()?;
        self.bid_view(&d).await
    }

    /// The bytes of a draft attachment (the PDF preview).
    pub async fn bid_attachment_bytes(&self, tender: &str, name: &str) -> DeskResult<Vec<u8>> {
        let d = self.draft(tender).await?;
        let a = d
            .bid
            .attachments
            .iter()
            .find(|a| a.name == name)
            .ok_or_else(|| DeskError::new("attachment.unknown", format!("the draft has no attachment {name}")))?;
        Ok(tokio::fs::read(d.attachment_path(a)).await?)
    }

    /// Finalises (固化) and seals the draft: refused while anything is missing;
    /// `progress(done, total)` in bytes. The sealed file is written atomically.
    pub async fn bid_seal(self: &Arc<Self>, tender: &str, progress: Arc<dyn Fn(u64, u64) + Send + Sync>) -> DeskResult<BidView> {
        let d = self.draft(tender).await?;
        let view = self.bid_view(&d).await?;
        if let Some(p) = view.problems.first() {
            return Err(DeskError::new(
                "bid.incomplete",
                format!("{} item(s) still block finalising; first: {}", view.problems.len(), p.message),
            ));
        }
        let name = self.settings().await.identity.ok_or_else(|| DeskError::new("identity.none", "create an identity first"))?;
        let ks = self.keystore().await?;
        let now = self.now();
        let out = self.sealed_dir().join(format!("{}-v{}-{}.tbx", crate::keystore::file_stem(tender), d.bid.tender_version, now.unix()));
        std::fs::create_dir_all(self.sealed_dir())?;
        let fingerprint = draft_fingerprint(&d);
        let options = SealOptions { supervisors: self.supervisors_for(tender).await?, ..Default::default() };
        let (sealed, d) = tokio::task::spawn_blocking(move || -> DeskResult<_> {
            let (public, secret) = ks.load(&name)?;
            let mut last = 0u64;
            let sealed = seal_draft(&d, options, (&public, &secret), &out, now, &SystemEntropy::new(), &mut |done, total| {
                // At most ~200 updates to the window.
                if done == total || done - last >= (total / 200).max(1 << 20) {
                    last = done;
                    progress(done, total);
                }
            })?;
            Ok((sealed, d))
        })
        .await
        .map_err(|e| DeskError::new("bid.seal", e.to_string()))??;
        let (size, sha256) = (sealed.size, sealed.sha256.clone());
        let record = SealedRecord {
            draft: fingerprint,
            view: SealedView {
                file: sealed.path.display().to_string(),
                sha256,
                size,
                sealed_at: now.unix(),
                tender_version: d.bid.tender_version,
            },
        };
        self.store.set_meta(&format!("sealed:{tender}"), &serde_json::to_string(&record).expect("serialisable")).await?;
        self.bid_view(&d).await
    }

    /// Queues the sealed bid for sending; the background loop sends it (now, or
    /// when the network returns).
    pub async fn bid_submit(&self, tender: &str) -> DeskResult<BidView> {
        let d = self.draft(tender).await?;
        let s =
            self.sealed_of(&d).await?.ok_or_else(|| DeskError::new("bid.not_sealed", "finalise and seal the bid before submitting it"))?;
        if s.tender_version != self.current_tender(tender).await?.version {
            return Err(DeskError::new("tender.amended", "the tender was amended after sealing; update the draft and seal again"));
        }
        self.store.enqueue(tender, &s.file, &s.sha256, s.size, self.now()).await?;
        self.bid_view(&d).await
    }

    pub async fn outbox(&self) -> DeskResult<Vec<OutboxView>> {
        Ok(self.store.outbox().await?.into_iter().map(outbox_view).collect())
    }

    /// Pauses an upload: the transfer stops now; the server keeps what it has.
    pub async fn outbox_pause(&self, id: i64) -> DeskResult<Vec<OutboxView>> {
        {
            let mut sending = self.sending.lock().await;
            if let Some((_, handle)) = sending.as_ref().filter(|(sid, _)| *sid == id) {
                handle.abort();
                *sending = None;
            }
        }
        self.set_outbox_state(id, "paused").await
    }

    /// Resumes a paused or failed upload from where the server stopped.
    pub async fn outbox_resume(&self, id: i64) -> DeskResult<Vec<OutboxView>> {
        self.set_outbox_state(id, "queued").await
    }

    /// Moves an outbox item that is not sent yet to `state`.
    async fn set_outbox_state(&self, id: i64, state: &str) -> DeskResult<Vec<OutboxView>> {
        let item = self
            .store
            .outbox_get(id)
            .await?
            .ok_or_else(|| DeskError::new("outbox.missing", format!("nothing in the outbox has id {id}")))?;
        if item.state != "sent" {
            self.store.outbox_update(id, state, None, None, None, self.now()).await?;
        }
        self.outbox().await
    }

    /// The supervision system's recipients for a tender's machine fingerprint:
    /// the certificates its verified record carries, checked against the pinned key.
    async fn supervisors_for(&self, tender: &str) -> DeskResult<Vec<tenderbox_seal::package::Supervisor>> {
        let Some(t) = self.store.tender(tender).await? else { return Ok(vec![]) };
        let key = self
            .store
            .meta(crate::sync::META_LOG_KEY)
            .await?
            .ok_or_else(|| DeskError::new("log.unpinned", "the platform's log key is not confirmed yet"))?;
        let pk = tenderbox_wire::verifier_public_key(&key).map_err(|e| DeskError::new("log.key", e))?;
        t.record.supervisors(&pk).map_err(|e| DeskError::new("tender.supervision", e))
    }

    /// Every stored receipt, each checked again against the pinned log key and
    /// this computer's stored view of the log: verified once its leaf is proved
    /// in a checkpoint this computer verified; pending until the next sync does so.
    pub async fn receipts(&self) -> DeskResult<Vec<ReceiptView>> {
        let key = self.store.meta(crate::sync::META_LOG_KEY).await?;
        let mut out = Vec::new();
        for (r, anchor) in self.store.receipts_anchored().await? {
            let (anchored_in, pending, problem) = match (&key, &anchor) {
                (None, _) => (None, false, Some("no log key is pinned for this server yet".to_string())),
                (Some(_), Err(why)) => (None, false, Some(why.clone())),
                (Some(k), Ok(Some(a))) => match crate::logcheck::check_anchor(k, &r, a) {
                    Ok(size) => (Some(size), false, None),
                    Err(e) => (None, false, Some(e)),
                },
                (Some(k), Ok(None)) => match r.verify(k) {
                    Ok(()) => (None, true, None),
                    Err(e) => (None, false, Some(e)),
                },
            };
            let title = self.store.tender(&r.body.tender).await?.map(|t| t.record.summary.title);
            out.push(ReceiptView {
                tender: r.body.tender.clone(),
                tender_title: title,
                sha256: r.body.sha256.clone(),
                size: r.body.size,
                server_time: r.body.server_time.unix(),
                log_index: r.body.log_index,
                bidder_uscc: r.body.bidder_uscc.clone(),
                verified: anchored_in.is_some(),
                pending,
                anchored_in,
                problem,
            });
        }
        Ok(out)
    }

    /// Writes a receipt (JSON, with its checkpoint and proof) to `path`, atomically.
    pub async fn receipt_export(&self, sha256: &str, path: &str) -> DeskResult<String> {
        let r = self
            .store
            .receipts()
            .await?
            .into_iter()
            .find(|r| r.body.sha256 == sha256)
            .ok_or_else(|| DeskError::new("receipt.unknown", format!("no receipt for {sha256}")))?;
        let p = PathBuf::from(path);
        crate::files::write_atomic(&p, &serde_json::to_vec_pretty(&r).expect("serialisable"), false)?;
        Ok(p.display().to_string())
    }
}

/// What was sealed, and of which draft state.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct SealedRecord {
    draft: String,
    view: SealedView,
}

/// A digest of the draft's content (its JSON and every attachment's size and
/// modification time): a seal is current only while this is unchanged.
fn draft_fingerprint(d: &Draft) -> String {
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    ctx.update(&serde_json::to_vec(&d.bid).expect("serialisable"));
    for a in &d.bid.attachments {
        let m = std::fs::metadata(d.attachment_path(a)).ok();
        let stamp = m.as_ref().and_then(|m| m.modified().ok()).and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        ctx.update(format!("{}|{:?}|{:?}", a.name, m.map(|m| m.len()), stamp).as_bytes());
    }
    hex::encode(ctx.finish())
}

fn outbox_view(o: crate::store::OutboxItem) -> OutboxView {
    OutboxView { id: o.id, tender: o.tender_id, sha256: o.sha256, size: o.size, sent: o.sent, state: o.state, error: o.error }
}
