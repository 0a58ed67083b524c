//! `tenderbox evaluation …`: the committee's arithmetic, re-run by anyone.

use crate::cli::EvaluationCmd;
use crate::online::{logged_in, pinned_log_key, runtime};
use crate::ui::{self, Failure, Result};
use tenderbox_core::score_sheet::{lot_order, parse_sheet, rank_sheet};
use tenderbox_core::scoring::LotAward;
use tenderbox_core::tender::{Aggregation, ScoringRules};
use tenderbox_wire::EvaluationState;

fn print_state(st: &EvaluationState, json: bool) {
    if json {
        ui::print_json(st);
        return;
    }
    println!("Evaluation of {} (draw {}), from {} (Beijing)", st.tender, st.draw, st.evaluation_start.to_beijing());
    for m in &st.members {
        let chair = if st.chair.as_deref() == Some(m.seat.as_str()) { " — chair" } else { "" };
        println!(
            "  {}\t{} {}\t{} {}\t{}{}\t{} vote(s){chair}",
            m.seat,
            m.expert,
            m.name,
            m.venue,
            if m.main_venue { "main" } else { "sub" },
            m.declaration,
            if m.void { " (left)" } else { "" },
            m.votes
        );
    }
    println!("  bidders: {}", st.bidders.iter().map(|b| format!("{} {}", b.uscc, b.name)).collect::<Vec<_>>().join("; "));
    println!("  more time asked by {} of {}", st.time_requests, st.committee_experts);
    if let Some(t) = st.extended_to {
        println!("  extended to {} (Beijing): {}", t.to_beijing(), st.extension_reason.as_deref().unwrap_or(""));
    }
}

pub fn run(cmd: EvaluationCmd, json: bool) -> Result<()> {
    match cmd {
        EvaluationCmd::Rank { sheet, aggregate, max_lots_per_bidder } => rank(&sheet, &aggregate, max_lots_per_bidder, json),
        online => runtime()?.block_on(session(online, json)),
    }
}

/// `evaluation rank`: offline, from a sheet file.
fn rank(sheet: &std::path::Path, aggregate: &str, max_lots_per_bidder: Option<u32>, json: bool) -> Result<()> {
    let text = std::fs::read_to_string(sheet).map_err(|e| Failure::new("io", format!("{}: {e}", sheet.display())))?;
    let rows = parse_sheet(&text).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| format!("line {}: {}", e.line, e.message)).collect();
        Failure::new("sheet.invalid", format!("{} bad line(s) in {}:\n{}", errors.len(), sheet.display(), lines.join("\n")))
    })?;
    let rules =
        ScoringRules { aggregate: if aggregate == "mean" { Aggregation::Mean } else { Aggregation::Trim }, ..ScoringRules::default() };
    let lots = lot_order(&rows);
    let result = rank_sheet(&rows, &lots, &rules, max_lots_per_bidder).map_err(|e| Failure::new("sheet.invalid", e))?;
    if json {
        ui::print_json(&result);
        return Ok(());
    }
    for lot in &result.lots {
        println!("Lot {}", lot.lot);
        let experts: Vec<&str> = lot.ranking.first().map(|l| l.scores.iter().map(|(e, _)| e.as_str()).collect()).unwrap_or_default();
        println!("  {:<4} {:>9}  {}  bidder", "rank", "aggregate", experts.join("  "));
        for l in &lot.ranking {
            let scores: Vec<String> = l.scores.iter().map(|(_, s)| s.to_string()).collect();
            println!(
                "  {:<4} {:>9}  {}  {}{}",
                l.rank,
                format!("{:.2}", l.aggregate),
                scores.join("  "),
                l.bidder,
                if l.tied { "  (tied)" } else { "" }
            );
        }
    }
    for a in &result.awards {
        match a {
            LotAward::Winner { lot, bidder } => println!("Lot {lot}: {bidder}"),
            LotAward::Tied { lot, bidders } => {
                println!("Lot {lot}: tied between {} — the stated procedure decides", bidders.join(", "))
            }
            LotAward::Pending { lot, after } => println!("Lot {lot}: waits for the tie in lot {after} to be decided"),
            LotAward::NoWinner { lot } => println!("Lot {lot}: no eligible bidder"),
        }
    }
    Ok(())
}

async fn session(cmd: EvaluationCmd, json: bool) -> Result<()> {
    match cmd {
        EvaluationCmd::Rank { .. } => unreachable!("ranking is offline; run() handles it"),
        EvaluationCmd::Show { tender, actor } => {
            let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
            print_state(&api.evaluation(&tender).await?, json);
            Ok(())
        }
        EvaluationCmd::SignIn { tender, actor } => {
            let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
            print_state(&api.evaluation_sign_in(&tender).await?, json);
            Ok(())
        }
        EvaluationCmd::Declare { tender, none: _, conflicts, actor } => {
            let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
            let st = api.evaluation_declare(&tender, &conflicts).await?;
            print_state(&st, json);
            Ok(())
        }
        EvaluationCmd::Vote { tender, seat, actor } => {
            let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
            print_state(&api.evaluation_vote(&tender, &seat).await?, json);
            Ok(())
        }
        EvaluationCmd::MoreTime { tender, reason, actor } => {
            let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
            print_state(&api.evaluation_more_time(&tender, &reason).await?, json);
            Ok(())
        }
        EvaluationCmd::Extend { tender, until, reason, actor } => {
            let until = crate::draws::beijing(&until)?;
            let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
            print_state(&api.evaluation_extend(&tender, until, &reason).await?, json);
            Ok(())
        }
        EvaluationCmd::Bids { tender, out, actor } => {
            if out.exists() {
                return Err(Failure::new("io", format!("{} exists; name a new folder", out.display())));
            }
            let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
            let key = pinned_log_key(&api, &actor.server.server).await?;
            let me =
                tenderbox_wire::identity_id(&base64::Engine::encode(&base64::engine::general_purpose::STANDARD, secret.signing_public()));
            let opened = tenderbox_client::evaluation::open_bids(&api, &tender, &me, &secret, &key, &out)
                .await
                .map_err(|e| Failure::new(e.code(), e.to_string()))?;
            if json {
                ui::print_json(&opened);
            } else {
                for b in &opened {
                    println!("verified  {}  {}  {} file(s) → {}", b.bidder_uscc, b.bidder_name, b.files, b.folder.display());
                }
            }
            Ok(())
        }
    }
}
