/* demo_opendata.c — see demo_opendata.h.
 *
 * The cases loader writes each demo case as its steps left it, with past
 * dates, so the trigger of migration 027 saw one value per violation, at
 * load time, while the case row was a draft. For one served case the demo
 * tells the common story instead: the investigators proposed the top of
 * the tier's range when the case was filed (立案), and lowered it to the
 * amount decided once the enterprise had put things right, before the
 * notice (行政处罚法 第32条: 主动消除或者减轻违法行为危害后果 is a ground to
 * mitigate). The rows are written here as the loader writes every other
 * past row; the last one is the violation's amount, as the trigger keeps
 * it. */
#include "cli/demo_opendata.h"

#include <stdint.h>

#define STORY_CASE "未提供符合标准的劳动防护用品" /* the served case of demo_cases.c */

int zf_demo_opendata_load(zf_db_t *db, zf_arena_t *a, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT v.id, v.case_id, v.amount_fen, v.range_max_fen, c.filed_on, c.notified_on "
        "FROM case_violations v JOIN cases c ON c.id = v.case_id "
        "WHERE c.title = $1 AND c.filed_on <> '' AND c.notified_on <> '' ORDER BY v.id LIMIT 1",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, STORY_CASE);
    int rc = zf_stmt_step(st, err);
    if (rc <= 0) {
        zf_stmt_done(st);
        return rc; /* no such case (a changed demo): nothing to tell */
    }
    int64_t vid = zf_stmt_int(st, 0), cid = zf_stmt_int(st, 1), amount = zf_stmt_int(st, 2),
            top = zf_stmt_int(st, 3);
    /* 09:30 local (01:30 UTC) on the day of filing and of the notice */
    const char *proposed = zf_arena_printf(a, "%sT01:30:00.000Z", zf_stmt_text(st, 4));
    const char *lowered = zf_arena_printf(a, "%sT01:30:00.000Z", zf_stmt_text(st, 5));
    zf_stmt_done(st);
    if (top <= amount) return 0;
    st =
        zf_db_prepare(db,
                      "UPDATE case_violation_amounts SET amount_fen = $2, stage = 'investigating', "
                      "changed_at = $3 WHERE violation_id = $1 AND seq = 1",
                      err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, vid);
    zf_stmt_bind_int(st, 2, top);
    zf_stmt_bind_text(st, 3, proposed);
    int64_t ch = zf_stmt_run(st, err);
    if (ch < 0) return (int)ch;
    st =
        zf_db_prepare(db,
                      "INSERT INTO case_violation_amounts (violation_id, case_id, seq, amount_fen, "
                      "stage, changed_at) VALUES ($1, $2, 2, $3, 'investigating', $4)",
                      err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, vid);
    zf_stmt_bind_int(st, 2, cid);
    zf_stmt_bind_int(st, 3, amount);
    zf_stmt_bind_text(st, 4, lowered);
    ch = zf_stmt_run(st, err);
    return ch < 0 ? (int)ch : 0;
}
