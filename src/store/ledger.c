/* ledger.c — see ledger.h. Portable SQL only ($N placeholders, RETURNING id). */
#include "store/ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static const char *const sources[] = {"plan",      "draw",     "complaint", "accident",
                                      "follow_up", "referral", "credit",    "ad_hoc"};
static const char *const class_codes[] = {"key", "general"};
static const char *const class_names[] = {"重点", "一般"};
static const char *const risk_codes[] = {"red", "orange", "yellow", "blue"};
static const char *const risk_names[] = {"红", "橙", "黄", "蓝"};

unsigned zf_ledger_source_bit(const char *source) {
    if (!source) return 0;
    for (unsigned i = 0; i < sizeof sources / sizeof sources[0]; i++)
        if (strcmp(sources[i], source) == 0) return 1u << i;
    return 0;
}

int zf_ledger_source_is_trigger(const char *s) {
    return s &&
           (strcmp(s, "complaint") == 0 || strcmp(s, "accident") == 0 ||
            strcmp(s, "follow_up") == 0 || strcmp(s, "referral") == 0 || strcmp(s, "credit") == 0);
}

int zf_ledger_class_index(const char *s) {
    for (int i = 0; s && i < 2; i++)
        if (strcmp(class_codes[i], s) == 0) return i;
    return -1;
}

int zf_ledger_risk_index(const char *s) {
    for (int i = 0; s && i < 4; i++)
        if (strcmp(risk_codes[i], s) == 0) return i;
    return -1;
}

int zf_ledger_param_known(const char *key, const char **unit) {
    if (!key) return 0;
    if (strcmp(key, "inspection.cap.sources") == 0) {
        if (unit) *unit = "来源";
        return 1;
    }
    if (strcmp(key, "plan.sampling_permille") == 0) {
        if (unit) *unit = "‰";
        return 1;
    }
    for (int c = 0; c < 2; c++)
        for (int r = 0; r < 4; r++) {
            char k[64];
            snprintf(k, sizeof k, "inspection.cap.%s.%s", class_names[c], risk_names[r]);
            if (strcmp(k, key) == 0) {
                if (unit) *unit = "次/年";
                return 1;
            }
        }
    return 0;
}

int zf_ledger_param_valid(const char *key, const char *v) {
    if (!key || !v || !*v) return 0;
    if (strcmp(key, "inspection.cap.sources") == 0) {
        char w[32];
        while (*v) {
            while (*v == ' ')
                v++;
            size_t n = 0;
            while (v[n] && v[n] != ' ')
                n++;
            if (!n) break;
            if (n >= sizeof w) return 0;
            memcpy(w, v, n);
            w[n] = 0;
            if (!zf_ledger_source_bit(w)) return 0;
            v += n;
        }
        return 1;
    }
    char *end;
    long long x = strtoll(v, &end, 10);
    if (*end || x < 0) return 0;
    return strcmp(key, "plan.sampling_permille") == 0 ? x <= 1000 : x <= 365;
}

/* "plan draw ad_hoc" -> bits; unknown words are ignored */
static unsigned parse_sources(const char *v) {
    unsigned bits = 0;
    char w[32];
    while (*v) {
        while (*v == ' ' || *v == ',')
            v++;
        size_t n = 0;
        while (v[n] && v[n] != ' ' && v[n] != ',')
            n++;
        if (n && n < sizeof w) {
            memcpy(w, v, n);
            w[n] = 0;
            bits |= zf_ledger_source_bit(w);
        }
        v += n;
    }
    return bits;
}

int zf_burden_rules_load(zf_db_t *db, const char *day, zf_burden_rules_t *out, zf_error_t *err) {
    memset(out, 0, sizeof *out);
    /* without a configured row: the sources of the default (issue 6) */
    out->sources = parse_sources("plan draw ad_hoc");
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT p.key, p.value, p.confirmed FROM legal_params p WHERE p.key LIKE "
        "'inspection.cap.%' AND p.effective_from = (SELECT max(q.effective_from) FROM "
        "legal_params q WHERE q.key = p.key AND q.effective_from <= $1)",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, day);
    int rc;
    while ((rc = zf_stmt_step(st, err)) == 1) {
        const char *key = zf_stmt_text(st, 0);
        const char *val = zf_stmt_text(st, 1);
        if (!zf_stmt_int(st, 2)) out->unconfirmed++;
        if (strcmp(key, "inspection.cap.sources") == 0) {
            out->sources = parse_sources(val);
            continue;
        }
        for (int c = 0; c < 2; c++)
            for (int r = 0; r < 4; r++) {
                char k[64];
                snprintf(k, sizeof k, "inspection.cap.%s.%s", class_names[c], risk_names[r]);
                if (strcmp(k, key) == 0) {
                    char *end;
                    long long v = strtoll(val, &end, 10);
                    out->cap[c][r] = (*val && !*end && v > 0) ? v : 0;
                }
            }
    }
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

