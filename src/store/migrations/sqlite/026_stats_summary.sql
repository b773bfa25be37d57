-- 026: day-level counters for the statistics (issue 11, R32: the dashboard
-- of a district with 1,000,000 cases in under 200 ms at the server). The
-- range scans of 022 count every case of the period (a year: ~430,000 index
-- entries, 220 ms); these tables hold one row per unit, day and group, so a
-- year is a few thousand rows whatever the number of cases.
--
-- The counters are kept by triggers, not by the write paths: every INSERT,
-- UPDATE and DELETE of the source rows — from any handler, the importer, the
-- demo, or sqlite3 by hand — moves them, inside the same transaction, so they
-- cannot drift from the rows (tests/api/stats.test.js compares them with a
-- recount after its writes). An UPDATE takes the old row's contribution off
-- and adds the new one's. Rows that fall to zero stay (harmless, and reused).
-- SQLite dialect; the PostgreSQL twin keeps the same tables with plpgsql
-- trigger functions. docs/internals/stats.md.

-- Cases: measure 'filed' (立案, day = filed_on, by state and simple),
-- 'spot' (当场处罚 without 立案, day = decided_on, by state), 'decided'
-- (day = decided_on; state '' = penalty, 'np' = 不予处罚; fen = the amount),
-- 'closed' (day = closed_on). `unit_id` is the case's unit.
CREATE TABLE stats_cases (
    unit_id INTEGER NOT NULL,
    measure TEXT NOT NULL,
    day     TEXT NOT NULL,
    state   TEXT NOT NULL,
    simple  INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    fen     INTEGER NOT NULL,
    PRIMARY KEY (unit_id, measure, day, state, simple)
) STRICT, WITHOUT ROWID;

-- Officers on cases: the case's registration day (filed_on, or decided_on
-- for a spot case) by officer and role; unit_id is the case's unit (the
-- dashboard's scope is the case's, as before).
CREATE TABLE stats_officer_cases (
    unit_id    INTEGER NOT NULL,
    officer_id INTEGER NOT NULL,
    role       TEXT NOT NULL,
    day        TEXT NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (unit_id, officer_id, role, day)
) STRICT, WITHOUT ROWID;

-- Officers' decided cases (filed, then decided) by decision day and by
-- `over` = days from filing to decision minus the approved extension: a case
-- is in time when over <= the 第60条 limit in force (a dated parameter, so
-- it is compared at read time, not stored).
CREATE TABLE stats_officer_decided (
    unit_id    INTEGER NOT NULL,
    officer_id INTEGER NOT NULL,
    day        TEXT NOT NULL,
    over       INTEGER NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (unit_id, officer_id, day, over)
) STRICT, WITHOUT ROWID;

-- Inspections by the inspecting unit, source and day; signed = status is
-- not 'open'.
CREATE TABLE stats_inspections (
    unit_id INTEGER NOT NULL,
    source  TEXT NOT NULL,
    day     TEXT NOT NULL,
    signed  INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (unit_id, source, day, signed)
) STRICT, WITHOUT ROWID;

-- Officers (kind 'officer', not experts) on inspections, by the inspection's
-- unit and day.
CREATE TABLE stats_officer_inspections (
    unit_id    INTEGER NOT NULL,
    officer_id INTEGER NOT NULL,
    day        TEXT NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (unit_id, officer_id, day)
) STRICT, WITHOUT ROWID;

-- ---- cases -----------------------------------------------------------------
-- One trigger per sign; the UPDATE trigger only fires when a counted column
-- changes (a case edit that touches the facts moves nothing).

