/* canon.c — see canon.h. Canonical JSON for the bytes hashed into the log.
 *
 * jansson prints the form we want with JSON_COMPACT | JSON_SORT_KEYS: no
 * whitespace, object keys sorted by byte order (jansson compares the UTF-8
 * bytes, as memcmp does), non-ASCII characters as raw UTF-8, "/" unescaped,
 * and only the escapes JSON requires (\" \\ \b \f \n \r \t and \u00XX for the
 * other control characters). The writer below prints that same text itself
 * (faster; checked against jansson's in the tests). Three things are added:
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
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/util.h"

/* The walk below recurses once per nesting level. jansson's parser refuses
 * input nested deeper than 2048 (JSON_PARSER_MAX_DEPTH), so nothing read from
 * text goes deeper; the same cap also ends the walk on a value that contains
 * itself, which jansson lets a program build. */
#define CANON_MAX_DEPTH 2048

/* 1 if v and everything inside it can be printed canonically: no reals, and
 * every key and string valid UTF-8. Keys must be checked here and not only in
 * the output: jansson 2.14 ignores a failure to print a key and carries on,
 * so an invalid key comes out as broken JSON ({":1}) that is valid UTF-8. */
static int canon_tree_ok(const json_t *v, int depth) {
    if (depth > CANON_MAX_DEPTH) return 0;
    if (json_is_real(v)) return 0;
    if (json_is_string(v)) return zf_utf8_valid(json_string_value(v), json_string_length(v));
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
            if (!zf_utf8_valid(key, key_len)) return 0;
            if (!canon_tree_ok(item, depth + 1)) return 0;
        }
    }
    return 1;
}

/* ---- the writer ----
 *
 * The text jansson's json_dumps(JSON_COMPACT | JSON_SORT_KEYS |
 * JSON_ENCODE_ANY) prints, with the \u00xx hex in lower case, written here
 * in one pass into one buffer (issue 12: through jansson — a callback per
 * token, a hash table of the containers being printed to catch cycles, an
 * snprintf of each one's address, a copy — it was a fifteenth of a case
 * edit's CPU). Keys are sorted as jansson sorts them: memcmp over the
 * shorter length, then the shorter first. The tree was checked by
 * canon_tree_ok: no reals, valid UTF-8, at most CANON_MAX_DEPTH deep (so no
 * cycle). tests/unit/test_canon.c C13 compares it with jansson's on real
 * and random values. */

typedef struct canon_buf {
    char *p;
    size_t n, cap;
} canon_buf_t;

static void buf_put(canon_buf_t *b, const char *s, size_t n) {
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->n + n + 1)
            cap *= 2;
        b->p = zf_xrealloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static void put_string(canon_buf_t *b, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    buf_put(b, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        buf_put(b, s + run, i - run);
        char esc[6];
        size_t k = zf_json_escape_byte(c, hex, esc);
        buf_put(b, esc, k);
        run = i + 1;
    }
    buf_put(b, s + run, n - run);
    buf_put(b, "\"", 1);
}

typedef struct canon_key {
    const char *key;
    size_t len;
    json_t *value;
} canon_key_t;

static int canon_key_cmp(const void *x, const void *y) {
    const canon_key_t *a = x, *b = y;
    int r = memcmp(a->key, b->key, a->len < b->len ? a->len : b->len);
    if (r) return r;
    return a->len < b->len ? -1 : a->len > b->len;
}

static void put_value(canon_buf_t *b, const json_t *v) {
    switch (json_typeof(v)) {
    case JSON_NULL: buf_put(b, "null", 4); return;
    case JSON_TRUE: buf_put(b, "true", 4); return;
    case JSON_FALSE: buf_put(b, "false", 5); return;
    case JSON_INTEGER: {
        char num[24];
        char *e = num + sizeof num, *q = e;
        json_int_t x = json_integer_value(v);
        unsigned long long u = x < 0 ? 0ull - (unsigned long long)x : (unsigned long long)x;
        do {
            *--q = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (x < 0) *--q = '-';
        buf_put(b, q, (size_t)(e - q));
        return;
    }
    case JSON_STRING: put_string(b, json_string_value(v), json_string_length(v)); return;
    case JSON_ARRAY: {
        buf_put(b, "[", 1);
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i) buf_put(b, ",", 1);
            put_value(b, json_array_get(v, i));
        }
        buf_put(b, "]", 1);
        return;
    }
    case JSON_OBJECT: {
        size_t n = json_object_size(v);
        canon_key_t small[32];
        canon_key_t *keys = n <= 32 ? small : zf_xmalloc(n * sizeof *keys);
        size_t i = 0;
        const char *key;
        size_t key_len;
        json_t *item;
        json_object_keylen_foreach((json_t *)v, key, key_len, item) {
            keys[i++] = (canon_key_t){key, key_len, item};
        }
        qsort(keys, i, sizeof *keys, canon_key_cmp);
        buf_put(b, "{", 1);
        for (size_t k = 0; k < i; k++) {
            if (k) buf_put(b, ",", 1);
            put_string(b, keys[k].key, keys[k].len);
            buf_put(b, ":", 1);
            put_value(b, keys[k].value);
        }
        buf_put(b, "}", 1);
        if (keys != small) free(keys);
        return;
    }
    case JSON_REAL: return; /* refused by canon_tree_ok */
    }
}

