-- A platform fault declared by a centre admin, signed; one that would pre-empt a
-- bidder already signed in and within its decryption window waits here for a
-- second admin's signed confirmation.
CREATE TABLE platform_faults (
    tender_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    admin_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    signature TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (tender_id, sha256, admin_id)
);
