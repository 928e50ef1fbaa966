-- Tier 2 until the close contact is actually isolated (issue 16).
--
-- A close contact's own contacts are sought from their first exposure until they were isolated — checked in at a
-- hotel, their home isolation began, or they became a case — and while they are not, the window stays open and their
-- scans extend it. The window is kept on the close contact's row; a household member counts from when they joined.

ALTER TABLE contacts ADD COLUMN IF NOT EXISTS sought_from   timestamptz NULL;
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS sought_until  timestamptz NULL;
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS sought_reason text        NULL;

-- When the person joined their household: set when a registered person's household changes; NULL for a first
-- registration (or a bulk-loaded row), which says nothing of since when — a member for as long as anyone can tell.
ALTER TABLE persons ADD COLUMN IF NOT EXISTS household_since timestamptz NULL;

-- A re-trace request for only some close contacts' tier 2 (NULL: the whole trace).
ALTER TABLE trace_requests ADD COLUMN IF NOT EXISTS persons text[] NULL;

-- Open contact windows are found by person when a registry change or a check-in concerns them.
CREATE INDEX IF NOT EXISTS trace_watches_contact_idx ON trace_watches (watched_id) WHERE kind = 'contact';

-- Isolations of a person (check-ins, home isolations) are read in bulk for every close contact of a trace.
CREATE INDEX IF NOT EXISTS assignments_checked_in_idx ON assignments (person_id) WHERE checked_in_at IS NOT NULL;
