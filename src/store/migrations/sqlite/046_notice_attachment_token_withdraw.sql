-- 046: a partner agency withdraws (撤回) a material it sent itself, through
-- the exchange API with its push token (issue 11, R29). SQLite dialect; the
-- PostgreSQL twin adds the same column and rule.
--
-- withdrawn_by names a bureau user; a token's withdrawal has no user, so
-- the token is kept beside it — one or the other, never both. 041's
-- triggers stay as they are: they list the columns a withdrawal must not
-- touch, so this one may be set by the single withdrawal and by nothing
-- after it (OLD.withdrawn_at <> '' refuses every later update).
ALTER TABLE notice_attachments ADD COLUMN withdrawn_token_id INTEGER REFERENCES api_tokens(id)
    CHECK (withdrawn_token_id IS NULL OR withdrawn_by IS NULL);

-- The bureau's list of notices shows how many materials in force each
-- notice and its replies carry, counted in the list query itself
-- (store/exchange.c NOTICE_COLUMNS): this index holds exactly those rows.
CREATE INDEX notice_attachments_in_force ON notice_attachments(notice_id)
    WHERE withdrawn_at = '';
