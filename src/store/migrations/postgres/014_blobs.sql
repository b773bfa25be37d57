-- 014: content-addressed blobs (evidence photos, signatures, issued PDF
-- documents). PostgreSQL twin of the SQLite migration: same table.
--
-- The bytes live as files under <data-dir>/blobs/<2 hex>/<sha256>, written
-- once and never overwritten or deleted (R18); this table is their index.
CREATE TABLE blobs (
    sha256     TEXT PRIMARY KEY,
    size       BIGINT NOT NULL,
    mime       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id)
);
