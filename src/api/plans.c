/* plans.c — annual enforcement plans (R12), progress, officer load, joint
 * inspections (R15) and the inspection burden of an enterprise
 * (国办发〔2024〕54号). The arithmetic is core/plan.c; the ledger and the
 * burden rule are store/ledger.c; here: permissions, validation, logging.
 *
 * Permissions: plan.read (scope: the plan's unit path), plan.write (admin,
 * section_head, township_officer for her own unit), plan.approve
 * (bureau_leader). Every change is one event in the full-process log,
 * committed with the change (R22). Editing needs the plan's version (409
 * conflict.version when someone else changed it first). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/plan.h"
#include "core/util.h"
#include "store/enterprises.h"
#include "store/ledger.h"
#include "store/officers.h"
#include "store/plans.h"

static const char *status_name(const char *s) {
    if (strcmp(s, "draft") == 0) return "草稿";
    if (strcmp(s, "submitted") == 0) return "已报批";
    if (strcmp(s, "approved") == 0) return "已批准";
    return s;
}

static json_t *parse_report(const char *s) {
    json_t *j = s ? json_loads(s, 0, NULL) : NULL;
    return j ? j : json_object();
}

static json_t *plan_json(const zf_plan_t *p) {
    json_t *j = json_pack(
        "{s:I, s:I, s:s, s:s, s:I, s:s, s:s, s:{s:I, s:I, s:I, s:I}, s:I, s:I, s:I, s:I, s:s, "
        "s:I, s:I, s:s, s:s, s:s, s:I}",
        "id", (json_int_t)p->id, "unit_id", (json_int_t)p->unit_id, "unit_name", p->unit_name,
        "unit_kind", p->unit_kind, "year", (json_int_t)p->year, "status", p->status, "status_name",
        status_name(p->status), "cycles", "red", (json_int_t)p->cycle[0], "orange",
        (json_int_t)p->cycle[1], "yellow", (json_int_t)p->cycle[2], "blue", (json_int_t)p->cycle[3],
        "cycle_credit", (json_int_t)p->cycle_credit, "sampling_permille",
        (json_int_t)p->sampling_permille, "general_pool", (json_int_t)p->general_pool,
        "general_expected", (json_int_t)p->general_expected, "draw_months", p->draw_months,
        "capacity", (json_int_t)p->capacity, "joint_window", (json_int_t)p->joint_window,
        "return_reason", p->return_reason, "submitted_at", p->submitted_at, "approved_at",
        p->approved_at, "version", (json_int_t)p->version);
    return j;
}

json_t *zf_api_plan_json(const zf_plan_t *p) { return plan_json(p); }

static json_t *entry_json(const zf_ledger_entry_t *e) {
    json_t *j = json_pack("{s:I, s:I, s:s, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:I}", "id",
                          (json_int_t)e->id, "enterprise_id", (json_int_t)e->enterprise_id,
                          "enterprise_name", e->enterprise_name, "unit_id", (json_int_t)e->unit_id,
                          "unit_name", e->unit_name, "year", (json_int_t)e->year, "source",
                          e->source, "status", e->status, "done_on", e->done_on, "note", e->note,
                          "version", (json_int_t)e->version);
    json_object_set_new(j, "month", e->month ? json_integer(e->month) : json_null());
    json_object_set_new(j, "merged_into",
                        e->merged_into ? json_integer(e->merged_into) : json_null());
    return j;
}

/* The plan named by the route's {id}, with the actor's permission for
 * action on its unit. 0 or answered. */
static int load_plan(zf_req_t *req, zf_resp_t *resp, const char *action, zf_plan_t *p) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return -1;
    zf_error_t err = {0};
    int rc = zf_plan_get(zf_api_db(req), req->arena, id, p, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), action, p->unit_path, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

static int bad(zf_error_t *err, const char *field, const char *msg) {
    return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field, "%s", msg);
}

static int64_t int_field(json_t *body, const char *name, int64_t dflt) {
    json_t *v = json_object_get(body, name);
    return json_is_integer(v) ? json_integer_value(v) : dflt;
}

static int need_status(const zf_plan_t *p, const char *status, const char *what, zf_error_t *err) {
    if (strcmp(p->status, status) == 0) return 0;
    return zf_error_set(err, ZF_ECONFLICT, 409, "plan.wrong_status", "status",
                        "计划当前为“%s”，不能%s", status_name(p->status), what);
}

/* ---- officers of a unit and their certified months ---- */

typedef struct {
    zf_officer_rules_t rules;
    zf_officer_t *officers;
    zf_officer_facts_t *facts;
    size_t n;
} pool_t;

static int load_pool(zf_db_t *db, zf_arena_t *a, int64_t unit_id, const char *unit_path,
                     int64_t year, pool_t *pool, zf_error_t *err) {
    memset(pool, 0, sizeof *pool);
    char day[11];
    snprintf(day, sizeof day, "%04lld-01-01", (long long)year);
    int rc = zf_officer_rules_load(db, day, &pool->rules, err);
    if (rc == 0)
        rc = zf_officers_list(db, a, unit_path, unit_id, NULL, "serving", NULL, &pool->officers,
                              &pool->n, err);
    zf_training_t *t = NULL;
    size_t nt = 0;
    if (rc == 0) rc = zf_trainings_list(db, a, unit_path, 0, &t, &nt, err);
    if (rc) return rc;
    pool->facts = zf_arena_alloc(a, (pool->n ? pool->n : 1) * sizeof *pool->facts);
    zf_training_span_t *spans = zf_arena_alloc(a, (nt ? nt : 1) * sizeof *spans);
    for (size_t i = 0; i < pool->n; i++) {
        const zf_officer_t *o = &pool->officers[i];
        size_t k = 0;
        for (size_t j = 0; j < nt; j++) {
            zf_day_t s, e;
            if (t[j].officer_id != o->id || zf_day_parse(t[j].start_date, &s) != 0 ||
                zf_day_parse(t[j].end_date, &e) != 0)
                continue;
            spans[k++] =
                (zf_training_span_t){strcmp(t[j].kind, "onboarding") == 0, s, e, (int)t[j].days};
        }
        pool->facts[i] = (zf_officer_facts_t){o->id,
                                              o->name,
                                              o->kind,
                                              o->status,
                                              o->cert_no,
                                              o->cert_issued_on,
                                              o->cert_expires_on,
                                              zf_onboarding_done_on(&pool->rules, spans, k, NULL)};
    }
    return 0;
}

/* Does officer i count (行政处罚法 第四十二条 rule of core/officers.h) on
 * the first day of month m? */
static int counts_on(const pool_t *pool, size_t i, int64_t year, int m) {
    int counts[1];
    /* a member can have two findings (certificate, onboarding) plus the
     * team's: room for 2n + 1, not the n + 1 officers.h says */
    zf_team_finding_t f[ZF_TEAM_FINDINGS_MAX(1)];
    size_t nf = 0, counted = 0;
    zf_team_check(&pool->rules, zf_day_from_ymd((int)year, m, 1), &pool->facts[i], 1, counts, f,
                  &nf, &counted);
    return counts[0];
}

/* Check a team for month m of year: 0, or 400 plan.team_invalid naming each
 * officer and reason. Officers must be of the pool (the plan's unit) unless
 * extra_ok. */