CREATE TRIGGER stats_cases_ins AFTER INSERT ON cases BEGIN
    INSERT INTO stats_cases SELECT NEW.unit_id, 'filed', NEW.filed_on, NEW.state, NEW.simple, 1, 0
        WHERE NEW.filed_on <> ''
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
    INSERT INTO stats_cases SELECT NEW.unit_id, 'spot', NEW.decided_on, NEW.state, 0, 1, 0
        WHERE NEW.filed_on = '' AND NEW.decided_on <> ''
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
    INSERT INTO stats_cases SELECT NEW.unit_id, 'decided', NEW.decided_on,
            CASE WHEN NEW.no_penalty_reason = '' THEN '' ELSE 'np' END, 0, 1, NEW.decided_amount_fen
        WHERE NEW.decided_on <> ''
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
    INSERT INTO stats_cases SELECT NEW.unit_id, 'closed', NEW.closed_on, '', 0, 1, 0
        WHERE NEW.closed_on <> ''
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
END;

CREATE TRIGGER stats_cases_del AFTER DELETE ON cases BEGIN
    INSERT INTO stats_cases SELECT OLD.unit_id, 'filed', OLD.filed_on, OLD.state, OLD.simple, -1, 0
        WHERE OLD.filed_on <> ''
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
    INSERT INTO stats_cases SELECT OLD.unit_id, 'spot', OLD.decided_on, OLD.state, 0, -1, 0
        WHERE OLD.filed_on = '' AND OLD.decided_on <> ''
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
    INSERT INTO stats_cases SELECT OLD.unit_id, 'decided', OLD.decided_on,
            CASE WHEN OLD.no_penalty_reason = '' THEN '' ELSE 'np' END, 0, -1,
            -OLD.decided_amount_fen
        WHERE OLD.decided_on <> ''
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
    INSERT INTO stats_cases SELECT OLD.unit_id, 'closed', OLD.closed_on, '', 0, -1, 0
        WHERE OLD.closed_on <> ''
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
    -- the officers' rows of a deleted case go with it
    INSERT INTO stats_officer_cases
        SELECT OLD.unit_id, co.officer_id, co.role,
               CASE WHEN OLD.filed_on <> '' THEN OLD.filed_on ELSE OLD.decided_on END, -1
        FROM case_officers co WHERE co.case_id = OLD.id
          AND (OLD.filed_on <> '' OR OLD.decided_on <> '')
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO stats_officer_decided
        SELECT OLD.unit_id, co.officer_id, OLD.decided_on,
               CAST(julianday(OLD.decided_on) - julianday(OLD.filed_on) AS INTEGER)
                   - OLD.extension_days, -1
        FROM case_officers co WHERE co.case_id = OLD.id
          AND julianday(OLD.decided_on) IS NOT NULL AND julianday(OLD.filed_on) IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER stats_cases_upd AFTER UPDATE OF unit_id, state, simple, filed_on, decided_on,
        closed_on, no_penalty_reason, decided_amount_fen, extension_days ON cases
    WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.state IS NOT NEW.state
      OR OLD.simple IS NOT NEW.simple OR OLD.filed_on IS NOT NEW.filed_on
      OR OLD.decided_on IS NOT NEW.decided_on OR OLD.closed_on IS NOT NEW.closed_on
      OR OLD.no_penalty_reason IS NOT NEW.no_penalty_reason
      OR OLD.decided_amount_fen IS NOT NEW.decided_amount_fen
      OR OLD.extension_days IS NOT NEW.extension_days
