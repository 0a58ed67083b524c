//! The statutory periods of a tender, and what an amendment changed.
//!
//! - **Tender period** (招标投标法 Art. 24; 政府采购法 Art. 35): for a project that must be
//!   tendered by law (依法必须进行招标的项目), at least 20 days from the day the tender
//!   document is issued to the submission deadline.
//! - **Amendment notice** (招标投标法 Art. 23; 招标投标法实施条例 Art. 21; 财政部令第87号
//!   Art. 27): a clarification or change that may affect how bids are prepared must reach
//!   every holder of the tender document at least 15 days before the deadline; with less
//!   than 15 days left, the deadline is moved.
//!
//! Days are counted as calendar dates in Beijing time (the day of issue to the day of the
//! deadline). Time is passed in; nothing here reads a clock.

use crate::problem::Problem;
use crate::tender::{TenderDocument, TradingType};
use crate::time::Timestamp;
use serde::Serialize;

/// Minimum days from issue to deadline for tenders that must be tendered by law.
pub const TENDER_PERIOD_DAYS: i64 = 20;
/// Minimum days between a change of substance and the deadline.
pub const AMENDMENT_NOTICE_DAYS: i64 = 15;

/// A legal rule as shown to the agency next to the field it governs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LegalRule {
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub source: &'static str,
}

pub const TENDER_PERIOD: LegalRule = LegalRule {
    code: "tender.period_too_short",
    zh: "依法必须进行招标的项目，自招标文件开始发出之日起至投标人提交投标文件截止之日止，最短不得少于二十日。",
    en: "For a project that must be tendered by law, at least 20 days from the day the tender document is issued to the submission deadline.",
    source: "《招标投标法》第二十四条；《政府采购法》第三十五条",
};

pub const AMENDMENT_NOTICE: LegalRule = LegalRule {
    code: "tender.amendment_notice",
    zh: "澄清或者修改的内容可能影响投标文件编制的，应当在投标截止时间至少十五日前通知所有获取招标文件的潜在投标人；不足十五日的，应当顺延投标截止时间。",
    en: "A clarification or change that may affect bid preparation must reach every holder of the tender document at least 15 days before the deadline; with less than 15 days left, the deadline is moved.",
    source: "《招标投标法》第二十三条；《招标投标法实施条例》第二十一条；财政部令第87号第二十七条",
};

/// The Beijing calendar day of a timestamp, as a day number.
pub fn beijing_day(t: Timestamp) -> i64 {
    (t.unix() + 8 * 3600).div_euclid(86_400)
}

/// Whole calendar days (Beijing) from `from` to `to`.
pub fn days_between(from: Timestamp, to: Timestamp) -> i64 {
    beijing_day(to) - beijing_day(from)
}

/// The periods apply to tendering (engineering and government procurement), not to
/// listings and auctions, which have their own rules.
fn is_tendering(d: &TenderDocument) -> bool {
    matches!(d.trading_type, TradingType::Engineering | TradingType::Procurement)
}

/// The earliest deadline a statutory tender issued at `issued` may have: 17:00 Beijing time
/// on the twentieth day, unless the given time of day is later.
pub fn earliest_deadline(issued: Timestamp, days: i64) -> Timestamp {
    let day = beijing_day(issued) + days;
    // 09:00 UTC = 17:00 Beijing.
    Timestamp::from_unix(day * 86_400 + 9 * 3600)
}

/// Problems with publishing `d` at `issued_at` (the server's time of publication).
pub fn publication_problems(d: &TenderDocument, issued_at: Timestamp) -> Vec<Problem> {
    let mut p = Vec::new();
    if d.must_tender_by_law && is_tendering(d) {
        let days = days_between(issued_at, d.deadline);
        if days < TENDER_PERIOD_DAYS {
            p.push(Problem::new(
                TENDER_PERIOD.code,
                "deadline",
                format!(
                    "the deadline is {days} day(s) after the day of issue ({}); a project that must be tendered by law needs at least {TENDER_PERIOD_DAYS} ({})",
                    issued_at.to_beijing(),
                    TENDER_PERIOD.source
                ),
            ));
        }
    }
    p
}

/// One difference between two versions of a tender document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Dotted path of the field (`deadline`, `lots[L1].ceiling_price`, …).
    pub field: String,
    pub before: String,
    pub after: String,
    /// May it affect how bids are prepared (and so need 15 days' notice)?
    pub substantive: bool,
}

