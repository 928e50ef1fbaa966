-- The scan log. ~50 million rows a day, kept for the retention window (28 days by default).
--
-- Partitioned by UTC day of scanned_at, so that expiry drops whole partitions instead of deleting rows; the
-- application creates each day's partition before the first scan of that day arrives (scan_partition_for).
--
-- Exactly the indexes the queries need, each on fixed-width 64-bit keys rather than text (an int8 btree is far
-- cheaper to maintain than a collated text one, and ingest rate is bounded by index maintenance):
--   * scan_key    — idempotency: a scan id seen before is a duplicate. The key is a 64-bit hash of the scan id;
--                   it is unique together with scanned_at (a partitioned unique index must hold the partition
--                   key), so a false duplicate would need a 64-bit hash collision at the very same instant.
--   * venue_key   — a venue's visits in a time range (venue index rebuild, co-presence past the horizon).
--   * person_key  — a person's visits in a time range (a case's own visits; each close contact's, for tier 2).
-- Lookups by key also compare the text id, so a hash collision can never return another venue's or person's rows.

CREATE TABLE IF NOT EXISTS scans (
    scan_key    bigint      NOT NULL,
    venue_key   bigint      NOT NULL,
    person_key  bigint      NOT NULL,
    scanned_at  timestamptz NOT NULL,
    left_at     timestamptz NULL,
    scan_id     text        NOT NULL,
    person_id   text        NOT NULL,
    venue_id    text        NOT NULL
) PARTITION BY RANGE (scanned_at);

CREATE UNIQUE INDEX IF NOT EXISTS scans_scan_key_idx ON scans (scan_key, scanned_at);
CREATE INDEX IF NOT EXISTS scans_venue_idx ON scans (venue_key, scanned_at);
CREATE INDEX IF NOT EXISTS scans_person_idx ON scans (person_key, scanned_at);

-- Creates the partition holding `day` (a UTC date) unless it exists; safe under concurrent callers.
CREATE OR REPLACE FUNCTION scan_partition_for(day date) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
    partition_name text := 'scans_' || to_char(day, 'YYYYMMDD');
BEGIN
    IF to_regclass(partition_name) IS NOT NULL THEN
        RETURN;
    END IF;
    -- Serialise creators of the same day so that two silos never race on the catalog.
    PERFORM pg_advisory_xact_lock(hashtext(partition_name));
    IF to_regclass(partition_name) IS NULL THEN
        EXECUTE format(
            'CREATE TABLE %I PARTITION OF scans FOR VALUES FROM (%L) TO (%L)',
            partition_name, (day::timestamp AT TIME ZONE 'UTC'), ((day + 1)::timestamp AT TIME ZONE 'UTC'));
    END IF;
END
$fn$;

-- Drops the partitions of days that ended before `cutoff`; returns how many were dropped.
CREATE OR REPLACE FUNCTION scan_partitions_drop_before(cutoff timestamptz) RETURNS integer
LANGUAGE plpgsql AS $fn$
DECLARE
    part record;
    dropped integer := 0;
BEGIN
    FOR part IN
        SELECT c.relname
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname = 'scans' AND c.relname ~ '^scans_[0-9]{8}$'
    LOOP
        IF (to_date(substr(part.relname, 7), 'YYYYMMDD') + 1)::timestamp AT TIME ZONE 'UTC' <= cutoff THEN
            EXECUTE format('DROP TABLE IF EXISTS %I', part.relname);
            dropped := dropped + 1;
        END IF;
    END LOOP;
    RETURN dropped;
END
$fn$;