BEGIN
    INSERT INTO stats_cases SELECT OLD.unit_id, 'filed', OLD.filed_on, OLD.state, OLD.simple, -1, 0
        WHERE OLD.filed_on <> ''
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
    INSERT INTO stats_cases SELECT OLD.unit_id, 'spot', OLD.decided_on, OLD.state, 0, -1, 0
        WHERE OLD.filed_on = '' AND OLD.decided_on <> ''
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
    INSERT INTO stats_cases SELECT OLD.unit_id, 'decided', OLD.decided_on,
            CASE WHEN OLD.no_penalty_reason = '' THEN '' ELSE 'np' END, 0, -1,
            -OLD.decided_amount_fen
        WHERE OLD.decided_on <> ''
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
    INSERT INTO stats_cases SELECT OLD.unit_id, 'closed', OLD.closed_on, '', 0, -1, 0
        WHERE OLD.closed_on <> ''
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
    INSERT INTO stats_cases SELECT NEW.unit_id, 'filed', NEW.filed_on, NEW.state, NEW.simple, 1, 0
        WHERE NEW.filed_on <> ''
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
    INSERT INTO stats_cases SELECT NEW.unit_id, 'spot', NEW.decided_on, NEW.state, 0, 1, 0
        WHERE NEW.filed_on = '' AND NEW.decided_on <> ''
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
    INSERT INTO stats_cases SELECT NEW.unit_id, 'decided', NEW.decided_on,
            CASE WHEN NEW.no_penalty_reason = '' THEN '' ELSE 'np' END, 0, 1, NEW.decided_amount_fen
        WHERE NEW.decided_on <> ''
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
    INSERT INTO stats_cases SELECT NEW.unit_id, 'closed', NEW.closed_on, '', 0, 1, 0
        WHERE NEW.closed_on <> ''
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
    -- the case's officers move with its unit and days
    INSERT INTO stats_officer_cases
        SELECT OLD.unit_id, co.officer_id, co.role,
               CASE WHEN OLD.filed_on <> '' THEN OLD.filed_on ELSE OLD.decided_on END, -1
        FROM case_officers co WHERE co.case_id = OLD.id
          AND (OLD.filed_on <> '' OR OLD.decided_on <> '')
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO stats_officer_cases
        SELECT NEW.unit_id, co.officer_id, co.role,
               CASE WHEN NEW.filed_on <> '' THEN NEW.filed_on ELSE NEW.decided_on END, 1
        FROM case_officers co WHERE co.case_id = NEW.id
          AND (NEW.filed_on <> '' OR NEW.decided_on <> '')
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO stats_officer_decided
        SELECT OLD.unit_id, co.officer_id, OLD.decided_on,
               CAST(julianday(OLD.decided_on) - julianday(OLD.filed_on) AS INTEGER)
                   - OLD.extension_days, -1
        FROM case_officers co WHERE co.case_id = OLD.id
          AND julianday(OLD.decided_on) IS NOT NULL AND julianday(OLD.filed_on) IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO stats_officer_decided
        SELECT NEW.unit_id, co.officer_id, NEW.decided_on,
               CAST(julianday(NEW.decided_on) - julianday(NEW.filed_on) AS INTEGER)
                   - NEW.extension_days, 1
        FROM case_officers co WHERE co.case_id = NEW.id
          AND julianday(NEW.decided_on) IS NOT NULL AND julianday(NEW.filed_on) IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

-- ---- case officers ---------------------------------------------------------

CREATE TRIGGER stats_case_officers_ins AFTER INSERT ON case_officers BEGIN
    INSERT INTO stats_officer_cases
        SELECT c.unit_id, NEW.officer_id, NEW.role,
               CASE WHEN c.filed_on <> '' THEN c.filed_on ELSE c.decided_on END, 1
        FROM cases c WHERE c.id = NEW.case_id AND (c.filed_on <> '' OR c.decided_on <> '')
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO stats_officer_decided
        SELECT c.unit_id, NEW.officer_id, c.decided_on,
               CAST(julianday(c.decided_on) - julianday(c.filed_on) AS INTEGER)
                   - c.extension_days, 1
        FROM cases c WHERE c.id = NEW.case_id
          AND julianday(c.decided_on) IS NOT NULL AND julianday(c.filed_on) IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER stats_case_officers_del AFTER DELETE ON case_officers BEGIN
    INSERT INTO stats_officer_cases
        SELECT c.unit_id, OLD.officer_id, OLD.role,
               CASE WHEN c.filed_on <> '' THEN c.filed_on ELSE c.decided_on END, -1
        FROM cases c WHERE c.id = OLD.case_id AND (c.filed_on <> '' OR c.decided_on <> '')
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO stats_officer_decided
        SELECT c.unit_id, OLD.officer_id, c.decided_on,
               CAST(julianday(c.decided_on) - julianday(c.filed_on) AS INTEGER)
                   - c.extension_days, -1
        FROM cases c WHERE c.id = OLD.case_id
          AND julianday(c.decided_on) IS NOT NULL AND julianday(c.filed_on) IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER stats_case_officers_upd AFTER UPDATE OF case_id, officer_id, role ON case_officers