/// Fields whose change does not affect how a bid is prepared: the project's name, the committee that opens
/// the bids, the opening's timing and the agency's own details. A later deadline is an
/// extension, not a change of substance; an earlier one is.
fn substantive(field: &str, before: &serde_json::Value, after: &serde_json::Value) -> bool {
    const PROCEDURAL: [&str; 7] =
        ["title", "committee_public_key", "custodians", "threshold", "opening_at", "decryption_window_minutes", "agency"];
    if PROCEDURAL.iter().any(|p| field == *p || field.starts_with(&format!("{p}.")) || field.starts_with(&format!("{p}["))) {
        return false;
    }
    if field == "deadline" {
        let t = |v: &serde_json::Value| v.as_str().and_then(|s| Timestamp::parse(s).ok());
        return match (t(before), t(after)) {
            (Some(a), Some(b)) => b < a,
            _ => true,
        };
    }
    true
}

/// Field-by-field differences between two versions (the version number itself excluded).
/// Lists of objects with an `id` (or a `name`) are compared by it, others by position.
pub fn changes(before: &TenderDocument, after: &TenderDocument) -> Vec<Change> {
    use serde_json::Value;
    fn show(v: &Value) -> String {
        match v {
            Value::String(s) => s.clone(),
            Value::Null => "—".into(),
            other => other.to_string(),
        }
    }
    fn walk(path: &str, a: &Value, b: &Value, out: &mut Vec<Change>) {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
                keys.sort();
                keys.dedup();
                for k in keys {
                    if k == "version" && path.is_empty() {
                        continue;
                    }
                    let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                    walk(&p, x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null), out);
                }
            }
            (Value::Array(x), Value::Array(y)) => {
                let id = |v: &Value| v.get("id").or_else(|| v.get("name")).and_then(|i| i.as_str()).map(str::to_string);
                if x.iter().chain(y.iter()).all(|v| id(v).is_some()) {
                    let mut seen = std::collections::HashSet::new();
                    for i in x.iter().chain(y.iter()).filter_map(id).filter(|i| seen.insert(i.clone())) {
                        let xa = x.iter().find(|v| id(v).as_deref() == Some(&i)).unwrap_or(&Value::Null);
                        let yb = y.iter().find(|v| id(v).as_deref() == Some(&i)).unwrap_or(&Value::Null);
                        walk(&format!("{path}[{i}]"), xa, yb, out);
                    }
                } else if a != b {
                    out.push(Change {
                        field: path.to_string(),
                        before: a.to_string(),
                        after: b.to_string(),
                        substantive: substantive(path, a, b),
                    });
                }
            }
            // A whole object added or removed (a new lot, a dropped item): one line.
            (Value::Null, Value::Object(_)) | (Value::Object(_), Value::Null) => {
                out.push(Change { field: path.to_string(), before: show(a), after: show(b), substantive: substantive(path, a, b) });
            }
            _ if a != b => {
                out.push(Change { field: path.to_string(), before: show(a), after: show(b), substantive: substantive(path, a, b) });
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    let (a, b) = (serde_json::to_value(before).unwrap_or_default(), serde_json::to_value(after).unwrap_or_default());
    walk("", &a, &b, &mut out);
    out
}

/// The deadline an amendment made at `now` with a change of substance needs, if the
/// proposed one is too early: the 15th day after `now`, at the proposed time of day.
pub fn moved_deadline(after: &TenderDocument, now: Timestamp) -> Option<Timestamp> {
    if days_between(now, after.deadline) >= AMENDMENT_NOTICE_DAYS {
        return None;
    }
    let time_of_day = (after.deadline.unix() + 8 * 3600).rem_euclid(86_400) - 8 * 3600;
    Some(Timestamp::from_unix((beijing_day(now) + AMENDMENT_NOTICE_DAYS) * 86_400 + time_of_day))
}

