-- Bid security (投标保证金): the reference each bidder writes on its transfer, the
-- deposits the finance office records from the bank statement (and their refunds), the
-- electronic guarantees (电子保函) signed by registered guarantors, the check of every
-- bid at the deadline, and the day the contract was signed (when deposits fall due).
CREATE TABLE deposit_references (
    reference TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL,
    bidder TEXT NOT NULL,
    issued_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX deposit_references_bid ON deposit_references (tender_id, bidder);

CREATE TABLE deposits (
    id TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL,
    bidder TEXT NOT NULL,
    reference TEXT NOT NULL,
    amount TEXT NOT NULL,
    payer_name TEXT NOT NULL,
    payer_account TEXT NOT NULL,
    bank_serial TEXT NOT NULL UNIQUE,
    received_at BIGINT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    refunded_at BIGINT,
    refund_serial TEXT,
    refund_amount TEXT,
    interest TEXT,
    refunded_by TEXT
);
CREATE INDEX deposits_tender ON deposits (tender_id, bidder);

CREATE TABLE guarantees (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL,
    tender_id TEXT NOT NULL,
    applicant TEXT NOT NULL,
    guarantor_id TEXT NOT NULL,
    amount TEXT NOT NULL,
    signed TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    revoked_at BIGINT,
    revocation TEXT
);
CREATE UNIQUE INDEX guarantees_number ON guarantees (guarantor_id, number);
CREATE INDEX guarantees_tender ON guarantees (tender_id, applicant);

CREATE TABLE security_checks (
    tender_id TEXT NOT NULL,
    bidder TEXT NOT NULL,
    outcome TEXT NOT NULL,
    checked_at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, bidder)
);

CREATE TABLE contracts (
    tender_id TEXT PRIMARY KEY,
    signed_at BIGINT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at BIGINT NOT NULL
);

-- When a bid was withdrawn before the deadline (its deposit falls due 5 days later).
ALTER TABLE bids ADD COLUMN withdrawn_at BIGINT;