char *zf_canon_dump(const json_t *v, size_t *len) {
    if (!v) return NULL;
    if (!canon_tree_ok(v, 0)) return NULL;
    canon_buf_t b = {0};
    put_value(&b, v);
    b.p[b.n] = '\0';
    /* the last line of defence, as before: the text is valid UTF-8 */
    if (!zf_utf8_valid(b.p, b.n)) {
        free(b.p);
        return NULL;
    }
    if (len) *len = b.n;
    return b.p;
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

/* ---- zf_canon_scan: the same verdict as zf_canon_is_canonical, in one pass.
 *
 * The texts zf_canon_is_canonical accepts are exactly those zf_canon_dump
 * prints for a value jansson parsed (JSON_DECODE_ANY | JSON_REJECT_DUPLICATES |
 * JSON_ALLOW_NUL). That is this grammar, checked here without building the
 * value:
 *  - no whitespace anywhere; true, false, null as such;
 *  - integers: 0, or an optional '-' and a non-zero digit then digits, in
 *    the range of int64_t (jansson's json_int_t); no fraction, no exponent;
 *  - strings: raw bytes from 0x20 up, valid UTF-8 (RFC 3629), except '"' and
 *    '\\'; the escapes \" \\ \b \f \n \r \t, and \u00xx (lower-case hex) for
 *    the other characters below 0x20; nothing else ("\/", "\u0041", "\u001F"
 *    and raw control bytes are never printed);
 *  - object keys as strings, without \u0000 (jansson refuses a NUL in a key),
 *    strictly increasing by their decoded bytes (memcmp, shorter first),
 *    which also rules out duplicates;
 *  - nesting: jansson's parser counts one level per value, container or not,
 *    and refuses more than 2048 (JSON_PARSER_MAX_DEPTH); canon_tree_ok's own
 *    cap of 2048 containers is then never reached. */

typedef struct {
    const unsigned char *p;
    const unsigned char *end;
    int has_nul;
} canon_scan_t;

/* 1 if all eight bytes at p are printable ASCII other than '"' and '\\'
 * (0x20–0x7f). Each test is the exact "some byte is zero / below n" word
 * trick: (x - 0x01…01 * n) & ~x & 0x80…80 is non-zero iff some byte of x is
 * below n (n <= 0x80). */
static inline int plain8(const unsigned char *p) {
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t x;
    memcpy(&x, p, 8);
    uint64_t q = x ^ (ones * '"');
    uint64_t b = x ^ (ones * '\\');
    uint64_t bad = (x & high) | ((x - ones * 0x20) & ~x & high) | ((q - ones) & ~q & high) |
                   ((b - ones) & ~b & high);
    return bad == 0;
}

/* Scans a string whose opening quote has been consumed, through the closing
 * quote. *escaped tells whether it contained an escape; *nul whether it
 * contained \u0000. */
/* The offset of the first byte among the 16 at p that is not printable
 * ASCII other than '"' and '\\', or 16. SSE2 (every x86-64): a signed
 * compare below 0x20 also catches 0x80-0xff. audit verify spends most of
 * its time here (issue 12); plain8 is the portable path. */
#ifdef __SSE2__
static inline unsigned special16(const unsigned char *p) {
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i bad = _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
                               _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
                                            _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))));
    unsigned mask = (unsigned)_mm_movemask_epi8(bad);
    return mask ? (unsigned)__builtin_ctz(mask) : 16;
}
#endif

