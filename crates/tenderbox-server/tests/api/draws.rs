//! The expert draw against a real server: a committee request refused when it breaks
//! the law, the commitment logged, the supervisor's entropy and the draw at once, the
//! avoidance rules, a decline and an unanswered invitation replaced by supplementary
//! rounds, a bidder's employee found at the deadline, a draw impossible under the rules
//! logged with its shortfall, who may see names before the reveal (an access matrix),
//! and after the reveal a verification from public data that fails when anything is
//! altered.

use crate::helpers::*;
use std::collections::HashMap;
use tenderbox_client::api::Api;
use tenderbox_client::draw_verify;
use tenderbox_core::time::Timestamp;
use tenderbox_core::uscc::check_char;
use tenderbox_wire::*;

const HEADER: &str = "code,name,employer_uscc,employer_name,centre,county,specialties,title,years,phone\n";
const TENDERER: &str = "91350100M000100Y43";
const AGENCY: &str = "91350200MA31E12PXF";
const BIDDER: &str = "9135021359498494XQ";

fn uscc(n: usize) -> String {
    let first = format!("913305{n:05}MA2B0H");
    format!("{first}{}", check_char(&first).unwrap())
}

/// An expert row: code, name, employer, centre, specialty.
fn row(code: &str, name: &str, employer: &str, centre: &str, spec: &str) -> String {
    format!("{code},{name},{employer},{name}所在单位,{centre},吴兴区,{spec},副高级,12,\n")
}

const SURNAMES: [&str; 12] = ["沈", "钱", "陆", "姚", "费", "闵", "凌", "茅", "潘", "莫", "朱", "施"];

/// Twelve A08 experts at HZ (distinct employers), one each employed by the tenderer and
/// the agency, four A08 at HZ-DQ, three C05 at HZ.
fn library() -> (String, Vec<(String, String, String)>) {
    let mut csv = HEADER.to_string();
    let mut people = Vec::new();
    let mut add = |code: String, name: String, employer: String, centre: &str, spec: &str| {
        csv.push_str(&row(&code, &name, &employer, centre, spec));
        people.push((code, name, employer));
    };
    for (i, surname) in SURNAMES.iter().enumerate() {
        add(format!("HZ-A-{i:03}"), format!("{surname}建{i}"), uscc(100 + i), "HZ", "A08");
    }
    add("HZ-A-900".into(), "招标人职工".into(), TENDERER.into(), "HZ", "A0801");
    add("HZ-A-901".into(), "代理机构职工".into(), AGENCY.into(), "HZ", "A08");
    for (i, surname) in SURNAMES.iter().take(4).enumerate() {
        add(format!("DQ-A-{i:03}"), format!("{surname}德{i}"), uscc(200 + i), "HZ-DQ", "A08");
    }
    for i in 0..3 {
        add(format!("HZ-C-{i:03}"), format!("{}经{}", SURNAMES[i + 4], i), uscc(300 + i), "HZ", "C05");
    }
    (csv, people)
}

pub fn request(tender: &str) -> DrawRequest {
    DrawRequest {
        tender: tender.into(),
        lot: None,
        size: 5,
        tenderer_representatives: 0,
        venues: vec![
            DrawVenue { centre: "HZ".into(), main: true, room: "第三评标室".into() },
            DrawVenue { centre: "HZ-DQ".into(), main: false, room: "德清分中心评标室".into() },
        ],
        groups: vec![
            DrawGroup { venue: "HZ".into(), specialty: "A08".into(), count: 3 },
            DrawGroup { venue: "HZ-DQ".into(), specialty: "A08".into(), count: 1 },
            DrawGroup { venue: "HZ".into(), specialty: "C05".into(), count: 1 },
        ],
        reserves_per_group: 1,
        evaluation_start: Timestamp::from_unix(START + 2 * 86_400),
        answer_minutes: 30,
        excluded: vec![DrawExclusion { code: "HZ-A-003".into(), reason: "曾参与本项目初步设计".into() }],
    }
}

pub struct World {
    pub app: TestApp,
    pub admin: Api,
    pub tender: String,
    /// Each expert's code → their API (a linked evaluator identity).
    pub experts: HashMap<String, Api>,
    /// Each expert's identity, to log in again after the clock moved.
    pub whos: HashMap<String, Who>,
}

