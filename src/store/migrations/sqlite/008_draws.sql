-- 008: double-random draws (双随机, R13) and their public record (一公开, R14).
-- SQLite dialect (STRICT); the PostgreSQL twin has the same tables, columns
-- and indexes. The algorithm and the record format: docs/draw.md.
--
-- A draw is created 'frozen': both pools (enterprises after the filters and
-- the yearly cap; eligible inspectors) and the exclusion pairs (回避
-- relations, last draw) are frozen into `pools` (canonical JSON, kept
-- forever so the record can be re-run), hashed, and the server commits to
-- its secret (commitment = SHA-256 of the secret's hex). A second person
-- enters the witness value: the draw runs, the secret is revealed, the
-- result is stored and written to the inspection ledger (source 'draw').
-- The secret is never shown while the draw is frozen.
CREATE TABLE draws (
    id                 INTEGER PRIMARY KEY,
    unit_id            INTEGER NOT NULL REFERENCES units(id),   -- whose draw (township / brigade)
    plan_id            INTEGER,                                 -- annual plan (007), loose reference
    title              TEXT NOT NULL,
    year               INTEGER NOT NULL,
    month              INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12), -- month the inspections are due
    draw_date          TEXT NOT NULL,            -- YYYY-MM-DD: eligibility, relations and caps as of this day
    status             TEXT NOT NULL CHECK (status IN ('frozen', 'done', 'cancelled')),
    params             TEXT NOT NULL,            -- JSON: filters, count / ratio, inspectors per enterprise
    pools              TEXT NOT NULL,            -- JSON: enterprises, inspectors, exclusions (frozen)
    pool_size          INTEGER NOT NULL,
    inspector_count    INTEGER NOT NULL,
    target_count       INTEGER NOT NULL,         -- enterprises to draw
    per_enterprise     INTEGER NOT NULL,
    excluded_at_cap    INTEGER NOT NULL DEFAULT 0, -- enterprises left out: yearly cap reached (国办发〔2024〕54号)
    warnings           TEXT NOT NULL DEFAULT '[]', -- JSON: enterprises one below their cap
    hash_enterprises   TEXT NOT NULL,
    hash_inspectors    TEXT NOT NULL,
    hash_exclusions    TEXT NOT NULL,
    commitment         TEXT NOT NULL,
    secret             TEXT NOT NULL,            -- hex; published only once status = 'done'
    witness            TEXT NOT NULL DEFAULT '',
    seed               TEXT NOT NULL DEFAULT '',
    result             TEXT NOT NULL DEFAULT '', -- JSON once done
    cancel_reason      TEXT NOT NULL DEFAULT '',
    created_by         INTEGER NOT NULL REFERENCES users(id),
    created_at         TEXT NOT NULL,
    witnessed_by       INTEGER REFERENCES users(id),
    drawn_at           TEXT NOT NULL DEFAULT '',
    cancelled_by       INTEGER REFERENCES users(id),
    cancelled_at       TEXT NOT NULL DEFAULT '',
    version            INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX draws_unit ON draws(unit_id, id);
CREATE INDEX draws_status ON draws(status, id);
