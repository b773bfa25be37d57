/* error.h — the one error record every layer fills.
 *
 * Functions return 0 on success or a negative ZF_E* code, and on failure fill
 * a zf_error_t: the HTTP status the API should answer with, a stable machine
 * code ("case.needs_two_officers"), a message in Chinese for the user, and the
 * field the error is about when there is one. The API turns it into
 * {"error":{"code":…,"message":…,"field":…}}. */
#ifndef ZF_CORE_ERROR_H
#define ZF_CORE_ERROR_H

enum {
    ZF_OK = 0,
    ZF_EINVAL = -1,    /* bad input: 400 */
    ZF_ENOTFOUND = -2, /* 404 */
    ZF_EPERM = -3,     /* 403 */
    ZF_EAUTH = -4,     /* 401 */
    ZF_ECONFLICT = -5, /* 409: unique key or stale version */
    ZF_ETOOBIG = -6,   /* 413 */
    ZF_EBUSY = -7,     /* 429 / 503 */
    ZF_EIO = -8,       /* storage or system failure: 500/503 */
    ZF_EINTEGRITY = -9 /* the log does not verify */
};

typedef struct zf_error {
    int status;        /* HTTP status to answer with */
    char code[64];     /* stable machine code, e.g. "auth.bad_credentials" */
    char message[512]; /* Chinese, for people */
    char field[64];    /* field name, or "" */
} zf_error_t;

/* Fill err (if not NULL) and return rc. Message is printf-style. */
int zf_error_set(zf_error_t *err, int rc, int status, const char *code, const char *field,
                 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Clear to "no error". */
void zf_error_clear(zf_error_t *err);

#endif
