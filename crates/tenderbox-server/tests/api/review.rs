//! The committee's work after the session: signed review sheets and the majority
//! conclusion, signed score sheets per lot (range, decimals, comments at range ends; the
//! others' sheets only after one's own; subjective scores locked once others are in;
//! objective scores agree), deviation reasons, questions to bidders with signed answers,
//! and who may see any of it.

use crate::draws::{World, request};
use crate::helpers::*;
use tenderbox_client::api::Api;
use tenderbox_core::Decimal;
use tenderbox_core::evaluation::*;
use tenderbox_core::time::Timestamp;
use tenderbox_seal::signed::{SignedDoc, sign};
use tenderbox_wire::*;

/// A seated committee of five (three at the main venue, two at Deqing), chair elected, and
/// three opened bids at different prices.
pub struct Seated {
    pub w: World,
    pub t: String,
    /// Each member: (seat, API, expert code), in seat order.
    pub members: Vec<(String, Api, String)>,
    pub chair: usize,
    pub bidders: Vec<(Who, Api)>,
    pub outsider: Api,
    /// The tenderer's representative, when the committee has one.
    pub rep: Option<Who>,
}

/// The members' third field for the tenderer's representative (not an expert code).
const REPRESENTATIVE: &str = "representative";

impl Seated {
    /// Member `i`'s identity.
    pub fn who(&self, i: usize) -> &Who {
        match self.rep.as_ref() {
            Some(rep) if self.members[i].2 == REPRESENTATIVE => rep,
            _ => &self.w.whos[&self.members[i].2],
        }
    }
}

pub async fn seated() -> Seated {
    seated_at(["11250000.00", "11000000.00", "11600000.00"]).await
}

/// [`seated`] with the three bidders' prices.
pub async fn seated_at(prices: [&str; 3]) -> Seated {
    seated_with(prices, None).await
}

/// [`seated_at`]; with `representative`, the committee keeps one seat for the tenderer's
/// representative (4 experts drawn), whom the agency appoints and who signs in too.
pub async fn seated_with(prices: [&str; 3], representative: Option<&Who>) -> Seated {
    // The representative is one of the tenderer's people: the tender names its code.
    let mut doc = tender_doc();
    if let Some(who) = representative {
        doc.tenderer.uscc = who.public.uscc.clone();
    }
    let w: World = crate::draws::world_with(&doc).await;
    let app = &w.app;
    let t = w.tender.clone();
    let sup = Who::new("sup", "湖州市公共资源交易监督管理办公室", "11330500MB1957366U");
    let sup_api = Api::new(&app.base).with_token(&app.registered(&sup, &[Role::Supervisor]).await);
    let mut r = request(&t);
    r.groups = vec![
        DrawGroup { venue: "HZ".into(), specialty: "A08".into(), count: 3 },
        DrawGroup { venue: "HZ-DQ".into(), specialty: "A08".into(), count: if representative.is_some() { 1 } else { 2 } },
    ];
    r.tenderer_representatives = u32::from(representative.is_some());
    r.reserves_per_group = 0;
    r.excluded.clear();
    r.evaluation_start = Timestamp::from_unix(START + 2 * 3600);
    let d = w.admin.request_draw(&r).await.unwrap();
    sup_api.draw_entropy(&d.id, b"review").await.unwrap();
    let rep_api = match representative {
        Some(who) => Some(Api::new(&app.base).with_token(&app.registered(who, &[Role::Evaluator]).await)),
        None => None,
    };
    let mut codes = Vec::new();
    for (code, api) in &w.experts {
        for i in api.invitations().await.unwrap() {
            api.answer_invitation(&i.seat, true, None).await.unwrap();
            codes.push(code.clone());
        }
    }
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let mut sealed_bids = Vec::new();
    for (seed, name, uscc, price) in [
        ("b1", "湖州建工集团有限公司", "9135021359498494XQ", prices[0]),
        ("b2", "长兴路桥工程有限公司", "91350213678251743X", prices[1]),
        ("b3", "德清市政建设有限公司", "91350100M000100Y43", prices[2]),
    ] {
        let who = Who::new(seed, name, uscc);
        let token = app.registered(&who, &[Role::Bidder]).await;
        let sealed = sealed_bid_priced(&doc, &who, 1000, seed, false, &[], &[], price);
        app.submit(&t, &token, &sealed, 1 << 20).await.into::<BidRecord>();
        sealed_bids.push((who, token, sealed));
    }
    app.advance(3600);
    for (who, token, sealed) in &sealed_bids {
        app.post(&format!("/v1/tenders/{t}/opening/sign-in"), Some(token), &serde_json::json!({})).await.into::<OpeningState>();
        app.post(&format!("/v1/tenders/{t}/opening/key"), Some(token), &file_key(sealed, who)).await.into::<serde_json::Value>();
    }
    app.advance(30 * 60 + 1);
    let agency_token = app.login(&agency).await;
    app.post(&format!("/v1/tenders/{t}/opening/record"), Some(&agency_token), &serde_json::json!({})).await.into::<OpeningState>();
    if let (Some(who), Some(_)) = (representative, &rep_api) {
        let agency_api = Api::new(&app.base).with_token(&agency_token);
        agency_api.appoint_representative(&t, &who.id()).await.unwrap();
        assert_eq!(
            agency_api.appoint_representative(&t, &who.id()).await.unwrap_err().code(),
            "evaluation.representatives_full",
            "one seat kept"
        );
    }
    app.advance(30 * 60);
    let mut members = Vec::new();
    for code in &codes {
        let api = Api::new(&app.base).with_token(&app.login(&w.whos[code]).await);
        let st = api.evaluation_sign_in(&t).await.unwrap();
        members.push((st.me.clone().unwrap(), api, code.clone()));
    }
    if let Some(who) = representative {
        let api = Api::new(&app.base).with_token(&app.login(who).await);
        let st = api.evaluation_sign_in(&t).await.unwrap();
        members.push((st.me.clone().unwrap(), api, REPRESENTATIVE.into()));
    }
    members.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, api, _) in &members {
        api.evaluation_declare(&t, &[]).await.unwrap();
    }
    let chair = 2;
    let chair_seat = members[chair].0.clone();
    for (_, api, _) in &members[..3] {
        api.evaluation_vote(&t, &chair_seat).await.unwrap();
    }
    let mut bidders = Vec::new();
    for (who, _, _) in sealed_bids {
        let api = Api::new(&app.base).with_token(&app.login(&who).await);
        bidders.push((who, api));
    }
    let outsider_code = w.experts.keys().find(|c| !codes.contains(c)).unwrap().clone();
    let outsider = Api::new(&app.base).with_token(&app.login(&w.whos[&outsider_code]).await);
    let rep = representative.map(|who| Who {
        public: who.public.clone(),
        secret: tenderbox_seal::identity::SecretIdentity::from_bytes(&who.secret.to_bytes()).unwrap(),
    });
    Seated { w, t, members, chair, bidders, outsider, rep }
}

