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

use crate::problem::Problem;
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

/// The format of the complaint documents this version reads and writes.
pub const COMPLAINT_FORMAT: u32 = 1;

/// The step of the procedure a complaint is against.
pub const STEPS: [&str; 6] = ["announcement", "documents", "opening", "evaluation", "result", "other"];

/// What a decision finds: the complaint upheld (投诉成立), partly upheld, or dismissed (驳回).
pub const FINDINGS: [&str; 3] = ["upheld", "partly_upheld", "dismissed"];

/// The largest attachment of a complaint, and how many a complaint carries.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
pub const MAX_FILES: usize = 20;

/// A file attached to a complaint (evidence), named by its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplaintFile {
    pub name: String,
    pub sha256: String,
    pub size: u64,
}

/// A complaint (投诉书), signed by the complainant: the tender and the step it is against,
/// the party complained about, the day the complainant knew, the facts with their grounds,
/// what it asks the department to do, and the evidence by hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Complaint {
    pub format: u32,
    pub tender: String,
    /// The complainant's unified social credit code.
    pub complainant: String,
    /// The party complained about (被投诉人): the tenderer, the agency, a bidder, the committee.
    pub respondent: String,
    /// One of [`STEPS`].
    pub step: String,
    /// `YYYY-MM-DD`: the day the complainant knew or should have known of the act.
    pub known_on: String,
    pub facts: String,
    pub requests: String,
    pub files: Vec<ComplaintFile>,
    pub filed_at: crate::time::Timestamp,
}

/// The department's decision on acceptance (受理 or 不予受理), with the reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplaintAcceptance {
    pub format: u32,
    pub complaint: String,
    pub accepted: bool,
    pub reasons: String,
    pub decided_at: crate::time::Timestamp,
}

/// The department's decision on the complaint (投诉处理决定): the finding, the reasons and
/// the measures ordered (e.g. re-evaluation, a new tender), published once signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplaintDecision {
    pub format: u32,
    pub complaint: String,
    /// One of [`FINDINGS`].
    pub finding: String,
    pub reasons: String,
    pub measures: String,
    pub decided_at: crate::time::Timestamp,
}

fn text_ok(s: &str, max: usize) -> bool {
    !s.trim().is_empty() && s.chars().count() <= max && !s.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

impl Complaint {
    /// The complaint's id: the first 24 hex digits of the SHA-256 of its canonical JSON.
    pub fn id(&self) -> String {
        let bytes = crate::canonical::to_canonical_vec(self).expect("a complaint has a canonical form");
        hex::encode(crate::sha256(&bytes))[..24].to_string()
    }

    /// Every problem with the complaint as filed on `received_on` (`YYYY-MM-DD`).
    pub fn problems(&self, received_on: &str) -> Vec<Problem> {
        let mut p = Vec::new();
        if self.format != COMPLAINT_FORMAT {
            p.push(Problem::new(
                "complaint.field",
                "format",
                format!("format {} is not supported; this version reads format {COMPLAINT_FORMAT}", self.format),
            ));
        }
        if let Err(e) = crate::uscc::Uscc::parse(&self.complainant) {
            p.push(Problem::new(e.code(), "complainant", format!("'{}': {e}", self.complainant)));
        }
        if !STEPS.contains(&self.step.as_str()) {
            p.push(Problem::new("complaint.field", "step", format!("'{}' is not a step; one of {}", self.step, STEPS.join(", "))));
        }
        if !crate::time::is_date(&self.known_on) {
            p.push(Problem::new("complaint.field", "known_on", format!("'{}' is not a date (YYYY-MM-DD)", self.known_on)));
        } else if self.known_on.as_str() > received_on {
            p.push(Problem::new(
                "complaint.field",
                "known_on",
                format!("{} is after the day the complaint is filed ({received_on})", self.known_on),
            ));
        }
        if !text_ok(&self.respondent, 200) {
            p.push(Problem::new("complaint.field", "respondent", "name the party complained about (1 to 200 characters)"));
        }
        if !text_ok(&self.facts, 20000) {
            p.push(Problem::new("complaint.field", "facts", "state the facts and their grounds (1 to 20000 characters)"));
        }
        if !text_ok(&self.requests, 5000) {
            p.push(Problem::new("complaint.field", "requests", "state what the department is asked to do (1 to 5000 characters)"));
        }
        if self.files.len() > MAX_FILES {
            p.push(Problem::new("complaint.file", "files", format!("{} files; a complaint carries at most {MAX_FILES}", self.files.len())));
        }
        let mut names = std::collections::HashSet::new();
        for f in &self.files {
            let at = format!("files[{}]", f.name);
            if let Some(why) = crate::problem::attachment_name_problem(&f.name) {
                p.push(Problem::new("complaint.file", &at, why));
            }
            if !names.insert(f.name.as_str()) {
                p.push(Problem::new("complaint.file", &at, "two files have this name"));
            }
            if f.sha256.len() != 64 || !f.sha256.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
                p.push(Problem::new("complaint.file", &at, "the SHA-256 must be 64 lowercase hex digits"));
            }
            if f.size == 0 || f.size > MAX_FILE_BYTES {
                p.push(Problem::new("complaint.file", &at, format!("{} bytes; a file is 1 byte to {} MiB", f.size, MAX_FILE_BYTES >> 20)));
            }
        }
        p
    }
}

