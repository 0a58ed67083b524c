//! `tenderbox draw …` and the expert's invitations: the committee draw from the command
//! line, and its verification from public data.

use crate::cli::DrawCmd;
use crate::online::{logged_in, pinned_log_key, runtime};
use crate::ui::{self, Failure, Result};
use tenderbox_client::api::Api;
use tenderbox_client::{draw_verify, home, logcheck};
use tenderbox_core::time::Timestamp;
use tenderbox_wire::{DrawExclusion, DrawGroup, DrawRecord, DrawRequest, DrawVenue, Invitation};

/// `2026-12-20 09:00` (Beijing) or RFC 3339.
pub fn beijing(s: &str) -> Result<Timestamp> {
    let t = s.trim();
    let full = if t.len() == 16 && t.as_bytes()[10] == b' ' { format!("{}T{}:00+08:00", &t[..10], &t[11..]) } else { t.to_string() };
    Timestamp::parse(&full).map_err(|_| Failure::new("draw.start", format!("'{s}' is not a time like 2026-12-20 09:00 (Beijing)")))
}

#[allow(clippy::too_many_arguments)] // one per command-line option
fn parse_request(
    tender: String,
    size: u32,
    representatives: u32,
    venues: &[String],
    groups: &[String],
    reserves: u32,
    start: &str,
    answer_minutes: u32,
    excluded: &[String],
    lot: Option<String>,
) -> Result<DrawRequest> {
    let venues = venues
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let (centre, room) = v.split_once(':').ok_or_else(|| Failure::new("draw.venues", format!("'{v}' is not CENTRE:ROOM")))?;
            Ok(DrawVenue { centre: centre.trim().to_string(), main: i == 0, room: room.trim().to_string() })
        })
        .collect::<Result<Vec<_>>>()?;
    let groups = groups
        .iter()
        .map(|g| {
            let bad = || Failure::new("draw.counts", format!("'{g}' is not VENUE:SPECIALTY=COUNT (HZ:A08=3)"));
            let (left, count) = g.split_once('=').ok_or_else(bad)?;
            let (venue, specialty) = left.split_once(':').ok_or_else(bad)?;
            Ok(DrawGroup {
                venue: venue.trim().into(),
                specialty: specialty.trim().into(),
                count: count.trim().parse().map_err(|_| bad())?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let excluded = excluded
        .iter()
        .map(|x| {
            let (code, reason) = x.split_once('=').ok_or_else(|| Failure::new("draw.exclusion", format!("'{x}' is not CODE=REASON")))?;
            Ok(DrawExclusion { code: code.trim().into(), reason: reason.trim().into() })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(DrawRequest {
        tender,
        lot,
        size,
        tenderer_representatives: representatives,
        venues,
        groups,
        reserves_per_group: reserves,
        evaluation_start: beijing(start)?,
        answer_minutes,
        excluded,
    })
}

fn print_draw(d: &DrawRecord, json: bool) {
    if json {
        ui::print_json(d);
        return;
    }
    println!("Draw {} for {} ({}) — {}", d.id, d.request.tender, d.tender_title, d.status);
    println!("  evaluation   {} (Beijing)", d.request.evaluation_start.to_beijing());
    for v in &d.request.venues {
        println!("  venue        {} {} {}", v.centre, if v.main { "main" } else { "sub" }, v.room);
    }
    for g in &d.request.groups {
        println!("  group        {}:{} × {}", g.venue, g.specialty, g.count);
    }
    println!("  commitment   {} (log index {})", d.commitment, d.commit_index);
    if let Some(e) = &d.entropy_hex {
        println!(
            "  entropy      {e} (supervisor {}, log index {})",
            d.supervisor.as_deref().unwrap_or("?"),
            d.entropy_index.unwrap_or_default()
        );
    }
    for r in &d.rounds {
        let outcome = if r.shortfall.is_empty() {
            format!("result {}", r.result_hash.as_deref().unwrap_or(""))
        } else {
            let s: Vec<String> = r.shortfall.iter().map(|s| format!("{} wanted {} found {}", s.group, s.wanted, s.available)).collect();
            format!("FAILED: {}", s.join("; "))
        };
        println!("  round {}      {} at log size {} root {} — {outcome}", r.round, r.reason, r.checkpoint_size, &r.checkpoint_root[..16]);
    }
    if d.seats.is_empty() {
        println!("  seats        confidential until the reveal");
    }
    for s in &d.seats {
        println!(
            "  seat         round {} {}{} {} {} ({}) — {}{}",
            s.round,
            s.group,
            if s.reserve { " (reserve)" } else { "" },
            s.expert,
            s.name,
            s.employer_name,
            s.state,
            s.reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default()
        );
    }
}

pub fn print_invitations(list: &[Invitation], json: bool) {
    if json {
        ui::print_json(&list);
        return;
    }
    if list.is_empty() {
        println!("No invitations.");
    }
    for i in list {
        println!(
            "{}\t{}\t{} {}\t{} {}{}\tevaluation {}\tanswer by {}\t{}",
            i.seat,
            i.tender,
            i.tender_title,
            i.specialty,
            i.venue,
            i.room,
            if i.main_venue { " (main)" } else { " (sub-venue)" },
            i.evaluation_start.to_beijing(),
            i.answer_by.to_beijing(),
            i.state
        );
    }
}

async fn maybe_logged_in(server: &str, identity: Option<&str>, keystore: Option<&std::path::Path>) -> Result<Api> {
    Ok(match identity {
        Some(id) => logged_in(server, id, keystore).await?.0,
        None => Api::new(server),
    })
}

pub fn run(cmd: DrawCmd, json: bool) -> Result<()> {
    runtime()?.block_on(async {
        match cmd {
            DrawCmd::Request { tender, size, representatives, venues, groups, reserves, start, answer_minutes, excluded, lot, actor } => {
                let r = parse_request(tender, size, representatives, &venues, &groups, reserves, &start, answer_minutes, &excluded, lot)?;
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let d = api.request_draw(&r).await?;
                print_draw(&d, json);
                if !json {
                    println!("The commitment is in the log. A supervisor runs the draw: tenderbox draw run {} --entropy '…'", d.id);
                }
            }
            DrawCmd::Run { id, entropy, random, actor } => {
                let bytes = match (entropy, random) {
                    (Some(text), _) => text.into_bytes(),
                    (None, _) => {
                        let mut b = vec![0u8; 32];
                        ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut b)
                            .map_err(|_| Failure::new("draw.entropy", "this computer gave no random bytes"))?;
                        b
                    }
                };
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                print_draw(&api.draw_entropy(&id, &bytes).await?, json);
            }
            DrawCmd::Show { id, identity, store, server } => {
                let api = maybe_logged_in(&server.server, identity.as_deref(), store.keystore.as_deref()).await?;
                print_draw(&api.draw(&id).await?, json);
            }
            DrawCmd::List { tender, identity, store, server } => {
                let api = maybe_logged_in(&server.server, identity.as_deref(), store.keystore.as_deref()).await?;
                let list = api.draws(Some(&tender)).await?;
                if json {
                    ui::print_json(&list);
                } else {
                    for d in &list {
                        println!("{}\t{}\t{} round(s)\t{}", d.id, d.status, d.rounds.len(), d.commitment);
                    }
                }
            }
            DrawCmd::Reveal { id, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                print_draw(&api.reveal_draw(&id).await?, json);
            }
            DrawCmd::Verify { id, record, server } => {
                let api = Api::new(&server.server);
                let key = pinned_log_key(&api, &server.server).await?;
                let record = match record {
                    None => None,
                    Some(p) => {
                        let raw = std::fs::read(&p).map_err(|e| Failure::new("io", format!("{}: {e}", p.display())))?;
                        Some(
                            serde_json::from_slice::<DrawRecord>(&raw)
                                .map_err(|e| Failure::new("draw.verify", format!("{} is not a draw record: {e}", p.display())))?,
                        )
                    }
                };
                let state_path = logcheck::state_path(&home::data_dir(), &server.server);
                let mut st = logcheck::load(&state_path, &server.server)?;
                let (report, note) = draw_verify::verify(&api, &key, st.checkpoint.as_deref(), &id, record).await?;
                st.checkpoint = Some(note);
                logcheck::save(&state_path, &st)?;
                if json {
                    ui::print_json(&report);
                } else {
                    for s in &report.steps {
                        println!("{} {:<28} {}", if s.ok { "✓" } else { "✗" }, s.name, s.detail);
                    }
                }
                if !report.ok {
                    let failed: Vec<&str> = report.steps.iter().filter(|s| !s.ok).map(|s| s.name.as_str()).collect();
                    return Err(Failure::new("draw.verify", format!("draw {id} does not verify at: {}", failed.join(", "))));
                }
                if !json {
                    println!("Draw {id} verifies: every step matches the signed log.");
                }
            }
            DrawCmd::Settings { centre, max_draws, window_days, same_tenderer_days, agency_may_request, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let mut s = api.draw_settings(&centre).await?;
                let changing = max_draws.is_some() || window_days.is_some() || same_tenderer_days.is_some() || agency_may_request.is_some();
                s.max_draws = max_draws.unwrap_or(s.max_draws);
                s.window_days = window_days.unwrap_or(s.window_days);
                s.same_tenderer_days = same_tenderer_days.unwrap_or(s.same_tenderer_days);
                s.agency_may_request = agency_may_request.unwrap_or(s.agency_may_request);
                if changing {
                    s = api.set_draw_settings(&s).await?;
                }
                if json {
                    ui::print_json(&s);
                } else {
                    println!(
                        "{}: at most {} draw(s) of an expert in {} days; same tenderer again after {} days (0: no limit); agencies may request: {}",
                        s.centre, s.max_draws, s.window_days, s.same_tenderer_days, s.agency_may_request
                    );
                }
            }
        }
        Ok(())
    })
}
