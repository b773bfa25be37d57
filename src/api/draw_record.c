/* draw_record.c — see draw_record.h and docs/draw.md. */
#include "api/draw_record.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/ledger.h"
#include "store/officers.h"

#define RECORD_FORMAT "zhifa-draw-record/1"

/* ---- pools <-> JSON ---- */

static json_t *pools_json(const zf_draw_input_t *in, const char *const *e_unit_names,
                          const char *const *p_unit_names) {
    json_t *je = json_array(), *jp = json_array(), *jx = json_array();
    for (size_t i = 0; i < in->n_enterprises; i++) {
        const zf_draw_enterprise_t *e = &in->enterprises[i];
        json_array_append_new(je, json_pack("{s:I, s:s, s:I, s:s, s:s}", "id", (json_int_t)e->id,
                                            "credit_code", e->credit_code, "unit_id",
                                            (json_int_t)e->unit_id, "name", e->name, "unit_name",
                                            e_unit_names[i]));
    }
    for (size_t i = 0; i < in->n_inspectors; i++) {
        const zf_draw_inspector_t *p = &in->inspectors[i];
        json_array_append_new(jp, json_pack("{s:I, s:s, s:I, s:s, s:s}", "id", (json_int_t)p->id,
                                            "cert_no", p->cert_no, "scope_unit_id",
                                            (json_int_t)p->scope_unit_id, "name", p->name,
                                            "unit_name", p_unit_names[i]));
    }
    for (size_t i = 0; i < in->n_exclusions; i++) {
        const zf_draw_exclusion_t *x = &in->exclusions[i];
        json_array_append_new(jx, json_pack("{s:I, s:I, s:s}", "enterprise_id",
                                            (json_int_t)x->enterprise_id, "officer_id",
                                            (json_int_t)x->officer_id, "reason", x->reason));
    }
    return json_pack("{s:o, s:o, s:o}", "enterprises", je, "inspectors", jp, "exclusions", jx);
}

static int bad_record(zf_error_t *err, const char *what) {
    return zf_error_set(err, ZF_EINVAL, 400, "draw.bad_record", "pool", "记录格式错误：%s", what);
}

static int get_int(json_t *o, const char *k, int64_t *v) {
    json_t *j = json_object_get(o, k);
    if (!json_is_integer(j)) return -1;
    *v = json_integer_value(j);
    return 0;
}
static const char *get_str(zf_arena_t *a, json_t *o, const char *k) {
    json_t *j = json_object_get(o, k);
    return json_is_string(j) ? zf_arena_strdup(a, json_string_value(j)) : NULL;
}

/* Fill in's pool arrays from the pools object. */
static int pools_parse(zf_arena_t *a, json_t *pools, zf_draw_input_t *in, zf_error_t *err) {
    json_t *je = json_object_get(pools, "enterprises"), *jp = json_object_get(pools, "inspectors"),
           *jx = json_object_get(pools, "exclusions");
    if (!json_is_array(je) || !json_is_array(jp) || !json_is_array(jx))
        return bad_record(err, "缺少 enterprises、inspectors 或 exclusions");
    size_t ne = json_array_size(je), np = json_array_size(jp), nx = json_array_size(jx);
    zf_draw_enterprise_t *e = zf_arena_alloc(a, (ne ? ne : 1) * sizeof *e);
    zf_draw_inspector_t *p = zf_arena_alloc(a, (np ? np : 1) * sizeof *p);
    zf_draw_exclusion_t *x = zf_arena_alloc(a, (nx ? nx : 1) * sizeof *x);
    for (size_t i = 0; i < ne; i++) {
        json_t *o = json_array_get(je, i);
        e[i].credit_code = get_str(a, o, "credit_code");
        e[i].name = get_str(a, o, "name");
        if (get_int(o, "id", &e[i].id) || get_int(o, "unit_id", &e[i].unit_id) ||
            !e[i].credit_code || !e[i].name)
            return bad_record(err, "企业库条目缺少 id、credit_code、unit_id 或 name");
    }
    for (size_t i = 0; i < np; i++) {
        json_t *o = json_array_get(jp, i);
        p[i].cert_no = get_str(a, o, "cert_no");
        p[i].name = get_str(a, o, "name");
        if (get_int(o, "id", &p[i].id) || get_int(o, "scope_unit_id", &p[i].scope_unit_id) ||
            !p[i].cert_no || !p[i].name)
            return bad_record(err, "执法人员库条目缺少 id、cert_no、scope_unit_id 或 name");
    }
    for (size_t i = 0; i < nx; i++) {
        json_t *o = json_array_get(jx, i);
        x[i].reason = get_str(a, o, "reason");
        if (get_int(o, "enterprise_id", &x[i].enterprise_id) ||
            get_int(o, "officer_id", &x[i].officer_id) || !x[i].reason)
            return bad_record(err, "排除清单条目缺少 enterprise_id、officer_id 或 reason");
    }
    in->enterprises = e;
    in->n_enterprises = ne;
    in->inspectors = p;
    in->n_inspectors = np;
    in->exclusions = x;
    in->n_exclusions = nx;
    return 0;
}

