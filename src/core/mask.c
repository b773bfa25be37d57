/* mask.c — see mask.h. The text is decoded into code points once; numbers
 * are recognised on the code points (so full-width digits count), names by
 * comparing code points, and the output is written to a growing buffer. */
#include "core/mask.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/uscc.h"
#include "core/util.h"

/* ---- output buffer ---- */

typedef struct out {
    char *p;
    size_t len, cap;
} out_t;

static void put(out_t *o, const char *s, size_t n) {
    if (o->len + n + 1 > o->cap) {
        while (o->len + n + 1 > o->cap)
            o->cap = o->cap ? 2 * o->cap : 256;
        o->p = zf_xrealloc(o->p, o->cap);
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
    o->p[o->len] = '\0';
}

static void puts_(out_t *o, const char *s) { put(o, s, strlen(s)); }

static void putc_(out_t *o, char c) { put(o, &c, 1); }

static char *finish(zf_arena_t *a, out_t *o) {
    char *r = zf_arena_strdup(a, o->p ? o->p : "");
    free(o->p);
    return r;
}

/* ---- decoding ---- */

typedef struct text {
    uint32_t *cp;
    size_t *off; /* byte offset of each code point; off[n] = length */
    size_t n;
    const char *s;
} text_t;

/* One code point at s (n bytes left); invalid bytes decode as themselves
 * (0xDC80 + byte would be cleverer; nothing here needs it). */
static size_t decode1(const unsigned char *s, size_t n, uint32_t *cp) {
    unsigned c = s[0];
    size_t len = c < 0x80             ? 1
                 : (c & 0xe0) == 0xc0 ? 2
                 : (c & 0xf0) == 0xe0 ? 3
                 : (c & 0xf8) == 0xf0 ? 4
                                      : 0;
    if (len == 0 || len > n) {
        *cp = 0xfffd00u | c; /* not a character: never a digit, letter or name */
        return 1;
    }
    uint32_t v = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            *cp = 0xfffd00u | c;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3f);
    }
    *cp = v;
    return len;
}

static void decode(const char *s, text_t *t) {
    size_t bytes = strlen(s);
    t->s = s;
    t->cp = zf_xmalloc((bytes + 1) * sizeof *t->cp);
    t->off = zf_xmalloc((bytes + 1) * sizeof *t->off);
    size_t i = 0, n = 0;
    while (i < bytes) {
        t->off[n] = i;
        i += decode1((const unsigned char *)s + i, bytes - i, &t->cp[n]);
        n++;
    }
    t->off[n] = bytes;
    t->n = n;
}

static void text_free(text_t *t) {
    free(t->cp);
    free(t->off);
}

/* ---- character classes (ASCII and full-width forms) ---- */

static int digit(uint32_t c) {
    if (c >= '0' && c <= '9') return (int)(c - '0');
    if (c >= 0xff10 && c <= 0xff19) return (int)(c - 0xff10);
    return -1;
}

static int letter(uint32_t c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xff21 && c <= 0xff3a) ||
           (c >= 0xff41 && c <= 0xff5a);
}

static int alnum(uint32_t c) { return digit(c) >= 0 || letter(c); }

static int is_x(uint32_t c) { return c == 'X' || c == 'x' || c == 0xff38 || c == 0xff58; }

/* Separators people put inside phone numbers. */
static int phone_sep(uint32_t c) {
    return c == ' ' || c == '-' || c == 0xff0d || c == 0x2014 || c == 0x2013 || c == 0x3000;
}

static uint32_t at(const text_t *t, size_t i) { return i < t->n ? t->cp[i] : 0; }

/* The original bytes of code points [i, j). */
static void copy_span(out_t *o, const text_t *t, size_t i, size_t j) {
    put(o, t->s + t->off[i], t->off[j] - t->off[i]);
}

/* ---- resident ID numbers (GB 11643) ---- */

static int plausible_date(int y, int m, int d) {
    return m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 0;
}

