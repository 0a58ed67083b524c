//! Re-checking an expert draw from public data alone (docs/spec/draw-v1.md §6): the
//! revealed record against the draw's events, each proved a leaf of the signed log, and
//! each round's checkpoint proved to be the log's real root at that size. Every step is
//! reported with what it compared, so an auditor reads where a draw stops matching.

use crate::api::Api;
use crate::logcheck::{self, LogAlarm};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use tenderbox_seal::checkpoint::Checkpoint;
use tenderbox_seal::draw::{self, Candidate};
use tenderbox_wire::{DrawRecord, Event};

/// One step of the check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DrawVerification {
    pub draw: String,
    pub ok: bool,
    pub steps: Vec<Step>,
}

struct Steps(Vec<Step>);

impl Steps {
    fn check(&mut self, name: impl Into<String>, ok: bool, detail: impl Into<String>) -> bool {
        self.0.push(Step { name: name.into(), ok, detail: detail.into() });
        ok
    }
}

fn hex32(s: &str) -> Option<[u8; 32]> {
    hex::decode(s).ok()?.try_into().ok()
}

fn body_str<'a>(e: &'a Event, key: &str) -> &'a str {
    e.body.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn body_u64(e: &Event, key: &str) -> Option<u64> {
    e.body.get(key).and_then(Value::as_u64)
}

