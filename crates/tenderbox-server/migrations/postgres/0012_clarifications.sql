-- Clarifications (招标文件澄清): bidders ask about a tender before its deadline; the
-- agency answers, and the answer goes to everyone without naming the asker.
CREATE TABLE clarifications (
    id TEXT PRIMARY KEY,
    tender_id TEXT NOT NULL,
    asker_id TEXT NOT NULL,
    question TEXT NOT NULL,
    asked_at BIGINT NOT NULL,
    answer TEXT,
    answered_at BIGINT
);
CREATE INDEX clarifications_tender ON clarifications (tender_id, asked_at);
