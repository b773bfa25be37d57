/* stats.c — see stats.h. Every query groups in the database; the rows that
 * come back are the groups (units × sources, units × states, months,
 * officers), merged here into JSON. The unit subtree is the subquery
 * `unit_id IN (SELECT id FROM units WHERE path LIKE $1 || '%')`.
 *
 * Cases, inspections and the officers' shares of them are read from the
 * day-level counters of migration 026 (stats_*: one row per unit, day and
 * group, kept by triggers in the same transaction as the rows), so a year
 * costs a few thousand rows instead of every case of the year. Groups whose
 * counters fell back to zero are left out (HAVING), as a count over the rows
 * would leave them out. Hazards and the distinct enterprises
 * inspected are still counted over the rows (indexes of migration 022);
 * fines collected are day counters too (migration 045). */
#include "store/stats.h"

#include <stdio.h>
#include <string.h>

#include "core/day.h"
#include "store/transfers.h"

#define IN_SCOPE "unit_id IN (SELECT id FROM units WHERE path LIKE $1 || '%')"
#define C_IN_SCOPE "c.unit_id IN (SELECT id FROM units WHERE path LIKE $1 || '%')"
#define I_IN_SCOPE "i.unit_id IN (SELECT id FROM units WHERE path LIKE $1 || '%')"
#define S_IN_SCOPE "s.unit_id IN (SELECT id FROM units WHERE path LIKE $1 || '%')"
#define IN_PERIOD " AND day >= $2 AND day <= $3"

/* Bind $1 scope and, as the statement uses them, $2 from, $3 to, $4 today. */
/* nbind: 1 the scope; 3 and the period's days; 4 and today; BIND_INSTANTS
 * the scope and the period as UTC instants $2 <= at < $3 (core/day.h
 * zf_day_start_utc), for columns that store an instant, not a local day */
#define BIND_INSTANTS 5

static void bind_q(zf_stmt_t *st, const zf_stats_query_t *q, int nbind) {
    zf_stmt_bind_text(st, 1, q->scope_path);
    zf_day_t from, to;
    if (nbind == BIND_INSTANTS && zf_day_parse(q->from, &from) == 0 &&
        zf_day_parse(q->to, &to) == 0) {
        char fi[32], ti[32];
        zf_day_start_utc(from, fi);
        zf_day_start_utc(to + 1, ti);
        zf_stmt_bind_text(st, 2, fi);
        zf_stmt_bind_text(st, 3, ti);
        return;
    }
    if (nbind < 3) return;
    zf_stmt_bind_text(st, 2, q->from);
    zf_stmt_bind_text(st, 3, q->to);
    if (nbind >= 4) zf_stmt_bind_text(st, 4, q->today);
}

typedef int (*row_fn)(zf_stmt_t *st, void *ctx);

static int run(zf_db_t *db, const char *sql, const zf_stats_query_t *q, int nbind, row_fn fn,
               void *ctx, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, sql, err);
    if (!st) return ZF_EIO;
    bind_q(st, q, nbind);
    int rc;
    while ((rc = zf_stmt_step(st, err)) == 1) {
        int r = fn(st, ctx);
        if (r) {
            rc = r;
            break;
        }
    }
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

/* ---- small JSON helpers ---- */

static void add_int(json_t *o, const char *key, int64_t v) {
    json_t *x = json_object_get(o, key);
    json_object_set_new(o, key, json_integer((x ? json_integer_value(x) : 0) + v));
}

/* The object for key in a map object, created from a template when new. */
static json_t *entry(json_t *map, int64_t id, json_t *(*make)(void)) {
    char k[24];
    snprintf(k, sizeof k, "%lld", (long long)id);
    json_t *e = json_object_get(map, k);
    if (!e) {
        e = make();
        json_object_set_new(map, k, e);
    }
    return e;
}

