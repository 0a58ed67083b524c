//! Bid security (投标保证金): what a tender requires, the electronic guarantee (电子保函)
//! as a signed document of its guarantor, the deposit reference, the check at the
//! deadline, and when a deposit must be returned.
//!
//! Sources (docs/domain.md, "Credit and bid security"): 招标投标法实施条例 Art. 26 (at most
//! 2% of the estimated price, valid as long as the bid), Art. 35 (returned within 5 days of a
//! withdrawal before the deadline), Art. 57 (within 5 days of the contract, with the bank's
//! deposit interest); 政府采购法实施条例 Art. 33 (at most 2% of the budget) and 财政部令第87号
//! Art. 38 (returned within 5 working days). The credit-based waiver (守信激励) is a local
//! policy, so it is a setting of each tender, decided from the credit library.
//! Nothing here reads a clock: times and days are passed in.

use crate::problem::Problem;
use crate::tender::{Party, TradingType};
use crate::time::{Timestamp, is_date};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub const GUARANTEE_FORMAT: u32 = 1;
/// The cap on bid security, percent of the estimated price or budget.
pub const CAP_PERCENT: u32 = 2;
/// Days to return a deposit (engineering), or working days (government procurement).
pub const REFUND_DAYS: i64 = 5;

/// Forms of security a tender accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecurityForm {
    /// Bank transfer to the centre's deposit account with the bid's reference.
    Deposit,
    /// An electronic guarantee (电子保函) by a bank or insurer registered on the platform.
    Guarantee,
}

/// The centre's account deposits are paid into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepositAccount {
    pub bank: String,
    pub name: String,
    pub number: String,
}

/// What a tender requires as bid security.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityRequirement {
    /// The amount, yuan (2 decimals).
    pub amount: Decimal,
    /// The estimated price (估算价) or budget (预算) the cap is taken from.
    pub estimated_price: Decimal,
    pub forms: Vec<SecurityForm>,
    /// Entities with a good credit record in force (and no bad one) need no security.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub credit_exemption: bool,
    /// The bid validity period (投标有效期), days from the deadline; a guarantee must cover it.
    pub bid_validity_days: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<DepositAccount>,
}

impl SecurityRequirement {
    /// Every rule the requirement breaks.
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Vec::new();
        let at = "security";
        if self.amount <= Decimal::ZERO || self.amount.scale() > 2 {
            p.push(Problem::new("security.amount", at, "the security amount must be positive with at most 2 decimal places"));
        }
        if self.estimated_price <= Decimal::ZERO {
            p.push(Problem::new("security.amount", at, "the estimated price (budget) must be positive"));
        } else if self.amount * Decimal::from(100) > self.estimated_price * Decimal::from(CAP_PERCENT) {
            p.push(Problem::new(
                "security.cap",
                at,
                format!(
                    "bid security of {} is more than {CAP_PERCENT}% of the estimated price {} (at most {}; 招标投标法实施条例第二十六条, 政府采购法实施条例第三十三条)",
                    self.amount,
                    self.estimated_price,
                    (self.estimated_price * Decimal::from(CAP_PERCENT) / Decimal::from(100)).round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero)
                ),
            ));
        }
        if self.forms.is_empty() {
            p.push(Problem::new("security.forms", at, "say which forms of security are accepted (deposit, guarantee)"));
        }
        if self.bid_validity_days == 0 || self.bid_validity_days > 365 {
            p.push(Problem::new("security.validity", at, "the bid validity period is 1 to 365 days"));
        }
        if self.forms.contains(&SecurityForm::Deposit) {
            match &self.account {
                Some(a) if !a.bank.trim().is_empty() && !a.name.trim().is_empty() && !a.number.trim().is_empty() => {}
                _ => {
                    p.push(Problem::new("security.account", at, "deposits need the centre's deposit account (bank, account name, number)"))
                }
            }
        }
        p
    }

    /// The last day (Beijing) a bid's security must cover: the deadline's day plus the
    /// validity period.
    pub fn covered_until(&self, deadline: Timestamp) -> String {
        add_days(&crate::credit::day_of(deadline), i64::from(self.bid_validity_days))
    }
}

