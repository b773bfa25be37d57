-- 035: a fine paid in instalments as its own object (分期缴纳, issue 8).
-- 行政处罚法 第66条第2款 [原文, LAW.md §1.10]: 当事人确有经济困难，需要延期或者
-- 分期缴纳罚款的，经当事人申请和行政机关批准，可以暂缓或者分期缴纳. The party's
-- application (recorded by the case's officers) carries the schedule; the
-- section head or bureau leader approves or refuses it (the approval path of
-- the deferral, case_pay.c). One open plan per case at a time. The amounts
-- of a schedule sum to what was outstanding when the party applied
-- (outstanding_fen); payments are allocated to the instalments in order by
-- core/instalment.
CREATE TABLE case_instalment_plans (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases(id),
    status           TEXT NOT NULL CHECK (status IN ('applied', 'approved', 'refused')),
    applied_on       TEXT NOT NULL,
    reason           TEXT NOT NULL,
    outstanding_fen  INTEGER NOT NULL,
    decided_on       TEXT NOT NULL DEFAULT '',
    decided_by       INTEGER REFERENCES users(id),
    decision_note    TEXT NOT NULL DEFAULT '',
    entered_by       INTEGER REFERENCES users(id),
    created_at       TEXT NOT NULL
) STRICT;
CREATE INDEX case_instalment_plans_case ON case_instalment_plans(case_id, id);

CREATE TABLE case_instalments (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES case_instalment_plans(id),
    seq         INTEGER NOT NULL,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
    due_on      TEXT NOT NULL,
    UNIQUE (plan_id, seq)
) STRICT;

-- The day the 听证通知书 (time and place of the hearing) was served: 行政处罚法
-- 第64条第1款第2项 [原文]: 行政机关应当在举行听证的七日前通知, seven working days
-- (第85条). core/case checks it when a held hearing is recorded.
ALTER TABLE cases ADD COLUMN hearing_notice_on TEXT NOT NULL DEFAULT '';

-- Which amount the 3% a day of 第72条第1款第1项 runs on when an instalment is
-- late: LAW.md does not settle it (第72条 speaks of 罚款数额; 第66条 only
-- permits the schedule; 第72条第2款 only moves the court's period to the end
-- of the instalments). 'instalment': the late instalment's amount, capped at
-- it; 'fine': the whole fine from the first missed due day. 未核实: a dated
-- parameter for the bureau's legal section to confirm.
INSERT INTO legal_params (key, value, unit, effective_from, source, confirmed, label, created_at)
VALUES ('case.instalment.surcharge_base', 'instalment', '方式', '2021-07-15',
        '行政处罚法 第66条第2款、第72条第1款第1项；分期缴纳逾期时加处罚款的计算基数法律未明定（LAW.md §1.10 未涉及），默认按逾期当期金额计算，未核实',
        0, '分期缴纳逾期时加处罚款的基数（instalment 当期金额 / fine 全部罚款）', '2026-11-28T00:00:00.000Z');
