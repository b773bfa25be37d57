/* cases.c — see cases.h. Portable SQL only. */
#include "store/cases.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"

static const char *dup(zf_arena_t *a, zf_stmt_t *st, int col) {
    return zf_arena_strdup(a, zf_stmt_text(st, col));
}
static int64_t opt(zf_stmt_t *st, int col) {
    return zf_stmt_is_null(st, col) ? 0 : zf_stmt_int(st, col);
}
static void bind_opt(zf_stmt_t *st, int i, int64_t v) {
    if (v > 0)
        zf_stmt_bind_int(st, i, v);
    else
        zf_stmt_bind_null(st, i);
}
static void bind_str(zf_stmt_t *st, int i, const char *s) { zf_stmt_bind_text(st, i, s ? s : ""); }

#define CCOLS                                                                                      \
    "c.id, c.unit_id, c.year, c.seq, c.number, c.state, c.simple, c.title, c.source_kind, "        \
    "c.source_id, c.hazard_id, c.finding_id, c.facts, c.complex, c.filed_on, c.notified_on, "      \
    "c.hearing_requested_on, c.hearing_held_on, c.decided_on, c.served_on, c.service_method, "     \
    "c.hearing_waived, c.hearing_withdrawn, c.statements_heard, c.notice_waived, "                 \
    "c.notified_amount_fen, c.decided_amount_fen, c.extension_days, c.criminal_criteria_met, "     \
    "c.criminal_decision, c.hazards_all_verified, c.enforcement, c.enforcement_on, "               \
    "c.filing_record_done, c.old_violation_reason, c.withdraw_reason, c.no_penalty_reason, "       \
    "c.closed_on, c.next_due, c.next_due_rule, c.version, c.created_at, c.updated_at, "            \
    "c.created_by, u.name, u.path, c.hearing_notice_on"
static void read_case(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_case_row_t *c = item;
    c->id = zf_stmt_int(st, 0);
    c->unit_id = zf_stmt_int(st, 1);
    c->year = zf_stmt_int(st, 2);
    c->seq = opt(st, 3);
    c->number = dup(a, st, 4);
    c->state = dup(a, st, 5);
    c->simple = (int)zf_stmt_int(st, 6);
    c->title = dup(a, st, 7);
    c->source_kind = dup(a, st, 8);
    c->source_id = opt(st, 9);
    c->hazard_id = opt(st, 10);
    c->finding_id = opt(st, 11);
    c->facts = dup(a, st, 12);
    c->complex = (int)zf_stmt_int(st, 13);
    c->filed_on = dup(a, st, 14);
    c->notified_on = dup(a, st, 15);
    c->hearing_requested_on = dup(a, st, 16);
    c->hearing_held_on = dup(a, st, 17);
    c->decided_on = dup(a, st, 18);
    c->served_on = dup(a, st, 19);
    c->service_method = dup(a, st, 20);
    c->hearing_waived = (int)zf_stmt_int(st, 21);
    c->hearing_withdrawn = (int)zf_stmt_int(st, 22);
    c->statements_heard = (int)zf_stmt_int(st, 23);
    c->notice_waived = (int)zf_stmt_int(st, 24);
    c->notified_amount_fen = zf_stmt_int(st, 25);
    c->decided_amount_fen = zf_stmt_int(st, 26);
    c->extension_days = zf_stmt_int(st, 27);
    c->criminal_criteria_met = (int)zf_stmt_int(st, 28);
    c->criminal_decision = dup(a, st, 29);
    c->hazards_all_verified = (int)zf_stmt_int(st, 30);
    c->enforcement = dup(a, st, 31);
    c->enforcement_on = dup(a, st, 32);
    c->filing_record_done = (int)zf_stmt_int(st, 33);
    c->old_violation_reason = dup(a, st, 34);
    c->withdraw_reason = dup(a, st, 35);
    c->no_penalty_reason = dup(a, st, 36);
    c->closed_on = dup(a, st, 37);
    c->next_due = dup(a, st, 38);
    c->next_due_rule = dup(a, st, 39);
    c->version = zf_stmt_int(st, 40);
    c->created_at = dup(a, st, 41);
    c->updated_at = dup(a, st, 42);
    c->created_by = opt(st, 43);
    c->unit_name = dup(a, st, 44);
    c->unit_path = dup(a, st, 45);
    c->hearing_notice_on = dup(a, st, 46); /* migration 035 */
}
/* The mutable columns of a case, in the order of the UPDATE's parameters.
 * `keyed`: the column is in an index of cases (either dialect) or watched
 * by an UPDATE OF trigger (the statistics of migrations 026 and 042).
 *
 * Why two statements (issue 12): SQLite rewrites the entries of every index
 * that holds a column named in an UPDATE's SET list, changed or not — the
 * full statement moved ten index entries of cases for an edit of the facts,
 * eleven pages written to the WAL and synced per edit instead of one. When
 * no keyed column changes, the narrow statement sets only the others. Both
 * are built from this one table, so a new column cannot be missing from
 * one of them. */
