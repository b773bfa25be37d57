-- 045: fines collected as day counters (issue 11, R32). See the SQLite twin
-- for what the table counts and why: per unit (the case's) and payment day,
-- the bank payments' count and sum, kept by triggers on case_payments and
-- cases in the writer's transaction. PostgreSQL dialect: one plpgsql
-- function adds a payment's contribution with a sign.
CREATE TABLE stats_collected (
    unit_id BIGINT NOT NULL,
    day     TEXT NOT NULL,
    n       BIGINT NOT NULL,
    fen     BIGINT NOT NULL,
    PRIMARY KEY (unit_id, day)
);

-- Add `sign` times payment (kind, day, amount) of case `cid` to its unit's day.
CREATE FUNCTION stats_collected_add(cid BIGINT, p_kind TEXT, p_day TEXT, p_fen BIGINT,
                                    sign BIGINT) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO stats_collected
        SELECT c.unit_id, p_day, sign, sign * p_fen FROM cases c
        WHERE c.id = cid AND p_kind = 'bank' AND p_day <> ''
    ON CONFLICT (unit_id, day) DO UPDATE
        SET n = stats_collected.n + excluded.n, fen = stats_collected.fen + excluded.fen
$$;

CREATE FUNCTION stats_collected_ptrigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM stats_collected_add(OLD.case_id, OLD.kind, OLD.paid_on, OLD.amount_fen, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM stats_collected_add(NEW.case_id, NEW.kind, NEW.paid_on, NEW.amount_fen, 1);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER stats_collected_ins AFTER INSERT ON case_payments
    FOR EACH ROW EXECUTE FUNCTION stats_collected_ptrigger();
CREATE TRIGGER stats_collected_del AFTER DELETE ON case_payments
    FOR EACH ROW EXECUTE FUNCTION stats_collected_ptrigger();
CREATE TRIGGER stats_collected_upd AFTER UPDATE ON case_payments FOR EACH ROW
    WHEN (OLD.kind IS DISTINCT FROM NEW.kind OR OLD.paid_on IS DISTINCT FROM NEW.paid_on
          OR OLD.amount_fen IS DISTINCT FROM NEW.amount_fen OR OLD.case_id IS DISTINCT FROM NEW.case_id)
    EXECUTE FUNCTION stats_collected_ptrigger();

-- a case moved to another unit takes its payments with it
CREATE FUNCTION stats_collected_ctrigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO stats_collected
        SELECT u.unit_id, p.paid_on, u.sign * COUNT(*), u.sign * SUM(p.amount_fen)
        FROM case_payments p,
             (VALUES (OLD.unit_id, -1::BIGINT), (NEW.unit_id, 1::BIGINT)) AS u(unit_id, sign)
        WHERE p.case_id = NEW.id AND p.kind = 'bank' AND p.paid_on <> ''
        GROUP BY u.unit_id, u.sign, p.paid_on
    ON CONFLICT (unit_id, day) DO UPDATE
        SET n = stats_collected.n + excluded.n, fen = stats_collected.fen + excluded.fen;
    RETURN NULL;
END
$$;
CREATE TRIGGER stats_collected_cupd AFTER UPDATE OF unit_id ON cases FOR EACH ROW
    WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id)
    EXECUTE FUNCTION stats_collected_ctrigger();

-- The payments already stored.
INSERT INTO stats_collected
    SELECT c.unit_id, p.paid_on, COUNT(*), SUM(p.amount_fen)
    FROM case_payments p JOIN cases c ON c.id = p.case_id
    WHERE p.kind = 'bank' AND p.paid_on <> ''
    GROUP BY 1, 2;
