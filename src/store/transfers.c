/* transfers.c — see transfers.h. */
#include "store/transfers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static const char *dup(zf_arena_t *a, zf_stmt_t *st, int col) {
    return zf_arena_strdup(a, zf_stmt_text(st, col));
}
static int64_t ref(zf_stmt_t *st, int col) {
    return zf_stmt_is_null(st, col) ? 0 : zf_stmt_int(st, col);
}
static void bind_ref(zf_stmt_t *st, int i, int64_t v) {
    if (v > 0)
        zf_stmt_bind_int(st, i, v);
    else
        zf_stmt_bind_null(st, i);
}

/* ---- transfers ---- */

#define T_TEXT_COL(n) ", t." #n
#define T_REF_COL(n) ", t." #n
#define T_SELECT                                                                                   \
    "SELECT t.id, t.unit_id, t.agency_id, t.created_by, t.version, t.kind, t.state, "              \
    "t.created_at, "                                                                               \
    "t.updated_at, u.path, u.name, a.name, a.kind, COALESCE(ca.name, ''), COALESCE(ca.kind, ''), " \
    "cu.name, COALESCE(du.name, '')" ZF_TRANSFER_TEXTS(T_TEXT_COL)                                 \
        ZF_TRANSFER_REFS(T_REF_COL) " FROM transfers t JOIN units u ON u.id = t.unit_id JOIN "     \
                                    "agencies a ON a.id = t.agency_id "                            \
                                    "LEFT JOIN agencies ca ON ca.id = t.copy_agency_id JOIN "      \
                                    "users cu ON cu.id = t.created_by "                            \
                                    "LEFT JOIN users du ON du.id = t.decided_by "
#define T_FIXED 17

static void read_transfer(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_transfer_row_t *t = item;
    t->id = zf_stmt_int(st, 0);
    t->unit_id = zf_stmt_int(st, 1);
    t->agency_id = zf_stmt_int(st, 2);
    t->created_by = zf_stmt_int(st, 3);
    t->version = zf_stmt_int(st, 4);
    t->kind = dup(a, st, 5);
    t->state = dup(a, st, 6);
    t->created_at = dup(a, st, 7);
    t->updated_at = dup(a, st, 8);
    t->unit_path = dup(a, st, 9);
    t->unit_name = dup(a, st, 10);
    t->agency_name = dup(a, st, 11);
    t->agency_kind = dup(a, st, 12);
    t->copy_agency_name = dup(a, st, 13);
    t->copy_agency_kind = dup(a, st, 14);
    t->created_by_name = dup(a, st, 15);
    t->decided_by_name = dup(a, st, 16);
    int col = T_FIXED;
#define T_READ_TEXT(n) t->n = dup(a, st, col++);
#define T_READ_REF(n) t->n = ref(st, col++);
    ZF_TRANSFER_TEXTS(T_READ_TEXT)
    ZF_TRANSFER_REFS(T_READ_REF)
}

#define T_INS_COL(n) ", " #n
int zf_transfer_insert(zf_db_t *db, const zf_transfer_row_t *t, int64_t *id, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    /* $1..$6 fixed, then the texts, then the references */
    char sql[2048] = "INSERT INTO transfers (unit_id, kind, state, agency_id, created_by, "
                     "created_at, updated_at" ZF_TRANSFER_TEXTS(T_INS_COL)
                         ZF_TRANSFER_REFS(T_INS_COL) ") VALUES ($1, $2, $3, $4, $5, $6, $6";
    int i = 7;
#define T_COUNT(n) i++;
    ZF_TRANSFER_TEXTS(T_COUNT)
    ZF_TRANSFER_REFS(T_COUNT)
    for (int k = 7; k < i; k++) {
        size_t used = strlen(sql);
        snprintf(sql + used, sizeof sql - used, ", $%d", k);
    }
    strncat(sql, ") RETURNING id", sizeof sql - strlen(sql) - 1);
    zf_stmt_t *st = zf_db_prepare_built(db, sql, err); /* text built here */
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, t->unit_id);
    zf_stmt_bind_text(st, 2, t->kind);
    zf_stmt_bind_text(st, 3, t->state);
    zf_stmt_bind_int(st, 4, t->agency_id);
    zf_stmt_bind_int(st, 5, t->created_by);
    zf_stmt_bind_text(st, 6, now);
    i = 7;
#define T_BIND_TEXT(n) zf_stmt_bind_text(st, i++, t->n ? t->n : "");
#define T_BIND_REF(n) bind_ref(st, i++, t->n);
    ZF_TRANSFER_TEXTS(T_BIND_TEXT)
    ZF_TRANSFER_REFS(T_BIND_REF)
    int rc = zf_stmt_step(st, err);
    if (rc == 1) *id = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

