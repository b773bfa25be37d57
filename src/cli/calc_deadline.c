/* calc_deadline.c — `zhifa calc deadline | surcharge | limitation | closure
 * | daily-penalty`: the legal deadline engine (issue 8, R20) without a
 * server, for lawyers, scripts and tests. JSON on stdout.
 *
 * Without --db the calendar is the one embedded in the binary
 * (data/holidays.csv: 2025 and 2026) and the configuration is the default
 * of core/deadline.c; with --db URL the database's calendar and the legal
 * parameters in force on the --from day are used (the command only reads).
 * Exit 0 with the result; 1 with {"error":{code,message,field}} when the
 * computation fails (a year without a calendar: calendar.year_missing);
 * 2 for bad usage, with a Chinese message naming the flag. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "cli/cli.h"

static int usage_error(const char *cmd, const char *usage, const char *fmt, const char *arg) {
    fprintf(stderr, "zhifa calc %s: ", cmd);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    fputs(usage, stderr);
    return 2;
}

static void print_json(json_t *o) {
    json_dumpf(o, stdout, JSON_INDENT(2));
    fputc('\n', stdout);
    json_decref(o);
}

static int print_error(const char *cmd, const zf_error_t *err) {
    json_t *e = json_pack("{s:{s:s, s:s}}", "error", "code", err->code, "message", err->message);
    if (err->field[0])
        json_object_set_new(json_object_get(e, "error"), "field", json_string(err->field));
    print_json(e);
    fprintf(stderr, "zhifa calc %s: %s\n", cmd, err->message);
    return 1;
}

/* The value after flag argv[*i], or NULL (message printed by the caller). */
static const char *value_of(int argc, char **argv, int *i) {
    if (*i + 1 >= argc) return NULL;
    return argv[++*i];
}

static int is_help(const char *a) { return strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0; }

/* ---- deadline ---- */

static const char deadline_usage[] =
    "用法: zhifa calc deadline --rule 规则 --from YYYY-MM-DD [--db URL]\n"
    "      zhifa calc deadline --list\n"
    "按法定期限规则计算期限：--from 为引起期限的事件发生之日（不计入期限）。输出 JSON：期限末日、\n"
    "所数的工作日、跳过的休息日、计算说明和法律依据。不给 --db 时使用程序内置的 2025、2026 年\n"
    "工作日历和默认配置；给 --db 时使用数据库中的工作日历和该日施行的法定参数。\n"
    "期限落在没有工作日历的年份时报错 calendar.year_missing（退出码 1），不按周一至周五推算。\n";

static int cmd_deadline(int argc, char **argv) {
    const char *rule = NULL, *from = NULL, *db_url = NULL;
    int list = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (is_help(a)) {
            fputs(deadline_usage, stdout);
            return 0;
        } else if (strcmp(a, "--list") == 0) {
            list = 1;
        } else if (strcmp(a, "--rule") == 0 || strcmp(a, "--from") == 0 || strcmp(a, "--db") == 0) {
            const char *v = value_of(argc, argv, &i);
            if (!v) return usage_error("deadline", deadline_usage, "%s 需要一个值", a);
            if (a[2] == 'r')
                rule = v;
            else if (a[2] == 'f')
                from = v;
            else
                db_url = v;
        } else {
            return usage_error("deadline", deadline_usage, "不认识的参数“%s”", a);
        }
    }
    if (list) {
        json_t *items = json_array();
        for (size_t i = 0; i < zf_dl_rules_count(); i++)
            json_array_append_new(items, zf_api_dl_rule_json(zf_dl_rule_at(i)));
        print_json(json_pack("{s:o}", "rules", items));
        return 0;
    }
    if (!rule) return usage_error("deadline", deadline_usage, "缺少 --rule（%s）", "见 --list");
    if (!zf_dl_rule_find(rule))
        return usage_error("deadline", deadline_usage,
                           "--rule：未知的期限规则“%s”（zhifa calc deadline --list 列出全部规则）",
                           rule);
    zf_day_t fromd;
    if (!from)
        return usage_error("deadline", deadline_usage, "缺少 --from%s",
                           "（事件发生日 YYYY-MM-DD）");
    if (zf_day_parse(from, &fromd) != 0)
        return usage_error("deadline", deadline_usage, "--from：“%s”不是有效日期 YYYY-MM-DD", from);
    zf_arena_t *a = zf_arena_new();
    zf_error_t err = {0};
    zf_calendar_t cal;
    zf_dl_config_t cfg = ZF_DL_CONFIG_DEFAULT;
    int unconfirmed = 0, rc;
    const char *source = "embedded";
    zf_db_pool_t *pool = NULL;
    zf_db_t *db = NULL;
    if (db_url) {
        zf_config_t c = {.db_url = db_url};
        pool = zf_cli_open_db(&c, 1);
        if (!pool) {
            zf_arena_free(a);
            return 1;
        }
        db = zf_db_acquire(pool);
        source = "database";
        rc = zf_api_deadline_config(db, a, from, &cfg, &unconfirmed, &err);
        if (rc == 0) rc = zf_calendar_load(db, a, "", &cal, &err);
    } else {
        rc = zf_api_embedded_calendar(a, &cal, &err);
    }
    zf_dl_result_t r;
    if (rc == 0) rc = zf_dl_compute(&cal, &cfg, rule, fromd, &r, &err);
    int status = 0;
    if (rc == 0) {
        json_t *o = zf_api_dl_result_json(&r, &cfg, &cal, source);
        json_object_set_new(o, "unconfirmed_params", json_integer(unconfirmed));
        print_json(o);
    } else {
        status = print_error("deadline", &err);
    }
    if (db) zf_db_release(pool, db);
    if (pool) zf_db_pool_close(pool);
    zf_arena_free(a);
    return status;
}

