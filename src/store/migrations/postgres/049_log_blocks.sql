-- 049: the Merkle tree's blocks of 256 events, kept (issue 12). See the
-- SQLite twin: the checkpoint stores the hashes of complete blocks so a
-- starting server does not read every leaf; append-only.
CREATE TABLE log_blocks (
    block BIGINT PRIMARY KEY,
    hash  BYTEA NOT NULL
);

CREATE FUNCTION log_blocks_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'log_blocks is append-only';
END
$$;
CREATE TRIGGER log_blocks_no_change BEFORE UPDATE OR DELETE ON log_blocks
    FOR EACH ROW EXECUTE FUNCTION log_blocks_append_only();