int zf_transfer_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_transfer_row_t *out,
                    zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, T_SELECT "WHERE t.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    void *items;
    size_t n;
    int rc = zf_stmt_collect(st, a, sizeof *out, read_transfer, &items, &n, err);
    if (rc) return rc;
    if (!n)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "transfer.not_found", NULL, "该移送记录不存在");
    *out = *(zf_transfer_row_t *)items;
    return 0;
}

int zf_transfer_save(zf_db_t *db, const zf_transfer_row_t *t, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    char sql[2048] = "UPDATE transfers SET version = version + 1, updated_at = $1, state = $2";
    int i = 3;
#define T_SET(n)                                                                                   \
    {                                                                                              \
        size_t used = strlen(sql);                                                                 \
        snprintf(sql + used, sizeof sql - used, ", " #n " = $%d", i++);                            \
    }
    ZF_TRANSFER_TEXTS(T_SET)
    ZF_TRANSFER_REFS(T_SET)
    size_t used = strlen(sql);
    snprintf(sql + used, sizeof sql - used, " WHERE id = $%d AND version = $%d", i, i + 1);
    zf_stmt_t *st = zf_db_prepare_built(db, sql, err); /* text built here */
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, now);
    zf_stmt_bind_text(st, 2, t->state);
    i = 3;
    ZF_TRANSFER_TEXTS(T_BIND_TEXT)
    ZF_TRANSFER_REFS(T_BIND_REF)
    zf_stmt_bind_int(st, i, t->id);
    zf_stmt_bind_int(st, i + 1, t->version);
    return zf_stmt_run_versioned(st, "移送记录", err);
}

int zf_transfers_list(zf_db_t *db, zf_arena_t *a, const zf_transfer_filter_t *f,
                      zf_transfer_row_t **out, size_t *n, zf_error_t *err) {
    /* '' / 0 = no condition; the overdue list is the open ones whose last day
     * has passed (final states keep next_due '') */
    zf_stmt_t *st = zf_db_prepare(
        db,
        T_SELECT "WHERE u.path LIKE $1 || '%' AND ($2 = '' OR t.kind = $2) AND ($3 = '' OR "
                 "t.state = $3) AND ($4 = 0 OR t.case_id = $4) AND ($5 = '' OR (t.next_due <> '' "
                 "AND t.next_due < $5)) AND ($6 = 0 OR t.id < $6) ORDER BY t.id DESC LIMIT $7",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, f->scope_path);
    zf_stmt_bind_text(st, 2, f->kind ? f->kind : "");
    zf_stmt_bind_text(st, 3, f->state ? f->state : "");
    zf_stmt_bind_int(st, 4, f->case_id);
    zf_stmt_bind_text(st, 5, f->overdue_before ? f->overdue_before : "");
    zf_stmt_bind_int(st, 6, f->before_id);
    zf_stmt_bind_int(st, 7, f->limit);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_transfer, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_transfer_step_insert(zf_db_t *db, int64_t transfer_id, const char *step, const char *state,
                            const char *on_day, int64_t user_id, const char *note,
                            zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st =
        zf_db_prepare(db,
                      "INSERT INTO transfer_steps (transfer_id, step, state, on_day, at, "
                      "user_id, note) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                      err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, transfer_id);
    zf_stmt_bind_text(st, 2, step);
    zf_stmt_bind_text(st, 3, state);
    zf_stmt_bind_text(st, 4, on_day);
    zf_stmt_bind_text(st, 5, now);
    zf_stmt_bind_int(st, 6, user_id);
    zf_stmt_bind_text(st, 7, note ? note : "");
    int rc = zf_stmt_step(st, err);
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

static void read_step(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_transfer_steprow_t *s = item;
    s->id = zf_stmt_int(st, 0);
    s->transfer_id = zf_stmt_int(st, 1);
    s->step = dup(a, st, 2);
    s->state = dup(a, st, 3);
    s->on_day = dup(a, st, 4);
    s->at = dup(a, st, 5);
    s->user_id = zf_stmt_int(st, 6);
    s->note = dup(a, st, 7);
    s->user_name = dup(a, st, 8);
}

int zf_transfer_steps(zf_db_t *db, zf_arena_t *a, int64_t transfer_id, zf_transfer_steprow_t **out,
                      size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT s.id, s.transfer_id, s.step, s.state, s.on_day, s.at, s.user_id, s.note, u.name "
        "FROM transfer_steps s JOIN users u ON u.id = s.user_id WHERE s.transfer_id = $1 "
        "ORDER BY s.id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, transfer_id);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_step, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_transfer_case_decided(zf_db_t *db, int64_t case_id, zf_error_t *err) {
    /* 310号令第5条: the leader's decision — approved and handed to the police
     * (police_review and every later state), or refused with its reasons
     * (the refusal guard requires them) */
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT COUNT(*) FROM transfers WHERE case_id = $1 AND kind = 'criminal' AND state IN "
        "('refused', 'police_review', 'accepted', 'not_accepted', 'reconsidering', 'upheld', "
        "'supervision', 'handed_over')",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, case_id);
    int rc = zf_stmt_step(st, err);
    int64_t n = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    return n > 0;
}

/* ---- parameters ---- */

static const struct {
    const char *key, *unit;
    int lo, hi; /* hi 0: a list of catalogue codes */
} PARAMS[] = {
    {"transfer.feedback_days", "日", 1, 365},
    {"transfer.signal_codes", "编码", 0, 0},
    {"litigation.reply_months", "月", 1, 24},
    {"litigation.urgent_days", "日", 1, 365},
};

int zf_transfer_param_known(const char *key, const char **unit) {
    for (size_t i = 0; key && i < sizeof PARAMS / sizeof PARAMS[0]; i++)
        if (strcmp(PARAMS[i].key, key) == 0) {
            if (unit) *unit = PARAMS[i].unit;
            return 1;
        }
    return 0;
}

int zf_transfer_param_valid(const char *key, const char *value) {
    for (size_t i = 0; key && value && i < sizeof PARAMS / sizeof PARAMS[0]; i++) {
        if (strcmp(PARAMS[i].key, key) != 0) continue;
        if (PARAMS[i].hi == 0) {
            /* codes: letters, digits, '-' and single spaces */
            for (const char *p = value; *p; p++)
                if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
                      *p == ' '))
                    return 0;
            return 1;
        }
        char *end = NULL;
        long long v = strtoll(value, &end, 10);
        return *value && end && !*end && v >= PARAMS[i].lo && v <= PARAMS[i].hi;
    }
    return 0;
}

