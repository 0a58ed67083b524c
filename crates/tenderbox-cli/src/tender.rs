use crate::cli::TenderCmd;
use crate::ui::{self, Failure, Result};
use tenderbox_client::draft::read_tender;
use tenderbox_client::files::write_atomic;
use tenderbox_core::tender::{TenderDocument, TenderFile};

pub fn run(cmd: TenderCmd, json: bool) -> Result<()> {
    match cmd {
        TenderCmd::Publish { .. }
        | TenderCmd::List { .. }
        | TenderCmd::Fetch { .. }
        | TenderCmd::Cancel { .. }
        | TenderCmd::Clarifications { .. }
        | TenderCmd::Ask { .. }
        | TenderCmd::Answer { .. } => {
            return crate::online::tender(cmd, json);
        }
        TenderCmd::Example { output } => {
            let t = TenderDocument::example(ui::now());
            let bytes = serde_json::to_vec_pretty(&t).expect("serialisable");
            write_atomic(&output, &bytes, false)?;
            let hash = t.hash_hex().map_err(|e| Failure::new("tender.canonical", e.to_string()))?;
            if json {
                ui::print_json(&serde_json::json!({ "file": output, "id": t.id, "sha256": hash }));
            } else {
                println!("Wrote example tender {} ({}) to {}\nSHA-256 {hash}", t.id, t.title, output.display());
            }
        }
        TenderCmd::Attach { tender, files } => {
            let mut t = read_tender(&tender)?;
            for f in &files {
                let name = f
                    .file_name()
                    .and_then(|n| n.to_str())
                    .ok_or_else(|| Failure::new("file.name", format!("{} has no usable file name", f.display())))?
                    .to_string();
                let (size, sha256) =
                    tenderbox_client::api::file_sha256(f).map_err(|e| Failure::new("io", format!("{}: {e}", f.display())))?;
                t.files.retain(|x| x.name != name);
                t.files.push(TenderFile { name, sha256, size });
            }
            let problems = t.validate();
            if !problems.is_empty() {
                let list = problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; ");
                return Err(Failure::new("tender.invalid", format!("not attached: {list}")));
            }
            write_atomic(&tender, &serde_json::to_vec_pretty(&t).expect("serialisable"), false)?;
            if json {
                ui::print_json(&t.files);
            } else {
                for f in &t.files {
                    println!("{}\t{} bytes\t{}", f.name, f.size, f.sha256);
                }
            }
        }
        TenderCmd::Check { file } => {
            let t = read_tender(&file)?;
            let hash = t.hash_hex().map_err(|e| Failure::new("tender.canonical", e.to_string()))?;
            if json {
                ui::print_json(&serde_json::json!({ "id": t.id, "version": t.version, "sha256": hash, "deadline": t.deadline }));
            } else {
                println!(
                    "{} v{}: valid\n{}\ndeadline {} (Beijing time {})\nSHA-256 {hash}",
                    t.id,
                    t.version,
                    t.title,
                    t.deadline,
                    t.deadline.to_beijing()
                );
            }
        }
    }
    Ok(())
}
