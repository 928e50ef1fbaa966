-- Health codes (健康码): each person's code with its reasons, a durable timer per person (next_check_at: when the
-- same facts next give another code, e.g. the end of a centralized period or a daily test falling due), and the
-- gapless feed of changes that health-code systems read.
--
-- A person nobody ever marked is green and has no row. Whatever can change a code marks the person in
-- health_code_marks, in the transaction that makes the change: the triggers below on managements (traces,
-- conversions, withdrawals — whoever writes them) and on the persons' compounds, and the zone and test stores.
-- Marks are appended without a unique key, so that writers never wait on each other; the refresher reads a batch,
-- re-evaluates those persons once and deletes exactly the marks it read.

CREATE TABLE IF NOT EXISTS health_codes (
    person_id     text PRIMARY KEY,
    code          text        NOT NULL,
    reasons       jsonb       NOT NULL,
    since         timestamptz NULL,
    next_check_at timestamptz NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS health_codes_next_check_idx ON health_codes (next_check_at) WHERE next_check_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS health_codes_flagged_idx ON health_codes (person_id) WHERE code <> 'green';

CREATE TABLE IF NOT EXISTS health_code_marks (
    id        bigserial PRIMARY KEY,
    person_id text        NOT NULL,
    marked_at timestamptz NOT NULL DEFAULT now()
);

-- The feed's cursor, taken under this row's lock by the transaction that records changes: numbers are gapless
-- and commit in order, like each hotel's assignment feed.
CREATE TABLE IF NOT EXISTS health_code_feed (
    id     integer PRIMARY KEY CHECK (id = 1),
    cursor bigint NOT NULL
);
INSERT INTO health_code_feed (id, cursor) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;

CREATE TABLE IF NOT EXISTS health_code_changes (
    cursor      bigint PRIMARY KEY,
    person_id   text        NOT NULL,
    code        text        NOT NULL,
    reasons     jsonb       NOT NULL,
    since       timestamptz NULL,
    recorded_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS health_code_changes_recorded_brin ON health_code_changes USING brin (recorded_at);

-- Managements: statement-level, so that a trace writing 50,000 rows adds one INSERT … SELECT, not 50,000 calls.
-- The rows a trace first inserts as 'none' (to lock them) are updated in the same transaction and marked then.
CREATE OR REPLACE FUNCTION health_code_mark_managements() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO health_code_marks (person_id)
    SELECT DISTINCT person_id FROM changed_managements WHERE TG_OP <> 'INSERT' OR category <> 'none';
    IF FOUND THEN
        PERFORM pg_notify('contacttrace_screening', '');
    END IF;
    RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS managements_mark_insert ON managements;
CREATE TRIGGER managements_mark_insert AFTER INSERT ON managements
    REFERENCING NEW TABLE AS changed_managements FOR EACH STATEMENT EXECUTE FUNCTION health_code_mark_managements();
DROP TRIGGER IF EXISTS managements_mark_update ON managements;
CREATE TRIGGER managements_mark_update AFTER UPDATE ON managements
    REFERENCING NEW TABLE AS changed_managements FOR EACH STATEMENT EXECUTE FUNCTION health_code_mark_managements();
DROP TRIGGER IF EXISTS managements_mark_delete ON managements;
CREATE TRIGGER managements_mark_delete AFTER DELETE ON managements
    REFERENCING OLD TABLE AS changed_managements FOR EACH STATEMENT EXECUTE FUNCTION health_code_mark_managements();

-- Persons: one who moves into (or out of) a compound with an active zone. A bulk load of a million persons joins
-- them with the few active zones once.
CREATE OR REPLACE FUNCTION health_code_mark_residents() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO health_code_marks (person_id)
        SELECT n.person_id FROM new_persons n JOIN zones z ON z.compound_id = n.compound_id AND z.status = 'active';
    ELSE
        INSERT INTO health_code_marks (person_id)
        SELECT n.person_id FROM new_persons n JOIN old_persons o ON o.person_id = n.person_id
        WHERE n.compound_id IS DISTINCT FROM o.compound_id;
    END IF;
    IF FOUND THEN
        PERFORM pg_notify('contacttrace_screening', '');
    END IF;
    RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS persons_mark_insert ON persons;
CREATE TRIGGER persons_mark_insert AFTER INSERT ON persons
    REFERENCING NEW TABLE AS new_persons FOR EACH STATEMENT EXECUTE FUNCTION health_code_mark_residents();
DROP TRIGGER IF EXISTS persons_mark_update ON persons;
CREATE TRIGGER persons_mark_update AFTER UPDATE ON persons
    REFERENCING OLD TABLE AS old_persons NEW TABLE AS new_persons FOR EACH STATEMENT EXECUTE FUNCTION health_code_mark_residents();
