-- An interaction with no notes adds no word to what was said with a person, and a LinkedIn
-- connection is no interaction for the list's order: writing either reindexed the person
-- and read their interactions again, twice the work of adding them, for each of the
-- thousands of rows an import adds.
DROP TRIGGER contacts_fts_history_insert;
DROP TRIGGER contacts_fts_history_delete;
DROP TRIGGER contacts_last_interaction_insert;

CREATE TRIGGER contacts_fts_history_insert AFTER INSERT ON interactions
WHEN new.notes <> '' BEGIN
    DELETE FROM contacts_fts WHERE rowid = new.contact_id;
    INSERT INTO contacts_fts (rowid, full_name, organization, role, tags, notes, history)
    SELECT * FROM contacts_fts_source WHERE id = new.contact_id;
END;
CREATE TRIGGER contacts_fts_history_delete AFTER DELETE ON interactions
WHEN old.notes <> '' BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.contact_id;
    INSERT INTO contacts_fts (rowid, full_name, organization, role, tags, notes, history)
    SELECT * FROM contacts_fts_source WHERE id = old.contact_id;
END;
CREATE TRIGGER contacts_last_interaction_insert AFTER INSERT ON interactions
WHEN new.purpose IS NOT 'connected' BEGIN
    UPDATE contacts SET last_interaction_at =
        (SELECT max(occurred_at) FROM interactions
         WHERE contact_id = new.contact_id AND purpose IS NOT 'connected')
    WHERE id = new.contact_id;
END;
