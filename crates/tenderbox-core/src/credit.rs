//! The credit library (信用库) shared by the seven centres: records keyed by the unified
//! social credit code (entities) or the expert library's code (experts), the rules that
//! enforce them, and what is published.
//!
//! A record says what kind it is (守信 good, 失信 bad, 严重失信 a serious-default list
//! such as 失信被执行人), who issued it and under which document and legal basis, when it
//! starts and ends, and what it restricts: bidding, serving as an agency, serving as an
//! expert — for some trading types and regions, or all. The rules below are pure: the
//! caller passes the records and the day (Beijing calendar, `YYYY-MM-DD`); nothing here
//! reads a clock or a database. Each rule has a stable name (`credit.barred_bidder`…)
//! that refusals cite, with the record's source, document number and end date.
//!
//! Sources (docs/domain.md, "Credit"): 法〔2016〕285号 (失信被执行人 are restricted as
//! bidders, agencies and experts; a consortium with one listed member is restricted);
//! 财库〔2016〕125号 (government procurement: the 失信被执行人, major tax violation and
//! 政府采购严重违法失信 lists; the record as of the evaluation counts); 国家发展改革委令
//! 2023年第58号 (how long bad records are published).

use crate::expert_library::RowError;
use crate::tender::TradingType;
use crate::time::{Timestamp, is_date};
use crate::uscc::Uscc;
use serde::{Deserialize, Serialize};

pub const CREDIT_FORMAT: u32 = 1;

/// Whom a record is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// A company or other organisation, by its unified social credit code.
    Entity,
    /// An expert of the library, by the library's code.
    Expert,
}

/// What kind of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CreditKind {
    /// 守信 (e.g. A-level taxpayer, a credit-rating reward): may waive bid security.
    Good,
    /// 失信 (an administrative penalty, a bad bidding record).
    Bad,
    /// 严重失信主体名单 (失信被执行人, major tax violation, 政府采购严重违法失信…).
    Serious,
}

/// What a record bars its subject from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bar {
    /// Submitting bids (alone or in a consortium).
    Bidding,
    /// Acting as a tendering or procurement agency (publishing tenders).
    Agency,
    /// Serving as an evaluation expert (drawn for committees).
    Expert,
}

/// Where and what a record restricts. Empty lists mean every trading type and every
/// centre; no bars means the record restricts nothing (it is information only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Restriction {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trading_types: Vec<TradingType>,
    /// Centre codes; the city centre `HZ` covers its sub-centres too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub centres: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bars: Vec<Bar>,
}

/// A credit record as a supervisor enters it: the document they sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditEntry {
    pub format: u32,
    pub subject_kind: SubjectKind,
    /// USCC for an entity, the library code for an expert.
    pub subject: String,
    pub name: String,
    pub kind: CreditKind,
    /// The list or category (失信被执行人, 重大税收违法失信主体, A级纳税人…).
    pub list: String,
    /// The issuing body (认定机关).
    pub source: String,
    /// Its document number (文号).
    pub document_no: String,
    /// The legal basis (依据); required for bad and serious records.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub legal_basis: String,
    /// First day in force, `YYYY-MM-DD`.
    pub starts_on: String,
    /// Last day in force (inclusive); none while the issuing body keeps it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<String>,
    #[serde(default)]
    pub restriction: Restriction,
    /// The record this one corrects (更正); the old one is kept as history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
    pub entered_at: Timestamp,
}

/// A bulk import as the supervisor signs it: the CSV file by its SHA-256 and row count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditImport {
    pub format: u32,
    /// Lower-case hex SHA-256 of the CSV bytes as uploaded.
    pub sha256: String,
    pub rows: u64,
    /// Where the file came from (e.g. 信用中国（浙江湖州） export of 2026-12-01).
    pub origin: String,
    pub entered_at: Timestamp,
}

/// Revoking a record (撤销), signed by a supervisor: the record stays as history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditRevocation {
    pub format: u32,
    pub record: String,
    pub reason: String,
    pub revoked_at: Timestamp,
}

/// An entity's objection (异议) to a record about it, signed by its identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditObjection {
    pub format: u32,
    pub record: String,
    pub text: String,
    pub filed_at: Timestamp,
}

/// A supervisor's answer to an objection. Upheld: the record is revoked with the
/// answer as its reason (a correction, if one is due, is entered as a new record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditObjectionAnswer {
    pub format: u32,
    pub objection: String,
    pub upheld: bool,
    pub text: String,
    pub answered_at: Timestamp,
}

