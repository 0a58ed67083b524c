//! The public portal (公共服务门户), served by the trading server under `/`: the
//! announcements of every centre with search, each tender's page through its whole
//! life, credit publicity, the trading rules in force, statistics with charts, an
//! Atom feed, and the open-data downloads (OCDS). No account, no JavaScript.
//!
//! Every page is built from the same functions the public API answers with, so the
//! portal can never show more than the API does: nothing about bidders before the
//! opening, candidates only once their publicity has started.

mod auctions;
mod page;
mod tender;

use crate::AppState;
use crate::error::{Error, Result};
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::{Markup, html};
use page::{Ctx, Lang, centre_name, frame, trading_type, when, yuan};
use serde::Deserialize;
use sqlx::Row;
use std::collections::HashMap;
use tenderbox_core::Decimal;
use tenderbox_core::centre::CENTRES;
use tenderbox_core::tender::TradingType;
use tenderbox_core::time::Timestamp;

pub use tender::{facts as ocds_facts, national_export, ocds_config};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/portal.css", get(stylesheet))
        .route("/tenders/{id}", get(tender::page))
        .route("/tenders/{id}/files/{sha256}", get(tender::file))
        .route("/auctions", get(auctions::list))
        .route("/auctions/{id}", get(auctions::page))
        .route("/credit", get(credit))
        .route("/rules", get(rules))
        .route("/statistics", get(statistics))
        .route("/data", get(data))
        .route("/feed.atom", get(feed))
        .route("/ocds/releases/{file}", get(tender::release_package))
        .route("/ocds/records/{file}", get(tender::record_package))
        .route("/ocds/day/{file}", get(tender::day_package))
        .route("/data/national/{file}", get(tender::national))
}

/// Rendered pages for the second they were rendered in. A page is the same for
/// every reader until a public event is committed or the second (the rendered-at
/// time a page states, and the clock stages are decided by) turns; so a page from
/// here is exactly what a fresh render would give. Only the announcements and the
/// tender pages are kept (the pages a deadline surge's readers reload); at most
/// [`PageCache::MAX`] pages, all dropped when the stamp changes.
/// A page being rendered is rendered once: readers who miss it wait for that render
/// (when the second turns, two hundred readers do not all query the database).
#[derive(Default)]
pub struct PageCache {
    pages: std::sync::Mutex<(Stamp, HashMap<String, String>)>,
    rendering: std::sync::Mutex<HashMap<String, std::sync::Arc<tokio::sync::Mutex<()>>>>,
}

/// Public events committed so far, and the server's second.
type Stamp = (u64, i64);

impl PageCache {
    const MAX: usize = 2000;

    fn stamp(s: &AppState) -> Stamp {
        // The counter first: a render that began before a change is stored under the
        // stamp before it, never after.
        let public = s.log.public_changes();
        (public, s.now().unix())
    }

    fn get(&self, stamp: Stamp, uri: &str) -> Option<String> {
        let c = self.pages.lock().ok()?;
        if c.0 != stamp {
            return None;
        }
        c.1.get(uri).cloned()
    }

    fn put(&self, stamp: Stamp, uri: &str, html: &str) {
        let Ok(mut c) = self.pages.lock() else { return };
        if c.0 != stamp {
            if stamp < c.0 {
                return; // rendered before a newer stamp arrived
            }
            c.0 = stamp;
            c.1.clear();
        }
        if c.1.len() < Self::MAX {
            c.1.insert(uri.to_string(), html.to_string());
        }
    }

    /// The lock whoever renders `uri` holds (one per page; forgotten with the page's
    /// render when nobody else waits).
    fn render_lock(&self, uri: &str) -> std::sync::Arc<tokio::sync::Mutex<()>> {
        let mut r = self.rendering.lock().unwrap_or_else(|e| e.into_inner());
        if r.len() > Self::MAX {
            r.retain(|_, l| std::sync::Arc::strong_count(l) > 1);
        }
        r.entry(uri.to_string()).or_default().clone()
    }
}

/// Serves `uri` from the page cache, or renders it (and keeps it when it rendered).
/// `now` is the time the page states it was rendered at: a render whose second is not
/// the stamp's (the second turned while it waited) is served but not kept.
pub(crate) async fn cached<F>(s: &AppState, uri: &axum::http::Uri, now: Timestamp, render: F) -> Response
where
    F: std::future::Future<Output = std::result::Result<Markup, Response>>,
{
    let key = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let stamp = PageCache::stamp(s);
    if let Some(html) = s.page_cache.get(stamp, key) {
        return html_text(html);
    }
    let lock = s.page_cache.render_lock(key);
    let _rendering = lock.lock().await;
    // Whoever held the lock may have rendered it; the stamp is re-read (time went by).
    let stamp = PageCache::stamp(s);
    if let Some(html) = s.page_cache.get(stamp, key) {
        return html_text(html);
    }
    match render.await {
        Ok(m) => {
            let html = m.into_string();
            if stamp.1 == now.unix() {
                s.page_cache.put(stamp, key, &html);
            }
            html_text(html)
        }
        Err(r) => r,
    }
}

