-- The documents a registration declares for the centre's review (营业执照, 授权委托书…),
-- signed by the applicant's identity; each file is stored by its SHA-256 once uploaded.
CREATE TABLE registration_documents (
    identity_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    size BIGINT NOT NULL,
    position BIGINT NOT NULL,
    stored_at BIGINT,
    PRIMARY KEY (identity_id, sha256)
);
