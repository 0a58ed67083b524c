//! The committee key ceremony as a custodian's client runs it, and as every
//! client checks it: the transcript is recomputed locally from the custodians'
//! signed messages with their keys taken from their platform certificates, never
//! taken from the server's summary (docs/spec/committee-v1.md).

use crate::api::{Api, ApiFailure, ApiResult};
use tenderbox_seal::ceremony::{self, CeremonyParams, Outcome, Phase};
use tenderbox_seal::committee::SecretShare;
use tenderbox_seal::identity::SecretIdentity;
use tenderbox_wire::{CommitteeState, TenderRecord, verifier_public_key};

fn refused(code: &'static str, msg: impl Into<String>) -> ApiFailure {
    ApiFailure::Refused(code, msg.into())
}

/// A ceremony as this client verified it.
#[derive(Debug, Clone)]
pub struct VerifiedCeremony {
    pub state: CommitteeState,
    pub params: CeremonyParams,
    pub outcome: Outcome,
}

/// Fetches the ceremony of `record` and recomputes it; `verifier_key` is the
/// pinned log key (its Ed25519 key signs the custodians' certificates).
pub async fn fetch(api: &Api, record: &TenderRecord, verifier_key: &str) -> ApiResult<VerifiedCeremony> {
    let platform = verifier_public_key(verifier_key).map_err(|e| refused("log.key", e))?;
    let state = api.committee(&record.summary.id).await?;
    let (params, outcome) = state.evaluate(record, &platform).map_err(|e| refused("committee.unverified", e))?;
    // The server's summary must agree with what the signed messages prove.
    let made = outcome.key.as_ref().map(|k| k.public_key.to_base64());
    if state.public_key != made || state.phase != outcome.phase {
        return Err(refused("committee.unverified", "the server's account of the ceremony differs from what its signed messages prove"));
    }
    Ok(VerifiedCeremony { state, params, outcome })
}

/// Checks that the committee key in `record` is the one the ceremony makes;
/// a bidder's client does this before it seals anything to that key.
pub async fn check_tender_key(api: &Api, record: &TenderRecord, verifier_key: &str) -> ApiResult<VerifiedCeremony> {
    let platform = verifier_public_key(verifier_key).map_err(|e| refused("log.key", e))?;
    let v = fetch(api, record, verifier_key).await?;
    v.state.check_key(record, &platform).map_err(|e| refused("committee.key_mismatch", e))?;
    Ok(v)
}

/// Once the custodians' ceremony is finished (re-verified here), the agency publishes
/// the next version of the tender carrying the committee key the ceremony made, and
/// the tender opens for bids. The CLI and the desk both finish through here.
pub async fn finish(api: &Api, record: &TenderRecord, verifier_key: &str, agency: &SecretIdentity) -> ApiResult<TenderRecord> {
    let v = fetch(api, record, verifier_key).await?;
    let o = &v.outcome;
    let n = v.params.n();
    let pk = o.key.as_ref().map(|k| k.public_key.to_base64()).ok_or_else(|| {
        refused(
            "committee.incomplete",
            format!(
                "the ceremony is not finished ({:?}): {}/{n} committed, {}/{n} revealed, {}/{n} verdicts",
                o.phase,
                o.committed.len(),
                o.revealed.len(),
                o.verdicts.len()
            ),
        )
    })?;
    let mut doc = record.document.clone();
    doc.version += 1;
    doc.committee_public_key = Some(pk);
    api.publish(agency, &doc, true).await
}

/// What one step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepDone {
    Committed,
    Revealed,
    GaveVerdict { complaints: Vec<u32> },
    Answered { complainer: u32 },
}

fn my_index(v: &VerifiedCeremony, me: &SecretIdentity) -> ApiResult<u32> {
    use base64::Engine;
    v.params
        .index_of(&base64::engine::general_purpose::STANDARD.encode(me.signing_public()))
        .ok_or_else(|| refused("committee.not_custodian", format!("you are not a custodian of tender {}", v.params.tender)))
}