/// The reference a bidder writes on its bank transfer (付款附言), so the finance office can
/// match the bank statement to the bid: `BZJ` and 12 characters derived from the tender
/// and the bidder's USCC.
pub fn deposit_reference(tender: &str, uscc: &str) -> String {
    const SET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let h = crate::sha256(format!("tenderbox/v1/deposit\n{tender}\n{uscc}").as_bytes());
    let tail: String = h.iter().take(12).map(|b| SET[(*b as usize) % SET.len()] as char).collect();
    format!("BZJ{tail}")
}

/// An electronic guarantee (电子投标保函), signed by its guarantor's registered identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guarantee {
    pub format: u32,
    /// The guarantor's number for it (保函编号).
    pub number: String,
    /// The bank or insurer.
    pub guarantor: Party,
    /// The beneficiary: the tenderer (招标人).
    pub beneficiary: Party,
    /// The bidder it guarantees (申请人).
    pub applicant: Party,
    pub tender: String,
    pub amount: Decimal,
    /// First and last day it is valid (Beijing dates, inclusive).
    pub valid_from: String,
    pub valid_until: String,
    pub issued_at: Timestamp,
}

/// A guarantor revokes a guarantee it issued (before the deadline), signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuaranteeRevocation {
    pub format: u32,
    /// The platform's id of the guarantee.
    pub guarantee: String,
    pub reason: String,
    pub revoked_at: Timestamp,
}

/// Every term of the guarantee that does not meet the tender's requirement.
pub fn guarantee_problems(g: &Guarantee, tender: &str, tenderer: &Party, req: &SecurityRequirement, deadline: Timestamp) -> Vec<Problem> {
    let mut p = Vec::new();
    let at = format!("guarantee[{}]", g.number);
    if g.format != GUARANTEE_FORMAT {
        p.push(Problem::new("guarantee.terms", &at, format!("format {} is not supported", g.format)));
    }
    if g.number.trim().is_empty() || g.number.len() > 64 {
        p.push(Problem::new("guarantee.terms", &at, "the guarantee needs its number (up to 64 characters)"));
    }
    if !req.forms.contains(&SecurityForm::Guarantee) {
        p.push(Problem::new("guarantee.terms", &at, "this tender does not accept guarantees as bid security"));
    }
    if g.tender != tender {
        p.push(Problem::new("guarantee.terms", &at, format!("the guarantee is for tender {}, not {tender}", g.tender)));
    }
    if g.beneficiary.uscc != tenderer.uscc {
        p.push(Problem::new(
            "guarantee.terms",
            &at,
            format!(
                "the beneficiary is {} ({}), not the tenderer {} ({})",
                g.beneficiary.name, g.beneficiary.uscc, tenderer.name, tenderer.uscc
            ),
        ));
    }
    if g.amount < req.amount {
        p.push(Problem::new(
            "guarantee.terms",
            &at,
            format!("the guarantee covers {}, less than the security of {}", g.amount, req.amount),
        ));
    }
    let deadline_day = crate::credit::day_of(deadline);
    let until = req.covered_until(deadline);
    if !is_date(&g.valid_from) || !is_date(&g.valid_until) {
        p.push(Problem::new("guarantee.terms", &at, "the validity dates must be YYYY-MM-DD"));
    } else {
        if g.valid_from > deadline_day {
            p.push(Problem::new(
                "guarantee.terms",
                &at,
                format!("the guarantee starts {} — after the deadline ({deadline_day})", g.valid_from),
            ));
        }
        if g.valid_until < until {
            p.push(Problem::new(
                "guarantee.terms",
                &at,
                format!(
                    "the guarantee ends {}, before the bid validity ends ({until}: {} days after the deadline)",
                    g.valid_until, req.bid_validity_days
                ),
            ));
        }
    }
    p
}

/// A deposit received on the centre's account for one bid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositFact {
    pub amount: Decimal,
    pub received_at: Timestamp,
}