/// Problems with amending `before` into `after` at `now`: a change of substance with less
/// than 15 days left must move the deadline.
pub fn amendment_problems(before: &TenderDocument, after: &TenderDocument, now: Timestamp) -> Vec<Problem> {
    let mut p = Vec::new();
    if !is_tendering(after) {
        return p;
    }
    let substantive: Vec<Change> = changes(before, after).into_iter().filter(|c| c.substantive).collect();
    if substantive.is_empty() {
        return p;
    }
    if let Some(moved) = moved_deadline(after, now) {
        let fields = substantive.iter().map(|c| c.field.as_str()).collect::<Vec<_>>().join(", ");
        p.push(Problem::new(
            AMENDMENT_NOTICE.code,
            "deadline",
            format!(
                "the amendment changes {fields} with {} day(s) left before the deadline; with less than {AMENDMENT_NOTICE_DAYS} the deadline moves to {} (Beijing time) or later ({})",
                days_between(now, after.deadline),
                moved.to_beijing(),
                AMENDMENT_NOTICE.source
            ),
        ));
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    fn statutory(deadline: &str) -> TenderDocument {
        let mut t = TenderDocument::example(at("2026-12-01T00:00:00Z"));
        t.must_tender_by_law = true;
        t.deadline = at(deadline);
        t.opening_at = t.deadline;
        t
    }

    // 招标投标法 Art. 24: at least twenty days from issue to deadline.
    #[test]
    fn statutory_tender_needs_twenty_days_counted_in_beijing_dates() {
        // Issued 2 Dec 10:00 Beijing; 22 Dec is the twentieth day.
        let issued = at("2026-12-02T02:00:00Z");
        assert!(publication_problems(&statutory("2026-12-22T01:00:00Z"), issued).is_empty());
        let p = publication_problems(&statutory("2026-12-21T09:00:00Z"), issued);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].code, "tender.period_too_short");
        assert!(p[0].message.contains("19 day(s)") && p[0].message.contains("第二十四条"), "{}", p[0].message);
        // 16:30 UTC on the 21st is 00:30 Beijing on the 22nd: the twentieth day.
        assert!(publication_problems(&statutory("2026-12-21T16:30:00Z"), issued).is_empty());
        assert_eq!(earliest_deadline(issued, TENDER_PERIOD_DAYS), at("2026-12-22T09:00:00Z"));
    }

    #[test]
    fn a_tender_not_required_by_law_and_a_listing_are_not_held_to_twenty_days() {
        let issued = at("2026-12-02T02:00:00Z");
        let mut t = statutory("2026-12-02T04:00:00Z");
        t.must_tender_by_law = false;
        assert!(publication_problems(&t, issued).is_empty());
        t.must_tender_by_law = true;
        t.trading_type = TradingType::LandMining;
        assert!(publication_problems(&t, issued).is_empty());
    }

    // 招标投标法 Art. 23 / 实施条例 Art. 21: a change of substance with less than fifteen
    // days left moves the deadline.
    #[test]
    fn change_of_substance_late_moves_the_deadline() {
        let before = statutory("2026-12-22T09:00:00Z");
        let now = at("2026-12-10T02:00:00Z");
        let mut after = before.clone();
        after.version = 2;
        after.lots[0].ceiling_price = Some("12500000.00".parse().unwrap());
        let p = amendment_problems(&before, &after, now);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].code, "tender.amendment_notice");
        assert!(p[0].message.contains("lots[L1].ceiling_price") && p[0].message.contains("2026-12-25 17:00"), "{}", p[0].message);
        assert_eq!(moved_deadline(&after, now), Some(at("2026-12-25T09:00:00Z")));
        after.deadline = at("2026-12-25T09:00:00Z");
        after.opening_at = after.deadline;
        assert!(amendment_problems(&before, &after, now).is_empty());
    }

    #[test]
    fn procedural_changes_and_extensions_need_no_notice_but_an_earlier_deadline_does() {
        let before = statutory("2026-12-22T09:00:00Z");
        let now = at("2026-12-20T02:00:00Z");
        let mut after = before.clone();
        after.version = 2;
        after.committee_public_key = Some("key".into());
        after.decryption_window_minutes = 60;
        after.deadline = at("2026-12-23T09:00:00Z");
        after.opening_at = at("2026-12-23T10:00:00Z");
        let c = changes(&before, &after);
        assert!(c.iter().all(|c| !c.substantive), "{c:?}");
        assert!(amendment_problems(&before, &after, now).is_empty());
        after.deadline = at("2026-12-21T09:00:00Z");
        let c = changes(&before, &after);
        assert!(c.iter().any(|c| c.field == "deadline" && c.substantive), "{c:?}");
        assert_eq!(amendment_problems(&before, &after, now)[0].code, "tender.amendment_notice");
    }

    #[test]
    fn changes_name_lots_and_items_by_id() {
        let before = statutory("2026-12-22T09:00:00Z");
        let mut after = before.clone();
        after.lots[0].items.retain(|i| i.id != "T3");
        after.lots[0].items[0].title = "投标函".into();
        let c = changes(&before, &after);
        let fields: Vec<_> = c.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["lots[L1].items[Q1].title", "lots[L1].items[T3]"]);
        assert_eq!(c[1].after, "—");
        assert!(c.iter().all(|c| c.substantive));
    }
}