/// Does everything this custodian can do in the ceremony right now, in order:
/// commit to its deal, reveal it once every custodian has committed, check its
/// shares and sign its verdict once every deal is revealed, answer complaints
/// against its deal. Returns what it did and the ceremony as it now stands.
/// Before each step the transcript is re-verified; once this custodian's deal is
/// revealed, the client checks that the server holds exactly the deal it made.
pub async fn step(
    api: &Api,
    record: &TenderRecord,
    verifier_key: &str,
    me: &SecretIdentity,
) -> ApiResult<(Vec<StepDone>, VerifiedCeremony)> {
    let id = &record.summary.id;
    let err = |e: tenderbox_seal::committee::CommitteeError| refused("committee.ceremony", e.to_string());
    let mut done = Vec::new();
    loop {
        let v = fetch(api, record, verifier_key).await?;
        let m = my_index(&v, me)?;
        let t = &v.state.transcript;
        let mine = ceremony::deal(&v.params, me).map_err(err)?;
        if let Some(posted) = t.deals.iter().find(|d| d.dealer == m)
            && *posted != mine
        {
            return Err(refused("committee.substituted", "the server shows a deal in your name that is not the one you made"));
        }
        let next = if !t.commitments.iter().any(|c| c.dealer == m) {
            let c = ceremony::commit(&v.params, me).map_err(err)?;
            api.post_commitment(id, &c).await?;
            StepDone::Committed
        } else if v.outcome.phase == Phase::Reveal && !t.deals.iter().any(|d| d.dealer == m) {
            api.post_deal(id, &mine).await?;
            StepDone::Revealed
        } else if v.outcome.phase == Phase::Verify && !t.verdicts.iter().any(|x| x.custodian == m) {
            let verdict = ceremony::verdict(&v.params, me, &t.deals).map_err(err)?;
            let complaints = verdict.complaints.iter().map(|c| c.dealer).collect();
            api.post_verdict(id, &verdict).await?;
            StepDone::GaveVerdict { complaints }
        } else if let Some(c) =
            v.outcome.complaints.iter().find(|c| c.dealer == m && !t.answers.iter().any(|a| a.dealer == m && a.recipient == c.by))
        {
            let a = ceremony::answer(&v.params, me, c.by).map_err(err)?;
            api.post_answer(id, &a).await?;
            StepDone::Answered { complainer: c.by }
        } else {
            return Ok((done, v));
        };
        done.push(next);
    }
}

/// This custodian's secret share of the finished key, after checking that the key
/// in the tender is the one the ceremony makes and that this custodian still
/// holds its seat with its own deal in the key.
pub async fn my_share(
    api: &Api,
    record: &TenderRecord,
    verifier_key: &str,
    me: &SecretIdentity,
) -> ApiResult<(SecretShare, VerifiedCeremony)> {
    let v = check_tender_key(api, record, verifier_key).await?;
    let m = my_index(&v, me)?;
    let key = v.outcome.key.as_ref().ok_or_else(|| refused("committee.no_key", "the ceremony is not finished"))?;
    if let Some(why) = v.outcome.disqualified.get(&m) {
        return Err(refused("committee.disqualified", format!("you lost your seat in this ceremony: {why}")));
    }
    let mine = ceremony::deal(&v.params, me).map_err(|e| refused("committee.ceremony", e.to_string()))?;
    if !key.qualified.contains(&m) || v.state.transcript.deals.iter().find(|d| d.dealer == m) != Some(&mine) {
        return Err(refused("committee.substituted", "your own deal is not part of the committee key"));
    }
    let share =
        ceremony::secret_share(&v.params, me, &v.state.transcript, key).map_err(|e| refused("committee.bad_share", e.to_string()))?;
    Ok((share, v))
}

/// Makes and sends this custodian's partial decryptions for the bids the
/// committee remedy applies to (the server lists their committee stanzas). The
/// caller has already seen the tender's close in the log (`logcheck::verified_close`);
/// `record` is that verified tender. Returns how many were sent and this
/// custodian's index.
pub async fn release_partials(api: &Api, record: &TenderRecord, verifier_key: &str, me: &SecretIdentity) -> ApiResult<(usize, u32)> {
    use base64::Engine;
    let (share, v) = my_share(api, record, verifier_key, me).await?;
    let pk = v.outcome.key.as_ref().ok_or_else(|| refused("committee.no_key", "the ceremony is not finished"))?.public_key;
    let stanzas = api.committee_stanzas(&record.summary.id).await?;
    let ent = tenderbox_seal::SystemEntropy::new();
    let mut list = Vec::new();
    for s in &stanzas {
        let r: [u8; 32] = base64::engine::general_purpose::STANDARD
            .decode(&s.share)
            .ok()
            .and_then(|r| r.try_into().ok())
            .ok_or_else(|| refused("committee.bad_stanza", "a committee stanza share is not 32 bytes"))?;
        let partial =
            tenderbox_seal::committee::partial_decrypt(&share, &pk, &r, &ent).map_err(|e| refused("committee.partial", e.to_string()))?;
        list.push(tenderbox_wire::PostPartial { sha256: s.sha256.clone(), partial });
    }
    if !list.is_empty() {
        api.post_partials(&record.summary.id, &list).await?;
    }
    Ok((list.len(), share.index))
}