fn html_text(html: String) -> Response {
    let mut r = html.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

pub(crate) fn html_response(m: Markup) -> Response {
    html_text(m.into_string())
}

/// A page that could not be shown, in the reader's language, with the HTTP status.
pub(crate) fn error_page(ctx: &Ctx, status: StatusCode, e: &Error) -> Response {
    let l = ctx.lang;
    let (title, text) = match status {
        StatusCode::NOT_FOUND => {
            (l.t("没有找到", "Not found"), l.t("没有这个页面，或它尚未公开。", "There is no such page, or it is not public yet."))
        }
        StatusCode::BAD_REQUEST => (l.t("请求有误", "Bad request"), l.t("请求的参数有误：", "The request is wrong: ")),
        _ => (
            l.t("暂时无法显示", "Cannot be shown now"),
            l.t("服务器暂时无法生成此页，请稍后再试。", "The server cannot render this page now; try again later."),
        ),
    };
    let detail = if status == StatusCode::BAD_REQUEST { e.to_string() } else { String::new() };
    let mut r = html_response(frame(
        ctx,
        title,
        "",
        html! { h1 { (title) } p { (text) (detail) } p { a href=(l.href("/")) { (l.t("返回交易公告", "Back to the announcements")) } } },
    ));
    *r.status_mut() = status;
    r
}

pub(crate) fn status_of(e: &Error) -> StatusCode {
    match e {
        Error::NotFound(..) => StatusCode::NOT_FOUND,
        Error::BadRequest(..) => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

async fn stylesheet() -> Response {
    let mut r = page::STYLESHEET.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8"));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    r
}

/// Where a tender stands, as the public sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    /// Accepting bids (or waiting for the committee key before it does).
    Open,
    /// The deadline passed; the opening has not made its record yet.
    Closed,
    Opened,
    Publicity,
    Awarded,
    Cancelled,
    Failed,
}

impl Stage {
    pub const ALL: [Stage; 7] =
        [Stage::Open, Stage::Closed, Stage::Opened, Stage::Publicity, Stage::Awarded, Stage::Cancelled, Stage::Failed];

    pub fn key(self) -> &'static str {
        match self {
            Stage::Open => "open",
            Stage::Closed => "closed",
            Stage::Opened => "opened",
            Stage::Publicity => "publicity",
            Stage::Awarded => "awarded",
            Stage::Cancelled => "cancelled",
            Stage::Failed => "failed",
        }
    }

    pub fn label(self, l: Lang) -> &'static str {
        match self {
            Stage::Open => l.t("正在招标", "Open for bids"),
            Stage::Closed => l.t("已截止，待开标", "Closed, awaiting opening"),
            Stage::Opened => l.t("已开标，评标中", "Opened, under evaluation"),
            Stage::Publicity => l.t("中标候选人公示", "Candidates published"),
            Stage::Awarded => l.t("已确定中标人", "Awarded"),
            Stage::Cancelled => l.t("已终止", "Cancelled"),
            Stage::Failed => l.t("招标失败", "Failed"),
        }
    }

    pub fn badge(self, l: Lang) -> Markup {
        html! { span class={ "badge s-" (self.key()) } { (self.label(l)) } }
    }

    fn of(status: &str, deadline: Timestamp, opened: bool, publicity: bool, awarded: bool, now: Timestamp) -> Stage {
        match status {
            "cancelled" => Stage::Cancelled,
            "failed" => Stage::Failed,
            _ if awarded => Stage::Awarded,
            _ if publicity => Stage::Publicity,
            _ if opened => Stage::Opened,
            _ if now >= deadline => Stage::Closed,
            _ => Stage::Open,
        }
    }
}

/// One line of the announcements list.
pub(crate) struct Listed {
    pub id: String,
    pub title: String,
    pub centre: String,
    pub trading_type: TradingType,
    pub stage: Stage,
    pub deadline: Timestamp,
    pub published_at: Timestamp,
    pub version: u32,
}

pub(crate) fn parse_type(s: &str) -> Option<TradingType> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

fn type_key(t: TradingType) -> String {
    serde_json::to_value(t).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// The stage of each tender row `t` as SQL, the same rule as [`Stage::of`] (checked
/// against it in the tests); `$1` is the server's time.
const STAGE_SQL: &str = "CASE
    WHEN t.status = 'cancelled' THEN 'cancelled'
    WHEN t.status = 'failed' THEN 'failed'
    WHEN EXISTS (SELECT 1 FROM results r WHERE r.tender_id = t.id AND r.awarded_at IS NOT NULL) THEN 'awarded'
    WHEN EXISTS (SELECT 1 FROM results r WHERE r.tender_id = t.id) THEN 'publicity'
    WHEN EXISTS (SELECT 1 FROM openings o WHERE o.tender_id = t.id) THEN 'opened'
    WHEN t.deadline <= $1 THEN 'closed'
    ELSE 'open' END";

/// What the announcements list is narrowed to.
#[derive(Default, Clone, Copy)]
pub(crate) struct Listing<'a> {
    pub centre: Option<&'a str>,
    pub ttype: Option<TradingType>,
    pub stage: Option<Stage>,
    pub q: Option<&'a str>,
}

