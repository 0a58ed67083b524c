use crate::cli::BidCmd;
use crate::ui::{self, Failure, Result};
use std::path::Path;
use tenderbox_client::draft::{Draft, read_tender};
use tenderbox_client::files::write_atomic;
use tenderbox_client::sealing::{open_to_dir, seal_draft};
use tenderbox_core::amount::to_chinese_upper;
use tenderbox_seal::SystemEntropy;
use tenderbox_seal::bid::Opener;

/// The lot named, or the only lot of a one-lot tender.
fn lot_of(d: &Draft, lot: Option<String>) -> Result<String> {
    match lot {
        Some(l) => Ok(l),
        None if d.tender.lots.len() == 1 => Ok(d.tender.lots[0].id.clone()),
        None => Err(Failure::new(
            "lot.ambiguous",
            format!(
                "the tender has {} lots ({}); name one with --lot",
                d.tender.lots.len(),
                d.tender.lots.iter().map(|l| l.id.as_str()).collect::<Vec<_>>().join(", ")
            ),
        )),
    }
}

pub fn run(cmd: BidCmd, json: bool) -> Result<()> {
    match cmd {
        BidCmd::Withdraw { tender, identity, store, server } => {
            return crate::online::withdraw(&tender, &identity, store.keystore.as_deref(), &server.server);
        }
        BidCmd::Submit { file, members, identity, store, server } => {
            for m in &members {
                tenderbox_core::uscc::Uscc::parse(m.trim())
                    .map_err(|e| Failure::new("consortium.member", format!("consortium member '{m}': {e}")))?;
            }
            return crate::online::submit(&file, &members, &identity, store.keystore.as_deref(), &server.server, json);
        }
        BidCmd::Init { tender, output } => {
            let t = read_tender(&tender)?;
            let d = Draft::init(t, &output)?;
            // The supervision certificates `tender fetch` kept beside the tender go with the draft.
            let sidecar = tender.with_extension("supervision.json");
            if sidecar.is_file() {
                write_atomic(&output.join(SUPERVISION_FILE), &std::fs::read(&sidecar)?, false)?;
            }
            let n = d.check().len();
            if json {
                ui::print_json(&serde_json::json!({ "draft": output, "tender": d.tender.id, "missing": n }));
            } else {
                println!(
                    "Created bid draft {} for tender {} ({}).\n{n} item(s) to complete; see `tenderbox bid check {}`.",
                    output.display(),
                    d.tender.id,
                    d.tender.title,
                    output.display()
                );
            }
        }
        BidCmd::Price { draft, amount, lot, duration, quality } => {
            let mut d = Draft::load(&draft)?;
            let lot = lot_of(&d, lot)?;
            let v = d.set_price(&lot, &amount)?;
            if let Some(days) = duration {
                d.set_duration(&lot, days)?;
            }
            if let Some(q) = quality {
                d.set_quality(&lot, &q)?;
            }
            d.save()?;
            let upper = to_chinese_upper(v).map_err(|e| Failure::new("price.invalid", e.to_string()))?;
            if json {
                ui::print_json(&serde_json::json!({ "lot": lot, "price": v, "price_upper": upper }));
            } else {
                println!("Lot {lot}: ¥{v}  人民币（大写）{upper}");
            }
        }
        BidCmd::Consortium { draft, members } => {
            let mut d = Draft::load(&draft)?;
            let pairs: Vec<(String, String)> = members
                .iter()
                .map(|m| {
                    m.split_once('=')
                        .map(|(c, n)| (c.to_string(), n.to_string()))
                        .ok_or_else(|| Failure::new("consortium.member", format!("'{m}': write each member as USCC=名称")))
                })
                .collect::<Result<_>>()?;
            d.set_consortium(&pairs)?;
            d.save()?;
            if json {
                ui::print_json(&d.bid.consortium);
            } else if d.bid.consortium.is_empty() {
                println!("Bidding alone (no consortium).");
            } else {
                for m in &d.bid.consortium {
                    println!("member {} {}", m.uscc, m.name);
                }
                println!(
                    "Name them again when submitting: tenderbox bid submit FILE --member USCC … (they are signed into the submission)."
                );
            }
        }
        BidCmd::People { draft, legal_rep, project_manager } => {
            let mut d = Draft::load(&draft)?;
            d.set_personnel(legal_rep.as_deref(), project_manager.as_deref())?;
            d.save()?;
            if json {
                ui::print_json(&d.bid.personnel);
            } else {
                let mask =
                    |s: &Option<String>| s.as_deref().map(|v| format!("{}********{}", &v[..6], &v[14..])).unwrap_or_else(|| "—".into());
                println!(
                    "Legal representative {}, project manager {} (only keyed hashes are sealed, to supervision).",
                    mask(&d.bid.personnel.legal_rep_id),
                    mask(&d.bid.personnel.project_manager_id)
                );
            }
        }
        BidCmd::Respond { draft, item, text, lot, criterion } => {
            let mut d = Draft::load(&draft)?;
            let lot = lot_of(&d, lot)?;
            d.respond(&lot, &item, &text)?;
            for c in &criterion {
                d.link_criterion(&lot, &item, c)?;
            }
            d.save()?;
            if !json {
                println!("Saved the response to {lot}/{item}.");
            }
        }
        BidCmd::Attach { draft, file, item, lot, name } => {
            let mut d = Draft::load(&draft)?;
            let lot = lot_of(&d, lot)?;
            let n = d.attach(&file, name.as_deref(), &lot, &item)?;
            d.save()?;
            if json {
                ui::print_json(&serde_json::json!({ "attachment": n, "lot": lot, "item": item }));
            } else {
                println!("Attached {} as '{n}' to {lot}/{item}.", file.display());
            }
        }
        BidCmd::Check { draft } => {
            let d = Draft::load(&draft)?;
            let problems = d.check();
            if problems.is_empty() {
                if json {
                    ui::print_json(&serde_json::json!({ "complete": true, "problems": [] }));
                } else {
                    println!("The draft is complete and can be sealed.");
                }
                return Ok(());
            }
            if json {
                ui::print_json(&serde_json::json!({ "complete": false, "problems": problems }));
            }
            return Err(Failure {
                code: "draft.incomplete".into(),
                message: format!("the draft is incomplete: {} item(s) missing or invalid", problems.len()),
                problems,
            });
        }
        BidCmd::Seal { draft, identity, store, output, without_committee, server } => {
            let d = Draft::load(&draft)?;
            let problems = d.check();
            if !problems.is_empty() {
                return Err(Failure {
                    code: "draft.incomplete".into(),
                    message: format!("the draft cannot be finalised: {} item(s) missing or invalid", problems.len()),
                    problems,
                });
            }
            let supervisors = draft_supervisors(&draft, &server.server)?;
            if supervisors.is_empty() && !json {
                eprintln!("Note: no supervision recipients are known for this draft, so no machine fingerprint is recorded.");
            }
            let ks = ui::open_store(store.keystore.as_deref(), false)?;
            let (public, secret) = ks.load(&identity)?;
            let pb = ui::bytes_bar(0, "Sealing");
            let sealed = seal_draft(
                &d,
                tenderbox_client::sealing::SealOptions {
                    omit_optional_committee: without_committee,
                    supervisors,
                    installation: tenderbox_client::fingerprint::installation_id(&tenderbox_client::home::data_dir()).ok(),
                },
                (&public, &secret),
                &output,
                ui::now(),
                &SystemEntropy::new(),
                &mut |done, total| {
                    pb.set_length(total);
                    pb.set_position(done);
                },
            )?;
            pb.finish_and_clear();
            let summary = serde_json::json!({
                "file": sealed.path,
                "size": sealed.size,
                "tender": sealed.manifest.tender,
                "bidder": { "name": sealed.manifest.bidder.name, "uscc": sealed.manifest.bidder.uscc },
                "lots": sealed.manifest.lots,
                "attachments": sealed.manifest.attachments.len(),
                "finalised_at": sealed.manifest.finalised_at,
            });
            if !json {
                eprintln!("Sealed bid written to {} ({} bytes).", sealed.path.display(), sealed.size);
            }
            ui::print_json(&summary);
        }
        BidCmd::Inspect { file } => {
            let i = tenderbox_client::sealing::inspect(&file)?;
            ui::print_json(&serde_json::json!({
                "file": file,
                "size": i.size,
                "sha256": i.sha256,
                "header": i.header,
                "stanza_kinds": i.stanza_kinds,
                "header_mac": i.header_mac,
            }));
        }
        BidCmd::Open { file, identity, store, output } => {
            let ks = ui::open_store(store.keystore.as_deref(), false)?;
            let (_, secret) = ks.load(&identity)?;
            let me = secret.signing_public();
            let size = std::fs::metadata(&file)?.len();
            let pb = ui::bytes_bar(size, "Opening");
            let (_, opened) = open_to_dir(&file, Opener::Bidder(&secret), &output, Some(&me), &mut |d| pb.set_position(d))?;
            pb.finish_and_clear();
            if !json {
                eprintln!(
                    "Opened and verified: signature valid, {} attachment(s) match their SHA-256. Written to {}.",
                    opened.manifest.attachments.len(),
                    Path::new(&output).display()
                );
            }
            ui::print_json(&opened.manifest);
        }
    }
    Ok(())
}

