//! The agency's desk: tenders drafted in a form, checked as they are typed (the
//! document's rules and the statutory periods), package files attached from disk,
//! amendments with what changed and its legal consequence, and publication signed
//! here and sent through the same flow as the CLI's.
//!
//! A draft is a folder `agency/<tender id>/` in the data folder: `draft.json` (the form
//! and what the form does not show) and the package files under their listed names.

use super::tender_form::{TenderFileForm, TenderForm, beijing_input, form_from, to_document};
use super::tenders::{ChangeView, TenderRow, changes, row};
use super::{Desk, DeskError, DeskResult};
use crate::files::write_atomic;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use tenderbox_core::periods;
use tenderbox_core::tender::{Custodian, Party, TenderDocument};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredDraft {
    form: TenderForm,
    /// The published version this draft amends (None: a new tender).
    amends: Option<u32>,
    /// The committee key of the published version (kept while the committee is unchanged).
    committee_public_key: Option<String>,
    /// Custodians known to this draft (from the published tender or the platform's list).
    known_custodians: Vec<Custodian>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FormProblem {
    pub code: String,
    /// The field (`lots[L1].ceiling_price`, `deadline`, …).
    pub path: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LegalRuleView {
    pub code: String,
    pub zh: String,
    pub en: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TenderDraftView {
    pub form: TenderForm,
    /// The published version this amends, if any.
    pub amends: Option<u32>,
    /// Empty: ready to sign and publish.
    pub problems: Vec<FormProblem>,
    /// The rules the dates are held to, to show beside them.
    pub rules: Vec<LegalRuleView>,
    /// For a statutory tender: the earliest deadline if published now (Beijing, form format).
    pub earliest_deadline: Option<String>,
    /// An amendment: what changed against the published version.
    pub changes: Vec<ChangeView>,
    /// An amendment with a change of substance too close to the deadline: where the
    /// deadline must move (Beijing, form format).
    pub moved_deadline: Option<String>,
    /// Where the package files live, for "show in folder".
    pub folder: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DraftRow {
    pub id: String,
    pub title: String,
    pub amends: Option<u32>,
    pub problems: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AgencyDeskView {
    pub drafts: Vec<DraftRow>,
    /// Tenders this identity published, as the platform has them.
    pub published: Vec<TenderRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PricePreviewLine {
    pub price: String,
    pub deviation_percent: String,
    pub score: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PricePreview {
    /// 评标基准价.
    pub base: String,
    pub lines: Vec<PricePreviewLine>,
}

pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    TenderDraftView::export_all_to(dir)?;
    AgencyDeskView::export_all_to(dir)?;
    PricePreview::export_all_to(dir)?;
    Ok(())
}

fn rule_view(r: periods::LegalRule) -> LegalRuleView {
    LegalRuleView { code: r.code.into(), zh: r.zh.into(), en: r.en.into(), source: r.source.into() }
}

/// The price score a formula gives sample prices (the form's preview).
pub fn price_preview(form: &super::tender_form::PriceForm, prices: &[String]) -> DeskResult<PricePreview> {
    let d = |s: &str, what: &str| {
        s.trim()
            .parse::<tenderbox_core::Decimal>()
            .map_err(|_| DeskError::new("form.number", format!("{what}: '{}' is not a number", s.trim())))
    };
    let f = tenderbox_core::tender::PriceFormula {
        full_marks: d(&form.full_marks, "full marks")?,
        points_per_percent_above: d(&form.points_per_percent_above, "points per % above")?,
        points_per_percent_below: d(&form.points_per_percent_below, "points per % below")?,
        drop_extremes_above: form.drop_extremes_above,
    };
    let bids = prices
        .iter()
        .filter(|p| !p.trim().is_empty())
        .enumerate()
        .map(|(i, p)| d(p, "sample price").map(|v| (i.to_string(), v)))
        .collect::<DeskResult<Vec<_>>>()?;
    let s =
        tenderbox_core::scoring::price_scores(&f, &Default::default(), &bids).map_err(|e| DeskError::new("form.number", e.to_string()))?;
    Ok(PricePreview {
        base: format!("{:.2}", s.base),
        lines: s
            .scores
            .into_iter()
            .map(|x| PricePreviewLine {
                price: format!("{:.2}", x.price),
                deviation_percent: format!("{:.2}", x.deviation_percent),
                score: format!("{:.2}", x.score),
            })
            .collect(),
    })
}

impl Desk {
    fn tender_drafts_dir(&self) -> PathBuf {
        self.home().join("agency")
    }

    fn tender_draft_dir(&self, id: &str) -> DeskResult<PathBuf> {
        if id.is_empty() || id.len() > 64 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(DeskError::new("tender.id", "the tender id must be 1–64 characters of A–Z, a–z, 0–9, '-' or '_'"));
        }
        Ok(self.tender_drafts_dir().join(id))
    }

    fn load_tender_draft(&self, id: &str) -> DeskResult<StoredDraft> {
        let path = self.tender_draft_dir(id)?.join("draft.json");
        let bytes =
            std::fs::read(&path).map_err(|_| DeskError::new("tender_draft.missing", format!("there is no draft of tender {id}")))?;
        serde_json::from_slice(&bytes).map_err(|e| DeskError::new("tender_draft.damaged", format!("{}: {e}", path.display())))
    }

    fn save_tender_draft(&self, d: &StoredDraft) -> DeskResult<()> {
        let dir = self.tender_draft_dir(&d.form.id)?;
        std::fs::create_dir_all(&dir)?;
        write_atomic(&dir.join("draft.json"), &serde_json::to_vec_pretty(d).expect("serialisable"), false)?;
        Ok(())
    }

    async fn me_as_agency(&self) -> DeskResult<(String, Party)> {
        let me = self.identity().await?.ok_or_else(|| DeskError::new("identity.none", "create an identity first"))?;
        let uscc = tenderbox_core::uscc::Uscc::parse(&me.uscc).map_err(|e| DeskError::new(e.code(), e.to_string()))?;
        Ok((me.id, Party { name: me.name, uscc }))
    }

    async fn draft_view(&self, d: &StoredDraft) -> DeskResult<TenderDraftView> {
        let (_, agency) = self.me_as_agency().await?;
        let now = self.server_now().await;
        let mut problems = Vec::new();
        let mut change_list = Vec::new();
        let mut moved = None;
        match to_document(&d.form, &agency, &d.known_custodians, d.committee_public_key.clone()) {
            Err(p) => problems = p,
            Ok(doc) => match d.amends {
                None => problems.extend(periods::publication_problems(&doc, now)),
                Some(_) => {
                    let published = self.stored_tender(&doc.id).await?.record.document;
                    change_list = changes(&published, &doc);
                    let amendment = periods::amendment_problems(&published, &doc, now);
                    if !amendment.is_empty() {
                        moved = periods::moved_deadline(&doc, now).map(beijing_input);
                    }
                    problems.extend(amendment);
                    if change_list.is_empty() {
                        problems.push(tenderbox_core::problem::Problem::new(
                            "tender_draft.unchanged",
                            "",
                            "the amendment changes nothing yet",
                        ));
                    }
                }
            },
        }
        let statutory = d.form.must_tender_by_law && d.amends.is_none();
        Ok(TenderDraftView {
            form: d.form.clone(),
            amends: d.amends,
            problems: problems.into_iter().map(|p| FormProblem { code: p.code, path: p.path, message: p.message }).collect(),
            rules: vec![rule_view(periods::TENDER_PERIOD), rule_view(periods::AMENDMENT_NOTICE)],
            earliest_deadline: statutory.then(|| beijing_input(periods::earliest_deadline(now, periods::TENDER_PERIOD_DAYS))),
            changes: change_list,
            moved_deadline: moved,
            folder: self.tender_draft_dir(&d.form.id)?.display().to_string(),
        })
    }

    /// Drafts on this computer and the tenders this identity published.
    pub async fn agency_desk(&self) -> DeskResult<AgencyDeskView> {
        let (me, agency) = self.me_as_agency().await?;
        let mut drafts = Vec::new();
        if let Ok(dir) = std::fs::read_dir(self.tender_drafts_dir()) {
            for e in dir.flatten() {
                let Some(id) = e.file_name().to_str().map(str::to_string) else { continue };
                if let Ok(d) = self.load_tender_draft(&id) {
                    let problems = match to_document(&d.form, &agency, &d.known_custodians, None) {
                        Ok(_) => 0,
                        Err(p) => p.len() as u32,
                    };
                    drafts.push(DraftRow { id, title: d.form.title, amends: d.amends, problems });
                }
            }
        }
        drafts.sort_by(|a, b| a.id.cmp(&b.id));
        let published = self.store().tenders().await?.iter().filter(|t| t.record.agency_id == me).map(row).collect();
        Ok(AgencyDeskView { drafts, published })
    }

    /// A new tender draft with project code `id`: prefilled with a complete engineering
    /// tender of this centre (the agency edits from there), the deadline twenty days out.
    pub async fn tender_draft_new(&self, id: &str) -> DeskResult<TenderDraftView> {
        let id = id.trim();
        let dir = self.tender_draft_dir(id)?;
        if dir.exists() || self.store().tender(id).await?.is_some() {
            return Err(DeskError::new("tender.exists", format!("tender {id} already exists (a draft or published)")));
        }
        let (_, agency) = self.me_as_agency().await?;
        let now = self.server_now().await;
        let mut doc = TenderDocument::example(now);
        doc.id = id.to_string();
        doc.agency = Some(agency);
        doc.must_tender_by_law = true;
        doc.deadline = periods::earliest_deadline(now, periods::TENDER_PERIOD_DAYS + 1);
        doc.opening_at = doc.deadline;
        let mut form = form_from(&doc);
        form.title.clear();
        form.tenderer_name.clear();
        form.tenderer_uscc.clear();
        let d = StoredDraft { form, amends: None, committee_public_key: None, known_custodians: vec![] };
        self.save_tender_draft(&d)?;
        self.draft_view(&d).await
    }

    /// Starts an amendment of published tender `id`: a draft of the next version.
    pub async fn tender_amend_start(&self, id: &str) -> DeskResult<TenderDraftView> {
        if let Ok(d) = self.load_tender_draft(id) {
            return self.draft_view(&d).await;
        }
        let t = self.stored_tender(id).await?;
        let (me, _) = self.me_as_agency().await?;
        if t.record.agency_id != me {
            return Err(DeskError::new("tender.not_found", format!("tender {id} was not published by this identity")));
        }
        let doc = &t.record.document;
        let mut form = form_from(doc);
        form.version = doc.version + 1;
        let d = StoredDraft {
            form,
            amends: Some(doc.version),
            committee_public_key: doc.committee_public_key.clone(),
            known_custodians: doc.custodians.clone(),
        };
        // The published package files stay on the platform; only new ones are uploaded.
        self.save_tender_draft(&d)?;
        self.draft_view(&d).await
    }

    pub async fn tender_draft(&self, id: &str) -> DeskResult<TenderDraftView> {
        let d = self.load_tender_draft(id)?;
        self.draft_view(&d).await
    }

    /// Saves the form (the files list is the draft's own) and checks it.
    pub async fn tender_draft_save(&self, form: TenderForm) -> DeskResult<TenderDraftView> {
        let mut d = self.load_tender_draft(&form.id)?;
        let files = std::mem::take(&mut d.form.files);
        let version = d.form.version;
        d.form = TenderForm { files, version, ..form };
        // Custodians picked from the platform's list are resolved now, once.
        if d.form.custodians.iter().any(|c| !d.known_custodians.iter().any(|k| k.id == c.id)) {
            for (c, _) in self.certified_custodians().await? {
                if !d.known_custodians.iter().any(|k| k.id == c.id) {
                    d.known_custodians.push(c);
                }
            }
        }
        // A changed committee needs a new ceremony: the old key cannot stay.
        if let Some(amends) = d.amends
            && let Some(published) = self.store().tender_version(&d.form.id, amends).await?
        {
            let same = published.threshold == d.form.threshold
                && published.custodians.iter().map(|c| &c.id).eq(d.form.custodians.iter().map(|c| &c.id));
            d.committee_public_key = if same { published.committee_public_key } else { None };
        }
        self.save_tender_draft(&d)?;
        self.draft_view(&d).await
    }

    /// Copies a package file into the draft and lists it by name, size and SHA-256.
    pub async fn tender_draft_attach(&self, id: &str, name: &str, bytes: Vec<u8>) -> DeskResult<TenderDraftView> {
        let mut d = self.load_tender_draft(id)?;
        if !tenderbox_core::tender::safe_file_name(name) {
            return Err(DeskError::new("file.name", format!("'{name}' cannot be a package file name (no folders, no leading '.')")));
        }
        if bytes.is_empty() {
            return Err(DeskError::new("file.empty", format!("{name} is empty")));
        }
        let path = self.tender_draft_dir(id)?.join(name);
        write_atomic(&path, &bytes, false)?;
        let f = TenderFileForm { name: name.to_string(), sha256: hex::encode(tenderbox_core::sha256(&bytes)), size: bytes.len() as u64 };
        d.form.files.retain(|x| x.name != name);
        d.form.files.push(f);
        self.save_tender_draft(&d)?;
        self.draft_view(&d).await
    }

    /// Attaches a file dropped on the form: its bytes come as the raw IPC body, the
    /// tender id and the percent-encoded file `name` as headers.
    pub async fn tender_draft_attach_ipc(
        &self,
        header: &(dyn Fn(&str) -> Option<String> + Sync),
        body: Option<Vec<u8>>,
    ) -> DeskResult<TenderDraftView> {
        let get = |k: &str| super::attachments::ipc_header(header, k);
        let bytes = body.ok_or_else(|| DeskError::new("ipc.body", "send the file's bytes as the raw body"))?;
        self.tender_draft_attach(&get("tender")?, &get("name")?, bytes).await
    }

    pub async fn tender_draft_detach(&self, id: &str, name: &str) -> DeskResult<TenderDraftView> {
        let mut d = self.load_tender_draft(id)?;
        d.form.files.retain(|x| x.name != name);
        self.save_tender_draft(&d)?;
        let _ = std::fs::remove_file(self.tender_draft_dir(id)?.join(name));
        self.draft_view(&d).await
    }

    /// Throws a draft away (its folder and files).
    pub async fn tender_draft_discard(&self, id: &str) -> DeskResult<AgencyDeskView> {
        let dir = self.tender_draft_dir(id)?;
        if dir.join("draft.json").exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        self.agency_desk().await
    }

    /// Signs the draft with this identity's key and publishes it (or the amendment),
    /// package files first; the draft is removed once the platform has it.
    pub async fn tender_draft_publish(&self, id: &str) -> DeskResult<TenderRow> {
        let d = self.load_tender_draft(id)?;
        let view = self.draft_view(&d).await?;
        if let Some(p) = view.problems.first() {
            return Err(DeskError::new(
                "tender.invalid",
                format!("{} problem(s) to fix first; the first: {} ({})", view.problems.len(), p.message, p.path),
            ));
        }
        let (_, agency) = self.me_as_agency().await?;
        let doc = to_document(&d.form, &agency, &d.known_custodians, d.committee_public_key.clone())
            .map_err(|p| DeskError::new("tender.invalid", format!("{} problem(s) to fix first", p.len())))?;
        let api = self.session_api().await?;
        let name = self.settings().await.identity.ok_or_else(|| DeskError::new("identity.none", "create an identity first"))?;
        let (_, secret) = self.keystore().await?.load(&name)?;
        let dir = self.tender_draft_dir(id)?;
        let stored: Vec<String> = match d.amends {
            Some(v) => {
                self.store().tender_version(id, v).await?.map(|t| t.files.into_iter().map(|f| f.sha256).collect()).unwrap_or_default()
            }
            None => vec![],
        };
        crate::tenders::publish_package(&api, &secret, &doc, &dir, d.amends.is_some(), &stored, &mut |_, _| {}).await?;
        std::fs::remove_dir_all(&dir)?;
        self.sync().await?;
        Ok(row(&self.stored_tender(id).await?))
    }
}
