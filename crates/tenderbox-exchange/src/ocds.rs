//! The Open Contracting Data Standard 1.1.5 view of a tender: one release for each
//! event that changes what the public knows (the announcement, each amendment, a
//! cancellation, the opening, the candidates' publicity, the award, the contract),
//! a release package of them, and a record package with the compiled release.
//!
//! Extensions used: bids (`bids.statistics`, `bids.details`) and lots
//! (`tender.lots`, `relatedLots`). Each release carries everything known at its
//! date (a full snapshot), so a reader of any single release sees the whole
//! tender as it stood; the compiled release is the last snapshot, tagged
//! `compiled`.
//!
//! What goes in is only what the platform has made public by then: the server
//! hands in the opening record only after the opening and the result only once
//! its publicity has started ([`Facts`]). Scores have no OCDS field: the award
//! links the published result, where they are.
//!
//! Amounts are JSON numbers (the schema's type) written from exact decimals: a
//! figure with more than 15 significant digits cannot be written exactly and is
//! refused ([`OcdsError::Amount`]).

use serde_json::{Map, Value, json};
use tenderbox_core::Decimal;
use tenderbox_core::scoring::LotAward;
use tenderbox_core::tender::{self, EvaluationMethod, TenderDocument, TradingType};
use tenderbox_core::time::Timestamp;
use tenderbox_wire::{BidOutcome, OpeningRecord, PublishedResult};

/// The extensions every package declares (the `extension.json` of each, at the
/// version vendored with these sources).
pub const EXTENSIONS: [&str; 2] = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
];

/// The org-id.guide scheme of the register that issues unified social credit codes.
pub const USCC_SCHEME: &str = "CN-SAMR";

/// How this platform publishes: set by the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The OCID prefix the Open Contracting Partnership assigned (`ocds-xxxxxx`);
    /// the ocid of a tender is `{prefix}-{tender id}`.
    pub ocid_prefix: String,
    /// The publisher, as packages name it (湖州市公共资源交易中心).
    pub publisher_name: String,
    /// Where the public portal is served (`https://ggzy.huzhou.gov.cn`), without a
    /// trailing slash: documents and packages are linked from it.
    pub base_url: String,
}

impl Config {
    pub fn ocid(&self, tender: &str) -> String {
        format!("{}-{tender}", self.ocid_prefix)
    }
}

/// One published version of the tender document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub document: TenderDocument,
    /// Hex SHA-256 of the canonical document (what the agency signed).
    pub hash: String,
    pub published_at: Timestamp,
}

/// What the public knows about one tender, gathered by the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// Every version, oldest first; never empty.
    pub versions: Vec<Version>,
    /// When and why the tender was cancelled (招标终止).
    pub cancelled: Option<(Timestamp, String)>,
    /// The signed opening record, once the opening is over.
    pub opening: Option<OpeningRecord>,
    /// The result, once its publicity has started.
    pub result: Option<PublishedResult>,
    /// When the contract was signed, and when the agency recorded it.
    pub contract: Option<(Timestamp, Timestamp)>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OcdsError {
    #[error("a tender needs at least one published version")]
    NoVersion,
    #[error("the amount {0} has more than 15 significant digits and cannot be written exactly as a JSON number")]
    Amount(Decimal),
}

/// An exact decimal as a JSON number: its shortest round-trip form is the decimal itself
/// when it has at most 15 significant digits.
fn number(d: Decimal) -> Result<Value, OcdsError> {
    let d = d.normalize();
    let digits = d.mantissa().unsigned_abs().to_string().len();
    if digits > 15 {
        return Err(OcdsError::Amount(d));
    }
    let f: f64 = d.to_string().parse().map_err(|_| OcdsError::Amount(d))?;
    serde_json::Number::from_f64(f).map(Value::Number).ok_or(OcdsError::Amount(d))
}

fn value(d: Decimal) -> Result<Value, OcdsError> {
    Ok(json!({ "amount": number(d)?, "currency": "CNY" }))
}

fn date(t: Timestamp) -> Value {
    Value::String(t.to_rfc3339())
}

fn category(t: TradingType) -> Option<&'static str> {
    match t {
        TradingType::Engineering => Some("works"),
        TradingType::Procurement => Some("goods"),
        TradingType::LandMining | TradingType::Property => None,
    }
}

