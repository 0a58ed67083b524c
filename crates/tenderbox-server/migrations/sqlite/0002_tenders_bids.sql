CREATE TABLE tenders (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    title TEXT NOT NULL,
    centre TEXT NOT NULL,
    trading_type TEXT NOT NULL,
    agency_id TEXT NOT NULL,
    document TEXT NOT NULL,
    hash TEXT NOT NULL,
    agency_signature TEXT NOT NULL,
    status TEXT NOT NULL,
    deadline BIGINT NOT NULL,
    published_at BIGINT NOT NULL
);

CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL,
    bidder_id TEXT NOT NULL,
    length BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    received BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    status TEXT NOT NULL
);

CREATE TABLE bids (
    id TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL,
    bidder_id TEXT NOT NULL,
    tender_hash TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    status TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    log_index BIGINT NOT NULL,
    receipt TEXT NOT NULL
);
CREATE INDEX bids_tender ON bids (tender_id, bidder_id);

CREATE TABLE idempotency (
    identity_id TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (identity_id, key)
);
