-- An extension keeps its assignment: a later exposure moves a running assignment's period in place (same id, hotel
-- and status), and the hotel's feed shows that as one item with the new period and a reason, instead of one guest
-- superseded and another assigned.

ALTER TABLE assignments ADD COLUMN IF NOT EXISTS reason text NULL;      -- why the period last changed, e.g. 'extended'
ALTER TABLE assignment_feed ADD COLUMN IF NOT EXISTS reason text NULL;  -- set on the items of such a change only

CREATE OR REPLACE FUNCTION assignment_feed_append() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    next_cursor bigint;
    moved boolean := TG_OP = 'UPDATE' AND (NEW.starts_at, NEW.ends_at) IS DISTINCT FROM (OLD.starts_at, OLD.ends_at);
BEGIN
    IF NEW.hotel_id IS NULL THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND NOT moved AND (NEW.status, NEW.hotel_id, NEW.checked_in_at, NEW.checked_out_at)
                     IS NOT DISTINCT FROM (OLD.status, OLD.hotel_id, OLD.checked_in_at, OLD.checked_out_at) THEN
        RETURN NEW;
    END IF;
    UPDATE hotels SET feed_cursor = feed_cursor + 1 WHERE hotel_id = NEW.hotel_id RETURNING feed_cursor INTO next_cursor;
    INSERT INTO assignment_feed (hotel_id, cursor, assignment_id, person_id, case_id, kind, status, starts_at, ends_at, reason)
    VALUES (NEW.hotel_id, next_cursor, NEW.assignment_id, NEW.person_id, NEW.case_id, NEW.kind, NEW.status, NEW.starts_at, NEW.ends_at,
            CASE WHEN moved THEN NEW.reason END);
    PERFORM pg_notify('contacttrace_feed', NEW.hotel_id);
    RETURN NEW;
END
$fn$;
