-- 002: the enterprise registry (R11). SQLite dialect (STRICT tables); the
-- PostgreSQL twin (postgres/002_enterprises.sql) has the same tables, columns
-- and indexes.
--
-- Codes (Chinese names in store/enterprises.c):
--   domain  hazchem 危化 | fireworks 烟花爆竹 | mining 矿山 | industry 工贸 | other 其他
--   scale   above 规上 | below 规下 | micro 小微
--   risk    red 红 | orange 橙 | yellow 黄 | blue 蓝   (risk_rank 1…4 for sorting)
--   class   key 重点 | general 一般
--   status  operating 在营 | suspended 停产 | closed 注销
CREATE TABLE enterprises (
    id               INTEGER PRIMARY KEY,
    credit_code      TEXT NOT NULL UNIQUE,  -- GB 32100-2015, normalised (core/uscc.h)
    name             TEXT NOT NULL,
    unit_id          INTEGER NOT NULL REFERENCES units(id), -- township/devzone: the record's unit
    address          TEXT NOT NULL DEFAULT '',
    domain           TEXT NOT NULL CHECK (domain IN ('hazchem', 'fireworks', 'mining', 'industry', 'other')),
    scale            TEXT NOT NULL DEFAULT 'micro' CHECK (scale IN ('above', 'below', 'micro')),
    legal_rep        TEXT NOT NULL DEFAULT '',
    legal_rep_phone  TEXT NOT NULL DEFAULT '',
    contact          TEXT NOT NULL DEFAULT '',
    contact_phone    TEXT NOT NULL DEFAULT '',
    risk             TEXT NOT NULL CHECK (risk IN ('red', 'orange', 'yellow', 'blue')),
    risk_rank        INTEGER NOT NULL,
    supervision      TEXT NOT NULL CHECK (supervision IN ('key', 'general')),
    status           TEXT NOT NULL DEFAULT 'operating' CHECK (status IN ('operating', 'suspended', 'closed')),
    credit_punished  INTEGER NOT NULL DEFAULT 0, -- 失信惩戒 flag, read by plans (R12)
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;
-- Keyset paging: one index per sort key, id as the tie-breaker.
CREATE INDEX enterprises_name ON enterprises(name, id);
CREATE INDEX enterprises_risk ON enterprises(risk_rank, id);
CREATE INDEX enterprises_updated ON enterprises(updated_at, id);
-- No index leads with unit_id: with one, SQLite reads the scope's rows by
-- township and sorts them all for every page (measured: a temp B-tree over
-- 100,000 rows); without, it walks the sort key's index and stops at LIMIT.
