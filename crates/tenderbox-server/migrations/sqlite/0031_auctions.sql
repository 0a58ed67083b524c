-- The holiday calendar (centre admins keep it from the State Council's notice each year):
-- the dates that are not what their weekday says. Working-day periods are counted on it.
CREATE TABLE holidays (
    date TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    note TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at BIGINT NOT NULL
);

-- Listings and auctions (挂牌、拍卖) of land, mining rights and state property: the
-- announced terms as published (canonical JSON and its hash); the outcome once decided.
CREATE TABLE auctions (
    id TEXT PRIMARY KEY,
    terms TEXT NOT NULL,
    terms_hash TEXT NOT NULL,
    centre TEXT NOT NULL,
    asset TEXT NOT NULL,
    mode TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    bidding_starts BIGINT NOT NULL,
    status TEXT NOT NULL,
    outcome TEXT
);
CREATE INDEX auctions_by_start ON auctions (bidding_starts, id);

-- Who applied to bid (secret from other bidders and the public until the end): the
-- deposit reference their transfer carries, and the bidding number (竞买号) given once the
-- deposit arrived before the registration deadline.
CREATE TABLE auction_registrations (
    auction_id TEXT NOT NULL,
    bidder_id TEXT NOT NULL,
    uscc TEXT NOT NULL,
    reference TEXT NOT NULL,
    applied_at BIGINT NOT NULL,
    number TEXT,
    registered_at BIGINT,
    PRIMARY KEY (auction_id, bidder_id)
);
CREATE UNIQUE INDEX auction_registrations_number ON auction_registrations (auction_id, number);

-- Every accepted step of the bidding, in the server's receive order, with the bidder's
-- signed statement: replayed and checked by anyone once bidding has ended.
CREATE TABLE auction_steps (
    auction_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    action TEXT NOT NULL,
    number TEXT NOT NULL,
    bidder_id TEXT NOT NULL,
    amount TEXT,
    at BIGINT NOT NULL,
    signed TEXT NOT NULL,
    event_idx BIGINT NOT NULL,
    PRIMARY KEY (auction_id, seq)
);
