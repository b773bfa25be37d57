/* internal.h — private to src/http/: what server.c, request.c and static.c
 * share. Nothing outside src/http/ includes this file. */
#ifndef ZF_HTTP_INTERNAL_H
#define ZF_HTTP_INTERNAL_H

#include <microhttpd.h>

#include "http/http.h"

/* Nesting deeper than this is refused before jansson sees the body: jansson's
 * own limit (JSON_PARSER_MAX_DEPTH, 2048) is far more than any form needs and
 * each level costs stack in the recursive parser and in every handler that
 * walks the value. */
#define ZF_HTTP__JSON_MAX_DEPTH 64

/* Static files, set up once at start and read-only afterwards, so every pool
 * thread may use it without locking. */
typedef struct zf_http__static {
    char *root; /* realpath of static_dir, or NULL when static files are off */
    size_t root_len;
} zf_http__static_t;

/* Resolve opts->static_dir. Leaves st->root NULL (static files off, every
 * non-API path answers 404) when dir is NULL, missing or has no index.html;
 * the last two are logged because they are most likely a deployment mistake. */
void zf_http__static_init(zf_http__static_t *st, const char *dir);
void zf_http__static_free(zf_http__static_t *st);

/* Answer a non-API request. Returns a response ready to queue, with its status
 * in *status, or NULL when the answer is an error that was written into resp
 * (404, 405) for the caller to turn into JSON. */
struct MHD_Response *zf_http__static_serve(const zf_http__static_t *st, zf_req_t *req,
                                           zf_resp_t *resp, unsigned *status);

/* Add the headers every response carries (nosniff, frame and referrer
 * policy) and, when content_type is HTML, the Content-Security-Policy. */
void zf_http__add_security_headers(struct MHD_Response *r, const char *content_type);

/* Is the Content-Type value application/json, with or without parameters? */
int zf_http__is_json_type(const char *content_type);

/* Set resp to the JSON error envelope for status/code and a Chinese message. */
/* Placeholders of zf_req_json_text: the empty object `at` is written as
 * `text`. */
typedef struct zf_http__verbatim {
    const json_t *at;
    const char *text;
    size_t len;
    struct zf_http__verbatim *next;
} zf_http__verbatim_t;

/* v as JSON text, byte for byte what jansson's json_dump_callback with
 * JSON_COMPACT | JSON_ENCODE_ANY writes (request.c says why not jansson's),
 * the placeholders of `verbatim` (may be NULL) as their texts; malloc'd,
 * NUL-terminated, length in *len; NULL when v cannot be encoded (NULL,
 * invalid UTF-8, nested deeper than 4096). */
char *zf_http__json_text(const json_t *v, const zf_http__verbatim_t *verbatim, size_t *len);

/* 1 when the n bytes at s are an object or array exactly as
 * zf_http__json_text writes what json_loads(s) gives: no whitespace,
 * integers of at most 18 digits (no "-0"), strings with only the escapes
 * the writer makes, valid UTF-8, no key repeated in an object, nested at
 * most 64 deep. 0 otherwise (the text may still be valid JSON). */
int zf_http__json_is_plain(const char *s, size_t n);
void zf_http__resp_fail(zf_req_t *req, zf_resp_t *resp, int status, const char *code,
                        const char *message);

#endif
