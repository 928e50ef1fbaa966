-- A venue watch written by tier 2 says through which close contact it was read: someone new at that venue during
-- the close contact's presence is a secondary contact of theirs, so only their tier 2 is traced again (an
-- extension), not the whole case. '' for the case's own venue windows (tier 1), which re-trace the case in whole.
-- Two close contacts present at the same venue over the same interval each keep their watch: via is in the key.

ALTER TABLE trace_watches ADD COLUMN IF NOT EXISTS via text NOT NULL DEFAULT '';

ALTER TABLE trace_watches DROP CONSTRAINT IF EXISTS trace_watches_pkey;
ALTER TABLE trace_watches ADD CONSTRAINT trace_watches_pkey PRIMARY KEY (case_id, watch_key, watch_from, watch_to, via);