static int hash_pools(zf_draw_ctx_t *c, const zf_draw_input_t *in, char he[ZF_DRAW_HEX_LEN],
                      char hi[ZF_DRAW_HEX_LEN], char hx[ZF_DRAW_HEX_LEN], zf_error_t *err) {
    int rc = zf_draw_hash_enterprises(c, in->enterprises, in->n_enterprises, he, err);
    if (rc == 0) rc = zf_draw_hash_inspectors(c, in->inspectors, in->n_inspectors, hi, err);
    if (rc == 0) rc = zf_draw_hash_exclusions(c, in->exclusions, in->n_exclusions, hx, err);
    return rc;
}

static json_t *result_json(const zf_draw_input_t *in, const zf_draw_pick_row_t *rows) {
    json_t *r = json_array();
    for (size_t k = 0; k < in->count; k++) {
        json_t *ids = json_array();
        for (int j = 0; j < in->per_enterprise; j++)
            json_array_append_new(ids, json_integer(in->inspectors[rows[k].officers[j]].id));
        json_array_append_new(r, json_pack("{s:I, s:I, s:I, s:o}", "k", (json_int_t)rows[k].k, "i",
                                           (json_int_t)rows[k].i, "enterprise_id",
                                           (json_int_t)in->enterprises[rows[k].enterprise].id,
                                           "officer_ids", ids));
    }
    return r;
}

/* ---- freeze ---- */

json_t *zf_drawsvc_params_json(const zf_draw_params_t *p) {
    json_t *o = json_pack("{s:s, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I}", "title",
                          p->title, "year", (json_int_t)p->year, "month", (json_int_t)p->month,
                          "date", p->date, "domain", p->domain ? p->domain : "", "supervision",
                          p->supervision ? p->supervision : "", "risk", p->risk ? p->risk : "",
                          "inspected_since", p->inspected_since ? p->inspected_since : "", "count",
                          (json_int_t)p->count, "ratio_permille", (json_int_t)p->ratio_permille,
                          "inspectors_per_enterprise", (json_int_t)p->per_enterprise);
    json_object_set_new(o, "township_id",
                        p->township_id ? json_integer(p->township_id) : json_null());
    json_object_set_new(o, "plan_id", p->plan_id ? json_integer(p->plan_id) : json_null());
    json_object_set_new(o, "exclude_unstaffable", json_boolean(p->exclude_unstaffable));
    /* only when set, so the records of earlier draws keep their exact form */
    if (p->credit && *p->credit) json_object_set_new(o, "credit", json_string(p->credit));
    return o;
}

static int cmp_inspector(const void *x, const void *y) {
    const zf_draw_inspector_t *a = x, *b = y;
    return a->id < b->id ? -1 : a->id > b->id;
}
static int cmp_exclusion(const void *x, const void *y) {
    const zf_draw_exclusion_t *a = x, *b = y;
    if (a->enterprise_id != b->enterprise_id) return a->enterprise_id < b->enterprise_id ? -1 : 1;
    if (a->officer_id != b->officer_id) return a->officer_id < b->officer_id ? -1 : 1;
    return strcmp(a->reason, b->reason);
}
static int has_id(const int64_t *ids, size_t n, int64_t id) {
    size_t l = 0, h = n;
    while (l < h) {
        size_t m = l + (h - l) / 2;
        if (ids[m] < id)
            l = m + 1;
        else
            h = m;
    }
    return l < n && ids[l] == id;
}