fn award_criteria(m: &EvaluationMethod) -> (&'static str, &'static str) {
    match m {
        EvaluationMethod::Comprehensive { .. } => ("ratedCriteria", "综合评估法"),
        EvaluationMethod::LowestEvaluatedPrice { .. } => ("lowestCost", "经评审的最低投标价法"),
    }
}

/// The parties of a release, each once, with every role it has.
#[derive(Default)]
struct Parties(Vec<(String, String, Vec<&'static str>)>);

impl Parties {
    fn add(&mut self, uscc: &str, name: &str, role: &'static str) -> Value {
        let id = format!("{USCC_SCHEME}-{uscc}");
        match self.0.iter_mut().find(|p| p.0 == id) {
            Some(p) => {
                if !p.2.contains(&role) {
                    p.2.push(role);
                }
            }
            None => self.0.push((id.clone(), name.to_string(), vec![role])),
        }
        json!({ "id": id, "name": name })
    }

    fn to_json(&self) -> Value {
        Value::Array(
            self.0
                .iter()
                .map(|(id, name, roles)| {
                    json!({
                        "id": id,
                        "name": name,
                        "identifier": { "scheme": USCC_SCHEME, "id": &id[USCC_SCHEME.len() + 1..], "legalName": name },
                        "roles": roles,
                    })
                })
                .collect(),
        )
    }
}

/// How far the story has got when a release is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Announced(usize),
    Cancelled,
    Opened,
    Publicity,
    Awarded,
    Contracted,
}

struct Builder<'a> {
    cfg: &'a Config,
    facts: &'a Facts,
}

