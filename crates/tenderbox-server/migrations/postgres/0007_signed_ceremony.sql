-- The committee key ceremony becomes a signed protocol (docs/spec/committee-v1.md):
-- commitments, deals, verdicts and answers, each signed by its custodian and bound
-- to a ceremony id. Unsigned deals and bare complaints are no longer accepted.
DROP TABLE committee_deals;
DROP TABLE committee_complaints;

CREATE TABLE dkg_messages (
    tender_id TEXT NOT NULL,
    ceremony TEXT NOT NULL,
    kind TEXT NOT NULL,
    custodian INTEGER NOT NULL,
    -- The complaining custodian an answer is for; 0 otherwise.
    about INTEGER NOT NULL,
    body TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, ceremony, kind, custodian, about)
);

-- The tender version from which the current custodians and threshold stand; an
-- amendment that changes them starts a new ceremony.
ALTER TABLE tenders ADD COLUMN ceremony_epoch BIGINT NOT NULL DEFAULT 1;
