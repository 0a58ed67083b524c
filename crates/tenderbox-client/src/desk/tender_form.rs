//! The tender form as the agency fills it: every field as typed (text for money, points
//! and times), turned into a [`TenderDocument`] with every problem listed at the path of
//! the field it concerns — the document's own rules and the statutory periods together —
//! so the form can mark each field and nothing is lost while it is half filled.

use serde::{Deserialize, Serialize};
use tenderbox_core::Decimal;
use tenderbox_core::problem::Problem;
use tenderbox_core::security::SecurityForm as SecurityFormKind;
use tenderbox_core::tender::*;
use tenderbox_core::time::Timestamp;
use tenderbox_core::uscc::Uscc;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ItemForm {
    pub id: String,
    pub title: String,
    /// `text`, `attachment`, `text_and_attachment`.
    pub response: String,
    /// Criterion id, or empty.
    pub criterion: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LotForm {
    pub id: String,
    pub name: String,
    /// Yuan, up to 2 decimals; empty for none.
    pub ceiling_price: String,
    pub asks_duration_and_quality: bool,
    pub items: Vec<ItemForm>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QualificationForm {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CriterionForm {
    pub id: String,
    pub name: String,
    pub max_points: String,
    /// `subjective` or `objective`.
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PriceForm {
    pub full_marks: String,
    pub points_per_percent_above: String,
    pub points_per_percent_below: String,
    pub drop_extremes_above: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CustodianForm {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TenderFileForm {
    pub name: String,
    pub sha256: String,
    #[ts(type = "number")]
    pub size: u64,
}

/// The whole form. Times are Beijing time as `YYYY-MM-DDTHH:MM` (what a
/// `datetime-local` input gives).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TenderForm {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub centre: String,
    /// `engineering` or `procurement` (listings and auctions have their own desk).
    pub trading_type: String,
    pub must_tender_by_law: bool,
    pub tenderer_name: String,
    pub tenderer_uscc: String,
    pub lots: Vec<LotForm>,
    /// `may_win_several` or `at_most_one`.
    pub multi_lot: String,
    /// `comprehensive` or `lowest_evaluated_price`.
    pub method: String,
    pub qualification: Vec<QualificationForm>,
    pub criteria: Vec<CriterionForm>,
    pub price: PriceForm,
    pub deadline: String,
    pub opening_at: String,
    pub decryption_window_minutes: u32,
    /// Bids carry a stanza for the custodians' committee as well as the bidder's own.
    pub committee_required: bool,
    /// The custodians may open a bid its bidder cannot decrypt, at its request.
    pub committee_opens_on_bidder_failure: bool,
    pub custodians: Vec<CustodianForm>,
    pub threshold: u32,
    /// Managed by attach and detach; what the form sends back here is ignored.
    pub files: Vec<TenderFileForm>,
    /// Bid security (投标保证金); `required: false` for none.
    pub security: SecurityForm,
}

/// The bid security section of the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SecurityForm {
    pub required: bool,
    /// Yuan.
    pub amount: String,
    /// The estimated price (估算价) or budget, yuan: the amount is at most 2% of it.
    pub estimated_price: String,
    pub deposit: bool,
    pub guarantee: bool,
    pub credit_exemption: bool,
    pub bid_validity_days: u32,
    pub account_bank: String,
    pub account_name: String,
    pub account_number: String,
}

/// `YYYY-MM-DDTHH:MM` in Beijing time.
pub fn beijing_input(t: Timestamp) -> String {
    t.to_beijing().replace(' ', "T")[..16].to_string()
}

fn parse_beijing(text: &str) -> Option<Timestamp> {
    let t = text.trim();
    let full = if t.len() == 16 { format!("{t}:00+08:00") } else { format!("{t}+08:00") };
    Timestamp::parse(&full).ok()
}

fn enum_from<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).ok()
}

fn enum_str<T: Serialize>(v: T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

pub fn form_from(d: &TenderDocument) -> TenderForm {
    let (qualification, criteria, price) = match &d.method {
        EvaluationMethod::Comprehensive { qualification, criteria, price } => {
            (qualification.clone(), criteria.clone(), Some(price.clone()))
        }
        EvaluationMethod::LowestEvaluatedPrice { qualification } => (qualification.clone(), vec![], None),
    };
    let price = price.unwrap_or(PriceFormula {
        full_marks: Decimal::from(50),
        points_per_percent_above: Decimal::from(2),
        points_per_percent_below: Decimal::from(1),
        drop_extremes_above: 3,
    });
    TenderForm {
        id: d.id.clone(),
        version: d.version,
        title: d.title.clone(),
        centre: d.centre.clone(),
        trading_type: enum_str(d.trading_type),
        must_tender_by_law: d.must_tender_by_law,
        tenderer_name: d.tenderer.name.clone(),
        tenderer_uscc: d.tenderer.uscc.as_str().to_string(),
        lots: d
            .lots
            .iter()
            .map(|l| LotForm {
                id: l.id.clone(),
                name: l.name.clone(),
                ceiling_price: l.ceiling_price.map(|c| c.to_string()).unwrap_or_default(),
                asks_duration_and_quality: l.asks_duration_and_quality,
                items: l
                    .items
                    .iter()
                    .map(|i| ItemForm {
                        id: i.id.clone(),
                        title: i.title.clone(),
                        response: enum_str(i.response),
                        criterion: i.criterion.clone().unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect(),
        multi_lot: enum_str(d.multi_lot),
        method: match d.method {
            EvaluationMethod::Comprehensive { .. } => "comprehensive".into(),
            EvaluationMethod::LowestEvaluatedPrice { .. } => "lowest_evaluated_price".into(),
        },
        qualification: qualification.into_iter().map(|q| QualificationForm { id: q.id, text: q.text }).collect(),
        criteria: criteria
            .into_iter()
            .map(|c| CriterionForm { id: c.id, name: c.name, max_points: c.max_points.to_string(), kind: enum_str(c.kind) })
            .collect(),
        price: PriceForm {
            full_marks: price.full_marks.to_string(),
            points_per_percent_above: price.points_per_percent_above.to_string(),
            points_per_percent_below: price.points_per_percent_below.to_string(),
            drop_extremes_above: price.drop_extremes_above,
        },
        deadline: beijing_input(d.deadline),
        opening_at: beijing_input(d.opening_at),
        decryption_window_minutes: d.decryption_window_minutes,
        committee_required: d.requires(StanzaKind::Committee),
        committee_opens_on_bidder_failure: d.envelope.committee_opens_on_bidder_failure,
        custodians: d.custodians.iter().map(|c| CustodianForm { id: c.id.clone(), name: c.name.clone() }).collect(),
        threshold: d.threshold,
        files: d.files.iter().map(|f| TenderFileForm { name: f.name.clone(), sha256: f.sha256.clone(), size: f.size }).collect(),
        security: match &d.security {
            None => SecurityForm { bid_validity_days: 90, ..SecurityForm::default() },
            Some(r) => SecurityForm {
                required: true,
                amount: r.amount.to_string(),
                estimated_price: r.estimated_price.to_string(),
                deposit: r.forms.contains(&SecurityFormKind::Deposit),
                guarantee: r.forms.contains(&SecurityFormKind::Guarantee),
                credit_exemption: r.credit_exemption,
                bid_validity_days: r.bid_validity_days,
                account_bank: r.account.as_ref().map(|a| a.bank.clone()).unwrap_or_default(),
                account_name: r.account.as_ref().map(|a| a.name.clone()).unwrap_or_default(),
                account_number: r.account.as_ref().map(|a| a.number.clone()).unwrap_or_default(),
            },
        },
    }
}

fn security_of(f: &SecurityForm, p: &mut Vec<Problem>) -> Option<tenderbox_core::security::SecurityRequirement> {
    if !f.required {
        return None;
    }
    let amount = decimal(&f.amount, "security.amount", 2, false, p);
    let estimated_price = decimal(&f.estimated_price, "security.estimated_price", 2, false, p);
    let mut forms = Vec::new();
    if f.deposit {
        forms.push(SecurityFormKind::Deposit);
    }
    if f.guarantee {
        forms.push(SecurityFormKind::Guarantee);
    }
    let account = f.deposit.then(|| tenderbox_core::security::DepositAccount {
        bank: f.account_bank.trim().into(),
        name: f.account_name.trim().into(),
        number: f.account_number.trim().into(),
    });
    Some(tenderbox_core::security::SecurityRequirement {
        amount: amount?,
        estimated_price: estimated_price?,
        forms,
        credit_exemption: f.credit_exemption,
        bid_validity_days: f.bid_validity_days,
        account,
    })
}

/// A decimal of the form: positive (or zero when `zero_ok`), at most `scale` places.
fn decimal(text: &str, path: &str, scale: u32, zero_ok: bool, p: &mut Vec<Problem>) -> Option<Decimal> {
    match text.trim().parse::<Decimal>() {
        Ok(d) if d.scale() <= scale && (d > Decimal::ZERO || (zero_ok && d.is_zero())) => Some(d),
        _ => {
            p.push(Problem::new(
                "form.number",
                path,
                format!(
                    "'{}' is not a {} number with at most {scale} decimal place(s)",
                    text.trim(),
                    if zero_ok { "non-negative" } else { "positive" }
                ),
            ));
            None
        }
    }
}

/// The document the form describes, for `agency`, with custodians resolved from `known`
/// (certified custodians and those already on the tender) — or every problem that stops it.
pub fn to_document(
    f: &TenderForm,
    agency: &Party,
    known: &[Custodian],
    committee_public_key: Option<String>,
) -> Result<TenderDocument, Vec<Problem>> {
    let mut p = Vec::new();
    let trading_type = match enum_from::<TradingType>(&f.trading_type) {
        Some(t @ (TradingType::Engineering | TradingType::Procurement)) => Some(t),
        _ => {
            p.push(Problem::new("form.trading_type", "trading_type", "choose engineering (工程建设) or government procurement (政府采购)"));
            None
        }
    };
    let uscc = Uscc::parse(f.tenderer_uscc.trim())
        .map_err(|e| p.push(Problem::new(e.code(), "tenderer.uscc", format!("the tenderer's code: {e}"))))
        .ok();
    if f.tenderer_name.trim().is_empty() {
        p.push(Problem::new("form.required", "tenderer.name", "enter the tenderer (招标人)"));
    }
    let mut lots = Vec::new();
    for l in &f.lots {
        let at = format!("lots[{}]", l.id);
        let ceiling_price = if l.ceiling_price.trim().is_empty() {
            None
        } else {
            decimal(&l.ceiling_price, &format!("{at}.ceiling_price"), 2, false, &mut p)
        };
        if l.name.trim().is_empty() {
            p.push(Problem::new("form.required", format!("{at}.name"), "enter the lot's name"));
        }
        let mut items = Vec::new();
        for i in &l.items {
            let response = enum_from::<ResponseKind>(&i.response).unwrap_or(ResponseKind::Text);
            if i.title.trim().is_empty() {
                p.push(Problem::new("form.required", format!("{at}.items[{}].title", i.id), "enter what the bidder must give"));
            }
            let criterion = Some(i.criterion.trim().to_string()).filter(|c| !c.is_empty() && f.method == "comprehensive");
            items.push(RequiredItem { id: i.id.trim().into(), title: i.title.trim().into(), response, criterion });
        }
        lots.push(Lot {
            id: l.id.trim().into(),
            name: l.name.trim().into(),
            ceiling_price,
            asks_duration_and_quality: l.asks_duration_and_quality,
            items,
        });
    }
    let qualification: Vec<QualificationItem> =
        f.qualification.iter().map(|q| QualificationItem { id: q.id.trim().into(), text: q.text.trim().into() }).collect();
    for q in &qualification {
        if q.text.is_empty() {
            p.push(Problem::new("form.required", format!("method.qualification[{}]", q.id), "enter the qualification requirement"));
        }
    }
    let method = if f.method == "lowest_evaluated_price" {
        Some(EvaluationMethod::LowestEvaluatedPrice { qualification })
    } else {
        let criteria: Vec<Option<Criterion>> = f
            .criteria
            .iter()
            .map(|c| {
                let at = format!("method.criteria[{}]", c.id);
                if c.name.trim().is_empty() {
                    p.push(Problem::new("form.required", format!("{at}.name"), "enter the criterion's name"));
                }
                let kind = enum_from::<CriterionKind>(&c.kind).unwrap_or(CriterionKind::Subjective);
                decimal(&c.max_points, &format!("{at}.max_points"), 2, false, &mut p).map(|max_points| Criterion {
                    id: c.id.trim().into(),
                    name: c.name.trim().into(),
                    max_points,
                    kind,
                })
            })
            .collect();
        let full_marks = decimal(&f.price.full_marks, "method.price.full_marks", 2, false, &mut p);
        let above = decimal(&f.price.points_per_percent_above, "method.price.points_per_percent_above", 2, true, &mut p);
        let below = decimal(&f.price.points_per_percent_below, "method.price.points_per_percent_below", 2, true, &mut p);
        match (full_marks, above, below, criteria.into_iter().collect::<Option<Vec<_>>>()) {
            (Some(full_marks), Some(a), Some(b), Some(criteria)) => Some(EvaluationMethod::Comprehensive {
                qualification,
                criteria,
                price: PriceFormula {
                    full_marks,
                    points_per_percent_above: a,
                    points_per_percent_below: b,
                    drop_extremes_above: f.price.drop_extremes_above,
                },
            }),
            _ => None,
        }
    };
    let deadline = parse_beijing(&f.deadline);
    if deadline.is_none() {
        p.push(Problem::new("form.time", "deadline", "enter the submission deadline (Beijing time)"));
    }
    let opening_at = parse_beijing(&f.opening_at);
    if opening_at.is_none() {
        p.push(Problem::new("form.time", "opening_at", "enter the opening time (Beijing time)"));
    }
    let multi_lot = enum_from::<MultiLotRule>(&f.multi_lot).unwrap_or(MultiLotRule::MayWinSeveral);
    let mut custodians = Vec::new();
    if f.committee_required || f.committee_opens_on_bidder_failure {
        for c in &f.custodians {
            match known.iter().find(|k| k.id == c.id) {
                Some(k) => custodians.push(k.clone()),
                None => p.push(Problem::new(
                    "tender.custodian",
                    format!("custodians[{}]", c.id),
                    format!("{} is not a certified custodian of this platform", c.name),
                )),
            }
        }
    }
    let mut required_stanzas = vec![StanzaKind::Bidder];
    if f.committee_required {
        required_stanzas.push(StanzaKind::Committee);
    }
    let uses_committee = f.committee_required || f.committee_opens_on_bidder_failure;
    let security = security_of(&f.security, &mut p);
    let (Some(trading_type), Some(uscc), Some(method), Some(deadline), Some(opening_at)) =
        (trading_type, uscc, method, deadline, opening_at)
    else {
        return Err(p);
    };
    if f.security.required && security.is_none() {
        return Err(p);
    }
    let doc = TenderDocument {
        format: TENDER_FORMAT,
        id: f.id.trim().into(),
        version: f.version,
        title: f.title.trim().into(),
        centre: f.centre.clone(),
        trading_type,
        must_tender_by_law: f.must_tender_by_law,
        tenderer: Party { name: f.tenderer_name.trim().into(), uscc },
        agency: Some(agency.clone()),
        lots,
        multi_lot,
        scoring: Default::default(),
        method,
        deadline,
        opening_at,
        decryption_window_minutes: f.decryption_window_minutes,
        envelope: EnvelopeRules {
            required_stanzas,
            committee_opens_on_bidder_failure: f.committee_opens_on_bidder_failure,
            committee_opens_every_bid: false,
        },
        threshold: if uses_committee { f.threshold } else { 0 },
        custodians,
        committee_public_key: if uses_committee { committee_public_key } else { None },
        files: f.files.iter().map(|x| TenderFile { name: x.name.clone(), sha256: x.sha256.clone(), size: x.size }).collect(),
        security,
    };
    p.extend(doc.validate());
    if p.is_empty() { Ok(doc) } else { Err(p) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agency() -> Party {
        Party { name: "浙江湖信工程咨询有限公司".into(), uscc: Uscc::parse("91350200MA31E12PXF").unwrap() }
    }

    #[test]
    fn the_example_round_trips_through_the_form() {
        let t = TenderDocument::example(Timestamp::parse("2026-12-02T02:00:00Z").unwrap());
        let f = form_from(&t);
        assert_eq!(f.deadline, beijing_input(t.deadline));
        assert_eq!(to_document(&f, &agency(), &[], None).unwrap(), t);
    }

    #[test]
    fn every_bad_field_is_named_at_its_path() {
        let t = TenderDocument::example(Timestamp::parse("2026-12-02T02:00:00Z").unwrap());
        let mut f = form_from(&t);
        f.tenderer_uscc = "91350100M000100Y44".into();
        f.lots[0].ceiling_price = "12,800,000".into();
        f.criteria[0].max_points = "-3".into();
        f.deadline = "tomorrow".into();
        let paths: Vec<_> = to_document(&f, &agency(), &[], None).unwrap_err().into_iter().map(|p| p.path).collect();
        assert_eq!(paths, ["tenderer.uscc", "lots[L1].ceiling_price", "method.criteria[C1].max_points", "deadline"]);
        // Parsed but against the rules: the document's own checks speak.
        let mut f = form_from(&t);
        f.price.full_marks = "40".into();
        f.committee_required = true;
        f.custodians = vec![CustodianForm { id: "x".into(), name: "某保管人".into() }];
        let codes: Vec<_> = to_document(&f, &agency(), &[], None).unwrap_err().into_iter().map(|p| p.code).collect();
        assert_eq!(codes, ["tender.custodian", "method.total", "custodians.threshold"]);
    }
}
