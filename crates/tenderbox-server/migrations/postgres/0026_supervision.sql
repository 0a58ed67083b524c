-- Collusion signals (串通投标迹象) of a tender, computed once after its opening record,
-- and the supervisors' own (the machine fingerprints are sealed to supervision, so their
-- comparison is raised from a supervisor's app). Each alert keeps its evidence and the
-- supervisor's signed decision with reasons; nothing is deleted.
CREATE TABLE collusion_runs (
    tender_id TEXT PRIMARY KEY,
    computed_at BIGINT NOT NULL
);
CREATE TABLE collusion_alerts (
    id TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL,
    rule TEXT NOT NULL,
    bidders TEXT NOT NULL,
    evidence TEXT NOT NULL,
    raised_by TEXT,
    raised_at BIGINT NOT NULL,
    decision TEXT,
    decided_by TEXT,
    decided_at BIGINT
);
CREATE INDEX collusion_alerts_tender ON collusion_alerts (tender_id);