impl Builder<'_> {
    fn tender_id(&self) -> &str {
        &self.facts.versions[0].document.id
    }

    /// The version in force at `stage`.
    fn version(&self, stage: Stage) -> (usize, &Version) {
        let i = match stage {
            Stage::Announced(i) => i,
            _ => self.facts.versions.len() - 1,
        };
        (i, &self.facts.versions[i])
    }

    fn tender_url(&self) -> String {
        format!("{}/tenders/{}", self.cfg.base_url, self.tender_id())
    }

    fn release(&self, stage: Stage) -> Result<Value, OcdsError> {
        let (vi, v) = self.version(stage);
        let d = &v.document;
        let f = self.facts;
        let mut parties = Parties::default();
        let buyer = parties.add(d.tenderer.uscc.as_str(), &d.tenderer.name, "buyer");
        let procuring = match &d.agency {
            Some(a) => parties.add(a.uscc.as_str(), &a.name, "procuringEntity"),
            None => parties.add(d.tenderer.uscc.as_str(), &d.tenderer.name, "procuringEntity"),
        };
        let (criteria, criteria_details) = award_criteria(&d.method);
        let mut lots = Vec::new();
        for lot in &d.lots {
            let mut l = json!({ "id": lot.id, "title": lot.name, "status": "active" });
            if let Some(c) = lot.ceiling_price {
                l["value"] = value(c)?;
            }
            lots.push(l);
        }
        let mut tender = json!({
            "id": d.id,
            "title": d.title,
            "status": "active",
            "procuringEntity": procuring,
            "procurementMethod": "open",
            "procurementMethodDetails": "公开招标",
            "awardCriteria": criteria,
            "awardCriteriaDetails": criteria_details,
            "submissionMethod": ["electronicSubmission"],
            "tenderPeriod": { "startDate": date(f.versions[0].published_at), "endDate": date(d.deadline) },
            "lots": lots,
        });
        if let Some(c) = category(d.trading_type) {
            tender["mainProcurementCategory"] = json!(c);
        }
        if d.lots.iter().all(|l| l.ceiling_price.is_some()) {
            let total: Decimal = d.lots.iter().filter_map(|l| l.ceiling_price).sum();
            tender["value"] = value(total)?;
        }
        let mut documents = vec![json!({
            "id": format!("tender-v{}", d.version),
            "documentType": "tenderNotice",
            "title": format!("{}（第{}版）", d.title, d.version),
            "url": self.tender_url(),
            "datePublished": date(v.published_at),
            "format": "text/html",
            "language": "zh",
        })];
        for file in &d.files {
            documents.push(json!({
                "id": file.sha256,
                "documentType": "biddingDocuments",
                "title": file.name,
                "url": format!("{}/files/{}", self.tender_url(), file.sha256),
                "datePublished": date(self.first_published(&file.sha256)),
            }));
        }
        tender["documents"] = Value::Array(documents);
        let amendments: Vec<Value> = f.versions[1..=vi]
            .iter()
            .zip(&f.versions[..vi])
            .map(|(after, before)| {
                json!({
                    "id": format!("amendment-v{}", after.document.version),
                    "date": date(after.published_at),
                    "rationale": "招标文件的澄清或者修改",
                    "description": amendment_lines(&before.document, &after.document).join("；"),
                    "amendsReleaseID": release_id(self.tender_id(), &format!("tender-v{}", before.document.version)),
                    "releaseID": release_id(self.tender_id(), &format!("tender-v{}", after.document.version)),
                })
            })
            .collect();
        if !amendments.is_empty() {
            tender["amendments"] = Value::Array(amendments);
        }
        let mut release = Map::new();
        if stage == Stage::Cancelled {
            tender["status"] = json!("cancelled");
            if let Some((_, reason)) = &f.cancelled {
                tender["statusDetails"] = json!(reason);
            }
        }
        let mut bids_out = None;
        if stage >= Stage::Opened
            && let Some(o) = &f.opening
        {
            let (bids, tenderers) = self.bids(o, stage, &mut parties)?;
            tender["numberOfTenderers"] = json!(tenderers.len());
            tender["tenderers"] = Value::Array(tenderers);
            bids_out = Some(bids);
        }
        let mut awards_out = Vec::new();
        let mut contracts_out = Vec::new();
        if stage >= Stage::Publicity
            && let Some(r) = &f.result
        {
            let awarded = stage >= Stage::Awarded && r.status == "awarded";
            for lot in &d.lots {
                let award = r.awards.iter().find(|a| lot_of(a) == lot.id);
                let first = r.lots.iter().find(|l| l.lot == lot.id).and_then(|l| l.candidates.iter().find(|c| c.place == 1));
                let id = format!("{}-{}", self.tender_id(), lot.id);
                let mut a = json!({
                    "id": id,
                    "title": format!("{} {}", lot.id, lot.name),
                    "relatedLots": [lot.id],
                    "documents": [{
                        "id": format!("result-{}", r.report_sha256),
                        "documentType": if awarded { "awardNotice" } else { "evaluationReports" },
                        "title": if awarded { "中标结果公告" } else { "中标候选人公示" },
                        "url": format!("{}#result", self.tender_url()),
                        "datePublished": date(r.published_at),
                    }],
                });
                let supplier = match award {
                    Some(LotAward::Winner { bidder, .. }) if awarded => {
                        r.lots.iter().flat_map(|l| &l.candidates).find(|c| c.lot == lot.id && &c.bidder_uscc == bidder)
                    }
                    Some(LotAward::NoWinner { .. }) => None,
                    _ => first,
                };
                match (award, supplier) {
                    (Some(LotAward::NoWinner { .. }), _) | (_, None) => {
                        a["status"] = json!("unsuccessful");
                        a["date"] = date(r.published_at);
                    }
                    (_, Some(c)) => {
                        a["status"] = json!(if awarded { "active" } else { "pending" });
                        a["date"] = date(if awarded { r.awarded_at.unwrap_or(r.published_at) } else { r.published_at });
                        a["value"] = value(c.price)?;
                        a["suppliers"] = json!([parties.add(&c.bidder_uscc, &c.bidder_name, "supplier")]);
                        if let Some(o) = &f.opening
                            && let Some(line) = o.lines.iter().find(|l| l.bidder_uscc == c.bidder_uscc)
                        {
                            a["relatedBid"] = json!(bid_id(&line.sha256, &lot.id));
                        }
                        if stage >= Stage::Contracted
                            && awarded
                            && let Some((signed, _)) = f.contract
                        {
                            contracts_out.push(json!({
                                "id": format!("{id}-contract"),
                                "awardID": id,
                                "title": format!("{} {}", d.title, lot.name),
                                "status": "active",
                                "value": value(c.price)?,
                                "dateSigned": date(signed),
                            }));
                        }
                    }
                }
                awards_out.push(a);
            }
            if awarded {
                let any = awards_out.iter().any(|a| a["status"] == "active");
                tender["status"] = json!(if any { "complete" } else { "unsuccessful" });
            }
            if let Some(lots) = tender["lots"].as_array_mut() {
                for l in lots {
                    let unsuccessful = awards_out.iter().any(|a| a["relatedLots"][0] == l["id"] && a["status"] == "unsuccessful");
                    if unsuccessful {
                        l["status"] = json!("unsuccessful");
                    } else if awarded {
                        l["status"] = json!("complete");
                    }
                }
            }
        }
        let (tag, at) = self.tag_and_date(stage);
        release.insert("ocid".into(), json!(self.cfg.ocid(self.tender_id())));
        release.insert("id".into(), json!(release_id(self.tender_id(), &self.stage_name(stage))));
        release.insert("date".into(), date(at));
        release.insert("tag".into(), json!([tag]));
        release.insert("initiationType".into(), json!("tender"));
        release.insert("language".into(), json!("zh"));
        release.insert("parties".into(), parties.to_json());
        release.insert("buyer".into(), buyer);
        release.insert("tender".into(), tender);
        if let Some(b) = bids_out {
            release.insert("bids".into(), b);
        }
        if !awards_out.is_empty() {
            release.insert("awards".into(), Value::Array(awards_out));
        }
        if !contracts_out.is_empty() {
            release.insert("contracts".into(), Value::Array(contracts_out));
        }
        Ok(Value::Object(release))
    }

    /// When a package file first appeared among the tender's versions.
    fn first_published(&self, sha: &str) -> Timestamp {
        self.facts
            .versions
            .iter()
            .find(|v| v.document.files.iter().any(|f| f.sha256 == sha))
            .map(|v| v.published_at)
            .unwrap_or(self.facts.versions[0].published_at)
    }

    /// `bids` (statistics and one detail per bidder and lot) and the tenderers.
    fn bids(&self, o: &OpeningRecord, stage: Stage, parties: &mut Parties) -> Result<(Value, Vec<Value>), OcdsError> {
        let result = if stage >= Stage::Publicity { self.facts.result.as_ref() } else { None };
        let mut details = Vec::new();
        let mut tenderers = Vec::new();
        let mut valid_prices: Vec<(String, Decimal)> = Vec::new();
        let mut stats = vec![
            json!({ "id": "bids", "measure": "bids", "value": o.bids_at_deadline, "date": date(o.opened_at) }),
            json!({ "id": "bidders", "measure": "bidders", "value": o.lines.len(), "date": date(o.opened_at) }),
            json!({ "id": "electronicBids", "measure": "electronicBids", "value": o.bids_at_deadline, "date": date(o.opened_at) }),
        ];
        for line in &o.lines {
            let org = parties.add(&line.bidder_uscc, &line.bidder_name, "tenderer");
            tenderers.push(org.clone());
            let rejected = result.and_then(|r| r.rejected.iter().find(|b| b.bidder_uscc == line.bidder_uscc));
            let (status, details_text) = match line.outcome {
                BidOutcome::Revoked => ("disqualified", Some("撤销：投标人未在解密时限内解密".to_string())),
                BidOutcome::Withdrawn => ("withdrawn", Some("撤回：非投标人原因未能解密".to_string())),
                BidOutcome::Decrypted if !line.rejected.is_empty() => {
                    ("disqualified", Some(line.rejected.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("；")))
                }
                BidOutcome::Decrypted => match (result, rejected) {
                    (None, _) => ("pending", None),
                    (Some(_), Some(r)) => ("disqualified", Some(r.reason.clone())),
                    (Some(_), None) => ("valid", None),
                },
            };
            let lots: Vec<&tenderbox_seal::package::LotOffer> = line.lots.iter().collect();
            if lots.is_empty() {
                let mut b = json!({ "id": bid_id(&line.sha256, ""), "status": status, "tenderers": [org.clone()] });
                if let Some(t) = &details_text {
                    b["statusDetails"] = json!(t);
                }
                details.push(b);
            }
            for offer in lots {
                if status == "valid" {
                    valid_prices.push((offer.lot.clone(), offer.price));
                }
                let mut b = json!({
                    "id": bid_id(&line.sha256, &offer.lot),
                    "status": status,
                    "tenderers": [org.clone()],
                    "value": value(offer.price)?,
                    "relatedLots": [offer.lot],
                });
                if let Some(t) = &details_text {
                    b["statusDetails"] = json!(t);
                }
                details.push(b);
            }
        }
        if let Some(r) = result {
            let valid = o
                .lines
                .iter()
                .filter(|l| l.outcome == BidOutcome::Decrypted && l.rejected.is_empty())
                .filter(|l| !r.rejected.iter().any(|x| x.bidder_uscc == l.bidder_uscc))
                .count();
            stats.push(json!({ "id": "validBids", "measure": "validBids", "value": valid, "date": date(r.published_at) }));
            let d = &self.facts.versions.last().expect("a version").document;
            for lot in &d.lots {
                let prices: Vec<Decimal> = valid_prices.iter().filter(|(l, _)| *l == lot.id).map(|(_, p)| *p).collect();
                if let (Some(lo), Some(hi)) = (prices.iter().min(), prices.iter().max()) {
                    for (measure, v) in [("lowestValidBidValue", lo), ("highestValidBidValue", hi)] {
                        stats.push(json!({
                            "id": format!("{measure}-{}", lot.id),
                            "measure": measure,
                            "value": number(*v)?,
                            "currency": "CNY",
                            "relatedLot": lot.id,
                            "date": date(r.published_at),
                        }));
                    }
                }
            }
        }
        Ok((json!({ "statistics": stats, "details": details }), tenderers))
    }

    fn stage_name(&self, stage: Stage) -> String {
        match stage {
            Stage::Announced(i) => format!("tender-v{}", self.facts.versions[i].document.version),
            Stage::Cancelled => "cancelled".into(),
            Stage::Opened => "opening".into(),
            Stage::Publicity => "candidates".into(),
            Stage::Awarded => "award".into(),
            Stage::Contracted => "contract".into(),
        }
    }

    fn tag_and_date(&self, stage: Stage) -> (&'static str, Timestamp) {
        let f = self.facts;
        match stage {
            Stage::Announced(0) => ("tender", f.versions[0].published_at),
            Stage::Announced(i) => ("tenderAmendment", f.versions[i].published_at),
            Stage::Cancelled => ("tenderCancellation", f.cancelled.as_ref().map(|c| c.0).unwrap_or(f.versions[0].published_at)),
            Stage::Opened => ("tenderUpdate", f.opening.as_ref().map(|o| o.opened_at).unwrap_or(f.versions[0].published_at)),
            Stage::Publicity => ("award", f.result.as_ref().map(|r| r.published_at).unwrap_or(f.versions[0].published_at)),
            Stage::Awarded => ("awardUpdate", f.result.as_ref().and_then(|r| r.awarded_at).unwrap_or(f.versions[0].published_at)),
            Stage::Contracted => ("contract", f.contract.map(|c| c.1).unwrap_or(f.versions[0].published_at)),
        }
    }

    fn stages(&self) -> Vec<Stage> {
        let f = self.facts;
        let mut s: Vec<Stage> = (0..f.versions.len()).map(Stage::Announced).collect();
        if f.opening.is_some() {
            s.push(Stage::Opened);
        }
        if let Some(r) = &f.result {
            s.push(Stage::Publicity);
            if r.status == "awarded" && r.awarded_at.is_some() {
                s.push(Stage::Awarded);
                if f.contract.is_some() {
                    s.push(Stage::Contracted);
                }
            }
        }
        if f.cancelled.is_some() {
            s.push(Stage::Cancelled);
        }
        s
    }
}

