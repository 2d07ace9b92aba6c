-- Full-text search over people and what was said with them, kept in step by triggers.
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
    VALUES (new.id, new.full_name,
            coalesce((SELECT name FROM organizations WHERE id = new.organization_id), ''),
            new.role,
            (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.tags)),
            new.in_common || ' ' || new.notes);
END;
CREATE TRIGGER contacts_fts_update AFTER UPDATE ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.id;
    INSERT INTO contacts_fts (rowid, full_name, organization, role, tags, notes)
    VALUES (new.id, new.full_name,
            coalesce((SELECT name FROM organizations WHERE id = new.organization_id), ''),
            new.role,
            (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.tags)),
            new.in_common || ' ' || new.notes);
END;
CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.id;
END;
CREATE TRIGGER organizations_fts_rename AFTER UPDATE OF name ON organizations BEGIN
    UPDATE contacts_fts SET organization = new.name
    WHERE rowid IN (SELECT id FROM contacts WHERE organization_id = new.id);
END;
-- ON DELETE SET NULL on contacts.organization_id fires the contacts update trigger,
-- which clears the organization from the index.

CREATE TRIGGER interactions_fts_insert AFTER INSERT ON interactions BEGIN
    INSERT INTO interactions_fts (rowid, notes) VALUES (new.id, new.notes);
END;
CREATE TRIGGER interactions_fts_update AFTER UPDATE OF notes ON interactions BEGIN
    UPDATE interactions_fts SET notes = new.notes WHERE rowid = new.id;
END;
CREATE TRIGGER interactions_fts_delete AFTER DELETE ON interactions BEGIN
    DELETE FROM interactions_fts WHERE rowid = old.id;
END;

-- Index what a database made by migration 1 already holds.
INSERT INTO contacts_fts (rowid, full_name, organization, role, tags, notes)
SELECT c.id, c.full_name, coalesce(o.name, ''), c.role,
       (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(c.tags)),
       c.in_common || ' ' || c.notes
FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id;
INSERT INTO interactions_fts (rowid, notes) SELECT id, notes FROM interactions;
