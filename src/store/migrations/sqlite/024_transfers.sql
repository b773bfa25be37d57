-- 024: transfers to other agencies (移送, R27; 安全生产法 第69条) and to the
-- police (行刑衔接, R28; 国务院令第310号), each step dated and by whom, and
-- the procuratorate's public-interest litigation against or involving the
-- bureau (公益诉讼). SQLite dialect (STRICT tables); the PostgreSQL twin has
-- the same tables, columns and indexes. Issue 11, docs/internals/transfers.md.

-- One transfer: administrative (kind administrative, to any agency of the
-- list) or criminal (kind criminal, to an agency of kind public_security,
-- copied to one of kind procuratorate). What it came from is any of a case,
-- an inspection, a hazard or an enterprise (at least one, checked by the
-- API). State and the dates of each step live here; the steps themselves,
-- with who and when, in transfer_steps and on the log. next_due is the last
-- day of the running time limit ('' = none), kept by the API on each step so
-- that the overdue list is one indexed range.
CREATE TABLE transfers (
    id                INTEGER PRIMARY KEY,
    unit_id           INTEGER NOT NULL REFERENCES units(id),
    kind              TEXT NOT NULL CHECK (kind IN ('administrative', 'criminal')),
    state             TEXT NOT NULL,
    agency_id         INTEGER NOT NULL REFERENCES agencies(id),
    copy_agency_id    INTEGER REFERENCES agencies(id),
    case_id           INTEGER,
    inspection_id     INTEGER,
    hazard_id         INTEGER,
    enterprise_id     INTEGER,
    subject           TEXT NOT NULL,
    reason            TEXT NOT NULL,
    materials         TEXT NOT NULL DEFAULT '',
    team              TEXT NOT NULL DEFAULT '',
    letter_no         TEXT NOT NULL DEFAULT '',
    proposed_on       TEXT NOT NULL DEFAULT '',
    decided_at        TEXT NOT NULL DEFAULT '',
    decided_on        TEXT NOT NULL DEFAULT '',
    decided_by        INTEGER REFERENCES users(id),
    decision_reason   TEXT NOT NULL DEFAULT '',
    sent_on           TEXT NOT NULL DEFAULT '',
    sent_at           TEXT NOT NULL DEFAULT '',
    sent_method       TEXT NOT NULL DEFAULT '',
    receipt_on        TEXT NOT NULL DEFAULT '',
    receipt_by        TEXT NOT NULL DEFAULT '',
    feedback_due      TEXT NOT NULL DEFAULT '',
    feedback_on       TEXT NOT NULL DEFAULT '',
    feedback_text     TEXT NOT NULL DEFAULT '',
    police_on         TEXT NOT NULL DEFAULT '',
    police_decision   TEXT NOT NULL DEFAULT '',
    police_reason     TEXT NOT NULL DEFAULT '',
    reconsider_on     TEXT NOT NULL DEFAULT '',
    reconsider_reason TEXT NOT NULL DEFAULT '',
    answer_on         TEXT NOT NULL DEFAULT '',
    answer            TEXT NOT NULL DEFAULT '',
    answer_text       TEXT NOT NULL DEFAULT '',
    supervision_on    TEXT NOT NULL DEFAULT '',
    supervision_text  TEXT NOT NULL DEFAULT '',
    handover_on       TEXT NOT NULL DEFAULT '',
    handover_items    TEXT NOT NULL DEFAULT '',
    next_due          TEXT NOT NULL DEFAULT '',
    next_due_at       TEXT NOT NULL DEFAULT '',
    created_by        INTEGER NOT NULL REFERENCES users(id),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX transfers_unit ON transfers(unit_id, id);
CREATE INDEX transfers_case ON transfers(case_id, id);
CREATE INDEX transfers_due ON transfers(next_due, unit_id);

CREATE TABLE transfer_steps (
    id          INTEGER PRIMARY KEY,
    transfer_id INTEGER NOT NULL REFERENCES transfers(id),
    step        TEXT NOT NULL,
    state       TEXT NOT NULL,
    on_day      TEXT NOT NULL,
    at          TEXT NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    note        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX transfer_steps_transfer ON transfer_steps(transfer_id, id);

-- 公益诉讼: a pre-suit proposal (检察建议) or a suit of the procuratorate,
-- linked to a bureau case when there is one.
CREATE TABLE litigation (
    id             INTEGER PRIMARY KEY,
    unit_id        INTEGER NOT NULL REFERENCES units(id),
    agency_id      INTEGER NOT NULL REFERENCES agencies(id),
    case_id        INTEGER,
    number         TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('proposal', 'suit')),
    urgent         INTEGER NOT NULL DEFAULT 0,
    received_on    TEXT NOT NULL,
    summary        TEXT NOT NULL,
    reply_due      TEXT NOT NULL DEFAULT '',
    reply_on       TEXT NOT NULL DEFAULT '',
    reply_text     TEXT NOT NULL DEFAULT '',
    outcome        TEXT NOT NULL DEFAULT '',
    created_by     INTEGER NOT NULL REFERENCES users(id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX litigation_unit ON litigation(unit_id, id);

-- Numbers the law does not set, or that LAW.md marks 二手/未核实: dated
-- configuration, confirmed = 0, never constants in C.
INSERT INTO legal_params (key, value, unit, effective_from, source, confirmed, label, created_at) VALUES
 ('transfer.feedback_days', '30', '日', '2021-09-01', '本系统配置：安全生产法第69条只要求移送并形成记录备查，法律未规定接收部门反馈期限', 0, '移送其他部门：反馈期限（自然日，自移送之日起）', '2026-11-28T00:00:00.000Z'),
 ('transfer.signal_codes', 'AQ-099-04 AQ-102-02 AQ-113-01 XK-019-01', '编码', '2021-03-01', 'LAW.md §5.4：刑法第134条之一 危险作业罪（刑法修正案（十一），2021-03-01施行）对应的目录事项 [二手]', 0, '须作移送评估的执法事项编码（空格分隔）', '2026-11-28T00:00:00.000Z'),
 ('litigation.reply_months', '2', '月', '2018-03-02', '最高人民法院、最高人民检察院《关于检察公益诉讼案件适用法律若干问题的解释》：收到检察建议书之日起两个月内书面回复 [二手：期刊论文转述；非行政诉讼法第25条本身]', 0, '检察建议：回复期限（月）', '2026-11-28T00:00:00.000Z'),
 ('litigation.urgent_days', '15', '日', '2018-03-02', '同上解释：紧急情形十五日内书面回复 [未核实]', 0, '检察建议（紧急情形）：回复期限（自然日）', '2026-11-28T00:00:00.000Z');
