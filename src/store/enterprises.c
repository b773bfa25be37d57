/* enterprises.c — the enterprise registry (R11). See enterprises.h. */
#include "store/enterprises.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"

/* ---- code lists ---- */

static const zf_code_name_t domains[] = {
    {"hazchem", "危化"},  {"fireworks", "烟花爆竹"}, {"mining", "矿山"},
    {"industry", "工贸"}, {"other", "其他"},
};
static const zf_code_name_t scales[] = {{"above", "规上"}, {"below", "规下"}, {"micro", "小微"}};
/* The order is the rank: red is the highest risk. */
static const zf_code_name_t risks[] = {
    {"red", "红"}, {"orange", "橙"}, {"yellow", "黄"}, {"blue", "蓝"}};
static const zf_code_name_t supervisions[] = {{"key", "重点"}, {"general", "一般"}};
static const zf_code_name_t statuses[] = {
    {"operating", "在营"}, {"suspended", "停产"}, {"closed", "注销"}};

#define N(x) (sizeof x / sizeof x[0])

const zf_code_name_t *zf_enterprise_codes(const char *list, size_t *n) {
    static const struct {
        const char *list;
        const zf_code_name_t *items;
        size_t n;
    } lists[] = {
        {"domain", domains, N(domains)},   {"scale", scales, N(scales)},
        {"risk", risks, N(risks)},         {"supervision", supervisions, N(supervisions)},
        {"status", statuses, N(statuses)},
    };
    for (size_t i = 0; list && i < N(lists); i++)
        if (strcmp(lists[i].list, list) == 0) {
            *n = lists[i].n;
            return lists[i].items;
        }
    *n = 0;
    return NULL;
}

const char *zf_enterprise_code_name(const char *list, const char *code) {
    size_t n;
    const zf_code_name_t *c = zf_enterprise_codes(list, &n);
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(c[i].code, code) == 0) return c[i].name;
    return NULL;
}

const char *zf_enterprise_code_parse(const char *list, const char *text) {
    size_t n;
    const zf_code_name_t *c = zf_enterprise_codes(list, &n);
    for (size_t i = 0; text && i < n; i++)
        if (strcmp(c[i].code, text) == 0 || strcmp(c[i].name, text) == 0) return c[i].code;
    /* "红色"/"重点企业"-style longer names people type in spreadsheets */
    for (size_t i = 0; text && i < n; i++) {
        size_t len = strlen(c[i].name);
        if (strncmp(c[i].name, text, len) == 0 &&
            (strcmp(text + len, "色") == 0 || strcmp(text + len, "企业") == 0 ||
             strcmp(text + len, "风险") == 0 || strcmp(text + len, "类") == 0))
            return c[i].code;
    }
    return NULL;
}

int zf_enterprise_risk_rank(const char *risk) {
    for (size_t i = 0; risk && i < N(risks); i++)
        if (strcmp(risks[i].code, risk) == 0) return (int)i + 1;
    return 0;
}

/* ---- SQL ---- */

#define ENT_COLUMNS                                                                                \
    "e.id, e.credit_code, e.name, e.unit_id, u.name, u.path, e.address, e.domain, e.scale, "       \
    "e.legal_rep, e.legal_rep_phone, e.contact, e.contact_phone, e.risk, e.supervision, "          \
    "e.status, e.credit_punished, e.version, e.created_at, e.updated_at, e.group_code"

/* $1 scope, $2 name pattern, $3/$4 code prefix and its LIKE pattern, $5 unit, $6 domain, $7 risk,
 * $8 supervision, $9 status, $10 group code (migration 012). CAST makes the type of a NULL
 * parameter known to PostgreSQL. Scope is a sub-select, not a join, so SQLite walks the sort key's
 * index and stops at LIMIT instead of sorting every row. */
#define ENT_WHERE                                                                                  \
    " WHERE +e.unit_id IN (SELECT id FROM units WHERE path LIKE $1 || '%')"                        \
    " AND (CAST($2 AS TEXT) IS NULL OR e.name LIKE $2 ESCAPE '\\')"                                \
    " AND (CAST($3 AS TEXT) IS NULL OR e.credit_code LIKE $4)"                                     \
    " AND (CAST($5 AS BIGINT) IS NULL OR e.unit_id = $5)"                                          \
    " AND (CAST($6 AS TEXT) IS NULL OR e.domain = $6)"                                             \
    " AND (CAST($7 AS TEXT) IS NULL OR e.risk = $7)"                                               \
    " AND (CAST($8 AS TEXT) IS NULL OR e.supervision = $8)"                                        \
    " AND (CAST($9 AS TEXT) IS NULL OR e.status = $9)"                                             \
    " AND (CAST($10 AS TEXT) IS NULL OR e.group_code = $10)"

