/* Unit tests for core/merkle: the RFC 9162 tree, proofs and verifiers.
 *
 * Three kinds of evidence:
 *   M01-M04  published answers: SHA-256 of nothing, and the RFC 6962 test
 *            vectors of Certificate Transparency (the eight leaves, their
 *            roots, audit paths and consistency proofs; RFC 9162 keeps the
 *            same tree and hashes, so they hold for it too);
 *   M05-M08  every tree size 1..300 against a reference written here, which
 *            builds the tree bottom-up level by level (an odd node at the end
 *            of a level moves up unchanged) and hashes with libsodium, so it
 *            shares neither algorithm nor SHA-256 code with merkle.c;
 *   M09-M12  invalid arguments, the size cap, the builder's memory bound and
 *            paths that stop short of the claimed tree's top.
 * Test IDs are stable: add new ones at the end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/merkle.h"
#include "core/util.h"

#define MAX_N 300
/* Beyond this size consistency proofs are checked for a sample of first
 * sizes instead of all of them, to keep the ASan run short. */
#define ALL_PAIRS_UP_TO 70

/* ---- the independent reference ---------------------------------------- */

static void ref_sha256(const unsigned char *in, size_t n, zf_hash_t out) {
    crypto_hash_sha256(out, in, n);
}

static void ref_leaf(const void *data, size_t len, zf_hash_t out) {
    unsigned char *buf = zf_xmalloc(len + 1);
    buf[0] = 0x00;
    if (len > 0) memcpy(buf + 1, data, len);
    ref_sha256(buf, len + 1, out);
    free(buf);
}

static void ref_node(const zf_hash_t l, const zf_hash_t r, zf_hash_t out) {
    unsigned char buf[1 + 2 * ZF_HASH_LEN];
    buf[0] = 0x01;
    memcpy(buf + 1, l, ZF_HASH_LEN);
    memcpy(buf + 1 + ZF_HASH_LEN, r, ZF_HASH_LEN);
    ref_sha256(buf, sizeof buf, out);
}

/* The tree of n leaves as levels: level 0 = the leaves; each next level
 * pairs neighbours, and a last node without a partner moves up as it is.
 * This is the same tree as RFC 9162's split at the largest power of two,
 * reached from the other end. */
typedef struct ref_tree {
    size_t levels;
    size_t width[16];
    zf_hash_t *node[16];
} ref_tree_t;

static void ref_tree_build(ref_tree_t *t, const zf_hash_t *leaves, size_t n) {
    memset(t, 0, sizeof *t);
    t->width[0] = n;
    t->node[0] = zf_xmalloc(n * sizeof(zf_hash_t));
    memcpy(t->node[0], leaves, n * sizeof(zf_hash_t));
    t->levels = 1;
    while (t->width[t->levels - 1] > 1) {
        size_t below = t->width[t->levels - 1];
        size_t w = (below + 1) / 2;
        zf_hash_t *up = zf_xmalloc(w * sizeof(zf_hash_t));
        for (size_t i = 0; i < w; i++) {
            if (2 * i + 1 < below)
                ref_node(t->node[t->levels - 1][2 * i], t->node[t->levels - 1][2 * i + 1], up[i]);
            else
                memcpy(up[i], t->node[t->levels - 1][2 * i], ZF_HASH_LEN);
        }
        t->node[t->levels] = up;
        t->width[t->levels] = w;
        t->levels++;
    }
}

static void ref_tree_free(ref_tree_t *t) {
    for (size_t i = 0; i < t->levels; i++)
        free(t->node[i]);
}

static void ref_root(const zf_hash_t *leaves, size_t n, zf_hash_t out) {
    if (n == 0) {
        ref_sha256((const unsigned char *)"", 0, out);
        return;
    }
    ref_tree_t t;
    ref_tree_build(&t, leaves, n);
    memcpy(out, t.node[t.levels - 1][0], ZF_HASH_LEN);
    ref_tree_free(&t);
}

/* Audit path bottom-up: at each level the sibling, if the node has one. */
static size_t ref_inclusion(const ref_tree_t *t, size_t index, zf_hash_t *path) {
    size_t len = 0;
    for (size_t level = 0; level + 1 < t->levels; level++) {
        size_t sibling = index ^ 1;
        if (sibling < t->width[level]) memcpy(path[len++], t->node[level][sibling], ZF_HASH_LEN);
        index >>= 1;
    }
    return len;
}

/* RFC 9162 §2.1.4.1 SUBPROOF, written from the RFC text with the level-built
 * roots above for MTH. */
