-- Advice a person gave: a line of a conversation's notes, a question's note in call mode, or
-- typed on its own; and what the user did with it, which the check-in reports back.
CREATE TABLE advice (
    id             INTEGER PRIMARY KEY,
    contact_id     INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    -- The conversation and the line of its notes it was marked on. The advice outlives the
    -- conversation's entry: what the user did with it is theirs.
    interaction_id INTEGER REFERENCES interactions (id) ON DELETE SET NULL,
    line           INTEGER CHECK (line >= 0),
    text           TEXT NOT NULL CHECK (length(trim(text)) > 0),
    given_at       TEXT NOT NULL,
    acted_at       TEXT,
    acted_note     TEXT NOT NULL DEFAULT '',
    -- The person it told the user to talk to, once they are a contact.
    referral_id    INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX advice_contact ON advice (contact_id, given_at);
CREATE UNIQUE INDEX advice_line ON advice (interaction_id, line) WHERE interaction_id IS NOT NULL;
CREATE INDEX advice_referral ON advice (referral_id) WHERE referral_id IS NOT NULL;

-- A question's note in call mode that is advice.
ALTER TABLE interview_questions ADD COLUMN advice INTEGER NOT NULL DEFAULT 0 CHECK (advice IN (0, 1));
