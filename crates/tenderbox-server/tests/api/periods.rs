//! The statutory periods, enforced by the server whatever client publishes:
//! twenty days from issue to deadline for a project that must be tendered by law
//! (招标投标法 Art. 24), and a change of substance with less than fifteen days left
//! moves the deadline (招标投标法 Art. 23, 实施条例 Art. 21).

use crate::helpers::*;
use reqwest::StatusCode;
use tenderbox_core::time::Timestamp;
use tenderbox_wire::*;

const DAY: i64 = 86_400;

#[tokio::test]
async fn a_statutory_tender_with_less_than_twenty_days_is_refused_citing_the_law() {
    let app = spawn().await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let token = app.registered(&agency, &[Role::Agency]).await;
    let mut t = tender_doc();
    t.must_tender_by_law = true;
    t.deadline = Timestamp::from_unix(START + 19 * DAY);
    t.opening_at = t.deadline;
    let r = app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "tender.period_too_short"), "{}", r.body);
    assert!(r.body.to_string().contains("第二十四条"), "the refusal cites the rule: {}", r.body);
    t.deadline = tenderbox_core::periods::earliest_deadline(Timestamp::from_unix(START), 20);
    t.opening_at = t.deadline;
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
}

#[tokio::test]
async fn a_late_change_of_substance_must_move_the_deadline_but_an_extension_need_not() {
    let app = spawn().await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let token = app.registered(&agency, &[Role::Agency]).await;
    let mut t = tender_doc();
    t.deadline = Timestamp::from_unix(START + 10 * DAY);
    t.opening_at = t.deadline;
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();

    // A lower ceiling price ten days before the deadline: refused, naming the field and the new date.
    let mut v2 = t.clone();
    v2.version = 2;
    v2.lots[0].ceiling_price = Some("12000000.00".parse().unwrap());
    let r = app.post(&format!("/v1/tenders/{}/amend", t.id), Some(&token), &sign_tender(&agency, &v2)).await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "tender.amendment_notice"), "{}", r.body);
    assert!(r.body.to_string().contains("lots[L1].ceiling_price"), "{}", r.body);
    // The same change with the deadline moved fifteen days out is accepted.
    let moved = tenderbox_core::periods::moved_deadline(&v2, app.state.now()).expect("too early");
    v2.deadline = moved;
    v2.opening_at = moved;
    let rec: TenderRecord = app.post(&format!("/v1/tenders/{}/amend", t.id), Some(&token), &sign_tender(&agency, &v2)).await.into();
    assert_eq!(rec.document.deadline, moved);
    // A pure extension and a longer decryption window, one day before: no notice needed.
    app.advance(14 * DAY);
    let token = app.login(&agency).await;
    let mut v3 = v2.clone();
    v3.version = 3;
    v3.deadline = v2.deadline.plus_seconds(DAY);
    v3.opening_at = v3.deadline;
    v3.decryption_window_minutes = 60;
    app.post(&format!("/v1/tenders/{}/amend", t.id), Some(&token), &sign_tender(&agency, &v3)).await.into::<TenderRecord>();
}
