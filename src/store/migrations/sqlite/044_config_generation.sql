-- 044: a generation number of the configuration a case is judged by
-- (issue 12: the case detail's CPU). Every case request loaded the dated
-- legal parameters (twice), the officer settings and the working-day
-- calendar — a fifth of a case detail's CPU — although they change a few
-- times a year. The server keeps what it loaded for one (day, generation)
-- and reads only this row per request; any change of the four tables, from
-- the API, an import or by hand, moves the generation in the writer's
-- transaction (api/case_cfg_cache.c).
-- `instance` tells databases apart: a process that opens two (a test, a
-- tool) must not take one's configuration for the other's at equal n.
CREATE TABLE config_generation (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    n        INTEGER NOT NULL,
    instance TEXT NOT NULL
) STRICT;
INSERT INTO config_generation VALUES (1, 0, lower(hex(randomblob(16))));

CREATE TRIGGER config_generation_legal_params_ins AFTER INSERT ON legal_params BEGIN
    UPDATE config_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER config_generation_legal_params_upd AFTER UPDATE ON legal_params BEGIN
    UPDATE config_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER config_generation_legal_params_del AFTER DELETE ON legal_params BEGIN
    UPDATE config_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER config_generation_officer_settings_ins AFTER INSERT ON officer_settings BEGIN
    UPDATE config_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER config_generation_officer_settings_upd AFTER UPDATE ON officer_settings BEGIN
    UPDATE config_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER config_generation_officer_settings_del AFTER DELETE ON officer_settings BEGIN
    UPDATE config_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER config_generation_calendar_years_ins AFTER INSERT ON calendar_years BEGIN
    UPDATE config_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER config_generation_calendar_years_upd AFTER UPDATE ON calendar_years BEGIN
    UPDATE config_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER config_generation_calendar_years_del AFTER DELETE ON calendar_years BEGIN
    UPDATE config_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER config_generation_calendar_days_ins AFTER INSERT ON calendar_days BEGIN
    UPDATE config_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER config_generation_calendar_days_upd AFTER UPDATE ON calendar_days BEGIN
    UPDATE config_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER config_generation_calendar_days_del AFTER DELETE ON calendar_days BEGIN
    UPDATE config_generation SET n = n + 1 WHERE id = 1;
END;