static int unit_is_township(const char *kind) {
    return strcmp(kind, "township") == 0 || strcmp(kind, "devzone") == 0;
}

int zf_drawsvc_freeze(zf_db_t *db, zf_arena_t *a, const zf_draw_params_t *p, const char *pool_scope,
                      int64_t created_by, int dry_run, int64_t *id, json_t **summary,
                      zf_error_t *err) {
    zf_day_t day;
    if (zf_day_parse(p->date, &day) != 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "date",
                            "抽取日期“%s”无效，应为 YYYY-MM-DD", p->date);
    /* 1. enterprises: scope, filters, inspected since, yearly cap */
    zf_draw_candidate_t *cand;
    size_t ncand;
    int rc = zf_store_draw_enterprises(db, a, pool_scope, &cand, &ncand, err);
    if (rc) return rc;
    int64_t *inspected = NULL;
    size_t ninspected = 0;
    if (p->inspected_since && *p->inspected_since) {
        rc = zf_store_draw_inspected_since(db, a, p->inspected_since, &inspected, &ninspected, err);
        if (rc) return rc;
    }
    zf_burden_rules_t burden;
    rc = zf_burden_rules_load(db, p->date, &burden, err);
    if (rc) return rc;
    zf_draw_enterprise_t *ents = zf_arena_alloc(a, (ncand ? ncand : 1) * sizeof *ents);
    const char **ent_units = zf_arena_alloc(a, (ncand ? ncand : 1) * sizeof *ent_units);
    size_t ne = 0;
    int64_t at_cap = 0, excluded_inspected = 0;
    json_t *warnings = json_array();
    for (size_t i = 0; i < ncand; i++) {
        const zf_draw_candidate_t *c = &cand[i];
        if (p->township_id && c->unit_id != p->township_id) continue;
        if (p->domain && *p->domain && strcmp(c->domain, p->domain) != 0) continue;
        if (p->supervision && *p->supervision && strcmp(c->supervision, p->supervision) != 0)
            continue;
        if (p->risk && *p->risk && strcmp(c->risk, p->risk) != 0) continue;
        if (p->credit && strcmp(p->credit, "punished") == 0 && !c->credit_punished) continue;
        if (inspected && has_id(inspected, ninspected, c->id)) {
            excluded_inspected++;
            continue;
        }
        /* 国办发〔2024〕54号 (LAW.md §5.5): the published yearly cap per
         * enterprise; an enterprise at its cap is not drawn again this year */
        zf_burden_t b;
        rc = zf_store_burden_with(db, &burden, c->id, c->supervision, c->risk, p->year, &b, err);
        if (rc) {
            json_decref(warnings);
            return rc;
        }
        if (b.cap > 0 && b.counted >= b.cap) {
            at_cap++;
            continue;
        }
        if (b.cap > 0 && b.counted + 1 == b.cap)
            json_array_append_new(warnings,
                                  json_pack("{s:I, s:s, s:I, s:I}", "enterprise_id",
                                            (json_int_t)c->id, "name", c->name, "counted",
                                            (json_int_t)b.counted, "cap", (json_int_t)b.cap));
        ents[ne] = (zf_draw_enterprise_t){c->id, c->credit_code, c->unit_id, c->name};
        ent_units[ne++] = c->unit_name;
    }
    /* 2. inspectors: serving officers in scope who count on the draw day */
    zf_officer_rules_t rules;
    zf_officer_t *offs;
    zf_training_t *tr;
    size_t noffs, ntr;
    rc = zf_officer_rules_load(db, p->date, &rules, err);
    if (rc == 0)
        rc = zf_officers_list(db, a, pool_scope, 0, "officer", "serving", NULL, &offs, &noffs, err);
    if (rc == 0) rc = zf_trainings_list(db, a, pool_scope, 0, &tr, &ntr, err);
    if (rc) {
        json_decref(warnings);
        return rc;
    }
    zf_draw_inspector_t *insp = zf_arena_alloc(a, (noffs ? noffs : 1) * sizeof *insp);
    size_t ni = 0;
    zf_training_span_t *spans = zf_arena_alloc(a, (ntr ? ntr : 1) * sizeof *spans);
    for (size_t i = 0; i < noffs; i++) {
        const zf_officer_t *o = &offs[i];
        size_t k = 0;
        for (size_t t = 0; t < ntr; t++) {
            zf_day_t s, e;
            if (tr[t].officer_id != o->id || zf_day_parse(tr[t].start_date, &s) != 0 ||
                zf_day_parse(tr[t].end_date, &e) != 0 || s > day)
                continue;
            if (e > day) e = day;
            spans[k++] =
                (zf_training_span_t){strcmp(tr[t].kind, "onboarding") == 0, s, e, (int)tr[t].days};
        }
        zf_officer_facts_t f = {o->id,
                                o->name,
                                o->kind,
                                o->status,
                                o->cert_no,
                                o->cert_issued_on,
                                o->cert_expires_on,
                                zf_onboarding_done_on(&rules, spans, k, NULL)};
        if (!zf_draw_inspector_eligible(&rules, day, &f)) continue;
        /* township officers inspect only their own township's enterprises */
        insp[ni++] = (zf_draw_inspector_t){
            o->id, o->cert_no, unit_is_township(o->unit_kind) ? o->unit_id : 0, o->name};
    }
    qsort(insp, ni, sizeof *insp, cmp_inspector);
    const char **insp_units = zf_arena_alloc(a, (ni ? ni : 1) * sizeof *insp_units);
    for (size_t i = 0; i < ni; i++)
        for (size_t j = 0; j < noffs; j++)
            if (offs[j].id == insp[i].id) insp_units[i] = offs[j].unit_name;
    /* 3. exclusions: relations in force (回避, 行政处罚法 第四十三条) and the
     * officers of each enterprise's last draw (R13: no repeat pairing) */
    zf_draw_pair_t *rel, *last;
    size_t nrel, nlast;
    rc = zf_store_draw_relations_in_force(db, a, p->date, &rel, &nrel, err);
    if (rc == 0) rc = zf_store_draw_last_pairs(db, a, &last, &nlast, err);
    if (rc) {
        json_decref(warnings);
        return rc;
    }
    int64_t *eids = zf_arena_alloc(a, (ne ? ne : 1) * sizeof *eids);
    for (size_t i = 0; i < ne; i++)
        eids[i] = ents[i].id;
    int64_t *pids = zf_arena_alloc(a, (ni ? ni : 1) * sizeof *pids);
    for (size_t i = 0; i < ni; i++)
        pids[i] = insp[i].id;
    zf_draw_exclusion_t *xs = zf_arena_alloc(a, (nrel + nlast + 1) * sizeof *xs);
    size_t nx = 0;
    for (size_t i = 0; i < nrel; i++)
        if (has_id(eids, ne, rel[i].enterprise_id) && has_id(pids, ni, rel[i].officer_id))
            xs[nx++] = (zf_draw_exclusion_t){rel[i].enterprise_id, rel[i].officer_id, "relation"};
    for (size_t i = 0; i < nlast; i++)
        if (has_id(eids, ne, last[i].enterprise_id) && has_id(pids, ni, last[i].officer_id))
            xs[nx++] =
                (zf_draw_exclusion_t){last[i].enterprise_id, last[i].officer_id, "last_draw"};
    qsort(xs, nx, sizeof *xs, cmp_exclusion);
    /* Enterprises the constraints leave without enough inspectors: left out
     * before anything is hashed (so before the seed exists, and published),
     * when the operator asked for it; otherwise the feasibility check below
     * refuses the draw naming the first of them. */
    json_t *unstaffable = json_array();
    if (p->exclude_unstaffable) {
        size_t keep = 0;
        for (size_t k = 0; k < ne; k++) {
            zf_draw_input_t one = {"", &ents[k], 1, insp, ni, xs, nx, 0, (int)p->per_enterprise};
            zf_error_t why = {0};
            if (zf_draw_feasible(&one, &why) != 0) {
                json_array_append_new(unstaffable, json_pack("{s:I, s:s, s:s}", "enterprise_id",
                                                             (json_int_t)ents[k].id, "name",
                                                             ents[k].name, "reason", why.message));
                continue;
            }
            ent_units[keep] = ent_units[k];
            ents[keep++] = ents[k];
        }
        if (keep < ne) {
            ne = keep;
            size_t kx = 0;
            for (size_t i = 0; i < nx; i++) {
                int found = 0;
                for (size_t k = 0; k < ne && !found; k++)
                    found = ents[k].id == xs[i].enterprise_id;
                if (found) xs[kx++] = xs[i];
            }
            nx = kx;
        }
    }

    /* 4. how many; feasibility; hashes; commitment */
    uint64_t target = zf_draw_target(ne, p->count, p->ratio_permille);
    zf_draw_input_t in = {"", ents, ne, insp, ni, xs, nx, (size_t)target, (int)p->per_enterprise};
    zf_draw_ctx_t *c = zf_draw_ctx_new();
    char he[ZF_DRAW_HEX_LEN], hi[ZF_DRAW_HEX_LEN], hx[ZF_DRAW_HEX_LEN], cm[ZF_DRAW_HEX_LEN] = "";
    char secret[ZF_DRAW_HEX_LEN] = "";
    rc = hash_pools(c, &in, he, hi, hx, err);
    json_t *sum = json_pack("{s:I, s:I, s:I, s:I, s:I, s:o, s:{s:s, s:s, s:s}}", "pool_size",
                            (json_int_t)ne, "inspector_count", (json_int_t)ni, "target_count",
                            (json_int_t)target, "excluded_at_cap", (json_int_t)at_cap,
                            "excluded_inspected", (json_int_t)excluded_inspected, "warnings",
                            json_incref(warnings), "hashes", "enterprises", rc == 0 ? he : "",
                            "inspectors", rc == 0 ? hi : "", "exclusions", rc == 0 ? hx : "");
    json_object_set(sum, "unstaffable", unstaffable);
    if (rc == 0 && dry_run) {
        /* the preview tells what would fail, without refusing */
        zf_error_t ferr = {0};
        json_object_set_new(sum, "feasible", json_boolean(zf_draw_feasible(&in, &ferr) == 0));
        json_object_set_new(sum, "problem",
                            ferr.message[0] ? json_string(ferr.message) : json_null());
        zf_draw_ctx_free(c);
        json_decref(warnings);
        json_decref(unstaffable);
        *summary = sum;
        return 0;
    }
    if (rc == 0 && target == 0)
        rc = zf_error_set(err, ZF_EINVAL, 422, "draw.nothing_to_draw", "count",
                          "按所选条件没有可抽取的企业（企业库 %zu 家）", ne);
    if (rc == 0) rc = zf_draw_feasible(&in, err);
    if (rc == 0) {
        unsigned char raw[32];
        if (sodium_init() < 0) abort();
        randombytes_buf(raw, sizeof raw);
        zf_hex_encode(raw, sizeof raw, secret);
        sodium_memzero(raw, sizeof raw);
        rc = zf_draw_commitment(c, secret, cm, err);
    }
    zf_draw_ctx_free(c);
    if (rc) {
        json_decref(sum);
        json_decref(warnings);
        json_decref(unstaffable);
        return rc;
    }
    json_object_set_new(sum, "commitment", json_string(cm));
    json_t *jparams = zf_drawsvc_params_json(p);
    json_t *jpools = pools_json(&in, ent_units, insp_units);
    /* published with the pools, outside the hashed lines (information) */
    json_object_set(jpools, "unstaffable", unstaffable);
    char now[32];
    zf_now_iso(now);
    zf_draw_row_t row = {0};
    row.unit_id = p->unit_id;
    row.plan_id = p->plan_id;
    row.title = p->title;
    row.year = p->year;
    row.month = p->month;
    row.draw_date = p->date;
    char *pools_text = json_dumps(jpools, JSON_COMPACT | JSON_SORT_KEYS);
    char *params_text = json_dumps(jparams, JSON_COMPACT | JSON_SORT_KEYS);
    char *warn_text = json_dumps(warnings, JSON_COMPACT | JSON_SORT_KEYS);
    row.params = zf_arena_strdup(a, params_text);
    row.pools = zf_arena_strdup(a, pools_text);
    row.warnings = zf_arena_strdup(a, warn_text);
    free(pools_text);
    free(params_text);
    free(warn_text);
    json_decref(jparams);
    json_decref(jpools);
    json_decref(warnings);
    json_decref(unstaffable);
    row.pool_size = (int64_t)ne;
    row.inspector_count = (int64_t)ni;
    row.target_count = (int64_t)target;
    row.per_enterprise = p->per_enterprise;
    row.excluded_at_cap = at_cap;
    row.hash_enterprises = he;
    row.hash_inspectors = hi;
    row.hash_exclusions = hx;
    row.commitment = cm;
    row.secret = secret;
    row.created_by = created_by;
    row.created_at = now;
    rc = zf_store_draw_insert(db, &row, id, err);
    sodium_memzero(secret, sizeof secret);
    if (rc) {
        json_decref(sum);
        return rc;
    }
    *summary = sum;
    return 0;
}

