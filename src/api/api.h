/* api.h — the JSON API: one file per resource, each parses the request,
 * checks permission (core/perm), calls the store and writes JSON. Knows HTTP
 * status codes, not sockets, and no SQL.
 *
 * The app struct is built by `zhifa serve` and shared read-only by every
 * worker thread (the pool and the hashing gate synchronise themselves). */
#ifndef ZF_API_API_H
#define ZF_API_API_H

#include <jansson.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>

#include "core/perm.h"
#include "core/sign.h"
#include "http/http.h"
#include "store/db.h"
#include "store/log.h"
#include "store/store.h"

typedef struct zf_app {
    zf_db_pool_t *pool;
    zf_signing_key_t log_key; /* signs checkpoints */
    char log_origin[128];     /* names this log in its checkpoints */
    char data_dir[4096];      /* blobs live under <data_dir>/blobs (store/blobs.h) */
    int64_t session_ttl_ms;
    int cookie_secure; /* add `Secure` to the cookie (behind TLS) */
    unsigned long long pwhash_ops;
    size_t pwhash_mem;
    sem_t pwhash_gate; /* caps concurrent argon2id hashes (memory) */
    pthread_mutex_t dummy_mu;
    char dummy_hash[128];         /* verified against for unknown users (timing); lazy */
    struct zf_log_tree *log_tree; /* cached subtree hashes for proofs (store/log_tree.h) */
} zf_app_t;

/* Set up the app's own parts (hash gate, dummy hash). 0 or negative. */
int zf_app_init(zf_app_t *app);
void zf_app_fini(zf_app_t *app);

/* Build the router with every API route (static table in routes.c). */
zf_router_t *zf_api_router(void);

/* The dispatch hook for zf_http_opts: session, CSRF, coarse permission. */
void zf_api_dispatch(zf_req_t *req, zf_resp_t *resp, const zf_route_t *route);

/* ---- helpers for handlers ---- */

typedef struct zf_api_session {
    zf_actor_t actor;
    const char *csrf;
    const char *token;
} zf_api_session_t;

/* The request's app and signed-in actor (NULL on public routes without a
 * session). */
zf_app_t *zf_api_app(zf_req_t *req);
const zf_actor_t *zf_api_actor(zf_req_t *req);
const zf_api_session_t *zf_api_session(zf_req_t *req);

/* A database connection for this request, released when the request ends. */
zf_db_t *zf_api_db(zf_req_t *req);

/* Answer with an error (zf_error_t) and log 5xx ones. */
void zf_api_fail(zf_req_t *req, zf_resp_t *resp, const zf_error_t *err);

/* Finish a change the handler made inside its transaction: append the log
 * event e (R22: the change and its event commit together), commit, and answer
 * `status` with `answer` (reference stolen). On failure roll back and answer
 * the error instead. Returns 0 or a negative code. */
int zf_api_commit(zf_req_t *req, zf_resp_t *resp, const zf_log_entry_t *e, int status,
                  json_t *answer);
/* zf_api_commit for the common change: log `action` on object_type
 * object_id (written as a decimal string) of unit unit_id (0 = none) by the
 * signed-in actor, with before (NULL for a creation: logged as null) and
 * after_logged, then answer `status` with `answer`. answer is what the client
 * gets and may differ from what is logged (users log password_changed).
 * Steals all three references. */
void zf_api_commit_change(zf_req_t *req, zf_resp_t *resp, const char *action,
                          const char *object_type, int64_t object_id, int64_t unit_id,
                          json_t *before, json_t *after_logged, json_t *answer, int status);
/* zf_api_commit_change that answers only a failure: on success (0) the
 * caller answers, after the commit and so outside the write lock (a case
 * edit builds its detail then). Steals both references. */
int zf_api_commit_change_only(zf_req_t *req, zf_resp_t *resp, const char *action,
                              const char *object_type, int64_t object_id, int64_t unit_id,
                              json_t *before, json_t *after_logged);
/* Roll back the open transaction, if any, and answer err. */
void zf_api_abort(zf_req_t *req, zf_resp_t *resp, const zf_error_t *err);

/* Downloads (download.c). zf_api_download_path makes an empty temp file
 * "$TMPDIR/zhifa-<stem>-XXXXXX.<ext>" that is removed when the request ends
 * (NULL with err filled on failure); build the file there, then
 * zf_api_download_send answers 200 with it as an attachment named
 * <ascii_name>.<ext> (plus the RFC 5987 UTF-8 name, percent-encoded, when
 * given), Content-Type from ext ("csv" or "xlsx"), or 500 export.io. */
const char *zf_api_download_path(zf_req_t *req, const char *stem, const char *ext, zf_error_t *err);
/* "attachment; filename=\"…\"; filename*=UTF-8''…" for a file called
 * utf8_name (RFC 6266; the name percent-encoded as RFC 5987/8187 says, and
 * an ASCII stand-in — '_' for each other character, the quote and the
 * backslash — for clients that do not read filename*). In the arena. */
const char *zf_api_disposition(zf_arena_t *a, const char *utf8_name);
void zf_api_download_send(zf_req_t *req, zf_resp_t *resp, const char *path, const char *ext,
                          const char *ascii_name, const char *utf8_name_pct);