/// One page of the tenders matching the filters, newest first (`limit` rows from
/// `offset`), and how many match in all. Filtering, counting and paging happen in
/// the database, so a page costs the same with ten tenders or ten thousand.
pub(crate) async fn listed(s: &AppState, f: Listing<'_>, offset: usize, limit: usize) -> Result<(usize, Vec<Listed>)> {
    let now = s.now();
    let mut binds: Vec<String> = Vec::new();
    let mut filter = String::new();
    if let Some(c) = f.centre {
        binds.push(c.to_string());
        filter.push_str(&format!(" AND t.centre = ${}", binds.len() + 1));
    }
    if let Some(t) = f.ttype {
        binds.push(type_key(t));
        filter.push_str(&format!(" AND t.trading_type = ${}", binds.len() + 1));
    }
    if let Some(q) = f.q.map(str::trim).filter(|q| !q.is_empty()) {
        let pattern = format!("%{}%", q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        binds.push(pattern);
        let n = binds.len() + 1;
        filter.push_str(&format!(" AND (t.title LIKE ${n} ESCAPE '\\' OR t.id LIKE ${n} ESCAPE '\\')"));
    }
    let inner = format!(
        "SELECT t.id, t.title, t.centre, t.trading_type, t.deadline, t.published_at, t.version, {STAGE_SQL} AS stage
         FROM tenders t WHERE 1 = 1{filter}"
    );
    let mut outer = String::from(" WHERE 1 = 1");
    if let Some(st) = f.stage {
        binds.push(st.key().to_string());
        outer = format!(" WHERE x.stage = ${}", binds.len() + 1);
    }
    let mut conn = s.reads.acquire().await?;
    let count_sql = format!("SELECT COUNT(*) FROM ({inner}) x{outer}");
    let mut count = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql)).bind(now.unix());
    for b in &binds {
        count = count.bind(b);
    }
    let total = count.fetch_one(&mut *conn).await? as usize;
    let page_sql = format!("SELECT x.* FROM ({inner}) x{outer} ORDER BY x.published_at DESC, x.id LIMIT {limit} OFFSET {offset}");
    let mut query = sqlx::query(sqlx::AssertSqlSafe(page_sql)).bind(now.unix());
    for b in &binds {
        query = query.bind(b);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let listed = rows
        .iter()
        .map(|r| {
            let tt: String = r.try_get("trading_type")?;
            let st: String = r.try_get("stage")?;
            Ok(Listed {
                id: r.try_get("id")?,
                title: r.try_get("title")?,
                centre: r.try_get("centre")?,
                trading_type: parse_type(&tt).ok_or_else(|| Error::internal(format!("trading type {tt}")))?,
                stage: Stage::ALL.into_iter().find(|x| x.key() == st).ok_or_else(|| Error::internal(format!("stage {st}")))?,
                deadline: Timestamp::from_unix(r.try_get("deadline")?),
                published_at: Timestamp::from_unix(r.try_get("published_at")?),
                version: r.try_get::<i64, _>("version")? as u32,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((total, listed))
}

/// The centre and trading type a page or feed is narrowed to (empty: all), checked.
fn filters<'a>(centre: Option<&'a str>, ttype: Option<&str>) -> Result<(Option<&'a str>, Option<TradingType>)> {
    let centre = centre.filter(|v| !v.is_empty());
    if let Some(code) = centre
        && tenderbox_core::centre::centre(code).is_none()
    {
        return Err(Error::BadRequest("portal.centre", format!("there is no centre {code}")));
    }
    let ttype = match ttype.filter(|v| !v.is_empty()) {
        None => None,
        Some(t) => Some(parse_type(t).ok_or_else(|| Error::BadRequest("portal.type", format!("there is no trading type {t}")))?),
    };
    Ok((centre, ttype))
}

#[derive(Deserialize, Default)]
pub(crate) struct HomeQuery {
    lang: Option<String>,
    centre: Option<String>,
    #[serde(rename = "type")]
    ttype: Option<String>,
    stage: Option<String>,
    q: Option<String>,
    page: Option<usize>,
}

const PAGE: usize = 30;

fn ctx(s: &AppState, lang: Option<&str>, here: String) -> Ctx {
    Ctx { lang: Lang::from_query(lang), now: s.now(), here }
}

fn query_string(pairs: &[(&str, Option<&str>)]) -> String {
    let parts: Vec<String> = pairs.iter().filter_map(|(k, v)| v.filter(|v| !v.is_empty()).map(|v| format!("{k}={}", encode(v)))).collect();
    if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
}

/// Percent-encodes a query value (UTF-8).
pub fn encode(v: &str) -> String {
    let mut out = String::new();
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

async fn home(State(s): State<AppState>, uri: axum::http::Uri, Query(q): Query<HomeQuery>) -> Response {
    let here = format!(
        "/{}",
        query_string(&[
            ("centre", q.centre.as_deref()),
            ("type", q.ttype.as_deref()),
            ("stage", q.stage.as_deref()),
            ("q", q.q.as_deref()),
        ])
    );
    let c = ctx(&s, q.lang.as_deref(), here);
    cached(&s, &uri, c.now, async { home_page(&s, &c, &q).await.map_err(|e| error_page(&c, status_of(&e), &e)) }).await
}

async fn home_page(s: &AppState, c: &Ctx, q: &HomeQuery) -> Result<Markup> {
    let l = c.lang;
    let (centre, ttype) = filters(q.centre.as_deref(), q.ttype.as_deref())?;
    let stage = match q.stage.as_deref().filter(|v| !v.is_empty()) {
        None => None,
        Some(k) => Some(
            Stage::ALL
                .into_iter()
                .find(|st| st.key() == k)
                .ok_or_else(|| Error::BadRequest("portal.stage", format!("there is no stage {k}")))?,
        ),
    };
    let page = q.page.unwrap_or(1).clamp(1, 1_000_000);
    let (total, shown) = listed(s, Listing { centre, ttype, stage, q: q.q.as_deref() }, (page - 1) * PAGE, PAGE).await?;
    let pages = total.div_ceil(PAGE).max(1);
    let link_page = |p: usize| {
        let ps = p.to_string();
        l.href(&format!(
            "/{}",
            query_string(&[
                ("centre", centre),
                ("type", q.ttype.as_deref()),
                ("stage", q.stage.as_deref()),
                ("q", q.q.as_deref()),
                ("page", Some(ps.as_str())),
            ])
        ))
    };
    let types = [TradingType::Engineering, TradingType::Procurement, TradingType::LandMining, TradingType::Property];
    let title = l.t("交易公告", "Announcements");
    Ok(frame(
        c,
        title,
        "home",
        html! {
            h1 { (title) }
            form.filters method="get" action="/" role="search" {
                @if l == Lang::En { input type="hidden" name="lang" value="en"; }
                label for="f-centre" { (l.t("交易中心", "Centre"))
                    select #f-centre name="centre" {
                        option value="" { (l.t("全部", "All")) }
                        @for ce in CENTRES {
                            option value=(ce.code) selected[centre == Some(ce.code)] { (centre_name(l, ce.code)) }
                        }
                    }
                }
                label for="f-type" { (l.t("交易类型", "Trading type"))
                    select #f-type name="type" {
                        option value="" { (l.t("全部", "All")) }
                        @for t in types {
                            option value=(type_key(t)) selected[ttype == Some(t)] { (trading_type(l, t)) }
                        }
                    }
                }
                label for="f-stage" { (l.t("状态", "Status"))
                    select #f-stage name="stage" {
                        option value="" { (l.t("全部", "All")) }
                        @for st in Stage::ALL {
                            option value=(st.key()) selected[stage == Some(st)] { (st.label(l)) }
                        }
                    }
                }
                label for="f-q" { (l.t("项目名称或编号", "Title or project code"))
                    input #f-q type="search" name="q" value=(q.q.clone().unwrap_or_default());
                }
                button type="submit" { (l.t("查询", "Search")) }
            }
            p.muted { (l.t("共 ", "")) (total) (l.t(" 个项目", " tenders")) }
            @if shown.is_empty() {
                p.notice { (l.t("没有符合条件的交易公告。", "No announcement matches.")) }
            } @else {
                div.table-wrap {
                    table.stack #announcements {
                        thead { tr {
                            th scope="col" { (l.t("项目名称", "Title")) }
                            th scope="col" { (l.t("交易中心", "Centre")) }
                            th scope="col" { (l.t("交易类型", "Type")) }
                            th scope="col" { (l.t("状态", "Status")) }
                            th scope="col" { (l.t("发布时间", "Published")) }
                            th scope="col" { (l.t("投标截止", "Deadline")) }
                        } }
                        tbody {
                            @for t in shown {
                                tr {
                                    td data-label=(l.t("项目名称", "Title")) {
                                        a href=(l.href(&format!("/tenders/{}", encode(&t.id)))) { (t.title) }
                                        br; span.muted { (t.id) @if t.version > 1 { " · " (l.t("已变更", "amended")) } }
                                    }
                                    td data-label=(l.t("交易中心", "Centre")) { (centre_name(l, &t.centre)) }
                                    td data-label=(l.t("交易类型", "Type")) { (trading_type(l, t.trading_type)) }
                                    td data-label=(l.t("状态", "Status")) { (t.stage.badge(l)) }
                                    td data-label=(l.t("发布时间", "Published")) { (when(t.published_at)) }
                                    td data-label=(l.t("投标截止", "Deadline")) { (when(t.deadline)) }
                                }
                            }
                        }
                    }
                }
                @if pages > 1 {
                    nav.pager aria-label=(l.t("分页", "Pages")) {
                        @if page > 1 { a href=(link_page(page - 1)) rel="prev" { (l.t("上一页", "Previous")) } }
                        span { (page) " / " (pages) }
                        @if page < pages { a href=(link_page(page + 1)) rel="next" { (l.t("下一页", "Next")) } }
                    }
                }
            }
        },
    ))
}