/// A guarantee as the platform holds it: its terms, whether they met the tender, and when
/// (if ever) it was revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuaranteeFact {
    pub number: String,
    pub amount: Decimal,
    pub issued_at: Timestamp,
    pub terms_ok: bool,
    pub revoked_at: Option<Timestamp>,
}

/// How a bid's security stood at the deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityOutcome {
    pub ok: bool,
    /// `deposit`, `guarantee`, `exempt`, `not_required`, or `missing`.
    pub how: String,
    /// The guarantee number, the credit record of an exemption, or the amount received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Why the bid has no valid security (the reason the opening gives).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// **security.at_deadline**: a bid has valid security when the tender requires none; or the
/// deposits received before the deadline add up to the amount; or a guarantee whose terms
/// meet the tender was issued before the deadline and not revoked by then; or the tender
/// allows the credit waiver and the library grants it (`exemption`: the good record).
pub fn security_at_deadline(
    req: Option<&SecurityRequirement>,
    deposits: &[DepositFact],
    guarantees: &[GuaranteeFact],
    exemption: Option<&str>,
    deadline: Timestamp,
) -> SecurityOutcome {
    let Some(req) = req else {
        return SecurityOutcome { ok: true, how: "not_required".into(), evidence: None, reason: None };
    };
    if req.credit_exemption
        && let Some(record) = exemption
    {
        return SecurityOutcome { ok: true, how: "exempt".into(), evidence: Some(record.to_string()), reason: None };
    }
    let received: Decimal = deposits.iter().filter(|d| d.received_at < deadline).map(|d| d.amount).sum();
    if req.forms.contains(&SecurityForm::Deposit) && received >= req.amount {
        return SecurityOutcome { ok: true, how: "deposit".into(), evidence: Some(received.to_string()), reason: None };
    }
    if let Some(g) = guarantees
        .iter()
        .find(|g| g.terms_ok && g.amount >= req.amount && g.issued_at < deadline && g.revoked_at.is_none_or(|r| r >= deadline))
    {
        return SecurityOutcome { ok: true, how: "guarantee".into(), evidence: Some(g.number.clone()), reason: None };
    }
    let mut why = Vec::new();
    if received > Decimal::ZERO {
        why.push(format!("保证金到账 {received} 元，不足 {} 元", req.amount));
    }
    for g in guarantees {
        if g.revoked_at.is_some_and(|r| r < deadline) {
            why.push(format!("保函 {} 已于截止前被撤销", g.number));
        } else if !g.terms_ok {
            why.push(format!("保函 {} 不符合招标文件要求", g.number));
        }
    }
    if why.is_empty() {
        why.push("截止时未收到保证金或有效保函".into());
    }
    SecurityOutcome {
        ok: false,
        how: "missing".into(),
        evidence: None,
        reason: Some(format!("未按招标文件要求提交投标保证金（{} 元）：{}", req.amount, why.join("；"))),
    }
}

/// What ends a deposit's time on the centre's account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundCause {
    /// The bid was withdrawn before the deadline (Art. 35).
    Withdrawn,
    /// The contract was signed (Art. 57); every deposit of the tender is returned.
    ContractSigned,
    /// The tender failed or was cancelled: nothing will be signed.
    TenderEnded,
}

/// **security.refund_due**: the last day a deposit must be back with the bidder: 5 days
/// after the cause (engineering and others), 5 working days (Monday to Friday) for
/// government procurement.
pub fn refund_due(trading_type: TradingType, cause_at: Timestamp) -> String {
    let day = crate::credit::day_of(cause_at);
    if trading_type != TradingType::Procurement {
        return add_days(&day, REFUND_DAYS);
    }
    add_working_days(&day, REFUND_DAYS as u32)
}

/// `date` plus `n` working days (Monday–Friday; public holidays become data with the
/// holiday calendar).
pub fn add_working_days(date: &str, n: u32) -> String {
    let mut d = date.to_string();
    let mut left = n;
    while left > 0 {
        d = add_days(&d, 1);
        if weekday(&d) < 5 {
            left -= 1;
        }
    }
    d
}