/* Request body validation. A spec lists every accepted field: unknown fields
 * give 400 input.unknown_field; missing required ones and wrong types 400
 * input.invalid naming the field. Strings must be valid text (no control
 * characters) and at most max_len characters (bytes/3 for CJK is not used:
 * the limit counts Unicode code points). */
/* ZF_FIELD_ARRAY: a JSON array of at most max_len elements (0 = 200), at
 * least min_len; the handler checks the elements. */
enum { ZF_FIELD_STRING, ZF_FIELD_INT, ZF_FIELD_BOOL, ZF_FIELD_ARRAY };

typedef struct zf_field {
    const char *name;
    int type;
    int required;
    const char *label; /* Chinese, for messages: "机构名称" */
    size_t max_len;    /* strings: max code points, 0 = 200 */
    size_t min_len;    /* strings: min code points (after trimming nothing) */
} zf_field_t;

int zf_api_check_fields(json_t *body, const zf_field_t *spec, size_t n, zf_error_t *err);

/* Keyset paging of a list (input.c): ?before= a positive id (default left
 * as given, 0 = from the newest) and ?limit= 1–200 (default left as given);
 * 400 input.invalid naming the parameter. */
int zf_api_page_params(zf_req_t *req, int64_t *before, int64_t *limit, zf_error_t *err);

/* A checked body's optional fields (input.c): the string or NULL, the
 * integer or dflt, the boolean or dflt. */
const char *zf_body_str(json_t *body, const char *key);
int64_t zf_body_int(json_t *body, const char *key, int64_t dflt);
int zf_body_bool(json_t *body, const char *key, int dflt);

/* Parse the body and check it against spec in one go; NULL after answering
 * the error. */
json_t *zf_api_body(zf_req_t *req, zf_resp_t *resp, const zf_field_t *spec, size_t n);

/* Route parameter or query value as a positive 64-bit id; 0 after answering
 * 400/404 (the message names the parameter). */
int64_t zf_api_id_param(zf_req_t *req, zf_resp_t *resp, const char *name);

/* A request that ends something with a reason — a withdrawal (撤回), a
 * revocation (吊销) — at POST …/{id}/…: the body holds exactly the one
 * required string field `reason` (its label and limits), the path the {id}.
 * Returns the reason, borrowed from the request's body (freed with the
 * request), with *id set; NULL after answering 400 (body, then id) as
 * zf_api_body and zf_api_id_param do. */
const char *zf_api_reason_and_id(zf_req_t *req, zf_resp_t *resp, const zf_field_t *reason,
                                 int64_t *id);
/* The reason of a withdrawal of a stored file (evidence, notice materials):
 * 撤回理由, 2 to 500 characters. */
extern const zf_field_t zf_api_withdraw_reason;

/* Handlers (one file per resource). */
void zf_api_health(zf_req_t *req, zf_resp_t *resp);
void zf_api_login(zf_req_t *req, zf_resp_t *resp);
void zf_api_logout(zf_req_t *req, zf_resp_t *resp);
void zf_api_me(zf_req_t *req, zf_resp_t *resp);
void zf_api_roles(zf_req_t *req, zf_resp_t *resp);
void zf_api_units_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_unit_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_unit_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_unit_update(zf_req_t *req, zf_resp_t *resp);
void zf_api_users_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_user_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_user_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_user_update(zf_req_t *req, zf_resp_t *resp);
void zf_api_log_checkpoint(zf_req_t *req, zf_resp_t *resp);
/* The log's public JSON (log.c), also for receipts: hex of a hash or key, a
 * signed checkpoint with its signed text, an audit path. */
json_t *zf_api_hex_json(const unsigned char *p, size_t n);
json_t *zf_api_checkpoint_json(zf_req_t *req, const zf_checkpoint_t *c);
json_t *zf_api_path_json(const zf_hash_t *path, size_t len);
void zf_api_log_checkpoints(zf_req_t *req, zf_resp_t *resp);
void zf_api_log_inclusion(zf_req_t *req, zf_resp_t *resp);
void zf_api_log_consistency(zf_req_t *req, zf_resp_t *resp);
void zf_api_log_event(zf_req_t *req, zf_resp_t *resp);
void zf_api_object_history(zf_req_t *req, zf_resp_t *resp);

/* JSON views shared by several handlers. */
json_t *zf_api_unit_json(const struct zf_unit *u);
json_t *zf_api_user_json(const struct zf_user *u);

/* Password hashing with argon2id under the app's gate. */
int zf_api_password_hash(zf_app_t *app, const char *password, char out[128], zf_error_t *err);
int zf_api_password_verify(zf_app_t *app, const char *hash, const char *password);
/* An argon2id hash of nothing anyone knows, with the app's parameters. */
const char *zf_api_dummy_hash(zf_app_t *app);

/* ---- catalogue of enforcement items and discretion (issue 3):
 * catalogue.c, catalogue_csv.c, discretion.c, legal_params.c ---- */
#include "core/discretion.h"
#include "store/catalogue.h"

void zf_api_catalogue_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_catalogue_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_catalogue_lookup(zf_req_t *req, zf_resp_t *resp);
void zf_api_catalogue_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_catalogue_version_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_catalogue_use_check(zf_req_t *req, zf_resp_t *resp);
void zf_api_discretion(zf_req_t *req, zf_resp_t *resp);
void zf_api_legal_params_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_legal_param_create(zf_req_t *req, zf_resp_t *resp);

