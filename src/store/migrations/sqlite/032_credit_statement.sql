-- 032: how the party's statement period ended before a listing (issue 10,
-- 应急管理部令第11号 [二手, LAW.md §5.3]: 列入前告知 and the right to state
-- and defend). '' not listed yet; 'period_ended' the period after the notice
-- (credit.serious.statement_days, 未核实) ran out; 'heard' the party stated
-- and defended (and was heard) before it ran out; 'waived' the party
-- expressly gave it up. Listing inside the period needs one of the last two.
ALTER TABLE credit_records ADD COLUMN statement TEXT NOT NULL DEFAULT '';
