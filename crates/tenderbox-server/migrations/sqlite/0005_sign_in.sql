CREATE TABLE opening_sign_ins (
    tender_id TEXT NOT NULL,
    bidder_id TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, bidder_id)
);