typedef enum { COL_TEXT, COL_NUMBER, COL_INT, COL_INT64, COL_OPT } col_kind_t;
typedef struct case_col {
    const char *name;
    col_kind_t kind;
    size_t off;
    int keyed;
} case_col_t;
#define COL(f, k, keyed)                                                                           \
    { #f, k, offsetof(zf_case_row_t, f), keyed }
static const case_col_t CASE_COLS[] = {
    COL(seq, COL_OPT, 0),
    COL(number, COL_NUMBER, 1), /* UNIQUE */
    COL(state, COL_TEXT, 1),
    COL(simple, COL_INT, 1),
    COL(title, COL_TEXT, 0),
    COL(source_id, COL_OPT, 1),
    COL(hazard_id, COL_OPT, 0),
    COL(finding_id, COL_OPT, 1),
    COL(facts, COL_TEXT, 0),
    COL(complex, COL_INT, 0),
    COL(filed_on, COL_TEXT, 1),
    COL(notified_on, COL_TEXT, 0),
    COL(hearing_requested_on, COL_TEXT, 0),
    COL(hearing_held_on, COL_TEXT, 0),
    COL(decided_on, COL_TEXT, 1),
    COL(served_on, COL_TEXT, 0),
    COL(service_method, COL_TEXT, 0),
    COL(hearing_waived, COL_INT, 0),
    COL(hearing_withdrawn, COL_INT, 0),
    COL(statements_heard, COL_INT, 0),
    COL(notice_waived, COL_INT, 0),
    COL(notified_amount_fen, COL_INT64, 0),
    COL(decided_amount_fen, COL_INT64, 1),
    COL(extension_days, COL_INT64, 1),
    COL(criminal_criteria_met, COL_INT, 0),
    COL(criminal_decision, COL_TEXT, 0),
    COL(hazards_all_verified, COL_INT, 0),
    COL(enforcement, COL_TEXT, 0),
    COL(enforcement_on, COL_TEXT, 0),
    COL(filing_record_done, COL_INT, 0),
    COL(old_violation_reason, COL_TEXT, 0),
    COL(withdraw_reason, COL_TEXT, 0),
    COL(no_penalty_reason, COL_TEXT, 1),
    COL(closed_on, COL_TEXT, 1),
    COL(next_due, COL_TEXT, 1),
    COL(next_due_rule, COL_TEXT, 0),
    COL(hearing_notice_on, COL_TEXT, 0),
};
#undef COL
#define NCOLS (sizeof CASE_COLS / sizeof CASE_COLS[0])

static char save_sql[2][2048]; /* [0] every column, [1] the unkeyed ones */
static pthread_once_t save_once = PTHREAD_ONCE_INIT;

static void save_sql_build(void) {
    for (int narrow = 0; narrow < 2; narrow++) {
        char *p = save_sql[narrow];
        size_t cap = sizeof save_sql[narrow], n = 0;
        int k = 0;
        n += (size_t)snprintf(p + n, cap - n, "UPDATE cases SET ");
        for (size_t i = 0; i < NCOLS; i++)
            if (!narrow || !CASE_COLS[i].keyed)
                n += (size_t)snprintf(p + n, cap - n, "%s = $%d, ", CASE_COLS[i].name, ++k);
        snprintf(p + n, cap - n,
                 "updated_at = $%d, version = version + 1 WHERE id = $%d AND version = $%d", k + 1,
                 k + 2, k + 3);
    }
}

static const char *col_text(const zf_case_row_t *c, const case_col_t *col) {
    const char *s = *(const char *const *)((const char *)c + col->off);
    return s ? s : "";
}
static int64_t col_int(const zf_case_row_t *c, const case_col_t *col) {
    const char *p = (const char *)c + col->off;
    return col->kind == COL_INT ? *(const int *)p : *(const int64_t *)p;
}

/* After the save: c as a read of the stored row gives it (the new
 * version and time; NULL texts read back as ""). */
static void saved_as_stored(zf_arena_t *a, zf_case_row_t *c, const char *now) {
    for (size_t i = 0; i < NCOLS; i++) {
        const case_col_t *col = &CASE_COLS[i];
        if (col->kind != COL_TEXT && col->kind != COL_NUMBER) continue;
        const char **s = (const char **)((char *)c + col->off);
        if (!*s) *s = "";
    }
    c->version++;
    c->updated_at = zf_arena_strdup(a, now);
}

int zf_case_save_changes(zf_db_t *db, zf_arena_t *a, const zf_case_row_t *stored, zf_case_row_t *c,
                         zf_error_t *err) {
    pthread_once(&save_once, save_sql_build);
    int narrow = stored != NULL;
    for (size_t i = 0; narrow && i < NCOLS; i++) {
        const case_col_t *col = &CASE_COLS[i];
        if (!col->keyed) continue;
        if (col->kind == COL_TEXT || col->kind == COL_NUMBER)
            narrow = strcmp(col_text(stored, col), col_text(c, col)) == 0;
        else
            narrow = col_int(stored, col) == col_int(c, col);
    }
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare_built(db, save_sql[narrow], err);
    if (!st) return ZF_EIO;
    int k = 0;
    for (size_t i = 0; i < NCOLS; i++) {
        const case_col_t *col = &CASE_COLS[i];
        if (narrow && col->keyed) continue;
        k++;
        switch (col->kind) {
        case COL_TEXT: zf_stmt_bind_text(st, k, col_text(c, col)); break;
        case COL_NUMBER:
            if (*col_text(c, col))
                zf_stmt_bind_text(st, k, col_text(c, col));
            else
                zf_stmt_bind_null(st, k);
            break;
        case COL_OPT: bind_opt(st, k, col_int(c, col)); break;
        case COL_INT:
        case COL_INT64: zf_stmt_bind_int(st, k, col_int(c, col)); break;
        }
    }
    zf_stmt_bind_text(st, k + 1, now);
    zf_stmt_bind_int(st, k + 2, c->id);
    zf_stmt_bind_int(st, k + 3, c->version);
    int rc = zf_stmt_run_versioned(st, "案件", err);
    if (rc == 0 && a) saved_as_stored(a, c, now);
    return rc;
}

int zf_case_save(zf_db_t *db, const zf_case_row_t *c, zf_error_t *err) {
    zf_case_row_t copy = *c;
    return zf_case_save_changes(db, NULL, NULL, &copy, err);
}

#define CJOIN " FROM cases c JOIN units u ON u.id = c.unit_id "

static int one_case(zf_stmt_t *st, zf_arena_t *a, zf_case_row_t *out, zf_error_t *err) {
    void *items;
    size_t n;
    int rc = zf_stmt_collect(st, a, sizeof *out, read_case, &items, &n, err);
    if (rc) return rc;
    if (!n) return zf_error_set(err, ZF_ENOTFOUND, 404, "case.not_found", NULL, "案件不存在");
    *out = *(zf_case_row_t *)items;
    out->party_name = "";
    return 0;
}

int zf_case_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_case_row_t *out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " CCOLS CJOIN "WHERE c.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    return one_case(st, a, out, err);
}

