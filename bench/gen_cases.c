/* gen_cases.c — cases for the benchmark (issue 12: "1,000,000 cases across
 * all stages, their events and documents' records"), written with portable
 * SQL through zf_db so the same statements fill SQLite and PostgreSQL.
 * Every date is computed here in C (core/day.h), never with an SQL date
 * function, which the two dialects spell differently.
 *
 * Case i of n (ids grow with time, as in a real database: case i is filed
 * on day 2025-01-01 + 600·i/n, the last in August 2026, so every later
 * date stays before the end of November 2026). Its stage is i % 20:
 *   0 当场处罚 (simple: decided, served on the spot, paid and closed the same
 *     day; 第51条 caps an organisation's fine at 3,000 yuan, the amounts stay
 *     below)   1 draft   2–3 filed   4–5 investigating   6 reviewing
 *   7 legal_review   8 collective_discussion   9 notified   10 hearing
 *   11 decided   12 served   13 executing   14–16 closed   17 archived
 *   18 no_penalty   19 withdrawn
 * with the dates of the steps it went through (filed d, notified d+20,
 * hearing asked d+23 and held d+30, decided d+35, served d+37, executing
 * from d+67, closed 60 days after the decision).
 *
 * The party is an enterprise of the registry (gen_enterprises.c fills it):
 * the cases are spread over the enterprises as a district's are — 30 % of
 * them have none, the others a share drawn from an exponential law clipped
 * at four times its mean (median a few cases, the longest tail tens: for
 * 1,000,000 cases over 100,320 enterprises, median 5 and max ~60) — laid
 * out in a shuffled order. The unit is the enterprise's township (or the
 * brigade, for 30 % of the cases, which acts district-wide); two serving
 * officers of the unit, lead and assist (第42条: at least two). Every case
 * with a penalty decision gets its case_decisions row and a published
 * publication, with the `doc` and `body` of the demo's first published
 * decision (as bench/portal.sh does): the portal's page size is then the
 * real one. Numbers follow the configured format (case.number.format) and
 * continue the gap-free series "case:<year>", which is moved past them at
 * the end so cases created later through the API do not collide.
 *
 * With records (--case-records 1), each case also gets what a real one of
 * its stage has:
 *   violations  1 (70 %), 2 (25 %) or 3 items of the catalogue in force
 *               (items for 生产经营单位 with a maximum fine; 危化 and 烟花爆竹
 *               items for those enterprises), each with the discretion
 *               engine's own input and answer, computed once per item and
 *               tier (minor 30 %, general 55 %, serious 15 %) by
 *               zf_api_discretion_compute; the case's amounts are their sum.
 *               Simple cases take an item and tier whose amount stays within
 *               第51条's 3,000 yuan;
 *   reviews     法制审核 (agree, 3 days before the notice) and 集体讨论 (agree)
 *               when the amount reaches the configured thresholds (or the
 *               case is in/after those stages), and one in six cases a
 *               法制审核 'return' 12 days after filing (the performance
 *               review counts returns);
 *   payments    a payment notice (缴款通知, due 15 days after service) once
 *               served, a bank receipt for paid cases (closed, archived,
 *               simple, half of the served);
 *   documents   the issued documents' rows of the stage (立案审批表, 询问笔录,
 *               案件处理呈批表, 行政处罚告知书, 听证告知书, 行政处罚决定书 /
 *               当场处罚决定书, 送达回执, 结案审批表): numbered as the server
 *               numbers them (the case's number, with the kind's prefix for
 *               the non-decisions), the shipped template's sha256, a unique
 *               verification code, and — not a PDF rendered per document —
 *               the blob, size, pages and frozen fields of the demo's first
 *               issued decision;
 *   log events  through zf_log_append, as the API writes them: case.create,
 *               case.violation per violation, one case.<step> per step
 *               taken (file … close, archive, decide_on_spot, no_penalty,
 *               withdraw, legal_return), case.review_record per review,
 *               case.payment_notice / case.payment, document.issue per
 *               document (with its sha256) — so `zhifa audit verify` covers
 *               them. Their `after` is the step's few fields, not the whole
 *               case row the API logs.
 * Not generated: next_due (the deadline list has its own bench,
 * bench/case_deadlines.sh), hearings' own records, evidence, remedies.
 *
 * Cost (release build, SQLite, 2026-11-29, bench/README.md "Figures with
 * records"): about 1.0 ms of CPU a case with records (0.22 ms without),
 * so ~17 minutes of one idle core for 1,000,000; ~12.6 log events, ~3.9
 * documents, 1.3 violations a case; 12 GB for 475,000 cases with
 * 100,000 enterprises (~25 KB a case). On the loaded 2-core machine under
 * nice it ran at 215–230 cases a second and was stopped at 475,000. */
#include "gen_cases.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/case_api.h"
#include "core/day.h"
#include "docs/docs.h"
#include "store/blobs.h"
#include "store/log.h"

typedef struct ent {
    int64_t id, unit_id;
    char *name, *credit_code, *legal_rep, *phone, *address, *domain;
} ent_t;

typedef struct off {
    int64_t id, unit_id, user_id;
} off_t_;

/* a catalogue item and tier with the discretion engine's answer */
typedef struct disc {
    const char *code, *domain, *title;
    int64_t version, delegable, amount, rmin, rmax;
    int tier, hearing;
    char *input, *answer;
} disc_t;

/* the documents a case's stage has issued */
typedef struct dkind {
    const char *code;
    char prefix[64];
    char tpl_sha[ZF_BLOB_HEX_LEN];
} dkind_t;

