//! Complaints (投诉) against a real server: filed and signed by the complainant with evidence
//! declared by hash; the supervising department of the tender's trading type accepts it (or
//! not, in writing), within its time limit, and decides it; the decision is published. A
//! late complaint cannot be accepted; a department outside the trading type sees nothing.

use crate::helpers::*;
use crate::review::signed;
use tenderbox_client::api::Api;
use tenderbox_core::complaint::*;
use tenderbox_core::time::Timestamp;
use tenderbox_wire::*;

struct Setup {
    app: TestApp,
    tender: String,
    bidder: Who,
    bidder_api: Api,
    sup: Who,
    sup_api: Api,
}

async fn setup() -> Setup {
    let app = spawn().await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let token = app.registered(&agency, &[Role::Agency]).await;
    let t = tender_doc();
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
    let bidder = Who::new("bidder", "湖州南太湖建设有限公司", "91330502MA2B3C4D58");
    let bidder_api = Api::new(&app.base).with_token(&app.registered(&bidder, &[Role::Bidder]).await);
    let sup = Who::new("sup", "湖州市公共资源交易监督管理办公室", "11330500MB1957366U");
    let sup_api = Api::new(&app.base).with_token(&app.registered(&sup, &[Role::Supervisor]).await);
    Setup { app, tender: t.id, bidder, bidder_api, sup, sup_api }
}

fn complaint(s: &Setup, known_on: &str, evidence: &[u8]) -> Complaint {
    Complaint {
        format: COMPLAINT_FORMAT,
        tender: s.tender.clone(),
        complainant: s.bidder.public.uscc.to_string(),
        respondent: "浙江湖信工程咨询有限公司".into(),
        step: "documents".into(),
        known_on: known_on.into(),
        facts: "招标文件第三章要求投标人具有湖州市本地业绩，排斥外地潜在投标人，违反《招标投标法实施条例》第三十二条。".into(),
        requests: "责令招标人修改招标文件并顺延投标截止时间。".into(),
        files: vec![ComplaintFile {
            name: "招标文件第三章截图.pdf".into(), sha256: sha_hex(evidence), size: evidence.len() as u64
        }],
        filed_at: Timestamp::from_unix(START),
    }
}

fn acceptance(id: &str, accepted: bool) -> ComplaintAcceptance {
    ComplaintAcceptance {
        format: 1,
        complaint: id.into(),
        accepted,
        reasons: if accepted { "投诉符合受理条件。".into() } else { "投诉超过投诉时效，不予受理。".into() },
        decided_at: Timestamp::from_unix(START),
    }
}

fn decision(id: &str, finding: &str, measures: &str) -> ComplaintDecision {
    ComplaintDecision {
        format: 1,
        complaint: id.into(),
        finding: finding.into(),
        reasons: "经查，招标文件设置本地业绩要求，属于以不合理条件限制、排斥潜在投标人。".into(),
        measures: measures.into(),
        decided_at: Timestamp::from_unix(START),
    }
}

