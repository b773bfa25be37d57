/* sha256.h — SHA-256 for the log, the draws, evidence and documents.
 *
 * One interface for every SHA-256 zhifa computes (STACK.md: hashing stays
 * behind our own API). It is libcrypto's SHA-256 block code, with the CPU's
 * SHA extensions, called through the low-level SHA256_Init/Update/Final and
 * not through EVP: in OpenSSL 3 the first EVP digest (and SHA256(), which
 * is EVP inside) loads the default provider and its algorithm tables,
 * about 1.9 MB of RSS in every process (issue 12: idle memory under 16 MB;
 * measured 1,448 → 3,396 kB of libcrypto mapped, against 1,576 kB with the
 * low-level calls), and each EVP_MD_fetch costs more than hashing 65 bytes.
 * Those calls are deprecated in OpenSSL 3.0 but present in every 3.x; only
 * sha256.c uses them, so another backend would change one file.
 *
 * No allocation, no failure: the state lives in the caller's struct.
 * A state may be copied by assignment (a midstate, draw.c). */
#ifndef ZF_CORE_SHA256_H
#define ZF_CORE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define ZF_SHA256_LEN 32

typedef struct zf_sha256 {
    /* SHA256_CTX (112 bytes in OpenSSL 3), opaque here; checked in sha256.c */
    union {
        uint64_t align;
        unsigned char bytes[128];
    } state;
} zf_sha256_t;

void zf_sha256_init(zf_sha256_t *h);
void zf_sha256_update(zf_sha256_t *h, const void *data, size_t len);
/* The digest into out; h must be initialised again before reuse. */
void zf_sha256_final(zf_sha256_t *h, unsigned char out[ZF_SHA256_LEN]);
/* The digest of data in one call. */
void zf_sha256(const void *data, size_t len, unsigned char out[ZF_SHA256_LEN]);

#endif