static const char *sort_columns[ZF_ENT_SORT_COUNT] = {"e.name", "e.credit_code", "e.risk_rank",
                                                      "e.updated_at"};

/* [sort][desc][cursor]: built once, never freed, so their addresses can key
 * the per-connection statement cache (db.h). */
static char *list_sql[ZF_ENT_SORT_COUNT][2][2];
static pthread_once_t list_sql_once = PTHREAD_ONCE_INIT;

static void build_list_sql(void) {
    for (int s = 0; s < ZF_ENT_SORT_COUNT; s++)
        for (int d = 0; d < 2; d++)
            for (int c = 0; c < 2; c++) {
                char buf[2048];
                const char *col = sort_columns[s];
                const char *dir = d ? "DESC" : "ASC";
                if (c)
                    snprintf(buf, sizeof buf,
                             "SELECT " ENT_COLUMNS " FROM enterprises e JOIN units u ON u.id = "
                             "e.unit_id%s AND (%s, e.id) %s ($11, $12)"
                             " ORDER BY %s %s, e.id %s LIMIT $13",
                             ENT_WHERE, col, d ? "<" : ">", col, dir, dir);
                else
                    snprintf(buf, sizeof buf,
                             "SELECT " ENT_COLUMNS " FROM enterprises e JOIN units u ON u.id = "
                             "e.unit_id%s ORDER BY %s %s, e.id %s LIMIT $11",
                             ENT_WHERE, col, dir, dir);
                list_sql[s][d][c] = zf_xstrdup(buf);
            }
}

static void read_enterprise(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_enterprise_t *e = item;
    e->id = zf_stmt_int(st, 0);
    e->credit_code = zf_arena_strdup(a, zf_stmt_text(st, 1));
    e->name = zf_arena_strdup(a, zf_stmt_text(st, 2));
    e->unit_id = zf_stmt_int(st, 3);
    e->unit_name = zf_arena_strdup(a, zf_stmt_text(st, 4));
    e->unit_path = zf_arena_strdup(a, zf_stmt_text(st, 5));
    e->address = zf_arena_strdup(a, zf_stmt_text(st, 6));
    e->domain = zf_arena_strdup(a, zf_stmt_text(st, 7));
    e->scale = zf_arena_strdup(a, zf_stmt_text(st, 8));
    e->legal_rep = zf_arena_strdup(a, zf_stmt_text(st, 9));
    e->legal_rep_phone = zf_arena_strdup(a, zf_stmt_text(st, 10));
    e->contact = zf_arena_strdup(a, zf_stmt_text(st, 11));
    e->contact_phone = zf_arena_strdup(a, zf_stmt_text(st, 12));
    e->risk = zf_arena_strdup(a, zf_stmt_text(st, 13));
    e->supervision = zf_arena_strdup(a, zf_stmt_text(st, 14));
    e->status = zf_arena_strdup(a, zf_stmt_text(st, 15));
    e->credit_punished = zf_stmt_int(st, 16) != 0;
    e->version = zf_stmt_int(st, 17);
    e->created_at = zf_arena_strdup(a, zf_stmt_text(st, 18));
    e->updated_at = zf_arena_strdup(a, zf_stmt_text(st, 19));
    e->group_code = zf_arena_strdup(a, zf_stmt_text(st, 20));
}

static void bind_filter(zf_stmt_t *st, zf_arena_t *a, const zf_enterprise_filter_t *f) {
    zf_stmt_bind_text(st, 1, f->scope_path);
    if (f->q && *f->q)
        zf_stmt_bind_text(st, 2, zf_db_like_contains(a, f->q));
    else
        zf_stmt_bind_null(st, 2);
    if (f->code && *f->code) {
        /* a prefix: codes are [0-9A-Z] only (checked by the caller), so the
         * pattern needs no escaping, and LIKE's case folding in SQLite does
         * not matter (both sides are upper case). A range with a sentinel
         * character would depend on PostgreSQL's collation. */
        zf_stmt_bind_text(st, 3, f->code);
        zf_stmt_bind_text(st, 4, zf_arena_printf(a, "%s%%", f->code));
    } else {
        zf_stmt_bind_null(st, 3);
        zf_stmt_bind_null(st, 4);
    }
    if (f->unit_id > 0)
        zf_stmt_bind_int(st, 5, f->unit_id);
    else
        zf_stmt_bind_null(st, 5);
    zf_stmt_bind_text(st, 6, f->domain && *f->domain ? f->domain : NULL);
    zf_stmt_bind_text(st, 7, f->risk && *f->risk ? f->risk : NULL);
    zf_stmt_bind_text(st, 8, f->supervision && *f->supervision ? f->supervision : NULL);
    zf_stmt_bind_text(st, 9, f->status && *f->status ? f->status : NULL);
    zf_stmt_bind_text(st, 10, f->group_code && *f->group_code ? f->group_code : NULL);
}

