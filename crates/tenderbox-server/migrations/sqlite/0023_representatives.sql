-- The tenderer's representatives on the committee (招标人代表, at most a third of the
-- members), appointed by the tender's agency from the tenderer's own registered people.
-- They sign in at the main venue and take part as members; the rest are drawn experts.
CREATE TABLE evaluation_representatives (
    tender_id TEXT NOT NULL,
    identity_id TEXT NOT NULL,
    appointed_at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, identity_id)
);
