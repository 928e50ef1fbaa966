-- Cases, trace results, managements and assignments.
--
-- Everything a trace writes is keyed by what it is, so that a re-run (after a crash, a late scan, a reported
-- contact) writes nothing twice: contacts by (case, person), exposures by (case, person, evidence key),
-- assignments by an id derived from (person, case, kind, period), watches by (case, key, window).

CREATE TABLE IF NOT EXISTS cases (
    case_id            text PRIMARY KEY,
    person_id          text        NOT NULL,
    classification     text        NOT NULL,
    converted_at       timestamptz NULL,
    district           text        NOT NULL,
    discovery_channel  text        NOT NULL,
    sampled_at         timestamptz NOT NULL,
    onset_at           timestamptz NULL,
    reported_at        timestamptz NOT NULL,
    window_start       timestamptz NOT NULL,
    window_end         timestamptz NOT NULL,
    sources            text[]      NOT NULL DEFAULT '{}',
    cluster_id         text        NOT NULL,
    trace_status       text        NOT NULL,
    close_contacts     integer     NOT NULL DEFAULT 0,
    secondary_contacts integer     NOT NULL DEFAULT 0,
    venue_exposed      integer     NOT NULL DEFAULT 0,
    trace_completed_at timestamptz NULL
);

CREATE INDEX IF NOT EXISTS cases_person_idx ON cases (person_id);
CREATE INDEX IF NOT EXISTS cases_cluster_idx ON cases (cluster_id);
CREATE INDEX IF NOT EXISTS cases_reported_idx ON cases (reported_at);

-- One row per person a case reached: its most severe category and tier.
CREATE TABLE IF NOT EXISTS contacts (
    case_id        text        NOT NULL,
    person_id      text        NOT NULL,
    tier           smallint    NOT NULL,
    category       text        NOT NULL,
    first_exposure timestamptz NOT NULL,
    last_exposure  timestamptz NOT NULL,
    PRIMARY KEY (case_id, person_id)
);

CREATE INDEX IF NOT EXISTS contacts_person_idx ON contacts (person_id);

-- The evidence: each exposure edge with where, when and (tier 2) through whom.
CREATE TABLE IF NOT EXISTS exposures (
    case_id        text        NOT NULL,
    person_id      text        NOT NULL,
    exposure_key   bigint      NOT NULL,
    kind           text        NOT NULL,
    venue_id       text        NULL,
    via_person_id  text        NULL,
    setting        text        NULL,
    exposed_from   timestamptz NOT NULL,
    exposed_until  timestamptz NOT NULL,
    PRIMARY KEY (case_id, person_id, exposure_key)
);

CREATE INDEX IF NOT EXISTS exposures_person_idx ON exposures (person_id);

-- One person, one management. Rows are locked in person order while a trace merges into them.
CREATE TABLE IF NOT EXISTS managements (
    person_id  text PRIMARY KEY,
    category   text        NOT NULL,
    since      timestamptz NULL,
    until      timestamptz NULL,
    case_id    text        NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS assignments (
    assignment_id text PRIMARY KEY,
    person_id     text        NOT NULL,
    case_id       text        NOT NULL,
    kind          text        NOT NULL,
    hotel_id      text        NULL,
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    status        text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS assignments_person_idx ON assignments (person_id);
CREATE INDEX IF NOT EXISTS assignments_case_idx ON assignments (case_id);

-- The windows a completed trace depends on; a late scan inside one re-traces the case.
CREATE TABLE IF NOT EXISTS trace_watches (
    case_id    text        NOT NULL,
    watch_key  bigint      NOT NULL,
    kind       text        NOT NULL,
    watched_id text        NOT NULL,
    watch_from timestamptz NOT NULL,
    watch_to   timestamptz NOT NULL,
    PRIMARY KEY (case_id, watch_key, watch_from, watch_to)
);

CREATE INDEX IF NOT EXISTS trace_watches_key_idx ON trace_watches (watch_key, watch_to);
