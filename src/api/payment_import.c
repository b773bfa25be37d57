/* payment_import.c — the bank's statement of fines paid (行政处罚法 第67条
 * 罚缴分离: the bank collects, finance staff record it), imported as a CSV
 * `reference,case_number,amount,paid_on`. Every row is checked first (the
 * case exists in the importer's scope and has a fine to pay, the importer
 * is none of its officers, the reference is new, the amount and day are
 * good); the import is all or nothing, every bad row reported with its
 * line and field. The preview runs the same checks and writes nothing, so
 * the page shows matched and unmatched rows with their reasons before the
 * user confirms. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/case_api.h"
#include "io/csv.h"
#include "io/encoding.h"

typedef struct {
    size_t line;
    char *reference, *number, *amount, *date;
} row_t;

typedef struct {
    zf_arena_t *a;
    row_t *rows;
    size_t n, cap;
    int header_ok;
    json_t *errors;
} parse_t;

static const char *const COLS[] = {"reference", "case_number", "amount", "paid_on"};

static int on_record(void *ctx, size_t record, size_t line, char **fields, const size_t *len,
                     size_t nf) {
    (void)len;
    parse_t *p = ctx;
    if (record == 1) {
        p->header_ok = nf == 4;
        for (size_t i = 0; p->header_ok && i < 4; i++)
            p->header_ok = strcmp(fields[i], COLS[i]) == 0;
        return p->header_ok ? 0 : 1;
    }
    if (nf == 1 && !*fields[0]) return 0; /* blank line */
    if (nf != 4) {
        json_array_append_new(p->errors,
                              json_pack("{s:I, s:s, s:s}", "line", (json_int_t)line, "field", "",
                                        "message", "每行应有 4 列：流水号、案号、金额、缴纳日期"));
        return 0;
    }
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        row_t *r = zf_arena_alloc(p->a, cap * sizeof *r);
        if (p->n) memcpy(r, p->rows, p->n * sizeof *r);
        p->rows = r;
        p->cap = cap;
    }
    p->rows[p->n++] =
        (row_t){line, zf_arena_strdup(p->a, fields[0]), zf_arena_strdup(p->a, fields[1]),
                zf_arena_strdup(p->a, fields[2]), zf_arena_strdup(p->a, fields[3])};
    return 0;
}

/* "1234", "1234.5", "1234.56" yuan → fen, exactly (no floating point). */
static int parse_yuan(const char *s, int64_t *fen) {
    int64_t y = 0, f = 0;
    int digits = 0, fd = 0;
    const char *p = s;
    while (*p >= '0' && *p <= '9') {
        if (y > 10000000000000LL) return -1;
        y = y * 10 + (*p++ - '0');
        digits++;
    }
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9' && fd < 2) {
            f = f * 10 + (*p++ - '0');
            fd++;
        }
        if (fd == 0) return -1;
        if (fd == 1) f *= 10;
    }
    if (*p || !digits) return -1;
    *fen = y * 100 + f;
    return 0;
}

static void row_error(json_t *errs, size_t line, const char *field, const char *msg) {
    json_array_append_new(errs, json_pack("{s:I, s:s, s:s}", "line", (json_int_t)line, "field",
                                          field, "message", msg));
}

/* The statement checked row by row: every row's case (matched[i] when
 * found, in scope and payable) and amount; p->errors gets every problem
 * {line, field, message}. 0, or -1 after answering a file that is not a
 * statement at all (bad CSV, wrong header). */
typedef struct {
    parse_t p;
    zf_case_cfg_t cfg;
    zf_case_full_t *cases;
    int64_t *fen;
    int *matched;
} checked_t;

