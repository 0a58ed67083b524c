-- The desktop client's local store. Forward-only; embedded in the binary.

-- Small facts: the server address, the pinned log key, the last verified
-- checkpoint, the event cursor, the measured clock offset.
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Events synced from the server (public, plus this identity's own).
CREATE TABLE events (
    idx INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    tender_id TEXT,
    at INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX events_tender ON events (tender_id, idx);

-- Tenders as last verified (document hash, agency signature, log inclusion).
CREATE TABLE tenders (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    hash TEXT NOT NULL,
    title TEXT NOT NULL,
    centre TEXT NOT NULL,
    trading_type TEXT NOT NULL,
    status TEXT NOT NULL,
    deadline INTEGER NOT NULL,
    record TEXT NOT NULL,
    log_index INTEGER NOT NULL,
    -- The version the bidder last opened; NULL when never opened.
    seen_version INTEGER,
    updated_at INTEGER NOT NULL
);

-- Every verified version of every tender, for "what changed".
CREATE TABLE tender_versions (
    tender_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    hash TEXT NOT NULL,
    document TEXT NOT NULL,
    log_index INTEGER NOT NULL,
    PRIMARY KEY (tender_id, version)
);

-- Sealed bids waiting to be sent, being sent, or sent.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tender_id TEXT NOT NULL,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    upload_id TEXT,
    sent INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL,
    error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Verified receipts.
CREATE TABLE receipts (
    sha256 TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL,
    receipt TEXT NOT NULL,
    log_index INTEGER NOT NULL,
    server_time INTEGER NOT NULL,
    verified_at INTEGER NOT NULL
);