/// **complaint.late**: filed after the last filing day. The platform records a late
/// complaint and shows it as late; the department decides not to accept it, in writing.
pub fn filed_late(t: TradingType, known_on: &str, received_on: &str) -> bool {
    received_on > last_filing_day(t, known_on).as_str()
}

/// Where a complaint stands, and whether the department is past a time limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    pub accept_by: String,
    /// Known once accepted (engineering) or from receipt (procurement).
    pub decide_by: Option<String>,
    /// `accept` or `decide` when that limit has passed with nothing decided.
    pub overdue: Option<String>,
}

/// **complaint.deadlines**: the acceptance and decision limits of a complaint received on
/// `received_on`, and which one `today` is past without a decision.
pub fn deadlines(t: TradingType, received_on: &str, accepted_on: Option<&str>, refused: bool, decided: bool, today: &str) -> Deadlines {
    let accept = accept_by(t, received_on);
    let decide = if refused {
        None
    } else if limits(t).decide_from_receipt || accepted_on.is_some() {
        Some(decide_by(t, received_on, accepted_on))
    } else {
        None
    };
    let overdue = if refused || decided {
        None
    } else if decide.as_deref().is_some_and(|d| today > d) {
        Some("decide".to_string())
    } else if accepted_on.is_none() && today > accept.as_str() {
        Some("accept".to_string())
    } else {
        None
    };
    Deadlines { accept_by: accept, decide_by: decide, overdue }
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

    fn complaint() -> Complaint {
        Complaint {
            format: COMPLAINT_FORMAT,
            tender: "HZ-2026-0101".into(),
            complainant: "91330502MA2B3C4D58".into(),
            respondent: "湖州市某招标代理有限公司".into(),
            step: "evaluation".into(),
            known_on: "2026-12-18".into(),
            facts: "评标委员会未按招标文件规定的标准评分。".into(),
            requests: "责令重新评标。".into(),
            files: vec![ComplaintFile { name: "证据1.pdf".into(), sha256: "ab".repeat(32), size: 1024 }],
            filed_at: crate::time::Timestamp::from_unix(1_766_000_000),
        }
    }

    #[test]
    fn a_complaint_names_every_problem() {
        assert_eq!(complaint().problems("2026-12-20"), vec![]);
        let mut c = complaint();
        c.complainant = "91330502MA2B3C4D5Y".into();
        assert!(c.problems("2026-12-20").iter().all(|p| p.path == "complainant"), "{:?}", c.problems("2026-12-20"));
        let mut c = complaint();
        c.step = "lunch".into();
        c.known_on = "2026-12-21".into();
        c.facts = " ".into();
        c.files.push(c.files[0].clone());
        c.files[0].sha256 = "AB".repeat(32);
        let paths: Vec<String> = c.problems("2026-12-20").into_iter().map(|p| p.path).collect();
        assert!(
            paths.contains(&"step".to_string()) && paths.contains(&"known_on".to_string()) && paths.contains(&"facts".to_string()),
            "{paths:?}"
        );
        assert_eq!(paths.iter().filter(|p| p.starts_with("files[")).count(), 2, "{paths:?}");
        assert!(c.id().len() == 24);
    }

    #[test]
    fn a_late_complaint_is_recorded_as_late() {
        // Engineering: ten calendar days from 2026-12-18 is 2026-12-28.
        assert!(!filed_late(TradingType::Engineering, "2026-12-18", "2026-12-28"));
        assert!(filed_late(TradingType::Engineering, "2026-12-18", "2026-12-29"));
        // Procurement: fifteen working days.
        assert!(!filed_late(TradingType::Procurement, "2026-12-18", "2027-01-08"));
        assert!(filed_late(TradingType::Procurement, "2026-12-18", "2027-01-11"));
    }

    #[test]
    fn the_department_is_flagged_past_each_limit() {
        let e = TradingType::Engineering;
        // Received Friday 12-18; acceptance by Wednesday 12-23.
        assert_eq!(deadlines(e, "2026-12-18", None, false, false, "2026-12-23").overdue, None);
        assert_eq!(deadlines(e, "2026-12-18", None, false, false, "2026-12-24").overdue.as_deref(), Some("accept"));
        let d = deadlines(e, "2026-12-18", Some("2026-12-21"), false, false, "2026-12-24");
        assert_eq!((d.overdue, d.decide_by.as_deref()), (None, Some("2027-02-01")));
        assert_eq!(deadlines(e, "2026-12-18", Some("2026-12-21"), false, false, "2027-02-02").overdue.as_deref(), Some("decide"));
        assert_eq!(deadlines(e, "2026-12-18", Some("2026-12-21"), false, true, "2027-02-02").overdue, None, "decided");
        assert_eq!(deadlines(e, "2026-12-18", None, true, false, "2027-02-02").overdue, None, "not accepted, in writing");
        // Procurement decides from receipt: the decision limit is known at once.
        let p = deadlines(TradingType::Procurement, "2026-12-18", None, false, false, "2026-12-28");
        assert_eq!(
            (p.accept_by.as_str(), p.decide_by.as_deref(), p.overdue.as_deref()),
            ("2026-12-25", Some("2027-01-29"), Some("accept"))
        );
    }
}
