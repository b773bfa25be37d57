/* demo_publications.c — see demo_publications.h. Goes through the same
 * hooks as the case transitions (api/publications.h), so the demo's
 * publications and their log events are what a server would have written. */
#include "cli/demo_publications.h"

#include <string.h>

#include "api/publications.h"
#include "store/publications.h"

/* Ids of the cases with a penalty decision (not 不予处罚), oldest first. */
static int decided_cases(zf_db_t *db, zf_arena_t *a, int64_t **ids, size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT DISTINCT c.id FROM cases c JOIN case_decisions d ON "
                                  "d.case_id = c.id WHERE c.state <> 'no_penalty' ORDER BY c.id",
                                  err);
    if (!st) return ZF_EIO;
    size_t cap = 16;
    *ids = zf_arena_alloc(a, cap * sizeof **ids);
    *n = 0;
    int rc;
    while ((rc = zf_stmt_step(st, err)) == 1) {
        if (*n == cap) {
            int64_t *more = zf_arena_alloc(a, 2 * cap * sizeof *more);
            memcpy(more, *ids, cap * sizeof *more);
            *ids = more;
            cap *= 2;
        }
        (*ids)[(*n)++] = zf_stmt_int(st, 0);
    }
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

int zf_demo_publications_load(zf_db_t *db, zf_arena_t *a, zf_error_t *err) {
    zf_case_cfg_t cfg;
    int rc = zf_case_cfg_load(db, a, &cfg, err);
    int64_t *ids = NULL;
    size_t n = 0;
    if (rc == 0) rc = decided_cases(db, a, &ids, &n, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        zf_case_full_t f;
        rc = zf_case_load(db, a, ids[i], &f, err);
        for (size_t k = 0; rc == 0 && k < f.ndecisions; k++)
            rc = zf_api_publication_on_decided(db, a, 0, &f, &f.decisions[k], &cfg, err);
        if (rc == 0 && *f.c.served_on) rc = zf_api_publication_on_served(db, a, 0, &f, err);
    }
    return rc;
}