#[derive(Deserialize, Default)]
struct CreditQuery {
    lang: Option<String>,
    q: Option<String>,
    kind: Option<String>,
}

fn credit_kind(l: Lang, k: &str) -> &'static str {
    match k {
        "good" => l.t("守信激励", "Good record"),
        "bad" => l.t("不良行为", "Bad conduct"),
        "serious" => l.t("严重失信", "Serious default"),
        _ => l.t("其他", "Other"),
    }
}

fn restriction_text(l: Lang, r: &tenderbox_core::credit::Restriction) -> String {
    use tenderbox_core::credit::Bar;
    if r.bars.is_empty() {
        return l.t("不限制交易", "No restriction").into();
    }
    let bars: Vec<&str> = r
        .bars
        .iter()
        .map(|b| match b {
            Bar::Bidding => l.t("禁止投标", "barred from bidding"),
            Bar::Agency => l.t("禁止从事招标代理", "barred from acting as agency"),
            Bar::Expert => l.t("禁止担任评标专家", "barred from serving as expert"),
        })
        .collect();
    let types: Vec<&str> = r.trading_types.iter().map(|t| trading_type(l, *t)).collect();
    let centres: Vec<String> = r.centres.iter().map(|c| centre_name(l, c)).collect();
    format!(
        "{}（{}；{}）",
        bars.join(l.t("、", ", ")),
        if types.is_empty() { l.t("全部交易类型", "every trading type").to_string() } else { types.join(l.t("、", ", ")) },
        if centres.is_empty() { l.t("全市", "every centre").to_string() } else { centres.join(l.t("、", ", ")) },
    )
}

