-- The reserve price sealed to custodians (the signed SealedReserve; the server cannot read
-- it), replaced freely until bidding starts.
CREATE TABLE auction_reserves (
    auction_id TEXT PRIMARY KEY,
    signed TEXT NOT NULL,
    hash TEXT NOT NULL,
    sealed_by TEXT NOT NULL,
    sealed_at BIGINT NOT NULL
);

-- Custodians' shares of the reserve, released after bidding ended.
CREATE TABLE auction_releases (
    auction_id TEXT NOT NULL,
    custodian INTEGER NOT NULL,
    custodian_id TEXT NOT NULL,
    share TEXT NOT NULL,
    released_at BIGINT NOT NULL,
    PRIMARY KEY (auction_id, custodian)
);

-- The outcome once decided, the confirmation of a sale (成交确认书) and its two signatures.
CREATE TABLE auction_results (
    auction_id TEXT PRIMARY KEY,
    outcome TEXT NOT NULL,
    reserve TEXT,
    ended_at BIGINT NOT NULL,
    decided_at BIGINT NOT NULL,
    buyer_id TEXT,
    confirmation TEXT,
    centre_signed TEXT,
    buyer_signed TEXT,
    confirmed_at BIGINT
);