fn lot_of(a: &LotAward) -> &str {
    match a {
        LotAward::Winner { lot, .. } | LotAward::Tied { lot, .. } | LotAward::Pending { lot, .. } | LotAward::NoWinner { lot } => lot,
    }
}

fn release_id(tender: &str, stage: &str) -> String {
    format!("{tender}-{stage}")
}

/// A bid's id: the first 16 hex digits of its sealed package's hash and the lot.
fn bid_id(sha: &str, lot: &str) -> String {
    let short = &sha[..sha.len().min(16)];
    if lot.is_empty() { short.to_string() } else { format!("{short}-{lot}") }
}

/// An amendment's change as a line of its announcement (Chinese).
pub fn describe(c: &tender::Change) -> String {
    let what = match c.field.as_str() {
        "title" => "项目名称",
        "tenderer" => "招标人",
        "agency" => "招标代理机构",
        "deadline" => "投标截止时间",
        "opening_at" => "开标时间",
        "decryption_window" => "解密时限（分钟）",
        "lot.added" => "新增标段",
        "lot.removed" => "取消标段",
        "lot.name" => "标段名称",
        "lot.ceiling" => "最高投标限价（元）",
        "lot.requirements" => "投标文件组成要求（项）",
        "method" => "评标办法",
        "scoring" => "评分计算规则",
        "envelope" => "投标文件密封要求",
        "custodians" => "解密见证人",
        "file.added" => "新增招标文件附件",
        "file.removed" => "删除招标文件附件",
        "security" => "投标保证金",
        other => other,
    };
    let subject = if c.subject.is_empty() { String::new() } else { format!("（{}）", c.subject) };
    match (c.before.is_empty(), c.after.is_empty()) {
        (true, true) => format!("{what}{subject}已修改"),
        (true, false) => format!("{what}{subject}：{}", c.after),
        (false, true) => format!("{what}{subject}：{}（已删除）", c.before),
        (false, false) => format!("{what}{subject}：由 {} 改为 {}", c.before, c.after),
    }
}