enum {
    R_DRAFT,
    R_FILED,
    R_INV,
    R_REVIEWING,
    R_LEGAL,
    R_COLLECTIVE,
    R_NOTIFIED,
    R_HEARING,
    R_DECIDED,
    R_SERVED,
    R_EXECUTING,
    R_CLOSED,
    R_ARCHIVED
};
enum { K_NORMAL, K_SIMPLE, K_NO_PENALTY, K_WITHDRAWN };
static const struct {
    const char *state;
    int rank, kind;
} MIX[20] = {{"closed", R_CLOSED, K_SIMPLE},
             {"draft", R_DRAFT, K_NORMAL},
             {"filed", R_FILED, K_NORMAL},
             {"filed", R_FILED, K_NORMAL},
             {"investigating", R_INV, K_NORMAL},
             {"investigating", R_INV, K_NORMAL},
             {"reviewing", R_REVIEWING, K_NORMAL},
             {"legal_review", R_LEGAL, K_NORMAL},
             {"collective_discussion", R_COLLECTIVE, K_NORMAL},
             {"notified", R_NOTIFIED, K_NORMAL},
             {"hearing", R_HEARING, K_NORMAL},
             {"decided", R_DECIDED, K_NORMAL},
             {"served", R_SERVED, K_NORMAL},
             {"executing", R_EXECUTING, K_NORMAL},
             {"closed", R_CLOSED, K_NORMAL},
             {"closed", R_CLOSED, K_NORMAL},
             {"closed", R_CLOSED, K_NORMAL},
             {"archived", R_ARCHIVED, K_NORMAL},
             {"no_penalty", R_NOTIFIED, K_NO_PENALTY},
             {"withdrawn", R_INV, K_WITHDRAWN}};

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

static uint64_t rng = 0x2025ull * 0x9e3779b97f4a7c15ull;
static uint64_t rnd64(void) {
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}
static uint32_t rnd(uint32_t n) { return (uint32_t)((rnd64() >> 33) % n); }
static double unif(void) { return ((double)(rnd64() >> 11) + 0.5) / 9007199254740992.0; }

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

/* One log event, as the API appends it; `after` is stolen. */
static void log_event(zf_db_t *db, zf_arena_t *a, int64_t actor, int64_t unit, const char *action,
                      const char *type, int64_t id, json_t *after, long long *count) {
    zf_error_t err = {0};
    zf_log_entry_t e = {.actor_id = actor,
                        .unit_id = unit,
                        .action = action,
                        .object_type = type,
                        .object_id = zf_arena_printf(a, "%lld", (long long)id),
                        .after = after};
    int64_t idx = zf_log_append(db, &e, &err);
    json_decref(after);
    if (idx < 0) die("log", &err);
    (*count)++;
}

static const char *const TITLES[] = {
    "未按规定对从业人员进行安全生产教育和培训",
    "未设置明显的安全警示标志",
    "未对安全设备进行经常性维护、保养和定期检测",
    "未建立事故隐患排查治理制度",
    "特种作业人员未持证上岗",
    "未如实记录安全生产教育和培训情况",
    "粉尘防爆安全措施不落实",
    "危险化学品储存不符合规定",
};
static const char *const TIERS[] = {"minor", "general", "serious"};