static int check_team(zf_db_t *db, zf_arena_t *a, const pool_t *pool, int64_t year, int m,
                      const int64_t *ids, size_t n, zf_error_t *err) {
    zf_officer_facts_t facts[ZF_PLAN_MAX_TEAM * 2];
    if (n > sizeof facts / sizeof facts[0]) return bad(err, "officers", "检查人员过多");
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < pool->n && pool->facts[k].id != ids[i])
            k++;
        if (k == pool->n) {
            zf_officer_t o;
            zf_error_t e2 = {0};
            if (zf_officer_get(db, a, ids[i], &o, &e2) != 0)
                return zf_error_set(err, ZF_EINVAL, 400, "plan.team_invalid", "officers",
                                    "执法人员 %lld 不存在", (long long)ids[i]);
            return zf_error_set(err, ZF_EINVAL, 400, "plan.team_invalid", "officers",
                                "%s 不是本计划单位的在岗人员", o.name);
        }
        facts[i] = pool->facts[k];
    }
    int counts[ZF_PLAN_MAX_TEAM * 2];
    zf_team_finding_t f[ZF_PLAN_MAX_TEAM * 4 + 1];
    size_t nf = 0, counted = 0;
    int rc = zf_team_check(&pool->rules, zf_day_from_ymd((int)year, m, 1), facts, n, counts, f, &nf,
                           &counted);
    if (rc == 0) return 0;
    char msg[1024] = "";
    size_t o = 0;
    for (size_t i = 0; i < nf && o < sizeof msg - 1; i++)
        o += (size_t)snprintf(msg + o, sizeof msg - o, "%s%s", o ? "；" : "", f[i].reason);
    return zf_error_set(err, ZF_EINVAL, 400, "plan.team_invalid", "officers",
                        "%d 月检查组不符合要求：%s", m, msg);
}

/* "12,15" -> ids (at most 8); -1 on a bad list. */
static int parse_ids(const char *s, int64_t *ids, size_t max, size_t *n) {
    *n = 0;
    while (s && *s) {
        if (*s == ',' || *s == ' ') {
            s++;
            continue;
        }
        char *end;
        long long v = strtoll(s, &end, 10);
        if (end == s || v <= 0 || *n >= max) return -1;
        ids[(*n)++] = v;
        s = end;
    }
    return 0;
}

/* ---- registry scope of a plan ---- */

static const char *registry_prefix(zf_db_t *db, zf_arena_t *a, const char *kind, const char *path,
                                   zf_error_t *err) {
    if (strcmp(kind, "township") == 0 || strcmp(kind, "devzone") == 0) return path;
    const char *b = zf_unit_bureau_path(db, a, path, err);
    return b ? b : path;
}

static int64_t param_int(zf_db_t *db, zf_arena_t *a, const char *day, const char *key,
                         int64_t dflt) {
    zf_legal_param_t *rows;
    size_t n;
    zf_error_t err = {0};
    if (zf_legal_params_at(db, a, day, &rows, &n, &err) != 0) return dflt;
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].key, key) == 0) return atoll(rows[i].value);
    return dflt;
}

/* ---- lookups that stay O(n log n) on large plans ---- */

static int cmp_entry_id(const void *a, const void *b) {
    int64_t x = (*(const zf_ledger_entry_t *const *)a)->id;
    int64_t y = (*(const zf_ledger_entry_t *const *)b)->id;
    return (x > y) - (x < y);
}

/* Pointers to es sorted by id. */
static const zf_ledger_entry_t **index_by_id(zf_arena_t *a, const zf_ledger_entry_t *es, size_t n) {
    const zf_ledger_entry_t **idx = zf_arena_alloc(a, (n ? n : 1) * sizeof *idx);
    for (size_t i = 0; i < n; i++)
        idx[i] = &es[i];
    qsort(idx, n, sizeof *idx, cmp_entry_id);
    return idx;
}

static const zf_ledger_entry_t *find_by_id(const zf_ledger_entry_t **idx, size_t n, int64_t id) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (idx[mid]->id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && idx[lo]->id == id ? idx[lo] : NULL;
}

