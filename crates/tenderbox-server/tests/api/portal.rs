//! The public portal and the open data: pages anyone reads without an account, only
//! what is public at that moment, and OCDS packages that pass the standard's schemas.

use crate::helpers::*;
use reqwest::StatusCode;
use tenderbox_core::tender::TenderFile;
use tenderbox_exchange::schema::Validators;
use tenderbox_wire::*;

/// A page's HTML (status 200, HTML content type).
pub async fn page(app: &TestApp, path: &str) -> String {
    let resp = app.client.get(format!("{}{path}", app.base)).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "{path}");
    let ct = resp.headers()[reqwest::header::CONTENT_TYPE].to_str().unwrap().to_string();
    assert!(ct.starts_with("text/html"), "{path}: {ct}");
    resp.text().await.unwrap()
}

/// The one stage under which the announcements list shows the tender (the list
/// computes stages in SQL, the tender page in Rust: the two must agree).
pub async fn listed_stage(app: &TestApp, tender: &str) -> &'static str {
    let mut found = Vec::new();
    for st in ["open", "closed", "opened", "publicity", "awarded", "cancelled", "failed"] {
        if page(app, &format!("/?stage={st}&q={tender}")).await.contains(&format!(">{tender}")) {
            found.push(st);
        }
    }
    assert_eq!(found.len(), 1, "{tender} is listed under {found:?}");
    found[0]
}

/// The tender's release and record packages, checked against the OCDS schemas; the
/// releases' tags in order.
pub async fn ocds(app: &TestApp, tender: &str) -> (Vec<String>, String) {
    let v = Validators::new();
    let releases = app.get(&format!("/ocds/releases/{tender}.json"), None).await;
    assert_eq!(releases.status, StatusCode::OK, "{}", releases.body);
    if let Err(e) = v.release_package(&releases.body) {
        panic!("the release package of {tender} fails the schema:\n{}", e.join("\n"));
    }
    let record = app.get(&format!("/ocds/records/{tender}.json"), None).await;
    if let Err(e) = v.record_package(&record.body) {
        panic!("the record package of {tender} fails the schema:\n{}", e.join("\n"));
    }
    let tags = releases.body["releases"].as_array().unwrap().iter().map(|r| r["tag"][0].as_str().unwrap().to_string()).collect();
    (tags, releases.body.to_string())
}