/* Crockford's base32, as docs/verify.c */
static const char CROCKFORD[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* The k-th verification code: a bijection of 50 bits (odd multipliers and
 * a xor-shift), so codes never repeat and do not look sequential. */
static void verify_code(uint64_t k, char out[ZF_DOC_CODE_LEN + 1]) {
    const uint64_t mask = (1ull << 50) - 1;
    uint64_t x = (k * 0x5DEECE66Dull + 0x2B) & mask;
    x ^= x >> 25;
    x = (x * 0x2545F4914F6CDD1Dull) & mask;
    x ^= x >> 21;
    for (int i = 0; i < ZF_DOC_CODE_LEN; i++)
        out[i] = CROCKFORD[(x >> (45 - 5 * i)) & 31];
    out[ZF_DOC_CODE_LEN] = 0;
}

static int cmp_ll(const void *x, const void *y) {
    long long a = *(const long long *)x, b = *(const long long *)y;
    return a < b ? -1 : a > b;
}

int bench_gen_cases(zf_db_t *db, long long n, long long batch, int records,
                    bench_cases_stats_t *out) {
    memset(out, 0, sizeof *out);
    if (n <= 0) return 0;
    zf_error_t err = {0};
    zf_arena_t *a = zf_arena_new();
    zf_arena_t *keep = zf_arena_new();
    double start = now_s();

    /* the enforcing units of the demo district; the brigade acts district-wide */
    int64_t *units = NULL, brigade = 0;
    size_t nunits = 0;
    zf_stmt_t *st = prep(db, "SELECT id, kind FROM units WHERE kind IN ('brigade', 'township', "
                             "'devzone') AND code LIKE '341504%' ORDER BY id");
    int rc;
    while ((rc = zf_stmt_step(st, &err)) == 1) {
        units = grow(units, nunits, sizeof *units);
        units[nunits++] = zf_stmt_int(st, 0);
        if (!brigade && strcmp(zf_stmt_text(st, 1), "brigade") == 0) brigade = zf_stmt_int(st, 0);
    }
    zf_stmt_done(st);
    if (rc < 0) die("units", &err);
    if (!nunits) {
        fprintf(stderr, "zhifa-bench-gen: cases: no demo units (run zhifa demo first)\n");
        exit(1);
    }

    ent_t *ents = NULL;
    size_t nents = 0;
    st = prep(db, "SELECT id, unit_id, name, credit_code, legal_rep, legal_rep_phone, address, "
                  "domain FROM enterprises ORDER BY id");
    while ((rc = zf_stmt_step(st, &err)) == 1) {
        ents = grow(ents, nents, sizeof *ents);
        ents[nents++] =
            (ent_t){zf_stmt_int(st, 0),       zf_stmt_int(st, 1),       dup(zf_stmt_text(st, 2)),
                    dup(zf_stmt_text(st, 3)), dup(zf_stmt_text(st, 4)), dup(zf_stmt_text(st, 5)),
                    dup(zf_stmt_text(st, 6)), dup(zf_stmt_text(st, 7))};
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

    /* per unit: its officers (indexes), falling back to all of them where a
     * unit has fewer than two */
    size_t **u_offs = calloc(nunits, sizeof *u_offs), *u_noffs = calloc(nunits, sizeof *u_noffs);
    if (!u_offs || !u_noffs) exit(1);
    for (size_t k = 0; k < nunits; k++)
        for (size_t o = 0; o < noffs; o++)
            if (offs[o].unit_id == units[k]) {
                u_offs[k] = grow(u_offs[k], u_noffs[k], sizeof **u_offs);
                u_offs[k][u_noffs[k]++] = o;
            }

    /* The spread of cases over enterprises: 30 % none, the others a weight
     * from an exponential law clipped to [0.05, 4], the cases dealt out by
     * cumulative rounding (exactly n), then shuffled into filing order. */
    uint32_t *assign = malloc((size_t)n * sizeof *assign);
    long long *per = calloc(nents, sizeof *per);
    double *w = calloc(nents, sizeof *w);
    if (!assign || !per || !w) exit(1);
    double wsum = 0;
    for (size_t e = 0; e < nents; e++) {
        if (rnd(100) < 30) continue;
        double x = -log(unif());
        w[e] = x < 0.05 ? 0.05 : x > 4 ? 4 : x;
        wsum += w[e];
    }
    {
        double cum = 0;
        long long dealt = 0;
        for (size_t e = 0; e < nents; e++) {
            cum += w[e] * (double)n / wsum;
            long long upto = e + 1 == nents ? n : (long long)cum;
            if (upto > n) upto = n;
            for (; dealt < upto; dealt++) {
                assign[dealt] = (uint32_t)e;
                per[e]++;
            }
        }
        for (long long i = n - 1; i > 0; i--) {
            long long j = (long long)(rnd64() % (uint64_t)(i + 1));
            uint32_t t = assign[i];
            assign[i] = assign[j];
            assign[j] = t;
        }
        out->ents = (long long)nents;
        for (size_t e = 0; e < nents; e++) {
            if (!per[e]) out->ents_without++;
            if (per[e] > out->ents_max) out->ents_max = per[e];
        }
        long long *sorted = malloc(nents * sizeof *sorted);
        if (!sorted) exit(1);
        memcpy(sorted, per, nents * sizeof *sorted);
        qsort(sorted, nents, sizeof *sorted, cmp_ll);
        out->ents_median = sorted[nents / 2];
        free(sorted);
    }
    free(w);
    free(per);

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

    /* ---- what the records need: catalogue answers, document models ---- */
    disc_t *disc = NULL;
    size_t ndisc = 0;
    int64_t legal_reviewer = 0, leader = 0, cashier = 0;
    const char *model_fields = NULL, *model_sha = NULL;
    int64_t model_size = 0, model_pages = 0;
    dkind_t dk[9] = {
        {.code = "case_filing"},     {.code = "inquiry_record"}, {.code = "case_approval"},
        {.code = "penalty_notice"},  {.code = "hearing_notice"}, {.code = "penalty_decision"},
        {.code = "service_receipt"}, {.code = "case_closing"},   {.code = "onsite_decision"}};
    enum {
        D_FILING,
        D_INQUIRY,
        D_APPROVAL,
        D_NOTICE,
        D_HEARING,
        D_DECISION,
        D_RECEIPT,
        D_CLOSING,
        D_ONSITE
    };
    char **codes_there = NULL;
    size_t ncodes_there = 0;
    typedef struct {
        char *code, *domain, *title;
        int64_t version, delegable;
    } item_t;
    item_t *items = NULL;
    size_t nitems = 0;
    if (records) {
        st = prep(db, "SELECT i.code, v.version, v.delegable, v.domain FROM catalogue_items i JOIN "
                      "catalogue_versions v ON v.item_id = i.id WHERE v.kind = '行政处罚' AND "
                      "v.per_person = 0 AND v.fine_max IS NOT NULL AND v.target LIKE "
                      "'%生产经营单位%' AND v.effective_from <= '2025-01-01' ORDER BY i.code, "
                      "v.version");
        while ((rc = zf_stmt_step(st, &err)) == 1) {
            const char *code = zf_stmt_text(st, 0);
            if (nitems && strcmp(items[nitems - 1].code, code) == 0) { /* a newer version */
                items[nitems - 1].version = zf_stmt_int(st, 1);
                items[nitems - 1].delegable = zf_stmt_int(st, 2);
                continue;
            }
            items = grow(items, nitems, sizeof *items);
            items[nitems++] = (item_t){dup(code), dup(zf_stmt_text(st, 3)), NULL,
                                       zf_stmt_int(st, 1), zf_stmt_int(st, 2)};
        }
        zf_stmt_done(st);
        if (rc < 0) die("catalogue", &err);
        for (size_t k = 0; k < nitems; k++) { /* the case's title: the first item's */
            zf_cat_version_t cv;
            zf_arena_free(a);
            a = zf_arena_new();
            if (zf_catalogue_at(db, a, items[k].code, "2025-06-01", &cv, &err) != 0)
                die(items[k].code, &err);
            items[k].title = dup(cv.title);
        }
        for (size_t k = 0; k < nitems; k++)
            for (int t = 0; t < 3; t++) {
                json_t *in =
                    json_pack("{s:s, s:s, s:s, s:s}", "item_code", items[k].code, "violation_date",
                              "2025-06-01", "decision_date", "2025-07-15", "tier", TIERS[t]);
                json_t *ans = NULL;
                zf_error_t e2 = {0};
                zf_arena_free(a);
                a = zf_arena_new();
                if (zf_api_discretion_compute(db, a, in, NULL, &ans, &e2) == 0) {
                    json_t *rec = json_object_get(ans, "recommended");
                    json_t *tr = json_object_get(ans, "tier_range");
                    int64_t amount =
                        json_integer_value(json_object_get(json_object_get(rec, "total"), "fen"));
                    if (amount > 0) {
                        disc = grow(disc, ndisc, sizeof *disc);
                        char *ti = json_dumps(in, JSON_COMPACT | JSON_SORT_KEYS);
                        char *ta = json_dumps(ans, JSON_COMPACT);
                        disc[ndisc++] =
                            (disc_t){.code = items[k].code,
                                     .domain = items[k].domain,
                                     .title = items[k].title,
                                     .tier = t,
                                     .version = items[k].version,
                                     .delegable = items[k].delegable,
                                     .amount = amount,
                                     .rmin = json_integer_value(
                                         json_object_get(json_object_get(tr, "min"), "fen")),
                                     .rmax = json_integer_value(
                                         json_object_get(json_object_get(tr, "max"), "fen")),
                                     .hearing = json_is_true(json_object_get(ans, "hearing")) ||
                                                amount >= cfg.hearing_unit_fen,
                                     .input = ti,
                                     .answer = ta};
                    }
                    json_decref(ans);
                }
                json_decref(in);
            }
        if (!ndisc) {
            fprintf(stderr, "zhifa-bench-gen: cases: the discretion engine gave no amount for "
                            "any catalogue item\n");
            exit(1);
        }
        zf_user_t u;
        if (zf_user_get_by_username(db, keep, "zhaomin", &u, &err) == 0) legal_reviewer = u.id;
        if (zf_user_get_by_username(db, keep, "liuyang", &u, &err) == 0) leader = u.id;
        if (zf_user_get_by_username(db, keep, "chenjie", &u, &err) == 0) cashier = u.id;
        if (!legal_reviewer || !leader || !cashier) die("the demo's users", &err);
        /* the blob, size, pages and fields of the demo's first issued decision */
        st = prep(db, "SELECT fields, sha256, size, pages FROM documents WHERE kind = "
                      "'penalty_decision' AND status = 'issued' ORDER BY id LIMIT 1");
        rc = zf_stmt_step(st, &err);
        if (rc == 1) {
            model_fields = zf_arena_strdup(keep, zf_stmt_text(st, 0));
            model_sha = zf_arena_strdup(keep, zf_stmt_text(st, 1));
            model_size = zf_stmt_int(st, 2);
            model_pages = zf_stmt_int(st, 3);
        }
        zf_stmt_done(st);
        if (rc < 0) die("model document", &err);
        if (rc == 0) {
            fprintf(stderr, "zhifa-bench-gen: cases: no issued decision to copy (run zhifa "
                            "demo first)\n");
            exit(1);
        }
        /* each kind's shipped template: its number prefix and sha256 */
        for (size_t k = 0; k < sizeof dk / sizeof dk[0]; k++) {
            const char *body = zf_doc_shipped_template(dk[k].code);
            zf_doc_template_t *t = NULL;
            if (!body || zf_doc_template_parse(body, strlen(body), dk[k].code, &t, &err) != 0)
                die(dk[k].code, &err);
            snprintf(dk[k].prefix, sizeof dk[k].prefix, "%s", zf_doc_template_prefix(t));
            zf_doc_template_free(t);
            zf_blob_sha256_hex(body, strlen(body), dk[k].tpl_sha);
        }
        st = prep(db, "SELECT verify_code FROM documents");
        while ((rc = zf_stmt_step(st, &err)) == 1) {
            codes_there = grow(codes_there, ncodes_there, sizeof *codes_there);
            codes_there[ncodes_there++] = dup(zf_stmt_text(st, 0));
        }
        zf_stmt_done(st);
        if (rc < 0) die("verification codes", &err);
    }
    /* the catalogue answers by kind of enterprise: 危化 items for hazchem,
     * 烟花爆竹 for fireworks, the general ones for all; the simple cases'
     * within 第51条's 3,000 yuan */
    size_t *d_general = calloc(ndisc + 1, sizeof(size_t)), nd_general = 0;
    size_t *d_hazchem = calloc(ndisc + 1, sizeof(size_t)), nd_hazchem = 0;
    size_t *d_fireworks = calloc(ndisc + 1, sizeof(size_t)), nd_fireworks = 0;
    size_t *d_simple = calloc(ndisc + 1, sizeof(size_t)), nd_simple = 0;
    if (!d_general || !d_hazchem || !d_fireworks || !d_simple) exit(1);
    for (size_t k = 0; k < ndisc; k++) {
        /* no fine over 200万 (a district's cases seldom see one): the
         * engine's answer for some items' serious tier */
        if (disc[k].amount > 200000000) continue;
        if (strcmp(disc[k].domain, "危化") == 0)
            d_hazchem[nd_hazchem++] = k;
        else if (strcmp(disc[k].domain, "烟花爆竹") == 0)
            d_fireworks[nd_fireworks++] = k;
        else
            d_general[nd_general++] = k;
        if (disc[k].amount <= cfg.params.simple_org_max_fen) d_simple[nd_simple++] = k;
    }
    if (records && (!nd_general || !nd_simple)) {
        fprintf(stderr,
                "zhifa-bench-gen: cases: no catalogue item fits (general %zu, simple "
                "%zu)\n",
                nd_general, nd_simple);
        exit(1);
    }

    zf_day_t base = zf_day_from_ymd(2025, 1, 1);
    uint64_t doc_counter = 0;
    bench_progress_start();
    if (zf_db_begin(db, &err) != 0) die("begin", &err);
    for (long long i = 0; i < n; i++) {
        zf_arena_free(a);
        a = zf_arena_new();
        const int mixk = (int)(i % 20);
        const char *state = MIX[mixk].state;
        const int rank = MIX[mixk].rank, kind = MIX[mixk].kind;
        const int simple = kind == K_SIMPLE, no_penalty = kind == K_NO_PENALTY,
                  withdrawn = kind == K_WITHDRAWN;
        const int penalty = simple || (kind == K_NORMAL && rank >= R_DECIDED);
        const int decided = penalty || no_penalty;
        const ent_t *e = &ents[assign[i]];
        /* the enterprise's township, or the brigade (30 %) */
        size_t k = nunits;
        if (brigade && rnd(10) < 3) {
            for (k = 0; k < nunits && units[k] != brigade; k++)
                ;
        } else {
            for (k = 0; k < nunits && units[k] != e->unit_id; k++)
                ;
        }
        if (k == nunits) k = (size_t)(i % (long long)nunits);
        const off_t_ *lead =
            u_noffs[k] >= 2 ? &offs[u_offs[k][(size_t)i % u_noffs[k]]] : &offs[(size_t)i % noffs];
        const off_t_ *mate = u_noffs[k] >= 2 ? &offs[u_offs[k][(size_t)(i + 1) % u_noffs[k]]]
                                             : &offs[(size_t)(i + 1) % noffs];
        int64_t actor = lead->user_id;

        /* the violations (chosen first: the amounts follow from them) */
        size_t vio[3];
        int nvio = 0;
        int64_t amount = 0;
        int hearing_worthy = 0;
        if (records) {
            nvio = simple ? 1 : rnd(100) < 70 ? 1 : rnd(100) < 83 ? 2 : 3;
            for (int v = 0; v < nvio; v++) {
                const size_t *pool = d_general;
                size_t np = nd_general;
                if (simple) {
                    pool = d_simple;
                    np = nd_simple;
                } else if (!strcmp(e->domain, "hazchem") && nd_hazchem && rnd(10) < 4) {
                    pool = d_hazchem;
                    np = nd_hazchem;
                } else if (!strcmp(e->domain, "fireworks") && nd_fireworks && rnd(10) < 4) {
                    pool = d_fireworks;
                    np = nd_fireworks;
                }
                /* tier minor 30 %, general 55 %, serious 15 %; over 20万 one in 50 */
                size_t pick = pool[rnd((uint32_t)np)];
                for (int tries = 0; tries < 8; tries++) {
                    uint32_t r = rnd(100);
                    const char *tier = r < 30 ? "minor" : r < 85 ? "general" : "serious";
                    pick = pool[rnd((uint32_t)np)];
                    if (strcmp(TIERS[disc[pick].tier], tier) != 0) continue;
                    if (disc[pick].amount > 20000000 && rnd(50)) continue;
                    break;
                }
                vio[v] = pick;
                amount += disc[pick].amount;
                hearing_worthy |= disc[pick].hearing;
            }
            if (simple && amount > cfg.params.simple_org_max_fen)
                amount = cfg.params.simple_org_max_fen;
        } else {
            amount = simple ? 50000 + (i / 20 % 20) * 10000     /* 500–2,400 yuan */
                            : 1000000 + (i / 20 % 40) * 250000; /* 1–10.75 万 */
        }
        const int needs_legal =
            amount >= cfg.lr_unit_fen || rank == R_LEGAL || rank == R_COLLECTIVE || no_penalty;
        const int needs_collective = amount >= cfg.col_unit_fen || rank == R_COLLECTIVE;
        const int heard = !simple && (rank == R_HEARING ||
                                      (rank > R_HEARING && hearing_worthy && (i / 20) % 3 == 0));
        const int returned = !simple && rank >= R_INV && !withdrawn && (i / 20) % 6 == 1;
        const int paid = rank >= R_CLOSED || simple || (rank == R_SERVED && (i / 20) % 2 == 0);

        /* the dates of the steps taken */
        zf_day_t d0 = base + (zf_day_t)(i * 600 / n);
        char filed[11] = "", notified[11] = "", hreq[11] = "", hheld[11] = "", decided_on[11] = "",
             served[11] = "", closed_on[11] = "", enforced[11] = "", due[11], stamp[32];
        zf_day_t dd = simple ? d0 : d0 + 35;
        if (!simple && rank >= R_FILED) zf_day_format(d0, filed);
        if (!simple && (rank >= R_NOTIFIED || no_penalty)) zf_day_format(d0 + 20, notified);
        if (heard) zf_day_format(d0 + 23, hreq);
        if (heard && rank > R_HEARING) zf_day_format(d0 + 30, hheld);
        if (decided) zf_day_format(dd, decided_on);
        if (penalty && (simple || rank >= R_SERVED)) zf_day_format(simple ? dd : dd + 2, served);
        if (penalty && rank >= R_CLOSED) zf_day_format(simple ? dd : dd + 60, closed_on);
        if (rank == R_EXECUTING) zf_day_format(dd + 32, enforced);
        /* 公示 within 7 working days of the decision (国办发〔2018〕118号);
         * nine calendar days stand in: bench data, not a deadline computed */
        zf_day_format(dd + 9, due);
        int year = zf_day_year(simple ? dd : d0);
        {
            char d[11];
            zf_day_format(d0, d);
            snprintf(stamp, sizeof stamp, "%sT08:30:00Z", d); /* simple: d0 is the day */
        }
        const char *number = NULL;
        int64_t s = 0;
        if ((rank >= R_FILED || simple) && (year == 2025 || year == 2026)) {
            s = ++seq[year - 2025];
            number = zf_api_case_number(a, cfg.number_format, year, s);
        }
        const char *title = records ? disc[vio[0]].title
                                    : TITLES[i % (long long)(sizeof TITLES / sizeof TITLES[0])];

        double t = now_s();
        st =
            prep(db, "INSERT INTO cases (unit_id, year, seq, number, state, simple, title, "
                     "source_kind, facts, filed_on, notified_on, decided_on, served_on, "
                     "service_method, statements_heard, notified_amount_fen, decided_amount_fen, "
                     "filing_record_done, closed_on, created_at, updated_at, hearing_requested_on, "
                     "hearing_held_on, enforcement, enforcement_on, withdraw_reason, "
                     "no_penalty_reason, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                     "$10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, $21, $22, $23, "
                     "$24, $25, $26, $27) RETURNING id");
        zf_stmt_bind_int(st, 1, units[k]);
        zf_stmt_bind_int(st, 2, year);
        if (number)
            zf_stmt_bind_int(st, 3, s);
        else
            zf_stmt_bind_null(st, 3);
        zf_stmt_bind_text(st, 4, number);
        zf_stmt_bind_text(st, 5, state);
        zf_stmt_bind_int(st, 6, simple);
        zf_stmt_bind_text(st, 7, title);
        zf_stmt_bind_text(st, 8, simple ? "ad_hoc" : "inspection");
        zf_stmt_bind_text(st, 9,
                          "现场检查发现该单位存在违法行为，有现场检查记录、询问笔录和照片为证。");
        zf_stmt_bind_text(st, 10, filed);
        zf_stmt_bind_text(st, 11, notified);
        zf_stmt_bind_text(st, 12, decided_on);
        zf_stmt_bind_text(st, 13, served);
        zf_stmt_bind_text(st, 14, !served[0] ? "" : simple ? "on_spot" : "direct");
        zf_stmt_bind_int(st, 15, decided);
        zf_stmt_bind_int(st, 16, notified[0] ? amount : 0);
        zf_stmt_bind_int(st, 17, penalty ? amount : 0);
        zf_stmt_bind_int(st, 18, simple);
        zf_stmt_bind_text(st, 19, closed_on);
        zf_stmt_bind_text(st, 20, stamp);
        zf_stmt_bind_text(st, 21, hreq);
        zf_stmt_bind_text(st, 22, hheld);
        zf_stmt_bind_text(st, 23, enforced[0] ? "已送达催告书，拟申请人民法院强制执行" : "");
        zf_stmt_bind_text(st, 24, enforced);
        zf_stmt_bind_text(st, 25, withdrawn ? "经调查违法事实不能成立" : "");
        zf_stmt_bind_text(st, 26,
                          no_penalty ? "初次违法且危害后果轻微并及时改正，依行政处罚法第33条"
                                       "第1款不予行政处罚"
                                     : "");
        if (actor)
            zf_stmt_bind_int(st, 27, actor);
        else
            zf_stmt_bind_null(st, 27);
        int64_t case_id = insert_id(st, "case insert");
        double t1 = now_s();
        out->s_cases += t1 - t;
        out->cases++;

        st = prep(db, "INSERT INTO case_parties (case_id, kind, name, id_code, legal_rep, phone, "
                      "address, enterprise_id, is_principal) VALUES ($1, 'org', $2, $3, $4, $5, "
                      "$6, $7, 1) RETURNING id");
        zf_stmt_bind_int(st, 1, case_id);
        zf_stmt_bind_text(st, 2, e->name);
        zf_stmt_bind_text(st, 3, e->credit_code);
        zf_stmt_bind_text(st, 4, e->legal_rep);
        zf_stmt_bind_text(st, 5, e->phone);
        zf_stmt_bind_text(st, 6, e->address);
        zf_stmt_bind_int(st, 7, e->id);
        int64_t party_id = insert_id(st, "party insert");
        double t2 = now_s();
        out->s_parties += t2 - t1;
        out->parties++;

        for (int r = 0; r < 2; r++) {
            const off_t_ *o = r ? mate : lead;
            st = prep(db, "INSERT INTO case_officers (case_id, officer_id, user_id, role) "
                          "VALUES ($1, $2, $3, $4)");
            zf_stmt_bind_int(st, 1, case_id);
            zf_stmt_bind_int(st, 2, o->id);
            if (o->user_id)
                zf_stmt_bind_int(st, 3, o->user_id);
            else
                zf_stmt_bind_null(st, 3);
            zf_stmt_bind_text(st, 4, r ? "assist" : "lead");
            run(st, "case officer insert");
            out->officers++;
        }
        double t3 = now_s();
        out->s_officers += t3 - t2;

        int64_t dec = 0;
        if (decided) {
            st = prep(db, "INSERT INTO case_decisions (case_id, number, decided_on, body, "
                          "created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
            zf_stmt_bind_int(st, 1, case_id);
            zf_stmt_bind_text(st, 2, number ? number : "");
            zf_stmt_bind_text(st, 3, decided_on);
            zf_stmt_bind_text(st, 4, model_body);
            zf_stmt_bind_text(st, 5, stamp);
            if (records)
                zf_stmt_bind_int(st, 6, leader);
            else
                zf_stmt_bind_null(st, 6);
            dec = insert_id(st, "decision insert");
            out->decisions++;
        }
        double t4 = now_s();
        out->s_decisions += t4 - t3;
        if (penalty) {
            char published[32];
            snprintf(published, sizeof published, "%sT09:00:00Z", decided_on);
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
            out->publications++;
        }
        double t5 = now_s();
        out->s_publications += t5 - t4;

        if (records) {
            long long *ev = &out->events;
            int64_t unit = units[k];
            log_event(db, a, actor, unit, "case.create", "case", case_id,
                      json_pack("{s:s, s:s, s:I}", "title", title, "state", "draft",
                                "enterprise_id", (json_int_t)e->id),
                      ev);
            char vdate[11];
            zf_day_format(d0 - 10, vdate);
            for (int v = 0; v < nvio; v++) {
                const disc_t *d = &disc[vio[v]];
                int64_t vamount = simple && nvio == 1 ? amount : d->amount;
                st = prep(db, "INSERT INTO case_violations (case_id, party_id, item_code, "
                              "item_version, delegable, violation_on, discretion_input, "
                              "discretion, range_min_fen, range_max_fen, amount_fen, "
                              "hearing_worthy) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                              "$11, $12) RETURNING id");
                zf_stmt_bind_int(st, 1, case_id);
                zf_stmt_bind_int(st, 2, party_id);
                zf_stmt_bind_text(st, 3, d->code);
                zf_stmt_bind_int(st, 4, d->version);
                zf_stmt_bind_int(st, 5, d->delegable);
                zf_stmt_bind_text(st, 6, vdate);
                zf_stmt_bind_text(st, 7, d->input);
                zf_stmt_bind_text(st, 8, d->answer);
                zf_stmt_bind_int(st, 9, d->rmin);
                zf_stmt_bind_int(st, 10, d->rmax);
                zf_stmt_bind_int(st, 11, vamount);
                zf_stmt_bind_int(st, 12, d->hearing);
                int64_t vid = insert_id(st, "violation insert");
                out->violations++;
                log_event(db, a, actor, unit, "case.violation", "case", case_id,
                          json_pack("{s:I, s:s, s:I}", "violation_id", (json_int_t)vid, "item_code",
                                    d->code, "amount_fen", (json_int_t)vamount),
                          ev);
            }
            /* the steps, in order, each with its day */
            char day[11];
#define STEP(ev_, on_)                                                                             \
    log_event(db, a, actor, unit, "case." ev_, "case", case_id,                                    \
              json_pack("{s:s, s:s}", "event", ev_, "on", on_), &out->events)
#define REVIEW(kind_, opinion_, on_, who_)                                                                \
    do {                                                                                                  \
        st = prep(db, "INSERT INTO case_reviews (case_id, kind, reviewer_id, participants, "              \
                      "opinion, reasons, reviewed_on, created_at) VALUES ($1, $2, $3, $4, $5, "           \
                      "$6, $7, $8)");                                                                     \
        zf_stmt_bind_int(st, 1, case_id);                                                                 \
        zf_stmt_bind_text(st, 2, kind_);                                                                  \
        zf_stmt_bind_int(st, 3, who_);                                                                    \
        zf_stmt_bind_text(st, 4,                                                                          \
                          strcmp(kind_, "collective_discussion") ? "" : "刘洋、陈杰、赵敏");              \
        zf_stmt_bind_text(st, 5, opinion_);                                                               \
        zf_stmt_bind_text(st, 6,                                                                          \
                          strcmp(opinion_, "return") ? "事实清楚，证据确凿，适用依据正确" \
                                                     : "证据不足，退回补充调查");                         \
        zf_stmt_bind_text(st, 7, on_);                                                                    \
        zf_stmt_bind_text(st, 8, stamp);                                                                  \
        run(st, "review insert");                                                                         \
        out->reviews++;                                                                                   \
        log_event(                                                                                        \
            db, a, who_, unit, "case.review_record", "case", case_id,                                     \
            json_pack("{s:s, s:s, s:s}", "kind", kind_, "opinion", opinion_, "reviewed_on", on_),         \
            &out->events);                                                                                \
    } while (0)
            if (simple) STEP("decide_on_spot", decided_on);
            if (filed[0]) STEP("file", filed);
            if (!simple && rank >= R_INV) {
                zf_day_format(d0 + 2, day);
                STEP("investigate", day);
            }
            if (returned) {
                zf_day_format(d0 + 12, day);
                STEP("review", day);
                STEP("legal_review", day);
                REVIEW("legal_review", "return", day, legal_reviewer);
                STEP("legal_return", day);
            }
            if (!simple && !withdrawn && rank >= R_REVIEWING) {
                zf_day_format(d0 + 16, day);
                STEP("review", day);
            }
            if (!simple && !withdrawn && rank >= R_LEGAL && needs_legal) {
                zf_day_format(d0 + 16, day);
                STEP("legal_review", day);
                if (rank > R_LEGAL) {
                    zf_day_format(d0 + 17, day);
                    REVIEW("legal_review", "agree", day, legal_reviewer);
                }
            }
            if (!simple && !withdrawn && rank >= R_COLLECTIVE && needs_collective) {
                zf_day_format(d0 + 18, day);
                STEP("discuss", day);
                if (rank > R_COLLECTIVE) {
                    zf_day_format(d0 + 19, day);
                    REVIEW("collective_discussion", "agree", day, leader);
                }
            }
            if (notified[0]) STEP("notify", notified);
            if (hreq[0]) STEP("hearing", hreq);
            if (no_penalty)
                STEP("no_penalty", decided_on);
            else if (!simple && rank >= R_DECIDED)
                STEP("decide", decided_on);
            if (!simple && served[0]) STEP("serve", served);
            if (enforced[0]) STEP("execute", enforced);
            if (!simple && closed_on[0]) STEP("close", closed_on);
            if (simple) STEP("close", closed_on);
            if (rank == R_ARCHIVED) {
                zf_day_format(dd + 75, day);
                STEP("archive", day);
            }
            if (withdrawn) {
                zf_day_format(d0 + 14, day);
                STEP("withdraw", day);
            }
#undef STEP
#undef REVIEW
            /* payments: the notice once served, the bank's receipt when paid */
            if (penalty && served[0]) {
                char pdue[11], paid_on[11];
                zf_day_t sd;
                zf_day_parse(served, &sd);
                zf_day_format(sd + 15, pdue);
                zf_day_format(simple ? sd : sd + 6, paid_on);
                st = prep(db, "INSERT INTO case_payments (case_id, kind, amount_fen, issued_on, "
                              "due_on, entered_by, created_at) VALUES ($1, 'notice', $2, $3, $4, "
                              "$5, $6)");
                zf_stmt_bind_int(st, 1, case_id);
                zf_stmt_bind_int(st, 2, amount);
                zf_stmt_bind_text(st, 3, served);
                zf_stmt_bind_text(st, 4, pdue);
                if (actor)
                    zf_stmt_bind_int(st, 5, actor);
                else
                    zf_stmt_bind_null(st, 5);
                zf_stmt_bind_text(st, 6, stamp);
                run(st, "payment notice insert");
                out->payments++;
                log_event(db, a, actor, unit, "case.payment_notice", "case", case_id,
                          json_pack("{s:I, s:s}", "amount_fen", (json_int_t)amount, "due_on", pdue),
                          ev);
                if (paid) {
                    st = prep(db, "INSERT INTO case_payments (case_id, kind, amount_fen, paid_on, "
                                  "reference, source, entered_by, created_at) VALUES ($1, 'bank', "
                                  "$2, $3, $4, 'manual', $5, $6)");
                    zf_stmt_bind_int(st, 1, case_id);
                    zf_stmt_bind_int(st, 2, amount);
                    zf_stmt_bind_text(st, 3, paid_on);
                    zf_stmt_bind_text(st, 4,
                                      zf_arena_printf(a, "BENCH-BANK-%lld", (long long)case_id));
                    zf_stmt_bind_int(st, 5, cashier);
                    zf_stmt_bind_text(st, 6, stamp);
                    run(st, "payment insert");
                    out->payments++;
                    log_event(db, a, cashier, unit, "case.payment", "case", case_id,
                              json_pack("{s:I, s:s}", "amount_fen", (json_int_t)amount, "paid_on",
                                        paid_on),
                              ev);
                }
            }
            /* the documents issued at the stage */
            int docs[9], ndocs = 0;
            if (simple)
                docs[ndocs++] = D_ONSITE;
            else if (number) {
                docs[ndocs++] = D_FILING;
                if (rank >= R_INV) docs[ndocs++] = D_INQUIRY;
                if (rank >= R_NOTIFIED && !withdrawn) docs[ndocs++] = D_APPROVAL;
                if (notified[0]) docs[ndocs++] = D_NOTICE;
                if (hreq[0] || (notified[0] && hearing_worthy)) docs[ndocs++] = D_HEARING;
                if (penalty) docs[ndocs++] = D_DECISION;
                if (served[0]) docs[ndocs++] = D_RECEIPT;
                if (closed_on[0]) docs[ndocs++] = D_CLOSING;
            }
            for (int di = 0; di < ndocs && number; di++) {
                const dkind_t *kd = &dk[docs[di]];
                const char *on = docs[di] == D_FILING                             ? filed
                                 : docs[di] == D_NOTICE                           ? notified
                                 : docs[di] == D_HEARING                          ? notified
                                 : docs[di] == D_RECEIPT                          ? served
                                 : docs[di] == D_CLOSING                          ? closed_on
                                 : docs[di] == D_ONSITE || docs[di] == D_DECISION ? decided_on
                                                                                  : NULL;
                if (!on || !on[0]) {
                    zf_day_format(docs[di] == D_INQUIRY ? d0 + 5 : d0 + 18, day);
                    on = day;
                }
                char num[128], code[ZF_DOC_CODE_LEN + 1];
                if (docs[di] == D_DECISION || docs[di] == D_ONSITE)
                    snprintf(num, sizeof num, "%s", number);
                else
                    zf_doc_number_format(num, sizeof num, kd->prefix, year, s);
                for (;;) {
                    verify_code(doc_counter++, code);
                    size_t c = 0;
                    while (c < ncodes_there && strcmp(codes_there[c], code))
                        c++;
                    if (c == ncodes_there) break;
                }
                char at[32];
                snprintf(at, sizeof at, "%sT10:00:00Z", on);
                int64_t issuer = docs[di] == D_DECISION ? leader : actor ? actor : cashier;
                st = prep(db, "INSERT INTO documents (kind, template_version, template_sha256, "
                              "subject_kind, subject_id, unit_id, year, seq, number, status, "
                              "sha256, size, pages, verify_code, fields, issued_on, issued_at, "
                              "issued_by) VALUES ($1, 0, $2, 'case', $3, $4, $5, $6, $7, "
                              "'issued', $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id");
                zf_stmt_bind_text(st, 1, kd->code);
                zf_stmt_bind_text(st, 2, kd->tpl_sha);
                zf_stmt_bind_int(st, 3, case_id);
                zf_stmt_bind_int(st, 4, unit);
                zf_stmt_bind_int(st, 5, year);
                zf_stmt_bind_int(st, 6, s);
                zf_stmt_bind_text(st, 7, num);
                zf_stmt_bind_text(st, 8, model_sha);
                zf_stmt_bind_int(st, 9, model_size);
                zf_stmt_bind_int(st, 10, model_pages);
                zf_stmt_bind_text(st, 11, code);
                zf_stmt_bind_text(st, 12, model_fields);
                zf_stmt_bind_text(st, 13, on);
                zf_stmt_bind_text(st, 14, at);
                zf_stmt_bind_int(st, 15, issuer);
                int64_t doc_id = insert_id(st, "document insert");
                out->documents++;
                const zf_doc_kind_t *dkk = zf_doc_kind_find(kd->code);
                char shown[ZF_DOC_CODE_LEN + 2];
                snprintf(shown, sizeof shown, "%.5s-%.5s", code, code + 5);
                log_event(db, a, issuer, unit, "document.issue", "document", doc_id,
                          json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:I, s:I, s:I, s:s, s:n}",
                                    "kind", kd->code, "name", dkk ? dkk->name : "", "number", num,
                                    "sha256", model_sha, "subject_kind", "case", "subject_id",
                                    (json_int_t)case_id, "verify_code", shown, "pages",
                                    (json_int_t)model_pages, "size", (json_int_t)model_size,
                                    "template_version", (json_int_t)0, "template_sha256",
                                    kd->tpl_sha, "corrects_document_id"),
                          ev);
            }
            out->s_records += now_s() - t5;
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

    for (size_t u = 0; u < nunits; u++)
        free(u_offs[u]);
    free(u_offs);
    free(u_noffs);
    for (size_t e = 0; e < nents; e++) {
        free(ents[e].name);
        free(ents[e].credit_code);
        free(ents[e].legal_rep);
        free(ents[e].phone);
        free(ents[e].address);
        free(ents[e].domain);
    }
    for (size_t d = 0; d < ndisc; d++) {
        free(disc[d].input);
        free(disc[d].answer);
    }
    for (size_t c = 0; c < ncodes_there; c++)
        free(codes_there[c]);
    for (size_t it = 0; it < nitems; it++) {
        free(items[it].code);
        free(items[it].domain);
        free(items[it].title);
    }
    free(items);
    free(codes_there);
    free(disc);
    free(d_general);
    free(d_hazchem);
    free(d_fireworks);
    free(d_simple);
    free(assign);
    free(ents);
    free(offs);
    free(units);
    free(model_doc);
    free(model_body);
    zf_arena_free(a);
    zf_arena_free(keep);
    return 0;
}
