-- A submission is signed by its bidder (docs/security.md, item 11): the upload
-- keeps the signature and the active bid it replaces, and both go into the log
-- with the receipt.
ALTER TABLE uploads ADD COLUMN supersedes TEXT;
ALTER TABLE uploads ADD COLUMN signature TEXT;
