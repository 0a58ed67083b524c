//! `tenderbox security …`: bid security from the command line — the bidder's status with
//! each guarantee checked here, the guarantor's signed guarantees, the finance office's bank
//! statements and refunds, and the agency's record of the contract.

use crate::cli::SecurityCmd;
use crate::online::{logged_in, runtime};
use crate::ui::{self, Failure, Result};
use tenderbox_core::Decimal;
use tenderbox_core::security::{GUARANTEE_FORMAT, Guarantee, GuaranteeRevocation, parse_statement};
use tenderbox_core::tender::Party;
use tenderbox_core::time::Timestamp;
use tenderbox_core::uscc::Uscc;
use tenderbox_seal::identity::SecretIdentity;
use tenderbox_seal::signed::sign;
use tenderbox_wire::{ContractSigned, DepositRecord, GuaranteeRecord, RefundRequest};

fn me(secret: &SecretIdentity) -> String {
    tenderbox_wire::identity_id(&base64::Engine::encode(&base64::engine::general_purpose::STANDARD, secret.signing_public()))
}

fn money(s: &str, what: &str) -> Result<Decimal> {
    s.parse::<Decimal>()
        .ok()
        .filter(|d| *d >= Decimal::ZERO && d.scale() <= 2)
        .ok_or_else(|| Failure::new("deposit.refund", format!("{what} '{s}' is not an amount in yuan")))
}

fn print_guarantees(list: &[GuaranteeRecord], json: bool) {
    if json {
        ui::print_json(&list);
        return;
    }
    if list.is_empty() {
        println!("No guarantees.");
    }
    for g in list {
        let d = &g.signed.doc;
        let state = match &g.revocation {
            Some(r) => format!("revoked: {}", r.doc.reason),
            None => "in force".into(),
        };
        println!(
            "{}\t{}\t{} → {} ({})\t{} yuan\t{} … {}\t{state}",
            g.id, d.number, d.guarantor.name, d.applicant.name, d.applicant.uscc, d.amount, d.valid_from, d.valid_until
        );
    }
}

fn print_deposits(list: &[DepositRecord], json: bool) {
    if json {
        ui::print_json(&list);
        return;
    }
    if list.is_empty() {
        println!("No deposits.");
    }
    for d in list {
        let refund = match (&d.refunded_at, &d.refund_due) {
            (Some(at), _) => format!("refunded {} (+{} interest)", at.to_beijing(), d.interest.unwrap_or_default()),
            (None, Some(due)) => format!("due back by {due}{}", if d.overdue { " — OVERDUE" } else { "" }),
            (None, None) => "held while the bid stands".into(),
        };
        println!(
            "{}\t{}\t{}\t{} yuan from {} ({})\treceived {}\t{refund}",
            d.id,
            d.tender,
            d.bidder,
            d.amount,
            d.payer_name,
            d.payer_account,
            d.received_at.to_beijing()
        );
    }
}

