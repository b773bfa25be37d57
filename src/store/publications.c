/* publications.c — see publications.h. */
#include "store/publications.h"

#include <stdio.h>
#include <string.h>

#include "core/util.h"

#define COLS                                                                                       \
    "p.id, p.case_id, p.decision_id, p.unit_id, u.path, p.number, p.decided_on, p.due_on, "        \
    "p.status, p.party_name, p.credit_code, p.amount_fen, p.doc, p.published_at, "                 \
    "p.held_reason, p.held_at, p.held_by, p.withdraw_due_on, p.withdrawn_at, "                     \
    "p.withdraw_reason, p.withdrawn_by, p.version, p.created_at, p.updated_at "                    \
    "FROM publications p JOIN units u ON u.id = p.unit_id "
/* The same columns for a name search through the SQLite trigram index
 * (migration 038): the FTS5 table drives, newest first. */
#define COLS_FTS                                                                                   \
    "p.id, p.case_id, p.decision_id, p.unit_id, u.path, p.number, p.decided_on, p.due_on, "        \
    "p.status, p.party_name, p.credit_code, p.amount_fen, p.doc, p.published_at, "                 \
    "p.held_reason, p.held_at, p.held_by, p.withdraw_due_on, p.withdrawn_at, "                     \
    "p.withdraw_reason, p.withdrawn_by, p.version, p.created_at, p.updated_at "                    \
    "FROM publications_name_fts f JOIN publications p ON p.id = f.rowid "                          \
    "JOIN units u ON u.id = p.unit_id "

static void read_row(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_publication_t *p = item;
#define T(i) zf_arena_strdup(a, zf_stmt_text(st, i))
    *p = (zf_publication_t){
        .id = zf_stmt_int(st, 0),
        .case_id = zf_stmt_int(st, 1),
        .decision_id = zf_stmt_int(st, 2),
        .unit_id = zf_stmt_int(st, 3),
        .unit_path = T(4),
        .number = T(5),
        .decided_on = T(6),
        .due_on = T(7),
        .status = T(8),
        .party_name = T(9),
        .credit_code = T(10),
        .amount_fen = zf_stmt_int(st, 11),
        .doc = T(12),
        .published_at = T(13),
        .held_reason = T(14),
        .held_at = T(15),
        .held_by = zf_stmt_int(st, 16),
        .withdraw_due_on = T(17),
        .withdrawn_at = T(18),
        .withdraw_reason = T(19),
        .withdrawn_by = zf_stmt_int(st, 20),
        .version = zf_stmt_int(st, 21),
        .created_at = T(22),
        .updated_at = T(23),
    };
#undef T
}

static void bind_user(zf_stmt_t *st, int i, int64_t id) {
    if (id)
        zf_stmt_bind_int(st, i, id);
    else
        zf_stmt_bind_null(st, i);
}

int zf_publication_insert(zf_db_t *db, zf_publication_t *p, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO publications (case_id, decision_id, unit_id, number, decided_on, due_on, "
        "status, party_name, credit_code, amount_fen, doc, published_at, held_reason, held_by, "
        "held_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
        "$12, $13, $14, $15, $16, $16) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, p->case_id);
    zf_stmt_bind_int(st, 2, p->decision_id);
    zf_stmt_bind_int(st, 3, p->unit_id);
    zf_stmt_bind_text(st, 4, p->number);
    zf_stmt_bind_text(st, 5, p->decided_on);
    zf_stmt_bind_text(st, 6, p->due_on);
    zf_stmt_bind_text(st, 7, p->status);
    zf_stmt_bind_text(st, 8, p->party_name ? p->party_name : "");
    zf_stmt_bind_text(st, 9, p->credit_code ? p->credit_code : "");
    zf_stmt_bind_int(st, 10, p->amount_fen);
    zf_stmt_bind_text(st, 11, p->doc);
    zf_stmt_bind_text(st, 12, p->published_at ? p->published_at : "");
    zf_stmt_bind_text(st, 13, p->held_reason ? p->held_reason : "");
    bind_user(st, 14, p->held_by);
    zf_stmt_bind_text(st, 15, p->held_at ? p->held_at : "");
    zf_stmt_bind_text(st, 16, now);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) p->id = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    p->version = 1;
    return 0;
}