/// A record's state in the library. Nothing is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    Active,
    /// Revoked (撤销) by a supervisor with a reason, or after an upheld objection.
    Revoked,
    /// Replaced by a correction (更正).
    Corrected,
}

impl RecordStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordStatus::Active => "active",
            RecordStatus::Revoked => "revoked",
            RecordStatus::Corrected => "corrected",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [RecordStatus::Active, RecordStatus::Revoked, RecordStatus::Corrected].into_iter().find(|k| k.as_str() == s)
    }
}

impl CreditKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CreditKind::Good => "good",
            CreditKind::Bad => "bad",
            CreditKind::Serious => "serious",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            CreditKind::Good => "守信",
            CreditKind::Bad => "失信",
            CreditKind::Serious => "严重失信",
        }
    }
}

impl Bar {
    pub fn as_str(self) -> &'static str {
        match self {
            Bar::Bidding => "bidding",
            Bar::Agency => "agency",
            Bar::Expert => "expert",
        }
    }
}

/// Names of the enforcement rules, cited by refusals and findings.
pub const RULE_BARRED_BIDDER: &str = "credit.barred_bidder";
pub const RULE_BARRED_CONSORTIUM: &str = "credit.barred_consortium_member";
pub const RULE_BARRED_AGENCY: &str = "credit.barred_agency";
pub const RULE_BARRED_EXPERT: &str = "credit.barred_expert";

/// A record as the rules see it: its id in the library, the entry, and its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub id: String,
    pub entry: CreditEntry,
    pub status: RecordStatus,
}

/// A record that bars someone from something, with everything a refusal must cite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule (`credit.barred_bidder`…).
    pub rule: String,
    pub record: String,
    pub subject: String,
    pub name: String,
    pub kind: CreditKind,
    pub list: String,
    pub source: String,
    pub document_no: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<String>,
}

impl Finding {
    fn of(rule: &str, r: &Record) -> Self {
        let e = &r.entry;
        Finding {
            rule: rule.into(),
            record: r.id.clone(),
            subject: e.subject.clone(),
            name: e.name.clone(),
            kind: e.kind,
            list: e.list.clone(),
            source: e.source.clone(),
            document_no: e.document_no.clone(),
            ends_on: e.ends_on.clone(),
        }
    }

    /// The citation a person reads: whom, which list, who issued it under which number,
    /// and until when.
    pub fn citation(&self) -> String {
        format!(
            "{} ({}) is on {} — {} {}, in force until {} (credit record {})",
            self.name,
            self.subject,
            self.list,
            self.source,
            self.document_no,
            self.ends_on.as_deref().unwrap_or("further notice"),
            self.record
        )
    }
}

/// Is the record in force on `day` (active, started, not ended)?
pub fn in_force(r: &Record, day: &str) -> bool {
    r.status == RecordStatus::Active && r.entry.starts_on.as_str() <= day && r.entry.ends_on.as_deref().is_none_or(|end| day <= end)
}

/// Does a restriction reach a trade of `trading_type` at `centre`? A restriction for the
/// city centre reaches its sub-centres; one for a sub-centre reaches only that one.
pub fn covers(r: &Restriction, trading_type: TradingType, centre: &str) -> bool {
    let type_ok = r.trading_types.is_empty() || r.trading_types.contains(&trading_type);
    let parent = crate::centre::centre(centre).and_then(|c| c.parent);
    let centre_ok = r.centres.is_empty() || r.centres.iter().any(|c| c == centre || Some(c.as_str()) == parent);
    type_ok && centre_ok
}

fn bars<'a>(
    records: &'a [Record],
    kind: SubjectKind,
    subject: &'a str,
    bar: Bar,
    trade: Option<(TradingType, &'a str)>,
    day: &'a str,
) -> impl Iterator<Item = &'a Record> + 'a {
    records.iter().filter(move |r| {
        r.entry.subject_kind == kind
            && r.entry.subject == subject
            && in_force(r, day)
            && r.entry.restriction.bars.contains(&bar)
            && trade.is_none_or(|(t, c)| covers(&r.entry.restriction, t, c))
    })
}

