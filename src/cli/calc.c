/* calc.c — `zhifa calc <calculator> …`: the legal calculators as JSON on
 * stdout, for lawyers, scripts and tests, without a server or a database.
 * One row per calculator in the table below; each returns the exit status. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/uscc.h"

static const char usage[] =
    "用法: zhifa calc <计算器> …\n"
    "  uscc CODE…     校验统一社会信用代码（GB 32100-2015），每个代码输出一行 JSON；\n"
    "                 有任一代码无效时退出码为 1\n"
    "  discretion     裁量计算：事实 JSON 从标准输入读入，结果 JSON 输出（--db 指定数据库）\n"
    "  deadline       法定期限：--rule 规则 --from 事件日 [--db URL]；--list 列出规则\n"
    "  surcharge      加处罚款：--fine 分 --due 末日 --paid 缴纳日 [--paused 起日:止日 …]\n"
    "  limitation     追诉时效：--violation 违法日 --filed 发现日 [--harmed]\n"
    "  closure        安全生产法第113条处罚次数：--as-of 日期 --penalty 处罚日 …\n"
    "  daily-penalty  安全生产法第112条按日连续处罚：--fine 分 --ordered 责令日 --until 截止日\n";

/* `zhifa calc uscc CODE…`: {"input","valid","normalized","position","reason","warnings"}
 * per code, one line each. */
static int calc_uscc(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(
            "用法: zhifa calc uscc CODE…\n"
            "校验统一社会信用代码：去空格、全角转半角、转大写后检查字符集、长度、登记管理部门码和\n"
            "第18位校验码；每个代码输出一行 JSON，任一无效时退出码为 1。\n",
            argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    int status = 0;
    for (int i = 1; i < argc; i++) {
        zf_uscc_result_t r;
        if (!zf_uscc_check(argv[i], &r)) status = 1;
        json_t *warnings = json_array();
        for (size_t k = 0; k < r.nwarnings; k++)
            json_array_append_new(warnings, json_string(r.warnings[k]));
        json_t *out = json_pack("{s:s, s:b, s:s, s:i, s:s, s:o}", "input", argv[i], "valid",
                                r.valid, "normalized", r.normalized, "position", r.position,
                                "reason", r.reason, "warnings", warnings);
        if (!out) { /* input that is not UTF-8: report it without echoing */
            out =
                json_pack("{s:s, s:b, s:s, s:i, s:s, s:[]}", "input", "", "valid", 0, "normalized",
                          "", "position", 0, "reason", "输入不是有效的 UTF-8 文本", "warnings");
            status = 1;
        }
        json_dumpf(out, stdout, JSON_COMPACT);
        fputc('\n', stdout);
        json_decref(out);
    }
    return status;
}

static const struct {
    const char *name;
    int (*fn)(int argc, char **argv);
} calculators[] = {
    {"uscc", calc_uscc},
    {"discretion", zf_cmd_calc_discretion}, /* calc_discretion.c (issue 3) */
    /* calc_deadline.c (issue 8) */
    {"deadline", zf_cmd_calc_deadline},
    {"surcharge", zf_cmd_calc_surcharge},
    {"limitation", zf_cmd_calc_limitation},
    {"closure", zf_cmd_calc_closure},
    {"daily-penalty", zf_cmd_calc_daily_penalty},
};

int zf_cmd_calc(int argc, char **argv) {
    if (argc >= 2) {
        for (size_t i = 0; i < sizeof calculators / sizeof calculators[0]; i++)
            if (strcmp(argv[1], calculators[i].name) == 0)
                return calculators[i].fn(argc - 1, argv + 1);
        if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        }
        fprintf(stderr, "zhifa calc: 未知计算器“%s”\n", argv[1]);
    }
    fputs(usage, stderr);
    return 2;
}
