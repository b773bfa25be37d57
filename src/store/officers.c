/* officers.c — see officers.h. Portable SQL only ($N placeholders,
 * RETURNING id, ON CONFLICT … DO UPDATE); the scope filter is the unit path
 * prefix, as everywhere. */
#include "store/officers.h"

#include <string.h>

#include "core/util.h"

/* ---- settings ---- */

int zf_officer_rules_load(zf_db_t *db, const char *date, zf_officer_rules_t *out, zf_error_t *err) {
    zf_officer_rules_t r = ZF_OFFICER_RULES_INIT;
    zf_stmt_t *st =
        zf_db_prepare(db,
                      "SELECT s.key, s.value FROM officer_settings s WHERE s.effective_from = "
                      "(SELECT MAX(t.effective_from) FROM officer_settings t WHERE t.key = s.key "
                      "AND t.effective_from <= $1)",
                      err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, date);
    int rc;
    for (;;) {
        rc = zf_stmt_step(st, err);
        if (rc != 1) break;
        const char *key = zf_stmt_text(st, 0);
        int v = (int)zf_stmt_int(st, 1);
        if (strcmp(key, "min_officers") == 0)
            r.min_officers = v;
        else if (strcmp(key, "onboarding_months") == 0)
            r.onboarding_months = v;
        else if (strcmp(key, "refresher_days_per_year") == 0)
            r.refresher_days_per_year = v;
        else if (strcmp(key, "ratio_target_permille") == 0)
            r.ratio_target_permille = v;
        else if (strcmp(key, "practice_years_min") == 0)
            r.practice_years_min = v;
        else if (strcmp(key, "cert_alert_days") == 0)
            r.cert_alert_days = v;
    }
    zf_stmt_done(st);
    if (rc < 0) return rc;
    *out = r;
    return 0;
}

/* ---- officers ---- */

#define OFFICER_COLUMNS                                                                            \
    "o.id, o.user_id, u.username, o.unit_id, un.name, un.code, un.path, un.kind, o.name, "         \
    "o.kind, o.status, o.cert_no, o.cert_issuer, o.cert_issued_on, o.cert_expires_on, "            \
    "o.education, o.education_relevant, o.qualifications, o.practice_years, "                      \
    "o.injury_insurance_until, o.accident_insurance_until, o.version"
#define OFFICER_FROM                                                                               \
    " FROM officers o JOIN units un ON un.id = o.unit_id LEFT JOIN users u ON u.id = o.user_id "

static const char *dup(zf_arena_t *a, zf_stmt_t *st, int col) {
    return zf_arena_strdup(a, zf_stmt_text(st, col));
}

static void read_officer(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_officer_t *o = item;
    o->id = zf_stmt_int(st, 0);
    o->user_id = zf_stmt_is_null(st, 1) ? 0 : zf_stmt_int(st, 1);
    o->username = dup(a, st, 2);
    o->unit_id = zf_stmt_int(st, 3);
    o->unit_name = dup(a, st, 4);
    o->unit_code = dup(a, st, 5);
    o->unit_path = dup(a, st, 6);
    o->unit_kind = dup(a, st, 7);
    o->name = dup(a, st, 8);
    o->kind = dup(a, st, 9);
    o->status = dup(a, st, 10);
    o->cert_no = dup(a, st, 11);
    o->cert_issuer = dup(a, st, 12);
    o->cert_issued_on = dup(a, st, 13);
    o->cert_expires_on = dup(a, st, 14);
    o->education = dup(a, st, 15);
    o->education_relevant = (int)zf_stmt_int(st, 16);
    o->qualifications = dup(a, st, 17);
    o->practice_years = zf_stmt_int(st, 18);
    o->injury_insurance_until = dup(a, st, 19);
    o->accident_insurance_until = dup(a, st, 20);
    o->version = zf_stmt_int(st, 21);
}

int zf_officers_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t unit_id,
                     const char *kind, const char *status, const char *q, zf_officer_t **out,
                     size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT " OFFICER_COLUMNS OFFICER_FROM
        "WHERE un.path LIKE $1 || '%' AND ($2 = 0 OR o.unit_id = $2) "
        "AND ($3 = '' OR o.kind = $3) AND ($4 = '' OR o.status = $4) "
        "AND ($5 = '' OR o.name LIKE '%' || $5 || '%' OR o.cert_no LIKE '%' || $5 || '%') "
        "ORDER BY un.path, o.id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, scope_path);
    zf_stmt_bind_int(st, 2, unit_id);
    zf_stmt_bind_text(st, 3, kind ? kind : "");
    zf_stmt_bind_text(st, 4, status ? status : "");
    zf_stmt_bind_text(st, 5, q ? q : "");
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_officer, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

