-- 025: case-file evaluation (案卷评查, R30; issue 11, docs/internals/evaluation.md).
-- SQLite dialect (STRICT); the PostgreSQL twin has the same tables, columns
-- and indexes.
--
-- A standard (评查标准) is a version of the checklist: its items, vetoes and
-- grade thresholds as JSON checked by core/evaluation.c; versions are kept,
-- never edited, and a round names the one it uses. `pool` is the frozen
-- list of the period's case ids (decimal, space-separated, ascending) a
-- sampled round drew from, so anyone can redo the draw from pool and seed. A round (评查轮次) holds
-- the cases it evaluates (all of the period, or drawn with the project's
-- sampler from a recorded pool and seed); each case's evaluation keeps the
-- marks as JSON and the total and grade as columns, so the results are
-- GROUP BYs. Problems of a submitted evaluation become feedback rows, one
-- per case officer with an account and problem.
CREATE TABLE evaluation_standards (
    id          INTEGER PRIMARY KEY,
    version     INTEGER NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_by  INTEGER REFERENCES users(id),
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE evaluation_rounds (
    id               INTEGER PRIMARY KEY,
    unit_id          INTEGER NOT NULL REFERENCES units(id),
    name             TEXT NOT NULL,
    period_from      TEXT NOT NULL,
    period_to        TEXT NOT NULL,
    mode             TEXT NOT NULL CHECK (mode IN ('complete', 'sampled')),
    sample_count     INTEGER NOT NULL DEFAULT 0,
    sample_percent   INTEGER NOT NULL DEFAULT 0,
    pool_size        INTEGER NOT NULL DEFAULT 0,
    pool             TEXT NOT NULL DEFAULT '',
    pool_hash        TEXT NOT NULL DEFAULT '',
    seed             TEXT NOT NULL DEFAULT '',
    standard_id      INTEGER NOT NULL REFERENCES evaluation_standards(id),
    owner_id         INTEGER NOT NULL REFERENCES users(id),
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL
) STRICT;
CREATE INDEX evaluation_rounds_unit ON evaluation_rounds(unit_id, id);

CREATE TABLE evaluation_evaluators (
    round_id  INTEGER NOT NULL REFERENCES evaluation_rounds(id),
    user_id   INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (round_id, user_id)
) STRICT;

-- status: pending (not scored), draft (saved), submitted (frozen).
-- position / sampler_i: the k-th case of the selection and the sampler's i
-- that chose it (0 for a complete round).
CREATE TABLE evaluation_cases (
    id            INTEGER PRIMARY KEY,
    round_id      INTEGER NOT NULL REFERENCES evaluation_rounds(id),
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    position      INTEGER NOT NULL,
    sampler_i     INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'draft', 'submitted')),
    evaluator_id  INTEGER REFERENCES users(id),
    marks         TEXT NOT NULL DEFAULT '{}',
    total         INTEGER NOT NULL DEFAULT 0,
    grade         TEXT NOT NULL DEFAULT '',
    veto          INTEGER NOT NULL DEFAULT 0,
    version       INTEGER NOT NULL DEFAULT 1,
    submitted_at  TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL,
    UNIQUE (round_id, case_id)
) STRICT;
CREATE INDEX evaluation_cases_case ON evaluation_cases(case_id, round_id);
CREATE INDEX evaluation_cases_status ON evaluation_cases(round_id, status, total);

-- status: open (sent, unanswered), answered (整改说明 given, once),
-- withdrawn (the evaluation was reopened; kept as history).
CREATE TABLE evaluation_feedback (
    id             INTEGER PRIMARY KEY,
    evaluation_id  INTEGER NOT NULL REFERENCES evaluation_cases(id),
    round_id       INTEGER NOT NULL REFERENCES evaluation_rounds(id),
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    user_id        INTEGER NOT NULL REFERENCES users(id),
    item_code      TEXT NOT NULL,
    item_name      TEXT NOT NULL,
    problem        TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'withdrawn')),
    answer         TEXT NOT NULL DEFAULT '',
    answered_at    TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX evaluation_feedback_user ON evaluation_feedback(user_id, id);
CREATE INDEX evaluation_feedback_round ON evaluation_feedback(round_id, status);
CREATE INDEX evaluation_feedback_eval ON evaluation_feedback(evaluation_id, status);