int zf_enterprises_list(zf_db_t *db, zf_arena_t *a, const zf_enterprise_filter_t *f,
                        zf_enterprise_t **out, size_t *n, int *more, zf_error_t *err) {
    pthread_once(&list_sql_once, build_list_sql);
    int sort = f->sort >= 0 && f->sort < ZF_ENT_SORT_COUNT ? f->sort : ZF_ENT_SORT_NAME;
    int limit = f->limit > 0 && f->limit <= 1000 ? f->limit : 50;
    zf_stmt_t *st = zf_db_prepare(db, list_sql[sort][f->desc ? 1 : 0][f->has_cursor ? 1 : 0], err);
    if (!st) return ZF_EIO;
    bind_filter(st, a, f);
    if (f->has_cursor) {
        if (sort == ZF_ENT_SORT_RISK)
            zf_stmt_bind_int(st, 11, f->after_int);
        else
            zf_stmt_bind_text(st, 11, f->after_text ? f->after_text : "");
        zf_stmt_bind_int(st, 12, f->after_id);
        zf_stmt_bind_int(st, 13, limit + 1);
    } else {
        zf_stmt_bind_int(st, 11, limit + 1);
    }
    void *items;
    size_t count;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_enterprise, &items, &count, err);
    if (rc < 0) return rc;
    /* the query asked for one row more than the page: it only says there is a
     * next page */
    *more = count > (size_t)limit;
    *out = items;
    *n = *more ? (size_t)limit : count;
    return 0;
}

int zf_enterprises_count(zf_db_t *db, const zf_enterprise_filter_t *f, int64_t *total,
                         zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT COUNT(*) FROM enterprises e" ENT_WHERE, err);
    if (!st) return ZF_EIO;
    zf_arena_t *a = zf_arena_new();
    bind_filter(st, a, f);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) *total = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    zf_arena_free(a);
    return rc < 0 ? rc : 0;
}

static int fetch_one(zf_stmt_t *st, zf_arena_t *a, zf_enterprise_t *out, const char *what,
                     zf_error_t *err) {
    int rc = zf_stmt_step(st, err);
    if (rc == 1) read_enterprise(st, a, out);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "enterprise.not_found", NULL, "企业%s不存在",
                            what);
    return 0;
}

int zf_enterprise_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_enterprise_t *out,
                      zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db,
                      "SELECT " ENT_COLUMNS
                      " FROM enterprises e JOIN units u ON u.id = e.unit_id WHERE e.id = $1",
                      err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    char what[32];
    snprintf(what, sizeof what, " %lld ", (long long)id);
    return fetch_one(st, a, out, what, err);
}

int zf_enterprise_get_by_code(zf_db_t *db, zf_arena_t *a, const char *credit_code,
                              zf_enterprise_t *out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT " ENT_COLUMNS " FROM enterprises e JOIN units u ON u.id "
                                  "= e.unit_id WHERE e.credit_code = $1",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, credit_code);
    return fetch_one(st, a, out, "", err);
}

static void bind_fields(zf_stmt_t *st, const zf_enterprise_t *e) {
    zf_stmt_bind_text(st, 1, e->credit_code);
    zf_stmt_bind_text(st, 2, e->name);
    zf_stmt_bind_int(st, 3, e->unit_id);
    zf_stmt_bind_text(st, 4, e->address ? e->address : "");
    zf_stmt_bind_text(st, 5, e->domain);
    zf_stmt_bind_text(st, 6, e->scale ? e->scale : "micro");
    zf_stmt_bind_text(st, 7, e->legal_rep ? e->legal_rep : "");
    zf_stmt_bind_text(st, 8, e->legal_rep_phone ? e->legal_rep_phone : "");
    zf_stmt_bind_text(st, 9, e->contact ? e->contact : "");
    zf_stmt_bind_text(st, 10, e->contact_phone ? e->contact_phone : "");
    zf_stmt_bind_text(st, 11, e->risk);
    zf_stmt_bind_int(st, 12, zf_enterprise_risk_rank(e->risk));
    zf_stmt_bind_text(st, 13, e->supervision);
    zf_stmt_bind_text(st, 14, e->status ? e->status : "operating");
    zf_stmt_bind_int(st, 15, e->credit_punished ? 1 : 0);
}