static int fetch_officer(zf_stmt_t *st, zf_arena_t *a, zf_officer_t *out, zf_error_t *err) {
    int rc = zf_stmt_step(st, err);
    if (rc == 1) read_officer(st, a, out);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "officer.not_found", NULL,
                            "执法人员记录不存在");
    return 0;
}

int zf_officer_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_officer_t *out, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "SELECT " OFFICER_COLUMNS OFFICER_FROM "WHERE o.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    return fetch_officer(st, a, out, err);
}

int zf_officer_get_by_user(zf_db_t *db, zf_arena_t *a, int64_t user_id, zf_officer_t *out,
                           zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "SELECT " OFFICER_COLUMNS OFFICER_FROM "WHERE o.user_id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, user_id);
    return fetch_officer(st, a, out, err);
}

/* Binds the 15 data columns of `in` as $1…$15 in the order of the INSERT and
 * UPDATE statements below. */
static void bind_officer(zf_stmt_t *st, const zf_officer_t *in) {
    if (in->user_id)
        zf_stmt_bind_int(st, 1, in->user_id);
    else
        zf_stmt_bind_null(st, 1);
    zf_stmt_bind_int(st, 2, in->unit_id);
    zf_stmt_bind_text(st, 3, in->name);
    zf_stmt_bind_text(st, 4, in->kind);
    zf_stmt_bind_text(st, 5, in->status);
    zf_stmt_bind_text(st, 6, in->cert_no ? in->cert_no : "");
    zf_stmt_bind_text(st, 7, in->cert_issuer ? in->cert_issuer : "");
    zf_stmt_bind_text(st, 8, in->cert_issued_on ? in->cert_issued_on : "");
    zf_stmt_bind_text(st, 9, in->cert_expires_on ? in->cert_expires_on : "");
    zf_stmt_bind_text(st, 10, in->education ? in->education : "");
    zf_stmt_bind_int(st, 11, in->education_relevant ? 1 : 0);
    zf_stmt_bind_text(st, 12, in->qualifications ? in->qualifications : "");
    zf_stmt_bind_int(st, 13, in->practice_years);
    zf_stmt_bind_text(st, 14, in->injury_insurance_until ? in->injury_insurance_until : "");
    zf_stmt_bind_text(st, 15, in->accident_insurance_until ? in->accident_insurance_until : "");
}

static int user_taken(zf_db_t *db, zf_arena_t *a, const zf_officer_t *in, zf_error_t *err) {
    if (!in->user_id) return 0;
    zf_officer_t other;
    zf_error_t ignore;
    if (zf_officer_get_by_user(db, a, in->user_id, &other, &ignore) == 0 && other.id != in->id)
        return zf_error_set(err, ZF_ECONFLICT, 409, "officer.user_taken", "user_id",
                            "该账号已有执法人员记录（%s，编号 %lld）", other.name,
                            (long long)other.id);
    return 0;
}

int zf_officer_insert(zf_db_t *db, zf_arena_t *a, const zf_officer_t *in, zf_officer_t *out,
                      zf_error_t *err) {
    int rc = user_taken(db, a, in, err);
    if (rc) return rc;
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO officers (user_id, unit_id, name, kind, status, cert_no, cert_issuer, "
        "cert_issued_on, cert_expires_on, education, education_relevant, qualifications, "
        "practice_years, injury_insurance_until, accident_insurance_until, created_at, "
        "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
        "$16, $16) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    bind_officer(st, in);
    zf_stmt_bind_text(st, 16, now);
    rc = zf_stmt_step(st, err);
    int64_t id = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    return zf_officer_get(db, a, id, out, err);
}

int zf_officer_update(zf_db_t *db, zf_arena_t *a, const zf_officer_t *in, zf_officer_t *out,
                      zf_error_t *err) {
    int rc = user_taken(db, a, in, err);
    if (rc) return rc;
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "UPDATE officers SET user_id = $1, unit_id = $2, name = $3, kind = $4, status = $5, "
        "cert_no = $6, cert_issuer = $7, cert_issued_on = $8, cert_expires_on = $9, "
        "education = $10, education_relevant = $11, qualifications = $12, practice_years = $13, "
        "injury_insurance_until = $14, accident_insurance_until = $15, updated_at = $16, "
        "version = version + 1 WHERE id = $17 AND version = $18",
        err);
    if (!st) return ZF_EIO;
    bind_officer(st, in);
    zf_stmt_bind_text(st, 16, now);
    zf_stmt_bind_int(st, 17, in->id);
    zf_stmt_bind_int(st, 18, in->version);
    rc = zf_stmt_run_versioned(st, "该执法人员记录", err);
    if (rc) return rc;
    return zf_officer_get(db, a, in->id, out, err);
}

