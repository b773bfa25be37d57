/* case_pay.c — fines are paid to the bank, never to officers (行政处罚法
 * 第67条 罚缴分离): the payment notice, the bank's confirmations entered by
 * finance staff (case.payment: section head, bureau leader, admin — never
 * one of the case's officers) or imported from a bank statement CSV (all
 * or nothing, every bad row reported with its line), and the approval of a
 * deferral or instalments (第66条). The late-payment surcharge (第72条) is
 * computed by core/deadline's zf_surcharge on the case detail. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/case_api.h"
#include "io/csv.h"

static int payable(const zf_case_row_t *c, zf_error_t *err) {
    if (c->decided_amount_fen <= 0 || (strcmp(c->state, "decided") && strcmp(c->state, "served") &&
                                       strcmp(c->state, "executing")))
        return zf_error_set(err, ZF_ECONFLICT, 409, "case.not_payable", "state",
                            "案件没有待缴纳的罚款（须已作出罚款决定且未结案）");
    return 0;
}

int zf_api_case_pay_begin(zf_req_t *req, zf_resp_t *resp, json_t *body, const char *action,
                          zf_case_full_t *f, zf_case_cfg_t *cfg) {
    if (zf_api_case_fetch(req, resp, action, f) != 0) return -1;
    zf_error_t err = {0};
    int rc = 0;
    if (zf_body_int(body, "version", -1) != f->c.version)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "conflict.version", "version",
                          "案件已被他人修改，请刷新后重试");
    if (rc == 0) rc = payable(&f->c, &err);
    if (rc == 0) rc = zf_case_cfg_load(zf_api_db(req), req->arena, cfg, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

int zf_api_case_pay_approver(const zf_actor_t *actor, zf_error_t *err) {
    if (strcmp(actor->role, "section_head") && strcmp(actor->role, "bureau_leader"))
        return zf_error_set(err, ZF_EPERM, 403, "payment.approval_role", NULL,
                            "暂缓或分期缴纳须经行政机关批准（行政处罚法 第66条）");
    return 0;
}

/* 第67条: a case officer never handles the money. */
static int not_officer(const zf_case_full_t *f, int64_t user_id, zf_error_t *err) {
    for (size_t i = 0; i < f->nofficers; i++)
        if (f->officers[i].user_id == user_id)
            return zf_error_set(err, ZF_EPERM, 403, "payment.officer_not_allowed", NULL,
                                "罚缴分离：本案执法人员不得登记罚款缴纳（行政处罚法 第67条）");
    return 0;
}

