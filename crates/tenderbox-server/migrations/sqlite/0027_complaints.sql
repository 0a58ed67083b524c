-- Complaints (投诉) to the supervising department: the complainant's signed complaint with
-- its evidence files (declared by SHA-256, uploaded afterwards), the department's signed
-- acceptance and signed decision (published). Nothing is deleted.
CREATE TABLE complaints (
    id TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL,
    filed_by TEXT NOT NULL,
    complainant TEXT NOT NULL,
    department TEXT NOT NULL,
    complaint TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    received_on TEXT NOT NULL,
    late BIGINT NOT NULL,
    acceptance TEXT,
    accepted_on TEXT,
    accepted BIGINT,
    decision TEXT,
    decided_at BIGINT,
    handled_by TEXT
);
CREATE INDEX complaints_tender ON complaints (tender_id);
CREATE INDEX complaints_department ON complaints (department);
CREATE TABLE complaint_files (
    complaint_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,
    size BIGINT NOT NULL,
    stored_at BIGINT,
    PRIMARY KEY (complaint_id, sha256)
);
-- The supervising departments of a supervisor identity, assigned by a centre admin; an
-- identity with none is the comprehensive supervision office and sees every trading type.
CREATE TABLE supervisor_departments (
    identity_id TEXT NOT NULL,
    department TEXT NOT NULL,
    assigned_by TEXT NOT NULL,
    assigned_at BIGINT NOT NULL,
    PRIMARY KEY (identity_id, department)
);