json_t *zf_api_catalogue_version_json(const zf_cat_version_t *v);
json_t *zf_api_legal_param_json(const zf_legal_param_t *p);
/* Parse a catalogue CSV (catalogue_csv.c header comment) whole: 0 with the
 * versions, or 400 import.rejected with *errors = [{row,column,message}]
 * (owned by the arena) and nothing returned. */
int zf_catalogue_csv_parse(zf_arena_t *a, const char *data, size_t n, int xlsx,
                           zf_cat_version_t **out, size_t *count, json_t **errors, zf_error_t *err);
/* The column names of the catalogue file, in export order. */
const char *const *zf_catalogue_csv_columns(size_t *n);
void zf_api_catalogue_export(zf_req_t *req, zf_resp_t *resp);
void zf_api_catalogue_import(zf_req_t *req, zf_resp_t *resp);
/* Seed the built-in catalogue and the legal parameter defaults into an empty
 * catalogue (zhifa init), logged; items seeded, 0 if not empty, or < 0. */
int zf_catalogue_seed(zf_db_t *db, zf_arena_t *a, zf_error_t *err);
const char *zf_catalogue_default_effective(const char *code);
int zf_api_disc_params(const zf_legal_param_t *rows, size_t n, zf_disc_params_t *p,
                       zf_error_t *err);
int zf_api_legal_param_known(const char *key, const char **unit);
/* Fill a catalogue version from a JSON object (API body or CLI item);
 * absent fields keep v's values; validates everything (400, field named;
 * catalogue.no_legal_basis when a basis is blank). */
int zf_api_catalogue_from_json(zf_arena_t *a, json_t *o, zf_cat_version_t *v, zf_error_t *err);
/* Fine rules that are not fixed amounts (issue 3 follow-up, migration 010):
 * check a catalogue `fine_rule` JSON value and write its canonical text
 * (NULL for JSON null) — 400 naming field fine_rule; and fill the engine's
 * view of it from the stored text (NULL text = no rule). */
int zf_api_fine_rule_check(zf_arena_t *a, json_t *rule, const char **text, zf_error_t *err);
void zf_api_fine_rule_to_engine(zf_arena_t *a, const char *text, zf_disc_item_t *it);
/* Today in China (UTC+8) as YYYY-MM-DD into out[11]. */
void zf_api_today(char out[11]);
/* Run the discretion engine for `code` with facts given as a JSON object
 * (the body of POST /api/v1/discretion): reads the versions in force on the
 * violation and decision dates and the legal parameters in force on the
 * decision date, or takes `item` (a version, JSON as the API shows it)
 * instead of the database's. Fills *answer (new reference) or err. */
int zf_api_discretion_compute(zf_db_t *db, zf_arena_t *a, json_t *body, json_t *item,
                              json_t **answer, zf_error_t *err);

/* ---- officers, training, staffing, equipment (issue 4): officers.c ---- */
#include "core/officers.h"

void zf_api_officers_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_officer_me(zf_req_t *req, zf_resp_t *resp);
void zf_api_officer_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_officer_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_officer_update(zf_req_t *req, zf_resp_t *resp);
void zf_api_officer_assignment(zf_req_t *req, zf_resp_t *resp);
void zf_api_unit_posts_set(zf_req_t *req, zf_resp_t *resp);
void zf_api_trainings_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_training_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_equipment_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_equipment_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_equipment_update(zf_req_t *req, zf_resp_t *resp);
void zf_api_equipment_standards(zf_req_t *req, zf_resp_t *resp);
void zf_api_report_training(zf_req_t *req, zf_resp_t *resp);
void zf_api_report_certificates(zf_req_t *req, zf_resp_t *resp);
void zf_api_report_ratio(zf_req_t *req, zf_resp_t *resp);
void zf_api_report_staffing(zf_req_t *req, zf_resp_t *resp);
void zf_api_report_staffing_xlsx(zf_req_t *req, zf_resp_t *resp);
void zf_api_report_equipment(zf_req_t *req, zf_resp_t *resp);
/* officers follow-up (issue 4): dated settings of the officer rules */
void zf_api_officer_settings_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_officer_setting_create(zf_req_t *req, zf_resp_t *resp);
/* Today in China (UTC+8, no daylight saving) as a day number (core/officers.h). */
zf_day_t zf_api_officers_today(void);

/* ---- enterprise registry (issue 3, R11): enterprises.c, enterprise_import.c;
 * shared helpers in api/enterprises.h ---- */
void zf_api_enterprises_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_enterprise_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_enterprise_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_enterprise_update(zf_req_t *req, zf_resp_t *resp);
void zf_api_enterprise_check_code(zf_req_t *req, zf_resp_t *resp);
void zf_api_enterprise_codes(zf_req_t *req, zf_resp_t *resp);
void zf_api_enterprise_import(zf_req_t *req, zf_resp_t *resp);
/* ---- background jobs (issue 3 follow-up): jobs.c ----
 * One worker thread runs submitted jobs one at a time (FIFO, at most 8
 * waiting: 503 jobs.busy), each with a connection borrowed from app->pool.
 * fn runs in the worker: it fills *result (new reference, the answer the
 * client gets) and *status (HTTP status) and may report progress; it
 * returns 0 (job done) or not (job failed). free_arg(arg) is called after
 * it, also when the job is refused. Returns the job id, or < 0 with err. */
