-- Every published version of each tender document (the tenders table keeps the
-- current one): the public portal shows what each amendment changed, and the
-- open-data releases carry each version. Versions published before this table
-- existed are not recoverable; the current one is copied in, dated by its last
-- amendment.
CREATE TABLE tender_versions (
    tender_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    document TEXT NOT NULL,
    hash TEXT NOT NULL,
    agency_signature TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, version)
);
INSERT INTO tender_versions (tender_id, version, document, hash, agency_signature, published_at)
    SELECT t.id, t.version, t.document, t.hash, t.agency_signature,
           COALESCE((SELECT MAX(e.at) FROM events e WHERE e.tender_id = t.id AND e.kind = 'tender.amended'), t.published_at)
    FROM tenders t;

-- The portal's announcement feeds read the log's public events by kind.
CREATE INDEX events_kind ON events (kind, idx);