#[tokio::test]
async fn the_portal_shows_each_tender_and_nothing_of_its_bidders_before_the_opening() {
    let app = spawn().await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let token = app.registered(&agency, &[Role::Agency]).await;
    let mut t = tender_doc();
    let drawing: Vec<u8> = (0..5000).map(|i| (i % 251) as u8).collect();
    let sha = sha_hex(&drawing);
    let put = app.client.put(format!("{}/v1/tender-files/{sha}", app.base)).bearer_auth(&token).body(drawing.clone()).send().await.unwrap();
    assert!(put.status().is_success());
    t.files.push(TenderFile { name: "施工图纸.pdf".into(), sha256: sha.clone(), size: drawing.len() as u64 });
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
    app.advance(600);
    let mut v2 = t.clone();
    v2.version = 2;
    v2.deadline = t.deadline.plus_seconds(16 * 86_400);
    v2.opening_at = v2.deadline;
    v2.lots[0].ceiling_price = Some("12900000.00".parse().unwrap());
    app.post(&format!("/v1/tenders/{}/amend", t.id), Some(&token), &sign_tender(&agency, &v2)).await.into::<TenderRecord>();
    let bidder = Who::new("b1", "湖州建工集团有限公司", "9135021359498494XQ");
    let bidder_token = app.registered(&bidder, &[Role::Bidder]).await;
    app.submit(&t.id, &bidder_token, &sealed_bid(&v2, &bidder, 2000, "b1"), 1 << 20).await.into::<BidRecord>();

    // The announcements: listed, searched, filtered.
    let home = page(&app, "/").await;
    assert!(home.contains(&t.title) && home.contains("正在招标"), "{home}");
    assert!(home.contains("本页由服务器生成于"), "every page states when the server rendered it");
    assert!(page(&app, &format!("/?q={}", tenderbox_server::portal::encode("滨湖路"))).await.contains(&t.title));
    assert!(!page(&app, "/?q=nothing-like-it").await.contains(&t.title));
    assert!(page(&app, "/?centre=HZ&type=engineering&stage=open").await.contains(&t.title));
    assert!(!page(&app, "/?centre=HZ-DQ").await.contains(&t.title));
    assert!(!page(&app, "/?stage=awarded").await.contains(&t.title));
    assert_eq!(listed_stage(&app, &t.id).await, "open");
    let bad = app.get("/?centre=XX", None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.as_str().unwrap().contains("there is no centre XX"), "a bad filter is named");

    // The tender's page: its facts, documents and what the amendment changed; no bidder.
    let p = page(&app, &format!("/tenders/{}", t.id)).await;
    for text in [
        "变更公告",
        "投标截止时间",
        "最高投标限价（元）（L1）：由 12800000.00 改为 12900000.00",
        "施工图纸.pdf",
        "交易日志",
        "发布招标公告",
    ] {
        assert!(p.contains(text), "the tender page lacks {text}");
    }
    for secret in [bidder.public.name.as_str(), bidder.public.uscc.as_str(), "开标记录"] {
        assert!(!p.contains(secret), "{secret} shows before the opening");
    }
    // The package file downloads from the page's link, named.
    let f = app.client.get(format!("{}/tenders/{}/files/{sha}", app.base, t.id)).send().await.unwrap();
    assert_eq!(f.status(), StatusCode::OK);
    assert!(f.headers()[reqwest::header::CONTENT_DISPOSITION].to_str().unwrap().contains("filename"));
    assert_eq!(f.bytes().await.unwrap().to_vec(), drawing);

    // Open data: the announcement and the amendment, nothing of the bidder.
    let (tags, text) = ocds(&app, &t.id).await;
    assert_eq!(tags, ["tender", "tenderAmendment"]);
    assert!(!text.contains(bidder.public.uscc.as_str()) && !text.contains(&bidder.public.name));
    let day = tenderbox_core::credit::day_of(app.state.now());
    let daily = app.get(&format!("/ocds/day/{day}.json"), None).await;
    Validators::new().release_package(&daily.body).unwrap();
    assert_eq!(daily.body["releases"].as_array().unwrap().len(), 2);
    assert_eq!(app.get("/ocds/day/2026-13-01.json", None).await.status, StatusCode::BAD_REQUEST);

    // The national data sets: the project, its lot, the two announcements; no bidder.
    let nat = app.get(&format!("/data/national/{}.json", t.id), None).await.body;
    assert_eq!(nat["TENDER_ANNOUNCEMENT"].as_array().unwrap().len(), 2, "{nat}");
    assert_eq!(nat["TENDER_PROJECT"][0]["REGION_CODE"], "330500");
    assert!(nat.get("BID_OPENING_RECORD").is_none() && !nat.to_string().contains(bidder.public.uscc.as_str()));

    // The feed: one entry per announcement.
    let feed = app.client.get(format!("{}/feed.atom?centre=HZ&type=engineering", app.base)).send().await.unwrap();
    assert!(feed.headers()[reqwest::header::CONTENT_TYPE].to_str().unwrap().starts_with("application/atom+xml"));
    let feed = feed.text().await.unwrap();
    assert!(feed.contains("招标公告：") && feed.contains("变更公告：") && !feed.contains(&bidder.public.name));
    assert!(
        !app.client.get(format!("{}/feed.atom?centre=HZ-AJ", app.base)).send().await.unwrap().text().await.unwrap().contains("<entry>")
    );

    // Credit publicity (none yet), the rules, the statistics with their charts.
    assert!(page(&app, "/credit").await.contains("目前没有公示中的信用记录"));
    assert!(page(&app, "/rules").await.contains("交易规则"));
    let stats = page(&app, "/statistics?year=2026").await;
    assert!(stats.contains("合计") && stats.contains("<svg"), "{stats}");
    assert!(page(&app, "/data").await.contains("/ocds/records/"));

    // English on request, kept across links; not-found pages in the reader's language.
    let en = page(&app, &format!("/tenders/{}?lang=en", t.id)).await;
    assert!(en.contains("<html lang=\"en\"") && en.contains("Bid deadline") && en.contains("href=\"/?lang=en\""));
    let missing = app.client.get(format!("{}/tenders/NO-SUCH?lang=en", app.base)).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.text().await.unwrap().contains("Not found"));
}

