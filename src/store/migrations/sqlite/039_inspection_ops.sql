-- 039: the writes a phone replays (issue 7, R34 offline). A queued PATCH or
-- signing of an inspection carries a client-generated operation id; the
-- server remembers it with the SHA-256 of the request body and the version
-- it produced, so the same write sent again after a lost answer is answered
-- as done (no second change, no false version conflict) and the same id
-- with another body is refused. Rows are never updated or deleted.
CREATE TABLE inspection_ops (
    op_id          TEXT PRIMARY KEY,                 -- 8–64 of [0-9A-Za-z-] (a UUID)
    inspection_id  INTEGER NOT NULL REFERENCES inspections(id),
    action         TEXT NOT NULL CHECK (action IN ('update', 'sign')),
    body_sha256    TEXT NOT NULL,                    -- hex, of the canonical request body
    version_after  INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX inspection_ops_inspection ON inspection_ops(inspection_id);
