//! A tender's public page through its whole life, its package files, and its
//! open-data (OCDS) packages.

use super::page::{Ctx, Lang, centre_name, frame, trading_type, when, yuan};
use super::{Stage, encode, error_page, json_name, status_of};
use crate::AppState;
use crate::error::{Error, Result};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use sqlx::Row;
use tenderbox_core::security::SecurityForm;
use tenderbox_core::tender::{EvaluationMethod, TenderDocument};
use tenderbox_core::time::Timestamp;
use tenderbox_exchange::ocds;
use tenderbox_wire::{BidOutcome, PublishedResult, TenderStatus};

/// How this server publishes open data: `TENDERBOX_OCID_PREFIX` (the prefix the Open
/// Contracting Partnership assigned) and `TENDERBOX_PUBLIC_URL` (where the portal is
/// reached from outside), read from the state's settings.
pub fn ocds_config(s: &AppState) -> ocds::Config {
    ocds::Config {
        ocid_prefix: s.publishing.ocid_prefix.clone(),
        publisher_name: "湖州市公共资源交易中心".into(),
        base_url: s.publishing.public_url.trim_end_matches('/').to_string(),
    }
}

/// What the public knows of a tender now: the facts the open data and the page are
/// made of. The opening record only once made, the result only once its publicity
/// has started.
pub async fn facts(s: &AppState, id: &str) -> Result<ocds::Facts> {
    let mut conn = s.reads.acquire().await?;
    facts_on(&mut conn, s, id).await
}

/// [`facts`] on a connection the caller holds (a page reads everything on one).
async fn facts_on(conn: &mut sqlx::AnyConnection, s: &AppState, id: &str) -> Result<ocds::Facts> {
    let current = crate::routes::tenders::load(conn, id).await?;
    let mut versions: Vec<ocds::Version> = crate::routes::tenders::versions(conn, id)
        .await?
        .into_iter()
        .map(|(document, hash, published_at)| ocds::Version { document, hash, published_at })
        .collect();
    if versions.last().is_none_or(|v| v.document.version != current.summary.version) {
        // A tender published before versions were kept: its current version stands alone.
        versions.push(ocds::Version {
            document: current.document.clone(),
            hash: current.summary.hash.clone(),
            published_at: current.summary.published_at,
        });
    }
    let cancelled = if current.summary.status == TenderStatus::Cancelled {
        let row = sqlx::query("SELECT at, leaf FROM events WHERE tender_id = $1 AND kind = 'tender.cancelled' ORDER BY idx DESC LIMIT 1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
        match row {
            Some(r) => {
                let e = crate::log::decode_event(&r.try_get::<Vec<u8>, _>("leaf")?)?;
                Some((e.at, e.body["reason"].as_str().unwrap_or_default().to_string()))
            }
            None => None,
        }
    } else {
        None
    };
    let opening = sqlx::query_scalar::<_, String>("SELECT record FROM openings WHERE tender_id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| serde_json::from_str::<tenderbox_wire::OpeningRecord>(&r).map_err(Error::internal))
        .transpose()?;
    let has_result: Option<String> =
        sqlx::query_scalar("SELECT tender_id FROM results WHERE tender_id = $1").bind(id).fetch_optional(&mut *conn).await?;
    let result = match has_result {
        Some(_) => Some(crate::routes::result::published(conn, id, None, s.now()).await?),
        None => None,
    };
    let contract = sqlx::query("SELECT signed_at, recorded_at FROM contracts WHERE tender_id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| -> Result<(Timestamp, Timestamp)> {
            Ok((Timestamp::from_unix(r.try_get("signed_at")?), Timestamp::from_unix(r.try_get("recorded_at")?)))
        })
        .transpose()?;
    Ok(ocds::Facts { versions, cancelled, opening, result, contract })
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    lang: Option<String>,
}

pub async fn page(State(s): State<AppState>, uri: axum::http::Uri, Path(id): Path<String>, Query(q): Query<PageQuery>) -> Response {
    let c = Ctx { lang: Lang::from_query(q.lang.as_deref()), now: s.now(), here: format!("/tenders/{}", encode(&id)) };
    super::cached(&s, &uri, c.now, async { render(&s, &c, &id).await.map_err(|e| error_page(&c, status_of(&e), &e)) }).await
}

fn method_name(l: Lang, m: &EvaluationMethod) -> &'static str {
    match m {
        EvaluationMethod::Comprehensive { .. } => l.t("综合评估法", "Comprehensive evaluation"),
        EvaluationMethod::LowestEvaluatedPrice { .. } => l.t("经评审的最低投标价法", "Lowest evaluated price"),
    }
}