/* ---- witness: run the draw ---- */

int zf_drawsvc_witness(zf_db_t *db, zf_arena_t *a, const zf_draw_row_t *d, const char *witness_in,
                       int64_t user_id, json_t **logged, zf_error_t *err) {
    const char *witness;
    int rc = zf_draw_witness_check(a, witness_in, &witness, err);
    if (rc) return rc;
    json_error_t jerr;
    json_t *pools = json_loads(d->pools, JSON_REJECT_DUPLICATES, &jerr);
    if (!pools)
        return zf_error_set(err, ZF_EIO, 500, "draw.corrupt", NULL,
                            "抽查记录 %lld 的冻结库无法读取", (long long)d->id);
    zf_draw_input_t in = {0};
    rc = pools_parse(a, pools, &in, err);
    zf_draw_ctx_t *c = zf_draw_ctx_new();
    char he[ZF_DRAW_HEX_LEN], hi[ZF_DRAW_HEX_LEN], hx[ZF_DRAW_HEX_LEN];
    if (rc == 0) rc = hash_pools(c, &in, he, hi, hx, err);
    /* the pools are what was published: refuse to draw from anything else */
    if (rc == 0 && (strcmp(he, d->hash_enterprises) != 0 || strcmp(hi, d->hash_inspectors) != 0 ||
                    strcmp(hx, d->hash_exclusions) != 0))
        rc = zf_error_set(err, ZF_EINTEGRITY, 500, "draw.corrupt", NULL,
                          "抽查记录 %lld 的冻结库与公布的哈希不一致", (long long)d->id);
    zf_draw_pick_row_t *rows = NULL;
    if (rc == 0) {
        in.seed = zf_draw_seed(a, d->secret, witness, he, hi, hx);
        in.count = (size_t)d->target_count;
        in.per_enterprise = (int)d->per_enterprise;
        rc = zf_draw_run(c, a, &in, &rows, err);
    }
    zf_draw_ctx_free(c);
    if (rc) {
        json_decref(pools);
        return rc;
    }
    json_t *result = result_json(&in, rows);
    char *result_text = json_dumps(result, JSON_COMPACT | JSON_SORT_KEYS);
    char now[32];
    zf_now_iso(now);
    /* the inspection ledger: every drawn enterprise gets its planned entry */
    for (size_t k = 0; rc == 0 && k < in.count; k++) {
        int64_t officers[ZF_DRAW_MAX_PER_ENTERPRISE];
        for (int j = 0; j < in.per_enterprise; j++)
            officers[j] = in.inspectors[rows[k].officers[j]].id;
        zf_ledger_entry_t e = {0};
        e.enterprise_id = in.enterprises[rows[k].enterprise].id;
        e.unit_id = d->unit_id;
        e.year = d->year;
        e.month = d->month;
        e.source = "draw";
        e.source_id = d->id;
        e.status = "planned";
        e.note = "";
        e.created_at = now;
        e.created_by = user_id;
        int64_t lid;
        rc = zf_store_ledger_add(db, &e, officers, (size_t)in.per_enterprise, &lid, err);
    }
    if (rc == 0)
        rc = zf_store_draw_finish(db, d->id, d->version, witness, in.seed, result_text, user_id,
                                  now, err);
    free(result_text);
    json_decref(pools);
    if (rc) {
        json_decref(result);
        return rc;
    }
    *logged = json_pack("{s:s, s:s, s:s, s:o, s:s}", "witness", witness, "secret", d->secret,
                        "seed", in.seed, "result", result, "status", "done");
    return 0;
}