/// Checks the revealed `rec` against `events` (the draw's events, already proved in the
/// log) and `roots` (the log's proved root at each size). Pure: every input is given.
pub fn check(rec: &DrawRecord, events: &[Event], roots: &HashMap<u64, [u8; 32]>) -> Vec<Step> {
    let mut s = Steps(Vec::new());
    let Some(reveal) = &rec.reveal else {
        s.check("reveal", false, format!("draw {} is not revealed yet: its secret and pools are still confidential", rec.id));
        return s.0;
    };
    let find = |index: u64| events.iter().find(|e| e.index == index);
    let Some(secret) = hex32(&reveal.secret) else {
        s.check("reveal", false, "the revealed secret is not 32 bytes of hex");
        return s.0;
    };
    match events.iter().find(|e| e.kind == "draw.revealed") {
        Some(e) => s.check(
            "reveal",
            body_str(e, "secret") == reveal.secret && e.index == reveal.log_index,
            format!("the secret published at log index {} is the one in the record", e.index),
        ),
        None => s.check("reveal", false, "the log has no draw.revealed event for this draw"),
    };

    // 1. The commitment, logged before anything else was known.
    let committed = find(rec.commit_index).filter(|e| e.kind == "draw.committed");
    let recomputed = hex::encode(draw::commitment(&rec.id, &secret));
    s.check(
        "commitment",
        committed.is_some_and(|e| body_str(e, "commitment") == rec.commitment) && recomputed == rec.commitment,
        format!(
            "SHA-256 of the draw id and the revealed secret = {recomputed}; logged at index {}: {}",
            rec.commit_index,
            committed.map(|e| body_str(e, "commitment")).unwrap_or("(missing)")
        ),
    );

    // 2. The supervisor's entropy, after the commitment, with the log's root before it.
    let entropy_event = rec.entropy_index.and_then(find).filter(|e| e.kind == "draw.entropy");
    let entropy = rec.entropy_hex.as_deref().and_then(|h| hex::decode(h).ok());
    let entropy_ok = match (entropy_event, &entropy) {
        (Some(e), Some(_)) => {
            body_str(e, "entropy") == rec.entropy_hex.as_deref().unwrap_or_default()
                && e.index > rec.commit_index
                && body_u64(e, "checkpoint_size") == Some(e.index)
        }
        _ => false,
    };
    s.check(
        "entropy",
        entropy_ok,
        format!(
            "the supervisor's entropy logged at index {} after the commitment (index {})",
            rec.entropy_index.map(|i| i.to_string()).unwrap_or("(none)".into()),
            rec.commit_index
        ),
    );
    let entropy = entropy.unwrap_or_default();

    // Everyone drawn so far, in the order drawn (select adds to it round by round).
    let mut chosen: Vec<Candidate> = Vec::new();
    for r in &rec.rounds {
        let label = format!("round {}", r.round);
        // The round's event as logged.
        let Some(ev) = find(r.log_index).filter(|e| e.kind == "draw.round" || e.kind == "draw.failed") else {
            s.check(format!("{label}: logged"), false, format!("no draw.round event at log index {}", r.log_index));
            continue;
        };
        let groups: Vec<(String, String)> = ev
            .body
            .get("groups")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|g| (g["group"].as_str().unwrap_or_default().to_string(), g["pool_hash"].as_str().unwrap_or_default().to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let same_groups =
            groups.len() == r.groups.len() && groups.iter().zip(&r.groups).all(|((g, h), o)| *g == o.group && *h == o.pool_hash);
        s.check(
            format!("{label}: logged"),
            body_u64(ev, "round") == Some(r.round as u64)
                && body_u64(ev, "trigger") == Some(r.trigger_index)
                && body_u64(ev, "checkpoint_size") == Some(r.checkpoint_size)
                && body_str(ev, "checkpoint_root") == r.checkpoint_root
                && (ev.kind == "draw.failed" || same_groups)
                && ev.body.get("result_hash").and_then(Value::as_str) == r.result_hash.as_deref(),
            format!("the record's round is the one logged at index {}", r.log_index),
        );
        // Its trigger: the entropy for round 0, a seat falling empty for later rounds.
        let trigger_ok = match find(r.trigger_index) {
            Some(t) if r.round == 0 => t.kind == "draw.entropy",
            Some(t) => matches!(t.kind.as_str(), "draw.declined" | "draw.expired" | "draw.conflict") && body_str(t, "draw") == rec.id,
            None => false,
        };
        s.check(
            format!("{label}: checkpoint"),
            trigger_ok
                && r.checkpoint_size == r.trigger_index
                && roots.get(&r.checkpoint_size).map(hex::encode).as_deref() == Some(r.checkpoint_root.as_str()),
            format!(
                "the log's root at size {} (just before its trigger, index {}) is {}",
                r.checkpoint_size, r.trigger_index, r.checkpoint_root
            ),
        );
        let Some(root) = hex32(&r.checkpoint_root) else { continue };
        if ev.kind == "draw.failed" {
            continue;
        }
        // The pools give the logged hashes.
        let mut pools_ok = true;
        for g in &r.groups {
            let pool: Vec<Candidate> = reveal
                .pools
                .iter()
                .find(|p| p.round == r.round && p.group == g.group)
                .map(|p| p.candidates.iter().map(|c| Candidate { id: c.id.clone(), employer: c.employer.clone() }).collect())
                .unwrap_or_default();
            let h = hex::encode(draw::pool_hash(&secret, &pool));
            pools_ok &= s.check(
                format!("{label}: pool {}", g.group),
                h == g.pool_hash,
                format!("{} candidates hash to {h}; logged {}", pool.len(), g.pool_hash),
            );
        }
        // The seed and the selection give the revealed seats and the logged result hash.
        let seed = draw::seed(&rec.id, r.round, &secret, &entropy, &root);
        let mut picks: Vec<(String, String)> = Vec::new();
        let mut short = None;
        for g in &r.groups {
            let pool: Vec<Candidate> = reveal
                .pools
                .iter()
                .find(|p| p.round == r.round && p.group == g.group)
                .map(|p| p.candidates.iter().map(|c| Candidate { id: c.id.clone(), employer: c.employer.clone() }).collect())
                .unwrap_or_default();
            match draw::select(&seed, &g.group, &pool, g.wanted as usize, &mut chosen) {
                Ok(got) => picks.extend(got.into_iter().map(|c| (g.group.clone(), c.id))),
                Err(e) => short = Some(e),
            }
        }
        let seats: Vec<(String, String)> =
            rec.seats.iter().filter(|x| x.round == r.round).map(|x| (x.group.clone(), x.expert.clone())).collect();
        let result = hex::encode(draw::result_hash(&secret, r.round, &picks));
        s.check(
            format!("{label}: selection"),
            pools_ok && short.is_none() && picks == seats && r.result_hash.as_deref() == Some(result.as_str()),
            format!(
                "the seed {} draws {}; the record seats {}; result hash {result} (logged {})",
                hex::encode(seed),
                picks.iter().map(|(_, id)| id.as_str()).collect::<Vec<_>>().join(", "),
                seats.iter().map(|(_, id)| id.as_str()).collect::<Vec<_>>().join(", "),
                r.result_hash.as_deref().unwrap_or("(none)")
            ),
        );
    }
    s.0
}

/// Fetches draw `id` (or takes `record`, e.g. a saved copy), proves its events in the log
/// under the pinned `verifier_key` (extending `stored`, the client's last verified
/// checkpoint), proves each round's checkpoint, and runs [`check`]. Returns the report and
/// the checkpoint note to store.
pub async fn verify(
    api: &Api,
    verifier_key: &str,
    stored: Option<&str>,
    id: &str,
    record: Option<DrawRecord>,
) -> Result<(DrawVerification, String), LogAlarm> {
    let rec = match record {
        Some(r) => r,
        None => api.draw(id).await?,
    };
    let events: Vec<Event> = api
        .events(Some(&rec.request.tender))
        .await?
        .into_iter()
        .filter(|e| e.kind.starts_with("draw.") && body_str(e, "draw") == id)
        .collect();
    let proved = logcheck::prove_events(api, verifier_key, stored, &events, &Default::default()).await?;
    let current = Checkpoint::open(&proved.note, verifier_key).map_err(|e| LogAlarm::State("checkpoint".into(), e.to_string()))?;
    let mut roots = HashMap::new();
    for r in &rec.rounds {
        // The round's own signed note, proved consistent with the current log.
        let Ok(cp) = Checkpoint::open(&r.checkpoint_note, verifier_key) else { continue };
        if cp.size != r.checkpoint_size {
            continue;
        }
        if logcheck::extends(api, &cp, &current).await.is_ok() {
            roots.insert(cp.size, cp.root);
        }
    }
    let steps = check(&rec, &events, &roots);
    let ok = !steps.is_empty() && steps.iter().all(|s| s.ok);
    Ok((DrawVerification { draw: id.to_string(), ok, steps }, proved.note))
}
