//! Complaints (投诉) to the supervising department, and the time limits the department
//! must keep — which department supervises which trading type, how long a party has to
//! complain, and by when the complaint must be accepted (受理) and decided (处理决定).
//!
//! Sources (docs/domain.md, "Supervision"):
//! - Engineering (工程建设项目招标投标活动投诉处理办法, 七部委令第11号, revised 2013): a
//!   complaint within 10 days of the day the complainant knew or should have known
//!   (Art. 9); the department decides within 3 working days whether to accept it (Art. 11)
//!   and decides it within 30 working days of acceptance (Art. 21).
//! - Government procurement (政府采购质疑和投诉办法, 财政部令第94号): a complaint within 15
//!   working days after the question (质疑) period ends (Art. 17); examined for acceptance
//!   within 5 working days of receipt (Art. 21); decided within 30 working days of receipt
//!   (Art. 26).
//! - Land and mining rights, state property: the platform applies the engineering limits
//!   until the departments publish their own (a setting of the centre, *unconfirmed*).
//!
//! Working days are Monday to Friday; public holidays become data with the holiday calendar
//! of the listings work. Nothing here reads a clock.

use crate::security::{add_days, add_working_days};
use crate::tender::TradingType;
use serde::{Deserialize, Serialize};

/// The supervising department of a trading type (行政监督部门).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Department {
    /// 发展改革 / 住房城乡建设 (and the industry departments) — engineering.
    Development,
    /// 财政 — government procurement.
    Finance,
    /// 自然资源 — land and mining rights.
    NaturalResources,
    /// 国有资产监督管理 — state property.
    StateAssets,
}

impl Department {
    pub fn as_str(self) -> &'static str {
        match self {
            Department::Development => "development",
            Department::Finance => "finance",
            Department::NaturalResources => "natural_resources",
            Department::StateAssets => "state_assets",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Department::Development, Department::Finance, Department::NaturalResources, Department::StateAssets]
            .into_iter()
            .find(|d| d.as_str() == s)
    }
    pub fn zh(self) -> &'static str {
        match self {
            Department::Development => "发展改革、住房城乡建设等行政监督部门",
            Department::Finance => "财政部门",
            Department::NaturalResources => "自然资源部门",
            Department::StateAssets => "国有资产监督管理机构",
        }
    }
}

/// Which department supervises a trading type.
pub fn department_for(t: TradingType) -> Department {
    match t {
        TradingType::Engineering => Department::Development,
        TradingType::Procurement => Department::Finance,
        TradingType::LandMining => Department::NaturalResources,
        TradingType::Property => Department::StateAssets,
    }
}

/// The time limits of a trading type's complaints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Days to complain, counted from the day the complainant knew (or the question period ended).
    pub file_within: u32,
    pub file_in_working_days: bool,
    /// Working days to decide on acceptance, from receipt.
    pub accept_within: u32,
    /// Working days to decide, from acceptance (engineering) or from receipt (procurement).
    pub decide_within: u32,
    pub decide_from_receipt: bool,
    pub source: &'static str,
}

pub fn limits(t: TradingType) -> Limits {
    match t {
        TradingType::Procurement => Limits {
            file_within: 15,
            file_in_working_days: true,
            accept_within: 5,
            decide_within: 30,
            decide_from_receipt: true,
            source: "《政府采购质疑和投诉办法》（财政部令第94号）第十七条、第二十一条、第二十六条",
        },
        _ => Limits {
            file_within: 10,
            file_in_working_days: false,
            accept_within: 3,
            decide_within: 30,
            decide_from_receipt: false,
            source: "《工程建设项目招标投标活动投诉处理办法》第九条、第十一条、第二十一条",
        },
    }
}

/// **complaint.filing_window**: the last day a complaint may be filed, from the day the
/// complainant knew of the act (or, in procurement, the question period ended).
pub fn last_filing_day(t: TradingType, known_on: &str) -> String {
    let l = limits(t);
    if l.file_in_working_days { add_working_days(known_on, l.file_within) } else { add_days(known_on, i64::from(l.file_within)) }
}

/// **complaint.accept_by**: the last day the department must say whether it accepts.
pub fn accept_by(t: TradingType, received_on: &str) -> String {
    add_working_days(received_on, limits(t).accept_within)
}

/// **complaint.decide_by**: the last day of the decision, from receipt or from acceptance.
pub fn decide_by(t: TradingType, received_on: &str, accepted_on: Option<&str>) -> String {
    let l = limits(t);
    let from = if l.decide_from_receipt { received_on } else { accepted_on.unwrap_or(received_on) };
    add_working_days(from, l.decide_within)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_trading_type_has_its_department() {
        assert_eq!(department_for(TradingType::Engineering), Department::Development);
        assert_eq!(department_for(TradingType::Procurement), Department::Finance);
        assert_eq!(department_for(TradingType::LandMining), Department::NaturalResources);
        assert_eq!(department_for(TradingType::Property), Department::StateAssets);
        assert_eq!(Department::parse("state_assets"), Some(Department::StateAssets));
    }

    #[test]
    fn engineering_complaints_count_calendar_days_to_file_and_working_days_to_handle() {
        // Known on Friday 2026-12-18: ten calendar days.
        assert_eq!(last_filing_day(TradingType::Engineering, "2026-12-18"), "2026-12-28");
        // Received Friday: three working days to accept (Mon, Tue, Wed).
        assert_eq!(accept_by(TradingType::Engineering, "2026-12-18"), "2026-12-23");
        // Thirty working days from acceptance on Wednesday 2026-12-23 (six weeks).
        assert_eq!(decide_by(TradingType::Engineering, "2026-12-18", Some("2026-12-23")), "2027-02-03");
    }

    #[test]
    fn procurement_complaints_count_working_days_from_receipt() {
        assert_eq!(last_filing_day(TradingType::Procurement, "2026-12-18"), "2027-01-08");
        assert_eq!(accept_by(TradingType::Procurement, "2026-12-18"), "2026-12-25");
        assert_eq!(decide_by(TradingType::Procurement, "2026-12-18", Some("2026-12-25")), "2027-01-29", "from receipt, not acceptance");
    }
}
