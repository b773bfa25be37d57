/* catalogue.c — see catalogue.h. */
#include "store/catalogue.h"

#include <stdio.h>
#include <string.h>

#include "core/util.h"

#define VCOLS                                                                                      \
    "v.id, i.code, v.version, v.effective_from, v.domain, v.title, v.violation_basis, "            \
    "v.penalty_basis, v.kind, v.target, v.per_person, v.fine_min, v.fine_max, "                    \
    "v.gains_threshold, v.gains_mult_min, v.gains_mult_max, v.other_measures, v.delegable, "       \
    "v.delegation_note, v.notes, v.tiers, v.reason, v.created_at, v.created_by, v.fine_rule"

static const char *dup(zf_arena_t *a, zf_stmt_t *st, int col) {
    return zf_arena_strdup(a, zf_stmt_text(st, col));
}

static void read_version(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_cat_version_t *v = item;
    memset(v, 0, sizeof *v);
    v->id = zf_stmt_int(st, 0);
    v->code = dup(a, st, 1);
    v->version = (int)zf_stmt_int(st, 2);
    v->effective_from = dup(a, st, 3);
    v->domain = dup(a, st, 4);
    v->title = dup(a, st, 5);
    v->violation_basis = dup(a, st, 6);
    v->penalty_basis = dup(a, st, 7);
    v->kind = dup(a, st, 8);
    v->target = dup(a, st, 9);
    v->per_person = (int)zf_stmt_int(st, 10);
    v->has_min = !zf_stmt_is_null(st, 11);
    v->fine_min = v->has_min ? zf_stmt_int(st, 11) : 0;
    v->has_max = !zf_stmt_is_null(st, 12);
    v->fine_max = v->has_max ? zf_stmt_int(st, 12) : 0;
    v->gains_threshold = zf_stmt_is_null(st, 13) ? 0 : zf_stmt_int(st, 13);
    v->gains_mult_min = zf_stmt_is_null(st, 14) ? 0 : (int)zf_stmt_int(st, 14);
    v->gains_mult_max = zf_stmt_is_null(st, 15) ? 0 : (int)zf_stmt_int(st, 15);
    v->other_measures = dup(a, st, 16);
    v->delegable = (int)zf_stmt_int(st, 17);
    v->delegation_note = dup(a, st, 18);
    v->notes = dup(a, st, 19);
    v->tiers = zf_stmt_is_null(st, 20) ? NULL : dup(a, st, 20);
    v->reason = dup(a, st, 21);
    v->created_at = dup(a, st, 22);
    v->created_by = zf_stmt_is_null(st, 23) ? 0 : zf_stmt_int(st, 23);
    v->fine_rule = zf_stmt_is_null(st, 24) ? NULL : dup(a, st, 24);
}

/* Step st to the end, collecting versions. */
static int collect(zf_stmt_t *st, zf_arena_t *a, zf_cat_version_t **out, size_t *n,
                   zf_error_t *err) {
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_version, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_catalogue_list(zf_db_t *db, zf_arena_t *a, const zf_cat_filter_t *f, zf_cat_version_t **out,
                      size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT " VCOLS " FROM catalogue_versions v JOIN catalogue_items i ON i.id = v.item_id "
        "WHERE v.effective_from = (SELECT max(w.effective_from) FROM catalogue_versions w "
        "                          WHERE w.item_id = v.item_id AND w.effective_from <= $1) "
        "AND ($2 = '' OR v.domain = $2) AND ($3 = '' OR v.kind = $3) "
        "AND ($4 < 0 OR v.delegable = $4) "
        "AND ($5 = '' OR i.code LIKE $6 ESCAPE '\\' OR v.title LIKE $6 ESCAPE '\\') "
        "AND i.code > $7 ORDER BY i.code LIMIT $8",
        err);
    if (!st) return ZF_EIO;
    const char *q = f->q ? f->q : "";
    zf_stmt_bind_text(st, 1, f->date);
    zf_stmt_bind_text(st, 2, f->domain ? f->domain : "");
    zf_stmt_bind_text(st, 3, f->kind ? f->kind : "");
    zf_stmt_bind_int(st, 4, f->delegable);
    zf_stmt_bind_text(st, 5, q);
    zf_stmt_bind_text(st, 6, zf_db_like_contains(a, q));
    zf_stmt_bind_text(st, 7, f->after ? f->after : "");
    zf_stmt_bind_int(st, 8, f->limit);
    return collect(st, a, out, n, err);
}

static int item_id(zf_db_t *db, const char *code, int64_t *id, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT id FROM catalogue_items WHERE code = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, code);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) *id = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "catalogue.not_found", "code",
                            "执法事项 %s 不存在", code);
    return 0;
}

int zf_catalogue_versions(zf_db_t *db, zf_arena_t *a, const char *code, zf_cat_version_t **out,
                          size_t *n, zf_error_t *err) {
    int64_t id = 0;
    int rc = item_id(db, code, &id, err);
    if (rc) return rc;
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT " VCOLS " FROM catalogue_versions v JOIN catalogue_items i ON i.id = v.item_id "
        "WHERE v.item_id = $1 ORDER BY v.effective_from",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    return collect(st, a, out, n, err);
}

