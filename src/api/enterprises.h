/* enterprises.h — the enterprise registry's API-side helpers shared by the
 * HTTP handlers (enterprises.c) and the command line (`zhifa import
 * enterprises`): field rules, the JSON view, and the all-or-nothing import.
 * Knows no SQL (store/enterprises.h does) and no sockets. */
#ifndef ZF_API_ENTERPRISES_H
#define ZF_API_ENTERPRISES_H

#include <jansson.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/perm.h"
#include "store/db.h"
#include "store/enterprises.h"

/* The JSON view: codes with their Chinese names, the township as
 * {"id","name"}. Phone numbers are shown in full: every API route needs a
 * session; a public page would mask them. */
json_t *zf_api_enterprise_json(const zf_enterprise_t *e);

/* Check one text field of an enterprise ("credit_code", "name", "address",
 * "legal_rep", "legal_rep_phone", "contact", "contact_phone", "domain",
 * "scale", "risk", "supervision", "status"). On success *out is the value to
 * store (normalised code, list code for the code lists; arena string) and 0
 * is returned; otherwise −1 and reason (Chinese) is filled. */
int zf_enterprise_check_field(zf_arena_t *a, const char *field, const char *value, const char **out,
                              char *reason, size_t reason_cap);

/* The import file's columns, in template order: Chinese header and field. */
typedef struct zf_import_column {
    const char *header; /* "统一社会信用代码" */
    const char *field;  /* "credit_code"; "township" for 所属乡镇 */
    int required;
} zf_import_column_t;
const zf_import_column_t *zf_enterprise_import_columns(size_t *n);

/* Progress of a long import: phase "check" or "store", rows done, rows in
 * all (0 while unknown). */
typedef void (*zf_import_progress_fn)(void *ctx, const char *phase, size_t done, size_t total);

typedef struct zf_import_opts {
    const char *format;      /* "csv", "xlsx", or NULL to sniff (zip → xlsx) */
    const char *encoding;    /* CSV only: "utf-8", "gb18030", "auto" (NULL) */
    const zf_actor_t *actor; /* NULL: the system (CLI), scope everything */
    size_t max_errors;       /* rows listed in the report; 0 = 1000 */
    zf_import_progress_fn progress;
    void *progress_ctx;
    /* 1: the caller has no transaction open; the check pass runs without
     * one (reads only) and the import opens the write transaction itself
     * just before storing, so SQLite's write lock is held for the store pass
     * only; each row's credit code is checked again inside it (409
     * import.conflict when someone registered it meanwhile). The caller
     * commits or rolls back as before. 0: the caller's transaction is open
     * for both passes (the CLI). */
    int begin_before_store;
} zf_import_opts_t;

/* Validate every row of data[0..n); if all are good, insert them all in one
 * transaction with one "enterprise.import" log event each (R22), and commit.
 * If any is bad nothing is stored. *report (new reference) is
 *   {"imported":N,"format","encoding"}                         on success, or
 *   {"rows":N,"bad_rows":K,"errors":[{"row","column","value","reason"}…],
 *    "errors_total":M,"truncated":bool}                         for bad rows
 * with err = 400 import.invalid_rows. Other failures (encoding, header,
 * broken file) return 400 with their own codes and *report NULL. */
int zf_enterprise_import(zf_db_t *db, zf_arena_t *a, const char *data, size_t n,
                         const zf_import_opts_t *opts, json_t **report, zf_error_t *err);

/* Credit punishment (issue 10, api/credit.c): set enterprise id's
 * credit_punished to `on` through the registry's update path, inside the
 * caller's transaction — store update (version checked), on 0 → 1 the
 * credit follow-ups of issue 6 (only when req is given: they need the
 * actor's inspecting unit), and the "enterprise.update" event by actor_id.
 * Nothing happens when the flag already has that value. *followups (new
 * reference, may be NULL) lists the follow-up entries made. */
struct zf_req;
int zf_api_enterprise_set_credit(struct zf_req *req, zf_db_t *db, zf_arena_t *a, int64_t actor_id,
                                 int64_t id, int on, json_t **followups, zf_error_t *err);

#endif
