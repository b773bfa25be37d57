/* opendata_violations.c — the violations of the published penalty decisions
 * with the history of their amounts (issue 10, R25; OSHA's violation and
 * violation_event files are the model), no login:
 *
 *   GET /api/v1/public/violations?after=&limit=   one row per violation
 *   GET /api/v1/public/violations.csv             the same, every row
 *   GET /api/v1/public/violation-amounts.csv      one row per value an
 *                                                 amount took, in order
 *
 * Only decisions whose publication is 'published' (pending, held and
 * withdrawn ones are absent). The initial amount is the first row of the
 * history (migration 027, kept by triggers); the final amount is the one in
 * the published document (frozen at the decision: the decided amount, as
 * published); `changes` counts the values after the first. The reason given
 * for an amount is free text that may name people: never shown. Order:
 * newest violation first (by id); `after` = the last id of the previous
 * page. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "io/table_out.h"
#include "store/opendata.h"

#define PAGE 500

static const char *const vheader[] = {
    "violation_id", "publication_id",     "number",           "item_code",
    "title",        "initial_amount_fen", "final_amount_fen", "changes",
};
#define VCOLS (sizeof vheader / sizeof vheader[0])

static const char *const aheader[] = {
    "publication_id", "number",     "violation_id", "item_code", "seq",
    "stage",          "amount_fen", "changed_at",
};
#define ACOLS (sizeof aheader / sizeof aheader[0])

static const char *num(zf_arena_t *a, int64_t v) { return zf_arena_printf(a, "%" PRId64, v); }

/* What the public sees of a violation; title and final amount from the
 * published document's entry at the violation's place (the document lists
 * the case's violations by id), the current values when the entry does not
 * match (a document older than its violations cannot happen through the
 * API, but the open data must not fail on it). */
static json_t *violation_json(const zf_od_violation_t *v) {
    json_t *doc = json_loads(v->doc, 0, NULL);
    json_t *e = json_array_get(json_object_get(doc, "violations"), (size_t)v->position);
    const char *code = json_string_value(json_object_get(e, "item_code"));
    int match = code && strcmp(code, v->item_code) == 0;
    const char *title = match ? json_string_value(json_object_get(e, "title")) : NULL;
    json_int_t final =
        match ? json_integer_value(json_object_get(e, "amount_fen")) : (json_int_t)v->amount_fen;
    json_t *o = json_pack(
        "{s:I, s:I, s:s, s:s, s:s, s:I, s:I, s:I}", "violation_id", (json_int_t)v->id,
        "publication_id", (json_int_t)v->publication_id, "number", v->number, "item_code",
        v->item_code, "title", title ? title : "", "initial_amount_fen", (json_int_t)v->initial_fen,
        "final_amount_fen", final, "changes", (json_int_t)(v->values > 1 ? v->values - 1 : 0));
    json_decref(doc);
    return o;
}

void zf_api_public_violations(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    int limit = 50, rc = 0;
    int64_t before = 0;
    char *end;
    const char *s = zf_req_query(req, "limit");
    if (s) {
        long v = strtol(s, &end, 10);
        if (!*s || *end || v < 1 || v > 200)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "limit",
                              "每页条数 limit 应为 1 至 200 的整数");
        limit = (int)v;
    }
    s = zf_req_query(req, "after");
    if (rc == 0 && s) {
        long long v = strtoll(s, &end, 10);
        if (!*s || *end || v < 1)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "after",
                              "翻页参数 after 应为正整数（上一页最后一条的 violation_id）");
        before = v;
    }
    zf_od_violation_t *rows;
    size_t n = 0;
    if (rc == 0)
        rc = zf_od_violations_list(zf_api_db(req), req->arena, before, limit, &rows, &n, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, violation_json(&rows[i]));
    json_t *next = (int)n == limit ? json_integer(rows[n - 1].id) : json_null();
    zf_resp_header(resp, "Cache-Control", "public, max-age=60");
    zf_resp_json(req, resp, 200, json_pack("{s:o, s:o}", "items", items, "next_after", next));
}

static int violation_row(zf_table_out_t *t, zf_arena_t *a, const zf_od_violation_t *v,
                         zf_error_t *err) {
    json_t *o = violation_json(v);
    const char *cells[VCOLS];
    for (size_t k = 0; k < VCOLS; k++) {
        json_t *x = json_object_get(o, vheader[k]);
        cells[k] = json_is_string(x) ? zf_arena_strdup(a, json_string_value(x))
                                     : num(a, (int64_t)json_integer_value(x));
    }
    json_decref(o);
    return zf_table_out_row(t, cells, VCOLS, err);
}

static int amount_rows(zf_req_t *req, zf_table_out_t *t, int64_t lo, int64_t hi, zf_error_t *err) {
    zf_od_amount_t *h;
    size_t n;
    int rc = zf_od_amounts_between(zf_api_db(req), req->arena, lo, hi, &h, &n, err);
    zf_arena_t *a = req->arena;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const char *cells[ACOLS] = {num(a, h[i].publication_id),
                                    h[i].number,
                                    num(a, h[i].violation_id),
                                    h[i].item_code,
                                    num(a, h[i].seq),
                                    h[i].stage,
                                    num(a, h[i].amount_fen),
                                    h[i].changed_at};
        rc = zf_table_out_row(t, cells, ACOLS, err);
    }
    return rc;
}

/* Both files walk the published violations page by page; the history file
 * takes each page's rows by the page's id range (the page holds every
 * published violation in that range, so nothing is missed or repeated). */
static void send_csv(zf_req_t *req, zf_resp_t *resp, int history) {
    zf_error_t err = {0};
    const char *stem = history ? "violation-amounts" : "violations";
    const char *path = zf_api_download_path(req, stem, "csv", &err);
    zf_table_out_t *t = path ? zf_table_out_open("csv", path, NULL, &err) : NULL;
    if (!t) {
        zf_api_fail(req, resp, &err);
        return;
    }
    int rc = history ? zf_table_out_row(t, aheader, ACOLS, &err)
                     : zf_table_out_row(t, vheader, VCOLS, &err);
    int64_t before = 0;
    while (rc == 0) {
        zf_od_violation_t *v;
        size_t n;
        rc = zf_od_violations_list(zf_api_db(req), req->arena, before, PAGE, &v, &n, &err);
        if (rc || n == 0) break;
        if (history)
            rc = amount_rows(req, t, v[n - 1].id, v[0].id, &err);
        else
            for (size_t i = 0; rc == 0 && i < n; i++)
                rc = violation_row(t, req->arena, &v[i], &err);
        if (n < PAGE) break;
        before = v[n - 1].id;
    }
    if (zf_table_out_close(t, rc ? NULL : &err) != 0 && rc == 0) rc = -1;
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    if (history)
        zf_api_download_send(
            req, resp, path, "csv", "violation-amounts",
            "%E7%BD%9A%E6%AC%BE%E6%95%B0%E9%A2%9D%E5%8F%98%E6%9B%B4"); /* 罚款数额变更 */
    else
        zf_api_download_send(req, resp, path, "csv", "violations",
                             "%E8%BF%9D%E6%B3%95%E8%A1%8C%E4%B8%BA"); /* 违法行为 */
}

void zf_api_public_violations_csv(zf_req_t *req, zf_resp_t *resp) { send_csv(req, resp, 0); }
void zf_api_public_violation_amounts_csv(zf_req_t *req, zf_resp_t *resp) { send_csv(req, resp, 1); }
