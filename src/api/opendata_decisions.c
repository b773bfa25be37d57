/* opendata_decisions.c — the published penalty decisions as open data
 * (R25, issue 10), no login:
 *
 *   GET /api/v1/public/decisions.csv   one row per violation of every
 *                                      published decision, then one row per
 *                                      withdrawal notice
 *   GET /api/v1/public/decisions.atom  the newest 50 published decisions
 *
 * Built from the frozen public documents (publications.doc), so the files
 * hold exactly what the pages show: individuals masked (行政处罚法 第50条),
 * organisations named. Stable English field names, one header row, UTF-8
 * with a BOM (io/table_out guards formula injection). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "core/discretion.h"
#include "io/table_out.h"
#include "store/publications.h"

#define PAGE 200
#define FEED_ENTRIES 50

static const char *const header[] = {
    "decision_id",     "number",        "decided_on",  "published_at", "status",
    "party_kind",      "party_name",    "credit_code", "item_code",    "title",
    "violation_basis", "penalty_basis", "amount_fen",  "total_fen",    "withdrawn_at",
    "withdraw_reason", "page_url",
};
#define NCOLS (sizeof header / sizeof header[0])

static const char *num(zf_arena_t *a, int64_t v) { return zf_arena_printf(a, "%" PRId64, v); }

static const char *jtext(json_t *o, const char *k) {
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* The rows of one publication: a row per violation of a published one, a
 * single row for a withdrawal notice. */
static int write_rows(zf_table_out_t *t, zf_arena_t *a, const zf_publication_t *p,
                      zf_error_t *err) {
    const char *url = zf_arena_printf(a, "/public/decisions/%" PRId64, p->id);
    if (strcmp(p->status, "withdrawn") == 0) {
        const char *cells[NCOLS] = {num(a, p->id),
                                    p->number,
                                    "",
                                    "",
                                    "withdrawn",
                                    "",
                                    "",
                                    "",
                                    "",
                                    "",
                                    "",
                                    "",
                                    "",
                                    "",
                                    p->withdrawn_at,
                                    p->withdraw_reason,
                                    url};
        return zf_table_out_row(t, cells, NCOLS, err);
    }
    json_t *doc = json_loads(p->doc, 0, NULL);
    json_t *parties = json_object_get(doc, "parties");
    json_t *first = json_array_get(parties, 0);
    json_t *vs = json_object_get(doc, "violations");
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < json_array_size(vs); i++) {
        json_t *v = json_array_get(vs, i);
        const char *cells[NCOLS] = {num(a, p->id),
                                    p->number,
                                    p->decided_on,
                                    p->published_at,
                                    "published",
                                    jtext(first, "kind"),
                                    p->party_name,
                                    p->credit_code,
                                    jtext(v, "item_code"),
                                    jtext(v, "title"),
                                    jtext(v, "violation_basis"),
                                    jtext(v, "penalty_basis"),
                                    num(a, json_integer_value(json_object_get(v, "amount_fen"))),
                                    num(a, p->amount_fen),
                                    "",
                                    "",
                                    url};
        rc = zf_table_out_row(t, cells, NCOLS, err);
    }
    json_decref(doc);
    return rc;
}

static int write_status(zf_req_t *req, zf_table_out_t *t, const char *status, zf_error_t *err) {
    int64_t before = 0;
    for (;;) {
        zf_pub_filter_t f = {.status = status, .before_id = before, .limit = PAGE};
        zf_publication_t *p;
        size_t n;
        int rc = zf_publications_list(zf_api_db(req), req->arena, &f, &p, &n, err);
        for (size_t i = 0; rc == 0 && i < n; i++)
            rc = write_rows(t, req->arena, &p[i], err);
        if (rc || n < PAGE) return rc;
        before = p[n - 1].id;
    }
}

void zf_api_public_decisions_csv(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    const char *path = zf_api_download_path(req, "decisions", "csv", &err);
    zf_table_out_t *t = path ? zf_table_out_open("csv", path, NULL, &err) : NULL;
    if (!t) {
        zf_api_fail(req, resp, &err);
        return;
    }
    int rc = zf_table_out_row(t, header, NCOLS, &err);
    if (rc == 0) rc = write_status(req, t, "published", &err);
    if (rc == 0) rc = write_status(req, t, "withdrawn", &err);
    if (zf_table_out_close(t, rc ? NULL : &err) != 0 && rc == 0) rc = -1;
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_api_download_send(
        req, resp, path, "csv", "decisions",
        "%E8%A1%8C%E6%94%BF%E5%A4%84%E7%BD%9A%E5%86%B3%E5%AE%9A"); /* 行政处罚决定 */
}

void zf_api_public_decisions_atom(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_pub_filter_t f = {.status = "published", .limit = FEED_ENTRIES};
    zf_publication_t *p;
    size_t n;
    if (zf_publications_list(zf_api_db(req), req->arena, &f, &p, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_arena_t *a = req->arena;
    const char *updated = "1970-01-01T00:00:00Z"; /* RFC 4287 §4.2.15: newest entry */
    for (size_t i = 0; i < n; i++)
        if (strcmp(p[i].published_at, updated) > 0) updated = p[i].published_at;
    char *out = zf_arena_printf(a,
                                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                                "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
                                "  <title>行政处罚决定公开</title>\n"
                                "  <id>urn:zhifa:decisions</id>\n"
                                "  <updated>%s</updated>\n"
                                "  <link rel=\"self\" href=\"/api/v1/public/decisions.atom\"/>\n"
                                "  <link rel=\"alternate\" type=\"text/html\" "
                                "href=\"/public/decisions\"/>\n"
                                "  <author><name>应急管理局</name></author>\n",
                                zf_api_xml_text(a, updated));
    for (size_t i = 0; i < n; i++) {
        out = zf_arena_printf(
            a,
            "%s  <entry>\n"
            "    <title>%s %s</title>\n"
            "    <id>urn:zhifa:decision:%" PRId64 "</id>\n"
            "    <updated>%s</updated>\n"
            "    <link rel=\"alternate\" type=\"text/html\" href=\"/public/decisions/%" PRId64
            "\"/>\n"
            "    <summary>%s 作出行政处罚决定，罚款 %s</summary>\n"
            "  </entry>\n",
            out, zf_api_xml_text(a, p[i].number), zf_api_xml_text(a, p[i].party_name), p[i].id,
            zf_api_xml_text(a, p[i].published_at), p[i].id, zf_api_xml_text(a, p[i].decided_on),
            zf_disc_yuan(a, p[i].amount_fen));
    }
    out = zf_arena_printf(a, "%s</feed>\n", out);
    zf_resp_header(resp, "Cache-Control", "public, max-age=60");
    zf_resp_text(resp, 200, "application/atom+xml; charset=utf-8", out, strlen(out));
}
