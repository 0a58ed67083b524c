-- Signed requests that the custodians open a bid its bidder cannot decrypt (the
-- committee remedy); without one (or a tender that opens every bid) custodians'
-- partial decryptions of that bid are refused.
CREATE TABLE remedy_requests (
    tender_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    by_id TEXT NOT NULL,
    signature TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, sha256)
);
