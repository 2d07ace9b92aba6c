-- Search as you type at 50,000 people and half a million interactions. What was said with
-- a person moves into their own row of the index (a `history` column), so one query
-- answers with people, never with interactions to be mapped back one by one. The first
-- letter or two typed look only at who people are, in a small index of their own; both
-- index one-letter prefixes, as in "dana r". Each person's latest interaction is kept on their row,
-- indexed, so "by last interaction" reads in order instead of sorting everyone.
DROP TRIGGER contacts_fts_insert;
DROP TRIGGER contacts_fts_update;
DROP TRIGGER contacts_fts_delete;
DROP TRIGGER organizations_fts_rename;
DROP TRIGGER interactions_fts_insert;
DROP TRIGGER interactions_fts_update;
DROP TRIGGER interactions_fts_delete;
DROP TABLE contacts_fts;
DROP TABLE interactions_fts;

CREATE VIRTUAL TABLE contacts_fts USING fts5 (
    full_name, organization, role, tags, notes, history,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
CREATE VIRTUAL TABLE contacts_who_fts USING fts5 (
    full_name, organization, role, tags,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2'
);

-- A person's rows of the indexes, as every trigger below writes them.
CREATE VIEW contacts_who_source AS
SELECT c.id,
       visible(c.full_name) AS full_name,
       visible(coalesce(o.name, '')) AS organization,
       visible(c.role) AS role,
       visible((SELECT coalesce(group_concat(value, ' '), '') FROM json_each(c.tags))) AS tags
FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id;
CREATE VIEW contacts_fts_source AS
SELECT w.*,
       visible(c.in_common || ' ' || c.notes) AS notes,
       visible((SELECT coalesce(group_concat(i.notes, ' '), '') FROM interactions i
                WHERE i.contact_id = c.id)) AS history
FROM contacts_who_source w JOIN contacts c ON c.id = w.id;

CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts (rowid, full_name, organization, role, tags, notes, history)
    SELECT * FROM contacts_fts_source WHERE id = new.id;
    INSERT INTO contacts_who_fts (rowid, full_name, organization, role, tags)
    SELECT * FROM contacts_who_source WHERE id = new.id;
END;
-- Only the columns the index holds: a stage moved by a logged email reindexes nothing.
-- ON DELETE SET NULL on organization_id is an update of that column, so it fires too.
CREATE TRIGGER contacts_fts_update
AFTER UPDATE OF full_name, organization_id, role, tags, in_common, notes ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.id;
    INSERT INTO contacts_fts (rowid, full_name, organization, role, tags, notes, history)
    SELECT * FROM contacts_fts_source WHERE id = new.id;
    DELETE FROM contacts_who_fts WHERE rowid = old.id;
    INSERT INTO contacts_who_fts (rowid, full_name, organization, role, tags)
    SELECT * FROM contacts_who_source WHERE id = new.id;
END;
CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.id;
    DELETE FROM contacts_who_fts WHERE rowid = old.id;
END;
CREATE TRIGGER organizations_fts_rename AFTER UPDATE OF name ON organizations BEGIN
    UPDATE contacts_fts SET organization = visible(new.name)
    WHERE rowid IN (SELECT id FROM contacts WHERE organization_id = new.id);
    UPDATE contacts_who_fts SET organization = visible(new.name)
    WHERE rowid IN (SELECT id FROM contacts WHERE organization_id = new.id);
END;

CREATE TRIGGER contacts_fts_history_insert AFTER INSERT ON interactions BEGIN
    DELETE FROM contacts_fts WHERE rowid = new.contact_id;
    INSERT INTO contacts_fts (rowid, full_name, organization, role, tags, notes, history)
    SELECT * FROM contacts_fts_source WHERE id = new.contact_id;
END;
CREATE TRIGGER contacts_fts_history_update AFTER UPDATE OF notes, contact_id ON interactions
BEGIN
    DELETE FROM contacts_fts WHERE rowid IN (old.contact_id, new.contact_id);
    INSERT INTO contacts_fts (rowid, full_name, organization, role, tags, notes, history)
    SELECT * FROM contacts_fts_source WHERE id IN (old.contact_id, new.contact_id);
END;
CREATE TRIGGER contacts_fts_history_delete AFTER DELETE ON interactions BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.contact_id;
    INSERT INTO contacts_fts (rowid, full_name, organization, role, tags, notes, history)
    SELECT * FROM contacts_fts_source WHERE id = old.contact_id;
END;

INSERT INTO contacts_fts (rowid, full_name, organization, role, tags, notes, history)
SELECT * FROM contacts_fts_source;
INSERT INTO contacts_who_fts (rowid, full_name, organization, role, tags)
SELECT * FROM contacts_who_source;

-- The latest interaction (a LinkedIn connection is not one), for the list's order.
ALTER TABLE contacts ADD COLUMN last_interaction_at TEXT;
CREATE INDEX contacts_last_interaction
ON contacts (last_interaction_at IS NULL, last_interaction_at DESC, full_name COLLATE NOCASE);

CREATE TRIGGER contacts_last_interaction_insert AFTER INSERT ON interactions BEGIN
    UPDATE contacts SET last_interaction_at =
        (SELECT max(occurred_at) FROM interactions
         WHERE contact_id = new.contact_id AND purpose IS NOT 'connected')
    WHERE id = new.contact_id;
END;
CREATE TRIGGER contacts_last_interaction_update
AFTER UPDATE OF occurred_at, purpose, contact_id ON interactions BEGIN
    UPDATE contacts SET last_interaction_at =
        (SELECT max(occurred_at) FROM interactions
         WHERE contact_id = contacts.id AND purpose IS NOT 'connected')
    WHERE id IN (old.contact_id, new.contact_id);
END;
CREATE TRIGGER contacts_last_interaction_delete AFTER DELETE ON interactions BEGIN
    UPDATE contacts SET last_interaction_at =
        (SELECT max(occurred_at) FROM interactions
         WHERE contact_id = old.contact_id AND purpose IS NOT 'connected')
    WHERE id = old.contact_id;
END;

UPDATE contacts SET last_interaction_at =
    (SELECT max(occurred_at) FROM interactions
     WHERE contact_id = contacts.id AND purpose IS NOT 'connected');
