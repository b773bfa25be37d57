/* credit_persons.c — see credit_persons.h. */
#include "store/credit_persons.h"

#include <string.h>

#include "core/util.h"

#define COLS                                                                                       \
    "id, record_id, role, name, id_number, position, created_by, created_at FROM credit_persons "

static void read_person(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_credit_person_t *p = item;
    p->id = zf_stmt_int(st, 0);
    p->record_id = zf_stmt_int(st, 1);
    p->role = zf_arena_strdup(a, zf_stmt_text(st, 2));
    p->name = zf_arena_strdup(a, zf_stmt_text(st, 3));
    p->id_number = zf_arena_strdup(a, zf_stmt_text(st, 4));
    p->position = zf_arena_strdup(a, zf_stmt_text(st, 5));
    p->created_by = zf_stmt_is_null(st, 6) ? 0 : zf_stmt_int(st, 6);
    p->created_at = zf_arena_strdup(a, zf_stmt_text(st, 7));
}

int zf_credit_person_insert(zf_db_t *db, zf_arena_t *a, const zf_credit_person_t *p,
                            zf_credit_person_t *out, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(db,
                                  "INSERT INTO credit_persons (record_id, role, name, id_number, "
                                  "position, created_by, created_at) VALUES ($1, $2, $3, $4, $5, "
                                  "$6, $7) RETURNING id",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, p->record_id);
    zf_stmt_bind_text(st, 2, p->role);
    zf_stmt_bind_text(st, 3, p->name);
    zf_stmt_bind_text(st, 4, p->id_number ? p->id_number : "");
    zf_stmt_bind_text(st, 5, p->position ? p->position : "");
    if (p->created_by > 0)
        zf_stmt_bind_int(st, 6, p->created_by);
    else
        zf_stmt_bind_null(st, 6);
    zf_stmt_bind_text(st, 7, now);
    int rc = zf_stmt_step(st, err);
    int64_t id = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    *out = *p;
    out->id = id;
    out->id_number = p->id_number ? p->id_number : "";
    out->position = p->position ? p->position : "";
    out->created_at = zf_arena_strdup(a, now);
    return 0;
}

int zf_credit_persons_of(zf_db_t *db, zf_arena_t *a, int64_t record_id, zf_credit_person_t **out,
                         size_t *n, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "SELECT " COLS "WHERE record_id = $1 ORDER BY id LIMIT 100", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, record_id);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_person, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

const char *zf_credit_person_role_name(const char *role) {
    static const char *const names[][2] = {
        {"principal", "主要负责人"}, {"responsible", "有关责任人员"}, {"direct", "直接责任人员"}};
    for (size_t i = 0; role && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(role, names[i][0]) == 0) return names[i][1];
    return NULL;
}

json_t *zf_credit_person_json(const zf_credit_person_t *p) {
    const char *rn = zf_credit_person_role_name(p->role);
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)p->id,
                     "record_id", (json_int_t)p->record_id, "role", p->role, "role_name",
                     rn ? rn : "", "name", p->name, "id_number", p->id_number, "position",
                     p->position, "created_at", p->created_at);
}
