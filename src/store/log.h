/* log.h — the full-process record (R22) in the database: append events in
 * the caller's transaction, read them back, sign and list checkpoints, and
 * verify the whole log from its stored content.
 *
 * An event's stored bytes are canonical JSON (core/canon.h) with the fields
 * action, actor_id, after, before, index, object_id, object_type, prev, time,
 * unit_id; `prev` is the hex leaf hash of the event before (a hash chain
 * beside the Merkle tree, so the first altered event can be named). The
 * append serialises on the log's writer lock (zf_db_lock "zhifa.log", held
 * to commit): SQLite's write lock (BEGIN IMMEDIATE), PostgreSQL a
 * transaction-scoped advisory lock shared by every server. */
#ifndef ZF_STORE_LOG_H
#define ZF_STORE_LOG_H

#include <jansson.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/merkle.h"
#include "core/sign.h"
#include "store/db.h"
#include "store/log_tree.h"

typedef struct zf_log_entry {
    int64_t actor_id;        /* 0 = the system (init, demo, migrations) */
    int64_t unit_id;         /* unit the object belongs to; 0 = none */
    const char *action;      /* "unit.create" */
    const char *object_type; /* "unit" */
    const char *object_id;   /* "12" */
    json_t *before;          /* borrowed; NULL = null */
    json_t *after;           /* borrowed; NULL = null */
} zf_log_entry_t;

typedef struct zf_log_event {
    int64_t index;
    const char *time;
    int64_t actor_id;
    const char *actor_name; /* "" when the actor is the system or gone */
    int64_t unit_id;
    const char *unit_path; /* "" when the unit is gone or none */
    const char *action;
    const char *object_type;
    const char *object_id;
    const char *body; /* canonical JSON */
    zf_hash_t leaf_hash;
} zf_log_event_t;

typedef struct zf_checkpoint {
    int64_t tree_size;
    zf_hash_t root;
    const char *time;
    unsigned char signature[ZF_SIGN_LEN];
    unsigned char public_key[ZF_SIGN_PUBLIC_LEN];
} zf_checkpoint_t;

/* Append one event; must run inside the caller's write transaction. Returns
 * the new event's index (>= 0) or a negative code. */
int64_t zf_log_append(zf_db_t *db, const zf_log_entry_t *e, zf_error_t *err);

/* Number of events. */
int64_t zf_log_size(zf_db_t *db, zf_error_t *err);

int zf_log_event_get(zf_db_t *db, zf_arena_t *a, int64_t index, zf_log_event_t *out,
                     zf_error_t *err);

/* Events about one object, oldest first. */
int zf_log_object_history(zf_db_t *db, zf_arena_t *a, const char *object_type,
                          const char *object_id, zf_log_event_t **out, size_t *n, zf_error_t *err);

/* Sign a checkpoint of the current log if it grew since the latest one, and
 * store it. Returns 0 (also when nothing grew). Opens its own transaction.
 * tree: the process's cached tree (store/log_tree.h), or NULL for a
 * temporary one that reads every leaf. */
int zf_log_checkpoint(zf_db_t *db, struct zf_log_tree *tree, const zf_signing_key_t *key,
                      const char *origin, zf_error_t *err);
/* Latest checkpoint; ZF_ENOTFOUND when none. */
int zf_log_checkpoint_latest(zf_db_t *db, zf_arena_t *a, zf_checkpoint_t *out, zf_error_t *err);
int zf_log_checkpoints(zf_db_t *db, zf_arena_t *a, zf_checkpoint_t **out, size_t *n,
                       zf_error_t *err);

/* Result of zf_log_verify. */
typedef struct zf_log_report {
    int ok;
    int64_t events;
    int64_t checkpoints;
    int64_t first_bad_event; /* -1 when ok or when no single event is to blame */
    char reason[512];        /* Chinese */
} zf_log_report_t;

/* Re-hash every event from its stored content, check indexes, the hash chain,
 * the stored leaf hashes, and every checkpoint's root and signature against
 * public_key (taken from outside the database: the key file). Returns 0 when
 * the verification ran (see report->ok), negative on a database error. */
int zf_log_verify(zf_db_t *db, const unsigned char public_key[ZF_SIGN_PUBLIC_LEN],
                  const char *origin, zf_log_report_t *report, zf_error_t *err);

#endif
