//! Commands that talk to a trading server.

use crate::cli::{LogCmd, ServerCmd, SupervisionCmd, TenderCmd};
use crate::ui::{self, Failure, Result};
use std::path::Path;
use tenderbox_client::api::Api;
use tenderbox_client::files::write_atomic;
use tenderbox_client::{home, logcheck};
use tenderbox_wire::Role;

pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| Failure::new("runtime", e.to_string()))
}

pub async fn logged_in(server: &str, identity: &str, keystore: Option<&Path>) -> Result<(Api, tenderbox_seal::identity::SecretIdentity)> {
    let ks = ui::open_store(keystore, false)?;
    let (public, secret) = ks.load(identity)?;
    let mut api = Api::new(server);
    api.login(&public, &secret).await?;
    Ok((api, secret))
}

/// The platform's log key as configured on this computer (`TENDERBOX_LOG_KEY`,
/// the key the trading centre publishes), if any.
pub fn configured_log_key() -> Option<String> {
    std::env::var("TENDERBOX_LOG_KEY").ok().map(|k| k.trim().to_string()).filter(|k| !k.is_empty())
}

/// The log key pinned for `server`: pinned earlier by `log trust`, or now from
/// the configured key; never silently from the server.
pub async fn pinned_log_key(api: &Api, server: &str) -> Result<String> {
    let state_path = logcheck::state_path(&home::data_dir(), server);
    let mut st = logcheck::load(&state_path, server)?;
    let key = logcheck::pinned_key(api, &mut st, configured_log_key().as_deref()).await?;
    logcheck::save(&state_path, &st)?;
    Ok(key)
}

/// The tender's close as this client must see it before releasing key material:
/// the tender re-verified (document, agency, log), then its close event proved in
/// a checkpoint that extends the one stored for this server, which is then kept.
pub async fn verified_close(api: &Api, server: &str, tender: &str) -> Result<tenderbox_wire::TenderRecord> {
    let state_path = logcheck::state_path(&home::data_dir(), server);
    let mut st = logcheck::load(&state_path, server)?;
    let key = logcheck::pinned_key(api, &mut st, configured_log_key().as_deref()).await?;
    let v = tenderbox_client::tenders::fetch_verified(api, tender, &key).await?;
    let now = tenderbox_core::time::Timestamp::from_unix(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or_default(),
    );
    let (_, note) = logcheck::verified_close(api, &key, st.checkpoint.as_deref(), tender, v.record.document.deadline, now).await?;
    st.checkpoint = Some(note);
    logcheck::save(&state_path, &st)?;
    Ok(v.record)
}

