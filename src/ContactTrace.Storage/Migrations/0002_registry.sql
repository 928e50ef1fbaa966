-- ContactTrace registry rows. The grains own each entry; these rows let tracing and reports read
-- households, venue kinds and hotels in bulk with one query instead of one grain call per entry.

CREATE TABLE IF NOT EXISTS persons (
    person_id    text PRIMARY KEY,
    district     text NOT NULL,
    household_id text NULL,
    name         text NULL,
    phone        text NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Household members are looked up by household for every close contact of every trace.
CREATE INDEX IF NOT EXISTS persons_household_idx ON persons (household_id) WHERE household_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS venues (
    venue_id   text PRIMARY KEY,
    name       text NOT NULL,
    district   text NOT NULL,
    kind       text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS hotels (
    hotel_id   text PRIMARY KEY,
    name       text NOT NULL,
    district   text NOT NULL,
    capacity   integer NOT NULL CHECK (capacity > 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);
