-- Identities registered once for every centre (统一社会信用代码 + keys).
CREATE TABLE identities (
    id TEXT PRIMARY KEY,
    uscc TEXT NOT NULL,
    name TEXT NOT NULL,
    document TEXT NOT NULL,
    roles TEXT NOT NULL,
    status TEXT NOT NULL,
    certificate TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX identities_uscc ON identities (uscc);

CREATE TABLE challenges (
    challenge TEXT PRIMARY KEY,
    identity_id TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE tokens (
    token_hash TEXT PRIMARY KEY,
    identity_id TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- The transparency log: one row per leaf, in order.
CREATE TABLE events (
    idx BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    tender_id TEXT,
    audience TEXT NOT NULL,
    at BIGINT NOT NULL,
    leaf BYTEA NOT NULL,
    hash BYTEA NOT NULL
);
CREATE INDEX events_audience ON events (audience, idx);

-- Who did what, when, from where (电子招标投标办法).
CREATE TABLE audit (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    request_id TEXT NOT NULL,
    identity_id TEXT,
    remote TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    status INTEGER NOT NULL
);

CREATE TABLE centres (
    code TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    division TEXT NOT NULL,
    parent TEXT
);