/* ---- surcharge ---- */

static const char surcharge_usage[] =
    "用法: zhifa calc surcharge --fine 分 --due YYYY-MM-DD --paid YYYY-MM-DD\n"
    "                           [--paused 起日:止日 …]\n"
    "加处罚款（行政处罚法第72条、行政强制法第45条）：--due 为仍按期缴纳的最后一日（当日缴纳为 "
    "0），\n"
    "自次日起每日按罚款数额的3%加处，合计不超过罚款数额；--paused 为复议、诉讼期间（含起止日），\n"
    "不计算（第73条第3款），可给多次。取整：按计算天数合计一次算出 "
    "罚款×3×天数÷100，向下取整到分。\n";

static int parse_fen(const char *s, int64_t *out) {
    if (!s || !*s || strlen(s) > 16) return -1;
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        v = v * 10 + (*p - '0');
    }
    *out = v;
    return 0;
}

static int cmd_surcharge(int argc, char **argv) {
    const char *fine = NULL, *due = NULL, *paid = NULL;
    zf_arena_t *a = zf_arena_new();
    zf_span_t *spans = NULL;
    size_t ns = 0, cap = 0;
    int status = 0;
    for (int i = 1; i < argc && status == 0; i++) {
        const char *arg = argv[i];
        if (is_help(arg)) {
            fputs(surcharge_usage, stdout);
            zf_arena_free(a);
            return 0;
        }
        if (strcmp(arg, "--fine") && strcmp(arg, "--due") && strcmp(arg, "--paid") &&
            strcmp(arg, "--paused")) {
            status = usage_error("surcharge", surcharge_usage, "不认识的参数“%s”", arg);
            break;
        }
        const char *v = value_of(argc, argv, &i);
        if (!v) {
            status = usage_error("surcharge", surcharge_usage, "%s 需要一个值", arg);
            break;
        }
        if (strcmp(arg, "--fine") == 0)
            fine = v;
        else if (strcmp(arg, "--due") == 0)
            due = v;
        else if (strcmp(arg, "--paid") == 0)
            paid = v;
        else {
            zf_span_t *one;
            size_t n1;
            zf_error_t err = {0};
            if (zf_api_parse_spans(a, v, &one, &n1, &err) != 0 || n1 == 0) {
                status = usage_error("surcharge", surcharge_usage,
                                     "--paused：“%s”应为 起日:止日（YYYY-MM-DD:YYYY-MM-DD）", v);
                break;
            }
            for (size_t k = 0; k < n1; k++) {
                spans = zf_arena_reserve(a, spans, &cap, ns + 1, sizeof *spans);
                spans[ns++] = one[k];
            }
        }
    }
    int64_t fen = 0;
    zf_day_t dued = 0, paidd = 0;
    if (status == 0 && (!fine || parse_fen(fine, &fen) != 0 || fen <= 0))
        status = usage_error("surcharge", surcharge_usage,
                             "--fine：罚款数额应为正整数（单位：分），得到“%s”", fine ? fine : "");
    if (status == 0 && (!due || zf_day_parse(due, &dued) != 0))
        status = usage_error("surcharge", surcharge_usage,
                             "--due：缴纳期限末日应为 YYYY-MM-DD，得到“%s”", due ? due : "");
    if (status == 0 && (!paid || zf_day_parse(paid, &paidd) != 0))
        status = usage_error("surcharge", surcharge_usage,
                             "--paid：实际缴纳日应为 YYYY-MM-DD，得到“%s”", paid ? paid : "");
    if (status == 0) {
        zf_surcharge_t s;
        zf_error_t err = {0};
        if (zf_surcharge(fen, dued, paidd, spans, ns, &s, &err) != 0) {
            fprintf(stderr, "zhifa calc surcharge: --%s：%s\n", err.field, err.message);
            status = 2;
        } else {
            print_json(zf_api_surcharge_json(&s, dued, paidd, spans, ns));
        }
    }
    zf_arena_free(a);
    return status;
}

