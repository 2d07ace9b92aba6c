-- "Connected on LinkedIn": a dated interaction that is neither outreach nor a reply. The
-- purpose column's CHECK changes only by rebuilding the table; migrations run with foreign
-- keys off (store/mod.rs), so dropping the old table nulls no interview's link to its
-- conversation, and the foreign keys are checked before this commits. Ids are kept: the
-- search index and interviews refer to them.
CREATE TABLE interactions_new (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    occurred_at TEXT NOT NULL,
    channel     TEXT NOT NULL
                CHECK (channel IN ('email', 'letter', 'phone_call', 'voicemail', 'message_left',
                                   'linkedin_message', 'video_call', 'in_person', 'other')),
    direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    outcome     TEXT CHECK (outcome IN ('sent', 'replied', 'no_answer', 'declined', 'scheduled',
                                        'snafu')),
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    purpose     TEXT CHECK (purpose IN ('thank_you', 'follow_up', 'check_in', 'connected'))
);
INSERT INTO interactions_new (id, contact_id, occurred_at, channel, direction, outcome, notes,
                              created_at, updated_at, purpose)
SELECT id, contact_id, occurred_at, channel, direction, outcome, notes, created_at, updated_at,
       purpose
FROM interactions;
DROP TABLE interactions;
ALTER TABLE interactions_new RENAME TO interactions;
CREATE INDEX interactions_contact_time ON interactions (contact_id, occurred_at);

-- The old table's triggers went with it.
CREATE TRIGGER interactions_fts_insert AFTER INSERT ON interactions BEGIN
    INSERT INTO interactions_fts (rowid, notes) VALUES (new.id, visible(new.notes));
END;
CREATE TRIGGER interactions_fts_update AFTER UPDATE OF notes ON interactions BEGIN
    UPDATE interactions_fts SET notes = visible(new.notes) WHERE rowid = new.id;
END;
CREATE TRIGGER interactions_fts_delete AFTER DELETE ON interactions BEGIN
    DELETE FROM interactions_fts WHERE rowid = old.id;
END;
