-- Organizations the user means to approach, ranked the LAMP way: whether someone they know
-- is there (worked out from the log, never stored), their motivation, whether it is hiring.
ALTER TABLE organizations ADD COLUMN target INTEGER NOT NULL DEFAULT 0 CHECK (target IN (0, 1));
ALTER TABLE organizations ADD COLUMN motivation INTEGER NOT NULL DEFAULT 2
    CHECK (motivation BETWEEN 1 AND 3);
ALTER TABLE organizations ADD COLUMN hiring TEXT NOT NULL DEFAULT 'unknown'
    CHECK (hiring IN ('yes', 'no', 'unknown'));
-- The place the user gave it by hand; NULL follows the LAMP order, after those placed.
ALTER TABLE organizations ADD COLUMN target_position INTEGER;
CREATE INDEX organizations_targets ON organizations (target_position) WHERE target = 1;
