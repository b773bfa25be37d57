-- 038: the public decisions search by a fragment of the party's name without
-- reading every published row (issue 12). LIKE '%…%' cannot seek a B-tree; a
-- GIN index of pg_trgm's trigram operator class can (PostgreSQL picks it for
-- the same "party_name LIKE $n" the SQLite twin checks after its FTS5
-- lookup, so the query text and its answer do not change). pg_trgm is in
-- Debian's postgresql-15 package (contrib is part of it) and is a trusted
-- extension since PostgreSQL 13: the database owner may create it. A
-- pattern with fewer than three characters has no trigram; PostgreSQL then
-- reads the whole index or walks publications_name as before — same
-- answer, the old cost. The index keeps itself in step: no triggers.
-- (Characters outside ASCII need a UTF-8 database whose ctype knows them as
-- letters — C.UTF-8 or zh_CN.UTF-8; under plain "C" pg_trgm would see no
-- words in Chinese names and the index would only be read whole.)
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX publications_name_trgm ON publications USING gin (party_name gin_trgm_ops);
