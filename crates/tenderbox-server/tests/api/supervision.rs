//! Collusion signals against a real server: computed once after the opening record from the
//! opened bids (identical attachments outside the tender package, the upload addresses in
//! the audit trail, prices), a supervisor's own alert from the machine fingerprints, the
//! signed decision with reasons; supervisors and centre admins read them, nobody else.

use crate::helpers::*;
use crate::review::{seated, signed};
use tenderbox_client::api::Api;
use tenderbox_core::collusion::*;
use tenderbox_core::time::Timestamp;
use tenderbox_wire::*;

#[tokio::test]
async fn collusion_alerts_after_the_opening_and_a_signed_decision() {
    let s = seated().await;
    let app = &s.w.app;
    let sup = Who::new("sup", "湖州市公共资源交易监督管理办公室", "11330500MB1957366U");
    let sup_api = Api::new(&app.base).with_token(&app.login(&sup).await);
    let alerts = sup_api.collusion_alerts(&s.t).await.unwrap();
    // The three test bids carry the same attachment bytes and were uploaded from one address.
    let file = alerts.iter().find(|a| a.rule == RULE_SAME_FILE).expect("the shared attachments");
    assert_eq!(file.bidders.len(), 3);
    assert!(file.evidence.contains("SHA-256"), "{}", file.evidence);
    let address = alerts.iter().find(|a| a.rule == RULE_SAME_ADDRESS).expect("one upload address");
    assert!(address.evidence.contains("127.0.0.1"), "{}", address.evidence);
    assert!(!alerts.iter().any(|a| a.rule == RULE_PRICE_PATTERN), "the test prices follow no pattern");
    // Computed once: reading again gives the same alerts.
    assert_eq!(sup_api.collusion_alerts(&s.t).await.unwrap(), alerts);
    // Nobody else reads them: not a bidder, a member or the agency.
    assert_eq!(s.bidders[0].1.collusion_alerts(&s.t).await.unwrap_err().code(), "auth.role");
    assert_eq!(s.members[0].1.collusion_alerts(&s.t).await.unwrap_err().code(), "auth.role");

    // The supervisor's app compared the machine fingerprints and raises what it found.
    let two: Vec<String> = s.bidders.iter().take(2).map(|b| b.0.public.uscc.to_string()).collect();
    let raised = sup_api
        .raise_alert(
            &s.t,
            &RaiseAlert { rule: RULE_SAME_MACHINE.into(), bidders: two.clone(), evidence: "the same disk (keyed hash 3f9a…)".into() },
        )
        .await
        .unwrap();
    assert_eq!(raised.raised_by.as_deref(), Some(sup.id().as_str()));
    let again = sup_api
        .raise_alert(
            &s.t,
            &RaiseAlert { rule: RULE_SAME_MACHINE.into(), bidders: two.clone(), evidence: "the same disk (keyed hash 3f9a…)".into() },
        )
        .await
        .unwrap();
    assert_eq!(again.id, raised.id, "the same finding raised twice is one alert");
    let e = sup_api
        .raise_alert(&s.t, &RaiseAlert { rule: RULE_SAME_FILE.into(), bidders: two.clone(), evidence: "x".into() })
        .await
        .unwrap_err();
    assert_eq!(e.code(), "alert.rule", "the platform computes the other signals");
    let e = sup_api
        .raise_alert(
            &s.t,
            &RaiseAlert {
                rule: RULE_SAME_MACHINE.into(),
                bidders: vec![two[0].clone(), "91330500MA2B3C4D5B".into()],
                evidence: "x".into(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), "alert.rule", "only the tender's bidders");

    // The decision: signed by the supervisor, with reasons; once.
    let decision = |finding: &str| AlertDecision {
        format: 1,
        alert: file.id.clone(),
        finding: finding.into(),
        reasons: "三家投标文件的附件完全相同，均为招标文件要求的格式文件（空白模板），不属于串通投标。".into(),
        decided_at: Timestamp::from_unix(START),
    };
    assert_eq!(sup_api.decide_alert(&file.id, &signed(decision("maybe"), &sup)).await.unwrap_err().code(), "alert.decision");
    let stranger = Who::new("x", "别人", "91350100M000100Y43");
    assert_eq!(sup_api.decide_alert(&file.id, &signed(decision("no_collusion"), &stranger)).await.unwrap_err().code(), "alert.decision");
    let done = sup_api.decide_alert(&file.id, &signed(decision("no_collusion"), &sup)).await.unwrap();
    assert_eq!(done.decision.unwrap().doc.finding, "no_collusion");
    assert_eq!(sup_api.decide_alert(&file.id, &signed(decision("collusion"), &sup)).await.unwrap_err().code(), "alert.decided");
    let events = app.get("/v1/events", None).await.into::<EventsPage>().events;
    let ev = events.iter().find(|e| e.kind == "supervision.decision").unwrap();
    assert_eq!(ev.body["finding"], "no_collusion");
    assert!(ev.body.get("bidders").is_none(), "the public log names no bidder");
}

#[tokio::test]
async fn collusion_alerts_wait_for_the_opening_record() {
    let app = spawn().await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let token = app.registered(&agency, &[Role::Agency]).await;
    let t = tender_doc();
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
    let sup = Who::new("sup", "湖州市公共资源交易监督管理办公室", "11330500MB1957366U");
    let api = Api::new(&app.base).with_token(&app.registered(&sup, &[Role::Supervisor]).await);
    assert_eq!(api.collusion_alerts(&t.id).await.unwrap_err().code(), "opening.not_yet");
}

/// Two bidders' bids made with the same installation of the tool and naming the same
/// project manager: the numbers stay sealed to supervision; the supervisor's app opens the
/// fingerprints, finds the shared installation and person, and raises them under their rules.
#[tokio::test]
async fn the_same_tool_installation_and_the_same_person_are_raised_from_the_sealed_fingerprints() {
    use crate::attacks::{agency, decrypt};
    let app = spawn().await;
    let (agency, token) = agency(&app).await;
    let supervisor = Who::new("sup", "湖州市公共资源交易监督管理办公室", "11330500MB1957366U");
    let sup_token = app.registered(&supervisor, &[Role::Supervisor]).await;
    let t = tender_doc();
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
    let rec: TenderRecord = app.get(&format!("/v1/tenders/{}", t.id), None).await.into();
    let supervisors = rec.supervisors(&verifier_public_key(&app.log_key().await).unwrap()).unwrap();
    let pm = "11010519491231002X".to_string();
    let a = vec![("mac".into(), "3c:7c:3f:1a:2b:4d".into()), ("tool".into(), "9f1c2a".into()), ("person".into(), pm.clone())];
    let b = vec![("mac".into(), "00:e0:4c:68:01:02".into()), ("tool".into(), "9f1c2a".into()), ("person".into(), pm.clone())];
    let c = vec![("mac".into(), "00:e0:4c:68:09:09".into()), ("tool".into(), "77aa10".into())];
    let mut bidders = Vec::new();
    for (seed, name, uscc, machine) in [
        ("a", "湖州建工集团有限公司", "9135021359498494XQ", &a),
        ("b", "长兴路桥工程有限公司", "91350213678251743X", &b),
        ("c", "德清市政建设有限公司", "91350100M000100Y43", &c),
    ] {
        let who = Who::new(seed, name, uscc);
        let tok = app.registered(&who, &[Role::Bidder]).await;
        let sealed = sealed_bid_on(&t, &who, 1000, seed, false, machine, &supervisors);
        app.submit(&t.id, &tok, &sealed, 1 << 20).await.into::<BidRecord>();
        bidders.push((who, tok, sealed));
    }
    app.advance(3600);
    tenderbox_server::routes::close_due(&app.state).await.unwrap();
    for (who, tok, sealed) in &bidders {
        decrypt(&app, &t.id, who, tok, sealed).await;
    }
    let api = Api::new(&app.base).with_token(&sup_token);
    let report =
        tenderbox_client::supervision::compare_machines(&api, &t.id, &identity_id(&supervisor.public.signing_key), &supervisor.secret)
            .await
            .unwrap();
    let kinds: Vec<&str> = report.shared.iter().map(|g| g.kind.as_str()).collect();
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    assert!(kinds.contains(&"tool") && kinds.contains(&"person"));
    let mut rules = Vec::new();
    let shared: Vec<(String, String, Vec<String>)> =
        report.shared.iter().map(|g| (g.kind.clone(), g.hash.clone(), g.bidders.clone())).collect();
    for a in sealed_alerts(&shared) {
        assert!(!a.evidence.contains(&pm), "the identity number never leaves the seal");
        let raised = api.raise_alert(&t.id, &RaiseAlert { rule: a.rule, bidders: a.bidders, evidence: a.evidence }).await.unwrap();
        assert_eq!(raised.bidders.len(), 2);
        rules.push(raised.rule);
    }
    rules.sort();
    assert_eq!(rules, vec![RULE_SAME_PERSON.to_string(), RULE_SAME_TOOL.to_string()]);
}
