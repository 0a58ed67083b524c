//! The unified social credit code (统一社会信用代码, GB 32100-2015).
//!
//! 18 characters from a 31-character set; the last is a check character over the
//! first 17 with weights 3^(i-1) mod 31. A small number of real registry codes fail
//! the check; they are accepted only through [`Uscc::with_override`], which records
//! who approved the exception and why, so it is never silent.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The GB 32100 character set; a character's value is its index.
pub const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of positions 1 to 17.
pub const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Why a string is not a valid unified social credit code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsccError {
    #[error("a unified social credit code has 18 characters; this one has {got}")]
    Length { got: usize },
    #[error(
        "character '{ch}' at position {position} is not allowed in a unified social credit code (allowed: digits and ABCDEFGHJKLMNPQRTUWXY; no I, O, S, V, Z)"
    )]
    ForbiddenChar { ch: char, position: usize },
    #[error("check character is '{got}' but the first 17 characters require '{expected}'")]
    CheckMismatch { expected: char, got: char },
    #[error("an override of the check character needs an approver and a reason")]
    EmptyOverride,
}

impl UsccError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            UsccError::Length { .. } => "uscc.length",
            UsccError::ForbiddenChar { .. } => "uscc.forbidden_char",
            UsccError::CheckMismatch { .. } => "uscc.check_mismatch",
            UsccError::EmptyOverride => "uscc.empty_override",
        }
    }
}

/// A record that a code failing the check character was accepted on purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsccOverride {
    pub approved_by: String,
    pub reason: String,
}

/// A validated unified social credit code. Serialised as its 18 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Uscc(String);

fn value_of(ch: char) -> Option<u32> {
    CHARSET.find(ch).map(|i| i as u32)
}

/// The check character for the first 17 characters of a code.
pub fn check_char(first17: &str) -> Result<char, UsccError> {
    let n = first17.chars().count();
    if n != 17 {
        return Err(UsccError::Length { got: n + 1 });
    }
    let mut sum = 0u32;
    for (i, ch) in first17.chars().enumerate() {
        let v = value_of(ch).ok_or(UsccError::ForbiddenChar { ch, position: i + 1 })?;
        sum += v * WEIGHTS[i];
    }
    let idx = (31 - sum % 31) % 31;
    Ok(CHARSET.as_bytes()[idx as usize] as char)
}

fn check_shape(s: &str) -> Result<(), UsccError> {
    let n = s.chars().count();
    if n != 18 {
        return Err(UsccError::Length { got: n });
    }
    for (i, ch) in s.chars().enumerate() {
        if value_of(ch).is_none() {
            return Err(UsccError::ForbiddenChar { ch, position: i + 1 });
        }
    }
    Ok(())
}

impl Uscc {
    /// Parses and checks a code. Lower-case letters are accepted and upper-cased;
    /// surrounding white space is trimmed.
    pub fn parse(s: &str) -> Result<Self, UsccError> {
        let s = s.trim().to_ascii_uppercase();
        check_shape(&s)?;
        let expected = check_char(&s[..17])?;
        let got = s.as_bytes()[17] as char;
        if expected != got {
            return Err(UsccError::CheckMismatch { expected, got });
        }
        Ok(Uscc(s))
    }

    /// Accepts a code whose check character is wrong, because a registry really
    /// issued it. The shape (length, character set) must still be right. The
    /// override is returned so the caller logs it beside the identity.
    pub fn with_override(s: &str, ov: &UsccOverride) -> Result<Self, UsccError> {
        if ov.approved_by.trim().is_empty() || ov.reason.trim().is_empty() {
            return Err(UsccError::EmptyOverride);
        }
        let s = s.trim().to_ascii_uppercase();
        check_shape(&s)?;
        Ok(Uscc(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Uscc {
    type Error = UsccError;
    /// Deserialisation checks the shape only: stored codes were checked (or
    /// overridden, with the override kept beside them) when they were admitted.
    /// Fresh input goes through [`Uscc::parse`].
    fn try_from(s: String) -> Result<Self, Self::Error> {
        check_shape(&s)?;
        Ok(Uscc(s))
    }
}

impl From<Uscc> for String {
    fn from(u: Uscc) -> String {
        u.0
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // docs/domain.md, "Unified social credit code (GB 32100-2015)": valid examples.
    #[test]
    fn gb32100_examples_from_domain_md_are_valid() {
        for c in ["91350100M000100Y43", "91350200MA31E12PXF", "9135021359498494XQ", "91350213678251743X"] {
            assert_eq!(Uscc::parse(c).unwrap().as_str(), c);
        }
    }

    #[test]
    fn weights_are_powers_of_three_mod_31() {
        let mut w = 1u32;
        for x in WEIGHTS {
            assert_eq!(x, w);
            w = w * 3 % 31;
        }
    }

    #[test]
    fn wrong_length_names_the_length() {
        assert_eq!(Uscc::parse("91350100M000100Y4"), Err(UsccError::Length { got: 17 }));
    }

    #[test]
    fn forbidden_letter_names_char_and_position() {
        let e = Uscc::parse("91350100M0001O0Y43").unwrap_err();
        assert_eq!(e, UsccError::ForbiddenChar { ch: 'O', position: 14 });
        assert!(e.to_string().contains("position 14"));
    }

    #[test]
    fn wrong_check_character_names_the_expected_one() {
        let e = Uscc::parse("91350100M000100Y44").unwrap_err();
        assert_eq!(e, UsccError::CheckMismatch { expected: '3', got: '4' });
    }

    #[test]
    fn lower_case_and_spaces_are_normalised() {
        assert_eq!(Uscc::parse(" 91350200ma31e12pxf ").unwrap().as_str(), "91350200MA31E12PXF");
    }

    #[test]
    fn override_is_explicit_and_needs_a_reason() {
        let ov = UsccOverride { approved_by: "centre-admin-01".into(), reason: "registry record 2016/442".into() };
        assert!(Uscc::with_override("91350100M000100Y44", &ov).is_ok());
        let empty = UsccOverride { approved_by: "x".into(), reason: " ".into() };
        assert_eq!(Uscc::with_override("91350100M000100Y44", &empty), Err(UsccError::EmptyOverride));
        // The shape is still enforced under an override.
        assert!(Uscc::with_override("91350100M000100Y4", &ov).is_err());
    }
}
