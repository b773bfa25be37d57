/* catalogue_io.c — the catalogue as a file (R9, R36): export every version
 * of every item to CSV or XLSX, and import such a file (or catalog.csv
 * itself) all or nothing: if any row is bad, nothing is stored and the
 * answer lists every bad row, column and reason.
 *
 * Import never changes a stored version (R9): a row whose item and
 * effective date already exist is skipped (so re-importing an export is a
 * no-op); a new item is created; a new date becomes a new version. Each
 * stored version is logged (catalogue.import) in the one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "io/encoding.h"
#include "io/table_out.h"
#include "io/xlsx_read.h"

static const char *yuan_cell(zf_arena_t *a, int has, int64_t fen) {
    if (!has) return "";
    if (fen % 100 == 0) return zf_arena_printf(a, "%lld", (long long)(fen / 100));
    return zf_arena_printf(a, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

void zf_api_catalogue_export(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    const char *format = zf_req_query(req, "format");
    if (!format || !*format) format = "csv";
    if (strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0) {
        zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "format", "导出格式应为 csv 或 xlsx");
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_db_t *db = zf_api_db(req);
    /* every item (the catalogue is small: at most a few thousand versions) */
    zf_cat_filter_t f = {.date = "9999-12-31", .delegable = -1, .limit = 100000};
    zf_cat_version_t *items;
    size_t n;
    if (zf_catalogue_list(db, req->arena, &f, &items, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    const char *path = zf_api_download_path(req, "catalogue", format, &err);
    if (!path) {
        zf_api_fail(req, resp, &err);
        return;
    }
    size_t ncols;
    const char *const *cols = zf_catalogue_csv_columns(&ncols);
    zf_table_out_t *t = zf_table_out_open(format, path, "执法事项", &err);
    int rc = t ? zf_table_out_row(t, cols, ncols, &err) : -1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        zf_cat_version_t *vs;
        size_t nv;
        rc = zf_catalogue_versions(db, req->arena, items[i].code, &vs, &nv, &err);
        for (size_t k = 0; rc == 0 && k < nv; k++) {
            const zf_cat_version_t *v = &vs[k];
            int g = v->gains_mult_max > 0;
            const char *cells[] = {v->code,
                                   v->domain,
                                   v->title,
                                   v->violation_basis,
                                   v->penalty_basis,
                                   v->target,
                                   yuan_cell(req->arena, v->has_min, v->fine_min),
                                   yuan_cell(req->arena, v->has_max, v->fine_max),
                                   v->other_measures,
                                   v->notes,
                                   v->kind,
                                   v->effective_from,
                                   v->delegable ? "1" : "0",
                                   v->per_person ? "1" : "0",
                                   yuan_cell(req->arena, g, v->gains_threshold),
                                   g ? zf_arena_printf(req->arena, "%d", v->gains_mult_min) : "",
                                   g ? zf_arena_printf(req->arena, "%d", v->gains_mult_max) : "",
                                   v->delegation_note,
                                   v->tiers ? v->tiers : "",
                                   v->reason,
                                   v->fine_rule ? v->fine_rule : ""};
            rc = zf_table_out_row(t, cells, ncols, &err);
        }
    }
    if (t) {
        int crc = zf_table_out_close(t, rc == 0 ? &err : NULL);
        if (rc == 0) rc = crc;
    }
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_api_download_send(req, resp, path, format, "catalogue",
                         "%E6%89%A7%E6%B3%95%E4%BA%8B%E9%A1%B9"); /* 执法事项 */
}

void zf_api_catalogue_import(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    const zf_actor_t *actor = zf_api_actor(req);
    if (zf_perm_check(actor, "catalogue.write", NULL, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    const char *data = req->body;
    size_t n = req->body_len;
    int xlsx = zf_xlsx_sniff(data, n);
    char *text = NULL;
    size_t text_len = 0;
    const char *used = "xlsx";
    if (!xlsx) {
        if (zf_text_to_utf8(data, n, zf_req_query(req, "encoding"), &text, &text_len, &used,
                            &err) != 0) {
            zf_api_fail(req, resp, &err);
            return;
        }
        zf_arena_defer(req->arena, free, text);
        data = text;
        n = text_len;
    }
    zf_cat_version_t *items;
    size_t count;
    json_t *errors = NULL;
    if (zf_catalogue_csv_parse(req->arena, data, n, xlsx, &items, &count, &errors, &err) != 0) {
        json_t *o = json_pack("{s:{s:s, s:s}, s:O, s:s}", "error", "code", err.code, "message",
                              err.message, "report", errors, "encoding", used);
        zf_resp_json(req, resp, err.status, o);
        return;
    }
    zf_db_t *db = zf_api_db(req);
    int rc = zf_db_begin(db, &err);
    size_t created = 0, versions = 0, skipped = 0;
    json_t *summary = json_array();
    zf_arena_defer(req->arena, (void (*)(void *))json_decref, summary);
    for (size_t i = 0; rc == 0 && i < count; i++) {
        zf_cat_version_t old, stored;
        zf_error_t probe = {0};
        int exists = zf_catalogue_at(db, req->arena, items[i].code, "9999-12-31", &old, &probe);
        if (exists == 0) {
            zf_cat_version_t same;
            if (zf_catalogue_at(db, req->arena, items[i].code, items[i].effective_from, &same,
                                &probe) == 0 &&
                strcmp(same.effective_from, items[i].effective_from) == 0) {
                skipped++;
                continue;
            }
        } else if (exists != ZF_ENOTFOUND) {
            err = probe;
            rc = exists;
            break;
        }
        /* an item seen for the first time in this file or the database */
        zf_cat_version_t dummy;
        int is_new = zf_catalogue_at(db, req->arena, items[i].code, "9999-12-31", &dummy, &probe) ==
                         ZF_ENOTFOUND &&
                     strcmp(probe.code, "catalogue.not_found") == 0;
        rc = zf_catalogue_insert(db, req->arena, &items[i], is_new, actor->user_id, &stored, &err);
        if (rc) {
            json_array_append_new(summary, json_pack("{s:I, s:s, s:s}", "row", (json_int_t)(i + 2),
                                                     "column", "code", "message", err.message));
            break;
        }
        if (is_new)
            created++;
        else
            versions++;
        json_t *after = zf_api_catalogue_version_json(&stored);
        zf_log_entry_t e = {.actor_id = actor->user_id,
                            .action = "catalogue.import",
                            .object_type = "catalogue_item",
                            .object_id = stored.code,
                            .after = after};
        int64_t idx = zf_log_append(db, &e, &err);
        json_decref(after);
        if (idx < 0) rc = (int)idx;
    }
    if (rc != 0) {
        zf_db_rollback(db);
        json_t *o = json_pack("{s:{s:s, s:s}, s:O}", "error", "code", err.code, "message",
                              err.message, "report", summary);
        zf_resp_json(req, resp, err.status ? err.status : 500, o);
        return;
    }
    if (zf_db_commit(db, &err) != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:I, s:I, s:I, s:I, s:s}", "rows", (json_int_t)count, "created",
                           (json_int_t)created, "new_versions", (json_int_t)versions, "skipped",
                           (json_int_t)skipped, "encoding", used));
}
