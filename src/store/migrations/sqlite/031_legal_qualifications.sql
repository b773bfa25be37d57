-- 031: the legal reviewers' 法律职业资格 (issue 8). 行政处罚法 第58条第2款
-- [原文, LAW.md §5.7]: 行政机关中初次从事行政处罚决定法制审核的人员，应当通过
-- 国家统一法律职业资格考试取得法律职业资格. The rule binds those who first
-- review on or after the law's effect (2021-07-15); someone reviewing before
-- keeps doing so. One row per reviewer account: the certificate's number and
-- date, or the day the person began reviewing; each change logged.
CREATE TABLE legal_qualifications (
    user_id          INTEGER PRIMARY KEY REFERENCES users(id),
    certificate_no   TEXT NOT NULL DEFAULT '',
    obtained_on      TEXT NOT NULL DEFAULT '',
    reviewing_since  TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    updated_at       TEXT NOT NULL,
    updated_by       INTEGER REFERENCES users(id)
) STRICT;
