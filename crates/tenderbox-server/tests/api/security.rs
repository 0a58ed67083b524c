//! Bid security against a real server: the 2% cap at publication; a deposit matched from the
//! bank statement by its reference (bad rows by line, nothing taken); an electronic guarantee
//! signed by a registered guarantor, checked against the tender's terms by the server and by
//! the bidder's app, and revoked before the deadline; the credit waiver decided from the
//! library; the check at the deadline and the opening that rejects a bid without security;
//! refunds falling due after a withdrawal and a failed tender, overdue ones flagged.

use crate::credit::import_request;
use crate::helpers::*;
use crate::review::signed;
use tenderbox_client::api::Api;
use tenderbox_core::Decimal;
use tenderbox_core::security::*;
use tenderbox_core::tender::{Party, TenderDocument};
use tenderbox_core::time::Timestamp;
use tenderbox_core::uscc::Uscc;
use tenderbox_wire::*;

const AGENCY: &str = "91350200MA31E12PXF";
const BANK: &str = "91330500MA28C0X1LJ";

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub fn secured_tender() -> TenderDocument {
    let mut t = tender_doc();
    t.security = Some(SecurityRequirement {
        amount: d("200000.00"),
        estimated_price: d("12000000.00"),
        forms: vec![SecurityForm::Deposit, SecurityForm::Guarantee],
        credit_exemption: true,
        bid_validity_days: 90,
        account: Some(DepositAccount {
            bank: "湖州银行营业部".into(),
            name: "湖州市公共资源交易中心".into(),
            number: "201000123456789".into(),
        }),
    });
    t
}

pub fn guarantee_for(t: &TenderDocument, applicant: &Who, number: &str, amount: &str) -> Guarantee {
    Guarantee {
        format: GUARANTEE_FORMAT,
        number: number.into(),
        guarantor: Party { name: "湖州银行股份有限公司".into(), uscc: Uscc::parse(BANK).unwrap() },
        beneficiary: t.tenderer.clone(),
        applicant: Party { name: applicant.public.name.clone(), uscc: applicant.public.uscc.clone() },
        tender: t.id.clone(),
        amount: d(amount),
        valid_from: tenderbox_core::credit::day_of(Timestamp::from_unix(START)),
        valid_until: "2027-06-30".into(),
        issued_at: Timestamp::from_unix(START),
    }
}

struct Parties {
    agency: (Who, String),
    finance: Api,
    bank: (Who, Api),
    supervisor: (Who, Api),
}

async fn parties(app: &TestApp) -> Parties {
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", AGENCY);
    let agency_token = app.registered(&agency, &[Role::Agency]).await;
    let fin = Who::new("finance", "湖州市公共资源交易中心财务科", "12330500MB1A2B3C41");
    let finance = Api::new(&app.base).with_token(&app.registered(&fin, &[Role::Finance]).await);
    let bank = Who::new("bank", "湖州银行股份有限公司", BANK);
    let bank_api = Api::new(&app.base).with_token(&app.registered(&bank, &[Role::Guarantor]).await);
    let sup = Who::new("sup", "湖州市公共资源交易监督管理办公室", "11330500MB1957366U");
    let sup_api = Api::new(&app.base).with_token(&app.registered(&sup, &[Role::Supervisor]).await);
    Parties { agency: (agency, agency_token), finance, bank: (bank, bank_api), supervisor: (sup, sup_api) }
}

#[tokio::test]
async fn security_over_two_percent_of_the_estimated_price_is_refused_at_publication() {
    let app = spawn().await;
    let p = parties(&app).await;
    let mut t = secured_tender();
    t.security.as_mut().unwrap().amount = d("240000.01");
    let r = app.post("/v1/tenders", Some(&p.agency.1), &sign_tender(&p.agency.0, &t)).await;
    assert_eq!(r.code(), "tender.invalid");
    assert!(r.body["message"].as_str().unwrap().contains("security.cap"), "{}", r.body);
    t.security.as_mut().unwrap().amount = d("240000.00");
    app.post("/v1/tenders", Some(&p.agency.1), &sign_tender(&p.agency.0, &t)).await.into::<TenderRecord>();
}

