/* exchange.h — the receiving departments (agencies), the exchange API's
 * scoped tokens, what was shared with each agency, and the notices and
 * consultations with agencies (issue 11, R27–R29; migration 018). Knows SQL,
 * no HTTP. Everything returned lives in the caller's arena. Errors: 404
 * <what>.not_found, 409 conflict.version / store.conflict, 500 store.error.
 * docs/internals/exchange.md. */
#ifndef ZF_STORE_EXCHANGE_H
#define ZF_STORE_EXCHANGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

/* ---- agencies: the configurable list of departments ---- */
typedef struct zf_agency {
    int64_t id;
    int64_t unit_id;       /* the bureau whose list it is */
    const char *unit_path; /* its path, for the permission check */
    const char *name;
    const char *kind; /* market ecology housing … (zf_agency_kind_name) */
    const char *org_code;
    const char *contact;
    int active;
    int64_t version;
    const char *created_at;
    const char *updated_at;
} zf_agency_t;

/* Chinese name of an agency kind ("market" → "市场监督管理"), NULL if none;
 * zf_agency_kind_at(i) walks them (NULL after the last). */
const char *zf_agency_kind_name(const char *kind);
const char *zf_agency_kind_at(size_t i);

/* Which agencies a list answers: those of the units under scope_path,
 * newest first, keyset-paged (ids below before_id, 0 = from the newest; at
 * most limit rows). */
typedef struct zf_agency_filter {
    const char *scope_path;
    int active_only;   /* 0: the inactive ones too */
    const char *kinds; /* "market,ecology": one of these kinds; NULL or "" any */
    const char *q;     /* part of the name; NULL or "" any */
    int64_t before_id;
    int64_t limit;
} zf_agency_filter_t;

int zf_agencies_list(zf_db_t *db, zf_arena_t *a, const zf_agency_filter_t *f, zf_agency_t **out,
                     size_t *n, zf_error_t *err);
int zf_agency_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_agency_t *out, zf_error_t *err);
/* 409 agency.name_taken when the bureau has one of that name. */
int zf_agency_insert(zf_db_t *db, zf_arena_t *a, int64_t unit_id, const char *name,
                     const char *kind, const char *org_code, const char *contact, zf_agency_t *out,
                     zf_error_t *err);
/* NULL strings and active < 0 keep the stored values. */
int zf_agency_update(zf_db_t *db, zf_arena_t *a, int64_t id, int64_t version, const char *name,
                     const char *kind, const char *org_code, const char *contact, int active,
                     zf_agency_t *out, zf_error_t *err);

/* ---- exchange tokens ---- */
typedef struct zf_xtoken {
    int64_t id;
    int64_t agency_id;
    const char *agency_name;
    int64_t unit_id; /* the agency's bureau */
    const char *unit_path;
    const char *label;
    const char *scope;     /* "read" or "push" */
    const char *resources; /* "enterprise.read notice.write" */
    const char *token_prefix;
    int64_t created_by;
    const char *created_at;
    int64_t expires_ms;
    const char *revoked_at; /* NULL while valid */
    int64_t revoked_by;
    const char *revoked_reason;
    const char *last_used_at; /* NULL if never used */
    int64_t use_count;
} zf_xtoken_t;

/* Make a token: 32 random bytes, written as 64 hex characters into
 * token_out (shown once, never stored); the table keeps its SHA-256. */
int zf_xtoken_insert(zf_db_t *db, zf_arena_t *a, int64_t agency_id, const char *label,
                     const char *scope, const char *resources, int64_t expires_ms,
                     int64_t created_by, char token_out[65], zf_xtoken_t *out, zf_error_t *err);
/* The tokens of the agencies under scope_path (of agency_id only when it
 * is not 0), newest first, keyset-paged like the agencies. */
int zf_xtokens_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t agency_id,
                    int64_t before_id, int64_t limit, zf_xtoken_t **out, size_t *n,
                    zf_error_t *err);
int zf_xtoken_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_xtoken_t *out, zf_error_t *err);
/* 409 token.revoked when it already was. */
int zf_xtoken_revoke(zf_db_t *db, zf_arena_t *a, int64_t id, int64_t by, const char *reason,
                     zf_xtoken_t *out, zf_error_t *err);
/* The token presented as `Authorization: Bearer <token>`: 0 with the row
 * when it is known, unrevoked, unexpired and its agency active; 401
 * auth.token_invalid / auth.token_revoked / auth.token_expired otherwise. */
int zf_xtoken_authenticate(zf_db_t *db, zf_arena_t *a, const char *token, zf_xtoken_t *out,
                           zf_error_t *err);
/* Count a use (last_used_at, use_count); its own statement, no transaction. */
int zf_xtoken_touch(zf_db_t *db, int64_t id, zf_error_t *err);

/* ---- shares: what an agency's tokens may see ---- */
typedef struct zf_share {
    int64_t id;
    int64_t agency_id;
    const char *subject_kind; /* "enterprise" (later "case") */
    int64_t subject_id;
    const char *note;
    int64_t shared_by;
    const char *shared_at;
} zf_share_t;

