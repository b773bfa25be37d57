/* util.h — allocation wrappers and small helpers with no I/O.
 *
 * zf_xmalloc and friends abort on out-of-memory (as Redis does) so callers
 * need not check. */
#ifndef ZF_CORE_UTIL_H
#define ZF_CORE_UTIL_H

#include <stddef.h>
#include <stdint.h>

void *zf_xmalloc(size_t n);
void *zf_xcalloc(size_t n, size_t m);
void *zf_xrealloc(void *p, size_t n);
char *zf_xstrdup(const char *s);

/* Lower-case hex of n bytes into out (2n+1 bytes). */
void zf_hex_encode(const unsigned char *in, size_t n, char *out);
/* Parse exactly 2n hex chars into out; 0 or -1. */
int zf_hex_decode(const char *hex, unsigned char *out, size_t n);

/* Current instant as UTC ISO-8601 with milliseconds, "2026-11-27T22:06:12.123Z",
 * into out (at least 32 bytes). */
void zf_now_iso(char out[32]);
/* Milliseconds since the Unix epoch. */
int64_t zf_now_ms(void);

/* Is s (n bytes) valid UTF-8 (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF)? Any ASCII byte, NUL included, is accepted. */
int zf_utf8_valid(const char *s, size_t n);
/* The JSON escape of an ASCII byte that needs one (c < 0x20, '"', '\\'):
 * the short forms \" \\ \b \f \n \r \t, else \u00XX with the digits of
 * hex ("0123456789abcdef" for canonical JSON, upper case as jansson writes
 * answers). Writes it into out; returns its length (2 or 6). */
size_t zf_json_escape_byte(unsigned char c, const char hex[16], char out[6]);
/* The same, and no NUL, DEL, C0 controls other than \t \n \r, nor C1 controls
 * (U+0080..U+009F). */
int zf_utf8_valid_text(const char *s, size_t n);

#endif