void zf_api_case_payment_notice(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"issued_on", ZF_FIELD_STRING, 0, "开具日期", 10, 10},
        {"due_on", ZF_FIELD_STRING, 0, "缴款期限", 10, 10},
        {"amount_fen", ZF_FIELD_INT, 0, "应缴金额（分）", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_case_full_t f;
    zf_case_cfg_t cfg;
    if (zf_api_case_pay_begin(req, resp, body, "case.write", &f, &cfg) != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    const char *issued = NULL;
    int rc = zf_api_case_date(body, "issued_on", "开具日期", &cfg, &issued, &err);
    if (!issued) issued = cfg.today;
    int64_t amount = zf_body_int(body, "amount_fen", f.c.decided_amount_fen);
    if (rc == 0 && amount != f.c.decided_amount_fen)
        rc = zf_api_case_bad(&err, "amount_fen", "应缴金额须与决定书罚款数额一致");
    const char *due = zf_body_str(body, "due_on");
    zf_day_t dd;
    if (rc == 0 && due && zf_day_parse(due, &dd) != 0)
        rc = zf_api_case_bad(&err, "due_on", "缴款期限应为 YYYY-MM-DD");
    if (rc == 0 && !due) {
        /* 第67条第3款: 15 days from receiving the decision */
        zf_day_t from;
        zf_day_parse(f.c.served_on[0] ? f.c.served_on : issued, &from);
        zf_dl_result_t r;
        rc = zf_dl_compute(&cfg.cal, &cfg.dl, "payment", from, &r, &err);
        char *d = zf_arena_alloc(req->arena, 11);
        if (rc == 0) zf_day_format(r.due, d);
        due = d;
    }
    if (rc == 0) rc = zf_db_begin(db, &err);
    zf_case_payment_t p = {.case_id = f.c.id,
                           .kind = "notice",
                           .amount_fen = amount,
                           .issued_on = issued,
                           .due_on = due,
                           .entered_by = zf_api_actor(req)->user_id};
    if (rc == 0) rc = zf_case_payment_add(db, &p, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_api_case_finish(req, resp, &f, "case.payment_notice", NULL,
                       json_pack("{s:I, s:I, s:s, s:s}", "payment_id", (json_int_t)p.id,
                                 "amount_fen", (json_int_t)amount, "issued_on", issued, "due_on",
                                 due),
                       201);
}

void zf_api_case_payment_add(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"amount_fen", ZF_FIELD_INT, 1, "缴纳金额（分）", 0, 0},
        {"paid_on", ZF_FIELD_STRING, 1, "缴纳日期", 10, 10},
        {"reference", ZF_FIELD_STRING, 1, "银行流水号", 64, 1},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_case_full_t f;
    zf_case_cfg_t cfg;
    if (zf_api_case_pay_begin(req, resp, body, "case.payment", &f, &cfg) != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    const zf_actor_t *actor = zf_api_actor(req);
    int rc = not_officer(&f, actor->user_id, &err);
    const char *paid = NULL;
    if (rc == 0) rc = zf_api_case_date(body, "paid_on", "缴纳日期", &cfg, &paid, &err);
    int64_t amount = zf_body_int(body, "amount_fen", 0);
    if (rc == 0 && amount <= 0) rc = zf_api_case_bad(&err, "amount_fen", "缴纳金额应大于零");
    if (rc == 0) rc = zf_db_begin(db, &err);
    zf_case_payment_t p = {.case_id = f.c.id,
                           .kind = "bank",
                           .amount_fen = amount,
                           .paid_on = paid,
                           .reference = zf_body_str(body, "reference"),
                           .source = "manual",
                           .entered_by = actor->user_id};
    if (rc == 0) rc = zf_case_payment_add(db, &p, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_api_case_finish(req, resp, &f, "case.payment", NULL,
                       json_pack("{s:I, s:I, s:s, s:s, s:s}", "payment_id", (json_int_t)p.id,
                                 "amount_fen", (json_int_t)amount, "paid_on", paid, "reference",
                                 p.reference, "source", "manual"),
                       201);
}

/* 第66条: 当事人确有经济困难，经申请和批准，可以暂缓或者分期缴纳 */
void zf_api_case_payment_plan(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"kind", ZF_FIELD_STRING, 1, "类型", 20, 1},
        {"due_on", ZF_FIELD_STRING, 1, "批准的缴纳期限", 10, 10},
        {"note", ZF_FIELD_STRING, 1, "批准内容（分期安排、理由）", 2000, 1},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_case_full_t f;
    zf_case_cfg_t cfg;
    if (zf_api_case_pay_begin(req, resp, body, "case.payment", &f, &cfg) != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    const zf_actor_t *actor = zf_api_actor(req);
    const char *kind = zf_body_str(body, "kind"), *due = zf_body_str(body, "due_on");
    int rc = 0;
    zf_day_t d;
    /* 分期 has its own object with a schedule (case_instalments.c) */
    if (strcmp(kind, "instalment") == 0)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "payment.use_instalment_plan", "kind",
                          "分期缴纳请登记当事人的分期缴纳申请（各期金额和期限），再由负责人批准");
    else if (strcmp(kind, "deferral"))
        rc = zf_api_case_bad(&err, "kind", "类型应为 deferral（暂缓）");
    if (rc == 0 && zf_day_parse(due, &d) != 0)
        rc = zf_api_case_bad(&err, "due_on", "缴纳期限应为 YYYY-MM-DD");
    if (rc == 0) rc = zf_api_case_pay_approver(actor, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    zf_case_payment_t p = {.case_id = f.c.id,
                           .kind = kind,
                           .issued_on = cfg.today,
                           .due_on = due,
                           .note = zf_body_str(body, "note"),
                           .entered_by = actor->user_id};
    if (rc == 0) rc = zf_case_payment_add(db, &p, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_api_case_finish(req, resp, &f, "case.payment_plan", NULL,
                       json_pack("{s:I, s:s, s:s, s:s}", "payment_id", (json_int_t)p.id, "kind",
                                 kind, "due_on", due, "note", p.note),
                       201);
}

/* ---- bank statement import ---- */

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

void zf_api_payments_import(zf_req_t *req, zf_resp_t *resp) {
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    const zf_actor_t *actor = zf_api_actor(req);
    zf_error_t err = {0};
    zf_case_cfg_t cfg;
    if (zf_case_cfg_load(db, a, &cfg, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    parse_t p = {.a = a, .errors = json_array()};
    zf_csv_limits_t lim = ZF_CSV_LIMITS_INIT;
    lim.max_records = 20001;
    lim.max_fields = 8;
    lim.max_field_bytes = 256;
    zf_csv_error_t ce;
    int prc = zf_csv_parse(req->body, req->body_len, &lim, on_record, &p, &ce);
    if (prc < 0 || !p.header_ok) {
        json_decref(p.errors);
        if (prc < 0)
            zf_error_set(&err, ZF_EINVAL, 400, "import.bad_csv", "file", "第%zu行：%s", ce.line,
                         ce.message);
        else
            zf_error_set(&err, ZF_EINVAL, 400, "import.bad_header", "file",
                         "表头应为：reference,case_number,amount,paid_on");
        zf_api_fail(req, resp, &err);
        return;
    }
    /* check every row first; nothing is written unless all are good */
    zf_case_full_t *cases = zf_arena_alloc(a, (p.n ? p.n : 1) * sizeof *cases);
    int64_t *fen = zf_arena_alloc(a, (p.n ? p.n : 1) * sizeof *fen);
    for (size_t i = 0; i < p.n; i++) {
        row_t *r = &p.rows[i];
        zf_error_t e = {0};
        zf_day_t d;
        if (!*r->reference || strlen(r->reference) > 64)
            row_error(p.errors, r->line, "reference", "银行流水号为空或过长");
        for (size_t k = 0; k < i; k++)
            if (strcmp(p.rows[k].reference, r->reference) == 0)
                row_error(p.errors, r->line, "reference",
                          zf_arena_printf(a, "银行流水号 %s 与第%zu行重复", r->reference,
                                          p.rows[k].line));
        int ex = zf_case_payment_ref_exists(db, r->reference, &e);
        if (ex > 0)
            row_error(p.errors, r->line, "reference",
                      zf_arena_printf(a, "银行流水号 %s 已登记", r->reference));
        if (parse_yuan(r->amount, &fen[i]) != 0 || fen[i] <= 0)
            row_error(p.errors, r->line, "amount", "金额应为大于零的元数，最多两位小数");
        if (zf_day_parse(r->date, &d) != 0 || d > cfg.today_d)
            row_error(p.errors, r->line, "paid_on", "缴纳日期应为不晚于今天的 YYYY-MM-DD");
        zf_case_row_t c;
        if (zf_case_by_number(db, a, r->number, &c, &e) != 0 ||
            zf_perm_check(actor, "case.payment", c.unit_path, &e) != 0) {
            row_error(p.errors, r->line, "case_number",
                      zf_arena_printf(a, "找不到案号 %s 的案件", r->number));
            continue;
        }
        if (zf_case_load(db, a, c.id, &cases[i], &e) != 0 || payable(&cases[i].c, &e) != 0 ||
            not_officer(&cases[i], actor->user_id, &e) != 0)
            row_error(p.errors, r->line, "case_number", e.message);
    }
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
