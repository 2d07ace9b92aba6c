-- The contacts list's filters at 50,000 people. The tag menu read every person's tags
-- (10 ms), and the window asks for it again after every change while the list shows; a
-- tag's or a stage's filter counted its people by reading everyone (6-10 ms).

-- Who holds each tag, kept by triggers from the `tags` column, which stays what is read
-- and written. One row per person and tag in any letter case, as the filter compares them.
CREATE TABLE contact_tags (
    contact_id INTEGER NOT NULL,
    tag        TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (contact_id, tag)
) WITHOUT ROWID;
CREATE INDEX contact_tags_tag ON contact_tags (tag);

-- A statement's own conflict clause overrides one in a trigger it fires, so the triggers
-- write only what cannot conflict: delete, then insert one row per tag.
CREATE TRIGGER contact_tags_added AFTER INSERT ON contacts BEGIN
    DELETE FROM contact_tags WHERE contact_id = new.id;
    INSERT INTO contact_tags (contact_id, tag)
    SELECT DISTINCT new.id, value COLLATE NOCASE FROM json_each(new.tags)
    WHERE type = 'text' AND value <> '';
END;
CREATE TRIGGER contact_tags_changed AFTER UPDATE OF id, tags ON contacts BEGIN
    DELETE FROM contact_tags WHERE contact_id IN (old.id, new.id);
    INSERT INTO contact_tags (contact_id, tag)
    SELECT DISTINCT new.id, value COLLATE NOCASE FROM json_each(new.tags)
    WHERE type = 'text' AND value <> '';
END;
CREATE TRIGGER contact_tags_deleted AFTER DELETE ON contacts BEGIN
    DELETE FROM contact_tags WHERE contact_id = old.id;
END;

INSERT INTO contact_tags (contact_id, tag)
SELECT DISTINCT c.id, t.value COLLATE NOCASE FROM contacts c, json_each(c.tags) t
WHERE t.type = 'text' AND t.value <> '';

-- A stage's people counted along an index.
CREATE INDEX contacts_stage ON contacts (stage);