/* 409 share.exists when it is already shared. */
int zf_share_insert(zf_db_t *db, zf_arena_t *a, int64_t agency_id, const char *kind,
                    int64_t subject_id, const char *note, int64_t by, zf_share_t *out,
                    zf_error_t *err);
/* Shares of an agency (kind NULL = any kind), by id. */
int zf_shares_list(zf_db_t *db, zf_arena_t *a, int64_t agency_id, const char *kind,
                   zf_share_t **out, size_t *n, zf_error_t *err);
int zf_share_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_share_t *out, zf_error_t *err);
/* 1 when subject is shared with the agency, 0 when not, < 0 on error. */
int zf_share_exists(zf_db_t *db, int64_t agency_id, const char *kind, int64_t subject_id,
                    zf_error_t *err);
int zf_share_delete(zf_db_t *db, int64_t id, zf_error_t *err);

/* ---- notices and consultations (案件通报、案情会商) ---- */
typedef struct zf_notice {
    int64_t id;
    int64_t agency_id;
    const char *agency_name;
    int64_t unit_id;
    const char *unit_path;
    const char *direction; /* "in" (from the agency) or "out" */
    const char *kind;      /* "notification" or "consultation" */
    const char *title;
    const char *body;
    const char *materials;
    const char *case_ref;
    int64_t created_by; /* 0 when pushed by a token */
    const char *created_by_name;
    int64_t token_id; /* 0 when made by a user */
    const char *created_at;
    int64_t replies;
    /* materials in force (not withdrawn) on the notice and its replies,
     * counted by the database in the same query (migration 041) */
    int64_t files;
} zf_notice_t;

typedef struct zf_notice_reply {
    int64_t id;
    int64_t notice_id;
    const char *body;
    int64_t created_by;
    const char *created_by_name;
    int64_t token_id;
    const char *created_at;
} zf_notice_reply_t;

/* n->created_by or n->token_id says who; the other is 0. */
int zf_notice_insert(zf_db_t *db, zf_arena_t *a, const zf_notice_t *n, zf_notice_t *out,
                     zf_error_t *err);
int zf_notice_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_notice_t *out, zf_error_t *err);
/* Newest first, ids below before_id (0 = from the newest), at most limit;
 * scope_path or agency_id (0 = any) narrow it. */
int zf_notices_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t agency_id,
                    int64_t before_id, int64_t limit, zf_notice_t **out, size_t *n,
                    zf_error_t *err);
int zf_notice_reply_insert(zf_db_t *db, zf_arena_t *a, int64_t notice_id, const char *body,
                           int64_t by_user, int64_t by_token, zf_notice_reply_t *out,
                           zf_error_t *err);
int zf_notice_replies(zf_db_t *db, zf_arena_t *a, int64_t notice_id, zf_notice_reply_t **out,
                      size_t *n, zf_error_t *err);
/* One reply; 404 notice.reply_not_found. */
int zf_notice_reply_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_notice_reply_t *out,
                        zf_error_t *err);

/* ---- materials: files attached to a notice or a reply (migration 041) ---- */
typedef struct zf_notice_attachment {
    int64_t id;
    int64_t notice_id;
    int64_t reply_id; /* 0 when attached to the notice itself */
    const char *sha256;
    const char *file_name; /* sanitised (core/filename.h) */
    const char *mime;      /* sniffed from the bytes */
    int64_t size;
    int64_t uploaded_by; /* 0 when attached by a token */
    const char *uploaded_by_name;
    int64_t token_id; /* 0 when attached by a user */
    const char *uploaded_at;
    const char *withdrawn_at; /* "" while in force */
    const char *withdraw_reason;
    int64_t withdrawn_by; /* the bureau user who withdrew it, or 0 */
    const char *withdrawn_by_name;
    int64_t withdrawn_token_id; /* the partner's token that withdrew it, or 0 (046) */
} zf_notice_attachment_t;

/* Record a blob already stored (zf_store_blob_put) as material of the
 * notice (and reply, when att->reply_id); att->uploaded_by or
 * att->token_id says who, the other is 0. out gets the stored row. */
int zf_notice_attachment_insert(zf_db_t *db, zf_arena_t *a, const zf_notice_attachment_t *att,
                                zf_notice_attachment_t *out, zf_error_t *err);
/* 404 notice.attachment_not_found. */
int zf_notice_attachment_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_notice_attachment_t *out,
                             zf_error_t *err);
/* All materials of a notice, its replies' included, by id. */
int zf_notice_attachments(zf_db_t *db, zf_arena_t *a, int64_t notice_id,
                          zf_notice_attachment_t **out, size_t *n, zf_error_t *err);
/* Withdraw (撤回) it with a reason; the row stays. by_user (a bureau
 * user) or by_token (a partner's token, migration 046) says who, the other
 * is 0. 409 notice.attachment_withdrawn when it already was. */
int zf_notice_attachment_withdraw(zf_db_t *db, int64_t id, const char *reason, int64_t by_user,
                                  int64_t by_token, zf_error_t *err);

#endif