static json_t *unit_template(void) {
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
        "s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
        "unit_id", (json_int_t)0, "name", "", "path", "", "kind", "", "inspections", (json_int_t)0,
        "inspections_signed", (json_int_t)0, "enterprises", (json_int_t)0, "hazards", (json_int_t)0,
        "hazards_major", (json_int_t)0, "hazards_open", (json_int_t)0, "hazards_rectified",
        (json_int_t)0, "hazards_verified", (json_int_t)0, "hazards_overdue", (json_int_t)0,
        "cases_filed", (json_int_t)0, "cases_simple", (json_int_t)0, "cases_decided", (json_int_t)0,
        "cases_no_penalty", (json_int_t)0, "cases_closed", (json_int_t)0, "fines_decided_fen",
        (json_int_t)0, "fines_collected_fen", (json_int_t)0, "cases_registered", (json_int_t)0);
}

static json_t *officer_template(void) {
    return json_pack("{s:I, s:s, s:I, s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "officer_id",
                     (json_int_t)0, "name", "", "unit_id", (json_int_t)0, "unit", "", "inspections",
                     (json_int_t)0, "cases_lead", (json_int_t)0, "cases_assist", (json_int_t)0,
                     "decided_in_time", (json_int_t)0, "decided_late", (json_int_t)0,
                     "legal_returns", (json_int_t)0);
}

/* Map {id: obj} → array ordered as the map was filled. */
static json_t *values(json_t *map) {
    json_t *arr = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(map, k, v) json_array_append(arr, v);
    return arr;
}

/* Counters keyed by a text (source, state, month) → [{key, count}]. */
static json_t *keyed(json_t *map, const char *keyname) {
    json_t *arr = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(map, k, v) {
        json_array_append_new(arr, json_pack("{s:s, s:O}", keyname, k, "count", v));
    }
    return arr;
}

static void bump(json_t *map, const char *key, int64_t n) {
    json_t *x = json_object_get(map, key);
    json_object_set_new(map, key, json_integer((x ? json_integer_value(x) : 0) + n));
}

/* ---- the dashboard ---- */

typedef struct dash {
    json_t *units;       /* {id: unit row} */
    json_t *officers;    /* {id: officer row} */
    json_t *insp;        /* totals */
    json_t *by_source;   /* {source: n} */
    json_t *insp_month;  /* {YYYY-MM: n} */
    json_t *hz;          /* totals */
    json_t *cs;          /* totals */
    json_t *by_state;    /* {state: n} */
    json_t *cases_month; /* {YYYY-MM: n} */
    json_t *fines;
} dash_t;

static int r_units(zf_stmt_t *st, void *ctx) {
    dash_t *d = ctx;
    json_t *u = entry(d->units, zf_stmt_int(st, 0), unit_template);
    json_object_set_new(u, "unit_id", json_integer(zf_stmt_int(st, 0)));
    json_object_set_new(u, "name", json_string(zf_stmt_text(st, 1)));
    json_object_set_new(u, "path", json_string(zf_stmt_text(st, 2)));
    json_object_set_new(u, "kind", json_string(zf_stmt_text(st, 3)));
    return 0;
}

static int r_insp(zf_stmt_t *st, void *ctx) {
    dash_t *d = ctx;
    json_t *u = entry(d->units, zf_stmt_int(st, 0), unit_template);
    int64_t n = zf_stmt_int(st, 2), signed_n = zf_stmt_int(st, 3);
    add_int(u, "inspections", n);
    add_int(u, "inspections_signed", signed_n);
    add_int(d->insp, "total", n);
    add_int(d->insp, "signed", signed_n);
    bump(d->by_source, zf_stmt_text(st, 1), n);
    return 0;
}

static int r_insp_ent(zf_stmt_t *st, void *ctx) {
    dash_t *d = ctx;
    json_t *u = entry(d->units, zf_stmt_int(st, 0), unit_template);
    add_int(u, "enterprises", zf_stmt_int(st, 1));
    return 0;
}

static int r_one(zf_stmt_t *st, void *ctx) {
    *(int64_t *)ctx = zf_stmt_int(st, 0);
    return 0;
}

