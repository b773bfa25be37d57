-- 027: every value a violation's fine took, one row each (issue 10, R25).
-- See the SQLite twin for what the rows mean and why triggers keep them.
-- PostgreSQL dialect: one plpgsql function adds the row; the UPDATE trigger
-- only fires when amount_fen changed. docs/internals/opendata.md.
CREATE TABLE case_violation_amounts (
    id           BIGSERIAL PRIMARY KEY,
    violation_id BIGINT NOT NULL,
    case_id      BIGINT NOT NULL,
    seq          BIGINT NOT NULL,
    amount_fen   BIGINT NOT NULL,
    stage        TEXT NOT NULL,
    changed_at   TEXT NOT NULL,
    UNIQUE (violation_id, seq)
);

CREATE FUNCTION case_violation_amounts_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM case_violation_amounts WHERE violation_id = OLD.id;
        RETURN NULL;
    END IF;
    -- the row lock of the UPDATE (or the new row) orders concurrent writers
    -- of one violation, so MAX(seq) + 1 is not taken twice
    INSERT INTO case_violation_amounts (violation_id, case_id, seq, amount_fen, stage, changed_at)
    VALUES (NEW.id, NEW.case_id,
            COALESCE((SELECT MAX(seq) FROM case_violation_amounts WHERE violation_id = NEW.id),
                     0) + 1,
            NEW.amount_fen,
            COALESCE((SELECT state FROM cases WHERE id = NEW.case_id), ''),
            to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
    RETURN NULL;
END
$$;

CREATE TRIGGER case_violation_amounts_ins AFTER INSERT ON case_violations
    FOR EACH ROW EXECUTE FUNCTION case_violation_amounts_trigger();
CREATE TRIGGER case_violation_amounts_upd AFTER UPDATE OF amount_fen ON case_violations
    FOR EACH ROW WHEN (OLD.amount_fen IS DISTINCT FROM NEW.amount_fen)
    EXECUTE FUNCTION case_violation_amounts_trigger();
CREATE TRIGGER case_violation_amounts_del AFTER DELETE ON case_violations
    FOR EACH ROW EXECUTE FUNCTION case_violation_amounts_trigger();

CREATE INDEX hazards_inspection ON hazards(inspection_id, grade, status);
CREATE INDEX cases_source ON cases(source_id, source_kind);
CREATE INDEX cases_finding ON cases(finding_id);

INSERT INTO case_violation_amounts (violation_id, case_id, seq, amount_fen, stage, changed_at)
    SELECT id, case_id, 1, amount_fen, '', '' FROM case_violations ORDER BY id;
