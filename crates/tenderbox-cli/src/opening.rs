//! Committee and opening commands: what custodians, bidders and the agency do
//! from the deadline on.

use crate::cli::{Actor, CommitteeCmd, OpeningCmd};
use crate::online::{logged_in, runtime};
use crate::ui::{self, Failure, Result};
use base64::Engine;
use tenderbox_client::api::Api;
use tenderbox_seal::SystemEntropy;
use tenderbox_seal::committee::{self, CommitteePublicKey, SecretShare};
use tenderbox_seal::identity::SecretIdentity;
use tenderbox_wire::{
    CommitteeStanzaInfo, CommitteeState, Complaint, OpeningState, PostFileKey, PostPartial, TenderRecord, TextBody, identity_id,
};

fn my_index(t: &TenderRecord, public_signing_key: &str) -> Result<u32> {
    let me = identity_id(public_signing_key);
    t.document
        .custodians
        .iter()
        .position(|c| c.id == me)
        .map(|i| i as u32 + 1)
        .ok_or_else(|| Failure::new("committee.not_custodian", format!("you are not a custodian of tender {}", t.summary.id)))
}

/// This custodian's secret share x_m from the public deals; bad shares are
/// listed by dealer.
fn my_share(st: &CommitteeState, m: u32, me: &SecretIdentity) -> (SecretShare, Vec<(u32, String)>) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for d in st.deals.iter().filter(|d| st.qualified.contains(&d.dealer)) {
        match committee::receive_share(d, st.custodians, st.threshold, m, me) {
            Ok(s) => good.push(s),
            Err(e) => bad.push((d.dealer, e.to_string())),
        }
    }
    (SecretShare::from_received(m, &good), bad)
}

async fn tender_and_me(actor: &Actor, tender: &str) -> Result<(Api, SecretIdentity, TenderRecord, u32)> {
    let ks = ui::open_store(actor.store.keystore.as_deref(), false)?;
    let public = ks.public(&actor.identity)?;
    let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
    let t: TenderRecord = api.get(&format!("/v1/tenders/{tender}")).await?;
    let m = my_index(&t, &public.signing_key)?;
    Ok((api, secret, t, m))
}

pub fn committee(cmd: CommitteeCmd, json: bool) -> Result<()> {
    runtime()?.block_on(async {
        match cmd {
            CommitteeCmd::Join { tender, actor } => {
                let (api, _, t, m) = tender_and_me(&actor, &tender).await?;
                let keys = t
                    .document
                    .custodians
                    .iter()
                    .map(|c| base64::engine::general_purpose::STANDARD.decode(&c.encryption_key).ok().and_then(|k| k.try_into().ok()))
                    .collect::<Option<Vec<[u8; 32]>>>()
                    .ok_or_else(|| {
                        Failure::new("committee.bad_key", "a custodian's encryption key in the tender is not 32 bytes of base64")
                    })?;
                let deal = committee::deal(&tender, m, t.document.threshold, &keys, &SystemEntropy::new())
                    .map_err(|e| Failure::new("committee.deal", e.to_string()))?;
                let st: CommitteeState = api.post(&format!("/v1/tenders/{tender}/committee/deals"), &deal).await?;
                if !json {
                    eprintln!("Dealt as custodian {m} of {}; {} of {} custodians have dealt.", tender, st.deals.len(), st.custodians);
                }
                ui::print_json(&st);
            }
            CommitteeCmd::Check { tender, actor } => {
                let (api, secret, _, m) = tender_and_me(&actor, &tender).await?;
                let st: CommitteeState = api.get(&format!("/v1/tenders/{tender}/committee")).await?;
                let (_, bad) = my_share(&st, m, &secret);
                for (dealer, why) in &bad {
                    let _: CommitteeState = api
                        .post(&format!("/v1/tenders/{tender}/committee/complaints"), &Complaint { dealer: *dealer, reason: why.clone() })
                        .await?;
                    eprintln!("Complained about custodian {dealer}: {why}");
                }
                if !json {
                    eprintln!("{} share(s) checked, {} bad.", st.deals.len(), bad.len());
                }
                ui::print_json(&serde_json::json!({ "custodian": m, "checked": st.deals.len(), "bad": bad }));
            }
            CommitteeCmd::Finish { tender, actor } => {
                let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let t: TenderRecord = api.get(&format!("/v1/tenders/{tender}")).await?;
                let st: CommitteeState = api.get(&format!("/v1/tenders/{tender}/committee")).await?;
                let pk = st.public_key.ok_or_else(|| {
                    Failure::new("committee.incomplete", format!("{} qualified deal(s); {} are needed", st.qualified.len(), st.threshold))
                })?;
                let mut doc = t.document;
                doc.version += 1;
                doc.committee_public_key = Some(pk);
                let rec = api.publish(&secret, &doc, true).await?;
                if !json {
                    eprintln!("The committee key is set; {} v{} is {:?}.", rec.summary.id, rec.summary.version, rec.summary.status);
                }
                ui::print_json(&rec.summary);
            }
            CommitteeCmd::Partials { tender, actor } => {
                let (api, secret, _, m) = tender_and_me(&actor, &tender).await?;
                let st: CommitteeState = api.get(&format!("/v1/tenders/{tender}/committee")).await?;
                let pk = CommitteePublicKey::from_base64(st.public_key.as_deref().unwrap_or_default())
                    .map_err(|e| Failure::new("committee.no_key", e.to_string()))?;
                let (share, bad) = my_share(&st, m, &secret);
                if !bad.is_empty() {
                    return Err(Failure::new(
                        "committee.bad_share",
                        format!("{} of your shares do not verify; run `committee check` and resolve it first", bad.len()),
                    ));
                }
                let stanzas: Vec<CommitteeStanzaInfo> = api.get(&format!("/v1/tenders/{tender}/opening/stanzas")).await?;
                let ent = SystemEntropy::new();
                let mut list = Vec::new();
                for s in &stanzas {
                    let r: [u8; 32] = base64::engine::general_purpose::STANDARD
                        .decode(&s.share)
                        .ok()
                        .and_then(|r| r.try_into().ok())
                        .ok_or_else(|| Failure::new("committee.bad_stanza", "a committee stanza share is not 32 bytes"))?;
                    let partial =
                        committee::partial_decrypt(&share, &pk, &r, &ent).map_err(|e| Failure::new("committee.partial", e.to_string()))?;
                    list.push(PostPartial { sha256: s.sha256.clone(), partial });
                }
                let r: serde_json::Value = api.post(&format!("/v1/tenders/{tender}/opening/partials"), &list).await?;
                if !json {
                    eprintln!("Sent {} partial decryption(s) as custodian {m}.", list.len());
                }
                ui::print_json(&r);
            }
        }
        Ok(())
    })
}