int zf_publication_save(zf_db_t *db, zf_publication_t *p, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "UPDATE publications SET status = $1, published_at = $2, held_reason = $3, held_by = $4, "
        "held_at = $5, withdraw_due_on = $6, withdrawn_at = $7, withdraw_reason = $8, "
        "withdrawn_by = $9, updated_at = $10, version = version + 1 "
        "WHERE id = $11 AND version = $12",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, p->status);
    zf_stmt_bind_text(st, 2, p->published_at ? p->published_at : "");
    zf_stmt_bind_text(st, 3, p->held_reason ? p->held_reason : "");
    bind_user(st, 4, p->held_by);
    zf_stmt_bind_text(st, 5, p->held_at ? p->held_at : "");
    zf_stmt_bind_text(st, 6, p->withdraw_due_on ? p->withdraw_due_on : "");
    zf_stmt_bind_text(st, 7, p->withdrawn_at ? p->withdrawn_at : "");
    zf_stmt_bind_text(st, 8, p->withdraw_reason ? p->withdraw_reason : "");
    bind_user(st, 9, p->withdrawn_by);
    zf_stmt_bind_text(st, 10, now);
    zf_stmt_bind_int(st, 11, p->id);
    zf_stmt_bind_int(st, 12, p->version);
    int rc = zf_stmt_run_versioned(st, "公开记录", err);
    if (rc == 0) p->version++;
    return rc;
}

int zf_publication_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_publication_t *out,
                       zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " COLS "WHERE p.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    zf_publication_t *rows;
    size_t n;
    int rc = zf_stmt_collect(st, a, sizeof *rows, read_row, (void **)&rows, &n, err);
    if (rc != 0) return rc;
    if (n == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "publication.not_found", NULL,
                            "公开记录 %lld 不存在", (long long)id);
    *out = rows[0];
    return 0;
}

int zf_publications_of_case(zf_db_t *db, zf_arena_t *a, int64_t case_id, zf_publication_t **out,
                            size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " COLS "WHERE p.case_id = $1 ORDER BY p.id", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, case_id);
    return zf_stmt_collect(st, a, sizeof **out, read_row, (void **)out, n, err);
}

/* 统一社会信用代码: 18 characters of digits and capitals (GB 32100-2015);
 * such a query is a code lookup (index publications_credit), anything else
 * a name fragment. */
static int looks_like_credit_code(const char *q) {
    size_t n = 0;
    for (; q[n]; n++)
        if (!((q[n] >= '0' && q[n] <= '9') || (q[n] >= 'A' && q[n] <= 'Z'))) return 0;
    return n == 18;
}

/* Can the SQLite trigram index (migration 038) answer a search for q? Only
 * for three characters or more: FTS5's trigram tokenizer finds nothing for
 * a shorter phrase (SQLite docs, "The Trigram Tokenizer"), so "张三" keeps
 * the LIKE walk of publications_name. Text that is not valid UTF-8 keeps it
 * too (the tokenizer and LIKE might cut it differently). */
static int trigram_searchable(const char *q) {
    size_t chars = 0, n = strlen(q);
    if (!zf_utf8_valid(q, n)) return 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)q[i] & 0xC0) != 0x80) chars++;
    return chars >= 3;
}

/* q as one FTS5 phrase: in double quotes, a quote inside doubled, so every
 * character (*, ", :, parentheses, AND…) is text to find, not syntax. */
static const char *fts_phrase(zf_arena_t *a, const char *q) {
    size_t n = strlen(q), k = 0;
    char *p = zf_arena_alloc(a, 2 * n + 3);
    p[k++] = '"';
    for (size_t i = 0; i < n; i++) {
        if (q[i] == '"') p[k++] = '"';
        p[k++] = q[i];
    }
    p[k++] = '"';
    p[k] = '\0';
    return p;
}

/* A WHERE clause built from the conditions given, numbering its
 * placeholders in order (PostgreSQL wants every $k used and typed). */