pub fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub fn review_sheet(t: &str, seat: &str, work: &EvaluationWork, fail: &[(&str, &str, &str)]) -> ReviewSheet {
    let marks = work
        .bids
        .iter()
        .flat_map(|b| {
            b.items.iter().map(|i| {
                let f = fail.iter().find(|(u, item, _)| *u == b.bidder_uscc && *item == i.id);
                ReviewMark {
                    bidder: b.bidder_uscc.clone(),
                    step: i.step,
                    item: i.id.clone(),
                    pass: f.is_none(),
                    reason: f.map(|(_, _, r)| r.to_string()),
                }
            })
        })
        .collect();
    ReviewSheet { format: SHEET_FORMAT, tender: t.into(), seat: seat.into(), marks, signed_at: Timestamp::from_unix(START) }
}

/// A sheet for lot L1: per bidder (C1, C2, C3) scores; a comment on every score at a range end.
pub fn score_sheet(t: &str, seat: &str, rows: &[(&str, [&str; 3])]) -> ScoreSheet {
    let max = ["30", "10", "10"];
    let scores = rows
        .iter()
        .flat_map(|(b, s)| {
            ["C1", "C2", "C3"].iter().enumerate().map(move |(i, c)| CriterionScore {
                bidder: b.to_string(),
                criterion: c.to_string(),
                score: d(s[i]),
                comment: (s[i] == "0" || s[i] == max[i]).then(|| "依据投标文件相应章节评定".to_string()),
            })
        })
        .collect();
    ScoreSheet {
        format: SHEET_FORMAT,
        tender: t.into(),
        seat: seat.into(),
        lot: "L1".into(),
        scores,
        signed_at: Timestamp::from_unix(START),
    }
}

pub fn signed<T: tenderbox_seal::signed::Document>(doc: T, who: &Who) -> SignedDoc<T> {
    sign(doc, &who.id(), &who.secret).unwrap()
}

