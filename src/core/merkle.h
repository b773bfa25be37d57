/* merkle.h — the RFC 9162 (Certificate Transparency v2) Merkle tree over the
 * full-process record (R22).
 *
 * leaf hash  = SHA-256(0x00 || event bytes)
 * node hash  = SHA-256(0x01 || left || right)
 * MTH({})    = SHA-256("")
 * The tree of n leaves splits at k, the largest power of two < n (RFC 9162
 * §2.1.1). Inclusion proofs (§2.1.3) and consistency proofs (§2.1.4) are
 * computed from the array of leaf hashes and verified by the algorithms of
 * §2.1.3.2 and §2.1.4.2. Pure computation, no I/O; SHA-256 through OpenSSL's
 * libcrypto (SHA extensions). Thread-safe. */
#ifndef ZF_CORE_MERKLE_H
#define ZF_CORE_MERKLE_H

#include <stddef.h>
#include <stdint.h>

#define ZF_HASH_LEN 32
#define ZF_MERKLE_MAX_PROOF 64 /* enough for every proof up to ZF_MERKLE_MAX_LEAVES */
/* The largest tree the proof generators accept. An inclusion proof in a tree
 * of n leaves has at most ceil(log2 n) hashes, but a consistency proof can
 * have one more (m = n - 1 in a perfect tree of 2^h leaves needs h + 1), so
 * trees above 2^63 leaves could need 65 hashes and overflow a path array of
 * ZF_MERKLE_MAX_PROOF. Nobody holds 2^63 leaf hashes in memory; the cap only
 * keeps the bound honest. */
#define ZF_MERKLE_MAX_LEAVES ((uint64_t)1 << 63)

typedef unsigned char zf_hash_t[ZF_HASH_LEN];

/* SHA-256(0x00 || data). */
void zf_merkle_leaf_hash(const void *data, size_t len, zf_hash_t out);
/* SHA-256(0x01 || left || right). */
void zf_merkle_node_hash(const zf_hash_t left, const zf_hash_t right, zf_hash_t out);

/* Root of the tree over leaves[0..n). n == 0 gives SHA-256 of the empty string. */
void zf_merkle_root(const zf_hash_t *leaves, uint64_t n, zf_hash_t out);

/* Inclusion proof (audit path) for leaf `index` in the tree of size n.
 * Writes up to ZF_MERKLE_MAX_PROOF hashes to path and the count to *len.
 * Returns 0, or -1 if index >= n (or n > ZF_MERKLE_MAX_LEAVES, or a pointer
 * is NULL). */
int zf_merkle_inclusion_proof(const zf_hash_t *leaves, uint64_t n, uint64_t index, zf_hash_t *path,
                              size_t *len);

/* Consistency proof between the tree of size m and the tree of size n
 * (0 < m <= n), RFC 9162 §2.1.4.1. Returns 0, or -1 if the sizes are invalid
 * (also n > ZF_MERKLE_MAX_LEAVES, or a pointer is NULL).
 * m == n gives an empty proof. Note the argument order: n before m. */
int zf_merkle_consistency_proof(const zf_hash_t *leaves, uint64_t n, uint64_t m, zf_hash_t *path,
                                size_t *len);

/* Verify that leaf_hash is at index in the tree of size n with the given root.
 * Returns 1 if it is, 0 if not. */
int zf_merkle_verify_inclusion(uint64_t index, uint64_t n, const zf_hash_t leaf_hash,
                               const zf_hash_t *path, size_t len, const zf_hash_t root);

/* Verify that the tree of size n with root2 extends the tree of size m with
 * root1. Returns 1 if it does, 0 if not. m == n holds only with an empty
 * proof and root1 == root2; m == 0 or m > n gives 0 (the generator refuses
 * those sizes, so no proof for them exists). */
int zf_merkle_verify_consistency(uint64_t m, uint64_t n, const zf_hash_t root1,
                                 const zf_hash_t root2, const zf_hash_t *path, size_t len);

/* The same root and proofs without the leaves in memory: fn gives the hash
 * of the perfect subtree of 2^level leaves starting at leaf `start` (a
 * multiple of 2^level), returning 0, or nonzero to fail the computation.
 * A proof asks for O(log n) subtrees, so a caller that stores the hashes of
 * large subtrees (store/log_tree.c) answers in O(log n) reads, not O(n).
 * Each returns 0, or -1 for bad arguments or when fn failed. */
typedef int (*zf_merkle_subtree_fn)(void *ctx, uint64_t start, unsigned level, zf_hash_t out);
int zf_merkle_root_with(zf_merkle_subtree_fn fn, void *ctx, uint64_t n, zf_hash_t out);
int zf_merkle_inclusion_proof_with(zf_merkle_subtree_fn fn, void *ctx, uint64_t n, uint64_t index,
                                   zf_hash_t *path, size_t *len);
int zf_merkle_consistency_proof_with(zf_merkle_subtree_fn fn, void *ctx, uint64_t n, uint64_t m,
                                     zf_hash_t *path, size_t *len);

/* Incremental root builder: push leaf hashes in order, read the root of the
 * leaves pushed so far at any time, in O(log n) memory. Used by audit verify
 * to check every checkpoint in one pass. */
typedef struct zf_merkle_builder {
    zf_hash_t stack[ZF_MERKLE_MAX_PROOF]; /* roots of perfect subtrees, largest first */
    unsigned char height[ZF_MERKLE_MAX_PROOF];
    size_t depth;
    uint64_t size;
} zf_merkle_builder_t;

void zf_merkle_builder_init(zf_merkle_builder_t *b);
void zf_merkle_builder_push(zf_merkle_builder_t *b, const zf_hash_t leaf);
void zf_merkle_builder_root(const zf_merkle_builder_t *b, zf_hash_t out);
/* Empty the builder (it holds nothing to release: the hasher is on the
 * stack of each push since core/sha256.h, issue 12). */
void zf_merkle_builder_free(zf_merkle_builder_t *b);

#endif
