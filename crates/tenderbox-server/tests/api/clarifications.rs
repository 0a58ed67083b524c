//! Clarifications (招标文件澄清): a bidder asks before the deadline, the tender's
//! agency answers, and the answer reaches everyone — in the log and the list —
//! without naming the asker.

use crate::helpers::*;
use reqwest::StatusCode;
use tenderbox_client::api::Api;
use tenderbox_wire::*;

#[tokio::test]
async fn a_question_is_answered_to_everyone_and_nobody_learns_who_asked() {
    let app = spawn().await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let agency_token = app.registered(&agency, &[Role::Agency]).await;
    let t = tender_doc();
    app.post("/v1/tenders", Some(&agency_token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
    let asker = Who::new("a", "湖州建工集团有限公司", "9135021359498494XQ");
    let other = Who::new("b", "长兴路桥工程有限公司", "91350213678251743X");
    let mut asker_api = Api::new(&app.base);
    app.registered(&asker, &[Role::Bidder]).await;
    asker_api.login(&asker.public, &asker.secret).await.unwrap();
    let mut other_api = Api::new(&app.base);
    app.registered(&other, &[Role::Bidder]).await;
    other_api.login(&other.public, &other.secret).await.unwrap();
    let mut agency_api = Api::new(&app.base);
    agency_api.login(&agency.public, &agency.secret).await.unwrap();

    // An empty question is refused; a real one is kept, visible to its asker and the agency only.
    assert_eq!(asker_api.ask_clarification(&t.id, "  ").await.unwrap_err().code(), "clarification.empty");
    let q = asker_api.ask_clarification(&t.id, "工程量清单第 3 项“挖一般土方”的运距按多少公里计？").await.unwrap();
    assert!(q.mine && q.answer.is_none());
    assert!(other_api.clarifications(&t.id).await.unwrap().is_empty(), "an unanswered question is not public");
    let seen = agency_api.clarifications(&t.id).await.unwrap();
    assert_eq!(seen.len(), 1);
    assert!(!seen[0].mine);
    // Only the tender's agency answers, once.
    assert_eq!(other_api.answer_clarification(&t.id, &q.id, "5 公里").await.unwrap_err().code(), "auth.role");
    let a = agency_api.answer_clarification(&t.id, &q.id, "运距按 5 公里计，详见补遗一。").await.unwrap();
    assert_eq!(a.answer.as_deref(), Some("运距按 5 公里计，详见补遗一。"));
    assert_eq!(agency_api.answer_clarification(&t.id, &q.id, "again").await.unwrap_err().code(), "clarification.answered");
    // Everyone sees the answer; the asker's name is nowhere — not in the list, not in the log.
    let public = Api::new(&app.base).clarifications(&t.id).await.unwrap();
    assert_eq!(public.len(), 1);
    assert_eq!(public[0].answer, a.answer);
    let ev = Api::new(&app.base).events(Some(&t.id)).await.unwrap();
    let logged = ev.iter().find(|e| e.kind == "tender.clarified").expect("the answer is in the log");
    let text = logged.body.to_string();
    assert!(!text.contains(&asker.id()) && !text.contains(asker.public.uscc.as_str()) && !text.contains(&asker.public.name), "{text}");
    assert!(asker_api.clarifications(&t.id).await.unwrap()[0].mine, "the asker still sees it is its own");
    // After the deadline no more questions.
    app.advance(3600);
    let r = app
        .post(&format!("/v1/tenders/{}/clarifications", t.id), Some(&app.login(&other).await), &TextBody { text: "还有问题".into() })
        .await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "clarification.closed"), "{}", r.body);
}