static int r_hazards(zf_stmt_t *st, void *ctx) {
    dash_t *d = ctx;
    json_t *u = entry(d->units, zf_stmt_int(st, 0), unit_template);
    const char *grade = zf_stmt_text(st, 1), *status = zf_stmt_text(st, 2);
    int64_t n = zf_stmt_int(st, 3), overdue = zf_stmt_int(st, 4);
    int major = strcmp(grade, "major") == 0;
    add_int(u, "hazards", n);
    add_int(d->hz, "total", n);
    add_int(d->hz, major ? "major" : "ordinary", n);
    if (major) add_int(u, "hazards_major", n);
    char k[32];
    snprintf(k, sizeof k, "hazards_%s", status);
    add_int(u, k, n);
    add_int(d->hz, status, n);
    add_int(u, "hazards_overdue", overdue);
    add_int(d->hz, "overdue", overdue);
    return 0;
}

static int r_cases_filed(zf_stmt_t *st, void *ctx) {
    dash_t *d = ctx;
    json_t *u = entry(d->units, zf_stmt_int(st, 0), unit_template);
    const char *state = zf_stmt_text(st, 1);
    int64_t simple = zf_stmt_int(st, 2), n = zf_stmt_int(st, 3);
    add_int(u, "cases_registered", n);
    add_int(d->cs, "registered", n);
    add_int(u, "cases_filed", n);
    add_int(d->cs, "filed", n);
    if (simple) add_int(u, "cases_simple", n);
    add_int(d->cs, simple ? "simple" : "ordinary", n);
    bump(d->by_state, state, n);
    return 0;
}

static int r_cases_spot(zf_stmt_t *st, void *ctx) {
    dash_t *d = ctx;
    json_t *u = entry(d->units, zf_stmt_int(st, 0), unit_template);
    int64_t n = zf_stmt_int(st, 2);
    add_int(u, "cases_registered", n);
    add_int(d->cs, "registered", n);
    add_int(u, "cases_simple", n);
    add_int(d->cs, "simple", n);
    bump(d->by_state, zf_stmt_text(st, 1), n);
    return 0;
}

static int r_cases_decided(zf_stmt_t *st, void *ctx) {
    dash_t *d = ctx;
    json_t *u = entry(d->units, zf_stmt_int(st, 0), unit_template);
    int64_t dec = zf_stmt_int(st, 1), np = zf_stmt_int(st, 2), fen = zf_stmt_int(st, 3);
    add_int(u, "cases_decided", dec);
    add_int(d->cs, "decided", dec);
    add_int(u, "cases_no_penalty", np);
    add_int(d->cs, "no_penalty", np);
    add_int(u, "fines_decided_fen", fen);
    add_int(d->fines, "decided_fen", fen);
    return 0;
}

static int r_cases_closed(zf_stmt_t *st, void *ctx) {
    dash_t *d = ctx;
    json_t *u = entry(d->units, zf_stmt_int(st, 0), unit_template);
    add_int(u, "cases_closed", zf_stmt_int(st, 1));
    add_int(d->cs, "closed", zf_stmt_int(st, 1));
    return 0;
}

static int r_collected(zf_stmt_t *st, void *ctx) {
    dash_t *d = ctx;
    json_t *u = entry(d->units, zf_stmt_int(st, 0), unit_template);
    add_int(u, "fines_collected_fen", zf_stmt_int(st, 1));
    add_int(d->fines, "collected_fen", zf_stmt_int(st, 1));
    return 0;
}

static void officer_head(json_t *o, zf_stmt_t *st) {
    json_object_set_new(o, "officer_id", json_integer(zf_stmt_int(st, 0)));
    json_object_set_new(o, "name", json_string(zf_stmt_text(st, 1)));
    json_object_set_new(o, "unit_id", json_integer(zf_stmt_int(st, 2)));
    json_object_set_new(o, "unit", json_string(zf_stmt_text(st, 3)));
}

/* columns: officer id, name, unit id, unit name, role, count */
static int r_off_cases(zf_stmt_t *st, void *ctx) {
    dash_t *d = ctx;
    json_t *o = entry(d->officers, zf_stmt_int(st, 0), officer_template);
    officer_head(o, st);
    add_int(o, strcmp(zf_stmt_text(st, 4), "lead") == 0 ? "cases_lead" : "cases_assist",
            zf_stmt_int(st, 5));
    return 0;
}

