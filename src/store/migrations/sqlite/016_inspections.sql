-- 016: on-site inspections (issue 7, R16–R18): the record an officer makes
-- on a phone at the enterprise, its hazards and rectification orders, the
-- evidence bound to it, and the enterprise's QR code (扫码入企). SQLite
-- dialect (STRICT); the PostgreSQL twin has the same tables, columns and
-- indexes. Times are ISO 8601 text; dates of legal meaning local YYYY-MM-DD.
--
-- client_id columns hold the UUID the phone generated for the record, so a
-- request repeated after a lost answer (or replayed from the offline
-- outbox) finds the same row instead of making a second one.
CREATE TABLE inspections (
    id                INTEGER PRIMARY KEY,
    client_id         TEXT NOT NULL UNIQUE,
    enterprise_id     INTEGER NOT NULL REFERENCES enterprises(id),
    unit_id           INTEGER NOT NULL REFERENCES units(id),      -- the inspecting unit
    source            TEXT NOT NULL CHECK (source IN ('plan', 'draw', 'complaint', 'accident',
                                                      'follow_up', 'ad_hoc')),
    source_id         INTEGER,                                    -- plan/draw/… id when known
    ledger_id         INTEGER REFERENCES inspection_ledger(id),   -- the entry it fulfils
    status            TEXT NOT NULL CHECK (status IN ('open', 'signed', 'closed')),
    inspected_on      TEXT NOT NULL,                              -- YYYY-MM-DD (local)
    -- the three stages: 执法告知, 现场检查, 交流反馈
    notice_start      TEXT NOT NULL DEFAULT '',
    notice_end        TEXT NOT NULL DEFAULT '',
    onsite_start      TEXT NOT NULL DEFAULT '',
    onsite_end        TEXT NOT NULL DEFAULT '',
    feedback_start    TEXT NOT NULL DEFAULT '',
    feedback_end      TEXT NOT NULL DEFAULT '',
    legal_education   TEXT NOT NULL DEFAULT '',                   -- 谁执法谁普法
    checklist_code    TEXT NOT NULL DEFAULT '',
    checklist_version INTEGER NOT NULL DEFAULT 0,
    signer_name       TEXT NOT NULL DEFAULT '',                   -- the enterprise's representative
    signature_id      INTEGER,                                    -- evidence row (kind signature)
    signed_at         TEXT NOT NULL DEFAULT '',
    signed_by         INTEGER REFERENCES users(id),
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        TEXT NOT NULL,
    created_by        INTEGER REFERENCES users(id),
    updated_at        TEXT NOT NULL
) STRICT;
CREATE INDEX inspections_enterprise ON inspections(enterprise_id, inspected_on);
CREATE INDEX inspections_unit ON inspections(unit_id, inspected_on);

-- Who inspected: certified officers (kind officer, officer_id set; the
-- two-officer rule is checked at signing) and experts who joined
-- (执法+专家, kind expert: name and field, no officer record needed).
CREATE TABLE inspection_officers (
    id            INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspections(id),
    kind          TEXT NOT NULL CHECK (kind IN ('officer', 'expert')),
    officer_id    INTEGER REFERENCES officers(id),
    name          TEXT NOT NULL DEFAULT '',
    field         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX inspection_officers_inspection ON inspection_officers(inspection_id);

-- The enterprise's people present, by post.
CREATE TABLE inspection_attendees (
    id            INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspections(id),
    name          TEXT NOT NULL,
    post          TEXT NOT NULL CHECK (post IN ('principal', 'safety_manager', 'operator')),
    phone         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX inspection_attendees_inspection ON inspection_attendees(inspection_id);

-- The checklist (code and version on the inspection) answered item by item.
CREATE TABLE inspection_answers (
    inspection_id INTEGER NOT NULL REFERENCES inspections(id),
    item_id       TEXT NOT NULL,
    answer        TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'na')),
    note          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (inspection_id, item_id)
) STRICT;

