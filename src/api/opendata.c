/* opendata.c — open data (R25, issue 10): what the portal publishes, as
 * files anyone can download and machines can follow, without login.
 *
 *   GET /api/v1/public/catalogue.csv  the items in force today
 *   GET /api/v1/public/draws.csv      every published draw
 *   GET /api/v1/public/draws.atom     the newest 50 draws as an Atom feed
 *
 * Field names are stable (English, the same as the JSON answers), one
 * header row, UTF-8 with a BOM (io/table_out: formula injection guarded);
 * the same allow-list of fields as the JSON pages: nothing about a person
 * beyond what 事前公开 publishes. Decisions: opendata_decisions.c. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "io/table_out.h"
#include "store/catalogue.h"
#include "store/draws.h"
#include "store/store.h"

#define DRAWS_PAGE 200
#define FEED_ENTRIES 50

static const char *fen_cell(zf_arena_t *a, int has, int64_t v) {
    return has ? zf_arena_printf(a, "%" PRId64, v) : "";
}

void zf_api_public_catalogue_csv(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    char today[11];
    zf_api_today(today);
    const char *path = zf_api_download_path(req, "catalogue", "csv", &err);
    zf_table_out_t *t = path ? zf_table_out_open("csv", path, NULL, &err) : NULL;
    if (!t) {
        zf_api_fail(req, resp, &err);
        return;
    }
    static const char *const header[] = {"code",           "title",        "domain",
                                         "kind",           "target",       "violation_basis",
                                         "penalty_basis",  "fine_min_fen", "fine_max_fen",
                                         "other_measures", "delegable",    "effective_from",
                                         "tiers"};
    int rc = zf_table_out_row(t, header, 13, &err);
    const char *after = NULL;
    while (rc == 0) {
        zf_cat_filter_t f = {.date = today, .delegable = -1, .after = after, .limit = 500};
        zf_cat_version_t *v;
        size_t n;
        rc = zf_catalogue_list(zf_api_db(req), req->arena, &f, &v, &n, &err);
        for (size_t i = 0; rc == 0 && i < n; i++) {
            const char *cells[] = {v[i].code,
                                   v[i].title,
                                   v[i].domain,
                                   v[i].kind,
                                   v[i].target,
                                   v[i].violation_basis,
                                   v[i].penalty_basis,
                                   fen_cell(req->arena, v[i].has_min, v[i].fine_min),
                                   fen_cell(req->arena, v[i].has_max, v[i].fine_max),
                                   v[i].other_measures,
                                   v[i].delegable ? "1" : "0",
                                   v[i].effective_from,
                                   v[i].tiers ? v[i].tiers : ""};
            rc = zf_table_out_row(t, cells, 13, &err);
        }
        if (rc || n < 500) break;
        after = v[n - 1].code;
    }
    if (zf_table_out_close(t, rc ? NULL : &err) != 0 && rc == 0) rc = -1;
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_api_download_send(
        req, resp, path, "csv", "catalogue",
        "%E6%89%A7%E6%B3%95%E4%BA%8B%E9%A1%B9%E7%9B%AE%E5%BD%95"); /* 执法事项目录 */
}

/* Every draw, newest first, through the keyset pages of the store. */
static int all_draws(zf_req_t *req, int64_t limit, zf_draw_row_t **out, size_t *n,
                     zf_error_t *err) {
    zf_draw_row_t *all = NULL;
    size_t cap = 0, count = 0;
    int64_t before = 0;
    for (;;) {
        zf_draw_row_t *rows;
        size_t got;
        int64_t want =
            limit && limit - (int64_t)count < DRAWS_PAGE ? limit - (int64_t)count : DRAWS_PAGE;
        int rc = zf_store_draws_list(zf_api_db(req), req->arena, NULL, 0, before, want, &rows, &got,
                                     err);
        if (rc) return rc;
        for (size_t i = 0; i < got; i++) {
            all = zf_arena_reserve(req->arena, all, &cap, count, sizeof *all);
            all[count++] = rows[i];
        }
        if ((int64_t)got < want || (limit && (int64_t)count >= limit)) break;
        before = rows[got - 1].id;
    }
    *out = all;
    *n = count;
    return 0;
}

