-- 014: content-addressed blobs (evidence photos, signatures, issued PDF
-- documents). SQLite dialect; the PostgreSQL twin has the same table.
--
-- The bytes live as files under <data-dir>/blobs/<2 hex>/<sha256>, written
-- once and never overwritten or deleted (R18: evidence is never lost); this
-- table is the index that says what each file is and who stored it first.
-- What a blob MEANS (an inspection photo, a decision's PDF) is recorded by
-- the module that refers to it, with its own log event.
CREATE TABLE blobs (
    sha256     TEXT PRIMARY KEY,
    size       INTEGER NOT NULL,
    mime       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id)
) STRICT;
