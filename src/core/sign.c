/* sign.c — see sign.h. */
#include "core/sign.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"

void zf_sign_keygen(zf_signing_key_t *key) {
    crypto_sign_keypair(key->public_key, key->secret_key);
}

void zf_sign_from_seed(zf_signing_key_t *key, const unsigned char seed[32]) {
    crypto_sign_seed_keypair(key->public_key, key->secret_key, seed);
}

void zf_sign(const zf_signing_key_t *key, const void *msg, size_t len,
             unsigned char sig[ZF_SIGN_LEN]) {
    crypto_sign_detached(sig, NULL, msg, len, key->secret_key);
}

int zf_sign_verify(const unsigned char public_key[ZF_SIGN_PUBLIC_LEN], const void *msg, size_t len,
                   const unsigned char sig[ZF_SIGN_LEN]) {
    return crypto_sign_verify_detached(sig, msg, len, public_key) == 0;
}

size_t zf_checkpoint_text(char *out, size_t cap, const char *origin, uint64_t tree_size,
                          const unsigned char root[32], const char *time) {
    char root_hex[65];
    zf_hex_encode(root, 32, root_hex);
    int n = snprintf(out, cap, "zhifa checkpoint v1\n%s\n%" PRIu64 "\n%s\n%s\n", origin, tree_size,
                     root_hex, time);
    if (n < 0 || (size_t)n >= cap) return 0;
    return (size_t)n;
}
