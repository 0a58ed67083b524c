//! The evaluation session after the opening: the drawn committee signs in at the
//! evaluation start, each member declares conflicts with the bidders (a conflict voids
//! the member and a supplementary draw replaces them), the chair is elected by majority,
//! and the centre extends the time once more than a third asked. Only the committee,
//! centre admins and supervisors see it.

use crate::draws::{World, request, world};
use crate::helpers::*;
use tenderbox_client::api::Api;
use tenderbox_core::time::Timestamp;
use tenderbox_wire::*;

#[tokio::test]
async fn the_committee_signs_in_declares_conflicts_and_elects_a_chair() {
    let w: World = world().await;
    let app = &w.app;
    let t = w.tender.clone();
    let sup = Who::new("sup", "湖州市公共资源交易监督管理办公室", "11330500MB1957366U");
    let sup_api = Api::new(&app.base).with_token(&app.registered(&sup, &[Role::Supervisor]).await);

    // The committee, drawn before the deadline, evaluates two hours after publication.
    let mut r = request(&t);
    r.groups = vec![
        DrawGroup { venue: "HZ".into(), specialty: "A08".into(), count: 3 },
        DrawGroup { venue: "HZ-DQ".into(), specialty: "A08".into(), count: 2 },
    ];
    r.reserves_per_group = 0;
    r.excluded.clear();
    r.evaluation_start = Timestamp::from_unix(START + 2 * 3600);
    let d = w.admin.request_draw(&r).await.unwrap();
    sup_api.draw_entropy(&d.id, b"session").await.unwrap();
    let mut members = Vec::new();
    for (code, api) in &w.experts {
        for i in api.invitations().await.unwrap() {
            api.answer_invitation(&i.seat, true, None).await.unwrap();
            members.push(code.clone());
        }
    }
    members.sort();
    assert_eq!(members.len(), 5);

    // Three bids, decrypted by their bidders at the opening, and the record.
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let doc = tender_doc();
    let mut bidders = Vec::new();
    for (seed, name, uscc) in [
        ("b1", "湖州建工集团有限公司", "9135021359498494XQ"),
        ("b2", "长兴路桥工程有限公司", "91350213678251743X"),
        ("b3", "德清市政建设有限公司", "91350100M000100Y43"),
    ] {
        let who = Who::new(seed, name, uscc);
        let token = app.registered(&who, &[Role::Bidder]).await;
        let sealed = sealed_bid(&doc, &who, 1000, seed);
        app.submit(&t, &token, &sealed, 1 << 20).await.into::<BidRecord>();
        bidders.push((who, token, sealed));
    }
    app.advance(3600);
    for (who, token, sealed) in &bidders {
        app.post(&format!("/v1/tenders/{t}/opening/sign-in"), Some(token), &serde_json::json!({})).await.into::<OpeningState>();
        app.post(&format!("/v1/tenders/{t}/opening/key"), Some(token), &file_key(sealed, who)).await.into::<serde_json::Value>();
    }
    app.advance(30 * 60 + 1);
    let agency_token = app.login(&agency).await;
    app.post(&format!("/v1/tenders/{t}/opening/record"), Some(&agency_token), &serde_json::json!({})).await.into::<OpeningState>();

    // Logged in again after the clock moved.
    let again = |code: &str| {
        let who = &w.whos[code];
        async move { Api::new(&app.base).with_token(&app.login(who).await) }
    };
    let m0 = again(&members[0]).await;
    assert_eq!(m0.evaluation_sign_in(&t).await.unwrap_err().code(), "evaluation.not_started");
    app.advance(30 * 60);
    let admin = Api::new(&app.base).with_token(&app.login(&app.admin).await);

    // Who may not: an expert of the library not on this committee, a bidder, anyone.
    let outsider = w.experts.keys().find(|c| !members.contains(c)).unwrap().clone();
    assert_eq!(again(&outsider).await.evaluation_sign_in(&t).await.unwrap_err().code(), "evaluation.not_member");
    let bidder = Api::new(&app.base).with_token(&app.login(&bidders[0].0).await);
    assert_eq!(bidder.evaluation(&t).await.unwrap_err().code(), "evaluation.not_member");
    assert_eq!(Api::new(&app.base).evaluation(&t).await.unwrap_err().code(), "auth.missing");

    // A member sees the session before signing in (to sign in), not yet seated.
    assert_eq!(m0.evaluation(&t).await.unwrap().me, None);
    // Everyone signs in at their venue.
    let mut apis = Vec::new();
    for code in &members {
        let api = again(code).await;
        let st = api.evaluation_sign_in(&t).await.unwrap();
        assert!(st.me.is_some());
        apis.push(api);
    }
    let st = apis[0].evaluation(&t).await.unwrap();
    assert_eq!(st.members.len(), 5);

    // Each member's app downloads the original sealed bids and opens them itself with the
    // file keys wrapped to it; every download is logged; nobody else gets a bid file.
    let key = app.log_key().await;
    let me = &w.whos[&members[0]];
    let out = app.dir.path().join("member-0-bids");
    let opened = tenderbox_client::evaluation::open_bids(&apis[0], &t, &me.id(), &me.secret, &key, &out).await.unwrap();
    assert_eq!(opened.len(), 3);
    assert!(opened.iter().all(|b| b.folder.join("manifest.json").exists()));
    let other = &w.whos[&members[1]];
    let e = tenderbox_client::evaluation::open_bids(&apis[0], &t, &other.id(), &other.secret, &key, &app.dir.path().join("x"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "evaluation.bid_unverified", "another member's key does not open what was wrapped for this one");
    let sha = opened[0].bid_sha256.clone();
    assert_eq!(bidder.evaluation_bid_file(&t, &sha).await.unwrap_err().code(), "evaluation.not_member");
    assert_eq!(again(&outsider).await.evaluation_bids(&t).await.unwrap_err().code(), "evaluation.not_member");
    assert_eq!(Api::new(&app.base).evaluation_bid_file(&t, &sha).await.unwrap_err().code(), "auth.missing");
    assert_eq!(apis[0].evaluation_bid_file(&t, &"0".repeat(64)).await.unwrap_err().code(), "evaluation.no_bid");
    let opens = Api::new(&app.base).events(Some(&t)).await.unwrap().into_iter().filter(|e| e.kind == "evaluation.bid_opened").count();
    assert_eq!(opens, 3 + 1, "every download is in the log (3 opened, then 1 before the refused key stopped the other attempt)");
    assert_eq!(st.members.iter().filter(|m| m.venue == "HZ-DQ" && !m.main_venue).count(), 2, "two at the Deqing sub-venue");
    assert_eq!(st.bidders.len(), 3);
    assert!(st.members.iter().all(|m| m.declaration == "pending"));

    // Voting before declaring is refused; a conflict with an unknown company too.
    let seat_of = |st: &EvaluationState, code: &str| st.members.iter().find(|m| m.expert == code).unwrap().seat.clone();
    assert_eq!(apis[1].evaluation_vote(&t, &seat_of(&st, &members[1])).await.unwrap_err().code(), "evaluation.declare_first");
    assert_eq!(apis[4].evaluation_declare(&t, &["91330000000000000X".into()]).await.unwrap_err().code(), "evaluation.bidder");
    // One member has a conflict with a bidder: leaves, and a supplementary draw replaces them.
    let rounds_before = admin.draw(&d.id).await.unwrap().rounds.len();
    assert_eq!(apis[4].evaluation_declare(&t, &[bidders[1].0.public.uscc.to_string()]).await.unwrap_err().code(), "evaluation.left");
    let drawn = admin.draw(&d.id).await.unwrap();
    assert_eq!(drawn.rounds.len(), rounds_before + 1);
    assert_eq!(drawn.rounds.last().unwrap().reason, "conflict");
    assert_eq!(apis[4].evaluation(&t).await.unwrap_err().code(), "evaluation.not_member", "a member who left sees the session no more");
    assert_eq!(apis[4].evaluation_bid_file(&t, &sha).await.unwrap_err().code(), "evaluation.not_member", "nor the bids");
    for api in &apis[..4] {
        api.evaluation_declare(&t, &[]).await.unwrap();
    }
    assert_eq!(apis[0].evaluation_declare(&t, &[]).await.unwrap_err().code(), "evaluation.declared");

    // The chair: a majority of the committee's 5 experts (3 votes).
    let chair = seat_of(&st, &members[2]);
    let left = seat_of(&st, &members[4]);
    assert_eq!(apis[0].evaluation_vote(&t, &left).await.unwrap_err().code(), "evaluation.candidate");
    apis[0].evaluation_vote(&t, &chair).await.unwrap();
    assert_eq!(apis[0].evaluation_vote(&t, &chair).await.unwrap_err().code(), "evaluation.voted");
    let s2 = apis[1].evaluation_vote(&t, &chair).await.unwrap();
    assert_eq!(s2.chair, None, "2 of 5 is no majority");
    let s3 = apis[3].evaluation_vote(&t, &chair).await.unwrap();
    assert_eq!(s3.chair.as_deref(), Some(chair.as_str()));
    assert_eq!(apis[2].evaluation_vote(&t, &chair).await.unwrap_err().code(), "evaluation.chair_elected");

    // More time: the centre extends only when more than a third asked.
    let until = Timestamp::from_unix(app.clock.load(std::sync::atomic::Ordering::SeqCst) + 3 * 3600);
    apis[0].evaluation_more_time(&t, "投标文件技术部分篇幅大").await.unwrap();
    assert_eq!(admin.evaluation_extend(&t, until, "成员申请").await.unwrap_err().code(), "evaluation.no_request");
    apis[1].evaluation_more_time(&t, "需核对业绩证明").await.unwrap();
    assert_eq!(apis[2].evaluation_extend(&t, until, "x").await.unwrap_err().code(), "auth.role");
    let ext = admin.evaluation_extend(&t, until, "三分之一以上成员认为时间不够").await.unwrap();
    assert_eq!((ext.extended_to, ext.chair.as_deref()), (Some(until), Some(chair.as_str())), "the extension keeps the chair");
    // The supervisor watches the whole session.
    let sup_api = Api::new(&app.base).with_token(&app.login(&sup).await);
    assert_eq!(sup_api.evaluation(&t).await.unwrap().members.len(), 5);
    // Every step is in the public log by seat, without names.
    let events = Api::new(&app.base).events(Some(&t)).await.unwrap();
    for kind in [
        "evaluation.signed_in",
        "evaluation.declared",
        "evaluation.vote",
        "evaluation.chair",
        "evaluation.more_time",
        "evaluation.extended",
    ] {
        assert!(events.iter().any(|e| e.kind == kind), "{kind} is not logged");
    }
    assert!(events.iter().filter(|e| e.kind.starts_with("evaluation.")).all(|e| !e.body.to_string().contains(&st.members[0].name)));
}
