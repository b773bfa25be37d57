-- 021: 事后公开 — penalty decisions published on the portal (R25).
-- SQLite dialect; the PostgreSQL twin has the same table and indexes.
--
-- 安全生产法 第78条第2款: a work-safety penalty decision is published within
-- 7 working days of the decision (due_on); 行政处罚法 第48条第2款: when it is
-- changed, revoked, or found unlawful or void, it is withdrawn within 3
-- working days (withdraw_due_on) and the reason is published. A row is made
-- when the decision is made (pending), published when it is served, unless a
-- reviewer holds it with a recorded reason; every step is also an event of
-- the full-process log, so the timeliness of publication can be proven.
-- `doc` is the public document as published (canonical JSON, individuals
-- already masked), frozen: what the public saw is what is kept.
CREATE TABLE publications (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases(id),
    decision_id      INTEGER NOT NULL UNIQUE REFERENCES case_decisions(id),
    unit_id          INTEGER NOT NULL REFERENCES units(id),
    number           TEXT NOT NULL,
    decided_on       TEXT NOT NULL,
    due_on           TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'published', 'held', 'withdrawn')),
    party_name       TEXT NOT NULL DEFAULT '',   -- as published (masked for a person)
    credit_code      TEXT NOT NULL DEFAULT '',   -- an organisation's, '' for a person
    amount_fen       INTEGER NOT NULL DEFAULT 0,
    doc              TEXT NOT NULL,
    published_at     TEXT NOT NULL DEFAULT '',
    held_reason      TEXT NOT NULL DEFAULT '',
    held_by          INTEGER REFERENCES users(id),
    held_at          TEXT NOT NULL DEFAULT '',
    withdraw_due_on  TEXT NOT NULL DEFAULT '',
    withdrawn_at     TEXT NOT NULL DEFAULT '',
    withdraw_reason  TEXT NOT NULL DEFAULT '',
    withdrawn_by     INTEGER REFERENCES users(id),
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX publications_public ON publications(status, id);
CREATE INDEX publications_credit ON publications(credit_code, id);
CREATE INDEX publications_due ON publications(status, due_on);
CREATE INDEX publications_case ON publications(case_id, id);
