/* log_tree.c — see log_tree.h. */
#include "store/log_tree.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/db.h"

#define BLOCK_LEVEL 8u
#define BLOCK ((int64_t)1 << BLOCK_LEVEL) /* leaves per cached subtree */
#define LEVELS 64u

struct zf_log_tree {
    pthread_mutex_t mu;
    zf_hash_t *level[LEVELS]; /* level[L][i]: subtree i of 2^L leaves, L >= BLOCK_LEVEL */
    size_t count[LEVELS], cap[LEVELS];
    int stored_checked, stored_exists; /* whether table log_blocks (049) exists */
};

zf_log_tree_t *zf_log_tree_new(void) {
    zf_log_tree_t *t = zf_xcalloc(1, sizeof *t);
    pthread_mutex_init(&t->mu, NULL);
    return t;
}

void zf_log_tree_free(zf_log_tree_t *t) {
    if (!t) return;
    for (unsigned l = 0; l < LEVELS; l++)
        free(t->level[l]);
    pthread_mutex_destroy(&t->mu);
    free(t);
}

static void push(zf_log_tree_t *t, unsigned l, const zf_hash_t h) {
    if (t->count[l] == t->cap[l]) {
        t->cap[l] = t->cap[l] ? 2 * t->cap[l] : 64;
        t->level[l] = zf_xrealloc(t->level[l], t->cap[l] * sizeof(zf_hash_t));
    }
    memcpy(t->level[l][t->count[l]++], h, ZF_HASH_LEN);
    /* a completed pair makes the subtree one level up */
    if (t->count[l] % 2 == 0 && l + 1 < LEVELS) {
        zf_hash_t up;
        zf_merkle_node_hash(t->level[l][t->count[l] - 2], t->level[l][t->count[l] - 1], up);
        push(t, l + 1, up);
    }
}

static int corrupt(zf_error_t *err, int64_t idx) {
    return zf_error_set(err, ZF_EINTEGRITY, 500, "log.corrupt", NULL,
                        "全过程记录第 %lld 条事件缺失或损坏，请运行 zhifa audit verify",
                        (long long)idx);
}

/* Leaf hashes [from, to) into out (to - from of them). */
static int read_leaves(zf_db_t *db, int64_t from, int64_t to, zf_hash_t *out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db, "SELECT idx, leaf_hash FROM events WHERE idx >= $1 AND idx < $2 ORDER BY idx", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, from);
    zf_stmt_bind_int(st, 2, to);
    int64_t next = from;
    int rc;
    while ((rc = zf_stmt_step(st, err)) == 1) {
        size_t len;
        const void *p = zf_stmt_blob(st, 1, &len);
        if (zf_stmt_int(st, 0) != next || len != ZF_HASH_LEN) {
            rc = corrupt(err, next);
            break;
        }
        memcpy(out[next - from], p, ZF_HASH_LEN);
        next++;
    }
    zf_stmt_done(st);
    if (rc == 0 && next < to) rc = corrupt(err, next);
    return rc < 0 ? rc : 0;
}

/* The blocks the checkpoints stored (migration 049) from the first one not
 * cached up to `blocks`, in order; stops at a gap. Caller holds t->mu. */