void zf_api_public_draws_csv(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_draw_row_t *d;
    size_t n;
    if (all_draws(req, 0, &d, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    const char *path = zf_api_download_path(req, "draws", "csv", &err);
    zf_table_out_t *t = path ? zf_table_out_open("csv", path, NULL, &err) : NULL;
    if (!t) {
        zf_api_fail(req, resp, &err);
        return;
    }
    static const char *const header[] = {"id",
                                         "title",
                                         "unit",
                                         "year",
                                         "month",
                                         "draw_date",
                                         "status",
                                         "pool_size",
                                         "inspector_count",
                                         "target_count",
                                         "per_enterprise",
                                         "excluded_at_cap",
                                         "hash_enterprises",
                                         "hash_inspectors",
                                         "hash_exclusions",
                                         "commitment",
                                         "frozen_at",
                                         "drawn_at",
                                         "record_url"};
    int rc = zf_table_out_row(t, header, 19, &err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        zf_arena_t *a = req->arena;
        const char *cells[] = {
            zf_arena_printf(a, "%" PRId64, d[i].id),
            d[i].title,
            d[i].unit_name,
            zf_arena_printf(a, "%" PRId64, (int64_t)d[i].year),
            zf_arena_printf(a, "%" PRId64, (int64_t)d[i].month),
            d[i].draw_date,
            d[i].status,
            zf_arena_printf(a, "%" PRId64, (int64_t)d[i].pool_size),
            zf_arena_printf(a, "%" PRId64, (int64_t)d[i].inspector_count),
            zf_arena_printf(a, "%" PRId64, (int64_t)d[i].target_count),
            zf_arena_printf(a, "%" PRId64, (int64_t)d[i].per_enterprise),
            zf_arena_printf(a, "%" PRId64, (int64_t)d[i].excluded_at_cap),
            d[i].hash_enterprises,
            d[i].hash_inspectors,
            d[i].hash_exclusions,
            d[i].commitment,
            d[i].created_at,
            d[i].drawn_at,
            zf_arena_printf(a, "/api/v1/public/draws/%" PRId64 "/record", d[i].id)};
        rc = zf_table_out_row(t, cells, 19, &err);
    }
    if (zf_table_out_close(t, rc ? NULL : &err) != 0 && rc == 0) rc = -1;
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_api_download_send(req, resp, path, "csv", "draws",
                         "%E5%8F%8C%E9%9A%8F%E6%9C%BA%E6%8A%BD%E6%9F%A5"); /* 双随机抽查 */
}

/* Text for XML: & < > " escaped (the stored text has no control characters:
 * every text field is checked on the way in). */
const char *zf_api_xml_text(zf_arena_t *a, const char *s) {
    size_t extra = 0;
    for (const char *p = s; *p; p++)
        extra += *p == '&' ? 4 : (*p == '<' || *p == '>') ? 3 : *p == '"' ? 5 : 0;
    if (!extra) return s;
    char *out = zf_arena_alloc(a, strlen(s) + extra + 1), *o = out;
    for (const char *p = s; *p; p++) {
        const char *rep = *p == '&'   ? "&amp;"
                          : *p == '<' ? "&lt;"
                          : *p == '>' ? "&gt;"
                          : *p == '"' ? "&quot;"
                                      : NULL;
        if (rep) {
            memcpy(o, rep, strlen(rep));
            o += strlen(rep);
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

static const char *draw_status_text(const char *status) {
    if (strcmp(status, "done") == 0) return "已抽取";
    if (strcmp(status, "frozen") == 0) return "已冻结，待见证抽取";
    if (strcmp(status, "cancelled") == 0) return "已取消";
    return status;
}

void zf_api_public_draws_atom(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_draw_row_t *d;
    size_t n;
    if (all_draws(req, FEED_ENTRIES, &d, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_arena_t *a = req->arena;
    /* the feed's time: the newest change of any entry (RFC 4287 §4.2.15) */
    const char *updated = "1970-01-01T00:00:00Z";
    for (size_t i = 0; i < n; i++) {
        const char *t = d[i].drawn_at && *d[i].drawn_at ? d[i].drawn_at : d[i].created_at;
        if (strcmp(t, updated) > 0) updated = t;
    }
    char *out = zf_arena_printf(
        a,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        "  <title>双随机抽查公示</title>\n"
        "  <subtitle>抽取前公布企业库与检查人员库的哈希和种子承诺，抽取后公开种子与结果，"
        "任何人可复核（docs/draw.md）</subtitle>\n"
        "  <id>urn:zhifa:draws</id>\n"
        "  <updated>%s</updated>\n"
        "  <link rel=\"self\" href=\"/api/v1/public/draws.atom\"/>\n"
        "  <link rel=\"alternate\" type=\"text/html\" href=\"/public/draws\"/>\n"
        "  <author><name>应急管理局</name></author>\n",
        zf_api_xml_text(a, updated));
    for (size_t i = 0; i < n; i++) {
        const char *t = d[i].drawn_at && *d[i].drawn_at ? d[i].drawn_at : d[i].created_at;
        out = zf_arena_printf(
            a,
            "%s  <entry>\n"
            "    <title>%s</title>\n"
            "    <id>urn:zhifa:draw:%" PRId64 "</id>\n"
            "    <updated>%s</updated>\n"
            "    <link rel=\"alternate\" type=\"text/html\" href=\"/public/draws/%" PRId64 "\"/>\n"
            "    <link rel=\"related\" type=\"application/json\" "
            "href=\"/api/v1/public/draws/%" PRId64 "/record\"/>\n"
            "    <summary>%s：%s，%s；企业库 %" PRId64 " 家，抽取 %" PRId64 " 家，每家 %" PRId64
            " 名检查人员；种子承诺 %s</summary>\n"
            "  </entry>\n",
            out, zf_api_xml_text(a, d[i].title), d[i].id, zf_api_xml_text(a, t), d[i].id, d[i].id,
            zf_api_xml_text(a, d[i].unit_name), zf_api_xml_text(a, d[i].draw_date),
            draw_status_text(d[i].status), (int64_t)d[i].pool_size, (int64_t)d[i].target_count,
            (int64_t)d[i].per_enterprise, zf_api_xml_text(a, d[i].commitment));
    }
    out = zf_arena_printf(a, "%s</feed>\n", out);
    zf_resp_header(resp, "Cache-Control", "public, max-age=60");
    zf_resp_text(resp, 200, "application/atom+xml; charset=utf-8", out, strlen(out));
}
