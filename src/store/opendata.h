/* opendata.h — the rows of the open-data files (issue 10, R14/R25): signed
 * inspections with their counts, the violations of published decisions with
 * their amount history (migration 027). Read only; what the public may see
 * of each row (masking, field names) is decided by the API
 * (api/opendata_inspections.c, api/opendata_violations.c). Strings live in
 * the caller's arena. */
#ifndef ZF_STORE_OPENDATA_H
#define ZF_STORE_OPENDATA_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

/* An inspection that is signed or closed (status <> 'open'). */
typedef struct zf_od_inspection {
    int64_t id;
    const char *inspected_on; /* YYYY-MM-DD */
    const char *unit_name;    /* the inspecting unit */
    const char *source;       /* plan | draw | complaint | accident | follow_up | ad_hoc */
    int64_t draw_id;          /* source_id when source = draw, else 0 */
    const char *enterprise_name, *credit_code; /* as in the registry: the API masks */
    const char *township;                      /* the enterprise's unit */
    const char *domain;                        /* the checklist's domain, "" without one */
    int64_t findings, hazards_ordinary, hazards_major, hazards_rectified;
    int case_opened;       /* a case linked to it was filed (立案) or decided on the spot */
    const char *signed_at; /* UTC instant */
} zf_od_inspection_t;

typedef struct zf_od_insp_filter {
    const char *enterprise; /* part of the name or credit code; never matches an individual */
    const char *from, *to;  /* inspected_on range, inclusive; NULL = open */
    int64_t before_id;      /* keyset: ids below this; 0 = from the newest */
    int limit;              /* 1..500 */
} zf_od_insp_filter_t;

/* Newest first (id descending). */
int zf_od_inspections_list(zf_db_t *db, zf_arena_t *a, const zf_od_insp_filter_t *f,
                           zf_od_inspection_t **out, size_t *n, zf_error_t *err);

/* A violation of a decision whose publication is 'published'. */
typedef struct zf_od_violation {
    int64_t id; /* case_violations.id */
    int64_t publication_id;
    const char *number; /* the decision's number */
    const char *doc;    /* the publication's frozen public document (JSON) */
    int64_t position;   /* 0-based place among its case's violations (by id): the
                           index of its entry in doc.violations */
    const char *item_code;
    int64_t amount_fen;  /* the current value */
    int64_t initial_fen; /* seq 1 of its history (the current value without one) */
    int64_t values;      /* rows of its history */
} zf_od_violation_t;

/* Newest first (violation id descending), ids below before_id (0 = all). */
int zf_od_violations_list(zf_db_t *db, zf_arena_t *a, int64_t before_id, int limit,
                          zf_od_violation_t **out, size_t *n, zf_error_t *err);

typedef struct zf_od_amount {
    int64_t publication_id, violation_id, seq, amount_fen;
    const char *number, *item_code, *stage, *changed_at;
} zf_od_amount_t;

/* The history rows of published violations with ids in [lo, hi], by
 * violation id descending then seq. */
int zf_od_amounts_between(zf_db_t *db, zf_arena_t *a, int64_t lo, int64_t hi, zf_od_amount_t **out,
                          size_t *n, zf_error_t *err);

#endif
