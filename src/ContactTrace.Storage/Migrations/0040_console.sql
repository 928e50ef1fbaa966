-- The tracing teams' console: persons' residential compounds, person search, the case list and its change feed.

-- The residential compound (小区/楼栋) a person lives in; risk zones are declared per compound.
ALTER TABLE persons ADD COLUMN IF NOT EXISTS compound_id text NULL;
CREATE INDEX IF NOT EXISTS persons_compound_idx ON persons (compound_id) WHERE compound_id IS NOT NULL;

-- Person search is a prefix of the id, the name or the phone. text_pattern_ops orders by bytes, so that
-- `LIKE 'prefix%'` is a range of each index whatever the database's collation; the planner ORs the three ranges
-- for a narrow prefix and walks the primary key in order for a broad one.
CREATE INDEX IF NOT EXISTS persons_id_prefix_idx ON persons (person_id text_pattern_ops);
CREATE INDEX IF NOT EXISTS persons_name_prefix_idx ON persons (name text_pattern_ops) WHERE name IS NOT NULL;
CREATE INDEX IF NOT EXISTS persons_phone_prefix_idx ON persons (phone text_pattern_ops) WHERE phone IS NOT NULL;

-- A case withdrawn as a false positive stops counting; it stays listed, marked.
ALTER TABLE cases ADD COLUMN IF NOT EXISTS withdrawn_at timestamptz NULL;

-- The case list is newest report first, keyset-paged on (reported_at, case_id), read backwards. The filters a
-- tracing team uses most lead their own index, so that a page reads only its own rows; classification has
-- two values and needs none.
CREATE INDEX IF NOT EXISTS cases_list_idx ON cases (reported_at, case_id);
CREATE INDEX IF NOT EXISTS cases_district_list_idx ON cases (district, reported_at, case_id);
CREATE INDEX IF NOT EXISTS cases_channel_list_idx ON cases (discovery_channel, reported_at, case_id);
CREATE INDEX IF NOT EXISTS cases_cluster_list_idx ON cases (cluster_id, reported_at, case_id);
CREATE INDEX IF NOT EXISTS cases_unfinished_list_idx ON cases (reported_at, case_id) WHERE trace_status <> 'completed';
CREATE INDEX IF NOT EXISTS cases_withdrawn_list_idx ON cases (reported_at, case_id) WHERE withdrawn_at IS NOT NULL;

-- Every change of a case row (reported, trace completed, cluster merged, withdrawn) takes the next number of
-- one sequence and wakes the hosts' listeners: the console's live case list reads the rows past its cursor.
CREATE SEQUENCE IF NOT EXISTS cases_change_seq;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS change_seq bigint NOT NULL DEFAULT nextval('cases_change_seq');
CREATE INDEX IF NOT EXISTS cases_change_idx ON cases (change_seq);

CREATE OR REPLACE FUNCTION cases_stamp_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW IS NOT DISTINCT FROM OLD THEN
            RETURN NEW;
        END IF;
        NEW.change_seq := nextval('cases_change_seq');
    END IF;
    PERFORM pg_notify('contacttrace_cases', NEW.case_id);
    RETURN NEW;
END
$fn$;

DROP TRIGGER IF EXISTS cases_stamp_change ON cases;
CREATE TRIGGER cases_stamp_change BEFORE INSERT OR UPDATE ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_stamp_change();
