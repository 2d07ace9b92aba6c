-- The window's first call asks for the calls still to be held and for a call left running:
-- each read every interview with its prep notes (3 ms of a 10 ms start at 5,000 interviews).
-- The WHERE of each index is the one in `interviews` (PENDING, UNFINISHED_SQL) word for word, as
-- SQLite uses a partial index only for a query that says the same; a test checks the plans.

-- Calls still to be held, soonest first: Today's interviews card and the reminders to prepare.
CREATE INDEX interviews_pending ON interviews (scheduled_at)
WHERE status = 'scheduled' AND call_ended_at IS NULL;

-- A call started and never ended, offered to resume at start.
CREATE INDEX interviews_unfinished ON interviews (call_started_at)
WHERE call_started_at IS NOT NULL AND call_ended_at IS NULL;
