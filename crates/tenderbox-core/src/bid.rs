//! The bid draft (投标文件草稿): what a bidder edits offline before finalising.
//!
//! A draft is checked against its tender by [`check`], which lists every missing or
//! invalid item with a stable code. Finalising (固化) is refused while the list is
//! not empty. The draft never leaves the bidder's machine in the clear.

use crate::amount;
use crate::problem::{Problem, attachment_name_key, attachment_name_problem};
use crate::tender::TenderDocument;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

pub const DRAFT_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LotBid {
    pub lot: String,
    #[serde(default)]
    pub price: Option<Decimal>,
    /// Construction period in calendar days (工期), where the lot asks for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_days: Option<u32>,
    /// Quality commitment (质量标准), where the lot asks for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub lot: String,
    pub item: String,
    #[serde(default)]
    pub text: String,
    /// Names of attachments (see [`DraftAttachment::name`]) given for this item.
    #[serde(default)]
    pub attachments: Vec<String>,
    /// Scoring criteria this response supports (评分点).
    #[serde(default)]
    pub criteria: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftAttachment {
    /// Name inside the bid package, e.g. `技术标/施工组织设计.pdf`.
    pub name: String,
    /// Where the file lives, relative to the draft folder.
    pub file: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BidDraft {
    pub format: u32,
    pub tender_id: String,
    pub tender_version: u32,
    /// Hex SHA-256 of the tender document the draft was made against.
    pub tender_hash: String,
    pub lots: Vec<LotBid>,
    pub responses: Vec<Response>,
    pub attachments: Vec<DraftAttachment>,
    /// The legal representative's and the project manager's resident identity numbers.
    /// They never enter the bid package: only keyed hashes go into the fingerprint sealed
    /// to supervision, so a supervisor can see two bidders naming the same person.
    #[serde(default, skip_serializing_if = "Personnel::is_empty")]
    pub personnel: Personnel,
    /// The other members when bidding as a consortium (联合体), led by the bidder. They are
    /// named in the signed submission, and each is checked against the credit library.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consortium: Vec<crate::tender::Party>,
}

/// The people a bid names, by resident identity number (居民身份证号码).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Personnel {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_rep_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_manager_id: Option<String>,
}

impl Personnel {
    pub fn is_empty(&self) -> bool {
        self.legal_rep_id.is_none() && self.project_manager_id.is_none()
    }

    /// The distinct identity numbers, upper-cased.
    pub fn ids(&self) -> Vec<String> {
        let mut v: Vec<String> = [&self.legal_rep_id, &self.project_manager_id].into_iter().flatten().map(|s| s.to_uppercase()).collect();
        v.sort();
        v.dedup();
        v
    }
}

/// Why `s` is not a resident identity number (GB 11643-1999: 17 digits and an ISO 7064
/// MOD 11-2 check character), or `None` when it is one.
pub fn id_number_problem(s: &str) -> Option<&'static str> {
    let b = s.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return Some("a resident identity number is 17 digits and a check character");
    }
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = b[..17].iter().zip(W).map(|(c, w)| u32::from(c - b'0') * w).sum();
    let want = b"10X98765432"[(sum % 11) as usize];
    if b[17].to_ascii_uppercase() != want {
        return Some("the check character does not match the first 17 digits");
    }
    None
}

impl BidDraft {
    /// An empty draft for every lot of the tender, with an empty response slot per
    /// required item, so the bidder sees what to fill.
    pub fn new(tender: &TenderDocument) -> Result<Self, crate::canonical::CanonicalError> {
        Ok(BidDraft {
            format: DRAFT_FORMAT,
            tender_id: tender.id.clone(),
            tender_version: tender.version,
            tender_hash: tender.hash_hex()?,
            personnel: Personnel::default(),
            consortium: Vec::new(),
            lots: tender.lots.iter().map(|l| LotBid { lot: l.id.clone(), price: None, duration_days: None, quality: None }).collect(),
            responses: tender
                .lots
                .iter()
                .flat_map(|l| {
                    l.items.iter().map(|i| Response {
                        lot: l.id.clone(),
                        item: i.id.clone(),
                        text: String::new(),
                        attachments: vec![],
                        criteria: i.criterion.iter().cloned().collect(),
                    })
                })
                .collect(),
            attachments: vec![],
        })
    }

    pub fn response_mut(&mut self, lot: &str, item: &str) -> Option<&mut Response> {
        self.responses.iter_mut().find(|r| r.lot == lot && r.item == item)
    }
}

