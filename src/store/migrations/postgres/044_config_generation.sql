-- 044: a generation number of the configuration a case is judged by; see
-- the SQLite twin. One statement-level trigger per table.
CREATE TABLE config_generation (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    n        BIGINT NOT NULL,
    instance TEXT NOT NULL
);
INSERT INTO config_generation VALUES (1, 0, md5(random()::text || clock_timestamp()::text));

CREATE FUNCTION config_generation_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE config_generation SET n = n + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER config_generation_legal_params AFTER INSERT OR UPDATE OR DELETE ON legal_params
    FOR EACH STATEMENT EXECUTE FUNCTION config_generation_bump();
CREATE TRIGGER config_generation_officer_settings AFTER INSERT OR UPDATE OR DELETE ON officer_settings
    FOR EACH STATEMENT EXECUTE FUNCTION config_generation_bump();
CREATE TRIGGER config_generation_calendar_years AFTER INSERT OR UPDATE OR DELETE ON calendar_years
    FOR EACH STATEMENT EXECUTE FUNCTION config_generation_bump();
CREATE TRIGGER config_generation_calendar_days AFTER INSERT OR UPDATE OR DELETE ON calendar_days
    FOR EACH STATEMENT EXECUTE FUNCTION config_generation_bump();