BEGIN
    INSERT INTO stats_officer_cases
        SELECT c.unit_id, OLD.officer_id, OLD.role,
               CASE WHEN c.filed_on <> '' THEN c.filed_on ELSE c.decided_on END, -1
        FROM cases c WHERE c.id = OLD.case_id AND (c.filed_on <> '' OR c.decided_on <> '')
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO stats_officer_cases
        SELECT c.unit_id, NEW.officer_id, NEW.role,
               CASE WHEN c.filed_on <> '' THEN c.filed_on ELSE c.decided_on END, 1
        FROM cases c WHERE c.id = NEW.case_id AND (c.filed_on <> '' OR c.decided_on <> '')
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO stats_officer_decided
        SELECT c.unit_id, OLD.officer_id, c.decided_on,
               CAST(julianday(c.decided_on) - julianday(c.filed_on) AS INTEGER)
                   - c.extension_days, -1
        FROM cases c WHERE c.id = OLD.case_id
          AND julianday(c.decided_on) IS NOT NULL AND julianday(c.filed_on) IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO stats_officer_decided
        SELECT c.unit_id, NEW.officer_id, c.decided_on,
               CAST(julianday(c.decided_on) - julianday(c.filed_on) AS INTEGER)
                   - c.extension_days, 1
        FROM cases c WHERE c.id = NEW.case_id
          AND julianday(c.decided_on) IS NOT NULL AND julianday(c.filed_on) IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

-- ---- inspections -----------------------------------------------------------

CREATE TRIGGER stats_inspections_ins AFTER INSERT ON inspections BEGIN
    INSERT INTO stats_inspections
        SELECT NEW.unit_id, NEW.source, NEW.inspected_on, NEW.status <> 'open', 1 WHERE true
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER stats_inspections_del AFTER DELETE ON inspections BEGIN
    INSERT INTO stats_inspections
        SELECT OLD.unit_id, OLD.source, OLD.inspected_on, OLD.status <> 'open', -1 WHERE true
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO stats_officer_inspections
        SELECT OLD.unit_id, io.officer_id, OLD.inspected_on, -1 FROM inspection_officers io
        WHERE io.inspection_id = OLD.id AND io.kind = 'officer' AND io.officer_id IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER stats_inspections_upd AFTER UPDATE OF unit_id, source, inspected_on, status
        ON inspections
    WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.source IS NOT NEW.source
      OR OLD.inspected_on IS NOT NEW.inspected_on
      OR (OLD.status <> 'open') IS NOT (NEW.status <> 'open')
BEGIN
    INSERT INTO stats_inspections
        SELECT OLD.unit_id, OLD.source, OLD.inspected_on, OLD.status <> 'open', -1 WHERE true
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO stats_inspections
        SELECT NEW.unit_id, NEW.source, NEW.inspected_on, NEW.status <> 'open', 1 WHERE true
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO stats_officer_inspections
        SELECT OLD.unit_id, io.officer_id, OLD.inspected_on, -1 FROM inspection_officers io
        WHERE io.inspection_id = OLD.id AND io.kind = 'officer' AND io.officer_id IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO stats_officer_inspections
        SELECT NEW.unit_id, io.officer_id, NEW.inspected_on, 1 FROM inspection_officers io
        WHERE io.inspection_id = NEW.id AND io.kind = 'officer' AND io.officer_id IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

-- ---- inspection officers ---------------------------------------------------

