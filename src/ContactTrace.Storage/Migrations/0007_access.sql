-- Need-to-know: API keys created at runtime (stored hashed) and the append-only audit log of personal-data reads.

CREATE TABLE IF NOT EXISTS api_keys (
    key_id     text PRIMARY KEY,
    key_hash   text        NOT NULL UNIQUE,
    role       text        NOT NULL,
    hotel_id   text        NULL,
    name       text        NULL,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz NULL
);

CREATE TABLE IF NOT EXISTS audit_log (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT now(),
    key_id   text        NOT NULL,
    endpoint text        NOT NULL,
    subjects text[]      NOT NULL
);

CREATE INDEX IF NOT EXISTS audit_log_key_idx ON audit_log (key_id, id);
CREATE INDEX IF NOT EXISTS audit_log_subjects_idx ON audit_log USING gin (subjects);

-- Append-only: an entry can be added, never changed or removed, whoever connects.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END
$fn$;

DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
