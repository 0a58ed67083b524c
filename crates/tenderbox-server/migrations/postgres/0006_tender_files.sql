-- Files of tender packages, stored by SHA-256 in the data folder (tender-files/).
CREATE TABLE tender_files (
    sha256 TEXT PRIMARY KEY,
    size BIGINT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at BIGINT NOT NULL
);

-- Events of one tender (the client checks a tender's publication in the log).
CREATE INDEX events_tender ON events (tender_id, idx);