CREATE TRIGGER stats_inspection_officers_ins AFTER INSERT ON inspection_officers
    WHEN NEW.kind = 'officer' AND NEW.officer_id IS NOT NULL
BEGIN
    INSERT INTO stats_officer_inspections
        SELECT i.unit_id, NEW.officer_id, i.inspected_on, 1 FROM inspections i
        WHERE i.id = NEW.inspection_id
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER stats_inspection_officers_del AFTER DELETE ON inspection_officers
    WHEN OLD.kind = 'officer' AND OLD.officer_id IS NOT NULL
BEGIN
    INSERT INTO stats_officer_inspections
        SELECT i.unit_id, OLD.officer_id, i.inspected_on, -1 FROM inspections i
        WHERE i.id = OLD.inspection_id
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER stats_inspection_officers_upd AFTER UPDATE OF inspection_id, kind, officer_id
        ON inspection_officers
BEGIN
    INSERT INTO stats_officer_inspections
        SELECT i.unit_id, OLD.officer_id, i.inspected_on, -1 FROM inspections i
        WHERE i.id = OLD.inspection_id AND OLD.kind = 'officer' AND OLD.officer_id IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO stats_officer_inspections
        SELECT i.unit_id, NEW.officer_id, i.inspected_on, 1 FROM inspections i
        WHERE i.id = NEW.inspection_id AND NEW.kind = 'officer' AND NEW.officer_id IS NOT NULL
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

-- ---- the rows already there ------------------------------------------------

INSERT INTO stats_cases
    SELECT unit_id, 'filed', filed_on, state, simple, COUNT(*), 0 FROM cases
    WHERE filed_on <> '' GROUP BY unit_id, filed_on, state, simple;
INSERT INTO stats_cases
    SELECT unit_id, 'spot', decided_on, state, 0, COUNT(*), 0 FROM cases
    WHERE filed_on = '' AND decided_on <> '' GROUP BY unit_id, decided_on, state;
INSERT INTO stats_cases
    SELECT unit_id, 'decided', decided_on, CASE WHEN no_penalty_reason = '' THEN '' ELSE 'np' END,
           0, COUNT(*), SUM(decided_amount_fen) FROM cases
    WHERE decided_on <> ''
    GROUP BY unit_id, decided_on, CASE WHEN no_penalty_reason = '' THEN '' ELSE 'np' END;
INSERT INTO stats_cases
    SELECT unit_id, 'closed', closed_on, '', 0, COUNT(*), 0 FROM cases
    WHERE closed_on <> '' GROUP BY unit_id, closed_on;
INSERT INTO stats_officer_cases
    SELECT c.unit_id, co.officer_id, co.role,
           CASE WHEN c.filed_on <> '' THEN c.filed_on ELSE c.decided_on END, COUNT(*)
    FROM case_officers co JOIN cases c ON c.id = co.case_id
    WHERE c.filed_on <> '' OR c.decided_on <> ''
    GROUP BY 1, 2, 3, 4;
INSERT INTO stats_officer_decided
    SELECT c.unit_id, co.officer_id, c.decided_on,
           CAST(julianday(c.decided_on) - julianday(c.filed_on) AS INTEGER) - c.extension_days,
           COUNT(*)
    FROM case_officers co JOIN cases c ON c.id = co.case_id
    WHERE julianday(c.decided_on) IS NOT NULL AND julianday(c.filed_on) IS NOT NULL
    GROUP BY 1, 2, 3, 4;
INSERT INTO stats_inspections
    SELECT unit_id, source, inspected_on, status <> 'open', COUNT(*) FROM inspections
    GROUP BY 1, 2, 3, 4;
INSERT INTO stats_officer_inspections
    SELECT i.unit_id, io.officer_id, i.inspected_on, COUNT(*)
    FROM inspection_officers io JOIN inspections i ON i.id = io.inspection_id
    WHERE io.kind = 'officer' AND io.officer_id IS NOT NULL
    GROUP BY 1, 2, 3;