/* ---- limitation ---- */

static const char limitation_usage[] =
    "用法: zhifa calc limitation --violation YYYY-MM-DD --filed YYYY-MM-DD [--harmed]\n"
    "追诉时效（行政处罚法第36条）：--violation "
    "为违法行为发生之日，有连续或继续状态的为行为终了之日；\n"
    "--filed 为发现（立案）之日；--harmed 表示涉及公民生命健康安全且有危害后果（五年）。\n"
    "自违法行为日的次日起算，到二年（五年）后的对应日为止；该日发现仍在时效内，次日起超过时效。\n";

static int cmd_limitation(int argc, char **argv) {
    const char *violation = NULL, *filed = NULL;
    int harmed = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (is_help(arg)) {
            fputs(limitation_usage, stdout);
            return 0;
        } else if (strcmp(arg, "--harmed") == 0) {
            harmed = 1;
        } else if (strcmp(arg, "--violation") == 0 || strcmp(arg, "--filed") == 0) {
            const char *v = value_of(argc, argv, &i);
            if (!v) return usage_error("limitation", limitation_usage, "%s 需要一个值", arg);
            if (arg[2] == 'v')
                violation = v;
            else
                filed = v;
        } else {
            return usage_error("limitation", limitation_usage, "不认识的参数“%s”", arg);
        }
    }
    zf_day_t v, f;
    if (!violation || zf_day_parse(violation, &v) != 0)
        return usage_error("limitation", limitation_usage,
                           "--violation：违法行为日期应为 YYYY-MM-DD，得到“%s”",
                           violation ? violation : "");
    if (!filed || zf_day_parse(filed, &f) != 0)
        return usage_error("limitation", limitation_usage,
                           "--filed：发现（立案）日期应为 YYYY-MM-DD，得到“%s”",
                           filed ? filed : "");
    zf_limitation_t l;
    zf_error_t err = {0};
    if (zf_limitation_check(v, harmed, f, &l, &err) != 0)
        return usage_error("limitation", limitation_usage, "--filed：%s", err.message);
    char last[11];
    zf_day_format(l.last_day, last);
    print_json(json_pack("{s:s, s:s, s:b, s:i, s:s, s:b, s:s, s:s}", "violation", violation,
                         "filed", filed, "harmed", harmed, "years", l.years, "last_day", last,
                         "barred", l.barred, "reason", l.reason, "source", "行政处罚法 第36条"));
    return 0;
}

/* ---- 第113条 and 第112条 ---- */

static const char closure_usage[] =
    "用法: zhifa calc closure --as-of YYYY-MM-DD --penalty YYYY-MM-DD …\n"
    "安全生产法第113条第1项：存在重大事故隐患的单位180日内3次或1年内4次受到本法处罚的，应提请关闭。"
    "\n"
    "--penalty 为各次处罚决定日（可给多次），统计截至 --as-of 的两个窗口。\n";