/* First assignment of ledger_id in as (sorted by ledger_id), or n. */
static size_t first_assign(const zf_plan_assign_t *as, size_t n, int64_t ledger_id) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (as[mid].ledger_id < ledger_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int live(const zf_ledger_entry_t *e) {
    return strcmp(e->status, "planned") == 0 || strcmp(e->status, "done") == 0;
}

/* The plan's entries for the log event of its generation: [[ledger id,
 * enterprise id, month, officer id, …], …] — what was planned, compactly. */
json_t *zf_api_plan_entries_log(zf_db_t *db, zf_arena_t *a, int64_t plan_id, zf_error_t *err) {
    zf_ledger_entry_t *es;
    zf_plan_assign_t *as;
    size_t ne, na;
    if (zf_plan_entries(db, a, plan_id, &es, &ne, err) != 0 ||
        zf_plan_assignments(db, a, plan_id, &as, &na, err) != 0)
        return NULL;
    json_t *out = json_array();
    for (size_t i = 0; i < ne; i++) {
        json_t *row = json_pack("[I, I, I]", (json_int_t)es[i].id, (json_int_t)es[i].enterprise_id,
                                (json_int_t)es[i].month);
        for (size_t q = first_assign(as, na, es[i].id); q < na && as[q].ledger_id == es[i].id; q++)
            json_array_append_new(row, json_integer(as[q].officer_id));
        json_array_append_new(out, row);
    }
    return out;
}

/* ---- list, get ---- */

void zf_api_plans_list(zf_req_t *req, zf_resp_t *resp) {
    const zf_actor_t *actor = zf_api_actor(req);
    const char *y = zf_req_query(req, "year");
    int64_t year = y ? atoll(y) : 0;
    zf_plan_t *ps;
    size_t n;
    zf_error_t err = {0};
    if (zf_plans_list(zf_api_db(req), req->arena, actor->scope_path, year, &ps, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, plan_json(&ps[i]));
    zf_resp_json(req, resp, 200, json_pack("{s:o}", "items", items));
}

static json_t *detail_json(zf_req_t *req, const zf_plan_t *p, zf_error_t *err) {
    zf_db_t *db = zf_api_db(req);
    zf_ledger_entry_t *es;
    zf_plan_assign_t *as;
    size_t ne, na;
    if (zf_plan_entries(db, req->arena, p->id, &es, &ne, err) != 0 ||
        zf_plan_assignments(db, req->arena, p->id, &as, &na, err) != 0)
        return NULL;
    json_t *j = plan_json(p);
    json_t *entries = json_array();
    for (size_t i = 0; i < ne; i++) {
        json_t *e = entry_json(&es[i]);
        json_t *offs = json_array();
        for (size_t q = first_assign(as, na, es[i].id); q < na && as[q].ledger_id == es[i].id; q++)
            json_array_append_new(offs, json_pack("{s:I, s:s}", "id", (json_int_t)as[q].officer_id,
                                                  "name", as[q].name));
        json_object_set_new(e, "officers", offs);
        json_array_append_new(entries, e);
    }
    json_object_set_new(j, "entries", entries);
    json_object_set_new(j, "report", parse_report(p->report));
    return j;
}

void zf_api_plan_get(zf_req_t *req, zf_resp_t *resp) {
    zf_plan_t p;
    if (load_plan(req, resp, "plan.read", &p) != 0) return;
    zf_error_t err = {0};
    json_t *j = detail_json(req, &p, &err);
    if (!j) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, j);
}

/* ---- generate ---- */

/* Generate the plan p (unit, year and parameters filled) of unit from the
 * registry, inside the caller's transaction: the plan row, its ledger rows
 * and officers. Fills *out with the stored plan and *report_out (new
 * reference) with the generation report. Used by the API and the demo. */
int zf_api_plan_generate_run(zf_db_t *db, zf_arena_t *a, int64_t actor_id, const zf_unit_t *unit,
                             zf_plan_t p_in, zf_plan_t *out, json_t **report_out, zf_error_t *err) {
    zf_plan_t p = p_in;
    char jan1[11];
    snprintf(jan1, sizeof jan1, "%04lld-01-01", (long long)p.year);
    int dmonths[12];
    int ndm = zf_plan_parse_months(p.draw_months, dmonths);
    if (ndm < 0) ndm = 0;
    int rc = 0;
    const char *prefix = registry_prefix(db, a, unit->kind, unit->path, err);
    zf_plan_enterprise_t *ents = NULL;
    size_t nent = 0;
    if (rc == 0) rc = zf_plan_registry(db, a, prefix, &ents, &nent, err);
    zf_burden_rules_t br;
    if (rc == 0) rc = zf_burden_rules_load(db, jan1, &br, err);
    pool_t pool;
    if (rc == 0) rc = load_pool(db, a, unit->id, unit->path, p.year, &pool, err);
    if (rc) return rc;
    /* targets: key enterprises on their risk cycle; credit-punished ones
     * (key or general) on the credit cycle when shorter; other general
     * enterprises form the double-random pool */
    zf_plan_target_t *tg = zf_arena_alloc(a, (nent ? nent : 1) * sizeof *tg);
    int64_t *caps = zf_arena_alloc(a, (nent ? nent : 1) * sizeof *caps);
    int64_t *before = zf_arena_alloc(a, (nent ? nent : 1) * sizeof *before);
    size_t *ent_of = zf_arena_alloc(a, (nent ? nent : 1) * sizeof *ent_of);
    size_t nt = 0;
    int plan_counts = (zf_ledger_source_bit("plan") & br.sources) != 0;
    for (size_t i = 0; i < nent; i++) {
        int key = strcmp(ents[i].supervision, "key") == 0;
        int r = zf_ledger_risk_index(ents[i].risk);
        if (!key && !ents[i].credit_punished) {
            p.general_pool++;
            continue;
        }
        int64_t cycle = key && r >= 0 ? p.cycle[r] : p.cycle_credit;
        if (ents[i].credit_punished && p.cycle_credit < cycle) cycle = p.cycle_credit;
        zf_burden_t b;
        rc = zf_store_burden_with(db, &br, ents[i].id, ents[i].supervision, ents[i].risk, p.year,
                                  &b, err);
        if (rc) return rc;
        caps[nt] = b.cap;
        before[nt] = b.counted;
        ent_of[nt] = i;
        int64_t left = b.cap > 0 && plan_counts ? (b.cap > b.counted ? b.cap - b.counted : 0) : -1;
        tg[nt] = (zf_plan_target_t){.enterprise_id = ents[i].id, .cycle = (int)cycle, .left = left};
        /* R15: months another unit already plans it in: join them first */
        rc = zf_store_ledger_other_months(db, ents[i].id, p.year, unit->id, tg[nt].join_months,
                                          &tg[nt].n_join, err);
        if (rc) return rc;
        nt++;
    }
    zf_plan_officer_t *po = zf_arena_alloc(a, (pool.n ? pool.n : 1) * sizeof *po);
    size_t eligible = 0;
    for (size_t i = 0; i < pool.n; i++) {
        memset(&po[i], 0, sizeof po[i]);
        po[i].id = pool.officers[i].id;
        for (int m = 1; m <= 12; m++)
            if (counts_on(&pool, i, p.year, m)) po[i].months |= 1u << (m - 1);
        if (po[i].months) eligible++;
    }
    zf_plan_slot_t *slots = zf_arena_alloc(a, (nt ? nt : 1) * 12 * sizeof *slots);
    int64_t *cut = zf_arena_alloc(a, (nt ? nt : 1) * sizeof *cut);
    zf_plan_report_t rep;
    int team = pool.rules.min_officers > 0 ? pool.rules.min_officers : 2;
    size_t ns = zf_plan_schedule(tg, nt, po, pool.n, (int)p.capacity, team, slots, cut, &rep);
    p.general_expected = zf_plan_expected(p.general_pool, p.sampling_permille);

    /* the report: what was placed, what could not be staffed (per month),
     * what the cap cut (per enterprise), the draws' expected numbers */
    json_t *report = json_object();
    json_t *unst = json_array(), *load = json_array();
    for (int m = 1; m <= 12; m++) {
        json_array_append_new(unst, json_integer(rep.unstaffed[m]));
        json_array_append_new(load, json_integer(rep.month_total[m]));
    }
    json_t *over = json_array();
    json_t *warnings = json_array();
    for (size_t t = 0; t < nt; t++) {
        if (!cut[t]) continue;
        const zf_plan_enterprise_t *e = &ents[ent_of[t]];
        json_array_append_new(over,
                              json_pack("{s:I, s:s, s:i, s:I, s:I, s:I}", "enterprise_id",
                                        (json_int_t)e->id, "enterprise_name", e->name, "cycle",
                                        tg[t].cycle, "cap", (json_int_t)caps[t], "counted_before",
                                        (json_int_t)before[t], "not_planned", (json_int_t)cut[t]));
    }
    if (rep.over_cap)
        json_array_append_new(
            warnings,
            json_sprintf("%lld 家重点企业按周期需检查的次数超过年度检查上限（国办发〔2024〕54号），"
                         "超出的 %lld 次未排入计划，见“超上限”清单；如确需检查请逐条添加并说明理由",
                         (long long)rep.over_cap_targets, (long long)rep.over_cap));
    if (rep.unstaffed_total)
        json_array_append_new(
            warnings, json_sprintf("执法力量不足：%lld 次检查已排月份但未能安排两名持证执法人员，"
                                   "见各月“未配人员”数",
                                   (long long)rep.unstaffed_total));
    if (rep.joint)
        json_array_append_new(
            warnings, json_sprintf("%lld 次检查与其他单位同月计划的检查重合，已列为联合检查候选，"
                                   "请在“联合检查”中合并（综合查一次）",
                                   (long long)rep.joint));
    if (br.unconfirmed)
        json_array_append_new(
            warnings, json_string("年度检查上限为未核实的配置值（法定参数），请法制机构核对"));
    json_t *split = json_array();
    int64_t parts[12] = {0};
    zf_plan_split(p.general_expected, (size_t)ndm, parts);
    for (int i = 0; i < ndm; i++)
        json_array_append_new(
            split, json_pack("{s:i, s:I}", "month", dmonths[i], "count", (json_int_t)parts[i]));
    json_object_set_new(report, "targets", json_integer((json_int_t)nt));
    json_object_set_new(report, "placed", json_integer(rep.placed));
    json_object_set_new(report, "per_month", load);
    json_object_set_new(report, "unstaffed_per_month", unst);
    json_object_set_new(report, "unstaffed_total", json_integer(rep.unstaffed_total));
    json_object_set_new(report, "over_cap_total", json_integer(rep.over_cap));
    json_object_set_new(report, "joint_candidates", json_integer(rep.joint));
    json_object_set_new(report, "over_cap", over);
    json_object_set_new(report, "officers", json_integer((json_int_t)pool.n));
    json_object_set_new(report, "officers_certified", json_integer((json_int_t)eligible));
    json_object_set_new(report, "team_size", json_integer(team));
    json_object_set_new(report, "draws",
                        json_pack("{s:I, s:I, s:I, s:o}", "pool", (json_int_t)p.general_pool,
                                  "permille", (json_int_t)p.sampling_permille, "expected",
                                  (json_int_t)p.general_expected, "split", split));
    json_object_set_new(report, "warnings", warnings);
    char *rtext = json_dumps(report, JSON_COMPACT);
    p.report = zf_arena_strdup(a, rtext ? rtext : "{}");
    free(rtext);

    int64_t pid = 0;
    rc = zf_plan_insert(db, &p, actor_id, &pid, err);
    for (size_t i = 0; rc == 0 && i < ns; i++) {
        zf_ledger_entry_t e = {.enterprise_id = tg[slots[i].target].enterprise_id,
                               .unit_id = unit->id,
                               .year = p.year,
                               .month = slots[i].month,
                               .source = "plan",
                               .source_id = pid,
                               .status = "planned",
                               .note = slots[i].joint ? "联合检查候选：其他单位同月已计划"
                                       : slots[i].n_officers ? ""
                                                             : "未配人员",
                               .created_by = actor_id};
        rc = zf_store_ledger_add(db, &e, slots[i].officers, (size_t)slots[i].n_officers, NULL, err);
    }
    if (rc == 0) rc = zf_plan_get(db, a, pid, out, err);
    if (rc) {
        json_decref(report);
        return rc;
    }
    *report_out = report;
    return 0;
}

void zf_api_plan_generate(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"unit_id", ZF_FIELD_INT, 1, "计划单位", 0, 0},
        {"year", ZF_FIELD_INT, 1, "年度", 0, 0},
        {"cycle_red", ZF_FIELD_INT, 0, "红色重点企业检查周期（月）", 0, 0},
        {"cycle_orange", ZF_FIELD_INT, 0, "橙色重点企业检查周期（月）", 0, 0},
        {"cycle_yellow", ZF_FIELD_INT, 0, "黄色重点企业检查周期（月）", 0, 0},
        {"cycle_blue", ZF_FIELD_INT, 0, "蓝色重点企业检查周期（月）", 0, 0},
        {"cycle_credit", ZF_FIELD_INT, 0, "失信惩戒企业检查周期（月）", 0, 0},
        {"sampling_permille", ZF_FIELD_INT, 0, "一般企业抽查比例（‰）", 0, 0},
        {"draw_months", ZF_FIELD_STRING, 0, "抽查月份", 40, 0},
        {"capacity", ZF_FIELD_INT, 0, "每人每月检查上限", 0, 0},
        {"joint_window", ZF_FIELD_INT, 0, "联合检查窗口（月）", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    zf_error_t err = {0};
    const zf_actor_t *actor = zf_api_actor(req);
    zf_plan_t p = {0};
    p.unit_id = int_field(body, "unit_id", 0);
    p.year = int_field(body, "year", 0);
    /* defaults (R12, issue 6): 红 quarterly, 橙 half-yearly, 黄/蓝 yearly,
     * credit-punished quarterly; none of these is law (LAW.md §5.5 未核实) */
    static const int64_t dcycle[4] = {3, 6, 12, 12};
    static const char *const cnames[4] = {"cycle_red", "cycle_orange", "cycle_yellow",
                                          "cycle_blue"};
    for (int i = 0; i < 4; i++)
        p.cycle[i] = int_field(body, cnames[i], dcycle[i]);
    p.cycle_credit = int_field(body, "cycle_credit", 3);
    p.capacity = int_field(body, "capacity", 8);
    p.joint_window = int_field(body, "joint_window", 1);
    const char *dm = json_string_value(json_object_get(body, "draw_months"));
    int rc = 0;
    if (p.year < 2000 || p.year > 2100) rc = bad(&err, "year", "年度应在 2000–2100 之间");
    for (int i = 0; rc == 0 && i < 4; i++)
        if (p.cycle[i] < 1 || p.cycle[i] > 12) rc = bad(&err, cnames[i], "检查周期应为 1–12 个月");
    if (rc == 0 && (p.cycle_credit < 1 || p.cycle_credit > 12))
        rc = bad(&err, "cycle_credit", "检查周期应为 1–12 个月");
    if (rc == 0 && (p.capacity < 1 || p.capacity > 200))
        rc = bad(&err, "capacity", "每人每月检查上限应为 1–200");
    if (rc == 0 && (p.joint_window < 0 || p.joint_window > 11))
        rc = bad(&err, "joint_window", "联合检查窗口应为 0–11 个月");
    int dmonths[12];
    int ndm = zf_plan_parse_months(dm ? dm : "3 6 9 12", dmonths);
    if (rc == 0 && ndm < 0)
        rc = bad(&err, "draw_months", "抽查月份应为 1–12 的数字，用空格或逗号分隔");
    zf_unit_t unit;
    if (rc == 0) {
        rc = zf_unit_get(db, a, p.unit_id, &unit, &err);
        if (rc == ZF_ENOTFOUND) rc = bad(&err, "unit_id", "计划单位不存在");
    }
    if (rc == 0) rc = zf_perm_check(actor, "plan.write", unit.path, &err);
    if (rc == 0 && (strcmp(unit.kind, "bureau") == 0 || strcmp(unit.kind, "city_detachment") == 0))
        rc = bad(&err, "unit_id", "年度计划由执法大队、股室或乡镇（开发区）编制");
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    char jan1[11];
    snprintf(jan1, sizeof jan1, "%04lld-01-01", (long long)p.year);
    p.sampling_permille =
        int_field(body, "sampling_permille", param_int(db, a, jan1, "plan.sampling_permille", 100));
    if (p.sampling_permille < 0 || p.sampling_permille > 1000) {
        bad(&err, "sampling_permille", "抽查比例应为 0–1000‰");
        zf_api_fail(req, resp, &err);
        return;
    }
    char dmbuf[64] = "";
    for (int i = 0, o = 0; i < ndm; i++)
        o += snprintf(dmbuf + o, sizeof dmbuf - (size_t)o, i ? " %d" : "%d", dmonths[i]);
    p.draw_months = dmbuf;

    zf_plan_t stored;
    json_t *report = NULL;
    rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_api_plan_generate_run(db, a, actor->user_id, &unit, p, &stored, &report, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *logged = plan_json(&stored);
    json_object_set(logged, "report", report);
    json_t *planned = zf_api_plan_entries_log(db, a, stored.id, &err);
    if (!planned) {
        json_decref(logged);
        json_decref(report);
        zf_api_abort(req, resp, &err);
        return;
    }
    json_object_set_new(logged, "entries", planned);
    json_t *answer = plan_json(&stored);
    json_object_set_new(answer, "report", report);
    zf_api_commit_change(req, resp, "plan.generate", "plan", stored.id, unit.id, NULL, logged,
                         answer, 201);
}

/* ---- edits in draft ---- */

/* Begin a draft edit: plan in scope for plan.write, status draft, version
 * as given. Leaves the transaction open. 0 or answered. */
static int begin_edit(zf_req_t *req, zf_resp_t *resp, json_t *body, zf_plan_t *p,
                      const char *what) {
    if (load_plan(req, resp, "plan.write", p) != 0) return -1;
    zf_error_t err = {0};
    int rc = need_status(p, "draft", what, &err);
    if (rc == 0 && int_field(body, "version", -1) != p->version)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "conflict.version", "version",
                          "计划已被他人修改，请刷新后重试");
    if (rc == 0) rc = zf_db_begin(zf_api_db(req), &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

/* The entry {entry_id} of plan p. */
static int load_entry(zf_req_t *req, zf_resp_t *resp, const zf_plan_t *p, zf_ledger_entry_t *e) {
    int64_t eid = zf_api_id_param(req, resp, "entry_id");
    if (!eid) {
        zf_db_rollback(zf_api_db(req));
        return -1;
    }
    zf_error_t err = {0};
    int rc = zf_store_ledger_get(zf_api_db(req), req->arena, eid, e, &err);
    if (rc == 0 && (strcmp(e->source, "plan") != 0 || e->source_id != p->id))
        rc = zf_error_set(&err, ZF_ENOTFOUND, 404, "ledger.not_found", NULL,
                          "该计划中没有此检查条目");
    if (rc) {
        zf_api_abort(req, resp, &err);
        return -1;
    }
    return 0;
}

/* Bump the plan's version (the edit's optimistic lock) and commit with the
 * event; answers the plan detail. */
static void finish_edit(zf_req_t *req, zf_resp_t *resp, zf_plan_t *p, const char *action,
                        int64_t object_id, json_t *before, json_t *after) {
    zf_error_t err = {0};
    int rc = zf_plan_save(zf_api_db(req), p, &err);
    zf_plan_t stored;
    if (rc == 0) rc = zf_plan_get(zf_api_db(req), req->arena, p->id, &stored, &err);
    json_t *answer = rc == 0 ? detail_json(req, &stored, &err) : NULL;
    if (!answer) {
        json_decref(before);
        json_decref(after);
        zf_api_abort(req, resp, &err);
        return;
    }
    json_object_set_new(after, "plan_id", json_integer(p->id));
    zf_api_commit_change(req, resp, action, "plan_entry", object_id, p->unit_id, before, after,
                         answer, 200);
}

static json_t *entry_logged(zf_db_t *db, zf_arena_t *a, int64_t id) {
    zf_ledger_entry_t e;
    zf_error_t err = {0};
    if (zf_store_ledger_get(db, a, id, &e, &err) != 0) return json_null();
    json_t *j = entry_json(&e);
    int64_t *ids;
    size_t n;
    json_t *offs = json_array();
    if (zf_store_ledger_officers(db, a, id, &ids, &n, &err) == 0)
        for (size_t i = 0; i < n; i++)
            json_array_append_new(offs, json_integer(ids[i]));
    json_object_set_new(j, "officers", offs);
    return j;
}

/* Team for an entry: the given officers (parsed into ids) must pass the
 * team rule in month m (行政处罚法 第四十二条, core/officers.h); without
 * officers the entry has none (*n = 0) and is noted 未配人员 until an
 * editor assigns a team. */
static int team_for(zf_req_t *req, const zf_plan_t *p, int m, const char *officers, int64_t *ids,
                    size_t *n, zf_error_t *err) {
    zf_db_t *db = zf_api_db(req);
    pool_t pool;
    int rc = load_pool(db, req->arena, p->unit_id, p->unit_path, p->year, &pool, err);
    if (rc) return rc;
    if (officers) {
        if (parse_ids(officers, ids, ZF_PLAN_MAX_TEAM, n) != 0 || *n == 0)
            return bad(err, "officers", "检查人员应为执法人员编号列表，用逗号分隔（至多4人）");
        return check_team(db, req->arena, &pool, p->year, m, ids, *n, err);
    }
    return 0;
}

void zf_api_plan_entry_add(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本号", 0, 0},
        {"enterprise_id", ZF_FIELD_INT, 1, "企业", 0, 0},
        {"month", ZF_FIELD_INT, 1, "月份", 0, 0},
        {"officers", ZF_FIELD_STRING, 0, "检查人员", 100, 1},
        {"over_cap_reason", ZF_FIELD_STRING, 0, "超出年度上限的理由", 200, 2},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_plan_t p;
    if (begin_edit(req, resp, body, &p, "添加检查") != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    int m = (int)int_field(body, "month", 0);
    int64_t ent_id = int_field(body, "enterprise_id", 0);
    const char *reason = json_string_value(json_object_get(body, "over_cap_reason"));
    int rc = m < 1 || m > 12 ? bad(&err, "month", "月份应为 1–12") : 0;
    zf_enterprise_t ent;
    if (rc == 0) {
        rc = zf_enterprise_get(db, req->arena, ent_id, &ent, &err);
        if (rc == ZF_ENOTFOUND) rc = bad(&err, "enterprise_id", "企业不存在");
    }
    if (rc == 0) {
        const char *prefix = registry_prefix(db, req->arena, p.unit_kind, p.unit_path, &err);
        if (!zf_perm_in_scope(prefix, ent.unit_path))
            rc = bad(&err, "enterprise_id", "该企业不在本计划单位的辖区内");
    }
    /* 国办发〔2024〕54号: warn before the cap is exceeded — refused unless a
     * reason is given, which is kept on the entry */
    char jan1[11];
    snprintf(jan1, sizeof jan1, "%04lld-01-01", (long long)p.year);
    zf_burden_t b = {0};
    if (rc == 0) rc = zf_store_burden(db, ent_id, jan1, &b, &err);
    if (rc == 0 && b.cap > 0 && b.counted >= b.cap && !reason)
        rc = zf_error_set(
            &err, ZF_ECONFLICT, 409, "burden.cap_reached", "over_cap_reason",
            "%s %lld 年已计入 %lld 次检查，达到年度上限 %lld 次（国办发〔2024〕54号）；"
            "如确需检查请填写理由，或与已有检查合并（综合查一次）",
            ent.name, (long long)p.year, (long long)b.counted, (long long)b.cap);
    int64_t ids[ZF_PLAN_MAX_TEAM];
    size_t n = 0;
    const char *officers = json_string_value(json_object_get(body, "officers"));
    if (rc == 0) rc = team_for(req, &p, m, officers, ids, &n, &err);
    int64_t id = 0;
    if (rc == 0) {
        zf_ledger_entry_t e = {.enterprise_id = ent_id,
                               .unit_id = p.unit_id,
                               .year = p.year,
                               .month = m,
                               .source = "plan",
                               .source_id = p.id,
                               .status = "planned",
                               .note = reason
                                           ? zf_arena_printf(req->arena, "超出年度上限：%s", reason)
                                           : (n ? "" : "未配人员"),
                               .created_by = zf_api_actor(req)->user_id};
        rc = zf_store_ledger_add(db, &e, ids, n, &id, &err);
    }
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    finish_edit(req, resp, &p, "plan.entry_add", id, NULL, entry_logged(db, req->arena, id));
}

void zf_api_plan_entry_update(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本号", 0, 0},
        {"month", ZF_FIELD_INT, 0, "月份", 0, 0},
        {"officers", ZF_FIELD_STRING, 0, "检查人员", 100, 1},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_plan_t p;
    if (begin_edit(req, resp, body, &p, "调整检查") != 0) return;
    zf_ledger_entry_t e;
    if (load_entry(req, resp, &p, &e) != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    json_t *before = entry_logged(db, req->arena, e.id);
    int m = (int)int_field(body, "month", e.month);
    int rc = m < 1 || m > 12 ? bad(&err, "month", "月份应为 1–12") : 0;
    if (rc == 0 && strcmp(e.status, "planned") != 0)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "plan.entry_closed", "status",
                          "该检查已%s，不能调整",
                          strcmp(e.status, "done") == 0 ? "完成" : "撤销或合并");
    const char *officers = json_string_value(json_object_get(body, "officers"));
    int64_t ids[ZF_PLAN_MAX_TEAM];
    size_t n = 0;
    int64_t *cur = NULL;
    size_t ncur = 0;
    if (rc == 0 && !officers) {
        /* moving keeps the team: it must still qualify in the new month */
        rc = zf_store_ledger_officers(db, req->arena, e.id, &cur, &ncur, &err);
        if (rc == 0 && ncur) {
            char *list = zf_arena_printf(req->arena, "%s", "");
            for (size_t i = 0; i < ncur; i++)
                list =
                    zf_arena_printf(req->arena, "%s%s%lld", list, i ? "," : "", (long long)cur[i]);
            officers = list;
        }
    }
    if (rc == 0) rc = team_for(req, &p, m, officers, ids, &n, &err);
    if (rc == 0) {
        e.month = m;
        if (n && strcmp(e.note, "未配人员") == 0) e.note = "";
        rc = zf_store_ledger_update(db, &e, &err);
    }
    if (rc == 0 && officers) rc = zf_store_ledger_set_officers(db, e.id, ids, n, &err);
    if (rc) {
        json_decref(before);
        zf_api_abort(req, resp, &err);
        return;
    }
    finish_edit(req, resp, &p, "plan.entry_update", e.id, before,
                entry_logged(db, req->arena, e.id));
}

void zf_api_plan_entry_cancel(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本号", 0, 0},
        {"reason", ZF_FIELD_STRING, 1, "撤销理由", 200, 2},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_plan_t p;
    if (begin_edit(req, resp, body, &p, "撤销检查") != 0) return;
    zf_ledger_entry_t e;
    if (load_entry(req, resp, &p, &e) != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    json_t *before = entry_logged(db, req->arena, e.id);
    int rc = 0;
    if (strcmp(e.status, "planned") != 0)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "plan.entry_closed", "status",
                          "只能撤销计划中的检查");
    if (rc == 0) {
        e.status = "cancelled";
        e.note = json_string_value(json_object_get(body, "reason"));
        rc = zf_store_ledger_update(db, &e, &err);
    }
    if (rc) {
        json_decref(before);
        zf_api_abort(req, resp, &err);
        return;
    }
    finish_edit(req, resp, &p, "plan.entry_cancel", e.id, before,
                entry_logged(db, req->arena, e.id));
}

/* ---- approval: draft → submitted → approved (or returned → draft) ---- */

static void transition(zf_req_t *req, zf_resp_t *resp, const char *action, const char *perm,
                       const char *from, const char *to, const char *what, int need_reason) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本号", 0, 0},
        {"reason", ZF_FIELD_STRING, 0, "退回理由", 200, 2},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_plan_t p;
    if (load_plan(req, resp, perm, &p) != 0) return;
    zf_error_t err = {0};
    zf_db_t *db = zf_api_db(req);
    const char *reason = json_string_value(json_object_get(body, "reason"));
    int rc = need_status(&p, from, what, &err);
    if (rc == 0 && need_reason && !reason)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "reason", "请填写退回理由");
    if (rc == 0 && int_field(body, "version", -1) != p.version)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "conflict.version", "version",
                          "计划已被他人修改，请刷新后重试");
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *before = plan_json(&p);
    char now[32];
    zf_now_iso(now);
    int64_t uid = zf_api_actor(req)->user_id;
    p.status = to;
    if (strcmp(to, "submitted") == 0) {
        p.submitted_at = now;
        p.submitted_by = uid;
        p.return_reason = "";
    } else if (strcmp(to, "approved") == 0) {
        p.approved_at = now;
        p.approved_by = uid;
    } else {
        p.return_reason = reason;
    }
    rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_plan_save(db, &p, &err);
    zf_plan_t stored;
    if (rc == 0) rc = zf_plan_get(db, req->arena, p.id, &stored, &err);
    json_t *answer = rc == 0 ? detail_json(req, &stored, &err) : NULL;
    if (!answer) {
        json_decref(before);
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_api_commit_change(req, resp, action, "plan", p.id, p.unit_id, before, plan_json(&stored),
                         answer, 200);
}

void zf_api_plan_submit(zf_req_t *req, zf_resp_t *resp) {
    transition(req, resp, "plan.submit", "plan.write", "draft", "submitted", "报批", 0);
}
void zf_api_plan_approve(zf_req_t *req, zf_resp_t *resp) {
    transition(req, resp, "plan.approve", "plan.approve", "submitted", "approved", "批准", 0);
}
void zf_api_plan_return(zf_req_t *req, zf_resp_t *resp) {
    transition(req, resp, "plan.return", "plan.approve", "submitted", "draft", "退回", 1);
}

/* ---- progress of an approved plan ---- */

/* POST …/entries/{entry_id}/done {done_on}: until inspections are recorded
 * (issue 7), this marks a planned inspection of an approved plan done. */
void zf_api_plan_entry_done(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"done_on", ZF_FIELD_STRING, 1, "完成日期", 10, 10},
        {"version", ZF_FIELD_INT, 0, "条目版本号", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_plan_t p;
    if (load_plan(req, resp, "plan.write", &p) != 0) return;
    zf_error_t err = {0};
    zf_db_t *db = zf_api_db(req);
    int rc = need_status(&p, "approved", "登记完成（计划须先批准）", &err);
    const char *on = json_string_value(json_object_get(body, "done_on"));
    zf_day_t d;
    if (rc == 0 && (zf_day_parse(on, &d) != 0 || zf_day_year(d) != p.year))
        rc = bad(&err, "done_on", "完成日期应为计划年度内的 YYYY-MM-DD");
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_ledger_entry_t e;
    if (load_entry(req, resp, &p, &e) != 0) return;
    json_t *before = entry_logged(db, req->arena, e.id);
    if (strcmp(e.status, "planned") != 0)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "plan.entry_closed", "status",
                          "只能登记计划中的检查为完成");
    if (rc == 0 && json_is_integer(json_object_get(body, "version")) &&
        int_field(body, "version", 0) != e.version)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "conflict.version", "version",
                          "检查条目已被他人修改，请刷新后重试");
    if (rc == 0) {
        e.status = "done";
        e.done_on = on;
        rc = zf_store_ledger_update(db, &e, &err);
    }
    if (rc) {
        json_decref(before);
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = entry_logged(db, req->arena, e.id);
    json_object_set_new(after, "plan_id", json_integer(p.id));
    zf_api_commit_change(req, resp, "plan.entry_done", "plan_entry", e.id, p.unit_id, before, after,
                         json_incref(after), 200);
}

void zf_api_plan_progress(zf_req_t *req, zf_resp_t *resp) {
    zf_plan_t p;
    if (load_plan(req, resp, "plan.read", &p) != 0) return;
    zf_error_t err = {0};
    zf_db_t *db = zf_api_db(req);
    char today[11];
    zf_api_today(today);
    const char *on = zf_req_query(req, "on");
    zf_day_t d;
    if (on && zf_day_parse(on, &d) != 0) {
        bad(&err, "on", "日期应为 YYYY-MM-DD");
        zf_api_fail(req, resp, &err);
        return;
    }
    if (!on) on = today;
    int y = atoi(on), mo = atoi(on + 5);
    zf_ledger_entry_t *es;
    size_t ne;
    zf_plan_enterprise_t *ents;
    size_t nent;
    const char *prefix = registry_prefix(db, req->arena, p.unit_kind, p.unit_path, &err);
    if (zf_plan_entries(db, req->arena, p.id, &es, &ne, &err) != 0 ||
        zf_plan_registry(db, req->arena, prefix, &ents, &nent, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    int64_t planned[13] = {0}, done[13] = {0};
    json_t *overdue = json_array();
    for (size_t i = 0; i < ne; i++) {
        const zf_ledger_entry_t *e = &es[i];
        if (strcmp(e->status, "planned") != 0 && strcmp(e->status, "done") != 0) continue;
        if (e->month < 1 || e->month > 12) continue;
        planned[e->month]++;
        if (strcmp(e->status, "done") == 0) done[e->month]++;
        /* overdue: the planned month has ended and it is not done */
        else if (p.year < y || (p.year == y && e->month < mo))
            json_array_append_new(overdue, entry_json(e));
    }
    json_t *months = json_array();
    int64_t tp = 0, td = 0;
    for (int m = 1; m <= 12; m++) {
        json_array_append_new(months,
                              json_pack("{s:i, s:I, s:I}", "month", m, "planned",
                                        (json_int_t)planned[m], "done", (json_int_t)done[m]));
        tp += planned[m];
        td += done[m];
    }
    /* coverage of key enterprises: share of the key enterprises in the
     * plan's area with at least one done inspection of this plan */
    int64_t keys = 0, covered = 0;
    int64_t *done_ids = zf_arena_alloc(req->arena, (ne ? ne : 1) * sizeof *done_ids);
    size_t nd = 0;
    for (size_t k = 0; k < ne; k++)
        if (strcmp(es[k].status, "done") == 0) done_ids[nd++] = es[k].enterprise_id;
    qsort(done_ids, nd, sizeof *done_ids, cmp_i64);
    for (size_t i = 0; i < nent; i++) {
        if (strcmp(ents[i].supervision, "key") != 0) continue;
        keys++;
        if (bsearch(&ents[i].id, done_ids, nd, sizeof *done_ids, cmp_i64)) covered++;
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:I, s:s, s:o, s:I, s:I, s:{s:I, s:I, s:I}, s:o}", "plan_id",
                           (json_int_t)p.id, "on", on, "months", months, "planned", (json_int_t)tp,
                           "done", (json_int_t)td, "coverage", "key_total", (json_int_t)keys,
                           "key_covered", (json_int_t)covered, "permille",
                           (json_int_t)zf_plan_permille(covered, keys), "overdue", overdue));
}

/* GET …/load: officer × month, planned and done inspections per officer. */
void zf_api_plan_load(zf_req_t *req, zf_resp_t *resp) {
    zf_plan_t p;
    if (load_plan(req, resp, "plan.read", &p) != 0) return;
    zf_error_t err = {0};
    zf_db_t *db = zf_api_db(req);
    pool_t pool;
    zf_ledger_entry_t *es;
    zf_plan_assign_t *as;
    size_t ne, na;
    if (load_pool(db, req->arena, p.unit_id, p.unit_path, p.year, &pool, &err) != 0 ||
        zf_plan_entries(db, req->arena, p.id, &es, &ne, &err) != 0 ||
        zf_plan_assignments(db, req->arena, p.id, &as, &na, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *rows = json_array();
    int64_t over = 0;
    /* one pass over the assignments: loads[officer][month] */
    int64_t(*loads)[13] = zf_arena_alloc(req->arena, (pool.n ? pool.n : 1) * sizeof *loads);
    memset(loads, 0, (pool.n ? pool.n : 1) * sizeof *loads);
    const zf_ledger_entry_t **idx = index_by_id(req->arena, es, ne);
    for (size_t k = 0; k < na; k++) {
        const zf_ledger_entry_t *e = find_by_id(idx, ne, as[k].ledger_id);
        if (!e || !live(e) || e->month < 1 || e->month > 12) continue;
        for (size_t i = 0; i < pool.n; i++)
            if (pool.officers[i].id == as[k].officer_id) {
                loads[i][e->month]++;
                break;
            }
    }
    for (size_t i = 0; i < pool.n; i++) {
        const int64_t *load = loads[i];
        json_t *ms = json_array(), *cert = json_array();
        int64_t total = 0;
        for (int m = 1; m <= 12; m++) {
            json_array_append_new(ms, json_integer(load[m]));
            json_array_append_new(cert, json_boolean(counts_on(&pool, i, p.year, m)));
            total += load[m];
            if (load[m] > p.capacity) over++;
        }
        json_array_append_new(rows, json_pack("{s:I, s:s, s:s, s:o, s:o, s:I}", "officer_id",
                                              (json_int_t)pool.officers[i].id, "name",
                                              pool.officers[i].name, "kind", pool.officers[i].kind,
                                              "months", ms, "certified", cert, "total",
                                              (json_int_t)total));
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:I, s:I, s:o, s:I}", "plan_id", (json_int_t)p.id, "capacity",
                           (json_int_t)p.capacity, "officers", rows, "over_capacity",
                           (json_int_t)over));
}

/* ---- joint inspections (R15): 综合查一次 ---- */

void zf_api_plan_joint(zf_req_t *req, zf_resp_t *resp) {
    zf_plan_t p;
    if (load_plan(req, resp, "plan.read", &p) != 0) return;
    zf_error_t err = {0};
    zf_plan_overlap_t *ov;
    size_t n;
    if (zf_plan_overlaps(zf_api_db(req), req->arena, p.id, &ov, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        if (!zf_plan_window_match((int)ov[i].a.month, (int)ov[i].b.month, (int)p.joint_window))
            continue;
        json_array_append_new(items,
                              json_pack("{s:I, s:s, s:o, s:o}", "enterprise_id",
                                        (json_int_t)ov[i].a.enterprise_id, "enterprise_name",
                                        ov[i].a.enterprise_name, "entry", entry_json(&ov[i].a),
                                        "other", entry_json(&ov[i].b)));
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:I, s:I, s:o}", "plan_id", (json_int_t)p.id, "window",
                           (json_int_t)p.joint_window, "items", items));
}