static int duplicate(zf_db_t *db, zf_arena_t *a, const char *code, zf_error_t *err) {
    zf_enterprise_t other;
    zf_error_t e2 = {0};
    if (zf_enterprise_get_by_code(db, a, code, &other, &e2) == 0)
        return zf_error_set(err, ZF_ECONFLICT, 409, "enterprise.duplicate_code", "credit_code",
                            "统一社会信用代码 %s 已被企业“%s”（编号 %lld，%s）使用", code,
                            other.name, (long long)other.id, other.unit_name);
    return zf_error_set(err, ZF_ECONFLICT, 409, "enterprise.duplicate_code", "credit_code",
                        "统一社会信用代码 %s 已被其他企业使用", code);
}

int zf_enterprise_insert(zf_db_t *db, zf_arena_t *a, zf_enterprise_t *e, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO enterprises (credit_code, name, unit_id, address, domain, scale, legal_rep, "
        "legal_rep_phone, contact, contact_phone, risk, risk_rank, supervision, status, "
        "credit_punished, version, created_at, updated_at, group_code) VALUES ($1, $2, $3, $4, $5, "
        "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1, $16, $16, $17) "
        "ON CONFLICT (credit_code) DO NOTHING RETURNING id",
        err);
    if (!st) return ZF_EIO;
    bind_fields(st, e);
    zf_stmt_bind_text(st, 16, now);
    zf_stmt_bind_text(st, 17, e->group_code ? e->group_code : "");
    int rc = zf_stmt_step(st, err);
    int64_t id = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0) return duplicate(db, a, e->credit_code, err);
    e->id = id;
    e->version = 1;
    e->created_at = e->updated_at = zf_arena_strdup(a, now);
    return 0;
}

int zf_enterprise_update(zf_db_t *db, zf_arena_t *a, zf_enterprise_t *e, int64_t version,
                         zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_enterprise_t other;
    zf_error_t e2 = {0};
    if (zf_enterprise_get_by_code(db, a, e->credit_code, &other, &e2) == 0 && other.id != e->id)
        return duplicate(db, a, e->credit_code, err);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "UPDATE enterprises SET credit_code = $1, name = $2, unit_id = $3, address = $4, "
        "domain = $5, scale = $6, legal_rep = $7, legal_rep_phone = $8, contact = $9, "
        "contact_phone = $10, risk = $11, risk_rank = $12, supervision = $13, status = $14, "
        "credit_punished = $15, version = version + 1, updated_at = $16, group_code = $19 "
        "WHERE id = $17 AND version = $18",
        err);
    if (!st) return ZF_EIO;
    bind_fields(st, e);
    zf_stmt_bind_text(st, 16, now);
    zf_stmt_bind_int(st, 17, e->id);
    zf_stmt_bind_int(st, 18, version);
    zf_stmt_bind_text(st, 19, e->group_code ? e->group_code : "");
    int64_t changed = zf_stmt_run(st, err);
    if (changed < 0) return (int)changed;
    if (changed == 0)
        return zf_error_set(err, ZF_ECONFLICT, 409, "conflict.version", "version",
                            "企业信息已被他人修改（当前版本已不是 %lld），请刷新后重试",
                            (long long)version);
    e->version = version + 1;
    e->updated_at = zf_arena_strdup(a, now);
    return 0;
}

int zf_enterprise_affiliates(zf_db_t *db, zf_arena_t *a, const zf_enterprise_t *e,
                             zf_enterprise_t **out, size_t *n, zf_error_t *err) {
    *out = NULL;
    *n = 0;
    const char *g = e->group_code ? e->group_code : "";
    /* '' means "no group": bound as NULL, which equals nothing, so an
     * enterprise without a group matches neither the thousands of others
     * without one nor reads them (each OR branch is an index search) */
    zf_stmt_t *st =
        zf_db_prepare(db,
                      "SELECT " ENT_COLUMNS " FROM enterprises e JOIN units u ON u.id = e.unit_id "
                      "WHERE e.id <> $1 AND e.status = 'operating' AND (e.group_code = $2 OR "
                      "e.group_code = $3 OR e.credit_code = $2) ORDER BY e.id LIMIT 1000",
                      err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, e->id);
    zf_stmt_bind_text(st, 2, *g ? g : NULL);
    zf_stmt_bind_text(st, 3, e->credit_code);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_enterprise, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}
