-- What changed about a person over time (a new role, a move to another organization), so
-- their timeline tells their story.
CREATE TABLE contact_changes (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    changed_at TEXT NOT NULL,
    field      TEXT NOT NULL CHECK (field IN ('role', 'organization')),
    old_value  TEXT NOT NULL,
    new_value  TEXT NOT NULL
);
CREATE INDEX contact_changes_contact ON contact_changes (contact_id, changed_at);