static int load_stored(zf_log_tree_t *t, zf_db_t *db, size_t blocks, zf_error_t *err) {
    if (!t->stored_checked) {
        int rc = zf_db_table_exists(db, "log_blocks", err);
        if (rc < 0) return rc;
        t->stored_checked = 1;
        t->stored_exists = rc > 0;
    }
    if (!t->stored_exists) return 0;
    zf_stmt_t *st = zf_db_prepare(
        db, "SELECT block, hash FROM log_blocks WHERE block >= $1 AND block < $2 ORDER BY block",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, (int64_t)t->count[BLOCK_LEVEL]);
    zf_stmt_bind_int(st, 2, (int64_t)blocks);
    int rc;
    while ((rc = zf_stmt_step(st, err)) == 1) {
        size_t len;
        const void *h = zf_stmt_blob(st, 1, &len);
        if (zf_stmt_int(st, 0) != (int64_t)t->count[BLOCK_LEVEL] || len != ZF_HASH_LEN) break;
        push(t, BLOCK_LEVEL, h);
    }
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

/* Make sure the first `blocks` blocks are cached: those the checkpoints
 * stored, then the rest from their leaves, a block at a time. Caller holds
 * t->mu. */
static int extend(zf_log_tree_t *t, zf_db_t *db, size_t blocks, zf_error_t *err) {
    zf_hash_t *leaves = NULL;
    int rc = t->count[BLOCK_LEVEL] < blocks ? load_stored(t, db, blocks, err) : 0;
    while (rc == 0 && t->count[BLOCK_LEVEL] < blocks) {
        if (!leaves) leaves = zf_xmalloc((size_t)BLOCK * sizeof *leaves);
        int64_t b = (int64_t)t->count[BLOCK_LEVEL];
        rc = read_leaves(db, b * BLOCK, (b + 1) * BLOCK, leaves, err);
        if (rc == 0) {
            zf_hash_t h;
            zf_merkle_root((const zf_hash_t *)leaves, (uint64_t)BLOCK, h);
            push(t, BLOCK_LEVEL, h);
        }
    }
    free(leaves);
    return rc;
}

/* One computation's view: the tree, the connection, the size, and the last
 * block of leaves read (a proof's small subtrees all lie in one or two). */
typedef struct view {
    zf_log_tree_t *t;
    zf_db_t *db;
    int64_t n;
    zf_error_t *err;
    int rc;        /* the first failure of a read */
    int64_t block; /* -1: none read */
    int64_t have;  /* leaves of that block read (the last block may be partial) */
    zf_hash_t leaves[BLOCK];
} view_t;

static int subtree(void *ctx, uint64_t start, unsigned level, zf_hash_t out) {
    view_t *v = ctx;
    if (level >= BLOCK_LEVEL) {
        uint64_t i = start >> level;
        size_t blocks = (size_t)((i + 1) << (level - BLOCK_LEVEL));
        pthread_mutex_lock(&v->t->mu);
        int rc = extend(v->t, v->db, blocks, v->err);
        if (rc == 0) memcpy(out, v->t->level[level][i], ZF_HASH_LEN);
        pthread_mutex_unlock(&v->t->mu);
        if (rc) v->rc = rc;
        return rc;
    }
    int64_t b = (int64_t)(start / (uint64_t)BLOCK);
    int64_t end = (b + 1) * BLOCK < v->n ? (b + 1) * BLOCK : v->n;
    if (v->block != b || v->have < end - b * BLOCK) {
        int rc = read_leaves(v->db, b * BLOCK, end, v->leaves, v->err);
        if (rc) {
            v->block = -1;
            return v->rc = rc;
        }
        v->block = b;
        v->have = end - b * BLOCK;
    }
    zf_merkle_root((const zf_hash_t *)v->leaves + (start - (uint64_t)b * BLOCK),
                   (uint64_t)1 << level, out);
    return 0;
}

/* A view on the heap (it holds a block of leaves), and a temporary tree when
 * the caller has none (the command line). */
static view_t *open_view(zf_log_tree_t **t, zf_db_t *db, int64_t n, zf_error_t *err, int *own) {
    *own = *t == NULL;
    if (*own) *t = zf_log_tree_new();
    view_t *v = zf_xmalloc(sizeof *v);
    v->t = *t;
    v->db = db;
    v->n = n;
    v->err = err;
    v->rc = 0;
    v->block = -1;
    v->have = 0;
    return v;
}

static int close_view(view_t *v, zf_log_tree_t *t, int own, int rc) {
    free(v);
    if (own) zf_log_tree_free(t);
    return rc;
}

static int failed(const view_t *v) {
    /* a read failed and said why; otherwise the arguments were wrong */
    if (v->rc) return v->rc;
    return zf_error_set(v->err, ZF_EINVAL, 400, "log.bad_size", NULL,
                        "树大小或事件序号不在日志范围内");
}

int zf_log_tree_root(zf_log_tree_t *t, zf_db_t *db, int64_t n, zf_hash_t out, zf_error_t *err) {
    int own;
    view_t *v = open_view(&t, db, n, err, &own);
    int rc = n >= 1 && zf_merkle_root_with(subtree, v, (uint64_t)n, out) == 0 ? 0 : failed(v);
    return close_view(v, t, own, rc);
}

int zf_log_tree_inclusion(zf_log_tree_t *t, zf_db_t *db, int64_t n, int64_t index, zf_hash_t leaf,
                          zf_hash_t *path, size_t *len, zf_error_t *err) {
    int own;
    view_t *v = open_view(&t, db, n, err, &own);
    int rc = index >= 0 && index < n &&
                     zf_merkle_inclusion_proof_with(subtree, v, (uint64_t)n, (uint64_t)index, path,
                                                    len) == 0 &&
                     subtree(v, (uint64_t)index, 0, leaf) == 0
                 ? 0
                 : failed(v);
    return close_view(v, t, own, rc);
}

int zf_log_tree_consistency(zf_log_tree_t *t, zf_db_t *db, int64_t n, int64_t m, zf_hash_t *path,
                            size_t *len, zf_error_t *err) {
    int own;
    view_t *v = open_view(&t, db, n, err, &own);
    int rc = m >= 1 && m <= n &&
                     zf_merkle_consistency_proof_with(subtree, v, (uint64_t)n, (uint64_t)m, path,
                                                      len) == 0
                 ? 0
                 : failed(v);
    return close_view(v, t, own, rc);
}

int zf_log_tree_store(zf_log_tree_t *t, zf_db_t *db, int64_t n, zf_error_t *err) {
    if (!t || n < BLOCK) return 0;
    int64_t next = 0;
    zf_stmt_t *st = zf_db_prepare(db, "SELECT COALESCE(MAX(block) + 1, 0) FROM log_blocks", err);
    if (!st) return ZF_EIO;
    int rc = zf_stmt_step(st, err);
    if (rc == 1) next = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    pthread_mutex_lock(&t->mu);
    int64_t have = (int64_t)t->count[BLOCK_LEVEL];
    int64_t upto = n / BLOCK < have ? n / BLOCK : have;
    rc = 0;
    for (int64_t b = next; rc == 0 && b < upto; b++) {
        /* two servers' (or threads', on PostgreSQL) checkpoints may store
         * the same block at once: it is the same hash, the first one stays */
        st = zf_db_prepare(db,
                           "INSERT INTO log_blocks (block, hash) VALUES ($1, $2) "
                           "ON CONFLICT (block) DO NOTHING",
                           err);
        if (!st) {
            rc = ZF_EIO;
            break;
        }
        zf_stmt_bind_int(st, 1, b);
        zf_stmt_bind_blob(st, 2, t->level[BLOCK_LEVEL][b], ZF_HASH_LEN);
        int64_t k = zf_stmt_run(st, err);
        if (k < 0) rc = (int)k;
    }
    pthread_mutex_unlock(&t->mu);
    return rc;
}