/// The columns of a bank statement export the finance office imports.
pub const STATEMENT_COLUMNS: [&str; 6] = ["bank_serial", "received_at", "payer_name", "payer_account", "amount", "reference"];

/// One credit on the deposit account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRow {
    pub line: u64,
    pub bank_serial: String,
    pub received_at: Timestamp,
    pub payer_name: String,
    pub payer_account: String,
    pub amount: Decimal,
    pub reference: String,
}

/// Reads a bank statement (UTF-8 CSV, a header line; times are Beijing `YYYY-MM-DD HH:MM:SS`):
/// the rows, or every bad row by line (nothing is taken when any row is bad).
pub fn parse_statement(text: &str) -> Result<Vec<StatementRow>, Vec<crate::expert_library::RowError>> {
    use crate::expert_library::RowError;
    let err =
        |line: u64, column: &str, message: String| RowError { line, column: column.into(), code: "deposit.statement".into(), message };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rd = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = match rd.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => return Err(vec![err(1, "", format!("the header cannot be read: {e}"))]),
    };
    if header != STATEMENT_COLUMNS {
        return Err(vec![err(1, "", format!("the header must be: {}", STATEMENT_COLUMNS.join(",")))]);
    }
    let (mut rows, mut errors) = (Vec::new(), Vec::new());
    let mut seen = std::collections::HashMap::new();
    for rec in rd.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                errors.push(err(e.position().map(|p| p.line()).unwrap_or(0), "", format!("the line cannot be read: {e}")));
                continue;
            }
        };
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        if rec.len() != STATEMENT_COLUMNS.len() {
            errors.push(err(line, "", format!("{} columns, expected {}", rec.len(), STATEMENT_COLUMNS.len())));
            continue;
        }
        let f = |i: usize| rec.get(i).unwrap_or("").trim().to_string();
        let before = errors.len();
        let serial = f(0);
        if serial.is_empty() || serial.len() > 64 {
            errors.push(err(line, "bank_serial", "the bank's serial number is missing".into()));
        } else if let Some(first) = seen.insert(serial.clone(), line) {
            errors.push(err(line, "bank_serial", format!("serial {serial} is already on line {first}")));
        }
        let at = Timestamp::parse(&format!("{}+08:00", f(1).replace(' ', "T")));
        if at.is_err() {
            errors.push(err(line, "received_at", format!("'{}' is not a time YYYY-MM-DD HH:MM:SS (Beijing)", f(1))));
        }
        let amount: Option<Decimal> = f(4).parse().ok().filter(|a: &Decimal| *a > Decimal::ZERO && a.scale() <= 2);
        if amount.is_none() {
            errors.push(err(line, "amount", format!("'{}' is not a positive amount in yuan with at most 2 decimals", f(4))));
        }
        if f(5).is_empty() {
            errors.push(err(line, "reference", "the transfer has no reference (付款附言)".into()));
        }
        if f(2).is_empty() || f(3).is_empty() {
            errors.push(err(line, "payer_name", "the payer's name and account are needed".into()));
        }
        if errors.len() == before
            && let (Ok(received_at), Some(amount)) = (at, amount)
        {
            rows.push(StatementRow {
                line,
                bank_serial: serial,
                received_at,
                payer_name: f(2),
                payer_account: f(3),
                amount,
                reference: f(5),
            });
        }
    }
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

