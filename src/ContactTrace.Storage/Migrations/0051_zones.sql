-- High-risk zones (高风险区), one open zone per compound at most; the tasks raised at venues a case visited; and
-- citizens' self-reports (主动报备).

CREATE TABLE IF NOT EXISTS zones (
    zone_id      text PRIMARY KEY,
    compound_id  text        NOT NULL,
    district     text        NOT NULL,
    status       text        NOT NULL,
    proposed_at  timestamptz NOT NULL,
    since        timestamptz NULL,
    until        timestamptz NULL,
    lift_after   timestamptz NOT NULL,
    last_case_at timestamptz NULL,
    case_ids     text[]      NOT NULL DEFAULT '{}',
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX IF NOT EXISTS zones_open_compound_idx ON zones (compound_id) WHERE status <> 'lifted';
CREATE INDEX IF NOT EXISTS zones_lift_idx ON zones (lift_after) WHERE status <> 'lifted';
CREATE INDEX IF NOT EXISTS zones_status_idx ON zones (status, zone_id);

CREATE TABLE IF NOT EXISTS venue_actions (
    venue_id      text        NOT NULL,
    case_id       text        NOT NULL,
    status        text        NOT NULL,
    raised_at     timestamptz NOT NULL,
    visited_from  timestamptz NOT NULL,
    visited_until timestamptz NOT NULL,
    closed_at     timestamptz NULL,
    closed_by     text        NULL,
    reopened_at   timestamptz NULL,
    reopened_by   text        NULL,
    PRIMARY KEY (venue_id, case_id)
);

CREATE INDEX IF NOT EXISTS venue_actions_list_idx ON venue_actions (venue_id, raised_at DESC, case_id DESC);

CREATE TABLE IF NOT EXISTS self_reports (
    report_id          text PRIMARY KEY,
    phone              text        NULL,
    person_id          text        NULL,
    venue_id           text        NOT NULL,
    at                 timestamptz NOT NULL,
    note               text        NULL,
    case_id            text        NULL,
    received_at        timestamptz NOT NULL,
    status             text        NOT NULL,
    resolved_at        timestamptz NULL,
    resolved_by        text        NULL,
    resolved_case_id   text        NULL,
    resolved_person_id text        NULL,
    reason             text        NULL
);

CREATE INDEX IF NOT EXISTS self_reports_status_idx ON self_reports (status, received_at, report_id);
CREATE INDEX IF NOT EXISTS self_reports_received_idx ON self_reports (received_at, report_id);
