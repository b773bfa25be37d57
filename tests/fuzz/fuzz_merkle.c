/* fuzz_merkle.c — libFuzzer target: the Merkle proof verifiers. A known
 * tree of up to 64 leaves; the input picks sizes and indexes and mutates the
 * real proof (flip bits, drop or add hashes, change index or size). The
 * verifiers never crash, always accept the real proof, and never accept a
 * proof that differs from it for the same claim. Raw input as a proof of its
 * own is verified too (must not crash). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/merkle.h"

static zf_hash_t leaves[64];
static int ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!ready) {
        for (unsigned i = 0; i < 64; i++) {
            unsigned char b[2] = {(unsigned char)i, 0x5a};
            zf_merkle_leaf_hash(b, sizeof b, leaves[i]);
        }
        ready = 1;
    }
    if (size < 4) return 0;
    uint64_t n = (uint64_t)(data[0] % 64) + 1;
    uint64_t index = data[1] % n;
    uint64_t m = (uint64_t)(data[2] % n) + 1;
    const uint8_t *mut = data + 3;
    size_t nmut = size - 3;
    zf_hash_t root, root_m, path[ZF_MERKLE_MAX_PROOF], bad[ZF_MERKLE_MAX_PROOF + 1];
    size_t len = 0;
    zf_merkle_root(leaves, n, root);
    zf_merkle_root(leaves, m, root_m);

    /* inclusion */
    if (zf_merkle_inclusion_proof(leaves, n, index, path, &len) != 0) abort();
    if (!zf_merkle_verify_inclusion(index, n, leaves[index], path, len, root)) abort();
    memcpy(bad, path, len * sizeof(zf_hash_t));
    size_t blen = len;
    uint64_t bindex = index;
    uint64_t bn = n;
    for (size_t i = 0; i + 1 < nmut; i += 2) {
        uint8_t op = mut[i], arg = mut[i + 1];
        switch (op % 5) {
        case 0:
            if (blen) bad[arg % blen][(arg / 7) % 32] ^= (uint8_t)(1u << (op % 8));
            break;
        case 1:
            if (blen) blen--;
            break;
        case 2:
            if (blen < ZF_MERKLE_MAX_PROOF) memset(bad[blen++], arg, 32);
            break;
        case 3: bindex = arg; break;
        case 4: bn = arg; break;
        }
    }
    int same = blen == len && bindex == index && bn == n &&
               memcmp(bad, path, len * sizeof(zf_hash_t)) == 0;
    int ok = zf_merkle_verify_inclusion(bindex, bn, leaves[index], bad, blen, root);
    if (same && !ok) abort();
    /* A different proof for the same leaf and root is accepted only if it
     * makes the same claim (RFC 9162 proofs are unique per index and size). */
    if (!same && ok && bindex == index && bn == n) abort();

    /* consistency */
    if (zf_merkle_consistency_proof(leaves, n, m, path, &len) != 0) abort();
    if (!zf_merkle_verify_consistency(m, n, root_m, root, path, len)) abort();
    if (len && nmut) {
        path[mut[0] % len][mut[nmut - 1] % 32] ^= (uint8_t)(1u << (mut[0] % 8));
        if (zf_merkle_verify_consistency(m, n, root_m, root, path, len)) abort();
    }

    /* raw bytes as a proof */
    size_t raw = nmut / 32 > ZF_MERKLE_MAX_PROOF ? ZF_MERKLE_MAX_PROOF : nmut / 32;
    memcpy(bad, mut, raw * 32);
    (void)zf_merkle_verify_inclusion(bindex, bn ? bn : 1, leaves[0], bad, raw, root);
    (void)zf_merkle_verify_consistency(bindex, bn, root_m, root, bad, raw);
    return 0;
}
