/* log_verify.c — `zhifa audit verify`: re-hash every event from its stored
 * content and check the log against its signed checkpoints (R22).
 *
 * Nothing stored is trusted except the event bodies: the stored leaf hash is
 * compared, never used; roots are rebuilt with the incremental Merkle builder
 * in one pass; each checkpoint is checked when the pass reaches its size.
 * The first event to blame is named where one can be:
 *   - a missing index (deleted row)                 → that index
 *   - body not canonical JSON, or its "index" field
 *     differs from its position (moved or swapped)  → that event
 *   - body does not match the stored leaf hash       → that event
 *   - "prev" of event k differs from the recomputed
 *     hash of event k-1 (k-1 rewritten, hash too)    → event k-1
 *   - a checkpoint root differs                       → the first event after
 *     the last checkpoint that verified (rewritten history).
 *   - a block hash stored for the server's tree (log_blocks, migration 049)
 *     differs from the block's recomputed root, or lies beyond the log
 *     → the block's first event (a server would sign wrong roots from it). */
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/canon.h"
#include "core/util.h"
#include "store/log.h"

/* Events per page: a multiple of BLOCK, so that a log without gaps puts
 * every stored block inside one page and the checking threads can compute
 * its root (40 blocks a page). */
#define BLOCK 256 /* events per stored block (store/log_tree.c) */
#define VERIFY_PAGE (40 * BLOCK)

static int fail_at(zf_log_report_t *r, int64_t index, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail_at(zf_log_report_t *r, int64_t index, const char *fmt, ...) {
    r->ok = 0;
    r->first_bad_event = index;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->reason, sizeof r->reason, fmt, ap);
    va_end(ap);
    return 0;
}

/* Check one event's body against its position and the previous leaf hash;
 * writes its recomputed leaf hash. Returns 1 when it passes, 0 after
 * reporting a failure. */
static int check_event(zf_log_report_t *r, int64_t idx, const char *body, const void *stored_hash,
                       size_t stored_len, const char *prev_hex, zf_hash_t leaf) {
    size_t body_len = strlen(body);
    zf_merkle_leaf_hash(body, body_len, leaf);
    json_error_t jerr;
    json_t *ev = json_loadb(body, body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!ev || !json_is_object(ev)) {
        json_decref(ev);
        fail_at(r, idx, "第 %" PRId64 " 条事件的内容不是合法的 JSON", idx);
        return 0;
    }
    int ok = 1;
    json_t *jindex = json_object_get(ev, "index");
    const char *prev = json_string_value(json_object_get(ev, "prev"));
    if (!zf_canon_is_canonical(body, body_len)) {
        ok = fail_at(r, idx, "第 %" PRId64 " 条事件的内容不是规范 JSON（被改动过）", idx);
    } else if (!json_is_integer(jindex) || json_integer_value(jindex) != idx) {
        ok = fail_at(r, idx,
                     "第 %" PRId64 " 条事件记录的序号是 %" PRId64
                     "，与其位置不符（事件被移动或调换）",
                     idx, json_is_integer(jindex) ? (int64_t)json_integer_value(jindex) : -1);
    } else if (stored_len != ZF_HASH_LEN || memcmp(stored_hash, leaf, ZF_HASH_LEN) != 0) {
        ok = fail_at(r, idx, "第 %" PRId64 " 条事件的内容与存储的哈希不符（内容被修改）", idx);
    } else if (!prev || strcmp(prev, prev_hex) != 0) {
        ok = fail_at(r, idx > 0 ? idx - 1 : 0,
                     "第 %" PRId64 " 条事件记下的前一事件哈希与第 %" PRId64
                     " 条事件的现有内容不符（该事件在写入后被改写）",
                     idx, idx > 0 ? idx - 1 : 0);
    }
    json_decref(ev);
    return ok ? 1 : 0;
}

/* The leaf hash of RFC 9162 (SHA-256 of 0x00 and the body). Once its own
 * EVP context per thread, fetched once for the pass (a fetch per event cost
 * 1.55 s against 1.34 s on 1,000,000 events); zf_merkle_leaf_hash needs no
 * fetch since core/sha256.h (issue 12), so the hasher is only a name now. */
typedef struct leaf_hasher {
    int unused;
} leaf_hasher_t;

static void leaf_hasher_open(leaf_hasher_t *h) { h->unused = 0; }

static void leaf_hasher_close(leaf_hasher_t *h) { (void)h; }

static int leaf_hash(leaf_hasher_t *h, const char *body, size_t len, zf_hash_t out) {
    (void)h;
    zf_merkle_leaf_hash(body, len, out);
    return 1;
}