int zf_catalogue_at(zf_db_t *db, zf_arena_t *a, const char *code, const char *date,
                    zf_cat_version_t *out, zf_error_t *err) {
    int64_t id = 0;
    int rc = item_id(db, code, &id, err);
    if (rc) return rc;
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT " VCOLS " FROM catalogue_versions v JOIN catalogue_items i ON i.id = v.item_id "
        "WHERE v.item_id = $1 AND v.effective_from <= $2 "
        "ORDER BY v.effective_from DESC LIMIT 1",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    zf_stmt_bind_text(st, 2, date);
    rc = zf_stmt_step(st, err);
    if (rc == 1) read_version(st, a, out);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "catalogue.not_in_force", "date",
                            "执法事项 %s 在 %s 尚无施行中的版本", code, date);
    return 0;
}

static void bind_opt(zf_stmt_t *st, int i, int has, int64_t v) {
    if (has)
        zf_stmt_bind_int(st, i, v);
    else
        zf_stmt_bind_null(st, i);
}

int zf_catalogue_insert(zf_db_t *db, zf_arena_t *a, const zf_cat_version_t *v, int create,
                        int64_t actor_id, zf_cat_version_t *out, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    int64_t id = 0;
    zf_error_t probe = {0};
    int rc = item_id(db, v->code, &id, &probe);
    if (rc != 0 && rc != ZF_ENOTFOUND) {
        if (err) *err = probe;
        return rc;
    }
    int exists = rc == 0;
    if (create && exists)
        return zf_error_set(err, ZF_ECONFLICT, 409, "catalogue.code_taken", "code",
                            "执法事项编码 %s 已存在；修改请新建版本", v->code);
    if (!create && !exists) {
        if (err) *err = probe;
        return ZF_ENOTFOUND;
    }
    int version = 1;
    zf_stmt_t *st;
    if (!exists) {
        st = zf_db_prepare(
            db, "INSERT INTO catalogue_items (code, created_at) VALUES ($1, $2) RETURNING id", err);
        if (!st) return ZF_EIO;
        zf_stmt_bind_text(st, 1, v->code);
        zf_stmt_bind_text(st, 2, now);
        rc = zf_stmt_step(st, err);
        if (rc == 1) id = zf_stmt_int(st, 0);
        zf_stmt_done(st);
        if (rc < 0) return rc;
    } else {
        st = zf_db_prepare(db,
                           "SELECT max(version), count(CASE WHEN effective_from = $2 THEN 1 END) "
                           "FROM catalogue_versions WHERE item_id = $1",
                           err);
        if (!st) return ZF_EIO;
        zf_stmt_bind_int(st, 1, id);
        zf_stmt_bind_text(st, 2, v->effective_from);
        rc = zf_stmt_step(st, err);
        int64_t maxv = rc == 1 ? zf_stmt_int(st, 0) : 0, same = rc == 1 ? zf_stmt_int(st, 1) : 0;
        zf_stmt_done(st);
        if (rc < 0) return rc;
        if (same > 0)
            return zf_error_set(err, ZF_ECONFLICT, 409, "catalogue.date_taken", "effective_from",
                                "执法事项 %s 已有自 %s 起施行的版本；请另选生效日期", v->code,
                                v->effective_from);
        version = (int)maxv + 1;
    }
    st = zf_db_prepare(
        db,
        "INSERT INTO catalogue_versions (item_id, version, effective_from, domain, title, "
        "violation_basis, penalty_basis, kind, target, per_person, fine_min, fine_max, "
        "gains_threshold, gains_mult_min, gains_mult_max, other_measures, delegable, "
        "delegation_note, notes, tiers, reason, created_at, created_by, fine_rule) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
        "$18, $19, $20, $21, $22, $23, $24) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    zf_stmt_bind_int(st, 2, version);
    zf_stmt_bind_text(st, 3, v->effective_from);
    zf_stmt_bind_text(st, 4, v->domain);
    zf_stmt_bind_text(st, 5, v->title);
    zf_stmt_bind_text(st, 6, v->violation_basis);
    zf_stmt_bind_text(st, 7, v->penalty_basis);
    zf_stmt_bind_text(st, 8, v->kind);
    zf_stmt_bind_text(st, 9, v->target);
    zf_stmt_bind_int(st, 10, v->per_person ? 1 : 0);
    bind_opt(st, 11, v->has_min, v->fine_min);
    bind_opt(st, 12, v->has_max, v->fine_max);
    int gains = v->gains_mult_max > 0;
    bind_opt(st, 13, gains, v->gains_threshold);
    bind_opt(st, 14, gains, v->gains_mult_min);
    bind_opt(st, 15, gains, v->gains_mult_max);
    zf_stmt_bind_text(st, 16, v->other_measures ? v->other_measures : "");
    zf_stmt_bind_int(st, 17, v->delegable ? 1 : 0);
    zf_stmt_bind_text(st, 18, v->delegation_note ? v->delegation_note : "");
    zf_stmt_bind_text(st, 19, v->notes ? v->notes : "");
    zf_stmt_bind_text(st, 20, v->tiers); /* NULL binds NULL */
    zf_stmt_bind_text(st, 21, v->reason ? v->reason : "");
    zf_stmt_bind_text(st, 22, now);
    bind_opt(st, 23, actor_id > 0, actor_id);
    zf_stmt_bind_text(st, 24, v->fine_rule); /* NULL binds NULL */
    rc = zf_stmt_step(st, err);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    return zf_catalogue_at(db, a, v->code, v->effective_from, out, err);
}

int64_t zf_catalogue_count(zf_db_t *db, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT count(*) FROM catalogue_items", err);
    if (!st) return ZF_EIO;
    int rc = zf_stmt_step(st, err);
    int64_t n = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    return rc < 0 ? rc : n;
}

/* ---- legal parameters ---- */

#define PCOLS                                                                                      \
    "p.id, p.key, p.value, p.unit, p.effective_from, p.source, p.confirmed, p.label, "             \
    "p.created_at, p.created_by"

static void read_param(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_legal_param_t *p = item;
    p->id = zf_stmt_int(st, 0);
    p->key = dup(a, st, 1);
    p->value = dup(a, st, 2);
    p->unit = dup(a, st, 3);
    p->effective_from = dup(a, st, 4);
    p->source = dup(a, st, 5);
    p->confirmed = (int)zf_stmt_int(st, 6);
    p->label = dup(a, st, 7);
    p->created_at = dup(a, st, 8);
    p->created_by = zf_stmt_is_null(st, 9) ? 0 : zf_stmt_int(st, 9);
}

static int collect_params(zf_stmt_t *st, zf_arena_t *a, zf_legal_param_t **out, size_t *n,
                          zf_error_t *err) {
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_param, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_legal_params_all(zf_db_t *db, zf_arena_t *a, zf_legal_param_t **out, size_t *n,
                        zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db, "SELECT " PCOLS " FROM legal_params p ORDER BY p.key, p.effective_from", err);
    if (!st) return ZF_EIO;
    return collect_params(st, a, out, n, err);
}

int zf_config_generation(zf_db_t *db, int64_t *out, char instance[33], zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "SELECT n, instance FROM config_generation WHERE id = 1", err);
    if (!st) return ZF_EIO;
    int rc = zf_stmt_step(st, err);
    if (rc == 1) {
        *out = zf_stmt_int(st, 0);
        snprintf(instance, 33, "%s", zf_stmt_text(st, 1));
    }
    zf_stmt_done(st);
    if (rc == 0)
        return zf_error_set(err, ZF_EIO, 500, "store.config_generation", NULL, "配置版本记录缺失");
    return rc < 0 ? rc : 0;
}