static size_t ref_subproof(const zf_hash_t *d, size_t n, size_t m, int b, zf_hash_t *out) {
    if (m == n) {
        if (b) return 0;
        ref_root(d, n, out[0]);
        return 1;
    }
    size_t k = 1;
    while (k * 2 < n)
        k *= 2;
    size_t len;
    if (m <= k) {
        len = ref_subproof(d, k, m, b, out);
        ref_root(d + k, n - k, out[len]);
    } else {
        len = ref_subproof(d + k, n - k, m - k, 0, out);
        ref_root(d, k, out[len]);
    }
    return len + 1;
}

/* ---- helpers ----------------------------------------------------------- */

static void from_hex(const char *hex, zf_hash_t out) {
    assert_int_equal(zf_hex_decode(hex, out, ZF_HASH_LEN), 0);
}

/* Fail with the sizes in the message: a bare assertion in a loop over
 * thousands of trees would not say which one broke. */
static void check(int cond, const char *what, uint64_t n, uint64_t a) {
    if (!cond) {
        print_error("%s (n=%llu, %llu)\n", what, (unsigned long long)n, (unsigned long long)a);
        fail();
    }
}

static unsigned ceil_log2(uint64_t n) {
    unsigned h = 0;
    while (((uint64_t)1 << h) < n)
        h++;
    return h;
}

static zf_hash_t leaves[MAX_N + 1];
static zf_hash_t roots[MAX_N + 1]; /* roots[n] = MTH of the first n leaves, by the reference */

static int setup_leaves(void **state) {
    (void)state;
    for (size_t i = 0; i <= MAX_N; i++) {
        char text[64];
        int len = snprintf(text, sizeof text, "{\"index\":%zu,\"action\":\"测试\"}", i);
        ref_leaf(text, (size_t)len, leaves[i]);
    }
    for (size_t n = 0; n <= MAX_N; n++)
        ref_root(leaves, n, roots[n]);
    return 0;
}

/* ---- the RFC 6962 vectors ------------------------------------------------ */

static const char *const vector_data[8] = {
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
};
static const char *const vector_roots[9] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

static void vector_leaves(zf_hash_t out[8]) {
    for (int i = 0; i < 8; i++) {
        unsigned char data[16];
        size_t len = strlen(vector_data[i]) / 2;
        assert_int_equal(zf_hex_decode(vector_data[i], data, len), 0);
        zf_merkle_leaf_hash(data, len, out[i]);
    }
}

/* M01: the empty tree is SHA-256 of the empty string (§2.1.1), both ways. */
static void test_M01_empty_tree(void **state) {
    (void)state;
    zf_hash_t want, got;
    from_hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", want);
    zf_merkle_root(NULL, 0, got);
    assert_memory_equal(got, want, ZF_HASH_LEN);
    zf_merkle_builder_t b;
    zf_merkle_builder_init(&b);
    zf_merkle_builder_root(&b, got);
    assert_memory_equal(got, want, ZF_HASH_LEN);
    zf_merkle_builder_free(&b);
}

/* M02: a one-leaf tree's root is its leaf hash; the leaf and node prefixes
 * are 0x00 and 0x01 (checked against libsodium's SHA-256). */
static void test_M02_one_leaf_and_prefixes(void **state) {
    (void)state;
    zf_hash_t leaf, want, root;
    zf_merkle_leaf_hash("", 0, leaf);
    from_hex(vector_roots[1], want); /* SHA-256(0x00) */
    assert_memory_equal(leaf, want, ZF_HASH_LEN);
    zf_merkle_root((const zf_hash_t *)&leaf, 1, root);
    assert_memory_equal(root, leaf, ZF_HASH_LEN);

    const char *text = "执法记录";
    zf_merkle_leaf_hash(text, strlen(text), leaf);
    ref_leaf(text, strlen(text), want);
    assert_memory_equal(leaf, want, ZF_HASH_LEN);
    /* A leaf is not the bare hash of its bytes. */
    ref_sha256((const unsigned char *)text, strlen(text), want);
    assert_memory_not_equal(leaf, want, ZF_HASH_LEN);

    zf_hash_t node;
    zf_merkle_node_hash(leaves[0], leaves[1], node);
    ref_node(leaves[0], leaves[1], want);
    assert_memory_equal(node, want, ZF_HASH_LEN);
    zf_merkle_node_hash(leaves[1], leaves[0], want);
    assert_memory_not_equal(node, want, ZF_HASH_LEN);
}