/* ---- the public record ---- */

static json_t *parse_or_null(const char *text) {
    if (!text || !*text) return json_null();
    json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
    return j ? j : json_null();
}

json_t *zf_draw_record_json(const zf_draw_row_t *d) {
    int done = strcmp(d->status, "done") == 0;
    json_t *r = json_pack(
        "{s:s, s:{s:I, s:s, s:{s:I, s:s}, s:I, s:I, s:s, s:s, s:s, s:s}, s:o, s:o, s:{s:s, s:s, "
        "s:s}, s:I, s:I, s:I, s:o, s:s}",
        "format", RECORD_FORMAT, "draw", "id", (json_int_t)d->id, "title", d->title, "unit", "id",
        (json_int_t)d->unit_id, "name", d->unit_name, "year", (json_int_t)d->year, "month",
        (json_int_t)d->month, "draw_date", d->draw_date, "status", d->status, "frozen_at",
        d->created_at, "drawn_at", d->drawn_at, "parameters", parse_or_null(d->params), "pool",
        parse_or_null(d->pools), "hashes", "enterprises", d->hash_enterprises, "inspectors",
        d->hash_inspectors, "exclusions", d->hash_exclusions, "target_count",
        (json_int_t)d->target_count, "per_enterprise", (json_int_t)d->per_enterprise,
        "excluded_at_cap", (json_int_t)d->excluded_at_cap, "warnings", parse_or_null(d->warnings),
        "commitment", d->commitment);
    json_object_set_new(r, "witness", done ? json_string(d->witness) : json_null());
    json_object_set_new(r, "secret", done ? json_string(d->secret) : json_null());
    json_object_set_new(r, "seed", done ? json_string(d->seed) : json_null());
    json_object_set_new(r, "result", done ? parse_or_null(d->result) : json_null());
    return r;
}