#[tokio::test]
async fn a_bid_without_valid_security_at_the_deadline_is_rejected_at_the_opening() {
    let app = spawn().await;
    let p = parties(&app).await;
    let t = secured_tender();
    app.post("/v1/tenders", Some(&p.agency.1), &sign_tender(&p.agency.0, &t)).await.into::<TenderRecord>();
    let who = [
        Who::new("a", "湖州建工集团有限公司", "9135021359498494XQ"),
        Who::new("b", "长兴路桥工程有限公司", "91350213678251743X"),
        Who::new("c", "德清市政建设有限公司", "91350100M000100Y43"),
        Who::new("e", "安吉交通工程有限公司", "91330500MA2B3C4D5B"),
    ];
    let mut apis = Vec::new();
    for w in &who {
        apis.push(Api::new(&app.base).with_token(&app.registered(w, &[Role::Bidder]).await));
    }

    // A pays a deposit with its reference; the finance office imports the statement.
    let st = apis[0].my_security(&t.id).await.unwrap();
    let reference = st.reference.clone().unwrap();
    assert_eq!(reference, deposit_reference(&t.id, "9135021359498494XQ"));
    assert!(!st.outcome.ok && st.outcome.how == "missing");
    let head = STATEMENT_COLUMNS.join(",");
    let line = format!("HZB20261130000001,2026-11-30 09:00:00,湖州建工集团有限公司,201000999888777,200000.00,{reference}");
    let bad = format!("{head}\n{line}\nHZB20261130000002,2026-11-30 10:05:00,某公司,201000111,5000.00,BZJUNKNOWN0000\n");
    let e = p.finance.import_statement(&bad).await.unwrap_err();
    assert!(e.code() == "deposit.import" && e.to_string().contains("line 3 reference [deposit.reference]"), "{e}");
    assert!(p.finance.deposits(Some(&t.id)).await.unwrap().is_empty(), "nothing of a refused statement is recorded");
    let r = p.finance.import_statement(&format!("{head}\n{line}\n")).await.unwrap();
    assert_eq!(r.recorded, 1);
    assert_eq!(p.finance.import_statement(&format!("{head}\n{line}\n")).await.unwrap().skipped, [2], "the same serial again is skipped");
    let st = apis[0].my_security(&t.id).await.unwrap();
    assert!(st.outcome.ok && st.outcome.how == "deposit", "{:?}", st.outcome);
    assert_eq!(st.deposits[0].payer_account, "201000999888777");

    // B gets an electronic guarantee from its bank; a short one is refused with the terms.
    let (bank, bank_api) = &p.bank;
    let short = guarantee_for(&t, &who[1], "HZB-2026-0001", "150000.00");
    let e = bank_api.issue_guarantee(&signed(short, bank)).await.unwrap_err();
    assert_eq!(e.code(), "guarantee.terms");
    assert!(e.to_string().contains("less than the security"), "{e}");
    let g = bank_api.issue_guarantee(&signed(guarantee_for(&t, &who[1], "HZB-2026-0002", "200000.00"), bank)).await.unwrap();
    // Only a guarantor, under its own signature and its own name, issues.
    let forged = signed(guarantee_for(&t, &who[1], "HZB-2026-0003", "200000.00"), &who[1]);
    assert_eq!(apis[1].issue_guarantee(&forged).await.unwrap_err().code(), "auth.role");
    assert_eq!(bank_api.issue_guarantee(&forged).await.unwrap_err().code(), "guarantee.signature");
    let st = apis[1].my_security(&t.id).await.unwrap();
    assert!(st.outcome.ok && st.outcome.how == "guarantee");
    // The bidder's app checks the guarantor's signature and the terms with its own tender copy.
    tenderbox_client::guarantee::verify_guarantee(&st.guarantees[0], &t).unwrap();
    let mut altered = st.guarantees[0].clone();
    altered.signed.doc.amount = d("2000000.00");
    assert!(tenderbox_client::guarantee::verify_guarantee(&altered, &t).unwrap_err().contains("signature"));

    // C has a good credit record in force: exempt, decided from the library.
    let (sup, sup_api) = &p.supervisor;
    let good = format!(
        "{}entity,91350100M000100Y43,德清市政建设有限公司,守信,A级纳税人,国家税务总局湖州市税务局,湖税〔2026〕8号,,2026-01-01,2027-12-31,,,\n",
        crate::credit::header()
    );
    sup_api.credit_import(&import_request(sup, &good, 1)).await.unwrap();
    let st = apis[2].my_security(&t.id).await.unwrap();
    assert!(st.exemption.as_ref().unwrap().exempt);
    assert!(st.outcome.ok && st.outcome.how == "exempt");

    // E's guarantee is revoked by the bank before the deadline: E has no security.
    let ge = bank_api.issue_guarantee(&signed(guarantee_for(&t, &who[3], "HZB-2026-0004", "200000.00"), bank)).await.unwrap();
    let rev = GuaranteeRevocation {
        format: 1,
        guarantee: ge.id.clone(),
        reason: "申请人未缴纳保费".into(),
        revoked_at: Timestamp::from_unix(START),
    };
    bank_api.revoke_guarantee(&ge.id, &signed(rev, bank)).await.unwrap();
    let st = apis[3].my_security(&t.id).await.unwrap();
    assert!(!st.outcome.ok && st.outcome.reason.as_ref().unwrap().contains("撤销"), "{:?}", st.outcome);
    assert_eq!(bank_api.guarantees(&t.id).await.unwrap().len(), 2, "the bank sees the guarantees it issued");
    assert_eq!(apis[0].guarantees(&t.id).await.unwrap_err().code(), "auth.role");

    // Before the deadline nobody else learns who paid security or got a guarantee.
    let public = app.get("/v1/events", None).await.into::<EventsPage>().events;
    assert!(!public.iter().any(|e| ["guarantee.issued", "guarantee.revoked", "deposit.recorded"].contains(&e.kind.as_str())));
    let rival = app.get("/v1/events", Some(&app.login(&who[0]).await)).await.into::<EventsPage>().events;
    assert!(!rival.iter().any(|e| e.kind == "guarantee.issued"), "a rival bidder sees no guarantee");

    // All four bid; the deadline passes; the opening reads out three and rejects E.
    let mut sealed = Vec::new();
    for (i, w) in who.iter().enumerate() {
        let token = app.login(w).await;
        let bid = sealed_bid_priced(&t, w, 100, &format!("s{i}"), false, &[], &[], &format!("{}.00", 11_000_000 + i * 10_000));
        app.submit(&t.id, &token, &bid, 1 << 20).await.into::<BidRecord>();
        sealed.push((w, token, bid));
    }
    // After the deadline a guarantee can no longer be issued or revoked.
    app.advance(3600);
    assert_eq!(
        bank_api
            .revoke_guarantee(
                &g.id,
                &signed(
                    GuaranteeRevocation { format: 1, guarantee: g.id.clone(), reason: "x".into(), revoked_at: Timestamp::from_unix(START) },
                    bank
                )
            )
            .await
            .unwrap_err()
            .code(),
        "guarantee.late"
    );
    for (w, token, bid) in &sealed {
        app.post(&format!("/v1/tenders/{}/opening/sign-in", t.id), Some(token), &serde_json::json!({})).await.into::<OpeningState>();
        app.post(&format!("/v1/tenders/{}/opening/key", t.id), Some(token), &file_key(bid, w)).await.into::<serde_json::Value>();
    }
    app.advance(30 * 60 + 1);
    let op: OpeningState =
        app.post(&format!("/v1/tenders/{}/opening/record", t.id), Some(&p.agency.1), &serde_json::json!({})).await.into();
    let rec = op.record.unwrap();
    let line = |uscc: &str| rec.lines.iter().find(|l| l.bidder_uscc == uscc).unwrap();
    for ok in ["9135021359498494XQ", "91350213678251743X", "91350100M000100Y43"] {
        assert!(line(ok).rejected.is_empty() && !line(ok).lots.is_empty(), "{ok} is read out");
    }
    let out = line("91330500MA2B3C4D5B");
    assert!(out.lots.is_empty());
    assert_eq!(out.rejected[0].code, "security.missing");
    assert!(out.rejected[0].message.contains("撤销"), "{}", out.rejected[0].message);
    let checks = sup_api.security_checks(&t.id).await.unwrap();
    let how: Vec<&str> = checks.iter().map(|c| c.outcome.how.as_str()).collect();
    assert_eq!(how, ["missing", "exempt", "deposit", "guarantee"], "by credit code: E, C, A, B");
    // After the close, the guarantee and deposit events are public like the bids.
    let events = app.get("/v1/events", None).await.into::<EventsPage>().events;
    assert!(events.iter().any(|e| e.kind == "guarantee.issued") && events.iter().any(|e| e.kind == "deposit.recorded"));
}

