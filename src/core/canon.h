/* canon.h — canonical JSON for log events (R22).
 *
 * The bytes that are hashed into the log must be the same for every writer and
 * every verifier: object keys sorted by byte order, no whitespace, integers
 * only (no reals: a real gives an error), strings as UTF-8 with only the
 * escapes JSON requires. Any implementation that sorts keys and prints
 * compactly reproduces them. */
#ifndef ZF_CORE_CANON_H
#define ZF_CORE_CANON_H

#include <jansson.h>
#include <stddef.h>

/* Serialise v canonically into a malloc'd NUL-terminated string (caller frees)
 * and its length to *len. Returns NULL if v contains a real number or
 * invalid UTF-8. */
char *zf_canon_dump(const json_t *v, size_t *len);

/* Is the text already canonical (parse then re-dump gives the same bytes)? */
int zf_canon_is_canonical(const char *text, size_t len);

#endif
