//! A tender's result as the desk shows it: the candidates during publicity with its end,
//! the bids out and why, objections (the bidder's own, or all for the tender's agency)
//! with the answers; for a bidder the committee's questions to answer and the award or
//! result notice; for the agency the publicity to start, objections to answer, the award.
//! Every objection, answer and reply to the committee is signed on this computer.

use super::{Desk, DeskError, DeskResult};
use serde::Serialize;
use tenderbox_core::evaluation::{ClarificationAnswer, ObjectionText, SHEET_FORMAT};
use tenderbox_seal::signed::sign;
use tenderbox_wire::PublishedResult;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CandidateView {
    pub lot: String,
    pub place: u32,
    pub uscc: String,
    pub name: String,
    pub price: String,
    pub total: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ResultLotView {
    pub lot: String,
    pub name: String,
    pub candidates: Vec<CandidateView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OutView {
    pub uscc: String,
    pub name: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ResultObjectionView {
    pub id: String,
    #[ts(type = "number")]
    pub at: i64,
    /// The objector's text and the answer, where the caller may read them.
    pub text: Option<String>,
    pub answer: Option<String>,
    #[ts(type = "number | null")]
    pub answered_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ResultView {
    pub tender: String,
    /// `publicity`, `suspended`, `publicity_over`, `awarded`.
    pub status: String,
    #[ts(type = "number")]
    pub published_at: i64,
    #[ts(type = "number")]
    pub publicity_until: i64,
    pub member_scores: bool,
    pub committee: Vec<String>,
    pub lots: Vec<ResultLotView>,
    pub out: Vec<OutView>,
    pub objections: Vec<ResultObjectionView>,
    #[ts(type = "number | null")]
    pub awarded_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct NoticeView {
    /// `award` or `result`.
    pub kind: String,
    pub title: String,
    pub won: Vec<CandidateView>,
    pub reasons: Vec<String>,
    #[ts(type = "number")]
    pub issued_at: i64,
    /// True when the platform's signature verifies with the pinned log key.
    pub verified: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MyQuestionView {
    pub id: String,
    pub tender: String,
    pub question: String,
    #[ts(type = "number")]
    pub due_at: i64,
    pub answer: Option<String>,
}

pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    ResultView::export_all_to(dir)?;
    NoticeView::export_all_to(dir)?;
    MyQuestionView::export_all_to(dir)
}

fn candidate(c: &tenderbox_wire::ResultCandidate) -> CandidateView {
    CandidateView {
        lot: c.lot.clone(),
        place: c.place,
        uscc: c.bidder_uscc.clone(),
        name: c.bidder_name.clone(),
        price: c.price.to_string(),
        total: c.total.to_string(),
    }
}

fn view(r: PublishedResult) -> ResultView {
    ResultView {
        status: r.status,
        published_at: r.published_at.unix(),
        publicity_until: r.publicity_until.unix(),
        member_scores: r.member_scores,
        committee: r.committee,
        lots: r
            .lots
            .iter()
            .map(|l| ResultLotView { lot: l.lot.clone(), name: l.name.clone(), candidates: l.candidates.iter().map(candidate).collect() })
            .collect(),
        out: r
            .rejected
            .iter()
            .map(|x| OutView { uscc: x.bidder_uscc.clone(), name: x.bidder_name.clone(), reason: x.reason.clone() })
            .collect(),
        objections: r
            .objections
            .iter()
            .map(|o| ResultObjectionView {
                id: o.id.clone(),
                at: o.at.unix(),
                text: o.objection.as_ref().map(|d| d.doc.text.clone()),
                answer: o.answer.as_ref().map(|d| d.doc.text.clone()),
                answered_at: o.answered_at.map(|t| t.unix()),
            })
            .collect(),
        awarded_at: r.awarded_at.map(|t| t.unix()),
        tender: r.tender,
    }
}

impl Desk {
    async fn objection_text(
        &self,
        tender: &str,
        kind: &str,
        answers: Option<String>,
        text: &str,
    ) -> DeskResult<tenderbox_seal::signed::SignedDoc<ObjectionText>> {
        let id = self.identity().await?.ok_or_else(|| DeskError::new("identity.none", "no identity on this computer"))?.id;
        let doc = ObjectionText {
            format: SHEET_FORMAT,
            tender: tender.to_string(),
            kind: kind.into(),
            answers,
            text: text.trim().to_string(),
            signed_at: self.server_now().await,
        };
        sign(doc, &id, &*self.signer().await?).map_err(|e| DeskError::new(e.code(), e.to_string()))
    }

    /// The published result, or `None` before the candidates are published.
    pub async fn tender_result(&self, tender: &str) -> DeskResult<Option<ResultView>> {
        let api = match self.session_api().await {
            Ok(api) => api,
            Err(_) => crate::api::Api::new(&self.settings().await.server),
        };
        match api.tender_result(tender).await {
            Ok(r) => Ok(Some(view(r))),
            Err(e) if e.code() == "result.not_found" || e.code() == "result.no_report" => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// A bidder objects during publicity (signed here).
    pub async fn object_to_result(&self, tender: &str, text: &str) -> DeskResult<ResultView> {
        let signed = self.objection_text(tender, "objection", None, text).await?;
        Ok(view(self.session_api().await?.object_to_result(tender, &signed).await?))
    }

    /// The agency answers an objection (signed here).
    pub async fn answer_result_objection(&self, tender: &str, objection: &str, text: &str) -> DeskResult<ResultView> {
        let signed = self.objection_text(tender, "answer", Some(objection.to_string()), text).await?;
        Ok(view(self.session_api().await?.answer_result_objection(tender, &signed).await?))
    }

    /// The agency publishes the candidates for `days` days.
    pub async fn start_publicity(&self, tender: &str, days: u32) -> DeskResult<ResultView> {
        Ok(view(self.session_api().await?.start_publicity(tender, days).await?))
    }

    /// The agency awards after publicity.
    pub async fn award_tender(&self, tender: &str) -> DeskResult<ResultView> {
        Ok(view(self.session_api().await?.award_tender(tender).await?))
    }

    /// The bidder's award or result notice, its platform signature checked here.
    pub async fn result_notice(&self, tender: &str) -> DeskResult<NoticeView> {
        let n = self.session_api().await?.result_notice(tender).await?;
        let mut unsigned = n.clone();
        unsigned.signature.clear();
        let verified = match self.store.meta(crate::sync::META_LOG_KEY).await? {
            Some(key) => {
                let pk = tenderbox_wire::verifier_public_key(&key).map_err(|e| DeskError::new("log.key", e.to_string()))?;
                let bytes = tenderbox_core::canonical::to_canonical_vec(&unsigned).map_err(|e| DeskError::new("io", e.to_string()))?;
                let sig = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &n.signature).unwrap_or_default();
                tenderbox_seal::identity::verify(&pk, b"tenderbox/v1/result-notice\n", &bytes, &sig)
            }
            None => false,
        };
        Ok(NoticeView {
            kind: n.kind,
            title: n.title,
            won: n.lots.iter().map(candidate).collect(),
            reasons: n.reasons,
            issued_at: n.issued_at.unix(),
            verified,
        })
    }

    /// The committee's questions to this bidder.
    pub async fn my_committee_questions(&self) -> DeskResult<Vec<MyQuestionView>> {
        let qs = self.session_api().await?.committee_questions().await?;
        Ok(qs
            .into_iter()
            .map(|q| MyQuestionView {
                id: q.id,
                tender: q.tender,
                question: q.question,
                due_at: q.due_at.unix(),
                answer: q.answer.map(|a| a.doc.answer),
            })
            .collect())
    }

    /// The bidder answers the committee, signed here (bound to the question's text).
    pub async fn answer_committee_question(&self, qid: &str, text: &str) -> DeskResult<Vec<MyQuestionView>> {
        let api = self.session_api().await?;
        let q = api
            .committee_questions()
            .await?
            .into_iter()
            .find(|q| q.id == qid)
            .ok_or_else(|| DeskError::new("clarification.not_found", format!("no question {qid} to you")))?;
        let id = self.identity().await?.ok_or_else(|| DeskError::new("identity.none", "no identity on this computer"))?.id;
        let doc = ClarificationAnswer {
            format: SHEET_FORMAT,
            tender: q.tender.clone(),
            question: q.id.clone(),
            question_sha256: hex::encode(tenderbox_core::sha256(q.question.as_bytes())),
            bidder: q.bidder_uscc.clone(),
            answer: text.trim().to_string(),
            signed_at: self.server_now().await,
        };
        let signed = sign(doc, &id, &*self.signer().await?).map_err(|e| DeskError::new(e.code(), e.to_string()))?;
        api.answer_committee_question(&signed).await?;
        self.my_committee_questions().await
    }
}
