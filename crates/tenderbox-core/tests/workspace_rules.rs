//! Rules over the whole workspace's sources:
//! - every error code it reports is in the registry (`tenderbox_core::codes`) and so
//!   has wording in both languages (string literals passed where a code goes);
//! - the server's paths are spelled in one place on the client side
//!   (`tenderbox_client::endpoints`): the desk, the CLI and the desktop shell call
//!   its typed functions, so a route cannot drift between them.

use std::path::{Path, PathBuf};
use tenderbox_core::codes::Code;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The text before a string literal that makes it an error code.
fn is_code_position(before: &str) -> bool {
    let b = before.trim_end();
    ["DeskError::new(", "Failure::new(", "Refused(", "refused(", "=>", "code:", "Problem::new(", "coded("].iter().any(|p| b.ends_with(p))
        || b.rsplit_once("Error::")
            .is_some_and(|(_, rest)| rest.ends_with('(') && rest[..rest.len() - 1].chars().all(char::is_alphanumeric))
}

fn looks_like_code(s: &str) -> bool {
    s.split_once('.').is_some_and(|(a, n)| {
        !a.is_empty() && !n.is_empty() && !n.contains('.') && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'.' || b == b'_')
    })
}

#[test]
fn every_reported_code_is_registered_with_wording() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for c in std::fs::read_dir(root.join("crates")).unwrap().flatten() {
        if c.path().join("src").is_dir() {
            rust_files(&c.path().join("src"), &mut files);
        }
    }
    rust_files(&root.join("src-tauri/src"), &mut files);
    let mut missing = Vec::new();
    let mut found = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let mut rest = text.as_str();
        let mut offset = 0;
        while let Some(i) = rest.find('"') {
            let after = &rest[i + 1..];
            let Some(j) = after.find('"') else { break };
            let lit = &after[..j];
            let before = &text[..offset + i];
            if looks_like_code(lit) && is_code_position(before) {
                found += 1;
                if Code::parse(lit).is_none() {
                    missing.push(format!("{lit} ({})", f.strip_prefix(&root).unwrap_or(f).display()));
                }
            }
            offset += i + 1 + j + 1;
            rest = &text[offset..];
        }
    }
    assert!(found > 200, "the scan found only {found} codes; it no longer recognises how codes are written");
    assert!(missing.is_empty(), "codes without an entry in tenderbox_core::codes:\n{}", missing.join("\n"));
}

#[test]
fn no_route_path_outside_the_endpoints_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for d in ["crates/tenderbox-client/src", "crates/tenderbox-cli/src", "src-tauri/src"] {
        rust_files(&root.join(d), &mut files);
    }
    let mut offenders = Vec::new();
    for f in files.iter().filter(|f| !f.ends_with("endpoints.rs")) {
        for (n, line) in std::fs::read_to_string(f).unwrap().lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.contains("\"/v1/") || code.contains("/v1/{") || code.contains("}/v1/") {
                offenders.push(format!("{}:{}: {}", f.strip_prefix(&root).unwrap_or(f).display(), n + 1, line.trim()));
            }
        }
    }
    assert!(offenders.is_empty(), "route paths outside tenderbox_client::endpoints:\n{}", offenders.join("\n"));
}