typedef struct zf_job zf_job_t;
typedef int (*zf_job_fn)(void *arg, zf_db_t *db, zf_job_t *job, json_t **result, int *status);
int64_t zf_jobs_submit(zf_app_t *app, zf_db_t *db, const char *kind, int64_t owner_id, zf_job_fn fn,
                       void *arg, void (*free_arg)(void *), zf_error_t *err);
void zf_job_progress(zf_job_t *job, const char *phase, size_t done, size_t total);
/* The job as JSON (owner_id 0: any owner), NULL when unknown or not the
 * owner's: this server's own with live progress, else its row (db). */
json_t *zf_jobs_get(zf_db_t *db, int64_t id, int64_t owner_id);
/* Wait until the job is finished; its result (new reference) and status. */
int zf_jobs_wait(int64_t id, json_t **result, int *status);
/* Stop the worker: the running job finishes, queued ones are refused. */
void zf_jobs_stop(void);
void zf_api_job_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_enterprises_export(zf_req_t *req, zf_resp_t *resp);
void zf_api_enterprises_template(zf_req_t *req, zf_resp_t *resp);

/* ---- 事前公开, public without login (issue 10, R25): public.c ---- */
void zf_api_public_portal(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_officers(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_catalogue(zf_req_t *req, zf_resp_t *resp);
/* open data: CSV downloads and the Atom feed of draws (opendata.c) */
void zf_api_public_catalogue_csv(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_draws_csv(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_draws_atom(zf_req_t *req, zf_resp_t *resp);
/* the API described as OpenAPI 3.0, from the route table (openapi.c) */
void zf_api_openapi(zf_req_t *req, zf_resp_t *resp);
/* the administrator's edit of the portal texts (public.c) */
void zf_api_portal_text_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_portal_text_save(zf_req_t *req, zf_resp_t *resp);
/* The bureau a public or portal request is about (?bureau=CODE, else the
 * first bureau); answers 404 itself and returns -1 when there is none. */
int zf_api_find_bureau(zf_req_t *req, zf_resp_t *resp, zf_unit_t *out);
/* The authority's contact and the bodies named in the statement of rights,
 * as every document prints them (doc_settings.c). */
typedef struct zf_api_doc_settings {
    int64_t bureau_id;
    const char *bureau_path;
    const char *authority_address, *authority_phone, *reconsideration_body, *court;
    int64_t id, versions; /* id 0: nothing stored, defaults */
    const char *updated_at;
} zf_api_doc_settings_t;
int zf_api_doc_settings(zf_db_t *db, zf_arena_t *a, zf_api_doc_settings_t *out, zf_error_t *err);
/* Put them into a document's fields (authority.*), over what a client sent. */
void zf_api_doc_settings_apply(const zf_api_doc_settings_t *s, json_t *fields);
void zf_api_doc_settings_get(zf_req_t *req, zf_resp_t *resp);
/* a legal reviewer's 法律职业资格 (legal_qualifications.c, 第58条第2款) */
void zf_api_legal_qualification_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_legal_qualification_put(zf_req_t *req, zf_resp_t *resp);
/* 0 when user_id may record a legal review, else 403
 * case.reviewer_not_qualified */
int zf_api_reviewer_check(zf_db_t *db, zf_arena_t *a, int64_t user_id, zf_error_t *err);
void zf_api_doc_settings_save(zf_req_t *req, zf_resp_t *resp);
/* The name of the bureau (the first unit of kind bureau), "" when none: the
 * issuing authority of every decision and document, never the brigade. */
const char *zf_api_bureau_name(zf_db_t *db, zf_arena_t *a);
/* Text for XML (Atom feeds): & < > " escaped; stored text has no control
 * characters (checked on the way in). opendata.c */
const char *zf_api_xml_text(zf_arena_t *a, const char *s);
/* 事后公开 of penalty decisions (publications.c; hooks in publications.h) */
void zf_api_public_decisions_csv(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_decisions_atom(zf_req_t *req, zf_resp_t *resp);
void zf_api_publications_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_publication_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_publication_hold(zf_req_t *req, zf_resp_t *resp);
void zf_api_publication_release(zf_req_t *req, zf_resp_t *resp);
void zf_api_publication_withdraw(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_decisions(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_decision(zf_req_t *req, zf_resp_t *resp);
/* open data of inspections (opendata_inspections.c) and of the published
 * violations with their amount history (opendata_violations.c), issue 10 */
void zf_api_public_inspections(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_inspections_csv(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_inspections_atom(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_violations(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_violations_csv(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_violation_amounts_csv(zf_req_t *req, zf_resp_t *resp);
/* the double-random rules text, public and edited (rules_text.c) */
void zf_api_draw_rules_text_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_draw_rules_text_save(zf_req_t *req, zf_resp_t *resp);

/* ---- annual plans, inspection burden, joint inspections (issue 6, part A):
 * plans.c ---- */
void zf_api_plans_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_plan_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_plan_generate(zf_req_t *req, zf_resp_t *resp);
void zf_api_plan_entry_add(zf_req_t *req, zf_resp_t *resp);
void zf_api_plan_entry_update(zf_req_t *req, zf_resp_t *resp);
void zf_api_plan_entry_cancel(zf_req_t *req, zf_resp_t *resp);
void zf_api_plan_entry_done(zf_req_t *req, zf_resp_t *resp);
void zf_api_plan_submit(zf_req_t *req, zf_resp_t *resp);
void zf_api_plan_approve(zf_req_t *req, zf_resp_t *resp);
void zf_api_plan_return(zf_req_t *req, zf_resp_t *resp);
void zf_api_plan_progress(zf_req_t *req, zf_resp_t *resp);
void zf_api_plan_load(zf_req_t *req, zf_resp_t *resp);
void zf_api_plan_joint(zf_req_t *req, zf_resp_t *resp);
void zf_api_plan_joint_merge(zf_req_t *req, zf_resp_t *resp);
void zf_api_enterprise_burden(zf_req_t *req, zf_resp_t *resp);
#include "store/plans.h"
/* Generate a plan (p: unit_id, year, parameters) inside the caller's
 * transaction; *out = the stored plan, *report_out = the report (new ref). */
int zf_api_plan_generate_run(zf_db_t *db, zf_arena_t *a, int64_t actor_id, const zf_unit_t *unit,
                             zf_plan_t p, zf_plan_t *out, json_t **report_out, zf_error_t *err);
json_t *zf_api_plan_json(const zf_plan_t *p);
/* [[ledger id, enterprise id, month, officer id…], …] for the generation's event. */
json_t *zf_api_plan_entries_log(zf_db_t *db, zf_arena_t *a, int64_t plan_id, zf_error_t *err);

/* ---- working-day calendar and legal deadlines (issue 8, part A):
 * deadlines.c; the engine itself is core/calendar.h and core/deadline.h ---- */
#include "core/deadline.h"
#include "store/calendar.h"

void zf_api_calendar_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_calendar_import(zf_req_t *req, zf_resp_t *resp);
void zf_api_deadline_rules(zf_req_t *req, zf_resp_t *resp);
void zf_api_deadline_compute(zf_req_t *req, zf_resp_t *resp);
void zf_api_deadline_surcharge(zf_req_t *req, zf_resp_t *resp);
/* The calendar embedded in the binary (data/holidays.csv), in arena a. */
int zf_api_embedded_calendar(zf_arena_t *a, zf_calendar_t *cal, zf_error_t *err);
/* Seed the embedded calendar's years that the database lacks (never
 * overwriting a stored year) and the deadline parameters whose key is
 * absent, each logged (zhifa init; caller holds the transaction). Returns
 * the number of years seeded or < 0. */
int zf_deadline_seed(zf_db_t *db, zf_arena_t *a, zf_error_t *err);
/* The deadline configuration in force on `date` (legal_params), counting
 * unconfirmed rows (may be NULL). */
int zf_api_deadline_config(zf_db_t *db, zf_arena_t *a, const char *date, zf_dl_config_t *cfg,
                           int *unconfirmed, zf_error_t *err);
json_t *zf_api_dl_rule_json(const zf_dl_rule_t *r);
json_t *zf_api_dl_result_json(const zf_dl_result_t *r, const zf_dl_config_t *cfg,
                              const zf_calendar_t *cal, const char *calendar_source);
json_t *zf_api_surcharge_json(const zf_surcharge_t *s, zf_day_t due, zf_day_t paid,
                              const zf_span_t *paused, size_t np);
/* "FROM:TO" spans separated by commas or spaces (400 field "paused"). */
int zf_api_parse_spans(zf_arena_t *a, const char *text, zf_span_t **out, size_t *n,
                       zf_error_t *err);

/* ---- double-random draws and the public record (issue 6, R13/R14):
 * draws.c, draw_record.c (api/draw_record.h); officers' relations: relations.c ---- */
void zf_api_draws_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_draw_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_draw_preview(zf_req_t *req, zf_resp_t *resp);
void zf_api_draw_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_draw_witness(zf_req_t *req, zf_resp_t *resp);
void zf_api_draw_cancel(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_draws(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_draw(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_draw_record(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_draw_rules(zf_req_t *req, zf_resp_t *resp);
void zf_api_relations_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_relation_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_relation_end(zf_req_t *req, zf_resp_t *resp);

/* ---- inspection checklists as data (issue 7, part A): checklists.c; the
 * format is core/checklist.h, the table store/checklists.h ---- */
void zf_api_checklists_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_checklist_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_checklist_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_checklist_version_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_checklist_retire(zf_req_t *req, zf_resp_t *resp);
/* Load the checklists shipped in data/checklists (embedded) that the
 * database lacks: a code not yet stored, or a shipped version above every
 * stored one; each checked (format and catalogue codes, so the catalogue
 * must be seeded first) and logged (zhifa init; caller holds the
 * transaction). Returns the number loaded or < 0 (500
 * checklist.seed_invalid naming the file and the item). */
int zf_checklist_seed(zf_db_t *db, zf_arena_t *a, zf_error_t *err);

/* ---- triggered inspections and credit follow-ups (issue 6, last gaps):
 * ledger.c; the team rule outside a plan lives in plans.c ---- */
#include "store/enterprises.h"
void zf_api_enterprise_ledger_add(zf_req_t *req, zf_resp_t *resp);
/* Chinese name of a ledger source ("complaint" → "投诉举报"). */
const char *zf_api_ledger_source_name(const char *source);
/* The unit that inspects for the actor (own unit; the bureau's first brigade
 * for users of the bureau itself). */
int zf_api_inspecting_unit(zf_db_t *db, zf_arena_t *a, const zf_actor_t *actor, zf_unit_t *out,
                           zf_error_t *err);
/* The enterprise e was just placed under credit punishment: its mandatory
 * follow-up and its affiliates' entries (source credit), one "ledger.add"
 * event each, in the caller's transaction; *created (new reference) lists
 * the entries made (none already open this month are duplicated). */
int zf_api_credit_followups(zf_req_t *req, const zf_enterprise_t *e, json_t **created,
                            zf_error_t *err);
/* Officers "12,15" as a team of the unit in month m of year (400
 * plan.team_invalid naming the person). */
int zf_api_team_check_unit(zf_db_t *db, zf_arena_t *a, int64_t unit_id, const char *unit_path,
                           int64_t year, int m, const char *officers, int64_t *ids, size_t max,
                           size_t *n, zf_error_t *err);

/* ---- transfer departments, exchange tokens, shares, agency notices, the
 * exchange API (issue 11): agencies.c, exchange.c; store/exchange.h ---- */
#include "store/exchange.h"
void zf_api_agencies_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_agency_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_agency_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_agency_update(zf_req_t *req, zf_resp_t *resp);
void zf_api_agency_shares(zf_req_t *req, zf_resp_t *resp);
void zf_api_agency_share_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_agency_share_withdraw(zf_req_t *req, zf_resp_t *resp);
void zf_api_tokens_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_token_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_token_revoke(zf_req_t *req, zf_resp_t *resp);
void zf_api_notices_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_notice_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_notice_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_notice_reply(zf_req_t *req, zf_resp_t *resp);
void zf_api_exchange_shared(zf_req_t *req, zf_resp_t *resp);
void zf_api_exchange_enterprises(zf_req_t *req, zf_resp_t *resp);
void zf_api_exchange_enterprise(zf_req_t *req, zf_resp_t *resp);
void zf_api_exchange_notices(zf_req_t *req, zf_resp_t *resp);
void zf_api_exchange_notice_push(zf_req_t *req, zf_resp_t *resp);
void zf_api_exchange_notice_reply(zf_req_t *req, zf_resp_t *resp);
/* The materials (files) of notices and replies (migration 041):
 * notice_files.c. */
void zf_api_notice_attach(zf_req_t *req, zf_resp_t *resp);
void zf_api_notice_attachment_content(zf_req_t *req, zf_resp_t *resp);
void zf_api_notice_attachment_withdraw(zf_req_t *req, zf_resp_t *resp);
void zf_api_exchange_notice_attach(zf_req_t *req, zf_resp_t *resp);
void zf_api_exchange_attachment_content(zf_req_t *req, zf_resp_t *resp);
void zf_api_exchange_attachment_withdraw(zf_req_t *req, zf_resp_t *resp);
/* An attachment as the API shows it (a new object). */
json_t *zf_api_attachment_json(const zf_notice_attachment_t *f);
/* The token as logged and shown to its holder: id, label, scope,
 * resources, agency (a new object). */
json_t *zf_api_xtoken_view(const zf_xtoken_t *t);
/* On an exchange route: 0 when the token may go on; otherwise answers 403
 * token.scope (push set and the token is read-only) or 403 token.resource
 * (the token does not list resource; with push set, notice.write) and
 * returns -1. */
int zf_api_xtoken_require(zf_req_t *req, zf_resp_t *resp, const char *resource, int push);
/* The token behind the request on an exchange route (dispatch.c), NULL on
 * every other route; its actor (zf_api_actor) has role "partner", user id 0,
 * the agency's bureau as unit and scope. */
const zf_xtoken_t *zf_api_xtoken(zf_req_t *req);
/* Does the token's resource list name this action? 1 or 0. */
int zf_api_xtoken_allows(const zf_xtoken_t *t, const char *resource);
/* The unit id at the end of a path "/0000000001/0000000007/" (7), 0 if none. */
int64_t zf_api_path_unit_id(const char *path);

/* ---- 领导干部干预执法活动记录 (issue 11, R31): interference.c ---- */
void zf_api_interference_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_interference_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_interference_report(zf_req_t *req, zf_resp_t *resp);
void zf_api_interference_get(zf_req_t *req, zf_resp_t *resp);

/* ---- transfers to other agencies and to the police, public-interest
 * litigation (issue 11, R27/R28): transfers.c, transfer_steps.c,
 * litigation.c; helpers api/transfer_api.h, tables store/transfers.h ---- */
void zf_api_transfers_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_transfer_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_transfer_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_transfer_step(zf_req_t *req, zf_resp_t *resp);
void zf_api_litigation_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_litigation_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_litigation_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_litigation_reply(zf_req_t *req, zf_resp_t *resp);
/* The case's side (transfer_steps.c): the 移送评估 signal from its
 * violations' catalogue codes (legal_params transfer.signal_codes) sets
 * *criteria_met, a criminal transfer decided (sent or refused with reasons)
 * sets *decision_recorded; neither is ever cleared here. 0 or negative. */
struct zf_case_full;
int zf_api_transfer_case_facts(zf_db_t *db, zf_arena_t *a, const struct zf_case_full *f,
                               const char *today, int *criteria_met, int *decision_recorded,
                               zf_error_t *err);
/* The case detail's criminal_transfer object (signal, reasons, transfers,
 * whether closing is blocked, 不得以罚代刑 and the fine's credit); new
 * reference, JSON null when the parameters cannot be read. */
json_t *zf_api_transfer_case_json(zf_db_t *db, zf_arena_t *a, const struct zf_case_full *f,
                                  const char *today);

/* ---- on-site inspections, hazards, evidence, 扫码入企 (issue 7, part B):
 * inspections.c, evidence.c, hazards.c, enterprise_qr.c; helpers in
 * api/inspections.h, the tables store/inspections.h ---- */
void zf_api_inspections_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_inspection_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_inspection_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_inspection_update(zf_req_t *req, zf_resp_t *resp);
void zf_api_inspection_finding_add(zf_req_t *req, zf_resp_t *resp);
void zf_api_inspection_sign(zf_req_t *req, zf_resp_t *resp);
void zf_api_inspection_receipt(zf_req_t *req, zf_resp_t *resp);
void zf_api_evidence_upload(zf_req_t *req, zf_resp_t *resp);
void zf_api_evidence_content(zf_req_t *req, zf_resp_t *resp);
void zf_api_evidence_withdraw(zf_req_t *req, zf_resp_t *resp);
void zf_api_hazard_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_hazards_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_hazard_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_hazard_update(zf_req_t *req, zf_resp_t *resp);
void zf_api_hazard_reinspection(zf_req_t *req, zf_resp_t *resp);
void zf_api_hazard_case_link(zf_req_t *req, zf_resp_t *resp);
void zf_api_enterprise_qr(zf_req_t *req, zf_resp_t *resp);
void zf_api_enterprise_qr_rotate(zf_req_t *req, zf_resp_t *resp);
void zf_api_enterprise_arrival(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_enterprise(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_enterprise_feedback(zf_req_t *req, zf_resp_t *resp);
/* The enterprise's QR secret, made (and logged) when it has none yet, in
 * the caller's transaction (the demo prints codes for its enterprises). */
int zf_api_enterprise_qr_ensure(zf_db_t *db, zf_arena_t *a, const zf_actor_t *actor,
                                const zf_enterprise_t *ent, char out[65], zf_error_t *err);
/* ---- administrative penalty cases (issue 8, part C): cases.c, case_flow.c,
 * case_pay.c; shared inside the module through api/case_api.h ---- */
void zf_api_cases_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_case_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_case_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_case_update(zf_req_t *req, zf_resp_t *resp);
void zf_api_case_party_add(zf_req_t *req, zf_resp_t *resp);
void zf_api_case_party_update(zf_req_t *req, zf_resp_t *resp);
void zf_api_case_violation_add(zf_req_t *req, zf_resp_t *resp);
void zf_api_case_violation_update(zf_req_t *req, zf_resp_t *resp);
void zf_api_case_officer_add(zf_req_t *req, zf_resp_t *resp);
void zf_api_case_officer_remove(zf_req_t *req, zf_resp_t *resp);
void zf_api_case_timeline(zf_req_t *req, zf_resp_t *resp);
void zf_api_case_transition(zf_req_t *req, zf_resp_t *resp);
void zf_api_case_review_add(zf_req_t *req, zf_resp_t *resp);
void zf_api_case_decision_correct(zf_req_t *req, zf_resp_t *resp);
void zf_api_case_deadlines(zf_req_t *req, zf_resp_t *resp);
void zf_api_case_payment_notice(zf_req_t *req, zf_resp_t *resp);
void zf_api_case_payment_add(zf_req_t *req, zf_resp_t *resp);
void zf_api_case_payment_plan(zf_req_t *req, zf_resp_t *resp);
/* 行政复议 / 行政诉讼 on a case (case_remedies.c, migration 033) */
void zf_api_case_remedies_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_case_remedy_add(zf_req_t *req, zf_resp_t *resp);
/* 安全生产法 第112条 按日连续处罚: a follow-up case (case_daily.c, migration 034) */
void zf_api_case_daily_penalty(zf_req_t *req, zf_resp_t *resp);
void zf_api_case_remedy_outcome(zf_req_t *req, zf_resp_t *resp);
void zf_api_payments_import(zf_req_t *req, zf_resp_t *resp);
void zf_api_payments_import_preview(zf_req_t *req, zf_resp_t *resp);
/* 分期缴纳 (case_instalments.c, migration 035) */
void zf_api_case_instalment_apply(zf_req_t *req, zf_resp_t *resp);
void zf_api_case_instalment_decide(zf_req_t *req, zf_resp_t *resp);
/* The legal_params keys of cases (migration 015): 1 or 0, *unit set. */
int zf_api_case_param_known(const char *key, const char **unit);

/* ---- enforcement documents (issue 9, R24): documents.c; the renderer is
 * docs/docs.h, the table store/documents.h ---- */
void zf_api_document_preview(zf_req_t *req, zf_resp_t *resp);
void zf_api_document_issue(zf_req_t *req, zf_resp_t *resp);
void zf_api_document_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_document_pdf(zf_req_t *req, zf_resp_t *resp);
void zf_api_documents_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_documents_batch(zf_req_t *req, zf_resp_t *resp);
void zf_api_documents_batch_pdf(zf_req_t *req, zf_resp_t *resp);
void zf_api_document_templates_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_document_template_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_document_template_put(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_document_verify(zf_req_t *req, zf_resp_t *resp);

/* ---- credit punishment: bad records, the serious dishonesty list,
 * early removal, expiry (issue 10, R26): credit.c; store/credit.h ---- */
void zf_api_credit_criteria(zf_req_t *req, zf_resp_t *resp);
void zf_api_credit_evaluate(zf_req_t *req, zf_resp_t *resp);
void zf_api_credit_records_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_credit_record_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_credit_record_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_credit_approve(zf_req_t *req, zf_resp_t *resp);
void zf_api_credit_reject(zf_req_t *req, zf_resp_t *resp);
void zf_api_credit_notify(zf_req_t *req, zf_resp_t *resp);
void zf_api_credit_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_credit_revoke(zf_req_t *req, zf_resp_t *resp);
void zf_api_credit_restore(zf_req_t *req, zf_resp_t *resp);
void zf_api_credit_apply(zf_req_t *req, zf_resp_t *resp);
void zf_api_credit_application_decide(zf_req_t *req, zf_resp_t *resp);
void zf_api_credit_sweep(zf_req_t *req, zf_resp_t *resp);
/* the persons listed with the unit (migration 028): credit_persons.c */
void zf_api_credit_person_add(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_credit_list(zf_req_t *req, zf_resp_t *resp);
void zf_api_public_credit_list_csv(zf_req_t *req, zf_resp_t *resp);
/* The daily expiry sweep (also POST /api/v1/credit/sweep): in the caller's
 * transaction, every listing with expires_on <= today is removed (expired,
 * logged "credit.expire") and its enterprise's credit_punished cleared when
 * no other listing is in force (logged "enterprise.update"). Idempotent.
 * *report (new reference): {"date","removed":[ids],"flags_cleared":[ids]}. */
int zf_api_credit_sweep_run(zf_db_t *db, zf_arena_t *a, int64_t actor_id, const char *today,
                            json_t **report, zf_error_t *err);

/* ---- statistics (issue 11, R32): stats.c; figures from store/stats.c ---- */
void zf_api_stats_dashboard(zf_req_t *req, zf_resp_t *resp);
void zf_api_stats_monthly_xlsx(zf_req_t *req, zf_resp_t *resp);
void zf_api_stats_performance(zf_req_t *req, zf_resp_t *resp);

/* ---- case-file evaluation (案卷评查, issue 11, R30): evaluation.c
 * (standards, rounds), evaluation_sheet.c (scores, submit, reopen,
 * feedback, results); store/evaluation.h ---- */
#include "core/evaluation.h"
#include "store/evaluation.h"
void zf_api_evaluation_standards(zf_req_t *req, zf_resp_t *resp);
void zf_api_evaluation_standard_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_evaluation_standard_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_evaluation_rounds(zf_req_t *req, zf_resp_t *resp);
/* the accounts the actor may name as evaluators (evaluation.c) */
void zf_api_evaluation_evaluators(zf_req_t *req, zf_resp_t *resp);
void zf_api_evaluation_round_create(zf_req_t *req, zf_resp_t *resp);
void zf_api_evaluation_round_get(zf_req_t *req, zf_resp_t *resp);
void zf_api_evaluation_results(zf_req_t *req, zf_resp_t *resp);
void zf_api_evaluation_sheet(zf_req_t *req, zf_resp_t *resp);
void zf_api_evaluation_score(zf_req_t *req, zf_resp_t *resp);
void zf_api_evaluation_reopen(zf_req_t *req, zf_resp_t *resp);
void zf_api_evaluation_feedback(zf_req_t *req, zf_resp_t *resp);
void zf_api_evaluation_feedback_answer(zf_req_t *req, zf_resp_t *resp);
/* A stored standard version parsed (body kept alive by the arena). */
int zf_api_eval_standard_load(zf_arena_t *a, const zf_evalstd_row_t *row, json_t **body,
                              zf_eval_standard_t *s, zf_error_t *err);
json_t *zf_api_eval_round_json(const zf_eval_round_t *r);
json_t *zf_api_eval_case_json(const zf_eval_case_t *c, int with_marks);
json_t *zf_api_eval_feedback_json(const zf_eval_feedback_t *f);
/* Inside the caller's transaction: take the round's pool (the cases of
 * r->unit_path decided in the period), draw a sampled round's cases, insert
 * the round (r->pool*, seed filled), its evaluators and cases. *selected
 * (new reference): the case ids in selection order. 422 evaluation.no_cases
 * when the period has none. */
int zf_api_eval_round_make(zf_db_t *db, zf_arena_t *a, zf_eval_round_t *r,
                           const int64_t *evaluators, size_t n_ev, int64_t *id, json_t **selected,
                           zf_error_t *err);
/* Inside the caller's transaction: check the marks against the standard,
 * store them on the case c (at c->version) as a draft or submitted by
 * evaluator_id, and on submit send the problems to the case's officers
 * (*sent rows). *marks (new reference): the marks as stored. */
int zf_api_eval_mark(zf_db_t *db, zf_arena_t *a, zf_eval_case_t *c, const zf_eval_standard_t *s,
                     const zf_eval_mark_t *items, size_t ni, const zf_eval_mark_t *vetoes,
                     size_t nv, int64_t evaluator_id, int submit, zf_eval_result_t *res,
                     json_t **marks, int64_t *sent, zf_error_t *err);
/* Load the shipped standard (data/evaluation/default.json) as version 1
 * into an empty table, logged (zhifa init). 1 loaded, 0 already there. */
int zf_evaluation_seed(zf_db_t *db, zf_arena_t *a, zf_error_t *err);

#endif
