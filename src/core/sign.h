/* sign.h — Ed25519 signatures over log checkpoints (R22), through libsodium,
 * behind our own names so that an SM2 signer could replace it (STACK.md).
 *
 * The signed text of a checkpoint is
 *   "zhifa checkpoint v1\n" origin "\n" tree_size "\n" root_hex "\n" time "\n"
 * — the same layout documented in docs/api.md, so anyone can re-check a
 * published checkpoint with any Ed25519 tool. Pure computation. */
#ifndef ZF_CORE_SIGN_H
#define ZF_CORE_SIGN_H

#include <stddef.h>
#include <stdint.h>

#define ZF_SIGN_PUBLIC_LEN 32
#define ZF_SIGN_SECRET_LEN 64
#define ZF_SIGN_LEN 64

typedef struct zf_signing_key {
    unsigned char public_key[ZF_SIGN_PUBLIC_LEN];
    unsigned char secret_key[ZF_SIGN_SECRET_LEN];
} zf_signing_key_t;

/* New random key pair. */
void zf_sign_keygen(zf_signing_key_t *key);
/* Rebuild a key pair from its 32-byte seed (the first half of secret_key). */
void zf_sign_from_seed(zf_signing_key_t *key, const unsigned char seed[32]);
void zf_sign(const zf_signing_key_t *key, const void *msg, size_t len,
             unsigned char sig[ZF_SIGN_LEN]);
/* 1 if sig is a valid signature of msg by public_key, else 0. */
int zf_sign_verify(const unsigned char public_key[ZF_SIGN_PUBLIC_LEN], const void *msg, size_t len,
                   const unsigned char sig[ZF_SIGN_LEN]);

/* Write the checkpoint's signed text into out (cap bytes); returns its length,
 * or 0 when it does not fit. */
size_t zf_checkpoint_text(char *out, size_t cap, const char *origin, uint64_t tree_size,
                          const unsigned char root[32], const char *time);

#endif
