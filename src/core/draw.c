/* draw.c — see draw.h and docs/draw.md. */
#include "core/draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sha256.h"
#include "core/util.h"

struct zf_draw_ctx {
    zf_sha256_t md;
    zf_sha256_t seed; /* SHA-256 state after the seed's bytes (midstate) */
    size_t buffered;  /* bytes in buf (pool hashing) */
    unsigned char buf[65536];
};

zf_draw_ctx_t *zf_draw_ctx_new(void) { return zf_xcalloc(1, sizeof(zf_draw_ctx_t)); }

void zf_draw_ctx_free(zf_draw_ctx_t *c) { free(c); }

static void h_init(zf_draw_ctx_t *c) { zf_sha256_init(&c->md); }
static void h_update(zf_draw_ctx_t *c, const void *p, size_t n) { zf_sha256_update(&c->md, p, n); }
static void h_final(zf_draw_ctx_t *c, unsigned char out[32]) { zf_sha256_final(&c->md, out); }
static void h_final_hex(zf_draw_ctx_t *c, char out[ZF_DRAW_HEX_LEN]) {
    unsigned char d[32];
    h_final(c, d);
    zf_hex_encode(d, 32, out);
}

void zf_draw_sha256_hex(zf_draw_ctx_t *c, const void *data, size_t n, char out[ZF_DRAW_HEX_LEN]) {
    h_init(c);
    h_update(c, data, n);
    h_final_hex(c, out);
}

/* Decimal digits of v into buf (no NUL); returns the length. snprintf costs
 * about as much as hashing the line, and a million-line pool is hashed. */
static size_t u64_dec(uint64_t v, char *buf) { /* buf: room for 20 digits */
    static const char pairs[201] = "00010203040506070809101112131415161718192021222324252627282930"
                                   "31323334353637383940414243444546474849505152535455565758596061"
                                   "62636465666768697071727374757677787980818283848586878889909192"
                                   "93949596979899";
    char tmp[24];
    size_t n = sizeof tmp;
    while (v >= 100) { /* two digits at a time: half the divisions */
        unsigned r = (unsigned)(v % 100);
        v /= 100;
        tmp[--n] = pairs[2 * r + 1];
        tmp[--n] = pairs[2 * r];
    }
    if (v >= 10) {
        tmp[--n] = pairs[2 * v + 1];
        tmp[--n] = pairs[2 * v];
    } else {
        tmp[--n] = (char)('0' + v);
    }
    memcpy(buf, tmp + n, sizeof tmp - n);
    return sizeof tmp - n;
}
static size_t i64_dec(int64_t v, char *buf) { /* buf: room for 21 */
    if (v >= 0) return u64_dec((uint64_t)v, buf);
    buf[0] = '-';
    return 1 + u64_dec((uint64_t)0 - (uint64_t)v, buf + 1);
}

/* (big-endian 256-bit x) mod total, Horner's rule over the bytes taken two
 * at a time: r < total ≤ 2^48, so r·65536 + 65535 < 2^64 never overflows.
 * (Byte by byte gives the same remainder with twice the divisions; the
 * divisions were the sampler's biggest cost.) */
static uint64_t mod_be(const unsigned char x[32], uint64_t total) {
    uint64_t r = 0;
    for (int b = 0; b < 32; b += 2)
        r = ((r << 16) | ((uint64_t)x[b] << 8) | x[b + 1]) % total;
    return r;
}

/* The seed is the same for every i: hash its bytes once into `into` (the
 * SHA-256 midstate) and for each i continue from a copy with "," + i. The
 * result is SHA-256(seed + "," + i) exactly; only the work is shared. */
static void seed_state(zf_draw_ctx_t *c, zf_sha256_t *into, const zf_sha256_t *from,
                       const char *bytes, size_t n) {
    (void)c;
    if (from)
        *into = *from;
    else
        zf_sha256_init(into);
    zf_sha256_update(into, bytes, n);
}

