-- 018: the receiving departments (transfer targets and partner agencies,
-- R27–R29), the exchange API's scoped tokens and what was shared with each
-- agency, notices and consultations with agencies (案件通报、案情会商), and
-- the register of interference by officials (领导干部干预执法活动记录, R31).
-- SQLite dialect (STRICT tables); the PostgreSQL twin has the same tables,
-- columns, indexes and triggers. Issue 11, docs/internals/exchange.md.

-- The role 'discipline' (纪检监察) joins the accounts. SQLite cannot change a
-- CHECK constraint in place, so users is rebuilt; the foreign keys of the
-- other tables point at it by name and are checked at commit (deferred): the
-- re-inserted rows satisfy them again.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE users_018 AS SELECT * FROM users;
DROP TABLE users;
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('officer', 'auxiliary', 'legal_reviewer',
                                                'section_head', 'bureau_leader',
                                                'township_officer', 'city_supervisor',
                                                'admin', 'discipline')),
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
INSERT INTO users (id, username, name, role, unit_id, password_hash, active, version,
                   created_at, updated_at)
    SELECT id, username, name, role, unit_id, password_hash, active, version, created_at,
           updated_at FROM users_018;
DROP TABLE users_018;
CREATE INDEX users_unit ON users(unit_id);

-- The configurable list of departments a problem can be transferred to
-- (移送) and that may hold exchange tokens; one list per bureau (unit_id).
CREATE TABLE agencies (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('market', 'ecology', 'housing', 'transport',
                                             'culture_tourism', 'agriculture',
                                             'natural_resources', 'water', 'fire_rescue',
                                             'public_security', 'procuratorate', 'other')),
    org_code   TEXT NOT NULL DEFAULT '',
    contact    TEXT NOT NULL DEFAULT '',
    active     INTEGER NOT NULL DEFAULT 1,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (unit_id, name)
) STRICT;

-- Exchange API tokens: only the SHA-256 of the 32 random bytes (hex) is
-- kept; the token is shown once when it is made. `resources` is the
-- space-separated list of permission actions the token may use.
CREATE TABLE api_tokens (
    id             INTEGER PRIMARY KEY,
    agency_id      INTEGER NOT NULL REFERENCES agencies(id),
    label          TEXT NOT NULL,
    scope          TEXT NOT NULL CHECK (scope IN ('read', 'push')),
    resources      TEXT NOT NULL,
    token_hash     BLOB NOT NULL UNIQUE,
    token_prefix   TEXT NOT NULL,
    created_by     INTEGER NOT NULL REFERENCES users(id),
    created_at     TEXT NOT NULL,
    expires_ms     INTEGER NOT NULL,
    revoked_at     TEXT,
    revoked_by     INTEGER REFERENCES users(id),
    revoked_reason TEXT,
    last_used_at   TEXT,
    use_count      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX api_tokens_agency ON api_tokens(agency_id, id);

-- What was shared with an agency: its tokens see these subjects and nothing
-- else. subject_kind 'case' waits for the case module (no foreign key).
CREATE TABLE token_shares (
    id           INTEGER PRIMARY KEY,
    agency_id    INTEGER NOT NULL REFERENCES agencies(id),
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('enterprise', 'case')),
    subject_id   INTEGER NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    shared_by    INTEGER NOT NULL REFERENCES users(id),
    shared_at    TEXT NOT NULL,
    UNIQUE (agency_id, subject_kind, subject_id)
) STRICT;

-- 案件通报、案情会商: a notice or consultation request between the bureau
-- and an agency, either way (direction 'in': pushed by the agency's token;
-- 'out': made by a bureau user), with its materials and replies.
CREATE TABLE agency_notices (
    id          INTEGER PRIMARY KEY,
    agency_id   INTEGER NOT NULL REFERENCES agencies(id),
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    kind        TEXT NOT NULL CHECK (kind IN ('notification', 'consultation')),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    materials   TEXT NOT NULL DEFAULT '',
    case_ref    TEXT NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES users(id),
    token_id    INTEGER REFERENCES api_tokens(id),
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX agency_notices_agency ON agency_notices(agency_id, id);
CREATE INDEX agency_notices_unit ON agency_notices(unit_id, id);

CREATE TABLE agency_notice_replies (
    id         INTEGER PRIMARY KEY,
    notice_id  INTEGER NOT NULL REFERENCES agency_notices(id),
    body       TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    token_id   INTEGER REFERENCES api_tokens(id),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX agency_notice_replies_notice ON agency_notice_replies(notice_id, id);

-- R31: 领导干部干预执法活动记录 (中办发〔2015〕23号 两个规定). Append-only:
-- the triggers below refuse every UPDATE and DELETE, whoever sends it.
CREATE TABLE interference_records (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    official_name TEXT NOT NULL,
    official_post TEXT NOT NULL,
    official_unit TEXT NOT NULL,
    occurred_on   TEXT NOT NULL,
    method        TEXT NOT NULL CHECK (method IN ('phone', 'in_person', 'note', 'message',
                                                  'via_other', 'other')),
    request       TEXT NOT NULL,
    matter        TEXT NOT NULL,
    case_id       INTEGER,
    recorded_by   INTEGER NOT NULL REFERENCES users(id),
    recorded_at   TEXT NOT NULL
) STRICT;
CREATE INDEX interference_records_day ON interference_records(occurred_on, id);
CREATE INDEX interference_records_unit ON interference_records(unit_id, id);
CREATE TRIGGER interference_records_no_update BEFORE UPDATE ON interference_records
BEGIN
    SELECT RAISE(ABORT, 'interference_records is append-only');
END;
CREATE TRIGGER interference_records_no_delete BEFORE DELETE ON interference_records
BEGIN
    SELECT RAISE(ABORT, 'interference_records is append-only');
END;
