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
        EvaluationCmd::Appoint { tender, representative, actor } => {
            let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
            let r = api.appoint_representative(&tender, &representative).await?;
            if json {
                ui::print_json(&r);
            } else {
                println!("{} is the tenderer's representative on the committee of {tender}.", r.identity);
            }
            Ok(())
        }
        EvaluationCmd::Work { tender, actor } => {
            let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
            print_work(&api.evaluation_work(&tender).await?, json);
            Ok(())
        }
        EvaluationCmd::Review { tender, fails, actor } => {
            let fails = fails
                .iter()
                .map(|f| {
                    let mut p = f.splitn(3, ':');
                    match (p.next(), p.next(), p.next()) {
                        (Some(b), Some(i), Some(r)) if !r.trim().is_empty() => Ok((b.to_string(), i.to_string(), r.to_string())),
                        _ => Err(Failure::new("review.reason", format!("'{f}' is not BIDDER:ITEM:REASON (a fail needs its reason)"))),
                    }
                })
                .collect::<Result<Vec<_>>>()?;
            let (api, secret, me) = member(&actor).await?;
            let w = api.evaluation_work(&tender).await?;
            let seat = w.me.clone().ok_or_else(|| Failure::new("evaluation.not_member", "you are not a member of this committee"))?;
            let sheet = tenderbox_client::evaluation::review_sheet(&w, &seat, &fails, ui::now());
            let signed = tenderbox_seal::signed::sign(sheet, &me, &secret)?;
            print_work(&api.put_review_sheet(&tender, &signed).await?, json);
            Ok(())
        }
        EvaluationCmd::Score { tender, lot, file, actor } => {
            let text = std::fs::read_to_string(&file).map_err(|e| Failure::new("io", format!("{}: {e}", file.display())))?;
            let (api, secret, me) = member(&actor).await?;
            let w = api.evaluation_work(&tender).await?;
            let seat = w.me.clone().ok_or_else(|| Failure::new("evaluation.not_member", "you are not a member of this committee"))?;
            let sheet = tenderbox_core::evaluation::parse_score_csv(&text, &tender, &seat, &lot, ui::now()).map_err(|errors| {
                Failure::new("score.file", errors.iter().map(|e| format!("line {}: {}", e.line, e.message)).collect::<Vec<_>>().join("; "))
            })?;
            let signed = tenderbox_seal::signed::sign(sheet, &me, &secret)?;
            print_work(&api.put_score_sheet(&tender, &signed).await?, json);
            Ok(())
        }
        EvaluationCmd::Explain { tender, lot, bidder, reason, actor } => {
            let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
            print_work(&api.explain_deviation(&tender, &lot, &bidder, &reason).await?, json);
            Ok(())
        }
        EvaluationCmd::Ask { tender, bidder, question, due, actor } => {
            let due_at = crate::draws::beijing(&due)?;
            let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
            print_work(&api.ask_bidder(&tender, &tenderbox_wire::AskBidder { bidder_uscc: bidder, question, due_at }).await?, json);
            Ok(())
        }
        EvaluationCmd::Tie { tender, lot, bidder, how, actor } => {
            let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
            print_work(&api.decide_tie(&tender, &tenderbox_wire::TieDecision { lot, bidder, how }).await?, json);
            Ok(())
        }
        EvaluationCmd::Report { tender, draw_up, out, actor } => {
            let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
            if draw_up {
                api.draw_up_report(&tender).await?;
            }
            let (view, pdf) =
                tenderbox_client::evaluation::fetch_report(&api, &tender).await.map_err(|e| Failure::new(e.code(), e.to_string()))?;
            if let Some(out) = out {
                tenderbox_client::files::write_atomic(&out, &pdf, false)?;
            }
            if json {
                ui::print_json(&view);
            } else {
                println!("Report of {}: JSON {} · PDF {} (both checked here)", tender, view.state.report_sha256, view.state.pdf_sha256);
                println!(
                    "  signed by {} of {} member(s), {} dissent(s){}",
                    view.state.signed.len(),
                    view.report.committee.len(),
                    view.state.dissents,
                    if view.state.final_at.is_some() { " — final" } else { "" }
                );
            }
            Ok(())
        }
        EvaluationCmd::SignReport { tender, dissent, actor } => {
            let (api, secret, me) = member(&actor).await?;
            let seat = api
                .evaluation(&tender)
                .await?
                .me
                .ok_or_else(|| Failure::new("evaluation.not_member", "you are not a member of this committee"))?;
            let view = tenderbox_client::evaluation::sign_report(&api, &tender, &seat, &me, &secret, dissent, ui::now())
                .await
                .map_err(|e| Failure::new(e.code(), e.to_string()))?;
            if json {
                ui::print_json(&view.state);
            } else {
                println!(
                    "Signed. {} of {} signed{}",
                    view.state.signed.len(),
                    view.report.committee.len(),
                    if view.state.final_at.is_some() { "; the report is final" } else { "" }
                );
            }
            Ok(())
        }
        EvaluationCmd::Recompute { tender, server } => {
            let api = tenderbox_client::api::Api::new(&server.server);
            let c = tenderbox_client::recompute::recompute(&api, &tender).await.map_err(|e| Failure::new(e.code(), e.to_string()))?;
            if json {
                ui::print_json(&c);
            } else {
                println!(
                    "Recomputed {} from {}",
                    c.tender,
                    if c.from_member_scores { "each member's published scores" } else { "the committee's published figures" }
                );
                for l in &c.lots {
                    println!("Lot {}{}", l.lot, l.recomputed.base.map(|b| format!(" (base price {b})")).unwrap_or_default());
                    for x in &l.recomputed.lines {
                        println!("  {}. {}  price {}  total {}{}", x.rank, x.bidder, x.price, x.total, if x.tied { " (tied)" } else { "" });
                    }
                    for d in &l.differences {
                        println!("  DIFFERS: {d}");
                    }
                }
                for d in &c.award_differences {
                    println!("DIFFERS: {d}");
                }
                println!(
                    "{}",
                    if c.matches { "The published result matches the recomputation." } else { "The published result does NOT match." }
                );
            }
            if c.matches { Ok(()) } else { Err(Failure::new("recompute.mismatch", "the published result differs from the recomputation")) }
        }
        EvaluationCmd::Questions { actor } => {
            let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
            let qs = api.committee_questions().await?;
            if json {
                ui::print_json(&qs);
            } else {
                for q in &qs {
                    let state =
                        if q.answer.is_some() { "answered".to_string() } else { format!("due {} (Beijing)", q.due_at.to_beijing()) };
                    println!("{}  {}  {state}\n  {}", q.id, q.tender, q.question);
                }
            }
            Ok(())
        }
        EvaluationCmd::Answer { question, text, actor } => {
            let (api, secret, me) = member(&actor).await?;
            let q = api
                .committee_questions()
                .await?
                .into_iter()
                .find(|q| q.id == question)
                .ok_or_else(|| Failure::new("clarification.not_found", format!("no question {question} to you")))?;
            let doc = tenderbox_core::evaluation::ClarificationAnswer {
                format: tenderbox_core::evaluation::SHEET_FORMAT,
                tender: q.tender.clone(),
                question: q.id.clone(),
                question_sha256: hex::encode(tenderbox_core::sha256(q.question.as_bytes())),
                bidder: q.bidder_uscc.clone(),
                answer: text,
                signed_at: ui::now(),
            };
            let a = api.answer_committee_question(&tenderbox_seal::signed::sign(doc, &me, &secret)?).await?;
            if json {
                ui::print_json(&a);
            } else {
                println!("Answered question {} of tender {} (signed).", a.id, a.tender);
            }
            Ok(())
        }
    }
}

