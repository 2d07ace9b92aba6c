-- The contact log: people, their organizations and every attempt and conversation.
CREATE TABLE organizations (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    industry   TEXT NOT NULL DEFAULT '',
    website    TEXT NOT NULL DEFAULT '',
    location   TEXT NOT NULL DEFAULT '',
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE contacts (
    id              INTEGER PRIMARY KEY,
    full_name       TEXT NOT NULL CHECK (length(trim(full_name)) > 0),
    role            TEXT NOT NULL DEFAULT '',
    organization_id INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
    industry        TEXT NOT NULL DEFAULT '',
    location        TEXT NOT NULL DEFAULT '',
    emails          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(emails)),
    phone           TEXT NOT NULL DEFAULT '',
    phone_ext       TEXT NOT NULL DEFAULT '',
    work_address    TEXT NOT NULL DEFAULT '',
    profile_url     TEXT NOT NULL DEFAULT '',
    source          TEXT CHECK (source IN ('linkedin', 'alumni_directory', 'work_directory',
                                           'referral', 'event', 'other')),
    referred_by_id  INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    in_common       TEXT NOT NULL DEFAULT '',
    tags            TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
    notes           TEXT NOT NULL DEFAULT '',
    stage           TEXT NOT NULL DEFAULT 'to_contact'
                    CHECK (stage IN ('to_contact', 'reached_out', 'scheduled', 'interviewed',
                                     'keeping_in_touch', 'declined', 'not_now')),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX contacts_organization ON contacts (organization_id);
CREATE INDEX contacts_referred_by ON contacts (referred_by_id);
CREATE INDEX contacts_name ON contacts (full_name COLLATE NOCASE);

CREATE TABLE interactions (
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
    updated_at  TEXT NOT NULL
);
CREATE INDEX interactions_contact_time ON interactions (contact_id, occurred_at);
