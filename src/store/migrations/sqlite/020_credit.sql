-- 020: credit punishment (信用惩戒, issue 10, R26). SQLite dialect; the
-- PostgreSQL twin keeps the same tables, columns and indexes.
--
-- credit_records holds both kinds:
--  - bad_record (不良记录): one per penalty decision on an enterprise, the
--    违法行为信息库 of 安全生产法 第78条第1款 [原文]; status 'recorded', no
--    approval.
--  - serious_list (严重失信主体名单, 应急管理部令第11号 [二手], LAW.md §5.3):
--    proposed → approved (bureau leader) | rejected → notified (the
--    enterprise is told: 列入前告知) → listed (published_from, expires_on =
--    published_from + credit.serious.period_months) → removed (expired |
--    early_removal | revoked); an early removal obtained by 弄虚作假 is
--    revoked and the listing restored (removed → listed).
-- The case is referred to by number only (case_id + case_number text, no
-- foreign key): the case module is written separately. criteria: the ids of
-- core/credit.h (space-separated); facts: the facts the criteria were
-- evaluated on (JSON text), so a proposal can be re-checked later.
CREATE TABLE credit_records (
    id              INTEGER PRIMARY KEY,
    enterprise_id   INTEGER NOT NULL REFERENCES enterprises(id),
    kind            TEXT NOT NULL CHECK (kind IN ('bad_record', 'serious_list')),
    status          TEXT NOT NULL CHECK (status IN ('recorded', 'proposed', 'approved', 'rejected',
                                                    'notified', 'listed', 'removed')),
    criteria        TEXT NOT NULL DEFAULT '',
    facts           TEXT NOT NULL DEFAULT '{}',
    case_id         INTEGER NOT NULL DEFAULT 0,
    case_number     TEXT NOT NULL DEFAULT '',
    decision_date   TEXT NOT NULL DEFAULT '',   -- the penalty decision's date, YYYY-MM-DD
    summary         TEXT NOT NULL DEFAULT '',   -- the violation / outcome, for people
    principal_name  TEXT NOT NULL DEFAULT '',   -- 主要负责人 (shown masked in public)
    authority       TEXT NOT NULL DEFAULT '',   -- 作出决定的部门 (谁处罚、谁决定)
    propose_reason  TEXT NOT NULL DEFAULT '',
    proposed_by     INTEGER REFERENCES users(id),
    proposed_at     TEXT NOT NULL DEFAULT '',
    decision_reason TEXT NOT NULL DEFAULT '',   -- approval or rejection
    decided_by      INTEGER REFERENCES users(id),
    decided_at      TEXT NOT NULL DEFAULT '',
    notified_on     TEXT NOT NULL DEFAULT '',   -- 告知 date, YYYY-MM-DD
    notice_doc      TEXT NOT NULL DEFAULT '',   -- the notice's document number / id
    notified_by     INTEGER REFERENCES users(id),
    published_from  TEXT NOT NULL DEFAULT '',   -- listed from, YYYY-MM-DD
    expires_on      TEXT NOT NULL DEFAULT '',   -- listed until (removed by the sweep that day)
    period_months   INTEGER NOT NULL DEFAULT 0,   -- the period in force on published_from
    listed_by       INTEGER REFERENCES users(id),
    removed_on      TEXT NOT NULL DEFAULT '',
    removal_kind    TEXT NOT NULL DEFAULT '' CHECK (removal_kind IN ('', 'expired', 'early_removal', 'revoked')),
    removal_reason  TEXT NOT NULL DEFAULT '',
    removed_by      INTEGER REFERENCES users(id),
    restored_on     TEXT NOT NULL DEFAULT '',   -- early removal revoked (弄虚作假)
    restore_reason  TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX credit_records_enterprise ON credit_records(enterprise_id, kind, status);
CREATE INDEX credit_records_status ON credit_records(kind, status, expires_on);
CREATE INDEX credit_records_case ON credit_records(case_id);

-- 提前移出 / 信用修复 applications (11号令: 列入满12个月且满足条件可申请 [二手]).
-- conditions: the condition ids of core/credit.h the applicant says are met.
CREATE TABLE credit_applications (
    id              INTEGER PRIMARY KEY,
    record_id       INTEGER NOT NULL REFERENCES credit_records(id),
    enterprise_id   INTEGER NOT NULL REFERENCES enterprises(id),
    submitted_on    TEXT NOT NULL,              -- YYYY-MM-DD
    applicant       TEXT NOT NULL DEFAULT '',
    conditions      TEXT NOT NULL DEFAULT '',   -- "C1 C2 C3 C4"
    statement       TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'refused')),
    decision_reason TEXT NOT NULL DEFAULT '',
    decided_by      INTEGER REFERENCES users(id),
    decided_on      TEXT NOT NULL DEFAULT '',
    created_by      INTEGER REFERENCES users(id),
    created_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX credit_applications_record ON credit_applications(record_id, id);

-- The periods are 二手/未核实 (LAW.md §5.3: 3年/12个月 from a provincial
-- rule reported to copy the 部令; the 部令's article numbers 未核实):
-- dated configuration, confirmed = 0, never constants in C.
INSERT INTO legal_params (key, value, unit, effective_from, source, confirmed, label, created_at) VALUES
 ('credit.serious.period_months', '36', '月', '2023-10-01', '应急管理部令第11号 管理期限3年 [二手：山西省厅实施制度的报道；部令条文号未核实]', 0, '严重失信主体名单：管理期限', '2026-11-28T00:00:00.000Z'),
 ('credit.serious.early_removal_months', '12', '月', '2023-10-01', '应急管理部令第11号 列入满12个月可申请提前移出 [二手；条件原文未核实]', 0, '严重失信主体名单：可申请提前移出的最短列入期', '2026-11-28T00:00:00.000Z');