pub fn run(cmd: SecurityCmd, json: bool) -> Result<()> {
    runtime()?.block_on(async {
        match cmd {
            SecurityCmd::Status { tender, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let st = api.my_security(&tender).await?;
                let t = api.tender_record(&tender).await?;
                if json {
                    ui::print_json(&st);
                    return Ok(());
                }
                let Some(req) = &st.requirement else {
                    println!("Tender {tender} requires no bid security.");
                    return Ok(());
                };
                println!(
                    "Bid security for {tender}: {} yuan (bid validity {} days after the deadline).",
                    req.amount, req.bid_validity_days
                );
                if let (Some(r), Some(a)) = (&st.reference, &req.account) {
                    println!("Pay to {} — {} {} — writing the reference {r} on the transfer.", a.name, a.bank, a.number);
                }
                for d in &st.deposits {
                    println!("  deposit {} yuan from {} received {}", d.amount, d.payer_name, d.received_at.to_beijing());
                }
                for g in &st.guarantees {
                    let check = match tenderbox_client::guarantee::verify_guarantee(g, &t.document) {
                        Ok(()) => "signature and terms verified here".to_string(),
                        Err(e) => format!("NOT VALID: {e}"),
                    };
                    let revoked = g.revocation.as_ref().map(|r| format!(" — revoked: {}", r.doc.reason)).unwrap_or_default();
                    println!(
                        "  guarantee {} by {} for {} yuan: {check}{revoked}",
                        g.signed.doc.number, g.signed.doc.guarantor.name, g.signed.doc.amount
                    );
                }
                if let Some(e) = &st.exemption {
                    println!("  credit waiver: {}", if e.exempt { "granted by the credit library" } else { "not granted" });
                }
                match &st.outcome.reason {
                    None => println!("Security stands ({}).", st.outcome.how),
                    Some(r) => println!("No valid security yet: {r}"),
                }
            }
            SecurityCmd::Issue { tender, applicant, applicant_name, number, amount, until, actor } => {
                let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let t = api.tender_record(&tender).await?.document;
                let req = t
                    .security
                    .as_ref()
                    .ok_or_else(|| Failure::new("guarantee.terms", format!("tender {tender} requires no bid security")))?;
                let ks = ui::open_store(actor.store.keystore.as_deref(), false)?;
                let (public, _) = ks.load(&actor.identity)?;
                let g = Guarantee {
                    format: GUARANTEE_FORMAT,
                    number,
                    guarantor: Party { name: public.name.clone(), uscc: public.uscc.clone() },
                    beneficiary: t.tenderer.clone(),
                    applicant: Party {
                        name: applicant_name,
                        uscc: Uscc::parse(&applicant).map_err(|e| Failure::new(e.code(), format!("applicant '{applicant}': {e}")))?,
                    },
                    tender: tender.clone(),
                    amount: match amount {
                        Some(a) => money(&a, "amount")?,
                        None => req.amount,
                    },
                    valid_from: tenderbox_core::credit::day_of(ui::now()),
                    valid_until: until.unwrap_or_else(|| req.covered_until(t.deadline)),
                    issued_at: ui::now(),
                };
                let problems = tenderbox_core::security::guarantee_problems(&g, &t.id, &t.tenderer, req, t.deadline);
                if !problems.is_empty() {
                    let list: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
                    return Err(Failure::new("guarantee.terms", format!("the guarantee does not meet the tender: {}", list.join("; "))));
                }
                let rec = api.issue_guarantee(&sign(g, &me(&secret), &secret)?).await?;
                if json {
                    ui::print_json(&rec);
                } else {
                    println!(
                        "Guarantee {} issued as {} for {} (log: readable by you until the deadline).",
                        rec.signed.doc.number, rec.id, rec.signed.doc.applicant.name
                    );
                }
            }
            SecurityCmd::Revoke { id, reason, actor } => {
                let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let doc = GuaranteeRevocation { format: GUARANTEE_FORMAT, guarantee: id.clone(), reason, revoked_at: ui::now() };
                print_guarantees(&[api.revoke_guarantee(&id, &sign(doc, &me(&secret), &secret)?).await?], json);
            }
            SecurityCmd::Guarantees { tender, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                print_guarantees(&api.guarantees(&tender).await?, json);
            }
            SecurityCmd::ImportStatement { file, actor } => {
                let text = std::fs::read_to_string(&file).map_err(|e| Failure::new("io", format!("{}: {e}", file.display())))?;
                if let Err(rows) = parse_statement(&text) {
                    let lines: Vec<String> =
                        rows.iter().map(|r| format!("line {} {} [{}]: {}", r.line, r.column, r.code, r.message)).collect();
                    return Err(Failure::new(
                        "deposit.import",
                        format!("{} bad row(s) in {}, nothing recorded:\n{}", rows.len(), file.display(), lines.join("\n")),
                    ));
                }
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let r = api.import_statement(&text).await?;
                if json {
                    ui::print_json(&r);
                } else {
                    println!("Recorded {} deposit(s).", r.recorded);
                    for l in &r.skipped {
                        println!("line {l}: recorded before (same bank serial); skipped");
                    }
                }
            }
            SecurityCmd::Deposits { tender, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                print_deposits(&api.deposits(tender.as_deref()).await?, json);
            }
            SecurityCmd::Refund { id, serial, amount, interest, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let r = RefundRequest { bank_serial: serial, amount: money(&amount, "amount")?, interest: money(&interest, "interest")? };
                print_deposits(&[api.refund_deposit(&id, &r).await?], json);
            }
            SecurityCmd::Contract { tender, signed_at, actor } => {
                let at = Timestamp::parse(&signed_at).map_err(|e| Failure::new("contract.date", format!("'{signed_at}': {e}")))?;
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let r = api.record_contract(&tender, &ContractSigned { signed_at: at }).await?;
                if json {
                    ui::print_json(&r);
                } else {
                    println!("The contract of {tender} is recorded as signed {}; its deposits fall due.", at.to_beijing());
                }
            }
            SecurityCmd::Checks { tender, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let list = api.security_checks(&tender).await?;
                if json {
                    ui::print_json(&list);
                } else {
                    for c in &list {
                        println!(
                            "{}\t{}\t{}",
                            c.bidder,
                            c.outcome.how,
                            c.outcome.reason.clone().or(c.outcome.evidence.clone()).unwrap_or_default()
                        );
                    }
                }
            }
        }
        Ok(())
    })
}
