/* merkle.c — see merkle.h. The RFC 9162 Merkle tree, its proofs and their
 * verification.
 *
 * The generators follow the recursive definitions of RFC 9162 §2.1.1 (MTH),
 * §2.1.3.1 (PATH) and §2.1.4.1 (PROOF/SUBPROOF) line by line, so that the code
 * can be read next to the RFC. Each recursion hashes every interior node it
 * needs exactly once, so a root or a proof over n leaves costs O(n) hashes.
 * The verifiers are the iterative algorithms of §2.1.3.2 and §2.1.4.2, which
 * need no tree at all: only the sizes, the path and the two hashes. */
#include "core/merkle.h"

#include "core/sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sha256.h"

/* The hasher of a computation: core/sha256.h's state (once an OpenSSL EVP
 * context fetched once per computation; the low-level calls need no fetch
 * and no allocation, issue 12). */
typedef struct hasher {
    zf_sha256_t s;
} hasher_t;

static void hasher_open(hasher_t *h) { (void)h; }

static void hasher_close(hasher_t *h) { (void)h; }

/* SHA-256(prefix || a || b); prefix < 0 means no prefix byte (the empty tree
 * hashes nothing at all). */
static void hasher_digest(hasher_t *h, int prefix, const void *a, size_t alen, const void *b,
                          size_t blen, zf_hash_t out) {
    unsigned char p = (unsigned char)prefix;
    zf_sha256_init(&h->s);
    if (prefix >= 0) zf_sha256_update(&h->s, &p, 1);
    zf_sha256_update(&h->s, a, alen);
    zf_sha256_update(&h->s, b, blen);
    zf_sha256_final(&h->s, out);
}

/* RFC 9162 §2.1.1: the two domain-separation prefixes. A leaf can never be
 * mistaken for an interior node, which is what stops second-preimage attacks
 * on the tree. */
enum { LEAF_PREFIX = 0x00, NODE_PREFIX = 0x01 };

static void hash_node(hasher_t *h, const zf_hash_t left, const zf_hash_t right, zf_hash_t out) {
    hasher_digest(h, NODE_PREFIX, left, ZF_HASH_LEN, right, ZF_HASH_LEN, out);
}

void zf_merkle_leaf_hash(const void *data, size_t len, zf_hash_t out) {
    hasher_t h;
    hasher_open(&h);
    hasher_digest(&h, LEAF_PREFIX, data, len, NULL, 0, out);
    hasher_close(&h);
}

void zf_merkle_node_hash(const zf_hash_t left, const zf_hash_t right, zf_hash_t out) {
    hasher_t h;
    hasher_open(&h);
    hash_node(&h, left, right, out);
    hasher_close(&h);
}

/* RFC 9162 §2.1.1: "k is the largest power of two smaller than n", n > 1.
 * The loop compares k with n - k rather than 2k with n so that it cannot
 * overflow for n above 2^63. */
static uint64_t split_point(uint64_t n) {
    uint64_t k = 1;
    while (k < n - k)
        k <<= 1;
    return k;
}

/* MTH(D[0:n]) for n >= 1 (§2.1.1). Recursion depth is the tree height, at
 * most 64. */
static void mth(hasher_t *h, const zf_hash_t *leaves, uint64_t n, zf_hash_t out) {
    if (n == 1) {
        memcpy(out, leaves[0], ZF_HASH_LEN);
        return;
    }
    uint64_t k = split_point(n);
    zf_hash_t left, right;
    mth(h, leaves, k, left);
    mth(h, leaves + k, n - k, right);
    hash_node(h, left, right, out);
}

void zf_merkle_root(const zf_hash_t *leaves, uint64_t n, zf_hash_t out) {
    hasher_t h;
    hasher_open(&h);
    if (n == 0)
        hasher_digest(&h, -1, NULL, 0, NULL, 0, out); /* MTH({}) = SHA-256() */
    else
        mth(&h, leaves, n, out);
    hasher_close(&h);
}

/* Where the hashes of subtrees come from: the leaves in memory, or the
 * caller's function for perfect subtrees (zf_merkle_subtree_fn), which lets
 * a proof over a long log read O(log n) stored subtree hashes instead of
 * every leaf. `a` below is the first leaf of the range, absolute. */
