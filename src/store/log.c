/* log.c — the full-process record in the database. See log.h. */
#include "store/log.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/canon.h"
#include "core/util.h"

/* Index and leaf hash of the newest event; index -1 when the log is empty.
 * With `lock`, first take the log's writer lock (zf_db_lock, held to the
 * end of the transaction): appends from several servers on one database
 * follow one another, and each reads the head that the one before it
 * committed (a fresh statement snapshot under READ COMMITTED). */
static int log_head(zf_db_t *db, int lock, int64_t *index, zf_hash_t hash, zf_error_t *err) {
    if (lock) {
        int rc = zf_db_lock(db, "zhifa.log", err);
        if (rc < 0) return rc;
    }
    zf_stmt_t *st =
        zf_db_prepare(db, "SELECT idx, leaf_hash FROM events ORDER BY idx DESC LIMIT 1", err);
    if (!st) return ZF_EIO;
    int rc = zf_stmt_step(st, err);
    *index = -1;
    if (rc == 1) {
        size_t len;
        const void *p = zf_stmt_blob(st, 1, &len);
        *index = zf_stmt_int(st, 0);
        if (p && len == ZF_HASH_LEN) memcpy(hash, p, ZF_HASH_LEN);
    }
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

int64_t zf_log_append(zf_db_t *db, const zf_log_entry_t *e, zf_error_t *err) {
    int64_t last;
    zf_hash_t prev = {0};
    int rc = log_head(db, 1, &last, prev, err);
    if (rc < 0) return rc;
    int64_t index = last + 1;
    char prev_hex[2 * ZF_HASH_LEN + 1] = "";
    if (last >= 0) zf_hex_encode(prev, ZF_HASH_LEN, prev_hex);
    char now[32];
    zf_now_iso(now);

    json_t *ev = json_object();
    json_object_set_new(ev, "action", json_string(e->action));
    json_object_set_new(ev, "actor_id", json_integer(e->actor_id));
    json_object_set(ev, "after", e->after ? e->after : json_null());
    json_object_set(ev, "before", e->before ? e->before : json_null());
    json_object_set_new(ev, "index", json_integer(index));
    json_object_set_new(ev, "object_id", json_string(e->object_id));
    json_object_set_new(ev, "object_type", json_string(e->object_type));
    json_object_set_new(ev, "prev", json_string(prev_hex));
    json_object_set_new(ev, "time", json_string(now));
    json_object_set_new(ev, "unit_id", json_integer(e->unit_id));
    size_t len = 0;
    char *body = zf_canon_dump(ev, &len);
    json_decref(ev);
    if (!body)
        return zf_error_set(err, ZF_EINVAL, 500, "log.not_canonical", NULL,
                            "事件内容无法规范化（含小数或非法字符）：%s", e->action);
    zf_hash_t leaf;
    zf_merkle_leaf_hash(body, len, leaf);

    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO events (idx, time, actor_id, unit_id, action, object_type, object_id, "
        "body, leaf_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        err);
    if (!st) {
        free(body);
        return ZF_EIO;
    }
    zf_stmt_bind_int(st, 1, index);
    zf_stmt_bind_text(st, 2, now);
    if (e->actor_id)
        zf_stmt_bind_int(st, 3, e->actor_id);
    else
        zf_stmt_bind_null(st, 3);
    if (e->unit_id)
        zf_stmt_bind_int(st, 4, e->unit_id);
    else
        zf_stmt_bind_null(st, 4);
    zf_stmt_bind_text(st, 5, e->action);
    zf_stmt_bind_text(st, 6, e->object_type);
    zf_stmt_bind_text(st, 7, e->object_id);
    zf_stmt_bind_text(st, 8, body);
    zf_stmt_bind_blob(st, 9, leaf, ZF_HASH_LEN);
    int64_t n = zf_stmt_run(st, err);
    free(body);
    return n < 0 ? n : index;
}

int64_t zf_log_size(zf_db_t *db, zf_error_t *err) {
    int64_t last;
    zf_hash_t h;
    int rc = log_head(db, 0, &last, h, err);
    return rc < 0 ? rc : last + 1;
}

#define EVENT_COLUMNS                                                                              \
    "e.idx, e.time, COALESCE(e.actor_id, 0), COALESCE(u.name, ''), COALESCE(e.unit_id, 0), "       \
    "COALESCE(un.path, ''), e.action, e.object_type, e.object_id, e.body, e.leaf_hash"
#define EVENT_FROM                                                                                 \
    " FROM events e LEFT JOIN users u ON u.id = e.actor_id "                                       \
    "LEFT JOIN units un ON un.id = e.unit_id "

static void read_event(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_log_event_t *ev = item;
    ev->index = zf_stmt_int(st, 0);
    ev->time = zf_arena_strdup(a, zf_stmt_text(st, 1));
    ev->actor_id = zf_stmt_int(st, 2);
    ev->actor_name = zf_arena_strdup(a, zf_stmt_text(st, 3));
    ev->unit_id = zf_stmt_int(st, 4);
    ev->unit_path = zf_arena_strdup(a, zf_stmt_text(st, 5));
    ev->action = zf_arena_strdup(a, zf_stmt_text(st, 6));
    ev->object_type = zf_arena_strdup(a, zf_stmt_text(st, 7));
    ev->object_id = zf_arena_strdup(a, zf_stmt_text(st, 8));
    ev->body = zf_arena_strdup(a, zf_stmt_text(st, 9));
    size_t len;
    const void *p = zf_stmt_blob(st, 10, &len);
    memset(ev->leaf_hash, 0, ZF_HASH_LEN);
    if (len == ZF_HASH_LEN) memcpy(ev->leaf_hash, p, ZF_HASH_LEN);
}

int zf_log_event_get(zf_db_t *db, zf_arena_t *a, int64_t index, zf_log_event_t *out,
                     zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " EVENT_COLUMNS EVENT_FROM "WHERE e.idx = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, index);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) read_event(st, a, out);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "log.event_not_found", "index",
                            "全过程记录中没有第 %lld 条事件", (long long)index);
    return 0;
}

