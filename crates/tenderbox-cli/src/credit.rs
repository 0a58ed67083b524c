//! `tenderbox credit …`: the credit library from the command line — the same calls and
//! the same signed documents as the supervisor's and the bidder's screens.

use crate::cli::CreditCmd;
use crate::online::{logged_in, runtime};
use crate::ui::{self, Failure, Result};
use tenderbox_client::api::Api;
use tenderbox_core::credit::{
    self, Bar, CREDIT_FORMAT, CreditEntry, CreditImport, CreditKind, CreditObjection, CreditObjectionAnswer, CreditRevocation, Restriction,
    SubjectKind,
};
use tenderbox_seal::identity::SecretIdentity;
use tenderbox_seal::signed::sign;
use tenderbox_wire::{CreditCheck, CreditImportRequest, CreditObjectionView, CreditRecordView, PublicCreditRecord};

fn me(secret: &SecretIdentity) -> String {
    tenderbox_wire::identity_id(&base64::Engine::encode(&base64::engine::general_purpose::STANDARD, secret.signing_public()))
}

fn restriction_words(r: &Restriction) -> String {
    if r.bars.is_empty() {
        return "no restriction".into();
    }
    let bars: Vec<&str> = r.bars.iter().map(|b| b.as_str()).collect();
    let types = if r.trading_types.is_empty() {
        "all types".to_string()
    } else {
        r.trading_types.iter().map(|t| format!("{t:?}").to_lowercase()).collect::<Vec<_>>().join(",")
    };
    let centres = if r.centres.is_empty() { "all centres".to_string() } else { r.centres.join(",") };
    format!("bars {} ({types}; {centres})", bars.join(","))
}

fn print_records(list: &[CreditRecordView], json: bool) {
    if json {
        ui::print_json(&list);
        return;
    }
    if list.is_empty() {
        println!("No credit records.");
    }
    for v in list {
        let e = &v.entry;
        println!(
            "{}\t{}\t{} {}\t{}\t{}\t{} {}\t{} … {}\t{}\t{}",
            v.id,
            v.status,
            e.name,
            e.subject,
            e.kind.zh(),
            e.list,
            e.source,
            e.document_no,
            e.starts_on,
            e.ends_on.as_deref().unwrap_or("—"),
            restriction_words(&e.restriction),
            if v.published { "published" } else { "not published" },
        );
        if let Some(r) = &v.revocation {
            println!("\trevoked: {}", r.doc.reason);
        }
        if let Some(c) = &v.corrected_by {
            println!("\tcorrected by {c}");
        }
        for o in &v.objections {
            print_objection(o);
        }
    }
}

fn print_objection(o: &CreditObjectionView) {
    let answer = match &o.answer {
        None => "open".to_string(),
        Some(a) => format!("{}: {}", if a.doc.upheld { "upheld" } else { "dismissed" }, a.doc.text),
    };
    println!("\tobjection {} to {} by {}: {} — {answer}", o.id, o.record, o.subject, o.objection.doc.text);
}

fn print_public(list: &[PublicCreditRecord], json: bool) {
    if json {
        ui::print_json(&list);
        return;
    }
    if list.is_empty() {
        println!("No published credit records.");
    }
    for r in list {
        println!(
            "{}\t{} {}\t{}\t{}\t{} {}\t{} … {}\tpublished until {}",
            r.id,
            r.name,
            r.subject,
            r.kind,
            r.list,
            r.source,
            r.document_no,
            r.starts_on,
            r.ends_on.as_deref().unwrap_or("—"),
            r.published_until.as_deref().unwrap_or("lifted")
        );
    }
}

fn print_checks(list: &[CreditCheck], json: bool) {
    if json {
        ui::print_json(&list);
        return;
    }
    for c in list {
        if c.findings.is_empty() {
            println!("{}\t{}\t{}\tno record bars the bid", c.stage, c.bidder, c.checked_at.to_beijing());
        }
        for f in &c.findings {
            println!("{}\t{}\t{}\t{}: {}", c.stage, c.bidder, c.checked_at.to_beijing(), f.rule, f.citation());
        }
    }
}

fn parse_bar(s: &str) -> Result<Bar> {
    match s {
        "bidding" => Ok(Bar::Bidding),
        "agency" => Ok(Bar::Agency),
        "expert" => Ok(Bar::Expert),
        _ => Err(Failure::new("credit.restriction", format!("'{s}' is not bidding, agency or expert"))),
    }
}

