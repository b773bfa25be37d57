-- 013: the texts of the public portal (事前公开, R25; 行政处罚法 第39条), as
-- the bureau's administrator keeps them. SQLite dialect; the PostgreSQL twin
-- has the same table and index.
--
-- Never updated in place: each save is a new row, the newest per bureau is
-- what the portal shows (none: the text shipped in data/portal.json), and
-- the old ones stay so that what was published on a day can be shown.
CREATE TABLE portal_texts (
    id         INTEGER PRIMARY KEY,
    bureau_id  INTEGER NOT NULL REFERENCES units(id),
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX portal_texts_bureau ON portal_texts(bureau_id, id);