int zf_case_by_number(zf_db_t *db, zf_arena_t *a, const char *number, zf_case_row_t *out,
                      zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " CCOLS CJOIN "WHERE c.number = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, number);
    return one_case(st, a, out, err);
}

static void read_party(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_case_party_t *p = item;
    p->id = zf_stmt_int(st, 0);
    p->case_id = zf_stmt_int(st, 1);
    p->kind = dup(a, st, 2);
    p->name = dup(a, st, 3);
    p->id_code = dup(a, st, 4);
    p->legal_rep = dup(a, st, 5);
    p->phone = dup(a, st, 6);
    p->address = dup(a, st, 7);
    p->enterprise_id = opt(st, 8);
    p->is_principal = (int)zf_stmt_int(st, 9);
}
static void read_violation(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_case_violation_row_t *v = item;
    v->id = zf_stmt_int(st, 0);
    v->case_id = zf_stmt_int(st, 1);
    v->party_id = opt(st, 2);
    v->item_code = dup(a, st, 3);
    v->item_version = zf_stmt_int(st, 4);
    v->delegable = (int)zf_stmt_int(st, 5);
    v->violation_on = dup(a, st, 6);
    v->ended_on = dup(a, st, 7);
    v->harmed = (int)zf_stmt_int(st, 8);
    v->discretion_input = dup(a, st, 9);
    v->discretion = dup(a, st, 10);
    v->range_min_fen = zf_stmt_int(st, 11);
    v->range_max_fen = zf_stmt_int(st, 12);
    v->amount_fen = zf_stmt_int(st, 13);
    v->amount_reason = dup(a, st, 14);
    v->hearing_worthy = (int)zf_stmt_int(st, 15);
}
static void read_officer(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_case_officer_t *o = item;
    o->id = zf_stmt_int(st, 0);
    o->case_id = zf_stmt_int(st, 1);
    o->officer_id = zf_stmt_int(st, 2);
    o->user_id = opt(st, 3);
    o->role = dup(a, st, 4);
    o->name = dup(a, st, 5);
}
static void read_review(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_case_review_t *r = item;
    r->id = zf_stmt_int(st, 0);
    r->case_id = zf_stmt_int(st, 1);
    r->kind = dup(a, st, 2);
    r->reviewer_id = zf_stmt_int(st, 3);
    r->participants = dup(a, st, 4);
    r->opinion = dup(a, st, 5);
    r->reasons = dup(a, st, 6);
    r->reviewed_on = dup(a, st, 7);
    r->created_at = dup(a, st, 8);
    r->reviewer_name = dup(a, st, 9);
}
static void read_payment(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_case_payment_t *p = item;
    p->id = zf_stmt_int(st, 0);
    p->case_id = zf_stmt_int(st, 1);
    p->kind = dup(a, st, 2);
    p->amount_fen = zf_stmt_int(st, 3);
    p->issued_on = dup(a, st, 4);
    p->due_on = dup(a, st, 5);
    p->paid_on = dup(a, st, 6);
    p->reference = dup(a, st, 7);
    p->source = dup(a, st, 8);
    p->note = dup(a, st, 9);
    p->entered_by = opt(st, 10);
    p->created_at = dup(a, st, 11);
}
static void read_decision(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_case_decision_t *d = item;
    d->id = zf_stmt_int(st, 0);
    d->case_id = zf_stmt_int(st, 1);
    d->number = dup(a, st, 2);
    d->decided_on = dup(a, st, 3);
    d->body = dup(a, st, 4);
    d->corrects_decision_id = opt(st, 5);
    d->reason = dup(a, st, 6);
    d->created_at = dup(a, st, 7);
    d->created_by = opt(st, 8);
}