static int check_statement(zf_req_t *req, zf_resp_t *resp, checked_t *k) {
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    const zf_actor_t *actor = zf_api_actor(req);
    zf_error_t err = {0};
    zf_case_cfg_t *cfg = &k->cfg;
    if (zf_case_cfg_load(db, a, cfg, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    parse_t *p = &k->p;
    *p = (parse_t){.a = a, .errors = json_array()};
    zf_csv_limits_t lim = ZF_CSV_LIMITS_INIT;
    lim.max_records = 20001;
    lim.max_fields = 8;
    lim.max_field_bytes = 256;
    zf_csv_error_t ce;
    /* banks and Excel write GB18030 as often as UTF-8: either, never mojibake */
    char *text = NULL;
    size_t text_len = 0;
    const char *enc = NULL;
    if (zf_text_to_utf8(req->body, req->body_len, "auto", &text, &text_len, &enc, &err) != 0) {
        json_decref(p->errors);
        zf_api_fail(req, resp, &err);
        return -1;
    }
    zf_arena_defer(a, free, text);
    int prc = zf_csv_parse(text, text_len, &lim, on_record, p, &ce);
    if (prc < 0 || !p->header_ok) {
        json_decref(p->errors);
        if (prc < 0)
            zf_error_set(&err, ZF_EINVAL, 400, "import.bad_csv", "file", "第%zu行：%s", ce.line,
                         ce.message);
        else
            zf_error_set(&err, ZF_EINVAL, 400, "import.bad_header", "file",
                         "表头应为：reference,case_number,amount,paid_on");
        zf_api_fail(req, resp, &err);
        return -1;
    }
    /* check every row first; nothing is written unless all are good */
    zf_case_full_t *cases = k->cases = zf_arena_alloc(a, (p->n ? p->n : 1) * sizeof *cases);
    int64_t *fen = k->fen = zf_arena_alloc(a, (p->n ? p->n : 1) * sizeof *fen);
    k->matched = zf_arena_alloc(a, (p->n ? p->n : 1) * sizeof *k->matched);
    memset(k->matched, 0, (p->n ? p->n : 1) * sizeof *k->matched);
    for (size_t i = 0; i < p->n; i++) {
        row_t *r = &p->rows[i];
        zf_error_t e = {0};
        zf_day_t d;
        if (!*r->reference || strlen(r->reference) > 64)
            row_error(p->errors, r->line, "reference", "银行流水号为空或过长");
        for (size_t j = 0; j < i; j++)
            if (strcmp(p->rows[j].reference, r->reference) == 0)
                row_error(p->errors, r->line, "reference",
                          zf_arena_printf(a, "银行流水号 %s 与第%zu行重复", r->reference,
                                          p->rows[j].line));
        int ex = zf_case_payment_ref_exists(db, r->reference, &e);
        if (ex > 0)
            row_error(p->errors, r->line, "reference",
                      zf_arena_printf(a, "银行流水号 %s 已登记", r->reference));
        if (parse_yuan(r->amount, &fen[i]) != 0 || fen[i] <= 0)
            row_error(p->errors, r->line, "amount", "金额应为大于零的元数，最多两位小数");
        if (zf_day_parse(r->date, &d) != 0 || d > cfg->today_d)
            row_error(p->errors, r->line, "paid_on", "缴纳日期应为不晚于今天的 YYYY-MM-DD");
        zf_case_row_t c;
        if (zf_case_by_number(db, a, r->number, &c, &e) != 0 ||
            zf_perm_check(actor, "case.payment", c.unit_path, &e) != 0) {
            row_error(p->errors, r->line, "case_number",
                      zf_arena_printf(a, "找不到案号 %s 的案件", r->number));
            continue;
        }
        if (zf_case_load(db, a, c.id, &cases[i], &e) != 0 ||
            zf_api_case_payable(&cases[i].c, &e) != 0 ||
            zf_api_case_pay_not_officer(&cases[i], actor->user_id, &e) != 0)
            row_error(p->errors, r->line, "case_number", e.message);
        else
            k->matched[i] = 1;
    }
    return 0;
}

void zf_api_payments_import(zf_req_t *req, zf_resp_t *resp) {
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    const zf_actor_t *actor = zf_api_actor(req);
    zf_error_t err = {0};
    checked_t k;
    memset(&k, 0, sizeof k);
    if (check_statement(req, resp, &k) != 0) return;
    parse_t p = k.p;
    zf_case_cfg_t cfg = k.cfg;
    zf_case_full_t *cases = k.cases;
    int64_t *fen = k.fen;
    if (json_array_size(p.errors) || p.n == 0) {
        if (p.n == 0) row_error(p.errors, 1, "file", "文件中没有缴款记录");
        json_t *e = json_pack(
            "{s:{s:s, s:s, s:s, s:o}}", "error", "code", "import.rejected", "message",
            zf_arena_printf(a, "对账单有 %zu 处错误，未导入任何记录", json_array_size(p.errors)),
            "field", "file", "errors", p.errors);
        zf_resp_json(req, resp, 400, e);
        return;
    }
    json_decref(p.errors);
    int rc = zf_db_begin(db, &err);
    json_t *items = json_array();
    for (size_t i = 0; rc == 0 && i < p.n; i++) {
        row_t *r = &p.rows[i];
        zf_case_payment_t pay = {.case_id = cases[i].c.id,
                                 .kind = "bank",
                                 .amount_fen = fen[i],
                                 .paid_on = r->date,
                                 .reference = r->reference,
                                 .source = "import",
                                 .entered_by = actor->user_id};
        rc = zf_case_payment_add(db, &pay, &err);
        /* the case's version and next deadline follow the payment */
        zf_case_full_t g;
        if (rc == 0) rc = zf_case_load(db, a, cases[i].c.id, &g, &err);
        if (rc == 0) {
            const char *due, *rule;
            zf_api_case_next_due(a, &g, &cfg, &due, &rule, NULL);
            g.c.next_due = due;
            g.c.next_due_rule = rule;
            rc = zf_case_save(db, &g.c, &err);
        }
        json_t *after =
            json_pack("{s:I, s:I, s:s, s:s, s:s, s:I}", "payment_id", (json_int_t)pay.id,
                      "amount_fen", (json_int_t)fen[i], "paid_on", r->date, "reference",
                      r->reference, "source", "import", "line", (json_int_t)r->line);
        if (rc == 0) {
            zf_log_entry_t e = {.actor_id = actor->user_id,
                                .unit_id = cases[i].c.unit_id,
                                .action = "case.payment",
                                .object_type = "case",
                                .object_id = zf_arena_printf(a, "%lld", (long long)cases[i].c.id),
                                .after = after};
            int64_t idx = zf_log_append(db, &e, &err);
            if (idx < 0) rc = (int)idx;
        }
        json_object_set_new(after, "case_id", json_integer(cases[i].c.id));
        json_object_set_new(after, "case_number", json_string(r->number));
        json_array_append_new(items, after);
    }
    if (rc) {
        json_decref(items);
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = json_pack("{s:I}", "rows", (json_int_t)p.n);
    zf_log_entry_t e = {.actor_id = actor->user_id,
                        .action = "case.payment_import",
                        .object_type = "payment_import",
                        .object_id = zf_arena_printf(a, "%lld", (long long)cfg.today_d),
                        .after = after};
    zf_api_commit(req, resp, &e, 201,
                  json_pack("{s:I, s:o}", "imported", (json_int_t)p.n, "items", items));
    json_decref(after);
}

static int by_line(const void *x, const void *y) {
    json_int_t a = json_integer_value(json_object_get(*(json_t *const *)x, "line"));
    json_int_t b = json_integer_value(json_object_get(*(json_t *const *)y, "line"));
    return (a > b) - (a < b);
}

/* The problems by line, in file order and, within a line, in the order
 * the checks found them (a merge walk then gives each row its own: the
 * rows are in line order). */
typedef struct {
    json_t *e;
    size_t line, seq;
} err_at_t;
static int by_line_seq(const void *x, const void *y) {
    const err_at_t *a = x, *b = y;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

/* POST /api/v1/payments/import/preview: the same statement, the same
 * checks, nothing written. 200 {"rows":[{"line","reference","case_number",
 * "amount_fen","paid_on","ok","case":{…}|null,"errors":[{field,message}]}],
 * "count","matched","unmatched","total_fen","importable"}; a line that is
 * not a row (wrong number of columns) is a row with only its errors. */
void zf_api_payments_import_preview(zf_req_t *req, zf_resp_t *resp) {
    checked_t k;
    memset(&k, 0, sizeof k);
    if (check_statement(req, resp, &k) != 0) return;
    parse_t *p = &k.p;
    json_t *rows = json_array();
    size_t matched = 0;
    int64_t total = 0;
    /* lines that never became rows, in line order among the rows */
    size_t ei;
    json_t *e;
    json_array_foreach(p->errors, ei, e) {
        if (strcmp(json_string_value(json_object_get(e, "field")), "") != 0) continue;
        json_array_append_new(
            rows, json_pack("{s:O, s:b, s:[{s:s, s:O}]}", "line", json_object_get(e, "line"), "ok",
                            0, "errors", "field", "", "message", json_object_get(e, "message")));
    }
    size_t ne = json_array_size(p->errors), at = 0;
    err_at_t *ea = zf_arena_alloc(req->arena, (ne ? ne : 1) * sizeof *ea);
    json_array_foreach(p->errors, ei, e) {
        ea[ei] = (err_at_t){e, (size_t)json_integer_value(json_object_get(e, "line")), ei};
    }
    qsort(ea, ne, sizeof *ea, by_line_seq);
    for (size_t i = 0; i < p->n; i++) {
        const row_t *r = &p->rows[i];
        json_t *errs = json_array();
        while (at < ne && ea[at].line < r->line)
            at++;
        for (; at < ne && ea[at].line == r->line; at++)
            json_array_append_new(errs, json_pack("{s:O, s:O}", "field",
                                                  json_object_get(ea[at].e, "field"), "message",
                                                  json_object_get(ea[at].e, "message")));
        int ok = json_array_size(errs) == 0;
        json_t *c = json_null();
        if (k.matched[i]) {
            const zf_case_full_t *f = &k.cases[i];
            zf_case_pay_state_t ps;
            zf_api_case_pay_state(f, &k.cfg, &ps);
            c = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I}", "id", (json_int_t)f->c.id, "number",
                          f->c.number, "party_name", f->nparties ? f->parties[0].name : "",
                          "unit_name", f->c.unit_name, "fine_fen", (json_int_t)ps.fine_fen,
                          "outstanding_fen",
                          (json_int_t)(ps.fine_fen > ps.paid_fen ? ps.fine_fen - ps.paid_fen : 0));
        }
        matched += ok;
        if (ok) total += k.fen[i];
        json_array_append_new(rows, json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:b, s:o, s:o}",
                                              "line", (json_int_t)r->line, "reference",
                                              r->reference, "case_number", r->number, "amount",
                                              r->amount, "paid_on", r->date, "amount_fen",
                                              ok ? json_integer(k.fen[i]) : json_null(), "ok", ok,
                                              "case", c, "errors", errs));
    }
    /* lines in file order: a short line sits among the rows around it */
    size_t count = json_array_size(rows);
    json_t **sorted = zf_arena_alloc(req->arena, (count ? count : 1) * sizeof *sorted);
    for (size_t i = 0; i < count; i++)
        sorted[i] = json_incref(json_array_get(rows, i));
    qsort(sorted, count, sizeof *sorted, by_line);
    json_array_clear(rows);
    for (size_t i = 0; i < count; i++)
        json_array_append_new(rows, sorted[i]);
    json_decref(p->errors);
    zf_resp_json(req, resp, 200,
                 json_pack("{s:o, s:I, s:I, s:I, s:I, s:b}", "rows", rows, "count",
                           (json_int_t)count, "matched", (json_int_t)matched, "unmatched",
                           (json_int_t)(count - matched), "total_fen", (json_int_t)total,
                           "importable", count > 0 && matched == count));
}
