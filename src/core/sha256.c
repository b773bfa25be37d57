/* sha256.c — see sha256.h: libcrypto's low-level SHA-256, not EVP. */
#define OPENSSL_SUPPRESS_DEPRECATED /* SHA256_Init & co.: see sha256.h for why */
#include "core/sha256.h"

#include <openssl/sha.h>

_Static_assert(sizeof(SHA256_CTX) <= sizeof(((zf_sha256_t *)0)->state),
               "zf_sha256_t too small for SHA256_CTX");

void zf_sha256_init(zf_sha256_t *h) { SHA256_Init((SHA256_CTX *)(void *)&h->state); }

void zf_sha256_update(zf_sha256_t *h, const void *data, size_t len) {
    if (len) SHA256_Update((SHA256_CTX *)(void *)&h->state, data, len);
}

void zf_sha256_final(zf_sha256_t *h, unsigned char out[ZF_SHA256_LEN]) {
    SHA256_Final(out, (SHA256_CTX *)(void *)&h->state);
}

void zf_sha256(const void *data, size_t len, unsigned char out[ZF_SHA256_LEN]) {
    zf_sha256_t h;
    zf_sha256_init(&h);
    zf_sha256_update(&h, data, len);
    zf_sha256_final(&h, out);
}