/* pick i of total from a seed state (seed_state), the seed continued by
 * `more` (n bytes, may be 0: the derived seed's "/e" + k). */
static uint64_t pick_more(zf_draw_ctx_t *c, const zf_sha256_t *state, const char *more, size_t n,
                          uint64_t i, uint64_t total) {
    char tail[64];
    memcpy(tail, more, n); /* n < 32 */
    tail[n] = ',';
    size_t tl = n + 1 + u64_dec(i, tail + n + 1);
    unsigned char x[32];
    c->md = *state;
    h_update(c, tail, tl);
    h_final(c, x);
    return mod_be(x, total) + 1;
}
static uint64_t pick_from(zf_draw_ctx_t *c, const zf_sha256_t *state, uint64_t i, uint64_t total) {
    return pick_more(c, state, "", 0, i, total);
}

static int bad_total(uint64_t total, zf_error_t *err) {
    return zf_error_set(err, ZF_EINVAL, 400, "draw.bad_total", "total",
                        "总数应在 1 到 2^48 之间（当前 %llu）", (unsigned long long)total);
}

int zf_draw_pick(zf_draw_ctx_t *c, const char *seed, size_t seed_len, uint64_t i, uint64_t total,
                 uint64_t *pick) {
    if (total == 0 || total > ZF_DRAW_MAX_TOTAL || i == 0) return ZF_EINVAL;
    seed_state(c, &c->seed, NULL, seed, seed_len);
    *pick = pick_from(c, &c->seed, i, total);
    return 0;
}

/* ---- a set of picks (open addressing, arena) for sampling without
 * replacement ---- */
typedef struct pickset {
    uint64_t *slots; /* 0 = empty; picks are ≥ 1 */
    size_t mask;
} pickset_t;

static void pickset_init(pickset_t *s, zf_arena_t *a, size_t count) {
    size_t cap = 16;
    while (cap < count * 2 + 2)
        cap *= 2;
    s->slots = zf_arena_alloc(a, cap * sizeof *s->slots);
    s->mask = cap - 1;
}

/* 1 when v was added, 0 when it was there already. */
static int pickset_add(pickset_t *s, uint64_t v) {
    size_t h = (size_t)((v * 0x9E3779B97F4A7C15ULL) >> 17) & s->mask;
    while (s->slots[h]) {
        if (s->slots[h] == v) return 0;
        h = (h + 1) & s->mask;
    }
    s->slots[h] = v;
    return 1;
}

int zf_draw_sample(zf_draw_ctx_t *c, zf_arena_t *a, const char *seed, size_t seed_len,
                   uint64_t total, size_t count, int no_repeats, uint64_t *out, uint64_t *draws,
                   zf_error_t *err) {
    if (total == 0 || total > ZF_DRAW_MAX_TOTAL) return bad_total(total, err);
    if (no_repeats && count > total)
        return zf_error_set(err, ZF_EINVAL, 400, "draw.count_too_large", "count",
                            "不放回抽样的数量 %zu 超过总数 %llu", count, (unsigned long long)total);
    seed_state(c, &c->seed, NULL, seed, seed_len);
    uint64_t i = 0;
    if (!no_repeats) {
        for (size_t k = 0; k < count; k++)
            out[k] = pick_from(c, &c->seed, ++i, total);
    } else {
        pickset_t set;
        pickset_init(&set, a, count);
        size_t k = 0;
        while (k < count) {
            uint64_t p = pick_from(c, &c->seed, ++i, total);
            if (pickset_add(&set, p)) out[k++] = p;
        }
    }
    if (draws) *draws = i;
    return 0;
}

/* ---- pools ---- */

static int pool_error(zf_error_t *err, const char *what, size_t i, const char *why) {
    return zf_error_set(err, ZF_EINVAL, 400, "draw.bad_pool", "pool", "%s第 %zu 项%s", what, i + 1,
                        why);
}

