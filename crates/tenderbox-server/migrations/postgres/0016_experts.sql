-- The expert library (评标专家库), one for the city centre and its six sub-centres:
-- each expert's profile as the centre admitted it, the status (active, suspended until
-- a date, removed) and the days the expert cannot serve. Nothing is deleted; every
-- change is kept in expert_changes and logged.
CREATE TABLE experts (
    code TEXT PRIMARY KEY,
    profile TEXT NOT NULL,
    centre TEXT NOT NULL,
    status TEXT NOT NULL,
    suspended_until BIGINT,
    status_reason TEXT,
    unavailable TEXT NOT NULL,
    identity_id TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX experts_centre ON experts (centre, status);
CREATE TABLE expert_changes (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,
    by_identity TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX expert_changes_code ON expert_changes (code, at);
