-- 042: cases by catalogue domain as day counters (issue 11, R32: the
-- dashboard of a district with 1,000,000 cases in under 200 ms at the
-- server). The dashboard's "cases by domain" joined every case registered in
-- the period to its violations and the catalogue; with violations on every
-- case a month took ~190 ms and a year much more. This table holds, per
-- unit, domain and registration day, the number of cases with at least one
-- violation of that domain — the same figure as before, COUNT(DISTINCT case)
-- per domain (a case with violations of two domains counts in both, two
-- violations of one domain count once), summed over days.
--
-- The registration day is the dashboard's: filed_on (立案), or decided_on for
-- a case decided on the spot without 立案; a case with neither is not counted.
-- The domain is that of the catalogue version the violation cites (versions
-- are never updated in place, 003). Kept by triggers, as 026's counters:
-- a violation added, removed or moved to another item or case, and a case
-- whose unit or registration day changes, move the counter in the writer's
-- transaction; tests/api/stats.test.js recounts it after its writes.
CREATE TABLE stats_case_domains (
    unit_id INTEGER NOT NULL,
    domain  TEXT NOT NULL,
    day     TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (unit_id, domain, day)
) STRICT, WITHOUT ROWID;

-- The domain of a violation row V is
--   (SELECT cv.domain FROM catalogue_items ci JOIN catalogue_versions cv
--    ON cv.item_id = ci.id WHERE ci.code = V.item_code AND cv.version = V.item_version)
-- and a case "has" a domain while one of its violations has it.

-- A new violation adds its case to its domain unless another violation of
-- the case already has that domain.
CREATE TRIGGER stats_case_domains_vins AFTER INSERT ON case_violations BEGIN
    INSERT INTO stats_case_domains
        SELECT c.unit_id, d.domain, CASE WHEN c.filed_on <> '' THEN c.filed_on ELSE c.decided_on END, 1
        FROM cases c,
             (SELECT cv.domain FROM catalogue_items ci JOIN catalogue_versions cv ON cv.item_id = ci.id
              WHERE ci.code = NEW.item_code AND cv.version = NEW.item_version) d
        WHERE c.id = NEW.case_id AND (c.filed_on <> '' OR c.decided_on <> '')
          AND NOT EXISTS (SELECT 1 FROM case_violations v
                JOIN catalogue_items ci2 ON ci2.code = v.item_code
                JOIN catalogue_versions cv2 ON cv2.item_id = ci2.id AND cv2.version = v.item_version
                WHERE v.case_id = NEW.case_id AND v.id <> NEW.id AND cv2.domain = d.domain)
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

-- A removed violation takes its case off its domain when no violation of
-- that domain is left on the case.
CREATE TRIGGER stats_case_domains_vdel AFTER DELETE ON case_violations BEGIN
    INSERT INTO stats_case_domains
        SELECT c.unit_id, d.domain, CASE WHEN c.filed_on <> '' THEN c.filed_on ELSE c.decided_on END, -1
        FROM cases c,
             (SELECT cv.domain FROM catalogue_items ci JOIN catalogue_versions cv ON cv.item_id = ci.id
              WHERE ci.code = OLD.item_code AND cv.version = OLD.item_version) d
        WHERE c.id = OLD.case_id AND (c.filed_on <> '' OR c.decided_on <> '')
          AND NOT EXISTS (SELECT 1 FROM case_violations v
                JOIN catalogue_items ci2 ON ci2.code = v.item_code
                JOIN catalogue_versions cv2 ON cv2.item_id = ci2.id AND cv2.version = v.item_version
                WHERE v.case_id = OLD.case_id AND cv2.domain = d.domain)
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

-- A violation moved to another item (or case): the old domain goes when
-- nothing of it is left on the old case (the moved row itself counts with its
-- new domain); the new one comes unless the case had it already — either
-- from another violation or because case and domain did not change.
CREATE TRIGGER stats_case_domains_vupd AFTER UPDATE OF case_id, item_code, item_version
        ON case_violations
    WHEN OLD.case_id IS NOT NEW.case_id OR OLD.item_code IS NOT NEW.item_code
      OR OLD.item_version IS NOT NEW.item_version
