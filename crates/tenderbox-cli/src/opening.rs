//! Committee and opening commands: what custodians, bidders and the agency do
//! from the deadline on.

use crate::cli::{Actor, CommitteeCmd, OpeningCmd};
use crate::online::{logged_in, runtime};
use crate::ui::{self, Failure, Result};
use base64::Engine;
use tenderbox_client::api::Api;
use tenderbox_client::committee;
use tenderbox_seal::identity::SecretIdentity;
use tenderbox_wire::{OpeningState, PostFileKey, TenderRecord};

async fn tender_and_me(actor: &Actor, tender: &str) -> Result<(Api, SecretIdentity, TenderRecord, String)> {
    let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
    let key = crate::online::pinned_log_key(&api, &actor.server.server).await?;
    let t = api.tender_record(tender).await?;
    Ok((api, secret, t, key))
}

fn describe(v: &committee::VerifiedCeremony) -> String {
    let o = &v.outcome;
    let n = v.params.n();
    let mut s = format!(
        "ceremony {:?}: {}/{n} committed, {}/{n} revealed, {}/{n} verdicts",
        o.phase,
        o.committed.len(),
        o.revealed.len(),
        o.verdicts.len()
    );
    for c in &o.complaints {
        s.push_str(&format!(
            "\n  complaint by custodian {} against {}: {}",
            c.by,
            c.dealer,
            c.judgement.as_deref().unwrap_or("awaiting the answer")
        ));
    }
    for (m, why) in &o.disqualified {
        s.push_str(&format!("\n  custodian {m} lost its seat: {why}"));
    }
    if let Some(k) = &o.key {
        s.push_str(&format!("\n  committee key {} from custodians {:?}", k.public_key.to_base64(), k.qualified));
    }
    s
}

pub fn committee(cmd: CommitteeCmd, json: bool) -> Result<()> {
    runtime()?.block_on(async {
        match cmd {
            CommitteeCmd::Join { tender, actor } | CommitteeCmd::Check { tender, actor } => {
                let (api, secret, t, key) = tender_and_me(&actor, &tender).await?;
                let (done, v) = committee::step(&api, &t, &key, &secret).await?;
                if !json {
                    for d in &done {
                        eprintln!("{d:?}");
                    }
                    eprintln!("{}", describe(&v));
                }
                ui::print_json(&v.state);
            }
            CommitteeCmd::Finish { tender, actor } => {
                let (api, secret, t, key) = tender_and_me(&actor, &tender).await?;
                let rec = committee::finish(&api, &t, &key, &secret).await?;
                if !json {
                    eprintln!("The committee key is set; {} v{} is {:?}.", rec.summary.id, rec.summary.version, rec.summary.status);
                }
                ui::print_json(&rec.summary);
            }
            CommitteeCmd::Partials { tender, actor } => {
                let (api, secret, _, key) = tender_and_me(&actor, &tender).await?;
                // The verified tender and its close in the log, before any partial is made.
                let t = crate::online::verified_close(&api, &actor.server.server, &tender).await?;
                let (sent, index) = committee::release_partials(&api, &t, &key, &secret).await?;
                if !json {
                    eprintln!("Sent {sent} partial decryption(s) as custodian {index}.");
                }
                ui::print_json(&serde_json::json!({ "sent": sent, "custodian": index }));
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
                let st = api.sign_in(&tender).await?;
                print_state(&st, json);
            }
            OpeningCmd::PlatformFault { tender, sha256, reason, actor } => {
                let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                // Signed here by this admin; the log keeps the signature.
                let fault = tenderbox_wire::PlatformFault::sign(&tender, &sha256, &reason, &secret);
                let r = api.platform_fault(&tender, &fault).await?;
                ui::print_json(&r);
            }
            OpeningCmd::Decrypt { file, actor } => {
                let header = tenderbox_seal::envelope::read_header(&mut std::io::BufReader::new(std::fs::File::open(&file)?))?;
                let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                // Nothing leaves before this computer has seen the close in the log.
                crate::online::verified_close(&api, &actor.server.server, &header.header.tender).await?;
                api.sign_in(&header.header.tender).await?;
                // The file key is unwrapped here; only the key leaves this computer.
                let key = header.unwrap_bidder(&secret)?;
                let body = PostFileKey { file_key: base64::engine::general_purpose::STANDARD.encode(key.expose()) };
                let r = api.post_file_key(&header.header.tender, &body).await?;
                if !json {
                    eprintln!("Your bid for {} is decrypted and verified by the platform.", header.header.tender);
                }
                ui::print_json(&r);
            }
            OpeningCmd::Remedy { tender, actor } => {
                let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let mine = api.my_bids(&tender).await?;
                let active = mine
                    .iter()
                    .find(|b| b.status == tenderbox_wire::BidStatus::Active)
                    .ok_or_else(|| Failure::new("bid.not_found", format!("you have no active bid in tender {tender}")))?;
                let req = tenderbox_wire::BidRequest::sign_as(
                    tenderbox_wire::REMEDY_DOMAIN,
                    &tender,
                    &active.sha256,
                    active.receipt.body.log_index,
                    &secret,
                );
                let r = api.request_remedy(&tender, &req).await?;
                if !json {
                    eprintln!("Asked the custodians of {tender} to open your bid {}.", active.sha256);
                }
                ui::print_json(&r);
            }
            OpeningCmd::Record { tender, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let st = api.make_record(&tender).await?;
                print_state(&st, json);
            }
            OpeningCmd::Show { tender, server } => {
                let st = Api::new(&server.server).opening(&tender).await?;
                print_state(&st, json);
            }
            OpeningCmd::Confirm { tender, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let st = api.confirm_record(&tender).await?;
                print_state(&st, json);
            }
            OpeningCmd::Object { tender, text, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let st = api.object(&tender, &text).await?;
                print_state(&st, json);
            }
            OpeningCmd::Answer { tender, objection, text, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let st = api.answer_objection(&tender, &objection, &text).await?;
                print_state(&st, json);
            }
        }
        Ok(())
    })
}
