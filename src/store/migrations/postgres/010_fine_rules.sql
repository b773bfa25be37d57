-- 010: fines that are not fixed amounts (R10, issue 3). A catalogue version
-- may carry a fine rule as JSON (NULL = none):
--   {"kind":"income","grades":[{"grade":"general","min_permille":400,"max_permille":400}]}
--     a share of the person's previous-year annual income (安全生产法 第95、96、
--     110条; grade "" = any accident grade);
--   {"kind":"multiple","base":"第114条第1款规定的罚款数额","min_mult":2,"max_mult":5,
--    "cap_fen":10000000000}
--     multiples of another fine up to a cap (第114条第2款).
-- The seed (zhifa init) derives the rules from catalog.csv; the UPDATEs below
-- give an installation seeded before this migration the same rules for its
-- seeded versions (the rule was already in their other_measures wording).
ALTER TABLE catalogue_versions ADD COLUMN fine_rule TEXT;

UPDATE catalogue_versions SET fine_rule =
  '{"kind":"income","grades":[{"grade":"general","min_permille":400,"max_permille":400}]}'
  WHERE fine_rule IS NULL AND fine_min IS NULL AND fine_max IS NULL
    AND item_id IN (SELECT id FROM catalogue_items WHERE code = 'AQ-095-01');
UPDATE catalogue_versions SET fine_rule =
  '{"kind":"income","grades":[{"grade":"larger","min_permille":600,"max_permille":600}]}'
  WHERE fine_rule IS NULL AND fine_min IS NULL AND fine_max IS NULL
    AND item_id IN (SELECT id FROM catalogue_items WHERE code = 'AQ-095-02');
UPDATE catalogue_versions SET fine_rule =
  '{"kind":"income","grades":[{"grade":"major","min_permille":800,"max_permille":800}]}'
  WHERE fine_rule IS NULL AND fine_min IS NULL AND fine_max IS NULL
    AND item_id IN (SELECT id FROM catalogue_items WHERE code = 'AQ-095-03');
UPDATE catalogue_versions SET fine_rule =
  '{"kind":"income","grades":[{"grade":"especially_major","min_permille":1000,"max_permille":1000}]}'
  WHERE fine_rule IS NULL AND fine_min IS NULL AND fine_max IS NULL
    AND item_id IN (SELECT id FROM catalogue_items WHERE code = 'AQ-095-04');
UPDATE catalogue_versions SET fine_rule =
  '{"kind":"income","grades":[{"grade":"","min_permille":200,"max_permille":500}]}'
  WHERE fine_rule IS NULL AND fine_min IS NULL AND fine_max IS NULL
    AND item_id IN (SELECT id FROM catalogue_items WHERE code = 'AQ-096-02');
UPDATE catalogue_versions SET fine_rule =
  '{"kind":"income","grades":[{"grade":"","min_permille":600,"max_permille":1000}]}'
  WHERE fine_rule IS NULL AND fine_min IS NULL AND fine_max IS NULL
    AND item_id IN (SELECT id FROM catalogue_items WHERE code IN ('AQ-110-01', 'AQ-110-02'));
UPDATE catalogue_versions SET fine_rule =
  '{"kind":"multiple","base":"第114条第1款规定的罚款数额","min_mult":2,"max_mult":5,"cap_fen":10000000000}'
  WHERE fine_rule IS NULL AND fine_min IS NULL AND fine_max IS NULL
    AND item_id IN (SELECT id FROM catalogue_items WHERE code = 'AQ-114-05');
