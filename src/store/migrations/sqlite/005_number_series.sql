-- 005: gap-free number series (issue 5: several servers on one database).
-- SQLite dialect; the PostgreSQL twin has the same table.
--
-- Case and document numbers are drawn with zf_store_next_number inside the
-- caller's transaction (INSERT … ON CONFLICT DO UPDATE … RETURNING: the
-- series row stays locked to commit), so two servers never draw the same
-- number and a rollback gives the number back: no gaps.
--
-- (The log append needs no table of its own: it serialises on a named
-- writer lock, zf_db_lock, and reads the head from the events index. A
-- one-row head table updated by every append was tried first: in
-- PostgreSQL each update leaves a row version that the rest of the same
-- transaction must walk, so a 100 000-row import took minutes.)
CREATE TABLE number_series (
    series TEXT PRIMARY KEY,
    value  INTEGER NOT NULL
) STRICT;
