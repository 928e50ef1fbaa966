-- The assignment lifecycle is written once, as pure code (AssignmentLifecycle, in the domain): the store locks the
-- rows a change touches, the rule decides the change, and the store writes back every column the rule sets —
-- status, hotel, the guest's stay, whether the assignment takes a room, when it was placed and when it ended — and
-- appends each change at a hotel to that hotel's feed, numbered under the hotel's row lock. SQL keeps the locking
-- and the numbering; the functions and triggers that held a second copy of the rule go.

DROP TRIGGER IF EXISTS assignments_feed ON assignments;
DROP TRIGGER IF EXISTS assignments_stamp_times ON assignments;
DROP FUNCTION IF EXISTS assignment_feed_append();
DROP FUNCTION IF EXISTS assignment_stamp_times();
DROP FUNCTION IF EXISTS hotel_place(text, text[]);

-- Whether the assignment holds a room at its hotel now, as the rule last set it: capacity counts these.
ALTER TABLE assignments ADD COLUMN IF NOT EXISTS takes_room boolean NOT NULL DEFAULT false;

-- Rows from before: as the rule says (the last use of its SQL copy).
UPDATE assignments SET takes_room = true
WHERE hotel_id IS NOT NULL AND NOT takes_room AND assignment_takes_room(status, checked_in_at, checked_out_at);
DROP FUNCTION IF EXISTS assignment_takes_room(text, timestamptz, timestamptz);

CREATE INDEX IF NOT EXISTS assignments_room_idx ON assignments (hotel_id) WHERE takes_room;

-- A measure still running has no end stamp: the lifecycle timer looks for those whose period is over.
DROP INDEX IF EXISTS assignments_running_end_idx;
CREATE INDEX IF NOT EXISTS assignments_unended_idx ON assignments (ends_at) WHERE ended_at IS NULL;