/* GB 11643-1999 check character (ISO 7064 MOD 11-2) of 17 digits. */
static char id_check(const int *d) {
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += d[i] * w[i];
    return "10X98765432"[sum % 11];
}

/* An ID number starting at i (the caller made sure nothing alphanumeric
 * precedes it); 0 when there is none, else the code points it spans. */
static size_t match_id(const text_t *t, size_t i, out_t *o) {
    int d[18];
    size_t k = 0;
    while (k < 18 && digit(at(t, i + k)) >= 0) {
        d[k] = digit(at(t, i + k));
        k++;
    }
    if (k == 17 && is_x(at(t, i + 17)) && !alnum(at(t, i + 18))) {
        d[17] = 10;
        k = 18;
    } else if (k == 18 && alnum(at(t, i + 18))) {
        return 0;
    } else if (k == 15 && alnum(at(t, i + 15))) {
        return 0;
    } else if (k != 18 && k != 15) {
        return 0;
    }
    char ascii[19];
    for (size_t j = 0; j < k; j++)
        ascii[j] = d[j] == 10 ? 'X' : (char)('0' + d[j]);
    ascii[k] = '\0';
    if (k == 18) {
        int y = d[6] * 1000 + d[7] * 100 + d[8] * 10 + d[9];
        if (y < 1900 || y > 2099 || !plausible_date(y, d[10] * 10 + d[11], d[12] * 10 + d[13]))
            return 0;
        /* An all-digit unified social credit code can look like an ID: if it
         * is a valid code and not a valid ID, it is an enterprise's. */
        zf_uscc_result_t u;
        if (zf_uscc_check(ascii, &u) && u.valid && id_check(d) != ascii[17]) return 0;
        put(o, ascii, 6);
        puts_(o, "********");
        put(o, ascii + 14, 4);
        return 18;
    }
    if (!plausible_date(0, d[8] * 10 + d[9], d[10] * 10 + d[11])) return 0;
    put(o, ascii, 6);
    puts_(o, "******");
    put(o, ascii + 12, 3);
    return 15;
}

/* ---- phone numbers ---- */

/* n digits from i with at most one separator between two digits; writes
 * them to d and returns the code points spanned, 0 if fewer digits. */
static size_t phone_digits(const text_t *t, size_t i, int n, int *d) {
    size_t j = i;
    for (int k = 0; k < n; k++) {
        if (k > 0 && phone_sep(at(t, j)) && digit(at(t, j + 1)) >= 0) j++;
        int v = digit(at(t, j));
        if (v < 0) return 0;
        d[k] = v;
        j++;
    }
    return j - i;
}

/* A mobile number at i, with an optional +86 / 86 / (+86) prefix. */
static size_t match_mobile(const text_t *t, size_t i, out_t *o) {
    size_t j = i;
    const char *prefix = "";
    uint32_t c = at(t, j);
    int paren = c == '(' || c == 0xff08;
    if (paren) j++;
    if (at(t, j) == '+' || at(t, j) == 0xff0b) {
        if (digit(at(t, j + 1)) != 8 || digit(at(t, j + 2)) != 6) return 0;
        j += 3;
        prefix = "+86";
    } else if (digit(at(t, j)) == 8 && digit(at(t, j + 1)) == 6 && !paren) {
        /* "86" only counts as a prefix when a mobile number follows it */
        size_t k = j + 2;
        if (phone_sep(at(t, k))) k++;
        int d[11];
        if (digit(at(t, k)) == 1 && phone_digits(t, k, 11, d) && d[1] >= 3) {
            j = k;
            prefix = "86 ";
        }
    } else if (paren) {
        return 0;
    }
    if (paren) {
        if (at(t, j) != ')' && at(t, j) != 0xff09) return 0;
        j++;
    }
    if (*prefix && *prefix == '+') {
        while (phone_sep(at(t, j)))
            j++;
    }
    int d[11];
    size_t span = phone_digits(t, j, 11, d);
    if (!span || d[0] != 1 || d[1] < 3 || alnum(at(t, j + span))) return 0;
    if (*prefix) {
        puts_(o, prefix);
        if (prefix[0] == '+') putc_(o, ' ');
    }
    char buf[16];
    for (int k = 0; k < 3; k++)
        buf[k] = (char)('0' + d[k]);
    memcpy(buf + 3, "****", 4);
    for (int k = 7; k < 11; k++)
        buf[k] = (char)('0' + d[k]);
    put(o, buf, 11);
    return j + span - i;
}