typedef struct source {
    hasher_t h;
    const zf_hash_t *leaves;
    zf_merkle_subtree_fn fn;
    void *ctx;
    int failed;
} source_t;

/* MTH(D[a:a+n]), n >= 1. In the recursions of PATH and SUBPROOF every range
 * is a power-of-two left part, aligned to its size, or a right edge; a right
 * edge splits into aligned perfect parts the same way. */
static void range_hash(source_t *src, uint64_t a, uint64_t n, zf_hash_t out) {
    if (!src->fn) {
        mth(&src->h, src->leaves + a, n, out);
        return;
    }
    if ((n & (n - 1)) == 0) {
        unsigned level = 0;
        while (((uint64_t)1 << level) < n)
            level++;
        if (!src->failed && src->fn(src->ctx, a, level, out) != 0) src->failed = 1;
        if (src->failed) memset(out, 0, ZF_HASH_LEN);
        return;
    }
    uint64_t k = split_point(n);
    zf_hash_t left, right;
    range_hash(src, a, k, left);
    range_hash(src, a + k, n - k, right);
    hash_node(&src->h, left, right, out);
}

/* PATH(m, D[a:a+n]) of §2.1.3.1, m < n, appended to path[len...]; returns the
 * new length. The RFC writes the result as PATH(deeper) : MTH(sibling), so
 * the deeper part is produced first and the path runs from the leaf up. */
static size_t inclusion_path(source_t *src, uint64_t a, uint64_t n, uint64_t m, zf_hash_t *path,
                             size_t len) {
    if (n == 1) return len; /* PATH(0, {d(0)}) = {} */
    uint64_t k = split_point(n);
    if (m < k) {
        len = inclusion_path(src, a, k, m, path, len);
        range_hash(src, a + k, n - k, path[len]);
    } else {
        len = inclusion_path(src, a + k, n - k, m - k, path, len);
        range_hash(src, a, k, path[len]);
    }
    return len + 1;
}

/* SUBPROOF(m, D[a:a+n], b) of §2.1.4.1, 0 < m <= n, appended to
 * path[len...]; returns the new length. `b` says whether D[0:m] is the very
 * tree the verifier already holds the root of (first_hash): the RFC leaves
 * that hash out of the proof, but must include the hash of any other subtree
 * it stops at, because the verifier cannot know it. */
static size_t consistency_subproof(source_t *src, uint64_t a, uint64_t n, uint64_t m, int b,
                                   zf_hash_t *path, size_t len) {
    if (m == n) {
        if (b) return len;                /* SUBPROOF(m, D[m], true) = {} */
        range_hash(src, a, n, path[len]); /* SUBPROOF(m, D[m], false) = {MTH(D[m])} */
        return len + 1;
    }
    uint64_t k = split_point(n);
    if (m <= k) {
        /* The old tree lies inside the left subtree; the right one is all new. */
        len = consistency_subproof(src, a, k, m, b, path, len);
        range_hash(src, a + k, n - k, path[len]);
    } else {
        /* The left subtree is complete in both trees; recurse on the right. */
        len = consistency_subproof(src, a + k, n - k, m - k, 0, path, len);
        range_hash(src, a, k, path[len]);
    }
    return len + 1;
}

int zf_merkle_inclusion_proof(const zf_hash_t *leaves, uint64_t n, uint64_t index, zf_hash_t *path,
                              size_t *len) {
    if (!leaves || !path || !len || index >= n || n > ZF_MERKLE_MAX_LEAVES) return -1;
    source_t src = {.leaves = leaves};
    hasher_open(&src.h);
    *len = inclusion_path(&src, 0, n, index, path, 0);
    hasher_close(&src.h);
    return 0;
}

int zf_merkle_consistency_proof(const zf_hash_t *leaves, uint64_t n, uint64_t m, zf_hash_t *path,
                                size_t *len) {
    if (!leaves || !path || !len || m == 0 || m > n || n > ZF_MERKLE_MAX_LEAVES) return -1;
    source_t src = {.leaves = leaves};
    hasher_open(&src.h);
    /* PROOF(m, D[n]) = SUBPROOF(m, D[n], true) */
    *len = consistency_subproof(&src, 0, n, m, 1, path, 0);
    hasher_close(&src.h);
    return 0;
}