#[tokio::test]
async fn a_complaint_is_filed_accepted_decided_and_published() {
    let s = setup().await;
    let evidence = b"%PDF-1.4 screenshot of chapter 3".to_vec();
    let filed = s.bidder_api.file_complaint(&signed(complaint(&s, "2026-11-29", &evidence), &s.bidder)).await.unwrap();
    assert_eq!((filed.state.as_str(), filed.late, filed.department.as_str()), ("received", false, "development"));
    // Received Monday 2026-11-30: acceptance within three working days, by Thursday.
    assert_eq!(filed.deadlines.accept_by, "2026-12-03");
    assert_eq!(filed.deadlines.decide_by, None, "engineering counts the decision from acceptance");
    assert!(!filed.files[0].stored);
    // Filing the same signed complaint again returns it as filed.
    let again = s.bidder_api.file_complaint(&signed(complaint(&s, "2026-11-29", &evidence), &s.bidder)).await.unwrap();
    assert_eq!(again.id, filed.id);
    // Only the declared bytes are stored.
    let e = s.bidder_api.put_complaint_file(&filed.id, &filed.files[0].sha256, b"other bytes".to_vec()).await.unwrap_err();
    assert_eq!(e.code(), "file.hash_mismatch");
    assert!(s.bidder_api.put_complaint_file(&filed.id, &filed.files[0].sha256, evidence.clone()).await.unwrap().stored);

    // A complaint signed for another company, or missing its facts, is refused by field.
    let mut other = complaint(&s, "2026-11-29", &evidence);
    other.complainant = "91330500MA2B3C4D5B".into();
    assert_eq!(s.bidder_api.file_complaint(&signed(other, &s.bidder)).await.unwrap_err().code(), "complaint.field");
    let mut empty = complaint(&s, "2026-11-29", &evidence);
    empty.facts = "  ".into();
    let e = s.bidder_api.file_complaint(&signed(empty, &s.bidder)).await.unwrap_err();
    assert!(e.code() == "complaint.field" && e.to_string().contains("facts"), "{e}");

    // Another company sees nothing of it; nor does the finance department's supervisor.
    let stranger = Who::new("stranger", "湖州别的公司", "91330500MA28CK3N4C");
    let stranger_api = Api::new(&s.app.base).with_token(&s.app.registered(&stranger, &[Role::Bidder]).await);
    assert_eq!(stranger_api.complaint(&filed.id).await.unwrap_err().code(), "complaint.not_found");
    assert!(stranger_api.complaints(None, false).await.unwrap().is_empty());
    let finance = Who::new("fin-sup", "湖州市财政局", "113305000025941259");
    let finance_api = Api::new(&s.app.base).with_token(&s.app.registered(&finance, &[Role::Supervisor]).await);
    let admin = Api::new(&s.app.base).with_token(&s.app.login(&s.app.admin).await);
    admin.set_departments(&finance.id(), &["finance".into()]).await.unwrap();
    assert!(finance_api.complaints(None, false).await.unwrap().is_empty());
    assert_eq!(finance_api.complaint(&filed.id).await.unwrap_err().code(), "complaint.not_found");
    let e = finance_api.accept_complaint(&filed.id, &signed(acceptance(&filed.id, true), &finance)).await.unwrap_err();
    assert_eq!(e.code(), "supervision.scope");
    assert!(finance_api.supervision_overview().await.unwrap().tenders.is_empty(), "an engineering tender is not the finance department's");

    // The comprehensive office (no department) sees and handles it.
    let overview = s.sup_api.supervision_overview().await.unwrap();
    let row = overview.tenders.iter().find(|t| t.id == s.tender).unwrap();
    assert_eq!((row.complaints, row.complaints_open, row.bids), (1, 1, 0));
    let e = s.sup_api.decide_complaint(&filed.id, &signed(decision(&filed.id, "upheld", "责令修改"), &s.sup)).await.unwrap_err();
    assert_eq!(e.code(), "complaint.not_accepted");
    let e = s.sup_api.accept_complaint(&filed.id, &signed(acceptance(&filed.id, true), &s.bidder)).await.unwrap_err();
    assert_eq!(e.code(), "signature.invalid");
    let accepted = s.sup_api.accept_complaint(&filed.id, &signed(acceptance(&filed.id, true), &s.sup)).await.unwrap();
    assert_eq!((accepted.state.as_str(), accepted.deadlines.decide_by.as_deref()), ("accepted", Some("2027-01-11")));
    let e = s.sup_api.accept_complaint(&filed.id, &signed(acceptance(&filed.id, false), &s.sup)).await.unwrap_err();
    assert_eq!(e.code(), "complaint.handled");
    assert_eq!(s.sup_api.complaint_file(&filed.id, &filed.files[0].sha256).await.unwrap(), evidence);

    // Upheld needs the measures ordered.
    let e = s.sup_api.decide_complaint(&filed.id, &signed(decision(&filed.id, "upheld", " "), &s.sup)).await.unwrap_err();
    assert_eq!(e.code(), "complaint.decision");
    let done = s
        .sup_api
        .decide_complaint(
            &filed.id,
            &signed(decision(&filed.id, "upheld", "责令招标人修改招标文件第三章，删除本地业绩要求，并顺延投标截止时间。"), &s.sup),
        )
        .await
        .unwrap();
    assert_eq!(done.state, "decided");
    let e = s.sup_api.decide_complaint(&filed.id, &signed(decision(&filed.id, "dismissed", ""), &s.sup)).await.unwrap_err();
    assert_eq!(e.code(), "complaint.handled");
    assert_eq!(
        s.bidder_api.put_complaint_file(&filed.id, &filed.files[0].sha256, evidence.clone()).await.unwrap_err().code(),
        "complaint.decided"
    );
    // The complainant sees the decision; the public reads it, with the department's signature.
    assert_eq!(s.bidder_api.complaint(&filed.id).await.unwrap().decision.unwrap().doc.finding, "upheld");
    let public = Api::new(&s.app.base).complaint_decisions(Some(&s.tender)).await.unwrap();
    assert_eq!(public.len(), 1);
    assert_eq!((public[0].complainant_name.as_str(), public[0].decision.signer.as_str()), ("湖州南太湖建设有限公司", s.sup.id().as_str()));
    let events = s.app.get("/v1/events", None).await.into::<EventsPage>().events;
    assert!(events.iter().any(|e| e.kind == "complaint.decided" && e.body["decision"]["doc"]["finding"] == "upheld"));
    assert!(!events.iter().any(|e| e.kind == "complaint.filed"), "the filing is the complainant's until decided");
}

