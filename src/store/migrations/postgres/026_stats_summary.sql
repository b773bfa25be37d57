-- 026: day-level counters for the statistics (issue 11, R32). See the
-- SQLite twin for what each table counts and why the triggers keep them:
-- every INSERT, UPDATE and DELETE of the source rows moves the counters in
-- the same transaction, an UPDATE takes the old row's contribution off and
-- adds the new one's. PostgreSQL dialect: one plpgsql function per source
-- table adds a row's contribution with a sign; the triggers call it for OLD
-- (-1) and NEW (+1). docs/internals/stats.md.

CREATE TABLE stats_cases (
    unit_id BIGINT NOT NULL,
    measure TEXT NOT NULL,
    day     TEXT NOT NULL,
    state   TEXT NOT NULL,
    simple  BIGINT NOT NULL,
    n       BIGINT NOT NULL,
    fen     BIGINT NOT NULL,
    PRIMARY KEY (unit_id, measure, day, state, simple)
);
CREATE TABLE stats_officer_cases (
    unit_id    BIGINT NOT NULL,
    officer_id BIGINT NOT NULL,
    role       TEXT NOT NULL,
    day        TEXT NOT NULL,
    n          BIGINT NOT NULL,
    PRIMARY KEY (unit_id, officer_id, role, day)
);
CREATE TABLE stats_officer_decided (
    unit_id    BIGINT NOT NULL,
    officer_id BIGINT NOT NULL,
    day        TEXT NOT NULL,
    over       BIGINT NOT NULL,
    n          BIGINT NOT NULL,
    PRIMARY KEY (unit_id, officer_id, day, over)
);
CREATE TABLE stats_inspections (
    unit_id BIGINT NOT NULL,
    source  TEXT NOT NULL,
    day     TEXT NOT NULL,
    signed  BIGINT NOT NULL,
    n       BIGINT NOT NULL,
    PRIMARY KEY (unit_id, source, day, signed)
);
CREATE TABLE stats_officer_inspections (
    unit_id    BIGINT NOT NULL,
    officer_id BIGINT NOT NULL,
    day        TEXT NOT NULL,
    n          BIGINT NOT NULL,
    PRIMARY KEY (unit_id, officer_id, day)
);

-- A YYYY-MM-DD text as a date, NULL when it is not one (SQLite's julianday
-- gives NULL there too, so both backends skip the same rows).
CREATE FUNCTION stats_date(t TEXT) RETURNS DATE
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF t !~ '^\d{4}-\d{2}-\d{2}$' THEN
        RETURN NULL;
    END IF;
    RETURN t::date;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;

-- One officer's part in one case (registration day; decision lateness).
CREATE FUNCTION stats_case_officer_add(c cases, officer BIGINT, officer_role TEXT, sign BIGINT)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    f DATE := stats_date(c.filed_on);
    d DATE := stats_date(c.decided_on);
BEGIN
    IF c.filed_on <> '' OR c.decided_on <> '' THEN
        INSERT INTO stats_officer_cases VALUES (c.unit_id, officer, officer_role,
            CASE WHEN c.filed_on <> '' THEN c.filed_on ELSE c.decided_on END, sign)
        ON CONFLICT (unit_id, officer_id, role, day) DO UPDATE
            SET n = stats_officer_cases.n + excluded.n;
    END IF;
    IF f IS NOT NULL AND d IS NOT NULL THEN
        INSERT INTO stats_officer_decided VALUES (c.unit_id, officer, c.decided_on,
            (d - f) - c.extension_days, sign)
        ON CONFLICT (unit_id, officer_id, day, over) DO UPDATE
            SET n = stats_officer_decided.n + excluded.n;
    END IF;
END
$$;

