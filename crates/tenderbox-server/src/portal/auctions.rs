//! The portal's listings and auctions (土地矿产与产权交易): every listing and auction with
//! where it stands; each one's page with its terms, the price board (prices and server
//! times, never a bidder), and once decided the result under publicity — the outcome, the
//! opened reserve, the buyer and price of a sale, the publicity's last day — with the
//! signed history for anyone to check (`tenderbox auction verify`).

use super::page::{Ctx, Lang, centre_name, frame, when, yuan};
use super::{LangQuery, ctx, error_page, html_response, status_of};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use maud::{Markup, html};
use tenderbox_core::auction::{Asset, Mode, Outcome, Phase};

fn asset(l: Lang, a: Asset) -> &'static str {
    match a {
        Asset::Land => l.t("国有建设用地使用权", "Land use right"),
        Asset::Mining => l.t("矿业权", "Mining right"),
        Asset::StateProperty => l.t("国有产权", "State property"),
    }
}

fn mode(l: Lang, m: Mode) -> &'static str {
    match m {
        Mode::Listing => l.t("挂牌", "Listing"),
        Mode::English => l.t("拍卖（增价）", "Auction (ascending)"),
        Mode::Dutch => l.t("拍卖（减价）", "Auction (descending)"),
        Mode::Sealed => l.t("一次报价", "Sealed round"),
    }
}

fn phase(l: Lang, p: &Phase) -> Markup {
    match p {
        Phase::NotStarted { starts_at } => html! { (l.t("未开始，竞价开始于 ", "Not started; bidding from ")) (when(*starts_at)) },
        Phase::Listing { ends_at } => html! { (l.t("挂牌中，截止于 ", "Listing open until ")) (when(*ends_at)) },
        Phase::Countdown { ends_at } => {
            html! { (l.t("限时竞价中，无新报价则结束于 ", "Countdown: ends unless a bid comes at ")) (when(*ends_at)) }
        }
        Phase::Descending { price, .. } => html! { (l.t("降价中，当前价格 ", "Descending, price now ")) (yuan(*price)) },
        Phase::Sealed { ends_at } => html! { (l.t("密封报价中，截止于 ", "Sealed prices until ")) (when(*ends_at)) },
        Phase::Ended { at } => html! { (l.t("已结束于 ", "Ended at ")) (when(*at)) },
    }
}

fn rehearsal(l: Lang) -> Markup {
    html! { span.tag.warn { (l.t("模拟竞价", "Rehearsal")) } }
}

pub(super) async fn list(State(s): State<AppState>, Query(q): Query<LangQuery>) -> Response {
    let c = ctx(&s, q.lang.as_deref(), "/auctions".into());
    let l = c.lang;
    let rows = match crate::routes::auctions::list(State(s.clone())).await {
        Ok(r) => r.0,
        Err(e) => return error_page(&c, status_of(&e), &e),
    };
    let title = l.t("土地矿产与产权交易", "Land, mining rights and state property");
    html_response(frame(
        &c,
        title,
        "auctions",
        html! {
            h1 { (title) }
            p { (l.t("国有建设用地使用权、矿业权的挂牌与拍卖，国有产权的公开竞价。每一次报价由竞买人数字证书签名、由服务器计时并记入交易日志；竞价结束前不公开竞买人。", "Listings and auctions of land use and mining rights, and open bidding for state property. Every bid is signed by the bidder, timed by the server and logged; who bids is not public until the end.")) }
            @if rows.is_empty() {
                p.notice { (l.t("暂无挂牌或拍卖项目。", "No listings or auctions yet.")) }
            } @else {
                table {
                    thead { tr { th { (l.t("项目编号", "Code")) } th { (l.t("项目名称", "Title")) } th { (l.t("类型 · 方式", "Asset · mode")) } th.num { (l.t("起始价（元）", "Starting price (yuan)")) } th { (l.t("状态", "Status")) } } }
                    tbody {
                        @for r in &rows {
                            tr {
                                td { a href=(l.href(&format!("/auctions/{}", super::encode(&r.terms.id)))) { (r.terms.id) } }
                                td { (r.terms.title) @if r.terms.rehearsal { " " (rehearsal(l)) } }
                                td { (asset(l, r.terms.asset)) " · " (mode(l, r.terms.mode)) }
                                td.num { (yuan(r.terms.starting_price)) }
                                td { (phase(l, &r.phase)) }
                            }
                        }
                    }
                }
            }
        },
    ))
}