fn security_text(l: Lang, d: &TenderDocument) -> String {
    match &d.security {
        None => l.t("不要求", "Not required").into(),
        Some(r) => {
            let forms: Vec<&str> = r
                .forms
                .iter()
                .map(|f| match f {
                    SecurityForm::Deposit => l.t("银行转账", "bank transfer"),
                    SecurityForm::Guarantee => l.t("电子保函", "electronic guarantee"),
                })
                .collect();
            format!(
                "{} {}（{}）{}",
                yuan(r.amount),
                l.t("元", "yuan"),
                forms.join(l.t("或", " or ")),
                if r.credit_exemption {
                    l.t("；信用良好的投标人免交", "; waived for bidders with a good credit record")
                } else {
                    ""
                }
            )
        }
    }
}

fn event_label(l: Lang, kind: &str) -> String {
    let (zh, en) = match kind {
        "tender.published" => ("发布招标公告", "Announcement published"),
        "tender.amended" => ("发布变更公告", "Amendment published"),
        "tender.cancelled" => ("终止招标", "Tender cancelled"),
        "tender.clarified" => ("答复澄清", "Clarification answered"),
        "bid.decrypted" => ("投标文件解密", "Bid decrypted"),
        "opening.record" => ("生成开标记录", "Opening record made"),
        "opening.confirmed" => ("投标人确认开标记录", "Opening record confirmed"),
        "opening.answer" => ("答复开标异议", "Opening objection answered"),
        "draw.revealed" => ("专家抽取结果公开", "Expert draw revealed"),
        "draw.accepted" => ("专家确认参加", "Expert accepted"),
        "evaluation.signed_in" => ("评标专家签到", "Evaluator signed in"),
        "evaluation.vote" => ("推选评标委员会主任", "Chair vote"),
        "evaluation.more_time" => ("申请延长评标时间", "More time asked"),
        "evaluation.representative" => ("委派招标人代表", "Tenderer's representative appointed"),
        "evaluation.bid_opened" => ("评标委员会打开投标文件", "Bid opened by the committee"),
        "evaluation.review_submitted" => ("提交评审意见", "Review submitted"),
        "evaluation.review_concluded" => ("评审结论形成", "Review concluded"),
        "evaluation.sheet_submitted" => ("提交评分表", "Score sheet submitted"),
        "evaluation.lot_evaluated" => ("标段评审完成", "Lot evaluated"),
        "result.publicity" => ("发布中标候选人公示", "Candidates published"),
        "result.objection" => ("收到异议", "Objection received"),
        "result.objection_answered" => ("答复异议", "Objection answered"),
        "result.awarded" => ("确定中标人", "Award made"),
        "contract.signed" => ("签订合同", "Contract signed"),
        "complaint.decided" => ("投诉处理决定", "Complaint decided"),
        "complaint.filed" => ("收到投诉", "Complaint filed"),
        "complaint.accepted" => ("受理投诉", "Complaint accepted"),
        "complaint.not_accepted" => ("投诉不予受理", "Complaint not accepted"),
        "tender.closed" => ("投标截止", "Bidding closed"),
        "bid.received" => ("收到投标文件", "Bid received"),
        "bid.withdrawn" => ("撤回投标文件", "Bid withdrawn"),
        "bid.withdrawn_at_opening" => ("开标时撤回", "Withdrawn at the opening"),
        "bid.remedy_requested" => ("申请由解密见证人解密", "Committee decryption asked"),
        "bid.platform_fault_declared" => ("认定平台故障", "Platform fault declared"),
        "committee.partial" => ("解密见证人提交解密份额", "Custodian's decryption share"),
        "credit.checked" => ("信用核查", "Credit checked"),
        "security.checked" => ("投标保证金核验", "Bid security checked"),
        "guarantee.issued" => ("出具电子保函", "Guarantee issued"),
        "guarantee.revoked" => ("撤销电子保函", "Guarantee revoked"),
        "deposit.recorded" => ("保证金到账", "Deposit received"),
        "deposit.refunded" => ("退还保证金", "Deposit refunded"),
        "opening.signed_in" => ("投标人签到", "Bidder signed in"),
        "opening.objection" => ("开标异议", "Opening objection"),
        "draw.committed" => ("专家抽取种子承诺", "Draw seed committed"),
        "draw.entropy" => ("监督人员提供随机数", "Supervisor's entropy"),
        "draw.round" => ("专家抽取", "Draw round"),
        "draw.invited" => ("通知抽中专家", "Experts invited"),
        "draw.decline_reason" => ("专家谢绝参加", "Expert declined"),
        "draw.failed" => ("专家抽取未成", "Draw failed"),
        "evaluation.declared" => ("评委回避声明", "Evaluator's declaration"),
        "evaluation.chair" => ("确定评标委员会主任", "Chair chosen"),
        "evaluation.extended" => ("延长评标时间", "Evaluation extended"),
        "evaluation.question" => ("评标委员会要求澄清", "Committee's question"),
        "evaluation.answer" => ("投标人澄清说明", "Bidder's answer"),
        "evaluation.deviation_explained" => ("说明评分偏差", "Score deviation explained"),
        "evaluation.tie_decided" => ("确定同分排序", "Tie decided"),
        "evaluation.report" => ("形成评标报告", "Report drawn up"),
        "evaluation.report_signed" => ("评委签署评标报告", "Report signed"),
        "evaluation.report_final" => ("评标报告定稿", "Report final"),
        "supervision.signals" => ("计算串通投标信号", "Collusion signals computed"),
        "supervision.alert" => ("监督预警", "Supervision alert"),
        "supervision.decision" => ("预警处理意见", "Alert decided"),
        other => return other.to_string(),
    };
    l.t(zh, en).to_string()
}

