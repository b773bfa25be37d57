/* enterprise_import.c — `zhifa import enterprises` and the web upload: one
 * all-or-nothing import of a CSV or XLSX file (R11). See enterprises.h.
 *
 * Two passes over the decoded file, so memory does not grow with the number
 * of rows beyond one small set of credit codes:
 *   1. check every row (and keep on after a bad one, to list every bad row):
 *      each field, the township, duplicates inside the file and against the
 *      database. The write transaction is already open, so no other writer
 *      can slip a duplicate in between the check and the insert.
 *   2. only when no row was bad: insert each row with its log event.
 * With opts->begin_before_store (the web import, run as a background job)
 * pass 1 runs outside any transaction and the write transaction starts just
 * before pass 2, which checks each credit code against the database again
 * (all or nothing still holds: a code registered in between fails the whole
 * import with 409 import.conflict).
 * Log design: one "enterprise.import" event per enterprise (object_type
 * "enterprise", after = the stored record), so each enterprise's history
 * starts with how it arrived; no batch event listing 100,000 ids. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/enterprises.h"
#include "core/util.h"
#include "io/csv.h"
#include "io/encoding.h"
#include "io/xlsx_read.h"
#include "store/log.h"
#include "store/store.h"

#define MAX_RECORDS 200001 /* 200,000 enterprises and the header */
#define MAX_COLUMNS 64
#define MAX_CELL 2048

static const zf_import_column_t columns[] = {
    {"统一社会信用代码", "credit_code", 1},
    {"企业名称", "name", 1},
    {"所属乡镇", "township", 1},
    {"地址", "address", 0},
    {"行业领域", "domain", 1},
    {"规模", "scale", 1},
    {"法定代表人", "legal_rep", 0},
    {"联系人", "contact", 0},
    {"联系电话", "contact_phone", 0},
    {"风险等级", "risk", 1},
    {"监管类别", "supervision", 1},
    {"状态", "status", 0},
    /* migration 012; files without the column import as before (no group) */
    {"集团统一社会信用代码", "group_code", 0},
    /* accepted when present, not in the template */
    {"法定代表人电话", "legal_rep_phone", 0},
};
#define NCOLUMNS (sizeof columns / sizeof columns[0])
#define NTEMPLATE 13

const zf_import_column_t *zf_enterprise_import_columns(size_t *n) {
    *n = NTEMPLATE;
    return columns;
}

/* ---- a set of credit codes → first row, open addressing ---- */

typedef struct code_slot {
    char code[20];
    size_t row;
} code_slot_t;

typedef struct code_set {
    code_slot_t *slots;
    size_t cap, n;
} code_set_t;

