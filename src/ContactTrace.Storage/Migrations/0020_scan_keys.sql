-- Idempotency across the whole retention period. A scan id was unique per scan_day partition only (a partitioned
-- unique index must hold the partition key), so the same id sent again with a scannedAt on another UTC day was
-- stored again. Now every scan id's 64-bit key is claimed once in scan_keys, a plain table with a unique int8
-- index, in the same transaction as the scan's row: one btree instead of the per-partition one it replaces, so
-- ingest keeps three indexes. scan_day says which day's partition holds the scan; retention deletes the keys of the
-- days it drops (a BRIN index finds them: keys arrive roughly in day order and it costs next to nothing to keep).

CREATE TABLE IF NOT EXISTS scan_keys (
    scan_key bigint PRIMARY KEY,
    scan_day date   NOT NULL
);

CREATE INDEX IF NOT EXISTS scan_keys_day_idx ON scan_keys USING brin (scan_day);

-- Scans stored before: their keys, the earliest day where an id was stored on several.
INSERT INTO scan_keys (scan_key, scan_day)
SELECT scan_key, min(scan_day) FROM scans GROUP BY scan_key
ON CONFLICT DO NOTHING;

DROP INDEX IF EXISTS scans_scan_key_idx;