async fn stage_of(conn: &mut sqlx::AnyConnection, s: &AppState, id: &str) -> Result<Stage> {
    let r = sqlx::query(
        "SELECT t.status, t.deadline,
            (SELECT COUNT(*) FROM openings o WHERE o.tender_id = t.id) AS opened,
            (SELECT COUNT(*) FROM results r WHERE r.tender_id = t.id) AS publicity,
            (SELECT COUNT(*) FROM results r WHERE r.tender_id = t.id AND r.awarded_at IS NOT NULL) AS awarded
         FROM tenders t WHERE t.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| Error::NotFound("tender.not_found", format!("no tender {id}")))?;
    Ok(Stage::of(
        &r.try_get::<String, _>("status")?,
        Timestamp::from_unix(r.try_get("deadline")?),
        r.try_get::<i64, _>("opened")? > 0,
        r.try_get::<i64, _>("publicity")? > 0,
        r.try_get::<i64, _>("awarded")? > 0,
        s.now(),
    ))
}

async fn render(s: &AppState, c: &Ctx, id: &str) -> Result<Markup> {
    let l = c.lang;
    let mut conn = s.reads.acquire().await?;
    let f = facts_on(&mut conn, s, id).await?;
    let stage = stage_of(&mut conn, s, id).await?;
    let current = f.versions.last().expect("at least one version");
    let d = &current.document;
    let clarifications: Vec<tenderbox_wire::Clarification> = {
        let rows = sqlx::query("SELECT * FROM clarifications WHERE tender_id = $1 AND answer IS NOT NULL ORDER BY asked_at, id")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
        rows.iter().map(|r| crate::routes::clarifications::from_row(r, None)).collect::<Result<_>>()?
    };
    let events = sqlx::query("SELECT idx, kind, at FROM events WHERE tender_id = $1 AND audience = 'public' ORDER BY idx")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    drop(conn);
    let size = s.log.size().await;
    let tid = encode(id);
    Ok(frame(
        c,
        &d.title,
        "home",
        html! {
            p.muted { a href=(l.href("/")) { (l.t("交易公告", "Announcements")) } " › " (centre_name(l, &d.centre)) }
            h1 { (d.title) }
            p { (stage.badge(l)) }
            section aria-labelledby="h-facts" {
                h2 #h-facts { (l.t("项目信息", "The tender")) }
                dl.facts {
                    dt { (l.t("项目编号", "Project code")) } dd { (d.id) }
                    dt { (l.t("交易中心", "Centre")) } dd { (centre_name(l, &d.centre)) }
                    dt { (l.t("交易类型", "Trading type")) } dd { (trading_type(l, d.trading_type)) }
                    dt { (l.t("招标人", "Tenderer")) } dd { (d.tenderer.name) }
                    @if let Some(a) = &d.agency { dt { (l.t("招标代理机构", "Agency")) } dd { (a.name) } }
                    dt { (l.t("公告发布时间", "Announced")) } dd { (when(f.versions[0].published_at)) }
                    dt { (l.t("投标截止时间", "Bid deadline")) } dd { time datetime=(d.deadline.to_rfc3339()) { (when(d.deadline)) } }
                    dt { (l.t("开标时间", "Opening")) } dd { (when(d.opening_at)) (l.t("（不见面开标，投标人远程解密）", " (remote opening; bidders decrypt online)")) }
                    dt { (l.t("评标办法", "Evaluation method")) } dd { (method_name(l, &d.method)) }
                    dt { (l.t("投标保证金", "Bid security")) } dd { (security_text(l, d)) }
                    dt { (l.t("公告版本", "Version")) } dd { (d.version) " · " span.hash title=(l.t("招标文件的 SHA-256，即招标代理机构签名的内容", "SHA-256 of the document the agency signed")) { (current.hash) } }
                }
            }
            section aria-labelledby="h-lots" {
                h2 #h-lots { (l.t("标段", "Lots")) }
                table #lots {
                    thead { tr { th scope="col" { (l.t("标段编号", "Lot")) } th scope="col" { (l.t("标段名称", "Name")) } th.num scope="col" { (l.t("最高投标限价（元）", "Ceiling price (yuan)")) } } }
                    tbody { @for lot in &d.lots { tr {
                        td { (lot.id) } td { (lot.name) }
                        td.num { @if let Some(p) = lot.ceiling_price { (yuan(p)) } @else { (l.t("未设", "none")) } }
                    } } }
                }
            }
            section aria-labelledby="h-docs" {
                h2 #h-docs { (l.t("招标文件", "Tender documents")) }
                ul #documents {
                    li { a href={ "/v1/tenders/" (tid) } type="application/json" { (l.t("招标文件（已签名的电子文件）", "The signed tender document")) } }
                    @for file in &d.files {
                        li {
                            a href={ "/tenders/" (tid) "/files/" (file.sha256) } download=(file.name) { (file.name) }
                            " " span.muted { "(" (size_text(file.size)) ")" } br; span.hash { "SHA-256 " (file.sha256) }
                        }
                    }
                }
            }
            @if f.versions.len() > 1 {
                section aria-labelledby="h-amend" {
                    h2 #h-amend { (l.t("变更公告", "Amendments")) }
                    @for pair in f.versions.windows(2) {
                        h3 { (l.t("第", "Version ")) (pair[1].document.version) (l.t("版 · ", " · ")) (when(pair[1].published_at)) }
                        ul.changes {
                            @for line in ocds::amendment_lines(&pair[0].document, &pair[1].document) {
                                li { (line) }
                            }
                        }
                    }
                }
            }
            @if let Some((at, reason)) = &f.cancelled {
                section aria-labelledby="h-cancel" {
                    h2 #h-cancel { (l.t("终止公告", "Cancellation")) }
                    p { (when(*at)) " · " (reason) }
                }
            }
            @if !clarifications.is_empty() {
                section aria-labelledby="h-clar" {
                    h2 #h-clar { (l.t("澄清答疑", "Clarifications")) }
                    @for q in &clarifications {
                        div.notice {
                            p { strong { (l.t("问：", "Q: ")) } (q.question) " " span.muted { (when(q.asked_at)) } }
                            p { strong { (l.t("答：", "A: ")) } (q.answer.clone().unwrap_or_default()) @if let Some(t) = q.answered_at { " " span.muted { (when(t)) } } }
                        }
                    }
                }
            }
            @if let Some(o) = &f.opening {
                section aria-labelledby="h-open" {
                    h2 #h-open { (l.t("开标记录", "Opening record")) }
                    p.muted { (l.t("开标时间 ", "Opened at ")) (when(o.opened_at)) (l.t("；截止时递交投标文件 ", "; bids at the deadline: ")) (o.bids_at_deadline) (l.t(" 份。开标记录由平台签名，可用开标记录接口核验。", ". The record is signed by the platform.")) }
                    div.table-wrap {
                        table.stack #opening-record {
                            thead { tr {
                                th scope="col" { (l.t("投标人", "Bidder")) }
                                th scope="col" { (l.t("标段", "Lot")) }
                                th.num scope="col" { (l.t("投标报价（元）", "Price (yuan)")) }
                                th scope="col" { (l.t("工期", "Duration")) }
                                th scope="col" { (l.t("质量", "Quality")) }
                                th scope="col" { (l.t("解密情况", "Decryption")) }
                            } }
                            tbody {
                                @for line in &o.lines {
                                    @let outcome = match line.outcome {
                                        BidOutcome::Decrypted if line.rejected.is_empty() => l.t("已解密", "Decrypted").to_string(),
                                        BidOutcome::Decrypted => format!("{}：{}", l.t("不予唱标", "Not read out"), line.rejected.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("；")),
                                        BidOutcome::Revoked => l.t("撤销（投标人未在时限内解密）", "Revoked (not decrypted in time)").to_string(),
                                        BidOutcome::Withdrawn => l.t("撤回（非投标人原因）", "Withdrawn (not the bidder's fault)").to_string(),
                                    };
                                    @if line.lots.is_empty() {
                                        tr { td data-label=(l.t("投标人", "Bidder")) { (line.bidder_name) } td {} td.num {} td {} td {} td data-label=(l.t("解密情况", "Decryption")) { (outcome) } }
                                    }
                                    @for offer in &line.lots {
                                        tr {
                                            td data-label=(l.t("投标人", "Bidder")) { (line.bidder_name) }
                                            td data-label=(l.t("标段", "Lot")) { (offer.lot) }
                                            td.num data-label=(l.t("投标报价（元）", "Price (yuan)")) { (yuan(offer.price)) br; span.muted { (offer.price_upper) } }
                                            td data-label=(l.t("工期", "Duration")) { @if let Some(days) = offer.duration_days { (days) (l.t(" 日历天", " days")) } }
                                            td data-label=(l.t("质量", "Quality")) { (offer.quality.clone().unwrap_or_default()) }
                                            td data-label=(l.t("解密情况", "Decryption")) { (outcome) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if let Some(r) = &f.result {
                (result_section(l, r))
            }
            section aria-labelledby="h-log" {
                h2 #h-log { (l.t("交易日志", "Log entries")) }
                p.muted { (l.t("本项目的每一步都记入平台的透明日志（只增不改）。每条记录可用“包含证明”核验，或在客户端运行 tenderbox log verify。", "Every step of this tender is an entry of the platform's append-only log. Check each entry with its inclusion proof, or run tenderbox log verify.")) }
                div.table-wrap {
                    table #log-entries {
                        thead { tr { th.num scope="col" { (l.t("序号", "Index")) } th scope="col" { (l.t("时间", "Time")) } th scope="col" { (l.t("事项", "Event")) } th scope="col" { (l.t("核验", "Verify")) } } }
                        tbody {
                            @for e in &events {
                                @let idx: i64 = e.try_get("idx").unwrap_or_default();
                                tr {
                                    td.num { (idx) }
                                    td { (when(Timestamp::from_unix(e.try_get("at").unwrap_or_default()))) }
                                    td { (event_label(l, &e.try_get::<String, _>("kind").unwrap_or_default())) }
                                    td { a href={ "/v1/log/proof/inclusion?index=" (idx) "&size=" (size) } { (l.t("包含证明", "Inclusion proof")) } }
                                }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="h-data" {
                h2 #h-data { (l.t("开放数据", "Open data")) }
                ul {
                    li { a href={ "/ocds/releases/" (tid) ".json" } { (l.t("OCDS 发布包", "OCDS release package")) } }
                    li { a href={ "/ocds/records/" (tid) ".json" } { (l.t("OCDS 记录包", "OCDS record package")) } }
                }
            }
        },
    ))
}

fn size_text(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MB", n as f64 / (1 << 20) as f64)
    } else if n >= 1 << 10 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{n} B")
    }
}

fn result_section(l: Lang, r: &PublishedResult) -> Markup {
    let awarded = r.awarded_at.is_some();
    let status = match r.status.as_str() {
        "publicity" => l.t("公示中", "Under publicity"),
        "suspended" => l.t("收到异议，暂停（答复前不得进行下一步）", "Suspended: an objection awaits its answer"),
        "publicity_over" => l.t("公示期满", "Publicity over"),
        _ => l.t("已确定中标人", "Awarded"),
    };
    html! {
        section #result aria-labelledby="h-result" {
            h2 #h-result { @if awarded { (l.t("中标结果公告", "Award")) } @else { (l.t("中标候选人公示", "Candidates")) } }
            dl.facts {
                dt { (l.t("状态", "Status")) } dd { (status) }
                dt { (l.t("公示发布时间", "Published")) } dd { (when(r.published_at)) }
                dt { (l.t("公示截止时间", "Publicity ends")) } dd { time datetime=(r.publicity_until.to_rfc3339()) { (when(r.publicity_until)) } }
                @if let Some(t) = r.awarded_at { dt { (l.t("确定中标人时间", "Awarded at")) } dd { (when(t)) } }
                dt { (l.t("评标委员会", "Committee")) } dd { (r.committee.join("、")) }
            }
            @for lot in &r.lots {
                h3 { (lot.lot) " " (lot.name) }
                @if lot.candidates.is_empty() {
                    p { (l.t("本标段没有符合要求的投标人。", "No eligible bidder for this lot.")) }
                } @else {
                    table.candidates {
                        thead { tr {
                            th.num scope="col" { (l.t("排名", "Place")) }
                            th scope="col" { (l.t("中标候选人", "Candidate")) }
                            th.num scope="col" { (l.t("投标报价（元）", "Price (yuan)")) }
                            th.num scope="col" { (l.t("评标得分 / 评标价", "Score / evaluated price")) }
                        } }
                        tbody { @for cand in &lot.candidates { tr {
                            td.num { (cand.place) } td { (cand.bidder_name) } td.num { (yuan(cand.price)) } td.num { (cand.total) }
                        } } }
                    }
                }
                @if r.member_scores && lot.evaluation.lines.iter().any(|x| !x.members.is_empty()) {
                    @let seats: Vec<String> = {
                        let mut v: Vec<String> = lot.evaluation.lines.iter().flat_map(|x| x.members.iter().map(|m| m.seat.clone())).collect();
                        v.sort();
                        v.dedup();
                        v
                    };
                    h3 { (l.t("各评委评分", "Each evaluator's scores")) }
                    div.table-wrap { table.member-scores {
                        thead { tr { th scope="col" { (l.t("投标人", "Bidder")) } @for seat in &seats { th.num scope="col" { (seat) } } th.num scope="col" { (l.t("得分", "Total")) } } }
                        tbody { @for line in &lot.evaluation.lines { tr {
                            td { (name_of(r, &line.bidder)) }
                            @for seat in &seats { td.num { @if let Some(m) = line.members.iter().find(|m| &m.seat == seat) { (m.score) } } }
                            td.num { (line.total) }
                        } } }
                    } }
                }
            }
            @if !r.rejected.is_empty() {
                h3 { (l.t("未通过评审的投标及理由", "Bids rejected, with reasons")) }
                table #rejected {
                    thead { tr { th scope="col" { (l.t("投标人", "Bidder")) } th scope="col" { (l.t("理由", "Reason")) } } }
                    tbody { @for b in &r.rejected { tr { td { (b.bidder_name) } td { (b.reason) } } } }
                }
            }
            @if !r.objections.is_empty() {
                p.muted { (l.t("公示期间收到异议 ", "Objections received: ")) (r.objections.len()) (l.t(" 件，已答复 ", "; answered: ")) (r.objections.iter().filter(|o| o.answered_at.is_some()).count()) (l.t(" 件。", ".")) }
            }
        }
    }
}

fn name_of(r: &PublishedResult, uscc: &str) -> String {
    r.lots
        .iter()
        .flat_map(|l| &l.candidates)
        .find(|c| c.bidder_uscc == uscc)
        .map(|c| c.bidder_name.clone())
        .or_else(|| r.rejected.iter().find(|b| b.bidder_uscc == uscc).map(|b| b.bidder_name.clone()))
        .unwrap_or_else(|| uscc.to_string())
}

/// A package file of any version of the tender (a file an amendment removed stays
/// downloadable, so the history can be read).
pub async fn file(State(s): State<AppState>, Path((id, sha)): Path<(String, String)>, headers: HeaderMap) -> Result<Response> {
    crate::routes::tender_files::check_sha(&sha)?;
    let versions = {
        let mut conn = s.reads.acquire().await?;
        let current = crate::routes::tenders::load(&mut conn, &id).await?;
        let mut v: Vec<TenderDocument> = crate::routes::tenders::versions(&mut conn, &id).await?.into_iter().map(|v| v.0).collect();
        v.push(current.document);
        v
    };
    let listed = versions
        .iter()
        .rev()
        .flat_map(|d| &d.files)
        .find(|file| file.sha256 == sha)
        .cloned()
        .ok_or_else(|| Error::NotFound("file.not_found", format!("tender {id} lists no file {sha}")))?;
    crate::routes::tender_files::serve_file(&crate::routes::tender_files::file_path(&s, &sha), listed.size, &listed.name, &sha, &headers)
        .await
}

fn json_response(v: serde_json::Value) -> Response {
    let mut r = Json(v).into_response();
    r.headers_mut().insert(axum::http::header::ACCESS_CONTROL_ALLOW_ORIGIN, axum::http::HeaderValue::from_static("*"));
    r
}

fn ocds_error(e: ocds::OcdsError) -> Error {
    Error::internal(e.to_string())
}

/// `/ocds/releases/{id}.json`: every release of one tender.
pub async fn release_package(State(s): State<AppState>, Path(file): Path<String>) -> Result<Response> {
    let id = json_name(&file)?;
    let cfg = ocds_config(&s);
    let f = facts(&s, id).await?;
    let releases = ocds::releases(&cfg, &f).map_err(ocds_error)?;
    let uri = format!("{}/ocds/releases/{}.json", cfg.base_url, encode(id));
    Ok(json_response(ocds::release_package(&cfg, uri, releases, s.now())))
}

/// `/ocds/records/{id}.json`: the record of one tender, with its compiled release.
pub async fn record_package(State(s): State<AppState>, Path(file): Path<String>) -> Result<Response> {
    let id = json_name(&file)?;
    let cfg = ocds_config(&s);
    let f = facts(&s, id).await?;
    Ok(json_response(ocds::record_package(&cfg, &f, s.now()).map_err(ocds_error)?))
}

/// `/ocds/day/{YYYY-MM-DD}.json`: every release dated that Beijing day, of every tender.
pub async fn day_package(State(s): State<AppState>, Path(file): Path<String>) -> Result<Response> {
    let day = json_name(&file)?;
    if !tenderbox_core::time::is_date(day) {
        return Err(Error::BadRequest("portal.day", format!("{day} is not a date YYYY-MM-DD")));
    }
    let start =
        Timestamp::parse(&format!("{day}T00:00:00+08:00")).map_err(|_| Error::BadRequest("portal.day", format!("{day} is not a date")))?;
    let end = start.plus_seconds(86400);
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT tender_id FROM events WHERE audience = 'public' AND tender_id IS NOT NULL AND at >= $1 AND at < $2 ORDER BY tender_id",
    )
    .bind(start.unix())
    .bind(end.unix())
    .fetch_all(&s.reads)
    .await?;
    let cfg = ocds_config(&s);
    let mut releases = Vec::new();
    for id in ids {
        let f = facts(&s, &id).await?;
        for r in ocds::releases(&cfg, &f).map_err(ocds_error)? {
            let at = r["date"].as_str().and_then(|d| Timestamp::parse(d).ok());
            if at.is_some_and(|t| t >= start && t < end) {
                releases.push(r);
            }
        }
    }
    releases.sort_by(|a, b| a["date"].as_str().cmp(&b["date"].as_str()));
    let uri = format!("{}/ocds/day/{day}.json", cfg.base_url);
    Ok(json_response(ocds::release_package(&cfg, uri, releases, s.now())))
}

/// The national data specification's data sets of one transaction, as public by now
/// (the guarantees only after the deadline). The region code is the tender's centre's
/// division; the platform codes are the server's settings.
pub async fn national_export(s: &AppState, id: &str) -> Result<tenderbox_exchange::national::Export> {
    let f = facts(s, id).await?;
    let doc = &f.versions.last().expect("at least one version").document;
    let mut guarantees = Vec::new();
    if s.now() >= doc.deadline {
        let rows = sqlx::query("SELECT signed FROM guarantees WHERE tender_id = $1 AND revoked_at IS NULL ORDER BY received_at, id")
            .bind(id)
            .fetch_all(&s.reads)
            .await?;
        for r in rows {
            let g: tenderbox_seal::signed::SignedDoc<tenderbox_core::security::Guarantee> =
                serde_json::from_str(&r.try_get::<String, _>("signed")?).map_err(Error::internal)?;
            guarantees.push(g.doc);
        }
    }
    let cfg = tenderbox_exchange::national::Config {
        region_code: tenderbox_core::centre::centre(&doc.centre).map(|c| c.division.to_string()).unwrap_or_else(|| "330500".into()),
        platform_code: s.publishing.platform_code.clone(),
        pub_service_plat_code: s.publishing.pub_service_plat_code.clone(),
    };
    Ok(tenderbox_exchange::national::export(&cfg, &f, &guarantees, &ocds_config(s).base_url))
}

/// `/data/national/{id}.json`: [`national_export`].
pub async fn national(State(s): State<AppState>, Path(file): Path<String>) -> Result<Response> {
    let id = json_name(&file)?;
    let export = national_export(&s, id).await?;
    Ok(json_response(serde_json::to_value(export).map_err(Error::internal)?))
}