/// **credit.barred_bidder / credit.barred_consortium_member**: the records that bar a bid
/// by `lead` (with consortium `members`) to a tender of `trading_type` at `centre` on
/// `day`. A consortium with one barred member is barred. Empty: the bid may go in.
pub fn bidding_bars(
    records: &[Record],
    lead: &str,
    members: &[String],
    trading_type: TradingType,
    centre: &str,
    day: &str,
) -> Vec<Finding> {
    let mut out: Vec<Finding> = bars(records, SubjectKind::Entity, lead, Bar::Bidding, Some((trading_type, centre)), day)
        .map(|r| Finding::of(RULE_BARRED_BIDDER, r))
        .collect();
    for m in members.iter().filter(|m| m.as_str() != lead) {
        out.extend(
            bars(records, SubjectKind::Entity, m, Bar::Bidding, Some((trading_type, centre)), day)
                .map(|r| Finding::of(RULE_BARRED_CONSORTIUM, r)),
        );
    }
    out
}

/// **credit.barred_agency**: the records that bar `agency` from publishing a tender of
/// `trading_type` at `centre` on `day`.
pub fn agency_bars(records: &[Record], agency: &str, trading_type: TradingType, centre: &str, day: &str) -> Vec<Finding> {
    bars(records, SubjectKind::Entity, agency, Bar::Agency, Some((trading_type, centre)), day)
        .map(|r| Finding::of(RULE_BARRED_AGENCY, r))
        .collect()
}

/// **credit.barred_expert**: the records that keep expert `code` off committees on `day`
/// (any trading type and centre: a draw serves the whole platform).
pub fn expert_bars(records: &[Record], code: &str, day: &str) -> Vec<Finding> {
    bars(records, SubjectKind::Expert, code, Bar::Expert, None, day).map(|r| Finding::of(RULE_BARRED_EXPERT, r)).collect()
}

/// The credit-based waiver of bid security (守信激励), where a tender allows it: decided
/// from the library, never self-declared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exemption {
    pub exempt: bool,
    /// The good record in force that earns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub because: Option<String>,
    /// Bad or serious records in force that cancel it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cancelled_by: Vec<String>,
}

/// **credit.security_exemption**: `uscc` is exempt on `day` when a good record is in force
/// for it and no bad or serious record is.
pub fn security_exemption(records: &[Record], uscc: &str, day: &str) -> Exemption {
    let mine = || records.iter().filter(|r| r.entry.subject_kind == SubjectKind::Entity && r.entry.subject == uscc && in_force(r, day));
    let good = mine().filter(|r| r.entry.kind == CreditKind::Good).map(|r| r.id.clone()).min();
    let cancelled_by: Vec<String> = mine().filter(|r| r.entry.kind != CreditKind::Good).map(|r| r.id.clone()).collect();
    Exemption { exempt: good.is_some() && cancelled_by.is_empty(), because: good, cancelled_by }
}

/// How long a record is published on the credit publicity listing, by kind:
/// good records while in force; bad records (general administrative penalties) for
/// [`BAD_PUBLICITY_MONTHS`] from the start; serious-default list entries for
/// [`SERIOUS_PUBLICITY_MONTHS`] from the start and in any case while the entity is on
/// the list (国家发展改革委令2023年第58号: publicity of general penalties at most one year,
/// of serious ones at most three).
pub const BAD_PUBLICITY_MONTHS: u32 = 12;
pub const SERIOUS_PUBLICITY_MONTHS: u32 = 36;

/// The last day a record is published (`None`: for as long as it stays in force with no
/// end date).
pub fn publicity_until(e: &CreditEntry) -> Option<String> {
    let months = match e.kind {
        CreditKind::Good => return e.ends_on.clone(),
        CreditKind::Bad => BAD_PUBLICITY_MONTHS,
        CreditKind::Serious => SERIOUS_PUBLICITY_MONTHS,
    };
    let by_term = add_months(&e.starts_on, months).map(|d| previous_day(&d));
    match (e.kind, by_term, &e.ends_on) {
        (CreditKind::Serious, Some(t), Some(end)) => Some(t.max(end.clone())),
        (CreditKind::Serious, _, None) => None,
        (_, t, _) => t,
    }
}

/// Is the record on the public listing on `day`? Revoked and corrected records are taken
/// off (the correction is published instead); nothing is published before it starts.
pub fn is_published(r: &Record, day: &str) -> bool {
    r.status == RecordStatus::Active
        && r.entry.starts_on.as_str() <= day
        && publicity_until(&r.entry).is_none_or(|until| day <= until.as_str())
}

