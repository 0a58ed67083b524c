//! The supervising department's desk (电子监管) and every party's complaints (投诉).
//!
//! A supervisor sees the tenders its department supervises (the comprehensive office sees
//! all) with the alerts and complaints waiting; per tender, the collusion alerts with their
//! evidence, the machine fingerprints opened here with its own key (they are sealed to
//! supervision, so the comparison happens on this computer) and raised as alerts, and the
//! signed decision on each alert. It accepts complaints or not, in writing, and decides
//! them, signed here. Any party files a complaint: the evidence files are staged in the
//! data folder (so a draft survives a restart), declared by hash in the signed complaint,
//! then uploaded.

use super::{Desk, DeskError, DeskResult};
use crate::files::write_atomic;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use tenderbox_core::complaint::{
    COMPLAINT_FORMAT, Complaint, ComplaintAcceptance, ComplaintDecision, ComplaintFile, MAX_FILE_BYTES, MAX_FILES,
};
use tenderbox_core::credit::day_of;
use tenderbox_wire::{CollusionAlert, ComplaintRecord};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SupervisedTenderView {
    pub id: String,
    pub title: String,
    pub centre: String,
    pub trading_type: String,
    pub department: String,
    pub status: String,
    pub deadline: String,
    pub opened: bool,
    pub bids: u32,
    pub alerts: u32,
    pub alerts_open: u32,
    pub complaints: u32,
    pub complaints_open: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SupervisionView {
    /// Empty: the comprehensive office (every trading type).
    pub departments: Vec<String>,
    pub tenders: Vec<SupervisedTenderView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AlertDecisionView {
    pub finding: String,
    pub reasons: String,
    pub decided_at: String,
    pub signer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AlertView {
    pub id: String,
    pub rule: String,
    /// (credit code, name) of each bidder the alert names.
    pub bidders: Vec<(String, String)>,
    pub evidence: String,
    /// Raised by a supervisor from its own app (the machine comparison), not computed.
    pub raised_by_supervisor: bool,
    pub raised_at: String,
    pub decision: Option<AlertDecisionView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MachineBidView {
    pub bidder: String,
    pub name: String,
    /// `opened`, `none`, `sealed_to_others`, or `damaged: …`.
    pub state: String,
    pub components: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SharedMachineView {
    pub kind: String,
    /// The first 16 hex digits of the keyed hash both bids carry.
    pub hash: String,
    pub bidders: Vec<String>,
    /// The alert raised for it, once raised.
    pub alert: Option<String>,
    /// A component many computers share (a CPU model): shown, not raised.
    pub weak: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MachinesView {
    pub bids: Vec<MachineBidView>,
    pub shared: Vec<SharedMachineView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ComplaintFileView {
    pub name: String,
    pub sha256: String,
    #[ts(type = "number")]
    pub size: u64,
    pub stored: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ComplaintView {
    pub id: String,
    pub tender: String,
    pub tender_title: String,
    pub department: String,
    pub complainant: String,
    pub complainant_name: String,
    pub respondent: String,
    pub step: String,
    pub known_on: String,
    pub facts: String,
    pub requests: String,
    pub received_at: String,
    pub last_filing_day: String,
    pub late: bool,
    /// `received`, `accepted`, `not_accepted`, `decided`.
    pub state: String,
    pub accept_by: String,
    pub decide_by: Option<String>,
    /// `accept` or `decide` when that limit passed with nothing decided.
    pub overdue: Option<String>,
    pub files: Vec<ComplaintFileView>,
    pub accepted: Option<bool>,
    pub acceptance_reasons: Option<String>,
    pub finding: Option<String>,
    pub decision_reasons: Option<String>,
    pub measures: Option<String>,
    pub decided_at: Option<String>,
}

/// What the complainant writes; the files come from the staging area of the tender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ComplaintForm {
    pub tender: String,
    pub respondent: String,
    pub step: String,
    pub known_on: String,
    pub facts: String,
    pub requests: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StagedFileView {
    pub name: String,
    #[ts(type = "number")]
    pub size: u64,
}

/// One centre's figures for the period (the total has centre `""`); amounts as decimal strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StatRowView {
    pub centre: String,
    pub tenders: u32,
    pub value: String,
    pub opened: u32,
    pub bids: u32,
    pub bidders_per_tender: Option<String>,
    pub awarded_lots: u32,
    pub awarded_value: String,
    pub savings: String,
    pub savings_rate: Option<String>,
    pub failed: u32,
    pub complaints: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StatisticsView {
    pub from: String,
    pub to: String,
    pub rows: Vec<StatRowView>,
}

/// One event of a tender's log as the supervisor's live view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FeedEventView {
    #[ts(type = "number")]
    pub index: u64,
    pub kind: String,
    pub at: String,
    /// The event's figures in a line (counts, seats, findings); never key material.
    pub detail: String,
}

/// One audit record found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditHitView {
    #[ts(type = "number")]
    pub seq: u64,
    pub at: String,
    pub identity: Option<String>,
    pub name: Option<String>,
    pub uscc: Option<String>,
    pub address: String,
    pub method: String,
    pub path: String,
    pub status: u16,
    pub tender: Option<String>,
}

/// The provincial push as the centre admin's screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExchangeView {
    /// The provincial endpoint; none: the push is not configured on this server.
    pub endpoint: Option<String>,
    #[ts(type = "number")]
    pub pending: u64,
    #[ts(type = "number")]
    pub failing: u64,
    #[ts(type = "number")]
    pub sent: u64,
    pub oldest_pending_at: Option<String>,
    pub next_attempt_at: Option<String>,
    pub last_sent_at: Option<String>,
    pub last_error: Option<String>,
    #[ts(type = "number | null")]
    pub gathered_to: Option<u64>,
    pub datasets: Vec<ExchangeDatasetView>,
    pub rows: Vec<ExchangeRowView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExchangeDatasetView {
    pub dataset: String,
    #[ts(type = "number")]
    pub pending: u64,
    #[ts(type = "number")]
    pub sent: u64,
}

/// One row of the push: `state` is `sent`, `failing` (an attempt failed) or `waiting`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExchangeRowView {
    #[ts(type = "number")]
    pub delivery: u64,
    pub dataset: String,
    pub tender: String,
    pub queued_at: String,
    #[ts(type = "number")]
    pub attempts: u64,
    pub state: String,
    pub sent_at: Option<String>,
    pub next_attempt_at: Option<String>,
    pub last_error: Option<String>,
}

fn exchange_view(st: tenderbox_wire::ExchangeStatus) -> ExchangeView {
    let b = |t: Option<tenderbox_core::time::Timestamp>| t.map(|t| t.to_beijing());
    ExchangeView {
        endpoint: st.endpoint,
        pending: st.pending,
        failing: st.failing,
        sent: st.sent,
        oldest_pending_at: b(st.oldest_pending_at),
        next_attempt_at: b(st.next_attempt_at),
        last_sent_at: b(st.last_sent_at),
        last_error: st.last_error,
        gathered_to: st.gathered_to,
        datasets: st.datasets.into_iter().map(|d| ExchangeDatasetView { dataset: d.dataset, pending: d.pending, sent: d.sent }).collect(),
        rows: st
            .recent
            .into_iter()
            .map(|r| ExchangeRowView {
                delivery: r.delivery,
                dataset: r.dataset,
                tender: r.tender,
                queued_at: r.queued_at.to_beijing(),
                attempts: r.attempts,
                state: if r.sent_at.is_some() {
                    "sent"
                } else if r.attempts > 0 {
                    "failing"
                } else {
                    "waiting"
                }
                .into(),
                sent_at: b(r.sent_at),
                next_attempt_at: b(r.next_attempt_at),
                last_error: r.last_error,
            })
            .collect(),
    }
}

pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    ExchangeView::export_all_to(dir)?;
    FeedEventView::export_all_to(dir)?;
    AuditHitView::export_all_to(dir)?;
    StatisticsView::export_all_to(dir)?;
    SupervisionView::export_all_to(dir)?;
    AlertView::export_all_to(dir)?;
    MachinesView::export_all_to(dir)?;
    ComplaintView::export_all_to(dir)?;
    ComplaintForm::export_all_to(dir)?;
    StagedFileView::export_all_to(dir)
}

fn complaint_view(c: ComplaintRecord) -> ComplaintView {
    let d = c.complaint.doc;
    ComplaintView {
        id: c.id,
        tender: c.tender,
        tender_title: c.tender_title,
        department: c.department,
        complainant: d.complainant,
        complainant_name: c.complainant_name,
        respondent: d.respondent,
        step: d.step,
        known_on: d.known_on,
        facts: d.facts,
        requests: d.requests,
        received_at: c.received_at.to_beijing(),
        last_filing_day: c.last_filing_day,
        late: c.late,
        state: c.state,
        accept_by: c.deadlines.accept_by,
        decide_by: c.deadlines.decide_by,
        overdue: c.deadlines.overdue,
        files: c.files.into_iter().map(|f| ComplaintFileView { name: f.name, sha256: f.sha256, size: f.size, stored: f.stored }).collect(),
        accepted: c.acceptance.as_ref().map(|a| a.doc.accepted),
        acceptance_reasons: c.acceptance.map(|a| a.doc.reasons),
        finding: c.decision.as_ref().map(|x| x.doc.finding.clone()),
        decision_reasons: c.decision.as_ref().map(|x| x.doc.reasons.clone()),
        measures: c.decision.as_ref().map(|x| x.doc.measures.clone()).filter(|m| !m.is_empty()),
        decided_at: c.decision.map(|x| x.doc.decided_at.to_beijing()),
    }
}

fn alert_view(a: CollusionAlert, names: &[(String, String)]) -> AlertView {
    let name = |u: &str| names.iter().find(|n| n.0 == u).map(|n| n.1.clone()).unwrap_or_default();
    AlertView {
        bidders: a.bidders.iter().map(|u| (u.clone(), name(u))).collect(),
        id: a.id,
        rule: a.rule,
        evidence: a.evidence,
        raised_by_supervisor: a.raised_by.is_some(),
        raised_at: a.raised_at.to_beijing(),
        decision: a.decision.map(|d| AlertDecisionView {
            finding: d.doc.finding,
            reasons: d.doc.reasons,
            decided_at: d.doc.decided_at.to_beijing(),
            signer: d.signer,
        }),
    }
}

/// The scalar fields of an event body in one line (`bids 3 · seat 2 · finding no_collusion`);
/// signatures, keys and long texts are left out.
fn feed_detail(body: &serde_json::Value) -> String {
    let Some(map) = body.as_object() else { return String::new() };
    map.iter()
        .filter(|(k, _)| !matches!(k.as_str(), "signature" | "key" | "share" | "partial" | "proof" | "commitment" | "chain"))
        .filter_map(|(k, v)| match v {
            serde_json::Value::Number(n) => Some(format!("{k} {n}")),
            serde_json::Value::Bool(b) => Some(format!("{k} {b}")),
            serde_json::Value::String(s) if s.chars().count() <= 32 => Some(format!("{k} {s}")),
            _ => None,
        })
        .take(6)
        .collect::<Vec<_>>()
        .join(" · ")
}

impl Desk {
    /// The tenders this supervisor's department supervises.
    pub async fn supervision(&self) -> DeskResult<SupervisionView> {
        let o = self.session_api().await?.supervision_overview().await?;
        Ok(SupervisionView {
            departments: o.departments,
            tenders: o
                .tenders
                .into_iter()
                .map(|t| SupervisedTenderView {
                    id: t.id,
                    title: t.title,
                    centre: t.centre,
                    trading_type: t.trading_type,
                    department: t.department,
                    status: t.status,
                    deadline: t.deadline.to_beijing(),
                    opened: t.opened,
                    bids: t.bids,
                    alerts: t.alerts,
                    alerts_open: t.alerts_open,
                    complaints: t.complaints,
                    complaints_open: t.complaints_open,
                })
                .collect(),
        })
    }

    async fn bidder_names(&self, tender: &str) -> DeskResult<Vec<(String, String)>> {
        let entries = self.session_api().await?.machines(tender).await?;
        Ok(entries.into_iter().map(|e| (e.bidder_uscc, e.bidder_name)).collect())
    }

    /// A tender's log as it grows (public events and this identity's own), newest first.
    pub async fn tender_feed(&self, tender: &str) -> DeskResult<Vec<FeedEventView>> {
        let mut list = self.session_api().await?.events(Some(tender)).await?;
        list.reverse();
        Ok(list
            .into_iter()
            .take(200)
            .map(|e| FeedEventView { index: e.index, kind: e.kind, at: e.at.to_beijing(), detail: feed_detail(&e.body) })
            .collect())
    }

    /// The audit trail searched by identity (id or credit code), tender, address and time.
    pub async fn audit_search(&self, identity: &str, tender: &str, address: &str, from: &str, to: &str) -> DeskResult<Vec<AuditHitView>> {
        let hits = self
            .session_api()
            .await?
            .audit_search(&[("identity", identity), ("tender", tender), ("address", address), ("from", from), ("to", to), ("limit", "500")])
            .await?;
        Ok(hits
            .into_iter()
            .map(|h| AuditHitView {
                seq: h.record.seq,
                at: h.record.at.to_beijing(),
                identity: h.record.identity_id,
                name: h.identity_name,
                uscc: h.identity_uscc,
                address: h.record.remote,
                method: h.record.method,
                path: h.record.path,
                status: h.record.status,
                tender: h.tender,
            })
            .collect())
    }

    /// Trading statistics per centre for the tenders published from `from` to `to`.
    pub async fn statistics(&self, from: &str, to: &str) -> DeskResult<StatisticsView> {
        let st = self.session_api().await?.statistics(from.trim(), to.trim()).await?;
        let opt = |d: Option<tenderbox_core::Decimal>| d.map(|d| d.to_string());
        Ok(StatisticsView {
            from: st.from,
            to: st.to,
            rows: st
                .rows
                .into_iter()
                .map(|r| StatRowView {
                    centre: r.centre,
                    tenders: r.tenders,
                    value: r.value.to_string(),
                    opened: r.opened,
                    bids: r.bids,
                    bidders_per_tender: opt(r.bidders_per_tender),
                    awarded_lots: r.awarded_lots,
                    awarded_value: r.awarded_value.to_string(),
                    savings: r.savings.to_string(),
                    savings_rate: opt(r.savings_rate),
                    failed: r.failed,
                    complaints: r.complaints,
                })
                .collect(),
        })
    }

    /// Where the push of the national data sets to the provincial platform stands.
    pub async fn exchange(&self) -> DeskResult<ExchangeView> {
        Ok(exchange_view(self.session_api().await?.exchange_status().await?))
    }

    /// Sends the push's waiting rows now (centre admin, once the receiver is back).
    pub async fn exchange_retry(&self) -> DeskResult<ExchangeView> {
        Ok(exchange_view(self.session_api().await?.exchange_retry().await?))
    }

    /// Writes the period's statistics as CSV under the data folder's `exports/`; returns the path.
    pub async fn statistics_export(&self, from: &str, to: &str) -> DeskResult<String> {
        let csv = self.session_api().await?.statistics_csv(from.trim(), to.trim()).await?;
        let path = self.home().join("exports").join(format!("交易统计-{}-{}.csv", from.trim(), to.trim()));
        std::fs::create_dir_all(path.parent().expect("a folder"))?;
        write_atomic(&path, csv.as_bytes(), false)?;
        Ok(path.display().to_string())
    }

    /// A tender's collusion alerts (computed on the first reading after its opening).
    pub async fn alerts(&self, tender: &str) -> DeskResult<Vec<AlertView>> {
        let list = self.session_api().await?.collusion_alerts(tender).await?;
        let names = self.bidder_names(tender).await?;
        Ok(list.into_iter().map(|a| alert_view(a, &names)).collect())
    }

    /// Opens the tender's sealed machine fingerprints with this supervisor's key, here, and
    /// lists the components two bidders share, with the alert raised for each.
    pub async fn machines(&self, tender: &str) -> DeskResult<MachinesView> {
        let api = self.session_api().await?;
        let me = self.identity().await?.ok_or_else(|| DeskError::new("identity.none", "no identity on this computer"))?.id;
        let secret = self.signer().await?;
        let report = crate::supervision::compare_machines(&api, tender, &me, &secret).await?;
        let alerts = api.collusion_alerts(tender).await?;
        Ok(MachinesView {
            bids: report
                .bids
                .into_iter()
                .map(|b| MachineBidView {
                    bidder: b.bidder_uscc,
                    name: b.bidder_name,
                    state: b.state,
                    components: b.components.len() as u32,
                })
                .collect(),
            shared: report
                .shared
                .into_iter()
                .map(|g| {
                    let prefix = &g.hash[..g.hash.len().min(16)];
                    let alert = alerts.iter().find(|a| a.raised_by.is_some() && a.evidence.contains(prefix));
                    SharedMachineView {
                        weak: !tenderbox_core::collusion::identifies(&g.kind),
                        kind: g.kind,
                        hash: g.hash[..g.hash.len().min(16)].to_string(),
                        bidders: g.bidders,
                        alert: alert.map(|a| a.id.clone()),
                    }
                })
                .collect(),
        })
    }

    /// Raises every shared machine component not raised yet as a same-machine alert.
    pub async fn raise_machine_alerts(&self, tender: &str) -> DeskResult<Vec<AlertView>> {
        let api = self.session_api().await?;
        let me = self.identity().await?.ok_or_else(|| DeskError::new("identity.none", "no identity on this computer"))?.id;
        let report = crate::supervision::compare_machines(&api, tender, &me, &*self.signer().await?).await?;
        let alerts = api.collusion_alerts(tender).await?;
        let shared: Vec<(String, String, Vec<String>)> =
            report.shared.iter().map(|g| (g.kind.clone(), g.hash.clone(), g.bidders.clone())).collect();
        for a in tenderbox_core::collusion::sealed_alerts(&shared) {
            if alerts.iter().any(|x| x.rule == a.rule && x.evidence == a.evidence) {
                continue;
            }
            api.raise_alert(tender, &tenderbox_wire::RaiseAlert { rule: a.rule, bidders: a.bidders, evidence: a.evidence }).await?;
        }
        self.alerts(tender).await
    }

    /// Records the decision on an alert, signed here.
    pub async fn decide_alert(&self, tender: &str, alert: &str, finding: &str, reasons: &str) -> DeskResult<Vec<AlertView>> {
        if !tenderbox_core::collusion::FINDINGS.contains(&finding) || reasons.trim().is_empty() {
            return Err(DeskError::new("alert.decision", "choose a finding and write the reasons"));
        }
        let doc = tenderbox_core::collusion::AlertDecision {
            format: 1,
            alert: alert.into(),
            finding: finding.into(),
            reasons: reasons.trim().into(),
            decided_at: self.server_now().await,
        };
        let signed = self.signed_by_me(doc).await?;
        self.session_api().await?.decide_alert(alert, &signed).await?;
        self.alerts(tender).await
    }

    /// The complaints this identity may read: a supervisor's department's, everyone else
    /// its company's own.
    pub async fn complaints(&self, tender: &str, open_only: bool) -> DeskResult<Vec<ComplaintView>> {
        let t = Some(tender.trim()).filter(|t| !t.is_empty());
        Ok(self.session_api().await?.complaints(t, open_only).await?.into_iter().map(complaint_view).collect())
    }

    /// Accepts a complaint or not, signed here, with the reasons.
    pub async fn complaint_accept(&self, id: &str, accepted: bool, reasons: &str) -> DeskResult<ComplaintView> {
        if reasons.trim().is_empty() {
            return Err(DeskError::new("complaint.acceptance", "write the reasons of the acceptance decision"));
        }
        let doc = ComplaintAcceptance {
            format: COMPLAINT_FORMAT,
            complaint: id.into(),
            accepted,
            reasons: reasons.trim().into(),
            decided_at: self.server_now().await,
        };
        let signed = self.signed_by_me(doc).await?;
        Ok(complaint_view(self.session_api().await?.accept_complaint(id, &signed).await?))
    }

    /// Decides an accepted complaint, signed here; the decision is published.
    pub async fn complaint_decide(&self, id: &str, finding: &str, reasons: &str, measures: &str) -> DeskResult<ComplaintView> {
        let doc = ComplaintDecision {
            format: COMPLAINT_FORMAT,
            complaint: id.into(),
            finding: finding.into(),
            reasons: reasons.trim().into(),
            measures: measures.trim().into(),
            decided_at: self.server_now().await,
        };
        let signed = self.signed_by_me(doc).await?;
        Ok(complaint_view(self.session_api().await?.decide_complaint(id, &signed).await?))
    }

    /// One evidence file's bytes, checked against the hash the complaint declared.
    pub async fn complaint_file_bytes(&self, id: &str, sha256: &str) -> DeskResult<Vec<u8>> {
        let bytes = self.session_api().await?.complaint_file(id, sha256).await?;
        if hex::encode(tenderbox_core::sha256(&bytes)) != sha256 {
            return Err(DeskError::new("file.hash_mismatch", "the server sent a file that is not the one the complaint declared"));
        }
        Ok(bytes)
    }

    fn complaint_staging(&self, tender: &str) -> DeskResult<PathBuf> {
        if tenderbox_core::problem::attachment_name_problem(tender).is_some() || tender.contains('/') {
            return Err(DeskError::new("complaint.field", format!("'{tender}' is not a tender number")));
        }
        Ok(self.home().join("complaints").join(tender))
    }

    /// The evidence files staged for a complaint about `tender`.
    pub fn complaint_staged(&self, tender: &str) -> DeskResult<Vec<StagedFileView>> {
        let dir = self.complaint_staging(tender)?;
        let mut out = Vec::new();
        if let Ok(rd) = std::fs::read_dir(&dir) {
            for e in rd.flatten() {
                let name = e.file_name().to_string_lossy().to_string();
                if name.starts_with('.') {
                    continue;
                }
                out.push(StagedFileView { name, size: e.metadata()?.len() });
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// Stages one evidence file (kept in the data folder until the complaint is filed).
    pub fn complaint_stage(&self, tender: &str, name: &str, bytes: &[u8]) -> DeskResult<Vec<StagedFileView>> {
        if let Some(why) = tenderbox_core::problem::attachment_name_problem(name) {
            return Err(DeskError::new("complaint.file", format!("'{name}' cannot be used as a file name: {why}")));
        }
        if name.contains('/') {
            return Err(DeskError::new("complaint.file", format!("'{name}' cannot be used as a file name")));
        }
        if bytes.is_empty() || bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(DeskError::new("complaint.file", format!("'{name}' must hold 1 byte to {} MiB", MAX_FILE_BYTES >> 20)));
        }
        let staged = self.complaint_staged(tender)?;
        if staged.len() >= MAX_FILES && !staged.iter().any(|f| f.name == name) {
            return Err(DeskError::new("complaint.file", format!("a complaint carries at most {MAX_FILES} files")));
        }
        let dir = self.complaint_staging(tender)?;
        std::fs::create_dir_all(&dir)?;
        write_atomic(&dir.join(name), bytes, true)?;
        self.complaint_staged(tender)
    }

    /// [`Desk::complaint_stage`] from a raw IPC request: `tender` and `name` as
    /// percent-encoded headers, the file's bytes as the body.
    pub fn complaint_stage_ipc(
        &self,
        header: &(dyn Fn(&str) -> Option<String> + Sync),
        body: Option<Vec<u8>>,
    ) -> DeskResult<Vec<StagedFileView>> {
        let get = |k: &str| super::attachments::ipc_header(header, k);
        let bytes = body.ok_or_else(|| DeskError::new("ipc.body", "send the file's bytes as the raw body"))?;
        self.complaint_stage(&get("tender")?, &get("name")?, &bytes)
    }

    pub fn complaint_unstage(&self, tender: &str, name: &str) -> DeskResult<Vec<StagedFileView>> {
        if tenderbox_core::problem::attachment_name_problem(name).is_none() && !name.contains('/') {
            let _ = std::fs::remove_file(self.complaint_staging(tender)?.join(name));
        }
        self.complaint_staged(tender)
    }

    /// Files the complaint: signed here over the form and the staged files' hashes, then
    /// each file uploaded; the staging area is cleared once everything arrived.
    pub async fn complaint_file(&self, form: ComplaintForm) -> DeskResult<ComplaintView> {
        let me = self.identity().await?.ok_or_else(|| DeskError::new("identity.none", "no identity on this computer"))?;
        let dir = self.complaint_staging(form.tender.trim())?;
        let mut files = Vec::new();
        let mut contents = Vec::new();
        for f in self.complaint_staged(form.tender.trim())? {
            let bytes = std::fs::read(dir.join(&f.name))?;
            let sha = hex::encode(tenderbox_core::sha256(&bytes));
            files.push(ComplaintFile { name: f.name, sha256: sha.clone(), size: bytes.len() as u64 });
            contents.push((sha, bytes));
        }
        let now = self.server_now().await;
        let doc = Complaint {
            format: COMPLAINT_FORMAT,
            tender: form.tender.trim().into(),
            complainant: me.uscc.clone(),
            respondent: form.respondent.trim().into(),
            step: form.step,
            known_on: form.known_on.trim().into(),
            facts: form.facts.trim().into(),
            requests: form.requests.trim().into(),
            files,
            filed_at: now,
        };
        if let Some(p) = doc.problems(&day_of(now)).first() {
            return Err(DeskError::new(if p.code == "complaint.file" { "complaint.file" } else { "complaint.field" }, p.to_string()));
        }
        let signed = self.signed_by_me(doc).await?;
        let api = self.session_api().await?;
        let filed = api.file_complaint(&signed).await?;
        for (sha, bytes) in contents {
            api.put_complaint_file(&filed.id, &sha, bytes).await?;
        }
        let _ = std::fs::remove_dir_all(&dir);
        Ok(complaint_view(api.complaint(&filed.id).await?))
    }
}
