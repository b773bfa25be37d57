/* opendata_inspections.c — the results of inspections as open data
 * (双随机抽查结果公示, R14; issue 10, R25), no login:
 *
 *   GET /api/v1/public/inspections?enterprise=&from=&to=&after=&limit=
 *   GET /api/v1/public/inspections.csv?enterprise=&from=&to=   every row
 *   GET /api/v1/public/inspections.atom                        newest 50
 *
 * Which: inspections that are signed or closed (an open record is still
 * being written). Order: newest first by id, keyset paged (`after` = the
 * last id of the previous page, `next_after` says where to go on).
 * What: an allow-list (OSHA's inspection file is the model) — the date, the
 * inspecting unit, the source and the draw behind it, the enterprise (an
 * individual business masked as the decisions mask a person, core/opendata.h,
 * 行政处罚法 第50条), its township, the checklist's domain, counts of
 * findings and hazards and whether a case was opened. Never: attendees,
 * officers, signatures, photos and evidence, the findings' text, addresses. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/day.h"
#include "core/opendata.h"
#include "core/util.h"
#include "io/table_out.h"
#include "store/opendata.h"

#define PAGE 500
#define FEED_ENTRIES 50

static const char *const header[] = {
    "id",
    "inspected_on",
    "unit",
    "source",
    "draw_id",
    "enterprise_kind",
    "enterprise_name",
    "credit_code",
    "township",
    "domain",
    "findings",
    "hazards_ordinary",
    "hazards_major",
    "hazards_rectified",
    "case_opened",
    "signed_on",
};
#define NCOLS (sizeof header / sizeof header[0])

static int bad(zf_error_t *err, const char *field, const char *msg) {
    return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field, "%s", msg);
}

static int parse_day(zf_req_t *req, const char *name, const char **out, zf_error_t *err) {
    *out = zf_req_query(req, name);
    zf_day_t d;
    if (*out && zf_day_parse(*out, &d) != 0)
        /* the input is not echoed: cut at a byte count it could end
         * inside a character and spoil the JSON answer */
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", name, "%s 应为日期（YYYY-MM-DD）",
                            name);
    return 0;
}

/* The filter of all three: enterprise, from, to (and for the JSON page
 * after and limit). */
static int parse_filter(zf_req_t *req, int paged, zf_od_insp_filter_t *f, zf_error_t *err) {
    *f = (zf_od_insp_filter_t){.limit = paged ? 50 : PAGE};
    f->enterprise = zf_req_query(req, "enterprise");
    if (f->enterprise) {
        size_t n = strlen(f->enterprise);
        if (n > 200 || !zf_utf8_valid_text(f->enterprise, n) || strchr(f->enterprise, '\n'))
            return bad(err, "enterprise", "企业检索词应为不超过 200 字节的文字");
    }
    int rc = parse_day(req, "from", &f->from, err);
    if (rc == 0) rc = parse_day(req, "to", &f->to, err);
    if (rc == 0 && f->from && f->to && strcmp(f->from, f->to) > 0)
        rc = bad(err, "to", "截止日期 to 不能早于起始日期 from");
    if (rc || !paged) return rc;
    const char *s = zf_req_query(req, "limit");
    char *end;
    if (s) {
        long v = strtol(s, &end, 10);
        if (!*s || *end || v < 1 || v > 200)
            return bad(err, "limit", "每页条数 limit 应为 1 至 200 的整数");
        f->limit = (int)v;
    }
    s = zf_req_query(req, "after");
    if (s) {
        long long v = strtoll(s, &end, 10);
        if (!*s || *end || v < 1)
            return bad(err, "after", "翻页参数 after 应为正整数（上一页最后一条的 id）");
        f->before_id = v;
    }
    return 0;
}

/* What the public sees of one row, as JSON; the CSV writes the same keys. */
static json_t *item_json(zf_arena_t *a, const zf_od_inspection_t *r) {
    zf_od_party_t p = zf_od_party(a, r->enterprise_name, r->credit_code);
    char signed_on[11];
    zf_od_local_day(r->signed_at, signed_on);
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:b, s:s}", "id",
        (json_int_t)r->id, "inspected_on", r->inspected_on, "unit", r->unit_name, "source",
        r->source, "draw_id", r->draw_id ? json_integer(r->draw_id) : json_null(),
        "enterprise_kind", p.kind, "enterprise_name", p.name, "credit_code", p.credit_code,
        "township", r->township, "domain", r->domain, "findings", (json_int_t)r->findings,
        "hazards_ordinary", (json_int_t)r->hazards_ordinary, "hazards_major",
        (json_int_t)r->hazards_major, "hazards_rectified", (json_int_t)r->hazards_rectified,
        "case_opened", r->case_opened, "signed_on", signed_on);
}

void zf_api_public_inspections(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_od_insp_filter_t f;
    zf_od_inspection_t *rows;
    size_t n = 0;
    int rc = parse_filter(req, 1, &f, &err);
    if (rc == 0) rc = zf_od_inspections_list(zf_api_db(req), req->arena, &f, &rows, &n, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, item_json(req->arena, &rows[i]));
    json_t *next = (int)n == f.limit ? json_integer(rows[n - 1].id) : json_null();
    zf_resp_header(resp, "Cache-Control", "public, max-age=60");
    zf_resp_json(req, resp, 200, json_pack("{s:o, s:o}", "items", items, "next_after", next));
}