async fn credit(State(s): State<AppState>, Query(q): Query<CreditQuery>) -> Response {
    let here = format!("/credit{}", query_string(&[("q", q.q.as_deref()), ("kind", q.kind.as_deref())]));
    let c = ctx(&s, q.lang.as_deref(), here);
    let l = c.lang;
    let kind = q.kind.clone().filter(|k| !k.is_empty());
    if let Some(k) = &kind
        && !["good", "bad", "serious"].contains(&k.as_str())
    {
        let e = Error::BadRequest("portal.kind", format!("there is no credit record kind {k}"));
        return error_page(&c, StatusCode::BAD_REQUEST, &e);
    }
    let text = q.q.clone().map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let is_code = text.as_deref().is_some_and(|t| tenderbox_core::uscc::Uscc::parse(t).is_ok());
    let pq = crate::routes::credit::PublicQuery {
        subject: if is_code { text.clone() } else { None },
        q: if is_code { None } else { text.clone() },
        kind: kind.clone(),
        limit: Some(500),
        offset: None,
    };
    let records = match crate::routes::credit::public(State(s.clone()), Query(pq)).await {
        Ok(r) => r.0,
        Err(e) => return error_page(&c, status_of(&e), &e),
    };
    let title = l.t("信用公示", "Credit publicity");
    html_response(frame(
        &c,
        title,
        "credit",
        html! {
            h1 { (title) }
            p { (l.t("依法公开的信用记录：失信被执行人、重大税收违法失信主体、政府采购严重违法失信行为等限制交易的记录，以及守信激励记录。各类记录按规定的期限公示，期满自动撤下。对本单位记录有异议的，可登录交易平台客户端提出异议。",
                     "Credit records published by law: entities restricted from trading (judgment defaulters, major tax violations, serious procurement violations…) and good records. Each kind is published for its set period and withdrawn when it ends. An entity that disputes a record of its own objects from the desktop app.")) }
            form.filters method="get" action="/credit" role="search" {
                @if l == Lang::En { input type="hidden" name="lang" value="en"; }
                label for="c-q" { (l.t("统一社会信用代码或名称", "Credit code or name"))
                    input #c-q type="search" name="q" value=(text.clone().unwrap_or_default());
                }
                label for="c-kind" { (l.t("记录类别", "Kind"))
                    select #c-kind name="kind" {
                        option value="" { (l.t("全部", "All")) }
                        @for k in ["serious", "bad", "good"] {
                            option value=(k) selected[kind.as_deref() == Some(k)] { (credit_kind(l, k)) }
                        }
                    }
                }
                button type="submit" { (l.t("查询", "Search")) }
            }
            @if records.is_empty() {
                p.notice #no-credit { (l.t("目前没有公示中的信用记录。", "No credit record is published now.")) }
            } @else {
                div.table-wrap {
                    table.stack #credit-records {
                        thead { tr {
                            th scope="col" { (l.t("主体", "Subject")) }
                            th scope="col" { (l.t("类别", "Kind")) }
                            th scope="col" { (l.t("名单", "List")) }
                            th scope="col" { (l.t("认定机关及文号", "Issued by")) }
                            th scope="col" { (l.t("有效期", "Term")) }
                            th scope="col" { (l.t("限制措施", "Restriction")) }
                            th scope="col" { (l.t("公示截止", "Published until")) }
                        } }
                        tbody {
                            @for r in &records {
                                tr {
                                    td data-label=(l.t("主体", "Subject")) { (r.name) br; span.hash { (r.subject) } }
                                    td data-label=(l.t("类别", "Kind")) { (credit_kind(l, &r.kind)) }
                                    td data-label=(l.t("名单", "List")) { (r.list) }
                                    td data-label=(l.t("认定机关及文号", "Issued by")) { (r.source) " " (r.document_no) br; span.muted { (r.legal_basis) } }
                                    td data-label=(l.t("有效期", "Term")) { (r.starts_on) " — " (r.ends_on.clone().unwrap_or_else(|| l.t("长期", "open-ended").into())) }
                                    td data-label=(l.t("限制措施", "Restriction")) { (restriction_text(l, &r.restriction)) }
                                    td data-label=(l.t("公示截止", "Published until")) { (r.published_until.clone().unwrap_or_else(|| l.t("有效期内", "while in force").into())) }
                                }
                            }
                        }
                    }
                }
            }
        },
    ))
}

