-- 040: the reviews by kind, opinion and day (issue 12, found by the bench
-- generator's records: bench/gen_cases.c --case-records 1). The yearly
-- performance review counts each officer's 法制审核 returns of the period
-- (store/stats.c SQL_OFF_RETURNS: kind = 'legal_review' AND opinion =
-- 'return' AND reviewed_on in the period); without this index the planner
-- walks every case of the scope and probes case_reviews by case_id — all
-- 1,000,000 cases for the district. With it, it reads the period's returns
-- and joins their cases by primary key. SQLite dialect; the PostgreSQL twin
-- has the same index.
CREATE INDEX case_reviews_kind ON case_reviews(kind, opinion, reviewed_on);