/* One page of events, read from the database before any is checked: the
 * bodies (NUL-terminated) in one buffer, then checked by several threads at
 * once (scanning and hashing are ~70% of the work and independent per
 * event), then walked in order for what is sequential: the missing-index
 * test, the chain of "prev" hashes, the Merkle tree and the checkpoints. */
typedef struct page_event {
    int64_t idx;
    size_t off, len;                   /* body in page.buf */
    unsigned char stored[ZF_HASH_LEN]; /* the stored leaf hash (first 32 bytes) */
    size_t stored_len;                 /* its real length */
    int fast_ok;                       /* scanner accepted it, index matches, leaf hashed */
    char prev[65];
    zf_hash_t leaf;
    int has_block_root; /* the last event of a block: its root, computed by a checking thread */
    zf_hash_t block_root;
} page_event_t;

typedef struct page {
    page_event_t *ev;
    size_t n, cap;
    char *buf;
    size_t used, bufcap;
} page_t;

static void page_add(page_t *p, int64_t idx, const char *body, const void *stored,
                     size_t stored_len) {
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 1024;
        p->ev = zf_xrealloc(p->ev, p->cap * sizeof *p->ev);
    }
    size_t len = strlen(body);
    if (p->used + len + 1 > p->bufcap) {
        while (p->used + len + 1 > p->bufcap)
            p->bufcap = p->bufcap ? 2 * p->bufcap : 1 << 20;
        p->buf = zf_xrealloc(p->buf, p->bufcap);
    }
    page_event_t *e = &p->ev[p->n++];
    e->idx = idx;
    e->off = p->used;
    e->len = len;
    memcpy(p->buf + p->used, body, len + 1);
    p->used += len + 1;
    e->stored_len = stored_len;
    memset(e->stored, 0, sizeof e->stored);
    if (stored) memcpy(e->stored, stored, stored_len < ZF_HASH_LEN ? stored_len : ZF_HASH_LEN);
    e->fast_ok = 0;
    e->has_block_root = 0;
}

typedef struct worker {
    page_t *page;
    size_t from, to;
} worker_t;

/* The fast checks, allocation-free: zf_canon_scan_event accepts exactly what
 * zf_canon_is_canonical does (tests/unit/test_canon.c C11, C12). An event it
 * cannot vouch for keeps fast_ok = 0, and check_event, the reference,
 * decides in the sequential walk and gives the reason. */
static void *check_range(void *arg) {
    worker_t *w = arg;
    leaf_hasher_t h;
    leaf_hasher_open(&h);
    zf_hash_t leaves[BLOCK];
    size_t run = 0; /* fast_ok events in a row ending at i, from w->from */
    for (size_t i = w->from; i < w->to; i++) {
        page_event_t *e = &w->page->ev[i];
        const char *body = w->page->buf + e->off;
        int64_t index;
        e->fast_ok = zf_canon_scan_event(body, e->len, &index, e->prev) && index == e->idx &&
                     leaf_hash(&h, body, e->len, e->leaf);
        /* A whole block of good events in this range, in order: its root
         * here, off the sequential walk (which compares it with the stored
         * block's hash). Anything else is left to the walk. */
        run = e->fast_ok && (run == 0 || e->idx == w->page->ev[i - 1].idx + 1) ? run + 1 : 0;
        if (run && e->idx % BLOCK == BLOCK - 1 && run >= BLOCK) {
            for (size_t k = 0; k < BLOCK; k++)
                memcpy(leaves[k], w->page->ev[i + 1 - BLOCK + k].leaf, ZF_HASH_LEN);
            zf_merkle_root(leaves, BLOCK, e->block_root);
            e->has_block_root = 1;
        }
    }
    leaf_hasher_close(&h);
    return NULL;
}

#define VERIFY_THREADS_MAX 4

/* The fast checks of a page, on threads of their own: the main thread
 * reads the next page from the database meanwhile (reading was a quarter
 * of the pass and left the other CPUs idle). */
typedef struct checking {
    unsigned n;
    worker_t w[VERIFY_THREADS_MAX];
    pthread_t tid[VERIFY_THREADS_MAX];
    int started[VERIFY_THREADS_MAX];
} checking_t;

static void check_start(checking_t *c, page_t *p, unsigned nthreads) {
    if (nthreads > VERIFY_THREADS_MAX) nthreads = VERIFY_THREADS_MAX;
    if (p->n < 2048 || nthreads < 2) nthreads = 1;
    c->n = nthreads;
    /* split at block boundaries, so that each block's root is computed */
    size_t cut[VERIFY_THREADS_MAX + 1];
    for (unsigned t = 0; t <= nthreads; t++)
        cut[t] = t == nthreads ? p->n : p->n * t / nthreads / BLOCK * BLOCK;
    for (unsigned t = 0; t < nthreads; t++) {
        c->w[t] = (worker_t){p, cut[t], cut[t + 1]};
        c->started[t] = pthread_create(&c->tid[t], NULL, check_range, &c->w[t]) == 0;
    }
}

