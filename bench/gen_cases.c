/* gen_cases.c — cases for the benchmark (issue 12: "1,000,000 cases across
 * all stages"), written with portable SQL through zf_db so the same
 * statements fill SQLite and PostgreSQL. Every date is computed here in C
 * (core/day.h), never with an SQL date function, which the two dialects
 * spell differently.
 *
 * Case i of n (ids grow with time, as in a real database: case i is filed
 * on day 2025-01-01 + 600·i/n, the last in August 2026, so every later
 * date stays before the end of November 2026):
 *   i % 10 == 0     当场处罚 (simple, state closed: decided, served on the
 *                   spot and closed the same day; 第51条 caps the fine of an
 *                   organisation at 3,000 yuan, the amounts stay below)
 *   i % 10 in 1, 2  filed          3, 4  investigating
 *   i % 10 in 5, 6  decided with a fine (notified +20, decided +35, served +37)
 *   i % 10 in 7–9   closed (as decided, then closed 60 days after the decision)
 * The units are the demo district's enforcing units (brigade, townships,
 * devzone; not the generator's own "压测" units), round-robin; the party is
 * an enterprise of the unit's area (any, for the brigade); two serving
 * officers of the unit, lead and assist (第42条: at least two). Every case
 * that has a decision gets its case_decisions row and a published
 * publication, with the `doc` and `body` of the demo's first published
 * decision (as bench/portal.sh does): the portal's page size is then the
 * real one. Numbers follow the configured format (case.number.format) and
 * continue the gap-free series "case:<year>", which is moved past them at
 * the end so cases created later through the API do not collide.
 *
 * Not generated: violations, reviews, payments, documents, log events (the
 * statistics and the pages benchmarked read none of them per row), and
 * next_due (the deadline list has its own bench, bench/case_deadlines.sh). */
#include "gen_cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/case_api.h"
#include "core/day.h"

typedef struct ent {
    int64_t id, unit_id;
    char *name, *credit_code, *legal_rep, *phone, *address;
} ent_t;

typedef struct off {
    int64_t id, unit_id, user_id;
} off_t_;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const zf_error_t *err) {
    fprintf(stderr, "\nzhifa-bench-gen: cases: %s: %s\n", what, err->message);
    exit(1);
}

static char *dup(const char *s) {
    char *p = strdup(s ? s : "");
    if (!p) exit(1);
    return p;
}

static void *grow(void *p, size_t n, size_t size) {
    void *q = realloc(p, (n + 1) * size);
    if (!q) exit(1);
    return q;
}

/* Step a prepared INSERT … RETURNING id to its row. */
static int64_t insert_id(zf_stmt_t *st, const char *what) {
    zf_error_t err = {0};
    int rc = zf_stmt_step(st, &err);
    int64_t id = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc != 1) die(what, &err);
    return id;
}

static void run(zf_stmt_t *st, const char *what) {
    zf_error_t err = {0};
    if (zf_stmt_run(st, &err) < 0) die(what, &err);
}

static zf_stmt_t *prep(zf_db_t *db, const char *sql) {
    zf_error_t err = {0};
    zf_stmt_t *st = zf_db_prepare(db, sql, &err);
    if (!st) die("prepare", &err);
    return st;
}

static const char *const TITLES[] = {
    "未按规定对从业人员进行安全生产教育和培训", "未设置明显的安全警示标志",
    "未对安全设备进行经常性维护、保养和定期检测", "未建立事故隐患排查治理制度",
    "特种作业人员未持证上岗", "未如实记录安全生产教育和培训情况",
    "粉尘防爆安全措施不落实", "危险化学品储存不符合规定",
};