pub fn run(cmd: CreditCmd, json: bool) -> Result<()> {
    runtime()?.block_on(async {
        match cmd {
            CreditCmd::Import { file, origin, actor } => {
                let text = std::fs::read_to_string(&file).map_err(|e| Failure::new("io", format!("{}: {e}", file.display())))?;
                let rows = credit::parse_csv(&text, ui::now()).map_err(|rows| {
                    let lines: Vec<String> =
                        rows.iter().map(|r| format!("line {} {} [{}]: {}", r.line, r.column, r.code, r.message)).collect();
                    Failure::new(
                        "credit.import",
                        format!("{} bad row(s) in {}, nothing imported:\n{}", rows.len(), file.display(), lines.join("\n")),
                    )
                })?;
                let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let doc = CreditImport {
                    format: CREDIT_FORMAT,
                    sha256: hex::encode(tenderbox_core::sha256(text.as_bytes())),
                    rows: rows.len() as u64,
                    origin,
                    entered_at: ui::now(),
                };
                let r = api.credit_import(&CreditImportRequest { import: sign(doc, &me(&secret), &secret)?, csv: text }).await?;
                if json {
                    ui::print_json(&r);
                } else {
                    println!("Imported {} credit record(s) (import {}, log index {}).", r.imported, r.id, r.log_index);
                    for s in &r.skipped {
                        println!("line {}: already in force as record {}; skipped", s.line, s.record);
                    }
                }
            }
            CreditCmd::Add(add) => {
                let crate::cli::CreditAdd {
                    subject,
                    expert,
                    name,
                    kind,
                    list,
                    source,
                    number,
                    basis,
                    from,
                    until,
                    types,
                    centres,
                    bars,
                    corrects,
                    actor,
                } = *add;
                let kind = match kind.as_str() {
                    "good" => CreditKind::Good,
                    "bad" => CreditKind::Bad,
                    "serious" => CreditKind::Serious,
                    k => return Err(Failure::new("credit.kind", format!("'{k}' is not good, bad or serious"))),
                };
                let trading_types = types
                    .iter()
                    .map(|t| {
                        credit::trading_type_of(t).ok_or_else(|| Failure::new("credit.restriction", format!("'{t}' is not a trading type")))
                    })
                    .collect::<Result<Vec<_>>>()?;
                let mut bars = bars.iter().map(|b| parse_bar(b)).collect::<Result<Vec<_>>>()?;
                bars.sort();
                bars.dedup();
                let entry = CreditEntry {
                    format: CREDIT_FORMAT,
                    subject_kind: if expert { SubjectKind::Expert } else { SubjectKind::Entity },
                    subject,
                    name,
                    kind,
                    list,
                    source,
                    document_no: number,
                    legal_basis: basis,
                    starts_on: from,
                    ends_on: until,
                    restriction: Restriction { trading_types, centres, bars },
                    supersedes: corrects,
                    entered_at: ui::now(),
                };
                let problems = entry.problems();
                if !problems.is_empty() {
                    let list: Vec<String> = problems.iter().map(|(f, c, m)| format!("[{c}] {f}: {m}")).collect();
                    return Err(Failure::new("credit.field", format!("the record is not valid: {}", list.join("; "))));
                }
                let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                print_records(&[api.credit_enter(&sign(entry, &me(&secret), &secret)?).await?], json);
            }
            CreditCmd::List { subject, search, status, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let filters = [
                    ("subject", subject.as_deref().unwrap_or("")),
                    ("q", search.as_deref().unwrap_or("")),
                    ("status", status.as_deref().unwrap_or("")),
                ];
                print_records(&api.credit_records(&filters, 0).await?, json);
            }
            CreditCmd::Show { id, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                print_records(&[api.credit_record(&id).await?], json);
            }
            CreditCmd::Revoke { id, reason, actor } => {
                let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let doc = CreditRevocation { format: CREDIT_FORMAT, record: id.clone(), reason, revoked_at: ui::now() };
                print_records(&[api.credit_revoke(&id, &sign(doc, &me(&secret), &secret)?).await?], json);
            }
            CreditCmd::Public { subject, search, server } => {
                let api = Api::new(&server.server);
                print_public(
                    &api.credit_public(&[("subject", subject.as_deref().unwrap_or("")), ("q", search.as_deref().unwrap_or(""))]).await?,
                    json,
                );
            }
            CreditCmd::Mine { actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                print_records(&api.credit_mine().await?, json);
            }
            CreditCmd::Object { id, text, actor } => {
                let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let doc = CreditObjection { format: CREDIT_FORMAT, record: id.clone(), text, filed_at: ui::now() };
                let o = api.credit_object(&id, &sign(doc, &me(&secret), &secret)?).await?;
                if json {
                    ui::print_json(&o);
                } else {
                    println!("Objection {} to record {id} filed; a supervisor will answer it.", o.id);
                }
            }
            CreditCmd::Objections { open, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let list = api.credit_objections(open).await?;
                if json {
                    ui::print_json(&list);
                } else if list.is_empty() {
                    println!("No objections{}.", if open { " waiting for an answer" } else { "" });
                } else {
                    list.iter().for_each(print_objection);
                }
            }
            CreditCmd::Answer { objection, uphold, text, actor } => {
                let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let doc = CreditObjectionAnswer {
                    format: CREDIT_FORMAT,
                    objection: objection.clone(),
                    upheld: uphold,
                    text,
                    answered_at: ui::now(),
                };
                let o = api.credit_answer(&objection, &sign(doc, &me(&secret), &secret)?).await?;
                if json {
                    ui::print_json(&o);
                } else {
                    print_objection(&o);
                }
            }
            CreditCmd::Checks { tender, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                print_checks(&api.tender_credit_checks(&tender).await?, json);
            }
        }
        Ok(())
    })
}
