-- 023: background jobs' state in the database (issue 5: several servers on
-- one database, any server answers any request). A job runs on the server
-- that accepted it (its input lives in that process); its state and result
-- are written here when it starts and when it ends, so a poll that reaches
-- another server finds it. Progress within a running job is only in the
-- running server's memory. SQLite dialect; the PostgreSQL twin has the same
-- table.
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    owner_id     INTEGER NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    status       INTEGER NOT NULL DEFAULT 0,
    result       TEXT NOT NULL DEFAULT '',
    server       TEXT NOT NULL DEFAULT '',
    created_ms   INTEGER NOT NULL,
    started_ms   INTEGER NOT NULL DEFAULT 0,
    finished_ms  INTEGER NOT NULL DEFAULT 0
) STRICT;