/* A field of a canonical line: no newline; codes (comma_ok = 0) no comma
 * either, so that every line splits back into its fields. */
static int field_ok(const char *s, int comma_ok, size_t *len) {
    if (!s) return 0;
    *len = strcspn(s, comma_ok ? "\r\n" : ",\r\n"); /* also the length when ok */
    return s[*len] == '\0';
}

/* Pool lines go through a 64 KiB buffer: one digest update per buffer, not
 * eight per line (a million-line pool hashed 3× faster). */
static void buf_flush(zf_draw_ctx_t *c) {
    h_update(c, c->buf, c->buffered);
    c->buffered = 0;
}
static void buf_put(zf_draw_ctx_t *c, const void *p, size_t n) {
    if (c->buffered + n > sizeof c->buf) buf_flush(c);
    if (n > sizeof c->buf) {
        h_update(c, p, n);
        return;
    }
    memcpy(c->buf + c->buffered, p, n);
    c->buffered += n;
}
static void buf_int(zf_draw_ctx_t *c, int64_t v) {
    char num[24];
    buf_put(c, num, i64_dec(v, num));
}

/* The line "a,b,c,d\n" with a, c integers and b, d text, written straight
 * into the buffer when it fits (the common case). */
static void hash_line(zf_draw_ctx_t *c, int64_t a, const char *b, size_t bl, int64_t d,
                      const char *e, size_t el) {
    size_t need = 21 + 1 + bl + 1 + 21 + 1 + el + 1;
    if (need > sizeof c->buf) { /* a huge name: the slow way */
        buf_int(c, a);
        buf_put(c, ",", 1);
        buf_put(c, b, bl);
        buf_put(c, ",", 1);
        buf_int(c, d);
        buf_put(c, ",", 1);
        buf_put(c, e, el);
        buf_put(c, "\n", 1);
        return;
    }
    if (c->buffered + need > sizeof c->buf) buf_flush(c);
    unsigned char *w = c->buf + c->buffered;
    w += i64_dec(a, (char *)w);
    *w++ = ',';
    memcpy(w, b, bl);
    w += bl;
    *w++ = ',';
    w += i64_dec(d, (char *)w);
    *w++ = ',';
    memcpy(w, e, el);
    w += el;
    *w++ = '\n';
    c->buffered = (size_t)(w - c->buf);
}

int zf_draw_hash_enterprises(zf_draw_ctx_t *c, const zf_draw_enterprise_t *e, size_t n,
                             char out[ZF_DRAW_HEX_LEN], zf_error_t *err) {
    h_init(c);
    c->buffered = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && e[i].id <= e[i - 1].id)
            return pool_error(err, "企业库", i, "未按编号严格升序排列");
        size_t bl, el;
        if (!field_ok(e[i].credit_code, 0, &bl) || !field_ok(e[i].name, 1, &el))
            return pool_error(err, "企业库", i, "含有逗号或换行");
        hash_line(c, e[i].id, e[i].credit_code, bl, e[i].unit_id, e[i].name, el);
    }
    buf_flush(c);
    h_final_hex(c, out);
    return 0;
}

int zf_draw_hash_inspectors(zf_draw_ctx_t *c, const zf_draw_inspector_t *p, size_t n,
                            char out[ZF_DRAW_HEX_LEN], zf_error_t *err) {
    h_init(c);
    c->buffered = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && p[i].id <= p[i - 1].id)
            return pool_error(err, "执法人员库", i, "未按编号严格升序排列");
        size_t bl, el;
        if (!field_ok(p[i].cert_no, 0, &bl) || !field_ok(p[i].name, 1, &el))
            return pool_error(err, "执法人员库", i, "含有逗号或换行");
        hash_line(c, p[i].id, p[i].cert_no, bl, p[i].scope_unit_id, p[i].name, el);
    }
    buf_flush(c);
    h_final_hex(c, out);
    return 0;
}