CREATE FUNCTION stats_case_add(c cases, sign BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    co RECORD;
BEGIN
    IF c.filed_on <> '' THEN
        INSERT INTO stats_cases VALUES (c.unit_id, 'filed', c.filed_on, c.state, c.simple, sign, 0)
        ON CONFLICT (unit_id, measure, day, state, simple) DO UPDATE
            SET n = stats_cases.n + excluded.n;
    ELSIF c.decided_on <> '' THEN
        INSERT INTO stats_cases VALUES (c.unit_id, 'spot', c.decided_on, c.state, 0, sign, 0)
        ON CONFLICT (unit_id, measure, day, state, simple) DO UPDATE
            SET n = stats_cases.n + excluded.n;
    END IF;
    IF c.decided_on <> '' THEN
        INSERT INTO stats_cases VALUES (c.unit_id, 'decided', c.decided_on,
            CASE WHEN c.no_penalty_reason = '' THEN '' ELSE 'np' END, 0, sign,
            sign * c.decided_amount_fen)
        ON CONFLICT (unit_id, measure, day, state, simple) DO UPDATE
            SET n = stats_cases.n + excluded.n, fen = stats_cases.fen + excluded.fen;
    END IF;
    IF c.closed_on <> '' THEN
        INSERT INTO stats_cases VALUES (c.unit_id, 'closed', c.closed_on, '', 0, sign, 0)
        ON CONFLICT (unit_id, measure, day, state, simple) DO UPDATE
            SET n = stats_cases.n + excluded.n;
    END IF;
    FOR co IN SELECT officer_id, role FROM case_officers WHERE case_id = c.id LOOP
        PERFORM stats_case_officer_add(c, co.officer_id, co.role, sign);
    END LOOP;
END
$$;

CREATE FUNCTION stats_cases_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM stats_case_add(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM stats_case_add(NEW, 1);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER stats_cases_ins AFTER INSERT ON cases
    FOR EACH ROW EXECUTE FUNCTION stats_cases_trigger();
-- a deleted case's officers rows are counted off with it (the case_officers
-- trigger then finds no case and adds nothing)
CREATE TRIGGER stats_cases_del AFTER DELETE ON cases
    FOR EACH ROW EXECUTE FUNCTION stats_cases_trigger();
CREATE TRIGGER stats_cases_upd AFTER UPDATE ON cases FOR EACH ROW
    WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.state IS DISTINCT FROM NEW.state
          OR OLD.simple IS DISTINCT FROM NEW.simple OR OLD.filed_on IS DISTINCT FROM NEW.filed_on
          OR OLD.decided_on IS DISTINCT FROM NEW.decided_on
          OR OLD.closed_on IS DISTINCT FROM NEW.closed_on
          OR OLD.no_penalty_reason IS DISTINCT FROM NEW.no_penalty_reason
          OR OLD.decided_amount_fen IS DISTINCT FROM NEW.decided_amount_fen
          OR OLD.extension_days IS DISTINCT FROM NEW.extension_days)
    EXECUTE FUNCTION stats_cases_trigger();

CREATE FUNCTION stats_case_officers_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    c cases;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT * INTO c FROM cases WHERE id = OLD.case_id;
        IF FOUND THEN
            PERFORM stats_case_officer_add(c, OLD.officer_id, OLD.role, -1);
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT * INTO c FROM cases WHERE id = NEW.case_id;
        IF FOUND THEN
            PERFORM stats_case_officer_add(c, NEW.officer_id, NEW.role, 1);
        END IF;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER stats_case_officers_ins AFTER INSERT ON case_officers
    FOR EACH ROW EXECUTE FUNCTION stats_case_officers_trigger();
CREATE TRIGGER stats_case_officers_del AFTER DELETE ON case_officers
    FOR EACH ROW EXECUTE FUNCTION stats_case_officers_trigger();
CREATE TRIGGER stats_case_officers_upd AFTER UPDATE OF case_id, officer_id, role ON case_officers
    FOR EACH ROW EXECUTE FUNCTION stats_case_officers_trigger();

