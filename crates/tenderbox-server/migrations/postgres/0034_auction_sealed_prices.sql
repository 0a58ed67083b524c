-- A one-shot sealed round (一次报价): each registered bidder's price, sealed to the
-- reserve's custodians and signed by the bidder; opened after the close from the
-- custodians' released shares.
CREATE TABLE auction_sealed_prices (
    auction_id TEXT NOT NULL,
    number TEXT NOT NULL,
    bidder_id TEXT NOT NULL,
    signed TEXT NOT NULL,
    at BIGINT NOT NULL,
    event_idx BIGINT NOT NULL,
    PRIMARY KEY (auction_id, number)
);

CREATE TABLE auction_price_releases (
    auction_id TEXT NOT NULL,
    number TEXT NOT NULL,
    custodian INTEGER NOT NULL,
    share TEXT NOT NULL,
    released_at BIGINT NOT NULL,
    PRIMARY KEY (auction_id, number, custodian)
);
