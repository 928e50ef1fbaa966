-- A case withdrawn as a false positive: when and why. It stops counting from then on, and the managements it
-- alone caused end (WithdrawalRules); its rows stay, for the record.
ALTER TABLE cases ADD COLUMN IF NOT EXISTS withdrawn_at      timestamptz NULL;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS withdrawal_reason text        NULL;
