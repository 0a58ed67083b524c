-- A tie the tender's tie-breaks leave undecided is decided by the procedure the tender
-- states (e.g. drawing lots in front of the supervisor); the chair records the outcome.
CREATE TABLE evaluation_tie_decisions (
    tender_id TEXT NOT NULL,
    lot TEXT NOT NULL,
    bidder TEXT NOT NULL,
    how TEXT NOT NULL,
    seat_id TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, lot)
);