static void read_remedy(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_case_remedy_t *r = item;
    r->id = zf_stmt_int(st, 0);
    r->case_id = zf_stmt_int(st, 1);
    r->kind = dup(a, st, 2);
    r->applied_on = dup(a, st, 3);
    r->body = dup(a, st, 4);
    r->body_case_no = dup(a, st, 5);
    r->outcome = dup(a, st, 6);
    r->outcome_on = dup(a, st, 7);
    r->outcome_note = dup(a, st, 8);
    r->version = zf_stmt_int(st, 9);
    r->created_at = dup(a, st, 10);
    r->created_by = opt(st, 11);
}

static int list_of(zf_db_t *db, zf_arena_t *a, const char *sql, int64_t id, size_t size,
                   zf_row_reader_fn fn, void **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, sql, err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    return zf_stmt_collect(st, a, size, fn, out, n, err);
}

int zf_case_load(zf_db_t *db, zf_arena_t *a, int64_t id, zf_case_full_t *out, zf_error_t *err) {
    memset(out, 0, sizeof *out);
    int rc = zf_case_get(db, a, id, &out->c, err);
    void *p;
    if (rc == 0)
        rc = list_of(db, a,
                     "SELECT id, case_id, kind, name, id_code, legal_rep, phone, address, "
                     "enterprise_id, is_principal FROM case_parties WHERE case_id = $1 ORDER BY "
                     "is_principal DESC, id",
                     id, sizeof(zf_case_party_t), read_party, &p, &out->nparties, err);
    if (rc == 0) out->parties = p;
    if (rc == 0)
        rc = list_of(db, a,
                     "SELECT id, case_id, party_id, item_code, item_version, delegable, "
                     "violation_on, ended_on, harmed, discretion_input, discretion, range_min_fen, "
                     "range_max_fen, amount_fen, amount_reason, hearing_worthy FROM "
                     "case_violations WHERE case_id = $1 ORDER BY id",
                     id, sizeof(zf_case_violation_row_t), read_violation, &p, &out->nviolations,
                     err);
    if (rc == 0) out->violations = p;
    if (rc == 0)
        rc = list_of(db, a,
                     "SELECT co.id, co.case_id, co.officer_id, co.user_id, co.role, o.name FROM "
                     "case_officers co JOIN officers o ON o.id = co.officer_id WHERE co.case_id = "
                     "$1 ORDER BY co.role DESC, co.id",
                     id, sizeof(zf_case_officer_t), read_officer, &p, &out->nofficers, err);
    if (rc == 0) out->officers = p;
    if (rc == 0)
        rc = list_of(db, a,
                     "SELECT r.id, r.case_id, r.kind, r.reviewer_id, r.participants, r.opinion, "
                     "r.reasons, r.reviewed_on, r.created_at, u.name FROM case_reviews r JOIN "
                     "users u ON u.id = r.reviewer_id WHERE r.case_id = $1 ORDER BY r.id",
                     id, sizeof(zf_case_review_t), read_review, &p, &out->nreviews, err);
    if (rc == 0) out->reviews = p;
    if (rc == 0)
        rc = list_of(db, a,
                     "SELECT id, case_id, kind, amount_fen, issued_on, due_on, paid_on, "
                     "reference, source, note, entered_by, created_at FROM case_payments WHERE "
                     "case_id = $1 ORDER BY id",
                     id, sizeof(zf_case_payment_t), read_payment, &p, &out->npayments, err);
    if (rc == 0) out->payments = p;
    if (rc == 0)
        rc = list_of(db, a,
                     "SELECT id, case_id, number, decided_on, body, corrects_decision_id, reason, "
                     "created_at, created_by FROM case_decisions WHERE case_id = $1 ORDER BY id",
                     id, sizeof(zf_case_decision_t), read_decision, &p, &out->ndecisions, err);
    if (rc == 0) out->decisions = p;
    if (rc == 0) rc = zf_instalment_plans_load(db, a, id, &out->plans, &out->nplans, err);
    if (rc == 0)
        rc = list_of(db, a,
                     "SELECT id, case_id, kind, applied_on, body, body_case_no, outcome, "
                     "outcome_on, outcome_note, version, created_at, created_by FROM case_remedies "
                     "WHERE case_id = $1 ORDER BY id",
                     id, sizeof(zf_case_remedy_t), read_remedy, &p, &out->nremedies, err);
    if (rc == 0) out->remedies = p;
    return rc;
}

