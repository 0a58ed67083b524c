//! A problem found while checking a document: a stable code for programs, the place
//! it was found, and a message for people. Checks return every problem, not the first.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Stable, dotted code such as `price.missing`; programs match on this.
    pub code: String,
    /// Where: `lots[L1].price`, `responses[Q3]`, `attachments[a.pdf]`.
    pub path: String,
    pub message: String,
}

impl Problem {
    pub fn new(code: &str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem { code: code.to_string(), path: path.into(), message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}: {}", self.code, self.path, self.message)
    }
}

/// Why a name cannot be used for a file inside a bid package, or `None` if it can.
/// Names are relative, `/`-separated, and can never escape the folder they are
/// unpacked into.
pub fn attachment_name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("the name is empty");
    }
    if name.len() > 255 {
        return Some("the name is longer than 255 bytes");
    }
    if name.starts_with('/') || name.contains('\\') {
        return Some("absolute paths and backslashes are not allowed");
    }
    if name.contains(':') {
        return Some("colons are not allowed (drive letters and Windows alternate data streams)");
    }
    if name.chars().any(|c| c.is_control()) {
        return Some("control characters are not allowed");
    }
    for part in name.split('/') {
        match part {
            "" => return Some("empty path components are not allowed"),
            "." | ".." => return Some("'.' and '..' components are not allowed"),
            p if p.ends_with('.') || p.ends_with(' ') => return Some("a name may not end with a dot or a space (Windows drops them)"),
            p if windows_reserved(p) => return Some("CON, PRN, AUX, NUL, COM1–9 and LPT1–9 are reserved device names on Windows"),
            _ => {}
        }
    }
    None
}

fn windows_reserved(component: &str) -> bool {
    let stem = component.split('.').next().unwrap_or_default().trim_end().to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$")
        || matches!(
            stem.strip_prefix("COM").or_else(|| stem.strip_prefix("LPT")),
            Some("0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³")
        )
}

/// The key under which two attachment names collide: Windows and macOS compare
/// names without regard to case, so `报价.PDF` and `报价.pdf` are one file there.
pub fn attachment_name_key(name: &str) -> String {
    name.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_names_are_refused() {
        for bad in ["", "../x.pdf", "a/../../x", "/etc/passwd", "C:x", "a\\b", "a//b", "./a", "a\nb"] {
            assert!(attachment_name_problem(bad).is_some(), "{bad:?}");
        }
        for good in ["技术标.pdf", "drawings/site-plan.dwg", "a..b.pdf"] {
            assert!(attachment_name_problem(good).is_none(), "{good:?}");
        }
    }
}