char *zf_draw_record_text(zf_arena_t *a, const zf_draw_row_t *d, size_t *len) {
    json_t *r = zf_draw_record_json(d);
    char *s = json_dumps(r, JSON_INDENT(1) | JSON_SORT_KEYS);
    json_decref(r);
    char *out = zf_arena_printf(a, "%s\n", s ? s : "{}");
    free(s);
    *len = strlen(out);
    return out;
}

/* ---- verify ---- */

static void check(json_t *checks, int *all, const char *name, int ok, const char *detail) {
    json_array_append_new(checks, json_pack("{s:s, s:b, s:s}", "name", name, "ok", ok, "detail",
                                            detail ? detail : ""));
    if (!ok) *all = 0;
}

int zf_draw_record_verify(json_t *record, json_t **report) {
    zf_arena_t *a = zf_arena_new();
    zf_draw_ctx_t *c = zf_draw_ctx_new();
    json_t *checks = json_array();
    int all = 1;
    zf_error_t err = {0};
    char buf[600];
    const char *format = json_string_value(json_object_get(record, "format"));
    check(checks, &all, "format", format && strcmp(format, RECORD_FORMAT) == 0,
          format ? format : "缺少 format");
    const char *secret = json_string_value(json_object_get(record, "secret"));
    const char *commitment = json_string_value(json_object_get(record, "commitment"));
    const char *witness = json_string_value(json_object_get(record, "witness"));
    const char *seed = json_string_value(json_object_get(record, "seed"));
    json_t *hashes = json_object_get(record, "hashes");
    if (!secret || !commitment || !witness || !seed) {
        check(checks, &all, "revealed", 0,
              "记录缺少 secret、commitment、witness 或 seed（抽取尚未完成？）");
        goto out;
    }
    /* 1. the commitment published before the draw binds the secret */
    char cm[ZF_DRAW_HEX_LEN] = "";
    int rc = zf_draw_commitment(c, secret, cm, &err);
    snprintf(buf, sizeof buf, "SHA-256(secret) = %s, commitment = %s", rc == 0 ? cm : err.message,
             commitment);
    check(checks, &all, "commitment", rc == 0 && strcmp(cm, commitment) == 0, buf);
    /* 2. the pools hash to the published hashes */
    zf_draw_input_t in = {0};
    rc = pools_parse(a, json_object_get(record, "pool"), &in, &err);
    char he[ZF_DRAW_HEX_LEN] = "", hi[ZF_DRAW_HEX_LEN] = "", hx[ZF_DRAW_HEX_LEN] = "";
    if (rc == 0) rc = hash_pools(c, &in, he, hi, hx, &err);
    if (rc) {
        check(checks, &all, "pool", 0, err.message);
        goto out;
    }
    static const char *const names[3] = {"enterprises", "inspectors", "exclusions"};
    const char *mine[3] = {he, hi, hx};
    for (int i = 0; i < 3; i++) {
        const char *pub = json_string_value(json_object_get(hashes, names[i]));
        snprintf(buf, sizeof buf, "computed %s, published %s", mine[i], pub ? pub : "(none)");
        char name[32];
        snprintf(name, sizeof name, "hash.%s", names[i]);
        check(checks, &all, name, pub && strcmp(pub, mine[i]) == 0, buf);
    }
    /* 3. the seed is built from the secret, the witness and the pool hashes */
    const char *want = zf_draw_seed(a, secret, witness, he, hi, hx);
    check(checks, &all, "seed", strcmp(want, seed) == 0,
          strcmp(want, seed) == 0 ? "secret,witness,H(enterprises),H(inspectors),H(exclusions)"
                                  : "seed 与 secret、witness 和库哈希不符");
    /* 4. the number drawn follows from the parameters */
    json_t *params = json_object_get(record, "parameters");
    int64_t count = 0, ratio = 0, target = 0, per = 0;
    get_int(params, "count", &count);
    get_int(params, "ratio_permille", &ratio);
    get_int(record, "target_count", &target);
    get_int(record, "per_enterprise", &per);
    uint64_t t = zf_draw_target(in.n_enterprises, count, ratio);
    snprintf(buf, sizeof buf, "pool %zu, count %lld, ratio %lld‰ → %llu; record says %lld",
             in.n_enterprises, (long long)count, (long long)ratio, (unsigned long long)t,
             (long long)target);
    check(checks, &all, "target_count", (int64_t)t == target && target > 0, buf);
    if ((int64_t)t != target || target <= 0) goto out;
    /* 5. re-run selection and assignment, compare with the result */
    in.seed = seed;
    in.count = (size_t)target;
    in.per_enterprise = (int)per;
    zf_draw_pick_row_t *rows = NULL;
    rc = zf_draw_run(c, a, &in, &rows, &err);
    if (rc) {
        check(checks, &all, "rerun", 0, err.message);
        goto out;
    }
    json_t *got = json_object_get(record, "result");
    json_t *mine_r = result_json(&in, rows);
    int same = json_equal(got, mine_r);
    if (same) {
        snprintf(buf, sizeof buf, "%zu 家企业及其执法人员一致", in.count);
    } else {
        snprintf(buf, sizeof buf, "公布的结果与重新计算的不一致");
        for (size_t k = 0; k < json_array_size(mine_r); k++)
            if (!json_equal(json_array_get(got, k), json_array_get(mine_r, k))) {
                char *w = json_dumps(json_array_get(mine_r, k), JSON_COMPACT | JSON_SORT_KEYS);
                snprintf(buf, sizeof buf, "第 %zu 项不一致，应为 %s", k + 1, w ? w : "");
                free(w);
                break;
            }
    }
    json_decref(mine_r);
    check(checks, &all, "result", same, buf);
out:
    zf_draw_ctx_free(c);
    zf_arena_free(a);
    *report = json_pack("{s:b, s:o}", "ok", all, "checks", checks);
    return all;
}
