/* catalogue_csv.c — the catalogue as CSV: the seed that `zhifa init` loads
 * (data/catalog.csv, embedded at build time), and the defaults of the legal
 * parameters. Reading goes through io/csv.h; a file is taken whole or not at
 * all: every bad row is reported with its column and reason and nothing is
 * stored (R9, the same rule as the enterprise import).
 *
 * Columns (header names; order free): code, domain, title, violation_basis,
 * penalty_basis, target, fine_min_yuan, fine_max_yuan, other_measures,
 * notes — the ten of catalog.csv (LAW.md §13) — and optionally kind,
 * effective_from, delegable, per_person, gains_threshold_yuan,
 * gains_mult_min, gains_mult_max, delegation_note, tiers, reason,
 * fine_rule (JSON, migration 010), which the export writes.
 * Where the optional ones are missing they are derived as described at
 * derive() below. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/discretion.h"
#include "io/csv.h"
#include "store/transfers.h" /* transfer.* and litigation.* keys (issue 11) */
#include "io/xlsx_read.h"
#include "store/catalogue.h"
#include "store/ledger.h" /* zf_ledger_param_known (issue 6) */
#include "store/credit.h" /* zf_credit_param_known (issue 10, R26) */

extern const char zf_catalogue_seed_csv[];
extern const unsigned long zf_catalogue_seed_csv_len;

static const char *const columns[] = {
    "code",
    "domain",
    "title",
    "violation_basis",
    "penalty_basis",
    "target",
    "fine_min_yuan",
    "fine_max_yuan",
    "other_measures",
    "notes",
    "kind",
    "effective_from",
    "delegable",
    "per_person",
    "gains_threshold_yuan",
    "gains_mult_min",
    "gains_mult_max",
    "delegation_note",
    "tiers",
    "reason",
    "fine_rule",
};
enum {
    C_CODE,
    C_DOMAIN,
    C_TITLE,
    C_VBASIS,
    C_PBASIS,
    C_TARGET,
    C_MIN,
    C_MAX,
    C_OTHER,
    C_NOTES,
    C_KIND,
    C_FROM,
    C_DELEG,
    C_PERSON,
    C_GTHRESH,
    C_GMIN,
    C_GMAX,
    C_DNOTE,
    C_TIERS,
    C_REASON,
    C_RULE,
    C_COUNT
};

const char *const *zf_catalogue_csv_columns(size_t *n) {
    *n = C_COUNT;
    return columns;
}
#define NREQUIRED 10

/* Items the district delegates to township offices (委托, R2). LAW.md names
 * no list; the plan (二（二）2) delegates "简易执法事项". These are simple,
 * visible on site, with low fines (至多5万元, no expertise needed), and
 * YH-038-02 is the one LAW.md itself marks as fit for the simple procedure.
 * This is a configuration choice, to be confirmed when the province decides
 * under 行政处罚法 第24条; every other item defaults to not delegable. */
static const struct {
    const char *code, *why;
} delegated[] = {
    {"AQ-099-01", "安全警示标志缺失现场可见、事实简单"},
    {"AQ-099-05", "劳动防护用品配备现场可查、事实简单"},
    {"AQ-099-08", "餐饮场所可燃气体报警装置现场可查、事实简单"},
    {"AQ-105-02", "疏散通道、安全出口占用锁闭现场可见、事实简单"},
    {"YH-038-02", "烟花爆竹零售点违法经营，LAW.md 注明可适用简易程序"},
};

/* Fines that are not fixed amounts (catalog.csv leaves fine_min/max empty
 * and says the rule in other_measures; LAW.md §3.2, §4). The rule as data,
 * for the seed and for a file without a fine_rule column. */