#[tokio::test]
async fn members_review_score_and_explain_and_bidders_clarify() {
    let s = seated().await;
    let app = &s.w.app;
    let t = &s.t;
    // The portal after the opening: the opening record, with each bidder and price.
    let p = crate::portal::page(app, &format!("/tenders/{t}")).await;
    assert!(p.contains("开标记录") && p.contains("湖州建工集团有限公司") && p.contains("11,250,000.00"), "{p}");
    assert!(p.contains("已开标，评标中") && !p.contains("中标候选人公示"));
    assert_eq!(crate::portal::listed_stage(app, t).await, "opened");
    assert_eq!(crate::portal::ocds(app, t).await.0.last().unwrap(), "tenderUpdate");
    let [b1, b2, b3] = [0, 1, 2].map(|i| s.bidders[i].0.public.uscc.to_string());
    let m = |i: usize| &s.members[i];

    // Who may see the work: members, not a bidder, not an expert of another committee.
    let w0 = m(0).1.evaluation_work(t).await.unwrap();
    assert_eq!((w0.members.len(), w0.bids.len(), w0.method.as_str()), (5, 3, "comprehensive"));
    assert_eq!(
        w0.bids[0].items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        ["Z1", "Z2", "L1/Q1", "L1/Q2", "L1/T1", "L1/T2", "L1/T3"]
    );
    assert_eq!(s.bidders[0].1.evaluation_work(t).await.unwrap_err().code(), "evaluation.not_member");
    assert_eq!(s.outsider.evaluation_work(t).await.unwrap_err().code(), "evaluation.not_member");

    // Review: a fail needs a reason; a sheet signed by someone else is refused.
    let no_reason = review_sheet(t, &m(0).0, &w0, &[(&b3, "Z1", "")]);
    assert_eq!(m(0).1.put_review_sheet(t, &signed(no_reason, s.who(0))).await.unwrap_err().code(), "review.reason");
    let fine = review_sheet(t, &m(0).0, &w0, &[(&b3, "Z1", "资质证书已过有效期")]);
    assert_eq!(m(0).1.put_review_sheet(t, &signed(fine.clone(), s.who(1))).await.unwrap_err().code(), "signature.invalid");
    let mut forged = signed(fine.clone(), s.who(0));
    forged.doc.marks[0].pass = false;
    forged.doc.marks[0].reason = Some("x".into());
    assert_eq!(m(0).1.put_review_sheet(t, &forged).await.unwrap_err().code(), "signature.invalid", "altered after signing");
    let after = m(0).1.put_review_sheet(t, &signed(fine, s.who(0))).await.unwrap();
    assert_eq!(after.reviews_submitted, vec![m(0).0.clone()]);
    // Scoring waits for every member's review.
    let early = score_sheet(t, &m(0).0, &[(&b1, ["25", "8", "6"])]);
    assert_eq!(m(0).1.put_score_sheet(t, &signed(early, s.who(0))).await.unwrap_err().code(), "score.review_first");
    // Three of five fail b3 on Z1 (the qualification), one fails b1 on a compliance item.
    for i in 1..5 {
        let fails: Vec<(&str, &str, &str)> = match i {
            1 | 2 => vec![(&b3, "Z1", "资质证书已过有效期")],
            3 => vec![(&b1, "L1/T2", "项目经理无注册证书")],
            _ => vec![],
        };
        // Before submitting, a member reads only their own review.
        assert!(m(i).1.evaluation_work(t).await.unwrap().reviews.is_empty());
        m(i).1.put_review_sheet(t, &signed(review_sheet(t, &m(i).0, &w0, &fails), s.who(i))).await.unwrap();
    }
    let w = m(0).1.evaluation_work(t).await.unwrap();
    assert_eq!(w.reviews.len(), 5);
    let c = w.conclusion.clone().unwrap();
    let out: Vec<_> = c.iter().filter(|r| !r.passed).collect();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].bidder, b3);
    assert_eq!(out[0].reason().unwrap(), "资格审查未通过：具有市政公用工程施工总承包三级及以上资质（资质证书已过有效期）");
    assert!(c.iter().find(|r| r.bidder == b1).unwrap().passed, "one member of five is no majority");
    assert_eq!(w.lots[0].admitted.iter().map(|a| a.bidder_uscc.clone()).collect::<Vec<_>>(), vec![b1.clone(), b2.clone()]);
    let again = review_sheet(t, &m(0).0, &w0, &[]);
    assert_eq!(m(0).1.put_review_sheet(t, &signed(again, s.who(0))).await.unwrap_err().code(), "review.closed");

    // Scores: the range, the comment at a range end, a bidder not admitted.
    let bad = |rows: &[(&str, [&str; 3])]| signed(score_sheet(t, &m(0).0, rows), s.who(0));
    let code = |r: Result<EvaluationWork, tenderbox_client::api::ApiFailure>| r.unwrap_err().code().to_string();
    assert_eq!(code(m(0).1.put_score_sheet(t, &bad(&[(&b1, ["31", "8", "6"]), (&b2, ["20", "7", "6"])])).await), "score.range");
    let mut no_comment = score_sheet(t, &m(0).0, &[(&b1, ["30", "8", "6"]), (&b2, ["20", "7", "6"])]);
    no_comment.scores[0].comment = None;
    assert_eq!(code(m(0).1.put_score_sheet(t, &signed(no_comment, s.who(0))).await), "score.comment");
    assert_eq!(code(m(0).1.put_score_sheet(t, &bad(&[(&b1, ["25", "8", "6"])])).await), "score.missing");
    assert_eq!(
        code(m(0).1.put_score_sheet(t, &bad(&[(&b1, ["25", "8", "6"]), (&b2, ["20", "7", "6"]), (&b3, ["20", "7", "6"])])).await),
        "score.unknown",
        "b3 failed the review"
    );
    // Member totals: b1 40, 41, 42, 39, 43; b2 33, 34, 20 (deviates), 35, 33.
    let rows: [[(&str, [&str; 3]); 2]; 5] = [
        [(&b1, ["25", "9", "6"]), (&b2, ["20", "7", "6"])],
        [(&b1, ["26", "9", "6"]), (&b2, ["21", "7", "6"])],
        [(&b1, ["27", "9", "6"]), (&b2, ["10", "4", "6"])],
        [(&b1, ["24", "9", "6"]), (&b2, ["22", "7", "6"])],
        [(&b1, ["28", "9", "6"]), (&b2, ["20", "7", "6"])],
    ];
    let first = m(0).1.put_score_sheet(t, &signed(score_sheet(t, &m(0).0, &rows[0]), s.who(0))).await.unwrap();
    assert_eq!(first.lots[0].sheets.len(), 1, "one's own sheet");
    // Before submitting, member 1 cannot read member 0's sheet.
    assert!(m(1).1.evaluation_work(t).await.unwrap().lots[0].sheets.is_empty());
    // Until another sheet is in, member 0 may still change their mind.
    m(0).1.put_score_sheet(t, &signed(score_sheet(t, &m(0).0, &rows[0]), s.who(0))).await.unwrap();
    for (i, r) in rows.iter().enumerate().take(4).skip(1) {
        m(i).1.put_score_sheet(t, &signed(score_sheet(t, &m(i).0, r), s.who(i))).await.unwrap();
    }
    let w1 = m(1).1.evaluation_work(t).await.unwrap();
    assert_eq!(w1.lots[0].sheets.len(), 4, "after submitting, the others' sheets");
    assert!(w1.lots[0].evaluation.is_none(), "one sheet is missing");
    // Now member 0's subjective scores are locked.
    let changed = score_sheet(t, &m(0).0, &[(&b1, ["29", "9", "6"]), (&b2, ["20", "7", "6"])]);
    assert_eq!(code(m(0).1.put_score_sheet(t, &signed(changed, s.who(0))).await), "score.locked");
    // The last member gives b2 a different objective score: the lot waits until they agree.
    let off = score_sheet(t, &m(4).0, &[(&b1, ["28", "9", "6"]), (&b2, ["20", "7", "8"])]);
    let w4 = m(4).1.put_score_sheet(t, &signed(off, s.who(4))).await.unwrap();
    assert_eq!(w4.lots[0].problems[0].code, "score.objective_differs");
    assert!(w4.lots[0].evaluation.is_none());
    let w4 = m(4).1.put_score_sheet(t, &signed(score_sheet(t, &m(4).0, &rows[4]), s.who(4))).await.unwrap();
    let e = w4.lots[0].evaluation.clone().unwrap();
    // Prices 11 250 000 and 11 000 000: base 11 125 000; b1 +1.1236% → 50 − 2.2472 = 47.75;
    // b2 −1.1236% → 48.88. Technical (5 members, no trimming): the mean of the totals.
    let line = |b: &str| e.lines.iter().find(|l| l.bidder == b).unwrap().clone();
    assert_eq!(e.base, Some(d("11125000")));
    assert_eq!(line(&b1).price_score, Some(d("47.75")));
    assert_eq!(line(&b2).price_score, Some(d("48.88")));
    assert_eq!(line(&b1).technical, Some(d("41")));
    // b2: 33 + 34 + 20 + 35 + 33 = 155 → 31.
    assert_eq!(line(&b2).technical, Some(d("31")));
    assert_eq!((e.lines[0].bidder.clone(), e.lines[0].total), (b1.clone(), d("88.75")));
    // Member 2's 20 for b2 deviates from the mean 31 by −35.48 %: a reason is due.
    assert_eq!(line(&b2).deviations, vec![SeatDeviation { seat: m(2).0.clone(), percent: d("-35.48") }]);
    assert_eq!(m(0).1.explain_deviation(t, "L1", &b2, "x").await.unwrap_err().code(), "evaluation.not_deviating");
    let w2 = m(2).1.explain_deviation(t, "L1", &b2, "施工组织设计缺少冬季施工措施，按细则扣分").await.unwrap();
    assert_eq!(w2.lots[0].deviation_reasons.len(), 1);
    let awards = w2.awards.unwrap();
    assert_eq!(awards.candidates[0], ("L1".to_string(), vec![b1.clone(), b2.clone()]));

    // Questions to bidders: the chair asks, with a deadline; the bidder answers, signed.
    let due = Timestamp::from_unix(app.clock.load(std::sync::atomic::Ordering::SeqCst) + 3600);
    let ask = AskBidder {
        bidder_uscc: b2.clone(), question: "请说明投标报价中安全文明施工费的计取依据。".into(), due_at: due
    };
    assert_eq!(m(0).1.ask_bidder(t, &ask).await.unwrap_err().code(), "evaluation.chair_only");
    let wq = m(s.chair).1.ask_bidder(t, &ask).await.unwrap();
    let q = wq.questions[0].clone();
    assert!(s.bidders[0].1.committee_questions().await.unwrap().is_empty(), "b1 was not asked");
    let mine = s.bidders[1].1.committee_questions().await.unwrap();
    assert_eq!(mine[0].question, ask.question);
    let who = &s.bidders[1].0;
    let answer = |text: &str, question_sha256: String| ClarificationAnswer {
        format: SHEET_FORMAT,
        tender: t.clone(),
        question: q.id.clone(),
        question_sha256,
        bidder: b2.clone(),
        answer: text.into(),
        signed_at: Timestamp::from_unix(START),
    };
    let right = hex::encode(tenderbox_core::sha256(q.question.as_bytes()));
    let wrong = answer("按浙江省计价依据计取", "0".repeat(64));
    assert_eq!(s.bidders[1].1.answer_committee_question(&signed(wrong, who)).await.unwrap_err().code(), "clarification.mismatch");
    let mut stolen = answer("按浙江省计价依据计取", right.clone());
    stolen.bidder = b1.clone();
    assert_eq!(
        s.bidders[0].1.answer_committee_question(&signed(stolen, &s.bidders[0].0)).await.unwrap_err().code(),
        "clarification.not_found",
        "another bidder cannot answer"
    );
    let a = s.bidders[1].1.answer_committee_question(&signed(answer("按浙江省计价依据计取，费率 2.5%", right.clone()), who)).await.unwrap();
    assert!(a.answer.is_some());
    assert_eq!(
        s.bidders[1].1.answer_committee_question(&signed(answer("再答", right), who)).await.unwrap_err().code(),
        "clarification.answered"
    );

    // The report: only the chair draws it up; then every member signs its JSON and PDF.
    assert_eq!(m(0).1.draw_up_report(t).await.unwrap_err().code(), "evaluation.chair_only");
    let v = m(s.chair).1.draw_up_report(t).await.unwrap();
    assert_eq!(m(s.chair).1.draw_up_report(t).await.unwrap_err().code(), "evaluation.report_exists");
    let pdf = m(0).1.evaluation_report_pdf(t).await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(hex::encode(tenderbox_core::sha256(&pdf)), v.state.pdf_sha256);
    assert_eq!(
        tenderbox_seal::signed::doc_sha256(&v.report).unwrap(),
        v.state.report_sha256,
        "the JSON the members read is what they sign"
    );
    assert_eq!(v.report.committee.len(), 5);
    assert_eq!(v.report.rejected.iter().map(|r| r.bidder_uscc.clone()).collect::<Vec<_>>(), vec![b3.clone()]);
    assert_eq!(v.report.questions.len(), 1);
    if let Some(out) = std::env::var_os("TENDERBOX_REPORT_OUT") {
        std::fs::write(out, &pdf).unwrap(); // to look at the pages
    }
    assert_eq!(s.bidders[0].1.evaluation_report(t).await.unwrap_err().code(), "evaluation.not_member");
    let sig = |i: usize, report: &str, dissent: Option<&str>| {
        signed(
            ReportSignature {
                format: SHEET_FORMAT,
                tender: t.clone(),
                seat: m(i).0.clone(),
                report_sha256: report.to_string(),
                pdf_sha256: v.state.pdf_sha256.clone(),
                dissent: dissent.map(str::to_string),
                signed_at: Timestamp::from_unix(START),
            },
            s.who(i),
        )
    };
    assert_eq!(m(0).1.sign_report(t, &sig(0, &"0".repeat(64), None)).await.unwrap_err().code(), "report.changed");
    assert_eq!(m(0).1.sign_report(t, &sig(1, &v.state.report_sha256, None)).await.unwrap_err().code(), "signature.invalid");
    for i in 0..4 {
        let st = m(i).1.sign_report(t, &sig(i, &v.state.report_sha256, None)).await.unwrap().state;
        assert_eq!(st.final_at, None);
    }
    assert_eq!(m(0).1.sign_report(t, &sig(0, &v.state.report_sha256, None)).await.unwrap_err().code(), "report.signed");
    let fin =
        m(4).1.sign_report(t, &sig(4, &v.state.report_sha256, Some("长兴路桥的施工组织设计评分偏低，本人认为应为第一名"))).await.unwrap();
    assert!(fin.state.final_at.is_some());
    assert_eq!((fin.state.signed.len(), fin.state.dissents), (5, 1));
    // The session is over: no member opens a bid or reads a sheet any more; the report stays.
    let bid = m(0).1.evaluation_bids(t).await.unwrap_err();
    assert_eq!(bid.code(), "evaluation.closed");
    assert_eq!(m(0).1.evaluation_work(t).await.unwrap_err().code(), "evaluation.closed");
    assert_eq!(m(1).1.evaluation_bid_file(t, &"0".repeat(64)).await.unwrap_err().code(), "evaluation.closed");
    assert!(m(0).1.evaluation_report(t).await.unwrap().state.final_at.is_some());

    // The result: the agency publishes the candidates for at least three days.
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let agency_api = Api::new(&app.base).with_token(&app.login(&agency).await);
    assert_eq!(m(0).1.start_publicity(t, 3).await.unwrap_err().code(), "auth.role");
    assert_eq!(agency_api.start_publicity(t, 2).await.unwrap_err().code(), "result.publicity_days");
    let r = agency_api.start_publicity(t, 3).await.unwrap();
    assert_eq!(r.status, "publicity");
    let p = crate::portal::page(app, &format!("/tenders/{t}")).await;
    assert!(p.contains("中标候选人公示") && p.contains("公示截止时间") && p.contains("未通过评审的投标及理由"), "{p}");
    assert_eq!(crate::portal::listed_stage(app, t).await, "publicity");
    assert_eq!(crate::portal::ocds(app, t).await.0.last().unwrap(), "award");
    assert_eq!(r.lots[0].candidates.iter().map(|c| c.bidder_uscc.clone()).collect::<Vec<_>>(), vec![b1.clone(), b2.clone()]);
    assert!(!r.member_scores, "an engineering tender publishes the committee's figures");
    assert!(r.lots[0].evaluation.lines.iter().all(|l| l.members.is_empty()));
    assert_eq!(r.rejected.len(), 1);
    // Anyone reads it, and can recompute it.
    let public = Api::new(&app.base);
    let check = tenderbox_client::recompute::recompute(&public, t).await.unwrap();
    assert!(check.matches, "{check:?}");
    // A bidder objects (signed); the process is suspended until the agency answers (signed).
    let objection = |who: &Who, kind: &str, answers: Option<String>, text: &str| {
        signed(
            ObjectionText {
                format: SHEET_FORMAT,
                tender: t.clone(),
                kind: kind.into(),
                answers,
                text: text.into(),
                signed_at: Timestamp::from_unix(START),
            },
            who,
        )
    };
    assert_eq!(s.outsider.object_to_result(t, &objection(s.who(0), "objection", None, "x")).await.unwrap_err().code(), "auth.role");
    let r = s.bidders[1]
        .1
        .object_to_result(t, &objection(&s.bidders[1].0, "objection", None, "第一中标候选人项目经理有在建项目"))
        .await
        .unwrap();
    assert_eq!(r.status, "suspended");
    let oid = r.objections[0].id.clone();
    assert!(r.objections[0].objection.is_some(), "the objector reads their own objection");
    let seen = public.tender_result(t).await.unwrap();
    assert!(
        seen.objections[0].objection.is_none() && seen.objections[0].bidder_uscc.is_none(),
        "the public sees that there is one, not who or what"
    );
    app.advance(3 * 86_400);
    let agency_api = Api::new(&app.base).with_token(&app.login(&agency).await);
    assert_eq!(agency_api.award_tender(t).await.unwrap_err().code(), "result.suspended");
    let answered = agency_api
        .answer_result_objection(
            t,
            &objection(&agency, "answer", Some(oid.clone()), "经核查，该项目经理在建项目已于投标截止前竣工验收，异议不成立。"),
        )
        .await
        .unwrap();
    assert_eq!(answered.status, "publicity_over");
    let late = Api::new(&app.base).with_token(&app.login(&s.bidders[2].0).await);
    assert_eq!(
        late.object_to_result(t, &objection(&s.bidders[2].0, "objection", None, "迟到")).await.unwrap_err().code(),
        "result.publicity_over"
    );
    // The award: the notice to the winner, the result with its reasons to the others.
    let done = agency_api.award_tender(t).await.unwrap();
    assert_eq!(done.status, "awarded");
    let p = crate::portal::page(app, &format!("/tenders/{t}")).await;
    assert!(p.contains("中标结果公告") && p.contains("已确定中标人"), "{p}");
    assert_eq!(crate::portal::listed_stage(app, t).await, "awarded");
    assert_eq!(crate::portal::ocds(app, t).await.0, ["tender", "tenderUpdate", "award", "awardUpdate"]);
    let nat = app.get(&format!("/data/national/{t}.json"), None).await.body;
    assert_eq!(nat["BID_OPENING_RECORD"].as_array().unwrap().len(), 3, "{nat}");
    assert_eq!(nat["WIN_RESULT_ANNO"][0]["WIN_BIDDER_CODE"], b1.as_str(), "{nat}");
    assert_eq!(nat["TENDER_CANDIDATE_ANN"].as_array().unwrap().len(), 2);
    assert_eq!(agency_api.award_tender(t).await.unwrap_err().code(), "result.awarded");
    // The award counts in the statistics: the lot's ceiling less the winner's price.
    let sup = Who::new("stat-sup", "湖州市公共资源交易监督管理办公室", "11330500MB1957366U");
    let st = Api::new(&app.base)
        .with_token(&app.registered(&sup, &[Role::Supervisor]).await)
        .statistics("2026-01-01", "2026-12-31")
        .await
        .unwrap();
    let total = st.rows.last().unwrap();
    assert_eq!((total.tenders, total.opened, total.bids, total.awarded_lots), (1, 1, 3, 1));
    assert!(total.awarded_value > tenderbox_core::Decimal::ZERO);
    assert_eq!(total.savings, total.value - total.awarded_value, "one lot, with its ceiling");
    assert!(total.savings_rate.is_some());
    let b1_api = Api::new(&app.base).with_token(&app.login(&s.bidders[0].0).await);
    let n1 = b1_api.result_notice(t).await.unwrap();
    assert_eq!((n1.kind.as_str(), n1.lots.len()), ("award", 1));
    let n3 = late.result_notice(t).await.unwrap();
    assert_eq!(n3.kind, "result");
    assert!(n3.reasons[0].starts_with("资格审查未通过"), "{:?}", n3.reasons);
    // The notice is signed by the platform's log key.
    let key = tenderbox_wire::verifier_public_key(&app.log_key().await).unwrap();
    let mut unsigned = n1.clone();
    unsigned.signature.clear();
    let sig = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &n1.signature).unwrap();
    let msg = tenderbox_core::canonical::to_canonical_vec(&unsigned).unwrap();
    assert!(
        tenderbox_seal::identity::verify(&key, b"tenderbox/v1/result-notice\n", &msg, &sig),
        "the award notice verifies with the platform key"
    );

    // Every step is in the public log by seat.
    let events = Api::new(&app.base).events(Some(t)).await.unwrap();
    for kind in [
        "evaluation.review_submitted",
        "evaluation.review_concluded",
        "evaluation.sheet_submitted",
        "evaluation.lot_evaluated",
        "evaluation.deviation_explained",
        "evaluation.question",
        "evaluation.answer",
        "evaluation.report",
        "evaluation.report_signed",
        "evaluation.report_final",
        "result.publicity",
        "result.objection",
        "result.objection_answered",
        "result.awarded",
    ] {
        assert!(events.iter().any(|e| e.kind == kind), "{kind} is not logged");
    }
}

