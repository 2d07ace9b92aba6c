-- Sync with the user's own CalDAV/CardDAV server. The log stays the source of truth; these
-- tables remember what the server was last told and held, so each side's changes can be
-- told apart.

-- This log among the others a user keeps (a second computer, a restored copy elsewhere):
-- the calendar items it publishes carry it, so two logs publishing to one calendar never
-- take each other's items.
CREATE TABLE log_identity (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    tag TEXT NOT NULL
);
INSERT INTO log_identity (id, tag) VALUES (1, lower(hex(randomblob(6))));

-- The one account. The password is in the OS's secret store, never here.
CREATE TABLE sync_account (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    server          TEXT NOT NULL,
    user_name       TEXT NOT NULL,
    -- Where discovery led (the context URLs), and the collections Rapport uses there.
    carddav_url     TEXT NOT NULL DEFAULT '',
    caldav_url      TEXT NOT NULL DEFAULT '',
    address_book    TEXT NOT NULL DEFAULT '',
    calendar        TEXT NOT NULL DEFAULT '',
    -- The address book's RFC 6578 sync token, when the server offers them.
    card_token      TEXT NOT NULL DEFAULT '',
    last_synced_at  TEXT,
    last_attempt_at TEXT,
    last_error      TEXT NOT NULL DEFAULT ''
);

-- A card in the address book and the person it is. `fields` and `card` are what both sides
-- agreed on at the last sync: a field that differs from it changed on that side. A person
-- deleted here leaves contact_id empty until the server's card is deleted too; a card
-- deleted on the server waits, marked, for the user to confirm deleting the person.
CREATE TABLE sync_cards (
    href              TEXT PRIMARY KEY,
    uid               TEXT NOT NULL,
    contact_id        INTEGER UNIQUE REFERENCES contacts (id) ON DELETE SET NULL,
    etag              TEXT NOT NULL DEFAULT '',
    fields            TEXT NOT NULL,
    card              TEXT NOT NULL,
    -- The person's updated_at when they were last agreed on.
    agreed_at         TEXT NOT NULL,
    gone_from_server  INTEGER NOT NULL DEFAULT 0 CHECK (gone_from_server IN (0, 1))
);

-- A calendar item Rapport published, as it was sent: a call ('interview', the interview's
-- id) or a deadline (the reminder's kind and subject). A deadline met stays, completed.
CREATE TABLE sync_items (
    uid        TEXT PRIMARY KEY,
    href       TEXT NOT NULL UNIQUE,
    etag       TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    body       TEXT NOT NULL,
    completed  INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1))
);

-- A field changed on both sides between two syncs: the newer value was kept, the other is
-- told on the person's timeline.
CREATE TABLE sync_conflicts (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    at         TEXT NOT NULL,
    field      TEXT NOT NULL,
    -- Where the value that was not kept was written: 'server' or 'here'.
    side       TEXT NOT NULL CHECK (side IN ('server', 'here')),
    from_value TEXT NOT NULL,
    to_value   TEXT NOT NULL,
    kept       TEXT NOT NULL
);
CREATE INDEX sync_conflicts_contact ON sync_conflicts (contact_id, at);
