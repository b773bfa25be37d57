-- 042: cases by catalogue domain as day counters (issue 11, R32). See the
-- SQLite twin for what the table counts and why: per unit, domain and
-- registration day (filed_on, or decided_on for a spot case), the cases with
-- at least one violation of that domain; kept by triggers on case_violations
-- and cases in the writer's transaction. PostgreSQL dialect: plpgsql.
CREATE TABLE stats_case_domains (
    unit_id BIGINT NOT NULL,
    domain  TEXT NOT NULL,
    day     TEXT NOT NULL,
    n       BIGINT NOT NULL,
    PRIMARY KEY (unit_id, domain, day)
);

-- The domain of the catalogue version a violation cites (NULL: none).
CREATE FUNCTION stats_violation_domain(p_code TEXT, p_version BIGINT) RETURNS TEXT
LANGUAGE sql STABLE AS $$
    SELECT cv.domain FROM catalogue_items ci JOIN catalogue_versions cv ON cv.item_id = ci.id
    WHERE ci.code = p_code AND cv.version = p_version
$$;

-- Whether case `cid` has a violation of domain `dom` other than row `skip`.
CREATE FUNCTION stats_case_has_domain(p_case BIGINT, p_domain TEXT, p_skip BIGINT) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM case_violations v
        JOIN catalogue_items ci ON ci.code = v.item_code
        JOIN catalogue_versions cv ON cv.item_id = ci.id AND cv.version = v.item_version
        WHERE v.case_id = p_case AND v.id <> p_skip AND cv.domain = p_domain)
$$;

-- Add `sign` to case `cid`'s registration day in domain `dom`.
CREATE FUNCTION stats_case_domain_add(cid BIGINT, dom TEXT, sign BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    c cases;
BEGIN
    IF dom IS NULL THEN
        RETURN;
    END IF;
    SELECT * INTO c FROM cases WHERE id = cid;
    IF NOT FOUND OR (c.filed_on = '' AND c.decided_on = '') THEN
        RETURN;
    END IF;
    INSERT INTO stats_case_domains VALUES (c.unit_id, dom,
        CASE WHEN c.filed_on <> '' THEN c.filed_on ELSE c.decided_on END, sign)
    ON CONFLICT (unit_id, domain, day) DO UPDATE SET n = stats_case_domains.n + excluded.n;
END
$$;

CREATE FUNCTION stats_case_domains_vtrigger() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    old_dom TEXT;
    new_dom TEXT;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        old_dom := stats_violation_domain(OLD.item_code, OLD.item_version);
        -- the row is gone or moved: the old domain goes when nothing of it
        -- is left on the old case (a moved row counts with its new domain)
        IF old_dom IS NOT NULL AND NOT stats_case_has_domain(OLD.case_id, old_dom, -1) THEN
            PERFORM stats_case_domain_add(OLD.case_id, old_dom, -1);
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        new_dom := stats_violation_domain(NEW.item_code, NEW.item_version);
        IF new_dom IS NOT NULL
           AND NOT (TG_OP = 'UPDATE' AND OLD.case_id = NEW.case_id
                    AND old_dom IS NOT DISTINCT FROM new_dom)
           AND NOT stats_case_has_domain(NEW.case_id, new_dom, NEW.id) THEN
            PERFORM stats_case_domain_add(NEW.case_id, new_dom, 1);
        END IF;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER stats_case_domains_vins AFTER INSERT ON case_violations
    FOR EACH ROW EXECUTE FUNCTION stats_case_domains_vtrigger();
CREATE TRIGGER stats_case_domains_vdel AFTER DELETE ON case_violations
    FOR EACH ROW EXECUTE FUNCTION stats_case_domains_vtrigger();
CREATE TRIGGER stats_case_domains_vupd AFTER UPDATE ON case_violations FOR EACH ROW
    WHEN (OLD.case_id IS DISTINCT FROM NEW.case_id OR OLD.item_code IS DISTINCT FROM NEW.item_code
          OR OLD.item_version IS DISTINCT FROM NEW.item_version)
    EXECUTE FUNCTION stats_case_domains_vtrigger();

-- A case whose unit or registration day changes moves all its domains.
CREATE FUNCTION stats_case_domains_ctrigger() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    d RECORD;
BEGIN
    FOR d IN SELECT DISTINCT cv.domain FROM case_violations v
             JOIN catalogue_items ci ON ci.code = v.item_code
             JOIN catalogue_versions cv ON cv.item_id = ci.id AND cv.version = v.item_version
             WHERE v.case_id = NEW.id LOOP
        IF OLD.filed_on <> '' OR OLD.decided_on <> '' THEN
            INSERT INTO stats_case_domains VALUES (OLD.unit_id, d.domain,
                CASE WHEN OLD.filed_on <> '' THEN OLD.filed_on ELSE OLD.decided_on END, -1)
            ON CONFLICT (unit_id, domain, day) DO UPDATE SET n = stats_case_domains.n + excluded.n;
        END IF;
        IF NEW.filed_on <> '' OR NEW.decided_on <> '' THEN
            INSERT INTO stats_case_domains VALUES (NEW.unit_id, d.domain,
                CASE WHEN NEW.filed_on <> '' THEN NEW.filed_on ELSE NEW.decided_on END, 1)
            ON CONFLICT (unit_id, domain, day) DO UPDATE SET n = stats_case_domains.n + excluded.n;
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;
CREATE TRIGGER stats_case_domains_cupd AFTER UPDATE ON cases FOR EACH ROW
    WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id
          OR (CASE WHEN OLD.filed_on <> '' THEN OLD.filed_on ELSE OLD.decided_on END)
             IS DISTINCT FROM (CASE WHEN NEW.filed_on <> '' THEN NEW.filed_on ELSE NEW.decided_on END))
    EXECUTE FUNCTION stats_case_domains_ctrigger();

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