static const struct {
    const char *code, *rule;
} fine_rules[] = {
    /* 安全生产法 第95条第1–4项: 主要负责人, 上一年年收入 一般40%、较大60%、重大80%、
     * 特别重大100% (事故等级: 《生产安全事故报告和调查处理条例》第3条) */
    {"AQ-095-01", "{\"kind\":\"income\",\"grades\":[{\"grade\":\"general\",\"min_permille\":400,"
                  "\"max_permille\":400}]}"},
    {"AQ-095-02", "{\"kind\":\"income\",\"grades\":[{\"grade\":\"larger\",\"min_permille\":600,"
                  "\"max_permille\":600}]}"},
    {"AQ-095-03", "{\"kind\":\"income\",\"grades\":[{\"grade\":\"major\",\"min_permille\":800,"
                  "\"max_permille\":800}]}"},
    {"AQ-095-04",
     "{\"kind\":\"income\",\"grades\":[{\"grade\":\"especially_major\",\"min_permille\":"
     "1000,\"max_permille\":1000}]}"},
    /* 第96条: 导致事故的, 上一年年收入20%以上50%以下 */
    {"AQ-096-02", "{\"kind\":\"income\",\"grades\":[{\"grade\":\"\",\"min_permille\":200,"
                  "\"max_permille\":500}]}"},
    /* 第110条第1、2款: 上一年年收入60%至100% */
    {"AQ-110-01", "{\"kind\":\"income\",\"grades\":[{\"grade\":\"\",\"min_permille\":600,"
                  "\"max_permille\":1000}]}"},
    {"AQ-110-02", "{\"kind\":\"income\",\"grades\":[{\"grade\":\"\",\"min_permille\":600,"
                  "\"max_permille\":1000}]}"},
    /* 第114条第2款: 第1款罚款数额的2倍以上5倍以下, 最高1亿元 */
    {"AQ-114-05", "{\"kind\":\"multiple\",\"base\":\"第114条第1款规定的罚款数额\",\"min_mult\":2,"
                  "\"max_mult\":5,\"cap_fen\":10000000000}"},
};

static const char *const default_note =
    "未委托（默认）：LAW.md 与实施方案均未载明本事项可委托乡镇（街道），按配置选择由区级办理";

const char *zf_catalogue_default_effective(const char *code) {
    /* LAW.md §13: 安全生产法行为 valid_from 2021-09-01; the regulations'
     * revisions from the §0 table (XK: 2014 revision, 施行日 未核实). */
    if (strncmp(code, "AQ-", 3) == 0) return "2021-09-01";
    if (strncmp(code, "XK-", 3) == 0) return "2014-07-29";
    if (strncmp(code, "WH-", 3) == 0) return "2013-12-07";
    if (strncmp(code, "YH-", 3) == 0) return "2016-02-06";
    return NULL;
}

/* "30000" or "30000.5" yuan → fen; -1 when not a plain amount. */
static int64_t yuan_to_fen(const char *s) {
    int64_t v = 0;
    const char *p = s;
    if (!*p) return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (v > 100000000000000LL) return -1;
        v = v * 10 + (*p - '0');
    }
    v *= 100;
    if (*p == '.') {
        p++;
        int scale = 10;
        for (int i = 0; i < 2 && *p >= '0' && *p <= '9'; i++, p++, scale /= 10)
            v += (*p - '0') * scale;
    }
    return *p ? -1 : v;
}

static int small_int(const char *s, int lo, int hi) {
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi) return -1;
    return (int)v;
}

static int person_target(const char *target) {
    if (strncmp(target, "生产经营单位", strlen("生产经营单位")) == 0) return 0;
    return strstr(target, "人员") || strstr(target, "负责人") || strstr(target, "投资人");
}

typedef struct parse_ctx {
    zf_arena_t *a;
    int col[C_COUNT];
    zf_cat_version_t *items;
    size_t n, cap;
    json_t *errors; /* [{row, column, message}] */
    int header;     /* the header row was read */
} parse_ctx_t;

static void row_error(parse_ctx_t *c, size_t record, const char *column, const char *msg) {
    if (json_array_size(c->errors) >= 1000) return; /* the report has a cap too */
    json_array_append_new(c->errors, json_pack("{s:I, s:s, s:s}", "row", (json_int_t)record,
                                               "column", column, "message", msg));
}

static const char *cell(parse_ctx_t *c, char **fields, size_t nf, int which) {
    int i = c->col[which];
    if (i < 0 || (size_t)i >= nf) return NULL;
    return fields[i];
}

