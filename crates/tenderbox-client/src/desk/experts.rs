//! The expert library on the centre admin's desk (supervisors read it): the experts with
//! filters, an import from a spreadsheet checked here first — every bad row shown by its
//! line — and each expert suspended, removed or reinstated with the reason.

use super::{Desk, DeskError, DeskResult};
use serde::Serialize;
use tenderbox_core::expert_library::{RowError, parse_csv};
use tenderbox_wire::{ExpertRecord, ExpertStatusChange};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExpertView {
    pub code: String,
    pub name: String,
    pub employer_name: String,
    pub employer_uscc: String,
    pub centre: String,
    pub county: String,
    pub specialties: Vec<String>,
    /// `full_senior` or `senior`.
    pub title: String,
    pub years: u32,
    /// `active`, `suspended` or `removed`.
    pub status: String,
    /// Beijing date the suspension ends.
    pub suspended_until: Option<String>,
    pub status_reason: Option<String>,
    pub unavailable: Vec<String>,
    /// Ratings received, and their exact average (two decimals).
    pub ratings: u32,
    pub rating_average: Option<String>,
}

/// What an import did: the experts taken, or the bad rows (and nothing taken).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportView {
    pub imported: u32,
    pub errors: Vec<RowErrorView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RowErrorView {
    #[ts(type = "number")]
    pub line: u64,
    pub column: String,
    /// A registered code: the UI words it in the user's language.
    pub code: String,
    pub message: String,
}

pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    ExpertView::export_all_to(dir)?;
    ImportView::export_all_to(dir)
}

pub(super) fn view(e: ExpertRecord) -> ExpertView {
    let p = e.profile;
    ExpertView {
        code: p.code,
        name: p.name,
        employer_name: p.employer_name,
        employer_uscc: p.employer_uscc,
        centre: p.centre,
        county: p.county,
        specialties: p.specialties,
        title: p.title,
        years: p.years,
        status: e.status,
        suspended_until: e.suspended_until.map(|t| t.to_beijing()[..10].to_string()),
        status_reason: e.status_reason,
        unavailable: e.unavailable,
        ratings: e.ratings,
        rating_average: e.rating_average,
    }
}

/// The bad rows of an import refused by the server, which lists them as
/// "line N column [code]: reason" after a first line.
pub(super) fn server_rows(message: &str) -> Vec<RowErrorView> {
    message
        .lines()
        .skip(1)
        .filter_map(|l| {
            let rest = l.strip_prefix("line ")?;
            let (head, msg) = rest.split_once(": ")?;
            let (head, code) = head.strip_suffix(']')?.rsplit_once(" [")?;
            let (line, column) = head.split_once(' ').unwrap_or((head, ""));
            Some(RowErrorView { line: line.parse().ok()?, column: column.into(), code: code.into(), message: msg.into() })
        })
        .collect()
}

/// The bad rows of a file checked on this computer.
pub(super) fn rows(errors: Vec<RowError>) -> Vec<RowErrorView> {
    errors.into_iter().map(|e| RowErrorView { line: e.line, column: e.column, code: e.code, message: e.message }).collect()
}

impl Desk {
    /// The library, filtered by specialty (deeper codes match), status and a search text.
    pub async fn experts(&self, specialty: &str, status: &str, search: &str) -> DeskResult<Vec<ExpertView>> {
        let api = self.session_api().await?;
        let opt = |s: &str| Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_string);
        let list = api.experts(None, opt(specialty).as_deref(), opt(status).as_deref(), opt(search).as_deref()).await?;
        Ok(list.into_iter().map(view).collect())
    }

    /// Imports a library CSV: checked here first (every bad row by line, nothing sent),
    /// then by the server, which also refuses codes already in the library.
    pub async fn experts_import(&self, csv: &str) -> DeskResult<ImportView> {
        if let Err(errors) = parse_csv(csv) {
            return Ok(ImportView { imported: 0, errors: rows(errors) });
        }
        let api = self.session_api().await?;
        match api.import_experts(csv).await {
            Ok(r) => Ok(ImportView { imported: r.imported, errors: vec![] }),
            Err(crate::api::ApiFailure::Server { code, message, .. }) if code == "expert.import" => {
                // The server's refusal lists the rows as "line N column [code]: reason".
                let errors = server_rows(&message);
                Ok(ImportView { imported: 0, errors })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Suspends (until a Beijing date), removes or reinstates an expert, with the reason.
    pub async fn expert_status(&self, code: &str, status: &str, until: &str, reason: &str) -> DeskResult<ExpertView> {
        let until = match status {
            "suspended" => Some(
                tenderbox_core::time::Timestamp::parse(&format!("{}T23:59:59+08:00", until.trim()))
                    .map_err(|_| DeskError::new("expert.status", format!("'{until}' is not a date")))?,
            ),
            _ => None,
        };
        let api = self.session_api().await?;
        let change = ExpertStatusChange { status: status.into(), until, reason: reason.trim().into() };
        Ok(view(api.set_expert_status(code, &change).await?))
    }
}
