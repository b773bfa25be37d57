/* enterprises.h — the enterprise registry (R11) in the database, and its
 * code lists (industry domain, scale, risk level, supervision class,
 * status) with their Chinese names.
 *
 * An enterprise belongs to one township or development zone (units of kind
 * township/devzone): that unit is the record's unit for permissions, so a
 * township officer sees only the enterprises of her township. Lists are
 * filtered by scope in the query itself and paged by keyset (sort key, id),
 * never by OFFSET, so page 2,000 costs what page 1 costs. Strings returned
 * live in the caller's arena. Writers expect the caller's transaction
 * (zf_db_begin) so the change and its log event commit together (R22). */
#ifndef ZF_STORE_ENTERPRISES_H
#define ZF_STORE_ENTERPRISES_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

typedef struct zf_enterprise {
    int64_t id;
    const char *credit_code; /* normalised, 18 characters */
    const char *name;
    int64_t unit_id; /* township / devzone */
    const char *unit_name;
    const char *unit_path;
    const char *address;
    const char *domain; /* hazchem fireworks mining industry other */
    const char *scale;  /* above below micro */
    const char *legal_rep;
    const char *legal_rep_phone;
    const char *contact;
    const char *contact_phone;
    const char *risk;        /* red orange yellow blue */
    const char *supervision; /* key general */
    const char *status;      /* operating suspended closed */
    int credit_punished;
    /* credit code of the group / head office ('' = none; migration 012):
     * affiliates share it (credit follow-ups, issue 6) */
    const char *group_code;
    int64_t version;
    const char *created_at;
    const char *updated_at;
} zf_enterprise_t;

/* ---- code lists ---- */

typedef struct zf_code_name {
    const char *code;
    const char *name;
} zf_code_name_t;

/* The code list called `list` ("domain", "scale", "risk", "supervision",
 * "status"): its entries and their count, or NULL. */
const zf_code_name_t *zf_enterprise_codes(const char *list, size_t *n);
/* Chinese name of a code, or NULL when it is not in the list. */
const char *zf_enterprise_code_name(const char *list, const char *code);
/* The code for text that is either the code or its Chinese name ("危化",
 * "hazchem"), or NULL. */
const char *zf_enterprise_code_parse(const char *list, const char *text);
/* Sort rank of a risk level: red 1 (highest) … blue 4; 0 when unknown. */
int zf_enterprise_risk_rank(const char *risk);

/* ---- queries ---- */

enum {
    ZF_ENT_SORT_NAME,
    ZF_ENT_SORT_CODE,
    ZF_ENT_SORT_RISK,
    ZF_ENT_SORT_UPDATED,
    ZF_ENT_SORT_COUNT
};

typedef struct zf_enterprise_filter {
    const char *scope_path;                           /* required: the actor's scope */
    const char *q;                                    /* name fragment, or NULL */
    const char *code;                                 /* credit code prefix (normalised), or NULL */
    int64_t unit_id;                                  /* 0 = any */
    const char *domain, *risk, *supervision, *status; /* codes, or NULL */
    const char *group_code;                           /* normalised credit code, or NULL */
    int sort;                                         /* ZF_ENT_SORT_* */
    int desc;
    /* keyset cursor: the last row of the previous page */
    int has_cursor;
    const char *after_text; /* name / code / updated_at */
    int64_t after_int;      /* risk_rank */
    int64_t after_id;
    int limit; /* 1…1000 */
} zf_enterprise_filter_t;

/* One page in sort order; *more = 1 when rows follow it. */
int zf_enterprises_list(zf_db_t *db, zf_arena_t *a, const zf_enterprise_filter_t *f,
                        zf_enterprise_t **out, size_t *n, int *more, zf_error_t *err);
/* How many rows match (the cursor is ignored). */
int zf_enterprises_count(zf_db_t *db, const zf_enterprise_filter_t *f, int64_t *total,
                         zf_error_t *err);

int zf_enterprise_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_enterprise_t *out,
                      zf_error_t *err);
/* ZF_ENOTFOUND when no enterprise has the (normalised) code. */
int zf_enterprise_get_by_code(zf_db_t *db, zf_arena_t *a, const char *credit_code,
                              zf_enterprise_t *out, zf_error_t *err);

/* Insert e (id, version and times are filled in; unit_name/unit_path are
 * kept as given). 409 enterprise.duplicate_code when the code is taken. */
int zf_enterprise_insert(zf_db_t *db, zf_arena_t *a, zf_enterprise_t *e, zf_error_t *err);
/* The operating (在营) affiliates of e — same non-empty group_code, or whose
 * group_code is e's credit code, or whose credit code is e's group_code —
 * excluding e itself, by id (at most 1000). */
int zf_enterprise_affiliates(zf_db_t *db, zf_arena_t *a, const zf_enterprise_t *e,
                             zf_enterprise_t **out, size_t *n, zf_error_t *err);
/* Store every field of e if the stored version is `version`; then e->version
 * and e->updated_at are the new ones. 409 conflict.version when stale. */
int zf_enterprise_update(zf_db_t *db, zf_arena_t *a, zf_enterprise_t *e, int64_t version,
                         zf_error_t *err);

#endif
