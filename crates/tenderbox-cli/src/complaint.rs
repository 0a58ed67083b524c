//! `tenderbox complaint …`: complaints (投诉) from the command line — the same calls and the
//! same signed documents as the complainant's and the supervisor's screens.

use crate::cli::ComplaintCmd;
use crate::online::{logged_in, runtime};
use crate::ui::{self, Failure, Result};
use tenderbox_client::api::Api;
use tenderbox_core::complaint::{COMPLAINT_FORMAT, Complaint, ComplaintAcceptance, ComplaintDecision, ComplaintFile};
use tenderbox_seal::identity::SecretIdentity;
use tenderbox_seal::signed::sign;
use tenderbox_wire::ComplaintRecord;

fn me(secret: &SecretIdentity) -> String {
    tenderbox_wire::identity_id(&base64::Engine::encode(&base64::engine::general_purpose::STANDARD, secret.signing_public()))
}

fn state_words(c: &ComplaintRecord) -> String {
    let mut s = match c.state.as_str() {
        "received" => format!("received {}, to be accepted by {}", c.received_on, c.deadlines.accept_by),
        "accepted" => format!("accepted, to be decided by {}", c.deadlines.decide_by.as_deref().unwrap_or("—")),
        "not_accepted" => "not accepted".to_string(),
        _ => format!("decided: {}", c.decision.as_ref().map(|d| d.doc.finding.as_str()).unwrap_or_default()),
    };
    if let Some(o) = &c.deadlines.overdue {
        s.push_str(&format!(" — OVERDUE ({o} limit passed)"));
    }
    if c.late {
        s.push_str(&format!(" — filed late (last filing day {})", c.last_filing_day));
    }
    s
}

fn print_one(c: &ComplaintRecord, json: bool) {
    if json {
        ui::print_json(c);
        return;
    }
    let d = &c.complaint.doc;
    println!("Complaint {} — {} {}", c.id, c.tender, c.tender_title);
    println!("  complainant: {} ({})", c.complainant_name, d.complainant);
    println!("  against:     {} (step: {})", d.respondent, d.step);
    println!("  department:  {}", c.department);
    println!("  state:       {}", state_words(c));
    println!("  facts:       {}", d.facts);
    println!("  requests:    {}", d.requests);
    for f in &c.files {
        println!("  file:        {} ({} bytes, {}) {}", f.name, f.size, &f.sha256[..16], if f.stored { "stored" } else { "NOT UPLOADED" });
    }
    if let Some(a) = &c.acceptance {
        println!("  {}: {}", if a.doc.accepted { "accepted" } else { "not accepted" }, a.doc.reasons);
    }
    if let Some(x) = &c.decision {
        println!("  decision:    {} — {}", x.doc.finding, x.doc.reasons);
        if !x.doc.measures.is_empty() {
            println!("  measures:    {}", x.doc.measures);
        }
    }
}

pub fn run(cmd: ComplaintCmd, json: bool) -> Result<()> {
    runtime()?.block_on(async {
        match cmd {
            ComplaintCmd::File { tender, respondent, step, known_on, facts, requests, files, actor } => {
                let mut declared = Vec::new();
                let mut contents = Vec::new();
                for path in &files {
                    let bytes = std::fs::read(path).map_err(|e| Failure::new("io", format!("{}: {e}", path.display())))?;
                    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                    let sha = hex::encode(tenderbox_core::sha256(&bytes));
                    declared.push(ComplaintFile { name, sha256: sha.clone(), size: bytes.len() as u64 });
                    contents.push((sha, bytes));
                }
                let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let uscc = api.identity_record(&me(&secret)).await?.identity.uscc.to_string();
                let doc = Complaint {
                    format: COMPLAINT_FORMAT,
                    tender,
                    complainant: uscc,
                    respondent,
                    step,
                    known_on,
                    facts,
                    requests,
                    files: declared,
                    filed_at: ui::now(),
                };
                if let Some(p) = doc.problems(&tenderbox_core::credit::day_of(ui::now())).first() {
                    return Err(Failure::new(&p.code, p.to_string()));
                }
                let filed = api.file_complaint(&sign(doc, &me(&secret), &secret)?).await?;
                for (sha, bytes) in contents {
                    api.put_complaint_file(&filed.id, &sha, bytes).await?;
                }
                print_one(&api.complaint(&filed.id).await?, json);
            }
            ComplaintCmd::List { tender, open, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let list = api.complaints(tender.as_deref(), open).await?;
                if json {
                    ui::print_json(&list);
                } else if list.is_empty() {
                    println!("No complaints.");
                } else {
                    for c in &list {
                        println!("{}\t{}\t{}\t{}\t{}", c.id, c.tender, c.complainant_name, c.complaint.doc.step, state_words(c));
                    }
                }
            }
            ComplaintCmd::Show { id, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                print_one(&api.complaint(&id).await?, json);
            }
            ComplaintCmd::Accept { id, reasons, actor } => accept(&id, true, reasons, &actor, json).await?,
            ComplaintCmd::Refuse { id, reasons, actor } => accept(&id, false, reasons, &actor, json).await?,
            ComplaintCmd::Decide { id, finding, reasons, measures, actor } => {
                let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let doc = ComplaintDecision {
                    format: COMPLAINT_FORMAT,
                    complaint: id.clone(),
                    finding,
                    reasons,
                    measures,
                    decided_at: ui::now(),
                };
                print_one(&api.decide_complaint(&id, &sign(doc, &me(&secret), &secret)?).await?, json);
            }
            ComplaintCmd::Fetch { id, sha256, out, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let bytes = api.complaint_file(&id, &sha256).await?;
                if hex::encode(tenderbox_core::sha256(&bytes)) != sha256 {
                    return Err(Failure::new("file.hash_mismatch", format!("the server sent a file that is not {sha256}; nothing saved")));
                }
                tenderbox_client::files::write_atomic(&out, &bytes, false)
                    .map_err(|e| Failure::new("io", format!("{}: {e}", out.display())))?;
                if !json {
                    println!("Saved {} ({} bytes).", out.display(), bytes.len());
                }
            }
            ComplaintCmd::Decisions { tender, server } => {
                let list = Api::new(&server.server).complaint_decisions(tender.as_deref()).await?;
                if json {
                    ui::print_json(&list);
                } else if list.is_empty() {
                    println!("No published complaint decisions.");
                } else {
                    for d in &list {
                        println!(
                            "{}\t{} {}\t{} against {}\t{}\t{}",
                            d.decision.doc.decided_at.to_beijing(),
                            d.tender,
                            d.tender_title,
                            d.complainant_name,
                            d.respondent,
                            d.decision.doc.finding,
                            d.decision.doc.reasons
                        );
                    }
                }
            }
        }
        Ok(())
    })
}

async fn accept(id: &str, accepted: bool, reasons: String, actor: &crate::cli::Actor, json: bool) -> Result<()> {
    let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
    let doc = ComplaintAcceptance { format: COMPLAINT_FORMAT, complaint: id.to_string(), accepted, reasons, decided_at: ui::now() };
    print_one(&api.accept_complaint(id, &sign(doc, &me(&secret), &secret)?).await?, json);
    Ok(())
}