/// Every reason the draft cannot be finalised against this tender; empty when it can.
pub fn check(tender: &TenderDocument, draft: &BidDraft) -> Vec<Problem> {
    let mut p = Vec::new();
    if draft.format != DRAFT_FORMAT {
        p.push(Problem::new("draft.format", "format", format!("draft format {} is not supported", draft.format)));
    }
    if draft.tender_id != tender.id {
        p.push(Problem::new("tender.mismatch", "tender_id", format!("the draft is for tender {}, not {}", draft.tender_id, tender.id)));
    }
    match tender.hash_hex() {
        Ok(h) if h == draft.tender_hash => {}
        _ if draft.tender_version != tender.version => p.push(Problem::new(
            "tender.amended",
            "tender_hash",
            format!(
                "the tender was amended from version {} to {}: review the changes and confirm the draft again",
                draft.tender_version, tender.version
            ),
        )),
        _ => p.push(Problem::new("tender.hash_mismatch", "tender_hash", "the draft was made against a different tender document")),
    }

    for (id, field) in
        [(&draft.personnel.legal_rep_id, "personnel.legal_rep_id"), (&draft.personnel.project_manager_id, "personnel.project_manager_id")]
    {
        if let Some(why) = id.as_deref().and_then(id_number_problem) {
            p.push(Problem::new("personnel.id", field, why));
        }
    }

    let mut members = HashSet::new();
    for m in &draft.consortium {
        let at = format!("consortium[{}]", m.uscc);
        if m.name.trim().is_empty() {
            p.push(Problem::new("consortium.member", &at, "a consortium member needs its registered name"));
        }
        if !members.insert(m.uscc.as_str()) {
            p.push(Problem::new("consortium.member", &at, "this member is listed twice"));
        }
    }

    // Attachments: names safe, unique, referenced.
    let mut names = HashSet::new();
    for a in &draft.attachments {
        let at = format!("attachments[{}]", a.name);
        if let Some(why) = attachment_name_problem(&a.name) {
            p.push(Problem::new("attachment.bad_name", &at, why));
        } else if !names.insert(attachment_name_key(&a.name)) {
            p.push(Problem::new("attachment.duplicate", &at, "two attachments have this name (letter case aside)"));
        }
    }

    if draft.lots.is_empty() {
        p.push(Problem::new("lot.none", "lots", "the bid does not bid for any lot"));
    }
    let mut bid_lots = HashSet::new();
    for lb in &draft.lots {
        let at = format!("lots[{}]", lb.lot);
        let Some(lot) = tender.lot(&lb.lot) else {
            p.push(Problem::new("lot.unknown", &at, format!("the tender has no lot '{}'", lb.lot)));
            continue;
        };
        if !bid_lots.insert(lb.lot.as_str()) {
            p.push(Problem::new("lot.duplicate", &at, "the lot is bid for twice"));
            continue;
        }
        match lb.price {
            None => p.push(Problem::new(
                "price.missing",
                format!("{at}.price"),
                format!("enter the bid price for lot {} ({})", lot.id, lot.name),
            )),
            Some(x) if x <= Decimal::ZERO => {
                p.push(Problem::new("price.not_positive", format!("{at}.price"), "the price must be greater than zero"))
            }
            Some(x) if amount::to_chinese_upper(x).is_err() => p.push(Problem::new(
                "price.too_precise",
                format!("{at}.price"),
                format!("{x} cannot be written in yuan, jiao and fen (at most 2 decimal places)"),
            )),
            Some(x) => {
                if let Some(c) = lot.ceiling_price
                    && x > c
                {
                    p.push(Problem::new(
                        "price.above_ceiling",
                        format!("{at}.price"),
                        format!("{x} is above the ceiling price {c} (最高投标限价)"),
                    ));
                }
            }
        }
        if lot.asks_duration_and_quality {
            if lb.duration_days.is_none_or(|d| d == 0) {
                p.push(Problem::new("duration.missing", format!("{at}.duration_days"), "enter the construction period in days (工期)"));
            }
            if lb.quality.as_deref().is_none_or(|q| q.trim().is_empty()) {
                p.push(Problem::new("quality.missing", format!("{at}.quality"), "enter the quality commitment (质量标准)"));
            }
        }
    }

    let mut seen = HashMap::new();
    let criteria: HashSet<&str> = tender.criteria().iter().map(|c| c.id.as_str()).collect();
    for r in &draft.responses {
        let at = format!("responses[{}/{}]", r.lot, r.item);
        let item = tender.lot(&r.lot).and_then(|l| l.items.iter().find(|i| i.id == r.item));
        if item.is_none() {
            p.push(Problem::new("response.unknown_item", &at, format!("lot {} has no required item '{}'", r.lot, r.item)));
        }
        if seen.insert((r.lot.as_str(), r.item.as_str()), r).is_some() {
            p.push(Problem::new("response.duplicate", &at, "two responses answer this item"));
        }
        for a in &r.attachments {
            if !names.contains(attachment_name_key(a).as_str()) {
                p.push(Problem::new("attachment.unknown", &at, format!("attachment '{a}' is not in the draft")));
            }
        }
        for c in &r.criteria {
            if !criteria.contains(c.as_str()) {
                p.push(Problem::new("criterion.unknown", &at, format!("criterion '{c}' is not in the evaluation method")));
            }
        }
    }
    for lot in tender.lots.iter().filter(|l| bid_lots.contains(l.id.as_str())) {
        for item in &lot.items {
            let at = format!("responses[{}/{}]", lot.id, item.id);
            match seen.get(&(lot.id.as_str(), item.id.as_str())) {
                None => p.push(Problem::new("response.missing", &at, format!("respond to \"{}\"", item.title))),
                Some(r) => {
                    if item.response.needs_text() && r.text.trim().is_empty() {
                        p.push(Problem::new("response.text_missing", &at, format!("write the response to \"{}\"", item.title)));
                    }
                    if item.response.needs_attachment() && r.attachments.is_empty() {
                        p.push(Problem::new("response.attachment_missing", &at, format!("attach the file(s) for \"{}\"", item.title)));
                    }
                }
            }
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;

    fn tender() -> TenderDocument {
        TenderDocument::example(Timestamp::parse("2026-11-30T10:00:00Z").unwrap())
    }

    fn complete(t: &TenderDocument) -> BidDraft {
        let mut d = BidDraft::new(t).unwrap();
        d.lots[0].price = Some("11250000.00".parse().unwrap());
        d.lots[0].duration_days = Some(240);
        d.lots[0].quality = Some("合格".into());
        d.attachments = vec![
            DraftAttachment { name: "资质/营业执照.pdf".into(), file: "files/licence.pdf".into() },
            DraftAttachment { name: "技术标/施工组织设计.pdf".into(), file: "files/plan.pdf".into() },
            DraftAttachment { name: "业绩/合同.pdf".into(), file: "files/contracts.pdf".into() },
        ];
        for (item, text, att) in [
            ("Q1", "我方承诺按招标文件要求完成本工程。", None),
            ("Q2", "", Some("资质/营业执照.pdf")),
            ("T1", "详见施工组织设计。", Some("技术标/施工组织设计.pdf")),
            ("T2", "项目经理：王建国，一级建造师。", None),
            ("T3", "", Some("业绩/合同.pdf")),
        ] {
            let r = d.response_mut("L1", item).unwrap();
            r.text = text.into();
            r.attachments = att.into_iter().map(String::from).collect();
        }
        d
    }

    #[test]
    fn complete_draft_has_no_problems() {
        let t = tender();
        assert_eq!(check(&t, &complete(&t)), vec![]);
    }

    #[test]
    fn new_draft_lists_every_missing_item_not_just_the_first() {
        let t = tender();
        let codes: Vec<_> = check(&t, &BidDraft::new(&t).unwrap()).into_iter().map(|p| p.code).collect();
        assert_eq!(
            codes,
            [
                "price.missing",
                "duration.missing",
                "quality.missing",
                "response.text_missing",
                "response.attachment_missing",
                "response.text_missing",
                "response.attachment_missing",
                "response.text_missing",
                "response.attachment_missing",
            ]
        );
    }

    #[test]
    fn price_above_ceiling_or_with_fractions_of_fen_is_invalid() {
        let t = tender();
        let mut d = complete(&t);
        d.lots[0].price = Some("12800000.01".parse().unwrap());
        assert_eq!(check(&t, &d)[0].code, "price.above_ceiling");
        d.lots[0].price = Some("100.001".parse().unwrap());
        assert_eq!(check(&t, &d)[0].code, "price.too_precise");
        d.lots[0].price = Some("0".parse().unwrap());
        assert_eq!(check(&t, &d)[0].code, "price.not_positive");
    }

    /// A response naming an attachment in capitals ("Scan.PDF") was refused as not in the
    /// draft: the check compared the name as typed with the case-folded keys.
    #[test]
    fn an_attachment_named_in_capitals_is_found() {
        let t = tender();
        let mut d = complete(&t);
        d.attachments.push(DraftAttachment { name: "Scan-L1.PDF".into(), file: "files/Scan-L1.PDF".into() });
        d.responses[1].attachments.push("Scan-L1.PDF".into());
        assert!(check(&t, &d).iter().all(|p| p.code != "attachment.unknown"), "{:?}", check(&t, &d));
    }

    #[test]
    fn bad_links_and_attachment_names_are_named() {
        let t = tender();
        let mut d = complete(&t);
        d.attachments.push(DraftAttachment { name: "../evil.pdf".into(), file: "x".into() });
        d.responses[0].criteria.push("C9".into());
        d.responses[1].attachments.push("missing.pdf".into());
        let codes: Vec<_> = check(&t, &d).into_iter().map(|p| p.code).collect();
        assert_eq!(codes, ["attachment.bad_name", "criterion.unknown", "attachment.unknown"]);
    }

    #[test]
    fn amended_tender_asks_for_reconfirmation() {
        let mut t = tender();
        let d = complete(&t);
        t.version = 2;
        t.title.push_str("（变更）");
        assert_eq!(check(&t, &d)[0].code, "tender.amended");
    }

    #[test]
    fn resident_identity_numbers_are_checked() {
        // GB 11643-1999's worked example.
        assert_eq!(id_number_problem("11010519491231002X"), None);
        assert_eq!(id_number_problem("11010519491231002x"), None, "a lower-case x is the same check character");
        assert!(id_number_problem("110105194912310021").is_some());
        assert!(id_number_problem("1101051949123100").is_some());
        let p = Personnel { legal_rep_id: Some("11010519491231002x".into()), project_manager_id: Some("11010519491231002X".into()) };
        assert_eq!(p.ids(), vec!["11010519491231002X".to_string()], "one person in both roles counts once");
    }
}
