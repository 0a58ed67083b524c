//! The server's paths are spelled in one place on the client side
//! (`tenderbox_client::endpoints`): the desk, the CLI and the desktop shell call
//! its typed functions, so a route cannot drift between them.

use std::path::{Path, PathBuf};

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
