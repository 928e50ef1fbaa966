-- Evidence grows with visits, not with pairs of people (DESIGN.md).
--
-- A trace stores each presence interval it sought exposures against once, as a source: the case's own intervals
-- (tier 1) and each close contact's (tier 2). An exposure row is one visit of the exposed person's, referring to
-- the first source it overlapped and saying how many it overlapped, instead of one row per pair of people. A
-- contact keeps a bounded number of evidence rows (the earliest, and the latest that decides the period) and the
-- count of all there was.

CREATE TABLE IF NOT EXISTS trace_sources (
    case_id      text        NOT NULL,
    source_key   bigint      NOT NULL,
    person_id    text        NOT NULL,
    venue_id     text        NOT NULL,
    source_from  timestamptz NOT NULL,
    source_until timestamptz NOT NULL,
    PRIMARY KEY (case_id, source_key)
);

ALTER TABLE exposures ADD COLUMN IF NOT EXISTS source_key bigint NULL;
ALTER TABLE exposures ADD COLUMN IF NOT EXISTS source_count integer NOT NULL DEFAULT 1;
ALTER TABLE exposures ADD COLUMN IF NOT EXISTS visit_from timestamptz NULL;

-- How many evidence items there were for the contact, kept or summarised.
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS evidence_count integer NOT NULL DEFAULT 0;

-- Rows written before this migration: every evidence row there is was kept.
UPDATE contacts c SET evidence_count = e.n
FROM (SELECT case_id, person_id, count(*)::integer AS n FROM exposures GROUP BY case_id, person_id) e
WHERE c.case_id = e.case_id AND c.person_id = e.person_id AND c.evidence_count = 0;

-- The trace's progress and figures beside the case: tier 1 durable, contacts who became cases, and why a trace
-- that failed is waiting to retry.
ALTER TABLE cases ADD COLUMN IF NOT EXISTS became_cases       integer     NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS tier1_completed_at timestamptz NULL;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS trace_attempts     integer     NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS trace_error        text        NULL;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS trace_retry_at     timestamptz NULL;

-- Re-trace requests, coalesced per case: writers record them and answer; a dispatcher hands them to the case
-- grains and removes each only after its grain has recorded it (claimed_until is the dispatcher's lease).
CREATE TABLE IF NOT EXISTS trace_requests (
    case_id       text PRIMARY KEY,
    requested_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    claimed_until timestamptz NULL
);

CREATE INDEX IF NOT EXISTS trace_requests_requested_idx ON trace_requests (requested_at);