/* ---- training ---- */

#define TRAINING_COLUMNS                                                                           \
    "t.id, t.officer_id, o.name, o.unit_id, un.path, t.kind, t.start_date, t.end_date, "           \
    "t.days, t.hours, t.topic, t.provider"

static void read_training(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_training_t *t = item;
    t->id = zf_stmt_int(st, 0);
    t->officer_id = zf_stmt_int(st, 1);
    t->officer_name = dup(a, st, 2);
    t->unit_id = zf_stmt_int(st, 3);
    t->unit_path = dup(a, st, 4);
    t->kind = dup(a, st, 5);
    t->start_date = dup(a, st, 6);
    t->end_date = dup(a, st, 7);
    t->days = zf_stmt_int(st, 8);
    t->hours = zf_stmt_int(st, 9);
    t->topic = dup(a, st, 10);
    t->provider = dup(a, st, 11);
}

int zf_trainings_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t officer_id,
                      zf_training_t **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT " TRAINING_COLUMNS
                                  " FROM trainings t JOIN officers o ON o.id = t.officer_id "
                                  "JOIN units un ON un.id = o.unit_id "
                                  "WHERE un.path LIKE $1 || '%' AND ($2 = 0 OR t.officer_id = $2) "
                                  "ORDER BY t.officer_id, t.start_date, t.id",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, scope_path);
    zf_stmt_bind_int(st, 2, officer_id);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_training, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_officers_page(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t unit_id,
                     const char *kind, const char *status, const char *q, const char *after_path,
                     int64_t after_id, int limit, zf_officer_t **out, size_t *n, zf_error_t *err) {
    /* keyset on (path, id): the row after the last one of the previous page */
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT " OFFICER_COLUMNS OFFICER_FROM
        "WHERE un.path LIKE $1 || '%' AND ($2 = 0 OR o.unit_id = $2) "
        "AND ($3 = '' OR o.kind = $3) AND ($4 = '' OR o.status = $4) "
        "AND ($5 = '' OR o.name LIKE '%' || $5 || '%' OR o.cert_no LIKE '%' || $5 || '%') "
        "AND ($6 = 0 OR un.path > $7 OR (un.path = $7 AND o.id > $6)) "
        "ORDER BY un.path, o.id LIMIT $8",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, scope_path);
    zf_stmt_bind_int(st, 2, unit_id);
    zf_stmt_bind_text(st, 3, kind ? kind : "");
    zf_stmt_bind_text(st, 4, status ? status : "");
    zf_stmt_bind_text(st, 5, q ? q : "");
    zf_stmt_bind_int(st, 6, after_id);
    zf_stmt_bind_text(st, 7, after_path ? after_path : "");
    zf_stmt_bind_int(st, 8, limit);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_officer, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_trainings_page(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t officer_id,
                      int64_t after_id, int limit, zf_training_t **out, size_t *n,
                      zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT " TRAINING_COLUMNS
                                  " FROM trainings t JOIN officers o ON o.id = t.officer_id "
                                  "JOIN units un ON un.id = o.unit_id "
                                  "WHERE un.path LIKE $1 || '%' AND ($2 = 0 OR t.officer_id = $2) "
                                  "AND ($3 = 0 OR t.id < $3) ORDER BY t.id DESC LIMIT $4",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, scope_path);
    zf_stmt_bind_int(st, 2, officer_id);
    zf_stmt_bind_int(st, 3, after_id);
    zf_stmt_bind_int(st, 4, limit);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_training, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

static void read_setting(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_officer_setting_t *s = item;
    s->key = dup(a, st, 0);
    s->effective_from = dup(a, st, 1);
    s->value = zf_stmt_int(st, 2);
    s->source = dup(a, st, 3);
}

int zf_officer_settings_all(zf_db_t *db, zf_arena_t *a, zf_officer_setting_t **out, size_t *n,
                            zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT key, effective_from, value, source FROM officer_settings "
                                  "ORDER BY key, effective_from",
                                  err);
    if (!st) return ZF_EIO;
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_setting, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_officer_setting_insert(zf_db_t *db, const zf_officer_setting_t *in, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db, "SELECT count(*) FROM officer_settings WHERE key = $1 AND effective_from = $2", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, in->key);
    zf_stmt_bind_text(st, 2, in->effective_from);
    int rc = zf_stmt_step(st, err);
    int64_t same = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (same > 0)
        return zf_error_set(err, ZF_ECONFLICT, 409, "officer_setting.date_taken", "effective_from",
                            "参数 %s 已有自 %s 起的值；已生效的值不能修改，请另选生效日期", in->key,
                            in->effective_from);
    st = zf_db_prepare(db,
                       "INSERT INTO officer_settings (key, effective_from, value, source) "
                       "VALUES ($1, $2, $3, $4)",
                       err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, in->key);
    zf_stmt_bind_text(st, 2, in->effective_from);
    zf_stmt_bind_int(st, 3, in->value);
    zf_stmt_bind_text(st, 4, in->source);
    rc = zf_stmt_step(st, err);
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

