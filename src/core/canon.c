/* canon.c — see canon.h. Canonical JSON for the bytes hashed into the log.
 *
 * jansson prints the form we want with JSON_COMPACT | JSON_SORT_KEYS: no
 * whitespace, object keys sorted by byte order (jansson compares the UTF-8
 * bytes, as memcmp does), non-ASCII characters as raw UTF-8, "/" unescaped,
 * and only the escapes JSON requires (\" \\ \b \f \n \r \t and \u00XX for the
 * other control characters). Three things are added here:
 *
 *  - reals are refused before printing: a real has no single decimal form
 *    that every language prints alike (1e2, 100.0, 1E+2), so a hash over one
 *    would not be reproducible;
 *  - the hex digits of \u00XX escapes are lower-cased: jansson prints
 *    "\u001F", while JavaScript's JSON.stringify and RFC 8785 (JCS) print
 *    "\u001f". With this one change any implementation that sorts keys by
 *    byte order and prints compactly reproduces our bytes, as canon.h
 *    promises;
 *  - every key and string is checked to be valid UTF-8 before printing,
 *    because jansson's *_nocheck setters let invalid ones into a tree (see
 *    canon_tree_ok for why the output alone cannot be trusted to show it);
 *    the output is checked once more as a last line of defence.
 */
#include "core/canon.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* The walk below recurses once per nesting level. jansson's parser refuses
 * input nested deeper than 2048 (JSON_PARSER_MAX_DEPTH), so nothing read from
 * text goes deeper; the same cap also ends the walk on a value that contains
 * itself, which jansson lets a program build. */
#define CANON_MAX_DEPTH 2048

/* Plain UTF-8 validity (RFC 3629): no overlong forms, no surrogates, nothing
 * above U+10FFFF. Unlike zf_utf8_valid_text this accepts U+007F: JSON lets
 * DEL stand unescaped and a user may well have typed it. */
static int canon_utf8_valid(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        uint32_t min;
        uint32_t cp;
        if ((c & 0xe0) == 0xc0) {
            len = 2;
            min = 0x80;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            len = 3;
            min = 0x800;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            len = 4;
            min = 0x10000;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (n - i < len) return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80) return 0;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
        i += len;
    }
    return 1;
}

/* 1 if v and everything inside it can be printed canonically: no reals, and
 * every key and string valid UTF-8. Keys must be checked here and not only in
 * the output: jansson 2.14 ignores a failure to print a key and carries on,
 * so an invalid key comes out as broken JSON ({":1}) that is valid UTF-8. */
static int canon_tree_ok(const json_t *v, int depth) {
    if (depth > CANON_MAX_DEPTH) return 0;
    if (json_is_real(v)) return 0;
    if (json_is_string(v))
        return canon_utf8_valid((const unsigned char *)json_string_value(v), json_string_length(v));
    if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) {
            if (!canon_tree_ok(item, depth + 1)) return 0;
        }
    } else if (json_is_object(v)) {
        const char *key;
        size_t key_len;
        json_t *item;
        /* The foreach macro takes a non-const object, but only reads it. */
        json_object_keylen_foreach((json_t *)v, key, key_len, item) {
            if (!canon_utf8_valid((const unsigned char *)key, key_len)) return 0;
            if (!canon_tree_ok(item, depth + 1)) return 0;
        }
    }
    return 1;
}

/* Lower-case the hex digits of every \uXXXX escape, in place. Escapes are
 * found by walking backslash pairs, so an escaped backslash followed by a
 * literal 'u' ("\\u") is left alone. */
static void canon_lower_unicode_escapes(char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        if (s[i] != '\\' || i + 1 >= n) {
            i++;
            continue;
        }
        if (s[i + 1] == 'u') {
            for (size_t k = i + 2; k < i + 6 && k < n; k++) {
                if (s[k] >= 'A' && s[k] <= 'F') s[k] = (char)(s[k] - 'A' + 'a');
            }
            i += 6;
        } else {
            i += 2; /* \" \\ \b \f \n \r \t: skip both characters */
        }
    }
}

char *zf_canon_dump(const json_t *v, size_t *len) {
    if (!v) return NULL;
    if (!canon_tree_ok(v, 0)) return NULL;
    /* JSON_ENCODE_ANY: a bare string or number has a canonical form too. */
    char *printed = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    if (!printed) return NULL;
    /* jansson escapes NUL as \u0000, so the printed text has no NUL byte and
     * strlen gives its length. */
    size_t n = strlen(printed);
    /* Copy into our own allocation: jansson's may come from an allocator set
     * with json_set_alloc_funcs, and the caller frees ours with free(). */
    char *out = zf_xmalloc(n + 1);
    memcpy(out, printed, n + 1);
    json_free_t jansson_free;
    json_get_alloc_funcs(NULL, &jansson_free);
    jansson_free(printed);

    if (!canon_utf8_valid((const unsigned char *)out, n)) {
        free(out);
        return NULL;
    }
    canon_lower_unicode_escapes(out, n);
    if (len) *len = n;
    return out;
}

int zf_canon_is_canonical(const char *text, size_t len) {
    if (!text) return 0;
    json_error_t error;
    /* Duplicate keys are refused: with them the text and the parsed value
     * would say different things. JSON_ALLOW_NUL because zf_canon_dump prints
     * a NUL inside a string as \u0000, and that output must count as
     * canonical. */
    json_t *v =
        json_loadb(text, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &error);
    if (!v) return 0;
    size_t n = 0;
    char *again = zf_canon_dump(v, &n);
    json_decref(v);
    int same = again && n == len && memcmp(again, text, len) == 0;
    free(again);
    return same;
}