static int cmd_closure(int argc, char **argv) {
    const char *as_of = NULL;
    zf_day_t pen[256];
    size_t n = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (is_help(arg)) {
            fputs(closure_usage, stdout);
            return 0;
        }
        if (strcmp(arg, "--as-of") && strcmp(arg, "--penalty"))
            return usage_error("closure", closure_usage, "不认识的参数“%s”", arg);
        const char *v = value_of(argc, argv, &i);
        if (!v) return usage_error("closure", closure_usage, "%s 需要一个值", arg);
        if (strcmp(arg, "--as-of") == 0)
            as_of = v;
        else if (n >= 256)
            return usage_error("closure", closure_usage, "--penalty 最多 %s 次", "256");
        else if (zf_day_parse(v, &pen[n++]) != 0)
            return usage_error("closure", closure_usage, "--penalty：“%s”不是有效日期", v);
    }
    zf_day_t at;
    if (!as_of || zf_day_parse(as_of, &at) != 0)
        return usage_error("closure", closure_usage, "--as-of：统计截止日应为 YYYY-MM-DD，得到“%s”",
                           as_of ? as_of : "");
    zf_closure_count_t c;
    zf_closure_count(pen, n, at, &c);
    char f180[11], f1y[11];
    zf_day_format(c.from180, f180);
    zf_day_format(c.from1y, f1y);
    print_json(
        json_pack("{s:s, s:{s:s, s:s, s:i, s:i}, s:{s:s, s:s, s:i, s:i}, s:b, s:s}", "as_of", as_of,
                  "window_180_days", "from", f180, "to", as_of, "count", c.count180, "threshold", 3,
                  "window_one_year", "from", f1y, "to", as_of, "count", c.count1y, "threshold", 4,
                  "triggered", c.triggered, "source",
                  "安全生产法 第113条第1项（存在重大事故隐患，180日内三次或者一年内四次受到本法"
                  "规定的行政处罚的，报请县级以上人民政府予以关闭）"));
    return 0;
}

static const char daily_usage[] =
    "用法: zhifa calc daily-penalty --fine 分 --ordered YYYY-MM-DD --until YYYY-MM-DD\n"
    "安全生产法第112条按日连续处罚：被责令改正且受到罚款处罚、拒不改正的，自作出责令改正之日的\n"
    "次日起，按原处罚数额按日连续处罚（无上限）；--until 为认定拒不改正的最后一日（含）。\n"
    "与加处罚款（3%/日，封顶）是两回事。\n";

static int cmd_daily(int argc, char **argv) {
    const char *fine = NULL, *ordered = NULL, *until = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (is_help(arg)) {
            fputs(daily_usage, stdout);
            return 0;
        }
        if (strcmp(arg, "--fine") && strcmp(arg, "--ordered") && strcmp(arg, "--until"))
            return usage_error("daily-penalty", daily_usage, "不认识的参数“%s”", arg);
        const char *v = value_of(argc, argv, &i);
        if (!v) return usage_error("daily-penalty", daily_usage, "%s 需要一个值", arg);
        if (arg[2] == 'f')
            fine = v;
        else if (arg[2] == 'o')
            ordered = v;
        else
            until = v;
    }
    int64_t fen;
    zf_day_t o, u;
    if (!fine || parse_fen(fine, &fen) != 0 || fen <= 0)
        return usage_error("daily-penalty", daily_usage,
                           "--fine：原罚款数额应为正整数（分），得到“%s”", fine ? fine : "");
    if (!ordered || zf_day_parse(ordered, &o) != 0)
        return usage_error("daily-penalty", daily_usage,
                           "--ordered：责令改正日应为 YYYY-MM-DD，得到“%s”",
                           ordered ? ordered : "");
    if (!until || zf_day_parse(until, &u) != 0)
        return usage_error("daily-penalty", daily_usage, "--until：截止日应为 YYYY-MM-DD，得到“%s”",
                           until ? until : "");
    int64_t days, total;
    zf_error_t err = {0};
    if (zf_daily_penalty(fen, o, u, &days, &total, &err) != 0)
        return usage_error("daily-penalty", daily_usage, "%s", err.message);
    char first[11];
    zf_day_format(o + 1, first);
    print_json(
        json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:s}", "fine_fen", (json_int_t)fen, "ordered",
                  ordered, "first_day", first, "until", until, "days", (json_int_t)days,
                  "total_fen", (json_int_t)total, "source",
                  "安全生产法 第112条（自作出责令改正之日的次日起，按照原处罚数额按日连续处罚；"
                  "法律未设上限）"));
    return 0;
}

int zf_cmd_calc_deadline(int argc, char **argv) { return cmd_deadline(argc, argv); }
int zf_cmd_calc_surcharge(int argc, char **argv) { return cmd_surcharge(argc, argv); }
int zf_cmd_calc_limitation(int argc, char **argv) { return cmd_limitation(argc, argv); }
int zf_cmd_calc_closure(int argc, char **argv) { return cmd_closure(argc, argv); }
int zf_cmd_calc_daily_penalty(int argc, char **argv) { return cmd_daily(argc, argv); }