int zf_training_insert(zf_db_t *db, zf_arena_t *a, const zf_training_t *in, zf_training_t *out,
                       zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO trainings (officer_id, kind, start_date, end_date, days, hours, topic, "
        "provider, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, in->officer_id);
    zf_stmt_bind_text(st, 2, in->kind);
    zf_stmt_bind_text(st, 3, in->start_date);
    zf_stmt_bind_text(st, 4, in->end_date);
    zf_stmt_bind_int(st, 5, in->days);
    zf_stmt_bind_int(st, 6, in->hours);
    zf_stmt_bind_text(st, 7, in->topic);
    zf_stmt_bind_text(st, 8, in->provider ? in->provider : "");
    zf_stmt_bind_text(st, 9, now);
    int rc = zf_stmt_step(st, err);
    int64_t id = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    st = zf_db_prepare(db,
                       "SELECT " TRAINING_COLUMNS
                       " FROM trainings t JOIN officers o ON o.id = t.officer_id "
                       "JOIN units un ON un.id = o.unit_id WHERE t.id = $1",
                       err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    rc = zf_stmt_step(st, err);
    if (rc == 1) read_training(st, a, out);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    return rc == 1 ? 0
                   : zf_error_set(err, ZF_EIO, 500, "store.error", NULL, "培训记录写入后读取失败");
}

/* ---- equipment ---- */

#define EQUIPMENT_COLUMNS                                                                          \
    "e.id, e.unit_id, un.name, un.path, e.officer_id, o.name, e.category, e.name, "                \
    "e.serial_no, e.status, e.version"
#define EQUIPMENT_FROM                                                                             \
    " FROM equipment e JOIN units un ON un.id = e.unit_id LEFT JOIN officers o ON o.id = "         \
    "e.officer_id "

static void read_equipment(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_equipment_t *e = item;
    e->id = zf_stmt_int(st, 0);
    e->unit_id = zf_stmt_int(st, 1);
    e->unit_name = dup(a, st, 2);
    e->unit_path = dup(a, st, 3);
    e->officer_id = zf_stmt_is_null(st, 4) ? 0 : zf_stmt_int(st, 4);
    e->officer_name = dup(a, st, 5);
    e->category = dup(a, st, 6);
    e->name = dup(a, st, 7);
    e->serial_no = dup(a, st, 8);
    e->status = dup(a, st, 9);
    e->version = zf_stmt_int(st, 10);
}

int zf_equipment_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t unit_id,
                      int64_t officer_id, zf_equipment_t **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db,
                      "SELECT " EQUIPMENT_COLUMNS EQUIPMENT_FROM
                      "WHERE un.path LIKE $1 || '%' AND ($2 = 0 OR e.unit_id = $2) "
                      "AND ($3 = 0 OR e.officer_id = $3) ORDER BY un.path, e.category, e.id",
                      err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, scope_path);
    zf_stmt_bind_int(st, 2, unit_id);
    zf_stmt_bind_int(st, 3, officer_id);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_equipment, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_equipment_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_equipment_t *out, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "SELECT " EQUIPMENT_COLUMNS EQUIPMENT_FROM "WHERE e.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) read_equipment(st, a, out);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "equipment.not_found", NULL, "装备不存在");
    return 0;
}

static void bind_equipment(zf_stmt_t *st, const zf_equipment_t *in) {
    zf_stmt_bind_int(st, 1, in->unit_id);
    if (in->officer_id)
        zf_stmt_bind_int(st, 2, in->officer_id);
    else
        zf_stmt_bind_null(st, 2);
    zf_stmt_bind_text(st, 3, in->category);
    zf_stmt_bind_text(st, 4, in->name);
    zf_stmt_bind_text(st, 5, in->serial_no ? in->serial_no : "");
    zf_stmt_bind_text(st, 6, in->status);
}

