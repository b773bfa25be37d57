-- 006: the inspection ledger (检查台账) shared by plans, draws and, later,
-- inspections. SQLite dialect (STRICT); the PostgreSQL twin keeps the same
-- tables, columns and indexes.
--
-- One row per inspection an enterprise is to have or has had, whatever
-- caused it: the annual plan (R12), a double-random draw (R13), or a
-- trigger (complaint, accident, follow-up, referral, credit punishment).
-- 国办发〔2024〕54号 (LAW.md §5.5): each enterprise has a published yearly cap
-- on inspections and no inspection may bypass the record, so every source
-- writes here and the cap is counted from here. Which sources count
-- against the cap is configuration (legal_params), not this table.
CREATE TABLE inspection_ledger (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
    unit_id       INTEGER NOT NULL REFERENCES units(id),   -- the inspecting unit
    year          INTEGER NOT NULL,
    month         INTEGER CHECK (month BETWEEN 1 AND 12),  -- planned month; NULL = not scheduled
    source        TEXT NOT NULL CHECK (source IN ('plan', 'draw', 'complaint', 'accident',
                                                  'follow_up', 'referral', 'credit', 'ad_hoc')),
    source_id     INTEGER,                                 -- plan id, draw id, … (by source)
    status        TEXT NOT NULL CHECK (status IN ('planned', 'done', 'cancelled', 'merged')),
    merged_into   INTEGER REFERENCES inspection_ledger(id), -- 综合查一次 (R15)
    done_on       TEXT NOT NULL DEFAULT '',                -- YYYY-MM-DD when status = done
    inspection_id INTEGER,                                 -- the inspection record (issue 7)
    note          TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    created_by    INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX inspection_ledger_enterprise ON inspection_ledger(enterprise_id, year);
CREATE INDEX inspection_ledger_unit ON inspection_ledger(unit_id, year, month);
CREATE INDEX inspection_ledger_source ON inspection_ledger(source, source_id);

-- The officers scheduled for (or who did) a ledger entry: the plan's
-- workload per officer and month, and a draw's assignment of inspectors.
CREATE TABLE inspection_ledger_officers (
    ledger_id  INTEGER NOT NULL REFERENCES inspection_ledger(id),
    officer_id INTEGER NOT NULL REFERENCES officers(id),
    PRIMARY KEY (ledger_id, officer_id)
) STRICT;
CREATE INDEX inspection_ledger_officers_officer ON inspection_ledger_officers(officer_id);

-- Declared relations of an officer to an enterprise (回避, conflict of
-- interest: 行政处罚法 第43条 — an officer with a direct interest in the
-- case must withdraw). Draws never assign an officer to an enterprise he
-- has a relation with that is in force on the draw's day.
CREATE TABLE officer_relations (
    id            INTEGER PRIMARY KEY,
    officer_id    INTEGER NOT NULL REFERENCES officers(id),
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
    relation      TEXT NOT NULL CHECK (relation <> ''),     -- 近亲属任职, 曾任职, 持股, …
    valid_from    TEXT NOT NULL DEFAULT '',
    valid_to      TEXT NOT NULL DEFAULT '',                 -- '' = open-ended
    created_at    TEXT NOT NULL,
    created_by    INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX officer_relations_officer ON officer_relations(officer_id);
CREATE INDEX officer_relations_enterprise ON officer_relations(enterprise_id);