static int on_record(void *ctx, size_t record, size_t line, char **fields, const size_t *len,
                     size_t nf) {
    (void)line;
    (void)len;
    parse_ctx_t *c = ctx;
    if (record == 1) {
        c->header = 1;
        for (int k = 0; k < C_COUNT; k++)
            c->col[k] = -1;
        for (size_t i = 0; i < nf; i++) {
            const char *h = fields[i];
            if (i == 0 && strncmp(h, "\xEF\xBB\xBF", 3) == 0) h += 3;
            for (int k = 0; k < C_COUNT; k++)
                if (strcmp(h, columns[k]) == 0) c->col[k] = (int)i;
        }
        for (int k = 0; k < NREQUIRED; k++)
            if (c->col[k] < 0) row_error(c, 1, columns[k], "表头缺少此列");
        return json_array_size(c->errors) ? 1 : 0;
    }
    zf_arena_t *a = c->a;
    zf_cat_version_t v;
    memset(&v, 0, sizeof v);
    size_t before = json_array_size(c->errors);
    v.code = zf_arena_strdup(a, cell(c, fields, nf, C_CODE));
    v.domain = zf_arena_strdup(a, cell(c, fields, nf, C_DOMAIN));
    v.title = zf_arena_strdup(a, cell(c, fields, nf, C_TITLE));
    v.violation_basis = zf_arena_strdup(a, cell(c, fields, nf, C_VBASIS));
    v.penalty_basis = zf_arena_strdup(a, cell(c, fields, nf, C_PBASIS));
    v.target = zf_arena_strdup(a, cell(c, fields, nf, C_TARGET));
    v.other_measures = zf_arena_strdup(a, cell(c, fields, nf, C_OTHER));
    v.notes = zf_arena_strdup(a, cell(c, fields, nf, C_NOTES));
    if (!v.code || !*v.code) row_error(c, record, "code", "缺少事项编码");
    if (!v.title || !*v.title) row_error(c, record, "title", "缺少事项名称");
    if (!v.domain || !*v.domain) row_error(c, record, "domain", "缺少领域");
    /* R9: an item without legal basis cannot be saved */
    if (!v.violation_basis || !*v.violation_basis)
        row_error(c, record, "violation_basis", "缺少违法行为依据，无法律依据的事项不能入库");
    if (!v.penalty_basis || !*v.penalty_basis)
        row_error(c, record, "penalty_basis", "缺少处罚依据，无法律依据的事项不能入库");
    if (!v.target) v.target = "";
    if (!v.other_measures) v.other_measures = "";
    if (!v.notes) v.notes = "";
    const char *smin = cell(c, fields, nf, C_MIN), *smax = cell(c, fields, nf, C_MAX);
    if (smin && *smin) {
        v.fine_min = yuan_to_fen(smin);
        v.has_min = v.fine_min >= 0;
        if (!v.has_min) row_error(c, record, "fine_min_yuan", "罚款下限应为金额（元），如 30000");
    }
    if (smax && *smax) {
        v.fine_max = yuan_to_fen(smax);
        v.has_max = v.fine_max >= 0;
        if (!v.has_max) row_error(c, record, "fine_max_yuan", "罚款上限应为金额（元），如 100000");
    }
    if (v.has_min && v.has_max && v.fine_min > v.fine_max)
        row_error(c, record, "fine_min_yuan", "罚款下限大于上限");
    const char *kind = cell(c, fields, nf, C_KIND);
    v.kind = kind && *kind ? zf_arena_strdup(a, kind) : "行政处罚";
    if (strcmp(v.kind, "行政处罚") && strcmp(v.kind, "行政强制") && strcmp(v.kind, "行政检查"))
        row_error(c, record, "kind", "事项类型应为 行政处罚、行政强制 或 行政检查");
    const char *from = cell(c, fields, nf, C_FROM);
    v.effective_from = from && *from ? zf_arena_strdup(a, from)
                                     : (v.code ? zf_catalogue_default_effective(v.code) : NULL);
    if (!v.effective_from || !zf_disc_date_valid(v.effective_from))
        row_error(c, record, "effective_from", "缺少或无效的生效日期（YYYY-MM-DD）");
    /* derive(): per person from the target; delegation from the table
     * above; multiples of gains from the wording of other_measures
     * ("违法所得10万元以上的并处违法所得2倍以上5倍以下罚款", 第92、103条). */
    const char *person = cell(c, fields, nf, C_PERSON);
    v.per_person = person && *person ? small_int(person, 0, 1) : person_target(v.target);
    if (v.per_person < 0) row_error(c, record, "per_person", "应为 0 或 1");
    const char *deleg = cell(c, fields, nf, C_DELEG);
    const char *dnote = cell(c, fields, nf, C_DNOTE);
    if (deleg && *deleg) {
        v.delegable = small_int(deleg, 0, 1);
        if (v.delegable < 0) row_error(c, record, "delegable", "应为 0 或 1");
        v.delegation_note = zf_arena_strdup(a, dnote ? dnote : "");
    } else {
        v.delegable = 0;
        v.delegation_note = default_note;
        for (size_t i = 0; v.code && i < sizeof delegated / sizeof delegated[0]; i++)
            if (strcmp(delegated[i].code, v.code) == 0) {
                v.delegable = 1;
                v.delegation_note = zf_arena_printf(
                    a,
                    "可委托：%s；依实施方案二（二）2简易执法事项（配置选择，待省级依行政处罚法"
                    "第24条确认）",
                    delegated[i].why);
            }
    }
    const char *gt = cell(c, fields, nf, C_GTHRESH), *gmin = cell(c, fields, nf, C_GMIN),
               *gmax = cell(c, fields, nf, C_GMAX);
    if (gmax && *gmax) {
        v.gains_mult_max = small_int(gmax, 1, 100);
        v.gains_mult_min = gmin && *gmin ? small_int(gmin, 1, 100) : -1;
        v.gains_threshold = gt && *gt ? yuan_to_fen(gt) : 0;
        if (v.gains_mult_max < 0 || v.gains_mult_min < 0 || v.gains_threshold < 0 ||
            v.gains_mult_min > v.gains_mult_max)
            row_error(c, record, "gains_mult_max", "违法所得倍数应为 1–100 的整数，下限不大于上限");
    } else if (strstr(v.other_measures, "违法所得10万元以上的并处违法所得2倍以上5倍以下罚款")) {
        v.gains_threshold = 10000000; /* 10万元 */
        v.gains_mult_min = 2;
        v.gains_mult_max = 5;
    }
    /* the same checks as the API (domain, code, kind, ranges, tiers) */
    const char *tiers = cell(c, fields, nf, C_TIERS);
    json_t *o = json_object();
    if (tiers && *tiers) {
        json_t *j = json_loads(tiers, 0, NULL);
        if (!j)
            row_error(c, record, "tiers", "裁量阶次应为 JSON 数组");
        else
            json_object_set_new(o, "tiers", j);
    }
    if (json_array_size(c->errors) == before) {
        zf_cat_version_t probe = v;
        zf_error_t terr = {0};
        if (zf_api_catalogue_from_json(a, o, &probe, &terr) != 0)
            row_error(c, record, terr.field[0] ? terr.field : "", terr.message);
        else
            v.tiers = probe.tiers;
    }
    json_decref(o);
    /* the fine rule: the column, else the table above for an item with no fixed fine */
    const char *rule = cell(c, fields, nf, C_RULE);
    if (rule && *rule) {
        json_t *j = json_loads(rule, 0, NULL);
        if (!j) {
            row_error(c, record, "fine_rule", "罚款规则应为 JSON 对象");
        } else {
            zf_error_t rerr = {0};
            if (zf_api_fine_rule_check(a, j, &v.fine_rule, &rerr) != 0)
                row_error(c, record, "fine_rule", rerr.message);
            json_decref(j);
        }
    } else if (v.code && !v.has_min && !v.has_max && !v.gains_mult_max) {
        for (size_t i = 0; i < sizeof fine_rules / sizeof fine_rules[0]; i++)
            if (strcmp(fine_rules[i].code, v.code) == 0) v.fine_rule = fine_rules[i].rule;
    }
    if (v.fine_rule && (v.has_min || v.has_max || v.gains_mult_max))
        row_error(c, record, "fine_rule", "有罚款规则的事项不能同时有固定罚款幅度或违法所得倍数");
    const char *reason = cell(c, fields, nf, C_REASON);
    v.reason = reason && *reason ? zf_arena_strdup(a, reason) : "初始目录（catalog.csv）";
    if (json_array_size(c->errors) == before) {
        for (size_t i = 0; i < c->n; i++)
            if (strcmp(c->items[i].code, v.code) == 0 &&
                strcmp(c->items[i].effective_from, v.effective_from) == 0)
                row_error(c, record, "code", "同一事项同一生效日期重复出现");
        c->items = zf_arena_reserve(a, c->items, &c->cap, c->n, sizeof *c->items);
        c->items[c->n++] = v;
    }
    return 0;
}

