CREATE TABLE committee_deals (
    tender_id TEXT NOT NULL,
    dealer INTEGER NOT NULL,
    custodian_id TEXT NOT NULL,
    deal TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, dealer)
);

CREATE TABLE committee_complaints (
    tender_id TEXT NOT NULL,
    dealer INTEGER NOT NULL,
    by_custodian INTEGER NOT NULL,
    reason TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, dealer, by_custodian)
);

CREATE TABLE partials (
    tender_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    custodian INTEGER NOT NULL,
    partial TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, sha256, custodian)
);