pub async fn world() -> World {
    world_with(&tender_doc()).await
}

/// [`world`] with the tender `t` published.
pub async fn world_with(t: &tenderbox_core::tender::TenderDocument) -> World {
    let app = spawn().await;
    let admin = Api::new(&app.base).with_token(&app.login(&app.admin).await);
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", AGENCY);
    let agency_token = app.registered(&agency, &[Role::Agency]).await;
    app.post("/v1/tenders", Some(&agency_token), &sign_tender(&agency, t)).await.into::<TenderRecord>();
    let (csv, people) = library();
    admin.import_experts(&csv).await.unwrap();
    let mut experts = HashMap::new();
    let mut whos = HashMap::new();
    for (code, name, employer) in people {
        let who = Who::new(&code, &name, &employer);
        let token = app.registered(&who, &[Role::Evaluator]).await;
        admin.link_expert(&code, &who.id()).await.unwrap();
        experts.insert(code.clone(), Api::new(&app.base).with_token(&token));
        whos.insert(code, who);
    }
    World { app, admin, tender: t.id.clone(), experts, whos }
}

/// Whose seats are where: the seat id of every drawn expert with an open invitation.
async fn open_invitations(w: &World) -> Vec<(String, Invitation)> {
    let mut out = Vec::new();
    for (code, api) in &w.experts {
        for i in api.invitations().await.unwrap() {
            if i.state == "invited" {
                out.push((code.clone(), i));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[tokio::test]
async fn a_committee_is_drawn_declined_replaced_revealed_and_verified() {
    let w = world().await;
    let app = &w.app;
    let t = &w.tender;

    // Requests that break the law or do not add up are refused, each problem named.
    let e = w.admin.request_draw(&DrawRequest { size: 4, ..request(t) }).await.unwrap_err();
    assert!(e.code() == "draw.size" && e.to_string().contains("draw.counts"), "{e}");
    let mut two_mains = request(t);
    two_mains.venues[1].main = true;
    assert_eq!(w.admin.request_draw(&two_mains).await.unwrap_err().code(), "draw.venues");
    let e = w.admin.request_draw(&DrawRequest { tenderer_representatives: 2, ..request(t) }).await.unwrap_err();
    assert!(e.to_string().contains("draw.experts_share"), "{e}");
    assert_eq!(w.admin.request_draw(&DrawRequest { reserves_per_group: 3, ..request(t) }).await.unwrap_err().code(), "draw.reserves");
    // An agency may request only where its centre allows it.
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", AGENCY);
    let agency = Api::new(&app.base).with_token(&app.login(&agency).await);
    assert_eq!(agency.request_draw(&request(t)).await.unwrap_err().code(), "auth.role");

    // The request: its commitment is logged, nothing else is known yet.
    let d = w.admin.request_draw(&request(t)).await.unwrap();
    assert_eq!((d.status.as_str(), d.rounds.len(), d.seats.len()), ("committed", 0, 0));
    let public = Api::new(&app.base);
    let ev = public.events(Some(t)).await.unwrap();
    let committed = ev.iter().find(|e| e.kind == "draw.committed").unwrap();
    assert_eq!(committed.body["commitment"], d.commitment.as_str());
    assert_eq!(committed.body["excluded"][0]["reason"], "曾参与本项目初步设计", "a named exclusion is logged with its reason");

    // The supervisor's entropy draws the committee at once.
    let sup = Who::new("sup", "湖州市公共资源交易监督管理办公室", "11330500MB1957366U");
    let sup = Api::new(&app.base).with_token(&app.registered(&sup, &[Role::Supervisor]).await);
    assert_eq!(sup.draw_entropy(&d.id, &[]).await.unwrap_err().code(), "draw.entropy");
    assert_eq!(w.admin.draw_entropy(&d.id, b"x").await.unwrap_err().code(), "auth.role");
    let typed = "监督员 2026-12-02 现场输入 7391".as_bytes();
    sup.draw_entropy(&d.id, typed).await.unwrap();
    assert_eq!(sup.draw_entropy(&d.id, typed).await.unwrap_err().code(), "draw.state", "entropy is given once");
    let d = w.admin.draw(&d.id).await.unwrap();
    assert_eq!(d.status, "drawn");
    assert!(d.names_visible);
    let members: Vec<&DrawSeat> = d.seats.iter().filter(|s| !s.reserve).collect();
    assert_eq!((members.len(), d.seats.len()), (5, 8), "5 members and a reserve per group");
    // Nobody who must stand aside sits: the tenderer's and the agency's employees, the
    // named exclusion; one expert per employer; each group from its own venue's centre.
    for s in &d.seats {
        assert!(!["HZ-A-900", "HZ-A-901", "HZ-A-003"].contains(&s.expert.as_str()), "{} should stand aside", s.expert);
        assert_eq!(s.expert.starts_with("DQ-"), s.venue == "HZ-DQ");
    }
    let mut codes: Vec<&str> = d.seats.iter().map(|s| s.expert.as_str()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), 8);
    // The log carries hashes only: no expert code or name in any public draw event.
    for e in public.events(Some(t)).await.unwrap().iter().filter(|e| e.kind.starts_with("draw.")) {
        let text = e.body.to_string();
        assert!(d.seats.iter().all(|s| !text.contains(&s.expert) && !text.contains(&s.name)), "{} names an expert: {text}", e.kind);
    }

    // Who sees names before the reveal: the drawing centre, and each expert their own seat.
    let other_admin = Who::new("admin2", "德清县公共资源交易分中心", "12330521MB1830572H");
    tenderbox_server::routes::bootstrap_admin(&app.state, other_admin.public.clone()).await.unwrap();
    let other_admin = Api::new(&app.base).with_token(&app.login(&other_admin).await);
    for (who, api) in [("another centre's admin", &other_admin), ("the supervisor", &sup), ("the agency", &agency), ("anyone", &public)] {
        let seen = api.draw(&d.id).await.unwrap();
        assert!(!seen.names_visible && seen.seats.is_empty() && seen.reveal.is_none(), "{who} saw the committee before the reveal");
        let listed = api.draws(Some(t)).await.unwrap();
        assert!(listed.iter().all(|x| x.seats.is_empty()), "{who} saw seats in the list");
    }
    let drawn = &d.seats[0];
    let own = w.experts[&drawn.expert].draw(&d.id).await.unwrap();
    assert_eq!(
        own.seats.iter().map(|s| s.expert.as_str()).collect::<Vec<_>>(),
        [drawn.expert.as_str()],
        "an expert sees their own seat only"
    );
    let not_drawn = w.experts.keys().find(|c| !codes.contains(&c.as_str())).unwrap();
    assert!(w.experts[not_drawn].draw(&d.id).await.unwrap().seats.is_empty());
    assert!(w.experts[not_drawn].invitations().await.unwrap().is_empty());

    // Invitations: one accepts; another declines (with a reason) and is replaced by round 1.
    let open = open_invitations(&w).await;
    assert_eq!(open.len(), 8);
    let (first, inv) = &open[0];
    assert_eq!((inv.tender.as_str(), inv.state.as_str()), (t.as_str(), "invited"));
    w.experts[first].answer_invitation(&inv.seat, true, None).await.unwrap();
    assert_eq!(w.experts[first].answer_invitation(&inv.seat, false, Some("x")).await.unwrap_err().code(), "draw.answered");
    let (second, inv2) = &open[1];
    assert_eq!(w.experts[first].answer_invitation(&inv2.seat, true, None).await.unwrap_err().code(), "draw.not_yours");
    assert_eq!(w.experts[second].answer_invitation(&inv2.seat, false, Some("  ")).await.unwrap_err().code(), "draw.decline_reason");
    let declined = w.experts[second].answer_invitation(&inv2.seat, false, Some("当日另有评标任务")).await.unwrap();
    assert_eq!(declined.state, "declined");
    let d = w.admin.draw(&d.id).await.unwrap();
    assert_eq!(d.rounds.len(), 2);
    assert_eq!(d.rounds[1].reason, "declined");
    let replacement = d.seats.iter().find(|s| s.round == 1).unwrap();
    assert_eq!(replacement.group, inv2_group(&d, &inv2.seat));
    assert!(!codes.contains(&replacement.expert.as_str()), "a supplementary draw never draws anyone twice");

    // Everyone else accepts but one, whose invitation lapses and is replaced too (round 2).
    let open = open_invitations(&w).await;
    let (late, late_inv) = open.iter().find(|(_, i)| !i.reserve).unwrap().clone();
    for (code, i) in &open {
        if i.seat != late_inv.seat {
            w.experts[code].answer_invitation(&i.seat, true, None).await.unwrap();
        }
    }
    app.advance(31 * 60);
    let lapsed = w.experts[&late].invitations().await.unwrap();
    assert_eq!(lapsed[0].state, "expired");
    assert_eq!(w.experts[&late].answer_invitation(&late_inv.seat, true, None).await.unwrap_err().code(), "draw.answered");
    let d = w.admin.draw(&d.id).await.unwrap();
    assert_eq!(d.rounds.len(), 3);
    assert_eq!(d.rounds[2].reason, "expired");
    assert_eq!(d.seats.iter().filter(|s| s.state == "accepted").count(), 7);
    assert_eq!(d.seats.iter().filter(|s| s.state == "invited").count(), 1, "the replacement is invited");

    // The reveal: not before the evaluation, not by another centre.
    assert_eq!(w.admin.reveal_draw(&d.id).await.unwrap_err().code(), "draw.too_early");
    app.advance(2 * 86_400);
    let other_admin = Who::new("admin2", "德清县公共资源交易分中心", "12330521MB1830572H");
    let other_admin = Api::new(&app.base).with_token(&app.login(&other_admin).await);
    assert_eq!(other_admin.reveal_draw(&d.id).await.unwrap_err().code(), "auth.role");
    let admin = Api::new(&app.base).with_token(&app.login(&app.admin).await);
    let revealed = admin.reveal_draw(&d.id).await.unwrap();
    let shown = public.draw(&d.id).await.unwrap();
    assert!(shown.names_visible && shown.reveal.is_some() && shown.seats.len() == revealed.seats.len());
    assert!(shown.reveal.as_ref().unwrap().avoided.iter().any(|a| a.expert == "HZ-A-900" && a.rule == "avoid.tenderer"));

    // Anyone recomputes it from public data: every step matches.
    let key = app.log_key().await;
    let (report, _) = draw_verify::verify(&public, &key, None, &d.id, None).await.unwrap();
    assert!(report.ok, "{:#?}", report.steps);
    assert!(report.steps.iter().any(|s| s.name == "round 1: selection" && s.ok));

    // And it fails, naming the step, when any logged input is altered.
    let fails = |r: &draw_verify::DrawVerification| r.steps.iter().filter(|s| !s.ok).map(|s| s.name.clone()).collect::<Vec<_>>();
    let mut altered = shown.clone();
    altered.reveal.as_mut().unwrap().secret = hex::encode([7u8; 32]);
    let (r, _) = draw_verify::verify(&public, &key, None, &d.id, Some(altered)).await.unwrap();
    assert!(!r.ok && fails(&r).contains(&"commitment".to_string()), "{:?}", fails(&r));
    let mut altered = shown.clone();
    altered.entropy_hex = Some(hex::encode(b"another supervisor"));
    let (r, _) = draw_verify::verify(&public, &key, None, &d.id, Some(altered)).await.unwrap();
    assert!(fails(&r).contains(&"entropy".to_string()) && fails(&r).contains(&"round 0: selection".to_string()), "{:?}", fails(&r));
    let mut altered = shown.clone();
    let pool = &mut altered.reveal.as_mut().unwrap().pools[0];
    let gone = pool.candidates.remove(0);
    let (r, _) = draw_verify::verify(&public, &key, None, &d.id, Some(altered)).await.unwrap();
    assert!(
        fails(&r).contains(&format!("round 0: pool {}", shown.reveal.as_ref().unwrap().pools[0].group)),
        "{} removed: {:?}",
        gone.id,
        fails(&r)
    );
    let mut altered = shown.clone();
    let (a, b) = (altered.seats[0].expert.clone(), altered.seats[1].expert.clone());
    altered.seats[0].expert = b;
    altered.seats[1].expert = a;
    let (r, _) = draw_verify::verify(&public, &key, None, &d.id, Some(altered)).await.unwrap();
    assert_eq!(fails(&r), ["round 0: selection"]);
    let mut altered = shown.clone();
    altered.rounds[1].checkpoint_root = hex::encode([9u8; 32]);
    let (r, _) = draw_verify::verify(&public, &key, None, &d.id, Some(altered)).await.unwrap();
    assert!(
        fails(&r).contains(&"round 1: logged".to_string()) && fails(&r).contains(&"round 1: checkpoint".to_string()),
        "{:?}",
        fails(&r)
    );

    // After the evaluation the agency and the supervisor rate those who sat; kept for the
    // admins and the expert.
    let agency = Api::new(&app.base).with_token(&app.login(&Who::new("agency", "浙江湖信工程咨询有限公司", AGENCY)).await);
    let sup = Api::new(&app.base).with_token(&app.login(&Who::new("sup", "湖州市公共资源交易监督管理办公室", "11330500MB1957366U")).await);
    let sat = shown.seats.iter().find(|s| s.state == "accepted").unwrap().expert.clone();
    let declined_expert = shown.seats.iter().find(|s| s.state == "declined").unwrap().expert.clone();
    let rate = |expert: &str, p: u8, d: u8, f: u8, note: &str| RateExpert {
        expert: expert.into(),
        punctuality: p,
        diligence: d,
        fairness: f,
        note: note.into(),
    };
    assert_eq!(agency.rate_expert(&d.id, &rate(&declined_expert, 5, 5, 5, "")).await.unwrap_err().code(), "rating.not_member");
    assert_eq!(agency.rate_expert(&d.id, &rate(&sat, 6, 5, 5, "")).await.unwrap_err().code(), "rating.score");
    assert_eq!(agency.rate_expert(&d.id, &rate(&sat, 2, 5, 5, " ")).await.unwrap_err().code(), "rating.note");
    agency.rate_expert(&d.id, &rate(&sat, 2, 4, 5, "迟到 40 分钟")).await.unwrap();
    assert_eq!(agency.rate_expert(&d.id, &rate(&sat, 5, 5, 5, "")).await.unwrap_err().code(), "rating.exists");
    sup.rate_expert(&d.id, &rate(&sat, 4, 5, 5, "")).await.unwrap();
    assert_eq!(public.rate_expert(&d.id, &rate(&sat, 5, 5, 5, "")).await.unwrap_err().code(), "auth.missing");
    // (2+4+5 + 4+5+5) / 6 = 25/6 = 4.1666… → 4.17
    let listed = admin.experts(None, None, None, Some(&sat)).await.unwrap();
    assert_eq!((listed[0].ratings, listed[0].rating_average.as_deref()), (2, Some("4.17")));
    let again = |code: &str| {
        let who = &w.whos[code];
        async move { Api::new(&app.base).with_token(&app.login(who).await) }
    };
    let own = again(&sat).await.expert_ratings(&sat).await.unwrap();
    assert_eq!(own.len(), 2);
    assert!(own.iter().any(|r| r.rater_role == "agency" && r.note == "迟到 40 分钟"));
    assert_eq!(
        again(&declined_expert).await.expert_ratings(&sat).await.unwrap_err().code(),
        "auth.role",
        "another expert's ratings are not theirs"
    );
}

fn inv2_group(d: &DrawRecord, seat: &str) -> String {
    d.seats.iter().find(|s| s.id == seat).unwrap().group.clone()
}

#[tokio::test]
async fn a_bidders_employee_is_replaced_at_the_deadline_and_a_shortfall_is_logged() {
    let w = world().await;
    let app = &w.app;
    let t = &w.tender;
    let sup = Who::new("sup", "湖州市公共资源交易监督管理办公室", "11330500MB1957366U");
    let sup = Api::new(&app.base).with_token(&app.registered(&sup, &[Role::Supervisor]).await);

    // A draw impossible under the rules: 3 C05 experts wanted from 3, but 2 reserves more.
    let mut r = request(t);
    r.groups = vec![
        DrawGroup { venue: "HZ".into(), specialty: "A08".into(), count: 2 },
        DrawGroup { venue: "HZ".into(), specialty: "C05".into(), count: 3 },
    ];
    r.venues.truncate(1);
    r.reserves_per_group = 2;
    let d = w.admin.request_draw(&r).await.unwrap();
    let d = sup.draw_entropy(&d.id, b"\x01\x02\x03").await.unwrap();
    assert_eq!(d.status, "failed");
    assert_eq!(d.rounds[0].shortfall, [DrawShortfall { group: "HZ:C05/reserve".into(), wanted: 2, available: 0 }]);
    let failed = Api::new(&app.base).events(Some(t)).await.unwrap().into_iter().find(|e| e.kind == "draw.failed").unwrap();
    assert_eq!(failed.body["shortfall"][0]["group"], "HZ:C05/reserve", "the failed attempt is logged with its shortfall");
    assert!(d.seats.is_empty(), "a failed draw seats nobody");

    // Before the deadline a sub-venue draws all four of its experts; one works for a
    // company that then bids. At the deadline the bidders are final: that expert stands
    // aside, and the replacement round finds nobody left — logged as a shortfall.
    let dq_bidder = w.experts.keys().find(|c| c.as_str() == "DQ-A-002").unwrap().clone();
    let mut r = request(t);
    r.groups = vec![
        DrawGroup { venue: "HZ".into(), specialty: "A08".into(), count: 1 },
        DrawGroup { venue: "HZ-DQ".into(), specialty: "A08".into(), count: 4 },
    ];
    r.reserves_per_group = 0;
    r.excluded.clear();
    let d = w.admin.request_draw(&r).await.unwrap();
    sup.draw_entropy(&d.id, b"deadline").await.unwrap();
    let employer = library().1.into_iter().find(|(c, _, _)| *c == dq_bidder).unwrap().2;
    let company = Who::new("bidder", "德清县水利建设有限公司", &employer);
    let token = app.registered(&company, &[Role::Bidder]).await;
    let doc = tender_doc();
    app.submit(t, &token, &sealed_bid(&doc, &company, 1000, "b"), 1 << 20).await.into::<BidRecord>();
    let other = Who::new("b2", "湖州建工集团有限公司", BIDDER);
    let token2 = app.registered(&other, &[Role::Bidder]).await;
    app.submit(t, &token2, &sealed_bid(&doc, &other, 1000, "b2"), 1 << 20).await.into::<BidRecord>();
    app.advance(3600);
    tenderbox_server::routes::close_due(&app.state).await.unwrap();
    tenderbox_server::routes::recheck_at_deadline(&app.state).await.unwrap();
    let d = w.admin.draw(&d.id).await.unwrap();
    let seat = d.seats.iter().find(|s| s.expert == dq_bidder).unwrap();
    assert_eq!((seat.state.as_str(), seat.reason.as_deref()), ("conflict", Some("avoid.bidder")));
    let last = d.rounds.last().unwrap();
    assert_eq!(
        (last.reason.as_str(), last.shortfall.clone()),
        ("conflict", vec![DrawShortfall { group: "HZ-DQ:A08".into(), wanted: 1, available: 0 }])
    );
    // Once only: a second pass changes nothing.
    tenderbox_server::routes::recheck_at_deadline(&app.state).await.unwrap();
    assert_eq!(w.admin.draw(&d.id).await.unwrap().rounds.len(), d.rounds.len());
}

#[tokio::test]
async fn centre_settings_limit_how_often_an_expert_is_drawn_and_let_agencies_request() {
    let w = world().await;
    let app = &w.app;
    let sup = Who::new("sup", "湖州市公共资源交易监督管理办公室", "11330500MB1957366U");
    let sup = Api::new(&app.base).with_token(&app.registered(&sup, &[Role::Supervisor]).await);
    let s = w.admin.draw_settings("HZ").await.unwrap();
    assert_eq!((s.max_draws, s.window_days, s.agency_may_request), (4, 30, false));
    assert_eq!(sup.set_draw_settings(&s).await.unwrap_err().code(), "auth.role");
    assert_eq!(w.admin.set_draw_settings(&DrawSettings { max_draws: 0, ..s.clone() }).await.unwrap_err().code(), "draw.settings");
    // Each expert at most once in 30 days; agencies may request.
    w.admin.set_draw_settings(&DrawSettings { max_draws: 1, agency_may_request: true, ..s.clone() }).await.unwrap();
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", AGENCY);
    let agency = Api::new(&app.base).with_token(&app.login(&agency).await);
    let mut r = request(&w.tender);
    r.groups = vec![
        DrawGroup { venue: "HZ".into(), specialty: "A08".into(), count: 4 },
        DrawGroup { venue: "HZ-DQ".into(), specialty: "A08".into(), count: 1 },
    ];
    r.reserves_per_group = 0;
    r.excluded.clear();
    let first = agency.request_draw(&r).await.unwrap();
    let first = sup.draw_entropy(&first.id, b"one").await.unwrap();
    assert!(!first.names_visible && first.seats.is_empty(), "the agency that requested does not see names");
    let first = w.admin.draw(&first.id).await.unwrap();
    assert!(!first.names_visible, "an agency's draw shows names to nobody before the reveal");
    // A second draw avoids everyone drawn by the first.
    let second = w.admin.request_draw(&r).await.unwrap();
    sup.draw_entropy(&second.id, b"two").await.unwrap();
    let second = w.admin.draw(&second.id).await.unwrap();
    let mut drawn_first = Vec::new();
    for (code, api) in &w.experts {
        if api.invitations().await.unwrap().iter().any(|i| i.draw == first.id) {
            drawn_first.push(code.clone());
        }
    }
    assert_eq!(drawn_first.len(), 5);
    assert!(second.seats.iter().all(|s| !drawn_first.contains(&s.expert)), "drawn too often: stands aside");
}

#[tokio::test]
async fn an_expert_reads_their_own_entry_and_keeps_their_days_and_nobody_elses() {
    let w = world().await;
    let me = &w.experts["HZ-A-001"];
    let mine = me.my_expert_record().await.unwrap();
    assert_eq!((mine.profile.code.as_str(), mine.identity.is_some()), ("HZ-A-001", true));
    let set = me.set_expert_availability("HZ-A-001", &["2026-12-24".into()]).await.unwrap();
    assert_eq!(set.unavailable, ["2026-12-24"]);
    assert_eq!(me.set_expert_availability("HZ-A-002", &["2026-12-24".into()]).await.unwrap_err().code(), "auth.role");
    assert_eq!(me.experts(None, None, None, None).await.unwrap_err().code(), "auth.role", "the library is not for experts");
    // An evaluator identity nobody linked has no entry; a link must match name and employer.
    let stranger = Who::new("stranger", "周某", &uscc(999));
    let token = w.app.registered(&stranger, &[Role::Evaluator]).await;
    let stranger_api = Api::new(&w.app.base).with_token(&token);
    assert_eq!(stranger_api.my_expert_record().await.unwrap_err().code(), "expert.not_found");
    assert_eq!(w.admin.link_expert("HZ-A-002", &stranger.id()).await.unwrap_err().code(), "expert.link");
    // An unavailable day keeps the expert out of a draw on that day.
    let mut r = request(&w.tender);
    r.evaluation_start = Timestamp::parse("2026-12-24T09:00:00+08:00").unwrap();
    r.groups = vec![
        DrawGroup { venue: "HZ".into(), specialty: "A08".into(), count: 4 },
        DrawGroup { venue: "HZ-DQ".into(), specialty: "A08".into(), count: 1 },
    ];
    r.reserves_per_group = 0;
    let sup = Who::new("sup", "湖州市公共资源交易监督管理办公室", "11330500MB1957366U");
    let sup = Api::new(&w.app.base).with_token(&w.app.registered(&sup, &[Role::Supervisor]).await);
    let d = w.admin.request_draw(&r).await.unwrap();
    sup.draw_entropy(&d.id, b"24 December").await.unwrap();
    w.admin.reveal_draw(&d.id).await.unwrap_err();
    let d = w.admin.draw(&d.id).await.unwrap();
    assert!(d.seats.iter().all(|s| s.expert != "HZ-A-001"));
    w.app.advance(30 * 86_400);
    let admin = Api::new(&w.app.base).with_token(&w.app.login(&w.app.admin).await);
    let revealed = admin.reveal_draw(&d.id).await.unwrap();
    assert!(revealed.reveal.unwrap().avoided.iter().any(|a| a.expert == "HZ-A-001" && a.rule == "avoid.unavailable"));
}
