-- The committee's work after the session opens: each member's signed review sheet and
-- score sheets (stored exactly as signed), the reasons of members whose score deviates,
-- the committee's questions to bidders (澄清) and the signed answers, the report with each
-- member's signature (and dissent), then the result: publicity of the candidates,
-- objections (异议) with the tenderer's answers, and the award.
CREATE TABLE evaluation_reviews (
    tender_id TEXT NOT NULL,
    seat_id TEXT NOT NULL,
    signed TEXT NOT NULL,
    submitted_at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, seat_id)
);
CREATE TABLE evaluation_sheets (
    tender_id TEXT NOT NULL,
    seat_id TEXT NOT NULL,
    lot TEXT NOT NULL,
    signed TEXT NOT NULL,
    submitted_at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, seat_id, lot)
);
CREATE TABLE evaluation_deviation_reasons (
    tender_id TEXT NOT NULL,
    seat_id TEXT NOT NULL,
    lot TEXT NOT NULL,
    bidder TEXT NOT NULL,
    reason TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, seat_id, lot, bidder)
);
CREATE TABLE evaluation_questions (
    id TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL,
    bidder_uscc TEXT NOT NULL,
    question TEXT NOT NULL,
    asked_by TEXT NOT NULL,
    asked_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    answer TEXT,
    answered_at BIGINT
);
CREATE TABLE evaluation_reports (
    tender_id TEXT PRIMARY KEY,
    report TEXT NOT NULL,
    report_sha256 TEXT NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    generated_at BIGINT NOT NULL,
    final_at BIGINT
);
CREATE TABLE evaluation_report_signatures (
    tender_id TEXT NOT NULL,
    seat_id TEXT NOT NULL,
    signed TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, seat_id)
);
CREATE TABLE results (
    tender_id TEXT PRIMARY KEY,
    published_at BIGINT NOT NULL,
    publicity_until BIGINT NOT NULL,
    awarded_at BIGINT,
    awards TEXT
);
CREATE TABLE result_objections (
    id TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL,
    bidder_uscc TEXT NOT NULL,
    identity_id TEXT NOT NULL,
    signed TEXT NOT NULL,
    at BIGINT NOT NULL,
    answer TEXT,
    answered_at BIGINT
);
