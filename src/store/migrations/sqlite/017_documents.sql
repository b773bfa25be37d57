-- 017: enforcement documents (执法文书, issue 9). SQLite dialect; the
-- PostgreSQL twin has the same tables.
--
-- document_templates: the administrator's versions of the templates (each
-- save a new row; the newest version of a kind is used; a kind with no row
-- uses the template shipped in data/documents, version 0).
-- documents: every issued document. Its PDF bytes are a blob (014, content
-- addressed, never deleted), its sha256 is in the issue's log event; the
-- fields it was filled with are frozen here; the number comes from the gap-
-- free series "doc:<kind>:<year>" (005). A correction is a new document
-- pointing at the one it corrects. Previews are rendered, never stored.
CREATE TABLE document_templates (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    body        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  INTEGER REFERENCES users(id),
    UNIQUE (kind, version)
) STRICT;

CREATE TABLE documents (
    id                   INTEGER PRIMARY KEY,
    kind                 TEXT NOT NULL,
    template_version     INTEGER NOT NULL,
    template_sha256      TEXT NOT NULL,
    subject_kind         TEXT NOT NULL CHECK (subject_kind IN ('case', 'inspection', 'hazard', 'enterprise')),
    subject_id           INTEGER NOT NULL,
    unit_id              INTEGER NOT NULL REFERENCES units(id),
    year                 INTEGER NOT NULL,
    seq                  INTEGER NOT NULL,
    number               TEXT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('preview', 'issued')),
    sha256               TEXT NOT NULL REFERENCES blobs(sha256),
    size                 INTEGER NOT NULL,
    pages                INTEGER NOT NULL,
    verify_code          TEXT NOT NULL UNIQUE,
    fields               TEXT NOT NULL,
    issued_on            TEXT NOT NULL,
    issued_at            TEXT NOT NULL,
    issued_by            INTEGER NOT NULL REFERENCES users(id),
    corrects_document_id INTEGER REFERENCES documents(id)
) STRICT;
CREATE INDEX documents_subject ON documents(subject_kind, subject_id, id);
-- Numbers are not unique: the documents of one case share the case's
-- number (LAW.md §5.6 [二手]: 同一案件各文书多共用一个案件序号) — two
-- 询问笔录 of one case carry the same number; other documents draw theirs
-- from a gap-free series per kind and year (number_series).
CREATE INDEX documents_number ON documents(number);