/* Is the ledger entry's plan (if any) still open to edits? */
static int entry_plan_open(zf_db_t *db, zf_arena_t *a, const zf_ledger_entry_t *e, int *open,
                           zf_error_t *err) {
    *open = 1;
    if (strcmp(e->source, "plan") != 0 || !e->source_id) return 0;
    zf_plan_t p;
    int rc = zf_plan_get(db, a, e->source_id, &p, err);
    if (rc == 0) *open = strcmp(p.status, "approved") != 0;
    return rc;
}

/* POST /api/v1/plans/joint/merge {keep_id, merge_id}: one joint inspection
 * instead of two. The kept entry stays planned and gets the officers of
 * both units; the other becomes status 'merged' with merged_into, so it no
 * longer counts against the cap (国办发〔2024〕54号: 能合并的不得重复). The
 * merged-away entry may not belong to an approved plan (approved plans are
 * frozen); the actor needs plan.write over both units. */
void zf_api_plan_joint_merge(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"keep_id", ZF_FIELD_INT, 1, "保留的检查", 0, 0},
        {"merge_id", ZF_FIELD_INT, 1, "并入的检查", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    zf_error_t err = {0};
    const zf_actor_t *actor = zf_api_actor(req);
    zf_ledger_entry_t k, m;
    zf_unit_t uk, um;
    int rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_store_ledger_get(db, a, int_field(body, "keep_id", 0), &k, &err);
    if (rc == 0) rc = zf_store_ledger_get(db, a, int_field(body, "merge_id", 0), &m, &err);
    if (rc == 0) rc = zf_unit_get(db, a, k.unit_id, &uk, &err);
    if (rc == 0) rc = zf_unit_get(db, a, m.unit_id, &um, &err);
    if (rc == 0) rc = zf_perm_check(actor, "plan.write", uk.path, &err);
    if (rc == 0) rc = zf_perm_check(actor, "plan.write", um.path, &err);
    if (rc == 0 && (k.enterprise_id != m.enterprise_id || k.year != m.year || k.id == m.id ||
                    k.unit_id == m.unit_id))
        rc = bad(&err, "merge_id", "只能合并同一企业、同一年度、不同单位的两次检查");
    if (rc == 0 && (strcmp(k.status, "planned") != 0 || strcmp(m.status, "planned") != 0))
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "plan.entry_closed", "status",
                          "两次检查都须为“计划中”才能合并");
    int open = 1;
    if (rc == 0) rc = entry_plan_open(db, a, &m, &open, &err);
    if (rc == 0 && !open)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "plan.frozen", "merge_id",
                          "并入的检查属于已批准的计划，不能变更；请改为保留该检查");
    int64_t *ko = NULL, *mo = NULL;
    size_t nk = 0, nm = 0;
    if (rc == 0) rc = zf_store_ledger_officers(db, a, k.id, &ko, &nk, &err);
    if (rc == 0) rc = zf_store_ledger_officers(db, a, m.id, &mo, &nm, &err);
    json_t *before = NULL;
    if (rc == 0) {
        before = json_pack("{s:o, s:o}", "keep", entry_logged(db, a, k.id), "merge",
                           entry_logged(db, a, m.id));
        int64_t *all = zf_arena_alloc(a, (nk + nm + 1) * sizeof *all);
        memcpy(all, ko, nk * sizeof *all);
        memcpy(all + nk, mo, nm * sizeof *all);
        rc = zf_store_ledger_set_officers(db, k.id, all, nk + nm, &err);
    }
    if (rc == 0) {
        m.status = "merged";
        m.merged_into = k.id;
        m.note = zf_arena_printf(a, "与%s联合检查（综合查一次），并入检查 %lld", uk.name,
                                 (long long)k.id);
        rc = zf_store_ledger_update(db, &m, &err);
    }
    if (rc == 0) {
        k.note = zf_arena_printf(a, "联合检查：%s、%s", uk.name, um.name);
        rc = zf_store_ledger_update(db, &k, &err);
    }
    if (rc) {
        json_decref(before);
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after =
        json_pack("{s:o, s:o, s:[{s:I, s:s}, {s:I, s:s}]}", "keep", entry_logged(db, a, k.id),
                  "merge", entry_logged(db, a, m.id), "units", "id", (json_int_t)uk.id, "name",
                  uk.name, "id", (json_int_t)um.id, "name", um.name);
    zf_api_commit_change(req, resp, "plan.joint_merge", "plan_entry", k.id, k.unit_id, before,
                         after, json_incref(after), 200);
}