/// What an amendment changed, one line each (Chinese); a version that changes
/// nothing a bidder reads (the committee key set after the key ceremony) says so.
pub fn amendment_lines(before: &TenderDocument, after: &TenderDocument) -> Vec<String> {
    let lines: Vec<String> = tender::changes(before, after).iter().map(describe).collect();
    if lines.is_empty() { vec!["开标解密公钥已生成（密钥仪式完成），招标内容未变".to_string()] } else { lines }
}

/// Every release of the tender, oldest first.
pub fn releases(cfg: &Config, facts: &Facts) -> Result<Vec<Value>, OcdsError> {
    if facts.versions.is_empty() {
        return Err(OcdsError::NoVersion);
    }
    let b = Builder { cfg, facts };
    let mut out: Vec<(Timestamp, Value)> = Vec::new();
    for stage in b.stages() {
        out.push((b.tag_and_date(stage).1, b.release(stage)?));
    }
    out.sort_by_key(|(t, _)| *t);
    Ok(out.into_iter().map(|(_, r)| r).collect())
}

/// The last snapshot, tagged `compiled`.
pub fn compiled_release(cfg: &Config, facts: &Facts) -> Result<Value, OcdsError> {
    if facts.versions.is_empty() {
        return Err(OcdsError::NoVersion);
    }
    let b = Builder { cfg, facts };
    let stages = b.stages();
    let last = *stages.iter().max().expect("at least the announcement");
    let mut r = b.release(last)?;
    r["id"] = json!(release_id(b.tender_id(), "compiled"));
    r["tag"] = json!(["compiled"]);
    Ok(r)
}