int zf_case_insert(zf_db_t *db, const zf_case_row_t *c, int64_t actor_id, int64_t *id,
                   zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO cases (unit_id, year, state, simple, title, source_kind, source_id, "
        "hazard_id, finding_id, facts, complex, version, created_at, created_by, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $13, $12) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, c->unit_id);
    zf_stmt_bind_int(st, 2, c->year);
    bind_str(st, 3, c->state);
    zf_stmt_bind_int(st, 4, c->simple);
    bind_str(st, 5, c->title);
    bind_str(st, 6, c->source_kind);
    bind_opt(st, 7, c->source_id);
    bind_opt(st, 8, c->hazard_id);
    bind_opt(st, 9, c->finding_id);
    bind_str(st, 10, c->facts);
    zf_stmt_bind_int(st, 11, c->complex);
    zf_stmt_bind_text(st, 12, now);
    bind_opt(st, 13, actor_id);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) *id = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

static void read_case_party(zf_stmt_t *st, zf_arena_t *a, void *item) {
    read_case(st, a, item);
    ((zf_case_row_t *)item)->party_name = dup(a, st, 47);
}

int zf_cases_list(zf_db_t *db, zf_arena_t *a, const zf_case_filter_t *f, zf_case_row_t **out,
                  size_t *n, zf_error_t *err) {
    /* keyset on id (newest first); the filters are indexed columns or
     * EXISTS over the per-case child indexes */
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT " CCOLS ", COALESCE((SELECT p.name FROM case_parties p WHERE p.case_id = c.id "
        "ORDER BY p.is_principal DESC, p.id LIMIT 1), '')" CJOIN
        "WHERE u.path LIKE $1 AND ($2 = 0 OR c.unit_id = $2) AND ($3 = '' OR c.state = $3) "
        "AND ($4 = 0 OR EXISTS (SELECT 1 FROM case_officers o WHERE o.case_id = c.id AND "
        "o.officer_id = $4)) AND ($5 = 0 OR EXISTS (SELECT 1 FROM case_parties p WHERE "
        "p.case_id = c.id AND p.enterprise_id = $5)) AND ($6 = '' OR c.number LIKE $7 OR "
        "EXISTS (SELECT 1 FROM case_parties p WHERE p.case_id = c.id AND p.name LIKE $7)) "
        "AND ($10 = '' OR EXISTS (SELECT 1 FROM case_violations v JOIN catalogue_items ci ON "
        "ci.code = v.item_code JOIN catalogue_versions cv ON cv.item_id = ci.id AND cv.version = "
        "v.item_version WHERE v.case_id = c.id AND cv.domain = $10)) "
        "AND ($11 = '' OR (c.filed_on <> '' AND c.filed_on >= $11 AND c.filed_on <= $12) OR "
        "(c.filed_on = '' AND c.decided_on <> '' AND c.decided_on >= $11 AND c.decided_on <= $12)) "
        "AND c.id < $8 ORDER BY c.id DESC LIMIT $9",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, zf_arena_printf(a, "%s%%", f->scope_path));
    zf_stmt_bind_int(st, 2, f->unit_id);
    bind_str(st, 3, f->state);
    zf_stmt_bind_int(st, 4, f->officer_id);
    zf_stmt_bind_int(st, 5, f->enterprise_id);
    bind_str(st, 6, f->q);
    zf_stmt_bind_text(st, 7, zf_arena_printf(a, "%%%s%%", f->q ? f->q : ""));
    /* a plain range, so the page starts where the cursor points: with
     * "($8 = 0 OR c.id < $8)" SQLite walked down from the newest case to a
     * deep page (80 ms among 1,000,000 cases, bench/run.py) */
    zf_stmt_bind_int(st, 8, f->before_id > 0 ? f->before_id : INT64_MAX);
    zf_stmt_bind_int(st, 9, f->limit);
    /* the dashboard's cases by domain (store/stats_cover.c) behind a click */
    bind_str(st, 10, f->domain);
    bind_str(st, 11, f->reg_from);
    bind_str(st, 12, f->reg_from ? f->reg_to : "");
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_case_party, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_cases_due(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t unit_id,
                 int64_t officer_id, const char *until, int limit, zf_case_row_t **out, size_t *n,
                 zf_error_t *err) {
    /* cases_due (next_due, id): a range scan up to `until`; closed cases
     * have next_due '' and are below the range start */
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT " CCOLS ", COALESCE((SELECT p.name FROM case_parties p WHERE p.case_id = c.id "
        "ORDER BY p.is_principal DESC, p.id LIMIT 1), '')" CJOIN
        "WHERE c.next_due > '' AND c.next_due <= $1 AND u.path LIKE $2 AND ($3 = 0 OR "
        "c.unit_id = $3) AND ($4 = 0 OR EXISTS (SELECT 1 FROM case_officers o WHERE o.case_id "
        "= c.id AND o.officer_id = $4)) ORDER BY c.next_due, c.id LIMIT $5",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, until);
    zf_stmt_bind_text(st, 2, zf_arena_printf(a, "%s%%", scope_path));
    zf_stmt_bind_int(st, 3, unit_id);
    zf_stmt_bind_int(st, 4, officer_id);
    zf_stmt_bind_int(st, 5, limit);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_case_party, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

static int run_returning(zf_stmt_t *st, int64_t *id, zf_error_t *err) {
    int rc = zf_stmt_step(st, err);
    if (rc == 1 && id) *id = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

int zf_case_party_save(zf_db_t *db, zf_case_party_t *p, zf_error_t *err) {
    zf_stmt_t *st =
        p->id ? zf_db_prepare(db,
                              "UPDATE case_parties SET kind = $1, name = $2, id_code = $3, "
                              "legal_rep = $4, phone = $5, address = $6, enterprise_id = $7, "
                              "is_principal = $8 WHERE id = $9 AND case_id = $10",
                              err)
              : zf_db_prepare(db,
                              "INSERT INTO case_parties (kind, name, id_code, legal_rep, phone, "
                              "address, enterprise_id, is_principal, case_id) VALUES ($1, $2, $3, "
                              "$4, $5, $6, $7, $8, $9) RETURNING id",
                              err);
    if (!st) return ZF_EIO;
    bind_str(st, 1, p->kind);
    bind_str(st, 2, p->name);
    bind_str(st, 3, p->id_code);
    bind_str(st, 4, p->legal_rep);
    bind_str(st, 5, p->phone);
    bind_str(st, 6, p->address);
    bind_opt(st, 7, p->enterprise_id);
    zf_stmt_bind_int(st, 8, p->is_principal);
    if (p->id) {
        zf_stmt_bind_int(st, 9, p->id);
        zf_stmt_bind_int(st, 10, p->case_id);
        int64_t ch = zf_stmt_run(st, err);
        if (ch < 0) return (int)ch;
        return ch ? 0
                  : zf_error_set(err, ZF_ENOTFOUND, 404, "case.party_not_found", NULL,
                                 "该案件没有此当事人");
    }
    zf_stmt_bind_int(st, 9, p->case_id);
    return run_returning(st, &p->id, err);
}

int zf_case_violation_save(zf_db_t *db, zf_case_violation_row_t *v, zf_error_t *err) {
    zf_stmt_t *st =
        v->id ? zf_db_prepare(db,
                              "UPDATE case_violations SET party_id = $1, item_code = $2, "
                              "item_version = $3, delegable = $4, violation_on = $5, ended_on = "
                              "$6, harmed = $7, discretion_input = $8, discretion = $9, "
                              "range_min_fen = $10, range_max_fen = $11, amount_fen = $12, "
                              "amount_reason = $13, hearing_worthy = $14 WHERE id = $15 AND "
                              "case_id = $16",
                              err)
              : zf_db_prepare(db,
                              "INSERT INTO case_violations (party_id, item_code, item_version, "
                              "delegable, violation_on, ended_on, harmed, discretion_input, "
                              "discretion, range_min_fen, range_max_fen, amount_fen, "
                              "amount_reason, hearing_worthy, case_id) VALUES ($1, $2, $3, $4, "
                              "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
                              err);
    if (!st) return ZF_EIO;
    bind_opt(st, 1, v->party_id);
    bind_str(st, 2, v->item_code);
    zf_stmt_bind_int(st, 3, v->item_version);
    zf_stmt_bind_int(st, 4, v->delegable);
    bind_str(st, 5, v->violation_on);
    bind_str(st, 6, v->ended_on);
    zf_stmt_bind_int(st, 7, v->harmed);
    bind_str(st, 8, v->discretion_input);
    bind_str(st, 9, v->discretion);
    zf_stmt_bind_int(st, 10, v->range_min_fen);
    zf_stmt_bind_int(st, 11, v->range_max_fen);
    zf_stmt_bind_int(st, 12, v->amount_fen);
    bind_str(st, 13, v->amount_reason);
    zf_stmt_bind_int(st, 14, v->hearing_worthy);
    if (v->id) {
        zf_stmt_bind_int(st, 15, v->id);
        zf_stmt_bind_int(st, 16, v->case_id);
        int64_t ch = zf_stmt_run(st, err);
        if (ch < 0) return (int)ch;
        return ch ? 0
                  : zf_error_set(err, ZF_ENOTFOUND, 404, "case.violation_not_found", NULL,
                                 "该案件没有此违法行为");
    }
    zf_stmt_bind_int(st, 15, v->case_id);
    return run_returning(st, &v->id, err);
}

int zf_case_violation_delete(zf_db_t *db, int64_t case_id, int64_t id, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "DELETE FROM case_violations WHERE id = $1 AND case_id = $2", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    zf_stmt_bind_int(st, 2, case_id);
    int64_t ch = zf_stmt_run(st, err);
    if (ch < 0) return (int)ch;
    return ch ? 0
              : zf_error_set(err, ZF_ENOTFOUND, 404, "case.violation_not_found", NULL,
                             "该案件没有此违法行为");
}

int zf_case_officer_add(zf_db_t *db, zf_case_officer_t *o, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "INSERT INTO case_officers (case_id, officer_id, user_id, role) "
                                  "VALUES ($1, $2, $3, $4) RETURNING id",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, o->case_id);
    zf_stmt_bind_int(st, 2, o->officer_id);
    bind_opt(st, 3, o->user_id);
    bind_str(st, 4, o->role);
    int rc = run_returning(st, &o->id, err);
    if (rc == ZF_ECONFLICT)
        return zf_error_set(err, ZF_ECONFLICT, 409, "case.officer_exists", "officer_id",
                            "该执法人员已在本案中");
    return rc;
}

int zf_case_officer_remove(zf_db_t *db, int64_t case_id, int64_t officer_id, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "DELETE FROM case_officers WHERE case_id = $1 AND officer_id = $2", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, case_id);
    zf_stmt_bind_int(st, 2, officer_id);
    int64_t ch = zf_stmt_run(st, err);
    if (ch < 0) return (int)ch;
    return ch ? 0
              : zf_error_set(err, ZF_ENOTFOUND, 404, "case.officer_not_found", "officer_id",
                             "该执法人员不在本案中");
}

int zf_case_review_add(zf_db_t *db, zf_case_review_t *r, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(db,
                                  "INSERT INTO case_reviews (case_id, kind, reviewer_id, "
                                  "participants, opinion, reasons, reviewed_on, created_at) "
                                  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, r->case_id);
    bind_str(st, 2, r->kind);
    zf_stmt_bind_int(st, 3, r->reviewer_id);
    bind_str(st, 4, r->participants);
    bind_str(st, 5, r->opinion);
    bind_str(st, 6, r->reasons);
    bind_str(st, 7, r->reviewed_on);
    zf_stmt_bind_text(st, 8, now);
    return run_returning(st, &r->id, err);
}

int zf_case_payment_add(zf_db_t *db, zf_case_payment_t *p, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO case_payments (case_id, kind, amount_fen, issued_on, due_on, paid_on, "
        "reference, source, note, entered_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
        "$8, $9, $10, $11) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, p->case_id);
    bind_str(st, 2, p->kind);
    zf_stmt_bind_int(st, 3, p->amount_fen);
    bind_str(st, 4, p->issued_on);
    bind_str(st, 5, p->due_on);
    bind_str(st, 6, p->paid_on);
    if (p->reference && *p->reference)
        zf_stmt_bind_text(st, 7, p->reference);
    else
        zf_stmt_bind_null(st, 7);
    bind_str(st, 8, p->source ? p->source : "manual");
    bind_str(st, 9, p->note);
    bind_opt(st, 10, p->entered_by);
    zf_stmt_bind_text(st, 11, now);
    int rc = run_returning(st, &p->id, err);
    if (rc == ZF_ECONFLICT)
        return zf_error_set(err, ZF_ECONFLICT, 409, "payment.duplicate_reference", "reference",
                            "银行流水号 %s 已登记", p->reference ? p->reference : "");
    return rc;
}

int zf_case_payment_ref_exists(zf_db_t *db, const char *reference, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "SELECT count(*) FROM case_payments WHERE reference = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, reference);
    int rc = zf_stmt_step(st, err);
    int64_t n = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    return rc < 0 ? rc : n > 0;
}

int zf_case_decision_add(zf_db_t *db, zf_case_decision_t *d, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO case_decisions (case_id, number, decided_on, body, corrects_decision_id, "
        "reason, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, d->case_id);
    bind_str(st, 2, d->number);
    bind_str(st, 3, d->decided_on);
    bind_str(st, 4, d->body);
    bind_opt(st, 5, d->corrects_decision_id);
    bind_str(st, 6, d->reason);
    zf_stmt_bind_text(st, 7, now);
    bind_opt(st, 8, d->created_by);
    return run_returning(st, &d->id, err);
}

int64_t zf_case_unverified_hazards(zf_db_t *db, int64_t case_id, int64_t hazard_id,
                                   zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT count(*) FROM hazards WHERE (case_id = $1 OR id = $2) "
                                  "AND status <> 'verified'",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, case_id);
    zf_stmt_bind_int(st, 2, hazard_id > 0 ? hazard_id : -1);
    int rc = zf_stmt_step(st, err);
    int64_t n = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    return rc < 0 ? rc : n;
}

int zf_case_remedy_add(zf_db_t *db, zf_case_remedy_t *r, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO case_remedies (case_id, kind, applied_on, body, body_case_no, created_at, "
        "created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, r->case_id);
    bind_str(st, 2, r->kind);
    bind_str(st, 3, r->applied_on);
    bind_str(st, 4, r->body);
    bind_str(st, 5, r->body_case_no);
    zf_stmt_bind_text(st, 6, now);
    bind_opt(st, 7, r->created_by);
    return run_returning(st, &r->id, err);
}

int zf_case_remedy_outcome(zf_db_t *db, const zf_case_remedy_t *r, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "UPDATE case_remedies SET outcome = $1, outcome_on = $2, "
                                  "outcome_note = $3, version = version + 1 WHERE id = $4 AND "
                                  "case_id = $5 AND version = $6",
                                  err);
    if (!st) return ZF_EIO;
    bind_str(st, 1, r->outcome);
    bind_str(st, 2, r->outcome_on);
    bind_str(st, 3, r->outcome_note);
    zf_stmt_bind_int(st, 4, r->id);
    zf_stmt_bind_int(st, 5, r->case_id);
    zf_stmt_bind_int(st, 6, r->version);
    return zf_stmt_run_versioned(st, "该复议、诉讼记录", err);
}
