/* log_tree.h — the full-process log's Merkle tree without reading every leaf
 * (issue 12: a public proof request used to load all n leaf hashes and hash
 * 2n nodes, so anyone could make the server do O(n) work per request).
 *
 * The hashes of complete subtrees of 256 leaves and every level above them
 * are kept in memory (64 bytes per 256 events: 250 KB for a million events),
 * extended as the log grows — each leaf is read from the database once, and
 * the checkpoints store the blocks' hashes (log_blocks, migration 049) so a
 * starting process reads 32 bytes per 256 events instead of every leaf. A root or a proof then
 * needs O(log n) of those plus at most a few blocks of 256 leaf hashes read by index range. The log
 * is append-only, so what is cached never changes; `zhifa audit verify` still checks the rows
 * themselves. Thread-safe: one mutex guards the cache. */
#ifndef ZF_STORE_LOG_TREE_H
#define ZF_STORE_LOG_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/merkle.h"

struct zf_db;
typedef struct zf_log_tree zf_log_tree_t;

zf_log_tree_t *zf_log_tree_new(void);
void zf_log_tree_free(zf_log_tree_t *t);

/* MTH of the first n events (1 <= n <= log size). */
int zf_log_tree_root(zf_log_tree_t *t, struct zf_db *db, int64_t n, zf_hash_t out, zf_error_t *err);

/* RFC 9162 inclusion proof of event `index` in the tree of the first n
 * events; also gives that event's leaf hash. */
int zf_log_tree_inclusion(zf_log_tree_t *t, struct zf_db *db, int64_t n, int64_t index,
                          zf_hash_t leaf, zf_hash_t *path, size_t *len, zf_error_t *err);

/* RFC 9162 consistency proof between the trees of the first m and n events
 * (1 <= m <= n). */
int zf_log_tree_consistency(zf_log_tree_t *t, struct zf_db *db, int64_t n, int64_t m,
                            zf_hash_t *path, size_t *len, zf_error_t *err);

/* Store the hashes of the complete blocks of the first n events that t
 * holds and the table log_blocks (migration 049) does not yet, so the next
 * process reads them instead of every leaf. Inside the caller's write
 * transaction (the checkpoint's). t NULL: nothing to store. */
int zf_log_tree_store(zf_log_tree_t *t, struct zf_db *db, int64_t n, zf_error_t *err);

#endif
