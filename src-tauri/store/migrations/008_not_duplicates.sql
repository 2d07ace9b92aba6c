-- Pairs the user said are two different people, so the duplicates view stops offering them.
-- Kept as (lower id, higher id).
CREATE TABLE not_duplicates (
    first_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    second_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (first_id, second_id),
    CHECK (first_id < second_id)
);
CREATE INDEX not_duplicates_second ON not_duplicates (second_id);