static int excl_cmp(const zf_draw_exclusion_t *x, const zf_draw_exclusion_t *y) {
    if (x->enterprise_id != y->enterprise_id) return x->enterprise_id < y->enterprise_id ? -1 : 1;
    if (x->officer_id != y->officer_id) return x->officer_id < y->officer_id ? -1 : 1;
    return strcmp(x->reason, y->reason);
}

int zf_draw_hash_exclusions(zf_draw_ctx_t *c, const zf_draw_exclusion_t *x, size_t n,
                            char out[ZF_DRAW_HEX_LEN], zf_error_t *err) {
    h_init(c);
    c->buffered = 0;
    for (size_t i = 0; i < n; i++) {
        if (!x[i].reason ||
            (strcmp(x[i].reason, "relation") != 0 && strcmp(x[i].reason, "last_draw") != 0))
            return pool_error(err, "回避与排除清单", i, "的原因应为 relation 或 last_draw");
        if (i > 0 && excl_cmp(&x[i - 1], &x[i]) >= 0)
            return pool_error(err, "回避与排除清单", i, "未按（企业, 执法人员, 原因）严格升序排列");
        buf_int(c, x[i].enterprise_id);
        buf_put(c, ",", 1);
        buf_int(c, x[i].officer_id);
        buf_put(c, ",", 1);
        buf_put(c, x[i].reason, strlen(x[i].reason));
        buf_put(c, "\n", 1);
    }
    buf_flush(c);
    h_final_hex(c, out);
    return 0;
}

int zf_draw_inspector_eligible(const zf_officer_rules_t *rules, zf_day_t day,
                               const zf_officer_facts_t *f) {
    int counts[1] = {0};
    zf_team_finding_t findings[ZF_TEAM_FINDINGS_MAX(1)];
    size_t nf = 0, counted = 0;
    /* A team of one never passes the two-officer rule; what matters here is
     * whether this one person counts toward it. */
    (void)zf_team_check(rules, day, f, 1, counts, findings, &nf, &counted);
    return counts[0] == 1;
}

/* ---- commitment, witness, seed ---- */

static int is_lower_hex64(const char *s) {
    if (!s || strlen(s) != 64) return 0;
    for (int i = 0; i < 64; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return 0;
    return 1;
}

int zf_draw_commitment(zf_draw_ctx_t *c, const char *secret_hex, char out[ZF_DRAW_HEX_LEN],
                       zf_error_t *err) {
    if (!is_lower_hex64(secret_hex))
        return zf_error_set(err, ZF_EINVAL, 400, "draw.bad_secret", "secret",
                            "种子秘密值应为 64 位小写十六进制数");
    zf_draw_sha256_hex(c, secret_hex, 64, out);
    return 0;
}

int zf_draw_witness_check(zf_arena_t *a, const char *in, const char **out, zf_error_t *err) {
    if (!in) in = "";
    size_t n = strlen(in);
    size_t s = 0;
    while (s < n && (in[s] == ' ' || in[s] == '\t'))
        s++;
    while (n > s && (in[n - 1] == ' ' || in[n - 1] == '\t'))
        n--;
    const char *v = in + s;
    size_t len = n - s;
    size_t points = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)v[i] & 0xC0) != 0x80) points++;
    int ok = len > 0 && zf_utf8_valid_text(v, len);
    for (size_t i = 0; ok && i < len; i++)
        if (v[i] == '\t' || v[i] == '\n' || v[i] == '\r') ok = 0;
    if (!ok || points > ZF_DRAW_WITNESS_MAX)
        return zf_error_set(err, ZF_EINVAL, 400, "draw.bad_witness", "witness",
                            "见证值应为 1 至 %d 个可打印字符（不含控制字符）", ZF_DRAW_WITNESS_MAX);
    *out = zf_arena_strndup(a, v, len);
    return 0;
}

