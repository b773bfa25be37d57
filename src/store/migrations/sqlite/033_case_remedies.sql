-- 033: the party's remedies against a penalty decision, recorded on the case
-- (issue 8): 行政复议 (行政复议法 2023) and 行政诉讼 (行政诉讼法). The
-- application (kind, day, body or court, the body's own case number) and
-- later the outcome and the day its document was served on the party. They
-- pause the late-payment surcharge (行政处罚法 第73条第3款) and hold the
-- court application of 行政强制法 第53条 (core/remedy.h). outcome '' while
-- pending; the codes come from legal_params remedy.outcomes (below).
CREATE TABLE case_remedies (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    kind          TEXT NOT NULL CHECK (kind IN ('reconsideration', 'litigation')),
    applied_on    TEXT NOT NULL,
    body          TEXT NOT NULL,
    body_case_no  TEXT NOT NULL DEFAULT '',
    outcome       TEXT NOT NULL DEFAULT '',
    outcome_on    TEXT NOT NULL DEFAULT '',
    outcome_note  TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    created_by    INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX case_remedies_case ON case_remedies(case_id, id);

-- The outcomes and what each does to the decision. LAW.md names none of
-- them, so they are configuration (confirmed 0), "code:effect:r|l|rl:名称":
-- 维持 (复议 only; a court 驳回s since 2014), 驳回, 变更, 部分撤销, 撤销,
-- 确认无效, 确认违法 (not revoked: execution held for the legal office),
-- 撤回申请/撤诉. Articles from the statutes as remembered, 未核实.
INSERT INTO legal_params (key, value, unit, effective_from, source, confirmed, label, created_at) VALUES
 ('remedy.outcomes', 'upheld:stands:r:维持 rejected:stands:rl:驳回 changed:changed:rl:变更 partly_revoked:changed:rl:部分撤销 revoked:voids:rl:撤销 invalid:voids:rl:确认无效 illegal:holds:rl:确认违法 withdrawn:withdrawn:rl:撤回申请（撤诉）', '清单', '2024-01-01', '行政复议法（2023）第63–69条、行政诉讼法 第69–77条（未核实：LAW.md 未收录结果条款；效果 stands 维持执行、changed 按变更执行、voids 不再执行、holds 暂停执行、withdrawn 撤回）', 0, '复议、诉讼结果清单（代码:效果:r复议|l诉讼:名称）', '2026-11-28T00:00:00.000Z');
