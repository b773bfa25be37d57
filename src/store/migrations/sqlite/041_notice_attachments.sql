-- 041: the materials of notices and consultations with partner agencies
-- (案件通报、案情会商的材料, issue 11, R29) as files. SQLite dialect; the
-- PostgreSQL twin has the same table, index and guards.
--
-- The bytes live in the content-addressed blob store (014, store/blobs.h);
-- a row says which notice (and, when reply_id is set, which reply) a blob
-- accompanies, under which sanitised original name, the type sniffed from
-- the bytes, and who attached it: a bureau user (uploaded_by) or a partner
-- agency's exchange token (token_id), exactly one of the two. Rows are never
-- deleted or overwritten: a wrong file is withdrawn (撤回) with a reason,
-- once, and the triggers below refuse every other change, whoever sends it.
CREATE TABLE notice_attachments (
    id              INTEGER PRIMARY KEY,
    notice_id       INTEGER NOT NULL REFERENCES agency_notices(id),
    reply_id        INTEGER REFERENCES agency_notice_replies(id),
    sha256          TEXT NOT NULL REFERENCES blobs(sha256),
    file_name       TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    mime            TEXT NOT NULL,
    size            INTEGER NOT NULL CHECK (size > 0),
    uploaded_by     INTEGER REFERENCES users(id),
    token_id        INTEGER REFERENCES api_tokens(id),
    uploaded_at     TEXT NOT NULL,
    withdrawn_at    TEXT NOT NULL DEFAULT '',
    withdraw_reason TEXT NOT NULL DEFAULT '',
    withdrawn_by    INTEGER REFERENCES users(id),
    CHECK ((uploaded_by IS NULL) <> (token_id IS NULL))
) STRICT;
CREATE INDEX notice_attachments_notice ON notice_attachments(notice_id, id);

CREATE TRIGGER notice_attachments_no_delete BEFORE DELETE ON notice_attachments
BEGIN
    SELECT RAISE(ABORT, 'notice_attachments: rows are never deleted (withdraw instead)');
END;
-- the one change allowed: a withdrawal of a row not yet withdrawn, touching
-- only the withdrawal columns
CREATE TRIGGER notice_attachments_only_withdraw BEFORE UPDATE ON notice_attachments
WHEN OLD.withdrawn_at <> '' OR NEW.withdrawn_at = ''
  OR NEW.id IS NOT OLD.id OR NEW.notice_id IS NOT OLD.notice_id
  OR NEW.reply_id IS NOT OLD.reply_id OR NEW.sha256 IS NOT OLD.sha256
  OR NEW.file_name IS NOT OLD.file_name OR NEW.mime IS NOT OLD.mime
  OR NEW.size IS NOT OLD.size OR NEW.uploaded_by IS NOT OLD.uploaded_by
  OR NEW.token_id IS NOT OLD.token_id OR NEW.uploaded_at IS NOT OLD.uploaded_at
BEGIN
    SELECT RAISE(ABORT, 'notice_attachments: only a withdrawal may change a row, once');
END;