/// The file in a draft folder holding the supervision system's certificates (a
/// JSON list), copied from what `tender fetch` saved.
pub const SUPERVISION_FILE: &str = "supervision.json";

/// The supervision recipients for a draft: its certificates, each checked
/// against the log key pinned on this computer for `server` (no network).
fn draft_supervisors(draft: &std::path::Path, server: &str) -> Result<Vec<tenderbox_seal::package::Supervisor>> {
    let path = draft.join(SUPERVISION_FILE);
    let certs: Vec<String> = match std::fs::read(&path) {
        Ok(b) => serde_json::from_slice(&b).map_err(|e| Failure::new("draft.supervision", format!("{}: {e}", path.display())))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => return Err(e.into()),
    };
    if certs.is_empty() {
        return Ok(vec![]);
    }
    let st =
        tenderbox_client::logcheck::load(&tenderbox_client::logcheck::state_path(&tenderbox_client::home::data_dir(), server), server)?;
    let pk = tenderbox_wire::verifier_public_key(&st.verifier_key).map_err(|_| {
        Failure::new("log.unpinned", format!("no log key is pinned for {server} on this computer; run `tenderbox log trust` first"))
    })?;
    tenderbox_wire::supervisors_from_certificates(&certs, &pk).map_err(|e| Failure::new("draft.supervision", e))
}