int zf_legal_params_at(zf_db_t *db, zf_arena_t *a, const char *date, zf_legal_param_t **out,
                       size_t *n, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db,
                      "SELECT " PCOLS " FROM legal_params p WHERE p.effective_from = "
                      "(SELECT max(q.effective_from) FROM legal_params q WHERE q.key = p.key "
                      " AND q.effective_from <= $1) ORDER BY p.key",
                      err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, date);
    return collect_params(st, a, out, n, err);
}

int zf_legal_param_insert(zf_db_t *db, zf_arena_t *a, const zf_legal_param_t *p, int64_t actor_id,
                          zf_legal_param_t *out, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db, "SELECT count(*) FROM legal_params WHERE key = $1 AND effective_from = $2", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, p->key);
    zf_stmt_bind_text(st, 2, p->effective_from);
    int rc = zf_stmt_step(st, err);
    int64_t same = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (same)
        return zf_error_set(err, ZF_ECONFLICT, 409, "legal_param.date_taken", "effective_from",
                            "参数 %s 已有自 %s 起施行的值；请另选生效日期", p->key,
                            p->effective_from);
    st = zf_db_prepare(
        db,
        "INSERT INTO legal_params (key, value, unit, effective_from, source, confirmed, label, "
        "created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, p->key);
    zf_stmt_bind_text(st, 2, p->value);
    zf_stmt_bind_text(st, 3, p->unit);
    zf_stmt_bind_text(st, 4, p->effective_from);
    zf_stmt_bind_text(st, 5, p->source);
    zf_stmt_bind_int(st, 6, p->confirmed ? 1 : 0);
    zf_stmt_bind_text(st, 7, p->label);
    zf_stmt_bind_text(st, 8, now);
    bind_opt(st, 9, actor_id > 0, actor_id);
    rc = zf_stmt_step(st, err);
    int64_t id = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    *out = *p;
    out->id = id;
    out->created_at = zf_arena_strdup(a, now);
    out->created_by = actor_id;
    return 0;
}