/* ---- the same over the caller's perfect-subtree hashes ---- */

int zf_merkle_root_with(zf_merkle_subtree_fn fn, void *ctx, uint64_t n, zf_hash_t out) {
    if (!fn || !out || n > ZF_MERKLE_MAX_LEAVES) return -1;
    source_t src = {.fn = fn, .ctx = ctx};
    hasher_open(&src.h);
    if (n == 0)
        hasher_digest(&src.h, -1, NULL, 0, NULL, 0, out);
    else
        range_hash(&src, 0, n, out);
    hasher_close(&src.h);
    return src.failed ? -1 : 0;
}

int zf_merkle_inclusion_proof_with(zf_merkle_subtree_fn fn, void *ctx, uint64_t n, uint64_t index,
                                   zf_hash_t *path, size_t *len) {
    if (!fn || !path || !len || index >= n || n > ZF_MERKLE_MAX_LEAVES) return -1;
    source_t src = {.fn = fn, .ctx = ctx};
    hasher_open(&src.h);
    *len = inclusion_path(&src, 0, n, index, path, 0);
    hasher_close(&src.h);
    return src.failed ? -1 : 0;
}

int zf_merkle_consistency_proof_with(zf_merkle_subtree_fn fn, void *ctx, uint64_t n, uint64_t m,
                                     zf_hash_t *path, size_t *len) {
    if (!fn || !path || !len || m == 0 || m > n || n > ZF_MERKLE_MAX_LEAVES) return -1;
    source_t src = {.fn = fn, .ctx = ctx};
    hasher_open(&src.h);
    *len = consistency_subproof(&src, 0, n, m, 1, path, 0);
    hasher_close(&src.h);
    return src.failed ? -1 : 0;
}

static int hash_equal(const zf_hash_t a, const zf_hash_t b) {
    return memcmp(a, b, ZF_HASH_LEN) == 0;
}

/* RFC 9162 §2.1.3.2, step by step. fn is the position of the node being
 * built at the current level, sn the position of the last node at that level;
 * the path element is the left sibling when fn is odd or when fn is the last
 * node (a right edge whose sibling is further left after skipping the levels
 * where the node has no sibling). */
int zf_merkle_verify_inclusion(uint64_t index, uint64_t n, const zf_hash_t leaf_hash,
                               const zf_hash_t *path, size_t len, const zf_hash_t root) {
    if (!leaf_hash || !root || (len > 0 && !path)) return 0;
    /* 1. leaf_index >= tree_size: fail. */
    if (index >= n) return 0;
    /* 2.-3. */
    uint64_t fn = index;
    uint64_t sn = n - 1;
    zf_hash_t r;
    memcpy(r, leaf_hash, ZF_HASH_LEN);
    hasher_t h;
    hasher_open(&h);
    int ok = 1;
    /* 4. */
    for (size_t i = 0; i < len; i++) {
        if (sn == 0) {
            ok = 0; /* the path is longer than the tree is high */
            break;
        }
        if ((fn & 1) == 1 || fn == sn) {
            hash_node(&h, path[i], r, r);
            /* Levels where the node is the last and has no right sibling
             * add no hash: climb them. */
            while ((fn & 1) == 0 && fn != 0) {
                fn >>= 1;
                sn >>= 1;
            }
        } else {
            hash_node(&h, r, path[i], r);
        }
        fn >>= 1;
        sn >>= 1;
    }
    hasher_close(&h);
    /* 5. sn == 0 means the path reached the root, no shorter. */
    return ok && sn == 0 && hash_equal(r, root);
}

static int is_power_of_two(uint64_t x) { return x != 0 && (x & (x - 1)) == 0; }

/* RFC 9162 §2.1.4.2, step by step. The RFC states it for 0 < first < second;
 * first == second is handled here as the generator defines it (empty proof,
 * equal roots). fr rebuilds the old root and sr the new one from the same
 * path; they share every left sibling and differ in the right ones. */
