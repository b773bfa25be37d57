-- 030: the bureau's list of enforcement items whose cases always go to
-- legal review (重大执法决定法制审核目录清单, issue 8). 行政处罚法 第58条第1款
-- leaves the scope to the law and the bureau; LAW.md §8 [二手]: Anhui's 2024
-- implementing rules ask each enforcement body to publish such a list by
-- category, level, field and amount, but the list of 叶集区 is 未核实. So the
-- key starts with no item ("无"); the administrator dates the published list
-- on 法定参数 (catalogue codes, space-separated; each checked against the
-- catalogue). The amounts (case.legal_review.person_min/unit_min, 015) and
-- hearings and complex cases (第58条第1款第2、3项) still apply.
INSERT INTO legal_params (key, value, unit, effective_from, source, confirmed, label, created_at)
VALUES ('case.legal_review.items', '无', '事项代码', '2021-07-15',
        '行政处罚法 第58条第1款第4项及本局公布的重大执法决定法制审核目录清单（LAW.md §8，清单未核实，默认无事项）',
        0, '必须法制审核的执法事项（事项代码，空格分隔）', '2026-11-28T00:00:00.000Z');