const char *zf_draw_seed(zf_arena_t *a, const char *secret_hex, const char *witness,
                         const char *h_enterprises, const char *h_inspectors,
                         const char *h_exclusions) {
    return zf_arena_printf(a, "%s,%s,%s,%s,%s", secret_hex, witness, h_enterprises, h_inspectors,
                           h_exclusions);
}

uint64_t zf_draw_target(uint64_t n, int64_t count, int64_t ratio_permille) {
    if (count > 0) return (uint64_t)count < n ? (uint64_t)count : n;
    if (ratio_permille <= 0) return 0;
    if (ratio_permille >= 1000) return n;
    /* n ≤ 2^48 and ratio < 1000: the product fits in 64 bits */
    return (n * (uint64_t)ratio_permille + 999) / 1000;
}

/* ---- the draw ---- */

/* First exclusion index of enterprise_id (binary search), and the end. */
static void excl_range(const zf_draw_input_t *in, int64_t enterprise_id, size_t *lo, size_t *hi) {
    size_t l = 0, h = in->n_exclusions;
    while (l < h) {
        size_t m = l + (h - l) / 2;
        if (in->exclusions[m].enterprise_id < enterprise_id)
            l = m + 1;
        else
            h = m;
    }
    size_t e = l;
    while (e < in->n_exclusions && in->exclusions[e].enterprise_id == enterprise_id)
        e++;
    *lo = l;
    *hi = e;
}

/* Why an inspector may not go to an enterprise: 0 may, 1 township scope, 2
 * relation, 3 last draw. */
static int barred(const zf_draw_input_t *in, const zf_draw_enterprise_t *e,
                  const zf_draw_inspector_t *p, size_t xlo, size_t xhi) {
    if (p->scope_unit_id != 0 && p->scope_unit_id != e->unit_id) return 1;
    for (size_t x = xlo; x < xhi; x++)
        if (in->exclusions[x].officer_id == p->id)
            return strcmp(in->exclusions[x].reason, "relation") == 0 ? 2 : 3;
    return 0;
}

static int not_enough(const zf_draw_enterprise_t *e, size_t m, size_t I, const size_t why[4],
                      zf_error_t *err) {
    return zf_error_set(
        err, ZF_EINVAL, 422, "draw.not_enough_inspectors", "inspectors",
        "无法为企业“%s”（%s，编号 %lld）派出 %zu 名执法人员：符合条件的仅 %zu 名（执法人员库 %zu "
        "名，其中非本乡镇 %zu 名、回避 %zu 名、上次抽查已派 %zu 名）。本次抽取未保存任何结果；"
        "可缩小抽取范围、减少每家企业的检查人员，或选择排除无法满足条件的企业后重试",
        e->name, e->credit_code, (long long)e->id, m, why[0], I, why[1], why[2], why[3]);
}

int zf_draw_feasible(const zf_draw_input_t *in, zf_error_t *err) {
    size_t m = in->per_enterprise > 0 ? (size_t)in->per_enterprise : 0;
    for (size_t k = 0; k < in->n_enterprises; k++) {
        const zf_draw_enterprise_t *e = &in->enterprises[k];
        size_t xlo, xhi;
        excl_range(in, e->id, &xlo, &xhi);
        size_t why[4] = {0, 0, 0, 0};
        for (size_t p = 0; p < in->n_inspectors; p++)
            why[barred(in, e, &in->inspectors[p], xlo, xhi)]++;
        if (why[0] < m) return not_enough(e, m, in->n_inspectors, why, err);
    }
    return 0;
}

/* The inspectors an enterprise may get, by index (= id order): the
 * unrestricted ones and those of its township, merged, minus its exclusion
 * pairs. Per-township lists are built once per draw. */
typedef struct scope_index {
    size_t *general; /* scope 0 */
    size_t ngeneral;
    size_t *local; /* restricted inspectors sorted by (scope, index) */
    size_t nlocal;
} scope_index_t;