fn package_meta(cfg: &Config, uri: String, published: Timestamp) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("uri".into(), json!(uri));
    m.insert("version".into(), json!("1.1"));
    m.insert("extensions".into(), json!(EXTENSIONS));
    m.insert("publisher".into(), json!({ "name": cfg.publisher_name, "uri": cfg.base_url }));
    m.insert("publishedDate".into(), date(published));
    m.insert("license".into(), json!("https://creativecommons.org/licenses/by/4.0/"));
    m
}

/// A release package of `releases`, published at `published` under `uri`.
pub fn release_package(cfg: &Config, uri: String, releases: Vec<Value>, published: Timestamp) -> Value {
    let mut m = package_meta(cfg, uri, published);
    m.insert("releases".into(), Value::Array(releases));
    Value::Object(m)
}

/// The record package of one tender: every release embedded and the compiled release.
pub fn record_package(cfg: &Config, facts: &Facts, published: Timestamp) -> Result<Value, OcdsError> {
    let releases = releases(cfg, facts)?;
    let compiled = compiled_release(cfg, facts)?;
    let id = &facts.versions[0].document.id;
    let mut m = package_meta(cfg, format!("{}/ocds/records/{id}.json", cfg.base_url), published);
    m.insert("records".into(), json!([{ "ocid": cfg.ocid(id), "releases": releases, "compiledRelease": compiled }]));
    Ok(Value::Object(m))
}
