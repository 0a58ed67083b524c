-- After the opening the platform keeps each bid's file key (the bidder posted it, or the
-- custodians' quorum recovered it) so that it can wrap it to each evaluation member's own
-- key at sign-in (docs/spec/member-key-v1.md); the members' apps then open the original
-- sealed bids themselves. Every member's download of a bid is logged.
ALTER TABLE bids ADD COLUMN file_key TEXT;
CREATE TABLE evaluation_member_keys (
    tender_id TEXT NOT NULL,
    seat_id TEXT NOT NULL,
    bid_sha256 TEXT NOT NULL,
    member_key TEXT NOT NULL,
    PRIMARY KEY (tender_id, seat_id, bid_sha256)
);
