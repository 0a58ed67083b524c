-- The platform's own step after an outage (action 'resume'): the server's last sign of
-- life before it; the step's `at` is the restart.
ALTER TABLE auction_steps ADD COLUMN paused_from BIGINT;
