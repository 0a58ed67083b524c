//! `tenderbox expert …`: the expert library from the command line.

use crate::cli::ExpertCmd;
use crate::online::{logged_in, runtime};
use crate::ui::{self, Failure, Result};
use tenderbox_wire::{ExpertRecord, ExpertStatusChange};

fn print(list: &[ExpertRecord], json: bool) {
    if json {
        ui::print_json(&list);
        return;
    }
    for e in list {
        let p = &e.profile;
        let status = match (e.status.as_str(), e.suspended_until) {
            ("suspended", Some(t)) => format!("suspended until {}", &t.to_beijing()[..10]),
            (s, _) => s.to_string(),
        };
        println!(
            "{}\t{}\t{} ({})\t{} {}\t{}\t{} {}y\t{status}",
            p.code,
            p.name,
            p.employer_name,
            p.employer_uscc,
            p.centre,
            p.county,
            p.specialties.join(";"),
            p.title,
            p.years
        );
    }
}

pub fn run(cmd: ExpertCmd, json: bool) -> Result<()> {
    runtime()?.block_on(async {
        match cmd {
            ExpertCmd::Import { file, actor } => {
                let text = std::fs::read_to_string(&file).map_err(|e| Failure::new("io", format!("{}: {e}", file.display())))?;
                if let Err(rows) = tenderbox_core::expert_library::parse_csv(&text) {
                    let lines: Vec<String> =
                        rows.iter().map(|r| format!("line {} {} [{}]: {}", r.line, r.column, r.code, r.message)).collect();
                    return Err(Failure::new(
                        "expert.import",
                        format!("{} bad row(s) in {}, nothing imported:\n{}", rows.len(), file.display(), lines.join("\n")),
                    ));
                }
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let r = api.import_experts(&text).await?;
                if json {
                    ui::print_json(&r);
                } else {
                    println!("Imported {} expert(s) into the library.", r.imported);
                }
            }
            ExpertCmd::List { centre, specialty, status, search, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                print(&api.experts(centre.as_deref(), specialty.as_deref(), status.as_deref(), search.as_deref()).await?, json);
            }
            ExpertCmd::Export { out, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let csv = api.export_experts().await?;
                tenderbox_client::files::write_atomic(&out, csv.as_bytes(), false)
                    .map_err(|e| Failure::new("io", format!("{}: {e}", out.display())))?;
                if !json {
                    println!("Wrote the library to {} ({} expert(s)).", out.display(), csv.lines().count().saturating_sub(1));
                }
            }
            ExpertCmd::Suspend { code, until, reason, actor } => {
                let until = tenderbox_core::time::Timestamp::parse(&format!("{until}T23:59:59+08:00"))
                    .map_err(|_| Failure::new("expert.status", format!("'{until}' is not a date YYYY-MM-DD")))?;
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                print(
                    &[api.set_expert_status(&code, &ExpertStatusChange { status: "suspended".into(), until: Some(until), reason }).await?],
                    json,
                );
            }
            ExpertCmd::Remove { code, reason, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                print(&[api.set_expert_status(&code, &ExpertStatusChange { status: "removed".into(), until: None, reason }).await?], json);
            }
            ExpertCmd::Reinstate { code, reason, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                print(&[api.set_expert_status(&code, &ExpertStatusChange { status: "active".into(), until: None, reason }).await?], json);
            }
            ExpertCmd::Link { code, to, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                print(&[api.link_expert(&code, &to).await?], json);
            }
            ExpertCmd::Rate { draw, code, punctuality, diligence, fairness, note, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let r =
                    api.rate_expert(&draw, &tenderbox_wire::RateExpert { expert: code, punctuality, diligence, fairness, note }).await?;
                if json {
                    ui::print_json(&r);
                } else {
                    println!(
                        "Rated {} for draw {}: punctuality {}, diligence {}, fairness {}.",
                        r.expert, r.draw, r.punctuality, r.diligence, r.fairness
                    );
                }
            }
            ExpertCmd::Ratings { code, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let list = api.expert_ratings(&code).await?;
                if json {
                    ui::print_json(&list);
                } else {
                    for r in &list {
                        println!(
                            "{}\t{}\t{}\tpunctuality {} diligence {} fairness {}\t{}",
                            r.at.to_beijing(),
                            r.tender,
                            r.rater_role,
                            r.punctuality,
                            r.diligence,
                            r.fairness,
                            r.note
                        );
                    }
                    if list.is_empty() {
                        println!("No ratings yet.");
                    }
                }
            }
            ExpertCmd::Invitations { actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                crate::draws::print_invitations(&api.invitations().await?, json);
            }
            ExpertCmd::Accept { seat, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                crate::draws::print_invitations(&[api.answer_invitation(&seat, true, None).await?], json);
            }
            ExpertCmd::Decline { seat, reason, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                crate::draws::print_invitations(&[api.answer_invitation(&seat, false, Some(&reason)).await?], json);
            }
            ExpertCmd::Unavailable { code, dates, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                print(&[api.set_expert_availability(&code, &dates).await?], json);
            }
        }
        Ok(())
    })
}