int zf_equipment_insert(zf_db_t *db, zf_arena_t *a, const zf_equipment_t *in, zf_equipment_t *out,
                        zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO equipment (unit_id, officer_id, category, name, serial_no, status, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    bind_equipment(st, in);
    zf_stmt_bind_text(st, 7, now);
    int rc = zf_stmt_step(st, err);
    int64_t id = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    return zf_equipment_get(db, a, id, out, err);
}

int zf_equipment_update(zf_db_t *db, zf_arena_t *a, const zf_equipment_t *in, zf_equipment_t *out,
                        zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "UPDATE equipment SET unit_id = $1, officer_id = $2, category = $3, name = $4, "
        "serial_no = $5, status = $6, updated_at = $7, version = version + 1 "
        "WHERE id = $8 AND version = $9",
        err);
    if (!st) return ZF_EIO;
    bind_equipment(st, in);
    zf_stmt_bind_text(st, 7, now);
    zf_stmt_bind_int(st, 8, in->id);
    zf_stmt_bind_int(st, 9, in->version);
    int rc = zf_stmt_run_versioned(st, "该装备记录", err);
    if (rc) return rc;
    return zf_equipment_get(db, a, in->id, out, err);
}

static void read_standard(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_equipment_standard_t *s = item;
    s->unit_kind = dup(a, st, 0);
    s->category = dup(a, st, 1);
    s->label = dup(a, st, 2);
    s->per_unit = zf_stmt_int(st, 3);
    s->per_officer = zf_stmt_int(st, 4);
}

int zf_equipment_standards(zf_db_t *db, zf_arena_t *a, zf_equipment_standard_t **out, size_t *n,
                           zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT unit_kind, category, label, per_unit, per_officer FROM equipment_standards "
        "ORDER BY unit_kind, category",
        err);
    if (!st) return ZF_EIO;
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_standard, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

/* ---- authorised posts ---- */

int zf_unit_posts_get(zf_db_t *db, int64_t unit_id, zf_unit_posts_t *out, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "SELECT authorised, version FROM unit_posts WHERE unit_id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, unit_id);
    int rc = zf_stmt_step(st, err);
    out->unit_id = unit_id;
    out->authorised = rc == 1 ? zf_stmt_int(st, 0) : -1;
    out->version = rc == 1 ? zf_stmt_int(st, 1) : 0;
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

int zf_unit_posts_set(zf_db_t *db, int64_t unit_id, int64_t version, int64_t authorised,
                      zf_unit_posts_t *out, zf_error_t *err) {
    zf_unit_posts_t cur;
    int rc = zf_unit_posts_get(db, unit_id, &cur, err);
    if (rc) return rc;
    if (cur.version != version)
        return zf_error_set(err, ZF_ECONFLICT, 409, "conflict.version", "version",
                            "该单位编制已被他人修改（当前版本 %lld），请刷新后重试",
                            (long long)cur.version);
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO unit_posts (unit_id, authorised, version, updated_at) VALUES ($1, $2, 1, $3) "
        "ON CONFLICT (unit_id) DO UPDATE SET authorised = $2, version = unit_posts.version + 1, "
        "updated_at = $3",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, unit_id);
    zf_stmt_bind_int(st, 2, authorised);
    zf_stmt_bind_text(st, 3, now);
    int64_t changed = zf_stmt_run(st, err);
    if (changed < 0) return (int)changed;
    return zf_unit_posts_get(db, unit_id, out, err);
}

/* ---- work done ---- */

static void read_work(zf_stmt_t *st, zf_arena_t *a, void *row) {
    (void)a;
    zf_work_count_t *w = row;
    w->id = zf_stmt_int(st, 0);
    w->inspections = zf_stmt_int(st, 1);
    w->enterprises = zf_stmt_int(st, 2);
}

int zf_work_counts(zf_db_t *db, zf_arena_t *a, int year, zf_work_count_t **units, size_t *nunits,
                   zf_work_count_t **officers, size_t *nofficers, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT unit_id, count(*), count(DISTINCT enterprise_id) "
                                  "FROM inspection_ledger WHERE year = $1 AND status = 'done' "
                                  "GROUP BY unit_id",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, year);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **units, read_work, &items, nunits, err);
    if (rc) return rc;
    *units = items;
    st = zf_db_prepare(db,
                       "SELECT o.officer_id, count(*), count(DISTINCT l.enterprise_id) "
                       "FROM inspection_ledger_officers o "
                       "JOIN inspection_ledger l ON l.id = o.ledger_id "
                       "WHERE l.year = $1 AND l.status = 'done' GROUP BY o.officer_id",
                       err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, year);
    rc = zf_stmt_collect(st, a, sizeof **officers, read_work, &items, nofficers, err);
    if (rc) return rc;
    *officers = items;
    return 0;
}