static int cmp_scope(const void *x, const void *y, const zf_draw_inspector_t *p) {
    const size_t a = *(const size_t *)x, b = *(const size_t *)y;
    if (p[a].scope_unit_id != p[b].scope_unit_id)
        return p[a].scope_unit_id < p[b].scope_unit_id ? -1 : 1;
    return a < b ? -1 : a > b;
}

static void scope_index_build(zf_arena_t *a, const zf_draw_input_t *in, scope_index_t *ix) {
    size_t I = in->n_inspectors;
    ix->general = zf_arena_alloc(a, (I ? I : 1) * sizeof *ix->general);
    ix->local = zf_arena_alloc(a, (I ? I : 1) * sizeof *ix->local);
    ix->ngeneral = ix->nlocal = 0;
    for (size_t p = 0; p < I; p++) {
        if (in->inspectors[p].scope_unit_id == 0)
            ix->general[ix->ngeneral++] = p;
        else
            ix->local[ix->nlocal++] = p;
    }
    /* insertion sort: restricted inspectors are few (townships' officers) */
    for (size_t i = 1; i < ix->nlocal; i++) {
        size_t v = ix->local[i], j = i;
        while (j > 0 && cmp_scope(&ix->local[j - 1], &v, in->inspectors) > 0) {
            ix->local[j] = ix->local[j - 1];
            j--;
        }
        ix->local[j] = v;
    }
}

/* Candidates of enterprise e into cand (room for n_inspectors), in index
 * order; returns how many. Also the first slot's tier: the candidates with
 * the lowest load, in index order, into tier and *nt. */
static size_t candidates(const zf_draw_input_t *in, const scope_index_t *ix,
                         const zf_draw_enterprise_t *e, size_t xlo, size_t xhi, size_t *cand,
                         const uint32_t *load, size_t *tier, size_t *nt) {
    uint32_t best = UINT32_MAX;
    *nt = 0;
    /* the township's block of ix->local */
    size_t l = 0, h = ix->nlocal;
    while (l < h) {
        size_t m = l + (h - l) / 2;
        if (in->inspectors[ix->local[m]].scope_unit_id < e->unit_id)
            l = m + 1;
        else
            h = m;
    }
    size_t lo = l, hi = l;
    while (hi < ix->nlocal && in->inspectors[ix->local[hi]].scope_unit_id == e->unit_id)
        hi++;
    size_t n = 0, g = 0, t = lo;
    while (g < ix->ngeneral || t < hi) {
        size_t p;
        if (t >= hi || (g < ix->ngeneral && ix->general[g] < ix->local[t]))
            p = ix->general[g++];
        else
            p = ix->local[t++];
        int excluded = 0;
        for (size_t x = xlo; x < xhi && !excluded; x++)
            excluded = in->exclusions[x].officer_id == in->inspectors[p].id;
        if (excluded) continue;
        cand[n++] = p;
        if (load[p] < best) {
            best = load[p];
            *nt = 0;
        }
        if (load[p] == best) tier[(*nt)++] = p;
    }
    return n;
}