CREATE TABLE inspection_findings (
    id             INTEGER PRIMARY KEY,
    client_id      TEXT NOT NULL UNIQUE,
    inspection_id  INTEGER NOT NULL REFERENCES inspections(id),
    description    TEXT NOT NULL,
    item_id        TEXT NOT NULL DEFAULT '',     -- checklist item, '' = none
    catalogue_code TEXT NOT NULL DEFAULT '',     -- enforcement item when mapped
    created_at     TEXT NOT NULL,
    created_by     INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX inspection_findings_inspection ON inspection_findings(inspection_id);

-- Who arrived when, by scanning the enterprise's QR code.
CREATE TABLE inspection_arrivals (
    id            INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspections(id),
    user_id       INTEGER NOT NULL REFERENCES users(id),
    arrived_at    TEXT NOT NULL
) STRICT;
CREATE INDEX inspection_arrivals_inspection ON inspection_arrivals(inspection_id);

-- A finding that is a hazard (事故隐患) and its rectification order
-- (责令限期整改) and re-inspection (复查). 'overdue' is never stored: it is
-- status open with a deadline before today. case_id links the case made of
-- a refusal to rectify (the case module, no foreign key yet).
CREATE TABLE hazards (
    id                  INTEGER PRIMARY KEY,
    finding_id          INTEGER NOT NULL UNIQUE REFERENCES inspection_findings(id),
    inspection_id       INTEGER NOT NULL REFERENCES inspections(id),
    enterprise_id       INTEGER NOT NULL REFERENCES enterprises(id),
    unit_id             INTEGER NOT NULL REFERENCES units(id),
    grade               TEXT NOT NULL CHECK (grade IN ('ordinary', 'major')),
    description         TEXT NOT NULL,
    ordered_on          TEXT NOT NULL,                 -- YYYY-MM-DD
    deadline            TEXT NOT NULL,                 -- YYYY-MM-DD
    status              TEXT NOT NULL CHECK (status IN ('open', 'rectified', 'verified')),
    reinspected_on      TEXT NOT NULL DEFAULT '',
    reinspection_result TEXT NOT NULL DEFAULT '',
    reinspection_note   TEXT NOT NULL DEFAULT '',
    reinspected_by      INTEGER REFERENCES users(id),
    case_id             INTEGER,
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    created_by          INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX hazards_unit ON hazards(unit_id, status, deadline);
CREATE INDEX hazards_enterprise ON hazards(enterprise_id, status);

-- Evidence (R18): bytes in the blob store (migration 014), what they mean
-- here. Never deleted or changed, except that a wrong upload is withdrawn
-- (withdrawn_at and the reason); the bytes stay.
CREATE TABLE evidence (
    id              INTEGER PRIMARY KEY,
    client_id       TEXT NOT NULL UNIQUE,
    inspection_id   INTEGER NOT NULL REFERENCES inspections(id),
    finding_id      INTEGER REFERENCES inspection_findings(id),
    hazard_id       INTEGER REFERENCES hazards(id),
    sha256          TEXT NOT NULL REFERENCES blobs(sha256),
    declared_sha256 TEXT NOT NULL,                 -- computed on the device at capture
    kind            TEXT NOT NULL CHECK (kind IN ('photo', 'video', 'document', 'signature')),
    mime            TEXT NOT NULL,
    size            INTEGER NOT NULL,
    taken_at        TEXT NOT NULL,
    uploaded_by     INTEGER NOT NULL REFERENCES users(id),
    uploaded_at     TEXT NOT NULL,
    withdrawn_at    TEXT NOT NULL DEFAULT '',
    withdraw_reason TEXT NOT NULL DEFAULT '',
    withdrawn_by    INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX evidence_inspection ON evidence(inspection_id);

-- The secret in an enterprise's gate QR code (扫码入企, 国办发〔2024〕54号).
-- Rotating inserts a new row; the newest is the valid one.
CREATE TABLE enterprise_qr (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
    secret        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    created_by    INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX enterprise_qr_enterprise ON enterprise_qr(enterprise_id, id);

-- Feedback or a complaint the enterprise sent from its own page.
CREATE TABLE enterprise_feedback (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
    inspection_id INTEGER REFERENCES inspections(id),
    kind          TEXT NOT NULL CHECK (kind IN ('feedback', 'complaint')),
    body          TEXT NOT NULL,
    contact       TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX enterprise_feedback_enterprise ON enterprise_feedback(enterprise_id, created_at);
