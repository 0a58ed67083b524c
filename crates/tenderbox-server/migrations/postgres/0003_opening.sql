ALTER TABLE bids ADD COLUMN outcome TEXT;
ALTER TABLE bids ADD COLUMN manifest TEXT;

CREATE TABLE openings (
    tender_id TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    signature TEXT NOT NULL,
    log_index BIGINT NOT NULL,
    at BIGINT NOT NULL
);

CREATE TABLE opening_confirmations (
    tender_id TEXT NOT NULL,
    bidder_id TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, bidder_id)
);

CREATE TABLE objections (
    id TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL,
    bidder_id TEXT NOT NULL,
    text TEXT NOT NULL,
    at BIGINT NOT NULL,
    answer TEXT,
    answered_at BIGINT
);
