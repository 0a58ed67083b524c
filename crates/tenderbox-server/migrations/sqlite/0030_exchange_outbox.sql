-- The push of the national data sets to the provincial platform: each row of each
-- data set, once (by its key), with its delivery attempts. Survives restarts; a row is
-- marked sent only after the receiver's 2xx, and its id is the delivery id the
-- receiver deduplicates by.
CREATE TABLE exchange_outbox (
    id BIGINT PRIMARY KEY,
    row_key TEXT NOT NULL UNIQUE,
    tender_id TEXT NOT NULL,
    dataset TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    sent_at BIGINT,
    last_error TEXT
);
CREATE INDEX exchange_outbox_due ON exchange_outbox (sent_at, next_attempt_at, id);

-- How far through the log the data sets have been gathered.
CREATE TABLE exchange_cursor (
    name TEXT PRIMARY KEY,
    event_idx BIGINT NOT NULL
);