static void check_wait(checking_t *c) {
    for (unsigned t = 0; t < c->n; t++) {
        if (c->started[t])
            pthread_join(c->tid[t], NULL);
        else
            check_range(&c->w[t]); /* no thread to be had: do it here */
    }
}

/* Up to VERIFY_PAGE events from index `from` into p (keyset: memory stays
 * flat however long the log; a PostgreSQL result is held whole by the
 * client). */
static int read_page(zf_db_t *db, int64_t from, page_t *p, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db, "SELECT idx, body, leaf_hash FROM events WHERE idx >= $1 ORDER BY idx LIMIT $2", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, from);
    zf_stmt_bind_int(st, 2, VERIFY_PAGE);
    p->n = p->used = 0;
    int rc;
    while ((rc = zf_stmt_step(st, err)) == 1) {
        size_t hlen;
        const void *stored = zf_stmt_blob(st, 2, &hlen);
        page_add(p, zf_stmt_int(st, 0), zf_stmt_text(st, 1), stored, hlen);
    }
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

/* 1 when no hash is stored for block b or it equals the root of its leaves;
 * 0 after reporting; negative on a read error. */
static int check_block(zf_db_t *db, zf_log_report_t *r, int64_t b, const zf_hash_t *leaves,
                       const page_event_t *last, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT hash FROM log_blocks WHERE block = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, b);
    int rc = zf_stmt_step(st, err);
    int ok = 1;
    if (rc == 1) {
        size_t len;
        const void *stored = zf_stmt_blob(st, 0, &len);
        zf_hash_t root;
        if (last->has_block_root)
            memcpy(root, last->block_root, ZF_HASH_LEN);
        else
            zf_merkle_root(leaves, BLOCK, root);
        if (len != ZF_HASH_LEN || memcmp(stored, root, ZF_HASH_LEN) != 0)
            ok = fail_at(r, b * BLOCK,
                         "服务器保存的第 %" PRId64 " 块（第 %" PRId64 " 至 %" PRId64
                         " 条事件）的树哈希与重算结果不符",
                         b, b * BLOCK, b * BLOCK + BLOCK - 1);
    }
    zf_stmt_done(st);
    return rc < 0 ? rc : ok;
}

/* A stored block beyond the complete blocks of the log's n events. */
static int check_blocks_end(zf_db_t *db, zf_log_report_t *r, int64_t n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT MAX(block) FROM log_blocks", err);
    if (!st) return ZF_EIO;
    int rc = zf_stmt_step(st, err);
    int64_t max = rc == 1 && !zf_stmt_is_null(st, 0) ? zf_stmt_int(st, 0) : -1;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (max >= 0 && (max + 1) * BLOCK > n)
        return fail_at(r, n,
                       "服务器保存了第 %" PRId64 " 块的树哈希，而日志只有 %" PRId64
                       " 条事件：第 %" PRId64 " 条起的事件缺失（被删除）",
                       max, n, n);
    return 1;
}

/* What the sequential walk carries from page to page. */
typedef struct walk {
    zf_db_t *db;
    zf_log_report_t *report;
    const char *origin;
    const unsigned char *public_key;
    zf_merkle_builder_t builder;
    zf_checkpoint_t *cps;
    size_t ncps, next_cp;
    int has_blocks;
    zf_hash_t *block; /* the current block's leaves */
    char prev_hex[2 * ZF_HASH_LEN + 1];
    int64_t expected;
    int64_t last_good_checkpoint;
} walk_t;

/* The sequential checks of a checked page, in order: the missing-index
 * test, the chain of "prev" hashes, the Merkle tree, the stored blocks and
 * the checkpoints. 1 to go on, 0 after reporting a failure, negative on a
 * read error. */
