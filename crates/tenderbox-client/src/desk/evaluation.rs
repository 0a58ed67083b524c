//! The evaluator's desk (评标): the session of a tender the expert sits on — sign in at the
//! venue, declare conflicts with the bidders, vote for the chair, ask for more time — and
//! the bids, downloaded and opened on this computer with every check made here. Centre
//! admins and supervisors watch the session; the admin extends it.

use super::{Desk, DeskError, DeskResult};
use serde::Serialize;
use tenderbox_wire::EvaluationState;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SessionMemberView {
    pub seat: String,
    pub expert: String,
    pub name: String,
    pub employer_name: String,
    pub venue: String,
    pub main_venue: bool,
    /// Beijing time.
    pub signed_in_at: String,
    /// `pending`, `none`, `conflict`.
    pub declaration: String,
    pub void: bool,
    pub votes: u32,
    pub chair: bool,
    pub me: bool,
    /// The tenderer's representative (not a drawn expert).
    pub representative: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SessionBidderView {
    pub uscc: String,
    pub name: String,
    pub outcome: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SessionView {
    pub tender: String,
    pub draw: String,
    #[ts(type = "number")]
    pub evaluation_start: i64,
    pub committee_experts: u32,
    pub members: Vec<SessionMemberView>,
    pub chair: Option<String>,
    pub time_requests: u32,
    #[ts(type = "number | null")]
    pub extended_to: Option<i64>,
    pub extension_reason: Option<String>,
    pub bidders: Vec<SessionBidderView>,
    /// The caller's seat when the caller sits on the committee.
    pub me: Option<String>,
    /// The caller's own declaration: `pending`, `none`.
    pub my_declaration: Option<String>,
    /// Whether the caller voted.
    pub i_voted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OpenedFileView {
    pub name: String,
    pub path: String,
    #[ts(type = "number")]
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OpenedBidView {
    pub bid_sha256: String,
    pub bidder_uscc: String,
    pub bidder_name: String,
    pub folder: String,
    pub files: Vec<OpenedFileView>,
}

/// One bid's response to a required item, as its bidder signed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CompareCellView {
    pub bidder: String,
    pub text: String,
    pub attachments: Vec<String>,
}

/// A required item of the tender with the criteria it is scored under, and each opened
/// bid's response to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CompareRowView {
    pub lot: String,
    pub lot_name: String,
    pub item: String,
    pub title: String,
    pub criteria: Vec<String>,
    pub cells: Vec<CompareCellView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CompareView {
    /// (credit code, name) of each opened bid.
    pub bidders: Vec<SessionBidderView>,
    pub rows: Vec<CompareRowView>,
}

pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    SessionView::export_all_to(dir)?;
    OpenedBidView::export_all_to(dir)?;
    CompareView::export_all_to(dir)
}

fn view(st: EvaluationState, voted: bool) -> SessionView {
    let me = st.me.clone();
    let my_declaration = me.as_ref().and_then(|m| st.members.iter().find(|x| &x.seat == m)).map(|m| m.declaration.clone());
    SessionView {
        members: st
            .members
            .iter()
            .map(|m| SessionMemberView {
                seat: m.seat.clone(),
                expert: m.expert.clone(),
                name: m.name.clone(),
                employer_name: m.employer_name.clone(),
                venue: m.venue.clone(),
                main_venue: m.main_venue,
                signed_in_at: m.signed_in_at.to_beijing(),
                declaration: m.declaration.clone(),
                void: m.void,
                votes: m.votes,
                chair: st.chair.as_deref() == Some(m.seat.as_str()),
                me: me.as_deref() == Some(m.seat.as_str()),
                representative: m.representative,
            })
            .collect(),
        bidders: st
            .bidders
            .iter()
            .map(|b| SessionBidderView {
                uscc: b.uscc.clone(),
                name: b.name.clone(),
                outcome: serde_json::to_value(b.outcome).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
            })
            .collect(),
        tender: st.tender,
        draw: st.draw,
        evaluation_start: st.evaluation_start.unix(),
        committee_experts: st.committee_experts,
        chair: st.chair,
        time_requests: st.time_requests,
        extended_to: st.extended_to.map(|t| t.unix()),
        extension_reason: st.extension_reason,
        me,
        my_declaration,
        i_voted: voted,
    }
}

impl Desk {
    fn voted_key(tender: &str) -> String {
        format!("evaluation-voted:{tender}")
    }

    async fn session_view(&self, st: EvaluationState) -> DeskResult<SessionView> {
        let voted = self.store.meta(&Self::voted_key(&st.tender)).await?.is_some();
        Ok(view(st, voted))
    }

    pub async fn evaluation(&self, tender: &str) -> DeskResult<SessionView> {
        let api = self.session_api().await?;
        let st = api.evaluation(tender).await?;
        self.session_view(st).await
    }

    pub async fn evaluation_sign_in(&self, tender: &str) -> DeskResult<SessionView> {
        let api = self.session_api().await?;
        let st = api.evaluation_sign_in(tender).await?;
        self.session_view(st).await
    }

    /// `conflicts`: the bidders' codes; empty: no conflict with any bidder.
    pub async fn evaluation_declare(&self, tender: &str, conflicts: Vec<String>) -> DeskResult<SessionView> {
        let api = self.session_api().await?;
        let st = api.evaluation_declare(tender, &conflicts).await?;
        self.session_view(st).await
    }

    pub async fn evaluation_vote(&self, tender: &str, seat: &str) -> DeskResult<SessionView> {
        let api = self.session_api().await?;
        let st = api.evaluation_vote(tender, seat).await?;
        self.store.set_meta(&Self::voted_key(tender), seat).await?;
        self.session_view(st).await
    }

    pub async fn evaluation_more_time(&self, tender: &str, reason: &str) -> DeskResult<SessionView> {
        let api = self.session_api().await?;
        let st = api.evaluation_more_time(tender, reason).await?;
        self.session_view(st).await
    }

    /// The centre admin extends the evaluation (`until`: a datetime-local value, Beijing).
    pub async fn evaluation_extend(&self, tender: &str, until: &str, reason: &str) -> DeskResult<SessionView> {
        let until = super::draws::beijing_local(until)?;
        let api = self.session_api().await?;
        let st = api.evaluation_extend(tender, until, reason).await?;
        self.session_view(st).await
    }

    /// One attachment of an opened bid, for the viewer (only from this tender's bid folders).
    pub async fn evaluation_file_bytes(&self, tender: &str, bidder: &str, name: &str) -> DeskResult<Vec<u8>> {
        let bad = || DeskError::new("evaluation.no_bid", format!("no opened file {name} of {bidder}"));
        let rel = std::path::Path::new(name);
        if bidder.contains(['/', '\\', '.']) || rel.components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
            return Err(bad());
        }
        let p =
            self.home.join("evaluations").join(crate::keystore::file_stem(tender)).join("bids").join(bidder).join("attachments").join(rel);
        std::fs::read(&p).map_err(|_| bad())
    }

    /// The opened bids side by side: every required item of the tender, the criteria it is
    /// scored under, and each bid's response (text and files) as its bidder signed it.
    pub async fn evaluation_compare(&self, tender: &str) -> DeskResult<CompareView> {
        let doc = match self.store.tender(tender).await? {
            Some(t) => t.record.document,
            None => self.session_api().await?.tender_record(tender).await?.document,
        };
        let root = self.home.join("evaluations").join(crate::keystore::file_stem(tender)).join("bids");
        let mut manifests = Vec::new();
        for entry in
            std::fs::read_dir(&root).map_err(|_| DeskError::new("evaluation.no_bid", "download and check the bids first"))?.flatten()
        {
            if let Ok(raw) = std::fs::read(entry.path().join("manifest.json")) {
                let m: tenderbox_seal::package::Manifest = serde_json::from_slice(&raw).map_err(|e| DeskError::new("io", e.to_string()))?;
                manifests.push(m);
            }
        }
        manifests.sort_by(|a, b| a.bidder.uscc.as_str().cmp(b.bidder.uscc.as_str()));
        let criterion = |id: &str| doc.criteria().iter().find(|c| c.id == id).map(|c| c.name.clone()).unwrap_or_else(|| id.to_string());
        let mut rows = Vec::new();
        for lot in &doc.lots {
            for item in &lot.items {
                let cells = manifests
                    .iter()
                    .map(|m| {
                        let r = m.responses.iter().find(|r| r.lot == lot.id && r.item == item.id);
                        CompareCellView {
                            bidder: m.bidder.uscc.to_string(),
                            text: r.map(|r| r.text.clone()).unwrap_or_default(),
                            attachments: r.map(|r| r.attachments.clone()).unwrap_or_default(),
                        }
                    })
                    .collect();
                rows.push(CompareRowView {
                    lot: lot.id.clone(),
                    lot_name: lot.name.clone(),
                    item: item.id.clone(),
                    title: item.title.clone(),
                    criteria: item.criterion.iter().map(|c| criterion(c)).collect(),
                    cells,
                });
            }
        }
        Ok(CompareView {
            bidders: manifests
                .iter()
                .map(|m| SessionBidderView { uscc: m.bidder.uscc.to_string(), name: m.bidder.name.clone(), outcome: "decrypted".into() })
                .collect(),
            rows,
        })
    }

    /// Downloads the bids and opens them under this computer's data folder, each checked
    /// here; an already opened tender is shown from its folder.
    pub async fn evaluation_bids(&self, tender: &str) -> DeskResult<Vec<OpenedBidView>> {
        let root = self.home.join("evaluations").join(crate::keystore::file_stem(tender)).join("bids");
        if !root.exists() {
            let api = self.session_api().await?;
            let log_key = self
                .store
                .meta(crate::sync::META_LOG_KEY)
                .await?
                .ok_or_else(|| DeskError::new("log.key", "this computer has not pinned the platform's log key yet; sync first"))?;
            let secret = self.signer().await?;
            let me =
                tenderbox_wire::identity_id(&base64::Engine::encode(&base64::engine::general_purpose::STANDARD, secret.signing_public()));
            let staging = root.with_extension("partial");
            let _ = std::fs::remove_dir_all(&staging);
            let opened = crate::evaluation::open_bids(&api, tender, &me, &secret, &log_key, &staging)
                .await
                .map_err(|e| DeskError::new(e.code(), e.to_string()))?;
            for b in &opened {
                crate::files::write_atomic(&b.folder.join("bid.sha256"), b.bid_sha256.as_bytes(), false)
                    .map_err(|e| DeskError::new("io", e.to_string()))?;
            }
            std::fs::rename(&staging, &root).map_err(|e| DeskError::new("io", format!("{}: {e}", root.display())))?;
        }
        let mut out = Vec::new();
        let rd = std::fs::read_dir(&root).map_err(|e| DeskError::new("io", format!("{}: {e}", root.display())))?;
        for entry in rd.flatten() {
            let folder = entry.path();
            let Ok(raw) = std::fs::read(folder.join("manifest.json")) else { continue };
            let m: tenderbox_seal::package::Manifest = serde_json::from_slice(&raw).map_err(|e| DeskError::new("io", e.to_string()))?;
            let files = m
                .attachments
                .iter()
                .map(|a| OpenedFileView {
                    name: a.name.clone(),
                    path: folder.join("attachments").join(&a.name).display().to_string(),
                    size: a.size,
                })
                .collect();
            let sha = std::fs::read_to_string(folder.join("bid.sha256")).unwrap_or_default();
            out.push(OpenedBidView {
                bid_sha256: sha,
                bidder_uscc: m.bidder.uscc.to_string(),
                bidder_name: m.bidder.name.clone(),
                folder: folder.display().to_string(),
                files,
            });
        }
        out.sort_by(|a, b| a.bidder_uscc.cmp(&b.bidder_uscc));
        Ok(out)
    }
}
