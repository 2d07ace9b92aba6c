-- What the reminder rules make of each person, kept beside the data so that the scheduler
-- and Today read the few rows due through an index instead of re-deriving everyone.
-- A row is what the rules and the reminder log said when the person was last computed;
-- the triggers below mark a person for recomputing whenever something the rules read
-- changes, in the same transaction as the change.
CREATE TABLE pending_reminders (
    kind       TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    due_at     TEXT NOT NULL,
    contact_id INTEGER NOT NULL,
    show_at    TEXT NOT NULL,
    overdue_at TEXT,
    about_at   TEXT NOT NULL,
    notified   INTEGER NOT NULL DEFAULT 0,
    snoozed    INTEGER NOT NULL DEFAULT 0,
    done       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, subject_id, due_at)
) WITHOUT ROWID;
CREATE INDEX pending_reminders_open ON pending_reminders (show_at) WHERE done = 0;
CREATE INDEX pending_reminders_contact ON pending_reminders (contact_id);

-- When each person must be computed again: '' (before any time) once something changed,
-- otherwise the next moment time alone changes what the rules say (a scheduled call
-- begins, a conversation leaves the thank-you window). No row: nothing to look at.
-- No foreign keys: a deleted person is marked too, and computing them removes their rows.
CREATE TABLE reminders_recheck (
    contact_id INTEGER PRIMARY KEY,
    at         TEXT NOT NULL
);
CREATE INDEX reminders_recheck_at ON reminders_recheck (at);

-- A statement's own conflict clause (an upsert, OR IGNORE) overrides one in a trigger it
-- fires, so the triggers below write only what cannot conflict: delete, then insert.

-- Everyone is computed once, at the first look after this upgrade.
INSERT INTO reminders_recheck (contact_id, at) SELECT id, '' FROM contacts;

CREATE TRIGGER reminders_contact_added AFTER INSERT ON contacts BEGIN
    DELETE FROM reminders_recheck WHERE contact_id = new.id;
    INSERT INTO reminders_recheck VALUES (new.id, '');
END;
CREATE TRIGGER reminders_contact_changed
AFTER UPDATE OF stage, checkin_months, checkin_paused, organization_id ON contacts BEGIN
    DELETE FROM reminders_recheck WHERE contact_id = new.id;
    INSERT INTO reminders_recheck VALUES (new.id, '');
END;
CREATE TRIGGER reminders_contact_deleted AFTER DELETE ON contacts BEGIN
    DELETE FROM reminders_recheck WHERE contact_id = old.id;
    INSERT INTO reminders_recheck VALUES (old.id, '');
END;

CREATE TRIGGER reminders_interaction_added AFTER INSERT ON interactions BEGIN
    DELETE FROM reminders_recheck WHERE contact_id = new.contact_id;
    INSERT INTO reminders_recheck VALUES (new.contact_id, '');
END;
CREATE TRIGGER reminders_interaction_changed AFTER UPDATE ON interactions BEGIN
    DELETE FROM reminders_recheck WHERE contact_id = old.contact_id;
    INSERT INTO reminders_recheck VALUES (old.contact_id, '');
    DELETE FROM reminders_recheck WHERE contact_id = new.contact_id;
    INSERT INTO reminders_recheck VALUES (new.contact_id, '');
END;
CREATE TRIGGER reminders_interaction_deleted AFTER DELETE ON interactions BEGIN
    DELETE FROM reminders_recheck WHERE contact_id = old.contact_id;
    INSERT INTO reminders_recheck VALUES (old.contact_id, '');
END;

CREATE TRIGGER reminders_interview_added AFTER INSERT ON interviews BEGIN
    DELETE FROM reminders_recheck WHERE contact_id = new.contact_id;
    INSERT INTO reminders_recheck VALUES (new.contact_id, '');
END;
CREATE TRIGGER reminders_interview_changed
AFTER UPDATE OF contact_id, scheduled_at, status, call_started_at, call_ended_at ON interviews
BEGIN
    DELETE FROM reminders_recheck WHERE contact_id = old.contact_id;
    INSERT INTO reminders_recheck VALUES (old.contact_id, '');
    DELETE FROM reminders_recheck WHERE contact_id = new.contact_id;
    INSERT INTO reminders_recheck VALUES (new.contact_id, '');
END;
CREATE TRIGGER reminders_interview_deleted AFTER DELETE ON interviews BEGIN
    DELETE FROM reminders_recheck WHERE contact_id = old.contact_id;
    INSERT INTO reminders_recheck VALUES (old.contact_id, '');
END;

-- Notified, done and snoozed are written to a pending row as they are logged, without
-- computing the person again.
CREATE TRIGGER reminders_logged AFTER INSERT ON reminder_log BEGIN
    UPDATE pending_reminders
    SET show_at = coalesce(new.snoozed_until, due_at),
        snoozed = new.snoozed_until IS NOT NULL,
        notified = new.notified_at IS NOT NULL,
        done = new.done_at IS NOT NULL
    WHERE kind = new.kind AND subject_id = new.subject_id AND due_at = new.due_at;
END;
CREATE TRIGGER reminders_log_changed AFTER UPDATE ON reminder_log BEGIN
    UPDATE pending_reminders
    SET show_at = coalesce(new.snoozed_until, due_at),
        snoozed = new.snoozed_until IS NOT NULL,
        notified = new.notified_at IS NOT NULL,
        done = new.done_at IS NOT NULL
    WHERE kind = new.kind AND subject_id = new.subject_id AND due_at = new.due_at;
END;
CREATE TRIGGER reminders_log_deleted AFTER DELETE ON reminder_log BEGIN
    UPDATE pending_reminders SET show_at = due_at, snoozed = 0, notified = 0, done = 0
    WHERE kind = old.kind AND subject_id = old.subject_id AND due_at = old.due_at;
END;

-- The rules read the user's reminder settings: a change there recomputes everyone.
CREATE TRIGGER reminders_settings_added AFTER INSERT ON settings
WHEN new.key = 'reminders' BEGIN
    DELETE FROM reminders_recheck;
    INSERT INTO reminders_recheck (contact_id, at) SELECT id, '' FROM contacts;
END;
CREATE TRIGGER reminders_settings_changed AFTER UPDATE ON settings
WHEN new.key = 'reminders' BEGIN
    DELETE FROM reminders_recheck;
    INSERT INTO reminders_recheck (contact_id, at) SELECT id, '' FROM contacts;
END;