/* columns: officer id, name, unit id, unit name, count */
static int r_off_insp(zf_stmt_t *st, void *ctx) {
    dash_t *d = ctx;
    json_t *o = entry(d->officers, zf_stmt_int(st, 0), officer_template);
    officer_head(o, st);
    add_int(o, "inspections", zf_stmt_int(st, 4));
    return 0;
}

static int r_off_list(zf_stmt_t *st, void *ctx) {
    dash_t *d = ctx;
    json_t *o = entry(d->officers, zf_stmt_int(st, 0), officer_template);
    officer_head(o, st);
    return 0;
}

static const char *SQL_UNITS = "SELECT id, name, path, kind FROM units "
                               "WHERE path LIKE $1 || '%' ORDER BY path";

static const char *SQL_INSP =
    "SELECT unit_id, source, SUM(n), SUM(CASE WHEN signed = 1 THEN n ELSE 0 END) "
    "FROM stats_inspections WHERE " IN_SCOPE IN_PERIOD
    " GROUP BY unit_id, source HAVING SUM(n) <> 0";
static const char *SQL_INSP_ENT_UNIT =
    "SELECT unit_id, COUNT(DISTINCT enterprise_id) FROM inspections WHERE " IN_SCOPE
    " AND inspected_on >= $2 AND inspected_on <= $3 GROUP BY unit_id";
/* distinct enterprises: one probe per enterprise into inspections_stats_ent
 * (enterprise_id, inspected_on, unit_id), cheaper than sorting every
 * inspection of the period for COUNT(DISTINCT) */
static const char *SQL_INSP_ENT =
    "SELECT COUNT(*) FROM enterprises e WHERE EXISTS (SELECT 1 FROM inspections i "
    "WHERE i.enterprise_id = e.id AND i.inspected_on >= $2 AND i.inspected_on <= $3 AND " I_IN_SCOPE
    ")";
static const char *SQL_INSP_MONTH =
    "SELECT COALESCE(SUM(n), 0) FROM stats_inspections WHERE " IN_SCOPE IN_PERIOD;
static const char *SQL_HAZARDS =
    "SELECT unit_id, grade, status, COUNT(*), "
    "SUM(CASE WHEN status = 'open' AND deadline < $4 THEN 1 ELSE 0 END) FROM hazards "
    "WHERE " IN_SCOPE " AND ordered_on >= $2 AND ordered_on <= $3 GROUP BY unit_id, grade, status";
/* filed (立案) in the period, by the case's state now */
static const char *SQL_CASES_FILED =
    "SELECT unit_id, state, simple, SUM(n) FROM stats_cases WHERE " IN_SCOPE
    " AND measure = 'filed'" IN_PERIOD " GROUP BY unit_id, state, simple HAVING SUM(n) <> 0";
/* decided on the spot (简易程序: no 立案) in the period, by state */
static const char *SQL_CASES_SPOT =
    "SELECT unit_id, state, SUM(n) FROM stats_cases WHERE " IN_SCOPE
    " AND measure = 'spot'" IN_PERIOD " GROUP BY unit_id, state HAVING SUM(n) <> 0";
/* decided in the period: penalties (state ''), 不予处罚 ('np'), amounts */
static const char *SQL_CASES_DECIDED =
    "SELECT unit_id, SUM(CASE WHEN state = '' THEN n ELSE 0 END), "
    "SUM(CASE WHEN state = '' THEN 0 ELSE n END), SUM(fen) FROM stats_cases WHERE " IN_SCOPE
    " AND measure = 'decided'" IN_PERIOD " GROUP BY unit_id";
static const char *SQL_CASES_CLOSED = "SELECT unit_id, SUM(n) FROM stats_cases WHERE " IN_SCOPE
                                      " AND measure = 'closed'" IN_PERIOD " GROUP BY unit_id";
/* registered in a month: filed, or decided on the spot */
static const char *SQL_CASES_MONTH = "SELECT COALESCE(SUM(n), 0) FROM stats_cases WHERE " IN_SCOPE
                                     " AND measure IN ('filed', 'spot')" IN_PERIOD;
/* bank payments received in the period, by the case's unit (the day
 * counters of migration 045) */
