//! Money: exact decimal amounts in yuan and their Chinese upper-case form (大写金额)
//! as written in a bid letter (投标函), following the rules of 会计基础工作规范
//! (Ministry of Finance, 1996) Art. 52.

use rust_decimal::Decimal;

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const IN_GROUP: [&str; 4] = ["", "拾", "佰", "仟"];
const GROUPS: [&str; 4] = ["", "万", "亿", "万亿"];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("amount {0} is negative")]
    Negative(Decimal),
    #[error("amount {0} has more than 2 decimal places (fen is the smallest unit)")]
    TooPrecise(Decimal),
    #[error("amount {0} is too large (at most 9999999999999999.99 yuan)")]
    TooLarge(Decimal),
}

/// Renders an amount in yuan as 大写, e.g. `1409.50` → `壹仟肆佰零玖元伍角`.
pub fn to_chinese_upper(amount: Decimal) -> Result<String, AmountError> {
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(AmountError::Negative(amount));
    }
    let fen_total = amount * Decimal::from(100);
    if fen_total.fract() != Decimal::ZERO {
        return Err(AmountError::TooPrecise(amount));
    }
    let fen_total: u128 = fen_total.trunc().to_string().parse().map_err(|_| AmountError::TooLarge(amount))?;
    let yuan = fen_total / 100;
    if yuan >= 10_000_000_000_000_000 {
        return Err(AmountError::TooLarge(amount));
    }
    let jiao = (fen_total / 10 % 10) as usize;
    let fen = (fen_total % 10) as usize;

    let mut out = String::new();
    if yuan > 0 {
        out.push_str(&integer_upper(yuan));
        out.push('元');
    }
    match (jiao, fen) {
        (0, 0) => {
            if yuan == 0 {
                out.push_str("零元");
            }
            out.push('整');
        }
        (0, f) => {
            if yuan > 0 {
                out.push('零');
            }
            out.push(DIGITS[f]);
            out.push('分');
        }
        (j, 0) => {
            out.push(DIGITS[j]);
            out.push('角');
        }
        (j, f) => {
            out.push(DIGITS[j]);
            out.push('角');
            out.push(DIGITS[f]);
            out.push('分');
        }
    }
    Ok(out)
}

fn integer_upper(mut n: u128) -> String {
    let mut groups = Vec::new();
    while n > 0 {
        groups.push((n % 10_000) as usize);
        n /= 10_000;
    }
    let mut out = String::new();
    let mut pending_zero = false;
    for (gi, &g) in groups.iter().enumerate().rev() {
        if g == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if !out.is_empty() && (pending_zero || g < 1000) {
            out.push('零');
        }
        pending_zero = false;
        let digits = [g / 1000, g / 100 % 10, g / 10 % 10, g % 10];
        let mut zero_run = false;
        let mut started = false;
        for (i, &d) in digits.iter().enumerate() {
            if d == 0 {
                zero_run = started;
                continue;
            }
            if zero_run {
                out.push('零');
                zero_run = false;
            }
            started = true;
            out.push(DIGITS[d]);
            out.push_str(IN_GROUP[3 - i]);
        }
        out.push_str(GROUPS[gi]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn up(s: &str) -> String {
        to_chinese_upper(Decimal::from_str(s).unwrap()).unwrap()
    }

    // Examples of 会计基础工作规范 Art. 52.
    #[test]
    fn accounting_norm_examples() {
        assert_eq!(up("1409.50"), "壹仟肆佰零玖元伍角");
        assert_eq!(up("6007.14"), "陆仟零柒元壹角肆分");
        assert_eq!(up("1680.32"), "壹仟陆佰捌拾元叁角贰分");
        assert_eq!(up("107000.53"), "壹拾万柒仟元伍角叁分");
    }

    #[test]
    fn bid_letter_amounts() {
        assert_eq!(up("12345678.90"), "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角");
        assert_eq!(up("100000000"), "壹亿元整");
        assert_eq!(up("100001234"), "壹亿零壹仟贰佰叁拾肆元整");
        assert_eq!(up("1000010000"), "壹拾亿零壹万元整");
        assert_eq!(up("10.05"), "壹拾元零伍分");
        assert_eq!(up("0.56"), "伍角陆分");
        assert_eq!(up("0"), "零元整");
        assert_eq!(up("20300"), "贰万零叁佰元整");
        assert_eq!(up("1001"), "壹仟零壹元整");
    }

    #[test]
    fn fractions_of_a_fen_and_negatives_are_refused() {
        assert!(matches!(to_chinese_upper(Decimal::from_str("1.005").unwrap()), Err(AmountError::TooPrecise(_))));
        assert!(matches!(to_chinese_upper(Decimal::from_str("-1").unwrap()), Err(AmountError::Negative(_))));
        assert!(matches!(to_chinese_upper(Decimal::from_str("10000000000000000").unwrap()), Err(AmountError::TooLarge(_))));
    }
}