#[derive(Deserialize, Default)]
struct LangQuery {
    lang: Option<String>,
}

fn rule_category(l: Lang, c: &str) -> &'static str {
    match c {
        "general" => l.t("综合", "General"),
        "engineering" => l.t("工程建设", "Construction works"),
        "procurement" => l.t("政府采购", "Government procurement"),
        "land_mining" => l.t("土地和矿业权", "Land and mining rights"),
        "property" => l.t("国有产权", "State-owned property"),
        _ => l.t("其他", "Other"),
    }
}

async fn rules(State(s): State<AppState>, Query(q): Query<LangQuery>) -> Response {
    let c = ctx(&s, q.lang.as_deref(), "/rules".into());
    let l = c.lang;
    let rules = match crate::routes::rules::list(State(s.clone()), Query(crate::routes::rules::RulesQuery { all: false })).await {
        Ok(r) => r.0,
        Err(e) => return error_page(&c, status_of(&e), &e),
    };
    let title = l.t("交易规则", "Trading rules");
    html_response(frame(
        &c,
        title,
        "rules",
        html! {
            h1 { (title) }
            p { (l.t("本平台现行有效的交易规则，由交易中心维护；以发布机关公布的正式文本为准。", "The trading rules in force on this platform, kept by the centre admins; the official text as published by the issuer prevails.")) }
            @if rules.is_empty() {
                p.notice { (l.t("暂无发布的交易规则。", "No rule is published yet.")) }
            }
            @for r in &rules {
                article.rule {
                    h2 { (r.rule.title) }
                    dl.facts {
                        dt { (l.t("发布机关", "Issuer")) } dd { (r.rule.issuer) }
                        dt { (l.t("文号", "Document number")) } dd { (r.rule.document_number) }
                        dt { (l.t("类别", "Category")) } dd { (rule_category(l, &r.rule.category)) }
                        dt { (l.t("施行日期", "In force from")) } dd { (r.rule.effective_from.to_beijing()[..10]) @if let Some(to) = r.rule.effective_to { " — " (to.to_beijing()[..10]) } }
                        @if let Some(u) = &r.rule.url { dt { (l.t("正式文本", "Official text")) } dd { a href=(u) rel="external" { (u) } } }
                    }
                    p { (r.rule.summary) }
                }
            }
        },
    ))
}

#[derive(Deserialize, Default)]
struct StatsQuery {
    lang: Option<String>,
    year: Option<i32>,
}

