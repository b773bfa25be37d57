-- 045: fines collected as day counters (issue 11, R32: the dashboard of a
-- district with 1,000,000 cases in under 200 ms at the server). The
-- dashboard's "fines collected" summed every bank payment of the period
-- joined to its case for the unit: 4.3 s cold and ~250 ms warm for a year
-- at 1,000,000 cases with 625,000 payments, the largest part of the
-- dashboard once 026 and 042 had made the rest counters. This table holds,
-- per unit (the case's) and payment day, the bank payments' count and sum
-- — the same figure summed over days.
--
-- Kept by triggers as 026's counters are, in the writer's transaction: a
-- payment added, removed, or changed in kind, day, amount or case, and a
-- case whose unit changes, move the counter; tests/api/stats.test.js (S07)
-- recounts it after its writes. Only 'bank' payments with a day count: the
-- notice, instalment and deferral rows are schedules, not money received.
CREATE TABLE stats_collected (
    unit_id INTEGER NOT NULL,
    day     TEXT NOT NULL,
    n       INTEGER NOT NULL,
    fen     INTEGER NOT NULL,
    PRIMARY KEY (unit_id, day)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER stats_collected_ins AFTER INSERT ON case_payments
    WHEN NEW.kind = 'bank' AND NEW.paid_on <> ''
BEGIN
    INSERT INTO stats_collected
        SELECT c.unit_id, NEW.paid_on, 1, NEW.amount_fen FROM cases c WHERE c.id = NEW.case_id
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
END;

CREATE TRIGGER stats_collected_del AFTER DELETE ON case_payments
    WHEN OLD.kind = 'bank' AND OLD.paid_on <> ''
BEGIN
    INSERT INTO stats_collected
        SELECT c.unit_id, OLD.paid_on, -1, -OLD.amount_fen FROM cases c WHERE c.id = OLD.case_id
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
END;

-- an update is the old row taken out and the new one put in (each only
-- when it counts)
CREATE TRIGGER stats_collected_upd AFTER UPDATE OF kind, paid_on, amount_fen, case_id
        ON case_payments
BEGIN
    INSERT INTO stats_collected
        SELECT c.unit_id, OLD.paid_on, -1, -OLD.amount_fen FROM cases c
        WHERE c.id = OLD.case_id AND OLD.kind = 'bank' AND OLD.paid_on <> ''
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
    INSERT INTO stats_collected
        SELECT c.unit_id, NEW.paid_on, 1, NEW.amount_fen FROM cases c
        WHERE c.id = NEW.case_id AND NEW.kind = 'bank' AND NEW.paid_on <> ''
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
END;

-- a case moved to another unit takes its payments with it
CREATE TRIGGER stats_collected_cupd AFTER UPDATE OF unit_id ON cases
    WHEN OLD.unit_id IS NOT NEW.unit_id
BEGIN
    INSERT INTO stats_collected
        SELECT u.unit_id, p.paid_on, u.sign * COUNT(*), u.sign * SUM(p.amount_fen)
        FROM case_payments p, (SELECT OLD.unit_id AS unit_id, -1 AS sign
                               UNION ALL SELECT NEW.unit_id, 1) u
        WHERE p.case_id = NEW.id AND p.kind = 'bank' AND p.paid_on <> ''
        GROUP BY u.unit_id, u.sign, p.paid_on
        ON CONFLICT DO UPDATE SET n = n + excluded.n, fen = fen + excluded.fen;
END;

-- The payments already stored.
INSERT INTO stats_collected
    SELECT c.unit_id, p.paid_on, COUNT(*), SUM(p.amount_fen)
    FROM case_payments p JOIN cases c ON c.id = p.case_id
    WHERE p.kind = 'bank' AND p.paid_on <> ''
    GROUP BY 1, 2;
