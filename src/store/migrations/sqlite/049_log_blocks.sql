-- 049: the Merkle tree's blocks of 256 events, kept (issue 12). A server
-- computes the log's root for each checkpoint from the hashes of complete
-- subtrees of 256 leaves (store/log_tree.c), held in memory — so after each
-- start it read every event's leaf hash once: at 12,600,000 events, 60–90 s
-- of reading the 25 GB events table, inside the checkpoint's write
-- transaction, with every writer waiting. The checkpoint now stores the
-- hashes of the blocks it used; a starting server reads these (32 bytes per
-- 256 events) and only the leaves after the last stored block.
-- `zhifa audit verify` recomputes every stored block from the events and
-- reports one that differs. Append-only, as the events are.
CREATE TABLE log_blocks (
    block INTEGER PRIMARY KEY, -- events [block * 256, block * 256 + 256)
    hash  BLOB NOT NULL        -- RFC 9162 MTH of those 256 leaf hashes
) STRICT;

CREATE TRIGGER log_blocks_no_update BEFORE UPDATE ON log_blocks
BEGIN
    SELECT RAISE(ABORT, 'log_blocks is append-only');
END;
CREATE TRIGGER log_blocks_no_delete BEFORE DELETE ON log_blocks
BEGIN
    SELECT RAISE(ABORT, 'log_blocks is append-only');
END;
