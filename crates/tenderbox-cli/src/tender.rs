use crate::cli::TenderCmd;
use crate::ui::{self, Failure, Result};
use tenderbox_client::draft::read_tender;
use tenderbox_client::files::write_atomic;
use tenderbox_core::tender::TenderDocument;

pub fn run(cmd: TenderCmd, json: bool) -> Result<()> {
    match cmd {
        TenderCmd::Publish { .. } | TenderCmd::List { .. } | TenderCmd::Fetch { .. } | TenderCmd::Cancel { .. } => {
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
