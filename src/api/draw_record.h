/* draw_record.h — a double-random draw from freezing to its public record
 * (R13, R14), shared by the API (api/draws.c), the demo loader and
 * `zhifa draw verify`: freeze the pools, run the draw at the witness,
 * build the public record, verify a record. The algorithm is core/draw.h;
 * the record format is docs/draw.md. No HTTP here; SQL only through the
 * store. */
#ifndef ZF_API_DRAW_RECORD_H
#define ZF_API_DRAW_RECORD_H

#include <jansson.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/draw.h"
#include "core/error.h"
#include "store/db.h"
#include "store/draws.h"

/* What a draw is asked to do (the API body, or the demo). */
typedef struct zf_draw_params {
    int64_t unit_id; /* the draw's unit */
    int64_t plan_id; /* 0 = none */
    const char *title;
    int64_t year, month;
    const char *date;                        /* draw day YYYY-MM-DD: eligibility, relations, caps */
    int64_t township_id;                     /* 0 = any */
    const char *domain, *supervision, *risk; /* "" = any */
    const char *inspected_since;   /* "" = keep; else leave out enterprises inspected since */
    const char *credit; /* "" = any; "punished": only enterprises under credit punishment
                         * (issue 10, R26: a targeted draw at their own, higher ratio) */
    int64_t count, ratio_permille; /* one of them > 0 */
    int64_t per_enterprise;        /* ≥ 2 */
    int exclude_unstaffable;       /* 1: leave out (and publish) enterprises the constraints
                                    * leave without enough inspectors; 0: refuse the draw */
} zf_draw_params_t;

/* Freeze the pools of a draw over the enterprises and officers under
 * pool_scope (a unit path): filters, yearly cap (enterprises at their cap
 * left out and counted, one below listed as warnings), eligible inspectors
 * on the draw day (core team rule), township limits, exclusions; hash them,
 * draw the secret (OS CSPRNG) and commit to it. When some enterprise of the
 * pool could not get enough inspectors: 422 naming it, or, with
 * p->exclude_unstaffable, it is left out before hashing and listed in the
 * summary ("unstaffable"); either way the witness step cannot fail on
 * constraints.
 * dry_run: compute only, store nothing (*id untouched): the pool preview.
 * Otherwise inserts the draw (the caller's transaction) and sets *id.
 * *summary (new reference): {pool_size, inspector_count, target_count,
 * excluded_at_cap, excluded_inspected, warnings, hashes{…}, commitment?}. */
int zf_drawsvc_freeze(zf_db_t *db, zf_arena_t *a, const zf_draw_params_t *p, const char *pool_scope,
                      int64_t created_by, int dry_run, int64_t *id, json_t **summary,
                      zf_error_t *err);

/* The params object stored with the draw and published. */
json_t *zf_drawsvc_params_json(const zf_draw_params_t *p);

/* Run a frozen draw with the witness value (checked and trimmed here):
 * seed, selection, assignment, ledger rows (source 'draw', status
 * 'planned', the draw's month, the inspectors), status 'done'. Inside the
 * caller's transaction; on any error nothing is written that the caller's
 * rollback does not undo. *logged (new reference): what the log event
 * records ({witness, seed, secret, result}). */
int zf_drawsvc_witness(zf_db_t *db, zf_arena_t *a, const zf_draw_row_t *d, const char *witness,
                       int64_t user_id, json_t **logged, zf_error_t *err);

/* The public record of a draw (new reference). Before the draw is done the
 * secret, seed and result are null: the commitment binds the server. */
json_t *zf_draw_record_json(const zf_draw_row_t *d);

/* The record as downloaded: JSON with sorted keys, indented, ending in a
 * newline (arena). `zhifa draw verify` accepts these bytes. */
char *zf_draw_record_text(zf_arena_t *a, const zf_draw_row_t *d, size_t *len);

/* Re-run a record: commitment against the secret, pool hashes against the
 * pools, the seed, the target count, and the selection and assignment
 * against the published result. *report (new reference):
 * {"ok":bool,"checks":[{"name","ok","detail"}]}. Returns 1 when every check
 * passes, 0 otherwise. */
int zf_draw_record_verify(json_t *record, json_t **report);

#endif