typedef struct where {
    zf_arena_t *a;
    const char *sql;
    int n;
    struct {
        const char *text;
        int64_t num;
        int is_text;
    } arg[8];
} where_t;

static void cond_text(where_t *w, const char *fmt, const char *v) {
    w->arg[w->n].text = v;
    w->arg[w->n].is_text = 1;
    w->n++;
    w->sql = zf_arena_printf(w->a, "%s AND %s", w->sql, zf_arena_printf(w->a, fmt, w->n));
}

static void cond_int(where_t *w, const char *fmt, int64_t v) {
    w->arg[w->n].num = v;
    w->arg[w->n].is_text = 0;
    w->n++;
    w->sql = zf_arena_printf(w->a, "%s AND %s", w->sql, zf_arena_printf(w->a, fmt, w->n));
}

int zf_publications_list(zf_db_t *db, zf_arena_t *a, const zf_pub_filter_t *f,
                         zf_publication_t **out, size_t *n, zf_error_t *err) {
    /* Only the conditions given go into the statement, so each filter keeps
     * its index: the public list and its deep pages walk publications_public
     * (status, id) backwards, a credit code is one probe of
     * publications_credit. (One statement with "($k = '' OR …)" terms read
     * the whole table for a page deep down: 172 ms among 666,672 published
     * decisions, bench/portal.sh.) */
    where_t w = {.a = a, .sql = "1 = 1"};
    const char *q = f->q ? f->q : "";
    /* A name fragment on SQLite: the trigram index finds the rows that hold
     * it (a miss costs nothing, 87 ms before among 666,672 published
     * decisions), walked newest first so a common fragment stops after one
     * page; the LIKE below still decides, so the answer is the LIKE's
     * (FTS5 folds case for all of Unicode, LIKE for ASCII only: the index
     * may offer more rows, never fewer). PostgreSQL: the same LIKE, served
     * by the pg_trgm index of migration 038 — no change in the text. */
    int fts = *q && !looks_like_credit_code(q) && trigram_searchable(q) &&
              strcmp(zf_db_backend(db), "sqlite") == 0;
    if (fts) cond_text(&w, "f.publications_name_fts MATCH $%d", fts_phrase(a, q));
    if (f->scope_path && *f->scope_path)
        cond_text(&w, "u.path LIKE $%d", zf_arena_printf(a, "%s%%", f->scope_path));
    if (f->status && *f->status) cond_text(&w, "p.status = $%d", f->status);
    if (f->due_before && *f->due_before)
        cond_text(&w, "p.status IN ('pending', 'held') AND p.due_on < $%d", f->due_before);
    if (*q && looks_like_credit_code(q))
        cond_text(&w, "p.credit_code = $%d", q);
    else if (*q)
        cond_text(&w, "p.party_name LIKE $%d ESCAPE '\\'", zf_db_like_contains(a, q));
    if (f->before_id) cond_int(&w, fts ? "f.rowid < $%d" : "p.id < $%d", f->before_id);
    if (f->case_id) cond_int(&w, "p.case_id = $%d", f->case_id);
    /* built text: interned, so each combination of filters given has its
     * own cached statement (a handful in use: the public list's 6, the
     * internal list's few) */
    zf_stmt_t *st = zf_db_prepare_built(
        db,
        fts ? zf_arena_printf(a, "SELECT " COLS_FTS "WHERE %s ORDER BY f.rowid DESC LIMIT $%d",
                              w.sql, w.n + 1)
            : zf_arena_printf(a, "SELECT " COLS "WHERE %s ORDER BY p.id DESC LIMIT $%d", w.sql,
                              w.n + 1),
        err);
    if (!st) return ZF_EIO;
    for (int k = 0; k < w.n; k++) {
        if (w.arg[k].is_text)
            zf_stmt_bind_text(st, k + 1, w.arg[k].text);
        else
            zf_stmt_bind_int(st, k + 1, w.arg[k].num);
    }
    zf_stmt_bind_int(st, w.n + 1, f->limit > 0 && f->limit <= 200 ? f->limit : 50);
    return zf_stmt_collect(st, a, sizeof **out, read_row, (void **)out, n, err);
}