int zf_catalogue_csv_parse(zf_arena_t *a, const char *data, size_t n, int xlsx,
                           zf_cat_version_t **out, size_t *count, json_t **errors,
                           zf_error_t *err) {
    parse_ctx_t c = {.a = a, .errors = json_array()};
    zf_arena_defer(a, (void (*)(void *))json_decref, c.errors);
    zf_csv_limits_t lim = ZF_CSV_LIMITS_INIT;
    lim.max_records = 10001;
    zf_csv_error_t cerr = {0};
    int rc = xlsx ? zf_xlsx_read(data, n, &lim, on_record, &c, &cerr)
                  : zf_csv_parse(data, n, &lim, on_record, &c, &cerr);
    if (rc < 0)
        row_error(&c, cerr.record, "",
                  zf_arena_printf(a, "CSV 格式错误（第%zu行）：%s", cerr.line, cerr.message));
    if (rc == 0 && !c.header) row_error(&c, 1, "", "文件为空：缺少表头行");
    *errors = c.errors;
    if (json_array_size(c.errors) > 0)
        return zf_error_set(err, ZF_EINVAL, 400, "import.rejected", NULL,
                            "导入文件有 %zu 处错误，未导入任何数据", json_array_size(c.errors));
    *out = c.items;
    *count = c.n;
    return 0;
}