/// A logged-in actor with their secret and identity id (to sign).
async fn member(actor: &crate::cli::Actor) -> Result<(tenderbox_client::api::Api, tenderbox_seal::identity::SecretIdentity, String)> {
    let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
    let me = tenderbox_wire::identity_id(&base64::Engine::encode(&base64::engine::general_purpose::STANDARD, secret.signing_public()));
    Ok((api, secret, me))
}

fn print_work(w: &tenderbox_wire::EvaluationWork, json: bool) {
    if json {
        ui::print_json(w);
        return;
    }
    let name = |u: &str| w.bids.iter().find(|b| b.bidder_uscc == u).map(|b| b.bidder_name.clone()).unwrap_or_else(|| u.to_string());
    println!(
        "Evaluation work of {} ({}), {} member(s){}",
        w.tender,
        w.method,
        w.members.len(),
        w.me.as_ref().map(|m| format!(", you are {m}")).unwrap_or_default()
    );
    println!("  review: {} of {} submitted", w.reviews_submitted.len(), w.members.len());
    for b in &w.bids {
        println!("  bid {} {}: {} item(s)", b.bidder_uscc, b.bidder_name, b.items.len());
    }
    for r in &w.rejected_at_opening {
        println!("  out at the opening: {} — {}", r.bidder_name, r.reason);
    }
    if let Some(c) = &w.conclusion {
        for r in c {
            println!("  {} {}", name(&r.bidder), r.reason().unwrap_or_else(|| "通过".into()));
        }
    }
    for l in &w.lots {
        println!("  lot {} {}: {} admitted, {} of {} sheets", l.lot, l.name, l.admitted.len(), l.submitted.len(), w.members.len());
        for p in &l.problems {
            println!("    ! {}: {}", p.path, p.message);
        }
        if let Some(e) = &l.evaluation {
            for x in &e.lines {
                let dev = x.deviations.iter().map(|d| format!("{} {}%", d.seat, d.percent)).collect::<Vec<_>>().join(", ");
                println!(
                    "    {}. {}  total {}{}",
                    x.rank,
                    name(&x.bidder),
                    x.total,
                    if dev.is_empty() { String::new() } else { format!("  deviating: {dev}") }
                );
            }
        }
    }
    for q in &w.questions {
        println!("  question {} to {}: {}", q.id, name(&q.bidder_uscc), if q.answer.is_some() { "answered" } else { "open" });
    }
    if let Some(a) = &w.awards {
        for (lot, c) in &a.candidates {
            println!("  candidates {lot}: {}", c.iter().map(|b| name(b)).collect::<Vec<_>>().join(", "));
        }
    }
    if let Some(r) = &w.report {
        println!("  report {}: signed by {}{}", r.report_sha256, r.signed.len(), if r.final_at.is_some() { ", final" } else { "" });
    }
}