/* A landline with its area code: 0 + 2 or 3 digits (010, 021–029: 3 in
 * all; others 4), an optional separator or (…), then 7 or 8 digits. */
static size_t match_landline(const text_t *t, size_t i, out_t *o) {
    size_t j = i;
    int paren = at(t, j) == '(' || at(t, j) == 0xff08;
    if (paren) j++;
    if (digit(at(t, j)) != 0) return 0;
    int d1 = digit(at(t, j + 1));
    if (d1 < 1) return 0;
    int area_len = d1 <= 2 ? 3 : 4;
    char area[5];
    for (int k = 0; k < area_len; k++) {
        int v = digit(at(t, j + (size_t)k));
        if (v < 0) return 0;
        area[k] = (char)('0' + v);
    }
    area[area_len] = '\0';
    j += (size_t)area_len;
    const char *sep = "-";
    if (paren) {
        if (at(t, j) != ')' && at(t, j) != 0xff09) return 0;
        j++;
        if (phone_sep(at(t, j))) j++;
        sep = ")";
    } else if (phone_sep(at(t, j))) {
        j++;
    } else {
        sep = "";
    }
    int d[8];
    size_t k = 0;
    while (k < 8 && digit(at(t, j + k)) >= 0) {
        d[k] = digit(at(t, j + k));
        k++;
    }
    if (k < 7 || alnum(at(t, j + k))) return 0;
    if (paren) putc_(o, '(');
    puts_(o, area);
    puts_(o, sep);
    for (size_t m = 0; m + 4 < k; m++)
        putc_(o, '*');
    for (size_t m = k - 4; m < k; m++)
        putc_(o, (char)('0' + d[m]));
    return j + k - i;
}

/* ---- names ---- */

/* 复姓: surnames of two characters; the rest of the name is masked. */
static const char *const compound_surnames[] = {
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
    "宇文", "司徒", "夏侯", "端木", "令狐", "西门", "南宫", "独孤", "百里", "呼延",
};

static size_t surname_len(const char *name) {
    for (size_t i = 0; i < sizeof compound_surnames / sizeof compound_surnames[0]; i++) {
        size_t n = strlen(compound_surnames[i]);
        if (strncmp(name, compound_surnames[i], n) == 0 && name[n]) return 2;
    }
    return 1;
}

/* Surname, then one 某 per remaining character (at least one). */
static void put_masked_name(out_t *o, const text_t *t) {
    if (t->n == 0) return;
    size_t keep = surname_len(t->s);
    if (keep > t->n) keep = t->n;
    copy_span(o, t, 0, keep);
    size_t hidden = t->n > keep ? t->n - keep : 1;
    for (size_t i = 0; i < hidden; i++)
        puts_(o, "某");
}

char *zf_mask_name(zf_arena_t *a, const char *name) {
    text_t t;
    decode(name, &t);
    out_t o = {0};
    put(&o, "", 0);
    put_masked_name(&o, &t);
    text_free(&t);
    return finish(a, &o);
}

/* ---- free text ---- */

typedef struct name_ref {
    text_t t;
} name_ref_t;

static int by_length_desc(const void *x, const void *y) {
    const name_ref_t *a = x, *b = y;
    return a->t.n < b->t.n ? 1 : a->t.n > b->t.n ? -1 : 0;
}