#[tokio::test]
async fn the_announcements_list_counts_filters_and_pages_every_tender() {
    let app = spawn().await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let token = app.registered(&agency, &[Role::Agency]).await;
    let base = tender_doc();
    for i in 0..35 {
        let mut t = base.clone();
        t.id = format!("HZ-GC-2026-{:04}", 1000 + i);
        t.title = format!("湖州市第{}号道路养护工程", i + 1);
        t.centre = if i % 5 == 0 { "HZ-DQ".into() } else { "HZ".into() };
        // The first ten close at the example's deadline, the rest ten days later.
        t.deadline = if i < 10 { base.deadline } else { base.deadline.plus_seconds(10 * 86_400) };
        t.opening_at = t.deadline;
        app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
        app.advance(1);
    }
    let rows = |p: &str| p.matches("<tr>").count() - 1;
    let first = page(&app, "/").await;
    assert!(first.contains("共 35 个项目") && rows(&first) == 30, "30 on the first page");
    assert!(first.contains("湖州市第35号道路养护工程"), "newest first");
    let second = page(&app, "/?page=2").await;
    assert_eq!(rows(&second), 5);
    assert!(second.contains("湖州市第1号道路养护工程"));
    assert!(page(&app, "/?centre=HZ-DQ").await.contains("共 7 个项目"));
    assert!(page(&app, &format!("/?q={}", tenderbox_server::portal::encode("第12号"))).await.contains("共 1 个项目"));
    // The deadline passes for the first ten: the list moves them to closed, as their pages say.
    app.advance(base.deadline.unix() - app.state.now().unix());
    let closed = page(&app, "/?stage=closed").await;
    assert!(closed.contains("共 10 个项目"), "{closed}");
    assert!(page(&app, "/?stage=open").await.contains("共 25 个项目"));
    assert_eq!(listed_stage(&app, "HZ-GC-2026-1000").await, "closed");
    assert!(page(&app, "/tenders/HZ-GC-2026-1000").await.contains(">已截止"));
    // A page past the end is empty, not an error.
    assert!(page(&app, "/?page=9").await.contains("没有符合条件的交易公告"));
}

#[tokio::test]
async fn a_page_kept_for_its_second_is_not_served_after_a_public_change() {
    // The test clock stands still: only the public change can make the page stale.
    let app = spawn().await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let token = app.registered(&agency, &[Role::Agency]).await;
    let t = tender_doc();
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
    let before = page(&app, &format!("/tenders/{}", t.id)).await;
    assert_eq!(before, page(&app, &format!("/tenders/{}", t.id)).await, "the same second, the same page");
    assert!(!before.contains("变更公告"));
    let mut v2 = t.clone();
    v2.version = 2;
    v2.title = format!("{}（变更）", t.title);
    app.post(&format!("/v1/tenders/{}/amend", t.id), Some(&token), &sign_tender(&agency, &v2)).await.into::<TenderRecord>();
    let after = page(&app, &format!("/tenders/{}", t.id)).await;
    assert!(after.contains("变更公告") && after.contains(&v2.title), "the amendment shows at once");
    assert!(page(&app, "/").await.contains(&v2.title), "and in the announcements");
}
