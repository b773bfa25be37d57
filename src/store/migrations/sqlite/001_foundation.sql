-- 001: org units, accounts, sessions, login throttling, the full-process log.
-- SQLite dialect (STRICT tables). The PostgreSQL twin must keep the same
-- tables and columns.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- R1: org units as a tree. `path` is the materialised ancestry ('/0000000001/0000000002/',
-- fixed-width ids so that ORDER BY path walks the tree in pre-order) so
-- "is X inside Y's subtree" is one prefix test in both databases.
CREATE TABLE units (
    id         INTEGER PRIMARY KEY,
    parent_id  INTEGER REFERENCES units(id),
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('city_detachment', 'bureau', 'brigade',
                                             'office', 'township', 'devzone')),
    path       TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_path ON units(path);

-- R33: accounts. Passwords are argon2id strings (libsodium).
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('officer', 'auxiliary', 'legal_reviewer',
                                                'section_head', 'bureau_leader',
                                                'township_officer', 'city_supervisor',
                                                'admin')),
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX users_unit ON users(unit_id);

-- Server-side sessions: the cookie holds a random token, the table only its
-- SHA-256, so a copy of the database does not hand out live sessions.
CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL,
    ip         TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_ms);

-- Failed logins, per 'user:<name>' and per 'ip:<address>', for throttling.
CREATE TABLE login_failures (
    key   TEXT NOT NULL,
    at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_key ON login_failures(key, at_ms);

-- R22: the full-process record. `body` is the canonical JSON that is hashed;
-- the other columns are copies of its fields for queries. `leaf_hash` is a
-- cache: `zhifa audit verify` recomputes it and never trusts it.
CREATE TABLE events (
    idx         INTEGER PRIMARY KEY,
    time        TEXT NOT NULL,
    actor_id    INTEGER,
    unit_id     INTEGER,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    body        TEXT NOT NULL,
    leaf_hash   BLOB NOT NULL
) STRICT;
CREATE INDEX events_object ON events(object_type, object_id, idx);

-- Signed tree heads (RFC 9162 §4.10 in spirit): size, root, time, Ed25519.
CREATE TABLE checkpoints (
    tree_size  INTEGER PRIMARY KEY,
    root_hash  BLOB NOT NULL,
    time       TEXT NOT NULL,
    signature  BLOB NOT NULL,
    public_key BLOB NOT NULL
) STRICT;
