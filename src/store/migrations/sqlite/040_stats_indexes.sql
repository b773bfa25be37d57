-- 040: indexes for the statistics over cases with their records (issue 12;
-- found with the bench generator's records, bench/gen_cases.c
-- --case-records 1, measured on 475,000 cases in bench/README.md).
-- SQLite dialect; the PostgreSQL twin has the same indexes.

-- The yearly performance review counts each officer's 法制审核 returns of
-- the period (store/stats.c SQL_OFF_RETURNS: kind = 'legal_review' AND
-- opinion = 'return' AND reviewed_on in the period). Without this index the
-- planner walks every case of the scope and probes case_reviews by case_id
-- (every case of the district); with it, it reads the period's returns and
-- joins their cases by primary key.
CREATE INDEX case_reviews_kind ON case_reviews(kind, opinion, reviewed_on);

-- The dashboard's cases by domain (store/stats_cover.c SQL_CASE_DOMAIN):
-- the cases registered in the period, (filed_on in the period) OR (filed_on
-- = '' AND decided_on in the period). Every other index on cases leads with
-- unit_id, so each branch of the OR scanned a whole index (0.16 s a request
-- even for a month without cases); with this one each branch is a range.
CREATE INDEX cases_registered ON cases(filed_on, decided_on);

-- ... and for each of those cases the item of its violations, read from
-- this index instead of the violation's row (its discretion JSON makes the
-- rows large: one page read per violation without it).
CREATE INDEX case_violations_item ON case_violations(case_id, item_code, item_version);
