-- 050: a counter of what a session lookup reads (issue 12). Every signed-in
-- request looked its session up: SHA-256 of the cookie, a join of sessions,
-- users and units and the bureau's path — 15-18 % of a cached case detail's
-- CPU. Each pool connection now keeps the sessions it found in memory
-- (store/session_cache.c, docs/internals/session_cache.md) and may use one
-- again only while this counter has not moved since it was read.
--
-- The triggers move it in the writer's transaction, whoever writes: this
-- server, another server on the same database, the CLI, sqlite3 or psql by
-- hand. A session's UPDATE or DELETE (logout, a password change, an
-- expired session swept), and any INSERT, UPDATE or DELETE of a user or a
-- unit. A new session (INSERT) needs none: no connection holds its token.
-- Row-level, so a sweep that deletes nothing moves nothing.
CREATE TABLE auth_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
) STRICT;
INSERT INTO auth_version (id, version) VALUES (1, 1);

CREATE TRIGGER auth_version_sessions_upd AFTER UPDATE ON sessions
BEGIN
    UPDATE auth_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER auth_version_sessions_del AFTER DELETE ON sessions
BEGIN
    UPDATE auth_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER auth_version_users_ins AFTER INSERT ON users
BEGIN
    UPDATE auth_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER auth_version_users_upd AFTER UPDATE ON users
BEGIN
    UPDATE auth_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER auth_version_users_del AFTER DELETE ON users
BEGIN
    UPDATE auth_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER auth_version_units_ins AFTER INSERT ON units
BEGIN
    UPDATE auth_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER auth_version_units_upd AFTER UPDATE ON units
BEGIN
    UPDATE auth_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER auth_version_units_del AFTER DELETE ON units
BEGIN
    UPDATE auth_version SET version = version + 1 WHERE id = 1;
END;