int zf_draw_run(zf_draw_ctx_t *c, zf_arena_t *a, const zf_draw_input_t *in,
                zf_draw_pick_row_t **out, zf_error_t *err) {
    if (in->per_enterprise < 2 || in->per_enterprise > ZF_DRAW_MAX_PER_ENTERPRISE)
        return zf_error_set(
            err, ZF_EINVAL, 400, "draw.bad_per_enterprise", "inspectors_per_enterprise",
            "每家企业的检查人员应为 2 至 %d 名（行政处罚法 第四十二条：执法人员不得少于两人）",
            ZF_DRAW_MAX_PER_ENTERPRISE);
    if (in->count == 0)
        return zf_error_set(err, ZF_EINVAL, 400, "draw.nothing_to_draw", "count",
                            "抽取数量为 0：企业库为空或比例过小");
    if (in->count > in->n_enterprises)
        return zf_error_set(err, ZF_EINVAL, 400, "draw.count_too_large", "count",
                            "抽取数量 %zu 超过企业库的 %zu 家", in->count, in->n_enterprises);
    size_t K = in->count, I = in->n_inspectors, m = (size_t)in->per_enterprise;
    const char *seed = in->seed;
    size_t seed_len = strlen(seed);
    seed_state(c, &c->seed, NULL, seed, seed_len);

    /* 1. the enterprises: Rivest without replacement over the sorted pool */
    uint64_t *picks = zf_arena_alloc(a, K * sizeof *picks);
    uint64_t *iof = zf_arena_alloc(a, K * sizeof *iof);
    {
        pickset_t set;
        pickset_init(&set, a, K);
        uint64_t i = 0;
        size_t k = 0;
        while (k < K) {
            uint64_t p = pick_from(c, &c->seed, ++i, in->n_enterprises);
            if (pickset_add(&set, p)) {
                iof[k] = i;
                picks[k++] = p;
            }
        }
    }

    /* 2. the inspectors, enterprise by enterprise in selection order */
    zf_draw_pick_row_t *rows = zf_arena_alloc(a, K * sizeof *rows);
    uint32_t *load = zf_arena_alloc(a, (I ? I : 1) * sizeof *load);
    size_t *cand = zf_arena_alloc(a, (I ? I : 1) * sizeof *cand);
    size_t *tier = zf_arena_alloc(a, (I ? I : 1) * sizeof *tier);
    scope_index_t ix;
    scope_index_build(a, in, &ix);
    char suffix[32] = "/e";
    for (size_t k = 0; k < K; k++) {
        /* the selected enterprises lie anywhere in a big pool: fetch a few
         * ahead so the cache miss overlaps the work on this one */
        if (k + 8 < K) __builtin_prefetch(&in->enterprises[picks[k + 8] - 1]);
        size_t ei = (size_t)(picks[k] - 1);
        const zf_draw_enterprise_t *e = &in->enterprises[ei];
        size_t xlo, xhi;
        excl_range(in, e->id, &xlo, &xhi);
        size_t nt = 0;
        size_t nc = candidates(in, &ix, e, xlo, xhi, cand, load, tier, &nt);
        if (nc < m) {
            size_t why[4] = {0, 0, 0, 0};
            for (size_t p = 0; p < I; p++)
                why[barred(in, e, &in->inspectors[p], xlo, xhi)]++;
            return not_enough(e, m, I, why, err);
        }
        zf_draw_pick_row_t *r = &rows[k];
        r->k = k + 1;
        r->i = iof[k];
        r->enterprise = ei;
        size_t slen = 2 + u64_dec(k + 1, suffix + 2);
        /* tier: the remaining candidates (not on the team yet) with the
         * lowest load, in id order. After a pick it loses the picked one;
         * when it runs empty the next lowest load is looked up again. */
        for (size_t j = 0; j < m; j++) {
            if (nt == 0) {
                uint32_t best = UINT32_MAX;
                for (size_t q = 0; q < nc; q++) {
                    size_t p = cand[q];
                    int taken = 0;
                    for (size_t t = 0; t < j; t++)
                        taken |= r->officers[t] == p;
                    if (taken) continue;
                    if (load[p] < best) {
                        best = load[p];
                        nt = 0;
                    }
                    if (load[p] == best) tier[nt++] = p;
                }
            }
            /* derived seed: seed + "/e" + k, i = j */
            uint64_t pick = pick_more(c, &c->seed, suffix, slen, j + 1, nt);
            size_t chosen = tier[pick - 1];
            r->officers[j] = chosen;
            load[chosen]++;
            memmove(&tier[pick - 1], &tier[pick], (nt - pick) * sizeof *tier);
            nt--;
        }
    }
    *out = rows;
    return 0;
}