async fn statistics(State(s): State<AppState>, Query(q): Query<StatsQuery>) -> Response {
    let now = s.now();
    let this_year: i32 = now.to_beijing()[..4].parse().unwrap_or(2026);
    let year = q.year.unwrap_or(this_year);
    let here = format!("/statistics?year={year}");
    let c = ctx(&s, q.lang.as_deref(), here);
    let l = c.lang;
    if !(2000..=this_year).contains(&year) {
        let e = Error::BadRequest("portal.year", format!("there are no statistics for {year}"));
        return error_page(&c, StatusCode::BAD_REQUEST, &e);
    }
    let rows = match crate::routes::supervision::public_statistics(&s, &format!("{year}-01-01"), &format!("{year}-12-31")).await {
        Ok(r) => r,
        Err(e) => return error_page(&c, status_of(&e), &e),
    };
    let centres: Vec<_> = rows.iter().filter(|r| !r.centre.is_empty()).collect();
    let total = rows.iter().find(|r| r.centre.is_empty());
    let opt = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
    let title = l.t("统计分析", "Statistics");
    let count_chart: Vec<(String, Decimal, String)> =
        centres.iter().map(|r| (centre_name(l, &r.centre), Decimal::from(r.tenders), r.tenders.to_string())).collect();
    let value_chart: Vec<(String, Decimal, String)> = centres.iter().map(|r| (centre_name(l, &r.centre), r.value, yuan(r.value))).collect();
    let savings_chart: Vec<(String, Decimal, String)> =
        centres.iter().filter_map(|r| r.savings_rate.map(|v| (centre_name(l, &r.centre), v, format!("{v}%")))).collect();
    html_response(frame(
        &c,
        title,
        "statistics",
        html! {
            h1 { (title) " · " (year) }
            form.filters method="get" action="/statistics" {
                @if l == Lang::En { input type="hidden" name="lang" value="en"; }
                label for="s-year" { (l.t("年度", "Year"))
                    select #s-year name="year" {
                        @for y in (2017..=this_year).rev() { option value=(y) selected[y == year] { (y) } }
                    }
                }
                button type="submit" { (l.t("查看", "Show")) }
            }
            p.muted { (l.t("按公告发布日期统计；投标人数只计已开标项目；节资额为中标标段最高投标限价减中标价。", "Counted by the date each tender was announced; bids only for opened tenders; savings are the awarded lots' ceilings less their winning prices.")) }
            div.table-wrap {
                table #statistics {
                    thead { tr {
                        th scope="col" { (l.t("交易中心", "Centre")) }
                        th.num scope="col" { (l.t("项目数", "Tenders")) }
                        th.num scope="col" { (l.t("项目金额（元）", "Value (yuan)")) }
                        th.num scope="col" { (l.t("已开标", "Opened")) }
                        th.num scope="col" { (l.t("平均投标人数", "Bids per tender")) }
                        th.num scope="col" { (l.t("中标金额（元）", "Awarded (yuan)")) }
                        th.num scope="col" { (l.t("节资率", "Savings rate")) }
                        th.num scope="col" { (l.t("流标", "Failed")) }
                        th.num scope="col" { (l.t("投诉", "Complaints")) }
                    } }
                    tbody {
                        @for r in centres.iter().copied().chain(total) {
                            tr {
                                th scope="row" { @if r.centre.is_empty() { (l.t("合计", "Total")) } @else { (centre_name(l, &r.centre)) } }
                                td.num { (r.tenders) }
                                td.num { (yuan(r.value)) }
                                td.num { (r.opened) }
                                td.num { (opt(r.bidders_per_tender)) }
                                td.num { (yuan(r.awarded_value)) }
                                td.num { @if let Some(v) = r.savings_rate { (v) "%" } @else { "—" } }
                                td.num { (r.failed) }
                                td.num { (r.complaints) }
                            }
                        }
                    }
                }
            }
            (page::bar_chart(l.t("各中心项目数", "Tenders per centre"), &count_chart))
            (page::bar_chart(l.t("各中心项目金额（元）", "Value per centre (yuan)"), &value_chart))
            @if !savings_chart.is_empty() {
                (page::bar_chart(l.t("各中心节资率", "Savings rate per centre"), &savings_chart))
            }
        },
    ))
}

async fn data(State(s): State<AppState>, Query(q): Query<LangQuery>) -> Response {
    let c = ctx(&s, q.lang.as_deref(), "/data".into());
    let l = c.lang;
    let today = tenderbox_core::credit::day_of(c.now);
    let title = l.t("开放数据", "Open data");
    html_response(frame(
        &c,
        title,
        "data",
        html! {
            h1 { (title) }
            p { (l.t("每个项目的数据按开放合同数据标准（OCDS 1.1.5，含投标扩展和标段扩展）发布，任何人无需账号即可下载，许可协议为 CC BY 4.0。", "Each tender's data is published in the Open Contracting Data Standard (OCDS 1.1.5 with the bids and lots extensions), for anyone to download without an account, under CC BY 4.0.")) }
            h2 { (l.t("下载方式", "Downloads")) }
            ul {
                li { (l.t("单个项目的发布包：", "A tender's release package: ")) code { "/ocds/releases/{项目编号}.json" } }
                li { (l.t("单个项目的记录包（含汇编版本）：", "A tender's record package (with the compiled release): ")) code { "/ocds/records/{项目编号}.json" } }
                li { (l.t("按日汇总（北京时间当日的全部发布）：", "Every release of a day (Beijing time): ")) a href={ "/ocds/day/" (today) ".json" } { code { "/ocds/day/" (today) ".json" } } }
                li { (l.t("公告订阅：", "Announcements feed: ")) a href="/feed.atom" { code { "/feed.atom" } } (l.t("（可加 ?centre=HZ-DQ&type=engineering 筛选）", " (filter with ?centre=HZ-DQ&type=engineering)")) }
            }
            p { (l.t("每条发布对应一次公开事件：招标公告、每次变更、终止、开标、中标候选人公示、中标结果和合同签订。开标前不发布任何投标人信息。", "Each release is one public event: the announcement, each amendment, a cancellation, the opening, the candidates' publicity, the award and the contract. Nothing about bidders is released before the opening.")) }
        },
    ))
}