/* M03: the RFC 6962 roots for the first 1..8 test leaves. */
static void test_M03_vector_roots(void **state) {
    (void)state;
    zf_hash_t v[8], want, got;
    vector_leaves(v);
    zf_merkle_builder_t b;
    zf_merkle_builder_init(&b);
    for (uint64_t n = 1; n <= 8; n++) {
        from_hex(vector_roots[n], want);
        zf_merkle_root((const zf_hash_t *)v, n, got);
        check(memcmp(got, want, ZF_HASH_LEN) == 0, "vector root", n, 0);
        zf_merkle_builder_push(&b, v[n - 1]);
        zf_merkle_builder_root(&b, got);
        check(memcmp(got, want, ZF_HASH_LEN) == 0, "vector builder root", n, 0);
    }
    zf_merkle_builder_free(&b);
}

typedef struct vector_proof {
    uint64_t a, n; /* leaf index or first size; tree size */
    size_t len;
    const char *hex[3];
} vector_proof_t;

/* M04: RFC 6962 audit paths and consistency proofs over the test leaves,
 * byte for byte, and each verifies. */
static void test_M04_vector_proofs(void **state) {
    (void)state;
    static const vector_proof_t inclusion[] = {
        {0, 1, 0, {NULL}},
        {0,
         8,
         3,
         {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
        {5,
         8,
         3,
         {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
          "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
        {2, 3, 1, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
        {1,
         5,
         3,
         {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
    };
    static const vector_proof_t consistency[] = {
        {1, 1, 0, {NULL}},
        {1,
         8,
         3,
         {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
        {2,
         8,
         2,
         {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
        {6,
         8,
         3,
         {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
          "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
        {2,
         5,
         2,
         {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
    };
    zf_hash_t v[8], path[ZF_MERKLE_MAX_PROOF], want, root, root1;
    vector_leaves(v);
    for (size_t t = 0; t < sizeof inclusion / sizeof inclusion[0]; t++) {
        const vector_proof_t *p = &inclusion[t];
        size_t len = 99;
        assert_int_equal(zf_merkle_inclusion_proof((const zf_hash_t *)v, p->n, p->a, path, &len),
                         0);
        check(len == p->len, "vector inclusion length", p->n, p->a);
        for (size_t i = 0; i < len; i++) {
            from_hex(p->hex[i], want);
            check(memcmp(path[i], want, ZF_HASH_LEN) == 0, "vector inclusion hash", p->n, p->a);
        }
        from_hex(vector_roots[p->n], root);
        check(zf_merkle_verify_inclusion(p->a, p->n, v[p->a], (const zf_hash_t *)path, len, root),
              "vector inclusion verifies", p->n, p->a);
    }
    for (size_t t = 0; t < sizeof consistency / sizeof consistency[0]; t++) {
        const vector_proof_t *p = &consistency[t];
        size_t len = 99;
        assert_int_equal(zf_merkle_consistency_proof((const zf_hash_t *)v, p->n, p->a, path, &len),
                         0);
        check(len == p->len, "vector consistency length", p->n, p->a);
        for (size_t i = 0; i < len; i++) {
            from_hex(p->hex[i], want);
            check(memcmp(path[i], want, ZF_HASH_LEN) == 0, "vector consistency hash", p->n, p->a);
        }
        from_hex(vector_roots[p->a], root1);
        from_hex(vector_roots[p->n], root);
        check(zf_merkle_verify_consistency(p->a, p->n, root1, root, (const zf_hash_t *)path, len),
              "vector consistency verifies", p->n, p->a);
    }
}

/* ---- every size 1..300 ------------------------------------------------- */

/* M05: zf_merkle_root and the builder agree with the reference at every size;
 * the builder is read after every push, as audit verify does. */
static void test_M05_roots_every_size(void **state) {
    (void)state;
    zf_merkle_builder_t b;
    zf_merkle_builder_init(&b);
    zf_hash_t got;
    for (uint64_t n = 1; n <= MAX_N; n++) {
        zf_merkle_root((const zf_hash_t *)leaves, n, got);
        check(memcmp(got, roots[n], ZF_HASH_LEN) == 0, "root differs from reference", n, 0);
        zf_merkle_builder_push(&b, leaves[n - 1]);
        check(b.size == n, "builder size", n, b.size);
        zf_merkle_builder_root(&b, got);
        check(memcmp(got, roots[n], ZF_HASH_LEN) == 0, "builder root differs", n, 0);
        /* Reading the root leaves the builder as it was. */
        zf_merkle_builder_root(&b, got);
        check(memcmp(got, roots[n], ZF_HASH_LEN) == 0, "builder root not repeatable", n, 0);
    }
    zf_merkle_builder_free(&b);
}

/* An inclusion proof must fail with any one hash flipped, with the wrong
 * index, size or leaf, and when cut short or padded. */
static void inclusion_tampers_fail(uint64_t n, uint64_t i, zf_hash_t *path, size_t len) {
    const zf_hash_t *cpath = (const zf_hash_t *)path;
    for (size_t k = 0; k < len; k++) {
        path[k][k % ZF_HASH_LEN] ^= 0x01;
        check(!zf_merkle_verify_inclusion(i, n, leaves[i], cpath, len, roots[n]),
              "inclusion verifies with a flipped hash", n, i);
        path[k][k % ZF_HASH_LEN] ^= 0x01;
    }
    zf_hash_t bad;
    memcpy(bad, leaves[i], ZF_HASH_LEN);
    bad[31] ^= 0x80;
    check(!zf_merkle_verify_inclusion(i, n, bad, cpath, len, roots[n]),
          "inclusion verifies a flipped leaf", n, i);
    memcpy(bad, roots[n], ZF_HASH_LEN);
    bad[0] ^= 0x80;
    check(!zf_merkle_verify_inclusion(i, n, leaves[i], cpath, len, bad),
          "inclusion verifies against a flipped root", n, i);
    if (i + 1 < n)
        check(!zf_merkle_verify_inclusion(i + 1, n, leaves[i], cpath, len, roots[n]),
              "inclusion verifies at index + 1", n, i);
    if (i > 0)
        check(!zf_merkle_verify_inclusion(i - 1, n, leaves[i], cpath, len, roots[n]),
              "inclusion verifies at index - 1", n, i);
    check(!zf_merkle_verify_inclusion(n, n, leaves[i], cpath, len, roots[n]),
          "inclusion verifies at index == size", n, i);
    /* A wrong size is tested with that size's own root: with roots[n] the
     * path can still hash to it (the verifier trusts the root it is given
     * to belong to the size it is given). */
    if (n < MAX_N)
        check(!zf_merkle_verify_inclusion(i, n + 1, leaves[i], cpath, len, roots[n + 1]),
              "inclusion verifies with size + 1", n, i);
    if (len > 0)
        check(!zf_merkle_verify_inclusion(i, n, leaves[i], cpath, len - 1, roots[n]),
              "inclusion verifies cut short", n, i);
    if (len < ZF_MERKLE_MAX_PROOF) {
        memcpy(path[len], roots[n], ZF_HASH_LEN);
        check(!zf_merkle_verify_inclusion(i, n, leaves[i], cpath, len + 1, roots[n]),
              "inclusion verifies with an extra hash", n, i);
    }
    if (len >= 2 && memcmp(path[0], path[1], ZF_HASH_LEN) != 0) {
        zf_hash_t t;
        memcpy(t, path[0], ZF_HASH_LEN);
        memcpy(path[0], path[1], ZF_HASH_LEN);
        memcpy(path[1], t, ZF_HASH_LEN);
        check(!zf_merkle_verify_inclusion(i, n, leaves[i], cpath, len, roots[n]),
              "inclusion verifies with two hashes swapped", n, i);
        memcpy(path[1], path[0], ZF_HASH_LEN);
        memcpy(path[0], t, ZF_HASH_LEN);
    }
}

/* M06: every inclusion proof in every tree of 1..300 leaves equals the
 * reference audit path, has at most ceil(log2 n) hashes (exactly log2 n in a
 * perfect tree), verifies, and fails when tampered with. */
static void test_M06_inclusion_every_leaf(void **state) {
    (void)state;
    zf_hash_t path[ZF_MERKLE_MAX_PROOF], want[ZF_MERKLE_MAX_PROOF];
    for (uint64_t n = 1; n <= MAX_N; n++) {
        ref_tree_t t;
        ref_tree_build(&t, (const zf_hash_t *)leaves, n);
        for (uint64_t i = 0; i < n; i++) {
            size_t len = 0;
            check(zf_merkle_inclusion_proof((const zf_hash_t *)leaves, n, i, path, &len) == 0,
                  "inclusion proof refused", n, i);
            size_t want_len = ref_inclusion(&t, i, want);
            check(len == want_len, "inclusion length differs from reference", n, i);
            check(memcmp(path, want, len * sizeof(zf_hash_t)) == 0,
                  "inclusion path differs from reference", n, i);
            check(len <= ceil_log2(n), "inclusion longer than ceil(log2 n)", n, i);
            if ((n & (n - 1)) == 0) check(len == ceil_log2(n), "perfect tree path length", n, i);
            check(
                zf_merkle_verify_inclusion(i, n, leaves[i], (const zf_hash_t *)path, len, roots[n]),
                "inclusion proof does not verify", n, i);
            inclusion_tampers_fail(n, i, path, len);
        }
        ref_tree_free(&t);
    }
}

static void consistency_tampers_fail(uint64_t m, uint64_t n, zf_hash_t *path, size_t len) {
    const zf_hash_t *cpath = (const zf_hash_t *)path;
    for (size_t k = 0; k < len; k++) {
        path[k][(k * 7) % ZF_HASH_LEN] ^= 0x10;
        check(!zf_merkle_verify_consistency(m, n, roots[m], roots[n], cpath, len),
              "consistency verifies with a flipped hash", n, m);
        path[k][(k * 7) % ZF_HASH_LEN] ^= 0x10;
    }
    zf_hash_t bad;
    memcpy(bad, roots[m], ZF_HASH_LEN);
    bad[5] ^= 0x04;
    check(!zf_merkle_verify_consistency(m, n, bad, roots[n], cpath, len),
          "consistency verifies a flipped first root", n, m);
    memcpy(bad, roots[n], ZF_HASH_LEN);
    bad[5] ^= 0x04;
    check(!zf_merkle_verify_consistency(m, n, roots[m], bad, cpath, len),
          "consistency verifies a flipped second root", n, m);
    if (m < n) {
        check(!zf_merkle_verify_consistency(m, n, roots[n], roots[m], cpath, len),
              "consistency verifies with the roots swapped", n, m);
        check(!zf_merkle_verify_consistency(n, m, roots[m], roots[n], cpath, len),
              "consistency verifies with the sizes swapped", n, m);
        if (n < MAX_N)
            check(!zf_merkle_verify_consistency(m, n + 1, roots[m], roots[n + 1], cpath, len),
                  "consistency verifies with second size + 1", n, m);
        if (m > 1)
            check(!zf_merkle_verify_consistency(m - 1, n, roots[m - 1], roots[n], cpath, len),
                  "consistency verifies for first size - 1", n, m);
        if (m + 1 < n)
            check(!zf_merkle_verify_consistency(m + 1, n, roots[m + 1], roots[n], cpath, len),
                  "consistency verifies for first size + 1", n, m);
        check(!zf_merkle_verify_consistency(m, n, roots[m], roots[n], cpath, len - 1),
              "consistency verifies cut short", n, m);
    }
    if (len < ZF_MERKLE_MAX_PROOF) {
        memcpy(path[len], roots[m], ZF_HASH_LEN);
        check(!zf_merkle_verify_consistency(m, n, roots[m], roots[n], cpath, len + 1),
              "consistency verifies with an extra hash", n, m);
    }
    if (len >= 2 && memcmp(path[0], path[1], ZF_HASH_LEN) != 0) {
        zf_hash_t t;
        memcpy(t, path[0], ZF_HASH_LEN);
        memcpy(path[0], path[1], ZF_HASH_LEN);
        memcpy(path[1], t, ZF_HASH_LEN);
        check(!zf_merkle_verify_consistency(m, n, roots[m], roots[n], cpath, len),
              "consistency verifies with two hashes swapped", n, m);
        memcpy(path[1], path[0], ZF_HASH_LEN);
        memcpy(path[0], t, ZF_HASH_LEN);
    }
}

static void consistency_case(uint64_t m, uint64_t n) {
    zf_hash_t path[ZF_MERKLE_MAX_PROOF], want[ZF_MERKLE_MAX_PROOF];
    size_t len = 0;
    check(zf_merkle_consistency_proof((const zf_hash_t *)leaves, n, m, path, &len) == 0,
          "consistency proof refused", n, m);
    size_t want_len = ref_subproof((const zf_hash_t *)leaves, n, m, 1, want);
    check(len == want_len, "consistency length differs from reference", n, m);
    check(memcmp(path, want, len * sizeof(zf_hash_t)) == 0,
          "consistency proof differs from reference", n, m);
    check(len <= ceil_log2(n) + 1, "consistency longer than ceil(log2 n) + 1", n, m);
    if (m == n) check(len == 0, "consistency of a tree with itself is not empty", n, m);
    check(zf_merkle_verify_consistency(m, n, roots[m], roots[n], (const zf_hash_t *)path, len),
          "consistency proof does not verify", n, m);
    consistency_tampers_fail(m, n, path, len);
}

/* M07: consistency proofs for all 1 <= m <= n up to 70 leaves, and for a
 * sample of m (1, 2, powers of two and their neighbours, n-1, n, and a
 * spread of others) up to 300: equal to the reference, within
 * ceil(log2 n) + 1 hashes, verifying, and failing when tampered with. */
static void test_M07_consistency(void **state) {
    (void)state;
    for (uint64_t n = 1; n <= MAX_N; n++) {
        if (n <= ALL_PAIRS_UP_TO) {
            for (uint64_t m = 1; m <= n; m++)
                consistency_case(m, n);
            continue;
        }
        uint64_t sample[40];
        size_t count = 0;
        sample[count++] = 1;
        sample[count++] = 2;
        sample[count++] = n - 1;
        sample[count++] = n;
        for (uint64_t p = 4; p < n; p <<= 1) {
            sample[count++] = p - 1;
            sample[count++] = p;
            sample[count++] = p + 1;
        }
        /* A fixed spread so that a failure is reproducible. */
        for (uint64_t k = 1; k <= 7; k++)
            sample[count++] = 1 + (n * k * 37 / 7 + k) % n;
        for (size_t s = 0; s < count; s++) {
            if (sample[s] >= 1 && sample[s] <= n) consistency_case(sample[s], n);
        }
    }
}

/* M08: the longest consistency proof is h + 1 hashes, for m = n - 1 in a
 * perfect tree of 2^h leaves; this is why ZF_MERKLE_MAX_LEAVES is 2^63. */
static void test_M08_longest_consistency(void **state) {
    (void)state;
    zf_hash_t path[ZF_MERKLE_MAX_PROOF];
    size_t len = 0;
    assert_int_equal(zf_merkle_consistency_proof((const zf_hash_t *)leaves, 256, 255, path, &len),
                     0);
    assert_int_equal(len, 9);
    assert_true(zf_merkle_verify_consistency(255, 256, roots[255], roots[256],
                                             (const zf_hash_t *)path, len));
}

/* M09: sizes and pointers the generators refuse (-1), and inputs the
 * verifiers reject (0) without reading the path. */
static void test_M09_invalid_arguments(void **state) {
    (void)state;
    zf_hash_t path[ZF_MERKLE_MAX_PROOF];
    const zf_hash_t *l = (const zf_hash_t *)leaves;
    size_t len = 77;
    assert_int_equal(zf_merkle_inclusion_proof(l, 0, 0, path, &len), -1);
    assert_int_equal(zf_merkle_inclusion_proof(l, 5, 5, path, &len), -1);
    assert_int_equal(zf_merkle_inclusion_proof(l, 5, UINT64_MAX, path, &len), -1);
    assert_int_equal(zf_merkle_inclusion_proof(NULL, 5, 0, path, &len), -1);
    assert_int_equal(zf_merkle_inclusion_proof(l, 5, 0, NULL, &len), -1);
    assert_int_equal(zf_merkle_inclusion_proof(l, 5, 0, path, NULL), -1);
    /* Above the cap the leaves are never read, so the small array is safe. */
    assert_int_equal(zf_merkle_inclusion_proof(l, ZF_MERKLE_MAX_LEAVES + 1, 0, path, &len), -1);
    assert_int_equal(zf_merkle_consistency_proof(l, 5, 0, path, &len), -1);
    assert_int_equal(zf_merkle_consistency_proof(l, 5, 6, path, &len), -1);
    assert_int_equal(zf_merkle_consistency_proof(l, 0, 0, path, &len), -1);
    assert_int_equal(zf_merkle_consistency_proof(NULL, 5, 3, path, &len), -1);
    assert_int_equal(zf_merkle_consistency_proof(l, 5, 3, NULL, &len), -1);
    assert_int_equal(zf_merkle_consistency_proof(l, 5, 3, path, NULL), -1);
    assert_int_equal(zf_merkle_consistency_proof(l, UINT64_MAX, 3, path, &len), -1);
    /* Nothing was written on failure. */
    assert_int_equal(len, 77);

    /* Verifiers. */
    assert_false(zf_merkle_verify_inclusion(0, 0, leaves[0], NULL, 0, roots[0]));
    assert_false(zf_merkle_verify_inclusion(3, 3, leaves[3], NULL, 0, roots[3]));
    assert_false(zf_merkle_verify_inclusion(0, 2, leaves[0], NULL, 1, roots[2]));
    assert_true(zf_merkle_verify_inclusion(0, 1, leaves[0], NULL, 0, roots[1]));
    assert_false(zf_merkle_verify_inclusion(0, 2, leaves[0], NULL, 0, roots[2]));
    assert_false(zf_merkle_verify_consistency(0, 5, roots[0], roots[5], NULL, 0));
    assert_false(zf_merkle_verify_consistency(6, 5, roots[6], roots[5], NULL, 0));
    assert_false(zf_merkle_verify_consistency(3, 5, roots[3], roots[5], NULL, 0));
    assert_true(zf_merkle_verify_consistency(5, 5, roots[5], roots[5], NULL, 0));
    assert_false(zf_merkle_verify_consistency(5, 5, roots[5], roots[6], NULL, 0));
    assert_false(
        zf_merkle_verify_consistency(5, 5, roots[5], roots[5], (const zf_hash_t *)path, 1));
    assert_false(zf_merkle_verify_consistency(3, 5, roots[3], roots[5], NULL, 2));
}

/* M10: a path far longer than any tree is high is rejected, not read past
 * what the verifier needs (sn reaches 0 first). */
static void test_M10_overlong_paths(void **state) {
    (void)state;
    zf_hash_t path[ZF_MERKLE_MAX_PROOF + 1];
    memset(path, 0x5a, sizeof path);
    size_t len = 0;
    assert_int_equal(zf_merkle_inclusion_proof((const zf_hash_t *)leaves, 300, 123, path, &len), 0);
    assert_false(zf_merkle_verify_inclusion(123, 300, leaves[123], (const zf_hash_t *)path,
                                            ZF_MERKLE_MAX_PROOF + 1, roots[300]));
    assert_int_equal(zf_merkle_consistency_proof((const zf_hash_t *)leaves, 300, 123, path, &len),
                     0);
    assert_false(zf_merkle_verify_consistency(123, 300, roots[123], roots[300],
                                              (const zf_hash_t *)path, ZF_MERKLE_MAX_PROOF + 1));
}

static unsigned popcount64(uint64_t x) {
    unsigned c = 0;
    while (x) {
        c += (unsigned)(x & 1);
        x >>= 1;
    }
    return c;
}

/* M11: the builder holds one subtree root per set bit of its size, largest
 * first with strictly falling heights, so its memory is O(log n); and it
 * agrees with zf_merkle_root over 5000 leaves (beyond the tables above). */
static void test_M11_builder_shape(void **state) {
    (void)state;
    enum { BIG = 5000 };
    zf_hash_t *many = zf_xmalloc(BIG * sizeof(zf_hash_t));
    zf_merkle_builder_t b;
    zf_merkle_builder_init(&b);
    for (uint64_t n = 1; n <= BIG; n++) {
        char text[32];
        int len = snprintf(text, sizeof text, "leaf %llu", (unsigned long long)n);
        zf_merkle_leaf_hash(text, (size_t)len, many[n - 1]);
        zf_merkle_builder_push(&b, many[n - 1]);
        check(b.depth == popcount64(n), "builder depth is not popcount(size)", n, b.depth);
        for (size_t i = 1; i < b.depth; i++)
            check(b.height[i] < b.height[i - 1], "builder heights do not fall", n, i);
        if (n % 499 == 0 || n == BIG) {
            zf_hash_t a, r;
            zf_merkle_builder_root(&b, a);
            zf_merkle_root((const zf_hash_t *)many, n, r);
            check(memcmp(a, r, ZF_HASH_LEN) == 0, "builder root differs at large size", n, 0);
        }
    }
    assert_true(b.depth <= ZF_MERKLE_MAX_PROOF);
    zf_merkle_builder_free(&b);
    free(many);
}

/* M12: a path that ends below the top of the claimed tree is rejected even
 * when the hashes it yields are right for a smaller tree: the final "sn is
 * 0" checks of §2.1.3.2 step 5 and §2.1.4.2 step 7. Here the proofs for
 * size 2 are offered as proofs for size 3 with the size-2 root. */
static void test_M12_path_must_reach_the_top(void **state) {
    (void)state;
    zf_hash_t path[ZF_MERKLE_MAX_PROOF];
    size_t len = 0;
    assert_int_equal(zf_merkle_inclusion_proof((const zf_hash_t *)leaves, 2, 0, path, &len), 0);
    assert_true(
        zf_merkle_verify_inclusion(0, 2, leaves[0], (const zf_hash_t *)path, len, roots[2]));
    assert_false(
        zf_merkle_verify_inclusion(0, 3, leaves[0], (const zf_hash_t *)path, len, roots[2]));
    assert_int_equal(zf_merkle_consistency_proof((const zf_hash_t *)leaves, 2, 1, path, &len), 0);
    assert_true(
        zf_merkle_verify_consistency(1, 2, roots[1], roots[2], (const zf_hash_t *)path, len));
    assert_false(
        zf_merkle_verify_consistency(1, 3, roots[1], roots[2], (const zf_hash_t *)path, len));
}

/* M13: the root and proofs over the caller's perfect-subtree hashes (the
 * log's cached tree, store/log_tree.c) equal those over the leaves, for
 * every size up to 600 (around the 256-leaf blocks the cache keeps), every
 * leaf of some sizes and every old size of the consistency proofs; each
 * subtree asked for is aligned to its size; a failing source fails the
 * computation. */
typedef struct oracle {
    const zf_hash_t *leaves;
    uint64_t n;
    int calls, misaligned, fail_at;
} oracle_t;

static int oracle_subtree(void *ctx, uint64_t start, unsigned level, zf_hash_t out) {
    oracle_t *o = ctx;
    uint64_t size = (uint64_t)1 << level;
    if (start % size != 0 || start + size > o->n) o->misaligned++;
    if (o->fail_at && ++o->calls >= o->fail_at) return -1;
    zf_merkle_root(o->leaves + start, size, out);
    return 0;
}

static void test_M13_proofs_from_subtree_hashes(void **state) {
    (void)state;
    enum { N = 600 };
    zf_hash_t *leaves = malloc(N * sizeof *leaves);
    assert_non_null(leaves);
    for (int i = 0; i < N; i++) {
        char d[16];
        int len = snprintf(d, sizeof d, "leaf %d", i);
        zf_merkle_leaf_hash(d, (size_t)len, leaves[i]);
    }
    for (uint64_t n = 1; n <= N; n++) {
        oracle_t o = {leaves, n, 0, 0, 0};
        zf_hash_t want, got;
        zf_merkle_root(leaves, n, want);
        assert_int_equal(zf_merkle_root_with(oracle_subtree, &o, n, got), 0);
        assert_memory_equal(want, got, ZF_HASH_LEN);
        int every = n % 97 == 0 || n == 256 || n == 257 || n == 511 || n == N;
        for (uint64_t i = 0; i < n; i += every ? 1 : (n / 3 + 1)) {
            zf_hash_t p1[ZF_MERKLE_MAX_PROOF], p2[ZF_MERKLE_MAX_PROOF];
            size_t l1 = 0, l2 = 0;
            assert_int_equal(zf_merkle_inclusion_proof(leaves, n, i, p1, &l1), 0);
            assert_int_equal(zf_merkle_inclusion_proof_with(oracle_subtree, &o, n, i, p2, &l2), 0);
            assert_int_equal(l1, l2);
            assert_memory_equal(p1, p2, l1 * ZF_HASH_LEN);
        }
        for (uint64_t m = 1; m <= n; m += every ? 1 : (n / 4 + 1)) {
            zf_hash_t p1[ZF_MERKLE_MAX_PROOF], p2[ZF_MERKLE_MAX_PROOF];
            size_t l1 = 0, l2 = 0;
            assert_int_equal(zf_merkle_consistency_proof(leaves, n, m, p1, &l1), 0);
            assert_int_equal(zf_merkle_consistency_proof_with(oracle_subtree, &o, n, m, p2, &l2),
                             0);
            assert_int_equal(l1, l2);
            assert_memory_equal(p1, p2, l1 * ZF_HASH_LEN);
        }
        assert_int_equal(o.misaligned, 0);
    }
    /* a proof of 600 leaves asks for a handful of subtrees, not 600 */
    oracle_t few = {leaves, N, 0, 0, 0};
    zf_hash_t path[ZF_MERKLE_MAX_PROOF];
    size_t len = 0;
    few.fail_at = 1000;
    assert_int_equal(zf_merkle_inclusion_proof_with(oracle_subtree, &few, N, 300, path, &len), 0);
    assert_true(few.calls <= 12);
    /* the source fails: so does the proof; bad arguments: -1 */
    oracle_t bad = {leaves, N, 0, 0, 2};
    assert_int_equal(zf_merkle_inclusion_proof_with(oracle_subtree, &bad, N, 5, path, &len), -1);
    assert_int_equal(zf_merkle_inclusion_proof_with(oracle_subtree, &few, N, N, path, &len), -1);
    assert_int_equal(zf_merkle_consistency_proof_with(oracle_subtree, &few, N, 0, path, &len), -1);
    assert_int_equal(zf_merkle_root_with(NULL, &few, N, path[0]), -1);
    free(leaves);
}

int main(void) {
    if (sodium_init() < 0) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_M01_empty_tree),
        cmocka_unit_test(test_M02_one_leaf_and_prefixes),
        cmocka_unit_test(test_M03_vector_roots),
        cmocka_unit_test(test_M04_vector_proofs),
        cmocka_unit_test(test_M05_roots_every_size),
        cmocka_unit_test(test_M06_inclusion_every_leaf),
        cmocka_unit_test(test_M07_consistency),
        cmocka_unit_test(test_M08_longest_consistency),
        cmocka_unit_test(test_M09_invalid_arguments),
        cmocka_unit_test(test_M10_overlong_paths),
        cmocka_unit_test(test_M11_builder_shape),
        cmocka_unit_test(test_M12_path_must_reach_the_top),
        cmocka_unit_test(test_M13_proofs_from_subtree_hashes),
    };
    return cmocka_run_group_tests(tests, setup_leaves, NULL);
}
