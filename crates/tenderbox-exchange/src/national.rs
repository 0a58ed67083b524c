//! The national public resource trading data specification (公共资源交易平台系统数据规范):
//! the data sets of one transaction, with the specification's table and field names,
//! for the provincial and national platforms.
//!
//! Built from the same public [`Facts`] as the OCDS releases (plus the electronic
//! guarantees, public after the close), so it says nothing the platform has not
//! published. Every value is a string; money is in 万元 (ten thousand yuan), exact
//! (the yuan amount divided by 10,000, never rounded); times are Beijing time
//! `YYYYMMDDHHMMSS`. Which field names and codes come from the specification and
//! which are this platform's reading of it is documented field by field in
//! `docs/data-exchange.md`.

use crate::ocds::Facts;
use std::collections::BTreeMap;
use tenderbox_core::Decimal;
use tenderbox_core::scoring::LotAward;
use tenderbox_core::security::Guarantee;
use tenderbox_core::tender::{EvaluationMethod, TenderDocument, TradingType};
use tenderbox_core::time::Timestamp;
use tenderbox_wire::BidOutcome;

/// Codes the operator sets for the platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Administrative division (GB/T 2260) of the platform: 330500 (湖州市).
    pub region_code: String,
    /// The trading platform's code, as the provincial platform assigned it.
    pub platform_code: String,
    /// The public service platform's code the data is reported to.
    pub pub_service_plat_code: String,
}

/// One row of a data set: field name → value.
pub type Row = BTreeMap<&'static str, String>;

/// The data sets of one transaction, by table name, rows in a stable order.
pub type Export = BTreeMap<&'static str, Vec<Row>>;

/// The sector code (行业分类) of a trading type. Mining rights share the land code
/// until the platform records which a listing is.
pub fn sector(t: TradingType) -> &'static str {
    match t {
        TradingType::Engineering => "GCJS",
        TradingType::Procurement => "ZFCG",
        TradingType::LandMining => "TDSYQ",
        TradingType::Property => "GYCQ",
    }
}

/// The transaction-type segment of the unified deal code, per sector.
fn deal_type(t: TradingType) -> &'static str {
    match t {
        TradingType::Engineering => "A01",
        TradingType::Procurement => "B01",
        TradingType::LandMining => "E01",
        TradingType::Property => "D01",
    }
}

/// Beijing time as the specification writes it: `YYYYMMDDHHMMSS`.
pub fn stamp(t: Timestamp) -> String {
    t.to_beijing().chars().filter(char::is_ascii_digit).collect()
}

/// Yuan to 万元, exact.
pub fn wan(yuan: Decimal) -> String {
    let mut w = yuan / Decimal::from(10_000);
    w = w.normalize();
    if w.scale() < 2 {
        w.rescale(2);
    }
    w.to_string()
}

/// **national.deal_code**: the unified deal code (统一交易标识码) of a transaction:
/// `{type}-{tenderer USCC}-{publication date}-{publication time}-{check}`, the check digit
/// the sum of the other digits mod 10.
pub fn unified_deal_code(d: &TenderDocument, first_published: Timestamp) -> String {
    let s = stamp(first_published);
    let body = format!("{}-{}-{}-{}", deal_type(d.trading_type), d.tenderer.uscc.as_str(), &s[..8], &s[8..]);
    let check: u32 = body.chars().filter_map(|c| c.to_digit(10)).sum::<u32>() % 10;
    format!("{body}-{check}")
}

fn section_code(d: &TenderDocument, lot: &str) -> String {
    format!("{}-{lot}", d.id)
}

fn method_name(m: &EvaluationMethod) -> &'static str {
    match m {
        EvaluationMethod::Comprehensive { .. } => "综合评估法",
        EvaluationMethod::LowestEvaluatedPrice { .. } => "经评审的最低投标价法",
    }
}

/// The fields every row carries: the transaction, the region and platform, the data time.
fn common(cfg: &Config, d: &TenderDocument, deal: &str, at: Timestamp) -> Row {
    let mut r = Row::new();
    r.insert("UNIFIED_DEAL_CODE", deal.to_string());
    r.insert("TENDER_PROJECT_CODE", d.id.clone());
    r.insert("REGION_CODE", cfg.region_code.clone());
    r.insert("PLATFORM_CODE", cfg.platform_code.clone());
    r.insert("PUB_SERVICE_PLAT_CODE", cfg.pub_service_plat_code.clone());
    r.insert("DATA_TIMESTAMP", stamp(at));
    r
}

