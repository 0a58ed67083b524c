//! The portal's page frame, its two languages and its charts: every page is plain
//! HTML with one stylesheet, readable without JavaScript and on a phone, and states
//! the moment the server rendered it.

use maud::{DOCTYPE, Markup, PreEscaped, html};
use tenderbox_core::Decimal;
use tenderbox_core::tender::TradingType;
use tenderbox_core::time::Timestamp;

/// The reader's language: Chinese unless `?lang=en`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn from_query(q: Option<&str>) -> Lang {
        if q == Some("en") { Lang::En } else { Lang::Zh }
    }

    pub fn t(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// `path` with the language kept (`path` may carry a query already).
    pub fn href(self, path: &str) -> String {
        match self {
            Lang::Zh => path.to_string(),
            Lang::En if path.contains('?') => format!("{path}&lang=en"),
            Lang::En => format!("{path}?lang=en"),
        }
    }
}

/// What every page needs: the language, the server time of rendering, the path
/// (for the language switch).
#[derive(Debug, Clone)]
pub struct Ctx {
    pub lang: Lang,
    pub now: Timestamp,
    /// The path and query of this page without `lang`.
    pub here: String,
}

pub fn trading_type(l: Lang, t: TradingType) -> &'static str {
    match t {
        TradingType::Engineering => l.t("工程建设", "Construction works"),
        TradingType::Procurement => l.t("政府采购", "Government procurement"),
        TradingType::LandMining => l.t("土地和矿业权", "Land and mining rights"),
        TradingType::Property => l.t("国有产权", "State-owned property"),
    }
}

pub fn centre_name(l: Lang, code: &str) -> String {
    match tenderbox_core::centre::centre(code) {
        Some(c) => match l {
            Lang::Zh => c.name_zh.to_string(),
            Lang::En => c.name_en.to_string(),
        },
        None => code.to_string(),
    }
}

/// Yuan with thousands separators and two decimals: `12,345,678.90`.
pub fn yuan(d: Decimal) -> String {
    let mut d = d.round_dp(2);
    d.rescale(2);
    let s = d.abs().to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{}{out}.{frac}", if d.is_sign_negative() && !d.is_zero() { "-" } else { "" })
}

/// Beijing time as people read it: `2026-12-15 17:30`.
pub fn when(t: Timestamp) -> String {
    let s = t.to_beijing();
    s[..16].to_string()
}

const SITE_ZH: &str = "湖州市公共资源交易平台";
const SITE_EN: &str = "Huzhou Public Resource Trading Platform";

/// The page frame: header with the sections and the language switch, the content,
/// and the footer with the server's rendering time.
pub fn frame(ctx: &Ctx, title: &str, section: &str, content: Markup) -> Markup {
    let l = ctx.lang;
    let nav = [
        ("/", "home", l.t("交易公告", "Announcements")),
        ("/auctions", "auctions", l.t("土地矿产与产权", "Land & property")),
        ("/credit", "credit", l.t("信用公示", "Credit publicity")),
        ("/rules", "rules", l.t("交易规则", "Trading rules")),
        ("/statistics", "statistics", l.t("统计分析", "Statistics")),
        ("/data", "data", l.t("开放数据", "Open data")),
    ];
    let other = match l {
        Lang::Zh => (Lang::En.href(&ctx.here), "English", "en"),
        Lang::En => (ctx.here.clone(), "中文", "zh-CN"),
    };
    html! {
        (DOCTYPE)
        html lang=(l.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (l.t(SITE_ZH, SITE_EN)) }
                link rel="stylesheet" href="/portal.css";
                link rel="alternate" type="application/atom+xml" title=(l.t("交易公告订阅", "Announcements feed")) href="/feed.atom";
            }
            body {
                a.skip href="#main" { (l.t("跳到正文", "Skip to content")) }
                header.site {
                    div.bar {
                        a.brand href=(l.href("/")) { (l.t(SITE_ZH, SITE_EN)) }
                        a.lang href=(other.0) hreflang=(other.2) lang=(other.2) { (other.1) }
                    }
                    nav aria-label=(l.t("栏目", "Sections")) {
                        ul {
                            @for (path, key, label) in nav {
                                li {
                                    @if key == section {
                                        a href=(l.href(path)) aria-current="page" { (label) }
                                    } @else {
                                        a href=(l.href(path)) { (label) }
                                    }
                                }
                            }
                        }
                    }
                }
                main #main {
                    (content)
                }
                footer.site {
                    p {
                        (l.t("本页由服务器生成于 ", "Rendered by the server at "))
                        time datetime=(ctx.now.to_rfc3339()) { (ctx.now.to_beijing()) }
                        (l.t("（北京时间）。页面只显示此刻已依法公开的信息。", " (Beijing time). Each page shows only what is public at that moment."))
                    }
                    p {
                        a href="/v1/log/checkpoint" { (l.t("交易日志检查点", "Log checkpoint")) }
                        " · "
                        a href="/feed.atom" { (l.t("公告订阅（Atom）", "Announcements feed (Atom)")) }
                        " · "
                        a href="/v1/openapi.json" { (l.t("接口说明（OpenAPI）", "API description (OpenAPI)")) }
                    }
                }
            }
        }
    }
}

/// A horizontal bar chart, drawn on the server: one bar per row, its value at the end.
/// The same figures are always in a table beside it.
pub fn bar_chart(title: &str, rows: &[(String, Decimal, String)]) -> Markup {
    let max = rows.iter().map(|r| r.1).max().unwrap_or_default();
    let label_w = 190.0;
    let bar_w = 330.0;
    let row_h = 26.0;
    let h = row_h * rows.len() as f64 + 10.0;
    let scale = |v: Decimal| -> f64 {
        if max.is_zero() {
            0.0
        } else {
            let r: f64 = (v / max).to_string().parse().unwrap_or(0.0);
            (r * bar_w).max(0.0)
        }
    };
    let mut svg = format!(
        r#"<svg class="chart" role="img" viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet"><title>{t}</title>"#,
        w = label_w + bar_w + 130.0,
        h = h,
        t = maud::html! { (title) }.into_string(),
    );
    for (i, (label, v, text)) in rows.iter().enumerate() {
        let y = 5.0 + row_h * i as f64;
        let w = scale(*v);
        svg.push_str(&format!(
            r##"<text x="{lx}" y="{ty}" text-anchor="end" class="label">{label}</text><rect x="{bx}" y="{y}" width="{w:.1}" height="18" class="bar"/><text x="{vx:.1}" y="{ty}" class="value">{text}</text>"##,
            lx = label_w - 8.0,
            ty = y + 14.0,
            label = maud::html! { (label) }.into_string(),
            bx = label_w,
            y = y,
            w = w,
            vx = label_w + w + 6.0,
            text = maud::html! { (text) }.into_string(),
        ));
    }
    svg.push_str("</svg>");
    html! { figure.chart { figcaption { (title) } (PreEscaped(svg)) } }
}

pub const STYLESHEET: &str = include_str!("portal.css");