#[tokio::test]
async fn a_late_complaint_is_recorded_and_cannot_be_accepted() {
    let s = setup().await;
    // Engineering: ten days from the day the complainant knew; 2026-11-19 + 10 = 2026-11-29.
    let filed = s.bidder_api.file_complaint(&signed(complaint(&s, "2026-11-19", b"x"), &s.bidder)).await.unwrap();
    assert!(filed.late);
    assert_eq!(filed.last_filing_day, "2026-11-29");
    let e = s.sup_api.accept_complaint(&filed.id, &signed(acceptance(&filed.id, true), &s.sup)).await.unwrap_err();
    assert_eq!(e.code(), "complaint.late");
    assert!(e.to_string().contains("2026-11-29"), "{e}");
    let refused = s.sup_api.accept_complaint(&filed.id, &signed(acceptance(&filed.id, false), &s.sup)).await.unwrap();
    assert_eq!((refused.state.as_str(), refused.deadlines.overdue.clone()), ("not_accepted", None));
    assert_eq!(s.sup_api.complaints(None, true).await.unwrap().len(), 0, "nothing open");
}

#[tokio::test]
async fn the_department_is_flagged_when_it_misses_the_acceptance_limit() {
    let s = setup().await;
    let filed = s.bidder_api.file_complaint(&signed(complaint(&s, "2026-11-29", b"x"), &s.bidder)).await.unwrap();
    assert_eq!(filed.deadlines.overdue, None);
    // Friday 2026-12-04: past Thursday's limit with nothing decided.
    s.app.advance(4 * 86400);
    let sup_api = Api::new(&s.app.base).with_token(&s.app.login(&s.sup).await);
    let list = sup_api.complaints(None, true).await.unwrap();
    assert_eq!(list[0].deadlines.overdue.as_deref(), Some("accept"));
}

#[tokio::test]
async fn a_centre_admin_assigns_supervising_departments() {
    let s = setup().await;
    let admin = Api::new(&s.app.base).with_token(&s.app.login(&s.app.admin).await);
    let e = admin.set_departments(&s.sup.id(), &["police".into()]).await.unwrap_err();
    assert_eq!(e.code(), "supervision.department");
    let e = admin.set_departments(&s.bidder.id(), &["finance".into()]).await.unwrap_err();
    assert_eq!(e.code(), "supervision.department", "only a supervisor has a department");
    assert_eq!(s.sup_api.set_departments(&s.sup.id(), &["finance".into()]).await.unwrap_err().code(), "auth.role");
    let set = admin.set_departments(&s.sup.id(), &["development".into(), "finance".into(), "development".into()]).await.unwrap();
    assert_eq!(set.departments, vec!["development", "finance"]);
    let o = s.sup_api.supervision_overview().await.unwrap();
    assert_eq!(o.departments, vec!["development", "finance"]);
    assert_eq!(o.tenders.len(), 1, "the engineering tender is the development department's");
    let events = s.app.get("/v1/events", None).await.into::<EventsPage>().events;
    assert!(events.iter().any(|e| e.kind == "supervision.departments" && e.body["identity"] == s.sup.id()));
}

