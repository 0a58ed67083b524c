//! Attachments of a bid draft: files copied in from a path or from the window (bytes
//! over IPC, the name percent-encoded in a header), removed, and read back for preview.

use super::bid::BidView;
use super::{Desk, DeskError, DeskResult};
use crate::draft::{Draft, DraftError};
use std::path::Path;

impl Desk {
    /// Copies a file into the draft (atomically) and attaches it to an item.
    pub async fn bid_attach(&self, tender: &str, lot: &str, item: &str, file: &str, name: Option<String>) -> DeskResult<BidView> {
        let mut d = self.draft(tender).await?;
        if !Path::new(file).is_file() {
            return Err(DeskError::new("attachment.not_a_file", format!("{file} is not a file")));
        }
        let (lot, item, file) = (lot.to_string(), item.to_string(), file.to_string());
        // Copying a large drawing set must not hold up the async runtime.
        let d = tokio::task::spawn_blocking(move || -> DeskResult<Draft> {
            d.attach(Path::new(&file), name.as_deref(), &lot, &item)?;
            d.save()?;
            Ok(d)
        })
        .await
        .map_err(|e| DeskError::new("attachment.copy", e.to_string()))??;
        self.bid_view(&d).await
    }

    /// Attaches content the window read from a file chooser (no path is exposed
    /// to a web page): staged in the data folder, then attached like a file.
    pub async fn bid_attach_bytes(&self, tender: &str, lot: &str, item: &str, name: &str, bytes: Vec<u8>) -> DeskResult<BidView> {
        if let Some(why) = tenderbox_core::problem::attachment_name_problem(name) {
            return Err(DraftError::BadName(name.to_string(), why).into());
        }
        let staging = self.home.join("tmp");
        std::fs::create_dir_all(&staging)?;
        let tmp = staging.join(format!("upload-{}-{}", std::process::id(), self.now().unix()));
        crate::files::write_atomic(&tmp, &bytes, false)?;
        let r = self.bid_attach(tender, lot, item, &tmp.display().to_string(), Some(name.to_string())).await;
        let _ = std::fs::remove_file(&tmp);
        r
    }

    /// Removes an attachment from an item; the file goes when no item uses it.
    pub async fn bid_detach(&self, tender: &str, lot: &str, item: &str, name: &str) -> DeskResult<BidView> {
        let mut d = self.draft(tender).await?;
        if let Some(r) = d.bid.response_mut(lot, item) {
            r.attachments.retain(|a| a != name);
        }
        if !d.bid.responses.iter().any(|r| r.attachments.iter().any(|a| a == name))
            && let Some(pos) = d.bid.attachments.iter().position(|a| a.name == name)
        {
            let a = d.bid.attachments.remove(pos);
            d.save()?;
            let _ = std::fs::remove_file(d.attachment_path(&a));
        }
        d.save()?;
        self.bid_view(&d).await
    }

    /// The bytes of a draft attachment (the PDF preview).
    pub async fn bid_attachment_bytes(&self, tender: &str, name: &str) -> DeskResult<Vec<u8>> {
        let d = self.draft(tender).await?;
        let a = d
            .bid
            .attachments
            .iter()
            .find(|a| a.name == name)
            .ok_or_else(|| DeskError::new("attachment.unknown", format!("the draft has no attachment {name}")))?;
        Ok(tokio::fs::read(d.attachment_path(a)).await?)
    }

    /// Attaches a file chosen in the window: its bytes come as the raw IPC body,
    /// `tender`, `lot`, `item` and the percent-encoded `name` as headers
    /// (`header(name)` reads one).
    pub async fn bid_attach_ipc(&self, header: &(dyn Fn(&str) -> Option<String> + Sync), body: Option<Vec<u8>>) -> DeskResult<BidView> {
        let get = |k: &str| -> DeskResult<String> {
            let raw = header(k).ok_or_else(|| DeskError::new("ipc.header", format!("missing header {k}")))?;
            percent_decode(&raw).ok_or_else(|| DeskError::new("ipc.header", format!("header {k} is not percent-encoded UTF-8")))
        };
        let bytes = body.ok_or_else(|| DeskError::new("ipc.body", "send the file's bytes as the raw body"))?;
        self.bid_attach_bytes(&get("tender")?, &get("lot")?, &get("item")?, &get("name")?, bytes).await
    }
}

/// A percent-encoded header of a raw IPC request (file name, tender id…), decoded.
pub(super) fn ipc_header(header: &(dyn Fn(&str) -> Option<String> + Sync), k: &str) -> DeskResult<String> {
    let raw = header(k).ok_or_else(|| DeskError::new("ipc.header", format!("missing header {k}")))?;
    percent_decode(&raw).ok_or_else(|| DeskError::new("ipc.header", format!("header {k} is not percent-encoded UTF-8")))
}

pub(super) fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(s.get(i + 1..i + 3)?, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn attachment_names_arrive_percent_encoded() {
        assert_eq!(super::percent_decode("%E6%96%BD%E5%B7%A5.pdf").as_deref(), Some("施工.pdf"));
        assert_eq!(super::percent_decode("a%2").as_deref(), None);
        assert_eq!(super::percent_decode("%FF").as_deref(), None);
    }
}