int bench_gen_cases(zf_db_t *db, long long n, long long batch, bench_cases_stats_t *out) {
    memset(out, 0, sizeof *out);
    if (n <= 0) return 0;
    zf_error_t err = {0};
    zf_arena_t *a = zf_arena_new();
    double start = now_s();

    /* the enforcing units of the demo district */
    int64_t *units = NULL;
    size_t nunits = 0;
    zf_stmt_t *st = prep(db, "SELECT id FROM units WHERE kind IN ('brigade', 'township', "
                             "'devzone') AND code LIKE '341504%' ORDER BY id");
    int rc;
    while ((rc = zf_stmt_step(st, &err)) == 1) {
        units = grow(units, nunits, sizeof *units);
        units[nunits++] = zf_stmt_int(st, 0);
    }
    zf_stmt_done(st);
    if (rc < 0) die("units", &err);
    if (!nunits) {
        fprintf(stderr, "zhifa-bench-gen: cases: no demo units (run zhifa demo first)\n");
        exit(1);
    }

    ent_t *ents = NULL;
    size_t nents = 0;
    st = prep(db, "SELECT id, unit_id, name, credit_code, legal_rep, legal_rep_phone, address "
                  "FROM enterprises ORDER BY id");
    while ((rc = zf_stmt_step(st, &err)) == 1) {
        ents = grow(ents, nents, sizeof *ents);
        ents[nents++] = (ent_t){zf_stmt_int(st, 0),          zf_stmt_int(st, 1),
                                dup(zf_stmt_text(st, 2)),    dup(zf_stmt_text(st, 3)),
                                dup(zf_stmt_text(st, 4)),    dup(zf_stmt_text(st, 5)),
                                dup(zf_stmt_text(st, 6))};
    }
    zf_stmt_done(st);
    if (rc < 0) die("enterprises", &err);

    off_t_ *offs = NULL;
    size_t noffs = 0;
    st = prep(db, "SELECT id, unit_id, COALESCE(user_id, 0) FROM officers WHERE kind = 'officer' "
                  "AND status = 'serving' ORDER BY id");
    while ((rc = zf_stmt_step(st, &err)) == 1) {
        offs = grow(offs, noffs, sizeof *offs);
        offs[noffs++] = (off_t_){zf_stmt_int(st, 0), zf_stmt_int(st, 1), zf_stmt_int(st, 2)};
    }
    zf_stmt_done(st);
    if (rc < 0) die("officers", &err);
    if (!nents || noffs < 2) {
        fprintf(stderr, "zhifa-bench-gen: cases: the demo's enterprises and officers are "
                        "missing (run zhifa demo first)\n");
        exit(1);
    }

    /* per unit: its enterprises and its officers (indexes), falling back to
     * all of them where a unit has none or fewer than two officers */
    size_t **u_ents = calloc(nunits, sizeof *u_ents), *u_nents = calloc(nunits, sizeof *u_nents);
    size_t **u_offs = calloc(nunits, sizeof *u_offs), *u_noffs = calloc(nunits, sizeof *u_noffs);
    if (!u_ents || !u_nents || !u_offs || !u_noffs) exit(1);
    for (size_t k = 0; k < nunits; k++) {
        for (size_t e = 0; e < nents; e++)
            if (ents[e].unit_id == units[k]) {
                u_ents[k] = grow(u_ents[k], u_nents[k], sizeof **u_ents);
                u_ents[k][u_nents[k]++] = e;
            }
        for (size_t o = 0; o < noffs; o++)
            if (offs[o].unit_id == units[k]) {
                u_offs[k] = grow(u_offs[k], u_noffs[k], sizeof **u_offs);
                u_offs[k][u_noffs[k]++] = o;
            }
    }

    /* the model decision: the demo's first published one */
    char *model_doc = NULL, *model_body = NULL;
    st = prep(db, "SELECT p.doc, d.body FROM publications p JOIN case_decisions d ON d.id = "
                  "p.decision_id WHERE p.status = 'published' ORDER BY p.id LIMIT 1");
    rc = zf_stmt_step(st, &err);
    if (rc == 1) {
        model_doc = dup(zf_stmt_text(st, 0));
        model_body = dup(zf_stmt_text(st, 1));
    }
    zf_stmt_done(st);
    if (rc < 0) die("model decision", &err);
    if (rc == 0) {
        fprintf(stderr, "zhifa-bench-gen: cases: no published decision to copy (run zhifa "
                        "demo first)\n");
        exit(1);
    }

    zf_case_cfg_t cfg; /* in its own arena: `a` is emptied for every case */
    zf_arena_t *keep = zf_arena_new();
    if (zf_case_cfg_load(db, keep, &cfg, &err) != 0) die("case parameters", &err);
    /* the series "case:2025" and "case:2026" continue after their value */
    int64_t seq[2];
    for (int y = 0; y < 2; y++) {
        st = prep(db, "SELECT value FROM number_series WHERE series = $1");
        zf_stmt_bind_text(st, 1, y ? "case:2026" : "case:2025");
        rc = zf_stmt_step(st, &err);
        seq[y] = rc == 1 ? zf_stmt_int(st, 0) : 0;
        zf_stmt_done(st);
        if (rc < 0) die("number series", &err);
    }

    zf_day_t base = zf_day_from_ymd(2025, 1, 1);
    bench_progress_start();
    if (zf_db_begin(db, &err) != 0) die("begin", &err);
    for (long long i = 0; i < n; i++) {
        int kind = (int)(i % 10);
        int simple = kind == 0;
        int decided = simple || kind >= 5;
        int closed = simple || kind >= 7;
        const char *state = simple      ? "closed"
                            : kind <= 2 ? "filed"
                            : kind <= 4 ? "investigating"
                            : kind <= 6 ? "decided"
                                        : "closed";
        zf_day_t d0 = base + (zf_day_t)(i * 600 / n);
        char filed[11] = "", notified[11] = "", decided_on[11] = "", served[11] = "",
             closed_on[11] = "", due[11], stamp[32];
        if (!simple) zf_day_format(d0, filed);
        if (!simple && decided) zf_day_format(d0 + 20, notified);
        zf_day_t dd = simple ? d0 : d0 + 35;
        if (decided) zf_day_format(dd, decided_on);
        if (decided) zf_day_format(simple ? dd : dd + 2, served);
        if (closed) zf_day_format(simple ? dd : dd + 60, closed_on);
        /* 公示 within 7 working days of the decision (国办发〔2018〕118号);
         * nine calendar days stand in: bench data, not a deadline computed */
        zf_day_format(dd + 9, due);
        int year = zf_day_year(simple ? dd : d0);
        snprintf(stamp, sizeof stamp, "%sT08:30:00Z", simple ? decided_on : filed);
        int64_t amount = !decided ? 0
                         : simple ? 50000 + (i / 10 % 20) * 10000          /* 500–2,400 yuan */
                                  : 1000000 + (i / 10 % 40) * 250000;     /* 1–10.75 万 */
        size_t k = (size_t)(i % (long long)nunits);
        const ent_t *e = u_nents[k] ? &ents[u_ents[k][(i / (long long)nunits) % u_nents[k]]]
                                    : &ents[(i / (long long)nunits) % nents];
        const char *number = NULL;
        int64_t s = 0;
        if (year == 2025 || year == 2026) {
            s = ++seq[year - 2025];
            zf_arena_free(a);
            a = zf_arena_new();
            number = zf_api_case_number(a, cfg.number_format, year, s);
        }

        double t = now_s();
        st = prep(db,
                  "INSERT INTO cases (unit_id, year, seq, number, state, simple, title, "
                  "source_kind, facts, filed_on, notified_on, decided_on, served_on, "
                  "service_method, statements_heard, notified_amount_fen, decided_amount_fen, "
                  "filing_record_done, closed_on, created_at, updated_at) VALUES ($1, $2, $3, "
                  "$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, "
                  "$20, $20) RETURNING id");
        zf_stmt_bind_int(st, 1, units[k]);
        zf_stmt_bind_int(st, 2, year);
        if (number) zf_stmt_bind_int(st, 3, s);
        else zf_stmt_bind_null(st, 3);
        zf_stmt_bind_text(st, 4, number);
        zf_stmt_bind_text(st, 5, state);
        zf_stmt_bind_int(st, 6, simple);
        zf_stmt_bind_text(st, 7, TITLES[i % (long long)(sizeof TITLES / sizeof TITLES[0])]);
        zf_stmt_bind_text(st, 8, simple ? "ad_hoc" : "inspection");
        zf_stmt_bind_text(st, 9, "现场检查发现该单位存在违法行为，有现场检查记录、询问笔录和照片为证。");
        zf_stmt_bind_text(st, 10, filed);
        zf_stmt_bind_text(st, 11, notified);
        zf_stmt_bind_text(st, 12, decided_on);
        zf_stmt_bind_text(st, 13, served);
        zf_stmt_bind_text(st, 14, !decided ? "" : simple ? "on_spot" : "direct");
        zf_stmt_bind_int(st, 15, decided);
        zf_stmt_bind_int(st, 16, decided && !simple ? amount : 0);
        zf_stmt_bind_int(st, 17, amount);
        zf_stmt_bind_int(st, 18, simple);
        zf_stmt_bind_text(st, 19, closed_on);
        zf_stmt_bind_text(st, 20, stamp);
        int64_t case_id = insert_id(st, "case insert");
        double t1 = now_s();
        out->s_cases += t1 - t;
        out->cases++;

        st = prep(db, "INSERT INTO case_parties (case_id, kind, name, id_code, legal_rep, phone, "
                      "address, enterprise_id, is_principal) VALUES ($1, 'org', $2, $3, $4, $5, "
                      "$6, $7, 1)");
        zf_stmt_bind_int(st, 1, case_id);
        zf_stmt_bind_text(st, 2, e->name);
        zf_stmt_bind_text(st, 3, e->credit_code);
        zf_stmt_bind_text(st, 4, e->legal_rep);
        zf_stmt_bind_text(st, 5, e->phone);
        zf_stmt_bind_text(st, 6, e->address);
        zf_stmt_bind_int(st, 7, e->id);
        run(st, "party insert");
        double t2 = now_s();
        out->s_parties += t2 - t1;
        out->parties++;

        for (int r = 0; r < 2; r++) {
            const off_t_ *o = u_noffs[k] >= 2
                                  ? &offs[u_offs[k][(size_t)(i + r) % u_noffs[k]]]
                                  : &offs[(size_t)(i + r) % noffs];
            st = prep(db, "INSERT INTO case_officers (case_id, officer_id, user_id, role) "
                          "VALUES ($1, $2, $3, $4)");
            zf_stmt_bind_int(st, 1, case_id);
            zf_stmt_bind_int(st, 2, o->id);
            if (o->user_id) zf_stmt_bind_int(st, 3, o->user_id);
            else zf_stmt_bind_null(st, 3);
            zf_stmt_bind_text(st, 4, r ? "assist" : "lead");
            run(st, "case officer insert");
            out->officers++;
        }
        double t3 = now_s();
        out->s_officers += t3 - t2;

        if (decided) {
            st = prep(db, "INSERT INTO case_decisions (case_id, number, decided_on, body, "
                          "created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id");
            zf_stmt_bind_int(st, 1, case_id);
            zf_stmt_bind_text(st, 2, number ? number : "");
            zf_stmt_bind_text(st, 3, decided_on);
            zf_stmt_bind_text(st, 4, model_body);
            zf_stmt_bind_text(st, 5, stamp);
            int64_t dec = insert_id(st, "decision insert");
            double t4 = now_s();
            out->s_decisions += t4 - t3;
            out->decisions++;
            char published[32];
            snprintf(published, sizeof published, "%sT09:00:00Z", served);
            st = prep(db, "INSERT INTO publications (case_id, decision_id, unit_id, number, "
                          "decided_on, due_on, status, party_name, credit_code, amount_fen, doc, "
                          "published_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
                          "'published', $7, $8, $9, $10, $11, $12, $11)");
            zf_stmt_bind_int(st, 1, case_id);
            zf_stmt_bind_int(st, 2, dec);
            zf_stmt_bind_int(st, 3, units[k]);
            zf_stmt_bind_text(st, 4, number ? number : "");
            zf_stmt_bind_text(st, 5, decided_on);
            zf_stmt_bind_text(st, 6, due);
            zf_stmt_bind_text(st, 7, e->name);
            zf_stmt_bind_text(st, 8, e->credit_code);
            zf_stmt_bind_int(st, 9, amount);
            zf_stmt_bind_text(st, 10, model_doc);
            zf_stmt_bind_text(st, 11, published);
            zf_stmt_bind_text(st, 12, stamp);
            run(st, "publication insert");
            out->s_publications += now_s() - t4;
            out->publications++;
        }
        if ((i + 1) % batch == 0) {
            double tc = now_s();
            if (zf_db_commit(db, &err) != 0 || zf_db_begin(db, &err) != 0) die("commit", &err);
            out->s_commit += now_s() - tc;
        }
        bench_progress("cases", i + 1, n);
    }
    /* move the series past the numbers drawn here */
    for (int y = 0; y < 2; y++) {
        st = prep(db, "INSERT INTO number_series (series, value) VALUES ($1, $2) "
                      "ON CONFLICT (series) DO UPDATE SET value = $2");
        zf_stmt_bind_text(st, 1, y ? "case:2026" : "case:2025");
        zf_stmt_bind_int(st, 2, seq[y]);
        run(st, "number series");
    }
    double tc = now_s();
    if (zf_db_commit(db, &err) != 0) die("commit", &err);
    out->s_commit += now_s() - tc;
    out->s_total = now_s() - start;

    for (size_t k = 0; k < nunits; k++) {
        free(u_ents[k]);
        free(u_offs[k]);
    }
    free(u_ents);
    free(u_nents);
    free(u_offs);
    free(u_noffs);
    for (size_t e = 0; e < nents; e++) {
        free(ents[e].name);
        free(ents[e].credit_code);
        free(ents[e].legal_rep);
        free(ents[e].phone);
        free(ents[e].address);
    }
    free(ents);
    free(offs);
    free(units);
    free(model_doc);
    free(model_body);
    zf_arena_free(a);
    zf_arena_free(keep);
    return 0;
}
