//! The evaluator's working day after the session opens: the review of every bid (pass or
//! fail per item, a reason for each fail), the scores per lot with the tender's ranges,
//! the others' sheets once one's own is in, deviation reasons, the chair's questions to
//! bidders, and the report to read and sign. Every mark and score is kept on this computer
//! as it is typed (a draft survives the app or the network dropping) and counts only once
//! signed here and accepted by the platform.

use super::{Desk, DeskError, DeskResult};
use serde::{Deserialize, Serialize};
use tenderbox_core::Decimal;
use tenderbox_core::evaluation::{CriterionScore, ReviewMark, ReviewSheet, SHEET_FORMAT, ScoreSheet};
use tenderbox_core::tender::CriterionKind;
use tenderbox_seal::signed::sign;
use tenderbox_wire::EvaluationWork;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WorkCriterionView {
    pub id: String,
    pub name: String,
    pub max_points: String,
    pub objective: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WorkItemView {
    /// `qualification` or `compliance`.
    pub step: String,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WorkOfferView {
    pub lot: String,
    pub price: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WorkBidView {
    pub uscc: String,
    pub name: String,
    pub offers: Vec<WorkOfferView>,
    pub items: Vec<WorkItemView>,
}

/// A mark as the window edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MarkInput {
    pub bidder: String,
    pub item: String,
    pub pass: bool,
    pub reason: String,
}

/// A score as the window edits it (the score as typed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ScoreInput {
    pub bidder: String,
    pub criterion: String,
    pub score: String,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConclusionView {
    pub uscc: String,
    pub name: String,
    pub passed: bool,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MemberScoreView {
    pub seat: String,
    pub name: String,
    pub score: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DeviationView {
    pub seat: String,
    pub name: String,
    pub percent: String,
    pub mine: bool,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LineView {
    pub uscc: String,
    pub name: String,
    pub price: String,
    pub price_score: Option<String>,
    pub technical: Option<String>,
    pub total: String,
    pub rank: u32,
    pub tied: bool,
    pub members: Vec<MemberScoreView>,
    pub deviations: Vec<DeviationView>,
}

/// Another member's sheet, readable once one's own is in: their scores per bid and criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OtherSheetView {
    pub seat: String,
    pub name: String,
    pub scores: Vec<ScoreInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LotWorkView {
    pub lot: String,
    pub name: String,
    /// Admitted bids: (uscc, name, price).
    pub admitted: Vec<WorkBidView>,
    pub submitted: Vec<String>,
    pub my_submitted: bool,
    /// The member's scores: the draft kept here, or the sheet submitted.
    pub my_scores: Vec<ScoreInput>,
    /// True when `my_scores` is an unsent draft.
    pub draft: bool,
    pub others: Vec<OtherSheetView>,
    pub problems: Vec<String>,
    pub base: Option<String>,
    /// Ranking order, once every sheet is in.
    pub lines: Vec<LineView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WorkQuestionView {
    pub id: String,
    pub bidder: String,
    pub bidder_name: String,
    pub question: String,
    #[ts(type = "number")]
    pub due_at: i64,
    pub answer: Option<String>,
    #[ts(type = "number | null")]
    pub answered_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CandidateListView {
    pub lot: String,
    pub name: String,
    pub bidders: Vec<String>,
}

/// A lot whose best bidders are equal after every tie-break the tender states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TieView {
    pub lot: String,
    pub name: String,
    pub bidders: Vec<WorkOfferView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReportStateView {
    pub report_sha256: String,
    pub pdf_sha256: String,
    pub signed: Vec<String>,
    pub i_signed: bool,
    pub dissents: u32,
    pub is_final: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WorkView {
    pub tender: String,
    /// `comprehensive` or `lowest_evaluated_price`.
    pub method: String,
    pub me: Option<String>,
    pub i_am_chair: bool,
    pub members: Vec<MemberScoreView>,
    pub criteria: Vec<WorkCriterionView>,
    pub bids: Vec<WorkBidView>,
    pub rejected_at_opening: Vec<ConclusionView>,
    pub reviews_submitted: Vec<String>,
    pub my_review_submitted: bool,
    /// The member's marks: the draft kept here, or the review submitted.
    pub my_marks: Vec<MarkInput>,
    pub conclusion: Option<Vec<ConclusionView>>,
    pub lots: Vec<LotWorkView>,
    pub questions: Vec<WorkQuestionView>,
    pub candidates: Vec<CandidateListView>,
    /// Open ties (the chair records how each was decided); the bidders as (code, name).
    pub ties: Vec<TieView>,
    /// Ties decided: "lot: bidder — how".
    pub tie_decisions: Vec<String>,
    pub report: Option<ReportStateView>,
    /// The credit checks of the bidders (by name): at the deadline, and at the evaluation
    /// (which counts).
    pub credit: Vec<super::credit::CreditCheckView>,
}

pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    WorkView::export_all_to(dir)?;
    MarkInput::export_all_to(dir)?;
    ScoreInput::export_all_to(dir)
}

fn step_str(s: tenderbox_core::evaluation::ReviewStep) -> String {
    serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn scores_of(sheet: &ScoreSheet) -> Vec<ScoreInput> {
    sheet
        .scores
        .iter()
        .map(|s| ScoreInput {
            bidder: s.bidder.clone(),
            criterion: s.criterion.clone(),
            score: s.score.to_string(),
            comment: s.comment.clone().unwrap_or_default(),
        })
        .collect()
}

impl Desk {
    fn review_key(tender: &str) -> String {
        format!("review-draft:{tender}")
    }
    fn scores_key(tender: &str, lot: &str) -> String {
        format!("score-draft:{tender}:{lot}")
    }

    async fn my_id(&self) -> DeskResult<String> {
        Ok(self.identity().await?.ok_or_else(|| DeskError::new("identity.none", "no identity on this computer"))?.id)
    }

    async fn work_view(&self, w: EvaluationWork) -> DeskResult<WorkView> {
        let me = w.me.clone();
        let names = match self.session_api().await?.evaluation(&w.tender).await {
            Ok(st) => st.members.iter().map(|m| (m.seat.clone(), m.name.clone())).collect::<Vec<_>>(),
            Err(_) => vec![],
        };
        let name_of = |seat: &str| names.iter().find(|(s, _)| s == seat).map(|(_, n)| n.clone()).unwrap_or_else(|| seat.to_string());
        let bidder_name =
            |u: &str| w.bids.iter().find(|b| b.bidder_uscc == u).map(|b| b.bidder_name.clone()).unwrap_or_else(|| u.to_string());
        let bid_view = |b: &tenderbox_wire::ReviewBid| WorkBidView {
            uscc: b.bidder_uscc.clone(),
            name: b.bidder_name.clone(),
            offers: b.lots.iter().map(|o| WorkOfferView { lot: o.lot.clone(), price: o.price.to_string() }).collect(),
            items: b.items.iter().map(|i| WorkItemView { step: step_str(i.step), id: i.id.clone(), text: i.text.clone() }).collect(),
        };
        let my_review = w.reviews.iter().find(|r| Some(&r.doc.seat) == me.as_ref());
        let my_marks = match my_review {
            Some(r) => r
                .doc
                .marks
                .iter()
                .map(|m| MarkInput {
                    bidder: m.bidder.clone(),
                    item: m.item.clone(),
                    pass: m.pass,
                    reason: m.reason.clone().unwrap_or_default(),
                })
                .collect(),
            None => match self.store.meta(&Self::review_key(&w.tender)).await? {
                Some(d) => serde_json::from_str(&d).unwrap_or_default(),
                None => vec![],
            },
        };
        let mut lots = Vec::new();
        for l in &w.lots {
            let mine = l.sheets.iter().find(|s| Some(&s.doc.seat) == me.as_ref());
            let (my_scores, draft) = match mine {
                Some(s) => (scores_of(&s.doc), false),
                None => match self.store.meta(&Self::scores_key(&w.tender, &l.lot)).await? {
                    Some(d) => (serde_json::from_str(&d).unwrap_or_default(), true),
                    None => (vec![], true),
                },
            };
            let lines = l
                .evaluation
                .iter()
                .flat_map(|e| e.lines.iter())
                .map(|x| LineView {
                    uscc: x.bidder.clone(),
                    name: bidder_name(&x.bidder),
                    price: x.price.to_string(),
                    price_score: x.price_score.map(|d| d.to_string()),
                    technical: x.technical.map(|d| d.to_string()),
                    total: x.total.to_string(),
                    rank: x.rank,
                    tied: x.tied,
                    members: x
                        .members
                        .iter()
                        .map(|m| MemberScoreView { seat: m.seat.clone(), name: name_of(&m.seat), score: m.score.to_string() })
                        .collect(),
                    deviations: x
                        .deviations
                        .iter()
                        .map(|d| DeviationView {
                            seat: d.seat.clone(),
                            name: name_of(&d.seat),
                            percent: d.percent.to_string(),
                            mine: Some(&d.seat) == me.as_ref(),
                            reason: l.deviation_reasons.iter().find(|r| r.seat == d.seat && r.bidder == x.bidder).map(|r| r.reason.clone()),
                        })
                        .collect(),
                })
                .collect();
            lots.push(LotWorkView {
                lot: l.lot.clone(),
                name: l.name.clone(),
                admitted: l
                    .admitted
                    .iter()
                    .map(|a| WorkBidView {
                        uscc: a.bidder_uscc.clone(),
                        name: a.bidder_name.clone(),
                        offers: vec![WorkOfferView { lot: l.lot.clone(), price: a.price.to_string() }],
                        items: vec![],
                    })
                    .collect(),
                submitted: l.submitted.clone(),
                my_submitted: mine.is_some(),
                my_scores,
                draft,
                others: l
                    .sheets
                    .iter()
                    .filter(|s| Some(&s.doc.seat) != me.as_ref())
                    .map(|s| OtherSheetView { seat: s.doc.seat.clone(), name: name_of(&s.doc.seat), scores: scores_of(&s.doc) })
                    .collect(),
                problems: l.problems.iter().map(|p| format!("{}：{}", p.path, p.message)).collect(),
                base: l.evaluation.as_ref().and_then(|e| e.base).map(|d| d.to_string()),
                lines,
            });
        }
        let lot_name = |lot: &str| w.lots.iter().find(|l| l.lot == lot).map(|l| l.name.clone()).unwrap_or_else(|| lot.to_string());
        Ok(WorkView {
            method: w.method.clone(),
            i_am_chair: me.is_some() && w.chair == me,
            members: w.members.iter().map(|s| MemberScoreView { seat: s.clone(), name: name_of(s), score: String::new() }).collect(),
            criteria: w
                .criteria
                .iter()
                .map(|c| WorkCriterionView {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    max_points: c.max_points.to_string(),
                    objective: c.kind == CriterionKind::Objective,
                })
                .collect(),
            bids: w.bids.iter().map(bid_view).collect(),
            rejected_at_opening: w
                .rejected_at_opening
                .iter()
                .map(|r| ConclusionView {
                    uscc: r.bidder_uscc.clone(),
                    name: r.bidder_name.clone(),
                    passed: false,
                    reason: Some(r.reason.clone()),
                })
                .collect(),
            my_review_submitted: my_review.is_some(),
            reviews_submitted: w.reviews_submitted.clone(),
            my_marks,
            conclusion: w.conclusion.as_ref().map(|c| {
                c.iter()
                    .map(|r| ConclusionView { uscc: r.bidder.clone(), name: bidder_name(&r.bidder), passed: r.passed, reason: r.reason() })
                    .collect()
            }),
            lots,
            questions: w
                .questions
                .iter()
                .map(|q| WorkQuestionView {
                    id: q.id.clone(),
                    bidder: q.bidder_uscc.clone(),
                    bidder_name: bidder_name(&q.bidder_uscc),
                    question: q.question.clone(),
                    due_at: q.due_at.unix(),
                    answer: q.answer.as_ref().map(|a| a.doc.answer.clone()),
                    answered_at: q.answered_at.map(|t| t.unix()),
                })
                .collect(),
            candidates: w
                .awards
                .iter()
                .flat_map(|a| a.candidates.iter())
                .map(|(lot, c)| CandidateListView {
                    lot: lot.clone(),
                    name: lot_name(lot),
                    bidders: c.iter().map(|b| bidder_name(b)).collect(),
                })
                .collect(),
            ties: w
                .awards
                .iter()
                .flat_map(|a| a.awards.iter())
                .filter_map(|a| match a {
                    tenderbox_core::scoring::LotAward::Tied { lot, bidders } => Some(TieView {
                        lot: lot.clone(),
                        name: lot_name(lot),
                        bidders: bidders.iter().map(|b| WorkOfferView { lot: b.clone(), price: bidder_name(b) }).collect(),
                    }),
                    _ => None,
                })
                .collect(),
            tie_decisions: w
                .tie_decisions
                .iter()
                .map(|d| format!("{}：{} — {}", lot_name(&d.lot), bidder_name(&d.bidder), d.how))
                .collect(),
            report: w.report.as_ref().map(|r| ReportStateView {
                report_sha256: r.report_sha256.clone(),
                pdf_sha256: r.pdf_sha256.clone(),
                i_signed: me.as_ref().is_some_and(|m| r.signed.contains(m)),
                signed: r.signed.clone(),
                dissents: r.dissents,
                is_final: r.final_at.is_some(),
            }),
            credit: w
                .credit
                .iter()
                .map(|c| super::credit::CreditCheckView { bidder: bidder_name(&c.bidder), ..super::credit::check_view(c) })
                .collect(),
            me,
            tender: w.tender,
        })
    }

    pub async fn evaluation_work(&self, tender: &str) -> DeskResult<WorkView> {
        let api = self.session_api().await?;
        let w = api.evaluation_work(tender).await?;
        self.work_view(w).await
    }

    /// Keeps the member's marks on this computer as they are typed.
    pub async fn evaluation_save_review(&self, tender: &str, marks: Vec<MarkInput>) -> DeskResult<()> {
        let json = serde_json::to_string(&marks).map_err(|e| DeskError::new("io", e.to_string()))?;
        Ok(self.store.set_meta(&Self::review_key(tender), &json).await?)
    }

    /// Signs the member's review here and submits it.
    pub async fn evaluation_submit_review(&self, tender: &str, marks: Vec<MarkInput>) -> DeskResult<WorkView> {
        self.evaluation_save_review(tender, marks.clone()).await?;
        let api = self.session_api().await?;
        let w = api.evaluation_work(tender).await?;
        let seat = w.me.clone().ok_or_else(|| DeskError::new("evaluation.not_member", "you do not sit on this committee"))?;
        let steps: Vec<(String, String, tenderbox_core::evaluation::ReviewStep)> =
            w.bids.iter().flat_map(|b| b.items.iter().map(|i| (b.bidder_uscc.clone(), i.id.clone(), i.step))).collect();
        let sheet = ReviewSheet {
            format: SHEET_FORMAT,
            tender: tender.to_string(),
            seat,
            marks: marks
                .iter()
                .filter_map(|m| {
                    steps.iter().find(|(b, i, _)| *b == m.bidder && *i == m.item).map(|(_, _, step)| ReviewMark {
                        bidder: m.bidder.clone(),
                        step: *step,
                        item: m.item.clone(),
                        pass: m.pass,
                        reason: (!m.pass || !m.reason.trim().is_empty()).then(|| m.reason.trim().to_string()),
                    })
                })
                .collect(),
            signed_at: self.server_now().await,
        };
        let signed = sign(sheet, &self.my_id().await?, &*self.signer().await?).map_err(|e| DeskError::new(e.code(), e.to_string()))?;
        let w = api.put_review_sheet(tender, &signed).await?;
        self.store.delete_meta(&Self::review_key(tender)).await?;
        self.work_view(w).await
    }

    /// Keeps the member's scores for a lot on this computer as they are typed.
    pub async fn evaluation_save_scores(&self, tender: &str, lot: &str, scores: Vec<ScoreInput>) -> DeskResult<()> {
        let json = serde_json::to_string(&scores).map_err(|e| DeskError::new("io", e.to_string()))?;
        Ok(self.store.set_meta(&Self::scores_key(tender, lot), &json).await?)
    }

    /// Signs the member's scores for a lot here and submits them.
    pub async fn evaluation_submit_scores(&self, tender: &str, lot: &str, scores: Vec<ScoreInput>) -> DeskResult<WorkView> {
        self.evaluation_save_scores(tender, lot, scores.clone()).await?;
        let mut parsed = Vec::new();
        for s in &scores {
            let score: Decimal = s
                .score
                .trim()
                .parse()
                .map_err(|_| DeskError::new("score.range", format!("{} / {}: '{}' is not a number", s.bidder, s.criterion, s.score)))?;
            parsed.push(CriterionScore {
                bidder: s.bidder.clone(),
                criterion: s.criterion.clone(),
                score,
                comment: Some(s.comment.trim().to_string()).filter(|c| !c.is_empty()),
            });
        }
        let api = self.session_api().await?;
        let w = api.evaluation_work(tender).await?;
        let seat = w.me.clone().ok_or_else(|| DeskError::new("evaluation.not_member", "you do not sit on this committee"))?;
        let sheet = ScoreSheet {
            format: SHEET_FORMAT,
            tender: tender.to_string(),
            seat,
            lot: lot.to_string(),
            scores: parsed,
            signed_at: self.server_now().await,
        };
        let signed = sign(sheet, &self.my_id().await?, &*self.signer().await?).map_err(|e| DeskError::new(e.code(), e.to_string()))?;
        let w = api.put_score_sheet(tender, &signed).await?;
        self.store.delete_meta(&Self::scores_key(tender, lot)).await?;
        self.work_view(w).await
    }

    pub async fn evaluation_explain(&self, tender: &str, lot: &str, bidder: &str, reason: &str) -> DeskResult<WorkView> {
        let api = self.session_api().await?;
        let w = api.explain_deviation(tender, lot, bidder, reason).await?;
        self.work_view(w).await
    }

    /// The chair asks a bidder (`due`: a datetime-local value, Beijing).
    pub async fn evaluation_ask(&self, tender: &str, bidder: &str, question: &str, due: &str) -> DeskResult<WorkView> {
        let due_at = super::draws::beijing_local(due)?;
        let api = self.session_api().await?;
        let body = tenderbox_wire::AskBidder { bidder_uscc: bidder.to_string(), question: question.to_string(), due_at };
        let w = api.ask_bidder(tender, &body).await?;
        self.work_view(w).await
    }

    /// The chair records how a tie was decided.
    pub async fn evaluation_decide_tie(&self, tender: &str, lot: &str, bidder: &str, how: &str) -> DeskResult<WorkView> {
        let api = self.session_api().await?;
        let body = tenderbox_wire::TieDecision { lot: lot.to_string(), bidder: bidder.to_string(), how: how.to_string() };
        let w = api.decide_tie(tender, &body).await?;
        self.work_view(w).await
    }

    /// The chair draws up the report.
    pub async fn evaluation_draw_up_report(&self, tender: &str) -> DeskResult<WorkView> {
        let api = self.session_api().await?;
        api.draw_up_report(tender).await?;
        self.evaluation_work(tender).await
    }

    /// The report's PDF, its hash and the JSON's checked here, for the viewer.
    pub async fn evaluation_report_pdf(&self, tender: &str) -> DeskResult<Vec<u8>> {
        let api = self.session_api().await?;
        let (_, pdf) = crate::evaluation::fetch_report(&api, tender).await.map_err(|e| DeskError::new(e.code(), e.to_string()))?;
        Ok(pdf)
    }

    /// Signs the report (both hashes, checked here), with a dissent if any.
    pub async fn evaluation_sign_report(&self, tender: &str, dissent: Option<String>) -> DeskResult<WorkView> {
        let api = self.session_api().await?;
        let w = api.evaluation_work(tender).await?;
        let seat = w.me.clone().ok_or_else(|| DeskError::new("evaluation.not_member", "you do not sit on this committee"))?;
        let secret = self.signer().await?;
        let view = crate::evaluation::sign_report(&api, tender, &seat, &self.my_id().await?, &secret, dissent, self.server_now().await)
            .await
            .map_err(|e| DeskError::new(e.code(), e.to_string()))?;
        if view.state.final_at.is_some() {
            // The session is closed: the work can no longer be read; show the report's state.
            let mut v = self.work_view(w).await?;
            v.report = Some(ReportStateView {
                report_sha256: view.state.report_sha256,
                pdf_sha256: view.state.pdf_sha256,
                i_signed: true,
                signed: view.state.signed,
                dissents: view.state.dissents,
                is_final: true,
            });
            return Ok(v);
        }
        self.evaluation_work(tender).await
    }
}