int zf_transfer_param(zf_db_t *db, zf_arena_t *a, const char *key, const char *date,
                      const char **out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT value FROM legal_params WHERE key = $1 AND "
                                  "effective_from <= $2 ORDER BY effective_from DESC LIMIT 1",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, key);
    zf_stmt_bind_text(st, 2, date);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) *out = dup(a, st, 0);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_EIO, 500, "transfer.param_missing", key,
                            "法定参数 %s 在 %s 没有生效值", key, date);
    return 0;
}

/* ---- the dashboard figure ---- */

int zf_transfer_stats(zf_db_t *db, const char *scope_path, const char *from, const char *to,
                      const char *today, json_t **out, zf_error_t *err) {
    /* created in the period (created_at is a UTC instant: its first ten
     * characters compared with local dates can be off by a day around
     * midnight; the proposal / sent day is the legal one, so use it) */
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT t.kind, t.state, COUNT(*), SUM(CASE WHEN t.next_due <> '' AND t.next_due < $4 "
        "THEN 1 ELSE 0 END) FROM transfers t JOIN units u ON u.id = t.unit_id WHERE u.path LIKE "
        "$1 || '%' AND (CASE WHEN t.kind = 'criminal' THEN t.proposed_on ELSE t.sent_on END) "
        "BETWEEN $2 AND $3 GROUP BY t.kind, t.state ORDER BY t.kind, t.state",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, scope_path);
    zf_stmt_bind_text(st, 2, from);
    zf_stmt_bind_text(st, 3, to);
    zf_stmt_bind_text(st, 4, today);
    json_t *res = json_pack("{s:I, s:I, s:{s:I, s:I}, s:{s:{}, s:{}}}", "total", (json_int_t)0,
                            "overdue", (json_int_t)0, "by_kind", "administrative", (json_int_t)0,
                            "criminal", (json_int_t)0, "by_state", "administrative", "criminal");
    int rc;
    while ((rc = zf_stmt_step(st, err)) == 1) {
        const char *kind = zf_stmt_text(st, 0), *state = zf_stmt_text(st, 1);
        int64_t n = zf_stmt_int(st, 2), late = zf_stmt_int(st, 3);
        json_t *bk = json_object_get(res, "by_kind");
        json_t *bs = json_object_get(json_object_get(res, "by_state"), kind);
        if (!bs) continue;
        json_object_set_new(bk, kind,
                            json_integer(json_integer_value(json_object_get(bk, kind)) + n));
        json_object_set_new(bs, state, json_integer(n));
        json_object_set_new(res, "total",
                            json_integer(json_integer_value(json_object_get(res, "total")) + n));
        json_object_set_new(
            res, "overdue",
            json_integer(json_integer_value(json_object_get(res, "overdue")) + late));
    }
    zf_stmt_done(st);
    if (rc < 0) {
        json_decref(res);
        return rc;
    }
    *out = res;
    return 0;
}