pub(super) async fn page(State(s): State<AppState>, Path(id): Path<String>, Query(q): Query<LangQuery>) -> Response {
    let c: Ctx = ctx(&s, q.lang.as_deref(), format!("/auctions/{}", super::encode(&id)));
    let l = c.lang;
    let (rec, board) = match (
        crate::routes::auctions::get_one(State(s.clone()), Path(id.clone())).await,
        crate::routes::auctions::board(State(s.clone()), Path(id.clone())).await,
    ) {
        (Ok(r), Ok(b)) => (r.0, b.0),
        (Err(e), _) | (_, Err(e)) => return error_page(&c, status_of(&e), &e),
    };
    let result = if matches!(board.phase, Phase::Ended { .. }) {
        crate::routes::auction_result::result(State(s.clone()), Path(id.clone())).await.ok().map(|r| r.0)
    } else {
        None
    };
    let t = &rec.terms;
    html_response(frame(
        &c,
        &t.title,
        "auctions",
        html! {
            h1 { (t.title) @if t.rehearsal { " " (rehearsal(l)) } }
            @if t.rehearsal {
                p.notice { (l.t("模拟竞价：本项目在演练平台上进行，报价与结果不产生任何交易。", "Rehearsal: this runs on a training platform; nothing bid here is a sale.")) }
            }
            dl.facts {
                dt { (l.t("项目编号", "Code")) } dd { (t.id) }
                dt { (l.t("交易中心", "Centre")) } dd { (centre_name(l, &t.centre)) }
                dt { (l.t("标的", "Asset")) } dd { (asset(l, t.asset)) " · " (mode(l, t.mode)) }
                dt { (l.t("出让方（转让方）", "Seller")) } dd { (t.seller.name) }
                dt { (l.t("标的情况", "Description")) } dd { (t.description) }
                dt { (l.t("起始价", "Starting price")) } dd { (yuan(t.starting_price)) }
                @if matches!(t.mode, Mode::Listing | Mode::English) { dt { (l.t("加价幅度", "Increment")) } dd { (yuan(t.increment)) } }
                dt { (l.t("竞买保证金", "Deposit")) } dd { (yuan(t.deposit)) }
                dt { (l.t("竞买条件", "Conditions")) } dd { @for x in &t.conditions { (x) br; } }
                dt { (l.t("竞得人确定方式", "Winner")) } dd { (t.winner_rule) }
                dt { (l.t("公告时间", "Announced")) } dd { (when(t.announced_at)) }
                dt { (l.t("报名截止", "Registration closes")) } dd { (when(t.registration_deadline)) }
                dt { (l.t("竞价开始", "Bidding starts")) } dd { (when(t.bidding_starts)) }
                @if let Some(e) = t.listing_ends { dt { (l.t("挂牌截止", "Listing closes")) } dd { (when(e)) } }
                dt { (l.t("当前状态", "Now")) } dd { (phase(l, &board.phase)) }
                dt { (l.t("公告文本 SHA-256", "Terms SHA-256")) } dd.mono { (rec.terms_hash) }
            }
            @if let Some(r) = &result {
                section #result {
                    h2 { (l.t("竞价结果公示", "Result")) }
                    dl.facts {
                        dt { (l.t("结果", "Outcome")) }
                        dd { @match &r.outcome {
                            Outcome::Sold { price, .. } => { (l.t("成交，成交价 ", "Sold at ")) (yuan(*price)) }
                            Outcome::NoBids => { (l.t("流拍（无人报价）", "No sale (no bids)")) }
                            Outcome::BelowReserve { highest } => { (l.t("流拍（最高报价 ", "No sale (the highest bid ")) (yuan(*highest)) (l.t(" 低于底价）", " is below the reserve)")) }
                        } }
                        @if let Some(c) = &r.confirmation {
                            dt { (l.t("竞得人", "Buyer")) } dd { (c.buyer) " (" (c.buyer_uscc) ")" }
                            dt { (l.t("成交价大写", "Price in words")) } dd { (c.price_in_words) }
                        }
                        dt { (l.t("底价", "Reserve")) } dd { @match r.reserve { Some(v) => (yuan(v)), None => (l.t("未设底价", "None sealed")) } }
                        dt { (l.t("竞价结束", "Ended")) } dd { (when(r.ended_at)) }
                        dt { (l.t("公示截止", "Public until")) } dd { (r.publicity_until) }
                        @if r.confirmed_at.is_some() { dt { (l.t("成交确认书", "Confirmation")) } dd { (l.t("交易中心与竞得人均已签署", "signed by the centre and the buyer")) } }
                    }
                    p { a href=(format!("/v1/auctions/{}/result", super::encode(&t.id))) { (l.t("完整竞价记录（含签名报价，可用 tenderbox auction verify 核验）", "The whole record with the signed bids (check it with tenderbox auction verify)")) } }
                }
            }
            h2 { (l.t("报价记录", "Bids")) }
            @if board.bids.is_empty() {
                p { (l.t("尚无报价。", "No bids yet.")) }
            } @else {
                table {
                    thead { tr { th.num { (l.t("序号", "No.")) } th.num { (l.t("报价", "Bid")) } th { (l.t("服务器时间", "Server time")) } } }
                    tbody { @for b in board.bids.iter().rev() { tr { td.num { (b.seq) } td.num { (yuan(b.amount)) } td { (when(b.at)) @if b.timed { " " (l.t("（限时竞价）", "(timed)")) } } } } }
                }
            }
        },
    ))
}