pub fn server(cmd: ServerCmd, json: bool) -> Result<()> {
    runtime()?.block_on(async {
        match cmd {
            ServerCmd::Register { identity, roles, documents, store, server } => {
                let roles = roles
                    .iter()
                    .map(|r| {
                        Role::parse(r).filter(|r| *r != Role::CentreAdmin).ok_or_else(|| {
                            Failure::new(
                                "identity.roles",
                                format!("'{r}' is not a role you can ask for (bidder, agency, custodian, evaluator, supervisor)"),
                            )
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                let documents = documents
                    .iter()
                    .map(|d| {
                        let (kind, file) = d.split_once('=').ok_or_else(|| {
                            Failure::new("identity.documents", format!("'{d}': write KIND=FILE, e.g. licence=营业执照.pdf"))
                        })?;
                        let path = std::path::PathBuf::from(file);
                        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or(file).to_string();
                        Ok(tenderbox_client::identity_flow::DocumentFile { kind: kind.to_string(), name, path })
                    })
                    .collect::<Result<Vec<_>>>()?;
                let ks = ui::open_store(store.keystore.as_deref(), false)?;
                let rec = if documents.is_empty() {
                    Api::new(&server.server).register(&ks.public(&identity)?, &roles).await?
                } else {
                    let (public, secret) = ks.load(&identity)?;
                    tenderbox_client::identity_flow::register(&Api::new(&server.server), &public, &secret, &roles, &documents).await?
                };
                let public = rec.identity.clone();
                if !json {
                    eprintln!(
                        "Registered '{}' as {}; waiting for a centre admin to approve id {}.",
                        public.name,
                        roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", "),
                        rec.id
                    );
                }
                ui::print_json(&rec);
            }
            ServerCmd::Pending { identity, store, server } => {
                let (api, _) = logged_in(&server.server, &identity, store.keystore.as_deref()).await?;
                let list = api.pending_identities().await?;
                if json {
                    ui::print_json(&list);
                } else if list.is_empty() {
                    println!("No registrations are waiting.");
                } else {
                    for r in list {
                        println!(
                            "{}\t{}\t{}\t{}",
                            r.id,
                            r.identity.uscc,
                            r.identity.name,
                            r.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
                        );
                    }
                }
            }
            ServerCmd::Reject { id, reason, identity, store, server } => {
                let (api, _) = logged_in(&server.server, &identity, store.keystore.as_deref()).await?;
                let rec = api.reject_identity(&id, &reason).await?;
                ui::print_json(&rec);
            }
            ServerCmd::Approve { id, identity, store, server } => {
                let (api, _) = logged_in(&server.server, &identity, store.keystore.as_deref()).await?;
                let rec = api.approve_identity(&id).await?;
                if !json {
                    eprintln!("Approved {} ({}).", rec.identity.name, rec.identity.uscc);
                }
                ui::print_json(&rec);
            }
        }
        Ok(())
    })
}

pub fn tender(cmd: TenderCmd, json: bool) -> Result<()> {
    runtime()?.block_on(async {
        match cmd {
            TenderCmd::Publish { file, identity, amend, files, store, server } => {
                let doc = tenderbox_client::draft::read_tender(&file)?;
                let (api, secret) = logged_in(&server.server, &identity, store.keystore.as_deref()).await?;
                let dir = files.unwrap_or_else(|| file.parent().map(Path::to_path_buf).unwrap_or_default());
                let rec = tenderbox_client::tenders::publish_package(&api, &secret, &doc, &dir, amend, &[], &mut |name, size| {
                    if !json {
                        eprintln!("Stored package file {name} ({size} bytes).");
                    }
                })
                .await?;
                if !json {
                    eprintln!(
                        "Published {} v{} ({:?}), deadline {} (Beijing time).",
                        rec.summary.id,
                        rec.summary.version,
                        rec.summary.status,
                        rec.summary.deadline.to_beijing()
                    );
                }
                ui::print_json(&rec.summary);
            }
            TenderCmd::Cancel { id, reason, identity, store, server } => {
                let (api, _) = logged_in(&server.server, &identity, store.keystore.as_deref()).await?;
                let rec = api.cancel_tender(&id, &reason).await?;
                ui::print_json(&rec.summary);
            }
            TenderCmd::Clarifications { id, identity, store, server } => {
                let api = match identity {
                    Some(name) => logged_in(&server.server, &name, store.keystore.as_deref()).await?.0,
                    None => Api::new(&server.server),
                };
                let list = api.clarifications(&id).await?;
                if json {
                    ui::print_json(&list);
                } else {
                    for c in &list {
                        println!("[{}] {} {}\n  问：{}\n  答：{}", c.id, c.asked_at.to_beijing(), if c.mine { "(mine)" } else { "" }, c.question, c.answer.as_deref().unwrap_or("（尚未答复）"));
                    }
                }
            }
            TenderCmd::Ask { id, question, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                ui::print_json(&api.ask_clarification(&id, &question).await?);
            }
            TenderCmd::Answer { id, question_id, answer, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                ui::print_json(&api.answer_clarification(&id, &question_id, &answer).await?);
            }
            TenderCmd::List { server } => {
                let list = Api::new(&server.server).tender_list().await?;
                if json {
                    ui::print_json(&list);
                } else {
                    for t in list {
                        println!("{}\tv{}\t{:?}\t{}\t{}", t.id, t.version, t.status, t.deadline.to_beijing(), t.title);
                    }
                }
            }
            TenderCmd::Fetch { id, output, files, server } => {
                let api = Api::new(&server.server);
                let state_path = logcheck::state_path(&home::data_dir(), &server.server);
                let mut st = logcheck::load(&state_path, &server.server)?;
                let key = logcheck::pinned_key(&api, &mut st, configured_log_key().as_deref()).await?;
                logcheck::save(&state_path, &st)?;
                let v = tenderbox_client::tenders::fetch_verified(&api, &id, &key).await?;
                let dir = files.unwrap_or_else(|| output.parent().map(Path::to_path_buf).unwrap_or_default());
                for f in &v.record.document.files {
                    let pb = ui::bytes_bar(f.size, &f.name);
                    tenderbox_client::tenders::download_file(&api, &id, f, &dir, &mut |done, total| {
                        pb.set_length(total);
                        pb.set_position(done);
                    })
                    .await?;
                    pb.finish_and_clear();
                }
                write_atomic(&output, &serde_json::to_vec_pretty(&v.record.document).expect("serialisable"), false)?;
                // The supervision system's certificates, for sealing the machine fingerprint to it.
                let sidecar = output.with_extension("supervision.json");
                write_atomic(&sidecar, &serde_json::to_vec_pretty(&v.record.supervisor_certificates).expect("serialisable"), false)?;
                if !json {
                    eprintln!(
                        "Saved {} v{} to {}: SHA-256 {} signed by agency {} (certified by the platform), published at log index {}; {} package file(s) checked.",
                        id,
                        v.record.summary.version,
                        output.display(),
                        v.record.summary.hash,
                        v.record.agency_id,
                        v.event.index,
                        v.record.document.files.len()
                    );
                }
                ui::print_json(&v.record.summary);
            }
            _ => unreachable!("offline tender commands are handled in tender.rs"),
        }
        Ok(())
    })
}

pub fn submit(file: &Path, members: &[String], identity: &str, keystore: Option<&Path>, server: &str, json: bool) -> Result<()> {
    let header = tenderbox_seal::envelope::read_header(&mut std::io::BufReader::new(std::fs::File::open(file)?))?;
    let resume_file = file.with_extension("tbx.upload");
    let resume = std::fs::read_to_string(&resume_file).ok().map(|s| s.trim().to_string());
    runtime()?.block_on(async {
        let (api, secret) = logged_in(server, identity, keystore).await?;
        let pb = ui::bytes_bar(0, "Uploading");
        let rec = api
            .submit(
                &header.header.tender,
                file,
                resume.as_deref(),
                members,
                &secret,
                &mut |id| {
                    let _ = write_atomic(&resume_file, id.as_bytes(), false);
                },
                &mut |sent, total| {
                    pb.set_length(total);
                    pb.set_position(sent);
                },
            )
            .await?;
        pb.finish_and_clear();
        let _ = std::fs::remove_file(&resume_file);
        // Checked again against this computer's pinned key, not the one the server offers.
        let key = pinned_log_key(&api, server).await?;
        rec.receipt
            .verify(&key)
            .map_err(|e| Failure::new("receipt.invalid", format!("the receipt does not verify against the pinned log key: {e}")))?;
        let receipt_file = file.with_extension("tbx.receipt.json");
        write_atomic(&receipt_file, &serde_json::to_vec_pretty(&rec.receipt).expect("serialisable"), false)?;
        let path = logcheck::state_path(&home::data_dir(), server);
        let mut st = logcheck::load(&path, server)?;
        st.receipts.push(rec.receipt.clone());
        logcheck::save(&path, &st)?;
        if !json {
            eprintln!(
                "Submitted. Receipt verified: server time {} (Beijing {}), log index {}. Saved to {}.",
                rec.receipt.body.server_time,
                rec.receipt.body.server_time.to_beijing(),
                rec.receipt.body.log_index,
                receipt_file.display()
            );
        }
        ui::print_json(&rec);
        Ok(())
    })
}

pub fn log(cmd: LogCmd, json: bool) -> Result<()> {
    runtime()?.block_on(async {
        match cmd {
            LogCmd::Verify { server } => {
                let path = logcheck::state_path(&home::data_dir(), &server.server);
                let mut st = logcheck::load(&path, &server.server)?;
                let report = logcheck::verify(&Api::new(&server.server), &mut st, configured_log_key().as_deref()).await?;
                logcheck::save(&path, &st)?;
                if json {
                    ui::print_json(&report);
                } else {
                    match report.previous_size {
                        Some(p) => println!("The log grew from {p} to {} leaves consistently (root {}).", report.size, report.root),
                        None => println!(
                            "First check: the log has {} leaves (root {}); later checks will prove it only grows.",
                            report.size, report.root
                        ),
                    }
                    println!("{} receipt(s) verified in the current log.", report.receipts_verified);
                }
            }
            LogCmd::Key { server } => {
                let offered = Api::new(&server.server).health().await?.log_key;
                let st = logcheck::load(&logcheck::state_path(&home::data_dir(), &server.server), &server.server)?;
                let fingerprint = tenderbox_wire::log_key_fingerprint(&offered);
                let pinned = !st.verifier_key.is_empty() && st.verifier_key == offered;
                if json {
                    ui::print_json(&serde_json::json!({ "key": offered, "fingerprint": fingerprint, "pinned": pinned }));
                } else {
                    println!("{offered}\nfingerprint: {fingerprint}");
                    if pinned {
                        println!("This is the key pinned on this computer.");
                    } else if st.verifier_key.is_empty() && configured_log_key().as_deref() == Some(offered.as_str()) {
                        println!("This is the key configured on this computer (TENDERBOX_LOG_KEY); it is pinned at first use.");
                    } else if st.verifier_key.is_empty() && configured_log_key().is_some() {
                        println!("ALARM: this is not the key configured on this computer (TENDERBOX_LOG_KEY).");
                    } else if st.verifier_key.is_empty() {
                        println!("Not pinned yet: compare the fingerprint with the one the trading centre publishes, then `tenderbox log trust --fingerprint '{fingerprint}'`.");
                    } else {
                        println!("ALARM: this computer pinned another key: {}", st.verifier_key);
                    }
                }
            }
            LogCmd::Trust { fingerprint, key, server } => {
                let path = logcheck::state_path(&home::data_dir(), &server.server);
                let mut st = logcheck::load(&path, &server.server)?;
                let confirmation = key.or(fingerprint).unwrap_or_default();
                let pinned = logcheck::trust(&Api::new(&server.server), &mut st, &confirmation).await?;
                logcheck::save(&path, &st)?;
                if json {
                    ui::print_json(&serde_json::json!({ "key": pinned, "fingerprint": tenderbox_wire::log_key_fingerprint(&pinned) }));
                } else {
                    println!("Pinned the log key of {} (fingerprint {}).", server.server, tenderbox_wire::log_key_fingerprint(&pinned));
                }
            }
        }
        Ok(())
    })
}

pub fn withdraw(tender: &str, identity: &str, keystore: Option<&Path>, server: &str) -> Result<()> {
    runtime()?.block_on(async {
        let (api, secret) = logged_in(server, identity, keystore).await?;
        let mine = api.my_bids(tender).await?;
        let active = mine
            .iter()
            .find(|b| b.status == tenderbox_wire::BidStatus::Active)
            .ok_or_else(|| Failure::new("bid.not_found", format!("you have no active bid for tender {tender}")))?;
        // The withdrawal is signed here, for this exact submission; the log keeps the signature.
        let req = tenderbox_wire::WithdrawRequest::sign(tender, &active.sha256, active.receipt.body.log_index, &secret);
        let r = api.withdraw(tender, &req).await?;
        ui::print_json(&r);
        Ok(())
    })
}

pub fn supervision(cmd: SupervisionCmd, json: bool) -> Result<()> {
    runtime()?.block_on(async {
        match cmd {
            SupervisionCmd::Audit { actor } => {
                let server = &actor.server.server;
                let (api, _) = logged_in(server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let state_path = logcheck::state_path(&home::data_dir(), server);
                let mut st = logcheck::load(&state_path, server)?;
                let key = logcheck::pinned_key(&api, &mut st, configured_log_key().as_deref()).await?;
                let report = tenderbox_client::supervision::verify_audit(&api, &key, st.checkpoint.as_deref()).await?;
                logcheck::save(&state_path, &st)?;
                if json {
                    ui::print_json(&report);
                } else {
                    println!("{:<6} {:<20} {:<18} {:<16} {:<6} {:<40} status", "seq", "time (Beijing)", "identity", "address", "method", "path");
                    for r in &report.recent {
                        println!(
                            "{:<6} {:<20} {:<18} {:<16} {:<6} {:<40} {}",
                            r.seq,
                            r.at.to_beijing(),
                            r.identity_id.as_deref().map(|i| &i[..i.len().min(16)]).unwrap_or("-"),
                            r.remote,
                            r.method,
                            r.path,
                            r.status
                        );
                    }
                    let head = &report.head[..report.head.len().min(16)];
                    match report.covered_through {
                        Some(through) => println!(
                            "\nThe audit trail's {} record(s) recompute to head {head}; all {} chain head(s) in the log match (the latest proved in the signed log of size {}); records 1–{through} are anchored in the log.",
                            report.records, report.logged_heads, report.log_size
                        ),
                        None => println!(
                            "\nThe audit trail's {} record(s) recompute to head {head}; no chain head is in the log yet (the server logs it every minute), so nothing is anchored yet.",
                            report.records
                        ),
                    }
                }
            }
            SupervisionCmd::Alerts { tender, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let list = api.collusion_alerts(&tender).await?;
                if json {
                    ui::print_json(&list);
                } else if list.is_empty() {
                    println!("No collusion signal among the opened bids of {tender}.");
                } else {
                    for a in &list {
                        let decision = match &a.decision {
                            Some(d) => format!("{}: {}", d.doc.finding, d.doc.reasons),
                            None => "awaiting a decision".into(),
                        };
                        println!("{}	{}	{}	{}	{decision}", a.id, a.rule, a.bidders.join(", "), a.evidence);
                    }
                }
            }
            SupervisionCmd::Tenders { actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let o = api.supervision_overview().await?;
                if json {
                    ui::print_json(&o);
                } else {
                    println!(
                        "Supervising: {}",
                        if o.departments.is_empty() { "every trading type (comprehensive office)".to_string() } else { o.departments.join(", ") }
                    );
                    for t in &o.tenders {
                        println!(
                            "{}\t{}\t{}\t{}\t{}\t{}\talerts {}/{} open\tcomplaints {}/{} open",
                            t.id,
                            t.title,
                            t.trading_type,
                            t.status,
                            t.deadline.to_beijing(),
                            if t.opened { format!("{} bid(s) opened", t.bids) } else { "not opened".into() },
                            t.alerts_open,
                            t.alerts,
                            t.complaints_open,
                            t.complaints
                        );
                    }
                }
            }
            SupervisionCmd::Search { who, tender, address, from, to, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let o = |v: &Option<String>| v.clone().unwrap_or_default();
                let (who, tender, address, from, to) = (o(&who), o(&tender), o(&address), o(&from), o(&to));
                let hits = api
                    .audit_search(&[("identity", &who), ("tender", &tender), ("address", &address), ("from", &from), ("to", &to)])
                    .await?;
                if json {
                    ui::print_json(&hits);
                } else if hits.is_empty() {
                    println!("No audit record matches.");
                } else {
                    for h in &hits {
                        println!(
                            "{:<6} {:<20} {:<24} {:<20} {:<21} {} {} {}",
                            h.record.seq,
                            h.record.at.to_beijing(),
                            h.identity_name.as_deref().unwrap_or("-"),
                            h.identity_uscc.as_deref().unwrap_or("-"),
                            h.record.remote,
                            h.record.method,
                            h.record.path,
                            h.record.status
                        );
                    }
                }
            }
            SupervisionCmd::Statistics { from, to, csv, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                if let Some(path) = csv {
                    let text = api.statistics_csv(&from, &to).await?;
                    tenderbox_client::files::write_atomic(&path, text.as_bytes(), false)
                        .map_err(|e| Failure::new("io", format!("{}: {e}", path.display())))?;
                    if !json {
                        println!("Wrote {} ({} centre line(s) and the total).", path.display(), text.lines().count().saturating_sub(2));
                    }
                    return Ok(());
                }
                let st = api.statistics(&from, &to).await?;
                if json {
                    ui::print_json(&st);
                } else {
                    println!("Tenders published {from} to {to}:");
                    println!("{:<8} {:>7} {:>18} {:>7} {:>6} {:>8} {:>7} {:>18} {:>16} {:>8} {:>6} {:>10}", "centre", "tenders", "value", "opened", "bids", "per", "awarded", "awarded value", "savings", "rate %", "failed", "complaints");
                    for r in &st.rows {
                        let opt = |d: Option<tenderbox_core::Decimal>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
                        println!(
                            "{:<8} {:>7} {:>18} {:>7} {:>6} {:>8} {:>7} {:>18} {:>16} {:>8} {:>6} {:>10}",
                            if r.centre.is_empty() { "total" } else { r.centre.as_str() },
                            r.tenders,
                            r.value,
                            r.opened,
                            r.bids,
                            opt(r.bidders_per_tender),
                            r.awarded_lots,
                            r.awarded_value,
                            r.savings,
                            opt(r.savings_rate),
                            r.failed,
                            r.complaints
                        );
                    }
                }
            }
            SupervisionCmd::Departments { supervisor, departments, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let d = api.set_departments(&supervisor, &departments).await?;
                if json {
                    ui::print_json(&d);
                } else if d.departments.is_empty() {
                    println!("{supervisor} supervises every trading type (the comprehensive office).");
                } else {
                    println!("{supervisor} supervises: {}.", d.departments.join(", "));
                }
            }
            SupervisionCmd::Decide { alert, finding, reasons, actor } => {
                let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let me = tenderbox_wire::identity_id(&base64::Engine::encode(&base64::engine::general_purpose::STANDARD, secret.signing_public()));
                let doc = tenderbox_core::collusion::AlertDecision { format: 1, alert: alert.clone(), finding, reasons, decided_at: ui::now() };
                let a = api.decide_alert(&alert, &tenderbox_seal::signed::sign(doc, &me, &secret)?).await?;
                if json {
                    ui::print_json(&a);
                } else {
                    println!("Alert {} ({}) decided: {}.", a.id, a.rule, a.decision.map(|d| d.doc.finding).unwrap_or_default());
                }
            }
            SupervisionCmd::Machines { tender, raise, actor } => {
                let ks = ui::open_store(actor.store.keystore.as_deref(), false)?;
                let (public, secret) = ks.load(&actor.identity)?;
                let mut api = Api::new(&actor.server.server);
                api.login(&public, &secret).await?;
                let my_id = tenderbox_wire::identity_id(&public.signing_key);
                let report = tenderbox_client::supervision::compare_machines(&api, &tender, &my_id, &secret).await?;
                if json {
                    ui::print_json(&report);
                } else {
                    for b in &report.bids {
                        println!("{}\t{}\t{}", b.bidder_uscc, b.bidder_name, b.state);
                    }
                    if report.shared.is_empty() {
                        println!("\nNo two bidders share a machine component.");
                    }
                    for g in &report.shared {
                        println!("\nShared {} ({}…): {}", g.kind, &g.hash[..12], g.bidders.join(", "));
                    }
                }
                if raise {
                    let shared: Vec<(String, String, Vec<String>)> =
                        report.shared.iter().map(|g| (g.kind.clone(), g.hash.clone(), g.bidders.clone())).collect();
                    for a in tenderbox_core::collusion::sealed_alerts(&shared) {
                        let a = api.raise_alert(&tender, &tenderbox_wire::RaiseAlert { rule: a.rule, bidders: a.bidders, evidence: a.evidence }).await?;
                        if !json {
                            println!("Raised alert {} ({}) for a decision.", a.id, a.rule);
                        }
                    }
                }
            }
        }
        Ok(())
    })
}

/// **open_data.ocds**: a tender's OCDS packages, checked against the vendored schemas.
pub fn data(cmd: crate::cli::DataCmd, json: bool) -> Result<()> {
    let crate::cli::DataCmd::Ocds { tender, out, server } = cmd;
    runtime()?.block_on(async {
        let api = Api::new(&server.server);
        let releases = api.ocds_releases(&tender).await?;
        let record = api.ocds_record(&tender).await?;
        if let Some(dir) = &out {
            std::fs::create_dir_all(dir)?;
            let pretty = |v: &serde_json::Value| serde_json::to_vec_pretty(v).expect("JSON");
            write_atomic(&dir.join(format!("{tender}.releases.json")), &pretty(&releases), false)?;
            write_atomic(&dir.join(format!("{tender}.record.json")), &pretty(&record), false)?;
        }
        let v = tenderbox_exchange::schema::Validators::new();
        let mut problems = Vec::new();
        if let Err(e) = v.release_package(&releases) {
            problems.extend(e.into_iter().map(|e| format!("release package {e}")));
        }
        if let Err(e) = v.record_package(&record) {
            problems.extend(e.into_iter().map(|e| format!("record package {e}")));
        }
        if !problems.is_empty() {
            return Err(Failure::new(
                "open_data.invalid",
                format!("the open data of {tender} breaks the OCDS schema:\n{}", problems.join("\n")),
            ));
        }
        let list = releases["releases"].as_array().cloned().unwrap_or_default();
        if json {
            let summary: Vec<serde_json::Value> =
                list.iter().map(|r| serde_json::json!({ "id": r["id"], "date": r["date"], "tag": r["tag"] })).collect();
            ui::print_json(&serde_json::json!({ "tender": tender, "valid": true, "releases": summary }));
        } else {
            for r in &list {
                println!(
                    "{}\t{}\t{}",
                    r["date"].as_str().unwrap_or_default(),
                    r["tag"][0].as_str().unwrap_or_default(),
                    r["id"].as_str().unwrap_or_default()
                );
            }
            println!("{} release(s) and the record of {tender} pass the OCDS 1.1.5 schemas (bids and lots extensions)", list.len());
        }
        Ok(())
    })
}

pub fn rules(cmd: crate::cli::RulesCmd, json: bool) -> Result<()> {
    use crate::cli::RulesCmd;
    runtime()?.block_on(async {
        let print = |list: &[tenderbox_wire::TradingRule]| {
            if json {
                ui::print_json(&list);
            } else {
                for r in list {
                    let until = r.rule.effective_to.map(|t| t.to_beijing()[..10].to_string()).unwrap_or_default();
                    let state =
                        r.retired_reason.as_deref().map(|why| format!("retired: {why}")).unwrap_or_else(|| "in the catalogue".into());
                    println!(
                        "{}\t{}\t{} {}\t{} – {until}\t{state}",
                        r.id,
                        r.rule.title,
                        r.rule.issuer,
                        r.rule.document_number,
                        &r.rule.effective_from.to_beijing()[..10]
                    );
                }
            }
        };
        match cmd {
            RulesCmd::List { all, server } => print(&Api::new(&server.server).rules(all).await?),
            RulesCmd::Add { title, issuer, number, category, from, to, url, summary, actor } => {
                let form = tenderbox_client::desk::RuleForm {
                    title,
                    issuer,
                    document_number: number,
                    category,
                    effective_from: from,
                    effective_to: to,
                    url,
                    summary,
                };
                let rule = form.to_rule().map_err(|e| Failure::new(&e.code, e.message))?;
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                print(&[api.publish_rule(&rule).await?]);
            }
            RulesCmd::Retire { id, reason, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                print(&[api.retire_rule(&id, &reason).await?]);
            }
        }
        Ok(())
    })
}

pub fn release(cmd: crate::cli::ReleaseCmd, json: bool) -> Result<()> {
    use crate::cli::ReleaseCmd;
    use tenderbox_client::release;
    let print = |list: &[tenderbox_wire::Release]| {
        if json {
            ui::print_json(&list);
        } else {
            for r in list {
                let state = r.withdrawn_reason.as_deref().map(|why| format!("withdrawn: {why}")).unwrap_or_else(|| "offered".into());
                println!(
                    "{}\t{}\t{} {}\t{}\t{} bytes\t{}\t{state}",
                    r.id,
                    r.release.version,
                    r.release.target,
                    r.release.bundle,
                    r.release.file_name,
                    r.release.size,
                    &r.published_at.to_beijing()[..16]
                );
            }
        }
    };
    match cmd {
        ReleaseCmd::Keygen { out } => {
            let pass = ui::passphrase(true)?;
            let key = release::keygen(&out, &pass, tenderbox_client::keystore::DEFAULT_ITERATIONS, &tenderbox_seal::SystemEntropy::new())?;
            let (private, public) = release::key_paths(&out);
            if json {
                ui::print_json(
                    &serde_json::json!({ "key_id": key.id_hex(), "private": private, "public": public, "config": key.to_config() }),
                );
            } else {
                println!(
                    "Update key {} made.\n  private: {} (keep it offline; passphrase-encrypted)\n  public:  {}",
                    key.id_hex(),
                    private.display(),
                    public.display()
                );
                println!(
                    "Build the app with TENDERBOX_UPDATE_PUBKEY=\"$(cat {})\"; start the server with --update-key {}.",
                    public.display(),
                    public.display()
                );
            }
            Ok(())
        }
        ReleaseCmd::Sign { key, version, installer } => {
            let pass = ui::passphrase(false)?;
            let signer = release::load_signer(&key, &pass)?;
            release::sign(&signer, &installer, &version, ui::now().unix())?;
            let out = release::sig_path(&installer);
            if json {
                ui::print_json(&serde_json::json!({ "signature": out, "key_id": signer.public().id_hex(), "version": version }));
            } else {
                println!("Signed {} as {version} with update key {}: {}", installer.display(), signer.public().id_hex(), out.display());
            }
            Ok(())
        }
        other => runtime()?.block_on(async {
            match other {
                ReleaseCmd::Publish { version, target, bundle, notes, installer, actor } => {
                    let bundle = match bundle.as_deref().or_else(|| release::bundle_of(&installer)) {
                        Some(b) => b.to_string(),
                        None => {
                            return Err(Failure::new(
                                "release.target",
                                "say the package kind with --bundle (deb, rpm, appimage, msi, nsis, app)",
                            ));
                        }
                    };
                    let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                    print(&[release::publish(&api, &installer, &version, &target, &bundle, &notes).await?]);
                }
                ReleaseCmd::List { server } => print(&Api::new(&server.server).releases().await?),
                ReleaseCmd::Withdraw { id, reason, actor } => {
                    let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                    print(&[api.withdraw_release(&id, &reason).await?]);
                }
                ReleaseCmd::Keygen { .. } | ReleaseCmd::Sign { .. } => unreachable!("handled above"),
            }
            Ok(())
        }),
    }
}