/// `YYYY-MM-DD` plus whole months, the day kept or clamped to the month's end.
pub fn add_months(date: &str, months: u32) -> Option<String> {
    if !is_date(date) {
        return None;
    }
    let y: u32 = date[0..4].parse().ok()?;
    let m: u32 = date[5..7].parse().ok()?;
    let d: u32 = date[8..10].parse().ok()?;
    let total = (m - 1) + months;
    let (ny, nm) = (y + total / 12, total % 12 + 1);
    let last = days_in_month(ny, nm);
    Some(format!("{ny:04}-{nm:02}-{:02}", d.min(last)))
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400)) => 29,
        2 => 28,
        _ => 31,
    }
}

fn previous_day(date: &str) -> String {
    let (y, m, d): (u32, u32, u32) = (date[0..4].parse().unwrap_or(0), date[5..7].parse().unwrap_or(1), date[8..10].parse().unwrap_or(1));
    if d > 1 {
        format!("{y:04}-{m:02}-{:02}", d - 1)
    } else if m > 1 {
        format!("{y:04}-{:02}-{:02}", m - 1, days_in_month(y, m - 1))
    } else {
        format!("{:04}-12-31", y - 1)
    }
}

/// The Beijing calendar day of an instant, `YYYY-MM-DD` (the day the rules are applied on).
pub fn day_of(t: Timestamp) -> String {
    t.to_beijing()[..10].to_string()
}

impl CreditEntry {
    /// The record's id: the first 24 hex digits of the SHA-256 of the canonical JSON.
    pub fn record_id(&self) -> String {
        let bytes = crate::canonical::to_canonical_vec(self).expect("a credit entry has a canonical form");
        hex::encode(crate::sha256(&bytes))[..24].to_string()
    }

    /// Every problem with the entry, as (field, code, reason).
    pub fn problems(&self) -> Vec<(String, String, String)> {
        let mut p: Vec<(String, String, String)> = Vec::new();
        let mut bad = |f: &str, code: &str, m: String| p.push((f.into(), code.into(), m));
        if self.format != CREDIT_FORMAT {
            bad("format", "credit.format", format!("format {} is not supported; this version reads format {CREDIT_FORMAT}", self.format));
        }
        match self.subject_kind {
            SubjectKind::Entity => {
                if let Err(e) = Uscc::parse(&self.subject) {
                    bad("subject", e.code(), format!("'{}': {e}", self.subject));
                }
            }
            SubjectKind::Expert => {
                if self.subject.is_empty()
                    || self.subject.len() > 32
                    || !self.subject.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                {
                    bad(
                        "subject",
                        "credit.subject",
                        format!("'{}' is not an expert library code (1 to 32 letters, digits and -)", self.subject),
                    );
                }
            }
        }
        let text = |s: &str, max: usize| !s.trim().is_empty() && s.chars().count() <= max && !s.chars().any(char::is_control);
        if !text(&self.name, 100) {
            bad("name", "credit.field", "the name must be 1 to 100 characters".into());
        }
        if !text(&self.list, 100) {
            bad("list", "credit.field", "the list or category (名单) is missing".into());
        }
        if !text(&self.source, 100) {
            bad("source", "credit.field", "the issuing body (认定机关) is missing".into());
        }
        if !text(&self.document_no, 100) {
            bad("document_no", "credit.field", "the document number (文号) is missing".into());
        }
        if self.kind != CreditKind::Good && !text(&self.legal_basis, 500) {
            bad("legal_basis", "credit.field", "a bad or serious record needs its legal basis (依据)".into());
        }
        if self.legal_basis.chars().count() > 500 {
            bad("legal_basis", "credit.field", "the legal basis is longer than 500 characters".into());
        }
        if !is_date(&self.starts_on) {
            bad("starts_on", "credit.date", format!("'{}' is not a date (YYYY-MM-DD)", self.starts_on));
        }
        if let Some(end) = &self.ends_on {
            if !is_date(end) {
                bad("ends_on", "credit.date", format!("'{end}' is not a date (YYYY-MM-DD)"));
            } else if is_date(&self.starts_on) && end < &self.starts_on {
                bad("ends_on", "credit.date", format!("the record ends ({end}) before it starts ({})", self.starts_on));
            }
        }
        let r = &self.restriction;
        if self.kind == CreditKind::Good && !r.bars.is_empty() {
            bad("restriction", "credit.restriction", "a good record restricts nothing".into());
        }
        for b in &r.bars {
            let fits = match self.subject_kind {
                SubjectKind::Entity => *b != Bar::Expert,
                SubjectKind::Expert => *b == Bar::Expert,
            };
            if !fits {
                bad(
                    "restriction",
                    "credit.restriction",
                    format!(
                        "an {} record cannot bar from {}",
                        if self.subject_kind == SubjectKind::Entity { "entity" } else { "expert" },
                        b.as_str()
                    ),
                );
            }
        }
        for c in &r.centres {
            if crate::centre::centre(c).is_none() {
                bad("restriction", "credit.restriction", format!("'{c}' is not a centre of the platform"));
            }
        }
        p
    }
}

