//! One function per route of the trading server: its path, method, request and
//! answer tied together in one place. Everything else — the desk, the CLI, the
//! checks — calls these; with the server's router this is the only code that
//! spells a `/v1/…` path (a test holds it to that). Path segments taken from
//! data (tender ids, upload ids) are percent-encoded here.

use crate::api::{Api, ApiResult};
use reqwest::Method;
use serde_json::json;
use tenderbox_core::credit::{CreditEntry, CreditObjection, CreditObjectionAnswer, CreditRevocation};
use tenderbox_core::evaluation::{ClarificationAnswer, ObjectionText, ReportSignature, ReviewSheet, ScoreSheet};
use tenderbox_seal::signed::SignedDoc;
use tenderbox_wire::*;

/// Largest page of events or audit records the server returns.
pub const PAGE: usize = 1000;

/// `s` as one URL path segment.
pub fn seg(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

impl Api {
    // --- platform and log ---

    pub async fn health(&self) -> ApiResult<Health> {
        self.get("/v1/health").await
    }

    pub async fn checkpoint(&self) -> ApiResult<CheckpointResponse> {
        self.get("/v1/log/checkpoint").await
    }

    pub async fn inclusion_proof(&self, index: u64, size: u64) -> ApiResult<ProofResponse> {
        self.get(&format!("/v1/log/proof/inclusion?index={index}&size={size}")).await
    }

    /// Leaf hashes of `[start, end)`, with the leaves this caller may read.
    pub async fn log_leaves(&self, start: u64, end: u64) -> ApiResult<Vec<Leaf>> {
        self.get(&format!("/v1/log/leaves?start={start}&end={end}")).await
    }

    pub async fn consistency_proof(&self, first: u64, second: u64) -> ApiResult<ProofResponse> {
        self.get(&format!("/v1/log/proof/consistency?first={first}&second={second}")).await
    }

    /// One page of the events this caller may see (of `tender`, or all), after log index `after`.
    pub async fn events_page(&self, tender: Option<&str>, after: Option<u64>) -> ApiResult<EventsPage> {
        let mut q = format!("/v1/events?limit={PAGE}");
        if let Some(t) = tender {
            q.push_str(&format!("&tender={}", seg(t)));
        }
        if let Some(a) = after {
            q.push_str(&format!("&after={a}"));
        }
        self.get(&q).await
    }

    /// Every event this caller may see (of `tender`, or all), page by page.
    pub async fn events(&self, tender: Option<&str>) -> ApiResult<Vec<Event>> {
        let mut out = Vec::new();
        let mut after = None;
        loop {
            let page = self.events_page(tender, after).await?;
            let n = page.events.len();
            out.extend(page.events);
            if n < PAGE || page.next_after.is_none() {
                return Ok(out);
            }
            after = page.next_after;
        }
    }

    /// One page of the audit trail after record `after` (supervisors, centre admins).
    pub async fn audit_page(&self, after: u64) -> ApiResult<Vec<AuditRecord>> {
        self.get(&format!("/v1/audit?after={after}&limit={PAGE}")).await
    }

    // --- identities ---

    pub async fn register(&self, identity: &tenderbox_seal::identity::PublicIdentity, roles: &[Role]) -> ApiResult<IdentityRecord> {
        self.register_request(&RegisterRequest {
            identity: identity.clone(),
            roles: roles.to_vec(),
            documents: vec![],
            documents_signature: None,
        })
        .await
    }

    /// Registers with documents declared (see [`crate::identity_flow::register`]).
    pub async fn register_request(&self, req: &RegisterRequest) -> ApiResult<IdentityRecord> {
        self.post("/v1/identities", req).await
    }

    /// The request that uploads one declared registration document; the body is set by the caller.
    pub(crate) fn put_registration_document(&self, id: &str, sha256: &str) -> reqwest::RequestBuilder {
        self.request(Method::PUT, &format!("/v1/identities/{}/documents/{}", seg(id), seg(sha256)))
    }

    /// The documents a registration declared, and which arrived (the applicant, admins, supervisors).
    pub async fn registration_documents(&self, id: &str) -> ApiResult<Vec<StoredRegistrationDocument>> {
        self.get(&format!("/v1/identities/{}/documents", seg(id))).await
    }

    /// One registration document's bytes.
    pub async fn registration_document(&self, id: &str, sha256: &str) -> ApiResult<Vec<u8>> {
        let resp = self.send(self.request(Method::GET, &format!("/v1/identities/{}/documents/{}", seg(id), seg(sha256)))).await?;
        Ok(resp.bytes().await.map_err(|e| crate::api::ApiFailure::Protocol(e.to_string()))?.to_vec())
    }

    pub async fn identity_record(&self, id: &str) -> ApiResult<IdentityRecord> {
        self.get(&format!("/v1/identities/{}", seg(id))).await
    }

    // --- open data (served beside the portal, not under /v1) ---

    /// The OCDS release package of one tender: every release, oldest first.
    pub async fn ocds_releases(&self, tender: &str) -> ApiResult<serde_json::Value> {
        self.get(&format!("/ocds/releases/{}.json", seg(tender))).await
    }

    /// The OCDS record package of one tender (releases and the compiled release).
    pub async fn ocds_record(&self, tender: &str) -> ApiResult<serde_json::Value> {
        self.get(&format!("/ocds/records/{}.json", seg(tender))).await
    }

    /// The trading rules in force (`all`: the retired ones too).
    pub async fn rules(&self, all: bool) -> ApiResult<Vec<TradingRule>> {
        self.get(if all { "/v1/rules?all=true" } else { "/v1/rules" }).await
    }

    pub async fn publish_rule(&self, rule: &NewRule) -> ApiResult<TradingRule> {
        self.post("/v1/rules", rule).await
    }

    pub async fn retire_rule(&self, id: &str, reason: &str) -> ApiResult<TradingRule> {
        self.post(&format!("/v1/rules/{}/retire", seg(id)), &TextBody { text: reason.into() }).await
    }

    /// Certificates of every approved custodian (public); check them with
    /// [`tenderbox_wire::custodians_from_certificates`].
    pub async fn custodian_certificates(&self) -> ApiResult<Vec<String>> {
        self.get("/v1/custodians").await
    }

    pub async fn pending_identities(&self) -> ApiResult<Vec<IdentityRecord>> {
        self.get("/v1/identities?status=pending").await
    }

    pub async fn approve_identity(&self, id: &str) -> ApiResult<IdentityRecord> {
        self.post(&format!("/v1/identities/{}/approve", seg(id)), &json!({})).await
    }

    pub async fn reject_identity(&self, id: &str, reason: &str) -> ApiResult<IdentityRecord> {
        self.post(&format!("/v1/identities/{}/reject", seg(id)), &json!({ "reason": reason })).await
    }

    pub(crate) async fn challenge(&self, identity_id: &str) -> ApiResult<ChallengeResponse> {
        self.post("/v1/auth/challenge", &ChallengeRequest { identity_id: identity_id.to_string() }).await
    }

    pub(crate) async fn login_with(&self, req: &LoginRequest) -> ApiResult<LoginResponse> {
        self.post("/v1/auth/login", req).await
    }

    // --- tenders ---

    pub async fn tender_list(&self) -> ApiResult<Vec<TenderSummary>> {
        self.get("/v1/tenders").await
    }

    pub async fn tender_record(&self, id: &str) -> ApiResult<TenderRecord> {
        self.get(&format!("/v1/tenders/{}", seg(id))).await
    }

    pub async fn publish_tender(&self, body: &PublishTender) -> ApiResult<TenderRecord> {
        self.post("/v1/tenders", body).await
    }

    pub async fn amend_tender(&self, body: &PublishTender) -> ApiResult<TenderRecord> {
        self.post(&format!("/v1/tenders/{}/amend", seg(&body.document.id)), body).await
    }

    pub async fn cancel_tender(&self, id: &str, reason: &str) -> ApiResult<TenderRecord> {
        self.post(&format!("/v1/tenders/{}/cancel", seg(id)), &json!({ "reason": reason })).await
    }

    /// The request that stores one tender package file (agency); the body is streamed by the caller.
    pub(crate) fn put_tender_file(&self, sha256: &str) -> reqwest::RequestBuilder {
        self.request(Method::PUT, &format!("/v1/tender-files/{}", seg(sha256)))
    }

    /// The request that downloads one package file of a tender (the caller may add a Range).
    pub(crate) fn get_tender_file(&self, tender: &str, sha256: &str) -> reqwest::RequestBuilder {
        self.request(Method::GET, &format!("/v1/tenders/{}/files/{}", seg(tender), seg(sha256)))
    }

    /// Asks a clarification question (bidders; before the deadline).
    pub async fn ask_clarification(&self, tender: &str, question: &str) -> ApiResult<Clarification> {
        self.post(&format!("/v1/tenders/{}/clarifications", seg(tender)), &TextBody { text: question.to_string() }).await
    }

    /// A tender's clarifications as the caller may see them.
    pub async fn clarifications(&self, tender: &str) -> ApiResult<Vec<Clarification>> {
        self.get(&format!("/v1/tenders/{}/clarifications", seg(tender))).await
    }

    /// Answers a clarification question (the tender's agency); published without the asker.
    pub async fn answer_clarification(&self, tender: &str, id: &str, answer: &str) -> ApiResult<Clarification> {
        self.post(&format!("/v1/tenders/{}/clarifications/{}/answer", seg(tender), seg(id)), &TextBody { text: answer.to_string() }).await
    }

    // --- the expert library ---

    /// Imports experts from CSV text (centre admin); every bad row is in the refusal.
    pub async fn import_experts(&self, csv: &str) -> ApiResult<ExpertImportReport> {
        let req = self
            .request(Method::POST, "/v1/experts/import")
            .header(reqwest::header::CONTENT_TYPE, "text/csv; charset=utf-8")
            .body(csv.to_string());
        self.send(req).await?.json().await.map_err(|e| crate::api::ApiFailure::Protocol(e.to_string()))
    }

    /// The library, filtered (centre admins, supervisors).
    pub async fn experts(
        &self,
        centre: Option<&str>,
        specialty: Option<&str>,
        status: Option<&str>,
        q: Option<&str>,
    ) -> ApiResult<Vec<ExpertRecord>> {
        let mut query = Vec::new();
        for (k, v) in [("centre", centre), ("specialty", specialty), ("status", status), ("q", q)] {
            if let Some(v) = v {
                query.push(format!("{k}={}", seg(v)));
            }
        }
        let path = if query.is_empty() { "/v1/experts".to_string() } else { format!("/v1/experts?{}", query.join("&")) };
        self.get(&path).await
    }

    /// The whole library as CSV (centre admin).
    pub async fn export_experts(&self) -> ApiResult<String> {
        self.send(self.request(Method::GET, "/v1/experts/export"))
            .await?
            .text()
            .await
            .map_err(|e| crate::api::ApiFailure::Protocol(e.to_string()))
    }

    /// Suspends, removes or reinstates an expert with the reason (centre admin).
    pub async fn set_expert_status(&self, code: &str, change: &ExpertStatusChange) -> ApiResult<ExpertRecord> {
        self.post(&format!("/v1/experts/{}/status", seg(code)), change).await
    }

    // --- bid security ---

    /// A bidder's security for a tender (its transfer reference is issued on first reading).
    pub async fn my_security(&self, tender: &str) -> ApiResult<SecurityStatus> {
        self.get(&format!("/v1/tenders/{}/security", seg(tender))).await
    }

    pub async fn issue_guarantee(&self, g: &SignedDoc<tenderbox_core::security::Guarantee>) -> ApiResult<GuaranteeRecord> {
        self.post("/v1/guarantees", g).await
    }

    pub async fn revoke_guarantee(
        &self,
        id: &str,
        r: &SignedDoc<tenderbox_core::security::GuaranteeRevocation>,
    ) -> ApiResult<GuaranteeRecord> {
        self.post(&format!("/v1/guarantees/{}/revoke", seg(id)), r).await
    }

    /// A guarantor's own guarantees across tenders, newest first.
    pub async fn my_guarantees(&self) -> ApiResult<Vec<GuaranteeRecord>> {
        self.get("/v1/guarantees").await
    }

    pub async fn guarantees(&self, tender: &str) -> ApiResult<Vec<GuaranteeRecord>> {
        self.get(&format!("/v1/guarantees?tender={}", seg(tender))).await
    }

    /// The finance office imports the deposit account's bank statement (CSV).
    pub async fn import_statement(&self, csv: &str) -> ApiResult<DepositImportReport> {
        let req = self
            .request(Method::POST, "/v1/deposits/import")
            .header(reqwest::header::CONTENT_TYPE, "text/csv; charset=utf-8")
            .body(csv.to_string());
        self.send(req).await?.json().await.map_err(|e| crate::api::ApiFailure::Protocol(e.to_string()))
    }

    /// One tender's deposits, or (no tender) every deposit due and not refunded.
    pub async fn deposits(&self, tender: Option<&str>) -> ApiResult<Vec<DepositRecord>> {
        match tender {
            Some(t) => self.get(&format!("/v1/deposits?tender={}", seg(t))).await,
            None => self.get("/v1/deposits").await,
        }
    }

    pub async fn refund_deposit(&self, id: &str, r: &RefundRequest) -> ApiResult<DepositRecord> {
        self.post(&format!("/v1/deposits/{}/refund", seg(id)), r).await
    }

    pub async fn record_contract(&self, tender: &str, c: &ContractSigned) -> ApiResult<serde_json::Value> {
        self.post(&format!("/v1/tenders/{}/contract", seg(tender)), c).await
    }

    pub async fn security_checks(&self, tender: &str) -> ApiResult<Vec<SecurityCheck>> {
        self.get(&format!("/v1/tenders/{}/security-checks", seg(tender))).await
    }

    // --- supervision ---

    /// A tender's collusion alerts (supervisors, centre admins), computed after the opening.
    pub async fn collusion_alerts(&self, tender: &str) -> ApiResult<Vec<CollusionAlert>> {
        self.get(&format!("/v1/tenders/{}/alerts", seg(tender))).await
    }

    /// A supervisor raises the alert its own app found (the same machine fingerprint).
    pub async fn raise_alert(&self, tender: &str, a: &RaiseAlert) -> ApiResult<CollusionAlert> {
        self.post(&format!("/v1/tenders/{}/alerts", seg(tender)), a).await
    }

    pub async fn decide_alert(&self, id: &str, d: &SignedDoc<tenderbox_core::collusion::AlertDecision>) -> ApiResult<CollusionAlert> {
        self.post(&format!("/v1/alerts/{}/decision", seg(id)), d).await
    }

    /// Assigns a supervisor identity its supervising departments (centre admin); none = the
    /// comprehensive office.
    pub async fn set_departments(&self, identity: &str, departments: &[String]) -> ApiResult<Departments> {
        self.put(&format!("/v1/identities/{}/departments", seg(identity)), &Departments { departments: departments.to_vec() }).await
    }

    /// The supervisor's overview: its departments and the tenders they supervise.
    pub async fn supervision_overview(&self) -> ApiResult<SupervisionOverview> {
        self.get("/v1/supervision/tenders").await
    }

    /// Trading statistics per centre for the tenders published from `from` to `to`.
    pub async fn statistics(&self, from: &str, to: &str) -> ApiResult<Statistics> {
        self.get(&format!("/v1/statistics?from={}&to={}", seg(from), seg(to))).await
    }

    /// Where the push of the national data sets to the provincial platform stands.
    pub async fn exchange_status(&self) -> ApiResult<tenderbox_wire::ExchangeStatus> {
        self.get("/v1/exchange/status").await
    }

    /// Sends the push's waiting rows now (centre admin); the status after that round.
    pub async fn exchange_retry(&self) -> ApiResult<tenderbox_wire::ExchangeStatus> {
        self.post("/v1/exchange/retry", &serde_json::json!({})).await
    }

    /// The holiday calendar (of one year).
    pub async fn holidays(&self, year: Option<&str>) -> ApiResult<Vec<HolidayEntry>> {
        match year {
            Some(y) => self.get(&format!("/v1/holidays?year={}", seg(y))).await,
            None => self.get("/v1/holidays").await,
        }
    }

    /// Sets one date of the calendar (centre admin).
    pub async fn set_holiday(&self, e: &HolidayEntry) -> ApiResult<HolidayEntry> {
        self.put(&format!("/v1/holidays/{}", seg(&e.date)), e).await
    }

    /// Removes one date from the calendar (centre admin); the year's calendar after it.
    pub async fn clear_holiday(&self, date: &str) -> ApiResult<Vec<HolidayEntry>> {
        self.json(Method::DELETE, &format!("/v1/holidays/{}", seg(date)), None::<&()>).await
    }

    /// Announces a listing or auction (centre admin).
    pub async fn announce_auction(&self, terms: &tenderbox_core::auction::AuctionTerms) -> ApiResult<AuctionRecord> {
        self.post("/v1/auctions", terms).await
    }

    pub async fn auctions(&self) -> ApiResult<Vec<AuctionRecord>> {
        self.get("/v1/auctions").await
    }

    pub async fn auction(&self, id: &str) -> ApiResult<AuctionRecord> {
        self.get(&format!("/v1/auctions/{}", seg(id))).await
    }

    /// Applies to bid (bidder).
    pub async fn auction_apply(&self, id: &str, accepts_conditions: bool) -> ApiResult<AuctionRegistration> {
        self.post(&format!("/v1/auctions/{}/registration", seg(id)), &AuctionApplication { accepts_conditions }).await
    }

    /// One's registration: the deposit received and the bidding number.
    pub async fn auction_registration(&self, id: &str) -> ApiResult<AuctionRegistration> {
        self.get(&format!("/v1/auctions/{}/registration", seg(id))).await
    }

    /// The public price board.
    pub async fn auction_board(&self, id: &str) -> ApiResult<AuctionBoard> {
        self.get(&format!("/v1/auctions/{}/board", seg(id))).await
    }

    /// A signed step: a bid, an acceptance, going on to timed bidding.
    pub async fn auction_step(&self, id: &str, step: &SignedDoc<tenderbox_core::auction::BidStatement>) -> ApiResult<AuctionStepRecord> {
        self.post(&format!("/v1/auctions/{}/bids", seg(id)), step).await
    }

    /// Server-sent events of one auction's board, as an open response to read from (see
    /// [`crate::auction_room`]).
    pub async fn auction_board_stream(&self, id: &str) -> ApiResult<reqwest::Response> {
        self.send(self.request(Method::GET, &format!("/v1/auctions/{}/board/stream", seg(id)))).await
    }

    /// Seals the reserve (centre admin, before bidding starts).
    pub async fn seal_reserve(
        &self,
        id: &str,
        sealed: &SignedDoc<tenderbox_seal::reserve::SealedReserve>,
    ) -> ApiResult<AuctionReserveState> {
        self.put(&format!("/v1/auctions/{}/reserve", seg(id)), sealed).await
    }

    /// The sealed reserve, the shares released and, once open, the reserve (public).
    pub async fn auction_reserve(&self, id: &str) -> ApiResult<AuctionReserveState> {
        self.get(&format!("/v1/auctions/{}/reserve", seg(id))).await
    }

    /// A custodian releases its share of the reserve after the end.
    pub async fn release_reserve_share(&self, id: &str, share: &tenderbox_seal::reserve::ReleasedShare) -> ApiResult<AuctionReserveState> {
        self.post(&format!("/v1/auctions/{}/reserve/release", seg(id)), share).await
    }

    /// A sealed round's price (bidder, before the close).
    pub async fn submit_sealed_price(
        &self,
        id: &str,
        signed: &SignedDoc<tenderbox_seal::reserve::SealedPrice>,
    ) -> ApiResult<serde_json::Value> {
        self.post(&format!("/v1/auctions/{}/sealed-prices", seg(id)), signed).await
    }

    /// Every sealed price as signed (public after the close).
    pub async fn sealed_prices(&self, id: &str) -> ApiResult<Vec<SignedDoc<tenderbox_seal::reserve::SealedPrice>>> {
        self.get(&format!("/v1/auctions/{}/sealed-prices", seg(id))).await
    }

    /// A custodian's shares of every sealed price (after the close).
    pub async fn release_price_shares(&self, id: &str, shares: &[tenderbox_seal::reserve::PriceShare]) -> ApiResult<AuctionReserveState> {
        self.post(&format!("/v1/auctions/{}/sealed-prices/release", seg(id)), shares).await
    }

    /// The outcome, the confirmation and the whole signed history (public, after the end).
    pub async fn auction_result(&self, id: &str) -> ApiResult<AuctionResult> {
        self.get(&format!("/v1/auctions/{}/result", seg(id))).await
    }

    /// Signs the confirmation of the sale (centre admin, the buyer).
    pub async fn confirm_auction(&self, id: &str, signed: &SignedDoc<tenderbox_core::auction::Confirmation>) -> ApiResult<AuctionResult> {
        self.post(&format!("/v1/auctions/{}/confirmation", seg(id)), signed).await
    }

    /// The same figures as the CSV for the annual assessment.
    pub async fn statistics_csv(&self, from: &str, to: &str) -> ApiResult<String> {
        let resp = self.send(self.request(Method::GET, &format!("/v1/statistics?from={}&to={}&format=csv", seg(from), seg(to)))).await?;
        resp.text().await.map_err(|e| crate::api::ApiFailure::Protocol(e.to_string()))
    }

    /// The audit trail searched (supervisors, centre admins): `filters` among `identity`
    /// (id or USCC), `tender`, `address`, `from`, `to`, `limit`.
    pub async fn audit_search(&self, filters: &[(&str, &str)]) -> ApiResult<Vec<AuditHit>> {
        let q: Vec<String> = filters.iter().filter(|(_, v)| !v.trim().is_empty()).map(|(k, v)| format!("{k}={}", seg(v.trim()))).collect();
        self.get(&format!("/v1/audit/search{}{}", if q.is_empty() { "" } else { "?" }, q.join("&"))).await
    }

    // --- complaints ---

    pub async fn file_complaint(&self, c: &SignedDoc<tenderbox_core::complaint::Complaint>) -> ApiResult<ComplaintRecord> {
        self.post("/v1/complaints", c).await
    }

    /// Uploads one declared evidence file of a complaint (its SHA-256 is checked by the server).
    pub async fn put_complaint_file(&self, id: &str, sha256: &str, bytes: Vec<u8>) -> ApiResult<ComplaintFileState> {
        let req = self
            .request(Method::PUT, &format!("/v1/complaints/{}/files/{}", seg(id), seg(sha256)))
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(bytes);
        self.send(req).await?.json().await.map_err(|e| crate::api::ApiFailure::Protocol(e.to_string()))
    }

    pub async fn complaint_file(&self, id: &str, sha256: &str) -> ApiResult<Vec<u8>> {
        let resp = self.send(self.request(Method::GET, &format!("/v1/complaints/{}/files/{}", seg(id), seg(sha256)))).await?;
        Ok(resp.bytes().await.map_err(|e| crate::api::ApiFailure::Protocol(e.to_string()))?.to_vec())
    }

    /// The complaints the caller may read (`open`: not decided yet), of one tender or all.
    pub async fn complaints(&self, tender: Option<&str>, open_only: bool) -> ApiResult<Vec<ComplaintRecord>> {
        let mut q = Vec::new();
        if let Some(t) = tender {
            q.push(format!("tender={}", seg(t)));
        }
        if open_only {
            q.push("state=open".to_string());
        }
        self.get(&format!("/v1/complaints{}{}", if q.is_empty() { "" } else { "?" }, q.join("&"))).await
    }

    pub async fn complaint(&self, id: &str) -> ApiResult<ComplaintRecord> {
        self.get(&format!("/v1/complaints/{}", seg(id))).await
    }

    pub async fn accept_complaint(
        &self,
        id: &str,
        a: &SignedDoc<tenderbox_core::complaint::ComplaintAcceptance>,
    ) -> ApiResult<ComplaintRecord> {
        self.post(&format!("/v1/complaints/{}/acceptance", seg(id)), a).await
    }

    pub async fn decide_complaint(
        &self,
        id: &str,
        d: &SignedDoc<tenderbox_core::complaint::ComplaintDecision>,
    ) -> ApiResult<ComplaintRecord> {
        self.post(&format!("/v1/complaints/{}/decision", seg(id)), d).await
    }

    /// Published complaint decisions (public).
    pub async fn complaint_decisions(&self, tender: Option<&str>) -> ApiResult<Vec<PublicComplaintDecision>> {
        match tender {
            Some(t) => self.get(&format!("/v1/complaints/decisions?tender={}", seg(t))).await,
            None => self.get("/v1/complaints/decisions").await,
        }
    }

    // --- credit library ---

    /// Enters one signed record, or a correction of an active one (supervisor).
    pub async fn credit_enter(&self, entry: &SignedDoc<CreditEntry>) -> ApiResult<CreditRecordView> {
        self.post("/v1/credit/records", entry).await
    }

    /// Imports a credit portal's CSV with the supervisor's signature over it.
    pub async fn credit_import(&self, req: &CreditImportRequest) -> ApiResult<CreditImportReport> {
        self.post("/v1/credit/import", req).await
    }

    /// The library (supervisors, centre admins), filtered: `subject`, `q`, `status`, `kind`.
    pub async fn credit_records(&self, filters: &[(&str, &str)], offset: u32) -> ApiResult<Vec<CreditRecordView>> {
        let mut query: Vec<String> = filters.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", seg(v))).collect();
        query.push(format!("offset={offset}"));
        self.get(&format!("/v1/credit/records?{}", query.join("&"))).await
    }

    pub async fn credit_record(&self, id: &str) -> ApiResult<CreditRecordView> {
        self.get(&format!("/v1/credit/records/{}", seg(id))).await
    }

    pub async fn credit_revoke(&self, id: &str, revocation: &SignedDoc<CreditRevocation>) -> ApiResult<CreditRecordView> {
        self.post(&format!("/v1/credit/records/{}/revoke", seg(id)), revocation).await
    }

    /// The public credit listing (no account needed): `subject`, `q`, `kind`.
    pub async fn credit_public(&self, filters: &[(&str, &str)]) -> ApiResult<Vec<PublicCreditRecord>> {
        let query: Vec<String> = filters.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", seg(v))).collect();
        self.get(&format!("/v1/credit/public?{}", query.join("&"))).await
    }

    /// The caller's own records, every state, with objections.
    pub async fn credit_mine(&self) -> ApiResult<Vec<CreditRecordView>> {
        self.get("/v1/credit/mine").await
    }

    pub async fn credit_object(&self, record: &str, objection: &SignedDoc<CreditObjection>) -> ApiResult<CreditObjectionView> {
        self.post(&format!("/v1/credit/records/{}/objections", seg(record)), objection).await
    }

    pub async fn credit_objections(&self, open_only: bool) -> ApiResult<Vec<CreditObjectionView>> {
        self.get(&format!("/v1/credit/objections?open={open_only}")).await
    }

    pub async fn credit_answer(&self, objection: &str, answer: &SignedDoc<CreditObjectionAnswer>) -> ApiResult<CreditObjectionView> {
        self.post(&format!("/v1/credit/objections/{}/answer", seg(objection)), answer).await
    }

    /// The credit checks of a tender's bidders (its agency, supervisors, centre admins).
    pub async fn tender_credit_checks(&self, tender: &str) -> ApiResult<Vec<CreditCheck>> {
        self.get(&format!("/v1/tenders/{}/credit-checks", seg(tender))).await
    }

    /// The days an expert cannot serve (centre admin).
    pub async fn set_expert_availability(&self, code: &str, days: &[String]) -> ApiResult<ExpertRecord> {
        let req = self
            .request(Method::PUT, &format!("/v1/experts/{}/availability", seg(code)))
            .json(&ExpertAvailability { unavailable: days.to_vec() });
        self.send(req).await?.json().await.map_err(|e| crate::api::ApiFailure::Protocol(e.to_string()))
    }

    /// The signed-in expert's own library entry.
    pub async fn my_expert_record(&self) -> ApiResult<ExpertRecord> {
        self.get("/v1/experts/me").await
    }

    /// Links an approved evaluator identity to its library entry (centre admin).
    pub async fn link_expert(&self, code: &str, identity: &str) -> ApiResult<ExpertRecord> {
        self.post(&format!("/v1/experts/{}/identity", seg(code)), &ExpertLink { identity: identity.to_string() }).await
    }

    /// An expert's ratings (centre admins, supervisors, the expert).
    pub async fn expert_ratings(&self, code: &str) -> ApiResult<Vec<ExpertRating>> {
        self.get(&format!("/v1/experts/{}/ratings", seg(code))).await
    }

    /// Rates an expert who sat on the committee of a revealed draw (agency, supervisor).
    pub async fn rate_expert(&self, draw: &str, r: &RateExpert) -> ApiResult<ExpertRating> {
        self.post(&format!("/v1/draws/{}/ratings", seg(draw)), r).await
    }

    // --- the expert draw ---

    /// Requests a committee (centre admin, or the agency where the centre allows it).
    pub async fn request_draw(&self, r: &DrawRequest) -> ApiResult<DrawRecord> {
        self.post("/v1/draws", r).await
    }

    /// The supervisor's entropy: the draw runs at once.
    pub async fn draw_entropy(&self, id: &str, entropy: &[u8]) -> ApiResult<DrawRecord> {
        self.post(&format!("/v1/draws/{}/entropy", seg(id)), &DrawEntropy { entropy_hex: hex::encode(entropy) }).await
    }

    pub async fn draw(&self, id: &str) -> ApiResult<DrawRecord> {
        self.get(&format!("/v1/draws/{}", seg(id))).await
    }

    pub async fn draws(&self, tender: Option<&str>) -> ApiResult<Vec<DrawRecord>> {
        match tender {
            Some(t) => self.get(&format!("/v1/draws?tender={}", seg(t))).await,
            None => self.get("/v1/draws").await,
        }
    }

    /// Publishes the secret and the pools (the drawing centre, once the evaluation started).
    pub async fn reveal_draw(&self, id: &str) -> ApiResult<DrawRecord> {
        self.post(&format!("/v1/draws/{}/reveal", seg(id)), &json!({})).await
    }

    /// The signed-in expert's invitations.
    pub async fn invitations(&self) -> ApiResult<Vec<Invitation>> {
        self.get("/v1/invitations").await
    }

    pub async fn answer_invitation(&self, seat: &str, accept: bool, reason: Option<&str>) -> ApiResult<Invitation> {
        self.post(&format!("/v1/invitations/{}/answer", seg(seat)), &InvitationAnswer { accept, reason: reason.map(str::to_string) }).await
    }

    pub async fn draw_settings(&self, centre: &str) -> ApiResult<DrawSettings> {
        self.get(&format!("/v1/centres/{}/draw-settings", seg(centre))).await
    }

    pub async fn set_draw_settings(&self, s: &DrawSettings) -> ApiResult<DrawSettings> {
        let req = self.request(Method::PUT, &format!("/v1/centres/{}/draw-settings", seg(&s.centre))).json(s);
        self.send(req).await?.json().await.map_err(|e| crate::api::ApiFailure::Protocol(e.to_string()))
    }

    // --- the evaluation session ---

    pub async fn evaluation(&self, tender: &str) -> ApiResult<EvaluationState> {
        self.get(&format!("/v1/tenders/{}/evaluation", seg(tender))).await
    }

    /// A committee member signs in at their venue (from the evaluation start).
    pub async fn evaluation_sign_in(&self, tender: &str) -> ApiResult<EvaluationState> {
        self.post(&format!("/v1/tenders/{}/evaluation/sign-in", seg(tender)), &json!({})).await
    }

    /// Conflicts with the bidders (their codes); none: an empty list.
    pub async fn evaluation_declare(&self, tender: &str, conflicts: &[String]) -> ApiResult<EvaluationState> {
        self.post(&format!("/v1/tenders/{}/evaluation/declaration", seg(tender)), &ConflictDeclaration { conflicts: conflicts.to_vec() })
            .await
    }

    pub async fn evaluation_vote(&self, tender: &str, candidate: &str) -> ApiResult<EvaluationState> {
        self.post(&format!("/v1/tenders/{}/evaluation/chair", seg(tender)), &ChairVote { candidate: candidate.to_string() }).await
    }

    pub async fn evaluation_more_time(&self, tender: &str, reason: &str) -> ApiResult<EvaluationState> {
        self.post(&format!("/v1/tenders/{}/evaluation/more-time", seg(tender)), &TimeRequest { reason: reason.to_string() }).await
    }

    pub async fn evaluation_extend(
        &self,
        tender: &str,
        until: tenderbox_core::time::Timestamp,
        reason: &str,
    ) -> ApiResult<EvaluationState> {
        self.post(&format!("/v1/tenders/{}/evaluation/extend", seg(tender)), &EvaluationExtension { until, reason: reason.to_string() })
            .await
    }

    /// The opened bids for this member, each with its file key wrapped to the member.
    pub async fn evaluation_bids(&self, tender: &str) -> ApiResult<Vec<EvaluationBid>> {
        self.get(&format!("/v1/tenders/{}/evaluation/bids", seg(tender))).await
    }

    /// One original sealed bid (the download is logged).
    pub async fn evaluation_bid_file(&self, tender: &str, sha256: &str) -> ApiResult<Vec<u8>> {
        let resp = self.send(self.request(Method::GET, &format!("/v1/tenders/{}/evaluation/bids/{}", seg(tender), seg(sha256)))).await?;
        Ok(resp.bytes().await.map_err(|e| crate::api::ApiFailure::Protocol(e.to_string()))?.to_vec())
    }

    /// The tender's agency appoints the tenderer's representative on the committee.
    pub async fn appoint_representative(&self, tender: &str, identity: &str) -> ApiResult<AppointRepresentative> {
        self.post(
            &format!("/v1/tenders/{}/evaluation/representatives", seg(tender)),
            &AppointRepresentative { identity: identity.to_string() },
        )
        .await
    }

    // --- the committee's work: review, scoring, questions to bidders ---

    /// The review, each lot's scoring, the questions and the report, as the caller may see them.
    pub async fn evaluation_work(&self, tender: &str) -> ApiResult<EvaluationWork> {
        self.get(&format!("/v1/tenders/{}/evaluation/work", seg(tender))).await
    }

    /// A member's signed review sheet (replaces theirs until every member's is in).
    pub async fn put_review_sheet(&self, tender: &str, sheet: &SignedDoc<ReviewSheet>) -> ApiResult<EvaluationWork> {
        self.put(&format!("/v1/tenders/{}/evaluation/review", seg(tender)), sheet).await
    }

    /// A member's signed score sheet for one lot.
    pub async fn put_score_sheet(&self, tender: &str, sheet: &SignedDoc<ScoreSheet>) -> ApiResult<EvaluationWork> {
        self.put(&format!("/v1/tenders/{}/evaluation/sheets/{}", seg(tender), seg(&sheet.doc.lot)), sheet).await
    }

    /// A member's reason for a score that deviates from the others'.
    pub async fn explain_deviation(&self, tender: &str, lot: &str, bidder: &str, reason: &str) -> ApiResult<EvaluationWork> {
        self.post(
            &format!("/v1/tenders/{}/evaluation/deviations/{}", seg(tender), seg(lot)),
            &DeviationNote { bidder: bidder.to_string(), reason: reason.to_string() },
        )
        .await
    }

    /// The chair asks a bidder to clarify, with the time the answer is due.
    pub async fn ask_bidder(&self, tender: &str, body: &AskBidder) -> ApiResult<EvaluationWork> {
        self.post(&format!("/v1/tenders/{}/evaluation/questions", seg(tender)), body).await
    }

    /// The chair records how a tie was decided (the tender's stated procedure).
    pub async fn decide_tie(&self, tender: &str, body: &TieDecision) -> ApiResult<EvaluationWork> {
        self.post(&format!("/v1/tenders/{}/evaluation/ties", seg(tender)), body).await
    }

    /// The committee's questions to the calling bidder.
    pub async fn committee_questions(&self) -> ApiResult<Vec<CommitteeQuestion>> {
        self.get("/v1/evaluation-questions").await
    }

    /// The bidder's signed answer.
    pub async fn answer_committee_question(&self, answer: &SignedDoc<ClarificationAnswer>) -> ApiResult<CommitteeQuestion> {
        self.post(&format!("/v1/evaluation-questions/{}/answer", seg(&answer.doc.question)), answer).await
    }

    /// The chair draws up the report (JSON and PDF).
    pub async fn draw_up_report(&self, tender: &str) -> ApiResult<ReportView> {
        self.post(&format!("/v1/tenders/{}/evaluation/report", seg(tender)), &json!({})).await
    }

    /// The report, its state and the members' signatures.
    pub async fn evaluation_report(&self, tender: &str) -> ApiResult<ReportView> {
        self.get(&format!("/v1/tenders/{}/evaluation/report", seg(tender))).await
    }

    /// The report's PDF.
    pub async fn evaluation_report_pdf(&self, tender: &str) -> ApiResult<Vec<u8>> {
        let resp = self.send(self.request(Method::GET, &format!("/v1/tenders/{}/evaluation/report/pdf", seg(tender)))).await?;
        Ok(resp.bytes().await.map_err(|e| crate::api::ApiFailure::Protocol(e.to_string()))?.to_vec())
    }

    /// A member's signature on the report (with a dissent, if any).
    pub async fn sign_report(&self, tender: &str, signature: &SignedDoc<ReportSignature>) -> ApiResult<ReportView> {
        self.post(&format!("/v1/tenders/{}/evaluation/report/sign", seg(tender)), signature).await
    }

    // --- the result: publicity, objections, award ---

    /// The agency publishes the candidates for `days` days (at least 3).
    pub async fn start_publicity(&self, tender: &str, days: u32) -> ApiResult<PublishedResult> {
        self.post(&format!("/v1/tenders/{}/result/publicity", seg(tender)), &StartPublicity { days }).await
    }

    /// The published result (anyone).
    pub async fn tender_result(&self, tender: &str) -> ApiResult<PublishedResult> {
        self.get(&format!("/v1/tenders/{}/result", seg(tender))).await
    }

    /// A bidder's signed objection during publicity.
    pub async fn object_to_result(&self, tender: &str, objection: &SignedDoc<ObjectionText>) -> ApiResult<PublishedResult> {
        self.post(&format!("/v1/tenders/{}/objections", seg(tender)), objection).await
    }

    /// The agency's signed answer to an objection.
    pub async fn answer_result_objection(&self, tender: &str, answer: &SignedDoc<ObjectionText>) -> ApiResult<PublishedResult> {
        let oid = answer.doc.answers.clone().unwrap_or_default();
        self.post(&format!("/v1/tenders/{}/objections/{}/answer", seg(tender), seg(&oid)), answer).await
    }

    /// The agency awards after publicity.
    pub async fn award_tender(&self, tender: &str) -> ApiResult<PublishedResult> {
        self.post(&format!("/v1/tenders/{}/award", seg(tender)), &json!({})).await
    }

    /// The calling bidder's award or result notice, signed by the platform.
    pub async fn result_notice(&self, tender: &str) -> ApiResult<ResultNotice> {
        self.get(&format!("/v1/tenders/{}/result/notice", seg(tender))).await
    }

    // --- desktop releases and updates ---

    /// The request that stores one installer (centre admin); the body is streamed by the caller.
    pub(crate) fn put_release_file(&self, sha256: &str) -> reqwest::RequestBuilder {
        self.request(Method::PUT, &format!("/v1/release-files/{}", seg(sha256)))
    }

    /// Publishes a release whose installer is stored (centre admin).
    pub async fn publish_release(&self, body: &NewRelease) -> ApiResult<Release> {
        self.post("/v1/releases", body).await
    }

    /// Every release, newest first (public).
    pub async fn releases(&self) -> ApiResult<Vec<Release>> {
        self.get("/v1/releases").await
    }

    /// Withdraws a release with the reason (centre admin).
    pub async fn withdraw_release(&self, id: &str, reason: &str) -> ApiResult<Release> {
        self.post(&format!("/v1/releases/{}/withdraw", seg(id)), &TextBody { text: reason.into() }).await
    }

    /// The update feed as the Tauri updater takes it: its `{{…}}` variables are
    /// filled in by the updater (platform, architecture, package kind, running version).
    pub fn update_feed(&self) -> String {
        format!("{}/v1/updates/{{{{target}}}}/{{{{arch}}}}/{{{{bundle_type}}}}/{{{{current_version}}}}", self.base())
    }

    /// The newest release newer than `current` for a platform (`linux`, `x86_64`) and package kind.
    pub async fn update_for(&self, os: &str, arch: &str, bundle: &str, current: &str) -> ApiResult<Option<UpdateManifest>> {
        let resp = self
            .send(self.request(Method::GET, &format!("/v1/updates/{}/{}/{}/{}", seg(os), seg(arch), seg(bundle), seg(current))))
            .await?;
        if resp.status() == reqwest::StatusCode::NO_CONTENT {
            return Ok(None);
        }
        resp.json().await.map(Some).map_err(|e| crate::api::ApiFailure::Protocol(e.to_string()))
    }

    // --- bids ---

    /// The company's bids in a tender (across renewed keys).
    pub async fn my_bids(&self, tender: &str) -> ApiResult<Vec<BidRecord>> {
        self.get(&format!("/v1/tenders/{}/bids/mine", seg(tender))).await
    }

    pub async fn create_upload(&self, tender: &str, req: &CreateUpload) -> ApiResult<UploadState> {
        self.post(&format!("/v1/tenders/{}/uploads", seg(tender)), req).await
    }

    pub async fn upload_state(&self, id: &str) -> ApiResult<UploadState> {
        self.get(&format!("/v1/uploads/{}", seg(id))).await
    }

    /// The request that appends one chunk to an upload.
    pub(crate) fn patch_upload(&self, id: &str) -> reqwest::RequestBuilder {
        self.request(Method::PATCH, &format!("/v1/uploads/{}", seg(id)))
    }

    pub(crate) async fn complete_upload_raw(&self, id: &str) -> ApiResult<BidRecord> {
        self.post(&format!("/v1/uploads/{}/complete", seg(id)), &json!({})).await
    }

    pub async fn withdraw(&self, tender: &str, req: &WithdrawRequest) -> ApiResult<serde_json::Value> {
        self.post(&format!("/v1/tenders/{}/withdraw", seg(tender)), req).await
    }

    // --- the committee key ceremony ---

    pub async fn committee(&self, tender: &str) -> ApiResult<CommitteeState> {
        self.get(&format!("/v1/tenders/{}/committee", seg(tender))).await
    }

    pub async fn post_commitment<T: serde::Serialize>(&self, tender: &str, c: &T) -> ApiResult<CommitteeState> {
        self.post(&format!("/v1/tenders/{}/committee/commitments", seg(tender)), c).await
    }

    pub async fn post_deal<T: serde::Serialize>(&self, tender: &str, d: &T) -> ApiResult<CommitteeState> {
        self.post(&format!("/v1/tenders/{}/committee/deals", seg(tender)), d).await
    }

    pub async fn post_verdict<T: serde::Serialize>(&self, tender: &str, v: &T) -> ApiResult<CommitteeState> {
        self.post(&format!("/v1/tenders/{}/committee/verdicts", seg(tender)), v).await
    }

    pub async fn post_answer<T: serde::Serialize>(&self, tender: &str, a: &T) -> ApiResult<CommitteeState> {
        self.post(&format!("/v1/tenders/{}/committee/answers", seg(tender)), a).await
    }

    pub async fn committee_stanzas(&self, tender: &str) -> ApiResult<Vec<CommitteeStanzaInfo>> {
        self.get(&format!("/v1/tenders/{}/opening/stanzas", seg(tender))).await
    }

    pub async fn post_partials<T: serde::Serialize>(&self, tender: &str, partials: &T) -> ApiResult<serde_json::Value> {
        self.post(&format!("/v1/tenders/{}/opening/partials", seg(tender)), partials).await
    }

    // --- the opening ---

    pub async fn opening(&self, tender: &str) -> ApiResult<OpeningState> {
        self.get(&format!("/v1/tenders/{}/opening", seg(tender))).await
    }

    pub async fn sign_in(&self, tender: &str) -> ApiResult<OpeningState> {
        self.post(&format!("/v1/tenders/{}/opening/sign-in", seg(tender)), &json!({})).await
    }

    pub async fn post_file_key(&self, tender: &str, key: &PostFileKey) -> ApiResult<serde_json::Value> {
        self.post(&format!("/v1/tenders/{}/opening/key", seg(tender)), key).await
    }

    pub async fn request_remedy(&self, tender: &str, req: &BidRequest) -> ApiResult<serde_json::Value> {
        self.post(&format!("/v1/tenders/{}/opening/remedy", seg(tender)), req).await
    }

    pub async fn make_record(&self, tender: &str) -> ApiResult<OpeningState> {
        self.post(&format!("/v1/tenders/{}/opening/record", seg(tender)), &json!({})).await
    }

    pub async fn platform_fault(&self, tender: &str, fault: &PlatformFault) -> ApiResult<serde_json::Value> {
        self.post(&format!("/v1/tenders/{}/opening/platform-fault", seg(tender)), fault).await
    }

    pub async fn confirm_record(&self, tender: &str) -> ApiResult<OpeningState> {
        self.post(&format!("/v1/tenders/{}/opening/confirm", seg(tender)), &json!({})).await
    }

    pub async fn object(&self, tender: &str, text: &str) -> ApiResult<OpeningState> {
        self.post(&format!("/v1/tenders/{}/opening/objections", seg(tender)), &TextBody { text: text.to_string() }).await
    }

    pub async fn answer_objection(&self, tender: &str, objection: &str, text: &str) -> ApiResult<OpeningState> {
        self.post(
            &format!("/v1/tenders/{}/opening/objections/{}/answer", seg(tender), seg(objection)),
            &TextBody { text: text.to_string() },
        )
        .await
    }

    // --- supervision ---

    pub async fn machines(&self, tender: &str) -> ApiResult<Vec<MachineEntry>> {
        self.get(&format!("/v1/tenders/{}/machines", seg(tender))).await
    }
}
