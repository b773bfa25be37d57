-- 034: 安全生产法 第112条 按日连续处罚 recorded on the original case (issue 8).
-- The party was fined on case_id and ordered to correct (the hazard's
-- 责令限期整改, hazard_id); a re-inspection (复查) found it not corrected.
-- The record keeps what the sum was made of — the original fine, the days
-- from the day after the order to the last day counted, the total (core
-- zf_dp_check) — and the follow-up case opened to decide it (a new case:
-- the daily penalty is a new decision with its own notice, rights and
-- review). Never changed or deleted.
CREATE TABLE case_daily_penalties (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    hazard_id       INTEGER NOT NULL REFERENCES hazards(id),
    ordered_on      TEXT NOT NULL,
    from_on         TEXT NOT NULL,
    until_on        TEXT NOT NULL,
    days            INTEGER NOT NULL CHECK (days > 0),
    fine_fen        INTEGER NOT NULL CHECK (fine_fen > 0),
    total_fen       INTEGER NOT NULL,
    follow_case_id  INTEGER NOT NULL REFERENCES cases(id),
    created_at      TEXT NOT NULL,
    created_by      INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX case_daily_penalties_case ON case_daily_penalties(case_id, id);
CREATE UNIQUE INDEX case_daily_penalties_follow ON case_daily_penalties(follow_case_id);