BEGIN
    INSERT INTO stats_case_domains
        SELECT c.unit_id, d.domain, CASE WHEN c.filed_on <> '' THEN c.filed_on ELSE c.decided_on END, -1
        FROM cases c,
             (SELECT cv.domain FROM catalogue_items ci JOIN catalogue_versions cv ON cv.item_id = ci.id
              WHERE ci.code = OLD.item_code AND cv.version = OLD.item_version) d
        WHERE c.id = OLD.case_id AND (c.filed_on <> '' OR c.decided_on <> '')
          AND NOT EXISTS (SELECT 1 FROM case_violations v
                JOIN catalogue_items ci2 ON ci2.code = v.item_code
                JOIN catalogue_versions cv2 ON cv2.item_id = ci2.id AND cv2.version = v.item_version
                WHERE v.case_id = OLD.case_id AND cv2.domain = d.domain)
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO stats_case_domains
        SELECT c.unit_id, d.domain, CASE WHEN c.filed_on <> '' THEN c.filed_on ELSE c.decided_on END, 1
        FROM cases c,
             (SELECT cv.domain FROM catalogue_items ci JOIN catalogue_versions cv ON cv.item_id = ci.id
              WHERE ci.code = NEW.item_code AND cv.version = NEW.item_version) d
        WHERE c.id = NEW.case_id AND (c.filed_on <> '' OR c.decided_on <> '')
          AND NOT (OLD.case_id = NEW.case_id AND d.domain IS (
                SELECT cv3.domain FROM catalogue_items ci3 JOIN catalogue_versions cv3
                ON cv3.item_id = ci3.id WHERE ci3.code = OLD.item_code AND cv3.version = OLD.item_version))
          AND NOT EXISTS (SELECT 1 FROM case_violations v
                JOIN catalogue_items ci2 ON ci2.code = v.item_code
                JOIN catalogue_versions cv2 ON cv2.item_id = ci2.id AND cv2.version = v.item_version
                WHERE v.case_id = NEW.case_id AND v.id <> NEW.id AND cv2.domain = d.domain)
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

-- A case whose unit or registration day changes moves all its domains.
CREATE TRIGGER stats_case_domains_cupd AFTER UPDATE OF unit_id, filed_on, decided_on ON cases
    WHEN OLD.unit_id IS NOT NEW.unit_id
      OR (CASE WHEN OLD.filed_on <> '' THEN OLD.filed_on ELSE OLD.decided_on END)
         IS NOT (CASE WHEN NEW.filed_on <> '' THEN NEW.filed_on ELSE NEW.decided_on END)
BEGIN
    INSERT INTO stats_case_domains
        SELECT OLD.unit_id, d.domain,
               CASE WHEN OLD.filed_on <> '' THEN OLD.filed_on ELSE OLD.decided_on END, -1
        FROM (SELECT DISTINCT cv.domain FROM case_violations v
              JOIN catalogue_items ci ON ci.code = v.item_code
              JOIN catalogue_versions cv ON cv.item_id = ci.id AND cv.version = v.item_version
              WHERE v.case_id = OLD.id) d
        WHERE OLD.filed_on <> '' OR OLD.decided_on <> ''
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO stats_case_domains
        SELECT NEW.unit_id, d.domain,
               CASE WHEN NEW.filed_on <> '' THEN NEW.filed_on ELSE NEW.decided_on END, 1
        FROM (SELECT DISTINCT cv.domain FROM case_violations v
              JOIN catalogue_items ci ON ci.code = v.item_code
              JOIN catalogue_versions cv ON cv.item_id = ci.id AND cv.version = v.item_version
              WHERE v.case_id = NEW.id) d
        WHERE NEW.filed_on <> '' OR NEW.decided_on <> ''
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

-- The cases already stored.
INSERT INTO stats_case_domains
    SELECT c.unit_id, cv.domain, CASE WHEN c.filed_on <> '' THEN c.filed_on ELSE c.decided_on END,
           COUNT(DISTINCT c.id)
    FROM cases c
    JOIN case_violations v ON v.case_id = c.id
    JOIN catalogue_items ci ON ci.code = v.item_code
    JOIN catalogue_versions cv ON cv.item_id = ci.id AND cv.version = v.item_version
    WHERE c.filed_on <> '' OR c.decided_on <> ''
    GROUP BY 1, 2, 3;
