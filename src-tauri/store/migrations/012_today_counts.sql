-- Today counts its groups from the open reminders of the coming week: with what the
-- groups are told apart by in the index, the count reads no table rows (a quarter of
-- the time at 50,000 people).
CREATE INDEX pending_reminders_open_placed
    ON pending_reminders (show_at, overdue_at, kind) WHERE done = 0;
DROP INDEX pending_reminders_open;
