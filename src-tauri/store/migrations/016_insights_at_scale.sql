-- Insights at 50,000 people and half a million interactions: each figure reads the few
-- rows it is about through an index of its own instead of every interaction. The WHERE of
-- each index is the definition in `insights` (ATTEMPT, TALK) and `interactions`
-- (CONVERSATION_SQL) word for word, as SQLite uses a partial index only for a query that
-- says the same; a test checks the queries' plans.

-- Conversations: the weeks' timeline, and whether someone asked went on to talk.
CREATE INDEX interactions_talks ON interactions (contact_id, occurred_at)
WHERE channel IN ('phone_call', 'video_call', 'in_person')
  AND purpose IS NULL
  AND coalesce(outcome, '') NOT IN ('scheduled', 'declined', 'no_answer', 'snafu');

-- Attempts to reach someone: who was first asked when, and how many times until an answer.
CREATE INDEX interactions_attempts ON interactions (contact_id, occurred_at)
WHERE direction = 'out' AND coalesce(purpose, 'follow_up') = 'follow_up'
  AND NOT (channel IN ('phone_call', 'video_call', 'in_person')
           AND purpose IS NULL
           AND coalesce(outcome, '') NOT IN ('scheduled', 'declined', 'no_answer', 'snafu'));

-- Snafus, the latest first.
CREATE INDEX interactions_snafus ON interactions (occurred_at) WHERE outcome = 'snafu';