static uint64_t hash_code(const char *s) {
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* Insert code; returns the row it was first seen on, or 0 when new. */
static size_t code_set_add(code_set_t *set, const char *code, size_t row) {
    if ((set->n + 1) * 2 > set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 1024;
        code_slot_t *slots = zf_xcalloc(cap, sizeof *slots);
        for (size_t i = 0; i < set->cap; i++) {
            if (!set->slots[i].row) continue;
            size_t j = hash_code(set->slots[i].code) & (cap - 1);
            while (slots[j].row)
                j = (j + 1) & (cap - 1);
            slots[j] = set->slots[i];
        }
        free(set->slots);
        set->slots = slots;
        set->cap = cap;
    }
    size_t j = hash_code(code) & (set->cap - 1);
    while (set->slots[j].row) {
        if (strcmp(set->slots[j].code, code) == 0) return set->slots[j].row;
        j = (j + 1) & (set->cap - 1);
    }
    snprintf(set->slots[j].code, sizeof set->slots[j].code, "%s", code);
    set->slots[j].row = row;
    set->n++;
    return 0;
}

/* ---- the import ---- */

typedef struct import_ctx {
    zf_db_t *db;
    const zf_import_opts_t *opts;
    int pass;             /* 1 check, 2 store */
    int col_of[NCOLUMNS]; /* file column index of each known column, −1 */
    size_t ncols_file;
    zf_unit_t *units; /* every unit: townships are looked up by name or code */
    size_t nunits;
    code_set_t codes;
    size_t rows, bad_rows, errors_total, max_errors, done;
    json_t *errors;
    int64_t imported;
    zf_error_t *err;
    int fatal;       /* header problem or database error: stop */
    int header_done; /* the header record of this pass was seen */
} import_ctx_t;

static void add_problem(import_ctx_t *c, size_t row, const char *column, const char *value,
                        const char *reason) {
    c->errors_total++;
    if (json_array_size(c->errors) >= c->max_errors) return;
    json_array_append_new(c->errors,
                          json_pack("{s:I, s:s, s:s, s:s}", "row", (json_int_t)row, "column",
                                    column, "value", value ? value : "", "reason", reason));
}

static int header_record(import_ctx_t *c, char **fields, size_t nfields) {
    for (size_t k = 0; k < NCOLUMNS; k++)
        c->col_of[k] = -1;
    c->ncols_file = nfields;
    for (size_t i = 0; i < nfields; i++) {
        char name[128];
        /* headers may carry spaces, a trailing "*" for required, or a BOM */
        size_t len = 0;
        for (const char *p = fields[i]; *p && len + 1 < sizeof name; p++)
            if (*p != ' ' && *p != '*' && *p != '\t') name[len++] = *p;
        name[len] = '\0';
        if (len >= 3 && memcmp(name, "\xEF\xBB\xBF", 3) == 0) memmove(name, name + 3, len - 2);
        if (!name[0]) continue;
        size_t k = 0;
        while (k < NCOLUMNS && strcmp(columns[k].header, name) != 0)
            k++;
        if (k == NCOLUMNS) {
            zf_error_set(c->err, ZF_EINVAL, 400, "import.bad_header", "file",
                         "表头第 %zu 列“%s”不是可导入的列；可用的列：统一社会信用代码、企业名称、"
                         "所属乡镇、地址、行业领域、规模、法定代表人、联系人、联系电话、风险等级、"
                         "监管类别、状态、集团统一社会信用代码",
                         i + 1, fields[i]);
            return -1;
        }
        if (c->col_of[k] >= 0) {
            zf_error_set(c->err, ZF_EINVAL, 400, "import.bad_header", "file",
                         "表头中“%s”出现了两次（第 %d 列和第 %zu 列）", name, c->col_of[k] + 1,
                         i + 1);
            return -1;
        }
        c->col_of[k] = (int)i;
    }
    for (size_t k = 0; k < NCOLUMNS; k++) {
        if (columns[k].required && c->col_of[k] < 0) {
            zf_error_set(c->err, ZF_EINVAL, 400, "import.bad_header", "file",
                         "表头缺少必需的列“%s”（第一行应为列名，见导入模板）", columns[k].header);
            return -1;
        }
    }
    return 0;
}

static const zf_unit_t *find_township(import_ctx_t *c, const char *text) {
    for (size_t i = 0; i < c->nunits; i++) {
        const zf_unit_t *u = &c->units[i];
        if (strcmp(u->kind, "township") != 0 && strcmp(u->kind, "devzone") != 0) continue;
        if (strcmp(u->name, text) == 0 || strcmp(u->code, text) == 0) return u;
    }
    return NULL;
}

/* Trim ASCII and full-width spaces at both ends, in place. */
static char *trim(char *s) {
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    while (strncmp(s, "\xE3\x80\x80", 3) == 0)
        s += 3;
    size_t n = strlen(s);
    for (;;) {
        if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
            n--;
        else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
            n -= 3;
        else
            break;
    }
    s[n] = '\0';
    return s;
}

static int data_record(import_ctx_t *c, size_t row, char **fields, size_t nfields) {
    int empty = 1;
    for (size_t i = 0; i < nfields; i++) {
        fields[i] = trim(fields[i]);
        if (fields[i][0]) empty = 0;
    }
    if (empty) return 0; /* blank lines and trailing empty rows */
    zf_arena_t *a = zf_arena_new();
    zf_enterprise_t e = {.status = "operating", .scale = NULL};
    int bad = 0;
    char reason[256];
    const zf_unit_t *town = NULL;
    for (size_t k = 0; k < NCOLUMNS; k++) {
        int col = c->col_of[k];
        const char *value = col >= 0 && (size_t)col < nfields ? fields[col] : "";
        const char *field = columns[k].field;
        if (!*value) {
            if (columns[k].required) {
                if (c->pass == 1) add_problem(c, row, columns[k].header, value, "必填项为空");
                bad = 1;
            }
            continue;
        }
        if (strcmp(field, "township") == 0) {
            town = find_township(c, value);
            zf_error_t perr = {0};
            if (!town) {
                if (c->pass == 1)
                    add_problem(c, row, columns[k].header, value,
                                "没有这个乡镇/街道/开发区（请填写名称，如“史河街道”，或区划代码）");
                bad = 1;
            } else if (c->opts->actor &&
                       zf_perm_check(c->opts->actor, "enterprise.write", town->path, &perr) != 0) {
                if (c->pass == 1)
                    add_problem(c, row, columns[k].header, value,
                                "不在您的管辖范围内：乡镇执法人员只能导入本乡镇的企业");
                bad = 1;
            }
            continue;
        }
        const char *stored = NULL;
        if (zf_enterprise_check_field(a, field, value, &stored, reason, sizeof reason) != 0) {
            if (c->pass == 1) add_problem(c, row, columns[k].header, value, reason);
            bad = 1;
            continue;
        }
        if (strcmp(field, "credit_code") == 0)
            e.credit_code = stored;
        else if (strcmp(field, "name") == 0)
            e.name = stored;
        else if (strcmp(field, "address") == 0)
            e.address = stored;
        else if (strcmp(field, "domain") == 0)
            e.domain = stored;
        else if (strcmp(field, "scale") == 0)
            e.scale = stored;
        else if (strcmp(field, "legal_rep") == 0)
            e.legal_rep = stored;
        else if (strcmp(field, "legal_rep_phone") == 0)
            e.legal_rep_phone = stored;
        else if (strcmp(field, "contact") == 0)
            e.contact = stored;
        else if (strcmp(field, "contact_phone") == 0)
            e.contact_phone = stored;
        else if (strcmp(field, "risk") == 0)
            e.risk = stored;
        else if (strcmp(field, "supervision") == 0)
            e.supervision = stored;
        else if (strcmp(field, "status") == 0)
            e.status = stored;
        else if (strcmp(field, "group_code") == 0) {
            if (e.credit_code && strcmp(stored, e.credit_code) == 0) {
                if (c->pass == 1)
                    add_problem(c, row, columns[k].header, value,
                                "集团统一社会信用代码不能是本企业自己的统一社会信用代码");
                bad = 1;
            } else
                e.group_code = stored;
        }
    }
    if (c->pass == 1 && e.credit_code) {
        size_t first = code_set_add(&c->codes, e.credit_code, row);
        zf_enterprise_t other;
        zf_error_t gerr = {0};
        if (first) {
            snprintf(reason, sizeof reason, "与本文件第 %zu 行的统一社会信用代码重复", first);
            add_problem(c, row, "统一社会信用代码", e.credit_code, reason);
            bad = 1;
        } else if (zf_enterprise_get_by_code(c->db, a, e.credit_code, &other, &gerr) == 0) {
            snprintf(reason, sizeof reason, "已登记为企业“%s”（编号 %lld，%s）", other.name,
                     (long long)other.id, other.unit_name);
            add_problem(c, row, "统一社会信用代码", e.credit_code, reason);
            bad = 1;
        } else if (gerr.status >= 500) {
            *c->err = gerr;
            c->fatal = 1;
        }
    }
    if (c->pass == 2 && !bad && c->opts->begin_before_store && e.credit_code) {
        /* checked in pass 1 outside the write lock: check again under it */
        zf_enterprise_t other;
        zf_error_t gerr = {0};
        if (zf_enterprise_get_by_code(c->db, a, e.credit_code, &other, &gerr) == 0) {
            zf_error_set(
                c->err, ZF_ECONFLICT, 409, "import.conflict", "file",
                "第 %zu 行的统一社会信用代码 %s 在导入期间已被登记为企业“%s”，未导入任何企业；"
                "请重新导入",
                row, e.credit_code, other.name);
            c->fatal = 1;
            zf_arena_free(a);
            return -2;
        }
        if (gerr.status >= 500) {
            *c->err = gerr;
            c->fatal = 1;
            zf_arena_free(a);
            return -2;
        }
    }
    int rc = 0;
    if (c->pass == 1) {
        c->rows++;
        if (bad) c->bad_rows++;
    } else if (!bad) {
        e.unit_id = town->id;
        e.unit_name = town->name;
        e.unit_path = town->path;
        rc = zf_enterprise_insert(c->db, a, &e, c->err);
        if (rc == 0) {
            json_t *after = zf_api_enterprise_json(&e);
            zf_log_entry_t le = {
                .actor_id = c->opts->actor ? c->opts->actor->user_id : 0,
                .unit_id = e.unit_id,
                .action = "enterprise.import",
                .object_type = "enterprise",
                .object_id = zf_arena_printf(a, "%lld", (long long)e.id),
                .after = after,
            };
            int64_t idx = zf_log_append(c->db, &le, c->err);
            json_decref(after);
            if (idx < 0) rc = (int)idx;
        }
        if (rc == 0)
            c->imported++;
        else
            c->fatal = 1;
    } else {
        /* a row that passed the check cannot fail now; be safe */
        zf_error_set(c->err, ZF_EIO, 500, "import.changed", NULL, "第 %zu 行在校验后变得无效", row);
        c->fatal = 1;
    }
    zf_arena_free(a);
    c->done++;
    if (c->opts->progress && c->done % 1000 == 0)
        c->opts->progress(c->opts->progress_ctx, c->pass == 1 ? "check" : "store", c->done,
                          c->pass == 1 ? 0 : c->rows);
    return c->fatal ? -2 : rc;
}

static int on_record(void *ctx, size_t record, size_t line, char **fields, const size_t *len,
                     size_t nfields) {
    (void)len;
    (void)line;
    import_ctx_t *c = ctx;
    if (!c->header_done) {
        /* the first record that is not blank is the header */
        int blank = 1;
        for (size_t i = 0; i < nfields; i++)
            if (trim(fields[i])[0]) blank = 0;
        if (blank) return 0;
        c->header_done = 1;
        if (c->pass == 2) return 0;
        return header_record(c, fields, nfields) == 0 ? 0 : -2;
    }
    return data_record(c, record, fields, nfields);
}

static int parse(import_ctx_t *c, int xlsx, const char *text, size_t n, zf_error_t *err) {
    zf_csv_limits_t lim = {MAX_RECORDS, MAX_COLUMNS, MAX_CELL};
    zf_csv_error_t cerr = {0};
    c->header_done = 0;
    int rc = xlsx ? zf_xlsx_read(text, n, &lim, on_record, c, &cerr)
                  : zf_csv_parse(text, n, &lim, on_record, c, &cerr);
    if (rc == -1) {
        if (cerr.record)
            return zf_error_set(err, ZF_EINVAL, 400, "import.bad_file", "file",
                                "文件第 %zu 行（第 %zu 条记录）无法读取：%s", cerr.line,
                                cerr.record, cerr.message);
        return zf_error_set(err, ZF_EINVAL, 400, "import.bad_file", "file", "%s", cerr.message);
    }
    if (rc != 0) return err->status >= 500 || !err->code[0] ? ZF_EIO : ZF_EINVAL;
    return 0;
}

int zf_enterprise_import(zf_db_t *db, zf_arena_t *a, const char *data, size_t n,
                         const zf_import_opts_t *opts, json_t **report, zf_error_t *err) {
    *report = NULL;
    int xlsx = opts->format ? strcmp(opts->format, "xlsx") == 0 : zf_xlsx_sniff(data, n);
    if (opts->format && !xlsx && strcmp(opts->format, "csv") != 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "format",
                            "不支持的文件格式“%s”：应为 csv 或 xlsx", opts->format);
    if (!xlsx && zf_xlsx_sniff(data, n))
        return zf_error_set(err, ZF_EINVAL, 400, "import.bad_file", "file",
                            "这是 XLSX（Excel）文件，不是 CSV：请按 XLSX 上传");
    char *text = NULL;
    size_t text_len = n;
    const char *encoding = "utf-8";
    if (!xlsx && zf_text_to_utf8(data, n, opts->encoding, &text, &text_len, &encoding, err) != 0)
        return ZF_EINVAL;
    const char *body = xlsx ? data : text;
    import_ctx_t c = {.db = db,
                      .opts = opts,
                      .err = err,
                      .max_errors = opts->max_errors ? opts->max_errors : 1000,
                      .errors = json_array()};
    int rc = zf_units_list(db, a, "/", &c.units, &c.nunits, err);
    if (rc == 0) {
        c.pass = 1;
        rc = parse(&c, xlsx, body, text_len, err);
    }
    if (rc == 0 && c.rows == 0)
        rc = zf_error_set(err, ZF_EINVAL, 400, "import.empty", "file",
                          "文件中没有企业数据：第一行应为表头，从第二行起每行一家企业");
    if (rc == 0 && c.bad_rows > 0) {
        *report = json_pack("{s:I, s:I, s:O, s:I, s:b, s:s}", "rows", (json_int_t)c.rows,
                            "bad_rows", (json_int_t)c.bad_rows, "errors", c.errors, "errors_total",
                            (json_int_t)c.errors_total, "truncated",
                            c.errors_total > json_array_size(c.errors), "encoding", encoding);
        rc =
            zf_error_set(err, ZF_EINVAL, 400, "import.invalid_rows", "file",
                         "%zu 行中有 %zu 行数据有误（共 %zu 处），未导入任何企业；请修改后重新导入",
                         c.rows, c.bad_rows, c.errors_total);
    }
    if (rc == 0 && opts->begin_before_store) rc = zf_db_begin(db, err);
    if (rc == 0) {
        c.pass = 2;
        c.done = 0;
        rc = parse(&c, xlsx, body, text_len, err);
    }
    if (rc == 0) {
        if (opts->progress) opts->progress(opts->progress_ctx, "store", c.rows, c.rows);
        *report = json_pack("{s:I, s:s, s:s}", "imported", (json_int_t)c.imported, "format",
                            xlsx ? "xlsx" : "csv", "encoding", xlsx ? "utf-8" : encoding);
    }
    json_decref(c.errors);
    free(c.codes.slots);
    free(text);
    return rc;
}