#[tokio::test]
async fn deposits_fall_due_after_a_withdrawal_and_a_failed_tender_and_overdue_ones_are_flagged() {
    let app = spawn().await;
    let p = parties(&app).await;
    let t = secured_tender();
    app.post("/v1/tenders", Some(&p.agency.1), &sign_tender(&p.agency.0, &t)).await.into::<TenderRecord>();
    let a = Who::new("a", "湖州建工集团有限公司", "9135021359498494XQ");
    let b = Who::new("b", "长兴路桥工程有限公司", "91350213678251743X");
    let (ta, tb) = (app.registered(&a, &[Role::Bidder]).await, app.registered(&b, &[Role::Bidder]).await);
    let (aa, ab) = (Api::new(&app.base).with_token(&ta), Api::new(&app.base).with_token(&tb));
    let (ra, rb) = (aa.my_security(&t.id).await.unwrap().reference.unwrap(), ab.my_security(&t.id).await.unwrap().reference.unwrap());
    let head = STATEMENT_COLUMNS.join(",");
    p.finance
        .import_statement(&format!(
            "{head}\nS1,2026-11-30 09:00:00,湖州建工集团有限公司,6222000011112222,200000.00,{ra}\nS2,2026-11-30 09:30:00,长兴路桥工程有限公司,6222000033334444,200000.00,{rb}\n"
        ))
        .await
        .unwrap();
    // Nothing is due while the bids stand.
    assert!(p.finance.deposits(None).await.unwrap().is_empty());
    let deposits = p.finance.deposits(Some(&t.id)).await.unwrap();
    let id_of = |who: &str| deposits.iter().find(|x| x.bidder == who).unwrap().id.clone();
    assert_eq!(
        p.finance
            .refund_deposit(
                &id_of("9135021359498494XQ"),
                &RefundRequest { bank_serial: "R0".into(), amount: d("200000.00"), interest: d("0") }
            )
            .await
            .unwrap_err()
            .code(),
        "deposit.not_due"
    );
    // A bids and withdraws: due 5 days after the withdrawal.
    let bid = sealed_bid(&t, &a, 100, "a");
    let rec: BidRecord = app.submit(&t.id, &ta, &bid, 1 << 20).await.into();
    let w = WithdrawRequest::sign(&t.id, &rec.sha256, rec.receipt.body.log_index, &a.secret);
    app.post(&format!("/v1/tenders/{}/withdraw", t.id), Some(&ta), &w).await.into::<serde_json::Value>();
    let due = p.finance.deposits(None).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].refund_cause.as_deref(), Some("withdrawn"));
    assert_eq!(
        due[0].refund_due.as_deref(),
        Some(tenderbox_core::security::add_days(&tenderbox_core::credit::day_of(Timestamp::from_unix(START)), 5).as_str())
    );
    // The deadline passes with no bid: the tender fails, B's deposit falls due too.
    app.advance(3600);
    let due = p.finance.deposits(None).await.unwrap();
    assert_eq!(due.len(), 2, "{due:?}");
    assert!(due.iter().all(|x| !x.overdue));
    // Six days later both are overdue: supervisors see it.
    app.advance(6 * 86_400);
    let (sup_who, _) = &p.supervisor;
    let sup = Api::new(&app.base).with_token(&app.login(sup_who).await);
    let fin_who = Who::new("finance", "湖州市公共资源交易中心财务科", "12330500MB1A2B3C41");
    let finance = Api::new(&app.base).with_token(&app.login(&fin_who).await);
    assert!(sup.deposits(None).await.unwrap().iter().all(|x| x.overdue));
    // A refund must return the whole deposit, recorded with the bank's serial and interest.
    let aid = due.iter().find(|x| x.bidder == "9135021359498494XQ").unwrap().id.clone();
    assert_eq!(
        finance
            .refund_deposit(&aid, &RefundRequest { bank_serial: "R1".into(), amount: d("199000.00"), interest: d("0") })
            .await
            .unwrap_err()
            .code(),
        "deposit.refund"
    );
    let done = finance
        .refund_deposit(&aid, &RefundRequest { bank_serial: "R1".into(), amount: d("200000.00"), interest: d("35.62") })
        .await
        .unwrap();
    assert_eq!(done.interest, Some(d("35.62")));
    assert!(!done.overdue);
    let left = sup.deposits(None).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].bidder, "91350213678251743X");
    // Without an award, no contract can be recorded; a bidder cannot import statements.
    let agency = Api::new(&app.base).with_token(&app.login(&p.agency.0).await);
    assert_eq!(
        agency.record_contract(&t.id, &ContractSigned { signed_at: Timestamp::from_unix(START) }).await.unwrap_err().code(),
        "contract.not_awarded"
    );
    assert_eq!(Api::new(&app.base).with_token(&app.login(&b).await).import_statement("x").await.unwrap_err().code(), "auth.role");
}