int zf_log_object_history(zf_db_t *db, zf_arena_t *a, const char *object_type,
                          const char *object_id, zf_log_event_t **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT " EVENT_COLUMNS EVENT_FROM
                                  "WHERE e.object_type = $1 AND e.object_id = $2 ORDER BY e.idx",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, object_type);
    zf_stmt_bind_text(st, 2, object_id);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_event, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

static void read_checkpoint(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_checkpoint_t *c = item;
    size_t len;
    const void *p;
    c->tree_size = zf_stmt_int(st, 0);
    p = zf_stmt_blob(st, 1, &len);
    memset(c->root, 0, sizeof c->root);
    if (len == ZF_HASH_LEN) memcpy(c->root, p, len);
    c->time = zf_arena_strdup(a, zf_stmt_text(st, 2));
    p = zf_stmt_blob(st, 3, &len);
    memset(c->signature, 0, sizeof c->signature);
    if (len == ZF_SIGN_LEN) memcpy(c->signature, p, len);
    p = zf_stmt_blob(st, 4, &len);
    memset(c->public_key, 0, sizeof c->public_key);
    if (len == ZF_SIGN_PUBLIC_LEN) memcpy(c->public_key, p, len);
}

int zf_log_checkpoint_latest(zf_db_t *db, zf_arena_t *a, zf_checkpoint_t *out, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db,
                      "SELECT tree_size, root_hash, time, signature, public_key FROM checkpoints "
                      "ORDER BY tree_size DESC LIMIT 1",
                      err);
    if (!st) return ZF_EIO;
    int rc = zf_stmt_step(st, err);
    if (rc == 1) read_checkpoint(st, a, out);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "log.no_checkpoint", NULL,
                            "尚无已签名的检查点");
    return 0;
}

int zf_log_checkpoints(zf_db_t *db, zf_arena_t *a, zf_checkpoint_t **out, size_t *n,
                       zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db,
                      "SELECT tree_size, root_hash, time, signature, public_key FROM checkpoints "
                      "ORDER BY tree_size",
                      err);
    if (!st) return ZF_EIO;
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_checkpoint, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_log_checkpoint(zf_db_t *db, zf_log_tree_t *tree, const zf_signing_key_t *key,
                      const char *origin, zf_error_t *err) {
    /* The root of the first `size` events is computed before the write
     * transaction: the log is append-only, so it cannot change, and reading
     * leaves (every one of them, the first time a process signs without
     * stored blocks) must not hold the database's write lock. */
    zf_arena_t *a = zf_arena_new();
    zf_checkpoint_t latest;
    zf_error_t none;
    int64_t size = zf_log_size(db, err);
    int rc = size < 0 ? (int)size : 0;
    if (rc < 0 || size == 0 ||
        size <= (zf_log_checkpoint_latest(db, a, &latest, &none) == 0 ? latest.tree_size : 0)) {
        zf_arena_free(a);
        return rc; /* nothing new to sign */
    }
    zf_hash_t root;
    rc = zf_log_tree_root(tree, db, size, root, err);
    if (rc < 0) {
        zf_arena_free(a);
        return rc;
    }
    rc = zf_db_begin(db, err);
    if (rc < 0) {
        zf_arena_free(a);
        return rc;
    }
    int64_t latest_size =
        zf_log_checkpoint_latest(db, a, &latest, &none) == 0 ? latest.tree_size : 0;
    if (size <= latest_size) goto out; /* another process signed meanwhile */
    rc = zf_log_tree_store(tree, db, size, err);
    if (rc < 0) goto out;
    char now[32];
    zf_now_iso(now);
    char text[512];
    size_t len = zf_checkpoint_text(text, sizeof text, origin, (uint64_t)size, root, now);
    unsigned char sig[ZF_SIGN_LEN];
    zf_sign(key, text, len, sig);
    zf_stmt_t *st =
        zf_db_prepare(db,
                      "INSERT INTO checkpoints (tree_size, root_hash, time, signature, public_key) "
                      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tree_size) DO NOTHING",
                      err);
    if (!st) {
        rc = ZF_EIO;
        goto out;
    }
    zf_stmt_bind_int(st, 1, size);
    zf_stmt_bind_blob(st, 2, root, ZF_HASH_LEN);
    zf_stmt_bind_text(st, 3, now);
    zf_stmt_bind_blob(st, 4, sig, ZF_SIGN_LEN);
    zf_stmt_bind_blob(st, 5, key->public_key, ZF_SIGN_PUBLIC_LEN);
    int64_t n = zf_stmt_run(st, err);
    if (n < 0) rc = (int)n;
out:
    if (rc == 0)
        rc = zf_db_commit(db, err);
    else
        zf_db_rollback(db);
    zf_arena_free(a);
    return rc;
}
