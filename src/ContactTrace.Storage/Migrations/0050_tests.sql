-- Laboratory test results (POST /api/tests), ~10 million a day in a city-wide screening round.
--
-- Written like the scans: one binary COPY per batch straight into the table, and only a batch that collides with
-- results stored before (a retry) takes the slower staging path. Idempotency is by test id: test_key is a 64-bit
-- hash of it, unique together with the id itself (compared bytewise), so that a hash collision can never make two
-- tests one. person_key serves the health codes, which read a person's recent results in bulk. A positive result
-- records the case it made (case_created) or found the person already was; until then it is pending, and a
-- background service reports the pending ones that a request left behind.

CREATE TABLE IF NOT EXISTS tests (
    test_key     bigint      NOT NULL,
    person_key   bigint      NOT NULL,
    sampled_at   timestamptz NOT NULL,
    result_at    timestamptz NOT NULL,
    received_at  timestamptz NOT NULL,
    positive     boolean     NOT NULL,
    context      text        NOT NULL,
    test_id      text COLLATE "C" NOT NULL,
    person_id    text        NOT NULL,
    round_id     text        NULL,
    site         text        NULL,
    case_id      text        NULL,
    case_created boolean     NOT NULL DEFAULT false
);

CREATE UNIQUE INDEX IF NOT EXISTS tests_key_idx ON tests (test_key, test_id);
CREATE INDEX IF NOT EXISTS tests_person_idx ON tests (person_key, sampled_at);
CREATE INDEX IF NOT EXISTS tests_pending_idx ON tests (received_at) WHERE positive AND case_id IS NULL;
-- Retention deletes by sampling time; rows arrive roughly in that order, so a block-range index is enough.
CREATE INDEX IF NOT EXISTS tests_sampled_brin ON tests USING brin (sampled_at);

-- Cases whose report or completed trace has consequences outside the trace (the zone of their compound, the tasks
-- at the venues they visited), queued as the case row is written and taken off once those are done. version grows
-- each time a case is queued again, so that completing an older read never drops a newer request; reported says
-- the case was queued as reported (then it proposes a zone), not only as traced again.
CREATE SEQUENCE IF NOT EXISTS case_follow_ups_version_seq;
CREATE TABLE IF NOT EXISTS case_follow_ups (
    case_id   text PRIMARY KEY,
    version   bigint      NOT NULL,
    reported  boolean     NOT NULL,
    queued_at timestamptz NOT NULL DEFAULT now()
);

CREATE OR REPLACE FUNCTION case_follow_up_queue() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'INSERT' OR (NEW.trace_status = 'completed' AND OLD.trace_status IS DISTINCT FROM 'completed') THEN
        INSERT INTO case_follow_ups (case_id, version, reported) VALUES (NEW.case_id, nextval('case_follow_ups_version_seq'), TG_OP = 'INSERT')
        ON CONFLICT (case_id) DO UPDATE
        SET version = excluded.version, reported = case_follow_ups.reported OR excluded.reported, queued_at = now();
        PERFORM pg_notify('contacttrace_screening', '');
    END IF;
    RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS cases_follow_up ON cases;
CREATE TRIGGER cases_follow_up AFTER INSERT OR UPDATE OF trace_status ON cases
    FOR EACH ROW EXECUTE FUNCTION case_follow_up_queue();