static const char *SQL_COLLECTED = "SELECT unit_id, SUM(fen) FROM stats_collected WHERE " IN_SCOPE
                                   IN_PERIOD " GROUP BY unit_id HAVING SUM(n) <> 0";
/* officers on the cases registered in the period (the scope is the
 * case's unit, not the officer's) */
static const char *SQL_OFF_CASES =
    "SELECT o.id, o.name, o.unit_id, u.name, s.role, SUM(s.n) FROM stats_officer_cases s "
    "JOIN officers o ON o.id = s.officer_id JOIN units u ON u.id = o.unit_id WHERE " S_IN_SCOPE
    " AND s.day >= $2 AND s.day <= $3 "
    "GROUP BY o.id, o.name, o.unit_id, u.name, s.role HAVING SUM(s.n) <> 0";
static const char *SQL_OFF_INSP =
    "SELECT o.id, o.name, o.unit_id, u.name, SUM(s.n) FROM stats_officer_inspections s "
    "JOIN officers o ON o.id = s.officer_id JOIN units u ON u.id = o.unit_id WHERE " S_IN_SCOPE
    " AND s.day >= $2 AND s.day <= $3 GROUP BY o.id, o.name, o.unit_id, u.name "
    "HAVING SUM(s.n) <> 0";

static json_t *by_id_sorted(json_t *map) { return values(map); }

/* The months of the period (at most 120: longer periods get no monthly
 * series), each counted with sql over that month's part of the period. */
static int by_month(zf_db_t *db, const zf_stats_query_t *q, const char *sql, json_t *map,
                    zf_error_t *err) {
    zf_day_t from, to;
    if (zf_day_parse(q->from, &from) || zf_day_parse(q->to, &to)) return 0;
    int y, m, dd;
    zf_day_to_ymd(from, &y, &m, &dd);
    zf_day_t start = zf_day_from_ymd(y, m, 1);
    for (int i = 0; i < 120 && start <= to; i++) {
        zf_day_t next = zf_day_add_months(start, 1);
        zf_day_t a = start < from ? from : start, b = next - 1 > to ? to : next - 1;
        char af[11], bf[11];
        zf_day_format(a, af);
        zf_day_format(b, bf);
        zf_stats_query_t mq = *q;
        mq.from = af;
        mq.to = bf;
        int64_t n = 0;
        int rc = run(db, sql, &mq, 3, r_one, &n, err);
        if (rc) return rc;
        char key[8];
        snprintf(key, sizeof key, "%.7s", af);
        json_object_set_new(map, key, json_integer(n));
        start = next;
    }
    return 0;
}