#[derive(Deserialize, Default)]
struct FeedQuery {
    centre: Option<String>,
    #[serde(rename = "type")]
    ttype: Option<String>,
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The Atom feed of announcements (招标公告, 变更公告, 终止公告, 中标候选人公示, 中标结果公告),
/// newest first, for one centre and trading type or all.
async fn feed(State(s): State<AppState>, Query(q): Query<FeedQuery>) -> Response {
    match feed_xml(&s, &q).await {
        Ok(xml) => {
            let mut r = xml.into_response();
            r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/atom+xml; charset=utf-8"));
            r
        }
        Err(e) => {
            let c = ctx(&s, None, "/feed.atom".into());
            error_page(&c, status_of(&e), &e)
        }
    }
}

async fn feed_xml(s: &AppState, q: &FeedQuery) -> Result<String> {
    let (centre, ttype) = filters(q.centre.as_deref(), q.ttype.as_deref())?;
    let mut sql = String::from(
        "SELECT e.idx, e.kind, e.at, t.id, t.title, t.centre, t.trading_type FROM events e JOIN tenders t ON t.id = e.tender_id
         WHERE e.audience = 'public' AND e.kind IN ('tender.published', 'tender.amended', 'tender.cancelled', 'result.publicity', 'result.awarded')",
    );
    let mut binds = Vec::new();
    if let Some(c) = centre {
        binds.push(c.to_string());
        sql.push_str(&format!(" AND t.centre = ${}", binds.len()));
    }
    if let Some(t) = ttype {
        binds.push(type_key(t));
        sql.push_str(&format!(" AND t.trading_type = ${}", binds.len()));
    }
    sql.push_str(" ORDER BY e.idx DESC LIMIT 100");
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for b in &binds {
        query = query.bind(b);
    }
    let rows = query.fetch_all(&s.reads).await?;
    let base = ocds_config(s).base_url;
    let feed_title = format!(
        "{}{}{}",
        centre.map(|c| centre_name(Lang::Zh, c)).unwrap_or_else(|| "湖州市公共资源交易平台".into()),
        ttype.map(|t| format!(" · {}", trading_type(Lang::Zh, t))).unwrap_or_default(),
        " · 交易公告"
    );
    let updated = rows.first().map(|r| r.try_get::<i64, _>("at").map(Timestamp::from_unix)).transpose()?.unwrap_or(s.now());
    let self_url = format!("{base}/feed.atom{}", query_string(&[("centre", centre), ("type", q.ttype.as_deref())]));
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n<title>{}</title>\n<id>{}</id>\n<link rel=\"self\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{base}/\"/>\n<updated>{}</updated>\n<author><name>湖州市公共资源交易中心</name></author>\n",
        xml_escape(&feed_title),
        xml_escape(&self_url),
        xml_escape(&self_url),
        updated.to_rfc3339()
    );
    for r in &rows {
        let kind: String = r.try_get("kind")?;
        let id: String = r.try_get("id")?;
        let title: String = r.try_get("title")?;
        let at = Timestamp::from_unix(r.try_get("at")?);
        let idx: i64 = r.try_get("idx")?;
        let label = match kind.as_str() {
            "tender.published" => "招标公告",
            "tender.amended" => "变更公告",
            "tender.cancelled" => "终止公告",
            "result.publicity" => "中标候选人公示",
            _ => "中标结果公告",
        };
        let tt: String = r.try_get("trading_type")?;
        let centre: String = r.try_get("centre")?;
        let url = format!("{base}/tenders/{}", encode(&id));
        x.push_str(&format!(
            "<entry>\n<title>{}：{}</title>\n<id>{}#event-{idx}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<updated>{}</updated>\n<category term=\"{}\"/>\n<summary>{} · {} · {}</summary>\n</entry>\n",
            label,
            xml_escape(&title),
            xml_escape(&url),
            xml_escape(&url),
            at.to_rfc3339(),
            xml_escape(&tt),
            xml_escape(&centre_name(Lang::Zh, &centre)),
            parse_type(&tt).map(|t| trading_type(Lang::Zh, t)).unwrap_or_default(),
            xml_escape(&id),
        ));
    }
    x.push_str("</feed>\n");
    Ok(x)
}

/// `/ocds/…/{file}` names a `.json` file.
pub(crate) fn json_name(file: &str) -> Result<&str> {
    file.strip_suffix(".json")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::NotFound("portal.not_found", format!("{file} is not a .json file")))
}
