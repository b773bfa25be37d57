/* publications.h — 事后公开: penalty decisions on the public portal
 * (migration 021). What a row means and the law behind its dates is in the
 * migration and in api/publications.c. Strings live in the caller's arena;
 * writers expect the caller's transaction. */
#ifndef ZF_STORE_PUBLICATIONS_H
#define ZF_STORE_PUBLICATIONS_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

typedef struct zf_publication {
    int64_t id, case_id, decision_id, unit_id;
    const char *unit_path; /* read only (join) */
    const char *number, *decided_on, *due_on;
    const char *status; /* pending | published | held | withdrawn */
    const char *party_name, *credit_code;
    int64_t amount_fen;
    const char *doc; /* canonical JSON, individuals masked */
    const char *published_at;
    const char *held_reason, *held_at;
    int64_t held_by;
    const char *withdraw_due_on, *withdrawn_at, *withdraw_reason;
    int64_t withdrawn_by;
    int64_t version;
    const char *created_at, *updated_at;
} zf_publication_t;

/* Insert (status, dates, doc… from p); p->id set. */
int zf_publication_insert(zf_db_t *db, zf_publication_t *p, zf_error_t *err);
/* Save status, hold and withdrawal columns if the stored version is
 * p->version (409 conflict.version otherwise); bumps the version. */
int zf_publication_save(zf_db_t *db, zf_publication_t *p, zf_error_t *err);
/* 404 publication.not_found when absent. */
int zf_publication_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_publication_t *out,
                       zf_error_t *err);
/* Rows of one case, oldest first. */
int zf_publications_of_case(zf_db_t *db, zf_arena_t *a, int64_t case_id, zf_publication_t **out,
                            size_t *n, zf_error_t *err);

typedef struct zf_pub_filter {
    const char *scope_path; /* internal lists: unit subtree; NULL for the public list */
    const char *status;     /* NULL = any (internal); the public list passes "published" */
    const char *due_before; /* overdue: pending/held with due_on < this day */
    const char *q;          /* party name fragment or exact credit code */
    int64_t case_id;        /* 0 = any */
    int64_t before_id;      /* keyset: ids below this; 0 = from the newest */
    int limit;              /* 1..200 */
} zf_pub_filter_t;
int zf_publications_list(zf_db_t *db, zf_arena_t *a, const zf_pub_filter_t *f,
                         zf_publication_t **out, size_t *n, zf_error_t *err);

#endif
