-- Read models for the tracing teams' queries.

-- When a person was first identified as a case's contact: the bulletin counts contacts identified in its period.
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS identified_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX IF NOT EXISTS contacts_identified_idx ON contacts (identified_at);

-- A cluster is read a page of cases at a time, in case id order.
CREATE INDEX IF NOT EXISTS cases_cluster_case_idx ON cases (cluster_id, case_id);
CREATE INDEX IF NOT EXISTS cases_converted_idx ON cases (converted_at) WHERE converted_at IS NOT NULL;

-- Who is under which management at the end of a bulletin period.
CREATE INDEX IF NOT EXISTS managements_category_idx ON managements (category, until);
