-- Managements as they stood: every version of a person's management, recorded when it was written and closed
-- when the next one replaced it. A bulletin counts those "under management" at its period's end from the versions
-- recorded by then, so a past day's figures do not change when a later trace starts a quarantine whose 'since'
-- lies in that day. Written by the store in the statement that changes managements (ManagementRows).

CREATE TABLE IF NOT EXISTS management_history (
    person_id     text        NOT NULL,
    category      text        NOT NULL,
    since         timestamptz NULL,
    until         timestamptz NULL,
    case_id       text        NULL,
    recorded_from timestamptz NOT NULL,
    recorded_to   timestamptz NULL
);

-- The current version of a person (open) is found by person; a bulletin scans a category's versions by until.
CREATE UNIQUE INDEX IF NOT EXISTS management_history_open_idx ON management_history (person_id) WHERE recorded_to IS NULL;
CREATE INDEX IF NOT EXISTS management_history_category_idx ON management_history (category, until);

-- Managements from before: known as of their last change.
INSERT INTO management_history (person_id, category, since, until, case_id, recorded_from)
SELECT m.person_id, m.category, m.since, m.until, m.case_id, m.updated_at
FROM managements m
WHERE m.category <> 'none'
  AND NOT EXISTS (SELECT 1 FROM management_history h WHERE h.person_id = m.person_id);
