//! The tender document (招标文件) as data: what is bought, how bids are evaluated,
//! when they close and how they must be sealed.
//!
//! Its canonical encoding is RFC 8785 JSON ([`crate::canonical`]); the tender hash
//! is SHA-256 over those bytes, so every party computes the same hash from the
//! same document. [`TenderDocument::from_json`] refuses unknown fields and returns
//! every rule the document breaks.

use crate::canonical::{self, CanonicalError};
use crate::centre;
use crate::problem::Problem;
use crate::time::Timestamp;
use crate::uscc::Uscc;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub const TENDER_FORMAT: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TradingType {
    /// 工程建设项目招标投标
    Engineering,
    /// 政府采购
    Procurement,
    /// 土地使用权和矿业权出让
    LandMining,
    /// 国有产权交易
    Property,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub name: String,
    pub uscc: Uscc,
}

/// What a bidder must give for a required item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseKind {
    Text,
    Attachment,
    TextAndAttachment,
}

impl ResponseKind {
    pub fn needs_text(self) -> bool {
        matches!(self, ResponseKind::Text | ResponseKind::TextAndAttachment)
    }
    pub fn needs_attachment(self) -> bool {
        matches!(self, ResponseKind::Attachment | ResponseKind::TextAndAttachment)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequiredItem {
    pub id: String,
    pub title: String,
    pub response: ResponseKind,
    /// The scoring criterion this item is evaluated under, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criterion: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lot {
    pub id: String,
    pub name: String,
    /// 最高投标限价: a bid above it is invalid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ceiling_price: Option<Decimal>,
    /// Engineering lots ask for a construction period (工期, days) and a quality
    /// commitment; both are read out at opening.
    #[serde(default)]
    pub asks_duration_and_quality: bool,
    pub items: Vec<RequiredItem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionKind {
    /// Judged by each expert (技术方案).
    Subjective,
    /// Counted from facts (业绩, 资质).
    Objective,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    pub name: String,
    pub max_points: Decimal,
    pub kind: CriterionKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualificationItem {
    pub id: String,
    pub text: String,
}

/// The price-score formula of docs/domain.md: base = mean of valid prices (highest and
/// lowest dropped when there are more than `drop_extremes_above` bids);
/// score = full marks − |deviation in %| × points per % (a rate above the base and
/// one below), never below zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceFormula {
    pub full_marks: Decimal,
    pub points_per_percent_above: Decimal,
    pub points_per_percent_below: Decimal,
    pub drop_extremes_above: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum EvaluationMethod {
    /// 综合评估法: qualification pass/fail, then scored criteria plus a price score.
    Comprehensive { qualification: Vec<QualificationItem>, criteria: Vec<Criterion>, price: PriceFormula },
    /// 经评审的最低投标价法: qualification pass/fail, then lowest price wins.
    LowestEvaluatedPrice { qualification: Vec<QualificationItem> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StanzaKind {
    /// Opened by the bidder's own encryption key (不见面开标 decryption).
    Bidder,
    /// Opened by a quorum of the tender's custodians.
    Committee,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeRules {
    pub required_stanzas: Vec<StanzaKind>,
    /// When the bidder cannot decrypt, may the custodians' quorum open its bid?
    /// (At the bidder's signed request, or a centre admin's on its behalf, in the
    /// decryption window: a bid its bidder chose not to decrypt stays closed.)
    pub committee_opens_on_bidder_failure: bool,
    /// The custodians' quorum opens every bid, whether or not its bidder decrypts.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub committee_opens_every_bid: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Custodian {
    pub name: String,
    /// Identity of the custodian (a USCC, or an expert/staff id).
    pub id: String,
    /// X25519 public key (base64) that DKG shares are encrypted to.
    pub encryption_key: String,
}

/// How the committee's figures are computed, as the tender states it (part of the signed
/// document; a document that says nothing gets the defaults, which are the common
/// practice: trim above 5 members, 2 decimals HALF_UP, the price base to the fen, ties
/// by lower price then higher technical score, deviation reasons above 20 %).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringRules {
    /// Members' scores for one bid: the mean of all, or the mean after dropping one
    /// highest and one lowest when more than `trim_above` members scored.
    #[serde(default)]
    pub aggregate: Aggregation,
    #[serde(default = "default_trim_above")]
    pub trim_above: u32,
    /// Decimal places of every published figure, rounded HALF_UP once, at the end.
    #[serde(default = "default_decimals")]
    pub decimals: u32,
    /// The price base (评标基准价) is a money amount, rounded to the fen before the
    /// deviations are taken; false: kept exact.
    #[serde(default = "default_true")]
    pub base_to_fen: bool,
    /// Tie-breaks after the total (comprehensive) or the price (lowest price), in order.
    #[serde(default = "default_tie_break")]
    pub tie_break: Vec<TieBreak>,
    /// A member whose score for a bid deviates from the members' mean by more than this
    /// percentage must write a reason (评分偏离度).
    #[serde(default = "default_deviation")]
    pub deviation_percent: Decimal,
}

/// How members' scores for one bid are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    Mean,
    #[default]
    Trim,
}

/// A stated tie-break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    LowerPrice,
    HigherTechnical,
}

fn default_trim_above() -> u32 {
    5
}
fn default_decimals() -> u32 {
    2
}
fn default_true() -> bool {
    true
}
fn default_tie_break() -> Vec<TieBreak> {
    vec![TieBreak::LowerPrice, TieBreak::HigherTechnical]
}
fn default_deviation() -> Decimal {
    Decimal::from(20)
}

impl Default for ScoringRules {
    fn default() -> Self {
        ScoringRules {
            aggregate: Aggregation::Trim,
            trim_above: default_trim_above(),
            decimals: default_decimals(),
            base_to_fen: true,
            tie_break: default_tie_break(),
            deviation_percent: default_deviation(),
        }
    }
}

impl ScoringRules {
    pub fn is_default(&self) -> bool {
        *self == ScoringRules::default()
    }
}

/// 兼投不兼中: may one bidder win several lots?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MultiLotRule {
    MayWinSeveral,
    AtMostOne,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenderDocument {
    pub format: u32,
    /// Tender project code, unique on the platform.
    pub id: String,
    /// Bumped by every amendment.
    pub version: u32,
    pub title: String,
    /// Code of the trading centre (see [`crate::centre::CENTRES`]).
    pub centre: String,
    pub trading_type: TradingType,
    /// 依法必须进行招标的项目: the statutory periods of [`crate::periods`] are enforced.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub must_tender_by_law: bool,
    pub tenderer: Party,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<Party>,
    pub lots: Vec<Lot>,
    pub multi_lot: MultiLotRule,
    pub method: EvaluationMethod,
    /// How the figures are computed (absent: the defaults).
    #[serde(default, skip_serializing_if = "ScoringRules::is_default")]
    pub scoring: ScoringRules,
    pub deadline: Timestamp,
    pub opening_at: Timestamp,
    pub decryption_window_minutes: u32,
    pub envelope: EnvelopeRules,
    pub custodians: Vec<Custodian>,
    pub threshold: u32,
    /// Ristretto255 committee public key (base64), set once the key ceremony ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committee_public_key: Option<String>,
    /// The files of the tender package (drawings, bill of quantities, contract
    /// terms), each named by its SHA-256 so the document's hash covers them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<TenderFile>,
    /// Bid security (投标保证金) the bids must give; none when it is not required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<crate::security::SecurityRequirement>,
}

/// One file of the tender package (招标文件附件).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenderFile {
    /// File name shown to bidders and used when saving; no folders.
    pub name: String,
    /// Lower-case hex SHA-256 of the content.
    pub sha256: String,
    pub size: u64,
}

/// Largest tender package file, in bytes (drawings can be large).
pub const MAX_TENDER_FILE_BYTES: u64 = 1 << 30;

/// Is this a safe single file name (no folders, no control characters, not `.`/`..`)?
pub fn safe_file_name(name: &str) -> bool {
    !name.trim().is_empty()
        && name.len() <= 255
        && name != "."
        && name != ".."
        && !name.starts_with('.')
        && !name.chars().any(|c| c == '/' || c == '\\' || c == ':' || c.is_control())
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TenderError {
    #[error("the tender document is not valid JSON for this format: {0}")]
    Parse(String),
    #[error("the tender document breaks {} rule(s): {}", .0.len(), .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Problem>),
    #[error(transparent)]
    Canonical(#[from] CanonicalError),
}

/// Largest tender document accepted, in bytes.
pub const MAX_TENDER_BYTES: usize = 4 << 20;

impl TenderDocument {
    /// Parses and validates a tender document (any JSON formatting).
    pub fn from_json(bytes: &[u8]) -> Result<Self, TenderError> {
        if bytes.len() > MAX_TENDER_BYTES {
            return Err(TenderError::Parse(format!("document is {} bytes; the limit is {MAX_TENDER_BYTES}", bytes.len())));
        }
        let doc: TenderDocument = serde_json::from_slice(bytes).map_err(|e| TenderError::Parse(e.to_string()))?;
        let problems = doc.validate();
        if problems.is_empty() { Ok(doc) } else { Err(TenderError::Invalid(problems)) }
    }

    pub fn canonical_bytes(&self) -> Result<Vec<u8>, CanonicalError> {
        canonical::to_canonical_vec(self)
    }

    /// SHA-256 of the canonical bytes.
    pub fn hash(&self) -> Result<[u8; 32], CanonicalError> {
        Ok(crate::sha256(&self.canonical_bytes()?))
    }

    pub fn hash_hex(&self) -> Result<String, CanonicalError> {
        Ok(hex::encode(self.hash()?))
    }

    pub fn lot(&self, id: &str) -> Option<&Lot> {
        self.lots.iter().find(|l| l.id == id)
    }

    pub fn criteria(&self) -> &[Criterion] {
        match &self.method {
            EvaluationMethod::Comprehensive { criteria, .. } => criteria,
            EvaluationMethod::LowestEvaluatedPrice { .. } => &[],
        }
    }

    pub fn requires(&self, kind: StanzaKind) -> bool {
        self.envelope.required_stanzas.contains(&kind)
    }

    /// True when bids carry (or may carry) a committee stanza: it is required, or
    /// the custodians may open a bid its bidder did not decrypt.
    pub fn uses_committee(&self) -> bool {
        self.requires(StanzaKind::Committee) || self.envelope.committee_opens_on_bidder_failure || self.envelope.committee_opens_every_bid
    }

    /// Every rule this document breaks.
    pub fn validate(&self) -> Vec<Problem> {
        let mut p = Vec::new();
        if self.format != TENDER_FORMAT {
            p.push(Problem::new(
                "tender.format",
                "format",
                format!("format {} is not supported; this version reads format {TENDER_FORMAT}", self.format),
            ));
        }
        if self.id.trim().is_empty() || self.id.len() > 64 || !self.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            p.push(Problem::new("tender.id", "id", "the tender id must be 1–64 characters of A–Z, a–z, 0–9, '-' or '_'"));
        }
        if self.version == 0 {
            p.push(Problem::new("tender.version", "version", "versions start at 1"));
        }
        if self.title.trim().is_empty() {
            p.push(Problem::new("tender.title", "title", "the title is empty"));
        }
        if centre::centre(&self.centre).is_none() {
            p.push(Problem::new("tender.centre", "centre", format!("'{}' is not a trading centre of this platform", self.centre)));
        }
        if self.lots.is_empty() {
            p.push(Problem::new("tender.no_lots", "lots", "a tender needs at least one lot"));
        }
        if let Some(sec) = &self.security {
            p.extend(sec.problems());
        }
        let sc = &self.scoring;
        let mut ties = sc.tie_break.clone();
        ties.dedup();
        if sc.decimals > 6 || sc.trim_above < 2 || sc.deviation_percent <= Decimal::ZERO || ties.len() != sc.tie_break.len() {
            p.push(Problem::new(
                "tender.scoring",
                "scoring",
                "the scoring rules need 0–6 decimals, trimming above 2 or more members, a positive deviation threshold and each tie-break once",
            ));
        }
        let mut lot_ids = HashSet::new();
        let criteria: HashSet<&str> = self.criteria().iter().map(|c| c.id.as_str()).collect();
        for lot in &self.lots {
            let at = format!("lots[{}]", lot.id);
            if lot.id.trim().is_empty() || !lot_ids.insert(lot.id.as_str()) {
                p.push(Problem::new("lot.id", &at, "lot ids must be non-empty and unique"));
            }
            if let Some(c) = lot.ceiling_price
                && (c <= Decimal::ZERO || c.scale() > 2)
            {
                p.push(Problem::new("lot.ceiling_price", &at, "the ceiling price must be positive with at most 2 decimal places"));
            }
            let mut item_ids = HashSet::new();
            for item in &lot.items {
                let at = format!("lots[{}].items[{}]", lot.id, item.id);
                if item.id.trim().is_empty() || !item_ids.insert(item.id.as_str()) {
                    p.push(Problem::new("item.id", &at, "item ids must be non-empty and unique within a lot"));
                }
                if let Some(c) = &item.criterion
                    && !criteria.contains(c.as_str())
                {
                    p.push(Problem::new("item.criterion", &at, format!("criterion '{c}' is not in the evaluation method")));
                }
            }
        }
        if let EvaluationMethod::Comprehensive { criteria, price, .. } = &self.method {
            let mut ids = HashSet::new();
            let mut total = price.full_marks;
            for c in criteria {
                if !ids.insert(c.id.as_str()) {
                    p.push(Problem::new("criterion.id", format!("method.criteria[{}]", c.id), "criterion ids must be unique"));
                }
                if c.max_points <= Decimal::ZERO {
                    p.push(Problem::new("criterion.points", format!("method.criteria[{}]", c.id), "maximum points must be positive"));
                }
                total += c.max_points;
            }
            if total != Decimal::from(100) {
                p.push(Problem::new("method.total", "method", format!("criteria and price score add up to {total}, not 100")));
            }
            if price.full_marks <= Decimal::ZERO
                || price.points_per_percent_above < Decimal::ZERO
                || price.points_per_percent_below < Decimal::ZERO
            {
                p.push(Problem::new("method.price", "method.price", "full marks must be positive and rates not negative"));
            }
        }
        if self.opening_at < self.deadline {
            p.push(Problem::new("tender.opening_before_deadline", "opening_at", "the opening cannot be before the submission deadline"));
        }
        if self.decryption_window_minutes == 0 || self.decryption_window_minutes > 24 * 60 {
            p.push(Problem::new(
                "tender.decryption_window",
                "decryption_window_minutes",
                "the decryption window must be between 1 minute and 24 hours",
            ));
        }
        let req = &self.envelope.required_stanzas;
        if req.is_empty() {
            p.push(Problem::new(
                "envelope.unencrypted",
                "envelope.required_stanzas",
                "bids must be encrypted: at least one stanza is required (电子招标投标办法)",
            ));
        }
        if req.iter().collect::<HashSet<_>>().len() != req.len() {
            p.push(Problem::new("envelope.duplicate", "envelope.required_stanzas", "a stanza kind is listed twice"));
        }
        let mut names = HashSet::new();
        for f in &self.files {
            let at = format!("files[{}]", f.name);
            if !safe_file_name(&f.name) {
                p.push(Problem::new(
                    "file.name",
                    &at,
                    "a file name must be 1–255 bytes with no folders, no leading '.', and no control characters",
                ));
            } else if !names.insert(f.name.to_lowercase()) {
                p.push(Problem::new("file.duplicate", &at, "two package files have the same name"));
            }
            if f.sha256.len() != 64 || !f.sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
                p.push(Problem::new("file.sha256", &at, "the SHA-256 must be 64 lower-case hex digits"));
            }
            if f.size == 0 || f.size > MAX_TENDER_FILE_BYTES {
                p.push(Problem::new("file.size", &at, format!("the size must be 1 byte to {MAX_TENDER_FILE_BYTES} bytes")));
            }
        }
        if self.uses_committee() {
            let n = self.custodians.len() as u32;
            // Threshold 1 lets any single custodian open every bid; fewer than three
            // custodians leave no room for one to be absent or dishonest.
            if n < 3 || self.threshold < 2 || self.threshold > n {
                p.push(Problem::new(
                    "custodians.threshold",
                    "threshold",
                    format!(
                        "threshold {} of {n} custodian(s) is not allowed: at least 3 custodians and a threshold from 2 to their number",
                        self.threshold
                    ),
                ));
            }
            let mut ids = HashSet::new();
            for c in &self.custodians {
                if !ids.insert(c.id.as_str()) {
                    p.push(Problem::new("custodians.duplicate", format!("custodians[{}]", c.id), "each custodian may appear once"));
                }
            }
        }
        p
    }

    /// A complete example: engineering works in the city centre, one lot,
    /// comprehensive scoring, the bidder stanza required. Times are passed in.
    pub fn example(now: Timestamp) -> Self {
        let d = |s: &str| s.parse::<Decimal>().expect("literal decimal");
        let item = |id: &str, title: &str, response, criterion: Option<&str>| RequiredItem {
            id: id.into(),
            title: title.into(),
            response,
            criterion: criterion.map(str::to_string),
        };
        let deadline = Timestamp::from_unix((now.unix() / 3600 + 24 * 20) * 3600);
        TenderDocument {
            format: TENDER_FORMAT,
            id: "HZ-GC-2026-0417".into(),
            version: 1,
            title: "湖州市吴兴区滨湖路道路改造工程施工".into(),
            centre: "HZ".into(),
            trading_type: TradingType::Engineering,
            must_tender_by_law: false,
            tenderer: Party {
                name: "湖州市吴兴区交通建设发展有限公司".into(),
                uscc: Uscc::parse("91350100M000100Y43").expect("valid example"),
            },
            agency: Some(Party {
                name: "浙江湖信工程咨询有限公司".into(),
                uscc: Uscc::parse("91350200MA31E12PXF").expect("valid example"),
            }),
            lots: vec![Lot {
                id: "L1".into(),
                name: "施工标段".into(),
                ceiling_price: Some(d("12800000.00")),
                asks_duration_and_quality: true,
                items: vec![
                    item("Q1", "投标函及投标函附录", ResponseKind::Text, None),
                    item("Q2", "营业执照及施工资质证书", ResponseKind::Attachment, None),
                    item("T1", "施工组织设计", ResponseKind::TextAndAttachment, Some("C1")),
                    item("T2", "项目管理机构及项目经理", ResponseKind::Text, Some("C2")),
                    item("T3", "近三年类似工程业绩", ResponseKind::Attachment, Some("C3")),
                ],
            }],
            multi_lot: MultiLotRule::MayWinSeveral,
            scoring: ScoringRules::default(),
            method: EvaluationMethod::Comprehensive {
                qualification: vec![
                    QualificationItem { id: "Z1".into(), text: "具有市政公用工程施工总承包三级及以上资质".into() },
                    QualificationItem {
                        id: "Z2".into(), text: "项目经理具有市政公用工程专业二级及以上注册建造师".into()
                    },
                ],
                criteria: vec![
                    Criterion { id: "C1".into(), name: "施工组织设计".into(), max_points: d("30"), kind: CriterionKind::Subjective },
                    Criterion { id: "C2".into(), name: "项目管理机构".into(), max_points: d("10"), kind: CriterionKind::Subjective },
                    Criterion { id: "C3".into(), name: "类似工程业绩".into(), max_points: d("10"), kind: CriterionKind::Objective },
                ],
                price: PriceFormula {
                    full_marks: d("50"),
                    points_per_percent_above: d("2"),
                    points_per_percent_below: d("1"),
                    drop_extremes_above: 3,
                },
            },
            deadline,
            opening_at: deadline,
            decryption_window_minutes: 30,
            envelope: EnvelopeRules {
                required_stanzas: vec![StanzaKind::Bidder],
                committee_opens_on_bidder_failure: false,
                committee_opens_every_bid: false,
            },
            custodians: vec![],
            threshold: 0,
            committee_public_key: None,
            files: Vec::new(),
            security: None,
        }
    }
}

/// One thing an amendment (澄清或者修改) changed, as the public announcement of it
/// states: which field, and its wording before and after (times in Beijing time,
/// money in yuan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// `title`, `deadline`, `opening_at`, `decryption_window`, `tenderer`, `agency`,
    /// `lot.added`, `lot.removed`, `lot.name`, `lot.ceiling`, `lot.requirements`,
    /// `method`, `scoring`, `envelope`, `custodians`, `file.added`, `file.removed`,
    /// `security`.
    pub field: String,
    /// The lot or file concerned, if any.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub subject: String,
    pub before: String,
    pub after: String,
}

fn change(field: &str, subject: &str, before: impl Into<String>, after: impl Into<String>) -> Change {
    Change { field: field.into(), subject: subject.into(), before: before.into(), after: after.into() }
}

fn money(d: Option<Decimal>) -> String {
    d.map(|d| format!("{d}")).unwrap_or_default()
}

fn security_text(s: &Option<crate::security::SecurityRequirement>) -> String {
    match s {
        None => String::new(),
        Some(s) => {
            let forms: Vec<&str> = s
                .forms
                .iter()
                .map(|f| match f {
                    crate::security::SecurityForm::Deposit => "deposit",
                    crate::security::SecurityForm::Guarantee => "guarantee",
                })
                .collect();
            format!(
                "{} ({}; {} days{})",
                s.amount,
                forms.join(", "),
                s.bid_validity_days,
                if s.credit_exemption { "; credit exemption" } else { "" }
            )
        }
    }
}

/// What `after` changes in `before` (an amendment of the same tender), in the
/// order a reader goes through the announcement. Fields that only the platform
/// sets (the version, the committee key) are not changes of the tender.
pub fn changes(before: &TenderDocument, after: &TenderDocument) -> Vec<Change> {
    let mut out = Vec::new();
    if before.title != after.title {
        out.push(change("title", "", &before.title, &after.title));
    }
    if before.tenderer != after.tenderer {
        out.push(change("tenderer", "", &before.tenderer.name, &after.tenderer.name));
    }
    if before.agency != after.agency {
        let name = |a: &Option<Party>| a.as_ref().map(|a| a.name.clone()).unwrap_or_default();
        out.push(change("agency", "", name(&before.agency), name(&after.agency)));
    }
    if before.deadline != after.deadline {
        out.push(change("deadline", "", before.deadline.to_beijing(), after.deadline.to_beijing()));
    }
    if before.opening_at != after.opening_at {
        out.push(change("opening_at", "", before.opening_at.to_beijing(), after.opening_at.to_beijing()));
    }
    if before.decryption_window_minutes != after.decryption_window_minutes {
        out.push(change(
            "decryption_window",
            "",
            before.decryption_window_minutes.to_string(),
            after.decryption_window_minutes.to_string(),
        ));
    }
    for lot in &before.lots {
        match after.lots.iter().find(|l| l.id == lot.id) {
            None => out.push(change("lot.removed", &lot.id, &lot.name, "")),
            Some(new) => {
                if new.name != lot.name {
                    out.push(change("lot.name", &lot.id, &lot.name, &new.name));
                }
                if new.ceiling_price != lot.ceiling_price {
                    out.push(change("lot.ceiling", &lot.id, money(lot.ceiling_price), money(new.ceiling_price)));
                }
                if new.items != lot.items || new.asks_duration_and_quality != lot.asks_duration_and_quality {
                    out.push(change("lot.requirements", &lot.id, lot.items.len().to_string(), new.items.len().to_string()));
                }
            }
        }
    }
    for lot in after.lots.iter().filter(|l| !before.lots.iter().any(|b| b.id == l.id)) {
        out.push(change("lot.added", &lot.id, "", &lot.name));
    }
    if before.method != after.method || before.multi_lot != after.multi_lot {
        out.push(change("method", "", "", ""));
    }
    if before.scoring != after.scoring {
        out.push(change("scoring", "", "", ""));
    }
    if before.envelope != after.envelope {
        out.push(change("envelope", "", "", ""));
    }
    if before.custodians != after.custodians || before.threshold != after.threshold {
        let names = |d: &TenderDocument| {
            format!("{} of {}", d.threshold, d.custodians.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", "))
        };
        out.push(change("custodians", "", names(before), names(after)));
    }
    for f in before.files.iter().filter(|f| !after.files.iter().any(|a| a.sha256 == f.sha256)) {
        out.push(change("file.removed", &f.name, &f.sha256, ""));
    }
    for f in after.files.iter().filter(|f| !before.files.iter().any(|b| b.sha256 == f.sha256)) {
        out.push(change("file.added", &f.name, "", &f.sha256));
    }
    if before.security != after.security {
        out.push(change("security", "", security_text(&before.security), security_text(&after.security)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> TenderDocument {
        TenderDocument::example(Timestamp::parse("2026-11-30T10:00:00Z").unwrap())
    }

    #[test]
    fn an_amendment_lists_what_it_changed() {
        let before = example();
        let mut after = before.clone();
        after.version += 1;
        after.committee_public_key = Some("a new ceremony's key".into());
        assert!(changes(&before, &after).is_empty(), "the version and the committee key are the platform's, not changes");
        after.deadline = before.deadline.plus_seconds(3 * 86400);
        after.lots[0].ceiling_price = Some(Decimal::new(123_456_789, 2));
        after.files.push(TenderFile { name: "补遗1.pdf".into(), sha256: "ab".repeat(32), size: 10 });
        let c = changes(&before, &after);
        let fields: Vec<&str> = c.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["deadline", "lot.ceiling", "file.added"]);
        assert_eq!(c[0].before, before.deadline.to_beijing());
        assert_eq!(c[1].subject, before.lots[0].id);
        assert_eq!(c[1].after, "1234567.89");
        assert_eq!(c[2].subject, "补遗1.pdf");
        after.lots.remove(0);
        assert!(changes(&before, &after).iter().any(|c| c.field == "lot.removed" && c.subject == before.lots[0].id));
    }

    #[test]
    fn scoring_rules_are_checked_and_absent_ones_keep_the_documents_hash() {
        let t = TenderDocument::example(Timestamp::from_unix(1_796_000_000));
        let json = serde_json::to_string(&t).unwrap();
        assert!(!json.contains("scoring"), "default rules are not written, so older documents keep their hash");
        let bad = TenderDocument { scoring: ScoringRules { decimals: 9, ..ScoringRules::default() }, ..t.clone() };
        assert!(bad.validate().iter().any(|p| p.code == "tender.scoring"));
        let twice = TenderDocument {
            scoring: ScoringRules { tie_break: vec![TieBreak::LowerPrice, TieBreak::LowerPrice], ..ScoringRules::default() },
            ..t
        };
        assert!(twice.validate().iter().any(|p| p.code == "tender.scoring"));
    }

    #[test]
    fn example_is_valid_and_round_trips_through_json() {
        let t = example();
        assert_eq!(t.validate(), vec![]);
        let bytes = t.canonical_bytes().unwrap();
        let back = TenderDocument::from_json(&bytes).unwrap();
        assert_eq!(back, t);
        assert_eq!(back.canonical_bytes().unwrap(), bytes);
    }

    #[test]
    fn hash_does_not_depend_on_formatting() {
        let t = example();
        let pretty = serde_json::to_vec_pretty(&t).unwrap();
        assert_eq!(TenderDocument::from_json(&pretty).unwrap().hash().unwrap(), t.hash().unwrap());
    }

    #[test]
    fn unknown_fields_are_refused() {
        let mut v = serde_json::to_value(example()).unwrap();
        v["surprise"] = serde_json::json!(1);
        assert!(matches!(TenderDocument::from_json(&serde_json::to_vec(&v).unwrap()), Err(TenderError::Parse(_))));
    }

    #[test]
    fn package_files_are_covered_by_the_hash_and_checked() {
        let plain = example();
        let mut t = example();
        let good = TenderFile { name: "施工图纸.pdf".into(), sha256: "ab".repeat(32), size: 10 };
        t.files.push(good.clone());
        assert_eq!(t.validate(), vec![]);
        assert_ne!(t.hash().unwrap(), plain.hash().unwrap(), "the hash covers the file list");
        // No files: the canonical form has no `files` key (older documents keep their hash).
        assert!(!String::from_utf8(plain.canonical_bytes().unwrap()).unwrap().contains("\"files\""));
        t.files.push(TenderFile { name: "../etc/passwd".into(), ..good.clone() });
        t.files.push(TenderFile { name: "施工图纸.PDF".into(), ..good.clone() });
        t.files.push(TenderFile { name: "清单.xlsx".into(), sha256: "AB".repeat(32), size: 0 });
        let codes: Vec<_> = t.validate().into_iter().map(|p| p.code).collect();
        assert_eq!(codes, ["file.name", "file.duplicate", "file.sha256", "file.size"]);
        for bad in [".hidden", "a\\b", "c:x", "tab\there", ""] {
            assert!(!safe_file_name(bad), "{bad:?}");
        }
    }

    // 电子招标投标办法: bids must be encrypted.
    #[test]
    fn unencrypted_tender_is_invalid_and_every_problem_is_listed() {
        let mut t = example();
        t.envelope.required_stanzas.clear();
        t.centre = "SH".into();
        t.opening_at = t.deadline.plus_seconds(-60);
        let codes: Vec<_> = t.validate().into_iter().map(|p| p.code).collect();
        assert_eq!(codes, ["tender.centre", "tender.opening_before_deadline", "envelope.unencrypted"]);
    }

    #[test]
    fn points_must_add_up_to_100() {
        let mut t = example();
        if let EvaluationMethod::Comprehensive { price, .. } = &mut t.method {
            price.full_marks = "60".parse().unwrap();
        }
        assert_eq!(t.validate()[0].code, "method.total");
    }

    #[test]
    fn committee_threshold_must_fit_the_custodians() {
        let mut t = example();
        t.envelope.required_stanzas.push(StanzaKind::Committee);
        t.threshold = 2;
        assert_eq!(t.validate()[0].code, "custodians.threshold");
        let c = |i: u32| Custodian { name: format!("c{i}"), id: format!("id{i}"), encryption_key: "k".into() };
        t.custodians = vec![c(1), c(2)];
        assert_eq!(t.validate()[0].code, "custodians.threshold", "two custodians");
        t.custodians.push(c(3));
        assert!(t.validate().is_empty(), "{:?}", t.validate());
        t.threshold = 1;
        assert_eq!(t.validate()[0].code, "custodians.threshold", "threshold 1");
    }
}
