-- When an assignment got its room and when it stopped running, so that a bulletin for a past moment counts who
-- was in isolation then, not who still is. A trigger stamps both on every path that changes an assignment.

ALTER TABLE assignments ADD COLUMN IF NOT EXISTS placed_at timestamptz NULL;
ALTER TABLE assignments ADD COLUMN IF NOT EXISTS ended_at timestamptz NULL;

-- Rows from before this migration: the best times there are.
UPDATE assignments SET placed_at = coalesce(checked_in_at, updated_at)
WHERE hotel_id IS NOT NULL AND placed_at IS NULL;
UPDATE assignments SET ended_at = updated_at
WHERE status IN ('released', 'superseded', 'converted-to-case') AND ended_at IS NULL;

CREATE OR REPLACE FUNCTION assignment_stamp_times() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF NEW.hotel_id IS NOT NULL AND NEW.placed_at IS NULL THEN
        NEW.placed_at := now();
    END IF;
    IF NEW.status IN ('released', 'superseded', 'converted-to-case') AND NEW.ended_at IS NULL THEN
        NEW.ended_at := now();
    END IF;
    RETURN NEW;
END
$fn$;

DROP TRIGGER IF EXISTS assignments_stamp_times ON assignments;
CREATE TRIGGER assignments_stamp_times BEFORE INSERT OR UPDATE ON assignments
    FOR EACH ROW EXECUTE FUNCTION assignment_stamp_times();
