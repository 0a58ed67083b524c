-- The trading rules catalogue (交易规则): laws, regulations and local rules in force,
-- each with its issuing body and document number, managed by centre admins and shown
-- to everyone. Retired rules stay, with when and why.
CREATE TABLE trading_rules (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    issuer TEXT NOT NULL,
    document_number TEXT NOT NULL,
    category TEXT NOT NULL,
    effective_from BIGINT NOT NULL,
    effective_to BIGINT,
    url TEXT,
    summary TEXT NOT NULL,
    published_by TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    retired_at BIGINT,
    retired_reason TEXT
);
CREATE INDEX trading_rules_effective ON trading_rules (effective_from);
