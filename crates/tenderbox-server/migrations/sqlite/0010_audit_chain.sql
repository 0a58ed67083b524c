-- The audit trail is hash-chained (docs/security.md): each record's chain value
-- covers the one before it, and the chain head is logged in the transparency log,
-- so a record edited or removed afterwards no longer matches what the log holds.
ALTER TABLE audit ADD COLUMN chain TEXT;
