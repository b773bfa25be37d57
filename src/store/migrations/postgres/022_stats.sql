-- 022: indexes for the statistics (issue 11, R32; src/store/stats.c). Each
-- figure is a range on the period's date inside one unit (the unit subtree
-- is a handful of unit ids), so every index leads with unit_id, then the
-- period's date or the columns the query groups by, and carries what it
-- sums: the query reads the index only (EXPLAIN QUERY PLAN: USING COVERING
-- INDEX), never the table.
-- PostgreSQL dialect; the SQLite twin has the same indexes (EXPLAIN: Index Only Scan
-- once the table has been vacuumed).
-- filed by state: ordered as the query groups (unit, state, simple), the
-- period a range inside each group (SQLite skip-scans state and simple)
CREATE INDEX cases_stats_filed ON cases(unit_id, state, simple, filed_on);
-- decided on the spot (filed_on '')
CREATE INDEX cases_stats_spot ON cases(unit_id, filed_on, decided_on, state);
CREATE INDEX cases_stats_decided ON cases(unit_id, decided_on, decided_amount_fen, no_penalty_reason);
CREATE INDEX cases_stats_closed ON cases(unit_id, closed_on);
CREATE INDEX case_payments_stats ON case_payments(kind, paid_on, case_id, amount_fen);
CREATE INDEX inspections_stats ON inspections(unit_id, source, inspected_on, status, enterprise_id);
-- enterprises inspected: one probe per enterprise
CREATE INDEX inspections_stats_ent ON inspections(enterprise_id, inspected_on, unit_id);
CREATE INDEX hazards_stats ON hazards(unit_id, ordered_on, grade, status, deadline);
