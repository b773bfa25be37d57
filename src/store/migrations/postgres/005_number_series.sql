-- 005: gap-free number series. PostgreSQL twin of sqlite/005_number_series.sql.
CREATE TABLE number_series (
    series TEXT PRIMARY KEY,
    value  BIGINT NOT NULL
);
