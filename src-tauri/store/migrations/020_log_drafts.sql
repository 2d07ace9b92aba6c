-- Notes typed in a person's "Log an interaction" form and not logged yet, kept as they are
-- typed: a crash, a power cut or a quit loses none of them, and they are there again when
-- the person's page opens.
CREATE TABLE log_drafts (
    contact_id INTEGER PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE,
    notes TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