/* ---- public-interest litigation ---- */

#define L_SELECT                                                                                   \
    "SELECT l.id, l.unit_id, l.agency_id, l.case_id, l.created_by, l.version, l.number, l.kind, "  \
    "l.received_on, l.summary, l.reply_due, l.reply_on, l.reply_text, l.outcome, l.created_at, "   \
    "l.updated_at, l.urgent, u.path, a.name, a.kind, cu.name FROM litigation l JOIN units u ON "   \
    "u.id = l.unit_id JOIN agencies a ON a.id = l.agency_id JOIN users cu ON cu.id = "             \
    "l.created_by "

static void read_lit(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_litigation_t *l = item;
    l->id = zf_stmt_int(st, 0);
    l->unit_id = zf_stmt_int(st, 1);
    l->agency_id = zf_stmt_int(st, 2);
    l->case_id = ref(st, 3);
    l->created_by = zf_stmt_int(st, 4);
    l->version = zf_stmt_int(st, 5);
    l->number = dup(a, st, 6);
    l->kind = dup(a, st, 7);
    l->received_on = dup(a, st, 8);
    l->summary = dup(a, st, 9);
    l->reply_due = dup(a, st, 10);
    l->reply_on = dup(a, st, 11);
    l->reply_text = dup(a, st, 12);
    l->outcome = dup(a, st, 13);
    l->created_at = dup(a, st, 14);
    l->updated_at = dup(a, st, 15);
    l->urgent = (int)zf_stmt_int(st, 16);
    l->unit_path = dup(a, st, 17);
    l->agency_name = dup(a, st, 18);
    l->agency_kind = dup(a, st, 19);
    l->created_by_name = dup(a, st, 20);
}

int zf_litigation_insert(zf_db_t *db, const zf_litigation_t *l, int64_t *id, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO litigation (unit_id, agency_id, case_id, number, kind, urgent, received_on, "
        "summary, reply_due, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
        "$7, $8, $9, $10, $11, $11) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, l->unit_id);
    zf_stmt_bind_int(st, 2, l->agency_id);
    bind_ref(st, 3, l->case_id);
    zf_stmt_bind_text(st, 4, l->number);
    zf_stmt_bind_text(st, 5, l->kind);
    zf_stmt_bind_int(st, 6, l->urgent);
    zf_stmt_bind_text(st, 7, l->received_on);
    zf_stmt_bind_text(st, 8, l->summary);
    zf_stmt_bind_text(st, 9, l->reply_due ? l->reply_due : "");
    zf_stmt_bind_int(st, 10, l->created_by);
    zf_stmt_bind_text(st, 11, now);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) *id = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

int zf_litigation_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_litigation_t *out,
                      zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, L_SELECT "WHERE l.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    void *items;
    size_t n;
    int rc = zf_stmt_collect(st, a, sizeof *out, read_lit, &items, &n, err);
    if (rc) return rc;
    if (!n)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "litigation.not_found", NULL,
                            "该公益诉讼记录不存在");
    *out = *(zf_litigation_t *)items;
    return 0;
}

int zf_litigation_save(zf_db_t *db, const zf_litigation_t *l, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(db,
                                  "UPDATE litigation SET reply_on = $1, reply_text = $2, outcome = "
                                  "$3, updated_at = $4, version = version + 1 WHERE id = $5 AND "
                                  "version = $6",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, l->reply_on);
    zf_stmt_bind_text(st, 2, l->reply_text);
    zf_stmt_bind_text(st, 3, l->outcome);
    zf_stmt_bind_text(st, 4, now);
    zf_stmt_bind_int(st, 5, l->id);
    zf_stmt_bind_int(st, 6, l->version);
    return zf_stmt_run_versioned(st, "公益诉讼记录", err);
}

int zf_litigation_list(zf_db_t *db, zf_arena_t *a, const char *scope_path,
                       const char *overdue_before, int64_t before_id, int64_t limit,
                       zf_litigation_t **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        L_SELECT "WHERE u.path LIKE $1 || '%' AND ($2 = '' OR (l.reply_on = '' AND l.reply_due <> "
                 "'' AND l.reply_due < $2)) AND ($3 = 0 OR l.id < $3) ORDER BY l.id DESC LIMIT $4",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, scope_path);
    zf_stmt_bind_text(st, 2, overdue_before ? overdue_before : "");
    zf_stmt_bind_int(st, 3, before_id);
    zf_stmt_bind_int(st, 4, limit);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_lit, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}
