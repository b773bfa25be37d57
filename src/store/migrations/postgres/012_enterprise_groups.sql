-- 012: credit-code groups of enterprises (issue 6: an enterprise placed under
-- credit punishment gets a mandatory follow-up inspection and its affiliated
-- sites — the same credit-code group — are flagged for checks). PostgreSQL
-- dialect; the SQLite twin has the same column and index.
--
-- group_code: the unified social credit code (GB 32100-2015, normalised) of
-- the group / head office the enterprise belongs to; '' = none. Affiliates
-- of X are the enterprises with the same non-empty group_code, those whose
-- group_code is X's credit code, and the one whose credit code is X's
-- group_code (api/enterprises.c, credit follow-ups).
ALTER TABLE enterprises ADD COLUMN group_code TEXT NOT NULL DEFAULT '';
CREATE INDEX enterprises_group ON enterprises(group_code);