/* ---- burden of one enterprise ---- */

/* GET /api/v1/enterprises/{id}/burden?year= → {year, cap, counted,
 * triggered, entries}. The cap in force on 1 January of the year. */
void zf_api_enterprise_burden(zf_req_t *req, zf_resp_t *resp) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_enterprise_t ent;
    int rc = zf_enterprise_get(db, req->arena, id, &ent, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), "enterprise.read", ent.unit_path, &err);
    char today[11];
    zf_api_today(today);
    const char *ys = zf_req_query(req, "year");
    int64_t year = ys ? atoll(ys) : atoll(today);
    if (rc == 0 && (year < 2000 || year > 2100)) rc = bad(&err, "year", "年度应在 2000–2100 之间");
    char jan1[11];
    snprintf(jan1, sizeof jan1, "%04lld-01-01", (long long)year);
    zf_burden_t b;
    zf_ledger_entry_t *es = NULL;
    size_t n = 0;
    zf_burden_rules_t br;
    if (rc == 0) rc = zf_burden_rules_load(db, jan1, &br, &err);
    if (rc == 0) rc = zf_store_burden(db, id, jan1, &b, &err);
    if (rc == 0) rc = zf_store_ledger_for_enterprise(db, req->arena, id, year, &es, &n, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *e = entry_json(&es[i]);
        int live = strcmp(es[i].status, "planned") == 0 || strcmp(es[i].status, "done") == 0;
        json_object_set_new(
            e, "counts", json_boolean(live && (zf_ledger_source_bit(es[i].source) & br.sources)));
        json_object_set_new(e, "triggered",
                            json_boolean(zf_ledger_source_is_trigger(es[i].source)));
        json_object_set_new(e, "source_name", json_string(zf_api_ledger_source_name(es[i].source)));
        json_array_append_new(items, e);
    }
    json_t *srcs = json_array();
    static const char *const all[] = {"plan",      "draw",     "complaint", "accident",
                                      "follow_up", "referral", "credit",    "ad_hoc"};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (zf_ledger_source_bit(all[i]) & br.sources)
            json_array_append_new(srcs, json_string(all[i]));
    zf_resp_json(req, resp, 200,
                 json_pack("{s:I, s:I, s:I, s:I, s:b, s:b, s:o, s:o}", "year", (json_int_t)year,
                           "cap", (json_int_t)b.cap, "counted", (json_int_t)b.counted, "triggered",
                           (json_int_t)b.triggered, "over", b.cap > 0 && b.counted > b.cap,
                           "confirmed", br.unconfirmed == 0, "sources", srcs, "entries", items));
}

/* ---- the team rule for entries outside a plan (api/ledger.c) ---- */

/* Parse officers ("12,15") and check them as a team of unit (its serving
 * officers) in month m of year (行政处罚法 第四十二条, core/officers.h): 0, or
 * 400 plan.team_invalid naming each officer and reason. */
int zf_api_team_check_unit(zf_db_t *db, zf_arena_t *a, int64_t unit_id, const char *unit_path,
                           int64_t year, int m, const char *officers, int64_t *ids, size_t max,
                           size_t *n, zf_error_t *err) {
    *n = 0;
    if (parse_ids(officers, ids, max < ZF_PLAN_MAX_TEAM ? max : ZF_PLAN_MAX_TEAM, n) != 0 ||
        *n == 0)
        return bad(err, "officers", "检查人员应为执法人员编号列表，用逗号分隔（至多4人）");
    pool_t pool;
    int rc = load_pool(db, a, unit_id, unit_path, year, &pool, err);
    if (rc) return rc;
    return check_team(db, a, &pool, year, m, ids, *n, err);
}
