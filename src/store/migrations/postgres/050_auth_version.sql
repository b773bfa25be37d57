-- 050: a counter of what a session lookup reads (issue 12). See the SQLite
-- twin for why: each pool connection keeps the sessions it found in memory
-- (store/session_cache.c) and uses one again only while this counter has
-- not moved. Triggers move it in the writer's transaction, whoever writes
-- (another server, the CLI, psql by hand): sessions UPDATE/DELETE, users and
-- units INSERT/UPDATE/DELETE. Row-level, so a sweep of expired sessions
-- that deletes nothing moves nothing. PostgreSQL dialect: one plpgsql
-- function for every trigger. The counter is a row, not a sequence: a
-- sequence moves before the commit, and a lookup in between would keep the
-- old rows under the new number.
CREATE TABLE auth_version (
    id      BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO auth_version (id, version) VALUES (1, 1);

CREATE FUNCTION auth_version_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE auth_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER auth_version_sessions AFTER UPDATE OR DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
CREATE TRIGGER auth_version_users AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
CREATE TRIGGER auth_version_units AFTER INSERT OR UPDATE OR DELETE ON units
    FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
