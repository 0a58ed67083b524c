-- The supervisors' audit search: by identity and by time.
CREATE INDEX audit_identity ON audit (identity_id, at);
CREATE INDEX audit_at ON audit (at);