/// The CSV columns of a bulk import (a credit portal's export), in order. A Chinese
/// header ([`COLUMNS_ZH`]) is read the same way.
pub const COLUMNS: [&str; 13] = [
    "subject_kind",
    "subject",
    "name",
    "kind",
    "list",
    "source",
    "document_no",
    "legal_basis",
    "starts_on",
    "ends_on",
    "trading_types",
    "centres",
    "bars",
];
pub const COLUMNS_ZH: [&str; 13] = [
    "主体类型",
    "主体代码",
    "名称",
    "类别",
    "名单",
    "认定机关",
    "文号",
    "依据",
    "开始日期",
    "结束日期",
    "限制交易类型",
    "限制地区",
    "限制措施",
];
/// The most rows one import takes.
pub const MAX_ROWS: usize = 200_000;

fn split_list(s: &str) -> Vec<String> {
    s.split([';', '；', '|', '、']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

fn subject_kind_of(s: &str) -> Option<SubjectKind> {
    match s {
        "entity" | "企业" | "单位" | "法人" => Some(SubjectKind::Entity),
        "expert" | "专家" => Some(SubjectKind::Expert),
        _ => None,
    }
}

fn kind_of(s: &str) -> Option<CreditKind> {
    match s {
        "good" | "守信" => Some(CreditKind::Good),
        "bad" | "失信" => Some(CreditKind::Bad),
        "serious" | "严重失信" => Some(CreditKind::Serious),
        _ => None,
    }
}

pub fn trading_type_of(s: &str) -> Option<TradingType> {
    match s {
        "engineering" | "工程建设" => Some(TradingType::Engineering),
        "procurement" | "政府采购" => Some(TradingType::Procurement),
        "land_mining" | "土地矿业" | "土地使用权和矿业权" => Some(TradingType::LandMining),
        "property" | "国有产权" => Some(TradingType::Property),
        _ => None,
    }
}

fn bar_of(s: &str) -> Option<Bar> {
    match s {
        "bidding" | "投标" | "限制投标" => Some(Bar::Bidding),
        "agency" | "代理" | "限制代理" => Some(Bar::Agency),
        "expert" | "评标专家" | "限制评标" => Some(Bar::Expert),
        _ => None,
    }
}

/// A row of an import: its line, and the entry it makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub line: u64,
    pub entry: CreditEntry,
}

/// Reads a credit CSV into entries entered at `entered_at`: the rows, or every bad row
/// by line (nothing is taken when any row is bad). Two rows for the same subject, list,
/// issuing body and document number are a bad row.
pub fn parse_csv(text: &str, entered_at: Timestamp) -> Result<Vec<ImportRow>, Vec<RowError>> {
    let err = |line: u64, column: &str, code: &str, message: String| RowError { line, column: column.into(), code: code.into(), message };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rd = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = match rd.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => return Err(vec![err(1, "", "credit.csv", format!("the header cannot be read: {e}"))]),
    };
    if header != COLUMNS && header != COLUMNS_ZH {
        return Err(vec![err(1, "", "credit.csv", format!("the header must be: {} (or {})", COLUMNS.join(","), COLUMNS_ZH.join(",")))]);
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for rec in rd.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                errors.push(err(line, "", "credit.csv", format!("the line cannot be read: {e}")));
                continue;
            }
        };
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        if rows.len() + errors.len() >= MAX_ROWS {
            errors.push(err(line, "", "credit.csv", format!("an import takes at most {MAX_ROWS} rows")));
            break;
        }
        if rec.len() != COLUMNS.len() {
            errors.push(err(line, "", "credit.csv", format!("{} columns, expected {}", rec.len(), COLUMNS.len())));
            continue;
        }
        let f = |i: usize| rec.get(i).unwrap_or("").trim().to_string();
        let mut bad: Vec<(String, String, String)> = Vec::new();
        let subject_kind = subject_kind_of(&f(0)).unwrap_or_else(|| {
            bad.push(("subject_kind".into(), "credit.subject".into(), format!("'{}' is not entity/企业 or expert/专家", f(0))));
            SubjectKind::Entity
        });
        let kind = kind_of(&f(3)).unwrap_or_else(|| {
            bad.push(("kind".into(), "credit.kind".into(), format!("'{}' is not good/守信, bad/失信 or serious/严重失信", f(3))));
            CreditKind::Bad
        });
        let mut trading_types = Vec::new();
        for t in split_list(&f(10)) {
            match trading_type_of(&t) {
                Some(tt) if !trading_types.contains(&tt) => trading_types.push(tt),
                Some(_) => {}
                None => bad.push(("trading_types".into(), "credit.restriction".into(), format!("'{t}' is not a trading type"))),
            }
        }
        let mut bars = Vec::new();
        for b in split_list(&f(12)) {
            match bar_of(&b) {
                Some(x) if !bars.contains(&x) => bars.push(x),
                Some(_) => {}
                None => bad.push((
                    "bars".into(),
                    "credit.restriction".into(),
                    format!("'{b}' is not a restriction (bidding/投标, agency/代理, expert/评标专家)"),
                )),
            }
        }
        bars.sort();
        let ends = f(9);
        let entry = CreditEntry {
            format: CREDIT_FORMAT,
            subject_kind,
            subject: f(1),
            name: f(2),
            kind,
            list: f(4),
            source: f(5),
            document_no: f(6),
            legal_basis: f(7),
            starts_on: f(8),
            ends_on: (!ends.is_empty()).then_some(ends),
            restriction: Restriction { trading_types, centres: split_list(&f(11)), bars },
            supersedes: None,
            entered_at,
        };
        bad.extend(entry.problems().into_iter().map(|(c, code, m)| {
            let col = match c.as_str() {
                "restriction" => "bars".to_string(),
                _ => c,
            };
            (col, code, m)
        }));
        let key = (entry.subject.clone(), entry.list.clone(), entry.source.clone(), entry.document_no.clone());
        if let Some(first) = seen.insert(key, line) {
            bad.push((
                "document_no".into(),
                "credit.duplicate".into(),
                format!("the same record (subject, list, body, number) is on line {first}"),
            ));
        }
        if bad.is_empty() {
            rows.push(ImportRow { line, entry });
        } else {
            errors.extend(bad.into_iter().map(|(column, code, message)| RowError { line, column, code, message }));
        }
    }
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BARRED: &str = "91330500MA2B3C4D5B";

    fn entry(kind: CreditKind, bars: Vec<Bar>) -> CreditEntry {
        CreditEntry {
            format: CREDIT_FORMAT,
            subject_kind: SubjectKind::Entity,
            subject: "91350100M000100Y43".into(),
            name: "湖州某某建设有限公司".into(),
            kind,
            list: "失信被执行人".into(),
            source: "湖州市中级人民法院".into(),
            document_no: "（2026）浙05执123号".into(),
            legal_basis: "法〔2016〕285号".into(),
            starts_on: "2026-01-10".into(),
            ends_on: Some("2027-01-09".into()),
            restriction: Restriction { trading_types: vec![], centres: vec![], bars },
            supersedes: None,
            entered_at: Timestamp::from_unix(1_790_000_000),
        }
    }

    fn rec(id: &str, e: CreditEntry) -> Record {
        Record { id: id.into(), entry: e, status: RecordStatus::Active }
    }

    #[test]
    fn a_barred_entity_cannot_bid_during_the_term_only() {
        let records = vec![rec("r1", entry(CreditKind::Serious, vec![Bar::Bidding]))];
        let me = "91350100M000100Y43";
        let found = bidding_bars(&records, me, &[], TradingType::Engineering, "HZ", "2026-06-01");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, RULE_BARRED_BIDDER);
        let c = found[0].citation();
        assert!(c.contains("湖州市中级人民法院") && c.contains("（2026）浙05执123号") && c.contains("2027-01-09"), "{c}");
        assert!(bidding_bars(&records, me, &[], TradingType::Engineering, "HZ", "2026-01-09").is_empty(), "before the start");
        assert!(!bidding_bars(&records, me, &[], TradingType::Engineering, "HZ", "2027-01-09").is_empty(), "the last day counts");
        assert!(bidding_bars(&records, me, &[], TradingType::Engineering, "HZ", "2027-01-10").is_empty(), "after the end");
        assert!(bidding_bars(&records, "91350200MA31E12PXF", &[], TradingType::Engineering, "HZ", "2026-06-01").is_empty());
    }

    #[test]
    fn a_restriction_reaches_only_its_trading_types_and_regions() {
        let mut e = entry(CreditKind::Bad, vec![Bar::Bidding]);
        e.restriction.trading_types = vec![TradingType::Procurement];
        e.restriction.centres = vec!["HZ-DQ".into()];
        let records = vec![rec("r1", e)];
        let me = "91350100M000100Y43";
        let day = "2026-06-01";
        assert!(!bidding_bars(&records, me, &[], TradingType::Procurement, "HZ-DQ", day).is_empty());
        assert!(bidding_bars(&records, me, &[], TradingType::Engineering, "HZ-DQ", day).is_empty());
        assert!(bidding_bars(&records, me, &[], TradingType::Procurement, "HZ-CX", day).is_empty());
        assert!(bidding_bars(&records, me, &[], TradingType::Procurement, "HZ", day).is_empty());
        // The city centre's restriction reaches every sub-centre.
        let mut city = entry(CreditKind::Bad, vec![Bar::Bidding]);
        city.restriction.centres = vec!["HZ".into()];
        let records = vec![rec("r2", city)];
        assert!(!bidding_bars(&records, me, &[], TradingType::Property, "HZ-AJ", day).is_empty());
    }

    #[test]
    fn a_consortium_with_one_barred_member_is_barred() {
        let mut e = entry(CreditKind::Serious, vec![Bar::Bidding]);
        e.subject = BARRED.into();
        let records = vec![rec("r1", e)];
        let lead = "91350100M000100Y43";
        let found = bidding_bars(&records, lead, &[BARRED.into()], TradingType::Engineering, "HZ", "2026-06-01");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, RULE_BARRED_CONSORTIUM);
        assert!(bidding_bars(&records, lead, &[], TradingType::Engineering, "HZ", "2026-06-01").is_empty());
    }

    #[test]
    fn revoked_and_corrected_records_bar_nobody() {
        for status in [RecordStatus::Revoked, RecordStatus::Corrected] {
            let r = Record { status, ..rec("r1", entry(CreditKind::Serious, vec![Bar::Bidding])) };
            assert!(bidding_bars(&[r], "91350100M000100Y43", &[], TradingType::Engineering, "HZ", "2026-06-01").is_empty());
        }
    }

    #[test]
    fn a_record_without_the_bar_restricts_nothing() {
        let records = vec![rec("r1", entry(CreditKind::Bad, vec![Bar::Agency]))];
        let me = "91350100M000100Y43";
        assert!(bidding_bars(&records, me, &[], TradingType::Engineering, "HZ", "2026-06-01").is_empty());
        let a = agency_bars(&records, me, TradingType::Engineering, "HZ", "2026-06-01");
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].rule, RULE_BARRED_AGENCY);
    }

    #[test]
    fn a_barred_expert_is_kept_off_committees() {
        let mut e = entry(CreditKind::Bad, vec![Bar::Expert]);
        e.subject_kind = SubjectKind::Expert;
        e.subject = "HZ-E0007".into();
        assert!(e.problems().is_empty(), "{:?}", e.problems());
        let records = vec![rec("r1", e)];
        assert_eq!(expert_bars(&records, "HZ-E0007", "2026-06-01")[0].rule, RULE_BARRED_EXPERT);
        assert!(expert_bars(&records, "HZ-E0008", "2026-06-01").is_empty());
        // An entity with the same string as its subject is another subject.
        assert!(bidding_bars(&records, "HZ-E0007", &[], TradingType::Engineering, "HZ", "2026-06-01").is_empty());
    }

    #[test]
    fn the_security_exemption_needs_a_good_record_and_no_bad_one() {
        let me = "91350100M000100Y43";
        let mut good = entry(CreditKind::Good, vec![]);
        good.list = "A级纳税人".into();
        let g = rec("g1", good);
        let e = security_exemption(std::slice::from_ref(&g), me, "2026-06-01");
        assert!(e.exempt && e.because.as_deref() == Some("g1"));
        assert!(!security_exemption(std::slice::from_ref(&g), me, "2027-02-01").exempt, "the good record has ended");
        let b = rec("b1", entry(CreditKind::Bad, vec![]));
        let e = security_exemption(&[g.clone(), b], me, "2026-06-01");
        assert!(!e.exempt && e.cancelled_by == vec!["b1".to_string()]);
        assert!(!security_exemption(&[], me, "2026-06-01").exempt);
    }

    #[test]
    fn publicity_follows_the_record_kind() {
        let mut e = entry(CreditKind::Bad, vec![]);
        e.ends_on = Some("2026-03-01".into());
        assert_eq!(publicity_until(&e).as_deref(), Some("2027-01-09"), "a general penalty: one year from its start");
        let mut s = entry(CreditKind::Serious, vec![Bar::Bidding]);
        assert_eq!(publicity_until(&s).as_deref(), Some("2029-01-09"), "three years from the start");
        s.ends_on = Some("2030-05-01".into());
        assert_eq!(publicity_until(&s).as_deref(), Some("2030-05-01"), "and while on the list");
        s.ends_on = None;
        assert_eq!(publicity_until(&s), None);
        let g = entry(CreditKind::Good, vec![]);
        assert_eq!(publicity_until(&g).as_deref(), Some("2027-01-09"), "good records while in force");
        let r = rec("r", e);
        assert!(is_published(&r, "2026-06-01") && !is_published(&r, "2027-01-10") && !is_published(&r, "2026-01-09"));
        assert!(!is_published(&Record { status: RecordStatus::Revoked, ..r }, "2026-06-01"));
        assert_eq!(add_months("2024-01-31", 1).as_deref(), Some("2024-02-29"));
        assert_eq!(add_months("2026-11-15", 3).as_deref(), Some("2027-02-15"));
        assert_eq!(previous_day("2027-01-01"), "2026-12-31");
        assert_eq!(previous_day("2028-03-01"), "2028-02-29");
    }

    #[test]
    fn entries_are_checked_field_by_field() {
        let mut e = entry(CreditKind::Good, vec![Bar::Bidding]);
        e.subject = "91350100M000100Y44".into();
        e.starts_on = "2026-02-30".into();
        e.legal_basis = String::new();
        e.restriction.centres = vec!["SH".into()];
        let fields: Vec<String> = e.problems().into_iter().map(|(f, _, _)| f).collect();
        assert!(fields.contains(&"subject".to_string()));
        assert!(fields.contains(&"starts_on".to_string()));
        assert_eq!(fields.iter().filter(|f| *f == "restriction").count(), 2, "{fields:?}");
        assert!(!fields.contains(&"legal_basis".to_string()), "a good record needs no legal basis");
        let mut ex = entry(CreditKind::Bad, vec![Bar::Bidding]);
        ex.subject_kind = SubjectKind::Expert;
        ex.subject = "E1".into();
        assert_eq!(ex.problems().len(), 1, "an expert cannot be barred from bidding");
        let mut back = entry(CreditKind::Bad, vec![]);
        back.ends_on = Some("2025-01-01".into());
        assert_eq!(back.problems()[0].0, "ends_on");
    }

    #[test]
    fn an_import_reports_every_bad_row_by_line_and_takes_nothing() {
        let at = Timestamp::from_unix(1_790_000_000);
        let head = COLUMNS.join(",");
        let good = "entity,91350100M000100Y43,湖州某某建设有限公司,严重失信,失信被执行人,湖州市中级人民法院,（2026）浙05执123号,法〔2016〕285号,2026-01-10,2027-01-09,,,投标;代理";
        let rows = parse_csv(&format!("{head}\n{good}\n"), at).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].entry.restriction.bars, vec![Bar::Bidding, Bar::Agency]);
        assert_eq!(rows[0].entry.kind, CreditKind::Serious);
        let text = format!(
            "{head}\n{good}\nentity,91350100M000100Y44,某公司,失信,行政处罚,湖州市住建局,湖建罚〔2026〕1号,招标投标法实施条例第六十七条,2026-01-10,,,,投标\n{good}\nexpert,E-1,王专家,坏,不良行为,湖州市发改委,湖发改〔2026〕2号,依据,2026-01-10,,,,评标专家\nentity,x\n"
        );
        let errs = parse_csv(&text, at).unwrap_err();
        let lines: Vec<u64> = errs.iter().map(|e| e.line).collect();
        assert!(lines.contains(&3) && lines.contains(&4) && lines.contains(&5) && lines.contains(&6), "{errs:?}");
        assert!(!lines.contains(&2));
        assert!(errs.iter().any(|e| e.line == 3 && e.code == "uscc.check_mismatch"), "{errs:?}");
        assert!(errs.iter().any(|e| e.line == 4 && e.code == "credit.duplicate"));
        assert!(errs.iter().any(|e| e.line == 5 && e.column == "kind"));
        // The Chinese header reads the same.
        let zh = format!("{}\n{good}\n", COLUMNS_ZH.join(","));
        assert_eq!(parse_csv(&zh, at).unwrap().len(), 1);
        assert!(parse_csv("a,b\n", at).is_err());
    }
}
