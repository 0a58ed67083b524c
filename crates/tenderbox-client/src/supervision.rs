//! What the supervision system (电子监管) checks with its own keys, never on the
//! server's word: the audit trail recomputed record by record and held against
//! every chain head the public log recorded; and the machine fingerprints of a
//! tender's opened bids, opened locally and compared across bidders.

use crate::api::{Api, ApiFailure};
use crate::logcheck::{self, LogAlarm};
use serde::Serialize;
use tenderbox_seal::identity::SecretIdentity;
use tenderbox_seal::package::{MachineComponent, SharedMachine, open_machine, shared_machines};
use tenderbox_wire::{AuditRecord, Event};

#[derive(Debug, Clone, Serialize)]
pub struct AuditReport {
    /// Records read and recomputed.
    pub records: usize,
    /// The chain head after the last record.
    pub head: String,
    /// Chain heads the log holds, each matched (the latest proved in the log).
    pub logged_heads: usize,
    /// The latest record a logged head covers; later ones are not logged yet
    /// (the server logs the head every minute).
    pub covered_through: Option<u64>,
    /// Size of the signed checkpoint the heads were proved in.
    pub log_size: u64,
    /// The last records, newest last, for a person to read.
    pub recent: Vec<AuditRecord>,
}

/// Reads the whole audit trail (as a logged-in supervisor or centre admin),
/// recomputes its hash chain, and checks it against every `audit.head` event of
/// the log, each proved included in a checkpoint signed by `verifier_key` that
/// extends `stored`. Any difference is an alarm naming the record.
pub async fn verify_audit(api: &Api, verifier_key: &str, stored: Option<&str>) -> Result<AuditReport, LogAlarm> {
    let mut records: Vec<AuditRecord> = Vec::new();
    loop {
        let after = records.last().map(|r| r.seq).unwrap_or(0);
        let page = api.audit_page(after).await?;
        let n = page.len();
        records.extend(page);
        if n < crate::endpoints::PAGE {
            break;
        }
    }
    let alarm = |why: String| LogAlarm::Api(ApiFailure::Refused("audit.chain", why));
    let head = AuditRecord::verify_chain(&records, "").map_err(|e| alarm(format!("ALARM: {e}")))?;
    if records.first().is_some_and(|r| r.seq != 1) {
        return Err(alarm(format!("ALARM: the audit trail starts at record {}, not 1: earlier records were removed", records[0].seq)));
    }
    // Every chain head the log recorded.
    let heads: Vec<Event> = api.events(None).await?.into_iter().filter(|e| e.kind == "audit.head").collect();
    // The chain is cumulative: the latest logged head, proved in the log, anchors
    // every record before it; the earlier heads are compared as well.
    let latest: Vec<Event> = heads.last().cloned().into_iter().collect();
    let log_size = logcheck::prove_events(api, verifier_key, stored, &latest, &Default::default()).await?.size;
    let mut covered = None;
    for e in &heads {
        let seq =
            e.body["seq"].as_u64().ok_or_else(|| alarm(format!("the logged audit head at index {} has no record number", e.index)))?;
        let chain = e.body["chain"].as_str().unwrap_or_default();
        let rec = records.iter().find(|r| r.seq == seq).ok_or_else(|| {
            alarm(format!("ALARM: the log recorded the audit chain through record {seq}, which the trail no longer holds"))
        })?;
        if rec.chain != chain {
            return Err(alarm(format!(
                "ALARM: audit record {seq} does not end the chain the log recorded at index {}: the trail was rewritten",
                e.index
            )));
        }
        covered = covered.max(Some(seq));
    }
    let recent = records.iter().rev().take(20).rev().cloned().collect();
    Ok(AuditReport { records: records.len(), head, logged_heads: heads.len(), covered_through: covered, log_size, recent })
}

#[derive(Debug, Clone, Serialize)]
pub struct MachineReport {
    pub tender: String,
    /// Opened bids and what their fingerprint holds (`sealed_to_others` when this
    /// supervisor is not among its recipients, `none` when the bid carries none).
    pub bids: Vec<MachineBid>,
    /// Bidders sharing a component: the collusion signals (实施条例 Art. 40).
    pub shared: Vec<SharedMachine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MachineBid {
    pub bidder_uscc: String,
    pub bidder_name: String,
    pub state: String,
    pub components: Vec<MachineComponent>,
}

/// Fetches the sealed machine fingerprints of a tender's opened bids (as a
/// logged-in supervisor whose identity id is `my_id`), opens them here with the
/// supervisor's key, and groups bidders that share a machine component.
pub async fn compare_machines(api: &Api, tender: &str, my_id: &str, me: &SecretIdentity) -> Result<MachineReport, ApiFailure> {
    let entries = api.machines(tender).await?;
    let mut bids = Vec::new();
    let mut opened = Vec::new();
    for e in entries {
        let (state, components) = match &e.machine {
            None => ("none".to_string(), vec![]),
            Some(m) if !m.recipients.iter().any(|r| r.id == my_id) => ("sealed_to_others".to_string(), vec![]),
            Some(m) => match open_machine(m, tender, &e.bidder_uscc, my_id, me) {
                Ok(c) => ("opened".to_string(), c),
                Err(err) => (format!("damaged: {err}"), vec![]),
            },
        };
        if !components.is_empty() {
            opened.push((e.bidder_uscc.clone(), components.clone()));
        }
        bids.push(MachineBid { bidder_uscc: e.bidder_uscc, bidder_name: e.bidder_name, state, components });
    }
    Ok(MachineReport { tender: tender.to_string(), bids, shared: shared_machines(&opened) })
}