/// Two bidders at the same price given the same scores by everyone: the tender's
/// tie-breaks leave them equal, so the report waits for the chair to record the drawn
/// lot; the award follows it, and the recomputation applies it too.
#[tokio::test]
async fn a_tie_is_decided_by_the_recorded_procedure() {
    let s = seated_at(["11000000.00", "11000000.00", "11600000.00"]).await;
    let t = &s.t;
    let m = |i: usize| &s.members[i];
    let [b1, b2, b3] = [0, 1, 2].map(|i| s.bidders[i].0.public.uscc.to_string());
    let w0 = m(0).1.evaluation_work(t).await.unwrap();
    for i in 0..5 {
        m(i).1.put_review_sheet(t, &signed(review_sheet(t, &m(i).0, &w0, &[]), s.who(i))).await.unwrap();
    }
    for i in 0..5 {
        let rows = [(b1.as_str(), ["25", "8", "6"]), (b2.as_str(), ["25", "8", "6"]), (b3.as_str(), ["20", "7", "6"])];
        m(i).1.put_score_sheet(t, &signed(score_sheet(t, &m(i).0, &rows), s.who(i))).await.unwrap();
    }
    let w = m(0).1.evaluation_work(t).await.unwrap();
    let a = w.awards.clone().unwrap();
    assert!(matches!(&a.awards[0], tenderbox_core::scoring::LotAward::Tied { bidders, .. } if bidders.len() == 2), "{:?}", a.awards);
    let e = m(s.chair).1.draw_up_report(t).await.unwrap_err();
    assert_eq!(e.code(), "report.incomplete");
    assert!(e.to_string().contains("tie"), "{e}");
    let decide = |bidder: &str| TieDecision {
        lot: "L1".into(), bidder: bidder.into(), how: "监督人员在场，两家投标人代表抽签".into()
    };
    assert_eq!(m(0).1.decide_tie(t, &decide(&b2)).await.unwrap_err().code(), "evaluation.chair_only");
    assert_eq!(m(s.chair).1.decide_tie(t, &decide(&b3)).await.unwrap_err().code(), "evaluation.bidder", "not one of the tied");
    let w = m(s.chair).1.decide_tie(t, &decide(&b2)).await.unwrap();
    assert_eq!(w.awards.unwrap().awards[0], tenderbox_core::scoring::LotAward::Winner { lot: "L1".into(), bidder: b2.clone() });
    assert_eq!(m(s.chair).1.decide_tie(t, &decide(&b1)).await.unwrap_err().code(), "evaluation.not_tied", "decided once");
    let v = m(s.chair).1.draw_up_report(t).await.unwrap();
    assert_eq!(v.report.tie_decisions.len(), 1);
    for i in 0..5 {
        let st = tenderbox_client::evaluation::sign_report(
            &m(i).1,
            t,
            &m(i).0,
            &s.who(i).id(),
            &s.who(i).secret,
            None,
            Timestamp::from_unix(START),
        )
        .await
        .unwrap()
        .state;
        assert_eq!(st.final_at.is_some(), i == 4);
    }
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let agency_api = Api::new(&s.w.app.base).with_token(&s.w.app.login(&agency).await);
    let r = agency_api.start_publicity(t, 3).await.unwrap();
    assert_eq!(r.tie_decisions.len(), 1);
    assert_eq!(r.lots[0].candidates[0].bidder_uscc, b2);
    let check = tenderbox_client::recompute::recompute(&Api::new(&s.w.app.base), t).await.unwrap();
    assert!(check.matches, "the recomputation applies the recorded decision: {check:?}");
}

