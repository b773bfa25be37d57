-- 003: the catalogue of enforcement items (R2, R8, R9) and the dated legal
-- parameters of the discretion engine (R10). SQLite dialect (STRICT); the
-- PostgreSQL twin keeps the same tables, columns and indexes.

-- One row per item; its content lives in versions. `code` never changes:
-- AQ-<安全生产法2021条号>-<序号>, XK-, WH-, YH- (LAW.md §13).
CREATE TABLE catalogue_items (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
) STRICT;

-- R9: every edit is a new version with its effective date (生效日期); the
-- version in force on day D is the one with the greatest effective_from <= D
-- (从旧兼从轻, 行政处罚法 第37条, needs the old ones). Never updated in place.
-- Money in fen; NULL fine_min / fine_max = the law gives no such bound
-- ("X元以下" has no minimum; both NULL = no fixed amount).
CREATE TABLE catalogue_versions (
    id              INTEGER PRIMARY KEY,
    item_id         INTEGER NOT NULL REFERENCES catalogue_items(id),
    version         INTEGER NOT NULL,
    effective_from  TEXT NOT NULL,
    domain          TEXT NOT NULL,
    title           TEXT NOT NULL,
    violation_basis TEXT NOT NULL CHECK (violation_basis <> ''),
    penalty_basis   TEXT NOT NULL CHECK (penalty_basis <> ''),
    kind            TEXT NOT NULL CHECK (kind IN ('行政处罚', '行政强制', '行政检查')),
    target          TEXT NOT NULL,
    per_person      INTEGER NOT NULL,
    fine_min        INTEGER,
    fine_max        INTEGER,
    gains_threshold INTEGER,
    gains_mult_min  INTEGER,
    gains_mult_max  INTEGER,
    other_measures  TEXT NOT NULL,
    delegable       INTEGER NOT NULL,
    delegation_note TEXT NOT NULL,
    notes           TEXT NOT NULL,
    tiers           TEXT,
    reason          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      INTEGER,
    UNIQUE (item_id, version),
    UNIQUE (item_id, effective_from)
) STRICT;
CREATE INDEX catalogue_versions_domain ON catalogue_versions(domain);

-- R10: thresholds the law leaves to provinces or ministry rules (较大数额,
-- tier proportions, …), dated like the law. `confirmed` = 0 until the legal
-- office has checked the value against the source (LAW.md 未核实/二手).
CREATE TABLE legal_params (
    id             INTEGER PRIMARY KEY,
    key            TEXT NOT NULL,
    value          TEXT NOT NULL,
    unit           TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    source         TEXT NOT NULL,
    confirmed      INTEGER NOT NULL,
    label          TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     INTEGER,
    UNIQUE (key, effective_from)
) STRICT;
