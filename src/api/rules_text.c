/* rules_text.c — the district's rules of double-random inspection as the
 * public reads them and the administrator edits them.
 *
 * 国办发〔2015〕58号 (LAW.md §5, [二手]) asks that the draw's rules — the
 * lists, the method, what is published — be public. The text ships as
 * data/draw_rules.md (embedded at build time); each save by the bureau's
 * administrator is a new row of portal_texts (kind "draw_rules", migration
 * 019), never an update, so what the public read on a day can be shown, and
 * each save is logged with the text before and after. */
#include <string.h>

#include "api/api.h"
#include "core/util.h"
#include "store/portal.h"

extern const char zf_draw_rules_md[];
extern const unsigned long zf_draw_rules_md_len;

#define RULES_KIND "draw_rules"
#define RULES_MAX_CHARS 20000 /* a few pages of rules */
#define RULES_MIN_BYTES 20    /* visible bytes: about seven Chinese characters */

/* The text in force: stored, else the shipped file. */
static int rules_text(zf_req_t *req, const zf_unit_t *bureau, zf_portal_text_t *stored,
                      const char **text, zf_error_t *err) {
    int rc = zf_portal_text_get(zf_api_db(req), req->arena, bureau->id, RULES_KIND, stored, err);
    if (rc != 0) return rc;
    *text = stored->body ? stored->body
                         : zf_arena_strndup(req->arena, zf_draw_rules_md, zf_draw_rules_md_len);
    return 0;
}

static json_t *rules_json(const zf_unit_t *bureau, const zf_portal_text_t *stored, const char *text,
                          int64_t versions) {
    return json_pack(
        "{s:{s:s, s:s}, s:s, s:s, s:I, s:I, s:o, s:s}", "bureau", "code", bureau->code, "name",
        bureau->name, "format", "markdown", "source", stored->body ? "stored" : "shipped", "id",
        (json_int_t)stored->id, "versions", (json_int_t)versions, "updated_at",
        stored->created_at ? json_string(stored->created_at) : json_null(), "text", text);
}

/* GET /api/v1/public/draw-rules — no login. */
void zf_api_public_draw_rules(zf_req_t *req, zf_resp_t *resp) {
    zf_unit_t bureau;
    if (zf_api_find_bureau(req, resp, &bureau) != 0) return;
    zf_error_t err = {0};
    zf_portal_text_t stored;
    const char *text;
    if (rules_text(req, &bureau, &stored, &text, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_header(resp, "Cache-Control", "public, max-age=60");
    zf_resp_json(req, resp, 200,
                 json_pack("{s:s, s:s, s:o}", "format", "markdown", "text", text, "updated_at",
                           stored.created_at ? json_string(stored.created_at) : json_null()));
}

/* GET /api/v1/draw-rules-text — the administrator's view, with versions. */
void zf_api_draw_rules_text_get(zf_req_t *req, zf_resp_t *resp) {
    zf_unit_t bureau;
    if (zf_api_find_bureau(req, resp, &bureau) != 0) return;
    zf_error_t err = {0};
    zf_portal_text_t stored;
    const char *text;
    if (rules_text(req, &bureau, &stored, &text, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, rules_json(&bureau, &stored, text, stored.versions));
}

/* At least a sentence that names what is drawn from what: an empty page is
 * not a published rule. */
static int check_rules(const char *text, zf_error_t *err) {
    size_t visible = 0;
    for (const char *p = text; *p; p++)
        if (!strchr(" \t\r\n", *p)) visible++;
    if (visible < RULES_MIN_BYTES)
        return zf_error_set(err, ZF_EINVAL, 400, "rules.too_short", "text",
                            "规则文本过短：公开的抽查规则应写明名录库、抽取方法和公开内容");
    return 0;
}

/* POST /api/v1/draw-rules-text {text} — a new version. */
void zf_api_draw_rules_text_save(zf_req_t *req, zf_resp_t *resp) {
    zf_unit_t bureau;
    if (zf_api_find_bureau(req, resp, &bureau) != 0) return;
    zf_error_t err = {0};
    if (zf_perm_check(zf_api_actor(req), "portal.write", bureau.path, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    static const zf_field_t spec[] = {
        {"text", ZF_FIELD_STRING, 1, "抽查规则文本", RULES_MAX_CHARS, 1},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    const char *text = json_string_value(json_object_get(body, "text"));
    zf_portal_text_t before;
    const char *old_text = NULL;
    int rc = check_rules(text, &err);
    if (rc == 0) rc = rules_text(req, &bureau, &before, &old_text, &err);
    zf_db_t *db = zf_api_db(req);
    int64_t id = 0;
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_portal_text_insert(db, bureau.id, RULES_KIND, text, zf_api_actor(req)->user_id, &id,
                                   &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_portal_text_t after = {.id = id, .body = text};
    char now[32];
    zf_now_iso(now);
    after.created_at = now;
    zf_api_commit_change(req, resp, "draw_rules.update", "portal_text", id, bureau.id,
                         json_pack("{s:s}", "text", old_text), json_pack("{s:s}", "text", text),
                         rules_json(&bureau, &after, text, before.versions + 1), 200);
}