fn day_number(date: &str) -> i64 {
    // Days since 1970-01-01 of a valid YYYY-MM-DD (civil calendar).
    let y: i64 = date[0..4].parse().unwrap_or(1970);
    let m: i64 = date[5..7].parse().unwrap_or(1);
    let d: i64 = date[8..10].parse().unwrap_or(1);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn date_of(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD` plus `n` days.
pub fn add_days(date: &str, n: i64) -> String {
    date_of(day_number(date) + n)
}

/// Monday = 0 … Sunday = 6.
pub fn weekday(date: &str) -> i64 {
    // 1970-01-01 was a Thursday (3).
    (day_number(date) + 3).rem_euclid(7)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uscc::Uscc;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn req() -> SecurityRequirement {
        SecurityRequirement {
            amount: d("200000.00"),
            estimated_price: d("12000000.00"),
            forms: vec![SecurityForm::Deposit, SecurityForm::Guarantee],
            credit_exemption: true,
            bid_validity_days: 90,
            account: Some(DepositAccount {
                bank: "湖州银行营业部".into(),
                name: "湖州市公共资源交易中心".into(),
                number: "201000123456789".into(),
            }),
        }
    }

    fn party(name: &str, uscc: &str) -> Party {
        Party { name: name.into(), uscc: Uscc::parse(uscc).unwrap() }
    }

    #[test]
    fn security_over_two_percent_of_the_estimated_price_is_refused() {
        assert!(req().problems().is_empty());
        let over = SecurityRequirement { amount: d("240000.01"), ..req() };
        let p = over.problems();
        assert_eq!(p[0].code, "security.cap");
        assert!(p[0].message.contains("240000.00"), "{}", p[0].message);
        assert!(SecurityRequirement { amount: d("240000.00"), ..req() }.problems().is_empty(), "exactly 2% is allowed");
        let no_account = SecurityRequirement { account: None, ..req() };
        assert_eq!(no_account.problems()[0].code, "security.account");
        let guarantees_only = SecurityRequirement { account: None, forms: vec![SecurityForm::Guarantee], ..req() };
        assert!(guarantees_only.problems().is_empty());
    }

    #[test]
    fn the_deposit_reference_is_per_tender_and_bidder() {
        let a = deposit_reference("HZ-GC-2026-0417", "9135021359498494XQ");
        assert_eq!(a.len(), 15);
        assert!(a.starts_with("BZJ"));
        assert_eq!(a, deposit_reference("HZ-GC-2026-0417", "9135021359498494XQ"));
        assert_ne!(a, deposit_reference("HZ-GC-2026-0418", "9135021359498494XQ"));
        assert_ne!(a, deposit_reference("HZ-GC-2026-0417", "91350213678251743X"));
    }

    #[test]
    fn a_guarantee_must_cover_the_amount_the_beneficiary_and_the_bid_validity() {
        let deadline = Timestamp::parse("2026-12-20T02:00:00Z").unwrap();
        let tenderer = party("湖州市交通投资集团有限公司", "91350100M000100Y43");
        let g = Guarantee {
            format: GUARANTEE_FORMAT,
            number: "HZB-2026-000123".into(),
            guarantor: party("湖州银行股份有限公司", "91350200MA31E12PXF"),
            beneficiary: tenderer.clone(),
            applicant: party("湖州建工集团有限公司", "9135021359498494XQ"),
            tender: "HZ-GC-2026-0417".into(),
            amount: d("200000.00"),
            valid_from: "2026-12-10".into(),
            valid_until: "2027-03-20".into(),
            issued_at: Timestamp::parse("2026-12-10T02:00:00Z").unwrap(),
        };
        assert_eq!(req().covered_until(deadline), "2027-03-20");
        assert!(guarantee_problems(&g, "HZ-GC-2026-0417", &tenderer, &req(), deadline).is_empty());
        let short = Guarantee { valid_until: "2027-03-19".into(), amount: d("199999.99"), ..g.clone() };
        assert_eq!(guarantee_problems(&short, "HZ-GC-2026-0417", &tenderer, &req(), deadline).len(), 2);
        let other = Guarantee { beneficiary: party("别人", "91350213678251743X"), ..g.clone() };
        assert!(guarantee_problems(&other, "HZ-GC-2026-0417", &tenderer, &req(), deadline)[0].message.contains("beneficiary"));
        assert!(!guarantee_problems(&g, "HZ-GC-2026-0999", &tenderer, &req(), deadline).is_empty());
    }

    #[test]
    fn security_at_the_deadline_counts_deposits_guarantees_and_the_credit_waiver() {
        let deadline = Timestamp::parse("2026-12-20T02:00:00Z").unwrap();
        let before = deadline.plus_seconds(-60);
        let after = deadline.plus_seconds(60);
        let r = req();
        let dep = |a: &str, at| DepositFact { amount: d(a), received_at: at };
        assert_eq!(security_at_deadline(None, &[], &[], None, deadline).how, "not_required");
        let o = security_at_deadline(Some(&r), &[dep("150000", before), dep("50000", before)], &[], None, deadline);
        assert!(o.ok && o.how == "deposit");
        let late = security_at_deadline(Some(&r), &[dep("150000", before), dep("50000", after)], &[], None, deadline);
        assert!(!late.ok && late.reason.as_ref().unwrap().contains("不足"), "{late:?}");
        let g = GuaranteeFact { number: "HZB-1".into(), amount: d("200000"), issued_at: before, terms_ok: true, revoked_at: None };
        assert_eq!(security_at_deadline(Some(&r), &[], std::slice::from_ref(&g), None, deadline).how, "guarantee");
        let revoked = GuaranteeFact { revoked_at: Some(before), ..g.clone() };
        let o = security_at_deadline(Some(&r), &[], &[revoked], None, deadline);
        assert!(!o.ok && o.reason.unwrap().contains("撤销"));
        let revoked_after = GuaranteeFact { revoked_at: Some(after), ..g.clone() };
        assert!(security_at_deadline(Some(&r), &[], &[revoked_after], None, deadline).ok, "a revocation after the deadline is too late");
        let exempt = security_at_deadline(Some(&r), &[], &[], Some("rec1"), deadline);
        assert!(exempt.ok && exempt.how == "exempt" && exempt.evidence.as_deref() == Some("rec1"));
        let no_waiver = SecurityRequirement { credit_exemption: false, ..r.clone() };
        assert!(
            !security_at_deadline(Some(&no_waiver), &[], &[], Some("rec1"), deadline).ok,
            "the tender decides whether the waiver applies"
        );
        let missing = security_at_deadline(Some(&r), &[], &[], None, deadline);
        assert!(missing.reason.unwrap().starts_with("未按招标文件要求提交投标保证金"));
    }

    #[test]
    fn a_bank_statement_reports_every_bad_row_by_line() {
        let head = STATEMENT_COLUMNS.join(",");
        let ok = "HZB20261215000123,2026-12-15 10:12:00,湖州建工集团有限公司,201000999888777,200000.00,BZJ0123456789AB";
        let rows = parse_statement(&format!("{head}\n{ok}\n")).unwrap();
        assert_eq!(rows[0].received_at, Timestamp::parse("2026-12-15T02:12:00Z").unwrap());
        assert_eq!(rows[0].amount, d("200000.00"));
        let bad = format!("{head}\n{ok}\n{ok}\nX2,2026-12-32 10:00:00,某公司,1,-5,\n");
        let e = parse_statement(&bad).unwrap_err();
        let at: Vec<(u64, &str)> = e.iter().map(|e| (e.line, e.column.as_str())).collect();
        assert!(
            at.contains(&(3, "bank_serial"))
                && at.contains(&(4, "received_at"))
                && at.contains(&(4, "amount"))
                && at.contains(&(4, "reference")),
            "{at:?}"
        );
    }

    #[test]
    fn deposits_are_due_back_in_five_days_or_five_working_days() {
        // Friday 2026-12-18, 10:00 Beijing.
        let fri = Timestamp::parse("2026-12-18T02:00:00Z").unwrap();
        assert_eq!(weekday("2026-12-18"), 4);
        assert_eq!(refund_due(TradingType::Engineering, fri), "2026-12-23");
        assert_eq!(refund_due(TradingType::Procurement, fri), "2026-12-25", "Mon–Fri of the next week");
        assert_eq!(add_days("2026-12-30", 5), "2027-01-04");
        assert_eq!(add_days("2028-02-27", 2), "2028-02-29");
    }
}
