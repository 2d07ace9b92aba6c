-- Reminders are derived from contacts and interactions; this records only what happened
-- to each one (notified, done, snoozed), plus the user's settings.
ALTER TABLE interactions ADD COLUMN purpose TEXT
    CHECK (purpose IN ('thank_you', 'follow_up', 'check_in'));
ALTER TABLE contacts ADD COLUMN checkin_months INTEGER CHECK (checkin_months BETWEEN 1 AND 60);
ALTER TABLE contacts ADD COLUMN checkin_paused INTEGER NOT NULL DEFAULT 0
    CHECK (checkin_paused IN (0, 1));

CREATE TABLE reminder_log (
    kind          TEXT NOT NULL,
    subject_id    INTEGER NOT NULL,
    due_at        TEXT NOT NULL,
    notified_at   TEXT,
    done_at       TEXT,
    snoozed_until TEXT,
    PRIMARY KEY (kind, subject_id, due_at)
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL CHECK (json_valid(value))
);
