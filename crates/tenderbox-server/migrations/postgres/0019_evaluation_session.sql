-- The evaluation session (评标): the committee members who signed in at their venue,
-- each member's declaration of conflicts (回避) with the bidders, the vote for the chair,
-- members asking for more time and the centre's extension. A member who declares a
-- conflict is void (their work so far does not count) and replaced by a supplementary draw.
CREATE TABLE evaluation_members (
    tender_id TEXT NOT NULL,
    seat_id TEXT NOT NULL,
    draw_id TEXT NOT NULL,
    expert TEXT NOT NULL,
    identity_id TEXT NOT NULL,
    venue TEXT NOT NULL,
    signed_in_at BIGINT NOT NULL,
    declaration TEXT,
    declared_at BIGINT,
    void INTEGER NOT NULL,
    PRIMARY KEY (tender_id, seat_id)
);
CREATE TABLE evaluation_votes (
    tender_id TEXT NOT NULL,
    voter_seat TEXT NOT NULL,
    candidate_seat TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, voter_seat)
);
CREATE TABLE evaluation_sessions (
    tender_id TEXT PRIMARY KEY,
    chair_seat TEXT,
    chair_at BIGINT,
    extended_to BIGINT,
    extension_reason TEXT
);
CREATE TABLE evaluation_time_requests (
    tender_id TEXT NOT NULL,
    seat_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, seat_id)
);
