-- 027: every value a violation's fine took, one row each (issue 10, R25:
-- the open data lists the violations of the published decisions with their
-- initial and final amounts and every change of amount as its own row, as
-- OSHA's violation and violation_event files do).
--
-- Kept by triggers on case_violations, not by the write paths: the case API,
-- the demo, an import or sqlite3 by hand all add the row in the writer's
-- transaction, so the history cannot miss a change (tests/api/opendata.test.js
-- changes an amount by SQL and finds its row). A new violation gets seq 1; an
-- UPDATE that changes amount_fen gets the next seq; an UPDATE that leaves it
-- alone adds nothing. `stage` is the case's state when the value was set
-- (draft, investigating, … — the stage of the procedure the change was made
-- in). A deleted violation (only possible before the decision) takes its rows
-- with it. The free-text reason of an amount (amount_reason) is not copied:
-- it may name people, and the open data never shows it.
-- SQLite dialect; the PostgreSQL twin has the same table and plpgsql
-- triggers. docs/internals/opendata.md.
CREATE TABLE case_violation_amounts (
    id           INTEGER PRIMARY KEY,
    violation_id INTEGER NOT NULL,   -- case_violations.id (no FK: rows go by trigger)
    case_id      INTEGER NOT NULL,
    seq          INTEGER NOT NULL,   -- 1 = the initial value
    amount_fen   INTEGER NOT NULL,
    stage        TEXT NOT NULL,      -- cases.state then; '' = backfilled, not known
    changed_at   TEXT NOT NULL,      -- UTC instant; '' = backfilled, not known
    UNIQUE (violation_id, seq)
) STRICT;

CREATE TRIGGER case_violation_amounts_ins AFTER INSERT ON case_violations BEGIN
    INSERT INTO case_violation_amounts (violation_id, case_id, seq, amount_fen, stage, changed_at)
        SELECT NEW.id, NEW.case_id,
               COALESCE((SELECT MAX(seq) FROM case_violation_amounts WHERE violation_id = NEW.id),
                        0) + 1,
               NEW.amount_fen,
               COALESCE((SELECT state FROM cases WHERE id = NEW.case_id), ''),
               strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;

CREATE TRIGGER case_violation_amounts_upd AFTER UPDATE OF amount_fen ON case_violations
    WHEN OLD.amount_fen IS NOT NEW.amount_fen
BEGIN
    INSERT INTO case_violation_amounts (violation_id, case_id, seq, amount_fen, stage, changed_at)
        SELECT NEW.id, NEW.case_id,
               COALESCE((SELECT MAX(seq) FROM case_violation_amounts WHERE violation_id = NEW.id),
                        0) + 1,
               NEW.amount_fen,
               COALESCE((SELECT state FROM cases WHERE id = NEW.case_id), ''),
               strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
END;

CREATE TRIGGER case_violation_amounts_del AFTER DELETE ON case_violations BEGIN
    DELETE FROM case_violation_amounts WHERE violation_id = OLD.id;
END;

-- The open data's joins: an inspection's hazards and the cases made of it
-- (without these, each public inspection row would scan every case).
CREATE INDEX hazards_inspection ON hazards(inspection_id, grade, status);
CREATE INDEX cases_source ON cases(source_id, source_kind);
CREATE INDEX cases_finding ON cases(finding_id);

-- The rows already there: their current value, when and at what stage it
-- was set not known.
INSERT INTO case_violation_amounts (violation_id, case_id, seq, amount_fen, stage, changed_at)
    SELECT id, case_id, 1, amount_fen, '', '' FROM case_violations ORDER BY id;
