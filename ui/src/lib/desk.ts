// Typed calls into the Rust side. Types come from the generated bindings.
import { Channel, invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { AppStatus } from "./bindings/AppStatus";
import type { DeskError } from "./bindings/DeskError";
import type { DrawView } from "./bindings/DrawView";
import type { DrawRequestInput } from "./bindings/DrawRequestInput";
import type { DrawVerifyView } from "./bindings/DrawVerifyView";
import type { InvitationView } from "./bindings/InvitationView";
import type { RatingView } from "./bindings/RatingView";
import type { SessionView } from "./bindings/SessionView";
import type { OpenedBidView } from "./bindings/OpenedBidView";
import type { WorkView } from "./bindings/WorkView";
import type { CreditView } from "./bindings/CreditView";
import type { SecurityView } from "./bindings/SecurityView";
import type { DepositView } from "./bindings/DepositView";
import type { SupervisionView } from "./bindings/SupervisionView";
import type { GuaranteeTermsView } from "./bindings/GuaranteeTermsView";
import type { GuaranteeForm } from "./bindings/GuaranteeForm";
import type { GuaranteeView } from "./bindings/GuaranteeView";
import type { StatisticsView } from "./bindings/StatisticsView";
import type { ExchangeView } from "./bindings/ExchangeView";
import type { AuctionRow } from "./bindings/AuctionRow";
import type { AuctionRoomView } from "./bindings/AuctionRoomView";
import type { AuctionForm } from "./bindings/AuctionForm";
import type { BoardView } from "./bindings/BoardView";
import type { FeedEventView } from "./bindings/FeedEventView";
import type { AuditHitView } from "./bindings/AuditHitView";
import type { AlertView } from "./bindings/AlertView";
import type { MachinesView } from "./bindings/MachinesView";
import type { ComplaintView } from "./bindings/ComplaintView";
import type { ComplaintForm } from "./bindings/ComplaintForm";
import type { StagedFileView } from "./bindings/StagedFileView";
import type { StatementImportView } from "./bindings/StatementImportView";
import type { CreditForm } from "./bindings/CreditForm";
import type { CreditImportView } from "./bindings/CreditImportView";
import type { CompareView } from "./bindings/CompareView";
import type { ResultView } from "./bindings/ResultView";
import type { NoticeView } from "./bindings/NoticeView";
import type { MyQuestionView } from "./bindings/MyQuestionView";
import type { MarkInput } from "./bindings/MarkInput";
import type { ScoreInput } from "./bindings/ScoreInput";
import type { DeskEvent } from "./bindings/DeskEvent";
import type { FileView } from "./bindings/FileView";
import type { IdentityView } from "./bindings/IdentityView";
import type { KeyStoreKind } from "./bindings/KeyStoreKind";
import type { Settings } from "./bindings/Settings";
import type { TenderRow } from "./bindings/TenderRow";
import type { TenderView } from "./bindings/TenderView";
import type { UsccCheck } from "./bindings/UsccCheck";
import type { BidView } from "./bindings/BidView";
import type { OutboxView } from "./bindings/OutboxView";
import type { ReceiptView } from "./bindings/ReceiptView";
import type { OpeningView } from "./bindings/OpeningView";
import type { NetView } from "./bindings/NetView";
import type { RegistrationView } from "./bindings/RegistrationView";
import type { CustodyView } from "./bindings/CustodyView";
import type { ClarificationView } from "./bindings/ClarificationView";
import type { AgencyDeskView } from "./bindings/AgencyDeskView";
import type { TenderDraftView } from "./bindings/TenderDraftView";
import type { TenderForm } from "./bindings/TenderForm";
import type { PriceForm } from "./bindings/PriceForm";
import type { PricePreview } from "./bindings/PricePreview";
import type { CustodianChoice } from "./bindings/CustodianChoice";
import type { SealedFileView } from "./bindings/SealedFileView";
import type { BackupReport } from "./bindings/BackupReport";
import type { RuleView } from "./bindings/RuleView";
import type { RuleForm } from "./bindings/RuleForm";
import type { UpdateView } from "./bindings/UpdateView";
import type { RegistrationDocView } from "./bindings/RegistrationDocView";
import type { ExpertView } from "./bindings/ExpertView";
import type { ImportView } from "./bindings/ImportView";
import { headerValue } from "./bid";
import { codeText } from "./i18n.svelte";

export function isDeskError(e: unknown): e is DeskError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/**
 * A message for any rejection in the user's language: every code has its wording
 * in the registry (`bindings/codes.ts`, generated from the Rust side); an unknown
 * code shows the desk's own message.
 */
export function errorText(e: unknown): string {
  if (isDeskError(e)) {
    return codeText(e.code) ?? e.message;
  }
  return String(e);
}

export const desk = {
  status: () => invoke<AppStatus>("status"),
  setSettings: (settings: Settings) => invoke<Settings>("set_settings", { settings }),
  checkUscc: (text: string) => invoke<UsccCheck>("check_uscc", { text }),
  createIdentity: (name: string, uscc: string, keystore: KeyStoreKind, passphrase: string | null) =>
    invoke<IdentityView>("create_identity", { name, uscc, keystore, passphrase }),
  unlock: (passphrase: string) => invoke<IdentityView>("unlock", { passphrase }),
  importIdentity: (keyFile: number[], identityFile: number[], passphrase: string) =>
    invoke<IdentityView>("import_identity", { keyFile, identityFile, passphrase }),
  pendingRegistrations: () => invoke<RegistrationView[]>("pending_registrations"),
  custody: () => invoke<CustodyView[]>("custody"),
  clarifications: (tender: string) => invoke<ClarificationView[]>("clarifications", { tender }),
  askClarification: (tender: string, question: string) => invoke<ClarificationView[]>("ask_clarification", { tender, question }),
  custodyStep: (tender: string) => invoke<CustodyView>("custody_step", { tender }),
  custodyRelease: (tender: string) => invoke<number>("custody_release", { tender }),
  approveRegistration: (id: string) => invoke<RegistrationView[]>("approve_registration", { id }),
  rejectRegistration: (id: string, reason: string) => invoke<RegistrationView[]>("reject_registration", { id, reason }),
  register: () => invoke<IdentityView>("register"),
  syncNow: () => invoke<void>("sync_now"),
  trustLogKey: (fingerprint: string) => invoke<NetView>("trust_log_key", { fingerprint }),
  tenders: () => invoke<TenderRow[]>("tenders"),
  tender: (id: string) => invoke<TenderView>("tender", { id }),
  serverNow: () => invoke<number>("server_now"),
  downloadFiles: (id: string, onProgress: (file: number, done: number, total: number) => void) => {
    const progress = new Channel<[number, number, number]>();
    progress.onmessage = ([f, d, n]) => onProgress(f, d, n);
    return invoke<FileView[]>("download_files", { id, progress });
  },
  amountWords: (text: string) => invoke<string>("amount_words", { text }),
  bid: (tender: string) => invoke<BidView>("bid", { tender }),
  bidUpdateToCurrent: (tender: string) => invoke<BidView>("bid_update_to_current", { tender }),
  bidSetPrice: (tender: string, lot: string, amount: string) => invoke<BidView>("bid_set_price", { tender, lot, amount }),
  bidSetTerms: (tender: string, lot: string, durationDays: number | null, quality: string | null) =>
    invoke<BidView>("bid_set_terms", { tender, lot, durationDays, quality }),
  bidSetConsortium: (tender: string, members: [string, string][]) => invoke<BidView>("bid_set_consortium", { tender, members }),
  bidSetPersonnel: (tender: string, legalRep: string, projectManager: string) =>
    invoke<BidView>("bid_set_personnel", { tender, legalRep, projectManager }),
  bidRespond: (tender: string, lot: string, item: string, text: string) => invoke<BidView>("bid_respond", { tender, lot, item, text }),
  bidLink: (tender: string, lot: string, item: string, criterion: string, linked: boolean) =>
    invoke<BidView>("bid_link", { tender, lot, item, criterion, linked }),
  bidAttach: (tender: string, lot: string, item: string, file: string) => invoke<BidView>("bid_attach", { tender, lot, item, file, name: null }),
  bidAttachBytes: (tender: string, lot: string, item: string, name: string, bytes: ArrayBuffer) =>
    invoke<BidView>("bid_attach_bytes", new Uint8Array(bytes), {
      headers: { tender: headerValue(tender), lot: headerValue(lot), item: headerValue(item), name: headerValue(name) },
    }),
  bidDetach: (tender: string, lot: string, item: string, name: string) => invoke<BidView>("bid_detach", { tender, lot, item, name }),
  bidAttachmentBytes: (tender: string, name: string) => invoke<ArrayBuffer>("bid_attachment_bytes", { tender, name }),
  bidSeal: (tender: string, onProgress: (done: number, total: number) => void) => {
    const progress = new Channel<[number, number]>();
    progress.onmessage = ([d, n]) => onProgress(d, n);
    return invoke<BidView>("bid_seal", { tender, progress });
  },
  bidSubmit: (tender: string) => invoke<BidView>("bid_submit", { tender }),
  outbox: () => invoke<OutboxView[]>("outbox"),
  outboxPause: (id: number) => invoke<OutboxView[]>("outbox_pause", { id }),
  outboxResume: (id: number) => invoke<OutboxView[]>("outbox_resume", { id }),
  receipts: () => invoke<ReceiptView[]>("receipts"),
  receiptExport: (sha256: string, path: string) => invoke<string>("receipt_export", { sha256, path }),
  opening: (tender: string) => invoke<OpeningView>("opening", { tender }),
  openingSignIn: (tender: string) => invoke<OpeningView>("opening_sign_in", { tender }),
  openingDecrypt: (tender: string) => invoke<OpeningView>("opening_decrypt", { tender }),
  openingRemedy: (tender: string) => invoke<OpeningView>("opening_remedy", { tender }),
  openingConfirm: (tender: string) => invoke<OpeningView>("opening_confirm", { tender }),
  openingObject: (tender: string, text: string) => invoke<OpeningView>("opening_object", { tender, text }),
  uiReady: () => invoke<void>("ui_ready"),
  moveKey: (to: KeyStoreKind, passphrase: string | null) => invoke<IdentityView>("move_key", { to, passphrase }),
  moveDataFolder: (target: string) => invoke<void>("move_data_folder", { target }),
  backupExport: (path: string, passphrase: string) => invoke<BackupReport>("backup_export", { path, passphrase }),
  backupImport: (path: string, passphrase: string) => invoke<BackupReport>("backup_import", { path, passphrase }),
  rules: () => invoke<RuleView[]>("rules"),
  rulePublish: (form: RuleForm) => invoke<RuleView[]>("rule_publish", { form }),
  ruleRetire: (id: string, reason: string) => invoke<RuleView[]>("rule_retire", { id, reason }),
  // The expert library (centre admins; supervisors read it).
  experts: (specialty: string, status: string, search: string) => invoke<ExpertView[]>("experts", { specialty, status, search }),
  expertsImport: (csv: string) => invoke<ImportView>("experts_import", { csv }),
  // The credit library (supervisors keep it; centre admins read it) and one's own records.
  creditRecords: (subject: string, search: string, status: string) => invoke<CreditView[]>("credit_records", { subject, search, status }),
  creditImport: (csv: string, origin: string) => invoke<CreditImportView>("credit_import", { csv, origin }),
  creditEnter: (form: CreditForm) => invoke<CreditView>("credit_enter", { form }),
  creditRevoke: (id: string, reason: string) => invoke<CreditView>("credit_revoke", { id, reason }),
  creditObjections: () => invoke<CreditView[]>("credit_objections"),
  creditAnswer: (objection: string, upheld: boolean, text: string) => invoke<null>("credit_answer", { objection, upheld, text }),
  creditMine: () => invoke<CreditView[]>("credit_mine"),
  creditObject: (record: string, text: string) => invoke<CreditView[]>("credit_object", { record, text }),
  // A bidder's bid security for a tender, each guarantee checked on this computer.
  securityStatus: (tender: string) => invoke<SecurityView>("security_status", { tender }),
  // The finance office's deposits (supervisors read them): statement import, due list, refunds.
  deposits: (tender: string) => invoke<DepositView[]>("deposits", { tender }),
  statementImport: (csv: string) => invoke<StatementImportView>("statement_import", { csv }),
  depositRefund: (id: string, serial: string, amount: string, interest: string) => invoke<DepositView>("deposit_refund", { id, serial, amount, interest }),
  supervision: () => invoke<SupervisionView>("supervision"),
  guaranteeTerms: (tender: string) => invoke<GuaranteeTermsView>("guarantee_terms", { tender }),
  guaranteeIssue: (form: GuaranteeForm) => invoke<GuaranteeView>("guarantee_issue", { form }),
  guaranteesIssued: () => invoke<GuaranteeView[]>("guarantees_issued"),
  guaranteeRevoke: (id: string, reason: string) => invoke<GuaranteeView>("guarantee_revoke", { id, reason }),
  tenderFeed: (tender: string) => invoke<FeedEventView[]>("tender_feed", { tender }),
  auditSearch: (identity: string, tender: string, address: string, from: string, to: string) =>
    invoke<AuditHitView[]>("audit_search", { identity, tender, address, from, to }),
  statistics: (from: string, to: string) => invoke<StatisticsView>("statistics", { from, to }),
  statisticsExport: (from: string, to: string) => invoke<string>("statistics_export", { from, to }),
  exchange: () => invoke<ExchangeView>("exchange"),
  exchangeRetry: () => invoke<ExchangeView>("exchange_retry"),
  auctions: () => invoke<AuctionRow[]>("auctions"),
  auctionRoom: (id: string) => invoke<AuctionRoomView>("auction_room", { id }),
  auctionWatch: (id: string) => invoke<void>("auction_watch", { id }),
  auctionUnwatch: () => invoke<void>("auction_unwatch"),
  auctionApply: (id: string) => invoke<AuctionRoomView>("auction_apply", { id }),
  auctionStep: (id: string, action: string, amount: string | null) => invoke<BoardView>("auction_step", { id, action, amount }),
  auctionAnnounce: (form: AuctionForm) => invoke<AuctionRow>("auction_announce", { form }),
  auctionSealReserve: (id: string, reserve: string, custodians: string[], threshold: number) =>
    invoke<AuctionRoomView>("auction_seal_reserve", { id, reserve, custodians, threshold }),
  auctionRelease: (id: string) => invoke<AuctionRoomView>("auction_release", { id }),
  auctionConfirm: (id: string) => invoke<AuctionRoomView>("auction_confirm", { id }),
  auctionVerify: (id: string) => invoke<string>("auction_verify", { id }),
  auctionSealPrice: (id: string, price: string) => invoke<AuctionRoomView>("auction_seal_price", { id, price }),
  alerts: (tender: string) => invoke<AlertView[]>("alerts", { tender }),
  machines: (tender: string) => invoke<MachinesView>("machines", { tender }),
  raiseMachineAlerts: (tender: string) => invoke<AlertView[]>("raise_machine_alerts", { tender }),
  decideAlert: (tender: string, alert: string, finding: string, reasons: string) => invoke<AlertView[]>("decide_alert", { tender, alert, finding, reasons }),
  complaints: (tender: string, open: boolean) => invoke<ComplaintView[]>("complaints", { tender, open }),
  complaintAccept: (id: string, accepted: boolean, reasons: string) => invoke<ComplaintView>("complaint_accept", { id, accepted, reasons }),
  complaintDecide: (id: string, finding: string, reasons: string, measures: string) => invoke<ComplaintView>("complaint_decide", { id, finding, reasons, measures }),
  complaintFileBytes: (id: string, sha256: string) => invoke<ArrayBuffer>("complaint_file_bytes", { id, sha256 }),
  complaintStaged: (tender: string) => invoke<StagedFileView[]>("complaint_staged", { tender }),
  complaintStage: (tender: string, name: string, bytes: ArrayBuffer) =>
    invoke<StagedFileView[]>("complaint_stage", new Uint8Array(bytes), { headers: { tender: headerValue(tender), name: headerValue(name) } }),
  complaintUnstage: (tender: string, name: string) => invoke<StagedFileView[]>("complaint_unstage", { tender, name }),
  complaintFile: (form: ComplaintForm) => invoke<ComplaintView>("complaint_file", { form }),
  expertStatus: (code: string, status: string, until: string, reason: string) => invoke<ExpertView>("expert_status", { code, status, until, reason }),
  // The expert draw: centre admins request and reveal, supervisors give the entropy,
  // anyone verifies a revealed draw; experts answer their invitations.
  draws: () => invoke<DrawView[]>("draws"),
  draw: (id: string) => invoke<DrawView>("draw", { id }),
  drawRequest: (input: DrawRequestInput) => invoke<DrawView>("draw_request", { input }),
  drawEntropy: (id: string, text: string) => invoke<DrawView>("draw_entropy", { id, text }),
  drawReveal: (id: string) => invoke<DrawView>("draw_reveal", { id }),
  drawVerify: (id: string) => invoke<DrawVerifyView>("draw_verify", { id }),
  invitations: () => invoke<InvitationView[]>("invitations"),
  invitationAnswer: (seat: string, accept: boolean, reason: string) => invoke<InvitationView>("invitation_answer", { seat, accept, reason }),
  myExpert: () => invoke<ExpertView>("my_expert"),
  myAvailability: (days: string[]) => invoke<ExpertView>("my_availability", { days }),
  myRatings: () => invoke<RatingView[]>("my_ratings"),
  // The evaluation session (committee members; centre admins and supervisors watch).
  evaluation: (tender: string) => invoke<SessionView>("evaluation", { tender }),
  evaluationSignIn: (tender: string) => invoke<SessionView>("evaluation_sign_in", { tender }),
  evaluationDeclare: (tender: string, conflicts: string[]) => invoke<SessionView>("evaluation_declare", { tender, conflicts }),
  evaluationVote: (tender: string, seat: string) => invoke<SessionView>("evaluation_vote", { tender, seat }),
  evaluationMoreTime: (tender: string, reason: string) => invoke<SessionView>("evaluation_more_time", { tender, reason }),
  evaluationExtend: (tender: string, until: string, reason: string) => invoke<SessionView>("evaluation_extend", { tender, until, reason }),
  evaluationBids: (tender: string) => invoke<OpenedBidView[]>("evaluation_bids", { tender }),
  evaluationFile: (tender: string, bidder: string, name: string) => invoke<ArrayBuffer>("evaluation_file", { tender, bidder, name }),
  // The committee's work: review, scores (drafts kept on this computer), questions, report.
  evaluationCompare: (tender: string) => invoke<CompareView>("evaluation_compare", { tender }),
  evaluationWork: (tender: string) => invoke<WorkView>("evaluation_work", { tender }),
  evaluationSaveReview: (tender: string, marks: MarkInput[]) => invoke<null>("evaluation_save_review", { tender, marks }),
  evaluationSubmitReview: (tender: string, marks: MarkInput[]) => invoke<WorkView>("evaluation_submit_review", { tender, marks }),
  evaluationSaveScores: (tender: string, lot: string, scores: ScoreInput[]) => invoke<null>("evaluation_save_scores", { tender, lot, scores }),
  evaluationSubmitScores: (tender: string, lot: string, scores: ScoreInput[]) => invoke<WorkView>("evaluation_submit_scores", { tender, lot, scores }),
  evaluationExplain: (tender: string, lot: string, bidder: string, reason: string) => invoke<WorkView>("evaluation_explain", { tender, lot, bidder, reason }),
  evaluationAsk: (tender: string, bidder: string, question: string, due: string) => invoke<WorkView>("evaluation_ask", { tender, bidder, question, due }),
  evaluationDecideTie: (tender: string, lot: string, bidder: string, how: string) => invoke<WorkView>("evaluation_decide_tie", { tender, lot, bidder, how }),
  evaluationDrawUpReport: (tender: string) => invoke<WorkView>("evaluation_draw_up_report", { tender }),
  evaluationReportPdf: (tender: string) => invoke<ArrayBuffer>("evaluation_report_pdf", { tender }),
  evaluationSignReport: (tender: string, dissent: string | null) => invoke<WorkView>("evaluation_sign_report", { tender, dissent }),
  // The result: publicity, objections, award; the bidder's questions from the committee.
  tenderResult: (tender: string) => invoke<ResultView | null>("tender_result", { tender }),
  objectToResult: (tender: string, text: string) => invoke<ResultView>("object_to_result", { tender, text }),
  answerResultObjection: (tender: string, objection: string, text: string) => invoke<ResultView>("answer_result_objection", { tender, objection, text }),
  startPublicity: (tender: string, days: number) => invoke<ResultView>("start_publicity", { tender, days }),
  awardTender: (tender: string) => invoke<ResultView>("award_tender", { tender }),
  resultNotice: (tender: string) => invoke<NoticeView>("result_notice", { tender }),
  myCommitteeQuestions: () => invoke<MyQuestionView[]>("my_committee_questions"),
  answerCommitteeQuestion: (question: string, text: string) => invoke<MyQuestionView[]>("answer_committee_question", { question, text }),
  // Registration documents (the applicant stages them; the centre admin reads them).
  registrationStaged: () => invoke<RegistrationDocView[]>("registration_staged"),
  registrationAttach: (kind: string, name: string, bytes: ArrayBuffer) =>
    invoke<RegistrationDocView[]>("registration_attach", new Uint8Array(bytes), { headers: { kind: headerValue(kind), name: headerValue(name) } }),
  registrationDetach: (kind: string, name: string) => invoke<RegistrationDocView[]>("registration_detach", { kind, name }),
  registrationDocument: (id: string, sha256: string) => invoke<ArrayBuffer>("registration_document", { id, sha256 }),
  // In-app updates from the trading server, verified before anything is installed.
  updateStatus: () => invoke<UpdateView>("update_status"),
  updateCheck: () => invoke<UpdateView>("update_check"),
  updateDownload: () => invoke<UpdateView>("update_download"),
  updateInstall: () => invoke<UpdateView>("update_install"),
  appRestart: () => invoke<void>("app_restart"),
  onUpdateProgress: (handler: (p: { done: number; total: number | null }) => void): Promise<UnlistenFn> =>
    listen<{ done: number; total: number | null }>("update-progress", (e) => handler(e.payload)),
  launchFile: () => invoke<string | null>("launch_file"),
  inspectSealed: (path: string) => invoke<SealedFileView>("inspect_sealed", { path }),
  // The agency's desk.
  agencyDesk: () => invoke<AgencyDeskView>("agency_desk"),
  tenderDraftNew: (id: string) => invoke<TenderDraftView>("tender_draft_new", { id }),
  tenderDraft: (id: string) => invoke<TenderDraftView>("tender_draft", { id }),
  tenderDraftSave: (form: TenderForm) => invoke<TenderDraftView>("tender_draft_save", { form }),
  tenderDraftAttach: (id: string, name: string, bytes: ArrayBuffer) =>
    invoke<TenderDraftView>("tender_draft_attach", new Uint8Array(bytes), { headers: { tender: headerValue(id), name: headerValue(name) } }),
  tenderDraftDetach: (id: string, name: string) => invoke<TenderDraftView>("tender_draft_detach", { id, name }),
  tenderDraftDiscard: (id: string) => invoke<AgencyDeskView>("tender_draft_discard", { id }),
  tenderDraftPublish: (id: string) => invoke<TenderRow>("tender_draft_publish", { id }),
  tenderAmendStart: (id: string) => invoke<TenderDraftView>("tender_amend_start", { id }),
  tenderSetCommitteeKey: (id: string) => invoke<TenderRow>("tender_set_committee_key", { id }),
  custodianChoices: () => invoke<CustodianChoice[]>("custodian_choices"),
  pricePreview: (price: PriceForm, prices: string[]) => invoke<PricePreview>("price_preview", { price, prices }),
  answerClarification: (tender: string, id: string, answer: string) =>
    invoke<ClarificationView[]>("answer_clarification", { tender, id, answer }),
  openingMakeRecord: (tender: string) => invoke<OpeningView>("opening_make_record", { tender }),
  openingPlatformFault: (tender: string, sha256: string, reason: string) =>
    invoke<OpeningView>("opening_platform_fault", { tender, sha256, reason }),
  openingAnswer: (tender: string, objection: string, text: string) => invoke<OpeningView>("opening_answer", { tender, objection, text }),
  onEvent: (handler: (e: DeskEvent) => void): Promise<UnlistenFn> => listen<DeskEvent>("desk", (e) => handler(e.payload)),
};