int zf_stats_dashboard(zf_db_t *db, const zf_stats_query_t *q, int with_officers, json_t **out,
                       zf_error_t *err) {
    dash_t d = {
        .units = json_object(),
        .officers = json_object(),
        .insp = json_pack("{s:I, s:I, s:I}", "total", (json_int_t)0, "signed", (json_int_t)0,
                          "enterprises", (json_int_t)0),
        .by_source = json_object(),
        .insp_month = json_object(),
        .hz = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "total", (json_int_t)0, "ordinary",
                        (json_int_t)0, "major", (json_int_t)0, "open", (json_int_t)0, "rectified",
                        (json_int_t)0, "verified", (json_int_t)0, "overdue", (json_int_t)0),
        .cs =
            json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "registered", (json_int_t)0, "filed",
                      (json_int_t)0, "decided", (json_int_t)0, "no_penalty", (json_int_t)0,
                      "closed", (json_int_t)0, "ordinary", (json_int_t)0, "simple", (json_int_t)0),
        .by_state = json_object(),
        .cases_month = json_object(),
        .fines =
            json_pack("{s:I, s:I}", "decided_fen", (json_int_t)0, "collected_fen", (json_int_t)0),
    };
    int64_t ents = 0;
    int rc = run(db, SQL_UNITS, q, 1, r_units, &d, err);
    if (!rc) rc = run(db, SQL_INSP, q, 3, r_insp, &d, err);
    if (!rc) rc = run(db, SQL_INSP_ENT_UNIT, q, 3, r_insp_ent, &d, err);
    if (!rc) rc = run(db, SQL_INSP_ENT, q, 3, r_one, &ents, err);
    if (!rc) rc = by_month(db, q, SQL_INSP_MONTH, d.insp_month, err);
    if (!rc) rc = run(db, SQL_HAZARDS, q, 4, r_hazards, &d, err);
    if (!rc) rc = run(db, SQL_CASES_FILED, q, 3, r_cases_filed, &d, err);
    if (!rc) rc = run(db, SQL_CASES_SPOT, q, 3, r_cases_spot, &d, err);
    if (!rc) rc = run(db, SQL_CASES_DECIDED, q, 3, r_cases_decided, &d, err);
    if (!rc) rc = run(db, SQL_CASES_CLOSED, q, 3, r_cases_closed, &d, err);
    if (!rc) rc = by_month(db, q, SQL_CASES_MONTH, d.cases_month, err);
    if (!rc) rc = run(db, SQL_COLLECTED, q, 3, r_collected, &d, err);
    if (!rc && with_officers) rc = run(db, SQL_OFF_INSP, q, 3, r_off_insp, &d, err);
    if (!rc && with_officers) rc = run(db, SQL_OFF_CASES, q, 3, r_off_cases, &d, err);
    /* transfers (R27/R28) are counted once their table exists */
    int has_transfers = 0;
    json_t *transfers = NULL;
    if (!rc) {
        rc = zf_db_table_exists(db, "transfers", err);
        if (rc > 0) has_transfers = 1;
        if (rc > 0) rc = 0;
        /* by kind and state, and overdue (store/transfers.c, issue 11) */
        if (!rc && has_transfers)
            rc = zf_transfer_stats(db, q->scope_path, q->from, q->to, q->today, &transfers, err);
    }
    if (rc) {
        json_decref(d.units);
        json_decref(d.officers);
        json_decref(d.insp);
        json_decref(d.by_source);
        json_decref(d.insp_month);
        json_decref(d.hz);
        json_decref(d.cs);
        json_decref(d.by_state);
        json_decref(d.cases_month);
        json_decref(d.fines);
        return rc;
    }
    json_object_set_new(d.insp, "enterprises", json_integer(ents));
    json_object_set_new(d.insp, "by_source", keyed(d.by_source, "source"));
    json_object_set_new(d.insp, "by_month", keyed(d.insp_month, "month"));
    json_object_set_new(d.cs, "by_state", keyed(d.by_state, "state"));
    json_object_set_new(d.cs, "by_month", keyed(d.cases_month, "month"));
    json_decref(d.by_source);
    json_decref(d.insp_month);
    json_decref(d.by_state);
    json_decref(d.cases_month);
    *out = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "inspections", d.insp, "hazards", d.hz,
                     "cases", d.cs, "fines", d.fines, "units", by_id_sorted(d.units), "officers",
                     with_officers ? by_id_sorted(d.officers) : json_null(), "transfers",
                     has_transfers && transfers ? transfers : json_null());
    json_decref(d.units);
    json_decref(d.officers);
    return 0;
}

/* ---- the performance review ---- */

typedef struct perf {
    dash_t d;
    int decision_days;
} perf_t;

static const char *SQL_OFF_LIST =
    "SELECT o.id, o.name, o.unit_id, u.name FROM officers o JOIN units u ON u.id = o.unit_id "
    "WHERE u.path LIKE $1 || '%' AND o.kind = 'officer' AND o.status = 'serving' "
    "ORDER BY u.path, o.id";
/* decided in the period (filed first), in time or late against 第60条's
 * limit: `over` is the days from filing to decision minus the approved
 * extension, compared with the limit in force ($4) */
static const char *SQL_OFF_TIMELY =
    "SELECT officer_id, SUM(CASE WHEN over <= $4 THEN n ELSE 0 END), "
    "SUM(CASE WHEN over <= $4 THEN 0 ELSE n END) FROM stats_officer_decided WHERE " IN_SCOPE
        IN_PERIOD " GROUP BY officer_id";