CREATE FUNCTION stats_inspection_add(i inspections, sign BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO stats_inspections VALUES (i.unit_id, i.source, i.inspected_on,
        (i.status <> 'open')::int, sign)
    ON CONFLICT (unit_id, source, day, signed) DO UPDATE SET n = stats_inspections.n + excluded.n;
    INSERT INTO stats_officer_inspections
        SELECT i.unit_id, io.officer_id, i.inspected_on, sign FROM inspection_officers io
        WHERE io.inspection_id = i.id AND io.kind = 'officer' AND io.officer_id IS NOT NULL
    ON CONFLICT (unit_id, officer_id, day) DO UPDATE
        SET n = stats_officer_inspections.n + excluded.n;
END
$$;

CREATE FUNCTION stats_inspections_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM stats_inspection_add(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM stats_inspection_add(NEW, 1);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER stats_inspections_ins AFTER INSERT ON inspections
    FOR EACH ROW EXECUTE FUNCTION stats_inspections_trigger();
CREATE TRIGGER stats_inspections_del AFTER DELETE ON inspections
    FOR EACH ROW EXECUTE FUNCTION stats_inspections_trigger();
CREATE TRIGGER stats_inspections_upd AFTER UPDATE ON inspections FOR EACH ROW
    WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.source IS DISTINCT FROM NEW.source
          OR OLD.inspected_on IS DISTINCT FROM NEW.inspected_on
          OR (OLD.status <> 'open') IS DISTINCT FROM (NEW.status <> 'open'))
    EXECUTE FUNCTION stats_inspections_trigger();

CREATE FUNCTION stats_inspection_officers_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.kind = 'officer' AND OLD.officer_id IS NOT NULL THEN
        INSERT INTO stats_officer_inspections
            SELECT i.unit_id, OLD.officer_id, i.inspected_on, -1 FROM inspections i
            WHERE i.id = OLD.inspection_id
        ON CONFLICT (unit_id, officer_id, day) DO UPDATE
            SET n = stats_officer_inspections.n + excluded.n;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.kind = 'officer' AND NEW.officer_id IS NOT NULL THEN
        INSERT INTO stats_officer_inspections
            SELECT i.unit_id, NEW.officer_id, i.inspected_on, 1 FROM inspections i
            WHERE i.id = NEW.inspection_id
        ON CONFLICT (unit_id, officer_id, day) DO UPDATE
            SET n = stats_officer_inspections.n + excluded.n;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER stats_inspection_officers_ins AFTER INSERT ON inspection_officers
    FOR EACH ROW EXECUTE FUNCTION stats_inspection_officers_trigger();
CREATE TRIGGER stats_inspection_officers_del AFTER DELETE ON inspection_officers
    FOR EACH ROW EXECUTE FUNCTION stats_inspection_officers_trigger();
CREATE TRIGGER stats_inspection_officers_upd AFTER UPDATE OF inspection_id, kind, officer_id
    ON inspection_officers FOR EACH ROW EXECUTE FUNCTION stats_inspection_officers_trigger();

-- the rows already there
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
           (stats_date(c.decided_on) - stats_date(c.filed_on)) - c.extension_days, COUNT(*)
    FROM case_officers co JOIN cases c ON c.id = co.case_id
    WHERE stats_date(c.decided_on) IS NOT NULL AND stats_date(c.filed_on) IS NOT NULL
    GROUP BY 1, 2, 3, 4;
INSERT INTO stats_inspections
    SELECT unit_id, source, inspected_on, (status <> 'open')::int, COUNT(*) FROM inspections
    GROUP BY 1, 2, 3, 4;
INSERT INTO stats_officer_inspections
    SELECT i.unit_id, io.officer_id, i.inspected_on, COUNT(*)
    FROM inspection_officers io JOIN inspections i ON i.id = io.inspection_id
    WHERE io.kind = 'officer' AND io.officer_id IS NOT NULL
    GROUP BY 1, 2, 3;
