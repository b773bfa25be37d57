-- 004: officers (R3), training (R4), professional ratio inputs (R5),
-- authorised posts (R6), equipment and its standard (R7), and the dated
-- settings the officer rules compute with.
-- SQLite dialect (STRICT tables). The PostgreSQL twin (postgres/004_officers.sql)
-- keeps the same tables, columns and indexes.

-- One record per person who does enforcement. user_id is NULL for people
-- without an account (experts, most auxiliaries); a user has at most one
-- record. Dates are local YYYY-MM-DD; '' means "not recorded".
CREATE TABLE officers (
    id                      INTEGER PRIMARY KEY,
    user_id                 INTEGER UNIQUE REFERENCES users(id),
    unit_id                 INTEGER NOT NULL REFERENCES units(id),
    name                    TEXT NOT NULL,
    kind                    TEXT NOT NULL CHECK (kind IN ('officer', 'auxiliary', 'expert')),
    status                  TEXT NOT NULL CHECK (status IN ('serving', 'transferred',
                                                            'retired', 'suspended', 'left')),
    cert_no                 TEXT NOT NULL DEFAULT '',
    cert_issuer             TEXT NOT NULL DEFAULT '',
    cert_issued_on          TEXT NOT NULL DEFAULT '',
    cert_expires_on         TEXT NOT NULL DEFAULT '',
    education               TEXT NOT NULL DEFAULT '',
    education_relevant      INTEGER NOT NULL DEFAULT 0,
    qualifications          TEXT NOT NULL DEFAULT '',
    practice_years          INTEGER NOT NULL DEFAULT 0,
    injury_insurance_until  TEXT NOT NULL DEFAULT '',
    accident_insurance_until TEXT NOT NULL DEFAULT '',
    version                 INTEGER NOT NULL DEFAULT 1,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL
) STRICT;
CREATE INDEX officers_unit ON officers(unit_id, id);
CREATE INDEX officers_expiry ON officers(cert_expires_on);

-- R4: onboarding (入职培训) and refresher (复训) training. `days` are the
-- training days counted toward the yearly refresher minimum (at most the
-- length of the span); the onboarding minimum is measured on the span.
CREATE TABLE trainings (
    id          INTEGER PRIMARY KEY,
    officer_id  INTEGER NOT NULL REFERENCES officers(id),
    kind        TEXT NOT NULL CHECK (kind IN ('onboarding', 'refresher')),
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL,
    days        INTEGER NOT NULL,
    hours       INTEGER NOT NULL DEFAULT 0,
    topic       TEXT NOT NULL,
    provider    TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX trainings_officer ON trainings(officer_id, start_date);

-- R6: authorised posts (编制) per unit.
CREATE TABLE unit_posts (
    unit_id     INTEGER PRIMARY KEY REFERENCES units(id),
    authorised  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    updated_at  TEXT NOT NULL
) STRICT;

-- R7: equipment, body cameras, vehicles. Assigned to an officer (officer_id)
-- or held by the unit (officer_id NULL).
CREATE TABLE equipment (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    officer_id  INTEGER REFERENCES officers(id),
    category    TEXT NOT NULL,
    name        TEXT NOT NULL,
    serial_no   TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('in_use', 'spare', 'repair', 'retired')),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX equipment_unit ON equipment(unit_id, id);
CREATE INDEX equipment_officer ON equipment(officer_id);

-- R7: the uniform equipment standard (统一的执法装备标准) per unit kind: for
-- each category, items per unit plus items per serving officer.
CREATE TABLE equipment_standards (
    unit_kind   TEXT NOT NULL,
    category    TEXT NOT NULL,
    label       TEXT NOT NULL,
    per_unit    INTEGER NOT NULL,
    per_officer INTEGER NOT NULL,
    PRIMARY KEY (unit_kind, category)
) STRICT;

-- Dated settings of the officer rules: the value in force on a date is the
-- row with the latest effective_from on or before it. Each row names its
-- source; rules marked 未核实 in LAW.md live here, never in code.
CREATE TABLE officer_settings (
    key            TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    value          INTEGER NOT NULL,
    source         TEXT NOT NULL,
    PRIMARY KEY (key, effective_from)
) STRICT;

INSERT INTO officer_settings (key, effective_from, value, source) VALUES
 ('min_officers', '2021-07-15', 2, '行政处罚法（2021）第四十二条：执法人员不得少于两人 [原文]'),
 ('onboarding_months', '2020-01-01', 3, '叶集区实施方案 二(四)2：入职培训不少于3个月（计量方式未核实：按培训起止日历跨度累计）'),
 ('refresher_days_per_year', '2020-01-01', 10, '叶集区实施方案 二(四)2：每年参加不少于2周的复训；2周按10个培训日（工作日）计 [未核实]'),
 ('ratio_target_permille', '2020-01-01', 750, '叶集区实施方案 二(四)2：具有相关学历、职业资格和实践经验的执法人员不低于75%'),
 ('practice_years_min', '2020-01-01', 3, '“实践经验”的年限未规定，暂定3年 [未核实]'),
 ('cert_alert_days', '2020-01-01', 30, '本平台约定：执法证到期前30日预警（issue 4）');

INSERT INTO equipment_standards (unit_kind, category, label, per_unit, per_officer) VALUES
 ('brigade', 'body_camera', '执法记录仪', 0, 1),
 ('brigade', 'mobile_terminal', '移动执法终端', 0, 1),
 ('brigade', 'vehicle', '执法执勤用车', 2, 0),
 ('brigade', 'gas_detector', '便携式气体检测仪', 2, 0),
 ('brigade', 'dust_tester', '粉尘浓度检测仪', 1, 0),
 ('township', 'body_camera', '执法记录仪', 0, 1),
 ('township', 'mobile_terminal', '移动执法终端', 1, 0),
 ('township', 'vehicle', '执法执勤用车', 1, 0),
 ('township', 'gas_detector', '便携式气体检测仪', 1, 0),
 ('devzone', 'body_camera', '执法记录仪', 0, 1),
 ('devzone', 'mobile_terminal', '移动执法终端', 1, 0),
 ('devzone', 'vehicle', '执法执勤用车', 1, 0),
 ('devzone', 'gas_detector', '便携式气体检测仪', 1, 0),
 ('devzone', 'dust_tester', '粉尘浓度检测仪', 1, 0);