/* ---- legal parameter defaults (LAW.md), seeded at init ---- */

static const struct {
    const char *key, *value, *unit, *from, *label, *source;
    int confirmed;
} param_defaults[] = {
    {"hearing.large_fine.person", "1000000", "分", "2021-07-15",
     "听证“较大数额”罚款：个人（以上含本数）",
     "原《安全生产违法行为行政处罚办法》（2015）省无规定时的默认值“个人1万元以上”[二手，旧版]；"
     "安徽省标准未找到（LAW.md §5.1、§8）",
     0},
    {"hearing.large_fine.unit", "3000000", "分", "2021-07-15",
     "听证“较大数额”罚款：单位（以上含本数）",
     "原《安全生产违法行为行政处罚办法》（2015）省无规定时的默认值“单位3万元以上”[二手，旧版]；"
     "安徽省标准未找到（LAW.md §5.1、§8）",
     0},
    {"simple_procedure.person_max", "20000", "分", "2021-07-15", "简易程序罚款上限：公民",
     "行政处罚法（2021）第51条“对公民处以二百元以下”[原文]", 1},
    {"simple_procedure.unit_max", "300000", "分", "2021-07-15", "简易程序罚款上限：法人或其他组织",
     "行政处罚法（2021）第51条“对法人或者其他组织处以三千元以下”[原文]", 1},
    {"limitation.years", "2", "年", "2021-07-15", "追诉时效（一般）",
     "行政处罚法（2021）第36条第1款[原文]；涉及生命健康安全且有危害后果的为5年", 1},
    {"discretion.tiers.bounded.minor", "0-250", "‰", "2024-01-01", "默认阶次（有上下限）：轻微",
     "原2010年裁量适用规则“从轻<中间值<从重”的写法，12号令是否保留未核实（LAW.md §5.2）；"
     "四档比例为本系统配置",
     0},
    {"discretion.tiers.bounded.general", "250-500", "‰", "2024-01-01", "默认阶次（有上下限）：一般",
     "原2010年裁量适用规则的分档写法，12号令是否保留未核实（LAW.md §5.2）；比例为本系统配置", 0},
    {"discretion.tiers.bounded.serious", "500-750", "‰", "2024-01-01", "默认阶次（有上下限）：较重",
     "原2010年裁量适用规则的分档写法，12号令是否保留未核实（LAW.md §5.2）；比例为本系统配置", 0},
    {"discretion.tiers.bounded.severe", "750-1000", "‰", "2024-01-01", "默认阶次（有上下限）：严重",
     "原2010年裁量适用规则的分档写法，12号令是否保留未核实（LAW.md §5.2）；比例为本系统配置", 0},
    {"discretion.tiers.capped.minor", "0-100", "‰", "2024-01-01", "默认阶次（仅有上限）：轻微",
     "原2010年裁量适用规则：只有上限的，从轻≤上限10%、一般10%–30%、从重>30%（LAW.md §5.2，"
     "未核实）",
     0},
    {"discretion.tiers.capped.general", "100-300", "‰", "2024-01-01", "默认阶次（仅有上限）：一般",
     "原2010年裁量适用规则的分档写法，12号令是否保留未核实（LAW.md §5.2）；比例为本系统配置", 0},
    {"discretion.tiers.capped.serious", "300-650", "‰", "2024-01-01", "默认阶次（仅有上限）：较重",
     "从重档（>30%）拆为较重、严重两档，系本系统配置（未核实）", 0},
    {"discretion.tiers.capped.severe", "650-1000", "‰", "2024-01-01", "默认阶次（仅有上限）：严重",
     "从重档（>30%）拆为较重、严重两档，系本系统配置（LAW.md §5.2，未核实）", 0},
    {"discretion.reduce.min_circumstances", "2", "项", "2021-07-15",
     "减轻处罚所需的第32条情形项数（不足则从轻）",
     "行政处罚法第32条只规定“应当从轻或者减轻”，二者如何选择由裁量基准规定；本值为本系统配置"
     "（未核实）",
     0},
    {"discretion.reduce.floor_permille", "500", "‰", "2021-07-15",
     "减轻处罚下限（法定最低罚款的千分比）",
     "法律未规定减轻的下限；本值为本系统配置（未核实），以省级裁量基准为准", 0},
    {"discretion.aggravate.prior_count", "2", "次", "2021-07-15",
     "从重：此前因同一违法行为受处罚的次数",
     "原处罚办法第57条“一年内因同一种违法行为受到两次以上行政处罚”[未核实，凭记忆]", 0},
    {"rounding.unit_fen", "100", "分", "2021-07-15", "建议罚款取整单位",
     "本系统约定：建议金额四舍五入到元（配置）", 0},
};

