/* canon.h — canonical JSON for log events (R22).
 *
 * The bytes that are hashed into the log must be the same for every writer and
 * every verifier: object keys sorted by their UTF-8 bytes, no whitespace,
 * integers only (no reals: a real gives an error), strings as UTF-8 with only
 * the escapes JSON requires, control characters as lower-case \u00xx.
 * JSON.stringify with keys sorted by UTF-8 bytes (not JavaScript's UTF-16
 * order, which differs above U+FFFF) reproduces them, as long as integers stay
 * below 2^53. */
#ifndef ZF_CORE_CANON_H
#define ZF_CORE_CANON_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* Serialise v canonically into a malloc'd NUL-terminated string (caller frees)
 * and its length to *len. Returns NULL if v contains a real number, a key or
 * string that is not valid UTF-8, nesting deeper than 2048, or a cycle. */
char *zf_canon_dump(const json_t *v, size_t *len);

/* Is the text already canonical (parse then re-dump gives the same bytes)? */
int zf_canon_is_canonical(const char *text, size_t len);

/* What zf_canon_scan found at the top level of a canonical text. */
typedef struct zf_canon_info {
    int is_object;    /* the text is an object (not an array or a scalar) */
    int has_nul;      /* some string holds \u0000: json_loadb without
                         JSON_ALLOW_NUL refuses such a text */
    int has_index;    /* the object has a key "index" whose value is an integer */
    int64_t index;    /*   … and this is it */
    const char *prev; /* the object has a key "prev" whose value is a string: */
    size_t prev_len;  /*   its bytes as written, between the quotes */
    int prev_escaped; /*   1 if they contain an escape (then they differ from
                           the decoded value) */
} zf_canon_info_t;

/* One pass over the text, no allocation, no I/O: returns 1 exactly when
 * zf_canon_is_canonical(text, len) would, and then fills *info (which may be
 * NULL). tests/unit/test_canon.c (C11, C12) and tests/fuzz/fuzz_canon_scan.c
 * hold the two to agreement. */
int zf_canon_scan(const char *text, size_t len, zf_canon_info_t *info);

/* A log event's fast check: 1 when body is canonical, an object, holds no
 * \u0000, has an integer "index" and a string "prev" written without escapes
 * in at most 64 bytes; writes them to *index and prev (NUL-terminated). 0
 * otherwise (the caller then takes the slow path to say why). */
int zf_canon_scan_event(const char *body, size_t len, int64_t *index, char prev[65]);

#endif
