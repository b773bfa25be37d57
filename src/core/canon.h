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

/* Serialise v canonically into a malloc'd NUL-terminated string (caller frees)
 * and its length to *len. Returns NULL if v contains a real number, a key or
 * string that is not valid UTF-8, nesting deeper than 2048, or a cycle. */
char *zf_canon_dump(const json_t *v, size_t *len);

/* Is the text already canonical (parse then re-dump gives the same bytes)? */
int zf_canon_is_canonical(const char *text, size_t len);

#endif
