-- A receipt's inclusion proof in a checkpoint this client verified (JSON), set
-- at the first sync after the receipt arrived; NULL until then. When the log
-- this client sees does not hold the receipt (a fork shown to this bidder), the
-- reason is kept instead and the receipt is shown as an alarm.
ALTER TABLE receipts ADD COLUMN anchor TEXT;
ALTER TABLE receipts ADD COLUMN anchor_problem TEXT;