int64_t zf_burden_cap(const zf_burden_rules_t *r, const char *supervision, const char *risk) {
    int c = zf_ledger_class_index(supervision), k = zf_ledger_risk_index(risk);
    return c < 0 || k < 0 ? 0 : r->cap[c][k];
}

int zf_store_burden_with(zf_db_t *db, const zf_burden_rules_t *r, int64_t enterprise_id,
                         const char *supervision, const char *risk, int64_t year, zf_burden_t *out,
                         zf_error_t *err) {
    memset(out, 0, sizeof *out);
    out->cap = zf_burden_cap(r, supervision, risk);
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT source, count(*) FROM inspection_ledger WHERE "
                                  "enterprise_id = $1 AND year = $2 AND status IN ('planned', "
                                  "'done') GROUP BY source",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, enterprise_id);
    zf_stmt_bind_int(st, 2, year);
    int rc;
    while ((rc = zf_stmt_step(st, err)) == 1) {
        const char *src = zf_stmt_text(st, 0);
        int64_t n = zf_stmt_int(st, 1);
        if (zf_ledger_source_bit(src) & r->sources) out->counted += n;
        if (zf_ledger_source_is_trigger(src)) out->triggered += n;
    }
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

int zf_store_burden(zf_db_t *db, int64_t enterprise_id, const char *day, zf_burden_t *out,
                    zf_error_t *err) {
    zf_burden_rules_t r;
    int rc = zf_burden_rules_load(db, day, &r, err);
    if (rc) return rc;
    zf_stmt_t *st =
        zf_db_prepare(db, "SELECT supervision, risk FROM enterprises WHERE id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, enterprise_id);
    rc = zf_stmt_step(st, err);
    char sup[16] = "", risk[16] = "";
    if (rc == 1) {
        snprintf(sup, sizeof sup, "%s", zf_stmt_text(st, 0));
        snprintf(risk, sizeof risk, "%s", zf_stmt_text(st, 1));
    }
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "enterprise.not_found", NULL, "企业不存在");
    return zf_store_burden_with(db, &r, enterprise_id, sup, risk, atoi(day), out, err);
}

static void bind_opt(zf_stmt_t *st, int i, int64_t v) {
    if (v > 0)
        zf_stmt_bind_int(st, i, v);
    else
        zf_stmt_bind_null(st, i);
}

int zf_store_ledger_set_officers(zf_db_t *db, int64_t ledger_id, const int64_t *officer_ids,
                                 size_t n_officers, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "DELETE FROM inspection_ledger_officers WHERE ledger_id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, ledger_id);
    int64_t rc = zf_stmt_run(st, err);
    if (rc < 0) return (int)rc;
    for (size_t i = 0; i < n_officers; i++) {
        int dupl = 0;
        for (size_t j = 0; j < i; j++)
            dupl |= officer_ids[j] == officer_ids[i];
        if (dupl) continue;
        st = zf_db_prepare(
            db, "INSERT INTO inspection_ledger_officers (ledger_id, officer_id) VALUES ($1, $2)",
            err);
        if (!st) return ZF_EIO;
        zf_stmt_bind_int(st, 1, ledger_id);
        zf_stmt_bind_int(st, 2, officer_ids[i]);
        rc = zf_stmt_run(st, err);
        if (rc < 0) return (int)rc;
    }
    return 0;
}