/* A JSON value as a CSV cell: integers as digits, true/false as 1/0, null
 * as empty. */
static const char *cell(zf_arena_t *a, json_t *v) {
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_integer(v)) return zf_arena_printf(a, "%" PRId64, (int64_t)json_integer_value(v));
    if (json_is_boolean(v)) return json_is_true(v) ? "1" : "0";
    return "";
}

void zf_api_public_inspections_csv(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_od_insp_filter_t f;
    if (parse_filter(req, 0, &f, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    const char *path = zf_api_download_path(req, "inspections", "csv", &err);
    zf_table_out_t *t = path ? zf_table_out_open("csv", path, NULL, &err) : NULL;
    if (!t) {
        zf_api_fail(req, resp, &err);
        return;
    }
    int rc = zf_table_out_row(t, header, NCOLS, &err);
    while (rc == 0) { /* page by page, so a big district is never one result set */
        zf_od_inspection_t *rows;
        size_t n;
        rc = zf_od_inspections_list(zf_api_db(req), req->arena, &f, &rows, &n, &err);
        for (size_t i = 0; rc == 0 && i < n; i++) {
            json_t *o = item_json(req->arena, &rows[i]);
            const char *cells[NCOLS];
            for (size_t k = 0; k < NCOLS; k++)
                cells[k] = cell(req->arena, json_object_get(o, header[k]));
            rc = zf_table_out_row(t, cells, NCOLS, &err);
            json_decref(o);
        }
        if (rc || (int)n < f.limit) break;
        f.before_id = rows[n - 1].id;
    }
    if (zf_table_out_close(t, rc ? NULL : &err) != 0 && rc == 0) rc = -1;
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_api_download_send(req, resp, path, "csv", "inspections",
                         "%E6%A3%80%E6%9F%A5%E7%BB%93%E6%9E%9C"); /* 检查结果 */
}

static const char *source_text(const char *s) {
    static const char *const names[][2] = {{"plan", "计划检查"},          {"draw", "双随机抽查"},
                                           {"complaint", "投诉举报核查"}, {"accident", "事故调查"},
                                           {"follow_up", "复查"},         {"ad_hoc", "其他检查"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i][0]) == 0) return names[i][1];
    return s;
}

void zf_api_public_inspections_atom(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_od_insp_filter_t f = {.limit = FEED_ENTRIES};
    zf_od_inspection_t *r;
    size_t n;
    if (zf_od_inspections_list(zf_api_db(req), req->arena, &f, &r, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_arena_t *a = req->arena;
    const char *updated = "1970-01-01T00:00:00Z"; /* RFC 4287 §4.2.15: the newest entry */
    for (size_t i = 0; i < n; i++) {
        /* RFC 3339 whatever the row holds (the demo stores local times
         * without a zone; a record closed without signing has none) */
        r[i].signed_at = zf_od_rfc3339(a, *r[i].signed_at ? r[i].signed_at : r[i].inspected_on);
        if (strcmp(r[i].signed_at, updated) > 0) updated = r[i].signed_at;
    }
    char *out = zf_arena_printf(
        a,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        "  <title>检查结果公示</title>\n"
        "  <id>urn:zhifa:inspections</id>\n"
        "  <updated>%s</updated>\n"
        "  <link rel=\"self\" href=\"/api/v1/public/inspections.atom\"/>\n"
        "  <link rel=\"alternate\" type=\"text/csv\" href=\"/api/v1/public/inspections.csv\"/>\n"
        "  <author><name>应急管理局</name></author>\n",
        zf_api_xml_text(a, updated));
    for (size_t i = 0; i < n; i++) {
        zf_od_party_t p = zf_od_party(a, r[i].enterprise_name, r[i].credit_code);
        /* no HTML page per inspection: the entry carries its text as
         * content (RFC 4287 §4.1.1.1 then needs no alternate link) */
        out = zf_arena_printf(
            a,
            "%s  <entry>\n"
            "    <title>%s %s %s</title>\n"
            "    <id>urn:zhifa:inspection:%" PRId64 "</id>\n"
            "    <updated>%s</updated>\n"
            "    <content type=\"text\">%s（%s）于 %s 接受%s（%s）；发现问题 %" PRId64
            " 项，一般隐患 %" PRId64 " 项，重大隐患 %" PRId64 " 项，已整改 %" PRId64
            " 项；%s</content>\n"
            "  </entry>\n",
            out, zf_api_xml_text(a, p.name), zf_api_xml_text(a, r[i].inspected_on),
            source_text(r[i].source), r[i].id, zf_api_xml_text(a, r[i].signed_at),
            zf_api_xml_text(a, p.name), zf_api_xml_text(a, r[i].township),
            zf_api_xml_text(a, r[i].inspected_on), zf_api_xml_text(a, r[i].unit_name),
            source_text(r[i].source), r[i].findings, r[i].hazards_ordinary, r[i].hazards_major,
            r[i].hazards_rectified, r[i].case_opened ? "已立案查处" : "未立案");
    }
    out = zf_arena_printf(a, "%s</feed>\n", out);
    zf_resp_header(resp, "Cache-Control", "public, max-age=60");
    zf_resp_text(resp, 200, "application/atom+xml; charset=utf-8", out, strlen(out));
}