static int scan_string(canon_scan_t *s, int *escaped, int *nul) {
    const unsigned char *p = s->p;
    const unsigned char *end = s->end;
    int esc = 0;
    for (;;) {
        /* the common case first: printable ASCII other than '"' and '\\',
         * sixteen or eight bytes at a time while they all are, then byte by
         * byte */
#ifdef __SSE2__
        unsigned k = 16;
        while (k == 16 && end - p >= 16) {
            k = special16(p);
            p += k;
        }
        if (k == 16) /* fewer than 16 bytes left */
#endif
            while (end - p >= 8 && plain8(p))
                p += 8;
        while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
            p++;
        if (p >= end) return 0;
        unsigned c = *p;
        if (c == '"') {
            p++;
            break;
        }
        if (c < 0x20) return 0;
        if (c == '\\') {
            if (end - p < 2) return 0;
            unsigned e = p[1];
            if (e == '"' || e == '\\' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
                p += 2;
                esc = 1;
                continue;
            }
            if (e != 'u' || end - p < 6 || p[2] != '0' || p[3] != '0') return 0;
            unsigned h = p[4], l = p[5];
            unsigned v;
            if (h != '0' && h != '1') return 0;
            if (l >= '0' && l <= '9')
                v = l - '0';
            else if (l >= 'a' && l <= 'f')
                v = l - 'a' + 10;
            else
                return 0;
            v += (h - '0') * 16;
            /* \b \t \n \f \r have short forms, and those are what is printed. */
            if (v == 0x08 || v == 0x09 || v == 0x0a || v == 0x0c || v == 0x0d) return 0;
            if (v == 0) *nul = 1;
            p += 6;
            esc = 1;
            continue;
        }
        /* c >= 0x80: one UTF-8 sequence, as canon_utf8_valid checks it. First
         * the common forms that need no range check: C2–DF with one
         * continuation byte (U+0080–U+07FF), and E1–EC or EE–EF with two
         * (U+1000–U+CFFF, U+E000–U+FFFF: neither overlong nor surrogates;
         * E0 and ED, which need one, take the general path). */
        if (c >= 0xc2 && c <= 0xdf && end - p >= 2 && (p[1] & 0xc0) == 0x80) {
            p += 2;
            continue;
        }
        if (c >= 0xe1 && c <= 0xef && c != 0xed && end - p >= 3 && (p[1] & 0xc0) == 0x80 &&
            (p[2] & 0xc0) == 0x80) {
            p += 3;
            /* Chinese text is runs of these: stay in the run */
            while (end - p >= 3 && p[0] >= 0xe1 && p[0] <= 0xef && p[0] != 0xed &&
                   (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80)
                p += 3;
            continue;
        }
        size_t n;
        uint32_t min, cp;
        if ((c & 0xe0) == 0xc0) {
            n = 2;
            min = 0x80;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            n = 3;
            min = 0x800;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            n = 4;
            min = 0x10000;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if ((size_t)(end - p) < n) return 0;
        for (size_t k = 1; k < n; k++) {
            if ((p[k] & 0xc0) != 0x80) return 0;
            cp = cp << 6 | (p[k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
        p += n;
    }
    s->p = p;
    *escaped = esc;
    return 1;
}

/* Next decoded byte of a string already checked by scan_string (bytes between
 * the quotes); advances *i. */
static unsigned decoded_byte(const unsigned char *k, size_t *i) {
    unsigned c = k[*i];
    if (c != '\\') {
        (*i)++;
        return c;
    }
    unsigned e = k[*i + 1];
    *i += 2;
    switch (e) {
    case 'b': return 0x08;
    case 'f': return 0x0c;
    case 'n': return 0x0a;
    case 'r': return 0x0d;
    case 't': return 0x09;
    case 'u': {
        unsigned h = k[*i + 2], l = k[*i + 3];
        *i += 4;
        return (h - '0') * 16 + (l >= 'a' ? l - 'a' + 10 : l - '0');
    }
    default: return e; /* '"' or '\\' */
    }
}

/* memcmp order of the decoded keys a and b (shorter first on a tie). */
static int key_cmp(const unsigned char *a, size_t alen, int aesc, const unsigned char *b,
                   size_t blen, int besc) {
    if (!aesc && !besc) { /* keys are short: a loop beats a call to memcmp */
        size_t m = alen < blen ? alen : blen;
        for (size_t i = 0; i < m; i++)
            if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
        return alen < blen ? -1 : alen > blen ? 1 : 0;
    }
    size_t i = 0, j = 0;
    while (i < alen && j < blen) {
        unsigned x = decoded_byte(a, &i);
        unsigned y = decoded_byte(b, &j);
        if (x != y) return x < y ? -1 : 1;
    }
    if (i < alen) return 1;
    if (j < blen) return -1;
    return 0;
}

/* Scans an integer starting at s->p; *value gets it. */
static int scan_int(canon_scan_t *s, int64_t *value) {
    const unsigned char *p = s->p;
    const unsigned char *end = s->end;
    int neg = 0;
    if (p < end && *p == '-') {
        neg = 1;
        p++;
    }
    if (p >= end || *p < '0' || *p > '9') return 0;
    uint64_t m = 0;
    if (*p == '0') {
        if (neg) return 0; /* "-0" prints as "0"; "-01" is no JSON */
        p++;
    } else {
        int digits = 0;
        while (p < end && *p >= '0' && *p <= '9') {
            if (++digits > 19) return 0;
            uint64_t d = (uint64_t)(*p - '0');
            if (m > (UINT64_MAX - d) / 10) return 0;
            m = m * 10 + d;
            p++;
        }
        if (m > (neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX)) return 0;
    }
    /* A fraction or exponent after the digits is left for the caller to
     * refuse: only ',' ']' '}' or the end may follow a value. */
    if (neg)
        *value = m == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)m;
    else
        *value = (int64_t)m;
    s->p = p;
    return 1;
}

static int scan_lit(canon_scan_t *s, const char *lit, size_t n) {
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, lit, n) != 0) return 0;
    s->p += n;
    return 1;
}

/* Scans one value; level is the jansson parser's depth for it (1 at the top).
 * At the top level (info != NULL) records "index" and "prev". */
static int scan_value(canon_scan_t *s, int level, zf_canon_info_t *info) {
    if (level > CANON_MAX_DEPTH) return 0;
    if (s->p >= s->end) return 0;
    switch (*s->p) {
    case '{': {
        s->p++;
        if (info) info->is_object = 1;
        if (s->p < s->end && *s->p == '}') {
            s->p++;
            return 1;
        }
        const unsigned char *prev_key = NULL;
        size_t prev_len = 0;
        int prev_esc = 0;
        for (;;) {
            if (s->p >= s->end || *s->p != '"') return 0;
            const unsigned char *key = ++s->p;
            int esc = 0, nul = 0;
            if (!scan_string(s, &esc, &nul)) return 0;
            if (nul) return 0; /* jansson: "NUL byte in object key not supported" */
            size_t klen = (size_t)(s->p - 1 - key);
            if (prev_key && key_cmp(prev_key, prev_len, prev_esc, key, klen, esc) >= 0) return 0;
            prev_key = key;
            prev_len = klen;
            prev_esc = esc;
            if (s->p >= s->end || *s->p != ':') return 0;
            s->p++;
            const unsigned char *vstart = s->p;
            if (!scan_value(s, level + 1, NULL)) return 0;
            if (info && !esc) {
                if (klen == 5 && memcmp(key, "index", 5) == 0) {
                    canon_scan_t t = {vstart, s->p, 0};
                    if (*vstart == '-' || (*vstart >= '0' && *vstart <= '9')) {
                        info->has_index = scan_int(&t, &info->index);
                    }
                } else if (klen == 4 && memcmp(key, "prev", 4) == 0 && *vstart == '"') {
                    info->prev = (const char *)vstart + 1;
                    info->prev_len = (size_t)(s->p - vstart - 2);
                    info->prev_escaped = memchr(vstart + 1, '\\', info->prev_len) != NULL;
                }
            }
            if (s->p >= s->end) return 0;
            if (*s->p == '}') {
                s->p++;
                return 1;
            }
            if (*s->p != ',') return 0;
            s->p++;
        }
    }
    case '[':
        s->p++;
        if (s->p < s->end && *s->p == ']') {
            s->p++;
            return 1;
        }
        for (;;) {
            if (!scan_value(s, level + 1, NULL)) return 0;
            if (s->p >= s->end) return 0;
            if (*s->p == ']') {
                s->p++;
                return 1;
            }
            if (*s->p != ',') return 0;
            s->p++;
        }
    case '"': {
        s->p++;
        int esc = 0, nul = 0;
        if (!scan_string(s, &esc, &nul)) return 0;
        if (nul) s->has_nul = 1;
        return 1;
    }
    case 't': return scan_lit(s, "true", 4);
    case 'f': return scan_lit(s, "false", 5);
    case 'n': return scan_lit(s, "null", 4);
    default: {
        int64_t v;
        return scan_int(s, &v);
    }
    }
}

int zf_canon_scan(const char *text, size_t len, zf_canon_info_t *info) {
    zf_canon_info_t local;
    if (!info) info = &local;
    memset(info, 0, sizeof *info);
    if (!text) return 0;
    canon_scan_t s = {(const unsigned char *)text, (const unsigned char *)text + len, 0};
    if (!scan_value(&s, 1, info) || s.p != s.end) {
        memset(info, 0, sizeof *info);
        return 0;
    }
    info->has_nul = s.has_nul;
    return 1;
}

int zf_canon_scan_event(const char *body, size_t len, int64_t *index, char prev[65]) {
    zf_canon_info_t info;
    if (!zf_canon_scan(body, len, &info)) return 0;
    if (!info.is_object || info.has_nul || !info.has_index || !info.prev || info.prev_escaped ||
        info.prev_len > 64)
        return 0;
    *index = info.index;
    memcpy(prev, info.prev, info.prev_len);
    prev[info.prev_len] = '\0';
    return 1;
}
