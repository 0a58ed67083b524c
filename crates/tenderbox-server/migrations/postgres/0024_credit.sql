-- The credit library (信用库), shared by every centre: one row per record, keyed by the
-- subject's USCC or expert code. Nothing is deleted: a revoked or corrected record keeps
-- its row with who changed it, when and why (the signed document), and the correction
-- names the record it replaces.
CREATE TABLE credit_records (
    id TEXT PRIMARY KEY,
    subject_kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    list TEXT NOT NULL,
    source TEXT NOT NULL,
    document_no TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    -- The last day the record is on the public listing (NULL: while in force).
    published_until TEXT,
    entry TEXT NOT NULL,
    -- 'entry' (signed one by one: signer and signature below) or the import's id.
    origin TEXT NOT NULL,
    signer TEXT NOT NULL,
    signature TEXT,
    status TEXT NOT NULL,
    -- The signed revocation, or the id of the correcting record.
    revocation TEXT,
    corrected_by TEXT,
    changed_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX credit_records_subject ON credit_records (subject, status);
CREATE INDEX credit_records_created ON credit_records (created_at, id);
-- One record in force per subject, list, issuing body and number: an import that repeats
-- one skips it.
CREATE UNIQUE INDEX credit_records_active_key ON credit_records (subject_kind, subject, list, source, document_no) WHERE status = 'active';

-- A bulk import: the signed statement over the CSV, and the CSV itself as evidence.
CREATE TABLE credit_imports (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    rows_imported BIGINT NOT NULL,
    rows_skipped BIGINT NOT NULL,
    signed TEXT NOT NULL,
    signer TEXT NOT NULL,
    csv TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Objections (异议) to records, and the supervisor's signed answers.
CREATE TABLE credit_objections (
    id TEXT PRIMARY KEY,
    record_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    filer TEXT NOT NULL,
    signed TEXT NOT NULL,
    filed_at BIGINT NOT NULL,
    answer TEXT,
    answered_by TEXT,
    answered_at BIGINT,
    upheld INTEGER
);
CREATE INDEX credit_objections_record ON credit_objections (record_id);

-- The credit checks of a tender's bidders at the deadline and at the evaluation, with the
-- records found (JSON findings), so the committee and supervisors see what counted.
CREATE TABLE credit_checks (
    tender_id TEXT NOT NULL,
    bidder TEXT NOT NULL,
    stage TEXT NOT NULL,
    checked_at BIGINT NOT NULL,
    findings TEXT NOT NULL,
    PRIMARY KEY (tender_id, bidder, stage)
);

-- A consortium's members (联合体成员), declared in the signed submission.
ALTER TABLE uploads ADD COLUMN consortium TEXT;
ALTER TABLE bids ADD COLUMN consortium TEXT;
