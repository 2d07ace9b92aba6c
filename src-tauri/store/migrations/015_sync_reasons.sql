-- Why a value was not kept: the other side's change was newer ('older'), or the server's
-- value is one the contact form refuses, such as a phone number of words ('refused').
ALTER TABLE sync_conflicts ADD COLUMN reason TEXT NOT NULL DEFAULT 'older'
    CHECK (reason IN ('older', 'refused'));

-- Whether the last sync failed for want of a connection: the status area says "offline".
ALTER TABLE sync_account ADD COLUMN offline INTEGER NOT NULL DEFAULT 0 CHECK (offline IN (0, 1));

-- The address book's and calendar's names, as the server gives them, for Settings to say
-- which the user picked.
ALTER TABLE sync_account ADD COLUMN address_book_name TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_account ADD COLUMN calendar_name TEXT NOT NULL DEFAULT '';