/* The engine's parameters from the rows in force (zf_legal_params_at). A
 * missing key is an error: no value of the law is a constant in code. */
int zf_api_disc_params(const zf_legal_param_t *rows, size_t n, zf_disc_params_t *p,
                       zf_error_t *err) {
    memset(p, 0, sizeof *p);
    static const char *const tcodes[] = {"minor", "general", "serious", "severe"};
    for (size_t k = 0; k < sizeof param_defaults / sizeof param_defaults[0]; k++) {
        const char *key = param_defaults[k].key;
        const zf_legal_param_t *row = NULL;
        for (size_t i = 0; i < n; i++)
            if (strcmp(rows[i].key, key) == 0) row = &rows[i];
        if (!row)
            return zf_error_set(err, ZF_EIO, 500, "legal_param.missing", key,
                                "法定参数 %s 在该日期没有施行中的值，请在系统管理中配置", key);
        if (!row->confirmed) p->unconfirmed++;
        const char *v = row->value;
        if (strncmp(key, "discretion.tiers.", 17) == 0) {
            int bounded = strncmp(key + 17, "bounded.", 8) == 0;
            const char *tc = key + 17 + (bounded ? 8 : 7);
            int t = -1;
            for (int j = 0; j < 4; j++)
                if (strcmp(tcodes[j], tc) == 0) t = j;
            int from = -1, to = -1;
            const char *dash = strchr(v, '-');
            if (dash) {
                char buf[16];
                size_t len = (size_t)(dash - v);
                if (len < sizeof buf) {
                    memcpy(buf, v, len);
                    buf[len] = 0;
                    from = small_int(buf, 0, 1000);
                    to = small_int(dash + 1, 0, 1000);
                }
            }
            if (t < 0 || from < 0 || to < from)
                return zf_error_set(err, ZF_EIO, 500, "legal_param.invalid", key,
                                    "法定参数 %s 的值“%s”应为“下限-上限”（‰）", key, v);
            zf_disc_tier_t *tier = bounded ? &p->bounded[t] : &p->capped[t];
            tier->tier = t;
            tier->from_pm = from;
            tier->to_pm = to;
            continue;
        }
        int64_t iv;
        char *end;
        iv = strtoll(v, &end, 10);
        if (!*v || *end || iv < 0)
            return zf_error_set(err, ZF_EIO, 500, "legal_param.invalid", key,
                                "法定参数 %s 的值“%s”应为非负整数", key, v);
        if (strcmp(key, "hearing.large_fine.person") == 0)
            p->hearing_person_fen = iv;
        else if (strcmp(key, "hearing.large_fine.unit") == 0)
            p->hearing_unit_fen = iv;
        else if (strcmp(key, "simple_procedure.person_max") == 0)
            p->simple_person_max_fen = iv;
        else if (strcmp(key, "simple_procedure.unit_max") == 0)
            p->simple_unit_max_fen = iv;
        else if (strcmp(key, "limitation.years") == 0)
            p->limitation_years = (int)iv;
        else if (strcmp(key, "discretion.reduce.min_circumstances") == 0)
            p->reduce_min_circumstances = (int)iv;
        else if (strcmp(key, "discretion.reduce.floor_permille") == 0)
            p->reduce_floor_pm = (int)iv;
        else if (strcmp(key, "discretion.aggravate.prior_count") == 0)
            p->aggravate_prior_count = (int)iv;
        else if (strcmp(key, "rounding.unit_fen") == 0)
            p->rounding_fen = iv;
    }
    return 0;
}