fn print_state(st: &OpeningState, json: bool) {
    if json {
        ui::print_json(st);
        return;
    }
    match &st.record {
        None => println!("No opening record yet."),
        Some(r) => {
            println!(
                "开标记录表 {} v{} — opened {} (Beijing {}); {} bid(s) at the deadline",
                r.tender,
                r.version,
                r.opened_at,
                r.opened_at.to_beijing(),
                r.bids_at_deadline
            );
            for l in &r.lines {
                let lots: Vec<String> = l
                    .lots
                    .iter()
                    .map(|o| {
                        format!(
                            "{} ¥{} ({}){}",
                            o.lot,
                            o.price,
                            o.price_upper,
                            o.duration_days.map(|d| format!(", {d} days")).unwrap_or_default()
                        )
                    })
                    .collect();
                println!(
                    "  {}\t{}\t{:?}{}\t{}",
                    l.bidder_uscc,
                    l.bidder_name,
                    l.outcome,
                    if l.opened_by_committee { " (by committee)" } else { "" },
                    lots.join("; ")
                );
            }
        }
    }
    if !st.signed_in.is_empty() {
        println!("  signed in: {}", st.signed_in.join(", "));
    }
    for c in &st.confirmed_by {
        println!("  confirmed by {c}");
    }
    for o in &st.objections {
        println!(
            "  objection {} by {}: {}\n    answer: {}",
            o.id,
            o.bidder_uscc,
            o.text,
            o.answer.as_deref().unwrap_or("(not answered yet)")
        );
    }
}

pub fn opening(cmd: OpeningCmd, json: bool) -> Result<()> {
    runtime()?.block_on(async {
        match cmd {
            OpeningCmd::SignIn { tender, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let st: OpeningState = api.post(&format!("/v1/tenders/{tender}/opening/sign-in"), &serde_json::json!({})).await?;
                print_state(&st, json);
            }
            OpeningCmd::PlatformFault { tender, sha256, reason, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let r: serde_json::Value = api
                    .post(
                        &format!("/v1/tenders/{tender}/opening/platform-fault"),
                        &serde_json::json!({ "sha256": sha256, "reason": reason }),
                    )
                    .await?;
                ui::print_json(&r);
            }
            OpeningCmd::Decrypt { file, actor } => {
                let header = tenderbox_seal::envelope::read_header(&mut std::io::BufReader::new(std::fs::File::open(&file)?))?;
                let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let _: OpeningState =
                    api.post(&format!("/v1/tenders/{}/opening/sign-in", header.header.tender), &serde_json::json!({})).await?;
                // The file key is unwrapped here; only the key leaves this computer.
                let key = header.unwrap_bidder(&secret)?;
                let body = PostFileKey { file_key: base64::engine::general_purpose::STANDARD.encode(key.expose()) };
                let r: serde_json::Value = api.post(&format!("/v1/tenders/{}/opening/key", header.header.tender), &body).await?;
                if !json {
                    eprintln!("Your bid for {} is decrypted and verified by the platform.", header.header.tender);
                }
                ui::print_json(&r);
            }
            OpeningCmd::Record { tender, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let st: OpeningState = api.post(&format!("/v1/tenders/{tender}/opening/record"), &serde_json::json!({})).await?;
                print_state(&st, json);
            }
            OpeningCmd::Show { tender, server } => {
                let st: OpeningState = Api::new(&server.server).get(&format!("/v1/tenders/{tender}/opening")).await?;
                print_state(&st, json);
            }
            OpeningCmd::Confirm { tender, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let st: OpeningState = api.post(&format!("/v1/tenders/{tender}/opening/confirm"), &serde_json::json!({})).await?;
                print_state(&st, json);
            }
            OpeningCmd::Object { tender, text, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let st: OpeningState = api.post(&format!("/v1/tenders/{tender}/opening/objections"), &TextBody { text }).await?;
                print_state(&st, json);
            }
            OpeningCmd::Answer { tender, objection, text, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let st: OpeningState =
                    api.post(&format!("/v1/tenders/{tender}/opening/objections/{objection}/answer"), &TextBody { text }).await?;
                print_state(&st, json);
            }
        }
        Ok(())
    })
}