static const char *SQL_OFF_RETURNS =
    "SELECT co.officer_id, COUNT(*) FROM case_reviews r JOIN cases c ON c.id = r.case_id "
    "JOIN case_officers co ON co.case_id = r.case_id WHERE r.kind = 'legal_review' "
    "AND r.opinion = 'return' AND r.reviewed_on >= $2 AND r.reviewed_on <= $3 AND " C_IN_SCOPE
    " GROUP BY co.officer_id";

static int r_off_timely(zf_stmt_t *st, void *ctx) {
    perf_t *p = ctx;
    json_t *o = entry(p->d.officers, zf_stmt_int(st, 0), officer_template);
    add_int(o, "decided_in_time", zf_stmt_int(st, 1));
    add_int(o, "decided_late", zf_stmt_int(st, 2));
    return 0;
}

/* 行政处罚法 第60条: 自立案之日起九十日内作出决定 — the number is the dated
 * parameter deadline.decision.days, bound as $4 */
static int run_timely(zf_db_t *db, const zf_stats_query_t *q, perf_t *p, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, SQL_OFF_TIMELY, err);
    if (!st) return ZF_EIO;
    bind_q(st, q, 3);
    zf_stmt_bind_int(st, 4, p->decision_days);
    int rc;
    while ((rc = zf_stmt_step(st, err)) == 1)
        r_off_timely(st, p);
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

/* 案卷评查 (R30): the submitted evaluations of the scope's cases in the
 * period (by the local day they were submitted: BIND_INSTANTS), per case officer: how many, the
 * sum of the totals, how many 不合格 */
/* from the evaluations to their cases (CROSS JOIN keeps that order in
 * SQLite): without statistics its planner walked every case of the scope
 * probing evaluation_cases — 110 ms at 1,000,000 cases for 5 evaluations */
static const char *SQL_OFF_EVAL =
    "SELECT co.officer_id, COUNT(*), SUM(ec.total), "
    "SUM(CASE WHEN ec.grade = 'fail' THEN 1 ELSE 0 END) FROM evaluation_cases ec "
    "CROSS JOIN cases c JOIN case_officers co ON co.case_id = ec.case_id "
    "WHERE c.id = ec.case_id AND ec.status = 'submitted' AND ec.submitted_at >= $2 "
    "AND ec.submitted_at < $3 AND " C_IN_SCOPE " GROUP BY co.officer_id";

static int r_off_eval(zf_stmt_t *st, void *ctx) {
    perf_t *p = ctx;
    json_t *o = entry(p->d.officers, zf_stmt_int(st, 0), officer_template);
    json_object_set_new(o, "evaluation",
                        json_pack("{s:I, s:I, s:I}", "cases", (json_int_t)zf_stmt_int(st, 1),
                                  "total_sum", (json_int_t)zf_stmt_int(st, 2), "failed",
                                  (json_int_t)zf_stmt_int(st, 3)));
    return 0;
}

static int r_off_returns(zf_stmt_t *st, void *ctx) {
    perf_t *p = ctx;
    json_t *o = entry(p->d.officers, zf_stmt_int(st, 0), officer_template);
    add_int(o, "legal_returns", zf_stmt_int(st, 1));
    return 0;
}

int zf_stats_performance(zf_db_t *db, const zf_stats_query_t *q, int decision_days, json_t **out,
                         zf_error_t *err) {
    perf_t p = {.d = {.officers = json_object()}, .decision_days = decision_days};
    int rc = run(db, SQL_OFF_LIST, q, 1, r_off_list, &p.d, err);
    if (!rc) rc = run(db, SQL_OFF_INSP, q, 3, r_off_insp, &p.d, err);
    if (!rc) rc = run(db, SQL_OFF_CASES, q, 3, r_off_cases, &p.d, err);
    if (!rc) rc = run_timely(db, q, &p, err);
    if (!rc) rc = run(db, SQL_OFF_RETURNS, q, 3, r_off_returns, &p, err);
    if (!rc) rc = run(db, SQL_OFF_EVAL, q, BIND_INSTANTS, r_off_eval, &p, err);
    if (rc) {
        json_decref(p.d.officers);
        return rc;
    }
    *out = values(p.d.officers);
    json_decref(p.d.officers);
    return 0;
}
