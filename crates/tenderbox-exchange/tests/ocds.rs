//! The OCDS view of one tender through its whole life, every release and package
//! validated against the vendored OCDS 1.1.5 schemas (with the bids and lots
//! extensions), and what each release may say at each stage.

use serde_json::{Value, json};
use tenderbox_core::Decimal;
use tenderbox_core::evaluation::LotEvaluation;
use tenderbox_core::scoring::LotAward;
use tenderbox_core::tender::{Lot, TenderDocument, TenderFile};
use tenderbox_core::time::Timestamp;
use tenderbox_exchange::ocds::{self, Config, Facts, Version};
use tenderbox_exchange::schema::Validators;
use tenderbox_seal::package::LotOffer;
use tenderbox_wire::{BidOutcome, OpeningLine, OpeningRecord, PublishedResult, RejectedBid, ResultCandidate, ResultLot};

fn t(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn cfg() -> Config {
    Config {
        ocid_prefix: "ocds-hzggzy".into(),
        publisher_name: "湖州市公共资源交易中心".into(),
        base_url: "https://ggzy.example.cn".into(),
    }
}

const A: &str = "913305007044212342";
const B: &str = "91330500MA2B00001W";
const C: &str = "913305021234567895";

fn offer(lot: &str, price: &str) -> LotOffer {
    LotOffer { lot: lot.into(), price: d(price), price_upper: String::new(), duration_days: Some(180), quality: Some("合格".into()) }
}

fn line(uscc: &str, name: &str, sha: char, outcome: BidOutcome, lots: Vec<LotOffer>) -> OpeningLine {
    OpeningLine {
        bidder_uscc: uscc.into(),
        bidder_name: name.into(),
        sha256: sha.to_string().repeat(64),
        outcome,
        opened_by_committee: false,
        lots,
        rejected: vec![],
    }
}

/// A two-lot tender: announced, amended (a later deadline, a higher ceiling, an
/// addendum), opened with three bids (one revoked), candidates published, awarded,
/// contract signed.
fn story() -> Facts {
    let mut v1 = TenderDocument::example(t("2026-11-02T02:00:00Z"));
    v1.lots.push(Lot { id: "L2".into(), name: "监理标段".into(), ceiling_price: Some(d("300000.00")), ..v1.lots[0].clone() });
    let mut v2 = v1.clone();
    v2.version = 2;
    v2.deadline = v1.deadline.plus_seconds(5 * 86400);
    v2.opening_at = v2.deadline;
    v2.lots[0].ceiling_price = Some(d("13000000.00"));
    v2.files.push(TenderFile { name: "补遗书1.pdf".into(), sha256: "e".repeat(64), size: 2048 });
    let opened = v2.deadline.plus_seconds(600);
    let opening = OpeningRecord {
        tender: v2.id.clone(),
        version: 2,
        tender_hash: "f".repeat(64),
        opened_at: opened,
        bids_at_deadline: 3,
        lines: vec![
            line(A, "浙江湖建集团有限公司", 'a', BidOutcome::Decrypted, vec![offer("L1", "12345678.90"), offer("L2", "280000")]),
            line(B, "湖州市政建设有限公司", 'b', BidOutcome::Decrypted, vec![offer("L1", "12100000.00")]),
            line(C, "德清路桥工程有限公司", 'c', BidOutcome::Revoked, vec![]),
        ],
    };
    let published = opened.plus_seconds(5 * 86400);
    let cand = |lot: &str, place, uscc: &str, name: &str, price: &str| ResultCandidate {
        lot: lot.into(),
        place,
        bidder_uscc: uscc.into(),
        bidder_name: name.into(),
        price: d(price),
        total: d("90.5"),
    };
    let result = PublishedResult {
        tender: v2.id.clone(),
        title: v2.title.clone(),
        status: "awarded".into(),
        published_at: published,
        publicity_until: published.plus_seconds(3 * 86400),
        member_scores: false,
        committee: vec!["王建国".into()],
        lots: vec![
            ResultLot {
                lot: "L1".into(),
                name: "施工标段".into(),
                candidates: vec![cand("L1", 1, A, "浙江湖建集团有限公司", "12345678.90")],
                evaluation: LotEvaluation { lot: "L1".into(), base: None, lines: vec![] },
            },
            ResultLot {
                lot: "L2".into(),
                name: "监理标段".into(),
                candidates: vec![],
                evaluation: LotEvaluation { lot: "L2".into(), base: None, lines: vec![] },
            },
        ],
        rejected: vec![RejectedBid {
            bidder_uscc: B.into(),
            bidder_name: "湖州市政建设有限公司".into(),
            reason: "项目经理注册证书不符合招标文件要求".into(),
        }],
        awards: vec![LotAward::Winner { lot: "L1".into(), bidder: A.into() }, LotAward::NoWinner { lot: "L2".into() }],
        tie_decisions: vec![],
        objections: vec![],
        awarded_at: Some(published.plus_seconds(4 * 86400)),
        report_sha256: "9".repeat(64),
    };
    let contract_signed = published.plus_seconds(10 * 86400);
    Facts {
        versions: vec![
            Version { document: v1, hash: "1".repeat(64), published_at: t("2026-11-02T02:00:00Z") },
            Version { document: v2, hash: "2".repeat(64), published_at: t("2026-11-06T02:00:00Z") },
        ],
        cancelled: None,
        opening: Some(opening),
        result: Some(result),
        contract: Some((contract_signed, contract_signed.plus_seconds(3600))),
    }
}

fn check_all(v: &Validators, facts: &Facts) -> Vec<Value> {
    let releases = ocds::releases(&cfg(), facts).unwrap();
    for r in &releases {
        if let Err(e) = v.release(r) {
            panic!("release {} fails the schema:\n{}\n{}", r["id"], e.join("\n"), serde_json::to_string_pretty(r).unwrap());
        }
    }
    let package =
        ocds::release_package(&cfg(), "https://ggzy.example.cn/ocds/releases/x.json".into(), releases.clone(), t("2026-12-30T00:00:00Z"));
    v.release_package(&package).unwrap_or_else(|e| panic!("release package: {}", e.join("\n")));
    let record = ocds::record_package(&cfg(), facts, t("2026-12-30T00:00:00Z")).unwrap();
    v.record_package(&record).unwrap_or_else(|e| panic!("record package: {}", e.join("\n")));
    releases
}

#[test]
fn every_release_of_a_whole_tender_passes_the_schemas() {
    let v = Validators::new();
    let facts = story();
    let releases = check_all(&v, &facts);
    let tags: Vec<&str> = releases.iter().map(|r| r["tag"][0].as_str().unwrap()).collect();
    assert_eq!(tags, ["tender", "tenderAmendment", "tenderUpdate", "award", "awardUpdate", "contract"]);
    for r in &releases {
        assert_eq!(r["ocid"], "ocds-hzggzy-HZ-GC-2026-0417");
    }
    // The amendment says what changed.
    let amendment = &releases[1]["tender"]["amendments"][0];
    let text = amendment["description"].as_str().unwrap();
    assert!(text.contains("投标截止时间") && text.contains("最高投标限价") && text.contains("补遗书1.pdf"), "{text}");
    assert_eq!(amendment["amendsReleaseID"], releases[0]["id"]);
    // Ids are unique across the package.
    let mut ids: Vec<&str> = releases.iter().map(|r| r["id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), releases.len());
}

#[test]
fn nothing_about_bidders_before_the_opening() {
    let mut facts = story();
    facts.opening = None;
    facts.result = None;
    facts.contract = None;
    let releases = check_all(&Validators::new(), &facts);
    assert_eq!(releases.len(), 2);
    for r in &releases {
        let text = r.to_string();
        assert!(r.get("bids").is_none() && r["tender"].get("tenderers").is_none());
        for who in [A, B, C] {
            assert!(!text.contains(who), "{who} appears before the opening");
        }
    }
}

#[test]
fn the_opening_and_the_result_set_each_bids_status() {
    let facts = story();
    let releases = check_all(&Validators::new(), &facts);
    let opening = &releases[2];
    let status = |r: &Value, id: &str| r["bids"]["details"].as_array().unwrap().iter().find(|b| b["id"] == id).unwrap()["status"].clone();
    let a1 = format!("{}-L1", "a".repeat(16));
    let b1 = format!("{}-L1", "b".repeat(16));
    assert_eq!(status(opening, &a1), "pending");
    assert_eq!(status(opening, &"c".repeat(16)), "disqualified", "revoked (撤销) is disqualified, with the reason");
    assert_eq!(opening["tender"]["numberOfTenderers"], 3);
    let award = &releases[3];
    assert_eq!(status(award, &a1), "valid");
    assert_eq!(status(award, &b1), "disqualified");
    let stats = award["bids"]["statistics"].as_array().unwrap();
    let stat = |id: &str| stats.iter().find(|s| s["id"] == id).map(|s| s["value"].clone());
    assert_eq!(stat("validBids"), Some(json!(1)));
    assert_eq!(stat("lowestValidBidValue-L1"), Some(json!(12345678.9)));
    // Candidates during publicity: pending awards; the lot nobody can win: unsuccessful.
    let awards = award["awards"].as_array().unwrap();
    assert_eq!(awards[0]["status"], "pending");
    assert_eq!(awards[0]["value"]["amount"], json!(12345678.9));
    assert_eq!(awards[0]["relatedBid"], a1.as_str());
    assert_eq!(awards[1]["status"], "unsuccessful");
    let awarded = &releases[4];
    assert_eq!(awarded["awards"][0]["status"], "active");
    assert_eq!(awarded["tender"]["status"], "complete");
    let contract = &releases[5]["contracts"][0];
    assert_eq!(contract["awardID"], awarded["awards"][0]["id"]);
    assert_eq!(contract["status"], "active");
}

#[test]
fn a_cancelled_tender_ends_with_a_cancellation() {
    let mut facts = story();
    facts.opening = None;
    facts.result = None;
    facts.contract = None;
    facts.cancelled = Some((t("2026-11-20T00:00:00Z"), "项目资金未落实，招标人终止招标".into()));
    let releases = check_all(&Validators::new(), &facts);
    let last = releases.last().unwrap();
    assert_eq!(last["tag"][0], "tenderCancellation");
    assert_eq!(last["tender"]["status"], "cancelled");
}

#[test]
fn the_check_can_fail() {
    let v = Validators::new();
    let releases = ocds::releases(&cfg(), &story()).unwrap();
    let mut r = releases[0].clone();
    r.as_object_mut().unwrap().remove("ocid");
    let e = v.release(&r).unwrap_err();
    assert!(e.iter().any(|e| e.contains("ocid")), "{e:?}");
    let mut r = releases[2].clone();
    r["bids"]["details"][0]["status"] = json!("revoked");
    assert!(v.release(&r).is_err(), "bid statuses are a closed codelist");
    let mut r = releases[0].clone();
    r["date"] = json!("2026-11-02 10:00");
    assert!(v.release(&r).is_err(), "dates are RFC 3339 date-times");
    let mut package = ocds::release_package(&cfg(), "https://ggzy.example.cn/x.json".into(), releases, t("2026-12-30T00:00:00Z"));
    package["releases"][2]["bids"]["details"][0]["status"] = json!("revoked");
    assert!(v.release_package(&package).is_err(), "a package's releases are checked against the extended release schema");
    package["releases"][2]["bids"]["details"][0]["status"] = json!("valid");
    v.release_package(&package).unwrap();
    package.as_object_mut().unwrap().remove("publisher");
    assert!(v.release_package(&package).is_err());
    let mut record = ocds::record_package(&cfg(), &story(), t("2026-12-30T00:00:00Z")).unwrap();
    record["records"][0]["compiledRelease"]["tag"] = json!(["final"]);
    assert!(v.record_package(&record).is_err(), "the compiled release is checked too");
}

#[test]
fn amounts_are_exact_or_refused() {
    let mut facts = story();
    facts.versions[1].document.lots[0].ceiling_price = Some(d("1234567890123456.78"));
    assert!(matches!(ocds::releases(&cfg(), &facts), Err(ocds::OcdsError::Amount(_))));
}

/// The national data specification's data sets of the whole story, against the file
/// kept in `tests/golden/` (`UPDATE_GOLDEN=1` rewrites it after a deliberate change).
#[test]
fn the_national_export_of_a_whole_tender_matches_its_golden_file() {
    use tenderbox_core::security::Guarantee;
    use tenderbox_core::tender::Party;
    use tenderbox_core::uscc::Uscc;
    use tenderbox_exchange::national;
    let facts = story();
    let tenderer = facts.versions[0].document.tenderer.clone();
    let guarantee = Guarantee {
        format: 1,
        number: "HZB-2026-0001".into(),
        guarantor: Party { name: "湖州银行股份有限公司".into(), uscc: Uscc::parse("913305007042013066").unwrap() },
        beneficiary: tenderer.clone(),
        applicant: Party { name: "浙江湖建集团有限公司".into(), uscc: Uscc::parse(A).unwrap() },
        tender: facts.versions[0].document.id.clone(),
        amount: d("200000.00"),
        valid_from: "2026-11-20".into(),
        valid_until: "2027-03-31".into(),
        issued_at: t("2026-11-20T02:00:00Z"),
    };
    let cfg = national::Config { region_code: "330500".into(), platform_code: "P3305001".into(), pub_service_plat_code: "P3300001".into() };
    let export = national::export(&cfg, &facts, &[guarantee], "https://ggzy.example.cn");
    let text = serde_json::to_string_pretty(&export).unwrap() + "\n";
    let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/national-story.json");
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, &text).unwrap();
    }
    let want = std::fs::read_to_string(&golden).expect("the golden file (UPDATE_GOLDEN=1 writes it)");
    assert_eq!(text, want, "the national export differs from {}", golden.display());
    // Every row names its transaction, region, platform and data time.
    for (table, rows) in &export {
        for r in rows {
            for f in ["UNIFIED_DEAL_CODE", "TENDER_PROJECT_CODE", "REGION_CODE", "PLATFORM_CODE", "PUB_SERVICE_PLAT_CODE", "DATA_TIMESTAMP"]
            {
                assert!(r.contains_key(f), "{table} lacks {f}");
            }
        }
    }
    let tables: Vec<&str> = export.keys().copied().collect();
    assert_eq!(
        tables,
        [
            "BID_EVALUATION_EXPERT",
            "BID_OPENING_RECORD",
            "BID_WINNING_NOTICE",
            "CONTRACT_PERFORMANCE",
            "EVALUATION_REPORT",
            "LETTER_OF_GUARANTEE",
            "SECTION",
            "TENDER_ANNOUNCEMENT",
            "TENDER_CANDIDATE_ANN",
            "TENDER_PROJECT",
            "WIN_RESULT_ANNO"
        ]
    );
    assert_eq!(export["BID_OPENING_RECORD"][0]["BID_AMOUNT"], "1234.56789", "万元, exact");
    assert_eq!(export["WIN_RESULT_ANNO"][1]["RESULT"], "流标");
}

#[test]
fn the_unified_deal_code_is_type_tenderer_date_time_and_check() {
    use tenderbox_exchange::national;
    let facts = story();
    let code = national::unified_deal_code(&facts.versions[0].document, facts.versions[0].published_at);
    assert_eq!(code, "A01-91350100M000100Y43-20261102-100000-3");
    assert!(
        national::export(
            &national::Config { region_code: "330500".into(), platform_code: "x".into(), pub_service_plat_code: "y".into() },
            &Facts { versions: vec![], cancelled: None, opening: None, result: None, contract: None },
            &[],
            ""
        )
        .is_empty()
    );
}
