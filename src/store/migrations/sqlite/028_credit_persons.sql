-- 028: credit punishment, second part (issue 10, R26). SQLite dialect; the
-- PostgreSQL twin keeps the same tables, columns and indexes.
--
-- 1. The documents of the serious-list flow (应急管理部令第11号 [二手],
--    LAW.md §5.3: 列入前告知当事人，作出书面列入决定): the issued
--    列入严重失信主体名单告知书 and 决定书 are rows of `documents` (017) with
--    subject 'enterprise' and the record's id in their frozen fields; the
--    record points at them. ADD COLUMN, not a rebuild of documents' CHECK.
ALTER TABLE credit_records ADD COLUMN notice_document_id INTEGER REFERENCES documents(id);
ALTER TABLE credit_records ADD COLUMN decision_document_id INTEGER REFERENCES documents(id);

-- 2. The persons listed with the unit (11号令 lists 单位及其主要负责人, 有关
--    责任人员, 中介机构的直接责任人员): each its own listed subject, tied to
--    the unit's record — listed while the record is listed, off the public
--    list when the record is removed (expiry, early removal, revocation).
--    id_number: the resident ID as given (GB 11643 checked by the API),
--    shown masked on the public list (core/mask.h).
CREATE TABLE credit_persons (
    id          INTEGER PRIMARY KEY,
    record_id   INTEGER NOT NULL REFERENCES credit_records(id),
    role        TEXT NOT NULL CHECK (role IN ('principal', 'responsible', 'direct')),
    name        TEXT NOT NULL,
    id_number   TEXT NOT NULL DEFAULT '',
    position    TEXT NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES users(id),
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX credit_persons_record ON credit_persons(record_id, id);

-- 3. The time to state and defend after the notice: LAW.md §5.3 says only
--    that the party is told of the right (陈述申辩权) before listing; no
--    number. The common practice for notices is 3 or 5 days (LAW.md §1.6,
--    for penalties, 未核实): dated configuration, confirmed = 0.
INSERT INTO legal_params (key, value, unit, effective_from, source, confirmed, label, created_at) VALUES
 ('credit.serious.statement_days', '5', '日', '2023-10-01', '应急管理部令第11号 列入前告知、陈述申辩权 [二手]；期限未核实（告知书常见3日或5日）', 0, '严重失信主体名单：告知后陈述申辩期限', '2026-11-28T00:00:00.000Z');
