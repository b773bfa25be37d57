-- 009: the working-day calendar (issue 8, R20). A year is covered once its
-- row is in calendar_years; the days of that year that differ from the week
-- (a rest day on a weekday, 调休上班 on a weekend) are in calendar_days.
-- Rows are never updated or deleted: past deadlines must stay recomputable
-- (LAW.md §10), so a year that exists cannot be imported again. region ''
-- is the national calendar (少数民族地区的地方节日 would be another region).
-- `zhifa init` seeds 2025 and 2026 from the embedded data/holidays.csv into
-- a database that lacks them. SQLite dialect; postgres/009_calendar.sql is
-- the twin.
CREATE TABLE calendar_years (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL,
    region      TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by INTEGER REFERENCES users(id),
    UNIQUE (region, year)
) STRICT;

CREATE TABLE calendar_days (
    id     INTEGER PRIMARY KEY,
    date   TEXT NOT NULL,
    kind   TEXT NOT NULL CHECK (kind IN ('rest', 'work')),
    name   TEXT NOT NULL,
    source TEXT NOT NULL,
    region TEXT NOT NULL DEFAULT '',
    UNIQUE (region, date)
) STRICT;
