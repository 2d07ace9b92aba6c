-- Interviews with their prep checklist, the user's question bank and ready answers.
CREATE TABLE interviews (
    id                 INTEGER PRIMARY KEY,
    contact_id         INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    scheduled_at       TEXT NOT NULL,
    duration_minutes   INTEGER NOT NULL DEFAULT 20 CHECK (duration_minutes BETWEEN 5 AND 240),
    wind_down_minutes  INTEGER NOT NULL DEFAULT 5 CHECK (wind_down_minutes BETWEEN 0 AND 60),
    medium             TEXT NOT NULL DEFAULT 'video' CHECK (medium IN ('in_person', 'phone', 'video')),
    place              TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL DEFAULT 'scheduled'
                       CHECK (status IN ('requested', 'scheduled', 'done', 'cancelled', 'no_show')),
    goal               TEXT NOT NULL DEFAULT '',
    industry_notes     TEXT NOT NULL DEFAULT '',
    industry_done      INTEGER NOT NULL DEFAULT 0 CHECK (industry_done IN (0, 1)),
    organization_notes TEXT NOT NULL DEFAULT '',
    organization_done  INTEGER NOT NULL DEFAULT 0 CHECK (organization_done IN (0, 1)),
    individual_notes   TEXT NOT NULL DEFAULT '',
    individual_done    INTEGER NOT NULL DEFAULT 0 CHECK (individual_done IN (0, 1)),
    elevator_speech    TEXT NOT NULL DEFAULT '',
    logistics_done     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(logistics_done)),
    call_started_at    TEXT,
    call_ended_at      TEXT,
    interaction_id     INTEGER REFERENCES interactions (id) ON DELETE SET NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX interviews_contact ON interviews (contact_id, scheduled_at);

CREATE TABLE interview_questions (
    id           INTEGER PRIMARY KEY,
    interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    category     TEXT NOT NULL,
    text         TEXT NOT NULL CHECK (length(trim(text)) > 0),
    asked        INTEGER NOT NULL DEFAULT 0 CHECK (asked IN (0, 1)),
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX interview_questions_order ON interview_questions (interview_id, position);

-- Questions every new prep can draw on; the user may edit them. `suggested` ones start
-- each new prep; the closing ones end every prep.
CREATE TABLE question_bank (
    id        INTEGER PRIMARY KEY,
    category  TEXT NOT NULL CHECK (category IN ('field', 'person', 'chances', 'strategic', 'tiara', 'closing')),
    text      TEXT NOT NULL CHECK (length(trim(text)) > 0),
    suggested INTEGER NOT NULL DEFAULT 0 CHECK (suggested IN (0, 1)),
    position  INTEGER NOT NULL
);
INSERT INTO question_bank (category, text, suggested, position) VALUES
    ('field', 'What are the biggest challenges and rewards of working in this field?', 1, 1),
    ('field', 'How much growth does the field expect in the next few years?', 0, 2),
    ('field', 'How much room for advancement is there inside the organization?', 0, 3),
    ('person', 'What does a typical day look like for you?', 1, 4),
    ('person', 'How did you get started?', 1, 5),
    ('person', 'What do you wish you had known when you started?', 1, 6),
    ('person', 'What led you to this organization?', 0, 7),
    ('chances', 'What skills or experiences helped you stand out?', 1, 8),
    ('chances', 'Which qualifications matter most: degrees, licenses, certifications?', 0, 9),
    ('chances', 'How well would my background prepare me for this work?', 0, 10),
    ('strategic', 'Which trends will change this work most in the next five years?', 0, 11),
    ('strategic', 'What is the organization betting on right now?', 0, 12),
    ('tiara', 'Trends: what trends are shaping your industry?', 0, 13),
    ('tiara', 'Insights: what surprised you most about this work?', 0, 14),
    ('tiara', 'Advice: what would you do in my place?', 1, 15),
    ('tiara', 'Resources: which publications, groups or events should I follow?', 0, 16),
    ('tiara', 'Assignments: which projects would teach me the most?', 0, 17),
    ('closing', 'What should I have asked you that I didn''t?', 1, 18),
    ('closing', 'What other roles or fields would fit someone with my background?', 1, 19),
    ('closing', 'Whom else should I talk to?', 1, 20);

-- Answers the user keeps ready for every conversation.
CREATE TABLE ready_answers (
    prompt TEXT PRIMARY KEY CHECK (prompt IN ('about_me', 'interest', 'goals')),
    answer TEXT NOT NULL DEFAULT ''
);
