-- 015: administrative penalty cases (issue 8, part C) on top of the
-- procedure table in core/case.c. SQLite dialect (STRICT); the PostgreSQL
-- twin has the same tables, columns and indexes.
--
-- One row per case with every date and flag zf_case_t needs; parties,
-- violations (with the discretion engine's input and explanation), officers,
-- reviews, payments and frozen decisions in their own tables. Dates of legal
-- meaning are local YYYY-MM-DD ('' = not yet). Money is fen.
-- `number` stays NULL until 立案 or 当场处罚 draws it from the gap-free series
-- "case:<year>" (number_series, migration 005). `next_due` is recomputed on
-- every change so the deadline list reads an index, never the whole table.
CREATE TABLE cases (
    id                         INTEGER PRIMARY KEY,
    unit_id                    INTEGER NOT NULL REFERENCES units(id),
    year                       INTEGER NOT NULL,
    seq                        INTEGER,
    number                     TEXT UNIQUE,
    state                      TEXT NOT NULL,
    simple                     INTEGER NOT NULL DEFAULT 0,
    title                      TEXT NOT NULL DEFAULT '',
    source_kind                TEXT NOT NULL,
    -- no foreign keys: the inspections tables are written separately
    source_id                  INTEGER,
    hazard_id                  INTEGER,
    finding_id                 INTEGER,
    facts                      TEXT NOT NULL DEFAULT '',
    complex                    INTEGER NOT NULL DEFAULT 0,
    filed_on                   TEXT NOT NULL DEFAULT '',
    notified_on                TEXT NOT NULL DEFAULT '',
    hearing_requested_on       TEXT NOT NULL DEFAULT '',
    hearing_held_on            TEXT NOT NULL DEFAULT '',
    decided_on                 TEXT NOT NULL DEFAULT '',
    served_on                  TEXT NOT NULL DEFAULT '',
    service_method             TEXT NOT NULL DEFAULT '',
    hearing_waived             INTEGER NOT NULL DEFAULT 0,
    hearing_withdrawn          INTEGER NOT NULL DEFAULT 0,
    statements_heard           INTEGER NOT NULL DEFAULT 0,
    notice_waived              INTEGER NOT NULL DEFAULT 0,
    notified_amount_fen        INTEGER NOT NULL DEFAULT 0,
    decided_amount_fen         INTEGER NOT NULL DEFAULT 0,
    extension_days             INTEGER NOT NULL DEFAULT 0,
    criminal_criteria_met      INTEGER NOT NULL DEFAULT 0,
    criminal_decision          TEXT NOT NULL DEFAULT '',
    hazards_all_verified       INTEGER NOT NULL DEFAULT 1,
    enforcement                TEXT NOT NULL DEFAULT '',
    enforcement_on             TEXT NOT NULL DEFAULT '',
    filing_record_done         INTEGER NOT NULL DEFAULT 0,
    old_violation_reason       TEXT NOT NULL DEFAULT '',
    withdraw_reason            TEXT NOT NULL DEFAULT '',
    no_penalty_reason          TEXT NOT NULL DEFAULT '',
    closed_on                  TEXT NOT NULL DEFAULT '',
    next_due                   TEXT NOT NULL DEFAULT '',
    next_due_rule              TEXT NOT NULL DEFAULT '',
    version                    INTEGER NOT NULL DEFAULT 1,
    created_at                 TEXT NOT NULL,
    created_by                 INTEGER REFERENCES users(id),
    updated_at                 TEXT NOT NULL
) STRICT;
CREATE INDEX cases_unit_due ON cases(unit_id, next_due);
CREATE INDEX cases_due ON cases(next_due, id);
CREATE INDEX cases_state ON cases(state, id);

CREATE TABLE case_parties (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    kind           TEXT NOT NULL CHECK (kind IN ('org', 'person')),
    name           TEXT NOT NULL,
    id_code        TEXT NOT NULL DEFAULT '',   -- 统一社会信用代码 or 身份证号
    legal_rep      TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    address        TEXT NOT NULL DEFAULT '',
    enterprise_id  INTEGER,
    is_principal   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX case_parties_case ON case_parties(case_id, id);
CREATE INDEX case_parties_enterprise ON case_parties(enterprise_id, case_id);
CREATE INDEX case_parties_name ON case_parties(name, case_id);

CREATE TABLE case_violations (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases(id),
    party_id         INTEGER REFERENCES case_parties(id),
    item_code        TEXT NOT NULL,
    item_version     INTEGER NOT NULL,
    delegable        INTEGER NOT NULL DEFAULT 0,
    violation_on     TEXT NOT NULL,
    ended_on         TEXT NOT NULL DEFAULT '',
    harmed           INTEGER NOT NULL DEFAULT 0,
    discretion_input TEXT NOT NULL DEFAULT '{}',
    discretion       TEXT NOT NULL DEFAULT '{}',
    range_min_fen    INTEGER NOT NULL DEFAULT 0,
    range_max_fen    INTEGER NOT NULL DEFAULT 0,
    amount_fen       INTEGER NOT NULL DEFAULT 0,
    amount_reason    TEXT NOT NULL DEFAULT '',
    hearing_worthy   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX case_violations_case ON case_violations(case_id, id);

CREATE TABLE case_officers (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    officer_id  INTEGER NOT NULL REFERENCES officers(id),
    user_id     INTEGER,
    role        TEXT NOT NULL CHECK (role IN ('lead', 'assist')),
    UNIQUE (case_id, officer_id)
) STRICT;
CREATE INDEX case_officers_officer ON case_officers(officer_id, case_id);

CREATE TABLE case_reviews (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    kind          TEXT NOT NULL CHECK (kind IN ('legal_review', 'collective_discussion')),
    reviewer_id   INTEGER NOT NULL REFERENCES users(id),
    participants  TEXT NOT NULL DEFAULT '',
    opinion       TEXT NOT NULL CHECK (opinion IN ('agree', 'change', 'return')),
    reasons       TEXT NOT NULL DEFAULT '',
    reviewed_on   TEXT NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX case_reviews_case ON case_reviews(case_id, id);

-- kind: notice (缴款通知: amount, due_on), bank (银行回执: amount, paid_on,
-- reference), instalment / deferral (第66条 approval: due_on, note).
CREATE TABLE case_payments (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    kind         TEXT NOT NULL CHECK (kind IN ('notice', 'bank', 'instalment', 'deferral')),
    amount_fen   INTEGER NOT NULL DEFAULT 0,
    issued_on    TEXT NOT NULL DEFAULT '',
    due_on       TEXT NOT NULL DEFAULT '',
    paid_on      TEXT NOT NULL DEFAULT '',
    reference    TEXT UNIQUE,
    source       TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'import')),
    note         TEXT NOT NULL DEFAULT '',
    entered_by   INTEGER REFERENCES users(id),
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX case_payments_case ON case_payments(case_id, id);

-- A decision as issued, frozen (JSON: text, parties, violations, amounts,
-- remedies); a correction is a new row naming the one it corrects.
CREATE TABLE case_decisions (
    id                    INTEGER PRIMARY KEY,
    case_id               INTEGER NOT NULL REFERENCES cases(id),
    number                TEXT NOT NULL DEFAULT '',
    decided_on            TEXT NOT NULL,
    body                  TEXT NOT NULL,
    corrects_decision_id  INTEGER REFERENCES case_decisions(id),
    reason                TEXT NOT NULL DEFAULT '',
    created_at            TEXT NOT NULL,
    created_by            INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX case_decisions_case ON case_decisions(case_id, id);

-- Dated parameters (the admin dates new values in 法定参数). Defaults from
-- LAW.md §8 [二手, 来源地区不明]: 法制审核/集体讨论 for fines from 2万 (person)
-- and 5万 (unit); the number format follows LAW.md §5.6 (编号惯例).
INSERT INTO legal_params (key, value, unit, effective_from, source, confirmed, label, created_at) VALUES
 ('case.number.format', '（叶）应急罚〔{year}〕{n}号', '格式', '2021-07-15', 'LAW.md §5.6 编号惯例“（地区简称）应急+文书代字〔年份〕序号号”[二手]；{year} 年份、{n} 序号', 0, '行政处罚决定书（案件）编号格式', '2026-11-28T00:00:00.000Z'),
 ('case.legal_review.person_min', '2000000', '分', '2021-07-15', '行政处罚法 第58条第1款第4项及本局规定；数额取 LAW.md §8“个人2万元以上（含本数）”[二手，非安徽确认]', 0, '须法制审核的罚款数额：个人（以上含本数）', '2026-11-28T00:00:00.000Z'),
 ('case.legal_review.unit_min', '5000000', '分', '2021-07-15', '行政处罚法 第58条第1款第4项及本局规定；数额取 LAW.md §8“生产经营单位5万元以上（含本数）”[二手，非安徽确认]', 0, '须法制审核的罚款数额：单位（以上含本数）', '2026-11-28T00:00:00.000Z'),
 ('case.collective.person_min', '2000000', '分', '2021-07-15', '行政处罚法 第57条第2款“重大违法行为”由规章/本局规定；数额取 LAW.md §8 [二手]', 0, '须集体讨论的罚款数额：个人（以上含本数）', '2026-11-28T00:00:00.000Z'),
 ('case.collective.unit_min', '5000000', '分', '2021-07-15', '行政处罚法 第57条第2款“重大违法行为”由规章/本局规定；数额取 LAW.md §8 [二手]', 0, '须集体讨论的罚款数额：单位（以上含本数）', '2026-11-28T00:00:00.000Z');