int zf_store_ledger_add(zf_db_t *db, const zf_ledger_entry_t *e, const int64_t *officer_ids,
                        size_t n_officers, int64_t *id, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO inspection_ledger (enterprise_id, unit_id, year, month, source, source_id, "
        "status, merged_into, done_on, inspection_id, note, version, created_at, created_by) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $13) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, e->enterprise_id);
    zf_stmt_bind_int(st, 2, e->unit_id);
    zf_stmt_bind_int(st, 3, e->year);
    bind_opt(st, 4, e->month);
    zf_stmt_bind_text(st, 5, e->source);
    bind_opt(st, 6, e->source_id);
    zf_stmt_bind_text(st, 7, e->status ? e->status : "planned");
    bind_opt(st, 8, e->merged_into);
    zf_stmt_bind_text(st, 9, e->done_on ? e->done_on : "");
    bind_opt(st, 10, e->inspection_id);
    zf_stmt_bind_text(st, 11, e->note ? e->note : "");
    zf_stmt_bind_text(st, 12, e->created_at ? e->created_at : now);
    bind_opt(st, 13, e->created_by);
    int rc = zf_stmt_step(st, err);
    int64_t newid = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (id) *id = newid;
    return n_officers ? zf_store_ledger_set_officers(db, newid, officer_ids, n_officers, err) : 0;
}

#define LCOLS                                                                                      \
    "l.id, l.enterprise_id, l.unit_id, l.year, l.month, l.source, l.source_id, l.status, "         \
    "l.merged_into, l.done_on, l.inspection_id, l.note, l.version, l.created_at, l.created_by, "   \
    "e.name, u.name"
#define LJOIN                                                                                      \
    " FROM inspection_ledger l JOIN enterprises e ON e.id = l.enterprise_id JOIN units u ON "      \
    "u.id = l.unit_id "

static const char *dup(zf_arena_t *a, zf_stmt_t *st, int col) {
    return zf_arena_strdup(a, zf_stmt_text(st, col));
}

static void read_entry(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_ledger_entry_t *e = item;
    e->id = zf_stmt_int(st, 0);
    e->enterprise_id = zf_stmt_int(st, 1);
    e->unit_id = zf_stmt_int(st, 2);
    e->year = zf_stmt_int(st, 3);
    e->month = zf_stmt_is_null(st, 4) ? 0 : zf_stmt_int(st, 4);
    e->source = dup(a, st, 5);
    e->source_id = zf_stmt_is_null(st, 6) ? 0 : zf_stmt_int(st, 6);
    e->status = dup(a, st, 7);
    e->merged_into = zf_stmt_is_null(st, 8) ? 0 : zf_stmt_int(st, 8);
    e->done_on = dup(a, st, 9);
    e->inspection_id = zf_stmt_is_null(st, 10) ? 0 : zf_stmt_int(st, 10);
    e->note = dup(a, st, 11);
    e->version = zf_stmt_int(st, 12);
    e->created_at = dup(a, st, 13);
    e->created_by = zf_stmt_is_null(st, 14) ? 0 : zf_stmt_int(st, 14);
    e->enterprise_name = dup(a, st, 15);
    e->unit_name = dup(a, st, 16);
}

int zf_store_ledger_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_ledger_entry_t *out,
                        zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " LCOLS LJOIN "WHERE l.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    void *items;
    size_t n;
    int rc = zf_stmt_collect(st, a, sizeof *out, read_entry, &items, &n, err);
    if (rc) return rc;
    if (!n)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "ledger.not_found", NULL, "检查台账条目不存在");
    *out = *(zf_ledger_entry_t *)items;
    return 0;
}

int zf_store_ledger_update(zf_db_t *db, const zf_ledger_entry_t *e, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "UPDATE inspection_ledger SET month = $1, status = $2, merged_into = $3, done_on = $4, "
        "note = $5, unit_id = $6, version = version + 1 WHERE id = $7 AND version = $8",
        err);
    if (!st) return ZF_EIO;
    bind_opt(st, 1, e->month);
    zf_stmt_bind_text(st, 2, e->status);
    bind_opt(st, 3, e->merged_into);
    zf_stmt_bind_text(st, 4, e->done_on ? e->done_on : "");
    zf_stmt_bind_text(st, 5, e->note ? e->note : "");
    zf_stmt_bind_int(st, 6, e->unit_id);
    zf_stmt_bind_int(st, 7, e->id);
    zf_stmt_bind_int(st, 8, e->version);
    int rc = zf_stmt_run_versioned(st, "检查台账条目", err);
    if (rc) return rc;
    return 0;
}

int zf_store_ledger_for_enterprise(zf_db_t *db, zf_arena_t *a, int64_t enterprise_id, int64_t year,
                                   zf_ledger_entry_t **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db,
                      "SELECT " LCOLS LJOIN "WHERE l.enterprise_id = $1 AND l.year = $2 ORDER BY "
                      "COALESCE(l.month, 0), l.id",
                      err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, enterprise_id);
    zf_stmt_bind_int(st, 2, year);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_entry, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_store_ledger_for_source(zf_db_t *db, zf_arena_t *a, const char *source, int64_t source_id,
                               zf_ledger_entry_t **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db,
                      "SELECT " LCOLS LJOIN "WHERE l.source = $1 AND l.source_id = $2 ORDER BY "
                      "COALESCE(l.month, 0), l.id",
                      err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, source);
    zf_stmt_bind_int(st, 2, source_id);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_entry, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_store_ledger_other_months(zf_db_t *db, int64_t enterprise_id, int64_t year, int64_t unit_id,
                                 int months[12], int *n, zf_error_t *err) {
    *n = 0;
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT DISTINCT month FROM inspection_ledger WHERE "
                                  "enterprise_id = $1 AND year = $2 AND unit_id <> $3 AND "
                                  "status = 'planned' AND month IS NOT NULL ORDER BY month",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, enterprise_id);
    zf_stmt_bind_int(st, 2, year);
    zf_stmt_bind_int(st, 3, unit_id);
    int rc;
    while ((rc = zf_stmt_step(st, err)) == 1)
        if (*n < 12) months[(*n)++] = (int)zf_stmt_int(st, 0);
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

static void read_id(zf_stmt_t *st, zf_arena_t *a, void *item) {
    (void)a;
    *(int64_t *)item = zf_stmt_int(st, 0);
}

int zf_store_ledger_officers(zf_db_t *db, zf_arena_t *a, int64_t ledger_id, int64_t **out,
                             size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT officer_id FROM inspection_ledger_officers WHERE "
                                  "ledger_id = $1 ORDER BY officer_id",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, ledger_id);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_id, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}