#[tokio::test]
async fn statistics_per_centre_count_tenders_complaints_and_the_period() {
    let s = setup().await;
    s.bidder_api.file_complaint(&signed(complaint(&s, "2026-11-29", b"x"), &s.bidder)).await.unwrap();
    let st = s.sup_api.statistics("2026-11-01", "2026-11-30").await.unwrap();
    let total = st.rows.last().unwrap();
    assert_eq!(total.centre, "");
    assert_eq!((total.tenders, total.opened, total.complaints), (1, 0, 1));
    assert_eq!(total.value.to_string(), "12800000.00", "the lot's ceiling price");
    let hz = st.rows.iter().find(|r| r.centre == "HZ").unwrap();
    assert_eq!(hz.tenders, 1);
    assert!(st.rows.iter().any(|r| r.centre == "HZ-DQ" && r.tenders == 0), "every centre is listed");
    // Published on 2026-11-30: December has nothing.
    assert_eq!(s.sup_api.statistics("2026-12-01", "2026-12-31").await.unwrap().rows.last().unwrap().tenders, 0);
    let csv = s.sup_api.statistics_csv("2026-11-01", "2026-11-30").await.unwrap();
    assert!(csv.lines().any(|l| l.starts_with("湖州市公共资源交易中心,1,12800000.00,0,0,,0,0,0,,0,1")), "{csv}");
    assert!(csv.trim_end().lines().last().unwrap().starts_with("合计,1,"));
    assert_eq!(s.sup_api.statistics("2026-12-01", "2026-11-01").await.unwrap_err().code(), "statistics.period");
    assert_eq!(s.bidder_api.statistics("2026-11-01", "2026-11-30").await.unwrap_err().code(), "auth.role");
    // The finance department's supervisor counts only procurement.
    let admin = Api::new(&s.app.base).with_token(&s.app.login(&s.app.admin).await);
    admin.set_departments(&s.sup.id(), &["finance".into()]).await.unwrap();
    let st = s.sup_api.statistics("2026-11-01", "2026-11-30").await.unwrap();
    assert_eq!((st.departments.clone(), st.rows.last().unwrap().tenders), (vec!["finance".to_string()], 0));
}

#[tokio::test]
async fn the_audit_trail_is_searched_by_identity_tender_address_and_time() {
    let s = setup().await;
    s.bidder_api.file_complaint(&signed(complaint(&s, "2026-11-29", b"x"), &s.bidder)).await.unwrap();
    s.bidder_api.ask_clarification(&s.tender, "第三章业绩要求是否限于湖州市内？").await.unwrap();
    // By company: the complaint filed, the question asked, nothing of anyone else.
    let uscc = s.bidder.public.uscc.to_string();
    let hits = s.sup_api.audit_search(&[("identity", &uscc)]).await.unwrap();
    assert!(hits.iter().any(|h| h.record.method == "POST" && h.record.path == "/v1/complaints"), "{hits:?}");
    assert!(hits.iter().all(|h| h.identity_uscc.as_deref() == Some(uscc.as_str())));
    assert_eq!(hits[0].identity_name.as_deref(), Some("湖州南太湖建设有限公司"));
    assert!(hits.windows(2).all(|w| w[0].record.seq > w[1].record.seq), "newest first");
    // By tender: the bidder's question, naming the tender.
    let hits = s.sup_api.audit_search(&[("tender", &s.tender)]).await.unwrap();
    assert!(
        hits.iter()
            .any(|h| h.record.path == format!("/v1/tenders/{}/clarifications", s.tender)
                && h.identity_uscc.as_deref() == Some(uscc.as_str()))
    );
    assert!(hits.iter().all(|h| h.tender.as_deref() == Some(s.tender.as_str())));
    // By address and time.
    assert!(!s.sup_api.audit_search(&[("address", "127.0.0.1")]).await.unwrap().is_empty());
    assert!(s.sup_api.audit_search(&[("address", "10.9.")]).await.unwrap().is_empty());
    assert!(!s.sup_api.audit_search(&[("from", "2026-11-30"), ("to", "2026-11-30")]).await.unwrap().is_empty());
    assert!(s.sup_api.audit_search(&[("from", "2026-12-01")]).await.unwrap().is_empty());
    assert_eq!(s.sup_api.audit_search(&[("from", "yesterday")]).await.unwrap_err().code(), "audit.search");
    assert_eq!(s.bidder_api.audit_search(&[]).await.unwrap_err().code(), "auth.role");
    // The finance department sees no request about the engineering tender.
    let admin = Api::new(&s.app.base).with_token(&s.app.login(&s.app.admin).await);
    admin.set_departments(&s.sup.id(), &["finance".into()]).await.unwrap();
    assert_eq!(s.sup_api.audit_search(&[("tender", &s.tender)]).await.unwrap_err().code(), "supervision.scope");
    let hits = s.sup_api.audit_search(&[("identity", &uscc)]).await.unwrap();
    assert!(!hits.iter().any(|h| h.tender.as_deref() == Some(s.tender.as_str())), "{hits:?}");
    assert!(hits.iter().any(|h| h.record.path == "/v1/complaints"), "requests about no tender stay visible");
}
