-- Why a value was not kept: the other side's change was newer ('older'), or the server's
-- value is one the contact form refuses, such as a phone number of words ('refused').
ALTER TABLE sync_conflicts ADD COLUMN reason TEXT NOT NULL DEFAULT 'older'
    CHECK (reason IN ('older', 'refused'));