/// The tenderer's representative sits as a member (one seat of five, kept by the draw
/// request): appointed by the agency from the tenderer's people, signs in at the main
/// venue, and reviews, scores and signs like the drawn experts.
#[tokio::test]
async fn the_tenderers_representative_sits_as_a_member() {
    let first17 = "91330502MA2D0R7K1";
    let code = format!("{first17}{}", tenderbox_core::uscc::check_char(first17).unwrap());
    let rep = Who::new("rep", "湖州市吴兴区交通建设发展有限公司", &code);
    let s = seated_with(["11250000.00", "11000000.00", "11600000.00"], Some(&rep)).await;
    let t = &s.t;
    let st = s.members[0].1.evaluation(t).await.unwrap();
    assert_eq!((st.committee_size, st.committee_experts), (5, 4));
    let r = st.members.iter().find(|m| m.representative).expect("the representative is a member");
    assert_eq!((r.name.as_str(), r.main_venue), ("湖州市吴兴区交通建设发展有限公司", true));
    assert_eq!(st.members.len(), 5);
    // The review concludes only with the representative's sheet too.
    let w0 = s.members[0].1.evaluation_work(t).await.unwrap();
    assert_eq!(w0.members.len(), 5);
    for i in 0..5 {
        let w = s.members[i].1.put_review_sheet(t, &signed(review_sheet(t, &s.members[i].0, &w0, &[]), s.who(i))).await.unwrap();
        assert_eq!(w.conclusion.is_some(), i == 4);
    }
}
