-- The search index again, fed text without invisible characters: SQLite's tokenizer
-- counts a directional isolate or a zero-width space as a letter, so "⁦Dana⁩" never
-- matched "Dana". Each call of `visible` is written out when the migration is loaded: its
-- argument with those characters replaced away (text.rs), in plain SQL any SQLite tool runs.
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
    full_name, organization, role, tags, notes,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
CREATE VIRTUAL TABLE interactions_fts USING fts5 (
    notes,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts (rowid, full_name, organization, role, tags, notes)
    VALUES (new.id, visible(new.full_name),
            visible(coalesce((SELECT name FROM organizations WHERE id = new.organization_id), '')),
            visible(new.role),
            visible((SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.tags))),
            visible(new.in_common || ' ' || new.notes));
END;
-- Only the columns the index holds: a stage moved by a logged email reindexes nothing.
-- ON DELETE SET NULL on organization_id is an update of that column, so it fires too.
CREATE TRIGGER contacts_fts_update
AFTER UPDATE OF full_name, organization_id, role, tags, in_common, notes ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.id;
    INSERT INTO contacts_fts (rowid, full_name, organization, role, tags, notes)
    VALUES (new.id, visible(new.full_name),
            visible(coalesce((SELECT name FROM organizations WHERE id = new.organization_id), '')),
            visible(new.role),
            visible((SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.tags))),
            visible(new.in_common || ' ' || new.notes));
END;
CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.id;
END;
CREATE TRIGGER organizations_fts_rename AFTER UPDATE OF name ON organizations BEGIN
    UPDATE contacts_fts SET organization = visible(new.name)
    WHERE rowid IN (SELECT id FROM contacts WHERE organization_id = new.id);
END;

CREATE TRIGGER interactions_fts_insert AFTER INSERT ON interactions BEGIN
    INSERT INTO interactions_fts (rowid, notes) VALUES (new.id, visible(new.notes));
END;
CREATE TRIGGER interactions_fts_update AFTER UPDATE OF notes ON interactions BEGIN
    UPDATE interactions_fts SET notes = visible(new.notes) WHERE rowid = new.id;
END;
CREATE TRIGGER interactions_fts_delete AFTER DELETE ON interactions BEGIN
    DELETE FROM interactions_fts WHERE rowid = old.id;
END;

INSERT INTO contacts_fts (rowid, full_name, organization, role, tags, notes)
SELECT c.id, visible(c.full_name), visible(coalesce(o.name, '')), visible(c.role),
       visible((SELECT coalesce(group_concat(value, ' '), '') FROM json_each(c.tags))),
       visible(c.in_common || ' ' || c.notes)
FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id;
INSERT INTO interactions_fts (rowid, notes) SELECT id, visible(notes) FROM interactions;