/* A name that begins or ends with a letter or digit (a foreign name in
 * Latin letters) only matches at the edge of a letter/digit run: masking
 * part of a run would split a number in two and make new ones. */
static size_t match_name(const text_t *t, size_t i, const name_ref_t *names, size_t n, out_t *o) {
    for (size_t k = 0; k < n; k++) {
        const text_t *nm = &names[k].t;
        if (i + nm->n > t->n) continue;
        if (memcmp(t->cp + i, nm->cp, nm->n * sizeof *nm->cp) != 0) continue;
        if (alnum(nm->cp[0]) && i > 0 && alnum(t->cp[i - 1])) continue;
        if (alnum(nm->cp[nm->n - 1]) && alnum(at(t, i + nm->n))) continue;
        put_masked_name(o, nm);
        return nm->n;
    }
    return 0;
}

char *zf_mask_text(zf_arena_t *a, const char *text, const char *const *names, size_t nnames,
                   zf_mask_counts_t *counts) {
    zf_mask_counts_t local = {0};
    if (!counts) counts = &local;
    memset(counts, 0, sizeof *counts);
    text_t t;
    decode(text ? text : "", &t);
    name_ref_t *refs = zf_xcalloc(nnames ? nnames : 1, sizeof *refs);
    size_t nrefs = 0;
    for (size_t k = 0; k < nnames; k++) {
        if (!names[k]) continue;
        decode(names[k], &refs[nrefs].t);
        if (refs[nrefs].t.n < 2) {
            text_free(&refs[nrefs].t);
            continue;
        }
        nrefs++;
    }
    qsort(refs, nrefs, sizeof *refs, by_length_desc); /* 王小明 before 王小 */
    out_t o = {0};
    put(&o, "", 0);
    for (size_t i = 0; i < t.n;) {
        size_t used = match_name(&t, i, refs, nrefs, &o);
        if (used) {
            counts->names++;
            i += used;
            continue;
        }
        uint32_t c = t.cp[i];
        int starts_number = digit(c) >= 0 || c == '+' || c == 0xff0b || c == '(' || c == 0xff08;
        if (starts_number && !(i > 0 && alnum(t.cp[i - 1]))) {
            if ((used = match_id(&t, i, &o))) {
                counts->ids++;
            } else if ((used = match_mobile(&t, i, &o))) {
                counts->mobiles++;
            } else if ((used = match_landline(&t, i, &o))) {
                counts->landlines++;
            }
            if (used) {
                i += used;
                continue;
            }
        }
        copy_span(&o, &t, i, i + 1);
        i++;
    }
    for (size_t k = 0; k < nrefs; k++)
        text_free(&refs[k].t);
    free(refs);
    text_free(&t);
    return finish(a, &o);
}

/* ---- addresses ---- */

char *zf_mask_address(zf_arena_t *a, const char *address) {
    text_t t;
    decode(address ? address : "", &t);
    /* the end of the last administrative division: 省 市 区 县 旗 乡 镇 街道
     * (not 小区 or 社区, which are where people live) */
    size_t keep = 0;
    for (size_t i = 0; i < t.n; i++) {
        uint32_t c = t.cp[i];
        uint32_t before = i > 0 ? t.cp[i - 1] : 0;
        if (c == 0x7701 /* 省 */ || c == 0x5e02 /* 市 */ || c == 0x53bf /* 县 */ ||
            c == 0x65d7 /* 旗 */ || c == 0x4e61 /* 乡 */ || c == 0x9547 /* 镇 */ ||
            (c == 0x533a /* 区 */ && before != 0x5c0f /* 小 */ && before != 0x793e /* 社 */))
            keep = i + 1;
        if (c == 0x8857 /* 街 */ && at(&t, i + 1) == 0x9053 /* 道 */) keep = i + 2;
    }
    out_t o = {0};
    put(&o, "", 0);
    copy_span(&o, &t, 0, keep);
    if (keep < t.n || keep == 0) puts_(&o, "****");
    text_free(&t);
    return finish(a, &o);
}
