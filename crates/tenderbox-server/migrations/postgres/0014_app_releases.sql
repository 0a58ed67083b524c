-- Desktop releases (the in-app updates): one installer of one version for one platform,
-- with its update signature, published by a centre admin and withdrawn with a reason.
-- Nothing is deleted; the installer is kept in the data folder's release-files/.
CREATE TABLE app_releases (
    id TEXT PRIMARY KEY,
    version TEXT NOT NULL,
    target TEXT NOT NULL,
    bundle TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    signature TEXT NOT NULL,
    notes TEXT NOT NULL,
    published_by TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    withdrawn_at BIGINT,
    withdrawn_reason TEXT,
    UNIQUE (version, target, bundle)
);
CREATE INDEX app_releases_target ON app_releases (target, bundle);
