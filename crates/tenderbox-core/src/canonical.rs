//! Canonical JSON (RFC 8785, JSON Canonicalization Scheme) for documents whose hash
//! or signature must be stable: the tender document, the bid manifest, envelope
//! headers.
//!
//! Our documents contain no floating-point numbers (money and scores are decimal
//! strings), so the JCS number rule reduces to integers; a float is refused rather
//! than risk two encodings. Object members are sorted by UTF-16 code units, strings
//! are escaped as ECMAScript `JSON.stringify` does, and there is no white space.

use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CanonicalError {
    #[error("canonical JSON does not allow the non-integer number {0}")]
    NonIntegerNumber(String),
    #[error("integer {0} is outside the range JSON numbers carry exactly (±2^53)")]
    IntegerOutOfRange(String),
    #[error("value cannot be encoded as JSON: {0}")]
    Serialize(String),
    #[error("not canonical JSON (RFC 8785): the bytes differ from their canonical form")]
    NotCanonical,
    #[error("invalid JSON: {0}")]
    Syntax(String),
}

/// Serialises a value to its RFC 8785 canonical bytes.
pub fn to_canonical_vec<T: Serialize>(value: &T) -> Result<Vec<u8>, CanonicalError> {
    let v = serde_json::to_value(value).map_err(|e| CanonicalError::Serialize(e.to_string()))?;
    let mut out = Vec::new();
    write_value(&v, &mut out)?;
    Ok(out)
}

/// Canonicalises arbitrary JSON bytes.
pub fn canonicalize(json: &[u8]) -> Result<Vec<u8>, CanonicalError> {
    let v: Value = serde_json::from_slice(json).map_err(|e| CanonicalError::Syntax(e.to_string()))?;
    let mut out = Vec::new();
    write_value(&v, &mut out)?;
    Ok(out)
}

/// Accepts bytes only if they already are canonical; returns the parsed value.
pub fn from_canonical_slice<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, CanonicalError> {
    let c = canonicalize(bytes)?;
    if c != bytes {
        return Err(CanonicalError::NotCanonical);
    }
    serde_json::from_slice(bytes).map_err(|e| CanonicalError::Syntax(e.to_string()))
}

const MAX_SAFE: u64 = (1 << 53) - 1;

fn write_value(v: &Value, out: &mut Vec<u8>) -> Result<(), CanonicalError> {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                if u > MAX_SAFE {
                    return Err(CanonicalError::IntegerOutOfRange(n.to_string()));
                }
                out.extend_from_slice(u.to_string().as_bytes());
            } else if let Some(i) = n.as_i64() {
                if i.unsigned_abs() > MAX_SAFE {
                    return Err(CanonicalError::IntegerOutOfRange(n.to_string()));
                }
                out.extend_from_slice(i.to_string().as_bytes());
            } else {
                return Err(CanonicalError::NonIntegerNumber(n.to_string()));
            }
        }
        Value::String(s) => write_string(s, out),
        Value::Array(a) => {
            out.push(b'[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(x, out)?;
            }
            out.push(b']');
        }
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            out.push(b'{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_string(k, out);
                out.push(b':');
                write_value(&m[k], out)?;
            }
            out.push(b'}');
        }
    }
    Ok(())
}

fn write_string(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    for ch in s.chars() {
        match ch {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\u{08}' => out.extend_from_slice(b"\\b"),
            '\u{0c}' => out.extend_from_slice(b"\\f"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if (c as u32) < 0x20 => out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes()),
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_sorted_by_utf16_and_no_whitespace() {
        // RFC 8785 section 3.2.3 sorting example (subset without floats).
        let input = r#"{ "\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis" }"#;
        let c = String::from_utf8(canonicalize(input.as_bytes()).unwrap()).unwrap();
        let order: Vec<&str> = ["Carriage Return", "One", "Control", "Latin Small", "Euro Sign", "Emoji", "Hebrew"].to_vec();
        let mut last = 0;
        for o in order {
            let p = c.find(o).unwrap();
            assert!(p >= last, "{o} out of order in {c}");
            last = p;
        }
    }

    #[test]
    fn escapes_follow_ecmascript() {
        let c = canonicalize(br#"{"a":"\u0001\u001f\"\\\n/\u00e9"}"#).unwrap();
        assert_eq!(c, "{\"a\":\"\\u0001\\u001f\\\"\\\\\\n/\u{e9}\"}".as_bytes());
    }

    #[test]
    fn floats_are_refused() {
        assert!(matches!(canonicalize(b"[1.5]"), Err(CanonicalError::NonIntegerNumber(_))));
        assert!(matches!(canonicalize(b"[9007199254740993]"), Err(CanonicalError::IntegerOutOfRange(_))));
    }

    #[test]
    fn non_canonical_input_is_detected() {
        assert!(from_canonical_slice::<Value>(br#"{"b":1,"a":2}"#).is_err());
        assert!(from_canonical_slice::<Value>(br#"{"a":2,"b":1}"#).is_ok());
    }
}