fn print_result(r: &tenderbox_wire::PublishedResult, json: bool) {
    if json {
        ui::print_json(r);
        return;
    }
    println!("Result of {} {} — {} (publicity until {} Beijing)", r.tender, r.title, r.status, r.publicity_until.to_beijing());
    for l in &r.lots {
        println!("  lot {} {}", l.lot, l.name);
        for c in &l.candidates {
            println!("    {}. {} {}  price {}  total {}", c.place, c.bidder_uscc, c.bidder_name, c.price, c.total);
        }
    }
    for x in &r.rejected {
        println!("  out: {} — {}", x.bidder_name, x.reason);
    }
    for o in &r.objections {
        println!(
            "  objection {} at {}: {}",
            o.id,
            o.at.to_beijing(),
            if o.answered_at.is_some() { "answered" } else { "awaiting the answer" }
        );
    }
}

/// `tenderbox result …`
pub fn result(cmd: crate::cli::ResultCmd, json: bool) -> Result<()> {
    runtime()?.block_on(result_online(cmd, json))
}

async fn result_online(cmd: crate::cli::ResultCmd, json: bool) -> Result<()> {
    use crate::cli::ResultCmd;
    let text = |tender: &str, kind: &str, answers: Option<String>, text: String| tenderbox_core::evaluation::ObjectionText {
        format: tenderbox_core::evaluation::SHEET_FORMAT,
        tender: tender.to_string(),
        kind: kind.into(),
        answers,
        text,
        signed_at: ui::now(),
    };
    match cmd {
        ResultCmd::Publicity { tender, days, actor } => {
            let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
            print_result(&api.start_publicity(&tender, days).await?, json);
        }
        ResultCmd::Show { tender, server } => {
            print_result(&tenderbox_client::api::Api::new(&server.server).tender_result(&tender).await?, json)
        }
        ResultCmd::Object { tender, text: t, actor } => {
            let (api, secret, me) = member(&actor).await?;
            let signed = tenderbox_seal::signed::sign(text(&tender, "objection", None, t), &me, &secret)?;
            print_result(&api.object_to_result(&tender, &signed).await?, json);
        }
        ResultCmd::AnswerObjection { tender, objection, text: t, actor } => {
            let (api, secret, me) = member(&actor).await?;
            let signed = tenderbox_seal::signed::sign(text(&tender, "answer", Some(objection), t), &me, &secret)?;
            print_result(&api.answer_result_objection(&tender, &signed).await?, json);
        }
        ResultCmd::Award { tender, actor } => {
            let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
            print_result(&api.award_tender(&tender).await?, json);
        }
        ResultCmd::Notice { tender, actor } => {
            let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
            let n = api.result_notice(&tender).await?;
            if json {
                ui::print_json(&n);
            } else {
                println!(
                    "{} — {} {}",
                    if n.kind == "award" { "中标通知书 / award notice" } else { "结果通知 / result notice" },
                    n.tender,
                    n.title
                );
                for l in &n.lots {
                    println!("  won {} at {}", l.bidder_name, l.price);
                }
                for r in &n.reasons {
                    println!("  {r}");
                }
            }
        }
    }
    Ok(())
}
