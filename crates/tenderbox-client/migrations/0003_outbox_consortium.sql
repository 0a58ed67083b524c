-- The consortium members a queued bid names (JSON list of credit codes), signed into the
-- submission when it is sent.
ALTER TABLE outbox ADD COLUMN consortium TEXT;
