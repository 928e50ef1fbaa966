-- Household members who share a secondary contact's home isolation (DESIGN.md), counted per case beside the
-- three contact categories.

ALTER TABLE cases ADD COLUMN IF NOT EXISTS home_isolation integer NOT NULL DEFAULT 0;
