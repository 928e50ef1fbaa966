-- The scan log. ~50 million rows a day, kept for the retention window (28 days by default).
--
-- Partitioned by scan_day, the UTC day of scanned_at, so that expiry drops whole partitions instead of deleting
-- rows; the application creates each day's partition before the first scan of that day arrives
-- (scan_partition_for). Queries by time also bound scan_day, so that only the days concerned are searched.
--
-- Exactly the indexes the queries need, each on fixed-width 64-bit keys rather than text (an int8 btree is far
-- cheaper to maintain than a collated text one, and ingest rate is bounded by index maintenance):
--   * scan_key    — idempotency: a scan id seen before is a duplicate. The key is a 64-bit hash of the scan id;
--                   it is unique per scan_day (a partitioned unique index must hold the partition key), so a
--                   scan id sent again is a duplicate even with another scannedAt on the same UTC day.
--   * venue_key   — a venue's visits in a time range (venue index rebuild, co-presence past the horizon).
--   * person_key  — a person's visits in a time range (a case's own visits; each close contact's, for tier 2).
-- Lookups by key also compare the text id, so a hash collision can never return another venue's or person's rows.

CREATE TABLE IF NOT EXISTS scans (
    scan_day    date        NOT NULL,
    scan_key    bigint      NOT NULL,
    venue_key   bigint      NOT NULL,
    person_key  bigint      NOT NULL,
    scanned_at  timestamptz NOT NULL,
    left_at     timestamptz NULL,
    scan_id     text        NOT NULL,
    person_id   text        NOT NULL,
    venue_id    text        NOT NULL
) PARTITION BY RANGE (scan_day);

CREATE UNIQUE INDEX IF NOT EXISTS scans_scan_key_idx ON scans (scan_key, scan_day);
CREATE INDEX IF NOT EXISTS scans_venue_idx ON scans (venue_key, scanned_at);
CREATE INDEX IF NOT EXISTS scans_person_idx ON scans (person_key, scanned_at);

-- Creates the partition holding `day` unless it exists; safe when several silos create the same day at once.
CREATE OR REPLACE FUNCTION scan_partition_for(day date) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
    partition_name text := 'scans_' || to_char(day, 'YYYYMMDD');
BEGIN
    IF to_regclass(partition_name) IS NOT NULL THEN
        RETURN;
    END IF;
    BEGIN
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF scans FOR VALUES FROM (%L) TO (%L)', partition_name, day, day + 1);
    EXCEPTION WHEN duplicate_table OR unique_violation THEN
        -- Another session created it between our check and our CREATE: it exists, which is all we need.
        NULL;
    END;
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
        IF ((to_date(substr(part.relname, 7), 'YYYYMMDD') + 1)::timestamp AT TIME ZONE 'UTC') <= cutoff THEN
            EXECUTE format('DROP TABLE IF EXISTS %I', part.relname);
            dropped := dropped + 1;
        END IF;
    END LOOP;
    RETURN dropped;
END
$fn$;