int zf_merkle_verify_consistency(uint64_t m, uint64_t n, const zf_hash_t root1,
                                 const zf_hash_t root2, const zf_hash_t *path, size_t len) {
    if (!root1 || !root2 || (len > 0 && !path)) return 0;
    if (m == 0 || m > n) return 0;
    if (m == n) return len == 0 && hash_equal(root1, root2);
    /* 1. An empty path cannot prove anything when the tree grew. */
    if (len == 0) return 0;
    /* 2. If first is an exact power of 2, the old tree is a complete subtree
     * whose hash the proof leaves out: prepend first_hash. Instead of copying
     * the path we start from root1 and read the path from its first element;
     * otherwise we start from path[0] and read on from path[1]. */
    const unsigned char *start = root1;
    size_t next = 0;
    if (!is_power_of_two(m)) {
        start = path[0];
        next = 1;
    }
    /* 3. */
    uint64_t fn = m - 1;
    uint64_t sn = n - 1;
    /* 4. Skip the levels where the old tree's last node is a right child: its
     * ancestors up to there are already inside the starting hash. */
    while ((fn & 1) == 1) {
        fn >>= 1;
        sn >>= 1;
    }
    /* 5. */
    zf_hash_t fr, sr;
    memcpy(fr, start, ZF_HASH_LEN);
    memcpy(sr, start, ZF_HASH_LEN);
    hasher_t h;
    hasher_open(&h);
    int ok = 1;
    /* 6. */
    for (size_t i = next; i < len; i++) {
        if (sn == 0) {
            ok = 0;
            break;
        }
        if ((fn & 1) == 1 || fn == sn) {
            hash_node(&h, path[i], fr, fr);
            hash_node(&h, path[i], sr, sr);
            while ((fn & 1) == 0 && fn != 0) {
                fn >>= 1;
                sn >>= 1;
            }
        } else {
            hash_node(&h, sr, path[i], sr);
        }
        fn >>= 1;
        sn >>= 1;
    }
    hasher_close(&h);
    /* 7. */
    return ok && sn == 0 && hash_equal(fr, root1) && hash_equal(sr, root2);
}

/* The builder keeps the roots of the perfect subtrees that the leaves so far
 * decompose into, one per set bit of size, largest (leftmost) first. MTH
 * splits at the largest power of two below n, so the tree of n leaves is
 * exactly that leftmost perfect subtree joined to the tree of the rest, and
 * the root is the fold of the stack from the right (see builder_root). */
void zf_merkle_builder_init(zf_merkle_builder_t *b) { memset(b, 0, sizeof *b); }

void zf_merkle_builder_push(zf_merkle_builder_t *b, const zf_hash_t leaf) {
    /* 2^64 leaves would overflow size; unreachable, but never wrap silently. */
    if (b->size == UINT64_MAX) abort();
    zf_hash_t carry;
    memcpy(carry, leaf, ZF_HASH_LEN);
    unsigned height = 0;
    /* Like adding 1 in binary: two perfect subtrees of equal height merge
     * into one of the next height, as long as the carry ripples. Merging
     * before storing keeps depth <= 64 even at size 2^64 - 1. */
    hasher_t h;
    while (b->depth > 0 && b->height[b->depth - 1] == height) {
        hash_node(&h, b->stack[b->depth - 1], carry, carry);
        b->depth--;
        height++;
    }
    memcpy(b->stack[b->depth], carry, ZF_HASH_LEN);
    b->height[b->depth] = (unsigned char)height;
    b->depth++;
    b->size++;
}

void zf_merkle_builder_free(zf_merkle_builder_t *b) { zf_merkle_builder_init(b); }

void zf_merkle_builder_root(const zf_merkle_builder_t *b, zf_hash_t out) {
    hasher_t h;
    hasher_open(&h);
    if (b->depth == 0) {
        hasher_digest(&h, -1, NULL, 0, NULL, 0, out); /* MTH({}) */
    } else {
        /* The smallest subtree is the rightmost; each larger one to its left
         * is the left child of the node that joins it to everything right. */
        zf_hash_t r;
        memcpy(r, b->stack[b->depth - 1], ZF_HASH_LEN);
        for (size_t i = b->depth - 1; i > 0; i--)
            hash_node(&h, b->stack[i - 1], r, r);
        memcpy(out, r, ZF_HASH_LEN);
    }
    hasher_close(&h);
}
