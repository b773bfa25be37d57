-- 007: annual enforcement plans (年度监督检查计划, R12) and the yearly
-- inspection caps (国办发〔2024〕54号). SQLite dialect (STRICT); the
-- PostgreSQL twin keeps the same tables, columns and indexes.
--
-- 安全生产法 第62条第2款 [原文]: the department draws up an annual
-- supervision and inspection plan by class and grade and inspects by it;
-- 安监总政法〔2017〕150号 [二手]: the plan is approved (批准) before use.
-- The plan's inspections are rows of inspection_ledger (migration 006) with
-- source = 'plan' and source_id = plans.id; this table holds the plan
-- itself, its parameters and its approval state.
CREATE TABLE plans (
    id                 INTEGER PRIMARY KEY,
    unit_id            INTEGER NOT NULL REFERENCES units(id),
    year               INTEGER NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved')),
    -- parameters (R12): full-coverage cycle in months for key (重点)
    -- enterprises per risk level, and for enterprises under credit punishment
    cycle_red          INTEGER NOT NULL,
    cycle_orange       INTEGER NOT NULL,
    cycle_yellow       INTEGER NOT NULL,
    cycle_blue         INTEGER NOT NULL,
    cycle_credit       INTEGER NOT NULL,
    -- general (一般) enterprises: double-random sampling ratio, per mille,
    -- the pool size and expected draws per year (ceil(pool × ratio / 1000))
    -- and the months of the draws, space-separated ("3 6 9 12")
    sampling_permille  INTEGER NOT NULL,
    general_pool       INTEGER NOT NULL DEFAULT 0,
    general_expected   INTEGER NOT NULL DEFAULT 0,
    draw_months        TEXT NOT NULL DEFAULT '',
    capacity           INTEGER NOT NULL,       -- inspections per officer per month
    joint_window       INTEGER NOT NULL,       -- months apart that still merge (R15)
    report             TEXT NOT NULL DEFAULT '{}', -- the generation report (JSON)
    return_reason      TEXT NOT NULL DEFAULT '',
    submitted_at       TEXT NOT NULL DEFAULT '',
    submitted_by       INTEGER REFERENCES users(id),
    approved_at        TEXT NOT NULL DEFAULT '',
    approved_by        INTEGER REFERENCES users(id),
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         TEXT NOT NULL,
    created_by         INTEGER REFERENCES users(id),
    updated_at         TEXT NOT NULL,
    UNIQUE (unit_id, year)
) STRICT;
CREATE INDEX plans_year ON plans(year, unit_id);

-- The burden rule's configuration (国办发〔2024〕54号, LAW.md §5.5 [二手]):
-- a published yearly cap per supervision class and risk level, and which
-- ledger sources count against it. The numbers are 未核实 (confirmed = 0):
-- the one example LAW.md gives is a local 2025 plan with "1次/年，上限2次/年".
-- Seeded here (not in C) so that databases created before this migration
-- get them too; the admin dates new values in 系统管理 › 法定参数.
INSERT INTO legal_params (key, value, unit, effective_from, source, confirmed, label, created_at) VALUES
 ('inspection.cap.重点.红', '2', '次/年', '2025-01-01', '国办发〔2024〕54号 要求公布同一企业年度检查频次上限 [二手]；数值取福建龙岩2025年计划示例“上限2次/年”[二手]，本区公布值未核实', 0, '年度检查上限：重点·红', '2026-11-28T00:00:00.000Z'),
 ('inspection.cap.重点.橙', '2', '次/年', '2025-01-01', '国办发〔2024〕54号 [二手]；示例值“上限2次/年”，未核实', 0, '年度检查上限：重点·橙', '2026-11-28T00:00:00.000Z'),
 ('inspection.cap.重点.黄', '2', '次/年', '2025-01-01', '国办发〔2024〕54号 [二手]；示例值“上限2次/年”，未核实', 0, '年度检查上限：重点·黄', '2026-11-28T00:00:00.000Z'),
 ('inspection.cap.重点.蓝', '2', '次/年', '2025-01-01', '国办发〔2024〕54号 [二手]；示例值“上限2次/年”，未核实', 0, '年度检查上限：重点·蓝', '2026-11-28T00:00:00.000Z'),
 ('inspection.cap.一般.红', '2', '次/年', '2025-01-01', '国办发〔2024〕54号 [二手]；示例值“上限2次/年”，未核实', 0, '年度检查上限：一般·红', '2026-11-28T00:00:00.000Z'),
 ('inspection.cap.一般.橙', '2', '次/年', '2025-01-01', '国办发〔2024〕54号 [二手]；示例值“上限2次/年”，未核实', 0, '年度检查上限：一般·橙', '2026-11-28T00:00:00.000Z'),
 ('inspection.cap.一般.黄', '2', '次/年', '2025-01-01', '国办发〔2024〕54号 [二手]；示例值“上限2次/年”，未核实', 0, '年度检查上限：一般·黄', '2026-11-28T00:00:00.000Z'),
 ('inspection.cap.一般.蓝', '2', '次/年', '2025-01-01', '国办发〔2024〕54号 [二手]；示例值“上限2次/年”，未核实', 0, '年度检查上限：一般·蓝', '2026-11-28T00:00:00.000Z'),
 ('inspection.cap.sources', 'plan draw ad_hoc', '来源', '2025-01-01', '计入上限的检查来源：计划、双随机、其他日常检查；投诉举报、事故、复查、移送、信用惩戒触发的检查照常登记、单列显示，默认不计入（本系统配置，未核实）', 0, '计入年度上限的检查来源', '2026-11-28T00:00:00.000Z'),
 ('plan.sampling_permille', '100', '‰', '2025-01-01', '应急领域双随机抽查比例全国统一值未找到（LAW.md §5.5）；默认10%为本系统配置，未核实', 0, '年度计划：一般企业双随机抽查比例默认值', '2026-11-28T00:00:00.000Z');
