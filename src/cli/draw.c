/* draw.c — `zhifa draw sample|verify`: Rivest's SHA-256 sampler as JSON,
 * and the re-run of a published draw record (docs/draw.md). Neither needs a
 * server or a database. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/draw_record.h"
#include "cli/cli.h"
#include "core/draw.h"

static const char usage[] =
    "用法: zhifa draw <子命令> …\n"
    "  sample --seed S --total N --count K [--no-repeats]\n"
    "                 Rivest SHA-256 抽样：第 i 次取 SHA-256(S + \",\" + i) mod N + 1，输出 "
    "JSON；\n"
    "                 --no-repeats 为不放回抽样（跳过重复值）\n"
    "  verify FILE    复核公示的双随机抽查记录（JSON）：承诺值、库哈希、种子、抽取结果；\n"
    "                 输出 {ok, checks:[…]}，全部一致时退出码 0，否则 1\n";

static int parse_u64(const char *s, uint64_t *out) {
    if (!s || !*s || *s == '-') return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end) return -1;
    *out = v;
    return 0;
}

static int draw_sample(int argc, char **argv) {
    const char *seed = NULL;
    uint64_t total = 0, count = 0;
    int no_repeats = 0, ok = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            seed = argv[++i];
        else if (strcmp(argv[i], "--total") == 0 && i + 1 < argc)
            ok &= parse_u64(argv[++i], &total) == 0;
        else if (strcmp(argv[i], "--count") == 0 && i + 1 < argc)
            ok &= parse_u64(argv[++i], &count) == 0;
        else if (strcmp(argv[i], "--no-repeats") == 0)
            no_repeats = 1;
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        } else
            ok = 0;
    }
    if (!ok || !seed || count > 10000000) {
        fputs(usage, stderr);
        return 2;
    }
    zf_draw_ctx_t *c = zf_draw_ctx_new();
    zf_arena_t *a = zf_arena_new();
    zf_error_t err = {0};
    uint64_t *picks = zf_arena_alloc(a, (count ? count : 1) * sizeof *picks), draws = 0;
    int rc = zf_draw_sample(c, a, seed, strlen(seed), total, (size_t)count, no_repeats, picks,
                            &draws, &err);
    int status = 0;
    if (rc == 0) {
        json_t *arr = json_array();
        for (uint64_t i = 0; i < count; i++)
            json_array_append_new(arr, json_integer((json_int_t)picks[i]));
        json_t *out = json_pack("{s:s, s:I, s:I, s:b, s:I, s:o}", "seed", seed, "total",
                                (json_int_t)total, "count", (json_int_t)count, "no_repeats",
                                no_repeats, "draws", (json_int_t)draws, "picks", arr);
        if (!out) { /* a seed that is not UTF-8 */
            fputs("zhifa draw sample: 种子不是有效的 UTF-8 文本\n", stderr);
            status = 2;
        } else {
            json_dumpf(out, stdout, JSON_COMPACT);
            fputc('\n', stdout);
            json_decref(out);
        }
    } else {
        fprintf(stderr, "zhifa draw sample: %s\n", err.message);
        status = 2;
    }
    zf_arena_free(a);
    zf_draw_ctx_free(c);
    return status;
}

static int draw_verify(int argc, char **argv) {
    if (argc != 2 || strcmp(argv[1], "--help") == 0) {
        fputs(usage, argc == 2 ? stdout : stderr);
        return argc == 2 ? 0 : 2;
    }
    json_error_t jerr;
    json_t *record = json_load_file(argv[1], JSON_REJECT_DUPLICATES, &jerr);
    json_t *report;
    int ok = 0;
    if (!record) {
        report = json_pack("{s:b, s:[{s:s, s:b, s:s}]}", "ok", 0, "checks", "name", "json", "ok", 0,
                           "detail", jerr.text);
    } else if (!json_is_object(record)) {
        report = json_pack("{s:b, s:[{s:s, s:b, s:s}]}", "ok", 0, "checks", "name", "json", "ok", 0,
                           "detail", "记录应为 JSON 对象");
    } else {
        ok = zf_draw_record_verify(record, &report);
    }
    json_dumpf(report, stdout, JSON_INDENT(1));
    fputc('\n', stdout);
    json_decref(report);
    json_decref(record);
    return ok ? 0 : 1;
}

int zf_cmd_draw(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "sample") == 0) return draw_sample(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "verify") == 0) return draw_verify(argc - 1, argv + 1);
    int help = argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
    fputs(usage, help ? stdout : stderr);
    return help ? 0 : 2;
}
