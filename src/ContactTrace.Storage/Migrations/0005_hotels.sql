-- Isolation hotels: placement without overbooking, and each hotel's gapless feed of assignment changes.
--
-- A room is taken by an assignment at the hotel that is assigned or checked in, or that converted to a case
-- after check-in and has not been checked out yet (the room frees on check-out).

ALTER TABLE hotels ADD COLUMN IF NOT EXISTS feed_cursor bigint NOT NULL DEFAULT 0;

ALTER TABLE assignments ADD COLUMN IF NOT EXISTS queued_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE assignments ADD COLUMN IF NOT EXISTS checked_in_at timestamptz NULL;
ALTER TABLE assignments ADD COLUMN IF NOT EXISTS checked_out_at timestamptz NULL;

CREATE INDEX IF NOT EXISTS assignments_hotel_idx ON assignments (hotel_id) WHERE hotel_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS assignments_awaiting_idx ON assignments (queued_at, assignment_id) WHERE status = 'awaiting-capacity';
CREATE INDEX IF NOT EXISTS assignments_running_end_idx ON assignments (ends_at) WHERE status IN ('assigned', 'checked-in', 'awaiting-capacity');

CREATE OR REPLACE FUNCTION assignment_takes_room(status text, checked_in_at timestamptz, checked_out_at timestamptz) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $fn$
    SELECT status IN ('assigned', 'checked-in')
        OR (status = 'converted-to-case' AND checked_in_at IS NOT NULL AND checked_out_at IS NULL)
$fn$;

-- One row per change of an assignment at a hotel, numbered 1, 2, 3, … per hotel with no gaps: the number is
-- taken from the hotel's row, under its lock, in the transaction that makes the change.
CREATE TABLE IF NOT EXISTS assignment_feed (
    hotel_id      text        NOT NULL,
    cursor        bigint      NOT NULL,
    assignment_id text        NOT NULL,
    person_id     text        NOT NULL,
    case_id       text        NOT NULL,
    kind          text        NOT NULL,
    status        text        NOT NULL,
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (hotel_id, cursor)
);

CREATE OR REPLACE FUNCTION assignment_feed_append() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    next_cursor bigint;
BEGIN
    IF NEW.hotel_id IS NULL THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.status, NEW.hotel_id, NEW.checked_in_at, NEW.checked_out_at)
                     IS NOT DISTINCT FROM (OLD.status, OLD.hotel_id, OLD.checked_in_at, OLD.checked_out_at) THEN
        RETURN NEW;
    END IF;
    UPDATE hotels SET feed_cursor = feed_cursor + 1 WHERE hotel_id = NEW.hotel_id RETURNING feed_cursor INTO next_cursor;
    INSERT INTO assignment_feed (hotel_id, cursor, assignment_id, person_id, case_id, kind, status, starts_at, ends_at)
    VALUES (NEW.hotel_id, next_cursor, NEW.assignment_id, NEW.person_id, NEW.case_id, NEW.kind, NEW.status, NEW.starts_at, NEW.ends_at);
    PERFORM pg_notify('contacttrace_feed', NEW.hotel_id);
    RETURN NEW;
END
$fn$;

DROP TRIGGER IF EXISTS assignments_feed ON assignments;
CREATE TRIGGER assignments_feed AFTER INSERT OR UPDATE ON assignments
    FOR EACH ROW EXECUTE FUNCTION assignment_feed_append();

-- Places the waiting assignments p_ids, in that order, up to the hotel's free rooms; returns those placed.
-- The hotel's row lock makes concurrent placements at one hotel queue, whoever calls.
CREATE OR REPLACE FUNCTION hotel_place(p_hotel text, p_ids text[]) RETURNS SETOF text
LANGUAGE plpgsql AS $fn$
DECLARE
    rooms integer;
    taken integer;
BEGIN
    SELECT capacity INTO rooms FROM hotels WHERE hotel_id = p_hotel FOR UPDATE;
    IF rooms IS NULL THEN
        RETURN;
    END IF;
    SELECT count(*) INTO taken FROM assignments
    WHERE hotel_id = p_hotel AND assignment_takes_room(status, checked_in_at, checked_out_at);
    IF taken >= rooms THEN
        RETURN;
    END IF;
    RETURN QUERY
    WITH wanted AS (
        SELECT a.assignment_id
        FROM unnest(p_ids) WITH ORDINALITY AS w(id, position)
        JOIN assignments a ON a.assignment_id = w.id
        WHERE a.status = 'awaiting-capacity' AND a.kind = 'centralized-isolation'
        ORDER BY w.position
        LIMIT rooms - taken
        FOR UPDATE OF a
    )
    UPDATE assignments a SET hotel_id = p_hotel, status = 'assigned', updated_at = now()
    FROM wanted WHERE a.assignment_id = wanted.assignment_id
    RETURNING a.assignment_id;
END
$fn$;

CREATE TABLE IF NOT EXISTS hotel_webhooks (
    hotel_id         text PRIMARY KEY,
    url              text        NOT NULL,
    secret           text        NOT NULL,
    delivered_cursor bigint      NOT NULL DEFAULT 0,
    updated_at       timestamptz NOT NULL DEFAULT now()
);