/// Every data set of the transaction that is public by now. `base_url` is the portal's
/// address (announcement URLs).
pub fn export(cfg: &Config, facts: &Facts, guarantees: &[Guarantee], base_url: &str) -> Export {
    let mut out = Export::new();
    let Some(first) = facts.versions.first() else { return out };
    let last = facts.versions.last().expect("non-empty");
    let d = &last.document;
    let deal = unified_deal_code(&first.document, first.published_at);
    let row = |at: Timestamp| common(cfg, d, &deal, at);
    let url = format!("{}/tenders/{}", base_url.trim_end_matches('/'), d.id);

    let mut p = row(last.published_at);
    p.insert("PROJECT_CODE", d.id.clone());
    p.insert("TENDER_PROJECT_NAME", d.title.clone());
    p.insert("TENDER_PROJECT_TYPE", sector(d.trading_type).into());
    p.insert("TENDERER_NAME", d.tenderer.name.clone());
    p.insert("TENDERER_CODE", d.tenderer.uscc.as_str().into());
    if let Some(a) = &d.agency {
        p.insert("TENDER_AGENCY_NAME", a.name.clone());
        p.insert("TENDER_AGENCY_CODE", a.uscc.as_str().into());
    }
    p.insert("TENDER_MODE", "公开招标".into());
    p.insert("TENDER_ORGANIZE_FORM", if d.agency.is_some() { "委托招标" } else { "自行招标" }.into());
    p.insert("TRADE_CENTRE_CODE", d.centre.clone());
    out.entry("TENDER_PROJECT").or_default().push(p);

    for lot in &d.lots {
        let mut s = row(last.published_at);
        s.insert("BID_SECTION_CODE", section_code(d, &lot.id));
        s.insert("BID_SECTION_NAME", lot.name.clone());
        if let Some(c) = lot.ceiling_price {
            s.insert("CONTROL_PRICE", wan(c));
        }
        s.insert("BID_METHOD", method_name(&d.method).into());
        out.entry("SECTION").or_default().push(s);
    }

    for (i, v) in facts.versions.iter().enumerate() {
        let mut a = row(v.published_at);
        a.insert(
            "NOTICE_NAME",
            if i == 0 {
                format!("{}招标公告", v.document.title)
            } else {
                format!("{}变更公告（第{}版）", v.document.title, v.document.version)
            },
        );
        a.insert("NOTICE_NATURE", if i == 0 { "1" } else { "2" }.into());
        a.insert("NOTICE_SEND_TIME", stamp(v.published_at));
        a.insert("BID_DOC_REFER_END_TIME", stamp(v.document.deadline));
        a.insert("BID_OPEN_TIME", stamp(v.document.opening_at));
        a.insert("URL", url.clone());
        a.insert("DOC_HASH", v.hash.clone());
        out.entry("TENDER_ANNOUNCEMENT").or_default().push(a);
    }
    if let Some((at, reason)) = &facts.cancelled {
        let mut a = row(*at);
        a.insert("NOTICE_NAME", format!("{}终止公告", d.title));
        a.insert("NOTICE_NATURE", "3".into());
        a.insert("NOTICE_SEND_TIME", stamp(*at));
        a.insert("NOTICE_CONTENT", reason.clone());
        a.insert("URL", url.clone());
        out.entry("TENDER_ANNOUNCEMENT").or_default().push(a);
    }

    if let Some(o) = &facts.opening {
        for line in &o.lines {
            let status = match line.outcome {
                BidOutcome::Decrypted if line.rejected.is_empty() => "已解密",
                BidOutcome::Decrypted => "不予唱标",
                BidOutcome::Revoked => "撤销",
                BidOutcome::Withdrawn => "撤回",
            };
            let offers: Vec<Option<&tenderbox_seal::package::LotOffer>> =
                if line.lots.is_empty() { vec![None] } else { line.lots.iter().map(Some).collect() };
            for offer in offers {
                let mut r = row(o.opened_at);
                r.insert("BIDDER_NAME", line.bidder_name.clone());
                r.insert("BIDDER_CODE", line.bidder_uscc.clone());
                r.insert("BID_OPENING_TIME", stamp(o.opened_at));
                r.insert("BID_OPENING_ADDRESS", "不见面开标（网上远程解密）".into());
                r.insert("DECRYPT_STATUS", status.into());
                r.insert("BID_FILE_HASH", line.sha256.clone());
                if let Some(offer) = offer {
                    r.insert("BID_SECTION_CODE", section_code(d, &offer.lot));
                    r.insert("BID_AMOUNT", wan(offer.price));
                    if !offer.price_upper.is_empty() {
                        r.insert("BID_AMOUNT_UPPER", offer.price_upper.clone());
                    }
                    if let Some(days) = offer.duration_days {
                        r.insert("TIME_LIMIT", days.to_string());
                    }
                    if let Some(q) = &offer.quality {
                        r.insert("QUALITY", q.clone());
                    }
                }
                out.entry("BID_OPENING_RECORD").or_default().push(r);
            }
        }
    }

    if let Some(res) = &facts.result {
        let winner_of = |lot: &str| {
            res.awards.iter().find_map(|a| match a {
                LotAward::Winner { lot: l, bidder } if l == lot => Some(bidder.clone()),
                _ => None,
            })
        };
        for lot in &res.lots {
            let mut e = row(res.published_at);
            e.insert("BID_SECTION_CODE", section_code(d, &lot.lot));
            e.insert("EVALUATION_METHOD", method_name(&d.method).into());
            e.insert("EVALUATION_REPORT_HASH", res.report_sha256.clone());
            e.insert("VALID_BIDDER_COUNT", lot.evaluation.lines.len().to_string());
            e.insert("EXPERT_NAMES", res.committee.join("、"));
            out.entry("EVALUATION_REPORT").or_default().push(e);
            for c in &lot.candidates {
                let mut r = row(res.published_at);
                r.insert("BID_SECTION_CODE", section_code(d, &lot.lot));
                r.insert("CANDIDATE_RANK", c.place.to_string());
                r.insert("BIDDER_NAME", c.bidder_name.clone());
                r.insert("BIDDER_CODE", c.bidder_uscc.clone());
                r.insert("BID_AMOUNT", wan(c.price));
                r.insert("SCORE", c.total.normalize().to_string());
                r.insert("PUBLICITY_START_TIME", stamp(res.published_at));
                r.insert("PUBLICITY_END_TIME", stamp(res.publicity_until));
                r.insert("URL", format!("{url}#result"));
                out.entry("TENDER_CANDIDATE_ANN").or_default().push(r);
            }
            for name in &res.committee {
                let mut r = row(res.published_at);
                r.insert("BID_SECTION_CODE", section_code(d, &lot.lot));
                r.insert("EXPERT_NAME", name.clone());
                out.entry("BID_EVALUATION_EXPERT").or_default().push(r);
            }
            if let Some(awarded_at) = res.awarded_at {
                let mut r = row(awarded_at);
                r.insert("BID_SECTION_CODE", section_code(d, &lot.lot));
                r.insert("NOTICE_SEND_TIME", stamp(awarded_at));
                r.insert("URL", format!("{url}#result"));
                match winner_of(&lot.lot).and_then(|w| lot.candidates.iter().find(|c| c.bidder_uscc == w)) {
                    Some(c) => {
                        r.insert("WIN_BIDDER_NAME", c.bidder_name.clone());
                        r.insert("WIN_BIDDER_CODE", c.bidder_uscc.clone());
                        r.insert("WIN_BID_PRICE", wan(c.price));
                        let mut n = row(awarded_at);
                        n.insert("BID_SECTION_CODE", section_code(d, &lot.lot));
                        n.insert("WIN_BIDDER_NAME", c.bidder_name.clone());
                        n.insert("WIN_BIDDER_CODE", c.bidder_uscc.clone());
                        n.insert("WIN_BID_PRICE", wan(c.price));
                        n.insert("NOTICE_SEND_TIME", stamp(awarded_at));
                        out.entry("BID_WINNING_NOTICE").or_default().push(n);
                        if let Some((signed, recorded)) = facts.contract {
                            let mut k = row(recorded);
                            k.insert("BID_SECTION_CODE", section_code(d, &lot.lot));
                            k.insert("CONTRACT_NAME", format!("{}{}合同", d.title, lot.name));
                            k.insert("CONTRACT_SIGN_TIME", stamp(signed));
                            k.insert("WIN_BIDDER_NAME", c.bidder_name.clone());
                            k.insert("WIN_BIDDER_CODE", c.bidder_uscc.clone());
                            k.insert("CONTRACT_AMOUNT", wan(c.price));
                            out.entry("CONTRACT_PERFORMANCE").or_default().push(k);
                        }
                    }
                    None => {
                        r.insert("RESULT", "流标".into());
                    }
                }
                out.entry("WIN_RESULT_ANNO").or_default().push(r);
            }
        }
    }

    for g in guarantees {
        let mut r = row(g.issued_at);
        r.insert("GUARANTEE_TYPE", "投标保函".into());
        r.insert("GUARANTEE_NO", g.number.clone());
        r.insert("GUARANTEE_STATUS", "有效".into());
        r.insert("BENEFICIARY_NAME", g.beneficiary.name.clone());
        r.insert("APPLICANT_NAME", g.applicant.name.clone());
        r.insert("APPLICANT_CODE", g.applicant.uscc.as_str().into());
        r.insert("INSURER_NAME", g.guarantor.name.clone());
        r.insert("INSURER_CODE", g.guarantor.uscc.as_str().into());
        r.insert("GUARANTEE_AMOUNT", wan(g.amount));
        r.insert("BEGIN_TIME", format!("{}000000", g.valid_from.replace('-', "")));
        r.insert("END_TIME", format!("{}235959", g.valid_until.replace('-', "")));
        r.insert("LETTER_TIME", stamp(g.issued_at));
        out.entry("LETTER_OF_GUARANTEE").or_default().push(r);
    }
    out
}
