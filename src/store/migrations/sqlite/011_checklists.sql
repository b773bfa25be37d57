-- 011: inspection checklists as data (issue 7, R16). A checklist is
-- versioned like the catalogue: an edit is a new version, old versions stay
-- (an inspection refers to the exact version it answered). `body` is the
-- whole checklist document (JSON text, format in data/checklists/README.md),
-- validated by core/checklist.c before it is stored; items and major_items
-- are counted from it for lists. status: active | retired (a retired
-- checklist is offered for no new inspection; its versions stay readable).
CREATE TABLE checklists (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL,
    version        INTEGER NOT NULL,
    title          TEXT NOT NULL,
    domain         TEXT NOT NULL CHECK (domain IN ('hazchem', 'fireworks', 'mining', 'industry', 'other')),
    effective_from TEXT NOT NULL,
    body           TEXT NOT NULL,
    items          INTEGER NOT NULL,
    major_items    INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('active', 'retired')),
    created_at     TEXT NOT NULL,
    created_by     INTEGER,
    UNIQUE (code, version)
) STRICT;
CREATE INDEX checklists_domain ON checklists(domain, code);