static int walk_page(walk_t *w, const page_t *page, zf_error_t *err) {
    zf_log_report_t *report = w->report;
    for (size_t i = 0; i < page->n; i++) {
        const page_event_t *e = &page->ev[i];
        if (e->idx != w->expected)
            return fail_at(report, w->expected, "第 %" PRId64 " 条事件缺失（被删除）", w->expected);
        zf_hash_t leaf;
        if (e->fast_ok && e->stored_len == ZF_HASH_LEN &&
            memcmp(e->stored, e->leaf, ZF_HASH_LEN) == 0 && strcmp(e->prev, w->prev_hex) == 0) {
            memcpy(leaf, e->leaf, ZF_HASH_LEN);
        } else if (!check_event(report, e->idx, page->buf + e->off, e->stored, e->stored_len,
                                w->prev_hex, leaf)) {
            return 0;
        }
        zf_hex_encode(leaf, ZF_HASH_LEN, w->prev_hex);
        zf_merkle_builder_push(&w->builder, leaf);
        memcpy(w->block[w->expected % BLOCK], leaf, ZF_HASH_LEN);
        w->expected++;
        if (w->has_blocks && w->expected % BLOCK == 0) {
            int ok = check_block(w->db, report, w->expected / BLOCK - 1,
                                 (const zf_hash_t *)w->block, e, err);
            if (ok <= 0) return ok;
        }
        while (w->next_cp < w->ncps && w->cps[w->next_cp].tree_size == w->expected) {
            const zf_checkpoint_t *cp = &w->cps[w->next_cp++];
            zf_hash_t root;
            zf_merkle_builder_root(&w->builder, root);
            char text[512];
            size_t len = zf_checkpoint_text(text, sizeof text, w->origin, (uint64_t)cp->tree_size,
                                            cp->root, cp->time);
            if (memcmp(root, cp->root, ZF_HASH_LEN) != 0)
                return fail_at(report, w->last_good_checkpoint,
                               "检查点（%" PRId64 " 条）的根哈希与重算结果不符：第 %" PRId64
                               " 至 %" PRId64 " 条事件中有被改写的",
                               cp->tree_size, w->last_good_checkpoint, cp->tree_size - 1);
            if (!zf_sign_verify(w->public_key, text, len, cp->signature))
                return fail_at(report, w->last_good_checkpoint,
                               "检查点（%" PRId64 " 条）的签名无效：不是本局日志密钥所签",
                               cp->tree_size);
            w->last_good_checkpoint = cp->tree_size;
        }
    }
    return 1;
}

/* Three pages in flight: while the checking threads scan and hash page k,
 * the main thread reads page k+1 from the database and walks page k-1
 * (reading, then walking, had left the other CPUs idle in turn). */
int zf_log_verify(zf_db_t *db, const unsigned char public_key[ZF_SIGN_PUBLIC_LEN],
                  const char *origin, zf_log_report_t *report, zf_error_t *err) {
    memset(report, 0, sizeof *report);
    report->ok = 1;
    report->first_bad_event = -1;
    zf_arena_t *a = zf_arena_new();
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned nthreads = ncpu > 0 ? (unsigned)ncpu : 1;
    page_t pages[3] = {{0}};
    walk_t w = {.db = db, .report = report, .origin = origin, .public_key = public_key};
    zf_merkle_builder_init(&w.builder);
    w.block = zf_xmalloc(BLOCK * sizeof *w.block);
    int rc = zf_log_checkpoints(db, a, &w.cps, &w.ncps, err);
    if (rc < 0) goto out;
    report->checkpoints = (int64_t)w.ncps;
    w.has_blocks = zf_db_table_exists(db, "log_blocks", err);
    if (w.has_blocks < 0) {
        rc = w.has_blocks;
        goto out;
    }
    rc = read_page(db, 0, &pages[0], err);
    if (rc < 0) goto out;
    checking_t chk;
    check_start(&chk, &pages[0], nthreads);
    for (unsigned k = 0;; k++) {
        page_t *page = &pages[k % 3];
        int more = page->n == VERIFY_PAGE;
        int read_rc =
            more ? read_page(db, page->ev[page->n - 1].idx + 1, &pages[(k + 1) % 3], err) : 0;
        int go = 1; /* walk_page's answer: 1 go on, 0 reported, negative an error */
        if (read_rc == 0 && k > 0) go = walk_page(&w, &pages[(k + 2) % 3], err);
        check_wait(&chk);
        if (read_rc < 0) {
            rc = read_rc;
            goto out;
        }
        if (go == 1 && !more) go = walk_page(&w, page, err);
        if (go < 0) {
            rc = go;
            goto out;
        }
        if (go == 0 || !more) break;
        check_start(&chk, &pages[(k + 1) % 3], nthreads);
    }
    rc = 0;
    report->events = w.expected;
    if (report->ok && w.has_blocks) {
        rc = check_blocks_end(db, report, w.expected, err);
        rc = rc < 0 ? rc : 0;
    }
    if (report->ok && w.next_cp < w.ncps) {
        /* A checkpoint beyond the end, or at a size never reached in order. */
        fail_at(report, w.expected,
                "检查点覆盖 %" PRId64 " 条事件，而日志只有 %" PRId64 " 条：第 %" PRId64
                " 条起的事件缺失（被删除）",
                w.cps[w.next_cp].tree_size, w.expected, w.expected);
    }
out:
    free(w.block);
    zf_merkle_builder_free(&w.builder);
    for (int i = 0; i < 3; i++) {
        free(pages[i].ev);
        free(pages[i].buf);
    }
    zf_arena_free(a);
    return rc;
}