/* Is key one the engine knows? 1 or 0 (the admin may only date new values
 * of known keys). */
int zf_api_legal_param_known(const char *key, const char **unit) {
    for (size_t k = 0; k < sizeof param_defaults / sizeof param_defaults[0]; k++)
        if (strcmp(param_defaults[k].key, key) == 0) {
            if (unit) *unit = param_defaults[k].unit;
            return 1;
        }
    /* the burden rule's caps and the plans' sampling default (issue 6) */
    if (zf_ledger_param_known(key, unit)) return 1;
    /* the deadline engine's parameters (issue 8, core/deadline.c) */
    if (zf_dl_param_known(key, unit)) return 1;
    /* the serious dishonesty list's periods (issue 10, migration 020) */
    if (zf_credit_param_known(key, unit)) return 1;
    /* administrative penalty cases (issue 8, part C, migration 015) */
    if (zf_api_case_param_known(key, unit)) return 1;
    /* transfers and public-interest litigation (issue 11, migration 024) */
    if (zf_transfer_param_known(key, unit)) return 1;
    return 0;
}

json_t *zf_api_legal_param_json(const zf_legal_param_t *p) {
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "id", (json_int_t)p->id,
                     "key", p->key, "value", p->value, "unit", p->unit, "effective_from",
                     p->effective_from, "source", p->source, "confirmed", p->confirmed, "label",
                     p->label, "created_at", p->created_at);
}

/* Seed the catalogue and the legal parameters into an empty database, each
 * row with its log event (R22). Returns the number of items seeded (0 when
 * the catalogue already had items) or a negative code. Caller holds the
 * transaction. */
int zf_catalogue_seed(zf_db_t *db, zf_arena_t *a, zf_error_t *err) {
    int64_t have = zf_catalogue_count(db, err);
    if (have < 0) return (int)have;
    if (have > 0) return 0;
    zf_cat_version_t *items;
    size_t n;
    json_t *errors;
    int rc = zf_catalogue_csv_parse(a, zf_catalogue_seed_csv, zf_catalogue_seed_csv_len, 0, &items,
                                    &n, &errors, err);
    if (rc) {
        char *dump = json_dumps(errors, JSON_COMPACT);
        zf_error_set(err, rc, 500, "catalogue.seed_invalid", NULL, "内置目录有误：%s",
                     dump ? dump : "");
        free(dump);
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        zf_cat_version_t stored;
        rc = zf_catalogue_insert(db, a, &items[i], 1, 0, &stored, err);
        if (rc) return rc;
        json_t *after = zf_api_catalogue_version_json(&stored);
        zf_log_entry_t e = {.action = "catalogue.seed",
                            .object_type = "catalogue_item",
                            .object_id = stored.code,
                            .after = after};
        int64_t idx = zf_log_append(db, &e, err);
        json_decref(after);
        if (idx < 0) return (int)idx;
    }
    for (size_t k = 0; k < sizeof param_defaults / sizeof param_defaults[0]; k++) {
        zf_legal_param_t p = {.key = param_defaults[k].key,
                              .value = param_defaults[k].value,
                              .unit = param_defaults[k].unit,
                              .effective_from = param_defaults[k].from,
                              .source = param_defaults[k].source,
                              .confirmed = param_defaults[k].confirmed,
                              .label = param_defaults[k].label},
                         stored;
        rc = zf_legal_param_insert(db, a, &p, 0, &stored, err);
        if (rc) return rc;
        json_t *after = zf_api_legal_param_json(&stored);
        zf_log_entry_t e = {.action = "legal_param.seed",
                            .object_type = "legal_param",
                            .object_id = zf_arena_printf(a, "%lld", (long long)stored.id),
                            .after = after};
        int64_t idx = zf_log_append(db, &e, err);
        json_decref(after);
        if (idx < 0) return (int)idx;
    }
    return (int)n;
}
